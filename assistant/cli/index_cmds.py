"""Commands for the document index: ingest, search, docs, status."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli import app
from assistant.errors import FinsamError


def fail(message: str, code: int = 1) -> None:
    """Print a Swedish error message to stderr and exit."""
    typer.secho(f"Fel: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


@app.command()
def ingest(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Filer eller mappar att lägga till (kopieras till dokumentmappen). "
            "Utan argument synkas hela dokumentmappen.",
            show_default=False,
        ),
    ] = None,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Läs och bädda in alla dokument på nytt.")
    ] = False,
    remove: Annotated[
        list[str] | None,
        typer.Option("--remove", help="Ta bort dokumentet med detta id ur indexet."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Skriv sammanfattningen som JSON.")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Ingen förloppsindikator.")] = False,
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Ersätt ett dokument i dokumentmappen som har samma namn (det gamla sparas "
            "i .borttagna/). Utan flaggan avvisas en sådan fil.",
        ),
    ] = False,
) -> None:
    """Indexera dokument (PDF, DOCX, TXT, MD). Oförändrade dokument hoppas över."""
    from rich.markup import escape
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from assistant.indexing.pipeline import ingest as run_ingest

    show = not quiet and not as_json and sys.stderr.isatty()
    try:
        if show:
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[detail]}"),
                transient=True,
            ) as bar:
                tasks: dict[str, int] = {}

                def progress(stage: str, done: int, total: int, detail: str) -> None:
                    if stage not in tasks:
                        tasks[stage] = int(bar.add_task(stage.capitalize(), total=total, detail=""))
                    # A file name is shown as written, never read as Rich markup.
                    bar.update(tasks[stage], completed=done, total=total, detail=escape(detail))  # type: ignore[arg-type]

                report = run_ingest(
                    paths,
                    rebuild=rebuild,
                    remove=remove or (),
                    progress=progress,
                    replace=replace,
                )
        else:
            report = run_ingest(paths, rebuild=rebuild, remove=remove or (), replace=replace)
    except FinsamError as err:
        fail(err.message)
        return
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif not quiet or report.failed or report.ignored or report.changed:
        typer.echo(report.summary())
    if report.failed:
        raise typer.Exit(2)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="Frågan eller sökorden, gärna på svenska.")],
    k: Annotated[
        int | None, typer.Option("-k", "--k", min=1, max=100, help="Antal träffar.")
    ] = None,
    mode: Annotated[
        str, typer.Option("--mode", help="hybrid (standard), bm25 eller dense.")
    ] = "hybrid",
    doc_type: Annotated[
        list[str] | None,
        typer.Option("--type", help="Bara denna dokumenttyp, t.ex. författning."),
    ] = None,
    doc: Annotated[list[str] | None, typer.Option("--doc", help="Bara detta dokument-id.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv träffarna som JSON.")] = False,
) -> None:
    """Sök i de indexerade dokumenten och visa rangordnade avsnitt med källa."""
    from assistant.retrieval.searcher import MODES, Searcher

    if mode not in MODES:
        fail(f"okänt sökläge '{mode}'. Välj ett av: {', '.join(MODES)}.")
    try:
        searcher = Searcher.open()
        hits = searcher.search(query, k, mode=mode, doc_types=doc_type, doc_ids=doc)  # type: ignore[arg-type]
    except FinsamError as err:
        fail(err.message)
        return
    if as_json:
        fields = ("doc_id", "title", "page", "section", "score", "text")
        out = [{f: h.to_dict()[f] for f in fields} for h in hits]
        typer.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    if not hits:
        typer.echo("Inga träffar. Pröva andra ord eller kontrollera att dokumenten är indexerade.")
        return
    for n, hit in enumerate(hits, start=1):
        c = hit.chunk
        typer.secho(f"[{n}] {c.citation_label}  (poäng {hit.score:.4f})", bold=True)
        typer.echo(c.text)
        typer.echo("")


@app.command()
def docs(
    as_json: Annotated[bool, typer.Option("--json", help="Skriv listan som JSON.")] = False,
) -> None:
    """Lista de indexerade dokumenten med typ, datum, sidor och avsnitt."""
    from assistant.indexing.manifest import read_current
    from assistant.settings import get_settings

    manifest = read_current(get_settings().index_dir)
    if manifest is None:
        fail("det finns inget index ännu. Kör 'finsam ingest'.")
        return
    rows = sorted(manifest.documents.values(), key=lambda d: d.doc_id)
    if as_json:
        typer.echo(
            json.dumps(
                [{k: v for k, v in vars(d).items() if k != "chunk_ids"} for d in rows],
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    for d in rows:
        pages = f"{d.pages} s." if d.pages else "–"
        typer.echo(f"{d.doc_id}\t{d.doc_type}\t{d.date}\t{pages}\t{d.chunks} avsnitt\t{d.title}")


@app.command()
def status() -> None:
    """Visa om indexet är aktuellt och om inbäddningsmodellen fungerar (slutkod 1 om inte)."""
    from assistant.errors import EmbeddingModelError
    from assistant.indexing.status import index_status
    from assistant.retrieval.embedder import embedder_for, self_test
    from assistant.settings import get_settings

    state = index_status()
    typer.echo(state.message)
    try:
        typer.echo(self_test(embedder_for(get_settings())).message)
        model_ok = True
    except EmbeddingModelError as err:
        typer.echo(f"FEL: {err.message}", err=True)
        model_ok = False
    if not state.up_to_date or not model_ok:
        raise typer.Exit(1)
