"""What of a response the embedding model sees, and how its pieces make one vector.

The pipeline embeds a response's cleaned text, in pieces of at most `max_words` words so
no part of a long response is ignored, and averages the pieces' vectors. Whatever else
compares responses by meaning (search) uses the same two steps, so it compares the vectors
the analysis compared, and reads them back from the vector cache instead of computing them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from sounding.consult.normalise import clean


def split_long(text: str, max_words: int) -> list[str]:
    """Pieces of at most `max_words` words, so an over-long response is embedded whole."""
    words = text.split()
    if len(words) <= max_words:
        return [text]
    return [" ".join(words[i : i + max_words]) for i in range(0, len(words), max_words)]


def pieces_to_embed(text: str, max_words: int) -> list[str]:
    """The pieces the pipeline embeds for a response whose text, as given, is `text`."""
    return split_long(clean(text), max_words)


def mean_vector(pieces: Sequence[str], vectors: Mapping[str, np.ndarray]) -> np.ndarray:
    """A response's vector from its pieces' (not yet scaled to unit length)."""
    if len(pieces) == 1:
        return vectors[pieces[0]]
    return np.asarray(np.mean([vectors[p] for p in pieces], axis=0))
