"""No document vanishes or is replaced without the user saying so (issue 13).

Names that collide (case-insensitively too), outside files with a corpus file's
name, hidden files and reserved names, broken Word files and unsupported files
in a folder: every file in a batch gets a line saying what happened to it, and
what ``ingest`` accepts, ``status`` and the next sync keep.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.indexing.manifest import read_current
from assistant.indexing.pipeline import IngestReport, ingest
from assistant.indexing.status import index_status
from assistant.settings import Settings, get_settings

runner = CliRunner()
RUTINER = "Rutiner för samverkan\n\nFörbundet erbjuder kanotpaddling som friskvård.\n"


@pytest.fixture
def settings() -> Settings:
    s = get_settings()
    s.corpus_dir.mkdir(parents=True, exist_ok=True)
    (s.corpus_dir / "rutiner.txt").write_text(RUTINER, encoding="utf-8")
    return s


def _failed(report: IngestReport) -> dict[str, str]:
    return dict(report.failed)


def _indexed_files(settings: Settings) -> list[str]:
    manifest = read_current(settings.index_dir)
    assert manifest is not None
    return sorted(d.filename for d in manifest.documents.values())


def test_names_differing_only_in_case_in_one_batch_are_kept_apart_or_refused(
    settings: Settings, tmp_path: Path
) -> None:
    ingest(settings=settings)
    paths = []
    for n, name in enumerate(["rapport.txt", "Rapport.txt", "RAPPORT.txt"]):
        folder = tmp_path / f"in{n}"
        folder.mkdir()
        path = folder / name
        path.write_text(f"Rapport {n}\n\nText nummer {n} om arbetsträning.\n", encoding="utf-8")
        paths.append(path)
    report = ingest(paths, settings=settings)
    # Whatever the report says was added is indexed, and every other file is named.
    indexed = _indexed_files(settings)
    for name in report.added:
        assert name in indexed
    assert len(report.added) + len(report.failed) == 3
    for name in ("Rapport.txt", "RAPPORT.txt"):
        if name in _failed(report):
            assert "stora och små bokstäver" in _failed(report)[name]
    assert f"Nya: {len(report.added)}" in report.summary()
    # The next runs agree with the index: nothing new, status current.
    again = ingest(settings=settings)
    assert again.added == [] and again.removed == []
    assert index_status(settings).up_to_date


def test_name_differing_only_in_case_from_a_corpus_file_is_refused(
    settings: Settings, documents
) -> None:
    ingest(settings=settings)
    other = documents.text("Rutiner.TXT", "Helt annan text om ridterapi.\n")
    report = ingest([other], settings=settings)
    assert "stora och små bokstäver" in _failed(report)["Rutiner.TXT"]
    assert (settings.corpus_dir / "rutiner.txt").read_text(encoding="utf-8") == RUTINER
    assert index_status(settings).up_to_date


def test_outside_file_with_a_corpus_name_is_refused_without_replace(
    settings: Settings, documents
) -> None:
    ingest(settings=settings)
    outside = documents.text("rutiner.txt", "Ny version\n\nText om hippoterapi.\n")
    report = ingest([outside], settings=settings)
    message = _failed(report)["rutiner.txt"]
    assert "--replace" in message
    assert (settings.corpus_dir / "rutiner.txt").read_text(encoding="utf-8") == RUTINER
    assert index_status(settings).up_to_date


def test_replace_keeps_the_old_copy_and_drops_its_title(settings: Settings, documents) -> None:
    entry = {"rutiner.txt": {"doc_id": "rutiner", "title": "Gamla rutiner", "doc_type": "rutin"}}
    (settings.corpus_dir / "documents.json").write_text(json.dumps(entry), encoding="utf-8")
    ingest(settings=settings)
    outside = documents.text("rutiner.txt", "Nya riktlinjer\n\nText om hippoterapi.\n")
    report = ingest([outside], settings=settings, replace=True)
    assert report.updated == ["rutiner.txt"]
    kept = list((settings.corpus_dir / ".borttagna").iterdir())
    assert [p.read_text(encoding="utf-8") for p in kept] == [RUTINER]
    assert any(".borttagna" in n for n in report.notices)
    manifest = read_current(settings.index_dir)
    assert manifest is not None
    (record,) = manifest.documents.values()
    assert record.title != "Gamla rutiner"
    assert index_status(settings).up_to_date


def test_cli_ingest_replace_flag(settings: Settings, documents) -> None:
    ingest(settings=settings)
    outside = documents.text("rutiner.txt", "Nya riktlinjer\n\nText om hippoterapi.\n")
    refused = runner.invoke(app, ["ingest", str(outside)])
    assert refused.exit_code == 2 and "--replace" in refused.stdout
    replaced = runner.invoke(app, ["ingest", "--replace", str(outside)])
    assert replaced.exit_code == 0, replaced.output
    assert "hippoterapi" in (settings.corpus_dir / "rutiner.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", [".dold.txt", "readme.md", "README.md"])
def test_what_ingest_accepts_status_and_sync_keep(
    settings: Settings, tmp_path: Path, name: str
) -> None:
    ingest(settings=settings)
    outside = tmp_path / "ute" / name
    outside.parent.mkdir()
    outside.write_text("# Dold\n\nText om trädgårdsterapi.\n", encoding="utf-8")
    report = ingest([outside], settings=settings)
    accepted = name in report.added
    assert accepted or name in _failed(report)
    # Either way, status and the next sync agree with what ingest said.
    assert index_status(settings).up_to_date
    again = ingest(settings=settings)
    assert again.removed == [] and again.added == []
    assert (name in _indexed_files(settings)) == accepted


def _broken_docx(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlfor'
            'mats-package.relationships+xml"/><Override PartName="/word/document.xml" Content'
            'Type="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main'
            '+xml"/></Types>',
        )
        zf.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxml'
            'formats.org/officeDocument/2006/relationships/officeDocument" Target="word/'
            'document.xml"/></Relationships>',
        )
        zf.writestr("word/document.xml", "<w:document><w:body><w:p>trasig")
    return path


def test_docx_with_broken_document_xml_fails_alone_with_a_swedish_message(
    settings: Settings, documents
) -> None:
    ingest(settings=settings)
    broken = _broken_docx(documents.folder / "trasig.docx")
    good = documents.text("bra.md", "# Bra\n\nText om hippoterapi för deltagare.\n")
    result = runner.invoke(app, ["ingest", str(broken), str(good)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "FEL trasig.docx: " in result.stdout and "Word-filen" in result.stdout
    assert "Nya: 1" in result.stdout
    assert "bra.md" in _indexed_files(settings)


def test_web_upload_gives_every_file_a_line_and_indexes_the_good_one(
    settings: Settings, documents
) -> None:
    from assistant.web.documents_tab import upload

    ingest(settings=settings)
    broken = _broken_docx(documents.folder / "trasig.docx")
    good = documents.text("bra.md", "# Bra\n\nText om hippoterapi för deltagare.\n")
    program = documents.text("program.exe", "MZ")
    text, *_ = upload(settings, [str(broken), str(good), str(program)], lambda *a, **k: None)
    for name in ("trasig.docx", "bra.md", "program.exe"):
        assert any(name in line for line in text.splitlines()), text
    assert "Word-filen" in text
    assert "bra.md" in _indexed_files(settings)
    assert not (settings.corpus_dir / "trasig.docx").exists()


def test_folder_ingest_names_the_files_it_skips(settings: Settings, documents) -> None:
    ingest(settings=settings)
    documents.text("bra.md", "# Bra\n\nText om hippoterapi för deltagare.\n")
    documents.text("program.exe", "MZ")
    documents.text("~$lås.docx", "lås")
    result = runner.invoke(app, ["ingest", str(documents.folder)])
    assert "Nya: 1" in result.stdout
    assert "program.exe" in result.stdout and "~$lås.docx" in result.stdout


def test_pypdf_warnings_never_reach_the_terminal(tmp_path: Path, documents) -> None:
    broken = documents.corrupt_pdf()
    env = {
        **os.environ,
        "FINSAM_INDEX_DIR": str(tmp_path / "index"),
        "FINSAM_CORPUS_DIR": str(tmp_path / "corpus"),
    }
    run = subprocess.run(
        [sys.executable, "-c", "from assistant.cli import main; main()", "ingest", str(broken)],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert "FEL trasig.pdf" in run.stdout
    for english in ("startxref", "Ignoring", "pypdf", "Warning", "EOF marker"):
        assert english not in run.stderr, run.stderr
