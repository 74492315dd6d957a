"""Detection of personnummer and samordningsnummer."""

from __future__ import annotations

import pytest

from assistant.register.personnummer import cell_text, contains_identity_number, luhn_valid

# 811218-9876 and 121212-1212 are Skatteverket's well-known test numbers;
# 701063-2391 is a samordningsnummer (day 03 + 60).
VALID = [
    "811218-9876",
    "8112189876",
    "19811218-9876",
    "198112189876",
    "811218+9876",
    "121212-1212",
    "701063-2391",
    "19701063-2391",
    "Kontakt: 811218-9876, ring efter lunch",
]


@pytest.mark.parametrize("text", VALID)
def test_valid_numbers_are_found(text: str) -> None:
    assert contains_identity_number(text)


@pytest.mark.parametrize(
    "text",
    [
        "811218-9875",  # wrong check digit
        "19811218-9875",
        "811318-9876",  # month 13
        "811232-9876",  # day 32 (and not a samordningsnummer day)
        "17811218-9876",  # century 17 is not a birth year of a living person
        "2024-03-05",  # a date
        "D00123",
        "12345",
        "1234567890123",  # a longer run of digits
    ],
)
def test_other_digit_strings_are_not_flagged(text: str) -> None:
    assert not contains_identity_number(text)


def test_luhn_check_digit() -> None:
    assert luhn_valid("8112189876")
    assert not luhn_valid("8112189877")


def test_numeric_cells_are_scanned_with_their_lost_leading_zero() -> None:
    # 050115-1237 typed into a numeric cell becomes the number 501151237.
    assert cell_text(501151237) == "0501151237"
    assert contains_identity_number(cell_text(501151237) or "")
    assert contains_identity_number(cell_text(198112189876.0) or "")


def test_dates_and_booleans_are_not_scanned() -> None:
    import datetime as dt

    assert cell_text(dt.date(1981, 12, 18)) is None
    assert cell_text(True) is None
