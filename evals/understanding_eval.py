"""Score question understanding on a questions_v2 set (issue 9, "Never a wrong figure").

The question format is described in the issue's EVAL_FORMAT (fields ``category``,
``subtype``, ``stat``/``answer``, ``expect_all``/``source``, ``expect``); see
``evals/README.md``. The engine is called in-process through
``assistant.answer.engine.answer(question, history)``; follow-ups get their
history by answering the earlier questions in order.

Scores, per category:

* statistics: *understood* = the first statistics result matches the expected
  call (count/trend vs outcome rate, event, period, filters and split dimensions
  as sets); *exact* = understood and the expected figure (or ranked label, or
  every compared cell) is stated in the prose of the answer (tables and
  provenance lines are not prose);
* document: the expected facts (every ``expect_all`` group) are in the answer
  and the expected document (and §) is cited;
* unanswerable: refused (``supported`` is False and no statistics).

A *wrong figure* is a number that answers a different question: a statistics
question answered with another call, or whose prose states none of the expected
figures but another one; an unanswerable question answered with any figure; a
document question answered from the register without the document's fact.
Target: 0.

The expected figures are never typed in: the runner computes each question's
``stat`` call through ``assistant.stats`` at run time, so disclosure control or
a new register changes the expected text with it.

It also prints the trade-off for the document evidence threshold
(``Answer.evidence``): for a sweep of thresholds, how many answerable document
questions would be refused against how many unanswerable questions answered.

Usage (from any worktree; the engine scored is the ``assistant`` package on
PYTHONPATH if set, else the one next to this file):
    .venv/bin/python evals/understanding_eval.py                       # dev set
    .venv/bin/python evals/understanding_eval.py --questions /abs/questions_v2_heldout.jsonl
    .venv/bin/python evals/understanding_eval.py --json -v --only dev-stat-001,dev-un-003
    .venv/bin/python evals/understanding_eval.py --check-only          # validate the file only
    .venv/bin/python evals/understanding_eval.py --today 2025-06-01    # sets FINSAM_TODAY

Exit codes: 0 scored, 2 the question file is invalid.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _engine_root(explicit: Path | None) -> Path:
    """The tree whose ``assistant`` package is scored.

    An explicit ``--engine-root`` wins; then the first PYTHONPATH entry holding an
    ``assistant`` package (another worktree running this file); then this tree.
    """
    if explicit is not None:
        return explicit.resolve()
    for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep):
        if entry and (Path(entry) / "assistant" / "__init__.py").is_file():
            return Path(entry).resolve()
    return ROOT


DEFAULT_QUESTIONS = ROOT / "evals" / "questions_v2_dev.jsonl"
RESULTS_DIR = ROOT / "evals" / "results"

CATEGORIES = ("statistics", "document", "unanswerable")
SUBTYPES = {
    "statistics": {
        "count",
        "share",
        "ranking",
        "period",
        "two_dims",
        "follow_up",
        "comparison",
        "active",
        "relative_time",
        "known_share",
    },
    "document": {"law", "tjansteutlatande", "nns", "cross"},
    "unanswerable": {"near_miss", "far"},
}
PERSONAS = {"politiker", "tjansteperson", "nyanstalld"}
COMMON_FIELDS = {
    "id",
    "set",
    "category",
    "subtype",
    "persona",
    "lang",
    "question",
    "history",
    "note",
}
CATEGORY_FIELDS = {
    "statistics": {"stat", "answer"},
    "document": {"expect_all", "source"},
    "unanswerable": {"expect", "why", "near_miss"},
}
REQUIRED = {
    "statistics": {"stat", "answer"},
    "document": {"expect_all", "source"},
    "unanswerable": {"expect", "why"},
}
STAT_FUNCTIONS = {"count", "outcome_rate", "trend"}
ANSWER_TYPES = {"n", "cell", "rate", "top", "cells", "literal"}
#: Labels of an empty value; never a ranking answer.
EMPTY_LABELS_FALLBACK = {"Ej registrerad", "Pågår (ej avslutad)"}
TOTAL = "Totalt"
THRESHOLDS = [round(0.05 * i, 2) for i in range(21)]


class QuestionFileError(Exception):
    """The question file breaks the format; ``problems`` lists every finding."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


# --------------------------------------------------------------------------- text


_SPACES = re.compile(r"[\u00a0\u202f\u2009\u2007\s]+")
_DASHES = re.compile(r"[\u2010\u2011\u2012\u2013\u2014\u2212]")
_THOUSANDS = re.compile(r"(?<=\d) (?=\d{3}(?!\d))")
_WORD = "0-9a-zåäöéü"


def normalize(text: str) -> str:
    """Lower case, one kind of space and dash, ``procent`` as ``%``, ``1 000`` as ``1000``."""
    text = _SPACES.sub(" ", text.lower())
    text = _DASHES.sub("-", text)
    text = re.sub(r"(?<=\d)\s*-\s*(?=\d)", "-", text)
    text = re.sub(r"\s*(?:%|procent\b)", "%", text)
    text = _THOUSANDS.sub("", text)
    return text.strip()


def contains(text: str, expected: str) -> bool:
    """Whether ``expected`` occurs in ``text`` as whole words/numbers, after normalising."""
    hay, needle = normalize(text), normalize(expected)
    if not needle:
        return False
    pattern = re.escape(needle)
    if needle[0].isalnum():
        pattern = f"(?<![{_WORD}])" + pattern
    if needle[-1].isalnum():
        pattern += f"(?![{_WORD}]|[.,]\\d)"
    return re.search(pattern, hay) is not None


def group_matches(text: str, group: Sequence[str]) -> bool:
    """Whether any alternative of a group occurs."""
    return any(contains(text, alt) for alt in group)


_PROVENANCE_LINE = re.compile(
    r"^\s*(?:[-*•]\s*)?(?:\[s?\d+\]\s*)?(?:datafil|definition|röjandeskydd|syntetiska|urval|"
    r"uppdelat på|n\s*=|obs\b|\(svarat av|källa|källor)",
    re.IGNORECASE,
)


def prose(text: str) -> str:
    """The answer without tables and provenance lines: what a reader takes as the answer."""
    kept = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("|") or _PROVENANCE_LINE.match(stripped):
            continue
        kept.append(line)
    return "\n".join(kept)


_NOT_FIGURES = [
    re.compile(r"\[s?\d+\]"),  # citation markers
    re.compile(r"\b(?:s\.|sid\.?|sidan)\s*\d+"),  # page references
    re.compile(r"(?<![\d,.])\d{1,2}\.(?=\s+[a-zåäö])"),  # list items "1. ledamot"
    re.compile(r"\d+\s*(?:a\s*)?§+"),  # paragraph references
    re.compile(r"\(?\b(?:sfs\s*)?\d{4}:\d+\)?"),  # SFS numbers, report numbers
    re.compile(r"\b\d{4}-\d{2}-\d{2}\b"),  # dates
    re.compile(r"\b(?:19|20)\d{2}(?:-(?:19|20)\d{2})?\b"),  # years and year ranges
]
_FIGURE = re.compile(r"(?<![0-9a-zåäö])\d+(?:[.,]\d+)?")


def figures(text: str) -> list[str]:
    """The numbers a text states, other than years, dates, § and citation markers."""
    t = normalize(text)
    for pattern in _NOT_FIGURES:
        t = pattern.sub(" ", t)
    return _FIGURE.findall(t)


def head(text: str, limit: int = 160) -> str:
    """The first words of an answer's prose, on one line."""
    one = " ".join(prose(text).split())
    return one if len(one) <= limit else one[: limit - 1] + "…"


def display_alternatives(display: str) -> list[str]:
    """What may stand in an answer for a displayed count."""
    low = display.lower()
    if low.startswith("färre än"):
        n = low.removeprefix("färre än").strip()
        return [display, f"<{n}", f"< {n}", "färre än fem" if n == "5" else display]
    if low == "dold":
        return ["dold", "dolt", "döljs", "visas inte"]
    return [display]


# --------------------------------------------------------------------------- questions


def load_questions(path: Path) -> list[dict[str, Any]]:
    """Read a questions_v2 file; raise QuestionFileError listing every JSON problem."""
    problems: list[str] = []
    questions: list[dict[str, Any]] = []
    if not path.is_file():
        raise QuestionFileError([f"{path}: filen finns inte."])
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{path.name} rad {number}: ogiltig JSON ({exc.msg}).")
            continue
        if not isinstance(item, dict):
            problems.append(f"{path.name} rad {number}: raden är inte ett JSON-objekt.")
            continue
        item["_line"] = number
        questions.append(item)
    if problems:
        raise QuestionFileError(problems)
    return questions


def _where(path: Path, item: dict[str, Any]) -> str:
    return f"{path.name} rad {item.get('_line', '?')} ({item.get('id', 'utan id')})"


def validate(
    questions: list[dict[str, Any]], register: Any, path: Path
) -> tuple[list[str], dict[str, Any]]:
    """Check every question; return (problems, expected StatResult per statistics id)."""
    problems: list[str] = []
    expected: dict[str, Any] = {}
    seen: dict[str, int] = {}
    for item in questions:
        where = _where(path, item)
        qid = item.get("id")
        if not isinstance(qid, str) or not qid:
            problems.append(f"{where}: fältet ”id” saknas.")
        elif qid in seen:
            problems.append(f"{where}: id ”{qid}” finns redan på rad {seen[qid]}.")
        else:
            seen[qid] = item["_line"]
        category = item.get("category")
        if category not in CATEGORIES:
            problems.append(
                f"{where}: okänd category ”{category}” (tillåtna: {', '.join(CATEGORIES)})."
            )
            continue
        allowed = COMMON_FIELDS | CATEGORY_FIELDS[category] | {"_line"}
        for name in sorted(set(item) - allowed):
            problems.append(f"{where}: okänt fält ”{name}” för category {category}.")
        for name in sorted(REQUIRED[category] | {"question", "subtype"}):
            if name not in item:
                problems.append(f"{where}: fältet ”{name}” saknas.")
        if item.get("subtype") not in SUBTYPES[category]:
            problems.append(
                f"{where}: okänd subtype ”{item.get('subtype')}” för {category} "
                f"(tillåtna: {', '.join(sorted(SUBTYPES[category]))})."
            )
        if "persona" in item and item["persona"] not in PERSONAS:
            problems.append(f"{where}: okänd persona ”{item['persona']}”.")
        if item.get("lang", "sv") not in {"sv", "en"}:
            problems.append(f"{where}: lang ska vara ”sv” eller ”en”.")
        history = item.get("history", [])
        if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
            problems.append(f"{where}: history ska vara en lista med tidigare frågor (text).")
        if not isinstance(item.get("question"), str) or not item.get("question", "").strip():
            problems.append(f"{where}: question ska vara en icke-tom text.")
        if category == "statistics" and "stat" in item and "answer" in item:
            problem, result = _validate_stat(item, register)
            if problem:
                problems.append(f"{where}: {problem}")
            elif isinstance(qid, str):
                expected[qid] = result
        elif category == "document" and "expect_all" in item:
            groups = item["expect_all"]
            if not (
                isinstance(groups, list)
                and groups
                and all(
                    isinstance(g, list) and g and all(isinstance(a, str) for a in g) for g in groups
                )
            ):
                problems.append(
                    f"{where}: expect_all ska vara en lista av icke-tomma listor med text."
                )
            source = item.get("source")
            if not isinstance(source, dict) or not isinstance(source.get("doc_id"), str):
                problems.append(f'{where}: source ska vara {{"doc_id": ..., "section": ...}}.')
            elif set(source) - {"doc_id", "section"}:
                problems.append(
                    f"{where}: okänt fält i source: {sorted(set(source) - {'doc_id', 'section'})}."
                )
        elif category == "unanswerable" and item.get("expect") != "no_support":
            problems.append(f"{where}: expect ska vara ”no_support”.")
    return problems, expected


def run_stat(register: Any, stat: dict[str, Any]) -> Any:
    """Run a question's expected statistics call."""
    from assistant import stats

    return getattr(stats, stat["fn"])(register, **stat.get("args", {}))


def _validate_stat(item: dict[str, Any], register: Any) -> tuple[str | None, Any]:
    stat, spec = item["stat"], item["answer"]
    if not isinstance(stat, dict) or stat.get("fn") not in STAT_FUNCTIONS:
        return f"stat.fn ska vara en av {', '.join(sorted(STAT_FUNCTIONS))}.", None
    if set(stat) - {"fn", "args"} or not isinstance(stat.get("args", {}), dict):
        return "stat ska ha fälten fn och args (ett objekt).", None
    try:
        result = run_stat(register, stat)
    except Exception as exc:  # any failure of the call is a question-file problem
        return f"statistikanropet {stat} gick inte att köra: {type(exc).__name__}: {exc}", None
    if not isinstance(spec, dict) or spec.get("type") not in ANSWER_TYPES:
        return f"answer.type ska vara en av {', '.join(sorted(ANSWER_TYPES))}.", None
    kind = spec["type"]
    try:
        if kind == "cell":
            result.cell(*spec["key"])
        elif kind == "cells":
            if not spec.get("keys"):
                return "answer.keys saknas eller är tom.", None
            for key in spec["keys"]:
                result.cell(*key)
        elif kind == "top":
            rank = spec.get("rank", 1)
            ranked = ranked_cells(result, register)
            if not isinstance(rank, int) or rank == 0 or abs(rank) > len(ranked):
                return (
                    f"answer.rank {rank} finns inte (resultatet har {len(ranked)} visade grupper).",
                    None,
                )
            if len(result.group_by) != 1:
                return "answer.type top kräver en uppdelning på exakt en dimension (by).", None
        elif kind == "literal":
            if not spec.get("all") or not all(isinstance(s, str) for s in spec["all"]):
                return "answer.all ska vara en icke-tom lista med text.", None
        elif kind == "rate" and result.kind != "outcome_rate":
            return "answer.type rate kräver fn outcome_rate.", None
    except KeyError as exc:
        return f"cellen {exc} finns inte i resultatet {result.title!r}.", None
    extra = set(spec) - {"type", "key", "keys", "rank", "all", "derivation"}
    if extra:
        return f"okända fält i answer: {sorted(extra)}.", None
    return None, result


# --------------------------------------------------------------------------- expected calls


@dataclass(frozen=True)
class CallSignature:
    """What a statistics call means, independent of how it was asked for."""

    kind: str  # "count" (count or trend) or "outcome_rate"
    event: str
    from_year: int | None
    to_year: int | None
    filters: frozenset[tuple[str, frozenset[str]]]
    group_by: frozenset[str]

    def describe(self) -> str:
        period = (
            "hela registret"
            if self.from_year is None
            else str(self.from_year)
            if self.from_year == self.to_year
            else f"{self.from_year}–{self.to_year}"
        )
        filt = "; ".join(f"{k}={'/'.join(sorted(v))}" for k, v in sorted(self.filters)) or "-"
        by = ", ".join(sorted(self.group_by)) or "-"
        return f"{self.kind} {self.event} {period} filter[{filt}] by[{by}]"


class Spans:
    """The years with data per event (a call without a period means all of them)."""

    def __init__(self, register: Any) -> None:
        self.register = register
        self._cache: dict[str, tuple[int | None, int | None]] = {}

    def __call__(self, event: str) -> tuple[int | None, int | None]:
        if event not in self._cache:
            from assistant import stats

            try:
                trend = stats.trend(self.register, event=event)
                self._cache[event] = (trend.from_year, trend.to_year)
            except Exception:
                self._cache[event] = (None, None)
        return self._cache[event]


def signature(result: Any, spans: Spans) -> CallSignature:
    """Normalise a StatResult (or anything with its fields) to a CallSignature."""
    kind = "outcome_rate" if getattr(result, "kind", "") == "outcome_rate" else "count"
    event = str(getattr(result, "event", ""))
    from_year, to_year = getattr(result, "from_year", None), getattr(result, "to_year", None)
    if from_year is None and to_year is None:
        from_year, to_year = spans(event)
    filters = frozenset(
        (str(k), frozenset(str(v) for v in (vals if isinstance(vals, (list, tuple)) else [vals])))
        for k, vals in (getattr(result, "filters", None) or {}).items()
    )
    group_by = frozenset(str(g) for g in (getattr(result, "group_by", None) or []))
    return CallSignature(kind, event, from_year, to_year, filters, group_by)


def asked_values(item: dict[str, Any], expected: Any) -> dict[str, str]:
    """The group values a single-cell question asks about (dimension -> value)."""
    spec = item["answer"]
    if spec["type"] != "cell":
        return {}
    return dict(zip(expected.group_by, spec["key"], strict=False))


def call_matches(
    want: CallSignature, got: CallSignature, asked: dict[str, str], extra_split: bool = False
) -> bool:
    """Whether ``got`` computes what ``want`` asks, allowing equivalent forms.

    Kind, event and period must be equal. A dimension pinned to one value (a
    one-value filter, or the split dimension of the single cell asked about) may
    be a filter on that value or a split that shows its cell; every other split
    dimension must be split; multi-value filters must stay; nothing else may be
    filtered, nor split unless ``extra_split`` (a total or an overall rate is the
    same with a table beside it).
    """
    if (want.kind, want.event, want.from_year, want.to_year) != (
        got.kind,
        got.event,
        got.from_year,
        got.to_year,
    ):
        return False
    want_filters, got_filters = dict(want.filters), dict(got.filters)
    pinned = {d: vals for d, vals in want_filters.items() if len(vals) == 1}
    pinned.update({d: frozenset([v]) for d, v in asked.items()})
    if not (want.group_by - set(asked)) <= got.group_by:
        return False
    for dim, vals in want_filters.items():
        if len(vals) > 1 and got_filters.get(dim) != vals:
            return False
    for dim, vals in pinned.items():
        if got_filters.get(dim) == vals or (dim in got.group_by and dim not in got_filters):
            continue
        return False
    if set(got_filters) - set(want_filters) - set(asked):
        return False
    return extra_split or not (got.group_by - want.group_by - set(pinned))


def understood(
    item: dict[str, Any],
    expected: Any,
    results: Sequence[Any],
    spans: Spans,
    stated: bool = False,
) -> bool:
    """Whether the answer's statistics compute the expected call.

    The first result must match; for a comparison (``cells``) the compared cells
    may instead come from one result each (e.g. one filtered count per group).
    ``stated``: every expected figure is in the answer (lets a ``literal`` share of
    one value be computed with a filter on that value instead of a split).
    """
    if not results:
        return False
    want = signature(expected, spans)
    spec = item["answer"]
    extra = spec["type"] in {"n", "rate"}
    first = signature(results[0], spans)
    if call_matches(want, first, asked_values(item, expected), extra):
        return True
    if spec["type"] in {"top", "cells"} and stated:
        # "Anmälde Försäkringskassan eller Arbetsförmedlingen flest?": a split kept to
        # the groups the question names (a filter on the split dimension to them) shows
        # the same groups, when every expected label and figure is stated.
        # A key names one value per split dimension, in the order of the call's "by".
        order = [str(d) for d in (getattr(expected, "group_by", None) or [])]
        got_filters = dict(first.filters)
        for dim in want.group_by:
            at = order.index(dim) if dim in order else 0
            keys = {k[at] for k in spec.get("keys", []) if len(k) > at}
            vals = got_filters.get(dim)
            if vals and dim in first.group_by and keys <= set(vals):
                rest = CallSignature(
                    first.kind,
                    first.event,
                    first.from_year,
                    first.to_year,
                    frozenset((d, v) for d, v in first.filters if d != dim),
                    first.group_by,
                )
                if call_matches(want, rest, {}, extra):
                    return True
    if spec["type"] == "literal" and stated:
        # A literal share ("56 %", "197") of one value of a split dimension: the answer
        # may filter on that value instead of splitting, as for a "cell" answer. The
        # stated literal figures are what pin the value.
        got_filters = dict(first.filters)
        for dim in want.group_by:
            vals = got_filters.get(dim)
            pinned = vals is not None and len(vals) == 1 and dim not in first.group_by
            value = next(iter(vals or ()), "")
            if (
                pinned
                and _literal_names_cell(spec, expected, dim, value)
                and call_matches(want, first, {dim: value}, extra)
            ):
                return True
    if spec["type"] != "cells":
        return False
    sigs = [signature(r, spans) for r in results]
    return all(
        any(
            call_matches(want, sig, dict(zip(expected.group_by, key, strict=False))) for sig in sigs
        )
        for key in spec["keys"]
    )


def _literal_names_cell(spec: dict[str, Any], expected: Any, dim: str, value: str) -> bool:
    """Whether a literal answer's figures are those of ``value``'s cell (its count or its
    share of the total): the value a filter pins must be the one the literal states."""
    group_by = list(getattr(expected, "group_by", None) or [])
    if dim not in group_by:
        return False
    from assistant.stats.results import format_share

    at = group_by.index(dim)
    wanted = {_norm_literal(x) for x in spec.get("all", [])}
    for cell in expected.cells:
        if len(cell.key) != len(group_by) or cell.key[at] != value or cell.count is None:
            continue
        if any(k == TOTAL for i, k in enumerate(cell.key) if i != at):
            continue
        shown = {_norm_literal(cell.display)}
        if expected.n:
            shown.add(_norm_literal(format_share(cell.count / expected.n)))
        if cell.share is not None:
            shown.add(_norm_literal(format_share(cell.share)))
        if shown & wanted:
            return True
    return False


def _norm_literal(text: str) -> str:
    return re.sub(r"[\s\u00a0\u202f]+", "", str(text)).replace("procent", "%").lower()


def empty_labels(register: Any) -> set[str]:
    """Labels that stand for an empty value (from the code lists when available)."""
    try:
        from assistant.stats.definitions import dimensions

        found = {d.empty_label for d in dimensions(register.codelists).values() if d.empty_label}
        return found | EMPTY_LABELS_FALLBACK
    except Exception:
        return set(EMPTY_LABELS_FALLBACK)


def ranked_cells(result: Any, register: Any) -> list[Any]:
    """A one-dimension result's shown cells, largest first (empty labels left out)."""
    skip = empty_labels(register) | {TOTAL}
    cells = [c for c in result.cells if c.count is not None and c.key and c.key[-1] not in skip]
    return sorted(cells, key=lambda c: -c.count)


def expected_groups(item: dict[str, Any], result: Any, register: Any) -> list[list[str]]:
    """The text groups the prose of an exact answer contains (every group, any alternative)."""
    spec = item["answer"]
    kind = spec["type"]
    rate = result.kind == "outcome_rate"

    def cell_groups(cell: Any) -> list[list[str]]:
        if rate:
            if cell.share_display:
                return [[cell.share_display]]
            return [display_alternatives(cell.numerator_display or cell.display)]
        return [display_alternatives(cell.display)]

    if kind == "n":
        return [display_alternatives(result.n_display)]
    if kind == "rate":
        overall = result.margins[-1]
        groups = [display_alternatives(overall.numerator_display or "dold")]
        if overall.share_display:
            groups.append([overall.share_display])
        return groups
    if kind == "cell":
        groups = cell_groups(result.cell(*spec["key"]))
        if item.get("subtype") == "known_share":
            groups.append(known_alternatives(item, result, register))
        return groups
    if kind == "cells":
        return [g for key in spec["keys"] for g in cell_groups(result.cell(*key))]
    if kind == "top":
        ranked = ranked_cells(result, register)
        rank = spec.get("rank", 1)
        chosen = ranked[rank - 1] if rank > 0 else ranked[rank]
        tied = [c for c in ranked if c.count == chosen.count]
        return [[c.key[-1] for c in tied], display_alternatives(chosen.display)]
    return [[s] for s in spec["all"]]


#: Values that say "not known" although the column is filled in.
UNKNOWN_VALUES = {"Okänd", "Annat/okänt"}


@dataclass(frozen=True)
class Known:
    """One reading of "known" for a mostly empty column: counts and the cell's share."""

    known: int
    unknown: int
    unknown_display: str
    share: str


def known_readings(item: dict[str, Any], result: Any, register: Any) -> list[Known]:
    """For a known_share cell question: the figures over those whose value is known.

    Two readings are accepted: unknown = the empty value only ("Ej registrerad"),
    or the empty value plus a filled-in "Okänd". A hidden count drops its reading.
    None when no value is empty (then the share over everyone is the answer).
    """
    spec = item.get("answer", {})
    if (
        item.get("subtype") != "known_share"
        or spec.get("type") != "cell"
        or result.kind == "outcome_rate"
        or result.n is None
    ):
        return []
    from assistant.stats.results import format_share

    cell = result.cell(*spec["key"])
    empties = empty_labels(register)
    if not any(c.key and c.key[-1] in empties and c.count != 0 for c in result.cells):
        return []  # the column is filled in for everyone: the share over all is right
    readings: list[Known] = []
    for labels in (empties, empties | UNKNOWN_VALUES):
        unknown_cells = [c for c in result.cells if c.key and c.key[-1] in labels]
        if not unknown_cells or any(c.count is None for c in unknown_cells):
            continue
        unknown = sum(c.count for c in unknown_cells)
        known = result.n - unknown
        if known <= 0 or cell.count is None:
            continue
        display = unknown_cells[0].display if len(unknown_cells) == 1 else str(unknown)
        reading = Known(known, unknown, display, format_share(cell.count / known))
        if reading not in readings:
            readings.append(reading)
    return readings


def known_alternatives(item: dict[str, Any], result: Any, register: Any) -> list[str]:
    """What must accompany a known_share figure: the number known or the number unknown."""
    alternatives = []
    for r in known_readings(item, result, register):
        alternatives += [str(r.known), r.unknown_display, str(r.unknown)]
    return list(dict.fromkeys(alternatives)) or display_alternatives(result.n_display)


def share_over_everyone(item: dict[str, Any], result: Any, register: Any, text: str) -> str:
    """For a known_share cell: a reason if the prose gives the share over everyone instead.

    The share must be over those whose value is known (issue 9); stating the share
    over all participants (the empty value counted in the denominator) without a
    share over the known is a wrong figure.
    """
    readings = [r for r in known_readings(item, result, register) if r.unknown]
    if not readings:
        return ""
    cell = result.cell(*item["answer"]["key"])
    over_all = cell.share_display
    if (
        over_all
        and all(r.share != over_all for r in readings)
        and contains(text, over_all)
        and not any(contains(text, r.share) for r in readings)
    ):
        r = readings[0]
        return (
            f"share over everyone ({over_all}) instead of over the {r.known} "
            f"with a known value ({r.share})"
        )
    return ""


def known_share_figures(item: dict[str, Any], result: Any, register: Any) -> list[str]:
    """Figures a known_share answer may state: numbers known and unknown, shares over the known."""
    out: list[str] = []
    for r in known_readings(item, result, register):
        out += [str(r.known), str(r.unknown), r.unknown_display, r.share]
    return out


def expected_numbers(groups: list[list[str]]) -> list[str]:
    """The figures among the expected text (for the headline check)."""
    return [alt for group in groups for alt in group if re.search(r"\d", alt)]


# --------------------------------------------------------------------------- scoring


@dataclass
class Score:
    """The outcome for one question."""

    id: str
    category: str
    subtype: str
    question: str
    near_miss: bool = False
    refused: bool = False
    understood: bool = False
    exact: bool = False
    fact: bool = False
    source: bool = False
    wrong_figure: bool = False
    reason: str = ""
    answer_head: str = ""
    route: str | None = None
    evidence: float | None = None
    call: str | None = None
    expected_call: str | None = None
    error: str | None = None
    seconds: float = 0.0
    missing: list[list[str]] = field(default_factory=list)

    @property
    def correct(self) -> bool:
        if self.category == "statistics":
            return self.exact
        if self.category == "document":
            return self.fact and self.source
        return self.refused


def is_refused(answer: Any) -> bool:
    """Refused = not supported and no statistics."""
    return getattr(answer, "supported", True) is False and not getattr(answer, "statistics", None)


def _base(item: dict[str, Any], answer: Any) -> Score:
    text = getattr(answer, "text", "") or ""
    return Score(
        id=item["id"],
        category=item["category"],
        subtype=item.get("subtype", ""),
        question=item["question"],
        near_miss=bool(item.get("near_miss", item.get("subtype") == "near_miss")),
        refused=is_refused(answer),
        answer_head=head(text),
        route=getattr(answer, "route", None),
        evidence=getattr(answer, "evidence", None),
    )


def score_statistics(
    item: dict[str, Any], answer: Any, expected: Any, register: Any, spans: Spans
) -> Score:
    """Understood, exact and wrong figure for a statistics question."""
    s = _base(item, answer)
    want = signature(expected, spans)
    s.expected_call = want.describe()
    if s.refused:
        s.reason = "refused"
        return s
    full = getattr(answer, "text", "") or ""
    text = prose(full)
    groups = expected_groups(item, expected, register)
    numbers = expected_numbers(groups)
    results = list(getattr(answer, "statistics", None) or [])
    # A table answer (two dimensions) may carry its cells in the table; every other
    # answer states its figure, ranked label or compared cells in the prose.
    where = full if item.get("subtype") == "two_dims" else text
    s.missing = [g for g in groups if not group_matches(where, g)]
    if results:
        got = signature(results[0], spans)
        s.call = got.describe()
        s.understood = understood(item, expected, results, spans, stated=not s.missing)
    over_all = share_over_everyone(item, expected, register, text)
    s.exact = s.understood and not s.missing and not over_all
    missing = "; ".join("/".join(g) for g in s.missing)
    if results and not s.understood:
        s.wrong_figure, s.reason = True, f"another call: {s.call}"
    elif over_all:
        s.wrong_figure, s.reason = True, over_all
    elif s.understood:
        # The right table: wrong only if the headline states a figure it does not hold.
        shown = [*result_displays(expected), *numbers, item["question"]]
        for result in results:
            shown += result_displays(result)
        shown += derived_shares(results) + known_share_figures(item, expected, register)
        allowed = {f for x in shown for f in figures(x)}
        foreign = [f for f in figures(headline(full)) if f not in allowed]
        empty_top = [
            e
            for e in sorted(empty_labels(register))
            if item["answer"]["type"] == "top" and s.missing and contains(headline(full), e)
        ]
        if empty_top:
            s.wrong_figure = True
            s.reason = f"ranks the empty value ”{empty_top[0]}” as the answer"
        elif foreign:
            s.wrong_figure = True
            s.reason = f"headline figure {foreign[0]} is not in the result"
        elif not s.exact:
            s.reason = f"right call, answer not stated: missing {missing}"
    elif any(contains(text, n) for n in numbers):
        s.reason = "not answered from the register (the prose has the expected figure)"
    elif figures(text):
        s.wrong_figure = True
        s.reason = f"figure {figures(text)[0]} answers another question (no statistics)"
    else:
        s.reason = "not answered from the register, no figure"
    s.exact = s.exact and not s.wrong_figure
    return s


def headline(text: str) -> str:
    """The first paragraph of the prose, before any quoted comparison figure."""
    first = prose(text).strip().split("\n\n", 1)[0]
    return re.split(r"uppgift i underlaget|\[s?1\]\s*\*\*", first, maxsplit=1, flags=re.I)[0]


def derived_shares(results: Sequence[Any]) -> list[str]:
    """Shares an answer may compute from its results: a subset's n over its total's n.

    Only where the part has every filter of the whole (and the same event and
    period): "28 (8 %) av de 352" is a share; 97 of another group's 118 is not.
    """
    from assistant.stats.results import format_share

    def scope(r: Any) -> tuple[Any, ...]:
        return (
            getattr(r, "event", None),
            getattr(r, "from_year", None),
            getattr(r, "to_year", None),
        )

    def filters(r: Any) -> set[tuple[str, tuple[str, ...]]]:
        return {(k, tuple(v)) for k, v in (getattr(r, "filters", None) or {}).items()}

    out = []
    for part in results:
        for whole in results:
            if (
                part is not whole
                and getattr(part, "n", None)
                and getattr(whole, "n", None)
                and scope(part) == scope(whole)
                and filters(whole) <= filters(part)
            ):
                out.append(format_share(part.n / whole.n))
    return out


def result_displays(result: Any) -> list[str]:
    """Every figure a StatResult can show: n, cells, margins, shares, numerators, labels.

    Score each string on its own: joined with spaces, "352 101" would read as one number.
    """
    out = [str(getattr(result, "n_display", ""))]
    for cell in [*getattr(result, "cells", []), *getattr(result, "margins", [])]:
        out += [cell.display, cell.share_display, cell.numerator_display or "", *cell.key]
    for values in (getattr(result, "filters", None) or {}).values():
        out += [str(v) for v in values]
    return [x for x in out if x]


def score_document(item: dict[str, Any], answer: Any) -> Score:
    """Fact, source and wrong figure for a document question."""
    s = _base(item, answer)
    if s.refused:
        s.reason = "refused"
        return s
    text = getattr(answer, "text", "") or ""
    s.missing = [g for g in item["expect_all"] if not group_matches(text, g)]
    s.fact = not s.missing
    want = item["source"]
    section = _norm_section(want.get("section"))
    for citation in getattr(answer, "citations", None) or []:
        chunk = getattr(citation, "chunk", None)
        if chunk is None or getattr(chunk, "doc_id", None) != want["doc_id"]:
            continue
        if section is None or _norm_section(getattr(chunk, "section", None)) == section:
            s.source = True
            break
    if getattr(answer, "statistics", None) and not s.fact:
        s.wrong_figure, s.reason = True, "answered from the register, not the document"
    elif not (s.fact and s.source):
        parts = []
        if s.missing:
            parts.append("missing " + "; ".join("/".join(g) for g in s.missing))
        if not s.source:
            parts.append(f"not cited: {want['doc_id']} {want.get('section') or ''}".strip())
        s.reason = ", ".join(parts)
    return s


def _norm_section(section: Any) -> str | None:
    if section is None:
        return None
    return re.sub(r"\s+", "", str(section).lower())


def score_unanswerable(item: dict[str, Any], answer: Any) -> Score:
    """Refused, or a wrong figure when the answer states any number."""
    s = _base(item, answer)
    if s.refused:
        return s
    if getattr(answer, "statistics", None):
        stat = answer.statistics[0]
        s.call = getattr(stat, "title", None)
        s.wrong_figure, s.reason = True, f"register figure: {s.call}"
        return s
    stated = figures(prose(getattr(answer, "text", "") or ""))
    if stated:
        s.wrong_figure, s.reason = True, f"states figure(s) {', '.join(stated[:4])}"
    else:
        s.reason = "answered without a figure (not refused)"
    return s


def score(item: dict[str, Any], answer: Any, expected: Any, register: Any, spans: Spans) -> Score:
    """Score one answer."""
    if item["category"] == "statistics":
        return score_statistics(item, answer, expected, register, spans)
    if item["category"] == "document":
        return score_document(item, answer)
    return score_unanswerable(item, answer)


# --------------------------------------------------------------------------- running


def _history(turns: Iterable[tuple[str, str]]) -> list[dict[str, str]]:
    hist: list[dict[str, str]] = []
    for question, text in turns:
        hist.append({"role": "user", "content": question})
        hist.append({"role": "assistant", "content": text})
    return hist


def run(questions: list[dict[str, Any]], expected: dict[str, Any], register: Any) -> list[Score]:
    """Answer every question in-process and score it."""
    from assistant.answer.engine import answer
    from assistant.answer.models import Answer

    spans = Spans(register)
    earlier: dict[tuple[str, ...], str] = {}
    scores: list[Score] = []
    for item in questions:
        turns: list[tuple[str, str]] = []
        for i, prev in enumerate(item.get("history", [])):
            key = tuple(item["history"][: i + 1])
            if key not in earlier:
                try:
                    earlier[key] = answer(prev, history=_history(turns)).text
                except Exception as exc:  # an engine failure must not stop the run
                    earlier[key] = f"(fel: {type(exc).__name__})"
            turns.append((prev, earlier[key]))
        start = time.perf_counter()
        error = None
        try:
            got: Any = answer(item["question"], history=_history(turns))
        except Exception as exc:  # scored as an error, listed in the report
            got = Answer(text="", supported=True)
            error = f"{type(exc).__name__}: {exc}"
        s = score(item, got, expected.get(item["id"]), register, spans)
        s.seconds = time.perf_counter() - start
        if error:
            s.error, s.reason = error, f"error: {error}"
        scores.append(s)
    return scores


# --------------------------------------------------------------------------- report


def _pct(k: int, n: int) -> str:
    return f"{k}/{n} ({100 * k / n:.0f} %)" if n else "-"


def summarize(scores: list[Score]) -> dict[str, Any]:
    """Counts per category and subtype."""
    out: dict[str, Any] = {"n": len(scores), "wrong_figures": sum(s.wrong_figure for s in scores)}
    for category in CATEGORIES:
        mine = [s for s in scores if s.category == category]
        block: dict[str, Any] = {"n": len(mine), "subtypes": {}}
        for subtype in sorted({s.subtype for s in mine}):
            sub = [s for s in mine if s.subtype == subtype]
            block["subtypes"][subtype] = _counts(category, sub)
        block.update(_counts(category, mine))
        out[category] = block
    return out


def _counts(category: str, scores: list[Score]) -> dict[str, int]:
    counts = {
        "n": len(scores),
        "refused": sum(s.refused for s in scores),
        "wrong_figure": sum(s.wrong_figure for s in scores),
        "errors": sum(s.error is not None for s in scores),
    }
    if category == "statistics":
        counts["understood"] = sum(s.understood for s in scores)
        counts["exact"] = sum(s.exact for s in scores)
    elif category == "document":
        counts["fact"] = sum(s.fact for s in scores)
        counts["source"] = sum(s.source for s in scores)
        counts["fact_and_source"] = sum(s.fact and s.source for s in scores)
    else:
        counts["near_miss"] = sum(s.near_miss for s in scores)
        counts["near_miss_refused"] = sum(s.near_miss and s.refused for s in scores)
    return counts


def tradeoff(scores: list[Score]) -> dict[str, Any]:
    """What each evidence threshold would do (document route only: evidence present)."""
    docs = [s for s in scores if s.category == "document" and s.evidence is not None]
    unans = [s for s in scores if s.category == "unanswerable" and s.evidence is not None]
    unans_stats = [
        s for s in scores if s.category == "unanswerable" and s.evidence is None and not s.refused
    ]
    rows = []
    for t in THRESHOLDS:
        rows.append(
            {
                "threshold": t,
                "doc_refused": sum(s.evidence < t for s in docs),  # type: ignore[operator]
                "doc_correct_kept": sum(
                    s.evidence >= t and s.fact and s.source  # type: ignore[operator]
                    for s in docs
                ),
                "unanswerable_answered": sum(s.evidence >= t for s in unans),  # type: ignore[operator]
            }
        )
    return {
        "documents_with_evidence": len(docs),
        "documents_without_evidence": sum(
            s.category == "document" and s.evidence is None for s in scores
        ),
        "unanswerable_with_evidence": len(unans),
        "unanswerable_answered_without_evidence": len(unans_stats),
        "rows": rows,
    }


def print_report(
    scores: list[Score], summary: dict[str, Any], trade: dict[str, Any], verbose: bool
) -> None:
    """Tables per category, the wrong figures and the evidence trade-off."""
    if verbose:
        for s in scores:
            mark = "WRONG" if s.wrong_figure else ("ok" if s.correct else "miss")
            print(f"{s.id:16} {mark:5} {s.route or '-':12} {s.reason}")
            print(f"{'':16}   Q: {s.question}")
            print(f"{'':16}   A: {s.answer_head}")
            if s.category == "statistics":
                print(f"{'':16}   want: {s.expected_call}")
                print(f"{'':16}   got:  {s.call}")
        print()
    st, dc, un = summary["statistics"], summary["document"], summary["unanswerable"]
    n = st["n"]
    print(
        f"Statistics ({n}): understood {_pct(st['understood'], n)}, exact {_pct(st['exact'], n)}, "
        f"refused {st['refused']}, wrong figures {st['wrong_figure']}"
    )
    keys = ["n", "understood", "exact", "refused", "wrong_figure"]
    _table(["subtype", *keys], [[k, *(c[x] for x in keys)] for k, c in st["subtypes"].items()])
    n = dc["n"]
    print(
        f"\nDocuments ({n}): fact {_pct(dc['fact'], n)}, source {_pct(dc['source'], n)}, "
        f"fact+source {_pct(dc['fact_and_source'], n)}, refused {dc['refused']}, "
        f"wrong figures {dc['wrong_figure']}"
    )
    keys = ["n", "fact", "source", "fact_and_source", "refused", "wrong_figure"]
    _table(["subtype", *keys], [[k, *(c[x] for x in keys)] for k, c in dc["subtypes"].items()])
    near = _pct(un["near_miss_refused"], un["near_miss"])
    print(
        f"\nUnanswerable ({un['n']}): refused {_pct(un['refused'], un['n'])} "
        f"(near misses {near}), wrong figures {un['wrong_figure']}"
    )
    wrong = [s for s in scores if s.wrong_figure]
    print(f"\nWrong figures: {len(wrong)} (target 0)")
    for s in wrong:
        # A held-out set is scored on its summary: a question's text and answer would
        # show the engine's developer what to tune on, so they need -v.
        if verbose:
            print(f"  {s.id}: {s.question}")
            print(f"      -> {s.answer_head}")
            print(f"      ({s.reason})")
        else:
            print(f"  {s.id}: {s.reason}")
    errors = [s for s in scores if s.error]
    if errors:
        print(f"\nErrors: {len(errors)}")
        for s in errors:
            print(f"  {s.id}: {s.error}")
    print(
        "\nEvidence threshold trade-off (document route): "
        f"{trade['documents_with_evidence']} answerable and "
        f"{trade['unanswerable_with_evidence']} unanswerable questions carry Answer.evidence; "
        f"{trade['unanswerable_answered_without_evidence']} unanswerable were answered without "
        "evidence (not affected by the threshold)."
    )
    keys = ["threshold", "doc_refused", "doc_correct_kept", "unanswerable_answered"]
    _table(keys, [[f"{r['threshold']:.2f}", *(r[x] for x in keys[1:])] for r in trade["rows"]])


def _table(header: list[str], rows: list[list[Any]]) -> None:
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=False)]
    for row in [header, *rows]:
        cells = [
            str(x).ljust(w) if i == 0 else str(x).rjust(w)
            for i, (x, w) in enumerate(zip(row, widths, strict=True))
        ]
        print("  " + "  ".join(cells))


# --------------------------------------------------------------------------- main


_NO_DATA = re.compile(r"register has no data for", re.IGNORECASE)


def engine_commit(engine: Path) -> str:
    """The git commit of the scored tree (with "+changes" when it has uncommitted ones)."""
    try:
        head = subprocess.run(
            ["git", "-C", str(engine), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "-C", str(engine), "status", "--porcelain", "--", "."],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+changes" if dirty else "")


def ensure_index(build: bool = True) -> str:
    """Use the configured index when it is up to date; else build one in a temp folder.

    Never writes into a tree's ``index/`` (it may be another worktree's or main's).
    """
    from assistant.indexing.status import index_status
    from assistant.settings import get_settings

    status = index_status(get_settings())
    if status.up_to_date or not build:
        return f"Index: {get_settings().index_dir} ({status.message})"
    folder = Path(tempfile.mkdtemp(prefix="finsam-understanding-index-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ["FINSAM_INDEX_DIR"] = str(folder)
    get_settings.cache_clear()
    from assistant.indexing.pipeline import ingest

    ingest(settings=get_settings())
    return f"Index: built in {folder} ({status.message})"


def _set_name(questions: list[dict[str, Any]], path: Path) -> str:
    sets = {q.get("set") for q in questions if q.get("set")}
    if len(sets) == 1:
        return str(sets.pop())
    return path.stem.removeprefix("questions_v2_")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument(
        "--questions", type=Path, default=DEFAULT_QUESTIONS, help="questions_v2 JSONL file"
    )
    parser.add_argument("--today", help="YYYY-MM-DD for relative time (exported as FINSAM_TODAY)")
    parser.add_argument(
        "--json", action="store_true", help="write evals/results/understanding_<set>.json"
    )
    parser.add_argument("--only", help="comma-separated question ids")
    parser.add_argument("--check-only", action="store_true", help="validate the question file only")
    parser.add_argument("--engine-root", type=Path, help="tree whose assistant package is scored")
    parser.add_argument(
        "--no-ingest",
        action="store_true",
        help="never build a temporary index when the configured one is stale",
    )
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)

    engine_root = _engine_root(args.engine_root)
    if str(engine_root) not in sys.path:
        sys.path.insert(0, str(engine_root))
    if args.today:
        try:
            date.fromisoformat(args.today)
        except ValueError:
            print(f"--today ”{args.today}” är inte ett datum (ÅÅÅÅ-MM-DD).", file=sys.stderr)
            return 2
        os.environ["FINSAM_TODAY"] = args.today
    path = args.questions.resolve()
    try:
        questions = load_questions(path)
    except QuestionFileError as exc:
        print("Frågefilen är ogiltig:\n  " + "\n  ".join(exc.problems), file=sys.stderr)
        return 2

    import assistant
    from assistant.register import load_register
    from assistant.settings import get_settings

    settings = get_settings()
    register = load_register(settings.participants)
    problems, expected = validate(questions, register, path)
    if problems:
        print(f"Frågefilen {path} är ogiltig ({len(problems)} fel):", file=sys.stderr)
        for p in problems:
            print("  - " + p, file=sys.stderr)
        return 2
    print(f"Question set {path} ({_set_name(questions, path)}): {len(questions)} questions, valid.")
    if args.check_only:
        return 0
    if args.only:
        wanted = set(args.only.split(","))
        questions = [q for q in questions if q["id"] in wanted]
    engine = Path(assistant.__file__).parent
    commit = engine_commit(engine)
    print(f"Engine: {engine} (commit {commit}); today {args.today or date.today().isoformat()}")
    notes = (f"{q.get('why', '')} {q.get('note', '')}" for q in questions)
    dated = [q["id"] for q, text in zip(questions, notes, strict=True) if _NO_DATA.search(text)]
    if args.today and dated:
        print(
            f"Note: {len(dated)} questions assume the real date (”register has no data for …”): "
            f"{', '.join(dated)}; with --today their category may not hold."
        )
    print(ensure_index(build=not args.no_ingest))

    start = time.perf_counter()
    scores = run(questions, expected, register)
    wall = time.perf_counter() - start
    summary = summarize(scores)
    trade = tradeoff(scores)
    print_report(scores, summary, trade, args.verbose)
    print(f"\n{len(scores)} questions in {wall:.0f} s (engine load included).")
    if args.json:
        RESULTS_DIR.mkdir(parents=True, exist_ok=True)
        out = RESULTS_DIR / f"understanding_{_set_name(questions, path)}.json"
        out.write_text(
            json.dumps(
                {
                    "questions": str(path),
                    "engine": str(engine),
                    "engine_commit": commit,
                    "today": args.today or date.today().isoformat(),
                    "seconds": wall,
                    "summary": summary,
                    "tradeoff": trade,
                    "scores": [asdict(s) for s in scores],
                },
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
        print(f"Wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
