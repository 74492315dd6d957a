"""Find Swedish personal identity numbers in cell values.

A personnummer is ``YYMMDD-NNNN`` (or ``YYYYMMDD-NNNN``, the hyphen optional or
``+`` for people over 100) whose last digit is a Luhn check digit over the ten
digits ``YYMMDDNNN``. A samordningsnummer is the same with 60 added to the day.
Only numbers with a real date and a valid check digit count, so ordinary
ten-digit ids are rarely mistaken for one.

Example:
    >>> contains_identity_number("Kontakt 19811218-9876")
    True
    >>> contains_identity_number("811218-9875")
    False
"""

from __future__ import annotations

import calendar
import re

# Six or eight digits of date, an optional separator, four digits; not part of a
# longer run of digits.
_CANDIDATE = re.compile(r"(?<!\d)(\d{6}|\d{8})([-+]?)(\d{4})(?!\d)")


def luhn_valid(digits: str) -> bool:
    """Return whether ``digits`` ends with a valid Luhn check digit."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _valid_date(century: int | None, yy: int, month: int, day: int) -> bool:
    if day > 60:  # samordningsnummer
        day -= 60
    if not 1 <= month <= 12 or day < 1:
        return False
    # Without a century any year is possible, so allow 29 February.
    year = century * 100 + yy if century is not None else 2000
    return day <= calendar.monthrange(year, month)[1]


def is_identity_number(date_part: str, serial: str) -> bool:
    """Return whether the date part (6 or 8 digits) and 4-digit serial form a valid number."""
    if len(date_part) == 8:
        century = int(date_part[:2])
        if century not in (18, 19, 20):
            return False
        short = date_part[2:]
    else:
        century = None
        short = date_part
    yy, month, day = int(short[:2]), int(short[2:4]), int(short[4:6])
    if not _valid_date(century, yy, month, day):
        return False
    return luhn_valid(short + serial)


def contains_identity_number(text: str) -> bool:
    """Return whether ``text`` holds a personnummer or samordningsnummer anywhere."""
    if len(text) < 10:
        return False
    return any(is_identity_number(m.group(1), m.group(3)) for m in _CANDIDATE.finditer(text))


def mask_identity_numbers(text: str) -> str:
    """``text`` with every personnummer or samordningsnummer replaced by a mask."""
    return _CANDIDATE.sub(
        lambda m: (
            "[personnummer borttaget]" if is_identity_number(m.group(1), m.group(3)) else m.group(0)
        ),
        text,
    )


def cell_text(value: object) -> str | None:
    """The text to scan for a cell value; None for values that cannot hold a number.

    Whole numbers stored as numbers (typed without hyphen into a numeric cell)
    are scanned as their digits; dates and other types are not scanned.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e13:
        value = int(value)
    if isinstance(value, int):
        digits = str(value)
        # A number typed into a numeric cell loses its leading zero (born 2000-2009).
        return digits.zfill(10) if len(digits) == 9 else digits
    return None
