"""The attacker's side: what can be computed from published results.

Given the :class:`~assistant.stats.StatResult` objects someone has seen, this
module rebuilds the linear system they publish, independently of how the
suppression chose its cells: each shown figure is a constraint on the
register's rows (read from the data, as a statistics office's audit does),
hidden figures are unknowns ≥ 0, and optionally the labels are used ("färre
än N" is 1..N-1, "dold" at least N). A finding is a hidden figure, or a group
of participants that the figures together single out, whose true count is 1
to N-1 and which an attacker can narrow to inside 1..N-1 (or, reading the
labels, to one value). Used by the tests and by ``evals/disclosure_check.py``;
this is sdcTable's ``attack()``.

Example:
    >>> table = stats.count(register, year=2024, by=["stadsdel", "kön"])  # doctest: +SKIP
    >>> attack([table], register)  # doctest: +SKIP
    []
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.register.dataset import TABLE
from assistant.stats.definitions import OUTCOME_VALUES, dimensions
from assistant.stats.results import TOTAL, StatResult
from assistant.stats.suppression import exact_group, left_out

if TYPE_CHECKING:
    import pandas as pd

    from assistant.register import Register

_EPS = 1e-6


@dataclass(frozen=True)
class Figure:
    """One published figure: which table, which cell, shown or hidden."""

    table: int
    label: str
    count: int | None  # None when hidden
    status: str  # shown, primary (färre än N), secondary (dold)
    uniform: bool = False  # "dold" may be small in this table
    key: tuple[str, ...] = ()  # the cell's key (TOTAL in a margin); () for a rate's numerator


@dataclass(frozen=True)
class Finding:
    """A count of 1..N-1 that the published figures give away.

    Attributes:
        what: The hidden figure, ``grupp`` for a group singled out by differences,
            ``summa: ...`` for the hidden cells of one line (a row, a column, a
            one-way table) taken together, ``skillnad: ...`` for the rows between
            two figures, one inside the other (a total minus a filtered total), or
            ``utanför filtret på ...`` for the rows of a figure that the figures
            filtered on one dimension inside it leave out (total − women − men).
        truth: Its true count.
        low: Least count consistent with what is published.
        high: Greatest count consistent with what is published.
        labels: Whether the attacker used the labels ("färre än N", "dold").
    """

    what: str
    truth: int
    low: float
    high: float
    labels: bool


def _rows(register: Register) -> pd.DataFrame:
    with register.query() as con:
        return con.execute(f"SELECT * FROM {TABLE}").df()


def _scope(frame: pd.DataFrame, result: StatResult) -> np.ndarray[Any, np.dtype[np.bool_]]:
    import pandas as pd

    start = pd.to_datetime(frame["startdatum"])
    end = pd.to_datetime(frame["slutdatum"])
    lo, hi = result.from_year, result.to_year
    if lo is None or hi is None:
        mask = end.notna() if result.event == "ended" else pd.Series(True, index=frame.index)
    elif result.event == "started":
        mask = (start.dt.year >= lo) & (start.dt.year <= hi)
    elif result.event == "ended":
        mask = (end.dt.year >= lo) & (end.dt.year <= hi)
    else:
        mask = (start.dt.year <= hi) & (end.isna() | (end.dt.year >= lo))
    return np.array(mask, dtype=bool)


def _value_mask(
    frame: pd.DataFrame, result: StatResult, dimension: str, value: str, register: Register
) -> np.ndarray[Any, np.dtype[np.bool_]]:
    import pandas as pd

    dim = dimensions(register.codelists)[dimension]
    if dim.column is not None:
        return np.asarray(frame[dim.column].astype(str) == value, dtype=bool)
    year = int(value)
    start = pd.to_datetime(frame["startdatum"])
    end = pd.to_datetime(frame["slutdatum"])
    if result.event == "ended":
        return np.asarray(end.dt.year == year, dtype=bool)
    if result.event == "started":
        return np.asarray(start.dt.year == year, dtype=bool)
    return np.asarray((start.dt.year <= year) & (end.isna() | (end.dt.year >= year)), dtype=bool)


def _status(display: str | None, count: int | None) -> str:
    """What the attacker reads off a figure: shown, "färre än N" or "dold"."""
    if count is not None:
        return "shown"
    if display is not None and display.startswith("färre än"):
        return "primary"
    return "secondary"


def published_figures(
    results: Sequence[StatResult], register: Register
) -> tuple[list[Figure], np.ndarray[Any, np.dtype[np.bool_]]]:
    """Every figure of the results and, per figure, which register rows it counts."""
    frame = _rows(register)
    figures: list[Figure] = []
    masks: list[np.ndarray[Any, np.dtype[np.bool_]]] = []
    for t, result in enumerate(results):
        base = _scope(frame, result).copy()
        for dimension, values in result.filters.items():
            keep = np.zeros(len(frame), dtype=bool)
            for value in values:
                keep |= _value_mask(frame, result, dimension, value, register)
            base &= keep
        yes = np.asarray(frame["avslutsorsak"].astype(str).isin(OUTCOME_VALUES), dtype=bool)
        cells = list(result.cells) + list(result.margins)
        if result.kind != "outcome_rate":
            total_status = _status(result.n_display, result.n)
            grand = (TOTAL,) * len(result.group_by)
            figures.append(
                Figure(
                    t,
                    f"{result.title}: {TOTAL}",
                    result.n,
                    total_status,
                    result.uniform_labels,
                    grand,
                )
            )
            masks.append(base.copy())
        for cell in cells:
            mask = base.copy()
            for dimension, value in zip(result.group_by, cell.key, strict=False):
                if value != TOTAL:
                    mask &= _value_mask(frame, result, dimension, value, register)
            name = f"{result.title}: {' / '.join(cell.key)}"
            status = _status(cell.display, cell.count)
            key = tuple(cell.key) if result.kind != "outcome_rate" else ()
            figures.append(Figure(t, name, cell.count, status, result.uniform_labels, key))
            masks.append(mask)
            if result.kind == "outcome_rate":
                num_status = _status(cell.numerator_display, cell.numerator)
                figures.append(
                    Figure(
                        t,
                        name + " (arbete/studier)",
                        cell.numerator,
                        num_status,
                        result.uniform_labels,
                    )
                )
                masks.append(mask & yes)
    return figures, np.array(masks, dtype=bool).reshape(len(masks), len(frame))


def line_sums(figures: Sequence[Figure]) -> list[tuple[str, list[int]]]:
    """The hidden cells of each line, when a line hides two or more.

    A line is a figure and the figures that split it along one dimension (a
    row total and the row's cells, a column total and the column's cells, the
    grand total and the cells of a one-way table). When every other cell of the
    line is shown, the total minus what is shown is the sum of the hidden
    cells: if that sum is 1..N-1 a small group (for instance "män eller
    annat/okänt") is given away even though no single cell is.

    Returns:
        ``(name, [figure index, ...])`` per line with at least two hidden cells.
    """
    by_key = {(f.table, f.key): i for i, f in enumerate(figures) if f.key}
    out: list[tuple[str, list[int]]] = []
    for total in figures:
        for axis, part in enumerate(total.key):
            if part != TOTAL:
                continue
            members = [
                j
                for (table, key), j in by_key.items()
                if table == total.table
                and key[axis] != TOTAL
                and all(
                    k == p for a, (k, p) in enumerate(zip(key, total.key, strict=True)) if a != axis
                )
            ]
            hidden = [j for j in members if figures[j].status != "shown"]
            if len(hidden) >= 2:
                out.append((f"summa: {' + '.join(figures[j].label for j in hidden)}", hidden))
    return out


def nested_differences(
    figures: Sequence[Figure],
    atoms: np.ndarray[Any, Any],
    truth: np.ndarray[Any, Any],
    threshold: int,
) -> list[tuple[str, np.ndarray[Any, Any], int]]:
    """Small groups between two figures, one inside the other: (name, atoms, count).

    A filtered total inside an unfiltered one ("kvinnor eller män" under
    everyone), or any cell inside another from a different table: when both are
    shown the larger minus the smaller is published, a group that need not be
    one atom or one line. Groups of one atom are left out (the atoms are units).

    Args:
        figures: The published figures.
        atoms: Figures × atoms membership (0/1).
        truth: Each atom's true count.
        threshold: Groups of 1..threshold-1 are returned.
    """
    out: list[tuple[str, np.ndarray[Any, Any], int]] = []
    seen: set[bytes] = set()
    sizes = atoms.sum(axis=1)
    counts = atoms @ truth
    gap = counts[:, None] - counts[None, :]
    inside = (atoms @ atoms.T) == sizes[None, :]  # [i, j]: figure j lies inside figure i
    for i, j in np.argwhere(inside & (gap > 0.5) & (gap < threshold - 0.5)):
        if sizes[i] - sizes[j] < 2:
            continue
        group = atoms[i] - atoms[j]
        key = group.tobytes()
        if key in seen:
            continue
        seen.add(key)
        name = f"skillnad: {figures[i].label} − {figures[j].label}"
        out.append((name, group, round(float(gap[i, j]))))
    return out


def _lp(
    a_eq: np.ndarray[Any, Any],
    b_eq: np.ndarray[Any, Any],
    a_ub: np.ndarray[Any, Any] | None,
    b_ub: np.ndarray[Any, Any] | None,
    c: np.ndarray[Any, Any],
    cap: float | None = None,
) -> Any:
    from scipy.optimize import linprog

    return linprog(
        c,
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=a_eq if len(a_eq) else None,
        b_eq=b_eq if len(b_eq) else None,
        bounds=(0, cap),
        method="highs",
    )


def attack(
    results: Sequence[StatResult],
    register: Register,
    *,
    labels: bool = True,
) -> list[Finding]:
    """Counts of 1..N-1 that the results, solved together, give away.

    Args:
        results: Everything the attacker has seen (one table, an answer, a session).
        register: The register they came from (to know the true counts).
        labels: Also attack with what the labels say: "färre än N" is 1..N-1,
            "dold" at least N, or at least 1 in a table with uniform labels.

    Returns:
        The findings; empty when the publication is safe.
    """
    if not results:
        return []
    threshold = min(r.threshold for r in results)
    figures, masks = published_figures(results, register)
    # Atoms: rows with the same membership in every figure.
    counted = masks.any(axis=0)
    patterns, inverse = np.unique(masks[:, counted].T, axis=0, return_inverse=True)
    inverse = np.asarray(inverse).reshape(-1)
    truth = np.bincount(inverse, minlength=len(patterns)).astype(float)
    a = patterns.T.astype(float)  # figures × atoms
    shown = [i for i, f in enumerate(figures) if f.status == "shown"]
    a_eq = a[shown]
    b_eq = np.array([float(figures[i].count or 0) for i in shown])
    ub_rows: list[np.ndarray[Any, Any]] = []
    ub_rhs: list[float] = []
    for i, f in enumerate(figures):
        if f.status == "primary":
            ub_rows += [a[i], -a[i]]
            ub_rhs += [threshold - 1.0, -1.0]
        elif f.status == "secondary":
            # "dold": at least N; in a uniform table only hidden (zeros never are): >= 1.
            ub_rows.append(-a[i])
            ub_rhs.append(-1.0 if f.uniform else -float(threshold))
    units: list[tuple[str, np.ndarray[Any, Any], int]] = []
    for i, f in enumerate(figures):
        value = round(float(a[i] @ truth))
        if f.status != "shown" and 0 < value < threshold:
            units.append((f.label, a[i], value))
    for name, hidden in line_sums(figures):
        union = np.clip(a[hidden].sum(axis=0), 0.0, 1.0)
        value = round(float(union @ truth))
        if 0 < value < threshold:
            units.append((name, union, value))
    for name, group, value in nested_differences(figures, a, truth, threshold):
        units.append((name, group, value))
    membership = a > 0.5
    for dimension in dict.fromkeys(d for r in results for d in r.filters):
        filtered = [i for i, f in enumerate(figures) if dimension in results[f.table].filters]
        for c, rest in left_out(membership, filtered):
            group = rest.astype(float)
            value = round(float(group @ truth))
            if 0 < value < threshold:
                name = f"utanför filtret på {dimension}: {figures[c].label}"
                units.append((name, group, value))
    for j, value in enumerate(truth):
        if 0 < value < threshold:
            unit = np.zeros(len(truth))
            unit[j] = 1.0
            units.append(("grupp", unit, round(float(value))))
    findings: list[Finding] = []
    reported: list[list[int]] = []
    modes = [False, True] if labels else [False]
    for use_labels in modes:
        a_ub = np.array(ub_rows) if use_labels and ub_rows else None
        b_ub = np.array(ub_rhs) if use_labels and ub_rows else None
        cap = float(truth.sum() + threshold)
        seen = {k: (float(v), float(v)) for k, (_, _, v) in enumerate(units)}

        def safe(low: float, high: float, use: bool = use_labels) -> bool:
            if use:
                return math.floor(high + _EPS) - math.ceil(low - _EPS) >= 1
            return low <= _EPS or high >= threshold - _EPS

        remaining = [k for k in seen if not safe(*seen[k])]
        rng = np.random.default_rng(1)
        for round_ in range(10):
            if not remaining:
                break
            for sign in (1.0, -1.0):
                weights: Any = sum(
                    (
                        units[k][1] * sign * (1.0 if round_ == 0 else rng.uniform(0.2, 1))
                        for k in remaining
                    ),
                    np.zeros(len(truth)),
                )
                res = _lp(a_eq, b_eq, a_ub, b_ub, weights, cap)
                if res.status != 0:
                    continue
                for k in remaining:
                    seen_value = float(units[k][1] @ res.x)
                    low, high = seen[k]
                    seen[k] = (min(low, seen_value), max(high, seen_value))
            remaining = [k for k in remaining if not safe(*seen[k])]
        for k in remaining:
            name, vector, value = units[k]
            low = _lp(a_eq, b_eq, a_ub, b_ub, vector)
            high = _lp(a_eq, b_eq, a_ub, b_ub, -vector)
            if low.status == 2 or high.status == 2:
                break  # the labels as read contradict the figures: the guess was wrong
            lo = float(low.fun) if low.status == 0 else 0.0
            hi = math.inf if high.status == 3 else float(-high.fun)
            if not safe(lo, hi):
                findings.append(Finding(name, value, lo, hi, use_labels))
                reported.append(np.flatnonzero(vector > 0.5).tolist())
    findings += _exact_groups(a, shown, figures, truth, threshold, reported)
    return findings


#: How many distinct groups computed exactly :func:`attack` reports at most.
_EXACT_LIMIT = 10


def _exact_groups(
    a: np.ndarray[Any, Any],
    shown: Sequence[int],
    figures: Sequence[Figure],
    truth: np.ndarray[Any, Any],
    threshold: int,
    reported: Sequence[list[int]],
) -> list[Finding]:
    """Groups of 1..threshold-1 that a combination of shown figures computes exactly,
    whatever their shape (:func:`~assistant.stats.suppression.exact_group`); the
    named units above are left out (reported already)."""
    cells = [(np.flatnonzero(a[i] > 0.5).tolist(), figures[i].count or 0) for i in shown]
    found: list[list[int]] = []
    out: list[Finding] = []
    while len(found) < _EXACT_LIMIT:
        excluded = [*reported, *found]
        group = exact_group(len(truth), cells, truth.tolist(), threshold, exclude=excluded)
        if group is None:
            break
        found.append(group)
        value = round(float(truth[group].sum()))
        out.append(
            Finding(
                f"grupp räknad exakt ur visade tal ({len(group)} delar)", value, value, value, False
            )
        )
    return out
