"""A hostile document and a hostile model answer in real Chromium (issue 13).

Both point images, links and scripts at a local recording server. The chat must
show them as text: the recorder receives nothing, no script runs, no link or
remote image is in the page. The app's Content-Security-Policy is checked in
the browser too: an image injected past the sanitiser is still not fetched.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.settings import PROJECT_ROOT, Settings

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("FINSAM_REQUIRE_REAL_COMPONENTS"),
        reason="/usr/bin/chromium saknas: installera med apt-get install chromium",
    ),
]


def _llm_test_module() -> Any:
    """The OpenAI-protocol test server of tests/answer/test_llm_backend.py."""
    path = PROJECT_ROOT / "tests" / "answer" / "test_llm_backend.py"
    spec = importlib.util.spec_from_file_location("_llm_backend_tests", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Recorder:
    """A local HTTP server that records every request it gets."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                recorder.paths.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def hostile_text(origin: str, who: str) -> str:
    return (
        f"Förbundet erbjuder kanotpaddling som friskvård för deltagarna ({who}). "
        f"![spårning]({origin}/{who}-markdown-bild.png) "
        f'<img src="{origin}/{who}-html-bild.png" onerror="window.__pwned = \'{who}\'"> '
        f"Läs mer på [vår sida]({origin}/{who}-phish) eller {origin}/{who}-auto. "
        f"<script>window.__pwned = '{who}-script'</script>"
    )


@pytest.fixture(scope="module")
def recorder() -> Iterator[Recorder]:
    rec = Recorder()
    yield rec
    rec.close()


@pytest.fixture(scope="module")
def hostile_settings(recorder: Recorder, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    from assistant.indexing.pipeline import ingest

    base = tmp_path_factory.mktemp("hostile")
    corpus = base / "corpus"
    corpus.mkdir()
    (corpus / "kanot.md").write_text(
        f"# Rutiner för kanotpaddling ![titel]({recorder.origin}/dok-titel.png)\n\n"
        "## Friskvård\n\n" + hostile_text(recorder.origin, "dok"),
        encoding="utf-8",
    )
    settings = Settings(corpus_dir=corpus, index_dir=base / "index")
    report = ingest(settings=settings)
    assert report.added == ["kanot.md"], report.summary()
    return settings


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(settings: Settings) -> tuple[Any, str]:
    from assistant.web.app import build_app, launch

    demo = build_app(settings)
    port = _free_port()
    launch(demo, settings, host="127.0.0.1", port=port, block=False, quiet=True)
    return demo, f"http://127.0.0.1:{port}/"


def _ask(browser: Any, url: str, question: str, done_text: str) -> tuple[Any, Any, list[str]]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(90_000)
    violations: list[str] = []
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(url, wait_until="load")
    page.get_by_role("tab", name="Fråga").wait_for()
    page.locator("#fraga-input textarea").fill(question)
    page.locator("#fraga-input textarea").press("Enter")
    chat = page.locator("#fraga-chat")
    chat.get_by_text(done_text).first.wait_for()
    # Open every source box so its passage is rendered too.
    for box in chat.get_by_text("Källa [").all():
        box.click()
    page.wait_for_timeout(1500)  # give any (forbidden) image request time to leave
    return context, page, violations


def _assert_inert(page: Any, recorder: Recorder, who: str) -> None:
    chat = page.locator("#fraga-chat")
    html = chat.inner_html()
    text = chat.inner_text()
    assert page.evaluate("window.__pwned") is None
    assert chat.locator(f'img[src*="{recorder.origin}"]').count() == 0
    assert chat.locator(f'a[href*="{recorder.origin}"]').count() == 0
    assert "<script" not in html
    # The link target is shown as text, so the reader sees where it would go.
    assert f"{who}-phish" in text
    assert not [p for p in recorder.paths if p.startswith(f"/{who}")], recorder.paths


def test_hostile_document_is_shown_as_text_and_fetches_nothing(
    browser: Any, recorder: Recorder, hostile_settings: Settings
) -> None:
    demo, url = _serve(hostile_settings)
    try:
        context, page, violations = _ask(
            browser, url, "Vad erbjuder förbundet om kanotpaddling?", "Källa [1]"
        )
        _assert_inert(page, recorder, "dok")
        # The CSP: an image put into the page past the sanitiser is still not fetched,
        # and the app itself runs under it (it just answered).
        page.evaluate(
            f"""() => {{ const i = document.createElement('img');
            i.src = '{recorder.origin}/csp-probe.png'; document.body.appendChild(i); }}"""
        )
        page.wait_for_timeout(1000)
        assert "/csp-probe.png" not in recorder.paths
        assert any("img-src" in v for v in violations), violations
        assert not [v for v in violations if url.rstrip("/") in v and "img-src" not in v]
        context.close()
    finally:
        demo.close()


@pytest.mark.allow_model_requests
def test_hostile_model_answer_is_shown_as_text_and_fetches_nothing(
    browser: Any, recorder: Recorder, hostile_settings: Settings
) -> None:
    llm = _llm_test_module()
    final = {"role": "assistant", "content": hostile_text(recorder.origin, "llm") + " [1]"}
    with llm.OpenAIServer([llm.tool_call_reply("kanotpaddling"), final]) as server:
        settings = hostile_settings.model_copy(
            update={
                "llm": "openai:test-model",
                "llm_base_url": server.url,
                "llm_api_key": "test",
                "llm_timeout": 30,
            }
        )
        demo, url = _serve(settings)
        try:
            context, page, _ = _ask(browser, url, "Vad gäller för kanotpaddling?", "Källa [1]")
            assert "llm:openai:test-model" in page.locator("#fraga-chat").inner_text()
            _assert_inert(page, recorder, "llm")
            _assert_inert(page, recorder, "dok")
            context.close()
        finally:
            demo.close()


def test_every_response_carries_the_content_security_policy(hostile_settings: Settings) -> None:
    demo, url = _serve(hostile_settings)
    try:
        for path in ("", "config", "gradio_api/info"):
            policy = httpx.get(url + path, timeout=30).headers.get("content-security-policy", "")
            assert "img-src 'self' data: blob:" in policy
            assert "default-src 'self'" in policy
    finally:
        demo.close()
