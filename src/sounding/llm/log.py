"""A SQLite log of every LLM call, doubling as a response cache.

Every request and answer is kept for later inspection (as in Simon Willison's `llm`), and a
request seen before is answered from the log: a re-run costs nothing and gives identical
results. The cache key is a hash of everything that shapes the answer (model, messages,
schema, temperature, seed, output mode), so changing any prompt wording misses the cache.

The file's layout has a version (SQLite's `PRAGMA user_version`): opening a log brings it
up to date in place through `MIGRATIONS`, in order, and refuses a log written by a newer
Sounding rather than guess at it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from sounding.errors import SoundingError
from sounding.storage.shared_sqlite import open_shared

Status = Literal["ok", "cached", "refused", "invalid", "error"]

#: Step N (from 1) brings a log from version N - 1 to N; only ever append. Version 1 is
#: the layout logs had before they were versioned, so step 1 leaves such a log as it is.
MIGRATIONS: tuple[tuple[str, ...], ...] = (
    (
        """CREATE TABLE IF NOT EXISTS calls (
            id INTEGER PRIMARY KEY,
            ts TEXT NOT NULL,
            purpose TEXT NOT NULL,
            prompt_version TEXT NOT NULL,
            model TEXT NOT NULL,
            host TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            messages TEXT NOT NULL,
            response TEXT,
            status TEXT NOT NULL,
            error TEXT,
            prompt_tokens INTEGER NOT NULL DEFAULT 0,
            completion_tokens INTEGER NOT NULL DEFAULT 0,
            latency_s REAL NOT NULL DEFAULT 0,
            cost REAL NOT NULL DEFAULT 0
        )""",
        "CREATE INDEX IF NOT EXISTS calls_hash ON calls (request_hash)",
        """CREATE TABLE IF NOT EXISTS responses (
            request_hash TEXT PRIMARY KEY,
            model TEXT NOT NULL,
            response TEXT NOT NULL,
            prompt_tokens INTEGER NOT NULL,
            completion_tokens INTEGER NOT NULL,
            ts TEXT NOT NULL
        ) WITHOUT ROWID""",
    ),
)


def migrate(db: sqlite3.Connection, path: Path) -> None:
    """Bring the log in `db` to the newest version, in one transaction (another process
    opening the same file waits, then finds it done)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > len(MIGRATIONS):
            raise SoundingError(
                f"The call log {path} was written by a newer Sounding (layout version "
                f"{version}; this one knows up to {len(MIGRATIONS)}).",
                "Upgrade Sounding, or set SOUNDING_HOME to another folder.",
            )
        for step in MIGRATIONS[version:]:
            for statement in step:
                db.execute(statement)
        db.execute(f"PRAGMA user_version = {len(MIGRATIONS)}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def request_hash(request: dict[str, Any]) -> str:
    """sha256 of the request as canonical JSON (sorted keys, no whitespace)."""
    text = json.dumps(request, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CachedResponse:
    response: str
    prompt_tokens: int
    completion_tokens: int


@dataclass(frozen=True)
class CallRecord:
    """One row of the log: one request to the provider, or one answer from the cache."""

    purpose: str
    prompt_version: str
    model: str
    host: str
    request_hash: str
    messages: list[dict[str, Any]]
    status: Status
    response: str | None = None
    error: str | None = None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    latency_s: float = 0.0
    cost: float = 0.0


@dataclass(frozen=True)
class LogTotals:
    """What the logged calls used: `calls` went to the provider, `cached` did not."""

    calls: int
    cached: int
    prompt_tokens: int
    completion_tokens: int
    cost: float


class CallLog:
    """Call log and cache in one SQLite file (`SOUNDING_HOME/llm/calls.sqlite`).

    Safe to share between threads: every use of the connection holds a lock.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._lock = threading.Lock()
        self._db = open_shared(
            path,
            path.with_name(path.name + ".lock"),
            lambda db: migrate(db, path),
            damaged=(
                f"The call log {path} cannot be read",
                "Delete it: model calls are made again, and logged afresh, on the next run.",
            ),
            check_same_thread=False,
        )

    def get(self, key: str) -> CachedResponse | None:
        with self._lock:
            row = self._db.execute(
                "SELECT response, prompt_tokens, completion_tokens FROM responses "
                "WHERE request_hash = ?",
                (key,),
            ).fetchone()
        return CachedResponse(*row) if row else None

    def put(
        self, key: str, model: str, response: str, prompt_tokens: int, completion_tokens: int
    ) -> None:
        """Cache a validated answer; only answers that passed the schema are ever stored."""
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?)",
                (key, model, response, prompt_tokens, completion_tokens, _now()),
            )

    def record(self, call: CallRecord) -> None:
        with self._lock, self._db:
            self._db.execute(
                "INSERT INTO calls (ts, purpose, prompt_version, model, host, request_hash, "
                "messages, response, status, error, prompt_tokens, completion_tokens, "
                "latency_s, cost) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    _now(),
                    call.purpose,
                    call.prompt_version,
                    call.model,
                    call.host,
                    call.request_hash,
                    json.dumps(call.messages, ensure_ascii=False),
                    call.response,
                    call.status,
                    call.error,
                    call.prompt_tokens,
                    call.completion_tokens,
                    call.latency_s,
                    call.cost,
                ),
            )

    def rows(self) -> list[dict[str, Any]]:
        """Every logged call, oldest first, for inspection and tests."""
        with self._lock:
            cursor = self._db.execute("SELECT * FROM calls ORDER BY id")
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row, strict=True)) for row in cursor]

    def totals(self) -> LogTotals:
        with self._lock:
            calls, cached, tokens_in, tokens_out, cost = self._db.execute(
                "SELECT COUNT(*) FILTER (WHERE status != 'cached'), "
                "COUNT(*) FILTER (WHERE status = 'cached'), "
                "COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0), "
                "COALESCE(SUM(cost), 0) FROM calls"
            ).fetchone()
        return LogTotals(calls, cached, tokens_in, tokens_out, cost)

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")
