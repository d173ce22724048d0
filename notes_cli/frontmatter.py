"""Front matter: where it is at the start of a note (YAML, TOML or JSON) and what it says. Pure.

python-frontmatter's handlers recognise each kind by its opening line and load it (YAML with PyYAML's C loader
underneath); the lines and offsets, which the edits depend on, are this module's own bookkeeping, since the
library returns the body stripped. The library never writes a note.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .text import LINE_BREAK, lazy_pattern

if TYPE_CHECKING:  # PyYAML and python-frontmatter are imported when a note has front matter, not at start-up
    import yaml
    from frontmatter.default_handlers import BaseHandler

BOM = "\ufeff"
OPENINGS = ("---", "+++", "{")  # the first characters of every opening line the handlers recognise
IGNORED = "until they are fixed, the title, date and course there are ignored"

Problems = tuple[tuple[int | None, str], ...]  # (1-based file line, message)
TOML_WHERE = lazy_pattern(r" \(at line (?P<line>\d+), column (?P<column>\d+)\)")  # in tomllib's messages


@dataclass(frozen=True)
class FrontMatter:
    """Where the front matter is, and what it says."""

    data: dict[str, Any]
    body_line: int  # 0-based index of the first line after the front matter
    body_offset: int  # index in the text where the body starts
    problems: Problems


@dataclass(frozen=True)
class Kind:
    """One kind of front matter: the python-frontmatter handler that recognises its opening line and loads
    its text, and what this module adds to it."""

    name: str  # as messages name it: "YAML"
    handler: BaseHandler  # its `detect` takes the opening line, its `load` the lines between the fences
    closers: tuple[str, ...]  # the lines (trailing spaces and tabs aside) that close it
    error: type[Exception]  # what the handler's `load` raises for text that is not valid
    fast: Callable[[str], dict[str, Any] | None] | None = None  # what reads the simplest texts first


def split_front_matter(text: str) -> FrontMatter:
    """Find front matter at the very start of `text` (after a BOM): YAML between `---` lines (`...` may close
    it), TOML between `+++` lines, or JSON between a `{` line and a `}` line, as python-frontmatter reads them."""
    start = 1 if text.startswith(BOM) else 0
    if not text.startswith(OPENINGS, start):  # most notes: no need to import the library
        return FrontMatter({}, 0, start, ())
    lines = _lines_from(text, start)
    first = next(lines)
    kind = next((k for k in _kinds() if k.handler.detect(text[first[0] : first[2]])), None)
    if kind is None:
        return FrontMatter({}, 0, start, ())
    for index, (line_start, line_end, next_start) in enumerate(lines, start=1):
        if text[line_start:line_end].rstrip(" \t") in kind.closers:
            raw = text[first[2] : line_start]
            data, problems = _load(kind, raw, f"lines 1-{index + 1}")
            if problems and kind.name == "JSON" and not raw.lstrip().startswith('"'):
                break  # a `{` line and a `}` line around text that is not a JSON key: Markdown, not front matter
            return FrontMatter(data, index + 1, next_start, problems)
    return FrontMatter({}, 0, start, ())  # no closing line: `---` is an ordinary thematic break


def _lines_from(text: str, start: int) -> Iterator[tuple[int, int, int]]:
    """Yield (start, end, next_start) of each line from `start` on, splitting as CommonMark does."""
    pos = start
    for match in LINE_BREAK.finditer(text, start):
        yield pos, match.start(), match.end()
        pos = match.end()
    if pos < len(text):
        yield pos, len(text), len(text)


def _load(kind: Kind, raw: str, lines: str) -> tuple[dict[str, Any], Problems]:
    """Load the text between the fences; problems carry file lines (the text starts on line 2) and name the
    `lines` taken as front matter, since `---` could also have been meant as a thematic break."""
    simple = kind.fast(raw) if kind.fast is not None else None
    if simple is not None:
        return simple, ()
    try:
        data = kind.handler.load(raw)
    except kind.error as error:
        return {}, (_problem(kind.name, error, lines),)
    except (RecursionError, ValueError, TypeError) as error:
        return {}, ((None, f"{lines} look like front matter but cannot be read ({type(error).__name__}); {IGNORED}"),)
    if data is None:
        return {}, ()
    if not isinstance(data, dict):
        return {}, ((2, f"{lines} look like front matter but are not `key: value` lines; {IGNORED}"),)
    return data, ()


def load_yaml(raw: str) -> Any:
    """YAML front matter text as python-frontmatter's YAML handler loads it here (PyYAML's safe C loader,
    timestamps kept as text); raises `yaml.YAMLError` for text that is not valid YAML."""
    return next(k for k in _kinds() if k.name == "YAML").handler.load(raw)


@functools.cache
def _kinds() -> tuple[Kind, ...]:
    """The handlers, each told the opening line of its kind as this module reads it (trailing spaces and
    tabs, and any line break, allowed); the TOML one reads with the standard library's tomllib, where the
    library's own would need the `toml` package."""
    import json
    import tomllib

    import yaml
    from frontmatter.default_handlers import BaseHandler, JSONHandler, YAMLHandler

    def opening(fence: str) -> re.Pattern[str]:
        return re.compile(re.escape(fence) + r"[ \t]*(?:" + LINE_BREAK.pattern + ")")

    class TimestampsAsText(YAMLHandler):
        def load(self, fm: str, **kwargs: object) -> Any:
            return super().load(fm, Loader=_yaml_loader(), **kwargs)

    class Braced(JSONHandler):  # the library's `split` keeps the braces, which our bookkeeping leaves out
        def load(self, fm: str, **kwargs: object) -> Any:
            return super().load("{\n" + fm + "}", **kwargs)  # (so the JSON's lines are the file's)

    class StandardTOML(BaseHandler):
        START_DELIMITER = END_DELIMITER = "+++"

        def load(self, fm: str, **kwargs: object) -> dict[str, Any]:
            return tomllib.loads(fm)

    return (
        Kind("YAML", TimestampsAsText(opening("---")), ("---", "..."), yaml.YAMLError, simple_yaml),
        Kind("TOML", StandardTOML(opening("+++")), ("+++",), tomllib.TOMLDecodeError),
        Kind("JSON", Braced(opening("{")), ("}",), json.JSONDecodeError),
    )


def _problem(name: str, error: Exception, lines: str) -> tuple[int | None, str]:
    """Where the error is (a file line, when the loader says) and what it is, in the loader's words."""
    if name == "YAML":
        return _yaml_problem(error, lines)
    if name == "JSON":
        line: int | None = getattr(error, "lineno", None)
        reason = f"{getattr(error, 'msg', error)} on line {line}"
    else:  # tomllib counts the lines of the text between the fences: the file's are one more
        where = TOML_WHERE.search(str(error))
        line = int(where["line"]) + 1 if where else None
        reason = TOML_WHERE.sub(f" (at line {line}, column {where['column']})", str(error)) if where else str(error)
    return line, f"{lines} look like front matter but are not valid {name} ({reason}); {IGNORED}"


def _yaml_problem(error: Exception, lines: str) -> tuple[int | None, str]:
    """Where a YAML error is (file lines; the YAML starts on line 2) and what it is, in PyYAML's words."""
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
    problem_mark = getattr(error, "problem_mark", None)
    mark = context_mark or problem_mark  # where the broken construct starts is where the user should look
    reason = f"{problem}, {context} on line {context_mark.line + 2}" if context and context_mark else problem
    line = mark.line + 2 if mark is not None else None
    return line, f"{lines} look like front matter but are not valid YAML ({reason}); {IGNORED}"


@functools.cache
def _yaml_loader() -> type[yaml.CSafeLoader | yaml.SafeLoader]:
    """PyYAML's safe loader, except that timestamps stay text: `date: 2024-02-30` would raise inside
    PyYAML, and the parser reads the day from the text anyway."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's when PyYAML was built with it
    loader: type[yaml.CSafeLoader | yaml.SafeLoader] = type("FrontMatterLoader", (base,), {})
    loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_text)
    return loader


def _timestamp_text(loader: yaml.CSafeLoader | yaml.SafeLoader, node: yaml.ScalarNode) -> str:
    return loader.construct_scalar(node)


SIMPLE_KEY = lazy_pattern(r"[A-Za-z_][A-Za-z0-9_-]*")
SIMPLE_PLAIN = lazy_pattern(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^:#\t\n\r\[\]{}]*")
# What PyYAML rejects (non-printable characters) or reads as a line break (NEL, U+2028, U+2029), and the BOM:
# front matter holding any of them is left to PyYAML, so that both paths give the same answer. Written as the
# characters themselves rather than all but PyYAML's printable ones: the same set, compiled in 0.5 ms, not 5-6
# ms of every command's start-up (issue 14).
YAML_SPECIAL = lazy_pattern("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")
SIMPLE_INT = lazy_pattern(r"0|[1-9][0-9]{0,17}")  # longer numbers go to PyYAML, which decides what they are


def simple_yaml(raw: str) -> dict[str, Any] | None:
    """Front matter made only of `key: value` lines (plain text, whole numbers, dates, "quoted" text and
    [flat, lists]), read as `load_yaml` reads it, without its cost; None for anything else, which
    `load_yaml` then reads."""
    if YAML_SPECIAL.search(raw):
        return None
    data: dict[str, Any] = {}
    for line in LINE_BREAK.split(raw):
        if not line or line.startswith("#"):
            continue
        key, colon, value = line.partition(": ")
        if not colon:
            return None
        value = value.strip(" ")
        if not SIMPLE_KEY.fullmatch(key) or yaml_tag(key) != "str" or " #" in value:
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
    tag = yaml_tag(value)
    if tag in ("str", "timestamp"):
        return value
    if tag == "int" and SIMPLE_INT.fullmatch(value):
        return int(value)
    return None


@functools.cache
def _implicit_resolvers() -> dict:
    import yaml

    return yaml.resolver.Resolver.yaml_implicit_resolvers


def yaml_tag(value: str) -> str:
    """The type PyYAML's resolver gives a plain scalar: "str", "int", "bool", "null", "timestamp", ..."""
    for tag, pattern in _implicit_resolvers().get(value[:1], []):
        if pattern.match(value):
            return tag.rsplit(":", 1)[-1]
    return "str"
