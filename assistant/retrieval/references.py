"""Explicit statute references in a query ("2 §", "§ 7", "5 a §", "paragraf 9").

A question that names a paragraph should get that paragraph first; neither BM25
(the number "2" is everywhere) nor the embedding model can know that.

Example:
    >>> section_refs("Vad säger 2 § och § 5 a om insatserna?")
    ['2 §', '5 a §']
"""

from __future__ import annotations

import re

_PATTERNS = (
    re.compile(r"(?<![\d:])(\d{1,2})\s?([a-z])?\s?§"),
    re.compile(r"§\s?(\d{1,2})(?:\s?([a-z])\b)?"),
    re.compile(r"\b(\d{1,2})\s?([a-z])?\s?(?:paragrafen|paragraf)\b", re.IGNORECASE),
    re.compile(r"\bparagraf(?:en)?\s(\d{1,2})(?:\s?([a-z])\b)?", re.IGNORECASE),
    re.compile(r"\bsection\s(\d{1,2})(?:\s?([a-z])\b)?", re.IGNORECASE),
)


#: Ordinals for a paragraph named in words ("lagens första paragraf").
ORDINALS = {
    "första": 1,
    "andra": 2,
    "tredje": 3,
    "fjärde": 4,
    "femte": 5,
    "sjätte": 6,
    "sjunde": 7,
    "åttonde": 8,
    "nionde": 9,
    "tionde": 10,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
}
_ORDINAL_RE = re.compile(
    rf"\b({'|'.join(ORDINALS)})\s+(?:paragraf(?:en)?|section)\b", re.IGNORECASE
)


def section_refs(query: str) -> list[str]:
    """Paragraph labels as chunk sections use them ("5 a §"), in order of mention.

    >>> section_refs("Vad är syftet enligt lagens första paragraf?")
    ['1 §']
    """
    found: list[tuple[int, str]] = [
        (m.start(), f"{ORDINALS[m.group(1).lower()]} §") for m in _ORDINAL_RE.finditer(query)
    ]
    for pattern in _PATTERNS:
        for m in pattern.finditer(query):
            letter = f" {m.group(2)}" if m.group(2) else ""
            found.append((m.start(), f"{int(m.group(1))}{letter} §"))
    out: list[str] = []
    for _, label in sorted(found):
        if label not in out:
            out.append(label)
    return out
