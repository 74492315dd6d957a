"""Read a register file (.xlsx or .csv) into raw sheets of cell values.

Nothing here interprets the values; :mod:`assistant.register.validation` does.
Every sheet of a workbook is read, because personal identity numbers must be
found wherever they are, not only on the participant sheet.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from assistant.errors import RegisterReadError
from assistant.models import file_sha256
from assistant.register.codelists import normalize_header

#: Keyword written into the demo workbook's properties; a file carrying it is
#: reported as synthetic wherever its statistics are shown.
SYNTHETIC_MARKER = "finsam-syntetiska-demodata"

#: Name of the sheet holding the participants (otherwise the first sheet is used).
DATA_SHEET = "Deltagare"

SUPPORTED_SUFFIXES = (".xlsx", ".csv")


@dataclass(frozen=True)
class RawSheet:
    """The cells of one sheet.

    Attributes:
        name: Sheet name (``CSV`` for a CSV file).
        rows: ``(row number as Excel shows it, cell values)`` for every non-empty row,
            the header row included.
    """

    name: str
    rows: list[tuple[int, tuple[object, ...]]]


@dataclass(frozen=True)
class RawFile:
    """A whole register file as read from disk.

    Attributes:
        path: The file.
        sha256: Hex sha256 of the file's bytes.
        sheets: All sheets; ``data_sheet`` indexes the participant sheet.
        data_sheet: Index into ``sheets``.
        synthetic: Whether the file is marked as synthetic demo data.
    """

    path: Path
    sha256: str
    sheets: list[RawSheet]
    data_sheet: int
    synthetic: bool

    @property
    def data(self) -> RawSheet:
        """The participant sheet."""
        return self.sheets[self.data_sheet]


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _read_xlsx(path: Path) -> tuple[list[RawSheet], int, bool]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise RegisterReadError(
            path,
            "filen kunde inte läsas som en Excel-fil (.xlsx). Spara den på nytt i Excel "
            f"som ”Excel-arbetsbok (.xlsx)” och försök igen. ({type(exc).__name__})",
        ) from exc
    try:
        keywords = workbook.properties.keywords or ""
        synthetic = SYNTHETIC_MARKER in keywords
        sheets: list[RawSheet] = []
        for worksheet in workbook.worksheets:
            rows: list[tuple[int, tuple[object, ...]]] = []
            for number, values in enumerate(worksheet.iter_rows(values_only=True), start=1):
                if not all(_is_empty(v) for v in values):
                    rows.append((number, tuple(values)))
            sheets.append(RawSheet(name=worksheet.title, rows=rows))
    finally:
        workbook.close()
    wanted = normalize_header(DATA_SHEET)
    data_index = next((i for i, s in enumerate(sheets) if normalize_header(s.name) == wanted), 0)
    return sheets, data_index, synthetic


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("cp1252 decodes any byte string")  # pragma: no cover


def _read_csv(path: Path) -> list[RawSheet]:
    text = _decode(path.read_bytes())
    first_line = text.split("\n", 1)[0]
    # Swedish Excel writes semicolons; pick whichever separator the header uses most.
    delimiter = max((";", ",", "\t"), key=first_line.count)
    rows: list[tuple[int, tuple[object, ...]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for values in reader:
        number = reader.line_num
        if values and not all(_is_empty(v) for v in values):
            rows.append((number, tuple(values)))
    return [RawSheet(name="CSV", rows=rows)]


def read_file(path: Path | str) -> RawFile:
    """Read every sheet of a register file.

    Args:
        path: An ``.xlsx`` or ``.csv`` file.

    Raises:
        RegisterReadError: The file is missing, of another type or unreadable.
    """
    path = Path(path)
    if not path.is_file():
        raise RegisterReadError(
            path,
            f"filen finns inte ({path}). Kontrollera sökvägen eller inställningen "
            "FINSAM_PARTICIPANTS.",
        )
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise RegisterReadError(
            path,
            f"filtypen ”{path.suffix or '(ingen)'}” stöds inte. Spara deltagarfilen som "
            "Excel-arbetsbok (.xlsx) eller som CSV (.csv).",
        )
    sha256 = file_sha256(path)
    if suffix == ".xlsx":
        sheets, data_index, synthetic = _read_xlsx(path)
    else:
        sheets, data_index, synthetic = _read_csv(path), 0, False
    return RawFile(
        path=path, sha256=sha256, sheets=sheets, data_sheet=data_index, synthetic=synthetic
    )
