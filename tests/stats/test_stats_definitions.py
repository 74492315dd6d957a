"""Definitions, arguments and provenance of the statistics functions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from assistant import stats
from assistant.errors import StatsArgumentError
from assistant.register import Register

MakeRegister = Callable[[list[dict[str, Any]]], Register]
Participant = Callable[..., dict[str, Any]]
D = dt.date


@pytest.fixture
def edges(make_register: MakeRegister, participant: Participant) -> Register:
    """Five of each edge case, so that no count is suppressed."""
    cases = [
        # (start, end, reason): active during 2024?
        (D(2023, 5, 1), None, None),  # yes: ongoing
        (D(2023, 5, 1), D(2023, 12, 31), "Flytt"),  # no: ended the day before
        (D(2023, 5, 1), D(2024, 1, 1), "Arbete"),  # yes: ended on 1 January
        (D(2024, 12, 31), None, None),  # yes: started on 31 December
        (D(2025, 1, 1), None, None),  # no: starts after the year
    ]
    rows = []
    for start, end, reason in cases:
        for _ in range(5):
            rows.append(
                participant(len(rows), startdatum=start, slutdatum=end, avslutsorsak=reason)
            )
    return make_register(rows)


def test_active_during_a_year_follows_the_definition(edges: Register) -> None:
    assert stats.count(edges, event="active", year=2024).n == 15
    assert stats.count(edges, event="active", year=2023).n == 15


def test_started_and_ended_count_by_date_in_the_year(edges: Register) -> None:
    assert stats.count(edges, event="started", year=2024).n == 5
    assert stats.count(edges, event="started", year=2023).n == 15
    assert stats.count(edges, event="ended", year=2024).n == 5
    assert stats.count(edges, event="ended", year=2023).n == 5
    assert stats.count(edges, event="started", from_year=2023, to_year=2025).n == 25


def test_active_per_year_counts_a_participant_in_every_year(edges: Register) -> None:
    result = stats.trend(edges, event="active", from_year=2023, to_year=2025)
    assert {c.key[0]: c.count for c in result.cells} == {"2023": 15, "2024": 15, "2025": 15}
    assert result.n == 25  # distinct participations over the range, not the sum
    assert result.cells[0].share is None  # years do not add up, so no shares


def test_definition_text_is_in_every_result(edges: Register) -> None:
    result = stats.count(edges, event="active", year=2024)
    assert "Startdatum senast 2024-12-31" in result.definition
    assert "2024-01-01 eller senare" in result.definition
    outcome = stats.outcome_rate(edges, year=2024)
    assert "Avslutsorsak Arbete eller Studier" in outcome.definition


def test_outcome_rate_counts_work_and_studies_among_ended(
    make_register: MakeRegister, participant: Participant
) -> None:
    end = D(2024, 6, 1)
    reasons = ["Arbete"] * 6 + ["Studier"] * 5 + ["Flytt"] * 9
    rows = [participant(i, slutdatum=end, avslutsorsak=r) for i, r in enumerate(reasons)]
    rows += [participant(100 + i) for i in range(7)]  # ongoing: not in the denominator
    result = stats.outcome_rate(make_register(rows), year=2024)
    overall = result.cell("Totalt")
    assert (overall.numerator, overall.count) == (11, 20)
    assert overall.share == pytest.approx(0.55)


def test_age_groups_and_synonyms_in_filters(
    make_register: MakeRegister, participant: Participant
) -> None:
    rows = [participant(i, alder=a, kon=k) for i, (a, k) in enumerate(
        [(16, "Kvinna")] * 5 + [(29, "Man")] * 6 + [(30, "Kvinna")] * 7 + [(67, "Kvinna")] * 8
    )]  # fmt: skip
    register = make_register(rows)
    by_age = stats.count(register, event="started", year=2024, by="ålder")
    assert {c.key[0]: c.count for c in by_age.cells} == {"16–29": 11, "30–49": 7, "50–67": 8}
    women = stats.count(register, event="started", year=2024, filters={"Kön": "kvinnor"})
    assert women.n == 20
    assert women.filters == {"kön": ["Kvinna"]}
    both = stats.count(
        register, event="started", year=2024, filters={"åldersgrupp": ["16-29", "50–67"]}
    )
    assert both.n == 19


def test_empty_values_get_a_label(make_register: MakeRegister, participant: Participant) -> None:
    rows = [participant(i) for i in range(6)]
    rows += [participant(10 + i, slutdatum=D(2024, 9, 1), avslutsorsak="Flytt") for i in range(5)]
    result = stats.count(make_register(rows), event="started", year=2024, by="avslutsorsak")
    assert result.cell("Pågår (ej avslutad)").count == 6
    assert result.cell("Flytt").count == 5


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"by": ["hårfärg"]}, "Tillåtna dimensioner: ”kön”"),
        ({"filters": {"kön": "Okänd"}}, "Tillåtna värden: ”Kvinna”, ”Man”, ”Annat/okänt”"),
        ({"event": "flyttade"}, "”started”"),
        ({"year": 2024, "from_year": 2020}, "inte båda"),
        ({"from_year": 2024, "to_year": 2020}, "omvänt"),
        ({"by": ["kön", "insats", "stadsdel"]}, "Högst två"),
        ({"filters": {"år": "2024"}}, "year"),
        ({"year": 24}, "inte giltigt"),
    ],
)
def test_invalid_arguments_say_what_is_allowed(
    demo: Register, kwargs: dict[str, Any], fragment: str
) -> None:
    with pytest.raises(StatsArgumentError) as info:
        stats.count(demo, **kwargs)
    assert fragment in info.value.message


def test_result_carries_full_provenance(demo: Register) -> None:
    result = stats.count(demo, event="started", year=2024, by=["insats"], filters={"kön": "Kvinna"})
    data = result.to_dict()
    assert data["provenance"] == {
        "data_file": str(demo.path),
        "sha256": demo.sha256,
        "rows_read": 1459,
        "synthetic": True,
    }
    assert data["filters"] == {"kön": ["Kvinna"]}
    assert data["group_by"] == ["insats"]
    assert data["n"] == 197
    assert data["definition"].startswith("Startade 2024: Startdatum från 2024-01-01")
    assert set(data["suppression"]) == {
        "threshold",
        "primary",
        "secondary",
        "uniform_labels",
        "perturbed",
        "description",
    }
    assert data["notice"] == stats.SYNTHETIC_NOTICE
    markdown = result.to_markdown_table()
    assert markdown.splitlines()[2].startswith("| insats | Antal | Andel |")
    assert "Syntetiska demodata" in markdown
    assert demo.sha256 in markdown


def test_two_way_markdown_is_a_pivot_with_totals(demo: Register) -> None:
    result = stats.count(demo, event="started", year=2024, by=["anmälande part", "kön"])
    lines = result.to_markdown_table().splitlines()
    assert lines[2] == "| anmälande part \\ kön | Kvinna | Man | Annat/okänt | Totalt |"
    assert "| Totalt | 197 | dold | färre än 5 | 352 |" in lines


def test_vocabulary_lists_dimensions_and_value_synonyms(demo: Register) -> None:
    vocab = stats.vocabulary(demo)
    assert vocab["kön"]["value_synonyms"]["kvinnor"] == "Kvinna"  # type: ignore[index]
    assert vocab["kön"]["value_synonyms"]["män"] == "Man"  # type: ignore[index]
    assert "anmäld av" in vocab["anmälande part"]["synonyms"]  # type: ignore[operator]
    names = stats.dimension_names(demo)
    assert list(names) == [
        "kön", "åldersgrupp", "utbildning", "tid utan arbete", "anmälande part", "insats",
        "stadsdel", "avslutsorsak", "försörjning vid start", "år",
    ]  # fmt: skip


@pytest.mark.parametrize("event", ["started", "ended", "active"])
def test_per_year_figures_equal_single_year_counts(demo: Register, event: str) -> None:
    per_year = stats.trend(demo, event=event, from_year=2018, to_year=2024, threshold=1)
    for cell in per_year.cells:
        single = stats.count(demo, event=event, year=int(cell.key[0]), threshold=1)
        assert cell.count == single.n, cell.key
    whole = stats.count(demo, event=event, from_year=2018, to_year=2024, threshold=1)
    assert per_year.n == whole.n


def test_margins_of_a_two_way_table_equal_one_way_counts(demo: Register) -> None:
    two_way = stats.count(demo, event="active", year=2024, by=["insats", "kön"], threshold=1)
    one_way = stats.count(demo, event="active", year=2024, by="insats", threshold=1)
    for cell in one_way.cells:
        assert two_way.cell(cell.key[0], "Totalt").count == cell.count
    assert two_way.n == one_way.n == 878
