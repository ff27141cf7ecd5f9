"""Replace personal data with placeholders before text leaves the machine.

`redact` swaps each piece of personal data for a placeholder such as `[EMAIL_1]` and keeps
the originals in `Redaction.mapping`, so `restore` can put them back locally in a model's
reply. The same value twice in one text gets the same placeholder, so a model can still
tell that two mentions are one person's address.

What is caught (deliberately conservative, UK-centred):

- EMAIL: ordinary addresses (`name.surname+tag@sub.example.co.uk`).
- PHONE: UK numbers starting `0`, `+44`, `0044` or `+44 (0)`, with spaces, dashes or
  brackets (`07700 900123`, `+44 7700 900123`, `(020) 7946 0123`, `0161-496-0123`,
  `01632 960123`); 10 national digits (9 allowed for 01 and 08 numbers). A leading zero is
  required, which is what keeps years, money and counts ("2024", "£1,200", "300 vans") out.
- POSTCODE: the full UK pattern including `GIR 0AA`, any case, with or without the space.
  A lower-case ordinal after a road number ("the A1 3rd exit") is not taken for one.
- NI_NUMBER: National Insurance numbers under the official prefix rules (first letter not
  D, F, I, Q, U, V; second not D, F, I, O, Q, U, V; not BG, GB, KN, NK, NT, TN, ZZ), six
  digits and a suffix A-D, spaces optional. HMRC's sample `QQ 12 34 56 C` fails the rules.
- ADDRESS: a house number and a street named in capitals with its kind of street, English
  after the name ("12 Acacia Avenue", "4a, Mill Lane") or Welsh before it ("12 Heol y
  Bryn", "3 Ffordd Las"). A count of things is not one ("3 High Street shops", "2 County
  Court Judgments"), though "12 Church Road needs a licence" is.
- DATE_OF_BIRTH: a date given as one, after "DOB", "D.O.B.", "date of birth" or "born"
  ("dob 04.07.1949", "born on 4th July 1949"): the date alone, since dates of visits and
  deadlines are what answers are about.
- NHS_NUMBER: ten digits, plain or spaced 3-3-4, that pass the modulus-11 check digit, or
  any ten after "NHS number".
- CARD: 13-19 digits, unbroken or grouped as cards print them (in fours, or 4-6-5), that
  pass the Luhn check.
- PERSON: a name the text gives as one ("My name is Jo Bloggs", "Dr Patel", "my daughter
  Sarah"; see `sounding.privacy.names`), and any other name a local named-entity model
  finds where one is installed (see `SpacyNameFinder`).

What is not caught: other names without an NER model ("Jo said the bus was late"), a
street written without its number or in lower case ("I live on mill lane"), a date of
birth not said to be one, non-UK phone numbers, numbers split by zero-width characters or
written in words, bank account numbers and sort codes, vehicle registrations, and free-text
descriptions that identify someone ("the only GP surgery manager in Little Snoring").
Redaction lowers the risk of sending personal data; it does not remove it.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

from sounding.privacy.names import PhraseNameFinder

KINDS: tuple[str, ...] = (
    "EMAIL",
    "PHONE",
    "POSTCODE",
    "ADDRESS",
    "NI_NUMBER",
    "NHS_NUMBER",
    "CARD",
    "DATE_OF_BIRTH",
    "PERSON",
)
# When two kinds claim exactly the same span, the earlier (more specific, checksummed) wins.
_PRIORITY = {
    kind: rank
    for rank, kind in enumerate(
        (
            "CARD",
            "NHS_NUMBER",
            "NI_NUMBER",
            "EMAIL",
            "PHONE",
            "POSTCODE",
            "ADDRESS",
            "DATE_OF_BIRTH",
            "PERSON",
        )
    )
}

PLACEHOLDER = re.compile(r"\[(" + "|".join(KINDS) + r")_(\d+)\]")


@dataclass(frozen=True)
class Redaction:
    """A redacted text and what is needed to undo it locally.

    `mapping` goes from placeholder to the original text (as first written) and must never
    be sent anywhere; `counts` is how many spans of each kind were replaced.
    """

    text: str
    mapping: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def redacted(self) -> bool:
        """Whether anything was replaced."""
        return bool(self.mapping)

    @property
    def without_data(self) -> str:
        """The text with its placeholders taken out too: words that can be counted or
        shown as a text's own ("Key terms") without any part of the data ("example" from
        an email address) or a placeholder standing for it."""
        return PLACEHOLDER.sub(" ", self.text)


@runtime_checkable
class NameFinder(Protocol):
    """Finds people's names in text; `find` returns (start, end) character spans."""

    def available(self) -> bool: ...

    def find(self, text: str) -> list[tuple[int, int]]: ...


class SpacyNameFinder:
    """PERSON entities from a locally installed spaCy model, if there is one.

    Nothing is downloaded: when `spacy` or the model package cannot be imported,
    `available()` is False and names are simply not redacted.
    """

    def __init__(self, model: str = "en_core_web_sm") -> None:
        self.model = model
        self._nlp: Any = None
        self._failed = False

    def available(self) -> bool:
        return self._load() is not None

    def find(self, text: str) -> list[tuple[int, int]]:
        nlp = self._load()
        if nlp is None or not text:
            return []
        return [(ent.start_char, ent.end_char) for ent in nlp(text).ents if ent.label_ == "PERSON"]

    def _load(self) -> Any:
        if self._nlp is not None or self._failed:
            return self._nlp
        try:
            if importlib.util.find_spec("spacy") is None:
                raise ImportError("spacy is not installed")
            if importlib.util.find_spec(self.model) is None:
                raise ImportError(f"spaCy model {self.model!r} is not installed")
            import spacy  # type: ignore[import-not-found]

            self._nlp = spacy.load(self.model, disable=["parser", "lemmatizer"])
        except (ImportError, OSError, ValueError):
            self._failed = True
        return self._nlp


class _Both:
    """Names either finder finds."""

    def __init__(self, *finders: NameFinder) -> None:
        self.finders = finders

    def available(self) -> bool:
        return True

    def find(self, text: str) -> list[tuple[int, int]]:
        return [span for finder in self.finders for span in finder.find(text)]


@functools.cache
def _default_name_finder() -> NameFinder:
    """Names given as names ("My name is …", "Dr Patel"), and every name a local spaCy
    model finds where one is installed."""
    spacy = SpacyNameFinder()
    return _Both(PhraseNameFinder(), spacy) if spacy.available() else PhraseNameFinder()


# --------------------------------------------------------------------------- patterns

_EMAIL = re.compile(
    r"(?<![\w.%+'-])[A-Za-z0-9][A-Za-z0-9._%+'-]*"
    r"@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}(?![\w-])"
)
_PHONE = re.compile(
    r"""(?<![\w+])
    (?:(?:\+|00)\ ?44[\ \-]?(?:\(0\)[\ \-]?)?|(?P<open>\()?0)   # +44, 0044, +44 (0), 0, (0
    [1235789]                                         # UK geographic, mobile and non-geo
    (?:[\ \-]?\)?[\ \-]?[0-9]){8,9}                   # the rest, with spaces/dashes/bracket
    (?![0-9])
    (?(open)\)?)                                       # "(07700 900321)": its closing bracket""",
    re.VERBOSE,
)
_POSTCODE = re.compile(
    r"""(?<![A-Za-z0-9])
    (?:GIR[^\S\n]?0AA
      | [A-PR-UWYZ]
        (?:[A-HK-Y][0-9][ABEHMNPRV-Y] | [A-HK-Y][0-9]{1,2} | [0-9][A-HJKPS-UW] | [0-9]{1,2})
        [^\S\n]?[0-9][ABD-HJLNP-UW-Z]{2}
    )
    (?![A-Za-z0-9])""",
    re.VERBOSE | re.IGNORECASE,
)
_ORDINAL = re.compile(r"(?:1st|2nd|3rd|[04-9]th)")
#: A word of a street's name, as written in capitals (Welsh letters included).
_NAME_WORD = r"[A-ZÂÊÎÔÛŴŶ][a-zâêîôûŵŷ'’-]+"
_ADDRESS = re.compile(
    rf"""\b[0-9]{{1,4}}[a-z]?,?\ (?:
      (?:{_NAME_WORD}\ ){{1,3}}
      (?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Drive|Way|Crescent|Place|Gardens|Court
        |Terrace|Hill|Grove|Row|Square|Walk|Mews|Rise|Parade|View|Green)\b
      # A plural after the street is what is counted ("2 Leicester Square kiosks"), unless
      # it is a verb ("12 Tanners Row lets his dog foul").
      (?!\ (?!(?:has|was|does|needs|gets|looks|floods|backs|sits|faces|shares|opens|closes
        |lies|uses|lets|keeps|parks|leaves|plays|makes|puts|runs)\b)[A-Za-z]{{2,}}s\b)
    | (?:Heol|Ffordd|Stryd|Lôn|Rhodfa|Cilgant|Teras|Clos|Llys|Rhes)
      (?:\ (?:y|yr))?\ {_NAME_WORD}(?:\ {_NAME_WORD})?
    )
    # A flat by its number, which on an estate says whose home it is ("Flat 39", a tenants'
    # survey's label; not "flat 5 minutes later").
    | \b(?:[Ff]lat|FLAT|[Aa]partment|[Aa]pt\.?|[Mm]aisonette)\ ?(?:[Nn]o\.?\ ?)?
      [0-9]{{1,4}}[A-Za-z]?\b
      (?!\ ?(?:%|percent|per\b|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|times?))
      # ... with its street where one follows ("Flat 39 Oakfield Road" had become a label
      # "[ADDRESS_1] Oakfield Road").
      (?:,?\ (?:{_NAME_WORD}\ ){{1,3}}(?:Road|Rd|Street|St|Lane|Ln|Avenue|Ave|Close|Drive|Way
        |Crescent|Place|Gardens|Court|Terrace|Hill|Grove|Row|Square|Walk|Mews|Rise|Parade
        |View|Green|House|Tower|Towers|Estate)\b)?""",
    re.VERBOSE,
)
_NI_NUMBER = re.compile(
    r"""(?<![A-Za-z0-9])
    (?!BG|GB|KN|NK|NT|TN|ZZ)
    [A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]
    \ ?[0-9]{2}\ ?[0-9]{2}\ ?[0-9]{2}\ ?[A-D]
    (?![A-Za-z0-9])""",
    re.VERBOSE | re.IGNORECASE,
)
_NHS_NUMBER = re.compile(
    r"(?<![\w.,])(?<![0-9][ -])[0-9]{3}([ -]?)[0-9]{3}\1[0-9]{4}(?![ -]?[0-9])"
)
#: Ten digits said to be an NHS number, redacted whether or not their check digit holds: a
#: patient's "My NHS number is 485 777 3456", mistyped or not, is theirs to keep.
_NHS_NUMBER_SAID = re.compile(
    r"(?i:\bnhs\s*(?:number|no\.?|num|#)\s*(?:is\s+|was\s+)?[:=-]?\s*)"
    r"(?P<value>[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4})(?![0-9])"
)
_CARD = re.compile(r"(?<![\w.,])(?<![0-9][ -])[0-9]{3,19}(?:[ -][0-9]{3,19})*(?![\w.,]?[0-9])")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
#: A date said to be a birth date; only the `value` group is replaced.
_DATE_OF_BIRTH = re.compile(
    r"(?i:\b(?:d\.?\s?o\.?\s?b|date\s+of\s+birth|born(?:\s+on)?)\b\.?\s*(?:is\s+|was\s+)?[:=-]?\s*)"
    r"(?P<value>[0-9]{1,2}[./-][0-9]{1,2}[./-](?:[0-9]{4}|[0-9]{2})"
    rf"|(?i:[0-9]{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+[0-9]{{4}}))(?![0-9])"
)
_DIGIT = re.compile(r"[0-9]")


def _digits(text: str) -> str:
    return "".join(_DIGIT.findall(text))


def national_digits(phone: str) -> str:
    """A UK number's digits after its leading 0, however written: "+44 (0)300 200 3200",
    "0044 300 200 3200" and "0300 200 3200" all give "3002003200"."""
    digits = _digits(phone)
    stripped = phone.lstrip(" (")
    if stripped.startswith(("+", "00")):
        digits = digits[4:] if stripped.startswith("00") else digits[2:]
    return digits.removeprefix("0")


def _phone_ok(match: str) -> bool:
    digits = national_digits(match)
    if len(digits) == 10:
        return True
    return len(digits) == 9 and digits[0] in "18"


def nhs_number_valid(digits: str) -> bool:
    """Whether ten digits pass the NHS modulus-11 check (and are not one repeated digit)."""
    if len(digits) != 10 or not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def luhn_valid(digits: str) -> bool:
    """Whether a digit string passes the Luhn check used by payment cards."""
    if not digits.isdigit() or len(set(digits)) == 1:
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _ni_ok(match: str) -> bool:
    """Letters all of one case: "SC612345 a valid company number" is a Scottish company
    number and the article, not an NI number with its suffix."""
    letters = "".join(c for c in match if c.isalpha())
    return letters.isupper() or letters.islower()


#: How card numbers are printed: in fours (the last group shorter on 13, 15 and 19 digits)
#: or 4-6-5 and 4-6-4 (American Express, Diners). "101 102 103 104 305" is bus routes.
_CARD_GROUPS = re.compile(
    r"[0-9]{13,19}|(?:[0-9]{4}[ -]){3}[0-9]{1,7}|[0-9]{4}[ -][0-9]{6}[ -][0-9]{4,5}"
)


def _card_ok(match: str) -> bool:
    digits = _digits(match)
    return 13 <= len(digits) <= 19 and bool(_CARD_GROUPS.fullmatch(match)) and luhn_valid(digits)


def _postcode_ok(match: str) -> bool:
    inward = match[-3:]
    return not (inward.islower() and _ORDINAL.fullmatch(inward))


_Check = Callable[[str], bool]
_RULES: tuple[tuple[str, re.Pattern[str], _Check | None], ...] = (
    ("EMAIL", _EMAIL, None),
    ("PHONE", _PHONE, _phone_ok),
    ("POSTCODE", _POSTCODE, _postcode_ok),
    ("ADDRESS", _ADDRESS, None),
    ("NI_NUMBER", _NI_NUMBER, _ni_ok),
    ("NHS_NUMBER", _NHS_NUMBER, lambda m: nhs_number_valid(_digits(m))),
    ("NHS_NUMBER", _NHS_NUMBER_SAID, None),
    ("CARD", _CARD, _card_ok),
    ("DATE_OF_BIRTH", _DATE_OF_BIRTH, None),
)


def _canonical(kind: str, value: str) -> str:
    """The form under which two mentions count as the same value."""
    if kind == "EMAIL":
        return value.casefold()
    if kind == "PHONE":
        return national_digits(value)
    if kind in ("POSTCODE", "NI_NUMBER"):
        return "".join(value.split()).upper()
    if kind in ("NHS_NUMBER", "CARD"):
        return _digits(value)
    return " ".join(value.split())


# --------------------------------------------------------------------------- redaction

_Span = tuple[int, int, str]
Names = NameFinder | Literal["auto"] | None


def _resolve_names(names: Names) -> NameFinder | None:
    if isinstance(names, str):  # "auto"
        return _default_name_finder()
    if names is not None and not names.available():
        return None
    return names


def _find_spans(text: str, finder: NameFinder | None) -> list[_Span]:
    """Every candidate span, overlaps resolved: longest first, then leftmost, then kind."""
    candidates: list[_Span] = []
    for kind, pattern, check in _RULES:
        group = "value" if "value" in pattern.groupindex else 0
        for match in pattern.finditer(text):
            if check is None or check(match.group(group)):
                candidates.append((match.start(group), match.end(group), kind))
    if finder is not None:
        for start, end in finder.find(text):
            # Trim surrounding space so "[PERSON_1]" sits where the name was.
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                candidates.append((start, end, "PERSON"))
    candidates.sort(key=lambda s: (-(s[1] - s[0]), s[0], _PRIORITY[s[2]]))
    chosen: list[_Span] = []
    for span in candidates:
        if all(span[1] <= c[0] or span[0] >= c[1] for c in chosen):
            chosen.append(span)
    chosen.sort()
    return chosen


def redact(text: str, *, names: Names = "auto") -> Redaction:
    """Replace personal data in `text` with numbered placeholders.

    `names` is the name finder to use: "auto" finds names given as names, and uses spaCy
    too if a model is installed locally; None redacts no names. Placeholder numbers already
    written in the text are skipped, so a respondent who types "[EMAIL_1]" cannot have
    someone's address restored into it.
    """
    spans = _find_spans(text, _resolve_names(names))
    if not spans:
        return Redaction(text=text)
    taken = {m.group(0) for m in PLACEHOLDER.finditer(text)}
    next_number: Counter[str] = Counter()
    by_value: dict[tuple[str, str], str] = {}
    mapping: dict[str, str] = {}
    counts: Counter[str] = Counter()
    pieces: list[str] = []
    position = 0
    for start, end, kind in spans:
        original = text[start:end]
        key = (kind, _canonical(kind, original))
        placeholder = by_value.get(key)
        if placeholder is None:
            while True:
                next_number[kind] += 1
                placeholder = f"[{kind}_{next_number[kind]}]"
                if placeholder not in taken:
                    break
            by_value[key] = placeholder
            mapping[placeholder] = original
        counts[kind] += 1
        pieces.append(text[position:start])
        pieces.append(placeholder)
        position = end
    pieces.append(text[position:])
    return Redaction(text="".join(pieces), mapping=mapping, counts=dict(counts))


def redact_many(texts: Iterable[str], *, names: Names = "auto") -> list[Redaction]:
    """Redact each text on its own (placeholders are numbered per text)."""
    finder = _resolve_names(names)
    return [redact(text, names=finder) for text in texts]


def restore(text: str, mapping: dict[str, str]) -> str:
    """Put the originals back in place of placeholders, locally, in one pass.

    Placeholders that are not in `mapping` (say, invented by a model) are left as they are.
    """
    if not mapping:
        return text
    return PLACEHOLDER.sub(lambda m: mapping.get(m.group(0), m.group(0)), text)
