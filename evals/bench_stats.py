"""Benchmark the statistics functions (issue 3, "Done when").

Times full public calls (query, disclosure control and result building) on

* the demo register (``corpus/deltagare/deltagare-demo.xlsx``), and
* a generated register of ``--rows`` participations (default one million),
  drawn with numpy from the code lists (seeded; never written to disk).

The headline figure is a grouped count, ``count(event="started", year=2024,
by=["anmälande part", "kön"])``; a one-way count, a filtered count, a
per-year trend of active participants and an outcome rate are timed as well.
Goal: under 200 ms per grouped count at one million rows.

Prints a Markdown table and writes evals/results/bench_stats.json.

Usage:
    .venv/bin/python evals/bench_stats.py [--rows 1000000] [--repeats 30]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from assistant import stats  # noqa: E402
from assistant.register import Register, load_codelists, load_register  # noqa: E402
from assistant.register.demo import DEFAULT_OUTPUT  # noqa: E402

RESULTS = ROOT / "evals" / "results" / "bench_stats.json"
GOAL_MS = 200.0
SEED = 7


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation."""
    ordered = sorted(values)
    if len(ordered) == 1:
        return ordered[0]
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def synthetic_register(rows: int, seed: int = SEED) -> Register:
    """A register of ``rows`` random participations over 2018–2024 (values from the code lists)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    lists = load_codelists()

    def draw(key: str, weights: list[float] | None = None) -> Any:
        values = list(lists.column(key).values)
        p = None if weights is None else np.array(weights) / sum(weights)
        codes = rng.choice(len(values), size=rows, p=p)
        return pd.Categorical.from_codes(codes, categories=values)

    start = np.datetime64("2018-01-01") + rng.integers(0, 7 * 365, size=rows).astype(
        "timedelta64[D]"
    )
    duration = rng.gamma(3.0, 90.0, size=rows).astype(int).astype("timedelta64[D]")
    end = start + duration
    ongoing = end > np.datetime64("2024-12-31")
    reasons = draw("avslutsorsak")
    reasons[ongoing] = np.nan
    end_col = pd.Series(end.astype("datetime64[s]"))
    end_col[ongoing] = pd.NaT
    frame = pd.DataFrame(
        {
            "deltagar_id": np.char.add("B", np.arange(rows).astype("U7")).astype(object),
            "kon": draw("kon", [57, 42.5, 0.5]),
            "alder": rng.integers(16, 68, size=rows),
            "utbildning": draw("utbildning"),
            "tid_utan_arbete": draw("tid_utan_arbete"),
            "anmalande_part": draw("anmalande_part", [37, 34, 27, 2]),
            "insats": draw("insats"),
            "stadsdel": draw("stadsdel"),
            "startdatum": start.astype("datetime64[s]"),
            "slutdatum": end_col,
            "avslutsorsak": reasons,
            "forsorjning": draw("forsorjning"),
        }
    )
    return Register.from_frame(frame, path=f"<genererat, {rows} rader>", synthetic=True)


CASES: dict[str, Callable[[Register], stats.StatResult]] = {
    "grouped count (anmälande part × kön, started 2024)": lambda r: stats.count(
        r, event="started", year=2024, by=["anmälande part", "kön"]
    ),
    "one-way count (stadsdel, started 2024)": lambda r: stats.count(
        r, event="started", year=2024, by=["stadsdel"]
    ),
    "filtered count (insats, active 2024, kön=Kvinna)": lambda r: stats.count(
        r, event="active", year=2024, by=["insats"], filters={"kön": "Kvinna"}
    ),
    "trend (active per year × kön, 2018–2024)": lambda r: stats.trend(
        r, event="active", from_year=2018, to_year=2024, by="kön"
    ),
    "outcome rate (by kön, ended 2024)": lambda r: stats.outcome_rate(r, year=2024, by="kön"),
}
HEADLINE = next(iter(CASES))


def time_cases(register: Register, repeats: int) -> dict[str, dict[str, float]]:
    """p50/p95/max in ms per case after one warm-up call."""
    out: dict[str, dict[str, float]] = {}
    for name, case in CASES.items():
        case(register)  # warm-up
        samples = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            case(register)
            samples.append((time.perf_counter() - t0) * 1000)
        out[name] = {
            "p50_ms": round(statistics.median(samples), 2),
            "p95_ms": round(percentile(samples, 95), 2),
            "max_ms": round(max(samples), 2),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; exit 1 if the grouped count misses the goal at the large size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args(argv)

    load_before = os.getloadavg()
    t0 = time.perf_counter()
    demo = load_register(DEFAULT_OUTPUT)
    demo_load_s = time.perf_counter() - t0
    demo_cases = time_cases(demo, args.repeats)  # before the big frame exists (GC pauses)
    t0 = time.perf_counter()
    big = synthetic_register(args.rows)
    big_build_s = time.perf_counter() - t0
    gc.collect()
    big_cases = time_cases(big, args.repeats)

    results: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load_average_before": [round(x, 2) for x in load_before],
            "load_average_after": [round(x, 2) for x in os.getloadavg()],
        },
        "goal_ms": GOAL_MS,
        "repeats": args.repeats,
        "registers": {
            "demo": {"rows": demo.rows, "load_s": round(demo_load_s, 2), "cases": demo_cases},
            "generated": {"rows": big.rows, "build_s": round(big_build_s, 2), "cases": big_cases},
        },
    }
    headline = results["registers"]["generated"]["cases"][HEADLINE]
    results["goal_met"] = headline["p95_ms"] < GOAL_MS

    print("| case | register | rows | p50 ms | p95 ms | max ms |\n|---|---|---|---|---|---|")
    for label, data in results["registers"].items():
        for name, figures in data["cases"].items():
            print(
                f"| {name} | {label} | {data['rows']:,} | {figures['p50_ms']} | "
                f"{figures['p95_ms']} | {figures['max_ms']} |"
            )
    print(
        f"\nDemo load (read + validate xlsx): {demo_load_s:.2f} s; generated register "
        f"build ({big.rows:,} rows into DuckDB): {big_build_s:.2f} s."
    )
    verdict = "met" if results["goal_met"] else "MISSED"
    print(f"Load average (1/5/15 min) before: {load_before}, after: {os.getloadavg()}.")
    print(f"Goal p95 < {GOAL_MS:.0f} ms for the grouped count at {big.rows:,} rows: {verdict}.")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"Wrote {RESULTS.relative_to(ROOT)}")
    return 0 if results["goal_met"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
