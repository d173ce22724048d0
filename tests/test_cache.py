"""The parse cache: in the user cache folder, invalidated by any change, ignored when broken, optional."""

from __future__ import annotations

import marshal
import os
from pathlib import Path

import pytest

import notes_cli
from notes_cli import cache, parse
from notes_cli.vault import Vault

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
    return sorted(Path(os.environ["XDG_CACHE_HOME"], "notes").glob("vault-*.marshal"))


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
    parallel = Vault(tmp_path).scan(weeks_only=True)
    from notes_cli import workers

    sequential = workers.parse_files(
        [(str(tmp_path / f"week-{i}.md"), f"week-{i}.md") for i in range(400)], parse.DEFAULT_VOCABULARY, True
    )
    assert len(parallel.notes) == len(sequential) == 400
    assert sum(n.tally.readings.done for n in parallel.notes) == 266
    assert sorted(o[1][3] for o in sequential) == sorted(cache.pack(n) for n in parallel.notes)


def test_an_edit_writes_the_note_to_the_journal_not_the_whole_cache(run, vault, monkeypatch):
    run("-d", str(vault), "weeks", "--json")
    [cache_file] = cache_files()
    before = (cache_file.read_bytes(), cache_file.stat().st_mtime_ns)
    seen = parses(monkeypatch)
    assert run("-d", str(vault), "done", "1", "1").exit_code == 0
    assert seen == []  # the digest in the cache says the file is what was parsed; the edit knows the rest
    assert cache.journal_for(cache_file).exists()
    for _ in range(2):  # and the next commands neither parse it again nor rewrite the cache
        assert run("-d", str(vault), "weeks", "--json").json()[0]["readings"] == {"done": 1, "total": 1}
    assert seen == []
    assert (cache_file.read_bytes(), cache_file.stat().st_mtime_ns) == before


def test_a_journal_entry_taken_within_a_clock_tick_of_the_change_is_checked_against_the_bytes(run, vault, monkeypatch):
    monkeypatch.setattr("notes_cli.cache.RACY_NS", 2_000_000_000)
    run("-d", str(vault), "done", "1", "1")  # the note changed just now: its journal entry is suspect
    [journal] = Path(os.environ["XDG_CACHE_HOME"], "notes").glob("edits-*")
    identity, edits = marshal.loads(journal.read_bytes()[len(cache.JOURNAL_MAGIC) + 4 :])
    seen = parses(monkeypatch)
    assert run("-d", str(vault), "show", "1", "--json").json()["items"][0]["done"] is True
    assert seen == []  # the file's bytes are those of the entry's digest
    key, kind, packed, _ = edits["week-1.md"]
    tasks = tuple((*t[:5], False, *t[6:]) for t in packed[5])  # a parse that no longer holds, under the same key
    stale = (*packed[:5], tasks, *packed[6 : cache.DIGEST], b"\0" * 16)
    cache.remember(journal.with_name(journal.name.removeprefix("edits-")), identity, "week-1.md", (key, kind, stale))
    assert run("-d", str(vault), "show", "1", "--json").json()["items"][0]["done"] is True
    assert seen == ["week-1.md"]


def test_a_damaged_journal_is_ignored(run, vault):
    run("-d", str(vault), "weeks", "--json")
    run("-d", str(vault), "done", "1", "1")
    [cache_file] = cache_files()
    journal = cache.journal_for(cache_file)
    good = journal.read_bytes()
    for position in range(0, len(good), len(good) // 10):  # the magic, the checksum, the content
        journal.write_bytes(good[:position] + bytes([(good[position] + 1) % 256]) + good[position + 1 :])
        assert run("-d", str(vault), "show", "1", "--json").json()["items"][0]["done"] is True


def test_past_the_journal_limit_the_edits_are_folded_into_the_cache(run, tmp_path, no_racy_window, monkeypatch):
    monkeypatch.setattr("notes_cli.cache.JOURNAL_LIMIT", 2)
    for week in (1, 2, 3):
        (tmp_path / f"week-{week}.md").write_text("## Readings\n- [ ] a\n")
        settle(tmp_path / f"week-{week}.md")
    run("-d", str(tmp_path), "weeks", "--json")
    [cache_file] = cache_files()
    for week in (1, 2):
        run("-d", str(tmp_path), "done", str(week), "1")
    assert cache.journal_for(cache_file).exists()
    run("-d", str(tmp_path), "done", "3", "1")
    assert not cache.journal_for(cache_file).exists()
    seen = parses(monkeypatch)
    assert [w["readings"]["done"] for w in run("-d", str(tmp_path), "weeks", "--json").json()] == [1, 1, 1]
    assert seen == []


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
    from tests.conftest import CORPUS, ROOT

    files = sorted((ROOT / "examples").rglob("*.md")) + sorted((ROOT / "tests" / "fixtures").rglob("*.md"))
    return files + (sorted(CORPUS.glob("*.md")) if CORPUS.is_dir() else [])


def test_the_note_an_edit_puts_in_the_journal_is_the_note_a_scan_would_parse(tmp_path):
    """Differential: whatever `done` or `undo` computes for the note it wrote (flipping the first three
    boxes, then the fourth recording done dates) is what parsing the file gives."""
    import datetime as dt

    from notes_cli import workers
    from notes_cli.errors import FileError

    for index, source in enumerate(_edited_files()):
        folder = tmp_path / str(index)
        folder.mkdir()
        (folder / source.name).write_bytes(source.read_bytes())
        vault = Vault(folder, cache_folder=tmp_path / "cache")
        note = vault.load(folder / source.name)
        for task in note.tasks[:4]:
            try:
                day = dt.date(2024, 3, 1) if task.number == 4 else None
                note, _ = vault.set_done(note, [task.number], not task.done, day)
            except FileError as error:  # refused (an item whose date would move others): nothing was written
                assert "refusing" in error.message
                continue
            edits, _ = cache.load_with_edits(vault._cache, vault._identity)
            [(_, outcome)] = workers.parse_files([(str(folder / source.name), source.name)], vault.vocabulary, False)
            assert edits[source.name] == outcome[1:], source
