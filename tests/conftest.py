"""Shared fixtures: vault folders written byte for byte, a CLI runner, the shared corpus."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from notes_cli.cli import app
from notes_cli.vocabulary import Vocabulary

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
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

    def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
        result = CliRunner().invoke(app, list(args), env=env, prog_name="notes")
        if result.exception and not isinstance(result.exception, SystemExit):
            raise result.exception
        return Result(result.exit_code, result.stdout, result.stderr)

    return invoke


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str | bytes], Path]:
    """Write a file below tmp_path with exactly these bytes (str is encoded as UTF-8, line endings kept)."""

    def writer(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return writer


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
