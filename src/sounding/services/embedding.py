"""Opening the configured embedding model behind the vector cache in SOUNDING_HOME.

A command-line run loads the model for itself and lets it go. A long-lived process (the web
app) asks for the shared model instead: loading takes seconds, and a search must not pay
that each time. The shared model is one per model name, batch size and precision, guarded
by a lock so two request threads neither load it twice nor run it at once. The vector
cache is opened per use either way (its SQLite index must not cross threads), so texts
embedded before are read back instead of computed again.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial

import numpy as np

from sounding.config import Settings
from sounding.embeddings.base import Embedder, limit_threads
from sounding.embeddings.cached import CachedEmbedder
from sounding.embeddings.catalogue import load_embedder
from sounding.engines.base import Engine
from sounding.progress import Progress
from sounding.storage.vector_cache import VectorCache

_LOCK = threading.Lock()
_SHARED: dict[tuple[str, int, str], SharedModel] = {}


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


def shared_model(settings: Settings, model: str | None = None) -> SharedModel:
    """The process's one instance of the configured embedding model (or of `model`)."""
    key = (
        model or settings.embedding_model,
        settings.embedding_batch_size,
        settings.embedding_precision,
    )
    with _LOCK:
        if key not in _SHARED:
            _SHARED[key] = SharedModel(load_embedder(*key))
        return _SHARED[key]


def model_for(settings: Settings, model: str, shared: bool = False) -> Embedder:
    """`model` at the configured batch size and precision (loaded when first used);
    `shared`: the process's one instance of it (see `shared_model`)."""
    if shared:
        return shared_model(settings, model)
    return load_embedder(model, settings.embedding_batch_size, settings.embedding_precision)


@contextmanager
def open_embedder(
    settings: Settings, shared: bool = False, model: str | None = None, engine: Engine | None = None
) -> Iterator[CachedEmbedder]:
    """The configured model (or `model`) behind the vector cache; `shared`: the process's one
    instance (see `shared_model`) instead of a model loaded for this use alone; `engine`:
    where batches of texts are embedded (its workers load the same model)."""
    name = model or settings.embedding_model
    limit_threads(settings.embedding_threads)
    cache = VectorCache(settings.cache_dir / "vectors")
    loader = partial(
        load_embedder, name, settings.embedding_batch_size, settings.embedding_precision
    )
    try:
        yield CachedEmbedder(model_for(settings, name, shared), cache, engine, loader)
    finally:
        cache.close()


@contextmanager
def open_multilingual_embedder(
    settings: Settings, shared: bool = False, engine: Engine | None = None
) -> Iterator[CachedEmbedder | None]:
    """The model for questions answered in several languages, behind the vector cache
    (loaded only when first used); None where one language is expected (consult.languages)."""
    if len(settings.consult.languages) < 2:
        yield None
        return
    model = settings.multilingual_embedding_model
    with open_embedder(settings, shared, model, engine) as embedder:
        yield embedder
