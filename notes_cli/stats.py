"""Progress over time: completions per ISO week, streak, pace, what remains, a projected finish, and the
weeks that are overdue. Pure: the caller says what day it is."""

from __future__ import annotations

import datetime as dt
import math

from .model import CANCELLED, Course, Note
from .results import IsoWeek, Stats

PACE_DAYS = 28  # the pace is taken over the last four weeks


def compute(courses: list[Course], today: dt.date, weeks: int = 8) -> Stats[Note]:
    """The figures as of `today`. Any day of the calendar works: the chart starts no earlier than its first
    week, and a finish after its last day is None (with a pace, that says "beyond the calendar")."""
    notes = [week for course in courses for week in course.weeks]
    tasks = [task for note in notes for task in note.tasks]
    dates = [t.done_on for t in tasks if t.done and t.done_on is not None]
    this_monday = today - dt.timedelta(today.weekday())  # 0001-01-01 is a Monday: never before it
    mondays = [_shifted(this_monday, -7 * i) for i in range(weeks - 1, -1, -1)]
    per_week: dict[dt.date, int] = {}
    for day in dates:
        monday = day - dt.timedelta(day.weekday())
        per_week[monday] = per_week.get(monday, 0) + 1
    recent = sum(1 for day in dates if 0 <= (today - day).days < PACE_DAYS)
    pace = recent * 7 / PACE_DAYS
    remaining = sum(1 for t in tasks if not t.done and t.status != CANCELLED)  # a cancelled item is no work
    finish = _shifted(today, math.ceil(remaining / pace * 7)) if remaining and pace else None
    return Stats(
        today=today,
        weeks=tuple(IsoWeek(_label(m), m, per_week.get(m, 0)) for m in mondays if m is not None),
        streak=_streak(per_week, this_monday),
        pace=round(pace, 1),
        done=sum(1 for t in tasks if t.done),
        done_without_date=sum(1 for t in tasks if t.done and t.done_on is None),
        remaining=remaining,
        placeholders=sum(1 for t in tasks if not t.done and t.placeholder),
        finish=finish,
        overdue=tuple(note for note in notes if note.overdue(today)),
    )


def _streak(per_week: dict[dt.date, int], this_monday: dt.date) -> int:
    """Weeks in a row with a completion, counting back from this week, or from last week when this week
    has none yet (the week is not over)."""
    monday = this_monday if per_week.get(this_monday) else _shifted(this_monday, -7)
    streak = 0
    while monday is not None and per_week.get(monday):
        streak += 1
        monday = _shifted(monday, -7)
    return streak


def _shifted(day: dt.date, days: int) -> dt.date | None:
    """`day` moved by `days`, or None when that leaves the calendar (before 0001-01-01, after 9999-12-31)."""
    ordinal = day.toordinal() + days
    return dt.date.fromordinal(ordinal) if 1 <= ordinal <= dt.date.max.toordinal() else None


def _label(monday: dt.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"
