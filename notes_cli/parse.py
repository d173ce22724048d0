"""Text -> Note: front matter, headings, sections, task items and links, with file line numbers. Pure.

Markdown (CommonMark, plus GFM tables and strikethrough) is read into typed blocks (`blocks`) by
pulldown-cmark (`linescan`), or by markdown-it-py where the two may differ; a list item is a task exactly when
mdit-py-plugins' tasklists rule would make it one (and, on top, Obsidian's cancelled `[-]` and in-progress `[/]`
items where that rule would find an open box). Line numbers come from the parsers' byte ranges and token maps.
The words that name weeks, sections and courses are vocabulary.py's.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePath
from typing import Any, TypeGuard

from .blocks import Block, HeadingBlock, LintBlock, markdown_it_blocks, markdown_it_lint_blocks
from .frontmatter import FrontMatter, split_front_matter
from .linescan import scan, scan_lint
from .model import MAX_WEEK, DoneSource, Heading, Note, Problem, Section, Task, WeekSection
from .results import Code
from .syntax import BOXES, CANCELLED_ON, DONE_MARKS, DONE_ON, DUE_ON, MARKS, RECURRENCE, STATUSES
from .text import LINE_BREAK, lazy_pattern
from .vocabulary import INDEX_NAMES, ROLE_FOLDERS, Vocabulary

ISO_DATE_PREFIX = lazy_pattern(r"^\s*(\d{4})-(\d{2})-(\d{2})(?!\d)")
JEKYLL_NAME_DATE = lazy_pattern(r"^(\d{4})-(\d{2})-(\d{2})-")


def parse_note(
    text: str,
    path: str,
    file: PurePath | None,
    vocabulary: Vocabulary,
    *,
    front: FrontMatter | None = None,
) -> Note:
    """Parse a note's decoded text in the words of `vocabulary`. `path` is how the note is named to the user;
    `file` (None: `path`) is the location whose name and folders may carry a week number, a date or a course."""
    file = PurePath(path) if file is None else file
    front = split_front_matter(text) if front is None else front
    headings, tasks = _scan_body(text, front, vocabulary)
    problems = [Problem(path, line, message, Code.FRONT_MATTER) for line, message in front.problems]
    data = front.data

    sections = _week_sections(headings, vocabulary, text)
    leading = _leading_heading(text, front, headings)
    title = _text_value(data, "title", path, problems)
    week, unit = _week(data, title, None if sections else leading, file, path, problems, vocabulary)
    date = _date(data, file, path, problems)
    course = _course(data, title, file, len(PurePath(path).parts) - 1, vocabulary)
    if title is None:
        title = leading or _name_title(file)
    return Note(
        path=path,
        title=title,
        course=course,
        week=week,
        date=date,
        tasks=tuple(tasks),
        headings=tuple(headings),
        problems=tuple(problems),
        unit=unit,
        sections=sections,
    )


def _leading_heading(text: str, front: FrontMatter, headings: list[Heading]) -> str | None:
    """The text of the H1 that is the note's first block (only blank lines before it), if there is one."""
    if not headings or headings[0].level != 1:
        return None
    before = headings[0].line - 1 - front.body_line  # body lines above the heading
    lines = LINE_BREAK.split(text[front.body_offset :], maxsplit=before)[:before] if before else []
    return headings[0].text if not any(line.strip() for line in lines) else None


def _name_title(file: PurePath) -> str:
    """The file name without extension, as Obsidian shows it; a README or index file takes its folder's name."""
    if file.stem.casefold() in INDEX_NAMES and file.parent.name:
        return file.parent.name
    return file.stem


def _week_sections(headings: list[Heading], vocabulary: Vocabulary, text: str) -> tuple[WeekSection, ...]:
    """The note's weeks when it holds several: the headings of the highest level at which two or more
    headings carry different week numbers, each running to the next heading of its level or higher."""
    numbered: dict[int, list[tuple[int, Heading, int, str]]] = {}
    for index, heading in enumerate(headings):
        found = vocabulary.week_in_title.found(heading.text)
        if found and found[0][0] is not None:
            numbered.setdefault(heading.level, []).append((index, heading, found[0][0], found[0][1]))
    level = next((lv for lv in sorted(numbered) if len({n for _, _, n, _ in numbered[lv]}) > 1), None)
    if level is None:
        return ()
    last_line = len(LINE_BREAK.findall(text)) + 1
    sections = []
    for index, heading, number, unit in numbered[level]:
        after = next((h for h in headings[index + 1 :] if h.level <= level), None)
        end = after.line - 1 if after is not None else last_line
        sections.append(WeekSection(number, unit, heading.text, heading.line, end))
    return tuple(sections)


def might_be_week(text: str, file: PurePath, vocabulary: Vocabulary, front: FrontMatter | None = None) -> bool:
    """False only for a note that is certainly not a week note, found without parsing its Markdown: no week
    number in its name, folder or front matter, no front-matter problem to report, and not one of the
    section words anywhere in its text (so no heading can name a section)."""
    front = split_front_matter(text) if front is None else front
    if front.problems:
        return True
    data = front.data
    title = data.get("title") if isinstance(data.get("title"), str) else None
    if _week(data, title, None, file, "", [], vocabulary)[0] is not None:
        return True
    folded = text.casefold()
    if vocabulary.classify_items and ("[" in text and _might_hold_task(folded)):
        return True
    return any(word in folded for word in vocabulary.telltale_words) or vocabulary.week_in_title.search(text)


def might_be_week_ascii(data: bytes, stem: str, folder: str, vocabulary: Vocabulary) -> bool:
    """`might_be_week` for the bytes of an ASCII note without front matter (file name `stem`, in `folder`),
    without decoding them."""
    if vocabulary.week_in_name.search(stem) or vocabulary.week_in_name.search(folder) or folder.lower() in ROLE_FOLDERS:
        return True
    lowered = data.lower()
    if vocabulary.classify_items and b"[" in data and any(box.encode() in data for box in BOXES):
        return True
    return any(word in lowered for word in vocabulary.telltale_words_ascii) or bool(
        vocabulary.week_in_title.search(data.decode("ascii"))
    )


def _might_hold_task(folded: str) -> bool:
    """A box anywhere (a task's or an Obsidian status's): its items may be readings or exercises by themselves."""
    return any(box in folded for box in BOXES)


def _scan_body(text: str, front: FrontMatter, vocabulary: Vocabulary) -> tuple[list[Heading], list[Task]]:
    """Headings and tasks of the Markdown after the front matter, with file line numbers."""
    body = text[front.body_offset :]
    headings: list[Heading] = []
    stack: list[Heading] = []  # the headings a line is under, outermost first
    section: Section | None = None  # what the nearest heading naming a section (other too) makes the tasks below
    named: list[bool] = []  # for each heading of the stack: whether it names a section (other too)
    tasks: list[Task] = []
    parents: list[Task] = []  # the tasks the next one may be nested in, outermost first
    for block in read_blocks(body):
        if isinstance(block, HeadingBlock):
            title = block.text
            line = front.body_line + block.line + 1
            heading = Heading(block.level, title, line, front.body_line + block.end + 1, vocabulary.classify(title))
            while stack and stack[-1].level >= heading.level:
                stack.pop()
                named.pop()
            stack.append(heading)
            named.append(heading.section is not Section.OTHER or vocabulary.names_other(title))
            headings.append(heading)
            section = next((h.section for h, n in zip(reversed(stack), reversed(named), strict=True) if n), None)
            parents.clear()
            continue
        task_text, markers = _markers(block.text)
        line = front.body_line + block.line + 1
        while parents and parents[-1].end_line < line:
            parents.pop()
        if section is not None:
            decided: tuple[Section, str | None] | None = (section, "heading")
        else:
            decided = vocabulary.classify_item(task_text, block.url)
            if decided is None and parents and parents[-1].section is not Section.OTHER:
                decided = parents[-1].section, parents[-1].section_from
        mark = body[block.box + 1]
        task = Task(
            number=len(tasks) + 1,
            section=decided[0] if decided else Section.OTHER,
            heading=stack[-1].text if stack else None,
            text=task_text,
            url=block.url,
            done=mark in DONE_MARKS,
            line=line,
            offset=front.body_offset + block.box + 1,
            end_line=front.body_line + block.end + 1,
            done_on=markers[0],
            done_source=DoneSource.MARKER if markers[0] is not None else None,
            due=markers[1],
            section_from=decided[1] if decided else None,
            status=STATUSES.get(mark),
            cancelled_on=markers[2],
            recurrence=markers[3],
        )
        tasks.append(task)
        parents.append(task)
    return headings, tasks


def read_blocks(body: str) -> list[Block]:
    """Headings and tasks of `body` (the Markdown after any front matter): pulldown-cmark's reading where it
    answers (most notes), else markdown-it-py's."""
    blocks = scan(body)
    return markdown_it_blocks(body) if blocks is None else blocks


def read_lint_blocks(body: str) -> list[LintBlock]:
    """Empty items, paragraphs and links of `body`, for the linter: pulldown-cmark's reading where it answers,
    else markdown-it-py's."""
    blocks = scan_lint(body)
    return markdown_it_lint_blocks(body) if blocks is None else blocks


def _markers(text: str) -> tuple[str, tuple[dt.date | None, dt.date | None, dt.date | None, str | None]]:
    """The item's text without its Obsidian Tasks markers, and what they say: the done, due and cancelled
    dates (the last of each) and the recurrence rule."""
    if not any(char in text for char in MARKS):
        return text, (None, None, None, None)
    dates = []
    for marker in (DONE_ON, DUE_ON, CANCELLED_ON):
        matches = list(marker.finditer(text))
        dates.append(_valid_date(*matches[-1].group("year", "month", "day")) if matches else None)
        text = marker.sub("", text)
    rule = RECURRENCE.search(text)
    recurrence = " ".join(rule.group(1).split()) or None if rule else None
    text = RECURRENCE.sub("", text)
    return " ".join(text.split()), (dates[0], dates[1], dates[2], recurrence)


def _text_value(data: dict[str, Any], key: str, path: str, problems: list[Problem]) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if _is_number(value) and _number_text(value) is not None:
        return _number_text(value)
    kind = "number too long to write" if isinstance(value, int) else type(value).__name__
    problems.append(Problem(path, None, f"front matter `{key}` is a {kind}, not text; it is ignored", Code.VALUE))
    return None


def _number_text(value: int | float) -> str | None:
    """A number as text; None for an int with more digits than Python writes (YAML's `0x...` makes one)."""
    try:
        return str(value)
    except ValueError:
        return None


def _week(
    data: dict[str, Any],
    title: str | None,
    leading: str | None,
    file: PurePath,
    path: str,
    problems: list[Problem],
    vocabulary: Vocabulary,
) -> tuple[int | None, str | None]:
    """The note's week number and unit: front matter `week`, else the first of its title, file name,
    leading H1, folder (or, for a note in a role folder, the folder above) that carries one."""
    value = data.get("week")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) <= MAX_WEEK:
        return value, "week"
    if isinstance(value, int) and not isinstance(value, bool):
        problems.append(Problem(path, None, f"front matter `week: {_describe(value)}` {TOO_LARGE}", Code.VALUE))
    elif value is not None:
        problems.append(
            Problem(
                path, None, f"front matter `week: {_describe(value)}` is not a whole number; it is ignored", Code.VALUE
            )
        )
    folder = file.parent
    while folder.name.casefold() in ROLE_FOLDERS and folder.parent.name:
        folder = folder.parent
    sources = (
        ("title", title, vocabulary.week_in_title),
        ("file name", file.stem, vocabulary.week_in_name),
        ("first heading", leading, vocabulary.week_in_title),
        ("folder name", folder.name, vocabulary.week_in_name),
    )
    for where, source, pattern in sources:
        found = pattern.found(source) if source else []
        if found and found[-1][0] is not None:
            return found[-1][0], found[-1][1]
        if found:
            problems.append(Problem(path, None, f"the week number in the {where} {TOO_LARGE}", Code.VALUE))
    return None, None


TOO_LARGE = f"is past {MAX_WEEK}, the largest week number; it is ignored"


def _date(data: dict[str, Any], file: PurePath, path: str, problems: list[Problem]) -> dt.date | None:
    value = data.get("date")
    if value is None:
        match = JEKYLL_NAME_DATE.match(file.name)
        return _valid_date(*match.groups()) if match else None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = ISO_DATE_PREFIX.match(value) if isinstance(value, str) else None
    date = _valid_date(*match.groups()) if match else None
    if date is None:
        problems.append(
            Problem(
                path,
                None,
                f"front matter `date: {_describe(value)}` is not a valid YYYY-MM-DD date; it is ignored",
                Code.VALUE,
            )
        )
    return date


def _describe(value: Any) -> str:
    """A short, bounded rendering of a front-matter value for a message (a YAML alias bomb must not be
    expanded into text)."""
    if isinstance(value, (str, int, float, bool, dt.date)):
        text = _number_text(value) if isinstance(value, (int, float)) else str(value)
        if text is None:
            return "<a number too long to write>"
        return text if len(text) <= 60 else text[:57] + "..."
    return f"<a {type(value).__name__}>"


def _first(value: Any) -> Any:
    """The first item of a list (`categories: [a, b]`), or the value itself."""
    return value[0] if isinstance(value, list) and value else value


def _is_number(value: Any) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _valid_date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _course(data: dict[str, Any], title: str | None, file: PurePath, depth: int, vocabulary: Vocabulary) -> str | None:
    course = _course_as_written(data, title, file, depth, vocabulary)
    return vocabulary.course(course) if course is not None else None


def _course_as_written(
    data: dict[str, Any], title: str | None, file: PurePath, depth: int, vocabulary: Vocabulary
) -> str | None:
    """Front matter `course` or first category, else "Course - Week 3" in the title, else the folder the note
    is the folder note of (`LinAlg/notes/LinAlg.md`), else the nearest folder of the vault that is no role or
    week folder, else the vault folder's own name (`depth`: how many folders of the vault the note is in)."""
    for value in (data.get("course"), _first(data.get("categories"))):
        text = value if isinstance(value, str) else _number_text(value) if _is_number(value) else None
        if text is not None and text.strip():
            return text.strip()
    if title:
        match = vocabulary.course_in_title.match(title)
        if match:
            return match.group(1)
    folders = list(file.parents)
    inside, outside = folders[:depth], folders[depth:]
    stem = file.stem.casefold()
    for folder in inside:
        if folder.name.casefold() == stem:
            return folder.name
    for folder in inside:
        if not vocabulary.role_folder(folder.name):
            return folder.name
    for folder in outside:
        if folder.name and folder.name.casefold() not in ROLE_FOLDERS:
            return folder.name
    return None


# What is left of a title once its course and week number are taken out: separators and spaces at its end,
# and anything but a word or an opening bracket or quote at its start ("📅 : Java" -> "Java").
TITLE_LEFTOVER = " \t-–—|:·,.#"
TITLE_LEAD = lazy_pattern(r"^[^\w(\[\"'“‘]+")


def distinct_titles(weeks: tuple[Note, ...] | list[Note], course: str | None, vocabulary: Vocabulary) -> dict[str, str]:
    """What tells a course's weeks apart, by week key (`Note.key`): the title less the course's name (or an
    alias of it) and the week number, or else the title of one of its parts (a week written in several notes
    or sections); when nothing is left, the first topic heading (above the readings and exercises) that
    says more than that. A part every week shares ("Lecture Notes") tells none apart and is dropped; a week
    with nothing left gets "", and a table with no title left can hide the column."""
    aliases = [alias for alias, name in vocabulary.courses if course and name.casefold() == course.casefold()]
    names = sorted({n for n in (course, *aliases) if n and n.strip()}, key=len, reverse=True)
    course_words = re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE) if names else None

    def leftover(text: str) -> str:
        if course_words is not None:
            text = course_words.sub(" ", text)
        text = vocabulary.week_in_title.regex.sub("", text).replace("()", " ").replace("[]", " ")
        return TITLE_LEAD.sub("", " ".join(text.split()).rstrip(TITLE_LEFTOVER))

    candidates: dict[str, list[str]] = {}
    for note in weeks:
        topics = []
        for heading in note.headings:
            if heading.section is not Section.OTHER:
                break
            topics.append(heading.text)
        parts = [p.section.title if p.section is not None else p.note.title for p in note.parts]
        candidates[note.key] = [leftover(text) for text in (note.title, *parts, *topics)]
    shared: set[str] = set()
    if len(weeks) > 1:
        per_week = [{c.casefold() for c in found} for found in candidates.values()]
        shared = set.intersection(*per_week)
    return {key: next((c for c in found if c and c.casefold() not in shared), "") for key, found in candidates.items()}
