"""An embedder wrapper that only embeds texts it has not seen before."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sounding.embeddings.base import Embedder
from sounding.progress import Progress
from sounding.storage.vector_cache import VectorCache, text_hash


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
        found = self.cache.get_many(self.name, sorted(set(keys)))
        missing: dict[str, str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in found:
                missing.setdefault(key, text)
        if progress is not None and found:
            progress.advance(sum(1 for k in keys if k in found))
        if missing:
            fresh = self.inner.embed(list(missing.values()), progress)
            pairs = list(zip(missing, fresh, strict=True))
            self.cache.put_many(self.name, pairs)
            found.update(pairs)
        self.hits += len(keys) - len(missing)
        self.misses += len(missing)
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        return np.vstack([found[k] for k in keys]).astype(np.float32, copy=False)
