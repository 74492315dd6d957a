"""Dense vectors in Chroma: a local PersistentClient or a server via HttpClient.

Chroma never embeds anything here: every add and query passes vectors computed
by our own embedder, because Chroma's default embedding function would try to
download a model. The distance is cosine.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from assistant.errors import ConfigurationError, IndexError_

COLLECTION_PREFIX = "finsam_"
ADD_BATCH = 2000


def make_client(index_dir: Path, chroma_url: str | None) -> Any:
    """A Chroma client: HttpClient when ``chroma_url`` is set, else PersistentClient."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if chroma_url:
        parsed = urlparse(chroma_url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ConfigurationError(
                f"FINSAM_CHROMA_URL='{chroma_url}' är ingen giltig adress. Ange den som "
                "http://värd:port, till exempel http://127.0.0.1:8000."
            )
        try:
            return chromadb.HttpClient(
                host=parsed.hostname,
                port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                ssl=parsed.scheme == "https",
                settings=chroma_settings,
            )
        except Exception as exc:
            raise IndexError_(
                f"Chroma-servern på {chroma_url} svarar inte ({type(exc).__name__}). Starta "
                "servern eller ta bort FINSAM_CHROMA_URL för att använda det lokala indexet."
            ) from exc
    path = index_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


class VectorStore:
    """One Chroma collection holding the vectors of one index generation."""

    def __init__(self, client: Any, collection_name: str) -> None:
        self.client = client
        self.name = collection_name
        self._collection: Any = None
        self._count: int | None = None

    @property
    def collection(self) -> Any:
        if self._collection is None:
            try:
                self._collection = self.client.get_collection(self.name, embedding_function=None)
            except Exception as exc:
                raise IndexError_(
                    f"Vektorsamlingen '{self.name}' saknas i Chroma. Bygg om indexet med "
                    "'finsam ingest --rebuild'."
                ) from exc
        return self._collection

    @classmethod
    def create(cls, client: Any, collection_name: str) -> VectorStore:
        store = cls(client, collection_name)
        store._collection = client.create_collection(
            collection_name,
            configuration={"hnsw": {"space": "cosine"}},
            embedding_function=None,
        )
        return store

    def add(self, ids: list[str], vectors: np.ndarray, metadatas: list[dict[str, Any]]) -> None:
        for start in range(0, len(ids), ADD_BATCH):
            end = start + ADD_BATCH
            self.collection.add(
                ids=ids[start:end],
                embeddings=vectors[start:end].tolist(),
                metadatas=metadatas[start:end],
            )

    def get_vectors(self, ids: list[str]) -> dict[str, np.ndarray]:
        """Stored vectors for ``ids`` (missing ids are left out)."""
        out: dict[str, np.ndarray] = {}
        for start in range(0, len(ids), ADD_BATCH):
            got = self.collection.get(ids=ids[start : start + ADD_BATCH], include=["embeddings"])
            for cid, vec in zip(got["ids"], got["embeddings"], strict=True):
                out[cid] = np.asarray(vec, dtype=np.float32)
        return out

    def count(self) -> int:
        return int(self.collection.count())

    def query(
        self, vector: np.ndarray, k: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, float]]:
        """Top ``k`` (chunk id, cosine similarity) pairs, best first."""
        if self._count is None:  # a generation's collection never changes
            self._count = self.count()
        n = self._count
        if n == 0:
            return []
        try:
            res = self.collection.query(
                query_embeddings=[vector.tolist()],
                n_results=min(k, n),
                where=where,
                include=["distances"],
            )
        except Exception as exc:  # server down, collection gone: say so plainly
            raise IndexError_(
                f"Sökningen i vektorsamlingen '{self.name}' misslyckades "
                f"({type(exc).__name__}). Kontrollera att Chroma-servern är igång (om "
                "FINSAM_CHROMA_URL är satt) eller bygg om indexet med 'finsam ingest'."
            ) from exc
        ids = res["ids"][0]
        dists = res["distances"][0]
        return [(cid, 1.0 - float(d)) for cid, d in zip(ids, dists, strict=True)]

    def delete_collection(self) -> None:
        # Already gone means nothing to clean up.
        with contextlib.suppress(Exception):
            self.client.delete_collection(self.name)


def list_collections(client: Any) -> list[str]:
    """Names of this project's collections in the Chroma database."""
    names = []
    for col in client.list_collections():
        name = col if isinstance(col, str) else col.name
        if name.startswith(COLLECTION_PREFIX):
            names.append(name)
    return names
