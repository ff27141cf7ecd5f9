"""Checks on a question before anything reads it: hidden characters, markup, length,
personal data.

Hidden Unicode tag characters (invisible to the person, read by some models) and other
invisible controls are removed first, so every later step sees what a person sees.
A question holding personal data is refused, as GOV.UK Chat does, with advice not to share
it: the question is then kept only in redacted form, in logs and history alike. The
personal-data patterns are those Consult redacts with, plus two looser shapes a person is
likely to type in a question: anything shaped like a National Insurance number (HMRC's
own example "QQ 12 34 56 C" breaks the official prefix rules) and a street address.
"""

from __future__ import annotations

import re
import unicodedata

from sounding.privacy.redact import redact
from sounding.retrieval.markup import html_blocks
from sounding.safety.injection import strip_hidden

_NI_SHAPE = re.compile(r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.IGNORECASE)
_STREET = re.compile(
    r"\b\d{1,4}[a-z]?,? (?:[A-Z][a-z]+ ){1,3}(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close"
    r"|Drive|Way|Crescent|Place|Gardens|Court|Terrace|Hill|Grove|Row|Square|Walk|Mews)\b"
)
#: What each kind of personal data is called in the reply.
KIND_NAMES = {
    "EMAIL": "an email address",
    "PHONE": "a phone number",
    "NI_NUMBER": "a National Insurance number",
    "NHS_NUMBER": "an NHS number",
    "CARD": "a payment card number",
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


def personal_data(question: str) -> list[str]:
    """Kinds of personal data in the question (see KIND_NAMES), in a fixed order. A postcode
    alone is not refused ("my shop is in M1 1AE"): with a street address it is."""
    found = set(redact(question, names=None).counts)
    if _NI_SHAPE.search(question):
        found.add("NI_NUMBER")
    if _STREET.search(question):
        found.add("ADDRESS")
    if "ADDRESS" not in found:
        found.discard("POSTCODE")
    return [kind for kind in KIND_NAMES if kind in found]


def redacted(question: str) -> str:
    """The question as it may be stored once personal data was found in it."""
    text = redact(question, names=None).text
    text = _NI_SHAPE.sub("[NI_NUMBER]", text)
    return _STREET.sub("[ADDRESS]", text)
