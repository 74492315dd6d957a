"""Sentences of a passage: a table row is read with its header line."""

from __future__ import annotations

from assistant.answer.quoting import clean_quote
from assistant.models import Chunk
from assistant.retrieval.sentences import split_sentences

TABLE = (
    "Insatserna i siffror\n"
    "Förbundet redovisar här sina två huvudområden.\n"
    "Område Projekt Deltagare Kostnad\n"
    "Arbete 12 1 300 (40%) ca 20 mkr (60%)\n"
    "Studier 8 1 950 (60%) ca 13 mkr (40%)\n"
    "Resultaten följs upp varje år."
)


def test_table_rows_are_sentences_under_their_header() -> None:
    texts = [
        s.text for s in split_sentences(Chunk("d", "T", TABLE, section="Insatserna i siffror"))
    ]
    assert texts == [
        "Förbundet redovisar här sina två huvudområden.",
        "Område Projekt Deltagare Kostnad\nArbete 12 1 300 (40%) ca 20 mkr (60%)",
        "Område Projekt Deltagare Kostnad\nStudier 8 1 950 (60%) ca 13 mkr (40%)",
        "Resultaten följs upp varje år.",
    ]


def test_a_line_of_words_without_a_row_after_it_is_no_table_header() -> None:
    text = "Rubrik\nStyrelsens uppdrag och ansvar\nStyrelsen beslutar om budgeten."
    chunk = Chunk("d", "T", text, section="Rubrik")
    assert [s.text for s in split_sentences(chunk)] == [
        "Styrelsens uppdrag och ansvar",
        "Styrelsen beslutar om budgeten.",
    ]


def test_quote_keeps_a_table_header_but_drops_a_glued_heading() -> None:
    chunk = Chunk("d", "T", TABLE, section="Insatserna i siffror")
    row = "Område Projekt Deltagare Kostnad\nArbete 12 1 300 (40%) ca 20 mkr (60%)"
    assert clean_quote(row, chunk) == row
    glued = "Insatserna i siffror Förbundet redovisar här sina två huvudområden."
    assert clean_quote(glued, chunk) == "Förbundet redovisar här sina två huvudområden."
