"""British spellings of the English dictionary's words.

pyspellchecker's English dictionary is American: it knows "organized", "color" and
"pediatric" but not "organised", "colour" or "paediatric". Respondents to UK public
bodies write the British ones, which were then taken for typos: a council's induction
survey had its answers' "disorganised" put right to "disorganized" before embedding, and
its theme published as "Disorganized" though 13 of 14 respondents had written it with an s.

The regular endings are derived from the dictionary itself (every "-ize", "-yze" word has
its "-ise", "-yse" form in British use); the irregular ones come from short lists of
stems, each of which yields the word and its forms ("colour", "colours", "colourful").
A British form takes its American word's frequency, so it is as common as the word it is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: Regular endings, American to British: "organize(s|d)", "organizing", "organization(s)";
#: "analyze", "paralyzed"; and back.
_ENDINGS = re.compile(r"(?<=\w{2})(?:iz(e|es|ed|ing|er|ers|ation|ations)|yz(e|es|ed|ing))$")
_BRITISH_ENDINGS = re.compile(r"(?<=\w{2})(?:is(e|es|ed|ing|er|ers|ation|ations)|ys(e|es|ed|ing))$")
#: American stems whose British spelling differs inside the word, and how: each dictionary
#: word that starts with one ("neighbor", "neighborhood", "neighbors") gains its British
#: form. Stems are whole enough not to start unrelated words.
_STEMS = {
    "behavior": "behaviour",
    "color": "colour",
    "favor": "favour",
    "flavor": "flavour",
    "harbor": "harbour",
    "honor": "honour",
    "humor": "humour",
    "labor": "labour",
    "neighbor": "neighbour",
    "rumor": "rumour",
    "savior": "saviour",
    "tumor": "tumour",
    "vapor": "vapour",
    "vigor": "vigour",
    "endeavor": "endeavour",
    "odor": "odour",
    "pediatric": "paediatric",
    "anesthe": "anaesthe",
    "anemi": "anaemi",
    "hematolog": "haematolog",
    "hemorrhag": "haemorrhag",
    "gynecolog": "gynaecolog",
    "orthopedic": "orthopaedic",
    "esophag": "oesophag",
    "edema": "oedema",
    "estrogen": "oestrogen",
    "fetus": "foetus",
    "diarrhea": "diarrhoea",
    "leukemia": "leukaemia",
    "maneuver": "manoeuvre",
}
#: Words whose British spelling no rule gives (with their plurals where they have them).
_WORDS = {
    "center": "centre",
    "centers": "centres",
    "centered": "centred",
    "theater": "theatre",
    "theaters": "theatres",
    "meter": "metre",
    "meters": "metres",
    "liter": "litre",
    "liters": "litres",
    "fiber": "fibre",
    "somber": "sombre",
    "meager": "meagre",
    "program": "programme",
    "programs": "programmes",
    "defense": "defence",
    "offense": "offence",
    "pretense": "pretence",
    "catalog": "catalogue",
    "dialog": "dialogue",
    "gray": "grey",
    "check": "cheque",
    "checks": "cheques",
    "tire": "tyre",
    "tires": "tyres",
    "curb": "kerb",
    "curbs": "kerbs",
    "aluminum": "aluminium",
    "jewelry": "jewellery",
    "pajamas": "pyjamas",
    "plow": "plough",
    "skeptical": "sceptical",
    "story": "storey",
    "airplane": "aeroplane",
    "mom": "mum",
    "moms": "mums",
    "mold": "mould",
    "moldy": "mouldy",
    "enroll": "enrol",
    "enrollment": "enrolment",
    "fulfill": "fulfil",
    "fulfillment": "fulfilment",
    "installment": "instalment",
    "skillful": "skilful",
    "willful": "wilful",
    "judgment": "judgement",
    "aging": "ageing",
    "artifact": "artefact",
    "cozy": "cosy",
    "counseling": "counselling",
    "counselor": "counsellor",
    "counselors": "counsellors",
    "traveling": "travelling",
    "traveler": "traveller",
    "travelers": "travellers",
    "modeling": "modelling",
    "labeling": "labelling",
    "leveling": "levelling",
    "fueling": "fuelling",
    "signaling": "signalling",
    "canceling": "cancelling",
    "math": "maths",
}


def british_forms(frequencies: Mapping[str, int]) -> dict[str, int]:
    """The British spellings of the American words in `frequencies` (word: how common it
    is) that it lacks, each as common as its American word."""
    found: dict[str, int] = {}

    def add(british: str, american: str) -> None:
        if british not in frequencies:
            found[british] = max(found.get(british, 0), frequencies[american])

    stems: dict[str, list[tuple[str, str]]] = {}
    for american, british in _STEMS.items():
        stems.setdefault(american[:3], []).append((american, british))
    for word in frequencies:
        if "z" in word and (match := _ENDINGS.search(word)):
            ending = match.group(1) or match.group(2)
            add(word[: match.start()] + ("is" if match.group(1) else "ys") + ending, word)
        for american, british in stems.get(word[:3], ()):
            if word.startswith(american):
                add(british + word[len(american) :], word)
    for american, british in _WORDS.items():
        if american in frequencies:
            add(british, american)
    return found


def other_spellings(word: str) -> list[str]:
    """`word` (lower case) in the other of its British and American spellings, where it
    has one by these rules ("organised": "organized"; "color": "colour"): what a label
    is checked against, to be spelt as most of its answers spell it."""
    found = []
    if match := _ENDINGS.search(word):
        found.append(word[: match.start()] + ("is" if match.group(1) else "ys") + match[0][2:])
    if match := _BRITISH_ENDINGS.search(word):
        found.append(word[: match.start()] + ("iz" if match.group(1) else "yz") + match[0][2:])
    for american, british in _STEMS.items():
        if word.startswith(american):
            found.append(british + word[len(american) :])
        elif word.startswith(british):
            found.append(american + word[len(british) :])
    for american, british in _WORDS.items():
        if word == american:
            found.append(british)
        elif word == british:
            found.append(american)
    return found
