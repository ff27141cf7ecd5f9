"""Render a Consult `Analysis` as one self-contained, accessible HTML page.

The page has no scripts and loads nothing from the network, so it can be emailed, archived or
opened offline, and it carries no timestamps so that reruns give identical files. All numbers
and chart geometry are worked out here; the Jinja2 template only lays them out, with
autoescaping on, so response text (which is untrusted) is always escaped.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections import Counter, defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, fields
from functools import cache
from itertools import pairwise

from jinja2 import Environment, PackageLoader, StrictUndefined

from sounding.consult.assign import SimilarityAssigner
from sounding.consult.duplicates import DuplicateFinder
from sounding.consult.follow_up import is_bare_follow_up
from sounding.consult.group_order import group_order, is_no_answer, rating_position
from sounding.consult.language import language_name
from sounding.consult.model import (
    Analysis,
    Question,
    QuestionAnalysis,
    Stance,
    Status,
    Theme,
    Tone,
)
from sounding.consult.normalise import NOTHING_TO_IMPROVE
from sounding.consult.tabulate import ALL, COUNTED, OTHER_THEME
from sounding.consult.tone import AGREEMENT
from sounding.privacy.redact import redact
from sounding.report.disclosure import (
    fewer_than,
    group_name,
    group_sizes,
    group_tables,
    min_group_size,
    profile_withholds,
    published_counts,
    withheld_everywhere,
    withheld_groups,
)

DEFAULT_TITLE = "Analysis of consultation responses"

# One vocabulary for stance in the chart's legend and every table. Blue/red/grey stay
# distinguishable for the common forms of colour blindness, and every segment is also named
# in the legend and the data table. A response without a stance counts as neutral, as it
# does when themes are found; a question with no stance at all shows one series.
STANCES: tuple[tuple[str, str, str], ...] = (
    ("agree", "Agree", "#1d70b8"),
    ("disagree", "Disagree", "#d4351c"),
    ("neutral", "Neutral", "#505a5f"),
)
ALL_RESPONSES = ("", "Responses", "#505a5f")

STATUS_LABELS: dict[str, str] = {
    Status.THEMED: "Themed",
    Status.OTHER: "Other",
    Status.BLANK: "Blank or non-answer",
    Status.DUPLICATE: "Duplicate",
    Status.REJECTED: "Rejected",
}

MAX_QUOTES = 5
QUOTE_CHARS = 800
TEMPLATE_CHARS = 600
MAX_CAMPAIGNS = 20
MAX_BREAKDOWN_THEMES = 10
MAX_BREAKDOWN_VALUES = 12
#: Group columns per table, so that a breakdown fits an A4 page beside its theme labels.
MAX_GROUP_COLUMNS = 5
#: Themes per question in the summary at the top, which should fit one page.
SUMMARY_ROWS = 15
#: Largest themes of a tone the summary adds where none of that tone is among the most common.
SUMMARY_SIDE_ROWS = 2

# Chart geometry, in SVG user units (the SVG scales to the column width). Labels sit above
# their bar and wrap onto a second line, so long key-point labels stay readable.
CHART_WIDTH = 760
CHART_TOP = 34
CHART_LINE = 18
CHART_BAR = 18
CHART_GAP = 14
CHART_LABEL_CHARS = 100
CHART_COUNT_ROOM = 70


def report_title(analysis: Analysis) -> str:
    """The title the publisher gave, or a generic one: never the input file's name."""
    return analysis.title.strip() or DEFAULT_TITLE


def source_name(analysis: Analysis) -> str:
    """The input file by name alone: its path says where it sat on someone's computer."""
    return re.split(r"[\\/]", analysis.source)[-1]


def asked(question: Question) -> str:
    """A question as a reader needs it: its text, and where that is a bare follow-up linked to
    a closed question, that question before it ("Would you recommend us? – Please explain
    your answer")."""
    text = question.text or question.id
    closed = question.stance_column or ""
    # ... a question's words, not a column's id ("q1_agree").
    if " " in closed.strip() and is_bare_follow_up(text):
        return f"{closed} – {text}"
    return text


def clip(text: str, limit: int) -> str:
    """Shorten long text for reading, at a word boundary; the full text is always in the
    CSV and XLSX files."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if not text[limit - 1].isspace() and (whole := re.match(r"(?s)(.*\S)\s+\S*$", cut)):
        cut = whole.group(1)  # the cut fell inside a word: leave that word out
    return cut.rstrip() + "…"


def fmt_int(n: int) -> str:
    return f"{n:,}"


def fmt_pct(x: float) -> str:
    return f"{x * 100:.1f}%"


def wrap_label(label: str, width: int = CHART_LABEL_CHARS, lines: int = 2) -> list[str]:
    """At most `lines` lines of about `width` characters, the last clipped if need be."""
    wrapped = textwrap.wrap(" ".join(label.split()), width) or [""]
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], clip(" ".join(wrapped[lines - 1 :]), width)]
    return wrapped


@dataclass
class Segment:
    stance: str
    label: str
    colour: str
    count: int
    x: float
    width: float


@dataclass
class Bar:
    lines: list[str]  # label lines drawn above the bar
    label: str
    total: int
    counts: dict[str, int]
    segments: list[Segment]
    y: float  # top of the label
    bar_y: float  # top of the bar
    end: float  # where the bar ends, for its count label


@dataclass
class Chart:
    bars: list[Bar]
    legend: list[tuple[str, str, str]]
    width: int
    height: int
    track: int  # width available to the longest bar
    line: int
    bar: int
    desc: str


@dataclass
class HeatCell:
    share: str  # of the group's respondents, e.g. "45%"
    count: int
    level: int  # heat, 0-5


@dataclass
class HeatRow:
    label: str
    cells: list[HeatCell]


@dataclass
class Heatmap:
    """One table of a dimension's breakdown: up to MAX_GROUP_COLUMNS groups (columns)."""

    dimension: str
    values: list[tuple[str, int]]  # (group value, respondents in it)
    rows: list[HeatRow]
    part: int = 1
    parts: int = 1


@dataclass
class GroupBreakdown:
    """A dimension's tables, and the groups left out of them."""

    dimension: str
    tables: list[Heatmap]
    suppressed: list[str]  # groups under the publishing threshold
    withheld: list[str]  # larger groups hidden so that the small ones cannot be worked out
    hidden_values: int  # groups beyond the largest MAX_BREAKDOWN_VALUES


@dataclass
class QuestionView:
    number: int
    anchor: str
    qa: QuestionAnalysis
    counts: dict[str, int]
    total: int
    chart: Chart | None
    themes: list[Theme]
    campaigns: list[tuple[str, int, int]]
    hidden_campaigns: int
    campaign_responses: int
    breakdowns: list[GroupBreakdown] = field(default_factory=list)
    shown_themes: int = 0
    #: The Duplicate count, split into copies in campaigns and repeats of other answers
    #: (how many distinct answers those repeat), so that the report's counts agree.
    campaign_copies: int = 0
    other_copies: int = 0
    other_repeated: int = 0
    #: Responses with something to say that fit no theme, repeats of such an answer
    #: included: "Other" as breakdown.csv and the theme counts count it.
    unthemed: int = 0
    #: ... and those given a theme, repeats included: a residents' survey's "190 themed,
    #: 136 duplicate" had read as 190 answers themed where 326 were.
    themed: int = 0
    #: Per theme id, how many of its responses are a campaign's letters: the theme's count
    #: read apart from them (a local plan's three largest themes each held the same 120
    #: letters, and nothing said so).
    from_campaigns: dict[str, int] = field(default_factory=dict)
    #: Whether the theme table has a Stance column: where the question has a stance and a
    #: theme takes a side. A question asking what was good, themed across the sides of the
    #: closed question beside it, had listed "Neutral" for every theme beside a chart split
    #: by side (a parents' survey's "What does the school do well?").
    sided: bool = False
    #: Blank answers saying nothing needed to be better (`NOTHING_TO_IMPROVE`): content,
    #: which the count of those with something to say would otherwise hide.
    content: int = 0
    #: Responses per language, largest first, where answers were told apart by language.
    languages: list[tuple[str, int]] = field(default_factory=list)
    #: Whether its themes carry an estimated tone (no closed question; consult.tone).
    toned: bool = False


def summary_sides(themes: list[Theme], shown: int) -> list[tuple[str, list[Theme]]]:
    """Per estimated tone that some of `themes` (largest first) carry but none of the first
    `shown` does, its largest `SUMMARY_SIDE_ROWS`, for the summary to add: three answers in
    four on patient feedback praise, and a summary of the five largest themes had shown no
    complaint at all."""
    top = themes[:shown]
    sides = []
    for tone in (Tone.POSITIVE, Tone.NEGATIVE):
        if not any(t.tone is tone for t in top):
            largest = [t for t in themes if t.tone is tone][:SUMMARY_SIDE_ROWS]
            if largest:
                sides.append((str(tone), largest))
    return sides


def _stance_key(stance: Stance | str | None) -> str:
    return str(stance) if stance else str(Stance.NEUTRAL)


def stance_counts(qa: QuestionAnalysis) -> dict[str, dict[str, int]]:
    """Responses per theme per respondent stance, counted by size like everywhere else.

    The pipeline gives duplicates the theme ids of the response they copy; one without them
    still inherits them here, so the chart never undercounts a campaign.
    """
    by_id = {o.response_id: o for o in qa.outcomes}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for o in qa.outcomes:
        theme_ids = o.theme_ids
        if not theme_ids and o.status is Status.DUPLICATE and o.duplicate_of in by_id:
            theme_ids = by_id[o.duplicate_of].theme_ids
        for tid in theme_ids:
            counts[tid][_stance_key(o.stance)] += 1
    return counts


def build_chart(qa: QuestionAnalysis) -> Chart | None:
    """Horizontal stacked bars, one a theme, split by the stance of the responses in it (one
    series where the question has no stance)."""
    if not qa.themes:
        return None
    derived = stance_counts(qa)
    per_theme: list[tuple[Theme, dict[str, int]]] = []
    for t in qa.themes:
        counts = {k: v for k, v in derived.get(t.id, {}).items() if v}
        if not counts and t.count:
            counts = {_stance_key(t.stance): t.count}  # outcomes carry no theme ids
        if not qa.question.stance_column:
            counts = {ALL_RESPONSES[0]: sum(counts.values())}
        per_theme.append((t, counts))
    used = [s for s in (*STANCES, ALL_RESPONSES) if any(c.get(s[0]) for _, c in per_theme)]
    used = used or [ALL_RESPONSES]
    track = CHART_WIDTH - CHART_COUNT_ROOM
    scale = track / (max(sum(c.values()) for _, c in per_theme) or 1)
    bars = []
    y = float(CHART_TOP)
    for t, counts in per_theme:
        lines = wrap_label(t.label)
        bar_y = y + len(lines) * CHART_LINE + 4
        x = 0.0
        segments = []
        for key, label, colour in used:
            if n := counts.get(key, 0):
                segments.append(Segment(key, label, colour, n, round(x, 2), round(n * scale, 2)))
                x += n * scale
        bars.append(
            Bar(
                lines=lines,
                label=t.label,
                total=sum(counts.values()),
                counts={key: counts.get(key, 0) for key, _, _ in used},
                segments=segments,
                y=y,
                bar_y=bar_y,
                end=round(x, 2),
            )
        )
        y = bar_y + CHART_BAR + CHART_GAP
    top = max(bars, key=lambda b: b.total)
    split = (
        ""
        if used == [ALL_RESPONSES]
        else "each bar split by the stance of the respondents "
        f"({', '.join(label for _, label, _ in used)})"
    )
    desc = (
        f"Horizontal bar chart of the number of responses in each of {len(bars)} "
        f"theme{'' if len(bars) == 1 else 's'}{', ' if split else ''}{split}. "
        f"The largest theme is “{top.label}” with {fmt_int(top.total)} responses. "
        "The same numbers are in the table that follows."
    )
    return Chart(bars, used, CHART_WIDTH, math.ceil(y), track, CHART_LINE, CHART_BAR, desc)


def even_parts(values: list[str], most: int) -> list[list[str]]:
    """`values` in as few parts of at most `most` as they fit, as even as can be: a scale of
    five answers and "(not given)" had made a second table of one column."""
    parts = math.ceil(len(values) / most)
    if not parts:
        return []
    size, more = divmod(len(values), parts)
    bounds = [k * size + min(k, more) for k in range(parts + 1)]
    return [values[a:b] for a, b in pairwise(bounds)]


def build_heatmaps(
    qa: QuestionAnalysis, minimum: int, everywhere: Mapping[str, Collection[str]] | None = None
) -> tuple[list[GroupBreakdown], int]:
    """Per metadata dimension: the share of each group's respondents who raised each theme.

    Shares are of the group's respondents who answered (not of theme mentions), so groups of
    different sizes compare, and a respondent raising two themes counts in both rows. Groups
    of fewer than `minimum` respondents are not shown (small-cell suppression), nor are the
    groups withheld so that those cannot be worked out by subtraction. Only the most
    common themes and largest groups are shown; breakdown.csv has every cell. `everywhere`:
    per dimension, the groups another table withholds (`withheld_everywhere`), withheld
    here too. Returns the breakdowns and how many theme rows each shows.
    """
    cells: dict[str, dict[tuple[str, str], int]] = defaultdict(lambda: defaultdict(int))
    for b in qa.breakdown:
        if b.dimension == ALL:
            continue  # the overall row is what the theme table already shows
        cells[b.dimension][(b.theme_id, b.value)] += b.count
    sizes = group_sizes(qa)
    rows_for = [(t.id, t.label) for t in sorted(qa.themes, key=lambda t: -t.count)]
    rows_for = rows_for[:MAX_BREAKDOWN_THEMES]
    if any(tid == OTHER_THEME for grid in cells.values() for tid, _ in grid):
        rows_for.append((OTHER_THEME, "Other (no theme matched)"))
    breakdowns = []
    for dim, grid in cells.items():
        size = sizes[dim]
        hidden = withheld_groups(size, minimum, (everywhere or {}).get(dim, ()))
        suppressed = group_order(group_name(v) for v, n in size.items() if n < minimum)
        withheld = group_order(group_name(v) for v in hidden if size[v] >= minimum)
        shown = sorted((v for v in size if v not in hidden), key=lambda v: (-size[v], v))
        # The largest groups, in the order a reader expects (a rating's scale, best first).
        values = group_order(shown[:MAX_BREAKDOWN_VALUES])
        shares = {(tid, v): grid.get((tid, v), 0) / size[v] for tid, _ in rows_for for v in values}
        top = max(shares.values(), default=0.0) or 1.0
        chunks = even_parts(values, MAX_GROUP_COLUMNS)
        tables = [
            Heatmap(
                dimension=dim,
                values=[(group_name(v), size[v]) for v in chunk],
                rows=[
                    HeatRow(
                        clip(label, 120),
                        [
                            HeatCell(
                                f"{shares[(tid, v)]:.0%}",
                                grid.get((tid, v), 0),
                                math.ceil(shares[(tid, v)] / top * 5),
                            )
                            for v in chunk
                        ],
                    )
                    for tid, label in rows_for
                ],
                part=n,
                parts=len(chunks),
            )
            for n, chunk in enumerate(chunks, start=1)
        ]
        breakdowns.append(
            GroupBreakdown(dim, tables, suppressed, withheld, max(len(shown) - len(values), 0))
        )
    return breakdowns, min(len(qa.themes), MAX_BREAKDOWN_THEMES)


#: Most answers of a closed question listed in the report, largest first; the rest are
#: counted together.
MAX_ANSWER_ROWS = 15
#: Words in a 0-10 question's name that make it the "would you recommend" question, whose
#: answers are summed up as a Net Promoter Score.
_RECOMMEND = re.compile(r"\brecommend", re.IGNORECASE)


@dataclass
class AnswerTable:
    """One closed question's or attribute's answers: (answer, respondents as published,
    share) rows, how many smaller answers are counted together in the last row, and a
    Net Promoter Score sentence where it is one."""

    dimension: str
    rows: list[tuple[str, str, str]]
    more: int = 0
    promoters: str = ""
    #: A tick-all-that-apply column's options, a respondent under each they ticked.
    ticks: bool = False


def build_answer_tables(
    analysis: Analysis, minimum: int, everywhere: Mapping[str, Collection[str]] | None = None
) -> list[AnswerTable]:
    """The answers to each closed question and attribute column, largest first up to
    `MAX_ANSWER_ROWS` and the rest counted together as one more, with small-cell
    suppression as the group tables have (`published_counts`)."""
    tables = []
    sizes = [group_sizes(qa) for qa in analysis.questions]  # each question's, once
    for dimension in analysis.metadata_columns:
        counts = analysis.answer_counts.get(dimension)
        if not counts:
            continue
        total = sum(counts.values())
        ranked = sorted(counts, key=lambda v: (-counts[v], v))
        listed = {v: counts[v] for v in ranked[:MAX_ANSWER_ROWS]}
        rest = ranked[MAX_ANSWER_ROWS:]
        others = f"{len(rest)} other answers"
        if rest:
            listed[others] = sum(counts[v] for v in rest)
        # The profile may publish a large group a question's table withholds, where that
        # gives nothing of the question's small groups away (`profile_withholds`).
        also = profile_withholds(
            counts,
            [t for by_dimension in sizes if (t := by_dimension.get(dimension))],
            minimum,
            (everywhere or {}).get(dimension, ()),
            listed,
        )
        published = published_counts(listed, minimum, also)
        names = _answer_order([n for n in published if n != others], published)
        names += [others] if rest else []
        rows = [(n, _published(published[n]), _share(published[n], total)) for n in names]
        tables.append(
            AnswerTable(dimension, rows, len(rest), net_promoter(dimension, counts, minimum))
        )
    return tables + _tick_tables(analysis, minimum)


def _tick_tables(analysis: Analysis, minimum: int) -> list[AnswerTable]:
    """Each tick-all-that-apply column's options, most ticked first, and those who ticked
    none: a respondent counts under every option they ticked, so an option's count is no
    part of a total to subtract from, and only options ticked by fewer than `minimum` are
    withheld. Left out of theming and grouping, a library review's "Which services do you
    use?" had appeared nowhere in its report."""
    respondents = len({o.response_id for qa in analysis.questions for o in qa.outcomes})
    tables = []
    for column, counts in analysis.tick_counts.items():
        shown = {option: fewer_than(minimum) if n < minimum else n for option, n in counts.items()}
        rows = [
            (group_name(option), _published(n), _share(n, respondents))
            for option, n in shown.items()
        ]
        tables.append(AnswerTable(column, rows, ticks=True))
    return tables


def _answer_order(names: list[str], published: dict[str, int | str]) -> list[str]:
    """A scale's answers in its order, numbered ones by number ("18-24", "0" to "10"), and
    others most common first ("Every week" before "Rarely or never"), those not published
    after them by name (their order would tell their sizes), "(not given)" last."""
    ordered = group_order(names)
    answered = [n for n in ordered if n != group_name("")]
    # "Don't know" beside a scale's answers leaves it a scale (group_order puts it last).
    if all(
        rating_position(n) is not None or re.search(r"\d", n) or is_no_answer(n) for n in answered
    ):
        return ordered

    def rank(name: str) -> tuple[int, int]:
        count = published[name]
        return (0, -count) if isinstance(count, int) else (1, 0)

    return sorted(answered, key=rank) + [n for n in ordered if n not in answered]


def _published(count: int | str) -> str:
    return fmt_int(count) if isinstance(count, int) else count


def _share(count: int | str, total: int) -> str:
    return fmt_pct(count / total) if isinstance(count, int) and total else "–"


def net_promoter(dimension: str, counts: dict[str, int], minimum: int) -> str:
    """For a "would you recommend...? (0-10)" question, the shares of promoters (9-10),
    passives (7-8) and detractors (0-6) and their Net Promoter Score, as such surveys are
    reported; "" for any other column, or where fewer than `minimum` answered."""
    if not _RECOMMEND.search(dimension):
        return ""
    scores: dict[int, int] = {}
    for value, n in counts.items():
        if not value:
            continue
        if not re.fullmatch(r"\d{1,2}", value.strip()) or int(value) > 10:
            return ""
        scores[int(value)] = scores.get(int(value), 0) + n
    answered = sum(scores.values())
    if answered < minimum or max(scores, default=0) <= 5:
        return ""
    promoters = sum(n for s, n in scores.items() if s >= 9) / answered
    passives = sum(n for s, n in scores.items() if s in (7, 8)) / answered
    detractors = 1 - promoters - passives
    score = round(100 * (promoters - detractors))
    return (
        f"Of the {fmt_int(answered)} who gave a score, {fmt_pct(promoters)} gave 9 or 10 "
        f"(promoters), {fmt_pct(passives)} 7 or 8 and {fmt_pct(detractors)} 6 or under "
        f"(detractors): a Net Promoter Score of {score:+d}."
    )


def build_question(
    number: int,
    qa: QuestionAnalysis,
    min_group: int,
    everywhere: Mapping[str, Collection[str]] | None = None,
) -> QuestionView:
    counts = {str(s): qa.count(s) for s in Status}
    campaigns = sorted(qa.campaigns, key=lambda c: -c.size)
    breakdowns, shown_themes = build_heatmaps(qa, min_group, everywhere)
    copies = [o for o in qa.outcomes if o.status is Status.DUPLICATE]
    others = [o for o in copies if not o.campaign_id]
    return QuestionView(
        number=number,
        anchor=f"question-{number}",
        qa=qa,
        counts=counts,
        total=len(qa.outcomes),
        chart=build_chart(qa),
        themes=list(qa.themes),
        campaigns=[
            # A campaign's words are respondents' words: published without personal data.
            (clip(redact(c.template).text, TEMPLATE_CHARS), c.size, c.with_own_words)
            for c in campaigns[:MAX_CAMPAIGNS]
        ],
        hidden_campaigns=max(len(campaigns) - MAX_CAMPAIGNS, 0),
        campaign_responses=sum(c.size for c in campaigns),
        breakdowns=breakdowns,
        shown_themes=shown_themes,
        campaign_copies=len(copies) - len(others),
        other_copies=len(others),
        other_repeated=len({o.duplicate_of for o in others}),
        unthemed=sum(1 for o in qa.outcomes if o.status in COUNTED and not o.theme_ids),
        content=sum(1 for o in qa.outcomes if o.reason == NOTHING_TO_IMPROVE),
        themed=sum(1 for o in qa.outcomes if o.status in COUNTED and o.theme_ids),
        languages=language_counts(qa),
        toned=any(t.tone for t in qa.themes),
        sided=bool(qa.question.stance_column)
        and any(t.stance is not Stance.NEUTRAL for t in qa.themes),
        from_campaigns=dict(
            Counter(
                t for o in qa.outcomes if o.campaign_id and o.status in COUNTED for t in o.theme_ids
            )
        ),
    )


def language_counts(qa: QuestionAnalysis) -> list[tuple[str, int]]:
    """Responses with something to say per language (by name), largest first; empty where
    languages were not told apart."""
    found = Counter(o.language for o in qa.outcomes if o.language)
    return [(language_name(code), n) for code, n in sorted(found.items(), key=lambda c: -c[1])]


def flatten_settings(settings: dict[str, object], prefix: str = "") -> list[tuple[str, object]]:
    """Nested settings as ("consult.assign_threshold", 0.45) pairs, in their given order."""
    items: list[tuple[str, object]] = []
    for key, value in settings.items():
        if isinstance(value, dict):
            items.extend(flatten_settings(value, f"{prefix}{key}."))
        else:
            items.append((f"{prefix}{key}", value))
    return items


def _show(value: object) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else str(value)


@dataclass
class MethodValues:
    """Settings quoted in the Method text; "" where the analysis did not record one."""

    embedding_model: str = ""
    max_embed_words: str = ""
    near_duplicate_threshold: str = ""
    min_campaign_size: str = ""
    min_campaign_content_words: str = ""
    discovery_sample: str = ""
    cluster_threshold: str = ""
    min_theme_size: str = ""
    max_themes: str = ""
    assign_threshold: str = ""
    assign_margin: str = ""
    max_themes_per_response: str = ""
    sentence_points_up_to: str = ""
    languages: str = ""
    multilingual_embedding_model: str = ""


def method_values(analysis: Analysis) -> MethodValues:
    """Find the settings the Method text names, by the last part of their (nested) name."""
    found: dict[str, str] = {}
    for name, value in flatten_settings(analysis.settings):
        found.setdefault(name.rsplit(".", 1)[-1], _show(value))
    if not found.get("embedding_model"):
        found["embedding_model"] = found.get("model", "")
    if found.get("languages"):
        found["languages"] = ", ".join(language_name(c) for c in found["languages"].split(", "))
    names = {f.name for f in fields(MethodValues)}
    return MethodValues(**{k: v for k, v in found.items() if k in names})


@cache
def _environment() -> Environment:
    # autoescape=True explicitly: select_autoescape would not cover a ".j2" file name.
    env = Environment(
        loader=PackageLoader("sounding.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = fmt_int
    env.filters["pct"] = fmt_pct
    return env


@dataclass
class LinkView:
    id: str
    themes: list[tuple[int, str, str]]  # (question number, its anchor, theme label)


def build_links(analysis: Analysis, questions: list[QuestionView]) -> list[LinkView]:
    numbers = {q.qa.question.id: (q.number, q.anchor) for q in questions}
    return [
        LinkView(
            link.id,
            [(*numbers[t.question_id], t.label) for t in link.themes if t.question_id in numbers],
        )
        for link in analysis.links
    ]


def render_report(analysis: Analysis) -> str:
    """The whole report page as a string; deterministic for a given analysis."""
    min_group = min_group_size(analysis.settings)
    everywhere = withheld_everywhere(group_tables(analysis), min_group)
    questions = [
        build_question(i, qa, min_group, everywhere)
        for i, qa in enumerate(analysis.questions, start=1)
    ]
    totals = {str(s): sum(q.counts[str(s)] for q in questions) for s in Status}
    shown = max(2, min(5, SUMMARY_ROWS // max(len(questions), 1)))
    template = _environment().get_template("report.html.j2")
    return template.render(
        analysis=analysis,
        title=report_title(analysis),
        source_name=source_name(analysis),
        summary_themes=shown,
        summary_sides=summary_sides,
        tone_agreement=f"{AGREEMENT:.0%}",
        min_group=min_group,
        fewer_than=fewer_than(min_group),
        near_duplicates=DuplicateFinder(),
        questions=questions,
        # Questions whose answers the multilingual model embedded: not every question with
        # an answer or two in another language (a tenants' survey's header had named three
        # where each question's note said the English model read them).
        multilingual_questions=sum(qa.multilingual for qa in analysis.questions),
        statuses=[(str(s), STATUS_LABELS[s]) for s in Status],
        totals=totals,
        grand_total=sum(totals.values()),
        # A wide file's respondent answers each question under one id: fewer respondents
        # than responses is worth saying ("250 respondents gave 500 responses").
        respondents=len({o.response_id for qa in analysis.questions for o in qa.outcomes}),
        settings=[(k, _show(v)) for k, v in flatten_settings(analysis.settings)],
        versions=list(analysis.versions.items()),
        m=method_values(analysis),
        answer_tables=build_answer_tables(analysis, min_group, everywhere),
        max_answer_rows=MAX_ANSWER_ROWS,
        member_quantile=f"{SimilarityAssigner.member_quantile:.0%}",
        stanced=any(
            o.stance in (Stance.AGREE, Stance.DISAGREE)
            for qa in analysis.questions
            for o in qa.outcomes
        ),
        max_quotes=MAX_QUOTES,
        quote_chars=QUOTE_CHARS,
        stance_labels={key: label for key, label, _ in STANCES},
        clip=clip,
        asked=asked,
        links=build_links(analysis, questions),
        links_checked=any(link.confirmed for link in analysis.links),
    )
