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


#: Token counts are padded up to a multiple of this: a text's padded width still depends on
#: its own length alone, and far fewer shapes reach the model (see `width_batches`).
WIDTH_STEP = 8


def width_batches(
    lengths: Sequence[int], batch_size: int, step: int = WIDTH_STEP
) -> Iterator[tuple[int, list[int]]]:
    """Positions in `lengths` (each text's token count) in batches of one padded width, with
    that width: each text is padded to its own length rounded up to `step`, never to a longer
    neighbour's. Shortest first.

    Padding changes the arithmetic of a row in its last bits (bfloat16 most), so a text
    padded to the longest text of its batch got a vector slightly unlike the one it got
    alone; through the vector cache, an analysis then depended on which texts had been
    embedded before. Padded to a width of its own, a text's vector depends on the text alone.
    Batches hold `batch_size` texts, or a power of two fewer for a width's last few: the CPU
    maths library keeps compiled kernels per shape, and a batch of every size from 1 to 32
    at every width had cost 480 MiB more memory.
    """
    by_width: defaultdict[int, list[int]] = defaultdict(list)
    for position, length in enumerate(lengths):
        by_width[-(-length // step) * step].append(position)
    for width in sorted(by_width):
        group = by_width[width]
        start = 0
        while start < len(group):
            size = batch_size
            while size > len(group) - start:
                size //= 2
            yield width, group[start : start + size]
            start += size


def limit_threads(threads: int) -> None:
    """Make PyTorch models in this process compute with `threads` threads (0: leave its
    default). Results in bfloat16 depend in their last bits on the count."""
    if threads > 0:
        import torch

        torch.set_num_threads(threads)
