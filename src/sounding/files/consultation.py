"""Turn a table and its column plan into a `Consultation`.

Every row is accounted for: it becomes responses, or a `Rejection` saying why not. Rows
without an id are rejected rather than guessed at, but duplicate ids stop the run, because
they usually mean the wrong id column or a file exported twice, and every count downstream
would be wrong.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from sounding.consult.model import Consultation, Question, Rejection, Response
from sounding.errors import InputError
from sounding.files.columns import ColumnPlan, ticked
from sounding.files.read import Table

MISSING_ID = "missing respondent id"
MISSING_QUESTION = "missing question"
_SLUG_MAX = 40


def build_consultation(
    table: Table, plan: ColumnPlan, question_texts: dict[str, str] | None = None
) -> Consultation:
    """Build questions and responses; `question_texts` maps question ids to readable text."""
    texts = question_texts or {}
    if plan.shape == "long":
        return _build_long(table, plan, texts)
    return _build_wide(table, plan, texts)


def respondent_ids(table: Table, plan: ColumnPlan) -> list[str]:
    """One id per row: the id column's value ("" when blank), or `row-<n>` without one."""
    if plan.id_column is None:
        return [f"row-{table.row_number(i)}" for i in range(len(table.rows))]
    return [row[plan.id_column].strip() for row in table.rows]


def _build_wide(table: Table, plan: ColumnPlan, texts: dict[str, str]) -> Consultation:
    ids = respondent_ids(table, plan)
    _check_duplicates(table, [(rid,) for rid in ids], plan, "respondent id")
    questions = [
        Question(id=c, text=texts.get(c, c), stance_column=plan.stance_links.get(c))
        for c in plan.open_columns
    ]
    carried = _carried(plan.metadata_columns + plan.closed_columns)
    responses: list[Response] = []
    rejections: list[Rejection] = []
    for index, (row, rid) in enumerate(zip(table.rows, ids, strict=True)):
        # One metadata mapping per respondent, shared by their answers (read-only).
        metadata = {c: row[c].strip() for c in carried}
        for column in plan.open_columns:
            if not rid:
                rejections.append(_no_id(table, index, column, row[column]))
                continue
            linked = plan.stance_links.get(column)
            responses.append(
                Response(
                    id=rid,
                    question_id=column,
                    text=row[column],
                    closed_answer=(row[linked].strip() or None) if linked else None,
                    metadata=metadata,
                )
            )
    consultation = Consultation(
        questions, responses, carried, rejections, table.source, list(table.notes)
    )
    consultation.tick_counts = _tick_counts(table, plan, ids)
    return consultation


def _tick_counts(table: Table, plan: ColumnPlan, ids: list[str]) -> dict[str, dict[str, int]]:
    """Per tick column, the respondents (rows with an id) who ticked each option, in the
    column's order of options, and "" for those who ticked none."""
    counts = {}
    for column, options in plan.tick_columns.items():
        tally: Counter[str] = Counter()
        for row, rid in zip(table.rows, ids, strict=True):
            if rid:
                tally.update(ticked(row[column], options) or [""])
        counts[column] = _in_order(tally, options)
    return counts


def _in_order(tally: Counter[str], options: list[str]) -> dict[str, int]:
    """A tick column's or question's counts, in its order of options, "" (none) last."""
    return {option: tally[option] for option in [*options, ""] if tally[option]}


def _build_long(table: Table, plan: ColumnPlan, texts: dict[str, str]) -> Consultation:
    q_col, r_col = plan.question_column, plan.response_column
    if not (q_col and r_col):
        raise InputError("The column plan for a long table lacks a question or response column.")
    question_ids = question_slugs([row[q_col] for row in table.rows])
    ids = respondent_ids(table, plan)
    keys = [
        (rid, question_ids.get(row[q_col].strip(), ""))
        for rid, row in zip(ids, table.rows, strict=True)
    ]
    _check_duplicates(table, keys, plan, "respondent id and question")
    closed = set(plan.closed_questions)
    # Each closed question's answer is the closed answer of the next open question, as a
    # wide table's closed column is of the text column after it (unless a stance column
    # gives every answer its own).
    linked: dict[str, str] = {}
    waiting: list[str] = []
    for text in question_ids:
        if text in closed:
            waiting.append(text)
        elif waiting:
            linked[text] = waiting.pop()
            waiting.clear()
    ticks = plan.tick_questions
    questions = [
        Question(
            id=qid,
            text=texts.get(qid, texts.get(text, text)),
            stance_column=plan.stance_column or linked.get(text),
        )
        for text, qid in question_ids.items()
        if text not in closed and text not in ticks
    ]
    # A tick question's answers are counted per option, not read as text.
    tallies: dict[str, Counter[str]] = {text: Counter() for text in ticks}
    # A respondent's closed answers travel with each of their responses, as attributes.
    chosen: dict[str, dict[str, str]] = {}
    for rid, row in zip(ids, table.rows, strict=True):
        if rid and (text := row[q_col].strip()) in closed:
            chosen.setdefault(rid, {})[text] = row[r_col].strip()
    carried = _carried(
        plan.metadata_columns
        + ([plan.stance_column] if plan.stance_column else [])
        + plan.closed_questions
    )
    responses: list[Response] = []
    rejections: list[Rejection] = []
    for index, (row, (rid, qid)) in enumerate(zip(table.rows, keys, strict=True)):
        if row[q_col].strip() in closed and rid:
            continue  # a closed answer: carried with the respondent's responses
        if (text := row[q_col].strip()) in ticks and rid:
            tallies[text].update(ticked(row[r_col], ticks[text]) or [""])
            continue
        if not qid:
            # No question to file it under: "" makes it count against every question.
            name = f"row-{table.row_number(index)}"
            rejections.append(Rejection(name, "", MISSING_QUESTION, row[r_col]))
        elif not rid:
            rejections.append(_no_id(table, index, qid, row[r_col]))
        else:
            theirs = chosen.get(rid, {})
            if plan.stance_column:
                stance = row[plan.stance_column].strip() or None
            elif (link := linked.get(row[q_col].strip())) is not None:
                stance = theirs.get(link) or None
            else:
                stance = None
            responses.append(
                Response(
                    id=rid,
                    question_id=qid,
                    text=row[r_col],
                    closed_answer=stance,
                    metadata={
                        c: theirs.get(c, "") if c in closed else row[c].strip() for c in carried
                    },
                )
            )
    consultation = Consultation(
        questions, responses, carried, rejections, table.source, list(table.notes)
    )
    consultation.tick_counts = {
        text: _in_order(tally, ticks[text]) for text, tally in tallies.items()
    }
    return consultation


def question_slugs(values: list[str]) -> dict[str, str]:
    """Map each distinct question (first-appearance order) to a short, unique, readable id.

    Codes such as "Q1" stay recognisable ("q1"); long question text is cut at a word
    boundary; text with no letters or digits falls back to "q<n>" by position. Questions
    whose cut texts are the same are told apart by the words where they differ: a module
    survey's "PSY1012 Research Methods: What was the best thing…" and "…: What one change…"
    had been "psy1012-research-methods-and-statistics" and the same with "-2".
    """
    texts = list(dict.fromkeys(v.strip() for v in values if v.strip()))
    bases = {text: _slug(text) for text in texts}
    sharing: dict[str, list[str]] = {}
    for text in texts:
        sharing.setdefault(bases[text], []).append(text)
    slugs: dict[str, str] = {}
    used: set[str] = set()
    for position, text in enumerate(texts, start=1):
        group = sharing[bases[text]]
        base = (_told_apart(text, group) if len(group) > 1 else bases[text]) or f"q{position}"
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        slugs[text] = slug
        used.add(slug)
    return slugs


#: Words kept from the opening that questions share, and from where they differ, when texts
#: that cut to one id are told apart.
_SHARED_WORDS, _OWN_WORDS = 3, 4


def _told_apart(text: str, group: list[str]) -> str:
    """`text`'s id among `group`, texts whose cut ids are the same: its first words, then
    its words from the first that differs from any other text of the group."""
    words = _words(text)
    differs = max(_shared_opening(words, _words(other)) for other in group if other != text)
    return "-".join(words[: min(differs, _SHARED_WORDS)] + words[differs : differs + _OWN_WORDS])


def _shared_opening(a: list[str], b: list[str]) -> int:
    """How many words `a` and `b` open with alike."""
    return next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )


def _words(text: str) -> list[str]:
    return [w for w in re.sub(r"[\W_]+", "-", text.lower()).split("-") if w]


def _slug(text: str) -> str:
    slug = re.sub(r"[\W_]+", "-", text.lower()).strip("-")
    if len(slug) > _SLUG_MAX:
        cut = slug[: _SLUG_MAX + 1]
        slug = cut[: cut.rindex("-")] if "-" in cut else slug[:_SLUG_MAX]
    return slug.strip("-")


def _carried(columns: list[str]) -> list[str]:
    return list(dict.fromkeys(columns))


def _no_id(table: Table, index: int, question_id: str, text: str) -> Rejection:
    return Rejection(f"row-{table.row_number(index)}", question_id, MISSING_ID, text)


def _check_duplicates(
    table: Table, keys: Sequence[tuple[str, ...]], plan: ColumnPlan, what: str
) -> None:
    rows: dict[tuple[str, ...], list[int]] = {}
    for index, key in enumerate(keys):
        if all(key):
            rows.setdefault(key, []).append(table.row_number(index))
    dupes = [(key, numbers) for key, numbers in rows.items() if len(numbers) > 1]
    if not dupes:
        return
    shown = "; ".join(
        f"{' / '.join(repr(k) for k in key)} (rows {', '.join(map(str, numbers))})"
        for key, numbers in dupes[:5]
    )
    more = f" and {len(dupes) - 5} more" if len(dupes) > 5 else ""
    column = f"'{plan.id_column}'" if plan.id_column else "the id column"
    raise InputError(
        f"Duplicate {what} in {column}: {shown}{more}.",
        "Each respondent may answer each question once. Remove repeated rows, or choose "
        "another id column (--id-column). Where one respondent answers a question for "
        "several things (a student for two modules), add a column joining the id and the "
        'thing ("S123 BUS1852") and choose that.',
    )
