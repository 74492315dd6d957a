"""The statistics functions: counts, outcome rates and trends over a register.

Each function takes an injected :class:`~assistant.register.Register`, returns a
:class:`~assistant.stats.results.StatResult` (aggregates with provenance, never
rows or ids) and applies disclosure control before anything leaves it.

Example:
    >>> from assistant.register import load_register
    >>> from assistant import stats
    >>> register = load_register()
    >>> result = stats.count(register, event="started", year=2024, by=["kön"])
    >>> result.n
    352
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np

from assistant.errors import DisclosureWithheld, StatsArgumentError
from assistant.register.codelists import CodeLists
from assistant.register.dataset import Register
from assistant.stats.definitions import (
    EVENT_LABELS,
    OUTCOME_DEFINITION,
    UNIT_DEFINITION,
    YEAR_DIMENSION,
    Dimension,
    Event,
    dimensions,
    event_definition,
    resolve_dimension,
    resolve_event,
    resolve_value,
)
from assistant.stats.disclosure import DisclosurePolicy, active_ledger
from assistant.stats.engine import (
    MARGIN,
    OUTCOME_NO,
    OUTCOME_YES,
    Grouping,
    Scope,
    atom_counts,
    year_span,
)
from assistant.stats.results import TOTAL, Cell, CellStatus, StatResult, format_count
from assistant.stats.suppression import Status, left_out, protect_system

FilterValue = str | Sequence[str]
Filters = Mapping[str, FilterValue]

_MIN_YEAR, _MAX_YEAR = 1990, 2100


@dataclass(frozen=True)
class _Period:
    from_year: int | None
    to_year: int | None

    @property
    def text(self) -> str:
        if self.from_year is None or self.to_year is None:
            return ""
        if self.from_year == self.to_year:
            return f" {self.from_year}"
        return f" {self.from_year}–{self.to_year}"


def _threshold(threshold: int | None, register: Register | None = None) -> int:
    """The explicit threshold, else the register's policy, else the process settings."""
    if threshold is not None:
        if threshold < 1:
            raise ValueError(f"threshold must be at least 1, got {threshold}")
        return threshold
    if register is not None and register.disclosure is not None:
        return register.disclosure.threshold
    from assistant.settings import get_settings

    return get_settings().suppression_threshold


def _period(year: int | None, from_year: int | None, to_year: int | None) -> _Period:
    if year is not None and (from_year is not None or to_year is not None):
        raise StatsArgumentError(
            "Ange antingen ett år (year) eller ett intervall (from_year och to_year), inte båda."
        )
    if year is not None:
        from_year = to_year = year
    if (from_year is None) != (to_year is None):
        from_year = from_year if from_year is not None else to_year
        to_year = to_year if to_year is not None else from_year
    for value in (from_year, to_year):
        if value is not None and not (isinstance(value, int) and _MIN_YEAR <= value <= _MAX_YEAR):
            raise StatsArgumentError(
                f"Året ”{value}” är inte giltigt. Ange ett år som ett heltal, till exempel 2024."
            )
    if from_year is not None and to_year is not None and from_year > to_year:
        raise StatsArgumentError(
            f"Intervallet {from_year}–{to_year} är omvänt. Ange det tidigaste året som from_year."
        )
    return _Period(from_year, to_year)


def _resolve_by(by: str | Sequence[str] | None, available: dict[str, Dimension]) -> list[Dimension]:
    names = [by] if isinstance(by, str) else list(by or [])
    if len(names) > 2:
        raise StatsArgumentError(
            f"Högst två dimensioner kan kombineras i en tabell; du angav {len(names)}: "
            f"{', '.join(names)}."
        )
    dims = [resolve_dimension(name, available) for name in names]
    if len(dims) == 2 and dims[0].name == dims[1].name:
        raise StatsArgumentError(f"Dimensionen ”{dims[0].name}” angavs två gånger.")
    return dims


def _resolve_filters(
    filters: Filters | None, available: dict[str, Dimension]
) -> dict[Dimension, list[str]]:
    resolved: dict[Dimension, list[str]] = {}
    for name, raw in (filters or {}).items():
        dim = resolve_dimension(name, available)
        if dim.column is None:
            raise StatsArgumentError(
                "Filtrera inte på ”år”; ange perioden med year eller from_year/to_year."
            )
        values = [raw] if isinstance(raw, str) else list(raw)
        if not values:
            raise StatsArgumentError(f"Filtret på ”{dim.name}” har inga värden.")
        labels = list(dict.fromkeys(resolve_value(dim, str(v)) for v in values))
        resolved.setdefault(dim, [])
        resolved[dim] += [label for label in labels if label not in resolved[dim]]
    return resolved


def _year_range(
    register: Register, event: Event, period: _Period, dims: list[Dimension]
) -> _Period:
    """Give a per-year table a concrete range (the years in the data if none was asked)."""
    if any(d.column is None for d in dims) and period.from_year is None:
        span = year_span(register, event)
        if span is None:
            return period
        return _Period(*span)
    return period


def _labels(
    dim: Dimension | None,
    period: _Period,
    counts: dict[tuple[str, ...], int],
    pos: int,
    kept: Sequence[str] | None = None,
) -> list[str]:
    """Row/column labels of a table, in display order; empty label only when it occurs.

    ``kept``: the values a filter on the same dimension keeps. The others are left
    out: a row filtered away is not a row of zeros.
    """
    if dim is not None and kept:
        return [label for label in dim.labels if label in kept] + [
            label for label in kept if label not in dim.labels
        ]
    present = {key[pos] for key in counts if key[pos] != MARGIN}
    if dim is None:
        return [OUTCOME_YES, OUTCOME_NO]
    if dim.column is None:
        if period.from_year is not None and period.to_year is not None:
            return [str(y) for y in range(period.from_year, period.to_year + 1)]
        return sorted(present)
    labels = list(dim.values)
    if dim.empty_label is not None and dim.empty_label in present:
        labels.append(dim.empty_label)
    # Values in the data outside the code lists (cannot happen after validation).
    labels += sorted(present - set(labels))
    return labels


def _display(
    count: int, status: Status, threshold: int, uniform: bool = False
) -> tuple[int | None, str, CellStatus]:
    cell_status: CellStatus = status if status is not None else "shown"
    if uniform and status is not None:
        # The published status is the label: nothing may tell which "dold" is small.
        cell_status = "secondary"
    shown = count if status is None else None
    return shown, format_count(shown, cell_status, threshold), cell_status


def _share(part: int | None, whole: int | None) -> float | None:
    if part is None or whole is None or whole == 0:
        return None
    return part / whole


def _cells(n: int) -> str:
    return "1 cell" if n == 1 else f"{n} celler"


def _suppression_text(
    threshold: int, primary: int, secondary: int, uniform: bool = False, perturbed: bool = False
) -> str:
    if perturbed:
        small = f"; antal från 1 till {threshold - 1} efter bruset visas som ”färre än {threshold}”"
        return (
            "Cell-key-metoden: varje antal har ett litet, fast brus (högst ±2) som bestäms av "
            "vilka deltagare cellen innehåller, så samma grupp alltid får samma tal; summor "
            f"räknas inte om och behöver inte gå ihop{small if threshold > 1 else ''}."
        )
    if threshold <= 1:
        return "Inget röjandeskydd (tröskel 1)."
    if uniform and secondary:
        hidden = secondary
        return (
            f"{_cells(hidden).capitalize()} {'är dold' if hidden == 1 else 'är dolda'}: antal "
            f"från 1 till {threshold - 1} och celler som skyddar dem. Här visas alla som ”dold” "
            f"(kan vara färre än {threshold}), eftersom etiketten ”färre än {threshold}” "
            "annars skulle låta ett litet tal räknas fram ur summorna."
        )
    text = f"Antal från 1 till {threshold - 1} visas som ”färre än {threshold}”"
    text += f" ({_cells(primary)})" if primary else " (inga sådana celler)"
    if secondary:
        text += (
            f"; ytterligare {_cells(secondary)} {'är dold' if secondary == 1 else 'är dolda'} "
            "så att en dold cell inte kan räknas fram ur summorna"
        )
    return text + "."


def _filters_text(filters: dict[Dimension, list[str]]) -> dict[str, list[str]]:
    return {dim.name: labels for dim, labels in filters.items()}


def _title(
    prefix: str, event: Event, period: _Period, dims: Sequence[str], filters: dict[str, list[str]]
) -> str:
    title = f"{prefix} som {EVENT_LABELS[event]}{period.text}"
    if dims:
        title += ", efter " + " och ".join(dims)
    if filters:
        title += " (" + "; ".join(f"{k}: {' eller '.join(v)}" for k, v in filters.items()) + ")"
    return title


@dataclass(frozen=True)
class _Spec:
    """A resolved table request: what is counted and how it is laid out."""

    kind: str  # count, trend or outcome_rate
    event: Event
    period: _Period
    dims: tuple[Dimension, ...]
    filters: tuple[tuple[Dimension, tuple[str, ...]], ...]

    @property
    def scope(self) -> Scope:
        groupings = [Grouping(d) for d in self.dims]
        if self.kind == "outcome_rate":
            groupings.append(Grouping(None))
        return Scope(
            event=self.event,
            from_year=self.period.from_year,
            to_year=self.period.to_year,
            groupings=tuple(groupings),
            filters=self.filters,
        )

    @property
    def filter_map(self) -> dict[Dimension, list[str]]:
        return {dim: list(labels) for dim, labels in self.filters}


@dataclass
class _Layout:
    """A table's cells (inner and margins) with counts and the atoms they sum."""

    values: dict[tuple[str, ...], int]
    rows: list[str]
    cols: list[str]
    additive: list[bool]
    atoms: dict[tuple[str, ...], set[int]]
    perturbed: bool = False


def _spec(
    register: Register,
    kind: str,
    event: Event,
    period: _Period,
    dims: list[Dimension],
    filters: dict[Dimension, list[str]],
) -> _Spec:
    period = _year_range(register, event, period, dims)
    return _Spec(
        kind=kind,
        event=event,
        period=period,
        dims=tuple(dims),
        filters=tuple((d, tuple(v)) for d, v in filters.items()),
    )


def _cells_of(fine: tuple[str | tuple[int, int], ...]) -> list[tuple[str, ...]]:
    """Every key (inner and margins) a participation with this finest key counts in."""
    options: list[list[str]] = []
    for part in fine:
        if isinstance(part, tuple):  # active, per year: each year of the span, and the range
            options.append([*(str(y) for y in range(part[0], part[1] + 1)), MARGIN])
        else:
            options.append([part, MARGIN])
    keys: list[tuple[str, ...]] = [()]
    for choice in options:
        keys = [(*k, c) for k in keys for c in choice]
    return keys


def _layout(spec: _Spec, counts: dict[tuple[str, ...], int]) -> _Layout:
    """The table's keys in display order, with every key's count."""
    dims = list(spec.dims)
    grand: tuple[str, ...] = (MARGIN,) * len(spec.scope.groupings)
    values: dict[tuple[str, ...], int] = {}
    if spec.kind == "outcome_rate":
        outcomes = [OUTCOME_YES, OUTCOME_NO]
        kept = spec.filter_map
        groups = _labels(dims[0], spec.period, counts, 0, kept.get(dims[0])) if dims else []
        for prefix in [*((g,) for g in groups), (MARGIN,)] if dims else [()]:
            for o in [*outcomes, MARGIN]:
                values[(*prefix, o)] = counts.get((*prefix, o), 0)
        return _Layout(values, groups, outcomes, [True, True], {})
    # Along a per-year axis of active participants a person counts in several years,
    # so that axis has no additive total.
    additive = [not (spec.event == "active" and d.column is None) for d in dims]
    values[grand] = counts.get(grand, 0)
    kept = spec.filter_map
    rows = _labels(dims[0], spec.period, counts, 0, kept.get(dims[0])) if dims else []
    cols = _labels(dims[1], spec.period, counts, 1, kept.get(dims[1])) if len(dims) == 2 else []
    if len(dims) == 1:
        for r in rows:
            values[(r,)] = counts.get((r,), 0)
    elif len(dims) == 2:
        for r in rows:
            values[(r, MARGIN)] = counts.get((r, MARGIN), 0)
            for c in cols:
                values[(r, c)] = counts.get((r, c), 0)
        for c in cols:
            values[(MARGIN, c)] = counts.get((MARGIN, c), 0)
    return _Layout(values, rows, cols, additive, {})


def _lines(layout: _Layout) -> list[tuple[tuple[str, ...], list[tuple[str, ...]]]]:
    """Each margin with the cells that split it along one additive axis."""
    out: list[tuple[tuple[str, ...], list[tuple[str, ...]]]] = []
    for total in layout.values:
        for axis, part in enumerate(total):
            if part != MARGIN or (axis < len(layout.additive) and not layout.additive[axis]):
                continue
            parts = [
                key
                for key in layout.values
                if key[axis] != MARGIN
                and all(
                    k == p for a, (k, p) in enumerate(zip(key, total, strict=True)) if a != axis
                )
            ]
            if len(parts) >= 2:
                out.append((total, parts))
    return out


def _audited(
    register: Register, specs: list[_Spec], threshold: int
) -> list[tuple[_Layout, dict[tuple[str, ...], Status], bool]]:
    """Lay out the tables and decide, over all of them at once, which cells to hide.

    The tables already in the register's session ledger are part of the system
    (locked: their cells keep the status they were shown with); the new tables
    are recorded in it.
    """
    policy = register.disclosure
    if policy is None:  # a register loaded without settings: the process settings apply
        from assistant.settings import get_settings

        policy = DisclosurePolicy.from_settings(get_settings())
    ledger = policy.ledger if policy.ledger is not None else active_ledger()
    if not policy.session:
        ledger = None
    register_id = (str(register.provenance.path), register.provenance.sha256)
    earlier = ledger.shown(register_id) if ledger is not None else []
    known = {spec: (status, uniform) for spec, status, uniform in earlier}
    all_specs = [spec for spec, _, _ in earlier] + specs
    cellkey = policy.method == "cellkey"
    if cellkey:
        for spec in specs:
            for dim, labels in spec.filters:
                if len(labels) > 1:
                    # "D in S" for many sets S covers many different groups of rows,
                    # each with its own noise: averaging their differences removes it.
                    raise StatsArgumentError(
                        f"Med brusade tal (cell-key) kan filtret på ”{dim.name}” bara ha "
                        "ett värde. Fråga efter ett värde i taget eller dela upp tabellen "
                        f"på {dim.name}."
                    )
        all_specs = list(specs)  # no audit: nothing earlier to solve with
    atoms = atom_counts(register, [s.scope for s in all_specs], record_keys=cellkey)
    counts: list[dict[tuple[str, ...], int]] = [{} for _ in all_specs]
    members: list[dict[tuple[str, ...], set[int]]] = [{} for _ in all_specs]
    for index, (fine_keys, n, _) in enumerate(atoms):
        for t, fine in enumerate(fine_keys):
            if fine is None:
                continue
            for key in _cells_of(fine):
                counts[t][key] = counts[t].get(key, 0) + n
                members[t].setdefault(key, set()).add(index)
    if cellkey:
        return [
            _perturbed(spec, counts[t], members[t], atoms, threshold)
            for t, spec in enumerate(specs)
        ]
    layouts = []
    cells: dict[tuple[int, tuple[str, ...]], set[int]] = {}
    lines: list[tuple[tuple[int, tuple[str, ...]], list[tuple[int, tuple[str, ...]]]]] = []
    locked: dict[tuple[int, tuple[str, ...]], Status] = {}
    locked_uniform: set[tuple[int, tuple[str, ...]]] = set()
    for t, spec in enumerate(all_specs):
        layout = _layout(spec, counts[t])
        layout.atoms = {key: members[t].get(key, set()) for key in layout.values}
        layouts.append(layout)
        for key in layout.values:
            cells[(t, key)] = layout.atoms[key]
        lines += [((t, total), [(t, k) for k in parts]) for total, parts in _lines(layout)]
        if t < len(earlier):
            locked.update({(t, key): st for key, st in earlier[t][1].items()})
            if earlier[t][2]:
                locked_uniform |= {(t, key) for key in earlier[t][1]}
    # A table asked for again gets the status it was shown with.
    for t, spec in enumerate(specs, len(earlier)):
        if spec in known:
            locked.update({(t, key): st for key, st in known[spec][0].items()})
            if known[spec][1]:
                locked_uniform |= {(t, key) for key in known[spec][0]}
    protection = protect_system(
        cells,
        [n for _, n, _ in atoms],
        threshold,
        locked=locked,
        locked_uniform=locked_uniform,
        lines=lines,
        groups=_left_out_groups(cells, all_specs, len(atoms)),
    )
    if protection.unprotected:
        # No choice of the new tables' cells protects these groups: the figures shown
        # earlier in the session, the new tables' zeros and what their labels say give
        # them away whatever is hidden. Nothing is shown (nor recorded in the ledger).
        raise DisclosureWithheld(_withheld_text(specs, threshold, session=bool(earlier)))
    out = []
    for t, spec in enumerate(specs, len(earlier)):
        status = {key: protection.status[(t, key)] for key in layouts[t].values}
        # A table shown before keeps its labels; a new one gets this publication's.
        uniform = known[spec][1] if spec in known else protection.uniform
        out.append((layouts[t], status, uniform))
        if ledger is not None:
            ledger.record(register_id, spec, status, uniform)
    return out


def _spec_title(spec: _Spec) -> str:
    """The title a table of ``spec`` is published under."""
    filters = _filters_text(spec.filter_map)
    names = [d.name for d in spec.dims]
    if spec.kind == "outcome_rate":
        return _title(
            "Andel till arbete eller studier bland dem", "ended", spec.period, names, filters
        )
    prefix = "Deltagare per år" if spec.kind == "trend" else "Antal deltagare"
    return _title(prefix, spec.event, spec.period, names, filters)


def _withheld_text(specs: Sequence[_Spec], threshold: int, *, session: bool) -> str:
    """Why a publication is withheld (Swedish): which tables, and what they would give away."""
    titles = "; ".join(f"”{_spec_title(spec)}”" for spec in specs)
    what = "Tabellen" if len(specs) == 1 else "Tabellerna"
    context = (
        "Tillsammans med statistiken som redan visats i samma samtal eller session"
        if session
        else "Med sina nollor och summor"
    )
    return (
        f"{what} {titles} visas inte (röjandeskydd). {context} skulle "
        f"{'den' if len(specs) == 1 else 'de'} låta ett antal från 1 till {threshold - 1} "
        "personer räknas fram, hur många celler som än döljs. Fråga efter en större "
        "grupp, utan den här uppdelningen eller för en längre period."
    )


def _left_out_groups(
    cells: dict[tuple[int, tuple[str, ...]], set[int]], specs: list[_Spec], n_atoms: int
) -> list[tuple[Hashable, list[int]]]:
    """Per cell and filtered dimension, the atoms the filtered cells inside it leave out."""
    keys = list(cells)
    members = np.zeros((len(keys), n_atoms), dtype=bool)
    for i, key in enumerate(keys):
        members[i, list(cells[key])] = True
    out: list[tuple[Hashable, list[int]]] = []
    for dim in dict.fromkeys(d for spec in specs for d, _ in spec.filters):
        tables = {t for t, spec in enumerate(specs) if any(d == dim for d, _ in spec.filters)}
        filtered = [i for i, (t, _) in enumerate(keys) if t in tables]
        for c, rest in left_out(members, filtered):
            out.append(((keys[c], dim.name), [int(a) for a in np.flatnonzero(rest)]))
    return out


def _hidden_counts(status: dict[tuple[str, ...], Status], uniform: bool) -> tuple[int, int]:
    """Cells hidden as small and as protection (in a uniform table: all as "dold")."""
    primary = sum(1 for s in status.values() if s == "primary")
    secondary = sum(1 for s in status.values() if s == "secondary")
    return (0, primary + secondary) if uniform else (primary, secondary)


def _perturbed(
    spec: _Spec,
    counts: dict[tuple[str, ...], int],
    members: dict[tuple[str, ...], set[int]],
    atoms: list[tuple[tuple[Any, ...], int, int]],
    threshold: int,
) -> tuple[_Layout, dict[tuple[str, ...], Status], bool]:
    """The cell-key method: every count perturbed by its cell key; 1..threshold-1
    after perturbation shown as "färre än N" (no secondary suppression)."""
    from assistant.stats.cellkey import cell_key, perturb

    noisy = {
        key: perturb(n, cell_key(sum(atoms[i][2] for i in members.get(key, ()))))
        for key, n in counts.items()
    }
    layout = _layout(spec, noisy)
    status: dict[tuple[str, ...], Status] = {
        key: "primary" if 0 < value < threshold else None for key, value in layout.values.items()
    }
    layout.perturbed = True
    return layout, status, False


def _count_result(
    register: Register,
    spec: _Spec,
    layout: _Layout,
    status: dict[tuple[str, ...], Status],
    threshold: int,
    uniform: bool = False,
) -> StatResult:
    dims, period, values = list(spec.dims), spec.period, layout.values
    rows, cols, additive = layout.rows, layout.cols, layout.additive
    grand: tuple[str, ...] = (MARGIN,) * len(dims)
    shown: dict[tuple[str, ...], int | None] = {}
    cells_by_key: dict[tuple[str, ...], tuple[int | None, str, CellStatus]] = {}
    for key, count in values.items():
        cells_by_key[key] = _display(count, status[key], threshold, uniform)
        shown[key] = cells_by_key[key][0]
    n_shown, n_display, _ = cells_by_key[grand]

    def make(key: tuple[str, ...], denominator: int | None) -> Cell:
        count, display, cell_status = cells_by_key[key]
        return Cell(
            key=tuple(TOTAL if k == MARGIN else k for k in key),
            count=count,
            display=display,
            status=cell_status,
            share=_share(count, denominator),
        )

    cells: list[Cell] = []
    margins: list[Cell] = []
    if len(dims) == 1:
        cells = [make((r,), n_shown if additive[0] else None) for r in rows]
        share_of = (
            ("alla i urvalet" if n_shown is None else f"alla {n_display} i urvalet")
            if additive[0]
            else ""
        )
    elif len(dims) == 2:
        for r in rows:
            row_total = shown[(r, MARGIN)] if additive[1] else None
            cells += [make((r, c), row_total) for c in cols]
        margins = [make((r, MARGIN), n_shown if additive[0] else None) for r in rows]
        margins += [make((MARGIN, c), n_shown if additive[1] else None) for c in cols]
        share_of = f"raden (summan för varje värde av {dims[0].name})"
    else:
        share_of = ""

    primary, secondary = _hidden_counts(status, uniform)
    filters_text = _filters_text(spec.filter_map)
    definition = event_definition(spec.event, period.from_year, period.to_year)
    definition += " " + UNIT_DEFINITION
    prefix = "Deltagare per år" if spec.kind == "trend" else "Antal deltagare"
    return StatResult(
        kind="trend" if spec.kind == "trend" else "count",
        title=_title(prefix, spec.event, period, [d.name for d in dims], filters_text),
        event=spec.event,
        from_year=period.from_year,
        to_year=period.to_year,
        definition=definition,
        filters=filters_text,
        group_by=[d.name for d in dims],
        n=n_shown,
        n_display=n_display,
        cells=cells,
        margins=margins,
        columns=cols,
        share_of=share_of,
        suppression=_suppression_text(threshold, primary, secondary, uniform, layout.perturbed),
        uniform_labels=uniform,
        perturbed=layout.perturbed,
        threshold=threshold,
        suppressed_primary=primary,
        suppressed_secondary=secondary,
        provenance=register.provenance,
    )


def _outcome_result(
    register: Register,
    spec: _Spec,
    layout: _Layout,
    status: dict[tuple[str, ...], Status],
    limit: int,
    uniform: bool = False,
) -> StatResult:
    dims, period, values = list(spec.dims), spec.period, layout.values

    def make(prefix: tuple[str, ...]) -> Cell:
        ended, ended_display, ended_status = _display(
            values[(*prefix, MARGIN)], status[(*prefix, MARGIN)], limit, uniform
        )
        yes, yes_display, yes_status = _display(
            values[(*prefix, OUTCOME_YES)], status[(*prefix, OUTCOME_YES)], limit, uniform
        )
        no_hidden = status[(*prefix, OUTCOME_NO)] is not None
        rate = None if no_hidden or yes_status != "shown" else _share(yes, ended)
        return Cell(
            key=tuple(TOTAL if k == MARGIN else k for k in prefix) or (TOTAL,),
            count=ended,
            display=ended_display,
            status=ended_status,
            share=rate,
            numerator=yes,
            numerator_display=yes_display,
        )

    cells = [make((g,)) for g in layout.rows]
    overall = make((MARGIN,) if dims else ())
    primary, secondary = _hidden_counts(status, uniform)
    filters_text = _filters_text(spec.filter_map)
    definition = " ".join(
        [
            event_definition("ended", period.from_year, period.to_year),
            OUTCOME_DEFINITION,
            UNIT_DEFINITION,
        ]
    )
    title = _title(
        "Andel till arbete eller studier bland dem",
        "ended",
        period,
        [d.name for d in dims],
        filters_text,
    )
    return StatResult(
        kind="outcome_rate",
        title=title,
        event="ended",
        from_year=period.from_year,
        to_year=period.to_year,
        definition=definition,
        filters=filters_text,
        group_by=[d.name for d in dims],
        n=overall.count,
        n_display=overall.display,
        cells=cells,
        margins=[overall],
        share_of="de som avslutade i samma grupp",
        suppression=_suppression_text(limit, primary, secondary, uniform, layout.perturbed),
        uniform_labels=uniform,
        perturbed=layout.perturbed,
        threshold=limit,
        suppressed_primary=primary,
        suppressed_secondary=secondary,
        provenance=register.provenance,
    )


@dataclass(frozen=True)
class Request:
    """One table to publish with :func:`publish`: the function and its arguments.

    Example:
        >>> Request("count", {"event": "started", "year": 2024, "by": ["kön"]})
        Request(kind='count', arguments={'event': 'started', 'year': 2024, 'by': ['kön']})
    """

    kind: Literal["count", "trend", "outcome_rate"]
    arguments: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in ("count", "trend", "outcome_rate"):
            raise ValueError(f"unknown table kind {self.kind!r}")


def _resolve(register: Register, request: Request) -> _Spec:
    args = dict(request.arguments)
    available = dimensions(register.codelists)
    filters = _resolve_filters(args.pop("filters", None), available)
    if request.kind == "count":
        period = _period(
            args.pop("year", None), args.pop("from_year", None), args.pop("to_year", None)
        )
        event = resolve_event(args.pop("event", "started"))
        dims = _resolve_by(args.pop("by", None), available)
    elif request.kind == "trend":
        period = _period(None, args.pop("from_year", None), args.pop("to_year", None))
        event = resolve_event(args.pop("event", "started"))
        by = args.pop("by", None)
        dims = _resolve_by([YEAR_DIMENSION, *([by] if by else [])], available)
    else:
        period = _period(
            args.pop("year", None), args.pop("from_year", None), args.pop("to_year", None)
        )
        event = "ended"
        by = args.pop("by", None)
        dims = _resolve_by(by, available)
        if len(dims) > 1:
            raise StatsArgumentError(
                "Andelen till arbete eller studier delas upp på högst en dimension."
            )
    if args:
        raise TypeError(f"unexpected arguments for {request.kind}: {', '.join(sorted(args))}")
    return _spec(register, request.kind, event, period, dims, filters)


def publish(
    register: Register, requests: Sequence[Request], *, threshold: int | None = None
) -> list[StatResult]:
    """Compute tables that are published together and protect them as one system.

    Primary suppression hides every count from 1 to ``threshold - 1``; secondary
    suppression then hides the fewest, smallest further cells (a total when that
    is cheapest) so that no hidden count, and no small group that a difference
    of shown counts would isolate, can be narrowed to 1..threshold-1 by solving
    all the tables' linear constraints together (see :mod:`.suppression`). When
    the register carries a session ledger, the tables shown earlier in the
    session are part of the system and the new tables are recorded in it.

    Args:
        register: The loaded register (its disclosure policy applies).
        requests: The tables, in order.
        threshold: Overrides the register's policy threshold.

    Returns:
        One :class:`StatResult` per request, in order.

    Raises:
        StatsArgumentError: A request names an unknown event, dimension or value.
        DisclosureWithheld: No choice of cells protects the tables: with what the
            session has shown, their zeros and their labels, some count of
            1..threshold-1 could be computed whatever is hidden. Nothing is shown or
            recorded; the message (Swedish) names the tables and says why.

    Example:
        >>> tables = publish(register, [
        ...     Request("count", {"event": "started", "year": 2024, "by": "stadsdel"}),
        ...     Request("count", {"event": "started", "year": 2024, "by": "kön"}),
        ... ])  # doctest: +SKIP
    """
    limit = _threshold(threshold, register)
    specs = [_resolve(register, r) for r in requests]
    results = []
    audited = _audited(register, specs, limit)
    for spec, (layout, status, uniform) in zip(specs, audited, strict=True):
        build = _outcome_result if spec.kind == "outcome_rate" else _count_result
        results.append(build(register, spec, layout, status, limit, uniform))
    return results


def count(
    register: Register,
    *,
    event: str = "started",
    year: int | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    by: str | Sequence[str] | None = None,
    filters: Filters | None = None,
    threshold: int | None = None,
) -> StatResult:
    """Count participations, optionally split by one or two dimensions, with shares.

    Args:
        register: The loaded register.
        event: ``started`` (Startdatum in the period), ``ended`` (Slutdatum in the
            period) or ``active`` (in an insats at some time in the period); Swedish
            words such as ``startade`` work too.
        year: A single year; or give ``from_year`` and ``to_year`` (inclusive).
        from_year: First year of a range.
        to_year: Last year of a range.
        by: Zero, one or two dimension names (see :func:`dimension_names`).
        filters: Dimension name → value or list of values to keep.
        threshold: Disclosure threshold (default: the register's disclosure
            policy, else ``settings.suppression_threshold``).

    Raises:
        StatsArgumentError: An unknown event, dimension or value, or a bad period;
            the message says what is allowed.

    Example:
        >>> count(register, event="started", year=2024, by=["anmälande part"],
        ...       filters={"kön": "Kvinna"})  # doctest: +SKIP
    """
    arguments = {
        "event": event,
        "year": year,
        "from_year": from_year,
        "to_year": to_year,
        "by": by,
        "filters": filters,
    }
    return publish(register, [Request("count", arguments)], threshold=threshold)[0]


def trend(
    register: Register,
    *,
    event: str = "started",
    from_year: int | None = None,
    to_year: int | None = None,
    by: str | None = None,
    filters: Filters | None = None,
    threshold: int | None = None,
) -> StatResult:
    """Count participations per year (optionally split by one more dimension).

    Without a range, all years with data are used. For ``active`` a participation
    counts in every year it was active, so the years do not add up to the total.

    Raises:
        StatsArgumentError: An unknown event, dimension or value, or a bad period.
    """
    arguments = {
        "event": event,
        "from_year": from_year,
        "to_year": to_year,
        "by": by,
        "filters": filters,
    }
    return publish(register, [Request("trend", arguments)], threshold=threshold)[0]


def outcome_rate(
    register: Register,
    *,
    year: int | None = None,
    from_year: int | None = None,
    to_year: int | None = None,
    by: str | None = None,
    filters: Filters | None = None,
    threshold: int | None = None,
) -> StatResult:
    """Share who went to arbete or studier among those who ended, overall and by group.

    Each cell's ``count`` is the number who ended, ``numerator`` the number who
    went to arbete or studier and ``share`` the rate. The overall figure is in
    ``margins``; a rate is hidden when either of its counts (or the number who
    ended for another reason) is hidden.

    Raises:
        StatsArgumentError: An unknown dimension or value, or a bad period.

    Example:
        >>> outcome_rate(register, year=2024, by="kön")  # doctest: +SKIP
    """
    arguments = {
        "year": year,
        "from_year": from_year,
        "to_year": to_year,
        "by": by,
        "filters": filters,
    }
    return publish(register, [Request("outcome_rate", arguments)], threshold=threshold)[0]


def dimension_names(register: Register) -> dict[str, list[str]]:
    """Every dimension with its possible values (``år`` has none: any year).

    Example:
        >>> dimension_names(register)["kön"]  # doctest: +SKIP
        ['Kvinna', 'Man', 'Annat/okänt']
    """
    return {name: list(dim.labels) for name, dim in dimensions(register.codelists).items()}


def vocabulary(register: Register) -> dict[str, dict[str, object]]:
    """Words for the answer engine: per dimension its synonyms and value synonyms.

    Returns:
        ``{dimension: {"synonyms": [...], "values": [...], "value_synonyms": {word: value}}}``.
    """
    return vocabulary_from_codelists(register.codelists)


def vocabulary_from_codelists(codelists: CodeLists) -> dict[str, dict[str, object]]:
    """Like :func:`vocabulary`, from the code lists alone (no register needs loading)."""
    out: dict[str, dict[str, object]] = {}
    for name, dim in dimensions(codelists).items():
        out[name] = {
            "synonyms": list(dim.synonyms),
            "values": list(dim.labels),
            "value_synonyms": dict(dim.value_synonyms),
        }
    return out
