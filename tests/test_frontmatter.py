"""Front matter of every kind python-frontmatter reads (YAML, TOML, JSON): what is read from it, where the body
starts, and that edits of the note below it change only the box."""

from __future__ import annotations

import pytest

from notes_cli.frontmatter import split_front_matter

FRONTS = {
    "yaml": "---\ntitle: Cells\nweek: 3\ndate: 2024-03-04\ncourse: Biology\ntags: [a, {b: c}]\n---\n",
    "toml": '+++\ntitle = "Cells"\nweek = 3\ndate = 2024-03-04\ncourse = "Biology"\n[extra]\ntags = ["a"]\n+++\n',
    "json": '{\n  "title": "Cells",\n  "week": 3,\n  "date": "2024-03-04",\n  "course": "Biology",\n'
    '  "tags": ["a", {"b": null}]\n}\n',
}
BODY = "## Readings\n\n- [ ] Paper one\n- [x]\tPaper two"  # a tab after a box, and no final newline


def note_bytes(kind: str, eol: str) -> bytes:
    return ("\ufeff" + FRONTS[kind] + BODY).replace("\n", eol).encode()


@pytest.mark.parametrize("eol", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("kind", sorted(FRONTS))
def test_title_week_date_and_course_come_from_the_front_matter(run, write, tmp_path, kind, eol):
    write("bio/cells.md", note_bytes(kind, eol))
    shown = run("-d", str(tmp_path), "show", "3", "--json")
    assert shown.exit_code == 0, shown.stderr
    data = shown.json()
    assert (data["title"], data["week"], data["date"], data["course"]) == ("Cells", 3, "2024-03-04", "Biology")
    front_lines = FRONTS[kind].count("\n")
    assert [item["line"] for item in data["items"]] == [front_lines + 3, front_lines + 4]
    assert [item["text"] for item in data["items"]] == ["Paper one", "Paper two"]


@pytest.mark.parametrize("eol", ["\n", "\r\n"], ids=["lf", "crlf"])
@pytest.mark.parametrize("kind", sorted(FRONTS))
def test_done_and_undo_below_front_matter_change_only_the_box(run, write, tmp_path, kind, eol):
    original = note_bytes(kind, eol)
    path = write("bio/cells.md", original)
    assert run("-d", str(tmp_path), "done", "3", "1").exit_code == 0
    assert path.read_bytes() == original.replace(b"- [ ] Paper one", b"- [x] Paper one")
    assert run("-d", str(tmp_path), "undo", "3", "1", "2").exit_code == 0
    assert path.read_bytes() == original.replace(b"- [x]\tPaper two", b"- [ ]\tPaper two")


@pytest.mark.parametrize("kind", sorted(FRONTS))
def test_the_body_starts_after_the_closing_line(kind):
    front = split_front_matter(FRONTS[kind] + BODY)
    assert (front.body_line, front.body_offset, front.problems) == (
        FRONTS[kind].count("\n"),
        len(FRONTS[kind]),
        (),
    )
    assert front.data["title"] == "Cells"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('{\n  "title": "Cells",\n  "week": \n}\n', 4, "lines 1-4 look like front matter but are not valid JSON"),
        ('+++\ntitle = "Cells\n+++\n', 2, "lines 1-3 look like front matter but are not valid TOML"),
        ("---\ntitle: [Cells\n---\n", 2, "lines 1-3 look like front matter but are not valid YAML"),
    ],
    ids=["json", "toml", "yaml"],
)
def test_front_matter_that_does_not_load_is_a_problem_naming_its_lines(text, line, words):
    front = split_front_matter(text)
    assert front.data == {} and front.body_line == 3 + (text[0] == "{")
    [(found_line, message)] = front.problems
    assert found_line == line and message.startswith(words), message


@pytest.mark.parametrize(
    "text",
    [
        "{\n- [ ] a\n",  # no closing line: a paragraph
        "{ \n}x\n- [ ] a\n",  # `}x` closes nothing
        "{a: 1}\n- [ ] a\n",  # JSON front matter opens with a line of its own
        "----\ntitle: x\n----\n",  # four dashes are a thematic break, as before
        "{\n\n## Readings\n\n- [ ] r3\n\n}\n",  # braces around Markdown, no JSON key: not front matter
    ],
)
def test_text_that_only_looks_like_an_opening_is_no_front_matter(text):
    front = split_front_matter(text)
    assert (front.data, front.body_line, front.body_offset, front.problems) == ({}, 0, 0, ())


def test_new_goes_on_from_a_week_with_json_front_matter(run, write, tmp_path):
    write(
        "j/week-01.md",
        '{\n  "title": "Json Course - Week 1",\n  "date": "2024-03-02",\n  "week": 1,\n  "course": "Json Course"\n}\n'
        "## Readings\n- [x] r\n",
    )
    result = run("-d", str(tmp_path), "new", "--title", 'Zwei "quoted"', "--date", "2024-03-09")
    assert (result.exit_code, result.stderr) == (0, "")
    assert (tmp_path / "j/week-02.md").read_text() == (
        '{\n  "title": "Zwei \\"quoted\\"",\n  "date": "2024-03-09",\n  "week": 2,\n  "course": "Json Course"\n}\n'
        "\n## Readings\n"
    )
    week = run("-d", str(tmp_path), "show", "2", "--json").json()
    assert (week["title"], week["date"], week["course"]) == ('Zwei "quoted"', "2024-03-09", "Json Course")


def test_what_is_left_to_pyyaml_is_what_it_rejects_or_reads_as_a_line_break_and_the_bom():
    import yaml.reader

    from notes_cli.frontmatter import YAML_SPECIAL

    every = "".join(map(chr, range(0x110000)))
    rejected = set(yaml.reader.Reader.NON_PRINTABLE.findall(every))
    assert set(YAML_SPECIAL.findall(every)) == rejected | {"\x85", "\u2028", "\u2029", "\ufeff"}
