"""The one emitter: every result type has its outputs, what `done` and `undo` print without Rich is what
Rich prints, and JSON written piece by piece is json.dumps' text."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from notes_cli import render, report, results
from notes_cli.cli import OUTPUTS
from notes_cli.model import Change, gather_weeks, group_courses
from notes_cli.parse import parse_note
from notes_cli.results import Marked
from notes_cli.vault import Vault

from .conftest import EXAMPLES, VOCABULARY

# Item text: mostly one cell wide, sometimes wide (CJK, emoji), combining or escaped (a tab, a control).
ONE_CELL = [*"abc xyz-[]()*_`#", "é", "·", "ſ"]
TEXT = st.one_of(
    st.text(st.sampled_from(ONE_CELL), max_size=70),
    st.text(st.sampled_from([*ONE_CELL, "語", "🙂", "\u0301", "\t", "\x1b", " "]), max_size=70),
)


def test_every_result_type_has_an_output():
    """A result type added to results.py and returned by a command must be printable by `emit`."""
    made = {
        value
        for name, value in vars(results).items()
        if isinstance(value, type) and value.__module__ == results.__name__ and hasattr(value, "_fields")
    }
    parts = {results.Finding, results.IsoWeek, results.NewNote, results.Setting}  # pieces of other results
    assert made - parts and made - parts <= set(OUTPUTS)


def _marked(texts: list[str], done: bool, changed: list[bool], title: str) -> Marked:
    lines = [f"# {title}", "", "## Readings", ""] + [f"- [{'x' if done else ' '}] {text}" for text in texts]
    note = parse_note("\n".join(lines) + "\n", "week-03.md", None, VOCABULARY)
    return Marked(note, tuple(Change(t, c) for t, c in zip(note.tasks, changed, strict=False)), done, None)


def _rich(marked: Marked, width: int) -> str:
    console = render.make_console()
    console.file = io.StringIO()
    console.width = width
    render.render_marked(console, marked)
    return console.file.getvalue()


@given(
    st.lists(TEXT, min_size=1, max_size=12),
    st.booleans(),
    st.lists(st.booleans(), min_size=12, max_size=12),
    st.sampled_from(["Week 3", "Semana 3 · álgebra", "週 3", "A long title of a week " * 3]),
    st.integers(min_value=10, max_value=130),
)
def test_done_without_rich_prints_what_rich_prints(texts, done, changed, title, width):
    marked = _marked(texts, done, changed, title)
    if not marked.changes:
        return
    plain = report.marked_text(marked, width)
    if plain is not None:
        assert plain + "\n" == _rich(marked, width)


def test_done_without_rich_on_a_usual_week():
    """The usual case is printed without Rich (else the property above would test nothing)."""
    marked = _marked(["Title of Reading 3", "Paper"], True, [True, False], "Reading list")
    assert report.marked_text(marked, 80) == (
        "marked done   1  Title of Reading 3\n"
        "already done  2  Paper\n"
        "Reading list · Week 3 · readings 2/2 · exercises 0/0"
    )
    assert report.marked_text(marked, 80) + "\n" == _rich(marked, 80)
    assert report.marked_text(marked, None) is None  # colour: Rich's to print


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


ENVIRONMENTS = st.fixed_dictionaries(
    {},
    optional={
        "NO_COLOR": st.sampled_from(["", "1"]),
        "FORCE_COLOR": st.sampled_from(["", "1"]),
        "TTY_COMPATIBLE": st.sampled_from(["0", "1", "2"]),
        "COLUMNS": st.sampled_from(["0", "40", "100", "x"]),
        "LINES": st.sampled_from(["25"]),
        "TERM": st.sampled_from(["dumb", "xterm", "unknown"]),
    },
)


@given(ENVIRONMENTS, st.booleans())
def test_plain_width_is_richs_width_where_rich_writes_no_escape_codes(environ, terminal):
    stream = Terminal() if terminal else io.StringIO()
    width = report.plain_width(stream, environ)
    if width is None:
        return
    console = Console(
        file=stream,
        _environ=environ,
        color_system=None if environ.get("NO_COLOR") else "auto",
        highlight=False,
        markup=False,
        emoji=False,
    )
    assert console.width == width
    console.print(Text("styled", style="bold red link https://example.org"))
    assert stream.getvalue() == "styled\n"


# JSON values; then the same with JsonArrays where report.json_chunks streams them (the top, an item of another,
# a value of a dict), holding text json escapes itself and text it leaves to JSON_UNSAFE_CHARS.
JSON_TEXT = st.text(st.sampled_from([*'a"\\/ ', "\n", "\x00", "\x1f", "\x7f", "\x9f", "é", "\u202e", "\u2028", "🙂"]))
PLAIN_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | JSON_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(JSON_TEXT, inner, max_size=3),
    max_leaves=8,
)
STREAMED_JSON = st.recursive(
    PLAIN_JSON,
    lambda inner: (
        st.tuples(st.lists(inner, max_size=5), st.booleans()).map(
            lambda drawn: report.JsonArray(drawn[0], lambda item: item, nested=drawn[1] or any(map(_streams, drawn[0])))
        )
        | st.dictionaries(JSON_TEXT, inner, max_size=3)
    ),
    max_leaves=12,
)


def _streams(value: Any) -> bool:
    """Whether a JsonArray is in `value`."""
    if isinstance(value, report.JsonArray):
        return True
    return isinstance(value, dict) and any(map(_streams, value.values()))


def _made(value: Any) -> Any:
    """The value with every JsonArray made a list."""
    if isinstance(value, report.JsonArray):
        return [_made(item) for item in value]
    if isinstance(value, dict):
        return {key: _made(item) for key, item in value.items()}
    return value


def _dumped(value: Any, pretty: bool) -> str:
    """What to_json printed when it was one json.dumps of the whole value."""
    text = json.dumps(_made(value), ensure_ascii=False, indent=2 if pretty else None)
    return report.JSON_UNSAFE_CHARS.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


@given(STREAMED_JSON, st.booleans(), st.integers(min_value=1, max_value=3))
def test_json_written_piece_by_piece_is_the_whole_values_json(value, pretty, batch):
    saved, report.JSON_BATCH = report.JSON_BATCH, batch  # an array longer than a batch, and the edge between two
    try:
        assert "".join(report.json_chunks(value, pretty=pretty)) == _dumped(value, pretty)
    finally:
        report.JSON_BATCH = saved


def test_progress_and_weeks_json_stream_the_same_text():
    """`progress --json` and `weeks --json` make each week's JSON as it is written, with the same bytes."""
    courses = tuple(group_courses(gather_weeks(Vault(EXAMPLES, VOCABULARY).scan(weeks_only=True).notes)))
    day = dt.date(2024, 3, 20)
    progress = OUTPUTS[results.Progress].json(results.Progress(courses, {}, day))  # type: ignore[misc]
    listed = OUTPUTS[results.Listed].json(results.Listed(courses, {}, day))  # type: ignore[misc]
    assert isinstance(progress["courses"], report.JsonArray) and isinstance(listed, report.JsonArray)
    assert len(listed) == sum(len(c.weeks) for c in courses) > 0
    for value in (progress, listed):
        for pretty in (False, True):
            assert report.to_json(value, pretty=pretty) == _dumped(value, pretty)
