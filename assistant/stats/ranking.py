"""Rank the groups of a one-way result: the largest (or smallest) first.

Built on the public results of :func:`assistant.stats.count` and
:func:`assistant.stats.outcome_rate`; hidden cells (suppressed) are never
ranked, only counted, so a ranking cannot reveal a small number.

Example:
    >>> from assistant import stats
    >>> from assistant.register import load_register
    >>> result = stats.count(load_register(), event="started", year=2024, by="anmälande part")
    >>> [g.label for g in rank(result)][:1]  # doctest: +SKIP
    ['Stockholms stad']
"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.stats.results import TOTAL, StatResult


@dataclass(frozen=True)
class Ranked:
    """One group of a ranking.

    Attributes:
        label: The group's value ("Stockholms stad").
        count: Participations in the group (for an outcome rate: those who ended).
        display: The count as shown in the table.
        share: The group's share of the total, or for an outcome rate its rate.
        numerator: For an outcome rate, those who went to arbete or studier.
    """

    label: str
    count: int
    display: str
    share: float | None
    numerator: int | None = None


@dataclass(frozen=True)
class Ranking:
    """Ranked groups plus how many groups could not be ranked (hidden or empty)."""

    groups: list[Ranked]
    hidden: int
    empty: int


def rank(result: StatResult, *, most: bool = True, exclude: tuple[str, ...] = ()) -> Ranking:
    """The groups of a one-way result in order, hidden cells left out and counted.

    Counts rank a ``count`` result; rates (with the count as tie-break) rank an
    ``outcome_rate`` result. Groups with a zero count are left out.

    Args:
        result: A result split by exactly one dimension.
        most: Largest first (``True``) or smallest first.
        exclude: Labels not to rank (e.g. "Pågår (ej avslutad)").

    Raises:
        ValueError: The result is not split by exactly one dimension.
    """
    if len(result.group_by) != 1:
        raise ValueError(f"rank() needs a result split by one dimension, got {result.group_by}")
    by_rate = result.kind == "outcome_rate"
    shown: list[Ranked] = []
    hidden = empty = 0
    for cell in result.cells:
        label = cell.key[0]
        if label == TOTAL or label in exclude:
            continue
        if cell.count is None or (by_rate and cell.share is None):
            hidden += 1
            continue
        if cell.count == 0:
            empty += 1
            continue
        shown.append(Ranked(label, cell.count, cell.display, cell.share, cell.numerator))
    if by_rate:
        shown.sort(key=lambda g: (g.share or 0.0, g.count), reverse=most)
    else:
        shown.sort(key=lambda g: g.count, reverse=most)
    return Ranking(shown, hidden, empty)
