"""The Statistik tab's API audits per web session and writes the audit log (issue 10).

The real app is served on loopback and called with gradio_client: one client is
one session. No document index is needed for statistics.
"""

from __future__ import annotations

import csv
import json
import socket
from collections.abc import Iterator
from typing import Any

import pytest
from test_disclosure import DIFFERENCING_GROUPS, write_register

from assistant.settings import Settings


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Settings]]:
    from assistant.web.app import build_app, launch

    base = tmp_path_factory.mktemp("disclosure-api")
    settings = Settings(
        participants=write_register(base / "deltagare.csv", DIFFERENCING_GROUPS),
        index_dir=base / "no-index",
        corpus_dir=base / "corpus",
        auth_file=base / "users.json",
        audit_log=base / "audit.jsonl",
    )
    demo = build_app(settings)
    port = _free_port()
    launch(demo, settings, host="127.0.0.1", port=port, block=False, quiet=True)
    try:
        yield f"http://127.0.0.1:{port}/", settings
    finally:
        demo.close()


def _cell(csv_path: str, row: str) -> str:
    """A cell of the downloaded CSV: the count of ``row``."""
    with open(csv_path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    for cells in rows[2:]:
        if cells and cells[0] == row:
            return cells[1]
    raise KeyError(row)


def _ask(client: Any, filter_dimension: str, values: list[str]) -> str:
    *_, csv_path = client.predict(
        "Antal deltagare", "började", "2024", ["stadsdel"], filter_dimension, values,
        api_name="/statistik",
    )  # fmt: skip
    return str(csv_path)


def test_statistik_api_audits_each_client_session_and_logs_every_call(
    served: tuple[str, Settings],
) -> None:
    from gradio_client import Client

    url, settings = served
    first = Client(url, verbose=False)
    assert _cell(_ask(first, "kön", ["Kvinna"]), "Södermalm") == "30"
    assert _cell(_ask(first, "kön", ["Man"]), "Södermalm") == "25"
    # Shown 30 and 25 in this session: 57 would give annat/okänt = 2.
    assert _cell(_ask(first, "(inget urval)", []), "Södermalm") == "dold"
    # Another session has seen nothing yet (outside the threat model, but logged).
    second = Client(url, verbose=False)
    assert _cell(_ask(second, "(inget urval)", []), "Södermalm") == "57"
    assert settings.audit_log is not None
    records = [json.loads(line) for line in settings.audit_log.read_text("utf-8").splitlines()]
    assert [r["channel"] for r in records] == ["statistik"] * 4
    assert records[0]["request"]["filters"] == {"kön": ["Kvinna"]}
    assert all("Antal deltagare" in r["statistics"][0] for r in records)
