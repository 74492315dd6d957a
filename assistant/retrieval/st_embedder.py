"""Any sentence-transformers model on the CPU (torch), by local folder or hub name.

Queries normally go through the model's ONNX export instead
(:mod:`assistant.retrieval.onnx_embedder`), so a search does not import torch.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import EmbeddingModelError
from assistant.settings import MINILM_MODEL


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded on first use; implements :class:`Embedder`.

    Args:
        name: Model string as configured (stored in the index to detect changes).
        batch_size: Texts encoded per batch.
    """

    def __init__(self, name: str = MINILM_MODEL, batch_size: int = 32) -> None:
        self.name = name
        self.batch_size = batch_size
        self._model: Any = None

    @property
    def model(self) -> Any:
        if self._model is None:
            from assistant.retrieval.embedder import resolve_model_path

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
        getter = getattr(self.model, "get_embedding_dimension", None)
        getter = getter or self.model.get_sentence_embedding_dimension
        dim = getter()
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
