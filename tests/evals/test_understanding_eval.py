"""The scoring rules of evals/understanding_eval.py, on hand-made answers (no engine)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from assistant import stats
from assistant.answer.models import NO_SUPPORT, Answer, Citation
from assistant.models import Chunk
from assistant.register import Register, load_register
from assistant.register.demo import DEFAULT_OUTPUT

RUNNER = Path(__file__).resolve().parents[2] / "evals" / "understanding_eval.py"


@pytest.fixture(scope="module")
def ue() -> ModuleType:
    spec = importlib.util.spec_from_file_location("understanding_eval", RUNNER)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["understanding_eval"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def register() -> Register:
    return load_register(DEFAULT_OUTPUT)


def stat_q(fn: str, args: dict[str, Any], answer: dict[str, Any], subtype: str = "count") -> dict:
    return {
        "id": "t-stat-1",
        "category": "statistics",
        "subtype": subtype,
        "question": "Testfråga?",
        "stat": {"fn": fn, "args": args},
        "answer": answer,
    }


def score_stat(ue: ModuleType, register: Register, item: dict, answer: Answer) -> Any:
    expected = ue.run_stat(register, item["stat"])
    return ue.score(item, answer, expected, register, ue.Spans(register))


UNANSWERABLE = {
    "id": "t-un-1",
    "category": "unanswerable",
    "subtype": "near_miss",
    "question": "Hur många deltagare hade en diagnos 2024?",
    "expect": "no_support",
    "why": "diagnoses",
    "near_miss": True,
}


def test_refusal_counts_as_refused_and_never_as_a_wrong_figure(ue, register):
    refusal = Answer(text=NO_SUPPORT, supported=False, route="out_of_scope")
    s = ue.score(UNANSWERABLE, refusal, None, register, ue.Spans(register))
    assert s.refused and s.correct and not s.wrong_figure
    item = stat_q("count", {"event": "started", "year": 2024}, {"type": "n"})
    s = score_stat(ue, register, item, refusal)
    assert s.refused and not s.understood and not s.wrong_figure


def test_unsupported_answer_that_still_carries_statistics_is_not_a_refusal(ue, register):
    result = stats.count(register, event="started", year=2024)
    answer = Answer(text="352 började en insats 2024.", statistics=[result], supported=False)
    s = ue.score(UNANSWERABLE, answer, None, register, ue.Spans(register))
    assert not s.refused and s.wrong_figure


def test_unanswerable_answered_with_a_quoted_number_is_a_wrong_figure(ue, register):
    answer = Answer(
        text="Svar ur underlaget: ”hade 457 deltagare (61 procent) försörjningsstöd” [1]"
    )
    s = ue.score(UNANSWERABLE, answer, None, register, ue.Spans(register))
    assert s.wrong_figure and not s.correct


def test_years_paragraphs_pages_and_list_numbers_are_not_figures(ue):
    text = "Enligt 5 § lag (2003:1210), s. 3, gäller 2018–2024 och 2025-02-18: 1. ledamot [1]"
    assert ue.figures(text) == []
    assert ue.figures("Det var 1 459 deltagare, 36 procent.") == ["1459", "36"]


def test_matching_normalises_spaces_percent_and_dashes_but_keeps_whole_numbers(ue):
    assert ue.contains("totalt 1\u00a0459 deltagare", "1 459")
    assert ue.contains("61 (17 procent)", "17 %")
    assert not ue.contains("andelen var 118 %", "18 %")
    assert ue.contains("åldersgruppen 16 – 29 år", "16–29")
    assert not ue.contains("många", "Man")


def test_exact_statistics_answer_has_the_call_and_the_figure_in_the_prose(ue, register):
    item = stat_q("count", {"event": "active", "year": 2023}, {"type": "n"}, "active")
    result = stats.count(register, event="active", year=2023)
    answer = Answer(
        text=f"{result.n_display} deltog i en insats under 2023 [S1].", statistics=[result]
    )
    s = score_stat(ue, register, item, answer)
    assert s.understood and s.exact and not s.wrong_figure


def test_another_event_is_a_wrong_figure_even_when_the_text_looks_plausible(ue, register):
    item = stat_q("count", {"event": "active", "year": 2023}, {"type": "n"}, "active")
    started = stats.count(register, event="started", year=2023)
    answer = Answer(text=f"{started.n_display} började en insats 2023.", statistics=[started])
    s = score_stat(ue, register, item, answer)
    assert not s.understood and s.wrong_figure and "another call" in s.reason


def test_a_filter_on_the_asked_value_is_equivalent_to_its_cell_in_a_split(ue, register):
    item = stat_q(
        "count",
        {"event": "started", "year": 2024, "by": ["utbildning"]},
        {"type": "cell", "key": ["Eftergymnasial"]},
        "share",
    )
    filtered = stats.count(
        register, event="started", year=2024, filters={"utbildning": "Eftergymnasial"}
    )
    total = stats.count(register, event="started", year=2024)
    share = stats.results.format_share(filtered.n / total.n)
    text = f"{filtered.n_display} ({share}) av de {total.n_display} som började 2024."
    s = score_stat(ue, register, item, Answer(text=text, statistics=[filtered, total]))
    assert s.understood and s.exact and not s.wrong_figure


def test_ranking_needs_the_split_and_the_ranked_label(ue, register):
    item = stat_q(
        "count",
        {"event": "started", "year": 2024, "by": ["insats"]},
        {"type": "top", "rank": 2},
        "ranking",
    )
    split = stats.count(register, event="started", year=2024, by=["insats"])
    second = ue.ranked_cells(split, register)[1]
    good = Answer(
        text=f"Näst flest började i {second.key[0]} ({second.display}).", statistics=[split]
    )
    assert score_stat(ue, register, item, good).exact
    total = stats.count(register, event="started", year=2024)
    bare = Answer(text=f"{total.n_display} började en insats 2024.", statistics=[total])
    s = score_stat(ue, register, item, bare)
    assert s.wrong_figure and not s.exact


def test_share_over_everyone_for_a_mostly_empty_column_is_a_wrong_figure(ue, register):
    item = stat_q(
        "count",
        {"event": "started", "year": 2024, "by": ["försörjning vid start"]},
        {"type": "cell", "key": ["Försörjningsstöd"]},
        "known_share",
    )
    split = stats.count(register, event="started", year=2024, by=["försörjning vid start"])
    cell = split.cell("Försörjningsstöd")
    unknown = split.cell("Ej registrerad")
    assert split.n is not None and cell.count is not None and unknown.count is not None
    known = split.n - unknown.count
    over_all = Answer(
        text=f"{cell.display} ({cell.share_display}) hade försörjningsstöd.", statistics=[split]
    )
    s = score_stat(ue, register, item, over_all)
    assert s.wrong_figure and "everyone" in s.reason
    right_share = stats.results.format_share(cell.count / known)
    right = Answer(
        text=f"{cell.display} av {known} med känd försörjning ({right_share}); "
        f"uppgift saknas för {unknown.display}.",
        statistics=[split],
    )
    s = score_stat(ue, register, item, right)
    assert s.exact and not s.wrong_figure


def _citation(doc_id: str, section: str | None) -> Citation:
    return Citation(1, Chunk(doc_id=doc_id, title="Lag", text="...", section=section))


def test_document_answer_needs_the_fact_and_the_cited_paragraph(ue, register):
    item = {
        "id": "t-doc-1",
        "category": "document",
        "subtype": "law",
        "question": "Hur mycket betalar Försäkringskassan?",
        "expect_all": [["hälften", "50 %"]],
        "source": {"doc_id": "lag-2003-1210", "section": "5 §"},
    }
    spans = ue.Spans(register)
    right = Answer(
        text="Försäkringskassan bidrar med hälften [1].",
        citations=[_citation("lag-2003-1210", "5 §")],
    )
    assert ue.score(item, right, None, register, spans).correct
    wrong_section = Answer(text="… hälften [1].", citations=[_citation("lag-2003-1210", "5 a §")])
    s = ue.score(item, wrong_section, None, register, spans)
    assert s.fact and not s.source and not s.correct
    from_register = Answer(
        text="352 började en insats 2024.", statistics=[stats.count(register, year=2024)]
    )
    assert ue.score(item, from_register, None, register, spans).wrong_figure


def test_invalid_question_file_is_refused_with_every_problem(ue, register, tmp_path):
    good = stat_q("count", {"event": "started", "year": 2024}, {"type": "n"})
    rows = [
        good,
        {**good, "extra": 1},
        {**good, "id": "t-stat-2", "stat": {"fn": "count", "args": {"event": "flög"}}},
        {**good, "id": "t-stat-3", "answer": {"type": "cell", "key": ["Finns inte"]}},
    ]
    path = tmp_path / "questions_v2_test.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    problems, _ = ue.validate(ue.load_questions(path), register, path)
    text = "\n".join(problems)
    assert "finns redan" in text and "okänt fält ”extra”" in text
    assert "t-stat-2" in text and "t-stat-3" in text
    assert ue.main(["--questions", str(path), "--check-only"]) == 2


def test_ranking_that_names_the_empty_value_as_most_common_is_a_wrong_figure(ue, register):
    item = stat_q(
        "count",
        {"event": "started", "year": 2023, "by": ["försörjning vid start"]},
        {"type": "top", "rank": 1},
        "known_share",
    )
    split = stats.count(register, event="started", year=2023, by=["försörjning vid start"])
    empty = split.cell("Ej registrerad")
    answer = Answer(text=f"Flest: Ej registrerad ({empty.display}).", statistics=[split])
    s = score_stat(ue, register, item, answer)
    assert s.understood and s.wrong_figure and not s.exact


def test_comparison_may_come_as_one_filtered_result_per_group(ue, register):
    item = stat_q(
        "count",
        {"event": "ended", "year": 2024, "by": ["kön"]},
        {"type": "cells", "keys": [["Kvinna"], ["Man"]]},
        "comparison",
    )
    women = stats.count(register, event="ended", year=2024, filters={"kön": "Kvinna"})
    men = stats.count(register, event="ended", year=2024, filters={"kön": "Man"})
    text = f"{women.n_display} kvinnor och {men.n_display} män avslutade en insats 2024."
    s = score_stat(ue, register, item, Answer(text=text, statistics=[women, men]))
    assert s.understood and s.exact and not s.wrong_figure
    only_women = Answer(text=f"{women.n_display} kvinnor avslutade.", statistics=[women])
    s = score_stat(ue, register, item, only_women)
    assert not s.understood and s.wrong_figure


def test_a_total_with_a_table_beside_it_is_the_same_total(ue, register):
    item = stat_q(
        "count", {"event": "started", "from_year": 2018, "to_year": 2024}, {"type": "n"}, "period"
    )
    per_year = stats.trend(register, event="started", from_year=2018, to_year=2024)
    answer = Answer(
        text=f"{per_year.n_display} började en insats 2018–2024.", statistics=[per_year]
    )
    s = score_stat(ue, register, item, answer)
    assert s.understood and s.exact


def test_a_share_of_one_group_over_another_group_is_a_wrong_figure(ue, register):
    item = stat_q(
        "count",
        {"event": "started", "year": 2024, "by": ["anmälande part"]},
        {"type": "cells", "keys": [["Försäkringskassan"], ["Arbetsförmedlingen"]]},
        "comparison",
    )
    fk = stats.count(
        register, event="started", year=2024, filters={"anmälande part": "Försäkringskassan"}
    )
    hs = stats.count(
        register, event="started", year=2024, filters={"anmälande part": "Hälso- och sjukvården"}
    )
    assert fk.n is not None and hs.n is not None
    bogus = stats.results.format_share(fk.n / hs.n)
    text = f"{fk.n_display} ({bogus}) av de {hs.n_display} hade anmälande part Försäkringskassan."
    s = score_stat(ue, register, item, Answer(text=text, statistics=[fk, hs]))
    assert s.wrong_figure


def test_a_literal_share_may_filter_on_its_value_only_when_the_figures_are_stated(ue, register):
    item = stat_q(
        "count",
        {"event": "started", "year": 2024, "by": ["kön"]},
        {"type": "literal", "all": [], "derivation": "Kvinna / total"},
        "share",
    )
    women = stats.count(register, event="started", year=2024, filters={"kön": "Kvinna"})
    total = stats.count(register, event="started", year=2024)
    share = stats.results.format_share(women.n / total.n)
    item["answer"]["all"] = [women.n_display, share]
    text = f"Av de {total.n_display} som började 2024 var {women.n_display} ({share}) kvinnor."
    s = score_stat(ue, register, item, Answer(text=text, statistics=[women, total]))
    assert s.understood and s.exact and not s.wrong_figure
    men = stats.count(register, event="started", year=2024, filters={"kön": "Man"})
    other = f"Av de {total.n_display} som började 2024 var {men.n_display} män."
    s = score_stat(ue, register, item, Answer(text=other, statistics=[men, total]))
    assert not s.understood and s.wrong_figure


def test_a_split_kept_to_the_compared_groups_shows_the_same_cells(ue, register):
    item = stat_q(
        "count",
        {"event": "started", "year": 2024, "by": ["anmälande part"]},
        {"type": "cells", "keys": [["Försäkringskassan"], ["Arbetsförmedlingen"]]},
        "comparison",
    )
    kept = stats.count(
        register,
        event="started",
        year=2024,
        by="anmälande part",
        filters={"anmälande part": ["Försäkringskassan", "Arbetsförmedlingen"]},
    )
    cells = {c.key[0]: c.display for c in kept.cells}
    text = (
        f"Försäkringskassan anmälde {cells['Försäkringskassan']} och Arbetsförmedlingen "
        f"{cells['Arbetsförmedlingen']}."
    )
    s = score_stat(ue, register, item, Answer(text=text, statistics=[kept]))
    assert s.understood and s.exact and not s.wrong_figure
    other = stats.count(
        register,
        event="started",
        year=2024,
        by="anmälande part",
        filters={"anmälande part": ["Försäkringskassan", "Stockholms stad"]},
    )
    s = score_stat(ue, register, item, Answer(text=text, statistics=[other]))
    assert not s.understood


def test_a_two_way_split_kept_to_the_compared_groups_shows_the_same_cells(ue, register):
    # Keys name one value per dimension in the call's order: [tid utan arbete, kön].
    item = stat_q(
        "count",
        {"event": "started", "year": 2024, "by": ["tid utan arbete", "kön"]},
        {"type": "cells", "keys": [["5 år eller mer", "Kvinna"], ["5 år eller mer", "Man"]]},
        "two_dims",
    )
    kept = stats.count(
        register,
        event="started",
        year=2024,
        by=["kön", "tid utan arbete"],
        filters={"kön": ["Kvinna", "Man"]},
    )
    cells = {c.key: c.display for c in kept.cells}
    women, men = cells[("Kvinna", "5 år eller mer")], cells[("Man", "5 år eller mer")]
    text = f"I fem år eller mer utan arbete var {women} kvinnor och {men} män."
    s = score_stat(ue, register, item, Answer(text=text, statistics=[kept]))
    assert s.understood and not s.wrong_figure
    others = stats.count(
        register,
        event="started",
        year=2024,
        by=["kön", "tid utan arbete"],
        filters={"kön": ["Kvinna", "Annat/okänt"]},
    )
    s = score_stat(ue, register, item, Answer(text=text, statistics=[others]))
    assert not s.understood
