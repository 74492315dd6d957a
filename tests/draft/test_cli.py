"""``finsam draft`` end to end with the real answer engine and the real-corpus index."""

from __future__ import annotations

from pathlib import Path

import pytest
from draft_fixtures import TEN_QUESTIONS
from typer.testing import CliRunner

from assistant.cli import app
from assistant.draft import NOT_ANSWERABLE, SECTION_HEADINGS
from assistant.settings import Settings
from assistant.stats import SYNTHETIC_NOTICE

runner = CliRunner()


@pytest.mark.slow
def test_draft_answers_the_moderaterna_skrivelse_and_writes_word(
    corpus_settings: Settings, skrivelse_file: Path, tmp_path: Path
) -> None:
    from docx import Document

    out, md = tmp_path / "utkast.docx", tmp_path / "utkast.md"
    result = runner.invoke(
        app, ["draft", str(skrivelse_file), "-o", str(out), "--markdown", str(md)]
    )
    assert result.exit_code == 0, result.output
    assert "10 frågor:" in result.output

    doc = Document(str(out))
    headings = [
        (p.style.name, p.text)
        for p in doc.paragraphs
        if p.style.name.startswith(("Heading", "Title"))
    ]
    level1 = [text for style, text in headings if style == "Heading 1"]
    assert level1 == list(SECTION_HEADINGS)
    questions = [text for style, text in headings if style == "Heading 2" and text[0].isdigit()]
    assert questions == [f"{i}. {q}" for i, q in enumerate(TEN_QUESTIONS, 1)]

    # Each question's text, heading to next heading.
    body: dict[int, str] = {}
    current = 0
    for p in doc.paragraphs:
        if p.style.name.startswith("Heading"):
            current = (
                int(p.text.split(".")[0])
                if p.style.name == "Heading 2" and p.text[0].isdigit()
                else 0
            )
        elif current:
            body[current] = body.get(current, "") + p.text + "\n"

    # Answered from the material, with its figure and a numbered source.
    assert "130 deltagare" in body[1] and "[1]" in body[1] and "Källor" in body[1]
    assert NOT_ANSWERABLE not in body[1]
    # Every section either answers with a numbered source or a figure, or says plainly
    # that the material does not answer it and what would be needed: never a smooth
    # paragraph without support.
    for number, text in body.items():
        if NOT_ANSWERABLE in text:
            assert "För att kunna besvara frågan behövs:" in text, number
        else:
            assert "[1]" in text or "tabell " in text, number
    answered = [n for n in body if NOT_ANSWERABLE not in body[n]]
    assert len(answered) >= 2

    # Statistics as Word tables; provenance and the synthetic-data notice once (Bilaga 1).
    cells = [[c.text for c in row.cells] for t in doc.tables for row in t.rows]
    assert ["Stockholms stad", "130", "37 %"] in cells
    assert ["Totalt", "348", "61", "18 %"] in cells
    text = "\n".join(p.text for p in doc.paragraphs)
    assert text.count(SYNTHETIC_NOTICE) == 1 and text.count("filen deltagare-demo.xlsx") == 1
    assert "Moderaterna har i en skrivelse till socialnämnden 2025-02-18" in text

    markdown = md.read_text(encoding="utf-8")
    assert "## Förvaltningens synpunkter och förslag" in markdown
    assert "| Stockholms stad | 130 | 37 % |" in markdown


def test_list_shows_the_questions_found(skrivelse_file: Path) -> None:
    result = runner.invoke(app, ["draft", str(skrivelse_file), "--list"])
    assert result.exit_code == 0, result.output
    assert "10 frågor i skrivelse-moderaterna.txt:" in result.output
    assert "5. Använder stadsdelarna i Stockholm FINSAM" in result.output
    assert "   – Varierar det mellan stadsdelarna?" in result.output


def test_no_questions_says_so_and_offers_whole_text(tmp_path: Path) -> None:
    path = tmp_path / "utan-fragor.txt"
    path.write_text("Vi vill att nämnden redovisar arbetet med FINSAM.\n", encoding="utf-8")
    result = runner.invoke(app, ["draft", str(path), "-o", str(tmp_path / "u.docx")])
    assert result.exit_code == 1
    assert "utan-fragor.txt: inga frågor hittades" in result.output
    assert "--whole-text" in result.output


@pytest.mark.parametrize(
    ("name", "content", "phrase"),
    [("saknas.pdf", None, "finns inte"), ("trasig.docx", b"inte en zip", "Word-filen")],
)
def test_unreadable_file_gives_a_swedish_message_naming_it(
    tmp_path: Path, name: str, content: bytes | None, phrase: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(app, ["draft", str(path)])
    assert result.exit_code == 1
    assert "skrivelsen kunde inte läsas" in result.output
    assert name in result.output and phrase in result.output


@pytest.mark.slow
def test_question_outside_the_material_is_marked_not_answerable(
    corpus_settings: Settings, tmp_path: Path
) -> None:
    from docx import Document

    path = tmp_path / "skrivelse.txt"
    path.write_text(
        "Skrivelse från Liberalerna 2025-03-01\n\n"
        "- Hur många deltagare anmälde Stockholms stad 2024?\n"
        "- Vad kostar förbundets lokaler per kvadratmeter?\n",
        encoding="utf-8",
    )
    out = tmp_path / "utkast.docx"
    result = runner.invoke(app, ["draft", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    # The last occurrences are the answer sections (the first ones list the questions).
    first_and_rest = text.rsplit("1. Hur många deltagare anmälde", 1)[1]
    first, second = first_and_rest.rsplit("2. Vad kostar förbundets lokaler", 1)
    assert "130" in first
    assert NOT_ANSWERABLE in second and "För att kunna besvara frågan behövs:" in second
