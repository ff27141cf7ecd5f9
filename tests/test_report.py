"""The HTML report: escaped, self-contained, accessible and deterministic."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from sounding.consult.model import Analysis, Stance, Status, Theme
from sounding.report.html import build_chart, render_report, stance_counts
from test_write import AT_SUM, HYPERLINK, SCRIPT, make_analysis


@pytest.fixture
def html() -> str:
    return render_report(make_analysis())


class Structure(HTMLParser):
    """Collects the tags, headings and attributes the accessibility checks look at."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[int] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))


def parse(html: str) -> Structure:
    parser = Structure()
    parser.feed(html)
    return parser


def test_response_text_is_escaped(html: str) -> None:
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script" not in html.lower()
    assert SCRIPT not in html
    assert "=HYPERLINK(&#34;http://x&#34;)" in html
    assert AT_SUM in html


def test_no_external_resources(html: str) -> None:
    assert not re.search(
        r"""(?:src|href|action|xlink:href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.I
    )
    assert not re.search(r"@import|url\(", html, re.I)
    assert "<link" not in html.lower() and "<img" not in html.lower()
    for tag, attrs in parse(html).tags:
        href = attrs.get("href")
        if href is not None:
            assert href.startswith("#"), (tag, href)


def test_accessible_structure(html: str) -> None:
    doc = parse(html)
    assert '<html lang="en">' in html
    assert re.search(r"<title>[^<]+</title>", html)
    assert 'class="skip-link" href="#main-content"' in html and 'id="main-content"' in html
    assert doc.headings[0] == 1 and doc.headings.count(1) == 1
    for before, after in zip(doc.headings, doc.headings[1:], strict=False):
        assert after <= before + 1, doc.headings
    tables = html.count("<table")
    assert tables == html.count("<caption") and tables > 0
    ths = [attrs for tag, attrs in doc.tags if tag == "th"]
    assert ths and all(a.get("scope") in ("col", "row") for a in ths)
    svgs = [attrs for tag, attrs in doc.tags if tag == "svg"]
    assert len(svgs) == 2 and all(a.get("role") == "img" for a in svgs)
    assert html.count("<title id=") == 2 and html.count("<desc id=") == 2
    assert "@media print" in html


def test_sections(html: str) -> None:
    analysis = make_analysis()
    assert "consultation.csv" in html
    assert "Responses per question by status" in html
    for qa in analysis.questions:
        assert qa.question.text.replace("?", "") in html.replace("?", "")
        for theme in qa.themes:
            assert theme.label in html and theme.description in html
    assert "Stop the scheme now - it will cost too much." in html  # campaign template
    assert "Share of theme mentions by region" in html
    assert "Share of theme mentions by age" in html
    assert "Share of theme mentions by (all)" not in html  # the overall count is the theme table
    assert "Other (no theme matched)" in html and "(not given)" in html
    assert "builtin:all-MiniLM-L6-v2" in html  # named model in the method
    assert "assign_threshold" in html and "0.45" in html
    assert "How this analysis was done" in html
    assert "<cite>r6</cite>" in html


def test_deterministic_and_free_of_timings() -> None:
    a = make_analysis()
    b = make_analysis()
    b.timings = {"embed": 123.456}
    assert render_report(a) == render_report(b)
    assert "123.456" not in render_report(b)


def test_stance_counts_follow_duplicates() -> None:
    qa = make_analysis().questions[0]
    counts = stance_counts(qa)
    # r1 + its 5 duplicates + r5 disagree, r2 agree.
    assert counts["q1-t1"] == {"disagree": 7, "agree": 1}
    assert counts["q1-t2"] == {"agree": 2}
    chart = build_chart(qa)
    assert chart is not None
    assert [b.total for b in chart.bars] == [8, 2]
    assert [s.stance for s in chart.bars[0].segments] == ["agree", "disagree"]


def test_chart_scales_to_thirty_themes() -> None:
    analysis = make_analysis()
    qa = analysis.questions[1]
    qa.themes = [
        Theme(
            f"t{i}",
            "q2",
            f"Theme number {i} " + "with a long label " * 20,
            "d",
            Stance.NEUTRAL,
            count=i + 1,
            share=0.01,
        )
        for i in range(30)
    ]
    qa.outcomes = []
    chart = build_chart(qa)
    assert chart is not None and len(chart.bars) == 30
    assert all(1 <= len(b.lines) <= 2 and all(len(x) <= 100 for x in b.lines) for b in chart.bars)
    assert all(b.lines[-1].endswith("…") for b in chart.bars)
    assert [b.total for b in chart.bars] == [t.count for t in qa.themes]
    assert max(b.end for b in chart.bars) <= chart.track
    assert chart.height >= 30 * 40
    html = render_report(analysis)
    assert html.count('<th scope="row">Theme number 29') >= 1


def test_empty_question_renders() -> None:
    analysis = make_analysis()
    qa = analysis.questions[1]
    qa.themes, qa.assignments, qa.breakdown, qa.campaigns = [], [], [], []
    html = render_report(analysis)
    assert "No themes were found for this question." in html
    assert qa.count(Status.THEMED) == 2


def test_no_http_in_hostile_theme_label() -> None:
    analysis: Analysis = make_analysis()
    analysis.questions[0].themes[0].label = '<a href="https://evil.example">x</a>'
    html = render_report(analysis)
    assert 'href="https://evil.example"' not in html
    assert "&lt;a href=&#34;https://evil.example&#34;&gt;" in html
    assert HYPERLINK.replace('"', "&#34;") in html
