"""Cleaning of PDF-extraction artefacts: hyphens, headers, footnotes, wrapped items."""

from __future__ import annotations

import itertools

from assistant.ingest.blocks import Block, BlockKind
from assistant.ingest.cleaning import clean_pages, split_pdf_text_pages
from assistant.ingest.loaders import load_document
from assistant.models import Page
from assistant.settings import PROJECT_ROOT

TJANSTEUTLATANDE = PROJECT_ROOT / "corpus" / "tjansteutlatande-finsam-skrivelse-m.txt"


def _texts(blocks: list[Block], kind: BlockKind | None = None) -> list[str]:
    return [b.text for b in blocks if kind is None or b.kind == kind]


def _all_text(blocks: list[Block]) -> str:
    return "\n".join(_texts(blocks))


def test_word_hyphenated_across_lines_is_joined() -> None:
    page = Page(
        1,
        "Inledning\n"
        "Samordningsförbundet stödjer också insatser som syftar till att ska-\n"
        "pa strukturella förutsättningar för bättre samverkan mellan medlem-\n"
        "marna i staden.",
    )
    text = _all_text(clean_pages([page]))
    assert "skapa strukturella" in text
    assert "medlemmarna i staden" in text
    assert "ska-" not in text
    assert "medlem-" not in text


def test_suspended_compound_keeps_its_hyphen() -> None:
    page = Page(
        1,
        "Inledning\n"
        "Förbundet samverkar med kommunen och hälso- och\n"
        "sjukvården samt med arbets- eller\n"
        "studievägledningen i regionen.",
    )
    text = _all_text(clean_pages([page]))
    assert "hälso- och sjukvården" in text
    assert "arbets- eller studievägledningen" in text
    assert "hälsooch" not in text


def test_hyphenation_left_inside_a_line_is_joined_but_suspended_compounds_stay() -> None:
    # A source whose line breaks were already turned into spaces.
    page = Page(
        1,
        "Inledning\nLedamöter i kommun- eller landstings- fullmäktige och i social- "
        "nämnden deltar, liksom hälso- och sjukvården.",
    )
    text = _all_text(clean_pages([page]))
    assert "kommun- eller landstingsfullmäktige" in text
    assert "socialnämnden deltar" in text
    assert "hälso- och sjukvården" in text


def test_hyphenation_across_a_blank_line_is_joined() -> None:
    page = Page(1, "Inledning\nFörbundet arbetar med beroende-\n\nproblematik och annat.")
    text = _all_text(clean_pages([page]))
    assert "beroendeproblematik och annat." in text


def test_header_repeated_on_every_page_is_removed_from_later_pages() -> None:
    header = "Skrivelse angående användning av FINSAM"
    pages = [
        Page(1, f"{header}\n\nBakgrund\nModeraterna har ställt frågor om samverkan."),
        Page(2, f"{header}\n\nÄrendet\nSkrivelsen lyfter vikten av samverkan."),
        Page(3, f"{header}\n\nBeredning\nÄrendet har beretts inom förvaltningen."),
    ]
    blocks = clean_pages(pages)
    # The first page's header is the document's title; later copies are gone.
    assert blocks[0].kind == BlockKind.TITLE
    assert blocks[0].text == header
    assert sum(header in b.text for b in blocks) == 1
    assert [b.text for b in blocks if b.kind == BlockKind.HEADING] == [
        "Bakgrund",
        "Ärendet",
        "Beredning",
    ]


def test_repeated_footer_and_page_numbers_are_removed() -> None:
    footer = "Socialförvaltningen, Stockholms stad"
    pages = [
        Page(n, f"Rubrik {n}\nText på sidan {n} om samordning av insatser.\n\n{footer}\n{n} (3)")
        for n in (1, 2, 3)
    ]
    text = _all_text(clean_pages(pages))
    assert footer not in text
    assert "(3)" not in text
    for n in (1, 2, 3):
        assert f"Text på sidan {n} om samordning av insatser." in text


def test_blocks_keep_the_page_they_start_on() -> None:
    pages = [
        Page(1, "Titel på rapporten\n\nFörsta\nText på första sidan."),
        Page(2, "Andra\nText på andra sidan."),
    ]
    blocks = clean_pages(pages)
    by_text = {b.text: b.page for b in blocks}
    assert by_text["Text på första sidan."] == 1
    assert by_text["Text på andra sidan."] == 2


def test_footnote_is_kept_as_its_own_block_and_not_glued_into_the_sentence() -> None:
    page = Page(
        1,
        "Sammanfattning\n"
        "Samordningsförbundet Stockholms stad1 bildades 2016 och samlar\n"
        "fyra medlemmar i staden.\n"
        "\n"
        "1 Det är roligt att arbeta tillsammans! - Samordningsförbundet",
    )
    blocks = clean_pages([page])
    footnotes = _texts(blocks, BlockKind.FOOTNOTE)
    assert footnotes == ["[Fotnot 1] Det är roligt att arbeta tillsammans! - Samordningsförbundet"]
    paragraphs = _texts(blocks, BlockKind.PARAGRAPH)
    assert paragraphs == [
        "Samordningsförbundet Stockholms stad[1] bildades 2016 och samlar fyra medlemmar i staden."
    ]
    assert "roligt" not in paragraphs[0]


def test_footnote_block_follows_the_blocks_of_its_page() -> None:
    pages = [
        Page(
            1,
            "Rubrik ett\nFörbundet finansierar insatser2 för deltagare.\n\n"
            "2 Enligt årsredovisningen.",
        ),
        Page(2, "Rubrik två\nText på sidan två om resultat."),
    ]
    blocks = clean_pages(pages)
    kinds = [(b.kind, b.page) for b in blocks]
    footnote_at = kinds.index((BlockKind.FOOTNOTE, 1))
    assert all(page == 1 for _, page in kinds[:footnote_at])
    assert all(page == 2 for _, page in kinds[footnote_at + 1 :])
    assert "insatser[2] för" in _all_text(blocks)


def test_number_at_page_bottom_without_marker_is_not_taken_for_a_footnote() -> None:
    page = Page(
        1, "Rubrik\nTexten saknar fotnotsmarkörer helt och hållet.\n\n3 deltagare avslutade."
    )
    blocks = clean_pages([page])
    assert not _texts(blocks, BlockKind.FOOTNOTE)
    assert "3 deltagare avslutade." in _all_text(blocks)


def test_list_items_wrapped_across_a_blank_line_are_rejoined() -> None:
    page = Page(
        1,
        "Frågor\n"
        "Med anledning av detta ställs följande frågor:\n"
        "- Är det känt hur många ärenden, som årligen remitteras från\n"
        "\n"
        "Stockholms stad till FINSAM i Stockholm?\n"
        "- Vilka andra huvudorsaker finns bland dessa remitterade\n"
        "\n"
        "ärenden?\n",
    )
    items = _texts(clean_pages([page]), BlockKind.LIST_ITEM)
    assert items == [
        "- Är det känt hur många ärenden, som årligen remitteras från Stockholms stad till "
        "FINSAM i Stockholm?",
        "- Vilka andra huvudorsaker finns bland dessa remitterade ärenden?",
    ]


def test_sentence_cut_by_a_page_break_continues_on_the_next_page() -> None:
    pages = [
        Page(1, "Rubrik\nFörbundet har under året finansierat sex olika insatser för deltagare,"),
        Page(2, "Deltagarna kom från alla stadsdelar.\n\nAnnan rubrik\nMer text här."),
    ]
    paragraphs = _texts(clean_pages(pages), BlockKind.PARAGRAPH)
    assert paragraphs[0] == (
        "Förbundet har under året finansierat sex olika insatser för deltagare, "
        "Deltagarna kom från alla stadsdelar."
    )


def test_question_heading_is_split_from_its_answer() -> None:
    page = Page(
        1,
        "Titel\n\n"
        "Har Stockholm kunskap om resultatet av de ärenden som remitteras till\n"
        "FINSAM?\n"
        "Stockholms stad deltar på olika sätt i förbundets styrning.\n",
    )
    blocks = clean_pages([page])
    question = "Har Stockholm kunskap om resultatet av de ärenden som remitteras till FINSAM?"
    assert (BlockKind.HEADING, question) in [(b.kind, b.text) for b in blocks]
    assert "Stockholms stad deltar på olika sätt i förbundets styrning." in _texts(
        blocks, BlockKind.PARAGRAPH
    )


def test_tjansteutlatande_gives_the_ten_questions_as_ten_list_items() -> None:
    blocks = load_document(TJANSTEUTLATANDE).blocks
    start = next(i for i, b in enumerate(blocks) if b.text.startswith("Med anledning av detta"))
    items = []
    for block in blocks[start + 1 :]:
        if block.kind != BlockKind.LIST_ITEM:
            break
        items.append(block.text)
    assert len(items) == 10
    assert all(item.startswith("- ") and item.endswith("?") for item in items)
    assert items[0] == (
        "- Är det känt hur många ärenden, som årligen remitteras från Stockholms stad till "
        "FINSAM i Stockholm?"
    )
    assert items[1].endswith("mer än ett år, två – fem år, mer än fem år?")


def test_tjansteutlatande_question_headings_are_split_from_answers() -> None:
    blocks = load_document(TJANSTEUTLATANDE).blocks
    pairs = list(itertools.pairwise(blocks))
    heading = "Har Stockholm kunskap om resultatet av de ärenden som remitteras till FINSAM?"
    following = [nxt for b, nxt in pairs if b.kind == BlockKind.HEADING and b.text == heading]
    assert len(following) == 1
    assert following[0].kind == BlockKind.PARAGRAPH
    assert following[0].text.startswith("Stockholms stad deltar på olika sätt")
    assert following[0].page == 5


def test_tjansteutlatande_keeps_footnotes_and_pages() -> None:
    doc = load_document(TJANSTEUTLATANDE)
    assert doc.page_count == 8
    footnotes = _texts(doc.blocks, BlockKind.FOOTNOTE)
    assert footnotes[0] == "[Fotnot 1] Det är roligt att arbeta tillsammans! - Samordningsförbundet"
    assert len(footnotes) == 6
    body = _all_text([b for b in doc.blocks if b.kind != BlockKind.FOOTNOTE])
    assert "Stockholms stad[1] bildades 2016" in body
    assert "Det är roligt" not in body
    # The header repeated at the top of page 2 is not in the text a second time.
    assert body.count("Skrivelse angående användning av FINSAM") == 1


def test_split_pdf_text_pages_uses_form_feeds() -> None:
    pages = split_pdf_text_pages("Sida ett\nText\fSida två\nText\f\f")
    assert [(p.number, p.text) for p in pages] == [(1, "Sida ett\nText"), (2, "Sida två\nText")]


def test_split_pdf_text_pages_uses_leading_space_page_marks() -> None:
    text = " Första sidans rad\nmer text\n Andra sidans rad\nmer text"
    pages = split_pdf_text_pages(text)
    assert [p.number for p in pages] == [1, 2]
    assert pages[1].text.startswith(" Andra sidans rad")


def test_split_pdf_text_pages_leaves_plain_text_unpaged() -> None:
    assert split_pdf_text_pages("Vanlig text\nutan sidor") == [
        Page(None, "Vanlig text\nutan sidor")
    ]
