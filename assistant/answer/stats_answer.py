"""Run a parsed statistics question and say the result in one Swedish sentence.

The sentence is built only from the :class:`~assistant.stats.StatResult` it
reports, so every number in it is a computed, suppression-checked figure.
"""

from __future__ import annotations

import math
from dataclasses import replace

from assistant import stats
from assistant.answer.stats_query import StatsQuery
from assistant.register import Register
from assistant.stats import StatResult
from assistant.stats.engine import year_span
from assistant.stats.results import TOTAL, format_share

EVENT_PHRASES = {
    "started": "började en insats",
    "ended": "avslutade en insats",
    "active": "deltog i en insats",
}


def _period_text(q: StatsQuery) -> str:
    if q.from_year and q.to_year:
        return f"{q.from_year}–{q.to_year}"
    if q.year:
        return f"{q.year}"
    return "under hela perioden i registret"


def _filters_text(filters: tuple[tuple[str, str], ...]) -> str:
    if not filters:
        return ""
    return " (" + ", ".join(f"{d}: {v}" for d, v in filters) + ")"


def complete(q: StatsQuery, register: Register) -> tuple[StatsQuery, list[str]]:
    """Fill in a missing period with the latest year in the register, and say so."""
    notes = list(q.notes)
    if q.kind != "trend" and not q.year and not q.from_year:
        span = year_span(register, q.event or "started")  # type: ignore[arg-type]
        if span:
            q = replace(q, year=span[1])
            notes.append(f"Inget år angavs; svaret gäller {span[1]}, det senaste året i registret.")
    return q, notes


def run(q: StatsQuery, register: Register) -> StatResult:
    """Call the statistics function the query asks for."""
    filters = {d: v for d, v in q.filters}
    if q.kind == "outcome_rate":
        return stats.outcome_rate(
            register,
            year=q.year,
            from_year=q.from_year,
            to_year=q.to_year,
            by=q.by[0] if q.by else None,
            filters=filters or None,
        )
    if q.kind == "trend":
        return stats.trend(
            register,
            event=q.event or "started",
            from_year=q.from_year,
            to_year=q.to_year,
            by=q.by[0] if q.by else None,
            filters=filters or None,
        )
    if q.focus and not q.by:
        # A single figure: filter on the focus value instead of a table split by it, so
        # a small neighbouring cell does not hide the figure by secondary suppression.
        filters[q.focus[0]] = q.focus[1]
    return stats.count(
        register,
        event=q.event or "started",
        year=q.year,
        from_year=q.from_year,
        to_year=q.to_year,
        by=list(q.by) or None,
        filters=filters or None,
    )


def focus_total(q: StatsQuery, register: Register) -> StatResult | None:
    """The count without the focus value (the "of how many" of a focus answer)."""
    if q.kind != "count" or not q.focus or q.by:
        return None
    return run(replace(q, focus=None), register)


def sentence(q: StatsQuery, result: StatResult, total: StatResult | None = None) -> str:
    """One sentence with the figure and n, ending with the statistics marker [S1]."""
    period = _period_text(q)
    scope = _filters_text(q.filters)
    event = EVENT_PHRASES.get(q.event or "started", "började en insats")
    if result.kind == "outcome_rate":
        if result.group_by:
            return (
                f"Andelen som gick till arbete eller studier bland dem som avslutade en insats "
                f"{period}{scope}, per {result.group_by[0]}, visas i tabellen; totalt "
                f"{_overall_outcome(result)} [S1]."
            )
        overall = result.margins[0] if result.margins else None
        numerator = (overall.numerator_display if overall else None) or "–"
        share = f" ({overall.share_display})" if overall and overall.share is not None else ""
        return (
            f"Av de {result.n_display} som avslutade en insats {period}{scope} gick "
            f"{numerator}{share} till arbete eller studier [S1]."
        )
    if result.kind == "trend":
        parts = [
            f"{c.key[0]}: {c.display}"
            for c in result.cells
            if len(c.key) == 1 and c.key[0] != TOTAL
        ]
        listing = "; ".join(parts) if parts else "se tabellen"
        return f"Antal som {event} per år{scope}: {listing} [S1]."
    if q.focus and not q.by:
        dim, value = q.focus
        if result.n is None and result.n_display == "dold":
            # A figure hidden to protect another is not a number to start a sentence with.
            among = f"av de {total.n_display} " if total is not None and total.n else ""
            return (
                f"Hur många {among}som {event} {period}{scope} som hade {dim} = {value} "
                "visas inte: talet är dolt för att skydda små grupper [S1]"
                + ("[S2]." if among else ".")
            )
        if total is None or total.n is None:
            return f"{_cap(result.n_display)} {event} {period}{scope} med {dim} = {value} [S1]."
        share = ""
        if result.n is not None and total.n:
            share = f" ({format_share(result.n / total.n)})"
        return (
            f"{_cap(result.n_display)}{share} av de {total.n_display} som {event} {period}{scope} "
            f"hade {dim} = {value} [S1][S2]."
        )
    if result.group_by:
        split = " och ".join(result.group_by)
        top = _largest(result)
        extra = f" Flest: {top}." if top else ""
        return (
            f"Totalt {result.n_display} {event} {period}{scope}; fördelningen efter {split} "
            f"visas i tabellen [S1].{extra}"
        )
    return f"{_cap(result.n_display)} {event} {period}{scope} [S1]."


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _overall_outcome(result: StatResult) -> str:
    overall = result.margins[0] if result.margins else None
    if overall is None:
        return "inget resultat"
    numerator = overall.numerator_display or "–"
    share = f" ({overall.share_display})" if overall.share is not None else ""
    return f"{numerator} av {overall.display}{share} till arbete eller studier"


def _largest(result: StatResult) -> str:
    if len(result.group_by) != 1:
        return ""
    shown = [c for c in result.cells if c.count is not None and c.key[0] != TOTAL]
    if not shown:
        return ""
    best = max(shown, key=lambda c: c.count or 0)
    # A hidden category may be the largest: "dold" is at least the threshold, and
    # "färre än N" up to N-1. Name none then, and never a largest of 0.
    limit = result.threshold - 1
    for cell in result.cells:
        if cell.count is None and cell.key[0] != TOTAL:
            could_be = limit if (cell.display or "").startswith("färre än") else math.inf
            if could_be >= (best.count or 0):
                return ""
    if not best.count:
        return ""
    return f"{best.key[0]} ({best.display})"
