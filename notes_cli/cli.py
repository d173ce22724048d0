"""The only module that imports Typer: arguments in, one core call per command, errors out as exit codes.

Exit codes: 0 ok; 1 the request could not be done (no such week or item, ambiguous, stale or unreadable
file); 2 usage error; 130 interrupted.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
import sys
from collections.abc import Callable, Iterator, MutableMapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup
from typer.models import CommandInfo

from . import __version__, cache, config, report
from .config import Settings
from .errors import NotesError, UsageError
from .fsio import NOTE_SUFFIXES, check_export, write_export
from .model import MAX_WEEK, Course, Note, Section, gather_weeks, group_courses
from .results import (
    CODES,
    Added,
    Checked,
    Code,
    Codes,
    Created,
    Link,
    Listed,
    Logged,
    Marked,
    NoWeeks,
    Picked,
    Progress,
    Shown,
    Stats,
)
from .select import filter_course, find_items, find_note, is_number, next_tasks
from .text import lazy_pattern
from .vault import Vault

if TYPE_CHECKING:  # the modules of single commands are imported by those commands
    from typer import _click  # Typer 0.27 vendors Click: the methods overridden below take its Context

    from .history import Dates

INTERRUPTED = 130
ISO_DAY = lazy_pattern(r"\d{4}-\d{2}-\d{2}")
TODAY = "today"
DAY_WORDS = {TODAY: 0, "yesterday": 1}  # how many days before today
# What `--date` takes as its value rather than as an item: a day word, or anything shaped like a date (so that a
# wrong one, such as 2024-02-30 or 20/03/2024, is refused as a date instead of being looked up as an item).
DATE_LIKE = lazy_pattern(
    r"^(?:today|yesterday|tomorrow|\d{1,4}[-/.]\d{1,2}(?:[-/.]\d{1,4})?|\d{8})$", re.IGNORECASE
)  # tomorrow: refused as a date (a done date is not in the future), not looked up as an item


class NotesGroup(TyperGroup):
    """Lets `--date` stand alone (meaning today) as well as take a date: Click options cannot have an
    optional value, so a `--date` not followed by a date gets `today` inserted after it. `notes` alone prints
    the help (exit 0), and every command writes its usage line as the README does."""

    def parse_args(self, ctx: _click.Context, args: list[str]) -> list[str]:
        if not args and not ctx.resilient_parsing:  # `notes` alone: the help, as an answer (not while completing)
            print(ctx.get_help())
            ctx.exit(0)
        return super().parse_args(ctx, _optional_dates(args))

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands()

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return list(self.commands)  # the names alone: building the commands is for those that are shown

    def get_help(self, ctx: _click.Context) -> str:
        return super().get_help(_fitted(ctx))

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if type(command) is TyperCommand:  # every command, wherever it is defined
            command.__class__ = NotesCommand
        return command


class NotesCommand(TyperCommand):
    """Writes a usage line the way the README does: `notes done [OPTIONS] WEEK ITEM...`, without the braces
    Typer puts around required arguments."""

    def collect_usage_pieces(self, ctx: _click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        return [p[1:-1] if p.startswith("{") and p.endswith("}") else p for p in pieces]

    def get_help(self, ctx: _click.Context) -> str:
        return super().get_help(_fitted(ctx))


def _fitted(ctx: _click.Context) -> _click.Context:
    """`ctx` with the help laid out as wide as the terminal (at most 80 columns): Click's own layout is never
    narrower than 50 columns, which a 40-column terminal wraps again, mid-word."""
    if ctx.terminal_width is None:
        import shutil

        ctx.terminal_width = max(min(shutil.get_terminal_size().columns, 80) - 2, 20)
    return ctx


def _optional_dates(args: list[str]) -> list[str]:
    """`done`/`undo` ... `--date` [not a date] -> ... `--date today` ...; other commands are left alone."""
    command = next((a for a in args if a in app_commands()), None)
    if command not in ("done", "undo"):
        return args
    out: list[str] = []
    for index, arg in enumerate(args):
        out.append(arg)
        if arg == "--":
            return out + args[index + 1 :]
        if arg == "--date" and (index + 1 == len(args) or not DATE_LIKE.match(args[index + 1])):
            out.append(TODAY)
    return out


class LazyCommands(MutableMapping[str, "_click.Command"]):
    """The commands by name (in the order they are defined), each built into a Click command the first time
    it is asked for: Typer builds every command from its signature, which took 15 ms of each run for one
    command used (issue 14); `notes --help` and completing a command's name still build them all."""

    def __init__(self) -> None:
        self.built: dict[str, _click.Command] = {}

    def __getitem__(self, name: str) -> _click.Command:
        if name not in self.built:
            self.built[name] = typer.main.get_command_from_info(
                command_infos()[name],  # a KeyError is no such command
                pretty_exceptions_short=app.pretty_exceptions_short,
                rich_markup_mode=app.rich_markup_mode,
            )
        return self.built[name]

    def __setitem__(self, name: str, command: _click.Command) -> None:
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError("the commands of notes are fixed")

    def __iter__(self) -> Iterator[str]:
        return iter(command_infos())

    def __len__(self) -> int:
        return len(command_infos())


def command_infos() -> dict[str, CommandInfo]:
    """The registered commands by name."""
    return {
        c.name or typer.main.get_command_name(c.callback.__name__): c
        for c in commands.registered_commands
        if c.callback
    }


def app_commands() -> set[str]:
    return set(command_infos())


app = typer.Typer(
    name="notes",
    cls=NotesGroup,
    help="Track readings and exercises in weekly Markdown study notes.\n\n"
    "Reads a folder of notes (one Markdown file per course week), lists the weeks, marks task items "
    "done or not done by editing their checkbox in place, and reports progress.\n\n"
    "Example: notes --dir examples weeks",
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
commands = typer.Typer()  # where the commands are registered, for NotesGroup to build one at a time


if TYPE_CHECKING:
    from . import render
else:

    class _LazyRender:
        """render.py, imported at its first use: Rich only when people read the output (not for --json, exports
        or completion). Type checkers see the module itself."""

        def __getattr__(self, name: str) -> Any:
            from . import render

            return getattr(render, name)

    render = _LazyRender()


def examples(*lines: str) -> str:
    """A help epilog listing example command lines, kept as written (\\b stops Click re-wrapping them)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines) + "\n"


@dataclass
class Options:
    """What the top-level options set for every command."""

    folder: Path | None  # --dir, if given
    debug: bool
    no_git: bool = False  # --no-git


def _version(value: bool) -> None:
    if value:
        print(f"notes {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    folder: Annotated[
        Path | None,
        typer.Option(
            "--dir",
            "-d",
            metavar="FOLDER",
            help="Folder of notes, searched recursively. Else $NOTES_DIR, else `dir` in the user's configuration, "
            "else the current folder.",
            show_default=False,
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")] = False,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Parse every note afresh; neither read nor write the cache.")
    ] = False,
    no_git: Annotated[
        bool, typer.Option("--no-git", help="Take no done dates from the vault's git history (as `git: false`).")
    ] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    ctx.obj = Options(folder, debug, no_git)


def handles_errors(command: Callable[..., int | None]) -> Callable[..., None]:
    """The one exit point: a command returns its exit code (None for 0); a NotesError is printed to stderr
    with its exit code, and anything else as an internal error. No traceback unless --debug."""

    @functools.wraps(command)
    def wrapper(ctx: typer.Context, *args: Any, **kwargs: Any) -> None:
        options: Options = ctx.obj
        try:
            if command.__name__ != "help_":  # a wrong NOTES_TODAY is refused alike by every command but help
                today()
            status = command(ctx, *args, **kwargs)
        except NotesError as error:
            if options.debug:
                raise
            render.render_error(render.make_console(stderr=True), error)
            raise typer.Exit(error.exit_code) from None
        except KeyboardInterrupt:
            raise typer.Exit(INTERRUPTED) from None
        except BrokenPipeError:
            _discard_stdout()  # `notes weeks | head`: the reader has what it wanted
            raise typer.Exit(0) from None
        except Exception as error:  # a bug: say so plainly; --debug shows where
            if options.debug:
                raise
            render.render_error(
                render.make_console(stderr=True),
                NotesError(
                    f"internal error ({type(error).__name__}: {error})",
                    hint="run the command again with --debug and report the traceback",
                ),
            )
            raise typer.Exit(1) from None
        if status:
            raise typer.Exit(status)

    return wrapper


def _complete_weeks(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Week numbers with their course and title; note paths once the word looks like a path."""
    weeks = _quietly(lambda: _completion_weeks(ctx)) or []
    if incomplete and not is_number(incomplete):
        return [_choice(w.path, w.title) for w in weeks if w.path.startswith(incomplete)]
    course = ctx.params.get("course")
    found: dict[str, str] = {}
    for week in weeks:
        in_course = course is None or (week.course or "").casefold() == str(course).casefold()
        if week.week is not None and str(week.week).startswith(incomplete) and in_course:
            label = f"{week.course} · {week.title}" if week.course else week.title
            found[str(week.week)] = label if str(week.week) not in found else "several courses: add --course"
    return [_choice(number, found[number]) for number in sorted(found, key=int)]


def _complete_items(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """The numbers of the items of the week already given, with their text."""
    week = ctx.params.get("week")
    note = _quietly(lambda: _note(ctx, str(week), ctx.params.get("course"), warn=False))
    if note is None:
        return []
    return [_choice(str(t.number), t.text) for t in note.tasks if str(t.number).startswith(incomplete)]


def _complete_courses(ctx: typer.Context, incomplete: str) -> list[str]:
    weeks = _quietly(lambda: _completion_weeks(ctx)) or []
    names = [c.name for c in group_courses(weeks) if c.name]  # one course whatever its case, as `weeks` groups
    wanted = incomplete.strip("\"'").casefold()
    return [_shell_word(name) for name in names if name.casefold().startswith(wanted)]


def _choice(value: str, description: str) -> tuple[str, str]:
    """A completion and its description, made inert and short: the shell prints (zsh even evals) them."""
    text = report.safe(description)
    return _shell_word(report.safe(value)), text if len(text) <= 60 else text[:59] + "…"


BASH_SPECIAL = lazy_pattern(r"([^\w@%+=:,./-])")


def _shell_word(value: str) -> str:
    """A completion as bash must insert it: bash puts it on the command line as it is, so `AGI Safety
    Fundamentals` would become three words; zsh and fish quote what they insert themselves."""
    if os.environ.get("_NOTES_COMPLETE") != "complete_bash":
        return value
    return BASH_SPECIAL.sub(r"\\\1", value)


def _completion_weeks(ctx: typer.Context) -> list[Note]:
    return _week_notes(ctx, _vault(ctx), warn=False)


def _quietly(work: Callable[[], Any]) -> Any:
    """Completion must never print an error into the user's command line: no answer instead."""
    try:
        return work()
    except Exception:
        return None


CourseOption = Annotated[
    str | None,
    typer.Option(
        "--course",
        "-c",
        metavar="NAME",
        autocompletion=_complete_courses,
        help="Only this course (any case; part of the name works).",
    ),
]
DateOption = Annotated[
    str | None,
    typer.Option(
        "--date",
        metavar="[DATE]",
        help="Record done dates: done adds ` ✅ DATE` (YYYY-MM-DD, today or yesterday; default today); undo "
        "removes it.",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of tables.")]


WeekArgument = Annotated[
    str,
    typer.Argument(
        autocompletion=_complete_weeks,
        metavar="WEEK",
        help="A week number (as `notes weeks` lists it) or the path of a Markdown file.",
        show_default=False,
    ),
]
ItemsArgument = Annotated[
    list[str],
    typer.Argument(
        autocompletion=_complete_items,
        metavar="ITEM...",
        help="Item numbers (as `notes show` prints them) or text found in one item.",
        show_default=False,
    ),
]


@commands.command(epilog=examples("notes -d examples weeks", "notes weeks --course agi --json"))
@handles_errors
def weeks(ctx: typer.Context, course: CourseOption = None, json: JsonOption = False) -> None:
    """List the week notes and how far along each one is.

    One table per course: week, title, date, readings and exercises done, and a progress bar.
    """
    from .check import copied_weeks

    courses = _courses(ctx, course)
    _warn(copied_weeks(courses))
    if not json and not any(c.weeks for c in courses):
        emit(_no_weeks(ctx))
    else:
        emit(Listed(tuple(courses), {} if json else _titles(ctx, courses), today() if json else None), json=json)


@commands.command(
    epilog=examples("notes -d examples show 0", "notes show _posts/2024-02-21-agi-safety-fundamentals-week-0.md --json")
)
@handles_errors
def show(
    ctx: typer.Context,
    week: WeekArgument,
    course: CourseOption = None,
    explain: Annotated[
        bool, typer.Option("--explain", help="Say after each item what made it a reading, exercise or other.")
    ] = False,
    json: JsonOption = False,
) -> None:
    """Show one week's items, numbered.

    Readings, exercises and other task items, with their links. The numbers are what done and undo take.
    """
    note = _note(ctx, week, course)
    if json:
        emit(Shown(_dated(ctx, [note]).notes[0], today(), {}), json=True)
    else:
        why = {t.number: _vault(ctx).vocabulary.explain(t) for t in note.tasks} if explain else {}
        emit(Shown(note, today(), why))


def marking(*, done: bool) -> Callable[..., None]:
    """The command `done` (or, not `done`, `undo`): the same arguments, the boxes set one way or the other."""

    def mark(
        ctx: typer.Context,
        week: WeekArgument,
        items: ItemsArgument,
        course: CourseOption = None,
        date: DateOption = None,
        json: JsonOption = False,
    ) -> None:
        vault = _vault(ctx)
        note = _note(ctx, week, course, vault)
        numbers = find_items(note, items)
        record = date is not None or _settings(ctx)["record_done_dates"]
        on = _parse_date(date) if record else None
        updated, changes = vault.set_done(note, numbers, done, on)
        if json:
            emit(Marked(_dated(ctx, [updated]).notes[0], tuple(changes), done, today()), json=True)
        else:
            emit(Marked(updated, tuple(changes), done, None))

    return handles_errors(mark)


commands.command(
    "done",
    help="""Mark items of a week done.

    The item's box becomes [x], and nothing else in the file changes, unless done dates are recorded
    (--date, or record_done_dates in the configuration): then ` ✅ YYYY-MM-DD` also ends the item's line.
    """,
    epilog=examples("notes -d examples done 0 2", 'notes done 0 "compute" 5', "notes done 3 1 --course biology"),
)(marking(done=True))
commands.command(
    "undo",
    help="""Mark items of a week not done.

    The item's box becomes [ ], and the item's done date (` ✅ YYYY-MM-DD`), if it has one, goes too, as in
    Obsidian Tasks; nothing else in the file changes.
    """,
    epilog=examples("notes -d examples undo 0 2", "notes undo week-03.md compute"),
)(marking(done=False))


class ReportFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    csv = "csv"


@commands.command(
    epilog=examples(
        "notes -d examples progress",
        "notes progress --course agi --json",
        "notes progress --format markdown > progress.md",
        "notes progress --svg progress.svg --html progress.html",
    )
)
@handles_errors
def progress(
    ctx: typer.Context,
    course: CourseOption = None,
    format: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="table for people, markdown or csv for documents.")
    ] = ReportFormat.table,
    svg: Annotated[
        Path | None, typer.Option("--svg", metavar="FILE", help="Also save the tables as an SVG image.")
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", metavar="FILE", help="Also save the tables as a web page.")
    ] = None,
    json: JsonOption = False,
) -> None:
    """Report completion per week, per course and overall.

    Readings and exercises are counted apart; weeks still open a week after their date are overdue.
    """
    if json and format is not ReportFormat.table:
        raise UsageError("--json and --format are two different outputs", hint="choose one")
    for path, kind in ((svg, "svg"), (html, "html")):
        if path is not None:
            check_export(path, kind)
    courses = _courses(ctx, course)
    people = not json and format is ReportFormat.table
    result = Progress(tuple(courses), _titles(ctx, courses) if people or svg or html else {}, today())
    if people and not any(c.weeks for c in courses):
        emit(_no_weeks(ctx))
    else:
        emit(result, json=json, format=format)
    if svg or html:
        recorded = render.recording_console()
        render.render_progress(recorded, result)
        for path, kind, text in (
            (svg, "svg", render.export_svg(recorded)),
            (html, "html", render.export_html(recorded)),
        ):
            if path is not None:
                write_export(path, text, kind)
                render.make_console(stderr=True).print(f"saved {report.safe(str(path))}")


class SectionName(StrEnum):
    reading = "reading"
    exercise = "exercise"
    readings = "readings"  # the plural, as the headings and every other command say it
    exercises = "exercises"


SECTION_OF = {name: s for s in (Section.READINGS, Section.EXERCISES) for name in (s.noun, s.value)}
ItemArgument = Annotated[
    str,
    typer.Argument(
        autocompletion=_complete_items,
        metavar="ITEM",
        help="An item number (as `notes show` prints it) or text found in one item.",
    ),
]


@commands.command(epilog=examples("notes -d examples stats", "notes stats --course agi --weeks 12 --json"))
@handles_errors
def stats(
    ctx: typer.Context,
    course: CourseOption = None,
    weeks: Annotated[
        int, typer.Option("--weeks", min=1, max=520, metavar="COUNT", help="How many ISO weeks the chart shows.")
    ] = 8,
    json: JsonOption = False,
) -> None:
    """Show progress over time: completions per week, streak, pace and a projected finish.

    Counts the task items of week notes by their done dates (` ✅ YYYY-MM-DD`, else the commit that ticked
    them when the notes are in git); done items without one count as done on an unknown day. A week note
    still open a week after its date is overdue.
    """
    from . import stats as progress_stats

    dates = _dated(ctx, _course_notes(ctx, course), warn=True)
    courses = group_courses(dates.notes)
    figures = progress_stats.compute(courses, today(), weeks)
    emit(figures if json or any(c.weeks for c in courses) else _no_weeks(ctx), json=json)


@commands.command(
    "log",
    epilog=examples("notes -d examples log", "notes log --since 2024-03-01 --course agi", "notes log -n 5 --json"),
)
@handles_errors
def log(
    ctx: typer.Context,
    course: CourseOption = None,
    since: Annotated[
        str | None, typer.Option("--since", metavar="YYYY-MM-DD", help="Only items done on or after this day.")
    ] = None,
    count: Annotated[
        int | None, typer.Option("--count", "-n", min=1, metavar="COUNT", help="Only the newest COUNT items.")
    ] = None,
    json: JsonOption = False,
) -> None:
    """What was done when, newest first.

    Each done item with its done date: its ` ✅ YYYY-MM-DD`, else (when the notes are in git) the commit
    that ticked it, shown with its short id and subject, or "not committed" for a tick not yet committed.
    """
    from .history import done_log

    day = _parse_date(since, "--since") if since is not None else None
    entries = done_log(_dated(ctx, _course_notes(ctx, course), warn=True), day)[:count]
    emit(Logged(tuple(entries)), json=json)


@commands.command(
    "next", epilog=examples("notes -d examples next", "notes next -n 1 --course agi", "notes next --exercises --json")
)
@handles_errors
def next_(
    ctx: typer.Context,
    course: CourseOption = None,
    count: Annotated[int, typer.Option("--count", "-n", min=1, metavar="COUNT", help="How many items per course.")] = 3,
    exercises: Annotated[bool, typer.Option("--exercises", help="Only exercises.")] = False,
    json: JsonOption = False,
) -> None:
    """What to read or do next.

    The first open readings, then exercises, then other items, of each course, from its earliest week that is
    not complete, in file order. The first line is the answer.
    """
    courses = _courses(ctx, course)
    picked = next_tasks(courses, count, exercises_only=exercises)
    if json or picked or any(c.weeks for c in courses):
        emit(Picked(tuple(picked), today() if picked and not json else None, exercises), json=json)
    else:
        emit(_no_weeks(ctx))


@commands.command("open", epilog=examples("notes -d examples open 0 1", "notes open 0 intro --print"))
@handles_errors
def open_(
    ctx: typer.Context,
    week: WeekArgument,
    item: ItemArgument,
    course: CourseOption = None,
    print_: Annotated[bool, typer.Option("--print", help="Print the link instead of opening it.")] = False,
) -> None:
    """Open an item's link in the web browser.

    Only http, https and mailto links are opened; --print prints the link instead.
    """
    from . import launch

    note = _note(ctx, week, course)
    task = note.tasks[find_items(note, [item])[0] - 1]
    if task.url is None:
        raise NotesError(
            f"item {task.number} of {note.path} has no link", hint="`notes show` lists the items and links"
        )
    if not print_:
        launch.open_in_browser(task.url)
    emit(Link(task.url, opened=not print_))


@commands.command(epilog=examples("notes -d examples edit 0", "notes edit 0 3", "EDITOR=nano notes edit 2 exercise"))
@handles_errors
def edit(
    ctx: typer.Context,
    week: WeekArgument,
    item: Annotated[str | None, typer.Argument(metavar="[ITEM]", help="Open the note at this item's line.")] = None,
    course: CourseOption = None,
) -> None:
    """Open a week's note in your editor.

    The editor is $VISUAL, else $EDITOR, else the system's default; given an item, it opens at its line.
    """
    from . import launch

    vault = _vault(ctx)
    note = _note(ctx, week, course, vault)
    if item is not None:
        source, number = note.source(find_items(note, [item])[0])
        line: int | None = source.tasks[number - 1].line
    else:
        source, line = (note.parts[0].note, note.parts[0].line) if note.parts else (note, None)
    status = launch.run_editor(launch.editor_command(vault.file_of(source), line))
    if status:
        raise NotesError(f"the editor exited with status {status}")


@commands.command(
    epilog=examples(
        "notes -d examples new --dry-run",
        'notes new --reading "The Bitter Lesson|http://www.incompleteideas.net/IncIdeas/BitterLesson.html"',
        'notes new --course "Linear Algebra" --exercise "Problem set 1"',
    )
)
@handles_errors
def new(
    ctx: typer.Context,
    course: CourseOption = None,
    week: Annotated[
        int | None,
        typer.Option("--week", min=0, max=MAX_WEEK, metavar="N", help="The new week's number (default: the next)."),
    ] = None,
    title: Annotated[str | None, typer.Option("--title", metavar="TEXT", help="The new week's title.")] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            metavar="DATE",
            help="The new week's date: YYYY-MM-DD, today or yesterday (default: a week after the latest week's, "
            "when the course's weeks are dated weekly, but not before today; else today).",
        ),
    ] = None,
    reading: Annotated[
        list[str] | None, typer.Option("--reading", metavar="TITLE|URL", help="A reading to list (repeatable).")
    ] = None,
    exercise: Annotated[
        list[str] | None, typer.Option("--exercise", metavar="TEXT", help="An exercise to list (repeatable).")
    ] = None,
    new_course: Annotated[
        bool,
        typer.Option(
            "--new-course", help="Start the --course named, even if the vault has a course named like it (a typo?)."
        ),
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the path and content; write nothing.")] = False,
) -> None:
    """Start the next week of a course, shaped like its latest week.

    Same folder and naming, same front matter (new title, date and week), the same section headings with
    empty readings and exercises. A course that does not exist yet starts at week 1 from a built-in template.
    """
    from .template import plan_new_week

    vault = _vault(ctx)
    day = _parse_date(date) if date is not None else None
    planned = plan_new_week(
        lambda: _week_notes(ctx, vault),
        vault.text,
        vault.root,
        vault.vocabulary,
        day or today(),  # today only when no date is given: a date given needs no NOTES_TODAY
        course=course,
        week=week,
        title=title,
        date=day,
        readings=reading or [],
        exercises=exercise or [],
        new_course=new_course,
    )
    shown = planned.path.as_posix()
    if not dry_run:
        shown = vault.display_path(vault.create(planned.path, planned.text))
    emit(Created(planned, shown, dry_run))


@commands.command(
    epilog=examples(
        'notes -d examples add 3 reading "Risks from Learned Optimization" --url https://arxiv.org/abs/1906.01820',
        'notes add 3 exercise "Summarise the paper in five sentences"',
    )
)
@handles_errors
def add(
    ctx: typer.Context,
    week: WeekArgument,
    section: Annotated[SectionName, typer.Argument(metavar="reading|exercise", help="Which list to add to.")],
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The item's text (a reading's title).")],
    url: Annotated[str | None, typer.Option("--url", metavar="URL", help="The reading's link.")] = None,
    course: CourseOption = None,
    json: JsonOption = False,
) -> None:
    """Add a reading or an exercise to a week.

    The item goes at the end of that section's list.

    It copies the list's bullet and indentation and the file's line endings; nothing else in the file changes.
    """
    from .template import item_text

    item = item_text(text, url)  # checked before the vault is read
    vault = _vault(ctx)
    note = _note(ctx, week, course, vault)
    updated, task = vault.add_task(note, SECTION_OF[section], item)
    if json:
        emit(Added(_dated(ctx, [updated]).notes[0], task, today()), json=True)
    else:
        emit(Added(updated, task, None))


@commands.command(
    epilog=examples("notes -d examples check", "notes check --ignore N304 --json", "notes check _posts/*.md")
)
@handles_errors
def check(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None, typer.Argument(metavar="[PATH]...", help="Only report on these notes (default: all).")
    ] = None,
    course: CourseOption = None,
    ignore: Annotated[
        list[str] | None, typer.Option("--ignore", metavar="CODE", help="Skip a kind of finding (repeatable).")
    ] = None,
    codes: Annotated[bool, typer.Option("--codes", help="List the codes, their levels and what each finds.")] = False,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on warnings too (infos never fail), as linters in hooks do.")
    ] = False,
    json: JsonOption = False,
) -> int:
    """Check the notes for mistakes.

    Prints `path:line: level: message [CODE]`, like a compiler.

    Exits 1 when it finds an error (or, with --strict, a warning), else 0, so it can run in a pre-commit
    hook or CI.
    `notes check --codes` lists the codes.
    """
    if codes:
        emit(Codes(tuple(Code)), json=json)
        return 0
    ignored = {code.strip().upper() for value in ignore or [] for code in value.split(",") if code.strip()}
    unknown = sorted(ignored - set(Code))
    if unknown:
        raise UsageError(f"unknown check code {', '.join(unknown)}", hint=f"codes: {', '.join(Code)}")
    from .check import check_vault

    found = check_vault(_vault(ctx), paths or [], course=course, ignore={CODES[code] for code in ignored})
    emit(found, json=json)
    failing = ("error", "warning") if strict else ("error",)
    return 1 if any(f.level in failing for f in found.findings) else 0


@commands.command("config", epilog=examples("notes config", "notes -d ~/notes config --json"))
@handles_errors
def config_(ctx: typer.Context, json: JsonOption = False) -> None:
    """Show the effective settings and where each comes from.

    From first to last say: the command line, the environment (NOTES_DIR, NOTES_RECORD_DONE_DATES,
    NOTES_GIT), the vault's .notes.yaml, the user's notes/config.yaml, the defaults.
    """
    emit(_settings(ctx), json=json)


@commands.command(epilog=examples("notes -d examples ui", "notes ui --course agi"))
@handles_errors
def ui(ctx: typer.Context, course: CourseOption = None) -> None:
    """Browse the weeks full screen and tick items off with a key.

    Opens on the week `next` picks. Keys: arrows or j/k move, space marks done or not done, o opens the link,
    e edits the note, a adds an item, n jumps to what is next, / filters, s shows stats, ? lists the keys, q quits.
    It shows changes other programs make to the notes as they happen.
    """
    try:
        from .ui import run
    except ModuleNotFoundError as error:
        if (error.name or "").partition(".")[0] != "textual":
            raise
        raise NotesError(
            "notes ui needs Textual, which is not installed",
            hint="install it with notes' ui extra (pip install -e '.[ui]' in notes' folder) or pip install textual",
        ) from None
    vault, name = _vault(ctx), _course_name(ctx, course)
    _courses(ctx, course)  # an unknown course, unreadable notes, a bad NOTES_TODAY: said before the screen is taken
    today()

    def load() -> list[Course]:  # with done dates from git, as `show --json` and `stats` have them
        return group_courses(_dated(ctx, filter_course(_week_notes(ctx, vault, warn=False), name)).notes)

    run(vault, load, today, _settings(ctx)["record_done_dates"])


@commands.command("help", epilog=examples("notes help", "notes help done"))
@handles_errors
def help_(
    ctx: typer.Context,
    command: Annotated[str | None, typer.Argument(metavar="[COMMAND]", help="The command to explain.")] = None,
) -> None:
    """Show the help of notes, or of one command (the same as `notes COMMAND --help`)."""
    group = ctx.find_root()
    if command is None:
        print(group.get_help())
        return
    found = group.command.get_command(group, command) if isinstance(group.command, TyperGroup) else None
    if found is None:
        raise UsageError(f"no such command: {command}", hint=f"the commands: {', '.join(sorted(app_commands()))}")
    print(found.get_help(typer.Context(found, info_name=command, parent=group)))


def today() -> dt.date:
    """Today, or NOTES_TODAY (YYYY-MM-DD) so that reports can be reproduced and tested."""
    fixed = os.environ.get("NOTES_TODAY")
    if fixed:
        try:  # YYYY-MM-DD only, as --date takes it (fromisoformat alone also takes 20240320 and 2024-W12-3)
            if not ISO_DAY.fullmatch(fixed):
                raise ValueError
            return dt.date.fromisoformat(fixed)
        except ValueError:
            raise UsageError(f"NOTES_TODAY={fixed} is not a date", hint="give it as YYYY-MM-DD") from None
    return dt.date.today()


def _parse_date(value: str | None, option: str = "--date") -> dt.date:
    """A --date (or `option`) value: YYYY-MM-DD, `today` or `yesterday` (any case); none means today."""
    if value is None:
        return today()
    if value.lower() in DAY_WORDS:
        return today() - dt.timedelta(days=DAY_WORDS[value.lower()])
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"{option} {value} is not a date: there is no such day", hint="give it as YYYY-MM-DD"
        ) from None
    raise UsageError(f"{option} {value} is not a date", hint="give it as YYYY-MM-DD, today or yesterday")


def _settings(ctx: typer.Context) -> Settings:
    if "settings" not in ctx.meta:
        root = ctx.find_root()  # while the shell completes, the group's callback has not set ctx.obj
        folder = root.obj.folder if root.obj is not None else root.params.get("folder")
        no_git = root.obj.no_git if root.obj is not None else bool(root.params.get("no_git"))
        ctx.meta["settings"] = config.load(folder, _user_config_folder(), no_git=no_git)
    return ctx.meta["settings"]


def _user_config_folder() -> Path:
    """Typer's folder for the user's configuration; a relative XDG_CONFIG_HOME, which the XDG spec says to
    ignore (it would read a configuration from the current folder), gives way to ~/.config."""
    folder = Path(typer.get_app_dir("notes"))
    return folder if folder.is_absolute() else Path.home() / ".config" / "notes"


def _vault(ctx: typer.Context) -> Vault:
    if "vault" not in ctx.meta:
        settings = _settings(ctx)
        cache_folder = None if ctx.find_root().params.get("no_cache") else cache.folder()
        if not settings.folder.is_dir():
            what = "not a folder" if settings.folder.exists() else "no such folder"
            source = _dir_source(settings.values["dir"].source)
            raise UsageError(f"{what}: {settings.folder} ({source})", hint="give a folder of notes with --dir")
        ctx.meta["vault"] = Vault(settings.folder, settings.vocabulary, tuple(settings["exclude"]), cache_folder)
    return ctx.meta["vault"]


def _week_notes(ctx: typer.Context, vault: Vault, *, warn: bool = True) -> list[Note]:
    """Every week of the vault (see `model.gather_weeks`); what could not be read is reported on stderr
    (unless not `warn`)."""
    scan = vault.scan(weeks_only=True)
    notes = scan.notes
    if warn:  # files that cannot be read or whose front matter is broken, and what is wrong in week notes
        _warn(scan.problems + [p for n in notes for p in n.problems])
    return gather_weeks(notes)


def _courses(ctx: typer.Context, course: str | None) -> list[Course]:
    return group_courses(_course_notes(ctx, course))


def _course_notes(ctx: typer.Context, course: str | None) -> list[Note]:
    return filter_course(_week_notes(ctx, _vault(ctx)), _course_name(ctx, course))


def _dated(ctx: typer.Context, notes: list[Note], *, warn: bool = False) -> Dates:
    """The notes with done dates from the vault's git history (unless `git: false` or --no-git); with
    `warn`, say on stderr when a shallow clone's history is too short to date some items."""
    from . import history

    if not _settings(ctx)["git"]:
        return history.Dates(notes)
    cache_folder = None if ctx.find_root().params.get("no_cache") else cache.folder()
    dates = history.date_notes(_vault(ctx).root, notes, cache_folder)
    if warn and dates.shallow:
        render.render_shallow(render.make_console(stderr=True), dates.shallow)
    return dates


def _no_weeks(ctx: typer.Context) -> NoWeeks:
    """Which folder was searched and where that came from, for people to be told there are no week notes in it."""
    setting = _settings(ctx).values["dir"]
    return NoWeeks(str(Path(setting.value).absolute()), _dir_source(setting.source))


def _dir_source(source: str) -> str:
    """Where the vault folder came from, in words."""
    if source == config.DEFAULT:
        return "the current folder; choose another with --dir, NOTES_DIR or `dir` in the configuration"
    if source.startswith("command line"):
        return "given with --dir"
    if source.startswith("environment"):
        return "from NOTES_DIR"
    return f"from `dir` in {source}"


def _titles(ctx: typer.Context, courses: list[Course]) -> dict[str, str]:
    """What tells each week of a course apart from the others, by week key (see `parse.distinct_titles`)."""
    from .parse import distinct_titles

    vocabulary = _vault(ctx).vocabulary
    return {key: title for c in courses for key, title in distinct_titles(c.weeks, c.name, vocabulary).items()}


def _course_name(ctx: typer.Context, course: str | None) -> str | None:
    """A --course value, with a configured alias turned into its course's name."""
    return _vault(ctx).vocabulary.course(course) if course is not None else None


def _note(ctx: typer.Context, week: str, course: str | None, vault: Vault | None = None, *, warn: bool = True) -> Note:
    """The note a WEEK argument names (see `select.find_note`); with `warn`, what is wrong in it is said on stderr."""
    vault = vault or _vault(ctx)

    def load(name: str) -> Note | None:
        file = vault.find_file(name)
        if file is None:
            return None
        note = vault.load(file)
        if warn:
            _warn(list(note.problems))
        return note

    def weeks() -> list[Note]:
        return filter_course(_week_notes(ctx, vault, warn=warn), _course_name(ctx, course))

    return find_note(week, course, suffixes=NOTE_SUFFIXES, load=load, weeks=weeks)


def _warn(problems: list) -> None:
    if problems:
        console = render.make_console(stderr=True)
        for problem in sorted(problems, key=lambda p: (p.path, p.line or 0)):
            render.render_problem(console, problem)


def emit(result: Any, *, json: bool = False, format: ReportFormat = ReportFormat.table) -> None:
    """The one place a command's typed result is printed, by its type (`OUTPUTS`): as JSON for scripts or as a
    document (`--format`) by report.py; for people by render.py, or as report.py's plain text where Rich would
    print the same bytes (which spares importing Rich)."""
    outputs = OUTPUTS[type(result)]
    if json:
        assert outputs.json is not None, f"{type(result).__name__} has no JSON form"
        _json(outputs.json(result))
    elif format is not ReportFormat.table:
        _write(outputs.documents[format](result))
    else:
        text = outputs.plain(result, report.plain_width(sys.stdout)) if outputs.plain else None
        if text is not None:
            _out(text)
        else:
            outputs.people(render.make_console(), result)


@dataclass(frozen=True)
class Outputs:
    """How one type of result is printed. Lambdas, so that render.py (and Rich) is imported only when used."""

    people: Callable[[Any, Any], None]  # (console, result): render.py
    json: Callable[[Any], Any] | None = None  # its JSON value (report.py, perhaps with a JsonArray); None: no --json
    plain: Callable[[Any, int | None], str | None] | None = None  # `people`'s bytes without Rich, where it can
    documents: dict[ReportFormat, Callable[[Any], str]] = field(default_factory=dict)  # `--format`: the text


OUTPUTS: dict[type, Outputs] = {
    Checked: Outputs(
        lambda console, found: render.render_findings(console, found.findings, found.checked),
        lambda found: report.findings_json(found.findings, found.checked),
    ),
    Codes: Outputs(
        lambda console, codes: render.render_codes(console, list(codes.codes)),
        lambda codes: report.codes_json(codes.codes),
    ),
    Stats: Outputs(lambda console, figures: render.render_stats(console, figures), report.stats_json),
    Settings: Outputs(
        lambda console, settings: render.render_settings(console, settings.values, settings.files),
        lambda settings: report.settings_json(settings.values, settings.files),
    ),
    NoWeeks: Outputs(lambda console, none: render.render_no_weeks(console, none.folder, none.source)),
    Listed: Outputs(
        lambda console, listed: render.render_weeks(console, list(listed.courses), listed.titles),
        report.listed_json,
    ),
    Shown: Outputs(
        lambda console, shown: render.render_show(console, shown.week, shown.today, shown.why),
        lambda shown: report.week_json(shown.week, shown.today, items=True),
    ),
    Marked: Outputs(
        lambda console, marked: render.render_marked(console, marked),
        report.marked_json,
        report.marked_text,
    ),
    Added: Outputs(
        lambda console, added: render.render_added(console, added.week, added.item),
        report.added_json,
    ),
    Progress: Outputs(
        lambda console, progress: render.render_progress(console, progress),
        lambda progress: report.progress_json(list(progress.courses), progress.today),
        documents={
            ReportFormat.markdown: lambda progress: (
                report.progress_markdown(list(progress.courses), progress.today) + "\n"
            ),
            ReportFormat.csv: lambda progress: report.progress_csv(list(progress.courses), progress.today),
        },
    ),
    Logged: Outputs(
        lambda console, logged: render.render_log(console, list(logged.entries)),
        lambda logged: report.log_json(list(logged.entries)),
    ),
    Picked: Outputs(
        lambda console, picked: render.render_picked(console, picked),
        lambda picked: report.next_json(list(picked.items)),
    ),
    Created: Outputs(
        lambda console, created: render.render_created(
            console, created.shown, created.note.text, dry_run=created.dry_run
        )
    ),
    Link: Outputs(
        lambda console, link: render.render_opened(console, link.url),
        plain=lambda link, width: None if link.opened else report.safe(link.url),
    ),
}


def _json(value: Any) -> None:
    """--json output: indented for a person at a terminal, one compact line for a pipe; written piece by piece,
    so that a large output is never held whole."""
    write = sys.stdout.write
    for chunk in report.json_chunks(value, pretty=sys.stdout.isatty()):
        write(chunk)
    _out("")


def _out(text: str) -> None:
    _write(text + "\n")


def _write(text: str) -> None:
    sys.stdout.write(text)
    sys.stdout.flush()  # a closed pipe shows up here, inside the command, not at exit


def _discard_stdout() -> None:
    """Point stdout at the null device so that the final flush at exit does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def main() -> None:
    """Console-script entry point."""
    app()
