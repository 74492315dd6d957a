"""Session-4 document-route quality (issue 9): everyday words the statute says in legal
words count as covered, a "när"-question is answered by the condition the statute
states, and the paragraph that lexical search finds through the legal words is a
candidate for quoting. Real corpus index, real default embedding model; the
questions are phrased for these tests, not taken from a question set."""

from __future__ import annotations

import pytest

from assistant.answer.answer_types import asked_type
from assistant.answer.engine import answer, reset_engines
from assistant.answer.extractive import TermWeights, covered, legal_tokens
from assistant.answer.models import Answer
from assistant.answer.support import (
    VERB_FORM_RE,
    focus_term,
    states_condition,
)
from assistant.models import Chunk
from assistant.retrieval.searcher import Searcher
from assistant.retrieval.sentences import split_sentences, states_figure
from assistant.settings import Settings


@pytest.fixture(autouse=True)
def _fresh_engine() -> None:
    reset_engines()


@pytest.fixture
def weights(searcher: Searcher) -> TermWeights:
    return TermWeights.from_index(searcher.bm25)


def _sections(result: Answer) -> list[str | None]:
    return [c.chunk.section for c in result.citations]


def _quotes(result: Answer) -> str:
    return " ".join(c.quote for c in result.citations)


def test_an_everyday_word_is_covered_by_the_legal_word_it_stands_for(
    weights: TermWeights,
) -> None:
    question = "Hur mycket måste regionen skjuta till?"
    terms = weights.query_terms(question)
    legal = legal_tokens(weights, question)
    law = "Den eller de regioner som deltar ska bidra med en fjärdedel av medlen."
    assert covered(weights, terms, legal, law) > weights.coverage(terms, law)
    # Without a paraphrase the measure is plain coverage.
    plain = "Hur många ledamöter har styrelsen?"
    assert legal_tokens(weights, plain) == {}
    text = "Styrelsen har sju ledamöter."
    terms = weights.query_terms(plain)
    assert covered(weights, terms, {}, text) == weights.coverage(terms, text)


def test_a_when_question_is_answered_by_the_condition_on_its_own_verb(
    weights: TermWeights,
) -> None:
    question = "När anses en förening vara upplöst?"
    kind = asked_type(question)
    assert states_condition(weights, kind, question, "Föreningen är upplöst när skiftet är klart.")
    # A condition on another verb does not answer it, nor does a non-"när" question.
    assert not states_condition(weights, kind, question, "Styrelsen avgår när året är slut.")
    other = "Vem beslutar att föreningen är upplöst?"
    assert not states_condition(
        weights, asked_type(other), other, "Föreningen är upplöst när skiftet är klart."
    )


@pytest.mark.parametrize(
    ("question", "section", "fact"),
    [
        # "bildat" + "när": the condition in 8 §, not the budget date of 23 §.
        ("Från när räknas ett nytt förbund som bildat?", "8 §", "förbundsordningen"),
        # "betalt för" is "arvode" (11 §), not the list of 9 §.
        ("Får ledamöterna betalt för sitt styrelseuppdrag?", "11 §", "arvode"),
        # Meetings "via video" are "på distans" (19 a §).
        ("Får styrelsen hålla sina sammanträden via video?", "19 a §", "distans"),
        # Borrowing is "sätta sig i skuld … sedvanliga krediter" (21 §).
        ("Kan förbundet ta lån till verksamheten?", "21 §", "krediter"),
        # A cost question answered by the shares of 5 §, said "medlen".
        (
            "Hur fördelas kostnaden när flera kommuner delar på kommunernas del?",
            "5 §",
            "överens",
        ),
        # A figure word the register cannot place ("betalar") is said "bidra" in the law.
        (
            "Hur mycket betalar en kommun utanför en region när ingen region är med?",
            "5 a §",
            "hälften",
        ),
    ],
)
def test_everyday_question_reaches_the_paragraph_that_says_it_in_legal_words(
    corpus_settings: Settings, question: str, section: str, fact: str
) -> None:
    result = answer(question, settings=corpus_settings)
    assert result.supported, result.text
    assert section in _sections(result), _sections(result)
    assert fact in _quotes(result)


@pytest.mark.parametrize(
    "question",
    [
        "Hur mycket kostade förbundets lokaler 2024?",
        "Vad kostar en plats i FINSAM-team per månad?",
        "När startade förbundet sitt samarbete med Uppsala?",
    ],
)
def test_questions_the_documents_do_not_answer_stay_refused(
    corpus_settings: Settings, question: str
) -> None:
    result = answer(question, settings=corpus_settings)
    assert not result.supported, result.text


def test_a_heading_that_states_a_figure_is_quotable_and_a_question_heading_is_not() -> None:
    stated = Chunk(
        doc_id="x",
        doc_type="rapport",
        title="Rapport",
        section="Tre mål för nästa period",
        text="Tre mål för nästa period\n1. Fler i arbete\n2. Kortare väntan\n3. Bättre hälsa",
    )
    sentences = split_sentences(stated)
    assert sentences[0].text == "Tre mål för nästa period" and len(sentences) == 4
    assert sentences[0].opens_list  # quoted with its items
    asked = Chunk(
        doc_id="x",
        doc_type="rapport",
        title="Rapport",
        section="Hur många tre-åriga projekt finns?",
        text="Hur många tre-åriga projekt finns?\nDet finns inga sådana projekt.",
    )
    assert [s.text for s in split_sentences(asked)] == ["Det finns inga sådana projekt."]
    assert not states_figure("Bilagor")


def test_a_count_question_is_answered_by_the_figure_in_a_heading(
    corpus_settings: Settings,
) -> None:
    result = answer(
        "Hur många förslag för Finsams framtid har NNS formulerat?", settings=corpus_settings
    )
    assert result.supported, result.text
    assert "nio förslag" in _quotes(result)


@pytest.mark.parametrize(
    ("question", "figure"),
    [
        # "riktade"/"kostade" say what was done; the subject is "individer".
        ("Vilken kostnad hade stödet som riktades till individer enligt NNS tabell?", "547"),
        ("Hur många insatser vände sig till individer enligt NNS?", "601"),
    ],
)
def test_a_table_row_answers_a_figure_question_about_its_row(
    corpus_settings: Settings, question: str, figure: str
) -> None:
    result = answer(question, settings=corpus_settings)
    assert result.supported, result.text
    assert figure in _quotes(result)


def test_a_verb_form_is_not_the_subject_of_a_figure(weights: TermWeights) -> None:
    assert focus_term(weights, "Hur mycket kostade projekten riktade till individer?") != "rikt"
    assert VERB_FORM_RE.search("riktade") and VERB_FORM_RE.search("betalades")
    assert not VERB_FORM_RE.search("individer") and not VERB_FORM_RE.search("kostnad")


def test_a_defining_question_about_a_named_project_is_answered(corpus_settings: Settings) -> None:
    result = answer("Vad innebär Stockholmskraften?", settings=corpus_settings)
    assert result.supported, result.text
    assert "Stockholmskraften" in _quotes(result)


def test_who_may_take_part_is_answered_by_the_paragraph_on_the_parties(
    corpus_settings: Settings,
) -> None:
    result = answer(
        "Vilka kan vara med i en finansiell samordning som samverkande parter?",
        settings=corpus_settings,
    )
    assert result.supported, result.text
    assert _sections(result)[0] == "3 §"


@pytest.mark.parametrize(
    "question",
    ["Vem signerade tjänsteutlåtandet?", "Vilka undertecknade tjänsteutlåtandet?"],
)
def test_who_signed_is_answered_by_the_signature_line(
    corpus_settings: Settings, question: str
) -> None:
    # "signerade" stands for the signers' titles (paraphrases.json); the signature
    # line is quoted although it says none of the question's own words.
    result = answer(question, settings=corpus_settings)
    assert result.supported, result.text
    assert "Blombergsson" in _quotes(result)
