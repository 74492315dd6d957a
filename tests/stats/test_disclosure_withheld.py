"""A table that no suppression can protect is withheld, never published unprotected.

The session audit reports the groups that no choice of the new table's cells can
protect (``Protection.unprotected``): the figures shown earlier in the session,
the new table's zeros and what its labels say give them away whatever is
hidden. The register here has four annat/okänt who started in 2024, one in each
of four stadsdelar. The table by kön shows them as "färre än 5"; the same group
split by stadsdel then shows ten zeros and four hidden cells, each at least 1
("dold" is never a zero), under a total already known to be at most 4: each is
1, whatever the labels say. Every test solves what was published
(:func:`assistant.stats.attack.attack`, HiGHS).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant import stats
from assistant.answer.engine import AnswerEngine
from assistant.errors import FinsamError
from assistant.register import load_register
from assistant.stats.attack import attack
from assistant.stats.disclosure import Ledger, with_ledger
from tests.stats.test_disclosure import ISSUE_GROUPS, settings_for, write_register

#: The issue's register with its two annat/okänt replaced by four, one per stadsdel.
SPREAD_GROUPS = [g for g in ISSUE_GROUPS if g[0][1] != "Annat/okänt"] + [
    ((stadsdel, "Annat/okänt", "2024-03-01", "", ""), 1)
    for stadsdel in ("Bromma", "Farsta", "Södermalm", "Norrmalm")
]

BY_KON = {"event": "started", "year": 2024, "by": ["kön"]}
SPLIT = {
    "event": "started",
    "year": 2024,
    "by": ["stadsdel"],
    "filters": {"kön": "Annat/okänt"},
}


@pytest.fixture
def spread_file(tmp_path: Path) -> Path:
    return write_register(tmp_path / "deltagare.csv", SPREAD_GROUPS)


def test_a_table_the_session_cannot_protect_is_withheld_with_the_reason(spread_file: Path) -> None:
    register = load_register(spread_file)
    ledger = Ledger()
    session_register = with_ledger(register, ledger)
    shown: list[stats.StatResult] = []
    withheld: list[str] = []
    for arguments in (BY_KON, SPLIT):
        try:
            shown.append(stats.count(session_register, **arguments))  # type: ignore[arg-type]
        except FinsamError as err:
            withheld.append(err.message)
    # Nothing that was published lets a count of 1..4 be computed ...
    assert attack(shown, register) == []
    # ... because the split was not published, and the user is told why in Swedish.
    assert len(shown) == 1 and shown[0].cell("Annat/okänt").display == "färre än 5"
    assert len(withheld) == 1
    assert "visas inte (röjandeskydd)" in withheld[0]
    assert "redan visats i samma samtal" in withheld[0]
    assert "från 1 till 4" in withheld[0]
    # A withheld table is not in the ledger: later tables are not audited against it.
    assert len(ledger) == 1


def test_the_split_alone_is_published_and_safe(spread_file: Path) -> None:
    """Withholding is for what the session already shows, not for the table itself."""
    register = load_register(spread_file)
    split = stats.count(register, **SPLIT)  # type: ignore[arg-type]
    assert split.cell("Bromma").count is None
    assert attack([split], register) == []


def test_the_table_asked_first_then_the_split_in_one_chat_gives_nothing_away(
    spread_file: Path, tmp_path: Path
) -> None:
    """The same two questions to the answer engine, offline, as one conversation."""
    engine = AnswerEngine(settings_for(spread_file, tmp_path))
    history: list[dict[str, str]] = []
    shown: list[stats.StatResult] = []
    texts = []
    for question in (
        "Hur många började en insats 2024 per kön?",
        "Hur många med kön annat/okänt började 2024, per stadsdel?",
    ):
        answer = engine.answer(question, history)
        shown += answer.statistics
        texts.append(answer.text)
        history += [
            {"role": "user", "content": question},
            {"role": "assistant", "content": answer.text},
        ]
    assert attack(shown, load_register(spread_file)) == []
    assert "visas inte (röjandeskydd)" in texts[1]
    assert "dold" not in texts[1]  # no table of the split was rendered


def test_the_statistics_tab_withholds_the_split_with_the_reason(
    spread_file: Path, tmp_path: Path
) -> None:
    from assistant.web.stats_tab import MEASURE_COUNT, run_statistics

    settings = settings_for(spread_file, tmp_path)
    ledger = Ledger()
    first = run_statistics(
        settings, MEASURE_COUNT, "började", "2024", ["kön"], None, None, ledger=ledger
    )
    second = run_statistics(
        settings, MEASURE_COUNT, "började", "2024", ["stadsdel"], "kön", ["Annat/okänt"],
        ledger=ledger,
    )  # fmt: skip
    assert first[-1] is not None  # the table by kön is shown, with a CSV
    message, table, *_, csv_path = second
    assert "visas inte (röjandeskydd)" in message
    assert not table and csv_path is None  # no table, no CSV to download
    register = load_register(spread_file)
    shown = [stats.count(with_ledger(register, ledger), **BY_KON)]  # type: ignore[arg-type]
    assert attack(shown, register) == [] and len(ledger) == 1
