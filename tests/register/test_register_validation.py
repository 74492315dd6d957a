"""Reading and validating register files the tests build (.xlsx and .csv)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.errors import (
    PersonalIdentityNumberFound,
    RegisterReadError,
    RegisterValidationError,
)
from assistant.register import read_register
from assistant.register.validation import Problem

MakeFile = Callable[..., Path]
Row = Callable[..., list[Any]]


def problems_of(path: Path) -> list[Problem]:
    with pytest.raises(RegisterValidationError) as info:
        read_register(path)
    return [p for p in info.value.problems if isinstance(p, Problem)]


@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_valid_file_is_accepted_with_row_count_and_hash(
    make_file: MakeFile, row: Row, kind: str
) -> None:
    rows = [
        row(1),
        row(2, Slutdatum=dt.date(2024, 9, 30), Avslutsorsak="Arbete"),
        row(3, Försörjning_vid_start=None),
    ]
    path = make_file(rows, kind=kind)
    register = read_register(path)
    assert register.rows == 3
    assert len(register.sha256) == 64
    assert not register.synthetic
    with register.query() as con:
        assert con.execute("SELECT count(*) FROM deltagare WHERE slutdatum IS NULL").fetchone() == (
            2,
        )


def test_headers_match_without_case_spaces_or_hyphen(make_file: MakeFile, row: Row) -> None:
    header = [
        " deltagar id ",
        "KÖN",
        "ålder",
        "Utbildning",
        "tid utan arbete",
        "Anmälande  part",
        "insats",
        "Stadsdel",
        "startdatum",
        "SLUTDATUM",
        "Avslutsorsak",
        "Försörjning vid start",
    ]
    register = read_register(make_file([row(1)], header=header))
    assert register.rows == 1


def test_values_match_without_case_and_with_plain_hyphen(make_file: MakeFile, row: Row) -> None:
    path = make_file(
        [row(1, Kön="kvinna", Tid_utan_arbete_eller_studier="1-2 år", Stadsdel="FARSTA")],
        kind="csv",
    )
    register = read_register(path)
    with register.query() as con:
        assert con.execute("SELECT kon, tid_utan_arbete, stadsdel FROM deltagare").fetchone() == (
            "Kvinna",
            "1–2 år",
            "Farsta",
        )


def test_bad_value_names_row_column_value_and_allowed_values(make_file: MakeFile, row: Row) -> None:
    path = make_file([row(1), row(2, Kön="Kvinnna")])
    [problem] = problems_of(path)
    assert problem.row == 3  # header is row 1, so the second participant is row 3
    assert problem.column == "Kön"
    assert problem.value == "Kvinnna"
    text = str(problem)
    assert text.startswith("Rad 3, kolumn ”Kön”: värdet ”Kvinnna” är inte tillåtet.")
    assert "Kvinna, Man, Annat/okänt" in text


def test_every_problem_is_listed(make_file: MakeFile, row: Row) -> None:
    rows = [
        row(1, Utbildning="Doktor"),
        row(2, Ålder=15),
        row(3, Ålder=68),
        row(4, Startdatum="5 mars"),
        row(5, Insats="Okänd insats"),
    ]
    problems = problems_of(make_file(rows, kind="csv"))
    found = {(p.row, p.column) for p in problems}
    assert found == {
        (2, "Utbildning"),
        (3, "Ålder"),
        (4, "Ålder"),
        (5, "Startdatum"),
        (6, "Insats"),
    }
    age = next(p for p in problems if p.row == 3)
    assert "16–67" in age.message


def test_missing_column_is_named(make_file: MakeFile, row: Row, header: list[str]) -> None:
    drop = header.index("Anmälande part")
    rows = [[v for i, v in enumerate(row(1)) if i != drop]]
    short_header = [h for i, h in enumerate(header) if i != drop]
    [problem] = problems_of(make_file(rows, header=short_header))
    assert problem.column == "Anmälande part"
    assert "saknas" in problem.message


def test_optional_forsorjning_column_may_be_missing(
    make_file: MakeFile, row: Row, header: list[str]
) -> None:
    register = read_register(make_file([row(1)[:-1]], header=header[:-1]))
    assert register.rows == 1


def test_end_before_start_is_rejected(make_file: MakeFile, row: Row) -> None:
    rows = [row(1, Startdatum=dt.date(2024, 5, 1), Slutdatum=dt.date(2024, 4, 1),
                Avslutsorsak="Flytt")]  # fmt: skip
    [problem] = problems_of(make_file(rows))
    assert problem.row == 2
    assert problem.column == "Slutdatum"
    assert "före startdatumet 2024-05-01" in problem.message


def test_duplicate_id_names_both_rows(make_file: MakeFile, row: Row) -> None:
    rows = [row(1), row(2), row(3, Deltagar_ID="T0001")]
    [problem] = problems_of(make_file(rows, kind="csv"))
    assert (problem.row, problem.column) == (4, "Deltagar-ID")
    assert "finns redan på rad 2" in problem.message


def test_avslutsorsak_without_slutdatum_is_rejected(make_file: MakeFile, row: Row) -> None:
    [problem] = problems_of(make_file([row(1, Avslutsorsak="Arbete")]))
    assert (problem.row, problem.column) == (2, "Avslutsorsak")
    assert "slutdatum saknas" in problem.message


def test_slutdatum_without_avslutsorsak_is_rejected(make_file: MakeFile, row: Row) -> None:
    [problem] = problems_of(make_file([row(1, Slutdatum=dt.date(2024, 6, 1))]))
    assert problem.column == "Avslutsorsak"
    assert "avslutsorsak saknas" in problem.message


def test_extra_columns_are_ignored_and_never_shown(
    make_file: MakeFile, row: Row, header: list[str]
) -> None:
    rows = [[*row(1), "Anna Andersson"], [*row(2, Kön="X"), "Bertil Berg"]]
    path = make_file(rows, header=[*header, "Namn"])
    with pytest.raises(RegisterValidationError) as info:
        read_register(path)
    message = str(info.value)
    assert "Andersson" not in message and "Bertil" not in message and "Namn" not in message
    valid = make_file([[*row(1), "Anna Andersson"]], header=[*header, "Namn"])
    register = read_register(valid)
    with register.query() as con:
        columns = [c[0] for c in con.execute("DESCRIBE deltagare").fetchall()]
    assert "Namn" not in columns and "namn" not in columns


@pytest.mark.parametrize(
    "number",
    ["811218-9876", "8112189876", "19811218-9876", "198112189876", "701063-2391"],
)
@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_file_with_personnummer_in_extra_column_is_refused_naming_the_column(
    make_file: MakeFile, row: Row, header: list[str], number: str, kind: str
) -> None:
    rows = [[*row(1), "ingen"], [*row(2), f"Pnr {number}"]]
    path = make_file(rows, kind=kind, header=[*header, "Anteckning"])
    with pytest.raises(PersonalIdentityNumberFound) as info:
        read_register(path)
    assert info.value.columns == ["kolumn M ”Anteckning”"]
    message = str(info.value)
    assert "Anteckning" in message
    assert number not in message and number.replace("-", "") not in message
    assert "9876" not in message and "2391" not in message


def test_personnummer_as_id_and_as_number_cell_is_refused(make_file: MakeFile, row: Row) -> None:
    rows = [row(1, Deltagar_ID="19811218-9876"), row(2, Ålder=32), row(3)]
    rows[2][0] = 501151237  # 050115-1237 typed as a number: the leading zero is gone
    with pytest.raises(PersonalIdentityNumberFound) as info:
        read_register(make_file(rows))
    assert info.value.columns == ["kolumn A ”Deltagar-ID”"]


def test_personnummer_on_another_sheet_is_refused(make_file: MakeFile, row: Row) -> None:
    path = make_file([row(1)], extra_sheets={"Kontakter": [["Vem"], ["121212-1212"]]})
    with pytest.raises(PersonalIdentityNumberFound) as info:
        read_register(path)
    assert info.value.columns == ["kolumn A ”Vem” på bladet ”Kontakter”"]


def test_number_with_invalid_check_digit_is_not_flagged(
    make_file: MakeFile, row: Row, header: list[str]
) -> None:
    rows = [[*row(1), "811218-9875"], [*row(2), "19811218-9875"]]
    register = read_register(make_file(rows, header=[*header, "Referens"]))
    assert register.rows == 2


def test_unsupported_and_missing_files_give_swedish_errors(tmp_path: Path) -> None:
    other = tmp_path / "deltagare.ods"
    other.write_bytes(b"x")
    with pytest.raises(RegisterReadError, match=r"filtypen ”\.ods” stöds inte"):
        read_register(other)
    with pytest.raises(RegisterReadError, match="filen finns inte"):
        read_register(tmp_path / "saknas.xlsx")
    broken = tmp_path / "trasig.xlsx"
    broken.write_bytes(b"not a zip")
    with pytest.raises(RegisterReadError, match="kunde inte läsas som en Excel-fil"):
        read_register(broken)


def test_empty_rows_are_skipped_and_row_numbers_follow_excel(make_file: MakeFile, row: Row) -> None:
    rows = [row(1), [None] * 12, row(2, Kön="?")]
    [problem] = problems_of(make_file(rows))
    assert problem.row == 4
