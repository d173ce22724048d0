"""Benchmark `notes` as whole processes, against floors measured in the same run.

    python tests/perf/bench.py [--runs 5] [--profile real|generated] [--scaling] [--sizes 1000,10000,...]

Needs the project installed by the README's first command (its `bench` extra brings checkmarks); compile the
bytecode first (`python -m compileall -q notes_cli`) where PYTHONDONTWRITEBYTECODE is set. It writes a bench
vault (tests/perf/generate.py, shaped like real notes unless `--profile generated`) in a temporary folder,
times each command after a warm-up as the median of several runs (the commands compared take turns run by
run, so that the machine's noise falls on all of them alike), reads each run's CPU time and peak memory (the
process and its workers), and prints the figures, the ratios (of wall time, and of CPU time, which holds
better when other work shares the machine) and whether each goal of the speed issue is met. With --scaling it
also times cold and warm `progress --json` on vaults of 1,000 to 100,000 notes.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))

from generate import PROFILES, generate  # noqa: E402

PAST = 1_700_000_000  # the bench notes' mtime: long ago, so that the cache may keep them
Figures = tuple[float, float, float]  # wall seconds, CPU seconds, peak MB


def run_once(command: list[str], env: dict[str, str], before=None) -> Figures:
    """Wall seconds, CPU seconds and peak MB of one run of `command`, its worker processes included."""
    if before is not None:
        before()
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def measure(cases: list[tuple], runs: int) -> list[Figures]:
    """Median wall and CPU seconds and peak MB of each case (command, env, before), after one warm-up run of
    each. The cases take turns, run by run, so that the machine's moods fall on all of them alike."""
    results: list[list[Figures]] = [[] for _ in cases]
    for case in cases:
        run_once(*case)
    for _ in range(runs):
        for index, case in enumerate(cases):
            results[index].append(run_once(*case))
    return [
        (statistics.median(r[0] for r in rs), statistics.median(r[1] for r in rs), max(r[2] for r in rs))
        for rs in results
    ]


def build_vault(folder: Path, notes: int, profile: str) -> None:
    generate(folder, notes, profile)
    for path in folder.rglob("*.md"):
        os.utime(path, (PAST, PAST))


def ratio(a: Figures, b: Figures, name: str) -> str:
    return f"{a[0] / b[0]:.2f}x {name} (CPU {a[1] / b[1]:.2f}x)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", choices=sorted(PROFILES), default="real", help="the bench notes' shapes")
    parser.add_argument("--scaling", action="store_true", help="also time vaults of --sizes notes")
    parser.add_argument("--sizes", default="1000,10000,30000,100000", help="vault sizes for --scaling")
    args = parser.parse_args()
    notes = str(BIN / "notes")
    checkmarks = shutil.which("checkmarks", path=str(BIN)) or shutil.which("checkmarks")
    work = Path(tempfile.mkdtemp(prefix="notes-bench-"))
    env = {**os.environ, "XDG_CONFIG_HOME": str(work / "config"), "NO_COLOR": "1"}
    env.pop("NOTES_DIR", None)
    rows: list[tuple[str, Figures, str]] = []
    goals: list[tuple[str, bool | None]] = []
    try:
        vault = work / "vault"
        build_vault(vault, 10_000, args.profile)
        examples = work / "examples"
        shutil.copytree(ROOT / "examples", examples)  # edited by the bench, so a copy
        python = [sys.executable, "-c", "pass"]
        examples_env = {**env, "XDG_CACHE_HOME": str(work / "cache-examples")}
        start, version, weeks, done_examples, undo_examples = measure(
            [(python, env, None), ([notes, "--version"], env, None),
             ([notes, "-d", str(examples), "weeks"], examples_env, None),
             ([notes, "-d", str(examples), "done", "0", "3"], examples_env, None),
             ([notes, "-d", str(examples), "undo", "0", "3"], examples_env, None)],
            args.runs,
        )  # fmt: skip
        rows.append(("python -c pass", start, ""))
        rows.append(("notes --version", version, ratio(version, start, "python")))
        rows.append(("notes -d examples weeks", weeks, ratio(weeks, start, "python")))
        rows.append(("notes -d examples done 0 3", done_examples, ratio(done_examples, start, "python")))
        rows.append(("notes -d examples undo 0 3", undo_examples, ratio(undo_examples, start, "python")))

        touched_vault = work / "vault-touched"  # touching its notes must not disturb the other cases' caches
        shutil.copytree(vault, touched_vault)
        week_notes = sorted(touched_vault.rglob("*week-*.md"))

        def touch_ten() -> None:
            now = time.time()
            for index, path in enumerate(week_notes[:: len(week_notes) // 10][:10]):
                os.utime(path, (now + index, now + index))

        counter = iter(range(10**9))
        env_cold = dict(env)

        def fresh_cache() -> None:
            env_cold["XDG_CACHE_HOME"] = str(work / f"cache-cold-{next(counter)}")

        warm_env = {**env, "XDG_CACHE_HOME": str(work / "cache-warm")}
        progress = [notes, "-d", str(vault), "progress", "--json"]
        subprocess.run(progress, env=warm_env, stdout=subprocess.DEVNULL, check=True)
        cache_file = next((work / "cache-warm" / "notes").glob("vault-*.sqlite"))
        touched_progress = [notes, "-d", str(touched_vault), "progress", "--json"]
        cases = [
            ([sys.executable, str(HERE / "floor.py"), str(vault)], env, None),
            ([sys.executable, str(HERE / "floor.py"), str(vault), "--cache", str(cache_file)], env, None),
            (progress, env_cold, fresh_cache),
            (progress, warm_env, None),
            (touched_progress, {**env, "XDG_CACHE_HOME": str(work / "cache-touched")}, touch_ten),
        ]
        if checkmarks:
            cases.append(([checkmarks, "-r", "--json", str(vault)], env, None))
        else:
            print("checkmarks is not installed: pip install -e '.[bench]' to compare", file=sys.stderr)
        measured = measure(cases, args.runs)
        floor, cache_floor, cold, warm, touched = measured[:5]
        rival = measured[5] if checkmarks else None
        rows.append(("floor: read + one regex", floor, ""))
        rows.append(("floor: walk + stat + cache load", cache_floor, ""))
        if rival is not None:
            rows.append(("checkmarks -r --json", rival, ratio(rival, floor, "floor")))
        for label, figures in (("cold", cold), ("warm", warm), ("after touching 10", touched)):
            ratios = ratio(figures, floor, "floor")
            if label == "warm":
                ratios += ", " + ratio(figures, cache_floor, "cache floor")
            if rival:
                ratios += ", " + ratio(figures, rival, "checkmarks")
            rows.append((f"notes progress --json, {label}", figures, ratios))

        # An edit by week number on the big vault, against a warm `show` of the same week.
        course = "AI Safety 1" if args.profile == "real" else "Machine Learning 1"
        shown = subprocess.run(
            [notes, "-d", str(vault), "show", "3", "--course", course, "--json"],
            env=warm_env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        item = str(next(i["number"] for i in json.loads(shown.stdout)["items"] if not i["done"]))
        week = ["-d", str(vault), "--course", course]
        show, done, undo = measure(
            [([notes, *week[:2], "show", "3", *week[2:]], warm_env, None),
             ([notes, *week[:2], "done", "3", item, *week[2:]], warm_env, None),
             ([notes, *week[:2], "undo", "3", item, *week[2:]], warm_env, None)],
            args.runs,
        )  # fmt: skip
        rows.append((f"notes show 3 --course '{course}' (warm)", show, ""))
        rows.append((f"notes done 3 {item} (same week)", done, ratio(done, show, "show")))
        rows.append((f"notes undo 3 {item} (same week)", undo, ratio(undo, show, "show")))

        print(
            f"\n10,000 notes (2,000 week notes, profile {args.profile}), median of {args.runs} interleaved runs "
            f"after a warm-up, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at the end\n"
        )
        print("| command | wall s | CPU s | peak MB | ratio: wall (CPU) |\n|---|---:|---:|---:|---|")
        for label, (seconds, cpu, mb), text in rows:
            print(f"| {label} | {seconds:.3f} | {cpu:.3f} | {mb:.0f} | {text} |")

        def within(a: Figures, b: Figures | None, limit: float) -> bool | None:
            return None if b is None else a[0] <= limit * b[0] and a[1] <= limit * b[1]

        goals += [
            ("cold progress --json <= 0.6x checkmarks (wall and CPU)", within(cold, rival, 0.6)),
            ("warm progress --json <= 0.25x checkmarks", within(warm, rival, 0.25)),
            ("warm progress --json <= 1.0x the regex floor", within(warm, floor, 1.0)),
            ("warm progress --json <= 1.5x the walk + stat + cache load floor", within(warm, cache_floor, 1.5)),
            ("done and undo on the examples <= 6x python -c pass each",
             within(done_examples, start, 6) and within(undo_examples, start, 6)),
            ("done and undo on 10,000 notes <= 1.3x a warm show of the week",
             within(done, show, 1.3) and within(undo, show, 1.3)),
        ]  # fmt: skip

        if args.scaling:
            print("\n| notes | cold s | warm s | warm CPU s | cold per 1,000 notes | peak MB | warm peak MB |")
            print("|---:|---:|---:|---:|---:|---:|---:|")
            for size in (int(s) for s in args.sizes.split(",")):
                folder = work / f"vault-{size}"
                build_vault(folder, size, args.profile)
                command = [notes, "-d", str(folder), "progress", "--json"]
                cold_env = dict(env)
                sizes = iter(range(10**9))

                def fresh(cold_env=cold_env, sizes=sizes, size=size) -> None:
                    cold_env["XDG_CACHE_HOME"] = str(work / f"cache-{size}-{next(sizes)}")

                size_env = {**env, "XDG_CACHE_HOME": str(work / f"cache-{size}")}
                (cold_s, _, cold_peak), (warm_s, warm_cpu, warm_peak) = measure(
                    [(command, cold_env, fresh), (command, size_env, None)], max(3, args.runs // 2)
                )
                print(
                    f"| {size:,} | {cold_s:.2f} | {warm_s:.2f} | {warm_cpu:.2f} | {cold_s / size * 1000:.3f} "
                    f"| {max(cold_peak, warm_peak):.0f} | {warm_peak:.0f} |"
                )
                if size == 100_000:
                    goals.append(("100,000 notes: warm <= 2 s", warm_s <= 2))
                    goals.append(("100,000 notes: peak memory <= 150 MB", max(cold_peak, warm_peak) <= 150))
                shutil.rmtree(folder)
        print("\nGoals:")
        for goal, met in goals:
            verdict = "not measured (no checkmarks)" if met is None else "met" if met else "MISSED"
            print(f"  {verdict:<8}  {goal}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
