"""The definitions of the core contract: what a task, a section, a week, a course and a date are."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath

import pytest
from hypothesis import given
from hypothesis import strategies as st

from notes_cli.frontmatter import split_front_matter
from notes_cli.model import Section
from notes_cli.parse import parse_note

from .conftest import FIXTURES, VOCABULARY
from .reference import reference_tasks


def tasks(text: str) -> list[tuple[int, bool, str]]:
    return [(t.line, t.done, t.text) for t in parse_note(text, "note.md", None, VOCABULARY).tasks]


# ---- Task items -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "markdown",
    [
        "- [ ] dash",
        "* [ ] star",
        "+ [ ] plus",
        "1. [ ] ordered with dot",
        "1) [ ] ordered with paren",
        "10. [ ] two-digit number",
        "> - [ ] in a block quote",
        "> > * [ ] in a nested block quote",
        "- parent\n  - [ ] nested child",
        "- a\n  - b\n    - c\n      - [ ] four deep",
        "-\t[ ] tab after the bullet",
        "- [ ]\ttab after the box",
        "   - [ ] indented three spaces",
    ],
)
def test_list_items_of_every_kind_are_tasks(markdown):
    found = tasks(markdown + "\n")
    assert len(found) == 1
    assert found[0][0] == markdown.count("\n") + 1
    assert reference_tasks(markdown + "\n") == [(found[0][0], False)]


@pytest.mark.parametrize(
    "markdown",
    [
        "- [ ]",
        "- [ ]   ",
        "- []  not a box",
        "- [ x] not a box",
        "- [  ] not a box",
        "-[ ] no space after the bullet",
        "[ ] not in a list",
        "```\n- [ ] in a fenced block\n```",
        "~~~md\n- [x] in a tilde fence\n~~~",
        "    - [ ] indented code",
        "<div>\n- [ ] in an HTML block\n</div>",
        "- text first [ ] box later",
        "**  [X] bold marker is no bullet",
    ],
)
def test_near_misses_and_code_are_not_tasks(markdown):
    assert tasks(markdown + "\n") == []
    assert reference_tasks(markdown + "\n") == []


def test_upper_and_lower_x_are_done_space_is_not():
    assert [done for _, done, _ in tasks("- [x] a\n- [X] b\n- [ ] c\n")] == [True, True, False]


def test_unclosed_fence_swallows_the_rest_of_the_file():
    assert tasks("- [ ] before\n```markdown\n- [ ] inside\n") == [(1, False, "before")]


def test_only_the_first_paragraph_of_an_item_starts_a_task():
    text = "- first paragraph\n\n  [ ] second paragraph\n"
    assert tasks(text) == [] == reference_tasks(text)


def test_box_on_the_line_after_an_empty_bullet_start():
    text = "-\n  [ ] on the next line\n"
    assert tasks(text) == [(2, False, "on the next line")]
    assert reference_tasks(text) == [(2, False)]


def test_loose_lists_and_numbers_at_file_lines():
    text = "# T\n\n- [X] one\n\n- [ ] two\n\n\n- [x] three\n"
    assert [(line, done) for line, done, _ in tasks(text)] == [(3, True), (5, False), (8, True)]


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_numbers_count_every_kind_of_line_break(newline):
    text = newline.join(["---", "title: x", "---", "", "- [ ] a", "- [x] b", ""])
    assert [line for line, _, _ in tasks(text)] == [5, 6]


def test_form_feed_and_line_separator_do_not_start_lines():
    text = "para\x0cgraph\u2028still\n- [ ] a\n"
    assert tasks(text)[0][0] == 2


# ---- Sections -------------------------------------------------------------------------------------


def sections(text: str) -> list[Section]:
    return [t.section for t in parse_note(text, "note.md", None, VOCABULARY).tasks]


def test_tasks_take_the_section_of_the_nearest_classifying_heading():
    text = (
        "# Week 2 - Exercises\n"
        "## Identifying uncertainties\n- [ ] a\n"
        "# Readings\n- [ ] b\n### Optional\n- [ ] c\n"
        "## Homework\n- [ ] d\n"
        "# Notes\n- [ ] e\n"
    )
    assert sections(text) == [Section.EXERCISES, Section.READINGS, Section.READINGS, Section.EXERCISES, Section.OTHER]


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("Readings", Section.READINGS),
        ("Required reading", Section.READINGS),
        ("READING LIST", Section.READINGS),
        ("Reading (due this week; prepares Week 3)", Section.READINGS),
        ("Exercise", Section.EXERCISES),
        ("Assignments", Section.EXERCISES),
        ("Homework 3", Section.EXERCISES),
        ("Problem Sets", Section.EXERCISES),
        ("pset", Section.EXERCISES),
        ("Proofreading", Section.OTHER),
        ("Exercised", Section.OTHER),
        ("Psets-ish", Section.EXERCISES),
        ("Todo", Section.OTHER),
        ("Readings and exercises", Section.READINGS),
        ("Exercises and further reading", Section.EXERCISES),
    ],
)
def test_heading_words_match_whole_words_in_any_case(heading, section):
    assert sections(f"## {heading}\n- [ ] item\n") == [section]


def test_setext_headings_and_headings_in_block_quotes_count():
    assert sections("Readings\n========\n- [ ] a\n") == [Section.READINGS]


def test_task_heading_is_the_nearest_heading_text():
    note = parse_note("## Exercises\n### *Identifying* `uncertainties`\n- [ ] a\n- [ ] b\n", "n.md", None, VOCABULARY)
    assert note.tasks[0].heading == "Identifying `uncertainties`"
    assert parse_note("- [ ] top\n", "n.md", None, VOCABULARY).tasks[0].heading is None


# ---- Item text and links --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("item", "text", "url"),
    [
        ("[Title](https://a.example/x)", "Title", "https://a.example/x"),
        ("[[1hr Talk] Intro](https://y.example)", "[1hr Talk] Intro", "https://y.example"),
        (
            "[Compute]([link-to-reading-2](https://epochai.org/blog/compute-trends))",
            "Compute",
            "[link-to-reading-2](https://epochai.org/blog/compute-trends)",
        ),
        ("[Title of Reading 3](link-to-reading-3)", "Title of Reading 3", "link-to-reading-3"),
        ("<https://auto.example/link>", "https://auto.example/link", "https://auto.example/link"),
        ("`Review` https://github.com/x/y.", "`Review` https://github.com/x/y.", "https://github.com/x/y"),
        ("[Book] [AIQ](https://aiq.example)", "[Book] AIQ", "https://aiq.example"),
        ("**bold** and _em_ and ~~gone~~", "bold and em and gone", None),
        ("Week 1 [x](https://例子.example/路径)<br>", "Week 1 x", "https://例子.example/路径"),
        ("Aufgabe 1 – Verantwortlich: <Name>", "Aufgabe 1 – Verantwortlich: <Name>", None),
        ("Tom &amp; Jerry \\*not em\\*", "Tom & Jerry *not em*", None),
        ("![diagram](img.png) read it", "diagram read it", None),
        ("[mail me](mailto:me@example.org)", "mail me", "mailto:me@example.org"),
    ],
)
def test_item_text_is_readable_and_url_is_the_first_link(item, text, url):
    task = parse_note(f"- [ ] {item}\n", "n.md", None, VOCABULARY).tasks[0]
    assert (task.text, task.url) == (text, url)


def test_multi_line_item_text_is_joined():
    task = parse_note("- [ ] first line\n  second line\n  - nested is not text\n", "n.md", None, VOCABULARY).tasks[0]
    assert task.text == "first line second line"


# ---- Front matter, week, course, date -------------------------------------------------------------


def meta(text: str, path: str = "notes/note.md"):
    note = parse_note(text, path, PurePath("/vault") / path, VOCABULARY)
    return note


def test_seed_like_front_matter():
    note = meta(
        "---\nlayout: post\ntitle: AGI Safety Fundamentals - Week 0\ndate: 2024-02-21\n"
        "categories: [AGI Safety Fundamentals]\n---\n",
        "_posts/2024-02-21-x.md",
    )
    assert (note.title, note.week, note.course, note.date) == (
        "AGI Safety Fundamentals - Week 0",
        0,
        "AGI Safety Fundamentals",
        dt.date(2024, 2, 21),
    )
    assert note.problems == ()


@pytest.mark.parametrize(
    ("front", "path", "week"),
    [
        ("week: 7\ntitle: Week 3", "week-2.md", 7),
        ("week: '7'\ntitle: Week 3", "week-2.md", 3),
        ("week: true\n", "week-2.md", 2),
        ("title: Week 1 recap of week 3", "x.md", 3),
        ("title: Intro", "notes-week_4.md", 4),
        ("title: Intro", "WEEK05.md", 5),
        ("title: Intro", "week 6.md", 6),
        ("title: Intro", "week-08/index.md", 8),
        ("title: Intro", "midweek-review.md", None),
        ("title: Intro", "weekly.md", None),
        ("title: Intro", "intro.md", None),
    ],
)
def test_week_number_precedence(front, path, week):
    assert meta(f"---\n{front}\n---\n", path).week == week


@pytest.mark.parametrize(
    ("front", "path", "course"),
    [
        ("course: ML\ncategories: [Other]\ntitle: AI - Week 1", "c/x.md", "ML"),
        ("categories: [First, Second]\ntitle: AI - Week 1", "c/x.md", "First"),
        ("categories: Deep Learning\n", "c/x.md", "Deep Learning"),
        ("title: Intro to AI – Week 1", "c/x.md", "Intro to AI"),
        ("title: Intro to AI", "course-folder/_posts/x.md", "course-folder"),
        ("title: Intro", "cloud/week-01/index.md", "cloud"),
        ("categories: []\n", "algo/x.md", "algo"),
    ],
)
def test_course_precedence(front, path, course):
    assert meta(f"---\n{front}\n---\n", path).course == course


def test_week_note_needs_a_week_number_or_a_week_section():
    assert meta("# Blog post\n- [ ] todo\n", "blog.md").is_week is False
    assert meta("## Reading list\n", "blog.md").is_week is True
    assert meta("plain\n", "week3.md").is_week is True


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("2024-02-21", dt.date(2024, 2, 21)),
        ("2024-02-21 10:30:00 +0000", dt.date(2024, 2, 21)),
        ("2024-02-21T10:30:00Z", dt.date(2024, 2, 21)),
        ("'2024-03-01'", dt.date(2024, 3, 1)),
    ],
)
def test_dates_are_days(value, date):
    assert meta(f"---\ndate: {value}\n---\n").date == date


@pytest.mark.parametrize("value", ["YYYY-MM-DD HH:MM:SS +0000", "2024-02-30", "'tomorrow'", "[2024]"])
def test_invalid_dates_are_null_with_a_problem(value):
    note = meta(f"---\ndate: {value}\n---\n")
    assert note.date is None
    assert any("date" in p.message for p in note.problems)


def test_jekyll_file_name_gives_the_date_when_front_matter_has_none():
    assert meta("---\ntitle: x\n---\n", "_posts/2024-03-06-week-2.md").date == dt.date(2024, 3, 6)
    assert meta("---\ntitle: x\n---\n", "_posts/2024-13-06-week-2.md").date is None


def test_invalid_yaml_is_a_problem_with_a_line_and_the_body_still_counts():
    note = meta("---\ntitle: ok\ndate: [unclosed\n---\n## Readings\n- [ ] a\n", "week-1.md")
    assert len(note.problems) == 1
    assert note.problems[0].line in (3, 4)
    assert "lines 1-4 look like front matter but are not valid YAML" in note.problems[0].message
    assert (note.week, len(note.tasks), note.tasks[0].line) == (1, 1, 6)


@pytest.mark.parametrize(
    "front",
    [
        "!!python/object/apply:os.system ['echo hi']",
        "- a list\n- not a mapping",
        "title: [a, list]\nweek: {a: 1}",
        "no: 1\n1: yes\ntitle: Week 2",
        "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\ntitle: *c",
    ],
)
def test_odd_yaml_never_raises(front):
    note = meta(f"---\n{front}\n---\n- [ ] a\n")
    assert isinstance(note.title, str)
    assert len(note.tasks) == 1


def test_bom_before_front_matter_and_dots_closing_it():
    note = meta("\ufeff---\ntitle: Week 4\n...\n- [ ] a\n")
    assert (note.week, note.tasks[0].line, note.tasks[0].offset) == (4, 4, 1 + len("---\ntitle: Week 4\n...\n- ["))


def test_a_thematic_break_without_closing_fence_is_not_front_matter():
    note = meta("---\n- [ ] a\n")
    assert note.tasks[0].line == 2 and note.title == "note"


def test_toml_front_matter():
    note = meta('+++\ntitle = "Week 02"\ndate = 2025-09-20\n[taxonomies]\ntags = ["cloud"]\n+++\n- [ ] a\n')
    assert (note.title, note.week, note.date, note.tasks[0].line) == ("Week 02", 2, dt.date(2025, 9, 20), 7)


def test_title_falls_back_to_the_leading_h1_then_the_file_name():
    assert meta("\n# One *big* title\n## two\n", "x/my-note.md").title == "One big title"
    assert meta("## two\n# Info\n", "x/my-note.md").title == "my-note"  # an H1 deep in the note is no title
    assert meta("text\n\n# Info\n", "x/my-note.md").title == "my-note"
    assert meta("text\n", "x/README.md").title == "x"  # an index file takes its folder's name
    assert meta("text\n", "x/_index.md").title == "x"


def test_split_front_matter_offsets():
    front = split_front_matter("---\r\na: 1\r\n---\r\nbody")
    assert (front.data, front.body_line, front.body_offset) == ({"a": 1}, 3, len("---\r\na: 1\r\n---\r\n"))


# ---- Golden notes ---------------------------------------------------------------------------------

NOTES = FIXTURES / "notes"


@pytest.mark.parametrize("name", sorted(p.name for p in NOTES.glob("*.md")))
def test_golden_notes(run, golden, name):
    """Each note under tests/fixtures/notes has the `show --json` output beside it (NOTES_UPDATE_GOLDEN=1)."""
    result = run("-d", str(NOTES), "show", name, "--json")
    assert (result.exit_code, result.stderr) == (0, "")
    golden(NOTES / (name.removesuffix(".md") + ".json"), result.stdout)
    assert [(i["line"], i["done"]) for i in result.json()["items"]] == reference_tasks(
        (NOTES / name).read_bytes().decode("utf-8")
    )


def test_a_note_without_section_or_week_words_is_skipped_unparsed():
    """The cheap test before parsing looks for each section phrase's telltale word ("read" of "to read"), not its
    first word: "to" or "à" is in nearly every note, and would have every note parsed."""
    from notes_cli.parse import might_be_week, might_be_week_ascii

    text = "# Groceries\n\nWhat to buy on the way to the station, à la carte.\n"
    assert not might_be_week_ascii(text.encode("utf-8").replace("à".encode(), b"a"), "groceries", "misc", VOCABULARY)
    assert not might_be_week(text, PurePath("misc/groceries.md"), VOCABULARY)
    assert might_be_week(text + "\n## To read\n", PurePath("misc/groceries.md"), VOCABULARY)


@given(
    st.lists(
        st.sampled_from(
            ["- [ ] ", "- [x] ", "- [X] ", "- [/] ", "- [-] ", "* ", "Estimate ", "the FLOP", "[", "]", "\n"]
        ),
        max_size=8,
    ).map("".join)
)
def test_the_quick_test_of_bytes_answers_as_the_one_of_text(text):
    """The quick test before parsing answers alike for a note's bytes (ASCII, no front matter) and its text:
    an Obsidian status box alone (`- [/] Estimate the FLOP`) once made an ASCII note skipped and its copy with
    one accented letter listed."""
    from notes_cli.parse import might_be_week, might_be_week_ascii

    assert might_be_week_ascii(text.encode(), "plan", "misc", VOCABULARY) == might_be_week(
        text, PurePath("misc/plan.md"), VOCABULARY
    )


def test_a_section_carries_its_key_label_and_noun():
    """What the renderers and reports print for a section comes from `Section` alone."""
    assert [(s.value, s.label, s.noun) for s in Section] == [
        ("readings", "Readings", "reading"),
        ("exercises", "Exercises", "exercise"),
        ("other", "Other", "item"),
    ]
    assert Section("readings") is Section.READINGS and str(Section.OTHER) == "other"
