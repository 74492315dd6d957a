"""``finsam draft``: a draft tjänsteutlåtande from a skrivelse, as Word and/or Markdown.

A thin shell: reading, question finding, answering and export live in
:mod:`assistant.draft`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.cli import app


def _fail(message: str, code: int = 1) -> None:
    typer.secho(f"Fel: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


@app.command("draft")
def draft_command(
    skrivelse: Annotated[
        str,
        typer.Argument(
            help="Skrivelsen: en fil (.pdf, .docx, .txt, .md) eller - för text på standard in.",
            show_default=False,
        ),
    ],
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Word-fil att skriva (standard: utkast.docx)."),
    ] = None,
    markdown: Annotated[
        Path | None, typer.Option("--markdown", help="Skriv även utkastet som Markdown hit.")
    ] = None,
    whole_text: Annotated[
        bool,
        typer.Option(
            "--whole-text", help="Behandla hela texten som en fråga om inga frågor hittas."
        ),
    ] = False,
    questions_file: Annotated[
        Path | None,
        typer.Option(
            "--questions",
            help="Egen (rättad) frågelista: en fråga per rad. Ersätter de funna frågorna.",
        ),
    ] = None,
    list_only: Annotated[
        bool, typer.Option("--list", help="Visa bara de frågor som hittas, skriv inget utkast.")
    ] = False,
) -> None:
    """Skriv ett utkast till tjänsteutlåtande som svarar på en skrivelse.

    Frågorna i skrivelsen hittas och besvaras en i taget med källhänvisningar och
    statistik. Frågor som underlaget inte räcker för markeras tydligt.

    Exempel: finsam draft skrivelse.pdf -o utkast.docx --markdown utkast.md
    """
    from assistant.draft import (
        NoQuestionsFound,
        compose_draft,
        find_questions,
        parse_skrivelse,
        questions_from_texts,
        read_skrivelse,
        write_docx,
        write_markdown,
    )
    from assistant.errors import FinsamError

    try:
        if skrivelse == "-":
            text = sys.stdin.read()
            if not text.strip():
                _fail("ingen text kom på standard in. Klistra in skrivelsen och försök igen.")
            doc = parse_skrivelse(text)
        else:
            doc = read_skrivelse(Path(skrivelse))
    except FinsamError as exc:
        _fail(f"skrivelsen kunde inte läsas: {exc.message}")
        return

    scan = None
    if questions_file is not None:
        try:
            lines = questions_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            _fail(f"{questions_file.name}: frågelistan kunde inte läsas ({type(exc).__name__}).")
            return
        scan = questions_from_texts(lines)
    else:
        scan = find_questions(doc.text)

    for warning in [*doc.warnings, *scan.warnings]:
        typer.secho(f"Obs: {warning}", err=True, fg=typer.colors.YELLOW)

    if list_only:
        if not scan.questions:
            typer.echo(f"Inga frågor hittades i {doc.source}.")
            raise typer.Exit(1)
        typer.echo(f"{len(scan.questions)} frågor i {doc.source}:")
        for q in scan.questions:
            typer.echo(f"{q.number}. {q.text}")
            if q.is_compound:
                for part in q.parts:
                    typer.echo(f"   – {part}")
        return

    def progress(number: int, total: int, text: str) -> None:
        short = text if len(text) <= 70 else text[:69] + "…"
        typer.echo(f"Besvarar fråga {number}/{total}: {short}", err=True)

    try:
        draft = compose_draft(
            doc,
            scan if scan.questions or not whole_text else None,
            whole_text=whole_text,
            progress=progress,
        )
    except NoQuestionsFound as exc:
        _fail(exc.message)
        return
    except FinsamError as exc:
        _fail(exc.message)
        return

    target = output or (None if markdown else Path("utkast.docx"))
    written = []
    try:
        if target is not None:
            written.append(write_docx(draft, target))
        if markdown is not None:
            written.append(write_markdown(draft, markdown))
    except OSError as exc:
        _fail(f"utkastet kunde inte sparas ({exc.strerror or type(exc).__name__}: {exc.filename}).")

    total = len(draft.question_sections)
    typer.echo(
        f"{total} frågor: {len(draft.answered)} besvarade med stöd i underlaget, "
        f"{total - len(draft.answered)} där underlaget inte räcker."
    )
    for qs in draft.unanswered:
        typer.echo(f"  Fråga {qs.question.number}: underlaget räcker inte – se utkastet.")
    for path in written:
        typer.echo(f"Utkast sparat: {path}")
    for warning in draft.warnings:
        if warning not in doc.warnings and warning not in scan.warnings:
            typer.secho(f"Obs: {warning}", err=True, fg=typer.colors.YELLOW)
