"""A reader's check of the Word draft: open the .docx as an official would.

The drafts are made by the real answer engine over the real-corpus index and
the demo register, from the sample skrivelse in docs/exempel/ and from the
Moderaterna skrivelse the corpus answers. The reader asserts:

- no repeated boilerplate (no paragraph of some length twice; the synthetic-data
  notice and the sha256 once);
- no table column that is empty in every row;
- every [n] marker resolved in its question's source list, and no unused source;
- every figure in an answer's own words present in a table, a caption or the
  data source paragraph (figures inside a ”quote” come from the cited passage).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from draft_fixtures import skrivelse_text

from assistant.draft import compose_draft, write_docx
from assistant.settings import PROJECT_ROOT, Settings
from assistant.stats import SYNTHETIC_NOTICE

pytestmark = pytest.mark.slow

SAMPLE = PROJECT_ROOT / "docs" / "exempel" / "skrivelse-exempel.txt"
MARKER_RE = re.compile(r"\[(\d+)\]")
QUOTE_RE = re.compile(r"”[^”]*”")
#: Not figures: dates, years, § numbers, SFS numbers, table numbers and markers.
NOT_FIGURES = [
    re.compile(r"\d{4}-\d{2}-\d{2}"),
    re.compile(r"\(\d{4}:\d+\)"),
    re.compile(r"\b\d+(?:\s*och\s*\d+)?\s*§+"),
    re.compile(r"\b(?:19|20)\d{2}(?:–(?:19|20)\d{2})?\b"),
    re.compile(r"[Tt]abell \d+"),
    re.compile(r"\[\d+\]"),
    re.compile(r"\bs\. \d+"),
]
NUMBER_RE = re.compile(r"\d[\d\u00a0 ]*\d|\d")


def _numbers(text: str) -> set[str]:
    return {re.sub(r"[\s\u00a0]", "", n) for n in NUMBER_RE.findall(text)}


def _own_figures(text: str) -> set[str]:
    text = QUOTE_RE.sub("", text)
    for pattern in NOT_FIGURES:
        text = pattern.sub("", text)
    return _numbers(text)


class Reader:
    """The .docx as a sequence of blocks (paragraphs with their style, and tables)."""

    def __init__(self, path: Path) -> None:
        from docx import Document
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        doc = Document(str(path))
        self.blocks: list[tuple[str, Any]] = []
        for element in doc.element.body.iterchildren():
            if element.tag.endswith("}p"):
                p = Paragraph(element, doc)
                self.blocks.append((p.style.name if p.style else "", p.text))
            elif element.tag.endswith("}tbl"):
                t = Table(element, doc)
                self.blocks.append(("table", [[c.text for c in r.cells] for r in t.rows]))

    @property
    def paragraphs(self) -> list[str]:
        return [text for style, text in self.blocks if style != "table"]

    @property
    def tables(self) -> list[list[list[str]]]:
        return [rows for style, rows in self.blocks if style == "table"]

    def questions(self) -> dict[str, list[tuple[str, Any]]]:
        """The blocks under each question heading ("1. …"), up to the next heading."""
        out: dict[str, list[tuple[str, Any]]] = {}
        current = ""
        for style, value in self.blocks:
            if style.startswith("Heading"):
                current = value if style == "Heading 2" and value[:1].isdigit() else ""
                if current:
                    out[current] = []
            elif current:
                out[current].append((style, value))
        return out


@pytest.fixture(scope="module")
def drafts(corpus_index_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Reader]:
    from assistant.answer.engine import reset_engines

    settings = Settings(
        corpus_dir=corpus_index_dir / "corpus", index_dir=corpus_index_dir / "index"
    )
    folder = tmp_path_factory.mktemp("drafts")
    reset_engines()
    readers = []
    for name, text in (("exempel", SAMPLE.read_text(encoding="utf-8")), ("m", skrivelse_text())):
        draft = compose_draft(text, settings=settings)
        readers.append(Reader(write_docx(draft, folder / f"{name}.docx")))
    reset_engines()
    return readers


def test_draft_has_no_repeated_boilerplate(drafts: list[Reader]) -> None:
    for reader in drafts:
        text = "\n".join(reader.paragraphs)
        assert text.count(SYNTHETIC_NOTICE) == 1
        shas = re.findall(r"\b[0-9a-f]{64}\b", text)
        assert len(shas) == 1, shas
        # Headings repeat the questions listed under Ärendet, as a tjänsteutlåtande does.
        body = [t for s, t in reader.blocks if s != "table" and not s.startswith("Heading")]
        long = [p for p in body if len(p) >= 60 and not MARKER_RE.match(p)]
        repeated = {p for p in long if long.count(p) > 1}
        assert not repeated, repeated


def test_draft_tables_have_no_empty_columns(drafts: list[Reader]) -> None:
    for reader in drafts:
        assert reader.tables
        for rows in reader.tables:
            for j in range(len(rows[0])):
                assert any(row[j].strip() for row in rows[1:]), (rows[0], j)


def test_every_marker_is_resolved_in_the_question_source_list(drafts: list[Reader]) -> None:
    for reader in drafts:
        for heading, blocks in reader.questions().items():
            texts = [v for s, v in blocks if s != "table"]
            sources = {int(m.group(1)) for t in texts if (m := MARKER_RE.match(t))}
            body = [t for t in texts if not MARKER_RE.match(t)]
            markers = {int(n) for t in body for n in MARKER_RE.findall(t)}
            assert markers == sources, (heading, markers, sources)


def test_every_figure_in_the_text_is_in_a_table_or_a_quoted_passage(
    drafts: list[Reader],
) -> None:
    for reader in drafts:
        allowed: set[str] = set()
        for rows in reader.tables:
            allowed |= {n for row in rows for cell in row for n in _numbers(cell)}
        captions = [p for p in reader.paragraphs if p.startswith("Tabell ")]
        source = [p for p in reader.paragraphs if "sha256" in p]
        for p in captions + source:
            allowed |= _numbers(p)
        for heading, blocks in reader.questions().items():
            for style, value in blocks:
                if style == "table" or MARKER_RE.match(value) or value.startswith("Tabell "):
                    continue
                figures = _own_figures(value)
                assert figures <= allowed, (heading, value, figures - allowed)
