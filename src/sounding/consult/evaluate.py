"""Score an analysis against human coding: the measures of GUIDE §4, as pure functions.

Everything here works on plain lists and sets so each measure can be checked on hand-made
cases; reading the gold file and an analysis folder is `sounding.files.gold`'s job.

Two modes. *Discovery*: the analysis invented its own themes, so they are first matched one
to one to gold themes (Hungarian assignment on shared responses) and compared through that
matching. *Mapping*: the analysis coded against the gold codebook, so its theme ids are gold
ids and are compared as they are. Scores are per question; the headline is their mean, so a
large question does not drown out a small one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.stats import spearmanr
from sklearn.metrics import adjusted_rand_score, f1_score, normalized_mutual_info_score

AUTO, DISCOVERY, MAPPING = "auto", "discovery", "mapping"
MODES = (AUTO, DISCOVERY, MAPPING)
# Auto mode picks mapping when at least this share of predicted theme ids are gold ids.
MAPPING_SHARE = 0.5
# A gold theme needs this many responses before failing to find it counts against recall.
RECALL_MIN_RESPONSES = 3
#: Share of a gold theme's responses its match must hold for `theme_recall_half`.
HALF = 0.5
NONE_LABEL = "__none__"
# Statuses of responses that reached theming: the denominator of the analysis's other share.
SUBSTANTIVE = ("themed", "other", "duplicate")
# Bootstrap indices are drawn in chunks of about this many, to bound memory on big questions.
_CHUNK = 1_000_000
PRF_FIELDS = ("precision", "recall", "f1")


# -- inputs -------------------------------------------------------------------------------


@dataclass
class QuestionCoding:
    """One question's gold responses, with the gold and the analysis's answer for each.

    Lists are aligned with `response_ids` (gold file order). Theme lists are ordered: the
    first gold theme is the first one in the gold file, predicted themes are best first
    (see `rank_by_score`); an empty list means coded with no theme. Stances are "" when
    unknown; `statuses` are from responses.csv ("" when the response is not there).
    `assigned_theme_ids` holds every theme the analysis assigned in this question, to any
    response, which is what auto mode looks at.
    """

    question_id: str
    response_ids: list[str]
    gold_themes: list[list[str]]
    predicted_themes: list[list[str]]
    gold_stances: list[str]
    predicted_stances: list[str]
    statuses: list[str]
    assigned_theme_ids: frozenset[str] = frozenset()


# -- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float

    def to_dict(self) -> dict[str, float | None]:
        return {"precision": _r(self.precision), "recall": _r(self.recall), "f1": _r(self.f1)}


@dataclass(frozen=True)
class ThemeScores:
    """Mapping mode: how well one theme id was applied, over the evaluated responses."""

    theme_id: str
    n_gold: int
    n_predicted: int
    n_correct: int
    precision: float
    recall: float
    f1: float

    def to_dict(self) -> dict[str, object]:
        return {
            "theme_id": self.theme_id,
            "n_gold": self.n_gold,
            "n_predicted": self.n_predicted,
            "n_correct": self.n_correct,
            "precision": _r(self.precision),
            "recall": _r(self.recall),
            "f1": _r(self.f1),
        }


@dataclass
class QuestionScores:
    """Every measure for one question; None where a measure does not apply or is undefined."""

    question_id: str
    mode: str
    n_responses: int
    n_gold_themes: int
    n_predicted_themes: int
    n_analysis_themes: int
    n_not_in_analysis: int
    f1: float
    f1_values: np.ndarray = field(repr=False)
    f1_interval: tuple[float, float] | None = None
    n_matched: int | None = None
    matches: dict[str, str] = field(default_factory=dict)
    theme_recall: float | None = None
    #: ... counting a gold theme found only where its match holds half its responses or more.
    theme_recall_half: float | None = None
    ari: float | None = None
    nmi: float | None = None
    count_spearman: float | None = None
    stance_macro_f1: float | None = None
    stance_n: int = 0
    other_share: float | None = None
    micro: PRF | None = None
    macro: PRF | None = None
    themes: list[ThemeScores] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        return {
            "question": self.question_id,
            "n_responses": self.n_responses,
            "n_gold_themes": self.n_gold_themes,
            "n_predicted_themes": self.n_predicted_themes,
            "n_analysis_themes": self.n_analysis_themes,
            "n_matched": self.n_matched,
            "n_not_in_analysis": self.n_not_in_analysis,
            "f1": _r(self.f1),
            "f1_interval": _interval(self.f1_interval),
            "theme_recall": _r(self.theme_recall),
            "theme_recall_half": _r(self.theme_recall_half),
            "ari": _r(self.ari),
            "nmi": _r(self.nmi),
            "count_spearman": _r(self.count_spearman),
            "stance_macro_f1": _r(self.stance_macro_f1),
            "stance_n": self.stance_n,
            "other_share": _r(self.other_share),
            "micro": self.micro.to_dict() if self.micro else None,
            "macro": self.macro.to_dict() if self.macro else None,
            "matches": dict(self.matches) if self.mode == DISCOVERY else None,
            "themes": [t.to_dict() for t in self.themes] if self.mode == MAPPING else None,
        }


@dataclass
class EvaluationReport:
    """All questions' scores, their means (the headline) and how the mode was chosen."""

    mode: str
    requested_mode: str
    mode_reason: str
    seed: int
    bootstrap: int
    questions: list[QuestionScores]
    f1_interval: tuple[float, float] | None
    analysis_other_share: float | None

    @property
    def f1(self) -> float:
        """The headline: per-response F1 averaged within each question, then over questions."""
        return float(np.mean([q.f1 for q in self.questions]))

    def mean(self, name: str) -> float | None:
        """Mean of one per-question measure over the questions where it is defined."""
        values = [getattr(q, name) for q in self.questions]
        defined = [v for v in values if v is not None]
        return float(np.mean(defined)) if defined else None

    def _mean_prf(self, name: str) -> PRF | None:
        values = [getattr(q, name) for q in self.questions if getattr(q, name) is not None]
        if not values:
            return None
        return PRF(*(float(np.mean([getattr(v, k) for v in values])) for k in PRF_FIELDS))

    def overall(self) -> dict[str, object]:
        """Scores averaged over questions and counts summed over them."""
        qs = self.questions
        matched = [q.n_matched for q in qs if q.n_matched is not None]
        micro, macro = self._mean_prf("micro"), self._mean_prf("macro")
        return {
            "n_questions": len(qs),
            "n_responses": sum(q.n_responses for q in qs),
            "n_gold_themes": sum(q.n_gold_themes for q in qs),
            "n_predicted_themes": sum(q.n_predicted_themes for q in qs),
            "n_analysis_themes": sum(q.n_analysis_themes for q in qs),
            "n_matched": sum(matched) if self.mode == DISCOVERY else None,
            "n_not_in_analysis": sum(q.n_not_in_analysis for q in qs),
            "f1": _r(self.f1),
            "f1_interval": _interval(self.f1_interval),
            "theme_recall": _r(self.mean("theme_recall")),
            "theme_recall_half": _r(self.mean("theme_recall_half")),
            "ari": _r(self.mean("ari")),
            "nmi": _r(self.mean("nmi")),
            "count_spearman": _r(self.mean("count_spearman")),
            "stance_macro_f1": _r(self.mean("stance_macro_f1")),
            "stance_n": sum(q.stance_n for q in qs),
            "other_share": _r(self.mean("other_share")),
            "analysis_other_share": _r(self.analysis_other_share),
            "micro": micro.to_dict() if micro else None,
            "macro": macro.to_dict() if macro else None,
        }

    def to_dict(self) -> dict[str, object]:
        return {
            "mode": self.mode,
            "requested_mode": self.requested_mode,
            "mode_reason": self.mode_reason,
            "bootstrap": self.bootstrap,
            "seed": self.seed,
            "overall": self.overall(),
            "questions": [q.to_dict() for q in self.questions],
        }


# -- measures -----------------------------------------------------------------------------


def rank_by_score(scored: Iterable[tuple[str, float]]) -> list[str]:
    """Theme ids best first: highest score, ties broken by theme id, so 'first' is stable."""
    best: dict[str, float] = {}
    for theme_id, score in scored:
        best[theme_id] = max(score, best.get(theme_id, score))
    return sorted(best, key=lambda t: (-best[t], t))


def response_f1_values(
    pred: Sequence[Collection[str]], gold: Sequence[Collection[str]]
) -> np.ndarray:
    """Each response's F1 between its predicted and gold theme sets.

    Both empty scores 1 (correctly left uncoded) and exactly one empty scores 0, so leaving
    a coded response out, or coding an uncoded one, costs the same as a wrong theme.
    """
    if len(pred) != len(gold):
        raise ValueError(f"{len(pred)} predicted theme sets but {len(gold)} gold ones.")
    out = np.empty(len(gold))
    for i, (p, g) in enumerate(zip(pred, gold, strict=True)):
        p, g = set(p), set(g)
        if not p and not g:
            out[i] = 1.0
        elif not p or not g:
            out[i] = 0.0
        else:
            out[i] = 2 * len(p & g) / (len(p) + len(g))
    return out


def response_f1(pred: Sequence[Collection[str]], gold: Sequence[Collection[str]]) -> float:
    """Per-response F1 averaged over responses (see `response_f1_values`)."""
    if not gold:
        raise ValueError("No responses to score.")
    return float(response_f1_values(pred, gold).mean())


def bootstrap_interval(
    values: Sequence[float] | np.ndarray, n: int = 1000, seed: int = 0, level: float = 0.95
) -> tuple[float, float]:
    """Percentile bootstrap interval for the mean, resampling `values` with replacement."""
    return grouped_bootstrap_interval([values], n, seed, level)


def grouped_bootstrap_interval(
    groups: Sequence[Sequence[float] | np.ndarray],
    n: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> tuple[float, float]:
    """Percentile bootstrap interval for the mean of group means.

    Each group (a question's responses) is resampled within itself, so the interval is for
    the headline as it is defined: every question weighs the same whatever its size.
    Deterministic for a given seed.
    """
    if n < 1:
        raise ValueError("The bootstrap needs at least one resample.")
    arrays = [np.asarray(g, dtype=float) for g in groups]
    if not arrays or any(a.size == 0 for a in arrays):
        raise ValueError("Every group needs at least one value to bootstrap.")
    rng = np.random.default_rng(seed)
    means = np.mean([_resampled_means(a, n, rng) for a in arrays], axis=0)
    tail = (1 - level) / 2 * 100
    lo, hi = np.percentile(means, [tail, 100 - tail])
    return float(lo), float(hi)


def _resampled_means(values: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    out = np.empty(n)
    step = max(1, _CHUNK // values.size)
    for start in range(0, n, step):
        stop = min(n, start + step)
        picks = rng.integers(0, values.size, size=(stop - start, values.size))
        out[start:stop] = values[picks].mean(axis=1)
    return out


def match_themes(
    pred: Sequence[Collection[str]], gold: Sequence[Collection[str]]
) -> dict[str, str]:
    """One-to-one predicted → gold theme matching that maximises shared responses.

    Hungarian assignment on the response-overlap matrix; pairs sharing no response are not
    matches, so a predicted theme with nothing in common with any gold theme stays unmatched.
    Ids are sorted first so ties resolve the same way every run.
    """
    pred_ids = sorted(set().union(*map(set, pred))) if pred else []
    gold_ids = sorted(set().union(*map(set, gold))) if gold else []
    if not pred_ids or not gold_ids:
        return {}
    p_index = {t: i for i, t in enumerate(pred_ids)}
    g_index = {t: i for i, t in enumerate(gold_ids)}
    overlap = np.zeros((len(pred_ids), len(gold_ids)), dtype=np.int64)
    for p_set, g_set in zip(pred, gold, strict=True):
        for p in p_set:
            for g in g_set:
                overlap[p_index[p], g_index[g]] += 1
    rows, cols = linear_sum_assignment(overlap, maximize=True)
    return {pred_ids[r]: gold_ids[c] for r, c in zip(rows, cols, strict=True) if overlap[r, c]}


def translate(pred: Sequence[Collection[str]], matches: Mapping[str, str]) -> list[set[str]]:
    """Predicted sets in gold ids, through a matching; unmatched predicted themes drop out."""
    return [{matches[t] for t in p if t in matches} for p in pred]


def pair_scores(
    pred: Sequence[Collection[str]],
    translated: Sequence[Collection[str]],
    gold: Sequence[Collection[str]],
) -> PRF:
    """Precision and recall of (response, theme) pairs after matching: of all the themes
    given to responses, the share that are a response's gold theme, and of all gold themes
    of responses, the share given. Unlike the per-response F1, a theme matching no gold
    theme counts as wrong wherever it was given, so themes made of off-topic answers or
    split from a gold theme lower precision here."""
    correct = sum(len(set(t) & set(g)) for t, g in zip(translated, gold, strict=True))
    given, coded = sum(len(p) for p in pred), sum(len(g) for g in gold)
    precision = correct / given if given else 0.0
    recall = correct / coded if coded else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1)


def theme_recall(
    matches: Mapping[str, str],
    gold: Sequence[Collection[str]],
    min_responses: int = RECALL_MIN_RESPONSES,
    pred: Sequence[Collection[str]] = (),
    min_share: float = 0.0,
) -> float | None:
    """Share of gold themes with at least `min_responses` responses that were matched; with
    `min_share`, matched by a theme (of `pred`) given to at least that share of the gold
    theme's responses. Any overlap is a match, so a gold theme of 40 answers matched by a
    theme sharing 2 of them counts as found: seven new users read the plain recall's 1.000
    as flattering, and `HALF` says how many were found in the main.

    Tiny gold themes are left out because no clustering can be expected to find them.
    None when no gold theme is big enough.
    """
    counts = Counter(t for g in gold for t in set(g))
    eligible = [t for t, c in counts.items() if c >= min_responses]
    if not eligible:
        return None
    shared: Counter[str] = Counter()
    if min_share:
        for p, g in zip(pred, gold, strict=True):
            shared.update(matches[t] for t in p if t in matches and matches[t] in g)
    found = {t for t in matches.values() if shared[t] >= min_share * counts[t]}
    return sum(t in found for t in eligible) / len(eligible)


def first_label_scores(
    pred_first: Sequence[str | None], gold_first: Sequence[str | None]
) -> tuple[float, float]:
    """ARI and NMI between each response's first predicted and first gold theme.

    A response with no theme is labelled "__none__", so leaving responses uncoded is a
    cluster like any other. Both measures ignore label names, so no matching is needed.
    """
    if len(pred_first) != len(gold_first):
        raise ValueError(f"{len(pred_first)} predicted labels but {len(gold_first)} gold ones.")
    pred = [p or NONE_LABEL for p in pred_first]
    gold = [g or NONE_LABEL for g in gold_first]
    return float(adjusted_rand_score(gold, pred)), float(normalized_mutual_info_score(gold, pred))


def count_correlation(
    matches: Mapping[str, str],
    pred: Sequence[Collection[str]],
    gold: Sequence[Collection[str]],
) -> float | None:
    """Spearman correlation of matched themes' sizes: predicted vs gold count.

    Says whether the analysis ranks themes by prevalence as the coders did, which is what a
    report's reader takes from it. None with fewer than 3 pairs or a constant side.
    """
    if len(matches) < 3:
        return None
    p_counts = Counter(t for p in pred for t in set(p))
    g_counts = Counter(t for g in gold for t in set(g))
    pairs = sorted(matches.items())
    x = [p_counts[p] for p, _ in pairs]
    y = [g_counts[g] for _, g in pairs]
    if len(set(x)) < 2 or len(set(y)) < 2:
        return None
    return float(spearmanr(x, y).statistic)


def stance_macro_f1(pred: Sequence[str], gold: Sequence[str]) -> tuple[float | None, int]:
    """Macro F1 of stance over responses with both a gold and a predicted stance, and their n.

    Averaged over the labels present in the gold, so a stance the coders never used does not
    add a spurious zero. (None, 0) when no response has both.
    """
    if len(pred) != len(gold):
        raise ValueError(f"{len(pred)} predicted stances but {len(gold)} gold ones.")
    pairs = [(g, p) for p, g in zip(pred, gold, strict=True) if p and g]
    if not pairs:
        return None, 0
    y_true = [g for g, _ in pairs]
    y_pred = [p for _, p in pairs]
    labels = sorted(set(y_true))
    score = f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)
    return float(score), len(pairs)


def theme_scores(
    pred: Sequence[Collection[str]], gold: Sequence[Collection[str]]
) -> tuple[list[ThemeScores], PRF, PRF]:
    """Mapping mode: precision, recall and F1 per theme id, then micro and macro averages.

    Themes are every id that is gold or predicted on the evaluated responses, so a theme
    applied where the coders never used it counts against the macro average. An undefined
    ratio (nothing predicted, or nothing gold) counts as 0, as in scikit-learn.
    """
    correct: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    for p, g in zip(pred, gold, strict=True):
        p, g = set(p), set(g)
        n_pred.update(p)
        n_gold.update(g)
        correct.update(p & g)
    rows = []
    for theme in sorted(set(n_pred) | set(n_gold)):
        tp, np_, ng = correct[theme], n_pred[theme], n_gold[theme]
        rows.append(ThemeScores(theme, ng, np_, tp, *_prf(tp, np_, ng)))
    micro = PRF(*_prf(sum(correct.values()), sum(n_pred.values()), sum(n_gold.values())))
    if rows:
        macro = PRF(*(float(np.mean([getattr(r, k) for r in rows])) for k in PRF_FIELDS))
    else:
        macro = PRF(0.0, 0.0, 0.0)
    return rows, micro, macro


def _prf(correct: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    f1 = 2 * correct / (predicted + gold) if predicted + gold else 0.0
    return precision, recall, f1


def other_share(statuses: Sequence[str], among: Collection[str] | None = None) -> float | None:
    """Share of statuses that are "other" (themed by nothing), out of those in `among`.

    With `among` None every status counts. None when nothing is counted.
    """
    counted = [s for s in statuses if among is None or s in among]
    if not counted:
        return None
    return sum(s == "other" for s in counted) / len(counted)


def choose_mode(
    requested: str, predicted_ids: Collection[str], gold_ids: Collection[str]
) -> tuple[str, str]:
    """The mode to score in, and a sentence saying why.

    Auto picks mapping when at least half the analysis's theme ids are gold ids: a deductive
    run reuses the codebook ids, a discovery run makes up its own.
    """
    if requested not in MODES:
        raise ValueError(f"Unknown mode {requested!r}; use one of {', '.join(MODES)}.")
    if requested != AUTO:
        return requested, "asked for with --mode"
    predicted, known = set(predicted_ids), set(gold_ids)
    shared = len(predicted & known)
    share = shared / len(predicted) if predicted else 0.0
    mode = MAPPING if predicted and share >= MAPPING_SHARE else DISCOVERY
    side = "at least" if mode == MAPPING else "under"
    return mode, (
        f"auto: {shared} of {len(predicted)} predicted theme ids are gold ids "
        f"({share:.0%}, {side} {MAPPING_SHARE:.0%})"
    )


# -- putting it together ------------------------------------------------------------------


def evaluate_question(
    coding: QuestionCoding, mode: str, bootstrap: int = 1000, seed: int = 0
) -> QuestionScores:
    """Every measure for one question in `mode` (discovery or mapping, already chosen)."""
    if mode not in (DISCOVERY, MAPPING):
        raise ValueError(f"evaluate_question needs discovery or mapping mode, not {mode!r}.")
    n = len(coding.response_ids)
    if not n:
        raise ValueError(f"Question {coding.question_id!r} has no gold responses.")
    lists = (
        coding.gold_themes,
        coding.predicted_themes,
        coding.gold_stances,
        coding.predicted_stances,
        coding.statuses,
    )
    if any(len(values) != n for values in lists):
        raise ValueError(f"Question {coding.question_id!r}: lists not aligned with its responses.")
    gold = [set(g) for g in coding.gold_themes]
    pred = [set(p) for p in coding.predicted_themes]
    gold_ids = set().union(*gold)
    pred_ids = set().union(*pred)
    stance, stance_n = stance_macro_f1(coding.predicted_stances, coding.gold_stances)
    ari, nmi = first_label_scores(
        [p[0] if p else None for p in coding.predicted_themes],
        [g[0] if g else None for g in coding.gold_themes],
    )
    scores = QuestionScores(
        question_id=coding.question_id,
        mode=mode,
        n_responses=len(coding.response_ids),
        n_gold_themes=len(gold_ids),
        n_predicted_themes=len(pred_ids),
        n_analysis_themes=len(coding.assigned_theme_ids | pred_ids),
        n_not_in_analysis=sum(not s for s in coding.statuses),
        f1=0.0,
        f1_values=np.empty(0),
        ari=ari,
        nmi=nmi,
        stance_macro_f1=stance,
        stance_n=stance_n,
        other_share=other_share(coding.statuses),
    )
    if mode == DISCOVERY:
        matches = match_themes(pred, gold)
        scores.matches = matches
        scores.n_matched = len(matches)
        scores.theme_recall = theme_recall(matches, gold)
        scores.theme_recall_half = theme_recall(matches, gold, pred=pred, min_share=HALF)
        scores.count_spearman = count_correlation(matches, pred, gold)
        compared = translate(pred, matches)
        scores.micro = pair_scores(pred, compared, gold)
    else:
        scores.themes, scores.micro, scores.macro = theme_scores(pred, gold)
        compared = pred
    scores.f1_values = response_f1_values(compared, gold)
    scores.f1 = float(scores.f1_values.mean())
    if bootstrap > 0:
        scores.f1_interval = bootstrap_interval(scores.f1_values, bootstrap, seed)
    return scores


def evaluate(
    codings: Sequence[QuestionCoding],
    analysis_statuses: Sequence[str] = (),
    mode: str = AUTO,
    bootstrap: int = 1000,
    seed: int = 0,
) -> EvaluationReport:
    """Score every question and the mean over questions.

    `analysis_statuses` are the statuses of all the analysis's responses, gold or not, for
    the share of substantive responses that no theme fitted. `bootstrap` 0 skips intervals.
    """
    if not codings:
        raise ValueError("No gold questions to evaluate.")
    predicted_ids = set().union(
        *(c.assigned_theme_ids | {t for p in c.predicted_themes for t in p} for c in codings)
    )
    gold_ids = {t for c in codings for g in c.gold_themes for t in g}
    chosen, reason = choose_mode(mode, predicted_ids, gold_ids)
    questions = [evaluate_question(c, chosen, bootstrap, seed) for c in codings]
    interval = None
    if bootstrap > 0:
        interval = grouped_bootstrap_interval([q.f1_values for q in questions], bootstrap, seed)
    return EvaluationReport(
        mode=chosen,
        requested_mode=mode,
        mode_reason=reason,
        seed=seed,
        bootstrap=bootstrap,
        questions=questions,
        f1_interval=interval,
        analysis_other_share=other_share(analysis_statuses, SUBSTANTIVE),
    )


def _r(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(float(value), digits)


def _interval(interval: tuple[float, float] | None) -> list[float] | None:
    return None if interval is None else [round(interval[0], 4), round(interval[1], 4)]
