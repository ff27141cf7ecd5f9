"""The separate points a response makes: its sentences, or in a question of short answers,
its clauses.

A long answer makes its points in sentences, and within a sentence one point is argued
("uniforms reduce bullying, as no one stands out": one point, two clauses). A short answer
lists its points in clauses: "Friendly staff, but waited 4 hours" or "more staff and better
pay" are two points each, and analysts code both. So a question whose answers are short
(`lists_points`) is read clause by clause, both to find its themes and to code its answers;
other questions are read sentence by sentence, as before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from sounding.consult.discover import split_sentences
from sounding.consult.label_quality import faults, is_background
from sounding.consult.labels import is_contact_offer, is_discourse_only, names_no_point
from sounding.privacy.redact import redact

#: Words a sentence needs to be scored on its own ("Yes." or "Thank you." makes no point).
POINT_MIN_WORDS = 3
#: Words a clause of a short answer needs: "Staff lovely" and "better pay" are points.
CLAUSE_MIN_WORDS = 2
#: A question whose answers have at most this many words (median) names things rather than
#: says them ("nhs, immigration", "potholes and litter"): a single word of a list is a point.
#: Survey answers to "the most important issue" have a median of 3 or 4 words; short
#: feedback comments (8 to 10) list qualities of one thing ("clean and friendly").
NAMING_ANSWER_WORDS = 5
#: A question whose answers have at most this many words (median) lists its points in
#: clauses. Short comments and survey answers (4 to 12 words) are below it; arguments and
#: deliberation comments (16 to 21) and long submissions are above.
SHORT_ANSWER_WORDS = 14

# Where one clause of a short answer ends and the next begins: a contrast ("but",
# "although"…; not "even though", a concession going on with the point), or a list's comma
# (with or without a space: survey boxes get "recycling,fly tipping"), semicolon, "and", an
# ampersand, plus sign or slash with spaces around it ("council tax & potholes", "youth
# services / parks"; "A&E" and "24/7" are one word) or a slash between words ("drugs/asb"),
# "also" between points as typed ("stop the speeding also more police"), or "plus" before
# words ("lack of skilled workers plus access to finance"; not "rent plus 20%" or "on the
# plus side").
_CONTRAST = re.compile(
    r",?\s+\b(?:but|although|(?<!\beven\s)though|however|whereas)\b\s+", re.IGNORECASE
)
_LIST_BREAK = re.compile(
    r",?\s+\band\b\s+|(?<![,;])\s+also\s+|,\s+|,(?=[^\W\d_])|;\s*|\s+[+&/]\s+"
    # ... and a slash between words as typed, "Drugs/ASB/Ebikes" (not "24/7", "and/or")
    r"|(?<=[^\W\d_]{2})(?<!\band)/(?=[^\W\d_]{2})(?!(?:or|her|she)\b)"
    r"|(?<!\bthe)(?<!\ba)\s+plus\s+(?!side\b|points?\b)(?=[^\W\d_])",
    re.IGNORECASE,
)
#: ... and in a Welsh answer, at "a" or "ac" (and): a budget consultation's "Gofal
#: cymdeithasol a llyfrgelloedd" (social care and libraries) had been one point, and its
#: Welsh answers' themes each a bag of two services.
_WELSH_LIST_BREAK = re.compile(_LIST_BREAK.pattern + r"|,?\s+\b(?:a|ac)\b\s+", re.IGNORECASE)
#: Words that open a phrase qualifying the words before a comma rather than a point of its
#: own: "…, without having to pay for it", "…, not phased in later", "…, especially at night".
_QUALIFYING = frozenset(
    (  # noqa: SIM905 - a list of words reads best as words
        "without with not which who whose that so as to for from by especially even "
        "including like such unless until than rather instead or nor if when where while "
        "preferably ideally particularly mainly mostly only"
    ).split()
)
#: Words that, after "and", open a phrase going on with the point before rather than a
#: point of its own (an FFT's theme "With us as a family").
_QUALIFYING_AFTER_AND = frozenset(("with", "without", "to", "towards", "for", "from", "by", "at"))
#: Words that open a pair "and" closes, a few words before it: "between the top and the
#: floor", "both pay and conditions" (an NHS staff survey's "The gap between the top" and
#: "The floor is huge" had been two labels).
_PAIR_OPENED = re.compile(r"\b(?:between|both)(?:\s+[^\s,;]+){1,4}\s*$", re.IGNORECASE)
#: Words that pair with "and" into one expression rather than a list: "in and out", "up and
#: down", "on and off", "back and forth", "again and again", "now and then".
_PAIRED = frozenset(
    (  # noqa: SIM905 - a list of words reads best as words
        "in out up down on off back forth over under here there now then again more less "
        "round around about through to fro above beyond"
    ).split()
)

_DIGIT = re.compile(r"\d")
#: Two capital letters alone, as in "A and E" (accident and emergency) written out.
_LETTER = re.compile(r"[A-Z] [A-Z]\W*$")

#: A clause that opens by pointing back at the one before ("…, this would make it worse",
#: "…, and this means more rats", "…and that made the term stressful") says what that one
#: leads to: cut off, it is no point of its own, and as a theme label it means nothing
#: ("This would make it worse.").
_REFERS_BACK = re.compile(
    r"(?:this|which|that)\s+(?:would|will|could|can|might|may|should|just|only|also|then"
    r"|makes?|made|means?|meant|leads?|led|causes?|caused|adds?|added|results?|creates?"
    r"|is\s+(?:why|because|what)|was\s+(?:why|because|what))\b"
    # ... or says what doing it would show the reader: "do a night shift in ED and you'll
    # understand" (a staff survey's labels "Do a night shift in ED" and "You'll understand").
    r"|you(?:['’]?(?:ll|d)|\s+(?:will|would))\s+(?:understand|see|know|get\s+it|realise|realize)\b"
    # ... or what doing it would lead people to do: "Make helmets compulsory and nobody will
    # bother" (an e-scooter consultation's label "Make helmets compulsory" said the opposite
    # of its answers).
    r"|(?:nobody|no[-\s]one|people|everyone|everybody|they|you|we|riders|users|residents)"
    r"(?:['’]ll|['’]d|\s+(?:will|would|won['’]?t|wouldn['’]?t))\s+(?:just\s+|simply\s+)?"
    r"(?:not\s+)?(?:bother|stop|give\s+up|stay\s+away|go\s+elsewhere|ignore|move|leave|use"
    r"|drive|walk|switch|avoid|quit)\b",
    re.IGNORECASE,
)

#: Emphasis with no point of its own: "No way, I can't afford it", "Enough is enough. Stop
#: wasting money", "Cut the waste, simple as that". Cut from its answer as a clause, it had
#: made a budget survey's second-largest theme ("Enough is enough", 85; "No way", 64).
_EMPHASIS = re.compile(
    r"^(?:no\s+way|absolutely\s+not|definitely\s+not|certainly\s+not|not\s+a\s+chance"
    r"|no\s+chance|enough\s+is\s+enough|(?:it['’]?s\s+)?(?:as\s+)?simple\s+as\s+that"
    r"|end\s+of(?:\s+story)?|full\s+stop|(?:it['’]?s\s+)?not\s+rocket\s+science"
    r"|of\s+course|obviously|absolutely|definitely|yes\s+(?:please|definitely|absolutely)"
    # ... and a turn with no point of its own, cut off by its comma ("On the other hand, the
    # wifi...": a student survey's theme "On the other hand", 7).
    r"|on\s+the\s+other\s+hand|(?:that|having)\s+said(?:\s+that)?|saying\s+that|then\s+again"
    r"|to\s+be\s+(?:fair|honest)|in\s+fairness|tbh|honestly|overall|all\s+in\s+all"
    r"|on\s+the\s+whole"
    # ... or who is speaking, or a choice about to be named ("For me, the seminars": a
    # module survey's theme "For me", 4), or a closing that all else was well.
    r"|for\s+me|personally|if\s+i\s+(?:had|have)\s+to\s+(?:pick|choose|say)(?:\s+one)?"
    r"|one\s+change|probably|easily|defo?|hands\s+down|without\s+a\s+doubt"
    r"|(?:other\s+than|apart\s+from|besides)\s+(?:that|this)(?:\s+(?:it|everything|all)"
    r"(?:\s+was|['’]s|\s+is)\s+(?:fine|good|great|ok(?:ay)?|alright|brilliant|excellent))?)\W*$",
    re.IGNORECASE,
)


def _median_words(texts: Sequence[str]) -> float | None:
    """The median length in words of the answers with words in them (None: there are none)."""
    lengths = [len(text.split()) for text in texts if text.strip()]
    return float(np.median(lengths)) if lengths else None


def lists_points(texts: Sequence[str]) -> bool:
    """Whether answers this short list their points in clauses (`SHORT_ANSWER_WORDS`)."""
    median = _median_words(texts)
    return median is not None and median <= SHORT_ANSWER_WORDS


def clause_min_words(texts: Sequence[str]) -> int:
    """Words a clause of these answers needs to stand as a point: one where the answers name
    things (`NAMING_ANSWER_WORDS`), else `CLAUSE_MIN_WORDS`. Where answers name things, a
    list of them is a list of points, and an answer coded whole sat between them: "nhs,
    immigration, cost of living" made a theme of its own."""
    median = _median_words(texts)
    return 1 if median is not None and median <= NAMING_ANSWER_WORDS else CLAUSE_MIN_WORDS


def point_sentences(text: str) -> list[str]:
    """The sentences of a response that are scored on their own: those of at least
    `POINT_MIN_WORDS` words but an offer to be contacted, when there are two or more (one is
    the response itself)."""
    sentences = [
        s
        for s in split_sentences(text)
        if len(s.split()) >= POINT_MIN_WORDS
        and not is_contact_offer(s)
        and not is_background(s)
        and not is_discourse_only(s)  # "I am writing to object to the application."
    ]
    return sentences if len(sentences) > 1 else []


def point_clauses(text: str, min_words: int = CLAUSE_MIN_WORDS, welsh: bool = False) -> list[str]:
    """The clauses of a short answer that stand as points: those of at least `min_words`
    words, when there are two or more ("clean and friendly" has none at two words; where
    answers name things, one word is a point: see `clause_min_words`).
    A list of things is cut too ("blind people and wheelchairs cannot pass" gives "blind
    people"): keeping any list with a one-word item whole lowered discovery F1 on every
    short-answer set it was tried on, as most such lists in answers are lists of points.
    Clauses that give only the respondent's details are left out (`is_point`). Where a
    contrast leaves one clause that stands ("Good but the wait was long"), that clause is the
    answer's point: the word before "but" is a verdict, and it is the complaint that makes
    the point (read whole, the answer leans positive and sits with the short waits)."""
    clauses: list[str] = []
    contrasted = False
    for sentence in split_sentences(text):
        parts = _CONTRAST.split(sentence)
        contrasted = contrasted or len(parts) > 1
        for part in parts:
            breaks = _WELSH_LIST_BREAK if welsh else _LIST_BREAK
            items = (item.strip(" ,") for item in _list_items(part, breaks))
            clauses.extend(item for item in items if is_point(item, min_words))
    if contrasted and len(clauses) == 1:
        return clauses
    return clauses if len(clauses) > 1 else []


#: What follows an "and" that ends a clause with the person it was done to as well: "Listened
#: to me and my husband" (an FFT's, which had made a theme "My husband").
_AND_SOMEONE = re.compile(
    r"\s*(?:my|our|his|her|their|the)\s+(?:\w+\s+)?(?:husband|wife|partner|family|son|daughter"
    r"|mum|mom|dad|mother|father|baby|kids?|child(?:ren)?|boy|girl|parents|grandson"
    r"|granddaughter|carer|friend)s?\b(?=\s*(?:[,;.!?)]|$))",
    re.IGNORECASE,
)


def _list_items(part: str, breaks: re.Pattern[str] = _LIST_BREAK) -> list[str]:
    """`part` cut at its list breaks (`_LIST_BREAK`), except an "and" joining two capital
    letters ("A and E") or two words of a pair (`_PAIRED`): "rushed in and out in 5 mins"
    is one point, not "rushed in" and "out in 5 mins"; and except a comma before words
    that only qualify what came before (`_QUALIFYING`): "Weekly food waste collection from
    day one, not phased in later" is one point, not a second one called "Not phased in
    later"; and except before a clause that points back at the one before
    (`_REFERS_BACK`), or an "and" before the person it was done to as well (`_AND_SOMEONE`);
    and except inside brackets, which name what the point is about ("Too
    many different apps (ParentMail, Arbor) its confusing" had made two labels, each with
    half the bracket); and except the "and" of "between … and …" or "both … and …"."""
    items, start = [], 0
    for match in breaks.finditer(part):
        # The words either side, without their punctuation: "on and off." is a pair too.
        before = [w.strip(".,!?;:") for w in part[: match.start()].split()[-1:]]
        after = [w.strip(".,!?;:") for w in part[match.end() :].split()[:1]]
        joined_by_and = match.group(0).strip().lower() == "and"
        if joined_by_and and before and after and {before[0].lower(), after[0].lower()} <= _PAIRED:
            continue
        if joined_by_and and before and after and _LETTER.match(before[0] + " " + after[0]):
            continue  # "A and E", "B and Q": one name, written out
        if joined_by_and and before and after and all(_DIGIT.search(w) for w in before + after):
            continue  # "7 and 7A is confusing": two numbers (routes, wards) of one point
        if match.group(0).strip() == "," and after and after[0].lower() in _QUALIFYING:
            continue
        if joined_by_and and after and after[0].lower() in _QUALIFYING_AFTER_AND:
            continue  # "Good communication between staff and with us as a family"
        if _REFERS_BACK.match(part, match.end()):
            continue
        if joined_by_and and _AND_SOMEONE.match(part, match.end()):
            continue  # "Listened to me and my husband": one point
        if joined_by_and and _PAIR_OPENED.search(part, start, match.start()):
            continue  # "the gap between the top and the floor is huge": one point
        opened = part[: match.start()]
        if opened.count("(") > opened.count(")"):
            continue  # inside brackets: "Too many apps (ParentMail, Arbor) its confusing"
        items.append(part[start : match.start()])
        start = match.end()
    return [*items, part[start:]]


def is_point(clause: str, min_words: int = CLAUSE_MIN_WORDS) -> bool:
    """Whether a clause can stand as a point: long enough without its personal data, not a
    non-answer, a sign-off ("That is all."), emphasis ("No way") or an offer to be
    contacted, and not the respondent's details ("Email jo@example.com", "My name is Jo
    Bloggs"), which would otherwise become a theme wherever several answers sign off alike."""
    if (
        len(clause.split()) < min_words
        or names_no_point(clause)  # a sign-off, discourse markers, an offer to be contacted
        or _EMPHASIS.match(clause.strip())
        or is_background(clause)
    ):
        return False
    redaction = redact(clause)
    if len(redaction.without_data.split()) < min_words:
        return False
    found = set(faults(clause))
    if redaction.redacted and "circumstance" in found:
        return False
    return not {"non-answer", "not prose"} & found
