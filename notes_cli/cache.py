"""The parse cache: what each note parsed to, kept in the user's cache folder (never in the vault), keyed by
the note's path, size, modification and change times and inode, in an SQLite file named for the vault, the
tool's version and the settings that shape parsing: one row a note, read only as far as a command needs
(the commands about weeks never load the other notes' parses) and updated in place for the notes that
changed (an edit writes one row). Each row carries CRC-32s of its content, which every change of up to four
bytes alters: a damaged row is a miss, never an answer; a damaged, locked or unwritable file is a miss for
every note (a damaged one is replaced when the cache is next written). `load` and `save` keep a small
marshalled file whole (the history's cache).
"""

from __future__ import annotations

import datetime as dt
import functools
import marshal
import os
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .fsio import open_database, read_quietly, remove_database, replace_quietly
from .model import Count, DoneSource, Heading, Note, Problem, Section, Tally, Task, WeekSection, unpacked_later
from .results import CODES

SECTIONS = {section.value: section for section in Section}
FORMAT = 6  # bump when the packed form changes
MAGIC = b"notes\x00c\x04"  # then the CRC-32 of the rest (4 bytes, big-endian), then the marshalled content
SKIPPED = 0  # a file that is certainly not a week note, by the cheap test of parse.might_be_week
PARSED = 1  # a week note: its packed form marshalled, with the digest of its bytes (an edit then needs no parse)
OTHER = 2  # parsed, not a week: (its front-matter problems, packed; its packed form marshalled)
STORE_TIMEOUT = 0.2  # seconds to wait for another process writing the cache before leaving it be

Key = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
Entry = tuple[Key, int, Any]  # key, SKIPPED, PARSED or OTHER, what that kind keeps


def folder(env: dict[str, str] | os._Environ[str] | None = None) -> Path:
    """The user cache folder for notes: $XDG_CACHE_HOME/notes, ~/Library/Caches/notes, %LOCALAPPDATA%."""
    env = os.environ if env is None else env
    if sys.platform == "win32" and os.path.isabs(env.get("LOCALAPPDATA", "")):
        return Path(env["LOCALAPPDATA"]) / "notes" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "notes"
    xdg = env.get("XDG_CACHE_HOME", "")
    # The XDG spec: a relative path is invalid and ignored (else the cache would land in the current folder).
    return (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache") / "notes"


def identity(root: Path, fingerprint: str) -> str:
    """What a cache file is for: one vault, one version of the tool, one set of parsing settings. The file
    stores it, and an entry is only used from a file whose identity matches. The vault is named both as
    resolved and as spelled: a root note's course is the name of the folder as typed (a link's name)."""
    return f"{FORMAT}\0{os.path.realpath(root)}\0{os.path.abspath(root)}\0{fingerprint}"


def file_for(identity: str, cache_folder: Path, suffix: str = ".marshal") -> Path:
    """The cache file named after an identity (a checksum is enough: the file itself is checked)."""
    return cache_folder / f"vault-{zlib.crc32(identity.encode()):08x}-{len(identity):x}{suffix}"


def key(info: os.stat_result) -> Key:
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


def store_for(identity: str, cache_folder: Path) -> Path:
    """The SQLite file of a vault's parse cache."""
    return file_for(identity, cache_folder, ".sqlite")


RACY_NS = 2_000_000_000  # a file changed this recently may change again within the same clock tick


def settled(entries: dict[str, Entry], now_ns: int) -> dict[str, Entry]:
    """The entries worth keeping: not those of files modified in the last two seconds, whose next change
    could leave size and times as they are (file system clocks are coarse; git does the same)."""
    return {path: entry for path, entry in entries.items() if now_ns - max(entry[0][1], entry[0][2]) > RACY_NS}


# ---- The notes' cache: an SQLite file, one row a note ------------------------------------------------

# A row: the path (UTF-8 bytes, as a file name may not be text), the kind (SKIPPED, PARSED or OTHER, for the
# query only), the head (marshalled: size, mtime_ns, ctime_ns, inode, kind, when the row was written, an OTHER
# note's front-matter problems) and the CRC-32 of path and head, the body (the marshalled packed note, none
# for SKIPPED) and its CRC-32.
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (identity BLOB NOT NULL)",
    "CREATE TABLE IF NOT EXISTS notes (path BLOB PRIMARY KEY, kind INTEGER NOT NULL, head BLOB NOT NULL,"
    " head_crc INTEGER NOT NULL, body BLOB, body_crc INTEGER)",
)
EVERY_NOTE = "SELECT path, head, head_crc, body, body_crc FROM notes"
WEEKS_ONLY = f"SELECT path, head, head_crc, CASE kind WHEN {OTHER} THEN NULL ELSE body END, body_crc FROM notes"
DAMAGED = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB: the file is replaced at the next write
# What a row that is not what `_row` wrote can raise when it is read.
ROW_DAMAGE = (TypeError, ValueError, EOFError, AttributeError, IndexError, OverflowError, UnicodeError)


class Unreadable(Exception):
    """The cache failed while its rows were read: what was taken from it must be dropped."""


def read_notes(path: Path, identity: str, weeks_only: bool) -> Iterator[tuple[str, Entry, bytes | None]]:
    """The entries of the notes' cache one row at a time (a warm run then never holds every row's parse at
    once: at 100,000 notes they were 48 MB besides the notes made of them), each with, for a note whose entry
    must be checked against the file's bytes, their digest (else None): those written less than RACY_NS after
    the note's last change (an edit's), whose size and times may not have moved since (as git does for its
    index). With `weeks_only`, an OTHER note's entry holds its problems but not its parse. Rows that are
    damaged are left out; a cache of another identity, or that cannot be opened, has none. Raises
    `Unreadable` when the file fails after some rows were read."""
    import sqlite3

    try:
        database = open_database(path, create=False, timeout=STORE_TIMEOUT)
    except sqlite3.Error:
        return
    if database is None:
        return
    try:
        stored = database.execute("SELECT identity FROM meta").fetchall()
        if stored != [(identity.encode("utf-8", "surrogateescape"),)]:
            return
        for raw, head, head_crc, body, body_crc in database.execute(WEEKS_ONLY if weeks_only else EVERY_NOTE):
            try:
                if zlib.crc32(head, zlib.crc32(raw)) != head_crc or (body is not None and zlib.crc32(body) != body_crc):
                    continue
                size, mtime, ctime, inode, kind, written, problems = marshal.loads(head)
                packed: Any = body if kind == PARSED else (problems, body) if kind == OTHER else None
                digest = None
                if written - max(mtime, ctime) <= RACY_NS:
                    digest = marshal.loads(body)[DIGEST] if kind == PARSED else b""
                row = (raw.decode("utf-8", "surrogateescape"), ((size, mtime, ctime, inode), kind, packed), digest)
            except ROW_DAMAGE:
                continue
            yield row
    except (sqlite3.Error, UnicodeDecodeError):  # the latter: SQLite's message quoting damaged bytes
        raise Unreadable from None
    finally:
        database.close()


def update_notes(path: Path, identity: str, entries: dict[str, Entry], gone: list[str]) -> None:
    """Write the rows of `entries` and delete those of `gone`, in place and in one transaction: the other rows
    are not touched. A cache of another identity is emptied first; a damaged file is replaced; a cache another
    process is writing, or one that cannot be written, is left as it is."""
    import sqlite3

    now = time.time_ns()
    for attempt in range(2):
        try:
            database = open_database(path, create=True, timeout=STORE_TIMEOUT)
        except sqlite3.Error as error:
            if attempt or not _damaged(error):
                return
            remove_database(path)
            continue
        if database is None:
            return
        try:
            with database:  # BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error
                database.execute("BEGIN IMMEDIATE")
                for statement in SCHEMA:
                    database.execute(statement)
                wanted = identity.encode("utf-8", "surrogateescape")
                if database.execute("SELECT identity FROM meta").fetchall() != [(wanted,)]:
                    database.execute("DELETE FROM meta")
                    database.execute("DELETE FROM notes")
                    database.execute("INSERT INTO meta VALUES (?)", (wanted,))
                database.executemany(
                    "DELETE FROM notes WHERE path = ?", ((shown.encode("utf-8", "surrogateescape"),) for shown in gone)
                )
                database.executemany(
                    "INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?, ?)",
                    (_row(shown, entry, now) for shown, entry in entries.items()),
                )
            return
        except sqlite3.Error as error:
            if attempt or not _damaged(error):
                return
        except UnicodeDecodeError:  # SQLite's message quoting damaged bytes of the file: replace it, as damaged
            if attempt:
                return
        except ValueError:  # an entry marshal cannot write (not one `workers` makes): no cache rather than a wrong one
            return
        finally:
            database.close()
        remove_database(path)


def remember(path: Path, identity: str, shown: str, entry: Entry) -> None:
    """Write the entry of a note an edit just wrote: its one row, nothing else. Call it after taking the
    note's key, so that the entry is known to be suspect when the note may have changed since within the
    same clock tick."""
    update_notes(path, identity, {shown: entry}, [])


def _damaged(error: Exception) -> bool:
    """Whether SQLite found the file damaged or not a database (rather than busy, read-only or missing)."""
    return (getattr(error, "sqlite_errorcode", 0) & 0xFF) in DAMAGED


def _row(shown: str, entry: Entry, written_ns: int) -> tuple[bytes, int, bytes, int, bytes | None, int | None]:
    """The row of a note's entry, as the notes table holds it (see SCHEMA)."""
    (size, mtime, ctime, inode), kind, packed = entry
    raw = shown.encode("utf-8", "surrogateescape")
    problems, body = packed if kind == OTHER else (None, packed)
    head = marshal.dumps((size, mtime, ctime, inode, kind, written_ns, problems))
    return raw, kind, head, zlib.crc32(head, zlib.crc32(raw)), body, None if body is None else zlib.crc32(body)


def _read(path: Path, magic: bytes) -> Any:
    """The content of a marshalled cache file, or None when it is missing, damaged or not one."""
    data = read_quietly(path)
    if data is None:
        return None
    checksum, content = data[len(magic) : len(magic) + 4], data[len(magic) + 4 :]
    if not data.startswith(magic) or zlib.crc32(content).to_bytes(4, "big") != checksum:
        return None
    try:
        return marshal.loads(content)
    except (EOFError, ValueError, TypeError):
        return None


def _entries(stored: Any, identity: str) -> dict | None:
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == identity and isinstance(stored[1], dict)):
        return None  # another vault's, version's or format's, or damaged
    return stored[1]


def load(path: Path, identity: str) -> dict[str, Any]:
    """The entries of the cache file, or none when it is missing, damaged, or another's. The entries are as
    `save` was given them (parse entries, or the history's), and checked by the caller when used."""
    return _entries(_read(path, MAGIC), identity) or {}


def save(path: Path, identity: str, entries: dict[str, Any]) -> None:
    """Write a marshalled cache file atomically; any failure leaves no file rather than a broken one."""
    _write(path, MAGIC, (identity, entries))


def _write(path: Path, magic: bytes, stored: Any) -> bool:
    """Write a marshalled cache file atomically; any failure leaves none rather than a broken one."""
    try:
        content = marshal.dumps(stored)
    except ValueError:
        return False
    return replace_quietly(path, magic + zlib.crc32(content).to_bytes(4, "big") + content)


# ---- Notes as plain tuples (for the cache and for worker processes) ---------------------------------


def _day(value: dt.date | None) -> int | None:
    return value.toordinal() if value is not None else None


def _date(value: int | None) -> dt.date | None:
    return dt.date.fromordinal(value) if value is not None else None


_new = tuple.__new__  # a named tuple without its Python-level __new__
_ordinal = dt.date.fromordinal  # a day is packed as its ordinal, which is never 0: `and` keeps None None


def pack(note: Note) -> tuple:
    return (
        note.path,
        note.title,
        note.course,
        note.week,
        _day(note.date),
        marshal.dumps(tuple(
            (t.number, t.section.value, t.heading, t.text, t.url, t.done, t.line, t.offset, t.end_line,
             _day(t.done_on), _day(t.due), t.section_from, t.status, _day(t.cancelled_on), t.recurrence)
            for t in note.tasks
        )),
        marshal.dumps(tuple((h.level, h.text, h.line, h.end_line, h.section.value) for h in note.headings)),
        tuple((p.path, p.line, p.message, p.code.value) for p in note.problems),
        note.unit,
        tuple(tuple(s) for s in note.sections),
        note.digest,
        (  # what the commands about weeks ask of a note's tasks, kept beside them (see `unpack`)
            tuple((c.done, c.total) for c in (note.tally.readings, note.tally.exercises, note.tally.other)),
            _day(note.first_due),
            note.is_week,
        ),
    )  # fmt: skip


DIGEST = 10  # where `pack` puts the digest


def unpack(packed: tuple) -> Note:
    """The note `pack` packed (a parsed note's done dates are all its markers'). Its tasks and headings stay
    marshalled until they are read (see `model.unpacked_later`): what the commands about weeks ask of them is
    kept beside."""
    path, title, course, week, date, tasks, headings, problems, unit, sections, digest, summary = packed
    if type(tasks) is not bytes or type(headings) is not bytes:  # not what `pack` wrote: a miss now
        raise TypeError("packed")  # (rather than an error when they are read)
    readings, exercises, other = summary[0]
    values = {
        "path": path,
        "title": title,
        "course": course,
        "week": week,
        "date": _date(date),
        "problems": tuple(Problem(path, line, message, CODES[code]) for path, line, message, code in problems),
        "digest": digest,
        "unit": unit,
        "sections": tuple(WeekSection(*s) for s in sections),
        "parts": (),
        # What `Note.tally`, `first_due` and `is_week` would compute from the tasks, computed when the note
        # was parsed (a count is shared by every note that has it: thousands are alike).
        "tally": _tally(_count(*readings), _count(*exercises), _count(*other)),
        "first_due": summary[1] and _ordinal(summary[1]),
        "is_week": summary[2],
    }
    return unpacked_later(values, functools.partial(_unpack_later, tasks, headings))


_count = functools.cache(Count)
_tally = functools.cache(Tally)


def _unpack_later(tasks: bytes, headings: bytes, name: str) -> tuple[Any, ...]:
    """The tasks or headings of a note `unpack` made, as `pack` marshalled them apart."""
    if name == "tasks":
        return unpack_tasks(tasks)
    return tuple(_new(Heading, (lv, tx, ln, e, SECTIONS[s])) for lv, tx, ln, e, s in marshal.loads(headings))


def unpack_tasks(packed: bytes) -> tuple[Task, ...]:
    """The tasks `pack` marshalled."""
    return tuple(  # tuple.__new__ and `and` instead of calls: tens of thousands of tasks built 28% faster
        _new(Task, (n, SECTIONS[s], hd, tx, u, d, ln, o, e, don and _ordinal(don), due and _ordinal(due), sf,
                    st, c and _ordinal(c), r, don and DoneSource.MARKER))
        for n, s, hd, tx, u, d, ln, o, e, don, due, sf, st, c, r in marshal.loads(packed)
    )  # fmt: skip
