"""Disclosure control: primary and secondary suppression."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import random
from collections.abc import Callable
from typing import Any

import pytest

from assistant import stats
from assistant.register import Register
from assistant.stats.suppression import audit, protect, protect_system

MakeRegister = Callable[[list[dict[str, Any]]], Register]
Participant = Callable[..., dict[str, Any]]


def _one_way(values: dict[str, int]) -> tuple[dict[str, set[int]], list[int]]:
    """Cells of a one-way table over its inner cells as atoms, total ``T`` included."""
    cells = {key: {i} for i, key in enumerate(values)}
    cells["T"] = set(range(len(values)))
    return cells, list(values.values())


def test_primary_hides_one_to_four_but_not_zero_or_five() -> None:
    cells = {"z": {0}, "one": {1}, "four": {2}, "five": {3}}
    status = protect(cells, [0, 1, 4, 5], 5)
    assert status == {"z": None, "one": "primary", "four": "primary", "five": None}


def test_single_hidden_cell_in_a_line_gets_a_partner() -> None:
    cells, atoms = _one_way({"a": 3, "b": 10, "c": 12})
    status = protect(cells, atoms, 5)
    assert status == {"a": "primary", "b": "secondary", "c": None, "T": None}


def test_partner_must_leave_the_hidden_cell_ambiguous() -> None:
    # a + b = 6 is published through the total; any partner leaves a in 0..6, fine,
    # but the cheapest partner is the smallest shown cell.
    cells, atoms = _one_way({"a": 1, "b": 5, "c": 50})
    status = protect(cells, atoms, 5)
    assert status["b"] == "secondary"
    shown = {k: sum(atoms[i] for i in m) for k, m in cells.items() if status[k] is None}
    assert not audit(cells, shown)["a"].discloses(5)


def test_two_small_cells_alone_in_a_line_are_protected_by_hiding_the_total() -> None:
    # 4 + 4 = 8: read as "1..4" each, both would be 4; nothing else to hide.
    cells, atoms = _one_way({"a": 4, "b": 4})
    status = protect(cells, atoms, 5)
    assert status == {"a": "primary", "b": "primary", "T": "secondary"}


def test_small_cells_under_a_small_total_switch_the_table_to_uniform_labels() -> None:
    # Four "färre än 5" cells under a "färre än 5" total would be 1 each, whatever
    # else is hidden: every hidden cell is then shown as "dold" (at least 1).
    cells = {f"c{i}": {i} for i in range(4)}
    cells |= {"big": {4}, "small_total": {0, 1, 2, 3}, "T": {0, 1, 2, 3, 4}}
    atoms = [1, 1, 1, 1, 20]
    result = protect_system(cells, atoms, 5)
    assert result.uniform
    status = result.status
    shown = {k: sum(atoms[i] for i in m) for k, m in cells.items() if status[k] is None}
    labelled = audit(cells, shown, labels=status, threshold=5)  # type: ignore[arg-type]
    assert any(i.exact for i in labelled.values())  # "färre än 5" would have given them away
    uniform = audit(cells, shown, labels=status, threshold=5, uniform=True)  # type: ignore[arg-type]
    assert not any(i.exact for i in uniform.values()), (status, uniform)


def test_threshold_one_hides_nothing() -> None:
    cells, atoms = _one_way({"a": 1})
    assert protect(cells, atoms, 1) == {"a": None, "T": None}


def test_audit_gives_the_interval_an_attacker_computes() -> None:
    # The Bromma/Farsta table as first published: a+b = 11, c+d = 16, a+c = 13.
    cells = {"a": {0}, "b": {1}, "c": {2}, "d": {3}, "r1": {0, 1}, "r2": {2, 3}, "k": {0, 2}}
    intervals = audit(cells, {"r1": 11, "r2": 16, "k": 13})
    assert intervals["a"].low == 0 and intervals["a"].high == 11
    pinned = audit(cells, {"r1": 11, "r2": 16, "k": 13, "b": 10})
    assert (pinned["a"].low, pinned["a"].high) == (1, 1)
    assert pinned["a"].discloses(5)


def _two_way_cells(rows: list[list[int]]) -> tuple[dict[Any, set[int]], list[int]]:
    n_rows, n_cols = len(rows), len(rows[0])
    cells: dict[Any, set[int]] = {}
    atoms: list[int] = []
    for i, j in itertools.product(range(n_rows), range(n_cols)):
        cells[(i, j)] = {len(atoms)}
        atoms.append(rows[i][j])
    for i in range(n_rows):
        cells[(i, "T")] = {i * n_cols + j for j in range(n_cols)}
    for j in range(n_cols):
        cells[("T", j)] = {i * n_cols + j for i in range(n_rows)}
    cells[("T", "T")] = set(range(len(atoms)))
    return cells, atoms


def _independent_intervals(
    cells: dict[Any, set[int]], atoms: list[int], status: dict[Any, Any]
) -> dict[Any, tuple[float, float]]:
    """The attacker's LP written out again with scipy, independent of audit()."""
    from scipy.optimize import linprog

    shown = [k for k in cells if status[k] is None]
    a_eq = [[1.0 if i in cells[k] else 0.0 for i in range(len(atoms))] for k in shown]
    b_eq = [sum(atoms[i] for i in cells[k]) for k in shown]
    out = {}
    for key in cells:
        if status[key] is None:
            continue
        c = [1.0 if i in cells[key] else 0.0 for i in range(len(atoms))]
        low = linprog(c, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog([-x for x in c], A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        out[key] = (low.fun, float("inf") if high.status == 3 else -high.fun)
    return out


@pytest.mark.parametrize("seed", range(12))
def test_no_small_cell_of_a_random_two_way_table_can_be_computed(seed: int) -> None:
    rng = random.Random(seed)
    rows = [[rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 20, 60]) for _ in range(4)] for _ in range(5)]
    cells, atoms = _two_way_cells(rows)
    result = protect_system(cells, atoms, 5)
    status = result.status
    for key, members in cells.items():
        count = sum(atoms[i] for i in members)
        if 0 < count < 5:
            assert status[key] is not None
        if status[key] == "primary":
            assert 0 < count < 5
        if count == 0:
            assert status[key] is None  # zeros are never hidden
    for key, (low, high) in _independent_intervals(cells, atoms, status).items():
        assert not (low >= 1 - 1e-6 and high <= 4 + 1e-6), (rows, key, low, high)
    shown = {k: sum(atoms[i] for i in m) for k, m in cells.items() if status[k] is None}
    intervals = audit(cells, shown, labels=status, threshold=5, uniform=result.uniform)  # type: ignore[arg-type]
    for key, interval in intervals.items():
        assert not interval.exact, (rows, key, interval)


def _integer_options(
    values: dict[str, int],
    status: dict[str, Any],
    labels: bool,
    uniform: bool = False,
    limit: int = 60,
) -> dict[str, set[int]]:
    """Brute force over whole numbers: every value of each hidden cell consistent with
    the shown cells and the total (if shown), and with the labels when ``labels``."""
    hidden = [k for k in values if status[k] is not None]
    options: dict[str, set[int]] = {h: set() for h in hidden}
    total = sum(values.values())
    shown_sum = sum(v for k, v in values.items() if status[k] is None)
    domains = [
        range(limit)
        if not labels
        else range(1, limit)
        if uniform
        else range(1, 5)
        if status[h] == "primary"
        else range(5, limit)
        for h in hidden
    ]
    for combo in itertools.product(*domains):
        if status["T"] is None and shown_sum + sum(combo) != total:
            continue
        for h, v in zip(hidden, combo, strict=True):
            options[h].add(v)
    return options


@pytest.mark.parametrize("seed", range(20))
def test_no_hidden_cell_of_a_one_way_table_can_be_narrowed_to_one_to_four(seed: int) -> None:
    rng = random.Random(1000 + seed)
    values = {f"c{i}": rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 12]) for i in range(4)}
    cells, atoms = _one_way(values)
    result = protect_system(cells, atoms, 5)
    status = result.status
    inner = {k: v for k, v in values.items()}
    shown_status = {**{k: status[k] for k in inner}, "T": status["T"]}
    for cell, possible in _integer_options(inner, shown_status, labels=False).items():
        if 0 < values[cell] < 5:
            assert 0 in possible or max(possible) >= 5, (values, status, cell, possible)
    # Reading "färre än 5" as 1..4 and "dold" as at least 5 still leaves two values.
    options = _integer_options(inner, shown_status, labels=True, uniform=result.uniform)
    for cell, possible in options.items():
        assert len(possible) >= 2, (values, status, cell, possible)


def test_locked_cells_keep_their_status_and_new_cells_protect_the_difference() -> None:
    # Shown earlier: a+b = 8 (locked). New table: a = 7, which would give b = 1.
    cells = {"ab": {0, 1}, "a": {0}}
    status = protect(cells, [7, 1], 5, locked={"ab": None})
    assert status == {"ab": None, "a": "secondary"}


def test_two_way_count_hides_small_cells_and_their_partners(
    make_register: MakeRegister, participant: Participant
) -> None:
    rows = []
    layout = {("Kvinna", "Farsta"): 12, ("Kvinna", "Bromma"): 2, ("Man", "Farsta"): 9,
              ("Man", "Bromma"): 7}  # fmt: skip
    for (kon, stadsdel), n in layout.items():
        rows += [participant(len(rows) + i, kon=kon, stadsdel=stadsdel) for i in range(n)]
    register = make_register(rows)
    result = stats.count(register, event="started", year=2024, by=["kön", "stadsdel"])
    assert result.cell("Kvinna", "Bromma").display == "färre än 5"
    assert result.suppressed_primary == 1
    # The Kvinna row and the Bromma column each need a second hidden cell.
    row_hidden = [result.cell("Kvinna", s).status != "shown" for s in ("Farsta", "Bromma")]
    col_hidden = [result.cell(k, "Bromma").status != "shown" for k in ("Kvinna", "Man")]
    row_total_hidden = result.cell("Kvinna", "Totalt").status != "shown"
    col_total_hidden = result.cell("Totalt", "Bromma").status != "shown"
    assert sum(row_hidden) >= 2 or row_total_hidden
    assert sum(col_hidden) >= 2 or col_total_hidden
    assert result.suppressed_secondary >= 2
    assert "ytterligare" in result.suppression
    # Hidden cells carry neither count nor share.
    for cell in (*result.cells, *result.margins):
        if cell.status != "shown":
            assert cell.count is None and cell.share is None


def test_small_total_hides_the_whole_table(
    make_register: MakeRegister, participant: Participant
) -> None:
    register = make_register([participant(i) for i in range(3)])
    result = stats.count(register, event="started", year=2024, by="kön")
    assert result.n is None
    assert result.n_display == "färre än 5"
    assert all(c.count in (None, 0) for c in result.cells)


def test_threshold_comes_from_settings(
    make_register: MakeRegister, participant: Participant, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.settings import get_settings

    register = make_register([participant(i) for i in range(4)])
    assert stats.count(register, event="started", year=2024).n is None
    monkeypatch.setenv("FINSAM_SUPPRESSION_THRESHOLD", "3")
    get_settings.cache_clear()
    result = stats.count(register, event="started", year=2024)
    assert result.n == 4
    assert result.threshold == 3


def test_outcome_rate_hides_rate_when_a_count_is_small(
    make_register: MakeRegister, participant: Participant
) -> None:
    ended = {"slutdatum": dt.date(2024, 10, 1)}
    rows = [participant(i, kon="Kvinna", avslutsorsak="Arbete", **ended) for i in range(2)]
    rows += [participant(10 + i, kon="Kvinna", avslutsorsak="Flytt", **ended) for i in range(8)]
    rows += [participant(20 + i, kon="Man", avslutsorsak="Arbete", **ended) for i in range(6)]
    rows += [participant(30 + i, kon="Man", avslutsorsak="Flytt", **ended) for i in range(9)]
    result = stats.outcome_rate(make_register(rows), year=2024, by="kön")
    women = result.cell("Kvinna")
    assert women.numerator is None and women.numerator_display == "färre än 5"
    assert women.share is None
    # Otherwise the women's 2 would follow from the total 8 minus the men's 6.
    overall, men = result.cell("Totalt"), result.cell("Man")
    assert overall.numerator is None or men.numerator is None


def test_results_never_carry_rows_or_ids(demo: Register) -> None:
    result = stats.count(demo, event="active", year=2024, by=["insats", "kön"])
    text = json.dumps(result.to_dict(), ensure_ascii=False) + result.to_markdown_table()
    assert "D0" not in text
    assert "deltagar_id" not in text


def test_a_group_that_labels_and_an_earlier_total_give_away_is_reported_unprotected() -> None:
    """An earlier "färre än 5" total (locked) split into four new cells of 1: each hidden
    cell is at least 1 whatever it is labelled, so the four are 1 each. No choice of new
    cells protects them, and the protection says so (the publisher then withholds)."""
    cells: dict[str, set[int]] = {"earlier": {0, 1, 2, 3}, "new total": {0, 1, 2, 3}}
    cells |= {f"part {i}": {i} for i in range(4)}
    result = protect_system(cells, [1, 1, 1, 1], 5, locked={"earlier": "primary"})
    assert {("atom", i) for i in range(4)} <= set(result.unprotected)
    # The same split with nothing shown before can be protected (the total may be 5+).
    alone = protect_system({k: v for k, v in cells.items() if k != "earlier"}, [1, 1, 1, 1], 5)
    assert alone.unprotected == []
