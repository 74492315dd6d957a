"""A running web app on a loopback port, over a private copy of the real-corpus index."""

from __future__ import annotations

import os
import shutil
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT, Settings

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"
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
