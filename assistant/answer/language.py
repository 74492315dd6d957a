"""English questions: detect them and add Swedish search words.

The default embedding model cannot bridge English to Swedish, and BM25 needs
Swedish words, so an English question is expanded with a small FINSAM glossary.
The answer is always in Swedish.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path

#: The English word lists (data): markers, empty words and the glossary.
_DATA = json.loads((Path(__file__).with_name("english.json")).read_text(encoding="utf-8"))
ENGLISH_MARKERS: frozenset[str] = frozenset(_DATA["markers"])
#: English term -> Swedish words (searched and read as the word table's Swedish).
GLOSSARY: dict[str, str] = dict(_DATA["glossary"])
#: English words that carry no meaning for a statistics query (like the word table's
#: empty words). Any other English word a question uses must be in the glossary, or
#: the register reading keeps it as a word left over.
ENGLISH_EMPTY: frozenset[str] = frozenset(_DATA["empty_words"])
#: English words that frame a question ("according to", "says") and narrow nothing.
ENGLISH_FRAMING: frozenset[str] = frozenset(_DATA["framing_words"])


#: Every single English word the lists know (markers, empty, framing, glossary terms).
_ENGLISH_WORDS: frozenset[str] = (
    ENGLISH_MARKERS
    | ENGLISH_EMPTY
    | ENGLISH_FRAMING
    | frozenset(w for term in GLOSSARY for w in term.split() if w.isalpha())
) - frozenset(GLOSSARY.values())  # "team", "region": the same word in Swedish
#: An English question without markers enough: this many words from the lists, and
#: this share of its words.
ENGLISH_MIN_WORDS = 3
ENGLISH_SHARE = 0.5
#: The share for a question with no marker at all ("Do board members get their travel
#: expenses paid?").
ENGLISH_SHARE_UNMARKED = 0.7


def _mostly_english(words: list[str]) -> bool:
    """Whether words with å, ä or ö are a few Swedish terms in English text."""
    known = sum(1 for w in words if w in _ENGLISH_WORDS)
    return known >= ENGLISH_MIN_WORDS and known / len(words) >= ENGLISH_SHARE


#: "according to the city's report": the source the question names.
_ACCORDING_RE = re.compile(r"\baccording to\b", re.IGNORECASE)
#: A source named after "according to" is a short noun phrase: it ends at the first
#: word that goes on with the question ("… the report how many …", "… needed …").
_SOURCE_ENDS: frozenset[str] = frozenset(_DATA["source_ends"])
_SOURCE_WORDS = 3


def framing_words(question: str) -> frozenset[str]:
    """The words of an English question that frame it and narrow nothing: words such as
    "according", "says" (``ENGLISH_FRAMING``) and the source an "according to …"
    names ("the city's report")."""
    lower = question.lower()
    words = set(re.findall(r"[\wåäöé'-]+", lower)) & ENGLISH_FRAMING
    for m in _ACCORDING_RE.finditer(lower):
        following = re.findall(r"[\wåäöé'-]+|[,;?.!]", lower[m.end() :])
        for w in following[:_SOURCE_WORDS]:
            if w in _SOURCE_ENDS or not w[0].isalnum() or w.endswith(("ed", "ing")):
                break
            words.add(w)
            words.add(re.sub(r"'s$", "", w))
    return frozenset(words)


def is_english(question: str) -> bool:
    words = re.findall(r"[a-zåäö]+", question.lower())
    # A Swedish name ("Arbetsförmedlingen", "Skärholmen") in an English question is
    # capitalised: only the other words tell the language by å, ä and ö.
    common = " ".join(w for w in re.findall(r"[\wåäöÅÄÖ-]+", question) if not w[0].isupper())
    if not words:
        return False
    if re.search(r"[åäö]", common.lower()):
        words = [w for w in words if not re.search(r"[åäö]", w)] if _mostly_english(words) else []
        if not words:
            return False
    hits = sum(1 for w in words if w in ENGLISH_MARKERS)
    if hits >= 2 and hits / len(words) >= 0.2:
        return True
    # Mostly words of the English lists, with a Swedish term or two ("Who may appeal a
    # decision made by a samordningsförbund?", "… joins a board meeting remotely …").
    known = sum(1 for w in words if w in _ENGLISH_WORDS)
    share = known / len(words)
    return known >= ENGLISH_MIN_WORDS and (
        (hits >= 1 and share >= ENGLISH_SHARE) or share >= ENGLISH_SHARE_UNMARKED
    )


def _translations(lower: str, swedish: Sequence[tuple[int, str]] = ()) -> list[str]:
    """Swedish words for the glossary's English terms, in the question's order ("How
    many staff …" -> "hur många medarbetare …": what is counted follows the count),
    with the question's own Swedish words (``swedish``: position, word) where they stand.

    A term inside a longer term found too is not translated on its own: "employment"
    in "public employment service" is Arbetsförmedlingen, not förvärvsarbete.
    """
    spans = {en: [m.span() for m in re.finditer(rf"\b{re.escape(en)}\b", lower)] for en in GLOSSARY}
    longer = [(s, e) for en, found in spans.items() for s, e in found]
    placed: list[tuple[int, str]] = []
    for en, found in spans.items():
        own = [
            (s, e)
            for s, e in found
            if not any(a <= s and e <= b and (b - a) > (e - s) for a, b in longer)
        ]
        if own:
            placed.append((own[0][0], GLOSSARY[en]))
    placed += swedish
    return [sv for _, sv in sorted(placed, key=lambda t: t[0])]


#: The glossary's terms as whole-word patterns, longest first, with their Swedish.
_TERMS = [
    (re.compile(rf"\b{re.escape(en)}\b"), sv)
    for en, sv in sorted(GLOSSARY.items(), key=lambda t: len(t[0]), reverse=True)
]


#: What joins the two years of an English range ("from 2018 up to and including 2021").
_RANGE_JOIN = r"(?:and|to|until|through|up to and including|up to|to and including|till)"


#: "according to the register / the data / the statistics": the register as the source.
REGISTER_SOURCE_RE = re.compile(
    r"\baccording to (?:the )?(?:register|registry|data|statistics|figures)\b", re.IGNORECASE
)


def reading_text(question: str) -> str:
    """An English question in the word table's Swedish, in the question's own order.

    Glossary terms are replaced where they stand (longest first), periods become one
    period ("between 2022 and 2024" -> "2022–2024"), numbers stay, and every English
    word the glossary lacks ("average") is kept: the register reading then finds it
    left over and does not answer, rather than answering a question without that word.
    """
    text = question.lower()
    # "And in 2023?", "What about women?": a follow-up, said as the word table says one.
    text = re.sub(r"^\W*(?:and|but|what about|how about)\b", "och ", text)
    text = re.sub(
        r"\b(?:between|from)\s+(\d{4})\s+" + _RANGE_JOIN + r"\s+(\d{4})\b", r"\1–\2", text
    )
    text = re.sub(r"\b(\d{4})\s*-\s*(\d{4})\b", r"\1–\2", text)
    for i, (pattern, _) in enumerate(_TERMS):
        # A placeholder per term keeps a translated word from being translated again.
        text = pattern.sub(f" \x00{i}\x00 ", text)
    out: list[str] = []
    # "according to the register": words that frame a question about the register narrow
    # nothing ("according to the statement" names a document: its words stay, and the
    # register does not answer it).
    framing = framing_words(question) if REGISTER_SOURCE_RE.search(question) else frozenset()
    text = re.sub(r"\b(\d{2})\s*[-–]\s*(\d{2})\b", r"\1–\2", text)  # ages "30-49"
    for token in re.findall(
        r"\x00\d+\x00|[0-9]{4}–[0-9]{4}|[0-9]{2}–[0-9]{2}|[a-zåäöé0-9][a-zåäöé0-9-]*", text
    ):
        if token.startswith("\x00"):
            out.append(_TERMS[int(token.strip("\x00"))][1])
        elif token not in ENGLISH_EMPTY and token not in framing:
            out.append(token)
    return " ".join(out)


def expand(question: str) -> str:
    """The question plus Swedish glossary words for its English terms."""
    extra = _translations(question.lower())
    return question + (" " + " ".join(dict.fromkeys(extra)) if extra else "")


def swedish_terms(question: str, known_name: Callable[[str], bool] | None = None) -> str:
    """Only the Swedish glossary words (and numbers, §) of an English question.

    Used to judge evidence and pick sentences: the English words themselves never
    occur in the Swedish corpus and would make every English question look
    unsupported. ``known_name`` tells whether a capitalised word is a name the
    documents use ("How much did Novum cost?"): it is kept as it is.
    """
    lower = question.lower()
    words = _translations(lower, swedish=_swedish_words(question, known_name))
    # A word inside a longer phrase found too ("arbete" in "arbete eller studier") is dropped.
    phrases = [w for w in words if " " in w]
    words = [w for w in words if " " in w or not any(w in p.split() for p in phrases)]
    # A period stays one period: "between 2022 and 2024", "2018-2024" -> "2022–2024".
    spans = re.findall(
        r"(?:between|from)\s+(\d{4})\s+" + _RANGE_JOIN + r"\s+(\d{4})|(\d{4})\s*[-–]\s*(\d{4})",
        lower,
    )
    periods = [f"{a or c}–{b or d}" for a, b, c, d in spans]
    in_period = {y for p in periods for y in p.split("–")}
    words += periods
    words += [
        w for w in re.findall(r"\d+\s?[a-z]?\s?§|§\s?\d+|\b\d{4}\b", question) if w not in in_period
    ]
    words += [f"{n} §" for n in re.findall(r"\bsection\s(\d{1,2})\b", lower)]
    return " ".join(dict.fromkeys(words))


def _term_spans(question: str) -> list[tuple[int, int]]:
    """Where the glossary's terms of several words stand ("the Social Insurance Agency"):
    their words are English, capitalised or not."""
    lower = question.lower()
    return [
        m.span()
        for en in GLOSSARY
        if " " in en
        for m in re.finditer(rf"\b{re.escape(en)}\b", lower)
    ]


def in_english_term(question: str, word: str) -> bool:
    """Whether every place ``word`` stands in ``question`` is inside a glossary term."""
    spans = _term_spans(question)
    places = [m.start() for m in re.finditer(rf"\b{re.escape(word)}\b", question)]
    return bool(places) and all(any(a <= p < b for a, b in spans) for p in places)


def _swedish_words(
    question: str, known_name: Callable[[str], bool] | None = None
) -> list[tuple[int, str]]:
    """The Swedish terms and names an English question uses as they are
    ("… appeal a decision made by a samordningsförbund?", "… the report Samordnat
    stöd …", "ISF"): words with å, ä or ö, acronyms, a capitalised word right after a
    Swedish one ("Samordningsförbundet Stockholms"), and a capitalised word past the
    first that ``known_name`` knows ("How much did Novum cost?"). Other capitalised
    words are English ("the Social Services Committee", "Can I …").
    """
    out: list[tuple[int, str]] = []
    previous_swedish = False
    in_terms = _term_spans(question)
    for m in re.finditer(r"[\wåäöÅÄÖé-]+", question):
        token = m.group(0)
        lower = token.lower()
        swedish = not (lower in _ENGLISH_WORDS or lower in GLOSSARY or token.isdigit()) and (
            bool(re.search(r"[åäö]", lower))
            or (token.isupper() and len(token) >= 2)
            or (previous_swedish and token[0].isupper())
            or (
                m.start() > 0
                and token[0].isupper()
                and known_name is not None
                and not any(a <= m.start() < b for a, b in in_terms)
                and known_name(token)
            )
        )
        if swedish:
            out.append((m.start(), token))
        previous_swedish = swedish
    return out
