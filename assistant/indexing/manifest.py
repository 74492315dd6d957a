"""The index manifest and its atomic switch.

An index is built as a *generation*: a folder ``generations/<id>/`` with the
chunk records and the BM25 index, plus a Chroma collection ``finsam_<id>``.
Only when all of it is written does ``CURRENT.json`` get replaced (atomically,
with ``os.replace``) to point at the new generation. A run that is interrupted
leaves at most an orphan generation that nothing points at and that the next
run deletes; readers never see a half-written index.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.models import Chunk

CURRENT_FILE = "CURRENT.json"
GENERATIONS_DIR = "generations"
CHUNKS_FILE = "chunks.jsonl"
BM25_DIR = "bm25"
#: Bump when loading, cleaning or chunking changes, so documents are re-chunked.
CHUNKER_VERSION = "8"


@dataclass
class DocumentRecord:
    """What the index knows about one ingested document."""

    doc_id: str
    filename: str
    sha256: str
    title: str
    doc_type: str
    organisation: str
    date: str
    source: str
    pages: int | None
    chunks: int
    chunk_ids: list[str]
    indexed_at: str
    #: The place the document speaks for (``DocumentMeta.area``).
    area: str = ""


@dataclass
class IndexManifest:
    """The description of one complete index generation."""

    generation: str
    collection: str
    embedding_model: str
    dimension: int
    chunk_size: int
    chunker_version: str
    built_at: str
    documents: dict[str, DocumentRecord] = field(default_factory=dict)

    @property
    def chunk_count(self) -> int:
        return sum(d.chunks for d in self.documents.values())

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["chunk_count"] = self.chunk_count
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IndexManifest:
        docs = {k: DocumentRecord(**v) for k, v in data.get("documents", {}).items()}
        return cls(
            generation=data["generation"],
            collection=data["collection"],
            embedding_model=data["embedding_model"],
            dimension=int(data["dimension"]),
            chunk_size=int(data["chunk_size"]),
            chunker_version=str(data["chunker_version"]),
            built_at=data["built_at"],
            documents=docs,
        )


def generation_dir(index_dir: Path, generation: str) -> Path:
    return index_dir / GENERATIONS_DIR / generation


def read_current(index_dir: Path) -> IndexManifest | None:
    """The manifest of the complete index, or None when there is none yet."""
    path = index_dir / CURRENT_FILE
    if not path.exists():
        return None
    try:
        manifest = IndexManifest.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (json.JSONDecodeError, KeyError, TypeError, ValueError):
        return None
    if not (generation_dir(index_dir, manifest.generation) / CHUNKS_FILE).exists():
        return None
    return manifest


def write_current(index_dir: Path, manifest: IndexManifest) -> None:
    """Point CURRENT.json at ``manifest`` in one atomic step."""
    path = index_dir / CURRENT_FILE
    tmp = path.with_suffix(".json.tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        json.dump(manifest.to_dict(), fh, ensure_ascii=False, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def write_chunks(directory: Path, chunks: list[Chunk]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    with (directory / CHUNKS_FILE).open("w", encoding="utf-8") as fh:
        for chunk in chunks:
            fh.write(json.dumps(chunk.to_dict(), ensure_ascii=False) + "\n")
        fh.flush()
        os.fsync(fh.fileno())


def read_chunks(directory: Path) -> list[Chunk]:
    with (directory / CHUNKS_FILE).open(encoding="utf-8") as fh:
        return [Chunk.from_dict(json.loads(line)) for line in fh if line.strip()]
