"""Column-role detection, overrides and the inspect description."""

from __future__ import annotations

from pathlib import Path

import pytest

from sounding.consult.group_order import group_order
from sounding.errors import InputError
from sounding.files.columns import ColumnOverrides, ColumnPlan, describe_plan, detect_columns
from sounding.files.read import Table

EXPLAIN = [
    "I think the proposal will help local bus services a great deal",
    "The costs are far too high for small businesses like ours",
    "It is a sensible change that is long overdue in my view",
    "I am not sure what the effect on rural areas would be",
    "This will damage the high street and push people online",
    "Good idea but the timetable needs to be more realistic",
]
Q2 = [
    "We need more frequent buses in the evenings and at weekends",
    "Please consider a phased introduction over five years",
    "Nothing else to add apart from thanks for asking us",
    "More detail on the rural impact assessment would help",
    "Consult local traders before deciding anything at all",
    "Publish the responses so we can see what others said",
]


def table(columns: dict[str, list[str]]) -> Table:
    names = list(columns)
    n = len(columns[names[0]])
    rows = [{c: columns[c][i] for c in names} for i in range(n)]
    return Table(names, rows, "test.csv", "utf-8", list(range(2, n + 2)))


def wide() -> Table:
    return table(
        {
            "id": ["R1", "R2", "R3", "R4", "R5", "R6"],
            "respondent_type": ["Individual", "Organisation", "Individual"] * 2,
            "region": ["North", "South", "North", "East", "South", "Wales"],
            "q1_agree": ["Yes", "No", "Yes", "Don't know", "No", "Yes"],
            "q1_explain": EXPLAIN,
            "q2": Q2,
        }
    )


def long() -> Table:
    q1, q2 = "Do you agree with the proposal?", "Any other comments?"
    return table(
        {
            "id": ["1", "1", "2", "2", "3", "3"],
            "question": [q1, q2] * 3,
            "response": [EXPLAIN[0], Q2[0], EXPLAIN[1], Q2[1], EXPLAIN[2], Q2[2]],
            "stance": ["Agree", "", "Disagree", "", "Agree", ""],
            "respondent_type": ["Individual", "Individual", "Business", "Business", "", ""],
        }
    )


def test_wide_detection() -> None:
    plan = detect_columns(wide())
    assert plan.shape == "wide"
    assert plan.id_column == "id"
    assert plan.open_columns == ["q1_explain", "q2"]
    assert plan.closed_columns == ["q1_agree"]
    assert plan.metadata_columns == ["respondent_type", "region"]
    assert plan.stance_links == {"q1_explain": "q1_agree"}
    assert plan.ignored_columns == []
    assert set(plan.reasons) == set(wide().columns)
    assert "'region'" in plan.reasons["region"]
    assert "stance for 'q1_explain'" in plan.reasons["q1_agree"]
    assert "free text" in plan.reasons["q2"]


def test_long_detection() -> None:
    plan = detect_columns(long())
    assert plan.shape == "long"
    assert (plan.id_column, plan.question_column, plan.response_column) == (
        "id",
        "question",
        "response",
    )
    assert plan.stance_column == "stance"
    assert plan.metadata_columns == ["respondent_type"]
    assert "'question'" in plan.shape_reason


def test_long_stance_found_by_values() -> None:
    data = long()
    for row in data.rows:
        row["their_say"] = row.pop("stance")
    data.columns = ["id", "question", "response", "respondent_type", "their_say"]
    plan = detect_columns(data)
    assert plan.stance_column == "their_say"
    assert plan.metadata_columns == ["respondent_type"]


def test_id_falls_back_to_unique_first_column() -> None:
    data = wide()
    for row in data.rows:
        row["ref_code"] = row.pop("id")
    data.columns = ["ref_code", *data.columns[1:]]
    plan = detect_columns(data)
    assert plan.id_column == "ref_code"
    assert "first column" in plan.reasons["ref_code"]


def test_a_forms_timestamp_first_is_no_respondent_id() -> None:
    """A Google Forms export starts with "Timestamp", different on every row: taken for the
    id, a parish survey's submission times were printed under every quote."""
    times = ["21/03/2024 23:00:44", "22/03/2024 08:12:01", "22/03/2024 09:30:17"]
    data = table(
        {"Timestamp": times, "region": ["North", "North", "South"], "comment": EXPLAIN[:3]}
    )
    plan = detect_columns(data)
    assert plan.id_column is None and "row-2" in plan.id_reason
    # Nor is a first column the user named as another role.
    data = wide()
    for row in data.rows:
        row["ref_code"] = row.pop("id")
    data.columns = ["ref_code", *data.columns[1:]]
    plan = detect_columns(data, ColumnOverrides(metadata_columns=["ref_code"]))
    assert plan.id_column is None and plan.metadata_columns == ["ref_code"]


def test_no_id_column_numbers_rows() -> None:
    data = table({"region": ["North", "North", "South"], "comment": EXPLAIN[:3]})
    plan = detect_columns(data)
    assert plan.id_column is None
    assert "row-2" in plan.id_reason
    assert describe_plan(plan)[1][:2] == ("(ids)", "generated")


def test_adjacent_closed_column_links_without_shared_name() -> None:
    data = table(
        {
            "id": ["1", "2", "3", "4"],
            "Do you support the plan?": ["Support", "Oppose", "Support", "Neutral"],
            "Why": EXPLAIN[:4],
            "Anything else": Q2[:4],
        }
    )
    plan = detect_columns(data)
    assert plan.closed_columns == ["Do you support the plan?"]
    assert plan.stance_links == {"Why": "Do you support the plan?"}


def test_a_rating_just_before_a_text_column_is_no_stance() -> None:
    """Numbers before a text column (a 1-5 rating) are an attribute, not a closed question
    whose answers would be read as agree or disagree."""
    data = table(
        {
            "id": ["1", "2", "3", "4", "5", "6"],
            "Rating": ["1", "2", "5", "4", "3", "1"],
            "Views": EXPLAIN,
        }
    )
    plan = detect_columns(data)
    assert plan.metadata_columns == ["Rating"] and plan.stance_links == {}


def test_a_rating_in_words_before_a_text_column_is_no_stance() -> None:
    """ "Good" and "Poor" are no agree or disagree, but the text beside them says why a
    rating was given: the link stays, for the analysis to read no stance from it and give
    the themes a tone. A department is no stance either."""
    data = table(
        {
            "id": ["1", "2", "3", "4", "5", "6"],
            "Overall rating": ["Good", "Poor", "Very poor", "Good", "Fair", "Poor"],
            "What could we do better?": EXPLAIN,
            "Department": ["HR", "IT", "HR", "Estates", "IT", "HR"],
            "What stops you doing your job?": Q2[:6],
        }
    )
    plan = detect_columns(data)
    assert plan.closed_columns == ["Overall rating"]
    assert plan.stance_links == {"What could we do better?": "Overall rating"}
    # Suggestions asked for get no tone either, and inspect says only what the analysis does
    # (a mental health trust's inspect had promised a tone its themes never had).
    assert plan.reasons["Overall rating"].endswith(
        "; a rating, so 'What could we do better?' gets no stance from it"
    )
    assert plan.metadata_columns == ["Department"]
    why = table(
        {
            "id": ["1", "2", "3", "4", "5", "6"],
            "Overall rating": ["Good", "Poor", "Very poor", "Good", "Fair", "Poor"],
            "Please tell us why you gave that rating": EXPLAIN,
        }
    )
    reason = detect_columns(why).reasons["Overall rating"]
    assert reason.endswith("gets no stance from it but an estimated tone")
    # A choice of options, not a rating, is not linked at all.
    for row, choice in zip(data.rows, ["Bus", "Car", "Walk", "Bus", "Car", "Bike"], strict=True):
        row["Overall rating"] = choice
    plan = detect_columns(data)
    assert plan.stance_links == {}
    assert "gives 'What could we do better?' no stance" in plan.reasons["Overall rating"]


def test_numbered_columns_do_not_link_across_questions() -> None:
    data = table(
        {
            "id": ["1", "2", "3", "4"],
            "q1_agree": ["Yes", "No", "Yes", "No"],
            "q2_comments": EXPLAIN[:4],
        }
    )
    plan = detect_columns(data)
    assert plan.closed_columns == ["q1_agree"]
    assert plan.stance_links == {}


def test_a_numbered_follow_up_links_to_the_closed_question_it_follows() -> None:
    """Survey tools number every question: a council tax consultation's "Q4. Please explain
    your answer" followed "Q3. …agree or disagree…", and had been given no stance."""
    agree = "Q3. To what extent do you agree or disagree with Proposal 1?"
    data = table(
        {
            "id": ["1", "2", "3", "4"],
            agree: ["Strongly agree", "Disagree", "Agree", "Strongly disagree"],
            "Q4. Please explain your answer": EXPLAIN[:4],
            "Q5. Do you have any other views on the proposals?": Q2[:4],
        }
    )
    assert detect_columns(data).stance_links == {"Q4. Please explain your answer": agree}


def test_dates_and_times_are_no_question() -> None:
    """A survey tool's "Started" and "Ended" (02/11/2024 17:58) had been read as open
    questions, the first two of a council tax consultation's report."""
    stamps = [f"{d:02d}/11/2024 17:{10 + 2 * d:02d}" for d in range(1, 25)]
    data = table(
        {
            "id": [str(i) for i in range(24)],
            "Started": stamps,
            "Submitted at": [f"2024-11-{d:02d}T09:{d:02d}:00Z" for d in range(1, 25)],
            "Any comments?": (EXPLAIN * 6)[:24],
        }
    )
    plan = detect_columns(data)
    assert plan.open_columns == ["Any comments?"]
    assert plan.reasons["Started"].startswith("dates or times")
    assert plan.reasons["Submitted at"].startswith("dates or times")
    # ... nor is whether the response was finished a respondent group (a council tax
    # consultation's report had broken every theme down by "Status").
    status = table(
        {
            "id": [str(i) for i in range(24)],
            "Status": ["Completed", "Completed", "Partial"] * 8,
            "Any comments?": (EXPLAIN * 6)[:24],
        }
    )
    plan = detect_columns(status)
    assert plan.metadata_columns == [] and plan.closed_columns == []
    assert "whether each response was finished" in plan.reasons["Status"]


def test_a_tick_all_that_apply_column_is_no_free_text() -> None:
    """A library review's "Which services do you use? (tick all that apply)" had been read
    as free text: its combinations themed, two of them reported as campaigns."""
    options = ["Borrowing books", "Computers and Wi-Fi", "Printing", "Study space"]
    ticks = [
        "; ".join(options[j] for j in range(4) if (i * 7 + j * 3) % 5 < 2) or options[i % 4]
        for i in range(40)
    ]
    data = table(
        {
            "id": [str(i) for i in range(40)],
            "Which services do you use? (tick all that apply)": ticks,
            "Any comments?": [
                f"{EXPLAIN[i % len(EXPLAIN)]}, as I said on day {i}" for i in range(40)
            ],
        }
    )
    plan = detect_columns(data)
    reason = plan.reasons["Which services do you use? (tick all that apply)"]
    assert plan.open_columns == ["Any comments?"]
    assert reason.startswith("ticks from a list of 4 options")
    assert reason.endswith("counted per option in the report")
    column = "Which services do you use? (tick all that apply)"
    assert sorted(plan.tick_columns[column]) == sorted(options)
    # The consultation counts each respondent under every option they ticked.
    from sounding.files.consultation import build_consultation

    counts = build_consultation(data, plan).tick_counts[column]
    for option in options:
        assert counts[option] == sum(option in cell.split("; ") for cell in ticks)
    assert list(counts) == plan.tick_columns[column]  # most ticked first, none left out
    # Options of one answer, joined by a comma, are no list of ticks.
    scale = ["Yes, a lot", "Yes, a little", "No, not really", "No, not at all"] * 10
    data = table(
        {
            "id": [str(i) for i in range(40)],
            "Has it helped?": scale,
            "Any comments?": [
                f"{EXPLAIN[i % len(EXPLAIN)]}, as I said on day {i}" for i in range(40)
            ],
        }
    )
    assert detect_columns(data).closed_columns == ["Has it helped?"]


def test_an_attribute_by_name_may_have_more_values_than_a_question() -> None:
    """An NHS staff survey's 13 pay bands had been left out as "names, codes or dates"."""
    bands = [f"Band {b}" for b in ("2", "3", "4", "5", "6", "7", "8a", "8b", "8c", "8d", "9")]
    bands += ["Medical - Consultant", "Medical - Trainee"]

    def survey(n: int) -> Table:
        return table(
            {
                "id": [str(i) for i in range(n)],
                "band": [bands[i % 13] for i in range(n)],
                "Any comments?": [
                    f"{EXPLAIN[i % len(EXPLAIN)]}, said on day {i}" for i in range(n)
                ],
            }
        )

    assert detect_columns(survey(13 * 12)).metadata_columns == ["band"]
    # ... but not with so few respondents that most groups would be withheld.
    assert detect_columns(survey(60)).metadata_columns == []


def test_prefix_link_when_not_adjacent() -> None:
    data = table(
        {
            "id": ["1", "2", "3", "4"],
            "q1_agree": ["Yes", "No", "Yes", "No"],
            "q2_agree": ["No", "No", "Yes", "No"],
            "q1_explain": EXPLAIN[:4],
            "q2_explain": Q2[:4],
        }
    )
    assert detect_columns(data).stance_links == {"q1_explain": "q1_agree", "q2_explain": "q2_agree"}


def test_questions_opening_alike_are_not_linked_by_their_name() -> None:
    """ "Do you agree …?" had been linked, as a stance, to "Do you have any other
    comments?" for the two words they open with."""
    agree = "Do you agree that a national scheme should be introduced?"
    data = table(
        {
            "id": ["1", "2", "3", "4"],
            agree: ["Yes", "No", "Yes", "No"],
            "Please explain your answer.": EXPLAIN[:4],
            "What impact would it have on you?": Q2[:4],
            "Do you have any other comments?": EXPLAIN[2:6],
        }
    )
    assert detect_columns(data).stance_links == {"Please explain your answer.": agree}


def test_ignored_columns_have_reasons() -> None:
    n = 15
    data = table(
        {
            "id": [str(i) for i in range(n)],
            "email": [f"person{i}@example.org" for i in range(n)],
            "score": [str(i * 7) for i in range(n)],
            "blank": [""] * n,
            "comment": [f"{EXPLAIN[i % 6]} ({i})" for i in range(n)],
        }
    )
    plan = detect_columns(data)
    assert plan.open_columns == ["comment"]
    assert plan.ignored_columns == ["email", "score", "blank"]
    assert plan.reasons["blank"] == "always empty"
    assert "numbers" in plan.reasons["score"]


def test_no_text_column() -> None:
    data = table({"id": ["1", "2", "3"], "agree": ["Yes", "No", "Yes"]})
    with pytest.raises(InputError) as info:
        detect_columns(data)
    assert "No text column" in info.value.message
    assert "--text-column" in info.value.hint
    assert "agree" in info.value.hint


# --- overrides ------------------------------------------------------------------------


def test_overrides_win() -> None:
    overrides = ColumnOverrides(
        open_columns=["q2"],
        metadata_columns=["region", "q1_agree"],
        id_column="id",
    )
    plan = detect_columns(wide(), overrides)
    assert plan.open_columns == ["q2"]
    assert plan.metadata_columns == ["region", "q1_agree"]
    assert plan.closed_columns == []
    assert plan.stance_links == {}
    assert plan.ignored_columns == ["respondent_type", "q1_explain"]
    assert plan.reasons["q1_explain"] == "not listed in open_columns"
    assert plan.reasons["id"] == "set in overrides"


def test_stance_link_override_promotes_and_removes() -> None:
    plan = detect_columns(wide(), ColumnOverrides(stance_links={"q2": "region", "q1_explain": ""}))
    assert plan.stance_links == {"q2": "region"}
    assert "region" in plan.closed_columns and "region" not in plan.metadata_columns


def test_stance_link_to_unlisted_open_column() -> None:
    overrides = ColumnOverrides(open_columns=["q2"], stance_links={"q1_explain": "q1_agree"})
    with pytest.raises(InputError) as info:
        detect_columns(wide(), overrides)
    # Named as the settings file and the command line name it, in English.
    assert str(info.value).startswith(
        "The stance link (--stance-link) uses 'q1_explain' as an open column, but "
        "open_columns (--text-column) leaves it out."
    )


def test_bad_override_column_lists_columns() -> None:
    with pytest.raises(InputError) as info:
        detect_columns(wide(), ColumnOverrides(open_columns=["q1_explian"]))
    assert "'q1_explian'" in info.value.message and "open_columns" in info.value.message
    assert "Did you mean 'q1_explain'" in info.value.message
    assert "respondent_type" in info.value.hint
    # A shortened name is too short for a close match, but one column holds it as a word.
    export = table({"Response ID": ["1", "2"], "Ward/Department": ["A", "B"], "Why": EXPLAIN[:2]})
    with pytest.raises(InputError) as info:
        detect_columns(export, ColumnOverrides(metadata_columns=["ward"]))
    assert "Did you mean 'Ward/Department'" in info.value.message
    with pytest.raises(InputError) as info:  # two columns hold "q1": no guess, but both
        detect_columns(wide(), ColumnOverrides(metadata_columns=["q1"]))
    assert "Did you mean" not in info.value.message
    assert "2 columns' names hold it: 'q1_agree', 'q1_explain'; give one." in info.value.message
    # ... a consultation's repeated "Please explain your answer", named apart with an en dash
    # by the question before each, typed with a hyphen.
    export = table(
        {
            "id": ["1", "2"],
            "Q1. Agree? – Please explain your answer": EXPLAIN[:2],
            "Q2. Agree? – Please explain your answer": EXPLAIN[2:4],
        }
    )
    with pytest.raises(InputError) as info:
        detect_columns(
            export, ColumnOverrides(open_columns=["Agree? - Please explain your answer"])
        )
    assert "2 columns' names hold it: 'Q1. Agree? – Please explain" in info.value.message


def test_a_column_name_with_a_hidden_character_says_so() -> None:
    """A name pasted with a carriage return read "Column 'region' is not in the file. Did you
    mean 'region'?", the two looking the same."""
    with pytest.raises(InputError) as info:
        detect_columns(wide(), ColumnOverrides(metadata_columns=["region\r"]))
    assert "Column 'region\\r'" in info.value.message
    assert "hidden characters" in info.value.message


def test_column_with_two_roles() -> None:
    overrides = ColumnOverrides(open_columns=["q2"], metadata_columns=["q2"])
    with pytest.raises(InputError, match="'q2' is given two roles"):
        detect_columns(wide(), overrides)


def test_long_overrides() -> None:
    data = long()
    plan = detect_columns(data, ColumnOverrides(stance_column="respondent_type"))
    assert plan.shape == "long"
    assert plan.stance_column == "respondent_type"
    assert "stance" in plan.metadata_columns
    with pytest.raises(InputError, match="wide"):
        detect_columns(data, ColumnOverrides(shape="wide", question_column="question"))
    with pytest.raises(InputError, match="open_columns"):
        detect_columns(data, ColumnOverrides(open_columns=["response", "stance"]))
    with pytest.raises(InputError, match="stance_links"):
        detect_columns(data, ColumnOverrides(stance_links={"response": "stance"}))


def test_long_accepts_one_text_and_closed_column() -> None:
    """`--text-column`/`--closed-column` on a long table name its response/stance columns."""
    data = long()
    for row in data.rows:
        row["notes"] = row["response"].upper()
    data.columns.append("notes")
    plan = detect_columns(data, ColumnOverrides(open_columns=["notes"], closed_columns=["stance"]))
    assert (plan.response_column, plan.stance_column) == ("notes", "stance")
    assert plan.ignored_columns == ["response"]
    assert plan.reasons["response"] == "free text, but 'notes' holds the responses"


def test_forced_long_without_question_column() -> None:
    with pytest.raises(InputError, match="question column"):
        detect_columns(wide(), ColumnOverrides(shape="long"))


def test_forced_wide_shape() -> None:
    plan = detect_columns(long(), ColumnOverrides(shape="wide"))
    assert plan.shape == "wide"
    assert "response" in plan.open_columns


def test_overrides_from_toml(tmp_path: Path) -> None:
    path = tmp_path / "columns.toml"
    path.write_text(
        'id_column = "id"\nopen_columns = ["q1_explain", "q2"]\n[stance_links]\nq2 = "q1_agree"\n'
    )
    overrides = ColumnOverrides.from_toml(path)
    assert overrides.open_columns == ["q1_explain", "q2"]
    plan = detect_columns(wide(), overrides)
    assert plan.stance_links == {"q1_explain": "q1_agree", "q2": "q1_agree"}


def test_overrides_from_toml_columns_table(tmp_path: Path) -> None:
    path = tmp_path / "sounding.toml"
    path.write_text('[columns]\nmetadata_columns = "region"\nshape = "wide"\n')
    overrides = ColumnOverrides.from_toml(path)
    assert overrides.metadata_columns == ["region"]
    assert overrides.shape == "wide"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('open_column = ["q2"]\n', "Unknown key"),
        ("open_columns = [1]\n", "list of column names"),
        ('shape = "tall"\n', "wide"),
        ("stance_links = 3\n", "stance_links"),
        ("open_columns = [\n", "Cannot read"),
    ],
)
def test_bad_toml(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "columns.toml"
    path.write_text(text)
    with pytest.raises(InputError, match=message):
        ColumnOverrides.from_toml(path)


def test_missing_toml(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        ColumnOverrides.from_toml(tmp_path / "nope.toml")


# --- describe -------------------------------------------------------------------------


def test_describe_plan() -> None:
    plan = detect_columns(wide())
    rows = describe_plan(plan)
    assert rows[0][:2] == ("(table)", "wide shape")
    assert [r[0] for r in rows[1:]] == wide().columns
    roles = {column: role for column, role, _ in rows}
    assert roles["q1_agree"] == "closed"
    assert roles["q2"] == "open text"
    assert roles["id"] == "id"
    assert all(why for _, _, why in rows)


def test_plan_role_ignored() -> None:
    assert ColumnPlan(shape="wide", columns=["x"]).role("x") == "ignored"


def test_mostly_short_answers_with_some_sentences_are_open() -> None:
    answers = ["No", "None", "n/a", "No comment", "Nothing"] * 4 + EXPLAIN[:2] + Q2[:2]
    answers += [f"Nope{i}" for i in range(12)]  # mostly one word: only the sentences tell
    data = table({"id": [str(i) for i in range(len(answers))], "Any other comments": answers})
    assert detect_columns(data).open_columns == ["Any other comments"]


def test_a_few_sentences_beside_no_and_blanks_are_free_text_not_a_choice() -> None:
    """Under ten different answers to "Anything else?", most of them sentences: read as a
    choice, they would be published as the names of respondent groups."""
    said = [
        "Could the price be spread over monthly payments?",
        "Save our free green bins!",  # a campaign's line, repeated
        "Make the app easier to use please.",
        "Bring back weekly collections in summer.",
        "Please offer a smaller and cheaper bin.",
    ]
    answers = ["No", "n/a", "", "No", ""] * 4 + said + ["Save our free green bins!"] * 5
    data = table({"id": [str(i) for i in range(len(answers))], "Anything else?": answers})
    plan = detect_columns(data)
    assert plan.open_columns == ["Anything else?"]
    assert plan.reasons["Anything else?"] == "free text: 5 of its 7 different values are sentences"
    # A choice of short options under a question stays a choice.
    options = ["Very good", "Good", "Poor", "Very poor", "Neither good nor poor"] * 6
    why = [f"The bin was collected late on week {i} and nobody said why." for i in range(30)]
    data = table({"id": [str(i) for i in range(30)], "How was the service?": options, "Why?": why})
    assert detect_columns(data).closed_columns == ["How was the service?"]


@pytest.mark.parametrize(
    "answers, found",
    [
        (["In favour", "", "Against", "", "Favor", ""], True),
        (["In favor", "", "Mixed", "", "Favour", ""], True),
        (["Red", "", "Blue", "", "Green", ""], False),
    ],
)
def test_long_stance_found_by_favour_spellings(answers: list[str], found: bool) -> None:
    data = long()
    for row, answer in zip(data.rows, answers, strict=True):
        del row["stance"]
        row["their_say"] = answer
    data.columns = ["id", "question", "response", "respondent_type", "their_say"]
    assert (detect_columns(data).stance_column == "their_say") is found


def test_answers_of_a_word_or_two_are_open_in_a_column_named_for_answers() -> None:
    """'What is the most important issue?' is answered in a word or two ("NHS", "cost of
    living"); the column's name says they are answers, the many values that they are free."""
    words = ["NHS", "housing", "cost of living", "crime", "jobs", "schools", "climate"]
    answers = [f"{w} {i}" if i > 6 else w for i, w in enumerate(words * 3)]
    data = table({"id": [str(i) for i in range(len(answers))], "answer": answers})
    plan = detect_columns(data)
    assert plan.open_columns == ["answer"]
    assert "short answers" in plan.reasons["answer"]
    towns = table({"id": [str(i) for i in range(len(answers))], "town": answers})
    with pytest.raises(InputError):  # the same values under another name are not answers
        detect_columns(towns)


def test_a_handful_of_different_short_answers_is_open_in_a_column_named_for_answers() -> None:
    """Eight answers, every one different, are too few to tell free text by their number,
    but a closed question's answers would repeat; five agree/disagree answers stay closed."""
    answers = ["NHS", "housing", "cost of living", "crime", "jobs", "schools", "the climate", "tax"]
    plan = detect_columns(table({"id": [str(i) for i in range(8)], "answer": answers}))
    assert plan.open_columns == ["answer"]
    assert "all 8 different" in plan.reasons["answer"]
    likert = ["Agree", "Disagree", "Strongly agree", "Neutral", "Strongly disagree"]
    data = table(
        {
            "id": [str(i) for i in range(5)],
            "answer": likert,
            "comments": [
                f"My reason, number {i}, is set out at some length here." for i in range(5)
            ],
        }
    )
    assert "answer" not in detect_columns(data).open_columns


def test_a_question_naming_a_place_is_a_question_not_a_respondent_detail():
    """Short suggestions under "What one thing would make the town centre better?" had been
    ignored as a respondent detail (for "town"), so the file was refused as having no text
    column at all."""
    suggestions = [
        "more parking", "cheaper parking and more seats", "clean it up",
        "less empty shops, more cafes", "public toilets", "more police on foot",
        "better buses in the evening", "flowers", "a market on Sundays", "free wifi",
        "fix the pavements", "more bins", "somewhere for kids to go", "fewer charity shops",
    ]  # fmt: skip
    question = "What one thing would make the town centre better?"
    plan = detect_columns(
        table(
            {
                "id": [f"R{i}" for i in range(14)],
                "Age band": ["18-24", "65+"] * 7,
                question: suggestions,
            }
        )
    )
    assert plan.open_columns == [question]


def test_a_question_answered_on_a_scale_is_closed_whatever_its_name_holds():
    """A residents' survey's "How satisfied are you with your local area as a place to
    live?" had read as a respondent attribute (for "area"); "Which area do you live in?"
    is one."""
    satisfied = "How satisfied are you with your local area as a place to live?"
    scale = ["Very satisfied", "Fairly satisfied", "Fairly dissatisfied", "Very dissatisfied"]
    plan = detect_columns(
        table(
            {
                "id": [f"R{i}" for i in range(8)],
                "Which area do you live in?": ["Abbey", "Dene Park", "Northgate", "Abbey"] * 2,
                satisfied: scale * 2,
                "What one thing would most improve your local area?": EXPLAIN + EXPLAIN[:2],
            }
        )
    )
    assert plan.metadata_columns == ["Which area do you live in?"]
    assert plan.closed_columns == [satisfied]
    assert plan.reasons[satisfied].startswith("4 distinct values")


def test_a_question_of_how_safe_is_answered_on_a_scale():
    """A community safety survey's "How safe do you feel walking alone in your area after
    dark?" had read as a respondent attribute (for "area"), its scale shown by count."""
    safe = "How safe do you feel walking alone in your area after dark?"
    scale = ["Very safe", "Fairly safe", "Fairly unsafe", "Very unsafe"]
    plan = detect_columns(
        table(
            {
                "id": [f"R{i}" for i in range(8)],
                safe: scale * 2,
                "What one thing would most improve your local area?": EXPLAIN + EXPLAIN[:2],
            }
        )
    )
    assert plan.closed_columns == [safe]
    assert group_order(reversed(scale)) == scale


def test_answers_of_a_word_or_two_under_a_question_are_open_but_dates_are_not():
    """A budget survey's "Which ONE service matters most to you?" ("bins", "adult social
    care", "Libraries") had been ignored as names or codes, unanalysed."""
    services = ["bins", "adult social care", "Libraries", "roads", "potholes", "parks"]
    services += ["street lighting", "SEND transport", "ASC", "buses", "schools", "police"]
    # Each named by many respondents, some in their own words: few distinct values.
    answers = services * 4 + [f"{s} please" for s in services]
    question = "Which ONE service matters most to you?"
    dates = [f"{day:02d}/0{month}/2024" for day in range(1, 13) for month in range(1, 6)]
    plan = detect_columns(
        table(
            {
                "id": [f"R{i}" for i in range(60)],
                "When did you last visit?": dates,
                question: answers,
            }
        )
    )
    assert plan.open_columns == [question]
    assert plan.reasons[question] == "short answers: 24 different values under a question"
    assert plan.ignored_columns == ["When did you last visit?"]


def test_a_question_answered_agree_or_disagree_is_closed_whatever_its_name_holds():
    """A budget survey's "Do you agree or disagree with the proposed council tax
    increase?" had read as a respondent attribute (for "council"), so "Please explain your
    answer" had no stance."""
    question = "Do you agree or disagree with the proposed 4.99% council tax increase?"
    likert = ["Strongly agree", "Agree", "Disagree", "Strongly disagree"]
    plan = detect_columns(
        table(
            {
                "id": [f"R{i}" for i in range(8)],
                question: likert * 2,
                "Please explain your answer": EXPLAIN + EXPLAIN[:2],
            }
        )
    )
    assert plan.closed_columns == [question]
    assert plan.stance_links == {"Please explain your answer": question}


def test_a_rating_in_numbers_is_described_as_one():
    """A maternity survey's "1 = very poor, 5 = excellent" was called a stance by inspect,
    then analysed as a rating: it is described as the analysis reads it."""
    rating = "How would you rate your care overall? (1 = very poor, 5 = excellent)"
    plan = detect_columns(
        table(
            {
                "id": [f"R{i}" for i in range(10)],
                rating: ["1", "2", "3", "4", "5"] * 2,
                "What went well?": EXPLAIN * 2,
            }
        )
    )
    assert plan.stance_links == {"What went well?": rating}
    assert "a rating, so 'What went well?' gets no stance from it" in plan.reasons[rating]
    assert "stance for" not in plan.reasons[rating]


def test_a_long_tables_closed_question_is_read_as_closed_answers() -> None:
    """A feedback survey exported one row per answer had its "Overall, how was your
    experience?" analysed as text: themes "Good" and "Poor", "Very good" lost in "Good",
    and no breakdown by it."""
    from sounding.files.consultation import build_consultation

    rating, good, better = "Overall, how was it?", "What was good?", "What could be better?"
    answers = ["Very good", "Good", "Poor", "Very good", "Very poor", "Good"]
    ids, questions, responses = [], [], []
    for i, answer in enumerate(answers, start=1):
        for question, text in ((rating, answer), (good, EXPLAIN[i - 1]), (better, Q2[i - 1])):
            if not (i == 2 and question == rating):  # R2 skipped the rating
                ids.append(f"R{i}")
                questions.append(question)
                responses.append(text)
    data = table({"id": ids, "question": questions, "answer": responses})
    plan = detect_columns(data)
    assert plan.closed_questions == [rating]
    assert ("(question) " + rating, "closed") in [(c, role) for c, role, _ in describe_plan(plan)]
    consultation = build_consultation(data, plan)
    assert [q.text for q in consultation.questions] == [good, better]
    assert consultation.questions[0].stance_column == rating  # the open question after it
    assert consultation.questions[1].stance_column is None
    assert rating in consultation.metadata_columns
    by = {(r.id, r.question_id): r for r in consultation.responses}
    first = by["R1", consultation.questions[0].id]
    assert first.closed_answer == "Very good" and first.metadata[rating] == "Very good"
    second = by["R2", consultation.questions[1].id]
    assert second.metadata[rating] == "" and second.closed_answer is None
    assert len(consultation.responses) == 12  # no response for a closed answer


def test_a_long_tables_tick_question_is_counted_per_option_not_themed() -> None:
    """A bus consultation's "Which routes do you use? (select all that apply)", one row
    per answer, had been themed as free text: "101;56;X7;42" a theme, "42" blank."""
    from sounding.files.consultation import build_consultation

    routes, comments = "Which routes do you use? (select all that apply)", "Any comments?"
    options = ["42", "101", "X7", "56"]
    ids, questions, responses = [], [], []
    for i in range(40):
        ticks = ";".join(options[j] for j in range(4) if (i * 7 + j * 3) % 5 < 2) or options[i % 4]
        for question, text in ((routes, ticks), (comments, (EXPLAIN * 8)[i])):
            ids.append(f"R{i}")
            questions.append(question)
            responses.append(text)
    data = table({"id": ids, "question": questions, "answer": responses})
    plan = detect_columns(data)
    assert sorted(plan.tick_questions[routes]) == sorted(options)
    assert ("(question) " + routes, "ignored") in [(c, r) for c, r, _ in describe_plan(plan)]
    consultation = build_consultation(data, plan)
    assert [q.text for q in consultation.questions] == [comments]
    assert len(consultation.responses) == 40
    counts = consultation.tick_counts[routes]
    assert counts["42"] == sum(
        "42" in r.split(";") for q, r in zip(questions, responses, strict=True) if q == routes
    )


def test_a_rating_goes_to_the_text_column_asking_why_not_to_the_one_beside_it() -> None:
    """A residents' survey asked how satisfied people were, then for "ONE thing" to improve,
    then "Why do you say that?": the rating had gone to the suggestions."""
    rating = "How satisfied are you with your area?"
    data = table(
        {
            "id": ["R1", "R2", "R3", "R4", "R5", "R6"],
            rating: ["Very satisfied", "Fairly satisfied", "Very dissatisfied"] * 2,
            "What ONE thing would most improve your area?": Q2,
            "Why do you say that?": EXPLAIN,
        }
    )
    plan = detect_columns(data)
    assert plan.stance_links == {"Why do you say that?": rating}
    # Beside a column asking why, the rating stays where it is.
    assert detect_columns(wide()).stance_links == {"q1_explain": "q1_agree"}


def test_a_list_of_long_options_is_a_closed_question_and_a_collector_id_is_ignored() -> None:
    """A survey tool's export: "What is the main cause? (select one)" has options of several
    words, each chosen by many, and had been read as free text (its options reported as
    campaigns); its "Collector ID" (which link a respondent used) had been a group."""
    options = [
        "Larger customers deliberately delaying payment",
        "Customer's own cash flow problems",
        "Slow approval / purchase order processes",
        "Invoice disputes or errors",
        "Other (please specify)",
    ]
    n = 40
    data = table(
        {
            "Respondent ID": [str(1000 + i) for i in range(n)],
            "Collector ID": ["431998812" if i % 3 else "432005517" for i in range(n)],
            "What is the main cause of late payment? (select one)": [
                options[i % 5] for i in range(n)
            ],
            "What should government do about it?": [f"{EXPLAIN[i % 6]} ({i})" for i in range(n)],
        }
    )
    plan = detect_columns(data)
    assert "What is the main cause of late payment? (select one)" in plan.closed_columns
    assert plan.open_columns == ["What should government do about it?"]
    assert "Collector ID" in plan.ignored_columns
    assert "an identifier" in plan.reasons["Collector ID"]
