"""The "Dokument" tab: the indexed documents, upload, removal and re-indexing.

Every action is one call of :func:`assistant.indexing.pipeline.ingest`; a file is
checked (type and size, :func:`assistant.ingest.loaders.check_file`) before it is
handed over.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.errors import DocumentError
from assistant.settings import Settings
from assistant.web.formatting import (
    DOCUMENT_COLUMNS,
    document_rows,
    index_summary,
    ingest_markdown,
    user_error,
)

UPLOAD_TYPES = [".pdf", ".docx", ".txt", ".md"]

DocOutputs = tuple[str, Any, str, Any]


def _listing(settings: Settings) -> tuple[str, Any, Any]:
    from assistant.indexing.manifest import read_current

    manifest = read_current(settings.index_dir)
    rows = document_rows(manifest)
    choices = [(f"{r[0]} ({r[5]})", r[6]) for r in rows]
    return (
        index_summary(manifest),
        gr.update(value=rows or None, headers=DOCUMENT_COLUMNS),
        gr.update(choices=choices, value=None),
    )


def _index_changed() -> None:
    # The answer engine keeps the index it opened; make it open the new generation.
    from assistant.answer.engine import reset_engines

    reset_engines()


def _progress_fn(progress: gr.Progress) -> Any:
    def report(stage: str, done: int, total: int, detail: str) -> None:
        progress((done, max(total, 1)), desc=f"{stage}: {detail}" if detail else stage)

    return report


def upload(settings: Settings, files: list[str] | None, progress: gr.Progress) -> DocOutputs:
    """Check the uploaded files, then ingest those that pass."""
    from assistant.indexing.pipeline import ingest
    from assistant.ingest.loaders import check_file

    if not files:
        return ("Välj en eller flera filer att lägga till.", *_reorder(_listing(settings)))
    rejected: list[str] = []
    accepted: list[Path] = []
    for raw in files:
        path = Path(raw)
        try:
            check_file(path, settings.max_file_mb)
        except DocumentError as err:
            rejected.append(f"- **Inte tillagd:** {user_error(err)}")
            continue
        accepted.append(path)
    result = ""
    if accepted:
        try:
            report = ingest(paths=accepted, settings=settings, progress=_progress_fn(progress))
            _index_changed()
            result = ingest_markdown(report, [p.name for p in accepted])
        except Exception as err:
            result = f"⚠️ {user_error(err)}"
    text = "\n".join(part for part in (result, *rejected) if part)
    summary, table, choices = _listing(settings)
    return text, table, summary, choices


def remove(settings: Settings, doc_id: str | None, progress: gr.Progress) -> DocOutputs:
    """Drop one document from the index."""
    from assistant.indexing.pipeline import ingest

    if not doc_id:
        return ("Välj ett dokument att ta bort.", *_reorder(_listing(settings)))
    try:
        report = ingest(
            paths=[], remove=[doc_id], settings=settings, progress=_progress_fn(progress)
        )
        _index_changed()
        text = ingest_markdown(report)
    except Exception as err:
        text = f"⚠️ {user_error(err)}"
    summary, table, choices = _listing(settings)
    return text, table, summary, choices


def rebuild(settings: Settings, progress: gr.Progress) -> DocOutputs:
    """Re-read and re-embed every document."""
    from assistant.indexing.pipeline import ingest

    try:
        report = ingest(rebuild=True, settings=settings, progress=_progress_fn(progress))
        _index_changed()
        text = ingest_markdown(report)
    except Exception as err:
        text = f"⚠️ {user_error(err)}"
    summary, table, choices = _listing(settings)
    return text, table, summary, choices


def _reorder(listing: tuple[str, Any, Any]) -> tuple[Any, str, Any]:
    summary, table, choices = listing
    return table, summary, choices


@dataclass
class DocumentsTab:
    """What the app wires to other tabs: the page-load refresh and its outputs, and the
    events after which the index has changed."""

    refresh: Callable[[], tuple[Any, str, Any]]
    outputs: list[Any]
    index_changed: list[Any]


def build(settings: Settings) -> DocumentsTab:
    """Lay out the tab inside the current Blocks."""
    summary0, _, _ = _listing(settings)
    summary = gr.Markdown(summary0, elem_id="dokument-sammanfattning")
    table = gr.Dataframe(
        headers=DOCUMENT_COLUMNS,
        interactive=False,
        wrap=True,
        label="Dokument i indexet",
        elem_id="dokument-tabell",
    )
    with gr.Row():
        with gr.Column():
            files = gr.File(
                label=(
                    f"Lägg till dokument (PDF, DOCX, TXT, MD; högst {settings.max_file_mb} MB "
                    "per fil)"
                ),
                file_count="multiple",
                file_types=UPLOAD_TYPES,
                type="filepath",
                elem_id="dokument-uppladdning",
            )
            add = gr.Button("Lägg till i indexet", variant="primary")
        with gr.Column():
            chosen = gr.Dropdown([], label="Dokument att ta bort", elem_id="dokument-val")
            drop = gr.Button("Ta bort dokumentet", variant="stop")
            redo = gr.Button("Indexera om alla dokument")
    result = gr.Markdown(elem_id="dokument-resultat")
    outputs = [result, table, summary, chosen]

    def on_upload(paths: list[str] | None, progress: gr.Progress = gr.Progress()) -> DocOutputs:
        return upload(settings, paths, progress)

    def on_remove(doc_id: str | None, progress: gr.Progress = gr.Progress()) -> DocOutputs:
        return remove(settings, doc_id, progress)

    def on_rebuild(progress: gr.Progress = gr.Progress()) -> DocOutputs:
        return rebuild(settings, progress)

    def on_list() -> tuple[Any, str, Any]:
        return _reorder(_listing(settings))

    changed = [
        add.click(on_upload, files, outputs, api_name="dokument_lagg_till"),
        drop.click(on_remove, chosen, outputs, api_name="dokument_ta_bort"),
        redo.click(on_rebuild, None, outputs, api_name="dokument_indexera_om"),
    ]
    load = gr.Button("Uppdatera listan", size="sm")
    load.click(on_list, None, [table, summary, chosen], api_name="dokument")
    return DocumentsTab(on_list, [table, summary, chosen], changed)
