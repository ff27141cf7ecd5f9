"""The Consult use case, wiring adapters (files, model, cache) to the analysis core.

The CLI calls this today and the web app will call it too, so neither re-implements the
steps: build the pipeline from settings, read the input, analyse, write the outputs.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sounding.config import Settings
from sounding.consult.assign import LearnedAssigner, SimilarityAssigner
from sounding.consult.codebook import CodebookDiscoverer, CodebookTheme
from sounding.consult.discover import KeyPointDiscoverer
from sounding.consult.duplicates import DuplicateFinder
from sounding.consult.model import Analysis, Consultation
from sounding.consult.pipeline import ConsultPipeline
from sounding.embeddings.cached import CachedEmbedder
from sounding.embeddings.sentence_transformer import SentenceTransformerEmbedder
from sounding.files.write import write_outputs
from sounding.progress import Progress
from sounding.storage.vector_cache import VectorCache
from sounding.versions import package_versions


@contextmanager
def open_embedder(settings: Settings) -> Iterator[CachedEmbedder]:
    """The configured model behind the vector cache in SOUNDING_HOME."""
    cache = VectorCache(settings.cache_dir / "vectors.sqlite")
    try:
        model = SentenceTransformerEmbedder(settings.embedding_model, settings.embedding_batch_size)
        yield CachedEmbedder(model, cache)
    finally:
        cache.close()


def build_pipeline(
    settings: Settings,
    embedder: CachedEmbedder,
    codebook: list[CodebookTheme] | None = None,
) -> ConsultPipeline:
    """The pipeline the settings describe: discovering themes, or using `codebook`'s."""
    knobs = settings.consult
    discoverer: CodebookDiscoverer | KeyPointDiscoverer
    assigner: SimilarityAssigner | LearnedAssigner = SimilarityAssigner(
        threshold=knobs.assign_threshold,
        margin=knobs.assign_margin,
        max_per_response=knobs.max_themes_per_response,
    )
    if codebook is not None:
        discoverer = CodebookDiscoverer(codebook)
        if knobs.deductive_matcher == "learned":
            assigner = LearnedAssigner(fallback=assigner)
    else:
        discoverer = KeyPointDiscoverer(
            distance_threshold=knobs.cluster_threshold,
            min_size=knobs.min_theme_size,
            min_share=knobs.min_theme_share,
            max_themes=knobs.max_themes,
            sample=knobs.discovery_sample,
            seed=knobs.seed,
        )
    return ConsultPipeline(
        embedder=embedder,
        deduplicator=DuplicateFinder(threshold=knobs.near_duplicate_threshold, seed=knobs.seed + 1),
        discoverer=discoverer,
        assigner=assigner,
        min_campaign_size=knobs.min_campaign_size,
        min_campaign_words=knobs.min_campaign_words,
        quotes_per_theme=knobs.quotes_per_theme,
        max_embed_words=settings.max_embed_words,
    )


def analyse(
    consultation: Consultation,
    out_dir: Path,
    settings: Settings,
    progress: Progress | None = None,
    codebook: list[CodebookTheme] | None = None,
) -> Analysis:
    """Analyse a consultation and write every output file into `out_dir`.

    With a `codebook`, responses are assigned to its themes instead of discovered ones."""
    with open_embedder(settings) as embedder:
        pipeline = build_pipeline(settings, embedder, codebook)
        recorded = {
            **settings.public_dict(),
            "mode": "deductive" if codebook is not None else "discovery",
        }
        analysis = pipeline.run(consultation, progress, recorded, package_versions())
        analysis.timings["embedding_cache_hits"] = embedder.hits
        analysis.timings["embedding_cache_misses"] = embedder.misses
    write_outputs(analysis, out_dir)
    return analysis
