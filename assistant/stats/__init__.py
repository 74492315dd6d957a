"""Statistics over the participant register, with disclosure control and provenance.

The functions take an injected :class:`~assistant.register.Register` and return a
:class:`StatResult`: aggregates only, never rows or ids, each carrying the data
file, its sha256, rows read, the definition used, filters, group-by, n and the
suppression applied.

Example:
    >>> from assistant import stats
    >>> from assistant.register import load_register
    >>> register = load_register()
    >>> stats.count(register, event="ended", year=2024).n
    348
"""

from assistant.stats.definitions import (
    EVENTS,
    OUTCOME_DEFINITION,
    UNIT_DEFINITION,
    Dimension,
    Event,
    event_definition,
)
from assistant.stats.disclosure import DisclosurePolicy, Ledger
from assistant.stats.queries import (
    Request,
    count,
    dimension_names,
    outcome_rate,
    publish,
    trend,
    vocabulary,
)
from assistant.stats.results import SYNTHETIC_NOTICE, Cell, StatResult
from assistant.stats.suppression import Interval, audit, protect

__all__ = [
    "EVENTS",
    "OUTCOME_DEFINITION",
    "SYNTHETIC_NOTICE",
    "UNIT_DEFINITION",
    "Cell",
    "Dimension",
    "DisclosurePolicy",
    "Event",
    "Interval",
    "Ledger",
    "Request",
    "StatResult",
    "audit",
    "count",
    "dimension_names",
    "event_definition",
    "outcome_rate",
    "protect",
    "publish",
    "trend",
    "vocabulary",
]
