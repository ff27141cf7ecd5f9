"""The guidance index in the web app's database, re-indexed without embedding twice.

The same contract as `sounding.retrieval.store.PassageStore` (SOUNDING_HOME's SQLite file
for the command line): passages whose digest is known keep their vector.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence

import numpy as np
from django.db import transaction

from sounding.errors import SoundingError
from sounding.retrieval.index import PassageIndex
from sounding.retrieval.passages import Passage
from sounding.retrieval.store import Embed, IndexReport, vectors_for
from sounding.web.ask.models import GuidanceIndex, GuidancePassage

BATCH = 1000
_LOCK = threading.Lock()
_LOADED: dict[str, tuple[int, PassageIndex]] = {}


def write(passages: Sequence[Passage], model: str, embed: Embed) -> IndexReport:
    """Replace the stored passages with `passages`, embedding only what is new."""
    meta = GuidanceIndex.objects.first()
    known: dict[str, np.ndarray] = {}
    if meta is not None and meta.model == model:
        for digest, blob in GuidancePassage.objects.values_list("digest", "vector").iterator():
            known[digest] = np.frombuffer(bytes(blob), dtype=np.float32)
    old_ids = set(GuidancePassage.objects.values_list("passage_id", flat=True))
    vectors, embedded = vectors_for(passages, known, embed)
    with transaction.atomic():
        GuidancePassage.objects.all().delete()
        GuidancePassage.objects.bulk_create(
            (
                GuidancePassage(
                    position=position,
                    passage_id=p.id,
                    document=p.document,
                    url=p.url,
                    title=p.title,
                    headings=list(p.headings),
                    text=p.text,
                    kind=p.kind,
                    updated=p.updated,
                    digest=p.digest,
                    vector=vectors[position].tobytes(),
                )
                for position, p in enumerate(passages)
            ),
            batch_size=BATCH,
        )
        meta = meta or GuidanceIndex(model=model)
        meta.model = model
        meta.version += 1
        meta.save()
    return IndexReport.after(passages, old_ids, embedded)


def _read(kind_weights: Mapping[str, float]) -> PassageIndex:
    passages: list[Passage] = []
    blobs: list[bytes] = []
    rows = GuidancePassage.objects.order_by("position").values_list(
        "passage_id", "document", "url", "title", "headings", "text", "kind", "updated", "vector"
    )
    for pid, document, url, title, headings, text, kind, updated, vector in rows.iterator(
        chunk_size=BATCH
    ):
        passages.append(Passage(pid, document, url, title, tuple(headings), text, kind, updated))
        blobs.append(bytes(vector))
    matrix = np.frombuffer(b"".join(blobs), dtype=np.float32).reshape(len(passages), -1)
    return PassageIndex(passages, matrix, kind_weights=kind_weights)


def load(kind_weights: Mapping[str, float]) -> tuple[str, PassageIndex]:
    """The model name and the index, read once per index version and process."""
    meta = GuidanceIndex.objects.first()
    if meta is None or not GuidancePassage.objects.exists():
        raise SoundingError(
            "Ask has no guidance to answer from yet.",
            "An administrator indexes it with `sounding ask index SOURCE --web`.",
        )
    with _LOCK:
        cached = _LOADED.get(meta.model)
        if cached is None or cached[0] != meta.version:
            cached = (meta.version, _read(kind_weights))
            _LOADED.clear()
            _LOADED[meta.model] = cached
        return meta.model, cached[1]
