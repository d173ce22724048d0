"""Pure text edits on a note: flip task boxes. Each edit re-checks its target before changing it."""

from __future__ import annotations

from .errors import StaleFileError
from .model import Task

DONE_MARK = "x"
OPEN_MARK = " "


def set_done(text: str, path: str, tasks: list[Task], done: bool) -> str:
    """Return `text` with the box of each task set to done (`x`) or open (space).

    Exactly one character changes per task that is not already in that state; a task already done keeps
    its `X` or `x`. Raises StaleFileError if a box is not where the task says it is.
    """
    flips: dict[int, str] = {}
    for task in tasks:
        offset = task.offset
        if not (0 < offset < len(text) - 1 and text[offset - 1] == "[" and text[offset + 1] == "]"):
            raise _moved(path, task)
        mark = text[offset]
        if mark not in "xX ":
            raise _moved(path, task)
        if (mark != OPEN_MARK) != done:
            flips[offset] = DONE_MARK if done else OPEN_MARK
    parts, start = [], 0
    for offset in sorted(flips):
        parts += [text[start:offset], flips[offset]]
        start = offset + 1
    parts.append(text[start:])
    return "".join(parts)


def _moved(path: str, task: Task) -> StaleFileError:
    return StaleFileError(
        path,
        f"item {task.number} is no longer at this line; the note changed since it was read",
        line=task.line,
        hint="run the command again",
    )
