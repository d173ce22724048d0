"""What `notes check` reports: each finding code with its level and what it finds, in one place.

The reader (front matter, values), the vault (unreadable files) and the linter give these codes; `check`
prints them, `check --codes` lists them, and the README documents each.
"""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    """How bad a finding is: only errors make `check` fail (and warnings with --strict)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Code(StrEnum):
    """A finding's stable code (`N001`), which is also its value, with its level and what it finds."""

    level: Level
    meaning: str

    def __new__(cls, code: str, level: Level, meaning: str) -> Code:
        member = str.__new__(cls, code)
        member._value_ = code
        member.level = level
        member.meaning = meaning
        return member

    FRONT_MATTER = "N001", Level.ERROR, "front matter that is not valid YAML, TOML or JSON"
    VALUE = (
        "N002",
        Level.WARNING,
        "a front-matter value that cannot be used (a date that is not a day, a title that is a list)",
    )
    UNREADABLE = "N003", Level.ERROR, "a file that cannot be read (not UTF-8, binary, unreadable, too large)"
    PLACEHOLDER = "N101", Level.WARNING, "a placeholder item left from a template, or a task with no text"
    EMPTY_BULLET = "N102", Level.WARNING, "an empty bullet"
    NEAR_MISS = (
        "N103",
        Level.WARNING,
        "a near-miss checkbox that is not a task (`- []`, `- [ x]`, `-[ ]`, `* [ ✅ ]`, `1.[x]`)",
    )
    OPEN_WITH_DONE_DATE = "N104", Level.WARNING, "an open item that carries a done date (` ✅ DATE`)"
    PROSE_SECTION = (
        "N105",
        Level.INFO,
        "a readings or exercises section written as prose, without checkboxes: nothing there is counted",
    )
    LINK_TARGET = "N201", Level.WARNING, "a link target that is neither a URL nor an existing file"
    MALFORMED_LINK = "N202", Level.WARNING, "a malformed link with a URL inside its target"
    SAME_READING = "N301", Level.WARNING, "the same reading (same URL) in two weeks of a course"
    COPIES = "N302", Level.ERROR, "two notes that look like copies of the same week of a course"
    WEEK_GAP = "N303", Level.WARNING, "a gap in the week numbers of a course"
    NO_DATE = "N304", Level.WARNING, "a week note without a date"


CODES = {code.value: code for code in Code}  # by the code as written ("N001"), for text that holds one
