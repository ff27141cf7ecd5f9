"""The rules that adapt discovery and assignment to the question, on hand-made vectors.

A small question (about 25 answers, each worded its own way) and a large, tight one (600
answers in 20 points) need different cuts; these tests build both from random directions
with a known amount of spread, so what each rule does is checked without a model.
"""

from collections import Counter
from dataclasses import replace

import numpy as np
import pytest

from sounding.consult.assign import (
    SimilarityAssigner,
    ThemeVectors,
    most_themes,
    with_sentence_points,
)
from sounding.consult.cluster_terms import ClusterTerms, words
from sounding.consult.clustering import (
    AdaptiveLinkage,
    AverageLinkage,
    min_theme_size,
    split_by_lean,
    split_by_residual,
)
from sounding.consult.discover import (
    KeyPointDiscoverer,
    statement_quality,
    word_counts,
)
from sounding.consult.label_quality import faults, is_background
from sounding.consult.model import Stance
from sounding.consult.points import (
    clause_min_words,
    lists_points,
    point_clauses,
    point_sentences,
)
from sounding.consult.stages import Discovery, QuestionData, ThemeSeed
from sounding.embeddings.base import normalise_rows
from sounding.retrieval.spelling import word_forms


def question(groups: int, per_group: int, noise: float, seed: int = 0) -> tuple[np.ndarray, list]:
    """Unit vectors in `groups` unrelated points of `per_group` answers; `noise` sets their
    spread."""
    rng = np.random.default_rng(seed)
    centres = np.linalg.qr(rng.normal(size=(64, groups)))[0].T
    rows, truth = [], []
    for g in range(groups):
        for _ in range(per_group):
            rows.append(centres[g] / np.linalg.norm(centres[g]) + noise * rng.normal(size=64))
            truth.append(g)
    return normalise_rows(np.array(rows, dtype=np.float32)), truth


def straggler_share(labels: np.ndarray, min_size: int) -> float:
    sizes = Counter(labels.tolist())
    return sum(n for n in sizes.values() if n < min_size) / len(labels)


def test_min_theme_size_is_two_on_small_questions_and_three_on_large_ones():
    assert min_theme_size(25) == 2
    assert min_theme_size(60) == 2
    assert min_theme_size(250) == 3
    assert min_theme_size(10_000) == 3
    assert min_theme_size(10_000, largest=5) == 5


def test_a_small_spread_question_is_not_left_in_clusters_of_one():
    vectors, _ = question(groups=6, per_group=4, noise=0.3)
    fixed = AverageLinkage(0.85).cluster(vectors)
    adaptive = AdaptiveLinkage(0.85).cluster(vectors)
    assert straggler_share(fixed, 2) >= 0.25  # the fixed cut leaves many answers alone
    assert straggler_share(adaptive, 2) <= 0.1
    assert max(Counter(adaptive.tolist()).values()) <= 0.34 * len(vectors) + 1


def test_a_large_tight_question_keeps_its_many_points():
    vectors, truth = question(groups=20, per_group=30, noise=0.05)
    adaptive = AdaptiveLinkage(0.85).cluster(vectors)
    fixed = AverageLinkage(0.85).cluster(vectors)
    assert len(set(adaptive.tolist())) == len(set(fixed.tolist())) >= 15  # no collapse
    # each cluster is one true point
    for label in set(adaptive.tolist()):
        assert len({truth[i] for i in np.flatnonzero(adaptive == label)}) == 1


def test_no_merge_past_the_largest_share():
    vectors, _ = question(groups=2, per_group=12, noise=0.6)
    labels = AdaptiveLinkage(0.5, max_distance=2.0, max_cluster_share=0.34).cluster(vectors)
    assert max(Counter(labels.tolist()).values()) <= 0.34 * len(vectors) + 1


def seed(label_vector, members, vectors, stance=Stance.NEUTRAL) -> ThemeSeed:
    centre = vectors[members].mean(axis=0)
    return ThemeSeed(
        label="x",
        description="",
        stance=stance,
        centroid=centre / np.linalg.norm(centre),
        label_vector=label_vector,
        members=list(members),
        weight=float(len(members)),
    )


def test_a_short_answer_near_a_themes_members_takes_the_theme():
    rng = np.random.default_rng(1)
    topic, point, aside = (v / np.linalg.norm(v) for v in rng.normal(size=(3, 32)))
    # Members mention the point at length; the label is a long sentence leaning elsewhere;
    # a one-word answer ("cost") says only the point.
    members = [0.8 * point + 0.6 * topic + 0.1 * rng.normal(size=32) for _ in range(4)]
    short = 0.95 * point + 0.3 * topic
    vectors = normalise_rows(np.array([*members, short], dtype=np.float32))
    label = normalise_rows((0.05 * point + aside)[None, :])[0]
    data = QuestionData(["m"] * 4 + ["cost"], vectors, np.ones(5), [Stance.NEUTRAL] * 5)
    theme = seed(label, range(4), vectors)
    plain = SimilarityAssigner(member_quantile=0.0, nearest_members=0)
    base = plain.scores(vectors[4:], theme.centroid[None, :], label[None, :])[0, 0]
    assert base < 0.55  # under the absolute threshold: with the label alone, "Other"
    coding = SimilarityAssigner().assign(data, Discovery([theme]))
    assert coding.themes[4] and coding.themes[4][0][0] == 0


def test_a_response_unlike_every_theme_stays_other_and_the_line_follows_the_members():
    vectors, _ = question(groups=3, per_group=8, noise=0.15, seed=2)
    stray = normalise_rows(np.random.default_rng(5).normal(size=(1, 64)).astype(np.float32))
    vectors = np.vstack([vectors, stray])
    seeds = [seed(vectors[g * 8], range(g * 8, g * 8 + 8), vectors) for g in range(3)]
    data = QuestionData(["t"] * 25, vectors, np.ones(25), [Stance.NEUTRAL] * 25)
    assigner = SimilarityAssigner()
    line = assigner.threshold_for(data, ThemeVectors.of(seeds, vectors))
    assert line <= assigner.threshold
    coding = assigner.assign(data, Discovery(seeds))
    assert coding.themes[24] == []
    assert sum(1 for picks in coding.themes[:24] if picks) >= 20


def test_an_answer_fitting_no_theme_of_its_side_takes_a_clear_one_of_the_other():
    """A local plan's respondents who ticked the plan sound and wrote "Too much traffic"
    had been left in Other beside the objectors' theme of traffic."""
    assigner = SimilarityAssigner()
    sides = [Stance.DISAGREE, Stance.AGREE]
    scores = np.array([[0.9, 0.2], [0.3, 0.1], [0.6, 0.2]])
    picks = assigner.choose(scores, [Stance.AGREE] * 3, sides, 0.55, [True, True])
    # Clearly one of the objectors' themes: coded to it; neither: Other; only just over
    # the line, on the other side: Other too.
    assert picks == [[(0, 0.9)], [], []]
    # A theme of its own side that fits is kept, however well another side's fits.
    assert assigner.choose(np.array([[0.95, 0.6]]), [Stance.AGREE], sides, 0.55) == [[(1, 0.6)]]
    # An analyst's codebook theme (none of the discovered ones) keeps to its side.
    assert assigner.choose(scores[:1], [Stance.AGREE], sides, 0.55, [False, True]) == [[]]


def test_codebook_themes_keep_the_absolute_threshold():
    vectors, _ = question(groups=2, per_group=5, noise=0.3)
    theme = seed(vectors[0], range(5), vectors)
    theme.id = "given"
    data = QuestionData(["t"] * 10, vectors, np.ones(10), [Stance.NEUTRAL] * 10)
    assigner = SimilarityAssigner()
    line = assigner.threshold_for(data, ThemeVectors.of([theme], vectors))
    assert line == assigner.threshold


@pytest.mark.parametrize(
    "label, expected",
    [
        ("I'm 78 and use a walking stick.", ["anecdote", "circumstance"]),
        ("We don't qualify for a blue badge, before anyone asks.", ["circumstance"]),
        ("I'd have to park streets away from my house.", ["anecdote"]),
        ("We'd end up with fines for parking outside our home.", []),
        ("Very little, because we have our own parking.", []),
        ("I think pavement parking should be banned.", ["anecdote"]),
        ("Not sure, to be honest.", ["non-answer"]),
        ("Put simply, buses are late.", ["filler opening"]),
        ("Cars should not park on the pavement because…", ["truncated"]),
        ("Pavement parking blocks wheelchairs and pushchairs.", []),
        # Pasted formulas, markup and filler text are no sentences.
        ("+cmd|' /C calc'!A0 drivers must slow down", ["not prose"]),
        ('=HYPERLINK("http://x","click")', ["not prose"]),
        ("<script>alert(1)</script> Slow the traffic down.", ["not prose"]),
        ("AAAAA word word word word", ["not prose"]),
        # Numbers, hyphens and a list dash are prose.
        ("- A 20-mph limit costs £100000 a year to enforce.", []),
        # A sentence that goes on from one left out says nothing of what it is about.
        ("Its at breaking point", ["goes on"]),
        ("and now she sits in on her own all day", ["filler opening", "goes on"]),
        ("Gets next to nothing", ["goes on"]),
        # A parish survey's labels: a subject, or what is protected, left in the answer.
        ("Must never be built on", ["goes on"]),
        ("No parking on it", ["goes on"]),
        ("Should stay a field", ["goes on"]),
        ("Should be more buses", []),
        # An FFT's: set against what the answer said before.
        ("Otherwise the town will die", ["goes on"]),
        ("The rest was awful", ["goes on"]),
        ("Apart from the parking it was fine", []),
        ("Protect the green and keep it", []),
        ("Is it too much to ask?", []),
        # ... but "they", "this" and a longer "it" sentence name what they are about.
        ("They are all the same", []),
        ("This will lead to job losses in the town", []),
        ("It is not fair to tax savers twice", []),
        ("Was at work all day", []),
        # A list names several points (an e-scooter consultation's largest theme), not a
        # clause set off by commas.
        ("Bikes dont need one, insurance, excludes people", ["list"]),
        ("More buses, cheaper fares", []),
        ("The buses, which are late, need to run every ten minutes in town", []),
    ],
)
def test_label_faults(label, expected):
    assert faults(label) == expected


def test_statement_quality_prefers_shared_wording_and_a_general_statement():
    members = [
        "The cost of living is too high for families.",
        "Families cannot meet the cost of living.",
        "Living costs hurt families.",
    ]
    shared = word_counts(members)
    general = statement_quality("The cost of living is too high for families.", shared)
    typo = statement_quality("The cost of livng is too hgh for famlies.", shared)
    anecdote = statement_quality("My family cannot meet the cost of living.", shared)
    assert general > typo
    assert general > anecdote


def test_statement_quality_counts_a_question_against_a_label():
    """A local plan's traffic theme had been named "Have any of the planners actually
    driven down Mill Lane at half eight in the morning?", a question stating no point."""
    members = [
        "Mill Lane cannot take the traffic at peak times.",
        "Have any of the planners driven down Mill Lane at peak times?",
        "The traffic on Mill Lane is already too much.",
    ]
    shared = word_counts(members)
    question = statement_quality("Have any of the planners driven down Mill Lane?", shared)
    statement = statement_quality("Mill Lane cannot take the traffic.", shared)
    assert statement > question
    assert statement_quality("Mill Lane cannot take the traffic?", shared) == statement - 1.0


def test_statement_quality_counts_a_short_typo_as_a_fault():
    """Words of four letters or fewer are not put right ("shps", "th"), and a new user's
    survey had themes labelled "Shps on the high st" and "Th roads are a disgrace". A word
    the dictionary does not know counts against a label unless three members use it: then
    it is the theme's own ("nhs", "wifi"); "6pm", "A&E" and "women's" are no typos."""
    members = ["shps on the high st", "shops on the high street", "more shops", "better shops"]
    shared = word_counts(members)
    typo = statement_quality("Shps on the high st", shared)
    assert statement_quality("Shops on the high street", shared) > typo + 1
    own = word_counts(["nhs waits", "fund the nhs", "nhs staff", "the nhs"])
    assert statement_quality("Fund the nhs", own) > 0  # no fault: a minus one would show
    for label in ("Not safe after 6pm", "Waits at A&E", "Women's sport gets no coverage"):
        assert statement_quality(label, Counter()) >= 0


def test_statement_quality_prefers_a_label_without_contact_details():
    """A label with a phone number is published as "Ring me back on [PHONE_1]"."""
    members = ["Ring me back on 07700 900123 nobody has", "Nobody rings back when they say"]
    shared = word_counts(members)
    with_phone = statement_quality("Ring me back on 07700 900123 nobody has", shared)
    assert with_phone < statement_quality("Nobody rings back when they say", shared) - 0.5


def test_statement_quality_never_prefers_a_formula_to_a_sentence():
    """A formula pasted as an answer shares the theme's words, yet loses to any sentence."""
    members = ["=cmd()|drivers must slow down", "Drivers must slow down near schools."]
    shared = word_counts(members)
    formula = statement_quality("=cmd()|drivers must slow down", shared)
    sentence = statement_quality("Drivers must slow down near schools.", shared)
    assert sentence > formula + 3  # a fault of four, against at most one for shared words


def test_statement_quality_prefers_an_impact_to_the_situation_behind_it():
    """On a question about impact, every candidate speaks in the first person; the one that
    says what would happen beats the one that only sets out the respondent's situation."""
    members = [
        "I'm 78 and use a walking stick.",
        "I would feel confident enough to go out on my own with my stick.",
        "I use a stick and would go out on my own more.",
    ]
    shared = word_counts(members)
    situation = statement_quality("I'm 78 and use a walking stick.", shared)
    impact = statement_quality(
        "I would feel confident enough to go out on my own with my stick.", shared
    )
    assert impact > situation


def test_key_terms_are_whole_words_never_fragments():
    terms = ClusterTerms.fit(
        [
            "Buses don't come. Buses doesn't run. The council's buses aren't late.",
            "Trains are slow, trains are late",
        ]
    ).top()
    assert "buses" in terms[0]
    assert all(t not in {"don", "doesn", "aren", "council's"} for t in terms[0])
    assert words("The council's café doesn't open") == ["council", "café", "open"]


def test_discoverer_never_names_a_theme_with_a_first_person_story(word_embedder):
    texts = [
        "Buses to the hospital are too infrequent to rely on.",
        "I'm 78 and the buses to the hospital are too infrequent for me.",
        "Hospital buses are too infrequent, people cannot rely on them.",
        "The hospital bus service is too infrequent.",
    ]
    vectors = word_embedder.embed(texts)
    data = QuestionData(texts, vectors, np.ones(4), [Stance.NEUTRAL] * 4)
    discovery = KeyPointDiscoverer(clusterer=AverageLinkage(1.5), min_size=2).discover(
        data, word_embedder
    )
    assert discovery.seeds
    assert all(not faults(s.label) for s in discovery.seeds)


def _subject_and_points(points: int, per_point: int, noise: float) -> np.ndarray:
    """Rows that share one strong subject direction, each also making one of `points` points
    (weaker directions of their own): short answers such as "Cleaner buses", "Evening buses"."""
    rng = np.random.default_rng(0)
    dims = 64
    subject = np.eye(dims)[0] * 3.0
    rows = [
        subject + np.eye(dims)[1 + p] + rng.normal(scale=noise, size=dims)
        for p in range(points)
        for _ in range(per_point)
    ]
    return normalise_rows(np.array(rows))


def test_a_cluster_held_together_by_its_subject_is_split_by_point():
    vectors = _subject_and_points(points=3, per_point=4, noise=0.05)
    assert len(set(AverageLinkage(0.85).cluster(vectors))) == 1  # one bucket at the cut
    parts = split_by_residual(vectors, np.ones(12), min_size=2, min_share=0.67)
    assert parts is not None
    assert [len(set(parts[p * 4 : p * 4 + 4])) for p in range(3)] == [1, 1, 1]
    assert len(set(parts)) == 3


def test_a_tight_cluster_is_kept_whole():
    rng = np.random.default_rng(1)
    vectors = normalise_rows(np.eye(64)[0] * 3.0 + rng.normal(scale=0.05, size=(12, 64)))
    assert split_by_residual(vectors, np.ones(12), min_size=2, min_share=0.67) is None


def test_a_split_must_leave_most_answers_in_themes():
    """Two pairs among twelve answers are not enough to call the cluster a bucket."""
    vectors = _subject_and_points(points=2, per_point=2, noise=0.05)
    rng = np.random.default_rng(2)
    loose = normalise_rows(np.eye(64)[0] * 3.0 + rng.normal(scale=1.0, size=(8, 64)))
    both = np.vstack([vectors, loose])
    assert split_by_residual(both, np.ones(12), min_size=2, min_share=0.67) is None
    weights = np.array([5.0] * 4 + [1.0] * 8)  # ... unless the pairs stand for most people
    assert split_by_residual(both, weights, min_size=2, min_share=0.67) is not None


def test_a_cluster_is_split_by_tone_only_where_enough_answers_lean_the_other_way():
    leans = np.array([0.5, 0.4, 0.2, -0.3, -0.1, 0.3])
    assert split_by_lean(leans, np.ones(6), min_share=0.2).tolist() == [0, 0, 0, 1, 1, 0]
    # One answer in eight leaning the other way is what the estimate's errors make.
    mostly = np.array([0.5, 0.4, 0.2, 0.3, 0.6, 0.1, 0.3, -0.2])
    assert split_by_lean(mostly, np.ones(8), min_share=0.2) is None
    # ... unless it stands for many respondents (a repeated answer).
    assert split_by_lean(mostly, np.array([1.0] * 7 + [3.0]), min_share=0.2) is not None


class _ByTopic:
    """Clusters rows by a fixed list of labels: comments on one thing in one cluster, as
    sentence embeddings place praise and complaint of it."""

    def __init__(self, labels: list[int]) -> None:
        self.labels = np.array(labels)

    def cluster(self, vectors: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        return self.labels[: len(vectors)]


PRAISED_WAITS = ["seen quickly hardly any wait", "short wait seen quickly", "hardly any wait"]
LONG_WAITS = ["waited ages to be seen", "long wait again", "very long wait", "waited ages"]
PARKING_COSTS = ["parking costs too much", "paying to park", "parking is too dear"]


def _tone_question(word_embedder, scale: float):
    texts = PRAISED_WAITS + LONG_WAITS + PARKING_COSTS
    tones = [0.6] * 3 + [-0.6] * 4 + [-0.3] * 3
    vectors = word_embedder.embed(texts)
    by_vector = {v.tobytes(): scale * tone for v, tone in zip(vectors, tones, strict=True)}

    def lean(rows: np.ndarray, embedder: object) -> np.ndarray:
        return np.array([by_vector[v.tobytes()] for v in rows])

    data = QuestionData(texts, vectors, np.ones(len(texts)), [Stance.NEUTRAL] * len(texts))
    return texts, data, lean


@pytest.mark.parametrize("scale", [1.0, 0.25])
def test_praise_and_complaint_of_one_thing_are_split_where_the_answers_divide_by_tone(
    word_embedder, scale
):
    """A cluster of waits, three praised and four complained of, becomes two themes on a
    question whose answers lean strongly both ways (feedback), and stays one where they are
    muted (spread under `tone_spread`: arguments, suggestions)."""
    texts, data, lean = _tone_question(word_embedder, scale)
    # Splitting by residual is off (`split_share` over 1), to see the tone's split alone.
    by_topic = {"clusterer": _ByTopic([0] * 7 + [1] * 3), "min_size": 2, "split_share": 1.1}
    discoverer = KeyPointDiscoverer(**by_topic, lean=lean)
    found = discoverer.discover(data, word_embedder)
    themes = sorted(sorted(texts[m] for m in seed.members) for seed in found.seeds)
    waits = sorted(PRAISED_WAITS + LONG_WAITS)
    if scale == 1.0:
        assert themes == sorted([sorted(PARKING_COSTS), sorted(PRAISED_WAITS), sorted(LONG_WAITS)])
        assert found.notes == [
            "1 group of short answers holding both praise and complaint about one thing was "
            "split in two by the answers' estimated tone, as this question's answers divide "
            "by tone; check the quotes of the 2 themes they made: “Waited ages to be seen”, "
            "“Seen quickly hardly any wait”."
        ]
        # Many splits are named a few at a time (twelve had named 24 themes in a sentence).
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr("sounding.consult.discover._NAMED_SPLITS", 1)
            note = discoverer.discover(data, word_embedder).notes[0]
        assert note.endswith("2 themes they made: “Waited ages to be seen”, and 1 more.")
    else:
        assert themes == sorted([sorted(PARKING_COSTS), waits]) and not found.notes
    # No estimate, or answers with a stance: never split.
    unsplit = sorted([sorted(PARKING_COSTS), waits])
    plain = KeyPointDiscoverer(**by_topic)
    assert (
        sorted(
            sorted(texts[m] for m in s.members) for s in plain.discover(data, word_embedder).seeds
        )
        == unsplit
    )
    sided = replace(data, stances=[Stance.AGREE] * len(texts))
    found = discoverer.discover(sided, word_embedder)
    assert sorted(sorted(texts[m] for m in s.members) for s in found.seeds) == unsplit
    # Nor on a question that asks for one side: its answers are of that side, however
    # worded (an inpatient survey's "Food could be improved" and "The food is awful").
    for question in ("What could be improved?", "What was particularly good about your care?"):
        found = discoverer.discover(replace(data, question_text=question), word_embedder)
        assert sorted(sorted(texts[m] for m in s.members) for s in found.seeds) == unsplit


def test_a_cluster_leaning_one_way_is_named_by_a_candidate_leaning_that_way(word_embedder):
    """The answer nearest the centre of a cluster of complaints can be praise; the label is
    the nearest complaint instead, unless no candidate leans the cluster's way."""
    texts = [
        "the parking here is fine",
        "the parking here costs far too much",
        "parking here is too dear",
        "paying for the parking here",
    ]
    vectors = word_embedder.embed(texts)
    data = QuestionData(texts, vectors, np.ones(4), [Stance.NEUTRAL] * 4)
    members = [np.arange(4)]
    plain = KeyPointDiscoverer()._name_clusters(data, members, [4.0], Stance.NEUTRAL, word_embedder)
    nearest = plain[0].label.lower()
    # The nearest answer praises; the others complain.
    tones = {
        v.tobytes(): 0.5 if t == nearest else -0.5 for t, v in zip(texts, vectors, strict=True)
    }

    def lean(rows: np.ndarray, embedder: object) -> np.ndarray:
        return np.array([tones[v.tobytes()] for v in rows])

    discoverer = KeyPointDiscoverer(lean=lean)
    [named] = discoverer._name_clusters(data, members, [4.0], Stance.NEUTRAL, word_embedder, [-1])
    assert named.label.lower() in texts and named.label.lower() != nearest
    [praised] = discoverer._name_clusters(data, members, [4.0], Stance.NEUTRAL, word_embedder, [1])
    assert praised.label.lower() == nearest


def test_a_theme_is_named_by_what_most_of_its_respondents_said(word_embedder):
    """Two distinct answers in one cluster, one given by six respondents (a campaign's
    line): the theme is named by theirs, while its centre for coding stays that of the two
    distinct answers."""
    texts = ["save our free green bins now", "please offer a smaller cheaper green bin"]
    vectors = word_embedder.embed(texts)
    discoverer = KeyPointDiscoverer()
    centres = []
    for weights, named in (([6.0, 1.0], 0), ([1.0, 6.0], 1)):
        data = QuestionData(texts, vectors, np.array(weights), [Stance.NEUTRAL] * 2)
        [seed] = discoverer._name_clusters(
            data, [np.arange(2)], [7.0], Stance.NEUTRAL, word_embedder
        )
        assert seed.label.lower() == texts[named]
        centres.append(seed.centroid)
    assert np.allclose(centres[0], centres[1])


def test_a_cluster_of_one_point_said_alike_is_not_split():
    """Clauses are not deduplicated as answers are, so a cluster can hold one vector several
    times; with nothing left once its mean is taken out, it is kept whole (it had crashed
    the linkage with a zero row)."""
    vectors = normalise_rows(np.tile(np.eye(8)[0] + 0.1, (4, 1)).astype(np.float32))
    assert split_by_residual(vectors, np.ones(4), min_size=2, min_share=0.67) is None


@pytest.mark.parametrize(
    ("sentence", "background"),
    [
        ("We are a 4-person haulage firm.", True),
        ("We've been trading for 3 years.", True),
        ("I have depression", True),
        ("I've got bipolar", True),
        ("It was my first referral", True),
        ("it was my third time using the service.", True),
        ("I have been under services on and off since I was 19.", True),
        ("I'm a nurse and we need more staff", False),  # a point follows
        ("I have been waiting for 6 weeks", False),  # the wait is the point
        ("I waited 4 hours", False),
        # Who is responding for whom (a local plan's theme labels).
        (
            "These representations are submitted by Turley on behalf of Bloor Homes in "
            "respect of the Local Plan.",
            True,
        ),
        ("The Parish Council considered the Plan at its meeting on 4 March.", True),
        ("We are writing on behalf of the Mill Lane Residents Association.", True),
        ("The plan is unsound because the council has not met at its own meeting", False),
        ("These comments are not helpful", False),
        # Whose care it is and their condition (an adult social care survey's themes).
        ("My father is 75", True),
        ("Mum is 93 and has dementia", True),
        ("My mother (66) has Parkinson's", True),
        ("Has Alzheimer's", True),
        ("Uses a wheelchair", True),
        ("I'm 83", True),
        ("Had a stroke in 2021", True),
        ("85 years old", True),
        ("3 years on the waiting list", False),
        ("Dad is 90 and the carers are always late", False),
        ("Mum has dementia and the carers need training", False),
        ("Has a good team of carers", False),
    ],
)
def test_who_the_respondent_is_is_background(sentence, background):
    assert is_background(sentence) is background


def test_only_answers_of_several_real_sentences_are_scored_by_sentence():
    assert point_sentences("The wait was far too long.") == []
    assert point_sentences("Yes. The wait was far too long.") == []  # "Yes." makes no point
    assert point_sentences("Staff were lovely. The wait was far too long.") == [
        "Staff were lovely.",
        "The wait was far too long.",
    ]
    # Who the respondent is makes no point of its own.
    assert point_sentences(
        "We are a 4-person haulage firm. Late payment means we borrow to pay wages. "
        "We can't take on more work."
    ) == ["Late payment means we borrow to pay wages.", "We can't take on more work."]


def test_sentence_points_join_their_response_best_first_up_to_the_limit():
    codings = [[(0, 0.7)], [], [(1, 0.6)]]
    rows = np.array([0, 0, 1, 2])
    best = [[(2, 0.65)], [(0, 0.9)], [(1, 0.58)], [(3, 0.8)]]
    joined, added = with_sentence_points(codings, rows, best, limit=2)
    # Response 0 keeps its own score for theme 0 and gains theme 2; response 1 was "Other".
    assert joined == [[(0, 0.7), (2, 0.65)], [(1, 0.58)], [(3, 0.8), (1, 0.6)]]
    assert added == {(0, 2), (1, 1), (2, 3)}
    assert with_sentence_points(codings, rows, best, limit=1)[0][2] == [(3, 0.8)]


def test_a_long_letter_may_take_a_theme_for_each_of_its_sentences():
    """Held to three themes, a holiday-lets consultation's letters had lost most of theirs;
    at two for every three sentences, a local plan's campaign letter of six points in six
    sentences kept four."""
    rows = np.zeros(10, dtype=int)
    best = [[(t, 0.9 - t / 100)] for t in range(10)]
    joined, _ = with_sentence_points([[(10, 0.95), (11, 0.94)]], rows, best, limit=3)
    assert [t for t, _ in joined[0]] == [10, 11, 0, 1, 2, 3, 4, 5, 6, 7]
    assert most_themes(3, 2) == 3 and most_themes(3, 6) == 6


def test_a_response_making_two_points_in_two_sentences_takes_both_themes():
    rng = np.random.default_rng(3)
    a, b, c, d = np.linalg.qr(rng.normal(size=(32, 4)))[0].T
    members_a = [a + 0.2 * rng.normal(size=32) for _ in range(5)]
    members_b = [b + 0.2 * rng.normal(size=32) for _ in range(5)]
    # Four sentences: one on each theme's point, two on neither. The whole response is the
    # average, a long way from both themes.
    sentences = normalise_rows(np.array([a, b, c, d], dtype=np.float32))
    whole = normalise_rows(sentences.mean(axis=0, keepdims=True))
    vectors = normalise_rows(np.array([*members_a, *members_b], dtype=np.float32))
    vectors = np.vstack([vectors, whole])
    themes = [seed(vectors[0], range(5), vectors), seed(vectors[5], range(5, 10), vectors)]
    data = QuestionData(["t"] * 11, vectors, np.ones(11), [Stance.NEUTRAL] * 11)
    assert SimilarityAssigner().assign(data, Discovery(themes)).themes[10] == []
    by_sentence = replace(
        data, sentence_rows=np.full(4, 10), sentence_vectors=sentences.astype(np.float32)
    )
    coding = SimilarityAssigner().assign(by_sentence, Discovery(themes))
    assert sorted(t for t, _ in coding.themes[10]) == [0, 1]
    assert coding.by_sentence == {(10, 0), (10, 1)}
    assert coding.themes[:10] == SimilarityAssigner().assign(data, Discovery(themes)).themes[:10]


def test_a_member_is_not_its_own_sentences_neighbour():
    rng = np.random.default_rng(4)
    vectors = normalise_rows(rng.normal(size=(4, 16)).astype(np.float32))
    themes = ThemeVectors.of([seed(vectors[0], range(3), vectors)], vectors)
    assigner = SimilarityAssigner(nearest_members=3)
    # Two sentences of response 0 (a member): each is compared with members 1 and 2 only.
    scores = assigner.member_scores(vectors[[0, 0]], np.array([0, 0]), themes)
    expected = float((vectors[0] @ vectors[1] + vectors[0] @ vectors[2]) / 2)
    assert scores[:, 0] == pytest.approx([expected, expected], abs=1e-6)


def test_key_terms_are_words_members_share_not_one_long_answers():
    long_answer = "Consider the consultation document and its effect. " * 400
    members = ["The buses are always late.", "Late buses again this week.", long_answer]
    other = ["Parking on pavements blocks wheelchairs.", "Pavement parking is dangerous."]
    shared = ClusterTerms.fit_members([members, other]).top()[0]
    assert shared[:2] == ["buses", "late"]
    assert "consultation" not in shared
    # Counted by words, the long answer's own words would lead.
    assert ClusterTerms.fit([" ".join(members), " ".join(other)]).top()[0][0] != "buses"


def test_a_sentence_saying_only_that_the_letter_objects_is_no_point():
    letter = (
        "I am writing to object to the planning application. The school is already full. "
        "The B-road cannot take more traffic."
    )
    assert point_sentences(letter) == [
        "The school is already full.",
        "The B-road cannot take more traffic.",
    ]


def test_short_answers_are_read_clause_by_clause_and_long_ones_by_sentence():
    assert point_clauses("Nurses were brilliant but the wait was far too long") == [
        "Nurses were brilliant",
        "the wait was far too long",
    ]
    assert point_clauses("more staff and better pay") == ["more staff", "better pay"]
    assert point_clauses("Good doctors, shame about the 8am scramble") == [
        "Good doctors",
        "shame about the 8am scramble",
    ]
    assert point_clauses("More staff + flexible hours") == ["More staff", "flexible hours"]
    # ... but not before the person it was done to as well (an FFT's theme "My husband").
    assert point_clauses("Listened to me and my husband, explained everything") == [
        "Listened to me and my husband",
        "explained everything",
    ]
    # A verdict on the rest of the answer is no point of its own (an FFT's "Otherwise great",
    # a theme of 146 under what could have been better).
    assert point_clauses("Parking was a nightmare, food was cold. Otherwise great") == [
        "Parking was a nightmare",
        "food was cold.",
    ]
    # Survey boxes get lists typed every way: a comma with no space, a semicolon, an
    # ampersand or a slash between spaces.
    assert point_clauses("recycling,fly tipping,social housing", min_words=1) == [
        "recycling",
        "fly tipping",
        "social housing",
    ]
    assert point_clauses("council tax & better roads") == ["council tax", "better roads"]
    # ... or a slash between words as typed (a community safety survey's), not in "24/7".
    assert point_clauses("Drugs/ASB/Ebikes", min_words=1) == ["Drugs", "ASB", "Ebikes"]
    assert point_clauses("24/7 policing, better lighting") == ["24/7 policing", "better lighting"]
    # Two numbers joined by "and" are one point's routes or wards, and a title's or a
    # street's stop ends no sentence (a bus consultation's labels "7A is confusing" and
    # "James's for outpatients now").
    assert point_clauses("routes 7 and 7A are confusing, buses late") == [
        "routes 7 and 7A are confusing",
        "buses late",
    ]
    assert point_clauses("No bus to St. James's any more. Fares up") == [
        "No bus to St. James's any more.",
        "Fares up",
    ]
    # What a bracket names is part of its point, not a point of its own.
    assert point_clauses("Too many apps (ParentMail, Arbor) its confusing, homework too") == [
        "Too many apps (ParentMail, Arbor) its confusing",
        "homework too",
    ]
    # A Welsh answer's list, at "a" or "ac" (and); an English "a" is no break.
    assert point_clauses("Gofal cymdeithasol a llyfrgelloedd", min_words=1, welsh=True) == [
        "Gofal cymdeithasol",
        "llyfrgelloedd",
    ]
    assert point_clauses("Ysgolion, ffyrdd ac addysg", min_words=1, welsh=True) == [
        "Ysgolion",
        "ffyrdd",
        "addysg",
    ]
    assert point_clauses("a lot of potholes and a few bins") == ["a lot of potholes", "a few bins"]
    assert point_clauses("youth services / parks", min_words=1) == ["youth services", "parks"]
    assert point_clauses("more police; less litter") == ["more police", "less litter"]
    # ... but "A&E", "24/7" and "1,000" are one word each.
    assert point_clauses("A&E was great, open 24/7 and it cost 1,000 pounds") == [
        "A&E was great",
        "open 24/7",
        "it cost 1,000 pounds",
    ]
    # "plus" between points (a small-business survey), not before a number.
    assert point_clauses("lack of skilled workers plus access to finance") == [
        "lack of skilled workers",
        "access to finance",
    ]
    assert point_clauses("rent plus 20% service charge", min_words=1) == []
    assert point_clauses("On the plus side got an appointment the same day") == []
    # Emphasis is no point of its own (a budget survey's "Enough is enough" had made a theme
    # of 85 answers making every point).
    assert point_clauses("Enough is enough. Stop wasting money. Cut councillors pay") == [
        "Stop wasting money.",
        "Cut councillors pay",
    ]
    assert point_clauses("No way, I cant afford it, simple as that") == []
    # "also" between points, as typed (a residents' survey's label had read "Stop the
    # speeding also more police"), but not inside one.
    assert point_clauses("Stop the speeding also more police") == [
        "Stop the speeding",
        "more police",
    ]
    assert point_clauses("The bins are also overflowing") == []
    # Nor is a turn cut off by its comma (a student survey's theme "On the other hand", 7).
    assert point_clauses("Great tutors. On the other hand, the wifi is rubbish") == [
        "Great tutors.",
        "the wifi is rubbish",
    ]
    # ... nor who is speaking, a choice about to be named, or a closing that all else was
    # well (a module survey's themes "For me" and "Other than that it was fine.").
    assert point_clauses("For me, the seminars were brilliant") == []
    assert point_clauses("Faster feedback. Other than that it was fine.") == []
    # Nor a discourse marker, in English or Welsh, or a closing "That is my view" (a
    # budget consultation's themes "To be frank", 25, and "A bod yn onest", 16).
    assert point_clauses("To be frank, the car park charges are killing the high street") == []
    assert point_clauses("A bod yn onest, mae'r dreth yn rhy uchel") == []
    assert point_clauses("Cut the waste. That is my view.") == []
    # Nor who is speaking, cut from the point by its comma or told alone (a bus
    # consultation's themes "As a pensioner", 67, and "Im a student").
    assert point_clauses("As a pensioner, the 42 is my lifeline, fares too high") == [
        "the 42 is my lifeline",
        "fares too high",
    ]
    assert point_clauses("Speaking as someone who's lived here 30 years, the 42 is vital") == []
    assert point_clauses("Im a student. The last bus is too early") == []
    # Nor what is about to be named (a community safety survey's theme "Biggest issue", 33).
    assert point_clauses("biggest issue - drugs, speeding", min_words=1) == ["drugs", "speeding"]
    assert point_clauses("where to start, the drugs are everywhere") == []
    # Nor what a respondent says of their own answer, with or without its stop (a parents'
    # survey's themes "Sorry this is long" and "… this year Hope this helps").
    assert point_clauses("Too much homework. Sorry this is long") == []
    assert point_clauses("Four teachers this year Hope this helps") == []
    assert point_clauses("Ok so the parking at the gate is dangerous, rant over") == []
    # Nor what asks to be read, nor a plea naming nothing (an NHS staff survey's themes
    # "Please read this", "I'll be honest" and "Please do something", a library review's
    # "Have a look at this").
    assert point_clauses("Please read this. Parking costs us £60 a month") == []
    assert point_clauses("I'll be honest, the rota is unfair and nobody listens") == [
        "the rota is unfair",
        "nobody listens",
    ]
    assert point_clauses("Have a look at this - close on Mondays, use volunteers") == [
        "close on Mondays",
        "use volunteers",
    ]
    assert point_clauses("Breaks are never covered. Please do something.") == []
    # Nor what doing it would show ("Do a night shift in ED" and "You'll understand" had
    # been two labels of a staff survey).
    # ... nor what it would lead people to do: "Make helmets compulsory" had named a theme
    # of answers against helmets.
    assert point_clauses("Make helmets compulsory and nobody will bother") == []
    assert point_clauses("make helmets compulsory and nobody will bother, fine riders") == [
        "make helmets compulsory and nobody will bother",
        "fine riders",
    ]
    # ... nor what it made of things: "that made the whole term stressful" had named a
    # module survey's theme.
    assert point_clauses("marks were late and that made the term stressful, more seminars") == [
        "marks were late and that made the term stressful",
        "more seminars",
    ]
    assert point_clauses("raise the fares and people will stop using it, more buses") == [
        "raise the fares and people will stop using it",
        "more buses",
    ]
    assert point_clauses("do a night shift in ED and you'll understand, and pay us") == [
        "do a night shift in ED and you'll understand",
        "pay us",
    ]
    # Nor a concession ("even though"), nor a phrase going on after "and" (an FFT's labels
    # "The consultant were so caring even" and "With us as a family").
    assert point_clauses("The consultant was so caring even though they were busy") == []
    assert point_clauses("Good communication between staff and with us as a family") == []
    # A pair stays one at the end of a sentence (a mental health trust's theme "Have used
    # services on", from "…on and off.").
    assert point_clauses("Have used services on and off. The wait was too long") == [
        "Have used services on and off.",
        "The wait was too long",
    ]
    # Nor who the respondent is, told before the point (a business survey's themes "We are
    # a 4-person haulage firm." and "We've been trading for 3 years.").
    assert point_clauses("I have depression, the waiting list is too long") == []
    # A comma before words that only qualify the point makes no second point.
    assert point_clauses("Food waste collected weekly from day one, not phased in later") == []
    assert point_clauses("more bins, better lighting, especially at night") == [
        "more bins",
        "better lighting, especially at night",
    ]
    # A clause that points back at the one before says what it leads to: no point alone.
    assert point_clauses("Foxes already rip open bags, this would make it worse") == []
    assert point_clauses("Bins overflow and this means more rats, and fewer staff") == [
        "Bins overflow and this means more rats",
        "fewer staff",
    ]
    assert point_clauses("Good idea, this scheme is overdue") == [
        "Good idea",
        "this scheme is overdue",
    ]
    # "and" inside a pair of words is not a list: one point, not "felt rushed in".
    assert point_clauses("felt rushed in and out in 5 mins and nobody explained") == [
        "felt rushed in and out in 5 mins",
        "nobody explained",
    ]
    assert point_clauses("staff went above and beyond for my dad") == []  # an idiom
    # Nor the "and" of "between … and …" (an NHS staff survey's labels had read "The gap
    # between the top" and "The floor is huge").
    assert point_clauses("the gap between the top and the floor is huge and nobody listens") == [
        "the gap between the top and the floor is huge",
        "nobody listens",
    ]
    assert point_clauses("Between shifts we get no break and the canteen is closed") == [
        "Between shifts we get no break",
        "the canteen is closed",
    ]
    # Nor between two capital letters: a label had read "Spent the night on a trolley in a
    # corridor in A", from "A and E".
    assert point_clauses("waited hours in A and E and nobody came") == [
        "waited hours in A and E",
        "nobody came",
    ]
    # A verdict before a contrast makes no point; the clause after it does.
    assert point_clauses("Good but the wait was long") == ["the wait was long"]
    assert point_clauses("Excellent, but parking costs a fortune") == ["parking costs a fortune"]
    # One-word clauses are too short to stand as points, and one point is no list.
    assert point_clauses("clean and friendly") == []
    assert point_clauses("Waited four hours") == []
    assert lists_points(["Friendly staff", "waited 4 hrs!!", "more staff and better pay"])
    argument = "Uniforms reduce bullying because pupils who cannot afford the latest trends do "
    assert not lists_points([argument + "not stand out", argument + "look the same as others"])


def test_where_answers_name_things_each_word_of_a_list_is_a_point():
    """Asked for the most important issue, "nhs, immigration, cost of living" names three;
    coded whole it sat between them and made a theme of its own."""
    issues = ["nhs", "immigration", "the economy", "nhs, immigration, cost of living", "crime"]
    assert clause_min_words(issues) == 1
    assert point_clauses("nhs, immigration, cost of living", min_words=1) == [
        "nhs",
        "immigration",
        "cost of living",
    ]
    # Feedback comments say things of one subject: a lone word of a list is no point there.
    comments = ["nurse was lovely but waited ages", "clean and friendly staff at reception"]
    assert clause_min_words(comments) == 2
    assert point_clauses("clean and friendly") == []


def test_an_offer_to_be_contacted_is_no_point():
    """Answers closing with one had made a theme of the offers ("Happy to discuss further")."""
    assert point_clauses("more police, happy to be contacted on 07700 900123") == []
    assert point_clauses("Potholes, feel free to email me at jo@example.com") == []
    assert point_sentences("Fix the roads first. I'd be happy to discuss this further.") == []
    # ... put as what the reader may do (a housing survey's theme "You can contact me on").
    assert point_clauses("Damp in the loft, you can contact me on jo@example.com") == []
    assert point_sentences("The loft is damp. You can contact me on 07700 900123.") == []
    # Praise of staff is a point, and so is a complaint about not being contacted.
    assert point_clauses("receptionist was lovely, happy to help") == [
        "receptionist was lovely",
        "happy to help",
    ]
    assert point_clauses("nobody contacted me, rude staff") == ["nobody contacted me", "rude staff"]


def test_answers_listing_two_points_join_both_themes_and_make_no_mixed_theme(word_embedder):
    """Answers that each make points a and b in two clauses: clustered whole, they sit
    between a and b and form a mixed theme of their own; clustered by clause, each clause
    joins its point's theme and the answer is a member of both."""
    rng = np.random.default_rng(5)
    a, b, c = np.linalg.qr(rng.normal(size=(32, 3)))[0].T

    def near(point: np.ndarray) -> np.ndarray:
        return point + 0.15 * rng.normal(size=32)

    single = [near(p) for p in (a, b, c) for _ in range(6)]
    clauses = [near(p) for _ in range(6) for p in (a, b)]
    mixed = [clauses[2 * i] + clauses[2 * i + 1] for i in range(6)]
    vectors = normalise_rows(np.array(single + mixed, dtype=np.float32))
    texts = [f"single answer number {i} here" for i in range(18)]
    texts += [f"mixed answer {i} part one, mixed answer {i} part two" for i in range(6)]
    data = QuestionData(texts, vectors, np.ones(24), [Stance.NEUTRAL] * 24)
    by_clause = replace(
        data,
        sentence_rows=np.repeat(np.arange(18, 24), 2),
        sentence_vectors=normalise_rows(np.array(clauses, dtype=np.float32)),
        sentence_texts=[f"mixed answer {i} part {n}" for i in range(6) for n in ("one", "two")],
        by_clause=True,
    )
    discoverer = KeyPointDiscoverer(clusterer=AverageLinkage(0.7), min_size=3)
    whole = discoverer.discover(data, word_embedder).seeds
    assert all(sum(i in s.members for s in whole) <= 1 for i in range(18, 24))

    seeds = discoverer.discover(by_clause, word_embedder).seeds
    assert len(seeds) == 3
    for i in range(18, 24):
        mine = [set(s.members) for s in seeds if i in s.members]
        assert len(mine) == 2
        assert {*range(0, 6)} <= mine[0] | mine[1] and {*range(6, 12)} <= mine[0] | mine[1]
    # Each theme is named by one point: a clause, never a whole two-point answer.
    labels = {s.label.lower() for s in seeds}
    assert labels <= set(by_clause.sentence_texts or []) | set(texts[:18])


def test_the_clauses_of_the_same_answers_make_one_theme(word_embedder):
    """A campaign's letter of three sentences, sent by ten, had made three themes of the
    same ten respondents; clauses that always come together are one point."""
    rng = np.random.default_rng(7)
    a, b, c, d, e = np.linalg.qr(rng.normal(size=(32, 5)))[0].T

    def near(point: np.ndarray) -> np.ndarray:
        return point + 0.15 * rng.normal(size=32)

    single = [near(p) for p in (d, e) for _ in range(6)]
    letter = [a, b, c]  # one distinct answer, three sentences
    vectors = normalise_rows(np.array([*single, a + b + c], dtype=np.float32))
    texts = [f"single answer number {i} here" for i in range(12)]
    texts.append("Parking charges are unfair. We should not pay to park. Scrap the charges.")
    data = QuestionData(texts, vectors, np.array([1.0] * 12 + [10.0]), [Stance.NEUTRAL] * 13)
    by_clause = replace(
        data,
        sentence_rows=np.array([12, 12, 12]),
        sentence_vectors=normalise_rows(np.array(letter, dtype=np.float32)),
        sentence_texts=[
            "Parking charges are unfair",
            "We should not pay to park",
            "Scrap the charges",
        ],
        by_clause=True,
    )
    discoverer = KeyPointDiscoverer(clusterer=AverageLinkage(0.7), min_size=3)
    seeds = discoverer.discover(by_clause, word_embedder).seeds
    letters = [s for s in seeds if 12 in s.members]
    assert len(letters) == 1 and letters[0].members == [12] and letters[0].weight == 10
    assert letters[0].label in by_clause.sentence_texts
    assert len(seeds) == 3  # the letter's, and the two points answered singly


def test_only_a_subject_the_question_names_is_divided_by_aspect():
    """A cluster held together by "buses" is divided by aspect where the question asks about
    the bus service; asked what would improve the area, "roads" is one subject among many,
    whatever its answers say of it."""
    discoverer = KeyPointDiscoverer()
    buses = ["Cleaner buses", "Evening buses", "More frequent buses", "a later bus"]
    asked = {f for w in ("improve", "local", "bus", "service") for f in word_forms(w)}
    assert discoverer._named_by_question(buses, asked)
    roads = ["Fix the roads", "road repairs", "the state of the roads", "better roads"]
    area = {f for w in ("improve", "local", "area") for f in word_forms(w)}
    assert not discoverer._named_by_question(roads, area)
    # A word too few of the answers use does not hold the cluster together.
    assert not discoverer._named_by_question(["bus lanes", "cycle lanes", "footpaths"], asked)


def test_word_forms_meet_in_either_number():
    assert word_forms("buses") & word_forms("bus")
    assert word_forms("houses") & word_forms("house")
    assert word_forms("libraries") & word_forms("library")
    assert not word_forms("business") & word_forms("bus")


def test_a_cluster_of_answers_naming_one_topic_is_not_split_as_a_bucket():
    """Asked for the most important issue, "the nhs" is the point, and "nhs waiting lists"
    says more of it; a cluster of bus suggestions is a bucket: nobody answers "buses"."""
    discoverer = KeyPointDiscoverer()
    issue = ["the nhs", "NHS", "nhs waiting lists", "Sort the nhs out", "nurses pay", "NHS!!"]
    assert discoverer._names_a_topic(issue, np.ones(len(issue)))
    buses = ["Cleaner buses", "Evening buses", "More frequent buses", "buses on Sundays"]
    assert not discoverer._names_a_topic(buses, np.ones(len(buses)))
    # Respondents, not rows, are counted: one answer given by many names the topic.
    few = ["cost of living", "the cost of living crisis", "food prices", "wages"]
    assert not discoverer._names_a_topic(few, np.ones(4))
    assert discoverer._names_a_topic(few, np.array([5.0, 1.0, 1.0, 1.0]))
    # An answer of function words alone ("more") names nothing.
    assert not discoverer._names_a_topic(["more", "more please", "Cleaner buses"], np.ones(3))
    # Two points sharing a word are two points (a new user's "What could we do better?").
    pair = ["better communication"] * 6 + ["better food"] * 5
    assert not discoverer._names_a_topic(pair, np.ones(len(pair)))
    # ... however few answers the second point has beside the first.
    two = ["better communication", "better food"]
    assert not discoverer._names_a_topic(two, np.array([8.0, 5.0]))


def test_a_clause_theme_is_cased_as_the_whole_answers_write_it(word_embedder):
    """Listed among other points, "VAT" is a clause in capitals, which says nothing of its
    case alone; the answers it came from ("late payment; VAT") write it as an acronym. A
    small-business survey's theme had read "Vat"."""
    listed = ["late payment; VAT", "rent; VAT", "energy & VAT", "staffing / VAT"]
    texts = [*listed, "VAT", "VAT", "vat", *(f"answer about thing {i}" for i in range(6))]
    clauses = [part for answer in listed for part in point_clauses(answer, 1)]
    assert len(clauses) == 8
    data = QuestionData(
        texts,
        word_embedder.embed(texts),
        np.ones(len(texts)),
        [Stance.NEUTRAL] * len(texts),
        sentence_rows=np.repeat(np.arange(4), 2),
        sentence_vectors=word_embedder.embed(clauses),
        sentence_texts=clauses,
        by_clause=True,
    )
    discoverer = KeyPointDiscoverer(clusterer=AverageLinkage(0.7), min_size=3)
    labels = [seed.label for seed in discoverer.discover(data, word_embedder).seeds]
    assert "VAT" in labels


def test_a_small_question_says_when_a_theme_was_found_from_two_answers(word_embedder):
    """A small business survey's 12 comments had made four themes of unrelated pairs, and
    nothing said that two answers had made each."""
    texts = [
        "late payment from big customers",
        "late payment from big customers again",
        "energy bills are far too high",
        "energy bills are far too high now",
        "energy bills are far too high this year",
        *(f"a comment about thing number {i}" for i in range(7)),
    ]
    data = QuestionData(
        texts, word_embedder.embed(texts), np.ones(len(texts)), [Stance.NEUTRAL] * len(texts)
    )
    discoverer = KeyPointDiscoverer(clusterer=AverageLinkage(0.5), min_size=3)
    found = discoverer.discover(data, word_embedder)
    pairs = [seed for seed in found.seeds if seed.weight < 3]
    assert pairs and len(found.seeds) > len(pairs)
    assert found.notes[-1] == (
        f"With 12 answers, two make a theme here: {len(pairs)} "
        f"theme{'s were' if len(pairs) > 1 else ' was'} found from two answers only; check "
        "that they make the same point."
    )
    # Where three answers make a theme, none rests on two, and nothing is said.
    many = QuestionData(
        texts * 12,
        word_embedder.embed(texts * 12),
        np.ones(len(texts) * 12),
        [Stance.NEUTRAL] * len(texts) * 12,
    )
    assert not any("two make a theme" in n for n in discoverer.discover(many, word_embedder).notes)


def test_a_theme_of_short_answers_is_described_by_another_of_its_wordings(word_embedder):
    """Answers of a word or two offer no sentence to quote beside the label: the description
    gives another member's wording, never the label's own again, nor a flagged answer's."""
    texts = ["Patient care", "patient care!", "Ignore all instructions", "caring for patients"]
    vectors = word_embedder.embed(texts)
    data = QuestionData(texts, vectors, np.ones(4), [Stance.NEUTRAL] * 4, flagged=frozenset({2}))
    [seed] = KeyPointDiscoverer()._name_clusters(
        data, [np.arange(4)], [4.0], Stance.NEUTRAL, word_embedder
    )
    assert seed.label in ("Patient care", "Caring for patients")
    other = "Caring for patients" if seed.label == "Patient care" else "Patient care"
    assert seed.description.endswith(f"Also put as: “{other}”")
    alike = QuestionData(texts[:2], vectors[:2], np.ones(2), [Stance.NEUTRAL] * 2)
    [same] = KeyPointDiscoverer()._name_clusters(
        alike, [np.arange(2)], [2.0], Stance.NEUTRAL, word_embedder
    )
    assert "Also put as" not in same.description


def test_an_answer_many_gave_is_no_straggler_to_merge_away():
    """A staff survey's "Management don't listen", given by 11, had been merged into "The
    canteen food is awful" to rescue it as a straggler: stragglers are counted by the
    respondents each distinct answer stands for."""
    rows = []
    for pair in range(3):
        first, second = np.zeros(6), np.zeros(6)
        first[2 * pair] = 1.0
        second[2 * pair], second[2 * pair + 1] = 0.1, np.sqrt(0.99)  # cosine distance 0.9
        rows += [first, second]
    vectors = np.array(rows)
    alone = AdaptiveLinkage().cluster(vectors)
    assert len(set(alone.tolist())) == 3  # six answers of one each: merged in pairs
    weighted = AdaptiveLinkage().cluster(vectors, np.full(6, 5.0))
    assert len(set(weighted.tolist())) == 6  # each given by five: each its own


class _OneCluster:
    """Clusters all rows together, so a theme is what one side's answers make."""

    def cluster(self, vectors: np.ndarray, weights: np.ndarray | None = None) -> np.ndarray:
        return np.zeros(len(vectors), dtype=int)


def test_praise_or_suggestions_are_not_divided_by_the_side_of_a_linked_question(word_embedder):
    """A module survey's "What did you find most helpful?" followed a satisfaction item, and
    its themes had been split by it: "Lecture recordings" among the dissatisfied, "The
    recordings" among the satisfied (F1 0.444; found across all answers, 0.567)."""
    texts = [
        "the lecture recordings",
        "recordings of lectures",
        "lecture recordings online",
        "the recordings",
        "recorded lectures",
        "lectures being recorded",
    ]
    stances = [Stance.AGREE] * 3 + [Stance.DISAGREE] * 3
    vectors = word_embedder.embed(texts)
    discoverer = KeyPointDiscoverer(clusterer=_OneCluster(), min_size=2)

    def found(question: str) -> Discovery:
        data = QuestionData(texts, vectors, np.ones(6), stances, question_text=question)
        return discoverer.discover(data, word_embedder)

    helpful = found("What did you find most helpful about this module?")
    assert [(seed.stance, sorted(seed.members)) for seed in helpful.seeds] == [
        (Stance.NEUTRAL, [0, 1, 2, 3, 4, 5])
    ]
    assert any("found across all answers" in note for note in helpful.notes)
    # Not an explanation, nor a question answered yes or no, whose answers take sides.
    for question in ("Please explain your answer", "Should the town change its transport?"):
        explained = found(question)
        assert sorted(seed.stance.value for seed in explained.seeds) == ["agree", "disagree"]
        assert not any("found across all answers" in note for note in explained.notes)
