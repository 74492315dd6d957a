"""What a question means when it does not say everything: events, periods, how many.

Each case is a phrasing of our own for one failure class of issue 9: an event the
question implies without naming it, a period said in words, a ranking of several
groups. The reading must be right, and never a silent default.
"""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.answer.stats_query import parse
from assistant.understanding.parser import Lexicon, read_question

TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    ("question", "event", "source"),
    [
        # A dimension recorded only for those who ended implies the event.
        ("Vilket skäl var vanligast 2021?", "ended", "implied"),
        ("Fördela avslutsorsakerna för FINSAM-team 2022.", "ended", "implied"),
        ("Vilken avslutsanledning var ovanligast 2024?", "ended", "implied"),
        # Weak words: presence or having an insats means taking part during the year.
        ("Hur många deltagare fanns i Aktivitetsplatsen 2020?", "active", "weak"),
        ("Hur många deltagare hade Novum 2019?", "active", "weak"),
        ("Hur många deltagare hade FINSAM-team i Farsta 2022?", "active", "weak"),
        # A named event always wins over a weak or implied one.
        ("Hur många fanns det som började i Novum 2023?", "started", None),
        ("Hur många som avslutade 2022 hade studier som avslutsorsak?", "ended", None),
    ],
)
def test_an_unnamed_event_is_inferred_and_said_where_it_came_from(
    question: str, event: str, source: str | None, lexicon: Lexicon
) -> None:
    reading = read_question(question, lexicon, today=TODAY)
    assert reading.tractable, reading.leftovers
    assert (reading.event, reading.event_source) == (event, source)
    query = parse(question, lexicon, today=TODAY)
    assert query.event == event
    if source is not None:
        assert query.notes, "an inferred event must be said in the answer"


@pytest.mark.parametrize(
    ("question", "event", "named"),
    [
        # Recorded at start: the value implies those who started, said in a note.
        ("Hur många hade sjukpenning vid start 2024?", "started", True),
        # Neither named nor implied: the table's default event, said in the answer.
        ("Hur många deltagare hade eftergymnasial utbildning 2023?", "active", False),
    ],
)
def test_had_with_a_value_describes_the_value_not_an_event(
    question: str, event: str, named: bool, lexicon: Lexicon
) -> None:
    reading = read_question(question, lexicon, today=TODAY)
    assert reading.tractable
    assert reading.event_source != "weak"
    query = parse(question, lexicon, today=TODAY)
    assert (query.event, query.event_named) == (event, named)


@pytest.mark.parametrize(
    ("question", "year", "span", "all_years", "last"),
    [
        ("Hur många slutade för fyra år sedan?", 2022, None, False, None),
        ("Hur många började i förrfjol?", 2024, None, False, None),
        ("Hur många började 2 år sedan?", 2024, None, False, None),
        ("Hur många kommer att avsluta nästa år?", 2027, None, False, None),
        ("Hur många har någonsin avslutat med arbete?", None, None, True, None),
        ("Hur många började i Novum under hela perioden?", None, None, True, None),
        ("Hur många avslutade de senaste fyra åren?", None, None, False, 4),
        ("Hur många deltar i Novum för närvarande?", 2026, None, False, None),
    ],
)
def test_periods_said_in_words_are_read_against_today(
    question: str,
    year: int | None,
    span: tuple[int, int] | None,
    all_years: bool,
    last: int | None,
    lexicon: Lexicon,
) -> None:
    reading = read_question(question, lexicon, today=TODAY)
    assert reading.tractable, reading.leftovers
    assert reading.year == year
    assert reading.all_years is all_years
    assert reading.last_years == last
    assert reading.relative_time, "a period in words is said back in the answer"


@pytest.mark.parametrize(
    ("question", "count", "rank"),
    [
        ("Vilka är de fyra vanligaste stadsdelarna bland nya deltagare 2024?", 4, "most"),
        ("Vilka tre parter anmälde flest 2023?", 3, "most"),
        ("Vilka två insatser hade färst avslut 2022?", 2, "least"),
        ("Vilken insats hade flest nya deltagare 2024?", 1, "most"),
    ],
)
def test_a_ranking_asks_for_as_many_groups_as_it_names(
    question: str, count: int, rank: str, lexicon: Lexicon
) -> None:
    reading = read_question(question, lexicon, today=TODAY)
    assert reading.tractable, reading.leftovers
    assert (reading.rank, reading.rank_count) == (rank, count)


def test_a_number_outside_a_ranking_is_not_a_ranking_count(lexicon: Lexicon) -> None:
    reading = read_question("Hur många började 2024 i tre stadsdelar?", lexicon, today=TODAY)
    assert reading.rank is None and reading.rank_count == 1
    assert not reading.tractable  # "tre stadsdelar" names no stadsdel: not understood
