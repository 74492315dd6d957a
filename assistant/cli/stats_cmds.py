"""``finsam data check|info`` and ``finsam stats``: the participant register from the shell.

A thin shell: parsing and printing only; validation lives in
:mod:`assistant.register` and every figure is computed by :mod:`assistant.stats`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from assistant.cli import app

if TYPE_CHECKING:
    from rich.console import Console

    from assistant.register import Register
    from assistant.stats import StatResult

#: At most this many problems are listed by `finsam data check` (a systematic error
#: in a million-row file would otherwise print a million lines).
MAX_PROBLEMS_SHOWN = 200

data_app = typer.Typer(
    help="Deltagarregistret: kontrollera en fil eller visa vilken fil som används.",
    no_args_is_help=True,
)
app.add_typer(data_app, name="data")


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    width = None if stream.isatty() else 160
    return Console(file=stream, width=width, highlight=False, soft_wrap=False)


def _provenance_line(register: Register) -> str:
    return f"{register.path} – {register.rows} rader, sha256 {register.sha256}"


@data_app.command("check")
def check(
    file: Annotated[Path, typer.Argument(help="Deltagarfil (.xlsx eller .csv) att kontrollera.")],
) -> None:
    """Kontrollera att en deltagarfil följer formatet (avvisas helt vid fel)."""
    from rich.markup import escape

    from assistant.errors import PersonalIdentityNumberFound, RegisterError, RegisterValidationError
    from assistant.register import load_register

    out, err = _console(), _console(stderr=True)
    try:
        register = load_register(file)  # cached by path, size and mtime
    except PersonalIdentityNumberFound as exc:
        err.print(f"[bold red]Avvisad:[/] {escape(exc.message)}", markup=True)
        raise typer.Exit(1) from None
    except RegisterValidationError as exc:
        err.print(
            f"[bold red]Avvisad:[/] {escape(exc.path.name)} följer inte formatet – "
            f"{len(exc.problems)} fel. Rätta felen och kontrollera filen igen.",
            markup=True,
        )
        for problem in exc.problems[:MAX_PROBLEMS_SHOWN]:
            err.print(f"  - {problem}", markup=False)
        if len(exc.problems) > MAX_PROBLEMS_SHOWN:
            err.print(
                f"  … och {len(exc.problems) - MAX_PROBLEMS_SHOWN} fel till. Rätta dem ovan "
                "först; de återstående visas vid nästa kontroll.",
                markup=False,
            )
        raise typer.Exit(1) from None
    except RegisterError as exc:
        err.print(f"[bold red]Kunde inte läsa filen:[/] {escape(exc.message)}", markup=True)
        raise typer.Exit(1) from None
    out.print(f"Godkänd: {file.name} följer formatet.", markup=False)
    out.print(f"Rader: {register.rows}", markup=False)
    out.print(f"sha256: {register.sha256}", markup=False)
    if register.synthetic:
        out.print("Syntetiska demodata – inga verkliga deltagare.", markup=False)


@data_app.command("info")
def info() -> None:
    """Visa vilken deltagarfil statistiken använder (FINSAM_PARTICIPANTS)."""
    from assistant.errors import FinsamError
    from assistant.register import load_register
    from assistant.settings import get_settings

    out, err = _console(), _console(stderr=True)
    settings = get_settings()
    try:
        register = load_register(settings.participants)
    except FinsamError as exc:
        err.print(f"Deltagarfilen kan inte användas: {exc.message}", markup=False)
        raise typer.Exit(1) from None
    out.print(f"Deltagarfil: {_provenance_line(register)}", markup=False)
    out.print(f"Röjandeskydd: antal under {settings.suppression_threshold} visas inte.")
    if register.synthetic:
        out.print("Syntetiska demodata – inga verkliga deltagare.", markup=False)


def _parse_where(where: list[str]) -> dict[str, list[str]]:
    filters: dict[str, list[str]] = {}
    for item in where:
        name, sep, value = item.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise typer.BadParameter(
                f"”{item}” ska skrivas som dimension=värde, t.ex. kön=Kvinna.",
                param_hint="--where",
            )
        filters.setdefault(name.strip(), []).append(value.strip())
    return filters


def _print_result(result: StatResult) -> None:
    from rich.markup import escape
    from rich.table import Table

    out = _console()
    if result.synthetic:
        out.print("[bold yellow]Syntetiska demodata – inga verkliga deltagare.[/]", markup=True)
    header, rows = result.table_rows()
    # Titles and cells hold values from the file: printed as written, never as markup.
    table = Table(title=escape(result.title), title_justify="left")
    for index, name in enumerate(header):
        table.add_column(escape(name), justify="left" if index == 0 else "right")
    for row in rows:
        table.add_row(*(escape(str(cell)) for cell in row), end_section=row[0] == "Totalt")
    out.print(table)
    for line in result.provenance_lines(full_path=True):
        if line.startswith("Syntetiska"):
            continue
        out.print(line, markup=False)


@app.command("stats")
def stats_command(
    year: Annotated[int | None, typer.Option(help="Ett år, t.ex. 2024.")] = None,
    from_year: Annotated[int | None, typer.Option(help="Första år i ett intervall.")] = None,
    to_year: Annotated[int | None, typer.Option(help="Sista år i ett intervall.")] = None,
    event: Annotated[
        str,
        typer.Option(help="started (startade), ended (avslutade) eller active (deltog)."),
    ] = "started",
    by: Annotated[
        list[str] | None,
        typer.Option("--by", help="Dela upp på en dimension (högst två --by)."),
    ] = None,
    where: Annotated[
        list[str] | None,
        typer.Option("--where", help="Urval dimension=värde, t.ex. kön=Kvinna (upprepbar)."),
    ] = None,
    outcome: Annotated[
        bool,
        typer.Option("--outcome", help="Andel till arbete eller studier bland dem som avslutade."),
    ] = False,
    per_year: Annotated[
        bool, typer.Option("--per-year", help="Antal per år (utveckling över tid).")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Skriv resultatet som JSON.")] = False,
    file: Annotated[
        Path | None,
        typer.Option("--file", help="Annan deltagarfil än inställningen FINSAM_PARTICIPANTS."),
    ] = None,
) -> None:
    """Statistik ur deltagarregistret, med röjandeskydd och källuppgifter.

    Exempel: finsam stats --year 2024 --event started --by "anmälande part" --where kön=Kvinna
    """
    from assistant import stats
    from assistant.errors import FinsamError
    from assistant.register import load_register

    err = _console(stderr=True)
    filters = _parse_where(where or [])
    dims = list(by or [])
    try:
        register = load_register(file)
        if outcome:
            if len(dims) > 1:
                raise typer.BadParameter("--outcome tar högst en --by.", param_hint="--by")
            result = stats.outcome_rate(
                register,
                year=year,
                from_year=from_year,
                to_year=to_year,
                by=dims[0] if dims else None,
                filters=filters,
            )
        elif per_year:
            if year is not None:
                raise typer.BadParameter(
                    "--per-year tar --from-year/--to-year, inte --year.", param_hint="--year"
                )
            if len(dims) > 1:
                raise typer.BadParameter("--per-year tar högst en --by.", param_hint="--by")
            result = stats.trend(
                register,
                event=event,
                from_year=from_year,
                to_year=to_year,
                by=dims[0] if dims else None,
                filters=filters,
            )
        else:
            result = stats.count(
                register,
                event=event,
                year=year,
                from_year=from_year,
                to_year=to_year,
                by=dims,
                filters=filters,
            )
    except FinsamError as exc:
        err.print(exc.message, markup=False)
        raise typer.Exit(1) from None
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    _print_result(result)
