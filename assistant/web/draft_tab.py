"""The "Svar på skrivelse" tab (placeholder until assistant.draft lands)."""

from __future__ import annotations

import gradio as gr

from assistant.settings import Settings


def build(settings: Settings) -> None:
    """Lay out the tab inside the current Blocks."""
    gr.Markdown("Utkast till svar på skrivelse kommer snart.")
