"""Each Markdown token `notes` reads or writes, defined once: task boxes and Obsidian's status boxes, list
markers, ATX headings, fences, the `<br>` tag, and Obsidian Tasks' markers (` ✅ 2024-05-01` done, ` 📅` due,
` ❌` cancelled, ` 🔁 every week`).

The reader (parse and its two block producers), the writers (edit, template) and the linter (check) import
them from here, so that a token one of them sees is the token the others see. Patterns that apply to bytes
(the fast scanner reads UTF-8) are built from the same pieces as those that apply to text.
"""

from __future__ import annotations

import datetime as dt
import re

from .model import CANCELLED, IN_PROGRESS
from .text import lazy_pattern

# ---- pieces the patterns below are built from --------------------------------------------------------------

GFM_SPACE = r"[ \t\n\v\f\r]"  # whitespace to GFM (and mdit-py-plugins' tasklists rule) after a box
BULLET = r"[-*+]"
ORDERED = r"\d{1,9}[.)]"  # an ordered list's number and delimiter
LIST_MARKER_PATTERN = f"(?:{BULLET}|{ORDERED})"
HEADING_OPEN = r"#{1,6}(?:[ \t]|$)"  # an ATX heading's `#`s, then a space or the end of the line
FENCE_OPEN = r"(?:```(?!.*`)|~~~)"  # a code fence's opening (a backtick fence's info string has no backtick)

# ---- boxes -----------------------------------------------------------------------------------------------

# mdit-py-plugins tasklists: the item's first paragraph starts with a box and GFM whitespace.
TASK_START = lazy_pattern(rf"\[[ xX]]{GFM_SPACE}+")
# Obsidian's cancelled `[-]` and in-progress `[/]` boxes, read where a task's box could be (see STATUSES).
STATUS_START = lazy_pattern(rf"\[[-/]]{GFM_SPACE}+")
TASK_BOX = lazy_pattern(rf"^\[[ xX/-]]{GFM_SPACE}+")  # either, and the whitespace after it
BOX = lazy_pattern(r"\[[ xX/-]\]")
BOX_AHEAD = lazy_pattern(rf"\[[ xX/-]\](?:{GFM_SPACE}|$)")  # a box that may start a task
STATUSES = {"-": CANCELLED, "/": IN_PROGRESS}  # the status a box's mark gives
BOX_MARKS = "xX /-"  # what may be between a box's brackets
DONE_MARKS = "xX"
DONE_MARK = "x"  # what `done` writes
OPEN_MARK = " "  # what `undo` writes
ITEM_LEAD = re.compile(r"[ \t>]*")  # what comes before a list item's marker: its indentation, quotes too
BOXES = tuple(f"[{mark}]" for mark in BOX_MARKS)  # every box as written, for quick tests on raw text
DONE_BOXES = tuple(f"[{mark}]".encode() for mark in DONE_MARKS)  # a ticked box, in a file's bytes

# ---- list markers and headings ---------------------------------------------------------------------------

# The text before an item's box: block quote markers, indentation, the item's list marker and spaces.
LIST_MARKER = lazy_pattern(rf"^(?:[ \t]*>)*[ \t]*(?P<marker>{LIST_MARKER_PATTERN})[ \t]+$")
ORDERED_MARKER = lazy_pattern(r"^(?P<lead>.*?)(?P<number>\d{1,9})(?P<delimiter>[.)])(?P<space>[ \t]+)$")
ATX_HEADING = lazy_pattern(f" {{0,3}}{HEADING_OPEN}")  # with `match`: a line that is an ATX heading
LINE_BREAK_TAG = lazy_pattern(r"<br\s*/?>", re.IGNORECASE)  # read as a space in an item's text
DEFAULT_BULLET = "- "  # the list marker `notes` writes where a note has none to copy


def heading_line(level: int, text: str) -> str:
    """An ATX heading as `notes` writes it."""
    return "#" * level + " " + text


def task_line(prefix: str, item: str) -> str:
    """An open task as `notes` writes it, after `prefix` (indentation, block quote markers, list marker)."""
    return f"{prefix}[{OPEN_MARK}] {item}"


# A line that looks like a task but is not one: a list marker, then something box-like (`[]`, `[ x ]`, `[✓]`).
NEAR_MISS = lazy_pattern(
    rf"^(?P<bullet>{LIST_MARKER_PATTERN})(?P<gap>[ \t]*)\[(?P<inner>[^\]\n]{{0,5}})\](?P<after>.?)(?P<rest>.*)$"
)
CHECK_MARKS = {"x", "X", "✅", "✓", "✔", "☑", "✗"}  # what people write in a box they mean as done

# ---- Obsidian Tasks' markers on an item's line --------------------------------------------------------------
# Any whitespace counts around a mark (a no-break space too, as some editors write it), and a mark may carry
# the emoji presentation selector (U+FE0F).

DONE = "\u2705"
DUE = "\U0001f4c5"
CANCELLED_MARK = "\u274c"
RECURRING = "\U0001f501"
MARKS = (DONE, DUE, CANCELLED_MARK, RECURRING)

# The whitespace before a mark, matched from its first character only: tried at every character of a long run
# of spaces, it would take time quadratic in the run's length.
SPACE = "(?<!\\s)\\s*+"


def _dated(mark: str) -> re.Pattern[str]:
    """A mark and its date, with the whitespace before it (the date's digits as `int()` reads them)."""
    return lazy_pattern(f"{SPACE}(?P<mark>{mark}\ufe0f?)\\s*(?P<year>\\d{{4}})-(?P<month>\\d{{2}})-(?P<day>\\d{{2}})")


DONE_ON = _dated(DONE)
DUE_ON = _dated(DUE)
CANCELLED_ON = _dated(CANCELLED_MARK)
# A recurrence rule runs to the next Obsidian Tasks marker (dates, priorities) or the end of the item.
RECURRENCE = lazy_pattern(
    f"{SPACE}\U0001f501\ufe0f?\\s*([^\U0001f4c5\u2705\u274c\u23f3\U0001f6eb\u2795\u23eb\u23ec\U0001f53a\U0001f53c\U0001f53d]*)"
)


def done_marker(day: dt.date) -> str:
    """The done marker `notes done --date` writes at the end of an item's line."""
    return f" {DONE} {day.isoformat()}"


def removal(match: re.Match[str]) -> tuple[int, int]:
    """The span to delete to take a marker off its line: the mark, its date, and the one whitespace
    character before the mark (the one `done_marker` writes); any other whitespace before it stays."""
    return max(match.start(), match.start("mark") - 1), match.end()
