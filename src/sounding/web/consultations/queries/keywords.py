"""Keyword search over responses with the database's own full-text index.

`LIKE '%word%'` reads every response's text on every search, which is slow at 100,000
responses. Instead each word of the query must begin a word of the response (so "park"
finds "parking", case and accents aside), answered from an index:

- SQLite: an FTS5 table over the responses' text (external content, kept in step by
  triggers), queried with MATCH and prefix terms;
- PostgreSQL: a stored generated column holding `to_tsvector('simple', text)` (no stemming,
  like FTS5's tokenizer; accents count, unlike FTS5) with a GIN index, queried with
  `to_tsquery` and prefix terms. Stored, not an index on the expression: for a common word
  the planner rightly scans the table, and recomputing every response's vector then took
  seconds at 100,000 responses, where reading the stored one takes milliseconds;
- anything else: one `icontains` per word.

`ensure_index` creates what the database needs; the migration calls it, and so does every
`migrate` (SQLite rebuilds a table it alters, dropping its triggers).
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.db import DatabaseError, connections, transaction
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from sounding.web.consultations.models import Question, Response, ResponseTheme, Theme

log = logging.getLogger("sounding.web")

#: Words of a query that are searched for; more are ignored.
MAX_WORDS = 20
#: How much of a response PostgreSQL indexes (far beyond any real answer's length).
PG_INDEXED_CHARS = 100_000
WORD = re.compile(r"[^\W_]+")

TABLE = Response._meta.db_table
FTS = f"{TABLE}_fts"
PG_COLUMN = "text_search"
PG_INDEX = f"{TABLE}_text_search"
#: The expression index an earlier version of this module made (dropped when found).
PG_OLD_INDEX = f"{TABLE}_text_fts"
TRIGGERS = {
    f"{FTS}_ai": f"AFTER INSERT ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}(rowid, text) VALUES (new.id, new.text); END",
    f"{FTS}_ad": f"AFTER DELETE ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, text) VALUES ('delete', old.id, old.text); END",
    f"{FTS}_au": f"AFTER UPDATE OF text ON {TABLE} BEGIN "
    f"INSERT INTO {FTS}({FTS}, rowid, text) VALUES ('delete', old.id, old.text); "
    f"INSERT INTO {FTS}(rowid, text) VALUES (new.id, new.text); END",
}


def words(query: str) -> list[str]:
    return WORD.findall(query.lower())[:MAX_WORDS]


def matching(rows: QuerySet[Response], query: str) -> QuerySet[Response]:
    """`rows` whose text has, for every word of `query`, a word beginning with it. A query
    with no words (only punctuation) falls back to matching it as a substring."""
    terms = words(query)
    if not terms:
        return rows.filter(text__icontains=query) if query.strip() else rows
    connection = connections[rows.db]
    vendor = connection.vendor
    if vendor == "sqlite" and _has_fts(connection):
        match = " ".join(f'"{t}"*' for t in terms)
        sql = f'"{TABLE}"."id" IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)'
        return rows.filter(RawSQL(sql, [match], output_field=BooleanField()))
    if vendor == "postgresql":
        tsquery = " & ".join(f"'{t}':*" for t in terms)
        sql = f'"{TABLE}"."{PG_COLUMN}" @@ to_tsquery(\'simple\'::regconfig, %s)'
        return rows.filter(RawSQL(sql, [tsquery], output_field=BooleanField()))
    every = Q()
    for term in terms:
        every &= Q(text__icontains=term)
    return rows.filter(every)


def _pg_vector(column: str) -> str:
    """The expression the stored column holds.

    Everything but letters and digits becomes a space first, so PostgreSQL's parser sees
    plain words: left alone, it would drop "<script>" as a tag and keep "a/b" as a path.
    Only the first PG_INDEXED_CHARS characters are indexed: a tsvector holds at most 1 MB,
    and a longer one would make saving the response fail."""
    words_only = f"regexp_replace(left({column}, {PG_INDEXED_CHARS}), '[^[:alnum:]]+', ' ', 'g')"
    return f"to_tsvector('simple'::regconfig, {words_only})"


def _has_fts(connection: Any) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s", [FTS])
        return cursor.fetchone() is not None


def ensure_index(connection: Any) -> None:
    """Create the keyword index for `connection`'s database if it is missing (SQLite: also
    the triggers, filling the index from the table when any had to be made)."""
    if TABLE not in connection.introspection.table_names():
        return  # migrated back before the responses existed
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {PG_OLD_INDEX}")
            cursor.execute(
                f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS {PG_COLUMN} tsvector "
                f"GENERATED ALWAYS AS ({_pg_vector('text')}) STORED"
            )
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON {TABLE} USING GIN ({PG_COLUMN})"
            )
    elif connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            present = {name for (name,) in cursor.fetchall()}
            if _has_fts(connection) and present >= set(TRIGGERS):
                return
            cursor.execute(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(text, "
                f"content='{TABLE}', content_rowid='id', "
                "tokenize='unicode61 remove_diacritics 2')"
            )
            for name, body in TRIGGERS.items():
                cursor.execute(f"CREATE TRIGGER IF NOT EXISTS {name} {body}")
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('rebuild')")


def refresh_statistics(connection: Any) -> None:
    """Let PostgreSQL's planner know the responses, codings and themes just stored, so it
    chooses the index for the first searches too, and joins a question's codings to their
    responses in one pass for the counts (guessing one theme per question, it looked up a
    million responses one by one), not only once autovacuum has got round to the tables
    (if it runs at all)."""
    if connection.vendor != "postgresql":
        return
    tables = [TABLE, ResponseTheme._meta.db_table, Theme._meta.db_table, Question._meta.db_table]
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(tables)}")
    except DatabaseError:  # e.g. not the tables' owner: autovacuum will do it later
        log.warning("Could not ANALYZE %s; pages may be slow until autovacuum does", TABLE)


def drop_index(connection: Any) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {PG_INDEX}")
            cursor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS {PG_COLUMN}")
        elif connection.vendor == "sqlite":
            for name in TRIGGERS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS}")
