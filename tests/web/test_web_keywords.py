"""Keyword search through the database's full-text index (FTS5 on SQLite, GIN on PostgreSQL):
the same answers as reading every text, kept in step with edits, and actually indexed."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from sounding.web.consultations.models import Consultation, Response
from sounding.web.consultations.queries import keywords

pytestmark = pytest.mark.django_db


def _expected(consultation: Consultation, query: str) -> set[int]:
    """What the search should find, by reading every text: each query word begins a word."""
    terms = keywords.words(query)
    found = set()
    for response in Response.objects.filter(consultation=consultation):
        have = re.findall(r"[^\W_]+", response.text.lower())
        if all(any(w.startswith(t) for w in have) for t in terms):
            found.add(response.pk)
    return found


def _found(consultation: Consultation, query: str) -> set[int]:
    rows = Response.objects.filter(consultation=consultation).select_related("question")
    return set(keywords.matching(rows, query).values_list("pk", flat=True))


def test_keyword_search_finds_what_reading_every_text_finds(ready: Consultation) -> None:
    texts = " ".join(Response.objects.filter(consultation=ready).values_list("text", flat=True))
    common = [w for w, _ in _counts(texts)[:6]]
    queries = [*common, common[0][:3], f"{common[0]} {common[1]}", "PARKING", "script"]
    for query in queries:
        expected = _expected(ready, query)
        assert _found(ready, query) == expected, query
    assert _found(ready, "park")  # a word's beginning is enough
    assert not _found(ready, "zzzqqq")
    assert _found(ready, "<script>") == _expected(ready, "script")  # markup is just words


def _counts(text: str) -> list[tuple[str, int]]:
    from collections import Counter

    return Counter(w for w in re.findall(r"[a-z]{5,}", text.lower())).most_common()


def test_the_index_follows_edits_and_deletions(ready: Consultation) -> None:
    response = Response.objects.filter(consultation=ready).exclude(text="").first()
    Response.objects.filter(pk=response.pk).update(text="Quixotic trampolines everywhere")
    assert _found(ready, "quixotic tramp") == {response.pk}
    old_word = "trampolines"
    Response.objects.filter(pk=response.pk).update(text="Nothing left")
    assert not _found(ready, old_word)
    Response.objects.create(
        consultation=ready, question=response.question, respondent_id="new", text="Zebra café"
    )
    assert len(_found(ready, "Zebra CAF")) == 1
    ready.questions.all().delete()
    assert not _found(ready, "zebra")


def test_search_uses_the_index() -> None:
    rows = keywords.matching(Response.objects.all(), "parking fees")
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            plan = " ".join(str(row) for row in cursor.fetchall())
            assert "VIRTUAL TABLE INDEX" in plan, plan
        else:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            plan = " ".join(row[0] for row in cursor.fetchall())
            assert keywords.PG_INDEX in plan, plan


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite rebuilds tables it alters")
def test_lost_triggers_are_made_again(ready: Consultation) -> None:
    """A migration that rebuilds the responses table drops its triggers; `migrate` (through
    `ensure_index`) puts them back and refills the index."""
    with connection.cursor() as cursor:
        for name in keywords.TRIGGERS:
            cursor.execute(f"DROP TRIGGER {name}")
        cursor.execute(f"DELETE FROM {keywords.FTS}")
    response = Response.objects.filter(consultation=ready).exclude(text="").first()
    Response.objects.filter(pk=response.pk).update(text="Unmistakable wording")
    assert not _found(ready, "unmistakable")
    keywords.ensure_index(connection)
    assert _found(ready, "unmistakable") == {response.pk}
    Response.objects.filter(pk=response.pk).update(text="Other words")
    assert not _found(ready, "unmistakable")


def test_other_databases_fall_back_to_substrings(
    ready: Consultation, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(connection, "vendor", "mysql")
    assert _found(ready, "park") == _expected_substring(ready, "park")
    assert _found(ready, "!!!") == set()


def _expected_substring(consultation: Consultation, word: str) -> set[int]:
    rows = Response.objects.filter(consultation=consultation, text__icontains=word)
    return set(rows.values_list("pk", flat=True))


def test_a_huge_response_is_saved_and_found(ready: Consultation) -> None:
    """PostgreSQL's tsvector holds at most 1 MB: only the start of a huge text is indexed,
    and saving it must not fail."""
    question = ready.questions.first()
    text = "Opening words " + " ".join(f"w{i}" for i in range(300_000))
    huge = Response.objects.create(
        consultation=ready, question=question, respondent_id="huge", text=text
    )
    assert _found(ready, "opening w12") == {huge.pk}
