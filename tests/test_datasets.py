"""Benchmark loaders: counts, gold coding, and a round trip through Sounding's own reader.

The round trip matters most: gold question ids are only useful if they equal the ids the
long-format reader derives from the written consultation.csv.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from sounding.config import load_settings
from sounding.datasets import (
    BenchmarkSet,
    argkp_topics,
    default_data_dir,
    load_argkp,
    load_bills,
    load_gambling_xs,
    write_benchmark,
)
from sounding.datasets.common import (
    CODEBOOK_COLUMNS,
    CONSULTATION_COLUMNS,
    GOLD_COLUMNS,
    label_ids,
    normalise_stance,
)
from sounding.datasets.feedback import load_feedback
from sounding.datasets.short_answers import load_short_answers
from sounding.services.inputs import read_consultation


@pytest.fixture(scope="module")
def data_dir() -> Path:
    found = default_data_dir(load_settings().data_dir)
    if found is None or not found.is_dir():
        pytest.skip("shared benchmark data not found (set SOUNDING_DATA_DIR)")
    return found


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _round_trip(bench: BenchmarkSet, out: Path) -> dict[str, Path]:
    """Write the set, read it back with Sounding, and check every id and text agrees."""
    paths = write_benchmark(bench, out)
    consultation, plan = read_consultation(paths["consultation"])
    assert plan.shape == "long"
    assert (plan.id_column, plan.question_column, plan.response_column) == (
        "response_id",
        "question",
        "response",
    )
    assert not consultation.rejections
    assert [q.id for q in consultation.questions] == list(bench.questions)
    assert [q.text for q in consultation.questions] == list(bench.questions.values())
    read = [(r.question_id, r.id, r.text) for r in consultation.responses]
    assert read == [(r.question_id, r.response_id, r.text) for r in bench.rows]

    gold = _csv(paths["gold"])
    assert list(gold[0]) == list(GOLD_COLUMNS)
    known = {(r.question_id, r.id) for r in consultation.responses}
    assert {(g["question"], g["response_id"]) for g in gold} == known
    codebook = _csv(paths["codebook"])
    assert list(codebook[0]) == list(CODEBOOK_COLUMNS)
    themes = {(c["question"], c["id"]) for c in codebook}
    assert {(g["question"], g["theme_id"]) for g in gold if g["theme_id"]} <= themes
    assert {q for q, _ in themes} <= set(bench.questions)
    return paths


def _check_ids(bench: BenchmarkSet) -> None:
    keys = [(r.question_id, r.response_id) for r in bench.rows]
    assert len(keys) == len(set(keys))
    pairs = [(g.question_id, g.response_id, g.theme_id) for g in bench.gold]
    assert len(pairs) == len(set(pairs))
    assert set(bench.gold_themes()) == set(keys)
    assert len({(c.question_id, c.id) for c in bench.codebook}) == len(bench.codebook)


# --- ArgKP -----------------------------------------------------------------------------


def test_argkp_dev_counts_and_gold(data_dir: Path) -> None:
    bench = load_argkp(data_dir, "dev")
    with (data_dir / "argkp" / "arguments_dev.csv").open(encoding="utf-8", newline="") as f:
        arguments = list(csv.DictReader(f))
    assert bench.name == "argkp" and bench.split == "dev"
    assert len(bench.questions) == 4
    assert list(bench.questions.values()) == argkp_topics(data_dir, "dev")
    assert len(bench.rows) == len(arguments)
    assert len(bench.codebook) == 36
    assert 0.2 < bench.no_theme_share() < 0.4
    assert max(len(t) for t in bench.gold_themes().values()) >= 2  # multi-label
    _check_ids(bench)


def test_argkp_stance_is_closed_answer_and_gold(data_dir: Path) -> None:
    bench = load_argkp(data_dir, "dev")
    with (data_dir / "argkp" / "arguments_dev.csv").open(encoding="utf-8", newline="") as f:
        source = {r["arg_id"]: r["stance"] for r in csv.DictReader(f)}
    expected = {"1": "agree", "-1": "disagree"}
    assert all(r.stance == expected[source[r.response_id]] for r in bench.rows)
    stances = bench.gold_stances()
    assert all(stances[(r.question_id, r.response_id)] == r.stance for r in bench.rows)
    assert {c.stance for c in bench.codebook} == {"agree", "disagree"}
    # Labels only link arguments to key points of the same stance.
    theme_stance = {c.id: c.stance for c in bench.codebook}
    assert all(theme_stance[g.theme_id] == g.stance for g in bench.gold if g.theme_id)


def test_argkp_topic_filter_and_errors(data_dir: Path) -> None:
    topics = argkp_topics(data_dir, "dev")
    bench = load_argkp(data_dir, "dev", topics=[topics[2]])
    assert list(bench.questions.values()) == [topics[2]]
    assert {r.question_id for r in bench.rows} == set(bench.questions)
    assert {c.question_id for c in bench.codebook} == set(bench.questions)
    with pytest.raises(ValueError, match="unknown topic"):
        load_argkp(data_dir, "dev", topics=["We should ban homework"])
    with pytest.raises(ValueError, match="split"):
        load_argkp(data_dir, "test")


def test_argkp_train_round_trip(data_dir: Path, tmp_path: Path) -> None:
    bench = load_argkp(data_dir, "train")
    assert len(bench.questions) == 24
    _check_ids(bench)
    paths = _round_trip(bench, tmp_path)
    consultation, plan = read_consultation(paths["consultation"])
    assert plan.stance_column == "stance"
    assert {r.closed_answer for r in consultation.responses} == {"agree", "disagree"}


def test_argkp_dev_round_trip(data_dir: Path, tmp_path: Path) -> None:
    bench = load_argkp(data_dir, "dev")
    paths = _round_trip(bench, tmp_path)
    header = next(csv.reader(paths["consultation"].open(encoding="utf-8")))
    assert header == list(CONSULTATION_COLUMNS)
    gold = _csv(paths["gold"])
    assert sum(1 for g in gold if not g["theme_id"]) == round(
        bench.no_theme_share() * len(bench.rows)
    )


# --- ThemeFinder gambling_XS -----------------------------------------------------------


def test_gambling_counts_and_gold(data_dir: Path) -> None:
    bench = load_gambling_xs(data_dir)
    assert len(bench.questions) == 2
    assert len(bench.rows) == 200
    assert Counter(r.question_id for r in bench.rows) == dict.fromkeys(bench.questions, 100)
    assert len(bench.codebook) == 22  # 11 a question; the catch-all themes are left out
    assert not any(c.label.lower() == "none of the above" for c in bench.codebook)
    assert all(c.id.startswith(("q1-", "q2-")) for c in bench.codebook)
    assert bench.no_theme_share() == 0.0
    assert max(len(t) for t in bench.gold_themes().values()) >= 2
    _check_ids(bench)


def test_gambling_stance_only_in_gold(data_dir: Path) -> None:
    bench = load_gambling_xs(data_dir)
    assert all(r.stance == "" for r in bench.rows)  # the inputs hold no position
    stances = Counter(bench.gold_stances().values())
    assert set(stances) == {"agree", "disagree", "neutral"}
    first = next(iter(bench.questions))
    assert bench.gold_stances()[(first, "1002")] == "disagree"
    assert {g.theme_stance for g in bench.gold} <= {"positive", "negative", "neutral"}


def test_gambling_round_trip_with_demographics(data_dir: Path, tmp_path: Path) -> None:
    bench = load_gambling_xs(data_dir)
    assert bench.metadata_columns == ["disability", "nation"]
    paths = _round_trip(bench, tmp_path)
    consultation, plan = read_consultation(paths["consultation"])
    assert plan.stance_column is None
    assert plan.metadata_columns == ["disability", "nation"]
    by_id = {(r.question_id, r.id): r for r in consultation.responses}
    assert all(by_id[(r.question_id, r.response_id)].metadata == r.metadata for r in bench.rows)
    assert {r.metadata["nation"] for r in bench.rows} >= {"England", "Scotland"}


# --- TopicGPT bills --------------------------------------------------------------------


def test_bills_topic_single_label(data_dir: Path, tmp_path: Path) -> None:
    bench = load_bills(data_dir)
    assert list(bench.questions.values()) == ["Bill summary"]
    assert len(bench.rows) == 1000
    assert len(bench.codebook) == 21
    assert len(bench.gold) == len(bench.rows)  # exactly one theme each
    assert all(len(t) == 1 for t in bench.gold_themes().values())
    assert all(g.stance == "" for g in bench.gold)
    assert all(r.stance == "" for r in bench.rows)
    assert {c.id for c in bench.codebook} >= {"health", "social-welfare"}
    _check_ids(bench)
    _round_trip(bench, tmp_path)


def test_bills_subtopic_and_limit(data_dir: Path, tmp_path: Path) -> None:
    bench = load_bills(data_dir, level="subtopic")
    assert len(bench.codebook) == 101
    rd = next(c for c in bench.codebook if c.label == "R&D")
    assert rd.id == "r-d" and rd.description.count(";") == 2  # shared by three topics
    small = load_bills(data_dir, level="subtopic", limit=50)
    assert [r.response_id for r in small.rows] == [r.response_id for r in bench.rows[:50]]
    assert {g.theme_id for g in small.gold} == {c.id for c in small.codebook}
    _round_trip(small, tmp_path)
    with pytest.raises(ValueError, match="level"):
        load_bills(data_dir, level="area")


# --- shared helpers --------------------------------------------------------------------


# --- feedback (written for Sounding) ---------------------------------------------------


def test_feedback_counts_pairs_and_round_trip(tmp_path: Path) -> None:
    bench = load_feedback()
    _check_ids(bench)
    assert Counter(r.question_id for r in bench.rows) == Counter(
        {
            "is-there-anything-you-would-like-to-tell": 130,
            "what-do-you-think-of-the-changes-to-the": 110,
            "please-can-you-tell-us-why-you-gave-your": 140,
        }
    )
    used = Counter(g.theme_id for g in bench.gold)
    assert used[""] == 33  # comments that make no point ("ok", "no opinion")
    # The hospital comments carry their rating as the closed answer.
    ratings = Counter(r.stance for r in bench.rows if r.response_id.startswith("R"))
    assert ratings["Very good"] == 63 and ratings["Very poor"] == 12
    # Every theme is used, and each side of a pair is coded separately.
    assert {c.id for c in bench.codebook} == set(used) - {""}
    assert used["gp-visit:wait_long"] == 18 and used["gp-visit:wait_short"] == 10
    _round_trip(bench, tmp_path)


def test_feedback_rejects_an_unknown_theme(tmp_path: Path) -> None:
    path = tmp_path / "comments.jsonl"
    path.write_text('{"question": "gp-visit", "id": "X1", "text": "fine", "themes": ["nope"]}\n')
    with pytest.raises(ValueError, match=r"comments.jsonl line 1: unknown question or theme"):
        load_feedback(path)


# --- short answers (written for Sounding) ---------------------------------------------


def test_short_answers_splits_count_pairs_and_round_trip(tmp_path: Path) -> None:
    train, dev = load_short_answers("train"), load_short_answers("dev")
    for bench, sizes in (
        (
            train,
            {
                "what-do-you-think-is-the-most-important": 307,
                "what-one-thing-would-most-improve-your": 204,
            },
        ),
        (
            dev,
            {
                "if-the-council-could-spend-more-on-just": 257,
                "if-you-did-not-vote-at-the-last-election": 121,
            },
        ),
    ):
        _check_ids(bench)
        assert Counter(r.question_id for r in bench.rows) == Counter(sizes)
        used = Counter(g.theme_id for g in bench.gold)
        assert {c.id for c in bench.codebook} == set(used) - {""}  # every code is used
        assert 0.05 < used[""] / len(bench.rows) < 0.15  # non-answers and one-offs
        _round_trip(bench, tmp_path / bench.name)
    # The splits share no question, so tuning on one says nothing of the other by design.
    assert not set(train.questions) & set(dev.questions)
    assert len(train.gold) == 573 and len(dev.gold) == 416  # some answers name two things


def test_short_answers_refuse_an_unknown_split_or_code(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Unknown split 'test'"):
        load_short_answers("test")
    path = tmp_path / "answers.jsonl"
    path.write_text(
        '{"question": "why-not-vote", "id": "X1", "text": "busy", "themes": ["nope"]}\n'
    )
    with pytest.raises(ValueError, match=r"answers.jsonl line 1: unknown theme\(s\) \['nope'\]"):
        load_short_answers("dev", path)


def test_data_dir_setting(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SOUNDING_DATA_DIR", str(tmp_path))
    assert default_data_dir(load_settings().data_dir) == tmp_path
    monkeypatch.delenv("SOUNDING_DATA_DIR")
    assert load_settings().data_dir is None
    found = default_data_dir()
    assert found is None or found.name == "data"


def test_missing_data_names_the_setting(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="SOUNDING_DATA_DIR"):
        load_argkp(tmp_path)
    with pytest.raises(FileNotFoundError, match="SOUNDING_DATA_DIR"):
        load_gambling_xs(tmp_path)
    with pytest.raises(FileNotFoundError, match="SOUNDING_DATA_DIR"):
        load_bills(tmp_path)


def test_stance_and_label_helpers() -> None:
    assert [normalise_stance(v) for v in ("1", "-1", "AGREE", "Disagree", "UNCLEAR", "")] == [
        "agree",
        "disagree",
        "agree",
        "disagree",
        "neutral",
        "",
    ]
    with pytest.raises(ValueError):
        normalise_stance("sideways")
    assert label_ids(["R&D", "R & D", "Health"]) == {
        "R&D": "r-d",
        "R & D": "r-d-2",
        "Health": "health",
    }


def test_write_rejects_ids_the_reader_would_change(tmp_path: Path) -> None:
    from sounding.datasets import ResponseRow

    bench = BenchmarkSet(
        "bad", {"q-one": "Question one?"}, [ResponseRow("1", "q-one", "x")], [], []
    )
    with pytest.raises(ValueError, match="read back"):
        write_benchmark(bench, tmp_path)
