"""Turn core records into what Gradio components show.

Formatting only: the figures, their suppression and the ranking of passages
come from the core; this module lays them out (Markdown, chat messages, a data
frame for the bar chart, CSV rows, the document list).
"""

from __future__ import annotations

import csv
import html
import logging
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.web.sanitize import safe_inline, safe_markdown

if TYPE_CHECKING:
    from assistant.answer.models import Answer, Citation
    from assistant.indexing.manifest import IndexManifest
    from assistant.stats import StatResult

HIDDEN_NOTE = (
    "Dolda celler (färre än 5, eller dolda för att de annars skulle kunna räknas fram) är "
    "streckade i diagrammet och visas inte som siffror."
)
DOCUMENT_COLUMNS = ["Titel", "Typ", "Datum", "Sidor", "Avsnitt", "Fil", "Dokument-id"]


def stat_table_html(result: StatResult, *, caption: bool = False) -> str:
    """The result's table as HTML: label column first, numbers right-aligned.

    Hidden cells ("färre än 5", "dold") are set in italics so they read as
    markings, not figures; the total row is bold. Every value is escaped.
    """
    header, rows = result.table_rows()
    if result.kind == "count" and not result.group_by:
        # A single total: one row with the count; the empty label and share columns go.
        header, rows = ["", "Antal"], [[r[0], r[1]] for r in rows]
    keep = [j for j in range(len(header)) if j == 0 or any(r[j] for r in rows)]

    def cell(value: str, j: int, tag: str) -> str:
        classes = ["num"] if j else ["label"]
        if value in {"dold"} or value.startswith("färre än"):
            classes.append("hidden-cell")
        return f'<{tag} class="{" ".join(classes)}">{html.escape(value)}</{tag}>'

    head = "".join(cell(header[j].replace(" \\ ", " / "), j, "th") for j in keep)
    body = []
    for row in rows:
        css = ' class="total"' if row[0] == "Totalt" else ""
        body.append(f"<tr{css}>" + "".join(cell(row[j], j, "td") for j in keep) + "</tr>")
    title = f"<caption>{html.escape(result.title)}</caption>" if caption else ""
    return (
        f'<table class="finsam-table">{title}'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )


def stat_csv(result: StatResult, directory: Path | None = None) -> Path:
    """Write the result as a semicolon-separated CSV (opens in Swedish Excel).

    The table comes first, then a blank line and the provenance lines, so a
    figure never leaves without its definition and data file.
    """
    header, rows = result.table_rows()
    folder = Path(directory or tempfile.mkdtemp(prefix="finsam-csv-"))
    folder.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\wåäöÅÄÖ-]+", "-", result.title).strip("-").lower()[:80] or "statistik"
    path = folder / f"{name}.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow([result.title])
        writer.writerow(header)
        writer.writerows(rows)
        writer.writerow([])
        for line in result.provenance_lines():
            writer.writerow([line])
    return path


def _quote(citation: Citation) -> str:
    """The quoted passage as a block quote; its lines stay separate paragraphs, so a
    heading is never read as the first words of the sentence after it."""
    text = citation.quote or citation.chunk.text
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    return "\n>\n".join(f"> {html.escape(p)}" for p in paragraphs)


def source_message(citation: Citation, *, nearest: bool = False) -> dict[str, Any]:
    """A collapsible chat message: short label in its title, the full reference and
    the quoted passage inside."""
    prefix = "Närmaste avsnitt" if nearest else f"Källa [{citation.n}]"
    # Document text is untrusted: shown as text, never as images, links or HTML.
    body = f"**{safe_inline(citation.reference)}**\n\n{safe_markdown(_quote(citation))}"
    return {
        "role": "assistant",
        "content": body,
        # Gradio renders the title as Markdown too; the label holds a document title.
        "metadata": {"title": f"{prefix}: {safe_inline(citation.label)}", "status": "done"},
    }


def _markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table without columns that are empty in every row."""
    keep = [j for j in range(len(header)) if header[j] or any(r[j] for r in rows)]
    keep = [j for j in keep if any(r[j] for r in rows)] or keep

    def line(values: list[str]) -> str:
        return "| " + " | ".join(values[j].replace("|", "\\|") for j in keep) + " |"

    return "\n".join(
        [line(header), "| " + " | ".join("---" for _ in keep) + " |", *map(line, rows)]
    )


def compact_table(result: StatResult) -> str:
    """The result for the chat: title, table, definition and n. Data file, sha256 and
    disclosure control go to the expandable details (:func:`figures_message`)."""
    header, rows = result.table_rows()
    parts = [f"**{result.title}**", "", _markdown_table(header, rows), ""]
    parts.append(f"*{result.definition} n = {result.n_display}.*")
    if result.suppressed_primary or result.suppressed_secondary:
        parts.append("")
        parts.append(f"*{HIDDEN_NOTE}*")
    return "\n".join(parts)


def figures_message(result: StatResult, label: str) -> dict[str, Any]:
    """A collapsible chat message with a result's provenance (data file and sha256)."""
    from assistant.stats import SYNTHETIC_NOTICE

    lines = [line for line in result.provenance_lines() if line != SYNTHETIC_NOTICE]
    return {
        "role": "assistant",
        "content": "\n".join(f"- {html.escape(line)}" for line in lines),
        "metadata": {
            "title": f"Om siffrorna {label}: datakälla och definitioner",
            "status": "done",
        },
    }


_SHA_RE = re.compile(r",?\s*sha256[:\s]+[0-9a-f]{64}")


def _unique_lines(text: str) -> str:
    """Drop a bullet line that repeats an earlier one word for word."""
    seen: set[str] = set()
    out = []
    for line in text.split("\n"):
        key = line.strip()
        if key.startswith("- ") and key in seen:
            continue
        seen.add(key)
        out.append(line)
    return "\n".join(out)


def answer_markdown(answer: Answer) -> str:
    """The answer text, its warnings once each and its statistics tables.

    Tables are shown compact (provenance goes to the details, see
    :func:`answer_messages`); the synthetic-data notice is said once, among the
    warnings, however many tables the answer holds.
    """
    from assistant.stats import SYNTHETIC_NOTICE

    text = answer.text.strip()
    for result in answer.statistics:
        text = text.replace(result.to_markdown_table(), compact_table(result))
    # The notice once per answer, among the warnings; the sha256 in the details only.
    text = re.sub(rf"(?m)^[ \t]*[-*]?[ \t]*{re.escape(SYNTHETIC_NOTICE)}[ \t]*\n?", "", text)
    text = text.replace(SYNTHETIC_NOTICE, "").strip()
    text = _SHA_RE.sub("", text)
    text = re.sub(r"\n{3,}", "\n\n", _unique_lines(text))
    # Quoted documents and model output are untrusted (assistant.web.sanitize).
    parts = [safe_markdown(text)]
    warnings = list(dict.fromkeys(answer.warnings))
    if any(s.synthetic for s in answer.statistics) and SYNTHETIC_NOTICE not in warnings:
        warnings.append(SYNTHETIC_NOTICE)
    if warnings:
        parts.append("\n".join(f"⚠️ **Observera:** {w}" for w in warnings))
    # The offline answer already carries its tables in the text; an LLM answer does not.
    parts.extend(compact_table(s) for s in answer.statistics if s.title not in text)
    sources = answer.sources_markdown()
    if sources:
        parts.append(
            "**Källor**\n\n" + "\n".join(f"- {safe_inline(line)}" for line in sources.splitlines())
        )
    if answer.backend:
        parts.append(f"<sub>Svarat av: {html.escape(answer.backend)}</sub>")
    return "\n\n".join(p for p in parts if p)


def answer_messages(answer: Answer) -> list[dict[str, Any]]:
    """The chat messages for one answer: the text, one collapsible message per source,
    one per statistics result (data file, sha256, definitions), and for an answer
    without support the nearest passages, each once."""
    messages: list[dict[str, Any]] = [{"role": "assistant", "content": answer_markdown(answer)}]
    messages += [source_message(c) for c in answer.citations]
    messages += [figures_message(s, f"[S{i}]") for i, s in enumerate(answer.statistics, 1)]
    if not answer.supported:
        seen: set[str] = set()
        for c in answer.nearest:
            if c.label not in seen and c.chunk.chunk_id not in seen:
                seen.update({c.label, c.chunk.chunk_id})
                messages.append(source_message(c, nearest=True))
    return messages


def answer_chart(answer: Answer) -> tuple[str, Any]:
    """Caption and matplotlib figure (or None) for the first statistics result."""
    from assistant.web.charts import chart_data, draw

    if not answer.statistics:
        return "", None
    result = answer.statistics[0]
    data = chart_data(result)
    if data.kind == "none":
        return "", None
    caption = f"**{html.escape(result.title)}**"
    if result.suppressed_primary or result.suppressed_secondary:
        caption += "\n\n" + HIDDEN_NOTE
    return caption, draw(data)


def document_rows(manifest: IndexManifest | None) -> list[list[Any]]:
    """One row per indexed document, sorted by title (see ``DOCUMENT_COLUMNS``)."""
    if manifest is None:
        return []
    records = sorted(manifest.documents.values(), key=lambda r: r.title.lower())
    return [
        [
            r.title,
            r.doc_type,
            r.date,
            r.pages if r.pages is not None else "",
            r.chunks,
            r.filename,
            r.doc_id,
        ]
        for r in records
    ]


def index_summary(manifest: IndexManifest | None) -> str:
    """One Swedish line about the index in use."""
    if manifest is None:
        return "Inget index är byggt ännu. Lägg till dokument nedan eller kör `finsam ingest`."
    return (
        f"{len(manifest.documents)} dokument, {manifest.chunk_count} avsnitt; "
        f"inbäddningsmodell {manifest.embedding_model}; byggt {manifest.built_at}."
    )


def ingest_markdown(report: Any, names: Iterable[str] = ()) -> str:
    """Per-file results of an ingest run (an ``IngestReport``) as Swedish Markdown."""
    lines = []
    for label, items in (
        ("Tillagd", report.added),
        ("Uppdaterad", report.updated),
        ("Oförändrad", report.skipped),
        ("Borttagen", report.removed),
    ):
        lines += [f"- **{label}:** {html.escape(str(i))}" for i in items]
    # Words, not emoji: Chromium without an emoji font draws ✅ and ❌ as boxes.
    lines += [f"- **Inte tillagd:** {html.escape(n)}: {html.escape(m)}" for n, m in report.failed]
    lines += [f"- **Hoppades över:** {html.escape(n)}: {html.escape(m)}" for n, m in report.ignored]
    lines += [f"- **Att observera:** {html.escape(n)}" for n in report.notices]
    if not lines:
        lines = [f"- {html.escape(n)}: inget att göra" for n in names] or ["- Inget ändrades."]
    head = f"Indexet har nu {report.documents} dokument och {report.chunks} avsnitt."
    return "\n".join([f"**{head}**", "", *lines])


def user_error(err: BaseException) -> str:
    """A Swedish message for any error a handler meets; unexpected ones are logged.

    A ``FinsamError`` already says what was wrong and what to do. Anything else is
    a fault in the app or a service behind it: the user gets a plain message, the
    log gets the traceback.
    """
    from assistant.errors import FinsamError

    if isinstance(err, FinsamError):
        return err.message
    logging.getLogger("assistant.web").exception("Oväntat fel i webbappen", exc_info=err)
    return (
        f"Något gick fel ({type(err).__name__}). Försök igen; om felet kvarstår, kontakta "
        "den som förvaltar assistenten (felet finns i serverns logg)."
    )
