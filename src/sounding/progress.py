"""A tiny progress interface so the analysis core can report long work without knowing the UI."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    """Receives progress for one named stage at a time."""

    def start(self, stage: str, total: int) -> None: ...

    def advance(self, amount: int = 1) -> None: ...

    def finish(self) -> None: ...


class SilentProgress:
    """Progress that goes nowhere: the default for library use and tests."""

    def start(self, stage: str, total: int) -> None:
        pass

    def advance(self, amount: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass
