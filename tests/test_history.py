"""Done dates from git history: small repositories built in temporary folders, with fixed author dates and
time zones, for every rule of the README's "History from git" section. Skipped when git is not installed."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from notes_cli import history

GIT = shutil.which("git")
pytestmark = pytest.mark.skipif(GIT is None, reason="git is not installed")

FRONT = "---\ntitle: AGI Safety Fundamentals - Week {week}\ndate: 2024-02-{day}\n"
FRONT += "categories: [AGI Safety Fundamentals]\n---\n"
INTRO = "[[1hr Talk] Intro to Large Language Models](https://www.youtube.com/watch?v=zjkBMFhNj_g)"
COMPUTE = "Compute Trends Across Three Eras of Machine Learning"
BROKEN_LINK = f"[{COMPUTE}]([link-to-reading-2](https://epochai.org/blog/compute-trends))"
FIXED_LINK = f"[{COMPUTE}](https://epochai.org/blog/compute-trends)"
SEED = "_posts__2024-02-21-agi-safety-fundamentals-week-0.md"  # __ for / in Repo.commit's keyword arguments


def week(*items: str, number: int = 0, day: int = 21) -> str:
    """A week note shaped like the seed: its readings as given, then one exercise."""
    readings = "".join(f"- {item}\n" for item in items)
    return (
        FRONT.format(week=number, day=day)
        + f"\n# Week {number} Lecture Notes\n\n## Readings\n\n{readings}\n## Exercises\n\n- [ ] Exercise 1\n"
    )


class Repo:
    """A git repository in a temporary folder; every commit at a given author date and time zone."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, date: str = "2024-01-01T12:00:00+00:00") -> str:
        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        identity = ["-c", "user.name=Student", "-c", "user.email=student@example.invalid", "-c", "commit.gpgsign=false"]
        done = subprocess.run([GIT, "-C", str(self.path), *identity, *args], env=env, capture_output=True, check=True)
        return done.stdout.decode()

    def write(self, name: str, text: str | bytes) -> Path:
        path = self.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode() if isinstance(text, str) else text)
        return path

    def commit(self, date: str, message: str, **files: str | bytes) -> str:
        """Write the files (`__` in a name for `/`, `_md` ending it for `.md`), add everything, commit."""
        for name, text in files.items():
            self.write(name.replace("__", "/").replace("_md", ".md"), text)
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message, date=date)
        return self.git("rev-parse", "HEAD").strip()


@pytest.fixture(autouse=True)
def own_git_config(run, monkeypatch, tmp_path_factory):
    """History on (the `run` fixture turns it off for other tests), and git reads no configuration but the
    repository's (not the user's or the system's)."""
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("NOTES_GIT", raising=False)
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def repo(tmp_path) -> Repo:
    return Repo(tmp_path / "blog")


def items(run, repo: Repo, *options: str, week: str = "0") -> list[tuple]:
    """(number, done, done_on, done_source) of the week's items, from `show --json`."""
    result = run("-d", str(repo.path), *options, "show", week, "--json")
    assert result.exit_code == 0, result.stderr
    return [(i["number"], i["done"], i["done_on"], i["done_source"]) for i in result.json()["items"]]


def seed_history(repo: Repo) -> None:
    """The seed note's story: written on the 21st, two readings ticked on the evening of the 23rd (UTC+1),
    the second one's link fixed on the 29th, the third reading filled in, ticked, on April 1st."""
    name = SEED
    open_items = (f"[ ] {INTRO}", f"[ ] {BROKEN_LINK}", "[ ] [Title of Reading 3](link-to-reading-3)")
    repo.commit("2024-02-21T09:00:00+01:00", "Week 0 notes", **{name: week(*open_items)})
    ticked = (f"[X] {INTRO}", f"[X] {BROKEN_LINK}", "[X] [Title of Reading 3](link-to-reading-3)")
    repo.commit("2024-02-23T21:40:00+01:00", "Week 0: two readings", **{name: week(*ticked)})
    fixed = (f"[X] {INTRO}", f"[X] {FIXED_LINK}", "[X] [Title of Reading 3](link-to-reading-3)")
    repo.commit("2024-02-29T08:15:00+01:00", "Fix the compute trends link", **{name: week(*fixed)})
    filled = (*fixed[:2], "[X] [Risks from Learned Optimization](https://arxiv.org/abs/1906.01820)")
    repo.commit("2024-04-01T10:00:00+02:00", "Week 0: reading 3", **{name: week(*filled)})


def test_a_tick_an_edit_of_the_link_and_a_placeholder_filled_in_while_ticked(run, repo):
    seed_history(repo)
    assert items(run, repo) == [
        (1, True, "2024-02-23", "git"),
        (2, True, "2024-02-23", "git"),  # the link fixed on the 29th: still done since the 23rd
        (3, True, "2024-04-01", "git"),  # ticked as a placeholder; a reading of its own on April 1st
        (4, False, None, None),
    ]


def test_the_authors_own_time_zone_gives_the_day(run, repo):
    name = "week-0.md"
    repo.commit("2024-02-21T09:00:00-08:00", "notes", **{name: week("[ ] Reading one")})
    repo.commit("2024-02-23T23:30:00-08:00", "tick", **{name: week("[x] Reading one")})  # the 24th in UTC
    assert items(run, repo)[0] == (1, True, "2024-02-23", "git")


def test_an_item_added_ticked_was_done_when_it_was_added(run, repo):
    repo.commit("2024-02-21T09:00:00+00:00", "notes", **{"week-0.md": week("[ ] Reading one")})
    repo.commit("2024-03-05T09:00:00+00:00", "more", **{"week-0.md": week("[ ] Reading one", "[x] Reading two")})
    assert items(run, repo)[:2] == [(1, False, None, None), (2, True, "2024-03-05", "git")]


def test_lines_of_a_changed_block_are_paired_by_similarity_not_position(run, repo):
    before = week("[x] Alpha: the first reading of the week", "[ ] Beta")
    repo.commit("2024-02-21T09:00:00+00:00", "notes", **{"week-0.md": before})
    after = week("[ ] A brand new item", "[x] Alpha: the first reading of the week, second edition", "[ ] Beta")
    repo.commit("2024-02-25T09:00:00+00:00", "edit", **{"week-0.md": after})
    assert items(run, repo)[:2] == [(1, False, None, None), (2, True, "2024-02-21", "git")]
    old, new = [b"- [x] Alpha: the first reading\n"], [b"- [ ] New\n", b"- [x] Alpha: the first read\n"]
    assert history.pair_lines(old, new) == [None, 0]


def test_a_rename_keeps_the_history(run, repo):
    repo.commit("2024-02-21T09:00:00+00:00", "notes", **{"week-0.md": week("[ ] Reading one", "[ ] Two")})
    repo.commit("2024-02-23T09:00:00+00:00", "tick", **{"week-0.md": week("[x] Reading one", "[ ] Two")})
    repo.git("mv", "week-0.md", "agisf-week-0.md")
    repo.commit("2024-03-01T09:00:00+00:00", "rename", **{"agisf-week-0.md": week("[x] Reading one", "[x] Two")})
    (repo.path / "posts").mkdir()
    repo.git("mv", "agisf-week-0.md", "posts/2024-02-21-week-0.md")
    repo.commit("2024-03-02T09:00:00+00:00", "move")
    assert items(run, repo)[:2] == [(1, True, "2024-02-23", "git"), (2, True, "2024-03-01", "git")]


def test_a_marker_wins_over_history(run, repo):
    repo.commit("2024-02-21T09:00:00+00:00", "notes", **{"week-0.md": week("[ ] One", "[ ] Two")})
    repo.commit("2024-02-23T09:00:00+00:00", "tick", **{"week-0.md": week("[x] One ✅ 2024-03-10", "[x] Two")})
    assert items(run, repo)[:2] == [(1, True, "2024-03-10", "marker"), (2, True, "2024-02-23", "git")]


def test_untick_then_tick_again_gives_the_later_date(run, repo):
    for date, box in (("2024-02-21", " "), ("2024-02-23", "x"), ("2024-02-25", " "), ("2024-02-27", "x")):
        repo.commit(f"{date}T09:00:00+00:00", f"box {box!r}", **{"week-0.md": week(f"[{box}] Reading one")})
    assert items(run, repo)[0] == (1, True, "2024-02-27", "git")


def test_ticks_not_committed_are_dated_by_the_files_modification_day(run, repo):
    repo.commit("2024-02-21T09:00:00+00:00", "notes", **{"week-0.md": week("[x] One", "[ ] Two", "[ ] Three")})
    note = repo.write("week-0.md", week("[x] One, edited", "[x] Two", "[ ] Three"))
    new = repo.write("week-1.md", week("[x] Fresh", number=1, day=28))
    stamp = dt.datetime(2024, 3, 9, 12, 0).timestamp()  # local time
    for path in (note, new):
        os.utime(path, (stamp, stamp))
    assert items(run, repo)[:3] == [
        (1, True, "2024-02-21", "git"),  # edited but done in HEAD already
        (2, True, "2024-03-09", "modified"),
        (3, False, None, None),
    ]
    assert items(run, repo, week="1")[0] == (1, True, "2024-03-09", "modified")
    human = run("-d", str(repo.path), "log").stdout
    assert "2024-03-09  Week 1 · 1  Fresh" in human and "not committed" in human


def test_a_file_git_ignores_keeps_todays_answers(run, repo):
    repo.commit("2024-02-21T09:00:00+00:00", "notes", **{".gitignore": "drafts/\n", "week-0.md": week("[x] One")})
    repo.write("drafts/week-1.md", week("[x] Draft", number=1, day=28))
    assert items(run, repo, week="1") == [(1, True, None, None), (2, False, None, None)]


def apart(one: str, two: str, three: str) -> str:
    """A week of three items with these boxes, apart enough that branches ticking different ones merge."""
    return week(f"[{one}] One", f"[{two}] Two", f"[{three}] Three").replace("\n- [", "\n\nsome notes\n\n- [")


def test_merges_take_the_date_from_the_side_that_made_the_change(run, repo):
    note = apart
    repo.commit("2024-02-21T09:00:00+00:00", "notes", **{"week-0.md": note(" ", " ", " ")})
    repo.git("checkout", "-q", "-b", "side")
    repo.commit("2024-03-01T09:00:00+00:00", "tick one on a branch", **{"week-0.md": note("x", " ", " ")})
    repo.git("checkout", "-q", "main")
    repo.commit("2024-03-03T09:00:00+00:00", "tick three on main", **{"week-0.md": note(" ", " ", "x")})
    repo.git("merge", "-q", "--no-edit", "side", date="2024-03-05T09:00:00+00:00")
    repo.git("checkout", "-q", "-b", "later", "HEAD~1")
    repo.commit("2024-03-06T09:00:00+00:00", "tick two on a branch", **{"week-0.md": note(" ", "x", "x")})
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-edit", "later", date="2024-03-08T09:00:00+00:00")
    assert (repo.path / "week-0.md").read_text() == note("x", "x", "x")
    assert items(run, repo)[:3] == [
        (1, True, "2024-03-01", "git"),  # from the second parent
        (2, True, "2024-03-06", "git"),  # from the second parent of the second merge
        (3, True, "2024-03-03", "git"),  # from the first parent
    ]
    log = run("-d", str(repo.path), "log", "--json").json()
    assert [(e["number"], e["commit"]["subject"]) for e in log] == [
        (2, "tick two on a branch"),
        (3, "tick three on main"),
        (1, "tick one on a branch"),
    ]
    main_first = run("-d", str(repo.path), "stats", "--json", env={"NOTES_TODAY": "2024-03-08"}).json()
    assert main_first["done_without_date"] == 0


def test_a_shallow_clone_says_so_and_dates_only_what_it_can_see(run, repo, tmp_path):
    repo.commit("2024-02-21T09:00:00+00:00", "notes", **{"week-0.md": week("[ ] One", "[ ] Two", "[ ] Three")})
    repo.commit("2024-02-23T09:00:00+00:00", "one", **{"week-0.md": week("[x] One", "[ ] Two", "[ ] Three")})
    repo.commit("2024-02-25T09:00:00+00:00", "two", **{"week-0.md": week("[x] One", "[x] Two", "[ ] Three")})
    repo.commit("2024-02-27T09:00:00+00:00", "three", **{"week-0.md": week("[x] One", "[x] Two", "[x] Three")})
    clone = tmp_path / "clone"
    subprocess.run([GIT, "clone", "-q", "--depth", "2", f"file://{repo.path}", str(clone)], check=True)
    shallow = Repo.__new__(Repo)
    shallow.path = clone
    assert items(run, shallow)[:3] == [(1, True, None, None), (2, True, None, None), (3, True, "2024-02-27", "git")]
    for command in ("stats", "log"):
        result = run("-d", str(clone), command)
        assert result.exit_code == 0
        assert result.stderr.count("history is shallow") == 1 and "2 done items" in result.stderr
        assert "git fetch --unshallow" in result.stderr
    assert run("-d", str(clone), "stats", "--json").json()["done_without_date"] == 2


def no_history(run, vault: Path, **env: str) -> list[str]:
    """What the history-reading commands print, each as text."""
    commands = (("show", "0", "--json"), ("stats", "--json"), ("log", "--json"), ("stats",), ("log",))
    results = [run("-d", str(vault), *command, env=env or None) for command in commands]
    assert all(r.exit_code == 0 and r.stderr == "" for r in results), [r.stderr for r in results]
    return [r.stdout for r in results]


def test_without_git_and_outside_a_work_tree_the_answers_are_todays(run, repo, tmp_path):
    seed_history(repo)
    off = no_history(run, repo.path, NOTES_GIT="0")
    assert '"done_source": null' in off[0] and '"done_source": "git"' not in off[0]
    assert no_history(run, repo.path, PATH=str(tmp_path / "nowhere")) == off  # no git on PATH
    assert run("-d", str(repo.path), "--no-git", "stats", "--json").stdout == off[1]
    plain = tmp_path / "plain"
    shutil.copytree(repo.path, plain, ignore=shutil.ignore_patterns(".git"))
    assert no_history(run, plain) == off  # not a repository
    broken = tmp_path / "broken"
    shutil.copytree(plain, broken)
    (broken / ".git").write_text("gitdir: /nonexistent/.git\n")
    assert no_history(run, broken) == off
    bare = tmp_path / "bare.git"
    subprocess.run([GIT, "init", "-q", "--bare", str(bare)], check=True)
    shutil.copytree(plain, bare / "notes")
    assert no_history(run, bare / "notes") == off
    empty = tmp_path / "empty"
    shutil.copytree(plain, empty)
    Repo(empty)  # a repository without a commit
    assert no_history(run, empty) == off


def test_git_false_in_the_configuration_turns_history_off(run, repo):
    seed_history(repo)
    repo.write(".notes.yaml", "git: false\n")
    assert [i[2] for i in items(run, repo)] == [None, None, None, None]
    assert run("-d", str(repo.path), "config", "--json").json()["git"]["value"] is False
    flag = run("-d", str(repo.path), "--no-git", "config", "--json").json()["git"]
    assert flag == {"value": False, "source": "command line --no-git"}


def test_stats_counts_by_the_dates_from_history(run, repo):
    seed_history(repo)
    data = run("-d", str(repo.path), "stats", "--json", env={"NOTES_TODAY": "2024-04-03"}).json()
    completed = {w["start"]: w["completed"] for w in data["weeks"]}
    assert completed["2024-02-19"] == 2 and completed["2024-04-01"] == 1
    assert (data["done"], data["done_without_date"]) == (3, 0)


def test_log_newest_first_with_its_options(run, repo):
    seed_history(repo)
    repo.commit("2024-04-02T10:00:00+02:00", "week 1", **{"week-1.md": week("[x] Risks", number=1, day=28)})
    rows = run("-d", str(repo.path), "log", "--json").json()
    assert set(rows[0]) == {"date", "path", "course", "week", "number", "section", "text", "source", "commit"}
    assert [(r["date"], r["week"], r["number"]) for r in rows] == [
        ("2024-04-02", 1, 1),
        ("2024-04-01", 0, 3),
        ("2024-02-23", 0, 1),
        ("2024-02-23", 0, 2),
    ]
    first = rows[1]
    assert first["course"] == "AGI Safety Fundamentals" and first["section"] == "readings"
    assert first["source"] == "git" and first["commit"]["subject"] == "Week 0: reading 3"
    assert first["commit"]["id"] == repo.git("log", "-1", "--format=%H", "HEAD~1").strip()
    since = run("-d", str(repo.path), "log", "--since", "2024-03-01", "--json").json()
    assert [r["date"] for r in since] == ["2024-04-02", "2024-04-01"]
    assert len(run("-d", str(repo.path), "log", "-n", "1", "--json").json()) == 1
    assert run("-d", str(repo.path), "log", "--course", "nope").exit_code == 1
    assert run("-d", str(repo.path), "log", "--since", "2024-02-30").exit_code == 2  # no such day
    assert run("-d", str(repo.path), "log", "--since", "2030-01-01").stdout == "No done items with a done date.\n"


def test_log_human_output_as_the_readme_shows_it(run, repo, golden):
    seed_history(repo)  # fixed names, contents and dates: the same commit ids everywhere
    result = run("-d", str(repo.path), "log")
    assert result.exit_code == 0 and result.stderr == ""
    golden("log.txt", result.stdout)
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    assert "$ notes -d blog log\n" + result.stdout in readme
    narrow = run("-d", str(repo.path), "log", env={"COLUMNS": "70"}).stdout  # the commit's id alone
    assert narrow.startswith("2024-04-01  Week 0 · 3  51d0088  Risks from Learned Optimization\n")
    for columns in ("50", "40"):  # no room beside: the text on its own lines, as `next` writes it
        narrow = run("-d", str(repo.path), "log", env={"COLUMNS": columns}).stdout.splitlines()
        assert narrow[:2] == ["2024-04-01  Week 0 · 3  51d0088", "    Risks from Learned Optimization"]
        assert narrow[-3] == "2024-02-23  Week 0 · 2  cd13daa" and narrow[-1].endswith(" Learning")


def test_the_history_is_cached_under_head(run, repo, monkeypatch):
    seed_history(repo)
    note = repo.path / SEED.replace("__", "/")
    past = dt.datetime(2023, 11, 14, 12).timestamp()  # local noon
    os.utime(note, (past, past))  # settled: recorded as equal to HEAD, by its size and times
    first = items(run, repo)
    monkeypatch.setattr(history, "walk", lambda repo: pytest.fail("the history was read again"))
    assert items(run, repo) == first
    note.write_text(note.read_text().replace("- [ ] Exercise 1", "- [x] Exercise 1"))
    os.utime(note, (past, past))  # the same size and mtime; the change time tells
    assert items(run, repo)[3] == (4, True, "2023-11-14", "modified")
    unticked = week("[ ] One", "[ ] Two", "[ ] Three")
    repo.commit("2024-04-05T10:00:00+00:00", "untick", **{SEED: unticked})
    monkeypatch.undo()
    assert [i[1:] for i in items(run, repo)] == [(False, None, None)] * 4  # a new HEAD: read again


def test_unusual_file_names_and_line_endings(run, repo):
    name = 'Woche 1 – "Übung"\tneu.md'
    text = week("[ ] Lesen", number=1, day=28).replace("\n", "\r\n")
    repo.commit("2024-02-21T09:00:00+00:00", "notes", **{name: text})
    repo.commit("2024-02-22T09:00:00+00:00", "tick", **{name: text.replace("[ ] Lesen", "[x] Lesen")})
    result = run("-d", str(repo.path), "show", name, "--json")
    assert result.json()["items"][0]["done_on"] == "2024-02-22"


def test_new_commits_are_read_on_top_of_the_cache_and_anything_else_from_scratch(run, repo, monkeypatch):
    reads = []
    walk = history.walk
    monkeypatch.setattr(history, "walk", lambda repo, before: reads.append(before is not None) or walk(repo, before))

    def same_as_from_scratch() -> list:
        cached = items(run, repo)
        assert cached == items(run, repo, "--no-cache")
        return cached

    repo.commit("2024-02-21T09:00:00+00:00", "notes", **{"week-0.md": apart(" ", " ", " ")})
    repo.git("branch", "side")
    repo.commit("2024-02-23T09:00:00+00:00", "one", **{"week-0.md": apart("x", " ", " ")})
    same_as_from_scratch()
    repo.commit("2024-02-25T09:00:00+00:00", "two", **{"week-0.md": apart("x", "x", " ")})
    repo.commit("2024-02-26T09:00:00+00:00", "other files", **{"README.txt": "hello\n"})
    reads.clear()
    expected = [(1, True, "2024-02-23", "git"), (2, True, "2024-02-25", "git"), (3, False, None, None)]
    assert same_as_from_scratch()[:3] == expected
    assert reads[0] is True  # only the new commits
    repo.git("checkout", "-q", "side")
    repo.commit("2024-02-24T09:00:00+00:00", "three", **{"week-0.md": apart(" ", " ", "x")})
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-edit", "side", date="2024-02-28T09:00:00+00:00")
    reads.clear()
    assert same_as_from_scratch()[2] == (3, True, "2024-02-24", "git")
    assert reads[:2] == [True, False]  # the branch did not start from the cached commits: read everything
    repo.git("reset", "-q", "--hard", "HEAD~2")
    repo.commit("2024-03-02T09:00:00+00:00", "redo", **{"week-0.md": apart("x", " ", "x")})
    expected = [(1, True, "2024-02-23", "git"), (2, False, None, None), (3, True, "2024-03-02", "git")]
    assert same_as_from_scratch()[:3] == expected  # history rewritten: read everything again


def test_the_patches_rebuild_every_note_at_head_byte_for_byte(repo):
    """Every kind of change `git log -p` shows, applied line by line, gives HEAD's own bytes."""
    repo.commit("2024-02-21T09:00:00+00:00", "1", a_md="- [x] one\n- [ ] two", b_md="x\r\ny\r\n", c_md="", d_md="d\n")
    repo.commit("2024-02-22T09:00:00+00:00", "2", a_md="- [x] one\n- [ ] two\n- [x] three", b_md="x\r\nz")
    (repo.path / "sub dir").mkdir()
    repo.git("mv", "d.md", 'sub dir/ä "d".md')
    repo.commit("2024-02-23T09:00:00+00:00", "3", **{'sub dir__ä "d".md': "d\nmore\n", "c_md": "now text\n"})
    repo.write("e.md", b"\x00binary\x00")
    repo.commit("2024-02-24T09:00:00+00:00", "4", a_md="zero\n- [x] one\n\n- [ ] two\n- [x] three\n")
    (repo.path / "b.md").chmod(0o755)
    repo.git("rm", "-q", "c.md")
    repo.commit("2024-02-25T09:00:00+00:00", "5")
    located = history.locate(repo.path)
    commits, files, tip = history.walk(located, None)
    shown = repo.git("ls-files", "-z").split("\0")
    assert sorted(files) == sorted(p for p in shown if p.endswith(".md"))
    for path, found in files.items():
        expected = subprocess.run([GIT, "-C", str(repo.path), "show", f"HEAD:{path}"], capture_output=True).stdout
        assert found is None if path == "e.md" else found[0] == expected, path
    assert tip == repo.git("rev-parse", "HEAD").strip()
    assert [commits[s][2] for s in files["a.md"][1].values()] == ["1", "2"]


def test_a_vault_in_a_folder_of_the_repository(run, repo):
    outside = {"x_md": "- [x] a note outside the vault\n"}
    repo.commit("2024-02-21T09:00:00+00:00", "notes", **{"study__agisf__week-0.md": week("[ ] One")}, **outside)
    repo.commit("2024-02-23T09:00:00+00:00", "tick", **{"study__agisf__week-0.md": week("[x] One")})
    result = run("-d", str(repo.path / "study"), "log", "--json")
    assert [(r["path"], r["date"], r["source"]) for r in result.json()] == [("agisf/week-0.md", "2024-02-23", "git")]


def test_done_and_add_report_the_same_dates_as_show(run, repo):
    repo.commit("2024-02-21T09:00:00+00:00", "notes", **{"week-0.md": week("[x] One", "[ ] Two")})
    changed = run("-d", str(repo.path), "done", "0", "2", "--json").json()
    today = dt.date.today().isoformat()  # the file's modification day: the tick is not committed
    dates = [(i["done_on"], i["done_source"]) for i in changed["items"][:2]]
    assert dates == [("2024-02-21", "git"), (today, "modified")]
    added = run("-d", str(repo.path), "add", "0", "reading", "Three", "--json").json()
    assert [i["done_source"] for i in added["items"]] == ["git", "modified", None, None]


def test_a_note_whose_history_cannot_be_read_keeps_todays_answers(run, repo):
    repo.commit("2024-02-21T09:00:00+00:00", "binary", **{"week-0.md": b"\x00\x01"})
    repo.commit("2024-02-23T09:00:00+00:00", "text", **{"week-0.md": week("[x] One")})
    assert items(run, repo)[0] == (1, True, None, None)


TITLES = ("Attention Is All You Need", "The Bitter Lesson", "Risks from Learned Optimization", "Scaling Laws")


LONG = os.environ.get("HYPOTHESIS_PROFILE") == "long"


@settings(max_examples=300 if LONG else 12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from([None, " ", "x"]), min_size=4, max_size=4), min_size=1, max_size=5))
def test_each_done_item_is_dated_by_the_commit_that_began_its_last_run_of_done_versions(
    run, tmp_path_factory, versions
):
    """Items appear, go, are ticked and cleared, one commit a day: an item done at HEAD was done on the day
    of the first commit of the run of commits in which it is done, as a person reads it from `git log -p`."""
    repo = Repo(tmp_path_factory.mktemp("history") / "blog")
    for day, boxes in enumerate(versions, start=1):
        present = [f"[{box}] {title}" for box, title in zip(boxes, TITLES, strict=True) if box is not None]
        repo.commit(f"2024-03-{day:02d}T09:00:00+00:00", f"day {day}", **{"week-0.md": week(*present)})
    expected = {}
    for index, title in enumerate(TITLES):
        run_start = None
        for day, boxes in enumerate(versions, start=1):
            run_start = (run_start or day) if boxes[index] == "x" else None
        if run_start is not None:
            expected[title] = f"2024-03-{run_start:02d}"
    found = run("-d", str(repo.path), "show", "week-0.md", "--json").json()["items"]
    assert {i["text"]: i["done_on"] for i in found if i["done"]} == expected


def test_a_note_that_is_a_symbolic_link_keeps_todays_answers(run, repo):
    repo.commit("2024-02-21T09:00:00+00:00", "notes", **{"real__week-0.md": week("[x] One")})
    (repo.path / "week-0.md").symlink_to("real/week-0.md")
    repo.commit("2024-02-23T09:00:00+00:00", "link")
    assert items(run, repo, week="week-0.md")[0] == (1, True, None, None)
    assert items(run, repo, week="real/week-0.md")[0] == (1, True, "2024-02-21", "git")


def test_a_merge_of_a_branch_that_alone_changed_the_notes(run, repo):
    repo.commit("2024-02-21T09:00:00+00:00", "notes", **{"week-0.md": week("[ ] One")})
    repo.git("checkout", "-q", "-b", "side")
    repo.commit("2024-03-01T09:00:00+00:00", "tick on a branch", **{"week-0.md": week("[x] One")})
    repo.git("checkout", "-q", "main")
    repo.commit("2024-03-02T09:00:00+00:00", "no note changed", **{"other.txt": "x\n"})
    repo.git("merge", "-q", "--no-ff", "--no-edit", "side", date="2024-03-05T09:00:00+00:00")
    assert items(run, repo)[0] == (1, True, "2024-03-01", "git")
    assert run("-d", str(repo.path), "log", "--json").json()[0]["commit"]["subject"] == "tick on a branch"


def test_weeks_written_in_several_notes_and_sections_are_dated_file_by_file(run, repo):
    """A week of several parts (a plan's section and a checkpoint note) numbers its items across the files:
    each item takes the date of its own file's history (not of the same line in the week's first file), and
    `log` names the commit that ticked it."""
    plan = "# Plan\n\n## Week 1\n\n- [ ] Read chapter 1\n\n## Week 2\n\n- [ ] Read chapter 2\n"
    checkpoint = "# Week 1 checkpoint\n\n- [ ] Solve exercise 1\n- [ ] Solve exercise 2\n- [ ] Solve exercise 3\n"
    repo.commit("2024-03-01T10:00:00+00:00", "plan", **{"plan_md": plan, "checkpoints__week-01_md": checkpoint})
    ticked = checkpoint.replace("[ ] Solve exercise 3", "[x] Solve exercise 3")  # line 5, as chapter 1 in plan.md
    repo.commit("2024-03-04T10:00:00+00:00", "exercise 3", **{"checkpoints__week-01_md": ticked})
    plan = plan.replace("[ ] Read chapter", "[x] Read chapter")
    repo.commit("2024-03-06T10:00:00+00:00", "chapters", plan_md=plan)
    week_1 = run("-d", str(repo.path), "show", "1", "--json").json()
    assert [(i["text"], i["done_on"]) for i in week_1["items"]] == [
        ("Solve exercise 1", None),
        ("Solve exercise 2", None),
        ("Solve exercise 3", "2024-03-04"),
        ("Read chapter 1", "2024-03-06"),
    ]
    assert [i["done_on"] for i in run("-d", str(repo.path), "show", "2", "--json").json()["items"]] == ["2024-03-06"]
    log = run("-d", str(repo.path), "log", "--json").json()
    assert [(e["week"], e["number"], e["date"], e["commit"]["subject"]) for e in log] == [
        (1, 4, "2024-03-06", "chapters"),
        (2, 1, "2024-03-06", "chapters"),
        (1, 3, "2024-03-04", "exercise 3"),
    ]
