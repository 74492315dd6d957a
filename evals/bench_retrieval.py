"""Benchmark: ingest throughput and query latency, at corpus size and at 100 000 chunks.

(a) Ingest throughput (pages/s, chunks/s) on ``corpus/`` and on a generated
    corpus of PDF pages (reportlab, paragraphs recombined from the corpus), next
    to the embedding model's raw encode throughput on the same chunk texts in the
    same run, for each model of ``--models`` (default: multilingual-e5-small and
    the packaged MiniLM). Ingest overhead = (ingest time - pure embedding time) /
    pure embedding time of the chunks; the goal is under 30 %. Ingest also embeds
    every sentence once (for choosing quotes by meaning), which this counts as
    overhead; "overhead (embed inside run)" compares with all embedding the run
    did (chunks and sentences), i.e. the pipeline's own cost.
(b) Query latency p50/p95 for bm25, dense and hybrid at corpus size and at
    ``--chunks`` chunks (default 100 000). The large index is written through
    ``write_generation`` with chunk texts recombined from corpus sentences. Only
    ``--sample-vectors`` of those texts are embedded for real; the other vectors
    are perturbed copies of them (re-normalised), because embedding 100 000 chunks
    would take over an hour on two CPU cores. Latency of Chroma's HNSW search does
    not depend on what the vectors mean, but retrieval *quality* at that size is
    not measured here.

Prints a Markdown table and writes ``evals/results/bench_retrieval.json``.

Usage:
    HF_HUB_OFFLINE=1 .venv/bin/python evals/bench_retrieval.py \
        [--chunks 100000] [--pages 300] [--queries 50]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("HF_HUB_OFFLINE", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from assistant.indexing.manifest import (  # noqa: E402
    DocumentRecord,
    generation_dir,
    read_chunks,
    read_current,
)
from assistant.indexing.pipeline import EMBED_BATCH, ingest  # noqa: E402
from assistant.indexing.writer import write_generation  # noqa: E402
from assistant.models import Chunk  # noqa: E402
from assistant.retrieval.embedder import Embedder, get_embedder  # noqa: E402
from assistant.retrieval.searcher import Searcher  # noqa: E402
from assistant.retrieval.sentences import all_sentences  # noqa: E402
from assistant.retrieval.vector_store import make_client  # noqa: E402
from assistant.settings import DEFAULT_EMBEDDING_MODEL, MINILM_MODEL, Settings  # noqa: E402

CORPUS = ROOT / "corpus"
QUESTIONS = ROOT / "evals" / "questions_retrieval.jsonl"
RESULTS = ROOT / "evals" / "results" / "bench_retrieval.json"
MODES = ("bm25", "dense", "hybrid")
DOC_TYPES = ("författning", "tjänsteutlåtande", "positionspapper", "rapport")
PAGES_PER_PDF = 50
CHARS_PER_PAGE = 2200


class TimedEmbedder:
    """Passes calls through to an embedder and adds up the time spent encoding."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.name = inner.name
        self.seconds = 0.0
        self.texts = 0

    @property
    def dimension(self) -> int:
        return int(self.inner.dimension)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        start = time.perf_counter()
        out = self.inner.embed_documents(texts)
        self.seconds += time.perf_counter() - start
        self.texts += len(texts)
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


# ---------------------------------------------------------------- corpus text


#: A leading paragraph label ("12 § ", "5 a § "). Stripped from generated text: a
#: document with five or more lines starting like that is chunked as a statute.
LEADING_PARAGRAPH_RE = re.compile(r"^\d+(?: [a-z])? §\s+")


def corpus_paragraphs() -> list[str]:
    """Paragraphs of the corpus text files, whitespace-normalised, without § labels."""
    out = []
    for path in sorted(CORPUS.glob("*.txt")):
        for para in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            text = LEADING_PARAGRAPH_RE.sub("", " ".join(para.split()))
            if len(text) > 60:
                out.append(text)
    return out


def sentences(paragraphs: list[str]) -> list[str]:
    out = []
    for para in paragraphs:
        out.extend(s for s in re.split(r"(?<=[.?!])\s+(?=[A-ZÅÄÖ0-9])", para) if len(s) > 25)
    return out


def varied_paragraph(rng: random.Random, paragraphs: list[str], sents: list[str]) -> str:
    """A corpus paragraph, or a new one recombined from corpus sentences."""
    if rng.random() < 0.4:
        return rng.choice(paragraphs)
    return " ".join(rng.choice(sents) for _ in range(rng.randint(3, 7)))


# ---------------------------------------------------------------- PDF corpus


def make_pdf_corpus(folder: Path, pages: int, seed: int = 7) -> int:
    """Write PDFs of ``PAGES_PER_PDF`` pages each (the last may be shorter); returns pages."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    rng = random.Random(seed)
    paragraphs = corpus_paragraphs()
    sents = sentences(paragraphs)
    styles = getSampleStyleSheet()
    headings = [
        "Bakgrund",
        "Uppdraget",
        "Insatser under året",
        "Resultat och uppföljning",
        "Ekonomi",
        "Samverkan mellan parterna",
        "Förslag till beslut",
    ]
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    n = 0
    while written < pages:
        n += 1
        count = min(PAGES_PER_PDF, pages - written)
        title = f"Samordningsförbundet Syntet {n} – årsrapport {2015 + n % 10}"

        def header_footer(canvas: Any, doc: Any, title: str = title) -> None:
            canvas.saveState()
            canvas.setFont("Helvetica", 8)
            canvas.drawString(2 * cm, A4[1] - 1.2 * cm, title)
            canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"Sida {doc.page}")
            canvas.restoreState()

        story: list[Any] = [Paragraph(_xml(title), styles["Title"])]
        for page in range(count):
            story.append(Paragraph(_xml(rng.choice(headings)), styles["Heading2"]))
            size = 0
            while size < CHARS_PER_PAGE:
                text = varied_paragraph(rng, paragraphs, sents)
                text = text[: CHARS_PER_PAGE - size + 200]
                story.append(Paragraph(_xml(text), styles["BodyText"]))
                size += len(text)
            if page < count - 1:
                story.append(PageBreak())
        path = folder / f"syntet-{n:02d}.pdf"
        SimpleDocTemplate(
            str(path), pagesize=A4, topMargin=2 * cm, bottomMargin=2 * cm, title=title
        ).build(story, onFirstPage=header_footer, onLaterPages=header_footer)
        written += count
    return written


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# ---------------------------------------------------------------- ingest


def bench_ingest(
    name: str, corpus_dir: Path, index_dir: Path, embedder: Embedder, model: str
) -> dict[str, Any]:
    """Ingest ``corpus_dir`` into an empty index; encode the same chunk texts before and after.

    The pure embedding time is the mean of a run just before and one just after
    the ingest, so a drift in machine load affects both sides alike.
    """
    settings = Settings(corpus_dir=corpus_dir, index_dir=index_dir, embedding_model=model)
    # Chunk once outside the timing to know the texts the ingest will embed.
    probe_dir = index_dir.with_name(index_dir.name + "-probe")
    probe = Settings(corpus_dir=corpus_dir, index_dir=probe_dir, embedding_model=model)
    ingest(settings=probe, embedder=_NullEmbedder(model))
    manifest = read_current(probe_dir)
    assert manifest is not None
    texts = [c.text for c in read_chunks(generation_dir(probe_dir, manifest.generation))]
    before_s = _embed_all(embedder, texts)
    timed = TimedEmbedder(embedder)
    start = time.perf_counter()
    report = ingest(settings=settings, embedder=timed)
    ingest_s = time.perf_counter() - start
    if report.failed:
        raise SystemExit(f"{name}: ingest failed: {report.failed}")
    after_s = _embed_all(embedder, texts)
    embed_s = (before_s + after_s) / 2
    pages = report.pages
    sentences = len(
        all_sentences([c for c in read_chunks(generation_dir(probe_dir, manifest.generation))])
    )
    return {
        "corpus": name,
        "model": model,
        "sentences": sentences,
        "documents": report.documents,
        "pages": pages,
        "chunks": report.chunks,
        "chars": sum(len(t) for t in texts),
        "ingest_s": round(ingest_s, 2),
        "pure_embed_s": round(embed_s, 2),
        "pure_embed_before_after_s": [round(before_s, 2), round(after_s, 2)],
        "embed_inside_ingest_s": round(timed.seconds, 2),
        "pages_per_s": round(pages / ingest_s, 2) if pages else None,
        "chunks_per_s": round(report.chunks / ingest_s, 2),
        "embed_chunks_per_s": round(len(texts) / embed_s, 2),
        "overhead": round((ingest_s - embed_s) / embed_s, 3),
        "overhead_vs_embed_inside": round((ingest_s - timed.seconds) / timed.seconds, 3),
    }


def _embed_all(embedder: Embedder, texts: list[str]) -> float:
    """Seconds to encode ``texts`` in the batches the ingest pipeline uses."""
    start = time.perf_counter()
    for i in range(0, len(texts), EMBED_BATCH):
        embedder.embed_documents(texts[i : i + EMBED_BATCH])
    return time.perf_counter() - start


class _NullEmbedder:
    """Constant vectors at no cost: used to learn the chunk texts without embedding them."""

    dimension = 8

    def __init__(self, name: str) -> None:
        self.name = name

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        return np.ones((len(texts), 8), dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return np.ones(8, dtype=np.float32)


# ---------------------------------------------------------------- latency


def load_queries(n: int) -> list[str]:
    with QUESTIONS.open(encoding="utf-8") as fh:
        qs = [json.loads(line)["question"] for line in fh if line.strip()]
    return [qs[i % len(qs)] for i in range(n)]


def percentile(values: list[float], p: float) -> float:
    return float(np.percentile(np.asarray(values), p))


def bench_latency(searcher: Searcher, queries: list[str], k: int = 5) -> dict[str, Any]:
    """p50/p95/max in ms per mode; each query's first call is a warm-up and not counted."""
    variants: dict[str, Callable[[str], Any]] = {
        m: (lambda q, m=m: searcher.search(q, k=k, mode=m)) for m in MODES
    }
    variants["hybrid + doc_types filter"] = lambda q: searcher.search(
        q, k=k, mode="hybrid", doc_types=["författning"]
    )
    for q in queries[:3]:
        for fn in variants.values():
            fn(q)
    out: dict[str, Any] = {}
    for name, fn in variants.items():
        times = []
        for q in queries:
            start = time.perf_counter()
            fn(q)
            times.append((time.perf_counter() - start) * 1000)
        out[name] = {
            "p50_ms": round(percentile(times, 50), 1),
            "p95_ms": round(percentile(times, 95), 1),
            "max_ms": round(max(times), 1),
            "n": len(times),
        }
    # Query embedding alone: part of every dense and hybrid query.
    times = []
    for q in queries:
        start = time.perf_counter()
        searcher.embedder.embed_query(q + " ")
        times.append((time.perf_counter() - start) * 1000)
    out["(query embedding only)"] = {
        "p50_ms": round(percentile(times, 50), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "max_ms": round(max(times), 1),
        "n": len(times),
    }
    return out


# ---------------------------------------------------------------- 100k index


def build_large_index(
    index_dir: Path,
    base: list[Chunk],
    base_vectors: np.ndarray,
    embedder: Embedder,
    n_chunks: int,
    n_sample: int,
    settings: Settings,
    seed: int = 11,
) -> dict[str, Any]:
    """Write a generation of ``n_chunks`` chunks: the real corpus chunks plus synthetic ones."""
    rng = random.Random(seed)
    nprng = np.random.default_rng(seed)
    sents = sentences(corpus_paragraphs())
    headings = sorted({c.section or "Avsnitt" for c in base})
    n_syn = max(0, n_chunks - len(base))
    per_doc = 500
    chunks = list(base)
    docs: dict[str, DocumentRecord] = {}
    start = time.perf_counter()
    for i in range(n_syn):
        d = i // per_doc
        doc_id = f"syntet-{d:05d}"
        heading = rng.choice(headings)
        body = " ".join(rng.choice(sents) for _ in range(rng.randint(3, 8)))
        chunks.append(
            Chunk(
                doc_id=doc_id,
                title=f"Syntetiskt dokument {d}",
                text=f"{heading}\n{body}",
                page=1 + (i % per_doc) // 3,
                section=heading,
                ordinal=i % per_doc,
                doc_type=DOC_TYPES[d % len(DOC_TYPES)],
            )
        )
    for c in chunks:
        rec = docs.get(c.doc_id)
        if rec is None:
            rec = docs[c.doc_id] = DocumentRecord(
                doc_id=c.doc_id,
                filename=f"{c.doc_id}.txt",
                sha256="0" * 64,
                title=c.title,
                doc_type=c.doc_type,
                organisation="",
                date="",
                source="bench",
                pages=None,
                chunks=0,
                chunk_ids=[],
                indexed_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            )
        rec.chunks += 1
        rec.chunk_ids.append(c.chunk_id)
    gen_s = time.perf_counter() - start

    synthetic = chunks[len(base) :]
    sample_idx = sorted(rng.sample(range(len(synthetic)), min(n_sample, len(synthetic))))
    start = time.perf_counter()
    sample_vecs = embedder.embed_documents([synthetic[i].text for i in sample_idx])
    sample_s = time.perf_counter() - start
    vectors = np.empty((len(chunks), base_vectors.shape[1]), dtype=np.float32)
    vectors[: len(base)] = base_vectors
    if synthetic:
        vectors[len(base) :] = sample_vecs[np.arange(len(synthetic)) % len(sample_vecs)]
        vectors[len(base) :] += nprng.normal(0, 0.03, (len(synthetic), vectors.shape[1])).astype(
            np.float32
        )
        vectors[len(base) + np.asarray(sample_idx)] = sample_vecs  # the sample keeps real vectors
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)

    client = make_client(index_dir, None)
    start = time.perf_counter()
    write_generation(
        index_dir,
        client,
        chunks,
        vectors,
        docs,
        settings.embedding_model,
        settings.chunk_size,
    )
    write_s = time.perf_counter() - start
    return {
        "chunks": len(chunks),
        "real_chunks": len(base),
        "synthetic_documents": len(docs) - len({c.doc_id for c in base}),
        "embedded_sample": len(sample_idx),
        "sample_embed_s": round(sample_s, 2),
        "generate_s": round(gen_s, 2),
        "write_generation_s": round(write_s, 2),
        "mean_chars": round(sum(len(c.text) for c in chunks) / len(chunks)),
    }


# ---------------------------------------------------------------- output


def markdown(result: dict[str, Any]) -> str:
    lines = ["### Ingest throughput", ""]
    lines.append(
        "| model | corpus | docs | pages | chunks | sentences | ingest s | pages/s | chunks/s | "
        "pure embed s | embed chunks/s | overhead | overhead (embed inside run) |"
    )
    lines.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in result["ingest"]:
        pps = f"{r['pages_per_s']:.1f}" if r["pages_per_s"] else "–"
        lines.append(
            f"| {r['model']} | {r['corpus']} | {r['documents']} | {r['pages'] or '–'} | "
            f"{r['chunks']} | {r['sentences']} | "
            f"{r['ingest_s']:.1f} | {pps} | {r['chunks_per_s']:.1f} | {r['pure_embed_s']:.1f} | "
            f"{r['embed_chunks_per_s']:.1f} | {r['overhead']:+.0%} | "
            f"{r['overhead_vs_embed_inside']:+.0%} |"
        )
    lines += ["", "### Query latency (ms, k=5, one query at a time)", ""]
    lines.append("| index | chunks | mode | p50 | p95 | max |")
    lines.append("|---|---:|---|---:|---:|---:|")
    for label, block in result["latency"].items():
        for mode, r in block["modes"].items():
            lines.append(
                f"| {label} | {block['chunks']} | {mode} | {r['p50_ms']:.1f} | "
                f"{r['p95_ms']:.1f} | {r['max_ms']:.1f} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, default=100_000, help="size of the large index")
    parser.add_argument("--pages", type=int, default=300, help="pages of generated PDF")
    parser.add_argument("--queries", type=int, default=50, help="queries per latency run")
    parser.add_argument(
        "--sample-vectors",
        type=int,
        default=500,
        help="synthetic chunks embedded for real; the rest get perturbed copies",
    )
    parser.add_argument(
        "--models",
        default=f"{DEFAULT_EMBEDDING_MODEL},{MINILM_MODEL}",
        help="comma-separated embedding models; ingest is measured for each in the same run, "
        "latency for the first",
    )
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)

    t0 = time.perf_counter()
    load_start = os.getloadavg()
    tmp = Path(tempfile.mkdtemp(prefix="finsam-bench-"))
    models = [m.strip() for m in args.models.split(",") if m.strip()]
    settings = Settings(embedding_model=models[0])
    result: dict[str, Any] = {
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
        },
        "embedding_model": settings.embedding_model,
        "args": vars(args) | {"keep": None},
        "ingest": [],
        "latency": {},
    }
    try:
        corpus_copy = tmp / "corpus"
        corpus_copy.mkdir()
        for path in CORPUS.iterdir():
            if path.is_file():
                shutil.copy2(path, corpus_copy / path.name)
        pdf_dir = tmp / "pdf-corpus"
        pages = 0
        if args.pages > 0:
            start = time.perf_counter()
            pages = make_pdf_corpus(pdf_dir, args.pages)
            result["pdf_generation_s"] = round(time.perf_counter() - start, 2)
        result["model_load_s"] = {}
        for n, model in enumerate(models):
            model_embedder = get_embedder(model)
            start = time.perf_counter()
            model_embedder.embed_documents(["uppvärmning av modellen"])
            result["model_load_s"][model] = round(time.perf_counter() - start, 2)
            print(f"Model {model} loaded in {result['model_load_s'][model]} s", flush=True)
            row = bench_ingest(
                "corpus/", corpus_copy, tmp / f"index-corpus-{n}", model_embedder, model
            )
            result["ingest"].append(row)
            print(f"ingest corpus/: {row}", flush=True)
            if pages:
                row = bench_ingest(
                    f"generated PDF ({pages} p.)",
                    pdf_dir,
                    tmp / f"index-pdf-{n}",
                    model_embedder,
                    model,
                )
                result["ingest"].append(row)
                print(f"ingest PDFs: {row}", flush=True)
        embedder = get_embedder(models[0])
        small_index = tmp / "index-corpus-0"

        queries = load_queries(args.queries)
        small_settings = Settings(
            corpus_dir=corpus_copy, index_dir=small_index, embedding_model=models[0]
        )
        searcher = Searcher.open(small_settings, embedder=embedder)
        result["latency"]["corpus"] = {
            "chunks": len(searcher),
            "modes": bench_latency(searcher, queries),
        }
        print(f"latency corpus: {result['latency']['corpus']}", flush=True)

        if args.chunks > 0:
            base = [searcher.chunks[cid] for cid in searcher.order]
            got = searcher.store.get_vectors(searcher.order)
            base_vecs = np.stack([got[cid] for cid in searcher.order])
            large_index = tmp / "index-large"
            large_settings = Settings(
                corpus_dir=corpus_copy, index_dir=large_index, embedding_model=models[0]
            )
            info = build_large_index(
                large_index,
                base,
                base_vecs,
                embedder,
                args.chunks,
                args.sample_vectors,
                large_settings,
            )
            result["large_index"] = info
            print(f"large index: {info}", flush=True)
            start = time.perf_counter()
            large = Searcher.open(large_settings, embedder=embedder)
            info["open_s"] = round(time.perf_counter() - start, 2)
            result["latency"][f"{len(large) // 1000}k synthetic"] = {
                "chunks": len(large),
                "modes": bench_latency(large, queries),
            }
        result["total_s"] = round(time.perf_counter() - t0, 1)
        result["machine"]["loadavg_1_5_15_start"] = [round(x, 2) for x in load_start]
        result["machine"]["loadavg_1_5_15_end"] = [round(x, 2) for x in os.getloadavg()]
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            print(f"kept {tmp}")

    print()
    print(markdown(result))
    if "large_index" in result:
        li = result["large_index"]
        print(
            f"\nLarge index: {li['chunks']} chunks ({li['real_chunks']} real corpus chunks + "
            f"synthetic ones recombined from corpus sentences). Only {li['embedded_sample']} "
            "synthetic chunks were embedded for real; the others got perturbed, re-normalised "
            "copies of those vectors, since embedding every chunk would take over an hour on "
            f"this machine. Building it took {li['write_generation_s']} s (BM25 + Chroma); "
            f"opening it {li.get('open_s')} s."
        )
    print(f"\nTotal time {result['total_s']} s")
    cpus = os.cpu_count() or 1
    loads = result["machine"]["loadavg_1_5_15_start"] + result["machine"]["loadavg_1_5_15_end"]
    print(f"Load average at start/end (1, 5, 15 min): {loads[:3]} / {loads[3:]} on {cpus} CPUs")
    if max(loads[0], loads[3]) > cpus:
        print(
            "WARNING: other processes were competing for the CPUs; timings above are "
            "inflated. Re-run on an idle machine for figures to quote."
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"Wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
