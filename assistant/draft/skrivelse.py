"""Read a skrivelse (pasted text, TXT, DOCX or PDF) and what its header says.

The header of a skrivelse usually says who wrote it and when ("Skrivelse från
Moderaterna 2025-02-18"), to which nämnd, and what it concerns ("angående
användning av FINSAM ..."). These go into the draft's title and "Bakgrund".

Example:
    >>> s = parse_skrivelse("Skrivelse från Moderaterna 2025-02-18 angående FINSAM\\n- Hur?")
    >>> (s.author, s.date, s.subject)
    ('Moderaterna', '2025-02-18', 'användning av FINSAM')
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from assistant.draft.questions import MAX_CHARS, normalize_text
from assistant.parties import LETTER_PATTERN, PARTY_LETTERS

#: Parties by their usual names and abbreviations, as written in a draft
#: (``assistant/parties.py``).
PARTIES = {name.lower(): name for name in PARTY_LETTERS}
PARTY_ABBREVIATIONS = {letter: name for name, letter in PARTY_LETTERS.items()}
MONTHS = {
    m: i + 1
    for i, m in enumerate(
        [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ]
    )
}
ISO_DATE_RE = re.compile(r"\b(20\d{2}|19\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")
LONG_DATE_RE = re.compile(
    r"\b([1-9]|[12]\d|3[01])\s+(" + "|".join(MONTHS) + r")\s+((?:19|20)\d{2})\b", re.IGNORECASE
)
HEADER_CHARS = 1_500


@dataclass
class Skrivelse:
    """A skrivelse as text, with what its header says (empty when not stated).

    Attributes:
        text: The text, normalised.
        source: File name, or "inklistrad text".
        author: Party or person who wrote it, e.g. "Moderaterna".
        party: The party, if one is named.
        date: ISO date (2025-02-18) if one is stated.
        addressee: The nämnd it is addressed to, e.g. "socialnämnden".
        subject: What it concerns, e.g. "användning av FINSAM i arbetet med ...".
        warnings: Things the user must know about the reading (Swedish).
    """

    text: str
    source: str = "inklistrad text"
    author: str = ""
    party: str = ""
    date: str = ""
    addressee: str = ""
    subject: str = ""
    warnings: list[str] = field(default_factory=list)


def read_skrivelse(path: Path | str, *, max_mb: int = 20) -> Skrivelse:
    """Read a skrivelse from a .txt, .md, .docx or .pdf file.

    Raises:
        assistant.errors.DocumentError: The file is missing, of another type,
            empty, encrypted, scanned or damaged; the message names the file.
    """
    from assistant.ingest.loaders import load_document

    path = Path(path)
    doc = load_document(path, max_mb=max_mb)
    # A PDF is read page by page, raw: the question finder joins wrapped lines itself.
    pdf = path.suffix.lower() == ".pdf"
    text = "\n\n".join(p.text for p in doc.pages) if pdf else doc.raw_text
    return parse_skrivelse(text, source=path.name)


def parse_skrivelse(text: str, *, source: str = "inklistrad text") -> Skrivelse:
    """A skrivelse from pasted text: its header read, the text bounded.

    Raises:
        ValueError: ``text`` is not a string.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, got {type(text).__name__}")
    warnings: list[str] = []
    text = normalize_text(text)
    if len(text) > MAX_CHARS:
        warnings.append(
            f"Skrivelsen är lång ({len(text)} tecken); bara de första {MAX_CHARS} tecknen läses."
        )
        text = text[:MAX_CHARS]
    header = re.sub(r"[ \t]+", " ", text[:HEADER_CHARS])
    author = _author(header)
    return Skrivelse(
        text=text,
        source=source,
        author=author,
        party=_party(author) or _party(header),
        date=_date(header),
        addressee=_addressee(header),
        subject=_subject(text),
        warnings=warnings,
    )


def _author(header: str) -> str:
    m = re.search(
        r"\bskrivelse\s+från\s+([^\n]+?)(?=\s+(?:\d{1,4}[-\s]|till\s|angående\s|om\s|rörande\s|"
        r"gällande\s|avseende\s|i\s)|[,.:;\n]|$)",
        header,
        re.IGNORECASE,
    )
    if m:
        return m.group(1).strip()
    for pattern in (r"\b(?:från|av)\s+(" + "|".join(PARTIES) + r")\b",):
        m = re.search(pattern, header, re.IGNORECASE)
        if m:
            return PARTIES[m.group(1).lower()]
    m = re.search(rf"\b([A-ZÅÄÖ][a-zåäöé]+\s+[A-ZÅÄÖ][a-zåäöé-]+)\s+\(({LETTER_PATTERN})\)", header)
    if m:
        return f"{m.group(1)} ({m.group(2)})"
    return ""


def _party(text: str) -> str:
    lower = text.lower()
    for key, name in PARTIES.items():
        if re.search(rf"\b{key}\b", lower):
            return name
    m = re.search(rf"\(({LETTER_PATTERN})\)", text)
    return PARTY_ABBREVIATIONS[m.group(1)] if m else ""


def _date(header: str) -> str:
    m = ISO_DATE_RE.search(header)
    if m:
        return m.group(0)
    m = LONG_DATE_RE.search(re.sub(r"\s+", " ", header))
    if m:
        day, month, year = int(m.group(1)), MONTHS[m.group(2).lower()], m.group(3)
        return f"{year}-{month:02d}-{day:02d}"
    return ""


def _addressee(header: str) -> str:
    m = re.search(r"\btill\s+([a-zåäö-]+nämnden|kommunstyrelsen|kommunfullmäktige)\b", header, re.I)
    return m.group(1).lower() if m else ""


def _subject(text: str) -> str:
    """What the skrivelse concerns, from the first paragraphs ("angående ...").

    A title wrapped over lines goes on while the next line starts in lower case.
    """
    paragraphs = [p for p in re.split(r"\n\s*\n", text[:HEADER_CHARS]) if p.strip()]
    for paragraph in paragraphs[:4]:
        lines = [ln.strip() for ln in paragraph.split("\n") if ln.strip()]
        for i, line in enumerate(lines):
            joined = line
            for nxt in lines[i + 1 :]:
                if not nxt[:1].islower():
                    break
                joined = f"{joined} {nxt}"
            m = re.search(
                r"\b(?:angående|rörande|gällande|avseende)\s+(.+?)(?=[.:?!]\s|[.:?!]?$)",
                joined,
                re.IGNORECASE,
            ) or re.search(
                r"\bskrivelse\b[^.]{0,60}?\bom\s+(.+?)(?=[.:?!]\s|[.:?!]?$)", joined, re.I
            )
            if m:
                return re.sub(r"\s+", " ", m.group(1)).strip()[:200].rstrip(" ,")
    return ""
