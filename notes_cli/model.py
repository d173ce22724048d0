"""The data `notes` works with: tasks, notes and their completion counts. No I/O here."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import NamedTuple

FOLLOWABLE_SCHEMES = ("http://", "https://", "mailto:")
OVERDUE_AFTER = dt.timedelta(days=7)  # a week note is overdue when still open a week after its date
# What templates leave for the student to fill in (the seed note's `Title of Reading 3`, `link-to-reading-3`).
PLACEHOLDER_TEXT = re.compile(
    r"\btitle of (?:the )?(?:reading|exercise|paper|article|video|book|talk|chapter)\b"
    r"|\bdescription of (?:the )?(?:exercise|reading|task)\b"
    r"|^(?:todo|tbd|tba|fixme|xxx|\.\.\.|…)$",
    re.IGNORECASE,
)
PLACEHOLDER_URL = re.compile(
    r"^(?:link[-_ ]?to\b.*|url|link|https?://(?:www\.)?example\.(?:com|org|net)/?)$", re.IGNORECASE
)


def followable(url: str | None) -> bool:
    """A link `notes` may make clickable or hand to a browser: web or mail, printable, without spaces (so a
    `file:` or `javascript:` link, or one hiding control or bidi characters, never is)."""
    return bool(url) and url.lower().startswith(FOLLOWABLE_SCHEMES) and url.isprintable() and " " not in url


class Section(StrEnum):
    """Which part of a week a task belongs to, decided by the headings above it."""

    READINGS = "readings"
    EXERCISES = "exercises"
    OTHER = "other"


@dataclass(frozen=True)
class Count:
    """How many of some tasks are done."""

    done: int = 0
    total: int = 0

    def __add__(self, other: Count) -> Count:
        return Count(self.done + other.done, self.total + other.total)

    @property
    def ratio(self) -> float | None:
        """Share done, from 0.0 to 1.0; None when there is nothing to do."""
        return self.done / self.total if self.total else None

    @property
    def complete(self) -> bool:
        return self.done == self.total


@dataclass(frozen=True)
class Tally:
    """Done/total counts for each section."""

    readings: Count = Count()
    exercises: Count = Count()
    other: Count = Count()

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.readings + other.readings,
            self.exercises + other.exercises,
            self.other + other.other,
        )

    def section(self, section: Section) -> Count:
        return getattr(self, section.value)

    @property
    def all(self) -> Count:
        """Every task, whatever its section."""
        return self.readings + self.exercises + self.other

    @classmethod
    def of(cls, tasks: tuple[Task, ...] | list[Task]) -> Tally:
        done = {Section.READINGS: 0, Section.EXERCISES: 0, Section.OTHER: 0}
        total = dict(done)
        for task in tasks:
            total[task.section] += 1
            done[task.section] += task.done
        return cls(*(Count(done[s], total[s]) for s in (Section.READINGS, Section.EXERCISES, Section.OTHER)))

    @classmethod
    def total(cls, tallies: list[Tally]) -> Tally:
        return sum(tallies, cls())


class Task(NamedTuple):
    """One GFM task list item of a note. (A named tuple, immutable like the dataclasses here: notes hold
    tens of thousands of tasks, and a tuple is built five times faster.)"""

    number: int  # 1-based, in file order: what `show`, `done` and `undo` use
    section: Section
    heading: str | None  # text of the nearest heading above the item
    text: str  # the item's text after the box, inline Markdown made readable
    url: str | None  # target of the item's first link
    done: bool
    line: int  # 1-based line in the file
    offset: int  # index in the decoded file text of the character inside the box
    end_line: int  # 1-based last line of the item, nested items and continuation lines included
    done_on: dt.date | None = None  # an Obsidian Tasks ` ✅ YYYY-MM-DD` marker
    due: dt.date | None = None  # an Obsidian Tasks ` 📅 YYYY-MM-DD` marker

    def overdue(self, today: dt.date) -> bool:
        """Open after the day it was due (` 📅 DATE`)."""
        return not self.done and self.due is not None and today > self.due

    @property
    def placeholder(self) -> bool:
        """A slot left from a template (`Title of Reading 3`, `link-to-reading-3`, `[]()`), or no text at all:
        it still counts, but it is to be filled in before it can be done."""
        if not self.text or PLACEHOLDER_TEXT.search(self.text):
            return True
        return self.url is not None and (not self.url or PLACEHOLDER_URL.match(self.url) is not None)


class Heading(NamedTuple):
    """A heading of a note (ATX or setext). A named tuple, like Task."""

    level: int  # 1 to 6
    text: str  # inline Markdown made readable
    line: int  # 1-based line in the file
    end_line: int  # 1-based last line (a setext heading's underline)
    section: Section  # what its words make the tasks under it (OTHER when it names no section)


@dataclass(frozen=True)
class Problem:
    """Something wrong with a file that the user should fix; never fatal for the vault."""

    path: str  # as shown to the user: relative to the vault where possible
    line: int | None
    message: str
    code: str  # stable, as `notes check` reports it: N001 front matter, N002 a front-matter value, N003 the file


@dataclass(frozen=True)
class Note:
    """A parsed Markdown file; a week note when it has a week number or a readings or exercises section."""

    path: str  # relative to the vault, with / separators (absolute when outside it)
    title: str
    course: str | None
    week: int | None
    date: dt.date | None
    tasks: tuple[Task, ...]
    headings: tuple[Heading, ...]
    problems: tuple[Problem, ...] = field(default=())
    digest: bytes = b""  # fingerprint of the bytes this note was parsed from (set by the vault)

    @property
    def is_week(self) -> bool:
        return self.week is not None or any(h.section is not Section.OTHER for h in self.headings)

    @functools.cached_property
    def tally(self) -> Tally:
        return Tally.of(self.tasks)

    def overdue(self, today: dt.date) -> bool:
        """Dated, and still open a week after its date; or, for a week without a date of its own, with an
        open item past its due date."""
        if self.date is None:
            return any(t.overdue(today) for t in self.tasks)
        return not self.tally.all.complete and today > self.date + OVERDUE_AFTER

    def sort_key(self) -> tuple:
        """Order within a course: week number, then date, then path; unknowns last."""
        return (
            self.week is None,
            self.week if self.week is not None else 0,
            self.date is None,
            self.date or dt.date.min,
            self.path,
        )


@dataclass(frozen=True)
class Course:
    """The week notes of one course, in order."""

    name: str | None
    weeks: tuple[Note, ...]

    @functools.cached_property
    def tally(self) -> Tally:
        return Tally.total([w.tally for w in self.weeks])


def group_courses(notes: list[Note]) -> list[Course]:
    """Group week notes by course (case-insensitively, named as first seen), courses by name, unnamed last."""
    groups: dict[str | None, list[Note]] = {}
    names: dict[str | None, str | None] = {}
    for note in notes:
        key = note.course.casefold() if note.course is not None else None
        groups.setdefault(key, []).append(note)
        names.setdefault(key, note.course)
    ordered = sorted(groups, key=lambda k: (k is None, k or ""))
    return [Course(names[k], tuple(sorted(groups[k], key=Note.sort_key))) for k in ordered]


@dataclass(frozen=True)
class Change:
    """What `done` or `undo` did to one task."""

    task: Task  # the task as it is after the edit
    changed: bool  # False when it was already in the asked-for state
