"""The app in a real browser: Debian's Chromium driven by Playwright.

Screenshots of each tab go to docs/screenshots/ (committed, the README shows
them); other artifacts to tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from assistant.settings import PROJECT_ROOT

ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"

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


def _open_tab(page: Any, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def test_ask_shows_answer_and_numbered_source(page: Any, shot: Any) -> None:
    box = page.locator("#fraga-input textarea")
    box.fill("Vilka får delta i finansiell samordning enligt lagen?")
    box.press("Enter")
    chat = page.locator("#fraga-chat")
    chat.get_by_text("Källa [1]").first.wait_for()
    assert "[1]" in chat.inner_text()
    chat.get_by_text("Källa [1]").first.click()  # expand the passage
    chat.get_by_text("paragraf ”3 §”").first.wait_for()  # the full reference inside
    shot(page, "fraga")


def test_skrivelse_draft_downloads_docx(page: Any, shot: Any, skrivelse_text: str) -> None:
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
    shot(page, "skrivelse")


def test_dokument_lists_indexed_documents(page: Any, shot: Any) -> None:
    _open_tab(page, "Dokument")
    table = page.locator("#dokument-tabell")
    table.get_by_text("lag-2003-1210").first.wait_for()
    shot(page, "dokument")


def test_om_shows_backend_and_data(page: Any, shot: Any) -> None:
    _open_tab(page, "Om")
    info = page.locator("#om-system")
    info.get_by_text("Syntetiska demodata").wait_for()
    assert "offline" in info.inner_text()
    shot(page, "om")


def test_example_question_is_asked_when_clicked_and_nothing_covers_the_answer(
    page: Any,
) -> None:
    example = "Vad har ett samordningsförbund för uppgifter?"
    page.get_by_text(example, exact=True).first.click()
    chat = page.locator("#fraga-chat")
    chat.get_by_text("Källa [1]").first.wait_for()
    assert example in chat.inner_text()
    # The floating "Samtal" label covered the first words once the chat scrolled.
    assert not chat.get_by_text("Samtal", exact=True).is_visible()
    covered = page.evaluate(
        """() => {
          const bots = [...document.querySelectorAll('#fraga-chat .message.bot, '
            + '#fraga-chat [data-testid="bot"]')];
          const first = bots.find(b => b.innerText.trim().length > 0);
          if (!first) return 'no bot message';
          first.scrollIntoView({block: 'start'});
          const r = first.getBoundingClientRect();
          const el = document.elementFromPoint(r.left + 12, r.top + 8);
          return first.contains(el) || (el && el.contains(first)) ? '' : el.outerHTML.slice(0, 120);
        }"""
    )
    assert covered == "", covered


def test_upload_areas_speak_swedish_in_an_english_browser(page: Any) -> None:
    _open_tab(page, "Dokument")
    area = page.locator("#dokument-uppladdning")
    area.get_by_text("Släpp filen här").wait_for()
    assert "Drop File Here" not in area.inner_text()
    assert "Click to Upload" not in area.inner_text()


def test_om_build_time_follows_document_changes_without_pressing_update(
    page: Any, tmp_path: Path
) -> None:
    info = page.locator("#om-system")
    _open_tab(page, "Om")
    info.get_by_text("Index:").wait_for()
    before = info.inner_text()
    documents = int(re.search(r"(\d+) dokument", before).group(1))  # type: ignore[union-attr]

    note = tmp_path / "styrelseprotokoll-exempel.md"
    note.write_text(
        "# Styrelseprotokoll\n\nStyrelsen beslutade att förlänga insatsen Novum till 2026.\n",
        encoding="utf-8",
    )
    _open_tab(page, "Dokument")
    page.locator("#dokument-uppladdning input[type=file]").set_input_files(str(note))
    page.get_by_role("button", name="Lägg till i indexet").click()
    page.locator("#dokument-resultat").get_by_text("Tillagd").wait_for()
    _open_tab(page, "Om")
    info.get_by_text(f"{documents + 1} dokument").wait_for()
    assert info.inner_text() != before

    _open_tab(page, "Dokument")
    box = page.locator("#dokument-val input")
    box.click()
    option = page.locator("#dokument-val").get_by_role(
        "option", name=re.compile("styrelseprotokoll", re.IGNORECASE)
    )
    option.first.click()
    page.wait_for_function(
        "() => document.querySelector('#dokument-val input').value.includes('tyrelseprotokoll')"
    )
    page.get_by_role("button", name="Ta bort dokumentet").click()
    page.locator("#dokument-resultat").get_by_text("Borttagen").wait_for()
    _open_tab(page, "Om")
    info.get_by_text(f"{documents} dokument,").wait_for()
