"""Pure text edits on a note: flip task boxes. Each edit re-checks its target before changing it."""

from __future__ import annotations

import datetime as dt

from .errors import StaleFileError
from .model import DoneSource, Note, Section, Task
from .syntax import (
    BOX_MARKS,
    DEFAULT_BULLET,
    DONE_MARK,
    DONE_MARKS,
    DONE_ON,
    ITEM_LEAD,
    LIST_MARKER,
    OPEN_MARK,
    ORDERED_MARKER,
    done_marker,
    heading_line,
    removal,
    task_line,
)
from .text import line_end, line_ending, line_starts
from .vocabulary import Vocabulary


def set_done(text: str, path: str, tasks: list[Task], done: bool, on: dt.date | None = None) -> str:
    """Return `text` with the box of each task set to done (`x`) or open (space).

    Exactly one character changes per task that is not already in that state; a task already done keeps
    its `X` or `x`. With `on` (recording done dates), a task marked done also gets ` ✅ <on>` at the end of
    its line, unless the line has one. A task marked open loses the done marker its line has, with or without
    `on` (an open item with a done date contradicts itself; Obsidian Tasks removes it too): the line break and
    every other character stay. Raises StaleFileError if a box is not where the task says it is.
    """
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), not overlapping
    for task in tasks:
        offset = task.offset
        if not (0 < offset < len(text) - 1 and text[offset - 1] == "[" and text[offset + 1] == "]"):
            raise _moved(path, task)
        mark = text[offset]
        if mark not in BOX_MARKS:
            raise _moved(path, task)
        if (mark in DONE_MARKS) == done:  # Obsidian's in-progress `/` and cancelled `-` are not done
            continue
        edits.append((offset, offset + 1, DONE_MARK if done else OPEN_MARK))
        end = line_end(text, offset)
        dates = list(DONE_ON.finditer(text, offset, end))
        if done and on is not None and not dates:
            edits.append((end, end, done_marker(on)))
        elif not done and dates:
            edits.append((*removal(dates[-1]), ""))
    parts, position = [], 0
    for start, end, replacement in sorted(edits):
        parts += [text[position:start], replacement]
        position = end
    parts.append(text[position:])
    return "".join(parts)


def marked(task: Task, done: bool, on: dt.date | None = None) -> Task:
    """The task as `set_done` leaves it, read back from the note: what the check after writing expects."""
    if task.done == done:
        return task  # left as it is, `[/]` and `[-]` included when marked open
    if not done:
        return task._replace(done=False, status=None, done_on=None, done_source=None)
    day = task.done_on or on  # an open item's done date is its marker's (git history dates done items only)
    return task._replace(done=True, status=None, done_on=day, done_source=DoneSource.MARKER if day else None)


def _moved(path: str, task: Task) -> StaleFileError:
    return StaleFileError(
        path,
        f"item {task.number} is no longer at this line; the note changed since it was read",
        line=task.line,
        hint="run the command again",
    )


def insert_task(
    text: str, note: Note, section: Section, item: str, vocabulary: Vocabulary, within: tuple[int, int] | None = None
) -> tuple[str, int]:
    """Add `- [ ] item` at the end of the note's list of that section; return the new text and the new
    task's 1-based line.

    The new item copies the bullet and indentation of the list's last outermost item, and follows it and the
    steps nested in it (an ordered list counts on). A section with
    a heading but no task yet gets its list right under the heading; a missing section is added at the end
    of the note, at the level of the note's other sections, headed as the vocabulary writes it. With `within`
    (the first and last line of a week section of the note) only that part of the note counts, and a missing
    section ends that week, one level below its heading. Only the new lines (and the line break they need)
    are added: no other character of the text changes.
    """
    starts = line_starts(text)
    eol = line_ending(text)
    first, last = within if within is not None else (0, len(starts))
    inside = [t for t in note.tasks if first <= t.line <= last]
    tasks = [t for t in inside if t.section is section and t.section_from == "heading"]
    if tasks:
        # The last of the list's outermost items, not a step nested in it: the new item follows it and its steps.
        prefixes = [text[starts[t.line - 1] : t.offset - 1] for t in tasks]
        depths = [len(ITEM_LEAD.match(prefix).group().expandtabs(4)) for prefix in prefixes]  # type: ignore[union-attr]
        index = max(i for i, depth in enumerate(depths) if depth == min(depths))
        return _insert_after(text, starts, tasks[index].end_line, task_line(_next_marker(prefixes[index]), item), eol)
    bullet = list_bullet(text, note)
    headings = [h for h in note.headings if first < h.line <= last]
    heading = next((h for h in headings if h.section is section), None)
    if heading is not None:
        return _insert_after(text, starts, heading.end_line, task_line(bullet, item), eol)
    levels = [h.level for h in headings if h.section is not Section.OTHER]
    if within is None:
        level = min(levels or [h.level for h in note.headings[1:] if h.level > 1] or [2])
        return _append(text, [heading_line(level, vocabulary.heading(section)), "", task_line(bullet, item)], eol)
    top = next(h.level for h in note.headings if h.line == first)
    level = min(levels) if levels else min(top + 1, 6)
    filled = max((n for n in range(first, min(last, len(starts)) + 1) if _line(text, starts, n).strip()), default=first)
    block = ["", heading_line(level, vocabulary.heading(section)), "", task_line(bullet, item)]
    if filled < len(starts):  # a line break ends the section's last filled line
        position = starts[filled]
        return text[:position] + eol.join(block) + eol + text[position:], filled + len(block)
    return text + eol + eol.join(block), filled + len(block)


def _line(text: str, starts: list[int], number: int) -> str:
    """The 1-based line `number`, with its line break."""
    return text[starts[number - 1] : starts[number] if number < len(starts) else len(text)]


def _next_marker(prefix: str) -> str:
    """The marker for the item after one whose text before the box is `prefix` (`3. ` gives `4. `)."""
    match = ORDERED_MARKER.match(prefix)
    if match is None:
        return prefix
    number = str(int(match["number"]) + 1)
    return f"{match['lead']}{number}{match['delimiter']}{match['space']}"


def list_bullet(text: str, note: Note) -> str:
    """The bullet this note's task lists use (`- ` when it has none yet); ordered lists give `1.`/`1)`."""
    starts = line_starts(text)
    for task in note.tasks:
        match = LIST_MARKER.match(text[starts[task.line - 1] : task.offset - 1])
        if match:
            marker = match["marker"]
            return ("1" + marker[-1] if marker[0].isdigit() else marker) + " "
    return DEFAULT_BULLET


def _insert_after(text: str, starts: list[int], line: int, new_line: str, eol: str) -> tuple[str, int]:
    """Insert `new_line` after the 1-based `line`, keeping a missing final line break missing."""
    if line < len(starts):  # a line break ends `line`
        position = starts[line]
        return text[:position] + new_line + eol + text[position:], line + 1
    return text + eol + new_line, line + 1


def _append(text: str, lines: list[str], eol: str) -> tuple[str, int]:
    """Add a block of lines at the end, after a blank line, keeping a missing final line break missing."""
    starts = line_starts(text)
    if not text:
        return eol.join(lines) + eol, 1 + len(lines) - 1
    if text.endswith(("\n", "\r")):
        blank_before = len(starts) >= 2 and not text[starts[-2] : starts[-1]].strip()
        block = ([] if blank_before else [""]) + lines
        return text + eol.join(block) + eol, len(starts) - 1 + len(block)
    block = ["", *lines]
    return text + eol + eol.join(block), len(starts) + len(block)
