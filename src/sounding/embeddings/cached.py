"""An embedder wrapper that only embeds texts it has not seen before."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sounding.embeddings.base import Embedder
from sounding.embeddings.sentence_transformer import CHUNK
from sounding.progress import Progress
from sounding.storage.vector_cache import VectorCache, text_hash

#: Misses embedded (and stored) per model call: a multiple of the embedders' CHUNK, so their
#: chunks and batches, and so the vectors, are exactly those of one call with every miss.
SAVE_EVERY = 8 * CHUNK


class CachedEmbedder:
    """Looks every text up by hash; embeds the misses once and stores them."""

    def __init__(self, inner: Embedder, cache: VectorCache) -> None:
        self.inner = inner
        self.cache = cache
        self.hits = 0
        self.misses = 0

    @property
    def name(self) -> str:
        return self.inner.name

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        keys = [text_hash(t) for t in texts]
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        # Rows of each distinct text; what is left after the cache lookup are the misses, in
        # order of first appearance.
        rows: dict[str, list[int]] = {}
        for index, key in enumerate(keys):
            rows.setdefault(key, []).append(index)
        # Vectors are copied straight into the result: no per-text arrays, no second matrix.
        out: np.ndarray | None = None
        found = 0
        for key, vector in self.cache.iter_many(self.name, sorted(rows)):
            if out is None:
                out = np.empty((len(keys), len(vector)), dtype=np.float32)
            where = rows.pop(key)
            out[where] = vector
            found += len(where)
        if progress is not None and found:
            progress.advance(found)
        # Misses go to the model shortest first, as the embedders order them anyway, and are
        # stored a slice at a time: a run stopped half-way (a worker killed mid-question)
        # keeps what it embedded, and the next run starts from there.
        pending = sorted(rows.items(), key=lambda item: len(texts[item[1][0]]))
        for start in range(0, len(pending), SAVE_EVERY):
            part = pending[start : start + SAVE_EVERY]
            fresh = self.inner.embed([texts[where[0]] for _, where in part], progress)
            fresh = np.asarray(fresh, dtype=np.float32)
            self.cache.put_many(self.name, zip([key for key, _ in part], fresh, strict=True))
            if out is None:
                out = np.empty((len(keys), fresh.shape[1]), dtype=np.float32)
            for vector, (_, where) in zip(fresh, part, strict=True):
                out[where] = vector
        self.hits += len(keys) - len(rows)
        self.misses += len(rows)
        assert out is not None
        return out
