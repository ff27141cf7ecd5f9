"""Which class embeds for a configured model name: the built-in int8 MiniLM through ONNX
Runtime, or anything sentence-transformers can load (including the built-in float MiniLM)."""

from __future__ import annotations

from sounding.embeddings.base import Embedder
from sounding.embeddings.onnx_minilm import NAME as INT8_MINILM
from sounding.embeddings.onnx_minilm import OnnxMiniLMEmbedder
from sounding.embeddings.sentence_transformer import SentenceTransformerEmbedder


def load_embedder(name: str, batch_size: int) -> Embedder:
    """The embedder for `name` (loaded lazily, on first use)."""
    if name == INT8_MINILM:
        return OnnxMiniLMEmbedder(batch_size=batch_size)
    return SentenceTransformerEmbedder(name, batch_size)
