"""`notes stats` and overdue weeks: figures from done dates, charts as golden files at a fixed width and a
fixed today (NOTES_TODAY)."""

from __future__ import annotations

import datetime as dt

import pytest

from notes_cli.model import group_courses
from notes_cli.parse import parse_note
from notes_cli.stats import compute

from .conftest import EXAMPLES, VOCABULARY


def courses(*notes: str):
    return group_courses([parse_note(text, f"week-{i}.md", None, VOCABULARY) for i, text in enumerate(notes, start=1)])


@pytest.mark.parametrize(("name", "columns"), [("stats.txt", "100"), ("stats-44.txt", "44")])
def test_stats_of_the_examples(run, golden, name, columns):
    result = run("-d", str(EXAMPLES), "stats", env={"COLUMNS": columns})
    assert (result.exit_code, result.stderr) == (0, "")
    golden(name, result.stdout)


def test_stats_json_has_every_figure(run):
    data = run("-d", str(EXAMPLES), "stats", "--json").json()
    assert set(data) == {
        "today",
        "weeks",
        "streak",
        "pace",
        "done",
        "done_without_date",
        "remaining",
        "placeholders",
        "finish",
        "overdue",
    }
    assert data["today"] == "2024-03-20"
    assert [(w["week"], w["completed"]) for w in data["weeks"][-4:]] == [
        ("2024-W09", 4),
        ("2024-W10", 2),
        ("2024-W11", 1),
        ("2024-W12", 0),
    ]
    assert (data["streak"], data["pace"], data["done"], data["done_without_date"], data["remaining"]) == (
        3,
        1.8,
        9,
        2,
        12,
    )
    assert data["finish"] == "2024-05-07"  # 12 items at 1.75 a week: 48 days
    assert [w["week"] for w in data["overdue"]] == [0, 1, 2]


def test_weeks_option_and_course_filter(run):
    data = run("-d", str(EXAMPLES), "stats", "--weeks", "2", "--course", "agi", "--json").json()
    assert [w["week"] for w in data["weeks"]] == ["2024-W11", "2024-W12"]
    assert run("-d", str(EXAMPLES), "stats", "--weeks", "0").exit_code == 2


def test_no_recent_activity_and_all_done():
    today = dt.date(2024, 6, 1)
    stale = compute(courses("- [x] a ✅ 2024-01-01\n- [ ] b\n"), today)
    assert (stale.pace, stale.finish, stale.streak, stale.remaining) == (0, None, 0, 1)
    done = compute(courses("- [x] a ✅ 2024-05-30\n"), today)
    assert (done.remaining, done.finish, done.streak) == (0, None, 1)


def test_streak_counts_back_from_this_week_or_last():
    # Weeks (Mondays): 2024-05-06, 05-13, 05-20 have completions; 05-27 (this week) none yet.
    text = "- [x] a ✅ 2024-05-07\n- [x] b ✅ 2024-05-14\n- [x] c ✅ 2024-05-22\n- [ ] d\n"
    assert compute(courses(text), dt.date(2024, 5, 29)).streak == 3
    assert compute(courses(text + "- [x] e ✅ 2024-05-28\n"), dt.date(2024, 5, 29)).streak == 4
    assert compute(courses(text), dt.date(2024, 6, 5)).streak == 0  # a whole week without one


def test_overdue_needs_a_date_an_open_item_and_a_week_of_grace(run, write, tmp_path):
    write("week-1.md", "---\ndate: 2024-03-01\n---\n## Readings\n- [ ] open\n")
    write("week-2.md", "---\ndate: 2024-03-13\n---\n## Readings\n- [ ] open, but within the week\n")
    write("week-3.md", "---\ndate: 2024-03-01\n---\n## Readings\n- [x] done\n")
    write("week-4.md", "## Readings\n- [ ] open, undated\n")
    weeks = run("-d", str(tmp_path), "weeks", "--json").json()
    assert [(w["week"], w["overdue"]) for w in weeks] == [(1, True), (2, False), (3, False), (4, False)]
    progress = run("-d", str(tmp_path), "progress").stdout.splitlines()
    assert [line.split()[0] for line in progress if line.endswith("overdue")] == ["1"]
    early = run("-d", str(tmp_path), "progress", env={"NOTES_TODAY": "2024-03-05"}).stdout.splitlines()
    assert not [line for line in early if line.endswith("overdue")]
