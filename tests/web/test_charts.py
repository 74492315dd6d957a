"""Charts drawn from real statistics results over the demo register.

Label overlap is checked on the figure's own layout: after drawing, the
window extents of the category labels must not intersect, and the legend and
every label must lie inside the figure.
"""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from assistant import stats
from assistant.register import load_register
from assistant.web.charts import (
    NO_CHART_EMPTY,
    NO_CHART_HIDDEN,
    NO_CHART_TOTAL,
    chart_data,
    draw,
    wrap_label,
)

LONG = "Fortsatt stöd hos jobbtorg/Arbetsförmedlingen/rehabiliteringssamverkan"


@pytest.fixture(scope="module")
def register() -> Any:
    return load_register()


def _extents(fig: Any) -> tuple[list[Any], Any, Any]:
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    labels = [t for t in ax.get_yticklabels() if t.get_text()]
    boxes = [t.get_window_extent(renderer) for t in labels]
    legend = fig.legends[0].get_window_extent(renderer) if fig.legends else None
    return boxes, legend, fig.bbox


def test_wrap_label_breaks_at_slashes_and_spaces_never_inside_a_word() -> None:
    wrapped = wrap_label(LONG)
    assert wrapped.replace("\n", " ").replace("/ ", "/") == LONG
    words = set(LONG.replace("/", " ").split())
    for line in wrapped.splitlines():
        for word in line.replace("/", " ").split():
            assert word in words, (word, wrapped)
    assert all(len(line) <= 26 or " " not in line for line in wrapped.splitlines())


@pytest.mark.parametrize(
    "by",
    [
        ["avslutsorsak", "kön"],
        ["stadsdel"],
        ["försörjning vid start"],
        ["insats", "åldersgrupp"],
    ],
)
def test_bar_labels_do_not_overlap_and_stay_inside_the_figure(register: Any, by: list[str]) -> None:
    result = stats.count(register, event="ended" if "avslutsorsak" in by else "started", by=by)
    data = chart_data(result)
    assert data.kind == "bars"
    fig = draw(data)
    boxes, legend, frame = _extents(fig)
    for a, b in itertools.combinations(boxes, 2):
        assert not a.overlaps(b), (a, b)
    for box in boxes:
        assert box.x0 >= frame.x0 - 1 and box.y0 >= frame.y0 - 1 and box.y1 <= frame.y1 + 1
    if len(by) == 2:
        assert legend is not None
        assert legend.y1 <= frame.y1 + 1 and legend.x0 >= frame.x0 - 1
        texts = [t.get_text() for t in fig.legends[0].get_texts()]
        assert texts[:2] == ["Kvinna", "Man"] or "kön" not in by
    else:
        assert legend is None


def test_bars_are_sorted_by_size_with_hidden_groups_last(register: Any) -> None:
    result = stats.count(
        register, event="ended", year=2024, by="avslutsorsak", filters={"kön": ["Man"]}
    )
    data = chart_data(result)
    sizes = [p.value for g in data.groups for p in data.points if p.group == g]
    shown = [s for s, g in zip(sizes, data.groups, strict=True) if not data.point(g).hidden]
    assert shown == sorted(shown, reverse=True)
    hidden = [g for g in data.groups if data.point(g).hidden]
    assert hidden and data.groups[-len(hidden) :] == hidden
    assert all(data.point(g).text in {"dold", "färre än 5"} for g in hidden)
    assert LONG in data.groups


def test_outcome_rate_bars_say_share_and_counts_and_mark_hidden_shares(register: Any) -> None:
    result = stats.outcome_rate(register, year=2024, by="anmälande part")
    data = chart_data(result)
    texts = {p.group: p.text for p in data.points}
    assert texts["Hälso- och sjukvården"] == "22 % (30 av 137)"
    assert any(p.hidden and "andelen dold" in p.text for p in data.points)


def test_years_give_a_line_chart(register: Any) -> None:
    data = chart_data(stats.count(register, event="started", by="år"))
    assert data.kind == "line"
    assert data.groups == sorted(data.groups)
    fig = draw(data)
    assert fig.axes[0].get_lines()


def test_single_total_and_all_hidden_and_empty_give_no_chart(register: Any) -> None:
    total = chart_data(stats.count(register, event="started", year=2024))
    assert (total.kind, total.reason) == ("none", NO_CHART_TOTAL)
    hidden = chart_data(
        stats.count(
            register, event="started", year=2024, by="stadsdel", filters={"insats": ["Novum"]}
        )
    )
    assert (hidden.kind, hidden.reason) == ("none", NO_CHART_HIDDEN)
    empty = chart_data(
        stats.count(
            register, event="ended", year=2023, by="kön", filters={"insats": ["Aktivitetsplatsen"]}
        )
    )
    assert (empty.kind, empty.reason) == ("none", NO_CHART_EMPTY)
