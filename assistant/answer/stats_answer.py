"""Run a parsed statistics question and say the result as an official would.

The answer opens with the interpretation in plain Swedish ("Jag har räknat
antal deltagare som började en insats 2024, per anmälande part."), then states
the figures in sentences with their period and definition. Every number in the
text is read from a :class:`~assistant.stats.StatResult` it reports, so every
figure is computed and suppression-checked. The words come from the table in
:mod:`assistant.understanding`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field, replace

from assistant import stats
from assistant.answer.stats_query import StatsQuery
from assistant.register import Register
from assistant.stats import StatResult
from assistant.stats.engine import year_span
from assistant.stats.known_share import KnownShare, known_share
from assistant.stats.ranking import Ranking, rank
from assistant.stats.results import TOTAL, format_count, format_share
from assistant.understanding.rules import Table, load_table
from assistant.understanding.wording import join_swedish

#: How an answer says each event, from the word table ("började en insats").
EVENT_PHRASES = load_table().event_says
#: The columns whose empty value means "not registered": a share is taken over the known.
_UNKNOWN_MEANS_MISSING = {"försörjning vid start"}


@dataclass
class Completed:
    """A query with its period filled in, the notes that say how, or why it cannot run."""

    query: StatsQuery
    notes: list[str] = field(default_factory=list)
    no_data: str | None = None


def _period_text(q: StatsQuery) -> str:
    if q.from_year and q.to_year:
        return f"{q.from_year}–{q.to_year}"
    if q.year:
        return f"{q.year}"
    return "under hela perioden i registret"


def _year_list(years: list[int]) -> str:
    """ "2025", "2025 och 2026", "2015–2017"."""
    if len(years) > 2 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return join_swedish([str(y) for y in years])


def _years(span: tuple[int, int]) -> str:
    return f"{span[0]}–{span[1]}" if span[0] != span[1] else str(span[0])


def complete(q: StatsQuery, register: Register, *, today: dt.date | None = None) -> Completed:
    """Give the query a concrete period and say how it was chosen; never silently.

    * No year named: the latest year with data, said in a note.
    * "sedan 2020": up to the latest year with data.
    * "förra året", "i år": the year it resolved to, said in a note.
    * A year the register has no data for: ``no_data`` says so and which years it has.
    """
    notes = list(q.notes)
    event = q.event or "started"
    span = year_span(register, event)  # type: ignore[arg-type]
    if q.relative_time and q.year and q.relative_time.startswith("från"):
        notes.append(
            f"”{q.relative_time}” har tolkats som året {q.year}; för {q.year} och åren "
            f"därefter, fråga ”sedan {q.year}”."
        )
    elif q.relative_time and q.year:
        notes.append(f"”{q.relative_time}” har tolkats som {q.year}.")
    if span is None:
        return Completed(q, notes, "Registret innehåller inga deltaganden att räkna.")
    first, last = span
    if q.open_end and q.from_year and not q.to_year:
        q = replace(q, to_year=max(last, q.from_year))
        notes.append(f"Perioden räknas till och med {last}, det senaste året med uppgifter.")
    if q.last_years and not q.year and not q.from_year:
        years = q.last_years
        start = max(first, last - years + 1)
        q = replace(q, from_year=start, to_year=last)
        count = _NUMBER_NAMES.get(years, str(years))
        later = last < (today or dt.date.today()).year
        notes.append(
            f"”{q.relative_time}” har tolkats som de {count} senaste åren med uppgifter i "
            f"registret, {_years((start, last))}"
            + (f"; registret har inga uppgifter efter {last}." if later else ".")
        )
    if q.all_years and not q.year and not q.from_year:
        q = replace(q, from_year=first, to_year=last)
        notes.append(
            f"”{q.relative_time}” har tolkats som hela perioden i registret, {_years(span)}."
            if q.relative_time
            else f"Ingen period angavs; jag har jämfört alla år i registret, {_years(span)}."
        )
    if q.kind == "trend":
        if not q.from_year and q.year:
            q = replace(q, from_year=q.year, to_year=q.year, year=None)
        lo, hi = q.from_year or first, q.to_year or last
        missing = [y for y in range(lo, hi + 1) if y < first or y > last]
        if missing:
            # A year the register has no data for is never shown as 0.
            said = f" (”{q.relative_time}”)" if q.relative_time else ""
            return Completed(
                q,
                notes,
                f"Registret har inga uppgifter för {_year_list(missing)}{said}, så jämförelsen "
                f"kan inte göras; det innehåller deltaganden {_years(span)}.",
            )
        return Completed(q, notes)
    if q.latest and not q.year and not q.from_year:
        q = replace(q, year=last)
        notes.append(f"”{q.relative_time}” har tolkats som {last}, det senaste året i registret.")
    if not q.year and not q.from_year:
        q = replace(q, year=last)
        notes.append(
            f"Inget år angavs; jag har räknat {last}, det senaste året i registret "
            f"(registret har uppgifter för {_years(span)})."
        )
    lo = q.year or q.from_year or last
    hi = q.year or q.to_year or last
    if hi < first or lo > last:
        asked = str(q.year) if q.year else f"{lo}–{hi}"
        said = f" (”{q.relative_time}”)" if q.relative_time else ""
        return Completed(
            q,
            notes,
            f"Registret har inga uppgifter för {asked}{said}; det innehåller deltaganden "
            f"{_years(span)}. Fråga gärna om ett av de åren.",
        )
    if lo < first or hi > last:
        # Counted over the years with data only, and said so: never a zero for a year
        # the register does not cover.
        kept = (max(lo, first), min(hi, last))
        missing = [y for y in range(lo, hi + 1) if y < first or y > last]
        q = replace(q, year=None, from_year=kept[0], to_year=kept[1])
        notes.append(
            f"Registret har inga uppgifter för {_year_list(missing)}; jag har räknat "
            f"{_years(kept)}, de år i perioden som registret har uppgifter för."
        )
    if not q.event_named and q.kind == "count":
        notes.append(
            f"Frågan nämnde ingen händelse; jag har räknat dem som {_event(q)} någon gång "
            "under perioden."
            if q.event == "active"
            else f"Frågan nämnde ingen händelse; jag har räknat dem som {_event(q)}."
        )
    return Completed(q, notes)


def run(q: StatsQuery, register: Register) -> StatResult:
    """Call the statistics function the query asks for."""
    filters: dict[str, str | list[str]] = {}
    for d, v in q.filters:
        # A dimension named with several values ("arbete eller studier") keeps them all.
        before = filters.get(d)
        if before is None:
            filters[d] = v
        else:
            filters[d] = [*(before if isinstance(before, list) else [before]), v]
    for dim, value in q.compared if q.only_compared else ():
        # "Männen eller kvinnorna": only the groups compared, so a small third group
        # does not hide one of them by secondary suppression.
        listed = filters.setdefault(dim, [])
        if isinstance(listed, list):
            listed.append(value)
    if q.kind == "outcome_rate":
        return stats.outcome_rate(
            register,
            year=q.year,
            from_year=q.from_year,
            to_year=q.to_year,
            by=q.by[0] if q.by else None,
            filters=filters or None,
        )
    if q.kind == "trend":
        return stats.trend(
            register,
            event=q.event or "started",
            from_year=q.from_year,
            to_year=q.to_year,
            by=q.by[0] if q.by else None,
            filters=filters or None,
        )
    if q.focus and not q.by:
        # A single figure: filter on the focus value instead of a table split by it, so
        # a small neighbouring cell does not hide the figure by secondary suppression.
        filters[q.focus[0]] = q.focus[1]
    return stats.count(
        register,
        event=q.event or "started",
        year=q.year,
        from_year=q.from_year,
        to_year=q.to_year,
        by=list(q.by) or None,
        filters=filters or None,
    )


def compared_hidden(q: StatsQuery, result: StatResult) -> bool:
    """Whether a group the question compares is hidden in the full split."""
    wanted = {v for _, v in q.compared}
    if len(result.group_by) != 1:
        return False  # in a two-way table small cells are hidden as usual
    if result.kind == "outcome_rate":
        # A rate is hidden when its numerator is, even if the group's count is shown.
        return any(
            c.key[0] in wanted and (c.count is None or c.numerator is None) for c in result.cells
        )
    return any(c.key[0] in wanted and c.count is None for c in result.cells)


def focus_total(q: StatsQuery, register: Register) -> StatResult | None:
    """The count without the focus value (the "of how many" of a focus answer)."""
    if q.kind != "count" or not q.focus or q.by:
        return None
    return run(replace(q, focus=None), register)


def focus_known(q: StatsQuery, register: Register) -> KnownShare | None:
    """For a value of a partly empty column: its count among those with a known value."""
    if q.kind != "count" or not q.focus or q.by or q.focus[0] not in _UNKNOWN_MEANS_MISSING:
        return None
    return known_share(
        register,
        q.focus[0],
        q.focus[1],
        event=q.event or "started",
        year=q.year,
        from_year=q.from_year,
        to_year=q.to_year,
        filters=dict(q.filters) or None,
    )


# --- wording -------------------------------------------------------------------


def _subject(filters: tuple[tuple[str, str], ...], table: Table) -> str:
    """ "kvinnor anmälda av Försäkringskassan", "deltagare i FINSAM-team"."""
    noun = "deltagare"
    rest: list[str] = []
    grouped: dict[str, list[str]] = {}
    for dim, value in filters:
        grouped.setdefault(dim, []).append(value)
    for dim, values in grouped.items():
        phrases = [table.value_phrase(dim, v) for v in values]
        if len(phrases) > 1:
            # "som gick till arbete eller som gick till studier" -> "… arbete eller studier"
            head = phrases[0].rsplit(" ", 1)[0] + " "
            same = all(p.startswith(head) for p in phrases)
            tails = [p.removeprefix(head) if same else p for p in phrases]
            phrase = (head if same else "") + " eller ".join(tails)
        else:
            phrase = phrases[0]
        if dim == "kön":
            noun = phrase
        else:
            rest.append(phrase)
    return " ".join([noun, *rest])


def _event(q: StatsQuery) -> str:
    return EVENT_PHRASES.get(q.event or "started", "började en insats")


def interpretation(q: StatsQuery, table: Table | None = None, *, counted: bool = True) -> str:
    """The reading of the question in one plain sentence, shown first.

    ``counted=False`` says what the question asks without claiming a count was made
    (a period the register has no data for).
    """
    table = table or load_table()
    period = _period_text(q)
    subject = _subject(q.filters, table)
    if q.kind == "outcome_rate":
        text = (
            f"Jag har räknat andelen som gick till arbete eller studier bland {subject} som "
            f"avslutade en insats {period}"
        )
    elif q.kind == "trend":
        text = f"Jag har räknat antal {subject} som {_event(q)}, per år {period}"
    else:
        text = f"Jag har räknat antal {subject} som {_event(q)} {period}"
        if q.focus:
            said = table.value_predicate(*q.focus)
            said = said[4:] if said.startswith("som ") else f"var {said}"
            text += f" och hur många av dem som {said}"
    if q.by:
        text += ", per " + " och ".join(q.by)
    if q.share_within:
        text += f", och andelen {table.value_phrase(*q.share_within)} i varje {q.by[0]}"
    if q.rank:
        by_share = q.kind == "outcome_rate" or q.share_within is not None
        text += ", ordnat efter " + ("andel" if by_share else "antal")
    if not counted:
        text = "Frågan gäller " + text.removeprefix("Jag har räknat ")
    return text + "."


def sentence(
    q: StatsQuery,
    result: StatResult,
    total: StatResult | None = None,
    known: KnownShare | None = None,
    table: Table | None = None,
) -> str:
    """The figures in sentences, ending with the statistics markers ([S1], [S2])."""
    table = table or load_table()
    period = _period_text(q)
    subject = _subject(q.filters, table)
    event = _event(q)
    if result.kind == "outcome_rate":
        return _outcome_sentence(q, result, subject, period, table)
    if result.kind == "trend":
        text = _trend_sentence(result, subject, event)
        if q.rank and result.group_by == ["år"]:
            return _year_ranking_sentence(q, result, subject, event, table) + " " + text
        return text + _year_difference(result)
    if result.kind == "count" and result.n == 0 and (not q.focus or (total and total.n == 0)):
        # Nobody to split, rank or compare: say so, not "0 män och 0 kvinnor, lika många".
        return f"Registret har inga {subject} som {event} {period} [S1]."
    if q.focus and not q.by:
        phrase = table.value_predicate(*q.focus)
        if known is not None and known.known and known.unknown:
            return _known_sentence(q, known, subject, event, period, phrase)
        if known is not None and known.known == 0 and known.unknown:
            # Nobody's value is known: 0 of them would be a figure the register never gave.
            return (
                f"För de {format_count(known.total, 'shown', 1)} {subject} som {event} {period} "
                f"är {q.focus[0]} inte registrerad ({known.empty_label}), så registret kan inte "
                f"säga hur många av dem som {phrase.removeprefix('som ')} [S1]."
            )
        if result.n is None and not result.n_display.startswith("färre än"):
            # A figure hidden to protect another is no number to put in a sentence.
            clause = phrase if phrase.startswith("som ") else f"som var {phrase}"
            text = (
                f"Antalet {subject} som {event} {period} {clause} visas inte: talet är dolt "
                "för att skydda små grupper (röjandeskydd) [S1]."
            )
            if total is not None and total.n:
                text += f" Totalt {event.split()[0]} {total.n_display} {subject} {period} [S2]."
            return text
        if total is None or total.n is None:
            return (
                f"Av dem som {event} {period} "
                f"{_as_predicate(result.n_display + ' ' + subject, phrase)} [S1]."
            )
        share = ""
        if result.n is not None and total.n:
            share = f" ({format_share(result.n / total.n)})"
        return (
            f"Av de {total.n_display} {subject} som {event} {period} "
            f"{_as_predicate(result.n_display + share, phrase)} [S1][S2]."
        )
    if q.share_within and len(result.group_by) == 2:
        return _share_within_sentence(q, result, subject, event, period, table)
    if result.group_by and len(result.group_by) == 1:
        if q.only_compared:
            # Counted among the compared groups only: the subject says which.
            named = [table.value_phrase(d, v) for d, v in q.compared]
            subject = f"{subject} " + " eller ".join(named) if q.rank else join_swedish(named)
        if q.rank:
            return _ranking_sentence(q, result, subject, event, period, table)
        if q.compare and len(q.compared) == 2:
            return _compare_counts(q, result, subject, event, period, table)
        return _split_sentence(result, subject, event, period, table)
    if result.group_by:
        split = " och ".join(result.group_by)
        return (
            f"Totalt {result.n_display} {subject} {event} {period}; fördelningen efter {split} "
            "visas i tabellen [S1]."
        )
    if result.n == 0:
        return f"Inga {subject} {event} {period} [S1]."
    return f"{_cap(result.n_display)} {subject} {event} {period} [S1]."


#: How a count of groups or years is written ("de tre största"), from the word table.
_NUMBER_NAMES = {n: w for w, n in load_table().number_words.items()}


def _group(dim: str, label: str, table: Table) -> str:
    if dim == "kön":
        return table.value_phrase(dim, label)
    form = table.group_labels.get(dim)
    return form.replace("{V}", label) if form else label


def _split_sentence(result: StatResult, subject: str, event: str, period: str, table: Table) -> str:
    dim = result.group_by[0]
    parts = []
    for c in result.cells:
        if c.key[0] == TOTAL or c.count == 0:
            continue
        share = f" ({c.share_display})" if c.share is not None else ""
        shown = c.display if c.status != "secondary" else "(dold)"
        parts.append(f"{_group(dim, c.key[0], table)} {shown}{share}")
    listing = join_swedish(parts)
    among = f"Av de {result.n_display} {subject}" if result.n is not None else f"Bland {subject}"
    text = f"{among} som {event} {period} var fördelningen efter {dim}: {listing} [S1]."
    if result.n is None:
        text += " Totalen visas inte (röjandeskydd)."
    if any(c.status != "shown" for c in result.cells):
        text += " Små grupper visas inte exakt, och en grupp kan vara dold så att de inte "
        text += "kan räknas fram ur summan (röjandeskydd)."
    return text


def _share_within_sentence(
    q: StatsQuery, result: StatResult, subject: str, event: str, period: str, table: Table
) -> str:
    """ "Andelen kvinnor var 66 % bland bosatta i Farsta (27 av 41) och 59 % …".

    Read from the two-way table: the value's cell and its group's margin, both shown;
    a hidden one is said, never worked out.
    """
    group_dim, (dim, value) = q.by[0], q.share_within or ("", "")
    cells = {c.key: c for c in result.cells}
    margins = {c.key[0]: c for c in result.margins if c.key[1] == TOTAL}
    wanted = [v for d, v in q.compared if d == group_dim] or [
        k[0] for k in cells if k[1] == value and k[0] != TOTAL
    ]
    what = table.value_phrase(dim, value)
    parts: list[str] = []
    hidden: list[str] = []
    rated: list[tuple[str, float, str]] = []
    for g in wanted:
        cell, margin = cells.get((g, value)), margins.get(g)
        plain = f"år {g}" if group_dim == "år" else table.value_phrase(group_dim, g)
        name = plain if plain.startswith(("i ", "år ")) else f"bland {plain}"
        if cell is None or margin is None or margin.count == 0:
            continue
        if cell.count is None or margin.count is None:
            hidden.append(plain)
            continue
        share = cell.count / margin.count
        parts.append(f"{format_share(share)} {name} ({cell.display} av {margin.display})")
        rated.append((name, share, format_share(share)))
    if not parts:
        return (
            f"Andelen {what} kan inte visas för {join_swedish(hidden) or 'grupperna'}: talen "
            "är dolda för att skydda små grupper (röjandeskydd) [S1]."
        )
    text = f"Bland {subject} som {event} {period} var andelen {what} {join_swedish(parts)} [S1]."
    if q.rank and rated:
        # "Vilken insats hade lägst andel kvinnor?": ordered by the share in each group.
        most = q.rank != "least"
        order = sorted(range(len(rated)), key=lambda k: rated[k][1], reverse=most)
        ranked = [parts[k] for k in order]
        text = (
            f"Bland {subject} som {event} {period} var andelen {what} "
            f"{'störst' if most else 'minst'} {ranked[0]}"
            + (f"; därefter {join_swedish(ranked[1:])}" if len(ranked) > 1 else "")
            + " [S1]."
        )
        if hidden:
            text += (
                f" För {join_swedish(hidden)} är talen dolda (röjandeskydd); de ingår inte i "
                f"rangordningen och kan ha {'större' if most else 'mindre'} andel."
            )
        return text
    if hidden:
        text += f" För {join_swedish(hidden)} är talen dolda (röjandeskydd)."
    if q.asks_difference and len(rated) == 2 and not hidden:
        (a, _, da), (_, _, db) = sorted(rated, key=lambda t: t[1], reverse=True)
        text += (
            " Andelen var alltså lika stor."
            if da == db
            else f" Andelen var alltså högre {a} ({da} mot {db})."
        )
    return text


def _compare_counts(
    q: StatsQuery, result: StatResult, subject: str, event: str, period: str, table: Table
) -> str:
    """ "fler i Rinkeby-Kista än i Farsta?": the two counts side by side, and the difference.

    Only shown counts are compared; a hidden one is said to make the comparison impossible.
    The whole split stays in the table.
    """
    cells = {c.key[0]: c for c in result.cells}
    (dim, a), (_, b) = q.compared
    ca, cb = cells.get(a), cells.get(b)
    name_a, name_b = table.value_phrase(dim, a), table.value_phrase(dim, b)
    among = f"Av de {result.n_display} {subject}" if result.n is not None else f"Bland {subject}"
    pairs = ((name_a, ca), (name_b, cb))
    shown = [(n, c) for n, c in pairs if c is not None and c.count is not None]
    listing = join_swedish([f"{c.display} {n}" for n, c in shown])
    head = f"{among} som {event} {period} var {listing} [S1]." if shown else ""
    tail = "" if q.only_compared else f" Hela fördelningen efter {dim} visas i tabellen."
    if len(shown) < 2 and not q.asks_difference:
        return _split_sentence(result, subject, event, period, table)
    if len(shown) < 2:
        hidden = join_swedish([n for n, c in pairs if c is None or c.count is None])
        return (
            f"{head} Antalet {hidden} visas inte exakt (röjandeskydd), så jag kan inte säga "
            "vilken grupp som var störst eller hur stor skillnaden är." + tail
        ).strip()
    if not q.asks_difference:
        return head + tail
    (hi_name, hi), (lo_name, lo) = sorted(shown, key=lambda t: t[1].count or 0, reverse=True)
    if hi.count == lo.count:
        return f"{head} Det var alltså lika många {name_a} som {name_b}.{tail}"
    diff = (hi.count or 0) - (lo.count or 0)
    return f"{head} Det var alltså {diff} fler {hi_name} än {lo_name}.{tail}"


def _year_ranking_sentence(
    q: StatsQuery, result: StatResult, subject: str, event: str, table: Table
) -> str:
    """ "Vilket år började flest?": the years in order, first the one asked for."""
    most = q.rank != "least"
    unranked = tuple(sorted(table.unranked_labels))
    ranking = rank(result, most=most, exclude=unranked)
    word = "Flest" if most else "Färst"
    if not ranking.groups:
        return "Alla år är för små för att visas, så åren kan inte rangordnas [S1]."
    first = ranking.groups[0].count
    tied = [g for g in ranking.groups if g.count == first]
    head = join_swedish([f"{g.label} ({g.display})" for g in tied])
    text = f"{word} {subject} {event} år {head}" + (" (lika många)" if len(tied) > 1 else "")
    uncertain = _hidden_may_change_ranking(result, ranking, most, unranked, position=1)
    if uncertain:
        text += ", bland de år som kan visas"
    return text + " [S1]."


def _ranking_sentence(
    q: StatsQuery, result: StatResult, subject: str, event: str, period: str, table: Table
) -> str:
    dim = result.group_by[0]
    most = q.rank != "least"
    unranked = tuple(sorted(table.unranked_labels))
    ranking = rank(result, most=most, exclude=unranked)
    if not ranking.groups:
        return (
            f"Alla grupper är för små för att visas, så {dim} kan inte rangordnas för "
            f"{subject} som {event} {period} [S1]."
        )
    verbs = table.rank_verbs.get(dim) or {}
    lead = str(verbs.get("most" if most else "least", "")) if isinstance(verbs, dict) else ""
    if not lead:
        lead = f"var flest i gruppen {dim}" if most else f"var färst i gruppen {dim}"
    items = [f"{_group(dim, g.label, table)} ({g.display})" for g in ranking.groups]
    asked = max(1, min(q.rank_count, len(items)))
    uncertain = _hidden_may_change_ranking(result, ranking, most, unranked, position=asked)
    if uncertain:
        lead += ", bland de grupper som kan visas,"
    if q.rank_count > 1:
        size = "största" if most else "minsta"
        count = _NUMBER_NAMES.get(asked, str(asked))
        text = (
            f"Av de {result.n_display} {subject} som {event} {period} var de {count} {size} "
            f"grupperna efter {dim}"
            + (", bland de grupper som kan visas," if uncertain else "")
            + f" {join_swedish(items[:asked])}"
        )
        if len(items) > asked:
            text += "; därefter " + join_swedish(items[asked:])
        text += " [S1]."
        if q.rank_count > len(items):
            text += f" Bara {len(items)} grupper kan rangordnas."
    else:
        # Groups tied for the first place are named together, never one of them picked.
        first = ranking.groups[0].count
        tied = sum(1 for g in ranking.groups if g.count == first)
        head = join_swedish(items[:tied]) + (" (lika många)" if tied > 1 else "")
        text = f"Av de {result.n_display} {subject} som {event} {period} {lead} {head}"
        if len(items) > tied:
            text += ", därefter " + join_swedish(items[tied:])
        text += " [S1]."
    if len(items) == 1 and ranking.empty:
        text += f" Ingen av de övriga {ranking.empty} grupperna hade någon."
    left_out = [
        c for c in result.cells if c.key[0] in unranked and c.key[0] != TOTAL and c.count != 0
    ]
    if left_out:
        said = join_swedish([f"{c.key[0]} ({c.display})" for c in left_out])
        text += f" {said} ingår inte i rangordningen."
    if q.rank_position == 2 and len(items) > 1:
        second = re.sub(r"\b(flest|färst|vanligaste|ovanligaste)\b", r"näst \1", lead)
        text = (
            f"Av de {result.n_display} {subject} som {event} {period} {second} {items[1]}, "
            f"efter {items[0]} [S1]. Hela rangordningen: {join_swedish(items)}."
        )
    if uncertain:
        one = ranking.hidden == 1
        text += (
            f" {ranking.hidden} {'grupp' if one else 'grupper'} visas inte (röjandeskydd) och "
            f"kan vara {'större' if most else 'mindre'} än {'den' if one else 'de'} som nämns; "
            "rangordningen gäller bara de grupper som visas."
        )
    elif ranking.hidden:
        text += (
            f" {ranking.hidden} {'grupp visas' if ranking.hidden == 1 else 'grupper visas'} "
            "inte (röjandeskydd) och ingår inte i rangordningen."
        )
    return text


def _hidden_may_change_ranking(
    result: StatResult,
    ranking: Ranking,
    most: bool,
    exclude: tuple[str, ...],
    *,
    position: int = 1,
) -> bool:
    """Whether a hidden group could rank among the first ``position`` groups named.

    "färre än N" is at most N-1 and "dold" at least N; both are bounded by what the
    shown total leaves over. A hidden rate can be anything.
    """
    if not ranking.hidden or not ranking.groups:
        return False
    if result.kind == "outcome_rate":
        return True
    if not most:
        return True  # every hidden count is at least 1 and may be below the smallest shown
    top = ranking.groups[min(position, len(ranking.groups)) - 1].count
    shown_sum = sum(g.count for g in ranking.groups)
    remainder = None if result.n is None else result.n - shown_sum
    for cell in result.cells:
        if cell.key[0] == TOTAL or cell.key[0] in exclude or cell.count is not None:
            continue
        upper = float(result.threshold - 1) if cell.status == "primary" else math.inf
        if remainder is not None:
            upper = min(upper, float(remainder))
        if upper >= top:
            return True
    return False


def _known_sentence(
    q: StatsQuery, known: KnownShare, subject: str, event: str, period: str, phrase: str
) -> str:
    cell = next((c for c in known.result.cells if q.focus and c.key[0] == q.focus[1]), None)
    count = format_count(known.count, "shown", 1) if known.count is not None else "dold"
    if known.count is None and cell is not None:
        count = cell.display  # "färre än 5": never a computed small number
    share = format_share(known.share)
    dim = q.focus[0] if q.focus else ""
    threshold = known.result.threshold
    if known.known is not None and 0 < known.known < threshold:
        # Total minus the unregistered is a count too: never 1–4 in the open.
        return (
            f"Av de {format_count(known.total, 'shown', 1)} {subject} som {event} {period} "
            f"är {dim} registrerad för färre än {threshold}, för få för att visa en andel "
            "(röjandeskydd) [S1]."
        )
    return (
        f"Av de {format_count(known.total, 'shown', 1)} {subject} som {event} {period} är "
        f"{dim} registrerad för {format_count(known.known, 'shown', 1)}; av dem var det {count}"
        + (f" ({share})" if share else "")
        + f" {phrase}. "
        f"För {format_count(known.unknown, 'shown', 1)} saknas uppgiften "
        f"({known.empty_label}), så andelen gäller bara dem med känd uppgift [S1]."
    )


def _outcome_sentence(
    q: StatsQuery, result: StatResult, subject: str, period: str, table: Table
) -> str:
    overall = result.margins[0] if result.margins else None
    if result.n == 0:
        return f"Inga {subject} avslutade en insats {period} [S1]."
    if not result.group_by:
        numerator = (overall.numerator_display if overall else None) or "–"
        share = f" ({overall.share_display})" if overall and overall.share is not None else ""
        return (
            f"Av de {result.n_display} {subject} som avslutade en insats {period} gick "
            f"{numerator}{share} till arbete eller studier [S1]."
        )
    dim = result.group_by[0]
    groups = [c for c in result.cells if c.key[0] != TOTAL and c.count]
    if q.rank:
        ranking = rank(result, most=q.rank != "least", exclude=tuple(sorted(table.unranked_labels)))
        if ranking.groups:
            word = "Störst" if q.rank != "least" else "Minst"
            items = [
                f"{_group(dim, g.label, table)} ({format_share(g.share)}, {g.numerator} av "
                f"{g.display})"
                for g in ranking.groups
            ]
            shown = ", bland de grupper som kan visas," if ranking.hidden else ""
            text = (
                f"{word} andel till arbete eller studier bland dem som avslutade en insats "
                f"{period} hade{shown} {items[0]}"
            )
            if len(items) > 1:
                text += ", därefter " + join_swedish(items[1:])
            text += " [S1]."
            if ranking.hidden:
                # A hidden group's share may be lower or higher than any shown: never
                # ranked, and said so.
                one = ranking.hidden == 1
                text += (
                    f" {ranking.hidden} {'grupp' if one else 'grupper'} visas inte "
                    "(röjandeskydd) och ingår inte i rangordningen; "
                    f"{'dess' if one else 'deras'} andel kan vara "
                    f"{'lägre' if q.rank == 'least' else 'högre'} än de som nämns."
                )
            return text
    parts = []
    for i, c in enumerate(groups):
        share = f" ({c.share_display})" if c.share is not None else ""
        numerator = c.numerator_display or "–"
        if dim == "år":
            # Each year is its own period: "av de 348 som avslutade en insats 2024 gick 61".
            parts.append(
                f"{'Av' if i == 0 else 'av'} de {c.display} som avslutade en insats {c.key[0]} "
                f"gick {numerator}{share}" + (" till arbete eller studier" if i == 0 else "")
            )
        elif i == 0:
            parts.append(
                f"Av de {c.display} {_group(dim, c.key[0], table)} som avslutade en insats "
                f"{period} gick {numerator}{share} till arbete eller studier"
            )
        else:
            parts.append(
                f"av de {c.display} {table.value_definite(dim, c.key[0])} {numerator}{share}"
            )
    if not parts:
        return "Alla grupper är för små för att visas [S1]."
    text = join_swedish(parts) + " [S1]."
    hidden = [c for c in result.cells if c.key[0] != TOTAL and c.count is None]
    if hidden:
        names = join_swedish([table.value_definite(dim, c.key[0]) for c in hidden])
        text += f" Uppgiften för {names} är dold (röjandeskydd)."
    if q.filters:
        text = f"Bland {subject}: " + text[0].lower() + text[1:]
    together = "För grupperna tillsammans" if q.only_compared else "Totalt"
    text += f" {together} gick {_overall_outcome(result)}."
    rated = [c for c in groups if c.share is not None]
    if q.compare and len(rated) == 2:
        a, b = sorted(rated, key=lambda c: c.share or 0.0, reverse=True)
        if a.share == b.share:
            text += " Andelen var lika stor i båda grupperna."
        else:
            where = a.key[0] if dim == "år" else f"bland {table.value_definite(dim, a.key[0])}"
            text += f" Andelen var alltså högre {where} ({a.share_display} mot {b.share_display})."
    return text


def _year_difference(result: StatResult) -> str:
    """ "Det var 188 färre 2024 än 2023.": the difference two compared years ask for."""
    cells = [c for c in result.cells if len(c.key) == 1 and c.key[0] != TOTAL]
    if len(cells) != 2 or any(c.count is None or c.status != "shown" for c in cells):
        return ""
    (first, a), (last, b) = ((c.key[0], c.count or 0) for c in cells)
    if a == b:
        return f" Det var lika många {last} som {first}."
    return f" Det var {abs(b - a)} {'fler' if b > a else 'färre'} {last} än {first}."


def _trend_sentence(result: StatResult, subject: str, event: str) -> str:
    if len(result.group_by) == 2:
        return _trend_by_group_sentence(result, subject, event)
    cells = [c for c in result.cells if len(c.key) == 1 and c.key[0] != TOTAL]
    leading = 0
    while leading < len(cells) - 1 and cells[leading].count == 0:
        leading += 1
    parts = []
    if leading:
        first, last = cells[0].key[0], cells[leading - 1].key[0]
        parts.append(f"0 åren {first}–{last}" if first != last else f"0 år {first}")
    for c in cells[leading:]:
        shown = "(dold)" if c.status == "secondary" else c.display
        parts.append(f"{shown} år {c.key[0]}")
    if not parts:
        return f"Antal {subject} som {event} per år visas i tabellen [S1]."
    return f"Antalet {subject} som {event} var {join_swedish(parts)} [S1]."


def _trend_by_group_sentence(result: StatResult, subject: str, event: str) -> str:
    """Per year and group: "FINSAM-team 157 (2023) och 64 (2024); Aktivitetsplatsen …".

    Only for a few years (at most four); a longer series is left to the table.
    """
    years = sorted({c.key[0] for c in result.cells if c.key[0] != TOTAL})
    if not years or len(years) > 4:
        return f"Antal {subject} som {event} per år visas i tabellen [S1]."
    groups = list(dict.fromkeys(c.key[1] for c in result.cells if c.key[1] != TOTAL))
    cells = {c.key: c for c in result.cells}
    parts = []
    for g in groups:
        row = [cells.get((y, g)) for y in years]
        if all(c is not None and c.count == 0 for c in row):
            continue
        figures = [
            f"{'(dold)' if c.status == 'secondary' else c.display} ({y})"
            for y, c in zip(years, row, strict=True)
            if c is not None
        ]
        parts.append(f"{g} {join_swedish(figures)}")
    if not parts:
        return f"Antal {subject} som {event} per år visas i tabellen [S1]."
    dim = result.group_by[1]
    return f"Antalet {subject} som {event} per {dim} och år: " + "; ".join(parts) + " [S1]."


def _as_predicate(figure: str, phrase: str) -> str:
    """ "var 197 (56 %) kvinnor", or with a clause "var det 127 (36 %) som hade …"."""
    if phrase.startswith("som "):
        return f"var det {figure} {phrase}"
    return f"var {figure} {phrase}"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _overall_outcome(result: StatResult) -> str:
    overall = result.margins[0] if result.margins else None
    if overall is None:
        return "inget resultat"
    numerator = overall.numerator_display or "–"
    if overall.numerator is None and overall.count is None:
        return "ett antal som inte visas (röjandeskydd) till arbete eller studier"
    if overall.numerator is None:
        if numerator.startswith("färre än"):
            return f"{numerator} av {overall.display} till arbete eller studier"
        return f"ett dolt antal (röjandeskydd) av {overall.display} till arbete eller studier"
    if overall.count is None:
        return f"{numerator} till arbete eller studier (antalet avslutade visas inte, röjandeskydd)"
    share = f" ({overall.share_display})" if overall.share is not None else ""
    return f"{numerator} av {overall.display}{share} till arbete eller studier"


def _main_figure(results: list[StatResult]) -> tuple[int | None, int | None]:
    """The figure an answer is about and what it is a share of (either may be None)."""
    first = results[0]
    if first.kind == "outcome_rate":
        overall = first.margins[0] if first.margins else None
        return (overall.numerator if overall else None), first.n
    if len(results) > 1:
        return first.n, results[1].n
    return first.n, None


def compare_with_document(results: list[StatResult], quote: str) -> str:
    """One sentence on how a figure in a document compares with the computed one.

    Example: the tjänsteutlåtande says "61 (17 procent)" where 61 of 348 is 17,5 %,
    shown as 18 %: the same count, and the percentages differ only by rounding.
    """
    numbers = {
        int(n.replace("\u00a0", "").replace(" ", ""))
        for n in re.findall(r"(?<![\d:,§])\d{1,3}(?:[ \u00a0]\d{3})*(?![\d:,])", quote)
    }
    percents = [int(p) for p in re.findall(r"(\d{1,3})\s*(?:procent|%)", quote)]
    count, whole = _main_figure(results)
    synthetic = results[0].synthetic
    if count is not None and count in numbers:
        text = f"Dokumentet anger samma antal ({count}"
        text += f" av {whole})" if whole and whole in numbers else ")"
        if whole:
            exact = 100 * count / whole
            shown = round(exact)
            near = [p for p in percents if p != shown and abs(p - exact) < 1]
            if near:
                text += (
                    f" men {near[0]} procent, där beräkningen ger {shown} % "
                    f"({exact:.1f} %): skillnaden beror på avrundning".replace(".", ",", 1)
                )
        return text + "."
    reasons = "registret här är syntetiska demodata, och " if synthetic else ""
    return (
        f"Dokumentets siffror skiljer sig från den beräknade statistiken: {reasons}dokumentet "
        "kan avse en annan period eller definition (t.ex. personer i stället för deltaganden)."
    )
