"""Does the material mention what the question is about at all?

A question naming a year, a place or an organisation that the documents never
mention ("… i Göteborg 2015?", "Samordningsförbundet Östra Södertörn") cannot be
answered from them, however many other words a passage shares with it.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable

from assistant.answer.extractive import TermWeights

YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
#: A capitalised word inside the question, or an acronym anywhere ("Uppsala", "ESF").
NAME_RE = re.compile(r"(?<=[\s(\"”])[A-ZÅÄÖ][\wåäöÅÄÖ-]{2,}|\b[A-ZÅÄÖ]{2,}\b")


def missing_years(question: str, texts: Iterable[str]) -> list[str]:
    """Years the question names that none of ``texts`` contains."""
    years = YEAR_RE.findall(question)
    if not years:
        return []
    joined = " ".join(texts)
    return [y for y in dict.fromkeys(years) if y not in joined]


def unknown_names(question: str, weights: TermWeights) -> list[str]:
    """Names in the question (capitalised words, acronyms) that no indexed passage contains."""
    out = []
    for name in dict.fromkeys(NAME_RE.findall(question)):
        tokens = weights.analyzer.tokens(name)
        if tokens and all(weights.df.get(t, 0) == 0 for t in tokens):
            out.append(name)
    return out


#: Relative years as offsets from the current one ("förra året" = -1).
RELATIVE_YEARS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"\b(i år|hittills i år|innevarande år|this year)\b", re.I), 0),
    (re.compile(r"\b(förra året|i fjol|föregående år|last year)\b", re.I), -1),
    (re.compile(r"\b(nästa år|kommande år|next year)\b", re.I), 1),
)


def today() -> dt.date:
    """Today's date; ``FINSAM_TODAY`` (YYYY-MM-DD) overrides it for evaluations."""
    value = os.environ.get("FINSAM_TODAY")
    return dt.date.fromisoformat(value) if value else dt.date.today()


def resolve_relative_years(question: str) -> str:
    """``question`` with "i år", "förra året" … replaced by the year they mean."""
    year = today().year
    for pattern, offset in RELATIVE_YEARS:
        question = pattern.sub(str(year + offset), question)
    return question
