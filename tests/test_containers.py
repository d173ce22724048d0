"""Issue 9, items 1-4: what is inside list items (quotes, HTML, reference definitions), Unicode whitespace
around a box, reference links and bare URLs are read as markdown-it-py reads them; the commands agree."""

from __future__ import annotations

import pytest

from notes_cli.blocks import TaskBlock, markdown_it_blocks, markdown_it_lint_blocks
from notes_cli.linescan import scan, scan_lint
from notes_cli.parse import parse_note

from .conftest import VOCABULARY
from .reference import reference_tasks


def tasks(document: str) -> list[tuple[int, bool, str, str | None]]:
    """(line, done, text, url) of each task, read the fast way, after checking it equals markdown-it-py's."""
    note = parse_note(document, "n.md", None, VOCABULARY)
    fast = scan(document)
    assert fast is None or [(type(b), b) for b in fast] == [(type(b), b) for b in markdown_it_blocks(document)]
    lint = scan_lint(document)
    assert lint is None or [(type(b), b) for b in lint] == [(type(b), b) for b in markdown_it_lint_blocks(document)]
    assert [(t.line, t.done) for t in note.tasks] == reference_tasks(document)
    return [(t.line, t.done, t.text, t.url) for t in note.tasks]


# ---- 1. A block quote or an HTML block indented 4+ spaces inside a list item ---------------------------

QUOTED = "## Readings\n\n- Part 1\n  - [ ] Read the paper\n    > - [x] Quoted task\n"
COMMENTED = "## Readings\n\n- Part 1\n  - [ ] Read 1.1\n    <!--\n    - [ ] Read 1.2\n    -->\n"


def test_a_quote_inside_a_nested_item_holds_a_task():
    assert tasks(QUOTED) == [(4, False, "Read the paper", None), (5, True, "Quoted task", None)]


@pytest.mark.parametrize("indent", range(9))
def test_quotes_and_html_inside_items_at_every_indentation(indent):
    pad = " " * indent
    for opener, closer in (("<!--", "-->"), ("<div>", "</div>"), ("> quote", "")):
        document = f"- Part\n  - [ ] Read 1.1\n{pad}{opener}\n{pad}- [ ] Read 1.2\n{pad}{closer}\n  - [x] Read 1.3\n"
        tasks(document)  # equal to markdown-it-py and the reference, whatever they say


def test_show_lists_the_quoted_task_and_done_ignores_the_commented_one(run, write, tmp_path):
    write("bio/week-1.md", QUOTED)
    items = run("-d", str(tmp_path), "show", "1", "--json").json()["items"]
    assert [(i["line"], i["text"], i["done"]) for i in items] == [
        (4, "Read the paper", False),
        (5, "Quoted task", True),
    ]

    path = write("bio/week-1.md", COMMENTED)
    assert [i["text"] for i in run("-d", str(tmp_path), "show", "1", "--json").json()["items"]] == ["Read 1.1"]
    result = run("-d", str(tmp_path), "done", "1", "2")
    assert result.exit_code == 1
    assert "there is no item 2" in result.stderr
    assert path.read_text(encoding="utf-8") == COMMENTED


# ---- 2. Unicode whitespace between the bullet and the box ---------------------------------------------


@pytest.mark.parametrize("space", ["\u00a0", "\u3000", "\u2003", "\u202f"])
def test_unicode_space_between_bullet_and_box_makes_a_task(space):
    document = f"- {space}[ ] ch1\n- {space}[x] ch2\n"
    assert tasks(document) == [(1, False, "ch1", None), (2, True, "ch2", None)]
    assert tasks(document + "\n> a quote elsewhere\n") == tasks(document)


def test_a_unicode_space_box_is_ticked_byte_exact(run, write, tmp_path):
    path = write("bio/week-1.md", "## Readings\n\n- \u00a0[ ] ch1\n- \u3000[x] ch2\n")
    assert run("-d", str(tmp_path), "done", "1", "1").exit_code == 0
    assert path.read_text(encoding="utf-8") == "## Readings\n\n- \u00a0[x] ch1\n- \u3000[x] ch2\n"


# ---- 3. Reference links: escaped brackets, labels over two lines, definitions inside items --------------


def test_a_reference_link_with_escaped_brackets_resolves():
    document = "- [ ] [Vaswani et al. \\[2017\\]][ref]\n\n[ref]: https://arxiv.org/abs/1706.03762\n"
    assert tasks(document) == [(1, False, "Vaswani et al. [2017]", "https://arxiv.org/abs/1706.03762")]


def test_a_reference_link_over_two_lines_resolves():
    document = "- [ ] [Attention Is All\n  You Need][two\n  lines]\n\n[two lines]: https://arxiv.org/abs/1706.03762\n"
    assert tasks(document) == [(1, False, "Attention Is All You Need", "https://arxiv.org/abs/1706.03762")]


@pytest.mark.parametrize(
    "definition",
    [
        "[Vaswani et al. \\[2017\\]]: https://arxiv.org/abs/1706.03762",
        "[Vaswani et al.\n\\[2017\\]]: https://arxiv.org/abs/1706.03762",
        "[Vaswani et al. \\[2017\\]]:\n  https://arxiv.org/abs/1706.03762",
    ],
)
def test_a_definition_whose_label_has_escaped_brackets_or_two_lines_resolves(definition):
    document = f"## Readings\n\n- [ ] [Vaswani et al. \\[2017\\]]\n\n{definition}\n"
    assert tasks(document) == [(3, False, "Vaswani et al. [2017]", "https://arxiv.org/abs/1706.03762")]


def test_a_box_after_a_reference_definition_in_an_item_is_a_task():
    assert tasks("- [a\\]b]: /url\n  [ ] task\n") == [(2, False, "task", None)]


# ---- 4. A bare URL keeps its balanced closing parenthesis, as GFM autolinks do -------------------------

WIKI = "https://en.wikipedia.org/wiki/Transformer_(deep_learning_architecture)"


@pytest.mark.parametrize(
    ("text", "url"),
    [
        (WIKI, WIKI),
        (f"Read {WIKI}.", WIKI),
        (f"(see {WIKI})", WIKI),
        (f"(see {WIKI}).", WIKI),
        ("see https://x.org/a)", "https://x.org/a"),
        ("see https://x.org/a_(b)_(c)!", "https://x.org/a_(b)_(c)"),
        ("*https://x.org/(a)*", "https://x.org/(a)"),
    ],
)
def test_a_bare_url_keeps_balanced_parentheses(text, url):
    assert tasks(f"- [ ] {text}\n")[0][3] == url


def test_open_launches_the_whole_wikipedia_url(run, write, tmp_path):
    write("bio/week-1.md", f"## Readings\n\n- [ ] The transformer article {WIKI}\n")
    result = run("-d", str(tmp_path), "open", "1", "1", "--print")
    assert (result.exit_code, result.stdout) == (0, WIKI + "\n")


@pytest.mark.parametrize("heading", ["# a [r]\t", "# a [r]\t#", "# [r]\t# ", "> # a [r] \t", "- # a [r]\t"])
def test_a_tab_at_the_end_of_a_heading_is_read_as_markdown_it_py_reads_it(heading):
    document = heading + "\n\n[r]: http://ref.x\n"
    assert scan(document) is None
    assert [h.text for h in parse_note(document, "n.md", None, VOCABULARY).headings] == [
        b.text for b in markdown_it_blocks(document) if not isinstance(b, TaskBlock)
    ]


@pytest.mark.parametrize(
    "document",
    [
        "| x\n---\n",  # a table to markdown-it-py (a one-column delimiter row), a setext heading to pulldown-cmark
        "# h |\n|---|---|\n",  # a table whose header row is a heading's line
        "-\t\t[ ] x\n",  # an item whose content, after a tab, is indented code to markdown-it-py
        "  - \t[ ] x\n",
    ],
)
def test_what_the_two_parsers_read_apart_is_read_as_markdown_it_py_reads_it(document):
    assert scan(document) is None
    note = parse_note(document, "n.md", None, VOCABULARY)
    reference = markdown_it_blocks(document)
    assert [h.text for h in note.headings] == [b.text for b in reference if not isinstance(b, TaskBlock)]
    assert [t.line for t in note.tasks] == [b.line + 1 for b in reference if isinstance(b, TaskBlock)]


@pytest.mark.parametrize(
    "document",
    [
        "- [ ] <https://@example.com/paper>\n",  # an empty user part: markdown-it-py's text drops the `@`
        "- [ ] Mail <mailto:[x]>\n",
        "# <https://@h>\n- [ ] a\n",
        "- [ ] <ftp://::>\n",
        "- [ ] <http://[::1]:8888/>\n",
        "- [ ] <https://user@example.com/p>\n",
    ],
)
def test_an_autolink_reads_as_markdown_it_py_writes_it(document):
    assert tasks(document)  # `tasks` checks that both readers' blocks agree, where the fast one answers
    fast = scan(document)
    assert fast is None or fast == markdown_it_blocks(document)
