"""Shell completion, driven the way the shells drive it: through environment variables."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from notes_cli.vault import Vault

from .conftest import EXAMPLES, complete

NOTES = str(Path(sys.executable).parent / "notes")


def test_week_numbers(tmp_path):
    assert complete("bash", f"notes -d {EXAMPLES} show ", tmp_path).split() == ["0", "1", "2", "3"]
    fish = complete("fish", f"notes -d {EXAMPLES} show ", tmp_path).splitlines()
    assert fish[0] == "0\tAGI Safety Fundamentals · AGI Safety Fundamentals - Week 0"
    zsh = complete("zsh", f"notes -d {EXAMPLES} done 1", tmp_path)
    assert '"1":"AGI Safety Fundamentals · AGI Safety Fundamentals - Week 1"' in zsh


def test_item_numbers_with_their_text(tmp_path):
    fish = complete("fish", f"notes -d {EXAMPLES} done 0 ", tmp_path).splitlines()
    assert fish[:3] == [
        "1\t[1hr Talk] Intro to Large Language Models",
        "2\tCompute Trends Across Three Eras of Machine Learning",
        "3\tTitle of Reading 3",
    ]
    zsh = complete("zsh", f"notes -d {EXAMPLES} open 0 ", tmp_path)
    assert '"4":"Exercise 1\\\\: Description of Exercise 1"' in zsh
    assert complete("bash", f"notes -d {EXAMPLES} undo 0 1 ", tmp_path).split()[:2] == ["1", "2"]


def test_paths_and_courses(tmp_path):
    paths = complete("bash", f"notes -d {EXAMPLES} show _posts/2024-03", tmp_path).split()
    assert paths == [
        "_posts/2024-03-06-agi-safety-fundamentals-week-2.md",
        "_posts/2024-03-13-agi-safety-fundamentals-week-3.md",
    ]
    assert complete("bash", f"notes -d {EXAMPLES} weeks --course AG", tmp_path).strip() == "AGI\\ Safety\\ Fundamentals"


def test_completion_is_quiet_and_inert_on_a_broken_or_hostile_vault(tmp_path):
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "week-1.md").write_text("---\ntitle: [broken\n---\n- [ ] it's $(touch pwned) `x` \x1b[2J done\n")
    zsh = complete("zsh", f"notes -d {vault} done 1 ", tmp_path)
    assert "\x1b" not in zsh and "\\$(touch pwned)" in zsh
    assert complete("bash", "notes -d /nonexistent show ", tmp_path).strip() == ""


def test_completion_reads_the_vault_once(run, monkeypatch):
    scans = []
    real_scan = Vault.scan

    def counting(self, **options):
        scans.append(1)
        return real_scan(self, **options)

    monkeypatch.setattr(Vault, "scan", counting)
    result = run(
        env={
            "_NOTES_COMPLETE": "complete_fish",
            "_TYPER_COMPLETE_ARGS": f"notes -d {EXAMPLES} done 0 ",
            "_TYPER_COMPLETE_FISH_ACTION": "get-args",
        }
    )
    assert result.exit_code == 0 and result.stdout.startswith("1\t")
    assert len(scans) == 1  # as much work as `notes weeks`, no more


@pytest.mark.parametrize(
    ("shell", "installed"),
    [("bash", ".bash_completions/notes.sh"), ("zsh", ".zfunc/_notes"), ("fish", ".config/fish/completions/notes.fish")],
)
def test_install_completion(tmp_path, shell, installed):
    # Typer detects the user's shell from the process tree; its documented test switch takes it as a value.
    env = {
        **os.environ,
        "HOME": str(tmp_path),
        "XDG_CONFIG_HOME": str(tmp_path / ".config"),
        "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1",
    }
    result = subprocess.run(
        [NOTES, "--install-completion", shell], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / installed).is_file()
    assert "_NOTES_COMPLETE" in (tmp_path / installed).read_text()


def test_bash_inserts_a_course_name_with_spaces_as_one_word(tmp_path):
    """Through bash itself: the completion function fills COMPREPLY, and the completed line parses back to
    the course name as one argument."""
    shown = subprocess.run(
        [NOTES, "--show-completion", "bash"],
        capture_output=True,
        text=True,
        # Without the switch, Typer ignores "bash" and looks for the shell in the process tree, which a test run
        # may not have (seen as "Shell  not supported."); with it, the shell is the value given.
        env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"},
        check=False,
    )
    assert shown.returncode == 0, shown.stderr
    script = shown.stdout
    line = f"notes -d {EXAMPLES} weeks --course AG"
    driver = (
        f"{script}\nCOMP_WORDS=({line}); COMP_CWORD=${{#COMP_WORDS[@]}}; COMP_CWORD=$((COMP_CWORD-1))\n"
        f"_notes_completion {NOTES}\n"
        'eval "set -- ${COMPREPLY[0]}"\necho "$#:$1"'
    )
    result = subprocess.run(
        ["bash", "-c", driver],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "XDG_CONFIG_HOME": str(tmp_path)},
    )
    assert result.stdout == "1:AGI Safety Fundamentals\n", result.stderr


def test_command_names(tmp_path):
    assert {"show", "stats"} <= set(complete("bash", "notes s", tmp_path).split())  # not the help `notes` alone prints
    assert "weeks" in complete("bash", "notes ", tmp_path).split()
