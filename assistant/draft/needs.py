"""What would be needed to answer a question the material does not answer.

The list is built from the question's wording: figures need a data source,
district-level questions need the districts' own reporting, and so on. It is
a prompt for the official, not a finding.
"""

from __future__ import annotations

import re

# (pattern in the question, what would be needed). Order is the order shown.
_RULES: tuple[tuple[str, str], ...] = (
    (
        r"försörjningsstöd|ekonomiskt bistånd",
        "Uppgifter om försörjningsstöd (ekonomiskt bistånd) och hur länge det pågått för de "
        "berörda personerna, t.ex. ur stadens system för ekonomiskt bistånd (Paraplyet), "
        "kopplade till anmälningarna till förbundets insatser.",
    ),
    (
        r"orsak|försörjningshinder|arbetslöshet",
        "Kodade försörjningshinder eller huvudorsaker för de anmälda personerna; sådana "
        "uppgifter finns i socialtjänstens system, inte i förbundets deltagarregister.",
    ),
    (
        r"stadsdel|sdf\b",
        "Uppgifter från stadsdelsförvaltningarna om hur var och en arbetar (med FINSAM och "
        "med egna arbetssätt), t.ex. genom en enkät eller deras verksamhetsberättelser.",
    ),
    (
        r"alternativ|egna metoder|lokal",
        "En beskrivning av de lokala arbetssätten och metoderna och hur de följs upp.",
    ),
    (
        r"fou|forskning|utveckling|utvärder",
        "Uppgifter om forsknings- och utvecklingsarbete (FoU) eller utvärderingar i staden "
        "som rör dessa ärenden, t.ex. från stadens FoU-enhet.",
    ),
    (
        r"resultat|utfall|effekt",
        "Uppföljning av resultaten för de berörda ärendena, t.ex. förbundets årsredovisning "
        "eller stadens egen uppföljning.",
    ),
    (
        r"hur många|antal|andel|statistik|årligen|per år",
        "Statistik som täcker frågan (rätt period, målgrupp och definition), t.ex. ur "
        "deltagarregistret eller stadens verksamhetssystem.",
    ),
    (
        r"kostnad|budget|medel|finansier",
        "Ekonomiska uppgifter (budget, utfall eller kostnader) för de berörda insatserna.",
    ),
)
GENERIC_NEED = (
    "Dokument eller uppgifter som behandlar frågan. Lägg till dem i underlaget "
    "(finsam ingest) och skapa utkastet igen, eller komplettera texten för hand."
)
MAX_NEEDS = 4


def _register_lacks(lower: str) -> list[str]:
    """Topics the participant register does not hold, from the question-understanding table."""
    from assistant.understanding.rules import load_table

    words = re.findall(r"[\wåäöé-]+", lower)
    needs = []
    for topic in load_table().unsupported:
        if any(topic.matches_word(w) for w in words) or any(p in lower for p in topic.phrases):
            needs.append(
                f"{topic.hint.rstrip('.')}; uppgifterna behöver hämtas från en annan källa."
            )
    return needs


def needs_for(question: str) -> list[str]:
    """What would be needed to answer ``question``, most specific first (Swedish).

    Example:
        >>> needs_for("Har dessa ärenden varit föremål för FoU?")[0][:30]
        'Uppgifter om forsknings- och u'
    """
    lower = question.lower()
    needs = _register_lacks(lower)
    needs += [need for pattern, need in _RULES if re.search(pattern, lower)]
    needs = needs[: MAX_NEEDS - 1]
    needs.append(GENERIC_NEED)
    return needs
