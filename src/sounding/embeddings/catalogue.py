"""Which class embeds, and in what arithmetic, for a configured model and precision.

The built-in MiniLM runs fastest in different ways on different CPUs: PyTorch in bfloat16
where the CPU does bfloat16 natively (AMX or AVX-512 BF16: about twice float32's speed),
and the int8 ONNX copy elsewhere (about 1.7x float32 on AVX2, where bfloat16 is emulated
and slow). "auto" picks by the CPU's flags; every choice gives vectors within cosine 0.999
of float32's, and the embedder's name records which was used.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from sounding.embeddings.base import Embedder
from sounding.embeddings.onnx_minilm import OnnxMiniLMEmbedder
from sounding.embeddings.sentence_transformer import BUILTIN_PREFIX, SentenceTransformerEmbedder
from sounding.errors import SoundingError

BUILTIN_MINILM = BUILTIN_PREFIX + "all-MiniLM-L6-v2"
NATIVE_BFLOAT16_FLAGS = {"amx_bf16", "avx512_bf16"}


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


def load_embedder(model: str, batch_size: int, precision: str = "auto") -> Embedder:
    """The embedder for `model` at `precision` (loaded lazily, on first use)."""
    chosen = resolve_precision(model, precision)
    if chosen == "int8":
        return OnnxMiniLMEmbedder(batch_size=batch_size)
    return SentenceTransformerEmbedder(model, batch_size, precision=chosen)
