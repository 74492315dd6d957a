"""Draft a tjänsteutlåtande that answers a skrivelse, exported to Word or Markdown.

The steps, each a function the CLI and the web app call:

1. :func:`read_skrivelse` (a file) or :func:`parse_skrivelse` (pasted text):
   the text, with author, date, nämnd and subject from its header.
2. :func:`find_questions`: the questions, for the official to correct;
   :func:`questions_from_texts` takes the corrected list back.
3. :func:`compose_draft`: a :class:`Draft` with one section per question,
   answered through the answer engine with citations and statistics.
4. :func:`write_docx` / :func:`write_markdown` (or :func:`build_docx`,
   :func:`draft_to_markdown`).

Example:
    >>> from assistant.draft import compose_draft, read_skrivelse, write_docx
    >>> skrivelse = read_skrivelse("skrivelse.pdf")  # doctest: +SKIP
    >>> write_docx(compose_draft(skrivelse), "utkast.docx")  # doctest: +SKIP
"""

from assistant.draft.composer import NoQuestionsFound, compose_draft
from assistant.draft.export_docx import build_docx, write_docx
from assistant.draft.export_markdown import draft_to_markdown, write_markdown
from assistant.draft.models import (
    NOT_ANSWERABLE,
    SECTION_HEADINGS,
    Draft,
    PartAnswer,
    QuestionSection,
    Section,
)
from assistant.draft.needs import needs_for
from assistant.draft.questions import (
    MAX_QUESTIONS,
    Question,
    QuestionScan,
    find_questions,
    questions_from_texts,
    split_parts,
    whole_text_question,
)
from assistant.draft.skrivelse import Skrivelse, parse_skrivelse, read_skrivelse

__all__ = [
    "MAX_QUESTIONS",
    "NOT_ANSWERABLE",
    "SECTION_HEADINGS",
    "Draft",
    "NoQuestionsFound",
    "PartAnswer",
    "Question",
    "QuestionScan",
    "QuestionSection",
    "Section",
    "Skrivelse",
    "build_docx",
    "compose_draft",
    "draft_to_markdown",
    "find_questions",
    "needs_for",
    "parse_skrivelse",
    "questions_from_texts",
    "read_skrivelse",
    "split_parts",
    "whole_text_question",
    "write_docx",
    "write_markdown",
]
