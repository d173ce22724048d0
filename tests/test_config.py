"""Configuration: files, precedence (command line > environment > vault file > user file > default),
errors naming the file and key, and what each key changes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from notes_cli.config import read_switches


@pytest.fixture
def user_config(tmp_path, monkeypatch):
    """Write the user's notes/config.yaml (XDG_CONFIG_HOME points at a fresh folder)."""
    home = tmp_path / "xdg"
    (home / "notes").mkdir(parents=True)

    def write(text: str):
        (home / "notes" / "config.yaml").write_text(text)
        return home / "notes" / "config.yaml"

    return home, write


def run_with(run, home, *args, env=None):
    return run(*args, env={"XDG_CONFIG_HOME": str(home), **(env or {})})


def settings(result):
    assert result.exit_code == 0, result.stderr
    return {key: (value["value"], value["source"]) for key, value in result.json().items() if key != "files"}


def test_defaults_and_where_they_come_from(run, user_config, tmp_path):
    home, _ = user_config
    values = settings(run_with(run, home, "-d", str(tmp_path), "config", "--json"))
    assert values["dir"] == (str(tmp_path), "command line --dir")
    assert values["record_done_dates"] == (False, "default")
    assert values["week_pattern"][1] == "default" and {"week", "semana", "lesson"} <= set(values["week_pattern"][0])
    assert values["classify_items"] == (True, "default")
    human = run_with(run, home, "-d", str(tmp_path), "config").stdout
    assert "record_done_dates  false" in human and "user file:" in human


def test_precedence(run, user_config, tmp_path):
    home, write = user_config
    vault = tmp_path / "vault"
    vault.mkdir()
    other = tmp_path / "other"
    other.mkdir()
    user_file = write(f"dir: {vault}\nrecord_done_dates: true\nexclude: [drafts]\nreadings: [lecture]\n")
    (vault / ".notes.yaml").write_text("readings: [reading, lesen]\n")
    values = settings(run_with(run, home, "config", "--json"))
    assert values["dir"] == (str(vault), str(user_file))
    assert values["readings"] == (["reading", "lesen"], str(vault / ".notes.yaml"))  # vault file > user file
    assert values["exclude"] == (["drafts"], str(user_file))
    assert values["record_done_dates"] == (True, str(user_file))
    env = {"NOTES_DIR": str(other), "NOTES_RECORD_DONE_DATES": "0"}
    values = settings(run_with(run, home, "config", "--json", env=env))
    assert values["dir"] == (str(other), "environment NOTES_DIR")  # environment > user file
    assert values["record_done_dates"] == (False, "environment NOTES_RECORD_DONE_DATES")
    assert values["readings"][1] == str(user_file)  # the other vault has no .notes.yaml
    values = settings(run_with(run, home, "-d", str(vault), "config", "--json", env=env))
    assert values["dir"] == (str(vault), "command line --dir")  # command line > environment


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour: blue\n", "unknown key `colour`"),
        ("record_done_dates: sometimes\n", "`record_done_dates` must be true or false"),
        ("readings: 3.5\n", "`readings` must be a list of heading words"),
        ("courses: [a, b]\n", "`courses` must be a mapping"),
        ("week_pattern: []\n", "`week_pattern` must be a list of week words"),
        ("readings: [unclosed\n", "not valid YAML"),
        ("- just\n- a list\n", "must be `key: value` lines"),
    ],
)
def test_a_wrong_file_is_a_usage_error_naming_file_and_key(run, user_config, tmp_path, text, message):
    home, write = user_config
    path = write(text)
    result = run_with(run, home, "-d", str(tmp_path), "weeks")
    assert result.exit_code == 2
    assert str(path) in result.stderr and message in result.stderr
    (tmp_path / ".notes.yaml").write_text(text)
    path.unlink()
    vault_result = run_with(run, home, "-d", str(tmp_path), "weeks")
    assert vault_result.exit_code == 2 and ".notes.yaml" in vault_result.stderr


def test_dir_in_the_vault_file_is_refused(run, user_config, tmp_path):
    home, _ = user_config
    (tmp_path / ".notes.yaml").write_text("dir: /elsewhere\n")
    result = run_with(run, home, "-d", str(tmp_path), "weeks")
    assert result.exit_code == 2 and "`dir` cannot be set in a vault's own .notes.yaml" in result.stderr


def test_bad_environment_value(run, user_config, tmp_path):
    home, _ = user_config
    result = run_with(run, home, "-d", str(tmp_path), "weeks", env={"NOTES_RECORD_DONE_DATES": "maybe"})
    assert result.exit_code == 2 and "NOTES_RECORD_DONE_DATES" in result.stderr


def test_heading_words_and_week_words_can_be_taught(run, write, tmp_path):
    write("Semana_01/README.md", "## Lecturas\n- [x] uno\n## Ejercicios\n- [ ] dos\n")
    write("日志.md", "## 第3周 学习\n### 阅读\n- [ ] 书\n")
    write(
        ".notes.yaml", "readings: [lecturas, 阅读]\nexercises: [ejercicios]\nweek_pattern: [week, semana, '第{n}周']\n"
    )
    weeks = run("-d", str(tmp_path), "weeks", "--json").json()
    found = {(w["path"], w["week"]): (w["readings"], w["exercises"]) for w in weeks}
    assert found[("Semana_01/README.md", 1)] == ({"done": 1, "total": 1}, {"done": 0, "total": 1})
    assert ("日志.md", None) in found  # a week note by its 阅读 heading; 第3周 is in a heading, not the title
    (tmp_path / "日志.md").write_text("---\ntitle: 学习第3周\n---\n### 阅读\n- [ ] 书\n")
    weeks = run("-d", str(tmp_path), "weeks", "--json").json()
    assert {w["path"]: w["week"] for w in weeks}["日志.md"] == 3


def test_default_words_are_replaced_not_extended(run, write, tmp_path):
    write("week-1.md", "## Readings\n- [ ] a\n")
    write(".notes.yaml", "readings: [lecture]\n")
    assert run("-d", str(tmp_path), "show", "1", "--json").json()["items"][0]["section"] == "other"


def test_course_aliases_make_one_course(run, write, tmp_path):
    write("a/week-1.md", "---\ncourse: AGI Safety Fundamentals\n---\n## Readings\n- [ ] a\n")
    write("b/week-2.md", "---\ncourse: AI Safety Fundamentals - Alignment Course\n---\n## Readings\n- [ ] b\n")
    write(".notes.yaml", "courses:\n  AGI Safety Fundamentals: [AI Safety Fundamentals - Alignment Course, AGISF]\n")
    report = run("-d", str(tmp_path), "progress", "--json").json()
    assert [(c["course"], [w["week"] for w in c["weeks"]]) for c in report["courses"]] == [
        ("AGI Safety Fundamentals", [1, 2])
    ]
    assert run("-d", str(tmp_path), "show", "2", "--course", "agisf", "--json").exit_code == 0


@pytest.mark.parametrize(
    ("pattern", "listed"),
    [
        ("drafts", [1, 3]),
        ("drafts/", [1, 3]),
        ("/drafts", [1, 3, 4]),
        ("*.draft.md", [1, 2, 4]),
        ("notes/drafts/*", [1, 2, 3]),
        ("drafts/**", [1, 3, 4]),
        ("week-1.md", [2, 3, 4]),
    ],
)
def test_exclude_patterns(run, write, tmp_path, pattern, listed):
    write("week-1.md", "## Readings\n")
    write("drafts/week-2.md", "## Readings\n")
    write("week-3.draft.md", "## Readings\n")
    write("notes/drafts/week-4.md", "## Readings\n")
    write(".notes.yaml", f"exclude: ['{pattern}']\n")
    assert sorted(w["week"] for w in run("-d", str(tmp_path), "weeks", "--json").json()) == listed


def test_user_config_dir_follows_xdg(run, user_config, tmp_path):
    home, write = user_config
    write(f"dir: {tmp_path}\n")
    values = settings(run_with(run, home, "config", "--json"))
    assert values["dir"][1] == str(home / "notes" / "config.yaml")
    assert os.path.isabs(values["dir"][0])


# ---- The configured vocabulary is the one notes writes in (issue 10, bug 2) -----------------------------------

SPANISH = "readings: [lecturas]\nexercises: [ejercicios]\nweek_pattern: [semana]\n"
TURKISH = "readings: [okumalar]\nexercises: [alıştırmalar]\nweek_pattern: [hafta]\n"  # words the defaults lack


@pytest.mark.parametrize(
    ("config", "note", "proposed", "lines"),
    [
        (SPANISH, "curso/semana-03.md", "curso/semana-04.md", ["# Semana 4", "## Lecturas", "## Ejercicios"]),
        (TURKISH, "ders/hafta-03.md", "ders/hafta-04.md", ["# Hafta 4", "## Okumalar", "## Alıştırmalar"]),
    ],
    ids=["spanish", "turkish"],
)
def test_new_plans_the_next_week_in_the_configured_words(run, write, tmp_path, config, note, proposed, lines):
    write(".notes.yaml", config)
    heading, readings, exercises = (line.replace("4", "3") for line in lines)
    write(note, f"{heading}\n\n{readings}\n\n- [ ] Libro\n\n{exercises}\n\n- [ ] Uno\n")
    result = run("-d", str(tmp_path), "new", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert f"would create {proposed}" in result.stdout
    shown = result.stdout.splitlines()
    assert all(line in shown for line in lines), result.stdout


@pytest.mark.parametrize("config", [SPANISH, TURKISH], ids=["spanish", "turkish"])
def test_add_writes_the_section_heading_the_vocabulary_reads(run, write, tmp_path, config):
    write(".notes.yaml", config)
    words = {line.split(":")[0]: line.split("[")[1].rstrip("]") for line in config.splitlines()}
    path = write(f"curso/{words['week_pattern']}-03.md", f"# {words['week_pattern'].title()} 3\n\nNotas.\n")
    for kind, item in (("reading", "Paper"), ("exercise", "Uno")):  # "Uno" has no word that classifies it
        result = run("-d", str(tmp_path), "add", "3", kind, item)
        assert result.exit_code == 0, result.stderr
    reading, exercise = (words[key][:1].upper() + words[key][1:] for key in ("readings", "exercises"))
    assert path.read_text().endswith(f"Notas.\n\n## {reading}\n\n- [ ] Paper\n\n## {exercise}\n\n- [ ] Uno\n")
    items = run("-d", str(tmp_path), "show", "3", "--json").json()["items"]
    assert [(i["text"], i["section"], i["section_from"]) for i in items] == [
        ("Paper", "readings", "heading"),
        ("Uno", "exercises", "heading"),
    ]


@pytest.mark.parametrize(
    ("config", "path", "title"),
    [
        (SPANISH, "biologia/semana-01.md", "Biologia - Semana 1"),
        (TURKISH, "biologia/hafta-01.md", "Biologia - Hafta 1"),
    ],
    ids=["spanish", "turkish"],
)
def test_a_new_course_is_a_week_the_vocabulary_lists(run, write, tmp_path, config, path, title):
    write(".notes.yaml", config)
    write("curso/semana-03.md", "# Semana 3\n")
    result = run("-d", str(tmp_path), "new", "--course", "Biologia", "--reading", "Libro", "--exercise", "Uno")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / path).is_file()
    weeks = run("-d", str(tmp_path), "weeks", "--course", "Biologia", "--json").json()
    assert [(w["path"], w["week"], w["title"]) for w in weeks] == [(path, 1, title)]
    items = run("-d", str(tmp_path), "show", "1", "--course", "Biologia", "--json").json()["items"]
    assert [(i["text"], i["section"]) for i in items] == [("Libro", "readings"), ("Uno", "exercises")]


# ---- configurations of switches, read without PyYAML ----------------------------------------------

SWITCH_LINES = st.sampled_from(
    [
        "git: false",
        "git: true",
        "record_done_dates:  true  # a comment ✅",
        "classify_items: false #",
        "# a comment: with a colon, ✅",
        "",
        "  ",
        "git: False",
        "git: yes",
        "yes: true",
        "Git: true",
        "git: true\t# tab",
        "git:false",
        "readings: [lecturas]",
        "---",
        "git: false # \x85",
        "\ufeffgit: true",
        "git: true\x00",
    ]
)


@given(st.lists(SWITCH_LINES, max_size=6), st.sampled_from(["\n", "\r\n", "\r"]))
def test_a_configuration_of_switches_reads_as_pyyaml_reads_it(lines, newline):
    """What the fast reader takes it reads as PyYAML does; what it leaves is PyYAML's to read."""
    text = newline.join(lines)
    switches = read_switches(text)
    try:
        expected = yaml.safe_load(text)
    except yaml.YAMLError:
        assert switches is None
        return
    if switches is not None:
        assert switches == (expected or {})
        assert all(type(value) is bool for value in switches.values())


def test_the_examples_configuration_is_read_without_pyyaml():
    text = (Path(__file__).resolve().parent.parent / "examples" / ".notes.yaml").read_text(encoding="utf-8")
    assert read_switches(text) == {"git": False} == yaml.safe_load(text)
