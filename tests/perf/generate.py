"""Write a deterministic bench vault: week notes shaped like the seed note, and ordinary notes without weeks.

    python tests/perf/generate.py DIR [--notes 10000]

With the default 10,000 notes: 50 courses x 40 weeks = 2,000 week notes, and 8,000 ordinary notes (a third
with unrelated tasks, one in twenty long). Other sizes keep those proportions. The same arguments always
write the same bytes.
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


def ordinary_note(rng: random.Random, index: int) -> str:
    lines = [f"# Note {index}: {sentence(rng, 3)[:-1]}", ""]
    long = index % 20 == 0
    for _ in range(rng.randint(2, 6) * (25 if long else 1)):
        lines += [sentence(rng, rng.randint(10, 30)), ""]
        if rng.random() < 0.3:
            lines += [f"- {sentence(rng, 6)}" for _ in range(rng.randint(2, 5))] + [""]
    if index % 3 == 0:
        lines += ["## To do", ""] + [
            f"- [{'x' if rng.random() < 0.4 else ' '}] {sentence(rng, 6)}" for _ in range(rng.randint(1, 6))
        ]
    return "\n".join(lines) + "\n"


def generate(root: Path, notes: int = 10_000) -> tuple[int, int]:
    """Write the vault; return (week notes, ordinary notes)."""
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
            (folder / f"{day.isoformat()}-{slug}-week-{week}.md").write_text(week_note(rng, course, slug, week, day))
            written += 1
    others = notes - written
    for index in range(others):
        folder = root / "journal" / f"{2020 + index % 5}" / f"{index % 12 + 1:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"entry-{index:05d}.md").write_text(ordinary_note(rng, index))
    return written, others


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--notes", type=int, default=10_000, help="how many notes in all (default 10,000)")
    args = parser.parse_args()
    if args.folder.exists() and any(args.folder.iterdir()):
        parser.error(f"{args.folder} is not empty")
    weeks, others = generate(args.folder, args.notes)
    print(f"wrote {weeks} week notes and {others} ordinary notes in {args.folder}")


if __name__ == "__main__":
    main()
