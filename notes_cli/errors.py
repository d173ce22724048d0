"""Errors the user can act on. Each carries what the message needs; `cli` turns them into exit codes."""

from __future__ import annotations


class NotesError(Exception):
    """A request that could not be done (exit 1). The message says what to do next."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class UsageError(NotesError):
    """The command line itself is wrong: a missing folder, a bad value (exit 2)."""

    exit_code = 2


class NotFoundError(NotesError):
    """No week, note or item matches what was asked for."""


class AmbiguousError(NotesError):
    """Several weeks or items match; `candidates` lists them so the user can pick one."""

    def __init__(self, message: str, candidates: list[str], *, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.candidates = candidates


class FileError(NotesError):
    """A note could not be read or written: `path` (and `line`, when known) say where."""

    def __init__(self, path: str, message: str, *, line: int | None = None, hint: str | None = None) -> None:
        super().__init__(message, hint=hint)
        self.path = path
        self.line = line


class StaleFileError(FileError):
    """The note changed on disk after it was read; nothing was written."""
