"""The reference our task finder must agree with: markdown-it-py with mdit-py-plugins' tasklists rule.

Front matter is ours to define (Jekyll's rules: `---` at the very start, closed by `---` or `...` at the start
of a line), so the reference is given the Markdown after it; the tasklists rule decides the rest.
"""

from __future__ import annotations

import functools
import re

from mdit_py_plugins.tasklists import tasklists_plugin

from notes_cli.frontmatter import split_front_matter


@functools.cache
def _reference_parser():
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable(["table", "strikethrough"]).use(tasklists_plugin)


def reference_tasks(text: str) -> list[tuple[int, bool]]:
    """(1-based line, done) of every task item, as the reference parser sees the document."""
    front = split_front_matter(text)
    body = text[front.body_offset :]
    tokens = _reference_parser().parse(body)
    lines = re.split(r"\r\n|\r|\n", body)
    found = []
    for index, token in enumerate(tokens):
        if token.type == "list_item_open" and "task-list-item" in str(token.attrs.get("class", "")):
            inline = tokens[index + 2]
            checkbox = inline.children[0].content
            if checkbox:
                done = 'checked="checked"' in checkbox
            else:  # the plugin draws no checkbox when a line break follows the box ("- [x]\n  text"): read it
                line = lines[inline.map[0]]
                done = line[line.index("[") + 1] in "xX"
            found.append((front.body_line + inline.map[0] + 1, done))
    return found
