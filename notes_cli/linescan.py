"""A line scanner for the Markdown most notes are written in: headings, lists, paragraphs, fenced code.

It finds the same headings and task items as markdown-it-py, many times faster, or it gives up (returns
None) and the caller parses the note with markdown-it-py. It gives up on whatever it does not model exactly:
block quotes, HTML blocks, tables, indented code, setext headings, tabs in indentation, fences inside list
items, link reference definitions, items that start with two blank lines, deep nesting. The differential
tests check that whenever it answers, its answer is markdown-it-py's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NamedTuple

# mdit-py-plugins tasklists: the item's first paragraph starts with a box and GFM whitespace.
TASK_START = re.compile(r"\[[ xX]][ \t\n\v\f\r]+")
# Obsidian's cancelled `[-]` and in-progress `[/]` boxes, read where a task's box could be (parse.STATUSES).
STATUS_START = re.compile(r"\[[-/]][ \t\n\v\f\r]+")

# What sends a note to markdown-it-py, each looked for only when its telltale character is in the note.
GIVE_UP = (
    ("\t", re.compile(r"^[ >*+\-\d.)]*\t", re.MULTILINE)),  # a tab in the indentation or after a list marker
    ("<>|", re.compile(r"^ {0,3}[>|<]|^[ ]*(?:[-*+]|\d{1,9}[.)])[ ]+[>|<]", re.MULTILINE)),  # quote, HTML, table
    ("|", re.compile(r"\|[ ]*:?-+:?[ ]*(?:\||$)", re.MULTILINE)),  # a table's delimiter row
    ("]", re.compile(r"^[ >*+\-\d.)]*\[[^\]\n]*\]:", re.MULTILINE)),  # a link reference definition
)
# Line breaks as CommonMark (and markdown-it-py's normalize rule) sees them; str.splitlines() also splits
# on form feed, U+2028 and others, which would make line numbers drift. The one definition in notes_cli.
LINE_BREAK = re.compile(r"\r\n|\r|\n")
HR = re.compile(r"([-*_])(?:[ ]*\1){2,}[ ]*")
SETEXT = re.compile(r"(?:=+|-+)[ ]*")
FENCE = re.compile(r"(`{3,}|~{3,})(.*)")
MARKER = re.compile(r"([-*+]|\d{1,9}[.)])( *)")
# What a line must start with to be more than paragraph text (a digit may start an ordered list marker).
MARKER_FIRST = frozenset("-*+0123456789")
BULLETS = ("-", "*", "+")
NOT_PLAIN = frozenset(" #-*+_`~=0123456789>|<\t[")  # what could start a block, a nested item or a box
STRUCTURAL = frozenset(" #-*+_`~=0123456789>|<\t")
MAX_DEPTH = 15  # markdown-it-py stops nesting blocks at 20


class Event(NamedTuple):
    """A heading or a task, with 0-based body lines."""

    kind: str  # "heading" or "task"
    line: int
    content: str  # the heading's inline text, or the task paragraph's content (starting with the box)
    level: int = 0  # a heading's level
    end: int = 0  # a task's last line: the end of its list item
    start: int | None = None  # where a task's first line starts in the body, when known


class GiveUp(Exception):
    """The note has something the scanner does not model."""


@dataclass(slots=True)
class _Item:
    column: int  # where its content starts; a non-blank line indented less does not belong to it
    fresh: bool = True  # no block inside it yet: its first paragraph may be a task
    empty_start: bool = False  # its marker line had nothing after it
    tasks: list[int] = field(default_factory=list)  # indexes of its tasks in the events


@dataclass(slots=True)
class _Paragraph:
    first: int
    column: int  # its container's content column
    task: bool  # the first block of a list item
    lines: list[str]
    start: int  # where its first line starts in the body


def scan(body: str) -> list[Event] | None:
    """Headings and tasks of `body` (the Markdown after any front matter) in document order, or None."""
    if _gives_up(body):
        return None
    try:
        return _Scanner(LINE_BREAK.split(body), "\r" not in body).run()
    except GiveUp:
        return None


def _gives_up(body: str) -> bool:
    normalized = None
    for telltale, pattern in GIVE_UP:
        if any(char in body for char in telltale):
            if normalized is None:
                normalized = LINE_BREAK.sub("\n", body) if "\r" in body else body  # ^ only follows \n
            if pattern.search(normalized):
                return True
    return False


class _Scanner:
    def __init__(self, lines: list[str], positions: bool) -> None:
        self.lines = lines
        self.positions = positions  # every line break is one character, so line starts can be counted
        self.position = 0
        self.filled = 0  # the last non-blank line so far: an item closing now ended there
        self.items: list[_Item] = []
        self.events: list[Event] = []
        self.paragraph: _Paragraph | None = None
        self.blank = False  # the previous line was blank

    def run(self) -> list[Event]:
        fence: tuple[str, int] | None = None
        position = 0
        for number, line in enumerate(self.lines):
            self.position, position = position, position + len(line) + 1
            if fence is not None:
                if _closes(line, fence):
                    fence = None
                continue
            text = line.lstrip(" ") if line[:1] == " " else line
            plain_bullet = text[:1] in BULLETS and text[1:2] == " " and text[2:3] and text[2] not in NOT_PLAIN
            if plain_bullet and self._plain_bullet(number, len(line) - len(text)):
                continue
            if not line or line[0] not in STRUCTURAL:
                # Most lines: blank, or text at the left margin. Text that continues a paragraph needs no
                # more thought (it cannot start a block); anything else takes the long way.
                if not line.strip(" "):
                    if self.paragraph is not None:
                        self._end_paragraph()
                    self.blank = True
                    continue
                if self.paragraph is not None:
                    self.blank = False
                    if self.paragraph.task:
                        self.paragraph.lines.append(line)
                    self.filled = number
                    continue
            fence = self._line(number, line)
        self._end_paragraph()
        while self.items:
            self._close(self.items.pop())
        return self.events

    def _plain_bullet(self, number: int, indent: int) -> bool:
        """The commonest structural line: a bullet with plain text. Do directly what `_line` and `_block`
        would (end the open paragraph, close the items it is not inside, open an item holding a paragraph
        that cannot be a task), or return False when the line continues the open paragraph instead."""
        paragraph = self.paragraph
        if paragraph is not None:
            if indent - paragraph.column >= 4:
                return False  # an indented continuation line: the long way
            self._end_paragraph()
        while self.items and indent < self.items[-1].column:
            self._close(self.items.pop())
        container = self.items[-1] if self.items else None
        if container is not None and container.empty_start and container.fresh and self.blank:
            raise GiveUp  # as in _line
        if indent - (container.column if container is not None else 0) >= 4 or len(self.items) >= MAX_DEPTH:
            raise GiveUp  # indented code, or nesting deeper than modelled
        if container is not None:
            container.fresh = False
        self.blank = False
        self.filled = number
        self.items.append(_Item(indent + 2, fresh=False))
        self.paragraph = _Paragraph(number, indent + 2, False, [], self.position)
        return True

    def _line(self, number: int, line: str) -> tuple[str, int] | None:
        """A line outside fenced code; returns the fence it opens, if any."""
        text = line.lstrip(" ")
        indent = len(line) - len(text)
        if not text:
            self._end_paragraph()
            self.blank = True
            return None
        after_blank, self.blank = self.blank, False
        first = text[0]
        marker = MARKER.match(text) if first in MARKER_FIRST else None
        if marker is not None and not (marker.group(2) or marker.end() == len(text)):
            marker = None  # "-x" or "1.5" is text, not a list item
        hr = first in "-*_" and HR.fullmatch(text) is not None
        if self.paragraph is not None and self._continues(indent, text, first, hr, marker):
            if self.paragraph.task:
                self.paragraph.lines.append(text)
            self.filled = number
            return None
        self._end_paragraph()
        while self.items and indent < self.items[-1].column:
            self._close(self.items.pop())
        if self.items and self.items[-1].empty_start and self.items[-1].fresh and after_blank:
            raise GiveUp  # an item whose first two lines are blank is empty: not modelled
        container = self.items[-1].column if self.items else 0
        if indent - container >= 4:
            raise GiveUp  # indented code
        self.filled = number
        return self._block(number, text, indent, hr, marker)

    def _continues(self, indent: int, text: str, first: str, hr: bool, marker: re.Match[str] | None) -> bool:
        """Does this line continue the open paragraph (lazily, or indented)?"""
        paragraph = self.paragraph
        assert paragraph is not None
        if indent - paragraph.column >= 4:
            return True
        if first in "=-" and SETEXT.fullmatch(text) and indent >= paragraph.column:
            raise GiveUp  # a setext heading's underline
        if hr or (first == "#" and _atx(text) is not None) or (first in "`~" and _fence(text)):
            return False
        if marker is None:
            return True
        if indent < paragraph.column:
            return False  # an outer list's next item ends the paragraph, whatever it holds
        ordered = marker.group(1)[0].isdigit()
        empty = not text[marker.end() :].strip(" ")
        return (ordered and int(marker.group(1)[:-1]) != 1) or empty

    def _block(
        self, number: int, text: str, column: int, hr: bool, marker: re.Match[str] | None
    ) -> tuple[str, int] | None:
        """Start the block(s) that `text`, starting at `column`, begins (`hr` and `marker` describe it)."""
        while True:
            item = self.items[-1] if self.items else None
            if item is not None:
                item_fresh, item.fresh = item.fresh, False
            first = text[0]
            if first == "#":
                heading = _atx(text)
                if heading is not None:
                    self.events.append(Event("heading", number, heading[1], level=heading[0], end=number))
                    return None
            elif first in "`~":
                fence = _fence(text)
                if fence is not None:
                    if self.items:
                        raise GiveUp  # fenced code inside a list item
                    return fence
            elif hr:
                return None
            elif marker is not None:
                if len(self.items) >= MAX_DEPTH:
                    raise GiveUp
                rest = text[marker.end() :]
                if not rest:
                    self.items.append(_Item(column + len(marker.group(1)) + 1, empty_start=True))
                    return None
                if len(marker.group(2)) > 4:
                    raise GiveUp  # the item starts with indented code
                column += marker.end()
                self.items.append(_Item(column))
                text = rest
                first = text[0]
                marker = MARKER.match(text) if first in MARKER_FIRST else None
                if marker is not None and not (marker.group(2) or marker.end() == len(text)):
                    marker = None
                hr = first in "-*_" and HR.fullmatch(text) is not None
                continue  # the item's first block is on the marker's line
            container = item.column if item is not None else 0
            self.paragraph = _Paragraph(number, container, item is not None and item_fresh, [text], self.position)
            return None

    def _end_paragraph(self) -> None:
        paragraph, self.paragraph = self.paragraph, None
        if paragraph is None or not paragraph.task:
            return
        content = "\n".join(paragraph.lines).strip(" \t\n")
        if TASK_START.match(content) or STATUS_START.match(content):
            self.items[-1].tasks.append(len(self.events))
            start = paragraph.start if self.positions else None
            self.events.append(Event("task", paragraph.first, content, start=start))

    def _close(self, item: _Item) -> None:
        """An item ends (before the line being read, or at the end): its tasks end at the last filled line."""
        for index in item.tasks:
            event = self.events[index]
            self.events[index] = event._replace(end=self.filled)


def _closes(line: str, fence: tuple[str, int]) -> bool:
    text = line.lstrip(" ")
    if len(line) - len(text) > 3:
        return False
    char, length = fence
    run = len(text) - len(text.lstrip(char))
    return run >= length and not text[run:].strip(" \t")


def _atx(text: str) -> tuple[int, str] | None:
    """(level, content) of an ATX heading, trimmed as markdown-it-py trims it."""
    if not text.startswith("#"):
        return None
    level = len(text) - len(text.lstrip("#"))
    if level > 6 or (level < len(text) and text[level] not in " \t"):
        return None
    content = text[level:].rstrip(" \t")
    stripped = content.rstrip("#")
    if len(stripped) < len(content) and stripped[-1:] in (" ", "\t"):
        content = stripped
    return level, content.strip(" \t")


def _fence(text: str) -> tuple[str, int] | None:
    match = FENCE.fullmatch(text)
    if match is None:
        return None
    marker, info = match.groups()
    if marker[0] == "`" and "`" in info:
        return None  # a backtick fence's info string has no backtick: this is not a fence
    return marker[0], len(marker)
