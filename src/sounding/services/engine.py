"""Opening the engine the settings name (consult.engine) for one analysis."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sounding.config import Settings
from sounding.engines.base import Engine, LocalEngine


@contextmanager
def open_engine(settings: Settings) -> Iterator[Engine]:
    """This process, or Ray (joining `ray_address`, or starting a private local cluster of
    `ray_workers` processes that is shut down afterwards), its embedding workers each
    computing with `embedding_threads` threads (0: one)."""
    knobs = settings.consult
    if knobs.engine == "local":
        yield LocalEngine()
        return
    from sounding.engines.ray import RayEngine

    engine = RayEngine(
        knobs.ray_address or None, knobs.ray_workers or None, settings.embedding_threads or 1
    )
    try:
        yield engine
    finally:
        engine.close()
