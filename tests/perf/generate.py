"""Write a deterministic bench vault: week notes and ordinary notes without weeks.

    python tests/perf/generate.py DIR [--notes 10000] [--profile real|generated]

With the default 10,000 notes: 50 courses x 40 weeks = 2,000 week notes, and 8,000 ordinary notes. Other
sizes keep those proportions. The same arguments always write the same bytes.

Profile `real` (the default) copies the shapes of real notes: week notes written as the seed note is (its
link texts with brackets in them, its malformed nested link, its placeholders, `[X]`, an empty bullet), and
the blocks real notes hold (tables, block quotes, HTML, nested lists, Obsidian markers) in the proportions of
../shared/corpus and ../shared/corpus-weeks. Profile `generated` is the earlier generator: tidy week notes
that never leave the line scanner's fast path, and ordinary notes (a third with unrelated tasks, one in
twenty long).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

WORDS = [
    "model", "gradient", "loss", "data", "training", "compute", "scaling", "reward", "policy", "agent", "alignment",
    "evaluation", "benchmark", "attention", "transformer", "token", "embedding", "inference", "optimizer",
    "regularization", "dataset", "feature", "circuit", "interpretability", "robustness", "distribution", "shift",
    "sample", "efficiency", "planning", "memory", "retrieval",
]  # fmt: skip
TOPICS = [
    "Machine Learning",
    "Linear Algebra",
    "Probability",
    "AI Safety",
    "Compilers",
    "Databases",
    "Operating Systems",
    "Statistics",
    "Cryptography",
    "Distributed Systems",
]


def sentence(rng: random.Random, words: int = 12) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def week_note(rng: random.Random, course: str, slug: str, week: int, day: dt.date) -> str:
    lines = [
        "---",
        "layout: post",
        f"title: {course} - Week {week}",
        f"date: {day.isoformat()}",
        f"categories: [{course}]",
        "---",
        "",
        f"# Week {week} Lecture Notes",
        "",
    ]
    for _ in range(rng.randint(1, 3)):
        lines += [f"## {sentence(rng, 4)[:-1]}", ""]
        for _ in range(rng.randint(3, 8)):
            lines.append(f"- {sentence(rng)}")
            if rng.random() < 0.3:
                lines.append(f"  - {sentence(rng, 6)}")
        lines.append("")
    if rng.random() < 0.5:
        lines += ["```python", "# - [ ] not a task: this is code", "loss = model(x).mean()", "```", ""]
    lines += ["## Readings", ""]
    for number in range(1, rng.randint(3, 6)):
        done = rng.random() < 0.6
        mark = f" ✅ {(day + dt.timedelta(rng.randint(0, 9))).isoformat()}" if done and rng.random() < 0.5 else ""
        lines.append(
            f"- [{'x' if done else ' '}] [{sentence(rng, 5)[:-1]}](https://example.org/{slug}/{week}/{number}){mark}"
        )
    lines += ["", "## Exercises", ""]
    for number in range(1, rng.randint(3, 5)):
        lines.append(f"- [{'X' if rng.random() < 0.5 else ' '}] Exercise {number}: {sentence(rng, 8)}")
    lines += ["", "## Additional Notes", ""]
    return "\n".join(lines) + "\n"


def prose(rng: random.Random, index: int, most: int, longer: int) -> list[str]:
    """An ordinary note's title and paragraphs (2 to `most`, `longer` times as many in every 20th note), some
    followed by a plain list."""
    lines = [f"# Note {index}: {sentence(rng, 3)[:-1]}", ""]
    for _ in range(rng.randint(2, most) * (longer if index % 20 == 0 else 1)):
        lines += [sentence(rng, rng.randint(10, 30)), ""]
        if rng.random() < 0.3:
            lines += [f"- {sentence(rng, 6)}" for _ in range(rng.randint(2, 5))] + [""]
    return lines


def ordinary_note(rng: random.Random, index: int) -> str:
    lines = prose(rng, index, 6, 25)
    if index % 3 == 0:
        lines += ["## To do", ""] + [
            f"- [{'x' if rng.random() < 0.4 else ' '}] {sentence(rng, 6)}" for _ in range(rng.randint(1, 6))
        ]
    return "\n".join(lines) + "\n"


# Share of notes holding each kind of block, as measured on the 60 notes of ../shared/corpus and
# ../shared/corpus-weeks (one regular expression a kind, 2026-11-27): tables 14/60, block quotes 10/60, HTML
# 7/60, nested lists 17/60, Obsidian markers (done or due dates, wiki links, callouts, [/] and [-] boxes)
# 24/60, task boxes 51/60, fenced code 19/60; 23/60 have a table, a quote or HTML, which the line scanner
# hands to markdown-it-py. Median size 2.1 kB.
REAL_SHARES = {
    "table": 0.23, "quote": 0.17, "html": 0.12, "nested": 0.28, "obsidian": 0.40, "tasks": 0.85, "code": 0.32,
}  # fmt: skip


def real_blocks(rng: random.Random, day: dt.date) -> list[str]:
    """Blocks of the kinds real notes hold, each drawn with its measured share."""
    lines: list[str] = []
    if rng.random() < REAL_SHARES["table"]:
        lines += ["| Term | Meaning |", "|------|---------|"]
        lines += [f"| {rng.choice(WORDS)} | {sentence(rng, 6)} |" for _ in range(rng.randint(2, 6))] + [""]
    if rng.random() < REAL_SHARES["quote"]:
        lines += [f"> {sentence(rng, 10)}", f"> {sentence(rng, 8)}"]
        lines += ["> - [ ] " + sentence(rng, 5)] if rng.random() < 0.3 else []
        lines += [""]
    if rng.random() < REAL_SHARES["html"]:
        lines += [rng.choice(["<details>", "<div align=\"center\">"]), f"<summary>{sentence(rng, 3)}</summary>", "",
                  sentence(rng, 12), "", "</details>" if rng.random() < 0.5 else "</div>", ""]  # fmt: skip
        lines += [f"{sentence(rng, 6)}<br>{sentence(rng, 4)}", ""]
    if rng.random() < REAL_SHARES["nested"]:
        for _ in range(rng.randint(2, 4)):
            lines.append(f"- {sentence(rng, 6)}")
            lines += [f"  - {sentence(rng, 5)}", f"    - {sentence(rng, 4)}"]
            lines += [f"  - [ ] {sentence(rng, 4)}"] if rng.random() < 0.3 else []
        lines.append("")
    if rng.random() < REAL_SHARES["obsidian"]:
        later = (day + dt.timedelta(rng.randint(0, 9))).isoformat()
        lines += [f"- [x] {sentence(rng, 5)} ✅ {later}", f"- [ ] {sentence(rng, 4)} 📅 {later}",
                  f"- [/] {sentence(rng, 4)} see [[{rng.choice(WORDS)}]]", f"- [-] {sentence(rng, 3)}", ""]  # fmt: skip
        lines += ["> [!note] " + sentence(rng, 3), "> " + sentence(rng, 8), ""] if rng.random() < 0.1 else []
    if rng.random() < REAL_SHARES["code"]:
        lines += ["```python", "# - [ ] not a task: this is code", "loss = model(x).mean()", "```", ""]
    return lines


def seed_week_note(rng: random.Random, course: str, slug: str, week: int, day: dt.date) -> str:
    """A week note as the seed note is written, with its quirks, and the blocks of real notes."""
    lines = [
        "---", "layout: post", f"title: {course} - Week {week}", f"date: {day.isoformat()}", f"categories: [{course}]",
        "---", "", f"# Week {week} Lecture Notes", "",
    ]  # fmt: skip
    for _ in range(rng.randint(2, 3)):
        lines += [f"## {sentence(rng, 4)[:-1]}", ""]
        for _ in range(rng.randint(4, 9)):
            lines.append(f"- {sentence(rng, rng.randint(5, 14))}")
            if rng.random() < 0.3:
                lines += [f"  - {sentence(rng, 3)}" for _ in range(rng.randint(1, 4))]
        if rng.random() < 0.3:
            lines.append("  - ")  # the seed's empty bullet
        lines.append("")
    lines += real_blocks(rng, day)
    lines += ["## Readings", ""]
    for number in range(1, rng.randint(3, 6)):
        mark = rng.choice("X x  ")
        title = sentence(rng, 5)[:-1]
        url = f"https://example.org/{slug}/{week}/{number}"
        shape = rng.random()
        if shape < 0.3:  # brackets inside the link text
            lines.append(f"- [{mark}] [[1hr Talk] {title}]({url})")
        elif shape < 0.55:  # the seed's malformed nested link
            lines.append(f"- [{mark}] [{title}]([link-to-reading-{number}]({url}))")
        elif shape < 0.75:  # a placeholder left from the template
            lines.append(f"- [ ] [Title of Reading {number}](link-to-reading-{number})")
        else:
            lines.append(f"- [{mark}] [{title}]({url})")
    lines += ["", "## Exercises", ""]
    for number in range(1, rng.randint(3, 5)):
        if rng.random() < 0.4:
            lines.append(f"- [ ] Exercise {number}: Description of Exercise {number}")
        else:
            lines.append(f"- [{rng.choice('X x ')}] Exercise {number}: {sentence(rng, 8)}")
    lines += ["", "## Additional Notes", ""]
    return "\n".join(lines) + "\n"


def real_note(rng: random.Random, index: int) -> str:
    """An ordinary note (no week) with the blocks of real notes."""
    lines = prose(rng, index, 5, 10)
    lines += real_blocks(rng, dt.date(2024, 1, 1) + dt.timedelta(index % 365))
    if rng.random() < REAL_SHARES["tasks"]:
        lines += ["## To do", ""] + [f"- [{rng.choice('xX  ')}] {sentence(rng, 6)}" for _ in range(rng.randint(1, 6))]
    return "\n".join(lines) + "\n"


PROFILES = {"real": (seed_week_note, real_note), "generated": (week_note, ordinary_note)}


def generate(root: Path, notes: int = 10_000, profile: str = "real") -> tuple[int, int]:
    """Write the vault; return (week notes, ordinary notes)."""
    make_week, make_other = PROFILES[profile]
    rng = random.Random(20240221)
    week_notes = notes // 5
    courses = max(1, week_notes // 40)
    written = 0
    for c in range(courses):
        course = f"{TOPICS[c % len(TOPICS)]} {c // len(TOPICS) + 1}"
        slug = course.lower().replace(" ", "-")
        folder = root / slug / "_posts"
        folder.mkdir(parents=True, exist_ok=True)
        start = dt.date(2024, 1, 1) + dt.timedelta(days=c)
        weeks = week_notes // courses + (1 if c < week_notes % courses else 0)
        for week in range(weeks):
            day = start + dt.timedelta(weeks=week)
            (folder / f"{day.isoformat()}-{slug}-week-{week}.md").write_text(make_week(rng, course, slug, week, day))
            written += 1
    others = notes - written
    for index in range(others):
        folder = root / "journal" / f"{2020 + index % 5}" / f"{index % 12 + 1:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"entry-{index:05d}.md").write_text(make_other(rng, index))
    return written, others


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--notes", type=int, default=10_000, help="how many notes in all (default 10,000)")
    parser.add_argument("--profile", choices=sorted(PROFILES), default="real", help="the notes' shapes (default real)")
    args = parser.parse_args()
    if args.folder.exists() and any(args.folder.iterdir()):
        parser.error(f"{args.folder} is not empty")
    weeks, others = generate(args.folder, args.notes, args.profile)
    print(f"wrote {weeks} week notes and {others} ordinary notes in {args.folder}")


if __name__ == "__main__":
    main()
