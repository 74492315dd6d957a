"""Abbreviations of the field and what they stand for, as data.

A question says "Finsam" where the law says "finansiell samordning"; the search
adds the expansion so that passages using either form are found.
"""

from __future__ import annotations

import re

#: Abbreviation (lower case) -> the words it stands for, as the documents write them.
ACRONYMS: dict[str, str] = {
    "finsam": "finansiell samordning",
    "nns": "Nationella nätverket för samordningsförbund",
    "isf": "Inspektionen för socialförsäkringen",
    "ips": "Individual Placement and Support",
    "esf": "Europeiska socialfonden",
    "af": "Arbetsförmedlingen",
    "fk": "Försäkringskassan",
}

_WORD_RE = re.compile(r"[\wåäöÅÄÖ]+")


def expand_acronyms(text: str) -> str:
    """``text`` with the expansion of each abbreviation it uses appended once.

    Example:
        >>> expand_acronyms("Vad är Finsam?")
        'Vad är Finsam? (finansiell samordning)'
    """
    found = [
        ACRONYMS[w.lower()]
        for w in dict.fromkeys(_WORD_RE.findall(text))
        if w.lower() in ACRONYMS and ACRONYMS[w.lower()].lower() not in text.lower()
    ]
    return f"{text} ({'; '.join(found)})" if found else text
