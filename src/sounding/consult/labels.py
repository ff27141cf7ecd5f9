"""Turning a sentence from a response into a theme label an analyst can publish.

Respondents open sentences with discourse markers ("In my view,", "Secondly,", "No,
because"); a label keeps the point and drops the preamble, so the same point made by two
people reads the same and near-identical themes can be recognised and merged.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sounding.consult.cluster_terms import STOP_WORDS
from sounding.consult.label_quality import DANGLING_WORDS
from sounding.retrieval.british import other_spellings
from sounding.retrieval.spelling import is_english

MAX_WORDS = 30
#: A long sentence is shortened to a whole clause only if the clause keeps this share of
#: the words allowed; a shorter clause says too little of the point.
MIN_CLAUSE_SHARE = 0.4

_OPENERS = re.compile(
    r"""^(?:
        # Emphasis before the point ("No way, I can't afford it"), before "absolutely" alone.
        (?:no\ way|enough\ is\ enough|absolutely\ not|definitely\ not)\b(?=\s*[,.!:;-])
      | (?:yes|no)\b(?=[,.!:;]|\s+(?:because|as|since|i|we|it|this|that|they)\b)[,.!:;]?\s*
          (?:because|as|since)?\b
      | (?:agree|disagree|absolutely|definitely|not\ really|partly)\b[,.!:;]?\s*
          (?:because|as|since)?\b
      | i\ (?:strongly\ |fully\ |do\ not\ |don'?t\ )?(?:agree|disagree|support|oppose)
          (?:\ with)?(?:\ (?:it|this|that|them|the\ (?:idea|plan|change|proposals?)))?
          # only where a reason or the sentence's end follows: "I support it as long as…"
          # is a condition, and dropping "I support" left "It as long as…"
          (?=\s*(?:[,.:;!]|because\b|since\b|that\b|as\b(?!\s+long\b)|$))
          [,.:;!]?\s*(?:because|as|since|that)?\b
      | (?:i|we)\ (?:really\ |honestly\ |strongly\ |genuinely\ |do\ |just\ )*
          (?:think|thought|feel|believe|
          reckon|suppose|would\ say|consider|find)(?:\ that)?\b
      | in\ (?:my|our)\ (?:view|opinion|experience|mind)\b
      # A letter's heading and greeting, and that it is writing at all ("Dear Sir/Madam,",
      # "Re: application 23/04512/OUT", "I am writing to object to the application"): a
      # planning consultation's labels had opened on them.
      | dear\ [^,.:;!?]{1,40}[,:;!] | to\ whom\ it\ may\ concern\b
      | re:\s*(?:planning\ )?(?:application\ )?(?:ref\w*\.?\ )?(?:no\.?\ )?[\w./-]*\d[\w./-]*
      | (?:i\ am|i['’]m|we\ are)\ writing\ to\ (?:object|support|comment|respond|express)
          (?:\ (?:to|on|about|my|our))?(?:\ (?:\w+\ ){0,3}?(?:application|proposals?|plans?
          |consultation|development|scheme))?(?:\ (?:because|as|since))?\b
      # The same in Welsh: "to be honest", "in my opinion".
      | (?:a|i)\ fod\ yn\ onest\b | a\ bod\ yn\ onest\b | yn\ (?:fy|ein)\ marn\ (?:i|ni)\b
      | (?:to\ be\ )?(?:honest|frank)(?:ly)?\b | honestly\b | frankly\b | personally\b
      | firstly\b | secondly\b | thirdly\b | finally\b | lastly\b | also\b | plus\b
      | and\b | but\b | so\b | however\b | moreover\b | furthermore\b | besides\b
      | what'?s\ more\b | as\ well\ as\ (?:that|this)\b
      | on\ top\ of\ (?:that|this)\b | another\ thing\b | as\ well\b
      | (?:mainly|mostly|partly|simply|just)\ because\b(?!\ of\b) | because\b(?!\ of\b)
      | for\ me\b | put\ simply\b | simply\ put\b | to\ put\ it\ simply\b
      | in\ a\ nutshell\b | to\ sum\ up\b | the\ thing\ is\b | well\b(?=,) | ok(?:ay)?\b(?=,)
      | (?:ok(?:ay)?|right|well)\ so\b
      | look\b(?=,) | let['’]s\ be\ honest\b | to\ be\ fair\b
      # ... and what asks to be read ("I'll be honest", "Please read this", "Have a look at
      # this": an NHS staff survey's and a library review's labels of 78 and 41).
      | i(?:['’]?ll|\ will)\ be\ (?:honest|frank|blunt)\b
      | if\ i['’]?m\ (?:being\ )?(?:honest|frank)\b
      # ... and how the writer sees it, or that more is coming ("As I see it I simply cannot
      # afford…", "Not only that but more families…": a council tax consultation's labels).
      | (?:as|the\ way)\ i\ see\ it\b | if\ you\ ask\ me\b | in\ all\ honesty\b
      | quite\ simply\b | let\ me\ be\ (?:clear|honest)\b | not\ only\ that,?(?:\ but)?\b
      # ... or that it is plain, or one more ("Let's be clear: you cant get a GP
      # appointment", "Not to mention skylarks nest in that field": a local plan's labels).
      | let['’]?s\ be\ (?:clear|blunt|frank|realistic)\b | to\ be\ clear\b
      | make\ no\ mistake\b | not\ to\ mention\b | for\ the\ record\b
      # ... or that one thing was asked for: "Only one? More patrols" (a community safety
      # survey's "Only one?", a theme of 31).
      | (?:only|just)\ one\s*\?+
      | (?:please\ )?(?:read\ this|have\ a\ look\ at\ this|take\ note)\b(?=\s*(?:[.:,!-]|$))
      # Who is speaking, or that the point is plain: "As a resident of Orchard Close, the
      # school is full", "It's obvious that young families are priced out".
      | as\ an?\ (?:[\w'’-]+\ ){0,2}?(?:resident|parent|mother|father|mum|dad|carer|driver
          |cyclist|pensioner|homeowner|tenant|business\ owner|teacher|nurse|student|local
          |taxpayer|user|member|worker|commuter|shopper|visitor|rider|passenger
          |patient|customer|employer|landlord|owner)s?(?:\ (?:of|in|on|at|for)\ [^,]{1,40})?
          # ... before the point, or alone where a comma cut the point off ("As a pensioner,
          # the 42 is my lifeline": a bus consultation's theme "As a pensioner", 67).
          (?:,|$)
      | speaking\ as\ (?:an?|someone|somebody|one)\b[^,]{0,60}(?:,|$)
      | as\ (?:someone|somebody|one)\ who\b[^,]{0,60},
      | it['’]?s\ (?:obvious|clear|plain|evident)\ that\b
      | (?:obviously|clearly|evidently)\b(?=,|\ )
      # Typed shorthand for the same ("tbh help with travel costs").
      | tbh\b | tbf\b | imo\b | imho\b | ngl\b | i['’]?d\ say\b
      # ... and a choice about to be named: "Probably deadlines all at the same time",
      # "One change: an up to date reading list", "If I had to pick one: the labs".
      | probably\b | easily\b | def(?:o)?\b | hands\ down\b | without\ a\ doubt\b
      | (?:my\ )?one\ (?:change|thing)(?:\ (?:would\ be|is))?(?=\s*[:,-])
      | if\ i\ (?:had|have)\ to\ (?:pick|choose|say)(?:\ one(?:\ thing)?)?\b
      | the\ (?:main\ |one\ |only\ )?(?:reason|point|thing|issue|problem)
          \ (?:is|would\ be)(?:\ that)?\b
      | at\ the\ end\ of\ the\ day\b | overall\b | in\ short\b | basically\b
      | on\ the\ whole\b | all\ in\ all\b | generally(?:\ speaking)?\b
      | my\ experience\b(?=\s*:) | where\ (?:do\ i\ |to\ )(?:start|begin)\b
      # ... and what is about to be named ("Biggest issue - drugs", "Main concern: speeding":
      # a community safety survey's theme "Biggest issue", 33).
      | (?:the\ |my\ |our\ )?(?:biggest|main|major|big|real|number\ one|no\ 1)
          \ (?:issues?|problems?|concerns?|worry|worries|things?)(?:\ (?:is|are)(?:\ that)?\b
          |(?:\ (?:for\ me|round\ here|here|at\ the\ moment))?(?=\s*(?:[:,-]|$)))
      | on\ the\ (?:plus|bright|positive|other)\ side\b | on\ a\ (?:positive|good)\ note\b
      | apart\ from\ that(?:,?\ it\ was\ (?:great|good|fine|brilliant))?\b
      # "The only downside is…", "My only complaint was that…": the point follows.
      | (?:the\ |my\ )?only\ (?:downside|complaint|criticism|negative|gripe|niggle|issue
          |problem|thing)(?:\ i(?:\ would|\ could|\ have|\ had|['’]d)(?:\ (?:say|add|mention))?)?
          \ (?:is|was|would\ be)(?:\ that)?\b
    )[\s,.:;!-]*""",
    re.IGNORECASE | re.VERBOSE,
)


#: A list number or section reference left at the front when a sentence is split after
#: "Sec." or taken from a numbered list: "101) Authorizes ...", "(b) Requires ...", "2. Cars ...".
_ENUMERATOR = re.compile(r"^(?:\(?(?:sec(?:tion)?\.?\s*)?\d+[a-z]?[.)]|\([a-z]\))\s+", re.I)


#: A closing word that points back to another point of the answer: "parking is easy too",
#: "the consultant was good tho". Taken out of its answer, the clause reads as a fragment.
#: So does a closing hedge on the respondent's own stay ("Noise at night this time", "Staff
#: were kind on the whole").
_CLOSERS = re.compile(
    r"[\s,]+(?:too|as\s+well|also|either|tho|though|anyway|on\s+the\s+whole|overall"
    r"|all\s+in\s+all|in\s+general|as\s+(?:usual|always)|this\s+time|tbh|tbf|imo|ngl|lol"
    r"|that\s+said|having\s+said\s+that|saying\s+that"
    # ... and a closing flourish ("…balance the budget, plain and simple"), or the answer's
    # own close run on without a stop ("Staff are burnt out That's all", a staff survey's).
    r"|plain\s+and\s+simple|simple\s+as\s+that|end\s+of|that['’]?s\s+(?:all|it)"
    # ... and a closing "to be honest" ("The team to be honest" had been a label)
    r"|to\s+be\s+(?:honest|frank)|honestly|frankly|if\s+i['’]?m\s+(?:being\s+)?honest"
    r"|in\s+my\s+(?:view|opinion)|that(?:['’]s|\s+is)\s+my\s+(?:view|opinion)"
    r"|(?:i\s+)?hope\s+(?:this|that|it)\s+helps|rant\s+over|sorry\s+(?:(?:this|it)"
    r"(?:['’]s|\s+is|\s+was)\s+(?:so\s+)?long|for\s+(?:the\s+)?(?:long\s+)?(?:rant|essay"
    r"|going\s+on|rambling|waffling|moaning)))"
    r"(?P<end>[.!?]*)\s*$",
    re.IGNORECASE,
)


def strip_closers(sentence: str) -> str:
    """Remove a closing "too", "as well", "tho" and the like, keeping at least two words."""
    shorter = _CLOSERS.sub(r"\g<end>", sentence.strip(), count=1)
    return shorter if len(shorter.split()) >= 2 else sentence.strip()


#: A formula that closes an answer ("That is all", "Kind regards"): shared by answers that
#: share nothing else, so as a point it would become a theme of its own. Thanks are not
#: among them: in feedback on a service, "Thank you all" is praise analysts code.
_SIGN_OFF = re.compile(
    r"^(?:that(?:['’]s|\s+is)\s+(?:all|it|my\s+(?:view|opinion))"
    r"|(?:just\s+)?my\s+(?:view|opinion|two\s+pence|2p)|(?:kind\s+|best\s+|warm\s+)?regards"
    r"|best\s+wishes|yours\s+(?:sincerely|faithfully|truly)"
    # ... and what a respondent says of their own answer ("Hope this helps", "Sorry this is
    # long", "Rant over"), which a parents' survey's filler had made themes of.
    r"|(?:i\s+)?hope\s+(?:this|that|it)\s+helps|rant\s+over|(?:i['’]?ve|i\s+have)\s+said"
    r"\s+(?:this|it|that)\s+before|sorry\s+(?:(?:this|it)(?:['’]s|\s+is|\s+was)\s+(?:so\s+)?long"
    r"|for\s+(?:the\s+)?(?:long\s+)?(?:rant|essay|going\s+on|rambling|waffling|moaning))"
    # ... or a plea naming nothing ("Please do something", an NHS staff survey's theme).
    r"|please\s+(?:just\s+)?(?:do\s+something|listen(?:\s+to\s+us)?|help(?:\s+us)?))\W*$",
    re.IGNORECASE,
)


#: An offer to be contacted ("Happy to discuss further on [PHONE_1]", "Feel free to email
#: me"): it says nothing of the question, and where several answers close with one, the
#: offers had become a theme of their own. "Happy to help" is left: in feedback it is praise.
_CONTACT_OFFER = re.compile(
    r"^(?:(?:i|we)\s+(?:am|are|would\s+be)\s+|(?:i|we)['’](?:m|re|d\s+be)\s+)?"
    r"(?:happy|willing|glad|available)\s+to\s+(?:be\s+contacted|discuss|talk|speak|answer"
    r"|provide|give\s+evidence|meet)\b"
    r"|^(?:please\s+)?(?:do\s+)?(?:feel\s+free\s+to\s+)?(?:contact|e-?mail|call|ring|phone)"
    r"\s+(?:me|us)\b"
    # ... put as what the reader may do: "You can contact me on [EMAIL_1]" (a housing
    # survey's theme of 11), "I can be reached on…".
    r"|^(?:you\s+(?:can|may|could)|(?:please\s+)?feel\s+free\s+to)\s+(?:contact|e-?mail|call"
    r"|ring|phone|reach|text)\s+(?:me|us)\b|^(?:i|we)\s+can\s+be\s+(?:contacted|reached)\b",
    re.IGNORECASE,
)


def is_contact_offer(text: str) -> bool:
    """Whether `text` offers to be contacted (`_CONTACT_OFFER`): no point of the question."""
    return bool(_CONTACT_OFFER.match(text.strip()))


#: A verdict on the rest of the answer: "Otherwise great", "Other than that everything was
#: fine", "Apart from that all good". An FFT's "what could have been better" had a theme
#: "Otherwise great" of 146 (the clause after each answer's complaint), holding "Don't think
#: so" and parking alike.
_THE_REST_WAS_FINE = re.compile(
    r"^(?:(?:and|but)\s+)?(?:otherwise|other\s+than\s+(?:that|this)|apart\s+from\s+(?:that|this)"
    r"|aside\s+from\s+(?:that|this)|besides\s+(?:that|this)|except\s+for\s+(?:that|this))"
    r"[\s,]+(?:(?:it|everything|all|the\s+rest)\s+(?:was|is|were|has\s+been)\s+|it['’]?s\s+)?"
    r"(?:all\s+)?(?:really\s+|very\s+|absolutely\s+|pretty\s+)?(?:good|great|fine|ok|okay|perfect"
    r"|excellent|brilliant|lovely|amazing|fantastic|superb|spot\s+on|fab)"
    r"(?:\s+(?:thanks?|thank\s+you|x+))?\W*$",
    re.IGNORECASE,
)


def names_no_point(sentence: str) -> bool:
    """Whether a sentence can never name a theme: a sign-off, discourse markers alone, an
    offer to be contacted, or a verdict on the rest of the answer (`_THE_REST_WAS_FINE`). A
    housing survey's theme of answers about being passed from pillar to post had been
    labelled "Call me on [PHONE_1]", the sentence they closed on."""
    return (
        is_sign_off(sentence)
        or is_discourse_only(sentence)
        or is_contact_offer(sentence)
        or bool(_THE_REST_WAS_FINE.match(sentence.strip()))
    )


def is_sign_off(text: str) -> bool:
    """Whether `text` is a formula that closes an answer (`_SIGN_OFF`), no point."""
    return bool(_SIGN_OFF.match(text.strip()))


def is_discourse_only(text: str) -> bool:
    """Whether `text` is discourse markers and nothing else ("To be frank", "In my
    opinion"): cut from its answer at a comma, it is no point (a budget consultation's
    "To be frank" had become a theme of 25)."""
    rest = text.strip()
    for _ in range(4):
        shorter = _OPENERS.sub("", rest, count=1).strip()
        if shorter == rest:
            break
        rest = shorter
    return not rest.strip(" ,.;:!?-–—")


def strip_openers(sentence: str) -> str:
    """Remove a leading list number, then leading discourse markers, repeatedly ("And
    secondly, I think that ...")."""
    text = sentence.strip()
    unnumbered = _ENUMERATOR.sub("", text, count=1)
    if len(unnumbered.split()) >= 3:
        text = unnumbered
    for _ in range(4):
        shorter = _OPENERS.sub("", text, count=1).strip()
        if shorter == text or len(shorter.split()) < 2:
            break
        text = shorter
    return text


def _last_word(words: list[str]) -> str:
    return re.sub(r"[^\w'’]+", "", words[-1].lower()) if words else ""


def shorten(text: str, limit: int = MAX_WORDS) -> str:
    """`text` in at most `limit` words, reading as a statement where it can.

    A long sentence (bill summaries run to 60 words) is cut after its last whole clause
    within the limit: at a comma, semicolon, colon or dash, or before a bracket, provided
    that keeps at least `MIN_CLAUSE_SHARE` of the words and does not end on "and", "the"
    or the like. Only where no such clause exists is it cut at the limit, and then marked
    with an ellipsis (and never left ending on such a word).
    """
    words = text.split()
    if len(words) <= limit:
        return text
    for end in range(limit, max(1, round(limit * MIN_CLAUSE_SHARE)) - 1, -1):
        word, following = words[end - 1], words[end]  # len(words) > limit >= end
        if word.endswith((",", ";", ":")) or following in ("-", "–", "—") or following[:1] == "(":
            kept = words[:end]
            if _last_word(kept) not in DANGLING_WORDS:
                return " ".join(kept).rstrip(" ,;:-–—")
    kept = words[:limit]
    while len(kept) > 1 and _last_word(kept) in DANGLING_WORDS:
        kept.pop()
    return " ".join(kept).rstrip(" ,;:-–—") + "…"


#: Closing exclamation marks and a typed ellipsis ("Potholes!!!", "the bins..."), and a
#: sign-off ("Food was nice x", "Well organised clinic thanks.", "Lovely staff :)"): a
#: respondent's emphasis or manners, not part of a point an analyst publishes.
_EMPHASIS = re.compile(
    r"(?:[\s,]+(?:X?x+|(?i:thanks|thank\s+you|cheers))\b[.!]*|\s*[:;]-?[)(DPp]|\s*!+|\.{2,})+$"
)

_WORD = re.compile(r"[^\W\d_][\w'’]*")
#: Emoji and pictographs ("💯", "😤", "❤️", "👍🏽"), with their joiners and modifiers: a
#: published label states a point in words ("Shout out to [PERSON_1] 💯." had been one).
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe0f\u200d\u20e3]+")


#: "i" typed for the pronoun, alone or in "i've", "i'm": a business survey's label read "As
#: a building firm with 22 staff, i've had to…". Not "i.e.".
_LOWER_I = re.compile(r"(?<![\w.'’-])i(?=['’](?:m|ve|d|ll)\b|[\s,;:!?]|$)")


def make_label(sentence: str) -> str:
    """A clean label: emoji, preamble, a closing "too" and closing emphasis dropped, at most
    `MAX_WORDS` words (see `shorten`), capitalised."""
    plain = " ".join(_EMOJI.sub(" ", sentence).split())
    if re.search(r"[^\W_]", plain):
        sentence = re.sub(r"\s+([.,!?;:])", r"\1", plain)
    text = shorten(strip_closers(strip_openers(sentence)))
    calmer = _EMPHASIS.sub("", text).rstrip(" ,;:-")
    if len(calmer.split()) >= 2 or len(text.split()) < 2:
        text = calmer
    if _mostly_english(text):
        text = _LOWER_I.sub("I", text)  # not Welsh "i" ("Yn fy marn i": in my opinion)
    return text[:1].upper() + text[1:]


def as_heading(label: str) -> str:
    """`label` as a theme's published name: no closing full stop, whether its answer had one
    or not (a residents' survey had "Neighbours." beside "Quiet"), unless the stop belongs
    to a word ("etc.") or ends an ellipsis. Applied only once the label is chosen and
    embedded: the stop is part of the sentence the embedding reads, and dropping it before
    had moved an objection letters' consultation's F1 by 0.02."""
    return label if _ABBREVIATION_END.search(label) else label.removesuffix(".")


def _mostly_english(text: str) -> bool:
    """Whether most of the words of `text` of three letters or more are English ones
    (shorter ones are English and Welsh alike: "hi", "ar")."""
    found = [w.lower() for w in _WORD.findall(text) if len(w) >= 3]
    return not found or 2 * sum(is_english(w) for w in found) >= len(found)


#: Endings whose full stop belongs to a word, or an ellipsis.
_ABBREVIATION_END = re.compile(r"(?:\b(?:etc|st|dr|ltd|co|inc|vs|approx)|\.)\.$", re.I)


#: Common words that double as acronyms ("the US", "IT"): never lowered on their own,
#: never raised either.
_ACRONYM_WORDS = frozenset({"us", "it"})
#: Common words, for telling a word in capitals for emphasis from an acronym: the key-term
#: stop words, and the short ones those leave out.
_COMMON = STOP_WORDS | frozenset(
    "a an as at be by do go he if in is me my no of on or so to up we".split()  # noqa: SIM905
)


#: Answers that must write an English word in capitals, where others write it in lower case,
#: before it is taken for an acronym ("SEND", special educational needs, beside the verb):
#: one or two had been shouting ("social housing,BUSES" had a theme labelled "BUSES").
_ACRONYM_ANSWERS = 3


def _looks_like_acronym(word: str) -> bool:
    """A word in capitals that may well be an acronym: two letters ("UK", "EU") that are
    not a common word ("TO", "IN"), or no vowel ("NHS")."""
    lower = word.lower()
    if lower in _COMMON:
        return False
    return len(word) <= 2 or not re.search(r"[aeiouy]", lower)


#: Most letters of an acronym read from an answer in capitals ("NHS", "HMRC", "CAMHS").
_ACRONYM_LETTERS = 5
#: Words in capitals in a row from which they are shouting, not acronyms: "on the whole NO
#: ONE LISTENED TO ME" is no evidence that "listened" is written "LISTENED".
_SHOUTED_RUN = 3


def _shouted_runs(words: list[str]) -> set[int]:
    """Positions of the words in runs of `_SHOUTED_RUN` or more words in capitals."""
    positions: set[int] = set()
    run: list[int] = []
    for k, word in enumerate([*words, ""]):
        if len(word) >= 2 and word.isupper():
            run.append(k)
            continue
        if len(run) >= _SHOUTED_RUN:
            positions.update(run)
        run = []
    return positions


@dataclass
class Casing:
    """How a question's respondents write each word, for writing labels as they do: an
    acronym they write in capitals ("Nhs waiting times", taken from "nhs waiting times",
    reads "NHS waiting times"), and a word typed in capitals for emphasis as they write it
    in a sentence ("FIX THE POTHOLES" reads "Fix the potholes", "More police ON the
    streets" reads "More police on the streets"). Only answers written in mixed case are
    evidence: one typed all in lower case or all in capitals says nothing of a word's case,
    nor does a run of words shouted within one (`_shouted_runs`).
    Where there is none, a shouted label keeps in capitals only the words that look like
    acronyms ("NHS", "UK"). An English word that answers also write in lower case is taken
    for an acronym only where `_ACRONYM_ANSWERS` write it in capitals ("BUSES" in "social
    housing,BUSES", beside "Better buses", is shouting), and is otherwise lowered, in a label
    in lower case too ("Street LIGHTS"); with no answer writing it otherwise, one in
    capitals is believed ("SEND provision for kids"). Other words are left as the label has
    them: "the US" stays, though "us" is commoner."""

    anywhere: dict[str, Counter[str]] = field(default_factory=dict)
    in_sentence: dict[str, Counter[str]] = field(default_factory=dict)
    #: How many answers use each word (lower case): which of two spellings they use.
    spelt: Counter[str] = field(default_factory=Counter)

    @classmethod
    def of(cls, texts: Iterable[str]) -> Casing:
        casing = cls()
        for text in texts:
            casing.spelt.update({word.lower() for word in _WORD.findall(text)})
            if text.upper() == text and len(found := _WORD.findall(text)) < _SHOUTED_RUN:
                # An answer of a word or two in capitals says a short word no dictionary
                # knows is an acronym ("ASC", beside "asc": adult social care); a long one
                # is a typo shouted ("BEAUROCRACY").
                for word in found:
                    if 1 < len(word) <= _ACRONYM_LETTERS and not is_english(word.lower()):
                        casing.anywhere.setdefault(word.lower(), Counter())[word] += 1
                continue
            if text.lower() == text or text.upper() == text:
                continue
            found = _WORD.findall(text)
            shouted = _shouted_runs(found)
            for k, word in enumerate(found):
                if k in shouted:
                    continue
                casing.anywhere.setdefault(word.lower(), Counter())[word] += 1
                if k:
                    casing.in_sentence.setdefault(word.lower(), Counter())[word] += 1
        return casing

    def apply(self, label: str) -> str:
        """`label` with its words cased as the respondents write them, where that tells."""
        shouted_label = label.upper() == label

        def acronym(written: str) -> bool:
            """Whether a word written in capitals is an acronym, as far as the answers tell."""
            if len(written) < 2 or not written.isupper():
                return False
            lower = written.lower()
            if _looks_like_acronym(written) or not (lower in _COMMON or is_english(lower)):
                return True
            # An English word: shouting, where answers write it otherwise too ("Better
            # buses" beside "social housing,BUSES") and few write it in capitals.
            seen = self.anywhere.get(lower, Counter())
            otherwise = any(not form.isupper() for form in seen)
            return not otherwise or seen[written] >= _ACRONYM_ANSWERS

        def recased(match: re.Match[str]) -> str:
            word = match.group()
            lower = word.lower()
            if lower in _ACRONYM_WORDS and not word.isupper():
                # Written small, it is the pronoun: in a trust's staff survey, where "IT" is
                # everywhere, "it is not safe for patients" had read "IT is not safe…".
                return word
            seen = self.anywhere.get(lower)
            if seen:
                usual = seen.most_common(1)[0][0]
                if acronym(usual):
                    return usual
            if shouted_label and word == "A":
                return "a"  # "ALWAYS A GOOD EXPERIENCE" had read "Always A good experience"
            if len(word) < 2 or not word.isupper():
                return word
            if shouted_label:
                mid = self.in_sentence.get(lower)
                if mid and not mid.most_common(1)[0][0].isupper():
                    return mid.most_common(1)[0][0]
                return word if _looks_like_acronym(word) else lower
            # One word in capitals in a label otherwise in lower case: emphasis, where it is
            # a common or English word ("ON the streets", "Street LIGHTS").
            if lower in _ACRONYM_WORDS or (lower not in _COMMON and acronym(word)):
                return word
            return lower

        cased = _WORD.sub(lambda match: self._respelled(recased(match)), label)
        return cased[:1].upper() + cased[1:]

    def _respelled(self, word: str) -> str:
        """`word` in the spelling more of the answers use, where it has a British and an
        American one ("Organized" as "Organised" where most answers write that): a council's
        induction survey had labels in the spelling one respondent in five used."""
        lower = word.lower()
        for other in other_spellings(lower):
            if self.spelt[other] > self.spelt[lower]:
                return word[:1] + other[1:] if word[:1].isupper() else other
        return word
