"""Sentences that say what the register cannot answer, and what it can.

Used in a refusal: "Jag hittar inget stöd i underlaget … Registret innehåller
inga kostnader; jag kan räkna deltagare per insats, kön …".
"""

from __future__ import annotations

import re
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
    named = []
    for dim in lexicon.dimensions:
        if dim == "år":
            continue
        form = table.group_labels.get(dim)
        values = sorted({v for _, d, v in lexicon.value_phrases if d == dim})
        # Groups that are ranges ("16–29 år") are named, so "under 25" is seen not to fit.
        named.append(f"{dim} ({join_swedish(values)} år)" if form and values else dim)
    dims = join_swedish(named)
    return f"{reason.rstrip('.')}; {table.capabilities.format(dimensions=dims)}."


def scope_text(settings: Settings, places: Sequence[str]) -> str:
    """Whose data the register holds, naming the places the question asked about."""
    owner = settings.register_owner
    # "i sverige" -> "Sverige": the place, not the preposition before it.
    bare = [re.sub(r"^(?:i|från|inom|på|utanför)\s+", "", p.strip()) for p in places]
    named = join_swedish([p[:1].upper() + p[1:] for p in dict.fromkeys(bare) if p])
    text = f"Deltagarregistret innehåller bara uppgifter om deltagare i {owner}s insatser"
    if named:
        text += f", inga uppgifter för {named}"
    return text + "."
