"""Text -> Note: front matter, headings, sections, task items and links, with file line numbers. Pure.

Markdown (CommonMark, plus GFM tables and strikethrough) is read by pulldown-cmark (`linescan`), or by
markdown-it-py where the two may differ; a list item is a task exactly when mdit-py-plugins' tasklists rule
would make it one. Line numbers come from the parsers' byte ranges and token maps.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from .linescan import LINE_BREAK, LINE_BREAK_TAG, STATUS_START, TASK_START, Event, scan
from .model import Heading, Note, Problem, Section, Task

if TYPE_CHECKING:  # markdown-it-py and PyYAML are imported when a note needs them, not at start-up
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

# Line breaks as CommonMark (and markdown-it-py's normalize rule) sees them: see linescan.LINE_BREAK.
BOM = "\ufeff"

TASK_BOX = re.compile(r"^\[[ xX/-]][ \t\n\v\f\r]+")  # the box (or an Obsidian status) and the whitespace after it
PLAIN_URL = re.compile(
    r"(?=.{0,255}$)https?://(?!xn--)[a-z0-9-]{1,63}(?:\.(?!xn--)[a-z0-9-]{1,63})*(?:/[A-Za-z0-9/._~!$&'*+,;=:@-]*)?(?:[?#][A-Za-z0-9/._~!$&'*+,;=:@?#-]*)?"
)  # fmt: skip

DEFAULT_READING_WORDS = ("reading", "readings", "reading list")
DEFAULT_EXERCISE_WORDS = (
    "exercise", "exercises", "assignment", "assignments", "homework", "problem set", "problem sets", "pset", "psets",
)  # fmt: skip
DEFAULT_WEEK_WORDS = ("week",)
ISO_DATE_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})(?!\d)")
JEKYLL_NAME_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})-")
BARE_URL = re.compile(r"https?://[^\s<>\"'`]+")
URL_TRAILING_PUNCTUATION = ".,;:!?)]}*_~"
# Obsidian Tasks' done and due dates; they are data, not part of an item's text.
DONE_ON_MARKER = re.compile("\\s*\u2705\ufe0f?\\s*(\\d{4})-(\\d{2})-(\\d{2})")
DUE_MARKER = re.compile("\\s*\U0001f4c5\ufe0f?\\s*(\\d{4})-(\\d{2})-(\\d{2})")

# Codes of the problems found while parsing (see `check.CODES`).
FRONT_MATTER = "N001"
VALUE = "N002"
IGNORED = "until they are fixed, the title, date and course there are ignored"

# Folders that hold notes without naming a course (Jekyll's post and draft folders).
NON_COURSE_FOLDERS = {"_posts", "_drafts"}


@dataclass(frozen=True)
class Vocabulary:
    """The words that name sections, weeks and courses; the defaults, or what the configuration teaches.

    A week word may hold `{n}` where the number goes (`第{n}周`); otherwise the number follows the word
    (`week 3`, `week-03`, `semana01`).
    """

    readings: tuple[str, ...] = DEFAULT_READING_WORDS
    exercises: tuple[str, ...] = DEFAULT_EXERCISE_WORDS
    week_words: tuple[str, ...] = DEFAULT_WEEK_WORDS
    courses: tuple[tuple[str, str], ...] = ()  # (alias, course name)

    @functools.cached_property
    def reading_heading(self) -> re.Pattern[str]:
        return _words(self.readings)

    @functools.cached_property
    def exercise_heading(self) -> re.Pattern[str]:
        return _words(self.exercises)

    @functools.cached_property
    def week_in_title(self) -> WeekNumbers:
        """Week numbers in a title or heading."""
        return WeekNumbers.of(self.week_words, r"[ \t]*")

    @functools.cached_property
    def week_in_name(self) -> WeekNumbers:
        """Week numbers in a file or folder name."""
        return WeekNumbers.of(self.week_words, r"[ _-]?")

    @functools.cached_property
    def course_in_title(self) -> re.Pattern[str]:
        """ "Course - Week 3": group 1 is the course."""
        return re.compile(r"^(.*?\S)\s+[-–—|:]\s+(?:" + self.week_in_title.regex.pattern + ")", re.IGNORECASE)

    @functools.cached_property
    def course_names(self) -> dict[str, str]:
        return {alias.casefold(): name for alias, name in self.courses}

    def course(self, name: str) -> str:
        """The course's name, when `name` is one of its aliases."""
        return self.course_names.get(name.casefold(), name)

    @functools.cached_property
    def first_words(self) -> tuple[str, ...]:
        """The first word of every section word or phrase, case-folded, less those that contain another
        ("readings" holds "reading"): a text without any of these has no heading that names a section."""
        words = {w.split()[0].casefold() for w in (*self.readings, *self.exercises) if w.split()}
        return tuple(sorted(w for w in words if not any(other != w and other in w for other in words)))

    @functools.cached_property
    def first_words_ascii(self) -> tuple[bytes, ...]:
        """The same, as bytes, for the words an ASCII text could contain."""
        return tuple(w.encode() for w in self.first_words if w.isascii())

    def classify(self, heading: str) -> Section:
        """A heading's section: the earliest readings or exercises word in it decides."""
        folded = heading.casefold()
        if not any(word in folded for word in self.first_words):
            return Section.OTHER
        reading = self.reading_heading.search(heading)
        exercise = self.exercise_heading.search(heading)
        if reading and (not exercise or reading.start() <= exercise.start()):
            return Section.READINGS
        if exercise:
            return Section.EXERCISES
        return Section.OTHER


def _words(words: tuple[str, ...]) -> re.Pattern[str]:
    """Any of the words or phrases, as whole words in any case (longest first, spaces matching any space)."""
    alternatives = [r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True) if w.strip()]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives or ["(?!)"]) + r")(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class WeekNumbers:
    """Week numbers in text, after any of the week words (`week 3`, `semana 01`, `第1周`)."""

    regex: re.Pattern[str]

    @classmethod
    def of(cls, words: tuple[str, ...], gap: str) -> WeekNumbers:
        """Each word becomes one alternative with one number group. A word starting with a Latin letter must
        not follow another letter (so "midweek3" is no week); CJK and other words may follow anything."""
        alternatives = []
        for word in sorted(words, key=len, reverse=True):
            before, _, after = word.partition("{n}")
            lead = r"(?<![^\W\d_])" if before[:1].isascii() and before[:1].isalpha() else ""
            tail = gap + re.escape(after) if after else ""
            alternatives.append(f"{lead}{re.escape(before)}{gap if before else ''}(\\d+)(?!\\d){tail}")
        return cls(re.compile("|".join(alternatives) or "(?!)", re.IGNORECASE))

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Where each number is, in order."""
        found = []
        for match in self.regex.finditer(text):
            group = next(i for i in range(1, self.regex.groups + 1) if match.group(i) is not None)
            found.append(match.span(group))
        return found

    def numbers(self, text: str) -> list[int]:
        return [int(text[a:b]) for a, b in self.spans(text)]

    def search(self, text: str) -> bool:
        return self.regex.search(text) is not None


DEFAULT_VOCABULARY = Vocabulary()


@functools.cache
def _yaml_loader() -> type:
    """PyYAML's safe loader, except that timestamps stay text: `date: 2024-02-30` would raise inside
    PyYAML, and `_date` reads the day from the text anyway."""
    import yaml

    loader = type("FrontMatterLoader", (getattr(yaml, "CSafeLoader", yaml.SafeLoader),), {})
    loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    return loader


@functools.cache
def markdown_parser() -> MarkdownIt:
    """The one Markdown parser configuration `notes` uses (tests compare against the same one)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


@functools.cache
def _block_parser() -> MarkdownIt:
    """The same parser without the inline pass: only task items and headings need their inline Markdown
    parsed (see `_inline`), and skipping it for every other paragraph halves the time of a long note."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("inline")


def _inline(content: str, env: dict) -> list[Token]:
    """Inline tokens of one block, with the document's link reference definitions."""
    return markdown_parser().parseInline(content, env)[0].children or []


@dataclass(frozen=True)
class FrontMatter:
    """Where the front matter is, and what it says."""

    data: dict[str, Any]
    body_line: int  # 0-based index of the first line after the front matter
    body_offset: int  # index in the text where the body starts
    problems: tuple[tuple[int | None, str], ...]  # (1-based line, message)


def parse_note(
    text: str,
    path: str,
    file: PurePath | None = None,
    vocabulary: Vocabulary = DEFAULT_VOCABULARY,
    *,
    fast: bool = True,
    front: FrontMatter | None = None,
) -> Note:
    """Parse a note's decoded text. `path` is how the note is named to the user; `file` (default: `path`)
    is the location whose name and folders may carry a week number, a date or a course."""
    file = PurePath(path) if file is None else file
    front = split_front_matter(text) if front is None else front
    headings, tasks = _scan_body(text, front, vocabulary, fast)
    problems = [Problem(path, line, message, FRONT_MATTER) for line, message in front.problems]
    data = front.data

    title = _text_value(data, "title", path, problems)
    week = _week(data, title, file, path, problems, vocabulary)
    date = _date(data, file, path, problems)
    course = _course(data, title, file, vocabulary)
    if title is None:
        title = next((h.text for h in headings if h.level == 1), None) or file.stem
    return Note(
        path=path,
        title=title,
        course=course,
        week=week,
        date=date,
        tasks=tuple(tasks),
        headings=tuple(headings),
        problems=tuple(problems),
    )


def might_be_week(
    text: str, file: PurePath, vocabulary: Vocabulary = DEFAULT_VOCABULARY, front: FrontMatter | None = None
) -> bool:
    """False only for a note that is certainly not a week note, found without parsing its Markdown: no week
    number in its name, folder or front matter, no front-matter problem to report, and not one of the
    section words anywhere in its text (so no heading can name a section)."""
    front = split_front_matter(text) if front is None else front
    if front.problems:
        return True
    data = front.data
    title = data.get("title") if isinstance(data.get("title"), str) else None
    if _week(data, title, file, "", [], vocabulary) is not None:
        return True
    folded = text.casefold()
    return any(word in folded for word in vocabulary.first_words)


def might_be_week_ascii(data: bytes, stem: str, folder: str, vocabulary: Vocabulary = DEFAULT_VOCABULARY) -> bool:
    """`might_be_week` for the bytes of an ASCII note without front matter (file name `stem`, in `folder`),
    without decoding them."""
    if vocabulary.week_in_name.search(stem) or vocabulary.week_in_name.search(folder):
        return True
    lowered = data.lower()
    return any(word in lowered for word in vocabulary.first_words_ascii)


def split_front_matter(text: str) -> FrontMatter:
    """Find YAML (`---` ... `---` or `...`) or TOML (`+++` ... `+++`) front matter at the very start."""
    start = 1 if text.startswith(BOM) else 0
    lines = _lines_from(text, start)
    first = next(lines, None)
    if first is None:
        return FrontMatter({}, 0, start, ())
    fence = text[first[0] : first[1]].rstrip(" \t")
    if fence not in ("---", "+++"):
        return FrontMatter({}, 0, start, ())
    closers = ("---", "...") if fence == "---" else ("+++",)
    for index, (line_start, line_end, next_start) in enumerate(lines, start=1):
        if text[line_start:line_end].rstrip(" \t") in closers:
            raw = text[first[2] : line_start]
            data, problems = _load_front_matter(raw, fence, f"lines 1-{index + 1}")
            return FrontMatter(data, index + 1, next_start, problems)
    return FrontMatter({}, 0, start, ())  # no closing fence: an ordinary thematic break


def _lines_from(text: str, start: int):
    """Yield (start, end, next_start) of each line from `start` on, splitting as CommonMark does."""
    pos = start
    for match in LINE_BREAK.finditer(text, start):
        yield pos, match.start(), match.end()
        pos = match.end()
    if pos < len(text):
        yield pos, len(text), len(text)


def _load_front_matter(raw: str, fence: str, lines: str) -> tuple[dict[str, Any], tuple[tuple[int | None, str], ...]]:
    """Load front matter text; problems carry file line numbers (the text starts on line 2) and name the
    `lines` taken as front matter, since `---` could also have been meant as a thematic break."""
    import tomllib

    import yaml

    simple = _simple_yaml(raw) if fence == "---" else None
    if simple is not None:
        return simple, ()
    try:
        data = tomllib.loads(raw) if fence == "+++" else yaml.load(raw, Loader=_yaml_loader())
    except yaml.YAMLError as error:
        return {}, (_yaml_problem(error, lines),)
    except tomllib.TOMLDecodeError as error:
        return {}, ((None, f"{lines} look like front matter but are not valid TOML ({error}); {IGNORED}"),)
    except (RecursionError, ValueError, TypeError) as error:
        return {}, ((None, f"{lines} look like front matter but cannot be read ({type(error).__name__}); {IGNORED}"),)
    if data is None:
        return {}, ()
    if not isinstance(data, dict):
        return {}, ((2, f"{lines} look like front matter but are not `key: value` lines; {IGNORED}"),)
    return data, ()


SIMPLE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
SIMPLE_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#\t\n\r\[\]{}]*")
SIMPLE_INT = re.compile(r"0|[1-9][0-9]*")


def _simple_yaml(raw: str) -> dict[str, Any] | None:
    """Front matter made only of `key: value` lines (plain text, whole numbers, dates, "quoted" text and
    [flat, lists]), read as PyYAML's safe loader reads it, without its cost; None for anything else, which
    PyYAML then reads. (Dates stay text, as with `_yaml_loader`.)"""
    data: dict[str, Any] = {}
    for line in LINE_BREAK.split(raw):
        if not line or line.startswith("#"):
            continue
        key, colon, value = line.partition(": ")
        if not colon:
            return None
        value = value.strip(" ")
        if not SIMPLE_KEY.fullmatch(key) or _yaml_tag(key) != "str" or " #" in value:
            return None
        if value.startswith("[") and value.endswith("]"):
            items = [item.strip(" ") for item in value[1:-1].split(",")] if value[1:-1].strip(" ") else []
            parsed = [_simple_scalar(item, flow=True) for item in items]
            if any(item is None for item in parsed):
                return None
            data[key] = parsed
        else:
            scalar = _simple_scalar(value, flow=False)
            if scalar is None:
                return None
            data[key] = scalar
    return data


def _simple_scalar(value: str, *, flow: bool) -> str | int | None:
    if len(value) >= 2 and value[0] == value[-1] == '"' and '"' not in value[1:-1] and "\\" not in value:
        return value[1:-1]
    if len(value) >= 2 and value[0] == value[-1] == "'" and "'" not in value[1:-1]:
        return value[1:-1]
    if not SIMPLE_PLAIN.fullmatch(value) or (flow and ("," in value)) or value != value.strip():
        return None
    tag = _yaml_tag(value)
    if tag in ("str", "timestamp"):
        return value
    if tag == "int" and SIMPLE_INT.fullmatch(value):
        return int(value)
    return None


@functools.cache
def _implicit_resolvers() -> dict:
    import yaml

    return yaml.resolver.Resolver.yaml_implicit_resolvers


def _yaml_tag(value: str) -> str:
    """The type PyYAML's resolver gives a plain scalar: "str", "int", "bool", "null", "timestamp", ..."""
    for tag, pattern in _implicit_resolvers().get(value[:1], []):
        if pattern.match(value):
            return tag.rsplit(":", 1)[-1]
    return "str"


def _yaml_problem(error: Exception, lines: str) -> tuple[int | None, str]:
    """Where a YAML error is (file lines; the YAML starts on line 2) and what it is, in PyYAML's words."""
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
    problem_mark = getattr(error, "problem_mark", None)
    mark = context_mark or problem_mark  # where the broken construct starts is where the user should look
    reason = f"{problem}, {context} on line {context_mark.line + 2}" if context and context_mark else problem
    line = mark.line + 2 if mark is not None else None
    return line, f"{lines} look like front matter but are not valid YAML ({reason}); {IGNORED}"


def _scan_body(
    text: str, front: FrontMatter, vocabulary: Vocabulary, fast: bool = True
) -> tuple[list[Heading], list[Task]]:
    """Headings and tasks of the Markdown after the front matter, with file line numbers.

    pulldown-cmark's reading answers for most notes; markdown-it-py for the rest (and for all with `fast=False`).
    """
    body = text[front.body_offset :]
    events = scan(body) if fast else None
    env: dict = {}
    if events is None:
        events = _markdown_it_events(body, env)
    line_starts: list[int] = []  # filled when the first task needs it

    headings: list[Heading] = []
    stack: list[Heading] = []  # the headings a line is under, outermost first
    section = Section.OTHER  # what the nearest heading naming a section makes the tasks below
    tasks: list[Task] = []
    for event in events:
        if event.kind == "heading":
            title = inline_text(event.content, env)[0] if event.text is None else event.text
            line = front.body_line + event.line + 1
            heading = Heading(event.level, title, line, front.body_line + event.end + 1, vocabulary.classify(title))
            while stack and stack[-1].level >= heading.level:
                stack.pop()
            stack.append(heading)
            headings.append(heading)
            section = next((h.section for h in reversed(stack) if h.section is not Section.OTHER), Section.OTHER)
            continue
        if event.start is not None:
            box = body.index("[", event.start)
        else:
            if not line_starts:
                line_starts = [0, *(m.end() for m in LINE_BREAK.finditer(body))]
            box = body.index("[", line_starts[event.line])
        if event.text is None:
            plain, url = inline_text(TASK_BOX.sub("", event.content, count=1), env)
        else:  # read by the parser already
            plain, url = event.text, _link_target(event.link) if event.link is not None else _bare_url(event.bare)
        task_text, done_on, due = _dates(plain)
        tasks.append(
            Task(
                number=len(tasks) + 1,
                section=section,
                heading=stack[-1].text if stack else None,
                text=task_text,
                url=url,
                done=body[box + 1] in "xX",
                line=front.body_line + event.line + 1,
                offset=front.body_offset + box + 1,
                end_line=front.body_line + event.end + 1,
                done_on=done_on,
                due=due,
            )
        )
    return headings, tasks


def _markdown_it_events(body: str, env: dict) -> list[Event]:
    """Headings and tasks as markdown-it-py (block rules, and the tasklists rule) finds them."""
    tokens = _block_parser().parse(body, env)
    line_starts = [0]
    line_starts.extend(m.end() for m in LINE_BREAK.finditer(body))
    events = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            start, end = token.map  # type: ignore[misc]
            events.append(Event("heading", start, tokens[index + 1].content, level=int(token.tag[1:]), end=end - 1))
        elif _is_task(tokens, index):
            item_end = _last_filled_line(body, line_starts, tokens[index - 2].map[1])  # type: ignore[index]
            events.append(Event("task", token.map[0], token.content, end=item_end))  # type: ignore[index]
    return events


def inline_text(content: str, env: dict) -> tuple[str, str | None]:
    """Inline Markdown as readable text, and the target of its first link (else of its first bare URL), as
    markdown-it-py reads it (for the notes it reads; pulldown-cmark's reading comes with its events)."""
    children = _inline(content, env)
    return _plain_text(children), _first_url(children)


def _link_target(destination: str) -> str | None:
    """A link's target as `_first_url` reports it: markdown-it-py's normalizeLink, then normalizeLinkText.
    A plain URL (lower-case scheme and host, only characters neither function changes) is its own target."""
    if PLAIN_URL.fullmatch(destination):
        return destination
    md = markdown_parser()
    href = md.normalizeLink(destination)
    return md.normalizeLinkText(href) if href else None


def _bare_url(text: str) -> str | None:
    """The first bare http(s) URL in `text`, without the punctuation that ends a sentence around it; as in
    GFM autolinks, a closing parenthesis stays when it balances an opening one (Wikipedia's `..._(topic)`)."""
    match = BARE_URL.search(text)
    if match is None:
        return None
    url = match.group()
    while url[-1] in URL_TRAILING_PUNCTUATION and not (url[-1] == ")" and url.count("(") >= url.count(")")):
        url = url[:-1]
    return url


def _dates(text: str) -> tuple[str, dt.date | None, dt.date | None]:
    """The item's text without its done and due markers, and their dates (the last of each)."""
    if "\u2705" not in text and "\U0001f4c5" not in text:
        return text, None, None
    found = []
    for marker in (DONE_ON_MARKER, DUE_MARKER):
        matches = list(marker.finditer(text))
        found.append(_valid_date(*matches[-1].groups()) if matches else None)
        text = marker.sub("", text)
    return " ".join(text.split()), found[0], found[1]


def _last_filled_line(body: str, line_starts: list[int], end: int) -> int:
    """The last line before `end` (0-based, exclusive) that is not blank, `>` markers aside: a list
    item's map runs on over the blank lines after it."""
    line = min(end, len(line_starts)) - 1
    while line > 0:
        start = line_starts[line]
        stop = line_starts[line + 1] if line + 1 < len(line_starts) else len(body)
        if body[start:stop].strip(" \t\r\n>"):
            break
        line -= 1
    return line


def _is_task(tokens: list[Token], index: int) -> bool:
    """The tasklists rule: an inline token that opens the first paragraph of a list item with a box."""
    return (
        index >= 2
        and tokens[index].type == "inline"
        and tokens[index - 1].type == "paragraph_open"
        and tokens[index - 2].type == "list_item_open"
        and (TASK_START.match(tokens[index].content) or STATUS_START.match(tokens[index].content)) is not None
    )


def _plain_text(children: list[Token]) -> str:
    """Inline Markdown as readable text: link and emphasis markers dropped, code kept in backticks."""
    parts: list[str] = []
    for child in children:
        if child.type == "text":
            parts.append(child.content)
        elif child.type == "code_inline":
            parts.append(f"`{child.content}`")
        elif child.type == "image":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "html_inline":
            parts.append(" " if LINE_BREAK_TAG.fullmatch(child.content) else child.content)
    return " ".join("".join(parts).split())


def _first_url(children: list[Token]) -> str | None:
    """Target of the first link (`[t](url)` or `<url>`), else the first bare http(s) URL, else None."""
    for child in children:
        if child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            return markdown_parser().normalizeLinkText(href) if href else None
    for child in children:
        if child.type == "text":
            url = _bare_url(child.content)
            if url:
                return url
    return None


def _text_value(data: dict[str, Any], key: str, path: str, problems: list[Problem]) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    problems.append(
        Problem(path, None, f"front matter `{key}` is a {type(value).__name__}, not text; it is ignored", VALUE)
    )
    return None


def _week(
    data: dict[str, Any], title: str | None, file: PurePath, path: str, problems: list[Problem], vocabulary: Vocabulary
) -> int | None:
    value = data.get("week")
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if value is not None:
        problems.append(
            Problem(path, None, f"front matter `week: {_describe(value)}` is not a whole number; it is ignored", VALUE)
        )
    sources = ((title, vocabulary.week_in_title), (file.stem, vocabulary.week_in_name))
    for source, pattern in (*sources, (file.parent.name, vocabulary.week_in_name)):
        numbers = pattern.numbers(source) if source else []
        if numbers:
            return numbers[-1]
    return None


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
                VALUE,
            )
        )
    return date


def _describe(value: Any) -> str:
    """A short, bounded rendering of a front-matter value for a message (a YAML alias bomb must not be
    expanded into text)."""
    if isinstance(value, (str, int, float, bool, dt.date)):
        text = str(value)
        return text if len(text) <= 60 else text[:57] + "..."
    return f"<a {type(value).__name__}>"


def _valid_date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def _course(data: dict[str, Any], title: str | None, file: PurePath, vocabulary: Vocabulary) -> str | None:
    course = _course_as_written(data, title, file, vocabulary)
    return vocabulary.course(course) if course is not None else None


def _course_as_written(data: dict[str, Any], title: str | None, file: PurePath, vocabulary: Vocabulary) -> str | None:
    course = data.get("course")
    if isinstance(course, (str, int, float)) and not isinstance(course, bool) and str(course).strip():
        return str(course).strip()
    categories = data.get("categories")
    if isinstance(categories, list) and categories:
        categories = categories[0]
    if isinstance(categories, (str, int, float)) and not isinstance(categories, bool) and str(categories).strip():
        return str(categories).strip()
    if title:
        match = vocabulary.course_in_title.match(title)
        if match:
            return match.group(1)
    for folder in file.parents:
        name = folder.name
        if name and name not in NON_COURSE_FOLDERS and not vocabulary.week_in_name.search(name):
            return name
    return None
