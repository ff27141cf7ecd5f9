"""Full names written out with nothing else to mark them: "Margaret Ellis has been
recording them for years", "Dave Pritchard's field".

A capitalised pair of words is no evidence of a person ("Electoral Reform", "Church
Lane"), but a given name followed by a surname is: both are looked up in the US Census
lists of given names and surnames that the `names` package ships (public domain). The
surname may also be a word no dictionary knows ("Okafor"). A place or a building after a
given name ("Victoria Park", "Grace Church") is no one's name.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

from sounding.retrieval.spelling import english_dictionary

#: A capitalised word, as names are written: "Ellis", "O'Neill", "Smith-Jones".
_WORD = r"[A-Z][a-z]+(?:['’][A-Z][a-z]+|-[A-Z][a-z]+)*"
#: A given name, perhaps a second one, then the surname: "Mary Anne Smith".
_FULL_NAME = re.compile(
    rf"(?<![\w'’-])(?P<given>{_WORD})(?:\s+(?P<middle>{_WORD}))?\s+(?P<surname>{_WORD})"
    r"(?![\w-])"
)
#: Words of places and bodies that follow given names ("Victoria Park", "Florence Road",
#: "St Mary Hospital") and are surnames too.
_PLACES = frozenset({
    "park", "lane", "road", "street", "hall", "church", "chapel", "green", "hill", "way",
    "avenue", "close", "court", "square", "gardens", "garden", "station", "house", "school",
    "college", "hospital", "centre", "center", "bridge", "field", "fields", "wood", "woods",
    "ward", "farm", "place", "row", "terrace", "drive", "crescent", "common", "mill", "cross",
    "estate", "valley", "brook", "bank", "lodge", "manor", "castle", "tower", "market",
    "gate", "end", "walk", "grove", "rise", "view", "villas",
    "surgery", "practice", "clinic", "library", "club", "pub", "inn", "arms",
})  # fmt: skip


#: Words after a name that make it a firm's ("Gerald Eve LLP", "David Lock Associates",
#: "Taylor Wimpey Homes"): planning consultations' agents and developers.
_FIRM_WORDS = frozenset({
    "ltd", "limited", "plc", "llp", "lp", "inc", "associates", "partnership", "partners",
    "group", "homes", "developments", "estates", "properties", "land", "planning",
    "architects", "consulting", "consultants", "consultancy", "solicitors", "surveyors",
    "co", "company", "holdings", "trust", "foundation", "society",
})  # fmt: skip
_NEXT_WORD = re.compile(r"\s*(?:&\s*|and\s+)?(\w+)")
#: Where a sentence starts: the text's start, or after a full stop, a question or an
#: exclamation mark, or a line break.
_SENTENCE_START = re.compile(r"(?:^|[.!?\n])\s*$")


@cache
def _given_names() -> frozenset[str]:
    data = files("names")
    return frozenset(
        line.split()[0].lower()
        for name in ("dist.male.first", "dist.female.first")
        for line in data.joinpath(name).read_text("utf-8").splitlines()
        if line.strip()
    )


@cache
def _surnames() -> frozenset[str]:
    lines = files("names").joinpath("dist.all.last").read_text("utf-8").splitlines()
    return frozenset(line.split()[0].lower() for line in lines if line.strip())


#: Dictionary frequency (pyspellchecker's English list) from which a word is an ordinary
#: word as well as a name: "Forest", "Grace", "Will" ("margaret" is 795, "john" 6,920).
_COMMON = 12_000


def _frequency(word: str) -> int:
    return int(english_dictionary().word_frequency[word])


def _surname(word: str) -> bool:
    """A surname of the Census list ("White" too) or a word no dictionary knows, and no
    word of a place ("Park")."""
    lower = word.lower().replace("’", "'")
    return lower not in _PLACES and all(
        part in _surnames() or _frequency(part) == 0 for part in lower.split("-")
    )


#: Welsh words the Census lists as given names: "Mae Huw Jenkins yn athro" (Huw Jenkins is
#: a teacher) had lost "Mae" and kept "Jenkins", and "Mae Llanfeirion yn rhy bell" (is too
#: far) had hidden the village.
_WELSH_WORDS = frozenset({"mae", "tad", "chi", "fe"})
#: Welsh given names the US lists lack ("Huw Jenkins", "Bethan Morgan"), not those that
#: are also Welsh words of places and nature ("Bryn", "Glyn", "Afon", "Seren", "Haf").
_WELSH_GIVEN_NAMES = frozenset({
    "huw", "dafydd", "osian", "cai", "bethan", "sian", "siân", "sioned", "rhian", "ffion",
    "eleri", "catrin", "cerys", "mali", "lowri", "angharad", "carys", "manon", "llinos",
    "meinir", "eurig", "emyr", "gethin", "iwan", "ioan", "rhodri", "aled", "gwion", "tomos",
    "iestyn", "steffan", "guto", "ifan", "elis", "gruffydd", "gwilym", "tudur", "hywel",
    "iolo", "geraint", "meirion", "cadi", "efa", "mererid", "heledd", "mared", "gwenllian",
    "eluned", "myfanwy", "nerys", "delyth", "bronwen", "owain", "idris", "emrys", "alun",
    "arwel", "berwyn", "ceri", "dewi", "eifion", "elfed", "emlyn", "gwynfor", "ieuan",
    "islwyn", "macsen", "rhun", "sion", "siôn", "trystan", "glenys", "lleucu", "mabli",
    "menna", "olwen", "teleri", "llŷr", "llyr",
})  # fmt: skip
#: Given names common in the UK that the US lists lack, of its larger Polish, Romanian,
#: South Asian and West African communities (an e-scooter consultation's answer signed
#: "Tomasz Campbell" had been quoted in its report), and Irish, Scottish and English names
#: given since the lists were made ("Arrest Liam Doherty, he's the one dealing…", a
#: community safety survey's, quoted).
_OTHER_GIVEN_NAMES = frozenset({
    "tomasz", "piotr", "krzysztof", "andrzej", "marcin", "pawel", "paweł", "lukasz",
    "łukasz", "michal", "michał", "jakub", "mateusz", "wojciech", "grzegorz", "dariusz",
    "bartosz", "szymon", "przemek", "katarzyna", "agnieszka", "malgorzata", "małgorzata",
    "aleksandra", "zofia", "kasia", "gosia", "ewelina", "justyna", "iwona", "andrei",
    "ionut", "mihai", "alexandru", "florin", "andreea", "ioana", "bogdan", "catalin",
    "muhammad", "mohammed", "mohammad", "priya", "arjun", "rajesh", "sanjay", "deepak",
    "sunil", "anil", "fatima", "ayesha", "aisha", "zainab", "hussain", "imran", "asif",
    "tariq", "bilal", "usman", "naveed", "nasreen", "shabnam", "parveen", "rukhsana",
    "gurpreet", "harpreet", "manpreet", "jaspreet", "kuldeep", "sukhwinder", "chidi",
    "chinedu", "ngozi", "emeka", "tunde", "adebayo", "funmi", "folake", "kemi", "yetunde",
    "oluwaseun", "abimbola", "chioma", "kwame", "kofi", "ama", "abena",
    "liam", "callum", "connor", "declan", "jayden", "kian", "reece", "aoife", "niamh",
    "saoirse", "ciaran", "cian", "oisin", "eoin", "kirsty", "alfie", "rhys", "isla", "kieran",
    "callan", "finlay", "euan", "ewan", "fraser", "hamish", "alistair", "morag", "mhairi",
    "ailsa", "eilidh", "kenzie", "kayden", "jaxon", "lexi", "sienna", "imogen", "esme", "orla",
    "caoimhe", "sinead", "grainne", "padraig", "seamus", "dermot", "fergus", "cormac",
    "ronan", "aisling",
})  # fmt: skip


def is_surname(word: str) -> bool:
    """A surname of the Census list that is no ordinary word or place ("williams", "rees";
    not "white", "park")."""
    word = word.lower()
    return word in _surnames() and _frequency(word) < _COMMON and word not in _PLACES


def is_given_name(word: str) -> bool:
    """A given name of the Census list that is no ordinary word ("Susan", not "Grace"),
    in English or Welsh, or of the UK's larger communities the list lacks ("Tomasz")."""
    word = word.lower()
    listed = word in _given_names() or word in _WELSH_GIVEN_NAMES or word in _OTHER_GIVEN_NAMES
    return listed and _frequency(word) < _COMMON and word not in _WELSH_WORDS


def full_name_spans(text: str) -> list[tuple[int, int]]:
    """Where `text` writes a given name (`is_given_name`), perhaps a second one or a
    surname, and a surname (`_surname`), capitalised, in text order. A given name no list
    has is not read ("Priya Patel" is missed): before a surname, such words were mostly
    places ("Puerto Rico", "Palo Alto"). After a Welsh word the lists hold as a given name
    the next word may start one ("Mae Huw Jenkins": Huw Jenkins is)."""
    spans = []
    start = 0
    while match := _FULL_NAME.search(text, start):
        given, middle = match["given"], (match["middle"] or "").lower()
        if not is_given_name(given):
            # Only after a Welsh word, or a common word opening its sentence where no
            # capitalised word follows ("Arrest Liam Doherty, he's the one dealing", a
            # community safety survey's, quoted; not "Camp Nelson Heritage Park"), may a
            # name start at the next word: after another ("San Joaquin River") it was
            # mostly a place's.
            following = _NEXT_WORD.match(text, match.end())
            opens = (
                _frequency(given.lower()) >= _COMMON
                and _SENTENCE_START.search(text[: match.start()])
                and not (following and following.group(1)[0].isupper())
            )
            next_word = given.lower() in _WELSH_WORDS or bool(opens)
            start = match.end("given" if next_word else 0)
            continue
        three = not middle or is_given_name(middle) or middle in _surnames()
        start = match.end()
        if _firm_follows(text, match.end("given")):
            continue
        if three and middle not in _PLACES and _surname(match["surname"]):
            spans.append((match.start(), match.end()))
        elif middle and middle not in _PLACES and _surname(match["middle"]):
            # The third word starts what follows ("Regards, Sheila Ellis The traffic…", a
            # sign-off run into the next sentence): the name is the first two.
            spans.append((match.start(), match.end("middle")))
    return spans


def _firm_follows(text: str, end: int) -> bool:
    """Whether one of the three capitalised words after a given name (ending at `end`)
    makes the name a firm's (`_FIRM_WORDS`): "Mary Smith has land" is Mary Smith's."""
    for _ in range(3):
        following = _NEXT_WORD.match(text, end)
        if not following or not following.group(1)[0].isupper():
            return False
        if following.group(1).lower() in _FIRM_WORDS:
            return True
        end = following.end()
    return False
