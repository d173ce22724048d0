"""Reading and parsing many notes at once: shared among forked worker processes, one a core, each file's
result a typed outcome (a parse to cache, or why the file could not be read) that crosses the pipe back."""

from __future__ import annotations

import marshal
import os
import sys
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


def read_and_parse(files: list[tuple[str, str]], vocabulary: Vocabulary, weeks_only: bool) -> list[Outcome]:
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
        return parse_files(files, vocabulary, weeks_only)
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
                    marshal.dump(parse_files(share, vocabulary, weeks_only), out)
                status = 0
            finally:
                os._exit(status)
        os.close(writer)
        children.append((pid, reader, share))
    outcomes = parse_files(shares[0], vocabulary, weeks_only)
    for pid, reader, share in children:
        with os.fdopen(reader, "rb") as pipe:
            data = pipe.read()
        _, status = os.waitpid(pid, 0)
        try:
            part = marshal.loads(data) if status == 0 else None
        except (EOFError, ValueError, TypeError):
            part = None
        outcomes += part if part is not None else parse_files(share, vocabulary, weeks_only)  # do it here then
    return outcomes


def parse_files(files: list[tuple[str, str]], vocabulary: Vocabulary, weeks_only: bool) -> list[Outcome]:
    outcomes: list[Outcome] = []
    for path, shown in files:
        try:
            data, info = read(Path(path), shown)
            plain = data.isascii() and not data.startswith((b"---", b"+++")) and b"\x00" not in data
            stem, folder = os.path.splitext(os.path.basename(path))[0], os.path.basename(os.path.dirname(path))
            if weeks_only and plain and not might_be_week_ascii(data, stem, folder, vocabulary):
                outcomes.append((shown, ("ok", cache.key(info), cache.SKIPPED, None)))  # most notes: no parsing
                continue
            text = decode(data, shown)
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
        outcomes.append((shown, ("ok", *entry(cache.key(info), note, data))))
    return outcomes


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
