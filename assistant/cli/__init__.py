"""The ``finsam`` command: a thin shell over the core library.

Each sub-module registers its commands on :data:`app`; heavy libraries are
imported inside the command functions so ``finsam --help`` stays fast.
"""

from __future__ import annotations

from typing import Any

import typer

app = typer.Typer(
    name="finsam",
    help=(
        "FINSAM-assistenten: sök i dokumenten om finansiell samordning (lag 2003:1210), "
        "ta fram statistik ur deltagarregistret och få svar med källhänvisningar."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)


def _register() -> None:
    # Each module adds its commands to `app` when imported.
    from assistant.cli import (  # noqa: F401
        answer_cmds,
        draft_cmds,
        index_cmds,
        serve_cmds,
        stats_cmds,
    )


_register()


def _swedish(problem: Any) -> str:
    """A pydantic validation problem in Swedish (the common kinds; else its own text)."""
    ctx = problem.get("ctx") or {}
    kind = problem.get("type", "")
    texts = {
        "greater_than_equal": f"måste vara minst {ctx.get('ge')}",
        "greater_than": f"måste vara större än {ctx.get('gt')}",
        "less_than_equal": f"får vara högst {ctx.get('le')}",
        "less_than": f"måste vara mindre än {ctx.get('lt')}",
        "int_parsing": "måste vara ett heltal",
        "float_parsing": "måste vara ett tal",
        "bool_parsing": "måste vara true eller false",
    }
    return texts.get(kind, str(problem.get("msg", "ogiltigt värde")))


def main() -> None:
    """Entry point of the ``finsam`` console script.

    A setting with an impossible value (``FINSAM_K=0``) is reported in Swedish with
    the variable, the value and what is allowed, never as a traceback.
    """
    from pydantic import ValidationError

    try:
        app()
    except ValidationError as err:
        typer.secho("Fel i inställningarna:", err=True, fg=typer.colors.RED)
        for problem in err.errors():
            field = "_".join(str(p) for p in problem.get("loc", ()))
            value = problem.get("input")
            typer.echo(
                f"  FINSAM_{field.upper()}={value!r}: {_swedish(problem)}. Rätta variabeln "
                "(eller raden i .env) och försök igen.",
                err=True,
            )
        raise SystemExit(2) from None
