"""The "Statistik" tab: counts and outcome rates from the participant register.

The controls are parsed into one call of :func:`assistant.stats.count` or
:func:`assistant.stats.outcome_rate`; the table, chart and CSV show its result.
"""

from __future__ import annotations

from typing import Any

import gradio as gr
import pandas as pd

from assistant.errors import FinsamError
from assistant.settings import Settings
from assistant.understanding.rules import load_table
from assistant.web.formatting import (
    CHART_SERIES,
    CHART_X,
    CHART_Y,
    HIDDEN_NOTE,
    empty_chart,
    stat_csv,
    stat_frame,
    user_error,
)

ALL_YEARS = "Alla år"
NO_FILTER = "(inget urval)"
MEASURE_COUNT = "Antal deltagare"
MEASURE_OUTCOME = "Andel till arbete eller studier (bland avslutade)"
#: Shown label → the event word the statistics functions accept (from the one word table).
EVENTS = {label: event for event, label in load_table().event_labels.items()}

StatsOutputs = tuple[str, Any, str, Any, str | None]


def _options(settings: Settings) -> tuple[list[str], dict[str, list[str]]]:
    from assistant.register import load_register
    from assistant.stats import dimension_names
    from assistant.stats.engine import year_span

    register = load_register(settings.participants)
    span = year_span(register, "active")
    years = [str(y) for y in range(span[0], span[1] + 1)] if span else []
    return [ALL_YEARS, *reversed(years)], dimension_names(register)


def run_statistics(
    settings: Settings,
    measure: str,
    event: str,
    year: str,
    by: list[str] | None,
    filter_dimension: str | None,
    filter_values: list[str] | None,
) -> StatsOutputs:
    """Parse the controls, call the statistics core once and format the result."""
    from assistant import stats
    from assistant.register import load_register

    dims = [d for d in (by or []) if d][:2]
    filters = (
        {filter_dimension: list(filter_values)}
        if filter_dimension and filter_dimension != NO_FILTER and filter_values
        else None
    )
    year_value = None if not year or year == ALL_YEARS else int(year)
    try:
        register = load_register(settings.participants)
        if measure == MEASURE_OUTCOME:
            if len(dims) > 1:
                raise FinsamError(
                    "Andelen till arbete eller studier kan delas upp på en dimension i taget. "
                    "Välj bara en."
                )
            result = stats.outcome_rate(
                register, year=year_value, by=dims[0] if dims else None, filters=filters
            )
        else:
            result = stats.count(
                register,
                event=EVENTS.get(event, event),
                year=year_value,
                by=dims or None,
                filters=filters,
            )
    except Exception as err:
        message = f"⚠️ {user_error(err)}"
        return message, None, "", empty_chart(), None
    header, rows = result.table_rows()
    table = pd.DataFrame(rows, columns=header)
    notes = "\n".join(f"- {line}" for line in result.provenance_lines())
    if result.suppressed_primary or result.suppressed_secondary:
        notes += f"\n- {HIDDEN_NOTE}"
    frame = stat_frame(result)
    return (
        f"### {result.title}",
        table,
        notes,
        frame,
        str(stat_csv(result)),
    )


def build(settings: Settings) -> None:
    """Lay out the tab inside the current Blocks."""
    try:
        years, dimensions = _options(settings)
        problem = ""
    except Exception as err:
        years, dimensions, problem = [ALL_YEARS], {}, f"⚠️ {user_error(err)}"
    dim_names = [d for d in dimensions if d != "år"] + (["år"] if "år" in dimensions else [])
    filterable = [NO_FILTER, *(d for d in dimensions if dimensions[d])]
    if problem:
        gr.Markdown(problem)
    with gr.Row():
        measure = gr.Radio(
            [MEASURE_COUNT, MEASURE_OUTCOME], value=MEASURE_COUNT, label="Mått", scale=2
        )
        event = gr.Radio(list(EVENTS), value="började", label="Händelse (för antal)", scale=1)
        year = gr.Dropdown(years, value=years[1] if len(years) > 1 else ALL_YEARS, label="År")
    with gr.Row():
        by = gr.Dropdown(
            dim_names,
            # A split whose cells are all shown makes a telling first chart.
            value=["anmälande part"] if "anmälande part" in dim_names else [],
            multiselect=True,
            max_choices=2,
            label="Dela upp på (högst två)",
        )
        filter_dimension = gr.Dropdown(filterable, value=NO_FILTER, label="Urval: dimension")
        filter_values = gr.Dropdown(
            [], value=[], multiselect=True, allow_custom_value=True, label="Urval: värden"
        )
    show = gr.Button("Visa statistik", variant="primary", elem_id="statistik-visa")
    title = gr.Markdown(elem_id="statistik-titel")
    with gr.Row():
        table = gr.Dataframe(
            label="Tabell", interactive=False, wrap=True, elem_id="statistik-tabell"
        )
        chart = gr.BarPlot(
            # None, not an empty frame: a chart created empty never draws later bars.
            value=None,
            x=CHART_X,
            y=CHART_Y,
            color=CHART_SERIES,
            label="Diagram",
            elem_id="statistik-diagram",
            height=360,
        )
    notes = gr.Markdown(elem_id="statistik-kalla")
    csv_file = gr.File(label="Ladda ner CSV", elem_id="statistik-csv")

    def values_for(dimension: str | None) -> Any:
        choices = dimensions.get(dimension or "", [])
        return gr.update(choices=choices, value=[])

    filter_dimension.change(values_for, filter_dimension, filter_values, api_visibility="private")

    def handler(*args: Any) -> StatsOutputs:
        return run_statistics(settings, *args)

    show.click(
        handler,
        [measure, event, year, by, filter_dimension, filter_values],
        [title, table, notes, chart, csv_file],
        api_name="statistik",
    )
