"""Obsidian Tasks' markers on an item's line: ` ✅ 2024-05-01` done, ` 📅` due, ` ❌` cancelled, ` 🔁 every week`.

One definition, shared by the reader (parse), the writer (edit) and the linter (check): a marker one of them
sees is the marker the others see. Any whitespace counts around a mark (a no-break space too, as some editors
write it), and a mark may carry the emoji presentation selector (U+FE0F).
"""

from __future__ import annotations

import datetime as dt
import re

DONE = "\u2705"
DUE = "\U0001f4c5"
CANCELLED = "\u274c"
RECURRING = "\U0001f501"
MARKS = (DONE, DUE, CANCELLED, RECURRING)


# The whitespace before a mark, matched from its first character only: tried at every character of a long run
# of spaces, it would take time quadratic in the run's length.
SPACE = "(?<!\\s)\\s*+"


def _dated(mark: str) -> re.Pattern[str]:
    """A mark and its date, with the whitespace before it (the date's digits as `int()` reads them)."""
    return re.compile(f"{SPACE}(?P<mark>{mark}\ufe0f?)\\s*(?P<year>\\d{{4}})-(?P<month>\\d{{2}})-(?P<day>\\d{{2}})")


DONE_ON = _dated(DONE)
DUE_ON = _dated(DUE)
CANCELLED_ON = _dated(CANCELLED)
# A recurrence rule runs to the next Obsidian Tasks marker (dates, priorities) or the end of the item.
RECURRENCE = re.compile(
    f"{SPACE}\U0001f501\ufe0f?\\s*([^\U0001f4c5\u2705\u274c\u23f3\U0001f6eb\u2795\u23eb\u23ec\U0001f53a\U0001f53c\U0001f53d]*)"
)


def done_marker(day: dt.date) -> str:
    """The done marker `notes done --date` writes at the end of an item's line."""
    return f" {DONE} {day.isoformat()}"


def removal(match: re.Match[str]) -> tuple[int, int]:
    """The span to delete to take a marker off its line: the mark, its date, and the one whitespace
    character before the mark (the one `done_marker` writes); any other whitespace before it stays."""
    return max(match.start(), match.start("mark") - 1), match.end()
