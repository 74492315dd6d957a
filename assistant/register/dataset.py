"""The loaded participant register: validated rows in an in-memory DuckDB table.

A :class:`Register` is loaded once and injected into the statistics functions.
It knows where it came from (path, sha256, rows read, synthetic or not), and
the statistics functions copy that into every result.

Example:
    >>> from assistant.register import load_register
    >>> register = load_register()  # settings.participants, cached
    >>> register.synthetic
    True
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.register.codelists import CodeLists, load_codelists
from assistant.register.reader import read_file
from assistant.register.validation import validate_raw

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

    from assistant.settings import Settings
    from assistant.stats.disclosure import DisclosurePolicy

#: Name of the table the statistics query.
TABLE = "deltagare"

#: Age groups (label, lowest, highest age at start), from the förbund's behovsgrupper.
AGE_GROUPS: tuple[tuple[str, int, int], ...] = (
    ("16–29", 16, 29),
    ("30–49", 30, 49),
    ("50–67", 50, 67),
)

# DuckDB must never try to download an extension at run time.
DUCKDB_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


@dataclass(frozen=True)
class Provenance:
    """Where a register came from; copied into every statistics result.

    Attributes:
        path: The data file.
        sha256: Hex sha256 of the file's bytes.
        rows: Participant rows read.
        synthetic: Whether the file is the synthetic demo register.
    """

    path: Path
    sha256: str
    rows: int
    synthetic: bool

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return {
            "data_file": str(self.path),
            "sha256": self.sha256,
            "rows_read": self.rows,
            "synthetic": self.synthetic,
        }


class Register:
    """A validated participant register in an in-memory DuckDB database.

    Build one with :func:`read_register` or :func:`load_register`; tests and the
    benchmark may use :meth:`from_frame`. The rows stay inside: statistics
    functions return aggregates only.
    """

    def __init__(self, frame: pd.DataFrame, provenance: Provenance, codelists: CodeLists) -> None:
        import duckdb

        self.provenance = provenance
        self.codelists = codelists
        #: Disclosure policy every statistics call on this register honours
        #: (None: the process settings' threshold, no session ledger).
        self.disclosure: DisclosurePolicy | None = None
        self._lock = threading.Lock()
        self._con = duckdb.connect(":memory:", config=DUCKDB_CONFIG)
        self._con.execute("SET threads TO 2")
        table = _with_derived_columns(frame, codelists)
        self._con.register("_incoming", table)
        # Materialise once: queries then scan DuckDB's own columnar table.
        self._con.execute(
            f"CREATE TABLE {TABLE} AS SELECT {_select_list(table, codelists)} FROM _incoming"
        )
        self._con.unregister("_incoming")

    @classmethod
    def from_frame(
        cls,
        frame: pd.DataFrame,
        *,
        path: Path | str = "<i minnet>",
        sha256: str = "",
        synthetic: bool = False,
        codelists: CodeLists | None = None,
    ) -> Register:
        """Build a register from an already valid frame (columns named by code-list keys).

        The frame is not validated; use :func:`read_register` for files.
        """
        provenance = Provenance(
            path=Path(path), sha256=sha256, rows=len(frame), synthetic=synthetic
        )
        return cls(frame, provenance, codelists or load_codelists())

    def with_disclosure(self, policy: DisclosurePolicy | None) -> Register:
        """A view of this register (same data, same connection) under another policy.

        Example:
            >>> from assistant.stats.disclosure import DisclosurePolicy
            >>> strict = load_register().with_disclosure(DisclosurePolicy(threshold=10))
        """
        view = copy.copy(self)
        view.disclosure = policy
        return view

    @property
    def path(self) -> Path:
        """The data file."""
        return self.provenance.path

    @property
    def sha256(self) -> str:
        """Hex sha256 of the data file."""
        return self.provenance.sha256

    @property
    def rows(self) -> int:
        """Participant rows read."""
        return self.provenance.rows

    @property
    def synthetic(self) -> bool:
        """Whether this is the synthetic demo register."""
        return self.provenance.synthetic

    @contextmanager
    def query(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Yield the connection for one query (serialised: DuckDB connections are not shared).

        Intended for :mod:`assistant.stats`; do not select rows with it.
        """
        with self._lock:
            yield self._con

    def close(self) -> None:
        """Close the in-memory database."""
        self._con.close()

    def __repr__(self) -> str:
        kind = "syntetiskt" if self.synthetic else "verkligt"
        return f"Register({self.path.name!r}, rows={self.rows}, {kind})"


def _with_derived_columns(frame: pd.DataFrame, codelists: CodeLists) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    out = pd.DataFrame(index=range(len(frame)))
    for spec in codelists.columns:
        if spec.kind == "date":
            out[spec.key] = pd.to_datetime(frame[spec.key]).astype("datetime64[s]")
        elif spec.kind == "age":
            out[spec.key] = frame[spec.key].astype("int16")
        elif spec.key in frame and isinstance(frame[spec.key].dtype, pd.CategoricalDtype):
            out[spec.key] = frame[spec.key]  # DuckDB reads categoricals fast, as ENUMs
        elif spec.key in frame:
            column = frame[spec.key].astype(object)
            out[spec.key] = column.where(column.notna(), None)
        else:
            out[spec.key] = pd.Series([None] * len(frame), dtype=object)
    ages = out["alder"].to_numpy()
    labels = np.full(len(out), None, dtype=object)
    for label, low, high in AGE_GROUPS:
        labels[(ages >= low) & (ages <= high)] = label
    out["aldersgrupp"] = labels
    return out


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _enum(values: list[str]) -> str:
    return "ENUM(" + ", ".join(_sql_text(v) for v in values) + ")"


def _select_list(frame: pd.DataFrame, codelists: CodeLists) -> str:
    """Column casts for the table: dates, a small int for age, ENUMs for codes.

    Code columns become ENUMs (grouping and filtering on a million rows is then
    several times faster), and an empty value is stored as the column's
    ``empty_label`` (``Pågår (ej avslutad)``) so it groups like any other value.
    """
    parts = []
    for spec in codelists.columns:
        key = spec.key
        if spec.kind == "date":
            parts.append(f"CAST({key} AS DATE) AS {key}")
        elif spec.kind == "age":
            parts.append(f"CAST({key} AS SMALLINT) AS {key}")
        elif spec.kind == "code":
            labels = [*spec.values, *([spec.empty_label] if spec.empty_label else [])]
            present = {str(v) for v in frame[key].dropna().unique()}
            labels += sorted(present - set(labels))
            column = f"COALESCE({key}, {_sql_text(spec.empty_label)})" if spec.empty_label else key
            parts.append(f"CAST({column} AS {_enum(labels)}) AS {key}")
        else:
            parts.append(f"CAST({key} AS VARCHAR) AS {key}")
    age_labels = [label for label, _, _ in AGE_GROUPS]
    parts.append(f"CAST(aldersgrupp AS {_enum(age_labels)}) AS aldersgrupp")
    return ", ".join(parts)


def frame_from_table(columns: dict[str, list[Any]]) -> pd.DataFrame:
    """A pandas frame from the validated column lists."""
    import pandas as pd

    return pd.DataFrame(columns)


def read_register(path: Path | str, codelists: CodeLists | None = None) -> Register:
    """Read, validate and load a register file (no caching).

    Args:
        path: An ``.xlsx`` or ``.csv`` file in the register format.
        codelists: Code lists to validate against (default: the packaged ones).

    Raises:
        RegisterReadError: The file is missing or unreadable.
        PersonalIdentityNumberFound: The file holds personal identity numbers.
        RegisterValidationError: The file breaks the format.
    """
    lists = codelists or load_codelists()
    raw = read_file(path)
    table = validate_raw(raw, lists)
    provenance = Provenance(
        path=raw.path, sha256=raw.sha256, rows=table.rows, synthetic=raw.synthetic
    )
    return Register(frame_from_table(table.columns), provenance, lists)


_cache: dict[tuple[str, int, int], Register] = {}
_cache_lock = threading.Lock()


def load_register(path: Path | str | None = None, *, settings: Settings | None = None) -> Register:
    """Return the register in use (``settings.participants`` unless ``path`` is given).

    Loaded once and cached until the file changes (path, size and mtime). With
    ``settings``, the register comes bound to their disclosure policy
    (threshold), so every statistics call on it honours them.

    Raises:
        RegisterReadError: The file is missing or unreadable.
        PersonalIdentityNumberFound: The file holds personal identity numbers.
        RegisterValidationError: The file breaks the format.
    """
    if settings is not None:
        from assistant.stats.disclosure import DisclosurePolicy

        loaded = load_register(path if path is not None else settings.participants)
        return loaded.with_disclosure(DisclosurePolicy.from_settings(settings))
    if path is None:
        from assistant.settings import get_settings

        path = get_settings().participants
    resolved = Path(path).resolve()
    try:
        stat = resolved.stat()
        key = (str(resolved), stat.st_size, stat.st_mtime_ns)
    except OSError:
        return read_register(resolved)  # raises the Swedish "file missing" error
    with _cache_lock:
        if key not in _cache:
            _cache[key] = read_register(resolved)
        return _cache[key]


def clear_register_cache() -> None:
    """Forget cached registers (tests; after replacing the file).

    Registers already handed out stay usable; they close when no longer referenced.
    """
    with _cache_lock:
        _cache.clear()
