"""People's names that a text itself marks as names, found without a language model.

Without a named-entity model a capitalised word is no evidence of a person ("Parking",
"A&E", "Leeds"), but some phrasings are: a name someone gives as theirs ("My name is
Margaret Hughes"), a title before a surname ("Dr Patel", "Mrs O'Neill"), a relative or
carer before a first name ("Contact my daughter Sarah") and a name signed after thanks at
the end ("thank you. Sarah"). Patient feedback and consultation answers use all four, and a
published quote must not carry them. Only the name is returned, so a redacted quote still
reads "Dr [PERSON_1] listened to me".
"""

from __future__ import annotations

import re

#: A capitalised word that can be a name: "Hughes", "O'Neill", "Smith-Jones".
_NAME = r"[A-Z][a-z]*(?:['’][A-Z][a-z]+|-[A-Z][a-z]+)*"
#: Capitalised words that follow these phrasings without being anyone's name.
_NOT_NAMES = frozenset({
    "A", "An", "And", "As", "At", "But", "By", "For", "From", "He", "Her", "His", "I", "If",
    "In", "It", "My", "No", "Not", "Of", "On", "Or", "She", "So", "The", "Their", "They",
    "This", "Was", "We", "Who", "Will", "With", "You", "Your", "Surgery", "Practice",
    "Hospital", "Clinic", "Ward", "Team", "Department", "Service", "Centre", "Center",
    "Practitioner", "Specialist", "Associate", "Assistant", "Manager", "Consultant",
})  # fmt: skip
#: Up to three names in a row: "Margaret Hughes", "Mary Anne Smith".
_FULL_NAME = rf"{_NAME}(?:\s+{_NAME}){{0,2}}"
_OWN_NAME = re.compile(
    rf"\b(?:[Mm]y|[Hh]is|[Hh]er|[Oo]ur) names? (?:is|was)\s+(?P<name>{_FULL_NAME})"
    rf"|\b(?:I am|I'm|I’m) called\s+(?P<called>{_FULL_NAME})"
)
_TITLED = re.compile(
    r"\b(?:Dr|Doctor|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Nurse|Sister|Matron|Rev|Revd)\.?"
    rf"\s+(?P<name>{_NAME}(?:\s+{_NAME})?)"
)
_RELATIVE = re.compile(
    r"\b(?:[Mm]y|[Oo]ur|[Hh]is|[Hh]er|[Tt]heir)\s+(?:late\s+)?(?:daughter|son|wife|husband|"
    r"partner|mum|mom|mother|dad|father|brother|sister|grandson|granddaughter|grandmother|"
    r"grandfather|grandma|grandad|granddad|nan|nanna|gran|aunt|auntie|uncle|niece|nephew|"
    r"cousin|baby|child|boyfriend|girlfriend|fiancée?|friend|neighbour|carer|GP|nurse|"
    rf"consultant|midwife|doctor|social worker)\s*,?\s+(?P<name>{_NAME}(?:\s+{_NAME})?)"
)


#: A name signed at the end, after thanks or a sign-off: "Thank you. Sarah", "Many thanks,
#: Dave x", "Kind regards, Jo Bloggs", "Love, Mum x". Not what "thanks to" and "love" say
#: in a sentence: "all thanks to Labour" and "we love Leeds" name no one, so after "thanks
#: to" the name must stand apart (a full stop, comma or dash between), "Love" must open its
#: sentence, and a name starts at a word's start (the "U" of "thanks to the EU" is none).
_SIGNED = re.compile(
    r"(?:\b[Tt]hanks to\b[^.!?\n]{0,40}?[.,!\n-]"
    r"|\b[Tt]hank(?:s(?!\s+to\b)| you)\b[^.!?\n]{0,40}"
    r"|\b[Rr]egards|\b[Bb]est wishes|\b[Cc]heers|(?:^|[.!?,\n])\s*[Ll]ove)"
    rf"[.,!]*\s*(?:-\s*)?(?<![\w'’])(?P<name>{_NAME}(?:\s+{_NAME})?)\s*(?:x+)?\s*[.!]*\s*$"
)
#: Words that end an answer after thanks without being a name: "Thank you. Brilliant!"
_NOT_SIGNATURES = frozenset({
    "Again", "All", "Amazing", "Brilliant", "Everyone", "Excellent", "Fantastic", "Great",
    "Perfect", "Staff", "Superb", "Team", "Wonderful", "Lovely", "Outstanding", "Yes",
    "Agreed", "Absolutely", "Definitely", "Indeed", "Sadly", "Unfortunately", "Simple",
})  # fmt: skip


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span without the words at either end that are no name ("Nurse Practitioner
    Jones" gives "Jones"); None when nothing is left."""
    words = list(re.finditer(r"\S+", text[start:end]))
    while words and words[-1].group(0) in _NOT_NAMES:
        words.pop()
    while words and words[0].group(0) in _NOT_NAMES:
        words.pop(0)
    if not words:
        return None
    return start + words[0].start(), start + words[-1].end()


def name_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` gives someone's name in one of the phrasings above, in text order."""
    spans = set()
    signed = _SIGNED.search(text)
    if signed and signed["name"].split()[0] not in _NOT_SIGNATURES | _NOT_NAMES:
        spans.add((signed.start("name"), signed.end("name")))
    for pattern in (_OWN_NAME, _TITLED, _RELATIVE):
        for match in pattern.finditer(text):
            group = next(g for g in ("name", "called") if g in pattern.groupindex and match[g])
            if span := _trimmed(text, match.start(group), match.end(group)):
                spans.add(span)
    return sorted(spans)


class PhraseNameFinder:
    """`name_spans` as a name finder for `sounding.privacy.redact` (always available)."""

    def available(self) -> bool:
        return True

    def find(self, text: str) -> list[tuple[int, int]]:
        return name_spans(text)
