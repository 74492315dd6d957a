"""Structure-following chunking.

* A statute becomes one chunk per paragraph (§) with its heading, so a citation
  reads "7 § lag (2003:1210)".
* Other documents are chunked by heading and paragraph: paragraphs under one
  heading are packed up to ``chunk_size`` characters (sized for the embedding
  model's 256-token window); a paragraph longer than that is split at sentence
  ends. Each chunk starts with its heading so it reads on its own.
"""

from __future__ import annotations

import re

from assistant.ingest.blocks import Block, BlockKind
from assistant.ingest.cleaning import dehyphenate
from assistant.models import Chunk, DocumentMeta

STATUTE_PARAGRAPH_RE = re.compile(r"^\s*(\d{1,3}(?: [a-z])?) §\s+(.*)$")
TRANSITIONAL_RE = re.compile(r"^(\d{4}:\d+)\s+(.*)$")
SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9•\-])")


STATUTE_TITLE_RE = re.compile(r"^\s*(lag|förordning|föreskrift\w*)\s*\(\d{4}:\d+\)", re.I)


def looks_like_statute(text: str) -> bool:
    """A statute: titled "Lag (ÅÅÅÅ:NNN) ..." and with at least five "N §" paragraphs.

    Both are required: a memo that quotes a few paragraphs must not be chunked as
    a statute, which would drop its text outside the paragraphs.
    """
    lines = text.split("\n")
    titled = any(STATUTE_TITLE_RE.match(ln) for ln in lines[:5])
    return titled and sum(1 for ln in lines if STATUTE_PARAGRAPH_RE.match(ln)) >= 5


#: The section label of a statute's title and issue date.
PREAMBLE_SECTION = "Rubrik"
#: The issue date line under a statute's title ("Utfärdad: 2003-12-18").
ISSUED_RE = re.compile(r"^\s*utfärdad\b", re.I)


def chunk_statute(text: str, meta: DocumentMeta) -> list[Chunk]:
    """One chunk per § with the heading it stands under; transitional provisions
    (Övergångsbestämmelser) one chunk per amending SFS number; the title and issue date
    before the first § one chunk of their own (section ``PREAMBLE_SECTION``)."""
    chunks: list[Chunk] = []
    heading = ""
    current: tuple[str, list[str], str] | None = None  # (section label, lines, heading)

    def flush() -> None:
        if current is None:
            return
        label, lines, head = current
        body = dehyphenate(re.sub(r"[ \t]+", " ", "\n".join(lines)).strip())
        text_out = f"{head}\n{body}" if head else body
        chunks.append(
            Chunk(
                doc_id=meta.doc_id,
                title=meta.title,
                text=text_out,
                page=None,
                section=label,
                ordinal=len(chunks),
                doc_type=meta.doc_type,
            )
        )

    # The title and the issue date ("Utfärdad: 2003-12-18") before the first
    # paragraph: one chunk of their own, so "När utfärdades lagen?" finds them.
    preamble: list[str] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if (
            not chunks
            and current is None
            and (STATUTE_TITLE_RE.match(line) or ISSUED_RE.match(line))
        ):
            preamble.append(line)
            continue
        m = STATUTE_PARAGRAPH_RE.match(line)
        if m:
            if preamble and not chunks:
                current = (PREAMBLE_SECTION, preamble, "")
            flush()
            current = (f"{m.group(1)} §", [f"{m.group(1)} § {m.group(2)}"], heading)
            continue
        t = TRANSITIONAL_RE.match(line)
        if t and heading.lower().startswith("övergångsbestämmelser"):
            flush()
            current = (f"Övergångsbestämmelser {t.group(1)}", [line], heading)
            continue
        is_heading = (
            len(line) <= 90
            and (not line.endswith(".") or line.endswith("m.m."))
            and line[:1].isupper()
            and not STATUTE_TITLE_RE.match(line)
            and not ISSUED_RE.match(line)
        )
        if is_heading:
            flush()
            current = None
            heading = line
        elif current is not None:
            current[1].append(line)
    flush()
    return chunks


def _split_long(text: str, size: int) -> list[str]:
    if len(text) <= size:
        return [text]
    parts: list[str] = []
    buf = ""
    for sentence in SENTENCE_SPLIT_RE.split(text):
        if buf and len(buf) + 1 + len(sentence) > size:
            parts.append(buf)
            buf = sentence
        else:
            buf = f"{buf} {sentence}".strip()
    if buf:
        parts.append(buf)
    # A single sentence longer than size is cut at word boundaries.
    out: list[str] = []
    for part in parts:
        while len(part) > size * 1.5:
            cut = part.rfind(" ", 0, size)
            cut = cut if cut > size // 2 else size
            out.append(part[:cut].strip())
            part = part[cut:].strip()
        out.append(part)
    return out


def chunk_blocks(blocks: list[Block], meta: DocumentMeta, chunk_size: int) -> list[Chunk]:
    """Pack blocks under their headings into chunks of about ``chunk_size`` characters."""
    chunks: list[Chunk] = []
    section: str | None = None
    buf: list[str] = []
    buf_page: int | None = None

    def heading_prefix() -> str:
        return section or ""

    def emit() -> None:
        nonlocal buf, buf_page
        if not buf:
            return
        head = heading_prefix()
        body = "\n".join(buf)
        text = f"{head}\n{body}" if head else body
        chunks.append(
            Chunk(
                doc_id=meta.doc_id,
                title=meta.title,
                text=text.strip(),
                page=buf_page,
                section=section,
                ordinal=len(chunks),
                doc_type=meta.doc_type,
            )
        )
        buf = []
        buf_page = None

    budget = max(200, chunk_size)
    for block in blocks:
        if block.kind in (BlockKind.TITLE,):
            continue
        if block.kind == BlockKind.HEADING:
            emit()
            section = block.text
            continue
        for piece in _split_long(block.text, budget - len(heading_prefix())):
            current_len = sum(len(b) + 1 for b in buf) + len(heading_prefix())
            if buf and current_len + len(piece) > budget:
                emit()
            if not buf:
                buf_page = block.page
            buf.append(piece)
    emit()
    return chunks
