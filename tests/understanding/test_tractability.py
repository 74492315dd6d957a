"""Precision first: the register answers only questions it fully understands.

Questions of our own for each failure class of issue 9 (not the issue's examples).
"""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.answer.stats_query import resolve, understand
from assistant.understanding.parser import Lexicon, read_question

TODAY = dt.date(2026, 12, 1)


@pytest.mark.parametrize(
    "question",
    [
        "Hur många började en insats i Malmö 2024?",
        "Hur många deltagare hade samordningsförbundet i Norrköping 2022?",
        "Hur många deltagare anmälde Region Uppsala 2023?",
        "Hur många avslutade en insats i Västerås kommun 2021?",
        "Hur många deltagare har Samordningsförbundet Östra Södertörn haft sedan 2020?",
    ],
)
def test_question_about_another_forbund_or_place_never_reaches_the_register(
    question: str, lexicon: Lexicon
) -> None:
    u = understand(question, [], lexicon, today=TODAY)
    assert u.query is None
    assert u.other_scope


@pytest.mark.parametrize(
    ("question", "hint_word"),
    [
        ("Hur många deltagare hade autism 2023?", "diagnoser"),
        ("Hur många i FINSAM-team hade en missbruksdiagnos 2022?", "diagnoser"),
        ("Vad kostade Aktivitetsplatsen 2023?", "kostnader"),
        ("Hur många anställda hade Novum 2024?", "personal"),
        ("Vilken lön fick de som gick till arbete 2023?", "löner"),
        ("Hur många var kvar i arbete sex månader efter avslutad insats?", "senare"),
        ("Hur nöjda var kvinnorna i Aktivitetsplatsen 2024?", "nöjdhet"),
        ("Hur många utrikes födda började en insats 2024?", "födelseland"),
    ],
)
def test_question_about_something_the_register_lacks_is_recognised(
    question: str, hint_word: str, lexicon: Lexicon
) -> None:
    u = understand(question, [], lexicon, today=TODAY)
    assert u.query is None
    assert any(hint_word in h for h in u.hints), u.hints


@pytest.mark.parametrize(
    "question",
    [
        "Hur många hade lön som försörjning vid start 2024?",
        "Hur många började en insats 2024 och hade lön vid start?",
    ],
)
def test_lon_at_start_is_a_value_of_the_register(question: str, lexicon: Lexicon) -> None:
    q = resolve(question, [], lexicon, today=TODAY)
    assert q is not None and q.focus == ("försörjning vid start", "Lön")


@pytest.mark.parametrize(
    ("question", "event"),
    [
        ("Hur många fick stöd genom Novum under 2022?", "active"),
        ("Hur många var aktiva i någon insats 2021?", "active"),
        ("Hur många var inskrivna i FINSAM-team 2023?", "active"),
        ("Hur många skrevs ut under 2023?", "ended"),
        ("Hur många lämnade Novum 2022?", "ended"),
        ("Hur många slutade i Aktivitetsplatsen 2021?", "ended"),
        ("Hur många skrevs in i Aktivitetsplatsen 2020?", "started"),
        ("Hur många tillkom i FINSAM-team 2019?", "started"),
    ],
)
def test_every_word_for_an_event_is_recognised(question: str, event: str, lexicon: Lexicon) -> None:
    q = resolve(question, [], lexicon, today=TODAY)
    assert q is not None and q.event == event


@pytest.mark.parametrize(
    ("question", "by", "rank"),
    [
        ("Vilken part anmälde minst antal deltagare 2023?", "anmälande part", "least"),
        ("Vilka insatser hade flest avslut 2022?", "insats", "most"),
        ("Vilken stadsdel hade flest nya deltagare 2021?", "stadsdel", "most"),
        ("Vad var den vanligaste avslutsorsaken 2023?", "avslutsorsak", "most"),
        ("Vilken åldersgrupp var vanligast bland dem som slutade 2022?", "åldersgrupp", "most"),
    ],
)
def test_ranking_question_asks_for_a_ranked_split(
    question: str, by: str, rank: str, lexicon: Lexicon
) -> None:
    q = resolve(question, [], lexicon, today=TODAY)
    assert q is not None
    assert q.by == (by,) and q.rank == rank


@pytest.mark.parametrize(
    ("question", "by", "kind"),
    [
        (
            "Gick kvinnorna eller männen oftare till arbete eller studier 2023?",
            "kön",
            "outcome_rate",
        ),
        ("Hur många kvinnor respektive män deltog under 2022?", "kön", "count"),
        ("Hur många började i Novum respektive Aktivitetsplatsen 2024?", "insats", "count"),
        ("Anmälde Försäkringskassan fler än Arbetsförmedlingen 2023?", "anmälande part", "count"),
    ],
)
def test_comparison_splits_by_the_compared_dimension(
    question: str, by: str, kind: str, lexicon: Lexicon
) -> None:
    q = resolve(question, [], lexicon, today=TODAY)
    assert q is not None
    assert q.kind == kind and by in q.by and q.compare
    assert not q.focus and not any(d == by for d, _ in q.filters)


@pytest.mark.parametrize(
    "question",
    [
        "Vad säger lagen om hur många ledamöter styrelsen ska ha?",
        "Vilka insatser finansierade förbundet under 2024?",
        "Hur många deltagare har FINSAM-team träffat enligt tjänsteutlåtandet?",
        "Vilka parter ingår i ett samordningsförbund?",
        "Hur många samordningsförbund finns det i Sverige?",
        "Vad är Aktivitetsplatsen för slags insats?",
    ],
)
def test_document_question_sharing_words_with_the_register_is_not_statistics(
    question: str, lexicon: Lexicon
) -> None:
    assert resolve(question, [], lexicon, today=TODAY) is None


@pytest.mark.parametrize(
    ("today", "question", "year"),
    [
        (dt.date(2025, 3, 1), "Hur många började en insats förra året?", 2024),
        (dt.date(2026, 12, 1), "Hur många började en insats förra året?", 2025),
        (dt.date(2024, 6, 1), "Hur många har avslutat en insats i år?", 2024),
        (dt.date(2025, 3, 1), "Vilken part anmälde flest i fjol?", 2024),
    ],
)
def test_relative_year_is_resolved_against_today(
    today: dt.date, question: str, year: int, lexicon: Lexicon
) -> None:
    q = resolve(question, [], lexicon, today=today)
    assert q is not None and q.year == year and q.relative_time


def test_follow_ups_shift_the_year_relative_to_the_earlier_question(lexicon: Lexicon) -> None:
    earlier = ["Hur många lämnade Novum 2023?"]
    before = resolve("Och året innan?", earlier, lexicon, today=TODAY)
    after = resolve("Och två år senare?", earlier, lexicon, today=TODAY)
    assert before is not None and before.year == 2022 and before.event == "ended"
    assert after is not None and after.year == 2025
    assert before.focus == ("insats", "Novum")


def test_since_a_year_runs_to_the_latest_year_with_data(lexicon: Lexicon) -> None:
    q = resolve("Hur många har börjat i Novum sedan 2021?", [], lexicon, today=TODAY)
    assert q is not None and q.from_year == 2021 and q.open_end and q.to_year is None


def test_follow_up_that_only_adds_a_split_keeps_the_earlier_event_and_year(
    lexicon: Lexicon,
) -> None:
    q = resolve("Hur fördelar de sig på stadsdel?", ["Hur många slutade 2022?"], lexicon)
    assert q is not None and (q.event, q.year, q.by) == ("ended", 2022, ("stadsdel",))


def test_leftover_word_makes_the_question_intractable(lexicon: Lexicon) -> None:
    reading = read_question("Hur många deltagare hade hund 2024?", lexicon, today=TODAY)
    assert reading.leftovers == ["hund"] and not reading.tractable


@pytest.mark.parametrize(
    "question",
    ["Hur många aktiva fanns det 2020 jämfört med 2023?", "Hur många började 2021 och 2022?"],
)
def test_two_years_named_side_by_side_are_each_counted_not_summed(
    question: str, lexicon: Lexicon
) -> None:
    q = resolve(question, [], lexicon, today=TODAY)
    assert q is not None and q.kind == "trend" and q.from_year and q.to_year


def test_range_with_mellan_is_one_period(lexicon: Lexicon) -> None:
    q = resolve("Hur många avslutade mellan 2020 och 2022?", [], lexicon, today=TODAY)
    assert q is not None and q.kind == "count" and (q.from_year, q.to_year) == (2020, 2022)


@pytest.mark.parametrize("question", ["Hur många?", "flest", "Hur stor andel?"])
def test_a_bare_quantity_word_names_nothing_to_count(question: str, lexicon: Lexicon) -> None:
    assert resolve(question, [], lexicon, today=TODAY) is None


def test_english_period_stays_one_period(lexicon: Lexicon) -> None:
    from assistant.answer import language

    text = language.swedish_terms("How many participants left between 2019 and 2021?")
    q = resolve(text, [], lexicon, today=TODAY)
    assert q is not None and (q.kind, q.from_year, q.to_year) == ("count", 2019, 2021)


@pytest.mark.parametrize(
    "question",
    [
        "Hur många kvinnor och män avslutade en insats 2022?",
        "Hur många deltog under 2023, fördelat på män och kvinnor?",
    ],
)
def test_women_and_men_named_together_are_compared(question: str, lexicon: Lexicon) -> None:
    q = resolve(question, [], lexicon, today=TODAY)
    assert q is not None and q.by == ("kön",) and q.compare
    assert {v for _, v in q.compared} == {"Kvinna", "Man"}
