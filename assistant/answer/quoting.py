"""How a cited passage is named and quoted to a reader.

Every :class:`~assistant.answer.models.Citation` passes its quote through
:func:`clean_quote`, so the answer text, the source box and the Word draft all
quote the same cleaned words:

- a heading line of the passage glued to the first sentence ("Budget
  Förbundets budget …") is dropped: it is a heading, not part of the sentence;
- a footnote marker left by the PDF ("… en längre tid.2", "… tid.[2]") is
  dropped, so it cannot be read as the citation number that follows.

:func:`short_label` names a passage in a line (short title, page or §,
section); :func:`full_reference` gives everything, for the expandable source.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.models import Chunk

#: Longest title or section shown in a short label (characters, cut at a word).
SHORT_TITLE = 42
SHORT_SECTION = 40
#: A heading line: short, no sentence punctuation at its end, not a list item.
HEADING_MAX = 70
_FOOTNOTE_AFTER_SENTENCE = re.compile(
    r"(?<=[a-zåäöéA-ZÅÄÖ)][.!?])(?:\d{1,2}|\[\d{1,2}\])(?=\s|$|[”\"»])"
)
_FOOTNOTE_BRACKET = re.compile(r"(?<=\w)\[\d{1,2}\](?=[\s.,;:!?”\"»]|$)")


def _cut(text: str, limit: int) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    head = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:–-")
    return f"{head} …"


def short_title(chunk: Chunk) -> str:
    """The title in a few words: the statute's "lag (2003:1210)", else the title
    before its dash, cut at a word."""
    if chunk.doc_type == "författning":
        return chunk.title_short
    main = re.split(r"\s+[–-]\s+", chunk.title, maxsplit=1)[0]
    return _cut(main, SHORT_TITLE)


def short_label(chunk: Chunk) -> str:
    """A one-line name for the passage: ``"2 § lag (2003:1210)"`` or
    ``"Skrivelse angående användning av FINSAM …, s. 3, ”Är det känt …”"``."""
    if chunk.doc_type == "författning" and chunk.section and chunk.section.endswith("§"):
        return f"{chunk.section} {chunk.title_short}"
    parts = [short_title(chunk)]
    if chunk.page is not None:
        parts.append(f"s. {chunk.page}")
    section = (chunk.section or "").strip()
    if section and not chunk.title.lower().startswith(section.lower()):
        parts.append(f"”{_cut(section, SHORT_SECTION)}”")
    return ", ".join(parts)


def full_reference(chunk: Chunk) -> str:
    """Everything that locates the passage: full title, page, section (Markdown-free)."""
    parts = [chunk.title]
    if chunk.page is not None:
        parts.append(f"sida {chunk.page}")
    if chunk.section:
        kind = "paragraf" if chunk.section.endswith("§") else "avsnitt"
        parts.append(f"{kind} ”{chunk.section.strip()}”")
    return ", ".join(parts)


def heading_lines(text: str) -> list[str]:
    """Lines of a passage that are headings (short, no closing punctuation, followed
    by more text)."""
    lines = [line.strip() for line in text.split("\n")]
    out = []
    for i, line in enumerate(lines[:-1]):
        if not line or len(line) > HEADING_MAX or line[-1] in '.!?:;,”")':
            continue
        if re.match(r"^(?:[-–•*]|\d{1,2}[.)])\s", line) or re.match(r"^\d+ §", line):
            continue
        if any(rest.strip() for rest in lines[i + 1 :]):
            out.append(line)
    return out


def clean_quote(quote: str, chunk: Chunk | None = None) -> str:
    """The quote without glued headings and footnote markers (see the module docstring)."""
    text = quote.strip()
    if not text:
        return text
    if chunk is not None:
        for heading in sorted(heading_lines(chunk.text), key=len, reverse=True):
            flat = re.sub(r"\s+", " ", heading)
            # Only where the heading runs into a sentence: at the start or after one ends
            # (a table's header line stays: it says what the row's figures count).
            pattern = rf"(^|(?<=[.!?]\s))\s*{re.escape(flat)}[^\S\n]+(?=[A-ZÅÄÖ0-9])"
            text = re.sub(pattern, "", text, count=1)
    text = _FOOTNOTE_AFTER_SENTENCE.sub("", text)
    text = _FOOTNOTE_BRACKET.sub("", text)
    return text.strip()
