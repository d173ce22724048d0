"""Done and due dates: Obsidian Tasks markers are read, and written only when asked, byte for byte."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given

from notes_cli.edit import set_done
from notes_cli.model import DoneSource
from notes_cli.parse import parse_note

from .conftest import VOCABULARY
from .strategies import documents

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
    note = parse_note(document, "n.md", None, VOCABULARY)
    for task in note.tasks:
        if task.done or task.status is not None or "✅" in document:  # undo opens `[-]`/`[/]` as `[ ]`
            continue
        marked = set_done(document, "n.md", [task], True, DAY)
        again = parse_note(marked, "n.md", None, VOCABULARY)
        after = again.tasks[task.number - 1]
        assert (after.done, after.done_on, after.text, after.line) == (True, DAY, task.text, task.line)
        assert set_done(marked, "n.md", [after], False, DAY) == document


@pytest.mark.parametrize(
    "line",
    [
        "- [x] paper ✅\u00a02024-03-01",  # a no-break space after the marker, as some editors write it
        "- [x] paper ✅\u30002024-03-01",  # an ideographic space
        "- [x] paper ✅\ufe0f\u00a02024-03-01",  # the emoji presentation of the mark
        "- [x] paper\u00a0✅ 2024-03-01",  # a no-break space before it
    ],
    ids=["nbsp-after", "ideographic-space", "emoji-presentation", "nbsp-before"],
)
def test_undo_removes_the_done_date_the_reader_sees(run, write, tmp_path, line):
    path = write("week-1.md", f"## Readings\n{line}\n- [x] other ✅ 2024-03-02\n")
    result = run("-d", str(tmp_path), "undo", "1", "1", "--date")
    assert result.exit_code == 0, result.stderr
    assert path.read_text() == "## Readings\n- [ ] paper\n- [x] other ✅ 2024-03-02\n"
    items = run("-d", str(tmp_path), "show", "1", "--json").json()["items"]
    assert [(i["done"], i["done_on"]) for i in items] == [(False, None), (True, "2024-03-02")]


def test_an_undo_that_would_leave_the_done_date_is_refused(run, write, tmp_path):
    # The date is written as an HTML entity: the reader sees a done date the writer cannot remove in place.
    before = "- [x] paper &#x2705; 2024-03-01\n"
    path = write("week-1.md", before)
    result = run("-d", str(tmp_path), "undo", "1", "1")
    assert result.exit_code == 1
    assert "refusing to write" in result.stderr and "item 1" in result.stderr
    assert path.read_text() == before


def test_the_same_item_includes_its_dates():
    note = parse_note(
        "- [x] a ✅ 2024-03-01 📅 2024-03-05\n- [x] a ✅ 2024-03-02 📅 2024-03-05\n", "n.md", None, VOCABULARY
    )
    first, second = note.tasks
    assert first.same_item(first)
    assert not first.same_item(second._replace(number=1, line=1, offset=first.offset))
    assert not first.same_item(first._replace(due=None))
    assert not first.same_item(first._replace(done=False))
    # A done date that is not written in the note (from git history) is not part of what the note says.
    assert first._replace(done_on=None, done_source=None).same_item(
        first._replace(done_on=DAY, done_source=DoneSource.GIT)
    )


def test_done_and_undo_report_items_as_the_note_then_says(run, write, tmp_path):
    write("week-1.md", "- [-] a\n- [/] b\n- [x] c ✅\u00a02024-03-01\n")
    folder = str(tmp_path)
    done = run("-d", folder, "done", "1", "1", "2", "--json").json()["items"]
    assert [(i["done"], i["status"]) for i in done[:2]] == [(True, None), (True, None)]  # `[x]` now, not `[-]`
    assert done == run("-d", folder, "show", "1", "--json").json()["items"]
    undone = run("-d", folder, "undo", "1", "3", "--json").json()["items"]
    assert undone == run("-d", folder, "show", "1", "--json").json()["items"]
