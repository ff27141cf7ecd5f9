"""The service layer's use cases without the web app: read, search, export, and the core's
counting that export relies on, with the word-hash embedder standing in for the model."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from sounding.config import Settings
from sounding.consult.embed_text import pieces_to_embed, without_contact_details
from sounding.consult.model import Analysis, Consultation, Question, Response
from sounding.consult.tabulate import count_themes
from sounding.files.columns import ColumnOverrides
from sounding.files.read import Table, read_table
from sounding.files.write import OUTPUT_FILES, write_outputs
from sounding.services import embedding, export, inputs, search
from sounding.services.consult import analyse

ANSWERS = [
    "Cars parked on the pavement block wheelchairs and pushchairs.",
    "Pavement parking blocks wheelchairs, pushchairs and blind people.",
    "Wheelchairs and pushchairs are blocked by cars on the pavement.",
    "Residents on narrow streets have nowhere else to park their cars.",
    "Narrow streets mean residents have nowhere to park except the pavement.",
    "Where will residents of narrow terraced streets park their cars?",
    "Cars parked on the pavement block wheelchairs and pushchairs.",
    "n/a",
    "Quantum chromodynamics lectures bore me",
]


def consultation() -> Consultation:
    question = Question("q1", "Should pavement parking be banned?")
    responses = [Response(f"R{i}", "q1", text) for i, text in enumerate(ANSWERS)]
    return Consultation([question], responses, [], [])


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch, word_embedder: Any) -> Any:
    @contextmanager
    def fast_embedder(
        settings: Settings, shared: bool = False, engine: Any = None
    ) -> Iterator[Any]:
        assert shared, "searches use the process's shared model"
        yield word_embedder

    monkeypatch.setattr(search, "open_embedder", fast_embedder)
    return word_embedder


@pytest.fixture
def analysis(settings: Settings, word_embedder: Any, monkeypatch: pytest.MonkeyPatch) -> Analysis:
    from sounding.services import consult

    @contextmanager
    def fast_embedder(
        settings: Settings, shared: bool = False, engine: Any = None
    ) -> Iterator[Any]:
        word_embedder.hits = word_embedder.misses = 0
        yield word_embedder

    monkeypatch.setattr(consult, "open_embedder", fast_embedder)
    return analyse(consultation(), None, settings)


def test_read_consultation_reads_through_the_callers_reader(tmp_path: Path) -> None:
    path = tmp_path / "answers.csv"
    path.write_text("id,q1\nA,Buses are late\nB,Trains too\n", encoding="utf-8")
    read: list[tuple[Path, str | None]] = []

    def checked(where: Path, sheet: str | None) -> Table:
        read.append((where, sheet))
        return read_table(where, sheet)

    overrides = ColumnOverrides(id_column="id", open_columns=["q1"])
    read_in, plan = inputs.read_consultation(path, None, overrides, reader=checked)
    assert read == [(path, None)]
    assert plan.open_columns == ["q1"] and [r.id for r in read_in.responses] == ["A", "B"]


def test_search_ranks_by_meaning_and_skips_texts_without_words(
    fast: Any, settings: Settings
) -> None:
    texts = ["Trains are always late", "", "   ", "Parking fees on my street", "late late trains"]
    ranked = search.search_by_meaning(texts, "parking fees", settings)
    assert ranked[0][0] == 3
    assert sorted(i for i, _ in ranked) == [0, 3, 4]
    scores = [s for _, s in ranked]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0.5
    assert search.search_by_meaning(texts, "  ", settings) == []


def test_search_embeds_long_texts_in_the_pipelines_pieces(fast: Any, settings: Settings) -> None:
    long = " ".join(["parking"] * 5 + ["trains"] * 5)
    small = settings.model_copy(update={"max_embed_words": 5})
    assert pieces_to_embed([long], 5) == [["parking " * 4 + "parking", "trains " * 4 + "trains"]]
    ((_, score),) = search.search_by_meaning([long], "parking", small)
    assert score == pytest.approx(2**-0.5, abs=1e-5)  # the mean of its two pieces


def test_search_reads_a_misspelt_answer_as_the_analysis_did(fast: Any, settings: Settings) -> None:
    answers = ["imigration", "immigration", "the immigration system", "  Housng "]
    assert pieces_to_embed(answers, 100) == [
        ["immigration"],
        ["immigration"],
        ["the immigration system"],
        ["Housng"],  # no answer has "housing": a word is never brought in from outside
    ]
    ranked = search.search_by_meaning(answers, "immigration", settings)
    assert [score for i, score in ranked if i == 0] == [pytest.approx(ranked[0][1])]
    # An acronym written with full stops is read closed up; initials of a name are not.
    assert pieces_to_embed(["the N.H.S.", "A. Jones said", "9 a.m."], 100) == [
        ["the NHS"],
        ["A. Jones said"],
        ["9 a.m."],
    ]


def test_an_answer_is_embedded_without_the_means_of_reaching_its_writer() -> None:
    """A tenants' survey's answers signed with an address had clustered by their addresses
    into a theme labelled "[ADDRESS_1]"; the search reads them as the analysis does. Names
    stay: those found by their form are often what a text is about ("Fannie Mae")."""
    assert without_contact_details("Give updates on progress. Flat 15, 22 Mill Lane, LS6 2AB") == (
        "Give updates on progress."
    )
    assert without_contact_details("Call me on 07700 900123 about the boiler") == (
        "Call me on about the boiler"
    )
    assert without_contact_details("text me. Margaret Ellis, 74 St Anne's Close") == (
        "text me. Margaret Ellis"
    )
    assert (
        without_contact_details("anti-social behaviour - again") == "anti-social behaviour - again"
    )
    # Nothing but personal data: kept as it is, not embedded as nothing.
    assert without_contact_details("Flat 39 Oakfield Road") == "Flat 39 Oakfield Road"
    assert pieces_to_embed(["Fix the lifts, jo@example.com"], 100) == [["Fix the lifts"]]


def test_the_shared_model_is_loaded_once(
    monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    loads: list[str] = []

    def load(name: str, batch_size: int, precision: str) -> Any:
        loads.append(name)
        return object()

    monkeypatch.setattr(embedding, "load_embedder", load)
    monkeypatch.setattr(embedding, "_SHARED", {})
    with embedding.open_embedder(settings, shared=True) as first:
        pass
    with embedding.open_embedder(settings, shared=True) as second:
        pass
    assert len(loads) == 1 and first.inner is second.inner
    with embedding.open_embedder(settings) as own:
        assert own.inner is not first.inner and len(loads) == 2


def test_export_renders_one_file_as_the_full_set_has_it(analysis: Analysis, tmp_path: Path) -> None:
    write_outputs(analysis, tmp_path / "out")
    for name in OUTPUT_FILES:
        assert export.export(analysis, name) == (tmp_path / "out" / name).read_bytes(), name
    with pytest.raises(KeyError):
        export.export(analysis, "../secrets.txt")


def test_export_titles_the_report_as_asked(analysis: Analysis) -> None:
    untitled = export.export(analysis, "report.html").decode()
    titled = export.export(analysis, "report.html", title="Library opening hours").decode()
    assert "<h1>Library opening hours</h1>" not in untitled
    assert "<h1>Library opening hours</h1>" in titled
    assert analysis.title == ""  # the caller's analysis is left as it was


def test_counting_again_gives_the_pipelines_counts(analysis: Analysis) -> None:
    for question in analysis.questions:
        counted = count_themes(copy.deepcopy(question.themes)[::-1], question.outcomes)
        assert [(t.id, t.count, t.share) for t in counted] == [
            (t.id, t.count, t.share) for t in question.themes
        ]
        assert any(t.count for t in counted)


def test_an_analysis_records_the_settings_that_shaped_it_not_asks_or_assists(
    analysis: Analysis,
) -> None:
    assert "consult" in analysis.settings and "embedding_model" in analysis.settings
    assert "ask" not in analysis.settings and "assist" not in analysis.settings


@pytest.mark.slow
def test_an_analysis_is_the_same_whatever_the_vector_cache_held(tmp_path: Path) -> None:
    """With the real model: a file analysed after another one, whose texts sit in the cache
    embedded beside other texts, gives exactly what it gives in a fresh home."""
    from sounding.demo.consultation import write_demo

    first, later = tmp_path / "first.csv", tmp_path / "later.csv"
    write_demo(first, respondents=60, seed=3)
    write_demo(later, respondents=80, seed=3)  # the same 60 respondents, and 20 more
    fresh = Settings(home=tmp_path / "fresh", show_progress=False)
    used = Settings(home=tmp_path / "used", show_progress=False)
    analyse(inputs.read_consultation(later)[0], tmp_path / "later", used)
    for settings, out in ((fresh, tmp_path / "a"), (used, tmp_path / "b")):
        analyse(inputs.read_consultation(first)[0], out, settings)
    for name in ("themes.csv", "assignments.csv", "responses.csv"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
