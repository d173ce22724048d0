"""Reliability, round two (issue 9): no internal error from any value a note, the environment or the
command line holds; a cache that cannot change an answer; outputs that stay inert; `new` writing what reads
back. Each test names the class it guards; property tests cover the open-ended ones."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notes_cli.model import Note, Task, group_courses
from notes_cli.parse import parse_note
from notes_cli.stats import compute

READING = "## Readings\n- [ ] a reading\n"
COMMANDS = (("weeks", "--json"), ("weeks",), ("progress",), ("progress", "--json"), ("stats",), ("stats", "--json"),
            ("next",), ("show", "1", "--json"), ("show", "1"), ("check",))  # fmt: skip


# ---- Dates at the ends of the calendar (item 5) -----------------------------------------------------


@pytest.mark.parametrize("date", ["9999-12-25", "9999-12-31", "0001-01-01"])
def test_a_week_dated_at_the_end_of_the_calendar_breaks_no_command(run, write, tmp_path, date):
    write("week-1.md", f"---\ntitle: Bio - Week 1\ndate: {date}\n---\n## Readings\n- [ ] a ✅ {date}\n- [ ] b\n")
    for command in COMMANDS:
        result = run("-d", str(tmp_path), *command)
        assert result.exit_code in (0, 1) and "internal error" not in result.stderr, (command, result.stderr)


@pytest.mark.parametrize("today", ["0001-01-01", "0001-01-05", "9999-12-31"])
def test_any_today_breaks_no_command(run, write, tmp_path, today):
    write("week-1.md", "---\ndate: 2024-01-01\n---\n## Readings\n- [x] a ✅ 0001-01-02\n- [ ] b\n- [x] c ✅ 9999-12-30\n")
    for command in COMMANDS:
        result = run("-d", str(tmp_path), *command, env={"NOTES_TODAY": today})
        assert result.exit_code == 0 and "internal error" not in result.stderr, (command, result.stderr)


def test_a_finish_beyond_the_calendar_is_said_so(run, write, tmp_path):
    write("week-1.md", "## Readings\n" + "- [ ] open\n" * 400 + "- [x] done ✅ 9999-12-20\n")
    result = run("-d", str(tmp_path), "stats", env={"NOTES_TODAY": "9999-12-25"})
    assert result.exit_code == 0 and "after 9999-12-31 at this pace" in result.stdout
    assert run("-d", str(tmp_path), "stats", "--json", env={"NOTES_TODAY": "9999-12-25"}).json()["finish"] is None


# Any date, with the ends of the calendar (where arithmetic overflows) as likely as the middle.
DATES = st.one_of(st.dates(), st.dates(max_value=dt.date(1, 3, 1)), st.dates(min_value=dt.date(9999, 10, 1)))


def _week(date: dt.date, done: list[dt.date | None], open_items: int) -> Note:
    tasks = [Task(i + 1, "readings", None, "t", None, True, i + 1, 0, i + 1, d) for i, d in enumerate(done)]
    tasks += [Task(len(tasks) + i + 1, "readings", None, "t", None, False, 1, 0, 1) for i in range(open_items)]
    return Note("w.md", "W", "c", 1, date, tuple(tasks), ())


@given(
    today=DATES,
    week_date=DATES,
    done=st.lists(st.one_of(st.none(), DATES), max_size=5),
    open_items=st.integers(0, 3000),
    weeks=st.integers(1, 520),
)
def test_stats_and_overdue_never_overflow(today, week_date, done, open_items, weeks):
    note = _week(week_date, done, open_items)
    figures = compute(group_courses([note]), today, weeks)
    assert 1 <= len(figures.weeks) <= weeks and figures.weeks[-1].start <= today
    assert note.overdue(today) == (open_items > 0 and (today - week_date).days > 7)
    if figures.finish is not None:
        assert figures.finish >= today
