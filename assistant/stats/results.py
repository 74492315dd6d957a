"""Statistics results: aggregate cells with their provenance.

A :class:`StatResult` never holds a row or an id: only counts (or hidden
counts), shares and the information needed to trace them: data file, sha256,
rows read, definition, filters, group-by, n and the suppression applied.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from assistant.register.dataset import Provenance

CellStatus = Literal["shown", "primary", "secondary"]
TOTAL = "Totalt"

SYNTHETIC_NOTICE = "Syntetiska demodata – inga verkliga deltagare."


def format_count(count: int | None, status: CellStatus, threshold: int) -> str:
    """The text shown for a count: the number, "färre än N" or "dold"."""
    if status == "primary":
        return f"färre än {threshold}"
    if status == "secondary" or count is None:
        return "dold"
    return f"{count:,}".replace(",", "\u00a0")


def format_share(share: float | None) -> str:
    """A share as whole percent (``37 %``), or an empty string when hidden."""
    if share is None:
        return ""
    return f"{round(share * 100):d} %"


@dataclass(frozen=True)
class Cell:
    """One figure of a result.

    Attributes:
        key: The group values, one per group-by dimension (``TOTAL`` in a margin).
        count: The count, or None when it is hidden.
        display: What to show: the number, "färre än 5" or "dold".
        status: ``shown``, ``primary`` (1..threshold-1) or ``secondary`` (hidden so
            that another hidden cell cannot be worked out).
        share: Share of the reference total (see :attr:`StatResult.share_of`), or None.
        numerator: For outcome rates: those who went to arbete or studier (None if hidden).
        numerator_display: What to show for ``numerator``.
    """

    key: tuple[str, ...]
    count: int | None
    display: str
    status: CellStatus
    share: float | None = None
    numerator: int | None = None
    numerator_display: str | None = None

    @property
    def share_display(self) -> str:
        """The share as whole percent, or an empty string."""
        return format_share(self.share)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        data = asdict(self)
        data["key"] = list(self.key)
        data["share_display"] = self.share_display
        return data


@dataclass(frozen=True)
class StatResult:
    """An aggregate with its provenance.

    Attributes:
        kind: ``count``, ``outcome_rate`` or ``trend``.
        title: A Swedish one-line description.
        event: ``started``, ``ended`` or ``active``.
        from_year: First year of the period (None = whole register).
        to_year: Last year of the period.
        definition: Swedish definitions used (event, unit, outcome).
        filters: Dimension → accepted values.
        group_by: The dimensions of the table, in order.
        n: Number of participations in scope (None if hidden).
        n_display: What to show for n.
        cells: Inner cells, one per combination of group values (zeros included).
        share_of: What :attr:`Cell.share` is a share of, in Swedish.
        suppression: Swedish description of the disclosure control applied.
        threshold: Counts from 1 to ``threshold - 1`` are hidden.
        suppressed_primary: Number of cells hidden as too small.
        suppressed_secondary: Number of cells hidden to protect them.
        provenance: Data file, sha256, rows read, synthetic.
        margins: Row and column totals of a two-way table (key has ``TOTAL``); for
            an outcome rate the overall figure.
        columns: Column labels of a two-way table, in display order.
        uniform_labels: Every hidden cell is shown as "dold" (so "dold" may be
            small here): the "färre än N" labels would have let a count be worked out.
        perturbed: The counts carry cell-key noise (``disclosure_method=cellkey``).
    """

    kind: Literal["count", "outcome_rate", "trend"]
    title: str
    event: str
    from_year: int | None
    to_year: int | None
    definition: str
    filters: dict[str, list[str]]
    group_by: list[str]
    n: int | None
    n_display: str
    cells: list[Cell]
    share_of: str
    suppression: str
    threshold: int
    suppressed_primary: int
    suppressed_secondary: int
    provenance: Provenance
    margins: list[Cell] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    uniform_labels: bool = False
    perturbed: bool = False

    @property
    def synthetic(self) -> bool:
        """Whether the figures come from the synthetic demo register."""
        return self.provenance.synthetic

    def cell(self, *key: str) -> Cell:
        """Return the cell (or margin) with this key.

        Raises:
            KeyError: No such cell.
        """
        for cell in (*self.cells, *self.margins):
            if cell.key == key:
                return cell
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form, provenance included."""
        return {
            "kind": self.kind,
            "title": self.title,
            "event": self.event,
            "from_year": self.from_year,
            "to_year": self.to_year,
            "definition": self.definition,
            "filters": self.filters,
            "group_by": self.group_by,
            "n": self.n,
            "n_display": self.n_display,
            "share_of": self.share_of,
            "cells": [c.to_dict() for c in self.cells],
            "margins": [c.to_dict() for c in self.margins],
            "suppression": {
                "threshold": self.threshold,
                "primary": self.suppressed_primary,
                "secondary": self.suppressed_secondary,
                "uniform_labels": self.uniform_labels,
                "perturbed": self.perturbed,
                "description": self.suppression,
            },
            "provenance": self.provenance.to_dict(),
            "notice": SYNTHETIC_NOTICE if self.synthetic else None,
        }

    def provenance_lines(self, full_path: bool = False) -> list[str]:
        """Swedish lines saying where the figures come from and how they were made.

        Args:
            full_path: Show the data file's full path instead of its name.
        """
        prov = self.provenance
        lines = []
        if prov.synthetic:
            lines.append(SYNTHETIC_NOTICE)
        shown = str(prov.path) if full_path else prov.path.name
        lines.append(f"Datafil: {shown} ({prov.rows} rader, sha256 {prov.sha256})")
        lines.append(f"Definition: {self.definition}")
        if self.filters:
            shown = "; ".join(f"{k} = {' eller '.join(v)}" for k, v in self.filters.items())
            lines.append(f"Urval: {shown}")
        if self.group_by:
            lines.append(f"Uppdelat på: {', '.join(self.group_by)}")
        lines.append(f"n = {self.n_display}")
        lines.append(f"Röjandeskydd: {self.suppression}")
        return lines

    def table_rows(self) -> tuple[list[str], list[list[str]]]:
        """Header and rows of the result as display strings (for Markdown and the CLI)."""
        if self.kind == "outcome_rate":
            return self._outcome_rows()
        if len(self.group_by) == 2:
            return self._pivot_rows()
        header = [self.group_by[0] if self.group_by else "", "Antal", "Andel"]
        rows = [[" / ".join(c.key), c.display, c.share_display] for c in self.cells]
        total_share = "100 %" if self.n is not None and self.n > 0 and self.cells else ""
        rows.append([TOTAL, self.n_display, total_share if self.group_by else ""])
        return header, rows

    def _pivot_rows(self) -> tuple[list[str], list[list[str]]]:
        first, second = self.group_by
        columns = self.columns
        header = [f"{first} \\ {second}", *columns, TOTAL]
        by_key = {c.key: c for c in (*self.cells, *self.margins)}
        rows = []
        row_values = list(dict.fromkeys(c.key[0] for c in self.cells))
        for value in row_values:
            row = [value]
            for column in columns:
                row.append(by_key[(value, column)].display)
            row.append(by_key[(value, TOTAL)].display)
            rows.append(row)
        rows.append(
            [TOTAL, *(by_key[(TOTAL, column)].display for column in columns), self.n_display]
        )
        return header, rows

    def _outcome_rows(self) -> tuple[list[str], list[list[str]]]:
        header = [
            self.group_by[0] if self.group_by else "",
            "Avslutade",
            "Till arbete eller studier",
            "Andel",
        ]
        rows = [
            [" / ".join(c.key), c.display, c.numerator_display or "", c.share_display]
            for c in (*self.cells, *self.margins)
        ]
        return header, rows

    def to_markdown_table(self) -> str:
        """The result as a Markdown table followed by its provenance lines."""
        header, rows = self.table_rows()

        def line(values: list[str]) -> str:
            return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"

        out = [f"**{self.title}**", "", line(header), line(["---"] * len(header))]
        out += [line(r) for r in rows]
        out.append("")
        out += [f"- {text}" for text in self.provenance_lines()]
        return "\n".join(out)
