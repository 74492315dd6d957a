"""Write a :class:`~assistant.draft.models.Draft` as Markdown.

Example:
    >>> from assistant.draft import draft_to_markdown
    >>> print(draft_to_markdown(draft))  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from assistant.draft.models import (
    H_DATA_SOURCE,
    NEEDED_INTRO,
    NOT_ANSWERABLE,
    Draft,
    QuestionSection,
    has_annex,
)
from assistant.draft.prose import table_caption, table_cells
from assistant.stats import StatResult


def draft_to_markdown(draft: Draft) -> str:
    """The draft as one Markdown document (headings ``#``/``##``/``###``)."""
    out = [f"# {draft.title}", "", f"*{draft.subtitle}*", "", f"> {draft.notice}", ""]
    if draft.warnings:
        out += ["> **Att observera:**"] + [f"> - {w}" for w in draft.warnings] + [""]
    for section in draft.sections:
        out += [f"## {section.heading}", ""]
        for paragraph in section.paragraphs:
            out += [paragraph, ""]
        if section.numbered:
            out += [f"{i}. {item}" for i, item in enumerate(section.numbered, 1)] + [""]
        for qs in section.questions:
            out += _question(qs)
        if section.questions and draft.data_source and not has_annex(draft):
            out += [f"### {H_DATA_SOURCE}", ""]
            for paragraph in draft.data_source:
                out += [paragraph, ""]
        for paragraph in section.closing:
            out += [paragraph, ""]
        if section.statistics:
            out += [f"### {section.statistics_heading}", ""]
            for paragraph in draft.data_source:
                out += [paragraph, ""]
            for stat, number in zip(section.statistics, section.table_numbers, strict=False):
                out += _table(stat, number)
    return "\n".join(out).rstrip() + "\n"


def write_markdown(draft: Draft, path: Path | str) -> Path:
    """Write the draft to ``path`` (UTF-8) and return the path."""
    path = Path(path)
    path.write_text(draft_to_markdown(draft), encoding="utf-8")
    return path


def _table(stat: StatResult, number: int, note: str = "") -> list[str]:
    header, rows = table_cells(stat)

    def line(values: list[str]) -> str:
        return "| " + " | ".join(v.replace("|", "\\|") for v in values) + " |"

    out = [f"**{table_caption(stat, number)}**", "", line(header), line(["---"] * len(header))]
    out += [line(r) for r in rows]
    out.append("")
    if note:
        out += [f"*{note}*", ""]
    return out


def _question(qs: QuestionSection) -> list[str]:
    out = [f"### {qs.question.number}. {qs.heading}", ""]
    compound = qs.question.is_compound
    for part in qs.parts:
        if compound:
            out += [f"**{part.question}**", ""]
        if part.answered:
            for paragraph in part.paragraphs:
                out += [paragraph, ""]
        else:
            out += [f"**{NOT_ANSWERABLE}**", ""]
            if part.error:
                out += [f"*{part.error}*", ""]
    if qs.needs:
        out += [NEEDED_INTRO, ""] + [f"- {need}" for need in qs.needs] + [""]
    for stat, number in zip(qs.statistics, qs.table_numbers, strict=False):
        out += _table(stat, number)
    if qs.warnings:
        out += [f"> Observera: {w}" for w in qs.warnings] + [""]
    if qs.citations:
        out += ["**Källor**", ""] + [f"[{c.n}] {c.reference}" + "  " for c in qs.citations]
        out.append("")
    if qs.nearest and not qs.answered:
        out += ["*Närmaste avsnitt i underlaget (besvarar inte frågan):*", ""]
        out += [f"- {c.reference}" for c in qs.nearest] + [""]
    return out
