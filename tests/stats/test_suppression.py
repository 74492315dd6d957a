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
from assistant.stats.suppression import line_is_safe, suppress

MakeRegister = Callable[[list[dict[str, Any]]], Register]
Participant = Callable[..., dict[str, Any]]


def test_primary_hides_one_to_four_but_not_zero_or_five() -> None:
    values = {"z": 0, "one": 1, "four": 4, "five": 5}
    status = suppress(values, [], 5)
    assert status == {"z": None, "one": "primary", "four": "primary", "five": None}


def test_single_hidden_cell_in_a_line_gets_a_partner() -> None:
    values = {"a": 3, "b": 10, "c": 12, "T": 25}
    status = suppress(values, [(("a", "b", "c"), "T")], 5)
    assert status == {"a": "primary", "b": "secondary", "c": None, "T": None}


def test_partner_must_leave_the_hidden_cell_ambiguous() -> None:
    # Hiding b=5 would not do: a + b = 6 with a in 1..4 and b >= 5 forces a = 1.
    values = {"a": 1, "b": 5, "c": 50, "T": 56}
    status = suppress(values, [(("a", "b", "c"), "T")], 5)
    assert status["b"] is None
    assert status["c"] == "secondary"


def test_total_is_hidden_when_no_cell_can_protect() -> None:
    # 4 + 4 = 8: each hidden cell would be pinned to 4; nothing else to hide.
    values = {"a": 4, "b": 4, "T": 8}
    status = suppress(values, [(("a", "b"), "T")], 5)
    assert status == {"a": "primary", "b": "primary", "T": "secondary"}


def test_threshold_one_hides_nothing() -> None:
    assert suppress({"a": 1, "T": 1}, [(("a",), "T")], 1) == {"a": None, "T": None}


def _two_way(rows: list[list[int]]) -> tuple[dict[Any, int], list[tuple[list[Any], Any]]]:
    values: dict[Any, int] = {}
    lines: list[tuple[list[Any], Any]] = []
    n_rows, n_cols = len(rows), len(rows[0])
    for i, j in itertools.product(range(n_rows), range(n_cols)):
        values[(i, j)] = rows[i][j]
    for i in range(n_rows):
        values[(i, "T")] = sum(rows[i])
        lines.append(([(i, j) for j in range(n_cols)], (i, "T")))
    for j in range(n_cols):
        values[("T", j)] = sum(r[j] for r in rows)
        lines.append(([(i, j) for i in range(n_rows)], ("T", j)))
    values[("T", "T")] = sum(map(sum, rows))
    lines.append(([(i, "T") for i in range(n_rows)], ("T", "T")))
    lines.append(([("T", j) for j in range(n_cols)], ("T", "T")))
    return values, lines


@pytest.mark.parametrize("seed", range(40))
def test_every_line_with_a_shown_total_is_safe_in_random_tables(seed: int) -> None:
    rng = random.Random(seed)
    rows = [[rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 20, 60]) for _ in range(4)] for _ in range(5)]
    values, lines = _two_way(rows)
    status = suppress(values, lines, 5)
    for key, count in values.items():
        assert (status[key] == "primary") == (0 < count < 5)
    for members, total in lines:
        if status[total] is None:
            assert line_is_safe(values, status, members, 5)
            hidden = [m for m in members if status[m] is not None]
            assert len(hidden) != 1


def _feasible(value_range: range, hidden: list[str], status: dict[str, Any], total: int) -> dict:
    """Brute force: every assignment of the hidden cells consistent with what is shown."""
    options: dict[str, set[int]] = {h: set() for h in hidden}
    domains = [range(1, 5) if status[h] == "primary" else value_range for h in hidden]
    for combo in itertools.product(*domains):
        if sum(combo) == total:
            for h, v in zip(hidden, combo, strict=True):
                options[h].add(v)
    return options


@pytest.mark.parametrize("seed", range(30))
def test_no_hidden_cell_of_a_one_way_table_can_be_recovered(seed: int) -> None:
    rng = random.Random(1000 + seed)
    values = {f"c{i}": rng.choice([0, 1, 2, 3, 4, 5, 6, 7, 12]) for i in range(4)}
    values["T"] = sum(values.values())
    status = suppress(values, [([f"c{i}" for i in range(4)], "T")], 5)
    if status["T"] is not None:
        return
    hidden = [k for k in values if k != "T" and status[k] is not None]
    shown_sum = sum(v for k, v in values.items() if k != "T" and status[k] is None)
    # A secondary cell is known to be 0 or >= 5; search 5..40 (enough for these tables).
    options = _feasible(range(5, 41), hidden, status, values["T"] - shown_sum)
    for cell, possible in options.items():
        assert len(possible) >= 2, (values, status, cell, possible)


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
