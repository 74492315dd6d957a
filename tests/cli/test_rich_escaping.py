"""User text in Rich output is printed as written, never read as markup (issue 13)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app
from assistant.register.codelists import load_codelists

runner = CliRunner()
#: The register format's columns without the optional "Försörjning vid start".
HEADER = [spec.header for spec in load_codelists().columns if spec.key != "forsorjning"]


def _row(number: int, gender: str = "Kvinna") -> list[str]:
    return [
        f"T{number:04d}",
        gender,
        "34",
        "Gymnasial",
        "2–5 år",
        "Stockholms stad",
        "FINSAM-team",
        "Farsta",
        dt.date(2024, 2, 1).isoformat(),
        "",
        "",
    ]


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [";".join(header)] + [";".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_data_check_prints_markup_like_path_and_file_name_as_written(tmp_path: Path) -> None:
    path = _csv(tmp_path / "a[/]b" / "[bold]deltagare.csv", HEADER, [_row(1, "Okänd")])
    result = runner.invoke(app, ["data", "check", str(path)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "[bold]deltagare.csv" in result.output


def test_data_check_names_a_markup_like_header_with_a_personnummer(tmp_path: Path) -> None:
    rows = [[*_row(1), "811218-9876"]]
    path = _csv(tmp_path / "deltagare.csv", [*HEADER, "Anteckning [/]"], rows)
    result = runner.invoke(app, ["data", "check", str(path)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Anteckning [/]" in result.output
    assert "9876" not in result.output


def test_data_check_of_a_missing_markup_like_file_names_it(tmp_path: Path) -> None:
    result = runner.invoke(app, ["data", "check", str(tmp_path / "[red]saknas[/].xlsx")])
    assert result.exit_code == 1, result.output
    assert "[red]saknas[/].xlsx" in result.output
