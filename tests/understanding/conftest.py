"""Fixtures for the question-understanding tests: the lexicon of the demo code lists."""

from __future__ import annotations

import pytest

from assistant.understanding.parser import Lexicon, lexicon_from_codelists


@pytest.fixture(scope="session")
def lexicon() -> Lexicon:
    return lexicon_from_codelists()
