"""Loaders for PDF, DOCX, TXT and MD, and the Swedish errors for files they refuse."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import (
    CorruptDocument,
    DocumentError,
    DocumentNotFound,
    EmptyDocument,
    EncryptedDocument,
    FileTooLarge,
    NoTextLayer,
    UnsupportedFileType,
)
from assistant.ingest.blocks import BlockKind
from assistant.ingest.loaders import check_file, load_document

PDF_PAGES = [
    [
        "Inledning",
        "Samordningsförbundet finansierar insatser som syftar till att ska-",
        "pa bättre samverkan mellan hälso- och",
        "sjukvården och kommunen.",
    ],
    [
        "Resultat",
        "Under året avslutade 348 deltagare sin insats och 61 gick",
        "vidare till arbete eller studier.",
    ],
    [
        "Slutsats",
        "Förbundet fortsätter sitt arbete med individnära stöd till",
        "deltagarna i staden.",
    ],
]


def test_pdf_keeps_page_numbers(documents) -> None:
    doc = load_document(documents.pdf("rapport.pdf", PDF_PAGES))
    assert doc.page_count == 3
    assert [p.number for p in doc.pages] == [1, 2, 3]
    pages = {b.text: b.page for b in doc.blocks}
    assert (
        pages[
            "Under året avslutade 348 deltagare sin insats och 61 gick vidare till arbete "
            "eller studier."
        ]
        == 2
    )
    assert pages["Slutsats"] == 3


def test_pdf_header_repeated_on_each_page_is_removed(documents) -> None:
    doc = load_document(documents.pdf("rapport.pdf", PDF_PAGES))
    header = documents.HEADER
    assert all(header in p.text for p in doc.pages)  # it really is on every page
    later = [b for b in doc.blocks if b.page and b.page > 1]
    assert later
    assert not any(header in b.text for b in later)
    assert sum(header in b.text for b in doc.blocks) <= 1


def test_pdf_page_numbers_and_hyphens_are_cleaned(documents) -> None:
    doc = load_document(documents.pdf("rapport.pdf", PDF_PAGES))
    text = "\n".join(b.text for b in doc.blocks)
    assert "att skapa bättre samverkan mellan hälso- och sjukvården" in text
    assert not any(b.text.strip() in {"1", "2", "3"} for b in doc.blocks)
    headings = [b.text for b in doc.blocks if b.kind == BlockKind.HEADING]
    assert {"Resultat", "Slutsats"} <= set(headings)


def test_docx_headings_become_sections(documents) -> None:
    path = documents.docx(
        "protokoll.docx",
        [
            ("Title", "Protokoll från styrelsemöte"),
            ("Heading 1", "Beslut"),
            ("", "Styrelsen beslutade att finansiera insatsen FINSAM-team."),
            ("List Bullet", "Budgeten fastställdes."),
            ("Heading 2", "Uppföljning"),
            ("", "Uppföljning sker i halvårsrapporten."),
        ],
    )
    doc = load_document(path)
    assert [(b.kind, b.text, b.level) for b in doc.blocks] == [
        (BlockKind.TITLE, "Protokoll från styrelsemöte", 1),
        (BlockKind.HEADING, "Beslut", 1),
        (BlockKind.PARAGRAPH, "Styrelsen beslutade att finansiera insatsen FINSAM-team.", 1),
        (BlockKind.LIST_ITEM, "- Budgeten fastställdes.", 1),
        (BlockKind.HEADING, "Uppföljning", 2),
        (BlockKind.PARAGRAPH, "Uppföljning sker i halvårsrapporten.", 1),
    ]
    assert doc.page_count is None


def test_txt_in_windows_encoding_is_decoded(documents) -> None:
    path = documents.text("ansi.txt", "Rubrik\nFörsörjningsstöd ges till många.", encoding="cp1252")
    doc = load_document(path)
    assert "Försörjningsstöd ges till många." in [b.text for b in doc.blocks]


def test_txt_with_byte_order_mark_is_decoded(documents) -> None:
    path = documents.text("bom.txt", "Rubrik\nÅtgärder för ökad samverkan.", encoding="utf-8-sig")
    doc = load_document(path)
    assert doc.raw_text.startswith("Rubrik")
    assert doc.page_count is None


def test_markdown_headings_and_list_items(documents) -> None:
    path = documents.text(
        "plan.md",
        "# Verksamhetsplan\n\n## Mål\nFler deltagare ska\nnå arbete.\n\n"
        "## Insatser\n- IPS för personer med\n  beroendeproblematik\n- FINSAM-team\n",
    )
    doc = load_document(path)
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (BlockKind.TITLE, "Verksamhetsplan"),
        (BlockKind.HEADING, "Mål"),
        (BlockKind.PARAGRAPH, "Fler deltagare ska nå arbete."),
        (BlockKind.HEADING, "Insatser"),
        (BlockKind.LIST_ITEM, "- IPS för personer med beroendeproblematik"),
        (BlockKind.LIST_ITEM, "- FINSAM-team"),
    ]


# --- files that are refused -------------------------------------------------


def _assert_swedish_message(err: DocumentError, path: Path) -> None:
    message = str(err)
    assert message.startswith(f"{path.name}: ")
    assert err.path == path
    # Says what to do, in Swedish.
    assert any(w in message for w in ("försök igen", "Kontrollera", "lägg till", "Spara", "Dela"))


def test_encrypted_pdf_is_refused_with_a_clear_message(documents) -> None:
    path = documents.encrypted_pdf()
    with pytest.raises(EncryptedDocument) as info:
        load_document(path)
    _assert_swedish_message(info.value, path)
    assert "lösenordsskyddad" in str(info.value)


def test_pdf_with_only_an_owner_password_opens(documents, tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    plain = documents.pdf("öppen.pdf", PDF_PAGES)
    writer = PdfWriter()
    for page in PdfReader(str(plain)).pages:
        writer.add_page(page)
    writer.encrypt(user_password="", owner_password="ägare", algorithm="AES-128")
    path = tmp_path / "ägarlösen.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    assert load_document(path).page_count == 3


def test_corrupt_pdf_is_refused_with_a_clear_message(documents) -> None:
    path = documents.corrupt_pdf()
    with pytest.raises(CorruptDocument) as info:
        load_document(path)
    _assert_swedish_message(info.value, path)
    assert "skadad" in str(info.value)


def test_pdf_without_text_layer_is_refused_with_a_clear_message(documents) -> None:
    path = documents.scanned_pdf()
    with pytest.raises(NoTextLayer) as info:
        load_document(path)
    _assert_swedish_message(info.value, path)
    assert "textlager" in str(info.value)
    assert "OCR" in str(info.value)


def test_empty_file_is_refused_with_a_clear_message(documents) -> None:
    path = documents.empty()
    with pytest.raises(EmptyDocument) as info:
        load_document(path)
    _assert_swedish_message(info.value, path)
    assert "tom" in str(info.value)


def test_whitespace_only_text_file_is_empty(documents) -> None:
    path = documents.text("blank.md", " \n\n\t\n")
    with pytest.raises(EmptyDocument, match=r"blank\.md: filen innehåller ingen text"):
        load_document(path)


def test_binary_file_named_txt_is_refused(documents) -> None:
    path = documents.folder / "binär.txt"
    path.write_bytes(b"MZ\x00\x03\x00\x00\x00\xff\xff")
    with pytest.raises(CorruptDocument, match=r"binär\.txt: filen innehåller binärdata"):
        load_document(path)


def test_word_file_that_is_not_a_docx_is_refused(documents) -> None:
    path = documents.text("falsk.docx", "det här är ingen zip-fil")
    with pytest.raises(CorruptDocument) as info:
        load_document(path)
    _assert_swedish_message(info.value, path)


@pytest.mark.parametrize("name", ["deltagare.xlsx", "program.exe", "utan-ändelse"])
def test_unsupported_file_type_is_refused_with_a_clear_message(documents, name: str) -> None:
    path = documents.text(name, "innehåll")
    with pytest.raises(UnsupportedFileType) as info:
        load_document(path)
    _assert_swedish_message(info.value, path)
    assert "stöds inte" in str(info.value)
    assert ".pdf, .docx, .txt, .md" in str(info.value)


def test_file_larger_than_the_limit_is_refused(documents) -> None:
    path = documents.sparse("stor.pdf", 2)
    with pytest.raises(FileTooLarge) as info:
        load_document(path, max_mb=1)
    _assert_swedish_message(info.value, path)
    assert "2 MB, större än gränsen 1 MB" in str(info.value)
    assert "FINSAM_MAX_FILE_MB" in str(info.value)


def test_missing_path_is_refused_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "finns-inte.pdf"
    with pytest.raises(DocumentNotFound) as info:
        load_document(path)
    _assert_swedish_message(info.value, path)
    assert "finns inte" in str(info.value)


def test_huge_file_is_refused_from_its_size_without_being_read(
    documents,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = documents.sparse("enorm.pdf", 300)
    assert path.stat().st_size == 300 * 1024 * 1024

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    monkeypatch.setattr("pypdf.PdfReader.__init__", no_reading)
    with pytest.raises(FileTooLarge, match=r"enorm\.pdf: filen är 300 MB"):
        check_file(path, max_mb=100)
    with pytest.raises(FileTooLarge):
        load_document(path, max_mb=100)
