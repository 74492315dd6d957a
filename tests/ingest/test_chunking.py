"""Structure-following chunking: one chunk per § for the statute, by heading otherwise."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.indexing.pipeline import chunk_document
from assistant.ingest.blocks import Block, BlockKind
from assistant.ingest.chunking import chunk_blocks, chunk_statute, looks_like_statute
from assistant.ingest.loaders import load_document
from assistant.ingest.metadata import read_metadata
from assistant.models import Chunk, DocumentMeta, sha256_text
from assistant.settings import PROJECT_ROOT, Settings

CORPUS = PROJECT_ROOT / "corpus"
STATUTE = CORPUS / "lag-2003-1210.txt"
STATUTE_META = DocumentMeta(
    doc_id="lag-2003-1210",
    title="Lag (2003:1210) om finansiell samordning av rehabiliteringsinsatser",
    doc_type="författning",
)
REPORT_META = DocumentMeta(doc_id="rapport", title="Årsrapport", doc_type="rapport")


@pytest.fixture(scope="module")
def statute_chunks() -> list[Chunk]:
    return chunk_statute(STATUTE.read_text(encoding="utf-8"), STATUTE_META)


def test_statute_is_recognised_and_other_documents_are_not() -> None:
    assert looks_like_statute(STATUTE.read_text(encoding="utf-8"))
    other = (CORPUS / "tjansteutlatande-finsam-skrivelse-m.txt").read_text(encoding="utf-8")
    assert not looks_like_statute(other)


def test_statute_gives_one_chunk_per_paragraph(statute_chunks: list[Chunk]) -> None:
    sections = [c.section for c in statute_chunks if c.section and c.section.endswith("§")]
    expected = [f"{n} §" for n in range(1, 29)]
    expected.insert(expected.index("6 §"), "5 a §")
    expected.insert(expected.index("20 §"), "19 a §")
    assert sections == expected
    for chunk in statute_chunks:
        if chunk.section and chunk.section.endswith("§"):
            assert chunk.text.count(f"\n{chunk.section} ") == 1


def test_statute_chunk_starts_with_its_heading(statute_chunks: list[Chunk]) -> None:
    by_section = {c.section: c for c in statute_chunks}
    assert by_section["2 §"].text.startswith("Allmänna bestämmelser\n2 § Insatserna inom")
    assert by_section["7 §"].text.startswith("Ett samordningsförbunds uppgifter\n7 § ")
    assert by_section["19 a §"].text.startswith("Ett samordningsförbunds ledning m.m.\n19 a § ")
    assert by_section["5 a §"].text.splitlines()[1].startswith("5 a § Om en kommun")


def test_statute_chunk_is_cited_by_paragraph_and_sfs_number(statute_chunks: list[Chunk]) -> None:
    by_section = {c.section: c for c in statute_chunks}
    assert by_section["7 §"].citation_label == "7 § lag (2003:1210)"
    assert by_section["5 a §"].citation_label == "5 a § lag (2003:1210)"
    assert all(c.page is None for c in statute_chunks)
    assert all(c.doc_id == "lag-2003-1210" for c in statute_chunks)


def test_statute_transitional_provisions_are_one_chunk_per_amendment(
    statute_chunks: list[Chunk],
) -> None:
    transitional = [c.section for c in statute_chunks if c.section and "Övergång" in c.section]
    assert transitional[0] == "Övergångsbestämmelser 2004:793"
    assert len(transitional) == len(set(transitional)) >= 2


def test_statute_ordinals_are_consecutive(statute_chunks: list[Chunk]) -> None:
    assert [c.ordinal for c in statute_chunks] == list(range(len(statute_chunks)))


def test_synthetic_statute_with_lettered_paragraph() -> None:
    text = "\n".join(
        [
            "Lag (2099:1) om prov",
            "Inledande bestämmelser",
            "1 §  Denna lag gäller prov.",
            "2 §  Prov ska vara rättvisa.",
            "Fortsättning av andra paragrafen.",
            "2 a §  Ett prov får göras om.",
            "Särskilda bestämmelser",
            "3 §  Den som gör prov ska ha legitimation.",
            "4 §  Resultatet ska meddelas.",
            "5 §  Lagen gäller inte utomlands.",
        ]
    )
    assert looks_like_statute(text)
    chunks = chunk_statute(text, DocumentMeta(doc_id="lag", title="Lag (2099:1) om prov"))
    assert [c.section for c in chunks] == ["Rubrik", "1 §", "2 §", "2 a §", "3 §", "4 §", "5 §"]
    assert chunks[2].text == (
        "Inledande bestämmelser\n2 § Prov ska vara rättvisa.\nFortsättning av andra paragrafen."
    )
    assert chunks[4].text.startswith("Särskilda bestämmelser\n3 §")


def test_blocks_are_chunked_by_heading_with_page_numbers() -> None:
    blocks = [
        Block(BlockKind.TITLE, "Årsrapport 2024", 1),
        Block(BlockKind.HEADING, "Bakgrund", 1),
        Block(BlockKind.PARAGRAPH, "Förbundet bildades 2016.", 1),
        Block(BlockKind.HEADING, "Resultat", 2),
        Block(BlockKind.PARAGRAPH, "348 deltagare avslutade en insats.", 2),
        Block(BlockKind.LIST_ITEM, "- 61 gick till arbete eller studier.", 3),
    ]
    chunks = chunk_blocks(blocks, REPORT_META, chunk_size=900)
    assert [(c.section, c.page, c.text) for c in chunks] == [
        ("Bakgrund", 1, "Bakgrund\nFörbundet bildades 2016."),
        (
            "Resultat",
            2,
            "Resultat\n348 deltagare avslutade en insats.\n- 61 gick till arbete eller studier.",
        ),
    ]
    assert chunks[1].citation_label == "Årsrapport, s. 2, avsnitt ”Resultat”"
    assert [c.ordinal for c in chunks] == [0, 1]


@pytest.mark.parametrize("chunk_size", [300, 600, 900])
def test_chunks_stay_within_the_size_budget(chunk_size: int) -> None:
    sentences = [
        f"Mening nummer {n} handlar om samordnade rehabiliteringsinsatser för deltagare."
        for n in range(60)
    ]
    blocks = [
        Block(BlockKind.HEADING, "Förvaltningens synpunkter", 1),
        Block(BlockKind.PARAGRAPH, " ".join(sentences[:30]), 1),
        Block(BlockKind.PARAGRAPH, " ".join(sentences[30:]), 2),
    ]
    chunks = chunk_blocks(blocks, REPORT_META, chunk_size=chunk_size)
    assert len(chunks) > 1
    assert all(len(c.text) <= chunk_size for c in chunks)
    assert all(c.text.startswith("Förvaltningens synpunkter\n") for c in chunks)
    # Long paragraphs are split at sentence ends, and no sentence is lost.
    joined = " ".join(c.text.split("\n", 1)[1].replace("\n", " ") for c in chunks)
    assert joined == " ".join(sentences)
    assert {c.page for c in chunks} == {1, 2}


def test_corpus_chunks_of_other_documents_stay_within_the_default_budget() -> None:
    settings = Settings(corpus_dir=CORPUS)
    entries = read_metadata(CORPUS)
    for name in ("tjansteutlatande-finsam-skrivelse-m.txt", "nns-varfor-bry-sig-om-finsam.txt"):
        chunks, _, meta = chunk_document(CORPUS / name, settings, entries)
        assert meta.doc_type != "författning"
        assert all(len(c.text) <= settings.chunk_size for c in chunks), name
        assert all(c.section for c in chunks), name


def test_tjansteutlatande_chunks_carry_pages_and_sections() -> None:
    chunks, pages, meta = chunk_document(
        CORPUS / "tjansteutlatande-finsam-skrivelse-m.txt", Settings(), read_metadata(CORPUS)
    )
    assert pages == 8
    assert meta.doc_id == "tjansteutlatande-finsam-skrivelse-m"
    assert all(c.page is not None and 1 <= c.page <= 8 for c in chunks)
    summary = next(c for c in chunks if "348 personer" in c.text)
    assert (summary.section, summary.page) == ("Sammanfattning", 1)
    assert summary.text.startswith("Sammanfattning\n")


def test_content_hash_is_the_sha256_of_the_text_and_stable() -> None:
    first = chunk_statute(STATUTE.read_text(encoding="utf-8"), STATUTE_META)
    second = chunk_statute(STATUTE.read_text(encoding="utf-8"), STATUTE_META)
    assert [c.content_hash for c in first] == [c.content_hash for c in second]
    assert [c.chunk_id for c in first] == [c.chunk_id for c in second]
    assert all(c.content_hash == sha256_text(c.text) for c in first)
    assert all(re.fullmatch(r"lag-2003-1210:\d+:[0-9a-f]{12}", c.chunk_id) for c in first)


def test_chunk_round_trips_through_its_dict() -> None:
    chunk = Chunk("d", "Titel", "Text", page=3, section="Bakgrund", ordinal=2, doc_type="rapport")
    data = chunk.to_dict()
    assert data["chunk_id"] == chunk.chunk_id
    assert Chunk.from_dict(data) == chunk


def test_changed_text_changes_the_chunk_id() -> None:
    a = Chunk("d", "T", "348 deltagare", ordinal=0)
    b = Chunk("d", "T", "349 deltagare", ordinal=0)
    assert a.chunk_id != b.chunk_id
    assert a.chunk_id.startswith("d:0:")


def test_loaded_markdown_is_chunked_by_its_headings(tmp_path: Path) -> None:
    path = tmp_path / "anteckning.md"
    path.write_text(
        "# Anteckning\n\n## Mål\nFler deltagare ska nå arbete.\n\n## Metod\n- IPS\n- Matchning\n",
        encoding="utf-8",
    )
    chunks = chunk_blocks(load_document(path).blocks, REPORT_META, 900)
    assert [(c.section, c.text) for c in chunks] == [
        ("Mål", "Mål\nFler deltagare ska nå arbete."),
        ("Metod", "Metod\n- IPS\n- Matchning"),
    ]


def test_memo_quoting_many_paragraphs_is_not_chunked_as_a_statute() -> None:
    memo = "\n".join(
        ["PM om tillämpningen", "Förvaltningen har gått igenom lagen."]
        + [f"{n} §  Citerad paragraf nummer {n}." for n in range(1, 8)]
        + ["Slutsatser", "Förvaltningen föreslår att nämnden noterar informationen."]
    )
    assert not looks_like_statute(memo)


def test_statute_paragraph_has_no_word_split_by_a_hyphen(statute_chunks: list[Chunk]) -> None:
    sixteen = next(c for c in statute_chunks if c.section == "16 §")
    assert "kommun- eller regionfullmäktige" in sixteen.text
    assert "region- fullmäktige" not in sixteen.text


def test_statute_title_and_issue_date_are_a_chunk_of_their_own() -> None:
    text = (
        "Lag (2099:7) om provverksamhet\nUtfärdad: 2099-03-04\n\nAllmänt\n\n"
        "1 § Denna lag gäller prov.\n\n2 § Proven ska vara frivilliga. Lag (2100:1).\n"
    )
    chunks = chunk_statute(text, DocumentMeta(doc_id="lag", title="Lag (2099:7) om prov"))
    assert [c.section for c in chunks] == ["Rubrik", "1 §", "2 §"]
    assert "Utfärdad: 2099-03-04" in chunks[0].text
    # An amendment note after a paragraph stays in that paragraph.
    assert chunks[2].text.endswith("Lag (2100:1).")
