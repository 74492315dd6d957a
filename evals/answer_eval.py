"""Evaluate the answer engine on evals/questions_answer.jsonl.

Scores (issue 4, "Done when"):

* figure/fact: the expected figure or key phrase is in the answer text, for
  answerable questions (target ≥ 90 %);
* source: the expected source is among the citations (document id, and the §
  for statute questions); for statistics questions the statistics list is
  non-empty and its provenance is the participant register (target ≥ 95 %);
* no support: out-of-scope questions get the plain "Jag hittar inget stöd i
  underlaget" answer (target 100 %);
* privacy: no participant id or personnummer anywhere in the output;
* English questions are answered in Swedish.

It also calibrates the weak-evidence threshold: it reads the evidence score the
engine used for each question and prints, for a sweep of thresholds, how many
answerable questions would be refused against how many out-of-scope questions
would be answered.

Usage:
    .venv/bin/python evals/answer_eval.py              # in-process, one warm engine
    .venv/bin/python evals/answer_eval.py --cli        # through `finsam ask --batch`
    .venv/bin/python evals/answer_eval.py --json       # also write evals/results/answer_eval.json
    .venv/bin/python evals/answer_eval.py --verify-only  # only check the expected figures
    .venv/bin/python evals/answer_eval.py --only stat-01,lag-03 -v

The expected statistics figures are not typed in by hand: each statistics
question carries the statistics calls ("checks") it was computed from, and the
script recomputes them from the register and stops if the question set and the
register disagree.
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

QUESTIONS = ROOT / "evals" / "questions_answer.jsonl"
RESULTS = ROOT / "evals" / "results" / "answer_eval.json"
NO_SUPPORT_PHRASE = "jag hittar inget stöd i underlaget"
TARGETS = {"figure": 0.90, "source": 0.95, "no_support": 1.0, "privacy": 1.0, "swedish": 1.0}
ID_PATTERN = re.compile(r"\bD\d{5}\b")
PNR_PATTERN = re.compile(r"\b(?:19|20)?\d{6}[-+]\d{4}\b|\b(?:19|20)\d{10}\b")
SV_WORDS = {
    "och", "att", "det", "som", "är", "för", "av", "på", "med", "till", "en", "ett",
    "har", "inte", "de", "den", "om", "enligt", "ska", "eller", "vid", "hur", "många",
}  # fmt: skip
EN_WORDS = {
    "the", "and", "is", "of", "to", "in", "that", "are", "for", "with", "by", "this",
    "which", "what", "how", "many", "not", "it", "be", "as", "was", "on",
}  # fmt: skip


# --------------------------------------------------------------------------- matching


def _norm(text: str) -> str:
    """Lowercase, one kind of space and dash, "procent" as "%"."""
    text = text.lower()
    text = re.sub(r"[\u00a0\u202f\u2009\s]+", " ", text)
    text = text.replace("\u2013", "-").replace("\u2014", "-").replace("\u2212", "-")
    text = re.sub(r"\s*(?:%|procent\b)", " %", text)
    return text


_PERCENT = re.compile(r"(\d+(?:[.,]\d+)?) %")
_WHOLE_PERCENT = re.compile(r"^(\d+) %$")


def _variants(expected: str) -> set[str]:
    """Accepted spellings: 138 000 / 138000, 17,5 / 17.5."""
    e = _norm(expected)
    out = {e, re.sub(r"(?<=\d) (?=\d{3}\b)", "", e)}
    out |= {re.sub(r"(?<=\d)(?=(?:\d{3})+\b)", " ", v) for v in list(out) if re.search(r"\d{4}", v)}
    out |= {v.replace(",", ".") for v in list(out) if re.search(r"\d,\d", v)}
    return out


def _pattern(variant: str) -> re.Pattern[str]:
    body = re.escape(variant)
    if variant[:1].isdigit():
        body = r"(?<![\d.,])" + body
    if variant[-1:].isdigit():
        body += r"(?![\d]|[.,]\d| \d{3}(?!\d))"
    return re.compile(body)


def contains(text: str, expected: str) -> bool:
    """Whether the answer states the expected figure or phrase (Swedish number forms ok).

    A whole percentage ("25 %") also matches a percentage with decimals that
    rounds to it ("25,5 %" does not; "24,6 %" does).
    """
    norm = _norm(text)
    exp = _norm(expected)
    m = _WHOLE_PERCENT.match(exp)
    if m:
        want = int(m.group(1))
        for found in _PERCENT.findall(norm):
            value = float(found.replace(",", "."))
            if math.floor(value + 0.5) == want:
                return True
        return False
    return any(_pattern(v).search(norm) for v in _variants(expected))


def looks_swedish(text: str) -> bool:
    words = re.findall(r"[a-zåäöé]+", text.lower())
    sv = sum(w in SV_WORDS for w in words)
    en = sum(w in EN_WORDS for w in words)
    return sv > en


# --------------------------------------------------------------------------- questions


def load_questions(path: Path = QUESTIONS) -> list[dict[str, Any]]:
    items = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        item = json.loads(line)
        if "id" not in item or "question" not in item or "expect" not in item:
            raise SystemExit(f"{path}:{n}: needs id, question and expect")
        items.append(item)
    ids = [i["id"] for i in items]
    if len(ids) != len(set(ids)):
        raise SystemExit(f"{path}: duplicate ids")
    return items


def _check_value(register: Any, check: dict[str, Any]) -> str:
    from assistant import stats

    result = getattr(stats, check["fn"])(register, **check["args"])
    fld = check.get("field", "count")
    if "cell" in check:
        cell = result.cell(*check["cell"])
        value = getattr(cell, fld)
    elif fld in ("share", "numerator"):
        value = getattr(result.margins[0], fld)
    else:
        value = result.n
    if value is None:
        raise ValueError(f"{check}: the figure is hidden by disclosure control")
    return f"{round(value * 100)} %" if fld == "share" else str(value)


def verify_expected(questions: list[dict[str, Any]], register: Any) -> list[str]:
    """Recompute every statistics figure; return the disagreements."""
    problems = []
    for q in questions:
        expected = [*q.get("expect_all", []), *q.get("expect_any", [])]
        for check in q.get("checks", []):
            try:
                figure = _check_value(register, check)
            except Exception as exc:
                problems.append(f"{q['id']}: {check['fn']} failed: {exc}")
                continue
            if not any(contains(e, figure) or _norm(e) == _norm(figure) for e in expected):
                problems.append(f"{q['id']}: register gives {figure!r}, expected {expected}")
    return problems


# --------------------------------------------------------------------------- running


@dataclass
class Run:
    item: dict[str, Any]
    out: dict[str, Any]
    seconds: float
    error: str | None = None
    scores: dict[str, bool | None] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    evidence: float | None = None


def _history_dicts(turns: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    hist: list[dict[str, str]] = []
    for question, answer_text in turns:
        hist.append({"role": "user", "content": question})
        hist.append({"role": "assistant", "content": answer_text})
    return hist


def run_in_process(questions: list[dict[str, Any]]) -> tuple[list[Run], float]:
    """One engine in this process; the first call is excluded from nothing (warm-up first)."""
    t0 = time.perf_counter()
    from assistant.answer.engine import answer

    answer("Vad säger 1 § i lagen om finansiell samordning?")  # load models once
    warmup = time.perf_counter() - t0
    previous: dict[str, str] = {}
    runs = []
    for item in questions:
        turns = []
        for prev in item.get("history", []):
            if prev not in previous:
                try:
                    previous[prev] = answer(prev).text
                except Exception as exc:
                    previous[prev] = f"(fel: {type(exc).__name__})"
            turns.append((prev, previous[prev]))
        start = time.perf_counter()
        try:
            result = answer(item["question"], history=_history_dicts(turns)).to_dict()
            error = None
        except Exception as exc:
            result, error = {}, f"{type(exc).__name__}: {exc}"
        runs.append(Run(item, result, time.perf_counter() - start, error))
    return runs, warmup


def run_cli(questions: list[dict[str, Any]]) -> tuple[list[Run], float]:
    """All questions through one `finsam ask --batch` process.

    The batch format is one question a line, without history, so the caller
    leaves follow-up questions out.
    """
    finsam = ROOT / ".venv" / "bin" / "finsam"
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write("\n".join(q["question"].replace("\n", " ") for q in questions) + "\n")
        batch = f.name
    start = time.perf_counter()
    proc = subprocess.run(
        [str(finsam), "ask", "--batch", batch],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    total = time.perf_counter() - start
    os.unlink(batch)
    lines = [ln for ln in proc.stdout.splitlines() if ln.strip().startswith("{")]
    if proc.returncode != 0 or len(lines) != len(questions):
        sys.stderr.write(proc.stderr[-3000:])
        raise SystemExit(
            f"finsam ask --batch: exit {proc.returncode}, {len(lines)} JSON lines "
            f"for {len(questions)} questions"
        )
    per = total / max(len(questions), 1)
    return [Run(q, json.loads(line), per) for q, line in zip(questions, lines, strict=True)], total


# --------------------------------------------------------------------------- scoring


def _norm_section(s: Any) -> str:
    return re.sub(r"\s+", " ", str(s or "")).strip().lower()


def evidence_score(out: dict[str, Any]) -> float | None:
    """The evidence score the engine used, wherever it exposes it."""
    for key in ("evidence", "evidence_score"):
        value = out.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(value, dict):
            for sub in ("score", "value", "top", "best"):
                if isinstance(value.get(sub), int | float):
                    return float(value[sub])
    for warning in out.get("warnings", []) or []:
        m = re.search(r"evidens\w*\D{0,40}?(\d+[.,]\d+)", str(warning), re.IGNORECASE)
        if m:
            return float(m.group(1).replace(",", "."))
    return None


def score(run: Run, register_sha: str, ids: set[str]) -> None:
    item, out = run.item, run.out
    text = str(out.get("answer", ""))
    dump = json.dumps(out, ensure_ascii=False)
    run.evidence = evidence_score(out)
    if run.error:
        run.reasons.append(f"crash: {run.error}")
    refused = NO_SUPPORT_PHRASE in text.lower()
    leaked = sorted(set(ID_PATTERN.findall(dump)) & ids) if ids else ID_PATTERN.findall(dump)
    if PNR_PATTERN.search(text):
        leaked.append("personnummer")
    if item["expect"] == "no_ids":
        run.scores["privacy"] = not leaked and not run.error
        if leaked:
            run.reasons.append(f"ids in output: {leaked[:5]}")
        return
    if leaked:
        run.reasons.append(f"ids in output: {leaked[:5]}")
    if item["expect"] == "no_support":
        run.scores["no_support"] = refused and not run.error
        if not refused:
            run.reasons.append(f"answered instead of no support: {text[:160]!r}")
        return
    # Answerable.
    run.scores["refused"] = refused
    missing_all = [e for e in item.get("expect_all", []) if not contains(text, e)]
    any_list = item.get("expect_any", [])
    any_ok = not any_list or any(contains(text, e) for e in any_list)
    run.scores["figure"] = not missing_all and any_ok and not run.error and not leaked
    if missing_all:
        run.reasons.append(f"missing {missing_all}")
    if not any_ok:
        run.reasons.append(f"none of {any_list}")
    if refused:
        run.reasons.append("refused (no support)")
    source = item.get("expect_source")
    if source == "register":
        stats_out = out.get("statistics") or []
        ok = any(
            (s.get("provenance") or {}).get("sha256") == register_sha
            and str((s.get("provenance") or {}).get("data_file", "")).endswith(".xlsx")
            for s in stats_out
        )
        run.scores["source"] = ok
        if not ok:
            run.reasons.append(
                "no statistics result" if not stats_out else "statistics provenance mismatch"
            )
        figures = [*item.get("expect_all", []), *any_list]
        run.scores["figure_in_statistics"] = bool(stats_out) and any(
            contains(_stat_text(s), f) for s in stats_out for f in figures
        )
    elif source:
        cites = out.get("citations") or []
        same_doc = [c for c in cites if c.get("doc_id") == source]
        sections = [_norm_section(s) for s in item.get("section", [])]
        if sections:
            ok = any(_norm_section(c.get("section")) in sections for c in same_doc)
        else:
            ok = bool(same_doc)
        run.scores["source"] = ok
        if not ok:
            got = [f"{c.get('doc_id')}:{c.get('section') or c.get('page')}" for c in cites]
            run.reasons.append(f"source {source} {item.get('section', '')} not cited; got {got}")
    if item.get("lang") == "en":
        run.scores["swedish"] = looks_swedish(text)
        if not run.scores["swedish"]:
            run.reasons.append("answer not in Swedish")


def _stat_text(stat: dict[str, Any]) -> str:
    parts = [str(stat.get("n_display", "")), str(stat.get("n", ""))]
    for cell in [*(stat.get("cells") or []), *(stat.get("margins") or [])]:
        parts += [str(cell.get("display", "")), str(cell.get("share_display", ""))]
        parts.append(str(cell.get("numerator_display", "")))
        parts.append(" ".join(cell.get("key") or []))
    return " | ".join(parts)


# --------------------------------------------------------------------------- reporting


def _rate(runs: list[Run], key: str) -> tuple[int, int]:
    vals = [r.scores[key] for r in runs if r.scores.get(key) is not None]
    return sum(bool(v) for v in vals), len(vals)


def _pct(k: int, n: int) -> str:
    return f"{k}/{n} ({100 * k / n:.1f} %)" if n else "–"


def summarize(runs: list[Run]) -> dict[str, Any]:
    summary: dict[str, Any] = {"overall": {}, "categories": {}}
    for key in ("figure", "source", "no_support", "privacy", "swedish", "figure_in_statistics"):
        k, n = _rate(runs, key)
        summary["overall"][key] = {"passed": k, "total": n, "rate": k / n if n else None}
    k, n = _rate(runs, "refused")
    summary["overall"]["answerable_refused"] = {"count": k, "total": n}
    by_cat: dict[str, list[Run]] = defaultdict(list)
    for r in runs:
        by_cat[r.item.get("category", "?")].append(r)
    for cat, group in by_cat.items():
        summary["categories"][cat] = {}
        for key in ("figure", "source", "no_support", "privacy", "swedish"):
            k, n = _rate(group, key)
            if n:
                summary["categories"][cat][key] = {"passed": k, "total": n}
        summary["categories"][cat]["n"] = len(group)
    return summary


def calibration(runs: list[Run]) -> dict[str, Any]:
    """Sweep the weak-evidence threshold over the scores the engine reported.

    Answerable document questions with a score below the threshold would be
    refused; out-of-scope questions at or above it would be answered.
    Statistics questions are routed to the register before the threshold applies
    and are left out.
    """
    answerable = [
        r.evidence
        for r in runs
        if r.evidence is not None
        and r.item["expect"] == "answer"
        and r.item.get("expect_source") != "register"
    ]
    oos = [r.evidence for r in runs if r.evidence is not None and r.item["expect"] == "no_support"]
    if not answerable or not oos:
        return {"available": False, "scored": len(answerable) + len(oos)}
    points = sorted(set(answerable + oos))
    thresholds = sorted({0.0, *points, *((a + b) / 2 for a, b in itertools.pairwise(points))})
    thresholds.append(points[-1] + 1e-6)
    rows = []
    for t in thresholds:
        refused = sum(s < t for s in answerable)
        answered = sum(s >= t for s in oos)
        rows.append({"threshold": t, "answerable_refused": refused, "oos_answered": answered})
    best = min(rows, key=lambda r: (r["answerable_refused"] + r["oos_answered"], r["threshold"]))
    current = None
    try:
        from assistant.answer import offline

        t = float(offline.EVIDENCE_THRESHOLD)
        current = {
            "threshold": t,
            "answerable_refused": sum(s < t for s in answerable),
            "oos_answered": sum(s >= t for s in oos),
            "margin_above_oos": t - max(oos),
            "margin_below_answerable": min((s for s in answerable if s >= t), default=t) - t,
        }
    except (ImportError, AttributeError):
        pass
    return {
        "current": current,
        "available": True,
        "answerable_scores": sorted(answerable),
        "oos_scores": sorted(oos),
        "n_answerable": len(answerable),
        "n_oos": len(oos),
        "rows": rows,
        "best": best,
        "separable": max(oos) < min(answerable),
    }


def _passed(run: Run) -> bool:
    skip = ("refused", "figure_in_statistics")
    return all(v for k, v in run.scores.items() if k not in skip and v is not None)


def print_report(runs: list[Run], summary: dict[str, Any], calib: dict[str, Any], verbose: bool):
    print(f"\n## Answer eval: {len(runs)} questions\n")
    print("| measure | result | target |")
    print("|---|---|---|")
    labels = {
        "figure": "expected figure/fact in answer (answerable)",
        "source": "expected source cited (answerable)",
        "no_support": "plain no-support (out of scope)",
        "privacy": "no participant ids (privacy)",
        "swedish": "answered in Swedish (English questions)",
        "figure_in_statistics": "figure in statistics table (diagnostic)",
    }
    for key, label in labels.items():
        o = summary["overall"][key]
        target = f"≥ {TARGETS[key] * 100:.0f} %" if key in TARGETS else ""
        print(f"| {label} | {_pct(o['passed'], o['total'])} | {target} |")
    ar = summary["overall"]["answerable_refused"]
    print(f"| answerable wrongly refused | {ar['count']}/{ar['total']} | 0 |")
    print("\n| category | n | figure | source | no support | privacy | swedish |")
    print("|---|---|---|---|---|---|---|")
    for cat, s in sorted(summary["categories"].items()):
        cells = []
        for key in ("figure", "source", "no_support", "privacy", "swedish"):
            cells.append(_pct(s[key]["passed"], s[key]["total"]) if key in s else "")
        print(f"| {cat} | {s['n']} | " + " | ".join(cells) + " |")
    print("\n### Weak-evidence threshold calibration\n")
    if not calib["available"]:
        print(
            "The engine exposes no evidence score (looked for `evidence`/`evidence_score` "
            "in the JSON and a number in an 'evidens' warning)."
        )
    else:
        print(
            f"Scores from {calib['n_answerable']} answerable document questions and "
            f"{calib['n_oos']} out-of-scope questions; separable: {calib['separable']}."
        )
        cur = calib.get("current")
        if cur:
            print(
                f"Engine threshold {cur['threshold']:.2f}: {cur['answerable_refused']} answerable "
                f"refused, {cur['oos_answered']} out-of-scope answered; margin "
                f"{cur['margin_above_oos']:+.3f} above the highest out-of-scope score and "
                f"{cur['margin_below_answerable']:.3f} below the lowest answered one."
            )
        print("\n| threshold | answerable refused | out-of-scope answered |")
        print("|---|---|---|")
        rows = calib["rows"]
        step = max(1, len(rows) // 25)
        shown = rows[::step]
        if calib["best"] not in shown:
            shown.append(calib["best"])
        for row in sorted(shown, key=lambda r: r["threshold"]):
            mark = " ← fewest errors" if row is calib["best"] else ""
            print(
                f"| {row['threshold']:.4f} | {row['answerable_refused']} | "
                f"{row['oos_answered']}{mark} |"
            )
    failures = [r for r in runs if r.reasons or not _passed(r)]
    print(f"\n### Failures ({len(failures)})\n")
    for r in failures:
        hist = f" (after: {r.item['history'][-1]!r})" if r.item.get("history") else ""
        print(f"- **{r.item['id']}** {r.item['question']!r}{hist}: " + "; ".join(r.reasons))
        if verbose:
            print(f"    route={r.out.get('route')} answer={str(r.out.get('answer', ''))[:300]!r}")
    if verbose:
        print("\n### All answers\n")
        for r in runs:
            print(f"- {r.item['id']} [{r.out.get('route')}] {str(r.out.get('answer', ''))[:240]!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cli", action="store_true", help="run through `finsam ask --batch`")
    parser.add_argument("--json", action="store_true", help=f"write {RESULTS.relative_to(ROOT)}")
    parser.add_argument("--only", help="comma-separated question ids")
    parser.add_argument("--verify-only", action="store_true", help="only check expected figures")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    args = parser.parse_args(argv)

    questions = load_questions(args.questions)
    from assistant.register import load_register
    from assistant.settings import get_settings

    register = load_register(get_settings().participants)
    problems = verify_expected(questions, register)
    with register.query() as con:
        ids = {row[0] for row in con.execute("SELECT deltagar_id FROM deltagare").fetchall()}
    print(
        f"Question set: {len(questions)} questions; expected statistics figures re-computed: ",
        end="",
    )
    print("all agree with the register." if not problems else "DISAGREEMENTS:")
    for p in problems:
        print("  -", p)
    if args.verify_only or problems:
        return 1 if problems else 0
    if args.only:
        wanted = set(args.only.split(","))
        questions = [q for q in questions if q["id"] in wanted]
    skipped = []
    if args.cli:
        skipped = [q["id"] for q in questions if q.get("history")]
        questions = [q for q in questions if not q.get("history")]

    start = time.perf_counter()
    runs, setup = run_cli(questions) if args.cli else run_in_process(questions)
    wall = time.perf_counter() - start
    for r in runs:
        score(r, register.provenance.sha256, ids)
    summary = summarize(runs)
    calib = calibration(runs)
    print_report(runs, summary, calib, args.verbose)
    times = sorted(r.seconds for r in runs)
    mode = "finsam ask --batch" if args.cli else "in-process answer()"
    if skipped:
        print(f"\nSkipped {len(skipped)} follow-ups (the batch format has no history): {skipped}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"\nMode: {mode}; load average {load:.1f} on {os.cpu_count()} CPUs; total {wall:.1f} s"
        + (f" (engine load {setup:.1f} s)" if not args.cli else "")
        + f"; per question p50 {1000 * statistics.median(times):.0f} ms, "
        f"max {1000 * times[-1]:.0f} ms"
    )
    if args.json:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(
            json.dumps(
                {
                    "mode": mode,
                    "seconds": wall,
                    "load_average": load,
                    "skipped_followups": skipped,
                    "summary": summary,
                    "calibration": calib,
                    "runs": [
                        {
                            "id": r.item["id"],
                            "category": r.item.get("category"),
                            "question": r.item["question"],
                            "scores": r.scores,
                            "reasons": r.reasons,
                            "evidence": r.evidence,
                            "seconds": r.seconds,
                            "route": r.out.get("route"),
                            "answer": r.out.get("answer"),
                            "citations": [
                                {k: c.get(k) for k in ("n", "doc_id", "section", "page")}
                                for c in r.out.get("citations") or []
                            ],
                        }
                        for r in runs
                    ],
                },
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
        print(f"Wrote {RESULTS.relative_to(ROOT)}")
    o = summary["overall"]
    ok = all(
        o[k]["rate"] is None or o[k]["rate"] >= TARGETS[k]
        for k in ("figure", "source", "no_support", "privacy", "swedish")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
