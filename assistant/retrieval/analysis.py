"""Swedish text analysis for lexical search: tokens, stop words, stems, compounds.

Swedish writes compounds as one word ("försörjningsstöd", "samordningsförbund"),
so a query word must be able to find the compound that contains it. We split
compounds against a lexicon of the words seen in the corpus: a word of nine or
more letters is split into a known head (optionally followed by the linking
"s") and a known or further splittable tail. Both documents and queries get
the stem of the whole word plus the stems of its parts, so "stöd" finds
"försörjningsstöd" and "försörjningsstöd" still ranks the exact compound first.

Example:
    >>> a = Analyzer(lexicon={"försörjning", "stöd"})
    >>> a.split_compound("försörjningsstöd")
    ['försörjning', 'stöd']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

WORD_RE = re.compile(r"[0-9]+(?:[:,.][0-9]+)*|[a-zåäöéü]+(?:-[a-zåäöéü]+)*", re.IGNORECASE)
MIN_COMPOUND = 9
MIN_PART = 3
MIN_HEAD = 4


@lru_cache(maxsize=1)
def swedish_stopwords() -> frozenset[str]:
    """bm25s' Swedish stop words (the same list ``stopwords="sv"`` uses)."""
    try:
        from bm25s.stopwords import STOPWORDS_SWEDISH

        return frozenset(w.lower() for w in STOPWORDS_SWEDISH)
    except ImportError:  # pragma: no cover - older bm25s
        return frozenset({"och", "i", "att", "det", "som", "en", "på", "är", "av", "för"})


@lru_cache(maxsize=1)
def _stemmer():  # type: ignore[no-untyped-def]
    import Stemmer

    return Stemmer.Stemmer("swedish")


def stem(word: str) -> str:
    """Snowball Swedish stem of one lower-case word."""
    return str(_stemmer().stemWord(word))


def words(text: str) -> list[str]:
    """Lower-case word tokens; hyphenated words give the whole and the parts."""
    out: list[str] = []
    for m in WORD_RE.finditer(text.lower()):
        token = m.group(0)
        if "-" in token:
            out.extend(p for p in token.split("-") if p)
            out.append(token.replace("-", ""))
        else:
            out.append(token)
    return out


#: Stems of question words that carry no topic ("hur många ... finns det"); removed
#: from queries (not from documents) so they do not match every question heading.
QUESTION_STEMS = frozenset(
    {
        "vad",
        "hur",
        "vilk",
        "vilken",
        "sag",
        "säg",
        "find",
        "finn",
        "står",
        "enlig",
        "kan",
        "ska",
        "får",
        "gäll",
        "beskriv",
        "berät",
        "förklar",
        "fråg",
        "mång",
        "lit",
        "gör",
        "betyd",
        "innebär",
        "handl",
        "vet",
        "veta",
        "känd",
        "känt",
        "ges",
        "visa",
        "nämn",
        "list",
        "ange",
        "angiv",
        "whats",
        "what",
        "how",
        "does",
        "the",
        "about",
        "which",
        # Discourse words of a spoken question ("Vem är det egentligen som …", "själva
        # samordningen", "jag undrar gärna"): they say how it is asked, not what.
        "egent",
        "själv",
        "alltså",
        "liksom",
        "faktisk",
        "snäll",
        "gärn",
        "undr",
    }
)


class Analyzer:
    """Turns text into BM25 tokens: stems of words and of compound parts.

    Args:
        lexicon: Known lower-case words used to validate compound parts.
        decompound: Switch compound splitting off to measure its effect.
    """

    def __init__(self, lexicon: Iterable[str] = (), decompound: bool = True) -> None:
        self.lexicon = {w for w in lexicon if len(w) >= MIN_PART and not w.isdigit()}
        self.stem_lexicon = {stem(w) for w in self.lexicon}
        self.decompound = decompound
        self._stop = swedish_stopwords()
        self._cache: dict[str, list[str]] = {}

    @staticmethod
    def build_lexicon(texts: Iterable[str], min_count: int = 1) -> set[str]:
        """Collect candidate compound parts from texts (words of 3+ letters)."""
        counts: dict[str, int] = {}
        for text in texts:
            for w in words(text):
                if len(w) >= MIN_PART and w.isalpha():
                    counts[w] = counts.get(w, 0) + 1
        return {w for w, c in counts.items() if c >= min_count}

    def _known(self, part: str) -> bool:
        return part in self.lexicon or stem(part) in self.stem_lexicon

    def split_compound(self, word: str, depth: int = 0) -> list[str]:
        """Split a compound into known parts, or return ``[]`` when it is not one."""
        if len(word) < MIN_COMPOUND or depth > 3 or not word.isalpha():
            return []
        best: list[str] = []
        for i in range(len(word) - MIN_PART, MIN_HEAD - 1, -1):
            head, tail = word[:i], word[i:]
            heads = [head]
            if head.endswith("s") and len(head) > MIN_HEAD:
                heads.append(head[:-1])  # linking s: försörjning-s-stöd
            for h in heads:
                if not (h in self.lexicon and len(h) >= MIN_HEAD):
                    continue
                if self._known(tail) and len(tail) >= MIN_PART:
                    return [h, tail]
                rest = self.split_compound(tail, depth + 1)
                if rest and not best:
                    best = [h, *rest]
        return best

    def query_tokens(self, text: str) -> list[str]:
        """Tokens of a question, without the question words in QUESTION_STEMS."""
        return [t for t in self.tokens(text) if t not in QUESTION_STEMS]

    def tokens(self, text: str) -> list[str]:
        """Stemmed tokens without stop words, compound parts appended after each word."""
        out: list[str] = []
        for w in words(text):
            if w in self._stop:
                continue
            cached = self._cache.get(w)
            if cached is None:
                cached = [stem(w)]
                if self.decompound:
                    for part in self.split_compound(w):
                        if part not in self._stop:
                            s = stem(part)
                            if s != cached[0]:
                                cached.append(s)
                if len(self._cache) < 200_000:
                    self._cache[w] = cached
            out.extend(cached)
        return out
