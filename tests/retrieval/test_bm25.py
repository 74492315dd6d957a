"""BM25 over Swedish stems: a query word finds the compound that contains it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.retrieval.bm25 import BM25Index

IDS = ["a", "b", "c"]
TEXTS = [
    "Många deltagare har långvarigt försörjningsstöd från kommunen.",
    "Samordningsförbundet finansierar rehabiliteringsinsatser för egen försörjning.",
    # Puts the parts in the corpus lexicon: compounds split only into seen words.
    "Stöd och samordning ges av förbundet genom rehabilitering och insatser.",
]


def _ids(index: BM25Index, query: str, k: int = 3) -> list[str]:
    return [cid for cid, _ in index.search(query, k=k)]


def test_query_word_finds_compound_only_with_decompounding() -> None:
    plain = BM25Index.build(IDS, TEXTS, decompound=False)
    split = BM25Index.build(IDS, TEXTS, decompound=True)
    # Chunk "a" says "försörjningsstöd" but never "stöd" on its own.
    assert _ids(plain, "stöd") == ["c"]
    assert sorted(_ids(split, "stöd")) == ["a", "c"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [("samordning", "b"), ("insatserna", "b"), ("rehabilitering", "b"), ("försörjning", "a")],
)
def test_compound_parts_are_searchable(query: str, expected: str) -> None:
    split = BM25Index.build(IDS, TEXTS)
    plain = BM25Index.build(IDS, TEXTS, decompound=False)
    assert expected in _ids(split, query)
    assert expected not in _ids(plain, query)


def test_exact_compound_ranks_above_its_part() -> None:
    index = BM25Index.build(IDS, TEXTS)
    assert _ids(index, "försörjningsstöd")[0] == "a"


def test_no_matching_term_gives_no_hits() -> None:
    index = BM25Index.build(IDS, TEXTS)
    assert index.search("kanotpaddling", k=3) == []
    assert not index.scores("och att").any()


def test_mask_limits_hits_to_allowed_chunks() -> None:
    index = BM25Index.build(IDS, TEXTS)
    mask = np.array([0.0, 1.0, 1.0], dtype=np.float32)
    assert "a" not in _ids_masked(index, "stöd", mask)


def _ids_masked(index: BM25Index, query: str, mask: np.ndarray) -> list[str]:
    return [cid for cid, _ in index.search(query, k=3, mask=mask)]


def test_k_limits_the_hits_and_scores_are_descending() -> None:
    index = BM25Index.build(IDS, TEXTS)
    hits = index.search("förbund stöd", k=2)
    assert len(hits) == 2
    assert hits[0][1] >= hits[1][1] > 0


def test_index_survives_save_and_load(tmp_path: Path) -> None:
    index = BM25Index.build(IDS, TEXTS, decompound=False)
    index.save(tmp_path / "bm25")
    loaded = BM25Index.load(tmp_path / "bm25")
    assert loaded.ids == IDS
    assert loaded.analyzer.decompound is False
    assert loaded.analyzer.lexicon == index.analyzer.lexicon
    np.testing.assert_allclose(loaded.scores("försörjningsstöd"), index.scores("försörjningsstöd"))


def test_mismatched_ids_and_texts_are_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"ids \(2\) and texts \(1\)"):
        BM25Index.build(["a", "b"], ["en text"])


def test_document_frequencies_count_chunks_per_token() -> None:
    texts = ["försörjningsstöd ges", "stöd och stöd vid försörjning", "lagen gäller"]
    index = BM25Index.build(["a", "b", "c"], texts)
    df = index.document_frequencies()
    expected: dict[str, int] = {}
    for text in texts:
        for token in set(index.analyzer.tokens(text)):
            expected[token] = expected.get(token, 0) + 1
    assert df == expected
    assert df["stöd"] == 2  # counted once per chunk, found in the compound too
