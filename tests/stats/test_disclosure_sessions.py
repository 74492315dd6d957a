"""A conversation with a language model keeps its session ledger (issue 10, attack A2/A3).

Turn 1 shows the 2024 table by kön (men hidden to protect the one annat/okänt);
turn 2 asks for the men alone. Each test solves both published tables together
(:func:`assistant.stats.attack.attack`): the second figure must not let the
first table's hidden cells be computed, whether the chat streams (the Fråga
tab) or answers in one call, and whether or not the first question can be
replayed offline.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import pytest

from assistant import stats
from assistant.answer.engine import AnswerEngine
from assistant.answer.llm import LLMBackend
from assistant.answer.models import Answer
from assistant.register import load_register
from assistant.register.demo import DEFAULT_OUTPUT
from assistant.settings import Settings
from assistant.stats.attack import attack
from assistant.stats.disclosure import Ledger, SessionLedgers, session
from tests.answer.test_llm_backend import ScriptedChatModel, call
from tests.stats.test_disclosure import DIFFERENCING_GROUPS, settings_for, write_register

QUESTIONS = {
    # Answered offline too, so the ledger could be rebuilt by replaying it.
    "replayable": ["Hur många började en insats 2024 per kön?", "Hur många män började 2024?"],
    # Only the model finds the table: the ledger must come from the first turn itself.
    "model only": [
        "Kan du beskriva könsfördelningen bland nya deltagare förra året?",
        "Och hur många av dem var män?",
    ],
}


@pytest.fixture
def differencing_file(tmp_path: Path) -> Path:
    return write_register(tmp_path / "deltagare.csv", DIFFERENCING_GROUPS)


def engine(tmp_path: Path) -> AnswerEngine:
    settings = Settings(
        participants=DEFAULT_OUTPUT, index_dir=tmp_path / "no-index", llm="openai:gpt-4o-mini"
    )
    script = [
        call("count_participants", event="started", year=2024, by=["kön"]),
        "Under 2024 började deltagare enligt tabellen.",
        call("count_participants", event="started", year=2024, filters={"kön": "Man"}),
        "Så här många män började 2024.",
    ]
    eng = AnswerEngine(settings)
    eng._llm = LLMBackend(settings, model=ScriptedChatModel(script=script))
    return eng


@pytest.mark.parametrize("mode", ["stream", "answer"])
@pytest.mark.parametrize("questions", list(QUESTIONS), ids=list(QUESTIONS))
def test_llm_conversation_does_not_give_away_the_hidden_cells_of_an_earlier_table(
    tmp_path: Path, mode: str, questions: str
) -> None:
    eng = engine(tmp_path)
    history: list[dict[str, str]] = []
    shown: list[stats.StatResult] = []
    for question in QUESTIONS[questions]:
        if mode == "stream":
            final = [p for p in eng.stream(question, history) if isinstance(p, Answer)][-1]
        else:
            final = eng.answer(question, history)
        shown += final.statistics
        history += [
            {"role": "user", "content": question},
            {"role": "assistant", "content": final.text},
        ]
    by_kon, men = shown
    assert by_kon.cell("Man").count is None  # hidden to protect annat/okänt ...
    assert men.n is None  # ... so the men alone are not shown afterwards
    assert attack(shown, load_register(DEFAULT_OUTPUT)) == []


def test_an_empty_active_ledger_is_the_one_the_llm_tools_record_in(tmp_path: Path) -> None:
    """An empty ledger is still the session's (a Ledger with no tables is falsy)."""
    eng = engine(tmp_path)
    ledger = Ledger()
    with session(ledger):
        eng.answer(QUESTIONS["model only"][0])
    assert len(ledger) == 1


# --- Statistik tab: other sessions cannot make the server forget a session -----


def _request(session_hash: str) -> SimpleNamespace:
    return SimpleNamespace(session_hash=session_hash, username=None)


def _victim_differencing(settings: Settings, flood: Callable[[], None]) -> list[str]:
    """Women, then (after ``flood``) men and the totals by stadsdel in one session;
    the findings of solving what the session was shown."""
    from assistant.web.stats_tab import MEASURE_COUNT, run_statistics

    victim = _request("victim")
    run = partial(run_statistics, settings, MEASURE_COUNT, "började", "2024", ["stadsdel"])
    assert run("kön", ["Kvinna"], victim)[-1] is not None
    flood()
    run("kön", ["Man"], victim)
    run(None, None, victim)
    register = load_register(settings.participants)
    from assistant.stats.disclosure import with_ledger
    from assistant.web import stats_tab

    ledger = stats_tab._session_ledgers.find("victim")
    assert ledger is not None and len(ledger) == 3
    shown = [
        stats.count(with_ledger(register, ledger), year=2024, by="stadsdel", filters=f)
        for f in ({"kön": "Kvinna"}, {"kön": "Man"}, None)
    ]
    return [f.what for f in attack(shown, register)]


def test_invalid_requests_from_other_sessions_do_not_evict_a_session_ledger(
    differencing_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.web import stats_tab
    from assistant.web.stats_tab import MEASURE_OUTCOME, run_statistics

    monkeypatch.setattr(stats_tab, "_session_ledgers", SessionLedgers())
    settings = settings_for(differencing_file, tmp_path)

    def flood() -> None:
        for i in range(1100):  # more than the old bound of 1024 sessions
            out = run_statistics(
                settings, MEASURE_OUTCOME, "", "2024", ["stadsdel", "kön"], None, None,
                _request(f"other-{i}"),
            )  # fmt: skip
            assert out[0].startswith("⚠️")

    assert _victim_differencing(settings, flood) == []
    assert stats_tab._session_ledgers.find("other-1") is None  # invalid: nothing kept


def test_valid_requests_from_many_sessions_are_refused_rather_than_evict_an_active_one(
    differencing_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.web import stats_tab
    from assistant.web.stats_tab import MEASURE_COUNT, run_statistics

    monkeypatch.setattr(stats_tab, "_session_ledgers", SessionLedgers(size=3))
    settings = settings_for(differencing_file, tmp_path)
    refused: list[str] = []

    def flood() -> None:
        for i in range(5):
            out = run_statistics(
                settings, MEASURE_COUNT, "började", "2024", ["kön"], None, None,
                _request(f"other-{i}"),
            )  # fmt: skip
            if out[0].startswith("⚠️"):
                refused.append(out[0])

    assert _victim_differencing(settings, flood) == []
    assert len(refused) == 3  # two others fit beside the victim; the rest wait
    assert "försök igen" in refused[0].lower()


# --- cell-key: the averaging attack needs multi-value filters ------------------


def _averaging_estimates(register: stats.Register, target: str, value: str) -> list[int]:
    """The attacker's pairs: A = count(D in S) and B = count(D in S, target not value)
    for every dimension D and every S leaving out one value; A - B is the target
    group's count plus noise, and the noises differ from pair to pair."""
    names = stats.dimension_names(register)
    rest = [v for v in names[target] if v != value]
    estimates: list[int] = []
    for dimension, values in names.items():
        if dimension in ("år", target):
            continue
        for left_out in values:
            chosen = [v for v in values if v != left_out]
            a = stats.count(register, year=2024, filters={dimension: chosen}).n
            b = stats.count(register, year=2024, filters={dimension: chosen, target: rest}).n
            if a is not None and b is not None:
                estimates.append(a - b)
    return estimates


def test_cell_key_refuses_the_multi_value_filters_that_averaging_needs() -> None:
    from assistant.errors import StatsArgumentError

    plain = load_register(DEFAULT_OUTPUT)
    noisy = plain.with_disclosure(stats.DisclosurePolicy(method="cellkey"))
    # Annat/okänt started 2024: one person (hidden in every table).
    truth = stats.count(plain, year=2024, filters={"kön": "Annat/okänt"}, threshold=1).n
    assert truth is not None and 0 < truth < 5
    with pytest.raises(StatsArgumentError, match="ett värde"):
        _averaging_estimates(noisy, "kön", "Annat/okänt")
    # Without the cell-key method the audit and the ledger do the protecting, and
    # multi-value filters are allowed.
    assert stats.count(plain, year=2024, filters={"kön": ["Kvinna", "Man"]}).n is not None
