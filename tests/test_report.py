"""The HTML report: escaped, self-contained, accessible and deterministic."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from sounding.consult.model import (
    Analysis,
    Outcome,
    Question,
    Quote,
    Stance,
    Status,
    Theme,
    Tone,
)
from sounding.report.disclosure import (
    WITHHELD,
    fewer_than,
    profile_withholds,
    withheld_everywhere,
    withheld_groups,
)
from sounding.report.html import (
    DEFAULT_TITLE,
    asked,
    build_chart,
    build_heatmaps,
    build_question,
    clip,
    render_report,
    stance_counts,
    summary_sides,
)
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
    assert "Share of respondents raising each theme, by region" in html
    assert "Share of respondents raising each theme, by age" in html
    assert "by (all)" not in html  # the overall count is the theme table
    assert "Other (no theme matched)" in html and "(not given)" in html
    assert "builtin:all-MiniLM-L6-v2" in html  # named model in the method
    assert "assign_threshold" in html and "0.45" in html
    assert "On questions of at most 50,000 distinct responses" in html  # sentences matched
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


def text_of(html: str) -> str:
    """The page's text without tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_title_is_the_publishers_never_a_file_path() -> None:
    analysis = make_analysis()
    analysis.source = "/home/analyst/secret folder/consultation.csv"
    untitled = render_report(analysis)
    assert f"<title>{DEFAULT_TITLE}</title>" in untitled and f"<h1>{DEFAULT_TITLE}</h1>" in untitled
    assert "secret folder" not in untitled and "/home/analyst" not in untitled
    assert "the file consultation.csv" in untitled  # named once, in the method
    analysis.title = "Pavement parking: <consultation> 2026"
    titled = render_report(analysis)
    assert "<title>Pavement parking: &lt;consultation&gt; 2026</title>" in titled
    assert "<h1>Pavement parking: &lt;consultation&gt; 2026</h1>" in titled


def test_quotes_are_collapsed_and_contents_reach_each_part(html: str) -> None:
    quotes = html[html.index('id="question-1-quotes"') : html.index('id="question-1-campaigns"')]
    assert quotes.count('<details class="quotes">') == 2 and "<details open" not in quotes
    assert "More buses please." in quotes.split("</summary>", 2)[2]  # inside, not in the summary
    contents = html[html.index('id="contents-heading"') : html.index('id="overview"')]
    for anchor in ("summary", "overview", "question-1-themes", "question-1-quotes", "method"):
        assert f'href="#{anchor}"' in contents, anchor
    assert "details.quotes::details-content" in html  # printed open


def test_summary_at_the_top_gives_top_themes_with_counts_and_shares(html: str) -> None:
    assert html.index('id="summary"') < html.index('id="contents-heading"')
    summary = text_of(html[html.index('id="summary"') : html.index('id="contents-heading"')])
    assert "Cost of living is the main worry 8 53.3%" in summary
    assert "Better bus services 4 26.7%" in summary
    assert "Consult more widely 2 50.0%" in summary
    assert "1 campaign of 6 responses" in summary


def test_the_summary_adds_the_largest_complaints_where_the_most_common_themes_praise():
    """Patient feedback praises three times in four: the five largest themes had shown no
    complaint at all."""

    def theme(n: int, tone: Tone | None) -> Theme:
        label = f"{tone or 'plain'} theme {n}"
        return Theme(f"t{n}", "q", label, "", Stance.NEUTRAL, 100 - n, 0.1, tone=tone)

    themes = [theme(n, Tone.POSITIVE) for n in range(6)]
    themes += [theme(6, Tone.UNCLEAR), theme(7, Tone.NEGATIVE), theme(8, Tone.NEGATIVE)]
    themes.append(theme(9, Tone.NEGATIVE))
    assert summary_sides(themes, 5) == [("negative", themes[7:9])]
    assert summary_sides(themes, 8) == []  # one is among them
    assert summary_sides(themes[:6], 5) == []  # none to add

    analysis = make_analysis()
    question = analysis.questions[0]
    question.themes = themes
    page = render_report(analysis)
    summary = text_of(page[page.index('id="summary"') : page.index('id="contents-heading"')])
    assert "Tone (estimated)" in summary
    assert "positive theme 4 Positive 96" in summary
    assert "None of those is negative: the largest negative themes" in summary
    assert "negative theme 7 Negative 93" in summary and "negative theme 8" in summary
    assert "negative theme 9" not in summary and "positive theme 5" not in summary


def test_group_shares_are_of_respondents_and_small_groups_are_suppressed() -> None:
    analysis = make_analysis()
    everyone, _ = build_heatmaps(analysis.questions[0], 1)
    [table] = next(g for g in everyone if g.dimension == "region").tables
    columns = [value for value, _ in table.values]
    assert table.values[columns.index("North")] == ("North", 20)
    rows = {row.label: [(c.share, c.count) for c in row.cells] for row in table.rows}
    north, south = columns.index("North"), columns.index("South")
    assert [rows["Cost of living is the main worry"][i] for i in (north, south)] == [
        ("25%", 5),
        ("10%", 1),
    ]
    assert [rows["Better bus services"][i] for i in (north, south)] == [("0%", 0), ("30%", 3)]

    breakdowns, _ = build_heatmaps(analysis.questions[0], 10)
    region = next(g for g in breakdowns if g.dimension == "region")
    assert region.suppressed == ["=cmd|' /C calc'!A0", "(not given)"]  # no answer last
    # The two small groups hold 3 respondents: with North and South both shown, their
    # figures would be the overall ones less those two, so the smaller of them is withheld.
    assert region.withheld == ["South"]
    [table] = region.tables
    assert table.values == [("North", 20)]
    html = render_report(analysis)
    groups = text_of(html[html.index('id="question-1-groups"') : html.index('id="question-2"')])
    assert "North 20 respondents" in groups and "25% 5" in groups
    assert "South 10 respondents" not in groups
    assert "are not shown, as each has fewer than 10 respondents: =cmd" in groups
    assert "calc&#39;!A0, (not given)." in groups
    assert (
        "Also withheld, so that the small groups’ figures cannot be worked out from the "
        "totals: South." in groups
    )
    assert "=cmd|&#39; /C calc&#39;!A0 2 respondents" not in html
    analysis.settings["consult"]["min_group_size"] = 2  # type: ignore[index]
    html = render_report(analysis)
    groups = text_of(html[html.index('id="question-1-groups"') : html.index('id="question-2"')])
    # The attribute's name is quoted: it may be a whole question ("Do you agree…?"). Only
    # those who gave no region are few, so no real group is withheld to hide them.
    assert (
        "A group of “region” is not shown, as it has fewer than 2 respondents: (not given)."
        in groups
    )
    assert "Also withheld" not in groups
    assert "South 10 respondents" in groups and "=cmd|&#39; /C calc&#39;!A0 2 respondents" in groups
    # With every group withheld, the section says so instead of explaining tables it has
    # not got (a module survey's eight small questions had eight such sections).
    analysis.settings["consult"]["min_group_size"] = 100  # type: ignore[index]
    html = render_report(analysis)
    groups = text_of(html[html.index('id="question-1-groups"') : html.index('id="question-2"')])
    assert "No group of respondents to this question is large enough to publish" in groups
    assert "Each column is one group" not in groups


def test_secondary_suppression_withholds_the_smallest_groups_until_enough_are_hidden() -> None:
    fewer = fewer_than(10)
    assert withheld_groups({"a": 50, "b": 30, "c": 12}, 10) == {}
    assert withheld_groups({"a": 50, "b": 30, "c": 12, "d": 4}, 10) == {"d": fewer, "c": WITHHELD}
    # Small groups that hold enough people together need no other group withheld.
    assert withheld_groups({"a": 50, "b": 6, "c": 5}, 10) == {"b": fewer, "c": fewer}
    # Withheld smallest first, then by name, until 10 or more are hidden.
    assert withheld_groups({"a": 50, "y": 3, "x": 3, "w": 3}, 10) == {
        "x": fewer,
        "y": fewer,
        "w": fewer,
        "a": WITHHELD,
    }
    assert withheld_groups({"b": 11, "a": 11, "c": 1}, 10) == {"c": fewer, "a": WITHHELD}
    assert withheld_groups({"only": 3}, 10) == {"only": fewer}  # the overall count is public


def test_a_group_withheld_in_one_table_is_withheld_in_every_table_of_its_dimension() -> None:
    """A survey's profile withheld Wales to protect Northern Ireland (4) while a question's
    table published Wales (17), so Northern Ireland's figure was at most 21 - 17."""
    profile = {"England": 300, "Scotland": 40, "Wales": 17, "Northern Ireland": 4}
    answered = {"England": 250, "Scotland": 30, "Wales": 15, "Northern Ireland": 11}
    assert withheld_groups(answered, 10) == {}  # alone, nothing to hide
    everywhere = withheld_everywhere([("region", profile), ("region", answered)], 10)
    assert everywhere == {"region": frozenset({"Northern Ireland", "Wales"})}
    assert withheld_groups(answered, 10, everywhere["region"]) == {
        "Wales": WITHHELD,
        "Northern Ireland": WITHHELD,
    }
    # A table that must withhold a second group counts those another table withholds
    # first: each choosing on its own, the profile had hidden C and the question B too.
    profile = {"A": 100, "B": 20, "C": 15, "S": 5}
    question = {"A": 80, "B": 11, "C": 14, "S": 4}
    assert withheld_groups(question, 10) == {"S": fewer_than(10), "B": WITHHELD}
    for tables in ([profile, question], [question, profile]):
        everywhere = withheld_everywhere([("ward", t) for t in tables], 10)
        # S is withheld by each table as its own small group; C, which the question's
        # figure (14) would give away (S 6 at most), by every table.
        assert everywhere == {"ward": frozenset({"C"})}
    assert withheld_groups(question, 10, everywhere["ward"]) == {
        "S": fewer_than(10),
        "C": WITHHELD,
    }
    # Those who gave no answer are never withheld to protect anyone, nor spread.
    assert withheld_everywhere([("region", {"England": 50, "": 3})], 10) == {"region": frozenset()}
    # The report's tables follow: a group another table withholds is not shown.
    analysis = make_analysis()
    [region] = [
        g
        for g in build_heatmaps(analysis.questions[0], 1, {"region": {"North"}})[0]
        if g.dimension == "region"
    ]
    assert "North" not in [value for t in region.tables for value, _ in t.values]
    assert region.withheld == ["North"]


def test_a_sparse_questions_small_groups_are_not_withheld_in_the_other_tables() -> None:
    """An e-scooter consultation's last question, answered by 23 of 700, hid every region,
    and every other table had hidden London (92) and the South East (112) with them."""
    profile = {"London": 95, "South East": 115, "North West": 80, "Wales": 40, "": 370}
    first = {"London": 92, "South East": 112, "North West": 78, "Wales": 38, "": 370}
    sparse = {"London": 6, "South East": 8, "North West": 5, "Wales": 4}
    tables = [("region", t) for t in (profile, first, sparse)]
    assert withheld_everywhere(tables, 10) == {"region": frozenset()}
    assert withheld_groups(first, 10) == {}
    # Two tables that count nearly the same people still withhold together: the first
    # question's Wales (38) would put the second's Scotland, hidden beside its Wales, at 3
    # to 14, and its Scotland (12) the second's at 2 or more.
    second = {"London": 92, "South East": 111, "Wales": 38, "Scotland": 4, "": 370}
    first = {"London": 92, "South East": 112, "Wales": 38, "Scotland": 12, "": 370}
    profile = {"London": 92, "South East": 112, "Wales": 39, "Scotland": 12, "": 370}
    everywhere = withheld_everywhere([("region", t) for t in (profile, first, second)], 10)
    assert everywhere == {"region": frozenset({"Wales", "Scotland"})}
    assert withheld_groups(first, 10, everywhere["region"]) == {
        "Wales": WITHHELD,
        "Scotland": WITHHELD,
    }


def test_the_profile_publishes_a_group_a_question_withholds_where_that_tells_nothing() -> None:
    """A council tax survey's profile withheld "Neither" (46) and "Don't know" (16) because
    the table of a question 71 of its 250 respondents left unanswered hid 4 and 3."""
    fewer = fewer_than(10)
    profile = {"Agree": 120, "Disagree": 60, "Neither": 46, "Don't know": 16, "": 8}
    answered = {"Agree": 100, "Disagree": 50, "Neither": 22, "Don't know": 4, "(not given)": 3}
    everywhere = withheld_everywhere([("q3", profile), ("q3", answered)], 10)["q3"]
    # The profile's figures say nothing new of the question's hidden groups (below), so
    # no group is withheld everywhere: each table withholds its own.
    assert everywhere == frozenset()
    assert withheld_groups(answered, 10, everywhere) == {
        "Don't know": fewer,
        "(not given)": fewer,
        "Neither": WITHHELD,
    }
    # The question's hidden 29 hold between 62 - 71 and 62 of the profile's Neither and
    # Don't know, and its 3 not given between 29 - 62 and 29 - 62 + 71: nothing new.
    assert profile_withholds(profile, [answered], 10, everywhere) == frozenset()
    # Answered by all but 4: the profile's 12 would say the question's "fewer than 10"
    # are 8 or 9.
    profile = {"A": 120, "B": 60, "C": 46, "D": 12, "": 12}
    answered = {"A": 120, "B": 60, "C": 45, "D": 9, "(not given)": 12}
    everywhere = withheld_everywhere([("x", profile), ("x", answered)], 10)["x"]
    assert everywhere == {"D"}
    assert profile_withholds(profile, [answered], 10, everywhere) == {"D"}
    # Publishing C (46) would put the question's E and F, hidden beside C, at 8 to 13
    # together: each "fewer than 10" says more than that allows.
    profile = {"A": 120, "B": 60, "C": 46, "E": 5, "F": 6, "": 63}
    answered = {"A": 119, "B": 59, "C": 45, "E": 5, "F": 4, "(not given)": 63}
    everywhere = withheld_everywhere([("x", profile), ("x", answered)], 10)["x"]
    assert everywhere == {"C"}
    assert profile_withholds(profile, [answered], 10, everywhere) == {"C"}
    # Had ten more of C and five who gave no answer left the question unanswered, E and F
    # would hold -2 to 18 together: C is published.
    profile.update({"C": 56, "": 68})
    assert profile_withholds(profile, [answered], 10, everywhere) == frozenset()
    # A group the profile itself needs withheld, to hide its own small ones, stays so.
    profile = {"A": 120, "B": 60, "C": 46, "E": 4, "": 70}
    answered = {"A": 119, "B": 59, "C": 45, "E": 3, "(not given)": 69}
    everywhere = withheld_everywhere([("x", profile), ("x", answered)], 10)["x"]
    also = profile_withholds(profile, [answered], 10, everywhere)
    assert withheld_groups(profile, 10, also) == {"E": fewer, "C": WITHHELD}
    # The Wales case is unchanged: the profile needs Wales to hide Northern Ireland.
    profile = {"England": 300, "Scotland": 40, "Wales": 17, "Northern Ireland": 4}
    answered = {"England": 250, "Scotland": 30, "Wales": 15, "Northern Ireland": 11}
    everywhere = withheld_everywhere([("r", profile), ("r", answered)], 10)["r"]
    assert profile_withholds(profile, [answered], 10, everywhere) == everywhere
    # A question's groups that do not fit inside the profile's (answers of one respondent
    # in different groups) leave everything withheld.
    profile = {"Agree": 120, "Disagree": 60, "Neither": 46, "Don't know": 16, "": 8}
    answered = {"Agree": 125, "Disagree": 50, "Neither": 22, "Don't know": 4}
    everywhere = withheld_everywhere([("q3", profile), ("q3", answered)], 10)["q3"]
    assert profile_withholds(profile, [answered], 10, everywhere) == everywhere


def test_the_reports_profile_publishes_what_tells_nothing_and_its_question_withholds() -> None:
    from sounding.consult.model import Breakdown

    analysis = make_analysis()
    dimension = "Do you agree with Proposal 1?"
    analysis.metadata_columns = [dimension]
    analysis.answer_counts = {
        dimension: {"Agree": 120, "Disagree": 60, "Neither": 46, "Don't know": 16, "": 8}
    }
    answered = {"Agree": 100, "Disagree": 50, "Neither": 22, "Don't know": 4, "(not given)": 3}
    qa = analysis.questions[0]
    qa.breakdown = [
        Breakdown("q1", "q1-t1", "none", dimension, value, size, size)
        for value, size in answered.items()
    ]
    html = render_report(analysis)
    page = text_of(html)
    profile = page[page.index("Closed questions and respondent information How many") :]
    assert "Neither 46 18.4%" in profile and "know 16 6.4%" in profile
    groups = text_of(html[html.index('id="question-1-groups"') : html.index('id="question-2"')])
    assert "Neither" in groups and "22" not in groups


def test_group_names_are_published_without_contact_details(tmp_path) -> None:
    """A column of free text taken for an attribute would publish its answers as the names
    of groups; personal data in them is replaced, in the report and in breakdown.csv."""
    from sounding.consult.model import Breakdown
    from sounding.files.write import write_outputs

    analysis = make_analysis()
    qa = analysis.questions[0]
    qa.breakdown = [
        Breakdown("q1", "q1-t1", "agree", "contact", "Email me at jo@example.com", 3, 12),
        Breakdown("q1", "q1-t1", "agree", "contact", "No", 3, 20),
    ]
    html = render_report(analysis)
    assert "jo@example.com" not in html and "Email me at [EMAIL_1]" in html
    write_outputs(analysis, tmp_path)
    written = (tmp_path / "breakdown.csv").read_text(encoding="utf-8-sig")
    assert "jo@example.com" not in written and "Email me at [EMAIL_1]" in written


def test_the_chart_scrolls_in_its_own_box_on_a_phone(html: str) -> None:
    """Scaled to a phone's width the chart's words fell to about 6 px; it keeps a minimum
    width instead and scrolls in a labelled region a keyboard can reach (not in print)."""
    assert ".chart-wrap svg { min-width: 480px; }" in html
    wrap = html[html.index('<div class="chart-wrap"') :]
    assert wrap.startswith(
        '<div class="chart-wrap" role="region" aria-labelledby="question-1-chart-caption" '
        'tabindex="0">'
    )
    assert wrap.index("<svg") < wrap.index("</div>")


def test_wide_breakdowns_are_split_to_fit_the_page() -> None:
    from sounding.consult.model import Breakdown

    qa = make_analysis().questions[0]
    qa.breakdown = [
        Breakdown("q1", "q1-t1", "agree", "town", f"Town {i:02d}", 3, 10 + i) for i in range(12)
    ]
    [town], _ = build_heatmaps(qa, 10)
    # As even as they fit: a scale of five and "(not given)" had made a table of one column.
    assert [len(t.values) for t in town.tables] == [4, 4, 4]
    assert [(t.part, t.parts) for t in town.tables] == [(1, 3), (2, 3), (3, 3)]
    qa.breakdown = qa.breakdown[:6]
    [town], _ = build_heatmaps(qa, 10)
    assert [len(t.values) for t in town.tables] == [3, 3]


def test_a_ratings_groups_follow_its_scale_and_numbers_go_by_value() -> None:
    """Sorted as words, a rating's columns read "Good | Poor | Very good"."""
    from sounding.consult.model import Breakdown

    qa = make_analysis().questions[0]
    ratings = ["Poor", "Very good", "Don't know", "Good", "Neither good nor poor"]
    wards = ["Ward 12", "Ward 3", "Ward 7"]
    qa.breakdown = [
        Breakdown("q1", "q1-t1", "agree", "rating", value, 3, 10) for value in ratings
    ] + [Breakdown("q1", "q1-t1", "agree", "ward", value, 3, 10) for value in wards]
    rating, ward = build_heatmaps(qa, 10)[0]
    shown = [value for table in rating.tables for value, _ in table.values]
    assert shown == ["Very good", "Good", "Neither good nor poor", "Poor", "Don't know"]
    assert [value for value, _ in ward.tables[0].values] == ["Ward 3", "Ward 7", "Ward 12"]


def test_duplicate_and_campaign_counts_agree() -> None:
    analysis = make_analysis()
    qa = analysis.questions[0]
    qa.outcomes += [
        Outcome("r20", "q1", Status.OTHER, text="I agree"),
        Outcome("r21", "q1", Status.DUPLICATE, duplicate_of="r20", text="I agree"),
        Outcome("r22", "q1", Status.DUPLICATE, duplicate_of="r20", text="I agree."),
    ]
    page = text_of(render_report(analysis))
    assert (
        "7 responses repeat another word for word or nearly, and are counted as duplicates: "
        "5 in campaigns and 2 repeating 1 other answer." in page
    )
    assert "1 campaign: 6 responses in all, each campaign’s first response and its 5" in page
    assert "Question 1 4 2 1 7 1 15" in page  # the overview's Duplicate column says 7 too
    assert "Stock replies such as “I agree with this” recur by chance" in page  # the rules
    # "Other" counts the repeats of an answer that fit no theme (r21, r22), as breakdown.csv
    # does; repeats carry their first response's themes, as the pipeline gives them.
    for o in qa.outcomes:
        if o.duplicate_of == "r1":
            o.theme_ids = ["q1-t1"]
    assert "4 fit no theme" in text_of(render_report(analysis))  # r3, r20, r21, r22
    # The question's status line says so too (a residents' survey's "190 themed, 136
    # duplicate" had read as 190 answers themed where 326 were).
    assert "with their duplicates, 9 carry a theme and 4 fit none." in text_of(
        render_report(analysis)
    )
    # Only campaigns' copies: no "and 0 repeating 0 other answers".
    qa.outcomes = qa.outcomes[:-3]
    page = text_of(render_report(analysis))
    assert "5 responses repeat another word for word or nearly" in page
    assert "are counted as duplicates, all in campaigns." in page


def test_a_report_exported_from_the_web_app_says_analysts_reviewed_it() -> None:
    """A report exported after analysts' edits had said so only in its settings table."""
    analysis = make_analysis()
    assert "reviewed by analysts" not in render_report(analysis)
    analysis.settings = {**analysis.settings, "edited_in_web_app": True}
    assert "Themes and codings were reviewed by analysts" in render_report(analysis)


def test_a_theme_table_shows_stance_only_where_a_theme_takes_a_side() -> None:
    """A question themed across the sides of its closed question had listed "Neutral" for
    every theme beside a chart split by side."""
    analysis = make_analysis()
    qa = analysis.questions[0]
    assert build_question(1, qa, 10).sided
    qa.themes = [replace(t, stance=Stance.NEUTRAL) for t in qa.themes]
    assert not build_question(1, qa, 10).sided
    table = render_report(analysis).split('id="question-1-themes-caption"')[1].split("</table>")[0]
    assert '<th scope="col">Stance</th>' not in table


def test_on_a_phone_a_themes_description_goes_under_its_label() -> None:
    """At 400 px the theme table's counts had been scrolled out of view, behind the
    description's column: there the column is hidden and the description shown under the
    label (once each, by a media query)."""
    page = render_report(make_analysis())
    assert '<td class="theme-description">' in page
    assert '<span class="theme-description-narrow">' in page
    assert ".theme-description { display: none; }" in page.split("@media (max-width: 640px)")[1]


def test_a_themes_campaign_letters_are_counted_apart() -> None:
    """A local plan's three largest themes each held the same 120 letters, and nothing said so."""
    analysis = make_analysis()
    qa = analysis.questions[0]
    for o in qa.outcomes:
        if o.duplicate_of == "r1":
            o.theme_ids = ["q1-t1"]
    assert build_question(1, qa, 10).from_campaigns == {"q1-t1": 6}
    page = render_report(analysis)
    first, second = page.split('id="question-2"')
    assert first.count("Of them, campaign letters") == 2  # the column and its note
    assert "Of them, campaign letters" not in second  # a question without campaigns


def test_long_text_is_cut_between_words() -> None:
    text = "Councils already have the powers they need to deal with obstructive parking"
    assert clip(text, 30) == "Councils already have the…"
    assert clip("Supercalifragilistic", 10) == "Supercali…"  # one long word: cut it
    analysis = make_analysis()
    analysis.questions[0].campaigns[0].template = "word " * 200 + "unfinishedword"
    assert "unfinishedw" not in render_report(analysis)


def test_a_campaigns_words_are_published_without_contact_details() -> None:
    analysis = make_analysis()
    analysis.questions[0].campaigns[0].template = "Stop the scheme. Write to jo@example.com."
    html = render_report(analysis)
    assert "jo@example.com" not in html and "Write to [EMAIL_1]." in html


def test_one_stance_vocabulary_in_legend_and_tables() -> None:
    analysis = make_analysis()
    q1, q2 = analysis.questions
    q1.outcomes.append(Outcome("r30", "q1", Status.THEMED, None, theme_ids=["q1-t2"]))
    html = render_report(analysis)
    assert "No stance" not in html
    chart = build_chart(q1)
    assert chart is not None
    assert [label for _, label, _ in chart.legend] == ["Agree", "Disagree", "Neutral"]
    assert {"Agree", "Disagree"} <= set(re.findall(r'class="tag tag--\w+">(\w+)<', html))
    # A question without a stance shows one series and no stance column.
    q2.themes[0].quotes = [Quote("s1", "x")]
    chart2 = build_chart(q2)
    assert chart2 is not None and [label for _, label, _ in chart2.legend] == ["Responses"]
    assert "Responses in each theme of question 1, by stance" in html
    # Who counts as neutral: a "Don't know" too, not only those who gave no answer.
    assert "takes neither side (“Don’t know”, for one), or who did not answer it" in html
    assert "Responses in each theme of question 2</title>" in html
    q2_table = html[html.index('id="question-2-themes-caption"') :]
    assert "Stance</th>" not in q2_table[: q2_table.index("</table>")]


def test_breakdown_columns_are_not_all_called_respondent_groups(html: str) -> None:
    """Closed answers are carried as breakdown columns too (a q1_agree beside region), so
    the summary says what the counts are broken down by, not that each is a group."""
    assert "<dt>Broken down by</dt><dd>region, age</dd>" in html
    assert "Respondent groups</dt>" not in html
    assert "respondent information or closed answer (region, age)" in html
    # A name holding a comma is quoted ("School, Level, Overall, I am satisfied…" had read
    # as four columns).
    analysis = make_analysis()
    analysis.metadata_columns = ["region", "Overall, I am satisfied"]
    assert "<dd>region, “Overall, I am satisfied”</dd>" in render_report(analysis)


def test_a_question_with_no_theme_says_so_without_contradicting_itself() -> None:
    """A question whose answers were all non-answers had 'Most common themes (0 of 0)', '0
    responses repeat another … 0 repeating 0 other answers', and 'No respondent group
    information was given' under a header 'Broken down by region'."""
    analysis = make_analysis()
    qa = analysis.questions[0]
    qa.themes, qa.breakdown, qa.campaigns = [], [], []
    qa.outcomes = [o for o in qa.outcomes if o.status is not Status.DUPLICATE]
    html = render_report(analysis)
    section = text_of(html[html.index('id="question-1"') : html.index('id="question-2"')])
    assert "No response repeats another word for word or nearly." in section
    assert "No theme was found for this question, so there is nothing to break down by" in section
    assert "No respondent group information" not in section
    summary = text_of(html[html.index('id="summary"') : html.index('id="contents-heading"')])
    assert "(0 of 0)" not in summary and "No themes were found." in summary


def test_respondents_are_counted_and_notes_are_set_apart_for_the_analyst() -> None:
    """A wide file's 250 respondents answering two questions read as "500 responses"; and
    notes such as "check it by hand" are the analyst's, not the public's."""
    analysis = make_analysis()
    # Blank answers are not responses given, though a wide file has a cell for each.
    lead = "13 responses to 2 open questions (2 more were blank or no answer)"
    assert lead in text_of(render_report(analysis))
    q2 = analysis.questions[1]
    for outcome in q2.outcomes:
        outcome.response_id = outcome.response_id.replace("s", "r")  # the same respondents
    q2.notes = ["1 distinct answer in Welsh was themed by the English model: check it by hand."]
    page = render_report(analysis)
    assert f"12 respondents gave {lead}" in text_of(page)
    notes = page[page.index('<details class="analyst-notes">') :]
    assert notes.index("<summary>Notes for the analyst (1)</summary>") < notes.index("by hand")
    assert ".contents, .analyst-notes { display: none; }" in page  # not printed


def test_the_method_says_how_themes_were_found_where_no_question_has_a_stance() -> None:
    """A library survey's report said themes were found "separately for each stance" and
    that a theme needed a score of 0.55, where no question had a stance and members of a
    theme's cluster kept it below that."""
    analysis = make_analysis()
    stanced = text_of(render_report(analysis))
    assert "Themes were found separately for each stance" in stanced
    for qa in analysis.questions:
        for outcome in qa.outcomes:
            outcome.stance = None
    plain = text_of(render_report(analysis))
    assert "separately for each stance" not in plain and "per stance" not in plain
    assert "No question here has a linked closed question giving a stance" in plain
    assert "all but the lowest 10% of those themes’ own members" in plain
    assert "keeps that theme even where its score is lower" in plain


def test_closed_answers_are_counted_with_small_ones_suppressed_and_a_recommend_score() -> None:
    """A library survey's report had no count of the answers to "Which proposed change
    would affect you most?", the survey's headline; a college's gave its 0-10 "would you
    recommend" scores only as eleven groups."""
    analysis = make_analysis()
    recommend = "How likely are you to recommend us? (0-10)"
    analysis.metadata_columns = ["Which change affects you most?", recommend]
    analysis.answer_counts = {
        "Which change affects you most?": {
            "Saturday closing": 30,
            "Evening closing": 20,
            "Something else": 4,
            "": 4,
        },
        recommend: {"10": 12, "9": 8, "8": 10, "7": 5, "3": 10, "0": 5, "": 4},
    }
    page = text_of(render_report(analysis))
    section = page[page.index("Closed questions and respondent information How many") :]
    assert "Saturday closing 30 51.7%" in section
    # 4 gave another answer: too few to publish, and the next smallest answer is withheld
    # so that it cannot be worked out from the total.
    assert "Something else fewer than 10" in section and "Evening closing withheld" in section
    assert "(not given) fewer than 10" in section
    # Most common first, those not published after them by name, "(not given)" last.
    order = [section.index(a) for a in ("Saturday", "Evening", "Something", "(not given)")]
    assert order == sorted(order)
    # A scale's answers, or numbers, keep their order.
    assert section.index("0 fewer than 10") < section.index("3 10 ") < section.index("10 12 ")
    assert "Of the 50 who gave a score, 40.0% gave 9 or 10 (promoters)" in section
    assert "a Net Promoter Score of +10." in section


def test_a_tick_all_that_apply_column_is_counted_per_option(tmp_path) -> None:
    """A library review's "Which services do you use?" was left out of theming and
    grouping, and so appeared nowhere in its report."""
    import json

    from sounding.files.write import write_outputs

    analysis = make_analysis()
    column = "Which services do you use? (tick all that apply)"
    analysis.tick_counts = {column: {"Borrowing books": 12, "Printing": 10, "Study space": 3}}
    page = text_of(render_report(analysis))
    section = page[page.index("Closed questions and respondent information How many") :]
    respondents = len({o.response_id for qa in analysis.questions for o in qa.outcomes})
    assert f"Borrowing books 12 {12 / respondents:.1%}" in section
    # An option few ticked is withheld, and only that one: the options add up to nothing.
    assert "Study space fewer than 10 –" in section and "Printing 10 " in section
    assert "a respondent counts under every option they ticked" in section
    write_outputs(analysis, tmp_path)
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    assert summary["ticks"][column]["Study space"] == 3


def test_answer_counts_count_each_respondent_once() -> None:
    from sounding.consult.model import Consultation, Question, Response
    from sounding.consult.tabulate import answer_counts

    questions = [Question("q1", "One?"), Question("q2", "Two?")]
    a, b = {"Branch": "North"}, {"Branch": ""}
    responses = [
        Response("r1", "q1", "x", metadata=a),
        Response("r1", "q2", "y", metadata=a),
        Response("r2", "q1", "z", metadata=b),
    ]
    consultation = Consultation(questions, responses, ["Branch"])
    assert answer_counts(consultation) == {"Branch": {"North": 1, "": 1}}


def test_no_group_is_withheld_to_hide_only_those_who_gave_no_answer() -> None:
    """A residents' survey's "Very dissatisfied" (86) had been withheld to hide the 9 who
    did not say how satisfied they were."""
    sizes = {"Very satisfied": 300, "Very dissatisfied": 86, "": 9}
    assert withheld_groups(sizes, 10) == {"": fewer_than(10)}
    # A theme table names them "(not given)": a staff survey's top rating, "5" (22), had
    # been withheld in every table by rating to hide the 8 who gave none.
    named = {"5": 22, "4": 120, "(not given)": 8}
    assert withheld_groups(named, 10) == {"(not given)": fewer_than(10)}
    # An answer few gave is protected as before: with the 4 who gave none, 7 are hidden,
    # so the next smallest group is withheld too.
    sizes.update({"": 4, "Prefer not to say": 3})
    assert withheld_groups(sizes, 10) == {
        "": fewer_than(10),
        "Prefer not to say": fewer_than(10),
        "Very dissatisfied": WITHHELD,
    }


def test_a_scales_answers_keep_its_order_beside_dont_know() -> None:
    """An FFT export's "Overall, how was your experience?" had read Very good, Very poor,
    Good... (by count): its "Don't know" had made it no scale."""
    analysis = make_analysis()
    rating = "Overall, how was your experience?"
    analysis.metadata_columns = [rating]
    analysis.answer_counts = {
        rating: {"Good": 60, "Very good": 120, "Poor": 30, "Very poor": 40, "Don't know": 12}
    }
    page = text_of(render_report(analysis))
    section = page[page.index("Closed questions and respondent information How many") :]
    order = [section.index(f"{a} ") for a in ("Very good", "Good", "Poor", "Very poor")]
    assert order == sorted(order) and section.index("t know") > order[-1]


def test_a_bare_follow_up_is_named_with_the_question_it_follows() -> None:
    """A parents' survey's and a bus consultation's reports had headed a question "Please
    explain your answer" and "Please explain", saying nothing of what was explained."""
    analysis = make_analysis()
    qa = analysis.questions[0]
    recommend = "Would you recommend the school to another parent?"
    qa.question = replace(qa.question, text="Please explain your answer", stance_column=recommend)
    html = render_report(analysis)
    assert f'<p class="question-text">{recommend} – Please explain your answer</p>' in html
    # A question of its own, or a closed column known only by its id, is shown as it is.
    assert asked(Question("q", "What could we improve?", recommend)) == "What could we improve?"
    assert asked(Question("q", "Please explain", "q1_agree")) == "Please explain"
