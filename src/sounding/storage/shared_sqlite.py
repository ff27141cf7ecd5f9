"""Opening a SQLite file that several processes share (the command line and the web app's
worker): the embedding cache's index and the LLM call log.

Switching a file to WAL, and creating or migrating its tables, take locks that SQLite's
busy timeout does not wait for, so two processes opening a new file at once would collide:
both steps run under a file lock instead. A file that is not a database (damaged, or
something else saved under its name) stops with a message saying which file and what to
do, and a connection that failed to open is closed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock

from sounding.errors import SoundingError

#: Seconds a statement waits for another process's write before giving up.
BUSY_TIMEOUT = 60


def open_shared(
    path: Path,
    lock: Path,
    set_up: Callable[[sqlite3.Connection], object],
    *,
    damaged: tuple[str, str],
    check_same_thread: bool = True,
) -> sqlite3.Connection:
    """A connection to `path` in WAL mode, `set_up` run on it under `lock`; `damaged` is the
    (message, hint) of the error raised when the file cannot be read as a database."""
    db = sqlite3.connect(path, timeout=BUSY_TIMEOUT, check_same_thread=check_same_thread)
    try:
        with FileLock(lock):
            db.execute("PRAGMA journal_mode=WAL")
            set_up(db)
    except sqlite3.OperationalError:
        db.close()  # locked, read-only, disk full: not damage, so no advice to delete
        raise
    except sqlite3.DatabaseError as error:
        db.close()
        message, hint = damaged
        raise SoundingError(f"{message} ({error}).", hint) from error
    except BaseException:
        db.close()
        raise
    return db
