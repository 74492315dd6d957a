"""Shared fixtures.

* Every test gets its own index and corpus folders (autouse), so no test reads
  or writes the developer's ``index/``.
* ``corpus_index`` builds the real corpus into an index once per session, with
  the packaged embedding model, and yields settings pointing at it.
* No test may reach a remote model: ``FINSAM_LLM`` is cleared, and the socket
  guard refuses connections to anything but loopback.
"""

from __future__ import annotations

import shutil
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT, Settings, get_settings

REPO_CORPUS = PROJECT_ROOT / "corpus"
_LOOPBACK = ("127.", "::1", "localhost", "0.0.0.0")


def _copy_corpus(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for item in REPO_CORPUS.iterdir():
        if item.is_file():
            shutil.copy2(item, target / item.name)
    return target


@pytest.fixture(autouse=True)
def _isolated_settings(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[None]:
    base = tmp_path_factory.mktemp("finsam")
    monkeypatch.setenv("FINSAM_INDEX_DIR", str(base / "index"))
    monkeypatch.setenv("FINSAM_CORPUS_DIR", str(base / "corpus"))
    for var in ("FINSAM_LLM", "FINSAM_LLM_BASE_URL", "FINSAM_LLM_API_KEY", "FINSAM_CHROMA_URL"):
        monkeypatch.delenv(var, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.fixture(autouse=True)
def _no_remote_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse outbound connections to anything but loopback."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else str(address)
        if isinstance(host, str) and not host.startswith(_LOOPBACK) and self.family in (
            socket.AF_INET,
            socket.AF_INET6,
        ):
            raise RuntimeError(f"Test tried to reach the network: {address!r}")
        return real_connect(self, address)  # type: ignore[arg-type]

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def corpus_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real corpus ingested once per session; returns the folder holding both."""
    from assistant.indexing.pipeline import ingest

    base = tmp_path_factory.mktemp("corpus_index")
    corpus = _copy_corpus(base / "corpus")
    settings = Settings(corpus_dir=corpus, index_dir=base / "index")
    report = ingest(settings=settings)
    assert not report.failed, report.failed
    return base


@pytest.fixture
def corpus_settings(corpus_index_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """Settings (and environment) pointing at the session's real-corpus index."""
    monkeypatch.setenv("FINSAM_INDEX_DIR", str(corpus_index_dir / "index"))
    monkeypatch.setenv("FINSAM_CORPUS_DIR", str(corpus_index_dir / "corpus"))
    get_settings.cache_clear()
    return get_settings()


@pytest.fixture
def searcher(corpus_settings: Settings):  # type: ignore[no-untyped-def]
    from assistant.retrieval.searcher import Searcher

    return Searcher.open(corpus_settings)
