"""New week notes: the next week of a course, shaped like its latest week, or a first week from a built-in
template shaped like a Jekyll week post. `plan_new_week` is the library entry point of `notes new`. Pure: text
and names in, text and names out (only `plan_new_week` asks whether the vault has a `_posts` folder)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import NamedTuple

from .edit import list_bullet
from .errors import AmbiguousError, NotesError, NotFoundError, UsageError
from .frontmatter import YAML_SPECIAL, split_front_matter, yaml_tag
from .links import markdown_link, refused
from .model import MAX_WEEK, Heading, Note, Section, group_courses, week_number
from .parse import JEKYLL_NAME_DATE, parse_note
from .results import Code, NewNote
from .select import filter_course
from .syntax import ATX_HEADING, DEFAULT_BULLET, heading_line, task_line
from .text import LINE_BREAK, line_ending
from .vocabulary import Vocabulary, WeekNumbers

TOP_LEVEL_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)(?P<sep>[ \t]*[:=][ \t]*)(?P<value>.*)$")
PLAIN_YAML = re.compile(r"^[\w\u00c0-\uffff][^:#\[\]{},&*!|>'\"%@`]*$")


@dataclass(frozen=True)
class WeekContent:
    """What a new week note says, whatever its shape."""

    week: int
    date: dt.date
    title: str | None  # None: made from the latest week's title, or from the course and week
    readings: Sequence[str]  # `Title|url` or text
    exercises: Sequence[str]


def plan_new_week(
    weeks: Callable[[], list[Note]],
    text: Callable[[Note], str],
    root: Path,
    vocabulary: Vocabulary,
    today: dt.date,
    *,
    course: str | None = None,
    week: int | None = None,
    title: str | None = None,
    date: dt.date | None = None,
    readings: Sequence[str] = (),
    exercises: Sequence[str] = (),
    new_course: bool = False,
) -> NewNote:
    """The next week of the chosen course, or week 1 of a course that does not exist yet; refused unless it
    reads back as planned (see `read_back`). A course named like one of the vault's (a typo?) is started only
    with `new_course`, which refuses a course that exists. `weeks()` gives the vault's weeks (see
    `model.gather_weeks`), asked for once the request is checked, so that a wrong one is refused before the
    vault is read; `text` reads a note's text; `root` is the vault's folder; `today` is only used when `date`
    is None."""
    title = title.strip() if title is not None else None
    course = course.strip() if course is not None else None
    if title == "" or course == "":
        raise UsageError(f"--{'title' if title == '' else 'course'} cannot be empty", hint="give it some text")
    refuse_undecodable(title or "", course or "")
    for reading in readings:  # each item checked before the vault is read
        reading_item(reading)
    for exercise in exercises:
        item_text(exercise, None)
    if new_course and course is None:
        raise UsageError("--new-course starts the course --course names", hint="give its name with --course NAME")
    wanted = _Wanted(course, week, title, date, tuple(readings), tuple(exercises), new_course)
    planned, content, name = _planned_week(weeks(), text, root, vocabulary, today, wanted)
    read_back(
        planned,
        root / planned.path,
        vocabulary,
        week=content.week,
        course=name,
        title=planned.title if title is not None else None,  # the given title, where the course puts its titles
        date=content.date,
        items=len(readings) + len(exercises),
    )
    return planned


@dataclass(frozen=True)
class _Wanted:
    """What `plan_new_week` was asked for, checked."""

    course: str | None
    week: int | None
    title: str | None
    date: dt.date | None
    readings: tuple[str, ...]
    exercises: tuple[str, ...]
    new_course: bool  # the course is to be started, even if its name is like an existing one's

    def content(self, week: int, date: dt.date) -> WeekContent:
        return WeekContent(week, date, self.title, self.readings, self.exercises)


def _refuse_a_course_like(course: str | None, names: list[str], aliases: dict[str, str], new_course: bool) -> None:
    """A new course whose name is like a course's or an alias's the vault has (`AGI Safty`, `AGSIF`) is refused
    unless asked for, since a typo would otherwise start a course silently."""
    if course is None or new_course:
        return
    import difflib  # only when a course is not found: `add` and `new` need it no other time

    wanted = course.casefold()
    known = {name.casefold(): name for name in names} | aliases  # what each spelling names
    like = [
        (max(difflib.SequenceMatcher(None, wanted, known_as).ratio(), _prefix_likeness(wanted, known_as)), known_as)
        for known_as in known
    ]
    score, best = max(like, default=(0.0, ""))
    if score >= LIKE_A_COURSE:
        raise NotFoundError(
            f"no course “{course}” here; did you mean “{known[best]}”?",
            hint="give that name with --course, or add --new-course to start a course named as you wrote it",
        )


LIKE_A_COURSE = 0.8  # how alike (difflib's ratio) a new course's name and a known one are taken for a typo


def _prefix_likeness(wanted: str, known: str) -> float:
    """How alike `wanted` is to as much of `known` as it is long (`agi safty` and `agi safet`), since `--course`
    takes the start of a name: a typo in the start of a long name is as much a typo."""
    import difflib

    if len(wanted) < 4 or len(wanted) >= len(known):
        return 0.0
    return difflib.SequenceMatcher(None, wanted, known[: len(wanted)]).ratio()


def _planned_week(
    weeks: list[Note], text: Callable[[Note], str], root: Path, vocabulary: Vocabulary, today: dt.date, wanted: _Wanted
) -> tuple[NewNote, WeekContent, str | None]:
    """The new note, what it says and its course."""
    course, week = wanted.course, wanted.week
    names = [c.name for c in group_courses(weeks) if c.name is not None]  # one course whatever its case
    try:
        chosen = group_courses(filter_course(weeks, vocabulary.course(course))) if course is not None else None
    except NotFoundError:
        chosen = None
    if course is None:
        if len(names) > 1:
            raise AmbiguousError(f"this vault has {len(names)} courses", names, hint="pick one with --course NAME")
        if not weeks:
            raise UsageError("there is no course here yet", hint="start one with notes new --course NAME")
        chosen = group_courses(weeks)
    if wanted.new_course and course is not None:  # only a course of that very name (or alias) is one that exists
        exact = vocabulary.course(course).casefold()
        chosen = [c for c in chosen or [] if (c.name or "").casefold() == exact]
        if chosen:
            raise UsageError(
                f"the course “{chosen[0].name}” exists already", hint="leave out --new-course to add its next week"
            )
    if not chosen:
        _refuse_a_course_like(course, names, vocabulary.course_names, wanted.new_course)
        content = wanted.content(1 if week is None else week, wanted.date or today)
        planned = first_week(course or "", content, jekyll=(root / "_posts").is_dir(), vocabulary=vocabulary)
        return planned, content, vocabulary.course(course or "")
    weeks_of_course = list(chosen[0].weeks)
    numbered = [w for w in weeks_of_course if w.week is not None]
    latest = max(numbered, key=lambda w: w.sort_key()) if numbered else weeks_of_course[-1]
    if week is None:
        if latest.week is None:
            raise UsageError("the course's weeks have no numbers", hint="give the new week's number with --week N")
        week = latest.week + 1
        if week > MAX_WEEK:
            raise UsageError(
                f"week {MAX_WEEK} is the largest week number", hint="give the new week's number with --week N"
            )
    taken = [w for w in weeks_of_course if w.week == week]
    if taken:
        raise NotesError(
            f"week {week} of “{chosen[0].name}” already exists: {taken[0].path}", hint="give another --week"
        )
    earlier = [w for w in numbered if w is not latest]
    previous = max(earlier, key=lambda w: w.sort_key()) if earlier else None
    template = _whole_note(latest)
    if template is None:
        raise UsageError(
            f"week {latest.week} of “{chosen[0].name}” is a section of {latest.path}",
            hint="write the new week into that note (`notes edit` opens it)",
        )
    content = wanted.content(week, wanted.date or _new_week_date(numbered, week, today))
    previous_note = _whole_note(previous) if previous is not None else None
    planned = next_week(template, text(template), PurePath(template.path), previous_note, content, vocabulary)
    return planned, content, chosen[0].name


def refuse_undecodable(*values: str) -> None:
    """Refuse text to be written into a note that holds bytes the command line could not decode (Python
    keeps them as lone surrogates, which cannot be written as UTF-8)."""
    if any(0xD800 <= ord(char) <= 0xDFFF for value in values for char in value):
        raise UsageError("the text to write is not UTF-8", hint="the command line held bytes that are not UTF-8")


def _whole_note(week: Note) -> Note | None:
    """The note a week is, or for a week of several parts the note of its first part; None when that part is
    a section of a note (a new week cannot be shaped like a file then)."""
    if not week.parts:
        return week
    return week.parts[0].note if week.parts[0].section is None else None


def _new_week_date(weeks: list[Note], week: int, day: dt.date) -> dt.date:
    """The date of a new week `week`: a week on from the latest dated week when the course's last two dated
    weeks are a week apart per week number, or when the latest is dated today or later (so two `new` runs
    on one day do not give two weeks the same date), but never before `day` (today); else `day`."""
    dated = sorted((w.week, w.date) for w in weeks if w.date is not None and w.week is not None)
    if not dated:
        return day
    last, last_date = dated[-1]
    weekly = len(dated) > 1 and (last_date - dated[-2][1]).days == 7 * (last - dated[-2][0]) != 0
    if weekly or last_date >= day:
        try:
            return max(last_date + dt.timedelta(days=7 * max(1, week - last)), day)
        except OverflowError:  # past 9999-12-31: there is no such day to go on to
            return day
    return day


def reading_item(spec: str) -> str:
    """`Title|url` -> `[Title](url)`; text without `|` stays as it is."""
    title, bar, url = spec.rpartition("|")
    return item_text(title, url) if bar else item_text(spec, None)


def item_text(text: str, url: str | None) -> str:
    """An item's text as a note holds it: `[text](url)` with a link, else the text; refuses what would make an
    item `check` reports (no text, an empty link), text of several lines or not UTF-8, or a link no one can
    follow (`javascript:`)."""
    if not text.strip():
        raise UsageError("the item's text is empty", hint="give the reading's title or the exercise's text")
    if any("\n" in value or "\r" in value for value in (text, url or "")):
        raise UsageError("the item's text must be one line of text", hint="give the text in quotes")
    refuse_undecodable(text, url or "")
    text, url = text.strip(), url.strip() if url is not None else None
    if url is None:
        return text
    if not url:
        raise UsageError(f"the link of “{text}” is empty", hint="give TITLE|URL, or the title alone for no link")
    if refused(url):
        raise UsageError(f"“{url}” is not a link a note can hold", hint="give an http, https or mailto link, or a path")
    return markdown_link(text, url)


def next_week(
    latest: Note,
    latest_text: str,
    latest_file: PurePath,
    previous: Note | None,
    content: WeekContent,
    vocabulary: Vocabulary,
) -> NewNote:
    """The note for `content.week` of the course whose latest week is `latest` (file `latest_file`, relative to
    the vault): its front matter with title, date and week updated, its structural headings, the given items;
    what it makes up (a title, a missing section's heading) in the vocabulary's words."""
    week = content.week
    in_title, in_name = vocabulary.week_in_title, vocabulary.week_in_name
    eol = line_ending(latest_text)
    front = split_front_matter(latest_text)
    made_up = f"{latest.course} - {vocabulary.week_title(week)}"
    renumbered = _renumber(latest.title, in_title, week, latest.week)
    previous_title = previous.title if previous is not None else None
    new_title = _next_title(renumbered, previous_title, content.title, in_title) or made_up
    head = _front_matter(latest_text[: front.body_offset], eol, title=new_title, date=content.date, week=week)
    headings = _structural_headings(latest, previous, in_title)
    title_line = None if "title" in front.data else _title_heading(latest)
    if title_line is not None and all(h.line != title_line for h in headings):  # a title of its own week's words
        headings.insert(0, latest.headings[0])
    lines = [
        heading_line(h.level, new_title)
        if h.line == title_line
        else _heading_line(latest_text, h, in_title, week, latest.week)
        for h in headings
    ]
    body = _body(
        lines,
        [h.section for h in headings],
        content,
        list_bullet(latest_text, latest),
        level=_section_level(latest),
        vocabulary=vocabulary,
    )
    text = head + eol.join(([""] if head else []) + body) + eol
    previous_file = PurePath(previous.path) if previous is not None else None
    topic = _given_topic(content.title, in_title) if content.title is not None else None
    path = _next_file(latest_file, previous_file, in_name, week, latest.week, content.date, new_title, topic)
    return NewNote(path, text, new_title)


# What follows a week's number in its title or name when a topic does: a separator, then text.
TOPIC_AFTER_NUMBER = re.compile(r"[ \t_]*[:\-–—|·_. ][ \t_]*(?=\w)")
WORDS_AND_GAPS = re.compile(r"([^\W_]+)")  # splitting on it keeps both: ["", "Intro", " ", "Lab", ""]
MAX_TOPIC_IN_NAME = 60  # characters of a title's topic put in a file or folder name


class Topic(NamedTuple):
    """A week's title or name around its last week number: "Week 2" + " " + "Loops" + " Lab"."""

    head: str  # up to the end of the week number
    gap: str  # the separator after it ("" when nothing follows)
    own: str  # the week's own topic: what the week before had otherwise ("" when none, or nothing tells)
    shared: str  # what every week has after the topic (all of what follows the gap, when nothing tells)


def _after_number(text: str, pattern: WeekNumbers) -> tuple[str, str, str] | None:
    """`text` up to the end of its last week number, the separator after that, and the rest; None without a
    number."""
    spans = pattern.spans(text)
    if not spans:
        return None
    end = spans[-1][1]
    gap = TOPIC_AFTER_NUMBER.match(text, end)
    return (text[:end], gap.group(), text[gap.end() :]) if gap else (text[:end], "", text[end:])


def _topic_of(text: str, previous: str | None, pattern: WeekNumbers) -> Topic | None:
    """`text` split around its topic, told apart from the text it shares with `previous` (the week before's
    title or name) at its end, word by word; None without a week number."""
    parts = _after_number(text, pattern)
    if parts is None:
        return None
    head, gap, tail = parts
    before = _after_number(previous, pattern) if previous is not None else None
    if before is None or not gap:
        return Topic(head, gap, "", tail)
    ours, theirs = WORDS_AND_GAPS.split(tail), WORDS_AND_GAPS.split(before[2])
    same = 0
    while same < min(len(ours), len(theirs)) and ours[-1 - same].casefold() == theirs[-1 - same].casefold():
        same += 1
    first = len(ours) - same  # the pieces alternate: separators at even places, words at odd ones
    if first % 2:  # the shared text starts inside a word's place: it starts at the separator after that word
        first += 1
    shared = "".join(ours[first:])
    own = tail[: len(tail) - len(shared)]
    return Topic(head, gap, own, shared)


def _next_title(renumbered: str | None, previous: str | None, given: str | None, pattern: WeekNumbers) -> str | None:
    """The new week's title: `given` in the place of the latest week's topic ("Semana 4: Listas", "Week 3
    Functions Lab"), or whole when it has a week number of its own or the latest title has nothing after its
    number; else the latest title moved on a week, without its own topic ("Semana 4", "Week 3 Lab")."""
    parts = _topic_of(renumbered, previous, pattern) if renumbered is not None else None
    if given is not None:
        if parts is None or not (parts.own or parts.shared) or pattern.search(given):
            return given
        return parts.head + parts.gap + given + (parts.shared if parts.own else "")
    if parts is not None and parts.own:
        return parts.head + parts.shared
    return renumbered


def _given_topic(given: str, pattern: WeekNumbers) -> str:
    """What a given title says after its week number (all of it when it has none): what a name takes from it."""
    parts = _topic_of(given, None, pattern)
    return parts.shared if parts is not None else given


def _next_name(name: str, previous: str | None, pattern: WeekNumbers, topic: str | None) -> str:
    """A file or folder name, its week number already moved on, with the latest week's own topic left behind
    (`Semana_3_Estructuras_Control` -> `Semana_3`, `week-03-loops-notes` -> `week-03-notes`), or replaced by
    the given title's topic written as the name's was (`Semana_3_Funciones_y_Módulos`, `week-03-neural-nets`)."""
    parts = _topic_of(name, previous, pattern)
    if parts is None or not (parts.own or parts.shared) or (topic is None and not parts.own):
        return name
    shared = parts.shared if parts.own else ""
    words = re.findall(r"\w+", topic or "")
    if not words:
        return parts.head + shared
    written_as = parts.own or parts.shared
    joint = next((c for c in "_-." if c in written_as), parts.gap[-1:] or "-")  # joined as the topic's words were
    if written_as == written_as.lower():
        words = [word.lower() for word in words]
    written = joint.join(words)[:MAX_TOPIC_IN_NAME].rstrip(joint)
    return parts.head + parts.gap + written + shared


def _title_heading(note: Note) -> int | None:
    """The line of the heading the note's title comes from (its leading H1), when it does."""
    first = note.headings[0] if note.headings else None
    return first.line if first is not None and first.level == 1 and first.text == note.title else None


def first_week(course: str, content: WeekContent, *, jekyll: bool, vocabulary: Vocabulary) -> NewNote:
    """A first week for a new course: a Jekyll week post in `_posts/` when the vault is a Jekyll site
    (`jekyll`), else `COURSE/week-NN.md` with the course in its front matter; its week and section headings
    in the vocabulary's words ("Semana 1", "## Lecturas")."""
    week, date = content.week, content.date
    title = content.title or f"{course} - {vocabulary.week_title(week)}"
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
        content,
        DEFAULT_BULLET,
        level=2,
        vocabulary=vocabulary,
    )
    return NewNote(path, "\n".join([*head, "", *body]) + "\n", title)


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
    if block.lstrip("\ufeff").startswith("{"):
        return eol.join(_json_line(line, title=title, date=date, week=week) for line in lines)
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


JSON_MEMBER = re.compile(
    r'^(?P<lead>\s*"(?P<key>title|date|week)"\s*:\s*)(?P<value>"(?:[^"\\]|\\.)*"|[-\w.]+)(?P<rest>\s*,?\s*)$'
)


def _json_line(line: str, *, title: str, date: dt.date, week: int) -> str:
    """A line of JSON front matter, with a `"title"`, `"date"` or `"week"` member on it given its new value
    (a week number written as text stays text); any other line as it is."""
    match = JSON_MEMBER.match(line)
    if match is None:
        return line
    text_week = match["value"].startswith('"')
    value = {"title": title, "date": date.isoformat(), "week": str(week) if text_week else week}[match["key"]]
    return match["lead"] + json.dumps(value, ensure_ascii=False) + match["rest"]


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
    course (any case), title (when one is given), date and open items. Whatever the latest
    week's front matter holds, `new` then never writes a week the course already has."""
    note = parse_note(new.text, new.path.as_posix(), file, vocabulary)
    front = split_front_matter(new.text).data
    wrong = [p.message for p in note.problems if p.code is Code.FRONT_MATTER]  # others may come from the latest week
    if note.week != week:
        wrong.append(f"it would be week {note.week}, not week {week}")
    if course is not None and (note.course or "").casefold() != course.casefold():
        wrong.append(f"its course would be “{note.course}”, not “{course}”")
    if title is not None and note.title != title:
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
    content: WeekContent,
    bullet: str,
    *,
    level: int,
    vocabulary: Vocabulary,
) -> list[str]:
    """Heading lines, each followed by a blank line, with the items under the first readings and the first
    exercises heading; a section that has items but no heading is added at the end."""
    items = {Section.READINGS: [reading_item(r) for r in content.readings], Section.EXERCISES: list(content.exercises)}
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
    latest: PurePath,
    previous: PurePath | None,
    in_name: WeekNumbers,
    week: int,
    old_week: int | None,
    date: dt.date,
    title: str,
    topic: str | None,
) -> PurePath:
    """The course's own naming, moved on a week: a Jekyll date and slug, a week number in the file or its
    folder name, or else the title as a slug beside the latest week. The latest week's own topic in the name
    is not carried on: the given title's topic (`topic`) takes its place, or nothing does."""

    def moved(name: str, previous_name: str | None) -> str | None:
        renamed = _renumber(name, in_name, week, old_week)
        return None if renamed is None else _next_name(renamed, previous_name, in_name, topic)

    jekyll = JEKYLL_NAME_DATE.match(latest.name)
    if jekyll:
        stem = latest.stem[jekyll.end() :]
        previous_jekyll = JEKYLL_NAME_DATE.match(previous.name) if previous is not None else None
        previous_stem = previous.stem[previous_jekyll.end() :] if previous is not None and previous_jekyll else None
        new_stem = moved(stem, previous_stem) or slug(title)[:MAX_TOPIC_IN_NAME]
        return latest.parent / f"{date.isoformat()}-{new_stem}{latest.suffix}"
    renamed = moved(latest.stem, previous.stem if previous is not None else None)
    if renamed:
        return latest.parent / f"{renamed}{latest.suffix}"
    previous_folder = previous.parent.name if previous is not None and previous.parent.name else None
    folder = moved(latest.parent.name, previous_folder) if latest.parent.name else None
    if folder:
        return latest.parent.parent / folder / latest.name
    return latest.parent / f"{slug(title)[:MAX_TOPIC_IN_NAME]}{latest.suffix}"
