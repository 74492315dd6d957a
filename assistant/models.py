"""Core records: documents, pages, chunks and search hits.

Citations are data: a :class:`Chunk` carries where its text stands (document,
page or §) and a content hash, and every answer cites chunk ids. The text shown
to a user is built from these records.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


def sha256_text(text: str) -> str:
    """Hex sha256 of a text (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file's bytes, read in 1 MB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class DocumentMeta:
    """What a citation shows about a document (from ``corpus/documents.json``)."""

    doc_id: str
    title: str
    doc_type: str = "dokument"
    organisation: str = ""
    date: str = ""
    source: str = ""
    filename: str = ""
    #: The place the document speaks for ("Sverige", "Stockholms stad"): a figure it
    #: states without naming a place is a figure for that place.
    area: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Page:
    """One page (or, for unpaged files, the whole text) of a loaded document."""

    number: int | None
    text: str


@dataclass(frozen=True)
class Chunk:
    """A passage of a document, the unit of retrieval and citation.

    Attributes:
        doc_id: Stable id of the document (from its file name).
        title: Document title shown in citations.
        text: The passage as indexed and quoted.
        page: 1-based page number where the passage starts, if the source has pages.
        section: Heading or paragraph label, e.g. ``"7 §"`` or ``"Bakgrund"``.
        ordinal: Position of the chunk in its document.
        doc_type: Document type, used for filtering.
    """

    doc_id: str
    title: str
    text: str
    page: int | None = None
    section: str | None = None
    ordinal: int = 0
    doc_type: str = "dokument"
    content_hash: str = field(default="")

    def __post_init__(self) -> None:
        if not self.content_hash:
            object.__setattr__(self, "content_hash", sha256_text(self.text))

    @property
    def chunk_id(self) -> str:
        """Id stable for the same text at the same place in the same document."""
        return f"{self.doc_id}:{self.ordinal}:{self.content_hash[:12]}"

    @property
    def citation_label(self) -> str:
        """Human-readable location, e.g. ``"7 § lag (2003:1210)"`` or ``"Titel, s. 3"``."""
        if self.doc_type == "författning" and self.section and self.section.endswith("§"):
            return f"{self.section} {self.title_short}"
        parts = [self.title]
        if self.page is not None:
            parts.append(f"s. {self.page}")
        if self.section:
            parts.append(f"avsnitt ”{self.section}”")
        return ", ".join(parts)

    @property
    def title_short(self) -> str:
        """For a statute: ``"lag (2003:1210)"``; otherwise the title."""
        lower = self.title.lower()
        if lower.startswith("lag (") and ")" in lower:
            return "lag " + self.title[4 : self.title.index(")") + 1]
        return self.title

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["chunk_id"] = self.chunk_id
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chunk:
        return cls(
            doc_id=data["doc_id"],
            title=data["title"],
            text=data["text"],
            page=data.get("page"),
            section=data.get("section"),
            ordinal=int(data.get("ordinal", 0)),
            doc_type=data.get("doc_type", "dokument"),
            content_hash=data.get("content_hash", ""),
        )


@dataclass(frozen=True)
class SearchHit:
    """A chunk with its fused score and the ranks each retriever gave it."""

    chunk: Chunk
    score: float
    ranks: dict[str, int] = field(default_factory=dict)
    raw_scores: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The fields citations use (see ``finsam search --json``)."""
        return {
            "chunk_id": self.chunk.chunk_id,
            "doc_id": self.chunk.doc_id,
            "title": self.chunk.title,
            "page": self.chunk.page,
            "section": self.chunk.section,
            "score": round(self.score, 6),
            "text": self.chunk.text,
            "doc_type": self.chunk.doc_type,
            "ranks": dict(self.ranks),
            "raw_scores": {k: round(v, 6) for k, v in self.raw_scores.items()},
        }
