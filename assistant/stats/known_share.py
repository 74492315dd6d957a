"""Shares over those whose value is known, for columns that are partly empty.

"Hur många hade försörjningsstöd när de började 2024?" must not be answered
as a share of everyone when the column is filled in for only some: the share is
over those with a registered value, and the number without one is stated.
Built on the public :func:`assistant.stats.count`.

Example:
    >>> from assistant.register import load_register
    >>> ks = known_share(load_register(), "försörjning vid start", "Försörjningsstöd",
    ...                  event="started", year=2024)  # doctest: +SKIP
    >>> ks.unknown  # doctest: +SKIP
    251
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from assistant.register.dataset import Register
from assistant.stats.definitions import dimensions
from assistant.stats.queries import count
from assistant.stats.results import TOTAL, StatResult


@dataclass(frozen=True)
class KnownShare:
    """A value's count and share among those whose value is known.

    Attributes:
        result: The table it was read from (split by the dimension).
        count: Participations with the value (None if hidden).
        known: Participations with any registered value (None if not computable).
        unknown: Participations with an empty value (None if hidden).
        total: Everyone in scope (None if hidden).
        empty_label: The label of an empty value ("Ej registrerad").
    """

    result: StatResult
    count: int | None
    known: int | None
    unknown: int | None
    total: int | None
    empty_label: str

    @property
    def share(self) -> float | None:
        if self.count is None or not self.known:
            return None
        return self.count / self.known


def empty_label_of(register: Register, dimension: str) -> str | None:
    """The label the register uses for an empty value of ``dimension``, if any."""
    dim = dimensions(register.codelists).get(dimension)
    return dim.empty_label if dim is not None else None


def known_share(
    register: Register,
    dimension: str,
    value: str,
    *,
    event: str = "started",
    year: int | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    filters: Mapping[str, str] | None = None,
) -> KnownShare | None:
    """Count ``value`` of ``dimension`` and the number with an empty value.

    Returns None when the dimension has no empty label (every row has a value).
    """
    empty = empty_label_of(register, dimension)
    if empty is None:
        return None
    result = count(
        register,
        event=event,
        year=year,
        from_year=from_year,
        to_year=to_year,
        by=[dimension],
        filters=dict(filters or {}) or None,
    )
    cells = {c.key[0]: c for c in result.cells}
    value_cell = cells.get(value)
    empty_cell = cells.get(empty)
    unknown = 0 if empty_cell is None else empty_cell.count
    total = result.n
    known = None
    if total is not None and unknown is not None:
        known = total - unknown
    return KnownShare(
        result=result,
        count=value_cell.count if value_cell is not None else None,
        known=known,
        unknown=unknown,
        total=total,
        empty_label=empty,
    )


__all__ = ["TOTAL", "KnownShare", "empty_label_of", "known_share"]
