"""English questions: relative years and comparisons are read, not left over (issue 9).

"last year" left untranslated made the register reading give up and the document
route quote a figure for another year; "Were there more …" was not even seen as
English.
"""

from __future__ import annotations

from assistant.answer import language


def test_relative_year_in_english_becomes_the_swedish_time_words() -> None:
    assert language.reading_text("How many participants left an intervention last year?") == (
        "hur många deltagare lämnade insats förra året"
    )
    assert "i år" in language.reading_text("How many women started this year?")


def test_question_of_function_words_and_a_comparison_is_english() -> None:
    question = "Were there more men or women among those who started in 2023?"
    assert language.is_english(question)
    assert language.reading_text(question).startswith("fler män eller kvinnor")


def test_swedish_question_is_not_taken_for_english() -> None:
    assert not language.is_english("Hur många män och kvinnor har avslutat en insats?")
