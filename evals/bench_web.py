"""Web app benchmark: start-up to first answer, and ten concurrent users.

1. Starts ``finsam serve`` on a free loopback port (the index must be built) and
   times until the page has answered a question through ``gradio_client``
   (goal: under 15 s).
2. Ten ``gradio_client`` users ask at the same time, five questions each, on the
   offline backend: p50/p95 answer time (goal p95 under 2 s) and errors.

Writes the figures to ``evals/WEB_BENCHMARK.md``. Run: ``.venv/bin/python evals/bench_web.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "evals" / "WEB_BENCHMARK.md"
USERS, ROUNDS = 10, 5
QUESTIONS = [
    "Vad säger lagen om vilka som får ingå i ett samordningsförbund?",
    "Hur många deltagare startade en insats 2024 uppdelat på kön?",
    "Hur finansieras ett samordningsförbund?",
    "Hur stor andel av deltagarna som avslutade en insats 2024 gick till arbete eller studier?",
    "Vad är syftet med finansiell samordning?",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ask(url: str, question: str) -> float:
    from gradio_client import Client

    client = Client(url, verbose=False)
    start = time.perf_counter()
    history, *_ = client.predict(question, [], api_name="/fraga")
    if len(history) < 2:
        raise RuntimeError(f"no answer to {question!r}")
    return time.perf_counter() - start


def main() -> int:
    env = {**os.environ, "GRADIO_ANALYTICS_ENABLED": "False", "HF_HUB_OFFLINE": "1"}
    env.pop("FINSAM_LLM", None)
    load = os.getloadavg()[0]
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    finsam = Path(sys.executable).with_name("finsam")
    start = time.perf_counter()
    server = subprocess.Popen(
        [str(finsam), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        from gradio_client import Client

        client = None
        while client is None:
            if server.poll() is not None:
                raise SystemExit("finsam serve avslutades; är indexet byggt (finsam ingest)?")
            try:
                client = Client(url, verbose=False)
            except Exception:
                time.sleep(0.2)
        up = time.perf_counter() - start
        client.predict(QUESTIONS[0], [], api_name="/fraga")
        first_answer = time.perf_counter() - start

        def user(i: int) -> tuple[list[float], int]:
            times, errors = [], 0
            for r in range(ROUNDS):
                try:
                    times.append(_ask(url, QUESTIONS[(i + r) % len(QUESTIONS)]))
                except Exception:
                    errors += 1
            return times, errors

        wall = time.perf_counter()
        with ThreadPoolExecutor(USERS) as pool:
            results = list(pool.map(user, range(USERS)))
        wall = time.perf_counter() - wall
    finally:
        server.terminate()
        server.wait(timeout=30)
    times = sorted(t for ts, _ in results for t in ts)
    errors = sum(e for _, e in results)
    p50 = statistics.median(times) if times else float("nan")
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))] if times else float("nan")
    ok = lambda good: "ja" if good else "nej"  # noqa: E731
    lines = [
        "# Webbappens prestanda",
        "",
        f"Mätt {dt.datetime.now().isoformat(timespec='minutes')} på {platform.machine()}, "
        f"{os.cpu_count()} kärnor (belastning vid start {load:.1f}), Python "
        f"{platform.python_version()}; offline-backend, "
        "indexet redan byggt. Kör om med `.venv/bin/python evals/bench_web.py`.",
        "",
        "| Mått | Värde | Mål | Uppfyllt |",
        "| --- | --- | --- | --- |",
        f"| Start av `finsam serve` till sidan svarar (HTTP) | {up:.1f} s | – | – |",
        f"| Start av `finsam serve` till första svaret | {first_answer:.1f} s | < 15 s "
        f"| {ok(first_answer < 15)} |",
        f"| {USERS} samtidiga användare × {ROUNDS} frågor: p50 | {p50:.2f} s | – | – |",
        f"| {USERS} samtidiga användare × {ROUNDS} frågor: p95 | {p95:.2f} s | < 2 s "
        f"| {ok(p95 < 2)} |",
        f"| Fel | {errors} av {USERS * ROUNDS} | 0 | {ok(errors == 0)} |",
        f"| Total tid för samtidighetsprovet | {wall:.1f} s | – | – |",
        "",
        "Svarstiden mäts i klienten från anrop till färdigt svar (hela strömmen), "
        "inklusive köning i Gradio (standardgräns 8 samtidiga anrop per händelse).",
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
