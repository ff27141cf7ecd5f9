"""The contract between the analysis core and where its shardable work runs."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Protocol, TypeVar

import numpy as np

from sounding.embeddings.base import Embedder

T = TypeVar("T")
R = TypeVar("R")

#: Loads the embedding model in a worker (a picklable callable, e.g. a `functools.partial`
#: of `load_embedder`): workers load their own copy instead of receiving a loaded one.
EmbedderLoader = Callable[[], Embedder]


class Engine(Protocol):
    """Runs independent pieces of work and gives their results back in input order."""

    @property
    def name(self) -> str: ...

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        """`function(item)` for each item, in order. `function` must be picklable (a
        module-level function or a `functools.partial` of one) to run elsewhere."""
        ...

    def embed(
        self, embedder: Embedder, loader: EmbedderLoader | None, batches: Iterable[Sequence[str]]
    ) -> Iterator[np.ndarray]:
        """Vectors of each batch of texts, in order: with `embedder` here, or with a model
        that `loader` loads in each worker."""
        ...


class LocalEngine:
    """Everything in this process, one piece after another: the default."""

    name = "local"

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        return (function(item) for item in items)

    def embed(
        self, embedder: Embedder, loader: EmbedderLoader | None, batches: Iterable[Sequence[str]]
    ) -> Iterator[np.ndarray]:
        return (embedder.embed(batch) for batch in batches)
