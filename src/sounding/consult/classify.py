"""A classifier on embeddings that learns a model's coding from a sample and codes the rest.

For very large consultations a language model codes a random sample of responses, and this
classifier (one logistic regression per theme, as in one-vs-rest) assigns the others. How far
to trust it is measured, not assumed: `agreement` compares its coding with the model's on a
part of the sample it was not trained on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # scikit-learn takes 0.7 s to import; only LLM sample coding needs it
    from sklearn.linear_model import LogisticRegression


@dataclass
class EmbeddingClassifier:
    """Multi-label: one logistic regression per theme on response embeddings.

    Optionally each theme's model also sees a `prior`, one number per response and theme
    (the offline similarity score), scaled by `prior_weight` so regularisation leaves it
    its say: with a few examples of a theme, that prior carries most of what is known.
    C: inverse regularisation (embeddings are unit vectors, so fairly weak regularisation
    is needed); threshold: lowest probability to give a theme. A theme every training
    response has, or none has, is predicted always, or never.
    """

    C: float = 10.0
    threshold: float = 0.5
    prior_weight: float = 10.0
    seed: int = 0
    _models: list[LogisticRegression | bool] = field(default_factory=list, repr=False)

    def _features(self, vectors: np.ndarray, prior: np.ndarray | None, t: int) -> np.ndarray:
        if prior is None:
            return vectors
        return np.hstack([vectors, self.prior_weight * prior[:, t : t + 1]])

    def fit(
        self, vectors: np.ndarray, targets: np.ndarray, prior: np.ndarray | None = None
    ) -> EmbeddingClassifier:
        """`targets`: responses × themes, True where the response has the theme; `prior`:
        responses × themes, or None."""
        from sklearn.linear_model import LogisticRegression

        self._models = []
        for t, column in enumerate(np.asarray(targets, dtype=bool).T):
            if column.all() or not column.any():
                self._models.append(bool(column.all()))
                continue
            model = LogisticRegression(C=self.C, max_iter=1000, random_state=self.seed)
            self._models.append(model.fit(self._features(vectors, prior, t), column))
        return self

    def probabilities(self, vectors: np.ndarray, prior: np.ndarray | None = None) -> np.ndarray:
        out = np.zeros((len(vectors), len(self._models)))
        if not len(vectors):
            return out
        for t, model in enumerate(self._models):
            if isinstance(model, bool):
                out[:, t] = float(model)
            else:
                out[:, t] = model.predict_proba(self._features(vectors, prior, t))[:, 1]
        return out

    def predict(
        self,
        vectors: np.ndarray,
        allowed: np.ndarray | None = None,
        limit: int = 3,
        prior: np.ndarray | None = None,
    ) -> list[list[int]]:
        """Per response, the themes (indexes) above the threshold, most probable first, at
        most `limit`, and only where `allowed` (responses × themes) is True."""
        probs = self.probabilities(vectors, prior)
        if allowed is not None:
            probs = np.where(allowed, probs, 0.0)
        result = []
        for row in probs:
            order = np.argsort(-row, kind="stable")[:limit]
            result.append([int(t) for t in order if row[t] >= self.threshold])
        return result


def agreement(truth: list[list[int]], predicted: list[list[int]]) -> dict[str, float | int]:
    """How often two codings agree, per response: F1 between their theme sets (two empty
    sets agree fully) averaged over responses, and the share coded identically."""
    scores, exact = [], 0
    for a, b in zip(truth, predicted, strict=True):
        sa, sb = set(a), set(b)
        exact += sa == sb
        if not sa and not sb:
            scores.append(1.0)
        else:
            scores.append(2 * len(sa & sb) / (len(sa) + len(sb)))
    n = len(scores)
    return {
        "agreement_f1": round(float(np.mean(scores)), 4) if n else 0.0,
        "exact_agreement": round(exact / n, 4) if n else 0.0,
        "compared": n,
    }
