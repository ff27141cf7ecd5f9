"""Turning a sentence from a response into a theme label an analyst can publish.

Respondents open sentences with discourse markers ("In my view,", "Secondly,", "No,
because"); a label keeps the point and drops the preamble, so the same point made by two
people reads the same and near-identical themes can be recognised and merged.
"""

from __future__ import annotations

import re

MAX_WORDS = 30

_OPENERS = re.compile(
    r"""^(?:
        (?:yes|no|agree|disagree|absolutely|definitely|not\ really|partly)\b[,.!:;]?\s*
          (?:because|as|since)?\b
      | i\ (?:strongly\ |fully\ |do\ not\ |don'?t\ )?(?:agree|disagree|support|oppose)
          (?:\ with\ (?:this|the\ proposals?|it))?\s*(?:because|as|since)?\b
      | (?:i|we)\ (?:really\ |honestly\ |strongly\ |genuinely\ |do\ |just\ )*
          (?:think|feel|believe|
          reckon|suppose|would\ say|consider|find)(?:\ that)?\b
      | in\ (?:my|our)\ (?:view|opinion|experience|mind)\b
      | (?:to\ be\ )?(?:honest|frank)(?:ly)?\b | honestly\b | frankly\b | personally\b
      | firstly\b | secondly\b | thirdly\b | finally\b | lastly\b | also\b | plus\b
      | and\b | but\b | so\b | however\b | moreover\b | furthermore\b | besides\b
      | what'?s\ more\b | as\ well\ as\ (?:that|this)\b
      | on\ top\ of\ (?:that|this)\b | another\ thing\b | as\ well\b
      | (?:mainly|mostly|partly|simply|just)\ because\b(?!\ of\b) | because\b(?!\ of\b)
      | for\ me\b | put\ simply\b | simply\ put\b | to\ put\ it\ simply\b
      | in\ a\ nutshell\b | to\ sum\ up\b | the\ thing\ is\b | well\b(?=,) | ok(?:ay)?\b(?=,)
      | look\b(?=,) | let['’]s\ be\ honest\b | to\ be\ fair\b
      | the\ (?:main\ )?(?:reason|point|thing|issue|problem)\ is(?:\ that)?\b
      | at\ the\ end\ of\ the\ day\b | overall\b | in\ short\b | basically\b
    )[\s,.:;!-]*""",
    re.IGNORECASE | re.VERBOSE,
)


def strip_openers(sentence: str) -> str:
    """Remove leading discourse markers, repeatedly ("And secondly, I think that ...")."""
    text = sentence.strip()
    for _ in range(4):
        shorter = _OPENERS.sub("", text, count=1).strip()
        if shorter == text or len(shorter.split()) < 3:
            break
        text = shorter
    return text


def make_label(sentence: str) -> str:
    """A clean label: preamble dropped, at most `MAX_WORDS` words, capitalised."""
    text = strip_openers(sentence)
    words = text.split()
    if len(words) > MAX_WORDS:
        text = " ".join(words[:MAX_WORDS]) + "…"
    text = text.rstrip(" ,;:-")
    return text[:1].upper() + text[1:]
