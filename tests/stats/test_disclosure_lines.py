"""The hidden cells of one line, taken together, must not give a small group away.

A line (a one-way table and its total, a row or a column of a two-way table
and its margin) that hides two or more "färre än N" cells and shows the rest
publishes the sum of the hidden cells: total minus what is shown. If that sum
is 1..N-1, the group "these categories together" is disclosed. Each test
attacks the published table by solving it (:func:`assistant.stats.attack.attack`,
HiGHS), which counts such line sums.
"""

from __future__ import annotations

from pathlib import Path

from assistant import stats
from assistant.register import Register, load_register
from assistant.stats.attack import attack, line_sums, published_figures
from assistant.stats.disclosure import Ledger, session
from assistant.stats.suppression import audit, protect_system
from tests.stats.test_disclosure import write_register

#: Started 2024: 20 women, 2 men, 1 annat/okänt (the attacker's kon.csv).
KON = [
    (("Bromma", "Kvinna", "2024-03-01", "", ""), 20),
    (("Bromma", "Man", "2024-03-01", "", ""), 2),
    (("Bromma", "Annat/okänt", "2024-03-01", "", ""), 1),
]
#: Ended 2024: Arbete 2, Studier 1, Flytt 6 (the attacker's reasons.csv).
REASONS = [
    (("Farsta", "Man", "2023-05-01", "2024-06-01", "Arbete"), 2),
    (("Farsta", "Man", "2023-05-01", "2024-06-01", "Studier"), 1),
    (("Farsta", "Man", "2023-05-01", "2024-06-01", "Flytt"), 6),
]


def line_sum_findings(results: list[stats.StatResult], register: Register) -> list[str]:
    return [f.what for f in attack(results, register) if f.what.startswith("summa")]


def test_attack_counts_the_sum_of_a_lines_hidden_cells() -> None:
    """The attacker is real: two small cells next to a shown cell under a shown
    total give their sum away (audit by LP of the old publication)."""
    cells = {"k": {0}, "m": {1}, "a": {2}, "T": {0, 1, 2}}
    # The old table: Kvinna 20 shown, Man and Annat hidden, total 23 shown.
    interval = audit({"ma": {1, 2}, **cells}, {"k": 20, "T": 23}, ["ma"])["ma"]
    assert (interval.low, interval.high) == (3.0, 3.0)
    # The protection now hides another cell of the line (or the total).
    status = protect_system(cells, [20, 2, 1], 5, lines=[("T", ["k", "m", "a"])]).status
    shown = {k: v for k, v in {"k": 20, "m": 2, "a": 1, "T": 23}.items() if status[k] is None}
    interval = audit({"ma": {1, 2}, **cells}, shown, ["ma"])["ma"]
    assert interval.low <= 0 or interval.high >= 5


def test_one_way_table_by_kon_does_not_give_away_men_plus_annat(tmp_path: Path) -> None:
    register = load_register(write_register(tmp_path / "kon.csv", KON))
    result = stats.count(register, event="started", year=2024, by="kön")
    assert result.cell("Man").count is None and result.cell("Annat/okänt").count is None
    figures, _ = published_figures([result], register)
    assert line_sums(figures)  # the line still hides two cells ...
    assert attack([result], register) == []  # ... and their sum cannot be computed


def test_a_later_table_in_the_session_does_not_give_away_an_earlier_line_sum(
    tmp_path: Path,
) -> None:
    """The table by kön hides women to protect men + annat/okänt; asked next in the
    same session, the women alone (20) would give 23 - 20 = 3 away again."""
    register = load_register(write_register(tmp_path / "kon.csv", KON))
    with session(Ledger()):
        by_kon = stats.count(register, event="started", year=2024, by="kön")
        women = stats.count(register, event="started", year=2024, filters={"kön": "Kvinna"})
    assert by_kon.n == 23
    assert attack([by_kon, women], register) == []


def test_reasons_table_does_not_give_away_arbete_plus_studier(tmp_path: Path) -> None:
    register = load_register(write_register(tmp_path / "reasons.csv", REASONS))
    table = stats.count(register, event="ended", year=2024, by="avslutsorsak")
    assert table.cell("Arbete").count is None and table.cell("Studier").count is None
    assert attack([table], register) == []
    rate = stats.outcome_rate(register, year=2024)
    assert attack([table, rate], register) == []


def test_demo_two_way_tables_publish_no_small_line_sum(demo: Register) -> None:
    """Every 2024 two-way table of started participations by åldersgrupp (the
    attacker found Norrmalm's column hiding 4 in two "färre än 5" cells)."""
    dims = [d for d in stats.dimension_names(demo) if d not in ("år", "åldersgrupp")]
    for other in dims:
        result = stats.count(demo, event="started", year=2024, by=["åldersgrupp", other])
        assert line_sum_findings([result], demo) == [], other


# --- what the answer text says about hidden figures ----------------------------


def test_answer_names_no_largest_category_when_a_hidden_one_may_be_larger(
    tmp_path: Path,
) -> None:
    from assistant.answer.stats_answer import sentence
    from assistant.answer.stats_query import StatsQuery

    register = load_register(write_register(tmp_path / "reasons.csv", REASONS))
    q = StatsQuery(event="ended", year=2024, by=("avslutsorsak",))
    result = stats.count(register, event="ended", year=2024, by="avslutsorsak")
    hidden = [c for c in result.cells if c.count is None]
    assert hidden  # Flytt (6) is hidden with Arbete and Studier ...
    text = sentence(q, result)
    assert "Flest" not in text  # ... so no shown category (all 0) is "the largest"


def test_focus_answer_on_a_hidden_figure_says_it_is_hidden(tmp_path: Path) -> None:
    from assistant.answer.stats_answer import sentence
    from assistant.answer.stats_query import StatsQuery

    register = load_register(write_register(tmp_path / "kon.csv", KON))
    q = StatsQuery(event="started", year=2024, focus=("kön", "Kvinna"))
    with session(Ledger()):  # after the table by kön, where women are hidden
        stats.count(register, event="started", year=2024, by="kön")
        women = stats.count(register, event="started", year=2024, filters={"kön": "Kvinna"})
        total = stats.count(register, event="started", year=2024)
    assert women.n is None and women.n_display == "dold"
    text = sentence(q, women, total)
    assert not text.startswith("Dold")
    assert "visas inte" in text and "23" in text


def test_share_text_of_a_table_with_a_hidden_total_names_no_hidden_number(
    tmp_path: Path,
) -> None:
    groups = [(("Bromma", "Kvinna", "2024-03-01", "", ""), 2),
              (("Bromma", "Man", "2024-03-01", "", ""), 1)]  # fmt: skip
    register = load_register(write_register(tmp_path / "small.csv", groups))
    result = stats.count(register, event="started", year=2024, by="kön")
    assert result.n is None
    assert "dold" not in result.share_of and "färre" not in result.share_of
