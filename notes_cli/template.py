"""New week notes: the next week of a course, shaped like its latest week, or a first week from a built-in
template shaped like a Jekyll week post. Pure: text and names in, text and names out."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from pathlib import PurePath

from .edit import list_bullet
from .errors import NotesError
from .links import markdown_link
from .model import Heading, Note, Section, week_number
from .parse import JEKYLL_NAME_DATE, YAML_SPECIAL, parse_note, split_front_matter, yaml_tag
from .results import Code
from .syntax import ATX_HEADING, DEFAULT_BULLET, heading_line, task_line
from .text import LINE_BREAK, line_ending
from .vocabulary import Vocabulary, WeekNumbers

TOP_LEVEL_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)(?P<sep>[ \t]*[:=][ \t]*)(?P<value>.*)$")
PLAIN_YAML = re.compile(r"^[\w\u00c0-\uffff][^:#\[\]{},&*!|>'\"%@`]*$")


@dataclass(frozen=True)
class NewNote:
    """A note to create: where (relative to the vault) and what."""

    path: PurePath
    text: str


def reading_item(spec: str) -> str:
    """`Title|url` -> `[Title](url)`; text without `|` stays as it is."""
    title, bar, url = spec.rpartition("|")
    if not bar:
        return spec.strip()
    return markdown_link(title.strip(), url.strip())


def next_week(
    latest: Note,
    latest_text: str,
    latest_file: PurePath,
    previous: Note | None,
    *,
    week: int,
    date: dt.date,
    title: str | None,
    readings: list[str],
    exercises: list[str],
    vocabulary: Vocabulary,
) -> NewNote:
    """The note for `week` of the course whose latest week is `latest` (file `latest_file`, relative to the
    vault): its front matter with title, date and week updated, its structural headings, the given items; what
    it makes up (a title, a missing section's heading) in the vocabulary's words."""
    in_title, in_name = vocabulary.week_in_title, vocabulary.week_in_name
    eol = line_ending(latest_text)
    front = split_front_matter(latest_text)
    made_up = f"{latest.course} - {vocabulary.week_title(week)}"
    new_title = title or _renumber(latest.title, in_title, week, latest.week) or made_up
    head = _front_matter(latest_text[: front.body_offset], eol, title=new_title, date=date, week=week)
    headings = _structural_headings(latest, previous, in_title)
    lines = [_heading_line(latest_text, h, in_title, week, latest.week) for h in headings]
    body = _body(
        lines,
        [h.section for h in headings],
        readings,
        exercises,
        list_bullet(latest_text, latest),
        level=_section_level(latest),
        vocabulary=vocabulary,
    )
    text = head + eol.join(([""] if head else []) + body) + eol
    return NewNote(_next_file(latest_file, in_name, week, latest.week, date, new_title), text)


def first_week(
    course: str,
    *,
    jekyll: bool,
    week: int,
    date: dt.date,
    title: str | None,
    readings: list[str],
    exercises: list[str],
    vocabulary: Vocabulary,
) -> NewNote:
    """A first week for a new course: a Jekyll week post in `_posts/` when the vault is a Jekyll site
    (`jekyll`), else `COURSE/week-NN.md` with the course in its front matter; its week and section headings
    in the vocabulary's words ("Semana 1", "## Lecturas")."""
    title = title or f"{course} - {vocabulary.week_title(week)}"
    if jekyll:
        fields = ["layout: post", f"title: {_yaml_scalar(title)}", f"date: {date.isoformat()}"]
        fields.append(f"categories: [{_yaml_scalar(course)}]")
        path = PurePath("_posts") / f"{date.isoformat()}-{slug(course)}-{slug(vocabulary.week_title(week))}.md"
    else:
        fields = [f"title: {_yaml_scalar(title)}", f"date: {date.isoformat()}", f"course: {_yaml_scalar(course)}"]
        path = PurePath(slug(course)) / f"{vocabulary.week_file(week)}.md"
    head = ["---", *fields, "---", "", heading_line(1, f"{vocabulary.week_title(week)} Lecture Notes")]
    sections = (Section.READINGS, Section.EXERCISES)
    body = _body(
        [*(heading_line(2, vocabulary.heading(s)) for s in sections), heading_line(2, "Additional Notes")],
        [*sections, Section.OTHER],
        readings,
        exercises,
        DEFAULT_BULLET,
        level=2,
        vocabulary=vocabulary,
    )
    return NewNote(path, "\n".join([*head, "", *body]) + "\n")


def slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.casefold()).strip("-") or "week"


def _renumber(text: str, pattern: WeekNumbers, week: int, old_week: int | None) -> str | None:
    """`text` with its week numbers moved on to `week`, zero padding kept; None when it has none.

    When the old week is known every number moves by the same step, so "Week 0 notes (prepares Week 1)"
    becomes "Week 1 notes (prepares Week 2)"; otherwise the last number becomes `week`.
    """
    spans = pattern.spans(text)
    if not spans:
        return None
    parts, position = [], 0
    for start, end in spans[-1:] if old_week is None else spans:
        digits = text[start:end]
        found = week_number(digits)
        if found is None:
            continue  # too large to be a week number: left as it is
        number = str(week if old_week is None else max(0, found + week - old_week))
        parts += [text[position:start], number.zfill(len(digits)) if digits.startswith("0") else number]
        position = end
    return "".join(parts) + text[position:]


def _front_matter(block: str, eol: str, *, title: str, date: dt.date, week: int) -> str:
    """The latest week's front matter, line for line, with `title`, `date` and `week` given new values."""
    if not block.strip():
        return ""
    toml = block.lstrip("\ufeff").startswith("+++")
    lines = LINE_BREAK.split(block)
    values = {
        "title": _toml_string(title) if toml else _yaml_scalar(title),
        "date": date.isoformat(),
        "week": str(week),
    }
    out = []
    index = 0
    while index < len(lines):
        line = lines[index]
        match = TOP_LEVEL_KEY.match(line)
        end = _value_end(lines, index) if match and match["key"] in values else index + 1
        if match and match["key"] in values and (match["value"].strip() or end > index + 1):
            # The whole value goes, continuation lines too (`title: >-` and the lines under it).
            sep = match["sep"] if match["sep"].endswith((" ", "\t")) else match["sep"] + " "
            out.append(f"{match['key']}{sep}{values[match['key']]}")
            index = end
            continue
        out.append(line)
        index += 1
    return eol.join(out)


def _value_end(lines: list[str], index: int) -> int:
    """The index after the last line of the value that starts on line `index`: the indented lines after
    it (blank lines between them included), which a block scalar or a multi-line value continues on."""
    last = index
    for later in range(index + 1, len(lines)):
        if lines[later][:1] in (" ", "\t"):
            last = later
        elif lines[later].strip():
            break
    return last + 1


def _yaml_scalar(text: str) -> str:
    """`text` as a YAML scalar that reads back as the same string: plain when YAML would take it as text,
    else double-quoted, with every character YAML rejects or reads as a line break escaped."""
    if PLAIN_YAML.match(text) and text == text.strip() and text.isprintable() and yaml_tag(text) == "str":
        return text
    return YAML_SPECIAL.sub(_escaped, json.dumps(text, ensure_ascii=False))


def _toml_string(text: str) -> str:
    return re.sub("[\x7f\ud800-\udfff]", _escaped, json.dumps(text, ensure_ascii=False))


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def read_back(
    new: NewNote,
    file: PurePath,
    vocabulary: Vocabulary,
    *,
    week: int,
    course: str | None,
    title: str | None,
    date: dt.date,
    items: int,
) -> None:
    """Refuse a planned note that would not read back as planned (located at `file`): its week number,
    course (any case), title (when its front matter sets one), date and open items. Whatever the latest
    week's front matter holds, `new` then never writes a week the course already has."""
    note = parse_note(new.text, new.path.as_posix(), file, vocabulary)
    front = split_front_matter(new.text).data
    wrong = [p.message for p in note.problems if p.code is Code.FRONT_MATTER]  # others may come from the latest week
    if note.week != week:
        wrong.append(f"it would be week {note.week}, not week {week}")
    if course is not None and (note.course or "").casefold() != course.casefold():
        wrong.append(f"its course would be “{note.course}”, not “{course}”")
    if title is not None and "title" in front and note.title != title:
        wrong.append(f"its title would be “{note.title}”, not “{title}”")
    if "date" in front and note.date != date:
        wrong.append(f"its date would be {note.date}, not {date}")
    if len(note.tasks) != items or any(t.done for t in note.tasks):
        wrong.append(f"it would have {len(note.tasks)} items, not {items} open ones")
    if wrong:
        raise NotesError(
            f"the new note would not read back as written ({'; '.join(wrong)}); nothing was written",
            hint="check the front matter of the course's latest week, or give --week and --title",
        )


def _structural_headings(latest: Note, previous: Note | None, in_title: WeekNumbers) -> list[Heading]:
    """The headings every week of the course has: readings and exercises headings, headings carrying the
    week number, and those the previous week shares (or, with no previous week, those from the first
    readings or exercises heading on). A week's topic headings stay behind."""

    def shape(text: str) -> str:
        """The heading with its week numbers blanked out, in any case: "Week 3 notes" ~ "week 4 Notes"."""
        for start, end in reversed(in_title.spans(text)):
            text = text[:start] + "N" + text[end:]
        return text.casefold()

    shared = {shape(h.text) for h in previous.headings} if previous else None
    first_section = next((i for i, h in enumerate(latest.headings) if h.section is not Section.OTHER), None)

    def structural(index: int, heading: Heading) -> bool:
        if heading.section is not Section.OTHER or in_title.search(heading.text):
            return True
        if shared is not None:
            return shape(heading.text) in shared
        return first_section is not None and index > first_section

    return [h for i, h in enumerate(latest.headings) if structural(i, h)]


def _heading_line(text: str, heading: Heading, in_title: WeekNumbers, week: int, old_week: int | None) -> str:
    """The heading as its author wrote it (an ATX line), with its week number moved on."""
    lines = LINE_BREAK.split(text)
    raw = lines[heading.line - 1]
    line = raw.strip() if ATX_HEADING.match(raw) else heading_line(heading.level, heading.text)
    return _renumber(line, in_title, week, old_week) or line


def _body(
    headings: list[str],
    sections: list[Section],
    readings: list[str],
    exercises: list[str],
    bullet: str,
    *,
    level: int,
    vocabulary: Vocabulary,
) -> list[str]:
    """Heading lines, each followed by a blank line, with the items under the first readings and the first
    exercises heading; a section that has items but no heading is added at the end."""
    items = {Section.READINGS: [reading_item(r) for r in readings], Section.EXERCISES: list(exercises)}
    lines: list[str] = []
    for heading, section in zip(headings, sections, strict=True):
        lines += [heading, ""]
        if items.get(section):
            lines += [task_line(bullet, item) for item in items.pop(section)] + [""]
    for section, pending in items.items():
        if pending:
            heading = heading_line(level, vocabulary.heading(section))
            lines += [heading, ""] + [task_line(bullet, item) for item in pending] + [""]
    while lines and lines[-1] == "":
        lines.pop()
    return lines


def _section_level(note: Note) -> int:
    levels = [h.level for h in note.headings if h.section is not Section.OTHER]
    return min(levels) if levels else 2


def _next_file(
    latest: PurePath, in_name: WeekNumbers, week: int, old_week: int | None, date: dt.date, title: str
) -> PurePath:
    """The course's own naming, moved on a week: a Jekyll date and slug, a week number in the file or its
    folder name, or else the title as a slug beside the latest week."""
    jekyll = JEKYLL_NAME_DATE.match(latest.name)
    if jekyll:
        stem = latest.stem[jekyll.end() :]
        new_stem = _renumber(stem, in_name, week, old_week) or slug(title)
        return latest.parent / f"{date.isoformat()}-{new_stem}{latest.suffix}"
    renamed = _renumber(latest.stem, in_name, week, old_week)
    if renamed:
        return latest.parent / f"{renamed}{latest.suffix}"
    folder = _renumber(latest.parent.name, in_name, week, old_week) if latest.parent.name else None
    if folder:
        return latest.parent.parent / folder / latest.name
    return latest.parent / f"{slug(title)}{latest.suffix}"
