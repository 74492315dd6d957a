"""Read a Swedish question against the table: every word accounted for, or not.

The reading follows PRECISE (Popescu, Etzioni and Kautz 2003): a question is
*tractable* for the register only when every content word maps to something
the table knows: an event, an outcome, a ranking, comparison, quantity or trend
word, a time expression, a dimension or one of its values, or a word that
carries no meaning for the query. A word left over means the register cannot
answer the question as asked; if it names a topic the register does not hold
(kostnad, diagnos …) or another förbund, the reading says so.

Example:
    >>> from assistant.understanding.parser import lexicon_from_codelists, read_question
    >>> r = read_question("Hur många lämnade en insats 2024?", lexicon_from_codelists())
    >>> r.tractable, r.event, r.year
    (True, 'ended', 2024)
    >>> read_question("Vad kostade insatserna 2024?", lexicon_from_codelists()).unsupported
    ['Registret innehåller inga kostnader eller andra ekonomiska uppgifter']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from assistant.understanding.rules import Table, Unsupported, load_table

WORD_RE = re.compile(r"[0-9a-zåäöéü]+(?:[-/][0-9a-zåäöéü]+)*")
#: Endings a dimension or value phrase may take ("FINSAM-teamets", "Novums").
_ENDINGS = r"(?:s|en|ens|et|ets|na|n|ar|er)?"
#: Words before a dimension that ask for a split ("efter kön", "i respektive insats").
SPLIT_MARKER_RE = re.compile(
    r"(efter|per|på|över|fördel\w*|uppdel\w*|olika|varje|vilken|vilket|vilka|mellan|bland|"
    r"respektive|dela upp|dela in|delar upp|delar in|alla|var och en av|vardera av|samtliga|"
    r"för var och en av|"
    r"lägg till|lägga till|lägg på)"
    r"\s+(\S+\s+){0,2}$"
)
ANAPHORA_RE = re.compile(
    r"\b(av dem|av dessa|bland dem|bland dessa|av de|av deltagarna|de som|dessa|dem|de sig|"
    r"samma|dom|(?:dela upp|dela in|delar upp|delar in|fördela|fördelar|visa|bryt ner|redovisa)"
    r" det|"
    r"det uppdelat|"
    r"är det|det är|blir det|sådana|sådan|sådant)\b"
)
#: A split asked for in so many words ("per insats", "efter kön och ålder").
TABLE_SPLIT_RE = re.compile(
    r"\b(per|efter|fördela\w* (?:på|över)|uppdela\w* på|fördelning (?:på|över)|över)\s+\w"
)
#: Words naming those the register counts ("Hur många deltagare finns det?").
PARTICIPANT_RE = re.compile(r"\b(deltagar\w*|personer\w*|individer\w*|människor)\b")
#: A question that is only a noun phrase for participants ("Deltagare i Novum 2023?",
#: "Nya deltagare i Bromma 2022"): a count, asked in a few words.
TERSE_COUNT_RE = re.compile(r"^\W*(?:nya\s+)?(?:deltagare|deltagarna|deltagarantal\w*)\b")
FOLLOW_UP_RE = re.compile(
    r"^\s*(och|men|samma|hur är det|hur blir det|hur såg det ut|hur ser det ut|vad gäller|för|"
    r"bland|om vi|då|än|i|"
    r"lägg till|lägga till|dela upp|dela in|fördela)\b"
)


@dataclass(frozen=True)
class Lexicon:
    """Dimension and value phrases, longest first (code lists plus the glossary)."""

    dim_phrases: tuple[tuple[str, str], ...]  # (phrase, dimension)
    value_phrases: tuple[tuple[str, str, str], ...]  # (phrase, dimension, value)
    dimensions: tuple[str, ...] = ()
    empty_labels: Mapping[str, str] = field(default_factory=dict)


def build_lexicon(
    vocabulary: Mapping[str, Mapping[str, Any]], table: Table | None = None
) -> Lexicon:
    """Phrases for dimensions and values: the code lists' words plus the glossary's.

    Args:
        vocabulary: ``stats.vocabulary(register)`` or ``vocabulary_from_codelists``.
        table: The rules table (default: ``glossary.json``).
    """
    table = table or load_table()
    dims: dict[str, str] = {}
    values: dict[str, tuple[str, str]] = {}
    empty_labels: dict[str, str] = {}
    for dim, info in vocabulary.items():
        if dim == "år":
            continue
        for phrase in [dim, *info.get("synonyms", []), *table.dimension_words.get(dim, ())]:
            dims.setdefault(str(phrase).lower(), dim)
        synonyms: dict[str, str] = dict(info.get("value_synonyms", {}))
        labels = [str(v) for v in info.get("values", [])]
        for label in labels:
            synonyms.setdefault(label, label)
            for short in _slash_prefixes(label):
                synonyms.setdefault(short, label)
        synonyms.update(table.value_words.get(dim, {}))
        for label in labels:
            for word in resident_words(label, table.resident_suffixes.get(dim, ())):
                synonyms.setdefault(word, label)
        for phrase, value in synonyms.items():
            p = phrase.lower()
            if len(p) >= 2 and p not in table.empty_words and p not in ("okänd", "okänt"):
                values.setdefault(p, (dim, value))
        if info.get("empty_label"):
            empty_labels[dim] = str(info["empty_label"])
    return Lexicon(
        dim_phrases=tuple(sorted(dims.items(), key=lambda t: -len(t[0]))),
        value_phrases=tuple(
            sorted(((p, d, v) for p, (d, v) in values.items()), key=lambda t: -len(t[0]))
        ),
        dimensions=tuple(d for d in vocabulary if d != "år"),
        empty_labels=empty_labels,
    )


def resident_words(label: str, suffixes: Sequence[str]) -> list[str]:
    """Words for the residents of a place: "Skärholmen" -> "skärholmsbor", "Bromma" ->
    "brommabor", "Rinkeby-Kista" -> "rinkebybor", "kistabor" (each part of the name)."""
    words: list[str] = []
    for part in label.lower().split("-"):
        if len(part) < 4 or " " in part or not part.isalpha():
            continue
        stem = part[:-2] if part.endswith("en") else part
        links = [""] if stem[-1] in "aeiouyåäö" else ["s", ""]
        words += [f"{stem}{link}{suffix}" for link in links for suffix in suffixes]
    return words


def _slash_prefixes(label: str) -> list[str]:
    """A label of alternatives cut at each slash, as people write it: "Fortsatt stöd hos
    jobbtorg/Arbetsförmedlingen/rehabiliteringssamverkan" -> "… hos jobbtorg",
    "… hos jobbtorg/Arbetsförmedlingen" (at least two words, so never one bare word)."""
    parts = label.split("/")
    return [p for i in range(1, len(parts)) if len((p := "/".join(parts[:i])).split()) >= 2]


def lexicon_from_codelists() -> Lexicon:
    """The lexicon of the configured code lists (no register needs loading)."""
    from assistant.register.codelists import load_codelists
    from assistant.stats.queries import vocabulary_from_codelists

    return build_lexicon(vocabulary_from_codelists(load_codelists()))


@dataclass(frozen=True)
class Match:
    """A phrase of the question mapped to something the table knows."""

    start: int
    end: int
    kind: str  # a rule kind, "time", "dimension", "value", "own_scope", "other_scope"
    payload: Any
    text: str


@dataclass
class Reading:
    """What a question says, word by word, and what is left over."""

    question: str
    matches: list[Match] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    unsupported: list[str] = field(default_factory=list)  # hints, Swedish
    topics: list[Unsupported] = field(default_factory=list)  # what those hints are about
    topic_words: list[str] = field(default_factory=list)  # the question's words for them
    other_scope: list[str] = field(default_factory=list)  # places named outside the scope
    event: str | None = None
    outcome: bool = False
    rank: str | None = None
    rank_position: int = 1
    compare: bool = False
    quantity: bool = False
    trend: bool = False
    year: int | None = None
    from_year: int | None = None
    to_year: int | None = None
    open_end: bool = False  # "sedan 2020": up to the latest year with data
    year_offset: int | None = None  # "året innan": relative to an earlier question
    relative_time: str | None = None  # the words used ("förra året"), to say how it was read
    year_pair: bool = False  # "2022 och 2023": two years named side by side
    later_than_period: str | None = None  # "2023 … ett år senare": after the period named
    later_offset: int = 0  # its years from the period named (+1, -2 …)
    listed_dims: set[str] = field(default_factory=set)  # "kvinnor och män": a listing
    events_named: list[str] = field(default_factory=list)  # every explicit event word
    clause_event: str | None = None  # "när de började": the time of a value
    latest: bool = False  # "det senaste året i registret"
    all_years: bool = False  # "totalt i registret", "alla år": every year with data
    period_from_tense: bool = False  # all_years read from "har avslutat" with no time said
    last_years: int | None = None  # "de senaste tre åren": the last N years with data
    rank_count: int = 1  # "de tre vanligaste": how many groups are asked for
    share: bool = False  # "andel", "procent", "hur stor del": a share is asked for
    #: "av dem som gick till arbete eller studier, hur stor andel var kvinnor": those who
    #: went to arbete or studier are who is counted, not the rate asked for.
    outcome_population: bool = False
    share_end: int = -1  # where the share phrase ends ("andelen| kvinnor")
    #: How the event was found when no event word was used: "implied" by a dimension
    #: ("avslutsorsak"), or "weak" from a word like "hade"/"fanns"; None when named.
    event_source: str | None = None
    event_words: list[str] = field(default_factory=list)  # the words the event came from
    values: list[tuple[int, str, str]] = field(default_factory=list)  # (pos, dim, value)
    dimensions: list[tuple[int, str, bool]] = field(default_factory=list)  # (pos, dim, marked)
    anaphoric: bool = False

    @property
    def tractable(self) -> bool:
        """Every word accounted for and nothing outside the register or its scope."""
        return not (self.leftovers or self.unsupported or self.other_scope)

    @property
    def has_period(self) -> bool:
        return bool(
            self.year
            or self.from_year
            or self.year_offset is not None
            or self.latest
            or self.all_years
            or self.last_years
        )

    @property
    def asks_statistics(self) -> bool:
        """Whether it asks for a count, share, ranking, comparison or trend of something."""
        names_something = bool(
            self.event
            or self.outcome
            or self.values
            or self.dimensions
            or self.has_period
            or PARTICIPANT_RE.search(self.question.lower())
        )
        if (self.quantity or self.rank or self.trend) and names_something:
            return True
        if self.compare and (self.event or self.outcome):
            return True
        if self.compare and len({(d, v) for _, d, v in self.values}) > 1:
            return True  # "fler kvinnor än män i Novum 2024?"
        if self.outcome and (self.has_period or self.values):
            return True
        if (
            self.split_dimensions
            and PARTICIPANT_RE.search(self.question.lower())
            and TABLE_SPLIT_RE.search(self.question.lower())
        ):
            return True  # "Deltagare 2024 per insats och stadsdel": a table asked for
        if self.has_period and TERSE_COUNT_RE.match(self.question.lower()):
            return True  # "Deltagare i Novum 2023?": a count asked in a few words
        return bool(self.event and (self.split_dimensions or self.has_period))

    @property
    def split_dimensions(self) -> list[str]:
        """Dimensions asked for as a split ("efter kön", "per insats och kön")."""
        valued = {d for _, d, _ in self.values}
        out: list[str] = []
        for _, dim, marked in sorted(self.dimensions):
            if marked and dim not in valued and dim not in out:
                out.append(dim)
        return out


#: A number after a year and a slash ("2023/2" for "2023:2"), not a second year
#: ("2022/2023").
NUMBERED_RE = re.compile(r"/(?!(?:19|20)\d\d(?!\d))\d")


def normalise(question: str) -> str:
    """The question lower-cased, its punctuation blanked and a few word orders made
    regular, at the same length, so positions in it are positions in the question."""
    q = question.lower().replace("\u2013", "–").replace("\u2014", "–")
    q = re.sub(r"[\u00a0\u202f]", " ", q)
    q = re.sub(r"(?<=\d)-(?=\d)", "–", q)
    # "2023:2", "2003:1210": a report's or a statute's number, one word and no year.
    q = re.sub(r"(?<=\d):(?=\d)", "/", q)
    # "skrevs fler in" is "skrevs in fler"; "per kön och år" is "per kön per år" (the
    # same length, so positions line up with the original text).
    q = re.sub(
        r"\b(skrevs|skrivs|kom|gick)(\s+)(fler|färre|flest|färst|många|flera)(\s+)(in|ut)\b",
        lambda t: f"{t[1]}{t[2]}{t[5]}{t[4]}{t[3]}",
        q,
    )
    # ("per kön och år 2021–2022" too; "per kön och år 2023" names one year).
    # "16–29-åringar": the age group, then a word for those of that age.
    q = re.sub(r"(?<=\d)-(?=åring)", " ", q)
    q = re.sub(r"\b(per [\wåäö-]+) och (år)\b(?!\s*\d{4}(?!\s*–\s*\d{4}))", r"\1 per \2", q)
    # Same length as the question, so positions line up with the original text.
    return re.sub(r"[?!.,;:()”“\"»«]", " ", q)


def _phrase_spans(phrase: str, q: str, endings: bool) -> list[tuple[int, int]]:
    tail = _ENDINGS if endings else ""
    # Words apart by more than one blank: a comma of the question is blanked ("jobbtorg, af").
    words = r"\s+".join(re.escape(w) for w in phrase.split(" "))
    pattern = rf"(?<![\wåäöé-]){words}{tail}(?![\wåäöé])"
    return [m.span() for m in re.finditer(pattern, q)]


def _candidates(q: str, lexicon: Lexicon, table: Table) -> list[Match]:
    found: list[Match] = []
    for rule in table.rules:
        for phrase in rule.phrases:
            for s, e in _phrase_spans(phrase, q, endings=False):
                found.append(Match(s, e, rule.kind, rule, q[s:e]))
        for pattern in rule.patterns:
            for m in pattern.finditer(q):
                found.append(Match(m.start(), m.end(), rule.kind, rule, m.group(0)))
    for time_rule in table.time_rules:
        for m in time_rule.pattern.finditer(q):
            if NUMBERED_RE.match(q, m.end()):
                continue  # the year of a number ("2023/2"), not a time
            found.append(Match(m.start(), m.end(), "time", (time_rule, m.groups()), m.group(0)))
    excluded = {
        dim
        for dim, (pattern, unless) in table.dimension_exclusions.items()
        if pattern.search(q) and not (unless is not None and unless.search(q))
    }
    topics = {t.name: t for t in table.unsupported}
    for phrase, dim in lexicon.dim_phrases:
        if dim in excluded:
            # "Vilken försörjning hade de när de avslutade?": not recorded then.
            topic = topics.get(table.exclusion_topics.get(dim, ""))
            if topic is not None:
                for s, e in _phrase_spans(phrase, q, endings=True):
                    found.append(Match(s, e, "unsupported", topic, q[s:e]))
            continue
        for s, e in _phrase_spans(phrase, q, endings=True):
            found.append(Match(s, e, "dimension", dim, q[s:e]))
    for phrase, dim, value in lexicon.value_phrases:
        context = table.context_values.get(phrase) or table.dimension_contexts.get(dim)
        if context is not None and not context.search(q):
            continue  # "lön" is a försörjning only "vid start"; else it means pay
        if dim in excluded:
            continue  # "sjukpenning när insatsen avslutades": not what the register holds
        for s, e in _phrase_spans(phrase, q, endings=True):
            found.append(Match(s, e, "value", (dim, value), q[s:e]))
        for prefix in table.value_prefixes.get(dim, ()):
            # "anmälts av Stockholms stad": the referral names the part, not the event.
            for s, e in _phrase_spans(f"{prefix} {phrase}", q, endings=True):
                found.append(Match(s, e, "value", (dim, value), q[s:e]))
    found += _value_with_context(found, q, table)
    for phrase, (dim, pair) in table.value_pairs.items():
        for s, e in _phrase_spans(phrase, q, endings=False):
            found.append(Match(s, e, "values", (dim, pair), q[s:e]))
    for phrase in table.own_scope_words:
        for s, e in _phrase_spans(phrase, q, endings=False):
            found.append(Match(s, e, "own_scope", phrase, q[s:e]))
    for phrase in table.other_scope_words:
        for s, e in _phrase_spans(phrase, q, endings=True):
            found.append(Match(s, e, "other_scope", phrase, q[s:e]))
    for topic in table.unsupported:
        for phrase in topic.phrases:
            for s, e in _phrase_spans(phrase, q, endings=False):
                found.append(Match(s, e, "unsupported", topic, q[s:e]))
    for phrase in table.empty_words:
        if " " in phrase:
            # "där uppgiften finns": filler as a whole, not a "finns" that names an event.
            for s, e in _phrase_spans(phrase, q, endings=False):
                found.append(Match(s, e, "empty", phrase, q[s:e]))
    return found


#: Event rules that say nothing of what residents did ("finns det", "hade").
RESIDENT_NEUTRAL_EVENTS = frozenset({"event_active_presence", "event_active_possession"})


def _value_with_context(found: list[Match], q: str, table: Table) -> list[Match]:
    """Value matches widened by the words around them that belong to the value: the
    residents' "invånare i Skärholmen" (``resident_prefixes``) and "ingen ersättning
    vid start" (``value_suffixes``: else the dimension's "ersättning vid start" would
    take the words and leave "ingen" over)."""
    out: list[Match] = []
    lower = q.lower()
    # "invånare i Farsta" names participants only beside what they did ("började"),
    # not beside "finns det" or "hade" (how many residents there are).
    names_event = any(
        m.kind == "event" and m.payload.name not in RESIDENT_NEUTRAL_EVENTS for m in found
    )
    for m in found:
        if m.kind != "value":
            continue
        dim = m.payload[0]
        start, end = m.start, m.end
        for prefix in table.resident_prefixes.get(dim, ()) if names_event else ():
            before = re.search(rf"(?<!\w){re.escape(prefix)} $", lower[:start])
            if before:
                start = before.start()
                break
        for suffix in table.value_suffixes.get(dim, ()):
            after = re.compile(rf" {re.escape(suffix)}(?!\w)").match(lower, end)
            if after:
                end = after.end()
                break
        if (start, end) != (m.start, m.end):
            out.append(Match(start, end, "value", m.payload, q[start:end]))
    return out


#: Number words ("tre år sedan", "de tre vanligaste"), from the word table.
NUMBER_WORDS: dict[str, int] = {"ett": 1, "en": 1, **load_table().number_words}
_NUMBER_WORDS = NUMBER_WORDS
_PREFERENCE = {
    "unsupported": 0,
    "other_scope": 1,
    "time": 2,
    "value": 3,
    "values": 3,
    "outcome": 4,
    "event": 5,
    "ranking": 6,
    "comparison": 7,
    "dimension": 8,
    "trend": 9,
    "quantity": 10,
    "own_scope": 11,
    "rank_count": 12,
    "empty": 13,
}


def _choose(candidates: list[Match]) -> list[Match]:
    """Longest matches first; on equal length the more specific kind wins."""
    chosen: list[Match] = []
    ordered = sorted(
        candidates, key=lambda m: (-(m.end - m.start), _PREFERENCE.get(m.kind, 99), m.start)
    )
    for m in ordered:
        if not any(c.start < m.end and m.start < c.end for c in chosen):
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start)


def read_question(
    question: str,
    lexicon: Lexicon,
    *,
    today: dt.date | None = None,
    table: Table | None = None,
) -> Reading:
    """Map every word of ``question`` to the table, and say what is left over.

    Args:
        question: The question as asked.
        lexicon: Dimension and value words (see :func:`build_lexicon`).
        today: Today's date, for "förra året" and "i år" (default: the real date).
        table: The rules table (default: ``glossary.json``).
    """
    table = table or load_table()
    today = today or dt.date.today()
    q = normalise(question)
    reading = Reading(question=question)
    reading.anaphoric = bool(ANAPHORA_RE.search(q))
    matches = _choose(_candidates(q, lexicon, table))
    matches = sorted(matches + _rank_counts(q, matches, table), key=lambda m: m.start)
    reading.matches = matches
    for m in matches:
        _apply(reading, m, q, today, table.generic_dimension_words)
    for dim, (pattern, _) in table.dimension_exclusions.items():
        placed = pattern.search(q)
        if placed is not None and any(
            t.name == table.exclusion_topics.get(dim) for t in reading.topics
        ):
            # "försörjning … när de avslutade": a quote must say when, too.
            reading.topic_words.append(placed.group(0))
    if reading.event is None and reading.clause_event is not None:
        reading.event = reading.clause_event
    _infer_event(reading, table)
    events = {table.event_of(w) for w in reading.events_named}
    if len(events) > 1:
        # "Hur många som började 2023 avslutade 2024?": two events, one count each.
        reading.unsupported.append(
            f"Frågan nämner flera händelser (”{'”, ”'.join(reading.events_named)}”); "
            "registret räknar en händelse i taget: de som började, avslutade eller deltog "
            "under en period"
        )
    for m in matches:
        if m.kind == "outcome" and (reading.share or reading.quantity or reading.rank):
            # "Av dem som gick till arbete eller studier, hur många var män?" / "… vilken
            # insats var vanligast?": those who went on are who is counted.
            before = q[max(0, m.start - 24) : m.start]
            after = [p for p, _, _ in reading.values if p > m.end] + [
                p for p, _, marked in reading.dimensions if p > m.end and marked
            ]
            if re.search(r"\b(av|bland)\s+(dem|de|alla|deltagarna)\s+som\s*$", before) and (after):
                reading.outcome_population = True
    if reading.later_than_period and reading.year:
        # "avslutade fler 2024 än året innan", "började 2023 och året efter": the two
        # years side by side. Only a later time on its own ("hade jobb ett år senare")
        # asks how it went afterwards, which the register does not follow.
        offset = reading.later_offset
        at = q.find(reading.later_than_period.lower())
        joined = bool(re.search(r"\b(och|än|mot|jämfört med|respektive)\s*$", q[:at]))
        if offset < 0 or joined or reading.compare or reading.trend:
            other = reading.year + offset
            reading.from_year, reading.to_year = sorted((reading.year, other))
            reading.year, reading.trend, reading.year_pair = None, True, True
            reading.later_than_period = None
    if reading.later_than_period or (
        reading.year_offset is not None and reading.year_offset > 0 and reading.event == "ended"
    ):
        # "ett år efter avslutad insats", "2023 … två år senare": how it went later.
        later = next((t for t in table.unsupported if t.name == "later_follow_up"), None)
        if later is not None and later.hint not in reading.unsupported:
            reading.unsupported.append(later.hint)
            reading.topics.append(later)
            reading.topic_words.append(reading.later_than_period or "senare")
    duration = DURATION_RE.search(q)
    without_work = table.dimension_contexts.get("tid utan arbete")
    if without_work is not None and without_work.search(q):
        duration = None  # "utan arbete i mer än ett år": the groups of that dimension
    if duration is not None and not any(
        m.start < duration.end() and duration.start() < m.end
        for m in matches
        if m.kind not in ("ranking", "empty")  # "minst ett år" ranks nothing
    ):
        # "hade sjukpenning i mer än ett år": how long a state lasted, which the register
        # does not record (a time without work is read only beside "utan arbete").
        lasting = next((t for t in table.unsupported if t.name == "duration"), None)
        if lasting is not None and lasting.hint not in reading.unsupported:
            reading.unsupported.append(lasting.hint)
            reading.topics.append(lasting)
            # A quote on others' durations may say "mer än två år" ("138 000 människor i
            # Sverige var … sjukskrivna i över två år").
            if re.search(r"\bdeltagar", q) or reading.event is not None:
                # Of the participants ("av dem som började … i mer än fem år"): a quote must
                # say the same of the same thing, word for word.
                lasting_what = re.findall(r"[\wåäöé-]+", q[: duration.start()])[-1:]
                reading.topic_words.append(" ".join([*lasting_what, duration.group(0).strip()]))
                if re.search(r"\bdeltagar", q):
                    reading.topic_words.append("deltagare")  # not "138 000 människor"
            else:
                reading.topic_words.append(duration.group("length"))
    _period_from_tense(reading, q)
    _compared_range(reading)
    if reading.year_pair and table.sum_words & set(WORD_RE.findall(q)):
        reading.trend = False  # "2022 och 2023 tillsammans": one period, not each year
    covered = [(m.start, m.end) for m in matches]
    original = question.replace("\u2013", "–")
    # "nyanlända … i hälsofrämjande insatserna": a word of a value the question names
    # ("Hälsofrämjande insatser för nyanlända") says nothing new. Alone it would name a
    # group of people the register does not record, so it is no synonym of its own.
    named_words = {w for _, _, value in reading.values for w in WORD_RE.findall(value.lower())}
    for w in WORD_RE.finditer(q):
        if any(s <= w.start() and w.end() <= e for s, e in covered):
            continue
        word = w.group(0)
        if word in table.empty_words or (len(word) >= 4 and word in named_words):
            continue
        topic = next((t for t in table.unsupported if t.matches_word(word)), None)
        if topic is not None:
            reading.topic_words.append(word)
            if topic.hint not in reading.unsupported:
                reading.unsupported.append(topic.hint)
                reading.topics.append(topic)
            continue
        if _names_other_scope(word, w.start(), q, original, table):
            reading.other_scope.append(word)
            continue
        reading.leftovers.append(word)
    return reading


#: "i mer än ett år", "längre än sex månader", "i över två år": a length of time.
DURATION_RE = re.compile(
    r"\b(?:(?:i|under)\s+)?(?:(?:mer|mindre|längre|kortare|minst|högst)\s+än|över|minst)\s+"
    # (up to 15: "över 30 år" is an age)
    r"(?P<length>(?:ett|en|1[0-5]|[1-9]|två|tre|fyra|fem|sex|sju|åtta|nio|tio|tolv)\s+"
    r"(?:år|månad(?:er)?|veck(?:a|or)|dag(?:ar)?))\b"
)


def _rank_counts(q: str, matches: list[Match], table: Table) -> list[Match]:
    """ "de tre vanligaste", "vilka två insatser … flest", "topp fem": how many are asked for.

    A number word counts only in a question that ranks, and only right before the ranking
    word or before the dimension a "vilka" question ranks ("vilka tre stadsdelar").
    """
    if not table.number_words or not any(m.kind == "ranking" for m in matches):
        return []
    taken = [(m.start, m.end) for m in matches]
    found: list[Match] = []
    words = list(re.finditer(r"[0-9a-zåäöé]+", q))
    for i, w in enumerate(words):
        n = table.number_words.get(w.group(0))
        if n is None and w.group(0).isdigit() and 1 < int(w.group(0)) <= 20:
            n = int(w.group(0))
        if n is None or any(s <= w.start() < e for s, e in taken):
            continue
        after = next((m for m in matches if m.start >= w.end()), None)
        before = words[i - 1].group(0) if i else ""
        ranked_next = after is not None and after.kind in ("ranking", "dimension")
        gap = q[w.end() : after.start] if after is not None else "x"
        if (ranked_next and not gap.strip()) or before in ("topp", "de", "vilka"):
            if before in ("de", "vilka") and not (ranked_next and not gap.strip()):
                continue
            found.append(Match(w.start(), w.end(), "rank_count", n, w.group(0)))
    return found


def _infer_event(reading: Reading, table: Table) -> None:
    """No event word: a dimension recorded for one event only, else a weak word.

    "Vilken var den vanligaste avslutsorsaken 2023?" counts those who ended (only they
    have an avslutsorsak); "Hur många deltagare hade FINSAM-team 2021?" counts those
    active during the year. "Hur många hade försörjningsstöd …" stays without an event:
    "hade" describes the value there.
    """
    if reading.event is not None:
        reading.event_source = None
        return
    named = [(pos, d) for pos, d, _ in reading.values] + [
        (pos, d) for pos, d, _ in reading.dimensions
    ]
    # The table's order is the priority: an outcome (avslutsorsak, recorded when a
    # participant ends) wins over an attribute recorded at start ("Bland de anmälda av
    # Försäkringskassan, vilken avslutsorsak var vanligast?" counts those who ended).
    named_dims = {d for _, d in named}
    for dim, event in table.implied_events.items():
        if dim in named_dims:
            reading.event = event
            reading.event_source = "implied"
            reading.event_words = [dim]
            return
    things = sorted(
        (m for m in reading.matches if m.kind in ("value", "values", "dimension")),
        key=lambda m: m.start,
    )
    for m in reading.matches:
        if m.kind != "event" or not m.payload.weak:
            continue
        allowed = m.payload.object_dimensions
        nxt = next((t for t in things if t.start >= m.end), None)
        if allowed and nxt is not None and nxt.start - m.end <= 25:
            dim = nxt.payload[0] if nxt.kind in ("value", "values") else str(nxt.payload)
            if dim not in allowed:
                continue
        reading.event = str(m.payload.produces["event"])
        reading.event_source = "weak"
        reading.event_words = [m.text.strip()]
        return


def _names_other_scope(word: str, start: int, q: str, original: str, table: Table) -> bool:
    """A place after "samordningsförbundet i", "kommun", "region" …, or a capitalised
    name after "i"/"för" ("i Uppsala"): a scope the register does not cover."""
    if not word.isalpha() or len(word) < 3:
        return False
    before = q[max(0, start - 30) : start].rstrip()
    raw = original[start : start + len(word)]
    capitalised = raw[:1].isupper() and not raw.isupper()
    if not capitalised:
        return False
    markers = (*table.scope_markers, " i", " för", " från", " vid")
    return any(before.endswith(m) for m in markers)


#: Verbs of referring: with the referring party named before them in a relative clause
#: ("deltagare som Försäkringskassan anmält avslutade …") they say who referred.
REFERRAL_VERB_RE = re.compile(r"^(?:anmäl|remitter|skicka|hänvis)")


def _referred_by_value(reading: Reading, m: Match, q: str) -> bool:
    """ "… som Försäkringskassan anmält …": a referral verb after "som" and a party."""
    if not REFERRAL_VERB_RE.match(m.text.strip()):
        return False
    clause = re.search(r"\bsom\s+(?:\S+\s+){1,4}$", q[: m.start])
    if clause is None:
        return False
    return any(clause.start() < pos < m.start for pos, _, _ in reading.values)


def _apply(
    reading: Reading, m: Match, q: str, today: dt.date, generic: frozenset[str] = frozenset()
) -> None:
    if m.kind == "event":
        if m.payload.weak:
            pass
        elif re.search(r"\bnär\s+(de|hen|deltagarna|man|deltagaren)\s+$", q[: m.start]) or (
            _referred_by_value(reading, m, q)
        ):
            # "hade sjukpenning när de började": when a value was recorded, not the event
            # counted; it is the event only if the question names no other. So is "som
            # Försäkringskassan anmält": who referred them, said with a verb.
            reading.clause_event = reading.clause_event or str(m.payload.produces["event"])
        else:
            reading.event = reading.event or str(m.payload.produces["event"])
            reading.events_named.append(m.text.strip())
    elif m.kind == "rank_count":
        reading.rank_count = int(m.payload)
    elif m.kind == "outcome":
        reading.outcome = True
    elif m.kind == "ranking":
        reading.rank = str(m.payload.produces.get("rank", "most"))
        reading.rank_position = int(m.payload.produces.get("rank_position", 1))
        if "andel" in m.text and not reading.share:
            # "lägst andel kvinnor": a ranking of shares, not of counts.
            reading.share, reading.share_end = True, m.end
    elif m.kind == "comparison":
        reading.compare = True
    elif m.kind == "quantity":
        reading.quantity = True
        if m.payload.produces.get("share") and not reading.share:
            reading.share, reading.share_end = True, m.end
    elif m.kind == "trend":
        reading.trend = True
    elif m.kind == "value":
        dim, value = m.payload
        reading.values.append((m.start, dim, value))
    elif m.kind == "values":
        # "kvinnor och män": both values, compared side by side.
        dim, pair = m.payload
        reading.values.extend((m.start + i, dim, v) for i, v in enumerate(pair))
        reading.listed_dims.add(dim)
    elif m.kind == "dimension":
        marked = bool(SPLIT_MARKER_RE.search(q[max(0, m.start - 40) : m.start]))
        # "kvinnor och män", "könsfördelning": the phrase itself asks for the split.
        marked = marked or " och " in m.text or "fördelning" in m.text
        # A dimension named without a value ("hade ersättning vid start") asks for its
        # split; only the generic words ("en insats") are read as no split at all.
        marked = marked or m.text not in generic
        if m.text in generic and re.search(r"\b(efter|före|innan|under)\s+$", q[: m.start]):
            marked = False  # "efter insatsen" is a time, not a split by insats
        if m.text in generic and re.match(r"\s+(?:per|efter|och)\s+\w", q[m.end :]):
            marked = marked or bool(re.match(r"\W*$", q[: m.start]))  # "Insats per kön 2023"
        if not marked and reading.dimensions:
            # "efter tid utan arbete och kön": the second dimension shares the marker.
            last = next(
                (
                    x
                    for x in reversed(reading.matches)
                    if x.end <= m.start and not (x.kind == "comparison" and x.text == "mot")
                ),
                None,
            )
            if last is not None and last.kind == "dimension" and reading.dimensions[-1][2]:
                between = q[last.end : m.start]
                marked = bool(re.fullmatch(r"\s*(och|,|samt|mot|gånger|x)\s*", between))
        reading.dimensions.append((m.start, str(m.payload), marked))
    elif m.kind == "other_scope":
        reading.other_scope.append(m.text)
    elif m.kind == "unsupported":
        reading.topic_words.append(m.text)
        hint = m.payload.hint
        if hint not in reading.unsupported:
            reading.unsupported.append(hint)
            reading.topics.append(m.payload)
    elif m.kind == "time":
        _apply_time(reading, m, today, q)


#: A perfect tense: "har börjat", "hade deltagit", "har det kommit" (not "hade flest").
_PERFECT_RE = re.compile(r"\b(?:har|hade)\s+(?:\w+\s+)?\w+(?:at|it|tt|tts|ats|its)\b|\bhittills\b")


#: "har" and up to three words before a supine: "har avslutat", "har Arbetsförmedlingen
#: anmält", "har gått vidare". With no time said it asks about everything up to now.
_HAR_BEFORE_RE = re.compile(r"\bhar\s+(?:(?!har\b)[\w-]+\s+){0,3}$")
#: Supines that carry what was done in the word after them ("har fått jobb", "har gått
#: vidare till studier", "har varit med i"), not in the word table as events.
_AUXILIARY_SUPINES = ("fått", "gått", "varit", "kommit", "blivit")
#: Such a supine just before a matched value ("har fått jobb").
_AUXILIARY_BEFORE_RE = re.compile(rf"\b(?:{'|'.join(_AUXILIARY_SUPINES)})\s+(?:[\w-]+\s+)?$")


def _compared_range(reading: Reading) -> None:
    """ "Skillnaden mellan 2023 och 2024", "jämfört mellan 2019 och 2024": two years
    compared, each on its own, not one period summed."""
    if not reading.compare or reading.trend or not (reading.from_year and reading.to_year):
        return
    for m in reading.matches:
        if m.kind == "time" and m.payload[0].produces == "range" and m.text.startswith("mellan"):
            reading.trend = reading.year_pair = True
            return


def _period_from_tense(reading: Reading, q: str) -> None:
    """No time said and an event in the present perfect: the whole register, said so.

    The supine must be an event, outcome or value the table matched ("har avslutat",
    "har anmält") or a supine that carries one ("har fått jobb"); a noun after "har"
    ("har en insats", "har för resultat") is no tense.
    """
    if reading.has_period or reading.relative_time:
        return
    found = None
    for m in reading.matches:
        if m.kind not in ("event", "outcome", "value"):
            continue
        if getattr(m.payload, "produces", {}).get("weak"):
            continue  # "har haft": having, not a tense
        first = m.text.split()[0]
        verb = m.kind == "event" and re.search(r"(?:at|it|tt|ält|ats|its|tts)$", first)
        if verb or (m.kind != "value" and first in _AUXILIARY_SUPINES):
            before = _HAR_BEFORE_RE.search(q[: m.start])
        else:
            # "har fått jobb": the supine carrying the value stands just before it.
            aux = _AUXILIARY_BEFORE_RE.search(q[: m.start])
            before = _HAR_BEFORE_RE.search(q[: aux.start()]) if aux else None
        if before:
            found = q[before.start() : m.end]
            break
    if found is None:
        return
    reading.all_years = reading.period_from_tense = True
    reading.relative_time = found


_OFFSETS = ("year_before", "year_after", "years_before", "years_after")


def _offset(rule_produces: str, groups: tuple[str | None, ...]) -> int:
    """What a relative time rule says: "året innan" -> -1, "två år senare" -> +2."""
    steps = 1
    if rule_produces.startswith("years_"):
        word = groups[0] or "ett"
        steps = int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 1)
    return -steps if "before" in rule_produces else steps


def _apply_time(reading: Reading, m: Match, today: dt.date, q: str = "") -> None:
    rule, groups = m.payload
    if reading.has_period and rule.produces in _OFFSETS:
        # "avslutade 2023 … ett år senare": a time after the period, which the register
        # does not follow; never silently dropped.
        reading.later_than_period = m.text.strip()
        reading.later_offset = _offset(rule.produces, groups)
        return
    if reading.has_period:
        if rule.produces == "year" and reading.year and groups[0]:
            # Two single years apart in the question: each year, not their sum.
            first, last = sorted((reading.year, int(groups[0])))
            reading.year, reading.from_year, reading.to_year = None, first, last
            reading.trend = reading.year_pair = True
        return
    years = [int(g) for g in groups if g and g.isdigit()]
    if rule.produces == "range":
        reading.from_year, reading.to_year = sorted(years[:2])
    elif rule.produces == "pair":
        # "2019 jämfört med 2024", "2023 och 2024": each year, not their sum.
        reading.from_year, reading.to_year = sorted(years[:2])
        reading.trend = reading.year_pair = True
    elif rule.produces == "since":
        reading.from_year, reading.open_end = int(groups[0]), True
    elif rule.produces == "from":
        # "har börjat från 2020": from then on; "kom flest från 2023": that year.
        if _PERFECT_RE.search(q):
            reading.from_year, reading.open_end = int(groups[0]), True
        else:
            reading.year = int(groups[0])
        reading.relative_time = m.text.strip()
    elif rule.produces == "year":
        reading.year = int(groups[0])
    elif rule.produces == "last_year":
        reading.year = today.year - 1
        reading.relative_time = m.text.strip()
    elif rule.produces == "this_year":
        reading.year = today.year
        reading.relative_time = m.text.strip()
    elif rule.produces == "next_year":
        reading.year = today.year + 1
        reading.relative_time = m.text.strip()
    elif rule.produces in ("years_ago", "year_before_last"):
        word = groups[0] if groups and groups[0] else "två"
        steps = int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 2)
        reading.year = today.year - steps
        reading.relative_time = m.text.strip()
    elif rule.produces == "last_n_years":
        word = next(g for g in groups if g)
        reading.last_years = int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 1)
        reading.relative_time = m.text.strip()
    elif rule.produces == "all_years":
        reading.all_years = True
        reading.relative_time = m.text.strip()
    elif rule.produces in _OFFSETS:
        reading.year_offset = _offset(rule.produces, groups)
        reading.relative_time = m.text.strip()
    elif rule.produces == "latest":
        reading.latest = True
        reading.relative_time = m.text.strip()


def looks_like_follow_up(question: str, reading: Reading) -> bool:
    """A short question that only adds a value, year or split to an earlier one."""
    q = question.lower().strip()
    if not reading.tractable:
        return False
    # Short in content: filler ("hur ser det ut om man …") does not make a question new.
    empty = load_table().empty_words
    if sum(1 for w in WORD_RE.findall(q) if w not in empty) > 7:
        return False
    names_something = bool(
        reading.values
        or reading.split_dimensions
        or reading.has_period
        or reading.outcome
        or reading.rank
        or (reading.share and reading.anaphoric)
    )
    if not names_something:
        return False
    if FOLLOW_UP_RE.search(q) or reading.anaphoric or not reading.asks_statistics:
        return True
    # Names neither an event nor a period: it only adds a split or a value to the earlier one.
    # An event inferred from a dimension ("fördela på avslutsorsak") is not named.
    named_event = reading.event is not None and reading.event_source is None
    return not (named_event or reading.outcome or reading.has_period)
