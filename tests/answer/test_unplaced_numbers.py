"""A number the register cannot place (an age cut that is not an age group) is part of
the question: a quote that does not state it is no answer (issue 9, wrong figures)."""

from __future__ import annotations

import pytest

from assistant.answer.engine import answer
from assistant.answer.models import NO_SUPPORT
from assistant.settings import Settings

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "question",
    [
        "Hur många unga under 25 år började 2024?",
        "Hur många i åldern 18–24 började en insats 2024?",
        "Hur många som var äldre än 55 år avslutade 2024?",
    ],
)
def test_count_with_an_age_cut_the_register_lacks_is_refused(
    corpus_settings: Settings, question: str
) -> None:
    result = answer(question, settings=corpus_settings)
    assert not result.supported
    assert not result.statistics
    assert result.text.startswith(NO_SUPPORT)
    # No figure from the register or a quote: 352 started in 2024, 348 ended.
    assert "352" not in result.text and "348" not in result.text


def test_an_age_group_the_register_holds_is_still_counted(corpus_settings: Settings) -> None:
    result = answer("Hur många i åldersgruppen 16–29 började 2024?", settings=corpus_settings)
    assert result.supported
    assert result.statistics
    assert result.statistics[0].filters.get("åldersgrupp") == ["16–29"]
