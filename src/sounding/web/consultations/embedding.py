"""The embedding model, loaded once per process and shared by searches and re-assign jobs.

Loading the model takes seconds; a search must not pay that each time. The model object is
a module-level lazy singleton (one per model name and batch size), guarded by a lock so two
request threads neither load it twice nor run it at once. The vector cache under
SOUNDING_HOME is opened per use (SQLite connections must not cross threads), so vectors of
texts the analysis already embedded are read back instead of computed again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from sounding.config import Settings
from sounding.embeddings.base import Embedder
from sounding.embeddings.cached import CachedEmbedder
from sounding.embeddings.catalogue import load_embedder
from sounding.progress import Progress
from sounding.storage.vector_cache import VectorCache

_LOCK = threading.Lock()
_MODELS: dict[tuple[str, int, str], SharedModel] = {}


class SharedModel:
    """An embedding model whose calls are serialised by a lock."""

    def __init__(self, inner: Embedder) -> None:
        self.inner = inner
        self.lock = threading.Lock()

    @property
    def name(self) -> str:
        return self.inner.name

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        with self.lock:
            return self.inner.embed(texts, progress)


def shared_model(config: Settings) -> SharedModel:
    """The process's one instance of the configured embedding model."""
    key = (config.embedding_model, config.embedding_batch_size, config.embedding_precision)
    with _LOCK:
        if key not in _MODELS:
            _MODELS[key] = SharedModel(load_embedder(*key))
        return _MODELS[key]


@contextmanager
def open_embedder(config: Settings) -> Iterator[CachedEmbedder]:
    """The shared model behind this home's vector cache (like services.consult's, minus
    the reload)."""
    cache = VectorCache(config.cache_dir / "vectors.sqlite")
    try:
        yield CachedEmbedder(shared_model(config), cache)
    finally:
        cache.close()
