"""The pre-commit hook (.pre-commit-hooks.yaml) run as a vault's pre-commit would run it, through
`pre-commit try-repo` on a fixture vault. Building the hook's environment installs this project and its
dependencies into a fresh virtualenv (about 30 s, with the package index), so the test runs only with
NOTES_HOOK_TEST=1 (.ci/run sets it), and skips when that environment cannot be built (offline)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.skipif(not os.environ.get("NOTES_HOOK_TEST"), reason="set NOTES_HOOK_TEST=1 (slow)")


def test_the_hook_fails_a_vault_with_a_warning(tmp_path: Path):
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("needs git and a git checkout of this project")
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "week-1.md").write_text("---\ndate: 2024-01-01\n---\n## Readings\n- [ ] [A](https://example.org/a)\n")
    (vault / "week-2.md").write_text("---\ndate: 2024-01-08\n---\n## Readings\n- [ ] Title of Reading 3\n")
    subprocess.run(["git", "init", "-q"], cwd=vault, check=True)
    subprocess.run(["git", "add", "."], cwd=vault, check=True)
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), "notes-check", "--all-files", "--color=never"]
    result = subprocess.run(command, cwd=vault, env=env, capture_output=True, text=True, timeout=600, check=False)
    output = result.stdout + result.stderr
    if "- hook id: notes-check" not in output and "notes check..." not in output:
        pytest.skip(f"the hook's environment could not be built (offline?):\n{output[-2000:]}")
    assert result.returncode == 1, output
    assert "week-2.md:5: warning: placeholder reading" in output and "[N101]" in output
