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
from typing import Any, Protocol

from assistant.answer.models import Answer, Citation
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
    for question in scan.questions:
        if progress is not None:
            progress(question.number, total, question.text)
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
    if any(qs.synthetic for qs in answered):
        draft.warnings.append(
            f"{SYNTHETIC_NOTICE} Statistiken i utkastet kommer från demoregistret och ska "
            "ersättas med verkliga uppgifter innan utlåtandet används."
        )
    draft.sections = _sections(skrivelse, scan.questions, answered)
    return draft


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
        mapping: dict[int, int] = {}
        for citation in result.citations:
            key = citation.chunk.chunk_id
            if key not in by_chunk:
                by_chunk[key] = len(section.citations) + 1
                section.citations.append(
                    Citation(n=by_chunk[key], chunk=citation.chunk, quote=citation.quote)
                )
            mapping[citation.n] = by_chunk[key]
        part_answer = PartAnswer(part, result, text=_renumber(result.text, mapping))
        section.parts.append(part_answer)
        for stat in result.statistics:
            if not any(_same_stat(stat, s) for s in section.statistics):
                section.statistics.append(stat)
        for warning in result.warnings:
            if warning not in section.warnings:
                section.warnings.append(warning)
        if not part_answer.answered:
            known = {c.chunk.chunk_id for c in section.nearest}
            section.nearest.extend(c for c in result.nearest if c.chunk.chunk_id not in known)
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


def _renumber(text: str, mapping: dict[int, int]) -> str:
    """Rewrite [n] markers to the section's numbering; unknown numbers are dropped."""

    def repl(m: re.Match[str]) -> str:
        numbers: list[int] = []
        for token in re.split(r"\s*,\s*", m.group(1)):
            bounds = [int(x) for x in re.split(r"\s*[–-]\s*", token) if x]
            span = range(bounds[0], bounds[-1] + 1) if len(bounds) == 2 else bounds
            numbers.extend(mapping[n] for n in span if n in mapping)
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
    s: Skrivelse, questions: list[Question], answered: list[QuestionSection]
) -> list[Section]:
    nämnd = _nämnd(s)
    Nämnd = nämnd[:1].upper() + nämnd[1:]
    done = [q for q in answered if q.answered]
    partly = [q for q in answered if q.partly_answered]
    missing = [q for q in answered if not q.answered and not q.partly_answered]
    stats = [st for q in answered for st in q.statistics]

    proposal = Section(
        H_PROPOSAL,
        numbered=[f"{Nämnd} godkänner förvaltningens tjänsteutlåtande som svar på skrivelsen."],
    )

    summary = Section(H_SUMMARY)
    summary.paragraphs.append(
        f"Skrivelsen innehåller {_count(len(questions), 'fråga', 'frågor')}. Förvaltningen har "
        f"med stöd av underlaget besvarat {len(done)} av dem"
        + (f" ({_numbers(done)})" if done else "")
        + "."
    )
    if partly:
        summary.paragraphs.append(
            f"{_count(len(partly), 'fråga', 'frågor').capitalize()} besvaras bara delvis "
            f"({_numbers(partly)})."
        )
    if missing or partly:
        gap = [*partly, *missing]
        summary.paragraphs.append(
            f"För {_count(len(gap), 'fråga', 'frågor')} ({_numbers(gap)}) räcker underlaget inte "
            "för att ge ett fullständigt svar. Under respektive fråga anges vad som skulle "
            "behövas."
        )
    if stats:
        summary.paragraphs.append(
            "Uppgifterna om deltagare kommer från deltagarregistret och redovisas i tabeller "
            "med datakälla, definition och röjandeskydd."
        )
        if any(st.synthetic for st in stats):
            summary.paragraphs.append(
                f"Observera: {SYNTHETIC_NOTICE} Siffrorna ska ersättas med uppgifter ur det "
                "verkliga registret innan tjänsteutlåtandet används."
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
        "underlaget och på deltagarregistret; källorna anges med nummer under varje fråga."
    )
    subject = f" angående {s.subject}" if s.subject else ""
    author = f" från {s.author}" if s.author else ""
    views.closing.append(
        f"Förvaltningen föreslår att {nämnd} godkänner tjänsteutlåtandet som svar på "
        f"skrivelsen{author}{subject}."
    )

    attachments = Section(H_ATTACHMENTS)
    items = []
    if stats:
        items.append(
            "Statistiksammanställning ur deltagarregistret (tabellerna under respektive fråga)."
        )
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
