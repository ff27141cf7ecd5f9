"""A per-installation secret key kept in SOUNDING_HOME, so local use needs no setup."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def load_or_create_secret(path: Path) -> str:
    """The key in `path`, created (readable by the owner only) on first use."""
    env = os.environ.get("SOUNDING_WEB_SECRET_KEY")
    if env:
        return env
    if path.is_file():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(key)
    return key
