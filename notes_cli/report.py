"""Output for scripts and documents, without Rich: JSON, Markdown and CSV; and the one place that makes
note text safe to print."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from .model import Change, Count, Course, Note, Section, Tally, Task
from .results import Added, Code, Listed, Marked, Setting, Stats
from .text import LINE_BREAK, lazy_pattern

SPREADSHEET_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run as a formula


# Characters that could move the cursor, rewrite the screen, reach the clipboard or reorder text.
UNSAFE_CHARS = lazy_pattern("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")
# What json.dumps(ensure_ascii=False) leaves unescaped of the above.
JSON_UNSAFE_CHARS = lazy_pattern("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


def safe(text: str) -> str:
    """Note text made inert for a terminal: control, bidi and unpaired surrogate characters become visible escapes."""
    return UNSAFE_CHARS.sub(_escape_char, text)


def _escape_char(match: re.Match[str]) -> str:
    char = match.group()
    if char == "\t":
        return " "
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_block(text: str) -> str:
    """Multi-line text made inert line by line (line breaks kept)."""
    return "\n".join(safe(line) for line in LINE_BREAK.split(text))


class JsonArray:
    """A JSON array whose items are made as it is written (`json_chunks`): `make` of each of `items`, so that
    the JSON of a large vault's weeks is never held whole (issue 14: 95 MB at 100,000 notes). `nested` when
    an item may hold a JsonArray itself; else the items are encoded some hundreds at a time. Iterable again
    and sized, as a list of the items' values would be."""

    __slots__ = ("items", "make", "nested")

    def __init__(self, items: Sequence[Any], make: Callable[[Any], Any], *, nested: bool = False) -> None:
        self.items = items
        self.make = make
        self.nested = nested

    def __iter__(self) -> Iterator[Any]:
        return map(self.make, self.items)

    def __len__(self) -> int:
        return len(self.items)


JSON_BATCH = 256  # items of a JsonArray encoded by one call of json's fast encoder


def to_json(value: Any, *, pretty: bool = False) -> str:
    """JSON for scripts: UTF-8 text kept readable, but every control, bidi or surrogate character escaped.
    Compact (one line, by json's fast encoder) unless `pretty`, which indents for people at a terminal."""
    return "".join(json_chunks(value, pretty=pretty))


def json_chunks(value: Any, *, pretty: bool = False) -> Iterator[str]:
    """`to_json`'s text in pieces, the same bytes: each item of a `JsonArray` (the top value, an item of
    another, or the value of a dict's key, not an item of a list) is made and encoded when it is reached;
    anything else is encoded whole by json's fast encoder."""
    for chunk in _chunks(value, 0, pretty):
        yield JSON_UNSAFE_CHARS.sub(_json_escape, chunk)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _holds_array(value: dict) -> bool:
    """Whether a JsonArray is a value of `value`'s keys, or of a dict's there."""
    return any(type(v) is JsonArray or (type(v) is dict and _holds_array(v)) for v in value.values())


def _chunks(value: Any, level: int, pretty: bool) -> Iterator[str]:
    """`value` as json.dumps writes it at nesting `level` (indent 2 when `pretty`, else ", " and ": ")."""
    closing = "\n" + "  " * level if pretty else ""
    if isinstance(value, JsonArray) and not value.nested:
        if not len(value):
            yield "[]"
            return
        yield "["
        for start in range(0, len(value), JSON_BATCH):
            made = list(map(value.make, value.items[start : start + JSON_BATCH]))
            text = _dumped(made, level, pretty)  # "[" + the items as they are written in the array + closing "]"
            yield ("," if pretty else ", ") * bool(start) + text[1 : len(text) - len(closing) - 1]
        yield closing + "]"
        return
    if isinstance(value, JsonArray):
        pairs: Iterable[tuple[str, Any]] = (("", item) for item in value)
        empty, opening, ending = not len(value), "[", "]"
    elif isinstance(value, dict) and _holds_array(value):
        pairs = ((json.dumps(key, ensure_ascii=False) + ": ", v) for key, v in value.items())
        empty, opening, ending = False, "{", "}"
    else:
        yield _dumped(value, level, pretty)
        return
    if empty:
        yield opening + ending
        return
    inner = "\n" + "  " * (level + 1) if pretty else ""
    separator = "," + inner if pretty else ", "
    yield opening + inner
    for index, (key, item) in enumerate(pairs):
        yield (separator + key) if index else key
        yield from _chunks(item, level + 1, pretty)
    yield closing + ending


def _dumped(value: Any, level: int, pretty: bool) -> str:
    """`value` by json's fast encoder, as written at nesting `level`."""
    text = json.dumps(value, ensure_ascii=False, indent=2 if pretty else None)  # escapes C0 controls itself
    # A JSON string holds no line break (json escapes it), so every one is the layout's, to indent further.
    return text.replace("\n", "\n" + "  " * level) if pretty and level else text


def count_json(count: Count) -> dict[str, int]:
    return {"done": count.done, "total": count.total}


def tally_json(tally: Tally) -> dict[str, dict[str, int]]:
    return {key: count_json(tally.section(section)) for key, section in SECTION_KEYS}


SECTION_KEYS = tuple((section.value, section) for section in Section)  # iterating an Enum costs calls a member


def week_json(note: Note, today: dt.date, *, items: bool = False) -> dict[str, Any]:
    """The stable JSON object for one week (with its items for `show`)."""
    value: dict[str, Any] = {
        "path": note.path,
        "course": note.course,
        "week": note.week,
        "title": note.title,
        "date": note.date.isoformat() if note.date else None,
        **tally_json(note.tally),
        "overdue": note.overdue(today),
        "parts": [{"path": p.note.path, "line": p.line} for p in note.parts] or [{"path": note.path, "line": None}],
        "unit": note.unit,
    }
    if items:
        value["items"] = [
            {
                "number": t.number,
                "section": t.section.value,
                "heading": t.heading,
                "text": t.text,
                "url": t.url,
                "done": t.done,
                "line": t.line,
                "done_on": t.done_on.isoformat() if t.done_on else None,
                "due": t.due.isoformat() if t.due else None,
                "section_from": t.section_from,
                "status": t.status,
                "cancelled_on": t.cancelled_on.isoformat() if t.cancelled_on else None,
                "recurrence": t.recurrence,
                "done_source": t.done_source,
                "placeholder": t.placeholder,
            }
            for t in note.tasks
        ]
    return value


def progress_json(courses: list[Course], today: dt.date) -> dict[str, Any]:
    """`notes progress --json`: each course with its weeks and counts, then the counts of all. The weeks' JSON
    is made as it is written (`JsonArray`)."""

    def course_json(c: Course) -> dict[str, Any]:
        return {"course": c.name, "weeks": JsonArray(c.weeks, lambda w: week_json(w, today)), **tally_json(c.tally)}

    return {
        "courses": JsonArray(courses, course_json, nested=True),
        "total": tally_json(Tally.total([c.tally for c in courses])),
    }


def changes_json(note: Note, changes: list[Change], today: dt.date) -> dict[str, Any]:
    value = week_json(note, today, items=True)
    value["changed"] = [c.task.number for c in changes if c.changed]
    value["unchanged"] = [c.task.number for c in changes if not c.changed]
    return value


def listed_json(listed: Listed[Course]) -> JsonArray:
    """`notes weeks --json`: every week of every course, its JSON made as it is written."""
    today = _today(listed.today)
    return JsonArray([week for course in listed.courses for week in course.weeks], lambda w: week_json(w, today))


def marked_json(marked: Marked[Note, Change]) -> dict[str, Any]:
    """`notes done --json` and `undo --json`: the week with its items, and which items changed."""
    return changes_json(marked.week, list(marked.changes), _today(marked.today))


def added_json(added: Added[Note, Task]) -> dict[str, Any]:
    """`notes add --json`: the week with its items, and the new item's number."""
    value = week_json(added.week, _today(added.today), items=True)
    value["added"] = added.item.number
    return value


def _today(day: dt.date | None) -> dt.date:
    """The day a result says what is overdue on, which a result made for JSON always has."""
    if day is None:
        raise ValueError("a result printed as JSON needs today's date")
    return day


def percent(count: Count) -> str:
    return f"{round(100 * count.done / count.total)}%" if count.total else "—"


def next_json(picked: list[tuple[Note, Task]]) -> list[dict[str, Any]]:
    return [
        {
            "course": week.course,
            "week": week.week,
            "path": week.source(task.number)[0].path,
            "number": task.number,
            "section": task.section.value,
            "text": task.text,
            "url": task.url,
            "line": task.line,
            "placeholder": task.placeholder,
        }
        for week, task in picked
    ]


def log_json(entries: list) -> list[dict[str, Any]]:
    """`notes log --json`: what was done when, newest first."""
    return [
        {
            "date": e.day.isoformat(),
            "path": e.note.path,
            "course": e.note.course,
            "week": e.note.week,
            "number": e.task.number,
            "section": e.task.section.value,
            "text": e.task.text,
            "source": e.task.done_source,
            "commit": {"id": e.commit.id, "subject": e.commit.subject} if e.commit else None,
        }
        for e in entries
    ]


def findings_json(findings: list, notes: int) -> dict[str, Any]:
    return {
        "findings": [
            {"path": f.path, "line": f.line, "level": f.level, "code": f.code, "message": f.message, "fix": f.fix}
            for f in findings
        ],
        "errors": sum(f.level == "error" for f in findings),
        "warnings": sum(f.level == "warning" for f in findings),
        "notes": notes,
    }


def codes_json(codes: Iterable[Code]) -> list[dict[str, Any]]:
    """`notes check --codes --json`: each code, its level and what it finds."""
    return [{"code": code, "level": code.level, "finds": code.meaning} for code in codes]


def settings_json(values: Mapping[str, Setting], files: Iterable[tuple[str, Path, bool]]) -> dict[str, Any]:
    """`notes config --json`: each setting's value and where it came from, then the configuration files."""
    value: dict[str, Any] = {key: {"value": s.value, "source": s.source} for key, s in values.items()}
    value["files"] = {role: {"path": str(path), "exists": exists} for role, path, exists in files}
    return value


def stats_json(stats: Stats) -> dict[str, Any]:
    return {
        "today": stats.today.isoformat(),
        "weeks": [{"week": w.label, "start": w.start.isoformat(), "completed": w.completed} for w in stats.weeks],
        "streak": stats.streak,
        "pace": stats.pace,
        "done": stats.done,
        "done_without_date": stats.done_without_date,
        "remaining": stats.remaining,
        "placeholders": stats.placeholders,
        "finish": stats.finish.isoformat() if stats.finish else None,
        "overdue": [week_json(note, stats.today) for note in stats.overdue],
    }


def _count_text(count: Count) -> str:
    return f"{count.done}/{count.total}" if count.total else "—"


def progress_markdown(courses: list[Course], today: dt.date) -> str:
    """A GitHub-flavoured Markdown table: one row per week, a total per course, then overall."""

    def cell(text: str) -> str:
        return " ".join(safe(text).replace("\\", "\\\\").replace("|", "\\|").split())

    def counts(tally: Tally, bold: str = "") -> str:
        return "".join(f"| {bold}{_count_text(tally.section(s))}{bold} " for s in Section)

    rows = [
        f"| Course | Week | Title | {' | '.join(s.label for s in Section)} | Done | Overdue |",
        f"|---|---:|---|{'---:|' * len(Section)}---:|:---:|",
    ]
    for course in courses:
        for week in course.weeks:
            tally = week.tally
            rows.append(
                f"| {cell(course.name or '')} | {week.week if week.week is not None else ''} | {cell(week.title)} "
                f"{counts(tally)}| {percent(tally.all)} | {'yes' if week.overdue(today) else ''} |"
            )
        tally = course.tally
        rows.append(
            f"| **{cell(course.name or '(no course)')}** | | **All weeks** {counts(tally, '**')}"
            f"| **{percent(tally.all)}** | |"
        )
    total = Tally.total([c.tally for c in courses])
    rows.append(f"| **Overall** | | {counts(total, '**')}| **{percent(total.all)}** | |")
    return "\n".join(rows)


def progress_csv(courses: list[Course], today: dt.date) -> str:
    """One row per week, for a spreadsheet. Text is made inert as everywhere (CSV is read in terminals too),
    and a cell that a spreadsheet would run as a formula starts with '."""
    import csv
    import io

    def cell(text: str) -> str:
        text = safe(text)
        return "'" + text if text.startswith(SPREADSHEET_FORMULA) else text

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["course", "week", "title", "date", "path"]
        + [f"{s.value}_{k}" for s in Section for k in ("done", "total")]
        + ["overdue"]
    )
    for course in courses:
        for week in course.weeks:
            tally = week.tally
            counts = [n for s in Section for n in (tally.section(s).done, tally.section(s).total)]
            writer.writerow(
                [
                    cell(course.name or ""),
                    "" if week.week is None else week.week,
                    cell(week.title),
                    week.date.isoformat() if week.date else "",
                    cell(week.path),
                    *counts,
                    "yes" if week.overdue(today) else "no",
                ]
            )
    return out.getvalue()


# ---- People output without Rich ------------------------------------------------------------------
# A short answer (`done`, `undo`) is printed without importing Rich (about a sixth of such a command's CPU time,
# issue 14) when Rich would print it as plain text, one line per row: the same bytes, which a test checks.

HANGING_MIN = 24  # the narrowest text column worth keeping beside the leads; else the text goes under them
STACKED_INDENT = 4
ONE_CELL = lazy_pattern("[\x20-\x7e\xa0-\u02ff]*")  # what is one terminal cell wide, as Rich measures it


def plain_width(stream: TextIO, environ: Mapping[str, str] | None = None) -> int | None:
    """The width Rich lays people output out in on `stream`, when it writes no escape codes there (NO_COLOR,
    or not a terminal as Rich decides it); None when Rich must write the output (colour, a dumb terminal)."""
    env = os.environ if environ is None else environ
    terminal = _is_terminal(stream, env)
    dumb = env.get("TERM", "").lower() in ("dumb", "unknown")  # Rich then takes 80 columns, COLUMNS or not
    if (terminal and (not env.get("NO_COLOR") or dumb)) or sys.platform == "win32":  # (Windows: legacy consoles)
        return None
    columns = env.get("COLUMNS")
    if columns is not None and columns.isdigit():
        return int(columns) or None
    for descriptor in (0, 1, 2):  # where Rich looks for the terminal's size
        try:
            return os.get_terminal_size(descriptor).columns or 80
        except (AttributeError, ValueError, OSError):
            continue
    return 80


def _is_terminal(stream: TextIO, env: Mapping[str, str]) -> bool:
    """Whether Rich takes `stream` for a terminal: TTY_COMPATIBLE, then FORCE_COLOR, then the stream says."""
    if env.get("TTY_COMPATIBLE") in ("0", "1"):
        return env["TTY_COMPATIBLE"] == "1"
    if "FORCE_COLOR" in env:
        return env["FORCE_COLOR"] != ""
    try:
        return stream.isatty()
    except ValueError:  # closed
        return False


def marked_rows(marked: Marked[Note, Change]) -> list[tuple[str, str, str]]:
    """What `done` or `undo` says of each item: "marked done" or "already done", its number, its text."""
    state = "done" if marked.done else "not done"
    return [
        ("marked " + state if change.changed else "already " + state, str(change.task.number), plain_item(change.task))
        for change in marked.changes
    ]


def plain_item(task: Task) -> str:
    """An item's text as printed: made safe, "(no text)" when it has none."""
    return safe(task.text) or "(no text)"


def week_label(note: Note) -> str:
    """The week as shown: "Week 3", or in the unit the notes count in ("Lesson 2")."""
    return f"{(note.unit or 'week').capitalize()} {note.week}" if note.week is not None else "—"


def totals_text(note: Note) -> str:
    """A week's totals on one line: its course (else title), week, readings, exercises and other items."""
    tally = note.tally
    parts = [safe(note.course or note.title)]
    if note.week is not None:
        parts.append(week_label(note))
    parts.append(f"readings {tally.readings.done}/{tally.readings.total}")
    parts.append(f"exercises {tally.exercises.done}/{tally.exercises.total}")
    if tally.other.total:
        parts.append(f"other {tally.other.done}/{tally.other.total}")
    return " · ".join(parts)


def marked_text(marked: Marked[Note, Change], width: int | None) -> str | None:
    """`done` or `undo` for people as Rich writes it at `width` without colour, when each row and the totals
    fit on one line; None when they do not (or `width` is None), for Rich to lay out."""
    rows = marked_rows(marked)
    total = totals_text(marked.week)
    if width is None or not all(ONE_CELL.fullmatch(text) for row in rows for text in row) or len(total) > width:
        return None
    widths = [max(len(row[column]) for row in rows) for column in (0, 1)]
    room = width - sum(widths) - 2 * len(widths)  # the leads, each followed by 2 columns of padding
    if (room < HANGING_MIN and sum(widths) + 2 * len(widths) > STACKED_INDENT) or not ONE_CELL.fullmatch(total):
        return None
    if any(len(text) > room for _, _, text in rows):
        return None
    lines = [f"{what:<{widths[0]}}  {number:<{widths[1]}}  {text}".rstrip(" ") for what, number, text in rows]
    return "\n".join([*lines, total])
