"""Hybrid search over the real corpus index (built once per session)."""

from __future__ import annotations

import pytest

from assistant.errors import IndexError_
from assistant.retrieval.searcher import DEFAULT_WEIGHTS, Searcher
from assistant.settings import Settings

STATUTE = "lag-2003-1210"
REPORT = "tjansteutlatande-finsam-skrivelse-m"
PAPER = "nns-varfor-bry-sig-om-finsam"


def test_question_naming_2_paragraph_returns_2_paragraph_first(searcher: Searcher) -> None:
    hits = searcher.search("Vad säger 2 § om vilka insatserna ska avse?", k=5)
    top = hits[0].chunk
    assert (top.doc_id, top.section) == (STATUTE, "2 §")
    assert top.citation_label == "2 § lag (2003:1210)"
    assert "Insatserna inom den finansiella samordningen" in top.text
    assert hits[0].ranks.get("ref") == 1


def test_question_on_2024_outcomes_finds_61_and_348_in_top_three(searcher: Searcher) -> None:
    hits = searcher.search("Hur många deltagare gick vidare till arbete eller studier 2024?", k=3)
    assert len(hits) == 3
    matching = [h.chunk for h in hits if "61" in h.chunk.text and "348" in h.chunk.text]
    assert matching, [h.chunk.text[:80] for h in hits]
    assert all(c.doc_id == REPORT and c.page is not None for c in matching)


def test_scores_are_descending_and_ranks_recorded(searcher: Searcher) -> None:
    hits = searcher.search("samordningsförbundets styrelse", k=5)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert all(set(h.ranks) <= {"bm25", "dense", "ref"} and h.ranks for h in hits)
    assert any("bm25" in h.ranks and "dense" in h.ranks for h in hits)


@pytest.mark.parametrize("k", [1, 3, 7])
def test_k_is_chosen_per_call(searcher: Searcher, k: int) -> None:
    assert len(searcher.search("försörjningsstöd", k=k)) == k


def test_default_k_comes_from_the_settings_it_was_opened_with(
    corpus_settings: Settings,
) -> None:
    narrow = Searcher.open(corpus_settings.model_copy(update={"k": 2}))
    assert len(narrow.search("försörjningsstöd")) == 2
    assert len(Searcher.open(corpus_settings).search("försörjningsstöd")) == corpus_settings.k


def test_doc_type_filter_keeps_only_that_type(searcher: Searcher) -> None:
    hits = searcher.search("försörjningsstöd och arbetslöshet", k=10, doc_types=["författning"])
    assert hits
    assert {h.chunk.doc_type for h in hits} == {"författning"}
    for mode in ("bm25", "dense"):
        found = searcher.search("samverkan", k=5, mode=mode, doc_types=["positionspapper"])
        assert found and {h.chunk.doc_id for h in found} == {PAPER}


def test_doc_filter_keeps_only_that_document(searcher: Searcher) -> None:
    hits = searcher.search("Vad säger 2 § om insatserna?", k=8, doc_ids=[REPORT])
    assert hits
    assert {h.chunk.doc_id for h in hits} == {REPORT}
    assert "ref" not in hits[0].ranks


def test_type_and_doc_filters_combine(searcher: Searcher) -> None:
    assert searcher.search("samverkan", k=5, doc_types=["författning"], doc_ids=[REPORT]) == []


def test_bm25_mode_finds_a_compound_from_its_part(searcher: Searcher) -> None:
    hits = searcher.search("stöd", k=len(searcher), mode="bm25")
    texts = [h.chunk.text.lower() for h in hits]
    only_compound = [t for t in texts if "försörjningsstöd" in t and " stöd" not in t]
    assert only_compound, "no chunk was found through the compound alone"
    assert set(hits[0].ranks) == {"bm25"}


def test_dense_mode_uses_only_vectors(searcher: Searcher) -> None:
    hits = searcher.search("Vad säger 2 § om vilka insatserna ska avse?", k=5, mode="dense")
    assert hits and all(set(h.ranks) == {"dense"} for h in hits)
    assert all(-1.0 <= h.raw_scores["dense"] <= 1.0 for h in hits)


def test_empty_query_gives_no_hits(searcher: Searcher) -> None:
    assert searcher.search("   ", k=3) == []


def test_bad_arguments_are_value_errors(searcher: Searcher) -> None:
    with pytest.raises(ValueError, match="mode must be one of"):
        searcher.search("stöd", mode="fuzzy")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="k must be at least 1, got 0"):
        searcher.search("stöd", k=0)


def test_default_weights_are_used(searcher: Searcher) -> None:
    assert searcher.weights == DEFAULT_WEIGHTS


def test_hit_dict_carries_the_citation_fields(searcher: Searcher) -> None:
    hit = searcher.search("Vad säger 7 §?", k=1)[0]
    data = hit.to_dict()
    assert {"doc_id", "title", "page", "section", "score", "text"} <= set(data)
    assert data["section"] == "7 §"
    assert data["title"].startswith("Lag (2003:1210)")


def test_index_holds_every_corpus_document(searcher: Searcher) -> None:
    assert {c.doc_id for c in searcher.chunks.values()} == {STATUTE, REPORT, PAPER}
    assert len(searcher) == searcher.manifest.chunk_count == searcher.store.count()


def test_opening_without_an_index_explains_what_to_do() -> None:
    from assistant.settings import get_settings

    with pytest.raises(IndexError_, match="Kör 'finsam ingest'"):
        Searcher.open(get_settings())


def test_opening_with_another_model_setting_is_refused(corpus_settings: Settings) -> None:
    other = corpus_settings.model_copy(update={"embedding_model": "annan-modell"})
    with pytest.raises(IndexError_, match="'annan-modell'"):
        Searcher.open(other)
