"""What the analysis core needs from an embedding model, and nothing more."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from typing import Protocol

import numpy as np

from sounding.progress import Progress


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors, one row per text."""

    @property
    def name(self) -> str: ...

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray: ...


def normalise_rows(vectors: np.ndarray, in_place: bool = False) -> np.ndarray:
    """Scale rows to unit length so dot products are cosine similarities.

    `in_place` divides the given float32 array itself instead of allocating a copy (same
    values): at 100,000 texts a copy of the matrix is another 150 MB at the memory peak.
    """
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    if in_place:
        vectors /= norms
        return vectors
    scaled: np.ndarray = vectors / norms
    return scaled


def same_length_batches(lengths: Sequence[int], batch_size: int) -> Iterator[list[int]]:
    """Positions in `lengths` (each text's token count) in batches of texts of one length,
    at most `batch_size` each, shortest first.

    A batch is padded to its longest text, and padding changes the arithmetic of the rows
    beside it in its last bits (bfloat16 most), so a text embedded with longer ones got a
    vector slightly unlike the one it got alone. Through the vector cache, that made an
    analysis depend on which texts had been embedded before. Without padding, a text's
    vector depends on the text alone.
    """
    by_length: defaultdict[int, list[int]] = defaultdict(list)
    for position, length in enumerate(lengths):
        by_length[length].append(position)
    for length in sorted(by_length):
        group = by_length[length]
        for start in range(0, len(group), batch_size):
            yield group[start : start + batch_size]


def limit_threads(threads: int) -> None:
    """Make PyTorch models in this process compute with `threads` threads (0: leave its
    default). Results in bfloat16 depend in their last bits on the count."""
    if threads > 0:
        import torch

        torch.set_num_threads(threads)
