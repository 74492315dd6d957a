"""Fixtures for the drafting tests: the Moderaterna skrivelse as a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from draft_fixtures import skrivelse_text


@pytest.fixture
def skrivelse_file(tmp_path: Path) -> Path:
    path = tmp_path / "skrivelse-moderaterna.txt"
    path.write_text(skrivelse_text(), encoding="utf-8")
    return path
