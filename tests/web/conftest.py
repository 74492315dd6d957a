"""A running web app on a loopback port, over a private copy of the real-corpus index."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import PROJECT_ROOT, Settings

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
SKRIVELSE = """\
Skrivelse från Moderaterna till socialnämnden, 2025-02-18
Angående användning av FINSAM i arbetet med att få fler i arbete

Vi vill att förvaltningen besvarar följande frågor:
1. Vilka får delta i finansiell samordning enligt lagen?
2. Hur många deltagare startade en insats 2024?
"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class RunningApp:
    url: str
    settings: Settings


@pytest.fixture
def skrivelse_text() -> str:
    """A short skrivelse with two numbered questions."""
    return SKRIVELSE


@pytest.fixture(scope="session")
def web_settings(corpus_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings over a copy of the session index (uploads must not change the shared one)."""
    base = tmp_path_factory.mktemp("web")
    shutil.copytree(corpus_index_dir / "corpus", base / "corpus")
    shutil.copytree(corpus_index_dir / "index", base / "index")
    return Settings(
        corpus_dir=base / "corpus",
        index_dir=base / "index",
        auth_file=base / "users.json",
        audit_log=base / "audit.jsonl",
    )


@pytest.fixture(scope="session")
def running_app(web_settings: Settings) -> Iterator[RunningApp]:
    """The app served in this process on 127.0.0.1 at a free port."""
    from assistant.web.app import build_app, launch

    demo = build_app(web_settings)
    port = free_port()
    launch(demo, web_settings, host="127.0.0.1", port=port, block=False, quiet=True)
    try:
        yield RunningApp(f"http://127.0.0.1:{port}/", web_settings)
    finally:
        demo.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, running_app: RunningApp) -> Iterator[Any]:
    """A fresh page on the app, English browser language (the app must still be Swedish)."""
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="en-US"
    )
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(running_app.url, wait_until="load")
    page.get_by_role("tab", name="Fråga").wait_for()
    yield page
    context.close()


@pytest.fixture
def shot() -> Callable[[Any, str], None]:
    """Save a screenshot as a test artifact; with FINSAM_UPDATE_SCREENSHOTS=1 also
    refresh the one the README shows (docs/screenshots/), so test runs leave the
    tracked files alone."""

    def take(page: Any, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        if os.environ.get("FINSAM_UPDATE_SCREENSHOTS"):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take
