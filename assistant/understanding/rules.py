"""The question-understanding table: named rules read from ``glossary.json``.

Every word a statistics question may use is defined once, as data: the words
for an event, an outcome, a ranking, a comparison, a quantity, a trend, a time
expression, the words that carry no meaning for a query, the scope words, and
the topics the register does not hold. Dimension and value words come from the
register's code lists plus the extra words in the glossary. Each rule carries
the example questions that exercise it; ``tests/understanding`` runs them.

Example:
    >>> from assistant.understanding.rules import load_table
    >>> table = load_table()
    >>> table.event_words["started"][:2]
    ('började', 'börjat')
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

GLOSSARY_PATH = Path(__file__).with_name("glossary.json")

#: Kinds of phrase rules, in the order their matches are preferred on a tie.
PHRASE_KINDS = ("event", "outcome", "ranking", "comparison", "quantity", "trend")


@dataclass(frozen=True)
class Rule:
    """One named rule: its phrases produce ``produces`` when found in a question."""

    name: str
    kind: str
    phrases: tuple[str, ...]
    produces: dict[str, Any]
    examples: tuple[str, ...] = ()
    label: str = ""
    keywords: tuple[str, ...] = ()  # the words named in tool descriptions
    says: str = ""  # how an answer says the event ("började en insats")
    #: Regular expressions matched besides the phrases ("fick jobb eller började plugga").
    patterns: tuple[re.Pattern[str], ...] = ()

    @property
    def weak(self) -> bool:
        """A weak event word ("hade", "fanns") counts only when no other event is named."""
        return bool(self.produces.get("weak"))

    @property
    def object_dimensions(self) -> tuple[str, ...]:
        """For a weak event word: the dimensions its object may name ("hade FINSAM-team").

        Empty means any. "hade försörjningsstöd" names a value of another dimension: the
        word describes the value, not an event, and is not read as one.
        """
        return tuple(self.produces.get("object_dimensions", ()))


@dataclass(frozen=True)
class TimeRule:
    """A time expression: a regular expression and what it produces."""

    name: str
    pattern: re.Pattern[str]
    produces: str
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class Unsupported:
    """A topic the register does not hold, with the sentence that says so."""

    name: str
    stems: tuple[str, ...]
    phrases: tuple[str, ...]
    hint: str
    examples: tuple[str, ...] = ()
    #: No quote answers it either ("Kan du boka ett möte?"): refused on every route.
    blocks_documents: bool = False

    def matches_word(self, word: str) -> bool:
        """A word starting with a stem, or holding a long one ("alkoholmissbruk")."""
        return any(word.startswith(s) or (len(s) >= 6 and s in word) for s in self.stems)


def _say(
    phrases: dict[str, Any], overrides: dict[str, dict[str, str]], dimension: str, value: str
) -> str | None:
    override = overrides.get(dimension, {}).get(value)
    if override:
        return override
    spec = phrases.get(dimension)
    if isinstance(spec, dict):
        return str(spec[value]) if value in spec else None
    if isinstance(spec, str):
        return spec.replace("{V}", value).replace("{v}", value.lower())
    return None


@dataclass(frozen=True)
class Table:
    """All rules and word lists of ``glossary.json``."""

    rules: tuple[Rule, ...]
    time_rules: tuple[TimeRule, ...]
    dimension_words: dict[str, tuple[str, ...]]
    generic_dimension_words: frozenset[str]
    value_words: dict[str, dict[str, str]]
    value_phrases: dict[str, Any]
    value_phrase_overrides: dict[str, dict[str, str]]
    value_predicates: dict[str, Any]
    value_predicate_overrides: dict[str, dict[str, str]]
    definite_forms: dict[str, dict[str, str]]
    rank_verbs: dict[str, Any]
    empty_words: frozenset[str]
    own_scope_words: tuple[str, ...]
    other_scope_words: tuple[str, ...]
    scope_markers: tuple[str, ...]
    unsupported: tuple[Unsupported, ...]
    capabilities: str
    document_words: frozenset[str] = frozenset()
    context_values: dict[str, re.Pattern[str]] = field(default_factory=dict)
    value_pairs: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)
    event_words: dict[str, tuple[str, ...]] = field(default_factory=dict)
    event_labels: dict[str, str] = field(default_factory=dict)
    event_says: dict[str, str] = field(default_factory=dict)
    #: Dimensions recorded only for one event ("avslutsorsak": those who ended).
    implied_events: dict[str, str] = field(default_factory=dict)
    #: Number words before a ranking word ("de tre vanligaste").
    number_words: dict[str, int] = field(default_factory=dict)
    #: The event counted when a question names none and nothing implies one.
    default_event: str = "active"
    #: Words asking for two named years together ("2022 och 2023 tillsammans").
    sum_words: frozenset[str] = frozenset()
    #: Words before a value that belong to it ("anmälda av" Försäkringskassan).
    value_prefixes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Words after a value that belong to it ("ingen ersättning vid start"), per dimension.
    value_suffixes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: How a group is named in a list of groups ("16–29 år"): {V} is the value.
    group_labels: dict[str, str] = field(default_factory=dict)
    #: A dimension's values are read only where this says what they are about.
    dimension_contexts: dict[str, re.Pattern[str]] = field(default_factory=dict)
    #: A dimension's values are not read where the question places them at another
    #: time than the register records them (pattern, unless-pattern).
    dimension_exclusions: dict[str, tuple[re.Pattern[str], re.Pattern[str] | None]] = field(
        default_factory=dict
    )
    #: The unsupported topic a dimension's own word names where it is so excluded.
    exclusion_topics: dict[str, str] = field(default_factory=dict)

    #: Labels that name no group ("Okänd", "Pågår (ej avslutad)"): never ranked.
    unranked_labels: frozenset[str] = frozenset()
    #: Endings that name a place value's residents ("skärholmsbor"), per dimension.
    resident_suffixes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Words before a place value that name its residents ("invånare i"), per dimension.
    resident_prefixes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Question words left over in a reading that narrow nothing ("… och varför?").
    question_words: frozenset[str] = frozenset()

    def event_of(self, phrase: str) -> str:
        """The event an explicit event phrase names ("lämnade" -> "ended")."""
        for event, words in self.event_words.items():
            if phrase in words:
                return event
        return phrase

    def rules_of(self, kind: str) -> tuple[Rule, ...]:
        return tuple(r for r in self.rules if r.kind == kind)

    def phrases_of(self, kind: str) -> tuple[str, ...]:
        return tuple(p for r in self.rules_of(kind) for p in r.phrases)

    def value_phrase(self, dimension: str, value: str) -> str:
        """How an answer names those with a value ("kvinnor", "anmälda av Försäkringskassan")."""
        return _say(self.value_phrases, self.value_phrase_overrides, dimension, value) or (
            f"med {dimension} {value}"
        )

    def value_predicate(self, dimension: str, value: str) -> str:
        """What is said of those with a value: "var 69 (20 %) [som hade försörjningsstöd …]"."""
        said = _say(self.value_predicates, self.value_predicate_overrides, dimension, value)
        return said or self.value_phrase(dimension, value)

    def value_definite(self, dimension: str, value: str) -> str:
        """The definite form ("kvinnorna") where the language has one; else the value."""
        return self.definite_forms.get(dimension, {}).get(value, value)


def _bounded(pattern: str) -> re.Pattern[str]:
    """A rule's regular expression, matched as whole words only."""
    return re.compile(r"(?<![\wåäöé-])(?:" + pattern + r")(?![\wåäöé])")


def _load(path: Path) -> Table:
    data = json.loads(path.read_text(encoding="utf-8"))
    rules = tuple(
        Rule(
            name=r["name"],
            kind=r["kind"],
            phrases=tuple(r["phrases"]),
            produces=dict(r.get("produces", {})),
            examples=tuple(r.get("examples", ())),
            label=r.get("label", ""),
            keywords=tuple(r.get("keywords", ())),
            says=r.get("says", ""),
            patterns=tuple(_bounded(p) for p in r.get("patterns", ())),
        )
        for r in data["rules"]
    )
    for rule in rules:
        if rule.kind not in (*PHRASE_KINDS,):
            raise ValueError(f"{path}: rule {rule.name!r} has unknown kind {rule.kind!r}")
    bound = r"(?<![\wåäöé-]){}(?![\wåäöé])"
    time_rules = tuple(
        TimeRule(
            name=t["name"],
            pattern=re.compile(bound.format(t["pattern"])),
            produces=t["produces"],
            examples=tuple(t.get("examples", ())),
        )
        for t in data["time_rules"]
    )
    event_words: dict[str, tuple[str, ...]] = {}
    event_labels: dict[str, str] = {}
    event_says: dict[str, str] = {}
    for rule in rules:
        if rule.kind == "event" and not rule.weak:
            event = str(rule.produces["event"])
            event_words[event] = event_words.get(event, ()) + rule.phrases
            event_labels[event] = rule.label or rule.phrases[0]
            event_says[event] = rule.says or f"{event_labels[event]} en insats"
    return Table(
        rules=rules,
        time_rules=time_rules,
        dimension_words={k: tuple(v) for k, v in data["dimension_words"].items()},
        generic_dimension_words=frozenset(data.get("generic_dimension_words", ())),
        value_words={k: dict(v) for k, v in data["value_words"].items()},
        value_phrases={k: v for k, v in data["value_phrases"].items() if not k.startswith("_")},
        value_phrase_overrides={k: dict(v) for k, v in data["value_phrase_overrides"].items()},
        value_predicates={
            k: v for k, v in data["value_predicates"].items() if not k.startswith("_")
        },
        value_predicate_overrides={
            k: dict(v) for k, v in data["value_predicate_overrides"].items()
        },
        definite_forms={k: dict(v) for k, v in data["value_definite"].items()},
        rank_verbs={k: v for k, v in data["rank_verbs"].items() if k != "_comment"},
        empty_words=frozenset(w.lower() for w in data["empty_words"]),
        own_scope_words=tuple(data["own_scope_words"]),
        other_scope_words=tuple(data["other_scope_words"]),
        scope_markers=tuple(data["scope_markers"]),
        unsupported=tuple(
            Unsupported(
                name=u["name"],
                stems=tuple(u["stems"]),
                phrases=tuple(u.get("phrases", ())),
                hint=u["hint"],
                examples=tuple(u.get("examples", ())),
                blocks_documents=bool(u.get("blocks_documents", False)),
            )
            for u in data["unsupported"]
        ),
        capabilities=data["capabilities"],
        document_words=frozenset(data.get("document_words", ())),
        value_pairs={
            phrase: (str(spec[0]), tuple(spec[1]))
            for phrase, spec in data.get("value_pairs", {}).items()
            if not phrase.startswith("_")
        },
        context_values={
            word: re.compile(pattern)
            for word, pattern in data.get("context_values", {}).items()
            if not word.startswith("_")
        },
        event_words=event_words,
        event_labels=event_labels,
        event_says=event_says,
        implied_events={
            k: str(v) for k, v in data.get("implied_events", {}).items() if not k.startswith("_")
        },
        number_words={
            k: int(v) for k, v in data.get("number_words", {}).items() if not k.startswith("_")
        },
        default_event=str(data.get("default_event", {}).get("event", "active")),
        sum_words=frozenset(data.get("sum_words", {}).get("words", ())),
        value_suffixes={
            k: tuple(v) for k, v in data.get("value_suffixes", {}).items() if not k.startswith("_")
        },
        value_prefixes={
            k: tuple(v) for k, v in data.get("value_prefixes", {}).items() if not k.startswith("_")
        },
        group_labels={
            k: str(v) for k, v in data.get("group_labels", {}).items() if not k.startswith("_")
        },
        dimension_contexts={
            k: re.compile(v)
            for k, v in data.get("dimension_contexts", {}).items()
            if not k.startswith("_")
        },
        unranked_labels=frozenset(data.get("unranked_labels", {}).get("labels", ())),
        resident_suffixes={
            k: tuple(v)
            for k, v in data.get("resident_suffixes", {}).items()
            if not k.startswith("_")
        },
        question_words=frozenset(data.get("question_words", {}).get("words", ())),
        resident_prefixes={
            k: tuple(v)
            for k, v in data.get("resident_prefixes", {}).items()
            if not k.startswith("_")
        },
        dimension_exclusions={
            k: (re.compile(v["pattern"]), re.compile(v["unless"]) if v.get("unless") else None)
            for k, v in data.get("dimension_exclusions", {}).items()
            if not k.startswith("_")
        },
        exclusion_topics={
            k: v["topic"]
            for k, v in data.get("dimension_exclusions", {}).items()
            if not k.startswith("_") and v.get("topic")
        },
    )


@lru_cache(maxsize=4)
def load_table(path: Path = GLOSSARY_PATH) -> Table:
    """Read the table (cached). A förbund edits ``glossary.json``, not code."""
    return _load(path)


def event_aliases() -> dict[str, str]:
    """Every Swedish event word (and the English names) mapped to its event."""
    table = load_table()
    aliases = {event: event for event in table.event_words}
    for event, words in table.event_words.items():
        for word in words:
            aliases.setdefault(word, event)
    return aliases


def event_help() -> str:
    """One Swedish sentence naming the events and their words (for tool descriptions)."""
    table = load_table()
    meaning = {
        "started": "startade under perioden (Startdatum)",
        "ended": "avslutade under perioden (Slutdatum)",
        "active": "deltog någon gång under perioden",
    }
    parts = []
    for rule in table.rules_of("event"):
        if rule.weak:
            continue
        event = str(rule.produces["event"])
        words = rule.keywords or rule.phrases[:4]
        parts.append(f"'{event}' = {meaning.get(event, event)}, t.ex. ”{'”, ”'.join(words)}”")
    default = table.default_event
    return (
        "Händelse: "
        + "; ".join(parts)
        + f". Nämner frågan ingen händelse räknas '{default}' ({meaning.get(default, default)}),"
        + " utom när en dimension anger den ("
        + "; ".join(f"{dim}: '{event}'" for dim, event in table.implied_events.items())
        + "); säg i svaret hur frågan tolkades."
    )


def ranking_help() -> str:
    """One Swedish sentence on ranking questions, naming the table's ranking words."""
    table = load_table()
    most = [r.phrases[0] for r in table.rules_of("ranking")]
    return (
        f"Rangordningsfrågor (”{'”, ”'.join(most)}” …): dela upp med by på dimensionen som "
        "rangordnas och svara med grupperna i ordning, störst först, med antal."
    )
