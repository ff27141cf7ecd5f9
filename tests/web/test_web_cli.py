"""`sounding serve` and `sounding worker` are thin wrappers over `sounding.web.entry`."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from sounding.cli.main import app
from sounding.web import entry


def test_serve_and_worker_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, dict[str, object]]] = []
    monkeypatch.setattr(entry, "serve", lambda **kw: calls.append(("serve", kw)))
    monkeypatch.setattr(entry, "work", lambda **kw: calls.append(("work", kw)))
    runner = CliRunner()
    assert runner.invoke(app, ["serve", "--port", "8123"]).exit_code == 0
    assert runner.invoke(app, ["serve", "--no-worker"]).exit_code == 0
    assert runner.invoke(app, ["worker", "--once"]).exit_code == 0
    assert calls == [
        ("serve", {"host": "127.0.0.1", "port": 8123, "worker": True}),
        ("serve", {"host": "127.0.0.1", "port": 8000, "worker": False}),
        ("work", {"once": True}),
    ]
    assert runner.invoke(app, ["serve", "--port", "0"]).exit_code != 0
