"""Users file, loopback check and the refusal of `finsam serve` on an open address."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli import app
from assistant.errors import ConfigurationError
from assistant.settings import get_settings
from assistant.web.audit import write_audit
from assistant.web.auth import UserStore, is_loopback


def test_user_store_keeps_only_a_hash_and_verifies(tmp_path: Path) -> None:
    store = UserStore(tmp_path / "users.json")
    store.add("anna", "ett långt lösenord")
    stored = (tmp_path / "users.json").read_text(encoding="utf-8")
    assert "ett långt lösenord" not in stored and "scrypt$" in stored
    assert store.verify("anna", "ett långt lösenord")
    assert not store.verify("anna", "fel lösenord")
    assert not store.verify("bertil", "ett långt lösenord")


def test_user_store_refuses_short_password(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="minst 8 tecken"):
        UserStore(tmp_path / "users.json").add("anna", "kort")


@pytest.mark.parametrize(
    ("host", "local"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("0.0.0.0", False),
        ("192.168.1.5", False),
    ],
)
def test_is_loopback(host: str, local: bool) -> None:
    assert is_loopback(host) is local


def test_serve_refuses_open_address_without_users(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FINSAM_AUTH_FILE", str(tmp_path / "users.json"))
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0"])
    assert result.exit_code == 2
    assert "finsam users add NAMN" in result.output
    assert "FINSAM_AUTH_FILE" in result.output


def test_users_add_reads_password_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FINSAM_AUTH_FILE", str(tmp_path / "users.json"))
    get_settings.cache_clear()
    result = CliRunner().invoke(
        app, ["users", "add", "anna", "--password-stdin"], input="hemligt-lösen1\n"
    )
    assert result.exit_code == 0, result.output
    assert UserStore(tmp_path / "users.json").verify("anna", "hemligt-lösen1")


def test_audit_log_appends_one_json_line(tmp_path: Path) -> None:
    log = tmp_path / "audit.jsonl"
    write_audit(log, {"user": "anna", "question": "q"})
    write_audit(None, {"user": "ignored"})
    assert [json.loads(x)["user"] for x in log.read_text(encoding="utf-8").splitlines()] == ["anna"]
