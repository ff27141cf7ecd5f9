"""Quotes of long responses: from the sentence that makes the theme's point."""

from __future__ import annotations

from sounding.consult.quotes import focused_quote

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
