"""Grouped counts over the register table with DuckDB.

One scan per result: a ``GROUP BY`` over the finest combination of group
values; margins and the grand total are summed from it. Column names come from
the code lists (never from the caller) and values are bound as parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.register.dataset import TABLE, Register
from assistant.stats.definitions import OUTCOME_VALUES, Dimension, Event

#: Marks a margin (the dimension summed over) in a result key.
MARGIN = "Totalt"
OUTCOME_YES = "Arbete eller studier"
OUTCOME_NO = "Annan avslutsorsak"


@dataclass(frozen=True)
class Grouping:
    """A grouping expression: a dimension, or the outcome split (``dimension=None``)."""

    dimension: Dimension | None


@dataclass
class _Sql:
    """Collects bound parameters; :meth:`bind` returns the placeholder."""

    params: dict[str, Any] = field(default_factory=dict)

    def bind(self, value: Any) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"${name}"


def _event_condition(sql: _Sql, event: Event, from_year: int | None, to_year: int | None) -> str:
    if from_year is None or to_year is None:
        return "d.slutdatum IS NOT NULL" if event == "ended" else "TRUE"
    first = sql.bind(f"{from_year}-01-01")
    last = sql.bind(f"{to_year}-12-31")
    if event == "started":
        return f"d.startdatum BETWEEN CAST({first} AS DATE) AND CAST({last} AS DATE)"
    if event == "ended":
        return f"d.slutdatum BETWEEN CAST({first} AS DATE) AND CAST({last} AS DATE)"
    return (
        f"d.startdatum <= CAST({last} AS DATE) "
        f"AND (d.slutdatum IS NULL OR d.slutdatum >= CAST({first} AS DATE))"
    )


def _filter_condition(sql: _Sql, dim: Dimension, labels: list[str]) -> str:
    assert dim.column is not None
    return f"d.{dim.column} IN ({', '.join(sql.bind(v) for v in labels)})"


def _group_expression(sql: _Sql, grouping: Grouping, event: Event) -> str:
    dim = grouping.dimension
    if dim is None:
        yes = sql.bind(OUTCOME_YES)
        no = sql.bind(OUTCOME_NO)
        values = ", ".join(sql.bind(v) for v in OUTCOME_VALUES)
        return f"CASE WHEN d.avslutsorsak IN ({values}) THEN {yes} ELSE {no} END"
    if dim.column is None:  # the year of the event
        column = "slutdatum" if event == "ended" else "startdatum"
        return f"CAST(year(d.{column}) AS VARCHAR)"
    return f"d.{dim.column}"


def _is_year(grouping: Grouping) -> bool:
    return grouping.dimension is not None and grouping.dimension.column is None


@dataclass(frozen=True)
class Scope:
    """Which participations a table counts and how it groups them.

    Attributes:
        event: ``started``, ``ended`` or ``active``.
        from_year: First year (None = the whole register).
        to_year: Last year.
        groupings: The table's group expressions, in key order.
        filters: Dimension → labels to keep.
    """

    event: Event
    from_year: int | None
    to_year: int | None
    groupings: tuple[Grouping, ...]
    filters: tuple[tuple[Dimension, tuple[str, ...]], ...]

    @property
    def expands_years(self) -> bool:
        """Whether a participation falls in several year cells (active, per year)."""
        return self.event == "active" and any(_is_year(g) for g in self.groupings)


def _scope_condition(sql: _Sql, scope: Scope) -> str:
    conditions = [_event_condition(sql, scope.event, scope.from_year, scope.to_year)]
    conditions += [_filter_condition(sql, dim, list(labels)) for dim, labels in scope.filters]
    if any(_is_year(g) for g in scope.groupings) and not scope.expands_years:
        conditions.append(
            f"d.{'slutdatum' if scope.event == 'ended' else 'startdatum'} IS NOT NULL"
        )
    return "(" + " AND ".join(conditions) + ")"


#: The finest key of a participation in one scope: its group labels, where an
#: expanded year axis holds ``(first, last)`` active year; None = not counted.
FineKey = tuple[str | tuple[int, int], ...] | None


def atom_counts(
    register: Register, scopes: list[Scope], *, record_keys: bool = False
) -> list[tuple[tuple[FineKey, ...], int, int]]:
    """Group participations by where they fall in every scope at once.

    Each returned atom is a group of participations that every table of
    ``scopes`` counts whole or not at all: its finest key per scope (None where
    the scope leaves it out), its size and, with ``record_keys``, the sum of
    its rows' record keys (for the cell-key method; else 0). The disclosure
    audit solves the published tables over these atoms. One ``GROUP BY`` over
    the scope conditions and the group expressions.

    Example:
        >>> atom_counts(register, [scope_a, scope_b])  # doctest: +SKIP
        [((('Kvinna',), None), 120, 0), ...]
    """
    sql = _Sql()
    columns: list[str] = []
    index: dict[str, int] = {}

    def column(expression: str) -> int:
        if expression not in index:
            index[expression] = len(columns)
            columns.append(expression)
        return index[expression]

    layout: list[tuple[int, list[int | tuple[int, int]]]] = []
    for scope in scopes:
        cond = column(_scope_condition(sql, scope))
        parts: list[int | tuple[int, int]] = []
        for grouping in scope.groupings:
            if scope.expands_years and _is_year(grouping):
                assert scope.from_year is not None and scope.to_year is not None
                first = column(f"greatest(year(d.startdatum), {scope.from_year:d})")
                last = column(
                    f"least(coalesce(year(d.slutdatum), {scope.to_year:d}), {scope.to_year:d})"
                )
                parts.append((first, last))
            else:
                parts.append(column(_group_expression(sql, grouping, scope.event)))
        layout.append((cond, parts))
    where = " OR ".join(columns[cond] for cond, _ in layout) or "FALSE"
    key_sum = "sum(hash(d.deltagar_id) % 4294967296)" if record_keys else "0"
    query = f"SELECT {', '.join([*columns, key_sum, 'count(*)'])} FROM {TABLE} d WHERE {where}"
    query += " GROUP BY " + ", ".join(str(i + 1) for i in range(len(columns)))
    with register.query() as con:
        rows = con.execute(query, sql.params).fetchall()
    out: list[tuple[tuple[FineKey, ...], int, int]] = []
    for row in rows:
        keys: list[FineKey] = []
        for cond, parts in layout:
            if not row[cond]:
                keys.append(None)
                continue
            key: list[str | tuple[int, int]] = []
            for part in parts:
                if isinstance(part, tuple):
                    key.append((int(row[part[0]]), int(row[part[1]])))
                else:
                    key.append(str(row[part]))
            keys.append(tuple(key))
        out.append((tuple(keys), int(row[-1]), int(row[-2])))
    return out


def year_span(register: Register, event: Event) -> tuple[int, int] | None:
    """First and last year with participations for an event (None if there are none)."""
    if event == "ended":
        query = f"SELECT min(year(slutdatum)), max(year(slutdatum)) FROM {TABLE}"
    elif event == "started":
        query = f"SELECT min(year(startdatum)), max(year(startdatum)) FROM {TABLE}"
    else:
        query = (
            f"SELECT min(year(startdatum)), "
            f"greatest(max(year(startdatum)), max(year(slutdatum))) FROM {TABLE}"
        )
    with register.query() as con:
        row = con.execute(query).fetchone()
    if row is None or row[0] is None:
        return None
    return int(row[0]), int(row[1])
