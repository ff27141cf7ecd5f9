"""Offline theme discovery: cluster responses, then let the responses name their own themes.

For each stance separately, distinct responses are clustered (by default average linkage
on cosine distance; any `Clusterer` will do). A cluster becomes a theme whose label is a
*key point*: the sentence, taken from the cluster's own responses, that sits closest to the
cluster's centre (a cheap word-overlap score picks which sentences of long responses are
worth embedding to compete). Labels are therefore readable statements a respondent actually
made, never a bag of keywords, and need no LLM.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace

import numpy as np

from sounding.consult.cluster_terms import ClusterTerms, words
from sounding.consult.clustering import (
    AdaptiveLinkage,
    min_theme_size,
    split_by_lean,
    split_by_residual,
)
from sounding.consult.label_quality import faults, is_background, is_not_prose, reads_as_english
from sounding.consult.labels import (
    Casing,
    as_heading,
    make_label,
    names_no_point,
)
from sounding.consult.model import Stance
from sounding.consult.normalise import dedup_key
from sounding.consult.stages import Clusterer, Discovery, QuestionData, ThemeSeed
from sounding.consult.tone import (
    AGREEMENT,
    asks_one_side,
    asks_praise_or_suggestions,
    rated_leans,
)
from sounding.consult.union_find import UnionFind
from sounding.embeddings.base import Embedder, normalise_rows
from sounding.privacy.redact import redact
from sounding.retrieval.spelling import is_spelt, word_forms

#: How many themes split by tone a note names.
_NAMED_SPLITS = 4
#: A word of letters only: "6pm" and "A&E" hold none to spell-check.
_LABEL_WORD = re.compile(r"(?<![\w'&])[A-Za-z]+(?:'[a-z]+)?(?![\w&])")
#: Where a sentence ends: after its stop, but not a title's or a street's ("St. James's
#: hospital" had made a bus consultation's label "James's for outpatients now").
_SENTENCE_END = re.compile(
    r"(?<=[.!?;])(?<!\b(?:St|Dr|Mr|Ms|Rd|Mt|vs)\.)(?<!\b(?:Mrs|Ave|Rev)\.)"
    r"(?<!\b(?:Prof|Cllr)\.)(?<!\bapprox\.)(?<!\b[eE]\.g\.)(?<!\b[iI]\.e\.)\s+|\n+|\s+-\s+"
)
#: Where a sentence typed without its full stop ends: before a capitalised word that opens
#: sentences and not names, after a word in lower case ("Sorted everything Would recommend",
#: "only 2 nurses on New Years Eve Obviously not enough staff", "Faster feedback Other than
#: that it was fine", "Longer visiting hrs You are clearly understaffed"). Not "I", nor
#: nouns, which may be names of things ("Emergency Department").
_RUN_ON = re.compile(
    r"(?<=[a-z])\s+(?=(?:The|This|That|These|Those|There|They|We|He|She|It|My|Our|Their|Had"
    r"|Have|Was|Were|Would|Will|Could|Should|Did|Not|No|Nobody|Nothing|Everyone|Everything"
    r"|Overall|Obviously|Also|So|Then|Thank|Thanks|Very|Really|Keep|Please|When|After"
    r"|Eventually|Finally|Just|Only|Sadly|Unfortunately|Otherwise|Other|Shame|You"
    # ... and words that open a sentence, not a name ("gone too far If vaping gets banned").
    r"|If|Why|What|How|However|But|And|Because|Although|Instead|Surely|Perhaps|Maybe"
    # ... and what a respondent says of their own answer ("this year Hope this helps").
    r"|Sorry|Hope\s+(?:this|that|it)\s+helps|Rant\s+over)"
    r"\b(?!['’]))"
)
LABEL_MIN_WORDS = 4
LABEL_MAX_WORDS = 30


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, those typed without a full stop too (`_RUN_ON`), but not
    in Title Case, where every word opens with a capital ("Pay That Reflects The Job" had
    made a theme "That Reflects")."""
    parts = (
        piece
        for part in _SENTENCE_END.split(text)
        for piece in ([part] if _title_case(part) else _RUN_ON.split(part))
    )
    return [s.strip(" -•*\"'") for s in parts if s.strip(" -•*\"'")]


def _title_case(text: str) -> bool:
    """Whether most words of `text` (three or more) open with a capital."""
    words = [w for w in text.split() if w[:1].isalpha()]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


@dataclass
class KeyPointDiscoverer:
    """Finds themes as clusters named by key points. Parameters are explicit and tunable.

    clusterer: groups the responses of one side (lower its threshold for more themes).
    min_size: fewest responses (counting duplicates) for a cluster to become a theme on a
        large question; small ones need fewer (`min_theme_size`).
    min_share: ... or this share of all responses, whichever is larger.
    max_themes: most themes kept per stance, largest first.
    sample: most distinct responses clustered per stance; the rest are only assigned.
    covered_similarity: a neutral response this close to a side's theme is not re-themed.
    merge_similarity: themes of one stance whose key points are this close become one.
    candidates_per_theme: responses nearest each centre whose sentences may name it.
    embedded_candidates_per_theme: sentences taken out of longer responses that are embedded
        per theme, the closest in words to the cluster first (a one-sentence response is a
        candidate for free: it already has a vector).
    label_quality_weight: how much a candidate key point's quality as a statement counts
        beside its closeness to the centre (see `statement_quality`).
    short_answer_words: a cluster whose answers are this short (median words) is split
        where only a shared subject holds it together (`clustering.split_by_residual`);
        0 turns that off.
    split_share: ... provided the groups it splits into hold this share of its answers,
        and provided the question names the subject that holds the cluster together
        (`_named_by_question`).
    split_distance: the cut for those groups (the clusterer's own, by default).
    subject_share, subject_lift: ... and, for points cut from short answers, provided a word
        of their own holds them together (`_shares_a_subject`).
    topic_share, topic_word_share: ... and provided fewer than `topic_share` of its answers
        name only its topic: use no word but those `topic_word_share` of it use
        (`_names_a_topic`).
    lean: each answer's estimated tone, -1 to 1 (`ToneEstimator.lean`); None: clusters are
        never split by tone.
    tone_spread: a question without a stance whose answers' leans spread at least this much
        (standard deviation) has its clusters of short answers split by tone
        (`_split_by_tone`). Chosen between the questions of feedback measured (patient
        comments 0.29, the demo's impacts 0.23) and those of arguments and suggestions
        (gambling_XS 0.20 and 0.15, the demo's exemptions 0.16, bills 0.14).
    tone_split_share: ... where the smaller side holds this share of the cluster.
    """

    clusterer: Clusterer = field(default_factory=AdaptiveLinkage)
    min_size: int = 3
    min_share: float = 0.005
    covered_similarity: float = 0.55
    merge_similarity: float = 0.85
    centre: bool = True
    max_themes: int = 40
    sample: int = 4000
    candidates_per_theme: int = 5
    embedded_candidates_per_theme: int = 4
    seed: int = 0
    label_quality_weight: float = 0.1
    short_answer_words: int = 8
    split_share: float = 0.67
    split_distance: float = 0.85
    subject_share: float = 0.6
    subject_lift: float = 2.0
    topic_share: float = 0.3
    topic_word_share: float = 0.4
    lean: Callable[[np.ndarray, Embedder], np.ndarray] | None = None
    tone_spread: float = 0.22
    tone_split_share: float = 0.2

    def discover(self, data: QuestionData, embedder: Embedder) -> Discovery:
        if data.by_clause and data.sentence_rows is not None:
            # Short answers list their points in clauses ("Friendly staff, but waited 4
            # hours"): cluster the points, so each theme is one point and its label a clause
            # that states it, then count each theme's answers.
            points, owners = clauses_as_answers(data)
            found = self._discover(points, embedder)
            for seed in found.seeds:
                seed.members = sorted({int(owners[m]) for m in seed.members})
                seed.weight = float(data.weights[seed.members].sum())
            seeds = merge_same_answers(found.seeds, data, self.label_quality_weight)
            return self._noting_pairs(replace(found, seeds=seeds), data)
        return self._noting_pairs(self._discover(data, embedder), data)

    def _noting_pairs(self, found: Discovery, data: QuestionData) -> Discovery:
        """`found`, with a note where a question small enough for two answers to make a
        theme (`min_theme_size`) has themes of two: a small business survey's 12 comments
        had made four themes of unrelated pairs, and nothing said so."""
        total = float(data.weights.sum())
        pairs = sum(seed.weight < 3 for seed in found.seeds if seed.id is None)
        if min_theme_size(total, self.min_size) >= 3 or not pairs:
            return found
        note = (
            f"With {round(total)} answers, two make a theme here: {pairs} "
            f"theme{'s were' if pairs > 1 else ' was'} found from two answers only; check "
            "that they make the same point."
        )
        return replace(found, notes=[*found.notes, note])

    def _discover(self, data: QuestionData, embedder: Embedder) -> Discovery:
        total = float(data.weights.sum())
        min_size = max(min_theme_size(total, self.min_size), math.ceil(self.min_share * total))
        seeds: list[ThemeSeed] = []
        notes: list[str] = []
        sided = any(s is not Stance.NEUTRAL for s in data.stances)
        if sided and asks_praise_or_suggestions(data.question_text):
            # What was good, or what could be better, is the same point from either side of
            # a closed question beside it: a module survey's "most helpful" themes, split by
            # satisfaction, had made "Lecture recordings" and "The recordings" (F1 0.444;
            # found across all answers, 0.567). Each answer keeps its side in the tables.
            data = replace(data, stances=[Stance.NEUTRAL] * len(data.stances))
            notes.append(
                "Themes were found across all answers, not for each side of the closed "
                "question linked to this one, as the question asks what was good or what "
                "could be better; each theme's answers are still counted by side."
            )
        for stance in (Stance.AGREE, Stance.DISAGREE, Stance.NEUTRAL):
            index = np.array([i for i, s in enumerate(data.stances) if s is stance], dtype=int)
            if stance is Stance.NEUTRAL and seeds and len(index):
                # Neutral respondents mostly repeat points one side made; only what no side's
                # theme covers becomes a neutral theme.
                centres = np.vstack([seed.centroid for seed in seeds])
                index = index[
                    (data.vectors[index] @ centres.T).max(axis=1) < self.covered_similarity
                ]
            if len(index):
                seeds.extend(self._discover_side(data, index, stance, embedder, min_size, notes))
        return Discovery(merge_similar(seeds, self.merge_similarity), notes=notes)

    def _discover_side(
        self,
        data: QuestionData,
        index: np.ndarray,
        stance: Stance,
        embedder: Embedder,
        min_size: int,
        notes: list[str],
    ) -> list[ThemeSeed]:
        index, represents = self._sample(data.weights, index)
        if represents.sum() < min_size:
            return []
        # Remove what every response shares (the question's topic) so clusters form around
        # the points made rather than around the subject they all mention.
        vectors = data.vectors[index]
        if self.centre:
            vectors = normalise_rows(vectors - data.vectors.mean(axis=0))
        labels = self.clusterer.cluster(vectors, represents)
        labels = self._split_buckets(data, index, represents, vectors, labels, min_size)
        no_stance = all(s is Stance.NEUTRAL for s in data.stances)
        sides: dict[int, int] = {}
        leaning: dict[int, int] = {}
        parted = 0
        # A question asking for one side ("What could be improved?") has answers of that side
        # however they are worded: not divided by tone.
        two_sided = not asks_one_side(data.question_text)
        if no_stance and two_sided and self.lean is not None and self.tone_split_share > 0:
            split, sides, leaning = self._split_by_tone(
                data, index, represents, labels, min_size, embedder
            )
            parted = int(split.max(initial=-1) - labels.max(initial=-1))
            labels = split
        clusters = []
        for label in np.unique(labels):
            chosen = labels == label
            members = index[chosen]
            weight = float(represents[chosen].sum())
            if weight >= min_size:
                clusters.append((weight, int(members[0]), members))
        side_of = {int(index[labels == label][0]): side for label, side in sides.items()}
        leaning_of = {int(index[labels == label][0]): side for label, side in leaning.items()}
        # The label of a cluster most of whose answers lean one way leans that way too.
        name_side = {
            int(index[labels == label][0]): side for label, side in {**leaning, **sides}.items()
        }
        clusters.sort(key=lambda c: (-c[0], c[1]))
        if len(clusters) > self.max_themes:
            # Say so: a mental health trust's two questions had stopped at 40 themes each,
            # and nothing told the analyst that smaller ones were left out.
            left = clusters[self.max_themes :]
            notes.append(
                f"{len(clusters):,} groups of answers were large enough to be themes; only the "
                f"{self.max_themes} largest were kept (the setting consult.max_themes). The "
                f"answers of the other {len(left):,} (about {sum(c[0] for c in left):,.0f} "
                "respondents) are coded to their nearest theme, or Other."
            )
        clusters = clusters[: self.max_themes]
        seeds = self._name_clusters(
            data,
            [c[2] for c in clusters],
            [c[0] for c in clusters],
            stance,
            embedder,
            [name_side.get(int(c[2][0]), 0) for c in clusters],
        )
        for seed in seeds:
            seed.tone_side = side_of.get(seed.members[0], 0)
            seed.leaning = leaning_of.get(seed.members[0], 0)
        if parted:
            # Name the themes, so an analyst can find them (a question with no tone column
            # had said only "check those themes' quotes"), as published: without personal
            # data (a GP survey's note had named "Dr Shah" where the label said "Dr [PERSON_1]").
            split_labels = [f"“{redact(seed.label).text}”" for seed in seeds if seed.tone_side]
            themes = len(split_labels)
            # ... a few of them: twelve splits had named 24 themes in one sentence.
            more = len(split_labels) - _NAMED_SPLITS
            if more > 0:
                split_labels = [*split_labels[:_NAMED_SPLITS], f"and {more} more"]
            named = f": {', '.join(split_labels)}" if split_labels else ""
            notes.append(
                f"{parted} group{'s' if parted > 1 else ''} of short answers holding both "
                "praise and complaint about one thing "
                f"{'were' if parted > 1 else 'was'} split in two by the answers' estimated "
                f"tone, as this question's answers divide by tone; check the quotes of the "
                # ... and how many themes they made: an FFT's "6 groups" named 11 themes.
                f"{themes} theme{'s' if themes != 1 else ''} they made{named}."
            )
        return seeds

    def _split_buckets(
        self,
        data: QuestionData,
        index: np.ndarray,
        represents: np.ndarray,
        vectors: np.ndarray,
        labels: np.ndarray,
        min_size: int,
    ) -> np.ndarray:
        """Split each cluster of short answers that only a shared subject holds together
        (`split_by_residual`). Only short answers: in a phrase of a few words one shared noun
        is much of the vector, while sentences already cluster by point and splitting them
        divides points analysts code as one (splitting every cluster lowered discovery F1 on
        ArgKP dev from 0.457 to 0.439 and on the bills from 0.465 to 0.302)."""
        if self.short_answer_words <= 0:
            return labels
        out = labels.copy()
        next_label = int(labels.max(initial=-1)) + 1
        # Only clusters of clause points ask for a subject word (`_shares_a_subject`).
        question_words = word_counts(data.texts[i] for i in index) if data.by_clause else None
        asked_about = {form for word in words(data.question_text) for form in word_forms(word)}
        for _, rows in self._short_clusters(data, index, represents, labels, min_size):
            texts = [data.texts[i] for i in index[rows]]
            if not self._named_by_question(texts, asked_about):
                continue
            if self._names_a_topic(texts, represents[rows]):
                continue
            if question_words is not None and not self._shares_a_subject(
                texts, question_words, len(index)
            ):
                continue
            parts = split_by_residual(
                vectors[rows], represents[rows], min_size, self.split_share, self.split_distance
            )
            if parts is None:
                continue
            for part in range(1, int(parts.max()) + 1):
                out[rows[parts == part]] = next_label
                next_label += 1
        return out

    def _short_clusters(
        self,
        data: QuestionData,
        index: np.ndarray,
        represents: np.ndarray,
        labels: np.ndarray,
        min_size: int,
    ) -> Iterator[tuple[int, np.ndarray]]:
        """Each cluster that could be split: its label and rows, where it stands for at least
        twice `min_size` respondents (so each part can be a theme) and its answers are short
        (median words at most `short_answer_words`)."""
        for label in np.unique(labels):
            rows = np.flatnonzero(labels == label)
            if represents[rows].sum() < 2 * min_size:
                continue
            lengths = [len(data.texts[i].split()) for i in index[rows]]
            if float(np.median(lengths)) <= self.short_answer_words:
                yield int(label), rows

    def _split_by_tone(
        self,
        data: QuestionData,
        index: np.ndarray,
        represents: np.ndarray,
        labels: np.ndarray,
        min_size: int,
        embedder: Embedder,
    ) -> tuple[np.ndarray, dict[int, int], dict[int, int]]:
        """Split each cluster of short answers that holds both praise and complaint about
        one thing ("waited ages", "seen on time") in two, by each answer's estimated tone
        (`split_by_lean`). Only on questions without a stance whose answers themselves
        divide by tone (`tone_spread`): feedback on a service does, while arguments and
        suggestions ("ban the adverts", "teach the risks in schools") are muted in tone,
        and their themes are not one tone each. Returns the labels, each split cluster's two
        labels' sides (1 praising, -1 complaining) for `ThemeSeed.tone_side`, and the side
        most of each other cluster's answers take (`AGREEMENT` of them), for its label."""
        assert self.lean is not None
        words_lean = self.lean(data.vectors[index], embedder)
        leans = rated_leans(words_lean, None if data.ratings is None else data.ratings[index])
        # Whether answers divide by tone is read from their words: a rating is always
        # one side or the other.
        spread = (
            math.sqrt(float(np.cov(words_lean, aweights=represents))) if len(index) > 1 else 0.0
        )
        if spread < self.tone_spread:
            return labels, {}, {}
        sides: dict[int, int] = {}
        out = labels.copy()
        next_label = int(labels.max(initial=-1)) + 1
        for label, rows in self._short_clusters(data, index, represents, labels, min_size):
            parts = split_by_lean(leans[rows], represents[rows], self.tone_split_share)
            if parts is not None and min(np.bincount(parts, represents[rows])) >= min_size:
                out[rows[parts == 1]] = next_label
                sides[label], sides[next_label] = 1, -1
                next_label += 1
        leaning: dict[int, int] = {}
        for label in np.unique(out):
            rows = np.flatnonzero(out == label)
            praise = float(represents[rows][leans[rows] > 0].sum() / represents[rows].sum())
            if max(praise, 1 - praise) >= AGREEMENT and int(label) not in sides:
                leaning[int(label)] = 1 if praise > 0.5 else -1
        return out, sides, leaning

    def _named_by_question(self, texts: list[str], asked_about: set[str]) -> bool:
        """Whether the subject holding `texts` (one cluster's answers) together is one the
        question names (`asked_about`: its words' `word_forms`): a word `subject_share` of them
        use. Analysts divide what a question is about by aspect (asked how to improve the
        bus service: "More buses", "Evening buses", "Cleaner buses") and code a subject
        among many once: asked what would improve their area, residents' "Fix the roads",
        "Road repairs" and "The state of the roads" had been split into eight themes by their
        wording, and patients' praise of staff ("Staff were great", "Friendly staff") into
        four. Leaving unnamed subjects whole moved discovery F1 (mean of 8 subsamples) from
        0.656 to 0.682 on the short answers' dev set, 0.718 to 0.720 on their train set and
        0.578 to 0.580 on the patient comments."""
        for word, count in word_counts(texts).items():
            if count >= self.subject_share * len(texts) and word_forms(word) & asked_about:
                return True
        return False

    def _names_a_topic(self, texts: list[str], weights: np.ndarray) -> bool:
        """Whether `texts` (one cluster's answers, each standing for `weights` respondents)
        are mostly answers that name a topic and nothing more: at least `topic_share` of
        them use no word but those `topic_word_share` of the cluster use ("the nhs", "Cost
        of living."). Asked "what is the most important issue?", naming it is the point,
        and the cluster's other answers say more of the same topic ("nhs waiting lists",
        "the cost of living crisis"): splitting it by residual cut one issue into several
        themes, where analysts code one. A bucket of points about one subject has no such
        answers: nobody answers "buses" alone, but "Cleaner buses" and "Evening buses". Nor
        has a pair of points put in two words each, one shared: "better communication" (6)
        and "better food" (5) each use only words 40% of the cluster use, but name two
        things. So the bare answers must name one topic: the words of the most common of
        them, with rivals (answers as short that use another word: "better food" beside
        "better communication") under half as many."""
        used = [set(words(text)) for text in texts]
        counts: dict[str, float] = {}
        for said, weight in zip(used, weights.tolist(), strict=True):
            for word in said:
                counts[word] = counts.get(word, 0.0) + weight
        total = float(weights.sum())
        topic = {w for w, n in counts.items() if n >= self.topic_word_share * total}
        bare: Counter[frozenset[str]] = Counter()
        for said, weight in zip(used, weights.tolist(), strict=True):
            if said and said <= topic:
                bare[frozenset(said)] += weight
        if not bare:
            return False
        named = max(bare, key=lambda w: (bare[w], sorted(w)))
        naming = sum(n for w, n in bare.items() if w <= named)
        rivals = sum(
            weight
            for said, weight in zip(used, weights.tolist(), strict=True)
            if said and not said <= named and len(said) <= len(named)
        )
        return naming >= self.topic_share * total and rivals < naming / 2

    def _shares_a_subject(
        self, texts: list[str], question_words: Counter[str], question_size: int
    ) -> bool:
        """Whether a word holds `texts` together: used by `subject_share` of them, and by
        `subject_lift` times as large a share of them as of the question's answers (a word
        every answer uses, the question's own subject, holds no cluster together). Asked of
        clusters of points cut from answers (`QuestionData.by_clause`): without such a word
        they make one point in different words ("Colleagues", "The team", "The people") and
        are not split by residual. Clusters of whole answers are split as before."""
        for word, count in word_counts(texts).items():
            share = count / len(texts)
            if share >= self.subject_share and share >= self.subject_lift * question_words[
                word
            ] / max(question_size, 1):
                return True
        return False

    def _sample(self, weights: np.ndarray, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """At most `sample` of the side's distinct responses to cluster, and how many
        respondents each stands for. Repeated responses (campaigns, common answers) are all
        kept, largest first, up to half the sample; the others are drawn uniformly and each
        stands for its share of the responses not drawn, so a cluster's size estimates the
        whole side's (with 4,000 drawn from 300,000, one drawn answer stands for 75)."""
        if len(index) <= self.sample:
            return index, weights[index].astype(float)
        repeated = index[weights[index] > 1]
        repeated = repeated[np.argsort(-weights[repeated], kind="stable")][: self.sample // 2]
        rest = np.setdiff1d(index, repeated, assume_unique=True)
        rng = np.random.default_rng(self.seed)
        drawn = rng.choice(rest, size=self.sample - len(repeated), replace=False)
        scale = weights[rest].sum() / weights[drawn].sum()
        chosen = np.sort(np.concatenate([repeated, drawn]))
        represents = weights[chosen].astype(float)
        represents[np.isin(chosen, drawn)] *= scale
        return chosen, represents

    def _name_clusters(
        self,
        data: QuestionData,
        clusters: list[np.ndarray],
        weights: list[float],
        stance: Stance,
        embedder: Embedder,
        sides: list[int] | None = None,
    ) -> list[ThemeSeed]:
        """A seed per cluster, named by its key point; `weights`: the respondents each
        cluster stands for (estimated for the whole side when it was sampled). A cluster
        that leans one way (`sides`: 1 praising, -1 complaining; a side of a split, or one
        most of whose answers lean that way) is named by a candidate that leans its way
        where one does: complaints about the price are not called "Cheaper than other
        councils"."""
        if not clusters:
            return []
        centroids = normalise_rows(np.vstack([data.vectors[m].mean(axis=0) for m in clusters]))
        # Labels are chosen against the centre of what the cluster's respondents said, each
        # distinct answer counted by the respondents who gave it (a campaign's line by all
        # its signatories); coding keeps the centre of the distinct answers.
        said = normalise_rows(np.vstack([data.weights[m] @ data.vectors[m] for m in clusters]))
        # Candidate key points: sentences of the responses nearest each centre. A response of
        # one sentence is its own candidate and already has a vector. Sentences taken out of
        # longer responses need embedding, so only the few closest in words to the cluster
        # are (embedding them all nearly doubled the texts embedded at 1,000 responses).
        terms = ClusterTerms.fit([" ".join(data.texts[i] for i in m) for m in clusters])
        candidates: list[tuple[int, str]] = []
        own_vector: dict[str, np.ndarray] = {}
        for c, members in enumerate(clusters):
            nearest = members[np.argsort(-(data.vectors[members] @ centroids[c]), kind="stable")]
            # An answer flagged as an attempt to instruct a model names no theme: a feedback
            # survey's had labelled one "Ignore all previous instructions." (quotes already
            # leave such answers out).
            nearest = np.array([i for i in nearest if i not in data.flagged], dtype=int)
            extracted: list[str] = []
            for i in nearest[: self.candidates_per_theme]:
                sentences = split_sentences(data.texts[i])
                for sentence in sentences:
                    label = make_label(sentence)
                    if not LABEL_MIN_WORDS <= len(label.split()) <= LABEL_MAX_WORDS + 1:
                        continue
                    if names_no_point(sentence):
                        continue  # "Call me on [PHONE_1]", "Sorry this is long"
                    if len(sentences) == 1:
                        candidates.append((c, label))
                        own_vector.setdefault(label, data.vectors[i])
                    elif label not in extracted and not is_background(sentence):
                        # ... but not who the respondent is ("We are a 4-person haulage
                        # firm."), which had named themes of businesses' impacts.
                        extracted.append(label)
            closeness = terms.closeness(c, extracted)
            ranked = sorted(range(len(extracted)), key=lambda k: (-closeness[k], k))
            candidates.extend(
                (c, extracted[k]) for k in ranked[: self.embedded_candidates_per_theme]
            )
        unique_sentences = sorted({s for _, s in candidates if s not in own_vector})
        embedded = embedder.embed(unique_sentences) if unique_sentences else np.zeros((0, 1))
        vector_of = dict(own_vector)
        vector_of.update(zip(unique_sentences, embedded, strict=True))

        seeds = []
        # Labels write words as the question's respondents do ("NHS" where they do).
        whole = data.answers or data.texts
        casing = Casing.of(
            dict.fromkeys(whole[i] for i in np.unique(np.concatenate(clusters)).tolist())
        )

        def published(wording: str) -> str:
            """A label or other wording as it is published: cased and spelt as the answers
            write it, and ended as a heading."""
            return as_heading(casing.apply(wording))

        # Key terms are words members share, counted once each: a 20,000-character answer
        # had set its theme's terms by repeating its own. They are counted without personal
        # data, which the terms would otherwise publish ("bloggs", "example" from an email).
        terms_per_cluster = ClusterTerms.fit_members(
            [[redact(data.texts[i]).without_data for i in members] for members in clusters]
        ).top()
        for c, members in enumerate(clusters):
            mine = [s for owner, s in candidates if owner == c]
            if mine:
                shared = word_counts(data.texts[i] for i in members)
                sims = np.array(
                    [
                        vector_of[s] @ said[c]
                        + self.label_quality_weight * statement_quality(s, shared)
                        for s in mine
                    ]
                )
                # Named in English where most of its answers are: a bus consultation's "Save
                # the 42" theme of 269 English copies had been named by one of 27 Polish
                # answers, the multilingual model placing it nearest their centre. The
                # members are read only where a candidate is not in English.
                foreign = np.array([not reads_as_english(s) for s in mine], dtype=float)
                if foreign.any() and _mostly_english(data, members):
                    sims = sims - foreign
                side = sides[c] if sides else 0
                if side and self.lean is not None:
                    leans = self.lean(np.vstack([vector_of[m] for m in mine]), embedder)
                    if (leans * side > 0).any():
                        sims = np.where(leans * side > 0, sims, sims - 2.0)
                best = sorted(range(len(mine)), key=lambda k: (-sims[k], mine[k]))
                label, label_vector = mine[best[0]], vector_of[mine[best[0]]]
                alternative = next(
                    (mine[k] for k in best[1:] if mine[k] != label and _says_something(mine[k])),
                    None,
                )
            else:
                unflagged = np.array([i for i in members if i not in data.flagged], dtype=int)
                if not len(unflagged):
                    continue  # only attempts to instruct a model: no point to name
                first = int(unflagged[np.argmax(data.vectors[unflagged] @ centroids[c])])
                label, label_vector, alternative = (
                    make_label(data.texts[first]),
                    data.vectors[first],
                    None,
                )
            if is_not_prose(label):
                # Even the best candidate is a pasted formula or markup: no point an analyst
                # could publish. Its answers are coded against the other themes, or Other.
                continue
            label = published(label)
            if alternative is not None:
                alternative = published(alternative)
            if alternative is None or dedup_key(alternative) == dedup_key(label):
                # Another wording, not the label again once both are spelt as the answers
                # spell them ("Disorganized", one answer's, had read "Disorganised").
                alternative = _other_wording(data, members, centroids[c], label, published)
            top_terms = terms_per_cluster[c]
            parts = [f"Key terms: {', '.join(top_terms)}."] if top_terms else []
            if alternative:
                parts.append(f"Also put as: “{alternative}”")
            description = " ".join(parts) or "Every answer put it in these words."
            seeds.append(
                ThemeSeed(
                    label=label,
                    description=description,
                    stance=stance,
                    centroid=centroids[c],
                    label_vector=label_vector,
                    members=[int(i) for i in members],
                    weight=weights[c],
                )
            )
        return seeds


def _says_something(wording: str) -> bool:
    """Whether `wording` can stand as another wording of a theme: not code or markup, nor
    a sign-off or discourse marker ("Also put as: That is my view" in a budget
    consultation's report)."""
    return not (is_not_prose(wording) or names_no_point(wording))


def _other_wording(
    data: QuestionData,
    members: np.ndarray,
    centre: np.ndarray,
    label: str,
    published: Callable[[str], str],
) -> str | None:
    """The member answer nearest `centre` worded otherwise than `label`, as a label would
    be (and as `published` writes it): a theme of short answers ("Patient care") has no
    sentence of four words to offer, and its description had read only "A point made in
    these words."."""
    said = dedup_key(label)
    for i in members[np.argsort(-(data.vectors[members] @ centre), kind="stable")].tolist():
        if i in data.flagged:
            continue
        other = published(make_label(data.texts[i]))
        if _says_something(other) and dedup_key(other) != said:
            return other
    return None


def clauses_as_answers(data: QuestionData) -> tuple[QuestionData, np.ndarray]:
    """`data` with each answer that makes several points (`data.sentence_rows`) replaced by
    those points, one row each with its answer's weight and stance; and the answer of each
    row. Answers of one point stay as they are."""
    assert data.sentence_rows is not None and data.sentence_vectors is not None
    sentence_texts = data.sentence_texts or []
    by_answer: dict[int, list[int]] = {}
    for k, row in enumerate(data.sentence_rows.tolist()):
        by_answer.setdefault(row, []).append(k)
    texts: list[str] = []
    vectors: list[np.ndarray] = []
    owners: list[int] = []
    for i, text in enumerate(data.texts):
        for k in by_answer.get(i, ()):
            texts.append(sentence_texts[k])
            vectors.append(data.sentence_vectors[k])
            owners.append(i)
        if i not in by_answer:
            texts.append(text)
            vectors.append(data.vectors[i])
            owners.append(i)
    rows = np.array(owners, dtype=int)
    points = replace(
        data,
        texts=texts,
        vectors=np.vstack(vectors).astype(data.vectors.dtype, copy=False),
        weights=data.weights[rows],
        stances=[data.stances[i] for i in owners],
        flagged=frozenset(k for k, i in enumerate(owners) if i in data.flagged),
        sentence_rows=None,
        sentence_vectors=None,
        sentence_texts=None,
        answers=[data.texts[i] for i in owners],
        # A clause of a longer answer is read by its own words: the rating is the answer's.
        ratings=None
        if data.ratings is None
        else np.where([i in by_answer for i in owners], np.nan, data.ratings[rows]),
    )  # by_clause stays set: its rows are points (see `_split_buckets`)
    return points, rows


#: Share of two clause themes' respondents (weighted) that must be the same for them to be
#: one theme: clauses that always come together are one point put in several sentences.
SAME_ANSWERS = 0.8


def merge_same_answers(
    seeds: list[ThemeSeed], data: QuestionData, quality_weight: float
) -> list[ThemeSeed]:
    """Themes of clauses that come from the same answers, merged. A campaign's letter of
    three sentences ("Parking charges are unfair. We should not pay to park when ill. Scrap
    the charges now.") had made three themes of the same respondents, and "better signs,
    got lost finding radiology", written alike by a few, two. The theme kept is the one
    whose label best states the answers as a whole: nearest their centre, with the label
    quality the discoverer weighs (`statement_quality`)."""
    groups: list[list[ThemeSeed]] = []
    for seed in sorted(seeds, key=lambda s: -s.weight):
        group = next(
            (
                g
                for g in groups
                if g[0].stance is seed.stance
                and _shared_share(g[0].members, seed.members, data.weights) >= SAME_ANSWERS
            ),
            None,
        )
        if group is None:
            groups.append([seed])
        else:
            group.append(seed)
    merged = []
    for group in groups:
        if len(group) == 1:
            merged.append(group[0])
            continue
        members = sorted(set().union(*(seed.members for seed in group)))
        centre = normalise_rows((data.weights[members] @ data.vectors[members])[None, :])[0]
        shared = word_counts(data.texts[i] for i in members)
        best = max(
            group,
            key=lambda s: (
                float(s.label_vector @ centre) + quality_weight * statement_quality(s.label, shared)
            ),
        )
        best.members, best.weight = members, float(data.weights[members].sum())
        merged.append(best)
    order = {id(seed): k for k, seed in enumerate(seeds)}
    return sorted(merged, key=lambda seed: order[id(seed)])


def _shared_share(a: list[int], b: list[int], weights: np.ndarray) -> float:
    """Respondents in both of two member lists, as a share of those in either (weighted)."""
    both, either = set(a) & set(b), set(a) | set(b)
    return float(weights[list(both)].sum() / weights[list(either)].sum()) if both else 0.0


def word_counts(texts: Iterable[str]) -> Counter[str]:
    """How many of `texts` use each word: what `statement_quality` weighs a label's words by."""
    return Counter(w for text in texts for w in set(words(text)))


def statement_quality(label: str, shared: Counter[str]) -> float:
    """How good `label` is as a published statement, about -1 to 1: the share of its words
    that other members of its theme use too (a typo or an odd word is used by one person
    only), less one for each fault (`label_quality.faults`), for personal data (it is
    published as "[PHONE_1]") and for a question, and four for a non-answer or for text
    that is no prose (a formula)."""
    own = words(label)
    score = sum(shared[w] >= 2 for w in own) / len(own) if own else 0.0
    for fault in faults(label):
        score -= 4.0 if fault in ("non-answer", "not prose") else 1.0
    if redact(label).redacted:
        score -= 1.0
    if _misspelt(label, shared):
        score -= 1.0
    if label.rstrip().endswith("?"):
        # A question states no point: a local plan's "Have any of the planners actually
        # driven down Mill Lane at half eight in the morning?" had named its traffic theme.
        score -= 1.0
    return score


#: Members of a theme that must use a word no dictionary knows ("nhs", "wifi") before it is
#: the theme's own word rather than one respondent's typo.
_OWN_WORD_MEMBERS = 3


def _mostly_english(data: QuestionData, members: np.ndarray) -> bool:
    """Whether most of a cluster's respondents answered in English words
    (`reads_as_english`), counting each distinct answer by its respondents."""
    english = np.array([reads_as_english(data.texts[i]) for i in members], dtype=float)
    weights = data.weights[members]
    return float(english @ weights) * 2 >= float(weights.sum())


def _misspelt(label: str, shared: Counter[str]) -> bool:
    """Whether a lower-case word of `label` is unknown to the dictionary (`is_spelt`) and
    fewer than `_OWN_WORD_MEMBERS` members use it: a typo the spelling correction could not
    put right, being short ("Shps on the high st", "Th roads are a disgrace"), or shorthand
    ("pls"). Another candidate says the same in words."""
    found = _LABEL_WORD.findall(label.replace("’", "'"))
    # The first word is capitalised as a label's is; a capital elsewhere may be a name.
    lower = [w.lower() for w in found[:1] if w[1:].islower()] + [
        w for w in found[1:] if w.islower()
    ]
    return any(not is_spelt(w) and shared[w] < _OWN_WORD_MEMBERS for w in lower)


def merge_similar(seeds: list[ThemeSeed], threshold: float) -> list[ThemeSeed]:
    """Fold each theme into a larger one of the same stance whose key point is as close as
    `threshold`; the larger keeps its label and the centre is re-weighted."""
    kept: list[ThemeSeed] = []
    for seed in sorted(seeds, key=lambda s: -s.weight):
        target = next(
            (
                k
                for k in kept
                if k.stance is seed.stance
                and float(k.label_vector @ seed.label_vector) >= threshold
            ),
            None,
        )
        if target is None:
            kept.append(seed)
            continue
        _fold(target, seed)
    return kept


def merge_pairs(seeds: list[ThemeSeed], pairs: list[tuple[int, int]]) -> list[ThemeSeed]:
    """Merge the themes joined by `pairs` (indexes into `seeds`, taken transitively); in each
    group the largest keeps its label and the centre is re-weighted. Order is kept."""
    sets = UnionFind(len(seeds))
    for a, b in pairs:
        sets.union(a, b)
    heads = {}
    for members in sets.groups():
        head = min(members, key=lambda i: (-seeds[i].weight, i))
        heads[head] = members
    kept = []
    for i, seed in enumerate(seeds):
        if i not in heads:
            continue
        for other in heads[i]:
            if other != i:
                _fold(seed, seeds[other])
        kept.append(seed)
    return kept


def _fold(target: ThemeSeed, seed: ThemeSeed) -> None:
    """Fold `seed` into `target`: members joined, centre re-weighted, label kept."""
    total = target.weight + seed.weight
    centre = target.centroid * target.weight + seed.centroid * seed.weight
    target.centroid = centre / (np.linalg.norm(centre) or 1.0)
    target.members = sorted(target.members + seed.members)
    target.weight = total
