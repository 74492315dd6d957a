"""Write a :class:`~assistant.draft.models.Draft` as a Word document (python-docx).

Section headings become Word headings (Rubrik 1, questions Rubrik 2); each
answer is written as sentences (``draft.prose``) with its tables as "Tabell N"
and a source list resolving its [n] markers. The data source (file, sha256,
definitions, the synthetic-data notice) is stated once, in Bilaga 1.

Example:
    >>> from assistant.draft import write_docx
    >>> write_docx(draft, "utkast.docx")  # doctest: +SKIP
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.draft.models import (
    H_DATA_SOURCE,
    NEEDED_INTRO,
    NOT_ANSWERABLE,
    Draft,
    QuestionSection,
    has_annex,
)
from assistant.draft.prose import table_caption, table_cells
from assistant.stats import StatResult

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.text.paragraph import Paragraph

INLINE_RE = re.compile(r"(\*\*[^*]+\*\*|\*[^*\s][^*]*\*|`[^`]+`)")
QUOTE_CHARS = 200


def build_docx(draft: Draft) -> DocumentObject:
    """The draft as a python-docx Document (not yet saved)."""
    from docx import Document

    doc = Document()
    doc.core_properties.title = draft.title
    doc.core_properties.subject = draft.subtitle
    doc.core_properties.comments = draft.notice
    doc.add_heading(draft.title, level=0)
    doc.add_paragraph(draft.subtitle, style="Subtitle")
    notice = doc.add_paragraph()
    notice.add_run(draft.notice).italic = True
    if draft.warnings:
        p = doc.add_paragraph()
        p.add_run("Att observera").bold = True
        for warning in draft.warnings:
            doc.add_paragraph(warning, style="List Bullet")
    for section in draft.sections:
        doc.add_heading(section.heading, level=1)
        for paragraph in section.paragraphs:
            doc.add_paragraph(paragraph)
        for i, item in enumerate(section.numbered, 1):
            doc.add_paragraph(f"{i}. {item}")
        for qs in section.questions:
            _question(doc, qs)
        if section.questions and draft.data_source and not has_annex(draft):
            doc.add_heading(H_DATA_SOURCE, level=2)
            for paragraph in draft.data_source:
                doc.add_paragraph(paragraph)
        for paragraph in section.closing:
            doc.add_paragraph(paragraph)
        if section.statistics:
            doc.add_heading(section.statistics_heading, level=2)
            for paragraph in draft.data_source:
                doc.add_paragraph(paragraph)
            for stat, number in zip(section.statistics, section.table_numbers, strict=False):
                _stat_table(doc, stat, number)
    return doc


def write_docx(draft: Draft, path: Path | str) -> Path:
    """Save the draft as ``.docx`` at ``path`` and return the path."""
    path = Path(path)
    build_docx(draft).save(str(path))
    return path


def _question(doc: DocumentObject, qs: QuestionSection) -> None:
    doc.add_heading(f"{qs.question.number}. {qs.heading}", level=2)
    compound = qs.question.is_compound
    for part in qs.parts:
        if compound:
            p = doc.add_paragraph()
            p.add_run(part.question).bold = True
        if part.answered:
            for paragraph in part.paragraphs:
                _markdown(doc, paragraph, skip_tables=True)
        else:
            p = doc.add_paragraph()
            p.add_run(NOT_ANSWERABLE).bold = True
            if part.error:
                doc.add_paragraph().add_run(part.error).italic = True
    if qs.needs:
        doc.add_paragraph(NEEDED_INTRO)
        for need in qs.needs:
            doc.add_paragraph(need, style="List Bullet")
    for stat, number in zip(qs.statistics, qs.table_numbers, strict=False):
        _stat_table(doc, stat, number)
    for warning in qs.warnings:
        doc.add_paragraph().add_run(f"Observera: {warning}").italic = True
    if qs.citations:
        p = doc.add_paragraph()
        p.add_run("Källor").bold = True
        for c in qs.citations:
            doc.add_paragraph(f"[{c.n}] {c.reference}")
    if qs.nearest and not qs.answered:
        p = doc.add_paragraph()
        p.add_run("Närmaste avsnitt i underlaget (besvarar inte frågan):").italic = True
        for c in qs.nearest:
            doc.add_paragraph(c.reference, style="List Bullet")


def _stat_table(doc: DocumentObject, stat: StatResult, number: int, note: str = "") -> None:
    from docx.shared import Pt

    caption = doc.add_paragraph()
    caption.add_run(table_caption(stat, number)).bold = True
    header, rows = table_cells(stat)
    table = doc.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    for j, value in enumerate(header):
        cell = table.cell(0, j)
        cell.text = ""
        cell.paragraphs[0].add_run(value).bold = True
    for i, row in enumerate(rows, 1):
        for j, value in enumerate(row):
            table.cell(i, j).text = value
    if note:
        run = doc.add_paragraph().add_run(note)
        run.font.size = Pt(8)
        run.italic = True


def _markdown(doc: DocumentObject, text: str, *, skip_tables: bool) -> None:
    """Render the light Markdown an answer uses: paragraphs, lists, tables, emphasis."""
    lines = text.split("\n")
    i = 0
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            _inline(doc.add_paragraph(), " ".join(s.strip() for s in paragraph))
            paragraph.clear()

    while i < len(lines):
        line = lines[i].rstrip()
        stripped = line.strip()
        if stripped.startswith("|"):
            flush()
            block = []
            while i < len(lines) and lines[i].strip().startswith("|"):
                block.append(lines[i].strip())
                i += 1
            if not skip_tables:
                _markdown_table(doc, block)
            continue
        if not stripped:
            flush()
        elif m := re.match(r"^[-*•]\s+(.*)$", stripped):
            flush()
            _inline(doc.add_paragraph(style="List Bullet"), m.group(1))
        elif m := re.match(r"^\d+[.)]\s+(.*)$", stripped):
            flush()
            _inline(doc.add_paragraph(style="List Number"), m.group(1))
        elif m := re.match(r"^#{1,6}\s+(.*)$", stripped):
            flush()
            p = doc.add_paragraph()
            p.add_run(m.group(1)).bold = True
        elif stripped.startswith(">"):
            flush()
            _inline(doc.add_paragraph(), stripped.lstrip("> "))
        else:
            paragraph.append(stripped)
        i += 1
    flush()


def _markdown_table(doc: DocumentObject, block: list[str]) -> None:
    rows = [
        [c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", r.strip("|"))]
        for r in block
        if not re.fullmatch(r"\|?[\s:|-]+\|?", r)
    ]
    if not rows:
        return
    width = max(len(r) for r in rows)
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            table.cell(i, j).text = value.replace("**", "")


def _inline(p: Paragraph, text: str) -> None:
    for piece in INLINE_RE.split(text):
        if not piece:
            continue
        run: Any
        if piece.startswith("**") and piece.endswith("**"):
            run = p.add_run(piece[2:-2])
            run.bold = True
        elif piece.startswith("`") and piece.endswith("`"):
            p.add_run(piece[1:-1])
        elif piece.startswith("*") and piece.endswith("*") and len(piece) > 2:
            run = p.add_run(piece[1:-1])
            run.italic = True
        else:
            p.add_run(piece)


def _short(text: str) -> str:
    flat = re.sub(r"\s+", " ", text or "").strip()
    if len(flat) <= QUOTE_CHARS:
        return flat
    return flat[:QUOTE_CHARS].rsplit(" ", 1)[0] + " …"
