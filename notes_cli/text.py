"""Line arithmetic: where lines break, start and end, and which line break a file uses. The only copy in notes_cli.

Lines break as CommonMark (and markdown-it-py's normalize rule) splits them: `\\r\\n`, `\\r` or `\\n`.
`str.splitlines()` also splits on form feed, U+2028 and others, which would make line numbers drift.
"""

from __future__ import annotations

import re

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
