"""Output files: complete, safe against spreadsheet formulas, deterministic and atomic."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from sounding.consult.model import (
    Analysis,
    Assignment,
    Breakdown,
    Campaign,
    LinkedTheme,
    Outcome,
    Question,
    QuestionAnalysis,
    Quote,
    Rejection,
    Stance,
    Status,
    Theme,
    ThemeLink,
)
from sounding.files import write
from sounding.files.write import OUTPUT_FILES, XLSX_MAX_CELL_CHARS, safe_cell, write_outputs

SCRIPT = "<script>alert(1)</script>"
HYPERLINK = '=HYPERLINK("http://x")'
AT_SUM = "@SUM(A1)"


def make_analysis() -> Analysis:
    """Two questions with every status, a campaign, hostile text and a metadata breakdown."""
    q1 = Question("q1", "Do you agree with the proposal? Please explain.", "q1_agree")
    q2 = Question("q2", "Anything else?")
    t1 = Theme(
        "q1-t1",
        "q1",
        "Cost of living is the main worry",
        "Respondents worry the proposal raises household costs.",
        Stance.DISAGREE,
        count=8,
        share=0.53333,
        quotes=[Quote("r1", "It will cost too much."), Quote("r5", HYPERLINK)],
    )
    t2 = Theme(
        "q1-t2",
        "q1",
        "Better bus services",
        "Supporters expect more frequent buses.",
        Stance.AGREE,
        count=4,
        share=0.26667,
        quotes=[Quote("r2", "More buses please."), Quote("r6", SCRIPT)],
    )
    t3 = Theme("q2-t1", "q2", "Consult more widely", "Ask more people.", Stance.NEUTRAL, 2, 0.5)
    t3.quotes = [Quote("s1", AT_SUM)]
    campaign = Campaign(
        "q1-c1",
        "q1",
        "Stop the scheme now - it will cost too much.",
        size=6,
        with_own_words=2,
        representative_id="r1",
        member_ids=["r1", "r7", "r8", "r9", "r10", "r11"],
    )
    q1_outcomes = [
        Outcome(
            "r1",
            "q1",
            Status.THEMED,
            Stance.DISAGREE,
            campaign_id="q1-c1",
            theme_ids=["q1-t1"],
            text="Stop the scheme now - it will cost too much.",
        ),
        Outcome(
            "r2",
            "q1",
            Status.THEMED,
            Stance.AGREE,
            theme_ids=["q1-t2", "q1-t1"],
            text="More buses please.\nAnd cheaper.",
        ),
        Outcome("r3", "q1", Status.OTHER, Stance.NEUTRAL, text="My cat likes it."),
        Outcome("r4", "q1", Status.BLANK, reason="non-answer", text="n/a"),
        Outcome("r5", "q1", Status.THEMED, Stance.DISAGREE, theme_ids=["q1-t1"], text=HYPERLINK),
        Outcome(
            "r6", "q1", Status.THEMED, Stance.AGREE, theme_ids=["q1-t2"], text=SCRIPT, chunks=2
        ),
        *(
            Outcome(
                f"r{i}",
                "q1",
                Status.DUPLICATE,
                Stance.DISAGREE,
                duplicate_of="r1",
                campaign_id="q1-c1",
                text="Stop the scheme now - it will cost too much.",
            )
            for i in range(7, 12)
        ),
        Outcome("r12", "q1", Status.REJECTED, reason="empty id", text="-1+2"),
    ]
    q2_outcomes = [
        Outcome("s1", "q2", Status.THEMED, theme_ids=["q2-t1"], text=AT_SUM),
        Outcome("s2", "q2", Status.THEMED, theme_ids=["q2-t1"], text="\tTabbed start"),
        Outcome("s3", "q2", Status.BLANK, text=""),
    ]
    # Group sizes as if more respondents had answered than the rows show; the two smallest
    # regions fall under the default publishing threshold of 10.
    breakdown = [
        Breakdown("q1", "q1-t1", "disagree", "(all)", "(all)", 7, 10),
        Breakdown("q1", "q1-t1", "agree", "(all)", "(all)", 1, 10),
        Breakdown("q1", "other", "neutral", "(all)", "(all)", 1, 10),
        Breakdown("q1", "other", "neutral", "region", "(not given)", 1, 1),
        Breakdown("q1", "q1-t1", "disagree", "region", "North", 5, 20),
        Breakdown("q1", "q1-t1", "agree", "region", "South", 1, 10),
        Breakdown("q1", "q1-t2", "agree", "region", "South", 3, 10),
        Breakdown("q1", "q1-t1", "disagree", "region", "=cmd|' /C calc'!A0", 2, 2),
        Breakdown("q1", "q1-t2", "agree", "age", "18-24", 2, 10),
        Breakdown("q1", "q1-t1", "disagree", "age", "65+", 6, 12),
    ]
    return Analysis(
        source="consultation.csv",
        questions=[
            QuestionAnalysis(
                q1,
                [t1, t2],
                [
                    Assignment("r1", "q1", "q1-t1", 0.81234),
                    Assignment("r2", "q1", "q1-t2", 0.7),
                    Assignment("r2", "q1", "q1-t1", 0.66666),
                    Assignment("r5", "q1", "q1-t1", 0.5),
                    Assignment("r6", "q1", "q1-t2", 0.49999),
                ],
                [campaign],
                q1_outcomes,
                breakdown,
            ),
            QuestionAnalysis(
                q2,
                [t3],
                [Assignment("s1", "q2", "q2-t1", 0.6), Assignment("s2", "q2", "q2-t1", 0.55)],
                [],
                q2_outcomes,
                [],
            ),
        ],
        metadata_columns=["region", "age"],
        rejections=[Rejection("r12", "q1", "empty id", "-1+2")],
        settings={
            "model": "builtin:all-MiniLM-L6-v2",
            "consult": {
                "assign_threshold": 0.45,
                "assign_margin": 0.06,
                "min_campaign_size": 5,
                "sentence_points_up_to": 50000,
            },
        },
        versions={"sounding": "0.1.0", "model": "all-MiniLM-L6-v2"},
        timings={"embed": 7.654321, "total": 12.345678},
    )


@pytest.fixture
def analysis() -> Analysis:
    return make_analysis()


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        ("", ""),
        ("a=b", "a=b"),
    ],
)
def test_safe_cell(value: str, expected: str) -> None:
    assert safe_cell(value) == expected


def test_writes_all_files(analysis: Analysis, tmp_path: Path) -> None:
    out = tmp_path / "out"
    paths = write_outputs(analysis, out)
    assert [p.name for p in paths] == list(OUTPUT_FILES)
    assert all(p.is_file() and p.stat().st_size > 0 for p in paths)
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUT_FILES)
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name]


def test_csv_headers_and_rows(analysis: Analysis, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(analysis, out)
    headers = {
        "themes.csv": [
            "question",
            "theme_id",
            "label",
            "description",
            "stance",
            "tone",
            "count",
            "share",
            "summary",
            "minority_view",
        ],
        "assignments.csv": ["response_id", "question", "theme_id", "label", "score"],
        "campaigns.csv": [
            "question",
            "campaign_id",
            "size",
            "with_own_words",
            "representative_id",
            "template",
        ],
        "responses.csv": [
            "response_id",
            "question",
            "status",
            "stance",
            "theme_ids",
            "theme_labels",
            "duplicate_of",
            "campaign_id",
            "reason",
            "chunks",
            "evidence_rich",
            "flags",
            "language",
            "text",
        ],
        "breakdown.csv": [
            "question",
            "theme_id",
            "label",
            "stance",
            "dimension",
            "value",
            "count",
            "group_size",
            "share_of_group",
        ],
        "cross_question.csv": ["link_id", "question", "theme_id", "label"],
    }
    for name, header in headers.items():
        assert read_csv(out / name)[0] == header, name

    themes = read_csv(out / "themes.csv")
    assert themes[1] == [
        "q1",
        "q1-t1",
        "Cost of living is the main worry",
        "Respondents worry the proposal raises household costs.",
        "disagree",
        "",
        "8",
        "0.5333",
        "",
        "",
    ]
    assert [r[1] for r in themes[1:]] == ["q1-t1", "q1-t2", "q2-t1"]
    assert read_csv(out / "assignments.csv")[1] == [
        "r1",
        "q1",
        "q1-t1",
        "Cost of living is the main worry",
        "0.8123",
    ]

    responses = read_csv(out / "responses.csv")
    assert len(responses) - 1 == 12 + 3  # one row per outcome; the rejection is not doubled
    by_id = {r[0]: r for r in responses[1:]}
    assert by_id["r2"][4] == "q1-t2;q1-t1"
    assert by_id["r2"][5] == "Better bus services | Cost of living is the main worry"
    assert by_id["r3"][4:6] == ["", ""]
    assert by_id["r2"][13] == "More buses please.\nAnd cheaper."
    assert by_id["r7"][6:8] == ["r1", "q1-c1"]
    assert by_id["r6"][9] == "2" and by_id["r1"][9] == "1"
    assert by_id["s3"][3] == ""
    statuses = {r[2] for r in responses[1:]}
    assert statuses == {str(s) for s in Status}


def test_formulas_neutralised_in_csv(analysis: Analysis, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(analysis, out)
    texts = {r[0]: r[13] for r in read_csv(out / "responses.csv")[1:]}
    assert texts["r5"] == "'" + HYPERLINK
    assert texts["s1"] == "'" + AT_SUM
    assert texts["s2"] == "'\tTabbed start"
    assert texts["r12"] == "'-1+2"
    templates = read_csv(out / "campaigns.csv")
    assert templates[1][5] == "Stop the scheme now - it will cost too much."
    values = [r[5] for r in read_csv(out / "breakdown.csv")[1:]]
    assert "'=cmd|' /C calc'!A0" in values
    # Nothing in any CSV starts with a formula character unescaped.
    for name in OUTPUT_FILES:
        if not name.endswith(".csv"):
            continue
        for row in read_csv(out / name):
            assert not any(cell.startswith(write.FORMULA_PREFIXES) for cell in row), row


def test_formulas_neutralised_in_xlsx(analysis: Analysis, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(analysis, out)
    wb = openpyxl.load_workbook(out / "report.xlsx")
    assert wb.sheetnames == [
        "Summary",
        "Themes",
        "Assignments",
        "Campaigns",
        "Responses",
        "Breakdown",
        "Cross-question",
    ]
    ws = wb["Responses"]
    assert [c.value for c in ws[1]] == read_csv(out / "responses.csv")[0]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:N16"
    assert ws["A1"].font.bold
    # Text as written, in string cells Excel keeps as text (its quote prefix, not a "'"
    # that would show): never a formula, even once edited.
    cells = {row[0].value: row[13] for row in ws.iter_rows(min_row=2)}
    for rid, text in (("r5", HYPERLINK), ("s1", AT_SUM), ("r12", "-1+2"), ("s2", "\tTabbed start")):
        assert cells[rid].value == text and cells[rid].data_type == "s"
        assert cells[rid].quotePrefix
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
                if isinstance(cell.value, str) and cell.value.startswith(write.FORMULA_PREFIXES):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate)
    themes = list(wb["Themes"].iter_rows(min_row=2, values_only=True))
    assert themes[0][6:] == (8, 0.5333, None, None)
    summary = list(wb["Summary"].iter_rows(min_row=3, max_row=5, values_only=True))
    assert summary[0][:9] == (
        "question",
        "text",
        "stance_column",
        "themed",
        "other",
        "blank",
        "duplicate",
        "rejected",
        "total",
    )
    assert summary[1][:9] == (
        "q1",
        analysis.questions[0].question.text,
        "q1_agree",
        4,
        1,
        1,
        5,
        1,
        12,
    )


def test_summary_json(analysis: Analysis, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(analysis, out)
    data = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert data["source"] == "consultation.csv"
    assert data["timings"] == {"embed": 7.654321, "total": 12.345678}
    assert data["settings"]["consult"]["assign_threshold"] == 0.45
    q1, q2 = data["questions"]
    assert q1["counts"] == {"themed": 4, "other": 1, "blank": 1, "duplicate": 5, "rejected": 1}
    assert q2["counts"] == {"themed": 2, "other": 0, "blank": 1, "duplicate": 0, "rejected": 0}
    assert q1["total"] == 12 and data["total"] == 15
    # Respondents per answer, a small answer suppressed as in the report.
    assert data["answers"] == {}  # none were counted
    assert q1["themes"][1]["quotes"][1] == {"response_id": "r6", "text": SCRIPT}
    assert q1["campaigns"][0]["member_ids"][:2] == ["r1", "r7"]
    assert q1["breakdown"][0] == {
        "theme_id": "q1-t1",
        "stance": "disagree",
        "dimension": "(all)",
        "value": "(all)",
        "count": 7,
        "group_size": 10,
    }


def test_summary_json_keeps_every_count_of_the_answers_to_closed_questions(
    analysis: Analysis, tmp_path: Path
) -> None:
    analysis.answer_counts = {"region": {"North": 30, "South": 12, "": 3}}
    write_outputs(analysis, tmp_path / "out")
    data = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert data["answers"] == {"region": {"North": 30, "South": 12, "": 3}}


def test_a_question_without_a_stance_gives_its_themes_none_everywhere(
    analysis: Analysis, tmp_path: Path
) -> None:
    """q2 has no closed question: its theme is no "neutral" (which would say its respondents
    took neither side) but "none", as breakdown.csv writes it."""
    out = tmp_path / "out"
    write_outputs(analysis, out)
    stances = {row[1]: row[4] for row in read_csv(out / "themes.csv")[1:]}
    assert stances == {"q1-t1": "disagree", "q1-t2": "agree", "q2-t1": "none"}
    q2 = json.loads((out / "summary.json").read_text(encoding="utf-8"))["questions"][1]
    assert q2["themes"][0]["stance"] == "none"
    # A side an analyst gave such a theme (in the web app) is kept.
    analysis.questions[1].themes[0].stance = Stance.AGREE
    write_outputs(analysis, out)
    assert read_csv(out / "themes.csv")[-1][4] == "agree"


def test_timings_only_in_summary_json(analysis: Analysis, tmp_path: Path) -> None:
    write_outputs(analysis, tmp_path / "out")
    for name in OUTPUT_FILES:
        if name not in ("summary.json", "report.xlsx"):
            text = (tmp_path / "out" / name).read_text(encoding="utf-8")
            assert "7.654321" not in text and "12.345678" not in text, name


def test_deterministic(analysis: Analysis, tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write_outputs(analysis, a)
    analysis.timings = {"embed": 9.0, "total": 99.0}
    write_outputs(analysis, b)
    for name in OUTPUT_FILES:
        if name != "summary.json":
            assert (a / name).read_bytes() == (b / name).read_bytes(), name
    ja = json.loads((a / "summary.json").read_text(encoding="utf-8"))
    jb = json.loads((b / "summary.json").read_text(encoding="utf-8"))
    assert ja.pop("timings") != jb.pop("timings")
    assert ja == jb


def test_replaces_files_in_existing_dir(analysis: Analysis, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "themes.csv").write_text("old", encoding="utf-8")
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    write_outputs(analysis, out)
    assert (out / "themes.csv").read_text(encoding="utf-8-sig").startswith("question,")
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name]


def _boom(_analysis: Analysis) -> str:
    raise RuntimeError("render failed")


def test_failure_leaves_nothing_behind(
    analysis: Analysis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(write, "render_report", _boom)
    out = tmp_path / "out"
    with pytest.raises(RuntimeError, match="render failed"):
        write_outputs(analysis, out)
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_failure_keeps_old_files(
    analysis: Analysis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "themes.csv").write_text("old", encoding="utf-8")
    monkeypatch.setattr(write, "render_report", _boom)
    with pytest.raises(RuntimeError):
        write_outputs(analysis, out)
    assert [p.name for p in out.iterdir()] == ["themes.csv"]
    assert (out / "themes.csv").read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out"]


def test_many_rows_quickly(tmp_path: Path) -> None:
    """100,000 responses must not be slow or memory-hungry (xlsxwriter constant_memory)."""
    import time

    analysis = make_analysis()
    qa = analysis.questions[1]
    qa.outcomes = [
        Outcome(f"x{i}", "q2", Status.THEMED, theme_ids=["q2-t1"], text=f"Response number {i}")
        for i in range(100_000)
    ]
    qa.assignments = [Assignment(f"x{i}", "q2", "q2-t1", 0.5) for i in range(100_000)]
    start = time.perf_counter()
    write_outputs(analysis, tmp_path / "out")
    assert time.perf_counter() - start < 60
    assert len(read_csv(tmp_path / "out" / "responses.csv")) == 1 + 12 + 100_000


def test_relative_current_dir(
    analysis: Analysis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    paths = write_outputs(analysis, Path("."))
    assert all(p.is_file() for p in paths)
    assert sorted(p.name for p in work.iterdir()) == sorted(OUTPUT_FILES)
    assert [p.name for p in tmp_path.iterdir()] == ["work"]


def test_summaries_links_and_sample_coding_are_written(analysis: Analysis, tmp_path: Path) -> None:
    q1, q2 = analysis.questions
    q1.themes[0].summary = "Most fear <higher> bills."
    q1.themes[0].minority_view = "=A few say bills will fall."
    q1.notes.append("The model did not summarise 1 theme(s).")
    q1.coding = {
        "sample_size": 40,
        "coded_by_model": 40,
        "coded_by_classifier": 400,
        "held_out": 8,
        "agreement_f1": 0.8125,
        "exact_agreement": 0.75,
        "compared": 8,
    }
    analysis.links = [
        ThemeLink(
            "X001",
            [
                LinkedTheme("q1", q1.themes[0].id, q1.themes[0].label),
                LinkedTheme("q2", q2.themes[0].id, q2.themes[0].label),
            ],
            similarity=0.91,
            confirmed=True,
        )
    ]
    analysis.notes.append("The model did not judge 1 link(s) between questions.")
    out = tmp_path / "out"
    write_outputs(analysis, out)

    themes = read_csv(out / "themes.csv")
    assert themes[1][8:] == ["Most fear <higher> bills.", "'=A few say bills will fall."]
    assert read_csv(out / "cross_question.csv")[1:] == [
        ["X001", "q1", q1.themes[0].id, q1.themes[0].label],
        ["X001", "q2", q2.themes[0].id, q2.themes[0].label],
    ]
    data = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    first = data["questions"][0]
    assert first["themes"][0]["summary"] == "Most fear <higher> bills."
    assert first["coding"]["agreement_f1"] == 0.8125
    assert first["notes"] == ["The model did not summarise 1 theme(s)."]
    assert data["cross_question"][0]["confirmed_by_model"] is True
    assert [t["question"] for t in data["cross_question"][0]["themes"]] == ["q1", "q2"]
    assert data["notes"] == ["The model did not judge 1 link(s) between questions."]

    html = (out / "report.html").read_text(encoding="utf-8")
    assert "Most fear &lt;higher&gt; bills." in html
    assert 'id="cross-question"' in html and "X001" in html
    assert "confirmed by the language model" in html
    assert "average F1 of 0.81" in html
    assert "The model did not summarise 1 theme(s)." in html
    book = openpyxl.load_workbook(out / "report.xlsx", read_only=True)
    assert "Cross-question" in book.sheetnames
    rows = list(book["Cross-question"].iter_rows(values_only=True))
    assert rows[0] == ("link_id", "question", "theme_id", "label") and len(rows) == 3
    themes_sheet = list(book["Themes"].iter_rows(values_only=True))
    assert themes_sheet[0][-2:] == ("summary", "minority_view")
    assert themes_sheet[1][-2] == "Most fear <higher> bills."
    book.close()


def test_csv_files_open_in_excel_with_accents_intact(analysis: Analysis, tmp_path: Path) -> None:
    analysis.questions[0].themes[0].label = "Café owners fear £ costs"
    write_outputs(analysis, tmp_path / "out")
    for name in OUTPUT_FILES:
        if name.endswith(".csv"):
            assert (tmp_path / "out" / name).read_bytes().startswith(b"\xef\xbb\xbf"), name
    assert "Café owners fear £ costs" in (tmp_path / "out" / "themes.csv").read_bytes().decode(
        "utf-8-sig"
    )


def test_small_groups_read_fewer_than_n_in_breakdown_csv_and_xlsx(
    analysis: Analysis, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    write_outputs(analysis, out)
    rows = {(r[4], r[5], r[1], r[3]): r for r in read_csv(out / "breakdown.csv")[1:]}
    north = rows[("region", "North", "q1-t1", "disagree")]
    assert north[2] == "Cost of living is the main worry" and north[6:] == ["5", "20", "0.2500"]
    # A small group has one row, with no theme or stance: which themes its few people
    # raised at all is not shown.
    small_group = [r for r in read_csv(out / "breakdown.csv")[1:] if r[5] == "(not given)"]
    assert small_group == [
        ["q1", "", "", "", "region", "(not given)", "fewer than 10", "fewer than 10", ""]
    ]
    # South has 10 respondents, but North's figures and the totals would give the two small
    # groups' (3 people) if South's were shown too: it is withheld, as one row.
    south = [r for r in read_csv(out / "breakdown.csv")[1:] if r[5] == "South"]
    assert south == [["q1", "", "", "", "region", "South", "withheld", "withheld", ""]]
    # Each question's withheld groups come after its published rows, not among a theme's.
    q1 = [r for r in read_csv(out / "breakdown.csv")[1:] if r[0] == "q1"]
    hidden = [i for i, r in enumerate(q1) if r[6] in ("withheld", "fewer than 10")]
    assert hidden == list(range(len(q1) - len(hidden), len(q1)))
    assert ("age", "18-24", "q1-t2", "agree") in rows  # no group of age is small
    # A theme no one in a published group raised reads 0 there, as the report's 0% does.
    assert rows[("age", "65+", "q1-t2", "agree")][6:] == ["0", "12", "0.0000"]
    assert rows[("(all)", "(all)", "q1-t1", "disagree")][6:8] == [
        "7",
        "10",
    ]  # the overall row is shown
    book = openpyxl.load_workbook(out / "report.xlsx", read_only=True)
    sheet = list(book["Breakdown"].iter_rows(values_only=True))
    small = [r for r in sheet if r[5] == "=cmd|' /C calc'!A0"]  # as text, quote-prefixed
    assert len(small) == 1 and small[0][6] == small[0][7] == "fewer than 10"
    assert not small[0][1] and not small[0][3]  # no theme, no stance
    book.close()

    analysis.settings["consult"]["min_group_size"] = 1  # type: ignore[index]
    write_outputs(analysis, out)
    assert "fewer than" not in (out / "breakdown.csv").read_text(encoding="utf-8-sig")


def test_xlsx_shows_the_title_never_the_file(analysis: Analysis, tmp_path: Path) -> None:
    analysis.source = "/home/analyst/private/consultation.csv"
    analysis.title = "=Pavement parking consultation"
    write_outputs(analysis, tmp_path / "out")
    book = openpyxl.load_workbook(tmp_path / "out" / "report.xlsx")
    assert book["Summary"]["A1"].value == "'=Pavement parking consultation"
    assert book.properties.title == "=Pavement parking consultation"  # metadata, never run
    assert book["Summary"]["A3"].value == "question" and book["Summary"].freeze_panes == "A4"
    cells = [c.value for row in book["Summary"].iter_rows() for c in row]
    assert not any(isinstance(v, str) and "/home/analyst" in v for v in cells)
    assert "consultation.csv" in cells
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["title"] == "=Pavement parking consultation"


def test_an_answer_longer_than_an_excel_cell_is_cut_with_a_note(tmp_path: Path) -> None:
    """Excel cells hold 32,767 characters: the XLSX copy says where it was cut and where the
    whole answer is; the CSV keeps every character."""
    long_answer = "Slow the traffic down near the school. " * 1200  # 46,800 characters
    analysis = make_analysis()
    outcome = analysis.questions[0].outcomes[0]
    outcome.text = long_answer
    out = tmp_path / "out"
    write_outputs(analysis, out)
    rows = openpyxl.load_workbook(out / "report.xlsx")["Responses"].iter_rows(values_only=True)
    cell = next(row[13] for row in rows if row[0] == outcome.response_id)
    assert len(cell) == XLSX_MAX_CELL_CHARS
    assert cell.endswith("[cut here: 46,800 characters in all, every one in the CSV files]")
    csv_rows = read_csv(out / "responses.csv")
    assert next(r[13] for r in csv_rows if r[0] == outcome.response_id) == long_answer


def test_breakdown_csv_gives_a_scores_groups_by_value(analysis: Analysis, tmp_path: Path) -> None:
    """A college survey's 0-10 scores had read 10, 3, 4... in breakdown.csv, sorted as text."""
    from sounding.consult.model import Breakdown

    q1 = analysis.questions[0]
    q1.breakdown = [
        *q1.breakdown,
        *(Breakdown("q1", "q1-t1", "disagree", "score", v, 5, 12) for v in ("10", "3", "4", "9")),
    ]
    write_outputs(analysis, tmp_path / "out")
    rows = read_csv(tmp_path / "out" / "breakdown.csv")[1:]
    scores = [r[5] for r in rows if r[4] == "score" and r[1] == "q1-t1" and r[3] == "disagree"]
    assert scores == ["3", "4", "9", "10"]
