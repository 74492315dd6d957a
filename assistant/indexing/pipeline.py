"""Ingest documents into the index: idempotent, incremental and crash-safe.

* An unchanged document (same file hash, model and chunker) is skipped: its
  chunks and vectors are carried over without re-embedding.
* A changed document replaces its old chunks.
* A document whose file left the corpus folder is dropped (full sync only), and
  ``remove`` drops documents by id.
* A change of embedding model or chunking re-embeds everything, with a message.
* A document that fails keeps its previous version in the index, if it had one.
* No document is lost or replaced without the user saying so: an outside file
  whose name (ignoring case) is taken in the corpus folder or in the same batch
  is refused, unless ``replace`` is given; a replaced file is kept in
  ``.borttagna/``. Every file of a batch gets a line in the report.
* :func:`name_problem` is the one rule for which file names are documents:
  ``ingest``, ``status`` and the next sync all follow it.

Example:
    >>> report = ingest()  # doctest: +SKIP
    >>> print(report.summary())  # doctest: +SKIP
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import DocumentError, FinsamError
from assistant.indexing.manifest import (
    CHUNKER_VERSION,
    DocumentRecord,
    IndexManifest,
    generation_dir,
    read_chunks,
    read_current,
)
from assistant.indexing.writer import collect_garbage, index_lock, write_generation
from assistant.ingest.blocks import BlockKind
from assistant.ingest.chunking import chunk_blocks, chunk_statute, looks_like_statute
from assistant.ingest.loaders import SUPPORTED_SUFFIXES, check_file, load_document
from assistant.ingest.metadata import (
    METADATA_FILE,
    meta_for,
    read_metadata,
    remove_metadata_entry,
    slugify,
)
from assistant.models import Chunk, file_sha256
from assistant.retrieval.embedder import Embedder, embedder_for, self_test
from assistant.retrieval.sentences import SentenceVectors, all_sentences, sentence_key
from assistant.retrieval.vector_store import VectorStore, make_client
from assistant.settings import Settings, get_settings

#: progress(stage, done, total, detail) — stage is "läser" or "bäddar in".
ProgressFn = Callable[[str, int, int, str], None]
EMBED_BATCH = 64


@dataclass
class IngestReport:
    """What one ingest run did; ``summary()`` is the Swedish text the CLI prints."""

    documents: int = 0
    pages: int = 0
    chunks: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    ignored: list[tuple[str, str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    embedded: int = 0
    generation: str | None = None
    changed: bool = False

    def summary(self) -> str:
        lines = [
            f"Dokument i indexet: {self.documents}  sidor: {self.pages}  avsnitt: {self.chunks}",
            f"Nya: {len(self.added)}  uppdaterade: {len(self.updated)}  "
            f"oförändrade (hoppades över): {len(self.skipped)}  borttagna: {len(self.removed)}  "
            f"misslyckade: {len(self.failed)}",
        ]
        lines.extend(self.notices)
        for name, message in self.failed:
            lines.append(f"FEL {name}: {message}")
        for name, message in self.ignored:
            lines.append(f"HOPPADES ÖVER {name}: {message}")
        if not self.changed:
            lines.append("Indexet var redan aktuellt; inget skrevs om.")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "pages": self.pages,
            "chunks": self.chunks,
            "added": self.added,
            "updated": self.updated,
            "skipped": self.skipped,
            "removed": self.removed,
            "failed": [{"file": f, "message": m} for f, m in self.failed],
            "ignored": [{"file": f, "message": m} for f, m in self.ignored],
            "notices": self.notices,
            "embedded": self.embedded,
            "generation": self.generation,
        }


#: A file with this name (any case) describes the corpus folder; it is no document.
RESERVED_NAME = "readme.md"


def name_problem(name: str) -> str | None:
    """Why a file of this name is not a document of the corpus folder (Swedish), or None.

    The one rule for ``ingest``, ``status`` and the sync: what one accepts, the
    others keep.
    """
    if name.startswith((".", "~$")):
        return (
            "filer vars namn börjar med punkt (dolda filer) eller ~$ (Words låsfiler) "
            "indexeras inte. Byt namn på filen och lägg till den igen."
        )
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        return (
            f"filtypen '{suffix or '(ingen)'}' stöds inte. Spara dokumentet som en av "
            f"{', '.join(SUPPORTED_SUFFIXES)} och lägg till det igen."
        )
    if name.lower() == RESERVED_NAME:
        return (
            "namnet README.md är reserverat för dokumentmappens beskrivning och indexeras "
            "inte. Byt namn på filen (t.ex. till om-dokumenten.md) och lägg till den igen."
        )
    return None


def corpus_files(corpus_dir: Path) -> list[Path]:
    """Documents directly in the corpus folder (sub-folders such as deltagare/ are not)."""
    if not corpus_dir.exists():
        return []
    return sorted(p for p in corpus_dir.iterdir() if p.is_file() and name_problem(p.name) is None)


def chunk_document(
    path: Path, settings: Settings, entries: dict[str, Any]
) -> tuple[list[Chunk], int | None, Any]:
    """Load, clean and chunk one file. Returns chunks, page count and metadata."""
    doc = load_document(path, settings.max_file_mb)
    title_hint = next((b.text for b in doc.blocks if b.kind == BlockKind.TITLE), None)
    meta = meta_for(path, entries, title_hint)
    if meta.doc_type == "författning" or looks_like_statute(doc.raw_text):
        chunks = chunk_statute(doc.raw_text, meta)
    else:
        chunks = chunk_blocks(doc.blocks, meta, settings.chunk_size)
    if not chunks:
        raise DocumentError(path, "dokumentet gav ingen text att indexera.")
    return chunks, doc.page_count, meta


def _resolve_inputs(
    paths: Iterable[Path],
    corpus_dir: Path,
    report: IngestReport,
    max_mb: int,
    replace: bool,
) -> tuple[list[Path], dict[Path, str]]:
    """Expand folders, check files and refuse names that would collide.

    Returns the files to ingest and, for outside files that replace a corpus
    file (only with ``replace``), the name of the corpus file they replace.
    Outside files are copied only once they load.
    """
    in_corpus = (
        {p.name.lower(): p.name for p in corpus_dir.iterdir() if p.is_file()}
        if (corpus_dir.exists())
        else {}
    )
    batch: dict[str, Path] = {}
    out: list[Path] = []
    replaces: dict[Path, str] = {}

    def refuse(path: Path, message: str) -> None:
        report.failed.append((path.name, message))

    def expand(raw: Iterable[Path], from_folder: bool) -> None:
        for item in raw:
            path = Path(item).expanduser()
            if path.is_dir():
                expand(sorted(p for p in path.iterdir() if p.is_file()), True)
                continue
            problem = name_problem(path.name)
            if path.name == METADATA_FILE:
                problem = "dokumentens metadata (titel, typ, datum), inget dokument att indexera."
            if problem is not None and from_folder:
                report.ignored.append((path.name, problem))
                continue
            try:
                check_file(path, max_mb)
            except DocumentError as err:
                refuse(path, _message(err))
                continue
            if problem is not None:
                refuse(path, problem)
                continue
            key = path.name.lower()
            other = batch.get(key)
            if other is not None and other.resolve() != path.resolve():
                refuse(path, _batch_clash(path.name, other.name))
                continue
            if other is not None:
                continue  # the same file named twice
            outside = path.resolve().parent != corpus_dir.resolve()
            existing = in_corpus.get(key)
            if outside and existing is not None:
                same = existing == path.name and file_sha256(corpus_dir / existing) == (
                    file_sha256(path)
                )
                if not same:
                    if not replace:
                        refuse(path, _corpus_clash(path.name, existing))
                        continue
                    replaces[path] = existing
            batch[key] = path
            out.append(path)

    expand(paths, False)
    return out, replaces


def _batch_clash(name: str, other: str) -> str:
    if name == other:
        return (
            "två filer i samma omgång heter så; bara den första läggs till. Byt namn på den "
            "ena och lägg till den igen."
        )
    return (
        f"en annan fil i samma omgång heter {other}; namn som bara skiljer sig i stora och "
        "små bokstäver går inte att hålla isär i dokumentmappen. Byt namn på filen och lägg "
        "till den igen."
    )


def _corpus_clash(name: str, existing: str) -> str:
    if name == existing:
        return (
            "det finns redan ett annat dokument med det namnet i dokumentmappen. Lägg till "
            "med --replace för att ersätta det (den gamla filen sparas i .borttagna/; i "
            "webbappen: ta först bort det gamla dokumentet), eller byt namn på filen."
        )
    return (
        f"dokumentmappen har redan filen {existing}; namn som bara skiljer sig i stora och "
        "små bokstäver går inte att hålla isär. Byt namn på filen, eller ersätt den gamla "
        "med --replace (den sparas då i .borttagna/)."
    )


def _copy_into_corpus(
    path: Path, corpus_dir: Path, report: IngestReport, replaces: str | None = None
) -> None:
    """Copy an accepted outside file into the corpus folder (atomic replace).

    Called only after the file has loaded, so a broken file never replaces a
    good one of the same name nor stays behind to fail every later sync. A file
    it replaces (``replaces``, allowed by the user) is kept in ``.borttagna/``.
    """
    if path.resolve().parent == corpus_dir.resolve():
        return
    target = corpus_dir / path.name
    corpus_dir.mkdir(parents=True, exist_ok=True)
    if replaces is not None and (corpus_dir / replaces).is_file():
        kept = _set_aside(corpus_dir, replaces, keep_both=True)
        remove_metadata_entry(corpus_dir, replaces)
        if kept is not None:
            report.notices.append(
                f"{path.name}: ersatte {replaces}; den tidigare filen sparades som "
                f"{REMOVED_DIR}/{kept.name} i dokumentmappen. Uppgifterna om den i "
                "documents.json (titel m.m.) gällde den gamla filen och togs bort."
            )
    tmp = target.with_name(f".{target.name}.tmp")
    shutil.copyfile(path, tmp)
    tmp.replace(target)


def _message(err: FinsamError) -> str:
    prefix = f"{err.path.name}: " if isinstance(err, DocumentError) else ""
    msg = err.message
    return msg[len(prefix) :] if prefix and msg.startswith(prefix) else msg


def ingest(
    paths: Iterable[Path] | None = None,
    *,
    settings: Settings | None = None,
    rebuild: bool = False,
    remove: Iterable[str] = (),
    progress: ProgressFn | None = None,
    embedder: Embedder | None = None,
    replace: bool = False,
) -> IngestReport:
    """Bring the index up to date with the corpus folder (and ``paths``, if given).

    Args:
        paths: Files or folders to add; outside files are copied into the corpus
            folder. ``None`` syncs the whole corpus folder (and drops documents
            whose file is gone).
        settings: Settings to use (default: the process settings).
        rebuild: Re-read and re-embed every document.
        remove: Document ids to drop from the index.
        progress: Callback for progress bars.
        embedder: Embedder to use (default: the configured model, loaded lazily).
        replace: Let an outside file replace the corpus file of the same name
            (the old one is kept in ``.borttagna/``); without it such a file is refused.
    """
    s = settings or get_settings()
    report = IngestReport()
    corpus_dir, index_dir = s.corpus_dir, s.index_dir
    full_sync = paths is None
    with index_lock(index_dir):
        current = read_current(index_dir)
        client = make_client(index_dir, s.chroma_url)
        collect_garbage(index_dir, client, keep={current.generation} if current else set())
        reuse_vectors = current is not None and not rebuild
        if current and current.embedding_model != s.embedding_model:
            report.notices.append(
                f"Inbäddningsmodellen har ändrats från '{current.embedding_model}' till "
                f"'{s.embedding_model}': alla dokument bäddas in på nytt."
            )
            reuse_vectors = False
        rechunk = (
            rebuild
            or current is None
            or current.chunk_size != s.chunk_size
            or current.chunker_version != CHUNKER_VERSION
        )
        if current and not rebuild and rechunk:
            report.notices.append(
                "Inställningarna för uppdelning i avsnitt har ändrats: alla dokument delas upp "
                "på nytt."
            )
        old_chunks: dict[str, list[Chunk]] = {}
        if current:
            for chunk in read_chunks(generation_dir(index_dir, current.generation)):
                old_chunks.setdefault(chunk.doc_id, []).append(chunk)
        old_docs = dict(current.documents) if current else {}
        by_file = {rec.filename: rec for rec in old_docs.values()}

        entries = read_metadata(corpus_dir)
        files = corpus_files(corpus_dir) if full_sync else []
        replaces: dict[Path, str] = {}
        if paths is not None:
            files, replaces = _resolve_inputs(paths, corpus_dir, report, s.max_file_mb, replace)

        new_docs: dict[str, DocumentRecord] = {}
        new_chunks: dict[str, list[Chunk]] = {}
        if not full_sync:  # keep everything not named in this run
            for rec in old_docs.values():
                new_docs[rec.doc_id] = rec
                new_chunks[rec.doc_id] = old_chunks.get(rec.doc_id, [])
        seen_files: set[str] = set()
        for n, path in enumerate(files, start=1):
            if progress:
                progress("läser", n - 1, len(files), path.name)
            seen_files.add(path.name)
            try:
                check_file(path, s.max_file_mb)
                sha = file_sha256(path)
            except DocumentError as err:
                report.failed.append((path.name, _message(err)))
                _keep_old(by_file.get(path.name), old_chunks, new_docs, new_chunks)
                continue
            replaced = replaces.get(path)
            old = by_file.get(path.name) or (by_file.get(replaced) if replaced else None)
            if replaced is not None:
                # The old file's documents.json entry (title, id) does not describe this one.
                file_entries = {k: v for k, v in entries.items() if k not in (path.name, replaced)}
            else:
                file_entries = entries
            if old and old.sha256 == sha and not rechunk and old.doc_id in old_chunks:
                new_docs[old.doc_id] = old
                new_chunks[old.doc_id] = old_chunks[old.doc_id]
                report.skipped.append(path.name)
                _copy_into_corpus(path, corpus_dir, report)
                continue
            try:
                chunks, pages, meta = chunk_document(path, s, file_entries)
            except DocumentError as err:
                report.failed.append((path.name, _message(err)))
                _keep_old(old, old_chunks, new_docs, new_chunks)
                continue
            except Exception as exc:  # a loader bug must not abort the batch
                report.failed.append(
                    (
                        path.name,
                        f"filen kunde inte läsas ({type(exc).__name__}). Öppna den i sitt "
                        "program, spara om den och försök igen.",
                    )
                )
                _keep_old(old, old_chunks, new_docs, new_chunks)
                continue
            doc_id = _unique_doc_id(meta.doc_id, path, new_docs, old)
            if doc_id != meta.doc_id:
                chunks = [_with_doc_id(c, doc_id) for c in chunks]
            if old and old.doc_id != doc_id:
                new_docs.pop(old.doc_id, None)
                new_chunks.pop(old.doc_id, None)
            new_docs[doc_id] = DocumentRecord(
                doc_id=doc_id,
                filename=path.name,
                sha256=sha,
                title=meta.title,
                doc_type=meta.doc_type,
                organisation=meta.organisation,
                date=meta.date,
                source=meta.source,
                pages=pages,
                chunks=len(chunks),
                chunk_ids=[c.chunk_id for c in chunks],
                indexed_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                area=meta.area,
            )
            new_chunks[doc_id] = chunks
            (report.updated if old else report.added).append(path.name)
            _copy_into_corpus(path, corpus_dir, report, replaced)
        if progress and files:
            progress("läser", len(files), len(files), "")

        if full_sync:
            for rec in old_docs.values():
                if rec.filename not in seen_files and rec.doc_id not in new_docs:
                    report.removed.append(rec.doc_id)
        for doc_id in remove:
            if doc_id in new_docs:
                rec = new_docs.pop(doc_id)
                new_chunks.pop(doc_id, None)
                report.removed.append(doc_id)
                moved = _set_aside(corpus_dir, rec.filename)
                if moved is not None:
                    report.notices.append(
                        f"{rec.filename} flyttades till {moved.parent.name}/ i dokumentmappen "
                        "så att det inte läggs till igen; flytta tillbaka filen för att återställa."
                    )
            else:
                report.failed.append(
                    (doc_id, "inget dokument med det id:t finns i indexet (se 'finsam docs').")
                )

        all_chunks = [c for doc_id in sorted(new_chunks) for c in new_chunks[doc_id]]
        report.documents = len(new_docs)
        report.pages = sum(d.pages or 0 for d in new_docs.values())
        report.chunks = len(all_chunks)
        unchanged = (
            current is not None
            and reuse_vectors
            and not rechunk
            and not report.added
            and not report.updated
            and not report.removed
        )
        if unchanged or (current is None and not all_chunks):
            report.generation = current.generation if current else None
            if current is not None:
                _export_query_model(s, embedder, report)
            return report

        model = embedder or embedder_for(s)
        # Fails with a Swedish message naming the fallback before any work is done.
        report.notices.append(self_test(model).message)
        vectors = _vectors_for(
            all_chunks, model, client, current if reuse_vectors else None, progress, report
        )
        sentence_vectors = _sentence_vectors_for(
            all_chunks, model, current if reuse_vectors else None, index_dir
        )
        manifest = write_generation(
            index_dir,
            client,
            all_chunks,
            vectors,
            new_docs,
            s.embedding_model,
            s.chunk_size,
            sentence_vectors=sentence_vectors,
        )
        report.generation = manifest.generation
        report.changed = True
        # The previous generation stays until the next run, so a searcher opened
        # on it elsewhere (a running web app) keeps working until it reloads.
        keep = {manifest.generation} | ({current.generation} if current else set())
        collect_garbage(index_dir, client, keep=keep)
        _export_query_model(s, model, report)
        return report


def _export_query_model(s: Settings, model: Embedder | None, report: IngestReport) -> None:
    """Export the model to ONNX for torch-free queries, once; never fails ingest."""
    try:
        from assistant.retrieval.onnx_embedder import ensure_query_model

        notice = ensure_query_model(s, model)
    except Exception as exc:
        notice = f"Snabbmodellen för frågor (ONNX) kunde inte skapas ({type(exc).__name__})."
    if notice:
        report.notices.append(notice)


REMOVED_DIR = ".borttagna"


def _set_aside(corpus_dir: Path, filename: str, keep_both: bool = False) -> Path | None:
    """Move a removed document's file out of the corpus folder (never delete it).

    With ``keep_both`` an earlier copy in ``.borttagna/`` is kept too: the file
    gets a time stamp in its name.
    """
    source = corpus_dir / filename
    if not source.is_file():
        return None
    target_dir = corpus_dir / REMOVED_DIR
    target_dir.mkdir(exist_ok=True)
    target = target_dir / filename
    if keep_both and target.exists():
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target = target_dir / f"{source.stem}-{stamp}{source.suffix}"
    source.replace(target)
    return target


def _unique_doc_id(
    doc_id: str, path: Path, new_docs: dict[str, DocumentRecord], old: DocumentRecord | None
) -> str:
    """``doc_id``, or a variant no other file in this index uses yet."""

    def taken(candidate: str) -> bool:
        rec = new_docs.get(candidate)
        return rec is not None and rec.filename != path.name and (old is None or rec is not old)

    if not taken(doc_id):
        return doc_id
    candidate = f"{doc_id}-{slugify(path.suffix)}"
    n = 2
    while taken(candidate):
        candidate = f"{doc_id}-{slugify(path.suffix)}-{n}"
        n += 1
    return candidate


def _keep_old(
    old: DocumentRecord | None,
    old_chunks: dict[str, list[Chunk]],
    new_docs: dict[str, DocumentRecord],
    new_chunks: dict[str, list[Chunk]],
) -> None:
    """A failed document keeps its previously indexed version."""
    if old and old.doc_id in old_chunks:
        new_docs[old.doc_id] = old
        new_chunks[old.doc_id] = old_chunks[old.doc_id]


def _with_doc_id(chunk: Chunk, doc_id: str) -> Chunk:
    return Chunk(
        doc_id=doc_id,
        title=chunk.title,
        text=chunk.text,
        page=chunk.page,
        section=chunk.section,
        ordinal=chunk.ordinal,
        doc_type=chunk.doc_type,
    )


def _sentence_vectors_for(
    chunks: list[Chunk], model: Embedder, current: IndexManifest | None, index_dir: Path
) -> SentenceVectors:
    """Vectors of every sentence (for choosing quotes by meaning); unchanged ones reused."""
    previous = (
        SentenceVectors.load(generation_dir(index_dir, current.generation)) if current else None
    )
    texts = all_sentences(chunks)
    keys = [sentence_key(t) for t in texts]
    known = {t: v for t in texts if previous is not None and (v := previous.get(t)) is not None}
    todo = [t for t in texts if t not in known]
    fresh = model.embed_documents(todo) if todo else np.zeros((0, 0), dtype=np.float32)
    dim = fresh.shape[1] if len(todo) else next(iter(known.values())).shape[0] if known else 0
    out = np.zeros((len(texts), dim), dtype=np.float32)
    rows = dict(zip(todo, fresh, strict=True))
    for i, t in enumerate(texts):
        out[i] = known[t] if t in known else rows[t]
    return SentenceVectors(keys, out)


def _vectors_for(
    chunks: list[Chunk],
    model: Embedder,
    client: Any,
    current: IndexManifest | None,
    progress: ProgressFn | None,
    report: IngestReport,
) -> np.ndarray:
    """Vectors for all chunks: carried over from the current index where possible."""
    reused: dict[str, np.ndarray] = {}
    if current is not None:
        try:
            reused = VectorStore(client, current.collection).get_vectors(
                [c.chunk_id for c in chunks]
            )
        except FinsamError:
            reused = {}
    todo = [i for i, c in enumerate(chunks) if c.chunk_id not in reused]
    dim = next(iter(reused.values())).shape[0] if reused else None
    fresh: dict[int, np.ndarray] = {}
    for start in range(0, len(todo), EMBED_BATCH):
        batch = todo[start : start + EMBED_BATCH]
        if progress:
            progress("bäddar in", start, len(todo), f"{len(todo)} avsnitt")
        vecs = model.embed_documents([chunks[i].text for i in batch])
        for i, v in zip(batch, vecs, strict=True):
            fresh[i] = v
        dim = vecs.shape[1]
    if progress and todo:
        progress("bäddar in", len(todo), len(todo), "")
    report.embedded = len(todo)
    out = np.zeros((len(chunks), dim or 0), dtype=np.float32)
    for i, c in enumerate(chunks):
        out[i] = fresh[i] if i in fresh else reused[c.chunk_id]
    return out
