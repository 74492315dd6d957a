"""Measure which Content-Security-Policy Gradio 6 needs (not a test; run by hand).

Serves a small app (chatbot and bar plot) under the project's policy and under
variants with one allowance removed, drives it in Chromium, and prints whether
a question round trip and the plot work and how many CSP violations the page
logged::

    PYTHONPATH=. GRADIO_ANALYTICS_ENABLED=False .venv/bin/python tests/web/measure_csp.py

Measured with Gradio 6.31 and Debian Chromium (2026-12):

    project            works=True  violations=0
    no-unsafe-eval     works=False violations=0
    no-inline-script   works=True  violations=5   (inline scripts of Gradio's page blocked)
    no-inline-style    works=True  violations=7   (Svelte's inline styles blocked)
    no-blob-img        works=True  violations=5   (Gradio's data: SVG icons blocked)
"""

from __future__ import annotations

import socket
from typing import Any

import gradio as gr
import pandas as pd
from starlette.middleware import Middleware

from assistant.web.security import CONTENT_SECURITY_POLICY, SecurityMiddleware

VARIANTS = {
    "project": CONTENT_SECURITY_POLICY,
    "no-unsafe-eval": CONTENT_SECURITY_POLICY.replace(" 'unsafe-eval'", ""),
    "no-inline-script": CONTENT_SECURITY_POLICY.replace(
        " 'unsafe-inline' 'unsafe-eval'", " 'unsafe-eval'"
    ),
    "no-inline-style": CONTENT_SECURITY_POLICY.replace(
        "style-src 'self' 'unsafe-inline'", "style-src 'self'"
    ),
    "no-blob-img": CONTENT_SECURITY_POLICY.replace("img-src 'self' data: blob:", "img-src 'self'"),
}


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _reply(text: str, history: list[Any] | None) -> list[Any]:
    return [
        *(history or []),
        {"role": "user", "content": text},
        {"role": "assistant", "content": "**svar** ok"},
    ]


def _collector(violations: list[str]) -> Any:
    def collect(message: Any) -> None:
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    return collect


def main() -> None:
    from playwright.sync_api import sync_playwright

    frame = pd.DataFrame({"x": ["a", "b"], "y": [1, 2]})
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=["--no-sandbox"]
        )
        for name, policy in VARIANTS.items():
            with gr.Blocks() as demo:
                chat = gr.Chatbot(elem_id="c")
                box = gr.Textbox(elem_id="q")
                gr.BarPlot(value=frame, x="x", y="y", elem_id="p")
                box.submit(_reply, [box, chat], chat)
            port = _port()
            headers = {"Content-Security-Policy": policy}
            demo.queue().launch(
                server_port=port,
                prevent_thread_lock=True,
                quiet=True,
                ssr_mode=False,
                app_kwargs={"middleware": [Middleware(SecurityMiddleware, headers=headers)]},
            )
            page = browser.new_page()
            violations: list[str] = []
            page.on("console", _collector(violations))
            works = True
            try:
                page.goto(f"http://127.0.0.1:{port}/", wait_until="load", timeout=30_000)
                page.locator("#q textarea").fill("hej")
                page.locator("#q textarea").press("Enter")
                page.locator("#c").get_by_text("svar").first.wait_for(timeout=20_000)
                page.locator("#p canvas, #p svg").first.wait_for(timeout=20_000)
            except Exception:
                works = False
            print(f"{name:18} works={works} violations={len(violations)}")
            page.close()
            demo.close()
        browser.close()


if __name__ == "__main__":
    main()
