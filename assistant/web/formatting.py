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

import pandas as pd

from assistant.web.sanitize import safe_inline, safe_markdown

if TYPE_CHECKING:
    from assistant.answer.models import Answer, Citation
    from assistant.indexing.manifest import IndexManifest
    from assistant.stats import StatResult

#: Columns of the chart frame; the BarPlot is built with these names.
CHART_X, CHART_Y, CHART_SERIES = "Grupp", "Värde", "Serie"
HIDDEN_NOTE = "Dolda celler (färre än 5 eller dolda för att skydda dem) visas inte i diagrammet."
DOCUMENT_COLUMNS = ["Titel", "Typ", "Datum", "Sidor", "Avsnitt", "Fil", "Dokument-id"]


def empty_chart() -> pd.DataFrame:
    """A chart frame with no bars."""
    # Typed columns: the chart takes its axis types from the first value it gets.
    return pd.DataFrame(
        {
            CHART_X: pd.Series([], dtype="string"),
            CHART_Y: pd.Series([], dtype="float"),
            CHART_SERIES: pd.Series([], dtype="string"),
        }
    )


def stat_frame(result: StatResult) -> pd.DataFrame:
    """The visible cells of ``result`` as a frame for ``gr.BarPlot``.

    One bar per shown cell: ``Grupp`` is the first group value, ``Serie`` the
    second (or the measure's name), ``Värde`` the count, or the share in percent
    for outcome rates. Hidden cells are left out, never estimated.
    """
    outcome = result.kind == "outcome_rate"
    measure = "Andel till arbete eller studier (%)" if outcome else "Antal"
    rows: list[dict[str, Any]] = []
    cells = result.cells or [c for c in result.margins if not result.group_by]
    for cell in cells:
        if cell.status != "shown":
            continue
        value = (
            (None if cell.share is None else round(cell.share * 100, 1)) if outcome else cell.count
        )
        if value is None:
            continue
        key = cell.key or ("Totalt",)
        rows.append(
            {
                CHART_X: key[0],
                CHART_Y: value,
                CHART_SERIES: key[1] if len(key) > 1 else measure,
            }
        )
    if not rows and not result.group_by and result.n is not None and not outcome:
        rows.append({CHART_X: "Totalt", CHART_Y: result.n, CHART_SERIES: measure})
    if not rows:
        return empty_chart()
    return pd.DataFrame(rows, columns=[CHART_X, CHART_Y, CHART_SERIES])


def stat_markdown(result: StatResult) -> str:
    """The table with its title and provenance (definition, n, data file, notice)."""
    return result.to_markdown_table()


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
    text = citation.quote or citation.chunk.text
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.splitlines())


def source_message(citation: Citation, *, nearest: bool = False) -> dict[str, Any]:
    """A collapsible chat message holding one numbered source and its passage."""
    chunk = citation.chunk
    where = []
    if chunk.page is not None:
        where.append(f"sida {chunk.page}")
    if chunk.section:
        where.append(chunk.section)
    prefix = "Närmaste avsnitt" if nearest else f"Källa [{citation.n}]"
    body = f"**{safe_inline(chunk.title)}**"
    if where:
        body += " – " + ", ".join(safe_inline(w) for w in where)
    # Document text is untrusted: shown as text, never as images, links or HTML.
    body += "\n\n" + safe_markdown(_quote(citation))
    return {
        "role": "assistant",
        "content": body,
        # Gradio renders the title as Markdown too; the label holds a document title.
        "metadata": {"title": f"{prefix}: {safe_inline(citation.label)}", "status": "done"},
    }


def answer_markdown(answer: Answer) -> str:
    """The answer text followed by its warnings and statistics tables."""
    # Quoted documents and model output are untrusted (assistant.web.sanitize).
    parts = [safe_markdown(answer.text.strip())]
    if answer.warnings:
        parts.append("\n".join(f"⚠️ **Observera:** {w}" for w in answer.warnings))
    # The offline answer already carries its tables in the text; an LLM answer does not.
    parts.extend(stat_markdown(s) for s in answer.statistics if s.title not in answer.text)
    sources = answer.sources_markdown()
    if sources:
        parts.append(
            "**Källor**\n\n" + "\n".join(f"- {safe_inline(line)}" for line in sources.splitlines())
        )
    if answer.backend:
        parts.append(f"<sub>Svarat av: {html.escape(answer.backend)}</sub>")
    return "\n\n".join(p for p in parts if p)


def answer_messages(answer: Answer) -> list[dict[str, Any]]:
    """The chat messages for one answer: the text, then one collapsible message per source."""
    messages: list[dict[str, Any]] = [{"role": "assistant", "content": answer_markdown(answer)}]
    messages += [source_message(c) for c in answer.citations]
    if not answer.supported:
        messages += [source_message(c, nearest=True) for c in answer.nearest]
    return messages


def answer_chart(answer: Answer) -> tuple[str, pd.DataFrame]:
    """Caption and chart frame for the first statistics result of ``answer``."""
    if not answer.statistics:
        return "", empty_chart()
    result = answer.statistics[0]
    caption = f"**{result.title}**"
    if result.synthetic:
        caption += "\n\n" + result.provenance_lines()[0]
    if result.suppressed_primary or result.suppressed_secondary:
        caption += "\n\n" + HIDDEN_NOTE
    return caption, stat_frame(result)


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
        lines += [f"- ✅ {label}: {html.escape(str(i))}" for i in items]
    lines += [f"- ❌ {html.escape(n)}: {html.escape(m)}" for n, m in report.failed]
    lines += [f"- ⏭️ {html.escape(n)}: {html.escape(m)}" for n, m in report.ignored]
    lines += [f"- ℹ️ {html.escape(n)}" for n in report.notices]
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
