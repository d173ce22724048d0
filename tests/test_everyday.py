"""Everyday use as a new user meets it: titles that tell weeks apart at any width, placeholders, dates given
in words, help and messages that answer without the README."""

from __future__ import annotations

import shutil

import pytest

from notes_cli.cli import app_commands
from notes_cli.parse import Vocabulary, distinct_titles, parse_note

from .conftest import VOCABULARY

BLOG_WEEK = """---
layout: post
title: AI Safety Fundamentals - Alignment Course - Week {n}
date: 2024-01-{day:02d}
categories: [AI Safety Fundamentals]
---

# Week {n} Lecture Notes

{topic}
## Readings

- [x] [A paper](https://example.org/{n})

## Exercises

{exercises}
"""


def blog(write, weeks: dict[int, str], exercises: str = "- [ ] Exercise 1: Summarise it.") -> None:
    """A copy of the seed author's real blog layout: every title is course - subtitle - week."""
    for n, topic in weeks.items():
        text = BLOG_WEEK.format(n=n, day=1 + 7 * n, topic=f"## {topic}\n" if topic else "", exercises=exercises)
        write(f"_posts/2024-01-{1 + 7 * n:02d}-week-{n}.md", text)


def note(title: str, headings: str = "", path: str = "week.md"):
    return parse_note(f"---\ntitle: {title}\n---\n{headings}\n## Readings\n\n- [ ] a\n", path, None, VOCABULARY)


def test_titles_lose_the_course_and_week_they_repeat():
    weeks = [note("AI Safety Fundamentals - Alignment Course - Week 3", path="a.md")]
    assert distinct_titles(weeks, "AI Safety Fundamentals", VOCABULARY) == {"a.md": "Alignment Course"}
    two = [weeks[0], note("AI Safety Fundamentals - Alignment Course - Week 4", "## Interpretability\n", "b.md")]
    # "Alignment Course" is in every week: it tells none apart; week 4's topic heading does.
    found = distinct_titles(two, "AI Safety Fundamentals", VOCABULARY)
    assert found == {"a.md": "", "b.md": "Interpretability"}


@pytest.mark.parametrize(
    ("title", "left"),
    [
        ("Week 1 📅 : Java Fundamentals", "Java Fundamentals"),
        ("(Week 3) Search", "Search"),
        ("Week 2 (review)", "(review)"),
    ],
)
def test_titles_lose_the_separators_around_what_was_taken_out(title, left):
    assert distinct_titles([note(f'"{title}"', path="a.md")], None, VOCABULARY) == {"a.md": left}


def test_titles_use_aliases_and_configured_week_words():
    vocabulary = Vocabulary(week_words=("semana",), courses=(("AGISF", "AGI Safety Fundamentals"),))
    weeks = [note('"AGISF: Semana 2 - Reward hacking"', path="a.md"), note("Goal misgeneralisation", path="b.md")]
    found = distinct_titles(weeks, "AGI Safety Fundamentals", vocabulary)
    assert found == {"a.md": "Reward hacking", "b.md": "Goal misgeneralisation"}


def test_titles_of_weeks_that_are_sections_or_have_several_parts(run, write, tmp_path):
    write("checkpoints/week-01.md", "# Week 01\n\n## Time Spent\n\n- [ ] an hour\n")
    write("notes/week-01-setup.md", "# Week 01: Setup And PyTorch\n\n- [ ] Install it\n")
    plan = "# Study Plan\n\n- [ ] a\n\n## Week 1: Bootstrapping\n\n## Week 2: Tokenization And BPE\n\n- [ ] Read b\n"
    write("plan.md", plan)
    shown = run("-d", str(tmp_path), "weeks").stdout.splitlines()
    titles = [line.strip().split("  ")[1] for line in shown[2:]]
    assert titles == ["Setup And PyTorch", "Tokenization And BPE", "Study Plan"]
    progress = run("-d", str(tmp_path), "progress").stdout
    assert "Setup And PyTorch" in progress and "Tokenization And BPE" in progress


@pytest.mark.parametrize("columns", [80, 40])
def test_real_blog_layout_shows_what_tells_weeks_apart(run, write, tmp_path, columns):
    blog(write, {1: "Reward misspecification", 2: "", 3: "Goal misgeneralisation"})
    result = run("-d", str(tmp_path), "weeks", env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert all(len(line) <= columns for line in lines)
    assert "Alignment Course" not in result.stdout and "…" not in result.stdout
    if columns == 80:
        assert "Reward misspecification" in lines[2] and "Goal misgeneralisation" in lines[4]
        assert lines[3].split()[:2] == ["2", "—"]  # nothing tells week 2 apart: a dash, and its date
    else:
        assert lines[1].split() == ["Week", "Readings", "Exercises", "Progress"]


def test_title_column_goes_when_no_week_has_one(run, write, tmp_path):
    blog(write, {1: "", 2: ""})
    result = run("-d", str(tmp_path), "weeks", env={"COLUMNS": "80"})
    assert result.stdout.splitlines()[1].split() == ["Week", "Date", "Readings", "Exercises", "Progress"]


def test_one_course_has_no_overall_that_repeats_its_all_row(run, write, tmp_path):
    blog(write, {1: "a", 2: "b"})
    one = run("-d", str(tmp_path), "progress").stdout
    assert " All " in one and "Overall" not in one
    write("other/week-1.md", "# Other course\n\n## Readings\n\n- [ ] b\n")
    assert "Overall" in run("-d", str(tmp_path), "progress").stdout


# ---- 2. Placeholders are slots ---------------------------------------------------------------------


def test_placeholders_are_marked_and_come_last(run, write, tmp_path):
    from .conftest import EXAMPLES

    show = run("-d", str(EXAMPLES), "show", "0").stdout
    assert "3 [ ] Title of Reading 3  (placeholder)" in show and "(placeholder)" not in show.split("2 [x]")[0]
    items = run("-d", str(EXAMPLES), "show", "0", "--json").json()["items"]
    assert [i["placeholder"] for i in items] == [False, False, True, True, True, True]
    assert "12 items (4 placeholders to fill in)" in run("-d", str(EXAMPLES), "stats").stdout
    assert run("-d", str(EXAMPLES), "stats", "--json").json()["placeholders"] == 4
    write("week-1.md", "## Readings\n- [ ] []()\n- [ ] [Title of Reading 2](link-to-reading-2)\n- [ ] Real one\n")
    picked = run("-d", str(tmp_path), "next", "--json").json()
    assert [(i["number"], i["placeholder"]) for i in picked] == [(3, False), (1, True), (2, True)]


# ---- 11. An empty or wrong folder --------------------------------------------------------------------


@pytest.mark.parametrize("command", ["weeks", "progress", "next", "stats"])
def test_an_empty_folder_says_where_it_looked_and_how_to_start(run, tmp_path, command):
    result = run("-d", str(tmp_path), command)
    assert result.exit_code == 0
    assert f"No week notes in {tmp_path} (given with --dir)." in result.stdout
    assert "notes new --course NAME" in result.stdout and "everything is done" not in result.stdout
    from_env = run(command, env={"NOTES_DIR": str(tmp_path)})
    assert "(from NOTES_DIR)" in from_env.stdout


def test_a_bad_dir_names_where_it_came_from(run, tmp_path):
    config = tmp_path / "config"
    (config / "notes").mkdir(parents=True)
    (config / "notes" / "config.yaml").write_text(f"dir: {tmp_path / 'gone'}\n")
    result = run("weeks", env={"XDG_CONFIG_HOME": str(config)})
    assert result.exit_code == 2
    assert f"no such folder: {tmp_path / 'gone'} (from `dir` in {config / 'notes' / 'config.yaml'})" in result.stderr


# ---- 12. Refuse first; answers without the README ----------------------------------------------------------


def test_an_export_over_a_note_is_refused_before_any_output(run, examples):
    result = run("-d", str(examples), "progress", "--svg", str(examples / "_posts" / "x.md"))
    assert (result.exit_code, result.stdout) == (2, "")
    assert "refusing to write a report over a Markdown file" in result.stderr


def test_check_lists_its_codes_and_help_needs_no_readme(run):
    from notes_cli.results import Code

    listed = run("check", "--codes")
    assert listed.exit_code == 0
    assert [line.split()[0] for line in listed.stdout.splitlines() if line[:1] == "N"] == list(Code)
    assert {c["code"] for c in run("check", "--codes", "--json").json()} == set(Code)
    assert "README" not in run("check", "--help").stdout and "--codes" in run("check", "--help").stdout


# ---- 16. Hanging indents; links whole --------------------------------------------------------------------


def test_long_links_are_printed_whole_on_their_own_line(run, write, tmp_path):
    url = "https://example.org/" + "a-long-path/" * 6
    write("week-1.md", f"## Readings\n- [ ] [A reading with a long title that wraps]({url})\n")
    for command in (["show", "1"], ["next"]):
        lines = run("-d", str(tmp_path), *command, env={"COLUMNS": "40"}).stdout.splitlines()
        assert any(line.strip() == url for line in lines), lines
        assert all(len(line) <= 40 for line in lines if url not in line)


# ---- 9. Dates in words ---------------------------------------------------------------------------------


def test_date_takes_today_yesterday_and_iso_and_refuses_what_only_looks_like_one(run, examples):
    result = run("-d", str(examples), "done", "3", "1", "--date", "yesterday")
    assert result.exit_code == 0, result.stderr
    assert run("-d", str(examples), "done", "3", "2", "--date", "Today").exit_code == 0
    items = run("-d", str(examples), "show", "3", "--json").json()["items"]
    assert [i["done_on"] for i in items[:2]] == ["2024-03-19", "2024-03-20"]
    wrongs = [("2024-02-30", "is not a date: there is no such day"), ("20/03/2024", "is not a date")]
    for wrong, message in [*wrongs, ("tomorrow", "is not a date")]:
        refused = run("-d", str(examples), "undo", "3", "1", "--date", wrong)
        assert refused.exit_code == 2 and f"--date {wrong} {message}" in refused.stderr
    assert "2024-03-19" in run("-d", str(examples), "new", "--date", "yesterday", "--dry-run").stdout


def test_add_says_when_the_text_is_empty(run, examples):
    before = (examples / "_posts/2024-03-13-agi-safety-fundamentals-week-3.md").read_bytes()
    result = run("-d", str(examples), "add", "3", "reading", "  ")
    assert result.exit_code == 2 and "the item's text is empty" in result.stderr
    assert (examples / "_posts/2024-03-13-agi-safety-fundamentals-week-3.md").read_bytes() == before


# ---- 10. Help as the README writes it; plurals ------------------------------------------------------------


@pytest.mark.parametrize("command", sorted(app_commands()))
def test_help_writes_metavars_as_the_readme_does(run, command):
    text = run(command, "--help").stdout
    assert not any(mark in text for mark in ("{", "<int", "<str>", "<int range>")), text


def test_usage_lines_name_the_arguments_plainly(run):
    assert run("done", "--help").stdout.startswith("Usage: notes done [OPTIONS] WEEK ITEM...")
    assert "--count COUNT" in run("next", "--help").stdout and "--url URL" in run("add", "--help").stdout


def test_add_takes_the_section_in_the_plural_too(run, examples):
    result = run("-d", str(examples), "add", "3", "readings", "A paper", "--url", "https://example.org/p")
    assert result.exit_code == 0 and "(reading, line" in result.stdout
    assert run("-d", str(examples), "add", "3", "exercises", "Summarise").exit_code == 0
    assert run("-d", str(examples), "show", "3", "--json").json()["exercises"]["total"] == 3


# ---- 15. notes alone, notes help ------------------------------------------------------------------------


def test_notes_alone_and_notes_help_answer_on_stdout(run):
    alone = run()
    assert (alone.exit_code, alone.stderr) == (0, "") and "Commands:" in alone.stdout
    assert run("help").stdout == alone.stdout
    one = run("help", "done")
    assert one.exit_code == 0 and one.stdout == run("done", "--help").stdout
    unknown = run("help", "frobnicate")
    assert unknown.exit_code == 2 and "no such command: frobnicate" in unknown.stderr


# ---- 3. Prose exercises; 5. done dates on open items; 13. N304 where a date is expected ---------------------


def test_a_section_written_as_prose_is_said_to_have_no_checkboxes(run, write, tmp_path):
    write("week-2.md", "# Week 2\n\n## Readings\n\n- [x] A\n\n## Exercises\n\nWrite an essay on X.\n\n## Notes\n")
    write("week-3.md", "# Week 3\n\n## Readings\n\n- [x] B\n\n## Exercises\n\n## Notes\n\nprose\n")
    show = run("-d", str(tmp_path), "show", "2").stdout
    assert "Exercises  no checkboxes in this section (nothing to count)" in show
    result = run("-d", str(tmp_path), "check", "--json")
    assert result.exit_code == 0  # an info never fails the check
    found = [(f["path"], f["line"], f["code"], f["level"]) for f in result.json()["findings"]]
    assert found == [("week-2.md", 7, "N105", "info")]  # week 3's empty section has no written work


def test_check_reports_an_open_item_with_a_done_date_with_its_fix(run, write, tmp_path):
    write("week-1.md", "## Readings\n- [ ] a ✅ 2024-01-01 #tag\n- [x] b ✅ 2024-01-01\n")
    findings = run("-d", str(tmp_path), "check", "--json").json()["findings"]
    assert [(f["line"], f["code"], f["fix"]) for f in findings] == [(2, "N104", "- [ ] a #tag")]


def test_a_week_without_a_date_is_reported_only_where_a_date_is_expected(run, write, tmp_path):
    write("obsidian/week-1.md", "## Readings\n- [ ] a\n")  # Obsidian: no front matter, no dated weeks
    write("blog/week-1.md", "---\ntitle: Week 1\n---\n## Readings\n- [ ] a\n")
    write("dated/week-1.md", "---\ndate: 2024-01-01\n---\n## Readings\n- [ ] a\n")
    write("dated/week-2.md", "## Readings\n- [ ] b\n")
    found = [(f["path"], f["code"]) for f in run("-d", str(tmp_path), "check", "--json").json()["findings"]]
    assert sorted(p for p, code in found if code == "N304") == ["blog/week-1.md", "dated/week-2.md"]


# ---- 6. Duplicate weeks ----------------------------------------------------------------------------------


def test_copies_of_a_week_name_the_paths_and_weeks_warns_once(run, write, tmp_path):
    # Two notes claiming one week are its parts (issue 11); notes that look like copies of one week are a
    # mistake, and the advice names a path that chooses one.
    write("c/week-1.md", "---\ncourse: Algebra\n---\n## Readings\n- [ ] a\n")
    write("c/old/week-1.md", "---\ncourse: Algebra\n---\n## Readings\n- [ ] b\n")
    weeks = run("-d", str(tmp_path), "weeks")
    assert weeks.exit_code == 0 and weeks.stderr.count("warning") == 1
    assert "is also claimed by c/" in weeks.stderr and "(`notes show c/" in weeks.stderr
    assert "--course" not in weeks.stderr
    assert run("-d", str(tmp_path), "show", "c/old/week-1.md").exit_code == 0  # the advice works


# ---- 4. Due dates -------------------------------------------------------------------------------------------


def test_due_dates_order_next_and_make_items_and_undated_weeks_overdue(run, write, tmp_path):
    write(
        "week-1.md",
        "# Week 1\n\n## Readings\n\n- [ ] Later 📅 2024-03-30\n- [ ] Soon 📅 2024-03-10\n- [x] Done 📅 2024-03-01\n",
    )
    show = run("-d", str(tmp_path), "show", "1").stdout
    assert "1 [ ] Later  due 2024-03-30\n" in show and "2 [ ] Soon  due 2024-03-10, overdue\n" in show
    assert [i["text"] for i in run("-d", str(tmp_path), "next", "--json").json()] == ["Soon", "Later"]
    assert run("-d", str(tmp_path), "weeks", "--json").json()[0]["overdue"] is True  # the week has no date
    assert "overdue" in run("-d", str(tmp_path), "progress").stdout
    assert "Overdue    Week 1 (due 2024-03-10)" in run("-d", str(tmp_path), "stats").stdout
    run("-d", str(tmp_path), "done", "1", "soon")
    assert run("-d", str(tmp_path), "weeks", "--json").json()[0]["overdue"] is False


# ---- 14. notes new: dates a week apart; no Jekyll post outside a Jekyll site -------------------------------


def test_new_weeks_are_dated_a_week_on_and_date_overrides(run, examples, tmp_path):
    late = shutil.copytree(examples, tmp_path / "late")
    assert run("-d", str(examples), "new").exit_code == 0  # on 2024-03-20, a week after week 3's 2024-03-13
    second = run("-d", str(examples), "new")
    assert second.stdout == "created _posts/2024-03-27-agi-safety-fundamentals-week-5.md\n"
    chosen = run("-d", str(examples), "new", "--date", "2024-04-10", "--dry-run")
    assert "date: 2024-04-10" in chosen.stdout
    months_later = {"NOTES_TODAY": "2024-06-01"}  # a week on from week 3 is long past: today, never a past day
    first = run("-d", str(late), "new", env=months_later)
    assert first.stdout == "created _posts/2024-06-01-agi-safety-fundamentals-week-4.md\n"
    second = run("-d", str(late), "new", env=months_later)  # the next one still a week on
    assert second.stdout == "created _posts/2024-06-08-agi-safety-fundamentals-week-5.md\n"


def test_new_outside_a_jekyll_site_writes_a_course_folder_and_no_layout(run, tmp_path):
    assert run("-d", str(tmp_path), "new", "--course", "Linear Algebra").exit_code == 0
    again = run("-d", str(tmp_path), "new")
    assert again.stdout == "created linear-algebra/week-02.md\n"
    text = (tmp_path / "linear-algebra" / "week-01.md").read_text()
    assert "layout" not in text and "course: Linear Algebra" in text and "date: 2024-03-20" in text
    assert "date: 2024-03-27" in (tmp_path / "linear-algebra" / "week-02.md").read_text()
    assert [w["week"] for w in run("-d", str(tmp_path), "weeks", "--json").json()] == [1, 2]


# ---- 18-21. Packaging --------------------------------------------------------------------------------------


def test_check_strict_fails_on_warnings_but_not_on_infos(run, write, tmp_path):
    write("week-1.md", "---\ndate: 2024-01-01\n---\n## Readings\n- [ ] a\n\n## Exercises\n\nAn essay.\n")
    assert run("-d", str(tmp_path), "check", "--strict").exit_code == 0  # N105 is an info
    write("week-2.md", "---\ndate: 2024-01-08\n---\n## Readings\n- [ ] Title of Reading 3\n")
    assert run("-d", str(tmp_path), "check").exit_code == 0
    assert run("-d", str(tmp_path), "check", "--strict").exit_code == 1


def test_the_package_is_licensed_and_named_apart_from_notes_cli():
    import tomllib

    from .conftest import ROOT

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == "study-notes-tracker" and project["scripts"] == {"notes": "notes_cli.__main__:main"}
    assert project["license"] == "MIT" and project["license-files"] == ["LICENSE"]
    assert (ROOT / "LICENSE").read_text().startswith("MIT License")
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text()
    assert "id: notes-check" in hooks and "entry: notes check --strict" in hooks


@pytest.mark.parametrize(
    "command", [["weeks"], ["show", "0"], ["progress", "--json"], ["check"], ["config"], ["done", "0", "1"]]
)
def test_a_wrong_notes_today_is_refused_by_every_command_alike(run, examples, command):
    before = {p: p.read_bytes() for p in examples.rglob("*.md")}
    for wrong in ("garbage", "20240320", "2024-W12-3"):  # the last two: ISO 8601, but not the YYYY-MM-DD asked for
        result = run("-d", str(examples), *command, env={"NOTES_TODAY": wrong})
        assert (result.exit_code, result.stdout) == (2, "")
        assert f"NOTES_TODAY={wrong} is not a date" in result.stderr and "YYYY-MM-DD" in result.stderr
    assert {p: p.read_bytes() for p in examples.rglob("*.md")} == before
