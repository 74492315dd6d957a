"""Does the material mention what the question is about at all?

A question naming a year, a place or an organisation that the documents never
mention ("… i Göteborg 2015?", "Samordningsförbundet Östra Södertörn") cannot be
answered from them, however many other words a passage shares with it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from assistant.answer.extractive import TermWeights
from assistant.understanding.parser import NUMBER_WORDS
from assistant.understanding.rules import load_table

YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
#: A capitalised word inside the question, or an acronym anywhere ("Uppsala", "ESF").
#: A capitalised word inside a sentence (not the first word of one: "… 2024? Lista
#: dem.") or an acronym.
NAME_RE = re.compile(r"(?<![.?!:]\s)(?<=[\s(\"”])[A-ZÅÄÖ][\wåäöÅÄÖ-]{2,}|\b[A-ZÅÄÖ]{2,}\b")


def missing_years(question: str, texts: Iterable[str]) -> list[str]:
    """Years the question names that none of ``texts`` contains."""
    years = YEAR_RE.findall(question)
    if not years:
        return []
    joined = " ".join(texts)
    return [y for y in dict.fromkeys(years) if y not in joined]


def periods(text: str) -> set[str]:
    """The periods ``text`` names: single years ("2023") and ranges ("2018–2024"),
    read with the word table's time rules ("mellan 2018 och 2024", "2018-2024").

    A range is one period: a figure for 2018–2024 is not a figure for 2024.

    Example:
        >>> sorted(periods("Mellan åren 2018 och 2024 hade 750 deltagare, 2024 var de 120."))
        ['2018–2024', '2024']
    """
    found: set[str] = set()
    rest = re.sub(r"\b(mellan)\s+åren\b", r"\1", text, flags=re.IGNORECASE)
    for rule in load_table().time_rules:
        if rule.produces != "range":
            continue
        pattern = re.compile(rule.pattern.pattern, re.IGNORECASE)
        for match in pattern.finditer(rest):
            first, last = [g for g in match.groups() if g][:2]
            found.add(f"{first}–{last}")
        rest = pattern.sub(" ", rest)
    return found | set(YEAR_RE.findall(rest))


def asked_sentence(text: str) -> str:
    """The question itself when context comes first ("NNS vill att … värnas. Vad säger
    lagen om …?", "Försäkringskassan är medlem – hur stor del …?")."""
    parts = [p for p in re.split(r"(?<=[.!])\s+(?=[A-ZÅÄÖ])|\s+[–—-]\s+", text.strip()) if p]
    if len(parts) > 1 and parts[-1].rstrip().endswith("?"):
        return parts[-1]
    return text


#: The name of the scheme itself ("Finsam", "FINSAM-lagen"): every document is about
#: it, so it narrows nothing a passage must name ("Hur delas kostnaderna i Finsam?").
SCHEME_NAME_RE = re.compile(r"finsam(?:-?lagen)?s?", re.IGNORECASE)


def known_names(question: str, weights: TermWeights) -> list[str]:
    """Names in the question (capitalised words, acronyms) that the indexed passages use,
    but for the scheme's own name."""
    out = []
    for name in dict.fromkeys(NAME_RE.findall(question)):
        if SCHEME_NAME_RE.fullmatch(name):
            continue
        tokens = weights.analyzer.tokens(name)
        if tokens and any(weights.df.get(t, 0) > 0 for t in tokens):
            out.append(name)
    return out


def unknown_names(question: str, weights: TermWeights) -> list[str]:
    """Names in the question (capitalised words, acronyms) that no indexed passage contains."""
    out = []
    for name in dict.fromkeys(NAME_RE.findall(question)):
        tokens = weights.analyzer.tokens(name)
        if tokens and all(weights.df.get(t, 0) == 0 for t in tokens):
            out.append(name)
    return out


#: The word table's time rules (by name) that name a concrete year, as offsets from
#: today's year ("förra året" = -1); "years_ago" takes its offset from the rule's
#: number ("för tre år sedan"). Other relative expressions name no year a document
#: must mention: a rule about the budget "för nästa år" holds for every year, and what
#: applies "just nu" is what the documents say.
RELATIVE_YEARS = {"this_year": 0, "last_year": -1, "year_before_last": -2}
#: Forms of those rules that are generic in a document question ("efter årets slut").
GENERIC_FORMS = frozenset({"årets"})
YEARS_AGO = "years_ago"


def _offset(name: str, match: re.Match[str]) -> int | None:
    if name == YEARS_AGO:
        word = next((g for g in match.groups() if g), "")
        steps = int(word) if word.isdigit() else NUMBER_WORDS.get(word.lower())
        return -steps if steps else None
    return RELATIVE_YEARS.get(name)


def resolve_relative_years(question: str, today: dt.date) -> str:
    """``question`` with "i år", "förra året", "för tre år sedan" … replaced by the
    year they mean.

    The expressions are the time rules of the word table
    (``assistant/understanding/glossary.json``), the ones the statistics read.

    Example:
        >>> resolve_relative_years("Vad hände förra året?", dt.date(2026, 3, 1))
        'Vad hände 2025?'
        >>> resolve_relative_years("Vad ska budgeten för nästa år innehålla?", dt.date(2026, 3, 1))
        'Vad ska budgeten för nästa år innehålla?'
    """
    for rule in load_table().time_rules:
        if rule.name != YEARS_AGO and rule.name not in RELATIVE_YEARS:
            continue
        pattern = re.compile(rule.pattern.pattern, re.IGNORECASE)

        def year(match: re.Match[str], name: str = rule.name) -> str:
            if match.group(0).strip().lower() in GENERIC_FORMS:
                return match.group(0)
            offset = _offset(name, match)
            return match.group(0) if offset is None else str(today.year + offset)

        question = pattern.sub(year, question)
    return question


#: Words that frame a document question rather than name what it asks about: verbs
#: of saying and words for a document or a part of one ("Vad skriver förvaltningen
#: om …", "… enligt rapporten", "… i sin tabell"). Matched by their first letters, so
#: inflected forms count ("redovisade", "rapporten").
FRAMING_WORDS = (
    "skriv",
    "säger",
    "sägs",
    "anger",
    "angav",
    "uppger",
    "redovis",
    "beskriv",
    "nämner",
    "räknar",
    "framgår",
    "rapport",
    "sammanställ",
    "tabell",
    "dokument",
    "utlåtande",
    "skrivelse",
)


def frames_question(word: str) -> bool:
    """Whether ``word`` frames the question (see ``FRAMING_WORDS``)."""
    return word.lower().startswith(FRAMING_WORDS)
