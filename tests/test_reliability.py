"""Reliability, round two (issue 9): no internal error from any value a note, the environment or the
command line holds; a cache that cannot change an answer; outputs that stay inert; `new` writing what reads
back. Each test names the class it guards; property tests cover the open-ended ones."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from notes_cli.model import Note, Task, group_courses
from notes_cli.parse import parse_note
from notes_cli.stats import compute

from .conftest import VOCABULARY, invoke

READING = "## Readings\n- [ ] a reading\n"
COMMANDS = (("weeks", "--json"), ("progress",), ("stats",), ("stats", "--json"), ("next",), ("show", "1"), ("check",))


# ---- Dates at the ends of the calendar (item 5) -----------------------------------------------------


@pytest.mark.parametrize("date", ["9999-12-25", "9999-12-31", "0001-01-01"])
def test_a_week_dated_at_the_end_of_the_calendar_breaks_no_command(run, write, tmp_path, date):
    write("week-1.md", f"---\ntitle: Bio - Week 1\ndate: {date}\n---\n## Readings\n- [ ] a ✅ {date}\n- [ ] b\n")
    for command in COMMANDS:
        result = run("-d", str(tmp_path), *command)
        assert result.exit_code in (0, 1) and "internal error" not in result.stderr, (command, result.stderr)


@pytest.mark.parametrize("today", ["0001-01-01", "0001-01-05", "9999-12-31"])
def test_any_today_breaks_no_command(run, write, tmp_path, today):
    write(
        "week-1.md", "---\ndate: 2024-01-01\n---\n## Readings\n- [x] a ✅ 0001-01-02\n- [ ] b\n- [x] c ✅ 9999-12-30\n"
    )
    for command in COMMANDS:
        result = run("-d", str(tmp_path), *command, env={"NOTES_TODAY": today})
        assert result.exit_code == 0 and "internal error" not in result.stderr, (command, result.stderr)


def test_a_finish_beyond_the_calendar_is_said_so(run, write, tmp_path):
    write("week-1.md", "## Readings\n" + "- [ ] open\n" * 400 + "- [x] done ✅ 9999-12-20\n")
    result = run("-d", str(tmp_path), "stats", env={"NOTES_TODAY": "9999-12-25"})
    assert result.exit_code == 0 and "after 9999-12-31 at this pace" in result.stdout
    assert run("-d", str(tmp_path), "stats", "--json", env={"NOTES_TODAY": "9999-12-25"}).json()["finish"] is None


# Any date, with the ends of the calendar (where arithmetic overflows) as likely as the middle.
DATES = st.one_of(st.dates(), st.dates(max_value=dt.date(1, 3, 1)), st.dates(min_value=dt.date(9999, 10, 1)))


def _week(date: dt.date, done: list[dt.date | None], open_items: int) -> Note:
    tasks = [Task(i + 1, "readings", None, "t", None, True, i + 1, 0, i + 1, d) for i, d in enumerate(done)]
    tasks += [Task(len(tasks) + i + 1, "readings", None, "t", None, False, 1, 0, 1) for i in range(open_items)]
    return Note("w.md", "W", "c", 1, date, tuple(tasks), ())


@given(
    today=DATES,
    week_date=DATES,
    done=st.lists(st.one_of(st.none(), DATES), max_size=5),
    open_items=st.integers(0, 3000),
    weeks=st.integers(1, 520),
)
def test_stats_and_overdue_never_overflow(today, week_date, done, open_items, weeks):
    note = _week(week_date, done, open_items)
    figures = compute(group_courses([note]), today, weeks)
    assert 1 <= len(figures.weeks) <= weeks and figures.weeks[-1].start <= today
    assert note.overdue(today) == (open_items > 0 and (today - week_date).days > 7)
    if figures.finish is not None:
        assert figures.finish >= today


# ---- Numbers of any length (item 6) -------------------------------------------------------------------

HUGE = "9" * 5000  # past Python's limit for turning digits into an int (4300)


@pytest.mark.parametrize(
    "note",
    [
        f"---\nweek: {HUGE}\n---\n{READING}",
        f"---\nweek: {HUGE}\ntags: [a, b]\nx: {{y: 1}}\n---\n{READING}",  # read by PyYAML
        f"---\ntitle: Bio - Week {HUGE}\n---\n{READING}",
        f"---\nweek: 1000000\n---\n{READING}",
        f"---\nweek: 0x{'f' * 5000}\n---\n{READING}",  # an int with more decimal digits than str() may write
        f"---\ntitle: 0x{'f' * 5000}\ncourse: 0x{'f' * 5000}\n---\n{READING}",
        f"# Week {HUGE}\n{READING}",
    ],
)
def test_a_huge_week_number_in_a_note_is_a_warning_and_the_vault_still_works(run, write, tmp_path, note):
    write("a.md", note)
    write("week-2.md", READING)
    for command in COMMANDS:
        result = run("-d", str(tmp_path), *command)
        assert result.exit_code in (0, 1) and "internal error" not in result.stderr, (command, result.stderr)
    weeks = run("-d", str(tmp_path), "weeks", "--json")
    assert [w["week"] for w in weeks.json()] == [2] or sorted(w["week"] or 0 for w in weeks.json()) == [0, 2]
    assert weeks.exit_code == 0 and len(weeks.stderr) < 1000


def test_a_huge_week_number_in_the_file_name_is_no_week(run, write, tmp_path):
    write(f"week-{'9' * 200}.md", READING)
    write("week-2.md", READING)
    result = run("-d", str(tmp_path), "weeks", "--json")
    assert result.exit_code == 0 and [w["week"] for w in result.json()] == [2, None]
    assert "the largest week number" in result.stderr


@pytest.mark.parametrize("args", [("show", HUGE), ("done", "2", HUGE), ("undo", "2", HUGE), ("open", "2", HUGE),
                                  ("show", "1000000"), ("done", HUGE, "1"), ("new", "--week", HUGE),
                                  ("new", "--week", "1000000"), ("edit", "2", HUGE)])  # fmt: skip
def test_a_huge_number_on_the_command_line_is_refused_plainly(run, write, tmp_path, args):
    write("week-2.md", READING)
    result = run("-d", str(tmp_path), *args)
    assert result.exit_code in (1, 2) and "internal error" not in result.stderr, result.stderr
    assert result.exit_code == 2 or len(result.stderr) < 1000  # notes' own message does not echo it in full


def test_a_number_padded_with_thousands_of_zeros_is_that_number(run, write, tmp_path):
    write("week-2.md", READING)
    assert run("-d", str(tmp_path), "done", "0" * 5000 + "2", "0" * 5000 + "1").exit_code == 0
    assert run("-d", str(tmp_path), "show", "0" * 5000 + "2", "--json").json()["items"][0]["done"] is True


def test_new_never_numbers_a_week_past_the_largest(run, write, tmp_path):
    write("week-999999.md", READING)
    result = run("-d", str(tmp_path), "new", "--dry-run")
    assert result.exit_code == 2 and "999999" in result.stderr


def test_renumbering_leaves_a_number_too_large_for_a_week_alone(run, write, tmp_path):
    write("week-1.md", f"---\ntitle: Week 1 of {'7' * 5000} (week {'8' * 5000})\n---\n## Week {'9' * 5000}\n{READING}")
    result = run("-d", str(tmp_path), "new", "--week", "2")
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "week-2.md").read_text()
    assert f"title: Week 2 of {'7' * 5000} (week {'8' * 5000})\n" in text and f"## Week {'9' * 5000}\n" in text


@given(
    digits=st.one_of(
        st.text("0123456789", min_size=1, max_size=60),
        st.builds(lambda zeros, tail: "0" * zeros + tail, st.integers(4300, 5000), st.text("0123456789", max_size=3)),
    ),
    where=st.sampled_from(["week", "title", "name"]),
)
def test_any_run_of_digits_is_a_week_or_a_warning(digits, where):
    front = {"week": f"week: {digits}", "title": f"title: C - Week {digits}", "name": "layout: x"}[where]
    name = f"week-{digits}.md" if where == "name" else "a.md"
    note = parse_note(f"---\n{front}\n---\n{READING}", name, None, VOCABULARY)
    value = int(digits) if len(digits) < 4000 else None
    if value is not None and value < 10**6 and not (where == "week" and digits != "0" and digits.startswith("0")):
        assert note.week == value
    else:
        assert note.week is None or note.week < 10**6


@pytest.mark.parametrize(("digits", "week"), [("٣", 3), ("०७", 7), ("٣" * 7, None), ("0" * 5000 + "12", 12)])
def test_week_numbers_in_any_script_are_bounded_the_same(digits, week):
    note = parse_note(f"---\ntitle: C - Week {digits}\n---\n", "a.md", None, VOCABULARY)
    assert note.week == week and bool(note.problems) == (week is None)


# ---- File system calls on what a note or the user names (item 7) -----------------------------------------


def test_check_reports_a_link_it_cannot_test_and_keeps_every_other_finding(run, write, tmp_path):
    long = "x" * 300
    write("week-1.md", f"## Readings\n- [ ] [a]({long}.md)\n- [ ] [b](missing.md)\n- [ ] [c](a%00b.md)\n- [ ] d\n")
    result = run("-d", str(tmp_path), "check", "--json")
    assert result.exit_code == 0, result.stderr
    found = {(f["line"], f["code"]): f["message"] for f in result.json()["findings"]}
    assert "cannot be checked (file name too long)" in found[(2, "N201")]
    assert "neither a URL nor an existing file" in found[(3, "N201")]
    assert "a\\x00b.md" in found[(4, "N201")] or "a\x00b.md" in found[(4, "N201")]


def test_check_reports_a_link_into_a_folder_it_may_not_enter(tmp_path):
    from notes_cli.check import check_note

    text = "## Readings\n- [ ] [a](locked/b.md)\n- [ ] [c](missing.md)\n"
    note = parse_note(text, "week-1.md", None, VOCABULARY)

    def exists(relative: str) -> bool:
        if relative.startswith("locked/"):
            raise PermissionError(13, "Permission denied")
        return False

    found = {f.line: f.message for f in check_note(note, text, exists)}
    assert "cannot be checked (permission denied)" in found[2] and "neither a URL" in found[3]


@given(
    target=st.one_of(
        st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40),
        st.builds(lambda part, times: part * times, st.text(min_size=1, max_size=4), st.integers(60, 300)),
    )
)
def test_any_link_target_is_a_finding_at_most(tmp_path_factory, target):
    from notes_cli.check import check_note

    root = tmp_path_factory.getbasetemp()
    text = f"## Readings\n- [ ] [a](<{target}>)\n- [ ] [b]({target})\n"
    note = parse_note(text, "week-1.md", None, VOCABULARY)
    check_note(note, text, lambda relative: (root / relative).exists())


@pytest.mark.parametrize("args", [("show", "x" * 300 + ".md"), ("check", "x" * 300 + ".md"), ("done", "x" * 300, "1")])
def test_a_path_too_long_on_the_command_line_is_not_found(run, write, tmp_path, args):
    write("week-1.md", READING)
    result = run("-d", str(tmp_path), *args)
    assert result.exit_code == 1 and "internal error" not in result.stderr
    assert "no such file" in result.stderr or "neither a week number nor a Markdown file" in result.stderr


# ---- The editor command (item 8) --------------------------------------------------------------------------


@pytest.mark.parametrize("editor", ['code --wait "', "vim '", "emacs \\", "  "])
def test_an_editor_command_that_cannot_be_split_is_a_message(run, write, tmp_path, editor):
    write("week-1.md", READING)
    result = run("-d", str(tmp_path), "edit", "1", env={"VISUAL": editor})
    assert result.exit_code == 1 and "internal error" not in result.stderr, result.stderr
    assert "$VISUAL" in result.stderr


def test_a_browser_command_that_cannot_be_split_is_a_message(run, write, tmp_path, monkeypatch):
    import webbrowser

    monkeypatch.setattr(webbrowser, "_tryorder", None)  # registered afresh, from this $BROWSER
    monkeypatch.setattr(webbrowser, "_browsers", {})
    write("week-1.md", "## Readings\n- [ ] [a](https://example.org/a)\n")
    result = run("-d", str(tmp_path), "open", "1", "1", env={"BROWSER": 'firefox "%s'})
    assert result.exit_code == 1 and "$BROWSER cannot be read as a command" in result.stderr, result.stderr


@given(value=st.text(max_size=30))
def test_any_editor_variable_gives_a_command_or_a_message(value):
    from notes_cli.errors import NotesError
    from notes_cli.launch import editor_command

    for platform in ("linux", "win32"):
        try:
            argv = editor_command(Path("n.md"), 3, {"EDITOR": value}, platform)
        except NotesError as error:
            assert "$EDITOR" in error.message
        else:
            assert argv and "n.md" in argv[-1]


# ---- The cache cannot change an answer (items 9-11) --------------------------------------------------------

OLD = 1_700_000_000


@pytest.fixture
def cached_vault(tmp_path, monkeypatch):
    """A vault of a few weeks whose notes are old enough to be cached, and its cache file, written."""
    monkeypatch.setattr("notes_cli.cache.RACY_NS", 0)
    folder = tmp_path / "biology"
    notes = {
        "week-1.md": "---\ntitle: Bio - Week 1\ndate: 2024-01-01\n---\n## Readings\n- [x] a ✅ 2024-01-02\n- [ ] b\n",
        "week-2.md": "## Readings\n- [ ] [c](https://example.org/c)\n## Exercises\n- [x] d\n",
        "readme.md": "# Not a week\n- [ ] e\n",
        "week-3.md": "# Week 3\n## Exercises\n- [ ] f 📅 2024-02-01\n",
    }
    for name, text in notes.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        os.utime(path, (OLD, OLD))
    return folder


def _cache_file() -> Path:
    [found] = Path(os.environ["XDG_CACHE_HOME"], "notes").glob("vault-*")
    return found


def _answers(run, folder: Path, *flags: str) -> list[tuple[int, str, str]]:
    results = [run(*flags, "-d", str(folder), *command) for command in (("weeks", "--json"), ("show", "3", "--json"))]
    return [(r.exit_code, r.stdout, r.stderr) for r in results]


def test_a_damaged_byte_in_the_cache_is_a_miss(run, cached_vault):
    fresh = _answers(run, cached_vault, "--no-cache")
    assert _answers(run, cached_vault) == fresh  # writes the cache
    cache_file = _cache_file()
    data = cache_file.read_bytes()
    position = data.index(b"readings", data.index(b"week-1.md"))  # a section name, as in the issue
    cache_file.write_bytes(data[:position] + b"readhngs" + data[position + 8 :])
    assert _answers(run, cached_vault) == fresh


def test_a_damaged_schema_in_the_cache_is_a_miss_and_the_cache_is_made_anew(run, cached_vault):
    """A byte of the schema's SQL made invalid UTF-8: SQLite's error message quotes it, and Python cannot decode
    that message (a UnicodeDecodeError, not an sqlite3.Error): it is damage all the same."""
    fresh = _answers(run, cached_vault, "--no-cache")
    _answers(run, cached_vault)
    cache_file = _cache_file()
    data = cache_file.read_bytes()
    position = data.index(b"CREATE TABLE") + 3
    cache_file.write_bytes(data[:position] + b"\x80" + data[position + 1 :])
    assert _answers(run, cached_vault) == fresh
    assert b"\x80" not in cache_file.read_bytes()[position - 3 : position + 10]  # replaced by a sound cache
    assert _answers(run, cached_vault) == fresh


def test_any_single_byte_change_to_the_cache_leaves_every_answer_as_without_it(run, cached_vault):
    fresh = _answers(run, cached_vault, "--no-cache")
    _answers(run, cached_vault)
    cache_file = _cache_file()
    good = cache_file.read_bytes()

    @settings(max_examples=max(20, settings().max_examples // 6))
    @given(position=st.integers(0, len(good) - 1), change=st.integers(1, 255))
    def damaged(position: int, change: int) -> None:
        cache_file.write_bytes(good[:position] + bytes([(good[position] + change) % 256]) + good[position + 1 :])
        assert _answers(run, cached_vault) == fresh

    damaged()


def test_two_spellings_of_one_vault_parse_as_their_own_names(run, cached_vault):
    (cached_vault.parent / "chemistry").symlink_to(cached_vault)
    (cached_vault / "notes.md").write_text("## Readings\n- [ ] g\n")
    os.utime(cached_vault / "notes.md", (OLD, OLD))
    run("-d", str(cached_vault), "weeks", "--json")
    for spelling in ("chemistry", "biology", "chemistry"):
        folder = cached_vault.parent / spelling
        assert _answers(run, folder) == _answers(run, folder, "--no-cache")
        courses = {w["path"]: w["course"] for w in run("-d", str(folder), "weeks", "--json").json()}
        assert courses["notes.md"] == spelling


@pytest.mark.parametrize("variable", ["XDG_CACHE_HOME", "XDG_CONFIG_HOME"])
def test_a_relative_xdg_folder_is_ignored(run, cached_vault, monkeypatch, tmp_path, variable):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(cached_vault)
    monkeypatch.setenv(variable, "planted")
    (cached_vault / "planted" / "notes").mkdir(parents=True)
    (cached_vault / "planted" / "notes" / "config.yaml").write_text("readings: [nothing]\n")
    before = sorted(p.relative_to(cached_vault) for p in cached_vault.rglob("*"))
    result = run("weeks", "--json")
    assert result.exit_code == 0 and result.json()[0]["readings"]["total"] == 2
    assert sorted(p.relative_to(cached_vault) for p in cached_vault.rglob("*")) == before
    if variable == "XDG_CACHE_HOME":
        assert list((home / ".cache" / "notes").glob("vault-*"))


@pytest.mark.parametrize("packed", [("bad",), None, (1, 2, 3, 4, 5, 6, 7, 8), "text"])
def test_an_entry_that_is_not_what_the_cache_writes_is_a_miss(run, cached_vault, packed):
    import marshal
    import sqlite3
    from contextlib import closing

    from notes_cli import cache

    fresh = _answers(run, cached_vault, "--no-cache")
    _answers(run, cached_vault)
    cache_file = _cache_file()
    with closing(sqlite3.connect(cache_file)) as database:
        identity = database.execute("SELECT identity FROM meta").fetchone()[0].decode()
    entries = {shown: entry for shown, entry, _ in cache.read_notes(cache_file, identity, weeks_only=False)}
    changed = {
        "week-1.md": (entries["week-1.md"][0], cache.PARSED, marshal.dumps(packed)),
        "week-2.md": (("no", "key"), cache.PARSED, entries["week-2.md"][2]),
    }
    cache.update_notes(cache_file, identity, changed, [])  # rows with checksums that hold, of the wrong shape
    assert _answers(run, cached_vault) == fresh


def test_a_fifo_in_place_of_the_cache_file_is_never_waited_on(cached_vault):
    import subprocess
    import sys

    env = {**os.environ, "XDG_CACHE_HOME": str(cached_vault.parent / "cache")}
    command = [sys.executable, "-m", "notes_cli", "-d", str(cached_vault), "weeks", "--json"]
    first = subprocess.run(command, capture_output=True, env=env, timeout=60)
    [cache_file] = (cached_vault.parent / "cache" / "notes").glob("vault-*")
    cache_file.unlink()
    os.mkfifo(cache_file)
    again = subprocess.run(command, capture_output=True, env=env, timeout=60)
    assert (again.returncode, again.stdout) == (0, first.stdout)


# ---- Every output is inert (items 12-13) -------------------------------------------------------------------

# What a terminal acts on (see report.UNSAFE_CHARS): C0 and C1 controls, DEL, bidi controls, line and paragraph
# separators, and lone surrogates (file names that are not UTF-8).
UNSAFE = [chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0))] + list(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029"
)
ESCAPES = ["\x1b[2J", "\x1b]52;c;cHduZWQ=\x07", "\x9b31m", "\u202eevil", "\x1b]8;;file:///etc/passwd\x1b\\"]


def _assert_inert(output: str, *, lines: bool = True) -> None:
    allowed = {"\n"} if lines else set()
    found = {char for char in output if (char in UNSAFE or 0xD800 <= ord(char) <= 0xDFFF) and char not in allowed}
    assert not found, sorted(map(repr, found))


def test_csv_is_as_inert_as_every_other_output(run, write, tmp_path):
    hostile = "".join(ESCAPES) + "\x07\x85\x08"
    write(f"c{ESCAPES[0]}/week-1.md", f'---\ntitle: "{hostile.encode("unicode_escape").decode()}"\n---\n{READING}')
    write("week-2.md", f'---\ncourse: "{hostile.encode("unicode_escape").decode()}"\n---\n{READING}')
    result = run("-d", str(tmp_path), "progress", "--format", "csv")
    assert result.exit_code == 0
    _assert_inert(result.stdout)
    assert "\\x1b[2J" in result.stdout and "\\u202eevil" in result.stdout


def test_a_file_name_that_is_not_utf8_under_a_strict_utf8_output(tmp_path):
    import subprocess
    import sys

    (tmp_path / os.fsdecode(b"week-1-\xff\xfe.md")).write_text(READING + "- \n")  # an empty bullet for `check`
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NOTES_TODAY": "2024-03-20"}
    for args in (("progress", "--format", "csv"), ("progress", "--format", "markdown"), ("weeks",), ("check",)):
        result = subprocess.run(
            [sys.executable, "-m", "notes_cli", "-d", str(tmp_path), *args], capture_output=True, env=env, timeout=60
        )
        assert result.returncode == 0 and b"internal error" not in result.stderr, (args, result.stderr)
        shown = b"\\udcff\\udcfe" in result.stdout or b"\\\\udcff\\\\udcfe" in result.stdout
        assert shown, args


@pytest.mark.parametrize("option", ["--svg", "--html"])
def test_an_export_writes_through_a_symbolic_link(run, write, tmp_path, option):
    write("week-1.md", READING)
    target = tmp_path / "out" / f"report.{option[2:]}"  # an earlier export: an export replaces nothing else
    target.parent.mkdir()
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "report.link"
    link.symlink_to(target)
    result = run("-d", str(tmp_path), "progress", option, str(link))
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and target.read_text().strip().startswith("<")
    assert oct(target.stat().st_mode & 0o777) == "0o640"
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


def test_an_export_through_a_link_to_a_note_is_refused(run, write, tmp_path):
    note = write("week-1.md", READING)
    (tmp_path / "report.svg").symlink_to(note)
    result = run("-d", str(tmp_path), "progress", "--svg", str(tmp_path / "report.svg"))
    assert result.exit_code == 2 and note.read_text() == READING


HOSTILE_TEXT = st.text(
    st.one_of(st.sampled_from(UNSAFE), st.sampled_from(list("ab[]/|=\\'\"`*_<>&;:#-{}%@!"))), min_size=1, max_size=12
)
OUTPUTS = (("weeks",), ("weeks", "--json"), ("show", "1"), ("show", "1", "--json"), ("progress",),
           ("progress", "-f", "markdown"), ("progress", "-f", "csv"), ("next",), ("check",), ("stats",),
           ("done", "1", "1"), ("undo", "1", "1", "--json"))  # fmt: skip


@settings(max_examples=max(5, settings().max_examples // 25))  # each example runs 14 commands
@given(text=HOSTILE_TEXT)
def test_any_control_character_is_inert_in_every_output(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("vault")
    quoted = text.encode("unicode_escape").decode().replace('"', '\\"')
    name = "".join(c for c in text if c not in "/\x00") or "x"
    body = text.replace("\r", " ").replace("\n", " ").replace("\x00", " ")
    (folder / f"week-1 {name}.md").write_text(
        f'---\ntitle: "{quoted}"\ncourse: "{quoted}"\ndate: "{quoted}"\n---\n## Readings {body}\n'
        f"- [ ] {body} <https://example.org/{body.replace(' ', '')}>\n- [ ] [{body}]({body.replace(' ', '')})\n",
        encoding="utf-8",
        newline="",
    )
    env = {"NOTES_TODAY": "2024-03-20", "COLUMNS": "60", "NO_COLOR": "1", "NOTES_DIR": str(folder)}
    exports = [folder / "p.svg", folder / "p.html"]
    commands = [*OUTPUTS, ("progress", "--svg", str(exports[0]), "--html", str(exports[1])), ("done", "1", text)]
    for command in commands:
        result = invoke(*command, env=env)  # raises what is not an exit
        assert "internal error" not in result.stderr, (command, result.stderr)
        _assert_inert(result.stdout)
        _assert_inert(result.stderr)
    for export in exports:
        _assert_inert(export.read_text(encoding="utf-8"))


# ---- What `new` writes reads back as written (items 14-17) ----------------------------------------------


@pytest.mark.parametrize(
    "title",
    [
        "title: >-\n  Bio - Week 3",
        "title: |\n  Bio - Week 3",
        "title: >\n  Bio -\n  Week 3",
        "title: >-\n  Bio -\n\n  Week 3",  # a blank line in a folded scalar is a line break: written quoted
        'title: "Bio -\n  Week 3"',
        "title:\n  Bio - Week 3",
        "title: Bio -\n  Week 3",
    ],
)
def test_new_replaces_a_title_written_over_several_lines_and_reads_back(run, write, tmp_path, title):
    write("week-3.md", f"---\n{title}\ndate: 2024-01-15\n---\n## Readings\n- [x] r\n")
    result = run("-d", str(tmp_path), "new", "--date", "2024-01-22")
    assert result.exit_code == 0, result.stderr
    text = (tmp_path / "week-4.md").read_text()
    written = '"Bio -\\nWeek 4"' if "\n\n" in title else "Bio - Week 4"
    assert text.startswith(f"---\ntitle: {written}\ndate: 2024-01-22\n---\n"), text
    weeks = run("-d", str(tmp_path), "weeks", "--json").json()
    assert [(w["week"], w["title"].replace("\n", " ")) for w in weeks] == [(3, "Bio - Week 3"), (4, "Bio - Week 4")]


def test_new_refuses_a_week_that_would_read_back_as_one_the_course_has(run, write, tmp_path):
    write("week-3.md", "---\ntitle: Bio - Week 3\nweek: 3\n---\n## Readings\n- [x] r\n")
    write("week-4.md", "---\ntitle: Bio - Week 4\nweek: 4\n---\n## Readings\n- [x] r\n")
    result = run("-d", str(tmp_path), "new", "--week", "6", "--title", "Bio - Week 4", "--dry-run")
    assert result.exit_code == 0, result.stderr  # `week: 6` wins over the title's number
    write("notes/c.md", "---\ntitle: Chem - Week 1\n---\n## Readings\n- [x] r\n")
    write("notes/c2.md", "---\ntitle: Chem - Week 2\n---\n## Readings\n- [x] r\n")
    result = run("-d", str(tmp_path), "new", "--course", "chem", "--title", "Chem - Week 1", "--dry-run")
    assert result.exit_code == 1 and "week 1" in result.stderr and "internal error" not in result.stderr
    assert not (tmp_path / "notes" / "c3.md").exists()


@pytest.mark.parametrize(
    "value",
    ["yes", "no", "on", "0x10", "010", "1.5", "1e3", "null", "~", "2024-01-01", "12:30", ".inf", "- a", "a: b",
     "a #b", "[a]", "{a}", "'q'", '"q"', "&a", "*a", "!tag", "%x", "@x", "`x", "|", ">", "?", "#", "Week 1,2",
     "\x1b[2J", "a\u2028b", "a\x85b", "a\x7fb", "\udcff", "é", "日本 - 第1周", "  ", "x\\y", "a\tb"],
)  # fmt: skip
def test_new_writes_a_title_and_course_that_read_back(run, tmp_path, value):
    vault = tmp_path / "vault"
    vault.mkdir()
    result = run("-d", str(vault), "new", "--course", f"C {value}", "--title", f"{value}")
    if not value.strip() or value == "\udcff":  # no title; bytes that are not UTF-8
        assert result.exit_code == 2 and "internal error" not in result.stderr
        return
    assert result.exit_code == 0, result.stderr
    [week] = run("-d", str(vault), "weeks", "--json").json()
    assert (week["course"], week["title"], week["week"]) == (f"C {value}".strip(), value, 1)
    again = run("-d", str(vault), "new", "--course", f"C {value}", "--title", f"{value} 2", "--dry-run")
    assert again.exit_code == 0 or "would be week 1, not week 2" in again.stderr, again.stderr


# Text a command line holds as UTF-8 (a lone surrogate is refused: test_text_to_write_that_is_not_utf8_is_refused)
COMMAND_LINE_TEXT = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\n\r")


@settings(max_examples=max(10, settings().max_examples // 10))
@given(
    title=st.text(COMMAND_LINE_TEXT, min_size=1, max_size=20).filter(str.strip),
    course=st.text(COMMAND_LINE_TEXT, min_size=1, max_size=20).filter(str.strip),
)
def test_any_title_or_course_given_to_new_reads_back(tmp_path_factory, title, course):
    vault = tmp_path_factory.mktemp("vault")
    env = {"NOTES_TODAY": "2024-03-20", "NOTES_DIR": str(vault)}
    created = invoke("new", "--course", course, "--title", title, env=env)
    assert created.exit_code == 0, created.stderr
    [week] = invoke("weeks", "--json", env=env).json()
    assert (week["course"], week["title"], week["week"]) == (course.strip(), title.strip(), 1)


def test_new_and_completion_know_one_course_whatever_its_case(run, write, tmp_path):
    write("a/week-1.md", "---\ncourse: Bio\n---\n## Readings\n- [x] r\n")
    write("b/week-2.md", "---\ncourse: bio\n---\n## Readings\n- [x] r\n")
    result = run("-d", str(tmp_path), "new", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "would create b/week-3.md" in result.stdout
    from typer.testing import CliRunner

    from notes_cli.cli import app

    completion = CliRunner().invoke(
        app,
        [],
        env={
            "_NOTES_COMPLETE": "complete_bash",
            "COMP_WORDS": f"notes -d {tmp_path} weeks --course ",
            "COMP_CWORD": "5",
        },
        prog_name="notes",
    )
    assert completion.stdout.split() in (["Bio"], ["bio"]), completion.stdout


def test_every_command_knows_one_course_whatever_its_case(run, write, tmp_path):
    write("a/week-1.md", "---\ncourse: Bio\ndate: 2024-01-01\n---\n## Readings\n- [ ] r\n")
    write("b/week-2.md", "---\ncourse: bio\ndate: 2024-01-08\n---\n## Readings\n- [ ] s\n")
    assert "Bio" not in run("-d", str(tmp_path), "next").stdout  # no course column for one course
    assert "Bio" not in run("-d", str(tmp_path), "stats").stdout.split("Overdue", 1)[1]
    missing = run("-d", str(tmp_path), "weeks", "--course", "chem")
    assert missing.exit_code == 1 and "courses in this vault: Bio\n" in missing.stderr


YAML_VALUE_CHARS = st.characters(
    whitelist_categories=("Lu", "Ll", "Nd", "Zs", "Cc", "Zl", "Zp", "Co", "Cf"), whitelist_characters="\x85\ufeff'\"-:#"
)


@given(
    values=st.lists(st.text(YAML_VALUE_CHARS, max_size=8), min_size=1, max_size=3),
    quote=st.sampled_from(["", "'", '"']),
)
def test_the_fast_front_matter_reader_answers_as_pyyaml(values, quote):
    from notes_cli.frontmatter import load_yaml, simple_yaml

    raw = "".join(f"k{i}: {quote}{value}{quote}\n" for i, value in enumerate(values))
    fast = simple_yaml(raw)
    if fast is not None:  # (None: left to PyYAML)
        assert fast == load_yaml(raw)


@pytest.mark.parametrize("char", ["\x1b", "\x7f", "\x85", "\u2028", "\u2029", "\x9b", "\x08"])
def test_a_control_character_in_a_title_is_the_same_answer_on_both_paths(char):
    plain = parse_note(f"---\ntitle: a{char}b\n---\n", "a.md", None, VOCABULARY)
    with_list = parse_note(f"---\ntitle: a{char}b\ntags: {{x: 1}}\n---\n", "a.md", None, VOCABULARY)
    assert (plain.title, [p.code for p in plain.problems]) == (with_list.title, [p.code for p in with_list.problems])


@pytest.mark.parametrize(
    "args",
    [("new", "--exercise", "\udcff"), ("new", "--reading", "a|\udcff"), ("add", "1", "reading", "\udcff"),
     ("add", "1", "reading", "a", "--url", "\udcff"), ("new", "--course", "\udcff")],
)  # fmt: skip
def test_text_to_write_that_is_not_utf8_is_refused(run, write, tmp_path, args):
    note = write("week-1.md", READING)
    result = run("-d", str(tmp_path), *args)
    assert result.exit_code == 2 and "not UTF-8" in result.stderr, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["week-1.md"] and note.read_text() == READING


# ---- A note the tool itself fails on (a bug) is a warning about that note; the rest is served ---------------


def test_a_note_that_breaks_the_parser_is_a_warning_and_the_rest_is_served(run, write, tmp_path, monkeypatch):
    import notes_cli.parse

    write("week-1.md", READING)
    write("week-2.md", READING + "- [ ] breaks the parser\n")
    real = notes_cli.parse.parse_note

    def fragile(text, *args, **kwargs):
        if "breaks the parser" in text:
            raise RecursionError("maximum recursion depth exceeded")
        return real(text, *args, **kwargs)

    monkeypatch.setattr("notes_cli.workers.parse_note", fragile)
    result = run("-d", str(tmp_path), "--no-cache", "weeks", "--json")
    assert result.exit_code == 0 and [w["week"] for w in result.json()] == [1]
    assert "week-2.md: cannot be parsed (internal error RecursionError" in result.stderr


def test_a_note_that_breaks_the_checker_is_a_finding_and_the_rest_is_checked(run, write, tmp_path, monkeypatch):
    import notes_cli.check

    write("week-1.md", "## Readings\n- [ ] [a](missing.md)\n")
    write("week-2.md", READING + "- [ ] breaks the checker\n")
    real = notes_cli.check.check_note

    def fragile(note, text, exists):
        if "breaks the checker" in text:
            raise IndexError("list index out of range")
        return real(note, text, exists)

    monkeypatch.setattr(notes_cli.check, "check_note", fragile)
    found = {(f["path"], f["code"]) for f in run("-d", str(tmp_path), "check", "--json").json()["findings"]}
    assert {("week-1.md", "N201"), ("week-2.md", "N003")} <= found
