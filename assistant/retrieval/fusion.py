"""Reciprocal rank fusion of ranked lists (Cormack et al., 2009)."""

from __future__ import annotations

RRF_K = 60


def reciprocal_rank_fusion(
    rankings: dict[str, list[str]], weights: dict[str, float] | None = None, k: int = RRF_K
) -> list[tuple[str, float, dict[str, int]]]:
    """Fuse ranked id lists into one, best first.

    Args:
        rankings: Retriever name -> ids, best first.
        weights: Retriever name -> weight (default 1.0 each).
        k: The RRF constant; larger flattens the contribution of top ranks.

    Returns:
        (id, fused score, {retriever: 1-based rank}) tuples.

    Example:
        >>> [i for i, _, _ in reciprocal_rank_fusion({"a": ["x", "y"], "b": ["y"]})]
        ['y', 'x']
    """
    if k <= 0:
        raise ValueError(f"k must be positive, got {k}")
    weights = weights or {}
    scores: dict[str, float] = {}
    ranks: dict[str, dict[str, int]] = {}
    for name, ids in rankings.items():
        w = weights.get(name, 1.0)
        for rank, doc_id in enumerate(ids, start=1):
            scores[doc_id] = scores.get(doc_id, 0.0) + w / (k + rank)
            ranks.setdefault(doc_id, {})[name] = rank
    ordered = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(doc_id, score, ranks[doc_id]) for doc_id, score in ordered]
