"""A figure in the documents for the same question is recognised and compared."""

from __future__ import annotations

from assistant import stats
from assistant.answer.offline import _same_question
from assistant.answer.stats_answer import compare_with_document
from assistant.answer.stats_query import StatsQuery
from assistant.register import load_register

WOMEN_2024 = StatsQuery(event="started", year=2024, focus=("kön", "Kvinna"))


def test_sentence_on_the_same_period_event_and_group_is_the_same_question() -> None:
    quote = "Totalt år 2024 var det 360 deltagare (200 kvinnor och 160 män) som började en insats."
    assert _same_question(WOMEN_2024, quote)


def test_sentence_on_another_event_or_year_is_not() -> None:
    ended = "Under 2024 har totalt 348 deltagare (197 kvinnor och 151 män) avslutat en insats."
    other_year = "Totalt år 2023 var det 540 deltagare (300 kvinnor) som började en insats."
    assert not _same_question(WOMEN_2024, ended)
    assert not _same_question(WOMEN_2024, other_year)


def test_differing_document_figure_is_said_to_differ_with_reasons() -> None:
    register = load_register()
    women = stats.count(register, event="started", year=2024, filters={"kön": "Kvinna"})
    everyone = stats.count(register, event="started", year=2024)
    quote = "Totalt år 2024 var det 360 deltagare (200 kvinnor och 160 män) som började en insats."
    text = compare_with_document([women, everyone], quote)
    assert text.startswith("Dokumentets siffror skiljer sig")
    assert "syntetiska demodata" in text and "definition" in text


def test_same_count_with_a_rounded_percentage_is_explained_as_rounding() -> None:
    register = load_register()
    rate = stats.outcome_rate(register, year=2024)
    overall = rate.margins[0]
    assert overall.numerator and rate.n
    exact = 100 * overall.numerator / rate.n
    floor = int(exact)
    quote = f"{rate.n} avslutade, och {overall.numerator} ({floor} procent) gick vidare."
    text = compare_with_document([rate], quote)
    assert text.startswith(f"Dokumentet anger samma antal ({overall.numerator} av {rate.n})")
    if round(exact) != floor:
        assert "skillnaden beror på avrundning" in text
