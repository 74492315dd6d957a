"""What the statistics count: events, definitions and dimensions, stated once.

Every result repeats the definition it was computed with, in Swedish, so a
figure can always be traced back to what was counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assistant.errors import StatsArgumentError
from assistant.register.codelists import CodeLists, normalize_value
from assistant.register.dataset import AGE_GROUPS
from assistant.understanding.rules import event_aliases

Event = Literal["started", "ended", "active"]
EVENTS: tuple[Event, ...] = ("started", "ended", "active")

#: Swedish words accepted for each event (a model or a user may use them), read from the
#: question-understanding table (assistant/understanding/glossary.json).
EVENT_ALIASES: dict[str, Event] = {
    word: event for word, event in event_aliases().items() if event in EVENTS
}

#: Event names as shown to users.
EVENT_LABELS: dict[Event, str] = {
    "started": "startade en insats",
    "ended": "avslutade en insats",
    "active": "deltog i en insats",
}

UNIT_DEFINITION = (
    "Varje rad i registret är ett deltagande: den som deltagit i flera insatser räknas "
    "en gång per insats."
)

OUTCOME_VALUES: tuple[str, ...] = ("Arbete", "Studier")
OUTCOME_DEFINITION = (
    "Arbete eller studier = Avslutsorsak Arbete eller Studier. Andelen räknas bland dem "
    "som avslutade en insats (Slutdatum) under perioden."
)

YEAR_DIMENSION = "år"
AGE_DIMENSION = "åldersgrupp"


def event_definition(event: Event, from_year: int | None, to_year: int | None) -> str:
    """The Swedish definition of an event for a period (None = the whole register).

    Example:
        >>> event_definition("active", 2024, 2024)
        'Deltog under 2024: Startdatum senast 2024-12-31 och Slutdatum saknas eller är 2024-01-01 eller senare.'
    """  # noqa: E501
    if from_year is None or to_year is None:
        whole = {
            "started": "Startade: alla deltaganden i registret (oavsett startår).",
            "ended": "Avslutade: alla deltaganden med Slutdatum (oavsett år).",
            "active": "Deltog: alla deltaganden i registret (oavsett år).",
        }
        return whole[event]
    period = str(from_year) if from_year == to_year else f"{from_year}–{to_year}"
    first, last = f"{from_year}-01-01", f"{to_year}-12-31"
    texts = {
        "started": f"Startade {period}: Startdatum från {first} till {last}.",
        "ended": f"Avslutade {period}: Slutdatum från {first} till {last}.",
        "active": (
            f"Deltog under {period}: Startdatum senast {last} och Slutdatum saknas eller är "
            f"{first} eller senare."
        ),
    }
    return texts[event]


@dataclass(frozen=True)
class Dimension:
    """A way to split or filter the participants.

    Attributes:
        name: Swedish name used in calls and tables (``kön``, ``anmälande part``).
        column: Column in the register table (None for ``år``, which depends on the event).
        values: Possible values in display order (empty for ``år``).
        empty_label: Label for an empty value (``Pågår (ej avslutad)``), if empties occur.
        synonyms: Other words for the dimension name.
        value_synonyms: Words in questions that mean a value.
    """

    name: str
    column: str | None
    values: tuple[str, ...]
    empty_label: str | None = None
    synonyms: tuple[str, ...] = ()
    value_synonyms: tuple[tuple[str, str], ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """All labels a table can show, the empty label last."""
        return self.values + ((self.empty_label,) if self.empty_label else ())


def dimensions(codelists: CodeLists) -> dict[str, Dimension]:
    """All dimensions, keyed by their Swedish name, in a stable order."""
    found: dict[str, Dimension] = {}
    for spec in codelists.dimension_columns():
        assert spec.dimension is not None
        found[spec.dimension] = Dimension(
            name=spec.dimension,
            column=spec.key,
            values=spec.values,
            empty_label=spec.empty_label,
            synonyms=spec.dimension_synonyms,
            value_synonyms=(*spec.aliases.items(), *spec.synonyms.items()),
        )
        if spec.key == "kon":
            found[AGE_DIMENSION] = Dimension(
                name=AGE_DIMENSION,
                column="aldersgrupp",
                values=tuple(label for label, _, _ in AGE_GROUPS),
                synonyms=("åldersgrupp", "ålder", "åldrar", "åldersfördelning"),
                value_synonyms=(
                    ("unga vuxna", "16–29"),
                    ("unga", "16–29"),
                    ("vuxna", "30–49"),
                    ("äldre", "50–67"),
                ),
            )
    found[YEAR_DIMENSION] = Dimension(
        name=YEAR_DIMENSION,
        column=None,
        values=(),
        synonyms=("år", "årtal", "per år", "över tid", "utveckling"),
    )
    return found


def resolve_event(event: str) -> Event:
    """Map an event name or a Swedish word for it to an :data:`Event`.

    Raises:
        StatsArgumentError: Unknown event; the message lists the allowed ones.
    """
    found = EVENT_ALIASES.get(normalize_value(event))
    if found is None:
        raise StatsArgumentError(
            f"Händelsen ”{event}” finns inte. Tillåtna värden: "
            "”started” (startade under perioden), ”ended” (avslutade under perioden), "
            "”active” (deltog någon gång under perioden)."
        )
    return found


def resolve_dimension(name: str, available: dict[str, Dimension]) -> Dimension:
    """Find a dimension by name or synonym (case and spaces ignored).

    Raises:
        StatsArgumentError: Unknown dimension; the message lists the allowed ones.
    """
    wanted = normalize_value(name).replace("_", " ")
    for dim in available.values():
        if wanted == normalize_value(dim.name) or wanted in (
            normalize_value(s) for s in dim.synonyms
        ):
            return dim
    allowed = ", ".join(f"”{d}”" for d in available)
    raise StatsArgumentError(f"Dimensionen ”{name}” finns inte. Tillåtna dimensioner: {allowed}.")


def resolve_value(dim: Dimension, value: str) -> str:
    """Map a value (or an accepted spelling or synonym) of a dimension to its label.

    Raises:
        StatsArgumentError: Not a value of the dimension; the message lists the allowed ones.
    """
    wanted = normalize_value(value)
    for label in dim.labels:
        if normalize_value(label) == wanted:
            return label
    for word, label in dim.value_synonyms:
        if normalize_value(word) == wanted:
            return label
    allowed = ", ".join(f"”{v}”" for v in dim.labels)
    raise StatsArgumentError(
        f"Värdet ”{value}” finns inte för dimensionen ”{dim.name}”. Tillåtna värden: {allowed}."
    )
