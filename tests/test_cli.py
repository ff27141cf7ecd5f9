"""The `sounding consult` commands end to end, on a generated consultation, with the real model."""

from __future__ import annotations

import csv
import html
import json
import re
from collections import Counter
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from sounding.cli.consult import question_name
from sounding.cli.main import app
from sounding.consult.model import Status
from sounding.demo.consultation import OPEN_COLUMNS, write_demo

RESPONDENTS = 300
runner = CliRunner()


def invoke(*args: str, home: Path):
    return runner.invoke(app, list(args), env={"SOUNDING_HOME": str(home)})


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def demo_runs(tmp_path_factory) -> dict[str, Path]:
    """The demo analysed three times: twice sharing a cache, once with a fresh one."""
    root = tmp_path_factory.mktemp("e2e")
    data = write_demo(root / "demo.csv", respondents=RESPONDENTS, seed=3)
    outs = {}
    for name, home in (("first", "home"), ("cached", "home"), ("fresh", "home2")):
        out = root / name
        result = invoke("consult", "analyse", str(data), "--out", str(out), home=root / home)
        assert result.exit_code == 0, result.output
        outs[name] = out
    outs["data"] = data
    return outs


@pytest.mark.slow
def test_every_response_is_accounted_for(demo_runs):
    responses = read_csv(demo_runs["first"] / "responses.csv")
    per_question = Counter(r["question"] for r in responses)
    assert per_question == {column: RESPONDENTS for column in OPEN_COLUMNS}
    assert {r["status"] for r in responses} <= {s.value for s in Status}
    for row in responses:
        if row["status"] == "duplicate":
            assert row["duplicate_of"]
        if row["status"] == "themed":
            assert row["theme_ids"]
        if row["status"] in ("other", "blank"):
            assert not row["theme_ids"]

    summary = json.loads((demo_runs["first"] / "summary.json").read_text())
    for question in summary["questions"]:
        assert sum(question["counts"].values()) == question["total"] == RESPONDENTS


@pytest.mark.slow
def test_counts_add_up_across_outputs(demo_runs):
    out = demo_runs["first"]
    themes = read_csv(out / "themes.csv")
    assignments = read_csv(out / "assignments.csv")
    per_theme = Counter((a["question"], a["theme_id"]) for a in assignments)
    for theme in themes:
        assert int(theme["count"]) == per_theme[theme["question"], theme["theme_id"]]
        assert theme["label"]
        # Only q1 has a closed question to read a stance from; the others' themes have none.
        if theme["question"] == "q1_explain":
            assert theme["stance"] in {"agree", "disagree", "neutral"}
        else:
            assert theme["stance"] == "none"
    responses = read_csv(out / "responses.csv")
    themed = {
        (r["question"], r["response_id"])
        for r in responses
        if r["theme_ids"] and r["status"] in ("themed", "duplicate")
    }
    assert themed == {(a["question"], a["response_id"]) for a in assignments}


@pytest.mark.slow
def test_output_is_identical_across_runs_with_and_without_cache(demo_runs):
    for name in ("themes.csv", "assignments.csv", "responses.csv", "campaigns.csv", "report.html"):
        first = (demo_runs["first"] / name).read_bytes()
        assert first == (demo_runs["cached"] / name).read_bytes(), name
        assert first == (demo_runs["fresh"] / name).read_bytes(), name
    cached = json.loads((demo_runs["cached"] / "summary.json").read_text())
    assert cached["timings"]["embedding_cache_misses"] == 0


@pytest.mark.slow
def test_campaign_and_stance_sided_themes_are_found(demo_runs):
    out = demo_runs["first"]
    campaigns = [c for c in read_csv(out / "campaigns.csv") if c["question"] == "q1_explain"]
    assert len(campaigns) == 1
    assert int(campaigns[0]["size"]) >= 10
    assert "Dear Sir or Madam" in campaigns[0]["template"]
    stances = {t["stance"] for t in read_csv(out / "themes.csv") if t["question"] == "q1_explain"}
    assert {"agree", "disagree"} <= stances


@pytest.mark.slow
def test_untrusted_text_is_neutralised_in_every_output(demo_runs):
    out = demo_runs["first"]
    html = (out / "report.html").read_text()
    assert "<script" not in html.lower()
    for row in read_csv(out / "responses.csv"):
        assert not row["text"].startswith(("=", "+", "-", "@"))
    # In the workbook: string cells, formula-like ones marked as typed text (Excel's quote
    # prefix), so none is ever run.
    book = openpyxl.load_workbook(out / "report.xlsx")
    for row in book["Responses"].iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str) and cell.value.startswith(("=", "+", "-", "@")):
                assert cell.quotePrefix, cell.coordinate


@pytest.mark.slow
def test_demo_command_writes_data_and_report(tmp_path: Path):
    out = tmp_path / "demo"
    result = invoke("consult", "demo", "--out", str(out), "--respondents", "60", home=tmp_path)
    assert result.exit_code == 0, result.output
    assert (out / "demo-consultation.csv").is_file()
    assert (out / "report" / "report.html").is_file()
    assert "Report:" in result.output


def test_inspect_explains_detected_columns(tmp_path: Path):
    data = write_demo(tmp_path / "demo.csv", respondents=40)
    result = invoke("consult", "inspect", str(data), home=tmp_path)
    assert result.exit_code == 0, result.output
    for column in ("respondent_id", "region", "q1_agree", *OPEN_COLUMNS):
        assert column in result.output
    assert "wide" in result.output


def test_inspect_counts_the_empty_answers_apart(tmp_path: Path):
    """A question few answer leaves most of its cells empty; "1050 responses" had counted
    them all as answers."""
    rows = [f"R{i},Answer number {i} says what would help the town most," for i in range(20)]
    rows[3] += "Thanks for asking about this"
    path = tmp_path / "survey.csv"
    path.write_text(
        "id,What one thing would help?,Any other comments?\n" + "\n".join(rows) + "\n", "utf-8"
    )
    result = invoke("consult", "inspect", str(path), home=tmp_path)
    assert result.exit_code == 0, result.output
    assert "40 responses (19 of them empty)" in " ".join(result.output.split())


def write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


BAD_INPUTS = {
    "missing": (None, "not found"),
    "empty.csv": (b"", "empty"),
    "data.docx": (b"id,text\n1,hello\n", ".csv"),
    "no_text.csv": (b"id,region\n1,North\n2,South\n3,North\n", "text column"),
    "dupes.csv": (
        b"respondent_id,comment\n"
        b"R1,I think this is a good idea for our town\n"
        b"R1,I do not like this plan at all as it is too costly\n",
        "R1",
    ),
    "bad_bytes.csv": (b"id,comment\n1,caf\x81\x8d\x8f\x90\x9d broken\n", "UTF-8"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_fails_clearly_without_output(tmp_path: Path, name: str):
    content, expected = BAD_INPUTS[name]
    path = tmp_path / name
    if content is not None:
        write(path, content)
    out = tmp_path / "out"
    result = invoke("consult", "analyse", str(path), "--out", str(out), home=tmp_path)
    assert result.exit_code == 2
    assert "Error:" in result.output
    assert expected.lower() in result.output.lower()
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize("out", ["a-file", "a-file/results"])
def test_an_output_folder_that_cannot_be_made_is_refused_before_the_analysis(
    tmp_path: Path, out: str
):
    data = write_demo(tmp_path / "demo.csv", respondents=20)
    write(tmp_path / "a-file", b"not a folder")
    result = invoke("consult", "analyse", str(data), "--out", str(tmp_path / out), home=tmp_path)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "is a file, not a folder" in " ".join(result.output.split())
    assert "Embedding" not in result.output  # nothing was analysed first


def test_a_home_that_is_a_file_is_explained(tmp_path: Path):
    data = write_demo(tmp_path / "demo.csv", respondents=20)
    home = write(tmp_path / "home-file", b"")
    result = invoke("consult", "analyse", str(data), "--out", str(tmp_path / "o"), home=home)
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "A file where a folder should be" in " ".join(result.output.split())


def test_a_column_left_out_is_named_not_lost(tmp_path: Path):
    """A question nobody answered is no question to analyse, but it must not vanish from
    the run without a word: the analysis names it and why."""
    rows = write_demo(tmp_path / "demo.csv", respondents=20).read_text("utf-8").splitlines()
    data = write(
        tmp_path / "with-empty.csv",
        "\n".join([rows[0] + ",Any other comments?"] + [r + "," for r in rows[1:]]).encode(),
    )
    result = invoke("consult", "analyse", str(data), "--out", str(tmp_path / "o"), home=tmp_path)
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "Not analysed: 'Any other comments?' (always empty)." in flat
    # The file as given, so the hint runs from where the analysis did, on a line of its
    # own so that the terminal does not break it.
    assert f"sounding consult inspect {data}" in flat
    assert f"\n  sounding consult inspect {data}\n" in result.output
    titled = write(tmp_path / "titled.csv", b"Survey export\n" + data.read_bytes())
    result = invoke("consult", "analyse", str(titled), "--out", str(tmp_path / "t"), home=tmp_path)
    flat = " ".join(result.output.split())
    assert "Note: 'Survey export' above the column names was read as a title." in flat
    # The report and the summary say it too, as the terminal's lines are gone by then.
    report = html.unescape((tmp_path / "t" / "report.html").read_text())
    assert "'Survey export' above the column names was read as a title." in report
    summary = json.loads((tmp_path / "t" / "summary.json").read_text())
    assert summary["input_notes"] == ["'Survey export' above the column names was read as a title."]


def test_missing_sheet_names_the_sheets_there(tmp_path: Path):
    book = openpyxl.Workbook()
    book.active.title = "Responses"
    book.active.append(["id", "comment"])
    book.active.append(["1", "A long enough comment about the proposal"])
    book.save(tmp_path / "data.xlsx")
    result = invoke(
        "consult",
        "analyse",
        str(tmp_path / "data.xlsx"),
        "--out",
        "o",
        "--sheet",
        "Nope",
        home=tmp_path,
    )
    assert result.exit_code == 2
    assert "Nope" in result.output and "Responses" in result.output


def test_bad_stance_link_flag_is_explained(tmp_path: Path):
    data = write_demo(tmp_path / "demo.csv", respondents=20)
    result = invoke("consult", "inspect", str(data), "--stance-link", "q1_explain", home=tmp_path)
    assert result.exit_code == 2
    assert "OPEN=CLOSED" in result.output


@pytest.mark.parametrize(
    "settings, expected",
    [
        ("embedding_batch_size = 0\n", "embedding_batch_size"),
        ("no_such_setting = 1\n", "no_such_setting"),
        ("embedding_batch_size = \n", "not valid TOML"),
    ],
)
def test_bad_settings_file_fails_clearly(tmp_path: Path, settings: str, expected: str):
    data = write_demo(tmp_path / "demo.csv", respondents=20)
    config = write(tmp_path / "sounding.toml", settings.encode())
    out = tmp_path / "out"
    result = invoke(
        "consult", "analyse", str(data), "--out", str(out), "--config", str(config), home=tmp_path
    )
    assert result.exit_code == 2
    assert "Error:" in result.output and expected in result.output
    assert str(config.name) in result.output
    assert not out.exists()


def test_a_bug_inside_the_analysis_is_not_blamed_on_the_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("an internal invariant failed")

    monkeypatch.setattr("sounding.services.consult.analyse", broken)
    data = write_demo(tmp_path / "demo.csv", respondents=20)
    result = invoke("consult", "analyse", str(data), "--out", str(tmp_path / "out"), home=tmp_path)
    assert result.exit_code not in (0, 2)
    assert isinstance(result.exception, ValueError)
    assert "Error:" not in result.output


# -- messages: text as written, never markup; each problem says what it is -------------------


@pytest.fixture
def word_model(monkeypatch: pytest.MonkeyPatch, word_embedder: object) -> None:
    """`analyse` on the bag-of-words stand-in instead of the real model (fast)."""
    from sounding.services import embedding

    monkeypatch.setattr(embedding, "load_embedder", lambda *args: word_embedder)


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return path


BRACKETED = "q1 [explain]"


def bracketed_consultation(path: Path) -> Path:
    return write_rows(
        path,
        [["id", "region [area]", BRACKETED]]
        + [
            [f"R{i}", ("North", "South")[i % 2], f"The buses in town {i} are late and crowded."]
            for i in range(12)
        ],
    )


def test_bracketed_names_are_shown_as_written(tmp_path: Path, word_model: None):
    data = bracketed_consultation(tmp_path / "data [v2].csv")
    inspected = invoke("consult", "inspect", str(data), home=tmp_path)
    assert inspected.exit_code == 0, inspected.output
    assert BRACKETED in inspected.output and "region [area]" in inspected.output
    assert "data [v2].csv" in inspected.output
    out = tmp_path / "out [1]"
    analysed = invoke("consult", "analyse", str(data), "--out", str(out), home=tmp_path)
    assert analysed.exit_code == 0, analysed.output
    flat = " ".join(analysed.output.split())
    assert BRACKETED in flat and "out [1]" in flat


def test_an_error_about_bracketed_input_keeps_the_brackets(tmp_path: Path):
    data = bracketed_consultation(tmp_path / "data.csv")
    result = invoke("consult", "inspect", str(data), "--text-column", "q9 [why]", home=tmp_path)
    assert result.exit_code == 2
    assert "q9 [why]" in result.output


def test_a_cell_longer_than_the_csv_modules_limit_is_read(tmp_path: Path):
    letter = "A long letter about the buses. " * 6000  # about 186,000 characters
    assert len(letter) > 131_072
    data = write_rows(tmp_path / "long.csv", [["id", "comment"], ["R1", letter], ["R2", "Short."]])
    result = invoke("consult", "inspect", str(data), home=tmp_path)
    assert result.exit_code == 0, result.output
    assert "quote" not in result.output and "2 responses" in result.output


def test_a_partial_llm_configuration_leaves_offline_runs_alone(tmp_path: Path, word_model: None):
    data = bracketed_consultation(tmp_path / "data.csv")
    env = {"SOUNDING_HOME": str(tmp_path), "SOUNDING_LLM__BASE_URL": "http://127.0.0.1:9/v1"}
    offline = runner.invoke(app, ["consult", "analyse", str(data), "--out", "o"], env=env)
    assert offline.exit_code == 0, offline.output
    asked = runner.invoke(
        app, ["consult", "analyse", str(data), "--out", "o", "--llm", "--dry-run"], env=env
    )
    assert asked.exit_code == 2
    assert "Error:" in asked.output and "model" in asked.output
    assert "SOUNDING_LLM__MODEL" in asked.output


def test_a_dry_run_without_prices_says_the_cost_is_unknown(tmp_path: Path, word_model: None):
    data = bracketed_consultation(tmp_path / "data.csv")
    env = {
        "SOUNDING_HOME": str(tmp_path),
        "SOUNDING_LLM__BASE_URL": "http://127.0.0.1:9/v1",
        "SOUNDING_LLM__MODEL": "some-model",
    }
    args = ["consult", "analyse", str(data), "--out", "o", "--llm", "--dry-run"]
    unpriced = runner.invoke(app, args, env=env)
    assert unpriced.exit_code == 0, unpriced.output
    assert "Cost unknown" in unpriced.output and "0.0000" not in unpriced.output
    priced = runner.invoke(app, args, env={**env, "SOUNDING_LLM__PRICE_IN_PER_MILLION": "0.15"})
    assert priced.exit_code == 0, priced.output
    assert "Cost unknown" not in priced.output and re.search(r"\d\.\d{4}", priced.output)


def test_a_text_column_of_numbers_warns(tmp_path: Path, word_model: None):
    data = write_rows(
        tmp_path / "scores.csv",
        [["id", "score", "comment"]]
        + [[f"R{i}", str(i * 7), f"Comment number {i} about parking."] for i in range(12)],
    )
    result = invoke(
        "consult", "analyse", str(data), "--out", "o", "--text-column", "score", home=tmp_path
    )
    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert "Note: score: 12 of 12 answers are only numbers or symbols" in flat


def test_an_empty_text_column_is_named_in_the_error_and_warns_when_forced(
    tmp_path: Path, word_model: None
):
    """A new user's export with the answers column left empty was refused with a list of
    columns holding that very column; forced with --text-column, it made an empty report
    and said nothing."""
    data = write_rows(
        tmp_path / "empty.csv",
        [["id", "ward", "What would improve your area?"]]
        + [[f"R{i}", "Abbey", ""] for i in range(12)],
    )
    refused = invoke("consult", "analyse", str(data), "--out", "o", home=tmp_path)
    assert refused.exit_code != 0
    flat = " ".join(refused.output.split())
    assert "('What would improve your area?' is empty in every row)" in flat
    forced = invoke(
        "consult", "analyse", str(data), "--out", "o", "--text-column",
        "What would improve your area?", home=tmp_path,
    )  # fmt: skip
    assert forced.exit_code == 0, forced.output
    flat = " ".join(forced.output.split())
    assert "Every one of the 12 answers is empty" in flat


def test_title_flag_names_the_report_page_and_workbook(tmp_path: Path, word_model: None):
    data = bracketed_consultation(tmp_path / "data.csv")
    out = tmp_path / "out"
    title = "Bus services [draft] consultation"
    result = invoke(
        "consult", "analyse", str(data), "--out", str(out), "--title", title, home=tmp_path
    )
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert f"<h1>{title}</h1>" in html and f"<title>{title}</title>" in html
    assert str(tmp_path) not in html
    assert openpyxl.load_workbook(out / "report.xlsx")["Summary"]["A1"].value == title
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["title"] == title and summary["settings"]["consult"]["title"] == title


def test_the_summary_counts_copies_where_their_themes_put_them(tmp_path: Path, word_model: None):
    """Two users had read "Themed 146" beside 243 answers carrying themes, and "Other 1"
    beside the report's "2 fit no theme": copies are in Themed and Other, and told apart."""
    parking = [f"Parking on {street} street is impossible after six." for street in "ABCDEF"]
    buses = [f"The number {n} bus never comes on time in the morning." for n in range(6)]
    rows = [[f"R{i}", text] for i, text in enumerate([*parking, *buses, *[parking[0]] * 3])]
    rows += [["R90", ""], ["R91", "n/a"]]
    data = write_rows(tmp_path / "comments.csv", [["id", "comment"], *rows])
    out = tmp_path / "out"
    result = invoke("consult", "analyse", str(data), "--out", str(out), home=tmp_path)
    assert result.exit_code == 0, result.output
    [line] = [row for row in result.output.splitlines() if row.strip().startswith("comment")]
    total, themed, other, blank, rejected, copies, _, _ = map(int, line.split()[1:])
    responses = read_csv(out / "responses.csv")
    assert (total, blank, rejected, copies) == (17, 2, 0, 3)
    assert themed == sum(1 for r in responses if r["theme_ids"]) and themed >= 3
    assert themed + other + blank + rejected == total
    assert "Themed and Other include Copies" in " ".join(result.output.split())


def test_the_summary_names_a_long_question_by_the_question_it_asks():
    """At 80 columns the demo's exemptions question, with its examples, had filled seven
    lines of the summary's narrow first column."""
    asked = "What exemptions, if any, should apply to the ban?"
    assert question_name(f"{asked} For example, for particular vehicles or streets.") == asked
    long = "What impact, if any, would the proposal have on you, your household or your firm?"
    name = question_name(long)
    assert len(name) <= 60 and name.endswith("your…") and long.startswith(name[:-1])
    assert question_name("q1_explain") == "q1_explain"
    # "Why?" alone says too little to name the question by.
    assert question_name("Why? Please explain.") == "Why? Please explain."
