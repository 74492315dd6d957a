"""Word and Markdown export of a composed draft."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant import stats
from assistant.answer.models import Answer, Citation
from assistant.draft import NOT_ANSWERABLE, compose_draft, write_docx, write_markdown
from assistant.models import Chunk
from assistant.register import load_register
from assistant.stats import SYNTHETIC_NOTICE


def _draft() -> Any:
    result = stats.count(load_register(), event="started", year=2024, by="anmälande part")
    cited = Answer(
        text="Stockholms stad anmälde **130** deltagare [1] [S1].\n\n- första punkten [1]",
        citations=[
            Citation(1, Chunk("tu", "Tjänsteutlåtande", "År 2024 anmälde ...", page=4), "År 2024")
        ],
        statistics=[result],
        route="both",
    )

    def answer_fn(question: str, history: Any = None, *, settings: Any = None) -> Answer:
        if "anmälde" in question:
            return cited
        return Answer(text="Inget stöd.", supported=False, route="out_of_scope")

    text = "Skrivelse från Moderaterna 2025-02-18\n- Hur många anmälde staden?\n- Finns FoU?"
    return compose_draft(text, answer_fn=answer_fn, annex=False)


def test_docx_has_headings_tables_sources_and_gap(tmp_path: Path) -> None:
    from docx import Document

    path = write_docx(_draft(), tmp_path / "u.docx")
    doc = Document(str(path))
    styles = {(p.style.name, p.text) for p in doc.paragraphs}
    assert ("Heading 1", "Förvaltningens synpunkter och förslag") in styles
    assert ("Heading 2", "1. Hur många anmälde staden?") in styles
    texts = [p.text for p in doc.paragraphs]
    # The answer in sentences, its table numbered and referred to, the quote introduced.
    assert any(t.startswith("Under 2024 började 352 deltagare en insats.") for t in texts)
    assert any("redovisas i tabell 1" in t for t in texts)
    assert "Tabell 1. Antal deltagare som startade en insats 2024, efter anmälande part" in texts
    assert any(
        t.startswith("Som jämförelse anges i dokumentet ”Tjänsteutlåtande” (s. 4)") for t in texts
    )
    assert "[1] Tjänsteutlåtande, sida 4" in texts
    assert NOT_ANSWERABLE in texts
    assert sum(SYNTHETIC_NOTICE in t for t in texts) == 1
    (table,) = doc.tables
    assert [c.text for c in table.rows[1].cells] == ["Stockholms stad", "130", "37 %"]


def test_markdown_has_the_same_content(tmp_path: Path) -> None:
    md = write_markdown(_draft(), tmp_path / "u.md").read_text(encoding="utf-8")
    assert "### 1. Hur många anmälde staden?" in md
    assert "| Stockholms stad | 130 | 37 % |" in md
    assert "**Tabell 1. Antal deltagare som startade en insats 2024, efter anmälande part**" in md
    assert md.count(SYNTHETIC_NOTICE) == 1
    assert f"**{NOT_ANSWERABLE}**" in md
