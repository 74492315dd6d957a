"""Everyday words for the statute's terms, as data (``paraphrases.json``).

A politician asks who may "sitta i styrelsen"; the law says who may be appointed
"ledamot". The words of the question then never meet the paragraph's in lexical
search. Each paraphrase names the everyday phrases and the legal words they
stand for; the legal words are added to the lexical (BM25) query only, so the
meaning search and the evidence decision still judge the question as asked.

Example:
    >>> "revisor" in lexical_expansion("Vem granskar förbundets ekonomi?")
    True
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

PARAPHRASES_PATH = Path(__file__).with_name("paraphrases.json")


@dataclass(frozen=True)
class Paraphrase:
    """Everyday phrases (matched as whole words) and the legal words they stand for."""

    name: str
    pattern: re.Pattern[str]
    legal: str
    examples: tuple[str, ...]


@cache
def load_paraphrases(path: Path = PARAPHRASES_PATH) -> tuple[Paraphrase, ...]:
    """The paraphrase records of ``path`` (cached)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out = []
    for entry in data["paraphrases"]:
        phrases = sorted(entry["phrases"], key=len, reverse=True)
        alternatives = "|".join(_phrase_pattern(p) for p in phrases)
        out.append(
            Paraphrase(
                name=entry["name"],
                pattern=re.compile(rf"(?<![\wåäöé-])(?:{alternatives})(?![\wåäöé])", re.I),
                legal=entry["legal"],
                examples=tuple(entry.get("examples", ())),
            )
        )
    return tuple(out)


def _phrase_pattern(phrase: str) -> str:
    """Whole words; a trailing ``*`` lets the last word go on ("kontroller*").

    A word of a phrase of several words in the infinitive also matches its passive
    and the reverse ("väljas in i styrelsen" is also said "välja in i styrelsen").
    """
    star = phrase.endswith("*")
    words = (phrase[:-1] if star else phrase).split(" ")
    parts = []
    for i, word in enumerate(words):
        last = i == len(words) - 1
        if len(words) > 1 and not last and word.endswith("as") and len(word) > 4:
            parts.append(f"{re.escape(word[:-1])}s?")
        elif len(words) > 1 and not last and word.endswith("a") and len(word) > 3:
            parts.append(f"{re.escape(word)}s?")
        else:
            parts.append(re.escape(word))
    return r"\ ".join(parts) + (r"[\wåäöé]*" if star else "")


def matching(text: str) -> list[Paraphrase]:
    """The paraphrases whose everyday phrases occur in ``text``.

    A phrase overlapping a longer phrase of another paraphrase is that one's: "får vara
    med i förbundets styrelse" is about the board (board_member), not the members ("får
    vara med").
    """
    found = {p: [m.span() for m in p.pattern.finditer(text)] for p in load_paraphrases()}
    spans = [(p, s, e) for p, found_spans in found.items() for s, e in found_spans]

    def inside_longer(p: Paraphrase, s: int, e: int) -> bool:
        return any(q is not p and a < e and s < b and b - a > e - s for q, a, b in spans)

    return [
        p
        for p, found_spans in found.items()
        if any(not inside_longer(p, s, e) for s, e in found_spans)
    ]


def lexical_expansion(text: str) -> str:
    """The legal words for the everyday phrases of ``text`` ("" when none occurs)."""
    lower = text.lower()
    words = [w for p in matching(text) for w in p.legal.split() if w.lower() not in lower]
    return " ".join(dict.fromkeys(words))


def legal_words_for(word: str, text: str) -> list[str]:
    """The legal words that ``word`` stands for, alone ("pengarna" -> "medel") or as
    part of an everyday phrase of ``text`` ("bidrag" in "bidrag till en enskild" ->
    "förmåner", …).

    Example:
        >>> "förmåner" in legal_words_for("bidrag", "Får förbundet ge bidrag till enskilda?")
        True
    """
    lower = word.lower()
    out: list[str] = []
    for paraphrase in load_paraphrases():
        spans = [m.group(0).lower() for m in paraphrase.pattern.finditer(text)]
        spans += [m.group(0).lower() for m in paraphrase.pattern.finditer(word)]
        if any(lower in span.split() or span == lower for span in spans):
            out.extend(paraphrase.legal.split())
    return list(dict.fromkeys(out))
