"""The only module that imports Typer: arguments in, one core call per command, errors out as exit codes.

Exit codes: 0 ok; 1 the request could not be done (no such week or item, ambiguous, stale or unreadable
file); 2 usage error; 130 interrupted.
"""

from __future__ import annotations

import functools
import io
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from . import __version__, render
from .errors import NotesError, NotFoundError
from .model import Course, Note, group_courses
from .select import filter_course, find_items, find_week, is_number
from .vault import NOTE_SUFFIXES, Vault

INTERRUPTED = 130

app = typer.Typer(
    name="notes",
    help="Track readings and exercises in weekly Markdown study notes.\n\n"
    "Reads a folder of notes (one Markdown file per course week), lists the weeks, marks task items "
    "done or not done by editing their checkbox in place, and reports progress.\n\n"
    "Example: notes --dir examples weeks",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def examples(*lines: str) -> str:
    """A help epilog listing example command lines, kept as written (\\b stops Click re-wrapping them)."""
    return "Examples:\n\n\b\n" + "\n".join(f"  {line}" for line in lines) + "\n"


@dataclass
class Options:
    """What the top-level options set for every command."""

    folder: Path
    debug: bool


def _version(value: bool) -> None:
    if value:
        print(f"notes {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    ctx: typer.Context,
    folder: Annotated[
        Path,
        typer.Option(
            "--dir",
            "-d",
            envvar="NOTES_DIR",
            metavar="FOLDER",
            help="Folder of notes (searched recursively).",
            show_default="the current folder",
        ),
    ] = Path("."),
    debug: Annotated[bool, typer.Option("--debug", help="Show a traceback on errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    ctx.obj = Options(folder, debug)


def handles_errors(command: Callable[..., None]) -> Callable[..., None]:
    """Print NotesError to stderr with its exit code; no traceback unless --debug."""

    @functools.wraps(command)
    def wrapper(ctx: typer.Context, *args, **kwargs) -> None:
        options: Options = ctx.obj
        try:
            command(ctx, *args, **kwargs)
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

    return wrapper


CourseOption = Annotated[
    str | None,
    typer.Option("--course", "-c", metavar="NAME", help="Only this course (any case; part of the name works)."),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON for scripts instead of tables.")]
WeekArgument = Annotated[
    str,
    typer.Argument(
        metavar="WEEK",
        help="A week number (as `notes weeks` lists it) or the path of a Markdown file.",
        show_default=False,
    ),
]
ItemsArgument = Annotated[
    list[str],
    typer.Argument(
        metavar="ITEM...",
        help="Item numbers (as `notes show` prints them) or text found in one item.",
        show_default=False,
    ),
]


@app.command(epilog=examples("notes -d examples weeks", "notes weeks --course agi --json"))
@handles_errors
def weeks(ctx: typer.Context, course: CourseOption = None, json: JsonOption = False) -> None:
    """List the week notes and how far along each one is.

    One table per course: week, title, date, readings and exercises done, and a progress bar.
    """
    courses = _courses(ctx, course)
    if json:
        _out(render.to_json([render.week_json(w) for c in courses for w in c.weeks]))
    else:
        render.render_weeks(render.make_console(), courses)


@app.command(
    epilog=examples("notes -d examples show 0", "notes show _posts/2024-02-21-agi-safety-fundamentals-week-0.md --json")
)
@handles_errors
def show(ctx: typer.Context, week: WeekArgument, course: CourseOption = None, json: JsonOption = False) -> None:
    """Show one week's items, numbered.

    Readings, exercises and other task items, with their links. The numbers are what done and undo take.
    """
    note = _note(ctx, week, course)
    if json:
        _out(render.to_json(render.week_json(note, items=True)))
    else:
        render.render_show(render.make_console(), note)


@app.command(
    epilog=examples("notes -d examples done 0 2", 'notes done 0 "compute" 5', "notes done 3 1 --course biology")
)
@handles_errors
def done(
    ctx: typer.Context, week: WeekArgument, items: ItemsArgument, course: CourseOption = None, json: JsonOption = False
) -> None:
    """Mark items of a week done.

    The item's box becomes [x], and nothing else in the file changes.
    """
    _mark(ctx, week, items, course, json, done=True)


@app.command(epilog=examples("notes -d examples undo 0 2", "notes undo week-03.md compute"))
@handles_errors
def undo(
    ctx: typer.Context, week: WeekArgument, items: ItemsArgument, course: CourseOption = None, json: JsonOption = False
) -> None:
    """Mark items of a week not done.

    The item's box becomes [ ], and nothing else in the file changes.
    """
    _mark(ctx, week, items, course, json, done=False)


@app.command(epilog=examples("notes -d examples progress", "notes progress --course agi --json"))
@handles_errors
def progress(ctx: typer.Context, course: CourseOption = None, json: JsonOption = False) -> None:
    """Report completion per week, per course and overall.

    Readings and exercises are counted apart.
    """
    courses = _courses(ctx, course)
    if json:
        _out(render.to_json(render.progress_json(courses)))
    else:
        render.render_progress(render.make_console(), courses)


def _mark(ctx: typer.Context, week: str, items: list[str], course: str | None, json: bool, *, done: bool) -> None:
    vault = _vault(ctx)
    note = _note(ctx, week, course, vault)
    numbers = find_items(note, items)
    updated, changes = vault.set_done(note, numbers, done)
    if json:
        _out(render.to_json(render.changes_json(updated, changes)))
    else:
        render.render_changes(render.make_console(), updated, changes, done)


def _vault(ctx: typer.Context) -> Vault:
    if "vault" not in ctx.meta:
        ctx.meta["vault"] = Vault(ctx.obj.folder)
    return ctx.meta["vault"]


def _week_notes(ctx: typer.Context, vault: Vault) -> list[Note]:
    """Every week note of the vault; what could not be read is reported on stderr."""
    scan = vault.scan()
    _warn(scan.problems + [p for n in scan.notes for p in n.problems])
    return [n for n in scan.notes if n.is_week]


def _courses(ctx: typer.Context, course: str | None) -> list[Course]:
    return group_courses(filter_course(_week_notes(ctx, _vault(ctx)), course))


def _note(ctx: typer.Context, week: str, course: str | None, vault: Vault | None = None) -> Note:
    """The note a WEEK argument names: a path to a Markdown file, or a week number."""
    vault = vault or _vault(ctx)
    looks_like_path = week.lower().endswith(NOTE_SUFFIXES) or "/" in week or "\\" in week
    if looks_like_path or not is_number(week):
        file = vault.find_file(week)
        if file is not None:
            note = vault.load(file)
            _warn(list(note.problems))
            return note
        if looks_like_path:
            raise NotFoundError(f"no such file: {week}", hint="give a path relative to the vault, or an absolute one")
        raise NotFoundError(
            f"“{week}” is neither a week number nor a Markdown file",
            hint="give a week number as `notes weeks` lists it, or the path of a note",
        )
    weeks = filter_course(_week_notes(ctx, vault), course)
    return find_week(weeks, int(week), course)


def _warn(problems: list) -> None:
    if problems:
        console = render.make_console(stderr=True)
        for problem in sorted(problems, key=lambda p: (p.path, p.line or 0)):
            render.render_problem(console, problem)


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")
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
