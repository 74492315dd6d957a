"""Swedish analysis for BM25: tokens, stop words, stems and compound splitting."""

from __future__ import annotations

import pytest

from assistant.retrieval.analysis import Analyzer, stem, swedish_stopwords, words

LEXICON = {"försörjning", "stöd", "samordning", "förbund", "rehabilitering", "insatser"}


@pytest.mark.parametrize(
    ("compound", "parts"),
    [
        ("försörjningsstöd", ["försörjning", "stöd"]),
        ("samordningsförbund", ["samordning", "förbund"]),
        ("rehabiliteringsinsatser", ["rehabilitering", "insatser"]),
    ],
)
def test_compound_is_split_into_known_parts_across_the_linking_s(
    compound: str, parts: list[str]
) -> None:
    assert Analyzer(LEXICON).split_compound(compound) == parts


@pytest.mark.parametrize("word", ["stöd", "förbund", "kanotpaddling", "2003:1210", "abc123def"])
def test_short_unknown_or_non_alphabetic_words_are_not_split(word: str) -> None:
    assert Analyzer(LEXICON).split_compound(word) == []


def test_compound_tokens_hold_the_whole_word_and_its_parts() -> None:
    analyzer = Analyzer(LEXICON)
    assert analyzer.tokens("försörjningsstöd") == [
        stem("försörjningsstöd"),
        stem("försörjning"),
        stem("stöd"),
    ]
    assert stem("stöd") in analyzer.tokens("försörjningsstöd")


def test_decompounding_can_be_switched_off() -> None:
    analyzer = Analyzer(LEXICON, decompound=False)
    assert analyzer.tokens("försörjningsstöd") == [stem("försörjningsstöd")]


def test_inflected_query_word_meets_the_compound_part_through_stemming() -> None:
    analyzer = Analyzer(LEXICON)
    assert analyzer.tokens("stödet") == [stem("stöd")]
    assert set(analyzer.tokens("rehabiliteringsinsatserna")) >= {stem("insatser")}


def test_stop_words_are_dropped() -> None:
    assert {"och", "att", "för", "det"} <= swedish_stopwords()
    assert Analyzer(LEXICON).tokens("och det är för att") == []


def test_words_split_hyphenated_words_and_keep_numbers_whole() -> None:
    assert words("FINSAM-team enligt lag (2003:1210), 61,5 procent") == [
        "finsam",
        "team",
        "finsamteam",
        "enligt",
        "lag",
        "2003:1210",
        "61,5",
        "procent",
    ]


def test_lexicon_is_built_from_words_of_three_letters_or_more() -> None:
    lexicon = Analyzer.build_lexicon(["Stöd till 61 deltagare i FINSAM-team", "stöd ges"], 2)
    assert lexicon == {"stöd"}
    assert "i" not in Analyzer.build_lexicon(["i en by"])
