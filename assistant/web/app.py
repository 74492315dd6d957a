"""The Gradio app: five tabs over the core library.

Example:
    >>> demo = build_app(get_settings())  # doctest: +SKIP
    >>> launch(demo, get_settings(), host="127.0.0.1", port=7860)  # doctest: +SKIP
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from typing import Any

import gradio as gr

from assistant.settings import Settings, get_settings

TITLE = "FINSAM-assistenten"
CSS = """
#fraga-chat .message { font-size: 1rem; }
.finsam-table { border-collapse: collapse; width: auto; min-width: 50%; max-width: 100%;
  font-family: inherit;
  font-variant-numeric: tabular-nums; font-size: 0.95rem; }
.finsam-table caption { text-align: left; font-weight: 600; padding: 0.25rem 0; }
.finsam-table th, .finsam-table td { padding: 0.3rem 0.6rem;
  border-bottom: 1px solid var(--border-color-primary); vertical-align: bottom; }
.finsam-table th { font-weight: 600; word-break: normal; overflow-wrap: normal;
  hyphens: manual; white-space: normal; }
.finsam-table .num { text-align: right; white-space: nowrap; }
.finsam-table th.label, .finsam-table td.label { text-align: left; }
.finsam-table .hidden-cell { font-style: italic; color: var(--body-text-color-subdued); }
.finsam-table tr.total td { font-weight: 600; border-top: 2px solid var(--border-color-primary); }
#statistik-diagram img { max-width: 100%; height: auto; object-fit: contain; }
"""
#: Swedish texts for Gradio's built-in labels (upload areas), for every browser language:
#: Gradio otherwise follows the browser and shows "Drop File Here" to an English one.
UI_TEXTS = {
    "upload_text.drop_file": "Släpp filen här",
    "upload_text.drop_csv": "Släpp CSV-filen här",
    "upload_text.click_to_upload": "klicka för att välja fil",
    "common.or": "eller",
    "common.clear": "Rensa",
    "common.remove": "Ta bort",
    "common.download": "Ladda ner",
    "file.uploading": "Laddar upp …",
}
INTRO = (
    f"# {TITLE}\n"
    "Fråga om finansiell samordning (lag 2003:1210), se deltagarstatistik, skriv utkast till "
    "svar på skrivelser och håll dokumenten aktuella. Svaren bygger bara på de dokument och "
    "data som finns här och visar alltid sina källor."
)


def build_app(settings: Settings | None = None) -> gr.Blocks:
    """Build the web app (not started) for ``settings``."""
    from assistant.web import about_tab, ask_tab, documents_tab, draft_tab, stats_tab
    from assistant.web.warmup import WarmUp

    s = settings or get_settings()
    ready = WarmUp(s).start()
    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        gr.Markdown(INTRO)
        with gr.Tabs():
            with gr.Tab("Fråga", id="fraga"):
                ask_tab.build(s, ready)
            with gr.Tab("Statistik", id="statistik"):
                stats_tab.build(s)
            with gr.Tab("Svar på skrivelse", id="skrivelse"):
                draft_tab.build(s, ready)
            with gr.Tab("Dokument", id="dokument"):
                docs = documents_tab.build(s)
            with gr.Tab("Om", id="om"):
                about = about_tab.build(s)
        for event in docs.index_changed:
            # The Om tab states when the index was built: keep it true after a change.
            event.then(about.refresh, None, about.info, api_visibility="private")
        demo.load(docs.refresh, None, docs.outputs, api_visibility="private")
        demo.load(about.refresh, None, about.info, api_visibility="private")
    return demo


def auth_for(settings: Settings) -> Any:
    """Gradio's ``auth`` callable when the users file holds users, else None."""
    from assistant.web.auth import UserStore

    store = UserStore(settings.auth_file)
    return store.verify if store.names() else None


def launch(
    demo: gr.Blocks,
    settings: Settings,
    *,
    host: str = "127.0.0.1",
    port: int = 7860,
    block: bool = True,
    quiet: bool = False,
) -> None:
    """Start the server; refuses a non-loopback host without users.

    Raises:
        ConfigurationError: ``host`` is reachable from other computers and no users
            are configured.
    """
    from assistant.errors import ConfigurationError
    from assistant.web.auth import auth_required_message, is_loopback

    auth = auth_for(settings)
    if auth is None and not is_loopback(host):
        raise ConfigurationError(auth_required_message(host, settings.auth_file))
    demo.queue(default_concurrency_limit=8)
    demo.launch(
        server_name=host,
        server_port=port,
        auth=auth,
        auth_message="Logga in med ditt användarnamn och lösenord för FINSAM-assistenten.",
        prevent_thread_lock=not block,
        show_error=False,  # handlers turn every error into a Swedish message
        quiet=quiet,
        ssr_mode=False,
        max_file_size=f"{settings.max_file_mb}mb",
        theme=gr.themes.Soft(),
        css=CSS,
        footer_links=[],
        i18n=gr.I18n(en=UI_TEXTS, sv=UI_TEXTS),
    )
