"""Tests for redaction of personal data (made-up data only: example domains, Ofcom drama
numbers, checksum-valid but fictional NHS numbers and the standard test card)."""

from __future__ import annotations

import re

import pytest

from sounding.demo.consultation import OPEN_COLUMNS, generate_labelled_demo
from sounding.privacy import KINDS, NameFinder, Redaction, SpacyNameFinder, redact, restore
from sounding.privacy.redact import luhn_valid, nhs_number_valid, redact_many


def nhs_check_digit(nine: str) -> int | None:
    """Independent modulus-11 check digit, to build valid NHS numbers for the tests."""
    check = 11 - sum(int(d) * w for d, w in zip(nine, range(10, 1, -1), strict=True)) % 11
    return {11: 0, 10: None}.get(check, check)


def make_nhs(nine: str) -> str:
    digit = nhs_check_digit(nine)
    assert digit is not None
    return nine + str(digit)


NHS_A = make_nhs("943476591")  # 9434765919, the NHS's own documentation example
NHS_B = make_nhs("401023213")
NHS_C = make_nhs("450557710")


def spaced(nhs: str) -> str:
    return f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"


def kinds(text: str) -> dict[str, int]:
    return redact(text, names=None).counts


# --------------------------------------------------------------------------- each kind


@pytest.mark.parametrize(
    "text, original",
    [
        ("Email me at jo.bloggs@example.com please", "jo.bloggs@example.com"),
        ("reply to sam+consult@mail.example.co.uk.", "sam+consult@mail.example.co.uk"),
        ("(pat_o'neill@example.org)", "pat_o'neill@example.org"),
        ("ADMIN@EXAMPLE.COM wrote", "ADMIN@EXAMPLE.COM"),
    ],
)
def test_emails_are_redacted(text, original):
    result = redact(text, names=None)
    assert result.counts == {"EMAIL": 1}
    assert result.mapping == {"[EMAIL_1]": original}
    assert original not in result.text


@pytest.mark.parametrize(
    "phone",
    [
        "07700 900123",
        "07700900123",
        "07700-900-123",
        "+44 7700 900123",
        "+447700900123",
        "0044 7700 900123",
        "+44 (0)7700 900123",
        "020 7946 0123",
        "(020) 7946 0123",
        "+44 20 7946 0123",
        "0161 496 0123",
        "0161-496-0123",
        "0113 496 0456",
        "01632 960123",
        "(01632) 960123",
        "0800 123 456",
        "0300 123 4567",
    ],
)
def test_uk_phone_formats_are_redacted(phone):
    text = f"Ring me on {phone} after six."
    result = redact(text, names=None)
    assert result.counts == {"PHONE": 1}, result
    assert result.text == "Ring me on [PHONE_1] after six."
    assert result.mapping["[PHONE_1]"] == phone


@pytest.mark.parametrize(
    "postcode",
    [
        "SW1A 1AA",
        "sw1a 1aa",
        "SW1A1AA",
        "EC1A 1BB",
        "W1A 0AX",
        "M1 1AE",
        "B33 8TH",
        "CR2 6XH",
        "DN55 1PT",
        "GIR 0AA",
        "gir0aa",
    ],
)
def test_postcodes_are_redacted(postcode):
    result = redact(f"I live near {postcode}, by the school.", names=None)
    assert result.counts == {"POSTCODE": 1}
    assert result.mapping["[POSTCODE_1]"] == postcode


@pytest.mark.parametrize("ni", ["AB 12 34 56 C", "AB123456C", "ab 123456 c", "JG 10 37 59 A"])
def test_national_insurance_numbers_are_redacted(ni):
    result = redact(f"My NI number is {ni}.", names=None)
    assert result.counts == {"NI_NUMBER": 1}
    assert result.mapping["[NI_NUMBER_1]"] == ni


@pytest.mark.parametrize(
    "ni",
    [
        "QQ 12 34 56 C",  # Q is never a first letter (HMRC's sample number)
        "DA 12 34 56 A",  # D is not allowed first
        "AO 12 34 56 A",  # O is not allowed second
        "GB 12 34 56 A",  # administrative prefixes
        "BG 12 34 56 A",
        "NK 12 34 56 A",
        "KN 12 34 56 A",
        "TN 12 34 56 A",
        "NT 12 34 56 A",
        "ZZ 12 34 56 A",
        "AB 12 34 56 E",  # suffix must be A-D
        "AB 12 34 5 C",  # five digits
    ],
)
def test_invalid_ni_prefixes_and_shapes_are_left_alone(ni):
    assert "NI_NUMBER" not in kinds(f"Reference {ni} here")


@pytest.mark.parametrize("nhs", [NHS_A, spaced(NHS_A), spaced(NHS_B), NHS_C, "943-476-5919"])
def test_valid_nhs_numbers_are_redacted(nhs):
    result = redact(f"NHS no. {nhs} at the GP.", names=None)
    assert result.counts == {"NHS_NUMBER": 1}
    assert result.mapping["[NHS_NUMBER_1]"] == nhs


def test_ten_digits_said_to_be_an_nhs_number_are_redacted_even_mistyped():
    """An FFT's "My NHS number is 485 777 3456" fails the check digit, and was kept."""
    result = redact("My NHS number is 485 777 3456, please check", names=None)
    assert result.text == "My NHS number is [NHS_NUMBER_1], please check"
    # Ten digits with no such cue still need the check digit (a bus route list is none).
    assert redact("Routes 485 777 3456 run late", names=None).counts == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A GP practice's patients typed their dates of birth into feedback.
        ("Jo here (dob 04.07.1949)", "Jo here (dob [DATE_OF_BIRTH_1])"),
        ("DOB 01/01/1938 and still waiting", "DOB [DATE_OF_BIRTH_1] and still waiting"),
        ("my son, born 22/11/2011, was seen", "my son, born [DATE_OF_BIRTH_1], was seen"),
        ("Date of birth: 3rd March 1950", "Date of birth: [DATE_OF_BIRTH_1]"),
        ("D.O.B. 1/2/55", "D.O.B. [DATE_OF_BIRTH_1]"),
        # Other dates, and a year of birth alone, are what answers are about.
        (
            "my appointment on 04/07/2024 was cancelled",
            "my appointment on 04/07/2024 was cancelled",
        ),
        ("I was born in 1950", "I was born in 1950"),
    ],
)
def test_dates_given_as_dates_of_birth_are_redacted(text, expected):
    assert redact(text, names=None).text == expected


def test_nhs_checksum():
    assert NHS_A == "9434765919"
    assert nhs_number_valid(NHS_A) and nhs_number_valid(NHS_B) and nhs_number_valid(NHS_C)
    wrong = NHS_A[:9] + str((int(NHS_A[9]) + 1) % 10)
    assert not nhs_number_valid(wrong)
    assert not nhs_number_valid("1111111111")  # repeated digits pass the sum but are not real
    # Some nine-digit stems give a check digit of 10: never issued, so no tenth digit passes.
    assert nhs_check_digit("400000008") is None
    assert not any(nhs_number_valid(f"400000008{d}") for d in range(10))


@pytest.mark.parametrize(
    "card",
    [
        "4111 1111 1111 1111",
        "4111-1111-1111-1111",
        "4111111111111111",
        "5555 5555 5555 4444",
        "3782 822463 10005",  # 15-digit test card
        "4222222222222",  # 13 digits
    ],
)
def test_luhn_valid_cards_are_redacted(card):
    result = redact(f"I paid with {card} and was still fined.", names=None)
    assert result.counts == {"CARD": 1}
    assert result.mapping["[CARD_1]"] == card


def test_luhn():
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")
    assert not luhn_valid("0000000000000000")


# --------------------------------------------------------------------------- negatives


@pytest.mark.parametrize(
    "text",
    [
        "In 2024 the council issued 300 vans with permits.",
        "It cost me £1,200 last year and £85.50 this month.",
        "Over 10,000 people signed the petition in 2023-2024.",
        "We met on 01/02/2024 at 12:30 and again on 7.8.24.",
        "Between 1990 and 2020 the number of cars rose from 20 million to 33 million.",
        "Our street has 120 houses, 240 cars and 2 parking spaces.",
        "Call 999 in an emergency or 111 for advice.",
        "Fines of £70 (£35 if paid within 14 days) are too low.",
        "Section 15 of the Road Traffic Act 1991 and regulation 2004/1234.",
        f"My NHS number ends {NHS_A[:9]}0 - wrong checksum.",
        "Reference 943 476 5918 is not a valid NHS number.",
        "Card 4111 1111 1111 1112 fails the Luhn check.",
        "Order 1234 5678 9012 3456 is not a card.",
        "Routes 101 102 103 104 305 are cut.",  # passes Luhn, but no card is grouped so
        "Is SC612345 a valid company number?",  # a company number and the article
        "The A1 3rd exit and the M6 2nd junction are both busy.",
        "Roads like the M25 and A406 at 5pm are gridlocked.",
        "ISBN 978-0-306-40615-7 is a book.",
        "Section 4.2.1 of the guidance, paragraphs 12-14.",
        "Contact the council via its website.",
        "At 7am and 4pm there are 30 to 40 cars parked on the pavement.",
        "We have 1 2 3 4 5 6 7 8 9 10 11 12 13 cars, counting them all.",
    ],
)
def test_ordinary_numbers_are_not_redacted(text):
    result = redact(text, names=None)
    assert result.counts == {}, result
    assert result.text == text
    assert not result.redacted


# --------------------------------------------------------------------------- placeholders


def test_same_value_gets_same_placeholder_and_different_values_are_numbered():
    text = (
        "Write to jo@example.com or JO@example.com; my partner is sam@example.org. "
        "Call 07700 900123 or +44 7700 900123, or the office on 020 7946 0123."
    )
    result = redact(text, names=None)
    assert result.text == (
        "Write to [EMAIL_1] or [EMAIL_1]; my partner is [EMAIL_2]. "
        "Call [PHONE_1] or [PHONE_1], or the office on [PHONE_2]."
    )
    assert result.mapping == {
        "[EMAIL_1]": "jo@example.com",
        "[EMAIL_2]": "sam@example.org",
        "[PHONE_1]": "07700 900123",
        "[PHONE_2]": "020 7946 0123",
    }
    assert result.counts == {"EMAIL": 3, "PHONE": 3}


def test_numbering_follows_order_of_appearance_across_kinds():
    text = "SW1A 1AA, a@example.com, M1 1AE, b@example.com, SW1A1AA"
    result = redact(text, names=None)
    assert result.text == "[POSTCODE_1], [EMAIL_1], [POSTCODE_2], [EMAIL_2], [POSTCODE_1]"


def test_every_kind_in_one_response_and_restore_round_trip():
    text = (
        "I'm at 9 Mill Lane, SW1A 1AA, email jo.bloggs@example.com, mobile 07700 900123, "
        f"NI AB 12 34 56 C, NHS {spaced(NHS_B)}, card 4111 1111 1111 1111, DOB 01/02/1950."
    )
    result = redact(text, names=None)
    assert set(result.counts) == set(KINDS) - {"PERSON"}
    assert all(value == 1 for value in result.counts.values())
    assert not re.search(r"\d{3}", result.text)
    assert "@" not in result.text
    assert restore(result.text, result.mapping) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I live at 12 Acacia Avenue, Leeds.", "I live at [ADDRESS_1], Leeds."),
        ("Write to 4a, Mill Lane.", "Write to [ADDRESS_1]."),
        ("Rwy'n byw yn 12 Heol y Bryn, Aberystwyth.", "Rwy'n byw yn [ADDRESS_1], Aberystwyth."),
        ("Mae 3 Ffordd Las yn brysur.", "Mae [ADDRESS_1] yn brysur."),
        ("12 Church Road needs a licence.", "[ADDRESS_1] needs a licence."),
        # A verb after the street, not a plural being counted.
        (
            "My neighbour at 12 Tanners Row lets his dog foul the path.",
            "My neighbour at [ADDRESS_1] lets his dog foul the path.",
        ),
        # Counts of things, a street with no number, and lower case are left alone.
        ("We lost 3 High Street shops.", "We lost 3 High Street shops."),
        ("It got 2 County Court Judgments.", "It got 2 County Court Judgments."),
        ("The lorries use Stryd Fawr.", "The lorries use Stryd Fawr."),
        ("I gave it 5 stars on mill lane.", "I gave it 5 stars on mill lane."),
        # A flat by its number says whose home it is on an estate (a tenants' survey's
        # theme "Flat 39"); a tyre gone flat does not.
        ("Flat 39", "[ADDRESS_1]"),
        ("flat 12b still has mould", "[ADDRESS_1] still has mould"),
        ("Flat 39 Oakfield Road", "[ADDRESS_1]"),  # with its street
        ("The tyre was flat 5 minutes later.", "The tyre was flat 5 minutes later."),
    ],
)
def test_street_addresses_in_english_and_welsh(text: str, expected: str) -> None:
    assert redact(text, names=None).text == expected


def test_restore_puts_originals_into_a_model_reply():
    result = redact("Contact jo@example.com or 07700 900123.", names=None)
    reply = "The respondent ([EMAIL_1], [PHONE_1]) asks for a call back. [EMAIL_9] is unknown."
    assert restore(reply, result.mapping) == (
        "The respondent (jo@example.com, 07700 900123) asks for a call back. [EMAIL_9] is unknown."
    )
    assert restore("no placeholders", {}) == "no placeholders"


def test_placeholders_typed_by_the_respondent_are_not_reused():
    text = "Ignore [EMAIL_1]; my real address is jo@example.com"
    result = redact(text, names=None)
    assert result.text == "Ignore [EMAIL_1]; my real address is [EMAIL_2]"
    assert result.mapping == {"[EMAIL_2]": "jo@example.com"}
    # The respondent's own "[EMAIL_1]" stays as typed when restored.
    assert restore(result.text, result.mapping) == text


def test_email_wins_over_digits_inside_it():
    text = "Mail 07700900123@example.com or card4111111111111111@example.com"
    result = redact(text, names=None)
    assert result.counts == {"EMAIL": 2}


def test_empty_and_clean_text():
    assert redact("", names=None) == Redaction(text="")
    clean = "I support the ban because my son uses a wheelchair."
    assert redact(clean, names=None).text == clean


def test_redact_many_numbers_each_text_separately():
    results = redact_many(["a@example.com", "b@example.com", "nothing here"], names=None)
    assert [r.text for r in results] == ["[EMAIL_1]", "[EMAIL_1]", "nothing here"]
    assert results[1].mapping == {"[EMAIL_1]": "b@example.com"}


# --------------------------------------------------------------------------- names


class FakeNames:
    """A name finder that reports fixed spans, standing in for an NER model."""

    def __init__(self, names: list[str], *, available: bool = True) -> None:
        self.names = names
        self._available = available

    def available(self) -> bool:
        return self._available

    def find(self, text: str) -> list[tuple[int, int]]:
        spans = []
        for name in self.names:
            spans += [(m.start(), m.end()) for m in re.finditer(re.escape(name), text)]
        return spans


def test_names_are_redacted_when_a_finder_is_available():
    finder = FakeNames(["Jo Bloggs", "Sam Smith"])
    assert isinstance(finder, NameFinder)
    text = "My name is Jo Bloggs; Sam Smith and Jo Bloggs live at 4 Mill Lane."
    result = redact(text, names=finder)
    assert result.text == "My name is [PERSON_1]; [PERSON_2] and [PERSON_1] live at [ADDRESS_1]."
    assert result.counts == {"PERSON": 3, "ADDRESS": 1}
    assert restore(result.text, result.mapping) == text


def test_unavailable_finder_redacts_no_names():
    text = "My name is Jo Bloggs."
    assert redact(text, names=FakeNames(["Jo Bloggs"], available=False)).text == text


def test_overlaps_longest_first_then_leftmost():
    # A name span inside an email loses to the longer email ...
    result = redact("jo.bloggs@example.com", names=FakeNames(["jo.bloggs"]))
    assert result.counts == {"EMAIL": 1}
    # ... and of two overlapping spans of equal length, the leftmost wins.
    result = redact("Anna Maria Lee", names=FakeNames(["Anna Maria", "Maria Lee"]))
    assert result.text == "[PERSON_1] Lee"


def test_spacy_finder_is_skipped_without_spacy_or_model():
    missing = SpacyNameFinder(model="no_such_spacy_model_xyz")
    assert missing.available() is False
    assert missing.find("Jo Bloggs lives here") == []
    try:
        import spacy  # noqa: F401
    except ImportError:
        assert SpacyNameFinder().available() is False
        # With no backend, "auto" still finds a name given as one, or written out in full
        # from a given name, and only those.
        assert redact("My name is Jo Bloggs.").text == "My name is [PERSON_1]."
        assert redact("Jo Bloggs said the bus was late.").text == (
            "[PERSON_1] said the bus was late."
        )
        assert redact("Bloggs said the bus was late.").text == "Bloggs said the bus was late."


# --------------------------------------------------------------------------- demo data


def test_demo_personal_data_is_caught_and_little_else():
    planted = caught = others = 0
    for item in generate_labelled_demo(600):
        for column in OPEN_COLUMNS:
            text = item.row[column]
            result = redact(text, names=None)
            if "pii" in item.flags.get(column, ()):
                planted += 1
                caught += result.redacted
                assert "@" not in result.text
                assert not re.search(r"\d[\d -]{6,}\d", result.text)  # no phone left
                assert set(result.counts) <= {"EMAIL", "PHONE", "ADDRESS"}
                assert restore(result.text, result.mapping) == text
            elif result.redacted:
                others += 1
                # The only other numbers are the "+44 7700 900..." spreadsheet-formula rows,
                # which are real phone numbers too.
                assert "formula" in item.flags.get(column, ()), (column, text)
    assert planted >= 4
    assert caught == planted
    assert others <= 2


def test_a_number_in_brackets_is_replaced_with_both_brackets():
    """An adult social care survey's "(07700 900321)" had become "[PHONE_1])"."""
    assert (
        redact("Call me (07700 900321) any time", names=None).text == "Call me [PHONE_1] any time"
    )
    assert redact("ring (01234) 567890 now", names=None).text == "ring [PHONE_1] now"
