"""The parse cache: what each note parsed to, kept in the user's cache folder (never in the vault), keyed by
the note's path, size, modification and change times and inode, under a file named for the vault, the
tool's version and the settings that shape parsing. A cache that is missing, unreadable, corrupt or from
another version is ignored and rebuilt; one that cannot be written is skipped. The file carries a CRC-32 of
its content, which every change of up to four bytes alters: a damaged cache is a miss, never an answer.
"""

from __future__ import annotations

import datetime as dt
import marshal
import os
import stat
import sys
import zlib
from contextlib import suppress
from pathlib import Path
from typing import Any

from .model import DoneSource, Heading, Note, Problem, Section, Task, WeekSection
from .results import CODES

SECTIONS = {section.value: section for section in Section}
FORMAT = 3  # bump when the packed form changes
MAGIC = b"notes\x00c\x03"  # then the CRC-32 of the rest (4 bytes, big-endian), then the marshalled content
SKIPPED = 0  # a file that is certainly not a week note, by the cheap test of parse.might_be_week
PARSED = 1

Key = tuple[int, int, int, int]  # size, mtime_ns, ctime_ns, inode
Entry = tuple[Key, int, Any]  # key, SKIPPED or PARSED, packed note


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


def load(path: Path, identity: str) -> dict[str, Any]:
    """The entries of the cache file, or none when it is missing, damaged, or another's. The entries are as
    `save` was given them (parse entries, or the history's), and checked by the caller when used."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):  # a FIFO or device put in its place is never waited on
                return {}
            data = handle.read()
        checksum, content = data[len(MAGIC) : len(MAGIC) + 4], data[len(MAGIC) + 4 :]
        if not data.startswith(MAGIC) or zlib.crc32(content).to_bytes(4, "big") != checksum:
            return {}
        stored = marshal.loads(content)
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    if not (isinstance(stored, tuple) and len(stored) == 2 and stored[0] == identity and isinstance(stored[1], dict)):
        return {}  # another vault's, version's or format's, or damaged
    return stored[1]


def save(path: Path, identity: str, entries: dict[str, Any]) -> None:
    """Write the cache atomically; any failure leaves no cache rather than a broken one."""
    import tempfile

    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".vault-", suffix=".tmp", dir=path.parent)
        content = marshal.dumps((identity, entries))
        with os.fdopen(fd, "wb") as handle:
            handle.write(MAGIC + zlib.crc32(content).to_bytes(4, "big") + content)
        os.replace(temp, path)
        temp = None
    except (OSError, ValueError):
        pass
    finally:
        if temp is not None:
            with suppress(OSError):
                os.unlink(temp)


# ---- Notes as plain tuples (for the cache and for worker processes) ---------------------------------


def _day(value: dt.date | None) -> int | None:
    return value.toordinal() if value is not None else None


def _date(value: int | None) -> dt.date | None:
    return dt.date.fromordinal(value) if value is not None else None


def _source(done_on: int | None) -> DoneSource | None:
    """A parsed note's done dates are all its markers'."""
    return DoneSource.MARKER if done_on is not None else None


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
    )  # fmt: skip


def unpack(packed: tuple) -> Note:
    path, title, course, week, date, tasks, headings, problems, unit, sections = packed
    return Note(
        path=path,
        title=title,
        course=course,
        week=week,
        date=_date(date),
        tasks=tuple(
            Task(n, SECTIONS[s], hd, tx, u, d, ln, o, e, _date(don), _date(due), sf, st, _date(c), r, _source(don))
            for n, s, hd, tx, u, d, ln, o, e, don, due, sf, st, c, r in tasks
        ),
        headings=tuple(Heading(lv, tx, ln, e, SECTIONS[s]) for lv, tx, ln, e, s in headings),
        problems=tuple(Problem(path, line, message, CODES[code]) for path, line, message, code in problems),
        unit=unit,
        sections=tuple(WeekSection(*s) for s in sections),
    )
