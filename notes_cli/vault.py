"""The notes on disk: find them, scan them (from the cache, else parsed), load one, and edit one through a
single verified transaction (read under the folder lock, change, check, write atomically)."""

from __future__ import annotations

import datetime as dt
import fnmatch
import gc
import marshal
import operator
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path, PurePath

from . import __version__, cache, edit, fsio, workers
from .errors import FileError, NotesError, StaleFileError, UsageError
from .fsio import NOTE_SUFFIXES
from .model import Change, Note, Problem, Section, Task, rebuilt
from .parse import parse_note
from .results import CODES, Code
from .vocabulary import Vocabulary

ROWS_AT_ONCE = 1000  # cache rows written in one transaction by a scan
MANY_NOTES = 1000  # notes taken from the cache past which their objects are kept out of garbage collection
SKIPPED_FOLDERS = {"_site", "node_modules"}  # and every hidden folder (.git, .obsidian, ...)
MAX_NOTE_BYTES = 2 * 1024 * 1024  # a note is text someone writes; past this, parsing takes seconds and memory
LOCK_TIMEOUT = 10.0  # seconds to wait for another `notes` process editing the same folder
BY_NAME = operator.attrgetter("name")  # a folder's entries in name order (a lambda costs a call an entry)


@dataclass(frozen=True)
class Scan:
    """Every note of the vault that could be read, and what was wrong with the others."""

    notes: list[Note]
    problems: list[Problem]


class Vault:
    """A folder of Markdown notes."""

    def __init__(
        self,
        root: Path,
        vocabulary: Vocabulary,
        exclude: tuple[str, ...] = (),
        cache_folder: Path | None = None,
    ) -> None:
        if not root.exists():
            raise UsageError(f"no such folder: {root}", hint="pass a folder with --dir or set NOTES_DIR")
        if not root.is_dir():
            raise UsageError(f"not a folder: {root}", hint="pass a folder with --dir or set NOTES_DIR")
        self.root = root.absolute()
        self.vocabulary = vocabulary
        self.exclude = exclude  # glob patterns for paths relative to the root, or for a file or folder name
        self._files: dict[str, str] = {}  # display path -> path as found (a link stays a link)
        self._identity = cache.identity(self.root, f"{__version__}\0{vocabulary!r}")
        self._cache = cache.store_for(self._identity, cache_folder) if cache_folder is not None else None

    def scan(self, *, weeks_only: bool = False) -> Scan:
        """Read and parse the notes below the root, in path order; what cannot be read becomes a problem.

        With `weeks_only`, only week notes are returned: a note that certainly is not one (see
        `parse.might_be_week`) is read but not parsed, and of the other notes that are not weeks only the
        front-matter problems are kept, among the scan's problems. Notes unchanged since the last scan come
        from the cache; the others are parsed, in several processes when there are many.
        """
        problems: list[Problem] = []
        files = list(self._note_files(problems))
        notes: list[Note] = []
        todo: list[tuple[str, str]] = []
        with _uncollected(notes):
            made, replaced, gone, had_none = self._from_cache(files, weeks_only)
            for (path, shown), taken in zip(files, made, strict=True):
                self._files[shown] = path
                if taken is None:
                    todo.append((path, shown))
                else:
                    _add(taken, notes, problems)
        # Only the rows that changed are written: notes parsed anew, and notes no longer there; and a cache
        # that had nothing is made, even with nothing to keep yet.
        rows = _Rows(self._cache, self._identity, replaced, gone, bool(todo and had_none))
        for shown, outcome in workers.read_and_parse(todo, self.vocabulary, weeks_only):
            if outcome[0] == "error":
                problems.append(Problem(*outcome[1], Code.UNREADABLE))
                rows.add(shown, None)
                continue
            _, key, kind, packed = outcome
            _add(_taken((key, kind, packed), weeks_only), notes, problems)
            rows.add(shown, (key, kind, packed))
        rows.write()
        notes.sort(key=lambda n: n.path)
        return Scan(notes, problems)

    def _from_cache(
        self, files: list[tuple[str, str]], weeks_only: bool
    ) -> tuple[list[Note | Sequence[Problem] | None], list[str], list[str], bool]:
        """What the cache gives for each of `files` (None: to parse), in their order, read row by row; the
        notes whose row no longer holds; the rows of notes no longer there; and whether it had no row."""
        made: list[Note | Sequence[Problem] | None] = [None] * len(files)
        replaced: list[str] = []  # notes whose cache entry no longer holds
        gone: list[str] = []
        had_none = True
        if self._cache is None:
            return made, replaced, gone, had_none
        where = {shown: index for index, (_, shown) in enumerate(files)}
        try:
            for shown, entry, digest in cache.read_notes(self._cache, self._identity, weeks_only):
                had_none = False
                index = where.get(shown)
                if index is None:
                    gone.append(shown)
                    continue
                path = files[index][0]
                try:
                    if (
                        (entry[1] != cache.SKIPPED or weeks_only)
                        and _unchanged(path, entry[0])
                        and (digest is None or _holds(path, shown, digest))
                    ):
                        made[index] = _taken(entry, weeks_only)
                        continue
                except (TypeError, ValueError, KeyError, IndexError, OverflowError, EOFError):  # not what it wrote
                    pass
                replaced.append(shown)
        except cache.Unreadable:  # as if there were no cache
            return [None] * len(files), [], [], True
        return made, replaced, gone, had_none

    def fingerprint(self) -> frozenset[tuple[str, cache.Key]]:
        """Each note file's path with its size, times and inode: it differs as soon as a note is added, removed
        or written by any program. Costs a folder walk and a stat a file; nothing is opened."""
        found = set()
        for path, shown in self._note_files([]):
            with suppress(OSError):  # deleted meanwhile: it is simply not there
                found.add((shown, cache.key(os.stat(path))))
        return frozenset(found)

    def find_file(self, name: str) -> Path | None:
        """A Markdown file named by the user: absolute, relative to the vault, or relative to the current folder."""
        given = Path(name).expanduser()
        candidates = [given] if given.is_absolute() else [self.root / given, Path.cwd() / given]
        for candidate in candidates:
            with suppress(OSError, ValueError):  # a name too long, in a folder that may not be entered
                if candidate.exists() and not candidate.is_dir():  # a FIFO or device is refused by `load`
                    return candidate
        return None

    def load(self, path: Path) -> Note:
        """Read and parse one file. Raises FileError when it cannot be read as UTF-8 text."""
        shown = self.display_path(path)
        data = fsio.read(path, shown)[0]
        note = parse_note(fsio.decode(data, shown), shown, path.absolute(), self.vocabulary)
        self._files[shown] = str(path)
        return replace(note, digest=fsio.digest(data))

    def text(self, note: Note) -> str:
        """The note's text as it is on disk now."""
        path = Path(self._files[note.path])
        return fsio.decode(fsio.read(path, note.path)[0], note.path)

    def file_of(self, note: Note) -> Path:
        """Where the note was read from (as found: a link stays a link)."""
        return Path(self._files[note.path])

    def create(self, relative: PurePath, text: str) -> Path:
        """Write a new note at `relative` (below the vault root); never replaces an existing file."""
        path = self.root / relative
        shown = self.display_path(path)
        if os.path.lexists(path):
            raise FileError(shown, "already exists; nothing was written", hint="give another --week or --title")
        try:
            path.parent.mkdir(exist_ok=True)
        except OSError as error:
            raise FileError(shown, f"cannot create its folder ({fsio.reason(error)})") from None
        fsio.atomic_create(path, text.encode("utf-8"), shown)
        return path

    def display_path(self, path: Path) -> str:
        """The path relative to the vault with / separators, or the absolute path for a file outside it."""
        absolute = Path(os.path.abspath(path))
        if absolute.is_relative_to(self.root):
            return absolute.relative_to(self.root).as_posix()
        return str(absolute)

    def set_done(
        self, note: Note, numbers: list[int], done: bool, on: dt.date | None = None
    ) -> tuple[Note, list[Change]]:
        """Mark the note's tasks `numbers` done or open, in place; return the note as written and the changes.

        With `on`, done dates are recorded too (see `edit.set_done`). Refuses (StaleFileError) when the note
        changed on disk in a way that moved or altered one of the tasks. A week made of several parts is
        edited note by note; its numbers are the week's.
        """
        if note.parts:
            return self._set_done_in_parts(note, numbers, done, on)
        targets: list[Task] = []
        reparsed: list[Note] = []

        def flip(current: Note, text: str) -> str:
            targets.extend(current.tasks[n - 1] for n in numbers)
            new_text = edit.set_done(text, note.path, targets, done, on)
            # A done date added or removed, or one that should have been: read the note back to check it.
            if len(new_text) != len(text) or any(t.done_on is not None for t in targets):
                reparsed.append(self._checked_flip(current, new_text, numbers, done, on))
            return new_text

        current, new_text, digest, written = self._rewrite(note, flip, numbers)
        if not reparsed and written and any(t.status for t in targets):  # a [-] or [/] box: parse what it became
            reparsed.append(parse_note(new_text, note.path, Path(self._files[note.path]).absolute(), self.vocabulary))
        if reparsed:
            updated = replace(reparsed[0], digest=digest)
        else:
            flipped = {t.number: edit.marked(t, done, on) for t in targets}
            updated = replace(current, tasks=tuple(flipped.get(t.number, t) for t in current.tasks), digest=digest)
        if written:
            self._remember(updated)
        return updated, [Change(updated.tasks[t.number - 1], changed=t.done != done) for t in targets]

    def _set_done_in_parts(
        self, week: Note, numbers: list[int], done: bool, on: dt.date | None
    ) -> tuple[Note, list[Change]]:
        by_note: dict[str, tuple[Note, list[tuple[int, int]]]] = {}
        for number in numbers:
            source, number_there = week.source(number)
            by_note.setdefault(source.path, (source, []))[1].append((number, number_there))
        written: dict[str, Note] = {}
        changed: dict[int, bool] = {}
        for path, (source, pairs) in by_note.items():
            written[path], changes = self.set_done(source, [n for _, n in pairs], done, on)
            changed.update((number, change.changed) for (number, _), change in zip(pairs, changes, strict=True))
        updated = rebuilt(week, written)
        return updated, [Change(updated.tasks[n - 1], changed=changed[n]) for n in numbers]

    def _checked_flip(self, current: Note, new_text: str, numbers: list[int], done: bool, on: dt.date | None) -> Note:
        """The note as `new_text` says, provided each target reads as `edit.marked` expects (its dates
        included) and every other item as before; else nothing is written."""
        after = parse_note(new_text, current.path, Path(self._files[current.path]).absolute(), self.vocabulary)
        for task in (current.tasks[n - 1] for n in numbers):
            now = after.tasks[task.number - 1] if task.number <= len(after.tasks) else None
            if now is None or not edit.marked(task, done, on).same_item(now):
                raise FileError(
                    current.path,
                    f"refusing to write: item {task.number} would not read back as {'done' if done else 'not done'}",
                    line=task.line,
                    hint="nothing was written; its done date is in a form notes does not edit: change it by hand",
                )
        others = [t for t in current.tasks if t.number not in numbers]
        if len(after.tasks) != len(current.tasks) or not all(t.same_item(after.tasks[t.number - 1]) for t in others):
            raise FileError(current.path, "refusing to write: recording the done date would change other items")
        return after

    def add_task(self, note: Note, section: Section, item: str) -> tuple[Note, Task]:
        """Append `- [ ] item` to the note's list of that section; return the note as written and the new task.

        In a week of several parts, the item goes to the first part that has that section (else the first
        part). The result is parsed again before anything is written: unless it holds exactly the old tasks
        plus the new one, in that section, nothing is written.
        """
        if note.parts:
            part = next(
                (p for p in note.parts if any(h.section is section for h in p.note.headings if p.holds(h.line))),
                note.parts[0],
            )
            within = (part.section.line, part.section.end_line) if part.section is not None else None
            written, task = self._add_task(part.note, section, item, within)
            week = rebuilt(note, {written.path: written})
            sources = [week.source(n) for n in range(1, len(week.tasks) + 1)]
            number = next(
                n for n, (source, there) in enumerate(sources, 1) if (source.path, there) == (written.path, task.number)
            )
            return week, week.tasks[number - 1]
        return self._add_task(note, section, item, None)

    def _add_task(self, note: Note, section: Section, item: str, within: tuple[int, int] | None) -> tuple[Note, Task]:

        lines: list[int] = []

        def insert(current: Note, text: str) -> str:
            new_text, line = edit.insert_task(text, current, section, item, self.vocabulary, within)
            lines.append(line)
            added = parse_note(new_text, note.path, Path(self._files[note.path]).absolute(), self.vocabulary)
            new = [t for t in added.tasks if t.line == line and t.section is section]
            others = [(t.text, t.done) for t in added.tasks if t.line != line]
            if len(new) != 1 or others != [(t.text, t.done) for t in current.tasks]:
                raise NotesError(
                    f"cannot add the item safely to {note.path}: its {section.value} list has a layout "
                    "notes does not know how to extend",
                    hint="add it in your editor (`notes edit` opens the note at the right line)",
                )
            return new_text

        _, new_text, digest, written = self._rewrite(note, insert, [])
        updated = replace(
            parse_note(new_text, note.path, Path(self._files[note.path]).absolute(), self.vocabulary), digest=digest
        )
        if written:
            self._remember(updated)
        return updated, next(t for t in updated.tasks if t.line == lines[-1])

    def _rewrite(
        self, note: Note, change: Callable[[Note, str], str], numbers: list[int]
    ) -> tuple[Note, str, bytes, bool]:
        """Read the note under the folder lock, let `change` compute its new text, write it atomically.

        `change` gets the note as it is on disk now: `note` itself when the file is unchanged, else a fresh
        parse, provided the tasks `numbers` are still the same items at the same lines. Returns that note,
        the new text, its digest, and whether it was written (not when it is the text that was there).
        Concurrent `notes` edits in one folder take turns.
        """
        path = Path(self._files[note.path])
        real = Path(os.path.realpath(path))
        with fsio.folder_lock(real.parent, note.path):
            data = fsio.read(real, note.path)[0]
            text = fsio.decode(data, note.path)
            current = note if fsio.digest(data) == note.digest else self._reparsed(note, text, numbers)
            new_text = change(current, text)
            new_data = new_text.encode("utf-8")
            if new_data != data:
                fsio.check_writable(real, note.path)
                fsio.atomic_write(real, new_data, expected=data, shown=note.path)
        return current, new_text, fsio.digest(new_data), new_data != data

    def _remember(self, note: Note) -> None:
        """Put a note just written, as the edit computed it (with the digest of its bytes), in the cache: its
        row only, and no parse."""
        if self._cache is None or os.path.isabs(note.path):  # a file outside the vault is never scanned
            return
        written = tuple(task.as_written() for task in note.tasks)  # the cache holds what parsing gives: no
        if any(new is not old for new, old in zip(written, note.tasks, strict=True)):  # dates from git history
            note = replace(note, tasks=written)
        try:
            key = cache.key(os.stat(self._files[note.path]))  # before the row's time: see `cache.remember`
        except OSError:
            return
        cache.remember(self._cache, self._identity, note.path, workers.entry(key, note, None))

    def _reparsed(self, note: Note, text: str, numbers: list[int]) -> Note:
        """The note as it is now, provided the tasks to edit are still the same items at the same lines."""
        current = parse_note(text, note.path, Path(self._files[note.path]).absolute(), self.vocabulary)
        for number in numbers:
            before = note.tasks[number - 1]
            after = current.tasks[number - 1] if number <= len(current.tasks) else None
            if after is None or (after.text, after.line, after.section) != (before.text, before.line, before.section):
                raise StaleFileError(
                    note.path,
                    f"the note changed since it was read and item {number} is no longer “{before.text}”",
                    line=before.line,
                    hint="nothing was written; run the command again",
                )
        return current

    def _excluded(self, relative: str, name: str) -> bool:
        return any(_matches(relative, name, pattern) for pattern in self.exclude)

    def _note_files(self, problems: list[Problem]) -> Iterator[tuple[str, str]]:
        """Markdown files below the root with their display paths, depth first in name order, following
        folder links once each."""
        seen: set[tuple[int, int]] = set()
        pending: list[tuple[Path, str]] = [(self.root, "")]
        while pending:
            folder, prefix = pending.pop()
            try:
                info = folder.stat()
                if (info.st_dev, info.st_ino) in seen:
                    continue
                seen.add((info.st_dev, info.st_ino))
                entries = sorted(os.scandir(folder), key=BY_NAME, reverse=True)
            except OSError as error:
                message = f"cannot read this folder ({fsio.reason(error)}); its notes are skipped"
                problems.append(Problem(prefix.rstrip("/") or ".", None, message, Code.UNREADABLE))
                continue
            files = []
            for entry in entries:
                shown = prefix + entry.name
                try:
                    if self.exclude and self._excluded(shown, entry.name):
                        continue
                    if entry.is_dir():
                        if not entry.name.startswith(".") and entry.name not in SKIPPED_FOLDERS:
                            pending.append((Path(entry.path), shown + "/"))
                    elif entry.name.lower().endswith(NOTE_SUFFIXES):
                        if entry.is_file():
                            files.append((entry.path, shown))
                        elif entry.is_symlink() and not os.path.exists(entry.path):
                            problems.append(Problem(shown, None, "broken symbolic link; skipped", Code.UNREADABLE))
                        else:
                            problems.append(Problem(shown, None, "not a regular file; skipped", Code.UNREADABLE))
                except OSError as error:
                    problems.append(
                        Problem(shown, None, f"cannot read ({fsio.reason(error)}); skipped", Code.UNREADABLE)
                    )
            yield from reversed(files)


class _Rows:
    """The cache rows a scan writes as its parses come, ROWS_AT_ONCE in a transaction, so that a scan with
    much to parse never holds every parse (at 100,000 notes, a cold run kept 160 MB of them to write at the
    end). A note changed just now gets no row, since a next change may leave its size and times as they are,
    and its row goes, as does that of a note that could no longer be read."""

    def __init__(self, path: Path | None, identity: str, replaced: list[str], gone: list[str], make: bool) -> None:
        self.path, self.identity = path, identity
        self.replaced = set(replaced)  # notes whose row no longer holds
        self.gone = gone  # rows to delete with the next write
        self.make = make  # whether to write even with no row to write or delete
        self.batch: dict[str, cache.Entry] = {}

    def add(self, shown: str, entry: cache.Entry | None) -> None:
        """A note parsed anew (its entry) or that could not be read (None)."""
        if self.path is None:
            return
        if entry is not None:
            self.batch[shown] = entry
        elif shown in self.replaced:
            self.gone.append(shown)
        if len(self.batch) >= ROWS_AT_ONCE:
            self.write()

    def write(self) -> None:
        """Write what was added since the last write (the keys were all taken before the files were read)."""
        if self.path is None:
            return
        keep = cache.settled(self.batch, time.time_ns())
        self.gone += [shown for shown in self.batch if shown in self.replaced and shown not in keep]
        if keep or self.gone or self.make:
            cache.update_notes(self.path, self.identity, keep, self.gone)
            self.make = False
        self.batch, self.gone = {}, []


@contextmanager
def _uncollected(made: list[Note]) -> Iterator[None]:
    """No cyclic garbage collection within the block, nor later of the notes `made` in it when they are many:
    notes taken from the cache are some ten objects a task, all kept, and collecting while they were made,
    or once after, took a third of a warm `progress` on 10,000 notes."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if len(made) >= MANY_NOTES:
            gc.freeze()  # what exists now is never looked at by the collector again (a command's notes live on)
        if collecting:
            gc.enable()


def _taken(entry: cache.Entry, weeks_only: bool) -> Note | Sequence[Problem]:
    """What a cache entry adds to a scan: its note, or (a note not a week, for `weeks_only`) its problems."""
    kind, packed = entry[1], entry[2]
    if kind == cache.PARSED:
        return cache.unpack(marshal.loads(packed))
    if kind == cache.OTHER and weeks_only:
        return [Problem(path, line, message, CODES[code]) for path, line, message, code in packed[0]]
    if kind == cache.OTHER:
        return cache.unpack(marshal.loads(packed[1]))
    return ()


def _add(taken: Note | Sequence[Problem], notes: list[Note], problems: list[Problem]) -> None:
    if isinstance(taken, Note):
        notes.append(taken)
    else:
        problems.extend(taken)


def _unchanged(path: str, key: cache.Key) -> bool:
    try:
        return cache.key(os.stat(path)) == tuple(key)
    except OSError:
        return False


def _holds(path: str, shown: str, digest: bytes) -> bool:
    """Whether the file's bytes are those of `digest` (for a cache entry taken within a clock tick of a change)."""
    try:
        return bool(digest) and fsio.digest(fsio.read(Path(path), shown)[0]) == digest
    except FileError:
        return False


def _matches(relative: str, name: str, pattern: str) -> bool:
    """As in .gitignore: a pattern with a / in it matches the path from the root, one without matches a
    file or folder name anywhere."""
    anchored = "/" in pattern.rstrip("/")
    return fnmatch.fnmatchcase(relative if anchored else name, pattern.strip("/"))
