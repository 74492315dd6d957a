"""Is the index present and up to date with the corpus folder and settings?"""

from __future__ import annotations

from dataclasses import dataclass

from assistant.indexing.manifest import CHUNKER_VERSION, read_current
from assistant.indexing.pipeline import corpus_files
from assistant.models import file_sha256
from assistant.settings import Settings, get_settings


@dataclass(frozen=True)
class IndexStatus:
    up_to_date: bool
    message: str


def index_status(settings: Settings | None = None) -> IndexStatus:
    """Compare the current manifest with the corpus files (hashes) and settings."""
    s = settings or get_settings()
    manifest = read_current(s.index_dir)
    if manifest is None:
        return IndexStatus(False, f"Inget index i {s.index_dir}. Kör 'finsam ingest'.")
    if manifest.embedding_model != s.embedding_model:
        return IndexStatus(
            False, "Indexet är byggt med en annan inbäddningsmodell. Kör 'finsam ingest'."
        )
    if manifest.chunk_size != s.chunk_size or manifest.chunker_version != CHUNKER_VERSION:
        return IndexStatus(
            False, "Indexet är byggt med andra inställningar för avsnitt. Kör 'finsam ingest'."
        )
    indexed = {d.filename: d.sha256 for d in manifest.documents.values()}
    files = corpus_files(s.corpus_dir)
    changed = [p.name for p in files if indexed.get(p.name) != file_sha256(p)]
    gone = sorted(set(indexed) - {p.name for p in files})
    if changed or gone:
        parts = []
        if changed:
            parts.append("nya eller ändrade: " + ", ".join(changed))
        if gone:
            parts.append("borttagna: " + ", ".join(gone))
        return IndexStatus(
            False, "Indexet är inaktuellt (" + "; ".join(parts) + "). Kör 'finsam ingest'."
        )
    return IndexStatus(
        True,
        f"Indexet är aktuellt: {len(manifest.documents)} dokument, {manifest.chunk_count} "
        f"avsnitt, modell {manifest.embedding_model}, byggt {manifest.built_at}.",
    )
