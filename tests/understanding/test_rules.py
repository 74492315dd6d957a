"""Every rule of the word table, checked on its own example questions (its corpus).

Like duckling's Swedish corpus: adding a word or an example to glossary.json adds
a test case here, so a change to the table is checked against every example.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from assistant.understanding.parser import Lexicon, read_question
from assistant.understanding.rules import Rule, TimeRule, Unsupported, _load, load_table

TODAY = dt.date(2026, 12, 1)
TABLE = load_table()


def _cases() -> list[tuple[Rule, str]]:
    return [(rule, q) for rule in TABLE.rules for q in rule.examples]


@pytest.mark.parametrize(("rule", "question"), _cases(), ids=[f"{r.name}:{q}" for r, q in _cases()])
def test_rule_example_is_read_with_what_the_rule_produces(
    rule: Rule, question: str, lexicon: Lexicon
) -> None:
    reading = read_question(question, lexicon, today=TODAY)
    assert reading.tractable, (reading.leftovers, reading.unsupported, reading.other_scope)
    produced = rule.produces
    if rule.kind == "event":
        assert reading.event == produced["event"]
    elif rule.kind == "outcome":
        assert reading.outcome
    elif rule.kind == "ranking":
        assert reading.rank == produced["rank"]
        assert reading.rank_position == produced.get("rank_position", 1)
    elif rule.kind == "comparison":
        assert reading.compare or len({v for _, _, v in reading.values}) > 1
    elif rule.kind == "quantity":
        assert reading.quantity
    elif rule.kind == "trend":
        assert reading.trend
    assert reading.asks_statistics


def _time_cases() -> list[tuple[TimeRule, str]]:
    return [(t, q) for t in TABLE.time_rules for q in t.examples]


@pytest.mark.parametrize(
    ("rule", "question"), _time_cases(), ids=[f"{t.name}:{q}" for t, q in _time_cases()]
)
def test_time_rule_example_gives_a_period(rule: TimeRule, question: str, lexicon: Lexicon) -> None:
    reading = read_question(question, lexicon, today=TODAY)
    assert reading.tractable, reading.leftovers
    assert reading.has_period
    if rule.produces == "range":
        assert reading.from_year and reading.to_year and reading.from_year < reading.to_year
    if rule.produces == "since":
        assert reading.from_year and reading.open_end
    if rule.produces == "last_year":
        assert reading.year == TODAY.year - 1
    if rule.produces == "this_year":
        assert reading.year == TODAY.year


def _topic_cases() -> list[tuple[Unsupported, str]]:
    return [(t, q) for t in TABLE.unsupported for q in t.examples]


@pytest.mark.parametrize(
    ("topic", "question"), _topic_cases(), ids=[f"{t.name}:{q}" for t, q in _topic_cases()]
)
def test_question_about_what_the_register_lacks_is_not_tractable(
    topic: Unsupported, question: str, lexicon: Lexicon
) -> None:
    reading = read_question(question, lexicon, today=TODAY)
    assert not reading.tractable
    assert topic.hint in reading.unsupported


def test_event_words_are_defined_once_and_never_for_two_events() -> None:
    seen: dict[str, str] = {}
    for rule in TABLE.rules_of("event"):
        for phrase in rule.phrases:
            event = str(rule.produces["event"])
            assert seen.setdefault(phrase, event) == event, phrase


def test_a_word_added_to_the_table_is_understood(tmp_path: Path, lexicon: Lexicon) -> None:
    import json

    from assistant.understanding.rules import GLOSSARY_PATH

    data = json.loads(GLOSSARY_PATH.read_text(encoding="utf-8"))
    question = "Hur många mönstrade på en insats 2023?"
    assert not read_question(question, lexicon, table=_load(GLOSSARY_PATH)).tractable
    for rule in data["rules"]:
        if rule["name"] == "event_started":
            rule["phrases"].append("mönstrade på")
    edited = tmp_path / "glossary.json"
    edited.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    reading = read_question(question, lexicon, table=_load(edited))
    assert reading.tractable and reading.event == "started" and reading.year == 2023


def test_glossary_with_an_unknown_rule_kind_is_refused(tmp_path: Path) -> None:
    import json

    from assistant.understanding.rules import GLOSSARY_PATH

    data = json.loads(GLOSSARY_PATH.read_text(encoding="utf-8"))
    data["rules"][0]["kind"] = "evnt"
    bad = tmp_path / "glossary.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ValueError, match="evnt"):
        _load(bad)
