"""Notes as students write them: weeks as sections and as parts of several notes, week and section words in
several languages, items classified by themselves, role folders, titles as the notes' tools show them, and
Obsidian's statuses. The small vaults are in tests/fixtures/vaults."""

from __future__ import annotations

import shutil
from pathlib import Path, PurePath

import pytest

from notes_cli import cache
from notes_cli.blocks import TaskBlock, markdown_it_blocks
from notes_cli.linescan import scan
from notes_cli.model import CANCELLED, IN_PROGRESS, Section
from notes_cli.parse import parse_note
from notes_cli.vocabulary import Vocabulary

from .conftest import FIXTURES, VOCABULARY, complete
from .reference import reference_tasks

VAULTS = FIXTURES / "vaults"


@pytest.fixture
def vault(tmp_path: Path):
    """A copy of one of the fixture vaults, under its own folder name (which may name its course)."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(VAULTS / name, target)
        return target

    return copy


def note(text: str, path: str = "c/note.md", vocabulary: Vocabulary = VOCABULARY):
    return parse_note(text, path, PurePath("/vault") / path, vocabulary)


# ---- Weeks as sections of one note, and weeks of several parts -------------------------------------


def test_week_sections_and_parts_make_weeks(run):
    weeks = run("-d", str(VAULTS / "algo-course"), "weeks", "--json").json()
    assert [(w["course"], w["week"], w["title"]) for w in weeks] == [
        ("algo-course", 1, "Week 01 checkpoint"),
        ("algo-course", 2, "Week 2 - Sorting"),
        ("algo-course", None, "Algorithms plan"),
    ]
    assert weeks[0]["parts"] == [{"path": "checkpoints/week-01.md", "line": None}, {"path": "plan.md", "line": 7}]
    assert weeks[0]["path"] == "checkpoints/week-01.md" and weeks[0]["unit"] == "week"
    assert weeks[1]["parts"] == [{"path": "plan.md", "line": 17}]
    assert (weeks[0]["readings"], weeks[0]["exercises"]) == ({"done": 1, "total": 2}, {"done": 0, "total": 2})
    assert weeks[2]["parts"] == [{"path": "plan.md", "line": None}]  # the plan outside its week sections


def test_a_sub_heading_that_names_the_same_week_does_not_split_it():
    parsed = note("## Week 1\n- [ ] a\n### Sunday - Week 1 Review\n- [ ] b\n## Week 2\n- [ ] c\n")
    assert [(s.week, s.line, s.end_line) for s in parsed.sections] == [(1, 1, 4), (2, 5, 7)]
    one = note("## Week 1\n- [ ] a\n## Week 1 again\n- [ ] b\n")
    assert one.sections == () and one.week is None  # one week number is no set of weeks


@pytest.mark.parametrize(
    "headings",
    [
        ("## Week 1: Foundations", "## Week 2: Sorting"),
        ("### Week 3 (Mar 7-13)", "### Week 4 (Mar 14-20)"),
        ("## WEEK 2 - Sliding Window", "## WEEK 3 - Two Pointers"),
        ("### W00", "### W01"),
        ("## Semana 1", "## Semana 2"),
        ("## Lesson 1", "## Lesson 2"),
    ],
)
def test_week_headings_in_the_ways_students_write_them(headings):
    first, second = headings
    parsed = note(f"# Plan\n{first}\n- [ ] a\n{second}\n- [ ] b\n")
    assert len(parsed.sections) == 2 and parsed.sections[1].week == parsed.sections[0].week + 1


def test_show_groups_the_items_by_note_and_done_takes_its_numbers(run, vault):
    folder = vault("algo-course")
    plan, checkpoint = (folder / "plan.md").read_bytes(), (folder / "checkpoints/week-01.md").read_bytes()
    shown = run("-d", str(folder), "show", "1")
    assert shown.exit_code == 0, shown.stderr
    assert "part: checkpoints/week-01.md" in shown.stdout and "part: plan.md:7" in shown.stdout
    items = run("-d", str(folder), "show", "1", "--json").json()["items"]
    assert [(i["number"], i["text"], i["line"]) for i in items] == [
        (1, "Read the CLRS preface", 3),
        (2, "Explain loop invariants", 4),
        (3, "CLRS chapter 2", 11),
        (4, "Solve problem 2-1", 15),
    ]
    done = run("-d", str(folder), "done", "1", "4", "2", "--json")
    assert done.exit_code == 0, done.stderr
    assert done.json()["changed"] == [4, 2]
    assert (folder / "plan.md").read_bytes() == plan.replace(b"- [ ] Solve", b"- [x] Solve")
    assert (folder / "checkpoints/week-01.md").read_bytes() == checkpoint.replace(b"[ ] Explain", b"[x] Explain")
    assert run("-d", str(folder), "undo", "1", "4", "2").exit_code == 0
    assert (folder / "plan.md").read_bytes() == plan
    assert (folder / "checkpoints/week-01.md").read_bytes() == checkpoint


def test_done_dates_in_a_week_section(run, vault):
    folder = vault("algo-course")
    plan = (folder / "plan.md").read_bytes()
    assert run("-d", str(folder), "done", "2", "Watch", "--date", "2024-03-01").exit_code == 0
    assert (folder / "plan.md").read_bytes() == plan.replace(
        b"- [ ] Watch the sorting lecture", "- [x] Watch the sorting lecture ✅ 2024-03-01".encode()
    )
    assert run("-d", str(folder), "undo", "2", "Watch", "--date").exit_code == 0
    assert (folder / "plan.md").read_bytes() == plan


def test_add_to_a_week_section_stays_in_the_section(run, vault):
    folder = vault("algo-course")
    plan = (folder / "plan.md").read_text()
    added = run("-d", str(folder), "add", "2", "reading", "Chapter 7 of CLRS", "--json")
    assert added.exit_code == 0, added.stderr
    value = added.json()
    assert value["week"] == 2 and value["items"][value["added"] - 1]["text"] == "Chapter 7 of CLRS"
    expected = plan.replace("two-sum\n\n## Notes", "two-sum\n\n### Readings\n\n- [ ] Chapter 7 of CLRS\n\n## Notes")
    assert (folder / "plan.md").read_text() == expected
    again = run("-d", str(folder), "add", "2", "reading", "Chapter 8", "--json").json()
    assert [i["text"] for i in again["items"] if i["section"] == "readings"] == [
        "Watch the sorting lecture",
        "Chapter 7 of CLRS",
        "Chapter 8",
    ]
    assert run("-d", str(folder), "weeks", "--json").json()[2]["other"] == {"done": 0, "total": 1}  # Notes untouched


def test_add_to_a_week_of_several_notes_uses_the_part_with_that_section(run, vault):
    folder = vault("algo-course")
    checkpoint = (folder / "checkpoints/week-01.md").read_text()
    assert run("-d", str(folder), "add", "1", "reading", "CLRS chapter 3").exit_code == 0
    assert (
        "- [ ] [CLRS chapter 2](https://example.org/clrs2)\n- [ ] CLRS chapter 3\n" in (folder / "plan.md").read_text()
    )
    assert (folder / "checkpoints/week-01.md").read_text() == checkpoint


def test_open_and_edit_go_to_the_part_holding_the_item(run, vault, tmp_path):
    folder = vault("algo-course")
    printed = run("-d", str(folder), "open", "2", "two sum", "--print")
    assert printed.stdout == "https://leetcode.com/problems/two-sum\n"
    log = tmp_path / "args"
    script = tmp_path / "vim"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {log}\n')
    script.chmod(0o755)
    assert run("-d", str(folder), "edit", "1", "4", env={"VISUAL": str(script)}).exit_code == 0
    assert log.read_text().splitlines() == ["+15", str(folder / "plan.md")]
    assert run("-d", str(folder), "edit", "2", env={"VISUAL": str(script)}).exit_code == 0
    assert log.read_text().splitlines() == ["+17", str(folder / "plan.md")]


def test_parts_are_no_conflict_but_copies_are(run, vault, write, tmp_path):
    assert "N302" not in run("-d", str(VAULTS / "languages"), "check").stdout  # two READMEs of one week
    folder = vault("algo-course")
    assert "N302" not in run("-d", str(folder), "check").stdout
    (folder / "notes").mkdir()
    shutil.copy(folder / "checkpoints/week-01.md", folder / "notes/week-01.md")
    result = run("-d", str(folder), "check")
    assert result.exit_code == 1
    assert (
        "week 1 of “algo-course” is also claimed by notes/week-01.md, with the same file name [N302]" in result.stdout
    )


def test_next_lists_other_work_and_never_says_all_is_done_while_an_item_is_open(run, write, tmp_path):
    write("week-1.md", "## Readings\n- [x] a\n## Plan\n- [ ] tidy up\n")
    out = run("-d", str(tmp_path), "next", "--json").json()
    assert [(i["section"], i["text"]) for i in out] == [("other", "tidy up")]
    assert "Nothing to do" not in run("-d", str(tmp_path), "next").stdout


def test_completion_offers_the_weeks_of_sections_and_their_items(tmp_path):
    folder = VAULTS / "algo-course"
    assert complete("bash", f"notes -d {folder} show ", tmp_path).split() == ["1", "2"]
    items = complete("fish", f"notes -d {folder} done 1 ", tmp_path).splitlines()
    assert items[3] == "4\tSolve problem 2-1"


# ---- Week words, courses and titles ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "text", "week", "unit"),
    [
        ("c/week-3.md", "", 3, "week"),
        ("c/wk3.md", "", 3, "week"),
        ("c/W07.md", "", 7, "week"),
        ("c/Semana_2_Estructuras/README.md", "", 2, "week"),
        ("c/Semana_2/ejercicios/README.md", "", 2, "week"),
        ("c/notes.md", "# Woche 1\n", 1, "week"),
        ("c/notes.md", "# Semana 1: Introducción\n", 1, "week"),
        ("c/semaine-4.md", "", 4, "week"),
        ("c/settimana-5.md", "", 5, "week"),
        ("c/第6周.md", "", 6, "week"),
        ("c/lesson_02.md", "", 2, "lesson"),
        ("c/Lektion-3.md", "", 3, "lesson"),
        ("c/lección-4.md", "", 4, "lesson"),
        ("c/unit-2.md", "", 2, "unit"),
        ("c/module 5.md", "", 5, "module"),
        ("c/session-6.md", "", 6, "session"),
        ("c/notes.md", "---\ntitle: Unit 8 review\n---\n", 8, "unit"),
        ("c/notes.md", "Intro first.\n\n# Week 9\n", None, None),  # not the leading H1
        ("c/hw01.md", "", None, None),  # W + two digits only as a word of its own
    ],
)
def test_week_words(path, text, week, unit):
    parsed = note(text, path)
    assert (parsed.week, parsed.unit) == (week, unit)


def test_configured_week_words_replace_the_default():
    mine = Vocabulary(week_words=("sprint",))
    assert (note("", "c/sprint-4.md", mine).week, note("", "c/week-4.md", mine).week) == (4, None)


@pytest.mark.parametrize(
    ("path", "course"),
    [
        ("notes/week-01.md", "vault"),
        ("checkpoints/week-01.md", "vault"),
        ("weekly-issues/week-03-basics.md", "vault"),
        ("docs/README.md", "vault"),
        ("week-1.md", "vault"),
        ("Fundamentos/Semana_2/ejercicios/README.md", "Fundamentos"),
        ("Deutsch/übungen/woche-2.md", "Deutsch"),
        ("sem3/LinAlg/VRL/notes/LinAlg.md", "LinAlg"),  # the folder the note is the folder note of
        ("algo/x.md", "algo"),
    ],
)
def test_role_folders_do_not_name_courses(path, course):
    assert note("", path).course == course


def test_course_aliases_still_merge():
    mine = Vocabulary(courses=(("vault", "My course"),))
    assert note("", "notes/week-1.md", mine).course == "My course"


@pytest.mark.parametrize(
    ("path", "text", "title"),
    [
        ("c/x.md", "---\ntitle: From front matter\n---\n# H1\n", "From front matter"),
        ("c/x.md", "\n# Leading H1\n\ntext\n", "Leading H1"),
        ("c/LinAlg.md", "Some text first.\n\n# Info\n", "LinAlg"),
        ("Semana_1/README.md", "text\n", "Semana_1"),
        ("docs/index.md", "text\n", "docs"),
    ],
)
def test_titles_as_the_notes_tools_show_them(path, text, title):
    assert note(text, path).title == title


def test_languages_vault(run):
    weeks = run("-d", str(VAULTS / "languages"), "weeks", "--json").json()
    found = {w["course"]: (w["week"], w["unit"], w["readings"]["total"], w["exercises"]["total"]) for w in weeks}
    assert found == {
        "Deutsch": (3, "week", 1, 2),
        "fastai": (2, "lesson", 0, 1),
        "Francais": (4, "week", 1, 1),
        "Fundamentos": (2, "week", 1, 3),
        "Italiano": (5, "week", 1, 1),
        "Portugues": (8, "week", 1, 1),
        "中文": (6, "week", 1, 1),
        "日本語": (7, "week", 1, 1),
    }
    spanish = next(w for w in weeks if w["course"] == "Fundamentos")
    assert [p["path"] for p in spanish["parts"]] == [
        "Fundamentos/Semana_2_Control/README.md",
        "Fundamentos/Semana_2_Control/ejercicios/README.md",
    ]
    lesson = run("-d", str(VAULTS / "languages"), "show", "2", "--course", "fastai")
    assert "fastai · Lesson 2" in lesson.stdout


# ---- Sections: more words, more languages, and the item itself ----------------------------------------


@pytest.mark.parametrize(
    ("heading", "section"),
    [
        ("📖 Learning Tasks", Section.READINGS),
        ("Required Reading", Section.READINGS),
        ("Papers", Section.READINGS),
        ("Lectures to watch", Section.READINGS),
        ("Lecturas", Section.READINGS),
        ("Lektüre", Section.READINGS),
        ("阅读", Section.READINGS),
        ("🛠️ Hands-On", Section.EXERCISES),
        ("📦 Deliverables", Section.EXERCISES),
        ("Labs", Section.EXERCISES),
        ("Ejercicios", Section.EXERCISES),
        ("Tareas", Section.EXERCISES),
        ("Übungen", Section.EXERCISES),
        ("Aufgaben", Section.EXERCISES),
        ("Exercices", Section.EXERCISES),
        ("Devoirs", Section.EXERCISES),
        ("Esercizi", Section.EXERCISES),
        ("练习", Section.EXERCISES),
        ("作业", Section.EXERCISES),
        ("課題", Section.EXERCISES),
        ("演習", Section.EXERCISES),
        ("Lecture 3: Regression", Section.OTHER),
        ("Java code, organised", Section.OTHER),
    ],
)
def test_section_words(heading, section):
    assert VOCABULARY.classify(heading) is section


@pytest.mark.parametrize(
    ("item", "section", "source"),
    [(text, Section.READINGS, "item") for text in ("Read the attention paper", "Watch lecture 4", "Lesen")]
    + [(text, Section.READINGS, "item") for text in ("Leer el capítulo 2", "Chapter 3 of the book")]
    + [(text, Section.EXERCISES, "item") for text in ("Solve 3 problems", "Submitted Homework 1", "Schreiben")]
    + [(text, Section.EXERCISES, "item") for text in ("Exercise sheet 4", "Ejercicio 2: bucles", "Übung 5")]
    + [
        ("[Attention](https://arxiv.org/abs/1706.03762)", Section.READINGS, "link"),
        ("[Two Sum](https://leetcode.com/problems/two-sum)", Section.EXERCISES, "link"),
        ("Vokabeln", Section.OTHER, None),
    ],
)
def test_items_classified_by_themselves(item, section, source):
    task = note(f"## Kapitel 1\n- [ ] {item}\n").tasks[0]
    assert (task.section, task.section_from) == (section, source)


def test_a_heading_that_names_a_section_wins_and_sub_items_follow_their_parent():
    parsed = note(
        "## Homework\n- [ ] read chapter 2\n## Plan\n- [ ] Implement a max-heap:\n  - [ ] insert\n  - [ ] pop\n"
        "## Learning Objectives\n- [ ] Understand heaps\n"
    )
    assert [(t.text, t.section, t.section_from) for t in parsed.tasks] == [
        ("read chapter 2", Section.EXERCISES, "heading"),
        ("Implement a max-heap:", Section.EXERCISES, "item"),
        ("insert", Section.EXERCISES, "item"),
        ("pop", Section.EXERCISES, "item"),
        ("Understand heaps", Section.OTHER, "heading"),
    ]


def test_classify_items_can_be_turned_off(run, write, tmp_path):
    write("week-1.md", "## Plan\n- [ ] Read the paper\n")
    assert run("-d", str(tmp_path), "weeks", "--json").json()[0]["readings"]["total"] == 1
    write(".notes.yaml", "classify_items: false\n")
    week = run("-d", str(tmp_path), "show", "1", "--json").json()
    assert (week["readings"]["total"], week["items"][0]["section_from"]) == (0, None)


# ---- Obsidian statuses and markers ----------------------------------------------------------------------


def test_obsidian_statuses_and_markers(run, vault):
    folder = vault("obsidian-vault")
    weeks = run("-d", str(folder), "weeks", "--json").json()
    assert [(w["course"], w["week"], w["title"]) for w in weeks] == [
        ("LinAlg", 0, "W00"),
        ("LinAlg", 1, "W01"),
        ("LinAlg", None, "LinAlg"),
    ]
    assert weeks[2]["exercises"] == {"done": 1, "total": 3}  # the cancelled sheet is no work
    path = "sem3/LinAlg/VRL/notes/LinAlg.md"
    items = run("-d", str(folder), "show", path, "--json").json()["items"]
    assert [(i["text"], i["status"], i["done"]) for i in items] == [
        ("bonus quiz", None, True),
        ("exercise sheet", CANCELLED, False),
        ("exercise sheet", IN_PROGRESS, False),
        ("exercise sheet", None, False),
    ]
    assert (items[0]["recurrence"], items[0]["due"], items[0]["done_on"]) == ("every week", "2024-10-01", "2024-10-02")
    assert items[1]["cancelled_on"] == "2024-10-09"
    shown = run("-d", str(folder), "show", path).stdout
    assert "[-] exercise sheet  (cancelled)" in shown and "[/] exercise sheet  (in progress)" in shown
    nexts = run("-d", str(folder), "next", "--json").json()
    assert [i["number"] for i in nexts] == [3, 4]
    before = (folder / path).read_bytes()
    assert run("-d", str(folder), "done", path, "3").exit_code == 0
    assert (folder / path).read_bytes() == before.replace(b"- [/]", b"- [x]")


def test_a_week_section_without_items_says_so_of_the_week(run, write, tmp_path):
    write("plan.md", "# Plan\n\n## Week 1\n\n- [ ] Read chapter 1\n\n## Week 2\n\nNothing yet.\n")
    write("week-3.md", "# Week 3\n\nNothing yet.\n")
    assert run("-d", str(tmp_path), "show", "2").stdout.endswith("\nNo task items in this week.\n")
    assert run("-d", str(tmp_path), "show", "3").stdout.endswith("\nNo task items in this note.\n")


def test_a_cancelled_item_is_never_overdue(run, write, tmp_path):
    write("week-1.md", "## Readings\n- [-] Read a 📅 2024-03-01\n- [x] Read b\n")  # no date: due dates decide
    write("week-2.md", "---\ndate: 2024-03-01\n---\n## Readings\n- [-] Read c 📅 2024-03-01\n- [x] Read d\n")
    weeks = run("-d", str(tmp_path), "weeks", "--json").json()
    assert [(w["week"], w["overdue"]) for w in weeks] == [(1, False), (2, False)]
    shown = run("-d", str(tmp_path), "show", "1").stdout
    assert "due 2024-03-01" in shown and "overdue" not in shown
    assert "overdue" not in run("-d", str(tmp_path), "progress").stdout
    assert run("-d", str(tmp_path), "stats", "--json").json()["overdue"] == []


@pytest.mark.parametrize(
    "markdown",
    ["[-] not in a list", "    - [-] indented code", "```\n- [/] fenced\n```", "- text [-] later", "- [-]no space"],
)
def test_statuses_only_where_a_task_could_be(markdown):
    assert note(markdown + "\n").tasks == ()


def test_statuses_sit_exactly_where_the_reference_finds_tasks():
    document = "# W\n\n- [-] a\n  - [/] b\n1. [-] c\n> - [/] d\n\n- [ ] e\n- x\n  [-] not first\n"
    as_tasks = document.replace("[-]", "[ ]").replace("[/]", "[ ]")
    parsed = parse_note(document, "n.md", None, VOCABULARY)
    assert [t.line for t in parsed.tasks] == [line for line, _ in reference_tasks(as_tasks)]
    assert [t.status for t in parsed.tasks] == [CANCELLED, IN_PROGRESS, CANCELLED, IN_PROGRESS, None]
    for producer in (scan, markdown_it_blocks):  # pulldown-cmark's reading and markdown-it-py's
        blocks = producer(document)
        assert blocks is not None
        tasks = [b for b in blocks if isinstance(b, TaskBlock)]
        assert [b.line + 1 for b in tasks] == [t.line for t in parsed.tasks]
        assert [document[b.box + 1] for b in tasks] == ["-", "/", "-", "/", " "]


def test_the_cache_keeps_the_new_fields():
    parsed = note("## Week 1\n- [-] Read a ❌ 2024-01-02 🔁 every day\n## Week 2\n- [/] b\n", "c/lesson-1.md")
    assert cache.unpack(cache.pack(parsed)) == parsed


@pytest.mark.parametrize("eol", ["\r\n", "\n"])
def test_add_to_the_last_week_section_keeps_line_endings_and_a_missing_final_newline(run, write, tmp_path, eol):
    text = eol.join(["# Plan", "", "## Week 1", "- [ ] Read a", "", "## Week 2", "- [ ] Solve b"])
    path = write("plan.md", text)
    assert run("-d", str(tmp_path), "add", "2", "reading", "Chapter 3").exit_code == 0
    assert path.read_bytes() == (text + eol + eol.join(["", "### Readings", "", "- [ ] Chapter 3"])).encode()
    assert run("-d", str(tmp_path), "add", "1", "exercise", "Problem 1").exit_code == 0
    expected = text.replace(
        "- [ ] Read a" + eol, eol.join(["- [ ] Read a", "", "### Exercises", "", "- [ ] Problem 1", ""])
    )
    assert path.read_bytes().decode() == expected + eol + eol.join(["", "### Readings", "", "- [ ] Chapter 3"])


def test_new_follows_the_latest_week_in_its_own_words_or_says_why_it_cannot(run):
    spanish = run("-d", str(VAULTS / "languages"), "new", "--course", "Fundamentos", "--dry-run")
    assert spanish.exit_code == 0, spanish.stderr
    assert spanish.stdout.startswith("would create Fundamentos/Semana_3_Control/README.md:\n# Semana 3: Control\n")
    sections = run("-d", str(VAULTS / "algo-course"), "new", "--dry-run")
    assert sections.exit_code == 2 and "week 2 of “algo-course” is a section of plan.md" in sections.stderr


def test_show_explain_says_which_word_decided(run):
    shown = run("-d", str(VAULTS / "algo-course"), "show", "2", "--explain").stdout
    assert "Watch the sorting lecture  ← item word “Watch”" in shown
    assert "the merge step  ← its parent item" in shown
    assert "https://leetcode.com/problems/two-sum  ← link to leetcode.com" in shown
    german = run("-d", str(VAULTS / "languages"), "show", "3", "--course", "Deutsch", "--explain").stdout
    assert "Blatt 5  ← heading word “Übungen”" in german
    assert "Vokabeln  ← no heading word, item word or link" in german


def test_stats_and_show_path_on_weeks_of_parts(run):
    folder = VAULTS / "algo-course"
    figures = run("-d", str(folder), "stats", "--json").json()
    assert (figures["done"], figures["remaining"]) == (2, 9)
    whole = run("-d", str(folder), "show", "plan.md", "--json").json()
    assert len(whole["items"]) == 9 and whole["parts"] == [{"path": "plan.md", "line": None}]
    obsidian = run("-d", str(VAULTS / "obsidian-vault"), "stats", "--json").json()
    assert (obsidian["done"], obsidian["remaining"]) == (1, 2)  # the cancelled sheet is not left to do


def test_the_rest_of_a_note_of_week_sections_keeps_the_notes_numbers(run, vault):
    folder = vault("algo-course")
    rest = [i for i in run("-d", str(folder), "next", "-n", "9", "--json").json() if i["week"] is None]
    assert [(i["path"], i["number"], i["text"]) for i in rest] == [
        ("plan.md", 1, "Skim the syllabus"),
        ("plan.md", 9, "tidy my desk"),
    ]
    assert run("-d", str(folder), "done", "plan.md", "9").exit_code == 0  # what `next` said is what `done` takes
    assert "- [x] tidy my desk" in (folder / "plan.md").read_text()
