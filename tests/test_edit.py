"""Editing guarantees: one byte changes, everything else stays, writes are atomic and refuse stale files."""

from __future__ import annotations

import errno
import os
import stat

import pytest

from notes_cli.errors import FileError, StaleFileError
from notes_cli.vault import Vault

from .conftest import VOCABULARY

TRICKY = [
    pytest.param("- [ ] a\n- [x] b\n", id="lf"),
    pytest.param("---\r\ntitle: Week 1\r\n---\r\n\r\n## Readings\r\n\r\n- [ ] a\r\n- [X] b\r\n", id="crlf"),
    pytest.param("# T\r\n- [ ] a\n- [x] b\r- [ ] c", id="mixed-endings-no-final-newline"),
    pytest.param("\ufeff---\ntitle: Week 1\n---\n-\t[ ]\ttabbed  \n- [x] b   \n", id="bom-tabs-trailing-spaces"),
    pytest.param("> 1. [ ] quoted\n>    - [x] nested ✅ 2024-01-01\n", id="quote-nested-unicode"),
]


def _edit(tmp_path, content: str, numbers: list[int], done: bool) -> bytes:
    path = tmp_path / "week-1.md"
    if not path.exists():
        path.write_bytes(content.encode())
    vault = Vault(tmp_path, VOCABULARY)
    note = vault.load(path)
    vault.set_done(note, numbers, done)
    return path.read_bytes()


@pytest.mark.parametrize("content", TRICKY)
def test_done_then_undo_restores_every_byte_and_done_changes_one(tmp_path, content):
    original = content.encode()
    path = tmp_path / "week-1.md"
    path.write_bytes(original)
    note = Vault(tmp_path, VOCABULARY).load(path)
    assert note.tasks
    for task in note.tasks:
        if task.done:
            continue
        after_done = _edit(tmp_path, content, [task.number], True)
        diff = [i for i, (a, b) in enumerate(zip(original, after_done, strict=True)) if a != b]
        assert len(diff) == 1 and after_done[diff[0] : diff[0] + 1] == b"x"
        assert _edit(tmp_path, content, [task.number], False) == original


def test_undo_clears_uppercase_x(tmp_path):
    assert _edit(tmp_path, "- [X] a\n", [1], False) == b"- [ ] a\n"


def test_marking_an_item_already_in_that_state_writes_nothing(tmp_path):
    path = tmp_path / "n.md"
    path.write_bytes(b"- [X] a\n")
    before = os.stat(path)
    vault = Vault(tmp_path, VOCABULARY)
    _, changes = vault.set_done(vault.load(path), [1], True)
    assert changes[0].changed is False
    assert path.read_bytes() == b"- [X] a\n"
    assert os.stat(path).st_ino == before.st_ino  # not even rewritten


def test_several_items_in_one_write(tmp_path):
    assert _edit(tmp_path, "- [ ] a\n- [ ] b\n- [ ] c\n", [3, 1], True) == b"- [x] a\n- [ ] b\n- [x] c\n"


@pytest.mark.parametrize("mode", [0o600, 0o640, 0o664])
def test_mode_is_kept(tmp_path, mode):
    path = tmp_path / "week-1.md"
    path.write_bytes(b"- [ ] a\n")
    path.chmod(mode)
    assert _edit(tmp_path, "", [1], True) == b"- [x] a\n"
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_symlink_is_kept_and_its_target_edited(tmp_path):
    real = tmp_path / "store" / "real.md"
    real.parent.mkdir()
    real.write_bytes(b"- [ ] a\n")
    vault_dir = tmp_path / "vault"
    vault_dir.mkdir()
    link = vault_dir / "week-1.md"
    link.symlink_to(real)
    vault = Vault(vault_dir, VOCABULARY)
    vault.set_done(vault.load(link), [1], True)
    assert link.is_symlink()
    assert real.read_bytes() == b"- [x] a\n"


def test_no_temp_file_is_left_behind(tmp_path):
    _edit(tmp_path, "- [ ] a\n", [1], True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["week-1.md"]


def test_a_change_that_moves_the_item_is_refused(tmp_path):
    path = tmp_path / "n.md"
    path.write_bytes(b"- [ ] a\n- [ ] b\n")
    vault = Vault(tmp_path, VOCABULARY)
    note = vault.load(path)
    path.write_bytes(b"- [ ] new first\n- [ ] a\n- [ ] b\n")  # an editor saved in between
    with pytest.raises(StaleFileError, match="changed since it was read"):
        vault.set_done(note, [1], True)
    assert path.read_bytes() == b"- [ ] new first\n- [ ] a\n- [ ] b\n"


def test_a_change_elsewhere_in_the_note_is_kept_and_the_edit_lands(tmp_path):
    path = tmp_path / "n.md"
    path.write_bytes(b"- [ ] a\n- [ ] b\n")
    vault = Vault(tmp_path, VOCABULARY)
    note = vault.load(path)
    path.write_bytes(b"- [ ] a\n- [x] b\n")  # another `notes done` finished first
    vault.set_done(note, [1], True)
    assert path.read_bytes() == b"- [x] a\n- [x] b\n"


def test_a_write_racing_the_replace_is_refused(one_item, tmp_path, monkeypatch):
    real_fsync = os.fsync

    def editor_saves_now(fd):
        real_fsync(fd)
        one_item.path.write_bytes(b"- [ ] a\nmore text\n")

    monkeypatch.setattr(os, "fsync", editor_saves_now)
    with pytest.raises(StaleFileError, match="another program"):
        one_item.vault.set_done(one_item.note, [1], True)
    assert one_item.path.read_bytes() == b"- [ ] a\nmore text\n"
    assert [p.name for p in tmp_path.iterdir()] == ["week-1.md"]


def test_read_only_note_is_refused(tmp_path):
    path = tmp_path / "n.md"
    path.write_bytes(b"- [ ] a\n")
    path.chmod(0o444)
    vault = Vault(tmp_path, VOCABULARY)
    with pytest.raises(FileError, match="read-only"):
        vault.set_done(vault.load(path), [1], True)
    assert path.read_bytes() == b"- [ ] a\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write in a read-only folder")
def test_read_only_folder_is_refused(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "n.md"
    path.write_bytes(b"- [ ] a\n")
    vault = Vault(folder, VOCABULARY)
    note = vault.load(path)
    folder.chmod(0o555)
    try:
        with pytest.raises(FileError, match="cannot write"):
            vault.set_done(note, [1], True)
    finally:
        folder.chmod(0o755)
    assert path.read_bytes() == b"- [ ] a\n"


def test_unwritable_folder_is_refused_even_as_root(one_item, monkeypatch):
    """The same refusal, simulated, so that it is tested when the suite runs as root (as CI does)."""
    import tempfile

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    with pytest.raises(FileError, match="cannot write in this note's folder") as caught:
        one_item.vault.set_done(one_item.note, [1], True)
    assert "permissions" in (caught.value.hint or "")
    assert one_item.path.read_bytes() == b"- [ ] a\n"


def test_an_old_note_object_is_checked_against_the_file_not_trusted(tmp_path):
    path = tmp_path / "n.md"
    path.write_bytes(b"- [ ] a\n- [ ] b\n")
    vault = Vault(tmp_path, VOCABULARY)
    old = vault.load(path)
    vault.set_done(old, [1], True)
    _, changes = vault.set_done(old, [1], True)  # `old` still says item 1 is open; the file says done
    assert changes[0].changed is False
    assert path.read_bytes() == b"- [x] a\n- [ ] b\n"
