"""Find the questions a skrivelse asks.

A skrivelse lists its questions as bullets or numbers, or asks them in running
text. Text extracted from a PDF wraps an item over several lines, sometimes
with a blank line in the middle, so items are joined until they are complete.
A question that asks several things at once ("Hur många ... och vilka ...?")
stays one question with its parts listed, so each part can be answered.

Example:
    >>> qs = find_questions("Frågor:\\n- Hur många anmäldes 2024?\\n- Vilka insatser finns?")
    >>> [q.text for q in qs.questions]
    ['Hur många anmäldes 2024?', 'Vilka insatser finns?']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.ingest.cleaning import SUSPENDED_FOLLOWERS

#: Most questions drafted from one skrivelse; more are left out with a warning.
MAX_QUESTIONS = 30
#: Most characters of a skrivelse read; the rest is left out with a warning.
MAX_CHARS = 100_000
#: Longest question kept; a longer "question" is most likely a whole paragraph.
MAX_QUESTION_CHARS = 600

BULLET_RE = re.compile(r"^(?P<indent>\s*)(?P<mark>[-–—•*▪●◦·]|\d{1,2}[.)]|[a-h][.)])\s+(?=\S)")
INTERROGATIVES = (
    "hur",
    "vad",
    "vilka",
    "vilken",
    "vilket",
    "varför",
    "när",
    "var",
    "vem",
    "vems",
    "vart",
    "varifrån",
    "på vilket sätt",
    "i vilken",
    "i vilket",
)
# Verbs that open a yes/no question in Swedish ("Finns ...", "Har ...").
QUESTION_VERBS = (
    "är",
    "finns",
    "har",
    "kan",
    "kommer",
    "använder",
    "avser",
    "anser",
    "bör",
    "ska",
    "skulle",
    "vet",
    "känner",
    "planerar",
    "arbetar",
    "varierar",
    "ingår",
    "får",
    "gör",
    "sker",
)
# A line that introduces a list of questions ("ställs följande frågor:").
INTRO_RE = re.compile(r"(fråg|undrar|önskar\s+(?:svar|besked)|vill\s+(?:veta|ha\s+svar))", re.I)
_INTERROGATIVE_RE = "|".join(re.escape(w) for w in sorted(INTERROGATIVES, key=len, reverse=True))
# Where a question asks a second thing: "..., och vilka ...", "... – eller varierar ...".
PART_SPLIT_RE = re.compile(
    rf"(?:,?\s+(?:och|samt)\s+(?=(?:{_INTERROGATIVE_RE})\b)|\s+[–—-]\s+(?=eller\s+\w))",
    re.IGNORECASE,
)
SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[\"”»(]?[A-ZÅÄÖ0-9])")


@dataclass(frozen=True)
class Question:
    """One question of a skrivelse, as the official may correct it.

    Attributes:
        number: 1-based position in the skrivelse.
        text: The question as written (one heading in the draft).
        parts: The separate things it asks; a single question has one part, itself.
        source: ``"list"`` (bullet or numbered item), ``"sentence"`` (a sentence
            ending in "?"), ``"whole_text"`` or ``"manual"``.
    """

    number: int
    text: str
    parts: tuple[str, ...] = ()
    source: str = "list"

    def __post_init__(self) -> None:
        if not self.text.strip():
            raise ValueError("Question.text must not be empty")
        if not self.parts:
            object.__setattr__(self, "parts", split_parts(self.text))

    @property
    def is_compound(self) -> bool:
        """Whether the question asks several things at once."""
        return len(self.parts) > 1

    def to_dict(self) -> dict[str, object]:
        return {
            "number": self.number,
            "text": self.text,
            "parts": list(self.parts),
            "source": self.source,
        }


@dataclass
class QuestionScan:
    """What :func:`find_questions` found, with warnings for the user (Swedish)."""

    questions: list[Question] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    truncated: bool = False

    @property
    def texts(self) -> list[str]:
        """The question texts, for a list the user can edit."""
        return [q.text for q in self.questions]


# --- public functions ----------------------------------------------------------


def find_questions(
    text: str, *, max_questions: int = MAX_QUESTIONS, max_chars: int = MAX_CHARS
) -> QuestionScan:
    """Find the questions in a skrivelse.

    Bullet and numbered items count when they end in "?", open with a question
    word, or follow a line that introduces questions ("följande frågor:").
    Sentences ending in "?" in running text count too. Items wrapped across
    lines (also across a blank line, as in PDF extractions) are joined.

    Args:
        text: The skrivelse as plain text.
        max_questions: Keep at most this many questions (a warning says so).
        max_chars: Read at most this many characters (a warning says so).

    Returns:
        The questions in the order they appear, and warnings.
    """
    if max_questions < 1:
        raise ValueError(f"max_questions must be at least 1, got {max_questions}")
    if max_chars < 1:
        raise ValueError(f"max_chars must be at least 1, got {max_chars}")
    scan = QuestionScan()
    text = normalize_text(text)
    if len(text) > max_chars:
        scan.warnings.append(
            f"Skrivelsen är lång ({len(text):,} tecken); bara de första {max_chars:,} tecknen "
            "har lästs.".replace(",", "\u00a0")
        )
        scan.truncated = True
        text = text[:max_chars]
    found: list[tuple[str, str]] = []
    seen: set[str] = set()
    for candidate, source in _candidates(text.split("\n")):
        question = _tidy(candidate)
        key = re.sub(r"\W+", "", question.lower())
        if not key or key in seen:
            continue
        if len(question) > MAX_QUESTION_CHARS:
            # Too long to be one question; say so rather than drop it silently.
            scan.warnings.append(
                f"Ett stycke som slutar med frågetecken var för långt för att tas som en fråga "
                f"({len(question)} tecken): ”{question[:80]}…”. Skriv in frågan själv om den "
                "ska besvaras."
            )
            continue
        seen.add(key)
        found.append((question, source))
    if len(found) > max_questions:
        scan.warnings.append(
            f"Skrivelsen innehåller {len(found)} frågor; bara de första {max_questions} "
            "besvaras. Dela upp skrivelsen eller ta bort frågor och försök igen."
        )
        scan.truncated = True
        found = found[:max_questions]
    scan.questions = [Question(i + 1, q, source=s) for i, (q, s) in enumerate(found)]
    return scan


def questions_from_texts(texts: list[str], *, max_questions: int = MAX_QUESTIONS) -> QuestionScan:
    """Questions as the user edited them (one text each); empty texts are dropped."""
    scan = QuestionScan()
    cleaned = [_tidy(normalize_text(t)) for t in texts]
    cleaned = [t for t in cleaned if t]
    if len(cleaned) > max_questions:
        scan.warnings.append(
            f"{len(cleaned)} frågor angavs; bara de första {max_questions} besvaras."
        )
        scan.truncated = True
        cleaned = cleaned[:max_questions]
    scan.questions = [Question(i + 1, t, source="manual") for i, t in enumerate(cleaned)]
    return scan


def whole_text_question(text: str, *, max_chars: int = 1_000) -> QuestionScan:
    """Treat the whole text as one question (when no questions were found)."""
    scan = QuestionScan()
    flat = _tidy(re.sub(r"\s+", " ", normalize_text(text)))
    if not flat:
        scan.warnings.append("Texten är tom; det finns ingen fråga att besvara.")
        return scan
    if len(flat) > max_chars:
        scan.warnings.append(
            f"Texten är lång ({len(flat)} tecken); bara de första {max_chars} tecknen används "
            "som fråga."
        )
        scan.truncated = True
        flat = flat[:max_chars].rsplit(" ", 1)[0] + " …"
    scan.questions = [Question(1, flat, parts=(flat,), source="whole_text")]
    return scan


def split_parts(question: str) -> tuple[str, ...]:
    """The separate things a question asks, each as a question of its own.

    Splits at a second question mark, at "och"/"samt" followed by a question
    word, and at a dash followed by "eller" ("... i sitt arbete – eller
    varierar det ...?").

    Example:
        >>> split_parts("Hur många har huvudorsak arbetslöshet och vilka andra orsaker finns?")
        ('Hur många har huvudorsak arbetslöshet?', 'Vilka andra orsaker finns?')
    """
    text = question.strip()
    pieces: list[str] = []
    for sentence in re.split(r"(?<=\?)\s+", text):
        pieces.extend(PART_SPLIT_RE.split(sentence))
    parts = []
    for piece in pieces:
        piece = piece.strip(" ,;–—-")
        if re.match(r"(?i)eller\s", piece):
            piece = piece[len("eller") :].strip()
        if len(piece) < 8:
            continue
        piece = piece[0].upper() + piece[1:]
        if not piece.endswith("?"):
            piece = piece.rstrip(".:!") + "?"
        parts.append(piece)
    if len(parts) <= 1:
        return (text,)
    return tuple(parts)


def normalize_text(text: str) -> str:
    """Unify line ends, spaces and form feeds of pasted or extracted text."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n\n")
    text = text.replace("\u00a0", " ").replace("\u00ad", "").replace("\t", " ")
    return re.sub(r"[ ]+\n", "\n", text)


# --- scanning --------------------------------------------------------------------


def _candidates(lines: list[str]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    prose: list[str] = []
    intro_active = False
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        m = BULLET_RE.match(line)
        if not m:
            if line.strip():
                prose.append(line.strip())
                if _ends_sentence(line) or _heading_like(line, lines, i):
                    intro_active = bool(INTRO_RE.search(line)) and line.rstrip().endswith(":")
            else:
                prose.append("")
            i += 1
            continue
        out.extend(_prose_questions(prose))
        prose = []
        item, i = _collect_item(lines, i, len(m.group("indent")))
        body = BULLET_RE.sub("", item, count=1).strip()
        if _is_question(body) or intro_active:
            out.append((body, "list"))
    out.extend(_prose_questions(prose))
    return out


def _collect_item(lines: list[str], start: int, indent: int) -> tuple[str, int]:
    """Join a list item with its wrapped lines; return it and the next line index."""
    parts = [lines[start].strip()]
    i = start + 1
    n = len(lines)
    while i < n and len(" ".join(parts)) < MAX_QUESTION_CHARS:
        line = lines[i]
        if BULLET_RE.match(line):
            break
        if line.strip():
            current = " ".join(parts)
            if _ends_sentence(current) and not _indented_more(line, indent):
                break
            parts.append(line.strip())
            i += 1
            continue
        # A blank line: the item goes on only if it is unfinished and what
        # follows reads as its continuation (PDF extractions wrap like this).
        j = i
        while j < n and not lines[j].strip():
            j += 1
        if j >= n or BULLET_RE.match(lines[j]) or _ends_sentence(" ".join(parts)):
            break
        if not _continues(" ".join(parts), lines, j):
            break
        i = j
    return _join_lines(parts), i


def _continues(current: str, lines: list[str], j: int) -> bool:
    nxt = lines[j].strip()
    if nxt[:1].islower() or current.rstrip().endswith((",", "–", "-", "—", "och", "eller")):
        return True
    # A capitalised next line continues the item if the sentence ends in "?"
    # within a few lines ("... remitteras från\n\nStockholms stad till FINSAM?").
    for k in range(j, min(j + 3, len(lines))):
        text = lines[k].strip()
        if not text or BULLET_RE.match(lines[k]):
            return False
        if text.endswith("?"):
            return True
        if _ends_sentence(text):
            return False
    return False


def _prose_questions(prose: list[str]) -> list[tuple[str, str]]:
    """Sentences ending in "?" in running text (paragraphs joined across wraps)."""
    out: list[tuple[str, str]] = []
    for paragraph in _paragraphs(prose):
        out.extend((s, "sentence") for s in _sentences(paragraph) if s.endswith("?"))
    return out


def _paragraphs(prose: list[str]) -> list[str]:
    paragraphs: list[str] = []
    current: list[str] = []
    for idx, line in enumerate(prose):
        if line:
            current.append(line)
            continue
        if not current:
            continue
        nxt = next((p for p in prose[idx + 1 :] if p), "")
        joined = " ".join(current)
        # Keep a paragraph open across a blank line when the sentence is unfinished.
        if nxt and not _ends_sentence(joined) and nxt[:1].islower():
            continue
        paragraphs.append(_join_lines(current))
        current = []
    if current:
        paragraphs.append(_join_lines(current))
    return paragraphs


def _sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in SENTENCE_RE.split(paragraph) if s.strip()]


def _is_question(body: str) -> bool:
    """A list item asks something if it has a "?" or opens with a question word."""
    text = body.strip()
    if "?" in text:
        return True
    lower = text.lower()
    return any(re.match(rf"{re.escape(w)}\b", lower) for w in INTERROGATIVES)


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(("?", ".", "!", ":"))


def _heading_like(line: str, lines: list[str], i: int) -> bool:
    return len(line.strip()) < 80 and (i + 1 >= len(lines) or not lines[i + 1].strip())


def _indented_more(line: str, indent: int) -> bool:
    return len(line) - len(line.lstrip()) > indent + 1


def _join_lines(parts: list[str]) -> str:
    """Join wrapped lines, undoing hyphenation ("rehabiliterings-" + "insatser")."""
    out = ""
    for part in parts:
        part = part.strip()
        if not out:
            out = part
            continue
        m = re.search(r"(\w)-$", out)
        first = part.split(" ", 1)[0].lower()
        if m and part[:1].islower() and first not in SUSPENDED_FOLLOWERS:
            out = out[:-1] + part
        else:
            out = f"{out} {part}"
    return out


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([?,.!])", r"\1", text)
    return text.strip(' "”»«')
