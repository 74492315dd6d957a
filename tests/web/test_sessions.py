"""Sessions end with the user, wrong passwords are throttled, a bad users file stops
the start (issue 13).

A small Blocks app (one endpoint ``fraga``) is served by the project's own
``launch`` on a loopback port, with login required, and driven over HTTP.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import gradio as gr
import httpx
import pytest
from typer.testing import CliRunner

from assistant.cli import app as cli_app
from assistant.settings import Settings, get_settings
from assistant.web import auth as auth_module
from assistant.web.auth import UserStore

PASSWORD = "ett långt lösenord"


@dataclass
class AuthApp:
    url: str
    store: UserStore
    settings: Settings


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def auth_app(tmp_path: Path) -> Iterator[AuthApp]:
    from assistant.web.app import launch

    settings = Settings(
        corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", auth_file=tmp_path / "u.json"
    )
    store = UserStore(settings.auth_file)
    for name in ("anna", "bertil", "cecilia"):
        store.add(name, PASSWORD)
    with gr.Blocks() as demo:
        box = gr.Textbox()
        out = gr.Textbox()
        box.submit(lambda text: f"svar: {text}", box, out, api_name="fraga")
    port = _free_port()
    launch(demo, settings, host="127.0.0.1", port=port, block=False, quiet=True)
    try:
        yield AuthApp(f"http://127.0.0.1:{port}", store, settings)
    finally:
        demo.close()


def _login(url: str, name: str, password: str = PASSWORD) -> httpx.Response:
    return httpx.post(f"{url}/login", data={"username": name, "password": password}, timeout=30)


def _session(url: str, name: str) -> httpx.Client:
    response = _login(url, name)
    assert response.status_code == 200, response.text
    client = httpx.Client(base_url=url, cookies=response.cookies, timeout=30)
    assert client.get("/config").status_code == 200
    return client


def _call(client: httpx.Client) -> int:
    return client.post("/gradio_api/call/fraga", json={"data": ["hej"]}).status_code


def test_removing_a_user_ends_their_sessions(auth_app: AuthApp) -> None:
    bertil = _session(auth_app.url, "bertil")
    anna = _session(auth_app.url, "anna")
    assert _call(bertil) == 200
    assert auth_app.store.remove("bertil")
    assert bertil.get("/config").status_code == 401
    assert _call(bertil) == 401
    # Other users keep their sessions.
    assert anna.get("/config").status_code == 200


def test_changing_a_password_ends_the_old_sessions(auth_app: AuthApp) -> None:
    bertil = _session(auth_app.url, "bertil")
    auth_app.store.add("bertil", "ett helt nytt lösenord")
    assert bertil.get("/config").status_code == 401
    assert _call(bertil) == 401
    assert _login(auth_app.url, "bertil", "ett helt nytt lösenord").status_code == 200


def test_users_remove_from_the_cli_ends_sessions(
    auth_app: AuthApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    cecilia = _session(auth_app.url, "cecilia")
    monkeypatch.setenv("FINSAM_AUTH_FILE", str(auth_app.settings.auth_file))
    get_settings.cache_clear()
    result = CliRunner().invoke(cli_app, ["users", "remove", "cecilia"])
    assert result.exit_code == 0, result.output
    assert cecilia.get("/config").status_code == 401


def test_wrong_passwords_lock_the_user_out_and_are_logged(
    auth_app: AuthApp, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="assistant.web.auth")
    for _ in range(auth_module.LoginThrottle.MAX_FAILURES):
        assert _login(auth_app.url, "anna", "fel lösenord").status_code == 400
    # Locked: even the right password is refused for now.
    assert _login(auth_app.url, "anna", PASSWORD).status_code == 400
    assert any("anna" in r.getMessage() and "spärr" in r.getMessage() for r in caplog.records)


def test_corrupted_users_file_while_running_refuses_login_without_error(
    auth_app: AuthApp, caplog: pytest.LogCaptureFixture
) -> None:
    auth_app.settings.auth_file.write_text("{inte json", encoding="utf-8")
    caplog.set_level(logging.ERROR, logger="assistant.web.auth")
    assert _login(auth_app.url, "anna").status_code == 400
    assert any("Användarfilen" in r.getMessage() for r in caplog.records)


class _Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_throttle_locks_per_user_and_per_address_and_unlocks_later() -> None:
    clock = _Clock()
    throttle = auth_module.LoginThrottle(clock=clock)
    for n in range(auth_module.LoginThrottle.MAX_FAILURES):
        assert throttle.locked("anna", "10.0.0.1") is None
        throttle.failed(f"user{n}", "10.0.0.1")
    # The address tried five names: it is locked for every name.
    assert throttle.locked("vem-som-helst", "10.0.0.1") is not None
    assert throttle.locked("vem-som-helst", "10.0.0.2") is None
    for _ in range(auth_module.LoginThrottle.MAX_FAILURES):
        throttle.failed("bertil", f"10.0.1.{_}")
    assert throttle.locked("bertil", "10.9.9.9") is not None
    clock.now += auth_module.LoginThrottle.WINDOW_SECONDS + 1
    assert throttle.locked("bertil", "10.9.9.9") is None
    assert throttle.locked("x", "10.0.0.1") is None


@pytest.mark.parametrize(
    ("content", "what"),
    [
        ("{inte json", "går inte att läsa"),
        (json.dumps({"users": ["anna"]}), "går inte att läsa"),
        (json.dumps({"users": {"anna": 5}}), "anna"),
        (json.dumps({"users": {"anna": "klartext-lösenord"}}), "anna"),
    ],
)
def test_serve_refuses_to_start_with_a_corrupt_users_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, what: str
) -> None:
    auth_file = tmp_path / "users.json"
    auth_file.write_text(content, encoding="utf-8")
    monkeypatch.setenv("FINSAM_AUTH_FILE", str(auth_file))
    get_settings.cache_clear()
    result = CliRunner().invoke(cli_app, ["serve", "--port", str(_free_port())])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Användarfilen" in result.output and what in result.output
    assert "finsam users add" in result.output


def test_serve_on_an_address_not_on_this_machine_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FINSAM_AUTH_FILE", str(tmp_path / "users.json"))
    get_settings.cache_clear()
    UserStore(tmp_path / "users.json").add("anna", PASSWORD)
    # 203.0.113.0/24 is reserved for documentation (RFC 5737): never on this machine.
    result = CliRunner().invoke(cli_app, ["serve", "--host", "203.0.113.7", "--port", "7999"])
    assert result.exit_code == 1
    assert "203.0.113.7" in result.output
    assert "kan inte användas" in result.output
    assert "används redan" not in result.output
