"""Compose a draft tjänsteutlåtande from a skrivelse and its questions.

Each question is answered through the answer engine, part by part; the answer
keeps its citations (renumbered per question) and statistics results. Where the
material does not answer, the section says so and lists what would be needed.

Example:
    >>> from assistant.draft import compose_draft, parse_skrivelse
    >>> draft = compose_draft(parse_skrivelse(text))  # doctest: +SKIP
    >>> [s.heading for s in draft.sections][:2]  # doctest: +SKIP
    ['Förvaltningens förslag till beslut', 'Sammanfattning']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any, Protocol

from assistant.answer.models import Answer, Citation
from assistant.draft.annex import ANNEX_TITLE
from assistant.draft.models import (
    H_ATTACHMENTS,
    H_BACKGROUND,
    H_MATTER,
    H_PREPARATION,
    H_PROPOSAL,
    H_SUMMARY,
    H_VIEWS,
    Draft,
    PartAnswer,
    QuestionSection,
    Section,
)
from assistant.draft.needs import needs_for
from assistant.draft.questions import (
    MAX_QUESTIONS,
    Question,
    QuestionScan,
    find_questions,
    questions_from_texts,
)
from assistant.draft.skrivelse import Skrivelse, parse_skrivelse
from assistant.errors import FinsamError
from assistant.settings import Settings
from assistant.stats import SYNTHETIC_NOTICE, StatResult
from assistant.stats.disclosure import Ledger, active_ledger, session

MARKER_RE = re.compile(r"\[(\d+(?:\s*[,–-]\s*\d+)*)\]")


class AnswerFn(Protocol):
    """The engine's ``answer`` function (injectable for tests)."""

    def __call__(
        self, question: str, history: Any = None, *, settings: Settings | None = None
    ) -> Answer: ...


#: Called before each question: (question number, number of questions, question text).
Progress = Callable[[int, int, str], None]


class NoQuestionsFound(FinsamError):
    """The skrivelse has no questions the finder recognises."""

    def __init__(self, source: str) -> None:
        super().__init__(
            f"{source}: inga frågor hittades i skrivelsen (inga punkter, numrerade frågor eller "
            "meningar som slutar med frågetecken). Ange frågorna själv, eller behandla hela "
            "texten som en fråga (--whole-text)."
        )
        self.source = source


def compose_draft(
    skrivelse: Skrivelse | str,
    questions: Sequence[Question | str] | QuestionScan | None = None,
    *,
    settings: Settings | None = None,
    answer_fn: AnswerFn | None = None,
    whole_text: bool = False,
    progress: Progress | None = None,
    max_questions: int = MAX_QUESTIONS,
    annex: bool = True,
    today: dt.date | None = None,
) -> Draft:
    """Draft a tjänsteutlåtande answering a skrivelse.

    Args:
        skrivelse: The skrivelse (see :func:`read_skrivelse`) or its text.
        questions: The questions to answer, e.g. as the official corrected them;
            None finds them in the text.
        settings: Settings for the engine (index, participant register, LLM).
        answer_fn: The answer function; defaults to
            :func:`assistant.answer.engine.answer`.
        whole_text: Treat the whole text as one question when none is found.
        progress: Called before each question is answered.
        max_questions: Answer at most this many questions.
        annex: Attach a statistics compilation from the participant register
            (Bilaga 1, as in the real tjänsteutlåtande) for the year before the
            skrivelse.
        today: Date of the draft (default today).

    Returns:
        The draft, sections in the order of a tjänsteutlåtande.

    Raises:
        NoQuestionsFound: No questions found and ``whole_text`` is False.
    """
    if isinstance(skrivelse, str):
        skrivelse = parse_skrivelse(skrivelse)
    scan = _question_scan(skrivelse, questions, whole_text, max_questions)
    if not scan.questions:
        raise NoQuestionsFound(skrivelse.source)
    if answer_fn is None:
        from assistant.answer.engine import answer as engine_answer

        answer_fn = engine_answer
    warnings = [*skrivelse.warnings, *scan.warnings]
    total = len(scan.questions)
    answered: list[QuestionSection] = []
    # One ledger for the whole draft: every table in its text and its Bilaga is
    # audited together with all the others (röjandeskydd, issue 10).
    ledger = active_ledger()
    if ledger is None:  # not `or`: an empty ledger is falsy and still the session's
        ledger = Ledger()
    for question in scan.questions:
        if progress is not None:
            progress(question.number, total, question.text)
        with session(ledger):
            answered.append(_answer_question(question, answer_fn, settings))
    for qs in answered:
        warnings.extend(f"Fråga {qs.question.number}: {p.error}" for p in qs.parts if p.error)
    draft = Draft(
        title=_title(skrivelse),
        subtitle=_subtitle(skrivelse),
        skrivelse=skrivelse,
        sections=[],
        warnings=warnings,
        created=(today or dt.date.today()).isoformat(),
    )
    tables: list[StatResult] = []
    if annex:
        with session(ledger):
            tables, annex_warning = _annex(skrivelse, settings, today)
        if annex_warning:
            draft.warnings.append(annex_warning)
    _needs_once(answered)
    _nearest_once(answered)
    draft.sections = _sections(skrivelse, scan.questions, answered, tables)
    _write_prose(draft)
    draft.data_source = data_source_paragraphs(draft.statistics)
    if draft.synthetic:
        where = "bilaga 1" if tables else "avsnittet Om statistiken"
        draft.warnings.append(
            f"Statistiken i utkastet kommer från demoregistret (se {where}) och ska ersättas "
            "med uppgifter ur det verkliga registret innan utlåtandet används."
        )
    return draft


# --- prose ----------------------------------------------------------------------------


def _write_prose(draft: Draft) -> None:
    """Number the tables through the draft and write each answered part as sentences."""
    number = 1
    # Passages quoted so far in the draft, with the question they were quoted under:
    # a passage is quoted once and referred to afterwards.
    quoted_in: dict[str, int] = {}
    for question_number, qs in enumerate(draft.question_sections, start=1):
        qs.table_numbers = list(range(number, number + len(qs.statistics)))
        number += len(qs.statistics)
        quoted: set[str] = set()
        for part in qs.parts:
            part.paragraphs = _part_paragraphs(part, qs, quoted, quoted_in)
        for chunk_id in quoted:
            quoted_in.setdefault(chunk_id, question_number)
    for section in draft.sections:
        if section.statistics:
            section.table_numbers = list(range(number, number + len(section.statistics)))
            number += len(section.statistics)


def _part_paragraphs(
    part: PartAnswer,
    qs: QuestionSection,
    quoted: set[str],
    quoted_in: dict[str, int] | None = None,
) -> list[str]:
    """The part's sentences; a passage already quoted under this question or an
    earlier one is referred to, not quoted again."""
    from assistant.draft.prose import quote_sentence, stat_paragraph

    result = part.answer
    if result is None or not part.answered:
        return []
    if not result.backend.startswith("offline"):
        return [part.text]  # a language model writes prose already
    paragraphs = []
    for stat in result.statistics:
        index = next((i for i, s in enumerate(qs.statistics) if _same_stat(stat, s)), None)
        if index is not None:
            paragraphs.append(stat_paragraph(stat, qs.table_numbers[index]))
    by_chunk = {c.chunk.chunk_id: c for c in qs.citations}
    compare = bool(result.statistics)
    again = []
    earlier: dict[int, list[int]] = {}
    for citation in result.citations:
        own = by_chunk.get(citation.chunk.chunk_id)
        if own is None:
            continue
        if own.chunk.chunk_id in quoted:
            again.append(own.n)
            continue
        if quoted_in and own.chunk.chunk_id in quoted_in:
            earlier.setdefault(quoted_in[own.chunk.chunk_id], []).append(own.n)
            continue
        quoted.add(own.chunk.chunk_id)
        paragraphs.append(quote_sentence(own, compare=compare))
    if again:
        refs = "".join(f"[{n}]" for n in sorted(set(again)))
        paragraphs.append(f"Se även det som citeras ovan {refs}.")
    for number, ns in sorted(earlier.items()):
        refs = "".join(f"[{n}]" for n in sorted(set(ns)))
        paragraphs.append(f"Se även det som citeras under fråga {number} {refs}.")
    return paragraphs


def data_source_paragraphs(results: Sequence[StatResult]) -> list[str]:
    """One paragraph on the participant data behind every table, with the notice once."""
    if not results:
        return []
    from assistant.stats.definitions import OUTCOME_DEFINITION, UNIT_DEFINITION

    files = list(
        dict.fromkeys(
            (r.provenance.path.name, r.provenance.rows, r.provenance.sha256) for r in results
        )
    )
    named = [
        f"{name} ({rows:,} rader, sha256 {sha})".replace(
            f"{rows:,}", f"{rows:,}".replace(",", "\u00a0")
        )
        for name, rows, sha in files
    ]
    text = (
        "Statistiken i tabellerna är hämtad ur deltagarregistret, filen "
        + " och ".join(named)
        + "."
    )
    if any(r.synthetic for r in results):
        text += f" {SYNTHETIC_NOTICE}"
    definitions = list(dict.fromkeys(_event_definition(r) for r in results))
    text += " Definitioner: " + " ".join(definitions) + f" {UNIT_DEFINITION}"
    if any(r.kind == "outcome_rate" for r in results):
        text += f" {OUTCOME_DEFINITION}"
    threshold = results[0].threshold
    text += (
        f" Röjandeskydd: antal från 1 till {threshold - 1} redovisas som ”färre än {threshold}”, "
        "och ytterligare uppgifter redovisas som ”dold” när de annars skulle kunna räknas fram "
        "ur summorna."
    )
    return [text]


def _event_definition(result: StatResult) -> str:
    from assistant.stats.definitions import event_definition

    event = result.event if result.event in ("started", "ended", "active") else "started"
    return event_definition(event, result.from_year, result.to_year)  # type: ignore[arg-type]


def _annex(
    skrivelse: Skrivelse, settings: Settings | None, today: dt.date | None
) -> tuple[list[StatResult], str]:
    """The statistics compilation, or a warning saying why there is none."""
    from assistant.draft.annex import annex_year, statistics_annex
    from assistant.register import load_register
    from assistant.settings import get_settings

    settings = settings or get_settings()
    year = annex_year(skrivelse.date, today)
    try:
        register = load_register(settings=settings)
    except FinsamError as exc:
        return (
            [],
            f"Ingen statistiksammanställning: deltagarregistret kunde inte läsas ({exc.message}).",
        )
    try:
        tables = statistics_annex(register, year)
    except FinsamError as exc:
        return [], f"Ingen statistiksammanställning för {year}: {exc.message}"
    if not any(t.n for t in tables):
        return [], f"Ingen statistiksammanställning: deltagarregistret har inga deltagare {year}."
    return tables, ""


def _question_scan(
    skrivelse: Skrivelse,
    questions: Sequence[Question | str] | QuestionScan | None,
    whole_text: bool,
    max_questions: int,
) -> QuestionScan:
    from assistant.draft.questions import whole_text_question

    if isinstance(questions, QuestionScan):
        return questions
    if questions is not None:
        texts = [q.text if isinstance(q, Question) else str(q) for q in questions]
        return questions_from_texts(texts, max_questions=max_questions)
    scan = find_questions(skrivelse.text, max_questions=max_questions)
    if not scan.questions and whole_text:
        return whole_text_question(skrivelse.text)
    return scan


# --- answering -----------------------------------------------------------------------


def _answer_question(
    question: Question, answer_fn: AnswerFn, settings: Settings | None
) -> QuestionSection:
    section = QuestionSection(question=question)
    by_chunk: dict[str, int] = {}
    history: list[dict[str, str]] = []
    for part in question.parts:
        try:
            result = answer_fn(part, history or None, settings=settings)
        except FinsamError as exc:
            section.parts.append(
                PartAnswer(part, None, error=f"frågan kunde inte besvaras ({exc.message})")
            )
            continue
        result = _without_echoes(result)
        mapping: dict[int, int] = {}
        for citation in result.citations:
            key = citation.chunk.chunk_id
            if key not in by_chunk:
                by_chunk[key] = len(section.citations) + 1
                section.citations.append(
                    Citation(n=by_chunk[key], chunk=citation.chunk, quote=citation.quote)
                )
            mapping[citation.n] = by_chunk[key]
        stat_mapping: dict[int, int] = {}
        for k, stat in enumerate(result.statistics, 1):
            index = next((i for i, s in enumerate(section.statistics, 1) if _same_stat(stat, s)), 0)
            if not index:
                section.statistics.append(stat)
                index = len(section.statistics)
            stat_mapping[k] = index
        text = _without_stat_tables(result.text, result.statistics, stat_mapping)
        part_answer = PartAnswer(part, result, text=_renumber(text, mapping))
        section.parts.append(part_answer)
        for warning in result.warnings:
            # The synthetic-data notice is said once for the draft (data source paragraph).
            if warning not in section.warnings and warning != SYNTHETIC_NOTICE:
                section.warnings.append(warning)
        if not part_answer.answered:
            for c in result.nearest:
                known = {x.chunk.chunk_id for x in section.nearest} | {
                    x.label for x in section.nearest
                }
                if c.chunk.chunk_id not in known and c.label not in known:
                    section.nearest.append(c)
        # Later parts may refer back ("eller varierar det ..."): give the engine the context.
        history = [
            {"role": "user", "content": part},
            {"role": "assistant", "content": result.text},
        ]
    for part_answer in section.parts:
        if not part_answer.answered:
            for need in needs_for(part_answer.question):
                if need not in section.needs:
                    section.needs.append(need)
    section.nearest = section.nearest[:3]
    return section


def _needs_once(sections: list[QuestionSection]) -> None:
    """Say each need once in the draft; a later question refers back to the first.

    An official writes "Se fråga 2" rather than repeating the same paragraph under
    every question the material does not answer.
    """
    first: dict[str, int] = {}
    for number, section in enumerate(sections, start=1):
        kept: list[str] = []
        for need in section.needs:
            if need in first:
                back = f"Samma underlag som under fråga {first[need]} behövs även här."
                if back not in kept:
                    kept.append(back)
            else:
                first[need] = number
                kept.append(need)
        section.needs = kept


def _nearest_once(sections: list[QuestionSection]) -> None:
    """List each nearest passage (a lead, not support) under the first question only."""
    shown: set[str] = set()
    for section in sections:
        kept = []
        for c in section.nearest:
            # Two chunks of one section read the same in the list: key on both.
            if c.chunk.chunk_id in shown or c.reference in shown:
                continue
            kept.append(c)
            shown |= {c.chunk.chunk_id, c.reference}
        section.nearest = kept


def _without_echoes(result: Answer) -> Answer:
    """The answer without passages that only restate questions.

    A tjänsteutlåtande in the material quotes the skrivelse's questions, so a
    search for a question finds the question itself. That passage is no answer:
    it is dropped with the text citing it, and an answer left with no sources and
    no figures counts as unanswered.
    """
    echoes = {c.n for c in result.citations if _only_questions(c.quote or c.chunk.text)}
    if not echoes:
        return result
    kept = [c for c in result.citations if c.n not in echoes]
    text = _drop_cited(result.text, echoes)
    supported = result.supported and bool(kept or result.statistics)
    return replace(result, text=text, citations=kept, supported=supported)


def _only_questions(text: str) -> bool:
    """Whether a passage holds only questions (and their introduction), no statement."""
    flat = re.sub(r"(?m)^\s*(?:[-–•*]|\d{1,2}[.)])\s+", "\n", text)
    sentences = [
        s.strip(' "”»«')
        for s in re.split(r"(?<=[?.!:])\s+(?=[\"”»(]?[A-ZÅÄÖ0-9])|\n+", flat)
        if s.strip(' "”»«')
    ]
    # Wrapped lines split a sentence in pieces; only whole sentences count.
    joined: list[str] = []
    for piece in sentences:
        if joined and not joined[-1].endswith(("?", ".", "!", ":")):
            joined[-1] = f"{joined[-1]} {piece}"
        else:
            joined.append(piece)
    return bool(joined) and all(s.endswith(("?", ":")) for s in joined)


def _drop_cited(text: str, dropped: set[int]) -> str:
    """Remove the stretches of text whose citation markers cite only dropped sources."""
    out: list[str] = []
    start = 0
    for m in MARKER_RE.finditer(text):
        numbers = _marker_numbers(m.group(1))
        segment_start = start
        if numbers and all(n in dropped for n in numbers):
            # The stretch begins after the previous marker or the last blank line.
            blank = text.rfind("\n\n", start, m.start())
            keep_to = blank + 2 if blank >= 0 else start
            out.append(text[segment_start:keep_to])
        else:
            out.append(text[segment_start : m.end()])
        start = m.end()
    out.append(text[start:])
    cleaned = "".join(out)
    cleaned = re.sub(r"(?m)^[ \t]*[-•*][ \t]*$\n?", "", cleaned)
    return re.sub(r"\n{3,}", "\n\n", cleaned).strip()


def _marker_numbers(group: str) -> list[int]:
    numbers: list[int] = []
    for token in re.split(r"\s*,\s*", group):
        bounds = [int(x) for x in re.split(r"\s*[–-]\s*", token) if x]
        numbers.extend(range(bounds[0], bounds[-1] + 1) if len(bounds) == 2 else bounds)
    return numbers


def _without_stat_tables(text: str, stats: list[StatResult], mapping: dict[int, int]) -> str:
    """Remove tables the text repeats (the draft shows them from the records) and
    renumber statistics markers ([S1]) to the section's tables."""
    for stat in stats:
        text = text.replace(stat.to_markdown_table(), "")
    text = re.sub(r"\[S(\d+)\]", lambda m: f"[S{mapping.get(int(m.group(1)), m.group(1))}]", text)
    text = re.sub(r"(?m)^[ \t]*(?:\[S?\d+\][ \t]*)+$\n?", "", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _renumber(text: str, mapping: dict[int, int]) -> str:
    """Rewrite [n] markers to the section's numbering; unknown numbers are dropped."""

    def repl(m: re.Match[str]) -> str:
        numbers = [mapping[n] for n in _marker_numbers(m.group(1)) if n in mapping]
        unique = sorted(set(numbers))
        return "".join(f"[{n}]" for n in unique)

    return MARKER_RE.sub(repl, text).strip()


def _same_stat(a: StatResult, b: StatResult) -> bool:
    return a.to_dict() == b.to_dict()


# --- sections ----------------------------------------------------------------------------


def _title(s: Skrivelse) -> str:
    if s.subject:
        return f"Skrivelse angående {s.subject}"
    return "Svar på skrivelse"


def _subtitle(s: Skrivelse) -> str:
    return f"Svar på skrivelse från {s.author}" if s.author else "Svar på skrivelse"


def _nämnd(s: Skrivelse) -> str:
    return s.addressee or "nämnden"


def _sections(
    s: Skrivelse,
    questions: list[Question],
    answered: list[QuestionSection],
    annex: list[StatResult],
) -> list[Section]:
    nämnd = _nämnd(s)
    Nämnd = nämnd[:1].upper() + nämnd[1:]
    done = [q for q in answered if q.answered]
    partly = [q for q in answered if q.partly_answered]
    missing = [q for q in answered if not q.answered and not q.partly_answered]
    stats = [st for q in answered for st in q.statistics] + annex

    proposal = Section(
        H_PROPOSAL,
        numbered=[f"{Nämnd} godkänner förvaltningens tjänsteutlåtande som svar på skrivelsen."],
    )

    summary = Section(H_SUMMARY)
    summary.paragraphs.append(
        f"Skrivelsen innehåller {_count(len(questions), 'fråga', 'frågor')}. Förvaltningen har "
        f"med stöd av underlaget besvarat {_count(len(done), '', '').strip()} av dem"
        + (f" ({_numbers(done)})" if done else "")
        + "."
    )
    if partly:
        summary.paragraphs.append(
            f"{_count(len(partly), 'fråga', 'frågor').capitalize()} besvaras bara delvis "
            f"({_numbers(partly)})."
        )
    if missing or partly:
        gap = sorted([*partly, *missing], key=lambda q: q.question.number)
        summary.paragraphs.append(
            f"För {_count(len(gap), 'fråga', 'frågor')} ({_numbers(gap)}) räcker underlaget inte "
            "för att ge ett fullständigt svar. Under respektive fråga anges vad som skulle "
            "behövas."
        )
    if stats:
        summary.paragraphs.append(
            "Uppgifterna om deltagare kommer från deltagarregistret; datakälla, definitioner "
            "och röjandeskydd redovisas "
            + ("i bilaga 1." if annex else "i avsnittet Om statistiken.")
        )

    background = Section(H_BACKGROUND)
    who = s.author or "[avsändare anges inte i skrivelsen]"
    when = f" {s.date}" if s.date else ""
    to = f" till {nämnd}" if s.addressee else ""
    about = f" rörande {s.subject}" if s.subject else ""
    background.paragraphs.append(
        f"{who} har i en skrivelse{to}{when} framfört ett antal frågor{about}."
    )
    if not s.date:
        background.paragraphs.append("Skrivelsens datum anges inte i texten; fyll i det.")

    matter = Section(H_MATTER)
    matter.paragraphs.append("Med anledning av detta ställs följande frågor i skrivelsen:")
    matter.numbered = [q.text for q in questions]

    preparation = Section(H_PREPARATION)
    preparation.paragraphs.append(
        "[Fyll i var ärendet har beretts och vilka grupper och råd som har behandlat det.]"
    )

    views = Section(H_VIEWS, questions=answered)
    views.paragraphs.append(
        "Nedan besvaras skrivelsens frågor en i taget. Svaren bygger på dokumenten i "
        "underlaget och på deltagarregistret. Citerade dokument anges med nummer inom "
        "hakparentes och redovisas i en källförteckning under varje fråga."
        + (
            " Tabellerna bygger på deltagarregistret; datakälla, definitioner och "
            "röjandeskydd redovisas " + ("i bilaga 1." if annex else "i avsnittet Om statistiken.")
            if any(q.statistics for q in answered)
            else ""
        )
    )
    subject = f" angående {s.subject}" if s.subject else ""
    author = f" från {s.author}" if s.author else ""
    views.closing.append(
        f"Förvaltningen föreslår att {nämnd} godkänner tjänsteutlåtandet som svar på "
        f"skrivelsen{author}{subject}."
    )

    attachments = Section(H_ATTACHMENTS)
    items = []
    if annex:
        year = annex[0].from_year or annex[0].to_year
        items.append(f"{ANNEX_TITLE} {year} (deltagarregistret).")
        attachments.statistics = annex
        attachments.statistics_heading = f"Bilaga 1. {ANNEX_TITLE} {year}"
    items.append(f"Skrivelse{author}{subject}" + (f", {s.date}" if s.date else "") + ".")
    attachments.numbered = items

    return [proposal, summary, background, matter, preparation, views, attachments]


def _count(n: int, one: str, many: str) -> str:
    words = {1: "en", 2: "två", 3: "tre", 4: "fyra", 5: "fem", 6: "sex", 7: "sju", 8: "åtta"}
    words.update({9: "nio", 10: "tio", 11: "elva", 12: "tolv"})
    return f"{words.get(n, str(n))} {one if n == 1 else many}"


def _numbers(sections: list[QuestionSection]) -> str:
    nums = [str(q.question.number) for q in sections]
    label = "fråga" if len(nums) == 1 else "frågorna"
    if len(nums) > 1:
        return f"{label} {', '.join(nums[:-1])} och {nums[-1]}"
    return f"{label} {nums[0]}"
