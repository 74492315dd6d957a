"""Registers for the statistics tests: the demo file and small hand-made ones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from assistant.register import Register, load_register
from assistant.register.demo import DEFAULT_OUTPUT


@pytest.fixture(scope="session")
def demo() -> Register:
    """The synthetic demo register (cached by ``load_register``)."""
    return load_register(DEFAULT_OUTPUT)


def participant(number: int, **values: Any) -> dict[str, Any]:
    """One valid participation as canonical values; keywords replace columns."""
    base: dict[str, Any] = {
        "deltagar_id": f"T{number:05d}",
        "kon": "Kvinna",
        "alder": 35,
        "utbildning": "Gymnasial",
        "tid_utan_arbete": "2–5 år",
        "anmalande_part": "Stockholms stad",
        "insats": "FINSAM-team",
        "stadsdel": "Farsta",
        "startdatum": dt.date(2024, 3, 1),
        "slutdatum": None,
        "avslutsorsak": None,
        "forsorjning": None,
    }
    base.update(values)
    return base


@pytest.fixture
def make_register() -> Callable[[list[dict[str, Any]]], Register]:
    """Build an in-memory register from :func:`participant` dicts."""
    import pandas as pd

    def make(rows: list[dict[str, Any]]) -> Register:
        return Register.from_frame(pd.DataFrame(rows), path="test.xlsx", sha256="0" * 64)

    return make


@pytest.fixture(name="participant")
def participant_fixture() -> Callable[..., dict[str, Any]]:
    """The :func:`participant` builder."""
    return participant
