"""What a command's start costs (issue 14): patterns compiled when first used, and an edit on a warm cache that
imports only what it needs."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from notes_cli.fsio import digest
from notes_cli.text import lazy_pattern

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.mark.parametrize(
    ("pattern", "flags", "subject"),
    [
        (r"\[(?P<box>[ xX])\]\s+", 0, "- [ ] one\n- [X]  two\n- [] three"),
        (r"week\s*(\d+)", re.IGNORECASE, "Week 3, WEEK 04 and week5"),
        (rb"(?:\r\n|\r|\n)", 0, b"a\r\nb\rc\nd"),
    ],
)
def test_lazy_pattern_answers_as_the_compiled_one(pattern, flags, subject):
    compiled, lazy = re.compile(pattern, flags), lazy_pattern(pattern, flags)
    assert "search" not in vars(lazy)  # nothing compiled yet
    empty = subject[:0]

    def spans(matches):
        return [(m.span(), m.groups()) for m in matches]

    assert spans([lazy.search(subject)]) == spans([compiled.search(subject)])
    assert "match" in vars(lazy)  # compiled once, every method now the compiled pattern's
    assert spans([lazy.match(subject)] if lazy.match(subject) else []) == spans(
        [compiled.match(subject)] if compiled.match(subject) else []
    )
    assert lazy.fullmatch(subject) is None and compiled.fullmatch(subject) is None
    assert spans(lazy.finditer(subject)) == spans(compiled.finditer(subject))
    assert lazy.findall(subject) == compiled.findall(subject)
    assert lazy.split(subject) == compiled.split(subject)
    assert lazy.sub(empty, subject) == compiled.sub(empty, subject)
    assert lazy.subn(empty, subject, count=1) == compiled.subn(empty, subject, count=1)
    assert lazy.pattern == compiled.pattern


def test_each_method_compiles_on_first_call():
    for name in ("match", "fullmatch", "search", "finditer", "findall", "split", "sub", "subn"):
        lazy = lazy_pattern(r"b")
        args = ("x", "abc") if name in ("sub", "subn") else ("abc",)
        result = getattr(lazy, name)(*args)
        assert set(vars(lazy)) >= {"match", "sub"}
        expected = getattr(re.compile(r"b"), name)(*args)
        if name == "finditer":
            result, expected = [m.span() for m in result], [m.span() for m in expected]
        elif name in ("match", "fullmatch", "search"):
            result, expected = result and result.span(), expected and expected.span()
        assert result == expected


def test_digest_is_hashlibs_blake2b():
    """The cache's digests must not change with the module that computes them."""
    for data in (b"", b"- [ ] one\n", bytes(range(256)) * 40):
        assert digest(data) == hashlib.blake2b(data, digest_size=16).digest()


def test_an_edit_imports_neither_rich_nor_openssl(tmp_path):
    """`done` and `undo` print one line each without Rich, and hash the note they wrote without hashlib's
    OpenSSL (issue 14: start-up is most of what they cost)."""
    examples = tmp_path / "examples"
    shutil.copytree(EXAMPLES, examples)
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    env.pop("NOTES_DIR", None)
    command = [sys.executable, "-X", "importtime", "-m", "notes_cli", "--dir", str(examples)]
    for verb, said in (("done", "marked done"), ("undo", "marked not done")):
        out = subprocess.run([*command, verb, "0", "3"], capture_output=True, text=True, env=env, check=True)
        assert said in out.stdout
        imported = {line.rsplit("|", 1)[-1].strip() for line in out.stderr.splitlines()}
        assert "_blake2" in imported and not imported & {"_hashlib", "hashlib", "rich", "notes_cli.render"}
