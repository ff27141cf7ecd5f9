from pathlib import Path

import numpy as np
import pytest

from sounding.embeddings.cached import CachedEmbedder
from sounding.embeddings.sentence_transformer import (
    BUILTIN_MODELS,
    SentenceTransformerEmbedder,
    resolve_builtin,
)
from sounding.errors import SoundingError
from sounding.storage.vector_cache import VectorCache


def test_cache_embeds_each_text_once_across_runs(tmp_path: Path, word_embedder):
    path = tmp_path / "vectors.sqlite"
    cached = CachedEmbedder(word_embedder, VectorCache(path))
    first = cached.embed(["cars on pavements", "buses are slow"])
    assert (cached.hits, cached.misses) == (0, 2)

    again = CachedEmbedder(word_embedder, VectorCache(path))
    second = again.embed(["buses are slow", "cars on pavements", "new text here"])
    assert (again.hits, again.misses) == (2, 1)
    assert word_embedder.calls == [2, 1]
    np.testing.assert_array_equal(second[0], first[1])
    np.testing.assert_array_equal(second[1], first[0])


def test_unknown_builtin_model_is_a_clear_error():
    with pytest.raises(SoundingError, match="Unknown built-in model"):
        resolve_builtin("builtin:nope")


def test_builtin_weights_are_checked_against_the_pinned_hash(monkeypatch):
    key = "all-MiniLM-L6-v2"
    module, weights, _ = BUILTIN_MODELS[key]
    monkeypatch.setitem(BUILTIN_MODELS, key, (module, weights, "0" * 64))
    with pytest.raises(SoundingError, match="Checksum mismatch"):
        resolve_builtin("builtin:" + key)


@pytest.mark.slow
def test_builtin_model_embeds_offline_with_unit_vectors():
    embedder = SentenceTransformerEmbedder("builtin:all-MiniLM-L6-v2")
    vectors = embedder.embed(["Pavement parking blocks wheelchairs.", "Cars park on footways."])
    assert vectors.shape == (2, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    assert vectors[0] @ vectors[1] > 0.3


def test_missing_model_is_a_clear_error(tmp_path: Path):
    embedder = SentenceTransformerEmbedder(str(tmp_path / "no-such-model"))
    with pytest.raises(SoundingError, match="Could not load embedding model"):
        embedder.embed(["text"])
