"""The settings an evaluation runs with: the department's own (sounding.toml, environment),
so the system evaluated is the one it would deploy."""

from __future__ import annotations

from pathlib import Path

from sounding.config import Settings, load_settings


def evaluation_settings(config: str | None = None) -> Settings:
    """Settings from `config` (a sounding.toml), else as the command line reads them."""
    return load_settings(Path(config) if config else None, show_progress=False)
