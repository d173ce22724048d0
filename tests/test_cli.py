"""The command line: output for people (golden files), JSON for scripts, stderr and exit codes."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import typer.main

from notes_cli import __version__
from notes_cli.cli import app, app_commands
from notes_cli.errors import NotFoundError

from .conftest import EXAMPLES, SEED_NAME

SEED = f"_posts/{SEED_NAME}"
WEEK_KEYS = {"path", "course", "week", "title", "date", "readings", "exercises", "other", "overdue", "parts", "unit"}
ITEM_KEYS = {"number", "section", "heading", "text", "url", "done", "line", "done_on", "due", "section_from", "status"}
ITEM_KEYS |= {"cancelled_on", "recurrence"}
ITEM_KEYS |= {"done_source", "placeholder"}


# ---- The examples, as a user sees them --------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("weeks.txt", ["weeks"]),
        ("progress.txt", ["progress"]),
        ("show-0.txt", ["show", "0"]),
        ("show-2.txt", ["show", "2"]),
        ("weeks.json", ["weeks", "--json"]),
        ("progress.json", ["progress", "--json"]),
        ("show-0.json", ["show", "0", "--json"]),
    ],
)
def test_examples_output_is_stable(run, golden, name, args):
    result = run("--dir", str(EXAMPLES), *args)
    assert (result.exit_code, result.stderr) == (0, "")
    golden(name, result.stdout)


@pytest.mark.parametrize(
    ("name", "args", "columns"),
    [
        ("weeks-80.txt", ["weeks"], "80"),
        ("weeks-70.txt", ["weeks"], "70"),
        ("weeks-40.txt", ["weeks"], "40"),
        ("progress-80.txt", ["progress"], "80"),
        ("progress-70.txt", ["progress"], "70"),
        ("progress-40.txt", ["progress"], "40"),
        ("next-80.txt", ["next"], "80"),
        ("next-40.txt", ["next"], "40"),
        ("show-0-80.txt", ["show", "0"], "80"),
        ("show-0-40.txt", ["show", "0"], "40"),
    ],
)
def test_narrow_terminals_drop_columns_in_order(run, golden, name, args, columns):
    """At 80 columns every column says something; narrower, bars shrink, then the date and the title go."""
    result = run("--dir", str(EXAMPLES), *args, env={"COLUMNS": columns})
    # Only a link or path, alone on its line, may run past the edge: broken, it could not be copied.
    assert all(len(line) <= int(columns) or len(line.split()) == 1 for line in result.stdout.splitlines())
    assert (result.exit_code, result.stderr) == (0, "")
    golden(name, result.stdout)


def test_seed_week_reports_two_of_three_readings_and_items_at_their_lines(run):
    week = run("-d", str(EXAMPLES), "show", "0", "--json").json()
    assert set(week) == WEEK_KEYS | {"items"}
    assert (week["readings"], week["exercises"]) == ({"done": 2, "total": 3}, {"done": 0, "total": 3})
    assert [(i["number"], i["line"], i["section"]) for i in week["items"]] == [
        (1, 53, "readings"),
        (2, 54, "readings"),
        (3, 55, "readings"),
        (4, 59, "exercises"),
        (5, 60, "exercises"),
        (6, 61, "exercises"),
    ]
    lines = (EXAMPLES / SEED).read_text().splitlines()
    for item in week["items"]:
        assert lines[item["line"] - 1].startswith("- [")
    assert all(set(i) == ITEM_KEYS for i in week["items"])


def test_seed_note_is_in_the_examples_verbatim():
    shared = EXAMPLES.parent.parent / "shared" / "seed" / SEED_NAME
    if not shared.exists():
        pytest.skip("../shared/seed is not here")
    assert (EXAMPLES / SEED).read_bytes() == shared.read_bytes()


def test_weeks_lists_weeks_only_in_order(run):
    weeks = run("-d", str(EXAMPLES), "weeks", "--json").json()
    assert [(w["course"], w["week"]) for w in weeks] == [("AGI Safety Fundamentals", n) for n in range(4)]
    assert all(set(w) == WEEK_KEYS for w in weeks)
    assert not any("setting-up" in w["path"] for w in weeks)


def test_progress_json_contract(run):
    report = run("-d", str(EXAMPLES), "progress", "--json").json()
    assert set(report) == {"courses", "total"}
    course = report["courses"][0]
    assert set(course) == {"course", "weeks", "readings", "exercises", "other"}
    assert course["readings"] == {"done": 6, "total": 10}
    assert report["total"]["exercises"] == course["exercises"] == {"done": 3, "total": 11}


# ---- done and undo ----------------------------------------------------------------------------------


def test_done_and_undo_by_number_and_by_text(run, examples):
    seed = examples / SEED
    original = seed.read_bytes()
    result = run("-d", str(examples), "done", "0", "3")
    assert result.exit_code == 0, result.stderr
    assert "marked done  3  Title of Reading 3" in result.stdout
    assert "readings 3/3 · exercises 0/3" in result.stdout
    assert seed.read_bytes() == original.replace(b"- [ ] [Title of Reading 3]", b"- [x] [Title of Reading 3]")

    result = run("-d", str(examples), "undo", "0", "compute")
    assert result.exit_code == 0
    assert "marked not done  2  Compute Trends" in result.stdout
    assert seed.read_bytes().count(b"- [ ] [Compute Trends") == 1

    run("-d", str(examples), "undo", "0", "3")
    run("-d", str(examples), "done", "0", "COMPUTE")
    assert seed.read_bytes() == original.replace(b"- [X] [Compute", b"- [x] [Compute")


def test_already_in_that_state_says_so_and_exits_0(run, examples):
    before = (examples / SEED).read_bytes()
    result = run("-d", str(examples), "done", "0", "1")
    assert (result.exit_code, result.stderr) == (0, "")
    assert "already done  1" in result.stdout
    assert (examples / SEED).read_bytes() == before


def test_done_several_items_json(run, examples):
    result = run("-d", str(examples), "done", "0", "4", "exercise 2", "4", "--json")
    assert result.exit_code == 0
    data = result.json()
    assert (data["changed"], data["unchanged"]) == ([4, 5], [])
    assert data["exercises"] == {"done": 2, "total": 3}


def test_done_by_path_relative_absolute_and_non_week(run, examples):
    assert run("-d", str(examples), "done", SEED, "4").exit_code == 0
    assert run("-d", str(examples), "done", str(examples / SEED), "5").exit_code == 0
    blog = "_posts/2024-03-01-setting-up-this-blog.md"
    result = run("-d", str(examples), "done", blog, "rss")
    assert result.exit_code == 0
    assert b"- [x] Add an RSS feed" in (examples / blog).read_bytes()
    shown = run("-d", str(examples), "show", blog, "--json").json()
    assert shown["week"] is None and shown["other"] == {"done": 2, "total": 2}


def test_vault_from_env_and_current_folder(run, examples, monkeypatch):
    assert run("weeks", "--json", env={"NOTES_DIR": str(examples)}).json()[0]["week"] == 0
    monkeypatch.chdir(examples)
    assert len(run("weeks", "--json").json()) == 4
    assert run("-d", str(examples / "_posts"), "weeks", "--json", env={"NOTES_DIR": "/nonexistent"}).exit_code == 0


# ---- Errors: stderr, exit codes, candidates --------------------------------------------------------


def test_unknown_week_and_item_exit_1(run, examples):
    result = run("-d", str(examples), "show", "9")
    assert (result.exit_code, result.stdout) == (1, "")
    assert "error: no week 9" in result.stderr and "notes weeks" in result.stderr
    result = run("-d", str(examples), "done", "0", "7")
    assert result.exit_code == 1 and "has items 1-6; there is no item 7" in result.stderr
    result = run("-d", str(examples), "done", "0", "nothing like this")
    assert result.exit_code == 1 and "no item" in result.stderr
    assert run("-d", str(examples), "show", "missing.md").exit_code == 1
    assert "neither a week number" in run("-d", str(examples), "show", "zero").stderr


def test_ambiguous_item_lists_candidates_and_changes_nothing(run, examples):
    before = (examples / SEED).read_bytes()
    result = run("-d", str(examples), "done", "0", "1", "exercise")
    assert result.exit_code == 1
    assert "“exercise” matches 3 items" in result.stderr
    for number in (4, 5, 6):
        assert f"  {number}. Exercise {number - 3}" in result.stderr
    assert "hint:" in result.stderr
    assert (examples / SEED).read_bytes() == before


def test_ambiguous_week_across_courses(run, write, tmp_path):
    write("a/week-1.md", "---\ncourse: Algebra\n---\n- [ ] a\n")
    write("b/week-1.md", "---\ncourse: Biology\n---\n- [ ] b\n")
    result = run("-d", str(tmp_path), "show", "1")
    assert result.exit_code == 1
    assert "week 1 is in 2 notes" in result.stderr
    assert "Algebra · week 1 · a/week-1.md" in result.stderr and "--course" in result.stderr
    assert run("-d", str(tmp_path), "show", "1", "--course", "bio", "--json").json()["path"] == "b/week-1.md"
    assert run("-d", str(tmp_path), "done", "b/week-1.md", "1").exit_code == 0
    unknown = run("-d", str(tmp_path), "weeks", "--course", "chem")
    assert unknown.exit_code == 1 and "Algebra, Biology" in unknown.stderr


def test_usage_errors_exit_2(run, tmp_path):
    result = run("-d", str(tmp_path / "missing"), "weeks")
    assert result.exit_code == 2 and "no such folder" in result.stderr
    assert run("-d", str(tmp_path), "done", "0").exit_code == 2
    assert run("-d", str(tmp_path), "frobnicate").exit_code == 2
    (tmp_path / "file.md").write_text("x")
    assert run("-d", str(tmp_path / "file.md"), "weeks").exit_code == 2


def test_no_traceback_without_debug_and_the_exception_with_it(run, tmp_path):
    assert "Traceback" not in run("-d", str(tmp_path), "show", "3").stderr
    with pytest.raises(NotFoundError):
        run("-d", str(tmp_path), "--debug", "show", "3")


# ---- Bad input in the vault -----------------------------------------------------------------------


def test_broken_files_warn_once_and_the_rest_is_listed(run, write, tmp_path):
    write("week-1.md", "## Readings\n- [x] fine\n")
    write("week-2.md", "---\ntitle: [unclosed\n---\n## Readings\n- [ ] still counted\n")
    write("week-3.md", b"## Readings\n- [ ] caf\xe9\n")
    write("week-4.md", b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run("-d", str(tmp_path), "weeks", "--json")
    assert result.exit_code == 0
    assert [w["week"] for w in result.json()] == [1, 2]
    warnings = result.stderr.splitlines()
    assert len(warnings) == 3
    assert re.search(r"warning: week-2.md:2: lines 1-3 look like front matter but are not valid YAML", result.stderr)
    assert re.search(r"warning: week-3.md:2: not UTF-8 text", result.stderr)
    assert "warning: week-4.md: binary file" in result.stderr
    assert run("-d", str(tmp_path), "show", "week-3.md").exit_code == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read files without read permission")
def test_unreadable_file_is_a_warning(run, write, tmp_path):
    write("week-1.md", "## Readings\n- [x] fine\n")
    write("week-2.md", "## Readings\n- [x] secret\n").chmod(0)
    result = run("-d", str(tmp_path), "weeks", "--json")
    assert [w["week"] for w in result.json()] == [1]
    assert "week-2.md: cannot read" in result.stderr


def test_unreadable_file_is_a_warning_even_as_root(run, write, tmp_path, monkeypatch):
    """The same, simulated, so that it is tested when the suite runs as root (as CI does)."""
    import notes_cli.vault

    write("week-1.md", "## Readings\n- [x] fine\n")
    secret = write("week-2.md", "## Readings\n- [x] secret\n")
    real_open = os.open

    def deny_secret(path, *args, **kwargs):
        if str(path) == str(secret):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(notes_cli.vault.os, "open", deny_secret)
    result = run("-d", str(tmp_path), "weeks", "--json")
    assert result.exit_code == 0
    assert [w["week"] for w in result.json()] == [1]
    assert "warning: week-2.md: cannot read this note (permission denied)" in result.stderr
    shown = run("-d", str(tmp_path), "show", "week-2.md")
    assert shown.exit_code == 1 and "error: week-2.md: cannot read" in shown.stderr


def test_skipped_folders_and_suffixes(run, write, tmp_path):
    for name in [".git/week-1.md", ".obsidian/week-2.md", "_site/week-3.md", "node_modules/week-4.md", "week-5.txt"]:
        write(name, "## Readings\n- [ ] x\n")
    write("deep/er/week-6.markdown", "## Readings\n- [ ] x\n")
    write("UPPER/week-7.MD", "## Readings\n- [ ] x\n")
    assert [w["week"] for w in run("-d", str(tmp_path), "weeks", "--json").json()] == [6, 7]


def test_invalid_date_is_null_with_a_warning(run, write, tmp_path):
    write("week-1.md", "---\ndate: YYYY-MM-DD HH:MM:SS +0000\n---\n")
    result = run("-d", str(tmp_path), "weeks", "--json")
    assert result.json()[0]["date"] is None
    assert "not a valid YYYY-MM-DD date" in result.stderr


# ---- The terminal is safe from note text ----------------------------------------------------------


HOSTILE = "[bold red]x[/] \x1b[2J\x1b]8;;file:///etc/passwd\x07link\x1b]8;;\x07 \x1b]52;c;aGk=\x07 a\rb\x08c \u202eevil"


def test_note_text_is_printed_literally_and_inert(run, write, tmp_path):
    write("week-1.md", f'---\ntitle: "[x] [bold]T"\n---\n## Readings\n- [ ] {HOSTILE}\n')
    for args in (["weeks"], ["show", "1"], ["progress"], ["done", "1", "1"]):
        result = run("-d", str(tmp_path), *args)
        assert result.exit_code == 0
        assert "\x1b" not in result.stdout and "\x07" not in result.stdout and "\r" not in result.stdout
        assert "\u202e" not in result.stdout
    shown = run("-d", str(tmp_path), "show", "1").stdout
    assert "[x] [bold]T" in shown and "[bold red]x[/]" in shown and "\\x1b[2J" in shown
    raw = run("-d", str(tmp_path), "show", "1", "--json")
    assert "\x1b" not in raw.stdout and "\u202e" not in raw.stdout
    assert raw.json()["items"][0]["text"].startswith("[bold red]x[/] \x1b[2J")


def test_no_color_and_pipes_get_no_escape_codes(run):
    for env in ({"NO_COLOR": "1"}, {}):
        assert "\x1b" not in run("-d", str(EXAMPLES), "progress", env=env).stdout


def test_links_are_clickable_on_a_terminal_only_for_web_and_mail(run, write, tmp_path):
    write(
        "week-1.md",
        "- [ ] [web](https://ok.example)\n- [ ] [file](file:///etc/passwd)\n- [ ] [js](javascript:alert(1))\n",
    )
    out = run("-d", str(tmp_path), "show", "1", env={"FORCE_COLOR": "1", "TERM": "xterm-256color"}).stdout
    links = re.findall(r"\x1b]8;[^;]*;([^\x1b\x07]*)", out)
    assert [link for link in links if link] == ["https://ok.example"]


# ---- Help and version -----------------------------------------------------------------------------


def test_a_bug_is_reported_without_a_traceback(run, monkeypatch):
    from notes_cli.vault import Vault

    def broken(self, **options):
        raise RuntimeError("boom")

    monkeypatch.setattr(Vault, "scan", broken)
    result = run("-d", str(EXAMPLES), "weeks")
    assert result.exit_code == 1
    assert "internal error (RuntimeError: boom)" in result.stderr and "--debug" in result.stderr
    assert "Traceback" not in result.stderr


def test_interrupt_exits_130(run, monkeypatch):
    from notes_cli.vault import Vault

    def interrupted(self, **options):
        raise KeyboardInterrupt

    monkeypatch.setattr(Vault, "scan", interrupted)
    assert run("-d", str(EXAMPLES), "weeks").exit_code == 130


def test_version(run):
    result = run("--version")
    assert (result.exit_code, result.stdout) == (0, f"notes {__version__}\n")


COMMANDS = sorted(app_commands())  # every registered command, so a new one is held to the same rules


def test_the_commands_are_those_registered():
    assert len(COMMANDS) >= 16 and {"weeks", "show", "done", "undo", "progress", "new", "check"} <= set(COMMANDS)


@pytest.mark.parametrize(("args", "built"), [(["weeks", "--json"], ["weeks"]), (["done", "0", "9"], ["done"])])
def test_a_run_builds_only_the_command_it_runs(args, built):
    """Typer builds a command from its signature (15 ms for all of them, issue 14): one run, one command."""
    group = typer.main.get_command(app)
    assert sorted(group.list_commands(typer.Context(group))) == COMMANDS
    with pytest.raises(SystemExit):
        group.main(["--dir", str(EXAMPLES), *args], prog_name="notes")
    assert list(group.commands.built) == built


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(run, command):
    result = run(command, "--help")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.stdout.startswith(f"Usage: notes {command} ")
    _, example_heading, examples = result.stdout.partition("Example")
    own = [line for line in examples.splitlines() if re.match(rf"\s*notes\b.*(?<!\S){command}(?!\S)", line)]
    assert example_heading and own, f"`notes {command} --help` shows no example of `notes {command}`"


def test_main_help_lists_commands(run):
    result = run("--help")
    assert result.exit_code == 0
    for command in (*COMMANDS, "--dir", "NOTES_DIR"):
        assert command in result.stdout


def test_module_entry_point():
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-m", "notes_cli", "--version"], capture_output=True, text=True, check=True)
    assert out.stdout == f"notes {__version__}\n"
    assert Path(sys.executable).parent.joinpath("notes").exists()


@pytest.mark.parametrize("command", [[], ["new"], ["done"], ["weeks"]])
def test_help_fits_a_narrow_terminal(run, command):
    """Click lays help out at least 50 columns wide; a 40-column terminal then wrapped it again, mid-word.
    (Click keeps 10 columns for an option's text, so options with long names, as `progress` has, still pass 40.)"""
    result = run(*command, "--help", env={"COLUMNS": "40"})
    assert result.exit_code == 0
    prose = [line for line in result.stdout.splitlines() if not line.startswith("    notes ")]  # examples verbatim
    assert max(map(len, prose)) <= 40, [line for line in prose if len(line) > 40]
