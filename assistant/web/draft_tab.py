"""The "Svar på skrivelse" tab: find the questions, let the user edit them, draft.

Each button is one call into :mod:`assistant.draft`: reading the skrivelse,
:func:`~assistant.draft.find_questions` and :func:`~assistant.draft.compose_draft`
with the exports.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.settings import Settings
from assistant.web.formatting import user_error
from assistant.web.warmup import WarmUp

SKRIVELSE_TYPES = [".txt", ".md", ".docx", ".pdf"]

DraftOutputs = tuple[str, str | None, str | None, str]


def _warnings(items: list[str]) -> str:
    return "\n".join(f"- ⚠️ {w}" for w in items)


def read_upload(path: str | None) -> tuple[str, str]:
    """The text of an uploaded skrivelse (or the Swedish reason it cannot be read)."""
    from assistant.draft import read_skrivelse

    if not path:
        return gr.skip(), ""
    try:
        skrivelse = read_skrivelse(path)
    except Exception as err:
        return gr.skip(), f"⚠️ {user_error(err)}"
    return skrivelse.text, _warnings(skrivelse.warnings)


def find(text: str) -> tuple[str, str]:
    """The questions found in the skrivelse, one per line, and warnings."""
    from assistant.draft import find_questions, whole_text_question

    if not (text or "").strip():
        return "", "Klistra in skrivelsen eller ladda upp den först."
    scan = find_questions(text)
    if not scan.questions:
        whole = whole_text_question(text)
        return "\n".join(whole.texts), "\n".join(
            p
            for p in (
                "Inga frågor hittades i texten. Hela texten står nu som en enda fråga i "
                "rutan: skriv utkast så, eller ersätt den med frågorna, en per rad.",
                _warnings(whole.warnings),
            )
            if p
        )
    note = f"{len(scan.questions)} frågor hittades. Ändra, ta bort eller lägg till rader."
    return "\n".join(scan.texts), "\n".join(p for p in (note, _warnings(scan.warnings)) if p)


def compose(settings: Settings, text: str, questions: str, progress: Any = None) -> DraftOutputs:
    """Draft the answer; returns the draft as Markdown, the .docx, the .md and notes."""
    from assistant.draft import (
        compose_draft,
        draft_to_markdown,
        parse_skrivelse,
        questions_from_texts,
        write_docx,
        write_markdown,
    )

    if not (text or "").strip():
        return "", None, None, "Klistra in skrivelsen eller ladda upp den först."
    lines = [q for q in (questions or "").splitlines() if q.strip()]
    scan = questions_from_texts(lines) if lines else None

    def report(number: int, total: int, question: str) -> None:
        if progress is not None:
            progress((number - 1, total), desc=f"Fråga {number} av {total}: {question[:60]}")

    try:
        draft = compose_draft(parse_skrivelse(text), scan, settings=settings, progress=report)
    except Exception as err:
        return "", None, None, f"⚠️ {user_error(err)}"
    folder = Path(tempfile.mkdtemp(prefix="finsam-utkast-"))
    docx = write_docx(draft, folder / "utkast-svar-pa-skrivelse.docx")
    md = write_markdown(draft, folder / "utkast-svar-pa-skrivelse.md")
    notes = _warnings(draft.warnings) or "Utkastet är klart. Läs och kontrollera källorna."
    return draft_to_markdown(draft), str(docx), str(md), notes


def build(settings: Settings, ready: WarmUp | None = None) -> None:
    """Lay out the tab inside the current Blocks."""
    with gr.Row():
        with gr.Column():
            text = gr.Textbox(
                label="Skrivelsen",
                placeholder="Klistra in skrivelsen här, eller ladda upp den nedan …",
                lines=12,
                max_lines=30,
                elem_id="skrivelse-text",
            )
            upload = gr.File(
                label="Ladda upp skrivelse (TXT, MD, DOCX, PDF)",
                file_types=SKRIVELSE_TYPES,
                type="filepath",
                elem_id="skrivelse-fil",
            )
            find_btn = gr.Button("Hitta frågor", elem_id="skrivelse-hitta")
        with gr.Column():
            questions = gr.Textbox(
                label="Frågor att besvara (en per rad – ändra fritt)",
                lines=8,
                elem_id="skrivelse-fragor",
            )
            notes = gr.Markdown(elem_id="skrivelse-noter")
            draft_btn = gr.Button("Skriv utkast", variant="primary", elem_id="skrivelse-utkast")
    with gr.Row():
        docx = gr.File(label="Ladda ner Word (.docx)", elem_id="skrivelse-docx")
        md = gr.File(label="Ladda ner Markdown (.md)", elem_id="skrivelse-md")
    draft_view = gr.Markdown(elem_id="skrivelse-utkast-text", container=True)

    def on_compose(
        text_value: str, question_lines: str, progress: gr.Progress = gr.Progress()
    ) -> tuple[str, str | None, str | None, str]:
        if ready is not None:
            ready.wait()
        return compose(settings, text_value, question_lines, progress)

    upload.change(read_upload, upload, [text, notes], api_visibility="private")
    find_btn.click(find, text, [questions, notes], api_name="skrivelse_fragor")
    draft_btn.click(
        on_compose, [text, questions], [draft_view, docx, md, notes], api_name="skrivelse_utkast"
    )
