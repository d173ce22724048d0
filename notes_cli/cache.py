"""The parse cache: what each note parsed to, kept in the user's cache folder (never in the vault), keyed by
the note's path, size, modification and change times and inode, under a file named for the vault, the
tool's version and the settings that shape parsing. A cache that is missing, unreadable, corrupt or from
another version is ignored and rebuilt; one that cannot be written is skipped. The file carries a CRC-32 of
its content, which every change of up to four bytes alters: a damaged cache is a miss, never an answer.
An edit does not rewrite the cache: the note it wrote goes to a small journal beside it (see `remember`),
folded into the cache the next time the cache is written.
"""

from __future__ import annotations

import datetime as dt
import marshal
import os
import sys
import time
import zlib
from contextlib import suppress
from pathlib import Path
from typing import Any

from .fsio import read_quietly, replace_quietly
from .model import DoneSource, Heading, Note, Problem, Section, Task, WeekSection
from .results import CODES

SECTIONS = {section.value: section for section in Section}
FORMAT = 4  # bump when the packed form changes
MAGIC = b"notes\x00c\x04"  # then the CRC-32 of the rest (4 bytes, big-endian), then the marshalled content
JOURNAL_MAGIC = b"notes\x00j\x04"  # the same layout, for the journal of edits
SKIPPED = 0  # a file that is certainly not a week note, by the cheap test of parse.might_be_week
PARSED = 1  # a week note: its packed form, with the digest of its bytes (an edit then needs no parse)
OTHER = 2  # parsed, not a week: (its front-matter problems, packed, its packed form marshalled apart)
JOURNAL_LIMIT = 64  # edited notes kept in the journal before they are folded into the cache

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


def file_for(identity: str, cache_folder: Path) -> Path:
    """The cache file named after an identity (a checksum is enough: the file itself is checked)."""
    return cache_folder / f"vault-{zlib.crc32(identity.encode()):08x}-{len(identity):x}.marshal"


def key(info: os.stat_result) -> Key:
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


RACY_NS = 2_000_000_000  # a file changed this recently may change again within the same clock tick


def settled(entries: dict[str, Entry], now_ns: int) -> dict[str, Entry]:
    """The entries worth keeping: not those of files modified in the last two seconds, whose next change
    could leave size and times as they are (file system clocks are coarse; git does the same)."""
    return {path: entry for path, entry in entries.items() if now_ns - max(entry[0][1], entry[0][2]) > RACY_NS}


def _read(path: Path, magic: bytes) -> Any:
    """The content of a cache or journal file, or None when it is missing, damaged or not one."""
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


def journal_for(path: Path) -> Path:
    """The journal of edits beside a cache file."""
    return path.with_name("edits-" + path.name)


def load_with_edits(path: Path, identity: str) -> tuple[dict[str, Entry], dict[str, bytes]]:
    """The entries of the cache file and of its journal of edits, and the digests of the notes whose
    journal entry must be checked against the file's bytes: those written less than RACY_NS after the
    note's last change, whose size and times may not have moved since (as git does for its index)."""
    entries = load(path, identity)
    suspects: dict[str, bytes] = {}
    edits = _entries(_read(journal_for(path), JOURNAL_MAGIC), identity)
    try:
        for shown, (key, kind, packed, written_ns) in (edits or {}).items():
            entries[shown] = (key, kind, packed)
            if written_ns - max(key[1], key[2]) <= RACY_NS:
                suspects[shown] = packed[DIGEST] if kind == PARSED else b""
    except (TypeError, ValueError, IndexError):  # not what `remember` wrote: the cache alone
        return load(path, identity), {}
    return entries, suspects


def save(path: Path, identity: str, entries: dict[str, Any]) -> None:
    """Write the cache atomically (and drop the journal of edits, now in it); any failure leaves no cache
    rather than a broken one."""
    if _write(path, MAGIC, (identity, entries)):
        with suppress(OSError):
            os.unlink(journal_for(path))


def remember(path: Path, identity: str, shown: str, entry: Entry) -> None:
    """Record the entry of a note an edit just wrote in the journal beside the cache, which stays small,
    instead of rewriting the whole cache; past JOURNAL_LIMIT notes, fold the journal into the cache. Call
    it after taking the note's key, so that an entry is known to be suspect when the note may have changed
    since within the same clock tick."""
    edits = _entries(_read(journal_for(path), JOURNAL_MAGIC), identity) or {}
    edits[shown] = (*entry, time.time_ns())
    if len(edits) <= JOURNAL_LIMIT:
        _write(journal_for(path), JOURNAL_MAGIC, (identity, edits))
        return
    entries, _ = load_with_edits(path, identity)
    entries[shown] = entry
    save(path, identity, settled(entries, time.time_ns()))


def _write(path: Path, magic: bytes, stored: Any) -> bool:
    """Write a cache or journal file atomically; any failure leaves none rather than a broken one."""
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
        tuple(
            (t.number, t.section.value, t.heading, t.text, t.url, t.done, t.line, t.offset, t.end_line,
             _day(t.done_on), _day(t.due), t.section_from, t.status, _day(t.cancelled_on), t.recurrence)
            for t in note.tasks
        ),
        tuple((h.level, h.text, h.line, h.end_line, h.section.value) for h in note.headings),
        tuple((p.path, p.line, p.message, p.code.value) for p in note.problems),
        note.unit,
        tuple(tuple(s) for s in note.sections),
        note.digest,
    )  # fmt: skip


DIGEST = 10  # where `pack` puts the digest


def unpack(packed: tuple) -> Note:
    """The note `pack` packed (a parsed note's done dates are all its markers')."""
    path, title, course, week, date, tasks, headings, problems, unit, sections, digest = packed
    return Note(
        path=path,
        title=title,
        course=course,
        week=week,
        date=_date(date),
        tasks=tuple(  # tuple.__new__ and `and` instead of calls: a warm run builds tens of thousands (-28%)
            _new(Task, (n, SECTIONS[s], hd, tx, u, d, ln, o, e, don and _ordinal(don), due and _ordinal(due), sf,
                        st, c and _ordinal(c), r, don and DoneSource.MARKER))
            for n, s, hd, tx, u, d, ln, o, e, don, due, sf, st, c, r in tasks
        ),
        headings=tuple(_new(Heading, (lv, tx, ln, e, SECTIONS[s])) for lv, tx, ln, e, s in headings),
        problems=tuple(Problem(path, line, message, CODES[code]) for path, line, message, code in problems),
        unit=unit,
        sections=tuple(WeekSection(*s) for s in sections),
        digest=digest,
    )  # fmt: skip
