"""Every `$ notes ...` command shown in the README's code blocks runs, on a copy of examples/, at 80 columns,
with the output the README shows (a `...` line stands for lines left out). Each block is one session: its
commands run in order on the same copy."""

from __future__ import annotations

import re
import shlex
import shutil

import pytest

from .conftest import EXAMPLES, ROOT

README = ROOT / "README.md"
FENCE = re.compile(r"^```[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
ELLIPSIS = "..."
# Folders a README example names that are not examples/, and the test that builds them and runs the example.
ELSEWHERE = {"blog": "tests/test_history.py (a git repository of the seed note's story)"}


def sessions() -> list[tuple[int, list[tuple[str, list[str]]]]]:
    """(line number, [(command, output lines)]) for each code block whose first line is `$ notes ...`."""
    text = README.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        body = match.group(1)
        if not body.startswith("$ notes "):
            continue
        commands: list[tuple[str, list[str]]] = []
        for line in body.splitlines():
            if line.startswith("$ "):
                commands.append((line[2:], []))
            else:
                commands[-1][1].append(line)
        for _, output in commands:
            while output and not output[-1].strip():
                output.pop()
        if any(_folder(command) in ELSEWHERE for command, _ in commands):
            continue
        found.append((text.count("\n", 0, match.start()) + 2, commands))
    return found


def _folder(command: str) -> str | None:
    """The folder a command names with --dir or -d."""
    args = shlex.split(command, comments=True)
    return next((args[i + 1] for i, a in enumerate(args[:-1]) if a in ("--dir", "-d")), None)


def matches(shown: list[str], actual: list[str]) -> bool:
    """The output as shown, where a `...` line stands for any lines."""
    if ELLIPSIS not in shown:
        return shown == actual
    cut = shown.index(ELLIPSIS)
    head, tail = shown[:cut], shown[cut + 1 :]
    return actual[: len(head)] == head and (not tail or actual[-len(tail) :] == tail)


def test_the_readme_shows_commands():
    assert len(sessions()) >= 10


@pytest.mark.parametrize(("line", "commands"), sessions(), ids=[f"README line {n}" for n, _ in sessions()])
def test_readme_command_runs_as_shown(run, examples, monkeypatch, line, commands):
    import webbrowser

    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url: opened.append(url) or True)
    for command, shown in commands:
        args = shlex.split(command, comments=True)
        assert args[0] == "notes", command
        args = [str(examples) if a == "examples" and args[i - 1] in ("--dir", "-d") else a for i, a in enumerate(args)]
        result = run(*args[1:], env={"COLUMNS": "80", "VISUAL": "true", "NO_COLOR": "1"})
        assert result.exit_code == 0, f"README line {line}: {command}\n{result.stderr}"
        if shown:
            actual = result.stdout.rstrip("\n").splitlines()
            assert matches(shown, actual), f"README line {line}: {command}\n{result.stdout}"


def test_the_python_example_prints_what_the_readme_shows(tmp_path, monkeypatch, capsys):
    """The README's "From Python" example, run in a folder holding a copy of examples/, prints the block
    that follows it."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### From Python") :]
    code, shown = FENCE.findall(section)[:2]
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out == shown
