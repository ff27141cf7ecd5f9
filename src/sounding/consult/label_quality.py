"""What makes a sentence a poor theme label, in rules a reader can check.

A key point is a respondent's own sentence, so it can be a personal story ("I'd park streets
away from my house."), one that only sets out their situation ("I'm 78 and use a walking
stick."), a sentence cut short, one opening with filler ("Put simply, ..."), no point at
all ("Not sure, to be honest."), or no sentence at all (a pasted formula, "AAAAA"). The
discoverer uses these rules to prefer better statements among a theme's candidates; the
quality benchmark uses them to count how many published labels still have each fault.
"""

from __future__ import annotations

import re

from sounding.consult.normalise import FORMULA, blank_reason, clean
from sounding.retrieval.spelling import is_spelt

#: First person singular: the sentence tells the respondent's own story.
_FIRST_PERSON = re.compile(r"\b(?:i|i['’](?:m|ve|d|ll)|im|ive|me|my|mine|myself)\b", re.IGNORECASE)
#: Openings that carry no content; `labels.strip_openers` removes the ones it can.
_FILLER = re.compile(
    r"^(?:put\ simply|simply\ put|to\ put\ it\ simply|in\ short|in\ a\ nutshell|to\ sum\ up"
    r"|the\ thing\ is|well|ok(?:ay)?|look|let['’]s\ be\ honest|at\ the\ end\ of\ the\ day"
    r"|in\ my\ (?:view|opinion)|to\ be\ (?:honest|fair|frank)|honestly|basically|so|and|but)"
    r"\b[\s,.:;!-]*",
    re.IGNORECASE | re.VERBOSE,
)
#: First person plural: with the singular, the respondent speaks of their own situation.
_FIRST_PERSON_PLURAL = re.compile(r"\b(?:we|we['’](?:re|ve|d|ll)|us|our|ours)\b", re.IGNORECASE)
#: Words that make a sentence a point rather than a circumstance: a consequence ("would",
#: "have to"), a judgement ("better", "unfair") or a view ("I think", "we support").
_POINT_WORDS = re.compile(
    r"\b(?:would|wouldn['’]?t|could|couldn['’]?t|will|won['’]?t|might|may|can|can['’]?t"
    r"|cannot|should|shouldn['’]?t|must|need|needs|have\ to|has\ to|had\ to|going\ to"
    r"|mean|means|make|makes|help|helps|stop|stops|allow|allows|let|lets"
    r"|think|believe|feel|agree|disagree|support|oppose|want|hope|worry|fear|prefer|like"
    r"|good|bad|better|worse|best|worst|right|wrong|fair|unfair|easier|harder|safer|unsafe"
    r"|dangerous|impossible|necessary|needed|essential|vital|important|too|because)\b"
    r"|\w['’](?:d|ll)\b",
    re.IGNORECASE | re.VERBOSE,
)
#: Words a complete sentence does not end on (prepositions can: "what we rely on").
DANGLING_WORDS = frozenset(
    {
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "of",
        "because",
        "than",
        "my",
        "our",
        "their",
        "your",
    }
)
#: Openings of a sentence that disclaims having a view.
_NO_VIEW = re.compile(
    r"^(?:i['’]?m\ |i\ am\ )?(?:not\ sure|unsure|no\ idea|don['’]?t\ know|do\ not\ know"
    r"|no\ comment|nothing\ (?:further|more|else|to\ add)|no\ opinion|can['’]?t\ say)\b",
    re.IGNORECASE | re.VERBOSE,
)

#: Openings that go on about a sentence before: a person named there ("…my mum. Now she
#: sits in on her own all day"), or a verb whose subject it left out ("Potholes. Gets worse
#: every year", "Has been for about 50 years"). "They" and "this" are left out: in an
#: answer they mostly stand for the people or the proposal the question is about ("They
#: are all the same", "This will lead to robots"). So is "Was at work all day", whose
#: subject is the respondent.
#: Linking words a sentence that goes on may open with ("and now she…").
_LINKING = r"(?:(?:and|but|so|now|then|also)\s+){0,2}"
_GOES_ON = re.compile(
    rf"^{_LINKING}(?:he|she|he['’]s|she['’]s)\b"
    r"|^(?:and\s+|but\s+)?(?:has|gets|does|goes|seems|looks|keeps)\b"
    # A subject left in the sentence before: a parish survey's "Must never be built on".
    r"|^(?:and\s+|but\s+)?(?:must|should|shouldn['’]?t|cannot|can['’]?t|won['’]?t)\s+"
    r"(?:never\s+|not\s+|ever\s+|always\s+)?(?:stay|remain|go|happen"
    # ... not "(There) should be more buses", which names what it is about.
    r"|be(?!\s+(?:more|less|fewer|an?|some|no|better|somewhere)\b))\b"
    # ... or set against it: "Otherwise great" (an FFT's theme of 146 under what could have
    # been better, holding "Don't think so" and complaints about parking), "Apart from that
    # all good", "The rest was awful" (a theme of praise).
    r"|^(?:and\s+|but\s+)?(?:otherwise|other\s+than\s+(?:that|this)|apart\s+from\s+(?:that|this)"
    r"|aside\s+from\s+(?:that|this)|besides\s+(?:that|this)|except\s+for\s+(?:that|this))\b"
    r"|^(?:and\s+|but\s+)?the\s+rest\s+(?:was|were|is|are)\b",
    re.IGNORECASE,
)
#: ... or "it", where the sentence is too short to say what it is ("Its at breaking point",
#: "It's back a month later"). A longer one names it after all ("It is not fair to tax
#: savers twice").
_IT = re.compile(rf"^{_LINKING}(?:it|its|it['’]s)\b", re.I)
#: ... or ends on what the sentence before named: "No parking on it", "Protect them".
_ENDS_ON_IT = re.compile(r"\b(?:it|them)[.!]*$", re.I)
_IT_MAX_WORDS = 6
_ENDS_ON_IT_MAX_WORDS = 4


def goes_on(sentence: str) -> bool:
    """The sentence goes on about the one before it (`_GOES_ON`, `_IT`): taken out of its
    answer, it says nothing of what it is about ("Its at breaking point")."""
    text = sentence.strip()
    if _GOES_ON.match(text):
        return True
    words = len(text.split())
    if words <= _ENDS_ON_IT_MAX_WORDS and _ENDS_ON_IT.search(text):
        return True
    return bool(_IT.match(text)) and words <= _IT_MAX_WORDS


def is_anecdote(label: str) -> bool:
    """The label speaks in the first person singular, as a respondent's own story does."""
    return bool(_FIRST_PERSON.search(label))


def is_circumstance(label: str) -> bool:
    """The label tells the respondent's own situation ("I'm 78 and use a walking stick.",
    "We don't qualify for a blue badge.") but makes no point: no consequence, judgement or
    view. Such a sentence is context for an answer, not the answer an analyst reports."""
    own = is_anecdote(label) or bool(_FIRST_PERSON_PLURAL.search(label))
    return own and not _POINT_WORDS.search(label)


#: Who the respondent is, told before the point: "We are a 4-person haulage firm", "I'm a
#: mum of three", "We've been trading for 3 years", "I have lived here 20 years", "It was
#: my first referral", "I have depression". Feedback from patients and businesses opens
#: with such sentences, and as points they had made themes of their own.
_BACKGROUND = re.compile(
    r"^(?:(?:i|we)(?:\s+am|['’]?m|\s+are|['’]re)\s+(?:an?|the)\s+"  # "Im a student" as typed
    r"|(?:i|we)(?:\s+have|['’]?ve)\s+(?:been\s+)?(?:lived|living|worked|working|traded|trading"
    r"|run|running|used|using|been\s+(?:a|an|with|on|at|in|under|known\s+to))\b.*"
    r"\b(?:for|since|on\s+and\s+off)\b"
    r"|(?:it|this)\s+(?:was|is)\s+(?:my|our)\s+(?:first|second|third|\w+th)\b"
    r"|i(?:\s+have|['’]ve)\s+(?:got\s+|had\s+)?(?:\w+\s+)?(?:depression|anxiety|psychosis|bipolar"
    r"|ptsd|autism|adhd|ocd|schizophrenia|diabetes|asthma|copd|cancer|dementia|arthritis"
    r"|epilepsy|ms|m\.e\.|fibromyalgia|a\s+(?:\w+\s+)?(?:condition|disability|illness)))",
    re.IGNORECASE,
)


#: Who is responding, and for whom, as organisations' letters open: "These representations
#: are submitted by Turley on behalf of Bloor Homes…", "We are writing on behalf of the
#: residents' association", "The Parish Council considered the plan at its meeting on 4
#: March" (a local plan's, each a theme's label).
_RESPONDING = re.compile(
    r"^(?:these|this|the\s+following|our|my)\s+(?:representations?|comments?|responses?"
    r"|submissions?|objections?|letter)\s+(?:is|are|has\s+been|have\s+been)\s+(?:submitted"
    r"|made|prepared|written|provided|sent|lodged)\s+(?:by|on\s+behalf\s+of|for)\b"
    r"|(?:i|we)(?:\s+am|['’]m|\s+are|['’]re)\s+(?:writing|responding|submitting|commenting)"
    r"\s+(?:on\s+behalf\s+of|as|for)\b"
    r"|.{0,80}\b(?:has|have)\s+been\s+instructed\s+by\b"
    r"|.{0,80}\b(?:considered|discussed|agreed|resolved|reviewed)\b.{0,60}"
    r"\bat\s+(?:its|their|our)\s+(?:\w+\s+){0,2}meeting\b",
    re.IGNORECASE,
)


#: Whose care it is and their condition, as carers fill in a care survey: "My father is
#: 75", "Mum is 93 and has dementia", "My mother (66) has Parkinson's", "Has Alzheimer's",
#: "Partially sighted", "Uses a wheelchair" (an adult social care survey's, themes of 75
#: and 48, and in its summary).
_CARED_FOR = (
    r"(?:mum|mother|mom|mam|dad|father|husband|wife|partner|son|daughter|nan|nana|gran"
    r"|grandma|grandad|grandfather|grandmother|brother|sister|aunt|auntie|uncle)"
)
_CONDITION = (
    r"(?:alzheimer['’]?s|dementia|parkinson['’]?s|ms|motor\s+neurone\s+disease|a\s+stroke"
    r"|arthritis|copd|diabetes|epilepsy|autism|a\s+learning\s+disability|cerebral\s+palsy"
    r"|a\s+(?:wheelchair|walking\s+frame|zimmer\s+frame|stick|hoist)|sight\s+loss"
    r"|in\s+sheltered\s+housing|on\s+(?:my|his|her|their)\s+own|alone)"
)
_THEIR_CIRCUMSTANCE = re.compile(
    r"^(?:i|we)(?:\s+am|['’]?m|\s+are|['’]re)\s+\d+\b"
    rf"|^(?:(?:my|our)\s+(?:\w+\s+)?)?{_CARED_FOR}(?:\s*\(\d+\))?\s+(?:is|was)\s+\d+\b"
    rf"|^(?:(?:my|our)\s+(?:\w+\s+)?)?{_CARED_FOR}(?:\s*\(\d+\))?\s+(?:has|had|uses|lives)"
    rf"\s+(?:got\s+)?(?:\w+\s+)?{_CONDITION}"
    rf"|^(?:has|have|had|uses|use|lives|live)\s+(?:got\s+)?(?:\w+\s+)?{_CONDITION}"
    r"|^(?:aged\s+\d+|\d+\s*(?:years?|yrs?)\s+old)\b"
    r"|^(?:partially\s+sighted|registered\s+blind|housebound|bed\s*bound|wheelchair\s+user)",
    re.IGNORECASE,
)


#: Most words such a statement of circumstance takes ("Mum is 93 and has dementia").
_CIRCUMSTANCE_WORDS = 7


def is_background(sentence: str) -> bool:
    """The sentence tells who the respondent is (`_BACKGROUND`) and makes no point
    (`is_circumstance`), whose care it is and their condition (`_THEIR_CIRCUMSTANCE`, with
    no point), or who is responding for whom (`_RESPONDING`): context for the answer's
    points, never a point of its own."""
    text = sentence.strip()
    if _RESPONDING.match(text):
        return True
    if _THEIR_CIRCUMSTANCE.match(text):
        # ... said alone: "Dad is 90 and the carers are always late" goes on to a point.
        return len(text.split()) <= _CIRCUMSTANCE_WORDS and not _POINT_WORDS.search(text)
    return bool(_BACKGROUND.match(text)) and is_circumstance(text)


def is_truncated(label: str) -> bool:
    """The label was cut (an ellipsis Sounding added) or stops on a word no sentence ends on."""
    text = label.rstrip()
    if text.endswith(("…", "...")):
        return True
    last = re.findall(r"[\w'’]+", text.lower())
    return bool(last) and last[-1] in DANGLING_WORDS


def has_filler_opening(label: str) -> bool:
    """The label opens with words that carry nothing ("Put simply, ...", "Well, ...")."""
    return bool(_FILLER.match(label.strip()))


#: Writing no published sentence has: a spreadsheet formula's opening ("=cmd(", "+cmd|"),
#: a cell reference after "!", markup ("<script", "{{"), a pipe, or one character or word
#: repeated over and over ("AAAAA", "word word word").
_NOT_PROSE = re.compile(
    r"^\s*[=+@]|^\s*-\s*(?:\d[\d.]*\s*[-+*/^]|[a-z]+\()|![A-Z]{1,3}\d|<\s*/?[a-z]|\{\{"
    r"|\||([a-z])\1{4,}|\b(\w+)(?:\s+\2\b){2,}",
    re.IGNORECASE,
)


def is_not_prose(label: str) -> bool:
    """The label is code, markup or filler text rather than a sentence (a formula pasted as
    an answer, "AAAAA word word word"): never what a theme should be called."""
    return bool(_NOT_PROSE.search(label))


#: Items of a list: text between commas or semicolons, none longer than this many words.
_LIST_ITEMS = re.compile(r"\s*[,;]\s*")
_LIST_ITEM_WORDS = 5


def is_list(label: str) -> bool:
    """The label lists three or more things, most of a few words and none long ("Bikes dont
    need one, insurance, excludes people", an e-scooter consultation's largest theme): a
    list names several points, not the one a theme makes. A clause set off by commas ("The
    nurses, who were busy, still found time to explain") is no list."""
    items = [len(item.split()) for item in _LIST_ITEMS.split(label.strip(" .!?")) if item]
    short = sum(words <= 3 for words in items)
    return len(items) >= 3 and 2 * short > len(items) and max(items) <= _LIST_ITEM_WORDS


def is_non_answer(label: str) -> bool:
    """The label says nothing about the question ("Not sure, to be honest.")."""
    text = clean(label)
    return blank_reason(text) not in (None, FORMULA) or bool(_NO_VIEW.match(text))


#: A word in any alphabet ("połączeniem", "dibynadwy").
_ANY_WORD = re.compile(r"[^\W\d_]+")


def reads_as_english(text: str) -> bool:
    """Whether more than half of a text's words of three letters or more are English words
    (`is_spelt`): a label for answers written in English should be in English too."""
    long = [w.lower() for w in _ANY_WORD.findall(text) if len(w) >= 3]
    return not long or 2 * sum(is_spelt(w) for w in long) > len(long)


def faults(label: str) -> list[str]:
    """Names of the faults the label has, in a fixed order (empty: none)."""
    checks = (
        ("non-answer", is_non_answer),
        ("not prose", is_not_prose),
        ("anecdote", is_anecdote),
        ("circumstance", is_circumstance),
        ("truncated", is_truncated),
        ("filler opening", has_filler_opening),
        ("goes on", goes_on),
        ("list", is_list),
    )
    return [name for name, check in checks if check(label)]
