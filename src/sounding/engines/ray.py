"""Running the shardable steps as Ray tasks, on this machine or on a Ray cluster.

Ray (from PyPI, imported only when this engine is chosen) schedules, retries and moves the
data; nothing here is a scheduler. Embedding runs in actors that each load the model once
per call (a question's texts) and are let go afterwards, so that the tasks of later stages
find free CPUs; pure functions run as tasks. Results come back in input order, and at most a
few pieces per worker are in flight at once, so memory stays bounded however many there are.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, TypeVar

import numpy as np

from sounding.embeddings.base import Embedder, limit_threads
from sounding.engines.base import EmbedderLoader
from sounding.errors import SoundingError

T = TypeVar("T")
R = TypeVar("R")

#: Pieces in flight per worker: enough to keep each busy while results travel back.
IN_FLIGHT_PER_WORKER = 2


def _call(function: Callable[[T], R], item: T) -> R:
    return function(item)


class _EmbeddingWorker:
    """One model per worker process, loaded when the worker starts, computing with as many
    threads as the CPUs it holds."""

    def __init__(self, loader: EmbedderLoader, threads: int) -> None:
        limit_threads(threads)
        self.embedder = loader()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.embedder.embed(list(texts)), dtype=np.float32)


class RayEngine:
    """Shards work over Ray. `address`: a running cluster ("ray://head:10001", or "auto" on a
    node of one); None starts a private local cluster of `workers` processes (default: one
    per core) that is shut down when the engine is closed. `threads`: CPUs (and threads)
    each embedding worker takes."""

    name = "ray"

    def __init__(
        self, address: str | None = None, workers: int | None = None, threads: int = 1
    ) -> None:
        try:
            import ray as ray_module
        except ImportError as error:  # pragma: no cover - ray is a declared dependency
            raise SoundingError(
                "The Ray engine needs the ray package.", "Install it: pip install 'sounding[ray]'."
            ) from error
        # Typed loosely: Ray's own annotations cover little of what is used here.
        ray: Any = ray_module
        self._ray = ray
        #: Whether this engine started Ray here, and so shuts it down when closed.
        self._started = not ray.is_initialized()
        if self._started:
            if address:
                ray.init(address=address, logging_level=logging.WARNING, log_to_driver=False)
            else:
                ray.init(
                    num_cpus=workers or os.cpu_count() or 1,
                    include_dashboard=False,
                    logging_level=logging.WARNING,
                    log_to_driver=False,
                )
        self.workers = max(1, int(ray.cluster_resources().get("CPU", 1)))
        self.threads = max(1, threads)
        self._task: Any = ray.remote(_call)

    def map(self, function: Callable[[T], R], items: Iterable[T]) -> Iterator[R]:
        shared = self._ray.put(function)
        return self._ordered(lambda item: self._task.remote(shared, item), items)

    def embed(
        self, embedder: Embedder, loader: EmbedderLoader | None, batches: Iterable[Sequence[str]]
    ) -> Iterator[np.ndarray]:
        if loader is None:
            raise SoundingError(
                "The Ray engine needs to know how to load the embedding model in its workers."
            )
        # One actor per worker, each holding a CPU while it lives: they are let go as soon
        # as the batches are done, so the tasks of later stages can be scheduled.
        worker = self._ray.remote(num_cpus=self.threads)(_EmbeddingWorker)
        count = max(1, self.workers // self.threads)
        actors = [worker.remote(loader, self.threads) for _ in range(count)]
        turn = iter(range(1 << 62))
        try:
            yield from self._ordered(
                lambda batch: actors[next(turn) % len(actors)].embed.remote(list(batch)), batches
            )
        finally:
            for actor in actors:
                self._ray.kill(actor)

    def _ordered(self, submit: Callable[[Any], Any], items: Iterable[Any]) -> Iterator[Any]:
        """Submit items as workers free up, yielding results in input order."""
        pending: deque[Any] = deque()
        limit = IN_FLIGHT_PER_WORKER * self.workers
        for item in items:
            pending.append(submit(item))
            if len(pending) >= limit:
                yield self._ray.get(pending.popleft())
        while pending:
            yield self._ray.get(pending.popleft())

    def close(self) -> None:
        if self._started:
            self._ray.shutdown()
