"""The blocks of a note's Markdown that `notes` reads (headings and task items), as typed values, and the
reference reading of them: markdown-it-py (CommonMark, GFM tables and strikethrough) with the tasklists rule
of mdit-py-plugins, plus Obsidian's cancelled `[-]` and in-progress `[/]` items where that rule would find an
open box.

Both producers return these blocks: `linescan.scan` (pulldown-cmark, fast, or None where it may differ) and
`markdown_it_blocks`. The differential tests check that whenever the fast one answers, the two are equal.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, NamedTuple

from .links import bare_url, shown_target
from .syntax import LINE_BREAK_TAG, STATUS_START, TASK_BOX, TASK_START
from .text import line_starts

if TYPE_CHECKING:  # markdown-it-py is imported when a note needs it, not at start-up
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


class HeadingBlock(NamedTuple):
    """A heading, with 0-based body lines."""

    line: int  # its first line
    end: int  # its last line (a setext heading's underline)
    level: int  # 1 to 6
    text: str  # its readable text (see `plain_text`)


class TaskBlock(NamedTuple):
    """A task item (or an Obsidian status item), with 0-based body lines."""

    line: int  # the line of its box
    end: int  # the last line of its list item that is not blank
    box: int  # the offset of its box's `[` in the body
    text: str  # its first paragraph's readable text, the box left out (Obsidian Tasks' markers still in)
    url: str | None  # the target of its first link, else its first bare http(s) URL, else None


Block = HeadingBlock | TaskBlock


class EmptyItemBlock(NamedTuple):
    """A list item with nothing in it (`-` alone), for the linter."""

    line: int


class ParagraphBlock(NamedTuple):
    """A paragraph's lines, for the linter (a line in one may look like a task without being one)."""

    line: int  # its first line
    end: int  # its last line


class LinkBlock(NamedTuple):
    """A link or image in a paragraph, heading or table cell, for the linter."""

    line: int  # the first line of the block it is in
    end: int  # the block's last line
    target: str  # its target as markdown-it-py reports it (see `links.shown_target`); "" for none


LintBlock = EmptyItemBlock | ParagraphBlock | LinkBlock


@functools.cache
def markdown_parser() -> MarkdownIt:
    """The one Markdown parser configuration `notes` uses (tests compare against the same one)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"])


@functools.cache
def _block_parser() -> MarkdownIt:
    """The same parser without the inline pass: only task items and headings need their inline Markdown
    parsed (see `_inline`), and skipping it for every other paragraph halves the time of a long note."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).disable("inline")


def markdown_it_blocks(body: str) -> list[Block]:
    """Headings and tasks of `body` (the Markdown after any front matter) in document order, as markdown-it-py
    (block rules, and the tasklists rule) finds them: the reference reading."""
    env: dict = {}  # the document's link reference definitions, for the inline pass
    tokens = _block_parser().parse(body, env)
    starts = line_starts(body)
    blocks: list[Block] = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            start, end = token.map  # type: ignore[misc]
            text = plain_text(_inline(tokens[index + 1].content, env))
            blocks.append(HeadingBlock(start, end - 1, int(token.tag[1:]), text))
        elif _is_task(tokens, index):
            line = token.map[0]  # type: ignore[index]
            item_end = _last_filled_line(body, starts, tokens[index - 2].map[1])  # type: ignore[index]
            children = _inline(TASK_BOX.sub("", token.content, count=1), env)
            box = body.index("[", starts[line])
            blocks.append(TaskBlock(line, item_end, box, plain_text(children), first_url(children)))
    return blocks


def markdown_it_lint_blocks(body: str) -> list[LintBlock]:
    """Empty items, paragraphs, and links and images (of paragraphs, headings and table cells) of `body`, in
    document order, as markdown-it-py finds them: what the linter judges besides headings and tasks."""
    tokens = markdown_parser().parse(body)
    blocks: list[LintBlock] = []
    for index, token in enumerate(tokens):
        if token.type == "list_item_open" and token.map and tokens[index + 1].type == "list_item_close":
            blocks.append(EmptyItemBlock(token.map[0]))
        elif token.type == "inline" and token.map:
            first, end = token.map
            if tokens[index - 1].type == "paragraph_open":
                blocks.append(ParagraphBlock(first, end - 1))
            for child in token.children or []:
                if child.type in ("link_open", "image"):
                    target = str(child.attrs.get("href" if child.type == "link_open" else "src", ""))
                    blocks.append(LinkBlock(first, end - 1, shown_target(target)))
    return blocks


def _inline(content: str, env: dict) -> list[Token]:
    """Inline tokens of one block, with the document's link reference definitions."""
    return markdown_parser().parseInline(content, env)[0].children or []


def _last_filled_line(body: str, starts: list[int], end: int) -> int:
    """The last line before `end` (0-based, exclusive) that is not blank, `>` markers aside: a list
    item's map runs on over the blank lines after it."""
    line = min(end, len(starts)) - 1
    while line > 0:
        start = starts[line]
        stop = starts[line + 1] if line + 1 < len(starts) else len(body)
        if body[start:stop].strip(" \t\r\n>"):
            break
        line -= 1
    return line


def _is_task(tokens: list[Token], index: int) -> bool:
    """The tasklists rule: an inline token that opens the first paragraph of a list item with a box (or,
    read on top of it, with an Obsidian status box)."""
    return (
        index >= 2
        and tokens[index].type == "inline"
        and tokens[index - 1].type == "paragraph_open"
        and tokens[index - 2].type == "list_item_open"
        and (TASK_START.match(tokens[index].content) or STATUS_START.match(tokens[index].content)) is not None
    )


def plain_text(children: list[Token]) -> str:
    """Inline Markdown as readable text: link and emphasis markers dropped, code kept in backticks, `<br>`
    as a space, runs of whitespace as one space."""
    parts: list[str] = []
    for child in children:
        if child.type == "text":
            parts.append(child.content)
        elif child.type == "code_inline":
            parts.append(f"`{child.content}`")
        elif child.type == "image":
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "html_inline":
            parts.append(" " if LINE_BREAK_TAG.fullmatch(child.content) else child.content)
    return " ".join("".join(parts).split())


def first_url(children: list[Token]) -> str | None:
    """Target of the first link (`[t](url)` or `<url>`), else the first bare http(s) URL, else None."""
    for child in children:
        if child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            return shown_target(href) if href else None
    for child in children:
        if child.type == "text":
            url = bare_url(child.content)
            if url:
                return url
    return None
