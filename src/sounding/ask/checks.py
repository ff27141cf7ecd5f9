"""Checks on a question before anything reads it: hidden characters, markup, length,
personal data.

Hidden Unicode tag characters (invisible to the person, read by some models) and other
invisible controls are removed first, so every later step sees what a person sees.
A question holding personal data is refused, as GOV.UK Chat does, with advice not to share
it: the question is then kept only in redacted form, in logs and history alike. The
personal-data patterns are those Consult redacts with, plus two looser shapes a person is
likely to type in a question: anything shaped like a National Insurance number (HMRC's
own example "QQ 12 34 56 C" breaks the official prefix rules, and "ab-12-34-56-c" has
dashes), a street address, and a phone number written with dots ("07700.900.123").

Not personal data: an organisation's phone number (03, 080, 084, 087 and 09 numbers are
not geographic or mobile: "is the Acas helpline 0300 123 1100 free?"); "SC612345 a valid
company number" (a company number and the article, not an NI number); "3 High Street
shops" or "2 County Court Judgments" (a count of things, not a house number); and in an
answer, whatever the guidance passages it was written from hold themselves (HMRC's
helpline, Companies House's address).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from sounding.privacy.redact import national_digits, redact
from sounding.retrieval.markup import html_blocks
from sounding.safety.injection import strip_hidden

# A lower-case "a" after six unbroken digits is the article: "Is SC612345 a valid company
# number?" (Scottish company numbers have an NI number's shape).
_ARTICLE = r"(?!(?<=[0-9]{6}\s)(?-i:a)\b)"
_NI_SHAPE = re.compile(
    r"\b[A-Z]{2}[\s-]?\d{2}[\s-]?\d{2}[\s-]?\d{2}[\s-]?" + _ARTICLE + r"[A-D]\b", re.IGNORECASE
)
_COMPANY_NUMBER = re.compile(r"[0-9]{6}\s(?-i:a)\Z", re.IGNORECASE)
# A phone number written with dots ("07700.900.123"), which Consult's patterns leave alone.
_DOTTED_PHONE = re.compile(r"(?<![\w.])0\d{2,4}\.\d{3,4}\.?\d{3,4}(?![\w.]?\d)")
# Numbers organisations answer: 03 (non-geographic, charged as 01/02), 080 (free), 084 and
# 087 (business rate), 09 (premium). Geographic (01, 02) and mobile (07) may be a person's.
_ORGANISATION_PHONE = re.compile(r"0(?:3|80|84|87|9)")
#: What each kind of personal data is called in the reply.
KIND_NAMES = {
    "EMAIL": "an email address",
    "PHONE": "a phone number",
    "NI_NUMBER": "a National Insurance number",
    "NHS_NUMBER": "an NHS number",
    "CARD": "a payment card number",
    "DATE_OF_BIRTH": "a date of birth",
    "POSTCODE": "a postcode",
    "ADDRESS": "a street address",
}


def clean(question: str) -> str:
    """The question without hidden characters, in Unicode's composed form, trimmed."""
    text = unicodedata.normalize("NFC", question or "")
    return strip_hidden(text).strip()


def without_markup(question: str) -> str:
    """The question as searched: its text as a browser would show it (read by
    `retrieval.markup`), so tags, comments and scripts' and styles' contents are gone.
    Markup pasted into a question is no part of what is asked, and its words would pull the
    search elsewhere."""
    return " ".join(" ".join(block.text for block in html_blocks(question)).split())


def _found(text: str) -> list[tuple[str, str]]:
    """(kind, value) of each piece of personal data in the text."""
    found = [
        (placeholder.strip("[]").rsplit("_", 1)[0], value)
        for placeholder, value in redact(text, names=None).mapping.items()
    ]
    found += [("NI_NUMBER", m.group(0)) for m in _NI_SHAPE.finditer(text)]
    found += [
        ("PHONE", m.group(0))
        for m in _DOTTED_PHONE.finditer(text)
        if len(re.sub(r"[^0-9]", "", m.group(0))) in (10, 11)
    ]
    return [
        (kind, value)
        for kind, value in found
        if not (kind == "NI_NUMBER" and _COMPANY_NUMBER.search(value))
    ]


def _national(phone: str) -> str:
    """A UK number's digits as dialled at home: "+44 (0)300 200 3200" -> "03002003200"."""
    return "0" + national_digits(phone)


def _key(kind: str, value: str) -> str:
    """The form in which two writings of one value compare equal."""
    if kind == "PHONE":
        return f"{kind}:{_national(value)}"
    return kind + ":" + re.sub(r"[^0-9a-z]", "", value.casefold())


def personal_data(text: str, public: Iterable[str] = ()) -> list[str]:
    """Kinds of personal data in a question or an answer (see KIND_NAMES), in a fixed order.

    A postcode alone is not refused ("my shop is in M1 1AE"): with a street address it is.
    An organisation's phone number is not a person's. Anything also found in `public` (the
    guidance passages an answer was written from) is the guidance's own: an answer giving
    HMRC's helpline or Companies House's address quotes it, and gives nobody away.
    """
    known = {_key(kind, value) for passage in public for kind, value in _found(passage)}
    found = {
        kind
        for kind, value in _found(text)
        if _key(kind, value) not in known
        and not (kind == "PHONE" and _ORGANISATION_PHONE.match(_national(value)))
    }
    if "ADDRESS" not in found:
        found.discard("POSTCODE")
    return [kind for kind in KIND_NAMES if kind in found]


def redacted(question: str) -> str:
    """The question as it may be stored once personal data was found in it."""
    text = redact(question, names=None).text
    text = _NI_SHAPE.sub("[NI_NUMBER]", text)
    return _DOTTED_PHONE.sub("[PHONE]", text)
