"""Turn a Swedish statistics question into a statistics-tool call, or say why not.

The words come from one table (:mod:`assistant.understanding`); this module
turns a :class:`~assistant.understanding.parser.Reading` into a
:class:`StatsQuery`. "Hur många kvinnor började en insats 2024?" becomes
``StatsQuery(kind="count", event="started", year=2024, focus=("kön", "Kvinna"))``.

A question goes to the register only when every word is accounted for (see
:func:`understand`). Follow-ups ("Och för männen?", "Och året innan?") are
resolved against the previous statistics question: what the follow-up names
replaces what the earlier question said about the same dimension, the rest is kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from assistant.stats.definitions import OUTCOME_VALUES
from assistant.understanding.parser import (
    PARTICIPANT_RE,
    SPLIT_MARKER_RE,
    TABLE_SPLIT_RE,
    Lexicon,
    Reading,
    build_lexicon,
    looks_like_follow_up,
    normalise,
    read_question,
)
from assistant.understanding.rules import load_table

Kind = Literal["count", "outcome_rate", "trend"]

__all__ = [
    "Kind",
    "Lexicon",
    "StatsQuery",
    "Understanding",
    "build_lexicon",
    "is_statistics_question",
    "parse",
    "resolve",
    "understand",
]


#: "av dem", "bland dessa": counted among those the earlier question counted. "för dem
#: som anmäldes av X" restricts who is counted instead (the earlier rate, for X).
PARTITIVE_RE = re.compile(r"\b(?:av|bland)\s+(?:dem|dessa|de|dom)\b")


@dataclass(frozen=True)
class StatsQuery:
    """A parsed statistics question, ready to call a statistics function.

    Attributes:
        event_named: Whether the question named or implied the event (else the table's
            default event, "active", is counted
            and the answer says so).
        rank: ``most`` or ``least`` for a ranking question ("flest", "minst").
        compare: The question compares groups ("oftare", "respektive").
        open_end: "sedan 2020": the period runs to the latest year with data.
        year_offset: "året innan" in a follow-up: relative to the earlier year.
        relative_time: The words of a relative period ("förra året"), to say how it was read.
    """

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
    event_named: bool = True
    rank: str | None = None
    rank_position: int = 1
    compare: bool = False
    open_end: bool = False
    year_offset: int | None = None
    relative_time: str | None = None
    latest: bool = False
    #: The values compared ("männen eller kvinnorna"): the split keeps only these.
    compared: tuple[tuple[str, str], ...] = ()
    #: Keep only the compared values in the split (when a third group would hide one).
    only_compared: bool = False
    #: "totalt i registret", "alla år": every year the register has data for.
    all_years: bool = False
    #: "de senaste tre åren": the last N years with data.
    last_years: int | None = None
    #: "de tre vanligaste": how many groups a ranking names first.
    rank_count: int = 1
    #: A comparing word ("fler … än", "skillnad"), not only two values named side by side.
    asks_difference: bool = False
    #: The event was inferred (from "avslutsorsak", or a word like "hade"), not named.
    event_inferred: bool = False
    #: "av dem", "bland dessa": the question counts within the earlier answer's group.
    of_them: bool = False
    #: "andelen kvinnor i varje insats": the value whose share is asked within each group
    #: of ``by[0]`` (the table is split by both; ``by[1]`` is the value's dimension).
    share_within: tuple[str, str] | None = None


@dataclass(frozen=True)
class Understanding:
    """What the register can do with a question.

    ``query`` is set when the question is fully understood as a statistics
    question. Otherwise ``hints`` say why the register does not answer it (a topic
    it does not hold, another förbund), for the refusal; ``statistical`` says
    whether it looked like a statistics question at all.
    """

    query: StatsQuery | None
    reading: Reading | None = None
    hints: tuple[str, ...] = ()
    statistical: bool = False
    other_scope: tuple[str, ...] = ()


#: A question asking which year ("Vilket år …", "När …", "Which year …").
YEAR_ASKED_RE = re.compile(
    r"^\W*(?:vilket år|vilka år|när|which year|what year|in which year)\b", re.I
)


def _query_from(reading: Reading) -> StatsQuery:
    kind: Kind = "count"
    outcome = reading.outcome and not reading.outcome_population
    if outcome:
        # "Har andelen som gick till arbete eller studier ökat 2023–2024?": the rate per
        # year, not a count.
        kind = "outcome_rate"
    elif reading.trend:
        kind = "trend"
    event = reading.event
    event_named = event is not None
    notes: list[str] = []
    if kind == "outcome_rate":
        event, event_named = "ended", True
    elif event is None:
        event = load_table().default_event
    elif reading.event_source is not None:
        notes.append(_event_note(reading, event))
    by = list(reading.split_dimensions)
    values = sorted(reading.values)
    # A value of the same dimension named twice ("männen eller kvinnorna") is a comparison.
    per_dim: dict[str, list[str]] = {}
    for _, d, v in values:
        per_dim.setdefault(d, [])
        if v not in per_dim[d]:
            per_dim[d].append(v)
    compared = [d for d, vs in per_dim.items() if len(vs) > 1]
    for d in compared:
        if d not in by:
            by.insert(0, d)
    values = [(p, d, v) for p, d, v in values if d not in compared]
    all_years = reading.all_years
    if reading.rank and not by and kind == "count" and YEAR_ASKED_RE.search(reading.question):
        # "Vilket år började flest?", "När avslutade flest sin insats?": the years are
        # ranked, over the period named or every year with data.
        kind = "trend"
        all_years = all_years or not (reading.year or reading.from_year or reading.last_years)
    elif reading.rank and not by:
        # "Vilken myndighet … flest": the dimension mentioned is what is ranked.
        mentioned = [d for _, d, _ in sorted(reading.dimensions) if d not in per_dim]
        by = mentioned[:1]
    if kind == "trend":
        by = [d for d in by if d != "år"]
    elif kind == "outcome_rate" and reading.trend and reading.from_year and not by:
        by = ["år"]
    seen: set[tuple[str, str]] = set()
    uniq: list[tuple[int, str, str]] = []
    for p, d, v in values:
        if (d, v) not in seen:
            seen.add((d, v))
            uniq.append((p, d, v))
    pairs = [(d, v) for _, d, v in uniq]
    outcome_filters: list[tuple[str, str]] = []
    if reading.outcome_population:
        # "Av dem som gick till arbete eller studier …": those are who is counted.
        event, event_named = "ended", True
        outcome_filters = [("avslutsorsak", v) for v in OUTCOME_VALUES]
    share_within = _share_within(reading, kind, by, uniq, compared)
    asked = _share_value(reading, uniq) if kind == "trend" and not by else None
    if asked is not None:
        # "Har andelen kvinnor bland de nya ökat sedan 2020?": the share within each year,
        # read from the year-by-value table, not each year's part of all the women.
        kind, by, share_within = "count", ["år"], asked
    if share_within is not None:
        pairs = [p for p in pairs if p != share_within]
        by = [by[0], share_within[0]]
    focus: tuple[str, str] | None = None
    filters = pairs
    if kind == "count" and not by and pairs:
        # The value asked about is the focus; an insats named beside a group ("kvinnor i
        # FINSAM-team") is where they are counted, so it filters rather than focuses.
        candidates = [p for p in pairs if p[0] != "insats"] or pairs
        focus = candidates[-1]
        filters = [p for p in pairs if p != focus]
    filters = [*outcome_filters, *filters]
    return StatsQuery(
        kind=kind,
        event=event,
        year=reading.year,
        from_year=reading.from_year,
        to_year=reading.to_year,
        by=tuple(by[:2]),
        filters=tuple(filters),
        focus=focus,
        event_named=event_named,
        rank=reading.rank,
        rank_position=reading.rank_position,
        compare=reading.compare or bool(compared),
        open_end=reading.open_end,
        year_offset=reading.year_offset,
        relative_time=reading.relative_time,
        latest=reading.latest,
        compared=tuple((d, v) for d in compared for v in per_dim[d]),
        all_years=all_years,
        last_years=reading.last_years,
        rank_count=reading.rank_count,
        asks_difference=reading.compare,
        event_inferred=reading.event_source is not None,
        of_them=bool(PARTITIVE_RE.search(reading.question.lower())),
        share_within=share_within,
        # Compared values beside another split ("i varje insats från Rinkeby-Kista resp
        # Skärholmen") keep only the compared groups.
        only_compared=bool(compared)
        and (
            share_within is not None
            or bool(reading.rank)
            or (len(by) > 1 and not set(compared) <= reading.listed_dims)
        ),
        notes=tuple(notes),
    )


def _share_value(reading: Reading, values: list[tuple[int, str, str]]) -> tuple[str, str] | None:
    """The value a share word asks about: the one right after it ("andelen kvinnor i
    Novum" asks the women's share, Novum is where), or None when none follows it."""
    if not reading.share or reading.share_end < 0:
        return None
    q = reading.question.lower()
    for pos, dim, value in sorted(values):
        # "andelen kvinnor", "andelen som anmälts av …", "andelen med förgymnasial …"
        if pos >= reading.share_end and q[reading.share_end : pos].strip() in ("", "som", "med"):
            return (dim, value)
    return None


def _share_within(
    reading: Reading,
    kind: str,
    by: list[str],
    values: list[tuple[int, str, str]],
    compared: list[str],
) -> tuple[str, str] | None:
    """The value whose share is asked within each group, or None.

    "Hur stor andel av deltagarna i Farsta respektive Bromma var kvinnor?" and
    "Vilken andel kvinnor fanns i varje insats?" ask for the share of kvinnor within
    each group. "Hur stor andel av kvinnorna bodde i respektive stadsdel?" does not:
    there kvinnorna is who is counted, and the split is their distribution. The value
    is the one asked about when it follows the share word directly ("andelen kvinnor")
    or comes after the groups are named.
    """
    if kind != "count" or not reading.share or len(by) != 1:
        return None
    group = by[0]
    group_at = [p for p, d, _ in reading.values if d == group] + [
        p for p, d, _ in reading.dimensions if d == group
    ]
    if not group_at:
        return None
    first_group = min(group_at)
    candidates = [(p, d, v) for p, d, v in values if d != group and d not in compared]
    q = reading.question.lower()
    for pos, dim, value in reversed(candidates):
        if re.search(r"\b(av|bland)(\s+(de|dem|alla))?\s+$", q[max(0, pos - 16) : pos]):
            continue  # "andel av kvinnorna": who is counted, not what is asked
        gap = q[reading.share_end : pos] if reading.share_end >= 0 else "x"
        if pos > first_group or (pos > reading.share_end and not gap.strip()):
            return (dim, value)
    return None


def _event_note(reading: Reading, event: str) -> str:
    """Say how an event no word named was read (never a silent default)."""
    says = load_table().event_says.get(event, event)
    if reading.event_source == "implied":
        dim = (reading.event_words[0] if reading.event_words else "").capitalize()
        if event == "ended":
            return f"{dim} finns bara för dem som avslutat; jag har räknat dem som {says}."
        return f"{dim} registreras när en deltagare börjar; jag har räknat dem som {says}."
    word = reading.event_words[0] if reading.event_words else ""
    return f"”{word}” har tolkats som deltagare som {says} någon gång under perioden."


def parse(question: str, lexicon: Lexicon, *, today: dt.date | None = None) -> StatsQuery:
    """Parse one question on its own (no history, no tractability check)."""
    return _query_from(read_question(question, lexicon, today=today))


def is_statistics_question(question: str, lexicon: Lexicon | None = None) -> bool:
    """A fully understood question about counts, shares, rankings or trends."""
    from assistant.understanding.parser import lexicon_from_codelists

    reading = read_question(question, lexicon or lexicon_from_codelists())
    return reading.tractable and reading.asks_statistics


def merge(previous: StatsQuery, follow: StatsQuery) -> StatsQuery:
    """Apply a follow-up to the previous query: named dimensions replace, others stay."""
    if previous.kind == "outcome_rate" and follow.of_them and follow.focus and not follow.by:
        # "Hur många gick till arbete eller studier?" "Och av dem, hur många var
        # kvinnor?": counted among those who went on, not the rate among women.
        previous = replace(
            previous,
            kind="count",
            event="ended",
            filters=(*previous.filters, *(("avslutsorsak", v) for v in OUTCOME_VALUES)),
            focus=None,
            by=(),
        )
    values = list(follow.filters) + ([follow.focus] if follow.focus else [])
    named = {d for d, _ in values}
    filters = [(d, v) for d, v in previous.filters if d not in named]
    focus = previous.focus
    swap = previous.kind == "count" and follow.kind == "count"
    if swap and follow.focus and not follow.by and (focus is None or focus[0] != follow.focus[0]):
        # "Hur många deltog i Novum?" "Och hur många procent kvinnor där?": the value the
        # follow-up names is what is asked; the earlier one is where it is counted.
        if focus is not None:
            filters.append(focus)
        focus = follow.focus
        values = list(follow.filters)
    for d, v in values:
        if focus and d == focus[0]:
            focus = (d, v)
        else:
            filters.append((d, v))
    if follow.kind == "outcome_rate" and previous.kind == "count" and focus is not None:
        # "Hur många kvinnor avslutade 2024?" "Hur många av dem gick till arbete eller
        # studier?": the rate among the women, the group the earlier answer was about.
        filters.append(focus)
        focus = None
    by = follow.by or previous.by
    by = tuple(d for d in by if d not in {d for d, _ in filters})
    if focus and focus[0] in by:
        focus = None
    elif focus and by:
        # "Dela upp det på vem som anmälde" after "… i FINSAM-team": the value asked
        # about becomes where the split is counted.
        filters.append(focus)
        focus = None
    year, from_year, to_year = previous.year, previous.from_year, previous.to_year
    relative_time = previous.relative_time
    latest = previous.latest
    all_years, last_years = previous.all_years, previous.last_years
    if follow.year or follow.from_year or follow.latest or follow.all_years or follow.last_years:
        year, from_year, to_year = follow.year, follow.from_year, follow.to_year
        relative_time, latest = follow.relative_time, follow.latest
        all_years, last_years = follow.all_years, follow.last_years
    elif follow.year_offset is not None:
        if previous.year:
            year = previous.year + follow.year_offset
        elif previous.from_year and previous.to_year:
            shift = (previous.to_year - previous.from_year + 1) * follow.year_offset
            from_year = previous.from_year + shift
            to_year = previous.to_year + shift
        relative_time = follow.relative_time
    # An event the follow-up names replaces the earlier one; one it only implies does not
    # replace one the earlier question named ("Hur många började?" "Fördela på avslutsorsak").
    named_before = previous.event_named and not previous.event_inferred
    takes_follow = follow.event_named and (not follow.event_inferred or not named_before)
    event = follow.event if takes_follow else previous.event
    event_inferred = follow.event_inferred if takes_follow else previous.event_inferred
    notes = previous.notes if not takes_follow else follow.notes
    return replace(
        previous,
        kind=follow.kind if follow.kind != "count" else previous.kind,
        event=event,
        event_named=follow.event_named or previous.event_named,
        event_inferred=event_inferred,
        year=year,
        from_year=from_year,
        to_year=to_year,
        open_end=follow.open_end if (follow.year or follow.from_year) else previous.open_end,
        year_offset=None,
        relative_time=relative_time,
        latest=latest,
        all_years=all_years,
        last_years=last_years,
        by=by,
        filters=tuple(filters),
        focus=focus,
        follow_up=True,
        rank=follow.rank or previous.rank,
        rank_count=follow.rank_count if follow.rank else previous.rank_count,
        rank_position=follow.rank_position if follow.rank else previous.rank_position,
        compare=follow.compare or previous.compare,
        asks_difference=follow.asks_difference or previous.asks_difference,
        notes=notes,
    )


#: "Hur många insatser …", "Antal stadsdelar …": the word counted, right after.
_COUNTED_RE = re.compile(r"\b(?:hur många|antal(?:et)?)\s+(?:olika\s+)?([a-zåäöé-]+)", re.I)
#: Words that make a question count participants ("Hur många stadsdelar hade deltagare?").
_PEOPLE_RE = re.compile(
    r"\b(?:deltagar\w*|personer|individer|människor|kvinnor|män|boende|invånare|bosatta)\b",
    re.I,
)


def _counted_category(question: str, lexicon: Lexicon) -> tuple[str, str] | None:
    """The dimension word a question counts ("insatser", "stadsdelar") and its
    dimension, when it counts the categories themselves and names no participants."""
    m = _COUNTED_RE.search(question)
    if m is None or _PEOPLE_RE.search(question):
        return None
    word = m.group(1).lower()
    if not re.search(r"(?:er|ar|or|na|en)$", word):
        return None  # a plural counts things ("insatser"); "arbetslösa" counts people
    for phrase, dimension in lexicon.dim_phrases:
        if " " not in phrase and len(phrase) >= 5 and word.startswith(phrase):
            return word, dimension
    return None


def _about_no_one(reading: Reading) -> bool:
    """Whether a register-shaped question names nobody the register counts: no
    participants, no event, no outcome, no group but a place, and no split asked for in
    so many words ("per", "efter", "fördelat på"), only a dimension word used as a
    description."""
    q = reading.question.lower()
    # A place ("i Farsta") narrows where, not who: the residents there are not the
    # participants.
    places = set(load_table().resident_suffixes)
    groups = [v for v in reading.values if v[1] not in places]
    if PARTICIPANT_RE.search(q) or reading.event or reading.outcome or groups:
        return False
    if reading.trend or reading.compare or not reading.dimensions:
        return False
    normalised = normalise(reading.question)
    return not any(
        SPLIT_MARKER_RE.search(normalised[max(0, pos - 40) : pos]) or TABLE_SPLIT_RE.search(q)
        for pos, _, _ in reading.dimensions
    )


def understand(
    question: str,
    earlier_questions: Sequence[str],
    lexicon: Lexicon,
    *,
    today: dt.date | None = None,
) -> Understanding:
    """Decide whether the register answers ``question`` and, if so, with which call.

    Args:
        question: The question as asked.
        earlier_questions: The user's earlier questions, newest first (for follow-ups).
        lexicon: Dimension and value words.
        today: Today's date for "förra året", "i år" (default: the real date).
    """
    reading = read_question(question, lexicon, today=today)
    statistical = reading.asks_statistics or bool(reading.event and reading.quantity)
    hints = tuple(reading.unsupported)
    scope = tuple(reading.other_scope)
    if not reading.tractable:
        return Understanding(None, reading, hints, statistical, scope)
    counted = _counted_category(question, lexicon)
    if counted is not None:
        # "Hur många insatser har förbundet?" counts insatser, not participants: the
        # register's count of participants answers another question.
        word, dimension = counted
        hint = (
            f"Registret räknar deltagare, inte hur många {word} det finns; fråga till "
            f"exempel hur många deltagare det var per {dimension}"
        )
        return Understanding(None, reading, (*hints, hint), statistical, scope)
    follow = bool(earlier_questions) and (
        looks_like_follow_up(question, reading) or (reading.anaphoric and not reading.has_period)
    )
    if follow:
        previous = understand(earlier_questions[0], earlier_questions[1:], lexicon, today=today)
        if previous.query is not None:
            follow_query = _query_from(reading)
            if reading.period_from_tense:
                # "Och hur många har avslutat?" keeps the earlier question's period.
                follow_query = replace(follow_query, all_years=False, relative_time=None)
            merged = merge(previous.query, follow_query)
            return Understanding(merged, reading, statistical=True)
    if reading.year_offset is not None:
        # "året innan", "två år senare" only mean something after an earlier question.
        said = reading.relative_time or "året innan"
        hint = (
            f"”{said}” räknas från ett år som frågan inte anger; skriv vilket år du menar, "
            "till exempel 2023"
        )
        return Understanding(None, reading, (*hints, hint), statistical)
    if reading.asks_statistics and _about_no_one(reading):
        # "Hur många var arbetslösa i Stockholm 2024?": no participants, no event, no
        # group and no split asked for; a table of the participants' time without work
        # would answer another question.
        hint = (
            "Frågan säger inte att den gäller förbundets deltagare; fråga till exempel hur "
            "många deltagare som började, avslutade eller deltog"
        )
        return Understanding(None, reading, (*hints, hint), statistical, scope)
    if (
        reading.asks_statistics
        and reading.rank
        and YEAR_ASKED_RE.search(reading.question)
        and reading.year is not None
        and not (reading.from_year or reading.last_years or reading.all_years)
    ):
        # "När under 2023 började flest?": a time within one year; the register counts
        # by year, so ranking that one year would answer another question.
        hint = (
            "Registret räknar per år, inte per månad eller dag; fråga till exempel vilket år "
            "flest började, eller hur många som började 2023"
        )
        return Understanding(None, reading, (*hints, hint), statistical, scope)
    if reading.asks_statistics:
        query = _query_from(reading)
        if query.rank and not query.by and query.kind == "count" and not query.compare:
            # "Vad var vanligast 2023?", "Vilken remitterade flest?": a ranking of
            # nothing named; one total would answer another question.
            hint = (
                "Frågan frågar efter flest eller vanligast men säger inte bland vilka; skriv "
                "vad som ska jämföras, till exempel vilken insats, stadsdel, anmälande part "
                "eller avslutsorsak"
            )
            return Understanding(None, reading, (*hints, hint), statistical, scope)
        return Understanding(query, reading, statistical=True)
    return Understanding(None, reading, statistical=False)


def resolve(
    question: str,
    earlier_questions: Sequence[str],
    lexicon: Lexicon,
    *,
    today: dt.date | None = None,
) -> StatsQuery | None:
    """The statistics call for ``question`` (with follow-ups), or None."""
    return understand(question, earlier_questions, lexicon, today=today).query


def describe(q: StatsQuery) -> dict[str, Any]:
    """The query as a plain dictionary (for evaluation and logs)."""
    return {
        "kind": q.kind,
        "event": q.event,
        "year": q.year,
        "from_year": q.from_year,
        "to_year": q.to_year,
        "by": list(q.by),
        "filters": dict(q.filters),
        "focus": list(q.focus) if q.focus else None,
        "rank": q.rank,
        "compare": q.compare,
    }
