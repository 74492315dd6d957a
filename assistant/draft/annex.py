"""The statistics annex ("Statistiksammanställning") of a tjänsteutlåtande.

The real tjänsteutlåtande in the corpus attaches a compilation of participant
statistics (Bilaga 1). The draft does the same from the participant register:
a fixed set of aggregates for one year, each a
:class:`~assistant.stats.StatResult` with provenance and disclosure control.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from assistant import stats
from assistant.stats import StatResult

if TYPE_CHECKING:
    from assistant.register import Register

ANNEX_TITLE = "Statistiksammanställning över deltagare i insatserna"


def annex_year(skrivelse_date: str, today: dt.date | None = None) -> int:
    """The last full calendar year before the skrivelse (or before today)."""
    if len(skrivelse_date) >= 4 and skrivelse_date[:4].isdigit():
        return int(skrivelse_date[:4]) - 1
    return (today or dt.date.today()).year - 1


def statistics_annex(register: Register, year: int) -> list[StatResult]:
    """Standard aggregates for ``year``: who referred, time without work, district,
    outcomes by sex and reasons for ending.

    Example:
        >>> from assistant.register import load_register
        >>> tables = statistics_annex(load_register(), 2024)  # doctest: +SKIP
        >>> tables[0].cell("Stockholms stad").count  # doctest: +SKIP
        130
    """
    # Published together, so audited together (one linear system).
    return stats.publish(
        register,
        [
            stats.Request("count", {"event": "started", "year": year, "by": "anmälande part"}),
            stats.Request("count", {"event": "started", "year": year, "by": "tid utan arbete"}),
            stats.Request("count", {"event": "started", "year": year, "by": "stadsdel"}),
            stats.Request("outcome_rate", {"year": year, "by": "kön"}),
            stats.Request("count", {"event": "ended", "year": year, "by": "avslutsorsak"}),
        ],
    )
