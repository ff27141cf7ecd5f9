"""An embedder wrapper that only embeds texts it has not seen before."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from sounding.embeddings.base import Embedder
from sounding.embeddings.sentence_transformer import CHUNK
from sounding.engines.base import EmbedderLoader, Engine, LocalEngine
from sounding.progress import Progress
from sounding.storage.vector_cache import VectorCache, text_hash

#: Distinct texts per part: parts are embedded (each by one model call) and stored one at a
#: time. A multiple of the embedders' CHUNK, so no chunk of theirs is cut short mid-part.
SAVE_EVERY = 8 * CHUNK
#: Changed whenever the embedders start giving a text a different vector, so vectors stored
#: the old way are never mixed with new ones in one analysis. 2: each text is padded to a
#: width of its own (`width_batches`); before, a vector depended on the texts beside it.
VECTORS_GENERATION = 2


class CachedEmbedder:
    """Looks every text up by hash; embeds the misses once and stores them.

    The distinct texts are put in a fixed order (shortest first) and cut into parts of
    `part_size` (default `SAVE_EVERY`) before the cache is asked, and each part's misses are
    embedded together and stored in one transaction. A run stopped half-way (killed, or out
    of memory) keeps every part it finished, and the next run embeds only the rest. A text's
    vector depends on the text alone (`width_batches`), so an analysis is the same
    whatever the cache held before it: a resumed run, or one after other files, gives
    exactly the vectors of a fresh one.
    Parts go to `engine`, which may embed several at once in other processes (`loader`
    loads the model there).
    """

    def __init__(
        self,
        inner: Embedder,
        cache: VectorCache,
        engine: Engine | None = None,
        loader: EmbedderLoader | None = None,
        part_size: int | None = None,
    ) -> None:
        self.inner = inner
        self.cache = cache
        self.engine: Engine = engine or LocalEngine()
        self.loader = loader
        self._part_size = part_size
        self.hits = 0
        self.misses = 0

    @property
    def name(self) -> str:
        return self.inner.name

    @property
    def _cache_key(self) -> str:
        """What the cache files this model's vectors under."""
        return f"{self.inner.name}#{VECTORS_GENERATION}"

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        keys = [text_hash(t) for t in texts]
        if not keys:
            return np.zeros((0, 0), dtype=np.float32)
        # Rows of each distinct text, in the fixed order the parts are cut from.
        rows: dict[str, list[int]] = {}
        for index, key in enumerate(keys):
            rows.setdefault(key, []).append(index)
        order = sorted(rows, key=lambda key: (len(texts[rows[key][0]]), rows[key][0]))
        size = self._part_size or SAVE_EVERY
        parts = [order[i : i + size] for i in range(0, len(order), size)]
        # Vectors are copied straight into the result: no per-text arrays, no second matrix.
        out: np.ndarray | None = None
        found: set[str] = set()
        for held, vectors in self.cache.gather(self._cache_key, list(rows)):
            if out is None:
                out = np.empty((len(keys), vectors.shape[1]), dtype=np.float32)
            for key, vector in zip(held, vectors, strict=True):
                out[rows[key]] = vector
            found.update(held)
        hits = sum(len(rows[key]) for key in found)
        if progress is not None and hits:
            progress.advance(hits)
        missing = [[key for key in part if key not in found] for part in parts]
        missing = [part for part in missing if part]
        # One part is embedded here: starting workers (each loading the model) costs more.
        engine = self.engine if len(missing) > 1 else LocalEngine()
        batches = engine.embed(
            self.inner, self.loader, ([texts[rows[key][0]] for key in part] for part in missing)
        )
        for part, fresh in zip(missing, batches, strict=True):
            fresh = np.asarray(fresh, dtype=np.float32)
            self.cache.put_many(self._cache_key, zip(part, fresh, strict=True))
            if out is None:
                out = np.empty((len(keys), fresh.shape[1]), dtype=np.float32)
            for vector, key in zip(fresh, part, strict=True):
                out[rows[key]] = vector
            if progress is not None:
                progress.advance(sum(len(rows[key]) for key in part))
        embedded = sum(len(part) for part in missing)
        self.hits += len(keys) - embedded
        self.misses += embedded
        assert out is not None
        return out
