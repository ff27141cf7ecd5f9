"""The learned matcher used in deductive mode."""

from __future__ import annotations

import numpy as np
import pytest

from sounding.consult import matcher as matcher_module
from sounding.consult.assign import LearnedAssigner, SimilarityAssigner
from sounding.consult.matcher import (
    MAX_RELATIVES,
    WEIGHTS_PATH,
    LearnedMatcher,
    _neighbour_features,
    _relatives,
    neighbour_sample,
    pair_features,
)
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


def test_streamed_score_equals_the_stacked_features_the_weights_were_fitted_on(space):
    """Scoring adds one standardised feature at a time; training stacks them all. The two
    must be the same regression."""
    responses, themes, _ = space
    matcher = LearnedMatcher.load()
    question = np.eye(16)[0]
    x = (pair_features(responses, themes, question) - matcher.mean) / matcher.scale
    expected = 1.0 / (1.0 + np.exp(-(x @ matcher.coef + matcher.intercept)))
    assert x.shape[-1] == len(matcher.coef)
    np.testing.assert_allclose(matcher.probabilities(responses, themes, question), expected)


def test_neighbour_sample_is_everyone_up_to_the_limit_then_whole_groups():
    assert neighbour_sample(np.arange(50), limit=50).tolist() == list(range(50))
    groups = np.repeat(np.arange(250), 4)  # 250 answers of one response and three sentences
    drawn = neighbour_sample(groups, limit=40)
    assert len(drawn) == 40 and (np.diff(drawn) > 0).all()
    assert all((groups == g).sum() == (groups[drawn] == g).sum() for g in set(groups[drawn]))
    assert drawn.tolist() == neighbour_sample(groups, limit=40).tolist()


def brute_force_neighbours(a, p0, groups, drawn):
    """Density and vote by their definition, one row at a time: against the drawn rows and
    the row's own group, never itself."""
    density, vote = np.empty((len(a), 1)), np.empty_like(p0)
    for i, row in enumerate(a):
        peers = sorted({j for j in drawn} | {j for j in range(len(a)) if groups[j] == groups[i]})
        peers.remove(i)
        sims = a[peers] @ row
        density[i] = np.sort(sims)[::-1][:5].mean()
        w = np.exp((sims - 1.0) * 20.0)
        vote[i] = w @ p0[peers] / (w.sum() + 1e-9)
    return density, vote


def test_large_questions_compare_each_row_with_a_sample_and_its_own_answer(space, monkeypatch):
    """Over the limit, every row is compared with the same sample of answers and with its
    own answer's rows (an answer's sentences are its nearest neighbours), never with
    itself: the cost grows with the number of rows, not its square."""
    responses, _, _ = space
    p0 = np.random.default_rng(1).dirichlet(np.ones(3), size=len(responses))
    groups = np.array([i // 3 if i < 18 else i for i in range(36)])  # six answers of three
    full = _neighbour_features(responses, p0, groups)
    every = range(36)
    for got, want in zip(full, brute_force_neighbours(responses, p0, groups, every), strict=True):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    monkeypatch.setattr(matcher_module, "NEIGHBOUR_SAMPLE", 10)
    monkeypatch.setattr(matcher_module, "NEIGHBOUR_BLOCK", 7)
    sampled = _neighbour_features(responses, p0, groups)
    drawn = neighbour_sample(groups, limit=10).tolist()
    assert len(drawn) <= 10
    for got, want in zip(
        sampled, brute_force_neighbours(responses, p0, groups, drawn), strict=True
    ):
        np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)
    assert not np.allclose(sampled[0], full[0])


def test_a_row_not_drawn_keeps_at_most_a_few_dozen_rows_of_its_own_answer():
    groups = np.array([0] * 100 + list(range(1, 51)))  # one answer of 99 sentences, 50 short
    kin = _relatives(groups, np.zeros(150, dtype=bool))
    assert kin.shape == (150, MAX_RELATIVES)
    for row in range(100):
        assert set(kin[row][kin[row] >= 0].tolist()) <= set(range(100)) - {row}
    assert (kin[100:] == -1).all()
    assert _relatives(groups, np.ones(150, dtype=bool)).shape[1] == 0
