"""The "Fråga" tab: a chat on the answer engine, with sources and charts."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.settings import Settings
from assistant.web.audit import audit_record, write_audit
from assistant.web.formatting import answer_chart, answer_messages, user_error
from assistant.web.warmup import WarmUp

EXAMPLES: dict[str, list[str]] = {
    "Förtroendevald": [
        "Hur stor andel av deltagarna som avslutade en insats 2024 gick till arbete eller studier?",
        "Vad ska insatserna inom den finansiella samordningen syfta till?",
    ],
    "Tjänsteperson": [
        "Hur många deltagare startade en insats 2024 uppdelat på anmälande part?",
        "Hur många deltog i Aktivitetsplatsen 2024?",
    ],
    "Ny medarbetare": [
        "Vilka får delta i finansiell samordning enligt lagen?",
        "Vad har ett samordningsförbund för uppgifter?",
    ],
}

Outputs = tuple[list[dict[str, Any]], str, Any, Any]


def _prior(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    # Source boxes are display only; the engine gets the conversation itself.
    return [m for m in history if not (m.get("metadata") or {}).get("title")]


def make_handler(settings: Settings, ready: WarmUp | None = None) -> Any:
    """The chat handler: streams the answer, then shows sources and chart."""

    def ask(
        message: str, history: list[dict[str, Any]] | None, request: gr.Request
    ) -> Iterator[Outputs]:
        history = list(history or [])
        question = (message or "").strip()
        if not question:
            yield history, "", gr.skip(), gr.skip()
            return
        shown = [*history, {"role": "user", "content": question}]
        yield shown, "", "", gr.update(value=None, visible=False)
        if ready is not None:
            ready.wait()
        try:
            from assistant.answer.engine import stream_answer

            final = None
            partial = ""
            for item in stream_answer(question, _prior(history), settings=settings):
                if isinstance(item, str):
                    partial += item
                    yield (
                        [*shown, {"role": "assistant", "content": partial}],
                        "",
                        gr.skip(),
                        gr.skip(),
                    )
                else:
                    final = item
        except Exception as err:
            yield (
                [*shown, {"role": "assistant", "content": f"⚠️ {user_error(err)}"}],
                "",
                "",
                gr.skip(),
            )
            return
        if final is None:
            yield shown, "", "", gr.skip()
            return
        write_audit(
            settings.audit_log,
            audit_record(getattr(request, "username", None), question, final),
        )
        caption, figure = answer_chart(final)
        yield (
            [*shown, *answer_messages(final)],
            "",
            caption,
            gr.update(value=figure, visible=figure is not None),
        )

    return ask


def build(settings: Settings, ready: WarmUp | None = None) -> None:
    """Lay out the tab inside the current Blocks."""
    chatbot = gr.Chatbot(
        label="Samtal",
        # The floating label covered the first words of an answer once the chat scrolled.
        show_label=False,
        height=520,
        elem_id="fraga-chat",
        buttons=["copy"],
        placeholder=(
            "**Ställ en fråga om FINSAM** – om lagen, samordningsförbundets dokument eller "
            "deltagarstatistiken. Svaret visar sina källor."
        ),
    )
    with gr.Row():
        question = gr.Textbox(
            label="Din fråga",
            placeholder="Skriv en fråga och tryck Enter …",
            scale=5,
            elem_id="fraga-input",
        )
        send = gr.Button("Fråga", variant="primary", scale=1, elem_id="fraga-send")
    caption = gr.Markdown(elem_id="fraga-chart-caption")
    chart = gr.Plot(label="Diagram", format="png", visible=False, elem_id="fraga-chart")
    handler = make_handler(settings, ready)
    outputs = [chatbot, question, caption, chart]
    for who, examples in EXAMPLES.items():
        shown = gr.Examples(examples=examples, inputs=[question], label=f"Exempel – {who}")
        # A click on an example asks it, as a click on "Fråga" would.
        shown.load_input_event.then(handler, [question, chatbot], outputs, api_visibility="private")
    clear = gr.Button("Rensa samtalet", size="sm")
    question.submit(handler, [question, chatbot], outputs, api_name="fraga")
    send.click(handler, [question, chatbot], outputs, api_visibility="private")
    clear.click(
        lambda: ([], "", "", gr.update(visible=False)), None, outputs, api_visibility="private"
    )
