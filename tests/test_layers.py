"""The layering of STYLE.md, kept by a test: dependencies point one way, Rich and Typer stay in their modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "notes_cli"

# The intended graph, as STYLE.md draws it (cli -> render/report/launch -> vault/cache -> parse/edit/check/template/
# stats -> markdown/vocabulary -> model/results/errors), with a tier split where its modules build on one another.
# A module imports only from the layers below its own: a new import that points down needs no change here, one that
# points up or sideways is a design change, made here first.
LAYERS = (
    {"results", "errors", "text", "__init__"},  # what checks report; errors; line arithmetic, lazy patterns; version
    {"model"},  # frozen data
    {"links"},  # every URL rule
    {"vocabulary", "syntax"},  # the words and the Markdown tokens notes are written in
    {"blocks", "frontmatter"},  # the typed blocks both Markdown readers return (and markdown-it-py's); front matter
    {"linescan"},  # pulldown-cmark's reading (fast), or None where the two may differ
    {"parse"},  # text -> Note
    {"select"},  # what the user typed -> notes and tasks
    {"edit", "check", "stats"},  # pure work on notes: edits, lint rules (by course too), figures
    {"template"},  # new weeks, built with edit's and parse's rules
    {"fsio"},  # file safety: the only code that opens, syncs, renames and locks files
    {"cache", "config", "launch"},  # the outside world: the parse cache, configuration files, other programs
    {"workers"},  # many notes read and parsed in worker processes, with typed outcomes
    {"vault", "history"},  # the notes on disk and their git history
    {"report"},  # JSON, Markdown, CSV, and the one escaping rule
    {"render"},  # Rich
    {"ui"},  # Textual
    {"cli"},  # Typer
    {"__main__"},
)
LAYER = {module: index for index, layer in enumerate(LAYERS) for module in layer}
THIRD_PARTY_OWNERS = {
    "rich": {"render", "ui"},  # Textual draws with Rich: `notes ui` builds its text the way render.py does
    "textual": {"ui"},
    "typer": {"cli"},
    "click": {"cli"},
    "yaml": {"frontmatter", "config"},
    "frontmatter": {"frontmatter"},  # python-frontmatter
    "markdown_it": {"blocks", "links"},
    "mdurl": {"links"},
    "pyromark": {"linescan"},
}


def imports(module: str) -> tuple[set[str], set[str]]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text())
    ours, theirs = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            if node.module:
                ours.add(node.module.split(".")[0])
            else:
                ours.update("__init__" if alias.name == "__version__" else alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            theirs.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            theirs.update(alias.name.split(".")[0] for alias in node.names)
    return ours, theirs


def test_every_module_is_in_one_layer():
    assert sum(len(layer) for layer in LAYERS) == len(LAYER)
    assert {p.stem for p in PACKAGE.glob("*.py")} == set(LAYER)


@pytest.mark.parametrize("module", sorted(LAYER))
def test_dependencies_point_down(module):
    ours, theirs = imports(module)
    upward = {name for name in ours if LAYER[name] >= LAYER[module]}
    assert not upward, f"{module} imports {upward}, which are not below it"
    for library, owners in THIRD_PARTY_OWNERS.items():
        if library in theirs:
            assert module in owners, f"only {owners} may import {library}, not {module}"


def test_every_library_the_package_imports_is_a_dependency_it_declares():
    """A library imported only through a test extra would pass the tests and fail a plain install (the pre-commit
    hook's): each third-party module imported by notes_cli comes from a declared dependency (Textual: `ui`)."""
    import re
    import sys
    import tomllib
    from importlib.metadata import packages_distributions

    project = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text())["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["ui"]]
    names = {re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower().replace("_", "-") for requirement in declared}
    distributions = packages_distributions()
    used = set().union(*(imports(module)[1] for module in LAYER)) - set(sys.stdlib_module_names) - {"__future__"}
    for library in sorted(used - {"click"}):  # click comes with typer, and only cli.py imports it
        owners = {d.lower().replace("_", "-") for d in distributions.get(library, [])}
        assert owners & names, f"notes_cli imports {library} ({owners}), which pyproject.toml does not declare"
