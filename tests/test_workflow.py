"""The study workflow: next, open, edit, new, add and check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from notes_cli.launch import editor_command

from .conftest import CORPUS, EXAMPLES, SEED_NAME, TODAY, needs_corpus

SEED = f"_posts/{SEED_NAME}"


# ---- next -----------------------------------------------------------------------------------------


def test_next_answers_on_its_first_line(run):
    result = run("-d", str(EXAMPLES), "next")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    # Week 0's open items are placeholders still to be filled in: real items come first.
    assert lines[0].split()[:6] == ["Week", "1", "·", "6", "exercise", "Exercise"]
    assert "placeholder" not in result.stdout


def test_next_fills_from_later_weeks_readings_before_exercises(run, write, tmp_path):
    write("week-1.md", "## Readings\n- [x] r1\n## Exercises\n- [ ] e1\n")
    write("week-2.md", "## Exercises\n- [ ] e2\n## Readings\n- [ ] r2\n- [ ] r3\n")
    items = run("-d", str(tmp_path), "next", "-n", "4", "--json").json()
    assert [(i["week"], i["text"]) for i in items] == [(1, "e1"), (2, "r2"), (2, "r3"), (2, "e2")]
    assert set(items[0]) == {"course", "week", "path", "number", "section", "text", "url", "line", "placeholder"}
    only = run("-d", str(tmp_path), "next", "--exercises", "--json").json()
    assert [i["text"] for i in only] == ["e1", "e2"]


def test_next_per_course_and_on_a_complete_vault(run, write, tmp_path):
    write("a/week-1.md", "---\ncourse: Algebra\n---\n## Readings\n- [ ] algebra\n")
    write("b/week-1.md", "---\ncourse: Biology\n---\n## Readings\n- [ ] biology\n")
    out = run("-d", str(tmp_path), "next").stdout
    assert out.splitlines()[0].split() == ["Algebra", "Week", "1", "·", "1", "reading", "algebra"] and "Biology" in out
    assert "Algebra" not in run("-d", str(tmp_path), "next", "--course", "bio").stdout
    run("-d", str(tmp_path), "done", "a/week-1.md", "1")
    run("-d", str(tmp_path), "done", "b/week-1.md", "1")
    result = run("-d", str(tmp_path), "next")
    assert (result.exit_code, result.stdout) == (0, "Nothing to do next: every item is done.\n")


# ---- open and edit --------------------------------------------------------------------------------


def test_open_print_and_refusals(run):
    result = run("-d", str(EXAMPLES), "open", "0", "1", "--print")
    assert (result.exit_code, result.stdout) == (0, "https://www.youtube.com/watch?v=zjkBMFhNj_g\n")
    refused = run("-d", str(EXAMPLES), "open", "0", "3")
    assert refused.exit_code == 1 and "only http, https and mailto links are opened" in refused.stderr
    assert "no link" in run("-d", str(EXAMPLES), "open", "0", "4").stderr
    malformed = run("-d", str(EXAMPLES), "open", "0", "2")  # the seed's `[link-to-reading-2](https://...)`
    assert malformed.exit_code == 1 and "refusing to open" in malformed.stderr
    assert "it holds https://epochai.org/blog/compute-trends (`notes check` shows the fix)" in malformed.stderr


def test_open_hands_web_links_to_the_browser(run, monkeypatch):
    import webbrowser

    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    result = run("-d", str(EXAMPLES), "open", "0", "intro")
    assert result.exit_code == 0 and opened == ["https://www.youtube.com/watch?v=zjkBMFhNj_g"]
    monkeypatch.setattr(webbrowser, "open", lambda url: False)
    failed = run("-d", str(EXAMPLES), "open", "0", "1")
    assert failed.exit_code == 1 and "--print" in failed.stderr


@pytest.mark.parametrize(
    ("editor", "expected"),
    [
        ("vim", ["vim", "+12", "N"]),
        ("nvim -p", ["nvim", "-p", "+12", "N"]),
        ("/usr/bin/nano", ["/usr/bin/nano", "+12", "N"]),
        ("emacsclient -t", ["emacsclient", "-t", "+12", "N"]),
        ("micro", ["micro", "+12", "N"]),
        ("kak", ["kak", "+12", "N"]),
        ("code --wait", ["code", "--wait", "--goto", "N:12"]),
        ("gedit", ["gedit", "N"]),
    ],
)
def test_editor_command_goes_to_the_line_where_the_editor_can(editor, expected):
    assert editor_command(Path("N"), 12, {"EDITOR": editor}, "linux") == expected
    assert editor_command(Path("N"), 12, {"VISUAL": editor, "EDITOR": "ed"}, "linux") == expected


def test_editor_fallbacks_per_platform():
    assert editor_command(Path("N"), None, {}, "win32") == ["notepad", "N"]
    assert editor_command(Path("N"), None, {}, "darwin") == ["open", "-t", "N"]
    assert editor_command(Path("N"), 3, {}, "linux")[-1] == "N"


def test_edit_runs_the_editor_at_the_item(run, examples, tmp_path):
    log = tmp_path / "args"
    script = tmp_path / "vim"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {log}\n')
    script.chmod(0o755)
    result = run("-d", str(examples), "edit", "0", "exercise 2", env={"VISUAL": str(script)})
    assert result.exit_code == 0, result.stderr
    assert log.read_text().splitlines() == ["+60", str(examples / SEED)]
    missing = run("-d", str(examples), "edit", "0", env={"VISUAL": "no-such-editor-here"})
    assert missing.exit_code == 1 and "not found" in missing.stderr


# ---- new ------------------------------------------------------------------------------------------


def test_new_week_from_the_latest_week(run, examples):
    result = run(
        "-d",
        str(examples),
        "new",
        "--date",
        "2024-03-20",
        "--reading",
        "Risks from Learned Optimization|https://arxiv.org/abs/1906.01820",
        "--reading",
        "Plain title",
        "--exercise",
        "Explain mesa-optimization",
    )
    assert result.exit_code == 0, result.stderr
    path = examples / "_posts/2024-03-20-agi-safety-fundamentals-week-4.md"
    assert result.stdout == f"created {path.relative_to(examples).as_posix()}\n"
    assert path.read_text() == (
        "---\nlayout: post\ntitle: AGI Safety Fundamentals - Week 4\ndate: 2024-03-20\n"
        "categories: [AGI Safety Fundamentals]\n---\n\n# Week 4 Lecture Notes\n\n## Readings\n\n"
        "- [ ] [Risks from Learned Optimization](https://arxiv.org/abs/1906.01820)\n- [ ] Plain title\n\n"
        "## Exercises\n\n- [ ] Explain mesa-optimization\n"
    )
    week = run("-d", str(examples), "show", "4", "--json").json()
    assert (week["week"], week["date"], week["readings"]["total"], week["exercises"]["total"]) == (
        4,
        "2024-03-20",
        2,
        1,
    )


def test_new_dry_run_writes_nothing_and_today_is_the_default(run, examples):
    before = sorted(p.name for p in (examples / "_posts").iterdir())
    result = run("-d", str(examples), "new", "--dry-run")
    assert result.exit_code == 0
    today = TODAY
    assert result.stdout.startswith(f"would create _posts/{today}-agi-safety-fundamentals-week-4.md:\n---\n")
    assert f"date: {today}" in result.stdout
    assert sorted(p.name for p in (examples / "_posts").iterdir()) == before


def test_new_never_overwrites_and_refuses_a_taken_week(run, examples):
    first = run("-d", str(examples), "new", "--date", "2024-03-20", "--week", "7", "--title", "Week 7: Catch-up")
    assert first.exit_code == 0
    created = examples / "_posts/2024-03-20-agi-safety-fundamentals-week-7.md"
    assert 'title: "Week 7: Catch-up"' in created.read_text()
    again = run("-d", str(examples), "new", "--date", "2024-03-20", "--week", "7")
    assert again.exit_code == 1 and "week 7 of “AGI Safety Fundamentals” already exists" in again.stderr
    (examples / "_posts/2024-03-27-agi-safety-fundamentals-week-8.md").write_text("not a week of this course\n")
    clash = run("-d", str(examples), "new", "--date", "2024-03-27", "--course", "agi")
    assert clash.exit_code == 1 and "already exists" in clash.stderr
    assert (
        examples / "_posts/2024-03-27-agi-safety-fundamentals-week-8.md"
    ).read_text() == "not a week of this course\n"


def test_new_course_in_an_empty_vault_uses_the_template(run, tmp_path):
    assert run("-d", str(tmp_path), "new").exit_code == 2
    result = run(
        "-d", str(tmp_path), "new", "--course", "Linear Algebra", "--date", "2025-01-06", "--exercise", "Pset 1"
    )
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "linear-algebra" / "week-01.md"  # not a Jekyll site: no post name, no layout
    assert path.read_text() == (
        "---\ntitle: Linear Algebra - Week 1\ndate: 2025-01-06\ncourse: Linear Algebra\n---\n\n"
        "# Week 1 Lecture Notes\n\n## Readings\n\n## Exercises\n\n- [ ] Pset 1\n\n## Additional Notes\n"
    )
    listed = run("-d", str(tmp_path), "weeks", "--json").json()
    assert [(w["course"], w["week"], w["exercises"]["total"]) for w in listed] == [("Linear Algebra", 1, 1)]
    nxt = run("-d", str(tmp_path), "new", "--date", "2025-01-13", "--dry-run")
    assert "would create linear-algebra/week-02.md" in nxt.stdout and "## Additional Notes" in nxt.stdout


def test_new_course_in_a_jekyll_site_is_a_post(run, tmp_path):
    (tmp_path / "_posts").mkdir()
    result = run("-d", str(tmp_path), "new", "--course", "Linear Algebra", "--date", "2025-01-06")
    assert result.exit_code == 0, result.stderr
    path = tmp_path / "_posts" / "2025-01-06-linear-algebra-week-1.md"
    assert path.read_text().startswith(
        "---\nlayout: post\ntitle: Linear Algebra - Week 1\ndate: 2025-01-06\ncategories: [Linear Algebra]\n---\n"
    )


def test_new_needs_a_course_when_there_are_several(run, write, tmp_path):
    write("a/week-1.md", "---\ncourse: Algebra\n---\n## Readings\n")
    write("b/week-1.md", "---\ncourse: Biology\n---\n## Readings\n")
    result = run("-d", str(tmp_path), "new")
    assert result.exit_code == 1 and "--course" in result.stderr and "Algebra" in result.stderr
    assert "would create b/week-2.md" in run("-d", str(tmp_path), "new", "-c", "bio", "--dry-run").stdout


@pytest.mark.parametrize(
    ("latest", "expected"),
    [
        ("notes/week-03.md", "notes/week-04.md"),
        ("cloud/week-03/index.md", "cloud/week-04/index.md"),
        ("algo/Week3.markdown", "algo/Week4.markdown"),
    ],
)
def test_new_follows_the_course_naming(run, write, tmp_path, latest, expected):
    write(latest, "---\ncourse: C\ntitle: Week 3\n---\n## Readings\n- [x] r\n")
    result = run("-d", str(tmp_path), "new", "--date", "2025-02-01")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / expected).read_text() == "---\ncourse: C\ntitle: Week 4\n---\n\n## Readings\n"


def test_new_keeps_front_matter_lines_and_line_endings(run, write, tmp_path):
    write(
        "2024-01-01-ml-week-1.md",
        "---\r\n# my template\r\ntitle: 'ML - Week 1'\r\ntags: [a, b]\r\nweek: 1\r\ndate: 2024-01-01 10:00:00 +0000\r\n"
        "published: false  # draft\r\n---\r\n\r\n## Week 1: Basics\r\n\r\n## Readings\r\n\r\n* [x] r\r\n",
    )
    assert run("-d", str(tmp_path), "new", "--date", "2024-01-08").exit_code == 0
    assert (tmp_path / "2024-01-08-ml-week-2.md").read_bytes() == (
        b"---\r\n# my template\r\ntitle: ML - Week 2\r\ntags: [a, b]\r\nweek: 2\r\ndate: 2024-01-08\r\n"
        b"published: false  # draft\r\n---\r\n\r\n## Week 2: Basics\r\n\r\n## Readings\r\n"
    )


def test_new_rejects_a_bad_date(run, examples):
    result = run("-d", str(examples), "new", "--date", "next monday")
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


# ---- add ------------------------------------------------------------------------------------------


def added_line(before: bytes, after: bytes) -> bytes:
    """The bytes `after` has that `before` lacks, asserting nothing else changed."""
    start = 0
    while start < len(before) and before[start] == after[start]:
        start += 1
    extra = len(after) - len(before)
    assert after[:start] + after[start + extra :] == before
    return after[start : start + extra]


@pytest.mark.parametrize(
    ("content", "args", "inserted"),
    [
        ("## Readings\n- [x] a\n- [ ] b\n\n## Exercises\n", ["reading", "c"], b"- [ ] c\n"),
        ("## Exercises\r\n\r\n1. [ ] one\r\n2. [x] two\r\n", ["exercise", "three"], b"3. [ ] three\r\n"),
        ("## Exercises\n9) [ ] nine", ["exercise", "ten"], b"\n10) [ ] ten"),
        ("## Readings\n> * [ ] quoted\n>   more\n\nafter\n", ["reading", "q2"], b"> * [ ] q2\n"),
        ("## Readings\n- [ ] parent\n  - [ ] child\n\n\n## Exercises\n", ["reading", "r"], b"- [ ] r\n"),  # not a step
        ("# Week 1\n\n## Readings\n\n## Exercises\n", ["exercise", "e"], b"- [ ] e\n"),
        ("# Week 1\n\n## Notes\n\n* [x] other\n", ["exercise", "e"], b"\n## Exercises\n\n* [ ] e\n"),
        ("# Week 1\n\n### Notes\n\ntext", ["reading", "r"], b"\n\n### Readings\n\n- [ ] r"),
        ("", ["reading", "r"], b"## Readings\n\n- [ ] r\n"),
    ],
    ids=[
        "lf",
        "crlf-ordered",
        "no-final-newline",
        "block-quote",
        "nested",
        "heading-only",
        "new-section",
        "new-section-no-newline",
        "empty-note",
    ],
)
def test_add_inserts_one_line_and_changes_nothing_else(run, write, tmp_path, content, args, inserted):
    path = write("week-1.md", content)
    before = path.read_bytes()
    result = run("-d", str(tmp_path), "add", "1", *args)
    assert result.exit_code == 0, result.stderr
    assert added_line(before, path.read_bytes()) == inserted
    shown = run("-d", str(tmp_path), "show", "1", "--json").json()
    section = "readings" if args[0] == "reading" else "exercises"
    assert [i["text"] for i in shown["items"] if i["section"] == section][-1] == args[1]


def test_add_reading_with_url_and_json(run, examples):
    result = run(
        "-d",
        str(examples),
        "add",
        "0",
        "reading",
        "Scaling [laws]",
        "--url",
        "https://arxiv.org/abs/2001.08361",
        "--json",
    )
    assert result.exit_code == 0
    data = result.json()
    assert data["added"] == 4 and data["readings"] == {"done": 2, "total": 4}
    item = data["items"][3]
    assert (item["text"], item["url"], item["line"]) == ("Scaling [laws]", "https://arxiv.org/abs/2001.08361", 56)
    assert "- [ ] [Scaling \\[laws\\]](https://arxiv.org/abs/2001.08361)\n" in (examples / SEED).read_text()


def test_add_refuses_a_layout_it_cannot_extend(run, write, tmp_path):
    path = write("week-1.md", "## Readings\n-\n  [ ] box on the next line\n")
    result = run("-d", str(tmp_path), "add", "1", "reading", "new")
    assert result.exit_code == 1 and "cannot add the item safely" in result.stderr
    assert path.read_text() == "## Readings\n-\n  [ ] box on the next line\n"


def test_add_rejects_bad_arguments(run, examples):
    assert run("-d", str(examples), "add", "0", "lecture", "x").exit_code == 2
    assert run("-d", str(examples), "add", "0", "reading", "  ").exit_code == 2


# ---- check ----------------------------------------------------------------------------------------


def test_check_on_the_seed_note(run):
    result = run("-d", str(EXAMPLES), "check", SEED)
    assert result.exit_code == 0  # warnings only
    lines = result.stdout.splitlines()
    found = [(int(line.split(":")[1]), line.rsplit("[", 1)[1].rstrip("]")) for line in lines if line.startswith(SEED)]
    assert found == [(49, "N102"), (54, "N202"), (55, "N101"), (59, "N101"), (60, "N101"), (61, "N101")]
    assert "did you mean https://epochai.org/blog/compute-trends?" in result.stdout
    assert (
        "    fix: - [X] [Compute Trends Across Three Eras of Machine Learning](https://epochai.org/blog/compute-trends)"
        in lines
    )
    assert "“Title of Reading 3” (link-to-reading-3)" in result.stdout
    assert lines[-1] == "0 errors, 6 warnings in 1 file (1 note checked)"


def test_check_json_and_ignore(run):
    data = run("-d", str(EXAMPLES), "check", "--json", "--ignore", "N101,n102", "--ignore", "N304").json()
    assert set(data) == {"findings", "errors", "warnings", "notes"}
    assert [(f["line"], f["code"], f["level"]) for f in data["findings"]] == [(54, "N202", "warning")]
    assert set(data["findings"][0]) == {"path", "line", "level", "code", "message", "fix"}
    bad = run("-d", str(EXAMPLES), "check", "--ignore", "N999")
    assert bad.exit_code == 2 and "unknown check code N999" in bad.stderr


@pytest.mark.parametrize(
    ("line", "fix"),
    [
        ("- []  empty box", "- [ ] empty box"),
        ("- [ x] spaced", "- [x] spaced"),
        ("-[ ] glued", "- [ ] glued"),
        ("* [ ✅ ] emoji", "* [x] emoji"),
        ("1.[x] ordered", "1. [x] ordered"),
        ("> - [  ] quoted", "> - [ ] quoted"),
        ("- [x]no space", "- [x] no space"),
    ],
)
def test_check_near_miss_boxes_with_the_fix(run, write, tmp_path, line, fix):
    write("note.md", f"# Todo\n\n{line}\n")
    data = run("-d", str(tmp_path), "check", "--json").json()
    assert [(f["line"], f["code"], f["fix"]) for f in data["findings"]] == [(3, "N103", fix)]


@pytest.mark.parametrize(
    "line",
    [
        "- [ ] a real task",
        "- [x](https://a.example) a link",
        "- [link](https://a.example)",
        "```\n- [] in code\n```",
        "- [Book] title",
        "Text with [ ] inside",
    ],
)
def test_check_leaves_real_tasks_links_and_code_alone(run, write, tmp_path, line):
    write("note.md", f"# Todo\n\n{line}\n")
    assert run("-d", str(tmp_path), "check", "--json").json()["findings"] == []


def test_check_links_to_files(run, write, tmp_path):
    write("docs/other.md", "# Other\n")
    write(
        "docs/note.md",
        "[ok](other.md) [up](../docs/other.md#part) [root](/docs/other.md) [web](https://x.example) "
        "[anchor](#top) [gone](missing.md) [liquid]({{ site.baseurl }}/x)\n",
    )
    data = run("-d", str(tmp_path), "check", "--json").json()
    assert [(f["code"], f["message"]) for f in data["findings"]] == [
        ("N201", "link target “missing.md” is neither a URL nor an existing file")
    ]


def test_check_across_the_weeks_of_a_course(run, write, tmp_path):
    front = "---\ncourse: C\ndate: 2024-01-0{d}\n---\n"
    write("week-0.md", front.format(d=1) + "## Readings\n- [ ] [Paper](https://p.example/a)\n")
    write("week-2.md", front.format(d=2) + "## Readings\n- [ ] [Same paper](https://p.example/a/)\n")
    write("other/week-2.md", "---\ncourse: C\n---\n## Readings\n")
    result = run("-d", str(tmp_path), "check")
    assert result.exit_code == 1  # two notes claim week 2
    codes = [
        (line.split(":")[0], line.rsplit("[", 1)[1].rstrip("]")) for line in result.stdout.splitlines() if "[N" in line
    ]
    assert ("other/week-2.md", "N302") in codes and ("week-2.md", "N302") in codes
    assert "week 2 of “C” is also claimed by other/week-2.md, with the same file name" in result.stdout
    assert ("week-2.md", "N301") in codes
    assert any(code == "N303" for _, code in codes)
    assert "week 1 of “C” missing between week 0 and week 2" in result.stdout


def test_check_reports_broken_files_as_errors(run, write, tmp_path):
    write("week-1.md", "---\ntitle: [broken\n---\n")
    write("week-2.md", b"\xff\xfe")
    data = run("-d", str(tmp_path), "check", "--json").json()
    assert {(f["path"], f["code"], f["level"]) for f in data["findings"]} >= {
        ("week-1.md", "N001", "error"),
        ("week-2.md", "N003", "error"),
    }
    assert run("-d", str(tmp_path), "check").exit_code == 1
    assert run("-d", str(tmp_path), "check", "--ignore", "N001,N003").exit_code == 0


def test_check_codes_are_documented_in_the_readme():
    from notes_cli.results import Code

    readme = (EXAMPLES.parent / "README.md").read_text()
    for code in Code:
        assert f"`{code}`" in readme


@needs_corpus
def test_workflow_commands_run_on_the_corpus(run, tmp_path):
    for path in CORPUS.glob("*.md"):
        if path.name != "README.md":
            (tmp_path / path.name).write_bytes(path.read_bytes())
    results = {}
    for args in (["check"], ["check", "--json"], ["next"], ["next", "--json", "-n", "50"]):
        results[" ".join(args)] = result = run("-d", str(tmp_path), *args)
        assert result.exit_code in (0, 1), result.stderr
        assert "internal error" not in result.stderr
    data = results["check --json"].json()
    assert data["notes"] == 36 and json.dumps(data)
    new = run("-d", str(tmp_path), "new", "--dry-run", "--date", "2025-01-01")
    assert new.exit_code in (0, 1, 2) and "internal error" not in new.stderr
    for name in [p.name for p in tmp_path.iterdir()]:
        opened = run("-d", str(tmp_path), "open", name, "1", "--print")
        assert opened.exit_code in (0, 1) and "internal error" not in opened.stderr
        assert run("-d", str(tmp_path), "edit", name, env={"VISUAL": "true"}).exit_code == 0
        for section in ("reading", "exercise"):
            before = (tmp_path / name).read_bytes()
            result = run("-d", str(tmp_path), "add", name, section, "added by the test")
            assert result.exit_code in (0, 1), result.stderr
            if result.exit_code == 0:
                added_line(before, (tmp_path / name).read_bytes())
            else:
                assert (tmp_path / name).read_bytes() == before


def test_new_moves_every_week_number_by_the_same_step(run, write, tmp_path):
    write("reading/week0.md", "## Week 0 reading notes (prepares Week 1)\n\n### Checklist\n- [x] a\n\n### Reading\n")
    result = run("-d", str(tmp_path), "new", "--dry-run", "--date", "2025-01-01")
    assert result.stdout.splitlines()[:2] == [
        "would create reading/week1.md:",
        "## Week 1 reading notes (prepares Week 2)",
    ]


def test_a_course_named_like_one_the_vault_has_is_taken_for_a_typo(run, examples):
    before = sorted(p for p in examples.rglob("*") if p.is_file())
    typo = run("-d", str(examples), "new", "--course", "AGI Safty Fundamentals")
    assert (typo.exit_code, typo.stdout) == (1, "")
    assert "did you mean “AGI Safety Fundamentals”?" in typo.stderr and "--new-course" in typo.stderr
    assert sorted(p for p in examples.rglob("*") if p.is_file()) == before
    meant = run("-d", str(examples), "new", "--course", "AGI Safty Fundamentals", "--new-course", "--dry-run")
    assert meant.exit_code == 0 and "agi-safty-fundamentals-week-1.md" in meant.stdout
    unlike = run("-d", str(examples), "new", "--course", "Linear Algebra", "--dry-run")  # nothing like it: no question
    assert unlike.exit_code == 0 and "linear-algebra-week-1.md" in unlike.stdout
    existing = run("-d", str(examples), "new", "--course", "agi safety fundamentals", "--new-course")
    assert existing.exit_code == 2 and "exists already" in existing.stderr
    short = run("-d", str(examples), "new", "--course", "AGI Safty")  # the start of the name, mistyped
    assert short.exit_code == 1 and "did you mean “AGI Safety Fundamentals”?" in short.stderr
    part = run("-d", str(examples), "new", "--course", "AGI", "--new-course", "--dry-run")  # a part of a name: new
    assert part.exit_code == 0 and "_posts/2024-03-20-agi-week-1.md" in part.stdout
    no_course = run("-d", str(examples), "new", "--new-course")
    assert no_course.exit_code == 2 and "--course NAME" in no_course.stderr
    (examples / ".notes.yaml").write_text("git: false\ncourses:\n  AGI Safety Fundamentals: [AGISF]\n")
    alias = run("-d", str(examples), "new", "--course", "AGSIF")  # an alias, mistyped
    assert alias.exit_code == 1 and "did you mean “AGI Safety Fundamentals”?" in alias.stderr
    assert sorted(p for p in examples.rglob("*") if p.is_file()) == before


def test_new_leaves_the_latest_weeks_topic_behind_and_keeps_the_courses_pattern(run, write, tmp_path):
    write("es/Semana_1_Introduccion/README.md", "# Semana 1: Introducción a Python\n\n## Ejercicios\n- [x] e\n")
    write("es/Semana_2_Estructuras_Control/README.md", "# Semana 2: Estructuras de Control\n\n## Ejercicios\n- [ ] e\n")
    write("ml/week-1-notes/README.md", "# ML Week 1 - Notes\n\n## Readings\n- [x] r\n")
    write("ml/week-2-notes/README.md", "# ML Week 2 - Notes\n\n## Readings\n- [ ] r\n")
    spanish, ml = str(tmp_path / "es"), str(tmp_path / "ml")
    planned = run("-d", spanish, "new", "--dry-run")
    assert planned.exit_code == 0, planned.stderr
    assert planned.stdout.startswith("would create Semana_3/README.md:\n# Semana 3\n\n## Ejercicios\n")
    pattern = run("-d", ml, "new", "--dry-run")  # the same text after the number each week: the course's, kept
    assert pattern.stdout.startswith("would create week-3-notes/README.md:\n# ML Week 3 - Notes\n")
    titled = run("-d", spanish, "new", "--title", "Funciones y Módulos")
    assert (titled.exit_code, titled.stdout) == (0, "created Semana_3_Funciones_y_Módulos/README.md\n")
    written = (tmp_path / "es/Semana_3_Funciones_y_Módulos/README.md").read_text()
    assert written.startswith("# Semana 3: Funciones y Módulos\n")  # the title in the place of the topic
    week = run("-d", spanish, "show", "3", "--json").json()
    assert (week["week"], week["title"]) == (3, "Semana 3: Funciones y Módulos")
    after = run("-d", spanish, "new", "--dry-run", "--title", "Listas")  # a week made by `new` is one to go on from
    assert after.stdout.startswith("would create Semana_4_Listas/README.md:\n# Semana 4: Listas\n")


def test_new_keeps_what_every_week_has_after_its_topic(run, write, tmp_path):
    write("C/week-01-intro-notes.md", '---\ntitle: "Week 1 Intro Lab"\n---\n## Readings\n- [ ] a\n')
    write("C/week-02-loops-notes.md", '---\ntitle: "Week 2 Loops Lab"\n---\n## Readings\n- [ ] a\n')
    plain = run("-d", str(tmp_path), "new", "--dry-run")
    assert plain.stdout.startswith("would create C/week-03-notes.md:\n---\ntitle: Week 3 Lab\n")
    titled = run("-d", str(tmp_path), "new", "--dry-run", "--title", "Functions")
    assert titled.stdout.startswith("would create C/week-03-functions-notes.md:\n---\ntitle: Week 3 Functions Lab\n")


def test_new_writes_a_given_title_as_the_course_writes_its_titles_and_names(run, write, tmp_path):
    write("ml/week-01-linear-models.md", '---\ntitle: "ML - Week 1: Linear models"\n---\n## Readings\n- [x] r\n')
    write("ml/week-02-trees.md", '---\ntitle: "ML - Week 2: Trees"\n---\n## Readings\n- [ ] r\n')
    for given in ("Neural nets", "ML - Week 3: Neural nets"):  # a topic, or a whole title with its week number
        planned = run("-d", str(tmp_path), "new", "--dry-run", "--title", given)
        assert planned.exit_code == 0, planned.stderr
        assert planned.stdout.startswith(
            'would create ml/week-03-neural-nets.md:\n---\ntitle: "ML - Week 3: Neural nets"'
        )
    plain = run("-d", str(tmp_path), "new", "--dry-run").stdout  # no title: the latest week's topic stays behind
    assert plain.startswith("would create ml/week-03.md:\n---\ntitle: ML - Week 3\n")
    long = run("-d", str(tmp_path), "new", "--dry-run", "--title", "x" * 300)
    assert long.exit_code == 0 and len(long.stdout.splitlines()[0]) < 100  # a name a file system takes


def test_new_refuses_a_title_the_note_would_not_show(run, write, tmp_path):
    write("c/week-1.md", "## Readings\n- [x] r\n")  # titled by its file name: no heading, no front matter
    before = sorted(p.name for p in (tmp_path / "c").iterdir())
    result = run("-d", str(tmp_path), "new", "--title", "Graphs")
    assert result.exit_code == 1 and "its title would be" in result.stderr and "nothing was written" in result.stderr
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == before


def test_add_puts_the_item_after_the_last_outermost_item_not_inside_its_steps(run, write, tmp_path):
    note = write(
        "week-1.md",
        "## Readings\n\n- [ ] Paper A\n  - [ ] read section 2 of A\n\n## Exercises\n\n"
        "1. [ ] Implement a max-heap:\n\t- [ ] insert\n\t- [ ] pop\n\n## Notes\n\ntext\n",
    )
    assert run("-d", str(tmp_path), "add", "1", "reading", "Paper B").exit_code == 0
    assert run("-d", str(tmp_path), "add", "1", "exercise", "Solve problem 2").exit_code == 0
    assert note.read_text() == (
        "## Readings\n\n- [ ] Paper A\n  - [ ] read section 2 of A\n- [ ] Paper B\n\n## Exercises\n\n"
        "1. [ ] Implement a max-heap:\n\t- [ ] insert\n\t- [ ] pop\n2. [ ] Solve problem 2\n\n## Notes\n\ntext\n"
    )
    ordered = write("week-3.md", "## Exercises\n" + "".join(f"{i}. [ ] e{i}\n" for i in range(1, 11)))
    assert run("-d", str(tmp_path), "add", "3", "exercise", "e11").exit_code == 0  # `10.` is no deeper than `9.`
    assert ordered.read_text().endswith("9. [ ] e9\n10. [ ] e10\n11. [ ] e11\n")
    steps = write(
        "week-2.md", "## Readings\n\n- Week two:\n  - [ ] a\n  - [ ] b\n"
    )  # every task a step: the list goes on
    assert run("-d", str(tmp_path), "add", "2", "reading", "c").exit_code == 0
    assert steps.read_text() == "## Readings\n\n- Week two:\n  - [ ] a\n  - [ ] b\n  - [ ] c\n"


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["new", "--reading", "Title|"], "the link of “Title” is empty"),
        (["new", "--reading", "|https://example.org/p"], "the item's text is empty"),
        (["new", "--exercise", " "], "the item's text is empty"),
        (["add", "3", "reading", "T", "--url", "javascript:alert(1)"], "is not a link a note can hold"),
        (["add", "3", "reading", "T", "--url", ""], "the link of “T” is empty"),
    ],
)
def test_new_and_add_refuse_items_check_would_report(run, examples, args, words):
    before = {p: p.read_bytes() for p in examples.rglob("*") if p.is_file()}
    result = run("-d", str(examples), *args)
    assert (result.exit_code, result.stdout) == (2, "") and words in result.stderr
    assert {p: p.read_bytes() for p in examples.rglob("*") if p.is_file()} == before


def test_new_prints_the_path_and_the_planned_note_unwrapped(run, write, tmp_path):
    folder = "university/year-two/semester-one/machine-learning-and-data/weekly"
    write(f"{folder}/week-01.md", "---\ntitle: Week 1\n---\n## Readings\n- [x] r\n")
    reading = "a very long reading title that goes on and on past the forty columns of this terminal|https://e.org"
    result = run("-d", str(tmp_path), "new", "--dry-run", "--reading", reading, env={"COLUMNS": "40"})
    lines = result.stdout.splitlines()
    assert lines[0] == f"would create {folder}/week-02.md:"  # a path broken over lines is not one to copy
    assert f"- [ ] [{reading.split('|')[0]}](https://e.org)" in lines  # nor is a note line what is written
