"""The draft's answers in the words of an official: figures and quotes in sentences.

A tjänsteutlåtande does not paste a table with "[S1]" beside a one-line
answer; it says what the figures are, for which period and by which
definition, points to "tabell 2", and introduces what it quotes ("Av 3 §
lagen … framgår följande: ”…” [1]"). These functions write those sentences
from the records (statistics results and citations), never from free text,
so every figure in a sentence is a figure of a table or a quoted passage.

Example:
    >>> stat_paragraph(result, 1)  # doctest: +SKIP
    'Under 2024 började 352 deltagare en insats (tabell 1). ...'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.understanding.wording import join_swedish

if TYPE_CHECKING:
    from assistant.answer.models import Citation
    from assistant.stats import Cell, StatResult

#: Verb phrases per event, as a sentence uses them ("352 deltagare började en insats").
EVENT_VERBS = {"started": "började", "ended": "avslutade", "active": "deltog i"}
#: Definite forms of document types ("Av tjänsteutlåtandet … framgår").
DEFINITE = {
    "tjänsteutlåtande": "tjänsteutlåtandet",
    "positionspapper": "positionspappret",
    "rapport": "rapporten",
    "protokoll": "protokollet",
    "skrivelse": "skrivelsen",
    "utredning": "utredningen",
    "verksamhetsplan": "verksamhetsplanen",
    "årsredovisning": "årsredovisningen",
}
OUTCOME_SENTENCE = (
    "Som arbete eller studier räknas avslutsorsakerna Arbete och Studier; andelen räknas "
    "bland dem som avslutade en insats under perioden."
)
#: At most this many groups are named in a sentence; the table holds the rest.
NAMED_GROUPS = 3


def period_phrase(result: StatResult) -> str:
    """``"under 2024"``, ``"under 2022–2024"`` or ``"under hela registrets period"``."""
    a, b = result.from_year, result.to_year
    if a is None or b is None:
        return "under hela registrets period"
    return f"under {a}" if a == b else f"under {a}–{b}"


def _filters(result: StatResult) -> str:
    if not result.filters:
        return ""
    parts = [f"{k} {' eller '.join(v)}" for k, v in result.filters.items()]
    return f" (urval: {'; '.join(parts)})"


def definition_sentence(result: StatResult) -> str:
    """The period's definition as a sentence ("Med … avses deltaganden med startdatum …")."""
    from assistant.stats.definitions import event_definition

    event = result.event if result.event in EVENT_VERBS else "started"
    text = event_definition(event, result.from_year, result.to_year)  # type: ignore[arg-type]
    _, _, body = text.partition(": ")
    if not body:
        return text
    verb = EVENT_VERBS[event]
    what = f"deltagare som {verb} en insats {period_phrase(result)}"
    return f"Med {what} avses här deltaganden med {body[0].lower()}{body[1:]}"


def _share(cell: Cell) -> str:
    return f", {cell.share_display}" if cell.share_display and cell.status == "shown" else ""


def stat_paragraph(result: StatResult, table: int) -> str:
    """Sentences stating ``result``: total, the largest groups, hidden cells, definition."""
    if result.kind == "outcome_rate":
        return _outcome_paragraph(result, table)
    verb = EVENT_VERBS.get(result.event, "deltog i")
    period = period_phrase(result)
    ref = f"tabell {table}"
    lead = f"{period[0].upper()}{period[1:]} {verb} {result.n_display} deltagare en insats"
    lead += _filters(result)
    sentences = []
    dims = result.group_by
    if not dims:
        sentences.append(f"{lead} ({ref}).")
    elif len(dims) == 1:
        shown = sorted(
            (c for c in result.cells if c.status == "shown" and c.count),
            key=lambda c: -(c.count or 0),
        )
        sentences.append(f"{lead}. Fördelningen efter {dims[0]} redovisas i {ref}.")
        if shown:
            named = [f"{c.key[0]} ({c.display}{_share(c)})" for c in shown[:NAMED_GROUPS]]
            word = "grupperna" if len(named) > 1 else "gruppen"
            sentences.append(f"De största {word} var {join_swedish(named)}.")
    else:
        sentences.append(f"{lead}. Fördelningen efter {dims[0]} och {dims[1]} redovisas i {ref}.")
    hidden = result.suppressed_primary + result.suppressed_secondary
    if hidden:
        sentences.append(_hidden_sentence(result, hidden))
    sentences.append(definition_sentence(result))
    return " ".join(sentences)


def _outcome_paragraph(result: StatResult, table: int) -> str:
    period = period_phrase(result)
    total = next((c for c in result.margins if c.key and c.key[-1] == "Totalt"), None)
    ref = f"tabell {table}"
    sentences = []
    if total is not None and total.share is not None:
        sentences.append(
            f"Av de {total.display} deltagare som avslutade en insats {period}{_filters(result)} "
            f"gick {total.numerator_display} ({total.share_display}) till arbete eller studier "
            f"({ref})."
        )
    else:
        sentences.append(
            f"Andelen som gick till arbete eller studier bland dem som avslutade en insats "
            f"{period}{_filters(result)} redovisas i {ref}."
        )
    if result.group_by:
        groups = [
            f"{c.key[0].lower() if result.group_by[0] == 'kön' else c.key[0]} "
            f"{c.share_display} ({c.numerator_display} av {c.display})"
            for c in result.cells
            if c.share is not None and c.count
        ]
        if groups:
            sentences.append(
                f"Fördelat efter {result.group_by[0]} var andelen för {join_swedish(groups)}."
            )
    hidden = result.suppressed_primary + result.suppressed_secondary
    if hidden:
        sentences.append(_hidden_sentence(result, hidden))
    sentences.append(definition_sentence(result))
    sentences.append(OUTCOME_SENTENCE)
    return " ".join(sentences)


def _hidden_sentence(result: StatResult, hidden: int) -> str:
    cells = "en uppgift" if hidden == 1 else f"{hidden} uppgifter"
    return (
        f"I tabellen redovisas {cells} inte, eftersom de avser färre än "
        f"{result.threshold} personer eller annars skulle kunna räknas fram."
    )


def document_phrase(citation: Citation) -> str:
    """How the text names the cited document: ``"3 § lagen (2003:1210) om …"`` or
    ``"tjänsteutlåtandet ”Skrivelse angående …” (s. 3)"``."""
    chunk = citation.chunk
    if chunk.doc_type == "författning":
        title = chunk.title
        law = ("lagen" + title[3:]) if title.lower().startswith("lag ") else title
        section = chunk.section or ""
        return f"{section} {law}".strip() if section.endswith("§") else law
    kind = DEFINITE.get(chunk.doc_type, "dokumentet")
    where = f" (s. {chunk.page})" if chunk.page is not None else ""
    title = re.split(r"\s+[–-]\s+", chunk.title, maxsplit=1)[0]
    return f"{kind} ”{title}”{where}"


def quote_sentence(citation: Citation, *, compare: bool = False) -> str:
    """The quote introduced: ``Av 3 § lagen … framgår följande: ”…” [1].``

    Args:
        compare: The passage is shown beside a computed figure ("I … anges: …").
    """
    quote = re.sub(r"\s+", " ", citation.quote or citation.chunk.text).strip()
    section = citation.chunk.section or ""
    if citation.chunk.doc_type == "författning" and section.endswith("§"):
        # The introduction names the paragraph; the quote need not repeat "3 §".
        quote = re.sub(rf"^{re.escape(section)}\s+", "", quote)
    phrase = document_phrase(citation)
    if compare:
        return f"Som jämförelse anges i {phrase}: ”{quote}” [{citation.n}]"
    return f"Av {phrase} framgår följande: ”{quote}” [{citation.n}]"


def table_cells(result: StatResult) -> tuple[list[str], list[list[str]]]:
    """Header and rows of ``result`` for the draft, without columns empty in every row
    (a single total has no share; an unnamed label column has no header)."""
    header, rows = result.table_rows()
    keep = [j for j in range(len(header)) if any(r[j] for r in rows)]
    header = [header[j].replace(" \\ ", " / ") for j in keep]
    if header and not header[0]:
        header[0] = " "  # the label column of a total keeps its place, not a name
    return header, [[r[j] for j in keep] for r in rows]


def table_caption(result: StatResult, number: int) -> str:
    return f"Tabell {number}. {result.title}"
