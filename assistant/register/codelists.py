"""Code lists of the participant register, read from ``codelists.json``.

The allowed values, accepted spellings and the Swedish words that name a
column or a value live in data, so a förbund with other insatser or stadsdelar
edits ``codelists.json`` and not the code.

Example:
    >>> from assistant.register.codelists import load_codelists
    >>> cl = load_codelists()
    >>> cl.column("kon").canonical("kvinna")
    'Kvinna'
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

DEFAULT_CODELISTS = Path(__file__).with_name("codelists.json")

ColumnKind = Literal["id", "code", "age", "date"]

_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "‑": "-", "−": "-"})


def normalize_value(text: str) -> str:
    """Fold a value for comparison: case, surrounding/double spaces and dash variants.

    Example:
        >>> normalize_value("  1-2   ÅR ")
        '1-2 år'
    """
    return " ".join(text.translate(_DASHES).split()).casefold()


def normalize_header(text: str) -> str:
    """Fold a header: case, spaces, hyphens and diacritics (``Deltagar ID`` = ``deltagar-id``).

    Example:
        >>> normalize_header(" Deltagar ID ") == normalize_header("DELTAGAR-ID")
        True
    """
    folded = normalize_value(text).replace("-", "").replace(" ", "").replace("_", "")
    decomposed = unicodedata.normalize("NFKD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class ColumnSpec:
    """One column of the register format.

    Attributes:
        key: Internal column name (ASCII, used in the database table).
        header: The header as documented and written in files.
        kind: ``id``, ``code``, ``age`` or ``date``.
        required: Whether every row must have a value.
        optional_column: Whether the whole column may be missing from a file.
        header_aliases: Other accepted headers.
        values: Allowed values in display order (code columns).
        aliases: Other accepted spellings, mapped to a value.
        synonyms: Words in Swedish questions that mean a value.
        dimension: Swedish dimension name used by the statistics, if any.
        dimension_synonyms: Words in questions that name the dimension.
        empty_label: How an empty value is shown in a statistics table.
        minimum: Lowest allowed number (``age``).
        maximum: Highest allowed number (``age``).
    """

    key: str
    header: str
    kind: ColumnKind
    required: bool
    optional_column: bool = False
    header_aliases: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    synonyms: dict[str, str] = field(default_factory=dict)
    dimension: str | None = None
    dimension_synonyms: tuple[str, ...] = ()
    empty_label: str | None = None
    minimum: int | None = None
    maximum: int | None = None

    _values_by_norm: dict[str, str] = field(init=False, repr=False, compare=False)
    _synonyms_by_norm: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        table = {normalize_value(v): v for v in self.values}
        for alias, target in self.aliases.items():
            table.setdefault(normalize_value(alias), target)
        object.__setattr__(self, "_values_by_norm", table)
        synonyms = {normalize_value(k): v for k, v in self.synonyms.items()}
        object.__setattr__(self, "_synonyms_by_norm", synonyms)

    def __hash__(self) -> int:
        return hash((self.key, self.header))

    def canonical(self, value: str) -> str | None:
        """Return the allowed value that ``value`` spells, or None if it spells none."""
        return self._values_by_norm.get(normalize_value(value))

    def canonical_or_synonym(self, value: str) -> str | None:
        """Like :meth:`canonical`, but also accept the question words in ``synonyms``."""
        found = self.canonical(value)
        if found is not None:
            return found
        return self._synonyms_by_norm.get(normalize_value(value))


@dataclass(frozen=True)
class CodeLists:
    """All column specifications of the register format, in file order."""

    columns: tuple[ColumnSpec, ...]
    source: Path

    def column(self, key: str) -> ColumnSpec:
        """Return the column with internal name ``key``.

        Raises:
            KeyError: No such column.
        """
        for spec in self.columns:
            if spec.key == key:
                return spec
        raise KeyError(key)

    def by_header(self) -> dict[str, ColumnSpec]:
        """Map every accepted header (normalised) to its column."""
        table: dict[str, ColumnSpec] = {}
        for spec in self.columns:
            for header in (spec.header, *spec.header_aliases):
                table.setdefault(normalize_header(header), spec)
        return table

    def dimension_columns(self) -> tuple[ColumnSpec, ...]:
        """Columns that the statistics can group and filter by."""
        return tuple(spec for spec in self.columns if spec.dimension)

    def __hash__(self) -> int:
        return hash((self.source, tuple(spec.key for spec in self.columns)))


def _spec_from_json(raw: dict[str, Any]) -> ColumnSpec:
    kind = raw["kind"]
    if kind not in ("id", "code", "age", "date"):
        raise ValueError(f"unknown column kind {kind!r} for column {raw.get('key')!r}")
    values = tuple(raw.get("values", ()))
    aliases = dict(raw.get("aliases", {}))
    synonyms = dict(raw.get("synonyms", {}))
    for target in (*aliases.values(), *synonyms.values()):
        if target not in values:
            raise ValueError(f"alias target {target!r} is not a value of column {raw['key']!r}")
    return ColumnSpec(
        key=raw["key"],
        header=raw["header"],
        kind=kind,
        required=bool(raw.get("required", False)),
        optional_column=bool(raw.get("optional_column", False)),
        header_aliases=tuple(raw.get("header_aliases", ())),
        values=values,
        aliases=aliases,
        synonyms=synonyms,
        dimension=raw.get("dimension"),
        dimension_synonyms=tuple(raw.get("dimension_synonyms", ())),
        empty_label=raw.get("empty_label"),
        minimum=raw.get("min"),
        maximum=raw.get("max"),
    )


@lru_cache(maxsize=8)
def load_codelists(path: Path | None = None) -> CodeLists:
    """Read the code lists (the packaged ``codelists.json`` unless ``path`` is given).

    Raises:
        ValueError: The file is inconsistent (an alias pointing at no value).
    """
    source = Path(path) if path is not None else DEFAULT_CODELISTS
    data = json.loads(source.read_text(encoding="utf-8"))
    columns = tuple(_spec_from_json(raw) for raw in data["columns"])
    required_keys = {"deltagar_id", "kon", "alder", "startdatum", "slutdatum", "avslutsorsak"}
    missing = required_keys - {c.key for c in columns}
    if missing:
        raise ValueError(f"{source} lacks the columns {sorted(missing)}")
    return CodeLists(columns=columns, source=source)
