"""The Consult use cases analyse and re-assign, wiring adapters (model, cache, files) to
the analysis core.

The command line and the web app's jobs both call `analyse`, so neither re-implements the
steps: build the pipeline from settings, analyse, record how, write the outputs. A codebook
makes it deductive: the command line's `--themes`, and the web app's re-assign job.
"""

from __future__ import annotations

from pathlib import Path

from sounding.config import Settings
from sounding.consult.assign import LearnedAssigner, SimilarityAssigner
from sounding.consult.clustering import AdaptiveLinkage
from sounding.consult.codebook import CodebookDiscoverer, CodebookTheme
from sounding.consult.discover import KeyPointDiscoverer
from sounding.consult.duplicates import DuplicateFinder
from sounding.consult.language import LanguageDetector
from sounding.consult.links import CrossQuestionLinker
from sounding.consult.llm_stages import (
    LLMAssigner,
    LLMLinkChecker,
    LLMSummariser,
    LLMThemeWriter,
)
from sounding.consult.model import Analysis, Consultation
from sounding.consult.pipeline import Checkpoints, ConsultPipeline
from sounding.consult.stages import Assigner, Discoverer, Linker, Summariser
from sounding.consult.tone import ToneEstimator
from sounding.embeddings.base import Embedder
from sounding.embeddings.cached import CachedEmbedder
from sounding.engines.base import Engine, LocalEngine
from sounding.files.write import check_output_folder, write_outputs
from sounding.llm.metered import DryRunModel, MeteredModel
from sounding.llm.prompt import StructuredModel
from sounding.privacy.redact import redact
from sounding.progress import Progress
from sounding.prompts import consult as prompts
from sounding.services.embedding import open_embedder, open_multilingual_embedder
from sounding.services.engine import open_engine
from sounding.services.model import llm_usage
from sounding.versions import package_versions


def redact_text(text: str) -> str:
    """What may leave the machine: the text with personal data replaced by placeholders."""
    return redact(text).text


def build_pipeline(
    settings: Settings,
    embedder: CachedEmbedder,
    codebook: list[CodebookTheme] | None = None,
    model: StructuredModel | None = None,
    multilingual: Embedder | None = None,
    engine: Engine | None = None,
) -> ConsultPipeline:
    """The pipeline the settings describe: discovering themes, or using `codebook`'s, and
    with `model`, letting a language model name themes and code responses; `multilingual`
    embeds questions answered in more than one language (consult.languages); `engine`: where
    the shardable stages run (default: this process)."""
    knobs = settings.consult
    engine = engine or LocalEngine()
    # One estimator, fitted once, for the themes' tone and for splitting clusters by tone.
    tone = ToneEstimator(knobs.tone)
    similarity = SimilarityAssigner(
        threshold=knobs.assign_threshold,
        margin=knobs.assign_margin,
        max_per_response=knobs.max_themes_per_response,
        engine=engine,
    )
    discoverer: Discoverer
    assigner: Assigner = similarity
    summariser: Summariser | None = None
    # An analyst's codebook already says which themes apply to which questions.
    linker: Linker | None = None
    if codebook is None:
        linker = CrossQuestionLinker(knobs.cross_question_similarity)
    if codebook is not None:
        discoverer = CodebookDiscoverer(codebook)
        # Themes given with the responses they hold (the web app's edited ones) are matched
        # as discovered themes are, by those responses too; the learned matcher reads labels.
        by_example = any(theme.examples for theme in codebook)
        if knobs.deductive_matcher == "learned" and not by_example:
            assigner = LearnedAssigner(fallback=similarity)
    else:
        discoverer = KeyPointDiscoverer(
            clusterer=AdaptiveLinkage(
                knobs.cluster_threshold, largest_min_size=knobs.min_theme_size
            ),
            min_size=knobs.min_theme_size,
            min_share=knobs.min_theme_share,
            max_themes=knobs.max_themes,
            sample=knobs.discovery_sample,
            seed=knobs.seed,
            split_distance=knobs.cluster_threshold,
            # Splitting clusters by tone uses the same estimate; `tone = never` turns it off.
            lean=None if knobs.tone == "never" else tone.lean,
        )
    if model is not None:
        if codebook is None:
            discoverer = LLMThemeWriter(
                discoverer, model, redact_text, one_call_limit=knobs.llm_one_call_limit
            )
        assigner = LLMAssigner(
            model,
            redact_text,
            similarity=similarity,
            candidates=knobs.llm_candidates,
            batch_size=knobs.llm_batch_size,
            sample_size=knobs.llm_sample_size,
            seed=knobs.seed,
        )
        summariser = LLMSummariser(model, redact_text, themes_per_call=knobs.llm_summary_batch_size)
        if linker is not None:
            candidates = CrossQuestionLinker(knobs.llm_cross_question_similarity)
            linker = LLMLinkChecker(
                candidates,
                model,
                redact_text,
                min_answers=knobs.llm_link_check_min_answers,
                unchecked=CrossQuestionLinker(knobs.cross_question_similarity),
            )
    return ConsultPipeline(
        embedder=embedder,
        deduplicator=DuplicateFinder(
            threshold=knobs.near_duplicate_threshold, seed=knobs.seed + 1, engine=engine
        ),
        discoverer=discoverer,
        keep_cluster_members=model is None,
        assigner=assigner,
        min_campaign_size=knobs.min_campaign_size,
        min_campaign_content_words=knobs.min_campaign_content_words,
        quotes_per_theme=knobs.quotes_per_theme,
        max_embed_words=settings.max_embed_words,
        sentence_points_up_to=knobs.sentence_points_up_to,
        tone=tone,
        summariser=summariser,
        linker=linker,
        language_detector=LanguageDetector(knobs.languages) if len(knobs.languages) > 1 else None,
        multilingual_embedder=multilingual,
    )


def analyse(
    consultation: Consultation,
    out_dir: Path | None,
    settings: Settings,
    progress: Progress | None = None,
    codebook: list[CodebookTheme] | None = None,
    model: MeteredModel | DryRunModel | None = None,
    checkpoints: Checkpoints | None = None,
    shared_embedder: bool = False,
) -> Analysis:
    """Analyse a consultation and write every output file into `out_dir` (None: none).

    With a `codebook`, responses are assigned to its themes instead of discovered ones; with
    a `model`, a language model names themes and codes responses (see `open_model`); with
    `checkpoints`, questions an interrupted run finished are not analysed again; with
    `shared_embedder`, a long-lived process reuses its one loaded embedding model."""
    if out_dir is not None:
        check_output_folder(out_dir)
    with (
        open_engine(settings) as engine,
        open_embedder(settings, shared=shared_embedder, engine=engine) as embedder,
        open_multilingual_embedder(settings, shared_embedder, engine) as multilingual,
    ):
        pipeline = build_pipeline(settings, embedder, codebook, model, multilingual, engine)
        # Ask's and Assist's settings shape nothing here: a report listing them would only
        # make its readers wonder why a consultation has a GOV.UK address.
        own = {k: v for k, v in settings.public_dict().items() if k not in ("ask", "assist")}
        recorded = {
            **own,
            # The model with the arithmetic "auto" chose on this CPU, e.g. ...@bfloat16.
            "embedder": embedder.name,
            "mode": "deductive" if codebook is not None else "discovery",
            "llm": None
            if model is None
            else {"prompt_version": prompts.VERSION, "dry_run": isinstance(model, DryRunModel)},
        }
        analysis = pipeline.run(
            consultation, progress, recorded, package_versions(), checkpoints=checkpoints
        )
        analysis.title = settings.consult.title
        if model is not None:
            analysis.settings["llm_usage"] = llm_usage(model, settings)
        # Both models' lookups: a bilingual consultation embedded only by the multilingual
        # one had recorded 0 hits and 0 misses after 191 s of embedding.
        used = [embedder, *([multilingual] if multilingual is not None else [])]
        analysis.timings["embedding_cache_hits"] = sum(e.hits for e in used)
        analysis.timings["embedding_cache_misses"] = sum(e.misses for e in used)
    if out_dir is not None:
        write_outputs(analysis, out_dir)
    return analysis
