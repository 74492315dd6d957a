"""Checks on what goes into a backend and on the answer that comes out.

:func:`bound_question` cleans a question and cuts an overlong one to
:data:`MAX_QUESTION_CHARS` before any model sees it. Two rules from the answer
contract apply to the answer:

* every number in an answer must be found in a cited passage or in a statistics
  result (:func:`unverified_numbers`, :func:`check_numbers`); the rest are flagged
  in the warnings and marked in the text (:func:`mark_unverified`);
* a citation marker must point at a passage the model actually received
  (:func:`check_citations`); the rest are dropped and flagged.

Numbers are compared by value, in Swedish and English formats: ``1 000``,
``1 000`` (non-breaking space), ``17,5``, ``17.5``, ``17 %`` and ``61 procent``
all normalise to the same values as their plain forms. Compound tokens such as
SFS numbers (``2003:1210``) and dates (``2025-02-18``) are compared whole.

Example:
    >>> from assistant.answer.verify import check_citations, unverified_numbers
    >>> text, warnings = check_citations("Se 7 § [1][9].", valid_numbers={1})
    >>> text
    'Se 7 § [1].'
    >>> unverified_numbers("Det var 61 procent.", citations=[], statistics=[])
    ['61 procent']
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from assistant.answer.models import Citation
from assistant.stats import StatResult

#: Longest question passed on to retrieval or a model; the rest is cut off.
MAX_QUESTION_CHARS = 2000

#: What :func:`mark_unverified` appends to a number it could not verify.
UNVERIFIED_MARK = "⚠"

_SPACE = "[ \u00a0\u202f]"
# Order matters: compound tokens first, then grouped thousands, then plain numbers.
_NUMBER = re.compile(
    r"(?<![\w.,:/])"
    r"(?:"
    r"(?P<date>\d{4}-\d{2}-\d{2})"
    r"|(?P<compound>\d{4}:\d+)"
    rf"|(?P<grouped>\d{{1,3}}(?:{_SPACE}\d{{3}})+(?:,\d+)?)(?!\d)"
    r"|(?P<plain>\d+(?:[.,]\d+)?)"
    r")"
    rf"(?P<percent>{_SPACE}?%|{_SPACE}procent\b)?"
    r"(?![\w%])"
)
# [1], [1, 2], [1–3], [1-3]
_MARKER = re.compile(r"\[(\d+(?:\s*(?:,|–|-)\s*\d+)*)\]")
_LIST_NUMBER = re.compile(r"^(\s*)\d+[.)](?=\s)", re.MULTILINE)
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


def bound_question(question: str, limit: int = MAX_QUESTION_CHARS) -> tuple[str, list[str]]:
    """Clean ``question`` and cut it to ``limit`` characters.

    Control characters become spaces and runs of whitespace one space.

    Returns:
        The question (empty if nothing is left) and a Swedish warning when it was cut.
    """
    if not isinstance(question, str):
        raise TypeError(f"question must be a str, got {type(question).__name__}")
    cleaned = " ".join("".join(c if c.isprintable() else " " for c in question).split())
    if len(cleaned) <= limit:
        return cleaned, []
    cut = cleaned[:limit]
    # Cut at a word boundary when one is near.
    if " " in cut[-100:]:
        cut = cut[: cut.rindex(" ")]

    def shown(n: int) -> str:
        return f"{n:,}".replace(",", "\u00a0")

    warning = (
        f"Frågan var {shown(len(cleaned))} tecken lång; bara de första {shown(len(cut))} "
        "tecknen har använts. Ställ en kortare fråga för ett säkrare svar."
    )
    return cut, [warning]


@dataclass(frozen=True)
class NumberToken:
    """A number as written in a text.

    Attributes:
        raw: The text as written (``"1 000"``, ``"17,5 %"``, ``"2003:1210"``).
        value: The normalised value (``"1000"``, ``"17.5"``, ``"2003:1210"``).
        start: Offset of ``raw`` in the text.
        end: Offset after ``raw``.
    """

    raw: str
    value: str
    start: int
    end: int


def _normalise(number: str) -> str:
    text = re.sub(_SPACE, "", number).replace(",", ".")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    # "17,50" and "17.5" are the same figure; "007" is 7.
    normal = value.normalize()
    return format(normal, "f")


def _strip_markers(text: str) -> str:
    """Blank out citation markers and list numbering, keeping offsets."""
    text = _MARKER.sub(lambda m: " " * len(m.group(0)), text)
    return _LIST_NUMBER.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - len(m.group(1))), text)


def number_tokens(text: str) -> list[NumberToken]:
    """The numbers in ``text``, citation markers and Markdown list numbers excluded."""
    tokens = []
    for match in _NUMBER.finditer(_strip_markers(text)):
        date, compound, grouped, plain = match.group("date", "compound", "grouped", "plain")
        value = date or compound or _normalise(grouped or plain)
        tokens.append(
            NumberToken(
                raw=text[match.start() : match.end()],
                value=value,
                start=match.start(),
                end=match.end(),
            )
        )
    return tokens


def _values(text: str) -> set[str]:
    """Normalised values in ``text``, with the parts of dates and SFS numbers too."""
    values: set[str] = set()
    for token in number_tokens(text):
        values.add(token.value)
        if not token.value.replace(".", "", 1).isdigit():
            values.update(_normalise(part) for part in re.split(r"[-:]", token.value) if part)
    return values


def _citation_haystack(citations: Iterable[Citation]) -> set[str]:
    values: set[str] = set()
    for citation in citations:
        chunk = citation.chunk
        for text in (chunk.text, chunk.title, chunk.section or "", citation.quote):
            values |= _values(text)
    return values


def _statistics_haystack(statistics: Iterable[StatResult]) -> set[str]:
    values: set[str] = set()
    for result in statistics:
        values |= _values(result.to_markdown_table())
        values |= _values(result.title)
        for year in (result.from_year, result.to_year):
            if year is not None:
                values.add(str(year))
        for cell in (*result.cells, *result.margins):
            for number in (cell.count, cell.numerator):
                if number is not None:
                    values.add(str(number))
            if cell.share is not None:
                # A model may quote a share to one decimal ("37,4 %") or whole.
                values.add(_normalise(str(round(cell.share * 100, 1))))
                values.add(str(round(cell.share * 100)))
    return values


def unverified_numbers(
    text: str,
    citations: Sequence[Citation],
    statistics: Sequence[StatResult],
    *,
    question: str = "",
) -> list[str]:
    """Numbers in ``text`` found in neither the cited passages nor the statistics.

    Args:
        text: The answer.
        citations: The passages the answer cites.
        statistics: The statistics results behind the answer.
        question: The question; years it names are not checked.

    Returns:
        Each unverified number once, as first written, in order of appearance.
    """
    known = _citation_haystack(citations) | _statistics_haystack(statistics)
    known |= set(_YEAR.findall(question))
    seen: set[str] = set()
    out = []
    for token in number_tokens(text):
        if token.value in known or token.value in seen:
            continue
        seen.add(token.value)
        out.append(token.raw)
    return out


def number_warning(raw: str) -> str:
    """The warning for one unverified number."""
    return (
        f"Talet {raw} i svaret finns varken i de citerade källorna eller i statistikresultaten; "
        f"det är markerat med {UNVERIFIED_MARK} och bör kontrolleras."
    )


def check_numbers(
    text: str,
    citations: Sequence[Citation],
    statistics: Sequence[StatResult],
    *,
    question: str = "",
) -> list[str]:
    """Warnings (Swedish) for every number that :func:`unverified_numbers` finds."""
    return [
        number_warning(raw)
        for raw in unverified_numbers(text, citations, statistics, question=question)
    ]


def mark_unverified(text: str, numbers: Iterable[str]) -> str:
    """Mark every occurrence of the given numbers in ``text`` as ``**61**⚠``.

    Args:
        text: The answer.
        numbers: Numbers as returned by :func:`unverified_numbers` (compared by value,
            so ``"1 000"`` also marks ``"1000"``).
    """
    values = {token.value for raw in numbers for token in number_tokens(raw)}
    if not values:
        return text
    out = []
    last = 0
    for token in number_tokens(text):
        if token.value not in values:
            continue
        out.append(text[last : token.start])
        out.append(f"**{token.raw}**{UNVERIFIED_MARK}")
        last = token.end
    out.append(text[last:])
    return "".join(out)


def _marker_numbers(inner: str) -> list[int]:
    numbers: list[int] = []
    for part in re.split(r"\s*,\s*", inner.strip()):
        bounds = re.split(r"\s*[–-]\s*", part)
        if len(bounds) == 2:
            first, last = int(bounds[0]), int(bounds[1])
            # A range like [1–3]; a reversed or huge one is taken as its two ends.
            if first <= last <= first + 20:
                numbers.extend(range(first, last + 1))
            else:
                numbers.extend((first, last))
        else:
            numbers.append(int(bounds[0]))
    return numbers


def _markers(text: str) -> Iterator[tuple[re.Match[str], list[int]]]:
    for match in _MARKER.finditer(text):
        yield match, _marker_numbers(match.group(1))


def cited_numbers(text: str) -> list[int]:
    """Passage numbers cited in ``text``, each once, in order of first appearance."""
    seen: dict[int, None] = {}
    for _, numbers in _markers(text):
        for n in numbers:
            seen.setdefault(n, None)
    return list(seen)


def citation_warning(n: int) -> str:
    """The warning for a marker that points at a passage the model never received."""
    return f"Hänvisningen [{n}] pekade på en källa som modellen aldrig fick; den har tagits bort."


def check_citations(text: str, valid_numbers: Collection[int]) -> tuple[str, list[str]]:
    """Drop citation markers that point at passages the model never received.

    Args:
        text: The answer, citing passages as ``[n]``, ``[n, m]`` or ``[n–m]``.
        valid_numbers: The passage numbers the model was given.

    Returns:
        The text without the invalid markers (a marker left empty is removed with
        the space before it) and one Swedish warning per invalid number.
    """
    invalid: dict[int, None] = {}
    out = []
    last = 0
    for match, numbers in _markers(text):
        keep = list(dict.fromkeys(n for n in numbers if n in valid_numbers))
        for n in numbers:
            if n not in valid_numbers:
                invalid.setdefault(n, None)
        if keep == numbers:
            continue
        start = match.start()
        before = text[last:start]
        if not keep:
            before = before.rstrip(" ")
            out.append(before)
        else:
            out.append(before + "[" + ", ".join(str(n) for n in keep) + "]")
        last = match.end()
    out.append(text[last:])
    return "".join(out), [citation_warning(n) for n in invalid]


def renumber_citations(text: str, mapping: dict[int, int]) -> str:
    """Rewrite the markers in ``text`` with ``mapping`` (old number → new number)."""

    def replace(match: re.Match[str]) -> str:
        numbers = _marker_numbers(match.group(1))
        new = list(dict.fromkeys(mapping.get(n, n) for n in numbers))
        return "[" + ", ".join(str(n) for n in new) + "]"

    return _MARKER.sub(replace, text)
