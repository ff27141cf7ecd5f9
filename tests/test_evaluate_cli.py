"""`sounding consult evaluate` on small hand-written analysis folders and gold files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sounding.cli.main import app
from sounding.files.gold import read_analysis, read_gold, unquote_id

runner = CliRunner()


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def write_analysis(out: Path, assignments: list[list[str]], responses: list[list[str]]) -> Path:
    """An analysis folder as `consult analyse` writes it (only the files evaluation reads)."""
    out.mkdir(parents=True, exist_ok=True)
    write_csv(
        out / "assignments.csv", ["response_id", "question", "theme_id", "score"], assignments
    )
    write_csv(
        out / "responses.csv",
        ["response_id", "question", "status", "stance", "theme_ids", "text"],
        responses,
    )
    return out


@pytest.fixture
def discovery_run(tmp_path: Path) -> tuple[Path, Path]:
    """Two questions with discovered themes (x, y, z) and gold themes (A, B, C).

    q1: x ↔ A and y ↔ B match; r6 also got x (score below y), so its F1 is 2/3 and the rest
    score 1 ("-r7" is uncoded on both sides): F1 (6 + 2/3)/7. Stance pairs r1 r2 r3 r4 r6
    give agree F1 0.8 and disagree F1 0.8. q2: r1 right, r2 missed: F1 1/2.
    "-r7" is written with safe_cell's leading quote, as the analysis writes it.
    """
    out = write_analysis(
        tmp_path / "run",
        [
            ["r1", "q1", "x", "0.9000"],
            ["r2", "q1", "x", "0.8000"],
            ["r3", "q1", "x", "0.7000"],
            ["r4", "q1", "y", "0.9000"],
            ["r5", "q1", "y", "0.8000"],
            ["r6", "q1", "y", "0.6000"],
            ["r6", "q1", "x", "0.5000"],
            ["r8", "q1", "x", "0.9000"],
            ["r1", "q2", "z", "0.9000"],
        ],
        [
            ["r1", "q1", "themed", "agree", "x", "text"],
            ["r2", "q1", "themed", "disagree", "x", "text"],
            ["r3", "q1", "themed", "disagree", "x", "text"],
            ["r4", "q1", "themed", "disagree", "y", "text"],
            ["r5", "q1", "themed", "agree", "y", "text"],
            ["r6", "q1", "themed", "agree", "y;x", "text"],
            ["'-r7", "q1", "other", "", "", "'=not a formula"],
            ["r8", "q1", "themed", "agree", "x", "text"],
            ["r1", "q2", "themed", "", "z", "text"],
            ["r2", "q2", "other", "", "", "text"],
        ],
    )
    gold = write_csv(
        tmp_path / "gold.csv",
        ["response_id", "question", "theme_id", "stance"],
        [
            ["r1", "q1", "A", "agree"],
            ["r2", "q1", "A", "agree"],
            ["r3", "q1", "A", "disagree"],
            ["r4", "q1", "B", "disagree"],
            ["r5", "q1", "B", ""],
            ["r6", "q1", "B", "agree"],
            ["-r7", "q1", "", "neutral"],
            ["r1", "q2", "C", ""],
            ["r2", "q2", "C", ""],
        ],
    )
    return out, gold


def evaluate_cli(*args: str):
    return runner.invoke(app, ["consult", "evaluate", *args])


def flat(text: str) -> str:
    return " ".join(text.split())


def test_evaluate_prints_f1_and_writes_json(discovery_run):
    out, gold = discovery_run
    result = evaluate_cli(str(out), "--gold", str(gold), "--bootstrap", "200")
    assert result.exit_code == 0, result.output
    q1_f1 = (6 + 2 / 3) / 7
    mean_f1 = (q1_f1 + 0.5) / 2
    assert f"F1 {mean_f1:.3f}" in flat(result.output)
    assert "discovery" in result.output

    report = json.loads((out / "evaluation.json").read_text("utf-8"))
    assert report["mode"] == "discovery" and report["requested_mode"] == "auto"
    assert report["gold"] == str(gold) and report["bootstrap"] == 200
    overall = report["overall"]
    assert overall["f1"] == pytest.approx(mean_f1, abs=1e-4)
    lo, hi = overall["f1_interval"]
    assert lo <= overall["f1"] <= hi
    assert overall["n_questions"] == 2 and overall["n_responses"] == 9
    assert overall["stance_macro_f1"] == pytest.approx(0.8)
    assert overall["analysis_other_share"] == pytest.approx(2 / 10)

    q1, q2 = report["questions"]
    assert q1["question"] == "q1" and q1["matches"] == {"x": "A", "y": "B"}
    assert q1["f1"] == pytest.approx(q1_f1, abs=1e-4)
    assert (q1["n_responses"], q1["n_gold_themes"], q1["n_predicted_themes"]) == (7, 2, 2)
    assert q1["n_matched"] == 2 and q1["n_not_in_analysis"] == 0
    assert q1["theme_recall"] == 1.0
    assert q1["ari"] == pytest.approx(1.0)  # r6's first theme is y (0.6 beats 0.5)
    assert q1["stance_n"] == 5 and q1["stance_macro_f1"] == pytest.approx(0.8)
    assert q1["other_share"] == pytest.approx(1 / 7, abs=1e-4)
    assert q2["f1"] == 0.5 and q2["stance_macro_f1"] is None
    assert q2["theme_recall"] is None  # C has only 2 responses
    # Pairs: q1 gives 7 themes to gold responses (r6 two), 6 of them gold; q2 finds 1 of 2.
    assert q1["micro"]["precision"] == pytest.approx(6 / 7, abs=1e-4)
    assert q1["micro"]["recall"] == 1.0
    assert (q2["micro"]["precision"], q2["micro"]["recall"]) == (1.0, 0.5)
    assert "0.86/1.00" in result.output and "response-theme" in flat(result.output)


def test_evaluate_is_deterministic_and_report_goes_where_asked(discovery_run, tmp_path):
    out, gold = discovery_run
    paths = [tmp_path / "a" / "eval.json", tmp_path / "b.json"]
    for path in paths:
        result = evaluate_cli(str(out), "--gold", str(gold), "--report", str(path), "--seed", "3")
        assert result.exit_code == 0, result.output
    first, second = (json.loads(p.read_text("utf-8")) for p in paths)
    assert first == second
    assert not (out / "evaluation.json").exists()


def test_evaluate_mapping_mode_is_chosen_for_gold_ids(tmp_path):
    out = write_analysis(
        tmp_path / "run",
        [["r1", "q1", "a", "0.9"], ["r2", "q1", "a", "0.9"], ["r2", "q1", "b", "0.8"]],
        [["r1", "q1", "themed", "", "a", ""], ["r2", "q1", "themed", "", "a;b", ""]],
    )
    gold = write_csv(
        tmp_path / "gold.csv",
        ["response_id", "question", "theme_id"],
        [["r1", "q1", "a"], ["r2", "q1", "b"]],
    )
    result = evaluate_cli(str(out), "--gold", str(gold), "--bootstrap", "0")
    assert result.exit_code == 0, result.output
    report = json.loads((out / "evaluation.json").read_text("utf-8"))
    assert report["mode"] == "mapping"
    assert "2 of 2" in report["mode_reason"]
    assert report["overall"]["f1"] == pytest.approx((1 + 2 / 3) / 2, abs=1e-4)
    assert report["overall"]["f1_interval"] is None
    themes = {t["theme_id"]: t for t in report["questions"][0]["themes"]}
    assert themes["a"]["precision"] == 0.5 and themes["b"]["recall"] == 1.0
    assert "Themes: gold/predicted." in flat(result.output)  # "…predicted Each…" had run on

    forced = evaluate_cli(str(out), "--gold", str(gold), "--mode", "discovery")
    assert forced.exit_code == 0, forced.output
    assert json.loads((out / "evaluation.json").read_text("utf-8"))["mode"] == "discovery"


def test_missing_gold_file(discovery_run, tmp_path):
    out, _ = discovery_run
    result = evaluate_cli(str(out), "--gold", str(tmp_path / "nope.csv"))
    assert result.exit_code == 2
    assert "File not found" in flat(result.output)
    assert "Traceback" not in result.output


def test_gold_without_theme_column(discovery_run, tmp_path):
    out, _ = discovery_run
    gold = write_csv(tmp_path / "g.csv", ["response_id", "question"], [["r1", "q1"]])
    result = evaluate_cli(str(out), "--gold", str(gold))
    assert result.exit_code == 2
    assert "no 'theme_id' column" in flat(result.output)


def test_folder_without_assignments(discovery_run):
    out, gold = discovery_run
    (out / "assignments.csv").unlink()
    result = evaluate_cli(str(out), "--gold", str(gold))
    assert result.exit_code == 2
    assert "has no assignments.csv" in flat(result.output)


def test_gold_that_shares_no_response_with_the_analysis(discovery_run, tmp_path):
    out, _ = discovery_run
    gold = write_csv(
        tmp_path / "g.csv", ["response_id", "question", "theme_id"], [["r1", "other-q", "A"]]
    )
    result = evaluate_cli(str(out), "--gold", str(gold))
    assert result.exit_code == 2
    assert "None of the 1 gold responses" in flat(result.output)
    # A few ids of each side say what differs (a form's timestamps taken for ids had not).
    assert "gold response ids: 'r1'; analysis response ids: '" in flat(result.output)


def test_gold_may_name_questions_by_their_text(discovery_run, tmp_path):
    """A module survey's gold named its questions as the input file did, by their text,
    and had matched nothing: summary.json says which id each text was given."""
    out, gold = discovery_run
    by_id = evaluate_cli(str(out), "--gold", str(gold), "--bootstrap", "0")
    texts = {"q1": "Do you agree?  Why?", "q2": "Any other comments?"}
    summary = {"questions": [{"id": q, "text": t} for q, t in texts.items()]}
    (out / "summary.json").write_text(json.dumps(summary), "utf-8")
    with gold.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    renamed = [rows[0], *([r[0], texts[r[1]], *r[2:]] for r in rows[1:])]
    by_text = write_csv(tmp_path / "by_text.csv", renamed[0], renamed[1:])
    result = evaluate_cli(str(out), "--gold", str(by_text), "--bootstrap", "0")
    assert result.exit_code == 0, result.output
    assert flat(result.output) == flat(by_id.output).replace("gold.csv", "by_text.csv")


def test_questions_are_listed_in_the_analysis_order_not_the_gold_files(discovery_run, tmp_path):
    """A consultation's evaluation had listed Q1, Q3, Q4, Q2 as its gold file did."""
    out, gold = discovery_run
    with gold.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    q2_first = write_csv(
        tmp_path / "q2_first.csv", rows[0], [r for r in rows[1:] if r[1] == "q2"] + rows[1:8]
    )
    result = evaluate_cli(str(out), "--gold", str(q2_first), "--bootstrap", "0")
    assert result.exit_code == 0, result.output
    assert result.output.index(" q1 ") < result.output.index(" q2 ")
    report = json.loads((out / "evaluation.json").read_text("utf-8"))
    assert [q["question"] for q in report["questions"]] == ["q1", "q2"]


def test_unknown_mode(discovery_run):
    out, gold = discovery_run
    result = evaluate_cli(str(out), "--gold", str(gold), "--mode", "guess")
    assert result.exit_code == 2
    assert "auto, discovery, mapping" in flat(result.output)


# -- the readers -------------------------------------------------------------------------


def test_read_gold_keeps_order_and_uncoded_responses(tmp_path):
    gold = write_csv(
        tmp_path / "g.csv",
        ["question", "response_id", "theme_id", "stance"],
        [
            ["q1", "r2", "B", "Agree"],
            ["q1", "r2", "A", ""],
            ["q1", "r1", "", "disagree"],
            ["q1", "r2", "B", "agree"],
        ],
    )
    coding = read_gold(gold).questions["q1"]
    assert list(coding) == ["r2", "r1"]
    assert coding["r2"].themes == ["B", "A"] and coding["r2"].stance == "agree"
    assert coding["r1"].themes == [] and coding["r1"].stance == "disagree"


def test_read_gold_reads_the_consultations_own_stance_words(tmp_path):
    gold = write_csv(
        tmp_path / "g.csv",
        ["question", "response_id", "theme_id", "stance"],
        [["q1", "r1", "A", "Object"], ["q1", "r2", "A", "Support"], ["q1", "r3", "", "Comment"]],
    )
    coding = read_gold(gold).questions["q1"]
    assert [coding[r].stance for r in ("r1", "r2", "r3")] == ["disagree", "agree", "neutral"]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([["r1", "q1", "A", "sideways"]], "stance 'sideways'"),
        ([["r1", "q1", "A", "agree"], ["r1", "q1", "B", "disagree"]], "earlier row gave"),
        ([["", "q1", "A", ""]], "empty response_id"),
    ],
)
def test_read_gold_rejects_ambiguous_rows(tmp_path, rows, message):
    from sounding.errors import InputError

    gold = write_csv(tmp_path / "g.csv", ["response_id", "question", "theme_id", "stance"], rows)
    with pytest.raises(InputError, match=message):
        read_gold(gold)


def test_read_analysis_undoes_formula_quotes(discovery_run):
    out, _ = discovery_run
    analysis = read_analysis(out)
    assert analysis.statuses[("q1", "-r7")] == "other"
    assert unquote_id("'=x") == "=x" and unquote_id("'quoted") == "'quoted"
    assert analysis.scored_themes[("q1", "r6")] == [("y", 0.6), ("x", 0.5)]


@pytest.mark.parametrize(("columns", "intervals"), [(80, False), (120, True)])
def test_the_table_leaves_the_intervals_to_the_json_at_80_columns(
    discovery_run, monkeypatch, columns, intervals
):
    """At 80 columns each question's interval had left its name nine characters, folded over
    five lines: there the mean's interval is printed and the questions' are in the JSON."""
    out, gold = discovery_run
    monkeypatch.setattr("sounding.cli.consult.stdout.width", columns)
    result = evaluate_cli(str(out), "--gold", str(gold), "--bootstrap", "200")
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if "Resp." in line)
    assert ("95% CI" in header) is intervals
    assert ("interval is in the JSON file" in flat(result.output)) is not intervals
    # Each sentence of the legend ends with its stop ("…/matched. P/R: …").
    assert "Themes: gold/predicted/matched. P/R:" in flat(result.output)
    assert "(95% CI " in result.output  # the mean's, always
