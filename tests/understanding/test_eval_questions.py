"""The evaluation questions that carry an expected statistics call, as test cases.

Reads the statistics questions of ``evals/questions_answer.jsonl`` (``checks``) and
of the development set ``evals/questions_v2_dev.jsonl`` (``stat``) and checks the
call the parser makes. Held-out sets are never read here.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from assistant.answer import language
from assistant.answer.stats_query import StatsQuery, resolve
from assistant.settings import PROJECT_ROOT
from assistant.understanding.parser import Lexicon

EVALS = PROJECT_ROOT / "evals"
TODAY = dt.date(2026, 12, 1)


def _load(name: str, key: str) -> list[dict[str, Any]]:
    path: Path = EVALS / name
    if not path.exists():
        return []
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    out = []
    for item in items:
        call = item.get(key)
        if key == "checks" and call:
            call = {"fn": call[0]["fn"], "args": call[0]["args"], "all": call}
        if call and item.get("category") == "statistics":
            out.append({**item, "call": call})
    return out


CASES = _load("questions_answer.jsonl", "checks") + _load("questions_v2_dev.jsonl", "stat")


def _history(item: dict[str, Any]) -> list[str]:
    turns = item.get("history") or []
    texts = [t if isinstance(t, str) else t.get("question", "") for t in turns]
    return list(reversed(texts))


def _expected_kind(call: dict[str, Any]) -> str:
    years = {c["args"].get("year") for c in call.get("all", [])}
    if call["fn"] == "count" and len(years) > 2:
        return "trend"  # one count per year: asked per year
    return {"count": "count", "outcome_rate": "outcome_rate", "trend": "trend"}[call["fn"]]


def _values(q: StatsQuery) -> set[tuple[str, str]]:
    return set(q.filters) | ({q.focus} if q.focus else set())


@pytest.mark.parametrize("item", CASES, ids=[c["id"] for c in CASES])
def test_eval_question_is_parsed_into_its_expected_statistics_call(
    item: dict[str, Any], lexicon: Lexicon
) -> None:
    question = item["question"]
    if item.get("lang") == "en" or language.is_english(question):
        question = language.swedish_terms(question)
    q = resolve(question, _history(item), lexicon, today=TODAY)
    assert q is not None, "not understood as a statistics question"
    call = item["call"]
    args = call["args"]
    kind = _expected_kind(call)
    assert q.kind == kind
    if kind != "outcome_rate":
        assert q.event == args.get("event", "started")
    if kind == "trend" and "all" in call:
        return  # per-year counts: the years are the trend's axis
    if "year" in args and not q.latest:  # "det senaste året i registret" is set on running
        assert (q.year, q.from_year) == (args["year"], None)
    if "from_year" in args:
        assert q.from_year == args["from_year"]
        assert q.to_year == args["to_year"] or (q.open_end and q.to_year is None)
    by = args.get("by") or []
    want_by = {by} if isinstance(by, str) else set(by)
    want_values = {(d, v) for d, v in (args.get("filters") or {}).items()}
    got_by, got_values = set(q.by), _values(q)
    if got_by == want_by:
        assert got_values == want_values
    else:
        # A share of one value: a focus on that value instead of the whole split.
        assert len(want_by - got_by) == 1 and q.focus is not None
        assert q.focus[0] in want_by and got_values - {q.focus} == want_values
