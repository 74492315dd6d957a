"""``finsam serve`` and ``finsam users``: the web app and its users from the shell."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from assistant.cli import app

users_app = typer.Typer(
    help="Användare för webbappen (lösenorden sparas hashade i FINSAM_AUTH_FILE).",
    no_args_is_help=True,
)
app.add_typer(users_app, name="users")


@app.command("serve")
def serve(
    host: Annotated[
        str,
        typer.Option(
            help="Adress att lyssna på. Annat än 127.0.0.1/localhost kräver inloggning "
            "(se `finsam users add`)."
        ),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port att lyssna på.")] = 7860,
) -> None:
    """Starta webbappen (öppna http://127.0.0.1:7860 i webbläsaren)."""
    from assistant.errors import FinsamError
    from assistant.settings import get_settings
    from assistant.web.auth import auth_required_message, is_loopback

    settings = get_settings()
    if not port_is_free(host, port):
        typer.echo(
            f"Kunde inte starta webbappen: porten {port} på {host} används redan (kanske körs "
            f"appen redan – öppna http://{host}:{port}). Välj en annan port med --port.",
            err=True,
        )
        raise typer.Exit(1)
    try:
        from assistant.web.app import auth_for, build_app, launch

        if auth_for(settings) is None and not is_loopback(host):
            typer.echo(auth_required_message(host, settings.auth_file), err=True)
            raise typer.Exit(2)
        demo = build_app(settings)
        typer.echo(f"FINSAM-assistenten startar på http://{host}:{port} (avsluta med Ctrl+C)")
        launch(demo, settings, host=host, port=port, block=True, quiet=True)
    except FinsamError as err:
        typer.echo(f"Kunde inte starta webbappen: {err.message}", err=True)
        raise typer.Exit(1) from None


def port_is_free(host: str, port: int) -> bool:
    """Whether nothing listens on ``host:port`` yet."""
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="Användarnamn.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Läs lösenordet från standard in.")
    ] = False,
) -> None:
    """Lägg till (eller byt lösenord för) en användare av webbappen."""
    from assistant.errors import FinsamError
    from assistant.settings import get_settings
    from assistant.web.auth import UserStore

    settings = get_settings()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Lösenord", hide_input=True, confirmation_prompt=True)
    try:
        UserStore(settings.auth_file).add(name, password)
    except FinsamError as err:
        typer.echo(err.message, err=True)
        raise typer.Exit(1) from None
    typer.echo(f"Användaren {name} är sparad i {settings.auth_file}.")


@users_app.command("remove")
def users_remove(name: Annotated[str, typer.Argument(help="Användarnamn.")]) -> None:
    """Ta bort en användare."""
    from assistant.settings import get_settings
    from assistant.web.auth import UserStore

    if not UserStore(get_settings().auth_file).remove(name):
        typer.echo(f"Det finns ingen användare som heter {name}.", err=True)
        raise typer.Exit(1)
    typer.echo(f"Användaren {name} är borttagen.")


@users_app.command("list")
def users_list() -> None:
    """Visa användarnamnen (aldrig lösenorden)."""
    from assistant.settings import get_settings
    from assistant.web.auth import UserStore

    for name in UserStore(get_settings().auth_file).names():
        typer.echo(name)
