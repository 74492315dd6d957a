"""Reciprocal rank fusion."""

from __future__ import annotations

import pytest

from assistant.retrieval.fusion import RRF_K, reciprocal_rank_fusion


def test_score_is_the_sum_of_reciprocal_ranks() -> None:
    fused = reciprocal_rank_fusion({"bm25": ["x", "y"], "dense": ["y", "z"]})
    scores = {cid: score for cid, score, _ in fused}
    assert scores["y"] == pytest.approx(1 / (RRF_K + 2) + 1 / (RRF_K + 1))
    assert scores["x"] == pytest.approx(1 / (RRF_K + 1))
    assert scores["z"] == pytest.approx(1 / (RRF_K + 2))
    assert [cid for cid, _, _ in fused] == ["y", "x", "z"]


def test_ranks_per_retriever_are_reported() -> None:
    fused = reciprocal_rank_fusion({"bm25": ["x", "y"], "dense": ["y"]})
    ranks = {cid: r for cid, _, r in fused}
    assert ranks == {"y": {"bm25": 2, "dense": 1}, "x": {"bm25": 1}}


def test_weights_scale_each_retriever() -> None:
    rankings = {"bm25": ["x"], "dense": ["y"]}
    assert reciprocal_rank_fusion(rankings, {"dense": 2.0})[0][0] == "y"
    assert reciprocal_rank_fusion(rankings, {"bm25": 2.0})[0][0] == "x"
    fused = reciprocal_rank_fusion(rankings, {"dense": 0.5})
    assert fused[1][1] == pytest.approx(0.5 / (RRF_K + 1))


def test_ties_are_broken_by_id_so_order_is_deterministic() -> None:
    fused = reciprocal_rank_fusion({"a": ["q"], "b": ["p"]})
    assert [cid for cid, _, _ in fused] == ["p", "q"]


def test_smaller_k_favours_top_ranks() -> None:
    rankings = {"a": ["x", "y", "z"], "b": ["z", "y", "x"], "c": ["y"]}
    # y is second twice plus first once; x and z are first once and third once.
    assert reciprocal_rank_fusion(rankings, k=1)[0][0] == "y"
    assert reciprocal_rank_fusion(rankings, k=1000)[0][0] == "y"
    flat = reciprocal_rank_fusion({"a": ["x", "y"]}, k=10_000)
    steep = reciprocal_rank_fusion({"a": ["x", "y"]}, k=1)
    assert flat[0][1] / flat[1][1] < steep[0][1] / steep[1][1]


def test_empty_rankings_fuse_to_nothing() -> None:
    assert reciprocal_rank_fusion({}) == []
    assert reciprocal_rank_fusion({"bm25": []}) == []


@pytest.mark.parametrize("k", [0, -5])
def test_non_positive_k_is_a_value_error(k: int) -> None:
    with pytest.raises(ValueError, match=f"k must be positive, got {k}"):
        reciprocal_rank_fusion({"a": ["x"]}, k=k)
