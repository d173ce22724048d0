"""Line arithmetic: where lines break, start and end, and which line break a file uses. The only copy in notes_cli.
Also `lazy_pattern`, the modules' regular expressions, each compiled the first time it is used.

Lines break as CommonMark (and markdown-it-py's normalize rule) splits them: `\\r\\n`, `\\r` or `\\n`.
`str.splitlines()` also splits on form feed, U+2028 and others, which would make line numbers drift.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, AnyStr, cast

LINE_BREAK = re.compile(r"\r\n|\r|\n")


LINE_BREAK_BYTES = re.compile(rb"\r\n|\r|\n")  # the same, in a note's bytes (the fast reader counts in bytes)


def line_starts(text: AnyStr) -> list[int]:
    """The offset where each line of `text` starts (the first is 0; a final line break starts an empty line): in
    characters for text, in bytes for bytes."""
    pattern = cast("re.Pattern[AnyStr]", LINE_BREAK if isinstance(text, str) else LINE_BREAK_BYTES)
    starts = [0]
    starts.extend(match.end() for match in pattern.finditer(text))
    return starts


def line_end(text: str, offset: int) -> int:
    """Where the line holding `offset` ends, before its line break."""
    match = LINE_BREAK.search(text, offset)
    return match.start() if match else len(text)


def line_ending(text: str) -> str:
    """The file's most common line break (\\n when it has none), so that added lines match it."""
    crlf = text.count("\r\n")
    cr = text.count("\r") - crlf
    lf = text.count("\n") - crlf
    return max((lf, "\n"), (crlf, "\r\n"), (cr, "\r"), key=lambda pair: pair[0])[1] if crlf or cr or lf else "\n"


def lazy_pattern(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """`re.compile(pattern, flags)`, compiled when one of its methods is first called: a command uses few of the
    modules' patterns, and compiling them all at import took milliseconds of every start (issue 14). It has the
    pattern's methods and `pattern`, nothing else: `re.sub(PATTERN, ...)` or `isinstance(PATTERN, re.Pattern)`
    need `re.compile`."""
    return cast("re.Pattern[AnyStr]", _LazyPattern(pattern, flags))


def _first_use(name: str) -> Callable[..., Any]:
    """A `_LazyPattern` method that compiles the pattern, then calls the compiled pattern's."""

    def call(self: _LazyPattern, *args: Any, **kwargs: Any) -> Any:
        return getattr(self._compile(), name)(*args, **kwargs)

    return call


class _LazyPattern:
    """A regular expression compiled the first time one of its methods is called. The compiled pattern's bound
    methods then sit in the instance's `__dict__`, where they are found before the class's, so that later calls
    cost what the compiled pattern's own do (no `__getattr__`, which would slow every call)."""

    METHODS = ("match", "fullmatch", "search", "finditer", "findall", "split", "sub", "subn")

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self.pattern = pattern
        self._flags = flags

    def _compile(self) -> re.Pattern[Any]:
        compiled = re.compile(self.pattern, self._flags)
        self.__dict__.update((name, getattr(compiled, name)) for name in self.METHODS)
        return compiled

    match = _first_use("match")
    fullmatch = _first_use("fullmatch")
    search = _first_use("search")
    finditer = _first_use("finditer")
    findall = _first_use("findall")
    split = _first_use("split")
    sub = _first_use("sub")
    subn = _first_use("subn")
