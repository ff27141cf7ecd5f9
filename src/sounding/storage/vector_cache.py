"""A SQLite cache of embedding vectors keyed by model and text hash.

A re-run of the same consultation embeds nothing, and because cached vectors are reused
exactly, it gives byte-identical results.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np

SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (model, text_hash)
) WITHOUT ROWID
"""


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class VectorCache:
    """Stores float32 vectors; safe to share between runs, not between threads."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._db = sqlite3.connect(path)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(SCHEMA)

    def iter_many(self, model: str, hashes: Sequence[str]) -> Iterator[tuple[str, np.ndarray]]:
        """(hash, vector) for each of `hashes` in the cache, read 500 at a time, so a caller
        can copy vectors where they belong without holding them all as separate arrays."""
        for start in range(0, len(hashes), 500):
            chunk = list(hashes[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT text_hash, vector FROM vectors WHERE model = ? AND text_hash IN ({marks})",
                [model, *chunk],
            )
            for key, blob in rows:
                yield key, np.frombuffer(blob, dtype=np.float32)

    def put_many(self, model: str, items: Iterable[tuple[str, np.ndarray]]) -> None:
        with self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO vectors (model, text_hash, vector) VALUES (?, ?, ?)",
                ((model, key, np.asarray(v, dtype=np.float32).tobytes()) for key, v in items),
            )

    def close(self) -> None:
        self._db.close()
