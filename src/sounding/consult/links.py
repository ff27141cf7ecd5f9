"""The cross-question view: themes that recur across the questions of a consultation.

Respondents often make the same point under several questions ("the buses are unreliable"
under transport and under parking). Themes of different questions are grouped by the
similarity of their labels' embeddings (average linkage, cosine), and a group becomes a link
when it spans at least two questions. A theme of a question asking what could be better
and one of a question asking what was good are never the same point, however alike their
words ("Cheaper housing" needed, "Affordable housing" liked): such a group keeps the side
more respondents are on. This needs no language model; in LLM mode a model may confirm each
link (see `LLMLinkChecker`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sounding.consult.clustering import AverageLinkage
from sounding.consult.model import LinkedTheme, QuestionAnalysis, Theme, ThemeLink
from sounding.consult.stages import Linking
from sounding.consult.tone import asks_for_better, asks_one_side
from sounding.embeddings.base import Embedder, normalise_rows


@dataclass
class CrossQuestionLinker:
    """similarity: average cosine similarity of labels at which themes are linked."""

    similarity: float = 0.75

    def link(self, questions: list[QuestionAnalysis], embedder: Embedder) -> Linking:
        found = [
            (qi, ti, theme)
            for qi, qa in enumerate(questions)
            for ti, theme in enumerate(qa.themes)
            if theme.label.strip()
        ]
        if len({qi for qi, _, _ in found}) < 2:
            return Linking()
        vectors = normalise_rows(np.asarray(embedder.embed([t.label for _, _, t in found])))
        groups = AverageLinkage(1.0 - self.similarity).cluster(vectors)
        sides = [_side(qa.question.text) for qa in questions]
        links = []
        for group in np.unique(groups):
            members = [k for k in range(len(found)) if groups[k] == group]
            members = _one_side(members, [sides[found[k][0]] for k in members], found)
            if len({found[k][0] for k in members}) < 2:
                continue
            across = [
                float(vectors[a] @ vectors[b])
                for i, a in enumerate(members)
                for b in members[i + 1 :]
                if found[a][0] != found[b][0]
            ]
            links.append((members, float(np.mean(across))))
        links.sort(
            key=lambda item: (
                -len({found[k][0] for k in item[0]}),
                -sum(found[k][2].count for k in item[0]),
                found[item[0][0]][:2],
            )
        )
        return Linking(
            [
                ThemeLink(
                    id=f"X{n:03d}",
                    themes=[
                        LinkedTheme(questions[qi].question.id, theme.id, theme.label)
                        for qi, _, theme in (found[k] for k in members)
                    ],
                    similarity=round(similarity, 4),
                )
                for n, (members, similarity) in enumerate(links, start=1)
            ]
        )


def _side(question: str) -> int:
    """-1 for a question asking what could be better, 1 for one asking what was good, 0 for
    any other."""
    if not asks_one_side(question):
        return 0
    return -1 if asks_for_better(question) else 1


def _one_side(
    members: list[int], sides: list[int], found: list[tuple[int, int, Theme]]
) -> list[int]:
    """`members` of one group without those of the side fewer respondents are on, where it
    holds themes of both a "what could be better" and a "what was good" question."""
    if not (1 in sides and -1 in sides):
        return members
    weight = {
        side: sum(found[k][2].count for k, s in zip(members, sides, strict=True) if s == side)
        for side in (1, -1)
    }
    dropped = 1 if weight[1] < weight[-1] else -1
    return [k for k, s in zip(members, sides, strict=True) if s != dropped]
