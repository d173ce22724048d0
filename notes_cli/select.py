"""Turn what the user typed (a course name, a week number, item numbers or text) into notes and tasks."""

from __future__ import annotations

import re
from collections.abc import Callable

from .errors import AmbiguousError, NotFoundError, UsageError
from .model import CANCELLED, MAX_WEEK, Course, Note, Section, Task, group_courses, week_number

WHOLE_NUMBER = re.compile(r"[0-9]+")


def is_number(text: str) -> bool:
    return WHOLE_NUMBER.fullmatch(text) is not None


def filter_course(notes: list[Note], course: str | None) -> list[Note]:
    """The notes of one course: an exact name (any case), else the one course whose name contains `course`."""
    if course is None:
        return notes
    wanted = course.strip().casefold()
    names = [c.name for c in group_courses(notes) if c.name is not None]  # one course whatever its case
    chosen = [name for name in names if name.casefold() == wanted] or [
        name for name in names if wanted in name.casefold()
    ]
    if not chosen:
        known = ", ".join(names) if names else "none"
        raise NotFoundError(f"no course matches “{course}”", hint=f"courses in this vault: {known}")
    if len({name.casefold() for name in chosen}) > 1:
        raise AmbiguousError(f"“{course}” matches {len(chosen)} courses", chosen, hint="give more of the course name")
    return [n for n in notes if n.course is not None and n.course.casefold() == chosen[0].casefold()]


def find_note(
    word: str,
    course: str | None,
    *,
    suffixes: tuple[str, ...],
    load: Callable[[str], Note | None],
    weeks: Callable[[], list[Note]],
) -> Note:
    """The note a WEEK word names: a Markdown file (`load(word)` reads it, or gives None when there is no such
    file), or else a week number among `weeks()`, the weeks of `course` if one is given (messages name it). A
    word that ends in one of the notes' `suffixes` or holds a slash is only ever a path."""
    looks_like_path = word.lower().endswith(suffixes) or "/" in word or "\\" in word
    if looks_like_path or not is_number(word):
        note = load(word)
        if note is not None:
            return note
        if looks_like_path:
            raise NotFoundError(f"no such file: {word}", hint="give a path relative to the vault, or an absolute one")
        raise NotFoundError(
            f"“{word}” is neither a week number nor a Markdown file",
            hint="give a week number as `notes weeks` lists it, or the path of a note",
        )
    return find_week(weeks(), word, course)


def find_week(weeks: list[Note], digits: str, course: str | None) -> Note:
    """The one week note with this number, given as digits (in the course, if given)."""
    number = week_number(digits)
    matches = [w for w in weeks if w.week == number] if number is not None else []
    if not matches:
        where = f" in course “{course}”" if course else ""
        numbers = sorted({w.week for w in weeks if w.week is not None})
        known = f"weeks here: {_ranges(numbers)}; " if numbers else "no numbered weeks here; "
        past = f"week numbers go up to {MAX_WEEK}; " if number is None else ""
        raise NotFoundError(
            f"no week {_shortened(digits)}{where}",
            hint=f"{past}{known}`notes weeks` lists them, and a note's path works too",
        )
    if len(matches) > 1:
        candidates = [f"{w.course or '(no course)'} · week {w.week} · {w.path}" for w in matches]
        one_course = len({(w.course or "").casefold() for w in matches}) == 1
        raise AmbiguousError(
            f"week {number} is in {len(matches)} notes",
            candidates,
            hint=f"give the note's path instead of the week number (`notes show {matches[0].path}`)"
            if one_course  # --course cannot tell notes of one course apart
            else "pick one with --course NAME or give the note's path instead of the week number",
        )
    return matches[0]


def find_items(note: Note, selectors: list[str]) -> list[int]:
    """Item numbers for each selector: a number as `show` prints it, or text found in exactly one item's text."""
    numbers: list[int] = []
    for selector in selectors:
        number = _find_item(note, selector)
        if number not in numbers:
            numbers.append(number)
    return numbers


def _find_item(note: Note, selector: str) -> int:
    if not selector.strip():
        raise UsageError("an item cannot be empty", hint="give an item number or some of its text")
    count = len(note.tasks)
    if is_number(selector):
        # Compared as digits first: a digit string of thousands of digits is more than Python makes an int of.
        significant = selector.lstrip("0") or "0"  # leading zeros count towards the limit too
        number = int(significant) if len(significant) <= len(str(count)) else None
        if number is None or not 1 <= number <= count:
            items = f"items 1-{count}" if count else "no task items"
            raise NotFoundError(
                f"{note.path} has {items}; there is no item {_shortened(selector)}",
                hint=f"`notes show {note.path}` lists them",
            )
        return number
    wanted = selector.casefold()
    matches = [t for t in note.tasks if wanted in t.text.casefold()]
    if not matches:
        raise NotFoundError(
            f"no item of {note.path} contains “{selector}”", hint=f"`notes show {note.path}` lists the items"
        )
    if len(matches) > 1:
        raise AmbiguousError(
            f"“{selector}” matches {len(matches)} items",
            [f"{t.number}. {t.text}" for t in matches],
            hint="give the item's number, or more of its text",
        )
    return matches[0].number


def _shortened(text: str, width: int = 24) -> str:
    """What the user typed, cut short for a message (a number may have thousands of digits)."""
    return text if len(text) <= width else text[: width - 1] + "…"


def _ranges(numbers: list[int]) -> str:
    """1, 2, 3, 5, 7, 8 -> "1-3, 5, 7-8"."""
    spans: list[list[int]] = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def _open(task: Task) -> bool:
    """Still to do: not done, and not cancelled."""
    return not task.done and task.status != CANCELLED


def next_tasks(courses: list[Course], count: int, *, exercises_only: bool = False) -> list[tuple[Note, Task]]:
    """For each course, up to `count` open items from its earliest weeks that are not complete: a week's
    readings first, then its exercises, then its other items (only exercises with `exercises_only`), in file
    order except that an item due sooner comes first; cancelled items are no work. Real items come before
    placeholders, which are still to be filled in."""
    sections = [Section.EXERCISES] if exercises_only else [Section.READINGS, Section.EXERCISES, Section.OTHER]
    picked: list[tuple[Note, Task]] = []
    for course in courses:
        real: list[tuple[Note, Task]] = []
        placeholders: list[tuple[Note, Task]] = []
        for week in course.weeks:
            for section in sections:
                open_tasks = [t for t in week.tasks if t.section is section and _open(t)]
                for task in sorted(open_tasks, key=lambda t: (t.due is None, t.due or 0)):
                    (placeholders if task.placeholder else real).append((week, task))
            if len(real) >= count:
                break
        picked += (real + placeholders)[:count]
    return picked
