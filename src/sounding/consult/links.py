"""The cross-question view: themes that recur across the questions of a consultation.

Respondents often make the same point under several questions ("the buses are unreliable"
under transport and under parking). Themes of different questions are grouped by the
similarity of their labels' embeddings (average linkage, cosine), and a group becomes a link
when it spans at least two questions. This needs no language model; in LLM mode a model may
confirm each link (see `LLMLinkChecker`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sounding.consult.clustering import AverageLinkage
from sounding.consult.model import LinkedTheme, QuestionAnalysis, ThemeLink
from sounding.consult.stages import Linking
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
        links = []
        for group in np.unique(groups):
            members = [k for k in range(len(found)) if groups[k] == group]
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
