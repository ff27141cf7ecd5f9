import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from sounding.config import Settings, configure_libraries
from sounding.embeddings import cached as cached_module
from sounding.embeddings import catalogue, onnx_minilm
from sounding.embeddings.base import width_batches
from sounding.embeddings.cached import CachedEmbedder
from sounding.embeddings.catalogue import load_embedder
from sounding.embeddings.onnx_minilm import NAME as INT8_NAME
from sounding.embeddings.onnx_minilm import OnnxMiniLMEmbedder
from sounding.embeddings.sentence_transformer import (
    BUILTIN_MODELS,
    SentenceTransformerEmbedder,
    resolve_builtin,
)
from sounding.errors import SoundingError
from sounding.storage.shared_sqlite import open_shared
from sounding.storage.vector_cache import VectorCache


def test_cache_embeds_each_text_once_across_runs(tmp_path: Path, word_embedder):
    path = tmp_path / "vectors"
    cached = CachedEmbedder(word_embedder, VectorCache(path))
    first = cached.embed(["cars on pavements", "buses are slow"])
    assert (cached.hits, cached.misses) == (0, 2)

    again = CachedEmbedder(word_embedder, VectorCache(path))
    second = again.embed(["buses are slow", "cars on pavements", "new text here"])
    assert (again.hits, again.misses) == (2, 1)
    assert word_embedder.calls == [2, 1]
    np.testing.assert_array_equal(second[0], first[1])
    np.testing.assert_array_equal(second[1], first[0])


def test_a_run_stopped_half_way_keeps_what_it_embedded(tmp_path: Path, word_embedder, monkeypatch):
    """A worker killed while embedding a large question loses at most one slice."""
    monkeypatch.setattr(cached_module, "SAVE_EVERY", 3)
    texts = [f"response number {i} about {'buses ' * (i % 4)}" for i in range(8)]
    path = tmp_path / "vectors"

    class Killed(Exception):
        pass

    def dies_on_the_second_slice(batch, progress=None):
        if word_embedder.calls:
            raise Killed
        return type(word_embedder).embed(word_embedder, batch, progress)

    monkeypatch.setattr(word_embedder, "embed", dies_on_the_second_slice)
    with pytest.raises(Killed):
        CachedEmbedder(word_embedder, VectorCache(path)).embed(texts)
    monkeypatch.undo()

    resumed = CachedEmbedder(word_embedder, VectorCache(path))
    vectors = resumed.embed(texts)
    assert (resumed.hits, resumed.misses) == (3, 5)
    whole = type(word_embedder)().embed(texts)
    np.testing.assert_array_equal(vectors, whole)


def test_the_vector_cache_is_a_memory_map_that_never_rewrites_a_vector(tmp_path: Path):
    cache = VectorCache(tmp_path / "vectors")
    first = np.arange(8, dtype=np.float32).reshape(2, 4)
    cache.put_many("m", [("a", first[0]), ("b", first[1])])
    cache.put_many("m", [("b", np.full(4, 9.0, np.float32)), ("c", np.ones(4, np.float32))])
    cache.put_many("m", [("c", np.zeros(4, np.float32))] * 2)  # given twice: still the first
    matrix = cache.matrix("m")
    assert isinstance(matrix, np.memmap) and matrix.shape == (3, 4)
    held = {
        key: vector
        for keys, vectors in cache.gather("m", ["c", "b", "zz"])
        for key, vector in zip(keys, vectors, strict=True)
    }
    assert sorted(held) == ["b", "c"]
    np.testing.assert_array_equal(held["b"], first[1])  # the first vector stored stays
    np.testing.assert_array_equal(held["c"], np.ones(4))
    assert cache.matrix("other").shape == (0, 0)
    with pytest.raises(ValueError, match="3-dimensional"):
        cache.put_many("m", [("d", np.ones(3, np.float32))])


def test_a_damaged_cache_says_so_and_leaves_no_file_open(tmp_path: Path, monkeypatch):
    (tmp_path / "index.sqlite").write_bytes(b"not a database at all " * 200)
    opened: list[sqlite3.Connection] = []
    connect = sqlite3.connect

    def recording(*args, **kwargs) -> sqlite3.Connection:
        opened.append(connect(*args, **kwargs))
        return opened[-1]

    monkeypatch.setattr(sqlite3, "connect", recording)
    with pytest.raises(SoundingError, match="cannot be read") as raised:
        VectorCache(tmp_path)
    assert "Delete that folder" in raised.value.hint
    with pytest.raises(sqlite3.ProgrammingError):  # closed
        opened[0].execute("SELECT 1")


def test_a_busy_or_read_only_database_is_not_called_damaged(tmp_path: Path):
    """Only a file that is not a database gets the advice to delete it; a lock that outlasts
    the busy timeout is reported as SQLite says, and the connection is still closed."""
    opened: list[sqlite3.Connection] = []

    def locked(db: sqlite3.Connection) -> None:
        opened.append(db)
        raise sqlite3.OperationalError("database is locked")

    with pytest.raises(sqlite3.OperationalError, match="locked"):
        open_shared(tmp_path / "x.sqlite", tmp_path / "x.lock", locked, damaged=("x", "y"))
    with pytest.raises(sqlite3.ProgrammingError):  # closed
        opened[0].execute("SELECT 1")


def test_a_writer_killed_mid_row_leaves_the_cache_readable(tmp_path: Path):
    """Rows are synced before their index entries are committed: a torn tail is written
    over by the next writer, and no entry ever points into it."""
    cache = VectorCache(tmp_path / "vectors")
    cache.put_many("m", [("a", np.ones(4, np.float32))])
    file = next((tmp_path / "vectors").glob("*.f32"))
    with file.open("ab") as torn:
        torn.write(b"\x00" * 6)  # part of a row: a write killed half-way
    again = VectorCache(tmp_path / "vectors")
    again.put_many("m", [("b", np.full(4, 2.0, np.float32))])
    assert file.stat().st_size == 2 * 16
    np.testing.assert_array_equal(again.matrix("m")[again.rows("m", ["b"])["b"]], np.full(4, 2.0))


def test_processes_share_one_vector_cache(tmp_path: Path):
    """The command line and the web app's worker may open a new cache and write at once."""
    script = (
        "import sys, time, numpy as np; from pathlib import Path;"
        "from sounding.storage.vector_cache import VectorCache;"
        "w = int(sys.argv[2]); start = float(sys.argv[3])\n"
        "while time.time() < start: time.sleep(0.001)\n"  # all open the new cache together
        "c = VectorCache(Path(sys.argv[1]));"
        "[c.put_many('m', [(f'{w}-{i}-{j}', np.full(8, w * 1000 + i * 10 + j, np.float32))"
        " for j in range(10)]) for i in range(30)]"
    )
    folder = tmp_path / "vectors"
    start = time.time() + 3  # after every interpreter has imported Sounding
    workers = (1, 2, 3)
    writers = [
        subprocess.Popen([sys.executable, "-c", script, str(folder), str(w), str(start)])
        for w in workers
    ]
    assert [w.wait(timeout=120) for w in writers] == [0] * len(workers)
    cache = VectorCache(folder)
    keys = [f"{w}-{i}-{j}" for w in workers for i in range(30) for j in range(10)]
    for held, vectors in cache.gather("m", keys):
        for key, vector in zip(held, vectors, strict=True):
            w, i, j = map(int, key.split("-"))
            assert set(vector) == {w * 1000 + i * 10 + j}
    assert cache.matrix("m").shape == (900, 8)


def test_unknown_builtin_model_is_a_clear_error():
    with pytest.raises(SoundingError, match="Unknown built-in model"):
        resolve_builtin("builtin:nope")


def test_builtin_weights_are_checked_against_the_pinned_hash(monkeypatch):
    key = "all-MiniLM-L6-v2"
    module, weights, _ = BUILTIN_MODELS[key]
    monkeypatch.setitem(BUILTIN_MODELS, key, (module, weights, "0" * 64))
    with pytest.raises(SoundingError, match="Checksum mismatch"):
        resolve_builtin("builtin:" + key)


@pytest.mark.slow
def test_builtin_model_embeds_offline_with_unit_vectors():
    embedder = SentenceTransformerEmbedder("builtin:all-MiniLM-L6-v2")
    vectors = embedder.embed(["Pavement parking blocks wheelchairs.", "Cars park on footways."])
    assert vectors.shape == (2, 384)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    assert vectors[0] @ vectors[1] > 0.3


def test_missing_model_is_a_clear_error(tmp_path: Path):
    embedder = SentenceTransformerEmbedder(str(tmp_path / "no-such-model"))
    with pytest.raises(SoundingError, match="Could not load embedding model"):
        embedder.embed(["text"])


NO_NETWORK = """
import socket, sys
attempts = []
def refuse(*address):
    attempts.append(address)
    raise OSError("no network")
socket.getaddrinfo = refuse
import sounding.cli.main  # start-up, as `sounding` runs it
from sounding.embeddings.sentence_transformer import SentenceTransformerEmbedder
from sounding.errors import SoundingError
try:
    SentenceTransformerEmbedder(sys.argv[1]).embed(["text"])
except SoundingError:
    pass
print(len(attempts))
"""


@pytest.mark.slow
def test_loading_a_model_never_asks_the_hub(tmp_path: Path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HF_", "TRANSFORMERS_"))}
    for model in ("builtin:all-MiniLM-L6-v2", "sentence-transformers/in-no-cache"):
        probe = [sys.executable, "-c", NO_NETWORK, model]
        result = subprocess.run(probe, capture_output=True, text=True, env=env, check=True)
        assert result.stdout.split()[-1] == "0", result.stderr


def test_libraries_are_told_only_what_the_user_has_not_set():
    environ = {"HF_HUB_OFFLINE": "0"}
    configure_libraries(environ)
    assert environ["HF_HUB_OFFLINE"] == "0" and environ["TRANSFORMERS_OFFLINE"] == "1"


# -- the default: the same MiniLM with int8 weights through ONNX Runtime -----------------------

TEXTS = [
    "Pavement parking blocks wheelchairs and pushchairs.",
    "Cars park on footways.",
    "I support the ban, but councils need money to enforce it properly in every street.",
    "",
    "Ban",
]


def test_the_catalogue_picks_backend_and_precision_by_cpu(monkeypatch, tmp_path: Path):
    builtin = "builtin:all-MiniLM-L6-v2"
    assert Settings().embedding_model == builtin and Settings().embedding_precision == "auto"
    monkeypatch.setattr(catalogue, "native_bfloat16", lambda: True)
    chosen = load_embedder(builtin, 8)
    assert isinstance(chosen, SentenceTransformerEmbedder) and chosen.precision == "bfloat16"
    assert chosen.name == builtin + "@bfloat16"  # cached vectors never mix arithmetic
    monkeypatch.setattr(catalogue, "native_bfloat16", lambda: False)
    assert isinstance(load_embedder(builtin, 8), OnnxMiniLMEmbedder)
    assert load_embedder("some/folder", 8).name == "some/folder"  # float32 for the rest
    assert load_embedder(builtin, 8, "float32").name == builtin
    assert load_embedder(builtin, 8, "int8").name == INT8_NAME
    with pytest.raises(SoundingError, match="only available for"):
        load_embedder("some/folder", 8, "int8")


def test_native_bfloat16_is_read_from_the_cpu_flags(tmp_path: Path):
    catalogue.native_bfloat16.cache_clear()
    amx, avx2, empty = tmp_path / "amx", tmp_path / "avx2", tmp_path / "none"
    amx.write_text("processor\t: 0\nflags\t\t: fpu avx2 avx512f amx_bf16 amx_tile\n")
    avx2.write_text("processor\t: 0\nflags\t\t: fpu avx avx2 fma\n")
    empty.write_text("")
    assert catalogue.native_bfloat16(amx) is True
    assert catalogue.native_bfloat16(avx2) is False
    assert catalogue.native_bfloat16(empty) is False
    assert catalogue.native_bfloat16(tmp_path / "missing") is False


def test_int8_model_files_are_checked_against_pinned_hashes(monkeypatch):
    monkeypatch.setattr(onnx_minilm, "MODEL_SHA256", "0" * 64)
    with pytest.raises(SoundingError, match="Checksum mismatch"):
        OnnxMiniLMEmbedder().embed(["text"])


@pytest.mark.slow
def test_bfloat16_gives_the_float32_vectors():
    half = SentenceTransformerEmbedder("builtin:all-MiniLM-L6-v2", precision="bfloat16")
    full = SentenceTransformerEmbedder("builtin:all-MiniLM-L6-v2")
    vectors = half.embed(TEXTS)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    assert np.all(np.sum(vectors * full.embed(TEXTS), axis=1) > 0.99)


@pytest.mark.slow
def test_int8_model_gives_the_float_models_vectors_in_input_order():
    int8 = OnnxMiniLMEmbedder(batch_size=2).embed(TEXTS)
    full = SentenceTransformerEmbedder("builtin:all-MiniLM-L6-v2").embed(TEXTS)
    assert int8.shape == (5, 384) and int8.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(int8, axis=1), 1.0, rtol=1e-5)
    assert np.all(np.sum(int8 * full, axis=1) > 0.99)  # batching and padding change nothing
    alone = OnnxMiniLMEmbedder().embed(TEXTS[2:3])
    np.testing.assert_allclose(alone[0], int8[2], atol=1e-5)
    assert OnnxMiniLMEmbedder().embed([]).shape == (0, 384)


@pytest.mark.parametrize("precision", ["float32", "bfloat16", "int8"])
def test_a_texts_vector_does_not_depend_on_the_texts_beside_it(precision: str):
    """Through the vector cache, a text embedded beside other texts (in an earlier run on
    another file) is reused: its vector must be the one it gets alone, to the last bit."""
    embedder = load_embedder("builtin:all-MiniLM-L6-v2", 4, precision)
    text = "The nurse was lovely but the wait was far too long."
    alone = embedder.embed([text])
    beside = embedder.embed(["Short.", text, "A" * 3, "Much longer text " * 20, text.upper()])
    assert np.array_equal(alone[0], beside[1])
    # ... nor on how many of its width are embedded with it: on a CPU with AMX, bfloat16
    # had given it another vector in a batch of 4 or 8 than alone.
    embedder = load_embedder("builtin:all-MiniLM-L6-v2", 16, precision)
    alone = embedder.embed([text])
    same_width = [f"People park badly on street number {n} near here" for n in range(7)]
    for companions in (3, 7):
        assert np.array_equal(alone[0], embedder.embed([text, *same_width[:companions]])[0])


def test_each_text_is_padded_to_a_width_of_its_own_in_few_shapes():
    lengths = [3, 9, 5, 16, 12, 8, 1, 9, 9, 10]
    batches = list(width_batches(lengths, batch_size=2))
    assert batches == [
        (8, [0, 2], 2),
        (8, [5, 6], 2),
        (16, [1, 3], 2),
        (16, [4, 7], 2),
        (16, [8, 9], 2),
    ]
    # One shape per width: a width's last few are made up to a whole batch with copies.
    assert list(width_batches([3] * 7, 4)) == [(8, [0, 1, 2, 3], 4), (8, [4, 5, 6, 6], 3)]


# -- embedders a package registers through an entry point ---------------------------------------

PLUGIN = '''
import hashlib, re
import numpy as np

class WordHash:
    """A third party's embedder: texts sharing words get similar vectors."""

    def __init__(self, model, *, batch_size, precision):
        self.name = f"{model}@{precision}"

    def embed(self, texts, progress=None):
        out = np.zeros((len(texts), 64), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in re.findall(r"[a-z]{3,}", text.lower()):
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % 64] += 1.0
        out[:, 0] += 1e-3  # no empty rows
        if progress is not None:
            progress.advance(len(texts))
        return out / np.linalg.norm(out, axis=1, keepdims=True)
'''


def test_an_embedder_registered_by_a_package_is_used_by_name(tmp_path: Path, install_package):
    from sounding.config import load_settings
    from sounding.demo.consultation import QUESTIONS, write_demo
    from sounding.services.consult import analyse
    from sounding.services.inputs import read_consultation

    install_package(
        "wordhash_embedder", PLUGIN, "[sounding.embedders]\nwordhash = wordhash_embedder:WordHash\n"
    )
    assert "wordhash" in catalogue.EMBEDDERS.names()
    toml = tmp_path / "sounding.toml"
    toml.write_text(f'home = "{tmp_path / "home"}"\nembedding_model = "wordhash:small"\n')
    settings = load_settings(toml, show_progress=False)
    consultation = read_consultation(
        write_demo(tmp_path / "demo.csv", respondents=60, seed=5), question_texts=QUESTIONS
    )[0]
    analysis = analyse(consultation, tmp_path / "out", settings)
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["settings"]["embedder"] == "wordhash:small@auto"
    assert any(q.themes for q in analysis.questions)


def test_an_unknown_embedder_family_names_the_registered_ones():
    with pytest.raises(SoundingError, match="No embedder is registered as 'nope'") as raised:
        load_embedder("nope:model", 8)
    assert "builtin, sentence-transformers" in raised.value.hint
    named = load_embedder("sentence-transformers:some/folder", 8, "float32")
    assert named.name == "some/folder"  # the same vectors as the name without its family
