"""Questions typed without å, ä and ö ("hur manga borjade i novum 2023").

A keyboard without Swedish letters, or a phone that drops them, turns "började"
into "borjade": a word that neither the index nor the word table knows, so the
question is read as if that word were missing. A question with no å, ä or ö at
all has each unknown word put back to the known word spelled the same without
them ("borjade" -> "började"; "malgrupperna" by the known start "målgrupper"). A
word the vocabulary knows as it is stays, unless the spelling with å, ä or ö is far
more common ("for" in an English name against "för"). A few typed words fold from
two common words ("ar": "år" or "är", "man": "man" or "män"); their neighbours tell
which (``diacritics.json``: "i ar" -> "i år", "manga man" -> "många män").

The vocabulary is the indexed text plus the data files that name what the
assistant understands (the word table, the code lists, the paraphrases, the English
glossary), so a förbund's own words are restored without code changes.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import cast

_FOLD = str.maketrans("åäöÅÄÖ", "aaoAAO")
_SWEDISH_LETTERS_RE = re.compile(r"[åäöÅÄÖ]")
#: A word of the indexed text or the data files.
WORD_RE = re.compile(r"[A-Za-zåäöÅÄÖéÉ]+")
_PACKAGE = Path(__file__).resolve().parent.parent
#: The data files whose words the assistant understands.
VOCABULARY_FILES = (
    _PACKAGE / "understanding" / "glossary.json",
    _PACKAGE / "register" / "codelists.json",
    _PACKAGE / "retrieval" / "paraphrases.json",
    _PACKAGE / "answer" / "english.json",
)


#: The word lists and context rules (data: ``diacritics.json``).
_DATA = json.loads(Path(__file__).with_name("diacritics.json").read_text(encoding="utf-8"))
#: Question words with å, ä or ö that neither the indexed text nor the data files
#: need to hold ("Vad säger lagen …?").
QUESTION_WORDS: frozenset[str] = frozenset(_DATA["question_words"])
#: Typed words never read with å, ä or ö ("Vad sa NNS?").
NEVER: frozenset[str] = frozenset(_DATA["never"])
#: Typed words that fold from two common words, read by their neighbours.
CONTEXTS: dict[str, dict[str, object]] = dict(_DATA["contexts"])


def fold(word: str) -> str:
    """``word`` without å, ä and ö ("började" -> "borjade")."""
    return word.translate(_FOLD)


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


def data_words(paths: Iterable[Path] = VOCABULARY_FILES) -> list[str]:
    """Every word in the data files (keys and values)."""
    words: list[str] = list(QUESTION_WORDS)
    for path in paths:
        data = json.loads(path.read_text(encoding="utf-8"))
        for text in _strings(data):
            words += WORD_RE.findall(text)
    return words


#: A known word is still read with å, ä or ö when that spelling is this many times more
#: frequent ("for" in an English name against "för").
DOMINANT_RATIO = 10
#: The shortest known word whose spelling restores the start of a longer word
#: ("malgrupperna" -> "målgrupperna" from "målgrupper").
MIN_PREFIX = 5


class Restorer:
    """Puts å, ä and ö back into the words of a question typed without them.

    Args:
        words: The vocabulary, one item per occurrence (frequencies break ties).
    """

    def __init__(self, words: Iterable[str]) -> None:
        counts = Counter(w.lower() for w in words)
        self.known = frozenset(counts)
        best: dict[str, tuple[int, str]] = {}
        for word, n in counts.items():
            folded = fold(word)
            if folded != word and (folded not in best or n > best[folded][0]):
                best[folded] = (n, word)
        self._restored = {folded: word for folded, (_, word) in best.items()}
        self._counts = counts
        #: Folded spellings of longer known words, longest first, for inflected forms.
        self._prefixes = sorted(
            (f for f in self._restored if len(f) >= MIN_PREFIX), key=len, reverse=True
        )

    def _read(self, lower: str, before: str, after: str) -> str | None:
        """The known spelling of a typed word, or None to keep it."""
        if lower in NEVER:
            return None
        rule = CONTEXTS.get(lower)
        if rule is not None:
            beside_number = bool(rule.get("number")) and (before.isdigit() or after.isdigit())
            if (
                beside_number
                or before in cast(list[str], rule.get("before", []))
                or after in cast(list[str], rule.get("after", []))
            ):
                return cast(str, rule["reading"])
            return cast(str | None, rule.get("default"))
        word = self._restored.get(lower)
        if word is not None:
            if lower in self.known and self._counts[word] < DOMINANT_RATIO * self._counts[lower]:
                return None
            return word
        if lower in self.known:
            return None
        stem = next((f for f in self._prefixes if lower.startswith(f)), None)
        return None if stem is None else self._restored[stem] + lower[len(stem) :]

    def restore(self, question: str) -> tuple[str, list[tuple[str, str]]]:
        """The question with å, ä and ö put back, and the (typed, read) word pairs.

        A question with any å, ä or ö is returned as it is: its writer has them.
        """
        if _SWEDISH_LETTERS_RE.search(question):
            return question, []
        changed: list[tuple[str, str]] = []
        tokens = list(re.finditer(r"[A-Za-zéÉ]+|\d+", question))
        out: list[str] = []
        last = 0
        for i, m in enumerate(tokens):
            typed = m.group(0)
            if typed.isdigit():
                continue
            before = tokens[i - 1].group(0).lower() if i > 0 else ""
            after = tokens[i + 1].group(0).lower() if i + 1 < len(tokens) else ""
            word = self._read(typed.lower(), before, after)
            if word is None or word == typed.lower():
                continue
            if typed.isupper() and len(typed) > 1:
                word = word.upper()
            elif typed[0].isupper():
                word = word[0].upper() + word[1:]
            changed.append((typed, word))
            out += [question[last : m.start()], word]
            last = m.end()
        out.append(question[last:])
        return "".join(out), changed
