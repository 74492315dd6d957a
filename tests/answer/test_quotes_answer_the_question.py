"""A quote answers a question only if it states what the question asks (issue 9).

Two classes of wrong answers from the document route:

* a register-shaped question the statistics route did not understand ("… per
  stadsdel och insats", "… kvinnorna respektive männen …") was answered with a
  figure from the documents that counts something else (everyone who started, one
  stadsdel, another year);
* a question about one named thing ("Vad heter förbundschefen?", "Vad är
  påföljden …?") was answered with a quote that shares its other words only.

The rules are tested on their own with quotes written here, and end to end on the
real corpus with questions of our own.
"""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.answer.engine import answer, reset_engines
from assistant.answer.models import NO_SUPPORT
from assistant.answer.offline import _asks_register_figure, _states_asked_figure
from assistant.settings import Settings
from assistant.understanding.parser import Lexicon, Reading, lexicon_from_codelists, read_question

TODAY = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return lexicon_from_codelists()


def _read(question: str, lexicon: Lexicon) -> Reading:
    return read_question(question, lexicon, today=TODAY)


# -- which questions ask the register for a figure --------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "Antal deltagare 2022 fördelat på stadsdel",
        "Hur många män avslutade en insats 2021?",
        "Var det fler kvinnor än män som började 2023?",
        "Hur stor andel av deltagarna 2024 hade eftergymnasial utbildning?",
    ],
)
def test_count_share_split_and_comparison_ask_for_a_register_figure(
    question: str, lexicon: Lexicon
) -> None:
    assert _asks_register_figure(_read(question, lexicon), follows_statistics=False)


@pytest.mark.parametrize(
    "question",
    [
        "Vad heter rapporten om hur samordnat stöd påverkar försörjningen?",
        "Vad säger lagen om styrelsens uppgifter?",
        "När bildades förbundet?",
        "Sedan när för förbundet statistik över sina deltagare?",
    ],
)
def test_questions_of_wording_ask_for_no_register_figure(question: str, lexicon: Lexicon) -> None:
    assert not _asks_register_figure(_read(question, lexicon), follows_statistics=False)


def test_a_split_alone_asks_for_a_figure_only_after_a_statistics_question(
    lexicon: Lexicon,
) -> None:
    reading = _read("Samma sak per utbildning?", lexicon)
    assert _asks_register_figure(reading, follows_statistics=True)
    assert not _asks_register_figure(reading, follows_statistics=False)


# -- whether a quote states the figure asked for ------------------------------------


def test_a_total_is_no_figure_per_group(lexicon: Lexicon) -> None:
    reading = _read("Antal deltagare 2023 fördelat på kön", lexicon)
    total = "Under 2023 deltog 410 personer i någon av insatserna."
    split = "Under 2023 deltog 230 kvinnor och 180 män i någon av insatserna."
    assert not _states_asked_figure(reading, total, lexicon)
    assert _states_asked_figure(reading, split, lexicon)


def test_one_named_group_is_no_split_unless_a_ranking_is_asked(lexicon: Lexicon) -> None:
    quote = "Flest deltagare 2022 bodde i Farsta (61 personer)."
    split = _read("Deltagare 2022 per stadsdel", lexicon)
    ranking = _read("Vilken stadsdel hade flest deltagare 2022?", lexicon)
    assert not _states_asked_figure(split, quote, lexicon)
    assert _states_asked_figure(ranking, quote, lexicon)


def test_a_figure_for_another_year_answers_another_question(lexicon: Lexicon) -> None:
    reading = _read("Hur många kvinnor avslutade en insats 2022?", lexicon)
    other_year = "Under 2023 avslutade 120 kvinnor sin insats."
    same_year = "Under 2022 avslutade 120 kvinnor sin insats."
    assert not _states_asked_figure(reading, other_year, lexicon)
    assert _states_asked_figure(reading, same_year, lexicon)


def test_a_figure_for_another_event_answers_another_question(lexicon: Lexicon) -> None:
    reading = _read("Hur många män började en insats 2024?", lexicon)
    ended = "Under 2024 avslutade 151 män en insats."
    started = "Under 2024 började 154 män en insats."
    assert not _states_asked_figure(reading, ended, lexicon)
    assert _states_asked_figure(reading, started, lexicon)


def test_a_word_the_register_cannot_place_must_be_in_the_quote(lexicon: Lexicon) -> None:
    reading = _read("Hur stor andel av dem som fick arbete 2023 hade en fast tjänst?", lexicon)
    assert "fast" in reading.leftovers
    loose = "År 2023 gick 58 personer (16 procent) vidare till arbete eller studier."
    assert not _states_asked_figure(reading, loose, lexicon)


def test_a_dimension_named_without_a_split_word_is_stated_by_its_own_word(
    lexicon: Lexicon,
) -> None:
    reading = _read("Hur många deltagare har ingen känd stadsdel?", lexicon)
    quote = "Det finns 23 deltagare vars stadsdel är okänd."
    assert _states_asked_figure(reading, quote, lexicon)
    split = _read("Hur många deltagare fanns det per stadsdel?", lexicon)
    assert not _states_asked_figure(split, quote, lexicon)


def test_a_year_or_a_date_is_no_figure(lexicon: Lexicon) -> None:
    reading = _read("Hur många deltagare började en insats 2024?", lexicon)
    dated = "Sedan den 1 januari 2024 registrerar förbundet alla deltagare som började."
    assert not _states_asked_figure(reading, dated, lexicon)


# -- end to end on the corpus ----------------------------------------------------


@pytest.fixture()
def _fresh_engine() -> None:
    reset_engines()


@pytest.mark.slow
@pytest.mark.usefixtures("_fresh_engine")
@pytest.mark.parametrize(
    "question",
    [
        # Register-shaped, not understood by the statistics route: the documents' totals
        # (352 who started, 348 who ended, 54 in one stadsdel) answer other questions.
        "Hur lång tid utan arbete hade kvinnorna respektive männen som avslutade 2024?",
        "Hur lång tid utan arbete hade kvinnorna och männen som avslutade 2024?",
        "Hur stor andel av dem som gick till arbete 2024 fick en fast tjänst?",
    ],
)
def test_register_question_is_never_answered_with_another_documents_figure(
    question: str, corpus_settings: Settings
) -> None:
    result = answer(question, settings=corpus_settings)
    assert result.route != "documents", result.text
    if not result.statistics:
        assert result.text.startswith(NO_SUPPORT)
        assert "jag kan räkna deltagare" in result.text


@pytest.mark.slow
@pytest.mark.usefixtures("_fresh_engine")
@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("Vad heter kanslichefen på förbundet?", None),
        ("Vad heter förbundets ordförande?", "namn"),
        ("Vad är påföljden om förbundet bryter mot lagen?", "påföljden"),
        # A kind of thing no passage mentions.
        ("Vilken avgift tar förbundet ut av deltagarna?", "avgift"),
        ("Vilken ränta får förbundet på sitt banksparande?", "ränta"),
    ],
)
def test_question_about_a_thing_the_quotes_do_not_name_is_refused(
    question: str, said: str | None, corpus_settings: Settings
) -> None:
    result = answer(question, settings=corpus_settings)
    assert not result.supported
    assert result.text.startswith(NO_SUPPORT)
    assert not result.citations
    if said is not None:
        assert said in result.text.split("\n")[0]


@pytest.mark.slow
@pytest.mark.usefixtures("_fresh_engine")
@pytest.mark.parametrize(
    ("question", "fact"),
    [
        # A role answers "Vem är …?" (no name is asked for).
        ("Vem är ordförande i förbundsstyrelsen?", "ordförande"),
        # The thing asked about is named in the quote.
        ("Vad är FINSAM-team?", "FINSAM-team"),
        # A name in the quote answers "Vad heter …?".
        ("Vad heter rapporten där ISF utvärderat samordnat stöd?", "Samordnat stöd"),
        # A kind the material knows is answered by its instance.
        ("Vilken myndighet har utvärderat effekterna av samordnat stöd?", "ISF"),
        # What is asked about is known to the material, said in other words.
        ("Vem är ansvarig för att granska förbundets räkenskaper?", None),
        ("Vad är meningen med finansiell samordning?", None),
        ("Vilken summa betalar Försäkringskassan?", None),
    ],
)
def test_question_about_a_named_thing_is_answered_when_the_quote_names_it(
    question: str, fact: str | None, corpus_settings: Settings
) -> None:
    result = answer(question, settings=corpus_settings)
    assert result.supported, result.text
    assert result.route == "documents"
    assert fact is None or any(fact in c.quote for c in result.citations)


@pytest.mark.slow
@pytest.mark.usefixtures("_fresh_engine")
def test_english_question_about_last_year_is_read_for_that_year(
    corpus_settings: Settings,
) -> None:
    result = answer(
        "How many participants left an intervention last year?", settings=corpus_settings
    )
    assert result.route == "statistics"
    assert "2025" in result.text.split("\n")[0]
    assert "348" not in result.text  # the documents' figure for 2024
