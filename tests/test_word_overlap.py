"""Word coverage of a theme's label by a response: the matcher's word-level feature."""

from __future__ import annotations

import numpy as np

from sounding.consult.matcher import LearnedMatcher
from sounding.consult.word_overlap import WordEvidence, word_coverage, word_evidence


def test_rare_words_count_for_more_than_the_questions_topic():
    texts = [
        "Parking fees are far too high",
        "Parking is fine as it is",
        "More parking near the station please",
        "Parking wardens are rude",
    ]
    coverage = word_coverage(texts, ["Parking fees are too high", "..."])
    assert coverage.shape == (4, 2)
    assert coverage[0, 0] > 0.9  # every word of the label
    # "parking" is in every answer, so sharing only it is worth little.
    assert 0 < coverage[1, 0] < 0.15 and coverage[1, 0] == coverage[3, 0]
    assert (coverage[:, 1] == 0).all()  # a label with no words


def test_stems_and_stop_words_are_those_of_retrieval():
    coverage = word_coverage(["The charges for parking were charged twice"], ["Parking charge"])
    assert coverage[0, 0] == 1.0


def test_empty_inputs():
    assert word_coverage([], ["a theme"]).shape == (0, 1)
    assert word_coverage(["an answer"], []).shape == (1, 0)


def test_labels_naming_a_topic_are_not_matched_on_words():
    words = word_evidence(
        ["The House passed it"], ["Housing", "Civil rights", "Fees are far too high"]
    )
    assert words.stated.tolist() == [False, False, True]
    assert words.coverage[0, 0] == 1.0  # "House" and "Housing" share a stem: why


def space(seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    responses = rng.standard_normal((20, 16))
    responses /= np.linalg.norm(responses, axis=1, keepdims=True)
    themes = np.vstack([responses[:10].mean(0), responses[10:].mean(0)])
    themes /= np.linalg.norm(themes, axis=1, keepdims=True)
    return responses, themes


def test_the_matcher_prefers_the_theme_whose_words_a_response_uses():
    responses, themes = space()
    matcher = LearnedMatcher.load()
    assert matcher.word_weight > 0
    stated = np.array([True, True])
    before = matcher.probabilities(responses, themes, None, WordEvidence(np.zeros((20, 2)), stated))
    coverage = np.zeros((20, 2))
    coverage[:, 1] = 1.0
    after = matcher.probabilities(responses, themes, None, WordEvidence(coverage, stated))
    assert (after[:, 1] > before[:, 1]).all() and (after[:, 0] < before[:, 0]).all()


def test_topic_names_keep_the_embeddings_score():
    responses, themes = space()
    matcher = LearnedMatcher.load()
    alone = matcher.probabilities(responses, themes)
    coverage = np.ones((20, 2))
    coverage[:, 0] = 0.0
    named = WordEvidence(coverage, np.array([False, False]))
    assert np.array_equal(matcher.probabilities(responses, themes, None, named), alone)


def test_an_answer_sharing_no_word_keeps_the_embeddings_score():
    responses, themes = space()
    matcher = LearnedMatcher.load()
    alone = matcher.probabilities(responses, themes)
    coverage = np.zeros((20, 2))
    coverage[:10, 0] = 0.8  # only the first ten share words with a label
    words = WordEvidence(coverage, np.array([True, True]))
    with_words = matcher.probabilities(responses, themes, None, words)
    assert np.array_equal(with_words[10:], alone[10:])
    assert not np.allclose(with_words[:10], alone[:10])
