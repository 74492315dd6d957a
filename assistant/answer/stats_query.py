"""Parse a Swedish statistics question into a statistics-tool call.

"Hur många kvinnor började en insats 2024?" becomes
``StatsQuery(kind="count", event="started", year=2024, focus=("kön", "Kvinna"))``.
Follow-ups ("Och för männen?") are resolved against the previous statistics
question in the conversation: what the follow-up names replaces what the earlier
question said about the same dimension, the rest is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

Kind = Literal["count", "outcome_rate", "trend"]

QUANTITY_RE = re.compile(
    r"\b(hur många|hur stor|hur stort|antal(?:et)?|andel(?:en)?|procent|fördela|fördelning|"
    r"fördelat|fördelade|uppdelat|uppdelad|statistik|siffror|trend|utveckling(?:en)?|"
    r"per år|varje år|år för år|över tid|hur ofta|summera|sammanställ\w*|räkna|flest|"
    r"vanligast\w*|minst|dela upp|dela in|uppdelning\w*|how many|share)\b"
)
SUBJECT_RE = re.compile(
    r"\b(deltagar\w*|började|startade|påbörjade|avslutade|avslut\w*|slutade|aktiva|"
    r"deltog|deltagit|anmälda|anmäld|anmälde|anmäldes|remitterade|remitterades|gick vidare|"
    r"gick till|kvinnor|män|personer|inskrivna|nya|ärende\w*|remitter\w*)\b"
)
ANAPHORA_RE = re.compile(r"\b(av dem|av dessa|bland dem|bland dessa|av de|av deltagarna)\b")
FOLLOW_UP_RE = re.compile(
    r"^\s*(och|men|samma|hur är det|hur blir det|vad gäller|för|bland|om vi|då|än)\b"
)
EVENT_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "ended",
        re.compile(
            r"\b(avslutade|avslutat|avslut\w*|slutade|lämnade|gick vidare|gick till|"
            r"gått vidare|gått till|började arbeta|började studera|fick (?:ett )?jobb|"
            r"fick arbete)\b"
        ),
    ),
    (
        "active",
        re.compile(
            r"\b(aktiva|deltog|deltagit|var inskrivna|pågående|under året|totalt haft|"
            r"haft \d* ?deltagare|hade insatserna)\b"
        ),
    ),
    (
        "started",
        re.compile(
            r"\b(började|startade|påbörjade|nya deltagare|tillkom|anmäl\w*|remitter\w*|"
            r"skrevs in|kom in|träffat|träffade|mött|mötte)\b"
        ),
    ),
)
OUTCOME_RE = re.compile(
    r"\b(arbete eller studier|arbete och studier|jobb eller studier|till arbete|till jobb|"
    r"till studier|arbeta eller studera|började arbeta|började studera|fick jobb|"
    r"fick arbete|resultat(?:et)?|utfall(?:et)?|gick vidare)\b"
)
TREND_RE = re.compile(
    r"\b(per år|varje år|år för år|över tid|trend\w*|utveckling\w*|årsvis|årligen)\b"
)
FOCUS_RE = re.compile(r"\b(hade|har|med|fick|var|bodde|bor|kom från|anmälda av)\s*$")
BY_MARKER_RE = re.compile(
    r"(efter|per|på|fördel\w*|uppdel\w*|olika|varje|vilken|vilka|mellan|bland|respektive)"
    r"\s+(\S+\s+){0,2}$"
)
YEAR_RANGE_RE = re.compile(r"\b(20\d\d|19\d\d)\s*(?:[-–—]|till|och)\s*(20\d\d|19\d\d)\b")
YEAR_RE = re.compile(r"\b(20\d\d|19\d\d)\b")
#: Words that name an event or outcome, never a filter value, in these questions.
_NOT_VALUES = {"arbete", "jobb", "studier", "studera", "annat", "okänt", "okänd", "unga"}
_GENERIC_DIM_WORDS = {"part", "år", "verksamhet", "projekt", "ålder"}


@dataclass(frozen=True)
class StatsQuery:
    """A parsed statistics question, ready to call a statistics function."""

    kind: Kind = "count"
    event: str | None = None
    year: int | None = None
    from_year: int | None = None
    to_year: int | None = None
    by: tuple[str, ...] = ()
    filters: tuple[tuple[str, str], ...] = ()
    focus: tuple[str, str] | None = None
    follow_up: bool = False
    notes: tuple[str, ...] = field(default=())


@dataclass(frozen=True)
class Lexicon:
    """Phrases naming dimensions and values, longest first."""

    dim_synonyms: list[tuple[str, str]]  # (phrase, dimension)
    value_synonyms: list[tuple[str, str, str]]  # (phrase, dimension, value)


def build_lexicon(vocabulary: dict[str, dict[str, Any]]) -> Lexicon:
    """Phrases for dimensions and values from ``stats.vocabulary(register)``."""
    dims: list[tuple[str, str]] = []
    values: list[tuple[str, str, str]] = []
    extra_dims = {
        "stadsdel": ["stadsdelsområden", "bostadsområde"],
        "insats": ["insatserna"],
        "anmälande part": ["anmälare", "anmälande parter", "vem som anmälde", "remittenter"],
        "avslutsorsak": ["avslutsorsaken", "skäl till avslut", "varför de avslutade"],
        "åldersgrupp": ["åldersgrupper"],
        "försörjning vid start": ["försörjningen", "försörjningskälla"],
    }
    for dim, info in vocabulary.items():
        for phrase in [dim, *info.get("synonyms", []), *extra_dims.get(dim, [])]:
            phrase = phrase.lower()
            if phrase not in _GENERIC_DIM_WORDS:
                dims.append((phrase, dim))
        vals = dict(info.get("value_synonyms", {}))
        for v in info.get("values", []):
            vals.setdefault(v, v)
        for phrase, value in vals.items():
            p = phrase.lower()
            if len(p) >= 3 and p not in _NOT_VALUES:
                values.append((p, dim, value))
    dims.sort(key=lambda t: -len(t[0]))
    values.sort(key=lambda t: -len(t[0]))
    return Lexicon(dims, values)


def _find(phrase: str, text: str, taken: list[tuple[int, int]]) -> tuple[int, int] | None:
    # Optional genitive or definite endings: "FINSAM-teamets".
    pattern = rf"(?<![\wåäö-]){re.escape(phrase)}(?:s|ets|ens)?(?![\wåäö-])"
    for m in re.finditer(pattern, text):
        span = (m.start(), m.end())
        if not any(a < span[1] and span[0] < b for a, b in taken):
            return span
    return None


def _names_split(phrase: str, start: int, q: str, already: bool = False) -> bool:
    """Whether a dimension word asks for a split ("efter kön", "kvinnor och män")."""
    if " och " in phrase or "fördelning" in phrase or phrase.startswith("avslutsorsak"):
        return True
    before = q[max(0, start - 30) : start]
    if already and re.search(r"(och|,)\s*$", before):
        return True  # "efter tid utan arbete och kön"
    return bool(BY_MARKER_RE.search(before))


def is_statistics_question(question: str) -> bool:
    """A question about counts, shares or trends of participants."""
    q = question.lower()
    return bool(QUANTITY_RE.search(q) and SUBJECT_RE.search(q))


def parse(question: str, lexicon: Lexicon) -> StatsQuery:
    """Parse one question on its own (no history)."""
    q = question.lower().replace("–", "-")
    taken: list[tuple[int, int]] = []
    notes: list[str] = []
    year = from_year = to_year = None
    m = YEAR_RANGE_RE.search(q)
    if m:
        from_year, to_year = sorted((int(m.group(1)), int(m.group(2))))
        taken.append(m.span())
    else:
        years = [int(y) for y in YEAR_RE.findall(q)]
        if years:
            year = years[0]
    kind: Kind = "count"
    if TREND_RE.search(q):
        kind = "trend"
    elif OUTCOME_RE.search(q.replace("utan arbete eller studier", "")) and "avslutsorsak" not in q:
        kind = "outcome_rate"
    event: str | None = None
    for name, pattern in EVENT_PATTERNS:
        if pattern.search(q):
            event = name
            break
    if kind == "outcome_rate":
        event = "ended"
    elif event is None:
        event = "started"
        notes.append("Ingen händelse angavs; deltagandena räknas efter startdatum.")

    by: list[str] = []

    def take_dims(multiword: bool) -> None:
        for phrase, dim in lexicon.dim_synonyms:
            if (" " in phrase) != multiword or dim in by:
                continue
            span = _find(phrase, q, taken)
            if span and _names_split(phrase, span[0], q, already=bool(by)):
                taken.append(span)
                by.append(dim)

    take_dims(multiword=True)
    found: list[tuple[int, str, str]] = []  # (position, dimension, value)
    for phrase, dim, value in lexicon.value_synonyms:
        span = _find(phrase, q, taken)
        if span and not any(d == dim and v == value for _, d, v in found):
            taken.append(span)
            found.append((span[0], dim, value))
    found.sort()
    take_dims(multiword=False)
    by = [d for d in by if not any(d == fd for _, fd, _ in found)]
    if kind == "trend":
        by = [d for d in by if d != "år"]

    focus: tuple[str, str] | None = None
    values = [(d, v) for _, d, v in found]
    filters = values
    if kind == "count" and not by and values:
        # The value the question asks about is the focus; the rest filter.
        focus_idx = len(values) - 1
        for i, (pos, _, _) in enumerate(found):
            if FOCUS_RE.search(q[:pos]):
                focus_idx = i
        focus = values[focus_idx]
        filters = [dv for i, dv in enumerate(values) if i != focus_idx]
    return StatsQuery(
        kind=kind,
        event=event,
        year=year,
        from_year=from_year,
        to_year=to_year,
        by=tuple(by[:2]),
        filters=tuple(filters),
        focus=focus,
        notes=tuple(notes),
    )


def looks_like_follow_up(question: str, parsed: StatsQuery) -> bool:
    """A short question that only adds a value, year or split to an earlier one."""
    q = question.lower().strip()
    if len(q.split()) > 10:
        return False
    names_something = bool(parsed.filters or parsed.focus or parsed.by or parsed.year)
    return names_something and (bool(FOLLOW_UP_RE.search(q)) or not SUBJECT_RE.search(q))


def merge(previous: StatsQuery, follow: StatsQuery) -> StatsQuery:
    """Apply a follow-up to the previous query: named dimensions replace, others stay."""
    values = list(follow.filters) + ([follow.focus] if follow.focus else [])
    named = {d for d, _ in values}
    filters = [(d, v) for d, v in previous.filters if d not in named]
    focus = previous.focus
    for d, v in values:
        if focus and d == focus[0]:
            focus = (d, v)
        else:
            filters.append((d, v))
    by = follow.by or previous.by
    by = tuple(d for d in by if d not in {d for d, _ in filters})
    if focus and focus[0] in by:
        focus = None
    new_period = bool(follow.year or follow.from_year)
    return replace(
        previous,
        kind=follow.kind if follow.kind != "count" else previous.kind,
        event=previous.event if follow.notes else (follow.event or previous.event),
        year=follow.year if new_period else previous.year,
        from_year=follow.from_year if new_period else previous.from_year,
        to_year=follow.to_year if new_period else previous.to_year,
        by=by,
        filters=tuple(filters),
        focus=focus,
        follow_up=True,
        notes=previous.notes,
    )


def _is_concrete(q: StatsQuery) -> bool:
    explicit_event = not any(n.startswith("Ingen händelse") for n in q.notes)
    return (
        bool(explicit_event or q.year or q.from_year or q.focus or q.filters or q.by)
        or q.kind != "count"
    )


def resolve(question: str, earlier_questions: Sequence[str], lexicon: Lexicon) -> StatsQuery | None:
    """Parse ``question``, resolving a follow-up against earlier questions (newest first).

    Returns None when neither the question nor a follow-up chain is about statistics.
    """
    parsed = parse(question, lexicon)
    anaphoric = bool(ANAPHORA_RE.search(question.lower())) and bool(earlier_questions)
    if not anaphoric and is_statistics_question(question):
        # Only a question that names something the register holds (an event, a year,
        # a value or a split) is answered from it; "Hur många ärenden har huvudorsak
        # arbetslöshet?" names nothing the register records and goes to the documents.
        return parsed if _is_concrete(parsed) else None
    if not anaphoric and parsed.by and SUBJECT_RE.search(question.lower()):
        return parsed  # "Vilken utbildningsnivå hade de som började 2024?"
    if earlier_questions and (anaphoric or looks_like_follow_up(question, parsed)):
        previous = resolve(earlier_questions[0], earlier_questions[1:], lexicon)
        if previous is not None:
            return merge(previous, parsed)
    return None
