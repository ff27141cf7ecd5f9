"""Deductive mode: reading a codebook and assigning responses to its themes."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sounding.cli.main import app
from sounding.consult.codebook import CodebookDiscoverer, CodebookTheme
from sounding.consult.model import Consultation, Question, Response, Stance
from sounding.consult.pipeline import ConsultPipeline
from sounding.errors import InputError
from sounding.files.codebook import read_codebook

QUESTIONS = [Question("q1", "Do you agree?", "stance"), Question("q2", "Anything else?")]


def consultation() -> Consultation:
    rows = [
        ("a", "q1", "Buses are always late and the bus service is unreliable", "Yes"),
        ("b", "q1", "The bus service is late and unreliable every day", "Yes"),
        ("c", "q1", "Parking charges are too high for shoppers", "No"),
        ("d", "q1", "Quantum physics lectures", "No"),
        ("e", "q2", "Parking charges put shoppers off", ""),
    ]
    return Consultation(QUESTIONS, [Response(i, q, t, s) for i, q, t, s in rows])


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_codebook_themes_keep_their_ids_and_respect_question_and_stance(word_embedder):
    book = [
        CodebookTheme("BUS", "Bus service is late and unreliable", "q1", stance=Stance.AGREE),
        CodebookTheme("PARK", "Parking charges are too high", None, stance=Stance.DISAGREE),
        CodebookTheme("UNUSED", "Trams should be free", "q1"),
    ]
    pipeline = ConsultPipeline(word_embedder, discoverer=CodebookDiscoverer(book))
    pipeline.assigner.threshold = 0.3
    analysis = pipeline.run(consultation())
    q1, q2 = analysis.questions
    assert {t.id for t in q1.themes} == {"BUS", "PARK", "UNUSED"}
    assert {t.id for t in q2.themes} == {"PARK"}
    themes = {o.response_id: o.theme_ids for o in q1.outcomes}
    assert themes["a"] == ["BUS"] and themes["b"] == ["BUS"]
    assert themes["c"] == ["PARK"] and themes["d"] == []
    unused = next(t for t in q1.themes if t.id == "UNUSED")
    assert unused.count == 0 and unused.quotes == []
    # q2 has no stance, so its responses may take a disagree-side theme.
    assert next(o for o in q2.outcomes).theme_ids == ["PARK"]


def test_a_theme_given_with_the_responses_it_holds_keeps_them_and_matches_by_them(
    word_embedder,
):
    """The web app's re-assign gives each edited theme the responses it holds: matched on
    its label alone ("Odd one", cut from an answer), a theme had lost them to Other."""
    book = [
        CodebookTheme("ODD", "Odd one", "q1", stance=Stance.DISAGREE, examples=("d",)),
        CodebookTheme("BUS", "Bus things", "q1", stance=Stance.AGREE, examples=("a",)),
    ]
    pipeline = ConsultPipeline(word_embedder, discoverer=CodebookDiscoverer(book))
    q1 = pipeline.run(consultation()).questions[0]
    themes = {o.response_id: o.theme_ids for o in q1.outcomes}
    assert themes["d"] == ["ODD"]  # held, though its label says nothing of it
    # "b" is held by no theme, but is close to the bus theme's response.
    assert themes["a"] == ["BUS"] and themes["b"] == ["BUS"]
    assert themes["c"] == []


def test_read_codebook_maps_question_text_to_id(tmp_path: Path):
    path = write_csv(
        tmp_path / "book.csv",
        [
            ["id", "label", "question", "stance", "description"],
            ["T1", "Buses are late", "Do you agree?", "agree", "About buses"],
            ["T2", "Parking costs", "q2", "none", ""],  # as themes.csv writes no stance
            ["T3", "Everything", "", "Disagree", ""],
        ],
    )
    themes = read_codebook(path, consultation())
    assert themes[0] == CodebookTheme("T1", "Buses are late", "q1", "About buses", Stance.AGREE)
    assert themes[1].question_id == "q2" and themes[1].stance is Stance.NEUTRAL
    assert themes[2].question_id is None and themes[2].stance is Stance.DISAGREE


@pytest.mark.parametrize(
    "rows, message",
    [
        ([["name", "label"], ["x", "y"]], "no id column"),
        ([["id", "label", "question"], ["T1", "x", "q9"]], "q9"),
        ([["id", "label"], ["T1", "x"], ["T1", "y"]], "appears twice"),
        ([["id", "label"], ["T1", ""]], "no id or no label"),
        ([["id", "label", "stance"], ["T1", "x", "sideways"]], "sideways"),
    ],
)
def test_bad_codebooks_are_explained(tmp_path: Path, rows, message):
    with pytest.raises(InputError, match=message):
        read_codebook(write_csv(tmp_path / "book.csv", rows), consultation())


@pytest.mark.slow
def test_analyse_with_codebook_end_to_end(tmp_path: Path):
    data = write_csv(
        tmp_path / "responses.csv",
        [
            ["id", "question", "response"],
            ["1", "Views on the plan", "The buses in town are always late and crowded."],
            ["2", "Views on the plan", "Bus services run late every morning."],
            ["3", "Views on the plan", "Car parking in the centre costs far too much."],
            ["4", "Views on the plan", "n/a"],
        ],
    )
    book = write_csv(
        tmp_path / "book.csv",
        [["id", "label"], ["BUS", "Buses are late"], ["PARK", "Parking is too expensive"]],
    )
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        ["consult", "analyse", str(data), "--out", str(out), "--themes", str(book)],
        env={"SOUNDING_HOME": str(tmp_path / "home")},
    )
    assert result.exit_code == 0, result.output
    with (out / "assignments.csv").open(encoding="utf-8-sig") as handle:
        pairs = {(r["response_id"], r["theme_id"]) for r in csv.DictReader(handle)}
    assert {("1", "BUS"), ("2", "BUS"), ("3", "PARK")} <= pairs
    assert '"mode": "deductive"' in (out / "summary.json").read_text()
