"""Explicit statute references in a query."""

from __future__ import annotations

import pytest

from assistant.retrieval.references import section_refs


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Vad säger 2 § om vilka insatserna ska avse?", ["2 §"]),
        ("Vad står i § 7?", ["7 §"]),
        ("Gäller 5 a § alla kommuner?", ["5 a §"]),
        ("Vad säger 19a §?", ["19 a §"]),
        ("Förklara paragraf 9", ["9 §"]),
        ("Vad betyder 9 paragrafen?", ["9 §"]),
        ("Jämför 3 § och § 28", ["3 §", "28 §"]),
        ("Vad säger 2 § och sedan 2 § igen?", ["2 §"]),
        ("Vad säger lagen (2003:1210) om förbund?", []),
        ("Hur många deltagare fanns 2024?", []),
    ],
)
def test_section_refs_are_found_in_order_of_mention(query: str, expected: list[str]) -> None:
    assert section_refs(query) == expected
