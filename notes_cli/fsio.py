"""File safety: the only code that opens, syncs, renames or locks files. Reads are limited and never block
on a FIFO; writes go through a synced temporary file and an atomic rename (or link), and leave nothing
behind when they fail."""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import FileError, StaleFileError, UsageError

if TYPE_CHECKING:
    import sqlite3

NOTE_SUFFIXES = (".md", ".markdown")
MAX_NOTE_BYTES = 2 * 1024 * 1024  # a note is text someone writes; past this, parsing takes seconds and memory
LOCK_TIMEOUT = 10.0  # seconds to wait for another `notes` process editing the same folder


def read(path: Path, shown: str) -> tuple[bytes, os.stat_result]:
    """A regular file's bytes and the status they were read under (one open, one fstat, one read).
    FIFOs, devices and folders are refused without blocking on them."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise FileError(shown, f"cannot read this note ({reason(error)})", hint=permission_hint(error)) from None
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
        raise FileError(shown, f"cannot read this note ({reason(error)})") from None
    finally:
        os.close(fd)


def decode(data: bytes, shown: str) -> str:
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


def digest(data: bytes) -> bytes:
    # `hashlib.blake2b` is this built-in module's, but importing hashlib loads OpenSSL: 2 ms of every edit
    from _blake2 import blake2b

    return blake2b(data, digest_size=16).digest()


def check_writable(path: Path, shown: str) -> None:
    mode = path.stat().st_mode
    if not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH) or not os.access(path, os.W_OK):
        raise FileError(
            shown, "this note is read-only; nothing was changed", hint="make it writable (chmod u+w) to edit it"
        )


def atomic_write(path: Path, data: bytes, *, expected: bytes, shown: str) -> None:
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
        if read(path, shown)[0] != expected:
            raise StaleFileError(
                shown,
                "another program changed this note while it was being edited; its change was kept",
                hint="nothing was written; run the command again",
            )
        os.replace(temp, path)
    _sync_folder(path.parent)


EXPORT_SUFFIXES = {"svg": (".svg",), "html": (".html", ".htm")}  # what an existing file an export replaces is named


def check_export(path: Path, kind: str) -> Path:
    """The file an export (`kind`: svg or html) is to be saved in (the file a symbolic link points to); refuses
    a Markdown file, an existing file not named as that kind of export (a slip of the hand must not replace a
    document), or a missing folder (before anything is printed, so that a refusal does not come after a whole
    report)."""
    target = Path(os.path.realpath(path)) if os.path.islink(path) else path
    suffixes = EXPORT_SUFFIXES[kind]
    if target.is_dir():
        raise UsageError(f"{path}: is a folder", hint=f"give the name of a file to save, e.g. progress{suffixes[0]}")
    if path.suffix.lower() in NOTE_SUFFIXES:
        raise UsageError(f"{path}: refusing to write a report over a Markdown file", hint=f"name it {suffixes[0]}")
    if target.suffix.lower() in NOTE_SUFFIXES:
        raise UsageError(
            f"{path}: refusing to write a report over the Markdown file it links to ({target})",
            hint="give another file's name",
        )
    if target.suffix.lower() not in suffixes and os.path.lexists(target):
        raise UsageError(
            f"{path}: refusing to replace a file that is not {' or '.join(suffixes)}",
            hint=f"give a new file's name, or one ending in {suffixes[0]}",
        )
    if not target.parent.is_dir():
        raise FileError(str(path), "its folder does not exist")
    return target


def write_export(path: Path, text: str, kind: str) -> None:
    """Save an exported report (`kind`: svg or html) atomically; a symbolic link stays a link and the file it
    points to is replaced (keeping its mode). Neither a Markdown file nor an existing file of another kind is
    overwritten this way, so a slip of the hand cannot replace a note or a document."""
    shown = str(path)
    target = check_export(path, kind)
    try:
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        mode = 0o666 & ~_umask()
    temp = _synced_temp(target, text.encode("utf-8"), mode, shown, "the report")
    with _removed_on_failure(temp, shown, "cannot write it ({})"):
        os.replace(temp, target)


def atomic_create(path: Path, data: bytes, shown: str) -> None:
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
        raise FileError(shown, f"cannot write this note ({reason(error)}); nothing was written") from None
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
            f"cannot write in {what}'s folder ({reason(error)}); nothing was changed",
            hint=permission_hint(error),
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
            raise FileError(shown, message.format(reason(error))) from None
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
def folder_lock(folder: Path, shown: str) -> Iterator[None]:
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


def reason(error: OSError) -> str:
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    return error.strerror.lower() if error.strerror else str(error)


def permission_hint(error: OSError) -> str | None:
    if isinstance(error, PermissionError):
        return "check the file's and folder's permissions"
    return None


def replace_quietly(path: Path, data: bytes) -> bool:
    """Replace a file of `notes`' own (not the user's: no sync, private mode) through a temporary file and a
    rename, creating its folder; whether it was written. A failure leaves the old file or none, never a
    broken one."""
    import tempfile

    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=".vault-", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, path)
        temp = None
        return True
    except OSError:
        return False
    finally:
        if temp is not None:
            with suppress(OSError):
                os.unlink(temp)


def read_quietly(path: Path) -> bytes | None:
    """The bytes of a file of `notes`' own (the cache), in one read; None when it is missing, unreadable or
    not a regular file (a FIFO or device put in its place is never waited on)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            return handle.read()  # then one marshal.loads: 4x faster than marshal.load(handle) on 8 MB
    except OSError:
        return None


def open_database(path: Path, *, create: bool, timeout: float) -> sqlite3.Connection | None:
    """An SQLite database of `notes`' own (the cache) in WAL mode, so that readers never wait for a writer,
    with commits not synced (a cache lost in a crash is rebuilt); `create` makes the file and its folder
    when missing. None when it is missing (without `create`) or not a regular file (a FIFO is never waited
    on); sqlite3.Error when SQLite cannot open it or finds it damaged."""
    import sqlite3  # only the cache needs it (milliseconds at every start otherwise)

    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
    except FileNotFoundError:
        if not create:
            return None
        with suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    database = sqlite3.connect(path, timeout=timeout, isolation_level=None)
    try:
        database.execute("PRAGMA journal_mode = WAL")
        database.execute("PRAGMA synchronous = OFF")
    except sqlite3.Error:
        database.close()
        raise
    except UnicodeDecodeError:  # SQLite's message quoted damaged bytes of the file: damaged, as SQLite would say
        database.close()
        raise corrupt_database() from None
    return database


def corrupt_database() -> sqlite3.DatabaseError:
    """The error SQLite gives for a damaged file (SQLITE_CORRUPT), for damage found otherwise."""
    import sqlite3

    error = sqlite3.DatabaseError("database disk image is malformed")
    error.sqlite_errorcode = 11
    return error


def remove_database(path: Path) -> None:
    """Remove a damaged database of `notes`' own, with its write-ahead log and shared memory."""
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        with suppress(OSError):
            os.unlink(name)
