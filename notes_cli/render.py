"""Rich for the commands (only `ui.py` also imports it): tables, bars, plain text and JSON. Note text is untrusted
and escaped."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence

from rich.console import Console, Group
from rich.style import Style
from rich.table import Table
from rich.text import Text

from .errors import AmbiguousError, FileError, NotesError
from .links import followable
from .model import (
    CANCELLED,
    IN_PROGRESS,
    Change,
    Count,
    Course,
    DoneSource,
    Note,
    Part,
    Problem,
    Section,
    Tally,
    Task,
)
from .report import (
    HANGING_MIN,
    STACKED_INDENT,
    findings_json,
    marked_rows,
    percent,
    plain_item,
    safe,
    safe_block,
    totals_text,
    week_label,
)
from .results import Code, Marked, Picked, Progress, Stats

BAR_WIDTH = 10


class _Console(Console):
    def on_broken_pipe(self) -> None:
        """Let the command decide (Rich would exit with status 1 when the reader of a pipe leaves)."""
        raise BrokenPipeError


def make_console(*, stderr: bool = False) -> Console:
    """A console that emits no escape codes at all when NO_COLOR is set or the stream is not a terminal."""
    no_color = bool(os.environ.get("NO_COLOR"))
    return _Console(
        stderr=stderr,
        soft_wrap=stderr,  # a warning or error stays on one line, like a compiler's
        color_system=None if no_color else "auto",
        highlight=False,
        markup=False,
        emoji=False,
    )


def _link_style(url: str | None) -> Style:
    """A clickable link only for the links `model.followable` allows."""
    return Style(link=url) if followable(url) else Style()


# ---- JSON ------------------------------------------------------------------------------------------


# ---- People ----------------------------------------------------------------------------------------


# The order in which the weeks and progress tables give up room as the terminal narrows: the title shrinks to
# TITLE_MIN, then the bars shrink and give way to the bare percentage, then the date goes, then the title.
LAYOUTS = (
    (BAR_WIDTH, True, True),
    (BAR_WIDTH // 2, True, True),
    (0, True, True),
    (0, False, True),
    (0, False, False),
)  # (bar width, date shown, title shown)
TITLE_MIN = 16  # a title cut shorter than this tells weeks apart no more: the column goes instead
COLUMN_GAP = 2  # Rich's padding between the columns of a table without a box
# A row for `_hanging`: lead cells, the text that wraps under itself, a link, whether the link may go beside it.
HangingRow = tuple[list[Text], Text, str | None, bool]
CourseRows = tuple[list[str], list[list[Text]], dict[str, Text] | None]  # a course table: columns, rows, footer


def bar(count: Count, console: Console, width: int = BAR_WIDTH) -> Text:
    """A bar and a percentage that read the same with and without colour (width 0: the percentage alone)."""
    pad = width + 1 if width else 0
    if count.total == 0:
        return Text(("-" if console.options.ascii_only else "—").rjust(pad + 4), style="dim")
    filled = round(width * count.done / count.total)
    full, empty = ("#", "-") if console.options.ascii_only else ("█", "░")
    colour = "green" if count.complete else "yellow" if count.done else "red"
    text = Text()
    text.append(full * filled, style=colour)
    text.append(empty * (width - filled), style="dim")
    text.append(f"{' ' if width else ''}{percent(count):>4}")
    return text


def fraction(count: Count) -> Text:
    if count.total == 0:
        return Text("—", style="dim")
    return Text(f"{count.done}/{count.total}", style="green" if count.complete else "")


def render_weeks(console: Console, courses: list[Course], titles: dict[str, str]) -> None:
    """`notes weeks`: a table per course, a row per week; `titles` tell the weeks apart (see
    `parse.distinct_titles`)."""
    show_other = any(c.tally.other.total for c in courses)
    any_title = any(titles.get(w.key) for c in courses for w in c.weeks)
    for width, show_date, show_title in LAYOUTS:
        show_title = show_title and any_title
        columns = ["Week"] + ["Title"] * show_title + ["Date"] * show_date
        sections = [s for s in Section if s is not Section.OTHER or show_other]
        columns += [s.label for s in sections] + ["Progress"]
        tables = []
        for course in courses:
            rows = []
            for week in course.weeks:
                tally = week.tally
                row = [_week_number(week)] + [_title(titles.get(week.key, ""))] * show_title
                if show_date:
                    row.append(Text(week.date.isoformat() if week.date else "—", style="dim"))
                row += [fraction(tally.section(s)) for s in sections]
                rows.append([*row, bar(tally.all, console, width)])
            tables.append((columns, rows, None))
        if _fits(console, tables):
            break
    _emit_tables(console, courses, tables)


def render_no_weeks(console: Console, folder: str, source: str) -> None:
    """What to do in a folder without week notes (an empty vault, or the wrong folder)."""
    emit(console, Text(f"No week notes in {safe(folder)} ({safe(source)}).", style="yellow"))
    emit(
        console,
        Text(
            "A week note is a Markdown file with a week number in its name, folder or title (week-03.md, "
            "`title: ... Week 3`), or with a Readings or Exercises heading."
        ),
    )
    console.print("Start one with:  notes new --course NAME")


def _emit_tables(console: Console, courses: list[Course], tables: Sequence[CourseRows]) -> None:
    """A table per course, a blank line between them."""
    for index, (course, (columns, rows, footer)) in enumerate(zip(courses, tables, strict=True)):
        if index:
            console.print()
        emit(console, _course_table(course, columns, rows, footer))


def _fits(console: Console, tables: Sequence[CourseRows]) -> bool:
    """Whether every table fits the terminal with its title (if any) cut to no less than TITLE_MIN."""
    for columns, rows, footer in tables:
        cells = [[Text(name) for name in columns], *rows, [(footer or {}).get(name, Text()) for name in columns]]
        widths = [max(c[i].cell_len for c in cells) for i in range(len(columns))]
        if "Title" in columns:
            index = columns.index("Title")
            widths[index] = min(widths[index], TITLE_MIN)
        if sum(widths) + COLUMN_GAP * (len(widths) - 1) > console.width:
            return False
    return True


def _course_table(
    course: Course, columns: list[str], rows: list[list[Text]], footer: dict[str, Text] | None = None
) -> Table:
    """A table titled with the course's name; only the title column gives up room when it is short."""
    table = Table(
        title=Text(safe(course.name or "(no course)"), style="bold"),
        title_justify="left",
        box=None,
        pad_edge=False,
        header_style="bold",
        show_footer=footer is not None,
    )
    for name in columns:
        table.add_column(
            _unit_header(course) if name == "Week" else name,
            footer=(footer or {}).get(name, ""),
            justify="right" if name == "Week" or (name in {s.label for s in Section} and footer is None) else "left",
            no_wrap=name != "Title",  # only the title gives up room in a narrow terminal
        )
    for row in rows:
        table.add_row(*row)
    return table


def _unit_header(course: Course) -> str:
    """The week column's heading in the unit the course counts in ("Lesson" for fast.ai's lessons), when
    all its numbered weeks share one; else "Week"."""
    units = {w.unit for w in course.weeks if w.week is not None}
    unit = units.pop() if len(units) == 1 else None
    return unit.capitalize() if unit is not None else "Week"


def _title(title: str) -> Text:
    """A title on one line, cut with an ellipsis when the table is too wide for it; a dash when empty."""
    if not title:
        return Text("—", style="dim")
    return Text(safe(title), no_wrap=True, overflow="ellipsis")


def _week_number(note: Note) -> Text:
    return Text(str(note.week) if note.week is not None else "—")


def emit(console: Console, renderable: object) -> None:
    """Print without the trailing spaces Rich pads table cells with (they clutter piped output)."""
    if console.record:  # an export: Rich keeps what it prints, and the padding is invisible there
        console.print(renderable)
        return
    with console.capture() as capture:
        console.print(renderable)
    output = capture.get()
    console.file.write("\n".join(line.rstrip(" ") for line in output.split("\n")))
    console.file.flush()


def no_items(note: Note) -> str:
    """What a week without task items says: of the week, when it is a section of a note or has several parts."""
    return f"No task items in this {'week' if note.parts else 'note'}."


def render_show(console: Console, note: Note, today: dt.date, why: dict[int, str] | None = None) -> None:
    """`notes show`: a week's items under Readings, Exercises and Other, numbered; placeholders, due dates
    and sections without checkboxes marked; with `why`, what decided each item's section."""
    emit(console, Text(safe(note.title), style="bold"))
    details = [
        note.course,
        week_label(note) if note.week is not None else None,
        note.date.isoformat() if note.date else None,
    ]
    if any(details):
        emit(console, Text(" · ".join(safe(d) for d in details if d), style="dim"))
    console.print(Text(safe(note.path), style="dim"), soft_wrap=True)  # whole, to be copied
    for part in note.parts if len(note.parts) > 1 else ():
        console.print(Text(f"  part: {safe(_place(part))}", style="dim"), soft_wrap=True)
    places = _part_places(note)
    named = {h.section for h in note.headings if h.section is not Section.OTHER}
    if not note.tasks and not named:
        console.print(Text("\n" + no_items(note), style="yellow"))
        return
    tally = note.tally
    for section in Section:
        tasks = [t for t in note.tasks if t.section is section]
        if not tasks and section not in named:
            continue
        count = tally.section(section)
        heading = Text("\n")
        heading.append(section.label, style="bold")
        if not tasks:
            heading.append("  no checkboxes in this section (nothing to count)", style="yellow")
            console.print(heading)
            continue
        heading.append(f"  {count.done}/{count.total}  ")
        heading.append_text(bar(count, console))
        console.print(heading)
        _hanging(console, _item_rows(tasks, today, places, why or {}), padding=1)


def _part_places(note: Note) -> dict[int, str]:
    """Where each task of a week of several parts is written ("path" or "path:line"), by task number."""
    places = [_place(part) for part in note.parts for _ in part.numbers]
    return dict(enumerate(places, 1))


def _place(part: Part) -> str:
    """Where a part of a week is written: "path", or "path:line" for a week section."""
    return part.note.path if part.line is None else f"{part.note.path}:{part.line}"


def _item_rows(tasks: list[Task], today: dt.date, places: dict[int, str], why: dict[int, str]) -> list[HangingRow]:
    """The items numbered, under their headings; in a week of several notes, grouped by note too."""
    rows: list[HangingRow] = []
    headings = {(places.get(t.number), t.heading) for t in tasks}
    last_place: object = object()
    last_heading: object = object()
    width = len(str(tasks[-1].number))
    for task in tasks:
        place = places.get(task.number)
        if place is not None and place != last_place and len(set(places.values())) > 1:
            rows.append(([Text(), Text()], Text(safe(place), style="bold dim"), None, False))
            last_place, last_heading = place, object()
        if len(headings) > 1 and task.heading != last_heading:
            rows.append(
                ([Text(), Text()], Text(safe(task.heading or "(before any heading)"), style="italic dim"), None, False)
            )
            last_heading = task.heading
        text = item_text(task, today)
        if task.number in why:
            text.append(f"  ← {safe(why[task.number])}", style="dim italic")
        rows.append(([Text(str(task.number).rjust(width), style="cyan"), box(task)], text, task.url, False))
    return rows


def _hanging(console: Console, rows: list[HangingRow], padding: int) -> None:
    """Rows of lead cells and a text that wraps under itself (a hanging indent). A row's link goes beside
    the text (when asked and it fits) or under it; one too long for the room left is printed whole on its
    own line from the left edge (and past the right one only when longer than the terminal is wide): a link
    broken across lines can be neither clicked nor copied."""
    widths = [max(row[0][i].cell_len for row in rows) for i in range(len(rows[0][0]))]
    indent = sum(widths) + padding * len(widths)
    if console.width - indent < HANGING_MIN and indent > STACKED_INDENT:  # the text goes under the leads
        for leads, text, url, beside in rows:
            line = Text("  ").join(lead for lead in leads if lead.plain)
            if line.plain:  # not a heading row
                emit(console, line)
            _hanging(console, [([Text(" " * (STACKED_INDENT - padding))], text, url, beside)], padding)
        return
    room = max(console.width - indent, 1)
    grid = None
    for leads, text, url, beside in rows:
        if grid is None:
            grid = Table.grid(padding=(0, padding))
            for width in widths:
                grid.add_column(no_wrap=True, width=width)
            grid.add_column(overflow="fold")
        cell = text.copy()
        long_url = url is not None and len(safe(url)) > room
        if url and not long_url:
            last_line = cell.plain.rsplit("\n", 1)[-1]
            fits_beside = beside and len(last_line) + 2 + len(safe(url)) <= room
            cell.append("  " if fits_beside else "\n")
            cell.append(safe(url), style=_link_style(url) + Style(dim=True))
        grid.add_row(*leads, cell)
        if long_url:
            emit(console, grid)
            grid = None
            console.print(Text(safe(url or ""), style=_link_style(url) + Style(dim=True)), soft_wrap=True)
    if grid is not None:
        emit(console, grid)


def box(task: Task) -> Text:
    """The item's box: done, open, or Obsidian's cancelled `[-]` and in-progress `[/]`."""
    if task.status == CANCELLED:
        return Text("[-]", style="dim")
    if task.status == IN_PROGRESS:
        return Text("[/]", style="yellow")
    return Text("[x]", style="green") if task.done else Text("[ ]", style="dim")


def item_text(task: Task, today: dt.date) -> Text:
    """An item's text, then what to know about it: a placeholder to fill in, a due date (overdue after it)."""
    text = Text(safe(task.text) or "(no text)", style="" if task.text else "dim")
    if task.status is not None:
        if task.status == CANCELLED:
            text.stylize("strike dim")
        text.append(f"  ({task.status})", style="dim italic")
    if task.placeholder:
        text.append("  (placeholder)", style="yellow")
    if task.due is not None and not task.done:
        late = task.overdue(today)
        text.append(f"  due {task.due.isoformat()}" + (", overdue" if late else ""), style="bold red" if late else "")
    return text


def render_marked(console: Console, marked: Marked[Note, Change]) -> None:
    """`notes done`/`undo`: what changed, then the week's new totals (as `report.marked_text` without Rich)."""
    changed = "green" if marked.done else "yellow"
    rows: list[HangingRow] = [
        ([Text(what, style=changed if what.startswith("marked") else "dim"), Text(number)], Text(text), None, False)
        for what, number, text in marked_rows(marked)
    ]
    _hanging(console, rows, padding=2)
    emit(console, totals_line(marked.week))


def totals_line(note: Note) -> Text:
    return Text(totals_text(note), style="bold")


def render_progress(console: Console, progress: Progress[Course]) -> None:
    """`notes progress`: per week and per course, readings and exercises apart, then overall (when there
    are several courses); its `titles` tell the weeks apart (see `parse.distinct_titles`)."""
    courses, today, titles = list(progress.courses), progress.today, progress.titles
    show_other = any(c.tally.other.total for c in courses)
    sections = [s for s in Section if s is not Section.OTHER or show_other]
    show_overdue = any(w.overdue(today) for c in courses for w in c.weeks)
    any_title = any(titles.get(w.key) for c in courses for w in c.weeks)
    for width, _, show_title in LAYOUTS:
        show_title = show_title and any_title
        columns = ["Week"] + ["Title"] * show_title + [s.label for s in sections] + [""] * show_overdue
        tables = []
        for course in courses:
            digits = {s: len(str(course.tally.section(s).total)) for s in sections}
            footer = {"Week": Text("All", style="bold")}
            footer.update({s.label: _count_cell(course.tally.section(s), console, width, digits[s]) for s in sections})
            rows = []
            for week in course.weeks:
                row = [_week_number(week)] + [_title(titles.get(week.key, ""))] * show_title
                row += [_count_cell(week.tally.section(s), console, width, digits[s]) for s in sections]
                if show_overdue:
                    row.append(Text("overdue", style="bold red") if week.overdue(today) else Text(""))
                rows.append(row)
            tables.append((columns, rows, footer))
        if _fits(console, tables):
            break
    _emit_tables(console, courses, tables)
    if len(courses) > 1:  # with one course, its All row already says it
        console.print()
        total = Tally.total([c.tally for c in courses])
        overall = Table.grid(padding=(0, 2))
        overall.add_column(style="bold")
        overall.add_column(no_wrap=True)
        for section in sections:
            count = total.section(section)
            overall.add_row(section.label, _count_cell(count, console, width, len(str(count.total))))
        emit(console, Group(Text("Overall", style="bold"), overall))


def _count_cell(count: Count, console: Console, width: int, digits: int) -> Text:
    """ "done/total" and a bar, aligned down a column (`digits` wide numbers); a dash when there is nothing."""
    if count.total == 0:
        return Text("—".rjust(digits), style="dim")
    text = Text(f"{count.done:>{digits}}/{count.total:<{digits}} ")
    text.append_text(bar(count, console, width))
    return text


# ---- Errors and warnings (stderr) ------------------------------------------------------------------


def _where(path: str, line: int | None) -> str:
    return f"{safe(path)}:{line}" if line else safe(path)


def render_problem(console: Console, problem: Problem) -> None:
    line = Text("notes: ")
    line.append("warning", style="yellow")
    line.append(f": {_where(problem.path, problem.line)}: {safe(problem.message)}")
    console.print(line)


def render_error(console: Console, error: NotesError) -> None:
    line = Text("notes: ")
    line.append("error", style="bold red")
    where = f"{_where(error.path, error.line)}: " if isinstance(error, FileError) else ""
    line.append(f": {where}{safe(error.message)}")
    console.print(line)
    if isinstance(error, AmbiguousError):
        for candidate in error.candidates:
            console.print(Text(f"  {safe(candidate)}"))
    if error.hint:
        console.print(Text(f"hint: {safe(error.hint)}", style="dim"))


# ---- Workflow commands -----------------------------------------------------------------------------


def render_picked(console: Console, picked: Picked[Note, Task]) -> None:
    """`notes next`: one line per item, the first being what to do now; or that everything is done."""
    if picked.items and picked.today is not None:
        render_next(console, list(picked.items), picked.today)
    else:
        console.print(f"Nothing to do next: every {'exercise' if picked.exercises_only else 'item'} is done.")


def render_next(console: Console, picked: list[tuple[Note, Task]], today: dt.date) -> None:
    """The items to do next, one line each (the course first when there are several)."""
    several_courses = len({(week.course or "").casefold() for week, _ in picked}) > 1  # one course, any case
    course_width = max(12, console.width // 4)
    rows: list[HangingRow] = []
    for week, task in picked:
        label = week_label(week) if week.week is not None else _shortened(safe(week.title), 24)
        leads = [Text(f"{label} · {task.number}", style="cyan"), Text(task.section.noun)]
        if several_courses:
            leads.insert(0, Text(_shortened(safe(week.course or "(no course)"), course_width), style="bold"))
        rows.append((leads, item_text(task, today), task.url, True))
    _hanging(console, rows, padding=2)


def render_log(console: Console, entries: list) -> None:
    """`notes log`: what was done when, newest first, with the commit that did it (its id alone when the
    terminal is narrow, where the item's text goes beside or under the rest as `next` writes it)."""
    if not entries:
        console.print(Text("No done items with a done date.", style="yellow"))
        return
    several_courses = len({e.note.course for e in entries}) > 1
    narrow = console.width < 80
    course_width = max(10, console.width // 6)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    if several_courses:
        grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold", ratio=1)
    grid.add_column(no_wrap=True, overflow="ellipsis", max_width=console.width // (4 if several_courses else 3))
    rows: list[HangingRow] = []
    for entry in entries:
        label = week_label(entry.note) if entry.note.week is not None else _shortened(safe(entry.note.title), 24)
        if entry.commit is not None:
            source = Text(entry.commit.id[:7], style="yellow")
            if not narrow:
                source.append(" " + safe(entry.commit.subject))
        elif entry.task.done_source is DoneSource.MODIFIED:
            source = Text("not committed", style="dim")
        else:
            source = Text("✅ in the note", style="dim")
        leads = [Text(entry.day.isoformat()), Text(f"{label} · {entry.task.number}", style="cyan")]
        if several_courses:
            leads.insert(1, Text(_shortened(safe(entry.note.course or "(no course)"), course_width), style="bold"))
        text = Text(plain_item(entry.task))
        if narrow:
            rows.append(([*leads, source], text, None, False))
        else:
            grid.add_row(*leads, text, source)
    if narrow:
        _hanging(console, rows, padding=2)
    else:
        emit(console, grid)


def render_shallow(console: Console, count: int) -> None:
    """Said once: the history of a shallow clone starts late, so some items have no date from it."""
    line = Text("notes: ")
    line.append("warning", style="yellow")
    line.append(
        f": the git history is shallow: {count} done item{'s' * (count != 1)} "
        f"{'reach' if count != 1 else 'reaches'} back to its first commit and so "
        f"{'have' if count != 1 else 'has'} no date from it; `git fetch --unshallow` fetches the rest"
    )
    console.print(line)


def _shortened(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def render_added(console: Console, note: Note, task: Task) -> None:
    text = Text(plain_item(task))
    text.append(f"  ({task.section.noun}, line {task.line})", style="dim")
    _hanging(console, [([Text("added", style="green"), Text(str(task.number))], text, None, False)], padding=2)
    emit(console, totals_line(note))


def render_opened(console: Console, url: str) -> None:
    """`notes open`: the link opened."""
    console.print(Text(f"opened {safe(url)}"), soft_wrap=True)


def render_created(console: Console, path: str, text: str, *, dry_run: bool) -> None:
    """`notes new`: the note's path (and with --dry-run its text), never wrapped: a path or a line of the
    note broken over two lines would not be what is written."""
    if dry_run:
        console.print(Text(f"would create {safe(path)}:", style="bold"), soft_wrap=True)
        console.print(Text(safe_block(text)), soft_wrap=True)
    else:
        console.print(Text(f"created {safe(path)}", style="green"), soft_wrap=True)


FINDING_STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render_findings(console: Console, findings: list, notes: int) -> None:
    """`notes check`: compiler-style lines, grouped by file, then a count."""
    last_path = None
    for finding in findings:
        if last_path is not None and finding.path != last_path:
            console.print()
        last_path = finding.path
        line = Text(f"{_where(finding.path, finding.line)}: ")
        line.append(finding.level, style=FINDING_STYLES[finding.level])
        line.append(f": {safe(finding.message)} ")
        line.append(f"[{finding.code}]", style="dim")
        console.print(line, soft_wrap=True)
        if finding.fix:
            console.print(Text(f"    fix: {safe(finding.fix)}", style="green"), soft_wrap=True)
    summary = findings_json(findings, notes)
    if findings:
        files = len({f.path for f in findings})
        infos = sum(f.level == "info" for f in findings)
        console.print()
        console.print(
            Text(
                f"{summary['errors']} error{'s' * (summary['errors'] != 1)}, "
                f"{summary['warnings']} warning{'s' * (summary['warnings'] != 1)}"
                + (f", {infos} info" if infos else "")
                + f" in {files} file{'s' * (files != 1)} ({notes} note{'s' * (notes != 1)} checked)",
                style="bold",
            )
        )
    else:
        console.print(Text(f"No problems found in {notes} note{'s' * (notes != 1)}.", style="green"))


def render_codes(console: Console, codes: list[Code]) -> None:
    """`notes check --codes`: each code, its level and what it finds."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for code in codes:
        grid.add_row(code.value, Text(code.level.value, style=FINDING_STYLES[code.level]), code.meaning)
    emit(console, grid)


def render_settings(console: Console, values: dict, files: tuple) -> None:
    """`notes config`: each setting, its value and where it came from, then the files looked at."""
    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("Setting", no_wrap=True)
    table.add_column("Value", overflow="fold")
    table.add_column("From", overflow="fold", style="dim")
    for key, setting in values.items():
        value = setting.value
        if isinstance(value, list):
            shown = ", ".join(map(str, value)) or "(none)"
        elif isinstance(value, dict):
            shown = "; ".join(f"{name}: {', '.join(aliases) or '-'}" for name, aliases in value.items()) or "(none)"
        else:
            shown = str(value).lower() if isinstance(value, bool) else str(value)
        table.add_row(Text(key), Text(safe(shown)), Text(safe(setting.source)))
    emit(console, table)
    console.print()
    for role, path, exists in files:
        console.print(Text(f"{role} file: {safe(str(path))}" + ("" if exists else " (none)"), style="dim"))


def render_stats(console: Console, stats: Stats) -> None:
    """`notes stats`: a bar per ISO week, then streak, pace, what remains and when it would be done."""
    emit(console, stats_view(stats, console.width, ascii_only=console.options.ascii_only))


def stats_view(stats: Stats, width: int, *, ascii_only: bool = False) -> Group:
    """The stats of `notes stats` (and of the stats view of `notes ui`) laid out for `width` columns."""
    count = len(stats.weeks)
    parts: list = [Text(f"Completed per week, last {count} week{'s' * (count != 1)}", style="bold")]
    most = max((w.completed for w in stats.weeks), default=0)
    bar_room = max(5, min(30, width - 24))
    full = "#" if ascii_only else "█"
    chart = Table.grid(padding=(0, 1))
    chart.add_column(no_wrap=True)
    chart.add_column(no_wrap=True, style="dim")
    chart.add_column(no_wrap=True)
    for week in stats.weeks:
        length = round(bar_room * week.completed / most) if most else 0
        bar_text = Text(full * length, style="green")
        bar_text.append(f" {week.completed}" if week.completed else " ·", style="" if week.completed else "dim")
        chart.add_row(week.label, week.start.strftime("%b %d"), bar_text)
    parts += [chart, Text()]
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold", no_wrap=True)
    facts.add_column()
    facts.add_row("Streak", f"{stats.streak} week{'s' * (stats.streak != 1)}")
    facts.add_row("Pace", f"{stats.pace:g} items a week (last 4 weeks)")
    remaining = Text(f"{stats.remaining} item{'s' * (stats.remaining != 1)}")
    if stats.placeholders:
        remaining.append(
            f" ({stats.placeholders} placeholder{'s' * (stats.placeholders != 1)} to fill in)", style="yellow"
        )
    facts.add_row("Remaining", remaining)
    if stats.done + stats.remaining == 0:
        finish = Text("nothing to do yet: no week note has task items", style="yellow")
    elif stats.remaining == 0:
        finish = Text("everything is done", style="green")
    elif stats.finish is None and not stats.pace:
        finish = Text("no recent activity", style="yellow")
    elif stats.finish is None:
        finish = Text(f"after {dt.date.max.isoformat()} at this pace", style="yellow")
    else:
        finish = Text(f"{stats.finish.isoformat()} at this pace")
    facts.add_row("Finish", finish)
    several_courses = len({(note.course or "").casefold() for note in stats.overdue}) > 1
    for index, note in enumerate(stats.overdue):
        label = week_label(note) if note.week is not None else note.path
        overdue = Text(safe(f"{note.course} · {label}" if several_courses else label), style="red")
        due = min((t.due for t in note.tasks if t.overdue(stats.today) and t.due), default=None)
        overdue.append(f" (dated {note.date.isoformat()})" if note.date else f" (due {due})", style="dim")
        facts.add_row("Overdue" if index == 0 else "", overdue)
    parts.append(facts)
    if stats.done_without_date:
        undated = (
            f"{stats.done_without_date} of {stats.done} done items have no done date and count as done on an "
            "unknown day (record dates with `notes done --date` or record_done_dates: true)."
        )
        parts += [Text(), Text(undated, style="dim")]
    return Group(*parts)


# ---- Exports ---------------------------------------------------------------------------------------

EXPORT_WIDTH = 100


def recording_console() -> Console:
    """A console that records in colour at a fixed width, whatever the terminal, for --svg and --html."""
    import io

    return Console(
        file=io.StringIO(),
        record=True,
        width=EXPORT_WIDTH,
        color_system="truecolor",
        force_terminal=True,
        highlight=False,
        markup=False,
        emoji=False,
    )


def export_svg(console: Console) -> str:
    return console.export_svg(title="notes progress", clear=False)


def export_html(console: Console) -> str:
    return console.export_html(clear=False)
