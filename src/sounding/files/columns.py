"""Decide what each column of a consultation table is for, and say why.

Exports name their columns freely, so roles are guessed from names and values together:
free text (the questions to analyse), closed choices (often the stance of the next text
column), respondent attributes (for breakdowns), and the respondent id. Every decision
carries a plain-words reason so `sounding consult inspect` can show it, and overrides
(flags or a TOML file) win over any guess, because a wrong guess must be cheap to fix.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from sounding.consult.follow_up import is_bare_follow_up
from sounding.consult.stance import is_rating, looks_like_stance
from sounding.consult.tone import asks_for_tone
from sounding.errors import InputError
from sounding.files.read import Table

MAX_CHOICES = 12  # most distinct values a closed question or attribute may have
#: A list of options whatever their length: each chosen by at least this many, and this
#: many answers or more per option.
_OPTION_MIN_CHOSEN, _OPTION_SHARE = 3, 5
MIN_UNIQUE_ANSWERS = 5  # fewest values, all different, that read as free text by their name
OPEN_MIN_CHARS = 25  # mean length above which values read as free text
OPEN_MIN_WORDS = 4
MAX_QUESTIONS = 50  # most distinct questions in a long table's question column
#: The command line's flag for each role's list of columns, and the article its name takes.
_FLAG = {"open": "--text-column", "closed": "--closed-column", "metadata": "--metadata-column"}
_ARTICLE = {"open": "an", "closed": "a", "metadata": "a"}

_STRONG_ID_NAMES = {
    "id", "respondent_id", "response_id", "respondent", "respondent_number", "respondent_no",
    "response_number", "response_no", "record_id", "submission_id", "participant_id", "uid",
    "uuid", "ref", "reference", "respondent_ref", "response_ref", "unique_id", "row_id",
    "case_id", "user_id",
}  # fmt: skip
_QUESTION_NAMES = {"question", "qid", "q", "item", "prompt"}
_RESPONSE_WORDS = {"response", "answer", "text", "comment", "comments", "reply", "feedback"}
_STANCE_NAME_WORDS = {
    "stance", "agree", "agreement", "position", "support", "closed", "choice", "view",
    "opinion", "rating",
}  # fmt: skip
_METADATA_WORDS = {
    "type", "region", "age", "gender", "sex", "sector", "organisation", "organization", "org",
    "location", "area", "country", "county", "nation", "city", "town", "ethnicity", "group",
    "role", "size", "industry", "category", "capacity", "individual", "responding",
    "occupation", "employment", "income", "disability", "authority", "council", "segment",
    "channel", "source", "method", "band", "respondent", "status", "tenure", "language",
    "department", "dept", "team", "directorate", "division", "grade", "site", "ward", "branch",
    "office", "profession", "specialty", "speciality",
}  # fmt: skip
_ADMIN_WORDS = {
    "name", "email", "mail", "postcode", "zip", "address", "phone", "telephone", "date",
    "time", "timestamp", "submitted", "created", "ip", "url", "consent",
}  # fmt: skip
_QUESTION_WORDS = {
    "do", "does", "did", "are", "is", "should", "would", "will", "how", "which", "what",
    "to", "overall", "can", "could", "have", "has",
}  # fmt: skip
# Where an override comes from, as the user wrote it: the TOML key or the CLI flag.
_SOURCES = {
    "id_column": "id_column / --id-column",
    "open_columns": "open_columns / --text-column",
    "closed_columns": "closed_columns / --closed-column",
    "metadata_columns": "metadata_columns / --metadata-column",
    "stance_links": "stance_links / --stance-link",
}
_NUMBERED = re.compile(r"^(?:q(?:uestion)?[\s_.\-]*)?(\d+[a-z]?)(?:$|[\s_.\-):])", re.I)


@dataclass
class ColumnOverrides:
    """Roles fixed by the user; `None` means "detect". Given lists are complete, not extra.

    `id_column = ""` means "there is no id column": responses are numbered `row-<n>`.
    A `stance_links` value of "" removes a detected link.
    """

    shape: str | None = None
    id_column: str | None = None
    open_columns: list[str] | None = None
    closed_columns: list[str] | None = None
    metadata_columns: list[str] | None = None
    stance_links: dict[str, str] | None = None
    question_column: str | None = None
    response_column: str | None = None
    stance_column: str | None = None

    @classmethod
    def from_toml(cls, path: Path) -> ColumnOverrides:
        """Load overrides from TOML: the same keys at the top level or in a [columns] table."""
        path = Path(path)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            raise InputError(f"Column settings file not found: {path}", "") from error
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
            raise InputError(
                f"Cannot read column settings '{path.name}': {error}",
                'Check the TOML syntax, e.g. open_columns = ["q1", "q2"].',
            ) from error
        if isinstance(data.get("columns"), dict):
            data = data["columns"]
        return cls.from_dict(data, path.name)

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str = "column settings") -> ColumnOverrides:
        """Validate plain data (from TOML or flags) so a typo fails here, not in the analysis."""
        known = [f.name for f in fields(cls)]
        unknown = [k for k in data if k not in known]
        if unknown:
            raise InputError(
                f"Unknown key(s) in {where}: {', '.join(unknown)}.",
                f"Allowed keys: {', '.join(known)}.",
            )
        values: dict[str, Any] = {}
        for key, value in data.items():
            if key.endswith("_columns"):
                if isinstance(value, str):
                    value = [value]
                if not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                    raise InputError(f"'{key}' in {where} must be a list of column names.", "")
            elif key == "stance_links":
                if not (
                    isinstance(value, dict)
                    and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
                ):
                    raise InputError(
                        f"'stance_links' in {where} must map text columns to closed columns.",
                        'For example: stance_links = { q1_explain = "q1_agree" }',
                    )
            elif not isinstance(value, str):
                raise InputError(f"'{key}' in {where} must be a column name (a string).", "")
            values[key] = value
        overrides = cls(**values)
        if overrides.shape not in (None, "wide", "long"):
            raise InputError(f'\'shape\' in {where} must be "wide" or "long".', "")
        return overrides


@dataclass
class ColumnPlan:
    """The role of every column, with the reason for each (keyed by column name)."""

    shape: str
    columns: list[str]
    id_column: str | None = None
    open_columns: list[str] = field(default_factory=list)
    closed_columns: list[str] = field(default_factory=list)
    metadata_columns: list[str] = field(default_factory=list)
    stance_links: dict[str, str] = field(default_factory=dict)
    question_column: str | None = None
    response_column: str | None = None
    stance_column: str | None = None
    #: In a long table, the questions (as the question column writes them) whose answers
    #: are choices ("Very good", "Poor"...): read as closed answers, not analysed as text.
    closed_questions: list[str] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    #: Tick-all-that-apply columns (left out of theming and grouping), with their options:
    #: counted per option for the report (`ticked`); in a long table, such questions.
    tick_columns: dict[str, list[str]] = field(default_factory=dict)
    tick_questions: dict[str, list[str]] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    shape_reason: str = ""
    id_reason: str = ""
    #: Rows above the column names read as titles (see `sounding.files.read.Table`).
    titles: list[str] = field(default_factory=list)
    #: A workbook's other sheets holding rows, and which was read, and why.
    unread_sheets: list[str] = field(default_factory=list)
    sheet_read: str = ""
    #: How the file was read where it was not plain (`sounding.files.read.Table.notes`).
    notes: list[str] = field(default_factory=list)

    def role(self, column: str) -> str:
        if column == self.id_column:
            return "id"
        for role, name in (
            ("question", self.question_column),
            ("response", self.response_column),
            ("stance", self.stance_column),
        ):
            if column == name:
                return role
        for role, names in (
            ("open text", self.open_columns),
            ("closed", self.closed_columns),
            ("metadata", self.metadata_columns),
        ):
            if column in names:
                return role
        return "ignored"


def describe_plan(plan: ColumnPlan) -> list[tuple[str, str, str]]:
    """Rows of (column, role, why) for the inspect table, in file column order."""
    rows = [("(table)", f"{plan.shape} shape", plan.shape_reason)]
    if plan.id_column is None:
        rows.append(("(ids)", "generated", plan.id_reason))
    rows += [(c, plan.role(c), plan.reasons.get(c, "")) for c in plan.columns]
    rows += [(f"(question) {q}", "closed", plan.reasons.get(q, "")) for q in plan.closed_questions]
    rows += [(f"(question) {q}", "ignored", plan.reasons.get(q, "")) for q in plan.tick_questions]
    return rows


# --- statistics ------------------------------------------------------------------------


@dataclass
class _Stats:
    nonempty: int
    distinct: int
    mean_chars: float
    mean_words: float
    numeric_share: float
    stance_share: float
    long_share: float  # values of five words or more: sentences, however few
    top: list[str]
    #: Of the distinct values, those of five words or more, and those of them said once.
    sentences: int = 0
    unique_sentences: int = 0
    #: Share of values with no digit: words, as answers are, not dates, codes or amounts.
    wordy_share: float = 0.0
    #: How many give the least given value.
    rarest: int = 0
    #: Share of values that are a date, a time or both ("02/11/2024 17:58").
    date_share: float = 0.0
    #: The options of a tick-all-that-apply column, most ticked first (`_tick_options`).
    tick_options: list[str] = field(default_factory=list)

    @property
    def distinct_share(self) -> float:
        return self.distinct / self.nonempty if self.nonempty else 0.0

    def top_text(self) -> str:
        return ", ".join(self.top[:4]) + (", ..." if self.distinct > 4 else "")


def _stats(values: list[str]) -> _Stats:
    # Work on distinct values weighted by count: exports repeat values a lot.
    counts = Counter(v.strip() for v in values)
    counts.pop("", None)
    filled = sum(counts.values())
    n = filled or 1

    def share(test: Callable[[str], bool]) -> float:
        return sum(c for v, c in counts.items() if test(v)) / n

    return _Stats(
        nonempty=filled,
        distinct=len(counts),
        mean_chars=sum(len(v) * c for v, c in counts.items()) / n,
        mean_words=sum(len(v.split()) * c for v, c in counts.items()) / n,
        numeric_share=share(_is_number),
        stance_share=share(looks_like_stance),
        long_share=share(lambda v: len(v.split()) >= 5),
        top=[v for v, _ in counts.most_common(5)],
        sentences=sum(1 for v in counts if len(v.split()) >= 5),
        unique_sentences=sum(1 for v, c in counts.items() if c == 1 and len(v.split()) >= 5),
        wordy_share=share(lambda v: not any(ch.isdigit() for ch in v)),
        rarest=min(counts.values(), default=0),
        date_share=share(lambda v: _DATE_OR_TIME.match(v) is not None),
        tick_options=_tick_options(counts),
    )


#: How survey tools join the options ticked in one cell: "Printing; Study space" (Microsoft
#: Forms, SmartSurvey), "Printing|Study space", "Printing, Study space" (Google Forms).
_TICKS = re.compile(r"\s*[;|]\s*")
_COMMA_TICKS = re.compile(r"\s*,\s+")


def ticked(value: str, options: list[str]) -> list[str]:
    """The options of a tick column (`ColumnPlan.tick_columns`) that one cell ticks, each
    once: split as `_tick_options` split the column."""
    for separator in (_TICKS, _COMMA_TICKS):
        parts = [part for part in separator.split(value.strip()) if part]
        if parts and set(parts) <= set(options):
            return list(dict.fromkeys(parts))
    return [value.strip()] if value.strip() in options else []


def _tick_options(counts: Counter[str]) -> list[str]:
    """The options of a tick-all-that-apply column (value → respondents), most ticked
    first, or [] where its values are not lists of a few options. Several options in a
    cell make each combination a value of its own: a library review's "Which services do
    you use? (tick all that apply)" had 220 values, read as free text and themed, and two
    combinations reported as campaigns. Options are few, each ticked by several, most
    ticked alone by someone, and there are more combinations than options; a list joined
    by commas must have every option ticked alone, as free text's commas rarely do."""
    filled = sum(counts.values())
    for separator, every_alone in ((_TICKS, False), (_COMMA_TICKS, True)):
        options: Counter[str] = Counter()
        several = 0
        for value, n in counts.items():
            ticked = [part for part in separator.split(value) if part]
            several += n if len(ticked) > 1 else 0
            options.update({part: n for part in ticked})
        alone = sum(option in counts for option in options)
        if (
            several >= 0.1 * filled
            and len(options) <= 2 * MAX_CHOICES
            and len(counts) > len(options)
            and min(options.values()) >= _OPTION_MIN_CHOSEN
            and (alone == len(options) if every_alone else 2 * alone >= len(options))
        ):
            return [option for option, _ in options.most_common()]
    return []


#: What survey tools record of a response's progress ("Status": Completed, Partial): a
#: council tax consultation's report had broken every theme down by it.
_COMPLETION = frozenset({
    "completed", "complete", "partial", "incomplete", "finished", "unfinished", "in progress",
    "submitted", "not submitted", "disqualified", "partially completed", "partial complete",
})  # fmt: skip
#: A date, a time or both, as survey tools export when a response was started or ended.
_DATE_OR_TIME = re.compile(
    r"^(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ T,]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
    r"|\d{1,2}:\d{2}(?::\d{2})?)(?:\s*[ap]\.?m\.?)?(?:\s*(?:z|utc|gmt|bst|[+-]\d{2}:?\d{2}))?$",
    re.IGNORECASE,
)


def _is_number(value: str) -> bool:
    try:
        float(value.replace(",", ""))
    except ValueError:
        return False
    return True


def _tokens(name: str) -> list[str]:
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", name)
    return [t for t in re.split(r"[^a-z0-9]+", spaced.lower()) if t]


def _norm(name: str) -> str:
    return "_".join(_tokens(name))


def _number(name: str) -> str | None:
    """The question number a column name starts with ('q1_agree' → '1'), if any."""
    match = _NUMBERED.match(name.strip())
    return match.group(1).lower() if match else None


def _is_categorical(s: _Stats) -> bool:
    if s.nonempty == 0 or s.distinct > MAX_CHOICES or s.mean_chars > 40:
        return False
    # On tiny tables free text is unique too; short values or repeats make it a choice.
    return s.distinct < s.nonempty or s.mean_chars <= OPEN_MIN_CHARS


def _is_text(s: _Stats) -> bool:
    return s.mean_chars > OPEN_MIN_CHARS or s.mean_words >= OPEN_MIN_WORDS


def _text_reason(s: _Stats) -> str:
    return (
        f"free text: {round(100 * s.distinct_share)}% of answers differ, "
        f"{s.mean_chars:.0f} characters on average"
    )


# --- detection -------------------------------------------------------------------------


class NoTextColumn(InputError):
    """Detection found no column of free-text answers; a person has to say which it is."""


def detect_columns(table: Table, overrides: ColumnOverrides | None = None) -> ColumnPlan:
    """Assign a role to every column; overrides win and are checked against the table."""
    o = overrides or ColumnOverrides()
    _check_names(table, o)
    stats = {c: _stats(table.values(c)) for c in table.columns}
    plan = ColumnPlan(
        shape="wide",
        columns=list(table.columns),
        titles=list(table.titles),
        unread_sheets=list(table.unread_sheets),
        sheet_read=table.sheet_read,
        notes=list(table.notes),
    )
    _decide_shape(table, stats, o, plan)
    if table.titles:
        shown = ", ".join(f"'{t}'" for t in table.titles)
        plan.shape_reason += f"; {shown} above the column names read as a title"
    _decide_id(table, stats, o, plan)
    if plan.shape == "long":
        _detect_long(table, stats, o, plan)
    else:
        _detect_wide(table, stats, o, plan)
    return plan


def _check_names(table: Table, o: ColumnOverrides) -> None:
    named: list[tuple[str, str]] = []
    for key in ("id_column", "question_column", "response_column", "stance_column"):
        value = getattr(o, key)
        if value:
            named.append((key, value))
    for key in ("open_columns", "closed_columns", "metadata_columns"):
        named += [(key, v) for v in getattr(o, key) or []]
    for open_col, closed_col in (o.stance_links or {}).items():
        named.append(("stance_links", open_col))
        if closed_col:
            named.append(("stance_links", closed_col))
    for key, name in named:
        if name not in table.columns:
            close = difflib.get_close_matches(name, table.columns, n=1) or _containing(
                name, table.columns
            )
            maybe = f" Did you mean '{close[0]}'?" if close else ""
            several = _holding(name, table.columns)
            if len(several) > 1:
                # A consultation's six "Please explain your answer" columns, named apart by
                # the question before each: "Did you mean" had named one of them.
                listed = ", ".join(f"'{c}'" for c in several[:3])
                more = f" and {len(several) - 3} more" if len(several) > 3 else ""
                maybe = f" {len(several)} columns' names hold it: {listed}{more}; give one."
            if name.strip() in table.columns:
                # "Region\r" pasted from a file read "Did you mean 'Region'?" of 'Region'.
                maybe = f" '{name.strip()}' is: the name given has spaces or hidden characters."
            shown = name if name.isprintable() else name.encode("unicode_escape").decode()
            raise InputError(
                f"Column '{shown}' (from {_SOURCES.get(key, key)}) is not in the file.{maybe}",
                f"Columns: {', '.join(table.columns)}.",
            )
    if o.shape not in (None, "wide", "long"):
        raise InputError(f"Unknown table shape '{o.shape}'.", 'Use "wide" or "long".')
    roles: dict[str, str] = {}
    singles = [("id_column", o.id_column), ("question_column", o.question_column)]
    singles += [("response_column", o.response_column), ("stance_column", o.stance_column)]
    lists = [(k, getattr(o, k) or []) for k in ("open_columns", "closed_columns")]
    lists.append(("metadata_columns", o.metadata_columns or []))
    entries = [(k, v) for k, v in singles if v] + [(k, v) for k, vs in lists for v in vs]
    for key, name in entries:
        if roles.setdefault(name, key) != key:
            raise InputError(
                f"Column '{name}' is given two roles: {roles[name]} and {key}.",
                "Give each column one role in the overrides.",
            )


def _containing(name: str, columns: list[str]) -> list[str]:
    """The one column whose name holds `name` as a whole word ("Ward" in "Ward/Department"),
    where a shortened name is too short for a close match; none when several do."""
    found = _holding(name, columns)
    return found if len(found) == 1 else []


def _holding(name: str, columns: list[str]) -> list[str]:
    """The columns whose names hold `name` as whole words, dashes of any length alike."""
    dashes = str.maketrans("–—‐", "---")
    wanted = name.strip().translate(dashes)
    word = re.compile(rf"(?<![^\W_]){re.escape(wanted)}(?![^\W_])", re.IGNORECASE)
    return [c for c in columns if wanted and word.search(c.translate(dashes))]


def _decide_shape(
    table: Table, stats: dict[str, _Stats], o: ColumnOverrides, plan: ColumnPlan
) -> None:
    long_keys = [
        k for k in ("question_column", "response_column", "stance_column") if getattr(o, k)
    ]
    if o.shape == "wide" and long_keys:
        raise InputError(
            f'shape is "wide" but {", ".join(long_keys)} (for long tables) is also set.',
            "Use question/response/stance columns only with long tables.",
        )
    if o.shape or long_keys:
        plan.shape = o.shape or "long"
        plan.shape_reason = "set in overrides" if o.shape else f"{long_keys[0]} set in overrides"
        if plan.shape == "long":
            plan.question_column = o.question_column or _find_question(table, stats)
            plan.response_column = o.response_column or _find_response(table, stats, plan)
            if not (plan.question_column and plan.response_column):
                missing = "question" if not plan.question_column else "response"
                raise InputError(
                    "A long table needs a question column and a response column; "
                    f"could not find the {missing} column.",
                    "Set question_column and response_column. "
                    f"Columns: {', '.join(table.columns)}.",
                )
        return
    question = _find_question(table, stats)
    response = _find_response(table, stats, plan) if question else None
    if question and response:
        plan.shape, plan.question_column, plan.response_column = "long", question, response
        plan.shape_reason = (
            f"one row per answer: '{question}' repeats {stats[question].distinct} questions "
            f"over {len(table.rows)} rows and '{response}' holds the answers"
        )
    else:
        plan.shape_reason = "one row per respondent with a column per question"


def _find_question(table: Table, stats: dict[str, _Stats]) -> str | None:
    for column in table.columns:
        tokens = _tokens(column)
        if not tokens or not (
            tokens[0] in ("question", "questions") or _norm(column) in _QUESTION_NAMES
        ):
            continue
        s = stats[column]
        if 0 < s.distinct <= MAX_QUESTIONS and s.distinct < s.nonempty:
            return column
    return None


def _reads_as_question(column: str) -> bool:
    """The column's name is a question ("What would make the town better?"): never a
    respondent detail, whatever words it holds ("town")."""
    tokens = _tokens(column)
    return column.rstrip().endswith("?") or bool(tokens and tokens[0] in _QUESTION_WORDS)


def _names_answers(column: str) -> bool:
    """The column's name says it holds answers ("answer", "Comments"), not their ids."""
    tokens = _tokens(column)
    return bool(set(tokens) & _RESPONSE_WORDS) and tokens[-1] not in {"id", "number", "no", "ref"}


def _find_response(table: Table, stats: dict[str, _Stats], plan: ColumnPlan) -> str | None:
    candidates = [c for c in table.columns if c != plan.question_column and _names_answers(c)]
    return max(candidates, key=lambda c: stats[c].mean_chars, default=None)


def _decide_id(
    table: Table, stats: dict[str, _Stats], o: ColumnOverrides, plan: ColumnPlan
) -> None:
    # A column the user gave another role is never taken for the id.
    given = [*(o.open_columns or []), *(o.closed_columns or []), *(o.metadata_columns or [])]
    taken = {plan.question_column, plan.response_column, *given}
    if o.id_column is not None:
        chosen, why = o.id_column or None, "set in overrides"
    else:
        chosen, why = _find_id(table, stats, plan.shape == "long", taken)
    numbered = "responses are numbered by their row in the file (row-2 is the first row)"
    if chosen and stats[chosen].nonempty == 0:
        plan.id_reason = f"the id column '{chosen}' is empty on every row, so {numbered}"
        chosen = None
    elif o.id_column == "":
        plan.id_reason = f"no id column (set in overrides), so {numbered}"
    elif not chosen:
        plan.id_reason = f"no column of respondent ids was found, so {numbered}"
    plan.id_column = chosen
    if chosen:
        plan.reasons[chosen] = why


def _find_id(
    table: Table, stats: dict[str, _Stats], long: bool, taken: set[str | None]
) -> tuple[str | None, str]:
    columns = [c for c in table.columns if c not in taken]
    for column in columns:
        if _norm(column) in _STRONG_ID_NAMES and stats[column].nonempty:
            if long or stats[column].distinct == stats[column].nonempty:
                return column, "named like a respondent id"
            return column, "named like a respondent id (some ids repeat)"
    for column in columns:
        s = stats[column]
        if _norm(column).endswith("_id") and s.nonempty and (long or s.distinct == s.nonempty):
            return column, "named like an id" + ("" if long else " and every value is different")
    if columns and not long:
        first, s = columns[0], stats[columns[0]]
        unique = s.nonempty == len(table.rows) and s.distinct == s.nonempty
        # A form's "Timestamp" or "Email address" comes first and differs on every row, but
        # names no respondent: taken for one, a parish survey's submission times were
        # printed under every quote.
        detail = set(_tokens(first)) & _ADMIN_WORDS
        short = s.mean_words <= 2 and s.mean_chars <= 40
        if unique and short and not detail and len(table.rows) > 1:
            return first, "first column, and every value is a different short code"
    return None, ""


def _detect_long(
    table: Table, stats: dict[str, _Stats], o: ColumnOverrides, plan: ColumnPlan
) -> None:
    # One text or closed column given as for a wide table (--text-column) names the
    # response or stance column; anything more cannot be meant for a long table.
    text, closed = o.open_columns or [], o.closed_columns or []
    q = plan.question_column
    usable = (
        len(text) <= 1
        and len(closed) <= 1
        and not (text and (o.response_column or text[0] in (q, plan.id_column)))
        and not (closed and (o.stance_column or closed[0] in (q, plan.id_column)))
        and not o.stance_links
    )
    if not usable:
        given = [k for k in ("open_columns", "closed_columns", "stance_links") if getattr(o, k)]
        raise InputError(
            f"{', '.join(given)} apply to wide tables, but this table is long "
            "(one row per answer).",
            'Use response_column and stance_column instead, or set shape = "wide".',
        )
    if text:
        plan.response_column = text[0]
    r = plan.response_column
    assert q and r
    plan.reasons[q] = (
        "set in overrides"
        if o.question_column
        else f"{stats[q].distinct} different questions, each on several rows"
    )
    plan.reasons[r] = "set in overrides" if o.response_column or text else _text_reason(stats[r])
    rest = [c for c in table.columns if c not in {q, r, plan.id_column}]
    stance = o.stance_column or (closed[0] if closed else None)
    if stance:
        plan.stance_column, plan.reasons[stance] = stance, "set in overrides"
    else:
        plan.stance_column = _find_long_stance(rest, stats, o)
        if plan.stance_column:
            s = stats[plan.stance_column]
            plan.reasons[plan.stance_column] = (
                f"{s.distinct} repeated choices ({s.top_text()}): the closed answer given "
                "with each response, used as its stance"
            )
    _find_closed_questions(table, plan)
    for column in rest:
        if column == plan.stance_column:
            continue
        s = stats[column]
        if o.metadata_columns is not None:
            if column in o.metadata_columns:
                plan.metadata_columns.append(column)
                plan.reasons[column] = "set in overrides"
            else:
                plan.ignored_columns.append(column)
                plan.reasons[column] = "not listed in metadata_columns"
        elif _tokens(column)[:1] == ["question"]:
            plan.ignored_columns.append(column)
            plan.reasons[column] = f"another question column; '{q}' is used"
        elif _is_categorical(s) or _many_valued_attribute(column, s):
            plan.metadata_columns.append(column)
            plan.reasons[column] = (
                f"{s.distinct} distinct values ({s.top_text()}): a respondent attribute"
            )
        else:
            plan.ignored_columns.append(column)
            plan.reasons[column] = (
                f"free text, but '{r}' holds the responses" if _is_text(s) else _ignore_reason(s)
            )


def _find_closed_questions(table: Table, plan: ColumnPlan) -> None:
    """The questions of a long table whose answers are a few choices (`_is_categorical`,
    short): a rating or a yes/no asked beside the open questions. Analysed as text, a
    feedback survey's "Overall, how was your experience?" had made themes of "Good" and
    "Poor", lost "Very good" in "Good", and broken no theme down by it. At least one
    question stays open."""
    q, r = plan.question_column, plan.response_column
    assert q and r
    answers: dict[str, list[str]] = {}
    for row in table.rows:
        if row[q].strip():
            answers.setdefault(row[q].strip(), []).append(row[r])
    closed, ticks = [], {}
    for question, given in answers.items():
        s = _stats(given)
        if s.tick_options:
            # A bus consultation's "Which routes do you use? (select all that apply)" had
            # been themed as free text: "101;56;X7;42" a theme, "42" blank as "no words".
            ticks[question] = s.tick_options
            plan.reasons[question] = _tick_reason(s.tick_options, "an answer")
        elif _is_categorical(s) and not _is_text(s):
            closed.append(question)
            plan.reasons[question] = (
                f"{s.distinct} repeated choices ({s.top_text()}): a closed question, read as "
                "a respondent attribute and as the closed answer of the next open question"
            )
    if len(closed) + len(ticks) < len(answers):
        plan.closed_questions, plan.tick_questions = closed, ticks


def _find_long_stance(
    columns: list[str], stats: dict[str, _Stats], o: ColumnOverrides
) -> str | None:
    candidates = [
        c for c in columns if _is_categorical(stats[c]) and c not in (o.metadata_columns or [])
    ]
    for column in candidates:
        if set(_tokens(column)) & _STANCE_NAME_WORDS and not _metadata_named(column):
            return column
    for column in candidates:
        if stats[column].stance_share >= 0.6 and not _metadata_named(column):
            return column
    return None


def _metadata_named(column: str) -> bool:
    return bool(set(_tokens(column)) & _METADATA_WORDS)


#: Respondents a value of an attribute needs on average to be grouped by with more values
#: than a question has options: groups this size are published, not withheld.
_GROUP_RESPONDENTS = 10


def _many_valued_attribute(column: str, s: _Stats) -> bool:
    """Whether a column named as a respondent attribute is one, with more values than a
    closed question's (`MAX_CHOICES`) but few enough and each given by many: an NHS staff
    survey's 13 pay bands ("Band 2" … "Band 8d") had been left out as "names, codes or
    dates"."""
    return (
        _metadata_named(column)
        and not _reads_as_question(column)
        and MAX_CHOICES < s.distinct <= 2 * MAX_CHOICES
        and s.mean_chars <= 40
        and s.unique_sentences == 0
        and s.nonempty >= _GROUP_RESPONDENTS * s.distinct
    )


def _ignore_reason(s: _Stats) -> str:
    if s.nonempty == 0:
        return "always empty"
    if s.numeric_share >= 0.9:
        return "numbers with many different values, not answers or groups"
    return (
        f"{s.distinct} different short values (names, codes or dates?): "
        "too many to group by and too short to be free text"
    )


def _detect_wide(
    table: Table, stats: dict[str, _Stats], o: ColumnOverrides, plan: ColumnPlan
) -> None:
    forced: dict[str, str] = {}
    for role in ("open", "closed", "metadata"):
        for column in getattr(o, f"{role}_columns") or []:
            forced[column] = role
            plan.reasons[column] = f"set in overrides ({role}_columns)"
    links = o.stance_links or {}
    for open_col, closed_col in links.items():
        for column, role in ((open_col, "open"), (closed_col, "closed")):
            if not column:
                continue
            given = getattr(o, f"{role}_columns")
            if forced.get(column, role) != role or (given is not None and column not in given):
                # Named as a settings file names them, and as the command line's flags do.
                listed = f"{role}_columns ({_FLAG[role]})"
                problem = "give it another role" if column in forced else f"{listed} leaves it out"
                raise InputError(
                    f"The stance link (--stance-link) uses '{column}' as {_ARTICLE[role]} "
                    f"{role} column, but {problem}.",
                    "A link goes from a text (open) column to a closed column; "
                    f"list '{column}' in {listed} too, or remove the link.",
                )
            if column not in forced:
                forced[column] = role
                plan.reasons[column] = "set in overrides (stance_links)"

    auto: dict[str, str] = {}
    for column in table.columns:
        if column != plan.id_column and column not in forced:
            auto[column], plan.reasons[column] = _auto_role(column, stats[column])

    def chosen(role: str) -> list[str]:
        listed = getattr(o, f"{role}_columns") is not None
        return [
            c
            for c in table.columns
            if forced.get(c) == role or (not listed and auto.get(c) == role)
        ]

    plan.open_columns = chosen("open")
    for column, role in auto.items():
        if role == "categorical":
            auto[column], plan.reasons[column] = _closed_or_metadata(
                column, stats[column], table.columns, plan.open_columns
            )
    plan.closed_columns = chosen("closed")
    plan.metadata_columns = chosen("metadata")
    used = {*plan.open_columns, *plan.closed_columns, *plan.metadata_columns, plan.id_column}
    for column in table.columns:
        if column not in used:
            plan.ignored_columns.append(column)
            if auto.get(column) == "ignored" and stats[column].tick_options:
                plan.tick_columns[column] = stats[column].tick_options
            if auto.get(column) in ("open", "closed", "metadata"):
                plan.reasons[column] = f"not listed in {auto[column]}_columns"
    if not plan.open_columns:
        empty = [c for c in table.columns if plan.reasons.get(c) == "always empty"]
        # A column that would hold the answers but is empty in every row (an export taken
        # before they were filled in) is named: listed among the columns, it had looked like
        # one to pass.
        named = ", ".join(f"'{c}'" for c in empty)
        where = f" ({named} {'is' if len(empty) == 1 else 'are'} empty in every row)"
        raise NoTextColumn(
            f"No text column found: no column holds free-text answers{where if empty else ''}.",
            "Check that the file holds the written answers, or pass --text-column with the "
            f"name of the column to analyse. Columns: {', '.join(table.columns)}.",
        )
    plan.stance_links = _link(table.columns, plan.open_columns, plan.closed_columns)
    for open_col, closed_col in links.items():
        if closed_col:
            plan.stance_links[open_col] = closed_col
        else:
            plan.stance_links.pop(open_col, None)
    plan.stance_links = {
        c: plan.stance_links[c] for c in plan.open_columns if c in plan.stance_links
    }
    ratings: set[str] = set()
    for open_col, closed_col in list(plan.stance_links.items()):
        s = stats[closed_col]
        # A choice of options would read as "neutral" for everyone. A rating (in numbers or
        # in words such as "Good" and "Poor") stays linked: the analysis reads no stance
        # from it, says why, and gives the themes of why it was given a tone.
        if open_col in links or s.stance_share >= 0.5:
            continue
        # Numbers beyond -1 to 1 are a rating, as the analysis reads them (a maternity
        # survey's "1 = very poor, 5 = excellent" had been called a stance here).
        if is_rating(s.top):
            ratings.add(open_col)
            # ... where its wording asks for one: a mental health trust's "What was good
            # about the care?" had been said to get a tone its themes never had.
            toned = " but an estimated tone" if asks_for_tone(open_col, rated=True) else ""
            plan.reasons[closed_col] += f"; a rating, so '{open_col}' gets no stance from it{toned}"
        elif s.numeric_share < 0.5:
            del plan.stance_links[open_col]
            plan.reasons[closed_col] += (
                f"; its answers are not agree or disagree, so it gives '{open_col}' no stance"
            )
    for closed_col in plan.closed_columns:
        linked = [
            f"'{k}'" for k, v in plan.stance_links.items() if v == closed_col and k not in ratings
        ]
        if linked:
            plan.reasons[closed_col] += f"; stance for {', '.join(linked)}"


def _tick_reason(options: list[str], place: str, listed: bool = False) -> str:
    """Why a tick-all-that-apply column (a cell per respondent) or long-table question (an
    answer per respondent) is counted per option rather than themed or grouped, naming its
    first options where `listed`."""
    head = f"ticks from a list of {len(options)} options, several to {place}:"
    if listed:
        head += f" {', '.join(options[:3])}{', ...' if len(options) > 3 else ''};"
    return (
        f"{head} no free text, and too many combinations to group by: counted per option in "
        "the report"
    )


def _auto_role(column: str, s: _Stats) -> tuple[str, str]:
    """First pass from values alone: 'open', 'categorical' or 'ignored', with why."""
    if s.nonempty == 0:
        return "ignored", "always empty"
    if s.numeric_share >= 0.9 and s.distinct > MAX_CHOICES:
        return "ignored", _ignore_reason(s)
    if s.nonempty and {value.lower() for value in s.top} <= _COMPLETION and s.distinct <= 5:
        # Said without brackets: "Not analysed: 'Status' (…)" puts the reason in its own.
        shown = " or ".join(s.top) if s.distinct <= 2 else ", ".join(s.top)
        return "ignored", (
            f"the survey tool's record of whether each response was finished, {shown}: "
            "not a respondent group"
        )
    if s.tick_options:
        return "ignored", _tick_reason(s.tick_options, "a cell", listed=True)
    # When each response was started or sent: two "words" a value, all different, had made
    # a council tax consultation's "Started" and "Ended" its first two questions.
    if s.date_share >= 0.9 and s.distinct > MAX_CHOICES:
        return "ignored", f"dates or times, {s.distinct} different values: not answers or groups"
    # Numbers under an id are the survey tool's own codes ("Collector ID": which link a
    # respondent used), not groups of respondents to break themes down by.
    if s.numeric_share >= 0.9 and "id" in _tokens(column):
        return "ignored", f"an identifier ({s.distinct} distinct numbers), not a respondent group"
    # A handful of answers of a word or two, all different, in a column named for answers:
    # too few to tell free text by how many values differ, but a choice would repeat.
    if (
        _names_answers(column)
        and MIN_UNIQUE_ANSWERS <= s.distinct == s.nonempty
        and s.stance_share < 0.5
    ):
        return "open", f"short answers: all {s.distinct} different, in a column named for answers"
    # A list of options, however long each is: a few values, each chosen by several and none
    # worded by one respondent alone. A survey tool's "What is the main cause? (select one)"
    # ("Larger customers deliberately delaying payment", 122 times) had been read as free
    # text, its options as "campaigns".
    if (
        s.distinct <= MAX_CHOICES
        and s.unique_sentences == 0
        and s.rarest >= _OPTION_MIN_CHOSEN
        and s.nonempty >= _OPTION_SHARE * s.distinct
    ):
        return "categorical", ""
    # A choice's options repeat and are short. Sentences each said once are answers,
    # however many "No"s and blanks sit beside them ("Anything else?"); so are sentences
    # under a question, repeated or not (a campaign's line). Read as a choice, they would
    # be published as the names of respondent groups.
    sentences = s.distinct >= MIN_UNIQUE_ANSWERS and (
        2 * s.unique_sentences >= s.distinct
        or (_reads_as_question(column) and 2 * s.sentences >= s.distinct)
    )
    if _is_categorical(s) and not sentences:
        return "categorical", ""
    if sentences and s.mean_chars <= 60 and s.mean_words < 8:
        return "open", (
            f"free text: {s.sentences} of its {s.distinct} different values are sentences"
        )
    if s.mean_chars > 60 or s.mean_words >= 8:
        return "open", _text_reason(s)
    if _many_valued_attribute(column, s):
        return "categorical", ""
    if set(_tokens(column)) & (_ADMIN_WORDS | _METADATA_WORDS) and not _reads_as_question(column):
        return "ignored", (
            f"its name reads as a respondent detail and it has {s.distinct} different values: "
            "too many to group by"
        )
    # Many different values that are mostly short still hold sentences ("No" ... "Yes,
    # because ..."): a question such as "Any other comments?" looks like this.
    if _is_text(s) or (s.distinct > MAX_CHOICES and (s.mean_words >= 2 or s.long_share >= 0.1)):
        return "open", _text_reason(s)
    # Answers of a word or two ("NHS", "cost of living") are free text too when the column
    # says it holds answers: too many different values to be a choice.
    if s.distinct > MAX_CHOICES and _names_answers(column):
        return "open", (
            f"short answers: {s.distinct} different values in a column named for answers"
        )
    # ... and under a question, when they are words, not dates or codes: "Which ONE service
    # matters most to you?" ("bins", "adult social care", "Libraries") had been ignored.
    if s.distinct > MAX_CHOICES and _reads_as_question(column) and s.wordy_share >= 0.8:
        return "open", f"short answers: {s.distinct} different values under a question"
    return "ignored", _ignore_reason(s)


def _closed_or_metadata(
    column: str, s: _Stats, columns: list[str], open_cols: list[str]
) -> tuple[str, str]:
    """Closed question or respondent attribute: names first, then values, then position."""
    values = f"{s.distinct} distinct values ({s.top_text()})"
    tokens = _tokens(column)
    if _number(column):
        return "closed", f"{values}; named like a numbered question"
    hints = [t for t in tokens if t in _METADATA_WORDS]
    # A question answered agree or disagree is a question, whatever its name holds: "Do you
    # agree or disagree with the proposed council tax increase?" ('council') had read as a
    # respondent detail, and its explanation had no stance.
    if hints and _reads_as_question(column) and s.stance_share >= 0.6:
        return "closed", f"{values} read as answers to a question"
    # A question answered on a scale in words is a question, whatever its name holds: "How
    # satisfied are you with your local area?" ('area') had read as a respondent detail.
    if hints and _reads_as_question(column) and s.numeric_share < 0.5 and is_rating(s.top):
        return "closed", f"{values}; a question answered on a scale"
    if hints:
        return "metadata", f"{values}; the name ('{hints[-1]}') reads as a respondent attribute"
    if s.stance_share >= 0.6:
        return "closed", f"{values} read as answers to a question"
    if _reads_as_question(column):
        return "closed", f"{values}; the name reads as a question"
    index = columns.index(column)
    # Numbers (a rating, an age, a count) before a text column are no closed question by
    # position alone: read as stances, a rating's 1 would be "yes".
    if index + 1 < len(columns) and columns[index + 1] in open_cols and s.numeric_share < 0.5:
        return "closed", f"{values} just before the text column '{columns[index + 1]}'"
    return "metadata", f"{values}: read as a respondent attribute"


def _link(columns: list[str], open_cols: list[str], closed_cols: list[str]) -> dict[str, str]:
    """Link each text column to its closed part: same question number or name prefix, else
    the closed column just before it (unless both are numbered and the numbers differ)."""
    links: dict[str, str] = {}
    for open_col in open_cols:
        number = _number(open_col)
        if number:
            candidates = [c for c in closed_cols if _number(c) == number]
        else:
            candidates = [c for c in closed_cols if _shared_prefix(c, open_col) >= 2]
        if candidates:
            target = columns.index(open_col)
            # Nearest column before the text column, else the nearest after it.
            links[open_col] = min(
                candidates,
                key=lambda c: (columns.index(c) > target, abs(target - columns.index(c))),
            )
            continue
        index = columns.index(open_col)
        previous = columns[index - 1] if index else None
        if previous in closed_cols and (_number(previous) is None or number is None):
            links[open_col] = previous
    _link_reasons(columns, open_cols, closed_cols, links)
    return links


#: A text column asking for the reason of an answer given before it.
_ASKS_WHY = re.compile(r"\b(?:why|explain|reasons?)\b", re.IGNORECASE)


def _link_reasons(
    columns: list[str], open_cols: list[str], closed_cols: list[str], links: dict[str, str]
) -> None:
    """Link a text column asking why ("Why do you say that?") to the nearest closed column
    before it, where nothing linked it: a residents' survey asked how satisfied people
    were, then for "ONE thing" to improve, then "Why do you say that?", and the rating had
    gone to the suggestions, which no rating explains, leaving the reasons without one. A
    closed column linked to a text column that does not ask why moves to the one that does.
    """
    for open_col in open_cols:
        if open_col in links or not _ASKS_WHY.search(open_col):
            continue
        before = [c for c in columns[: columns.index(open_col)] if c in closed_cols]
        if not before:
            continue
        nearest, number = before[-1], _number(open_col)
        # Numbered apart, they are one question only where the text column follows the
        # closed one and asks nothing else: survey tools number "Q4. Please explain your
        # answer" after "Q3. …agree or disagree?" (a council tax consultation's had no stance).
        numbered_apart = number and _number(nearest) and _number(nearest) != number
        follows = columns.index(open_col) - columns.index(nearest) == 1
        if numbered_apart and not (follows and is_bare_follow_up(open_col)):
            continue
        for other, closed in list(links.items()):
            if closed == nearest and not _ASKS_WHY.search(other):
                del links[other]
        if nearest not in links.values():
            links[open_col] = nearest


#: Words every question may open with: shared, they make no name prefix ("Do you agree
#: ...?" had been linked, as a stance, to "Do you have any other comments?").
_OPENING_WORDS = _QUESTION_WORDS | {"you", "your", "we", "i", "the", "a", "an", "any"}


def _shared_prefix(a: str, b: str) -> int:
    """How many words two column names open with alike, not counting `_OPENING_WORDS`."""
    shared = 0
    for x, y in zip(_tokens(a), _tokens(b), strict=False):
        if x != y:
            break
        shared += x not in _OPENING_WORDS
    return shared
