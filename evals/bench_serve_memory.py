"""Resident memory of ``finsam serve`` after warm-up, per embedding model.

For each model: index the corpus into a temporary folder with that model, start
``finsam serve`` on a free loopback port, ask three questions through the web
API (a document question, a statistics question, an English one), then read
the process's resident set size (VmRSS) and peak (VmHWM) from /proc.

Usage:
    .venv/bin/python evals/bench_serve_memory.py [--models MODEL,MODEL]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assistant.settings import DEFAULT_EMBEDDING_MODEL, MINILM_MODEL  # noqa: E402

RESULTS = ROOT / "evals" / "results" / "bench_serve_memory.json"
QUESTIONS = (
    "Vad säger 7 § om samordningsförbundets uppgifter?",
    "Hur många kvinnor började en insats 2024?",
    "Who audits the accounts of a coordination association?",
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _proc_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _tree_rss_kb(pid: int) -> int:
    """RSS of ``pid`` and its children (the console script may exec a child)."""
    total = _proc_kb(pid, "VmRSS")
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        for child in children.read_text().split():
            total += _tree_rss_kb(int(child))
    return total


def measure(model: str, tmp: Path, index_dir: Path | None = None) -> dict[str, Any]:
    from gradio_client import Client

    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "HF_HUB_OFFLINE": "1",
        "GRADIO_ANALYTICS_ENABLED": "False",
        "FINSAM_EMBEDDING_MODEL": model,
        "FINSAM_INDEX_DIR": str(index_dir or tmp / f"index-{abs(hash(model))}"),
        "FINSAM_AUTH_FILE": str(tmp / "users.json"),
    }
    finsam = str(ROOT / ".venv" / "bin" / "finsam")
    if index_dir is None:
        subprocess.run([finsam, "ingest"], env=env, check=True, capture_output=True)
    port = _free_port()
    proc = subprocess.Popen(
        [finsam, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        start = time.perf_counter()
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - start > 300:
                    raise SystemExit(f"{model}: finsam serve did not start") from None
                time.sleep(0.5)
        started_s = time.perf_counter() - start
        rss_idle = _tree_rss_kb(proc.pid)
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        for q in QUESTIONS:
            client.predict(q, [], api_name="/fraga")
        return {
            "model": model,
            "start_s": round(started_s, 1),
            "rss_started_mb": round(rss_idle / 1024),
            "rss_after_warmup_mb": round(_tree_rss_kb(proc.pid) / 1024),
            "peak_mb": round(_proc_kb(proc.pid, "VmHWM") / 1024),
            "torch_loaded": _has_torch(proc.pid),
        }
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _has_torch(pid: int) -> bool:
    maps = Path(f"/proc/{pid}/maps").read_text()
    return "libtorch" in maps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", default=f"{DEFAULT_EMBEDDING_MODEL},{MINILM_MODEL}")
    parser.add_argument(
        "--index-dirs",
        default="",
        help="comma-separated built indexes, one per model (skips ingest)",
    )
    args = parser.parse_args(argv)
    index_dirs = [Path(p) for p in args.index_dirs.split(",") if p.strip()]
    tmp = Path(tempfile.mkdtemp(prefix="finsam-mem-"))
    rows = []
    try:
        models = [m.strip() for m in args.models.split(",") if m.strip()]
        for n, model in enumerate(models):
            rows.append(measure(model, tmp, index_dirs[n] if n < len(index_dirs) else None))
            print(json.dumps(rows[-1]), flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(
        "\n| model | started in s | RSS after start (MB) | RSS after 3 questions (MB) | "
        "peak (MB) | torch loaded |"
    )
    print("|---|---:|---:|---:|---:|---|")
    for r in rows:
        print(
            f"| {r['model']} | {r['start_s']} | {r['rss_started_mb']} | "
            f"{r['rss_after_warmup_mb']} | {r['peak_mb']} | "
            f"{'yes' if r['torch_loaded'] else 'no'} |"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
