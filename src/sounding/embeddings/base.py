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
) -> Iterator[tuple[int, list[int], int]]:
    """Positions in `lengths` (each text's token count) in batches of one padded width, with
    that width and how many of the batch's positions are its own: each text is padded to its
    own length rounded up to `step`, never to a longer neighbour's, and every batch holds
    `batch_size` positions, a width's last few made up with copies of its last text. Shortest
    first.

    A text's vector must not depend on the texts embedded beside it: through the vector
    cache, an analysis would then depend on which texts had been embedded before. Padding
    changes a row's arithmetic in its last bits (bfloat16 most), so a text is padded to a
    width of its own; and the CPU maths library picks its kernels by the batch's shape, so
    that on a CPU with AMX a text's bfloat16 vector differed (by up to 5e-4) between batches
    of 1, 4 and 16. One shape per width also keeps few compiled kernels: a batch of every size
    from 1 to 32 at every width had cost 480 MiB more memory.
    """
    by_width: defaultdict[int, list[int]] = defaultdict(list)
    for position, length in enumerate(lengths):
        by_width[-(-length // step) * step].append(position)
    for width in sorted(by_width):
        group = by_width[width]
        for start in range(0, len(group), batch_size):
            batch = group[start : start + batch_size]
            yield width, batch + [batch[-1]] * (batch_size - len(batch)), len(batch)


def limit_threads(threads: int) -> None:
    """Make PyTorch models in this process compute with `threads` threads (0: leave its
    default). Results in bfloat16 depend in their last bits on the count."""
    if threads > 0:
        import torch

        torch.set_num_threads(threads)
