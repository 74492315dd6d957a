"""Sentences that say what the register cannot answer, and what it can.

Used in a refusal: "Jag hittar inget stöd i underlaget … Registret innehåller
inga kostnader; jag kan räkna deltagare per insats, kön …".
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from assistant.understanding.parser import Lexicon
from assistant.understanding.rules import load_table
from assistant.understanding.wording import join_swedish

if TYPE_CHECKING:
    from assistant.settings import Settings


def capability_text(reason: str, lexicon: Lexicon) -> str:
    """``reason`` followed by what the statistics can answer, as one sentence.

    Example:
        >>> capability_text("Registret innehåller inga kostnader", lexicon)  # doctest: +SKIP
        'Registret innehåller inga kostnader; jag kan räkna deltagare som …'
    """
    table = load_table()
    dims = join_swedish([d for d in lexicon.dimensions if d != "år"])
    return f"{reason.rstrip('.')}; {table.capabilities.format(dimensions=dims)}."


def scope_text(settings: Settings, places: Sequence[str]) -> str:
    """Whose data the register holds, naming the places the question asked about."""
    owner = settings.register_owner
    named = join_swedish([p[:1].upper() + p[1:] for p in dict.fromkeys(places)])
    text = f"Deltagarregistret innehåller bara uppgifter om deltagare i {owner}s insatser"
    if named:
        text += f", inga uppgifter för {named}"
    return text + "."
