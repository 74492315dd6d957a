"""The Swedish statistics-question parser, including follow-ups."""

from __future__ import annotations

import pytest

from assistant import stats
from assistant.answer.stats_query import Lexicon, build_lexicon, is_statistics_question, resolve
from assistant.register import load_register
from assistant.settings import PROJECT_ROOT

DEMO = PROJECT_ROOT / "corpus" / "deltagare" / "deltagare-demo.xlsx"


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return build_lexicon(stats.vocabulary(load_register(DEMO)))


def test_women_who_started_in_a_year_is_a_count_with_focus(lexicon: Lexicon) -> None:
    q = resolve("Hur många kvinnor började en insats 2024?", [], lexicon)
    assert q is not None
    assert (q.kind, q.event, q.year, q.focus, q.by) == (
        "count",
        "started",
        2024,
        ("kön", "Kvinna"),
        (),
    )


def test_distribution_by_exit_reason_splits_by_that_dimension(lexicon: Lexicon) -> None:
    q = resolve("Fördela de som avslutade 2024 efter avslutsorsak", [], lexicon)
    assert q is not None
    assert (q.kind, q.event, q.by) == ("count", "ended", ("avslutsorsak",))


def test_share_to_work_or_studies_is_an_outcome_rate(lexicon: Lexicon) -> None:
    q = resolve("Hur stor andel gick till arbete eller studier?", [], lexicon)
    assert q is not None
    assert (q.kind, q.event, q.year) == ("outcome_rate", "ended", None)


def test_year_range_and_insats_filter_with_focus_value(lexicon: Lexicon) -> None:
    q = resolve(
        "Hur många av FINSAM-teamets deltagare 2018–2024 hade försörjningsstöd?", [], lexicon
    )
    assert q is not None
    assert (q.from_year, q.to_year) == (2018, 2024)
    assert q.filters == (("insats", "FINSAM-team"),)
    assert q.focus == ("försörjning vid start", "Försörjningsstöd")


def test_women_and_men_means_split_by_gender(lexicon: Lexicon) -> None:
    q = resolve("Hur många kvinnor och män avslutade 2024?", [], lexicon)
    assert q is not None
    assert q.by == ("kön",) and q.focus is None


def test_per_year_is_a_trend(lexicon: Lexicon) -> None:
    q = resolve("Hur många började per år?", [], lexicon)
    assert q is not None and q.kind == "trend"


def test_follow_up_replaces_gender_and_keeps_the_rest(lexicon: Lexicon) -> None:
    q = resolve("Och för männen?", ["Hur stor andel gick till arbete eller studier 2024?"], lexicon)
    assert q is not None
    assert (q.kind, q.year, q.filters, q.follow_up) == (
        "outcome_rate",
        2024,
        (("kön", "Man"),),
        True,
    )


def test_follow_up_with_a_new_year_keeps_the_focus(lexicon: Lexicon) -> None:
    q = resolve("Och 2023?", ["Hur många kvinnor började en insats 2024?"], lexicon)
    assert q is not None
    assert (q.year, q.focus) == (2023, ("kön", "Kvinna"))


@pytest.mark.parametrize(
    "question",
    [
        "Vad säger 7 § om förbundets uppgifter?",
        "Vilka är NNS nio förslag för framtidens Finsam?",
        "Vem ska bidra med hälften av medlen?",
    ],
)
def test_document_questions_are_not_statistics(question: str, lexicon: Lexicon) -> None:
    assert not is_statistics_question(question)
    assert resolve(question, [], lexicon) is None
