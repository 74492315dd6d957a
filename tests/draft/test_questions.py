"""Finding the questions of a skrivelse."""

from __future__ import annotations

from draft_fixtures import TEN_QUESTIONS, skrivelse_text

from assistant.draft import find_questions, questions_from_texts, split_parts, whole_text_question


def test_finds_the_ten_questions_of_the_moderaterna_skrivelse() -> None:
    scan = find_questions(skrivelse_text())
    assert scan.texts == TEN_QUESTIONS
    assert scan.warnings == []


def test_joins_items_wrapped_across_blank_lines() -> None:
    text = (
        "Frågor:\n- Hur många ärenden remitteras \n\nårligen till FINSAM?\n"
        "- Vilka insatser finns?\n"
    )
    assert find_questions(text).texts == [
        "Hur många ärenden remitteras årligen till FINSAM?",
        "Vilka insatser finns?",
    ]


def test_joins_capitalised_continuation_when_the_sentence_ends_in_a_question_mark() -> None:
    text = "- Är det känt hur många som remitteras från \n\nStockholms stad till FINSAM? \n"
    assert find_questions(text).texts == [
        "Är det känt hur många som remitteras från Stockholms stad till FINSAM?"
    ]


def test_numbered_items_after_an_introduction_count_without_question_marks() -> None:
    text = "Vi önskar svar på följande frågor:\n1. Antal deltagare per år\n2. Kostnad per insats\n"
    assert find_questions(text).texts == ["Antal deltagare per år", "Kostnad per insats"]


def test_bullets_that_state_facts_are_not_questions() -> None:
    text = "Bakgrund:\n- Förbundet bildades 2016.\n- Det har fyra medlemmar.\n"
    assert find_questions(text).texts == []


def test_finds_sentences_ending_in_a_question_mark_in_running_text() -> None:
    text = (
        "Vi har läst årsredovisningen. Hur många deltagare gick vidare till arbete\n"
        "eller studier 2024? Vi ser fram emot svar.\n"
    )
    assert find_questions(text).texts == [
        "Hur många deltagare gick vidare till arbete eller studier 2024?"
    ]


def test_a_question_asking_several_things_keeps_one_heading_with_parts() -> None:
    scan = find_questions(
        "- Hur många har huvudorsak arbetslöshet och vilka andra huvudorsaker finns?\n"
    )
    (question,) = scan.questions
    assert question.is_compound
    assert question.parts == (
        "Hur många har huvudorsak arbetslöshet?",
        "Vilka andra huvudorsaker finns?",
    )


def test_split_parts_at_dash_eller_and_second_question_mark() -> None:
    assert split_parts("Använder stadsdelarna FINSAM i sitt arbete – eller varierar det?") == (
        "Använder stadsdelarna FINSAM i sitt arbete?",
        "Varierar det?",
    )
    assert split_parts("Hur många började? Hur många slutade?") == (
        "Hur många började?",
        "Hur många slutade?",
    )
    assert split_parts("Finns kunskap och resultat från dessa ärenden?") == (
        "Finns kunskap och resultat från dessa ärenden?",
    )


def test_caps_the_number_of_questions_with_a_warning() -> None:
    text = "\n".join(f"- Hur många deltagare fanns år {2000 + i}?" for i in range(40))
    scan = find_questions(text, max_questions=30)
    assert len(scan.questions) == 30
    assert scan.truncated
    assert "40 frågor" in scan.warnings[0]


def test_caps_the_characters_read_with_a_warning() -> None:
    scan = find_questions("Lång text. " * 20_000 + "Hur många?", max_chars=1_000)
    assert scan.truncated and scan.questions == []
    assert "tecken" in scan.warnings[0]


def test_no_questions_found_and_whole_text_fallback() -> None:
    text = "Vi vill att nämnden redovisar arbetet med FINSAM."
    assert find_questions(text).questions == []
    (question,) = whole_text_question(text).questions
    assert question.source == "whole_text" and question.text == text


def test_edited_questions_are_numbered_and_empty_lines_dropped() -> None:
    scan = questions_from_texts(["Hur många?", "  ", "Vilka insatser finns?"])
    assert [(q.number, q.text, q.source) for q in scan.questions] == [
        (1, "Hur många?", "manual"),
        (2, "Vilka insatser finns?", "manual"),
    ]
