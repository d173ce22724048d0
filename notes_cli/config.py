"""Settings: the command line, then the environment, then the vault's `.notes.yaml`, then the user's
`notes/config.yaml`, then the defaults. Each value remembers where it came from, for `notes config`."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import UsageError
from .frontmatter import YAML_SPECIAL
from .results import Setting
from .text import LINE_BREAK
from .vocabulary import DEFAULT_EXERCISE_WORDS, DEFAULT_READING_WORDS, DEFAULT_WEEK_WORDS, Vocabulary

VAULT_FILE = ".notes.yaml"
USER_FILE = "config.yaml"
DEFAULT = "default"
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}
# A line of a configuration made only of switches (`git: false`), as YAML reads it without PyYAML: a plain key,
# `true` or `false`, perhaps a comment; comment lines and empty lines around them.
SWITCH = re.compile(r"([A-Za-z_][A-Za-z0-9_]*): +(true|false) *(?: #.*)?")

# An example of each key, for messages.
EXAMPLES = {
    "dir": "dir: ~/study",
    "readings": "readings: [reading, readings, lecturas]",
    "exercises": "exercises: [exercise, homework]",
    "record_done_dates": "record_done_dates: true",
    "exclude": 'exclude: [drafts, "*.template.md"]',
    "week_pattern": 'week_pattern: [week, semana, "第{n}周"]',
    "courses": "courses: {AGI Safety Fundamentals: [AGISF]}",
    "classify_items": "classify_items: false",
    "git": "git: false",
}
# key: (what it holds, in words for messages)
KEYS = {
    "dir": "a folder",
    "readings": "a list of heading words",
    "exercises": "a list of heading words",
    "record_done_dates": "true or false",
    "exclude": "a list of glob patterns",
    "week_pattern": "a list of week words",
    "courses": "a mapping from course names to lists of aliases",
    "classify_items": "true or false",
    "git": "true or false",
}


@dataclass(frozen=True)
class Settings:
    """The effective settings, each with its source."""

    values: dict[str, Setting] = field(default_factory=dict)
    files: tuple[tuple[str, Path, bool], ...] = ()  # (role, path, exists)

    def __getitem__(self, key: str) -> Any:
        return self.values[key].value

    @property
    def folder(self) -> Path:
        return Path(self["dir"])

    @property
    def vocabulary(self) -> Vocabulary:
        courses = tuple((alias, name) for name, aliases in self["courses"].items() for alias in (name, *aliases))
        return Vocabulary(
            tuple(self["readings"]),
            tuple(self["exercises"]),
            tuple(self["week_pattern"]),
            courses,
            classify_items=self["classify_items"],
        )


def defaults() -> dict[str, Any]:
    return {
        "dir": ".",
        "readings": list(DEFAULT_READING_WORDS),
        "exercises": list(DEFAULT_EXERCISE_WORDS),
        "record_done_dates": False,
        "exclude": [],
        "week_pattern": list(DEFAULT_WEEK_WORDS),
        "courses": {},
        "classify_items": True,
        "git": True,
    }


def load(
    cli_dir: Path | None, user_folder: Path, env: Mapping[str, str] | None = None, *, no_git: bool = False
) -> Settings:
    """Settings for this run. Raises UsageError naming the file and key when a file is wrong."""
    env = os.environ if env is None else env
    user_path = user_folder / USER_FILE
    user = _read(user_path)
    values = {key: Setting(value, DEFAULT) for key, value in defaults().items()}
    for key, value in user.items():
        values[key] = Setting(value, str(user_path))
    if env.get("NOTES_DIR"):
        values["dir"] = Setting(env["NOTES_DIR"], "environment NOTES_DIR")
    if cli_dir is not None:
        values["dir"] = Setting(str(cli_dir), "command line --dir")

    vault_path = Path(values["dir"].value).expanduser() / VAULT_FILE
    vault = _read(vault_path)
    if "dir" in vault:
        raise UsageError(
            f"{vault_path}: `dir` cannot be set in a vault's own {VAULT_FILE}",
            hint=f"set it in {user_path}, with --dir or with NOTES_DIR",
        )
    for key, value in vault.items():
        values[key] = Setting(value, str(vault_path))
    if "NOTES_RECORD_DONE_DATES" in env:
        values["record_done_dates"] = Setting(
            _env_bool(env["NOTES_RECORD_DONE_DATES"], "NOTES_RECORD_DONE_DATES"), "environment NOTES_RECORD_DONE_DATES"
        )
    if "NOTES_GIT" in env:
        values["git"] = Setting(_env_bool(env["NOTES_GIT"], "NOTES_GIT"), "environment NOTES_GIT")
    if no_git:
        values["git"] = Setting(False, "command line --no-git")
    values["dir"] = Setting(str(Path(values["dir"].value).expanduser()), values["dir"].source)
    files = (("user", user_path, user_path.is_file()), ("vault", vault_path, vault_path.is_file()))
    return Settings(values, files)


def _read(path: Path) -> dict[str, Any]:
    """A configuration file's checked keys and values; {} when there is none."""
    try:
        if not path.is_file():  # none, or a folder, FIFO or device that must not be read (or waited on)
            if path.exists():
                raise UsageError(f"{path}: not a regular file", hint="a configuration file must be a YAML file")
            return {}
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return {}
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: cannot read this configuration file ({error})") from None
    switches = read_switches(text)
    if switches is not None:  # PyYAML's import is a tenth of a quick command's time (issue 14)
        return {key: _checked(path, key, value) for key, value in switches.items()}
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "invalid YAML"
        raise UsageError(f"{path}{where}: not valid YAML ({problem})", hint="fix the file or remove it") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UsageError(f"{path}: the configuration must be `key: value` lines", hint=f"keys: {', '.join(KEYS)}")
    return {str(key): _checked(path, str(key), value) for key, value in data.items()}


def read_switches(text: str) -> dict[str, bool] | None:
    """A configuration made only of `key: true` and `key: false` lines, comment lines and empty lines, read
    as PyYAML reads it; None for anything else (or a character PyYAML refuses), which PyYAML then reads."""
    switches = [SWITCH.fullmatch(line) for line in LINE_BREAK.split(text) if line and not line.startswith("#")]
    if YAML_SPECIAL.search(text) or not all(s and s[1] in KEYS for s in switches):  # (PyYAML names bad keys)
        return None
    return {s[1]: s[2] == "true" for s in switches if s}


def _checked(path: Path, key: str, value: Any) -> Any:
    if key not in KEYS:
        raise UsageError(f"{path}: unknown key `{key}`", hint=f"the keys are: {', '.join(KEYS)}")
    wrong = UsageError(f"{path}: `{key}` must be {KEYS[key]}", hint=f"for example `{EXAMPLES[key]}`")
    if key == "dir":
        if not isinstance(value, str) or not value.strip():
            raise wrong
        return value
    if key in ("record_done_dates", "classify_items", "git"):
        if not isinstance(value, bool):
            raise wrong
        return value
    if key == "courses":
        if not isinstance(value, dict):
            raise wrong
        return {str(name): _words(wrong, aliases if aliases is not None else []) for name, aliases in value.items()}
    words = _words(wrong, value)
    if key == "week_pattern" and not words:
        raise wrong
    return words


def _words(wrong: UsageError, value: Any) -> list[str]:
    """A list of non-empty strings (a single string counts as a list of one)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(w, str | int) and str(w).strip() for w in value):
        raise wrong
    return [str(w).strip() for w in value]


def _env_bool(value: str, name: str) -> bool:
    if value.strip().lower() in TRUE_WORDS:
        return True
    if value.strip().lower() in FALSE_WORDS:
        return False
    raise UsageError(f"environment {name}={value!r} is not true or false", hint="use 1 or 0")
