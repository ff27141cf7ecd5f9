from pathlib import Path

import pytest

from sounding.config import load_settings
from sounding.errors import SoundingError


def test_flags_then_env_then_toml_then_defaults(tmp_path: Path, monkeypatch):
    toml = tmp_path / "sounding.toml"
    toml.write_text(
        "embedding_batch_size = 16\nmax_embed_words = 99\n[consult]\nmin_theme_size = 7\n"
    )
    assert load_settings(toml).embedding_batch_size == 16
    assert load_settings(toml).consult.min_theme_size == 7

    monkeypatch.setenv("SOUNDING_EMBEDDING_BATCH_SIZE", "32")
    monkeypatch.setenv("SOUNDING_CONSULT__MIN_THEME_SIZE", "4")
    settings = load_settings(toml)
    assert (settings.embedding_batch_size, settings.consult.min_theme_size) == (32, 4)
    assert settings.max_embed_words == 99

    assert load_settings(toml, embedding_batch_size=8).embedding_batch_size == 8
    assert load_settings(toml, embedding_batch_size=None).embedding_batch_size == 32


def test_toml_in_working_directory_is_read(tmp_path: Path):
    (tmp_path / "sounding.toml").write_text("max_embed_words = 50\n")
    assert load_settings().max_embed_words == 50


def test_home_comes_from_env(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOUNDING_HOME", str(tmp_path / "h"))
    settings = load_settings()
    assert settings.cache_dir == tmp_path / "h" / "cache"


def test_missing_or_invalid_settings_are_errors(tmp_path: Path):
    with pytest.raises(FileNotFoundError):
        load_settings(tmp_path / "missing.toml")
    bad = tmp_path / "bad.toml"
    bad.write_text("no_such_setting = 1\n")
    with pytest.raises(SoundingError, match="no_such_setting") as error:
        load_settings(bad)
    assert "bad.toml" in error.value.hint
    bad.write_text("no_such_setting = \n")
    with pytest.raises(SoundingError, match=r"bad\.toml is not valid TOML"):
        load_settings(bad)
