"""The blocks of a note's Markdown (`blocks.py`: headings and task items with their readable text and first
link; for the linter, empty items, paragraphs and links), read by pulldown-cmark (the compiled CommonMark
parser of rustdoc and mdBook, through pyromark), checked to be what markdown-it-py with mdit-py-plugins'
tasklists rule would find (`blocks.markdown_it_blocks`, `blocks.markdown_it_lint_blocks`).

The two parsers read nearly every note alike. Where they may differ, a cheap check sees it and `scan` returns
None, so that the caller parses the note with markdown-it-py. The checks are judged on what pulldown-cmark
read (the item a line is in), not on the line's start: a box next to Unicode whitespace (markdown-it-py strips
it as Python does); a box starting an item's first paragraph that pulldown-cmark did not take as a task
(after a reference definition, say), or a box in a setext heading; a box alone on its line; a lazy or
4+-indented line continuing a paragraph; a reference definition with text after it, or a non-ASCII label; an
empty item under a paragraph line (a setext underline?); a table right under text; a tab among block quote
markers; deep nesting; and in the text of tasks and headings, what markdown-it-py writes otherwise
(strikethrough it does not take, links it refuses, autolinks it decodes, image descriptions with markup).
`scan_lint` adds its own checks (see `_LintReader`). The differential tests check that whenever `scan` or
`scan_lint` answers, its answer is markdown-it-py's.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

from .blocks import Block, EmptyItemBlock, HeadingBlock, LinkBlock, LintBlock, ParagraphBlock, TaskBlock
from .links import bare_url, link_target, plain_autolink, refused
from .syntax import (
    ATX_HEADING,
    BOX,
    BOX_AHEAD,
    FENCE_OPEN,
    HEADING_OPEN,
    LINE_BREAK_TAG,
    LIST_MARKER_PATTERN,
    STATUS_START,
)
from .text import LINE_BREAK, lazy_pattern, line_starts

# Whitespace to Python's str.strip() (which markdown-it-py uses) that is not whitespace to CommonMark.
UNICODE_SPACE = "\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
UNICODE_SPACE_CHAR = lazy_pattern(f"[\\x0b\\x0c{UNICODE_SPACE}]")
# A link reference definition (its label may span lines), and whether a non-blank line follows it.
REFERENCE = lazy_pattern(r"^[ \t>*+\-0-9.)]*\[((?:\\.|[^\\\[\]]){1,999})\]:", re.MULTILINE)
REFERENCE_THEN_TEXT = lazy_pattern(r"^[ \t>*+\-0-9.)]*\[(?:\\.|[^\\\[\]]){1,999}\]:.*\n[ \t>]*[^\s>]", re.MULTILINE)
# A table's delimiter row (what its line holds; `-` and `|` are looked for apart).
TABLE_DELIMITER = lazy_pattern(r"^[ \t>]*[-:|][-:| \t]*$", re.MULTILINE)
# A tab in the markers of a block quote line: markdown-it-py and pulldown-cmark count its columns differently.
TAB_IN_QUOTE = lazy_pattern(r"\n[ \t]*>[ \t>*+\-0-9.)]*\t")
# A tab in an ATX heading's line before or after a closing `#` sequence, or after a `]` at its end (a reference
# link?): the two read it differently.
TAB_IN_HEADING = lazy_pattern(
    rf"[ \t>]*(?:{LIST_MARKER_PATTERN}[ \t]+)*#{{1,6}}[ \t].*(?:\t[ \t]*#|[#\]][ \t]*\t[ \t]*$)"
)
TAB_NEAR_HASH = lazy_pattern(r"\t[ \t]*#|[#\]][ \t]*\t")  # what any such line holds: where to look
# A line that continues a paragraph although it is indented 4+ columns and starts like a block: markdown-it-py
# judges such a line against the container's indentation (it may end the paragraph); pulldown-cmark does not.
LAZY_BLOCK = lazy_pattern(rb"(?: {4,}|[ ]*\t[ \t]*)[#>*+\-0-9`~<|=_]")
# What may interrupt a paragraph, after the container markers (of ordered lists, one starting at 1): a box
# alone on its line is then no task. (The reader's text has LF line breaks only.)
NEXT_BLOCK = lazy_pattern(rf"(?: {{0,3}}> ?)* {{0,3}}(?:(?:[-*+]|1[.)])[ \t]+\S|{HEADING_OPEN}|{FENCE_OPEN})".encode())
INDENTED_AFTER_BLANK = lazy_pattern(rb"(?:[ \t>]*\r?\n)+[ \t>]*[ \t]\S")
LIST_PREFIX = lazy_pattern(rf"[ \t>]*(?:{LIST_MARKER_PATTERN}[ \t]+)*".encode())
# For the linter's reading: a setext underline (or rule), and a line of a list item or block quote above it.
UNDERLINE = lazy_pattern(r"^[ \t>]*(?:=+|-{2,})[ \t]*$", re.MULTILINE)
CONTAINER_LINE = lazy_pattern(rf"(?:[ \t]+|[ \t]*(?:>|{LIST_MARKER_PATTERN}[ \t])).*\S")
# Whitespace with a tab after a list marker (see `_check_tabs`).
TAB_AFTER_MARKER = lazy_pattern(rf"\n([ \t>]*+{LIST_MARKER_PATTERN})([ \t]*\t[ \t]*)")
INLINE_TAGS = frozenset(("Emphasis", "Strong", "Link", "Image", "Strikethrough"))
MAX_DEPTH = 16  # markdown-it-py stops nesting at 20 levels (a list and its item are two), blocks and inlines apart


class Unsure(Exception):
    """pulldown-cmark and markdown-it-py may read this note differently."""


def scan(body: str) -> list[Block] | None:
    """Headings and tasks of `body` (the Markdown after any front matter) in document order, or None when
    markdown-it-py must read it."""
    try:
        return _Reader(body, _check_text(body)).run()
    except Unsure:
        return None


def scan_lint(body: str) -> list[LintBlock] | None:
    """Empty items, paragraphs, and links and images (of paragraphs, headings and table cells) of `body` in
    document order, as `blocks.markdown_it_lint_blocks` finds them, or None when markdown-it-py must read it."""
    try:
        headers = _check_text(body)
        text = LINE_BREAK.sub("\n", body) if "\r" in body else body
        if _underline_in_container(text):
            raise Unsure("an underline right under a container's line")
        return _LintReader(body, headers).run()
    except Unsure:
        return None


def _check_text(body: str) -> set[int]:
    """What can be seen in the text itself (line breaks as LF for `^`); the lines where markdown-it-py may
    see a table start (see `_table_headers`)."""
    if not body.isascii() and UNICODE_SPACE_CHAR.search(body) and _unicode_space_near_box(body):
        raise Unsure("Unicode whitespace next to a box")
    text = LINE_BREAK.sub("\n", body) if "\r" in body else body
    if "\t" in body:
        _check_tabs(text)
    if "]:" in body:
        if REFERENCE_THEN_TEXT.search(text):
            raise Unsure("a reference definition with more text after it")
        if not body.isascii() and any(not m.group(1).isascii() for m in REFERENCE.finditer(text)):
            raise Unsure("a reference label markdown-it-py may fold differently")
    return _table_headers(text) if "|" in body else set()


def _check_tabs(text: str) -> None:
    """Tabs the two parsers count or read differently. (The patterns start at a line break, which a regular
    expression finds faster than a line start.)"""
    lines = "\n" + text
    if ">" in text and TAB_IN_QUOTE.search(lines):
        raise Unsure("a tab in a block quote's markers")
    for near in TAB_NEAR_HASH.finditer(text) if "#" in text else ():
        start = text.rfind("\n", 0, near.start()) + 1
        end = text.find("\n", near.start())
        if TAB_IN_HEADING.match(text[start : len(text) if end < 0 else end]):
            raise Unsure("a tab in an ATX heading's line")
    for marker in TAB_AFTER_MARKER.finditer(lines):
        prefix, space = marker.groups()
        if len((prefix + space).expandtabs(4)) - len(prefix.expandtabs(4)) >= 5:
            raise Unsure("a tab after a list marker reaching 5 columns (indented code to markdown-it-py)")


def _underline_in_container(text: str) -> bool:
    """A setext underline (or rule) right under a line of a list item or block quote, which markdown-it-py may
    take as the underline of a paragraph inside the container."""
    for match in UNDERLINE.finditer(text):
        start = match.start()
        previous = text[text.rfind("\n", 0, max(start - 1, 0)) + 1 : max(start - 1, 0)]
        if start and CONTAINER_LINE.match(previous):
            return True
    return False


def _unicode_space_near_box(body: str) -> bool:
    """Unicode whitespace before a box (with any spaces between), or after it (after spaces and tabs)."""
    for match in BOX.finditer(body):
        before = match.start()
        while before and (body[before - 1] in " \t" or UNICODE_SPACE_CHAR.match(body, before - 1)):
            before -= 1
            if body[before] not in " \t":
                return True
        after = match.end()
        while body[after : after + 1] in (" ", "\t"):
            after += 1
        if UNICODE_SPACE_CHAR.match(body, after):
            return True
    return False


def _table_headers(text: str) -> set[int]:
    """The lines of the header rows of what may be tables to markdown-it-py (the reader checks that each is a
    table to pulldown-cmark too). Raises Unsure for a table the two may start or end on other lines: right
    under a line of text (not a heading: markdown-it-py lets the table interrupt the paragraph, pulldown-cmark
    does not); with a header or delimiter row that does not start with `|` at the start of its line (in a
    container, say); or with a row indented 4 columns or more (markdown-it-py ends the table there)."""
    headers = set()
    counted, lines = 0, 0  # line breaks before offset `counted`
    for match in TABLE_DELIMITER.finditer(text):
        row, start = match.group(), match.start()
        header_start = text.rfind("\n", 0, max(start - 1, 0)) + 1
        header = text[header_start : max(start - 1, header_start)]
        if "-" not in row or not header.strip() or "|" not in header + row:
            continue
        if not (row.startswith("|") and text.startswith("|", header_start)):
            raise Unsure("a table in a container, or without its first `|`")
        above = text[text.rfind("\n", 0, max(header_start - 1, 0)) + 1 : max(header_start - 1, 0)]
        if header_start and above.strip(" \t>") and not ATX_HEADING.match(above):
            raise Unsure("a table right under a line of text")
        row_start = match.end() + 1
        while row_start < len(text):
            row_end = text.find("\n", row_start)
            row_end = len(text) if row_end < 0 else row_end
            if not text[row_start:row_end].strip():
                break
            if text[row_start : row_start + 4].expandtabs(4).startswith("    "):
                raise Unsure("a table row indented 4 columns or more")
            row_start = row_end + 1
        lines += text.count("\n", counted, header_start)
        counted = header_start
        headers.add(lines)
    return headers


class _Inline:
    """A heading or task being read: where it is, and its inline content so far."""

    __slots__ = ("box", "box_end", "index", "line", "link", "linked", "parts", "run", "runs")

    def __init__(self, line: int, box: int = 0, box_end: int = 0) -> None:
        self.index = 0  # a task's place in the blocks
        self.line = line
        self.box = box  # a task's box: the character offset of its `[` in the body
        self.box_end = box_end  # a status box is text to pulldown-cmark: what ends before this is the box
        self.parts: list[str] = []  # the readable text, in pieces
        self.runs: list[str] = []  # text between other inline pieces: where markdown-it-py finds bare URLs
        self.run: list[str] = []
        self.link: str | None = None
        self.linked = False


class _Reader:
    def __init__(self, body: str, headers: set[int]) -> None:
        import pyromark  # here, not at start-up: only a note that needs reading pays for it

        self.headers = headers  # the lines where markdown-it-py may see a table start
        self.tables: set[int] = set()  # the lines where pulldown-cmark saw one start

        self.exact = "\r" not in body  # lone CRs are read wrongly: such notes are read with LF line breaks
        self.original = body
        self.original_starts: list[int] | None = None  # where each line of `original` starts, when not exact
        self.body = body if self.exact else LINE_BREAK.sub("\n", body)
        if "\0" in body:  # as CommonMark (and markdown-it-py) has it; one character for one keeps the offsets
            self.body = self.body.replace("\0", "\ufffd")
        self.raw = self.body.encode("utf-8")
        self.ascii = len(self.raw) == len(self.body)
        self.starts: list[int] | None = None  # where each line starts, once a line number is needed
        self.known = (0, 0)  # a byte offset and its character offset
        options = (
            pyromark.Options.ENABLE_TASKLISTS | pyromark.Options.ENABLE_TABLES | pyromark.Options.ENABLE_STRIKETHROUGH
        )
        # Any: the loop tells events apart by `type(...) is str` and their one key, which is fastest, and which
        # pyromark's typed-dict union cannot be narrowed by.
        self.parsed: Any = pyromark.events_with_range(self.body, options=options)
        # Headings and tasks (_Inline until their item ends) in order; None for a box that is no task.
        self.events: list = []
        self.inline: _Inline | None = None
        self.heading = 0  # the level of the heading being read, if it is one
        self.items: list[list] = []  # per open item: [index of its task in events or None, awaiting its first text]
        self.depth = 0
        self.image: int | None = None  # where the text of the image description being read has got to

    def run(self) -> list[Block]:
        items = self.items
        raw = self.raw
        for event, span in self.parsed:
            # Most events are items, and text in paragraphs nobody reads (not a task's, a heading's or an
            # item's first): they are passed over at once, but line breaks, which may hide a lazy line.
            if type(event) is str:
                self._tag(event, span)
                continue
            ((key, value),) = event.items()
            if key == "Text":
                if self.inline is None and self.image is None:
                    if not (items and items[-1][1]):
                        continue
                    if raw[span["start"]] != 91:  # "[": see _first_text
                        items[-1][1] = False
                        continue
                self._text(value, span)
            elif key == "Start":
                self._start(value, span)
            elif key == "End":
                self._end(value, span)
            elif key == "TaskListMarker":
                self._open_task(span["start"], span["end"])
            elif self.inline is not None or self.image is not None or (items and items[-1][1]):
                self._other(key, value, span)
        self._flush(len(raw))
        self._check_tables()
        return [e for e in self.events if e is not None]

    def _tag(self, event: str, span: dict) -> None:
        """An event without a value: a rule, or a line break."""
        if event == "Rule":
            self._block()
            return
        self._check_continuation(span["start"])
        if self.inline is not None or self.image is not None or (self.items and self.items[-1][1]):
            self._piece(span["start"])
            if self.inline is not None and self.image is None:
                self._cut(self.inline)
                self.inline.parts.append(" ")

    def _start(self, value: Any, span: dict) -> None:  # value: a tag name, or {tag: its attributes}
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Unsure("deep nesting")
        if value == "Item":
            self.items.append([None, True])
        elif value == "Paragraph":
            pass
        elif (value if type(value) is str else next(iter(value))) in INLINE_TAGS:
            if self.inline is not None or self.image is not None or (self.items and self.items[-1][1]):
                self._start_inline(value, span)
        else:
            self._block()
            if type(value) is dict and "Heading" in value:
                self.heading = int(value["Heading"]["level"][1:])
                self.inline = _Inline(self.line(span["start"]))
            elif type(value) is dict and "Table" in value:
                self.tables.add(self.line(span["start"]))

    def _check_tables(self) -> None:
        if not self.headers <= self.tables:
            raise Unsure("a table markdown-it-py may see where pulldown-cmark saw none")

    def _end(self, value: Any, span: dict) -> None:
        self.depth -= 1
        items = self.items
        if value == "Item":
            item = items[-1]
            if item[0] is None and not item[1] and self.inline is None:
                items.pop()  # an item with no task, read
            else:
                self._end_item(span)
        elif value == "Paragraph" or (type(value) is dict and "Heading" in value):
            if items:
                items[-1][1] = False
            self._flush(span["end"])
        elif (value if type(value) is str else next(iter(value))) in INLINE_TAGS:
            if self.inline is not None or self.image is not None:
                self._end_inline(value, span)
        else:
            self._block()

    def line(self, offset: int) -> int:
        if self.starts is None:
            self.starts = line_starts(self.raw)
        return bisect.bisect_right(self.starts, offset) - 1

    def char(self, offset: int) -> int:
        """The character offset of a byte offset (counted on from the last one asked, when it is before)."""
        if self.ascii:
            return offset
        known, chars = self.known if self.known[0] <= offset else (0, 0)
        chars += len(self.raw[known:offset].decode("utf-8"))
        self.known = (offset, chars)
        return chars

    def _block(self) -> None:
        """A block starts or ends: the open item's first paragraph, and what is being read, are over."""
        if self.items:
            self.items[-1][1] = False
        self._flush(0)

    def _end_item(self, span: dict) -> None:
        item = self.items[-1]
        if item[1] and item[0] is None:
            self._check_empty_item(span["start"])
        self._flush(span["end"])
        self.items.pop()
        index = item[0]
        task = self.events[index] if index is not None else None
        if task is not None:
            end = self._last_filled(span["end"])
            text = " ".join("".join(task.parts).split())
            url = link_target(task.link) if task.link is not None else bare_url("\n".join(task.runs))
            self.events[index] = TaskBlock(task.line, end, task.box, text, url)

    def _open_task(self, box: int, box_end: int) -> None:
        if self.heading:
            raise Unsure("a box in a setext heading")  # markdown-it-py keeps it as the heading's text
        self._flush(box)
        item = self.items[-1]
        item[0] = len(self.events)
        item[1] = False
        line = self.line(box)
        self.events.append(None)  # placed when its text is read
        self.inline = _Inline(line, self.char(box) if self.exact else self._original_box(line), box_end)
        self.inline.index = item[0]

    def _piece(self, start: int) -> None:
        """An inline piece starts at byte `start`: the first of the item's first paragraph?"""
        if self.items and self.items[-1][1]:
            self._first_text(start)

    def _start_inline(self, value: Any, span: dict) -> None:  # value: a tag name, or {tag: its attributes}
        name = value if type(value) is str else next(iter(value))
        start = span["start"]
        self._piece(start)
        inline = self.inline
        if self.image is not None:
            raise Unsure("markup in an image description")
        if inline is None:
            if name == "Link":
                self._check_link(value["Link"])
            return
        if start < inline.box_end:
            raise Unsure("a status box read as markup")
        inline.parts.append("")  # something follows the box, if only an empty link
        self._cut(inline)
        if name == "Image":
            self.image = start + 2
        elif name == "Strikethrough":
            self._check_tildes(start, start + 2, opening=True)
        elif name == "Link":
            link = value["Link"]
            self._check_link(link)
            if not inline.linked:
                inline.linked = True
                destination = link["dest_url"]
                inline.link = "mailto:" + destination if link["link_type"] == "Email" else destination

    def _check_link(self, link: dict) -> None:
        destination = link["dest_url"]
        if refused(destination):
            raise Unsure("a link markdown-it-py refuses")
        if link["link_type"] in ("Autolink", "Email") and not plain_autolink(destination):
            raise Unsure("an autolink markdown-it-py writes otherwise")

    def _end_inline(self, name: str, span: dict) -> None:
        if name == "Image":
            if self.raw[self.image : self.image + 1] != b"]":  # type: ignore[operator]
                raise Unsure("an image description markdown-it-py keeps as written")
            self.image = None
            return
        if name == "Strikethrough":
            self._check_tildes(span["end"] - 2, span["end"], opening=False)
        self._cut(self.inline)

    def _text(self, value: str, span: dict) -> None:
        start = span["start"]
        self._piece(start)
        inline = self.inline
        if self.image is not None:
            if start != self.image or self.raw[start : span["end"]] != value.encode("utf-8"):
                raise Unsure("an image description markdown-it-py keeps as written")
            self.image = span["end"]
            if inline is not None:
                inline.parts.append(value)
        elif inline is not None:
            if start < inline.box_end:
                if span["end"] > inline.box_end:
                    raise Unsure("a status box read with what follows")
                return
            inline.parts.append(value)
            inline.run.append(value)

    def _other(self, key: str, value: str, span: dict) -> None:
        """Code, inline HTML, and what markdown-it-py has no rule for."""
        self._piece(span["start"])
        inline = self.inline
        if self.image is not None:
            raise Unsure("markup in an image description")
        if inline is None:
            return
        if span["start"] < inline.box_end:
            raise Unsure("a status box read as markup")
        self._cut(inline)
        if key == "Code":
            inline.parts.append(f"`{value}`")
        elif key in ("InlineHtml", "Html"):
            inline.parts.append(" " if LINE_BREAK_TAG.fullmatch(value) else value)
        else:
            raise Unsure(f"an inline {key}")

    def _cut(self, inline: _Inline | None) -> None:
        """Another inline piece than text: the text run before it ends."""
        if inline is not None and inline.run:
            run = "".join(inline.run)
            if "~~" in run:
                raise Unsure("tildes markdown-it-py may read as strikethrough")
            inline.runs.append(run)
            inline.run = []

    def _check_tildes(self, start: int, end: int, opening: bool) -> None:
        """A strikethrough delimiter (bytes `start`-`end`) that markdown-it-py reads as pulldown-cmark does:
        `~~` exactly (pulldown-cmark also takes one tilde), opening before a word after a space, closing after
        a word before a space or punctuation (the two apply the flanking rules to tildes differently)."""
        before = self.raw[start - 1 : start].decode("latin-1") if start else " "
        after = self.raw[end : end + 1].decode("latin-1") or " "
        inner, outer = (after, before) if opening else (before, after)
        word = inner.isascii() and inner.isalnum()
        if self.raw[start:end] != b"~~" or not (word and (outer in " \t\n" or (not opening and outer in ".,;:!?)"))):
            raise Unsure("strikethrough markdown-it-py may read otherwise")

    def _first_text(self, start: int) -> None:
        """The first inline piece of an item's first paragraph, which pulldown-cmark did not make a task:
        would markdown-it-py (whose strip is Python's) see a box there? A status box makes a task here.
        (Unicode whitespace before a box was caught before: the piece starts with the box or has none.)"""
        self.items[-1][1] = False
        end = self._line_end(start)
        head = self.raw[start : end + 1]
        if head[:1] != b"[":
            return
        text = head.decode("utf-8")
        if STATUS_START.match(text):
            self._open_task(start, start + 3)
        elif BOX_AHEAD.match(text):
            raise Unsure("a box where pulldown-cmark saw no task")

    def _check_continuation(self, start: int) -> None:
        """A line break in a paragraph: is the next line lazy or indented and starting like a block?"""
        newline = self.raw.find(b"\n", start)
        if newline >= 0 and LAZY_BLOCK.match(self.raw, newline + 1):
            raise Unsure("a paragraph continued by a 4+-indented line that starts like a block")

    def _check_empty_item(self, start: int) -> None:
        """An empty `-` item right under a paragraph line, indented at least as far as that line's text:
        markdown-it-py may read it as a setext underline."""
        line_start = self.raw.rfind(b"\n", 0, start) + 1
        if line_start == 0:
            return
        previous = self.raw[self.raw.rfind(b"\n", 0, line_start - 1) + 1 : line_start - 1]
        if previous.strip() and start - line_start >= LIST_PREFIX.match(previous).end():  # type: ignore[union-attr]
            raise Unsure("an empty item right under a paragraph line")

    def _flush(self, end: int) -> None:
        """The heading or task being read ends (its block ends at byte `end`, or another starts)."""
        inline, self.inline = self.inline, None
        if inline is None:
            return
        self._cut(inline)
        if self.heading:
            text = " ".join("".join(inline.parts).split())
            last = self.line(max(end - 1, 0))
            self.events.append(HeadingBlock(inline.line, last, self.heading, text))
            self.heading = 0
        elif inline.parts:
            self.events[inline.index] = inline  # made a TaskBlock when its item ends
        else:
            self._check_alone(inline)  # a box and nothing else: no task

    def _check_alone(self, inline: _Inline) -> None:
        """`- [ ]` alone is no task when nothing can continue its paragraph (a blank line, the end, another
        block next); a lazy line might, and what follows a blank line indented is inside the item for
        markdown-it-py but not for pulldown-cmark (the item was empty to it)."""
        after = self._line_end(inline.box_end) + 1
        following = self.raw[after : self._line_end(after)]
        if following.strip(b" \t\r>") and not NEXT_BLOCK.match(following):
            raise Unsure("a box alone on its line, followed by a line that may continue it")
        if not following.strip(b" \t\r>") and INDENTED_AFTER_BLANK.match(self.raw, after):
            raise Unsure("a box alone on its line, then a blank line and indented content")

    def _original_box(self, line: int) -> int:
        """The character offset of the box on `line` in the body as given (its line breaks may differ from
        the ones read): the first `[` of the line, as only container markers are before it."""
        if self.original_starts is None:
            self.original_starts = line_starts(self.original)
        return self.original.index("[", self.original_starts[line])

    def _line_end(self, offset: int) -> int:
        end = self.raw.find(b"\n", offset)
        return len(self.raw) if end < 0 else end

    def _last_filled(self, end: int) -> int:
        """The last line before byte `end` that is not blank, `>` markers aside: an item's range runs on
        over the blank lines after it."""
        line = self.line(max(end - 1, 0))
        starts = self.starts
        assert starts is not None
        while line > 0:
            stop = starts[line + 1] if line + 1 < len(starts) else len(self.raw)
            if self.raw[starts[line] : stop].strip(b" \t\r\n>"):
                break
            line -= 1
        return line


# Blocks whose text is inline Markdown the linter reads (a tight list item's paragraph has no events of its own).
INLINE_BLOCKS = frozenset(("Paragraph", "Heading", "TableCell"))
MARKER_START = frozenset(bytes([byte]) for byte in b"-*+0123456789")  # the first byte of a list marker


class _LintReader(_Reader):
    """The linter's blocks as pulldown-cmark reads them, with the checks of `_Reader` where the two parsers may
    differ, and these: a link markdown-it-py refuses or writes otherwise, a link inside an image description."""

    def __init__(self, body: str, headers: set[int]) -> None:
        super().__init__(body, headers)
        self.lint: list[LintBlock] = []
        self.block: list[int] | None = None  # the inline block being read: [first byte, last byte, paragraph?]
        self.links: list[str] = []  # the targets of its links and images so far
        self.leaf = 0  # how deep inside a code or HTML block (their text is no inline Markdown)
        self.empty = False  # an item just started, nothing in it yet
        self.box_end = -1  # the end of a box that is all the block holds so far

    def run(self) -> list[LintBlock]:  # type: ignore[override]
        for event, span in self.parsed:
            if type(event) is str:
                self.empty = False
                if event == "Rule":
                    self._end_block()
                else:
                    self._check_continuation(span["start"])
                    self._inline_piece(span)
                continue
            ((key, value),) = event.items()
            if key == "Start":
                self._lint_start(value, span)
            elif key == "End":
                self._lint_end(value, span)
            else:
                self.empty = False
                if self.leaf == 0:
                    self._inline_piece(span, key == "TaskListMarker")
        self._end_block()
        self._check_tables()
        return self.lint

    def _lint_start(self, value: Any, span: dict) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise Unsure("deep nesting")
        self.empty = value == "Item"
        name = value if type(value) is str else next(iter(value))
        if name in INLINE_TAGS:
            self._inline_piece(span)
            if name in ("Link", "Image"):
                self._link(name, value[name])
            return
        self._end_block()
        if name == "Heading":  # its lines are those of its text (a setext heading's underline is not)
            self.block = [span["start"], span["start"] + 1, False]
        elif name in INLINE_BLOCKS:
            self.block = [span["start"], span["end"], name == "Paragraph"]
        elif name in ("CodeBlock", "HtmlBlock"):
            self.leaf += 1
        elif name == "Table":
            self.tables.add(self.line(span["start"]))

    def _lint_end(self, value: Any, span: dict) -> None:
        self.depth -= 1
        name = value if type(value) is str else next(iter(value))
        if name in INLINE_TAGS:
            if name == "Image":
                self.image = None
            self._inline_piece(span)
            return
        if name in ("CodeBlock", "HtmlBlock"):
            self.leaf -= 1
        elif value == "Item" and self.empty:
            if self.raw[span["start"] : span["start"] + 1] not in MARKER_START:
                raise Unsure("an empty item whose range starts before its marker")  # after a tab, say
            self._check_empty_item(span["start"])
            self.lint.append(EmptyItemBlock(self.line(span["start"])))
        self.empty = False
        self._end_block()

    def _inline_piece(self, span: dict, box: bool = False) -> None:
        """Inline content at `span`: in the block being read, or starting a tight list item's paragraph."""
        if self.block is None:
            self.block = [span["start"], span["end"], True]
        elif span["end"] > self.block[1]:
            self.block[1] = span["end"]
        self.box_end = span["end"] if box else -1

    def _link(self, name: str, link: dict) -> None:
        if self.image is not None:
            raise Unsure("a link or image inside an image description")
        destination = link["dest_url"]
        self._check_link(link)
        if name == "Image":
            self.image = 0
        elif link["link_type"] == "Email":
            destination = "mailto:" + destination
        self.links.append(link_target(destination) or "")

    def _end_block(self) -> None:
        """The inline block being read ends: its paragraph, then its links, as the linter's blocks."""
        block, self.block = self.block, None
        if block is None:
            return
        if self.box_end >= 0:  # a box and nothing else: markdown-it-py's paragraph `[ ]`
            self._check_alone(_Inline(0, 0, self.box_end))
            self.box_end = -1
        first, last = self.line(block[0]), self.line(max(block[1] - 1, block[0]))
        if block[2]:
            self.lint.append(ParagraphBlock(first, last))
        self.lint.extend(LinkBlock(first, last, target) for target in self.links)
        self.links = []
