"""Baseline for the scale benchmark: load the model and embed every non-blank response.

This is what any embedding-based analysis must at least do; the pipeline's total time is
compared with it.

    embed_only.py FILE [SAMPLE]

SAMPLE (0 to 1): embed only that share of the texts, drawn uniformly with a fixed seed, so
the time of embedding them all can be projected without spending it (used at 1,000,000).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from sounding.config import load_settings
from sounding.consult.normalise import blank_reason, clean
from sounding.embeddings.catalogue import load_embedder
from sounding.services.inputs import read_consultation


def main() -> None:
    consultation, _ = read_consultation(Path(sys.argv[1]))
    texts = [clean(r.text) for r in consultation.responses]
    texts = [t for t in texts if not blank_reason(t)]
    if len(sys.argv) > 2:
        share = float(sys.argv[2])
        texts = random.Random(0).sample(texts, round(share * len(texts)))
    settings = load_settings()
    embedder = load_embedder(
        settings.embedding_model, settings.embedding_batch_size, settings.embedding_precision
    )
    vectors = embedder.embed(texts)
    print(len(texts), vectors.shape)


if __name__ == "__main__":
    main()
