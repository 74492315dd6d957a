"""Loaders for PDF, DOCX, TXT and Markdown, returning pages or blocks.

Every failure a user can act on raises a :class:`~assistant.errors.DocumentError`
subclass with a Swedish message naming the file and what to do.
"""

from __future__ import annotations

import logging
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import (
    CorruptDocument,
    DocumentNotFound,
    EmptyDocument,
    EncryptedDocument,
    FileTooLarge,
    NoTextLayer,
    UnsupportedFileType,
)
from assistant.ingest.blocks import Block, BlockKind
from assistant.ingest.cleaning import clean_pages, split_pdf_text_pages
from assistant.models import Page

SUPPORTED_SUFFIXES = (".pdf", ".docx", ".txt", ".md")
#: Minimum extracted characters per page below which a PDF counts as scanned.
MIN_CHARS_PER_PAGE = 20


@dataclass
class LoadedDocument:
    """A document read from disk: its raw text, pages (if any) and cleaned blocks."""

    path: Path
    raw_text: str
    pages: list[Page]
    blocks: list[Block]

    @property
    def page_count(self) -> int | None:
        numbered = [p.number for p in self.pages if p.number is not None]
        return max(numbered) if numbered else None


def check_file(path: Path, max_mb: int) -> None:
    """Raise a DocumentError if ``path`` cannot be ingested before reading it."""
    if not path.exists():
        raise DocumentNotFound(
            path, f"filen finns inte ({path}). Kontrollera sökvägen och försök igen."
        )
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        allowed = ", ".join(SUPPORTED_SUFFIXES)
        raise UnsupportedFileType(
            path,
            f"filtypen '{suffix or '(ingen)'}' stöds inte. Spara dokumentet som en av "
            f"{allowed} och lägg till det igen.",
        )
    size = path.stat().st_size
    if size == 0:
        raise EmptyDocument(path, "filen är tom (0 byte). Kontrollera att rätt fil valts.")
    if size > max_mb * 1024 * 1024:
        raise FileTooLarge(
            path,
            f"filen är {size / 1024 / 1024:.0f} MB, större än gränsen {max_mb} MB. Dela upp "
            "dokumentet eller höj gränsen med inställningen FINSAM_MAX_FILE_MB.",
        )


def load_document(path: Path, max_mb: int = 100) -> LoadedDocument:
    """Read one document into pages and cleaned blocks.

    Example:
        >>> doc = load_document(Path("corpus/lag-2003-1210.txt"))  # doctest: +SKIP
    """
    check_file(path, max_mb)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        pages = _read_pdf(path)
        raw = "\n\f".join(p.text for p in pages)
        return LoadedDocument(path, raw, pages, clean_pages(pages))
    if suffix == ".docx":
        blocks = _read_docx(path)
        raw = "\n\n".join(b.text for b in blocks)
        return LoadedDocument(path, raw, [Page(None, raw)], blocks)
    text = _read_text(path)
    if suffix == ".md":
        return LoadedDocument(path, text, [Page(None, text)], _markdown_blocks(text))
    pages = split_pdf_text_pages(text)
    return LoadedDocument(path, text, pages, clean_pages(pages))


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly everything
        raise CorruptDocument(path, "texten går inte att avkoda. Spara filen som UTF-8.")
    if "\x00" in text:
        raise CorruptDocument(
            path,
            "filen innehåller binärdata och är ingen textfil. Kontrollera filändelsen.",
        )
    if not text.strip():
        raise EmptyDocument(path, "filen innehåller ingen text.")
    return text


def _quiet_pypdf() -> None:
    """Keep pypdf's English log messages off the terminal.

    A broken PDF still gets its Swedish :class:`CorruptDocument` message; the
    messages pypdf logs while recovering go nowhere.
    """
    log = logging.getLogger("pypdf")
    if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
        log.addHandler(logging.NullHandler())
    log.propagate = False


def _read_pdf(path: Path) -> list[Page]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _quiet_pypdf()
        return _read_pdf_pages(path)


def _read_pdf_pages(path: Path) -> list[Page]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            # PDFs with only an owner password open with the empty user password.
            try:
                ok = reader.decrypt("")
            except Exception as exc:  # pypdf raises several types here
                raise EncryptedDocument(
                    path,
                    "PDF-filen är lösenordsskyddad och kan inte läsas. Spara en kopia utan "
                    "lösenord och lägg till den igen.",
                ) from exc
            if not ok:
                raise EncryptedDocument(
                    path,
                    "PDF-filen är lösenordsskyddad och kan inte läsas. Spara en kopia utan "
                    "lösenord och lägg till den igen.",
                )
        pages = [Page(i + 1, page.extract_text() or "") for i, page in enumerate(reader.pages)]
    except EncryptedDocument:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise CorruptDocument(
            path,
            f"PDF-filen är skadad och kan inte läsas ({type(exc).__name__}). Öppna den i en "
            "PDF-läsare, spara om den och försök igen.",
        ) from exc
    except Exception as exc:
        raise CorruptDocument(
            path,
            f"PDF-filen kunde inte läsas ({type(exc).__name__}: {exc}). Spara om den och "
            "försök igen.",
        ) from exc
    if not pages:
        raise EmptyDocument(path, "PDF-filen har inga sidor.")
    chars = sum(len(p.text.strip()) for p in pages)
    if chars < MIN_CHARS_PER_PAGE * len(pages) * 0.5:
        raise NoTextLayer(
            path,
            f"PDF-filen har inget textlager ({len(pages)} sidor, {chars} tecken text) och är "
            "troligen inskannad. Kör textigenkänning (OCR) på den och lägg till den igen.",
        )
    return pages


def _read_docx(path: Path) -> list[Block]:
    import zipfile

    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    try:
        doc = Document(str(path))
        return _docx_blocks(path, doc)
    except EmptyDocument:
        raise
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise CorruptDocument(
            path,
            "Word-filen är skadad eller inte en riktig .docx-fil. Öppna den i Word, spara "
            "som .docx och försök igen.",
        ) from exc
    except Exception as exc:  # broken XML inside a valid zip (lxml) and the like
        raise CorruptDocument(
            path,
            f"Word-filen är skadad: innehållet går inte att läsa ({type(exc).__name__}). "
            "Öppna den i Word, spara som .docx och försök igen.",
        ) from exc


def _docx_blocks(path: Path, doc: Any) -> list[Block]:
    blocks: list[Block] = []
    for para in doc.paragraphs:
        text = re.sub(r"\s+", " ", para.text).strip()
        if not text:
            continue
        style = (para.style.name if para.style is not None else "") or ""
        if style == "Title":
            blocks.append(Block(BlockKind.TITLE, text))
        elif style.startswith("Heading") or style.startswith("Rubrik"):
            level = int(re.sub(r"\D", "", style) or 1)
            blocks.append(Block(BlockKind.HEADING, text, level=level))
        elif "List" in style or "Lista" in style:
            blocks.append(Block(BlockKind.LIST_ITEM, f"- {text}"))
        else:
            blocks.append(Block(BlockKind.PARAGRAPH, text))
    for table in doc.tables:
        for row in table.rows:
            cells = [re.sub(r"\s+", " ", c.text).strip() for c in row.cells]
            if any(cells):
                blocks.append(Block(BlockKind.PARAGRAPH, " | ".join(cells)))
    if not blocks:
        raise EmptyDocument(path, "Word-filen innehåller ingen text.")
    return blocks


def _markdown_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            joined = re.sub(r"\s+", " ", " ".join(para)).strip()
            kind = BlockKind.LIST_ITEM if re.match(r"^([-*+]|\d+\.)\s", joined) else None
            blocks.append(Block(kind or BlockKind.PARAGRAPH, joined))
            para.clear()

    for line in text.split("\n"):
        m = re.match(r"^(#{1,6})\s+(.*)$", line)
        if m:
            flush()
            level = len(m.group(1))
            kind = BlockKind.TITLE if level == 1 and not blocks else BlockKind.HEADING
            blocks.append(Block(kind, m.group(2).strip(), level=level))
        elif not line.strip():
            flush()
        elif re.match(r"^\s*([-*+]|\d+\.)\s", line):
            flush()
            para.append(line.strip())
        else:
            para.append(line.strip())
    flush()
    return blocks
