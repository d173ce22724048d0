"""notes as a library: `new` and `check` through their public entry points, without cli.py, giving what the
commands give; and the JSON form of each result type, key by key."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

import pytest

from notes_cli import report
from notes_cli.check import check_vault
from notes_cli.cli import OUTPUTS
from notes_cli.errors import AmbiguousError, NotFoundError, UsageError
from notes_cli.history import Dates, done_log
from notes_cli.model import Section, gather_weeks, group_courses
from notes_cli.results import (
    Added,
    Checked,
    Code,
    Codes,
    Listed,
    Logged,
    Marked,
    NewNote,
    Picked,
    Progress,
    Shown,
    Stats,
)
from notes_cli.select import find_note, next_tasks
from notes_cli.stats import compute
from notes_cli.template import plan_new_week
from notes_cli.vault import Vault

from .conftest import EXAMPLES, TODAY, VOCABULARY

DAY = dt.date.fromisoformat(TODAY)


def weeks_of(vault: Vault):
    return lambda: gather_weeks(vault.scan(weeks_only=True).notes)


def plan(vault: Vault, **wanted) -> NewNote:
    return plan_new_week(weeks_of(vault), vault.text, vault.root, vault.vocabulary, DAY, **wanted)


# ---- new ------------------------------------------------------------------------------------------


def test_a_python_caller_plans_the_next_week_as_new_dry_run_does(run):
    planned = plan(Vault(EXAMPLES, VOCABULARY), readings=["Paper|https://example.org/p"], exercises=["Summarise it"])
    assert planned.path == PurePath(f"_posts/{TODAY}-agi-safety-fundamentals-week-4.md")
    shown = run("-d", str(EXAMPLES), "new", "--dry-run", "--reading", "Paper|https://example.org/p")
    assert shown.exit_code == 0
    assert "- [ ] [Paper](https://example.org/p)\n" in planned.text and "- [ ] Summarise it\n" in planned.text
    without_exercise = plan(Vault(EXAMPLES, VOCABULARY), readings=["Paper|https://example.org/p"])
    assert shown.stdout.startswith(f"would create {without_exercise.path.as_posix()}:\n{without_exercise.text}")


def test_a_python_caller_plans_week_one_of_a_new_course(tmp_path):
    planned = plan(Vault(tmp_path, VOCABULARY), course="Linear Algebra", date=dt.date(2025, 1, 6), exercises=["Pset 1"])
    assert planned == NewNote(
        PurePath("linear-algebra/week-01.md"),
        "---\ntitle: Linear Algebra - Week 1\ndate: 2025-01-06\ncourse: Linear Algebra\n---\n\n"
        "# Week 1 Lecture Notes\n\n## Readings\n\n## Exercises\n\n- [ ] Pset 1\n\n## Additional Notes\n",
        "Linear Algebra - Week 1",
    )
    assert not (tmp_path / "linear-algebra").exists()  # a plan writes nothing


def test_plan_new_week_refuses_a_wrong_request_before_reading_the_vault(tmp_path):
    def unread():
        raise AssertionError("the vault was read")

    vault = Vault(tmp_path, VOCABULARY)
    for wanted in ({"title": " "}, {"course": ""}, {"readings": ["two\nlines"]}, {"exercises": ["\udcff"]}):
        with pytest.raises(UsageError):
            plan_new_week(unread, vault.text, vault.root, vault.vocabulary, DAY, **wanted)


def test_plan_new_week_says_what_is_missing(write, tmp_path):
    with pytest.raises(UsageError, match="there is no course here yet"):
        plan(Vault(tmp_path, VOCABULARY))
    write("a/week-1.md", "---\ncourse: Algebra\n---\n## Readings\n")
    write("b/week-1.md", "---\ncourse: Biology\n---\n## Readings\n")
    with pytest.raises(AmbiguousError):
        plan(Vault(tmp_path, VOCABULARY))
    assert plan(Vault(tmp_path, VOCABULARY), course="alg").path == PurePath("a/week-2.md")


# ---- check ----------------------------------------------------------------------------------------


def test_a_python_caller_checks_a_vault_as_check_json_does(run):
    found = check_vault(Vault(EXAMPLES, VOCABULARY))
    assert isinstance(found, Checked) and found.checked == 5
    assert report.findings_json(found.findings, found.checked) == run("-d", str(EXAMPLES), "check", "--json").json()
    ignored = check_vault(Vault(EXAMPLES, VOCABULARY), ignore={Code.PLACEHOLDER, Code.EMPTY_BULLET, Code.NO_DATE})
    assert [(f.line, f.code) for f in ignored.findings] == [(54, Code.MALFORMED_LINK)]


def test_check_vault_by_path_and_by_course(run, write, tmp_path):
    write("algebra/week-1.md", "---\ncourse: Algebra\ndate: 2024-01-01\n---\n## Readings\n- []  empty box\n")
    write("algebra/week-3.md", "---\ncourse: Algebra\ndate: 2024-01-15\n---\n## Readings\n- [ ] a\n")
    write("notes.md", "- [ x] spaced\n")
    by_path = check_vault(Vault(tmp_path, VOCABULARY), ["notes.md"])
    assert (by_path.checked, [(f.path, f.code) for f in by_path.findings]) == (1, [("notes.md", Code.NEAR_MISS)])
    by_course = check_vault(Vault(tmp_path, VOCABULARY), course="alg")
    found = {(f.path, f.code) for f in by_course.findings}
    assert by_course.checked == 2 and ("algebra/week-1.md", Code.NEAR_MISS) in found
    assert Code.WEEK_GAP in {code for _, code in found} and "notes.md" not in {path for path, _ in found}
    assert (
        report.findings_json(by_course.findings, 2) == run("-d", str(tmp_path), "check", "-c", "alg", "--json").json()
    )
    with pytest.raises(NotFoundError, match=r"no such file: nowhere\.md"):
        check_vault(Vault(tmp_path, VOCABULARY), ["nowhere.md"])


# ---- the JSON form of each result type --------------------------------------------------------------

WEEK_KEYS = {"path", "course", "week", "title", "date", "readings", "exercises", "other", "overdue", "parts", "unit"}


def test_finding_and_checked_json_keys():
    found = check_vault(Vault(EXAMPLES, VOCABULARY))
    value = report.findings_json(found.findings, found.checked)
    assert set(value) == {"findings", "errors", "warnings", "notes"}
    assert found.findings and all(
        set(f) == {"path", "line", "level", "code", "message", "fix"} for f in value["findings"]
    )


def test_stats_json_keys():
    courses = group_courses(weeks_of(Vault(EXAMPLES, VOCABULARY))())
    value = report.stats_json(compute(courses, dt.date(2024, 3, 28), 3))
    assert set(value) == set(Stats._fields)  # every figure, under its own name
    assert len(value["weeks"]) == 3 and all(set(w) == {"week", "start", "completed"} for w in value["weeks"])
    assert value["overdue"] and all(set(w) == WEEK_KEYS for w in value["overdue"])
    assert all(set(w[s]) == {"done", "total"} for w in value["overdue"] for s in ("readings", "exercises", "other"))


def test_code_json_keys(run):
    codes = run("check", "--codes", "--json").json()
    assert [c["code"] for c in codes] == list(Code) and codes == as_json(Codes(tuple(Code)))
    assert all(set(c) == {"code", "level", "finds"} for c in codes)


def test_setting_json_keys(run, tmp_path):
    value = run("-d", str(tmp_path), "config", "--json").json()
    settings = {k: v for k, v in value.items() if k != "files"}
    assert set(settings) == {
        "dir",
        "readings",
        "exercises",
        "record_done_dates",
        "exclude",
        "week_pattern",
        "courses",
        "classify_items",
        "git",
    }
    assert all(set(s) == {"value", "source"} for s in settings.values())
    assert set(value["files"]) == {"user", "vault"}
    assert all(set(f) == {"path", "exists"} for f in value["files"].values())


COUNT_KEYS = {"done", "total"}
ITEM_KEYS = {"number", "section", "heading", "text", "url", "done", "line", "done_on", "due", "section_from"}
ITEM_KEYS |= {"status", "cancelled_on", "recurrence", "done_source", "placeholder"}


def as_json(result: object) -> Any:
    """A result's JSON, as `notes ... --json` prints it."""
    json = OUTPUTS[type(result)].json
    assert json is not None
    return json(result)


def _week_keys_hold(week: dict) -> bool:
    """A week's JSON object has the week keys, its counts theirs, and its parts theirs."""
    counts = all(set(week[s]) == COUNT_KEYS for s in ("readings", "exercises", "other"))
    return set(week) >= WEEK_KEYS and counts and all(set(p) == {"path", "line"} for p in week["parts"])


def test_listed_json_keys():
    courses = group_courses(weeks_of(Vault(EXAMPLES, VOCABULARY))())
    value = as_json(Listed(tuple(courses), {}, DAY))
    assert value and all(_week_keys_hold(w) and set(w) == WEEK_KEYS for w in value)


def test_shown_json_keys():
    week = weeks_of(Vault(EXAMPLES, VOCABULARY))()[0]
    value = as_json(Shown(week, DAY, {}))
    assert _week_keys_hold(value) and set(value) == WEEK_KEYS | {"items"}
    assert value["items"] and all(set(i) == ITEM_KEYS for i in value["items"])


def test_marked_and_added_json_keys(examples):
    vault = Vault(examples, VOCABULARY)
    week = weeks_of(vault)()[0]
    updated, changes = vault.set_done(week, [1, 2], True)
    value = as_json(Marked(updated, tuple(changes), True, DAY))
    assert set(value) == WEEK_KEYS | {"items", "changed", "unchanged"} and _week_keys_hold(value)
    assert all(set(i) == ITEM_KEYS for i in value["items"])
    updated, task = vault.add_task(updated, Section.READINGS, "Paper")
    value = as_json(Added(updated, task, DAY))
    assert set(value) == WEEK_KEYS | {"items", "added"} and value["added"] == task.number and _week_keys_hold(value)
    with pytest.raises(ValueError):  # made for people, without today: no JSON
        as_json(Marked(updated, tuple(changes), True, None))


def test_progress_json_keys():
    courses = group_courses(weeks_of(Vault(EXAMPLES, VOCABULARY))())
    value = as_json(Progress(tuple(courses), {}, DAY))
    assert set(value) == {"courses", "total"} and set(value["total"]) == {"readings", "exercises", "other"}
    assert all(set(c) == {"course", "weeks", "readings", "exercises", "other"} for c in value["courses"])
    assert all(_week_keys_hold(w) for c in value["courses"] for w in c["weeks"])


def test_logged_json_keys():
    dates = Dates(weeks_of(Vault(EXAMPLES, VOCABULARY))())
    value = as_json(Logged(tuple(done_log(dates))))
    assert value and all(
        set(e) == {"date", "path", "course", "week", "number", "section", "text", "source", "commit"} for e in value
    )


def test_picked_json_keys():
    courses = group_courses(weeks_of(Vault(EXAMPLES, VOCABULARY))())
    value = as_json(Picked(tuple(next_tasks(courses, 3)), None, False))
    assert value and all(
        set(i) == {"course", "week", "path", "number", "section", "text", "url", "line", "placeholder"} for i in value
    )


def test_new_note_has_no_json_form_and_is_a_path_and_text():
    """`new` prints a note, not JSON: its result type is exactly where and what."""
    assert NewNote._fields == ("path", "text", "title")


# ---- week resolution ------------------------------------------------------------------------------


def test_a_python_caller_finds_the_note_a_week_word_names():
    vault = Vault(EXAMPLES, VOCABULARY)

    def load(name):
        file = vault.find_file(name)
        return vault.load(file) if file is not None else None

    def find(word, course=None):
        return find_note(word, course, suffixes=(".md",), load=load, weeks=weeks_of(vault)).path

    assert find("2") == "_posts/2024-03-06-agi-safety-fundamentals-week-2.md"
    assert find("_posts/2024-03-01-setting-up-this-blog.md") == "_posts/2024-03-01-setting-up-this-blog.md"
    for word, message in (("9", "no week 9"), ("nope.md", "no such file"), ("nope", "neither a week number")):
        with pytest.raises(NotFoundError, match=message):
            find(word)
