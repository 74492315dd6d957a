"""The draft tjänsteutlåtande as data, which the exporters turn into Word or Markdown.

A :class:`Draft` holds sections in the order of a real tjänsteutlåtande. The
section "Förvaltningens synpunkter och förslag" holds one
:class:`QuestionSection` per question of the skrivelse, with the answer of each
part, the sources it cites (numbered per question), statistics results with
their provenance, and, where the material does not answer, what would be needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.answer.models import Answer, Citation
from assistant.draft.questions import Question
from assistant.draft.skrivelse import Skrivelse
from assistant.stats import StatResult

#: The sentence every unanswered question carries, so an official sees the gap.
NOT_ANSWERABLE = "Underlaget räcker inte för att besvara frågan."
NEEDED_INTRO = "För att kunna besvara frågan behövs:"
DRAFT_NOTICE = (
    "Utkast framtaget med FINSAM-assistenten. Texten ska granskas, kompletteras och "
    "faktagranskas av handläggare innan den används."
)

# Headings of a tjänsteutlåtande, as the real one in the corpus uses them.
H_PROPOSAL = "Förvaltningens förslag till beslut"
H_SUMMARY = "Sammanfattning"
H_BACKGROUND = "Bakgrund"
H_MATTER = "Ärendet"
H_PREPARATION = "Ärendets beredning"
H_VIEWS = "Förvaltningens synpunkter och förslag"
H_ATTACHMENTS = "Bilagor"
#: Where the data source paragraph stands when the draft has no statistics annex.
H_DATA_SOURCE = "Om statistiken"
SECTION_HEADINGS = (
    H_PROPOSAL,
    H_SUMMARY,
    H_BACKGROUND,
    H_MATTER,
    H_PREPARATION,
    H_VIEWS,
    H_ATTACHMENTS,
)


@dataclass
class PartAnswer:
    """The answer to one part of a question.

    Attributes:
        question: The part as a question of its own.
        answer: What the engine returned (None if it failed; see ``error``).
        text: The answer text with citation markers renumbered to the section's list.
        error: Swedish message when the engine could not answer.
        paragraphs: The answer as the draft writes it: sentences stating the figures
            and introducing the quotes, citing [n] and "tabell N" (see ``draft.prose``).
    """

    question: str
    answer: Answer | None
    text: str = ""
    error: str = ""
    paragraphs: list[str] = field(default_factory=list)

    @property
    def answered(self) -> bool:
        """Whether the material answers this part (supported, with sources or figures)."""
        a = self.answer
        return a is not None and a.supported and bool(a.citations or a.statistics)


@dataclass
class QuestionSection:
    """One question of the skrivelse, answered part by part.

    Attributes:
        question: The question (its text is the heading).
        parts: One answer per part of the question.
        citations: The sources the parts cite, numbered 1.. for this section.
        statistics: Statistics results the parts report (with provenance).
        warnings: Warnings from the engine, once each.
        needs: What would be needed to answer the parts the material does not answer.
        nearest: Nearest passages for unanswered parts (not support, only leads).
    """

    question: Question
    parts: list[PartAnswer] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    statistics: list[StatResult] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    nearest: list[Citation] = field(default_factory=list)
    table_numbers: list[int] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return self.question.text

    @property
    def answered(self) -> bool:
        """Every part is answered from the material."""
        return bool(self.parts) and all(p.answered for p in self.parts)

    @property
    def partly_answered(self) -> bool:
        """Some but not all parts are answered."""
        return any(p.answered for p in self.parts) and not self.answered

    @property
    def synthetic(self) -> bool:
        return any(s.synthetic for s in self.statistics)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question.to_dict(),
            "answered": self.answered,
            "partly_answered": self.partly_answered,
            "parts": [
                {
                    "question": p.question,
                    "answered": p.answered,
                    "text": p.text,
                    "paragraphs": list(p.paragraphs),
                    "error": p.error,
                    "route": p.answer.route if p.answer else None,
                }
                for p in self.parts
            ],
            "citations": [c.to_dict() for c in self.citations],
            "statistics": [s.to_dict() for s in self.statistics],
            "warnings": list(self.warnings),
            "needs": list(self.needs),
            "nearest": [c.to_dict() for c in self.nearest],
        }


@dataclass
class Section:
    """A top-level section: paragraphs, a numbered list, question sections, and
    statistics tables (the annex) under ``statistics_heading``.

    Paragraphs are plain text; the exporters render them as they are.
    """

    heading: str
    paragraphs: list[str] = field(default_factory=list)
    numbered: list[str] = field(default_factory=list)
    questions: list[QuestionSection] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)
    statistics: list[StatResult] = field(default_factory=list)
    statistics_heading: str = ""
    table_numbers: list[int] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "heading": self.heading,
            "paragraphs": list(self.paragraphs),
            "numbered": list(self.numbered),
            "questions": [q.to_dict() for q in self.questions],
            "closing": list(self.closing),
            "statistics_heading": self.statistics_heading,
            "statistics": [s.to_dict() for s in self.statistics],
        }


@dataclass
class Draft:
    """A draft tjänsteutlåtande answering a skrivelse.

    Attributes:
        title: The title (the skrivelse's subject).
        subtitle: "Svar på skrivelse från ...".
        skrivelse: The skrivelse answered.
        sections: Sections in the order of a tjänsteutlåtande.
        warnings: What the user must know (Swedish): truncation, engine failures,
            synthetic statistics.
        created: ISO date the draft was made.
    """

    title: str
    subtitle: str
    skrivelse: Skrivelse
    sections: list[Section]
    warnings: list[str] = field(default_factory=list)
    created: str = ""
    notice: str = DRAFT_NOTICE
    #: One paragraph on the participant data (file, rows, sha256, definitions, disclosure
    #: control, synthetic notice), printed once: in Bilaga 1, or after the answers.
    data_source: list[str] = field(default_factory=list)

    def section(self, heading: str) -> Section:
        """The section with this heading.

        Raises:
            KeyError: No such section.
        """
        for section in self.sections:
            if section.heading == heading:
                return section
        raise KeyError(heading)

    @property
    def question_sections(self) -> list[QuestionSection]:
        return [q for s in self.sections for q in s.questions]

    @property
    def answered(self) -> list[QuestionSection]:
        return [q for q in self.question_sections if q.answered]

    @property
    def unanswered(self) -> list[QuestionSection]:
        """Questions with at least one part the material does not answer."""
        return [q for q in self.question_sections if not q.answered]

    @property
    def statistics(self) -> list[StatResult]:
        """Every statistics table in the draft: per question, then the annex."""
        per_question = [st for q in self.question_sections for st in q.statistics]
        return per_question + [st for s in self.sections for st in s.statistics]

    @property
    def synthetic(self) -> bool:
        return any(st.synthetic for st in self.statistics)

    def to_dict(self) -> dict[str, Any]:
        s = self.skrivelse
        return {
            "title": self.title,
            "subtitle": self.subtitle,
            "created": self.created,
            "notice": self.notice,
            "skrivelse": {
                "source": s.source,
                "author": s.author,
                "party": s.party,
                "date": s.date,
                "addressee": s.addressee,
                "subject": s.subject,
            },
            "sections": [sec.to_dict() for sec in self.sections],
            "warnings": list(self.warnings),
            "data_source": list(self.data_source),
        }


def has_annex(draft: Draft) -> bool:
    """Whether the draft attaches the statistics compilation (Bilaga 1)."""
    return any(s.statistics for s in draft.sections)
