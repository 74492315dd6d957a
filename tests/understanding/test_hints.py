"""Refusal sentences: what the register cannot answer and what it can (issue 9)."""

from __future__ import annotations

from assistant.settings import Settings
from assistant.understanding.hints import capability_text, scope_text
from assistant.understanding.parser import Lexicon


def test_what_the_register_can_count_names_the_age_groups(lexicon: Lexicon) -> None:
    # "unga under 25" fits no group: the refusal says which groups there are.
    text = capability_text("Registret kan inte besvara frågan som den är ställd", lexicon)
    assert "åldersgrupp (16–29, 30–49 och 50–67 år)" in text
    assert text.startswith("Registret kan inte besvara frågan som den är ställd; jag kan räkna")


def test_another_place_is_named_without_its_preposition() -> None:
    text = scope_text(Settings(), ["i sverige", "göteborg"])
    assert text.endswith("inga uppgifter för Sverige och Göteborg.")
