"""`notes check`: mistakes in notes, each a finding with a stable code. Pure: the caller says which files
exist, so link targets can be checked without this module touching the disk."""

from __future__ import annotations

import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote

from .blocks import EmptyItemBlock, LinkBlock
from .errors import FileError, NotFoundError
from .frontmatter import split_front_matter
from .links import EMBEDDED_URL, HAS_SCHEME
from .model import PLACEHOLDER_URL, Course, Note, Problem, Section, Task, gather_weeks, group_courses
from .parse import read_lint_blocks
from .results import Checked, Code, Finding
from .select import filter_course
from .syntax import CHECK_MARKS, DONE_ON, NEAR_MISS, removal
from .text import LINE_BREAK
from .vocabulary import INDEX_NAMES, Vocabulary

TEMPLATE_TAG = re.compile(r"\{\{|\{%")


def from_problem(problem: Problem) -> Finding:
    return Finding(problem.path, problem.line, problem.code, problem.message)


def check_note(note: Note, text: str, exists: Callable[[str], bool]) -> list[Finding]:
    """Findings inside one note. `exists(path)` says whether a vault-relative path exists."""
    front = split_front_matter(text)
    body = text[front.body_offset :]
    lines = LINE_BREAK.split(body)
    offset = front.body_line  # file line of body line 0, minus one
    task_lines = {t.line for t in note.tasks}
    findings = [f for t in note.tasks if (f := _task_finding(note, t)) is not None]
    findings += _open_with_done_date(note, lines, offset) + _prose_sections(note, lines, offset)
    for block in read_lint_blocks(body):
        if isinstance(block, EmptyItemBlock):
            line = block.line + offset + 1
            findings.append(
                Finding(note.path, line, Code.EMPTY_BULLET, "empty bullet; write the item or remove the line")
            )
        elif isinstance(block, LinkBlock):
            line = _line_of(block, lines, offset)
            finding = _link_finding(note, block.target, line, exists, lines[line - offset - 1])
            if finding:
                findings.append(finding)
        else:
            for number in range(block.line, block.end + 1):
                line = number + offset + 1
                if line not in task_lines:
                    near = _near_miss(lines[number])
                    if near:
                        findings.append(Finding(note.path, line, *near))
    return _once_per_line(findings)


def _open_with_done_date(note: Note, lines: list[str], offset: int) -> list[Finding]:
    """N104: an open item whose line says it was done (`undo` removes the marker; an editor may not)."""
    findings = []
    for task in note.tasks:
        if not task.done and task.done_on is not None:
            raw = lines[task.line - offset - 1]
            marker = list(DONE_ON.finditer(raw))[-1:]
            start, end = removal(marker[0]) if marker else (0, 0)
            fix = raw[:start] + raw[end:] if marker else None  # what `undo` leaves of the line
            message = (
                f"open item {task.number} carries a done date ({task.done_on.isoformat()}); tick it or remove the date"
            )
            findings.append(Finding(note.path, task.line, Code.OPEN_WITH_DONE_DATE, message, fix=fix))
    return findings


def _prose_sections(note: Note, lines: list[str], offset: int) -> list[Finding]:
    """N105: a readings or exercises heading whose section has written lines but no checkbox."""
    findings = []
    headings = list(note.headings)
    for index, heading in enumerate(headings):
        if heading.section is Section.OTHER:
            continue
        after = [h.line for h in headings[index + 1 :] if h.level <= heading.level]
        end = after[0] if after else offset + len(lines) + 1  # the file line where the section stops
        if any(heading.end_line < t.line < end for t in note.tasks):
            continue
        inside = range(heading.end_line - offset, end - offset - 1)  # body indexes of the section's lines
        if any(lines[i].strip() for i in inside if 0 <= i < len(lines)):
            noun = heading.section.label.lower()  # "readings", "exercises"
            message = (
                f"“{heading.text}” has written {noun} but no checkboxes, so they are not counted; "
                "write them as `- [ ] ...` to track them"
            )
            findings.append(Finding(note.path, heading.line, Code.PROSE_SECTION, message))
    return findings


def _once_per_line(findings: list[Finding]) -> list[Finding]:
    """One finding of a kind per line: `- [ ] []()` is one empty task, not also an empty link."""
    seen: set[tuple[int | None, str]] = set()
    kept = []
    for finding in findings:
        if (finding.line, finding.code) not in seen:
            seen.add((finding.line, finding.code))
            kept.append(finding)
    return kept


def _task_finding(note: Note, task: Task) -> Finding | None:
    kind = task.section.noun
    if not task.text:
        return Finding(
            note.path, task.line, Code.PLACEHOLDER, f"{kind} {task.number} has no text; write it or remove it"
        )
    if task.placeholder:
        shown = f"“{task.text}”" + (f" ({task.url})" if task.url else "")
        return Finding(
            note.path,
            task.line,
            Code.PLACEHOLDER,
            f"placeholder {kind} {shown} left from a template; replace it with the real one or remove it",
        )
    return None


def _near_miss(raw: str) -> tuple[Code, str, str | None] | None:
    """(code, message, fix) when a line looks like a task but is not one."""
    line = raw.lstrip(" \t>")  # what is left inside list and quote containers
    match = NEAR_MISS.match(line)
    if match is None or match["after"] in ("(", "[", ":"):
        return None  # not box-like, or a link such as [x](url)
    inner = match["inner"].strip()
    if inner and inner not in CHECK_MARKS:
        return None
    box = "[x]" if inner else "[ ]"
    rest = (match["after"] + match["rest"]).strip()
    if box == f"[{match['inner']}]" and match["gap"] and not rest:
        return Code.PLACEHOLDER, "task with no text; write it or remove it", None
    if box == f"[{match['inner']}]" and match["gap"] and match["after"] in (" ", "\t"):
        return None  # a task after all (only the first line of a list item is one)
    prefix = raw[: len(raw) - len(line)]
    fix = f"{prefix}{match['bullet']} {box} {rest}".rstrip()
    return Code.NEAR_MISS, f"`{line.strip()[:40]}` is not a task: a task is `{match['bullet']} {box} text`", fix


def _link_finding(note: Note, target: str, line: int, exists: Callable[[str], bool], raw_line: str) -> Finding | None:
    if not target:
        return Finding(
            note.path, line, Code.PLACEHOLDER, "empty link `[]()` left from a template; fill it in or remove it"
        )
    if HAS_SCHEME.match(target) or target.startswith(("#", "//")) or TEMPLATE_TAG.search(target):
        return None
    hidden = EMBEDDED_URL.search(target)
    if hidden:
        return Finding(
            note.path,
            line,
            Code.MALFORMED_LINK,
            f"malformed link: its target is “{target}”; did you mean {hidden.group()}?",
            fix=raw_line.replace(f"({target})", f"({hidden.group()})", 1) if f"({target})" in raw_line else None,
        )
    if PLACEHOLDER_URL.match(target):
        if any(t.line == line for t in note.tasks):
            return None  # reported with its task
        return Finding(note.path, line, Code.PLACEHOLDER, f"placeholder link “{target}” left from a template")
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not path:
        return None
    folder = posixpath.dirname(note.path)
    relative = path.lstrip("/") if path.startswith("/") else posixpath.normpath(posixpath.join(folder, path))
    try:
        if exists(relative):
            return None
    except (OSError, ValueError) as error:  # a name too long, a folder that may not be entered, a NUL byte
        reason = error.strerror.lower() if isinstance(error, OSError) and error.strerror else str(error)
        return Finding(note.path, line, Code.LINK_TARGET, f"link target “{target}” cannot be checked ({reason})")
    return Finding(note.path, line, Code.LINK_TARGET, f"link target “{target}” is neither a URL nor an existing file")


def _line_of(link: LinkBlock, lines: list[str], offset: int) -> int:
    """The file line of the line of the link's block that holds its target (the block's first line if none does)."""
    for number in range(link.line, min(link.end + 1, len(lines))):
        if link.target and link.target in lines[number]:
            return number + offset + 1
    return link.line + offset + 1


def _copies(week: Note, course: str) -> list[Finding]:
    """N302 for the whole notes of one week that look like copies of each other: the same file name (other than
    README or index), title or items. (Notes that complement each other, like a lecture note and its exercises page,
    are parts of the week.)"""
    notes = [p.note for p in week.parts if p.section is None]
    findings = []
    for note in notes:
        for other in notes:
            why = _alike(note, other) if other is not note else None
            if why:
                message = f"week {week.week} of “{course}” is also claimed by {other.path}, with {why}"
                findings.append(Finding(note.path, None, Code.COPIES, message))
    return findings


def copied_weeks(courses: list[Course]) -> list[Problem]:
    """One warning for each week written in notes that look like copies of each other (N302), naming a path
    that chooses one of them (`notes show PATH`)."""
    problems = []
    for course in courses:
        for week in course.weeks:
            found = _copies(week, course.name or "(no course)")
            if found:
                message = f"{found[0].message}; give a path to choose one (`notes show {found[0].path}`)"
                problems.append(Problem(found[0].path, None, message, Code.COPIES))
    return problems


def _alike(note: Note, other: Note) -> str | None:
    """Why two notes look like copies of one week, or None."""
    name = posixpath.basename(note.path)
    if name == posixpath.basename(other.path) and posixpath.splitext(name)[0].casefold() not in INDEX_NAMES:
        return "the same file name"
    if note.title.casefold() == other.title.casefold():
        return "the same title"
    if note.tasks and [t.text for t in note.tasks] == [t.text for t in other.tasks]:
        return "the same items"
    return None


def check_courses(courses: list[Course], has_front_matter: Callable[[Note], bool] = lambda note: True) -> list[Finding]:
    """Findings across the weeks of each course. A week without a date is reported only when it could have
    one: it has front matter (`has_front_matter`), or the course's other weeks are dated (an Obsidian note
    usually has neither, and is dated by nothing)."""
    findings: list[Finding] = []
    for course in courses:
        name = course.name or "(no course)"
        claimed: dict[int, list[Note]] = defaultdict(list)
        for week in course.weeks:
            if week.week is not None:
                claimed[week.week].append(week)
            dated_others = any(w.date is not None for w in course.weeks if w is not week)
            if week.date is None and (dated_others or has_front_matter(week)):
                findings.append(
                    Finding(
                        week.path,
                        None,
                        Code.NO_DATE,
                        "week note without a date; add `date: YYYY-MM-DD` to its front matter",
                    )
                )
            findings += _copies(week, name)
        numbers = sorted(claimed)
        for before, after in pairwise(numbers):
            if after - before > 1:
                missing = f"week {before + 1}" if after - before == 2 else f"weeks {before + 1}-{after - 1}"
                findings.append(
                    Finding(
                        claimed[after][0].path,
                        None,
                        Code.WEEK_GAP,
                        f"{missing} of “{name}” missing between week {before} and week {after}",
                    )
                )
        seen: dict[str, tuple[Note, str, int]] = {}
        for week in course.weeks:
            for task in week.tasks:
                if task.section is Section.READINGS and task.url and HAS_SCHEME.match(task.url):
                    key = task.url.rstrip("/")
                    path = week.source(task.number)[0].path
                    if key in seen and seen[key][0] is not week:
                        _, first, line = seen[key]
                        findings.append(
                            Finding(
                                path,
                                task.line,
                                Code.SAME_READING,
                                f"the same reading as {first}:{line} (“{task.text}”)",
                            )
                        )
                    seen.setdefault(key, (week, path, task.line))
    return findings


class Scanned(Protocol):
    """What a scan of the vault gives (`vault.Scan` is one)."""

    @property
    def notes(self) -> list[Note]: ...

    @property
    def problems(self) -> list[Problem]: ...


class Checkable(Protocol):
    """What `check_vault` reads of a vault (`vault.Vault` is one): a protocol, as check.py sits below vault.py."""

    @property
    def root(self) -> Path: ...

    @property
    def vocabulary(self) -> Vocabulary: ...

    def scan(self) -> Scanned: ...

    def text(self, note: Note) -> str: ...

    def find_file(self, name: str) -> Path | None: ...

    def display_path(self, path: Path) -> str: ...


def check_vault(
    vault: Checkable, paths: Sequence[str] = (), *, course: str | None = None, ignore: Collection[Code] = ()
) -> Checked:
    """Every finding in the vault (or in the notes at `paths`, or in a course's notes), in path and line order,
    but those of the `ignore`d codes; a note that cannot be read or checked is a finding, and the other notes
    are checked. Raises NotFoundError for a path that names no file, or a course that matches none."""
    scan = vault.scan()
    notes = scan.notes
    findings = [from_problem(p) for p in scan.problems]
    if course is not None:
        notes = filter_course([n for n in notes if n.is_week], vault.vocabulary.course(course))
        findings = []
    for note in notes:
        findings += [from_problem(p) for p in note.problems] + _note_findings(vault, note)
    findings += check_courses(
        group_courses(gather_weeks([n for n in notes if n.is_week])), lambda note: _has_front_matter(vault, note)
    )
    checked = len(notes)
    if paths:
        wanted = set()
        for name in paths:
            file = vault.find_file(name)
            if file is None:
                raise NotFoundError(f"no such file: {name}")
            wanted.add(vault.display_path(file))
        findings = [f for f in findings if f.path in wanted]
        checked = len(wanted)
    kept = [f for f in findings if f.code not in ignore]
    return Checked(sorted(kept, key=lambda f: (f.path, f.line or 0, f.code)), checked)


def _note_findings(vault: Checkable, note: Note) -> list[Finding]:
    """`check_note` on the note as it is on disk; what stops it is a finding about the note."""
    try:
        return check_note(note, vault.text(note), lambda relative: (vault.root / relative).exists())
    except FileError as error:
        return [Finding(error.path, error.line, Code.UNREADABLE, error.message)]
    except Exception as error:  # a bug met on one note: a finding about it, and the other notes are checked
        message = f"cannot be checked (internal error {type(error).__name__}: {error}); please report it"
        return [Finding(note.path, None, Code.UNREADABLE, message)]


def _has_front_matter(vault: Checkable, note: Note) -> bool:
    try:
        return split_front_matter(vault.text(note)).body_line > 0
    except FileError:  # reported as N003 already
        return False
