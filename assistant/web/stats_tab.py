"""The "Statistik" tab: counts and outcome rates from the participant register.

The controls are parsed into one call of :func:`assistant.stats.count` or
:func:`assistant.stats.outcome_rate`; the table, chart and CSV show its result.
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from assistant.errors import FinsamError
from assistant.settings import Settings
from assistant.stats.disclosure import Ledger, SessionLedgers, with_ledger
from assistant.understanding.rules import load_table
from assistant.web.audit import statistics_audit_record, write_audit
from assistant.web.formatting import HIDDEN_NOTE, stat_csv, stat_table_html, user_error

ALL_YEARS = "Alla år"
NO_FILTER = "(inget urval)"
MEASURE_COUNT = "Antal deltagare"
MEASURE_OUTCOME = "Andel till arbete eller studier (bland avslutade)"
#: Shown label → the event word the statistics functions accept (from the one word table).
EVENTS = {label: event for event, label in load_table().event_labels.items()}

StatsOutputs = tuple[str, str, str, Any, str, str | None]
YEAR_DIMENSION = "år"

#: Tables shown per web session: each new result is audited together with them.
_session_ledgers = SessionLedgers()


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
    request: gr.Request | None = None,
    *,
    ledger: Ledger | None = None,
) -> StatsOutputs:
    """Parse the controls, call the statistics core once and format the result.

    The result is audited together with the tables shown earlier in the same
    session (``ledger``, or the web session's), and the request is written to the
    audit log when one is configured.
    """
    from assistant import stats
    from assistant.register import load_register
    from assistant.web.charts import chart_data, draw

    dims = [d for d in (by or []) if d][:2]
    trend = YEAR_DIMENSION in dims
    if trend:
        # Years go on the category axis (a line chart) and the period is every year.
        dims = [YEAR_DIMENSION, *(d for d in dims if d != YEAR_DIMENSION)]
    filters = (
        {filter_dimension: list(filter_values)}
        if filter_dimension and filter_dimension != NO_FILTER and filter_values
        else None
    )
    year_value = None if trend or not year or year == ALL_YEARS else int(year)
    # The web session's ledger is kept only once a request of it has succeeded:
    # invalid requests from other sessions cannot crowd it out (SessionLedgers).
    session_key = getattr(request, "session_hash", None) if ledger is None else None
    if session_key:
        ledger = _session_ledgers.find(session_key)
        if ledger is None:
            ledger = Ledger()
    result: stats.StatResult | None = None
    try:
        register = load_register(settings=settings)
        if ledger is not None:
            register = with_ledger(register, ledger)
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
        if session_key and ledger is not None:
            _session_ledgers.keep(session_key, ledger)
    except Exception as err:
        message = f"⚠️ {user_error(err)}"
        return message, "", "", gr.update(value=None, visible=False), "", None
    finally:
        write_audit(
            settings.audit_log,
            statistics_audit_record(
                getattr(request, "username", None),
                "statistik",
                {"measure": measure, "event": event, "year": year, "by": dims, "filters": filters},
                result.title if result is not None else None,
            ),
        )
    assert result is not None
    notes = "\n".join(f"- {line}" for line in result.provenance_lines())
    if trend and year and year != ALL_YEARS:
        notes = f"- Uppdelat på år: alla år visas, inte bara {year}.\n" + notes
    if result.suppressed_primary or result.suppressed_secondary:
        notes += f"\n- {HIDDEN_NOTE}"
    data = chart_data(result)
    chart = (
        gr.update(value=None, visible=False)
        if data.kind == "none"
        else gr.update(value=draw(data), visible=True)
    )
    return (
        f"### {result.title}",
        stat_table_html(result),
        data.reason,
        chart,
        notes,
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
            [MEASURE_COUNT, MEASURE_OUTCOME],
            value=MEASURE_COUNT,
            label="Mått",
            scale=2,
            elem_id="statistik-matt",
        )
        event = gr.Radio(
            list(EVENTS),
            value="började",
            label="Händelse (för antal)",
            scale=1,
            elem_id="statistik-handelse",
        )
        year = gr.Dropdown(
            years,
            value=years[1] if len(years) > 1 else ALL_YEARS,
            label="År",
            elem_id="statistik-ar",
        )
    with gr.Row():
        by = gr.Dropdown(
            dim_names,
            # A split whose cells are all shown makes a telling first chart.
            value=["anmälande part"] if "anmälande part" in dim_names else [],
            multiselect=True,
            max_choices=2,
            label="Dela upp på (högst två)",
            elem_id="statistik-dela",
        )
        filter_dimension = gr.Dropdown(
            filterable, value=NO_FILTER, label="Urval: dimension", elem_id="statistik-urval"
        )
        filter_values = gr.Dropdown(
            [],
            value=[],
            multiselect=True,
            allow_custom_value=True,
            label="Urval: värden",
            elem_id="statistik-varden",
        )
    show = gr.Button("Visa statistik", variant="primary", elem_id="statistik-visa")
    title = gr.Markdown(elem_id="statistik-titel")
    # HTML, not gr.Dataframe: proportional font, whole-word headers, every column in view.
    table = gr.HTML(elem_id="statistik-tabell")
    reason = gr.Markdown(elem_id="statistik-diagraminfo")
    chart = gr.Plot(label="Diagram", format="png", visible=False, elem_id="statistik-diagram")
    notes = gr.Markdown(elem_id="statistik-kalla")
    csv_file = gr.File(label="Ladda ner CSV", elem_id="statistik-csv")

    def values_for(dimension: str | None) -> Any:
        choices = dimensions.get(dimension or "", [])
        return gr.update(choices=choices, value=[])

    filter_dimension.change(values_for, filter_dimension, filter_values, api_visibility="private")

    def handler(
        measure: str,
        event: str,
        year: str,
        by: list[str] | None,
        filter_dimension: str | None,
        filter_values: list[str] | None,
        request: gr.Request,
    ) -> StatsOutputs:
        return run_statistics(
            settings, measure, event, year, by, filter_dimension, filter_values, request
        )

    show.click(
        handler,
        [measure, event, year, by, filter_dimension, filter_values],
        [title, table, reason, chart, notes, csv_file],
        api_name="statistik",
    )
