"""Helpers that build register files (.xlsx and .csv) for the tests."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

HEADER = [
    "Deltagar-ID",
    "Kön",
    "Ålder",
    "Utbildning",
    "Tid utan arbete eller studier",
    "Anmälande part",
    "Insats",
    "Stadsdel",
    "Startdatum",
    "Slutdatum",
    "Avslutsorsak",
    "Försörjning vid start",
]


def row(number: int, **changes: Any) -> list[Any]:
    """A valid participant row; keyword arguments replace columns by header."""
    values: dict[str, Any] = {
        "Deltagar-ID": f"T{number:04d}",
        "Kön": "Kvinna" if number % 2 else "Man",
        "Ålder": 30 + number % 20,
        "Utbildning": "Gymnasial",
        "Tid utan arbete eller studier": "2–5 år",
        "Anmälande part": "Stockholms stad",
        "Insats": "FINSAM-team",
        "Stadsdel": "Farsta",
        "Startdatum": dt.date(2024, 2, 1),
        "Slutdatum": None,
        "Avslutsorsak": None,
        "Försörjning vid start": "Försörjningsstöd",
    }
    for key, value in changes.items():
        name = key.replace("_", " ")
        values[name if name in values else key.replace("_", "-")] = value
    return [values[h] for h in HEADER]


def write_xlsx(
    path: Path,
    rows: Sequence[Sequence[Any]],
    header: Sequence[Any] = HEADER,
    extra_sheets: dict[str, list[list[Any]]] | None = None,
) -> Path:
    """Write an .xlsx with a ``Deltagare`` sheet (and optional further sheets)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Deltagare"
    ws.append(list(header))
    for values in rows:
        ws.append(list(values))
    for name, sheet_rows in (extra_sheets or {}).items():
        sheet = wb.create_sheet(name)
        for values in sheet_rows:
            sheet.append(values)
    wb.save(path)
    return path


def write_csv(
    path: Path,
    rows: Sequence[Sequence[Any]],
    header: Sequence[Any] = HEADER,
    delimiter: str = ";",
) -> Path:
    """Write a CSV the way Swedish Excel does (semicolons, UTF-8 with BOM)."""

    def text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, dt.date):
            return value.isoformat()
        return str(value)

    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter)
        writer.writerow(header)
        for values in rows:
            writer.writerow([text(v) for v in values])
    return path


@pytest.fixture
def make_file(tmp_path: Path) -> Callable[..., Path]:
    """Write rows as ``deltagare.xlsx`` or ``deltagare.csv`` (``kind``) in a temp folder."""

    def make(rows: Sequence[Sequence[Any]], kind: str = "xlsx", **kwargs: Any) -> Path:
        path = tmp_path / f"deltagare.{kind}"
        writer = write_xlsx if kind == "xlsx" else write_csv
        return writer(path, rows, **kwargs)

    return make


@pytest.fixture(name="row")
def row_fixture() -> Callable[..., list[Any]]:
    """The :func:`row` builder."""
    return row


@pytest.fixture(name="header")
def header_fixture() -> list[str]:
    """A copy of the documented header row."""
    return list(HEADER)
