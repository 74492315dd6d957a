"""Code lists live in data: normalisation, aliases and a förbund's own lists."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.errors import RegisterValidationError
from assistant.register import load_codelists, read_register
from assistant.register.codelists import DEFAULT_CODELISTS, normalize_header


def test_headers_fold_case_spaces_hyphens_and_diacritics() -> None:
    assert normalize_header(" Deltagar ID ") == normalize_header("DELTAGAR-ID") == "deltagarid"
    assert normalize_header("Tid utan arbete eller studier") == normalize_header(
        "tid  utan ARBETE eller studier"
    )
    assert normalize_header("Kön") == normalize_header("Kon")


def test_aliases_map_to_allowed_values() -> None:
    lists = load_codelists()
    assert lists.column("stadsdel").canonical("Hägersten-Liljeholmen") == "Hägersten-Älvsjö"
    assert lists.column("anmalande_part").canonical("fk") == "Försäkringskassan"
    assert lists.column("kon").canonical("kvinnor") is None  # a question word, not a file value
    assert lists.column("kon").canonical_or_synonym("kvinnor") == "Kvinna"


def test_inconsistent_code_list_is_refused(tmp_path: Path) -> None:
    data = json.loads(DEFAULT_CODELISTS.read_text(encoding="utf-8"))
    kon = next(c for c in data["columns"] if c["key"] == "kon")
    kon["aliases"]["Q"] = "Queen"
    path = tmp_path / "codelists.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match="Queen"):
        load_codelists(path)


def test_a_forbund_adds_an_insats_by_editing_the_data_file(
    tmp_path: Path, make_file: Callable[..., Path], row: Callable[..., list[Any]]
) -> None:
    path = make_file([row(1, Insats="Jobbspåret")], kind="csv")
    with pytest.raises(RegisterValidationError):
        read_register(path)
    data = json.loads(DEFAULT_CODELISTS.read_text(encoding="utf-8"))
    insats = next(c for c in data["columns"] if c["key"] == "insats")
    insats["values"].append("Jobbspåret")
    custom = tmp_path / "codelists.json"
    custom.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    register = read_register(path, codelists=load_codelists(custom))
    from assistant import stats

    result = stats.count(register, by="insats", threshold=1)
    assert result.cell("Jobbspåret").count == 1


def test_csv_with_commas_and_windows_1252_is_read(
    tmp_path: Path, row: Callable[..., list[Any]], header: list[str]
) -> None:
    import csv

    path = tmp_path / "export.csv"
    with path.open("w", encoding="cp1252", newline="") as handle:
        writer = csv.writer(handle, delimiter=",")
        writer.writerow(header)
        values = row(1, Tid_utan_arbete_eller_studier="1-2 år", Stadsdel="Östermalm")
        writer.writerow(["" if v is None else str(v) for v in values])
    register = read_register(path)
    with register.query() as con:
        assert con.execute("SELECT stadsdel, tid_utan_arbete FROM deltagare").fetchone() == (
            "Östermalm",
            "1–2 år",
        )
