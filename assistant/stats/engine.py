"""Grouped counts over the register table with DuckDB.

One query per result: ``GROUP BY GROUPING SETS`` gives the inner cells, the
margins and the grand total together. Column names come from the code lists
(never from the caller) and values are bound as parameters.
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
    params: dict[str, Any] = field(default_factory=dict)

    def bind(self, value: Any) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"${name}"


def _event_condition(
    sql: _Sql, event: Event, from_year: int | None, to_year: int | None, expand_years: bool
) -> str:
    if expand_years:
        # One row per participation and year of the range it was active in.
        return (
            "d.startdatum <= make_date(r.ar, 12, 31) "
            "AND (d.slutdatum IS NULL OR d.slutdatum >= make_date(r.ar, 1, 1))"
        )
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
    parts = []
    values = [label for label in labels if label != dim.empty_label]
    if values:
        parts.append(f"d.{dim.column} IN ({', '.join(sql.bind(v) for v in values)})")
    if dim.empty_label is not None and dim.empty_label in labels:
        parts.append(f"d.{dim.column} IS NULL")
    return "(" + " OR ".join(parts) + ")"


def _group_expression(sql: _Sql, grouping: Grouping, event: Event, expand_years: bool) -> str:
    dim = grouping.dimension
    if dim is None:
        yes = sql.bind(OUTCOME_YES)
        no = sql.bind(OUTCOME_NO)
        values = ", ".join(sql.bind(v) for v in OUTCOME_VALUES)
        return f"CASE WHEN d.avslutsorsak IN ({values}) THEN {yes} ELSE {no} END"
    if dim.column is None:  # the year dimension
        if expand_years:
            return "CAST(r.ar AS VARCHAR)"
        column = "slutdatum" if event == "ended" else "startdatum"
        return f"CAST(year(d.{column}) AS VARCHAR)"
    if dim.empty_label is not None:
        return f"COALESCE(d.{dim.column}, {sql.bind(dim.empty_label)})"
    return f"d.{dim.column}"


def grouped_counts(
    register: Register,
    *,
    event: Event,
    from_year: int | None,
    to_year: int | None,
    groupings: list[Grouping],
    filters: dict[Dimension, list[str]],
) -> dict[tuple[str, ...], int]:
    """Count participations per combination of group values, with all margins.

    Args:
        register: The loaded register.
        event: Which participations are in scope for the period.
        from_year: First year (None = the whole register).
        to_year: Last year.
        groupings: Zero to three group expressions.
        filters: Dimension → labels to keep (any of them).

    Returns:
        ``{key: count}`` where a key has one label per grouping and
        :data:`MARGIN` where the grouping is summed over; the all-``MARGIN`` key
        is the grand total. Combinations with no participants are absent.
    """
    sql = _Sql()
    per_year = any(g.dimension is not None and g.dimension.column is None for g in groupings)
    if per_year and event == "active" and (from_year is None or to_year is None):
        raise ValueError("a per-year count of active participants needs a year range")
    expand_years = per_year and event == "active"
    expressions = [_group_expression(sql, g, event, expand_years) for g in groupings]
    conditions = [_event_condition(sql, event, from_year, to_year, expand_years)]
    conditions += [_filter_condition(sql, dim, labels) for dim, labels in filters.items()]
    source = f"{TABLE} d"
    if expand_years:
        assert from_year is not None and to_year is not None
        source += f", range({sql.bind(from_year)}, {sql.bind(to_year + 1)}) r(ar)"
    elif per_year:
        conditions.append(f"d.{'slutdatum' if event == 'ended' else 'startdatum'} IS NOT NULL")

    names = [f"g{i}" for i in range(len(groupings))]
    selected = [f"{expr} AS {name}" for expr, name in zip(expressions, names, strict=True)]
    inner = (
        f"SELECT {', '.join([*selected, 'd.rowid AS rid'])} FROM {source} "
        f"WHERE {' AND '.join(conditions)}"
    )
    counter = "COUNT(DISTINCT rid)" if expand_years else "COUNT(*)"
    if names:
        sets = _grouping_sets(names)
        flags = ", ".join(f"GROUPING({n})" for n in names)
        query = (
            f"SELECT {', '.join(names)}, {flags}, {counter} FROM ({inner}) "
            f"GROUP BY GROUPING SETS ({sets})"
        )
    else:
        query = f"SELECT {counter} FROM ({inner})"
    with register.query() as con:
        rows = con.execute(query, sql.params).fetchall()

    counts: dict[tuple[str, ...], int] = {}
    width = len(names)
    for row in rows:
        labels, flags_row, count = row[:width], row[width : 2 * width], row[-1]
        key = tuple(
            MARGIN if flag else str(label) for label, flag in zip(labels, flags_row, strict=True)
        )
        counts[key] = int(count)
    counts.setdefault((MARGIN,) * width, 0)
    return counts


def _grouping_sets(names: list[str]) -> str:
    sets: list[tuple[str, ...]] = [()]
    for name in names:
        sets = [*sets, *[(*s, name) for s in sets]]
    return ", ".join("(" + ", ".join(s) + ")" for s in sorted(sets, key=len, reverse=True))


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
