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


@pytest.mark.parametrize(
    "question",
    [
        # Försörjning is recorded when a participant starts, not at or after the end.
        "Hur många hade aktivitetsersättning efter avslutad insats 2023?",
        "Hur många hade försörjningsstöd när de lämnade insatsen 2022?",
        # A time without work needs its dimension named: not a length of försörjningsstöd.
        "Hur många av de nya 2023 hade haft sjukersättning i mer än fem år?",
        # How it went later than the insats: the register does not follow it.
        "Hur många hade arbete två år efter avslutad insats?",
        "Hur många av dem som slutade 2022 hade jobb ett år senare?",
    ],
)
def test_a_question_about_another_time_than_the_register_records_is_not_understood(
    question: str, lexicon: Lexicon
) -> None:
    reading = read_question(question, lexicon, today=TODAY)
    assert not reading.tractable


def test_a_stated_start_keeps_the_support_value(lexicon: Lexicon) -> None:
    question = "Hur många som hade sjukpenning vid start gick till arbete när de avslutade 2024?"
    reading = read_question(question, lexicon, today=TODAY)
    assert ("försörjning vid start", "Sjukpenning") in [(d, v) for _, d, v in reading.values]


@pytest.mark.parametrize(
    ("question", "within", "group"),
    [
        ("Hur stor andel av deltagarna i Novum respektive FINSAM-team var män?", "Man", "insats"),
        ("Vilken andel kvinnor fanns i varje stadsdel 2022?", "Kvinna", "stadsdel"),
        ("Hur många procent per insats hade gymnasial utbildning?", "Gymnasial", "insats"),
    ],
)
def test_a_share_of_a_value_within_groups_is_read_as_such(
    question: str, within: str, group: str, lexicon: Lexicon
) -> None:
    query = parse(question, lexicon, today=TODAY)
    assert query.share_within is not None and query.share_within[1] == within
    assert query.by[0] == group


def test_a_share_of_those_with_a_value_over_groups_is_a_distribution(lexicon: Lexicon) -> None:
    question = "Hur stor andel av männen bodde i respektive stadsdel 2023?"
    query = parse(question, lexicon, today=TODAY)
    assert query.share_within is None
    assert query.by == ("stadsdel",) and ("kön", "Man") in query.filters


@pytest.mark.parametrize(
    ("question", "event"),
    [
        # An outcome outranks an attribute recorded at start, in either word order.
        ("Hur många av de anmälda av Arbetsförmedlingen fick jobb 2024?", "ended"),
        ("Hur många fick jobb bland de anmälda av Arbetsförmedlingen 2024?", "ended"),
        # "när de började" dates a value; it is the event only when no other is named.
        ("Hur många av dem som slutade 2023 hade sjukersättning när de började?", "ended"),
        ("Hur många var kvinnor när de började 2023?", "started"),
    ],
)
def test_the_event_counted_does_not_depend_on_word_order(
    question: str, event: str, lexicon: Lexicon
) -> None:
    reading = read_question(question, lexicon, today=TODAY)
    assert reading.tractable, (reading.leftovers, reading.unsupported)
    assert reading.event == event


@pytest.mark.parametrize(
    ("question", "span"),
    [
        ("Hur många började 2022 och året innan?", (2021, 2022)),
        ("Hur många avslutade 2023 och två år tidigare?", (2021, 2023)),
        ("Hur många började 2021 och året därpå?", (2021, 2022)),
    ],
)
def test_a_relative_year_beside_a_named_year_is_a_pair(
    question: str, span: tuple[int, int], lexicon: Lexicon
) -> None:
    reading = read_question(question, lexicon, today=TODAY)
    assert reading.tractable, reading.unsupported
    assert (reading.from_year, reading.to_year) == span


def test_from_a_year_is_an_open_period_only_with_a_perfect_tense(lexicon: Lexicon) -> None:
    assert read_question("Vilken stadsdel hade flest deltagare från 2021?", lexicon).year == 2021
    since = read_question("Hur många har avslutat från 2021?", lexicon)
    assert since.from_year == 2021 and since.open_end


@pytest.mark.parametrize(
    "question",
    [
        "Hur många har skrivits ut ur Aktivitetsplatsen?",
        "Hur många deltagare har Försäkringskassan remitterat till Novum?",
        "Hur många har gått vidare till arbete eller studier?",
        "Hur många kvinnor har deltagit i FINSAM-team?",
    ],
)
def test_a_present_perfect_with_no_time_counts_the_whole_register_and_says_so(
    question: str, lexicon: Lexicon
) -> None:
    reading = read_question(question, lexicon, today=TODAY)
    assert reading.tractable, (reading.leftovers, reading.unsupported)
    assert reading.all_years and reading.period_from_tense
    assert reading.relative_time and reading.relative_time.startswith("har ")


@pytest.mark.parametrize(
    "question",
    [
        "Vilken insats har flest deltagare?",  # "har" is having, not a tense
        "Hur många deltagare har Aktivitetsplatsen?",
        "Hur många har avslutat Novum 2021?",  # a time is said
        "Hur många har haft sjukersättning?",  # having had a value, not an event
        "Vad har förbundet för resultat?",  # "resultat" is a noun
        "Hur många deltagare har en plats i Aktivitetsplatsen?",
    ],
)
def test_a_present_perfect_reading_needs_a_verb_and_no_time_said(
    question: str, lexicon: Lexicon
) -> None:
    reading = read_question(question, lexicon, today=TODAY)
    assert not reading.period_from_tense


def test_a_follow_up_in_the_present_perfect_keeps_the_earlier_period(lexicon: Lexicon) -> None:
    from assistant.answer.stats_query import resolve

    query = resolve("Och hur många har slutat?", ["Hur många började i Novum 2022?"], lexicon)
    assert query is not None
    assert (query.event, query.year, query.all_years) == ("ended", 2022, False)


@pytest.mark.parametrize(
    ("question", "event", "year"),
    [
        # Present-tense verbs of referral and of an ongoing participation.
        ("Hur många remitterar Försäkringskassan till Novum 2023?", "started", 2023),
        ("Hur många deltaganden pågår i FINSAM-team 2022?", "active", 2022),
        # The year before last, said in one word.
        ("Hur många avslutade Novum förrförra året?", "ended", 2024),
        # "Hur lång tid utan jobb" asks for the time-without-work split.
        ("Hur lång tid utan arbete hade de nya deltagarna 2023?", "started", 2023),
    ],
)
def test_everyday_verbs_and_periods_are_read(
    question: str, event: str, year: int, lexicon: Lexicon
) -> None:
    reading = read_question(question, lexicon, today=TODAY)
    assert reading.tractable, (reading.leftovers, reading.unsupported)
    assert (reading.event, reading.year) == (event, year)


@pytest.mark.parametrize(
    ("question", "by"),
    [
        ("Deltagare 2022 per stadsdel", ("stadsdel",)),
        ("Personer i insatserna 2021 efter kön och åldersgrupp", ("kön", "åldersgrupp")),
        ("Korstabell över stadsdel och kön för nya deltagare 2022", ("stadsdel", "kön")),
        ("Ge mig en översikt över avslutade deltagare per insats 2021", ("insats",)),
    ],
)
def test_participants_with_a_split_ask_for_a_table(
    question: str, by: tuple[str, ...], lexicon: Lexicon
) -> None:
    from assistant.answer.stats_query import resolve

    query = resolve(question, [], lexicon, today=TODAY)  # the routing gate, not only parse
    assert query is not None
    assert set(query.by) == set(by)


@pytest.mark.parametrize(
    "question",
    [
        "Deltagare som började 2023 i varje stadsdel",
        "Deltagare som avslutade 2022 i olika insatser",
        "Deltagare som började 2021 bland stadsdelarna",
    ],
)
def test_an_event_with_a_split_is_a_table_without_per(question: str, lexicon: Lexicon) -> None:
    from assistant.answer.stats_query import resolve

    query = resolve(question, [], lexicon, today=TODAY)
    assert query is not None and query.by


def test_a_follow_up_is_judged_by_its_content_not_its_filler(lexicon: Lexicon) -> None:
    from assistant.answer.stats_query import resolve

    query = resolve(
        "Kan du visa hur det ser ut om man delar upp det på stadsdel?",
        ["Hur många avslutade 2021?"],
        lexicon,
    )
    assert query is not None
    assert (query.event, query.year, query.by) == ("ended", 2021, ("stadsdel",))


@pytest.mark.parametrize(
    "question",
    [
        "Hur stor andel hade sjukpenning vid start 2022, bland dem vars försörjning är känd?",
        "Andel med försörjningsstöd bland nya 2023, räknat på dem där uppgiften finns",
        "Andelen med aktivitetsstöd 2021 bland dem där försörjningen är registrerad",
    ],
)
def test_asking_for_the_share_among_the_known_is_understood(
    question: str, lexicon: Lexicon
) -> None:
    # The register's answer already takes a share over those with a known value.
    reading = read_question(question, lexicon, today=TODAY)
    assert reading.tractable, (reading.leftovers, reading.unsupported)
    query = parse(question, lexicon, today=TODAY)
    assert query.focus is not None and query.focus[0] == "försörjning vid start"
    assert query.event == "started"


@pytest.mark.parametrize(
    ("question", "value"),
    [
        (
            "Hur många avslutades till fortsatt stöd hos jobbtorg/Arbetsförmedlingen 2022?",
            "Fortsatt stöd hos jobbtorg/Arbetsförmedlingen/rehabiliteringssamverkan",
        ),
        (
            "Hur många slutade för medicinsk eller psykologisk utredning/vård 2023?",
            "Medicinsk eller psykologisk utredning/vård/rehabilitering",
        ),
    ],
)
def test_a_label_of_alternatives_is_known_when_cut_at_a_slash(
    question: str, value: str, lexicon: Lexicon
) -> None:
    reading = read_question(question, lexicon, today=TODAY)
    assert reading.tractable, reading.leftovers
    assert ("avslutsorsak", value) in {(d, v) for _, d, v in reading.values}


@pytest.mark.parametrize(
    "question",
    [
        "Hur många fick arbete efter att ha deltagit i FINSAM-team 2022?",
        "Hur många gick till studier efter att ha varit med i Novum 2024?",
    ],
)
def test_a_clause_about_having_taken_part_counts_those_who_ended(
    question: str, lexicon: Lexicon
) -> None:
    assert parse(question, lexicon, today=TODAY).event == "ended"


def test_a_share_trend_asks_the_share_of_the_value_after_the_share_word(
    lexicon: Lexicon,
) -> None:
    # "andelen kvinnor i Novum": the women's share within Novum, Novum is where.
    query = parse("Har andelen kvinnor i Novum ökat sedan 2020?", lexicon, today=TODAY)
    assert query.share_within == ("kön", "Kvinna")
    assert ("insats", "Novum") in query.filters


@pytest.mark.parametrize(
    ("question", "value"),
    [
        (
            "Hur har andelen med förgymnasial utbildning bland de nya förändrats sedan 2021?",
            ("utbildning", "Förgymnasial"),
        ),
        (
            "Har andelen som anmälts av Försäkringskassan ökat mellan 2020 och 2023?",
            ("anmälande part", "Försäkringskassan"),
        ),
        ("Har andelen män bland dem som avslutade minskat sedan 2021?", ("kön", "Man")),
    ],
)
def test_a_share_trend_is_read_for_each_way_of_naming_the_value(
    question: str, value: tuple[str, str], lexicon: Lexicon
) -> None:
    query = parse(question, lexicon, today=TODAY)
    assert query.share_within == value and query.by == ("år", value[0])
