"""The ``finsam`` command: a thin shell over the core library.

Each sub-module registers its commands on :data:`app`; heavy libraries are
imported inside the command functions so ``finsam --help`` stays fast.
"""

from __future__ import annotations

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


def main() -> None:
    """Entry point of the ``finsam`` console script."""
    app()
