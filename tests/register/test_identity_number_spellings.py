"""Personnummer written in every way people write them (issue 13).

Spaces, dots, en/em dashes and minus signs as separators, full-width digits,
with or without century; samordningsnummer (day + 60) the same. A value that
looks like one is never echoed, whatever its check digit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from assistant.errors import PersonalIdentityNumberFound, RegisterValidationError
from assistant.register import read_register
from assistant.register.personnummer import (
    contains_identity_number,
    looks_like_identity_number,
    mask_identity_numbers,
)

MakeFile = Callable[..., Path]
Row = Callable[..., list[Any]]

SPELLINGS = [
    "811218 9876",
    "19811218 9876",
    "811218–9876",  # en dash
    "811218—9876",  # em dash
    "811218−9876",  # minus sign
    "811218.9876",
    "19811218.9876",
    "811218 - 9876",
    "８１１２１８－９８７６",  # full-width digits and hyphen
    "１９８１１２１８９８７６",
    "701063 2391",  # samordningsnummer
    "19701063–2391",
]
WRONG_CHECK_DIGIT = ["811218 9875", "811218–9875", "19811218.9875", "８１１２１８－９８７５"]


@pytest.mark.parametrize("text", SPELLINGS)
def test_every_spelling_is_recognised(text: str) -> None:
    assert contains_identity_number(f"Gäller {text}, ring mig")


@pytest.mark.parametrize("text", SPELLINGS + WRONG_CHECK_DIGIT)
def test_every_spelling_is_masked_even_with_a_wrong_check_digit(text: str) -> None:
    masked = mask_identity_numbers(f"Gäller {text}, ring mig")
    assert masked == "Gäller [personnummer borttaget], ring mig"


@pytest.mark.parametrize("text", WRONG_CHECK_DIGIT)
def test_wrong_check_digit_looks_like_but_is_not_a_number(text: str) -> None:
    assert looks_like_identity_number(text)
    assert not contains_identity_number(text)


@pytest.mark.parametrize("text", ["D00123", "2024-03-05", "Dnr 2024.1234", "12345 6789", "T0001"])
def test_ordinary_values_do_not_look_like_identity_numbers(text: str) -> None:
    assert not looks_like_identity_number(text)
    assert mask_identity_numbers(text) == text


@pytest.mark.parametrize("number", SPELLINGS)
@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_free_text_column_with_any_spelling_is_refused(
    make_file: MakeFile, row: Row, header: list[str], number: str, kind: str
) -> None:
    rows = [[*row(1), "ingen"], [*row(2), f"Pnr {number}"]]
    path = make_file(rows, kind=kind, header=[*header, "Anteckning"])
    with pytest.raises(PersonalIdentityNumberFound) as info:
        read_register(path)
    assert info.value.columns == ["kolumn M ”Anteckning”"]


def _all_text(path: Path) -> str:
    with pytest.raises(RegisterValidationError) as info:
        read_register(path)
    problems = info.value.problems
    return "\n".join(str(p) + repr(getattr(p, "value", "")) for p in problems) + str(info.value)


@pytest.mark.parametrize("value", WRONG_CHECK_DIGIT)
def test_code_and_date_columns_never_echo_a_number_like_value(
    make_file: MakeFile, row: Row, value: str
) -> None:
    rows = [row(1, Kön=value), row(2, Startdatum=value)]
    text = _all_text(make_file(rows, kind="csv"))
    assert "Rad 2" in text and "Rad 3" in text
    digits = "".join(ch for ch in value if ch.isdigit())
    for part in (value, "9875", "811218", digits[-4:]):
        assert part not in text


@pytest.mark.parametrize("value", WRONG_CHECK_DIGIT)
def test_id_column_with_a_number_like_value_is_refused_without_echo(
    make_file: MakeFile, row: Row, value: str
) -> None:
    rows = [row(1, Deltagar_ID=value), row(2, Deltagar_ID=value)]
    text = _all_text(make_file(rows, kind="csv"))
    assert "personnummer" in text
    assert "9875" not in text and "811218" not in text


def test_duplicate_ordinary_id_is_still_named(make_file: MakeFile, row: Row) -> None:
    rows = [
        row(1, Deltagar_ID="D00042"),
        row(2, Deltagar_ID="D00042", Startdatum=dt.date(2024, 3, 1)),
    ]
    text = _all_text(make_file(rows))
    assert "D00042" in text
