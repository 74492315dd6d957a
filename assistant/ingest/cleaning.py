"""Clean what PDF text extraction leaves behind and turn pages into blocks.

Handles: words hyphenated across lines ("ska-\\npa" -> "skapa"), page headers
and footers repeated on several pages, lines and list items wrapped (also
across a blank line or a page break), and footnotes, which are kept as their
own blocks ("[Fotnot 1] ...") with in-text markers turned into "[1]" so they
are never glued into a sentence.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from assistant.ingest.blocks import Block, BlockKind
from assistant.models import Page

BULLET_RE = re.compile(r"^\s*(?:[-•–*▪●◦]|\d{1,2}[.)])\s*\t?\s*(?=\S)")
FOOTNOTE_RE = re.compile(r"^\s*(\d{1,2}) (\S.{2,})$")
PAGE_NUMBER_RE = re.compile(r"^\s*(?:sida\s+)?\d{1,3}(?:\s*\(\d{1,3}\))?\s*$", re.IGNORECASE)
TERMINAL = (".", "!", "?", ":", ";")
# Words after a hyphen at a line end that mark a suspended compound
# ("hälso- och sjukvården"), where the hyphen must stay.
SUSPENDED_FOLLOWERS = {"och", "eller", "samt", "till", "resp", "respektive", "som"}


def _norm(line: str) -> str:
    return re.sub(r"\s+", " ", line).strip().lower()


@dataclass
class _Line:
    text: str
    page: int | None


@dataclass
class _CleanPage:
    number: int | None
    lines: list[str]
    footnotes: list[tuple[str, str]] = field(default_factory=list)


def split_pdf_text_pages(text: str) -> list[Page]:
    """Recover pages from text extracted from a PDF and saved as TXT.

    Form feeds are page breaks. Without them, pypdf output marks the first line
    of each page with one leading space; when several lines carry that mark and
    the first line does too, each marks a page start. Otherwise the text is one
    unpaged page.
    """
    if "\f" in text:
        return [Page(i + 1, part) for i, part in enumerate(text.split("\f")) if part.strip()]
    lines = text.split("\n")
    starts = [i for i, ln in enumerate(lines) if re.match(r"^ [^\s]", ln)]
    if len(starts) >= 2 and starts[0] == 0:
        pages = []
        bounds = [*starts, len(lines)]
        for n, (a, b) in enumerate(itertools.pairwise(bounds), start=1):
            pages.append(Page(n, "\n".join(lines[a:b])))
        return pages
    return [Page(None, text)]


def _strip_footnotes(page: _CleanPage, marker_text: str) -> None:
    """Move footnote lines at the bottom of a page into ``page.footnotes``."""
    i = len(page.lines) - 1
    found: list[tuple[str, str]] = []
    while i >= 0:
        line = page.lines[i]
        if not line.strip():
            i -= 1
            continue
        m = FOOTNOTE_RE.match(line)
        if not m:
            break
        num = m.group(1)
        # A footnote must have its marker glued to a word or bracket in the text.
        if not re.search(rf"[A-Za-zÅÄÖåäö.)\]]{num}(?=[\s:;,.]|$)", marker_text, re.MULTILINE):
            break
        found.append((num, m.group(2).strip()))
        i -= 1
    if found:
        page.lines = page.lines[: i + 1]
        page.footnotes = list(reversed(found))


def _repeated_edges(pages: list[_CleanPage], top: bool) -> set[str]:
    """Normalised header (or footer) strings that repeat on two or more pages."""
    counts: Counter[str] = Counter()
    for page in pages:
        lines = [ln for ln in page.lines if ln.strip()]
        edge = lines[:4] if top else list(reversed(lines[-3:]))
        seen: set[str] = set()
        for n in range(1, len(edge) + 1):
            part = edge[:n] if top else list(reversed(edge[:n]))
            key = _norm(" ".join(part))
            if len(key) >= 12 and key not in seen:
                seen.add(key)
                counts[key] += 1
    return {k for k, c in counts.items() if c >= 2}


def _remove_edge(page: _CleanPage, keys: set[str], top: bool) -> None:
    idx = [i for i, ln in enumerate(page.lines) if ln.strip()]
    edge = idx[:4] if top else list(reversed(idx[-3:]))
    best = 0
    for n in range(1, len(edge) + 1):
        part = [page.lines[j] for j in (edge[:n] if top else sorted(edge[:n]))]
        if _norm(" ".join(part)) in keys:
            best = n
    if best:
        drop = set(edge[:best])
        page.lines = [ln for j, ln in enumerate(page.lines) if j not in drop]


def _mark_footnote_refs(lines: list[str], numbers: list[str]) -> list[str]:
    out = []
    for line in lines:
        for num in numbers:
            line = re.sub(rf"(?<=[A-Za-zÅÄÖåäö.)\]]){num}(?=[\s:;,.]|$)", f"[{num}]", line)
        out.append(line)
    return out


def clean_pages(pages: list[Page]) -> list[Block]:
    """Turn raw pages into cleaned blocks (title, headings, paragraphs, items, footnotes)."""
    work = [_CleanPage(p.number, p.text.replace("\r", "").split("\n")) for p in pages]
    for page in work:
        page.lines = [ln.rstrip() for ln in page.lines]
        _strip_footnotes(page, "\n".join(page.lines))
        page.lines = [ln for ln in page.lines if not PAGE_NUMBER_RE.match(ln) or not ln.strip()]
    if len(work) >= 2:
        headers = _repeated_edges(work, top=True)
        footers = _repeated_edges(work, top=False)
        for n, page in enumerate(work):
            if n > 0:  # the first page's header is the document title
                _remove_edge(page, headers, top=True)
            _remove_edge(page, footers, top=False)
    stream: list[_Line] = []
    for page in work:
        numbers = [num for num, _ in page.footnotes]
        page.lines = _mark_footnote_refs(page.lines, numbers)
        for ln in page.lines:
            stream.append(_Line(ln, page.number))
        stream.append(_Line("", page.number))
    blocks = _paragraphs(stream)
    blocks = _merge_wrapped(blocks)
    blocks = _classify(blocks)
    # Footnotes go after the blocks of their page, as separate blocks.
    result: list[Block] = []
    by_page: dict[int | None, list[Block]] = {}
    for page in work:
        by_page[page.number] = [
            Block(BlockKind.FOOTNOTE, f"[Fotnot {num}] {text}", page.number)
            for num, text in page.footnotes
        ]
    last_page: int | None = blocks[0].page if blocks else None
    for block in blocks:
        if block.page != last_page:
            result.extend(by_page.pop(last_page, []))
            last_page = block.page
        result.append(block)
    for rest in by_page.values():
        result.extend(rest)
    return result


def _paragraphs(stream: list[_Line]) -> list[Block]:
    """Group lines into raw blocks split at blank lines, joining hyphenated words."""
    blocks: list[Block] = []
    current: list[str] = []
    page: int | None = None

    def flush() -> None:
        nonlocal current
        if current:
            blocks.append(Block(BlockKind.PARAGRAPH, "\n".join(current), page))
            current = []

    i = 0
    while i < len(stream):
        line = stream[i].text
        if not line.strip():
            flush()
            i += 1
            continue
        if not current:
            page = stream[i].page
        current.append(line.strip())
        i += 1
    flush()
    return _dehyphenate_blocks(blocks)


def _dehyphenate_blocks(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for block in blocks:
        text = dehyphenate(block.text)
        if out and re.search(r"[a-zåäö]-$", out[-1].text):
            nxt = re.match(r"([a-zåäö]+)", text)
            if nxt and nxt.group(1) not in SUSPENDED_FOLLOWERS:
                out[-1].text = out[-1].text[:-1] + text
                continue
        block.text = text
        out.append(block)
    return out


def dehyphenate(text: str) -> str:
    """Join words split by a line-end hyphen ("medlem-\nmarna", "region- fullmäktige");
    a suspended compound keeps its hyphen ("hälso- och sjukvården")."""

    def join(m: re.Match[str]) -> str:
        nxt = m.group(2)
        if nxt.lower() in SUSPENDED_FOLLOWERS:
            return f"{m.group(1)}- {nxt}"
        return f"{m.group(1)}{nxt}"

    text = re.sub(r"([A-Za-zÅÄÖåäö])-[ \t]*\n[ \t]*([a-zåäö]+)", join, text)
    # A line break already turned into a space ("region- fullmäktige"): the same join,
    # after a lower-case letter only (a suspended compound is followed by "och", "eller" …).
    return re.sub(r"(?<=[a-zåäö])([a-zåäö])- ([a-zåäö]+)", join, text)


def _is_bullet(text: str) -> bool:
    return bool(BULLET_RE.match(text))


def _merge_wrapped(blocks: list[Block]) -> list[Block]:
    """Rejoin list items and sentences that a blank line or page break split."""
    # First split blocks whose later lines start new list items.
    split: list[Block] = []
    for block in blocks:
        lines = block.text.split("\n")
        cur: list[str] = []
        for line in lines:
            if cur and _is_bullet(line):
                split.append(Block(block.kind, "\n".join(cur), block.page))
                cur = []
            cur.append(line)
        if cur:
            split.append(Block(block.kind, "\n".join(cur), block.page))
    split = [part for block in split for part in _split_leading_heading(block)]
    out: list[Block] = []
    for block in split:
        if out and out[-1].kind != BlockKind.HEADING and block.kind != BlockKind.HEADING:
            prev = out[-1]
            prev_text = prev.text.rstrip()
            words = prev_text.split()
            ends_open = not prev_text.endswith(TERMINAL) and not prev_text.endswith("?")
            starts_lower = bool(re.match(r"[a-zåäö(]", block.text))
            continues_item = _is_bullet(prev_text) and ends_open and not _is_bullet(block.text)
            # A sentence cut by a page break continues on the next page.
            long_open = (
                prev.page != block.page
                and len(words) >= 5
                and bool(re.search(r"[a-zåäö,]$", prev_text))
            )
            if (
                not _is_bullet(block.text)
                and ends_open
                and (starts_lower or continues_item or long_open)
            ):
                prev.text = prev_text + "\n" + block.text
                continue
        out.append(block)
    return out


def _table_header(line: str) -> bool:
    """'Stöd till Insatser Deltagare Kostnad': column names, not a heading."""
    words = line.split()
    capitals = sum(1 for w in words[1:] if w[:1].isupper())
    return len(words) >= 3 and capitals >= 3 and capitals >= len(words) / 2


def _heading_like(line: str) -> bool:
    line = line.strip()
    return not _table_header(line) and (
        0 < len(line) <= 60
        and len(line.split()) <= 6
        and line[:1].isupper()
        and not line.endswith((*TERMINAL, ","))
        and not _is_bullet(line)
        and not re.search(r"\d{3,}", line)
    )


def _split_leading_heading(block: Block) -> list[Block]:
    """Split a short heading line glued to the paragraph under it ("Bakgrund\\nText...")."""
    lines = block.text.split("\n")
    if (
        len(lines) >= 2
        and _heading_like(lines[0])
        and (lines[1][:1].isupper() or _is_bullet(lines[1]) or lines[1][:1].isdigit())
    ):
        return [
            Block(BlockKind.HEADING, lines[0].strip(), block.page, level=1),
            Block(block.kind, "\n".join(lines[1:]), block.page),
        ]
    return [block]


def _strip_abbreviations(text: str) -> str:
    for abbr in ("s.k.", "t.ex.", "ev.", "bl.a.", "m.m.", "t ex", "dvs.", "etc."):
        text = text.replace(abbr, "")
    return text


def _split_question_heading(block: Block) -> list[Block]:
    """Split 'Fråga? ... fråga?\\nSvar...' into a heading block and a paragraph."""
    lines = block.text.split("\n")
    if not lines[0][:1].isupper() or "?" not in block.text:
        return [block]
    for i, line in enumerate(lines[:-1]):
        if line.rstrip().endswith("?"):
            head = " ".join(lines[: i + 1])
            if not lines[i + 1][:1].isupper() or len(head) > 300:
                return [block]
            if "." in _strip_abbreviations(head.rstrip("?")):
                return [block]
            rest = "\n".join(lines[i + 1 :])
            return [
                Block(BlockKind.HEADING, head, block.page, level=2),
                Block(BlockKind.PARAGRAPH, rest, block.page),
            ]
    return [block]


def _classify(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    for n, block in enumerate(blocks):
        lines = block.text.split("\n")
        joined = re.sub(r"[ \t]+", " ", " ".join(s.strip() for s in lines)).strip()
        if not joined:
            continue
        if _is_bullet(joined):
            out.append(Block(BlockKind.LIST_ITEM, joined, block.page))
            continue
        words = joined.split()
        if n == 0 and len(joined) <= 200 and not joined.endswith("."):
            out.append(Block(BlockKind.TITLE, joined, block.page))
            continue
        if block.kind == BlockKind.HEADING:
            out.append(Block(BlockKind.HEADING, joined, block.page, level=block.level))
            continue
        if (
            joined.endswith("?")
            and len(joined) <= 300
            and "." not in _strip_abbreviations(joined[:-1])
        ):
            out.append(Block(BlockKind.HEADING, joined, block.page, level=2))
            continue
        if (
            len(lines) == 1
            and not _table_header(joined)
            and len(words) <= 8
            and len(joined) <= 80
            and joined[:1].isupper()
            and not joined.endswith(TERMINAL)
            and not re.search(r"\d{3,}", joined)
        ):
            out.append(Block(BlockKind.HEADING, joined, block.page, level=1))
            continue
        for part in _split_question_heading(block):
            text = re.sub(r"[ \t]+", " ", " ".join(s.strip() for s in part.text.split("\n")))
            out.append(Block(part.kind, text.strip(), part.page, part.level))
    return out
