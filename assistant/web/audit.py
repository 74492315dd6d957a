"""An optional audit log of questions, one JSON object per line.

Each line holds the time, the user, the question, the sources cited and the
backend; never participant rows, figures or the answer text. Enable it with
``FINSAM_AUDIT_LOG=/var/log/finsam/audit.jsonl``.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from pathlib import Path
from typing import Any

from assistant.register.personnummer import mask_identity_numbers

_lock = threading.Lock()


def audit_record(user: str | None, question: str, answer: Any) -> dict[str, Any]:
    """The audit line for one answered question (``answer`` is an ``Answer``)."""
    sources = [
        {"n": c.n, "doc_id": c.chunk.doc_id, "label": c.label, "chunk_id": c.chunk.chunk_id}
        for c in getattr(answer, "citations", [])
    ]
    statistics = [s.title for s in getattr(answer, "statistics", [])]
    return {
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "user": user or "",
        "question": mask_identity_numbers(question),
        "sources": sources,
        "statistics": statistics,
        "backend": getattr(answer, "backend", ""),
    }


def statistics_audit_record(
    user: str | None, channel: str, request: dict[str, Any], title: str | None
) -> dict[str, Any]:
    """The audit line for one statistics request (Statistik tab or its API).

    Holds what was asked (measure, event, year, split, filter) and the table's
    title; never a figure or a row.
    """
    # Filter values may be typed freely: mask any identity number in them.
    masked = json.loads(mask_identity_numbers(json.dumps(request, ensure_ascii=False)))
    return {
        "time": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "user": user or "",
        "channel": channel,
        "request": masked,
        "statistics": [title] if title else [],
    }


def write_audit(path: Path | None, record: dict[str, Any]) -> None:
    """Append ``record`` to the log at ``path``; nothing when ``path`` is None."""
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    line = json.dumps(record, ensure_ascii=False) + "\n"
    with _lock, path.open("a", encoding="utf-8") as fh:
        fh.write(line)
