"""The layering of STYLE.md, kept by a test: dependencies point one way, Rich and Typer stay in their modules."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "notes_cli"

ALLOWED = {
    "model": set(),
    "errors": set(),
    "parse": {"linescan", "model", "errors"},
    "linescan": set(),
    "edit": {"parse", "model", "errors"},
    "select": {"model", "errors"},
    "template": {"edit", "parse", "model"},
    "check": {"parse", "model"},
    "launch": {"errors", "model"},
    "config": {"parse", "errors"},
    "stats": {"model"},
    "vault": {"parse", "edit", "cache", "model", "errors", "__init__"},
    "cache": {"model"},
    "render": {"model", "errors", "report"},
    "report": {"model", "linescan"},
    "cli": {
        "render",
        "vault",
        "stats",
        "report",
        "cache",
        "select",
        "template",
        "check",
        "launch",
        "config",
        "parse",
        "edit",
        "model",
        "errors",
        "__init__",
    },
    "__init__": set(),
    "__main__": {"cli", "__init__"},
}
THIRD_PARTY_OWNERS = {
    "rich": {"render"},
    "typer": {"cli"},
    "click": {"cli"},
    "yaml": {"parse", "config"},
    "markdown_it": {"parse", "check"},
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


def test_every_module_is_listed():
    assert {p.stem for p in PACKAGE.glob("*.py")} == set(ALLOWED)


@pytest.mark.parametrize("module", sorted(ALLOWED))
def test_dependencies_point_one_way(module):
    ours, theirs = imports(module)
    assert ours <= ALLOWED[module], f"{module} imports {ours - ALLOWED[module]}"
    for library, owners in THIRD_PARTY_OWNERS.items():
        if library in theirs:
            assert module in owners, f"only {owners} may import {library}, not {module}"
