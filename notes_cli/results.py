"""What the commands' library calls return, as types that `render` prints for people and `report` as JSON.

`Code` is each finding code with its level and what it finds, in one place: the reader (front matter, values),
the vault (unreadable files) and the linter give these codes; `check` prints them, `check --codes` lists them,
and the README documents each. Knows nothing of notes: a result that holds weeks is generic in their type.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import PurePath
from typing import Any, Generic, NamedTuple, TypeVar

Week = TypeVar("Week")


class Level(StrEnum):
    """How bad a finding is: only errors make `check` fail (and warnings with --strict)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


# Each finding code, its level and what it finds, one line each (as `check --codes` lists them).
FINDINGS = """\
N001 error   front matter that is not valid YAML, TOML or JSON
N002 warning a front-matter value that cannot be used (a date that is not a day, a title that is a list)
N003 error   a file that cannot be read (not UTF-8, binary, unreadable, too large)
N101 warning a placeholder item left from a template, or a task with no text
N102 warning an empty bullet
N103 warning a near-miss checkbox that is not a task (`- []`, `- [ x]`, `-[ ]`, `* [ ✅ ]`, `1.[x]`)
N104 warning an open item that carries a done date (` ✅ DATE`)
N105 info    a readings or exercises section written as prose, without checkboxes: nothing there is counted
N201 warning a link target that is neither a URL nor an existing file
N202 warning a malformed link with a URL inside its target
N301 warning the same reading (same URL) in two weeks of a course
N302 error   two notes that look like copies of the same week of a course
N303 warning a gap in the week numbers of a course
N304 warning a week note without a date
"""
ROWS = {
    code: (Level(level), meaning) for code, level, meaning in (row.split(maxsplit=2) for row in FINDINGS.splitlines())
}


class Code(StrEnum):
    """A finding's stable code (`N001`), which is also its value, with its level and what it finds (`FINDINGS`)."""

    level: Level
    meaning: str

    def __new__(cls, code: str) -> Code:
        member = str.__new__(cls, code)
        member._value_ = code
        member.level, member.meaning = ROWS[code]
        return member

    FRONT_MATTER = "N001"
    VALUE = "N002"
    UNREADABLE = "N003"
    PLACEHOLDER = "N101"
    EMPTY_BULLET = "N102"
    NEAR_MISS = "N103"
    OPEN_WITH_DONE_DATE = "N104"
    PROSE_SECTION = "N105"
    LINK_TARGET = "N201"
    MALFORMED_LINK = "N202"
    SAME_READING = "N301"
    COPIES = "N302"
    WEEK_GAP = "N303"
    NO_DATE = "N304"


CODES = {code.value: code for code in Code}  # by the code as written ("N001"), for text that holds one


class Finding(NamedTuple):
    """One mistake `notes check` found."""

    path: str
    line: int | None
    code: Code
    message: str
    fix: str | None = None  # the corrected line, where there is one

    @property
    def level(self) -> Level:
        return self.code.level


class Checked(NamedTuple):
    """What `check_vault` found, and in how many notes it looked."""

    findings: list[Finding]  # in path and line order
    checked: int


class IsoWeek(NamedTuple):
    """One bar of the stats chart."""

    label: str  # 2024-W09
    start: dt.date  # its Monday
    completed: int


class Stats(NamedTuple, Generic[Week]):
    """Progress over time as of `today` (see `stats.compute`)."""

    today: dt.date
    weeks: tuple[IsoWeek, ...]  # the last N ISO weeks, oldest first, this week last
    streak: int  # consecutive ISO weeks with a completion, up to this week (or last week)
    pace: float  # items completed per week over the last four weeks
    done: int
    done_without_date: int
    remaining: int
    placeholders: int  # of the remaining items, those that are placeholders still to be filled in
    finish: dt.date | None  # at this pace; None when nothing remains, no recent activity, or after 9999-12-31
    overdue: tuple[Week, ...]  # the week notes still open a week after their date


class NewNote(NamedTuple):
    """A note to create: where (relative to the vault), what, and the title it is to show."""

    path: PurePath
    text: str
    title: str


class Setting(NamedTuple):
    """One effective setting and where it came from."""

    value: Any
    source: str  # "default", "command line --dir", "environment NOTES_DIR", or a file's path


# ---- What each command prints ----------------------------------------------------------------------
# Generic in the types of the notes (`Week`), courses, items and changes they hold, which are the model's.

Course = TypeVar("Course")
Item = TypeVar("Item")
Change = TypeVar("Change")
Entry = TypeVar("Entry")


class NoWeeks(NamedTuple):
    """A vault without week notes, said for people: where the notes were looked for."""

    folder: str  # absolute
    source: str  # where the folder came from, in words


class Listed(NamedTuple, Generic[Course]):
    """`notes weeks`: the weeks of each course."""

    courses: tuple[Course, ...]
    titles: dict[str, str]  # what tells each week of a course apart, by week key (see `parse.distinct_titles`)
    today: dt.date | None  # for what is overdue, which only the JSON says (None for people)


class Shown(NamedTuple, Generic[Week]):
    """`notes show`: one week and its items."""

    week: Week
    today: dt.date  # for what is overdue
    why: dict[int, str]  # by item number, what decided its section (`--explain`); empty otherwise


class Marked(NamedTuple, Generic[Week, Change]):
    """`notes done` and `notes undo`: the week as written now and what became of each item asked for."""

    week: Week
    changes: tuple[Change, ...]
    done: bool  # marked done (else not done)
    today: dt.date | None  # for what is overdue, which only the JSON says (None for people)


class Added(NamedTuple, Generic[Week, Item]):
    """`notes add`: the week as written now and its new item."""

    week: Week
    item: Item
    today: dt.date | None  # for what is overdue, which only the JSON says (None for people)


class Progress(NamedTuple, Generic[Course]):
    """`notes progress`: the weeks of each course and their totals."""

    courses: tuple[Course, ...]
    titles: dict[str, str]  # what tells each week of a course apart, by week key (see `parse.distinct_titles`)
    today: dt.date  # for what is overdue


class Logged(NamedTuple, Generic[Entry]):
    """`notes log`: what was done when, newest first."""

    entries: tuple[Entry, ...]


class Picked(NamedTuple, Generic[Week, Item]):
    """`notes next`: the items to do next, each with its week; the first is what to do now."""

    items: tuple[tuple[Week, Item], ...]
    today: dt.date | None  # for what is overdue, which only people output says (None for JSON)
    exercises_only: bool  # `--exercises`: what "everything is done" is said of


class Created(NamedTuple):
    """`notes new`: the note created, or that would be (`--dry-run`)."""

    note: NewNote
    shown: str  # its path as the user reads it
    dry_run: bool  # nothing was written


class Link(NamedTuple):
    """`notes open`: an item's link, opened in the browser or (`--print`) to be printed."""

    url: str
    opened: bool  # else printed


class Codes(NamedTuple):
    """`notes check --codes`: every finding code."""

    codes: tuple[Code, ...]
