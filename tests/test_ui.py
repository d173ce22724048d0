"""`notes ui`, driven headless with Textual's pilot: the app is the one `notes --dir ... ui` builds, caught
before it takes the terminal. Screens are pinned as SVG snapshots (tests/__snapshots__/test_ui/)."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from notes_cli import ui
from notes_cli.ui import HelpScreen, NotesApp, StatsScreen, has_terminal

from .conftest import EXAMPLES, SEED_NAME

SEED = f"_posts/{SEED_NAME}"
WEEK_1 = "_posts/2024-02-28-agi-safety-fundamentals-week-1.md"  # `notes next` goes here: week 0's are placeholders
EXERCISE_3 = "Exercise 3: Summarise the strongest argument against the background claims."  # week 1's item 6
WEEK_3 = "_posts/2024-03-13-agi-safety-fundamentals-week-3.md"


@pytest.fixture
def start(run, monkeypatch) -> Callable[..., NotesApp]:
    """`start(FOLDER, ARGS...)`: run `notes --dir FOLDER ui ARGS...` and return the app it would have run."""
    apps: list[NotesApp] = []
    monkeypatch.setattr(ui, "POLL_SECONDS", 3600)  # the tests say when the notes are looked at again
    monkeypatch.setattr(ui, "has_terminal", lambda: True)  # CliRunner's stdin and stdout are not one

    def starter(folder: Path, *args: str, env: dict[str, str] | None = None) -> NotesApp:
        with monkeypatch.context() as patch:
            patch.setattr(NotesApp, "run", lambda self, **_: apps.append(self))
            result = run("--dir", str(folder), "ui", *args, env=env)
        assert (result.exit_code, result.stderr) == (0, "")
        return apps.pop()

    return starter


def drive(app: NotesApp, scenario: Callable[..., Awaitable[None]], size: tuple[int, int] = (80, 24)) -> None:
    """Run `app` headless at `size` and play `scenario(pilot)` on it."""

    async def play() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(pilot)

    asyncio.run(play())


def items(app: NotesApp) -> list[str]:
    """The ids (item numbers) of the items listed on the right."""
    return [o.id for o in app.query_one("#items").options if o.id]


def message(app: NotesApp) -> str:
    return str(app.query_one("#message").render())


def test_opens_on_the_week_next_picks_and_moves(start, run, examples):
    assert run("--dir", str(examples), "next").stdout.startswith("Week 1 · 6  exercise  Exercise 3:")
    app = start(examples)

    async def scenario(pilot):
        assert (app.shown.path, app.selected_task().number) == (WEEK_1, 6)  # as `notes next` answers
        assert items(app) == ["1", "2", "3", "4", "5", "6"]
        await pilot.press("k")
        assert app.selected_task().number == 5
        await pilot.press("j", "up", "up", "up")
        assert app.selected_task().number == 3
        await pilot.press("down")
        assert app.selected_task().number == 4
        await pilot.press("tab", "j")  # the week list: moving in it shows that week
        assert app.focused.id == "weeks" and app.shown.week == 2
        await pilot.press("n")  # back to what is next
        assert (app.shown.path, app.selected_task().number, app.focused.id) == (WEEK_1, 6, "items")

    drive(app, scenario)


@pytest.mark.parametrize("record", ["0", "1"])
def test_space_writes_what_notes_done_writes_and_undoes_it(start, run, examples, tmp_path, record):
    other = shutil.copytree(examples, tmp_path / "other")
    env = {"NOTES_RECORD_DONE_DATES": record}
    original = (examples / WEEK_1).read_bytes()
    assert run("--dir", str(other), "done", "1", "6", env=env).exit_code == 0
    app = start(examples, env=env)

    async def scenario(pilot):
        await pilot.press("space")
        assert (examples / WEEK_1).read_bytes() == (other / WEEK_1).read_bytes() != original
        assert f"marked done  6  {EXERCISE_3}" in message(app)
        assert app.selected_task().done and app.shown.tally.exercises.done == 3
        await pilot.press("space")
        assert (examples / WEEK_1).read_bytes() == original
        assert "marked not done  6" in message(app)

    drive(app, scenario)
    dated = f"{EXERCISE_3} \u2705 2024-03-20\n".encode()  # the done date, as `done` writes it
    assert (dated in (other / WEEK_1).read_bytes()) == (record == "1")


@pytest.mark.parametrize("record", ["0", "1"])
def test_space_twice_on_an_item_with_a_done_date_gives_the_date_back(start, examples, record):
    original = (examples / WEEK_1).read_bytes()
    app = start(examples, env={"NOTES_RECORD_DONE_DATES": record})

    async def scenario(pilot):
        await pilot.press("k")  # item 5, done on 2024-03-05
        assert app.selected_task().done_on == dt.date(2024, 3, 5)
        await pilot.press("space")
        assert b"1e27 FLOP. \xe2\x9c\x85" not in (examples / WEEK_1).read_bytes()  # undo takes the date away
        await pilot.press("space")
        assert (examples / WEEK_1).read_bytes() == original
        assert app.selected_task().done_on == dt.date(2024, 3, 5)

    drive(app, scenario)


def test_space_gives_a_date_back_only_to_the_item_it_took_it_from_and_only_a_written_one(start, tmp_path):
    note = tmp_path / "c" / "week-01.md"
    note.parent.mkdir()
    note.write_text("## Exercises\n- [x] same ✅ 2024-03-01\n- [ ] same\n- [ ] ticked later\n")
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "one"], check=True)
    note.write_text("## Exercises\n- [x] same ✅ 2024-03-01\n- [ ] same\n- [x] ticked later\n")  # dated by git
    app = start(tmp_path, env={"NOTES_GIT": "1", "NOTES_RECORD_DONE_DATES": "0"})

    async def scenario(pilot):
        assert app.selected_task().number == 2  # what `next` picks
        await pilot.press("k", "space")  # item 1: its date goes
        await pilot.press("j", "space")  # item 2, the same text: marked done without item 1's date
        assert note.read_text() == "## Exercises\n- [ ] same\n- [x] same\n- [x] ticked later\n"
        await pilot.press("j")
        assert app.selected_task().done_on is not None  # a date from the working tree, not written in the note
        await pilot.press("space", "space")
        assert note.read_text() == "## Exercises\n- [ ] same\n- [x] same\n- [x] ticked later\n"

    drive(app, scenario)


def test_a_stale_note_is_refused_and_shown(start, examples):
    app = start(examples)
    note = examples / WEEK_1
    changed = note.read_bytes().replace(b"## Readings\n", b"## Readings\n\n- [ ] A reading added in the editor\n")

    async def scenario(pilot):
        note.write_bytes(changed)  # item 6 moves down a line; the screen has not been refreshed
        await pilot.press("space")
        assert note.read_bytes() == changed  # nothing written
        assert "error:" in message(app) and "changed since it was read" in message(app)
        assert "A reading added in the editor" in [t.text for t in app.shown.tasks]  # shown now
        assert (app.selected_task().text, app.selected_task().number) == (EXERCISE_3, 7)  # the same item
        await pilot.press("space")  # seen now, so it can be ticked
        assert f"- [x] {EXERCISE_3}\n".encode() in note.read_bytes()

    drive(app, scenario)


def test_an_outside_change_is_shown_keeping_the_selection(start, examples):
    app = start(examples)
    note = examples / WEEK_1

    async def scenario(pilot):
        await pilot.press("k")
        assert app.selected_task().text.startswith("Exercise 2")
        text = note.read_text(encoding="utf-8").replace("- [x] Exercise 1", "- [ ] Exercise 1")
        note.write_text(text.replace("## Exercises\n", "## Exercises\n\n- [ ] A new exercise\n"), encoding="utf-8")
        app.poll()
        await pilot.pause()
        assert app.shown.tally.exercises.done == 1 and items(app) == [str(n) for n in range(1, 8)]
        assert app.selected_task().text.startswith("Exercise 2") and app.selected_task().number == 6
        app.poll()  # nothing changed since: nothing happens
        assert app.selected_task().number == 6

    drive(app, scenario)


def test_filter_shows_the_weeks_and_items_with_the_text(start, examples):
    app = start(examples)

    async def scenario(pilot):
        await pilot.press("slash", *"goal", "enter")
        assert [o.id for o in app.query_one("#weeks").options if o.id] == [WEEK_3]
        assert app.shown.path == WEEK_3 and items(app) == ["1", "3"]
        assert app.focused.id == "items"
        await pilot.press("escape")
        assert len(items(app)) == 4 and app.query_one("#filter").value == ""

    drive(app, scenario)


def test_stats_and_keys_screens(start, examples):
    app = start(examples)

    async def scenario(pilot):
        await pilot.press("s")
        assert isinstance(app.screen, StatsScreen)
        await pilot.press("space")  # the main screen's keys are off meanwhile
        assert isinstance(app.screen, StatsScreen)
        assert (examples / WEEK_1).read_bytes() == (EXAMPLES / WEEK_1).read_bytes()
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert len(app.screen_stack) == 1

    drive(app, scenario)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_stats_screen_takes_done_dates_from_git(start, examples):
    """In a vault kept in git, the stats screen dates ticks by their commits, as `notes stats` does."""
    (examples / ".notes.yaml").unlink()  # examples/ turns history off: this repository's history is the tool's
    when = "2024-03-18T21:30:00+01:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    git = ["git", "-C", str(examples), "-c", "user.name=S", "-c", "user.email=s@example.org"]
    for args in (["init", "-q"], ["add", "."], ["commit", "-qm", "my notes"]):
        subprocess.run([*git, *args], check=True, env=env, capture_output=True)
    without = start(examples)
    app = start(examples, env={"NOTES_GIT": "1"})

    async def scenario(pilot):
        await pilot.press("s")
        assert isinstance(app.screen, StatsScreen)
        assert app.screen.figures.done_without_date == 0  # the two undated ticks were committed on the 18th
        assert app.screen.figures.weeks[-1].completed == 2 + without_figures()[-1].completed

    def without_figures():
        from notes_cli import stats

        return stats.compute(without.load(), without.today(), 8).weeks

    drive(app, scenario)


def test_add_writes_what_notes_add_writes(start, run, examples, tmp_path):
    other = shutil.copytree(examples, tmp_path / "other")
    assert run("--dir", str(other), "add", "1", "exercise", "Summarise [it] in *five* sentences").exit_code == 0
    original = (examples / WEEK_1).read_bytes()
    app = start(examples)

    async def scenario(pilot):
        await pilot.press("k", "k", "k", "a")  # on a reading: the reading list is chosen
        assert str(app.screen.query_one("#what").render()) == "Add a reading to AGI Safety Fundamentals - Week 1"
        await pilot.press("escape")  # cancelled: nothing changes
        assert (examples / WEEK_1).read_bytes() == original
        await pilot.press("j", "a")  # on an exercise: the exercise list is chosen
        await pilot.press(*"Sum")
        app.screen.query_one("#text").value += "marise [it] in *five* sentences"
        await pilot.press("enter")
        assert (examples / WEEK_1).read_bytes() == (other / WEEK_1).read_bytes()
        assert app.selected_task().number == 7 and "added  7" in message(app)
        await pilot.press("a")
        assert str(app.screen.query_one("#what").render()) == "Add an exercise to AGI Safety Fundamentals - Week 1"
        await pilot.click("#reading")  # the other list
        assert str(app.screen.query_one("#what").render()).startswith("Add a reading to")
        await pilot.press("escape")  # cancelled: nothing changes
        assert (examples / WEEK_1).read_bytes() == (other / WEEK_1).read_bytes()

    drive(app, scenario)


def test_open_opens_what_notes_open_opens(start, examples, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or True)
    app = start(examples)

    async def scenario(pilot):
        await pilot.press("o")  # week 1, item 6: an exercise
        assert "item 6 has no link" in message(app)
        await pilot.press("k", "k", "k", "o")
        assert opened == ["https://medium.com/@richardcngo/visualizing-the-deep-learning-revolution-722098eb9c5"]
        assert "opened https://medium.com/" in message(app)
        await pilot.press("tab", "k", "tab")  # week 0, its first item
        assert (app.shown.path, app.selected_task().number) == (SEED, 1)
        await pilot.press("j", "j", "o")  # item 3: link-to-reading-3
        assert "only http, https and mailto links are opened" in message(app) and len(opened) == 1
        assert "--print" not in message(app) and "the link is link-to-reading-3" in message(app)
        await pilot.press("k", "k", "o")
        assert opened[1:] == ["https://www.youtube.com/watch?v=zjkBMFhNj_g"] and "opened https://www" in message(app)

    drive(app, scenario)


def test_without_a_browser_open_shows_the_link_not_a_command_line_option(start, examples, monkeypatch):
    monkeypatch.setattr("webbrowser.open", lambda url: False)
    app = start(examples)

    async def scenario(pilot):
        await pilot.press("k", "k", "k", "o")
        shown = message(app)
        assert "no web browser could be started" in shown and "--print" not in shown
        assert "the link is https://medium.com/@richardcngo/" in shown

    drive(app, scenario)


def test_the_narrowest_footer_still_says_how_to_see_the_keys_and_quit(start, examples):
    app = start(examples)

    async def scenario(pilot):
        footer = [b.binding.description for b in app.active_bindings.values() if b.binding.show][:3]
        assert footer == ["done", "keys", "quit"]

    drive(app, scenario)


def test_edit_runs_the_editor_at_the_item_and_shows_its_change(start, examples, tmp_path, monkeypatch):
    editor = tmp_path / "editor"
    editor.write_text('#!/bin/sh\necho "$@" > "$0.args"\nsed -i "s/against the background/for the background/" "$2"\n')
    editor.chmod(0o755)
    monkeypatch.setenv("VISUAL", f"{editor}")
    monkeypatch.setattr("notes_cli.launch.PLUS_LINE_EDITORS", {"editor"})
    app = start(examples)

    async def scenario(pilot):
        await pilot.press("e")
        assert app.selected_task().text == EXERCISE_3.replace("against", "for")

    drive(app, scenario)
    assert (tmp_path / "editor.args").read_text() == f"+26 {examples / WEEK_1}\n"


def test_note_text_is_shown_as_typed_under_its_headings(start, write, tmp_path):
    write(
        "week-1.md",
        "---\ntitle: '[b]Bold[/b] week'\n---\n## Readings\n### [i]Part[/i] 1\n- [ ] [red]x[/red] \x1b[2J\u202e\n"
        "### Part 2\n- [ ] y\n",
    )
    app = start(tmp_path)

    async def scenario(pilot):
        screen = app.export_screenshot()
        assert "[b]Bold[/b]&#160;week" in screen and "[red]x[/red]&#160;\\x1b[2J\\u202e" in screen
        prompts = [str(o.prompt) for o in app.query_one("#items").options if o.disabled]
        assert prompts == ["Readings  0/2", "[i]Part[/i] 1", "Part 2"]  # headings as `notes show` lists them

    drive(app, scenario)


def test_without_textual_it_says_how_to_get_it(run, monkeypatch):
    for name in [n for n in sys.modules if n == "notes_cli.ui" or n.partition(".")[0] == "textual"]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "textual", None)  # as if it were not installed
    result = run("--dir", str(EXAMPLES), "ui")
    assert result.exit_code == 1 and result.stdout == ""
    assert "notes ui needs Textual, which is not installed" in result.stderr
    assert "pip install -e '.[ui]'" in result.stderr


def test_what_is_wrong_is_said_before_the_screen_is_taken(start, run, examples, monkeypatch):
    app = start(examples, "--course", "agi")
    assert {w.course for c in app.load() for w in c.weeks} == {"AGI Safety Fundamentals"}
    monkeypatch.setattr(NotesApp, "run", lambda self, **_: pytest.fail("the screen was taken"))
    result = run("--dir", str(examples), "ui", "--course", "biology")
    assert result.exit_code == 1 and "no course matches “biology”" in result.stderr
    result = run("--dir", str(examples), "ui", env={"NOTES_TODAY": "someday"})
    assert result.exit_code == 2 and "NOTES_TODAY=someday is not a date" in result.stderr


def test_without_a_terminal_it_refuses_before_taking_the_screen(run, examples, monkeypatch):
    monkeypatch.setattr(NotesApp, "run", lambda self, **_: pytest.fail("the screen was taken"))
    result = run("--dir", str(examples), "ui")  # CliRunner's stdin and stdout are not a terminal
    assert (result.exit_code, result.stdout) == (2, "")
    assert "notes ui needs a terminal" in result.stderr


@pytest.mark.parametrize("redirected", ["stdin", "stdout", "stderr"])
def test_any_stream_redirected_is_refused(redirected, monkeypatch):
    """Textual draws on stderr: `notes ui 2>log` drew into the file, blank on screen, while keys edited notes."""

    class Terminal:
        def isatty(self) -> bool:
            return True

    class Redirected:
        def isatty(self) -> bool:
            return False

    for name in ("stdin", "stdout", "stderr"):
        monkeypatch.setattr(sys, name, Redirected() if name == redirected else Terminal())
    assert not has_terminal()
    monkeypatch.setattr(sys, redirected, Terminal())
    assert has_terminal()


def test_other_commands_do_not_import_textual():
    env = {**os.environ, "NOTES_TODAY": "2024-03-20"}
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "notes_cli", "--dir", str(EXAMPLES), "weeks"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert "AGI Safety Fundamentals" in out.stdout and " rich" in out.stderr and "textual" not in out.stderr


# ---- snapshots: `pytest --snapshot-update` rewrites them after a deliberate change ------------------


def test_snapshot_main_screen(start, examples, snap_compare):
    """The README's picture."""
    assert snap_compare(start(examples), terminal_size=(80, 24))


def test_snapshot_placeholders(start, examples, snap_compare):
    """Week 0, chosen in the week list: items left from the template are marked."""
    assert snap_compare(start(examples), press=["tab", "k", "tab", "j", "j"], terminal_size=(80, 24))


def test_snapshot_narrow(start, examples, snap_compare):
    assert snap_compare(start(examples), terminal_size=(60, 20))


def test_snapshot_stats(start, examples, snap_compare):
    assert snap_compare(start(examples), press=["s"])


def test_snapshot_keys(start, examples, snap_compare):
    assert snap_compare(start(examples), press=["question_mark"])


def test_weeks_that_are_sections_of_one_note_are_listed_apart(start, write, tmp_path):
    plan = write("plan.md", "# Plan\n\n## Week 1\n\n- [ ] Read chapter 1\n\n## Week 2\n\n- [ ] Read chapter 2\n")
    app = start(tmp_path)

    async def scenario(pilot):
        weeks = [o for o in app.query_one("#weeks").options if o.id]
        assert len(weeks) == 2 and len({o.id for o in weeks}) == 2  # one path, two weeks
        await pilot.press("tab", "j")
        assert app.shown.week == 2 and [t.text for t in app.shown.tasks] == ["Read chapter 2"]
        plan.write_text(plan.read_text(encoding="utf-8") + "- [ ] Read chapter 3\n", encoding="utf-8")
        app.poll()  # read again: week 2 stays shown
        await pilot.pause()
        assert app.shown.week == 2 and len(app.shown.tasks) == 2
        assert app.query_one("#weeks").highlighted_option.id == weeks[1].id

    drive(app, scenario)
