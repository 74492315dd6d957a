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
        if (
            isinstance(host, str)
            and not host.startswith(_LOOPBACK)
            and self.family
            in (
                socket.AF_INET,
                socket.AF_INET6,
            )
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


# --- Document builders for ingestion tests (issue 2) -------------------------


class DocumentFactory:
    """Builds real test documents (PDF, DOCX, TXT, MD and broken ones) in a folder."""

    HEADER = "Socialförvaltningen Stockholms stad – Rapport"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)

    def _path(self, name: str) -> Path:
        return self.folder / name

    def pdf(self, name: str, pages: list[list[str]], header: str | None = HEADER) -> Path:
        """A text PDF (reportlab); each page gets ``header`` on top and its number below."""
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas

        path = self._path(name)
        pdf = canvas.Canvas(str(path), pagesize=A4)
        for number, lines in enumerate(pages, start=1):
            pdf.setFont("Helvetica", 10)
            if header:
                pdf.drawString(72, 800, header)
            y = 740
            for line in lines:
                pdf.drawString(72, y, line)
                y -= 14
            pdf.drawString(300, 40, str(number))
            pdf.showPage()
        pdf.save()
        return path

    def encrypted_pdf(self, name: str = "krypterad.pdf") -> Path:
        """A PDF that needs a user password to open."""
        from pypdf import PdfReader, PdfWriter

        plain = self.pdf(f".plain-{name}", [["Hemlig text om samordningsförbundet."] * 3])
        writer = PdfWriter()
        for page in PdfReader(str(plain)).pages:
            writer.add_page(page)
        writer.encrypt(user_password="hemligt", algorithm="AES-256")
        path = self._path(name)
        with path.open("wb") as fh:
            writer.write(fh)
        plain.unlink()
        return path

    def corrupt_pdf(self, name: str = "trasig.pdf") -> Path:
        """A text PDF cut off halfway (truncated bytes)."""
        whole = self.pdf(f".whole-{name}", [["Text som aldrig blir läsbar."] * 3])
        data = whole.read_bytes()
        whole.unlink()
        path = self._path(name)
        path.write_bytes(data[: len(data) // 2])
        return path

    def scanned_pdf(self, name: str = "inskannad.pdf", pages: int = 2) -> Path:
        """A PDF whose pages only hold drawings (no text layer), like a scan."""
        from reportlab.lib.pagesizes import A4
        from reportlab.pdfgen import canvas

        path = self._path(name)
        pdf = canvas.Canvas(str(path), pagesize=A4)
        for _ in range(pages):
            pdf.rect(72, 300, 400, 400, fill=1)
            pdf.showPage()
        pdf.save()
        return path

    def docx(self, name: str, parts: list[tuple[str, str]]) -> Path:
        """A Word file from (style, text) pairs, e.g. ("Heading 1", "Bakgrund")."""
        from docx import Document

        doc = Document()
        for style, text in parts:
            if style == "Title":
                doc.add_heading(text, level=0)
            elif style.startswith("Heading"):
                doc.add_heading(text, level=int(style.split()[-1]))
            else:
                doc.add_paragraph(text, style=style or None)
        path = self._path(name)
        doc.save(str(path))
        return path

    def text(self, name: str, text: str, encoding: str = "utf-8") -> Path:
        path = self._path(name)
        path.write_bytes(text.encode(encoding))
        return path

    def empty(self, name: str = "tom.txt") -> Path:
        path = self._path(name)
        path.write_bytes(b"")
        return path

    def sparse(self, name: str, size_mb: int) -> Path:
        """A file of ``size_mb`` MB that takes no disk space (nothing is written)."""
        path = self._path(name)
        with path.open("wb") as fh:
            fh.truncate(size_mb * 1024 * 1024)
        return path


@pytest.fixture
def documents(tmp_path: Path) -> DocumentFactory:
    """A :class:`DocumentFactory` writing into a fresh folder outside the corpus."""
    return DocumentFactory(tmp_path / "inkommande")


# --- No real chat model unless a test opts in (issue 4) ----------------------


@pytest.fixture(autouse=True)
def _no_model_requests(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make LangChain's ``init_chat_model`` fail the test unless it is marked
    ``@pytest.mark.allow_model_requests`` (scripted models need no mark: they
    are passed in, not created by name)."""
    if request.node.get_closest_marker("allow_model_requests"):
        return
    import langchain.chat_models.base as chat_models_base

    def refuse(model: str, **kwargs: object) -> None:
        # pytest.fail raises a BaseException, so no `except Exception` can
        # turn it into an LLM fallback and hide it.
        pytest.fail(
            f"Test tried to create chat model {model!r} through init_chat_model; "
            "mark it @pytest.mark.allow_model_requests if that is intended."
        )

    # Every entry point (init_chat_model, create_agent("provider:model"),
    # configurable models) goes through this helper.
    monkeypatch.setattr(chat_models_base, "_init_chat_model_helper", refuse)
