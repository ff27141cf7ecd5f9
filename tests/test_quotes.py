"""Quotes of long responses: from the sentence that makes the theme's point."""

from __future__ import annotations

from sounding.consult.quotes import focused_quote, misspelt_short

LETTER = (
    "This response is submitted on behalf of the Federation of Small Hosts, which "
    "represents some four thousand members across England and Wales. We have consulted "
    "our members widely and summarise their views below. "
    * 2
    + "A registration fee should pay for the inspections, so that the scheme costs "
    "councils nothing. Hosts already pay business rates."
)


def test_a_long_response_is_quoted_from_the_sentence_that_makes_the_point():
    quote = focused_quote(LETTER, "A registration fee should pay for the inspections", 200)
    assert quote.startswith("…A registration fee should pay for the inspections")
    assert len(quote) <= 200


def test_a_short_response_or_one_without_a_point_is_quoted_from_its_start():
    assert focused_quote("Fees should pay for it.", "fees", 200) == "Fees should pay for it."
    assert focused_quote(LETTER, None, 200).startswith("This response is submitted")
    # The first sentence making the point: quoted from the start, with nothing marked left out.
    assert focused_quote(LETTER, LETTER[:60], 200).startswith("This response")


def test_a_short_answer_with_a_word_misspelt_is_quoted_after_those_spelt_right():
    """A mental health trust's themes had "dichrage" and "medcication" as their typical
    answers, beside answers spelt right; long answers are not judged, nor acronyms."""
    assert misspelt_short("dichrage")
    assert misspelt_short("more sessiions")
    assert not misspelt_short("Medication review")
    assert not misspelt_short("NHS wait")
    # Spelt as in Britain is spelt right, as the labels' check has it (is_spelt).
    assert not misspelt_short("colour scheme")
    assert not misspelt_short("The wait was long and the medcication was wrong")
