"""Guards on the tests themselves: a test pins behaviour through public names, and shares helpers through
conftest.py or a helper module, never by importing another test module."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
PACKAGE = "notes_cli"

# Private helpers still reached by tests, each with why it is allowed (none: every unit tested on its own is public).
ALLOWED: set[tuple[str, str]] = set()


NAMEDTUPLE = {"_replace", "_asdict", "_fields", "_make", "_field_defaults"}  # public, despite the underscore


def private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def dotted(node: ast.expr) -> str | None:
    """`a.b.c` for a chain of names and attributes, else None."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return None if base is None else f"{base}.{node.attr}"
    return None


def offences(source: str) -> list[str]:
    """What a test module reaches that it should not: another test module, and private names of the package,
    imported or named as strings to monkeypatch. A `._name` attribute is one whatever object it is read from: an
    instance of the package's classes cannot be told apart, and no test needs another library's."""
    tree = ast.parse(source)
    ours: dict[str, str] = {}  # local name -> what it is in the package ("parse", "vault.Vault")
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = node.module or ""
            parts = module.split(".")
            if parts[-1].startswith("test_") or (node.level and any(a.name.startswith("test_") for a in node.names)):
                found.append(f"imports the test module {module or node.names[0].name}")
            elif not node.level and parts[0] == "tests":
                found.append(f"imports {module} by its absolute name (one module, one name: relative)")
            if parts[0] == PACKAGE:
                inner = ".".join(parts[1:])
                for alias in node.names:
                    name = f"{inner}.{alias.name}" if inner else alias.name
                    ours[alias.asname or alias.name] = name
                    if any(private(part) for part in name.split(".")):
                        found.append(name)
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if parts[0] == "tests" or parts[-1].startswith("test_"):
                    found.append(f"imports the test module {alias.name}")
                if parts[0] == PACKAGE:
                    if any(private(part) for part in parts):
                        found.append(".".join(parts[1:]))
                    if alias.asname:
                        ours[alias.asname] = ".".join(parts[1:])
                    else:
                        ours[PACKAGE] = ""
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and private(node.attr) and node.attr not in NAMEDTUPLE:
            base = dotted(node.value)  # an instance's private attribute too (`vault._cache`): any object's
            found.append(qualified(ours, f"{base}.{node.attr}") if base else f".{node.attr}")
        elif isinstance(node, ast.Call) and len(node.args) >= 2:  # setattr(module, "_name", ...), patch.object(...)
            target, name = dotted(node.args[0]), node.args[1]
            if (
                target is not None
                and target.split(".")[0] in ours
                and isinstance(name, ast.Constant)
                and isinstance(name.value, str)
                and private(name.value)
            ):
                found.append(qualified(ours, f"{target}.{name.value}"))
        if isinstance(node, ast.Constant) and isinstance(node.value, str):  # monkeypatch.setattr("notes_cli.x._y", ...)
            parts = node.value.split(".")
            if parts[0] == PACKAGE and all(p.isidentifier() for p in parts) and any(private(p) for p in parts):
                found.append(".".join(parts[1:]))
    return found


def qualified(ours: dict[str, str], name: str) -> str:
    """`name` with its first part spelled as the package's module or class it stands for."""
    first, _, rest = name.partition(".")
    if first not in ours:
        return name
    return f"{ours[first]}.{rest}" if ours[first] else rest


@pytest.mark.parametrize("path", sorted(TESTS.rglob("*.py")), ids=lambda p: str(p.relative_to(TESTS)))
def test_tests_reach_no_private_name_and_no_other_test_module(path):
    name = str(path.relative_to(TESTS))
    found = [offence for offence in offences(path.read_text(encoding="utf-8")) if (name, offence) not in ALLOWED]
    assert found == [], f"{name}: {sorted(set(found))}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from .test_cli import check_golden", ["imports the test module test_cli"]),
        ("from . import test_cli", ["imports the test module test_cli"]),
        ("import tests.test_cli", ["imports the test module tests.test_cli"]),
        (
            "from tests.conftest import ROOT",
            ["imports tests.conftest by its absolute name (one module, one name: relative)"],
        ),
        ("from notes_cli.parse import _simple_yaml", ["parse._simple_yaml"]),
        ("from notes_cli import history\nhistory._walk(repo, None)", ["history._walk"]),
        ("import notes_cli.vault as v\nv._parse_files([])", ["vault._parse_files"]),
        ("import notes_cli\nnotes_cli.vault._cache", ["vault._cache"]),
        (
            "from notes_cli.vault import Vault\nmonkeypatch.setattr(Vault, '_note_files', f)",
            ["vault.Vault._note_files"],
        ),
        ("from notes_cli.vault import Vault\nvault = Vault(p)\nvault._cache", ["vault._cache"]),
        ("task._replace(done=True)._asdict()", []),
        ("import webbrowser\nmonkeypatch.setattr(webbrowser, '_tryorder', None)", []),  # not the package's
        ("monkeypatch.setattr('notes_cli.vault._cache', 1)", ["vault._cache"]),
        ("from .conftest import EXAMPLES\nfrom .strategies import documents", []),
        ("from notes_cli import history\nhistory.walk(repo, None)\nos.environ['_NOTES_COMPLETE']", []),
        ("from notes_cli import __version__\nnotes_cli.__main__", []),
    ],
)
def test_the_guard_sees_each_way_in(source, expected):
    assert offences(source) == expected
