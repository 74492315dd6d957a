"""Swedish political parties by name and letter, defined once.

A skrivelse's author ("Skrivelse från Moderaterna", "Anna Andersson (M)") and the answer
to "Vilket parti …?" are read with the same list.
"""

from __future__ import annotations

import re

#: Party name -> its letter, as Swedish municipal documents write them.
PARTY_LETTERS: dict[str, str] = {
    "Moderaterna": "M",
    "Socialdemokraterna": "S",
    "Sverigedemokraterna": "SD",
    "Centerpartiet": "C",
    "Vänsterpartiet": "V",
    "Kristdemokraterna": "KD",
    "Liberalerna": "L",
    "Miljöpartiet": "MP",
    "Feministiskt initiativ": "FI",
}
#: The names, for a regular expression ("Moderaterna|Socialdemokraterna|…").
NAME_PATTERN = "|".join(re.escape(name) for name in PARTY_LETTERS)
#: The letters, longest first ("SD" before "S"), for "(M)", "(SD)".
LETTER_PATTERN = "|".join(sorted(PARTY_LETTERS.values(), key=len, reverse=True))
