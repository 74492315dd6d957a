"""``finsam draft`` answers ranking questions with the ranking and its table."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant import stats
from assistant.cli import app
from assistant.register import load_register
from assistant.settings import Settings
from assistant.stats.engine import year_span
from assistant.stats.ranking import rank

runner = CliRunner()


@pytest.mark.slow
def test_draft_answers_ranking_questions_with_the_ranking_and_its_table(
    corpus_settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "skrivelse-rangordning.txt"
    path.write_text(
        "Skrivelse från Vänsterpartiet 2025-04-02\n\n"
        "Vi vill därför ställa följande frågor:\n"
        "- Vilken myndighet remitterade flest personer till förbundets insatser?\n"
        "- Vilka är de vanligaste orsakerna till att deltagare avslutar?\n",
        encoding="utf-8",
    )
    out, md = tmp_path / "utkast.docx", tmp_path / "utkast.md"
    result = runner.invoke(app, ["draft", str(path), "-o", str(out), "--markdown", str(md)])
    assert result.exit_code == 0, result.output
    markdown = md.read_text(encoding="utf-8")

    register = load_register()
    span = year_span(register, "started")
    assert span is not None
    latest = span[1]
    parts = rank(stats.count(register, event="started", year=latest, by="anmälande part"))
    reasons = rank(stats.count(register, event="ended", year=latest, by="avslutsorsak"))
    first, second = parts.groups[0], parts.groups[1]
    top, runner_up = reasons.groups[0], reasons.groups[1]
    sections = markdown.split("### ")
    answers = {s.split("\n", 1)[0]: s for s in sections if s[:2] in ("1.", "2.")}
    by_party = next(v for k, v in answers.items() if k.startswith("1."))
    by_reason = next(v for k, v in answers.items() if k.startswith("2."))
    # Each question answered as a ranking: the largest first, then the next, with counts.
    for text, a, b in ((by_party, first, second), (by_reason, top, runner_up)):
        assert f"{a.label} ({a.display}" in text, text
        assert f"{b.label} ({b.display}" in text, text
        assert text.index(f"{a.label} ({a.display}") < text.index(f"{b.label} ({b.display}")
        # The period is said, not silently assumed.
        assert f"Under {latest}" in text
    # And each ranking comes with its table.
    assert f"| {first.label} | {first.display} |" in markdown
    assert f"| {top.label} | {top.display} |" in markdown
