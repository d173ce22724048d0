"""The parse cache: in the user cache folder, invalidated by any change, ignored when broken, optional."""

from __future__ import annotations

import datetime as dt
import marshal
import os
import signal
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import notes_cli
from notes_cli import cache, parse
from notes_cli.model import LATER
from notes_cli.vault import Vault

from .conftest import VOCABULARY

LONG_AGO = 1_700_000_000


def settle(*paths: Path) -> None:
    """Give files an old modification time (their change time stays now: see `no_racy_window`)."""
    for path in paths:
        os.utime(path, (LONG_AGO, LONG_AGO))


@pytest.fixture
def no_racy_window(monkeypatch):
    """Files changed in the last two seconds are not cached; tests that need caching make that zero."""
    monkeypatch.setattr("notes_cli.cache.RACY_NS", 0)


@pytest.fixture
def vault(tmp_path, no_racy_window):
    folder = tmp_path / "vault"
    folder.mkdir()
    note = folder / "week-1.md"
    note.write_text("## Readings\n- [ ] a\n")
    settle(note)
    return folder


def cache_files() -> list[Path]:
    return cache_files_in(Path(os.environ["XDG_CACHE_HOME"]))


def cache_files_in(folder: Path) -> list[Path]:
    return sorted((folder / "notes").glob("vault-*.sqlite"))


def parses(monkeypatch) -> list[str]:
    """Count the notes actually parsed (in this process: few notes never go to worker processes)."""
    seen: list[str] = []
    real = parse.parse_note

    def counting(text, path, *args, **kwargs):
        seen.append(path)
        return real(text, path, *args, **kwargs)

    monkeypatch.setattr("notes_cli.vault.parse_note", counting)
    monkeypatch.setattr("notes_cli.workers.parse_note", counting)
    return seen


def test_the_cache_lives_outside_the_vault_and_saves_parsing(run, vault, monkeypatch):
    seen = parses(monkeypatch)
    assert run("-d", str(vault), "weeks", "--json").json()[0]["readings"] == {"done": 0, "total": 1}
    assert seen == ["week-1.md"] and len(cache_files()) == 1
    assert sorted(p.name for p in vault.iterdir()) == ["week-1.md"]
    assert run("-d", str(vault), "weeks", "--json").json()[0]["readings"] == {"done": 0, "total": 1}
    assert seen == ["week-1.md"]  # the second run read the cache


def test_a_change_to_the_note_is_seen(run, vault, monkeypatch):
    run("-d", str(vault), "weeks", "--json")
    note = vault / "week-1.md"
    note.write_text("## Readings\n- [x] a\n")  # same size: the times and inode tell
    settle(note)
    assert run("-d", str(vault), "weeks", "--json").json()[0]["readings"] == {"done": 1, "total": 1}
    assert run("-d", str(vault), "undo", "1", "1").exit_code == 0  # through the cache: checked against the file
    assert run("-d", str(vault), "weeks", "--json").json()[0]["readings"] == {"done": 0, "total": 1}
    assert note.read_text() == "## Readings\n- [ ] a\n"


def test_a_note_changed_just_now_is_never_trusted_to_the_cache(run, vault, monkeypatch):
    monkeypatch.setattr("notes_cli.cache.RACY_NS", 2_000_000_000)
    note = vault / "week-1.md"
    for state in ("x", " ", "x"):
        note.write_text(f"## Readings\n- [{state}] a\n")  # within one clock tick, size and times may not move
        done = run("-d", str(vault), "weeks", "--json").json()[0]["readings"]["done"]
        assert done == (state == "x")


def test_configuration_and_version_make_their_own_cache(run, vault, monkeypatch):
    run("-d", str(vault), "weeks", "--json")
    (vault / ".notes.yaml").write_text("readings: [lecture]\n")
    shown = run("-d", str(vault), "show", "1", "--json").json()
    assert shown["items"][0]["section"] == "other"
    monkeypatch.setattr(notes_cli, "__version__", "99.0")
    monkeypatch.setattr("notes_cli.vault.__version__", "99.0")
    (vault / ".notes.yaml").unlink()
    run("-d", str(vault), "weeks", "--json")
    assert len(cache_files()) == 3


@pytest.mark.parametrize("damage", [b"", b"not marshal", b"\x00" * 100])
def test_a_corrupt_cache_is_ignored_and_rebuilt(run, vault, damage):
    run("-d", str(vault), "weeks", "--json")
    [cache_file] = cache_files()
    cache_file.write_bytes(damage)
    result = run("-d", str(vault), "weeks", "--json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.json()[0]["readings"] == {"done": 0, "total": 1}
    assert cache_file.stat().st_size > 100


def test_an_unwritable_cache_folder_is_skipped(run, vault, monkeypatch, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    result = run("-d", str(vault), "weeks", "--json")
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.json()[0]["week"] == 1


def test_no_cache_neither_reads_nor_writes(run, vault, monkeypatch):
    seen = parses(monkeypatch)
    run("-d", str(vault), "--no-cache", "weeks", "--json")
    assert cache_files() == []
    run("-d", str(vault), "weeks", "--json")
    run("-d", str(vault), "--no-cache", "weeks", "--json")
    assert seen == ["week-1.md"] * 3


def test_many_notes_are_parsed_in_worker_processes_with_the_same_result(tmp_path):
    for index in range(400):
        (tmp_path / f"week-{index}.md").write_text(f"## Readings\n- [{'x' if index % 3 else ' '}] r{index}\n")
    parallel = Vault(tmp_path, VOCABULARY).scan(weeks_only=True)
    one_by_one = Vault(tmp_path, VOCABULARY)  # `load` parses one note in this process
    sequential = [one_by_one.load(tmp_path / f"week-{i}.md") for i in range(400)]
    assert len(parallel.notes) == len(sequential) == 400
    assert sum(n.tally.readings.done for n in parallel.notes) == 266
    assert sorted(cache.pack(n) for n in sequential) == sorted(cache.pack(n) for n in parallel.notes)


def rows(cache_file: Path) -> dict[bytes, tuple]:
    """Every row of the cache, by path, as stored."""
    with closing(sqlite3.connect(cache_file)) as database:
        return {row[0]: row[1:] for row in database.execute("SELECT * FROM notes")}


def stored_identity(cache_file: Path) -> str:
    with closing(sqlite3.connect(cache_file)) as database:
        return database.execute("SELECT identity FROM meta").fetchone()[0].decode()


def test_an_edit_writes_the_row_of_its_note_and_nothing_else(run, vault, monkeypatch):
    (vault / "week-2.md").write_text("## Readings\n- [ ] b\n")
    settle(vault / "week-2.md")
    run("-d", str(vault), "weeks", "--json")
    [cache_file] = cache_files()
    before = rows(cache_file)
    seen = parses(monkeypatch)
    assert run("-d", str(vault), "done", "1", "1").exit_code == 0
    assert seen == []  # the digest in the cache says the file is what was parsed; the edit knows the rest
    after = rows(cache_file)
    assert after.keys() == before.keys() and after[b"week-2.md"] == before[b"week-2.md"]
    assert after[b"week-1.md"] != before[b"week-1.md"]
    written = (cache_file.read_bytes(), cache_file.stat().st_mtime_ns)
    for _ in range(2):  # and the next commands neither parse it again nor write the cache
        assert [w["readings"]["done"] for w in run("-d", str(vault), "weeks", "--json").json()] == [1, 0]
    assert seen == []
    assert (cache_file.read_bytes(), cache_file.stat().st_mtime_ns) == written
    assert sorted(p.name for p in cache_file.parent.iterdir()) == [cache_file.name]  # no log left beside it


def test_a_row_an_edit_wrote_within_a_clock_tick_of_the_change_is_checked_against_the_bytes(run, vault, monkeypatch):
    monkeypatch.setattr("notes_cli.cache.RACY_NS", 2_000_000_000)
    run("-d", str(vault), "done", "1", "1")  # the note changed just now: its row is suspect
    [cache_file] = cache_files()
    identity = stored_identity(cache_file)
    rows = list(cache.read_notes(cache_file, identity, weeks_only=False))
    entries = {shown: entry for shown, entry, _ in rows}
    assert [shown for shown, _, digest in rows if digest is not None] == ["week-1.md"]
    seen = parses(monkeypatch)
    assert run("-d", str(vault), "show", "1", "--json").json()["items"][0]["done"] is True
    assert seen == []  # the file's bytes are those of the row's digest
    key, kind, body = entries["week-1.md"]
    packed = marshal.loads(body)
    # A parse that no longer holds, under the same key (the tasks are marshalled apart: see cache.pack).
    tasks = marshal.dumps(tuple((*t[:5], False, *t[6:]) for t in marshal.loads(packed[5])))
    stale = (*packed[:5], tasks, *packed[6 : cache.DIGEST], b"\0" * 16, *packed[cache.DIGEST + 1 :])
    cache.remember(cache_file, identity, "week-1.md", (key, kind, marshal.dumps(stale)))
    assert run("-d", str(vault), "show", "1", "--json").json()["items"][0]["done"] is True
    assert seen == ["week-1.md"]


def test_a_damaged_row_is_a_miss_for_its_note_only(run, vault, monkeypatch):
    (vault / "week-2.md").write_text("## Readings\n- [x] b\n")
    settle(vault / "week-2.md")
    fresh = run("-d", str(vault), "--no-cache", "weeks", "--json").stdout
    run("-d", str(vault), "weeks", "--json")
    [cache_file] = cache_files()
    with closing(sqlite3.connect(cache_file)) as database, database:
        body = database.execute("SELECT body FROM notes WHERE path = ?", (b"week-2.md",)).fetchone()[0]
        position = body.index(b"readings")
        damaged = body[:position] + b"readhngs" + body[position + 8 :]  # a section name, as in the issue
        database.execute("UPDATE notes SET body = ? WHERE path = ?", (damaged, b"week-2.md"))
    seen = parses(monkeypatch)
    assert run("-d", str(vault), "weeks", "--json").stdout == fresh
    assert seen == ["week-2.md"]  # parsed again, and its row written anew
    assert run("-d", str(vault), "weeks", "--json").stdout == fresh and seen == ["week-2.md"]


def test_a_locked_cache_is_read_and_left_as_it_is(run, vault, monkeypatch):
    run("-d", str(vault), "weeks", "--json")
    [cache_file] = cache_files()
    monkeypatch.setattr("notes_cli.cache.STORE_TIMEOUT", 0.01)
    with closing(sqlite3.connect(cache_file, isolation_level=None)) as other:
        other.execute("BEGIN EXCLUSIVE")  # another process writing it, for longer than a command waits
        (vault / "week-2.md").write_text("## Readings\n- [x] b\n")
        settle(vault / "week-2.md")
        result = run("-d", str(vault), "weeks", "--json")
        assert (result.exit_code, result.stderr) == (0, "")
        assert [w["readings"]["done"] for w in result.json()] == [0, 1]
        assert run("-d", str(vault), "done", "1", "1").exit_code == 0  # the note is written; its row is not
        other.execute("ROLLBACK")
    seen = parses(monkeypatch)
    assert [w["readings"]["done"] for w in run("-d", str(vault), "weeks", "--json").json()] == [1, 1]
    assert sorted(seen) == ["week-1.md", "week-2.md"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes in a read-only folder")
def test_a_read_only_cache_folder_is_a_miss(run, vault):
    run("-d", str(vault), "weeks", "--json")
    [cache_file] = cache_files()
    (vault / "week-1.md").write_text("## Readings\n- [x] a\n")
    settle(vault / "week-1.md")
    cache_file.parent.chmod(0o500)
    try:
        result = run("-d", str(vault), "weeks", "--json")
    finally:
        cache_file.parent.chmod(0o700)
    assert (result.exit_code, result.stderr) == (0, "")
    assert result.json()[0]["readings"] == {"done": 1, "total": 1}


def test_a_cache_that_refuses_writes_is_read_and_left_as_it_is(run, vault, monkeypatch):
    """What a read-only cache folder or file does to SQLite, for root too (who may write anywhere)."""
    from notes_cli import fsio

    run("-d", str(vault), "weeks", "--json")
    [cache_file] = cache_files()
    opened = fsio.open_database

    def read_only(*args, **kwargs):
        database = opened(*args, **kwargs)
        if database is not None:
            database.execute("PRAGMA query_only = ON")  # every write fails: "attempt to write a readonly database"
        return database

    monkeypatch.setattr("notes_cli.cache.open_database", read_only)
    before = rows(cache_file)
    (vault / "week-1.md").write_text("## Readings\n- [x] a\n")
    settle(vault / "week-1.md")
    for command in (("weeks", "--json"), ("undo", "1", "1"), ("weeks", "--json")):
        result = run("-d", str(vault), *command)
        assert (result.exit_code, result.stderr) == (0, "")
    assert result.json()[0]["readings"] == {"done": 0, "total": 1}
    assert rows(cache_file) == before


def test_concurrent_runs_give_the_same_answers_and_leave_a_cache_that_holds(tmp_path):
    import subprocess
    import sys

    folder = tmp_path / "vault"
    folder.mkdir()
    for week in range(40):
        note = folder / f"week-{week}.md"
        note.write_text(f"## Readings\n- [{'x' if week % 2 else ' '}] r{week}\n- [ ] s{week}\n")
        os.utime(note, (LONG_AGO, LONG_AGO))
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "NOTES_DIR": str(folder)}
    # `notes` with the notes' change times trusted at once (they were written just now), so that every run writes
    driver = "import sys; from notes_cli import cache, cli; cache.RACY_NS = 0; sys.argv[0] = 'notes'; cli.main()"
    command = [sys.executable, "-c", driver, "weeks", "--json"]
    fresh = subprocess.run([*command[:3], "--no-cache", *command[3:]], env=env, capture_output=True, check=True)
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    edit = subprocess.run([*command[:3], "done", "7", "2"], env=env, capture_output=True)
    for process in runs:
        stdout, stderr = process.communicate(timeout=60)
        assert (process.returncode, stderr) == (0, b"")
        assert stdout in (fresh.stdout, _with_done(fresh.stdout, 7))  # before or after the edit
    assert edit.returncode == 0
    assert subprocess.run(command, env=env, capture_output=True).stdout == _with_done(fresh.stdout, 7)
    [cache_file] = cache_files_in(tmp_path / "cache")
    assert len(rows(cache_file)) == 40


def _with_done(output: bytes, week: int) -> bytes:
    """`weeks --json` after the second item of `week` was marked done."""
    import json

    weeks = json.loads(output)
    for entry in weeks:
        if entry["week"] == week:
            entry["readings"]["done"] += 1
    return json.dumps(weeks, ensure_ascii=False).encode() + b"\n"


def test_notes_not_weeks_are_kept_apart_and_their_front_matter_problems_still_reported(run, vault, monkeypatch):
    (vault / "other.md").write_text("---\ntitle: [unclosed\n---\nA to do list\n- [ ] milk\n")
    settle(vault / "other.md")
    first = run("-d", str(vault), "weeks", "--json")
    seen = parses(monkeypatch)
    again = run("-d", str(vault), "weeks", "--json")
    assert seen == [] and (again.stdout, again.stderr) == (first.stdout, first.stderr)
    assert "other.md" in again.stderr
    assert (
        run("-d", str(vault), "check", "other.md").stdout
        == run("-d", str(vault), "--no-cache", "check", "other.md").stdout
    )


def _edited_files() -> list[Path]:
    from .conftest import CORPUS, ROOT

    files = sorted((ROOT / "examples").rglob("*.md")) + sorted((ROOT / "tests" / "fixtures").rglob("*.md"))
    return files + (sorted(CORPUS.glob("*.md")) if CORPUS.is_dir() else [])


def test_the_note_an_edit_puts_in_the_cache_is_the_note_a_scan_would_parse(tmp_path, monkeypatch, no_racy_window):
    """Differential: whatever `done` or `undo` computes for the note it wrote (flipping the first three
    boxes, then the fourth recording done dates) is what parsing the file gives."""
    from notes_cli.errors import FileError

    for index, source in enumerate(_edited_files()):
        folder = tmp_path / str(index)
        folder.mkdir()
        (folder / source.name).write_bytes(source.read_bytes())
        vault = Vault(folder, VOCABULARY, cache_folder=tmp_path / "cache")
        note = vault.load(folder / source.name)
        for task in note.tasks[:4]:
            try:
                day = dt.date(2024, 3, 1) if task.number == 4 else None
                note, _ = vault.set_done(note, [task.number], not task.done, day)
            except FileError as error:  # refused (an item whose date would move others): nothing was written
                assert "refusing" in error.message
                continue
            with monkeypatch.context() as patch:  # the scan takes the note from the cache: nothing is parsed
                for module in ("vault", "workers"):
                    patch.setattr(f"notes_cli.{module}.parse_note", lambda *args, **kwargs: pytest.fail("parsed"))
                [cached] = Vault(folder, VOCABULARY, cache_folder=tmp_path / "cache").scan().notes
            [parsed] = Vault(folder, VOCABULARY).scan().notes
            assert cache.pack(cached) == cache.pack(parsed), source


def test_the_commands_about_weeks_print_from_the_cache_without_building_a_task(run, tmp_path, monkeypatch):
    """A warm `weeks` or `progress`, in every format, takes the counts the cache keeps beside a note's tasks
    (and the first day an open item is due, for a week without a date); what needs the items builds them."""
    monkeypatch.setattr("notes_cli.cache.RACY_NS", 0)
    folder = tmp_path / "vault"
    folder.mkdir()
    notes = {
        "week-1.md": "---\ndate: 2024-01-01\n---\n## Readings\n- [x] a\n- [ ] b\n## Exercises\n- [-] c\n",
        "week-2.md": "# Week 2\n- [ ] d 📅 2024-01-05\n- [x] e 📅 2023-12-01\n- [-] f 📅 2023-11-01\n",
        "week-3.md": "# Week 3\n- [/] g 📅 2099-01-05\n",
        "notes.md": "## Readings\n- [ ] h\n",  # a week by its section alone, with no number
        "readme.md": "# Not a week\n- [ ] i\n",
    }
    for name, text in notes.items():
        (folder / name).write_text(text)
        settle(folder / name)
    commands = [
        ("weeks", "--json"),
        ("weeks",),
        ("progress", "--json"),
        ("progress",),
        ("progress", "--format", "csv"),
        ("progress", "--format", "markdown"),
    ]
    fresh = [run("-d", str(folder), "--no-cache", *command) for command in commands]
    run("-d", str(folder), "weeks")  # writes the cache
    built: list[bytes] = []
    real = cache.unpack_tasks
    monkeypatch.setattr("notes_cli.cache.unpack_tasks", lambda packed: built.append(packed) or real(packed))
    warm = [run("-d", str(folder), *command) for command in commands]
    assert [(r.exit_code, r.stdout, r.stderr) for r in warm] == [(r.exit_code, r.stdout, r.stderr) for r in fresh]
    assert [w["overdue"] for w in warm[0].json()] == [True, True, False, False]
    assert built == []
    assert run("-d", str(folder), "show", "2", "--json").json()["items"][0]["text"] == "d"
    assert len(built) == 1  # the week shown, and no other


DUE = st.one_of(st.none(), st.dates(dt.date(2023, 12, 1), dt.date(2024, 2, 1)))


@settings(max_examples=max(20, settings().max_examples // 4))
@given(
    week=st.sampled_from(["# Week 3\n", "# Notes\n", "## Readings\n", ""]),
    items=st.lists(st.tuples(st.sampled_from(" xX-/"), st.sampled_from(["Read a", "Exercise b", "c"]), DUE)),
    today=st.dates(dt.date(2023, 11, 25), dt.date(2024, 2, 10)),
)
def test_a_note_from_the_cache_says_what_its_tasks_say_before_they_are_built(week, items, today):
    text = week + "".join(f"- [{box}] {what}{f' 📅 {due}' if due else ''}\n" for box, what, due in items)
    parsed = parse.parse_note(text, "w.md", None, VOCABULARY)
    cached = cache.unpack(marshal.loads(marshal.dumps(cache.pack(parsed))))
    assert not cached.__dict__.keys() & LATER  # its tasks and headings not built yet
    assert (cached.tally, cached.first_due, cached.is_week) == (parsed.tally, parsed.first_due, parsed.is_week)
    assert cached.overdue(today) == any(t.overdue(today) for t in parsed.tasks)
    assert not cached.__dict__.keys() & LATER
    assert cached == parsed and cached.tasks is cached.tasks and cached.headings is cached.headings  # built once


def test_an_edit_of_a_note_dated_from_history_caches_only_what_the_note_says(tmp_path, no_racy_window):
    """`notes ui` edits the notes it shows, dated from git history: the cache must not take those dates for
    the note's own ✅ markers (they came back as written dates on the next run)."""
    from dataclasses import replace

    from notes_cli.model import DoneSource

    folder = tmp_path / "vault"
    (folder / "c").mkdir(parents=True)
    (folder / "c" / "week-01.md").write_text("## Readings\n- [x] dated by git\n- [ ] open\n")
    cache_folder = tmp_path / "cache"
    note = Vault(folder, VOCABULARY, cache_folder=cache_folder).scan().notes[0]
    dated = replace(note, tasks=(note.tasks[0]._replace(done_on=dt.date(2024, 3, 1), done_source=DoneSource.GIT),
                                 note.tasks[1]))  # fmt: skip
    vault = Vault(folder, VOCABULARY, cache_folder=cache_folder)
    vault.scan()
    vault.set_done(dated, [2], True)
    [cached] = Vault(folder, VOCABULARY, cache_folder=cache_folder).scan().notes
    [parsed] = Vault(folder, VOCABULARY).scan().notes
    assert [(t.done, t.done_on, t.done_source) for t in cached.tasks] == [(True, None, None), (True, None, None)]
    assert cache.pack(cached) == cache.pack(parsed)


def test_a_cache_that_fails_midway_is_no_cache(run, vault, monkeypatch):
    """The rows are read one at a time: when the file fails after some, the notes taken from those are
    dropped and every note is parsed, as with no cache; the answers are those without the cache."""
    (vault / "week-2.md").write_text("## Exercises\n- [x] b\n")
    settle(vault / "week-2.md")
    fresh = run("-d", str(vault), "--no-cache", "progress", "--json").stdout
    run("-d", str(vault), "weeks", "--json")
    real = cache.read_notes

    def failing(*args):
        rows = real(*args)
        yield next(rows)
        raise cache.Unreadable

    monkeypatch.setattr("notes_cli.cache.read_notes", failing)
    seen = parses(monkeypatch)
    assert run("-d", str(vault), "progress", "--json").stdout == fresh
    assert sorted(seen) == ["week-1.md", "week-2.md"]


def test_a_database_error_while_rows_are_read_is_unreadable(vault, monkeypatch, tmp_path):
    """An SQLite error after the first rows is `Unreadable` (the scan drops what it took), not the end of the rows."""
    Vault(vault, VOCABULARY, cache_folder=tmp_path / "notes").scan()
    [store] = cache_files_in(tmp_path)
    identity = sqlite3.connect(store).execute("SELECT identity FROM meta").fetchone()[0].decode()

    class Failing:
        def __init__(self, database: sqlite3.Connection) -> None:
            self.database = database

        def execute(self, query: str):
            if query.startswith("SELECT identity"):
                return self.database.execute(query)
            return self.rows(query)

        def rows(self, query: str):
            yield from self.database.execute(query)
            raise sqlite3.OperationalError("disk I/O error")

        def close(self) -> None:
            self.database.close()

    opened = cache.open_database
    monkeypatch.setattr("notes_cli.cache.open_database", lambda *a, **k: Failing(opened(*a, **k)))
    rows = cache.read_notes(store, identity, weeks_only=False)
    assert next(rows)[0] == "week-1.md"
    with pytest.raises(cache.Unreadable):
        next(rows)


def test_a_cold_scan_writes_its_rows_in_batches_as_the_parses_come(run, tmp_path, monkeypatch, no_racy_window):
    for index in range(10):
        note = tmp_path / f"week-{index}.md"
        note.write_text(f"## Readings\n- [{'x' if index % 2 else ' '}] r{index}\n")
        settle(note)
    (tmp_path / "gone.md").write_text("- [ ] soon gone\n")
    run("-d", str(tmp_path), "progress", "--json")
    (tmp_path / "gone.md").unlink()
    (tmp_path / "week-3.md").write_text("## Readings\n- [x] changed\n")
    (tmp_path / "week-4.md").write_bytes(b"- [ ] x\n" * 300_000)  # too large to read now: its row goes
    monkeypatch.setattr("notes_cli.vault.ROWS_AT_ONCE", 3)
    for index in (5, 6, 7, 8, 9):
        os.utime(tmp_path / f"week-{index}.md", (LONG_AGO + 1, LONG_AGO + 1))  # parsed anew
    written: list[tuple[list[str], list[str]]] = []
    real = cache.update_notes

    def spy(path, identity, entries, gone):
        written.append((sorted(entries), sorted(gone)))
        real(path, identity, entries, gone)

    monkeypatch.setattr("notes_cli.cache.update_notes", spy)
    again = run("-d", str(tmp_path), "progress", "--json")
    assert again.exit_code == 0 and "week-4.md: larger than" in again.stderr
    assert [len(entries) for entries, _ in written] == [3, 3]  # and nothing left for a third
    assert sorted(e for entries, _ in written for e in entries) == [f"week-{i}.md" for i in (3, 5, 6, 7, 8, 9)]
    assert sorted(g for _, gone in written for g in gone) == ["gone.md", "week-4.md"]
    (row_file,) = cache_files()
    assert sorted(rows(row_file)) == [f"week-{i}.md".encode() for i in range(10) if i != 4]
    monkeypatch.setattr("notes_cli.cache.update_notes", real)
    assert run("-d", str(tmp_path), "progress", "--json").stdout == again.stdout
    assert run("-d", str(tmp_path), "--no-cache", "progress", "--json").stdout == again.stdout


def test_a_worker_that_dies_midway_has_the_rest_of_its_share_parsed_here(tmp_path, monkeypatch):
    if (os.cpu_count() or 1) < 2:
        pytest.skip("one core: no worker processes")
    for index in range(400):
        (tmp_path / f"week-{index}.md").write_text(f"## Readings\n- [{'x' if index % 3 else ' '}] r{index}\n")
    monkeypatch.setattr("notes_cli.workers.BATCH", 7)
    parent, here, elsewhere = os.getpid(), [], []
    real = parse.parse_note

    def dying(text, path, *args, **kwargs):
        if os.getpid() == parent:
            here.append(path)
        else:  # a worker (each has its own copy of `elsewhere`) dies at its 30th note, after 4 batches of 7
            elsewhere.append(path)
            if len(elsewhere) == 30:
                os.kill(os.getpid(), signal.SIGKILL)
        return real(text, path, *args, **kwargs)

    monkeypatch.setattr("notes_cli.workers.parse_note", dying)
    scanned = Vault(tmp_path, VOCABULARY).scan(weeks_only=True)
    workers = min(os.cpu_count() or 1, 8) - 1
    assert len(here) == 400 - workers * 28  # its own share, and every worker's after the batches it sent
    assert sorted(n.path for n in scanned.notes) == sorted(f"week-{i}.md" for i in range(400))
    assert sum(n.tally.readings.done for n in scanned.notes) == 266 and not scanned.problems
