"""Ten chat answers of different kinds, read as the chat shows them.

The real engine answers over the real corpus index and the demo register; the
test reads the messages :func:`assistant.web.formatting.answer_messages` makes
and checks the presentation rules: short citation labels with the full
reference inside the source box, no footnote digit beside a citation number,
no heading glued into a quote, the synthetic-data notice once, the sha256 only
in the details, and no duplicate among the nearest passages after a refusal.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from assistant.answer.quoting import heading_lines
from assistant.settings import Settings
from assistant.stats import SYNTHETIC_NOTICE
from assistant.web.formatting import answer_markdown, answer_messages

pytestmark = pytest.mark.slow

#: (kind, question). Kinds: the classes of answer the chat gives.
QUESTIONS = [
    ("antal", "Hur många började en insats 2024?"),
    ("antal uppdelat", "Hur många deltagare startade en insats 2024 uppdelat på kön?"),
    (
        "andel",
        "Hur stor andel av deltagarna som avslutade en insats 2024 gick till arbete eller studier?",
    ),
    ("rangordning", "Vilken anmälande part remitterade flest deltagare 2024?"),
    ("jämförelse", "Gick männen eller kvinnorna oftare vidare till arbete eller studier?"),
    ("lag", "Vad ska insatserna inom den finansiella samordningen syfta till?"),
    ("lag", "Vad ska förbundsordningen innehålla?"),
    ("dokument", "Hur länge hade deltagarna varit utan arbete eller studier?"),
    ("avböjd", "Vad tycker NNS om budgeten?"),
    ("avböjd", "Hur mycket kostar en kopp kaffe i Kista?"),
]

SHA_RE = re.compile(r"\b[0-9a-f]{64}\b")
#: A footnote digit or bracket right after the sentence, before the closing quote mark.
FOOTNOTE_RE = re.compile(r"[a-zåäö][.!?](?:\d{1,2}|\[\d{1,2}\])”")


@pytest.fixture(scope="module")
def answers(corpus_index_dir: Any) -> dict[str, Any]:
    from assistant.answer.engine import answer, reset_engines

    settings = Settings(
        corpus_dir=corpus_index_dir / "corpus", index_dir=corpus_index_dir / "index"
    )
    reset_engines()
    out = {q: answer(q, settings=settings) for _, q in QUESTIONS}
    reset_engines()
    return out


def _text(message: dict[str, Any]) -> str:
    return str(message["content"])


@pytest.mark.parametrize(
    ("kind", "question"), QUESTIONS, ids=[f"{k}-{i}" for i, (k, _) in enumerate(QUESTIONS)]
)
def test_chat_answer_follows_the_wording_rules(
    answers: dict[str, Any], kind: str, question: str
) -> None:
    result = answers[question]
    messages = answer_messages(result)
    main = _text(messages[0])
    details = messages[1:]

    # The notice once per answer, the sha256 only in the expandable details.
    if result.statistics:
        assert main.count(SYNTHETIC_NOTICE) == 1, main
        assert not SHA_RE.search(main), main
        sha = result.statistics[0].provenance.sha256
        boxes = [m for m in details if m["metadata"]["title"].startswith("Om siffrorna")]
        assert len(boxes) == len(result.statistics)
        assert sha in _text(boxes[0])
    assert main.count(SYNTHETIC_NOTICE) <= 1

    # Citations: a short label in the line, the full reference in the box.
    for citation in result.citations:
        box = next(m for m in details if m["metadata"]["title"].startswith(f"Källa [{citation.n}]"))
        title = box["metadata"]["title"]
        assert len(title) <= 110, title
        assert citation.chunk.title not in title or len(citation.chunk.title) < 40
        assert citation.chunk.title in _text(box)
        if citation.chunk.section:
            assert citation.chunk.section.strip() in _text(box)
        # No heading glued to the first words of the quote.
        for heading in heading_lines(citation.chunk.text):
            assert not citation.quote.startswith(heading + " "), (heading, citation.quote)
    assert not FOOTNOTE_RE.search(main), main

    # After a refusal: the nearest passages, each once.
    if not result.supported:
        assert kind == "avböjd"
        nearest = [
            m["metadata"]["title"] for m in details if m["metadata"]["title"].startswith("Närmaste")
        ]
        assert nearest and len(nearest) == len(set(nearest))
        bullets = [line for line in main.splitlines() if line.startswith("- ")]
        assert len(bullets) == len(set(bullets))
    else:
        assert kind != "avböjd"


def test_quote_cleaning_drops_glued_heading_and_footnote_digit() -> None:
    from assistant.answer.models import Answer, Citation
    from assistant.models import Chunk

    chunk = Chunk(
        doc_id="d",
        title="Årsredovisning 2024 för Samordningsförbundet Stockholms stad – med bilagor",
        text="Budget\nFörbundets budget för 2024 var 30 miljoner kronor.2\nFler rader följer.",
        page=4,
        section="Ekonomi",
    )
    citation = Citation(1, chunk, "Budget Förbundets budget för 2024 var 30 miljoner kronor.2")
    assert citation.quote == "Förbundets budget för 2024 var 30 miljoner kronor."
    assert citation.label == "Årsredovisning 2024 för …, s. 4, ”Ekonomi”"
    assert citation.reference.startswith(chunk.title)
    text = answer_markdown(
        Answer(text=f"- {citation.label}: ”{citation.quote}” [1]", citations=[citation])
    )
    assert "kronor.” [1]" in text
