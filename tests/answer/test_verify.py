"""Checks on generated answers: numbers against sources, citations against passages."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.models import Citation
from assistant.answer.verify import (
    MAX_QUESTION_CHARS,
    UNVERIFIED_MARK,
    bound_question,
    check_citations,
    check_numbers,
    cited_numbers,
    mark_unverified,
    number_tokens,
    renumber_citations,
    unverified_numbers,
)
from assistant.models import Chunk
from assistant.register.dataset import Provenance
from assistant.stats.results import Cell, StatResult

BUDGET = Chunk(
    doc_id="lag-2003-1210",
    title="Lag (2003:1210) om finansiell samordning av rehabiliteringsinsatser",
    text=(
        "Styrelsen skall fastställa samordningsförbundets budget senast den 30 november "
        "varje år. Förbundet hade 1 250 deltagare och 17,5 procent gick till arbete."
    ),
    section="23 §",
    ordinal=22,
    doc_type="författning",
)
SKRIVELSE = Chunk(
    doc_id="skrivelse",
    title="Skrivelse",
    text="Skrivelsen inkom 2025-02-18 och besvarades i maj.",
    page=2,
)


def cite(*chunks: Chunk) -> list[Citation]:
    return [Citation(n, chunk) for n, chunk in enumerate(chunks, start=1)]


def stat(count: int = 352, share: float | None = 0.374) -> StatResult:
    cells = [Cell(key=("Kvinna",), count=count, display=str(count), status="shown", share=share)]
    return StatResult(
        kind="count",
        title="Antal deltagare som startade en insats 2024",
        event="started",
        from_year=2024,
        to_year=2024,
        definition="Startade under perioden",
        filters={},
        group_by=["kön"],
        n=941,
        n_display="941",
        cells=cells,
        share_of="alla som startade",
        suppression="Tal under 5 visas inte.",
        threshold=5,
        suppressed_primary=0,
        suppressed_secondary=0,
        provenance=Provenance(path=Path("demo.xlsx"), sha256="ab", rows=1459, synthetic=True),
    )


# --- numbers -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1 250", "1250"),
        ("1\u00a0250", "1250"),
        ("1250", "1250"),
        ("17,5", "17.5"),
        ("17.50", "17.5"),
        ("17 %", "17"),
        ("17%", "17"),
        ("61 procent", "61"),
        ("SFS 2003:1210", "2003:1210"),
        ("den 2025-02-18", "2025-02-18"),
    ],
)
def test_numbers_normalise_swedish_and_english_formats(text: str, value: str) -> None:
    assert [t.value for t in number_tokens(text)] == [value]


def test_number_tokens_skip_markers_list_numbers_and_identifiers() -> None:
    text = "1. Budget [1] och [2, 3].\n2) Ett id D00001 och sha256 syns inte.\nMen 42 gör det."
    assert [t.raw for t in number_tokens(text)] == ["42"]


def test_year_next_to_count_is_not_read_as_thousands() -> None:
    assert [t.value for t in number_tokens("Under 2024 352 personer")] == ["2024", "352"]


def test_numbers_in_cited_passage_are_verified_in_any_format() -> None:
    text = "Budgeten fastställs senast den 30 november [1]; 1250 deltagare, 17,5 % till arbete."
    assert unverified_numbers(text, cite(BUDGET), []) == []


def test_invented_number_is_reported_once_as_written() -> None:
    text = "Budgeten fastställs den 30 november [1], men 61 procent och sedan 61 % igen."
    assert unverified_numbers(text, cite(BUDGET), []) == ["61 procent"]
    (warning,) = check_numbers(text, cite(BUDGET), [])
    assert "61 procent" in warning
    assert UNVERIFIED_MARK in warning


def test_section_and_sfs_numbers_in_cited_passage_are_verified() -> None:
    text = "Enligt 23 § lag (2003:1210) ska budgeten vara klar [1]."
    assert unverified_numbers(text, cite(BUDGET), []) == []


def test_section_number_from_an_uncited_passage_is_flagged() -> None:
    assert unverified_numbers("Enligt 23 § gäller detta.", cite(SKRIVELSE), []) == ["23"]


def test_dates_match_whole_and_by_part() -> None:
    assert unverified_numbers("Den kom 2025-02-18 [1].", cite(SKRIVELSE), []) == []
    assert unverified_numbers("Den kom den 18 februari 2025 [1].", cite(SKRIVELSE), []) == []


def test_years_from_the_question_are_not_checked() -> None:
    text = "Både 2023 och 2024 var budgeten klar den 30 november [1]."
    assert unverified_numbers(text, cite(BUDGET), []) == ["2023", "2024"]
    assert unverified_numbers(text, cite(BUDGET), [], question="Hur var det 2023 och 2024?") == []
    assert unverified_numbers(text, cite(BUDGET), [], question="Och 2023?") == ["2024"]


def test_statistics_counts_shares_n_and_provenance_are_verified() -> None:
    text = "352 kvinnor (37 %, eller 37,4 procent) av 941 startade; registret har 1 459 rader."
    assert unverified_numbers(text, [], [stat()], question="2024") == []


def test_share_not_in_statistics_is_flagged() -> None:
    assert unverified_numbers("Andelen var 45 %.", [], [stat()]) == ["45 %"]


def test_numbers_with_neither_sources_nor_statistics_are_all_flagged() -> None:
    assert unverified_numbers("Det finns 3 typer och 12 000 kronor.", [], []) == [
        "3",
        "12 000",
    ]


def test_mark_unverified_marks_every_occurrence_by_value() -> None:
    text = "Det var 61 procent, alltså 61 %, av 1 000 (1000) personer; 610 är något annat."
    marked = mark_unverified(text, ["61 procent", "1000"])
    assert marked == (
        "Det var **61 procent**⚠, alltså **61 %**⚠, av **1 000**⚠ (**1000**⚠) personer; "
        "610 är något annat."
    )


def test_mark_unverified_leaves_markers_and_text_without_numbers() -> None:
    assert mark_unverified("Se [1] och 7 §.", ["1"]) == "Se [1] och 7 §."
    assert mark_unverified("Inget här.", []) == "Inget här."


# --- citations -----------------------------------------------------------------


def test_marker_to_unknown_passage_is_dropped_and_flagged() -> None:
    text, warnings = check_citations("Budgeten [1]. Påhitt [9]. Båda [1, 9].", {1, 2})
    assert text == "Budgeten [1]. Påhitt. Båda [1]."
    assert len(warnings) == 1
    assert "[9]" in warnings[0]


def test_valid_markers_are_left_as_written() -> None:
    text = "Se [1][2] och [1, 2] samt [1–2]."
    assert check_citations(text, {1, 2}) == (text, [])


def test_ranges_are_checked_number_by_number() -> None:
    text, warnings = check_citations("Se [2–4].", {1, 2, 3})
    assert text == "Se [2, 3]."
    assert [w for w in warnings if "[4]" in w]


def test_no_passages_means_every_marker_goes() -> None:
    text, warnings = check_citations("Svar [1] och [2].", set())
    assert text == "Svar och."
    assert len(warnings) == 2


def test_cited_numbers_in_order_of_first_appearance() -> None:
    assert cited_numbers("A [3]. B [1, 3]. C [2–3].") == [3, 1, 2]


def test_renumber_citations_rewrites_every_marker() -> None:
    assert renumber_citations("A [3]. B [1, 3].", {3: 1, 1: 2}) == "A [1]. B [2, 1]."


# --- the question ----------------------------------------------------------------


def test_empty_and_blank_questions_become_empty() -> None:
    assert bound_question("") == ("", [])
    assert bound_question(" \n\t\x00 ") == ("", [])


def test_question_whitespace_and_control_characters_are_normalised() -> None:
    assert bound_question("  Vad\x07 säger\n\n 7 §? ") == ("Vad säger 7 §?", [])


def test_long_question_is_cut_with_a_warning() -> None:
    question, warnings = bound_question("Vad säger lagen om budget? " * 800)
    assert 0 < len(question) <= MAX_QUESTION_CHARS
    assert question.startswith("Vad säger lagen om budget?")
    (warning,) = warnings
    assert "21\u00a0599 tecken" in warning


def test_question_must_be_text() -> None:
    with pytest.raises(TypeError, match="int"):
        bound_question(42)  # type: ignore[arg-type]
