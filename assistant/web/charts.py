"""Charts of statistics results, as a careful colleague would draw them.

:func:`chart_data` decides what to draw from a :class:`~assistant.stats.StatResult`
(pure data, tested without drawing); :func:`stat_figure` draws it with
matplotlib. The rules:

- horizontal bars sorted by size, the full label wrapped at word, slash or
  hyphen boundaries (never inside a word), the value written on each bar;
- two dimensions: grouped bars with the legend above the plot;
- a hidden cell is drawn as a hatched stub labelled "färre än 5" or "dold",
  never silently left out;
- years: a line chart, one line per group;
- no chart for a single total (a one-bar chart says nothing) or when every
  cell is hidden (an empty chart looks like zero); :attr:`ChartData.reason`
  says why instead.

The library was chosen by measurement (README, "Diagram"): matplotlib sent as
PNG weighs a few kilobytes against 4.6 MB of plotly.js, and draws in the
same time as the Vega-Lite ``gr.BarPlot``, which cannot draw horizontal bars,
values on bars or hatched cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from assistant.stats import Cell, StatResult

#: Labels wrap at this many characters (measured: the longest code-list value,
#: 70 characters, takes four lines and leaves 60 % of a 900 px figure to the bars).
WRAP = 26
HIDDEN_COLOR = "#9e9e9e"
#: Colour-blind safe palette (Okabe–Ito), in the order series are drawn.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
NO_CHART_TOTAL = "Resultatet är en enda siffra; den visas i tabellen i stället för som diagram."
NO_CHART_HIDDEN = (
    "Alla celler är dolda av röjandeskyddet (färre än 5 eller dolda för att skydda "
    "dem), så det finns inget att rita. Välj ett bredare urval eller färre uppdelningar."
)
NO_CHART_EMPTY = "Inga deltagare i urvalet, så det finns inget att rita."


@dataclass(frozen=True)
class Point:
    """One bar or line point.

    Attributes:
        group: The label on the category axis (row value, or year).
        series: The legend entry (second dimension), or "" for one series.
        value: The bar length (count, or percent for rates); 0 for hidden cells.
        text: What is written on the bar ("23", "16 % (32 av 197)", "färre än 5").
        hidden: The cell is hidden by disclosure control.
    """

    group: str
    series: str
    value: float
    text: str
    hidden: bool = False


@dataclass
class ChartData:
    """What to draw for one result; ``kind == "none"`` carries the reason instead."""

    kind: Literal["bars", "line", "none"]
    title: str = ""
    axis: str = ""
    groups: list[str] = field(default_factory=list)
    series: list[str] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    reason: str = ""

    def point(self, group: str, series: str = "") -> Point | None:
        return next((p for p in self.points if p.group == group and p.series == series), None)


def wrap_label(label: str, width: int = WRAP) -> str:
    """Wrap ``label`` on spaces, slashes and hyphens; a word is never broken."""
    tokens = [t for t in re.split(r"(?<=[\s/\-–])", label) if t]
    lines: list[str] = []
    line = ""
    for token in tokens:
        if line and len(line) + len(token.rstrip()) > width:
            lines.append(line.rstrip())
            line = ""
        line += token
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)


def chart_data(result: StatResult) -> ChartData:
    """Decide what to draw for ``result`` (see the module docstring for the rules)."""
    outcome = result.kind == "outcome_rate"
    dims = list(result.group_by)
    axis = "Andel till arbete eller studier (%)" if outcome else "Antal deltagare"
    if not dims or not result.cells:
        return ChartData("none", reason=NO_CHART_TOTAL)
    cells = [c for c in result.cells if not (outcome and not c.count and c.status == "shown")]
    if not cells:
        return ChartData("none", reason=NO_CHART_EMPTY)
    if not any(c.status == "shown" and (c.share if outcome else c.count) for c in cells):
        # Only zeros besides hidden cells: the chart would show nothing but stubs.
        hidden = any(c.status != "shown" for c in cells)
        return ChartData("none", reason=NO_CHART_HIDDEN if hidden else NO_CHART_EMPTY)
    points: list[Point] = []
    for cell in cells:
        group = cell.key[0]
        column = cell.key[1] if len(cell.key) > 1 else ""
        if cell.status != "shown" or (outcome and cell.share is None):
            points.append(Point(group, column, 0.0, _hidden_text(cell, outcome), True))
        elif outcome:
            share = round((cell.share or 0.0) * 100, 1)
            text = f"{cell.share_display} ({cell.numerator_display} av {cell.display})"
            points.append(Point(group, column, share, text))
        else:
            points.append(Point(group, column, float(cell.count or 0), cell.display))
    names = list(dict.fromkeys(p.series for p in points))
    # A series with nothing in it (only zeros) adds a legend entry and no bar.
    kept = [s for s in names if any(p.hidden or p.value for p in points if p.series == s)]
    series = kept or names
    points = [p for p in points if p.series in series]
    groups = list(dict.fromkeys(p.group for p in points))
    if len(points) == 1:
        return ChartData("none", reason=NO_CHART_TOTAL)
    if dims[0] == "år":
        return ChartData("line", result.title, axis, groups, series, points)
    size = {g: sum(p.value for p in points if p.group == g) for g in groups}
    order = {g: i for i, g in enumerate(groups)}
    hidden_only = {g for g in groups if all(p.hidden for p in points if p.group == g)}
    groups.sort(key=lambda g: (g in hidden_only, -size[g], order[g]))
    return ChartData("bars", result.title, axis, groups, series, points)


def _hidden_text(cell: Cell, outcome: bool) -> str:
    if outcome:
        return f"andelen dold ({cell.display} avslutade)"
    return cell.display


def stat_figure(result: StatResult) -> Figure | None:
    """The chart of ``result`` as a matplotlib figure, or None (see :func:`chart_data`)."""
    data = chart_data(result)
    if data.kind == "none":
        return None
    return draw(data)


def draw(data: ChartData) -> Figure:
    """Draw ``data`` (bars or line) on a new figure sized to its labels."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    if data.kind == "line":
        fig = Figure(figsize=(9, 4.6), dpi=100, layout="constrained")
        FigureCanvasAgg(fig)
        _line(fig, data)
        return fig
    labels = [wrap_label(g) for g in data.groups]
    per_group = max(len(data.series), 1)
    row = max(max(label.count("\n") + 1 for label in labels) * 0.2, 0.24 * per_group + 0.14)
    legend = 0.45 if len(data.series) > 1 else 0.0
    height = min(0.9 + legend + row * len(labels), 14.0)
    fig = Figure(figsize=(9, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)  # no pyplot: figures are never kept in a global registry
    _bars(fig, data, labels)
    return fig


def _bars(fig: Figure, data: ChartData, labels: list[str]) -> None:
    from matplotlib.ticker import MaxNLocator

    ax = fig.add_subplot()
    n_series = max(len(data.series), 1)
    band = 0.8
    width = band / n_series
    top = max((p.value for p in data.points), default=0.0) or 1.0
    for k, series in enumerate(data.series):
        ys, xs, texts, hidden = [], [], [], []
        for i, group in enumerate(data.groups):
            point = data.point(group, series)
            if point is None:
                continue
            # First group at the top, first series at the top of its band.
            ys.append(i + (k - (n_series - 1) / 2) * width)
            xs.append(point.value)
            texts.append(point.text)
            hidden.append(point.hidden)
        color = PALETTE[k % len(PALETTE)]
        shown = [j for j, h in enumerate(hidden) if not h]
        bars = ax.barh(
            [ys[j] for j in shown],
            [xs[j] for j in shown],
            height=width * 0.92,
            color=color,
            label=series or None,
        )
        ax.bar_label(bars, labels=[texts[j] for j in shown], padding=3, fontsize=9)
        stub = top * 0.012
        for j, h in enumerate(hidden):
            if h:
                ax.barh(
                    ys[j],
                    stub,
                    height=width * 0.92,
                    color="white",
                    edgecolor=HIDDEN_COLOR,
                    hatch="///",
                )
                ax.text(
                    stub + top * 0.01,
                    ys[j],
                    texts[j],
                    va="center",
                    fontsize=9,
                    style="italic",
                    color="#555555",
                )
    ax.set_yticks(range(len(labels)), labels=labels, fontsize=9)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    longest = max((len(p.text) for p in data.points), default=4)
    ax.set_xlim(0, top * (1.08 + 0.012 * longest))
    ax.set_xlabel(data.axis, fontsize=9)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#e6e6e6")
    ax.set_axisbelow(True)
    if len(data.series) > 1:
        fig.legend(
            loc="outside upper center",
            ncols=min(len(data.series), 4),
            frameon=False,
            fontsize=9,
        )


def _line(fig: Figure, data: ChartData) -> None:
    from matplotlib.ticker import MaxNLocator

    ax = fig.add_subplot()
    xs = list(range(len(data.groups)))
    top = max((p.value for p in data.points), default=0.0) or 1.0
    for k, series in enumerate(data.series):
        color = PALETTE[k % len(PALETTE)]
        values: list[float | None] = []
        for group in data.groups:
            point = data.point(group, series)
            values.append(None if point is None or point.hidden else point.value)
        ax.plot(
            xs,
            [float("nan") if v is None else v for v in values],
            marker="o",
            linewidth=2.5,
            color=color,
            label=series or None,
        )
        for x, v in zip(xs, values, strict=True):
            if v is None:
                # Hidden: an open marker on the axis, not a gap that looks like zero.
                ax.plot(x, 0, marker="x", color=HIDDEN_COLOR, linestyle="none")
            elif len(data.series) == 1:
                # Several lines: values would collide; the table beside carries them.
                ax.annotate(
                    f"{v:,.0f}".replace(",", "\u00a0"),
                    (x, v),
                    textcoords="offset points",
                    xytext=(0, 6),
                    ha="center",
                    fontsize=8,
                    color=color,
                )
    if any(p.hidden for p in data.points):
        ax.plot([], [], marker="x", color=HIDDEN_COLOR, linestyle="none", label="dold")
    ax.set_xticks(xs, labels=data.groups, fontsize=9)
    ax.set_ylim(0, top * 1.15)
    ax.set_ylabel(data.axis, fontsize=9)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#e6e6e6")
    if len(data.series) > 1 or any(p.hidden for p in data.points):
        fig.legend(loc="outside upper center", ncols=min(len(data.series) + 1, 5), frameon=False)
