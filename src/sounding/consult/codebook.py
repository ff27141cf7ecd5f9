"""Deductive analysis: assign responses to themes an analyst already has (a codebook).

Instead of discovering themes, each codebook theme starts as the embedding of its label
(and description). Labels are short and responses are not, so the theme is then moved
towards the responses that match it most clearly: its centre becomes the mean of the
responses that pick it as their best match with confidence. Assignment then scores
responses against both the label and that centre, as for discovered themes.

A theme may come with the responses it holds (`CodebookTheme.examples`): the web app's
re-assign gives each edited theme its current responses. Those are its centre and its
members, and responses are compared with them as with a discovered theme's: matched on
the label alone, a question's re-assigned themes (labels cut from answers, "It always
does") had lost a fifth of their F1 to the discovery they came from.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sounding.consult.assign import compatible
from sounding.consult.model import Stance
from sounding.consult.stages import Discovery, QuestionData, ThemeSeed
from sounding.embeddings.base import Embedder, normalise_rows


@dataclass(frozen=True)
class CodebookTheme:
    """A theme given by the analyst. `question_id` None means it applies to every question."""

    id: str
    label: str
    question_id: str | None = None
    description: str = ""
    stance: Stance = Stance.NEUTRAL
    #: Ids of responses the theme holds now (an analyst's edited theme), if any.
    examples: tuple[str, ...] = ()


@dataclass
class CodebookDiscoverer:
    """Returns the codebook's themes for a question, each with a centre learnt from its
    clearest matches.

    anchor_similarity: a response must be at least this close to a label to anchor its centre.
    """

    themes: list[CodebookTheme]
    anchor_similarity: float = 0.5
    use_description: bool = True

    def discover(self, data: QuestionData, embedder: Embedder) -> Discovery:
        themes = [t for t in self.themes if t.question_id in (None, data.question_id)]
        if not themes:
            return Discovery([])
        texts = [
            f"{t.label}. {t.description}"
            if self.use_description and t.description and not t.examples
            else t.label
            for t in themes
        ]
        labels = embedder.embed(texts)
        similarity = data.vectors @ labels.T
        allowed = np.array([[compatible(t.stance, s) for t in themes] for s in data.stances])
        similarity = np.where(allowed, similarity, -np.inf)
        best = similarity.argmax(axis=1) if len(data.texts) else np.zeros(0, dtype=int)
        confident = similarity.max(axis=1) >= self.anchor_similarity if len(data.texts) else best

        row_of = {rid: i for i, rid in enumerate(data.ids)}
        seeds = []
        for k, theme in enumerate(themes):
            held = sorted({row_of[r] for r in theme.examples if r in row_of})
            anchors = np.array(held) if held else np.flatnonzero((best == k) & confident)
            if len(anchors):
                weights = data.weights[anchors][:, None]
                centre = (data.vectors[anchors] * weights).sum(axis=0) + labels[k]
                centroid = normalise_rows(centre[None, :])[0]
            else:
                centroid = labels[k]
            seeds.append(
                ThemeSeed(
                    label=theme.label,
                    description=theme.description,
                    stance=theme.stance,
                    centroid=centroid,
                    label_vector=labels[k],
                    members=[int(i) for i in anchors],
                    weight=float(data.weights[anchors].sum()),
                    id=theme.id,
                    by_example=bool(held),
                )
            )
        return Discovery(seeds)
