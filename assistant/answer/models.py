"""The answer contract shared by the CLI, the web app and the drafting tool.

An :class:`Answer` is data: its text cites passages by number, and every number
resolves to a :class:`Citation` built from an indexed chunk; statistics come as
:class:`~assistant.stats.StatResult` records with their provenance.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from assistant.answer.quoting import clean_quote, full_reference, short_label
from assistant.models import Chunk
from assistant.stats import StatResult

Route = Literal["statistics", "documents", "both", "out_of_scope", "empty"]
NO_SUPPORT = "Jag hittar inget stöd i underlaget för att besvara det."


@dataclass(frozen=True)
class Citation:
    """A numbered source: the passage an answer quotes, with where it stands."""

    n: int
    chunk: Chunk
    quote: str = ""

    def __post_init__(self) -> None:
        # Every quote is cleaned once, here: the answer, the source box and the draft
        # then quote the same words (no glued heading, no footnote digit).
        object.__setattr__(self, "quote", clean_quote(self.quote, self.chunk))

    @property
    def label(self) -> str:
        """Short name for running text: short title, page or §, section."""
        return short_label(self.chunk)

    @property
    def reference(self) -> str:
        """The full reference (title, page, section), for the expandable source."""
        return full_reference(self.chunk)

    def to_dict(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "n": self.n,
            "doc_id": c.doc_id,
            "title": c.title,
            "page": c.page,
            "section": c.section,
            "text": c.text,
            "quote": self.quote,
            "label": self.label,
            "reference": self.reference,
            "chunk_id": c.chunk_id,
        }


@dataclass
class Answer:
    """What ``answer()`` returns.

    Attributes:
        text: The answer in Swedish (Markdown), citing sources as [1], [2].
        citations: The numbered sources the text cites.
        statistics: Statistics results the text reports, with provenance.
        backend: "offline" or "llm:<model>".
        warnings: Things the reader must know (weak evidence, unverified numbers,
            fallback from the LLM, synthetic data).
        route: How the question was handled.
        supported: False when the material did not answer the question.
        nearest: For unsupported answers, the nearest passages (not cited as support).
        evidence: For document answers, how much of the question the best passages
            cover (0..1); below the calibrated threshold the answer is "no support".
    """

    text: str
    citations: list[Citation] = field(default_factory=list)
    statistics: list[StatResult] = field(default_factory=list)
    backend: str = "offline"
    warnings: list[str] = field(default_factory=list)
    route: Route = "documents"
    supported: bool = True
    nearest: list[Citation] = field(default_factory=list)
    evidence: float | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``finsam ask --json``."""
        return {
            "answer": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "statistics": [s.to_dict() for s in self.statistics],
            "backend": self.backend,
            "warnings": list(self.warnings),
            "route": self.route,
            "supported": self.supported,
            "nearest": [c.to_dict() for c in self.nearest],
            "evidence": None if self.evidence is None else round(self.evidence, 4),
        }

    def sources_markdown(self) -> str:
        """A numbered source list ("[1] 7 § lag (2003:1210)")."""
        return "\n".join(f"[{c.n}] {c.label}" for c in self.citations)
