"""Shared fixtures: vault folders written byte for byte, a CLI runner, the shared corpus."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings
from typer.main import get_command
from typer.testing import CliRunner

from notes_cli.cli import app
from notes_cli.model import Note
from notes_cli.vault import Vault
from notes_cli.vocabulary import Vocabulary

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLDEN = FIXTURES / "golden"
CORPUS = ROOT.parent / "shared" / "corpus"
SEED_NAME = "2024-02-21-agi-safety-fundamentals-week-0.md"
VOCABULARY = Vocabulary()  # the built-in words, for the tests that parse or open notes themselves
TODAY = "2024-03-20"  # the day the CLI tests run on (NOTES_TODAY)


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str

    def json(self):
        return json.loads(self.stdout)


@pytest.fixture(autouse=True)
def private_folders(monkeypatch, tmp_path_factory):
    """No test reads or writes the real user configuration or cache (subprocesses inherit this too)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


@pytest.fixture
def run(monkeypatch, tmp_path_factory) -> Callable[..., Result]:
    """Run `notes ARGS...` in-process; stdout and stderr apart, no colour, a fixed width, and an empty
    user configuration folder (never the real one)."""
    monkeypatch.delenv("NOTES_DIR", raising=False)
    monkeypatch.delenv("NOTES_RECORD_DONE_DATES", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("NOTES_TODAY", TODAY)  # overdue weeks, stats and default dates stay reproducible
    monkeypatch.setenv("NOTES_GIT", "0")  # this repository's history is not the notes' (test_history turns it on)

    return invoke


COMMAND = get_command(app)  # CliRunner.invoke has Typer build the Click command anew each time (~20 ms): once here


def invoke(*args: str, env: dict[str, str | None] | None = None) -> Result:
    """`notes ARGS...` in this process, as typer's CliRunner.invoke runs it (its isolation: stdin, stdout, stderr
    and the environment overrides `env`), on the command built once. An exception other than an exit is raised."""
    with CliRunner().isolation(env=env) as (stdout, stderr, _):
        code: Any = 0
        try:
            COMMAND.main(args=list(args), prog_name="notes")
        except SystemExit as exit_:
            code = 0 if exit_.code is None else exit_.code
            if not isinstance(code, int):  # sys.exit("message"), as CliRunner reports it
                sys.stdout.write(f"{code}\n")
                code = 1
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
        out, err = (stream.getvalue().decode("utf-8", "replace").replace("\r\n", "\n") for stream in (stdout, stderr))
    return Result(code, out, err)


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write a file below tmp_path with exactly these bytes (str is encoded as UTF-8, line endings kept)."""

    def writer(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return writer


@dataclass
class OneItem:
    """A note with one open item, `- [ ] a`, loaded through a vault on its folder: what edit tests break."""

    path: Path
    vault: Vault
    note: Note


@pytest.fixture
def one_item(tmp_path: Path) -> OneItem:
    """tmp_path/week-1.md holding `- [ ] a`, and nothing else in tmp_path."""
    path = tmp_path / "week-1.md"
    path.write_bytes(b"- [ ] a\n")
    vault = Vault(tmp_path, VOCABULARY)
    return OneItem(path, vault, vault.load(path))


@pytest.fixture
def golden() -> Callable[[str | Path, str], None]:
    """Compare a text with its golden file: a name under tests/fixtures/golden, or a path. With
    NOTES_UPDATE_GOLDEN=1 the file is rewritten with the text instead (then read back, so the comparison still runs)."""

    def check(name: str | Path, text: str) -> None:
        path = GOLDEN / name
        if os.environ.get("NOTES_UPDATE_GOLDEN"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8")

    return check


@pytest.fixture
def examples(tmp_path: Path) -> Path:
    """A copy of examples/ that tests may edit."""
    target = tmp_path / "examples"
    for source in EXAMPLES.rglob("*"):
        if source.is_file():
            dest = target / source.relative_to(EXAMPLES)
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(source.read_bytes())
    return target


def corpus_files() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for p in CORPUS.iterdir() if p.suffix == ".md" and p.name != "README.md")


def complete(shell: str, words: str, tmp_path: Path) -> str:
    """What `notes` answers the shell for the command line `words` (the cursor at its end), through the
    environment variables the shell sets (in this process: the installed command is run by test_completion)."""
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith(("_NOTES", "_TYPER", "COMP_", "NOTES_"))}
    env.update({"_NOTES_COMPLETE": f"complete_{shell}", "XDG_CONFIG_HOME": str(tmp_path), "HOME": str(tmp_path)})
    if shell == "bash":
        env.update({"COMP_WORDS": words, "COMP_CWORD": str(len(words.split(" ")) - 1)})
    else:
        env["_TYPER_COMPLETE_ARGS"] = words
        if shell == "fish":
            env["_TYPER_COMPLETE_FISH_ACTION"] = "get-args"
    result = invoke(env=env)
    assert result.exit_code == 0 and result.stderr == "", result.stderr
    return result.stdout


needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not here")
CORPUS_WEEKS = ROOT.parent / "shared" / "corpus-weeks"
needs_corpus_weeks = pytest.mark.skipif(not CORPUS_WEEKS.is_dir(), reason="../shared/corpus-weeks is not here")


# Hypothesis: quick by default (CI); `HYPOTHESIS_PROFILE=long python -m pytest` for a thorough local run.
settings.register_profile("ci", max_examples=150, deadline=None)
settings.register_profile("long", max_examples=5000, deadline=None)
# The differential soak before a parser change is merged: `HYPOTHESIS_PROFILE=soak pytest tests/test_properties.py
# -k fast_reading` runs 50,000 documents through each of the four differential tests.
settings.register_profile("soak", max_examples=50_000, deadline=None, database=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
