"""Output for scripts and documents, without Rich: JSON, Markdown and CSV; and the one place that makes
note text safe to print."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from .model import Change, Count, Course, Note, Section, Tally, Task
from .stats import Stats
from .text import LINE_BREAK

SPREADSHEET_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run as a formula


# Characters that could move the cursor, rewrite the screen, reach the clipboard or reorder text.
UNSAFE_CHARS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")
# What json.dumps(ensure_ascii=False) leaves unescaped of the above.
JSON_UNSAFE_CHARS = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


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


def to_json(value: Any, *, pretty: bool = False) -> str:
    """JSON for scripts: UTF-8 text kept readable, but every control, bidi or surrogate character escaped.
    Compact (one line, by json's fast encoder) unless `pretty`, which indents for people at a terminal."""
    text = json.dumps(value, ensure_ascii=False, indent=2 if pretty else None)  # escapes C0 controls itself
    return JSON_UNSAFE_CHARS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def count_json(count: Count) -> dict[str, int]:
    return {"done": count.done, "total": count.total}


def tally_json(tally: Tally) -> dict[str, dict[str, int]]:
    return {section.value: count_json(tally.section(section)) for section in Section}


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
    return {
        "courses": [
            {"course": c.name, "weeks": [week_json(w, today) for w in c.weeks], **tally_json(c.tally)} for c in courses
        ],
        "total": tally_json(Tally.total([c.tally for c in courses])),
    }


def changes_json(note: Note, changes: list[Change], today: dt.date) -> dict[str, Any]:
    value = week_json(note, today, items=True)
    value["changed"] = [c.task.number for c in changes if c.changed]
    value["unchanged"] = [c.task.number for c in changes if not c.changed]
    return value


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

    rows = [
        "| Course | Week | Title | Readings | Exercises | Other | Done | Overdue |",
        "|---|---:|---|---:|---:|---:|---:|:---:|",
    ]
    for course in courses:
        for week in course.weeks:
            tally = week.tally
            rows.append(
                f"| {cell(course.name or '')} | {week.week if week.week is not None else ''} | {cell(week.title)} "
                f"| {_count_text(tally.readings)} | {_count_text(tally.exercises)} | {_count_text(tally.other)} "
                f"| {percent(tally.all)} | {'yes' if week.overdue(today) else ''} |"
            )
        tally = course.tally
        rows.append(
            f"| **{cell(course.name or '(no course)')}** | | **All weeks** | **{_count_text(tally.readings)}** "
            f"| **{_count_text(tally.exercises)}** | **{_count_text(tally.other)}** | **{percent(tally.all)}** | |"
        )
    total = Tally.total([c.tally for c in courses])
    rows.append(
        f"| **Overall** | | | **{_count_text(total.readings)}** | **{_count_text(total.exercises)}** "
        f"| **{_count_text(total.other)}** | **{percent(total.all)}** | |"
    )
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
