"""Real notes written by other people (../shared/corpus, not ours to publish): read without a crash, tasks
as the reference finds them, every box edit byte-exact. Skipped when the corpus is absent."""

from __future__ import annotations

import shutil

import frontmatter
import pytest

from notes_cli.edit import set_done
from notes_cli.frontmatter import split_front_matter
from notes_cli.parse import parse_note
from notes_cli.vault import Vault

from .conftest import VOCABULARY, corpus_files, needs_corpus
from .reference import reference_tasks

pytestmark = needs_corpus
FILES = corpus_files()


@pytest.fixture(scope="module")
def corpus_copy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("corpus")
    for path in FILES:
        shutil.copyfile(path, folder / path.name)
    return folder


def test_corpus_is_there():
    assert len(FILES) >= 30


VAULT_EDITS = (
    4  # tasks per file edited through the vault (locked, atomic, fsynced); the rest as the text edits it makes
)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:60])
def test_tasks_equal_the_reference_and_round_trip(tmp_path, path):
    """Every task's box flips and flips back byte-exact: through the vault for a few tasks spread over the file,
    and as the text edit the vault makes (`edit.set_done`) for all the others (thousands of fsynced writes
    would check the writing again, not the edits)."""
    original = path.read_bytes()
    copy = tmp_path / path.name
    copy.write_bytes(original)
    vault = Vault(tmp_path, VOCABULARY)
    note = vault.load(copy)
    assert [(t.line, t.done) for t in note.tasks] == reference_tasks(original.decode("utf-8"))
    count = len(note.tasks)
    through_vault = (
        {note.tasks[i * (count - 1) // max(VAULT_EDITS - 1, 1)].number for i in range(VAULT_EDITS)} if count else set()
    )
    dated = [t for t in note.tasks if t.number not in through_vault and t.done and t.done_on is not None]
    _undo_dated(original, note, dated)
    for task in note.tasks:
        if task.number not in through_vault:
            if task.done_on is None or not task.done:
                _round_trip_text(original, note, task)
            continue
        if task.done and task.done_on is not None:  # undo also removes the done date, as Obsidian Tasks does
            note, _ = vault.set_done(note, [task.number], False)
            others = [(t.line, t.done, t.text) for t in note.tasks if t.number != task.number]
            assert others == [(t.line, t.done, t.text) for t in vault.load(path).tasks if t.number != task.number]
            after = note.tasks[task.number - 1]
            assert (after.done, after.done_on, after.text) == (False, None, task.text)
            copy.write_bytes(original)
            note = vault.load(copy)
            continue
        note, _ = vault.set_done(note, [task.number], not task.done)
        flipped = copy.read_bytes()
        assert _only_byte_changed(original, flipped, _byte(original, task))
        note, _ = vault.set_done(note, [task.number], task.done)
        restored = copy.read_bytes()
        if original[_byte(original, task)] == ord("X"):
            assert restored == original[: _byte(original, task)] + b"x" + original[_byte(original, task) + 1 :]
            copy.write_bytes(original)
            note = vault.load(copy)
        else:
            assert restored == original


def _undo_dated(original: bytes, note, dated: list) -> None:
    """The text edit `undo` makes on each item with a done date, one item at a time: it changes the text from
    the item's box on, and not as far as the next item's edit, so that the edits put together are each of them.
    Parsed once together: each item is open without a date on its line with its text, the others as they were.
    (One parse for each of hundreds of dated items in a large note was most of this module's time.)"""
    if not dated:
        return
    text = original.decode("utf-8")
    pieces, end = [], len(text)
    for task in sorted(dated, key=lambda t: t.offset, reverse=True):
        edited = set_done(text, note.path, [task], False)
        kept = _common_end(text[task.offset + 1 :], edited[task.offset + 1 :])  # the box, changed, not in it
        assert edited[: task.offset] == text[: task.offset] and edited[task.offset] != text[task.offset]
        assert len(text) - kept <= end, "the undo reaches into the next item's"
        pieces.append(text[len(text) - kept : end])
        pieces.append(edited[task.offset : len(edited) - kept])
        end = task.offset
    after = parse_note(text[:end] + "".join(reversed(pieces)), note.path, None, VOCABULARY)
    numbers = {task.number for task in dated}
    assert [(t.line, t.done, t.text) for t in after.tasks] == [
        (t.line, False if t.number in numbers else t.done, t.text) for t in note.tasks
    ]
    assert all(after.tasks[number - 1].done_on is None for number in numbers)


def _common_end(a: str, b: str) -> int:
    """How many characters `a` and `b` end with alike (by halving, with slices: compared in C)."""
    low, high = 0, min(len(a), len(b))
    while low < high:
        middle = (low + high + 1) // 2
        if a[len(a) - middle :] == b[len(b) - middle :]:
            low = middle
        else:
            high = middle - 1
    return low


def _round_trip_text(original: bytes, note, task) -> None:
    """The text edits `done`/`undo` make on one task: one byte each way (an `X` comes back as `x`)."""
    text = original.decode("utf-8")
    flipped = set_done(text, note.path, [task], not task.done).encode("utf-8")
    at = _byte(original, task)
    assert _only_byte_changed(original, flipped, at)
    restored = set_done(flipped.decode("utf-8"), note.path, [task._replace(done=not task.done)], task.done).encode()
    assert restored == (original[:at] + b"x" + original[at + 1 :] if original[at] == ord("X") else original)


def _only_byte_changed(before: bytes, after: bytes, at: int) -> bool:
    """Whether `after` is `before` with the byte at `at` changed and no other (compared by slices: a sum over the
    bytes of a large note, once for each of its hundreds of tasks, was most of this module's time)."""
    same_around = after[:at] == before[:at] and after[at + 1 :] == before[at + 1 :]
    return len(after) == len(before) and after[at] != before[at] and same_around


def _byte(data: bytes, task) -> int:
    return len(data.decode("utf-8")[: task.offset].encode("utf-8"))


@pytest.mark.parametrize(
    "path", [p for p in FILES if p.read_bytes().lstrip(b"\xef\xbb\xbf").startswith(b"---")], ids=lambda p: p.name[:60]
)
def test_front_matter_keys_agree_with_python_frontmatter(path):
    text = path.read_text(encoding="utf-8")
    ours = split_front_matter(text)
    theirs = frontmatter.loads(text).metadata
    assert set(map(str, ours.data)) == set(map(str, theirs))
    assert ours.data.get("title") == theirs.get("title")


@pytest.mark.parametrize("args", [["weeks"], ["weeks", "--json"], ["progress"], ["progress", "--json"]])
def test_listing_commands_run_on_the_corpus(run, corpus_copy, args):
    result = run("-d", str(corpus_copy), *args)
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:60])
def test_show_json_on_every_file(run, corpus_copy, path):
    result = run("-d", str(corpus_copy), "show", path.name, "--json")
    assert result.exit_code == 0, result.stderr
    assert len(result.json()["items"]) == len(reference_tasks(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:60])
def test_the_fast_reading_gives_the_markdown_it_py_note(path):
    """Where pulldown-cmark's reading is taken (34 of the 36 files), its blocks are the ones markdown-it-py
    gives. (The direct readers of URLs and front matter are compared with their libraries in test_properties.py.)"""
    from notes_cli.blocks import markdown_it_blocks, markdown_it_lint_blocks
    from notes_cli.linescan import scan, scan_lint

    text = path.read_text(encoding="utf-8")
    body = text[split_front_matter(text).body_offset :]
    fast = scan(body)
    assert fast is None or [(type(b), b) for b in fast] == [(type(b), b) for b in markdown_it_blocks(body)]
    lint = scan_lint(body)
    assert lint is None or [(type(b), b) for b in lint] == [(type(b), b) for b in markdown_it_lint_blocks(body)]
