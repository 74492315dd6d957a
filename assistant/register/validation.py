"""Check a raw register file against the format and collect every problem.

A file that breaks the format is rejected whole; the problems name the row as
Excel shows it, the column, the bad value and what is allowed. A file holding
personal identity numbers is refused before anything else is looked at, and the
numbers are never repeated in a message. Columns outside the format are ignored
and never shown.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from assistant.errors import PersonalIdentityNumberFound, RegisterValidationError
from assistant.register.codelists import CodeLists, ColumnSpec, normalize_header
from assistant.register.personnummer import (
    cell_text,
    contains_identity_number,
    looks_like_identity_number,
    shown_value,
)
from assistant.register.reader import RawFile, RawSheet


def get_column_letter(number: int) -> str:
    """Excel column letters for a 1-based column number (1 -> A, 27 -> AA).

    Written here rather than imported from openpyxl so that importing the answer
    engine does not load openpyxl.
    """
    if number < 1:
        raise ValueError(f"column number must be at least 1, got {number}")
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_MAX_SHOWN = 60


@dataclass(frozen=True)
class Problem:
    """One problem in a register file.

    Attributes:
        row: Row number as Excel shows it (None for a problem with the whole file).
        column: Column header as documented (None if not tied to a column).
        value: The offending value as text (None when there is none to show).
        message: What is wrong and what is allowed, in Swedish.
    """

    row: int | None
    column: str | None
    value: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"Rad {self.row}")
        if self.column is not None:
            where.append(f"kolumn ”{self.column}”")
        prefix = ", ".join(where)
        if prefix:
            prefix = prefix[0].upper() + prefix[1:] + ": "
        return prefix + self.message

    def to_dict(self) -> dict[str, Any]:
        """The problem as a JSON-friendly dict."""
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "text": str(self),
        }


@dataclass(frozen=True)
class ValidTable:
    """The participant rows of a valid file, one list of canonical values per column.

    Dates are :class:`datetime.date`, ages ``int``, codes their canonical spelling
    and empty optional values ``None``.
    """

    columns: dict[str, list[Any]]
    rows: int


def _shown(value: object) -> str:
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    # Never echo anything shaped like a personnummer, whatever its check digit.
    text = shown_value(" ".join(text.split()))
    return text if len(text) <= _MAX_SHOWN else text[: _MAX_SHOWN - 1] + "…"


def _column_label(sheet: RawSheet, index: int, header: object, is_data: bool) -> str:
    letter = get_column_letter(index + 1)
    name = " ".join(str(header).split()) if header is not None else ""
    if name and not looks_like_identity_number(name):
        label = f"kolumn {letter} ”{_shown(name)}”"
    else:
        label = f"kolumn {letter}"
    return label if is_data else f"{label} på bladet ”{sheet.name}”"


def find_identity_number_columns(raw: RawFile) -> list[str]:
    """Name the columns (and sheets) holding a personnummer or samordningsnummer.

    Returns:
        Column labels such as ``kolumn M ”Anteckning”``; empty if none are found.
    """
    found: list[str] = []
    for sheet_index, sheet in enumerate(raw.sheets):
        if not sheet.rows:
            continue
        is_data = sheet_index == raw.data_sheet
        header = sheet.rows[0][1]
        hit_columns: set[int] = set()
        for _, values in sheet.rows:
            for index, value in enumerate(values):
                if index in hit_columns:
                    continue
                text = cell_text(value)
                if text is not None and contains_identity_number(text):
                    hit_columns.add(index)
        for index in sorted(hit_columns):
            head = header[index] if index < len(header) else None
            found.append(_column_label(sheet, index, head, is_data))
    return found


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        for candidate in (text, text[:10]):
            try:
                parsed = dt.date.fromisoformat(candidate)
            except ValueError:
                continue
            # Accept only a bare date or a date followed by a midnight time.
            if candidate == text or text[10:].strip() in ("00:00:00", "00:00", "T00:00:00"):
                return parsed
    return None


def _parse_age(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


class _Checker:
    """Validates rows one cell at a time, collecting problems."""

    def __init__(self, codelists: CodeLists) -> None:
        self.codelists = codelists
        self.problems: list[Problem] = []

    def add(self, row: int | None, spec: ColumnSpec | None, value: object, message: str) -> None:
        shown = None if value is None else _shown(value)
        self.problems.append(
            Problem(row=row, column=spec.header if spec else None, value=shown, message=message)
        )

    def cell(self, row: int, spec: ColumnSpec, value: object) -> Any:
        if _empty(value):
            if spec.required:
                self.add(row, spec, None, f"värde saknas. {self._allowed(spec)}")
            return None
        parse: Callable[[int, ColumnSpec, object], Any] = getattr(self, f"_{spec.kind}")
        return parse(row, spec, value)

    def _allowed(self, spec: ColumnSpec) -> str:
        if spec.kind == "code":
            return "Tillåtna värden: " + ", ".join(spec.values) + "."
        if spec.kind == "age":
            return f"Ange ålder vid start i hela år, {spec.minimum}–{spec.maximum}."
        if spec.kind == "date":
            return "Ange ett datum som ÅÅÅÅ-MM-DD."
        return "Ange ett pseudonymt deltagar-id (inte personnummer)."

    def _id(self, row: int, spec: ColumnSpec, value: object) -> str | None:
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if looks_like_identity_number(text):
            # A wrong check digit does not make it pseudonymous.
            self.add(
                row,
                spec,
                text,
                "deltagar-id:t liknar ett personnummer eller samordningsnummer och visas inte. "
                f"{self._allowed(spec)}",
            )
            return None
        return text

    def _code(self, row: int, spec: ColumnSpec, value: object) -> str | None:
        found = spec.canonical(str(value))
        if found is None:
            self.add(
                row,
                spec,
                value,
                f"värdet ”{_shown(value)}” är inte tillåtet. {self._allowed(spec)}",
            )
        return found

    def _age(self, row: int, spec: ColumnSpec, value: object) -> int | None:
        age = _parse_age(value)
        low, high = spec.minimum or 0, spec.maximum or 200
        if age is None or not low <= age <= high:
            what = "är inte en ålder i hela år" if age is None else "ligger utanför det tillåtna"
            self.add(row, spec, value, f"värdet ”{_shown(value)}” {what}. {self._allowed(spec)}")
            return None
        return age

    def _date(self, row: int, spec: ColumnSpec, value: object) -> dt.date | None:
        parsed = _parse_date(value)
        if parsed is None:
            self.add(
                row, spec, value, f"värdet ”{_shown(value)}” är inget datum. {self._allowed(spec)}"
            )
        return parsed


def _map_headers(
    header_row: tuple[object, ...], codelists: CodeLists, checker: _Checker, row_number: int
) -> dict[str, int]:
    by_header = codelists.by_header()
    positions: dict[str, int] = {}
    for index, header in enumerate(header_row):
        if _empty(header):
            continue
        spec = by_header.get(normalize_header(str(header)))
        if spec is None:
            continue  # a column outside the format: ignored and never shown
        if spec.key in positions:
            first = get_column_letter(positions[spec.key] + 1)
            checker.add(
                row_number,
                spec,
                None,
                f"kolumnen finns två gånger (kolumn {first} och {get_column_letter(index + 1)}). "
                "Behåll en av dem.",
            )
            continue
        positions[spec.key] = index
    for spec in codelists.columns:
        if spec.key not in positions and not spec.optional_column:
            checker.add(
                None,
                spec,
                None,
                f"kolumnen saknas. Lägg till en kolumn med rubriken ”{spec.header}” i rubrikraden "
                f"(rad {row_number}).",
            )
    return positions


def validate_raw(raw: RawFile, codelists: CodeLists) -> ValidTable:
    """Validate a raw register file and return its rows as canonical values.

    Raises:
        PersonalIdentityNumberFound: A personnummer or samordningsnummer is in the file.
        RegisterValidationError: The file breaks the format (every problem listed).
    """
    pin_columns = find_identity_number_columns(raw)
    if pin_columns:
        raise PersonalIdentityNumberFound(raw.path, pin_columns)

    checker = _Checker(codelists)
    sheet = raw.data
    if not sheet.rows:
        checker.add(None, None, None, "filen är tom. Rad 1 ska ha kolumnrubrikerna.")
        raise RegisterValidationError(raw.path, list(checker.problems))
    header_number, header_row = sheet.rows[0]
    positions = _map_headers(header_row, codelists, checker, header_number)
    if checker.problems:
        # Without the right columns the rows cannot be checked meaningfully.
        raise RegisterValidationError(raw.path, list(checker.problems))

    specs = [spec for spec in codelists.columns if spec.key in positions]
    columns: dict[str, list[Any]] = {spec.key: [] for spec in codelists.columns}
    first_row_of_id: dict[str, int] = {}
    id_spec = codelists.column("deltagar_id")
    end_spec = codelists.column("slutdatum")
    reason_spec = codelists.column("avslutsorsak")
    data_rows = 0
    for number, values in sheet.rows[1:]:
        if all(_empty(values[positions[s.key]]) for s in specs if positions[s.key] < len(values)):
            continue  # only columns outside the format are filled in: not a participant row
        data_rows += 1
        parsed: dict[str, Any] = {}
        for spec in codelists.columns:
            index = positions.get(spec.key)
            value = values[index] if index is not None and index < len(values) else None
            parsed[spec.key] = checker.cell(number, spec, value) if index is not None else None
            columns[spec.key].append(parsed[spec.key])

        participant = parsed["deltagar_id"]
        if participant is not None:
            if participant in first_row_of_id:
                checker.add(
                    number,
                    id_spec,
                    participant,
                    f"deltagar-id:t ”{_shown(participant)}” finns redan på rad "
                    f"{first_row_of_id[participant]}. Varje rad ska ha ett eget id.",
                )
            else:
                first_row_of_id[participant] = number
        start, end = parsed["startdatum"], parsed["slutdatum"]
        if start is not None and end is not None and end < start:
            checker.add(
                number,
                end_spec,
                end,
                f"slutdatumet {end.isoformat()} ligger före startdatumet {start.isoformat()}. "
                "Rätta något av datumen.",
            )
        raw_end = values[positions["slutdatum"]] if positions["slutdatum"] < len(values) else None
        reason = parsed["avslutsorsak"]
        if reason is not None and _empty(raw_end):
            checker.add(
                number,
                reason_spec,
                reason,
                "avslutsorsak är ifylld men slutdatum saknas. Fyll i slutdatum, eller töm "
                "avslutsorsaken om insatsen pågår.",
            )
        raw_reason = (
            values[positions["avslutsorsak"]] if positions["avslutsorsak"] < len(values) else None
        )
        if end is not None and _empty(raw_reason):
            checker.add(
                number,
                reason_spec,
                None,
                "slutdatum är ifyllt men avslutsorsak saknas. Fyll i avslutsorsaken. "
                f"{checker._allowed(reason_spec)}",
            )

    if data_rows == 0:
        checker.add(None, None, None, "filen har rubriker men inga deltagarrader.")
    if checker.problems:
        raise RegisterValidationError(raw.path, list(checker.problems))
    return ValidTable(columns=columns, rows=data_rows)
