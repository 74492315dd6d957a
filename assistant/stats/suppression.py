"""Disclosure control for count tables (röjandekontroll).

Primary suppression hides every count from 1 to ``threshold - 1``: it is shown
as "färre än 5". Secondary suppression then hides further cells wherever a
hidden cell could be worked out from a published total.

A table is described by its cells and its *lines*: a line is a set of cells
whose sum is a published total (a row of a two-way table and its row total,
a column and its column total, the row totals and the grand total, ...). For
every line whose total is shown, each hidden cell must keep at least two
possible values given the other cells of the line: a hidden primary cell lies
somewhere in 1..threshold-1, a hidden secondary cell is known to be at least
``threshold``. While a line fails that test, the smallest non-zero shown cell
of the line is hidden too (or, if none is left, the line's total). The check
is made line by line, the usual heuristic; it does not solve the linear
system of a whole table.

Example:
    >>> status = suppress({"a": 3, "b": 10, "c": 12, "T": 25}, [(("a", "b", "c"), "T")], 5)
    >>> status["a"], status["b"], status["c"], status["T"]
    ('primary', 'secondary', None, None)
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from typing import Literal, TypeVar

Status = Literal["primary", "secondary"] | None
K = TypeVar("K", bound=Hashable)


def is_primary(count: int, threshold: int) -> bool:
    """Whether a count is too small to show (1..threshold-1)."""
    return 0 < count < threshold


def _bounds(count: int, status: Status, threshold: int) -> tuple[float, float]:
    if status == "primary":
        return 1.0, float(threshold - 1)
    # A secondary (or total) cell is never chosen when zero, so it is >= threshold.
    return float(threshold), math.inf


def line_is_safe(
    values: Mapping[K, int], status: Mapping[K, Status], members: Sequence[K], threshold: int
) -> bool:
    """Whether no hidden member of a line with a shown total can be pinned to one value."""
    hidden = [m for m in members if status.get(m) is not None]
    if not hidden:
        return True
    hidden_sum = sum(values[m] for m in hidden)
    bounds = {m: _bounds(values[m], status[m], threshold) for m in hidden}
    for member in hidden:
        low, high = bounds[member]
        others_min = sum(bounds[o][0] for o in hidden if o != member)
        others_max = sum(bounds[o][1] for o in hidden if o != member)
        possible_low = max(low, hidden_sum - others_max)
        possible_high = min(high, hidden_sum - others_min)
        if possible_high - possible_low < 1:
            return False
    return True


def suppress(
    values: Mapping[K, int],
    lines: Sequence[tuple[Sequence[K], K]],
    threshold: int,
) -> dict[K, Status]:
    """Decide which cells to hide.

    Args:
        values: Every cell of the table, totals included.
        lines: ``(members, total)`` pairs: the members sum to the total.
        threshold: Counts from 1 to ``threshold - 1`` are hidden (primary).

    Returns:
        For each cell ``"primary"``, ``"secondary"`` or ``None`` (shown).
    """
    if threshold < 1:
        raise ValueError(f"threshold must be at least 1, got {threshold}")
    status: dict[K, Status] = {
        key: ("primary" if is_primary(count, threshold) else None) for key, count in values.items()
    }
    if threshold == 1:
        return status
    changed = True
    while changed:
        changed = False
        for members, total in lines:
            if status.get(total) is not None:
                continue  # the total is hidden, so this line publishes no sum
            while not line_is_safe(values, status, members, threshold):
                candidates = [m for m in members if status[m] is None and values[m] > 0]
                if not candidates:
                    status[total] = "secondary"
                    changed = True
                    break
                # Prefer the smallest cell that makes the line safe on its own.
                candidates.sort(key=lambda m: values[m])
                choice = candidates[0]
                for candidate in candidates:
                    trial = {**status, candidate: "secondary"}
                    if line_is_safe(values, trial, members, threshold):
                        choice = candidate
                        break
                status[choice] = "secondary"
                changed = True
    return status
