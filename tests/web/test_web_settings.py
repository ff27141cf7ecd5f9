"""The web app's home is the one `sounding.config` reads, as the command line's is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def _web_home(env: dict[str, str], cwd: Path) -> str:
    """SOUNDING_HOME as a fresh process's base web settings define it."""
    code = "from sounding.web.settings import base; print(base.SOUNDING_HOME)"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("SOUNDING_")}
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**clean, **env},
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def test_web_home_follows_the_sounding_settings(tmp_path: Path) -> None:
    (tmp_path / "sounding.toml").write_text(f'home = "{tmp_path / "from-toml"}"\n')
    assert _web_home({}, tmp_path) == str(tmp_path / "from-toml")
    from_env = {"SOUNDING_HOME": str(tmp_path / "from-env")}
    assert _web_home(from_env, tmp_path) == str(tmp_path / "from-env")
    assert _web_home({"SOUNDING_HOME": ""}, tmp_path) == str(tmp_path / "from-toml")
