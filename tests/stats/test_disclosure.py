"""Disclosure control against an attacker who does arithmetic (issue 10).

Every test attacks what was published by solving it: the published figures
are rebuilt as a linear system over the register's rows
(:func:`assistant.stats.attack.attack`, scipy's HiGHS), independently of how
the suppression chose its cells, and the test asserts that no count from 1 to
4 can be narrowed to inside 1..4 (nor, reading the labels, to one value).
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from assistant import stats
from assistant.register import Register, load_register
from assistant.register.codelists import load_codelists
from assistant.settings import Settings
from assistant.stats.attack import attack, published_figures
from assistant.stats.disclosure import Ledger, session, with_ledger

HEADER = [spec.header for spec in load_codelists().columns]

#: The issue's register (all started in 2024) ...
ISSUE_GROUPS: list[tuple[tuple[str, str, str, str, str], int]] = [
    (("Bromma", "Kvinna", "2024-03-01", "", ""), 1),
    (("Bromma", "Man", "2024-03-01", "", ""), 10),
    (("Farsta", "Kvinna", "2024-03-01", "", ""), 12),
    (("Farsta", "Man", "2024-03-01", "", ""), 4),
    (("Södermalm", "Kvinna", "2024-03-01", "", ""), 30),
    (("Södermalm", "Man", "2024-03-01", "", ""), 25),
    (("Södermalm", "Annat/okänt", "2024-03-01", "", ""), 2),
]
#: ... and what its differencing examples need: Bromma women 2023 = 7, and 9 who
#: ended in 2024, 6 of them by Flytt and 3 to Arbete.
DIFFERENCING_GROUPS = [
    *ISSUE_GROUPS,
    (("Bromma", "Kvinna", "2023-03-01", "", ""), 7),
    (("Bromma", "Man", "2023-03-01", "", ""), 9),
    (("Farsta", "Man", "2023-05-01", "2024-06-01", "Flytt"), 6),
    (("Farsta", "Kvinna", "2023-05-01", "2024-06-01", "Arbete"), 3),
]


def write_register(path: Path, groups: list[tuple[tuple[str, str, str, str, str], int]]) -> Path:
    """A register CSV (semicolons, as Swedish Excel writes it) with ``n`` rows per group."""
    number = 0
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(HEADER)
        for (stadsdel, kon, start, end, reason), n in groups:
            for _ in range(n):
                number += 1
                writer.writerow(
                    [f"T{number:04d}", kon, 35, "Gymnasial", "2–5 år", "Stockholms stad",
                     "FINSAM-team", stadsdel, start, end, reason, "Försörjningsstöd"]
                )  # fmt: skip
    return path


@pytest.fixture
def issue_file(tmp_path: Path) -> Path:
    return write_register(tmp_path / "deltagare.csv", ISSUE_GROUPS)


@pytest.fixture
def differencing_file(tmp_path: Path) -> Path:
    return write_register(tmp_path / "deltagare.csv", DIFFERENCING_GROUPS)


def settings_for(path: Path, tmp_path: Path, **changes: Any) -> Settings:
    # No index: statistics answers need none (corroborating passages are skipped).
    return Settings(participants=path, index_dir=tmp_path / "no-index", **changes)


def csv_table(path: str | None) -> list[list[str]]:
    """Header and rows of the table in a Statistik CSV (what a user downloads)."""
    assert path is not None
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    table = rows[1:]
    return table[: table.index([])] if [] in table else table


def small_counts(results: list[stats.StatResult], register: Register) -> int:
    """How many hidden figures of the results hold a true count of 1..threshold-1."""
    figures, masks = published_figures(results, register)
    threshold = min(r.threshold for r in results)
    return sum(
        1
        for f, m in zip(figures, masks, strict=True)
        if f.status != "shown" and 0 < m.sum() < threshold
    )


# --- one table -----------------------------------------------------------------


def test_issue_table_lets_no_small_cell_be_computed_by_solving_it(issue_file: Path) -> None:
    register = load_register(issue_file)
    result = stats.count(register, event="started", year=2024, by=["stadsdel", "kön"])
    # The table still hides the small cells (Bromma women 1, Farsta men 4, ...) ...
    assert result.cell("Bromma", "Kvinna").count is None
    assert result.cell("Farsta", "Man").count is None
    assert small_counts([result], register) >= 3
    # ... and solving every shown cell and margin together recovers none of them.
    assert attack([result], register) == []
    assert result.cell("Totalt", "Kvinna").count == 43  # shown where safe


def test_attack_finds_the_issue_recovery_in_the_old_line_by_line_table(issue_file: Path) -> None:
    """The attacker is real: it recovers Bromma women = 1 and Farsta men = 4 from the
    table the line-by-line heuristic published before (issue 10)."""
    register = load_register(issue_file)
    result = stats.count(register, event="started", year=2024, by=["stadsdel", "kön"])
    old: dict[tuple[str, ...], str] = {
        ("Bromma", "Man"): "secondary",
        ("Farsta", "Kvinna"): "secondary",
    }
    old |= {("Bromma", "Kvinna"): "primary", ("Farsta", "Man"): "primary"}
    old |= {("Södermalm", "Annat/okänt"): "primary", ("Södermalm", "Man"): "secondary"}
    old |= {("Totalt", "Annat/okänt"): "primary", ("Totalt", "Man"): "secondary"}
    cells = []
    for cell in (*result.cells, *result.margins):
        status = old.get(cell.key)
        truth = stats.count(
            register, event="started", year=2024, threshold=1,
            filters={d: v for d, v in zip(result.group_by, cell.key, strict=True) if v != "Totalt"},
        ).n  # fmt: skip
        display = {"primary": "färre än 5", "secondary": "dold"}.get(status or "", str(truth))
        cells.append(
            stats.Cell(
                cell.key,
                None if status else truth,
                display,
                status or "shown",  # type: ignore[arg-type]
            )
        )
    from dataclasses import replace

    inner = [c for c in cells if "Totalt" not in c.key]
    margins = [c for c in cells if "Totalt" in c.key]
    published = replace(result, cells=inner, margins=margins)
    found = {
        (f.what.rsplit(": ", 1)[-1], f.truth)
        for f in attack([published], register)
        if f.what != "grupp"
    }
    assert ("Bromma / Kvinna", 1) in found
    assert ("Farsta / Man", 4) in found


def test_same_table_from_the_statistik_tab_and_the_chat_is_safe(
    issue_file: Path, tmp_path: Path
) -> None:
    from assistant.answer.engine import answer
    from assistant.web.stats_tab import MEASURE_COUNT, run_statistics

    settings = settings_for(issue_file, tmp_path)
    register = load_register(issue_file)
    outputs = run_statistics(
        settings, MEASURE_COUNT, "började", "2024", ["stadsdel", "kön"], None, None
    )
    chat = answer("Hur många började 2024 per stadsdel och kön?", settings=settings)
    assert chat.statistics and chat.statistics[0].group_by == ["stadsdel", "kön"]
    assert attack(chat.statistics, register) == []
    # The tab (and its CSV) shows exactly the cells of the audited result.
    shown = chat.statistics[0].table_rows()[1]
    assert csv_table(outputs[-1])[1:] == shown


# --- several tables published together ---------------------------------------


def test_tables_published_together_are_audited_as_one_system(issue_file: Path) -> None:
    register = load_register(issue_file)
    requests = [
        stats.Request("count", {"year": 2024, "filters": {"stadsdel": "Södermalm", "kön": kon}})
        for kon in ("Kvinna", "Man")
    ]
    requests.append(stats.Request("count", {"year": 2024, "filters": {"stadsdel": "Södermalm"}}))
    separately = [stats.publish(register, [r])[0] for r in requests]
    # Each alone is harmless (30, 25, 57), together they give annat/okänt = 2.
    assert [r.n for r in separately] == [30, 25, 57]
    assert attack(separately, register)
    together = stats.publish(register, requests)
    assert attack(together, register) == []
    assert sum(r.n is None for r in together) >= 1


# --- across questions: the session ledger -------------------------------------


def conversation(settings: Settings, questions: list[str]) -> list[Any]:
    from assistant.answer.engine import answer

    history: list[dict[str, str]] = []
    answers = []
    for question in questions:
        result = answer(question, history, settings=settings)
        answers.append(result)
        history += [
            {"role": "user", "content": question},
            {"role": "assistant", "content": result.text},
        ]
    return answers


def test_chat_differencing_of_periods_does_not_recover_bromma_women_2024(
    differencing_file: Path, tmp_path: Path
) -> None:
    settings = settings_for(differencing_file, tmp_path)
    register = load_register(differencing_file)
    answers = conversation(
        settings,
        ["Hur många kvinnor i Bromma började 2023–2024?", "Och 2023?", "Och 2024?"],
    )
    shown = [s for a in answers for s in a.statistics]
    assert answers[0].statistics[0].n == 8
    # 8 for 2023–2024 was shown, so 7 for 2023 is not: 8 - 7 would give 2024 = 1.
    assert answers[1].statistics[0].n is None
    assert answers[2].statistics[0].n_display == "färre än 5"
    assert small_counts(shown, register) >= 1
    assert attack(shown, register) == []


def test_statistik_session_differencing_of_groups_does_not_recover_annat_okant(
    differencing_file: Path, tmp_path: Path
) -> None:
    from assistant.web.stats_tab import MEASURE_COUNT, run_statistics

    settings = settings_for(differencing_file, tmp_path)
    register = load_register(differencing_file)
    ledger = Ledger()
    for values in (["Kvinna"], ["Man"]):
        outputs = run_statistics(
            settings, MEASURE_COUNT, "började", "2024", ["stadsdel"], "kön", values, ledger=ledger
        )
        assert outputs[-1] is not None
    run_statistics(
        settings, MEASURE_COUNT, "började", "2024", ["stadsdel"], None, None, ledger=ledger
    )
    shown_tables = [
        stats.count(with_ledger(register, ledger), year=2024, by="stadsdel", filters=f)
        for f in ({"kön": "Kvinna"}, {"kön": "Man"}, None)
    ]
    # Asked again in the same session, each table comes back exactly as first shown.
    totals = shown_tables[2]
    assert totals.cell("Södermalm").count is None  # 30 + 25 shown, so 57 is not
    assert attack(shown_tables, register) == []


def test_llm_tools_differencing_of_reasons_does_not_recover_arbete(
    differencing_file: Path,
) -> None:
    from assistant.stats.tools import make_stats_tools

    register = load_register(differencing_file)
    ledger = Ledger()
    results: list[stats.StatResult] = []
    tools = make_stats_tools(with_ledger(register, ledger), on_result=results.append)
    count = next(t for t in tools if t.name == "count_participants")
    count.invoke({"event": "ended", "year": 2024})
    count.invoke({"event": "ended", "year": 2024, "filters": {"avslutsorsak": "Flytt"}})
    assert results[0].n == 9
    assert results[1].n is None  # 9 - 6 would give Arbete = 3
    assert attack(results, register) == []


def test_differencing_across_separate_sessions_is_outside_the_threat_model(
    differencing_file: Path,
) -> None:
    """Two people (or two sessions) each shown one safe figure: put side by side
    afterwards, the figures give a small count away. The README says so."""
    register = load_register(differencing_file)
    first = stats.count(register, year=2024, event="ended")
    second = stats.count(register, year=2024, event="ended", filters={"avslutsorsak": "Flytt"})
    assert (first.n, second.n) == (9, 6)
    assert any(f.truth == 3 for f in attack([first, second], register))


# --- the settings every statistics call honours -------------------------------


def shown_counts(results: list[stats.StatResult]) -> list[int]:
    counts: list[int] = []
    for r in results:
        for c in (*r.cells, *r.margins):
            counts += [v for v in (c.count, c.numerator) if v is not None]
        if r.n is not None:
            counts.append(r.n)
    return counts


def test_answer_honours_the_threshold_in_its_settings(issue_file: Path, tmp_path: Path) -> None:
    from assistant.answer.engine import answer

    settings = settings_for(issue_file, tmp_path, suppression_threshold=20)
    result = answer("Hur många började 2024 per stadsdel och kön?", settings=settings)
    assert result.statistics and all(s.threshold == 20 for s in result.statistics)
    assert not [c for c in shown_counts(result.statistics) if 0 < c < 20]
    assert "färre än 20" in result.text


def test_statistik_tab_honours_the_threshold_in_its_settings(
    issue_file: Path, tmp_path: Path
) -> None:
    from assistant.web.stats_tab import MEASURE_COUNT, run_statistics

    settings = settings_for(issue_file, tmp_path, suppression_threshold=20)
    outputs = run_statistics(
        settings, MEASURE_COUNT, "började", "2024", ["stadsdel", "kön"], None, None
    )
    notes = outputs[4]
    cells = [v for row in csv_table(outputs[-1])[1:] for v in row[1:]]
    numbers = [int(v.replace("\u00a0", "")) for v in cells if v.replace("\u00a0", "").isdigit()]
    assert not [n for n in numbers if 0 < n < 20]
    assert "färre än 20" in notes


def test_llm_tools_honour_the_register_policy(issue_file: Path, tmp_path: Path) -> None:
    from assistant.stats.tools import make_stats_tools

    settings = settings_for(issue_file, tmp_path, suppression_threshold=20)
    results: list[stats.StatResult] = []
    tools = make_stats_tools(lambda: load_register(settings=settings), on_result=results.append)
    count = next(t for t in tools if t.name == "count_participants")
    count.invoke({"event": "started", "year": 2024, "by": ["stadsdel", "kön"]})
    assert results[0].threshold == 20
    assert not [c for c in shown_counts(results) if 0 < c < 20]


def test_draft_honours_the_threshold_and_audits_all_its_tables_together(
    differencing_file: Path, tmp_path: Path
) -> None:
    from assistant.draft import compose_draft

    settings = settings_for(differencing_file, tmp_path, suppression_threshold=8)
    register = load_register(differencing_file)
    draft = compose_draft(
        "Stockholm 2025-03-01\n\n- Hur många kvinnor i Bromma började 2023–2024?\n"
        "- Hur många kvinnor i Bromma började 2023?\n",
        settings=settings,
    )
    tables = [t for qs in draft.question_sections for t in qs.statistics]
    tables += draft.section("Bilagor").statistics
    assert tables and all(t.threshold == 8 for t in tables)
    assert not [c for c in shown_counts(tables) if 0 < c < 8]
    assert attack(tables, register) == []


# --- the audit log -------------------------------------------------------------


def test_statistik_tab_requests_are_written_to_the_audit_log_without_figures(
    issue_file: Path, tmp_path: Path
) -> None:
    from assistant.web.stats_tab import MEASURE_COUNT, run_statistics

    log = tmp_path / "audit.jsonl"
    settings = settings_for(issue_file, tmp_path, audit_log=log)
    run_statistics(settings, MEASURE_COUNT, "började", "2024", ["kön"], "stadsdel", ["Farsta"])
    (line,) = log.read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["channel"] == "statistik"
    assert record["request"]["filters"] == {"stadsdel": ["Farsta"]}
    assert record["statistics"] and "Antal deltagare" in record["statistics"][0]
    # What was asked and the title; no figure of the table is logged.
    assert set(record) == {"time", "user", "channel", "request", "statistics"}
    assert not any(ch.isdigit() for ch in record["statistics"][0].replace("2024", ""))


def test_ledger_rebuilt_from_chat_history_matches_what_was_shown(
    differencing_file: Path, tmp_path: Path
) -> None:
    """A conversation's ledger is recovered by replaying its earlier questions; with a
    fresh process (no cache) the same tables come out."""
    from assistant.answer.engine import reset_engines

    settings = settings_for(differencing_file, tmp_path)
    first = conversation(settings, ["Hur många kvinnor i Bromma började 2023–2024?", "Och 2023?"])
    reset_engines()
    again = conversation(settings, ["Hur många kvinnor i Bromma började 2023–2024?", "Och 2023?"])
    assert [s.n_display for a in first for s in a.statistics] == [
        s.n_display for a in again for s in a.statistics
    ]


def test_session_context_audits_separate_calls_together(issue_file: Path) -> None:
    register = load_register(issue_file)
    with session(Ledger()):
        women = stats.count(register, year=2024, filters={"stadsdel": "Södermalm", "kön": "Kvinna"})
        men = stats.count(register, year=2024, filters={"stadsdel": "Södermalm", "kön": "Man"})
        total = stats.count(register, year=2024, filters={"stadsdel": "Södermalm"})
    assert (women.n, men.n, total.n) == (30, 25, None)
    assert attack([women, men, total], register) == []


def test_session_audit_can_be_switched_off_in_the_settings(
    differencing_file: Path, tmp_path: Path
) -> None:
    settings = settings_for(differencing_file, tmp_path, disclosure_session=False)
    answers = conversation(settings, ["Hur många kvinnor i Bromma började 2023–2024?", "Och 2023?"])
    # Each answer audited alone: 8 and then 7 (and 8 - 7 = 1: the setting's cost).
    assert [a.statistics[0].n for a in answers] == [8, 7]


# --- the cell-key method (FINSAM_DISCLOSURE_METHOD=cellkey) --------------------


def test_cell_key_gives_the_same_group_the_same_noise_in_every_table(demo: Register) -> None:
    noisy = load_register(settings=Settings(disclosure_method="cellkey", participants=demo.path))
    assert noisy.disclosure is not None and noisy.disclosure.method == "cellkey"
    split = stats.count(noisy, event="started", year=2024, by=["kön", "stadsdel"])
    alone = stats.count(noisy, event="started", year=2024, by="kön")
    again = stats.count(noisy, event="started", year=2024, filters={"kön": "Kvinna"})
    assert split.perturbed and "Cell-key" in split.suppression
    assert split.n == alone.n
    assert split.cell("Kvinna", "Totalt").count == alone.cell("Kvinna").count == again.n


def test_cell_key_noise_is_small_and_zeros_stay_zero(demo: Register) -> None:
    noisy = load_register(settings=Settings(disclosure_method="cellkey", participants=demo.path))
    by = ["stadsdel", "avslutsorsak"]
    published = stats.count(noisy, event="ended", year=2023, by=by)
    true = stats.count(demo, event="ended", year=2023, by=by, threshold=1)
    truth = {c.key: c.count for c in (*true.cells, *true.margins)}
    changed = 0
    for cell in (*published.cells, *published.margins):
        if truth[cell.key] == 0:
            assert cell.count == 0
        if cell.count is not None:
            assert abs(cell.count - (truth[cell.key] or 0)) <= 2
            assert not 0 < cell.count < 5  # small after the noise: "färre än 5"
            changed += cell.count != truth[cell.key]
    assert changed > 0  # the noise is there


def test_cell_key_differencing_across_sessions_gives_noise_not_the_count(
    differencing_file: Path,
) -> None:
    """No ledger needed: each figure carries its own fixed noise, so the difference
    of two figures is the true difference plus noise of up to ±4."""
    from assistant.stats.cellkey import PERTURBATION

    register = load_register(differencing_file).with_disclosure(
        stats.DisclosurePolicy(method="cellkey")
    )
    both = stats.count(register, from_year=2023, to_year=2024,
                       filters={"stadsdel": "Bromma", "kön": "Kvinna"})  # fmt: skip
    first = stats.count(register, year=2023, filters={"stadsdel": "Bromma", "kön": "Kvinna"})
    assert both.perturbed and first.perturbed
    assert both.n is not None and first.n is not None
    assert abs((both.n - first.n) - 1) <= 4
    noise = {d for d, _ in PERTURBATION[None]}
    assert both.n - 8 in noise and first.n - 7 in noise
