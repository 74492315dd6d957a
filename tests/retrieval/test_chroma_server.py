"""The same index code against a real ``chroma run`` server on 127.0.0.1.

The server is started by the test with a temporary ``--path`` on a free port;
``FINSAM_CHROMA_URL`` points the assistant at it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.errors import IndexError_
from assistant.indexing.manifest import read_current
from assistant.indexing.pipeline import ingest
from assistant.retrieval.searcher import Searcher
from assistant.retrieval.vector_store import list_collections, make_client
from assistant.settings import PROJECT_ROOT, Settings, get_settings

CHROMA = Path(PROJECT_ROOT / ".venv" / "bin" / "chroma")
QUERIES = [
    "Vad säger 2 § om vilka insatserna ska avse?",
    "Hur många deltagare gick vidare till arbete eller studier 2024?",
    "Vilka ska bidra med medel till samordningsförbundet?",
]

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Chroma server for this module; terminated at the end."""
    if not CHROMA.exists() and not os.environ.get("FINSAM_REQUIRE_REAL_COMPONENTS"):
        pytest.skip(f"{CHROMA} is not installed")
    base = tmp_path_factory.mktemp("chroma_server")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    with (base / "server.log").open("wb") as log:
        proc = subprocess.Popen(
            [
                *(str(CHROMA), "run", "--path", str(base / "data")),
                *("--host", "127.0.0.1", "--port", str(port)),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as resp:
                    if resp.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log_text = (base / "server.log").read_text(errors="replace")
                pytest.fail(f"chroma run did not start:\n{log_text[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture
def server_settings(
    chroma_url: str, searcher: Searcher, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Settings:
    """Settings for an index whose vectors live on the server.

    Depends on ``searcher`` so the local index is opened before FINSAM_CHROMA_URL is set.
    """
    assert searcher.store.client is not None
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for item in (PROJECT_ROOT / "corpus").iterdir():
        if item.is_file():
            shutil.copy2(item, corpus / item.name)
    monkeypatch.setenv("FINSAM_CHROMA_URL", chroma_url)
    monkeypatch.setenv("FINSAM_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("FINSAM_INDEX_DIR", str(tmp_path / "index"))
    get_settings.cache_clear()
    return get_settings()


def test_server_mode_finds_the_same_top_hits_as_local_mode(
    server_settings: Settings, searcher: Searcher
) -> None:
    local = searcher.manifest  # the session's local index
    assert server_settings.chroma_url
    report = ingest(settings=server_settings)
    assert report.failed == []
    assert report.chunks == local.chunk_count
    # Vectors live on the server, not in the index folder.
    assert not (server_settings.index_dir / "chroma").exists()
    manifest = read_current(server_settings.index_dir)
    assert manifest is not None
    client = make_client(server_settings.index_dir, server_settings.chroma_url)
    assert manifest.collection in list_collections(client)

    remote = Searcher.open(server_settings)
    assert remote.store.count() == len(remote) == len(searcher)
    for query in QUERIES:
        local_top = searcher.search(query, k=3)
        remote_top = remote.search(query, k=3)
        assert remote_top[0].chunk.chunk_id == local_top[0].chunk.chunk_id, query
        assert [h.chunk.chunk_id for h in remote_top] == [h.chunk.chunk_id for h in local_top]
    top = remote.search(QUERIES[0], k=1)[0].chunk
    assert (top.doc_id, top.section) == ("lag-2003-1210", "2 §")

    # Unchanged documents are skipped against the server too; vectors come back from it.
    again = ingest(settings=server_settings)
    assert again.embedded == 0 and not again.changed

    # A changed document replaces only its own chunks; the previous collection stays
    # one run longer for searchers still open on it, then goes.
    paper = server_settings.corpus_dir / "nns-varfor-bry-sig-om-finsam.txt"
    paper.write_text(paper.read_text(encoding="utf-8") + "\nTillägg om ridterapi.\n")
    changed = ingest(settings=server_settings)
    assert changed.updated == ["nns-varfor-bry-sig-om-finsam.txt"]
    assert 0 < changed.embedded < changed.chunks
    assert manifest.collection in list_collections(client)
    paper.write_text(paper.read_text(encoding="utf-8") + "\nTillägg om hippoterapi.\n")
    ingest(settings=server_settings)
    assert manifest.collection not in list_collections(client)
    hits = Searcher.open(server_settings).search("ridterapi", k=1, mode="bm25")
    assert "ridterapi" in hits[0].chunk.text


def test_unreachable_server_is_a_clear_error(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_free_port()}"
    with pytest.raises(IndexError_, match=f"Chroma-servern på {url} svarar inte"):
        make_client(tmp_path, url)
