"""Document metadata from ``corpus/documents.json`` (what citations show)."""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from assistant.errors import ConfigurationError
from assistant.models import DocumentMeta

METADATA_FILE = "documents.json"
FIELDS = ("doc_id", "title", "doc_type", "organisation", "date", "source", "area")


def slugify(name: str) -> str:
    """A stable document id from a file name: lower case ASCII, hyphens."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text or "dokument"


def read_metadata(corpus_dir: Path) -> dict[str, dict[str, Any]]:
    """Entries of ``documents.json`` keyed by file name (empty when absent)."""
    path = corpus_dir / METADATA_FILE
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise ConfigurationError(
            f"{path.name}: rad {exc.lineno}, kolumn {exc.colno}: ogiltig JSON ({exc.msg}). "
            "Rätta filen; dokumenten indexeras inte förrän den går att läsa."
        ) from exc
    return {k: v for k, v in data.items() if not k.startswith("_") and isinstance(v, dict)}


def write_metadata_entry(corpus_dir: Path, filename: str, entry: dict[str, Any]) -> None:
    """Add or update one file's entry in ``documents.json`` (atomic write)."""
    path = corpus_dir / METADATA_FILE
    data: dict[str, Any] = {}
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
    current = data.get(filename, {})
    current.update({k: v for k, v in entry.items() if v})
    data[filename] = current
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def remove_metadata_entry(corpus_dir: Path, filename: str) -> bool:
    """Drop one file's entry from ``documents.json``; False when it had none."""
    path = corpus_dir / METADATA_FILE
    if not path.exists():
        return False
    data = json.loads(path.read_text(encoding="utf-8"))
    if data.pop(filename, None) is None:
        return False
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)
    return True


def meta_for(
    path: Path, entries: dict[str, dict[str, Any]], title_hint: str | None
) -> DocumentMeta:
    """Metadata for one file: its entry in documents.json, else derived from the file."""
    entry = entries.get(path.name, {})
    mtime = dt.datetime.fromtimestamp(path.stat().st_mtime).date().isoformat()
    return DocumentMeta(
        doc_id=entry.get("doc_id") or slugify(path.stem),
        title=entry.get("title") or title_hint or path.stem,
        doc_type=entry.get("doc_type") or "dokument",
        organisation=entry.get("organisation", ""),
        date=entry.get("date") or mtime,
        source=entry.get("source") or path.name,
        filename=path.name,
        area=entry.get("area", ""),
    )
