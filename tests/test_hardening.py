"""Attacks on the tool: hostile and broken vaults, concurrent edits, faults, and text aimed at the terminal.
Each test states a promise and fails if it breaks. Tests that would hang if the promise broke run the tool
as a separate process with a time limit (a guard against hanging, not a speed goal)."""

from __future__ import annotations

import errno
import multiprocessing
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from notes_cli.errors import FileError
from notes_cli.fsio import MAX_NOTE_BYTES
from notes_cli.parse import parse_note
from notes_cli.vault import Vault

from .conftest import VOCABULARY, invoke
from .reference import reference_tasks

AS_ROOT = os.geteuid() == 0
HANG_GUARD = 60  # seconds


def notes(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m notes_cli ARGS` as its own process, without colour, failing the test if it hangs."""
    env = {k: v for k, v in os.environ.items() if k not in ("NOTES_DIR", "FORCE_COLOR")}
    return subprocess.run(
        [sys.executable, "-m", "notes_cli", *args],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
    )


READING = "## Readings\n- [ ] a reading\n"


# ---- The vault ------------------------------------------------------------------------------------


def test_fifo_named_like_a_note_is_skipped_never_read(tmp_path):
    (tmp_path / "week-1.md").write_text(READING)
    os.mkfifo(tmp_path / "week-9.md")
    result = notes("-d", str(tmp_path), "weeks", "--json")
    assert result.returncode == 0
    assert "week-9.md: not a regular file; skipped" in result.stderr
    shown = notes("-d", str(tmp_path), "show", "week-9.md")
    assert shown.returncode == 1 and "not a regular file" in shown.stderr


def test_socket_named_like_a_note_is_skipped(tmp_path):
    (tmp_path / "week-1.md").write_text(READING)
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "week-8.md"))
        result = notes("-d", str(tmp_path), "weeks", "--json")
    finally:
        server.close()
    assert result.returncode == 0
    assert "week-8.md: not a regular file; skipped" in result.stderr


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_device_as_vault_or_note_is_refused_at_once(tmp_path, device):
    result = notes("-d", device, "weeks")
    assert result.returncode == 2 and "not a folder" in result.stderr
    result = notes("-d", str(tmp_path), "show", device)
    assert result.returncode == 1 and "not a regular file" in result.stderr


def test_symlink_loop_between_two_folders_ends_and_lists_each_note_once(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "week-1.md").write_text(READING)
    (tmp_path / "b" / "week-2.md").write_text(READING)
    (tmp_path / "a" / "to-b").symlink_to(tmp_path / "b")
    (tmp_path / "b" / "to-a").symlink_to(tmp_path / "a")
    result = notes("-d", str(tmp_path), "weeks", "--json")
    assert result.returncode == 0, result.stderr
    assert sorted(w["week"] for w in __import__("json").loads(result.stdout)) == [1, 2]


def test_broken_symlink_warns_and_a_link_to_a_note_outside_is_followed(run, tmp_path):
    vault = tmp_path / "vault"
    vault.mkdir()
    (tmp_path / "outside.md").write_text("## Readings\n- [x] outside\n")
    (vault / "week-1.md").symlink_to(tmp_path / "outside.md")
    (vault / "week-2.md").symlink_to(tmp_path / "missing.md")
    result = run("-d", str(vault), "weeks", "--json")
    assert result.exit_code == 0
    assert [w["week"] for w in result.json()] == [1]
    assert "week-2.md: broken symbolic link; skipped" in result.stderr


@pytest.mark.skipif(AS_ROOT, reason="root reads folders without read permission; see the simulated test")
def test_unreadable_folder_warns_and_the_rest_is_listed(run, tmp_path):
    (tmp_path / "week-1.md").write_text(READING)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "week-2.md").write_text(READING)
    locked.chmod(0)
    try:
        result = run("-d", str(tmp_path), "weeks", "--json")
    finally:
        locked.chmod(0o755)
    assert [w["week"] for w in result.json()] == [1]
    assert "locked: cannot read this folder" in result.stderr


def test_unreadable_folder_simulated(run, tmp_path, monkeypatch):
    import notes_cli.vault

    (tmp_path / "week-1.md").write_text(READING)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "week-2.md").write_text(READING)
    real_scandir = os.scandir

    def scandir(path):
        if Path(path) == locked:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(notes_cli.vault.os, "scandir", scandir)
    result = run("-d", str(tmp_path), "weeks", "--json")
    assert result.exit_code == 0
    assert [w["week"] for w in result.json()] == [1]
    assert "warning: locked: cannot read this folder (permission denied); its notes are skipped" in result.stderr


def test_file_deleted_between_scan_and_read(run, tmp_path, monkeypatch):
    (tmp_path / "week-1.md").write_text(READING)
    (tmp_path / "week-2.md").write_text(READING)
    real_scandir = os.scandir

    def vanishing(path):
        """The folder as it was listed, week-2.md included; the file is deleted right after."""
        entries = list(real_scandir(path))
        if Path(path) == tmp_path:
            for entry in entries:
                entry.is_file()  # known before it goes (DirEntry keeps the answer), as when the listing ran first
            (tmp_path / "week-2.md").unlink()
        return iter(entries)

    monkeypatch.setattr(os, "scandir", vanishing)
    result = run("-d", str(tmp_path), "weeks", "--json")
    assert result.exit_code == 0
    assert [w["week"] for w in result.json()] == [1]
    assert "week-2.md: cannot read this note (no such file or directory)" in result.stderr


def test_file_name_that_is_not_utf8(tmp_path):
    name = os.fsencode(tmp_path) + b"/week-3-\xff.md"
    with open(name, "wb") as handle:
        handle.write(b"## Readings\n- [ ] a\n")
    listed = notes("-d", str(tmp_path), "weeks", "--json")
    assert listed.returncode == 0, listed.stderr
    assert '"path": "week-3-\\udcff.md"' in listed.stdout
    shown = notes("-d", str(tmp_path), "show", "3")
    assert shown.returncode == 0 and "week-3-\\udcff.md" in shown.stdout
    assert notes("-d", str(tmp_path), "done", "3", "1").returncode == 0
    with open(name, "rb") as handle:
        assert handle.read() == b"## Readings\n- [x] a\n"


def test_huge_note_is_skipped_without_reading_it(run, tmp_path):
    (tmp_path / "week-1.md").write_text(READING)
    with open(tmp_path / "week-2.md", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # 50 MB, sparse: only its size is ever looked at
    result = run("-d", str(tmp_path), "weeks", "--json")
    assert [w["week"] for w in result.json()] == [1]
    assert "week-2.md: larger than 2 MiB, too large for a note; skipped" in result.stderr


def test_largest_allowed_note_with_a_1mb_line_and_10000_tasks(tmp_path):
    line = "- [ ] " + "x" * 1_000_000 + "\n"
    tasks = "".join(f"- [ ] task {i}\n" for i in range(10_000))
    text = "## Readings\n" + line + tasks
    assert len(text.encode()) < MAX_NOTE_BYTES
    path = tmp_path / "week-1.md"
    path.write_text(text)
    vault = Vault(tmp_path, VOCABULARY)
    note = vault.load(path)
    assert len(note.tasks) == 10_001
    vault.set_done(note, [10_001], True)
    assert path.read_text() == text.replace("- [ ] task 9999", "- [x] task 9999")


@pytest.mark.parametrize(
    "text",
    [
        "".join("  " * i + "- [ ] deep\n" for i in range(1000)),
        "".join(">" * i + " - [ ] quoted\n" for i in range(1000)),
        "- " * 1000 + "[ ] x\n",
        "> " * 1000 + "- [ ] x\n",
        "[" * 10000 + "\n- [ ] " + "*" * 10000 + "\n",
    ],
    ids=["lists", "quotes", "bullets-on-one-line", "quotes-on-one-line", "brackets"],
)
def test_deep_nesting_has_no_recursion_error_and_matches_the_reference(text):
    note = parse_note(text, "n.md", None, VOCABULARY)
    assert [(t.line, t.done) for t in note.tasks] == reference_tasks(text)


BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
    for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize("key", ["title", "week", "date", "course", "categories"])
def test_yaml_alias_bomb_is_never_expanded(run, tmp_path, key):
    (tmp_path / "week-1.md").write_text(f"---\n{BOMB}{key}: *i\n---\n{READING}")
    for args in (["weeks", "--json"], ["show", "1"], ["progress"]):
        result = run("-d", str(tmp_path), *args)
        assert result.exit_code == 0
        assert len(result.stdout) + len(result.stderr) < 5000


@pytest.mark.parametrize(
    "front",
    [
        "!!python/object/apply:os.system ['touch pwned']",
        "title: !!python/object/apply:os.system ['touch pwned']",
        "title: [a, list]",
        "title: {a: mapping}",
        "date: YYYY-MM-DD HH:MM:SS +0000",
        "date: 2024-02-21 10:00:00 +0000",
        "no: 1\n1: yes\n? [complex, key]\n: value",
        "title: Week 1\n...",
    ],
)
def test_odd_front_matter_is_a_warning_at_most(run, tmp_path, monkeypatch, front):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "week-1.md").write_text(f"---\n{front}\n---\n{READING}")
    result = run("-d", str(tmp_path), "weeks", "--json")
    assert result.exit_code == 0
    assert result.json()[0]["readings"] == {"done": 0, "total": 1}
    assert len(result.stderr.splitlines()) <= 1
    assert not (tmp_path / "pwned").exists()


def test_thematic_break_first_without_front_matter(run, tmp_path):
    (tmp_path / "week-1.md").write_text("---\n\n## Readings\n- [ ] a\n\n***\n")
    result = run("-d", str(tmp_path), "show", "1", "--json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.json()["items"][0]["line"] == 4


def test_two_thematic_breaks_at_the_start_read_as_front_matter_say_so(run, tmp_path):
    """As Jekyll and markdown-it-py's front-matter plugin read it; the warning says which lines."""
    (tmp_path / "week-1.md").write_text("---\n\n## Readings\n- [ ] a\n\n---\n- [ ] b\n")
    result = run("-d", str(tmp_path), "show", "1", "--json")
    assert result.exit_code == 0
    assert [i["text"] for i in result.json()["items"]] == ["b"]
    assert "lines 1-6 look like front matter but are not valid YAML" in result.stderr


# ---- Edits ----------------------------------------------------------------------------------------


def concurrently(*commands: tuple[str, ...]) -> list[tuple[int, str]]:
    """Run each `notes` command line in a process of its own, forked from this one (no interpreter to start) and
    released all at once, so that their edits overlap; each one's exit code and stderr, in order."""
    context = multiprocessing.get_context("fork")
    start, outcomes = context.Event(), context.SimpleQueue()
    processes = [context.Process(target=_released, args=(start, outcomes, i, c)) for i, c in enumerate(commands)]
    for process in processes:
        process.start()
    start.set()
    for process in processes:
        process.join(HANG_GUARD)
    hung = [process for process in processes if process.exitcode is None]
    for process in hung:
        process.kill()
    assert not hung and all(process.exitcode == 0 for process in processes)
    return [outcome for _, outcome in sorted(outcomes.get() for _ in processes)]


def _released(start: Any, outcomes: Any, index: int, command: tuple[str, ...]) -> None:
    start.wait(HANG_GUARD)
    result = invoke(*command)
    outcomes.put((index, (result.exit_code, result.stderr)))


def test_twenty_concurrent_processes_on_twenty_items_lose_no_update(tmp_path):
    text = "## Exercises\n" + "".join(f"- [ ] exercise {i}\n" for i in range(1, 21))
    path = tmp_path / "week-1.md"
    path.write_text(text)
    outcomes = concurrently(*[("-d", str(tmp_path), "done", "1", str(i)) for i in range(1, 21)])
    assert all(code == 0 for code, _ in outcomes), outcomes
    assert path.read_text() == text.replace("- [ ]", "- [x]")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["week-1.md"]


def test_two_processes_flipping_one_item_leave_one_state_and_a_whole_file(tmp_path):
    text = "## Exercises\n- [ ] contested\n- [ ] other\n"
    path = tmp_path / "week-1.md"
    path.write_text(text)
    outcomes = concurrently(*[("-d", str(tmp_path), verb, "1", "1") for verb in ("done", "undo", "done", "undo")])
    assert all(code == 0 for code, _ in outcomes), outcomes
    assert path.read_text() in (text, text.replace("- [ ] contested", "- [x] contested"))


def test_interrupted_after_the_temp_file_is_written(one_item, tmp_path, monkeypatch):
    def interrupted(src, dst):
        assert Path(src).read_bytes() == b"- [x] a\n"  # the temp file is complete
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        one_item.vault.set_done(one_item.note, [1], True)
    assert one_item.path.read_bytes() == b"- [ ] a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["week-1.md"]


@pytest.mark.parametrize("failing", ["write", "fsync", "replace"])
def test_disk_full_at_any_step_keeps_the_note(one_item, tmp_path, monkeypatch, failing):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    if failing == "write":
        import notes_cli.vault

        real_fdopen = os.fdopen

        class FullDisk:
            def __init__(self, fd, mode, *args, **kwargs):
                self.file = real_fdopen(fd, mode, *args, **kwargs)
                self.write = full if mode == "wb" else self.file.write
                self.read = self.file.read

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.file.close()

        monkeypatch.setattr(notes_cli.vault.os, "fdopen", FullDisk)
    else:
        monkeypatch.setattr(os, failing, full)
    with pytest.raises(FileError, match="the disk is full"):
        one_item.vault.set_done(one_item.note, [1], True)
    monkeypatch.undo()
    assert one_item.path.read_bytes() == b"- [ ] a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["week-1.md"]


def test_hard_linked_note_is_replaced_and_its_other_name_keeps_the_old_text(tmp_path):
    path = tmp_path / "week-1.md"
    path.write_bytes(b"- [ ] a\n")
    other = tmp_path / "elsewhere.txt"
    os.link(path, other)
    vault = Vault(tmp_path, VOCABULARY)
    vault.set_done(vault.load(path), [1], True)
    assert path.read_bytes() == b"- [x] a\n"
    assert other.read_bytes() == b"- [ ] a\n"
    assert path.stat().st_nlink == 1 and other.stat().st_nlink == 1


# ---- The terminal ---------------------------------------------------------------------------------

HOSTILE = (
    "[bold red]red[/] [link=file:///etc/passwd]click[/link] \x1b[2J\x1b[31m "
    "\x1b]8;;file:///etc/passwd\x1b\\osc8\x1b]8;;\x1b\\ \x1b]52;c;cHduZWQ=\x07 a\rb\x08c \u202eevil\u202c \x9b31m"
)
RAW_CONTROLS = ["\x1b", "\x07", "\r", "\x08", "\u202e", "\u202c", "\x9b"]


def _assert_inert(output: str) -> None:
    for char in RAW_CONTROLS:
        assert char not in output, repr(char)


@pytest.mark.parametrize("columns", ["20", "80", "300"])
def test_hostile_note_text_is_inert_everywhere(run, tmp_path, columns):
    (tmp_path / "week-1.md").write_text(
        f'---\ntitle: "{HOSTILE.replace(chr(92), chr(92) * 2)}"\n---\n'
        f"## Readings\n- [ ] {HOSTILE}\n- [ ] {HOSTILE} twice\n"
    )
    env = {"COLUMNS": columns}
    for args in (
        ["weeks"],
        ["progress"],
        ["show", "1"],
        ["done", "1", "2"],
        ["undo", "1", "2"],
        ["done", "1", "red"],
        ["show", "1", "--json"],
        ["weeks", "--json"],
    ):
        result = run("-d", str(tmp_path), *args, env=env)
        _assert_inert(result.stdout)
        _assert_inert(result.stderr)
    ambiguous = run("-d", str(tmp_path), "done", "1", "evil", env=env)
    assert ambiguous.exit_code == 1 and "matches 2 items" in ambiguous.stderr
    shown = run("-d", str(tmp_path), "show", "1", env={"COLUMNS": "300"}).stdout
    assert "[bold red]red[/] [link=file:///etc/passwd]click[/link] \\x1b[2J" in shown


def test_hostile_file_name_in_a_warning_is_inert(run, tmp_path):
    (tmp_path / "week-1 \x1b[2J\x07.md").write_text("---\ntitle: [broken\n---\n")
    result = run("-d", str(tmp_path), "weeks")
    assert "week-1 \\x1b[2J\\x07.md" in result.stderr
    _assert_inert(result.stderr)
    _assert_inert(result.stdout)


def test_json_escapes_what_a_terminal_would_act_on(run, tmp_path):
    (tmp_path / "week-1.md").write_text(f"## Readings\n- [ ] {HOSTILE}\n")
    result = run("-d", str(tmp_path), "show", "1", "--json")
    _assert_inert(result.stdout)
    assert result.json()["items"][0]["text"].startswith("[bold red]red[/]")
    assert "\u202e" in result.json()["items"][0]["text"]  # escaped in the output, intact in the data
