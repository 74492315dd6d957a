"""Find Swedish personal identity numbers in any spelling; the one place for their patterns.

A personnummer is ``YYMMDD-NNNN`` (or ``YYYYMMDD-NNNN``, ``+`` for people over
100) whose last digit is a Luhn check digit over the ten digits ``YYMMDDNNN``.
A samordningsnummer is the same with 60 added to the day.

People write them in many ways, so text is normalised before every check:
Unicode NFKC (full-width digits become ASCII), any dash (hyphen, en/em dash,
minus), a dot or a space as separator, with or without century.

Two strengths of match:

* :func:`contains_identity_number`: a real date and a valid check digit. Used to
  refuse a register file or a question, so ordinary ten-digit ids are rarely
  mistaken for one.
* :func:`looks_like_identity_number`: the shape and a plausible date, whatever
  the check digit. Such a value is never echoed (:func:`mask_identity_numbers`,
  :func:`shown_value`), because a mistyped number is still someone's number.

Example:
    >>> contains_identity_number("Kontakt 19811218 9876")
    True
    >>> contains_identity_number("811218–9875")
    False
    >>> mask_identity_numbers("Gäller 811218–9875")
    'Gäller [personnummer borttaget]'
"""

from __future__ import annotations

import calendar
import re
import unicodedata

MASK = "[personnummer borttaget]"

#: Characters accepted as the separator between date and serial (after NFKC):
#: hyphen-minus, plus, dot, the Unicode hyphens and dashes U+2010–U+2015, minus
#: U+2212, small em dash and small hyphen-minus.
_SEPARATORS = "-+.\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0b\uff0d\uff0e"
# Six or eight digits of date, an optional separator (a dash, plus or dot with
# up to two spaces around it, or one or two spaces), four digits; not part of a
# longer run of digits. ``\d`` matches any Unicode decimal digit (full-width too).
_CANDIDATE = re.compile(
    r"(?<!\d)(\d{8}|\d{6})"
    rf"([^\S\n]{{0,2}}[{re.escape(_SEPARATORS)}][^\S\n]{{0,2}}|[^\S\n]{{1,2}})?"
    r"(\d{4})(?!\d)"
)


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


def normalize(text: str) -> str:
    """``text`` in Unicode NFKC form (full-width digits and dashes become ASCII)."""
    return unicodedata.normalize("NFKC", text)


def _digits(text: str) -> str:
    # int() reads any Unicode decimal digit; str() gives it back in ASCII.
    return "".join(str(int(ch)) for ch in text)


def _split(date_part: str) -> tuple[int | None, int, int, int] | None:
    """(century, yy, month, day) of a 6- or 8-digit date part; None for a bad century."""
    date_part = _digits(date_part)
    century: int | None = None
    if len(date_part) == 8:
        century = int(date_part[:2])
        if century not in (18, 19, 20):
            return None
        date_part = date_part[2:]
    return century, int(date_part[:2]), int(date_part[2:4]), int(date_part[4:6])


def is_identity_number(date_part: str, serial: str) -> bool:
    """Return whether the date part (6 or 8 digits) and 4-digit serial form a valid number."""
    parts = _split(date_part)
    if parts is None or not _valid_date(*parts):
        return False
    return luhn_valid(_digits(date_part)[-6:] + _digits(serial))


def _looks_like(date_part: str) -> bool:
    parts = _split(date_part)
    return parts is not None and _valid_date(*parts)


def contains_identity_number(text: str) -> bool:
    """Return whether ``text`` holds a personnummer or samordningsnummer anywhere.

    The check digit must be valid; any spelling counts (see the module docstring).
    """
    text = normalize(text)
    return any(is_identity_number(m.group(1), m.group(3)) for m in _CANDIDATE.finditer(text))


def looks_like_identity_number(text: str) -> bool:
    """Whether ``text`` holds something shaped like one, valid check digit or not."""
    text = normalize(text)
    return any(_looks_like(m.group(1)) for m in _CANDIDATE.finditer(text))


def _mask(text: str) -> str:
    return _CANDIDATE.sub(lambda m: MASK if _looks_like(m.group(1)) else m.group(0), text)


def mask_identity_numbers(text: str) -> str:
    """``text`` with everything that looks like a personnummer replaced by a mask.

    Masks whatever the check digit. The text keeps its own spelling unless a
    number is only visible after NFKC normalisation; then the normalised text
    is masked and returned.
    """
    masked = _mask(text)
    if looks_like_identity_number(masked):
        masked = _mask(normalize(masked))
    return masked


def shown_value(text: str) -> str:
    """``text`` for a message to the user, or a note in its place if it looks like a number."""
    if looks_like_identity_number(text):
        return "(visas inte: liknar ett personnummer)"
    return text


class StreamMasker:
    """Masks identity numbers in text that arrives in pieces (streamed model output).

    A number may be split across pieces, so a trailing run of digits and
    separators is held back until the next piece shows where it ends.

    Example:
        >>> masker = StreamMasker()
        >>> masker.feed("Nr 811218-98") + masker.feed("75 klar") + masker.flush()
        'Nr [personnummer borttaget] klar'
    """

    _TAIL = re.compile(rf"[\d\s{re.escape(_SEPARATORS)}]*$")

    def __init__(self) -> None:
        self._held = ""

    def feed(self, piece: str) -> str:
        """The part of the text so far that is safe to show."""
        text = self._held + piece
        tail = self._TAIL.search(text)
        cut = (
            tail.start()
            if tail is not None and any(c.isdigit() for c in tail.group())
            else len(text)
        )
        self._held = text[cut:]
        return mask_identity_numbers(text[:cut])

    def flush(self) -> str:
        """The rest of the text, masked."""
        rest, self._held = self._held, ""
        return mask_identity_numbers(rest)


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
