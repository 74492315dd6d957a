"""Retrieval quality on the Swedish question set: BM25, dense and hybrid side by side.

Builds the index of ``corpus/`` in a temporary folder (or reuses the configured
index with ``--reuse``), checks that every question's answer passage exists in
the chunks, then prints recall@1, recall@5 and MRR@10 for

* the three search modes with the weights in ``searcher.DEFAULT_WEIGHTS``,
* BM25 with Swedish decompounding off and on (same chunks, two BM25 indexes),
* hybrid with several fusion weight settings,

and lists the questions each mode misses. ``--json`` also writes
``evals/results/retrieval.json``.

A hit is relevant when its document is the question's ``doc_id`` and either its
§ equals the question's ``section`` (statute questions) or its text contains the
question's ``must_contain``. recall@k is the share of questions with at least
one relevant hit among the first k; MRR@10 averages 1/rank of the first one.

Usage:
    HF_HUB_OFFLINE=1 .venv/bin/python evals/retrieval_eval.py [--reuse] [--json]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import assistant.retrieval.searcher as searcher_mod  # noqa: E402
from assistant.answer.language import is_english  # noqa: E402
from assistant.indexing.pipeline import ingest  # noqa: E402
from assistant.models import Chunk  # noqa: E402
from assistant.retrieval.bm25 import BM25Index  # noqa: E402
from assistant.retrieval.embedder import Embedder, get_embedder  # noqa: E402
from assistant.retrieval.fusion import RRF_K, reciprocal_rank_fusion  # noqa: E402
from assistant.retrieval.searcher import (  # noqa: E402
    DEFAULT_WEIGHTS,
    DENSE_CANDIDATES,
    Searcher,
)
from assistant.settings import Settings  # noqa: E402

QUESTIONS = ROOT / "evals" / "questions_retrieval.jsonl"
RESULTS = ROOT / "evals" / "results" / "retrieval.json"
DEPTH = 10
KINDS = ("statute", "document", "number")

#: Hybrid fusion weights compared against each other (bm25, dense, ref).
WEIGHT_GRID: list[dict[str, float]] = [
    {"bm25": 1.0, "dense": 0.0, "ref": 3.0},
    {"bm25": 1.0, "dense": 0.05, "ref": 3.0},
    {"bm25": 1.0, "dense": 0.25, "ref": 3.0},
    {"bm25": 1.0, "dense": 0.5, "ref": 3.0},
    {"bm25": 1.0, "dense": 0.75, "ref": 3.0},
    {"bm25": 1.0, "dense": 1.0, "ref": 3.0},
    {"bm25": 1.0, "dense": 1.25, "ref": 3.0},
    {"bm25": 1.0, "dense": 1.5, "ref": 3.0},
    {"bm25": 1.0, "dense": 2.0, "ref": 3.0},
    {"bm25": 1.0, "dense": 3.0, "ref": 3.0},
    {"bm25": 1.0, "dense": 0.5, "ref": 0.0},
    {"bm25": 1.0, "dense": 0.5, "ref": 1.0},
    {"bm25": 1.0, "dense": 0.5, "ref": 5.0},
    {"bm25": 1.0, "dense": 0.5, "ref": 3.0, "group": 0.1},
    {"bm25": 1.0, "dense": 0.5, "ref": 3.0, "group": 0.25},
    {"bm25": 1.0, "dense": 0.5, "ref": 3.0, "group": 0.5},
    {"bm25": 1.0, "dense": 0.75, "ref": 3.0, "group": 0.25},
]
#: (RRF k, candidates per retriever, dense weight): fusion settings outside the weights.
FUSION_GRID: list[tuple[int, int, float]] = [
    (60, 50, 0.5),
    (60, 20, 0.5),
    (60, 10, 0.5),
    (30, 50, 0.5),
    (30, 50, 0.75),
    (30, 50, 1.0),
    (10, 50, 0.5),
    (10, 50, 0.75),
    (10, 50, 1.0),
    (10, 50, 1.5),
]


@dataclass(frozen=True)
class Question:
    """One evaluation question and how to recognise the passage that answers it."""

    id: str
    question: str
    doc_id: str
    section: str | None
    must_contain: str
    kind: str

    def is_relevant(self, chunk: Chunk) -> bool:
        if chunk.doc_id != self.doc_id:
            return False
        if self.section is not None and chunk.section == self.section:
            return True
        return self.must_contain in " ".join(chunk.text.split())


def load_questions(path: Path = QUESTIONS) -> list[Question]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            if row.get("kind") not in KINDS:
                raise ValueError(
                    f"{path}:{n}: kind must be one of {KINDS}, got {row.get('kind')!r}"
                )
            out.append(Question(**row))
    ids = [q.id for q in out]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: duplicate question ids")
    return out


def check_questions(questions: list[Question], chunks: list[Chunk]) -> list[str]:
    """Problems with the gold labels: a must_contain that is missing or in the wrong chunk."""
    problems = []
    for q in questions:
        in_doc = [c for c in chunks if c.doc_id == q.doc_id]
        if not in_doc:
            problems.append(f"{q.id}: no chunks for document {q.doc_id}")
            continue
        containing = [c for c in in_doc if q.must_contain in " ".join(c.text.split())]
        if not containing:
            problems.append(f"{q.id}: must_contain {q.must_contain!r} occurs in no chunk")
        if q.section is not None:
            if not any(c.section == q.section for c in in_doc):
                problems.append(f"{q.id}: no chunk with section {q.section!r}")
            stray = [c.section for c in containing if c.section != q.section]
            if stray:
                problems.append(f"{q.id}: must_contain also in sections {stray}")
        elif len(containing) > 2:
            problems.append(f"{q.id}: must_contain in {len(containing)} chunks (not distinctive)")
    return problems


class CachingEmbedder:
    """Wraps an embedder so each query is embedded once across all runs."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self._cache: dict[str, np.ndarray] = {}

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> np.ndarray:
        if text not in self._cache:
            self._cache[text] = self.inner.embed_query(text)
        return self._cache[text]


class CachingStore:
    """Wraps the vector store so each (query vector, depth, filter) is searched once."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self._cache: dict[tuple[bytes, int, str], list[tuple[str, float]]] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def query(
        self, vector: np.ndarray, k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        key = (vector.tobytes(), k, json.dumps(where, sort_keys=True))
        if key not in self._cache:
            self._cache[key] = self.inner.query(vector, k, where)
        return self._cache[key]


Ranker = Callable[[str], list[str]]


def first_relevant_rank(q: Question, ranked: list[str], chunks: dict[str, Chunk]) -> int | None:
    for rank, cid in enumerate(ranked[:DEPTH], start=1):
        if q.is_relevant(chunks[cid]):
            return rank
    return None


def evaluate(
    name: str, ranker: Ranker, questions: list[Question], chunks: dict[str, Chunk]
) -> dict[str, Any]:
    """Run every question through ``ranker`` and score the rankings."""
    per_q = []
    for q in questions:
        ranked = ranker(q.question)
        rank = first_relevant_rank(q, ranked, chunks)
        top = chunks[ranked[0]] if ranked else None
        per_q.append(
            {
                "id": q.id,
                "kind": q.kind,
                "english": is_english(q.question),
                "rank": rank,
                "top": None if top is None else f"{top.doc_id} / {top.section}",
            }
        )
    return {"name": name, **metrics(per_q), "by_kind": by_kind(per_q), "questions": per_q}


def metrics(per_q: list[dict[str, Any]]) -> dict[str, float]:
    n = len(per_q) or 1
    ranks = [r["rank"] for r in per_q]
    return {
        "n": len(per_q),
        "recall@1": sum(1 for r in ranks if r == 1) / n,
        "recall@5": sum(1 for r in ranks if r is not None and r <= 5) / n,
        "mrr@10": sum(1.0 / r for r in ranks if r is not None) / n,
    }


def by_kind(per_q: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    out = {k: metrics([r for r in per_q if r["kind"] == k]) for k in KINDS}
    out["english"] = metrics([r for r in per_q if r.get("english")])
    return out


@contextmanager
def weights(searcher: Searcher, w: dict[str, float]) -> Iterator[None]:
    saved = searcher.weights
    searcher.weights = dict(w)
    try:
        yield
    finally:
        searcher.weights = saved


@contextmanager
def fusion_settings(rrf_k: int, candidates: int) -> Iterator[None]:
    """Temporarily change the RRF constant and candidate depth the searcher uses."""
    saved = (
        searcher_mod.reciprocal_rank_fusion,
        searcher_mod.CANDIDATES,
        searcher_mod.DENSE_CANDIDATES,
    )
    searcher_mod.reciprocal_rank_fusion = functools.partial(reciprocal_rank_fusion, k=rrf_k)
    searcher_mod.CANDIDATES = searcher_mod.DENSE_CANDIDATES = candidates
    try:
        yield
    finally:
        (
            searcher_mod.reciprocal_rank_fusion,
            searcher_mod.CANDIDATES,
            searcher_mod.DENSE_CANDIDATES,
        ) = saved


@contextmanager
def swapped_bm25(searcher: Searcher, bm25: BM25Index) -> Iterator[None]:
    saved = searcher.bm25
    searcher.bm25 = bm25
    try:
        yield
    finally:
        searcher.bm25 = saved


def mode_ranker(searcher: Searcher, mode: str) -> Ranker:
    def rank(query: str) -> list[str]:
        hits = searcher.search(query, k=DEPTH, mode=mode)  # type: ignore[arg-type]
        return [h.chunk.chunk_id for h in hits]

    return rank


def bm25_ranker(index: BM25Index) -> Ranker:
    return lambda query: [cid for cid, _ in index.search(query, DEPTH)]


def fmt_weights(w: dict[str, float]) -> str:
    text = f"bm25={w.get('bm25', 1.0):g} dense={w.get('dense', 1.0):g} ref={w.get('ref', 1.0):g}"
    return text + (f" group={w['group']:g}" if w.get("group") else "")


def table(rows: list[dict[str, Any]], label: str) -> str:
    lines = [
        f"| {label} | recall@1 | recall@5 | MRR@10 | statute r@5 | document r@5 | number r@5 "
        "| English top-5 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        kinds = r["by_kind"]
        lines.append(
            f"| {r['name']} | {r['recall@1']:.3f} | {r['recall@5']:.3f} | {r['mrr@10']:.3f} | "
            + " | ".join(f"{kinds[k]['recall@5']:.3f}" for k in KINDS)
            + f" | {round(kinds['english']['recall@5'] * kinds['english']['n'])}"
            + f"/{kinds['english']['n']} |"
        )
    return "\n".join(lines)


def failures(
    run: dict[str, Any], questions: list[Question], limit_rank: int = 5
) -> list[dict[str, Any]]:
    qmap = {q.id: q for q in questions}
    out = []
    for r in run["questions"]:
        if r["rank"] is None or r["rank"] > limit_rank:
            q = qmap[r["id"]]
            out.append(
                {
                    "id": q.id,
                    "question": q.question,
                    "want": f"{q.doc_id} / {q.section or q.must_contain}",
                    "rank": r["rank"],
                    "top": r["top"],
                }
            )
    return out


def build_index(settings: Settings) -> float:
    start = time.perf_counter()
    report = ingest(settings=settings)
    if report.failed:
        raise SystemExit(f"ingest failed: {report.failed}")
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the configured index (FINSAM_INDEX_DIR, default index/) instead of a "
        "fresh one in a temporary folder",
    )
    parser.add_argument("--json", action="store_true", help=f"also write {RESULTS}")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument(
        "--check-only", action="store_true", help="only validate the question set's gold labels"
    )
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    questions = load_questions(args.questions)
    tmp: str | None = None
    if args.reuse:
        settings = Settings()
        build_s = 0.0
        if not (settings.index_dir / "CURRENT.json").exists():
            build_s = build_index(settings)
    else:
        tmp = tempfile.mkdtemp(prefix="finsam-eval-")
        settings = Settings(corpus_dir=ROOT / "corpus", index_dir=Path(tmp) / "index")
        build_s = build_index(settings)
    try:
        embedder = CachingEmbedder(get_embedder(settings.embedding_model))
        searcher = Searcher.open(settings, embedder=embedder)
        searcher.store = CachingStore(searcher.store)  # type: ignore[assignment]
        chunks = searcher.chunks
        chunk_list = [chunks[cid] for cid in searcher.order]
        problems = check_questions(questions, chunk_list)
        print(
            f"{len(questions)} questions, {len(chunk_list)} chunks in "
            f"{len(searcher.manifest.documents)} documents (index built in {build_s:.1f} s, "
            f"model {settings.embedding_model})"
        )
        if problems:
            print("\nGold-label problems:")
            for p in problems:
                print("  " + p)
            if args.check_only:
                return 1
        if args.check_only:
            print("All must_contain strings found in the intended chunks.")
            return 0

        modes = [
            evaluate(m, mode_ranker(searcher, m), questions, chunks) for m in ("bm25", "dense")
        ]
        hybrid = evaluate("hybrid", mode_ranker(searcher, "hybrid"), questions, chunks)
        modes.append(hybrid)
        print(f"\n## Search modes (hybrid weights {fmt_weights(searcher.weights)})\n")
        print(table(modes, "mode"))

        ids = [c.chunk_id for c in chunk_list]
        texts = [c.text for c in chunk_list]
        bm25_off = BM25Index.build(ids, texts, decompound=False)
        bm25_on = BM25Index.build(ids, texts, decompound=True)
        decomp = [
            evaluate("bm25, decompound off", bm25_ranker(bm25_off), questions, chunks),
            evaluate("bm25, decompound on", bm25_ranker(bm25_on), questions, chunks),
        ]
        with swapped_bm25(searcher, bm25_off):
            decomp.append(
                evaluate(
                    "hybrid, decompound off", mode_ranker(searcher, "hybrid"), questions, chunks
                )
            )
        decomp.append({**hybrid, "name": "hybrid, decompound on"})
        print("\n## Swedish decompounding\n")
        print(table(decomp, "variant"))

        grid = []
        for w in WEIGHT_GRID:
            with weights(searcher, w):
                run = evaluate(fmt_weights(w), mode_ranker(searcher, "hybrid"), questions, chunks)
            if w == DEFAULT_WEIGHTS:
                run["name"] += " (default)"
            grid.append(run)
        print("\n## Hybrid fusion weights (RRF k=60)\n")
        print(table(grid, "weights"))

        fusion = []
        for rrf_k, cand, dense_w in FUSION_GRID:
            w = {**searcher.weights, "dense": dense_w}
            with weights(searcher, w), fusion_settings(rrf_k, cand):
                name = f"rrf_k={rrf_k} candidates={cand} dense={dense_w:g}"
                if (rrf_k, cand, w) == (RRF_K, DENSE_CANDIDATES, DEFAULT_WEIGHTS):
                    name += " (current)"
                fusion.append(evaluate(name, mode_ranker(searcher, "hybrid"), questions, chunks))
        print("\n## Hybrid fusion: RRF constant and candidate depth (bm25=1, ref=3)\n")
        print(table(fusion, "fusion"))

        print("\n## Failures (no relevant passage in the top 5; rank within top 10 or -)\n")
        fails = {r["name"]: failures(r, questions) for r in modes}
        for name, rows in fails.items():
            print(f"### {name}: {len(rows)} of {len(questions)}")
            for f in rows:
                rank = f["rank"] if f["rank"] is not None else "-"
                print(f"- {f['id']} (rank {rank}) {f['question']}")
                print(f"    want {f['want']!s:.70}; got first {f['top']!s:.70}")
        elapsed = time.perf_counter() - t0
        print(f"\nTotal time {elapsed:.1f} s")

        if args.json:
            RESULTS.parent.mkdir(parents=True, exist_ok=True)
            payload = {
                "questions": len(questions),
                "chunks": len(chunk_list),
                "embedding_model": settings.embedding_model,
                "default_weights": DEFAULT_WEIGHTS,
                "gold_label_problems": problems,
                "modes": modes,
                "decompounding": decomp,
                "weights": grid,
                "fusion": fusion,
                "failures": fails,
                "seconds": round(elapsed, 1),
            }
            RESULTS.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
            print(f"Wrote {RESULTS.relative_to(ROOT)}")
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
