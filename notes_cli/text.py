"""Line arithmetic: where lines break, start and end, and which line break a file uses. The only copy in notes_cli.
Also `lazy_pattern`, the module-level regular expressions that are compiled when first used.

Lines break as CommonMark (and markdown-it-py's normalize rule) splits them: `\\r\\n`, `\\r` or `\\n`.
`str.splitlines()` also splits on form feed, U+2028 and others, which would make line numbers drift.
"""

from __future__ import annotations

import re
from typing import Any, AnyStr, cast

LINE_BREAK = re.compile(r"\r\n|\r|\n")


def line_starts(text: str) -> list[int]:
    """The offset where each line of `text` starts (the first is 0; a final line break starts an empty line)."""
    starts = [0]
    starts.extend(match.end() for match in LINE_BREAK.finditer(text))
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


class _LazyPattern:
    """A regular expression compiled the first time one of its methods or attributes is used, which it then
    keeps (as the compiled pattern's own bound methods, so later calls cost what the pattern's do)."""

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        compiled = self.__dict__.get("_compiled")
        if compiled is None:
            compiled = self.__dict__["_compiled"] = re.compile(self.pattern, self._flags)
        value = getattr(compiled, name)
        self.__dict__[name] = value
        return value


def lazy_pattern(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    """`re.compile(pattern, flags)`, compiled on first use: a command uses few of the modules' patterns, and
    compiling them all at import took milliseconds of every start (issue 14). Use it only for a pattern whose
    methods and attributes are called (`re.sub(PATTERN, ...)` and `isinstance(PATTERN, re.Pattern)` need
    `re.compile`)."""
    return cast("re.Pattern[AnyStr]", _LazyPattern(pattern, flags))
