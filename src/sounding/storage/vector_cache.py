"""An on-disk cache of embedding vectors, keyed by model and text hash, read memory-mapped.

A re-run of the same consultation embeds nothing, and because cached vectors are reused
exactly, it gives byte-identical results.

Layout, in one folder: each model's vectors are float32 rows appended to one flat file
(``<model>.f32``), read through ``numpy.memmap``, so a lookup of 300,000 vectors is one
gather from pages the operating system keeps or drops as memory allows, not 300,000 blobs
parsed out of a database. ``index.sqlite`` maps (model, text hash) to a row number.

Writers append under an exclusive file lock: the rows are written and synced first and
their index entries committed after, so a process killed at any point leaves no index entry
pointing at a row that is not whole on disk (at worst some rows that nothing points to).
Several processes (the command line and the web app's worker) may share one cache.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import numpy as np
from filelock import FileLock

from sounding.storage.shared_sqlite import open_shared

SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
    model TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    row INTEGER NOT NULL,
    PRIMARY KEY (model, text_hash)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS models (
    model TEXT PRIMARY KEY,
    file TEXT NOT NULL,
    dimensions INTEGER NOT NULL
);
"""

#: Index lookups per SQLite statement (well under its limit on bound parameters).
LOOKUP_CHUNK = 500
#: Rows gathered from the memory map at a time: bounds the temporary copy numpy makes.
GATHER_CHUNK = 65_536


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _file_name(model: str) -> str:
    """A file name for `model` that is safe on any file system and unique per model name."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", model).strip("-.")[:60] or "model"
    return f"{slug}-{hashlib.sha256(model.encode('utf-8')).hexdigest()[:8]}.f32"


class VectorCache:
    """Vectors per (model, text hash); safe to share between processes, not between threads."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self._db = open_shared(
            folder / "index.sqlite",
            folder / "write.lock",
            lambda db: db.executescript(SCHEMA),
            damaged=(
                f"The embedding cache in {folder} cannot be read",
                "Delete that folder: texts are embedded again on the next run.",
            ),
        )

    def rows(self, model: str, hashes: Sequence[str]) -> dict[str, int]:
        """The cache row of each of `hashes` held for `model` (missing ones left out)."""
        found: dict[str, int] = {}
        for start in range(0, len(hashes), LOOKUP_CHUNK):
            chunk = list(hashes[start : start + LOOKUP_CHUNK])
            marks = ",".join("?" * len(chunk))
            query = f"SELECT text_hash, row FROM vectors WHERE model = ? AND text_hash IN ({marks})"
            found.update(self._db.execute(query, [model, *chunk]))
        return found

    def matrix(self, model: str) -> np.ndarray:
        """Every row stored for `model`, memory-mapped read-only ((0, 0) when there are none)."""
        info = self._model(model)
        if info is None:
            return np.zeros((0, 0), dtype=np.float32)
        path, dimensions = info
        count = path.stat().st_size // (4 * dimensions) if path.exists() else 0
        if count == 0:
            return np.zeros((0, dimensions), dtype=np.float32)
        return np.memmap(path, dtype=np.float32, mode="r", shape=(count, dimensions))

    def gather(self, model: str, hashes: Sequence[str]) -> Iterator[tuple[list[str], np.ndarray]]:
        """(hashes, vectors) for those of `hashes` in the cache, in chunks, so a caller copies
        vectors where they belong without a second full-size matrix."""
        found = self.rows(model, hashes)
        if not found:
            return
        matrix = self.matrix(model)
        keys = sorted(found, key=found.__getitem__)  # in file order: sequential reads
        for start in range(0, len(keys), GATHER_CHUNK):
            chunk = keys[start : start + GATHER_CHUNK]
            yield chunk, np.asarray(matrix[[found[key] for key in chunk]])

    def put_many(self, model: str, items: Iterable[tuple[str, np.ndarray]]) -> None:
        """Stores vectors (one dimension per model); a hash already held is left as it was,
        so a vector, once read by anyone, never changes."""
        pairs = list(items)
        if not pairs:
            return
        vectors = np.ascontiguousarray(np.stack([v for _, v in pairs]), dtype=np.float32)
        with FileLock(self.folder / "write.lock"):
            # A hash held already, or given twice here, keeps its first vector.
            held = set(self.rows(model, [key for key, _ in pairs]))
            keep = []
            for i, (key, _) in enumerate(pairs):
                if key not in held:
                    held.add(key)
                    keep.append(i)
            if not keep:
                return
            path = self._file_for(model, vectors.shape[1])
            row_bytes = 4 * vectors.shape[1]
            with open(path, "ab") as out:
                # A tail shorter than a row was left by a writer killed mid-write: nothing
                # points to it, and the new rows must start on a row boundary.
                first = out.seek(0, os.SEEK_END) // row_bytes
                out.truncate(first * row_bytes)
                out.write(vectors[keep].tobytes())
                out.flush()
                os.fsync(out.fileno())
            with self._db:
                self._db.executemany(
                    "INSERT INTO vectors (model, text_hash, row) VALUES (?, ?, ?)",
                    ((model, pairs[i][0], first + n) for n, i in enumerate(keep)),
                )

    def close(self) -> None:
        self._db.close()

    def _model(self, model: str) -> tuple[Path, int] | None:
        row = self._db.execute(
            "SELECT file, dimensions FROM models WHERE model = ?", [model]
        ).fetchone()
        return None if row is None else (self.folder / row[0], int(row[1]))

    def _file_for(self, model: str, dimensions: int) -> Path:
        info = self._model(model)
        if info is None:
            with self._db:
                self._db.execute(
                    "INSERT INTO models (model, file, dimensions) VALUES (?, ?, ?)",
                    [model, _file_name(model), dimensions],
                )
            return self.folder / _file_name(model)
        path, held = info
        if held != dimensions:
            raise ValueError(
                f"Model {model!r} gave {dimensions}-dimensional vectors; "
                f"the cache holds {held}-dimensional ones for it."
            )
        return path
