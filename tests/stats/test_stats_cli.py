"""``finsam data check``, ``finsam data info`` and ``finsam stats``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.register.demo import DEFAULT_OUTPUT

runner = CliRunner()

HEADER = (
    "Deltagar-ID;Kön;Ålder;Utbildning;Tid utan arbete eller studier;Anmälande part;Insats;"
    "Stadsdel;Startdatum;Slutdatum;Avslutsorsak"
)


def _csv(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "deltagare.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_data_check_accepts_the_demo_and_shows_rows_and_hash() -> None:
    import hashlib

    result = runner.invoke(app, ["data", "check", str(DEFAULT_OUTPUT)])
    assert result.exit_code == 0, result.output
    digest = hashlib.sha256(DEFAULT_OUTPUT.read_bytes()).hexdigest()
    assert "Godkänd: deltagare-demo.xlsx följer formatet." in result.stdout
    assert "Rader: 1459" in result.stdout
    assert f"sha256: {digest}" in result.stdout
    assert "Syntetiska demodata" in result.stdout


def test_data_check_lists_every_problem_and_exits_1(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "A1;Kvinna;34;Gymnasial;2–5 år;Stockholms stad;FINSAM-team;Farsta;2024-02-01;;",
        "A2;Kvinnna;34;Gymnasial;2–5 år;Stockholms stad;FINSAM-team;Farsta;2024-02-01;;",
        "A1;Man;99;Gymnasial;2–5 år;Stockholms stad;FINSAM-team;Farsta;2024-02-01;;Arbete",
    )
    result = runner.invoke(app, ["data", "check", str(path)])
    assert result.exit_code == 1
    assert "Avvisad: deltagare.csv följer inte formatet – 4 fel." in result.stderr
    assert "Rad 3, kolumn ”Kön”: värdet ”Kvinnna” är inte tillåtet." in result.stderr
    assert "Rad 4, kolumn ”Ålder”" in result.stderr
    assert "Rad 4, kolumn ”Deltagar-ID”: deltagar-id:t ”A1” finns redan på rad 2." in (
        result.stderr
    )
    assert "Rad 4, kolumn ”Avslutsorsak”: avslutsorsak är ifylld men slutdatum saknas." in (
        result.stderr
    )


def test_data_check_refuses_personnummer_without_showing_them(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "811218-9876;Kvinna;34;Gymnasial;2–5 år;Stockholms stad;FINSAM-team;Farsta;2024-02-01;;",
    )
    result = runner.invoke(app, ["data", "check", str(path)])
    assert result.exit_code == 1
    assert "kolumn A ”Deltagar-ID”" in result.stderr
    assert "9876" not in result.output


def test_data_info_shows_the_file_in_use(monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["data", "info"])
    assert result.exit_code == 0, result.output
    assert "deltagare-demo.xlsx – 1459 rader, sha256" in result.stdout
    assert "Syntetiska demodata" in result.stdout


def test_stats_prints_a_table_with_provenance() -> None:
    result = runner.invoke(
        app, ["stats", "--year", "2024", "--event", "started", "--by", "anmälande part"]
    )
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("Syntetiska demodata – inga verkliga deltagare.")
    assert "Stockholms stad" in out and "130" in out and "37 %" in out
    assert "Datafil: " in out and "(1459 rader, sha256 " in out
    assert "Definition: Startade 2024" in out
    assert "Röjandeskydd:" in out


def test_stats_where_filters_and_json_output() -> None:
    result = runner.invoke(
        app,
        ["stats", "--year", "2024", "--by", "anmälande part", "--where", "kön=Kvinna", "--json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["n"] == 197
    assert data["filters"] == {"kön": ["Kvinna"]}
    assert data["provenance"]["synthetic"] is True
    assert data["notice"].startswith("Syntetiska demodata")


def test_stats_outcome_and_per_year() -> None:
    outcome = runner.invoke(app, ["stats", "--outcome", "--year", "2024", "--json"])
    assert json.loads(outcome.stdout)["margins"][0]["numerator"] == 61
    per_year = runner.invoke(
        app,
        ["stats", "--per-year", "--from-year", "2018", "--to-year", "2024",
         "--where", "insats=FINSAM-team", "--json"],
    )  # fmt: skip
    assert per_year.exit_code == 0, per_year.output
    assert json.loads(per_year.stdout)["n"] == 750


def test_stats_bad_arguments_explain_what_is_allowed() -> None:
    unknown = runner.invoke(app, ["stats", "--year", "2024", "--by", "hårfärg"])
    assert unknown.exit_code == 1
    assert "Tillåtna dimensioner" in unknown.stderr
    malformed = runner.invoke(app, ["stats", "--where", "kön"])
    assert malformed.exit_code == 2
    assert "dimension=värde" in malformed.output


def test_stats_uses_another_file_without_synthetic_notice(tmp_path: Path) -> None:
    rows = [
        f"B{i};Kvinna;40;Gymnasial;2–5 år;Försäkringskassan;Aktivitetsplatsen;Bromma;"
        f"{dt.date(2024, 1, 10 + i).isoformat()};;"
        for i in range(6)
    ]
    path = _csv(tmp_path, *rows)
    result = runner.invoke(app, ["stats", "--year", "2024", "--file", str(path)])
    assert result.exit_code == 0, result.output
    assert "Syntetiska" not in result.stdout
    assert "(6 rader, sha256" in result.stdout
