"""Time `notes stats` with done dates from git against `notes stats --no-git`, on a generated repository.

    python tests/perf/history_bench.py [--runs 9] [--commits 1000] [--notes 200]

The repository (written with `git fast-import`, the same bytes every time): week notes shaped like the bench
vault's (tests/perf/generate.py), each added with its boxes open, then commits that each tick an item of
one note or edit a line of its prose, three hours apart. Prints the median seconds of: `stats --no-git`
warm, `stats` warm (history from its cache), `stats` after a new commit (only it read from git), `stats`
on a first run (all the history read; notes from the parse cache), and `stats` cold (no cache at all); and
whether warm is within 1.5x.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench import BIN, measure  # noqa: E402
from generate import TOPICS, week_note  # noqa: E402

from notes_cli import history  # noqa: E402

START = dt.datetime(2024, 1, 8, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))
DONE_BOX = re.compile(r"^- \[[xX]\]", re.MULTILINE)


def fast_import_stream(notes: int, commits: int) -> bytes:
    """The history: a commit adding each note with open boxes, then ticks and edits, one note a commit."""
    rng = random.Random(20240221)
    final: dict[str, list[str]] = {}
    current: dict[str, list[str]] = {}
    for index in range(notes):
        course, week = TOPICS[index % len(TOPICS)] + f" {index // 100 + 1}", (index // len(TOPICS)) % 10
        day = dt.date(2024, 1, 8) + dt.timedelta(7 * week)
        path = f"{course.lower().replace(' ', '-')}/{day.isoformat()}-week-{week}-{index}.md"
        final[path] = week_note(rng, course, path, week, day).split("\n")
        current[path] = [DONE_BOX.sub("- [ ]", line) for line in final[path]]
    out: list[bytes] = []
    paths = sorted(final)
    for number in range(commits):
        when = START + dt.timedelta(hours=3 * number)
        if number < notes:
            path, message = paths[number], f"Add {paths[number]}"
        else:
            path = rng.choice(paths)
            lines = current[path]
            todo = [i for i, line in enumerate(lines) if line.startswith("- [ ]") and DONE_BOX.match(final[path][i])]
            if todo and rng.random() < 0.7:
                line = rng.choice(todo)
                lines[line] = final[path][line]
                message = f"Tick an item of {path}"
            else:
                prose = [i for i, line in enumerate(lines) if line.startswith("- ") and "[" not in line[:6]]
                line = rng.choice(prose)
                lines[line] = lines[line].rstrip(".") + f", revised {number}."
                message = f"Edit a note of {path}"
        stamp = f"{int(when.timestamp())} +0100".encode()
        data = "\n".join(current[path]).encode()
        out += [
            b"commit refs/heads/main\n",
            b"author Student <student@example.invalid> " + stamp + b"\n",
            b"committer Student <student@example.invalid> " + stamp + b"\n",
            b"data %d\n%s\n" % (len(message.encode()), message.encode()),
            b"M 100644 inline " + path.encode() + b"\n",
            b"data %d\n%s\n" % (len(data), data),
        ]
    return b"".join(out)


def build_repository(folder: Path, notes: int, commits: int) -> None:
    git = shutil.which("git")
    if git is None:
        raise SystemExit("git is not installed")
    subprocess.run([git, "init", "-q", "-b", "main", str(folder)], check=True)
    stream = fast_import_stream(notes, commits)
    subprocess.run([git, "-C", str(folder), "fast-import", "--quiet"], input=stream, check=True)
    subprocess.run([git, "-C", str(folder), "reset", "-q", "--hard", "main"], check=True)
    for path in folder.rglob("*.md"):
        os.utime(path, (1_700_000_000, 1_700_000_000))  # long ago: the parse cache may keep them


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--notes", type=int, default=200)
    args = parser.parse_args()
    notes = str(BIN / "notes")
    work = Path(tempfile.mkdtemp(prefix="notes-history-bench-"))
    try:
        repo = work / "repo"
        build_repository(repo, args.notes, args.commits)
        env = {**os.environ, "XDG_CONFIG_HOME": str(work / "config"), "NO_COLOR": "1", "NOTES_TODAY": "2024-06-01"}
        env.pop("NOTES_DIR", None)
        env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed tool has its bytecode; do not compile every run
        warm = {**env, "XDG_CACHE_HOME": str(work / "cache-warm")}
        first = {**env, "XDG_CACHE_HOME": str(work / "cache-first")}
        cold = dict(env)
        counter = iter(range(10**9))

        def forget_history() -> None:  # as after a commit: HEAD moved, the notes did not change
            history.cache_file(repo, Path(first["XDG_CACHE_HOME"]) / "notes").unlink(missing_ok=True)

        later = work / "repo-later"  # a copy that gets a new commit before each run
        shutil.copytree(repo, later, symlinks=True)
        later_env = {**env, "XDG_CACHE_HOME": str(work / "cache-later")}
        later_note = sorted(later.rglob("*.md"))[0]
        git = [shutil.which("git") or "git", "-C", str(later), "-c", "user.name=Student", "-c", "user.email=s@x"]

        def commit_a_tick() -> None:  # a new open item, ticked: the note and HEAD change
            with open(later_note, "a") as note:
                note.write(f"- [x] Reading {next(counter)}\n")
            subprocess.run([*git, "commit", "-q", "-am", "tick"], check=True)

        def forget_all() -> None:
            cold["XDG_CACHE_HOME"] = str(work / f"cache-cold-{next(counter)}")

        stats = [notes, "-d", str(repo), "stats"]
        (plain, _), (dated, _), (after, _), (first_run, _), (cold_run, _) = measure(
            [([*stats[:3], "--no-git", "stats"], warm, None), (stats, warm, None),
             ([notes, "-d", str(later), "stats"], later_env, commit_a_tick), (stats, first, forget_history),
             (stats, cold, forget_all)],
            args.runs,
        )  # fmt: skip
        print(f"\n{args.notes} week notes, {args.commits} commits, median of {args.runs} interleaved runs\n")
        print("| notes stats | seconds | ratio |\n|---|---:|---:|")
        print(f"| --no-git, warm | {plain:.3f} | 1.00x |")
        print(f"| with history, warm | {dated:.3f} | {dated / plain:.2f}x |")
        print(f"| with history, after a new commit (only it is read) | {after:.3f} | {after / plain:.2f}x |")
        print(f"| with history, first run (all the history read) | {first_run:.3f} | {first_run / plain:.2f}x |")
        print(f"| with history, cold (no cache at all) | {cold_run:.3f} | {cold_run / plain:.2f}x |")
        print(f"\nGoal: warm with history <= 1.5x --no-git: {'met' if dated <= 1.5 * plain else 'MISSED'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
