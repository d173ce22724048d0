"""The only module that touches the disk: find notes, read them keeping their bytes, write edits atomically."""

from __future__ import annotations

import datetime as dt
import errno
import fnmatch
import marshal
import os
import stat
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import Any, Literal

from . import __version__, cache, edit
from .errors import FileError, NotesError, StaleFileError, UsageError
from .frontmatter import split_front_matter
from .model import Change, Note, Problem, Section, Task, rebuilt
from .parse import Vocabulary, might_be_week, might_be_week_ascii, parse_note
from .results import CODES, Code

NOTE_SUFFIXES = (".md", ".markdown")
SKIPPED_FOLDERS = {"_site", "node_modules"}  # and every hidden folder (.git, .obsidian, ...)
MAX_NOTE_BYTES = 2 * 1024 * 1024  # a note is text someone writes; past this, parsing takes seconds and memory
LOCK_TIMEOUT = 10.0  # seconds to wait for another `notes` process editing the same folder


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
        self._cache = cache.file_for(self._identity, cache_folder) if cache_folder is not None else None

    def scan(self, *, weeks_only: bool = False) -> Scan:
        """Read and parse the notes below the root, in path order; what cannot be read becomes a problem.

        With `weeks_only`, only week notes are returned: a note that certainly is not one (see
        `parse.might_be_week`) is read but not parsed, and of the other notes that are not weeks only the
        front-matter problems are kept, among the scan's problems. Notes unchanged since the last scan come
        from the cache; the others are parsed, in several processes when there are many.
        """
        problems: list[Problem] = []
        files = list(self._note_files(problems))
        cached, suspects = cache.load_with_edits(self._cache, self._identity) if self._cache else ({}, {})
        kept: dict[str, cache.Entry] = {}
        notes: list[Note] = []
        todo: list[tuple[str, str]] = []
        for path, shown in files:
            self._files[shown] = path
            entry = cached.get(shown)
            try:
                if (
                    entry is not None
                    and (entry[1] != cache.SKIPPED or weeks_only)
                    and _unchanged(path, entry[0])
                    and (shown not in suspects or _holds(path, shown, suspects[shown]))
                ):
                    self._take(entry, weeks_only, notes, problems)
                    kept[shown] = entry
                    continue
            except (TypeError, ValueError, KeyError, IndexError, OverflowError, EOFError):  # not what `save` wrote
                pass
            todo.append((path, shown))
        for shown, outcome in _read_and_parse(todo, self.vocabulary, weeks_only):
            if outcome[0] == "error":
                problems.append(Problem(*outcome[1], Code.UNREADABLE))
                continue
            _, key, kind, packed = outcome
            kept[shown] = (key, kind, packed)
            self._take(kept[shown], weeks_only, notes, problems)
        if self._cache is not None and (todo or len(kept) != len(cached)):
            keep = cache.settled(kept, time.time_ns())
            if keep != cached or not keep:  # notes changed just now are not kept: the cache may be as it was
                cache.save(self._cache, self._identity, keep)
        notes.sort(key=lambda n: n.path)
        return Scan(notes, problems)

    @staticmethod
    def _take(entry: cache.Entry, weeks_only: bool, notes: list[Note], problems: list[Problem]) -> None:
        """Add what a cache entry holds to a scan's notes, or (a note not a week, for `weeks_only`) problems."""
        kind, packed = entry[1], entry[2]
        if kind == cache.PARSED:
            notes.append(cache.unpack(packed))
        elif kind == cache.OTHER and weeks_only:
            problems.extend(Problem(path, line, message, CODES[code]) for path, line, message, code in packed[0])
        elif kind == cache.OTHER:
            notes.append(cache.unpack(marshal.loads(packed[1])))

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
        data = _read(path, shown)[0]
        note = parse_note(_decode(data, shown), shown, path.absolute(), self.vocabulary)
        self._files[shown] = str(path)
        return replace(note, digest=_digest(data))

    def text(self, note: Note) -> str:
        """The note's text as it is on disk now."""
        path = Path(self._files[note.path])
        return _decode(_read(path, note.path)[0], note.path)

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
            raise FileError(shown, f"cannot create its folder ({_reason(error)})") from None
        _atomic_create(path, text.encode("utf-8"), shown)
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
        with _folder_lock(real.parent, note.path):
            data = _read(real, note.path)[0]
            text = _decode(data, note.path)
            current = note if _digest(data) == note.digest else self._reparsed(note, text, numbers)
            new_text = change(current, text)
            new_data = new_text.encode("utf-8")
            if new_data != data:
                _check_writable(real, note.path)
                _atomic_write(real, new_data, expected=data, shown=note.path)
        return current, new_text, _digest(new_data), new_data != data

    def _remember(self, note: Note) -> None:
        """Put a note just written, as the edit computed it (with the digest of its bytes), in the cache's
        journal: not the whole cache, and no parse."""
        if self._cache is None or os.path.isabs(note.path):  # a file outside the vault is never scanned
            return
        try:
            key = cache.key(os.stat(self._files[note.path]))  # before the journal's time: see `cache.remember`
        except OSError:
            return
        cache.remember(self._cache, self._identity, note.path, _entry(key, note, None))

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
                entries = sorted(os.scandir(folder), key=lambda e: e.name, reverse=True)
            except OSError as error:
                message = f"cannot read this folder ({_reason(error)}); its notes are skipped"
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
                    problems.append(Problem(shown, None, f"cannot read ({_reason(error)}); skipped", Code.UNREADABLE))
            yield from reversed(files)


def _unchanged(path: str, key: cache.Key) -> bool:
    try:
        return cache.key(os.stat(path)) == tuple(key)
    except OSError:
        return False


def _holds(path: str, shown: str, digest: bytes) -> bool:
    """Whether the file's bytes are those of `digest` (for a cache entry taken within a clock tick of a change)."""
    try:
        return bool(digest) and _digest(_read(Path(path), shown)[0]) == digest
    except FileError:
        return False


PARALLEL_FROM = 300  # notes to parse before it pays to start worker processes


# What reading and parsing one file gave, by its path as shown; plain tuples, as they cross the pipe from a
# worker process through marshal: ("error", (path, line, message)) or ("ok", key, SKIPPED or PARSED, packed note).
Failed = tuple[Literal["error"], tuple[str, int | None, str]]
Parsed = tuple[Literal["ok"], cache.Key, int, Any]
Outcome = tuple[str, Failed | Parsed]


def _read_and_parse(files: list[tuple[str, str]], vocabulary: Vocabulary, weeks_only: bool) -> list[Outcome]:
    """Each file's outcome. Many files are shared out among forked processes, one a core, the parent taking
    its share too."""
    cores = min(os.cpu_count() or 1, 8)
    threads = sys.modules.get("threading")
    if (
        len(files) < PARALLEL_FROM
        or cores < 2
        or sys.platform != "linux"
        or (threads is not None and threads.active_count() > 1)  # forking a threaded process can deadlock
    ):
        return _parse_files(files, vocabulary, weeks_only)
    shares = [files[i::cores] for i in range(cores)]
    children = []
    for share in shares[1:]:
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: parse its share, send the outcomes back, and leave without cleanup
            status = 1
            try:
                os.close(reader)
                with os.fdopen(writer, "wb") as out:
                    marshal.dump(_parse_files(share, vocabulary, weeks_only), out)
                status = 0
            finally:
                os._exit(status)
        os.close(writer)
        children.append((pid, reader, share))
    outcomes = _parse_files(shares[0], vocabulary, weeks_only)
    for pid, reader, share in children:
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        try:
            part = marshal.loads(data) if status == 0 else None
        except (EOFError, ValueError, TypeError):
            part = None
        outcomes += part if part is not None else _parse_files(share, vocabulary, weeks_only)  # do it here then
    return outcomes


def _parse_files(files: list[tuple[str, str]], vocabulary: Vocabulary, weeks_only: bool) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for path, shown in files:
        try:
            data, info = _read(Path(path), shown)
            plain = data.isascii() and not data.startswith((b"---", b"+++")) and b"\x00" not in data
            stem, folder = os.path.splitext(os.path.basename(path))[0], os.path.basename(os.path.dirname(path))
            if weeks_only and plain and not might_be_week_ascii(data, stem, folder, vocabulary):
                outcomes.append((shown, ("ok", cache.key(info), cache.SKIPPED, None)))  # most notes: no parsing
                continue
            text = _decode(data, shown)
        except FileError as error:
            message = f"{error.message}; {error.hint}" if error.hint else error.message
            outcomes.append((shown, ("error", (error.path, error.line, message))))
            continue
        try:
            front = split_front_matter(text)
            if weeks_only and not might_be_week(text, PurePath(path), vocabulary, front):
                outcomes.append((shown, ("ok", cache.key(info), cache.SKIPPED, None)))
                continue
            note = parse_note(text, shown, PurePath(os.path.abspath(path)), vocabulary, front=front)
        except Exception as error:  # a bug met on one note: a warning about it, and the rest of the vault is served
            message = f"cannot be parsed (internal error {type(error).__name__}: {error}); skipped; please report it"
            outcomes.append((shown, ("error", (shown, None, message))))
            continue
        outcomes.append((shown, ("ok", *_entry(cache.key(info), note, data))))
    return outcomes


def _entry(key: cache.Key, note: Note, data: bytes | None) -> cache.Entry:
    """A parsed note's cache entry. A week note carries the digest of its bytes (`data`, else the note's
    own): an edit, which reads the file anyway, then knows that this parse is the file's. Of another note,
    the commands about weeks need only the front-matter problems; the rest is marshalled apart, unmarshalled
    only by the commands that read every note (a copy of bytes to load instead of thousands of objects)."""
    if note.is_week:
        return key, cache.PARSED, cache.pack(note if data is None else replace(note, digest=_digest(data)))
    problems = tuple((p.path, p.line, p.message, p.code.value) for p in note.problems if p.code is Code.FRONT_MATTER)
    return key, cache.OTHER, (problems, marshal.dumps(cache.pack(replace(note, digest=b""))))


def _matches(relative: str, name: str, pattern: str) -> bool:
    """As in .gitignore: a pattern with a / in it matches the path from the root, one without matches a
    file or folder name anywhere."""
    anchored = "/" in pattern.rstrip("/")
    return fnmatch.fnmatchcase(relative if anchored else name, pattern.strip("/"))


def _read(path: Path, shown: str) -> tuple[bytes, os.stat_result]:
    """A regular file's bytes and the status they were read under (one open, one fstat, one read).
    FIFOs, devices and folders are refused without blocking on them."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise FileError(shown, f"cannot read this note ({_reason(error)})", hint=_permission_hint(error)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileError(shown, "not a regular file; skipped")
        if info.st_size > MAX_NOTE_BYTES:
            raise FileError(shown, f"larger than {MAX_NOTE_BYTES // 1024 // 1024} MiB, too large for a note; skipped")
        chunks = [os.read(fd, info.st_size + 1)]
        while chunks[-1] and sum(map(len, chunks)) <= MAX_NOTE_BYTES:  # the file grew since fstat
            chunks.append(os.read(fd, MAX_NOTE_BYTES + 1))
        data = b"".join(chunks)
        if len(data) > MAX_NOTE_BYTES:
            raise FileError(shown, f"larger than {MAX_NOTE_BYTES // 1024 // 1024} MiB, too large for a note; skipped")
        return data, info
    except OSError as error:
        raise FileError(shown, f"cannot read this note ({_reason(error)})") from None
    finally:
        os.close(fd)


def _decode(data: bytes, shown: str) -> str:
    """UTF-8 text (a BOM stays part of the text, so encoding gives back the same bytes)."""
    if b"\x00" in data:
        raise FileError(shown, "binary file (it contains NUL bytes); skipped", hint="only Markdown text files are read")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise FileError(
            shown,
            f"not UTF-8 text (byte 0x{data[error.start]:02x} cannot be decoded); skipped",
            line=line,
            hint="convert the file to UTF-8 to track it",
        ) from None


def _digest(data: bytes) -> bytes:
    import hashlib  # only edits need it (it loads OpenSSL: milliseconds at every start otherwise)

    return hashlib.blake2b(data, digest_size=16).digest()


def _check_writable(path: Path, shown: str) -> None:
    mode = path.stat().st_mode
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise FileError(
            shown, "this note is read-only; nothing was changed", hint="make it writable (chmod u+w) to edit it"
        )


def _atomic_write(path: Path, data: bytes, *, expected: bytes, shown: str) -> None:
    """Replace `path` with `data` through a synced temp file in its folder, keeping its mode and owner.

    Right before the replace the file is read once more: if it no longer holds `expected`, another
    program wrote it, and its change wins.
    """
    info = path.stat()
    temp = _synced_temp(path, data, stat.S_IMODE(info.st_mode), shown, "this note")
    with _removed_on_failure(temp, shown, "cannot write this note ({}); it was not changed"):
        if hasattr(os, "chown") and (info.st_uid, info.st_gid) != (os.getuid(), os.getgid()):
            # Only root may give a file away; otherwise the note belongs to whoever edits it.
            with suppress(PermissionError):
                os.chown(temp, info.st_uid, info.st_gid)
        if _read(path, shown)[0] != expected:
            raise StaleFileError(
                shown,
                "another program changed this note while it was being edited; its change was kept",
                hint="nothing was written; run the command again",
            )
        os.replace(temp, path)
    _sync_folder(path.parent)


def check_export(path: Path) -> Path:
    """The file an export is to be saved in (the file a symbolic link points to); refuses a Markdown file or a
    missing folder (before anything is printed, so that a refusal does not come after a whole report)."""
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    if path.suffix.lower() in NOTE_SUFFIXES or target.suffix.lower() in NOTE_SUFFIXES:
        raise UsageError(f"{path}: refusing to write a report over a Markdown file", hint="name it .svg or .html")
    if not target.parent.is_dir():
        raise FileError(str(path), "its folder does not exist")
    return target


def write_export(path: Path, text: str) -> None:
    """Save an exported report (SVG, HTML) atomically; a symbolic link stays a link and the file it points
    to is replaced (keeping its mode). A Markdown file is never overwritten this way, so a slip of the hand
    cannot replace a note."""
    shown = str(path)
    target = check_export(path)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    temp = _synced_temp(target, text.encode("utf-8"), mode, shown, "the report")
    with _removed_on_failure(temp, shown, "cannot write it ({})"):
        os.replace(temp, target)


def _atomic_create(path: Path, data: bytes, shown: str) -> None:
    """Create `path` with `data`, all or nothing, failing if it exists (a synced temp file, then a link)."""
    temp = _synced_temp(path, data, 0o666 & ~_umask(), shown, "the new note")
    try:
        try:
            os.link(temp, path)  # unlike a rename, a link never replaces a file that appeared meanwhile
        except OSError as error:
            if error.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise
            with open(path, "xb") as handle:  # a file system without hard links: exclusive, not atomic
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
    except FileExistsError:
        raise FileError(shown, "already exists; nothing was written") from None
    except OSError as error:
        raise FileError(shown, f"cannot write this note ({_reason(error)}); nothing was written") from None
    finally:
        with suppress(OSError):
            os.unlink(temp)
    _sync_folder(path.parent)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _synced_temp(path: Path, data: bytes, mode: int, shown: str, what: str) -> str:
    """A temporary file beside `path` holding `data`, flushed to the disk, with `mode`. The caller moves it
    into place (and removes it if that fails); FileError if it cannot be made, with nothing left behind."""
    import tempfile  # only writes need it

    try:
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".notes-tmp", dir=path.parent)
    except OSError as error:
        raise FileError(
            shown,
            f"cannot write in {what}'s folder ({_reason(error)}); nothing was changed",
            hint=_permission_hint(error),
        ) from None
    with _removed_on_failure(temp, shown, f"cannot write {what} ({{}}); nothing was changed"):
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, mode)
    return temp


@contextmanager
def _removed_on_failure(temp: str, shown: str, message: str) -> Iterator[None]:
    """Remove the temporary file when the block fails in any way (Ctrl-C too); an OSError becomes a FileError
    with `message`, its {} filled with the reason."""
    try:
        yield
    except BaseException as error:
        with suppress(OSError):
            os.unlink(temp)
        if isinstance(error, OSError):
            raise FileError(shown, message.format(_reason(error))) from None
        raise


def _sync_folder(folder: Path) -> None:
    """Make the rename durable; some systems cannot open or sync a folder, and then there is nothing to do."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def _folder_lock(folder: Path, shown: str) -> Iterator[None]:
    """An exclusive lock among `notes` processes editing in `folder` (advisory; none where flock is missing)."""
    try:
        import fcntl
    except ImportError:  # Windows: no flock; the stale-file checks still apply
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + LOCK_TIMEOUT
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise FileError(
                        shown, "another notes process has been editing this folder for too long", hint="try again"
                    ) from None
                time.sleep(0.01)
        yield
    finally:
        os.close(fd)


def _reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    return error.strerror.lower() if error.strerror else str(error)


def _permission_hint(error: OSError) -> str | None:
    if isinstance(error, PermissionError):
        return "check the file's and folder's permissions"
    return None
