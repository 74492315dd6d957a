"""The offline backend end to end on the real corpus index and demo register."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from assistant.answer.engine import answer, reset_engines
from assistant.answer.models import NO_SUPPORT
from assistant.answer.quoting import clean_quote
from assistant.cli import app
from assistant.settings import Settings

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _fresh_engines() -> None:
    reset_engines()


def test_statute_question_quotes_the_paragraph_it_names(corpus_settings: Settings) -> None:
    result = answer("Vad säger 2 § om vilka insatserna ska avse?", settings=corpus_settings)
    assert result.supported and result.backend == "offline"
    assert result.citations[0].chunk.section == "2 §"
    assert result.citations[0].label == "2 § lag (2003:1210)"
    assert "förvärvsarbete" in result.text
    assert "[1]" in result.text


def test_quotes_are_verbatim_passages_of_the_cited_chunk(corpus_settings: Settings) -> None:
    result = answer(
        "Vilka metoder ger resultat enligt effektutvärderingar?", settings=corpus_settings
    )
    assert result.citations
    for c in result.citations:
        # Quoted, never paraphrased: the chunk's words, footnote markers left out.
        assert c.quote and c.quote in clean_quote(c.chunk.text)
        assert f"[{c.n}]" in result.text


def test_list_question_quotes_the_whole_list(corpus_settings: Settings) -> None:
    result = answer("Vilka är NNS nio förslag?", settings=corpus_settings)
    assert result.citations[0].chunk.doc_id == "nns-varfor-bry-sig-om-finsam"
    for n in range(1, 10):
        assert f"{n}. " in result.text


def test_statistics_question_reports_figure_n_and_provenance(corpus_settings: Settings) -> None:
    result = answer("Hur många kvinnor började en insats 2024?", settings=corpus_settings)
    assert result.route in ("statistics", "both")
    assert re.search(r"\b197\b", result.text) and re.search(r"\b352\b", result.text)
    women, everyone = result.statistics  # [S1] the figure, [S2] what it is a share of
    assert women.n == 197 and women.filters == {"kön": ["Kvinna"]}
    assert everyone.n == 352 and everyone.provenance.synthetic
    assert any("Syntetiska" in w for w in result.warnings)
    assert "sha256" in result.text


def test_outcome_question_and_follow_up_for_men(corpus_settings: Settings) -> None:
    first = answer("Hur stor andel gick till arbete eller studier 2024?", settings=corpus_settings)
    assert re.search(r"\b61\b", first.text) and re.search(r"\b348\b", first.text)
    history = [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Hur stor andel gick till arbete eller studier 2024?"}
            ],
        },
        {"role": "assistant", "content": [{"type": "text", "text": first.text}]},
    ]
    follow = answer("Och för männen?", history, settings=corpus_settings)
    men = follow.statistics[0]
    assert men.filters == {"kön": ["Man"]}
    assert men.n == 151


def test_statistics_answer_shows_matching_published_passage(corpus_settings: Settings) -> None:
    result = answer(
        "Hur många deltagare gick vidare till arbete eller studier 2024?",
        settings=corpus_settings,
    )
    assert result.route == "both"
    quote = result.citations[0].quote
    assert "61" in quote and "348" in quote


@pytest.mark.parametrize(
    "question",
    ["Vad kostar en bil?", "Vem vann fotbolls-VM 2018?", "Hur blir vädret i Göteborg i morgon?"],
)
def test_out_of_scope_says_no_support_and_cites_nothing(
    question: str, corpus_settings: Settings
) -> None:
    result = answer(question, settings=corpus_settings)
    assert not result.supported
    assert result.text.startswith(NO_SUPPORT)
    assert result.citations == []


def test_request_for_participant_names_is_refused(corpus_settings: Settings) -> None:
    result = answer("Vilka deltagare bor i Bromma? Lista namnen", settings=corpus_settings)
    assert not result.supported and result.statistics == []
    assert "enskilda personer" in result.text


def test_empty_question_gets_guidance(corpus_settings: Settings) -> None:
    result = answer("   ", settings=corpus_settings)
    assert result.route == "empty" and "Skriv en fråga" in result.text


def test_very_long_question_is_bounded_with_a_warning(corpus_settings: Settings) -> None:
    question = "Vad säger lagen om samordningsförbundets uppgifter? " * 400  # ~20 000 chars
    result = answer(question, settings=corpus_settings)
    assert any("tecken lång" in w for w in result.warnings)


def test_english_question_is_answered_in_swedish_with_a_source(corpus_settings: Settings) -> None:
    result = answer(
        "Who must contribute half of the funding according to the law?", settings=corpus_settings
    )
    assert any("engelska" in w for w in result.warnings)
    assert result.citations and result.citations[0].chunk.doc_id == "lag-2003-1210"
    assert result.text.startswith("Svar ur underlaget")


def test_cli_ask_json_has_the_documented_keys(corpus_settings: Settings) -> None:
    run = CliRunner().invoke(app, ["ask", "Vad säger 7 §?", "--json"])
    assert run.exit_code == 0, run.output
    data = json.loads(run.output)
    assert {"answer", "citations", "statistics", "backend", "warnings"} <= set(data)
    assert {"n", "doc_id", "title", "page", "section", "text"} <= set(data["citations"][0])


def test_cli_ask_batch_prints_one_json_object_per_question(
    corpus_settings: Settings, tmp_path: object
) -> None:
    from pathlib import Path

    questions = Path(str(tmp_path)) / "fragor.txt"
    questions.write_text("Vad säger 2 §?\n\nHur många började en insats 2024?\n", encoding="utf-8")
    run = CliRunner().invoke(app, ["ask", "--batch", str(questions)])
    assert run.exit_code == 0, run.output
    lines = [json.loads(line) for line in run.output.strip().splitlines()]
    assert [x["question"] for x in lines] == ["Vad säger 2 §?", "Hur många började en insats 2024?"]
    assert lines[1]["statistics"][0]["n"] == 352


def test_invalid_register_never_shows_row_values_in_answers(
    corpus_settings: Settings, tmp_path: object
) -> None:
    from pathlib import Path

    from assistant.stats.tools import make_stats_tools

    bad = Path(str(tmp_path)) / "deltagare.csv"
    bad.write_text(
        "Deltagar-ID;Kön;Ålder;Utbildning;Tid utan arbete eller studier;Anmälande part;"
        "Insats;Stadsdel;Startdatum;Slutdatum;Avslutsorsak;Försörjning vid start\n"
        "D00001;Kvinna;34;Gymnasial;2–5 år;Försäkringskassan;Novum;Kalle Anka;"
        "2024-02-01;;;\n",
        encoding="utf-8",
    )
    settings = corpus_settings.model_copy(update={"participants": bad})
    result = answer("Hur många kvinnor började en insats 2024?", settings=settings)
    shown = result.text + "\n".join(result.warnings)
    assert "Kalle Anka" not in shown and "D00001" not in shown
    assert "finsam data check" in shown  # says where the details are
    # The statistics tools a language model calls say no more than that.
    from assistant.register import load_register

    tools = make_stats_tools(lambda: load_register(bad))
    count = next(t for t in tools if t.name == "count_participants")
    out = str(count.invoke({"event": "started", "year": 2024}))
    assert "Kalle Anka" not in out and "D00001" not in out


def test_question_with_a_personnummer_is_refused_and_masked_in_history(
    corpus_settings: Settings,
) -> None:
    from assistant.answer.history import normalize_history

    result = answer("Hur gick det för 19850101-1236 i FINSAM-team?", settings=corpus_settings)
    assert not result.supported and "personnummer" in result.text
    assert "19850101-1236" not in result.text
    turns = normalize_history([{"role": "user", "content": "Vad gäller för 850101-1236?"}])
    assert "850101-1236" not in turns[0].text
