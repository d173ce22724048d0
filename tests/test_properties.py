"""Properties over generated Markdown: the task finder agrees with markdown-it-py's tasklists rule, and
`done` then `undo` gives back the original bytes, changing exactly one byte on the way."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from notes_cli.edit import set_done
from notes_cli.parse import parse_note

from .reference import reference_tasks

WORDS = st.sampled_from(["Readings", "Exercises", "Homework", "notes", "Week 3", "*em*", "`code`", "[link](u)", "x"])
BULLETS = st.sampled_from(["-", "*", "+", "1.", "2)", "10."])
BOXES = st.sampled_from(["[ ] ", "[x] ", "[X] ", "[ ]\t", "[]", "[ x] ", "[  ] ", "[ ]", "", "[x]", "[-] ", "[/]\t"])
INDENTS = st.sampled_from(["", " ", "  ", "   ", "    ", "\t", "  \t"])


def text(min_size: int = 0) -> st.SearchStrategy[str]:
    return st.lists(WORDS, min_size=min_size, max_size=4).map(" ".join)


def list_item() -> st.SearchStrategy[list[str]]:
    return st.tuples(INDENTS, BULLETS, st.sampled_from([" ", "  ", "\t"]), BOXES, text(), st.booleans()).map(
        lambda p: [f"{p[0]}{p[1]}{p[2]}{p[3]}{p[4]}"] + (["  continued " + p[4]] if p[5] else [])
    )


BLOCKS = st.one_of(
    st.tuples(st.integers(1, 6), text(1)).map(lambda p: ["#" * p[0] + " " + p[1]]),
    text(1).map(lambda t: [t, "=" * 3]),
    text(1).map(lambda t: [t]),
    st.just([""]),
    st.just(["---"]),
    st.lists(list_item(), min_size=1, max_size=4).map(lambda items: [line for item in items for line in item]),
    st.lists(list_item(), min_size=1, max_size=4).map(lambda items: [line for item in items for line in item]),
    st.tuples(st.sampled_from(["> ", ">", "> > "]), list_item()).map(lambda p: [p[0] + line for line in p[1]]),
    st.tuples(st.sampled_from(["```", "~~~", "````"]), list_item(), st.booleans()).map(
        lambda p: [p[0], *p[1]] + ([p[0]] if p[2] else [])
    ),
    list_item().map(lambda lines: ["    " + line for line in lines]),
    st.tuples(st.sampled_from(["<div>", "<details>", "<!--"]), list_item()).map(lambda p: [p[0], *p[1], ""]),
)


@st.composite
def documents(draw) -> str:
    lines: list[str] = []
    if draw(st.booleans()):
        lines += ["---", f"title: Course - Week {draw(st.integers(0, 20))}", "---"]
    for block in draw(st.lists(BLOCKS, max_size=12)):
        lines += block
    endings = draw(st.sampled_from(["\n", "\r\n", "\r", "mixed"]))
    out = []
    for line in lines:
        ending = draw(st.sampled_from(["\n", "\r\n", "\r"])) if endings == "mixed" else endings
        out.append(line + ending)
    document = "".join(out)
    if draw(st.booleans()):
        document = document.rstrip("\r\n")
    if draw(st.booleans()):
        document = "\ufeff" + document
    return document


@given(documents())
def test_tasks_found_equal_the_reference(document):
    note = parse_note(document, "note.md")
    assert [(t.line, t.done) for t in note.tasks if t.status is None] == reference_tasks(document)


@given(documents())
def test_obsidian_statuses_are_where_the_reference_would_find_a_task(document):
    """`[-]` and `[/]` are read exactly where an open box would make the reference find a task."""
    as_open = document.replace("[-]", "[ ]").replace("[/]", "[ ]")
    assert [t.line for t in parse_note(document, "note.md").tasks] == [line for line, _ in reference_tasks(as_open)]


@given(documents())
def test_done_then_undo_restores_the_bytes(document):
    original = document.encode("utf-8")
    note = parse_note(document, "note.md")
    for task in note.tasks:
        if task.done:  # undo then done: the same single byte, which comes back as a lowercase x
            undone = set_done(document, "note.md", [task], False).encode("utf-8")
            assert _changed(original, undone) == [_byte_offset(document, task.offset)]
            redone = set_done(undone.decode("utf-8"), "note.md", [task], True).encode("utf-8")
            assert _changed(original, redone) in ([], [_byte_offset(document, task.offset)])
            continue
        marked = set_done(document, "note.md", [task], True)
        assert _changed(original, marked.encode("utf-8")) == [_byte_offset(document, task.offset)]
        again = parse_note(marked, "note.md")
        assert [(t.line, t.done) for t in again.tasks] == [
            (t.line, t.done or t.number == task.number) for t in note.tasks
        ]
        if task.status is None:  # undo opens an item: Obsidian's `[-]` or `[/]` comes back as `[ ]`
            assert set_done(marked, "note.md", [again.tasks[task.number - 1]], False).encode("utf-8") == original


def _changed(before: bytes, after: bytes) -> list[int]:
    return [i for i, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]


def _byte_offset(document: str, offset: int) -> int:
    return len(document[:offset].encode("utf-8"))


@given(documents())
def test_generator_reaches_tasks_and_near_misses(document):
    """Keeps the grammar honest: over a run, documents with and without tasks both occur."""
    from hypothesis import event

    event("has tasks" if parse_note(document, "n.md").tasks else "no tasks")


@given(documents())
def test_the_line_scanner_agrees_with_markdown_it_py_or_steps_aside(document):
    """The fast path is exact: whenever the line scanner answers, the note equals the markdown-it-py one."""
    from hypothesis import event

    from notes_cli.linescan import scan
    from notes_cli.parse import split_front_matter

    body = document[split_front_matter(document).body_offset :]
    event("scanner answered" if scan(body) is not None else "scanner gave up")
    assert parse_note(document, "n.md") == parse_note(document, "n.md", fast=False)


INLINE = st.lists(
    st.sampled_from(
        [
            "a",
            "b c",
            " ",
            "\n",
            "*",
            "_",
            "`",
            "[",
            "]",
            "(",
            ")",
            "<",
            ">",
            "&amp;",
            "!",
            "~~",
            "\\",
            "https://x.org/p",
            "[t](u)",
            "[t](https://e.org/a b)",
            "](",
            "javascript:x",
            "é",
            "#",
            ":",
            "  \n",
        ]
    ),
    max_size=12,
).map("".join)


@given(INLINE)
def test_reading_inline_text_directly_equals_parsing_it(content):
    from notes_cli.parse import _inline_text_parsed, inline_text

    assert inline_text(content, {}) == _inline_text_parsed(content, {})


SIMPLE_LINES = st.tuples(
    st.sampled_from(["", " ", "  ", "   ", "    ", "     ", "      ", "        "]),
    st.sampled_from(
        [
            "",
            "- ",
            "* ",
            "+ ",
            "1. ",
            "2. ",
            "1) ",
            "- - ",
            "-  ",
            "-     ",
            "-",
            "1.",
            "# ",
            "## ",
            "### Readings ",
            "```",
            "~~~",
            "---",
            "***",
            "===",
            "- # ",
            "10. ",
        ]
    ),
    st.sampled_from(["", "[ ] ", "[x] ", "[X] ", "[ ]", "[]", "[ x] ", "[ ]  "]),
    st.sampled_from(["", "text", "Exercises", "more words", "[t](https://e.org/x)", "*em*", "`code`", "#", "##"]),
).map("".join)


@given(st.lists(SIMPLE_LINES, max_size=25).map("\n".join))
def test_the_line_scanner_on_the_markdown_it_models(document):
    """Documents made only of what the scanner models (lists, paragraphs, ATX headings, fences, breaks)."""
    from hypothesis import event

    from notes_cli.linescan import scan

    event("scanner answered" if scan(document) is not None else "scanner gave up")
    assert parse_note(document, "n.md") == parse_note(document, "n.md", fast=False)
    assert [(t.line, t.done) for t in parse_note(document, "n.md").tasks] == reference_tasks(document)


@given(st.from_regex(__import__("notes_cli.parse", fromlist=["PLAIN_URL"]).PLAIN_URL, fullmatch=True))
def test_a_plain_url_is_its_own_link_target(url):
    from notes_cli.parse import markdown_parser

    md = markdown_parser()
    assert md.normalizeLinkText(md.normalizeLink(url)) == url


YAML_LINES = st.tuples(
    st.sampled_from(["title", "date", "week", "categories", "course", "no", "yes", "on", "x-y", "1", "_k", "Title"]),
    st.sampled_from([": ", ":", ":  ", " : "]),
    st.sampled_from(
        [
            "Week 3",
            "AGI Safety Fundamentals - Week 0",
            "3",
            "03",
            "3.5",
            "yes",
            "No",
            "null",
            "~",
            "",
            "2024-02-21",
            "2024-02-21 10:00:00 +0000",
            '"quoted"',
            '"a \\" b"',
            "'single'",
            "'it''s'",
            "[a, b]",
            "[]",
            "[1, 2]",
            "[yes]",
            "[AGI Safety Fundamentals]",
            "a: b",
            "#c",
            "a #c",
            "&anchor",
            "*alias",
            "!!str x",
            "-x",
            "- x",
            "{a: b}",
            "1_000",
            "0x1F",
            "1:30",
            ".5",
            "x  ",
            "[a, [b]]",
            "Don't",
            "50%",
            "@me",
            "a,b",
            "é",
        ]
    ),
).map("".join)


@given(st.lists(st.one_of(YAML_LINES, st.sampled_from(["", "# comment", "  indented: x", "- item"])), max_size=8))
def test_simple_front_matter_is_read_as_pyyaml_reads_it(lines):
    import yaml
    from hypothesis import event

    from notes_cli.parse import _simple_yaml, _yaml_loader

    raw = "\n".join(lines) + "\n"
    simple = _simple_yaml(raw)
    event("read directly" if simple is not None else "left to PyYAML")
    if simple is not None:
        assert simple == (yaml.load(raw, Loader=_yaml_loader()) or {})


@given(documents(), st.data())
def test_a_commit_that_only_ticks_boxes_keeps_the_tasks_a_parse_finds(document, data):
    """history.py reads a commit that only ticks or clears boxes without parsing the note again: the
    tasks, and which of them are done, are those a parse of the new text finds."""
    from notes_cli import history

    lines = history._split((document + "\n\n- [x] A ticked reading\n").encode())
    items = history._items(lines, "week.md")
    assume(items)  # (the appended item is no task when the document ends in an open code block)
    line = data.draw(st.sampled_from(sorted(items)))
    column = items[line]
    ticked = lines[line][:column] + data.draw(st.sampled_from([b" ", b"x", b"X"])) + lines[line][column + 1 :]
    assert history._box_flips(history.Version(lines, {}, items), [(line, 1, [lines[line]], [ticked])]) == [
        (line, ticked)
    ]
    after = [*lines[:line], ticked, *lines[line + 1 :]]
    reparsed = history._items(after, "week.md")
    assert reparsed is None or reparsed == items
    assert history._done(after, items) == history._done(after, reparsed)
