"""Write one complete index generation and switch to it atomically."""

from __future__ import annotations

import datetime as dt
import fcntl
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import IndexError_
from assistant.indexing.manifest import (
    BM25_DIR,
    CHUNKER_VERSION,
    GENERATIONS_DIR,
    DocumentRecord,
    IndexManifest,
    generation_dir,
    write_chunks,
    write_current,
)
from assistant.models import Chunk
from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.sentences import SentenceVectors
from assistant.retrieval.vector_store import COLLECTION_PREFIX, VectorStore, list_collections


def new_generation_id() -> str:
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    return f"g{stamp}{uuid.uuid4().hex[:6]}"


@contextmanager
def index_lock(index_dir: Path) -> Iterator[None]:
    """Exclusive lock so two ingest runs never write the same index at once."""
    index_dir.mkdir(parents=True, exist_ok=True)
    with (index_dir / ".lock").open("w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IndexError_(
                "En annan indexering pågår redan i samma indexmapp. Vänta tills den är klar "
                "och försök igen."
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def write_generation(
    index_dir: Path,
    client: Any,
    chunks: list[Chunk],
    vectors: np.ndarray,
    documents: dict[str, DocumentRecord],
    embedding_model: str,
    chunk_size: int,
    decompound: bool = True,
    sentence_vectors: SentenceVectors | None = None,
) -> IndexManifest:
    """Write chunks, BM25 and vectors as a new generation, then make it current.

    ``vectors[i]`` belongs to ``chunks[i]``. Until the final atomic switch the
    previous generation stays the one every reader sees.
    """
    if len(chunks) != len(vectors):
        raise ValueError(f"{len(chunks)} chunks but {len(vectors)} vectors")
    generation = new_generation_id()
    gdir = generation_dir(index_dir, generation)
    gdir.mkdir(parents=True, exist_ok=False)
    ids = [c.chunk_id for c in chunks]
    if len(set(ids)) != len(ids):
        raise ValueError("duplicate chunk ids in one generation")
    bm25 = BM25Index.build(ids, [c.text for c in chunks], decompound=decompound)
    bm25.save(gdir / BM25_DIR)
    store = VectorStore.create(client, COLLECTION_PREFIX + generation)
    metadatas = [{"doc_id": c.doc_id, "doc_type": c.doc_type, "ordinal": c.ordinal} for c in chunks]
    store.add(ids, vectors, metadatas)
    if store.count() != len(ids):
        raise IndexError_(
            f"Chroma tog emot {store.count()} av {len(ids)} vektorer. Indexet byttes inte ut; "
            "försök igen."
        )
    if sentence_vectors is not None:
        sentence_vectors.save(gdir)
    # Chunk records last: read_current() treats a generation without them as incomplete.
    write_chunks(gdir, chunks)
    manifest = IndexManifest(
        generation=generation,
        collection=store.name,
        embedding_model=embedding_model,
        dimension=int(vectors.shape[1]) if len(vectors) else 0,
        chunk_size=chunk_size,
        chunker_version=CHUNKER_VERSION,
        built_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        documents=documents,
    )
    write_current(index_dir, manifest)
    return manifest


def collect_garbage(index_dir: Path, client: Any, keep: set[str]) -> list[str]:
    """Delete this index's generations (folders and collections) not in ``keep``.

    Only generations with a folder under this index dir are touched, so several
    deployments can share one Chroma server without deleting each other's data.
    The folder is created before its collection, so an interrupted run's orphan
    collection is always found here.
    """
    removed: list[str] = []
    gen_root = index_dir / GENERATIONS_DIR
    if not gen_root.exists():
        return removed
    existing = set(list_collections(client))
    for child in sorted(gen_root.iterdir()):
        if child.name in keep:
            continue
        name = COLLECTION_PREFIX + child.name
        if name in existing:
            VectorStore(client, name).delete_collection()
        shutil.rmtree(child, ignore_errors=True)
        removed.append(child.name)
    return removed
