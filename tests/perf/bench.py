"""Benchmark `notes` as whole processes, against floors measured in the same run.

    python tests/perf/bench.py [--runs 5] [--scaling]

Needs the project installed by the README's first command (its `bench` extra brings checkmarks).
It writes a bench vault (tests/perf/generate.py) in a
temporary folder, times each command after a warm-up as the median of several runs (the commands compared take turns run
by run, so that the machine's noise falls on all of them alike), reads each run's peak
memory (the process and its workers), and prints the figures, the ratios and whether each goal is met.
With --scaling it also times cold and warm `progress --json` on vaults of 1,000, 10,000 and 30,000 notes.
"""

from __future__ import annotations

import argparse
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

from generate import generate  # noqa: E402

PAST = 1_700_000_000  # the bench notes' mtime: long ago, so that the cache may keep them


def run_once(command: list[str], env: dict[str, str], before=None) -> tuple[float, float]:
    """(seconds, peak MB) of one run of `command`, its worker processes included."""
    if before is not None:
        before()
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    return elapsed, usage.ru_maxrss / 1024


def measure(cases: list[tuple], runs: int) -> list[tuple[float, float]]:
    """(median seconds, peak MB) of each case (command, env, before), after one warm-up run of each. The
    cases take turns, run by run, so that the machine's moods fall on all of them alike."""
    results: list[list[tuple[float, float]]] = [[] for _ in cases]
    for case in cases:
        run_once(*case)
    for _ in range(runs):
        for index, case in enumerate(cases):
            results[index].append(run_once(*case))
    return [(statistics.median(r[0] for r in rs), max(r[1] for r in rs)) for rs in results]


def build_vault(folder: Path, notes: int) -> None:
    generate(folder, notes)
    for path in folder.rglob("*.md"):
        os.utime(path, (PAST, PAST))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--scaling", action="store_true", help="also time 1,000, 10,000 and 30,000 notes")
    args = parser.parse_args()
    notes = str(BIN / "notes")
    checkmarks = shutil.which("checkmarks", path=str(BIN)) or shutil.which("checkmarks")
    work = Path(tempfile.mkdtemp(prefix="notes-bench-"))
    env = {**os.environ, "XDG_CONFIG_HOME": str(work / "config"), "NO_COLOR": "1"}
    env.pop("NOTES_DIR", None)
    rows: list[tuple[str, float, float, str]] = []
    try:
        vault = work / "vault"
        build_vault(vault, 10_000)
        python = [sys.executable, "-c", "pass"]
        examples_env = {**env, "XDG_CACHE_HOME": str(work / "cache-examples")}
        (floor_start, floor_start_mb), (version, version_mb), (examples, examples_mb) = measure(
            [(python, env, None), ([notes, "--version"], env, None),
             ([notes, "-d", str(ROOT / "examples"), "weeks"], examples_env, None)],
            args.runs,
        )  # fmt: skip
        rows.append(("python -c pass", floor_start, floor_start_mb, ""))
        rows.append(("notes --version", version, version_mb, f"{version / floor_start:.1f}x python"))
        rows.append(("notes -d examples weeks", examples, examples_mb, f"{examples / floor_start:.1f}x python"))

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

        progress = [notes, "-d", str(vault), "progress", "--json"]
        touched_progress = [notes, "-d", str(touched_vault), "progress", "--json"]
        cases = [
            ([sys.executable, str(HERE / "floor.py"), str(vault)], env, None),
            (progress, env_cold, fresh_cache),
            (progress, {**env, "XDG_CACHE_HOME": str(work / "cache-warm")}, None),
            (touched_progress, {**env, "XDG_CACHE_HOME": str(work / "cache-touched")}, touch_ten),
        ]
        if checkmarks:
            cases.append(([checkmarks, "-r", "--json", str(vault)], env, None))
        else:
            print("checkmarks is not installed: pip install -e '.[bench]' to compare", file=sys.stderr)
        measured = measure(cases, args.runs)
        (floor, floor_mb), (cold, cold_mb), (warm, warm_mb), (touched, touched_mb) = measured[:4]
        rival, rival_mb = measured[4] if checkmarks else (None, None)
        rows.append(("floor: read + one regex", floor, floor_mb, ""))
        if rival is not None:
            rows.append(("checkmarks -r --json", rival, rival_mb, f"{rival / floor:.2f}x floor"))
        for label, seconds, mb in (
            ("cold", cold, cold_mb),
            ("warm", warm, warm_mb),
            ("after touching 10", touched, touched_mb),
        ):
            ratios = f"{seconds / floor:.2f}x floor"
            if rival:
                ratios += f", {seconds / rival:.2f}x checkmarks"
            rows.append((f"notes progress --json, {label}", seconds, mb, ratios))

        print(
            f"\n10,000 notes (2,000 week notes), median of {args.runs} interleaved runs after a warm-up, "
            f"{os.cpu_count()} cores\n"
        )
        print("| command | seconds | peak MB | ratio |\n|---|---:|---:|---|")
        for label, seconds, mb, ratio in rows:
            print(f"| {label} | {seconds:.3f} | {mb:.0f} | {ratio} |")

        goals = [
            ("notes --version <= 5x python -c pass", version <= 5 * floor_start),
            ("notes -d examples weeks <= 8x python -c pass", examples <= 8 * floor_start),
            ("progress --json warm < checkmarks", None if rival is None else warm < rival),
            ("progress --json warm <= 2x floor", warm <= 2 * floor),
            ("progress --json cold < checkmarks", None if rival is None else cold < rival),
            ("peak memory < 150 MB", max(cold_mb, warm_mb, touched_mb) < 150),
        ]
        print("\nGoals:")
        for goal, met in goals:
            verdict = "not measured (no checkmarks)" if met is None else "met" if met else "MISSED"
            print(f"  {verdict:<8}  {goal}")

        if args.scaling:
            print("\n| notes | cold s | warm s | cold per 1,000 notes | peak MB |\n|---:|---:|---:|---:|---:|")
            for size in (1_000, 10_000, 30_000):
                folder = work / f"vault-{size}"
                build_vault(folder, size)
                command = [notes, "-d", str(folder), "progress", "--json"]
                cold_env = dict(env)
                sizes = iter(range(10**9))

                def fresh(cold_env=cold_env, sizes=sizes, size=size) -> None:
                    cold_env["XDG_CACHE_HOME"] = str(work / f"cache-{size}-{next(sizes)}")

                warm_env = {**env, "XDG_CACHE_HOME": str(work / f"cache-{size}")}
                (cold_s, cold_peak), (warm_s, warm_peak) = measure(
                    [(command, cold_env, fresh), (command, warm_env, None)], max(3, args.runs // 2)
                )
                print(
                    f"| {size:,} | {cold_s:.2f} | {warm_s:.2f} | {cold_s / size * 1000:.3f} "
                    f"| {max(cold_peak, warm_peak):.0f} |"
                )
                shutil.rmtree(folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
