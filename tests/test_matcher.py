"""The learned matcher used in deductive mode."""

from __future__ import annotations

import numpy as np
import pytest

from sounding.consult.assign import LearnedAssigner, SimilarityAssigner
from sounding.consult.matcher import WEIGHTS_PATH, LearnedMatcher
from sounding.consult.model import Stance
from sounding.consult.stages import Discovery, QuestionData, ThemeSeed


def unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


@pytest.fixture
def space() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Responses scattered around three theme directions, plus a shared topic direction."""
    rng = np.random.default_rng(0)
    topic = np.zeros(16)
    topic[0] = 1.0
    themes = unit(np.eye(16)[1:4] + 0.8 * topic)
    owners = np.repeat(np.arange(3), 12)
    responses = unit(themes[owners] + 0.15 * rng.standard_normal((36, 16)))
    return responses, themes, owners


def test_weights_load_without_pickle_and_name_their_model():
    matcher = LearnedMatcher.load()
    assert matcher.model == "builtin:all-MiniLM-L6-v2"
    assert WEIGHTS_PATH.stat().st_size < 1_000_000
    with np.load(WEIGHTS_PATH, allow_pickle=False) as weights:
        assert "coef" in weights.files


def test_matcher_prefers_each_responses_own_theme(space):
    responses, themes, owners = space
    matcher = LearnedMatcher.load()
    p = matcher.probabilities(responses, themes, question=np.eye(16)[0])
    assert p.shape == (36, 3) and ((p >= 0) & (p <= 1)).all()
    assert (p.argmax(axis=1) == owners).mean() > 0.9
    chosen = matcher.decide(p)
    assert chosen.sum(axis=1).max() <= matcher.top_k


def test_decide_applies_threshold_top_k_and_margin():
    matcher = LearnedMatcher.load()
    matcher.threshold, matcher.top_k, matcher.margin = 0.5, 2, 0.1
    p = np.array([[0.9, 0.85, 0.8], [0.9, 0.6, 0.1], [0.4, 0.3, 0.2]])
    assert matcher.decide(p).tolist() == [
        [True, True, False],
        [True, False, False],
        [False, False, False],
    ]


def test_assigner_groups_by_stance_and_falls_back_for_small_groups(space):
    responses, themes, _ = space
    stances = [Stance.AGREE] * 30 + [Stance.DISAGREE] * 6
    theme_stances = [Stance.AGREE, Stance.AGREE, Stance.DISAGREE]
    assigner = LearnedAssigner(fallback=SimilarityAssigner(threshold=0.5), min_group=10)
    data = QuestionData(
        texts=[""] * 36,
        vectors=responses,
        weights=np.ones(36),
        stances=stances,
        question_vector=np.eye(16)[0],
    )
    seeds = [ThemeSeed("", "", s, v, v) for s, v in zip(theme_stances, themes, strict=True)]
    picks = assigner.assign(data, Discovery(seeds)).themes
    for row, stance in zip(picks, stances, strict=True):
        for theme, _ in row:
            assert theme_stances[theme] is stance  # never a theme of the other side
    # The six disagreeing responses are too few for the matcher: similarity decides.
    assert all(row == [] or row[0][0] == 2 for row in picks[30:])
