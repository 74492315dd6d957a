"""Composing the draft from answers (the engine is replaced by scripted answers here;
test_cli.py runs the real engine)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from draft_fixtures import skrivelse_text

from assistant import stats
from assistant.answer.models import Answer, Citation
from assistant.draft import (
    NOT_ANSWERABLE,
    SECTION_HEADINGS,
    NoQuestionsFound,
    compose_draft,
    draft_to_markdown,
    parse_skrivelse,
)
from assistant.errors import FinsamError
from assistant.models import Chunk
from assistant.register import load_register

DOC = Chunk(doc_id="tu", title="Tjänsteutlåtande", text="", page=4, section="Ärendet")


def chunk(text: str, ordinal: int) -> Chunk:
    return Chunk(doc_id="tu", title="Tjänsteutlåtande", text=text, page=4, ordinal=ordinal)


def scripted(answers: dict[str, Answer]) -> Callable[..., Answer]:
    def answer_fn(question: str, history: Any = None, *, settings: Any = None) -> Answer:
        for key, value in answers.items():
            if key in question:
                return value
        return Answer(text="Jag hittar inget stöd.", supported=False, route="out_of_scope")

    return answer_fn


def test_sections_follow_the_tjansteutlatande() -> None:
    draft = compose_draft(skrivelse_text(), answer_fn=scripted({}), annex=False)
    assert [s.heading for s in draft.sections] == list(SECTION_HEADINGS)
    assert draft.title == (
        "Skrivelse angående användning av FINSAM i arbetet med försörjningsstöd och arbetslöshet"
    )
    assert draft.subtitle == "Svar på skrivelse från Moderaterna"
    background = draft.section("Bakgrund").paragraphs[0]
    assert background.startswith("Moderaterna har i en skrivelse till socialnämnden 2025-02-18")
    assert len(draft.section("Ärendet").numbered) == 10


def test_unanswered_question_says_so_and_lists_what_is_needed() -> None:
    draft = compose_draft(
        "- Har ärendena varit föremål för arbete inom FoU?", answer_fn=scripted({}), annex=False
    )
    (qs,) = draft.question_sections
    assert not qs.answered
    assert any("FoU" in need for need in qs.needs)
    md = draft_to_markdown(draft)
    assert NOT_ANSWERABLE in md and "För att kunna besvara frågan behövs:" in md
    assert "fråga 1" in " ".join(draft.section("Sammanfattning").paragraphs)


def test_citations_are_renumbered_per_question_across_parts() -> None:
    first = Answer(
        text="A stöds av [1] och [2].",
        citations=[Citation(1, chunk("Alfa gäller.", 1)), Citation(2, chunk("Beta gäller.", 2))],
    )
    second = Answer(
        text="C stöds av [1][2].",
        citations=[Citation(1, chunk("Beta gäller.", 2)), Citation(2, chunk("Gamma gäller.", 3))],
    )
    draft = compose_draft(
        "- Hur många började och vilka insatser finns?",
        answer_fn=scripted({"Hur många": first, "Vilka": second}),
        annex=False,
    )
    (qs,) = draft.question_sections
    assert [p.text for p in qs.parts] == ["A stöds av [1] och [2].", "C stöds av [2][3]."]
    assert [c.chunk.text for c in qs.citations] == ["Alfa gäller.", "Beta gäller.", "Gamma gäller."]
    assert qs.answered


def test_passage_that_only_restates_the_question_is_not_an_answer() -> None:
    echo = Answer(
        text="Svar:\n\n- Tjänsteutlåtande: ”- Har Stockholm kunskap om resultatet?” [1]",
        citations=[Citation(1, chunk("x", 1), quote="- Har Stockholm kunskap om resultatet?")],
    )
    draft = compose_draft(
        "- Har Stockholm kunskap om resultatet?", answer_fn=scripted({"Har": echo}), annex=False
    )
    (qs,) = draft.question_sections
    assert not qs.answered and qs.citations == []


def test_statistics_are_kept_with_their_table_removed_from_the_text() -> None:
    result = stats.outcome_rate(load_register(), year=2024)
    answer = Answer(
        text="Av de 348 gick 61 till arbete eller studier [S1].\n\n[S1] "
        + result.to_markdown_table(),
        statistics=[result],
        route="statistics",
    )
    draft = compose_draft(
        "- Hur många gick till arbete eller studier 2024?",
        answer_fn=scripted({"Hur många": answer}),
        annex=False,
    )
    (qs,) = draft.question_sections
    assert qs.answered and qs.statistics == [result]
    assert qs.parts[0].text == "Av de 348 gick 61 till arbete eller studier [S1]."
    assert draft.synthetic and any("demoregistret" in w for w in draft.warnings)
    # The draft states the figure in a sentence with its period and table number, and
    # says once, in the data source paragraph, that the data are synthetic.
    (paragraph,) = qs.parts[0].paragraphs
    assert paragraph.startswith(
        "Av de 348 deltagare som avslutade en insats under 2024 gick 61 (18 %) till arbete "
        "eller studier (tabell 1)."
    )
    assert qs.table_numbers == [1]
    (source,) = draft.data_source
    assert source.count("Syntetiska demodata") == 1 and result.provenance.sha256 in source


def test_annex_holds_the_statistics_compilation_for_the_year_before_the_skrivelse() -> None:
    draft = compose_draft(skrivelse_text(), answer_fn=scripted({}))
    annex = draft.section("Bilagor").statistics
    assert draft.section("Bilagor").statistics_heading.endswith("2024")
    assert annex[0].cell("Stockholms stad").count == 130
    total = annex[3].cell("Totalt")
    assert (total.count, total.numerator) == (348, 61)


def test_engine_failure_is_reported_not_raised() -> None:
    def failing(question: str, history: Any = None, *, settings: Any = None) -> Answer:
        raise FinsamError("indexet saknas")

    draft = compose_draft("- Hur många?", answer_fn=failing, annex=False)
    (qs,) = draft.question_sections
    assert not qs.answered and "indexet saknas" in qs.parts[0].error
    assert any("indexet saknas" in w for w in draft.warnings)


def test_no_questions_raises_unless_whole_text() -> None:
    text = "Vi vill att nämnden redovisar arbetet med FINSAM."
    with pytest.raises(NoQuestionsFound) as info:
        compose_draft(parse_skrivelse(text), answer_fn=scripted({}), annex=False)
    assert "--whole-text" in info.value.message
    draft = compose_draft(text, answer_fn=scripted({}), whole_text=True, annex=False)
    assert [q.question.text for q in draft.question_sections] == [text]
