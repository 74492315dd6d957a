"""Reading a skrivelse and its header."""

from __future__ import annotations

from pathlib import Path

import pytest
from draft_fixtures import TEN_QUESTIONS, skrivelse_text

from assistant.draft import find_questions, parse_skrivelse, read_skrivelse
from assistant.errors import DocumentError


def test_header_gives_author_date_addressee_and_subject() -> None:
    s = parse_skrivelse(skrivelse_text())
    assert (s.author, s.party, s.date, s.addressee) == (
        "Moderaterna",
        "Moderaterna",
        "2025-02-18",
        "socialnämnden",
    )
    assert s.subject == "användning av FINSAM i arbetet med försörjningsstöd och arbetslöshet"


def test_named_author_with_party_abbreviation_and_long_date() -> None:
    s = parse_skrivelse("Skrivelse om hemlöshet\nAnna Svensson (M), 18 februari 2025\n- Hur?")
    assert (s.author, s.party, s.date, s.subject) == (
        "Anna Svensson (M)",
        "Moderaterna",
        "2025-02-18",
        "hemlöshet",
    )


def test_missing_header_facts_are_left_empty() -> None:
    s = parse_skrivelse("Hur många deltagare fanns 2024?")
    assert (s.author, s.date, s.subject) == ("", "", "")


def test_reads_docx_with_list_items(tmp_path: Path) -> None:
    from docx import Document

    doc = Document()
    doc.add_paragraph("Skrivelse från Moderaterna 2025-02-18 angående FINSAM")
    for q in TEN_QUESTIONS[:3]:
        doc.add_paragraph(q, style="List Bullet")
    path = tmp_path / "skrivelse.docx"
    doc.save(str(path))
    s = read_skrivelse(path)
    assert s.source == "skrivelse.docx" and s.date == "2025-02-18"
    assert find_questions(s.text).texts == TEN_QUESTIONS[:3]


def test_reads_pdf_with_wrapped_questions(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "skrivelse.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    y = 800
    for line in skrivelse_text().splitlines():
        c.drawString(50, y, line)
        y -= 14
        if y < 60:
            c.showPage()
            y = 800
    c.save()
    s = read_skrivelse(path)
    assert s.author == "Moderaterna"
    assert find_questions(s.text).texts == TEN_QUESTIONS


@pytest.mark.parametrize(
    ("name", "content", "phrase"),
    [
        ("saknas.txt", None, "finns inte"),
        ("tom.txt", b"", "tom"),
        ("skrivelse.odt", b"data", "stöds inte"),
        ("trasig.pdf", b"%PDF-1.4 trasig", "PDF-filen"),
        ("trasig.docx", b"inte en zip", "Word-filen"),
    ],
)
def test_unreadable_files_raise_a_swedish_error_naming_the_file(
    tmp_path: Path, name: str, content: bytes | None, phrase: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DocumentError) as info:
        read_skrivelse(path)
    assert name in info.value.message and phrase in info.value.message
