"""Everyday words for the statute's terms (retrieval/paraphrases.json): each record's
examples are its tests, and lexical search finds the paragraph through them."""

from __future__ import annotations

import pytest

from assistant.retrieval.paraphrases import (
    legal_words_for,
    lexical_expansion,
    load_paraphrases,
    matching,
)
from assistant.retrieval.searcher import Searcher


@pytest.mark.parametrize(
    ("name", "question"),
    [(p.name, q) for p in load_paraphrases() for q in p.examples],
)
def test_paraphrase_recognises_its_examples(name: str, question: str) -> None:
    assert name in [p.name for p in matching(question)]


def test_every_paraphrase_has_examples_and_legal_words() -> None:
    for paraphrase in load_paraphrases():
        assert paraphrase.examples, paraphrase.name
        assert paraphrase.legal.split(), paraphrase.name


@pytest.mark.parametrize(
    "question",
    [
        "Hur många ledamöter har styrelsen?",  # "leda till" is not inside "ledamöter"
        "Vad är en kontrollgrupp?",  # "kontroller*" needs its whole stem
        "Hur långvariga är ärendena?",
    ],
)
def test_phrases_match_whole_words_only(question: str) -> None:
    assert lexical_expansion(question) == ""


def test_expansion_adds_only_words_the_question_lacks() -> None:
    words = lexical_expansion("Vem granskar förbundet?").split()
    assert "granskas" in words and "revisor" in words
    assert "revisor" not in lexical_expansion("Vem granskar revisorn?").split()


def test_a_word_stands_for_legal_words_alone_or_inside_a_phrase() -> None:
    assert "medel" in legal_words_for("pengarna", "Vem förvaltar pengarna?")
    assert "förmåner" in legal_words_for("bidrag", "Kan man få bidrag till enskilda av förbundet?")
    assert legal_words_for("bidrag", "Hur stora bidrag ger staten?") == []


@pytest.mark.parametrize(
    ("question", "section"),
    [
        ("Vem håller koll på hur styrelsen sköter sitt uppdrag?", "25 §"),
        ("Vilka får väljas in i styrelsen?", "12 §"),
        ("Får förbundet bevilja pengar till en enskild person?", "7 §"),
    ],
)
def test_lexical_search_finds_the_paragraph_through_everyday_words(
    searcher: Searcher, question: str, section: str
) -> None:
    hits = searcher.search(question, 5, mode="bm25")
    assert section in [h.chunk.section for h in hits]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # The data says "väljas in i styrelsen"; the active infinitive is the same phrase.
        ("Kan man välja in en tjänsteman i styrelsen?", None),
        ("Vem får man välja in i styrelsen?", "board_member"),
        # The data says "skjuta till"; the passive is the same phrase.
        ("Hur mycket ska skjutas till av kommunen?", "contribute"),
    ],
)
def test_a_phrase_verb_matches_its_active_and_passive_infinitive(
    text: str, name: str | None
) -> None:
    names = [p.name for p in matching(text)]
    if name is None:
        assert "board_member" not in names  # the words must stand together
    else:
        assert name in names
