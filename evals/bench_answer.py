"""Benchmark the offline answer engine (issue 4, "Performance").

* warm: ``answer()`` on every question of evals/questions_answer.jsonl in one
  process after one warm-up call, repeated ``--rounds`` times; p50/p95/max
  (goal p95 < 300 ms);
* cold: ``finsam ask "fråga" --json`` as a fresh process, ``--cold-runs`` times
  (goal < 5 s), plus the bare ``python -c "import assistant.answer.engine"``
  import time for reference.

Prints a Markdown table and writes evals/results/bench_answer.json.

Usage:
    .venv/bin/python evals/bench_answer.py [--rounds 3] [--cold-runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

QUESTIONS = ROOT / "evals" / "questions_answer.jsonl"
RESULTS = ROOT / "evals" / "results" / "bench_answer.json"
COLD_QUESTION = "Vad säger 7 § i lagen om finansiell samordning?"
COLD_STATS_QUESTION = "Hur många kvinnor började en insats 2024?"
GOAL_WARM_P95_MS = 300.0
GOAL_COLD_S = 2.0  # issue 11: cold `finsam ask` under 2 s with the default model


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank-with-interpolation percentile (q in 0..100)."""
    data = sorted(values)
    if not data:
        return float("nan")
    pos = (len(data) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(data) - 1)
    return data[lo] + (data[hi] - data[lo]) * (pos - lo)


def _stats_ms(seconds: list[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "max_ms": max(ms),
        "mean_ms": statistics.fmean(ms),
    }


def warm(questions: list[dict[str, Any]], rounds: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    from assistant.answer.engine import answer

    import_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    answer(COLD_QUESTION)
    first_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    answer(COLD_STATS_QUESTION)  # the register loads on the first statistics question
    first_stats_s = time.perf_counter() - t0
    timings: list[float] = []
    per_route: dict[str, list[float]] = {}
    per_id: dict[str, list[float]] = {}
    history_cache: dict[str, str] = {}
    for _ in range(rounds):
        for q in questions:
            hist = []
            for prev in q.get("history", []):
                if prev not in history_cache:
                    history_cache[prev] = answer(prev).text
                hist += [
                    {"role": "user", "content": prev},
                    {"role": "assistant", "content": history_cache[prev]},
                ]
            start = time.perf_counter()
            result = answer(q["question"], history=hist)
            elapsed = time.perf_counter() - start
            timings.append(elapsed)
            per_route.setdefault(str(result.route), []).append(elapsed)
            per_id.setdefault(q["id"], []).append(elapsed)
    slowest = sorted(per_id.items(), key=lambda kv: -statistics.median(kv[1]))[:5]
    return {
        "import_s": import_s,
        "first_call_s": first_s,
        "first_statistics_call_s": first_stats_s,
        "rounds": rounds,
        "overall": _stats_ms(timings),
        "per_route": {k: _stats_ms(v) for k, v in sorted(per_route.items())},
        "slowest": [{"id": k, "median_ms": 1000 * statistics.median(v)} for k, v in slowest],
    }


def _time_process(cmd: list[str]) -> tuple[float, float, int, str]:
    """Wall time and CPU time (user + system) of one fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=300)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, proc.returncode, proc.stderr[-500:]


def cold(runs: int) -> dict[str, Any]:
    finsam = str(ROOT / ".venv" / "bin" / "finsam")
    python = str(ROOT / ".venv" / "bin" / "python")
    out: dict[str, Any] = {}
    cases = {
        "finsam ask (document question)": [finsam, "ask", COLD_QUESTION, "--json"],
        "finsam ask (statistics question)": [finsam, "ask", COLD_STATS_QUESTION, "--json"],
        "python -c 'import assistant.answer.engine'": [
            python,
            "-c",
            "import assistant.answer.engine",
        ],
    }
    for label, cmd in cases.items():
        times, cpus, codes, err = [], [], [], ""
        for _ in range(runs):
            t, cpu, code, stderr = _time_process(cmd)
            times.append(t)
            cpus.append(cpu)
            codes.append(code)
            err = err or (stderr if code else "")
        out[label] = {
            "runs": runs,
            "median_s": statistics.median(times),
            "max_s": max(times),
            "min_s": min(times),
            "cpu_median_s": statistics.median(cpus),
            "exit_codes": codes,
            "stderr_tail": err,
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3, help="passes over the question set")
    parser.add_argument("--cold-runs", type=int, default=5, help="fresh `finsam ask` processes")
    parser.add_argument("--skip-cold", action="store_true")
    args = parser.parse_args(argv)

    questions = [
        json.loads(line) for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line
    ]
    cold_result = {} if args.skip_cold else cold(args.cold_runs)
    warm_result = warm(questions, args.rounds)

    o = warm_result["overall"]
    ok_warm = o["p95_ms"] < GOAL_WARM_P95_MS
    print(f"\n## Answer benchmark ({len(questions)} questions × {args.rounds} rounds, offline)\n")
    if hasattr(os, "getloadavg"):
        print(f"Load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs.\n")
    print("| measure | value | goal |")
    print("|---|---|---|")
    print(f"| answer() warm p50 | {o['p50_ms']:.0f} ms | |")
    print(
        f"| answer() warm p95 | {o['p95_ms']:.0f} ms | < {GOAL_WARM_P95_MS:.0f} ms "
        f"{'✓' if ok_warm else '✗'} |"
    )
    print(f"| answer() warm max | {o['max_ms']:.0f} ms | |")
    print(f"| engine import (in-process) | {warm_result['import_s']:.2f} s | |")
    print(f"| first answer() (loads index, models) | {warm_result['first_call_s']:.2f} s | |")
    print(
        f"| first statistics answer() (loads register) | "
        f"{warm_result['first_statistics_call_s']:.2f} s | |"
    )
    ok_cold = True
    for label, c in cold_result.items():
        goal = ""
        if label.startswith("finsam ask"):
            good = c["median_s"] < GOAL_COLD_S and c["max_s"] < GOAL_COLD_S
            ok_cold &= good and not any(c["exit_codes"])
            goal = f"< {GOAL_COLD_S:.0f} s {'✓' if good else '✗'}"
        codes = "" if not any(c["exit_codes"]) else f" (exit codes {c['exit_codes']})"
        print(
            f"| cold `{label}` median / max of {c['runs']} (CPU median) | "
            f"{c['median_s']:.2f} s / {c['max_s']:.2f} s ({c['cpu_median_s']:.2f} s CPU){codes} "
            f"| {goal} |"
        )
    print("\n| route | n | p50 | p95 | max |")
    print("|---|---|---|---|---|")
    for route, s in warm_result["per_route"].items():
        print(
            f"| {route} | {s['n']} | {s['p50_ms']:.0f} ms | {s['p95_ms']:.0f} ms | "
            f"{s['max_ms']:.0f} ms |"
        )
    print("\nSlowest questions (median): " + ", ".join(
        f"{s['id']} {s['median_ms']:.0f} ms" for s in warm_result["slowest"]
    ))  # fmt: skip
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                "load_average_at_end": os.getloadavg() if hasattr(os, "getloadavg") else None,
                "machine": {
                    "python": platform.python_version(),
                    "platform": platform.platform(),
                    "processor": platform.processor(),
                },
                "questions": len(questions),
                "warm": warm_result,
                "cold": cold_result,
                "goals": {"warm_p95_ms": GOAL_WARM_P95_MS, "cold_s": GOAL_COLD_S},
                "met": {"warm": ok_warm, "cold": ok_cold if cold_result else None},
            },
            ensure_ascii=False,
            indent=1,
        ),
        encoding="utf-8",
    )
    print(f"\nWrote {RESULTS.relative_to(ROOT)}")
    return 0 if ok_warm and ok_cold else 1


if __name__ == "__main__":
    raise SystemExit(main())
