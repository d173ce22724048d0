"""Done dates from the vault's git history (when it has one); the only module that runs git.

An item ticked without a ` ✅ DATE` marker was done at the author date (in the author's own time zone) of the
oldest commit from which on its line is, in every later commit, a done task that is not a placeholder. The
line is followed back through its file's history as `git log -p` shows it: across renames, and across edits
of the line (the old and new lines of a changed block are paired by similarity). One `git log` reads the
history of all the notes at once, as a stream (after one `git rev-list` for the shape of the history, so
that each commit's files are let go once read); what it gives is cached under the vault's HEAD, so an
unchanged repository costs one `git rev-parse`, and a new commit the reading of that commit. Without git
(2.31 or newer), outside a work tree, in a bare or broken repository and for files git ignores, nothing
changes: items keep the dates their markers give.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import stat
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path
from typing import IO, NamedTuple

from . import __version__, cache
from .model import DoneSource, Note, Task, rebuilt
from .parse import parse_note
from .syntax import BOX_MARKS, DONE_BOXES, LIST_MARKER_PATTERN
from .vocabulary import Vocabulary

FORMAT = 1  # bump when the cached form changes
BOUNDARY = -1  # a stamp: done since the start of a shallow history, so since an unknown day
MODIFIED = -2  # a stamp: done in the working tree only
SIMILAR = 0.5  # an old and a new line of a changed block this alike (difflib's ratio) are one line, edited
PAIR_LIMIT = 10_000  # old x new lines of one changed block beyond which only equal lines are paired
NOTE_PATHS = (":(glob,icase)**/*.md", ":(glob,icase)**/*.markdown")
WALK = (  # which commits, in which order, with which parents (rev-list, run first, must see the log's)
    "--topo-order",  # parents before children
    "--parents",  # parents rewritten to the commits shown (those that touch notes)
    "--diff-merges=first-parent",  # (this too decides which merges are shown)
)
LOG = (
    "log",
    "--format=%x00%H%x00%P%x00%aI%x00%s",  # a NUL starts a commit: no line of a patch can
    "--reverse",
    *WALK,
    "-p",
    "-U0",  # every hunk is one changed block
    "-M",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--no-relative",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    "--no-notes",
    "--no-show-signature",
    "--encoding=UTF-8",
)
HUNK = re.compile(rb"^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")
TASK_PREFIX = re.compile(rf"^[ \t>]*{LIST_MARKER_PATTERN}[ \t]+\[[ xX]\][ \t]*".encode())  # a bullet and its box
MARKS = {mark.encode() for mark in BOX_MARKS}  # what a box may hold: open, done, Obsidian's cancelled and in progress
QUOTED = re.compile(rb"\\([0-7]{3}|.)")
ESCAPES = {b"a": b"\a", b"b": b"\b", b"f": b"\f", b"n": b"\n", b"r": b"\r", b"t": b"\t", b"v": b"\v"}


@dataclass(frozen=True)
class Commit:
    """The commit that made an item done."""

    id: str  # the full object name
    subject: str  # the first line of its message


@dataclass(frozen=True)
class Dates:
    """Notes with the done dates their history gives, and what the history could not tell."""

    notes: list[Note]  # the notes, done tasks without a marker dated where the history knows
    commits: dict[tuple[str, int], Commit] = field(default_factory=dict)  # (week's key, task number) -> commit
    shallow: int = 0  # done items whose line reaches back to the start of a shallow clone's history


class Done(NamedTuple):
    """An item done on a known day, for `notes log`."""

    day: dt.date
    note: Note
    task: Task
    commit: Commit | None  # the commit that made it done, for a date from git


def done_log(dates: Dates, since: dt.date | None = None) -> list[Done]:
    """Every done item with a done date (from `since` on), newest first, then in path and item order."""
    found = [
        Done(t.done_on, n, t, dates.commits.get((n.key, t.number)))
        for n in sorted(dates.notes, key=lambda n: n.path)
        for t in n.tasks
        if t.done and t.done_on is not None and (since is None or t.done_on >= since)
    ]
    return sorted(found, key=lambda d: d.day, reverse=True)


class Repo(NamedTuple):
    """Where the vault is in its repository."""

    root: Path  # the vault folder, where git runs
    prefix: str  # the vault's folder below the top of the work tree: "" or ending in /
    head: str
    boundary: frozenset[str]  # a shallow clone's first commits (the shallow file); empty for a full clone


class Version(NamedTuple):
    """One version of a note in the history: its lines, and since which commit its done lines are done."""

    lines: list[bytes]  # split as git splits them: each keeps its "\n" (the last may have none)
    stamps: dict[int, int]  # 0-based line -> index of the commit its item is done since, or BOUNDARY
    items: dict[int, int] | None = None  # line -> byte column of its box's mark, for tasks not placeholders


class Head(NamedTuple):
    """What the history says about the notes at HEAD."""

    key: tuple  # HEAD and the shallow boundary it was read at
    commits: list[tuple[str, int, str]]  # id, author day (ordinal), subject; stamps index into it
    files: dict[str, tuple[bytes, dict[int, int]] | None]  # repository path -> content and stamps; None: unknown
    clean: dict[str, cache.Key]  # repository path -> how its file was when found equal to HEAD
    tip: str | None  # the newest commit that changed a note (what a later read can continue from)


class Unreadable(Exception):
    """git's output is not what this module expects: the history is left unused."""


# ---- The vault's notes, dated -------------------------------------------------------------------------


def date_notes(root: Path, notes: list[Note], cache_folder: Path | None) -> Dates:
    """`notes` with their done tasks that have no marker dated from history (source "git"), or by their
    file's modification day when only the working tree has them done ("modified"). Unchanged without git.
    A week written in several notes, or in a section of one, is dated through the files it is made of."""
    files: dict[str, Note] = {}
    for note in notes:
        for whole in [part.note for part in note.parts] or [note]:
            files.setdefault(whole.path, whole)
    dates = _date_files(root, list(files.values()), cache_folder)
    dated = {note.path: note for note in dates.notes if note is not files[note.path]}  # those history changed
    if not dated:
        return Dates(notes, shallow=dates.shallow)
    file_weeks = {note.path for note in notes if not note.parts}  # a week that is a file: its key is its path
    commits = {key: commit for key, commit in dates.commits.items() if key[0] in file_weeks}
    weeks = []
    for note in notes:
        if not note.parts:
            weeks.append(dated.get(note.path, note))
            continue
        week = rebuilt(note, dated) if any(part.note.path in dated for part in note.parts) else note
        for task in week.tasks:
            source, number = week.source(task.number)
            commit = dates.commits.get((source.path, number))
            if commit is not None:
                commits[(week.key, task.number)] = commit
        weeks.append(week)
    return Dates(weeks, commits, dates.shallow)


def _date_files(root: Path, notes: list[Note], cache_folder: Path | None) -> Dates:
    """`date_notes` for notes that are whole files."""
    wanted = [n for n in notes if not os.path.isabs(n.path) and any(_undated(t) for t in n.tasks)]
    repo = locate(root) if wanted else None
    head = _head(repo, cache_folder) if repo is not None else None
    if repo is None or head is None:
        return Dates(notes)
    untracked = [n.path for n in wanted if repo.prefix + n.path not in head.files]
    ignored = _ignored(root, untracked) if untracked else set()
    clean = dict(head.clean)
    dated: dict[str, Note] = {}
    commits: dict[tuple[str, int], Commit] = {}
    shallow = 0
    for note in wanted:
        path, file = repo.prefix + note.path, os.path.join(root, note.path)
        if path in head.files and head.files[path] is None:
            continue  # its history could not be read (a binary version, say)
        if path not in head.files and (ignored is None or note.path in ignored):
            continue
        stamps = _working_stamps(file, path, head.files.get(path), clean, note)
        if stamps is None:
            continue
        tasks = list(note.tasks)
        for index, task in enumerate(tasks):
            stamp = stamps.get(task.number)
            if stamp is not None and stamp >= 0:
                commit_id, day, subject = head.commits[stamp]
                commits[(note.path, task.number)] = Commit(commit_id, subject)
                tasks[index] = task._replace(done_on=dt.date.fromordinal(day), done_source=DoneSource.GIT)
            elif stamp == MODIFIED:
                modified = _modified_day(file)
                tasks[index] = task._replace(done_on=modified, done_source=DoneSource.MODIFIED if modified else None)
            shallow += stamp == BOUNDARY
        dated[note.path] = replace(note, tasks=tuple(tasks))
    if clean != head.clean and cache_folder is not None:
        _save(repo, cache_folder, head._replace(clean=clean))
    return Dates([dated.get(n.path, n) for n in notes], commits, shallow)


def _undated(task: Task) -> bool:
    """Done, without a marker of its own."""
    return task.done and task.done_on is None


def _working_stamps(
    file: str, path: str, at_head: tuple[bytes, dict[int, int]] | None, clean: dict[str, cache.Key], note: Note
) -> dict[int, int] | None:
    """Task number -> stamp for the note's done tasks without a marker, as its file is now (None when the
    file cannot be read or is a symbolic link). A file found equal to HEAD is recorded in `clean`
    by its size, times and inode, and not read again while they stay the same."""
    try:
        info = os.lstat(file)
    except OSError:
        return None
    if stat.S_ISLNK(info.st_mode):
        return None  # git keeps the link, not the note it points to
    key = cache.key(info)
    if path in clean and clean[path] != key:
        del clean[path]
    content, stamps = at_head if at_head is not None else (None, {})
    data = content if path in clean else _read(file)
    if data is None:
        return None
    text = data.decode("utf-8", errors="replace") if b"\r" in data else ""
    wanted = {_line_of(text, t): t.number for t in note.tasks if _undated(t) and not t.placeholder}
    if content is None:  # not committed at all
        return dict.fromkeys(wanted.values(), MODIFIED)
    if data == content:
        if time.time_ns() - max(key[1], key[2]) > cache.RACY_NS:
            clean[path] = key
        return {number: stamps[line] for line, number in wanted.items() if line in stamps}
    source = _match(split_lines(content), split_lines(data))
    found = {}
    for line, number in wanted.items():
        old = source[line] if line < len(source) else None
        found[number] = stamps.get(old, MODIFIED) if old is not None else MODIFIED
    return found


def _modified_day(path: str) -> dt.date | None:
    """The local day the file was last modified."""
    try:
        return dt.date.fromtimestamp(os.stat(path).st_mtime)
    except (OSError, ValueError, OverflowError):
        return None


def _read(path: str | Path) -> bytes | None:
    """A file's bytes; None when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None


# ---- Running git --------------------------------------------------------------------------------------


def _git(root: Path) -> list[str] | None:
    """The start of every git command line (None when git is not installed)."""
    program = shutil.which("git")
    if program is None:
        return None
    return [program, "-C", str(root), "--no-pager", "-c", "core.quotepath=off"]


def _run(root: Path, *args: str, stdin: bytes | None = None) -> tuple[int, bytes] | None:
    """A git command's exit status and output; None when git cannot be run."""
    command = _git(root)
    if command is None:
        return None
    try:
        done = subprocess.run(
            [*command, *args], input=stdin, capture_output=True, stdin=None if stdin is not None else subprocess.DEVNULL
        )
    except OSError:
        return None
    return done.returncode, done.stdout


def locate(root: Path) -> Repo | None:
    """The repository whose work tree holds the vault, with its HEAD; None when there is none (no git, not a
    work tree, a bare or broken repository, no commit yet)."""
    found = _run(root, "rev-parse", "--is-inside-work-tree", "--show-prefix", "--is-shallow-repository",
                 "--git-path", "shallow", "--verify", "-q", "HEAD")  # fmt: skip
    if found is None or found[0] != 0:
        return None
    lines = found[1].split(b"\n")
    if len(lines) < 5 or lines[0] != b"true" or lines[2] not in (b"true", b"false"):
        return None
    boundary: frozenset[str] = frozenset()
    if lines[2] == b"true":
        shallow = _read(root / os.fsdecode(lines[3]))
        boundary = frozenset(shallow.decode("ascii", errors="replace").split()) if shallow else frozenset()
    return Repo(root, os.fsdecode(lines[1]), lines[4].decode("ascii", errors="replace"), boundary)


def _ignored(root: Path, paths: list[str]) -> set[str] | None:
    """Which of these paths (relative to the vault) git ignores; None when git cannot tell."""
    found = _run(root, "check-ignore", "-z", "--stdin", stdin=b"".join(os.fsencode(p) + b"\0" for p in paths))
    if found is None or found[0] not in (0, 1):
        return None
    return {os.fsdecode(p) for p in found[1].split(b"\0") if p}


# ---- The history, cached under HEAD -------------------------------------------------------------------


def _identity(root: Path) -> str:
    """What a history cache is for (stored in it, as in the parse cache): the vault and the tool's version."""
    return f"history\0{FORMAT}\0{os.path.realpath(root)}\0{__version__}"


def cache_file(root: Path, cache_folder: Path) -> Path:
    """Where the history of the vault at `root` is cached (in the user's cache folder, beside the parses)."""
    return cache.file_for(_identity(root), cache_folder)


def _head(repo: Repo, cache_folder: Path | None) -> Head | None:
    """The history at HEAD: from the cache while HEAD (and a shallow clone's boundary) is the same; after
    new commits on top of the cached ones, only those are read."""
    key = (repo.head, sorted(repo.boundary))
    stored = cache.load(cache_file(repo.root, cache_folder), _identity(repo.root)) if cache_folder else {}
    try:
        cached = Head(**stored) if stored else None
    except TypeError:  # a cache of another shape
        cached = None
    if cached is not None and cached.key == key:
        return cached
    before = cached if cached is not None and cached.key[1] == key[1] and cached.tip else None
    found = walk(repo, before) if before is not None else None
    if found is None:
        before = None
        found = walk(repo, None)
    if found is None:
        return None
    commits, files, tip = found
    clean = {}
    if before is not None:  # files whose content at HEAD is as it was are still as they were found
        unchanged = {p for p, f in files.items() if f is not None and (before.files.get(p) or (None,))[0] == f[0]}
        clean = {p: k for p, k in before.clean.items() if p in unchanged}
    head = Head(key, commits, files, clean, tip)
    if cache_folder is not None:
        _save(repo, cache_folder, head)
    return head


def _save(repo: Repo, cache_folder: Path, head: Head) -> None:
    """Keep the history for the next run (a cache that cannot be written is skipped)."""
    cache.save(cache_file(repo.root, cache_folder), _identity(repo.root), head._asdict())


def walk(repo: Repo, before: Head | None) -> tuple[list, dict, str | None] | None:
    """Read the history of every note of the work tree with one `git log`, oldest commit first: all of
    it, or only the commits after `before`'s tip (None when they do not all descend from it)."""
    command = _git(repo.root)
    if command is None:
        return None
    commits = f"{before.tip}..{repo.head}" if before is not None else repo.head
    shape = _run(repo.root, "rev-list", *WALK, commits, "--", *NOTE_PATHS)
    if shape is None or shape[0] != 0:
        return None
    children: dict[str, int] = {}  # how many commits still to come build on each commit's files
    for line in shape[1].split(b"\n"):
        for parent in line.split()[1:]:
            children[parent.decode("ascii")] = children.get(parent.decode("ascii"), 0) + 1
    try:
        process = subprocess.Popen(
            [*command, *LOG, commits, "--", *NOTE_PATHS],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError:
        return None
    assert process.stdout is not None
    try:
        found = _follow(process.stdout, repo.boundary, before, children)
    except Unreadable:
        found = None
    finally:
        process.stdout.close()
        status = process.wait()
    return found if status == 0 else None


def _follow(
    stream: IO[bytes], boundary: frozenset[str], before: Head | None, children: dict[str, int]
) -> tuple[list, dict, str | None]:
    """Each commit's note files, built by applying its patches to its first parent's, with their stamps;
    from nothing, or from `before`'s files at its tip. A commit's files are let go once the last commit
    that builds on them (`children` counts them) has been read."""
    commits: list[tuple[str, int, str]] = list(before.commits) if before is not None else []
    trees: dict[str, dict[str, Version | None]] = {}
    tree: dict[str, Version | None] = {}
    tip = None
    if before is not None and before.tip is not None:
        tip = before.tip
        tree = {p: Version(split_lines(f[0]), f[1]) if f is not None else None for p, f in before.files.items()}
        trees[tip] = tree
    for header, patches in _commits(stream):
        commit_id, parents, day, subject = header
        if not all(p in trees for p in parents) or (before is not None and not parents):
            raise Unreadable  # a commit that does not descend from those read (or the cached ones)
        now = BOUNDARY if commit_id in boundary else len(commits)
        commits.append((commit_id, day, subject))
        sides = [trees[p] for p in parents]
        if len(parents) == 1 and children.get(parents[0]) == 1:  # its only child: take its files over
            tree = trees.pop(parents[0])
        else:
            tree = dict(sides[0]) if sides else {}
        for patch in patches:
            old = tree.get(patch.old) if patch.old is not None else Version([], {})
            if patch.old is not None and patch.old != patch.new:
                tree.pop(patch.old, None)
            if patch.new is None:
                continue
            if old is None or patch.binary:
                tree[patch.new] = None
            elif not patch.hunks:
                tree[patch.new] = old  # renamed, or its mode changed: the same lines
            else:
                others = [side.get(patch.new, side.get(patch.old or "")) for side in sides[1:]]
                tree[patch.new] = _next_version(old, patch, now, others, commits)
        trees[commit_id] = tree
        tip = commit_id
        for parent in parents:
            if parent in trees:
                children[parent] = children.get(parent, 0) - 1
                if children[parent] == 0:
                    del trees[parent]
    return (*_compact(commits, tree), tip)


def _next_version(old: Version, patch: Patch, now: int, others: list, commits: list) -> Version | None:
    """The file after a patch, and since when its done lines are done (for a merge, on whichever side)."""
    flips = box_flips(old, patch.hunks) if not others else None
    if flips is not None:  # only boxes ticked or cleared: the same tasks, no need to parse
        lines, items = list(old.lines), old.items
        for line, text in flips:
            lines[line] = text
        source: list[int | None] = list(range(len(lines)))
    else:
        try:
            lines, source = _patched(old.lines, patch.hunks)
        except Unreadable:
            return None
        items = box_columns(lines, patch.new or "")
    good = done_lines(lines, items)
    if not others:
        stamps = {}
        for line in good:
            origin = source[line]
            before = old.stamps.get(origin) if origin is not None else None
            stamps[line] = now if before is None else before
        return Version(lines, stamps, items)
    return Version(lines, _merged_stamps(lines, good, [old, *others], now, commits), items)


def box_flips(old: Version, hunks: list) -> list[tuple[int, bytes]] | None:
    """(line, new text) for each changed line when all the patch does is tick or clear the boxes of known
    tasks; None when it does anything else."""
    if old.items is None:
        return None
    flips = []
    for start, count, removed, added in hunks:
        column = old.items.get(start)
        if count != 1 or len(added) != 1 or column is None or removed[0] != old.lines[start]:
            return None
        before, after = removed[0], added[0]
        marks = {before[column : column + 1], after[column : column + 1]}
        if (
            len(before) != len(after)
            or not marks <= MARKS
            or before[:column] + before[column + 1 :] != (after[:column] + after[column + 1 :])
        ):
            return None
        flips.append((start, after))
    return flips


def _merged_stamps(lines: list[bytes], good: set[int], sides: list, now: int, commits: list) -> dict[int, int]:
    """A merge's done lines are done since whenever they were on the side whose line they are: a side
    holding the very same line first, else one holding a similar line."""
    same: dict[int, list[int | None]] = {line: [] for line in good}
    similar: dict[int, list[int | None]] = {line: [] for line in good}
    for side in sides:
        if side is None:
            continue
        for line, (old, equal) in _match_both(side.lines, lines).items():
            if line in good:
                (same if equal else similar)[line].append(side.stamps.get(old))
    stamps = {}
    for line in good:
        known = [s for s in (same[line] or similar[line]) if s is not None]
        if BOUNDARY in known:
            stamps[line] = BOUNDARY
        else:
            stamps[line] = min(known, key=lambda s: (commits[s][1], s)) if known else now
    return stamps


def _compact(commits: list, tree: dict[str, Version | None]) -> tuple[list, dict]:
    """HEAD's files with only the commits their stamps name (renumbered), in the cached form."""
    used = sorted({s for v in tree.values() if v is not None for s in v.stamps.values() if s >= 0})
    number = {old: new for new, old in enumerate(used)}
    files = {
        path: None if v is None else (b"".join(v.lines), {k: number.get(s, s) for k, s in v.stamps.items()})
        for path, v in tree.items()
    }
    return [commits[s] for s in used], files


# ---- Reading `git log -p` -----------------------------------------------------------------------------


@dataclass
class Patch:
    """One file's part of a commit's diff."""

    old: str | None  # its path before (None: created)
    new: str | None  # its path after (None: deleted)
    hunks: list[tuple[int, int, list[bytes], list[bytes]]] = field(default_factory=list)  # start, count, -, +
    binary: bool = False


def _commits(stream: IO[bytes]) -> Iterator[tuple[tuple[str, list[str], int, str], list[Patch]]]:
    """The commits of the log with their patches, one at a time."""
    lines = iter(stream)
    line = next(lines, None)
    while line is not None:
        if not line.startswith(b"\0"):
            line = next(lines, None)
            continue
        fields = line.rstrip(b"\n").split(b"\0")
        if len(fields) != 5:
            raise Unreadable
        _, commit_id, parents, date, subject = fields
        try:
            day = dt.date.fromisoformat(date[:10].decode("ascii")).toordinal()
        except (UnicodeDecodeError, ValueError):
            raise Unreadable from None
        header = (commit_id.decode("ascii"), parents.decode("ascii").split(), day, subject.decode(errors="replace"))
        patches = []
        line = next(lines, None)
        while line is not None and not line.startswith(b"\0"):
            if line.startswith(b"diff --git "):
                patch, line = _patch(line, lines)
                patches.append(patch)
            else:
                line = next(lines, None)
        yield header, patches


def _patch(first: bytes, lines: Iterator[bytes]) -> tuple[Patch, bytes | None]:
    """One file's patch, and the line after it."""
    old, new = _header_paths(first[len(b"diff --git ") :].rstrip(b"\n"))
    patch = Patch(old, new)
    line = next(lines, None)
    while line is not None and not line.startswith((b"\0", b"diff --git ")):
        if line.startswith(b"@@ "):
            line = _hunk(line, lines, patch)
            continue
        if line.startswith(b"new file mode"):
            patch.old = None
        elif line.startswith(b"deleted file mode"):
            patch.new = None
        elif line.startswith(b"rename from "):
            patch.old = _path(line[len(b"rename from ") :])
        elif line.startswith(b"rename to "):
            patch.new = _path(line[len(b"rename to ") :])
        elif line.startswith((b"Binary files ", b"GIT binary patch")):
            patch.binary = True
        line = next(lines, None)
    return patch, line


def _hunk(header: bytes, lines: Iterator[bytes], patch: Patch) -> bytes | None:
    """Read a hunk (one changed block: its removed, then its added lines) into `patch`; the line after it."""
    match = HUNK.match(header)
    if match is None:
        raise Unreadable
    start, removed_count, added_count = int(match[1]), int(match[2] or 1), int(match[4] or 1)
    removed: list[bytes] = []
    added: list[bytes] = []
    last = removed
    line = next(lines, None)
    while line is not None and (len(removed) < removed_count or len(added) < added_count or line[:1] == b"\\"):
        if line[:1] == b"-" and len(removed) < removed_count:
            removed.append(line[1:])
            last = removed
        elif line[:1] == b"+" and len(added) < added_count:
            added.append(line[1:])
            last = added
        elif line[:1] == b"\\" and last:  # "\ No newline at end of file"
            last[-1] = last[-1].removesuffix(b"\n")
        else:
            raise Unreadable
        line = next(lines, None)
    patch.hunks.append((start - 1 if removed_count else start, removed_count, removed, added))
    return line


def _header_paths(rest: bytes) -> tuple[str | None, str | None]:
    """The paths of `diff --git a/OLD b/NEW` (used when no other line names them: an empty new file)."""
    if rest.startswith(b'"'):
        end = _quote_end(rest)
        return _path(rest[:end], b"a/"), _path(rest[end + 1 :], b"b/")
    half = (len(rest) - 1) // 2
    return _path(rest[:half], b"a/"), _path(rest[half + 1 :], b"b/")


def _quote_end(text: bytes) -> int:
    """Where the C-quoted string at the start of `text` ends (after its closing quote)."""
    index = 1
    while index < len(text) and text[index : index + 1] != b'"':
        index += 2 if text[index : index + 1] == b"\\" else 1
    return index + 1


def _path(raw: bytes, prefix: bytes = b"") -> str | None:
    """A path as git prints it (C-quoted when it has unusual characters)."""
    raw = raw.rstrip(b"\n")
    if raw.endswith(b"\t"):  # git ends `--- a/name with spaces` with a tab
        raw = raw[:-1]
    if raw == b"/dev/null":
        return None
    if raw.startswith(b'"') and raw.endswith(b'"'):
        raw = QUOTED.sub(_unescape, raw[1:-1])
    return os.fsdecode(raw.removeprefix(prefix))


def _unescape(match: re.Match[bytes]) -> bytes:
    """One C escape of a quoted path: an octal byte or a letter."""
    code = match[1]
    return bytes([int(code, 8)]) if len(code) == 3 else ESCAPES.get(code, code)


# ---- Lines: versions, pairs and done lines ------------------------------------------------------------


def _patched(old: list[bytes], hunks: list) -> tuple[list[bytes], list[int | None]]:
    """The new lines and, for each, the old line it is (unchanged or edited) or None (added)."""
    lines: list[bytes] = []
    source: list[int | None] = []
    position = 0
    for start, count, removed, added in hunks:
        if start < position or old[start : start + count] != removed:
            raise Unreadable
        lines += old[position:start]
        source += range(position, start)
        lines += added
        source += [None if j is None else start + j for j in pair_lines(removed, added)]
        position = start + count
    lines += old[position:]
    source += range(position, len(old))
    return lines, source


def _match(old: list[bytes], new: list[bytes]) -> list[int | None]:
    """For each new line, the old line it is (equal, or edited), or None."""
    found = _match_both(old, new)
    return [found[i][0] if i in found else None for i in range(len(new))]


def _match_both(old: list[bytes], new: list[bytes]) -> dict[int, tuple[int, bool]]:
    """New line -> (old line, whether equal), as a line diff pairs them."""
    keys_old, keys_new = [_key(line) for line in old], [_key(line) for line in new]
    found = {}
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, keys_old, keys_new, autojunk=False).get_opcodes():
        if tag == "equal":
            found.update({j1 + k: (i1 + k, _same(old[i1 + k], new[j1 + k])) for k in range(j2 - j1)})
        elif tag == "replace":
            for k, j in enumerate(pair_lines(old[i1:i2], new[j1:j2])):
                if j is not None:
                    found[j1 + k] = (i1 + j, False)
    return found


def _same(a: bytes, b: bytes) -> bool:
    """The same line, whatever its line ending."""
    return a.rstrip(b"\r\n") == b.rstrip(b"\r\n")


def _key(line: bytes) -> bytes:
    """A line as compared: without its line ending and surrounding space, and a task's bullet and box as one
    NUL, so that ticking is no change and the similarity of two items is that of their texts."""
    return TASK_PREFIX.sub(b"\0", line.strip(), count=1)


def pair_lines(old: list[bytes], new: list[bytes]) -> list[int | None]:
    """Pair the old and new lines of one changed block, in order, the most similar first: for each new
    line the index of its old line, or None (a line added). Only lines with a ticked box are paired: a
    date passes only from a done line to a done line."""
    paired: list[int | None] = [None] * len(new)
    olds, news = _ticked(old), _ticked(new)
    if not olds or not news:
        return paired
    a, b = [_key(old[i]) for i in olds], [_key(new[j]) for j in news]
    if len(a) * len(b) > PAIR_LIMIT:
        for tag, i1, _, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if tag == "equal":
                for k in range(j2 - j1):
                    paired[news[j1 + k]] = olds[i1 + k]
        return paired
    similar = [[_similarity(x, y) for y in b] for x in a]
    best = [[0.0] * (len(b) + 1) for _ in range(len(a) + 1)]  # best[i][j]: a[:i] paired with b[:j]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            both = best[i - 1][j - 1] + similar[i - 1][j - 1] if similar[i - 1][j - 1] else 0.0
            best[i][j] = max(best[i - 1][j], best[i][j - 1], both)
    i, j = len(a), len(b)
    while i and j:
        if similar[i - 1][j - 1] and best[i][j] == best[i - 1][j - 1] + similar[i - 1][j - 1]:
            paired[news[j - 1]] = olds[i - 1]
            i, j = i - 1, j - 1
        elif best[i][j] == best[i - 1][j]:
            i -= 1
        else:
            j -= 1
    return paired


def _ticked(lines: list[bytes]) -> list[int]:
    """The lines with a ticked box somewhere: the only ones a done date can pass between."""
    return [i for i, line in enumerate(lines) if any(box in line for box in DONE_BOXES)]


def _similarity(a: bytes, b: bytes) -> float:
    """difflib's ratio of two lines, or 0.0 below SIMILAR."""
    if a == b:
        return 1.0
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    if matcher.real_quick_ratio() < SIMILAR or matcher.quick_ratio() < SIMILAR:
        return 0.0
    ratio = matcher.ratio()
    return ratio if ratio >= SIMILAR else 0.0


def split_lines(data: bytes) -> list[bytes]:
    """Lines as git splits them: at \\n only, each keeping it."""
    lines = data.split(b"\n")
    last = lines.pop()
    return [line + b"\n" for line in lines] + ([last] if last else [])


# Which lines are tasks, and where their boxes are, does not depend on the words that name sections and weeks.
ANY_WORDS = Vocabulary()


def box_columns(lines: list[bytes], path: str) -> dict[int, int] | None:
    """Line -> byte column of the box's mark, for the version's tasks that are not placeholders; None
    (not parsed) when no box is ticked."""
    data = b"".join(lines)
    if not any(box in data for box in DONE_BOXES):
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return {}
    found = {}
    for task in parse_note(text, path, None, ANY_WORDS).tasks:
        if not task.placeholder:
            start = text.rfind("\n", 0, task.offset) + 1
            found[_line_of(text, task)] = len(text[start : task.offset].encode("utf-8"))
    return found


def done_lines(lines: list[bytes], items: dict[int, int] | None) -> set[int]:
    """The 0-based lines where a done task that is not a placeholder starts."""
    if items is None:
        return set()
    return {line for line, column in items.items() if lines[line][column : column + 1] in (b"x", b"X")}


def _line_of(text: str, task: Task) -> int:
    """The task's 0-based line as git counts lines (at \\n only; the parser also breaks at a lone \\r)."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return text.count("\n", 0, task.offset)
    return task.line - 1
