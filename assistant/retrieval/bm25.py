"""Lexical retrieval: BM25 (bm25s) over Swedish stems and compound parts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

from assistant.retrieval.analysis import Analyzer

LEXICON_FILE = "lexicon.json"


class BM25Index:
    """A BM25 index over chunk texts, aligned with a list of chunk ids.

    Example:
        >>> idx = BM25Index.build(["a", "b"], ["försörjningsstöd ges", "lagen gäller"])
        >>> [i for i, _ in idx.search("stöd", k=1)]
        ['a']
    """

    def __init__(self, retriever: Any, analyzer: Analyzer, ids: list[str]) -> None:
        self._retriever = retriever
        self.analyzer = analyzer
        self.ids = ids

    @classmethod
    def build(cls, ids: list[str], texts: list[str], decompound: bool = True) -> BM25Index:
        import bm25s

        if len(ids) != len(texts):
            raise ValueError(f"ids ({len(ids)}) and texts ({len(texts)}) differ in length")
        analyzer = Analyzer(Analyzer.build_lexicon(texts), decompound=decompound)
        corpus_tokens = [analyzer.tokens(t) or [""] for t in texts]
        retriever = bm25s.BM25(method="lucene", k1=1.2, b=0.75)
        if corpus_tokens:
            retriever.index(corpus_tokens, show_progress=False)
        return cls(retriever, analyzer, list(ids))

    def save(self, directory: Path) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self._retriever.save(str(directory), show_progress=False)
        payload = {
            "ids": self.ids,
            "lexicon": sorted(self.analyzer.lexicon),
            "decompound": self.analyzer.decompound,
        }
        (directory / LEXICON_FILE).write_text(json.dumps(payload, ensure_ascii=False))

    @classmethod
    def load(cls, directory: Path) -> BM25Index:
        import bm25s

        payload = json.loads((directory / LEXICON_FILE).read_text())
        retriever = bm25s.BM25.load(str(directory), show_progress=False, mmap=False)
        analyzer = Analyzer(payload["lexicon"], decompound=payload.get("decompound", True))
        return cls(retriever, analyzer, payload["ids"])

    def document_frequencies(self) -> dict[str, int]:
        """Token -> number of chunks containing it, read from the index (no re-tokenising)."""
        indptr = np.asarray(self._retriever.scores["indptr"])
        return {
            token: int(indptr[i + 1] - indptr[i])
            for token, i in self._retriever.vocab_dict.items()
            if token and i + 1 < len(indptr)
        }

    def scores(self, query: str) -> np.ndarray:
        """BM25 score of every chunk for ``query`` (zeros when no term matches)."""
        n = len(self.ids)
        tokens = [t for t in self.analyzer.query_tokens(query) if t in self._retriever.vocab_dict]
        if not tokens or n == 0:
            return np.zeros(n, dtype=np.float32)
        return np.asarray(self._retriever.get_scores(tokens), dtype=np.float32)

    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[tuple[str, float]]:
        """Top ``k`` (chunk id, score) pairs with a positive score, best first."""
        scores = self.scores(query)
        if mask is not None:
            scores = scores * mask
        k = min(k, len(scores))
        if k <= 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(self.ids[i], float(scores[i])) for i in top if scores[i] > 0]
