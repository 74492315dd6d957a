"""English questions read in the word table's Swedish (issue 9).

An English question is read in its own word order with the glossary's Swedish
words; a word the glossary lacks stays and keeps the register from answering.
"""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.answer.language import is_english, reading_text
from assistant.answer.stats_query import parse
from assistant.understanding.parser import Lexicon, lexicon_from_codelists, read_question

TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return lexicon_from_codelists()


@pytest.mark.parametrize(
    ("question", "event", "year", "by"),
    [
        ("How many people took part in Novum in 2021?", "active", 2021, ()),
        ("How many participants started an intervention three years ago?", "started", 2023, ()),
        (
            "Were there more men or women among those who started in 2022?",
            "started",
            2022,
            ("kön",),
        ),
        ("How many ended an intervention the year before last?", "ended", 2024, ()),
        (
            "Break down participants who finished in 2021 by level of education",
            "ended",
            2021,
            ("utbildning",),
        ),
        (
            "Which referring party sent the second most participants in 2022?",
            "started",
            2022,
            ("anmälande part",),
        ),
        ("What was the most common reason for leaving in 2023?", "ended", 2023, ("avslutsorsak",)),
    ],
)
def test_english_questions_are_read_as_their_swedish_meaning(
    question: str, event: str, year: int, by: tuple[str, ...], lexicon: Lexicon
) -> None:
    assert is_english(question)
    text = reading_text(question)
    reading = read_question(text, lexicon, today=TODAY)
    assert reading.tractable, (text, reading.leftovers)
    query = parse(text, lexicon, today=TODAY)
    assert (query.event, query.year) == (event, year)
    assert set(by) <= set(query.by) | {d for d, _ in query.compared}


def test_last_year_in_english_is_the_year_before_today(lexicon: Lexicon) -> None:
    reading = read_question(reading_text("How many started last year?"), lexicon, today=TODAY)
    assert reading.year == 2025 and reading.relative_time


def test_an_english_word_the_glossary_lacks_is_left_over(lexicon: Lexicon) -> None:
    text = reading_text("How many participants were satisfied with Novum in 2023?")
    assert not read_question(text, lexicon, today=TODAY).tractable
