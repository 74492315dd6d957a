"""Disclosure control for count tables (röjandekontroll), audited by linear programming.

A published system of tables is described by its *atoms* and its *cells*. An
atom is a group of participations that every published cell either holds whole
or not at all (for one two-way table: its inner cells); a cell is a set of
atoms, and its count is their sum. Row and column totals, the grand total and
every cell of every other table published together are cells of the same
system, so one audit covers them all.

The attacker knows every shown cell and that counts are whole numbers ≥ 0. For
a hidden cell (or a small atom) the attacker can then narrow the count to the
interval ``[min, max]`` of a linear program over the atoms (:func:`audit`). A
count from 1 to ``threshold - 1`` is *disclosed* when that interval lies
inside ``1..threshold-1``: the attacker then knows a small group exists and
how small it is. The protection (:func:`protect`) is the audit loop of
τ-ARGUS and sdcTable's ``protectTable``/``attack``:

1. primary suppression: every cell counting 1..threshold-1 is hidden;
2. audit: the interval of each sensitive unit (a hidden primary cell, or an
   atom of 1..threshold-1, which a difference of two shown cells could give
   away, or the union of a line's small cells, which the line's total minus
   its shown cells would give away) is computed by LP (HiGHS through
   :func:`scipy.optimize.linprog`);
3. for a unit that fails, the cheapest set of further cells is found by a
   small mixed-integer program (the "optimal" method of τ-ARGUS, one sensitive
   unit at a time as in its modular variant): hide shown cells ``s`` with
   indicator ``z_s``, minimise ``Σ (count_s + 1)·z_s`` subject to an integer
   table ``x ≥ 0`` that agrees with every cell left shown and puts the unit at
   0 or at ``threshold``. Such a table is a witness: once those cells are
   hidden, the attacker's interval reaches 0 or the threshold. Cost ``count + 1``
   prefers few, small cells; a total is hidden when that is cheapest. Zero
   cells are never hidden (a shown zero gives nothing away);
4. the same again against an attacker who also reads the labels ("färre än
   N" is 1..N-1, "dold" at least N; :func:`label_ranges`): no unit may be
   pinned to one whole number. Where the labels themselves pin a count
   whatever is hidden, the publication switches to *uniform* labels (every
   hidden cell "dold", known only to be ≥ 1) and is checked again;
5. verify once more (a MIP solver can report a cover that does not hold).
   Hiding more never narrows an interval, so a unit that passed stays safe.

Feasible tables found along the way are witnesses too: a unit whose witnesses
already reach 0 or the threshold (or, with labels, two values) needs no LP of
its own (:meth:`_Attacker.screen`), which keeps a table to a few dozen LPs.

Cells published earlier (a session ledger) enter as *locked*: their status is
fixed, and only the new cells can be hidden.

Example:
    >>> cells = {"a": {0}, "b": {1}, "c": {2}, "T": {0, 1, 2}}
    >>> status = protect(cells, [3, 10, 12], 5)
    >>> status["a"], status["b"], status["c"], status["T"]
    ('primary', 'secondary', None, None)
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import threading
from collections.abc import Callable, Collection, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import numpy as np

from assistant.errors import DisclosureAuditError

Status = Literal["primary", "secondary"] | None
K = TypeVar("K", bound=Hashable)

#: Numerical slack when reading LP optima as whole numbers.
_EPS = 1e-6


def is_primary(count: int, threshold: int) -> bool:
    """Whether a count is too small to show (1..threshold-1)."""
    return 0 < count < threshold


@dataclass(frozen=True)
class Interval:
    """What an attacker can learn about a hidden count: ``low <= count <= high``.

    ``high`` is ``math.inf`` when nothing bounds the count from above.
    """

    low: float
    high: float

    def discloses(self, threshold: int) -> bool:
        """Whether the interval lies inside 1..threshold-1 (a small count is given away)."""
        return self.low >= 1 - _EPS and self.high <= threshold - 1 + _EPS

    @property
    def exact(self) -> bool:
        """Whether only one whole number fits (the count is computed exactly)."""
        return math.floor(self.high + _EPS) - math.ceil(self.low - _EPS) < 1


Rows = Sequence[tuple[Collection[int], float, float]]


def _matrix(
    atoms: int, rows: Sequence[Collection[int]]
) -> np.ndarray[tuple[int, int], np.dtype[np.float64]]:
    a = np.zeros((len(rows), atoms))
    for i, members in enumerate(rows):
        a[i, list(members)] = 1.0
    return a


class _Attacker:
    """The LP an attacker solves: atoms ≥ 0 agreeing with every shown cell and,
    when the labels are used, every hidden cell within what its label says."""

    def __init__(
        self, n_atoms: int, shown: Sequence[tuple[Collection[int], int]], ranges: Rows = ()
    ) -> None:
        self.n = n_atoms
        self.a_eq = _matrix(n_atoms, [m for m, _ in shown]) if shown else None
        self.b_eq = np.array([float(v) for _, v in shown]) if shown else None
        self.a_ub: np.ndarray[tuple[int, int], np.dtype[np.float64]] | None = None
        self.b_ub: np.ndarray[tuple[int], np.dtype[np.float64]] | None = None
        ub_rows: list[Collection[int]] = []
        ub_sign: list[float] = []
        ub_rhs: list[float] = []
        for members, low, high in ranges:
            if high < math.inf:
                ub_rows.append(members)
                ub_sign.append(1.0)
                ub_rhs.append(high)
            if low > 0:
                ub_rows.append(members)
                ub_sign.append(-1.0)
                ub_rhs.append(-low)
        if ub_rows:
            self.a_ub = _matrix(n_atoms, ub_rows) * np.array(ub_sign)[:, None]
            self.b_ub = np.array(ub_rhs)

    def _solve(self, target: Collection[int], sign: float) -> float:
        from scipy.optimize import linprog

        c = np.zeros(self.n)
        c[list(target)] = sign
        res = linprog(
            c,
            A_ub=self.a_ub,
            b_ub=self.b_ub,
            A_eq=self.a_eq,
            b_eq=self.b_eq,
            bounds=(0, None),
            method="highs",
        )
        if res.status == 3:  # unbounded
            return math.inf
        if res.status != 0:
            raise DisclosureAuditError(
                "Röjandeskyddet kunde inte kontrolleras för tabellen, så den visas inte. "
                "Försök igen, eller dela upp frågan på färre indelningar eller ett kortare "
                "tidsintervall."
            )
        return float(sign * res.fun)

    def point(self, weights: np.ndarray[tuple[int], np.dtype[np.float64]], cap: float) -> Any:
        """A feasible table (atoms within ``[0, cap]``) minimising ``weights · x``, or None."""
        from scipy.optimize import linprog

        res = linprog(
            weights,
            A_ub=self.a_ub,
            b_ub=self.b_ub,
            A_eq=self.a_eq,
            b_eq=self.b_eq,
            bounds=(0, cap),
            method="highs",
        )
        return res.x if res.status == 0 else None

    def screen(
        self,
        units: Mapping[Hashable, Collection[int]],
        safe: Callable[[float, float], bool],
        cap: float,
        truth: Mapping[Hashable, float] | None = None,
    ) -> list[Hashable]:
        """Units that feasible tables found cheaply do not clear; check those one by one.

        Any feasible table is a witness: a unit whose values seen so far already
        satisfy ``safe(min_seen, max_seen)`` needs no LP of its own. Tables that
        push the remaining units down, then up, clear most of them at once.
        """
        # The true table is feasible too: its values are the first witness.
        seen = {u: (v, v) for u, v in (truth or {}).items()}
        remaining = {u: m for u, m in units.items() if not (u in seen and safe(*seen[u]))}
        rng = np.random.default_rng(0)  # fixed: the same table always gets the same cells
        for round_ in range(12):
            before = len(remaining)
            for sign in (1.0, -1.0):
                if not remaining:
                    break
                weights = np.zeros(self.n)
                for members in remaining.values():
                    # Equal weights first, then random ones: other vertices, other witnesses.
                    weight = 1.0 if round_ == 0 else float(rng.uniform(0.2, 1.0))
                    weights[list(members)] += sign * weight
                x = self.point(weights, cap)
                if x is None:
                    return list(remaining)
                for unit, members in list(remaining.items()):
                    value = float(x[list(members)].sum())
                    low, high = seen.get(unit, (value, value))
                    seen[unit] = (min(low, value), max(high, value))
                    if safe(*seen[unit]):
                        del remaining[unit]
            if len(remaining) == before and round_ > 2:
                break
        return list(remaining)

    def high(self, target: Collection[int]) -> float:
        return self._solve(target, -1.0)

    def low(self, target: Collection[int]) -> float:
        return self._solve(target, 1.0)

    def interval(self, target: Collection[int]) -> Interval:
        return Interval(self.low(target), self.high(target))

    def discloses(self, target: Collection[int], threshold: int) -> bool:
        # Upper bound first: a hidden cell that can reach the threshold is safe.
        if self.high(target) > threshold - 1 + _EPS:
            return False
        return self.low(target) >= 1 - _EPS

    def pins(self, target: Collection[int], truth: float) -> bool:
        # The true count is feasible: one more whole value either side clears it.
        if self.high(target) >= truth + 1 - _EPS:
            return False
        return self.low(target) > truth - 1 + _EPS


def label_ranges(
    cells: Mapping[K, Collection[int]],
    status: Mapping[K, Status],
    threshold: int,
    *,
    uniform: bool = False,
) -> list[tuple[Collection[int], float, float]]:
    """What the labels of hidden cells tell an attacker; always true of the cells.

    "färre än N" is 1..N-1 and "dold" is at least N (zeros are never hidden and
    a secondary cell is never small). In a *uniform* table every hidden cell is
    shown as "dold" and the table says that it may be small: then each is only
    known to be at least 1.
    """
    return _ranges(cells, status, threshold, set(cells) if uniform else set())


def _ranges(
    cells: Mapping[K, Collection[int]],
    status: Mapping[K, Status],
    threshold: int,
    uniform: Collection[Hashable],
) -> list[tuple[Collection[int], float, float]]:
    out: list[tuple[Collection[int], float, float]] = []
    for key, members in cells.items():
        if status.get(key) is None:
            continue
        if key in uniform:
            out.append((members, 1.0, math.inf))
        elif status.get(key) == "primary":
            out.append((members, 1.0, float(threshold - 1)))
        else:
            out.append((members, float(threshold), math.inf))
    return out


def audit(
    cells: Mapping[K, Collection[int]],
    shown: Mapping[K, int],
    targets: Iterable[K] | None = None,
    *,
    atoms: int | None = None,
    labels: Mapping[K, Status] | None = None,
    threshold: int | None = None,
    uniform: bool = False,
) -> dict[K, Interval]:
    """Each hidden cell's feasible interval, as an attacker computes it.

    Args:
        cells: Every published cell as the set of atom indices it sums.
        shown: The published counts (hidden cells are absent).
        targets: Cells to bound (default: every cell not in ``shown``).
        atoms: Number of atoms (default: one more than the largest index used).
        labels: The hidden cells' status, when the attacker also uses what the
            labels say (see :func:`label_ranges`); needs ``threshold``.
        threshold: The threshold the labels refer to.
        uniform: The table shows every hidden cell as "dold" (at least 1).

    Returns:
        ``{cell: Interval}``: the least and greatest count consistent with every
        shown count and with counts ≥ 0 (LP by HiGHS).

    Example:
        >>> cells = {"a": {0}, "b": {1}, "T": {0, 1}}
        >>> audit(cells, {"b": 10, "T": 13})["a"]
        Interval(low=3.0, high=3.0)
    """
    n = atoms if atoms is not None else 1 + max((max(m) for m in cells.values() if m), default=-1)
    ranges: Rows = ()
    if labels is not None:
        if threshold is None:
            raise ValueError("labels need the threshold they refer to")
        ranges = label_ranges(cells, labels, threshold, uniform=uniform)
    attacker = _Attacker(n, [(cells[k], v) for k, v in shown.items()], ranges)
    wanted = [k for k in cells if k not in shown] if targets is None else list(targets)
    return {k: attacker.interval(cells[k]) for k in wanted}


_stdout_lock = threading.Lock()


@contextlib.contextmanager
def _quiet_stdout() -> Iterator[None]:
    """Silence the C-level stdout while HiGHS solves a MIP.

    HiGHS (1.7-1.11, in scipy 1.15-1.17) sometimes prints a debug line
    ("HighsMipSolverData::transformNewIntegerFeasibleSolution tmpSolver.run();")
    straight to file descriptor 1, whatever its options say, which would end up in
    ``finsam stats`` output. Python's own writes are flushed first.
    """
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        yield  # no real stdout (captured): nothing to protect
        return
    with _stdout_lock:
        sys.stdout.flush()
        saved = os.dup(fd)
        try:
            with open(os.devnull, "w") as null:
                os.dup2(null.fileno(), fd)
                try:
                    yield
                finally:
                    os.dup2(saved, fd)
        finally:
            os.close(saved)


def _cheapest_cover(
    n_atoms: int,
    bound: float,
    fixed: Sequence[tuple[Collection[int], int]],
    free: Sequence[tuple[Collection[int], int]],
    ranges: Rows,
    free_floor: float,
    target: Collection[int],
    goals: Sequence[tuple[float, float]],
) -> list[int] | None:
    """Indices into ``free`` to hide so that ``target`` can take a value in one of ``goals``.

    A mixed-integer program (HiGHS through :func:`scipy.optimize.milp`): integer
    atoms ``x`` within ``[0, bound]``, binary ``z`` per free cell, minimising
    ``Σ (count + 1)·z``; fixed cells hold exactly, ranges (what labels say)
    hold, a free cell may differ from its count only when hidden, and stays at
    least ``free_floor`` (what its label will say). The solution is a
    whole-number table the attacker cannot rule out. Returns None when no
    choice of free cells protects the target.
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    big = bound * n_atoms + max((v for _, v in free), default=0)
    n_free = len(free)
    width = n_atoms + n_free
    rows: list[np.ndarray[tuple[int], np.dtype[np.float64]]] = []
    lower: list[float] = []
    upper: list[float] = []

    def add(members: Collection[int], lo: float, hi: float, z: int | None = None) -> None:
        row = np.zeros(width)
        row[list(members)] = 1.0
        if z is not None:
            row[n_atoms + z] = -big if hi < math.inf else big
        rows.append(row)
        lower.append(lo)
        upper.append(hi)

    for members, value in fixed:
        add(members, value, value)
    for members, low, high in ranges:
        add(members, low, high)
    for j, (members, value) in enumerate(free):
        # |A_s x - v_s| <= big * z_s
        add(members, -math.inf, value, j)
        add(members, value, math.inf, j)
        if free_floor > 0:
            add(members, free_floor, math.inf)
    goal = np.zeros(width)
    goal[list(target)] = 1.0
    cost = np.concatenate([np.zeros(n_atoms), [v + 1.0 for _, v in free]])
    bounds = Bounds(np.zeros(width), np.concatenate([np.full(n_atoms, bound), np.ones(n_free)]))
    best: tuple[float, list[int]] | None = None
    if (
        len(goals) == 2
        and goals[0][1] == math.inf
        and goals[1][0] == 0.0
        and goals[1][1] < goals[0][0]
    ):
        # "At least a, or at most b" in one MIP with a binary y choosing the side:
        # target >= a*y and target <= b + M*y (half the solves of one MIP per side).
        a, b = goals[0][0], goals[1][1]
        reach = bound * n_atoms
        matrix = np.hstack([np.array([*rows, goal, goal]), np.zeros((len(rows) + 2, 1))])
        matrix[-2, -1] = -a
        matrix[-1, -1] = -reach
        with _quiet_stdout():
            res = milp(
                np.append(cost, 0.0),
                constraints=LinearConstraint(
                    matrix, [*lower, 0.0, -math.inf], [*upper, math.inf, b]
                ),
                integrality=np.ones(width + 1),
                bounds=Bounds(np.append(bounds.lb, 0.0), np.append(bounds.ub, 1.0)),
            )
        if res.status != 0 or res.x is None:
            return None
        return [j for j in range(n_free) if res.x[n_atoms + j] > 0.5]
    for low, high in goals:
        with _quiet_stdout():
            res = milp(
                cost,
                constraints=LinearConstraint(
                    np.array([*rows, goal]), [*lower, low], [*upper, high]
                ),
                integrality=np.ones(width),
                bounds=bounds,
            )
        if res.status != 0 or res.x is None:
            continue
        chosen = [j for j in range(n_free) if res.x[n_atoms + j] > 0.5]
        total = sum(free[j][1] + 1.0 for j in chosen)
        if best is None or total < best[0]:
            best = (total, chosen)
    return None if best is None else best[1]


#: Groups computed exactly from the shown cells that one publication may add as units
#: before it is withheld instead (each round hides more; a handful is usual).
_EXACT_ROUNDS = 25
#: Time for one search (seconds); a search that cannot finish withholds the table.
_EXACT_SECONDS = 60.0


def exact_group(
    n_atoms: int,
    shown: Sequence[tuple[Collection[int], int]],
    atom_counts: Sequence[float],
    threshold: int,
    exclude: Collection[Collection[int]] = (),
) -> list[int] | None:
    """A group of atoms whose count is an exact linear combination of the shown cells
    and lies in 1..threshold-1, or None.

    Every such group is given away by arithmetic on the figures alone: its indicator
    ``g`` is a combination ``Σ λ_s · cell_s`` of shown cells, so its count is the same
    combination of their counts. A mixed-integer program (HiGHS through
    :func:`scipy.optimize.milp`) looks for a binary ``g`` and real ``λ`` with
    ``g = Aᵀλ`` and ``1 ≤ g · counts ≤ threshold - 1``. This finds the groups no list
    of unit shapes names: in a two-way table the block of hidden cells off a shown
    row and a shown column (total − row − column + their cell), a chain of hidden
    cells across lines, sums over several tables. ``exclude``: groups not to return
    (no-good cuts).

    Example:
        >>> exact_group(3, [({0, 1, 2}, 14), ({2}, 11)], [1, 2, 11], 5)
        [0, 1]
    """
    from scipy.optimize import Bounds, LinearConstraint, milp

    rows = [sorted(m) for m, _ in shown if m]
    counts = np.asarray(atom_counts, dtype=float)
    # Only atoms below the threshold can be in a group that is: the rest are fixed out.
    small = counts < threshold
    if not rows or not (small & (counts > 0)).any():
        return None
    m = len(rows)
    a = _matrix(n_atoms, rows)  # shown cells × atoms
    # Variables: g (n binary), then λ (m free). Constraint g - Aᵀλ = 0.
    equal = np.hstack([np.eye(n_atoms), -a.T])
    size = np.concatenate([counts, np.zeros(m)])[None, :]
    constraints = [
        LinearConstraint(equal, 0.0, 0.0),
        LinearConstraint(size, 1.0, float(threshold - 1)),
    ]
    for group in exclude:
        cut = np.zeros(n_atoms + m)
        cut[:n_atoms] = -1.0
        cut[list(group)] = 1.0
        constraints.append(LinearConstraint(cut[None, :], -math.inf, float(len(group) - 1)))
    bounds = Bounds(
        np.concatenate([np.zeros(n_atoms), np.full(m, -math.inf)]),
        np.concatenate([small.astype(float), np.full(m, math.inf)]),
    )
    with _quiet_stdout():
        res = milp(
            np.zeros(n_atoms + m),
            constraints=constraints,
            integrality=np.concatenate([np.ones(n_atoms), np.zeros(m)]),
            bounds=bounds,
            options={"time_limit": _EXACT_SECONDS},
        )
    if res.status == 2:  # infeasible: no such group
        return None
    if res.x is None:  # out of time (or a solver failure) before an answer: not proven safe
        raise DisclosureAuditError(
            "Röjandeskyddet kunde inte kontrolleras för tabellen, så den visas inte. "
            "Försök igen, eller dela upp frågan på färre indelningar eller ett kortare "
            "tidsintervall."
        )
    group = [j for j in range(n_atoms) if res.x[j] > 0.5]
    total = float(counts[group].sum())
    return group if 1 - _EPS <= total <= threshold - 1 + _EPS else None


def _nested_differences(
    cells: Mapping[K, Collection[int]], values: Mapping[K, int], threshold: int
) -> dict[Hashable, tuple[list[int], int]]:
    """Groups between two cells, one inside the other, that count 1..threshold-1.

    A filtered total inside an unfiltered one ("kvinnor eller män" under everyone),
    or any cell inside another from a different table, publishes the rows between
    them when both are shown: the larger minus the smaller. Those rows need not be
    one atom or one line (another table may split them), so each such group is a
    sensitive unit of its own. Groups that are one atom are left to the atom units.
    """
    keys = list(cells)
    counts = np.array([values[k] for k in keys])
    gap = counts[:, None] - counts[None, :]
    pairs = np.argwhere((gap > 0) & (gap < threshold))
    out: dict[Hashable, tuple[list[int], int]] = {}
    seen: set[frozenset[int]] = set()
    for i, j in pairs:
        big, small = cells[keys[i]], cells[keys[j]]
        if len(big) - len(small) < 2:
            continue  # no atoms between them, or one (an atom unit already)
        inner = set(small)
        if not inner <= set(big):
            continue
        group = frozenset(big) - inner
        if group in seen:
            continue
        seen.add(group)
        out[("difference", keys[i], keys[j])] = (sorted(group), int(gap[i, j]))
    return out


def left_out(
    members: np.ndarray[Any, np.dtype[np.bool_]], filtered: Sequence[int]
) -> list[tuple[int, np.ndarray[Any, np.dtype[np.bool_]]]]:
    """The rows of each cell that the filtered cells inside it leave out.

    A total shown next to figures filtered on one dimension ("kvinnor", "män",
    "kvinnor eller män") publishes the rest when the filtered figures inside it
    are shown: total minus women minus men is the annat/okänt, though no table
    has a cell for them and the figures may come from different questions.

    Args:
        members: Cells × atoms membership.
        filtered: Indices of the cells of tables filtered on one dimension.

    Returns:
        ``(cell index, atoms left out)`` for each cell with filtered cells inside it
        and something left over.
    """
    if not len(filtered):
        return []
    sub = members[list(filtered)]
    # inside[f, c]: filtered cell f lies inside cell c.
    inside = (sub.astype(np.int64) @ (~members).T.astype(np.int64)) == 0
    out = []
    for c in range(members.shape[0]):
        within = [k for k, f in enumerate(filtered) if inside[k, c] and f != c]
        if not within:
            continue
        rest = members[c] & ~sub[within].any(axis=0)
        if rest.any():
            out.append((c, rest))
    return out


@dataclass(frozen=True)
class Protection:
    """The outcome of :func:`protect_system`.

    Attributes:
        status: Per cell ``"primary"``, ``"secondary"`` or None (shown).
        sensitive: Units (cell keys, or ``("atom", i)``) that were checked.
        unprotected: Units that no choice of new cells can protect: the locked
            cells (an earlier publication), the zeros (never hidden) and what the
            labels of hidden cells say give them away whatever is hidden. A
            publication with any such unit must not be shown
            (:func:`assistant.stats.publish` withholds it).
        uniform: Every hidden cell must be shown as "dold" (may be small): the
            "färre än N" labels themselves would pin a count (four "färre än 5"
            cells under a "färre än 5" total are 1 each).
    """

    status: dict[Hashable, Status]
    sensitive: list[Hashable]
    unprotected: list[Hashable]
    uniform: bool = False


def protect_system(
    cells: Mapping[K, Collection[int]],
    atom_counts: Sequence[int],
    threshold: int,
    *,
    locked: Mapping[K, Status] | None = None,
    locked_uniform: Collection[K] = (),
    lines: Sequence[tuple[K, Sequence[K]]] = (),
    groups: Sequence[tuple[Hashable, Collection[int]]] = (),
) -> Protection:
    """Primary and secondary suppression for a system of cells over atoms.

    Two attackers are checked, and every sensitive unit must pass both:

    * from the shown counts and counts ≥ 0 alone, the unit's interval reaches
      0 or the threshold (never inside 1..threshold-1);
    * also using what the labels say (:func:`label_ranges`), the unit's
      count is not pinned to one whole number. When the labels themselves pin
      a count whatever else is hidden, the publication switches to uniform
      labels (every hidden cell "dold", at least 1) and is protected again.

    Args:
        cells: Every published cell as the set of atom indices it sums.
        atom_counts: The true count of each atom.
        threshold: Counts 1..threshold-1 are hidden and must not be computable.
        locked: Cells already published (a session ledger): their status is kept.
        locked_uniform: Locked cells that were published with uniform labels.
        lines: ``(total, [cells that split it])`` per line of a table (a row and its
            margin, a column, a one-way table and its total). When a line hides
            two or more small cells, their union is a sensitive unit too: the
            total minus the shown cells would otherwise give its count away
            (τ-ARGUS and sdcTable protect the sum of a line's suppressed cells).
        groups: Further groups of atoms the cells could single out (e.g. what the
            filtered cells inside a total leave out, :func:`left_out`); each that
            counts 1..threshold-1 is a sensitive unit.

    Returns:
        A :class:`Protection`.
    """
    if threshold < 1:
        raise ValueError(f"threshold must be at least 1, got {threshold}")
    locked = dict(locked or {})
    values = {k: sum(atom_counts[a] for a in m) for k, m in cells.items()}
    status: dict[K, Status] = {}
    for key, count in values.items():
        if key in locked:
            status[key] = locked[key]
        else:
            status[key] = "primary" if is_primary(count, threshold) else None
    if threshold == 1:
        return Protection({k: v for k, v in status.items()}, [], [])
    n = len(atom_counts)
    # Sensitive units: primary cells (those shown earlier too: a new table must not
    # give them away) and every small atom (a difference of shown cells could
    # isolate it even when no table shows it).
    units: dict[Hashable, tuple[Collection[int], int]] = {
        k: (cells[k], values[k]) for k in cells if status[k] == "primary"
    }
    for i, c in enumerate(atom_counts):
        if is_primary(c, threshold):
            units[("atom", i)] = ((i,), c)
    # Atoms the caller split finer than the cells do (a table's grouping splits rows
    # it does not count) are one group to the attacker: the rows every published cell
    # holds alike. Such a group of 1..threshold-1 is a unit even when each piece,
    # free to trade rows with the others, is not.
    holders: dict[int, set[Hashable]] = {}
    for key, atoms_of in cells.items():
        for a in atoms_of:
            holders.setdefault(a, set()).add(key)
    groups_alike: dict[frozenset[Hashable], list[int]] = {}
    for a in range(len(atom_counts)):
        groups_alike.setdefault(frozenset(holders.get(a, ())), []).append(a)
    for alike in groups_alike.values():
        count = sum(atom_counts[a] for a in alike)
        if len(alike) > 1 and is_primary(count, threshold):
            units[("alike", alike[0])] = (alike, count)
    for total, parts in lines:
        small = [k for k in parts if status[k] == "primary"]
        if len(small) < 2:
            continue
        union = sorted({a for k in small for a in cells[k]})
        count = sum(atom_counts[a] for a in union)
        if is_primary(count, threshold):
            units[("line", total, tuple(small))] = (union, count)
    for unit, between in _nested_differences(cells, values, threshold).items():
        units.setdefault(unit, between)
    for name, group in groups:
        count = sum(atom_counts[a] for a in group)
        if is_primary(count, threshold):
            units.setdefault(("left out", name), (sorted(group), count))
    bound = float(sum(atom_counts) + threshold)
    truth = {u: float(v) for u, (_, v) in units.items()}
    members = {u: m for u, (m, _) in units.items()}

    def shown() -> list[tuple[Collection[int], int]]:
        return [(cells[k], values[k]) for k in cells if status[k] is None]

    def ranges(uniform: bool) -> Rows:
        # Locked cells keep the labels they were shown with.
        keys: set[Hashable] = set(locked_uniform)
        if uniform:
            keys |= {k for k in cells if k not in locked}
        return _ranges(cells, status, threshold, keys)

    def hide(unit: Hashable, labelled: bool, uniform: bool) -> bool:
        target, value = units[unit]
        fixed = [
            (cells[k], values[k])
            for k in cells
            if status[k] is None and (k in locked or values[k] == 0)
        ]
        free_keys = [k for k in cells if status[k] is None and k not in locked and values[k] > 0]
        if labelled:
            rows: Rows = ranges(uniform)
            goals = [(value + 1.0, math.inf), (0.0, value - 1.0)]
            floor = 1.0 if uniform else float(threshold)
        else:
            rows, goals, floor = (), [(float(threshold), math.inf), (0.0, 0.0)], 0.0
        chosen = _cheapest_cover(
            n, bound, fixed, [(cells[k], values[k]) for k in free_keys], rows, floor, target, goals
        )
        if chosen is None:
            return False
        for j in chosen:
            status[free_keys[j]] = "secondary"
        return True

    def reaches(low: float, high: float) -> bool:
        return low <= _EPS or high >= threshold - _EPS

    def two_values(low: float, high: float) -> bool:
        return math.floor(high + _EPS) - math.ceil(low - _EPS) >= 1

    # A pass that hid nothing has checked the status it ran on: the same check on
    # the same status gives the same answer, so it is not run again.
    checked_plain: set[tuple[Status, ...]] = set()
    checked_labels: dict[tuple[tuple[Status, ...], bool], list[Hashable]] = {}

    def snapshot() -> tuple[Status, ...]:
        return tuple(status.values())

    def plain_pass() -> list[Hashable]:
        """The attacker without labels: intervals must reach 0 or the threshold."""
        start = snapshot()
        if start in checked_plain:
            return []
        failed: list[Hashable] = []
        for unit in _Attacker(n, shown()).screen(members, reaches, bound, truth):
            if (
                unit not in unprotected
                and _Attacker(n, shown()).discloses(members[unit], threshold)
                and not hide(unit, labelled=False, uniform=False)
            ):
                failed.append(unit)
        if snapshot() == start:
            checked_plain.add(start)
        return failed

    unprotected: list[Hashable] = []
    # 1. The attacker without labels.
    unprotected += plain_pass()

    # 2. The attacker who also reads the labels: no count pinned to one value.
    def label_pass(uniform: bool) -> list[Hashable]:
        start = snapshot()
        if (start, uniform) in checked_labels:
            return list(checked_labels[(start, uniform)])
        failed: list[Hashable] = []
        candidates = {u: m for u, m in members.items() if u not in unprotected}
        attacker = _Attacker(n, shown(), ranges(uniform))
        for unit in attacker.screen(candidates, two_values, bound, truth):
            if _Attacker(n, shown(), ranges(uniform)).pins(members[unit], truth[unit]) and not hide(
                unit, labelled=True, uniform=uniform
            ):
                failed.append(unit)
                if not uniform:
                    break  # the labels themselves give it away: go uniform at once
        if snapshot() == start:
            checked_labels[(start, uniform)] = list(failed)
        return failed

    uniform = False
    failed = label_pass(uniform)
    if failed:
        uniform = True
        failed = label_pass(uniform)

    def verify() -> None:
        # A solver can report a cover that does not hold (scipy#24141): check again.
        nonlocal uniform, failed
        for _ in range(3):
            before = dict(status)
            failed += [u for u in plain_pass() if u not in failed]
            labelled = label_pass(uniform)
            if labelled and not uniform:
                uniform = True
                labelled = label_pass(uniform)
            failed += [u for u in labelled if u not in failed]
            if status == before:
                break

    verify()
    # 3. Any other group that the shown cells compute exactly (a block of hidden
    # cells, a chain across lines): each found is a unit of its own, protected like
    # the rest, until none is left.
    for _ in range(_EXACT_ROUNDS):
        found = exact_group(n, shown(), atom_counts, threshold)
        if found is None:
            break
        exact: Hashable = ("exact", tuple(found))
        if exact in members:  # protected before, and computable again: cannot be helped
            failed.append(exact)
            break
        count = sum(atom_counts[a] for a in found)
        units[exact] = (found, count)
        members[exact] = found
        truth[exact] = float(count)
        checked_plain.clear()
        checked_labels.clear()
        verify()
        if exact in failed:
            break
    else:
        if exact_group(n, shown(), atom_counts, threshold) is not None:
            failed.append(("exact", "rounds"))
    unprotected += list(dict.fromkeys(failed))
    return Protection({k: v for k, v in status.items()}, list(units), unprotected, uniform)


def protect(
    cells: Mapping[K, Collection[int]],
    atom_counts: Sequence[int],
    threshold: int,
    *,
    locked: Mapping[K, Status] | None = None,
    lines: Sequence[tuple[K, Sequence[K]]] = (),
) -> dict[K, Status]:
    """Like :func:`protect_system`, returning only the status per cell."""
    result = protect_system(cells, atom_counts, threshold, locked=locked, lines=lines)
    return {k: result.status[k] for k in cells}
