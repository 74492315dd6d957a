"""The CLI answers bad input with Swedish messages and exit codes, never tracebacks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli import app

runner = CliRunner()


def test_impossible_setting_names_the_variable_value_and_limit(tmp_path: Path) -> None:
    env = {**os.environ, "FINSAM_K": "0", "FINSAM_INDEX_DIR": str(tmp_path)}
    run = subprocess.run(
        [sys.executable, "-c", "from assistant.cli import main; main()", "status"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 2
    assert "FINSAM_K='0': måste vara minst 1" in run.stderr
    assert "Traceback" not in run.stderr


def test_batch_file_that_is_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    run = runner.invoke(app, ["ask", "--batch", str(tmp_path)])
    assert run.exit_code == 1
    assert "kan inte läsas" in run.output


def test_batch_file_that_is_not_utf8_is_a_clear_error(tmp_path: Path) -> None:
    questions = tmp_path / "fragor.txt"
    questions.write_bytes("Vad säger 2 §?".encode("utf-16"))
    run = runner.invoke(app, ["ask", "--batch", str(questions)])
    assert run.exit_code == 1
    assert "UTF-8" in run.output


def test_serve_on_a_port_in_use_says_which_port_and_what_to_do() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        run = runner.invoke(app, ["serve", "--port", str(port)])
    assert run.exit_code == 1
    assert f"porten {port}" in run.output and "--port" in run.output


def test_ask_without_an_index_exits_non_zero_with_guidance() -> None:
    run = runner.invoke(app, ["ask", "Vad säger 7 §?"])
    assert run.exit_code == 1
    assert "finsam ingest" in run.output
