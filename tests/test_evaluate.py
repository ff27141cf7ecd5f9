"""The evaluation measures on hand-made cases whose answers are worked out in the comments."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import f1_score, precision_recall_fscore_support
from sklearn.preprocessing import MultiLabelBinarizer

from sounding.consult.evaluate import (
    DISCOVERY,
    MAPPING,
    QuestionCoding,
    bootstrap_interval,
    choose_mode,
    count_correlation,
    evaluate,
    evaluate_question,
    first_label_scores,
    grouped_bootstrap_interval,
    match_themes,
    other_share,
    rank_by_score,
    response_f1,
    response_f1_values,
    stance_macro_f1,
    theme_recall,
    theme_scores,
    translate,
)


def coding(
    gold: list[list[str]],
    pred: list[list[str]],
    question: str = "q1",
    gold_stances: list[str] | None = None,
    pred_stances: list[str] | None = None,
    statuses: list[str] | None = None,
) -> QuestionCoding:
    n = len(gold)
    return QuestionCoding(
        question_id=question,
        response_ids=[f"r{i}" for i in range(n)],
        gold_themes=gold,
        predicted_themes=pred,
        gold_stances=gold_stances or [""] * n,
        predicted_stances=pred_stances or [""] * n,
        statuses=statuses or ["themed"] * n,
    )


# -- per-response F1 ---------------------------------------------------------------------


def test_response_f1_rules():
    pred = [{"a", "b"}, {"a"}, set(), {"a"}, set()]
    gold = [{"a"}, {"a", "b", "c"}, set(), set(), {"b"}]
    # 2·1/(2+1), 2·1/(1+3), both empty, predicted only, gold only
    expected = [2 / 3, 1 / 2, 1.0, 0.0, 0.0]
    assert response_f1_values(pred, gold) == pytest.approx(expected)
    assert response_f1(pred, gold) == pytest.approx(sum(expected) / 5)


def test_response_f1_needs_aligned_lists():
    with pytest.raises(ValueError):
        response_f1([{"a"}], [{"a"}, {"b"}])
    with pytest.raises(ValueError):
        response_f1([], [])


# -- bootstrap ---------------------------------------------------------------------------


def test_bootstrap_interval_contains_mean_and_is_deterministic():
    values = np.array([1.0, 0.0, 0.5, 1.0, 1.0, 0.0, 2 / 3, 1.0, 0.0, 1.0] * 3)
    lo, hi = bootstrap_interval(values, n=500, seed=4)
    assert lo < values.mean() < hi
    assert lo >= 0.0 and hi <= 1.0
    assert bootstrap_interval(values, n=500, seed=4) == (lo, hi)
    assert bootstrap_interval(values, n=500, seed=5) != (lo, hi)


def test_bootstrap_of_constant_values_is_a_point():
    assert bootstrap_interval([0.25, 0.25, 0.25], n=50) == (0.25, 0.25)


def test_grouped_bootstrap_weighs_groups_equally():
    # Each group is constant, so every resample's mean of group means is (1 + 0) / 2.
    assert grouped_bootstrap_interval([[1.0] * 10, [0.0, 0.0]], n=50) == (0.5, 0.5)
    with pytest.raises(ValueError):
        grouped_bootstrap_interval([[1.0], []])


# -- matching and discovery measures -----------------------------------------------------


def test_renamed_perfect_prediction_scores_one():
    gold = [["A"], ["A"], ["A"], ["B"], ["B"], ["B"], []]
    pred = [["x"], ["x"], ["x"], ["y"], ["y"], ["y"], []]
    assert match_themes(pred, gold) == {"x": "A", "y": "B"}
    scores = evaluate_question(coding(gold, pred), DISCOVERY, bootstrap=200)
    assert scores.f1 == pytest.approx(1.0)
    assert scores.f1_interval == (1.0, 1.0)
    assert scores.theme_recall == 1.0
    assert scores.ari == pytest.approx(1.0)
    assert scores.nmi == pytest.approx(1.0)
    assert scores.n_matched == 2
    assert scores.count_spearman is None  # two pairs are too few to rank


def test_one_predicted_theme_covering_two_gold_themes():
    # x shares 4 responses with A and 3 with B: it matches A, so B's responses score 0.
    gold = [["A"]] * 4 + [["B"]] * 3
    pred = [["x"]] * 7
    scores = evaluate_question(coding(gold, pred), DISCOVERY, bootstrap=0)
    assert scores.matches == {"x": "A"}
    assert scores.f1 == pytest.approx(4 / 7)
    assert scores.f1_interval is None
    assert scores.theme_recall == pytest.approx(1 / 2)  # A found, B (3 responses) not
    assert scores.ari == pytest.approx(0.0)  # one predicted cluster says nothing
    assert scores.nmi == pytest.approx(0.0)


def test_hungarian_beats_greedy_and_ignores_zero_overlap():
    # Overlaps: p1–a 3, p1–b 2, p2–a 2, p2–b 0. Greedy would take p1–a (3 shared);
    # the best one-to-one matching is p1–b + p2–a (4 shared). z shares nothing with gold.
    gold = [{"a"}] * 3 + [{"b"}] * 2 + [{"a"}] * 2 + [set()]
    pred = [{"p1"}] * 3 + [{"p1"}] * 2 + [{"p2"}] * 2 + [{"z"}]
    matches = match_themes(pred, gold)
    assert matches == {"p1": "b", "p2": "a"}
    translated = translate(pred, matches)
    assert translated[-1] == set()  # unmatched z drops out: the last response is empty
    # three p1/a responses score 0, the rest 1 (the last one as both-empty)
    assert response_f1(translated, gold) == pytest.approx(5 / 8)


def test_match_themes_with_nothing_predicted():
    assert match_themes([set(), set()], [{"a"}, set()]) == {}
    assert match_themes([], []) == {}


def test_theme_recall_counts_only_gold_themes_with_three_responses():
    gold = [{"A"}, {"A"}, {"A"}, {"B"}, {"B"}, {"B"}, {"C"}, {"C"}]
    assert theme_recall({"x": "A"}, gold) == pytest.approx(1 / 2)  # A of A, B; C too small
    assert theme_recall({"x": "C"}, gold) == 0.0
    assert theme_recall({"x": "A"}, [{"A"}, {"B"}]) is None


def test_theme_recall_at_half_needs_the_match_to_hold_half_the_gold_themes_responses():
    """Any overlap is a match: a gold theme of four answers matched by a theme given to one
    of them is found, but not in the main."""
    gold = [{"A"}, {"A"}, {"A"}, {"A"}, {"B"}, {"B"}, {"B"}]
    pred = [{"x"}, set(), set(), set(), {"y"}, {"y"}, set()]
    matches = match_themes(pred, gold)
    assert matches == {"x": "A", "y": "B"}
    assert theme_recall(matches, gold) == 1.0
    assert theme_recall(matches, gold, pred=pred, min_share=0.5) == pytest.approx(1 / 2)


def test_first_labels_use_none_for_uncoded():
    ari, nmi = first_label_scores(["x", "x", "y", None], ["A", "A", "B", ""])
    assert (ari, nmi) == (pytest.approx(1.0), pytest.approx(1.0))
    # Uncoded responses form their own "__none__" cluster on each side.
    ari, _ = first_label_scores([None, None, "y", "y"], ["A", "A", None, None])
    assert ari == pytest.approx(1.0)


def test_first_theme_is_best_scored_and_first_gold_row():
    # Gold first themes A, A, B; predicted first themes x, x, y (x outranks y in r1 and r2).
    gold = [["A", "B"], ["A"], ["B", "A"]]
    pred = [["x", "y"], ["x"], ["y"]]
    scores = evaluate_question(coding(gold, pred), DISCOVERY, bootstrap=0)
    assert scores.ari == pytest.approx(1.0)


def test_rank_by_score_breaks_ties_by_theme_id():
    assert rank_by_score([("b", 0.5), ("a", 0.5), ("c", 0.9)]) == ["c", "a", "b"]
    assert rank_by_score([("a", 0.2), ("a", 0.8), ("b", 0.5)]) == ["a", "b"]
    assert rank_by_score([]) == []


def test_count_correlation_by_hand():
    # Predicted counts x 5, y 3, z 1 rank 3, 2, 1; gold counts A 4, B 2, C 3 rank 3, 1, 2.
    # Spearman = 1 − 6·Σd²/(n(n²−1)) = 1 − 6·2/24 = 0.5.
    pred = [{"x"}] * 5 + [{"y"}] * 3 + [{"z"}]
    gold = [{"A"}] * 4 + [{"B"}] * 2 + [{"C"}] * 3
    matches = {"x": "A", "y": "B", "z": "C"}
    assert count_correlation(matches, pred, gold) == pytest.approx(0.5)
    assert count_correlation({"x": "A", "y": "B"}, pred, gold) is None  # too few pairs
    flat = [{"x"}, {"y"}, {"z"}]
    assert count_correlation(matches, flat, [{"A"}, {"B"}, {"C"}]) is None  # constant


# -- stance, coverage, mapping, mode -----------------------------------------------------


def test_stance_macro_f1_by_hand():
    gold = ["agree", "agree", "disagree", "disagree", "neutral", ""]
    pred = ["agree", "disagree", "disagree", "", "agree", "agree"]
    # Scored: the 4 responses with both stances. agree P 1/2 R 1/2 F1 1/2; disagree P 1/2
    # R 1/1 F1 2/3; neutral F1 0; macro (1/2 + 2/3 + 0)/3 = 7/18.
    score, n = stance_macro_f1(pred, gold)
    assert n == 4
    assert score == pytest.approx(7 / 18)
    y_true = ["agree", "agree", "disagree", "neutral"]
    y_pred = ["agree", "disagree", "disagree", "agree"]
    assert score == pytest.approx(f1_score(y_true, y_pred, average="macro"))
    assert stance_macro_f1(["agree", ""], ["", "agree"]) == (None, 0)


def test_other_share():
    statuses = ["themed", "other", "blank", "duplicate", "other"]
    assert other_share(statuses) == pytest.approx(2 / 5)
    assert other_share(statuses, ("themed", "other", "duplicate")) == pytest.approx(2 / 4)
    assert other_share([]) is None


def test_theme_scores_by_hand_and_against_sklearn():
    pred = [{"a"}, {"a", "b"}, {"b"}, set()]
    gold = [{"a"}, {"a"}, {"c"}, {"b"}]
    rows, micro, macro = theme_scores(pred, gold)
    by_id = {r.theme_id: r for r in rows}
    assert (by_id["a"].precision, by_id["a"].recall, by_id["a"].f1) == (1.0, 1.0, 1.0)
    assert (by_id["b"].n_predicted, by_id["b"].n_gold, by_id["b"].f1) == (2, 1, 0.0)
    assert (by_id["c"].n_predicted, by_id["c"].n_gold, by_id["c"].f1) == (0, 1, 0.0)
    # micro: 2 correct of 4 predicted and 4 gold; macro: (1 + 0 + 0)/3 each
    assert (micro.precision, micro.recall, micro.f1) == (0.5, 0.5, 0.5)
    assert macro.f1 == pytest.approx(1 / 3)
    binarizer = MultiLabelBinarizer(classes=["a", "b", "c"])
    y_true, y_pred = binarizer.fit_transform(gold), binarizer.transform(pred)
    for average, ours in (("micro", micro), ("macro", macro)):
        p, r, f, _ = precision_recall_fscore_support(
            y_true, y_pred, average=average, zero_division=0
        )
        assert (ours.precision, ours.recall, ours.f1) == pytest.approx((p, r, f))


def test_mapping_mode_compares_ids_directly():
    gold = [["a"], ["a"], ["c"], ["b"]]
    pred = [["a"], ["a", "b"], ["b"], []]
    scores = evaluate_question(coding(gold, pred), MAPPING, bootstrap=0)
    # 1, 2/3, 0, 0 — no matching, so b is not renamed to c
    assert scores.f1 == pytest.approx((1 + 2 / 3) / 4)
    assert scores.micro is not None and scores.micro.f1 == pytest.approx(0.5)
    assert scores.theme_recall is None and scores.n_matched is None
    as_dict = scores.to_dict()
    assert as_dict["matches"] is None and len(as_dict["themes"]) == 3


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        ({"a", "b", "x"}, MAPPING),  # 2 of 3 are gold ids, at least half
        ({"a", "x"}, MAPPING),  # exactly half
        ({"a", "x", "y"}, DISCOVERY),  # 1 of 3
        (set(), DISCOVERY),
    ],
)
def test_auto_mode(predicted, expected):
    mode, reason = choose_mode("auto", predicted, {"a", "b", "c"})
    assert mode == expected
    assert reason.startswith("auto:")
    assert choose_mode(DISCOVERY, {"a"}, {"a"})[0] == DISCOVERY
    with pytest.raises(ValueError):
        choose_mode("guess", predicted, {"a"})


# -- the whole report --------------------------------------------------------------------


def test_evaluate_means_over_questions():
    q1 = coding(
        [["A"], ["A"], ["A"], ["B"]],
        [["x"], ["x"], ["x"], []],
        gold_stances=["agree", "agree", "disagree", "disagree"],
        pred_stances=["agree", "agree", "disagree", "disagree"],
        statuses=["themed", "themed", "themed", "other"],
    )  # F1 (1+1+1+0)/4 = 0.75
    q2 = coding([["C"], ["C"]], [["z"], ["z"]], question="q2")  # F1 1
    report = evaluate([q1, q2], ["themed"] * 5 + ["other", "blank"], bootstrap=100, seed=1)
    assert report.mode == DISCOVERY and "auto" in report.mode_reason
    assert report.f1 == pytest.approx((0.75 + 1.0) / 2)
    lo, hi = report.f1_interval
    assert lo <= report.f1 <= hi
    data = report.to_dict()
    overall = data["overall"]
    assert overall["n_questions"] == 2 and overall["n_responses"] == 6
    assert overall["n_gold_themes"] == 3 and overall["n_matched"] == 2
    assert overall["f1"] == pytest.approx(0.875)
    assert overall["stance_macro_f1"] == pytest.approx(1.0)  # q2 has no stances
    assert overall["stance_n"] == 4
    assert overall["other_share"] == pytest.approx((1 / 4 + 0) / 2)
    assert overall["analysis_other_share"] == pytest.approx(1 / 6, abs=1e-4)  # not blank
    assert [q["question"] for q in data["questions"]] == ["q1", "q2"]
    assert data["questions"][0]["matches"] == {"x": "A"}
    assert evaluate([q1, q2], bootstrap=100, seed=1).f1_interval == report.f1_interval


def test_evaluate_without_bootstrap_has_no_intervals():
    report = evaluate([coding([["A"]], [["a"]])], bootstrap=0, mode=DISCOVERY)
    assert report.f1_interval is None
    assert report.to_dict()["questions"][0]["f1_interval"] is None
