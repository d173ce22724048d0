"""The data `notes` works with: tasks, notes and their completion counts. No I/O here."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple

from .results import Code
from .text import lazy_pattern

OVERDUE_AFTER = dt.timedelta(days=7)  # a week note is overdue when still open a week after its date
MAX_WEEK = 999_999  # a larger number is no week number (and a digit string past 4,300 digits is no int)
# What templates leave for the student to fill in (the seed note's `Title of Reading 3`, `link-to-reading-3`).
PLACEHOLDER_TEXT = lazy_pattern(
    r"\btitle of (?:the )?(?:reading|exercise|paper|article|video|book|talk|chapter)\b"
    r"|\bdescription of (?:the )?(?:exercise|reading|task)\b"
    r"|^(?:todo|tbd|tba|fixme|xxx|\.\.\.|…)$",
    re.IGNORECASE,
)
PLACEHOLDER_URL = lazy_pattern(
    r"^(?:link[-_ ]?to\b.*|url|link|https?://(?:www\.)?example\.(?:com|org|net)/?)$", re.IGNORECASE
)


def week_number(digits: str) -> int | None:
    """A run of decimal digits (any script's, as regular expressions' \\d) as a week number; None past
    MAX_WEEK, decided before converting (a digit string of thousands of digits is more than Python turns
    into an int)."""
    significant = digits.lstrip("0")
    if not digits.isdecimal() or len(significant) > len(str(MAX_WEEK)):
        return None
    number = int(significant or "0")  # leading zeros count towards the limit too
    return number if number <= MAX_WEEK else None


CANCELLED = "cancelled"  # Obsidian's `- [-]`
IN_PROGRESS = "in progress"  # Obsidian's `- [/]`


class DoneSource(StrEnum):
    """Where an item's done date comes from."""

    MARKER = "marker"  # its own ` ✅ YYYY-MM-DD`
    GIT = "git"  # the commit that made it done
    MODIFIED = "modified"  # done in the working tree only: its file's modification day


class Section(StrEnum):
    """Which part of a week a task belongs to, decided by the headings above it; its value is its key in JSON
    and CSV, its `label` heads its column and list ("Readings"), its `noun` names one of its items ("reading")."""

    label: str
    noun: str

    def __new__(cls, value: str, label: str, noun: str) -> Section:
        member = str.__new__(cls, value)
        member._value_, member.label, member.noun = value, label, noun
        return member

    READINGS = "readings", "Readings", "reading"
    EXERCISES = "exercises", "Exercises", "exercise"
    OTHER = "other", "Other", "item"


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
        return getattr(self, section)  # a Section is the str of its field's name (and .value costs a call)

    @property
    def all(self) -> Count:
        """Every task, whatever its section."""
        return self.readings + self.exercises + self.other

    @classmethod
    def of(cls, tasks: tuple[Task, ...] | list[Task]) -> Tally:
        done = {Section.READINGS: 0, Section.EXERCISES: 0, Section.OTHER: 0}
        total = dict(done)
        for task in tasks:
            if task.status == CANCELLED:  # Obsidian's `[-]`: no longer work to do
                continue
            total[task.section] += 1
            done[task.section] += task.done
        return cls(*(Count(done[s], total[s]) for s in (Section.READINGS, Section.EXERCISES, Section.OTHER)))

    @classmethod
    def total(cls, tallies: list[Tally]) -> Tally:
        """The sum of the tallies, section by section (summed as numbers: a course of thousands of weeks
        spent a tenth of a warm `progress` adding Tally and Count objects)."""
        counts = [[t.readings for t in tallies], [t.exercises for t in tallies], [t.other for t in tallies]]
        return cls(*(Count(sum(c.done for c in section), sum(c.total for c in section)) for section in counts))


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
    section_from: str | None = None  # what decided the section: "heading", "item" (a word) or "link"; None: nothing
    status: str | None = None  # CANCELLED or IN_PROGRESS (Obsidian's `[-]` and `[/]`); None for `[ ]` and `[x]`
    cancelled_on: dt.date | None = None  # an Obsidian Tasks ` ❌ YYYY-MM-DD` marker
    recurrence: str | None = None  # an Obsidian Tasks ` 🔁 every week` marker's rule
    done_source: DoneSource | None = None  # where done_on comes from

    def overdue(self, today: dt.date) -> bool:
        """Open after the day it was due (` 📅 DATE`); a cancelled item (`[-]`) is no work left, so never."""
        return not self.done and self.status != CANCELLED and self.due is not None and today > self.due

    def same_item(self, other: Task) -> bool:
        """Whether `other` says what this task says in its note: the same line, section, text and link, the same
        state, and the same Obsidian Tasks markers (done, due and cancelled dates, recurrence). A done date that
        is not written in the note (from git history or the file's modification day) is no part of it."""
        return self._as_written() == other._as_written()

    def as_written(self) -> Task:
        """The task as its note says it: without a done date from git history or the file's modification day."""
        if self.done_source in (DoneSource.GIT, DoneSource.MODIFIED):
            return self._replace(done_on=None, done_source=None)
        return self

    def _as_written(self) -> tuple[object, ...]:
        written = self.done_source not in (DoneSource.GIT, DoneSource.MODIFIED)
        return (
            self.line,
            self.section,
            self.text,
            self.url,
            self.done,
            self.status,
            self.done_on if written else None,
            self.due,
            self.cancelled_on,
            self.recurrence,
        )

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


class WeekSection(NamedTuple):
    """A part of a note that is a week of its own: a heading with a week number, down to the next heading of
    its level or higher."""

    week: int
    unit: str  # "week", "lesson", "unit", ... (see vocabulary.WEEK_WORDS)
    title: str  # the heading's text
    line: int  # 1-based line of the heading
    end_line: int  # 1-based last line of the section


@dataclass(frozen=True)
class Problem:
    """Something wrong with a file that the user should fix; never fatal for the vault."""

    path: str  # as shown to the user: relative to the vault where possible
    line: int | None
    message: str
    code: Code  # as `notes check` reports it: N001 front matter, N002 a front-matter value, N003 the file


UNPACK = "unpack"  # where a note made by `unpacked_later` keeps what makes its tasks and headings
LATER = ("tasks", "headings")  # the fields it makes when first read


class _Later:
    """`Note.tasks` and `Note.headings` of a note made by `unpacked_later`: made the first time they are
    read, then kept like any other note's (a non-data descriptor, which the instance's own value hides). A
    warm `progress` or `weeks` prints counts the cache keeps: building every task and heading of 38,000 weeks
    took a third of its time and most of its memory."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, note: Note | None, owner: type | None = None) -> tuple[Any, ...]:
        if note is None:  # on the class: the field has no default (see dataclasses' descriptor-typed fields)
            raise AttributeError(self.name)
        values = note.__dict__
        made = values[self.name] = values[UNPACK](self.name)
        if all(name in values for name in LATER):  # both made: what makes them is no longer needed
            del values[UNPACK]
        return made


@dataclass(frozen=True)
class Note:
    """A parsed Markdown file; a week note when it has a week number or a readings or exercises section."""

    path: str  # relative to the vault, with / separators (absolute when outside it)
    title: str
    course: str | None
    week: int | None
    date: dt.date | None
    if TYPE_CHECKING:  # fields that must be given, as type checkers see them
        tasks: tuple[Task, ...]
        headings: tuple[Heading, ...]
    else:  # which may also be made when first read (see _Later)
        tasks: tuple[Task, ...] = _Later()
        headings: tuple[Heading, ...] = _Later()
    problems: tuple[Problem, ...] = field(default=())
    digest: bytes = b""  # fingerprint of the bytes this note was parsed from (set by the vault)
    unit: str | None = None  # what its week number counts: "week", "lesson", "unit", ... (None without one)
    sections: tuple[WeekSection, ...] = ()  # its week sections, when it holds several weeks
    parts: tuple[Part, ...] = ()  # for a week gathered from several notes or sections: where each part is

    @functools.cached_property
    def is_week(self) -> bool:
        """Has a week number or week sections, a heading that names a section, or an item that is a reading
        or an exercise."""
        return (
            self.week is not None
            or bool(self.sections)
            or any(h.section is not Section.OTHER for h in self.headings)
            or any(t.section is not Section.OTHER for t in self.tasks)
        )

    @property
    def key(self) -> str:
        """Names this week among a vault's weeks, the same after a new reading: its path, then `#` and its
        number for a week made of parts (the weeks that are sections of one note share its path)."""
        return f"{self.path}#{self.week}" if self.parts and self.week is not None else self.path

    def source(self, number: int) -> tuple[Note, int]:
        """The note task `number` of this week is written in, and its number there."""
        if self.week is None and self.parts:  # named by its note's path: the note's own numbers (see week_of)
            return self.parts[0].note, number
        for part in self.parts:
            if number <= len(part.numbers):
                return part.note, part.numbers[number - 1]
            number -= len(part.numbers)
        return self, number

    @functools.cached_property
    def tally(self) -> Tally:
        return Tally.of(self.tasks)

    @functools.cached_property
    def first_due(self) -> dt.date | None:
        """The earliest day an open item is due (` 📅 DATE`; a cancelled item is no work left); None when
        no open item has one."""
        return min((t.due for t in self.tasks if not t.done and t.status != CANCELLED and t.due), default=None)

    def overdue(self, today: dt.date) -> bool:
        """Dated, and still open a week after its date; or, for a week without a date of its own, with an
        open item past its due date. (A difference of two dates never overflows; a date plus seven days does,
        at the end of the calendar.)"""
        if self.date is None:
            return self.first_due is not None and today > self.first_due
        return not self.tally.all.complete and today - self.date > OVERDUE_AFTER

    def sort_key(self) -> tuple:
        """Order within a course: week number, then date, then path; unknowns last."""
        return (
            self.week is None,
            self.week if self.week is not None else 0,
            self.date is None,
            self.date or dt.date.min,
            self.path,
        )


def unpacked_later(values: dict[str, Any], make: Callable[[str], tuple[Any, ...]]) -> Note:
    """A note of these values of its fields but `tasks` and `headings` (and of its cached properties:
    `tally`, `first_due`, `is_week`), whose tasks and headings `make(name)` makes the first time each is read."""
    note = object.__new__(Note)
    for name, value in values.items():  # one by one, as `__init__` does: the notes then share their keys
        object.__setattr__(note, name, value)
    object.__setattr__(note, UNPACK, make)
    return note


@dataclass(frozen=True)
class Part:
    """Where some of a week's tasks are written: a whole note, or one of its week sections."""

    note: Note
    section: WeekSection | None  # None: the note, less any week sections it has

    @property
    def line(self) -> int | None:
        """The section heading's 1-based line; None for a whole note."""
        return self.section.line if self.section is not None else None

    @functools.cached_property
    def numbers(self) -> tuple[int, ...]:
        """The note's numbers of the tasks in this part."""
        return tuple(t.number for t in self.note.tasks if self.holds(t.line))

    def holds(self, line: int) -> bool:
        """Whether a line of the note is in this part."""
        if self.section is not None:
            return self.section.line <= line <= self.section.end_line
        return not any(s.line <= line <= s.end_line for s in self.note.sections)


def gather_weeks(notes: list[Note]) -> list[Note]:
    """The weeks of these notes, in their order: each week note is a week, or each of its week sections is
    (and the rest of the note too, when it has a week number or tasks of its own); the parts that claim the
    same week of one course make one week."""
    groups: dict[tuple, list[Part]] = {}
    for note in notes:
        if not note.is_week:
            continue
        parts = [Part(note, section) for section in note.sections]
        whole = Part(note, None)
        if not note.sections or note.week is not None or whole.numbers:
            parts.insert(0, whole)
        for part in parts:
            week = part.section.week if part.section is not None else note.week
            course = note.course.casefold() if note.course is not None else None
            key = (course, week) if week is not None else (course, None, note.path)
            groups.setdefault(key, []).append(part)
    return [week_of(parts) for parts in groups.values()]


def week_of(parts: list[Part]) -> Note:
    """One week made of these parts: a whole note on its own is that note; otherwise the tasks of every part,
    numbered on in part order, under the first part's path, title and course. (The rest of a note with week
    sections, when it has no week number, is named by the note's path: its tasks keep the note's numbers.)"""
    first = parts[0]
    if len(parts) == 1 and first.section is None and not first.note.sections:
        return first.note
    tasks: list[Task] = []
    for part in parts:
        tasks += [part.note.tasks[n - 1]._replace(number=len(tasks) + i) for i, n in enumerate(part.numbers, 1)]
    section = first.section
    if section is None and first.note.week is None:
        tasks = [first.note.tasks[n - 1] for n in first.numbers]
    return replace(
        first.note,
        title=section.title if section is not None else first.note.title,
        week=section.week if section is not None else first.note.week,
        unit=section.unit if section is not None else first.note.unit,
        date=next((p.note.date for p in parts if p.note.date is not None), None),
        tasks=tuple(tasks),
        headings=tuple(h for p in parts for h in p.note.headings if p.holds(h.line)),
        problems=tuple(dict.fromkeys(problem for p in parts for problem in p.note.problems)),
        digest=b"",
        sections=(),
        parts=tuple(parts),
    )


def rebuilt(week: Note, notes: dict[str, Note]) -> Note:
    """The week again, with its parts read from `notes` (by path) where given: after an edit."""
    parts = []
    for part in week.parts:
        note = notes.get(part.note.path, part.note)
        old = part.section
        section = next((s for s in note.sections if old and (s.week, s.line) == (old.week, old.line)), None)
        parts.append(Part(note, section))
    return week_of(parts) if parts else notes.get(week.path, week)


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
