"""``finsam ask``: answers with citations and statistics, one question or a batch."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli import app


def _print_answer(result: object) -> None:
    from assistant.answer.models import Answer

    assert isinstance(result, Answer)
    typer.echo(result.text)
    if result.citations:
        typer.echo("")
        typer.secho("Källor:", bold=True)
        for c in result.citations:
            typer.echo(f"[{c.n}] {c.label}")
    if result.warnings:
        typer.echo("")
        for w in result.warnings:
            typer.secho(f"OBS: {w}", fg=typer.colors.YELLOW)
    typer.echo("")
    typer.secho(f"(Svarat av: {result.backend})", dim=True)


@app.command()
def ask(
    question: Annotated[
        str | None, typer.Argument(help="Frågan på svenska (engelska går också).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Skriv svaret som JSON (answer, citations, ...).")
    ] = False,
    batch: Annotated[
        Path | None,
        typer.Option(
            "--batch",
            help="Fil med en fråga per rad; skriver ett JSON-objekt per rad. Modellerna laddas "
            "en gång. '-' läser från standard in.",
        ),
    ] = None,
) -> None:
    """Ställ en fråga och få ett svar med källhänvisningar och statistik."""
    from assistant.answer.engine import answer

    if batch is not None:
        if str(batch) == "-":
            lines = sys.stdin.read().splitlines()
        else:
            if not batch.exists():
                typer.secho(
                    f"Fel: filen {batch} finns inte. Ange en textfil med en fråga per rad.",
                    err=True,
                    fg=typer.colors.RED,
                )
                raise typer.Exit(1)
            try:
                lines = batch.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError) as exc:
                reason = (
                    "är inte UTF-8-text; spara den som UTF-8"
                    if isinstance(exc, UnicodeDecodeError)
                    else "kan inte läsas (är det en mapp?)"
                )
                typer.secho(f"Fel: {batch} {reason}.", err=True, fg=typer.colors.RED)
                raise typer.Exit(1) from None
        for line in lines:
            if not line.strip():
                continue
            result = answer(line.strip())
            typer.echo(
                json.dumps({"question": line.strip(), **result.to_dict()}, ensure_ascii=False)
            )
        return
    if question is None:
        typer.secho(
            'Fel: ange en fråga, t.ex. finsam ask "Vad säger 7 §?", eller --batch FIL.',
            err=True,
            fg=typer.colors.RED,
        )
        raise typer.Exit(1)
    result = answer(question)
    failed = result.route == "empty" and bool(result.warnings)  # e.g. no index yet
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    else:
        _print_answer(result)
    if failed:
        raise typer.Exit(1)
