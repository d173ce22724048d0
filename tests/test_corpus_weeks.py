"""Real study vaults (../shared/corpus-weeks, kept out of the repository), read as if cloned: what `weeks`,
`show` and `progress` report is what their README says each author would expect. Skipped when absent."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import CORPUS_WEEKS, needs_corpus_weeks

pytestmark = needs_corpus_weeks


@pytest.fixture
def clone(tmp_path: Path):
    """The folder `owner__repo` copied to a folder named `repo`, as `git clone` would name it."""

    def copy(folder: str) -> Path:
        target = tmp_path / folder.split("__", 1)[1]
        shutil.copytree(CORPUS_WEEKS / folder, target, ignore=shutil.ignore_patterns("README.md"))
        for readme in (CORPUS_WEEKS / folder).rglob("README.md"):
            destination = target / readme.relative_to(CORPUS_WEEKS / folder)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(readme, destination)
        return target

    return copy


def weeks(run, folder: Path) -> list[dict]:
    result = run("-d", str(folder), "weeks", "--json")
    assert result.exit_code == 0, result.stderr
    return result.json()


def items(run, folder: Path, week: str, *options: str) -> dict[str, tuple[str, str | None]]:
    """Item text -> (section, what decided it), for one week or note (the first item of each text)."""
    result = run("-d", str(folder), "show", week, *options, "--json")
    assert result.exit_code == 0, result.stderr
    found: dict[str, tuple[str, str | None]] = {}
    for item in result.json()["items"]:
        found.setdefault(item["text"], (item["section"], item["section_from"]))
    return found


def sections(run, folder: Path, week: str, *options: str) -> dict[str, str]:
    return {text: section for text, (section, _) in items(run, folder, week, *options).items()}


def parts(week: dict) -> list[tuple[str, int | None]]:
    """The files a week is written in, each with the line its section starts at (None: the whole file)."""
    return [(part["path"], part["line"]) for part in week["parts"]]


def test_german_weeks(run, clone):
    folder = clone("imdhemy__german")
    found = weeks(run, folder)
    assert [(w["course"], w["week"], w["title"]) for w in found] == [("german", n, f"Woche {n}") for n in (1, 2, 3)] + [
        ("german", 4, "Woche 4 Plan")
    ]
    assert found[2]["readings"]["total"] + found[2]["exercises"]["total"] + found[2]["other"]["total"] == 0
    week = sections(run, folder, "1")
    assert week["Lesen"] == "readings"
    assert {week[w] for w in ("Schreiben", "Arbeitsbuch", "Sprechen", "Quiz")} == {"exercises"}


def test_one_file_of_many_weeks(run, clone):
    folder = clone("endri81__NYT-Predictive-Analytics-Big-Data")
    found = [w for w in weeks(run, folder) if w["week"] is not None]
    assert [(w["week"], w["parts"][0]["path"]) for w in found] == [
        (n, "predictive-analytics-big-data/course_progress.md") for n in (1, 2, 3)
    ]
    week = sections(run, folder, "1")
    assert week["Submitted Homework 1"] == week["Completed Classwork 1: Gradient Descent"] == "exercises"
    assert week["Attended lecture"] == "other"


def test_spanish_course_in_week_folders(run, clone):
    folder = clone("KnowBu-Kaz-bitz__Fundamentos_Python")
    found = weeks(run, folder)
    assert [(w["course"], w["week"]) for w in found] == [("Fundamentos_Python", 1), ("Fundamentos_Python", 2)]
    assert [p["path"] for p in found[1]["parts"]] == [
        "Semana_2_Estructuras_Control/README.md",
        "Semana_2_Estructuras_Control/ejercicios/README.md",
    ]
    assert "N302" not in run("-d", str(folder), "check").stdout  # a week's README and its exercises' README
    week = sections(run, folder, "2")
    assert all(section == "exercises" for text, section in week.items() if text.startswith("Ejercicio"))
    assert sections(run, folder, "1")["He completado los 3 notebooks"] == "readings"


def test_lessons(run, clone):
    folder = clone("reshamas__fastai_deeplearn_part1")
    found = weeks(run, folder)
    assert [(w["week"], w["unit"], w["title"]) for w in found] == [(1, "lesson", "Lesson 1"), (2, "lesson", "Lesson 2")]
    assert set(sections(run, folder, "1").values()) == {"exercises"}  # all under `## Homework`
    assert "Lesson 1" in run("-d", str(folder), "show", "1").stdout


def test_interview_plan(run, clone):
    folder = clone("sams52s__Coding-Interview-Preparation-Plan")
    assert [w["week"] for w in weeks(run, folder)] == [1, 4]
    week = items(run, folder, "1")
    assert week["Java Basics"][0] == "readings"
    assert week["Interview Questions and Answers"][0] == week["Problem List"][0] == "exercises"


def test_weekly_issue_and_tracker_are_parts_of_one_course(run, clone):
    folder = clone("KhanAteeq__GenAI-Study-Plan")
    found = weeks(run, folder)
    assert [(w["course"], w["week"]) for w in found] == [("GenAI-Study-Plan", n) for n in range(1, 13)]
    assert parts(found[2]) == [("weekly-issues/week-03-semantic-kernel-basics.md", None), ("weekly-tracker.md", 24)]
    week = items(run, folder, "3")
    assert week["Semantic Kernel Quick Start"] == ("readings", "heading")
    assert week["Initialize Kernel with Azure OpenAI"][0] == "exercises"
    assert week["App compiles and runs"][0] == "other"
    tracker = sections(run, folder, "1")
    assert tracker["Understand tokens, embeddings, prompt engineering"] == "readings"
    assert tracker["Practice prompt writing"] == "exercises"


def test_three_parts_of_one_week_are_no_conflict(run, clone):
    folder = clone("fengye404__cs336-study")
    found = weeks(run, folder)
    assert {w["course"] for w in found} == {"cs336-study"}
    assert [w["week"] for w in found] == [*range(1, 11), None]
    assert parts(found[0]) == [
        ("checkpoints/week-01.md", None),
        ("notes/week-01-setup.md", None),
        ("study-plan.md", 49),
    ]
    assert "N302" not in run("-d", str(folder), "check").stdout
    checkpoint = [
        "Run `labs/week-01-pytorch-basics/train_tiny_mlp.py`.",
        "Explain `forward -> loss -> backward -> optimizer.step`.",
    ]
    week = sections(run, folder, "1")
    assert [week[text] for text in checkpoint] == ["exercises", "exercises"]


def test_a_unit_of_a_university_course(run, clone):
    folder = clone("jonx0037__ds6306-unit-2")
    found = weeks(run, folder)
    assert [(w["week"], w["unit"]) for w in found] == [(2, "unit")]
    table = run("-d", str(folder), "weeks").stdout.splitlines()
    assert table[1].startswith("Unit ") and table[2].split()[0] == "2"  # the unit the course counts in
    week = items(run, folder, "2")
    assert week["R for Data Science (Wickham)"] == ("readings", "heading")
    assert week["Complete For Live Session assignments"] == ("exercises", "heading")
    assert week["Live session participation"][0] == week["Master basic plot types and their uses"][0] == "other"
    assert week["ggplot2"][0] == "other"  # a package to install


def test_a_project_log(run, clone):
    folder = clone("calebmah__fyp-questions-and-answers")
    found = weeks(run, folder)
    assert [(w["course"], w["week"], w["title"]) for w in found] == [
        ("fyp-questions-and-answers", None, "Final Year Project Blog")
    ]
    log = items(run, folder, "docs/README.md")
    assert log["Read Residual Gated Graph ConvNets by Xavier Bresson, Thomas Laurent"] == ("readings", "heading")
    assert log["Fork, read, and understand RGGC code"][0] == "exercises"


def test_an_obsidian_vault(run, clone):
    folder = clone("bfeitknecht__vault")
    found = weeks(run, folder)
    assert {w["course"] for w in found} == {"LinAlg", "A&D", "TI"}
    linalg = [w for w in found if w["course"] == "LinAlg"]
    assert [w["title"] for w in linalg] == [f"W{n:02}" for n in range(14)] + ["LinAlg"]
    note = run("-d", str(folder), "show", "sem3/LinAlg/VRL/notes/LinAlg.md", "--json").json()
    assert note["title"] == "LinAlg"
    cancelled = [i for i in note["items"] if i["status"] == "cancelled"]
    assert cancelled and all(i["cancelled_on"] for i in cancelled)
    assert all("🔁" not in i["text"] and "❌" not in i["text"] for i in note["items"])
    assert {i["section"] for i in note["items"]} == {"exercises"}  # exercise sheets and bonus quizzes
    assert note["exercises"]["total"] == len(note["items"]) - len(cancelled)


def test_a_chinese_progress_list(run, clone):
    folder = clone("cs-learning-every-day__nand2tetris")
    found = weeks(run, folder)
    assert [(w["course"], w["week"]) for w in found] == [("nand2tetris", None)]
    assert found[0]["exercises"] == {"done": 13, "total": 13}


def test_progress_on_every_folder(run, clone):
    for source in sorted(p.name for p in CORPUS_WEEKS.iterdir() if p.is_dir()):
        result = run("-d", str(clone(source)), "progress")
        assert result.exit_code == 0 and result.stderr == "", (source, result.stderr)
        assert "No week notes found" not in result.stdout
