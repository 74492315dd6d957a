"""Each tab's main endpoint through gradio_client against the running app."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from gradio_client import Client, handle_file

from assistant.settings import DEFAULT_EMBEDDING_MODEL

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def client(running_app: Any) -> Client:
    return Client(running_app.url, verbose=False)


def _value(output: Any) -> Any:
    """The value of an output, whether sent plain or as a gr.update()."""
    if isinstance(output, dict) and output.get("__type__") == "update":
        return output.get("value")
    return output


def _text(message: dict) -> str:
    content = message["content"]
    if isinstance(content, list):
        return "\n".join(str(b.get("text", "")) for b in content if isinstance(b, dict))
    return str(content)


def test_fraga_answers_with_numbered_sources_and_writes_audit_line(
    client: Client, running_app: Any
) -> None:
    question = "Vilka får delta i finansiell samordning enligt lagen?"
    history, box, _caption, _chart = client.predict(question, [], api_name="/fraga")
    assert box == ""
    assert history[0]["role"] == "user"
    answer = _text(history[1])
    assert "[1]" in answer
    sources = [m for m in history if (m.get("metadata") or {}).get("title")]
    assert sources and sources[0]["metadata"]["title"].startswith("Källa [1]")
    assert "3 § lag (2003:1210)" in sources[0]["metadata"]["title"]
    audit = running_app.settings.audit_log
    assert audit is not None
    line = json.loads(audit.read_text(encoding="utf-8").splitlines()[-1])
    assert line["question"] == question
    assert line["sources"] and line["backend"] == "offline"
    assert set(line) == {"time", "user", "question", "sources", "statistics", "backend"}


def test_fraga_statistics_answer_shows_table_and_chart(client: Client) -> None:
    question = "Hur många deltagare startade en insats 2024 uppdelat på kön?"
    history, _box, caption, chart = client.predict(question, [], api_name="/fraga")
    answer = _text(history[1])
    assert "| Kvinna |" in answer and answer.count("Syntetiska demodata") == 1
    assert "Antal deltagare som startade en insats 2024, efter kön" in caption
    assert _value(chart)["plot"].startswith("data:image/png;base64,"), chart
    # The sha256 is in the expandable details, not in the answer text.
    details = [
        m for m in history if (m.get("metadata") or {}).get("title", "").startswith("Om siffrorna")
    ]
    assert details and "sha256" in _text(details[0]) and "sha256" not in answer


def test_statistik_endpoint_returns_table_chart_and_csv(client: Client) -> None:
    title, table, reason, chart, notes, csv_path = client.predict(
        "Antal deltagare",
        "började",
        "2024",
        ["kön", "insats"],
        "(inget urval)",
        [],
        api_name="/statistik",
    )
    assert "startade en insats 2024" in title
    assert "<table" in table and "färre än 5" in table and '<th class="num">Totalt</th>' in table
    assert "n = 352" in notes
    assert reason == ""
    assert _value(chart)["plot"].startswith("data:image/png;base64,")
    text = Path(csv_path).read_text(encoding="utf-8-sig")
    assert "Kvinna" in text and "sha256" in text


def test_statistik_outcome_rate_with_filter(client: Client) -> None:
    title, table, _reason, _chart, _notes, _csv = client.predict(
        "Andel till arbete eller studier (bland avslutade)",
        "avslutade",
        "2024",
        ["kön"],
        "insats",
        ["Aktivitetsplatsen"],
        api_name="/statistik",
    )
    assert "Aktivitetsplatsen" in title
    assert table.count("<th ") == 4 and "Andel</th></tr></thead>" in table


def test_dokument_lists_uploads_and_refuses_bad_files(client: Client, tmp_path: Path) -> None:
    _table, summary, _choices = client.predict(api_name="/dokument")
    assert "dokument" in summary
    good = tmp_path / "protokoll-styrelsen.md"
    good.write_text(
        "# Protokoll\n\nStyrelsen beslutade att förlänga insatsen Aktivitetsplatsen.\n",
        encoding="utf-8",
    )
    bad = tmp_path / "tom.txt"
    bad.write_text("", encoding="utf-8")
    result, table, _summary, _choices = client.predict(
        [handle_file(str(good)), handle_file(str(bad))], api_name="/dokument_lagg_till"
    )
    assert "protokoll-styrelsen.md" in result
    assert "tom" in result and "0 byte" in result
    ids = [row[-1] for row in _value(table)["data"]]
    doc_id = next(i for i in ids if "protokoll" in i)
    result, table, _summary, _choices = client.predict(doc_id, api_name="/dokument_ta_bort")
    assert "Borttagen" in result
    assert all("protokoll" not in row[-1] for row in _value(table)["data"])


def test_skrivelse_finds_questions_and_drafts_docx(client: Client, skrivelse_text: str) -> None:
    questions, notes = client.predict(skrivelse_text, api_name="/skrivelse_fragor")
    assert len(questions.splitlines()) == 2, notes
    view, docx, md, _notes = client.predict(skrivelse_text, questions, api_name="/skrivelse_utkast")
    assert "Vilka får delta i finansiell samordning enligt lagen?" in view
    assert docx.endswith(".docx") and Path(docx).stat().st_size > 0
    assert md.endswith(".md")


def test_om_names_backend_model_and_data(client: Client) -> None:
    text = client.predict(api_name="/om")
    assert "offline" in text
    assert DEFAULT_EMBEDDING_MODEL in text
    assert "deltagare-demo.xlsx" in text and "Syntetiska demodata" in text
