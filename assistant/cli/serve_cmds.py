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
    problem = address_problem(host, port)
    if problem is not None:
        typer.echo(f"Kunde inte starta webbappen: {problem}", err=True)
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


def address_problem(host: str, port: int) -> str | None:
    """Why the app cannot listen on ``host:port`` (Swedish), or None if it can."""
    import errno
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except socket.gaierror:
            return (
                f"adressen {host} kan inte användas: namnet går inte att slå upp. Ange en "
                "IP-adress som finns på den här datorn, t.ex. 127.0.0.1 eller 0.0.0.0."
            )
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                return (
                    f"porten {port} på {host} används redan (kanske körs appen redan – öppna "
                    f"http://{host}:{port}). Välj en annan port med --port."
                )
            if err.errno == errno.EADDRNOTAVAIL:
                return (
                    f"adressen {host} kan inte användas: den finns inte på den här datorn. "
                    "Ange en av datorns egna adresser (se `ip addr`), 0.0.0.0 för alla eller "
                    "127.0.0.1 för bara den här datorn."
                )
            if err.errno == errno.EACCES:
                return (
                    f"porten {port} på {host} kräver administratörsbehörighet. Välj en port "
                    "över 1024 med --port."
                )
            return f"adressen {host} med porten {port} kan inte användas ({err.strerror})."
    return None


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
