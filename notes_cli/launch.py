"""The only module that starts other programs: the web browser for `open`, the text editor for `edit`."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from .errors import NotesError
from .links import EMBEDDED_URL, followable

PLUS_LINE_EDITORS = {"vi", "vim", "nvim", "gvim", "view", "nano", "pico", "emacs", "emacsclient", "micro", "kak", "ne"}
GOTO_EDITORS = {"code", "code-insiders", "codium", "vscodium", "cursor"}
LINUX_FALLBACKS = ("sensible-editor", "editor", "nano", "vi")


def open_in_browser(url: str) -> None:
    import webbrowser  # costly to import, and only this command needs it

    if not followable(url):
        inside = EMBEDDED_URL.search(url)  # a malformed link, `[text](url)` as the target: `check` says N202
        raise NotesError(
            f"refusing to open “{url}”: only http, https and mailto links are opened",
            hint=f"the link is malformed; it holds {inside.group()} (`notes check` shows the fix)"
            if inside
            else "use --print to see the link",
        )
    try:
        opened = webbrowser.open(url)
    except ValueError as error:  # $BROWSER with an unbalanced quote, split by webbrowser with shlex
        raise NotesError(
            f"$BROWSER cannot be read as a command ({error})", hint="fix its quoting, or use --print to get the link"
        ) from None
    if not opened:
        raise NotesError("no web browser could be started", hint="use --print to get the link instead")


def editor_command(
    file: Path, line: int | None, env: Mapping[str, str] | None = None, platform: str = sys.platform
) -> list[str]:
    """The command that opens `file` in the user's editor, at `line` where the editor can be told."""
    env = os.environ if env is None else env
    variable = "VISUAL" if env.get("VISUAL") else "EDITOR"
    configured = env.get(variable)
    if configured:
        try:
            argv = shlex.split(configured, posix=platform != "win32")
        except ValueError as error:  # an unbalanced quote, a final backslash
            raise NotesError(
                f"${variable} cannot be read as a command ({error})",
                hint=f"fix its quoting, e.g. {variable}='code --wait'",
            ) from None
    elif platform == "win32":
        argv = ["notepad"]
    elif platform == "darwin":
        argv = ["open", "-t"]
    else:
        argv = [next((e for e in LINUX_FALLBACKS if shutil.which(e)), "vi")]
    if not argv:
        raise NotesError(f"${variable} is set but empty", hint="set it to your editor, e.g. EDITOR=nano")
    name = Path(argv[0]).name.lower().removesuffix(".exe")
    if line is not None and name in PLUS_LINE_EDITORS:
        return [*argv, f"+{line}", str(file)]
    if line is not None and name in GOTO_EDITORS:
        return [*argv, "--goto", f"{file}:{line}"]
    return [*argv, str(file)]


def run_editor(argv: list[str]) -> int:
    """Run the editor in the foreground; its exit status is returned."""
    try:
        return subprocess.call(argv)
    except FileNotFoundError:
        raise NotesError(
            f"editor “{argv[0]}” not found", hint="set $VISUAL or $EDITOR to your editor, e.g. EDITOR=nano"
        ) from None
    except OSError as error:
        raise NotesError(f"cannot start the editor “{argv[0]}” ({error.strerror or error})") from None
