"""The document route's support decision: answer types, grounding of years and
names, and refusals of questions the documents do not answer (real corpus index,
real default embedding model)."""

from __future__ import annotations

import datetime as dt

import pytest

from assistant.answer.answer_types import ANSWER_TYPES, asked_type, holds_answer
from assistant.answer.engine import answer, reset_engines
from assistant.answer.extractive import TermWeights
from assistant.answer.grounding import (
    asked_sentence,
    missing_years,
    periods,
    resolve_relative_years,
    unknown_names,
)
from assistant.answer.models import NO_SUPPORT
from assistant.answer.support import _counted_word, focus_term, judge, sentence_periods
from assistant.models import Chunk, SearchHit
from assistant.retrieval.searcher import Searcher
from assistant.retrieval.sentences import split_sentences
from assistant.settings import Settings

TODAY = dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("kind", "question"),
    [(k.name, q) for k in ANSWER_TYPES for q in k.examples],
)
def test_answer_type_rule_recognises_its_examples(kind: str, question: str) -> None:
    found = asked_type(question)
    assert found is not None and found.name == kind


@pytest.mark.parametrize(
    ("kind", "question"),
    [(k.name, q) for k in ANSWER_TYPES for q in k.counter_examples],
)
def test_answer_type_rule_leaves_its_counter_examples(kind: str, question: str) -> None:
    found = asked_type(question)
    assert found is None or found.name != kind


@pytest.mark.parametrize(
    "question",
    [
        "Vem beslutar om samordningsförbundets budget?",
        "Vem ansvarar för kostnaderna i förbundet?",
        "Vilken myndighet bidrar med hälften av medlen?",
    ],
)
def test_who_questions_ask_for_an_actor_not_a_figure(question: str) -> None:
    assert asked_type(question) is None


def test_amount_questions_still_ask_for_an_amount() -> None:
    kind = asked_type("Hur stor budget har förbundet för 2026?")
    assert kind is not None and kind.name == "belopp"


def test_statute_references_are_not_figures_dates_or_amounts() -> None:
    count = asked_type("Hur många ledamöter har styrelsen?")
    assert not holds_answer(count, "Enligt 4 kap. 6, 7 och 9 §§ kommunallagen (2017:725).")
    assert holds_answer(count, "Styrelsen har fem ledamöter enligt 11 §.")
    when = asked_type("När ska budgeten vara fastställd?")
    assert holds_answer(when, "Budgeten fastställs senast den 30 november varje år.")
    cost = asked_type("Vad kostade projektet?")
    assert not holds_answer(cost, "Projektet hade 130 deltagare.")
    assert holds_answer(cost, "Projektet kostade 4,2 miljoner kronor.")


def test_relative_years_resolve_against_the_given_today() -> None:
    today = dt.date(2026, 3, 1)
    assert (
        resolve_relative_years("Hur många började förra året?", today) == "Hur många började 2025?"
    )
    assert (
        resolve_relative_years("Hur många har vi hittills i år?", today) == "Hur många har vi 2026?"
    )
    assert (
        resolve_relative_years("Vad gjorde förbundet i fjol?", today)
        == "Vad gjorde förbundet 2025?"
    )


@pytest.mark.parametrize(
    "question",
    [
        "Senast när ska styrelsen ha fastställt budgeten för nästa år?",
        "Hur ofta ska förbundet lämna en årsredovisning, varje år?",
        "Vad händer med pengarna året därpå om de inte används?",
    ],
)
def test_generic_or_normative_time_is_not_a_year_to_find(question: str) -> None:
    resolved = resolve_relative_years(question, dt.date(2026, 3, 1))
    assert resolved == question
    assert missing_years(resolved, ["Budgeten fastställs senast den 30 november varje år."]) == []


def test_years_missing_from_the_passages_are_named() -> None:
    assert missing_years("Vad hände 2016 och 2031?", ["Förbundet bildades 2016."]) == ["2031"]


@pytest.fixture(scope="module")
def weights(corpus_index_dir) -> TermWeights:  # type: ignore[no-untyped-def]
    from assistant.indexing.manifest import BM25_DIR, generation_dir, read_current
    from assistant.retrieval.bm25 import BM25Index

    index_dir = corpus_index_dir / "index"
    manifest = read_current(index_dir)
    assert manifest is not None
    return TermWeights.from_index(
        BM25Index.load(generation_dir(index_dir, manifest.generation) / BM25_DIR)
    )


def test_names_the_documents_never_mention_are_unknown(weights: TermWeights) -> None:
    assert unknown_names("Hur många deltagare hade förbundet i Malmö?", weights) == ["Malmö"]
    assert unknown_names("Vad skriver NNS om Stockholmskraften?", weights) == []


@pytest.mark.parametrize(
    ("question", "hint"),
    [
        ("Vad kostade Stockholmskraften per deltagare?", "belopp"),
        ("Hur stor lön har förbundets chef?", "belopp"),
        ("Vilka insatser erbjuder samordningsförbundet i Luleå?", "Luleå"),
        ("Vad skriver förvaltningen om resultaten 2031?", "2031"),
    ],
)
def test_question_about_what_the_documents_do_not_mention_is_refused(
    searcher: Searcher, weights: TermWeights, question: str, hint: str
) -> None:
    hits = searcher.search(question, 6)
    support = judge(question, question, hits, weights, searcher, TODAY)
    assert not support.supported
    assert support.hint is not None and hint in support.hint


@pytest.mark.parametrize(
    "question",
    [
        "När bildades samordningsförbundet i Stockholm?",
        "Hur länge sitter styrelsen?",
        "Får styrelsen hålla möten på distans?",
        "Vilka behovsgrupper arbetar förbundet med?",
    ],
)
def test_answerable_question_is_supported(
    searcher: Searcher, weights: TermWeights, question: str
) -> None:
    hits = searcher.search(question, 6)
    assert judge(question, question, hits, weights, searcher, TODAY).supported


@pytest.fixture
def fresh_engine() -> None:
    reset_engines()


def test_refusal_says_what_the_documents_lack(
    corpus_settings: Settings, fresh_engine: None
) -> None:
    result = answer("Vad kostade ESF-projektet Stockholmskraften totalt?", settings=corpus_settings)
    assert not result.supported
    assert result.text.startswith(f"{NO_SUPPORT} Underlaget anger inte något belopp")


def test_broad_statute_question_quotes_the_paragraphs_under_its_heading(
    corpus_settings: Settings, fresh_engine: None
) -> None:
    result = answer(
        "Vad säger lagen om styrelsen i ett samordningsförbund?", settings=corpus_settings
    )
    sections = [c.chunk.section for c in result.citations]
    assert len(sections) >= 3
    # "Ett samordningsförbunds ledning m.m." holds 10-20 §.
    assert all(s is not None and s.endswith("§") for s in sections)
    assert all(10 <= int(s.split()[0]) <= 20 for s in sections if s)
    assert all(c.chunk.text.startswith("Ett samordningsförbunds ledning") for c in result.citations)


def test_what_is_question_quotes_a_defining_passage(
    corpus_settings: Settings, fresh_engine: None
) -> None:
    result = answer("Vad är Finsam?", settings=corpus_settings)
    assert result.supported
    first = result.citations[0].quote
    assert "finansiell samordning" in first.lower()


@pytest.mark.parametrize(
    ("kind", "question"),
    [(k.name, q) for k in ANSWER_TYPES for q in k.english_examples],
)
def test_english_question_words_ask_for_the_same_kind(kind: str, question: str) -> None:
    found = asked_type(question)
    assert found is not None and found.name == kind


def test_english_who_question_asks_for_an_actor() -> None:
    assert asked_type("Who decides how the funds are used?") is None


def test_list_numbers_are_not_figures() -> None:
    count = asked_type("Hur många får utses?")
    assert not holds_answer(count, "Får utses: 1. ledamot i fullmäktige, 2. anställd vid AF.")
    assert holds_answer(count, "Styrelsen har 2 ledamöter.")


def test_periods_keep_a_range_as_one_period() -> None:
    assert periods("Mellan 2019 och 2022 deltog 400, under 2022 var de 150.") == {
        "2019–2022",
        "2022",
    }
    assert periods("Totalt 2018-2024.") == {"2018–2024"}


def test_a_sentence_without_a_year_speaks_of_its_passages_last_named_one() -> None:
    chunk = Chunk("d", "T", "Under 2023 startade tre insatser. Under året deltog 300 personer.")
    stated = sentence_periods({0: split_sentences(chunk)})
    assert stated["Under året deltog 300 personer."] == {"2023"}


def _hit(text: str) -> SearchHit:
    return SearchHit(Chunk("verksamhet", "Verksamhetsberättelse", text, section="Året"), 1.0)


def test_figure_for_another_year_is_refused_naming_the_year_stated(
    searcher: Searcher, weights: TermWeights
) -> None:
    text = (
        "Förbundet bildades 2016 och har sitt kansli i Stockholm. Under 2024 genomfördes "
        "sex insatser. Under året deltog ca 900 medarbetare i kunskapsdialoger."
    )
    question = "Hur många medarbetare deltog i kunskapsdialoger 2016?"
    support = judge(question, question, [_hit(text)], weights, searcher, TODAY)
    assert not support.supported
    assert support.hint == "Underlaget anger något antal för 2024, inte för 2016."
    asked_2024 = "Hur många medarbetare deltog i kunskapsdialoger 2024?"
    support = judge(asked_2024, asked_2024, [_hit(text)], weights, searcher, TODAY)
    assert support.supported
    assert support.answering == ("Under året deltog ca 900 medarbetare i kunskapsdialoger.",)


def test_figure_for_another_place_is_refused_naming_the_place(
    searcher: Searcher, weights: TermWeights
) -> None:
    text = "I mars 2025 hade drygt 90 000 personer i Sverige varit sjukskrivna i över ett år."
    question = "Hur många i Stockholm hade varit sjukskrivna i över ett år i mars 2025?"
    support = judge(question, question, [_hit(text)], weights, searcher, TODAY)
    assert not support.supported
    assert support.hint == "Underlaget anger inte något antal för Stockholm."


def test_figure_about_a_subject_the_sentence_lacks_is_refused_even_when_the_place_matches(
    searcher: Searcher, weights: TermWeights
) -> None:
    text = "I mars 2025 hade drygt 90 000 personer i Sverige varit sjukskrivna i över ett år."
    question = "Hur många invånare har Sverige?"
    support = judge(question, question, [_hit(text)], weights, searcher, TODAY)
    assert not support.supported


def test_a_name_must_stand_whole_not_as_a_shared_compound_part(
    searcher: Searcher, weights: TermWeights
) -> None:
    text = "År 2024 anmälde Stockholms stad 130 deltagare till insatserna."
    question = "Hur många deltagare hade Stockholmskraften 2024?"
    support = judge(question, question, [_hit(text)], weights, searcher, TODAY)
    assert not support.supported
    assert support.hint == "Underlaget anger inte något antal för Stockholmskraften."


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("NNS vill värna lagen. Vad säger lagen om syftet?", "Vad säger lagen om syftet?"),
        ("Regionen är medlem – hur stor del betalar den?", "hur stor del betalar den?"),
        ("Vad säger lagen om syftet?", "Vad säger lagen om syftet?"),
        ("Lagen (2003:1210) gäller. Den är bra.", "Lagen (2003:1210) gäller. Den är bra."),
    ],
)
def test_the_asked_sentence_is_the_question_after_its_context(text: str, asked: str) -> None:
    assert asked_sentence(text) == asked


def test_the_years_end_is_generic_not_this_year() -> None:
    question = "Inom hur lång tid efter årets slut ska årsredovisningen vara klar?"
    assert resolve_relative_years(question, TODAY) == question


@pytest.mark.parametrize(
    "question",
    [
        "Måste förbundet fråga medlemmarna innan budgeten beslutas?",
        "Får förbundet använda pengarna till lön åt deltagarna?",
        "Finns det regler om fördelningen av kostnaderna?",
    ],
)
def test_yes_no_question_asks_for_no_figure_kind(question: str) -> None:
    assert asked_type(question) is None


def test_yes_no_question_with_a_question_word_still_asks_for_its_kind() -> None:
    found = asked_type("Kan du säga hur mycket förbundet kostade 2024?")
    assert found is not None and found.name == "belopp"


@pytest.mark.parametrize(
    ("question", "counted"),
    [
        ("Hur många förslag har nätverket?", "förslag"),
        ("Hur många av förbundets ledamöter är ersättare?", "ledamöter"),
        ("Antalet insatser för individer enligt tabellen?", "insatser"),
        ("Hur många började en insats 2024?", None),
        ("Hur många som avslutade gick till arbete?", None),
        ("Hur många i Sverige är sjukskrivna?", None),
        ("Hur många personer var sjukskrivna?", None),
    ],
)
def test_the_counted_word_follows_the_quantity_phrase(question: str, counted: str | None) -> None:
    assert _counted_word(question) == counted


def test_the_subject_of_a_count_is_the_noun_counted_not_a_framing_word(
    weights: TermWeights,
) -> None:
    assert focus_term(weights, "Hur många insatser räknar nätverket upp i sin tabell?") == "insats"
    # Without a counted noun, the rarest word, never one framing the question.
    focus = focus_term(weights, "Hur mycket pengar gick till individer enligt sammanställningen?")
    assert focus is not None and not focus.startswith("sammanställ")


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        ("Hur många insatser för individer fanns det enligt NNS tabell?", "601"),
        ("Hur många kvinnor avslutade en insats under 2024 enligt förvaltningen?", "197"),
    ],
)
def test_count_is_answered_by_a_sentence_on_the_noun_counted(
    corpus_settings: Settings, fresh_engine: None, question: str, fact: str
) -> None:
    result = answer(question, settings=corpus_settings)
    assert result.supported, result.text
    assert any(fact in c.quote for c in result.citations)


def test_a_sentence_between_two_quoted_sentences_is_quoted_with_them(
    weights: TermWeights,
) -> None:
    from assistant.answer.extractive import select

    chunk = Chunk(
        doc_id="rapport",
        title="Rapport om samverkan",
        text=(
            "Samverkan\n"
            "Kommunen har en referensgrupp för samverkan med tre ledamöter. "
            "Från kommunen kommer socialtjänsten och skolan. "
            "Referensgruppen för samverkan träffas fyra gånger om året. "
            "Budgeten fastställs av styrelsen."
        ),
        section="Samverkan",
    )
    quotes = select(weights, "Vad gör referensgruppen för samverkan?", [SearchHit(chunk, 1.0)])
    quoted = " ".join(q for _, q in quotes)
    assert "träffas fyra gånger" in quoted and "tre ledamöter" in quoted
    assert "Från kommunen kommer socialtjänsten och skolan." in quoted
    assert "Budgeten" not in quoted


@pytest.mark.parametrize(
    ("text", "holds"),
    [
        ("Varje kommun ska utse minst en ledamot.", True),
        ("Styrelsen får ha högst ett utskott.", True),
        ("En eller flera kommuner får delta.", True),
        ("Styrelsen utser en ordförande.", False),
    ],
)
def test_one_is_a_count_only_with_a_quantifier(text: str, holds: bool) -> None:
    assert holds_answer(asked_type("Hur många ledamöter ska varje kommun utse?"), text) is holds


def test_count_of_board_seats_is_answered_by_at_least_one(
    corpus_settings: Settings, fresh_engine: None
) -> None:
    result = answer(
        "Hur många ledamöter måste varje förbundsmedlem ha i styrelsen?", settings=corpus_settings
    )
    assert result.supported, result.text
    assert any("minst en ledamot" in c.quote for c in result.citations)


def test_a_sentence_referring_back_to_the_quote_is_quoted_with_it(weights: TermWeights) -> None:
    from assistant.answer.extractive import select

    chunk = Chunk(
        doc_id="rapport",
        title="Rapport om verktyg",
        text=(
            "Verktyg\n"
            "Budgeten fastställs av styrelsen. "
            "Samverkansportalen är en webbplats för handläggare i kommunen. "
            "Syftet är att handläggarna ska hitta rätt kontaktperson. "
            "Styrelsen sammanträder fyra gånger om året."
        ),
        section="Verktyg",
    )
    quotes = select(weights, "Vad är Samverkansportalen?", [SearchHit(chunk, 1.0)], 1)
    quoted = " ".join(q for _, q in quotes)
    assert "Samverkansportalen är en webbplats" in quoted
    assert "Syftet är att handläggarna ska hitta rätt kontaktperson." in quoted
    assert "sammanträder" not in quoted
