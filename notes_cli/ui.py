"""`notes ui`: the week in front of you, full screen. The only module that imports Textual.

Every read, edit and launch goes through the library calls the commands use: the vault's scan and its verified
edit transaction, `select.next_tasks`, `launch`, `links.markdown_link`; note text is shown through
`report.safe` in Rich `Text`, never as markup.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, TypeVar

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult, SuspendNotSupported
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Input, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option, OptionDoesNotExist

from . import launch, render
from .errors import FileError, NotesError, UsageError
from .links import followable, markdown_link
from .model import Course, DoneSource, Note, Section, Task
from .report import safe
from .results import Stats
from .select import next_tasks
from .stats import compute
from .vault import Vault

T = TypeVar("T")
POLL_SECONDS = 1.0  # how often the notes are checked for changes made by other programs
WEEK_BAR = 5  # cells of the progress bar beside each week
ADDABLE = (Section.READINGS, Section.EXERCISES)  # the lists `a` adds to, in the order of its buttons


@dataclass(frozen=True)
class Key:
    """A key of the main screen: what it does, as the footer and the `?` list say it."""

    keys: str  # Textual key names, comma-separated
    action: str
    label: str  # in the footer
    help: str  # in the `?` list


MOVES = (("↑ ↓ j k", "move"), ("tab", "switch between the weeks and the items"))  # the lists' own keys
KEYS = (
    Key("space", "toggle_done", "done", "mark the item done, or not done"),
    Key("o", "open_link", "open", "open the item's link in the browser"),
    Key("e", "edit", "edit", "edit the note at the item's line"),
    Key("a", "add", "add", "add a reading or an exercise to the week"),
    Key("n", "next", "next", "jump to what is next"),
    Key("slash", "filter", "find", "filter the items by text (escape clears)"),
    Key("s", "stats", "stats", "pace, streak and finish"),
    Key("question_mark", "help", "keys", "list the keys"),
    Key("q", "quit", "quit", "quit"),
)
# The footer shows as many keys as the width allows, in this order: how to act, how to learn the rest, how to leave.
FOOTER_FIRST = ("toggle_done", "help", "quit")
MAIN_ACTIONS = {k.action for k in KEYS} | {"clear_filter"}
KEY_NAMES = {"slash": "/", "question_mark": "?"}


def has_terminal() -> bool:
    """Whether stdin, stdout and stderr are all a terminal (not a file, a pipe or a test's capture): Textual
    draws on stderr, so `notes ui 2>log` would draw into the file while the keys still edited notes."""
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout, sys.stderr))


def run(vault: Vault, load: Callable[[], list[Course]], today: Callable[[], dt.date], record_dates: bool) -> None:
    """Run the interface until the user quits. `load` gives the courses shown (what `notes weeks` lists),
    `today` the day done dates are recorded with (when `record_dates`)."""
    if not has_terminal():  # Textual would write its escape codes to the file and wait for keys that never come
        raise UsageError(
            "notes ui needs a terminal",
            hint="run it in a terminal, its input, output and errors not redirected (`notes weeks` prints the weeks)",
        )
    NotesApp(vault, load, today, record_dates).run()


def number_now(note: Note, task: Task) -> int:
    """The number in `note` of the item `task` was in an earlier reading of it: the item with the same text
    nearest to it, else the one at its number (items may have been added or removed above it)."""
    same = [t.number for t in note.tasks if t.text == task.text]
    return min(same, key=lambda n: abs(n - task.number)) if same else task.number


class Keys(OptionList):
    """A list moved with the arrow keys or j and k."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("k", "cursor_up", show=False),
        Binding("j", "cursor_down", show=False),
    ]


class NotesApp(App[None]):
    """Course and week list on the left, the week's items on the right, a message line and the keys below."""

    TITLE = "notes"
    ENABLE_COMMAND_PALETTE = False
    CSS = """
    #weeks { width: 21; height: 1fr; border-right: vkey $panel-lighten-2; }
    Keys > .option-list--option-disabled { color: $foreground; }
    #week { width: 1fr; }
    #heading { padding: 0 1; height: auto; text-wrap: nowrap; text-overflow: ellipsis; }
    #items { height: 1fr; }
    OptionList { border: none; padding: 0; background: $surface; }
    OptionList:focus { border: none; background-tint: $foreground 0%; }
    #message { height: auto; max-height: 3; padding: 0 1; background: $panel; }
    #filter { display: none; border: none; height: 1; padding: 0 1; }
    #filter.shown { display: block; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(k.keys, k.action, k.label) for k in sorted(KEYS, key=lambda k: k.action not in FOOTER_FIRST)),
        Binding("escape", "clear_filter", "clear filter", show=False),
    ]

    def __init__(
        self, vault: Vault, load: Callable[[], list[Course]], today: Callable[[], dt.date], record_dates: bool
    ) -> None:
        super().__init__()
        self.vault = vault
        self.load = load
        self.today = today
        self.record_dates = record_dates
        self.courses: list[Course] = []
        self.shown: Note | None = None  # the week on the right
        self.query_text = ""  # the filter
        self.seen: frozenset = frozenset()  # the vault's fingerprint when it was last read
        # The done dates that space took away (note, item text -> date), given back if space marks it done again.
        self.taken_dates: dict[tuple[str, int, str], dt.date] = {}  # by note, line and text: this very item

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Keys(id="weeks")
            with Vertical(id="week"):
                yield Static(id="heading")
                yield Keys(id="items")
        yield Static(id="message")
        yield Input(placeholder="filter: text of an item (enter keeps it, escape clears it)", id="filter")
        yield Footer(compact=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The main screen's keys do nothing (and leave the footer) while another screen is in front."""
        return len(self.screen_stack) == 1 or action not in MAIN_ACTIONS

    def on_mount(self) -> None:
        self.reload()
        picked = next_tasks(self.courses, 1)
        if picked:
            self.show_week(picked[0][0], picked[0][1].number)
        self.query_one("#items", Keys).focus()
        self.set_interval(POLL_SECONDS, self.poll)

    # ---- reading -------------------------------------------------------------------------------------

    def reload(self) -> None:
        """Read the notes again, keeping the week and item shown."""
        self.seen = self.vault.fingerprint()  # before reading: a change made meanwhile is caught next poll
        try:
            self.courses = self.load()
        except NotesError as error:  # the course was renamed away, say: keep showing what was read before
            self.refuse(error)
            return
        weeks = [w for c in self.courses for w in c.weeks]
        current = next((w for w in weeks if self.shown and w.key == self.shown.key), weeks[0] if weeks else None)
        item = self.selected_task()
        self.fill_weeks()
        self.show_week(current, number_now(current, item) if current and item else None)

    def poll(self) -> None:
        """Show what another program changed (an editor, a sync client, git pull)."""
        try:
            changed = self.vault.fingerprint() != self.seen
        except OSError:
            return
        if changed:
            self.reload()

    def matches(self, task: Task) -> bool:
        """Whether the filter lets the item through: its text or link contains the filter's text, in any case."""
        wanted = self.query_text.casefold()
        return not wanted or wanted in task.text.casefold() or wanted in (task.url or "").casefold()

    def matching_weeks(self) -> list[Note]:
        return [w for c in self.courses for w in c.weeks if any(self.matches(t) for t in w.tasks)]

    # ---- drawing -------------------------------------------------------------------------------------

    def fill_weeks(self) -> None:
        """The courses and their weeks (those with an item the filter lets through), with progress bars."""
        weeks = self.query_one("#weeks", Keys)
        options: list[Option] = []
        matching = self.matching_weeks()
        for course in self.courses:
            shown = [w for w in course.weeks if w in matching or not self.query_text]
            if not shown:
                continue
            options.append(Option(Text(safe(course.name or "(no course)"), style="bold"), disabled=True))
            for week in shown:
                label = render.week_label(week) if week.week is not None else safe(week.title)
                line = Text(f"{label[:7]:<7}")
                line.append("! " if week.overdue(self.today()) else "  ", style="bold red")  # a mark, not just a colour
                line.append_text(render.bar(week.tally.all, self.console, WEEK_BAR))
                options.append(Option(line, id=week.key))
        if not options:
            options.append(
                Option(Text("No week notes found." if not self.query_text else "Nothing matches."), disabled=True)
            )
        with weeks.prevent(OptionList.OptionHighlighted):  # show_week says which week is highlighted
            weeks.set_options(options)

    def show_week(self, note: Note | None, number: int | None = None) -> None:
        """Put `note` on the right, with item `number` (or the first shown) selected."""
        self.shown = note
        heading = self.query_one("#heading", Static)
        items = self.query_one("#items", Keys)
        weeks = self.query_one("#weeks", Keys)
        if note is None:
            heading.update(Text("No week notes here: `notes new --course NAME` starts one.", style="yellow"))
            items.set_options([])
            return
        with weeks.prevent(OptionList.OptionHighlighted):
            try:
                weeks.highlighted = weeks.get_option_index(note.key)
            except OptionDoesNotExist:  # the filter hides this week
                weeks.highlighted = None
        details = [note.course, render.week_label(note) if note.week is not None else None, note.date]
        heading.update(
            Text.assemble(
                (safe(note.title), "bold"),
                ("\n" + " · ".join(safe(str(d)) for d in details if d), "dim"),
                ("  overdue" if note.overdue(self.today()) else "", "bold red"),
                ("\n" + safe(note.path), "dim"),
                no_wrap=True,
                overflow="ellipsis",
            )
        )
        options: list[Option] = []
        tasks = [t for t in note.tasks if self.matches(t)]
        for section in Section:
            in_section = [t for t in tasks if t.section is section]
            if not in_section:
                continue
            count = note.tally.section(section)
            line = Text(section.label, style="bold")
            line.append(f"  {count.done}/{count.total}")
            options.append(Option(line, disabled=True))
            several_headings = len({t.heading for t in in_section}) > 1  # as `notes show` lists them
            last_heading: object = object()  # no heading yet, not even None (the items before any heading)
            for task in in_section:
                if several_headings and task.heading != last_heading:
                    last_heading = task.heading
                    shown = safe(task.heading or "(before any heading)")
                    options.append(Option(Text(shown, style="italic dim"), disabled=True))
                options.append(Option(self.item_line(task, len(str(len(note.tasks)))), id=str(task.number)))
        if not options:
            options.append(
                Option(Text(render.no_items(note) if not self.query_text else "Nothing matches."), disabled=True)
            )
        with items.prevent(OptionList.OptionHighlighted):
            items.set_options(options)
            ids = [o.id for o in options if o.id]
            if ids:
                wanted = str(number) if str(number) in ids else ids[0]
                items.highlighted = items.get_option_index(wanted)

    def item_line(self, task: Task, digits: int) -> Table:
        """`3 [ ] Title of Reading 3  (placeholder)`, the link below on one line, wrapped text kept in its column."""
        text = render.item_text(task, self.today())  # as `notes show` writes it: status, placeholder, due
        if task.done_on is not None:
            text.append(f"  done {task.done_on.isoformat()}", style="dim")
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True, min_width=digits)
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold", ratio=1)
        grid.add_row(Text(str(task.number), style="dim"), render.box(task), text)
        if task.url:  # on one line, never broken inside (cut short when too long; `o` opens it whole)
            link = Style(dim=True, link=task.url if followable(task.url) else None)
            grid.add_row("", "", Text(safe(task.url), style=link, no_wrap=True, overflow="ellipsis"))
        return grid

    def say(self, text: Text | str, *, error: bool = False) -> None:
        message = text if isinstance(text, Text) else Text(text)
        if error:
            message = Text("error: ", style="bold red") + message
        self.query_one("#message", Static).update(message)

    def refuse(self, error: NotesError) -> None:
        where = f"{safe(error.path)}{f':{error.line}' if error.line else ''}: " if isinstance(error, FileError) else ""
        text = Text(where + safe(error.message))
        if error.hint:
            text.append(f"\nhint: {safe(error.hint)}", style="dim")
        self.say(text, error=True)

    # ---- what is selected ----------------------------------------------------------------------------

    def selected_task(self) -> Task | None:
        option = self.query_one("#items", Keys).highlighted_option
        if self.shown is None or option is None or option.id is None:
            return None
        return self.shown.tasks[int(option.id) - 1]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "weeks" and event.option.id is not None:
            note = next((w for c in self.courses for w in c.weeks if w.key == event.option.id), None)
            if note is not None and note is not self.shown:
                self.show_week(note)

    # ---- actions -------------------------------------------------------------------------------------

    def action_toggle_done(self) -> None:  # not `toggle`: Textual's DOMNode has an action_toggle of its own
        task = self.selected_task()
        if task is None or self.shown is None:
            return
        key = (self.shown.path, task.line, task.text)
        # A slip of the key, undone by pressing it again, puts back the done date it took away.
        today = self.today() if self.record_dates else None
        day = None if task.done else self.taken_dates.get(key) or today
        try:
            _, changes = self.vault.set_done(self.shown, [task.number], not task.done, day)
        except NotesError as error:
            self.refuse(error)
            self.reload()
            return
        change = changes[0]
        if task.done and task.done_on is not None and task.done_source is DoneSource.MARKER:  # a ✅ the undo took
            self.taken_dates[key] = task.done_on
        else:
            self.taken_dates.pop(key, None)
        state = "done" if not task.done else "not done"
        text = Text(f"{'marked' if change.changed else 'already'} {state}", style="green" if change.changed else "dim")
        text.append(f"  {change.task.number}  {safe(change.task.text)}")
        self.say(text)
        self.reload()

    def action_open_link(self) -> None:
        task = self.selected_task()
        if task is None or self.shown is None:
            return
        url = task.url
        if url is None:
            self.say(f"item {task.number} has no link", error=True)
            return
        try:
            self.outside(lambda: launch.open_in_browser(url))
        except NotesError as error:  # its hint names `--print`, an option of the command line: give the link here
            self.refuse(NotesError(error.message, hint=f"the link is {url}"))
            return
        self.say(Text(f"opened {safe(url)}"))

    def action_edit(self) -> None:
        if self.shown is None:
            return
        task = self.selected_task()
        try:
            command = launch.editor_command(self.vault.file_of(self.shown), task.line if task else None)
            status = self.outside(lambda: launch.run_editor(command))
        except NotesError as error:
            self.refuse(error)
            return
        self.say(f"the editor exited with status {status}" if status else "", error=bool(status))
        self.reload()

    def action_add(self) -> None:
        if self.shown is None:
            return
        task = self.selected_task()
        section = Section.EXERCISES if task is not None and task.section is Section.EXERCISES else Section.READINGS
        self.push_screen(AddScreen(self.shown, section), self.add)

    def add(self, wanted: tuple[Section, str, str] | None) -> None:
        if wanted is None or self.shown is None:
            return
        section, text, url = wanted
        if not text:
            self.say("nothing added: the item needs some text", error=True)
            return
        try:
            _, task = self.vault.add_task(self.shown, section, markdown_link(text, url) if url else text)
        except NotesError as error:
            self.refuse(error)
            self.reload()
            return
        self.say(Text(f"added  {task.number}  {safe(task.text)}", style="green"))
        self.reload()
        self.show_week(self.shown, task.number)

    def action_next(self) -> None:
        picked = next_tasks(self.courses, 1)
        if not picked:
            self.say("Nothing to do next: every reading and exercise is done.")
            return
        self.action_clear_filter()
        self.show_week(picked[0][0], picked[0][1].number)
        self.query_one("#items", Keys).focus()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("shown")
        box.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "filter":
            self.query_text = event.value.strip()
            self.fill_weeks()
            matching = self.matching_weeks()
            self.show_week(self.shown if self.shown in matching or not matching else matching[0])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "filter":
            if not event.value.strip():
                event.input.remove_class("shown")
            self.query_one("#items", Keys).focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.remove_class("shown")
        if box.value:
            box.value = ""  # Input.Changed redraws the lists
            self.query_text = ""
            self.fill_weeks()
            self.show_week(self.shown)
        self.query_one("#items", Keys).focus()

    def action_stats(self) -> None:
        self.push_screen(StatsScreen(compute(self.courses, self.today())))

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def outside(self, work: Callable[[], T]) -> T:
        """Run `work` with the terminal given to it (the editor, a text-mode browser), then take it back."""
        failed: list[NotesError] = []
        try:
            with self.suspend():  # not exception-safe: nothing may leave this block by raising
                try:
                    result = work()
                except NotesError as error:
                    failed.append(error)
        except SuspendNotSupported:  # no terminal to give (a test, or a platform that cannot suspend)
            return work()
        if failed:
            raise failed[0]
        return result


class StatsScreen(Screen[None]):
    """The figures of `notes stats`."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,s,q", "app.pop_screen", "back")]
    CSS = "StatsScreen > Static { padding: 1 2; }"

    def __init__(self, figures: Stats) -> None:
        super().__init__()
        self.figures = figures

    def compose(self) -> ComposeResult:
        yield Static(id="stats")
        yield Footer()

    def on_resize(self) -> None:
        self.query_one("#stats", Static).update(render.stats_view(self.figures, self.size.width - 4))


class HelpScreen(ModalScreen[None]):
    """The keys of the main screen."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,question_mark,q", "app.pop_screen", "back")]
    CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > Static { width: auto; max-width: 100%; padding: 1 2; border: round $accent; background: $surface; }
    """

    def compose(self) -> ComposeResult:
        text = Text("Keys\n", style="bold")
        for keys, meaning in (*MOVES, *((KEY_NAMES.get(k.keys, k.keys), k.help) for k in KEYS)):
            text.append(f"\n{keys:<9}", style="bold")
            text.append(meaning)
        yield Static(text)


class AddScreen(ModalScreen[tuple[Section, str, str] | None]):
    """Ask for a reading or an exercise to add to the week."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "cancel")]
    CSS = """
    AddScreen { align: center middle; }
    AddScreen > Vertical {
        width: 90%; max-width: 70; height: auto; padding: 0 1; border: round $accent; background: $surface;
    }
    AddScreen RadioSet { layout: horizontal; border: none; }
    AddScreen Input { border: none; height: 1; margin: 1 0 0 0; }
    """

    def __init__(self, note: Note, section: Section) -> None:
        super().__init__()
        self.note = note
        self.section = section

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.heading(), id="what")
            with RadioSet():
                for section in ADDABLE:
                    yield RadioButton(section.noun, value=self.section is section, id=section.noun)
            yield Input(placeholder="text (a reading's title)", id="text")
            yield Input(placeholder="link (optional)", id="url")
            yield Static(Text("enter adds · escape cancels · tab moves", style="dim"))

    def heading(self) -> Text:
        """Which list the item goes to, in words (the radio buttons differ only by colour)."""
        what = "a reading" if self.section is Section.READINGS else "an exercise"
        return Text(f"Add {what} to {safe(self.note.title)}", style="bold")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self.section = ADDABLE[event.index]
        self.query_one("#what", Static).update(self.heading())

    def on_input_submitted(self) -> None:
        text = self.query_one("#text", Input).value.strip()
        url = self.query_one("#url", Input).value.strip()
        self.dismiss((self.section, text, url))

    def action_cancel(self) -> None:
        self.dismiss(None)
