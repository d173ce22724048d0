"""Done and due dates: Obsidian Tasks markers are read, and written only when asked, byte for byte."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given

from notes_cli.edit import set_done
from notes_cli.parse import parse_note

from .test_properties import documents

DAY = dt.date(2024, 3, 1)


def test_markers_are_read_and_left_out_of_the_text(run, write, tmp_path):
    write("week-1.md", "## Readings\n- [x] CSS3 ✅ 2023-10-15\n- [ ] Paper 📅 2024-01-02 ⏫\n- [ ] plain\n")
    items = run("-d", str(tmp_path), "show", "1", "--json").json()["items"]
    assert [(i["text"], i["done_on"], i["due"]) for i in items] == [
        ("CSS3", "2023-10-15", None),
        ("Paper ⏫", None, "2024-01-02"),
        ("plain", None, None),
    ]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("- [ ] a\n", "- [x] a ✅ 2024-03-01\n"),
        ("- [ ] a\r\n- [ ] b\r\n", "- [x] a ✅ 2024-03-01\r\n- [ ] b\r\n"),
        ("- [ ] a", "- [x] a ✅ 2024-03-01"),
        ("- [ ] hard break  \n  continued\n", "- [x] hard break   ✅ 2024-03-01\n  continued\n"),
        ("> 1. [ ] quoted\n", "> 1. [x] quoted ✅ 2024-03-01\n"),
    ],
    ids=["lf", "crlf", "no-final-newline", "trailing-spaces", "quote"],
)
def test_done_with_a_date_appends_the_marker_and_undo_removes_it(run, write, tmp_path, before, after):
    path = write("week-1.md", before)
    result = run("-d", str(tmp_path), "done", "1", "1", "--date", "2024-03-01")
    assert result.exit_code == 0, result.stderr
    assert path.read_bytes() == after.encode()
    assert run("-d", str(tmp_path), "undo", "1", "1", "--date").exit_code == 0
    assert path.read_bytes() == before.encode()


def test_date_alone_means_today_and_the_setting_turns_it_on(run, write, tmp_path):
    path = write("week-1.md", "- [ ] a\n- [ ] b\n- [ ] c\n")
    env = {"NOTES_TODAY": "2024-05-06"}
    assert run("-d", str(tmp_path), "done", "1", "1", "--date", env=env).exit_code == 0
    write(".notes.yaml", "record_done_dates: true\n")
    assert run("-d", str(tmp_path), "done", "1", "2", "--json", env=env).json()["items"][1]["done_on"] == "2024-05-06"
    assert path.read_text() == "- [x] a ✅ 2024-05-06\n- [x] b ✅ 2024-05-06\n- [ ] c\n"
    off = run("-d", str(tmp_path), "done", "1", "3", env={**env, "NOTES_RECORD_DONE_DATES": "0"})
    assert off.exit_code == 0 and path.read_text().endswith("- [x] c\n")


def test_undo_removes_the_done_date_it_contradicts_with_or_without_date(run, write, tmp_path):
    path = write("week-1.md", "- [x] a ✅ 2024-01-01\r\n- [x] b ✅ 2024-01-02 #tag\n- [x] c\n")
    assert run("-d", str(tmp_path), "undo", "1", "1").exit_code == 0  # as Obsidian Tasks does
    assert path.read_bytes() == "- [ ] a\r\n- [x] b ✅ 2024-01-02 #tag\n- [x] c\n".encode()
    assert run("-d", str(tmp_path), "undo", "1", "2", "3", "--date").exit_code == 0
    assert path.read_bytes() == b"- [ ] a\r\n- [ ] b #tag\n- [ ] c\n"


def test_without_recording_only_the_box_changes_and_one_marker_is_enough(run, write, tmp_path):
    path = write("week-1.md", "- [ ] a ✅ 2024-01-01\n- [ ] b\n")
    assert run("-d", str(tmp_path), "done", "1", "2").exit_code == 0
    assert path.read_text() == "- [ ] a ✅ 2024-01-01\n- [x] b\n"
    assert run("-d", str(tmp_path), "done", "1", "1", "--date", "2024-02-02").exit_code == 0
    assert path.read_text() == "- [x] a ✅ 2024-01-01\n- [x] b\n"  # one marker is enough


def test_an_item_already_done_gets_no_marker(run, write, tmp_path):
    path = write("week-1.md", "- [X] a\n")
    result = run("-d", str(tmp_path), "done", "1", "1", "--date")
    assert "already done" in result.stdout and path.read_text() == "- [X] a\n"


def test_bad_date_is_a_usage_error(run, write, tmp_path):
    path = write("week-1.md", "- [ ] a\n")
    result = run("-d", str(tmp_path), "done", "1", "1", "--date", "2024-13-01")
    assert result.exit_code == 2 and "is not a date" in result.stderr
    assert path.read_text() == "- [ ] a\n"


@given(documents())
def test_done_then_undo_with_dates_restores_the_bytes(document):
    note = parse_note(document, "n.md")
    for task in note.tasks:
        if task.done or task.status is not None or "✅" in document:  # undo opens `[-]`/`[/]` as `[ ]`
            continue
        marked = set_done(document, "n.md", [task], True, DAY)
        again = parse_note(marked, "n.md")
        after = again.tasks[task.number - 1]
        assert (after.done, after.done_on, after.text, after.line) == (True, DAY, task.text, task.line)
        assert set_done(marked, "n.md", [after], False, DAY) == document
