"""Tests for the synthetic pavement-parking consultation."""

from __future__ import annotations

import csv
import random
import re
from collections import Counter
from pathlib import Path

import pytest

from sounding.demo import phrases as ph
from sounding.demo.consultation import (
    COLUMNS,
    OPEN_COLUMNS,
    QUESTIONS,
    STANCE_LINKS,
    DemoRow,
    generate_demo,
    generate_labelled_demo,
    render,
    write_demo,
)

SUPPORT_WORDS = ("wheelchair", "pushchair", "buggy", "pram", "blind", "guide dog", "pedestrian")
OPPOSE_WORDS = ("nowhere", "narrow", "wing mirror", "cash cow", "revenue", "driveway", "terrace")
# Words that may follow ", " with a capital: proper nouns, "I", and the respondent's names.
PROPER = {
    "I", "I'm", "I'd", "I've", "I'll", "London", "England", "NHS", "GP", "DfT", "Victorian",
    "Council", "Amazon", "Co-op", "Parkinson's",
    *(town for towns in ph.REGION_TOWNS.values() for town in towns), *ph.FIRST_NAMES,
}  # fmt: skip
# Campaign sentences without placeholders, so they match whatever town was filled in.
CAMPAIGN_FIXED = [s for s in ph.CAMPAIGN_SENTENCES if "{" not in s]


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return generate_demo()


@pytest.fixture(scope="module")
def big() -> list[dict[str, str]]:
    return generate_demo(3000, seed=11)


@pytest.fixture(scope="module")
def labelled() -> list[DemoRow]:
    return generate_labelled_demo()


def _is_campaign(text: str) -> bool:
    return sum(sentence in text for sentence in CAMPAIGN_FIXED) >= len(CAMPAIGN_FIXED) - 1


def test_columns_questions_and_links(rows: list[dict[str, str]]) -> None:
    assert len(rows) == 600
    assert all(tuple(row) == COLUMNS for row in rows)
    assert set(QUESTIONS) == {"q1_agree", *OPEN_COLUMNS}
    assert all(text.strip() for text in QUESTIONS.values())
    assert STANCE_LINKS == {"q1_explain": "q1_agree"}


def test_same_seed_gives_identical_rows() -> None:
    assert generate_demo(300, seed=3) == generate_demo(300, seed=3)
    assert generate_demo(300, seed=3) != generate_demo(300, seed=4)


def test_output_does_not_touch_global_random_state() -> None:
    random.seed(1)
    expected = random.random()
    random.seed(1)
    generate_demo(50)
    assert random.random() == expected


def test_ids_are_unique(rows: list[dict[str, str]]) -> None:
    ids = [row["respondent_id"] for row in rows]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"R\d{5,}", rid) for rid in ids)


def test_small_and_empty_sizes() -> None:
    assert generate_demo(0) == []
    assert len(generate_demo(7, seed=2)) == 7
    with pytest.raises(ValueError):
        generate_demo(-1)


def test_closed_values_are_from_fixed_lists(big: list[dict[str, str]]) -> None:
    for row in big:
        assert row["respondent_type"] in ph.RESPONDENT_TYPES
        assert row["region"] in {*ph.REGIONS, ""}
        assert row["q1_agree"] in {"Yes", "No", "Don't know", ""}
        if row["respondent_type"] == "Individual":
            assert row["age_band"] in {*ph.AGE_BANDS, ""}
        else:
            assert row["age_band"] == ""
    types = Counter(row["respondent_type"] for row in big)
    assert types["Individual"] / len(big) > 0.8
    answers = Counter(row["q1_agree"] for row in big)
    assert answers["Yes"] > answers["No"] > answers["Don't know"] > answers[""] > 0


def test_blanks_and_non_answers_are_in_range(big: list[dict[str, str]]) -> None:
    non_answers = {text.lower() for text in ph.NON_ANSWERS}
    for column in OPEN_COLUMNS:
        texts = [row[column] for row in big]
        blank = sum(not text.strip() for text in texts) / len(texts)
        non_answer = sum(text.lower() in non_answers for text in texts) / len(texts)
        assert 0.02 <= blank <= 0.12, column
        assert 0.01 <= non_answer <= 0.08, column


def test_campaign_shares_a_long_template(rows: list[dict[str, str]]) -> None:
    campaign = [row for row in rows if _is_campaign(row["q1_explain"])]
    assert 0.06 <= len(campaign) / len(rows) <= 0.10
    assert {row["q1_agree"] for row in campaign} == {"No"}
    copies = Counter(row["q1_explain"] for row in campaign)
    text, count = copies.most_common(1)[0]
    assert count >= 10 and len(text) > 500  # exact copies
    assert len(copies) >= 10  # and edited ones
    assert all(text.startswith("Dear Sir or Madam,\n\n") for text in copies)
    signed = [text for text in copies if not text.endswith("Yours faithfully,")]
    assert signed  # some added a name (or left the placeholder in)


def test_exact_duplicates_outside_the_campaign(rows: list[dict[str, str]]) -> None:
    seen: Counter[tuple[str, ...]] = Counter(
        tuple(row[c] for c in COLUMNS[1:])
        for row in rows
        if row["q1_explain"].strip() and not _is_campaign(row["q1_explain"])
    )
    assert sum(count - 1 for count in seen.values() if count > 1) >= 2


def test_q1_explanations_follow_the_closed_answer() -> None:
    labelled = [r for r in generate_labelled_demo(3000, seed=5) if not r.flags["q1_explain"]]
    for answer, agrees in (("Yes", True), ("No", False)):
        texts = [r.row["q1_explain"].lower() for r in labelled if r.row["q1_agree"] == answer]
        support = sum(any(w in t for w in SUPPORT_WORDS) for t in texts) / len(texts)
        oppose = sum(any(w in t for w in OPPOSE_WORDS) for t in texts) / len(texts)
        if agrees:
            assert support > 0.4 and oppose < 0.05, (support, oppose)
        else:
            assert oppose > 0.4 and support < 0.1, (support, oppose)


def test_labels_match_stance_and_text() -> None:
    sides = {theme.key: theme.side for theme in ph.Q1_THEMES}
    markers = {theme.key: theme.markers for theme in ph.Q1_THEMES}
    labelled = generate_labelled_demo(1500, seed=9)
    found = total = 0
    for item in labelled:
        keys = item.themes["q1_explain"]
        if item.row["q1_agree"] == "Yes" and "long" not in item.flags["q1_explain"]:
            assert {sides[k] for k in keys} <= {"agree"}
        if item.row["q1_agree"] == "No":
            assert {sides[k] for k in keys} <= {"disagree"}
        if keys and not item.flags["q1_explain"]:
            text = item.row["q1_explain"].lower()
            total += len(keys)
            found += sum(any(m in text for m in markers[k]) for k in keys)
    assert found / total > 0.9  # typos account for the rest
    multi = [i for i in labelled if len(i.themes["q1_explain"]) >= 2]
    assert len(multi) / len(labelled) > 0.3


def test_every_phrasing_names_its_theme() -> None:
    rng = random.Random(0)
    context = {"town": "Leeds", "name": "Sam Example", "first": "Sam", "last": "Example"}
    banks = [*ph.Q1_THEMES, *ph.Q2_THEMES, *ph.Q3_THEMES]
    banks += [theme for bank in ph.ORG_IMPACT_THEMES.values() for theme in bank]
    for theme in banks:
        for template in (*theme.claims, *theme.short, *theme.items):
            for _ in range(3):
                text = render(template, rng, context).lower()
                assert any(m in text for m in theme.markers), (theme.key, text)
        for template in (*theme.details, *theme.anecdotes):
            assert "{" not in render(template, rng, context)


def test_awkward_inputs_are_present(rows: list[dict[str, str]]) -> None:
    texts = [row[c] for row in rows for c in OPEN_COLUMNS]
    injections = sum(any(attack in t for attack in ph.INJECTIONS) for t in texts)
    assert 3 <= injections <= 6
    assert any("ignore previous instructions" in t.lower() or "SYSTEM:" in t for t in texts)
    assert sum(bool(re.search(r"<(script|b|img|p|a)\b", t)) for t in texts) >= 3
    assert any("<script>" in t for t in texts)
    assert any(t[:1] in "=+-@" and len(t) > 2 for t in texts)
    longest = max(texts, key=lambda t: len(t.split()))
    assert len(longest.split()) >= 1500


def test_personal_data_uses_reserved_values(rows: list[dict[str, str]]) -> None:
    text = "\n".join(row[c] for row in rows for c in OPEN_COLUMNS)
    emails = re.findall(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", text)
    assert emails
    assert all(email.endswith(("@example.com", "@example.org")) for email in emails)
    phones = re.findall(r"\b0\d{2,4} \d{3,4} ?\d{3,4}\b", text)
    assert phones
    drama = re.compile(r"07700 900\d{3}|020 7946 0\d{3}|01(61|13) 496 0\d{3}|01632 960\d{3}")
    assert all(drama.fullmatch(phone) for phone in phones)


def test_generate_demo_matches_labelled_rows() -> None:
    labelled = generate_labelled_demo(200, seed=4)
    assert [item.row for item in labelled] == generate_demo(200, seed=4)
    duplicates = [item for item in labelled if item.duplicate_of]
    by_id = {item.row["respondent_id"]: item.row for item in labelled}
    for item in duplicates:
        original = by_id[item.duplicate_of]
        assert {**original, "respondent_id": item.row["respondent_id"]} == item.row


def test_write_demo_round_trips(tmp_path: Path) -> None:
    path = write_demo(tmp_path / "demo.csv", respondents=120, seed=2)
    assert path == tmp_path / "demo.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        read = list(reader)
    assert read == generate_demo(120, seed=2)
    again = write_demo(tmp_path / "again.csv", respondents=120, seed=2)
    assert again.read_bytes() == path.read_bytes()


def _repeat_rates(items: list[DemoRow]) -> dict[str, float]:
    """Share of substantive answers (over 15 characters) that exactly repeat an earlier one.

    Planted content is left out: the campaign, exact duplicate submissions, blanks and
    non-answers, and the rows carrying injections, HTML, formulas or personal data.
    """
    rates = {}
    for column in OPEN_COLUMNS:
        texts = [
            item.row[column].strip().lower()
            for item in items
            if not item.duplicate_of and not item.flags[column]
        ]
        texts = [text for text in texts if len(text) > 15]
        rates[column] = (len(texts) - len(set(texts))) / len(texts)
    return rates


@pytest.mark.parametrize(("respondents", "seed"), [(600, 7), (600, 11), (10_000, 7)])
def test_open_answers_rarely_repeat_word_for_word(respondents: int, seed: int) -> None:
    rates = _repeat_rates(generate_labelled_demo(respondents, seed))
    for column, rate in rates.items():
        assert rate <= 0.05, (column, rate)


def test_planted_repeats_are_still_there(labelled: list[DemoRow]) -> None:
    campaign_q2 = [i for i in labelled if "campaign" in i.flags["q2_exemptions"]]
    assert len({i.row["q2_exemptions"] for i in campaign_q2}) == 1 and len(campaign_q2) >= 10
    assert sum(bool(i.duplicate_of) for i in labelled) >= 2


def test_answers_that_stand_alone_are_not_combined() -> None:
    alone = {t.key for t in (*ph.Q2_THEMES, *ph.Q3_THEMES) if t.alone}
    assert alone
    for item in generate_labelled_demo(2000, seed=5):
        for column in ("q2_exemptions", "q3_impact"):
            keys = item.themes[column]
            assert len(keys) == 1 or not alone & set(keys), keys


def _is_proper(word: str, following: str) -> bool:
    if word == "Blue":  # "Blue Badge" is a name; "blue badge" after a comma is not
        return following.startswith("B")
    # A typo may swap two letters of a proper noun ("Vcitorian").
    return word in PROPER or any(sorted(word) == sorted(p) for p in PROPER)


@pytest.mark.parametrize("size", [600, 3000])
def test_sentences_after_openers_start_in_lower_case(size: int) -> None:
    found = 0
    for row in generate_demo(size):
        for column in OPEN_COLUMNS:
            for match in re.finditer(r", ([A-Z][a-z][\w'-]*)(\W*\w?)", row[column]):
                assert _is_proper(match.group(1), match.group(2).strip()), row[column]
            found += len(
                re.findall(r"^(?:Honestly|To be honest|Personally|In my view), [a-z]", row[column])
            )
    assert found  # openers are there, followed by lower case
