"""The app in a real browser: Debian's Chromium driven by Playwright.

Screenshots of each tab go to docs/screenshots/ (committed, the README shows
them); other artifacts to tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import PROJECT_ROOT

ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    # CI sets FINSAM_REQUIRE_REAL_COMPONENTS=1, so a missing browser fails there.
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("FINSAM_REQUIRE_REAL_COMPONENTS"),
        reason="/usr/bin/chromium saknas: installera med `make browser-deps` (apt-get install "
        "chromium)",
    ),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
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
def page(browser: Any, running_app: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(running_app.url, wait_until="load")
    page.get_by_role("tab", name="Fråga").wait_for()
    yield page
    context.close()


def _open_tab(page: Any, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def _shot(page: Any, name: str) -> None:
    """Save a screenshot as a test artifact; with FINSAM_UPDATE_SCREENSHOTS=1 also
    refresh the one the README shows (docs/screenshots/), so test runs leave the
    tracked files alone."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    if os.environ.get("FINSAM_UPDATE_SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_ask_shows_answer_and_numbered_source(page: Any) -> None:
    box = page.locator("#fraga-input textarea")
    box.fill("Vilka får delta i finansiell samordning enligt lagen?")
    box.press("Enter")
    chat = page.locator("#fraga-chat")
    chat.get_by_text("Källa [1]").first.wait_for()
    assert "[1]" in chat.inner_text()
    chat.get_by_text("Källa [1]").first.click()  # expand the passage
    _shot(page, "fraga")


def test_statistik_shows_table_and_chart(page: Any) -> None:
    _open_tab(page, "Statistik")
    page.locator("#statistik-visa").click()
    page.locator("#statistik-titel").get_by_text("Antal deltagare").wait_for()
    page.locator("#statistik-diagram canvas, #statistik-diagram svg").first.wait_for()
    page.wait_for_timeout(1500)  # let Vega finish drawing the bars before the screenshot
    assert "Stockholms stad" in page.locator("#statistik-tabell").inner_text()
    _shot(page, "statistik")


def test_skrivelse_draft_downloads_docx(page: Any, skrivelse_text: str) -> None:
    import docx

    _open_tab(page, "Svar på skrivelse")
    page.locator("#skrivelse-text textarea").fill(skrivelse_text)
    page.locator("#skrivelse-hitta").click()
    questions = page.locator("#skrivelse-fragor textarea")
    page.wait_for_function(
        "() => document.querySelector('#skrivelse-fragor textarea').value.length > 0"
    )
    assert len(questions.input_value().splitlines()) == 2
    page.locator("#skrivelse-utkast").click()
    link = page.locator("#skrivelse-docx a").first
    link.wait_for()
    with page.expect_download() as info:
        link.click()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    target = ARTIFACTS / "utkast-svar-pa-skrivelse.docx"
    info.value.save_as(str(target))
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    assert "Vilka får delta i finansiell samordning enligt lagen?" in text
    _shot(page, "skrivelse")


def test_dokument_lists_indexed_documents(page: Any) -> None:
    _open_tab(page, "Dokument")
    table = page.locator("#dokument-tabell")
    table.get_by_text("lag-2003-1210").first.wait_for()
    _shot(page, "dokument")


def test_om_shows_backend_and_data(page: Any) -> None:
    _open_tab(page, "Om")
    info = page.locator("#om-system")
    info.get_by_text("Syntetiska demodata").wait_for()
    assert "offline" in info.inner_text()
    _shot(page, "om")
