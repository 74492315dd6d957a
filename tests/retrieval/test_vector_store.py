"""Dense vectors in Chroma (local PersistentClient): cosine space, own vectors only."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.errors import ConfigurationError, IndexError_
from assistant.retrieval.vector_store import VectorStore, list_collections, make_client


def _unit(*values: float) -> np.ndarray:
    v = np.asarray(values, dtype=np.float32)
    return v / np.linalg.norm(v)


@pytest.fixture
def store(tmp_path: Path) -> VectorStore:
    client = make_client(tmp_path, None)
    store = VectorStore.create(client, "finsam_gtest")
    vectors = np.stack([_unit(1, 0, 0), _unit(1, 1, 0), _unit(0, 0, 1)])
    store.add(
        ["x", "y", "z"],
        vectors,
        [
            {"doc_id": "lag", "doc_type": "författning", "ordinal": 0},
            {"doc_id": "lag", "doc_type": "författning", "ordinal": 1},
            {"doc_id": "pm", "doc_type": "rapport", "ordinal": 0},
        ],
    )
    return store


def test_local_client_keeps_vectors_in_the_index_folder(tmp_path: Path, store: VectorStore) -> None:
    assert (tmp_path / "chroma").is_dir()
    assert list_collections(make_client(tmp_path, None)) == ["finsam_gtest"]


def test_query_returns_cosine_similarity_best_first(store: VectorStore) -> None:
    hits = store.query(_unit(1, 0, 0), k=3)
    assert [cid for cid, _ in hits] == ["x", "y", "z"]
    assert hits[0][1] == pytest.approx(1.0, abs=1e-5)
    assert hits[1][1] == pytest.approx(float(np.sqrt(0.5)), abs=1e-5)
    assert hits[2][1] == pytest.approx(0.0, abs=1e-5)


def test_query_filters_on_metadata(store: VectorStore) -> None:
    hits = store.query(_unit(1, 0, 0), k=3, where={"doc_type": {"$in": ["rapport"]}})
    assert [cid for cid, _ in hits] == ["z"]


def test_k_larger_than_the_collection_returns_everything(store: VectorStore) -> None:
    assert len(store.query(_unit(0, 1, 0), k=50)) == 3


def test_stored_vectors_can_be_read_back(store: VectorStore) -> None:
    got = store.get_vectors(["y", "saknas"])
    assert list(got) == ["y"]
    np.testing.assert_allclose(got["y"], _unit(1, 1, 0), atol=1e-6)


def test_collection_has_no_embedding_function_and_cosine_space(store: VectorStore) -> None:
    collection = store.collection
    assert collection.configuration_json["hnsw"]["space"] == "cosine"
    # Chroma must never embed text itself (its default function downloads a model).
    assert collection._embedding_function is None
    with pytest.raises(ValueError, match="embedding function"):
        collection.query(query_texts=["stöd"], n_results=1)


def test_missing_collection_is_a_clear_index_error(tmp_path: Path) -> None:
    with pytest.raises(IndexError_, match=r"'finsam_saknas' saknas i Chroma\. .*--rebuild"):
        VectorStore(make_client(tmp_path, None), "finsam_saknas").count()


def test_deleting_a_missing_collection_is_harmless(store: VectorStore) -> None:
    store.delete_collection()
    store.delete_collection()
    assert list_collections(store.client) == []


@pytest.mark.parametrize("url", ["127.0.0.1:8000", "ftp://127.0.0.1:8000", "http://"])
def test_invalid_server_url_is_a_configuration_error(tmp_path: Path, url: str) -> None:
    with pytest.raises(ConfigurationError, match=r"FINSAM_CHROMA_URL=.*http://värd:port"):
        make_client(tmp_path, url)
