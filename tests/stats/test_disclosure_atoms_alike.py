"""Atoms split finer than the published cells are one group to an attacker.

The audit's atoms come from every table's grouping, also for rows a table does
not count (the table ended 2024 by avslutsorsak splits the rows that started and
ended in 2023 by their avslutsorsak, though it counts none of them). An attacker
reads only the published cells, so to them those pieces are one group: the
pieces may each be free (1 + 3, trading rows) while their sum is pinned (4).
Each test solves the published tables with :func:`assistant.stats.attack.attack`
(HiGHS), which builds its atoms from the published cells alone.
"""

from __future__ import annotations

from assistant import stats
from assistant.register import load_register
from assistant.register.demo import DEFAULT_OUTPUT
from assistant.stats.attack import attack
from assistant.stats.disclosure import Ledger, session
from assistant.stats.suppression import audit, protect_system


def test_atoms_in_the_same_cells_are_protected_as_one_group() -> None:
    # Atoms 0 and 1 lie in exactly the same cells; shown alone, T − b − c pins them to 4.
    cells = {"T": {0, 1, 2, 3}, "b": {2}, "c": {3}}
    status = protect_system(cells, [1, 3, 10, 10], 5).status
    shown = {k: v for k, v in {"T": 24, "b": 10, "c": 10}.items() if status[k] is None}
    interval = audit({"pieces": {0, 1}, **cells}, shown, ["pieces"])["pieces"]
    assert interval.low <= 0 or interval.high >= 5


def test_a_session_of_started_ended_and_active_tables_gives_no_group_away() -> None:
    """Started 2023 and 2024, ended 2024 and active 2024 (stadsdel × kön, avslutsorsak
    × kön) in one session: the women in Okänd who started and ended in 2023 (4) were
    pinned by the four tables together."""
    register = load_register(DEFAULT_OUTPUT)
    specs = [
        {"event": "started", "year": 2023, "by": ["stadsdel", "kön"]},
        {"event": "started", "year": 2024, "by": ["stadsdel", "kön"]},
        {"event": "ended", "year": 2024, "by": ["avslutsorsak", "kön"]},
        {"event": "active", "year": 2024, "by": ["stadsdel", "kön"]},
    ]
    with session(Ledger()):
        shown = [stats.count(register, **spec) for spec in specs]  # type: ignore[arg-type]
    assert attack(shown, register) == []
