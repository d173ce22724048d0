"""The linter's blocks (empty items, paragraphs, links and images) come from the same two producers as the
reader's: pulldown-cmark's reading (`linescan.scan_lint`), where it answers, equals markdown-it-py's. The
documents here (links, tables, underlines and tabs in every container) check the reader's blocks too."""

from __future__ import annotations

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from notes_cli.blocks import EmptyItemBlock, LinkBlock, ParagraphBlock, markdown_it_blocks, markdown_it_lint_blocks
from notes_cli.linescan import scan, scan_lint

PIECES = st.sampled_from(
    [
        "[a](u)", "![i](s)", "![a [b](c)](d)", "<http://x.y/z>", "<a@b.c>", "[r]", "[r][]", "[x](javascript:a)",
        "[e]()", "[s](<a b>)", "[p](%41)", "[q](http://Ü.de)", "text", "*em [l](v)*", "`code [l](v)`", "~~s~~",
        "<b>", "[ ]", "[x]", "[]", "- [ ]", "http://bare.x/(a)", "\\", "  ", '[l](v "t")', "[[n](m)](o)",
        "\t", "\t#", " #", "#\t", "]\t", "x\t",
    ]
)  # fmt: skip
STARTS = st.sampled_from(
    ["", "- ", "* ", "1. ", "> ", "> - ", "  - ", "    ", "# ", "## ", "| ", "-", "\t", "1) ", "- - ", ">"]
)
ENDS = st.sampled_from(["", "\n", "\n\n", "\n===\n", "\n---\n", "\n|---|---|\n", "\n```\n", " |"])
LINES = st.tuples(STARTS, st.lists(PIECES, max_size=3).map(" ".join), ENDS).map("".join)
DOCUMENTS = st.tuples(
    st.lists(LINES, min_size=1, max_size=8).map("".join), st.sampled_from(["", "\n[r]: http://ref.x\n"])
).map("".join)
# Items after every mix of spaces and tabs, before and after their markers.
SPACES = st.sampled_from(["", " ", "\t", "  ", " \t", "\t ", "\t\t", "   ", "  \t"])
ITEM_LINES = st.tuples(
    st.sampled_from(["", " ", "  ", "\t", "> ", "   "]),
    st.sampled_from(["-", "*", "1.", "2)", ""]),
    SPACES,
    st.sampled_from(["[ ] x", "[x] y [l](u)", "foo", "# h", "", "[ ]"]),
    st.sampled_from(["\n", "\n\n", "\n  cont\n", "\n\tcont\n"]),
).map("".join)
ITEMS = st.lists(ITEM_LINES, min_size=1, max_size=4).map("".join)


def typed(blocks: list) -> list[tuple[type, tuple]]:
    return [(type(b), b) for b in blocks]


def assert_both_readings_agree(document: str) -> None:
    fast = scan(document)
    if fast is not None:
        assert typed(fast) == typed(markdown_it_blocks(document))
    lint = scan_lint(document)
    event("pulldown-cmark answered the linter" if lint is not None else "linter left to markdown-it-py")
    if lint is not None:
        assert typed(lint) == typed(markdown_it_lint_blocks(document))


@given(DOCUMENTS)
def test_the_fast_linter_blocks_equal_markdown_it_py_or_step_aside(document):
    assert_both_readings_agree(document)


@given(ITEMS)
def test_the_fast_readings_of_items_after_spaces_and_tabs_equal_markdown_it_py(document):
    assert_both_readings_agree(document)


def test_a_note_of_every_kind_of_link_is_read_by_both():
    document = (
        "# T [h](a)\n\n- [ ] x [l](b)\n-\n\npara ![i](c)\nnext <d@e.f>\n\n| h | [t](g) |\n|---|---|\n| [u](h) | 2 |\n"
    )
    expected = [
        LinkBlock(0, 0, "a"),
        ParagraphBlock(2, 2),
        LinkBlock(2, 2, "b"),
        EmptyItemBlock(3),
        ParagraphBlock(5, 6),
        LinkBlock(5, 6, "c"),
        LinkBlock(5, 6, "mailto:d@e.f"),
        LinkBlock(8, 8, "g"),
        LinkBlock(10, 10, "h"),
    ]
    assert markdown_it_lint_blocks(document) == expected
    assert scan_lint(document) == expected


@pytest.mark.parametrize(
    "document",
    [
        "[x](javascript:alert(1))\n",  # markdown-it-py makes no link of it
        "![a [b](c)](d)\n",  # markdown-it-py reports the image only
        "- a\n  | h |\n  |---|\n",  # a table in a list item
        "- a\n---\n",  # an underline, or a rule, right under an item's line
        "-\t\ttext\n",  # a tab after a list marker, reaching 5 columns
        "| a |\n|---|\n\t[l](u)\n",  # a table row indented 4 columns: indented code to markdown-it-py
    ],
)
def test_what_the_two_may_read_differently_is_left_to_markdown_it_py(document):
    assert scan_lint(document) is None
