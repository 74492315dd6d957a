"""Groups that the shown figures compute exactly, whatever their shape.

The protection audits named units (hidden cells, small atoms, a line's hidden
cells, nested differences, what filters leave out). A two-way table can give
away a group that is none of these: with the total, one row, one column and
their common cell shown, the block of hidden cells off that row and column is
total − row − column + cell. Here (kön × anmälande part, 20 who started) that
block, the men and annat/okänt referred by Stockholms stad or
Arbetsförmedlingen, is 4 people in five "färre än 5" cells.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np
from scipy.optimize import linprog

from assistant import stats
from assistant.register import Register
from assistant.stats.attack import attack, published_figures

#: (kön, anmälande part) -> participants who started in 2024.
BLOCK = {
    ("Kvinna", "Stockholms stad"): 3,
    ("Kvinna", "Försäkringskassan"): 5,
    ("Kvinna", "Arbetsförmedlingen"): 2,
    ("Man", "Stockholms stad"): 1,
    ("Man", "Försäkringskassan"): 4,
    ("Man", "Arbetsförmedlingen"): 2,
    ("Annat/okänt", "Stockholms stad"): 1,
    ("Annat/okänt", "Försäkringskassan"): 2,
}


def block_register(
    make_register: Callable[[list[dict[str, Any]]], Register],
    participant: Callable[..., dict[str, Any]],
) -> Register:
    rows: list[dict[str, Any]] = []
    for (kon, part), n in BLOCK.items():
        rows += [participant(len(rows) + i, kon=kon, anmalande_part=part) for i in range(n)]
    return make_register(rows)


def block_interval(result: stats.StatResult, register: Register) -> tuple[float, float]:
    """What an attacker can learn of the block (non-women outside Försäkringskassan) by
    solving every shown figure of the table with counts ≥ 0 (HiGHS)."""
    import pandas as pd

    figures, masks = published_figures([result], register)
    with register.query() as con:
        frame = con.execute("SELECT kon, anmalande_part FROM deltagare").df()
    block = np.asarray(
        (frame["kon"] != "Kvinna") & (frame["anmalande_part"] != "Försäkringskassan"), dtype=bool
    )
    assert isinstance(frame, pd.DataFrame) and block.sum() == 4
    # Atoms: rows alike in every figure and in the block.
    patterns, inverse = np.unique(np.vstack([masks, block]).T, axis=0, return_inverse=True)
    a = patterns.T.astype(float)
    shown = [i for i, f in enumerate(figures) if f.status == "shown"]
    a_eq = a[shown]
    b_eq = [float(figures[i].count or 0) for i in shown]
    target = a[-1]
    low = linprog(target, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    high = linprog(-target, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    assert low.status == 0 and high.status in (0, 3)
    assert len(np.asarray(inverse).reshape(-1)) == len(frame)
    return float(low.fun), math.inf if high.status == 3 else float(-high.fun)


def test_the_block_of_hidden_cells_off_a_shown_row_and_column_cannot_be_computed(
    make_register: Callable[[list[dict[str, Any]]], Register],
    participant: Callable[..., dict[str, Any]],
) -> None:
    register = block_register(make_register, participant)
    result = stats.count(register, event="started", year=2024, by=["kön", "anmälande part"])
    assert result.n == 20 and result.cell("Totalt", "Försäkringskassan").count == 11
    low, high = block_interval(result, register)
    assert low <= 0 or high >= 5, f"the block of 4 is narrowed to {low}..{high}"
    assert attack([result], register) == []


def test_exact_group_finds_the_block_in_the_table_the_named_units_missed() -> None:
    """The search itself: total 20, row Kvinna 10, column Försäkringskassan 11 and their
    cell 5 shown; the atoms are the eight inner cells in ``BLOCK`` order."""
    from assistant.stats.suppression import exact_group

    counts = list(BLOCK.values())
    keys = list(BLOCK)
    atoms = {k: i for i, k in enumerate(keys)}
    total = set(atoms.values())
    women = {atoms[k] for k in keys if k[0] == "Kvinna"}
    fk = {atoms[k] for k in keys if k[1] == "Försäkringskassan"}
    cell = {atoms[("Kvinna", "Försäkringskassan")]}
    shown = [(total, 20), (women, 10), (fk, 11), (cell, 5)]
    group = exact_group(len(counts), shown, counts, 5)
    assert group is not None
    assert {keys[j] for j in group} == {
        k for k in keys if k[0] != "Kvinna" and k[1] != "Försäkringskassan"
    }
    # Hide the common cell and nothing of 1..4 is computed any more.
    assert exact_group(len(counts), shown[:3], counts, 5) is None
