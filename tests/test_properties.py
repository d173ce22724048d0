"""Properties over generated Markdown: the task finder agrees with markdown-it-py's tasklists rule, and
`done` then `undo` gives back the original bytes, changing exactly one byte on the way."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st

from notes_cli.edit import set_done
from notes_cli.parse import parse_note

from .conftest import VOCABULARY
from .reference import reference_tasks
from .strategies import BULLETS, documents, text


@given(documents())
def test_tasks_found_equal_the_reference(document):
    note = parse_note(document, "note.md", None, VOCABULARY)
    assert [(t.line, t.done) for t in note.tasks if t.status is None] == reference_tasks(document)


@given(documents())
def test_obsidian_statuses_are_where_the_reference_would_find_a_task(document):
    """`[-]` and `[/]` are read exactly where an open box would make the reference find a task."""
    as_open = document.replace("[-]", "[ ]").replace("[/]", "[ ]")
    assert [t.line for t in parse_note(document, "note.md", None, VOCABULARY).tasks] == [
        line for line, _ in reference_tasks(as_open)
    ]


@given(documents())
def test_done_then_undo_restores_the_bytes(document):
    original = document.encode("utf-8")
    note = parse_note(document, "note.md", None, VOCABULARY)
    for task in note.tasks:
        if task.done:  # undo then done: the same single byte, which comes back as a lowercase x
            undone = set_done(document, "note.md", [task], False).encode("utf-8")
            assert _changed(original, undone) == [_byte_offset(document, task.offset)]
            redone = set_done(undone.decode("utf-8"), "note.md", [task], True).encode("utf-8")
            assert _changed(original, redone) in ([], [_byte_offset(document, task.offset)])
            continue
        marked = set_done(document, "note.md", [task], True)
        assert _changed(original, marked.encode("utf-8")) == [_byte_offset(document, task.offset)]
        again = parse_note(marked, "note.md", None, VOCABULARY)
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

    event("has tasks" if parse_note(document, "n.md", None, VOCABULARY).tasks else "no tasks")


@given(documents())
def test_the_fast_reading_agrees_with_markdown_it_py_or_steps_aside(document):
    """The fast path is exact: whenever pulldown-cmark's reading is taken, the note equals the markdown-it-py one."""
    _assert_fast_equals_markdown_it_py(document)


def _assert_fast_equals_markdown_it_py(document: str) -> None:
    """The two block producers: pulldown-cmark's blocks (the reader's and the linter's), where it answers, are
    markdown-it-py's (types too)."""
    from hypothesis import event

    from notes_cli.blocks import markdown_it_blocks, markdown_it_lint_blocks
    from notes_cli.frontmatter import split_front_matter
    from notes_cli.linescan import scan, scan_lint

    body = document[split_front_matter(document).body_offset :]
    fast = scan(body)
    event("pulldown-cmark answered" if fast is not None else "left to markdown-it-py")
    if fast is not None:
        assert [(type(b), b) for b in fast] == [(type(b), b) for b in markdown_it_blocks(body)]
    lint = scan_lint(body)
    event("pulldown-cmark answered the linter" if lint is not None else "linter left to markdown-it-py")
    if lint is not None:
        assert [(type(b), b) for b in lint] == [(type(b), b) for b in markdown_it_lint_blocks(body)]


# Issue 9's classes: containers inside list items at every indentation, Unicode whitespace around markers and
# boxes, reference definitions inside lists, lazy lines, empty items; Obsidian statuses; links of every shape.
UNICODE_SPACES = st.sampled_from(
    [" ", "  ", "\t", " \u00a0", "\u00a0", "\u3000", " \u3000", "\u2003", " \u200b", "\u2028 "]
)
ANY_INDENT = st.integers(0, 9).map(lambda n: " " * n)
ANY_BOX = st.sampled_from(["[ ] ", "[x] ", "[X] ", "[ ]\t", "[]", "[ x] ", "[ ]", "", "[-] ", "[/] ", "[-]", "[/]\t"])
LINK_TEXTS = st.sampled_from(
    [
        "[Vaswani et al. \\[2017\\]][ref]",
        "[two\nlines][ref]",
        "[ref]",
        "[ref][]",
        "[t](https://en.wikipedia.org/wiki/Transformer_(deep_learning_architecture))",
        "https://en.wikipedia.org/wiki/Transformer_(deep_learning_architecture)",
        "(see https://x.org/a_(b)).",
        "see https://x.org/a. or `https://x.org/code`",
        "https://x.org/*em*",
        "<https://x.org/b> <HTTPS://X.ORG/%41> <https://xn--bcher-kva.ch>",
        "[a [b] c](https://x.org/n)",
        "[[1hr Talk] Intro](https://y.org)",
        "[T]([link-to-reading-2](https://e.org/c))",
        "[e]() https://x.org/after",
        "[j](javascript:alert(1)) <javascript:x>",
        "~strike~ and ~~strike~~ ~~~three~~~",
        "<br> and <b>b</b>",
        "&amp; &#35; \\* &nbsp;",
        "![img](i.png) ![*alt* `c`](i.png) ![[l](u)](i.png) text",
        "x@y.org <x@y.org>",
        "`code` *em* __strong__",
        "[Ünï](https://x.org/é) ü",
    ]
)


def _item(indent: str, bullet: str, space: str, box: str, words: str) -> str:
    return f"{indent}{bullet}{space}{box}{words}"


@st.composite
def nested_documents(draw) -> str:
    lines: list[str] = []
    if draw(st.booleans()):
        lines += draw(
            st.sampled_from([["---", "title: Bio - Week 3", "---"], ["---", "title: x"], ["+++", 'title = "x"', "+++"]])
        )
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 11))
        indent, bullet, box, space, words = (
            draw(ANY_INDENT),
            draw(BULLETS),
            draw(ANY_BOX),
            draw(UNICODE_SPACES),
            draw(text()),
        )
        if kind == 0:  # a block quote holding a task inside an item, at any indentation; lazy lines after it
            quote = draw(ANY_INDENT)
            lines += [f"- Part {words}", _item(draw(ANY_INDENT), bullet, " ", box, words)]
            lines += [f"{quote}> {_item('', draw(BULLETS), draw(UNICODE_SPACES), draw(ANY_BOX), 'Quoted')}"]
            if draw(st.booleans()):
                lines += ["lazy continuation " + words]
            if draw(st.booleans()):
                lines += [f"{quote}> more", _item(quote, bullet, " ", draw(ANY_BOX), "after")]
        elif kind == 1:  # an HTML block inside an item, at any indentation
            opener, closer = draw(
                st.sampled_from(
                    [("<!--", "-->"), ("<div>", "</div>"), ("<details>", "</details>"), ("<br>", ""), ("<p>", "</p>")]
                )
            )
            html = draw(ANY_INDENT)
            lines += [
                _item("", "-", " ", draw(ANY_BOX), "Part"),
                _item("  ", bullet, " ", box, "Read 1.1"),
                html + opener,
            ]
            lines += [_item(html, bullet, " ", draw(ANY_BOX), "Read 1.2")] + ([html + closer] if closer else [])
            lines += [*draw(st.sampled_from([[], [""]])), _item("  ", bullet, " ", draw(ANY_BOX), "Read 1.3")]
        elif kind == 2:  # Unicode whitespace before the marker, between marker and box, after the box
            lines += [f"{indent}{draw(UNICODE_SPACES).strip(' ')}{bullet}{space}{box}{words}"]
            lines += [f"{indent}{bullet} {box.rstrip()}{draw(UNICODE_SPACES)}{words or 'x'}"]
        elif kind == 3:  # reference definitions inside lists, and references used by tasks
            lines += [f"{indent}- [a\\]b]: /url", f"{indent}  {box}task {words}"]
            lines += [_item(indent, "-", " ", draw(ANY_BOX), draw(LINK_TEXTS)), ""]
            lines += [f"{draw(ANY_INDENT)}[ref]: https://ref.org/{words.replace(' ', '')}"]
            lines += draw(st.sampled_from([[], ["[two lines]: <https://two.org>"], ["  - [ ] after"], ["[Ünï]: /u"]]))
        elif kind == 4:  # lazy continuation lines in quotes
            lines += [f"> {bullet} {box}{words}", words or "lazy", f"> {bullet} {draw(ANY_BOX)}x"]
            lines += [draw(st.sampled_from(["", ">", "> ", "- [ ] after"]))]
        elif kind == 5:  # empty items, and what may follow them
            lines += [
                draw(
                    st.sampled_from(
                        ["- [ ]", "- [ ] ", "- [x]", "- [ ]\t", "- [ ]\u00a0", "* [X]  ", "1. [ ]", "- [-]", "-"]
                    )
                )
            ]
            lines += draw(
                st.sampled_from(
                    [
                        *([], ["  continued"], [""], ["- [ ] next"], ["lazy"], ["  - [ ] nested"], ["", "  - [ ] in"]),
                        *(["```a`"], ["```", "x", "```"], ["~~~a`", "~~~"], ["# h"], ["#h"], ["2. [ ] two"], ["***"]),
                    ]
                )
            )
        elif kind == 6:  # fenced code inside items at any indentation
            fence = draw(st.sampled_from(["```", "~~~"]))
            lines += [
                _item("", bullet, " ", box, words),
                indent + fence,
                _item(indent, "-", " ", draw(ANY_BOX), "in code"),
                indent + fence,
            ]
        elif kind == 7:  # tables inside and after items and paragraphs, and what may end them
            lines += draw(st.sampled_from([[_item(indent, bullet, " ", box, words)], ["text"], []]))
            lines += draw(
                st.sampled_from([[f"{indent}| a | b |", f"{indent}|---|---|"], [f"{indent}a | b", f"{indent}-|:-:"]])
            )
            lines += draw(st.sampled_from([[], [f"{indent}| - [ ] c | d |"], [f"{indent}| c |"], [f"{indent}c"]]))
            after = draw(st.sampled_from(["# h", "```", "<div>", "> q", "    code", "", "lazy"]))
            lines += [after, _item(indent, bullet, " ", draw(ANY_BOX), "after")]
        elif kind == 8:  # headings (ATX, setext) in and around items
            lines += [
                draw(
                    st.sampled_from(
                        ["# H", "## Readings #", "### Exercises ###", "Title\n===", "Sub\n---", "#NoSpace", "  ## In"]
                    )
                )
            ]
            lines += [_item(indent, bullet, " ", box, words)]
            lines += draw(
                st.sampled_from([[], [f"{' ' * (len(indent) + 2)}# heading in item", "---"], ["  -", "  ==="]])
            )
        elif kind == 9:  # links and inline Markdown of every shape in task text
            lines += [_item(indent, bullet, " ", box, draw(LINK_TEXTS))]
        elif kind == 10:  # deep nesting
            depth = draw(st.integers(1, 12))
            lines += [_item("  " * level, "-", " ", draw(ANY_BOX), f"level {level}") for level in range(depth)]
        else:  # a plain task list
            count = draw(st.integers(1, 3))
            lines += [_item(draw(ANY_INDENT), draw(BULLETS), " ", draw(ANY_BOX), draw(text())) for _ in range(count)]
        lines += draw(st.sampled_from([[], [], [""]]))
    ending = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return ending.join("\n".join(lines).split("\n")) + draw(st.sampled_from(["", ending]))


@given(nested_documents())
def test_the_fast_reading_agrees_with_markdown_it_py_in_nested_containers(document):
    """Issue 9's classes: the fast path equals markdown-it-py, and the tasks (but Obsidian statuses, which the
    tasklists rule does not know) are the reference's."""
    _assert_fast_equals_markdown_it_py(document)
    tasks = [
        (t.line, t.done) for t in parse_note(document, "n.md", None, VOCABULARY).tasks if document[t.offset] in " xX"
    ]
    assert tasks == reference_tasks(document)


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
            "https://x.org/a_(b)",
            "<https://x.org/q>",
            "![a](i)",
            "~",
            "&nbsp;",
            "\u00a0",
            "\x00",
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
def test_the_fast_reading_of_inline_text_equals_markdown_it_py(content):
    for document in (f"- [ ] {content}\n", f"# {content}\n", f"- [x] a\n  {content}\n"):
        _assert_fast_equals_markdown_it_py(document)


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
def test_the_fast_reading_of_lists_paragraphs_headings_and_fences(document):
    """Documents made of the commonest blocks (lists, paragraphs, ATX headings, fences, breaks)."""
    _assert_fast_equals_markdown_it_py(document)
    assert [(t.line, t.done) for t in parse_note(document, "n.md", None, VOCABULARY).tasks] == reference_tasks(document)


# The language of links.PLAIN_URL, built part by part: from_regex over the whole pattern spends most of its time
# on the length look-ahead and the "xn--" exclusions.
LABEL = st.text("abcdefghijklmnopqrstuvwxyz0123456789-", min_size=1, max_size=63).filter(lambda s: s[:4] != "xn--")
URL_PATH = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/._~!$&'*+,;=:@-"
PLAIN_URLS = st.tuples(
    st.sampled_from(["http://", "https://"]),
    st.lists(LABEL, min_size=1, max_size=4).map(".".join),
    st.one_of(st.just(""), st.text(URL_PATH).map("/".__add__)),
    st.one_of(st.just(""), st.tuples(st.sampled_from("?#"), st.text(URL_PATH + "?#")).map("".join)),
).map("".join)


@given(PLAIN_URLS.filter(lambda url: len(url) <= 255))
def test_a_plain_url_is_its_own_link_target(url):
    from notes_cli.blocks import markdown_parser
    from notes_cli.links import PLAIN_URL

    assert PLAIN_URL.fullmatch(url)  # the strategy stays inside the pattern's language
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
    from hypothesis import event

    from notes_cli.frontmatter import load_yaml, simple_yaml

    raw = "\n".join(lines) + "\n"
    simple = simple_yaml(raw)
    event("read directly" if simple is not None else "left to PyYAML")
    if simple is not None:
        assert simple == (load_yaml(raw) or {})


@given(documents(), st.data())
def test_a_commit_that_only_ticks_boxes_keeps_the_tasks_a_parse_finds(document, data):
    """history.py reads a commit that only ticks or clears boxes without parsing the note again: the
    tasks, and which of them are done, are those a parse of the new text finds."""
    from notes_cli import history

    lines = history.split_lines((document + "\n\n- [x] A ticked reading\n").encode())
    items = history.box_columns(lines, "week.md")
    assume(items)  # (the appended item is no task when the document ends in an open code block)
    line = data.draw(st.sampled_from(sorted(items)))
    column = items[line]
    ticked = lines[line][:column] + data.draw(st.sampled_from([b" ", b"x", b"X"])) + lines[line][column + 1 :]
    assert history.box_flips(history.Version(lines, {}, items), [(line, 1, [lines[line]], [ticked])]) == [
        (line, ticked)
    ]
    after = [*lines[:line], ticked, *lines[line + 1 :]]
    reparsed = history.box_columns(after, "week.md")
    assert reparsed is None or reparsed == items
    assert history.done_lines(after, items) == history.done_lines(after, reparsed)
