"""A comparison shown for the compared groups only must not give away the groups left out.

"Började fler kvinnor än män?" is re-run filtered to kön = Kvinna or Man when the
full split would hide one of them (``only_compared``). The filtered table's total
is then a published figure nested inside any unfiltered total of the same scope
shown in the conversation (before or after it), and the unfiltered total minus
the filtered one is the group left out (here the annat/okänt, 4 started and 3
ended in the demo register). Asking for each compared group on its own (a
filtered figure per question) leaves out the same group: total − women − men.
Each test drives the real answer engine through a conversation, reads every
figure it publishes as an attacker does, and solves the system with HiGHS
(``scipy.optimize.linprog``) for every group that lies between two published
figures, one inside the other, and every group the kön filters leave out.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from scipy.optimize import linprog

from assistant import stats
from assistant.answer.engine import AnswerEngine
from assistant.register import Register, load_register
from assistant.register.demo import DEFAULT_OUTPUT
from assistant.settings import Settings
from assistant.stats.attack import attack, published_figures

CONVERSATIONS = {
    "split, then compared counts": [
        "Hur många började en insats totalt i registret per åldersgrupp?",
        "Började fler kvinnor än män totalt i registret?",
    ],
    "compared counts, then split": [
        "Började fler kvinnor än män totalt i registret?",
        "Hur många började en insats totalt i registret per åldersgrupp?",
    ],
    "split, then each compared group on its own": [
        "Hur många började en insats totalt i registret per åldersgrupp?",
        "Hur många kvinnor började en insats totalt i registret?",
        "Hur många män började en insats totalt i registret?",
    ],
    "split, then compared outcome rates": [
        "Hur många avslutade en insats totalt i registret per åldersgrupp?",
        "Gick en större andel kvinnor än män till arbete eller studier totalt i registret?",
    ],
}


def _conversation(tmp_path: Path, questions: list[str]) -> list[stats.StatResult]:
    settings = Settings(participants=DEFAULT_OUTPUT, index_dir=tmp_path / "no-index")
    engine = AnswerEngine(settings)
    history: list[dict[str, str]] = []
    shown: list[stats.StatResult] = []
    for question in questions:
        reply = engine.answer(question, history)
        shown += reply.statistics
        history += [
            {"role": "user", "content": question},
            {"role": "assistant", "content": reply.text},
        ]
    return shown


def _left_out(
    results: list[stats.StatResult], register: Register, threshold: int = 5
) -> list[tuple[str, int, float, float]]:
    """Groups the figures pin inside 1..threshold-1: (name, truth, low, high).

    The groups tried: a published figure minus another inside it, and a published
    figure minus every figure inside it from the tables filtered on kön (those the
    filters left out).
    """
    figures, masks = published_figures(results, register)
    counted = masks.any(axis=0)
    patterns, inverse = np.unique(masks[:, counted].T, axis=0, return_inverse=True)
    inverse = np.asarray(inverse).reshape(-1)
    truth = np.bincount(inverse, minlength=len(patterns)).astype(float)
    a = patterns.T.astype(float)
    shown = [i for i, f in enumerate(figures) if f.status == "shown"]
    a_eq = a[shown]
    b_eq = np.array([float(figures[i].count or 0) for i in shown])
    filtered = [i for i, f in enumerate(figures) if "kön" in results[f.table].filters]
    groups: list[tuple[str, np.ndarray]] = []
    for i, big in enumerate(a):
        inside = [j for j in filtered if j != i and not np.any(a[j] > big)]
        if inside:
            name = f"{figures[i].label} utan kön i filtren"
            groups.append((name, big - np.clip(a[inside].sum(axis=0), 0, 1)))
        for j, small in enumerate(a):
            if i != j and not np.any(small > big):
                groups.append((f"{figures[i].label} − {figures[j].label}", big - small))
    found = []
    for name, group in groups:
        value = round(float(group @ truth))
        if not 0 < value < threshold:
            continue
        low = linprog(group, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        high = linprog(-group, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
        lo = float(low.fun) if low.status == 0 else 0.0
        hi = math.inf if high.status != 0 else float(-high.fun)
        if lo >= 1 - 1e-6 and hi <= threshold - 1 + 1e-6:
            found.append((name, value, lo, hi))
    return found


@pytest.mark.parametrize("name", list(CONVERSATIONS))
def test_compared_groups_table_does_not_give_away_the_groups_left_out(
    tmp_path: Path, name: str
) -> None:
    shown = _conversation(tmp_path, CONVERSATIONS[name])
    register = load_register(DEFAULT_OUTPUT)
    assert _left_out(shown, register) == []
    assert attack(shown, register) == []


def test_the_attack_module_counts_groups_between_nested_figures(tmp_path: Path) -> None:
    """The project's attacker (and so evals/disclosure_check.py) finds the group
    between a total and a filtered total, not only single atoms and line sums."""
    register = load_register(DEFAULT_OUTPUT)
    by_age = stats.count(register, event="started", from_year=2018, to_year=2024, by="åldersgrupp")
    compared = stats.count(
        register,
        event="started",
        from_year=2018,
        to_year=2024,
        by="kön",
        filters={"kön": ["Kvinna", "Man"]},
    )
    assert by_age.n is not None and compared.n is not None
    assert by_age.n - compared.n == 4  # published separately: each audited on its own
    findings = attack([by_age, compared], register)
    assert any(f.truth == 4 and f.low == f.high == 4 for f in findings)


def test_the_attack_module_counts_what_filters_leave_out_of_a_total() -> None:
    """Women and men, each in a table of its own, under a total split by åldersgrupp:
    the total minus both is the annat/okänt (4), a group no table has a cell for."""
    register = load_register(DEFAULT_OUTPUT)
    period = {"event": "started", "from_year": 2018, "to_year": 2024}
    by_age = stats.count(register, by="åldersgrupp", **period)  # type: ignore[arg-type]
    women = stats.count(register, filters={"kön": "Kvinna"}, **period)  # type: ignore[arg-type]
    men = stats.count(register, filters={"kön": "Man"}, **period)  # type: ignore[arg-type]
    assert None not in (by_age.n, women.n, men.n)  # each audited on its own: all shown
    findings = attack([by_age, women, men], register)
    assert any(f.what.startswith("utanför filtret") and f.low == f.high == 4 for f in findings)
