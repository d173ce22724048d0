"""Reading and parsing many notes at once: shared among forked worker processes, one a core, each file's
result a typed outcome (a parse to cache, or why the file could not be read) that crosses the pipe back."""

from __future__ import annotations

import marshal
import os
import select
import sys
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import replace
from pathlib import Path, PurePath
from typing import Any, Literal

from . import cache
from .errors import FileError
from .frontmatter import split_front_matter
from .fsio import decode, digest, read
from .model import Note
from .parse import might_be_week, might_be_week_ascii, parse_note
from .results import Code
from .vocabulary import Vocabulary

PARALLEL_FROM = 300  # notes to parse before it pays to start worker processes


# What reading and parsing one file gave, by its path as shown; plain tuples, as they cross the pipe from a
# worker process through marshal: ("error", (path, line, message)) or ("ok", key, SKIPPED or PARSED, packed note).
Failed = tuple[Literal["error"], tuple[str, int | None, str]]
Parsed = tuple[Literal["ok"], cache.Key, int, Any]
Outcome = tuple[str, Failed | Parsed]


def read_and_parse(files: list[tuple[str, str]], vocabulary: Vocabulary, weeks_only: bool) -> Iterator[Outcome]:
    """Each file's outcome, as it comes (not in the order of `files`). Many files are shared out among forked
    processes, one a core, the parent taking its share too; each sends its outcomes in batches, which the
    parent passes on between batches of its own, so that no process holds the outcomes of every file."""
    cores = min(os.cpu_count() or 1, 8)
    threads = sys.modules.get("threading")
    if (
        len(files) < PARALLEL_FROM
        or cores < 2
        or sys.platform != "linux"
        or (threads is not None and threads.active_count() > 1)  # forking a threaded process can deadlock
    ):
        yield from parse_files(files, vocabulary, weeks_only)
        return
    import fcntl  # not on Windows

    shares = [files[i::cores] for i in range(cores)]
    children: list[_Child] = []
    for share in shares[1:]:
        reader, writer = os.pipe()
        with suppress(OSError):  # room for a whole batch, so that a worker seldom waits for the parent
            fcntl.fcntl(writer, fcntl.F_SETPIPE_SZ, PIPE_BYTES)
        pid = os.fork()
        if pid == 0:  # the child: parse its share, send the outcomes back, and leave without cleanup
            status = 1
            try:
                os.close(reader)
                for opened in children:
                    os.close(opened.reader)
                with os.fdopen(writer, "wb") as out:
                    for batch in _batches(parse_files(share, vocabulary, weeks_only)):
                        data = marshal.dumps(batch)
                        out.write(len(data).to_bytes(8, "big") + data)
                        out.flush()  # now: the parent may be waiting for it
                status = 0
            finally:
                os._exit(status)
        os.close(writer)
        children.append(_Child(pid, reader, share))
    for batch in _batches(parse_files(shares[0], vocabulary, weeks_only)):
        yield from batch
        for child in children:  # what the workers sent meanwhile, so that they are not kept waiting
            while not child.done and select.select([child.reader], [], [], 0)[0]:
                yield from child.receive()
    for child in children:
        while not child.done:
            yield from child.receive()
        _, status = os.waitpid(child.pid, 0)
        if status != 0 or child.received < len(child.share):  # do the rest here then
            yield from parse_files(child.share[child.received :], vocabulary, weeks_only)


BATCH = 200  # outcomes a process sends at once
PIPE_BYTES = 1 << 20  # Linux's default limit for a pipe's buffer


def _batches(outcomes: Iterator[Outcome]) -> Iterator[list[Outcome]]:
    batch: list[Outcome] = []
    for outcome in outcomes:
        batch.append(outcome)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


class _Child:
    """A worker process and the outcomes it sent: batches, each its marshalled length (8 bytes) then itself."""

    def __init__(self, pid: int, reader: int, share: list[tuple[str, str]]) -> None:
        self.pid, self.reader, self.share = pid, reader, share
        self.received = 0  # outcomes received: those of the first files of the share
        self.done = False

    def receive(self) -> list[Outcome]:
        """The next batch (blocking until it is whole), or none at the end: when the worker is done, or what
        it sent is cut short or damaged (the rest of its share is then parsed here)."""
        head = self._exactly(8)
        data = self._exactly(int.from_bytes(head, "big")) if len(head) == 8 else b""
        try:
            batch = marshal.loads(data) if data else None
        except (EOFError, ValueError, TypeError):
            batch = None
        if not isinstance(batch, list) or len(data) != int.from_bytes(head, "big"):
            self.done = True
            os.close(self.reader)
            return []
        self.received += len(batch)
        return batch

    def _exactly(self, size: int) -> bytes:
        chunks = []
        while size > 0:
            chunk = os.read(self.reader, min(size, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)


def parse_files(files: list[tuple[str, str]], vocabulary: Vocabulary, weeks_only: bool) -> Iterator[Outcome]:
    """Each file's outcome, in the order of `files`, read and parsed in this process."""
    for path, shown in files:
        try:
            data, info = read(Path(path), shown)
            plain = data.isascii() and not data.startswith((b"---", b"+++")) and b"\x00" not in data
            stem, folder = os.path.splitext(os.path.basename(path))[0], os.path.basename(os.path.dirname(path))
            if weeks_only and plain and not might_be_week_ascii(data, stem, folder, vocabulary):
                yield (shown, ("ok", cache.key(info), cache.SKIPPED, None))  # most notes: no parsing
                continue
            text = decode(data, shown)
        except FileError as error:
            message = f"{error.message}; {error.hint}" if error.hint else error.message
            yield (shown, ("error", (error.path, error.line, message)))
            continue
        try:
            front = split_front_matter(text)
            if weeks_only and not might_be_week(text, PurePath(path), vocabulary, front):
                yield (shown, ("ok", cache.key(info), cache.SKIPPED, None))
                continue
            note = parse_note(text, shown, PurePath(os.path.abspath(path)), vocabulary, front=front)
        except Exception as error:  # a bug met on one note: a warning about it, and the rest of the vault is served
            message = f"cannot be parsed (internal error {type(error).__name__}: {error}); skipped; please report it"
            yield (shown, ("error", (shown, None, message)))
            continue
        yield (shown, ("ok", *entry(cache.key(info), note, data)))


def entry(key: cache.Key, note: Note, data: bytes | None) -> cache.Entry:
    """A parsed note's cache entry: its packed form, marshalled (unmarshalled only when the note is taken, so
    that a scan never holds both forms of many notes). A week note carries the digest of its bytes (`data`,
    else the note's own): an edit, which reads the file anyway, then knows that this parse is the file's. Of
    another note, the commands about weeks need only the front-matter problems, kept beside it."""
    if note.is_week:
        packed = cache.pack(note if data is None else replace(note, digest=digest(data)))
        return key, cache.PARSED, marshal.dumps(packed)
    problems = tuple((p.path, p.line, p.message, p.code.value) for p in note.problems if p.code is Code.FRONT_MATTER)
    return key, cache.OTHER, (problems, marshal.dumps(cache.pack(replace(note, digest=b""))))
