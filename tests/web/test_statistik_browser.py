"""The Statistik tab in a real browser: every control, the chart, the table.

The chart is a PNG drawn by matplotlib (assistant/web/charts.py); "bars are
drawn" is checked on the image itself: the browser copies it to a canvas and
counts pixels in the first series' colour. Label overlap is checked on the
figure's own layout in tests/web/test_charts.py.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from assistant.web.charts import PALETTE

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists() and not os.environ.get("FINSAM_REQUIRE_REAL_COMPONENTS"),
        reason="/usr/bin/chromium saknas: installera med `make browser-deps` (apt-get install "
        "chromium)",
    ),
]

IMG = "#statistik-diagram img"
#: Pixels of a colour in the chart image: all of them, and those in the top band
#: where the legend stands (the axes start below it).
PIXELS_JS = """
([selector, hex]) => {
  const img = document.querySelector(selector);
  if (!img || !img.complete || !img.naturalWidth) return null;
  const rgb = [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16));
  const c = document.createElement('canvas');
  c.width = img.naturalWidth; c.height = img.naturalHeight;
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  const d = ctx.getImageData(0, 0, c.width, c.height).data;
  const band = Math.max(40, Math.floor(c.height * 0.08));
  let all = 0, top = 0;
  for (let i = 0; i < d.length; i += 4) {
    if (Math.abs(d[i] - rgb[0]) < 10 && Math.abs(d[i + 1] - rgb[1]) < 10
        && Math.abs(d[i + 2] - rgb[2]) < 10) {
      all++;
      if (Math.floor(i / 4 / c.width) < band) top++;
    }
  }
  return {all, top, width: c.width, height: c.height};
}
"""


def _open(page: Any) -> None:
    page.get_by_role("tab", name="Statistik").click()
    page.locator("#statistik-visa").wait_for()


def _show(page: Any, expect: str) -> str:
    """Press "Visa statistik" and wait for the new result, whose title holds ``expect``."""
    heading = "#statistik-titel h3"
    before = page.locator(heading).inner_text() if page.locator(heading).count() else ""
    page.locator("#statistik-visa").click()
    page.wait_for_function(
        "([sel, old, want]) => { const h = document.querySelector(sel);"
        " return h && h.innerText !== old && h.innerText.includes(want); }",
        arg=[heading, before, expect],
    )
    page.locator("#statistik-visa").wait_for(state="visible")
    return str(page.locator(heading).inner_text())


def _pixels(page: Any, color: str) -> dict[str, int]:
    page.wait_for_function(
        f"() => {{ const i = document.querySelector('{IMG}');"
        " return i && i.complete && i.naturalWidth > 0; }"
    )
    result = page.evaluate(PIXELS_JS, [IMG, color])
    assert result is not None
    return dict(result)


def _bars_drawn(page: Any, previous_src: str | None) -> str:
    """Wait for a new chart image and assert bars in the first colour; returns its src."""
    page.wait_for_function(
        "([sel, old]) => { const i = document.querySelector(sel);"
        " return i && i.getAttribute('src') && i.getAttribute('src') !== old; }",
        arg=[IMG, previous_src or ""],
    )
    pixels = _pixels(page, PALETTE[0])
    assert pixels["all"] > 1500, pixels  # a bar of 10×150 px at the least
    img = page.locator(IMG)
    box = img.bounding_box()
    assert box and box["width"] > 500 and box["x"] + box["width"] <= 1280
    return str(img.get_attribute("src"))


def _pick(page: Any, elem_id: str, option: str) -> None:
    """Choose ``option`` in a Gradio dropdown."""
    box = page.locator(f"#{elem_id} input")
    box.click()
    box.fill(option)  # filters the list to the option ...
    page.locator(f"#{elem_id}").get_by_role("option", name=option, exact=True).wait_for()
    box.press("Enter")  # ... and Enter chooses it
    page.keyboard.press("Escape")


def test_statistik_before_first_run_shows_no_placeholder_table(page: Any) -> None:
    _open(page)
    assert page.locator("#statistik-tabell").inner_text().strip() == ""
    assert not page.locator(IMG).count()


def test_statistik_every_control_change_draws_bars(page: Any) -> None:
    _open(page)
    _show(page, "anmälande part")
    src = _bars_drawn(page, None)

    page.get_by_label("Andel till arbete eller studier (bland avslutade)").check()
    _show(page, "Andel till arbete eller studier")
    src = _bars_drawn(page, src)  # the bug: axes and no bars after Antal → Andel

    page.get_by_label("Antal deltagare").check()
    page.locator("#statistik-handelse").get_by_label("avslutade", exact=True).check()
    _show(page, "avslutade")
    src = _bars_drawn(page, src)

    _pick(page, "statistik-ar", "2023")
    _show(page, "2023")
    src = _bars_drawn(page, src)

    _pick(page, "statistik-dela", "kön")
    _show(page, "kön")
    src = _bars_drawn(page, src)
    legend = _pixels(page, PALETTE[1])
    assert legend["top"] > 20, legend  # the second series' legend key above the axes

    _pick(page, "statistik-urval", "utbildning")
    _pick(page, "statistik-varden", "Gymnasial")
    _show(page, "Gymnasial")
    _bars_drawn(page, src)


def test_statistik_two_dimension_table_fits_and_reads(page: Any, shot: Any) -> None:
    _open(page)
    page.locator("#statistik-handelse").get_by_label("avslutade", exact=True).check()
    page.locator("#statistik-dela .token-remove").first.click()
    _pick(page, "statistik-dela", "avslutsorsak")
    _pick(page, "statistik-dela", "kön")
    _show(page, "kön")
    _bars_drawn(page, None)
    table = page.locator("#statistik-tabell table")
    # Every column, the last ("Totalt") included, inside the visible width.
    last = table.locator("thead th").last
    assert last.inner_text().strip() == "Totalt"
    box = last.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    # Proportional font, and no header word broken across lines.
    font = table.evaluate("t => getComputedStyle(t.querySelector('td')).fontFamily")
    assert "mono" not in font.lower(), font
    broken = page.evaluate(
        """() => [...document.querySelectorAll('#statistik-tabell th')].flatMap(th => {
             const text = th.firstChild; if (!text) return [];
             const out = []; const re = /\\S+/g; let m;
             while ((m = re.exec(text.data))) {
               const r = document.createRange();
               r.setStart(text, m.index); r.setEnd(text, m.index + m[0].length);
               const tops = new Set([...r.getClientRects()].map(x => Math.round(x.top)));
               if (tops.size > 1) out.push(m[0]);
             }
             return out; })"""
    )
    assert broken == []
    long_label = "Fortsatt stöd hos jobbtorg/Arbetsförmedlingen/rehabiliteringssamverkan"
    assert long_label in table.inner_text()
    shot(page, "statistik")


def test_statistik_single_total_and_all_hidden_give_reason_not_chart(page: Any) -> None:
    _open(page)
    page.locator("#statistik-dela .token-remove").first.click()
    _show(page, "2024")
    assert "en enda siffra" in page.locator("#statistik-diagraminfo").inner_text()
    assert not page.locator(IMG).is_visible()
    assert "352" in page.locator("#statistik-tabell").inner_text()

    _pick(page, "statistik-dela", "stadsdel")
    _pick(page, "statistik-urval", "insats")
    _pick(page, "statistik-varden", "Novum")
    _show(page, "Novum")
    assert "dolda" in page.locator("#statistik-diagraminfo").inner_text()
    assert not page.locator(IMG).is_visible()
    assert "färre än 5" in page.locator("#statistik-tabell").inner_text()


def test_statistik_years_draw_a_line_chart(page: Any) -> None:
    _open(page)
    page.locator("#statistik-dela .token-remove").first.click()
    _pick(page, "statistik-dela", "år")
    _show(page, "år")
    assert "2018" in page.locator("#statistik-tabell").inner_text()
    _bars_drawn(page, None)  # the line and its markers in the first colour
    assert "alla år" in page.locator("#statistik-kalla").inner_text()
