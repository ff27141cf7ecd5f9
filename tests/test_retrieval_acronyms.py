"""Acronyms a collection spells out, and questions searched with them spelled out."""

from __future__ import annotations

from sounding.retrieval.acronyms import defined_acronyms, spelled_out

TEXTS = [
    "Employers pay Statutory Sick Pay (SSP) for up to 28 weeks. SSP is paid weekly.",
    "Parents may share Shared Parental Pay (ShPP). Statutory Sick Pay (SSP) stops then.",
    "Send it to HM Revenue and Customs (HMRC).",  # initials do not match: left alone
    "Fill in the form (PDF) and post it.",  # no words before it spell it
]


def test_acronyms_are_taken_where_the_words_before_them_spell_them():
    assert defined_acronyms(TEXTS) == {"SSP": "Statutory Sick Pay", "ShPP": "Shared Parental Pay"}


def test_a_question_is_searched_with_the_acronyms_spelled_out_once():
    meanings = defined_acronyms(TEXTS)
    assert spelled_out("How much SSP? Is SSP taxed?", meanings) == (
        "How much SSP (Statutory Sick Pay)? Is SSP taxed?"
    )
    # Already spelled out, unknown to the collection, or inside a word: unchanged.
    assert spelled_out("Is Statutory Sick Pay (SSP) taxed?", meanings) == (
        "Is Statutory Sick Pay (SSP) taxed?"
    )
    assert spelled_out("Do I need an EORI number?", meanings) == "Do I need an EORI number?"
    assert spelled_out("SSPX rules", meanings) == "SSPX rules"
    assert spelled_out("How much SSP?", {}) == "How much SSP?"
