"""Page weight and render time of three ways to draw the Statistik chart in Gradio.

Run (about a minute; starts three loopback Gradio apps and Debian's Chromium):

    PYTHONPATH=$PWD .venv/bin/python tests/web/plot_benchmark.py

Each candidate draws the same two-way table (avslutsorsak × kön, 2024, the
demo register) after a button press: ``gr.BarPlot`` (Vega-Lite, Gradio's
native plot), ``gr.Plot`` with a plotly figure, and ``gr.Plot`` with a
matplotlib figure (sent as PNG). For each, a fresh browser context with the
cache off measures the bytes transferred (page load plus the chart request)
and the time from the click until the chart is on screen; the median of
``RUNS`` runs is printed as a Markdown table (the README quotes it).
"""

from __future__ import annotations

import os
import socket
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import gradio as gr
import pandas as pd

RUNS = 3
CHROMIUM = "/usr/bin/chromium"


def _data() -> Any:
    from assistant import stats
    from assistant.register import load_register

    return stats.count(load_register(), event="ended", year=2024, by=["avslutsorsak", "kön"])


def _frame(result: Any) -> pd.DataFrame:
    rows = [
        {"Grupp": c.key[0], "Värde": c.count, "Serie": c.key[1]}
        for c in result.cells
        if c.status == "shown" and c.count
    ]
    return pd.DataFrame(rows)


def _plotly(result: Any) -> Any:
    import plotly.graph_objects as go

    frame = _frame(result)
    fig = go.Figure()
    for series, part in frame.groupby("Serie"):
        fig.add_bar(
            y=part["Grupp"], x=part["Värde"], name=str(series), orientation="h", text=part["Värde"]
        )
    fig.update_layout(barmode="group", height=520, legend={"orientation": "h", "y": 1.08})
    return fig


def _matplotlib(result: Any) -> Any:
    from assistant.web.charts import stat_figure

    return stat_figure(result)


def _native(result: Any) -> pd.DataFrame:
    return _frame(result)


CANDIDATES: dict[str, tuple[Callable[[], Any], Callable[[Any], Any], str]] = {
    "gr.BarPlot (Vega-Lite)": (
        lambda: gr.BarPlot(x="Grupp", y="Värde", color="Serie", elem_id="chart"),
        _native,
        "#chart svg .mark-rect path, #chart canvas",
    ),
    "gr.Plot + plotly": (lambda: gr.Plot(elem_id="chart"), _plotly, "#chart .bars path"),
    "gr.Plot + matplotlib (PNG)": (
        lambda: gr.Plot(elem_id="chart", format="png"),
        _matplotlib,
        "#chart img[src^='data:']",
    ),
}


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _measure(browser: Any, url: str, selector: str) -> tuple[int, float, float]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    client = context.new_cdp_session(page)
    client.send("Network.enable")
    client.send("Network.setCacheDisabled", {"cacheDisabled": True})
    received = [0]
    client.on(
        "Network.loadingFinished",
        lambda e: received.__setitem__(0, received[0] + int(e["encodedDataLength"])),
    )
    started = time.perf_counter()
    page.goto(url, wait_until="load")
    page.locator("#draw").wait_for()
    loaded = time.perf_counter() - started
    clicked = time.perf_counter()
    page.locator("#draw").click()
    page.locator(selector).first.wait_for(state="visible", timeout=60_000)
    page.wait_for_function(
        "s => { const i = document.querySelector(s); "
        "return !i || i.tagName !== 'IMG' || i.complete; }",
        arg=selector,
    )
    drawn = time.perf_counter() - clicked
    page.wait_for_timeout(300)  # let late chunks finish so their bytes are counted
    context.close()
    return received[0], loaded, drawn


def main() -> int:
    from playwright.sync_api import sync_playwright

    result = _data()
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        for name, (make, convert, selector) in CANDIDATES.items():
            with gr.Blocks(analytics_enabled=False) as demo:
                button = gr.Button("Rita", elem_id="draw")
                out = make()
                server_times: list[float] = []

                def draw(
                    convert: Callable[[Any], Any] = convert, times: list[float] = server_times
                ) -> Any:
                    t = time.perf_counter()
                    value = convert(result)
                    times.append(time.perf_counter() - t)
                    return value

                button.click(draw, None, out)
            port = _port()
            demo.launch(server_port=port, prevent_thread_lock=True, quiet=True, ssr_mode=False)
            try:
                runs = [
                    _measure(browser, f"http://127.0.0.1:{port}/", selector) for _ in range(RUNS)
                ]
            finally:
                demo.close()
            rows.append(
                (
                    name,
                    statistics.median(r[0] for r in runs) / 1024,
                    statistics.median(r[1] for r in runs) * 1000,
                    statistics.median(r[2] for r in runs) * 1000,
                    statistics.median(server_times) * 1000,
                )
            )
        browser.close()
    columns = ["Kandidat", "Sidvikt (KiB, överfört)", "Sidladdning (ms)"]
    columns += ["Klick → diagram (ms)", "varav server (ms)"]
    print("| " + " | ".join(columns) + " |")
    print("|---|---:|---:|---:|---:|")
    for name, kib, load, drawn, server in rows:
        print(f"| {name} | {kib:,.0f} | {load:,.0f} | {drawn:,.0f} | {server:,.0f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
