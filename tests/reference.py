"""The reference our task finder must agree with: markdown-it-py with mdit-py-plugins' tasklists rule."""

from __future__ import annotations

import functools
import re

from mdit_py_plugins.front_matter import front_matter_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from notes_cli.parse import markdown_parser


@functools.cache
def _reference_parser():
    md = markdown_parser()
    reference = type(md)("commonmark").enable(["table", "strikethrough"])
    return reference.use(front_matter_plugin).use(tasklists_plugin)


def reference_tasks(text: str) -> list[tuple[int, bool]]:
    """(1-based line, done) of every task item, as the reference parser sees the document."""
    body = text.removeprefix("\ufeff")
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
            found.append((inline.map[0] + 1, done))
    return found
