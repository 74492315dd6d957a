"""The statistics functions as LangChain tools for the chat engine.

Each tool returns ``(content, artifact)``: ``content`` is a Markdown table with
its provenance for the model to quote, ``artifact`` the result's ``to_dict()``
for the application to show and cite. An argument that is not allowed gives a
Swedish message saying what is allowed (never an exception), so a model can
correct its call.

Example:
    >>> from assistant.stats.tools import make_stats_tools
    >>> tools = make_stats_tools()  # uses load_register() when called
    >>> [t.name for t in tools]
    ['count_participants', 'outcome_rate', 'participants_per_year', 'list_dimensions']
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from langchain_core.tools import BaseTool, StructuredTool
from pydantic import BaseModel, Field, ValidationError

from assistant.errors import FinsamError
from assistant.register.dataset import Register
from assistant.stats.definitions import dimensions
from assistant.stats.queries import count, outcome_rate, trend, vocabulary
from assistant.stats.results import StatResult
from assistant.understanding.rules import event_help, load_table, ranking_help

RegisterSource = Register | Callable[[], Register] | None

_DIMENSIONS_HELP = (
    "Dimensioner: kön, åldersgrupp, utbildning, tid utan arbete, anmälande part, insats, "
    "stadsdel, avslutsorsak, försörjning vid start, år. Anropa list_dimensions för värdena."
)
#: Read from the question-understanding table, so the model sees the same event words as
#: the offline parser ("skrevs in" = started, "lämnade" = ended, "fick stöd" = active).
_EVENT_HELP = event_help()
_RANKING_HELP = ranking_help()
_FILTERS_HELP = (
    'Urval: dimension -> värde eller lista av värden, t.ex. {"kön": "Kvinna", '
    '"insats": ["FINSAM-team"]}. Inte \'år\' (använd year/from_year/to_year).'
)


class CountArgs(BaseModel):
    """Arguments of ``count_participants``."""

    event: str = Field(default=load_table().default_event, description=_EVENT_HELP)
    year: int | None = Field(default=None, description="Ett år, t.ex. 2024.")
    from_year: int | None = Field(default=None, description="Första år i ett intervall.")
    to_year: int | None = Field(default=None, description="Sista år i ett intervall.")
    by: list[str] = Field(
        default_factory=list, description="Noll, en eller två dimensioner. " + _DIMENSIONS_HELP
    )
    filters: dict[str, str | list[str]] = Field(default_factory=dict, description=_FILTERS_HELP)


class OutcomeArgs(BaseModel):
    """Arguments of ``outcome_rate``."""

    year: int | None = Field(default=None, description="Avslutsår, t.ex. 2024.")
    from_year: int | None = Field(default=None, description="Första år i ett intervall.")
    to_year: int | None = Field(default=None, description="Sista år i ett intervall.")
    by: str | None = Field(
        default=None, description="Högst en dimension att dela upp på. " + _DIMENSIONS_HELP
    )
    filters: dict[str, str | list[str]] = Field(default_factory=dict, description=_FILTERS_HELP)


class TrendArgs(BaseModel):
    """Arguments of ``participants_per_year``."""

    event: str = Field(default=load_table().default_event, description=_EVENT_HELP)
    from_year: int | None = Field(default=None, description="Första år (standard: första i data).")
    to_year: int | None = Field(default=None, description="Sista år (standard: sista i data).")
    by: str | None = Field(default=None, description="Högst en dimension till. " + _DIMENSIONS_HELP)
    filters: dict[str, str | list[str]] = Field(default_factory=dict, description=_FILTERS_HELP)


class NoArgs(BaseModel):
    """No arguments."""


def _validation_message(error: ValidationError) -> str:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e['loc']) or 'argument'}: {e['msg']}" for e in error.errors()
    )
    return (
        f"Ogiltiga argument ({problems}). År anges som heltal (t.ex. 2024), by som en lista "
        f"med dimensionsnamn och filters som {{dimension: värde}}. {_DIMENSIONS_HELP}"
    )


def _resolver(source: RegisterSource) -> Callable[[], Register]:
    if isinstance(source, Register):
        register = source
        return lambda: register
    if source is None:
        from assistant.register.dataset import load_register

        return load_register
    return source


def _run(
    call: Callable[[], StatResult], on_result: Callable[[StatResult], None] | None = None
) -> tuple[str, dict[str, Any] | None]:
    try:
        result = call()
    except FinsamError as exc:
        return f"Kunde inte beräkna: {exc.message}", None
    if on_result is not None:
        on_result(result)
    return result.to_markdown_table(), result.to_dict()


def make_stats_tools(
    register: RegisterSource = None, *, on_result: Callable[[StatResult], None] | None = None
) -> list[BaseTool]:
    """Build the statistics tools over a register.

    Args:
        register: A loaded register, a function returning one, or None to use
            :func:`~assistant.register.load_register` (the configured file) at call time.
        on_result: Called with every :class:`StatResult` a tool produces, so a caller
            (the LLM backend) can attach the results themselves to its answer.

    Returns:
        ``count_participants``, ``outcome_rate``, ``participants_per_year`` and
        ``list_dimensions``.
    """
    get = _resolver(register)

    def count_participants(
        event: str = "started",
        year: int | None = None,
        from_year: int | None = None,
        to_year: int | None = None,
        by: list[str] | None = None,
        filters: dict[str, str | list[str]] | None = None,
    ) -> tuple[str, dict[str, Any] | None]:
        return _run(
            lambda: count(
                get(),
                event=event,
                year=year,
                from_year=from_year,
                to_year=to_year,
                by=by or [],
                filters=filters or {},
            ),
            on_result,
        )

    def outcome(
        year: int | None = None,
        from_year: int | None = None,
        to_year: int | None = None,
        by: str | None = None,
        filters: dict[str, str | list[str]] | None = None,
    ) -> tuple[str, dict[str, Any] | None]:
        return _run(
            lambda: outcome_rate(
                get(),
                year=year,
                from_year=from_year,
                to_year=to_year,
                by=by,
                filters=filters or {},
            ),
            on_result,
        )

    def per_year(
        event: str = "started",
        from_year: int | None = None,
        to_year: int | None = None,
        by: str | None = None,
        filters: dict[str, str | list[str]] | None = None,
    ) -> tuple[str, dict[str, Any] | None]:
        return _run(
            lambda: trend(
                get(),
                event=event,
                from_year=from_year,
                to_year=to_year,
                by=by,
                filters=filters or {},
            ),
            on_result,
        )

    def list_dimensions() -> tuple[str, dict[str, Any] | None]:
        try:
            reg = get()
        except FinsamError as exc:
            return f"Kunde inte läsa deltagarregistret: {exc.message}", None
        names = {name: list(dim.labels) for name, dim in dimensions(reg.codelists).items()}
        names["år"] = ["valfritt år, t.ex. 2024"]
        return json.dumps(names, ensure_ascii=False, indent=1), {
            "dimensions": names,
            "vocabulary": vocabulary(reg),
        }

    common: dict[str, Any] = {
        "response_format": "content_and_artifact",
        "handle_validation_error": _validation_message,
    }
    return [
        StructuredTool.from_function(
            count_participants,
            name="count_participants",
            description=(
                "Räknar deltagare (deltaganden) i förbundets insatser ur deltagarregistret, "
                "totalt eller uppdelat på en eller två dimensioner, med andelar. Exempel: hur "
                "många startade 2024 per anmälande part: event='started', year=2024, "
                "by=['anmälande part']. Hur många FINSAM-team-deltagare 2018–2024 hade "
                "försörjningsstöd: event='started', from_year=2018, to_year=2024, "
                "by=['försörjning vid start'], filters={'insats': 'FINSAM-team'}. "
                "Små tal visas som 'färre än 5'; återge dem så, räkna aldrig ut dem. "
                + _RANKING_HELP
            ),
            args_schema=CountArgs,
            **common,
        ),
        StructuredTool.from_function(
            outcome,
            name="outcome_rate",
            description=(
                "Andel som gick vidare till arbete eller studier (Avslutsorsak Arbete eller "
                "Studier) bland dem som avslutade en insats under perioden, totalt och per "
                "grupp. Exempel: year=2024, by='kön'."
            ),
            args_schema=OutcomeArgs,
            **common,
        ),
        StructuredTool.from_function(
            per_year,
            name="participants_per_year",
            description=(
                "Antal deltagare per år för att visa utveckling över tid, t.ex. "
                "event='started', from_year=2018, to_year=2024, filters={'insats': "
                "'FINSAM-team'}. För 'active' räknas en deltagare varje år hen deltog."
            ),
            args_schema=TrendArgs,
            **common,
        ),
        StructuredTool.from_function(
            list_dimensions,
            name="list_dimensions",
            description=(
                "Listar dimensionerna som statistiken kan delas upp och filtreras på, med "
                "tillåtna värden."
            ),
            args_schema=NoArgs,
            **common,
        ),
    ]
