"""A synthetic public consultation for demos, tests and benchmarks.

The topic is a proposal to ban pavement parking across England. Every response
is assembled from the phrase banks in `phrases` (all written for Sounding), so
the data is free to share. Output is one row per respondent with the columns in
`COLUMNS`; `q1_explain` is linked to the closed answer in `q1_agree`.

The data deliberately includes what real consultations contain: blanks and
non-answers, an organised campaign of near-identical letters, exact duplicate
submissions, personal data (reserved example domains and Ofcom drama phone
numbers), prompt-injection attempts, HTML, spreadsheet-formula prefixes and one
very long organisational submission.

Generation uses only `random.Random(seed)`, so the same seed and size always
give identical rows.
"""

from __future__ import annotations

import csv
import functools
import random
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from sounding.demo import phrases as ph
from sounding.demo.phrases import Theme

T = TypeVar("T")

TITLE = "Managing pavement parking: proposal for a national prohibition in England"

COLUMNS: tuple[str, ...] = (
    "respondent_id",
    "respondent_type",
    "region",
    "age_band",
    "q1_agree",
    "q1_explain",
    "q2_exemptions",
    "q3_impact",
)

OPEN_COLUMNS: tuple[str, ...] = ("q1_explain", "q2_exemptions", "q3_impact")

QUESTIONS: dict[str, str] = {
    "q1_agree": (
        "Do you agree with the proposal to introduce a national ban on pavement parking in "
        "England, with local councils able to allow pavement parking on particular streets "
        "where they decide it is needed?"
    ),
    "q1_explain": "Please explain your answer.",
    "q2_exemptions": (
        "What exemptions, if any, should apply to the ban? For example, for particular "
        "vehicles, activities or types of street."
    ),
    "q3_impact": (
        "What impact, if any, would the proposal have on you, your household or your organisation?"
    ),
}

STANCE_LINKS: dict[str, str] = {"q1_explain": "q1_agree"}

ANSWER_SIDES: dict[str, str] = {"Yes": "agree", "No": "disagree", "Don't know": "neutral"}
_SIDE_INDEX = {"agree": 0, "disagree": 1, "neutral": 2}
_ANSWERS = ("Yes", "No", "Don't know", "")
#: Share of respondents who send the campaign letter (in answer to Q1, and Q2 for most).
CAMPAIGN_SHARE = 0.08


@dataclass(frozen=True)
class DemoRow:
    """One generated row with the ground truth behind it.

    `themes` maps each open column to the theme keys its text was built from;
    `flags` maps a column to what else was done to it ("blank", "non_answer",
    "campaign", "injection", "html", "formula", "pii", "long").
    `duplicate_of` names the respondent this row exactly repeats, if any.
    """

    row: dict[str, str]
    themes: dict[str, tuple[str, ...]]
    flags: dict[str, tuple[str, ...]]
    duplicate_of: str | None = None


def generate_demo(
    respondents: int = 600, seed: int = 7, campaign_share: float = CAMPAIGN_SHARE
) -> list[dict[str, str]]:
    """Return `respondents` rows of the demo consultation, keyed by `COLUMNS`."""
    return [item.row for item in iter_labelled_demo(respondents, seed, campaign_share)]


def generate_labelled_demo(
    respondents: int = 600, seed: int = 7, campaign_share: float = CAMPAIGN_SHARE
) -> list[DemoRow]:
    """Return the same rows as `generate_demo`, each with its ground-truth labels."""
    return list(iter_labelled_demo(respondents, seed, campaign_share))


def iter_labelled_demo(
    respondents: int = 600, seed: int = 7, campaign_share: float = CAMPAIGN_SHARE
) -> Iterator[DemoRow]:
    """The demo's rows one at a time, so a million-row file is written without holding it:
    only the rows that a later exact duplicate copies are kept."""
    if respondents < 0:
        raise ValueError("respondents must not be negative")
    if not 0.0 <= campaign_share <= 0.9:
        raise ValueError("campaign_share must be between 0 and 0.9")
    rng = random.Random(seed)
    plan, copies = _plan_specials(respondents, rng, campaign_share)
    sources = set(copies.values())
    kept: dict[int, DemoRow] = {}
    for index in range(respondents):
        rid = _respondent_id(index)
        source = copies.get(index)
        if source is not None:
            original = kept.pop(source)
            yield DemoRow(
                row={**original.row, "respondent_id": rid},
                themes=dict(original.themes),
                flags=dict(original.flags),
                duplicate_of=original.row["respondent_id"],
            )
            continue
        kind, nth = plan.get(index, ("normal", 0))
        row = _BUILDERS[kind](rng, rid, nth)
        if index in sources:
            kept[index] = row
        yield row


def point_sides() -> dict[str, str]:
    """Each point's side ("agree", "disagree" or "neutral") by its key, as `DemoRow.themes`
    names it: for Q3, an agreeing respondent's impacts are good ones and a disagreeing
    respondent's bad ones, which is what the tone benchmark scores against."""
    banks = [ph.Q1_THEMES, ph.Q2_THEMES, ph.Q3_THEMES, *ph.ORG_IMPACT_THEMES.values()]
    return {theme.key: theme.side for bank in banks for theme in bank}


def write_demo(
    path: Path, respondents: int = 600, seed: int = 7, campaign_share: float = CAMPAIGN_SHARE
) -> Path:
    """Write the demo consultation to `path` as a UTF-8 CSV with a header row, a row at a
    time. `campaign_share`: the share of respondents who send the campaign letter."""
    path = Path(path)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for item in iter_labelled_demo(respondents, seed, campaign_share):
            writer.writerow(item.row)
    return path


# --------------------------------------------------------------------------- planning


def _respondent_id(index: int) -> str:
    return f"R{index + 1:05d}"


def _few(respondents: int, rate: float, minimum: int) -> int:
    """How many of a rare kind of row to plant: a rate, with a floor on larger sets."""
    count = round(respondents * rate)
    return max(minimum, count) if respondents >= 200 else count


def _plan_specials(
    respondents: int, rng: random.Random, campaign_share: float = CAMPAIGN_SHARE
) -> tuple[dict[int, tuple[str, int]], dict[int, int]]:
    """Choose which rows are special.

    Returns (kind, n) by row index, where the row is the n-th of its kind, and a map from
    each exact duplicate's index to the index of the row it copies.
    """
    order = list(range(respondents))
    rng.shuffle(order)
    wanted = (
        ("long", min(1, respondents)),
        ("campaign", round(respondents * campaign_share)),
        ("injection", _few(respondents, 0.0075, 3)),
        ("html", _few(respondents, 0.006, 3)),
        ("formula", _few(respondents, 0.005, 2)),
        ("pii", _few(respondents, 0.01, 4)),
    )
    plan: dict[int, tuple[str, int]] = {}
    start = 0
    for kind, count in wanted:
        for nth, index in enumerate(order[start : start + count]):
            plan[index] = (kind, nth)
        start += count
    copies: dict[int, int] = {}
    pairs = order[start : start + 2 * _few(respondents, 0.005, 2)]
    for first, second in zip(pairs[::2], pairs[1::2], strict=False):
        source, target = min(first, second), max(first, second)
        plan[source] = ("dup_source", 0)
        copies[target] = source
    return plan, copies


# --------------------------------------------------------------------------- small helpers


class _Weighted(Generic[T]):
    """A fixed weighted choice, with cumulative weights computed once."""

    def __init__(self, items: Mapping[T, float] | Sequence[tuple[T, float]]) -> None:
        pairs = list(items.items()) if isinstance(items, Mapping) else list(items)
        self.items = [item for item, weight in pairs if weight > 0]
        total = 0.0
        self.cumulative: list[float] = []
        for _, weight in pairs:
            if weight > 0:
                total += weight
                self.cumulative.append(total)

    def pick(self, rng: random.Random) -> T:
        return rng.choices(self.items, cum_weights=self.cumulative)[0]


def _theme_tables(bank: Sequence[Theme]) -> dict[str, _Weighted[Theme]]:
    return {
        side: _Weighted([(theme, theme.weights[i]) for theme in bank])
        for side, i in _SIDE_INDEX.items()
    }


_TYPES = _Weighted(ph.RESPONDENT_TYPES)
_REGIONS = _Weighted(ph.REGIONS)
_AGES = _Weighted(ph.AGE_BANDS)
_STANCES = {
    kind: _Weighted(list(zip(_ANSWERS, w, strict=True))) for kind, w in ph.STANCE_BY_TYPE.items()
}
# Sides for people who wrote an explanation but left the closed question blank.
_SIDES = {
    kind: _Weighted(list(zip(("agree", "disagree", "neutral"), w[:3], strict=True)))
    for kind, w in ph.STANCE_BY_TYPE.items()
}
_Q1 = _theme_tables(ph.Q1_THEMES)
_Q2 = _theme_tables(ph.Q2_THEMES)
_Q3 = _theme_tables(ph.Q3_THEMES)
_Q3_ORG = {kind: _theme_tables(bank) for kind, bank in ph.ORG_IMPACT_THEMES.items()}
_THEME_COUNTS = {
    "q1_explain": _Weighted({1: 40, 2: 35, 3: 20, 4: 5}),
    "q2_exemptions": _Weighted({1: 40, 2: 34, 3: 19, 4: 7}),
    "q3_impact": _Weighted({1: 50, 2: 36, 3: 14}),
}
_LENGTHS = _Weighted({"terse": 18, "medium": 52, "long": 24, "very_long": 6})
# (blank, non-answer) probabilities for each open question.
_EMPTY_RATES = {
    "q1_explain": (0.05, 0.03),
    "q2_exemptions": (0.09, 0.05),
    "q3_impact": (0.08, 0.04),
}

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_SENTENCE_START = re.compile(r"(?<=[.!?] )[a-z]")
# "a" before a vowel sound becomes "an" ("an electrician"), but not "a utility", "a one-way".
_ARTICLE = re.compile(
    r"\b([Aa]) (?=(?:[aeiAEI]|[oO](?!ne\b|ne-)|[uU](?![sS]|[tT][iI]|[nN][iI]))\w)"
)
_VOWELS = frozenset("aeiouAEIOU")
_FIRST_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# Words that keep their capital when a sentence is run on after an opener ("Honestly, ...").
_PROPER_WORDS = frozenset(
    {
        *("I", "I'm", "I'd", "I've", "I'll", "London", "England", "NHS", "DfT", "GP"),
        *("Victorian", "Amazon", "Co-op", "Parkinson's", "Council"),
        *(town for towns in ph.REGION_TOWNS.values() for town in towns),
        *ph.FIRST_NAMES,
    }
)


def render(template: str, rng: random.Random, context: Mapping[str, str]) -> str:
    """Fill `{a|b}` alternatives and `{slot}` placeholders, and capitalise each sentence."""
    text = _fill(template, rng, context)
    if ". " in text or "! " in text or "? " in text:
        text = _SENTENCE_START.sub(lambda m: m.group(0).upper(), text)
    return _capitalise(text)


@functools.cache
def _options(body: str) -> tuple[str, ...]:
    return tuple(body.split("|"))


def _fill(template: str, rng: random.Random, context: Mapping[str, str]) -> str:
    """Fill placeholders, innermost first, until none are left (they may nest)."""
    vowel = False

    def fill(match: re.Match[str]) -> str:
        nonlocal vowel
        body = match.group(1)
        if "|" in body:
            value = rng.choice(_options(body))
        else:
            found = context.get(body)
            value = found if found is not None else rng.choice(ph.SLOTS[body])
        vowel = vowel or value[:1] in _VOWELS
        return value

    text = template
    while "{" in text:
        filled = _PLACEHOLDER.sub(fill, text)
        if filled == text:
            break
        text = filled
    return _ARTICLE.sub(r"\1n ", text) if vowel else text


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """Lower-case the first letter, for a sentence that follows an opener or connector."""
    match = _FIRST_WORD.match(text)
    if match is None:
        return text
    word = match.group(0)
    if word in _PROPER_WORDS or word[1:2].isupper() or text.startswith("Blue Badge"):
        return text
    return text[:1].lower() + text[1:]


def _pick_themes(rng: random.Random, table: _Weighted[Theme], count: int) -> list[Theme]:
    """Draw up to `count` distinct themes; a theme that is an answer in itself comes alone."""
    chosen: list[Theme] = []
    for _ in range(count * 4):
        theme = table.pick(rng)
        if theme in chosen or (chosen and theme.alone):
            continue
        chosen.append(theme)
        if len(chosen) == count or theme.alone:
            break
    return chosen


def _make_context(rng: random.Random, region: str) -> dict[str, str]:
    town = rng.choice(ph.REGION_TOWNS.get(region) or ph.REGION_TOWNS["South East"])
    first, last = rng.choice(ph.FIRST_NAMES), rng.choice(ph.SURNAMES)
    return {"town": town, "name": f"{first} {last}", "first": first, "last": last}


# --------------------------------------------------------------------------- composing answers


@dataclass(frozen=True)
class _Voice:
    """Who is answering: their stance side, organisation type (None for people), context."""

    side: str
    org: str | None
    context: dict[str, str]


@dataclass(frozen=True)
class _Style:
    """How a question tends to be answered."""

    chatty: bool = False  # stance openers ("Yes."), lead-ins ("Because ..."), personas
    hedges: tuple[str, ...] = ()  # a person's "Honestly, ..." before their first point
    hedge_rate: float = 0.0
    org_hedges: tuple[str, ...] = ()  # an organisation's "In our view, ..."
    closers: Mapping[str, tuple[str, ...]] | None = None  # by stance side
    situations: Mapping[str, tuple[str, ...]] | None = None  # "We have two cars. ..."
    lists: bool = False  # points may be `Theme.items` in a list ("Carers and deliveries.")
    list_leads: tuple[str, ...] = ("",)  # heading a bulleted answer ("My reasons:")
    terse_leads: Mapping[str, tuple[str, ...]] | None = None  # "Negative - ...", by side


_STYLES = {
    "q1_explain": _Style(
        chatty=True,
        hedges=ph.HEDGES,
        hedge_rate=0.4,
        org_hedges=ph.ORG_HEDGES,
        closers=ph.CLOSERS,
        list_leads=("My reasons:", "Main points:", "Reasons", "In short:"),
    ),
    "q2_exemptions": _Style(
        hedges=ph.ANSWER_HEDGES,
        hedge_rate=0.3,
        org_hedges=ph.Q2_ORG_HEDGES,
        closers=ph.Q2_CLOSERS,
        lists=True,
        list_leads=("Exemptions:", "Suggestions:", "My suggestions", "", ""),
        terse_leads=dict.fromkeys(_SIDE_INDEX, ph.Q2_TERSE_LEADS),
    ),
    "q3_impact": _Style(
        hedges=ph.ANSWER_HEDGES,
        hedge_rate=0.35,
        org_hedges=ph.ORG_IMPACT_HEDGES,
        closers=ph.Q3_CLOSERS,
        situations=ph.Q3_SITUATIONS,
        list_leads=("Impact on us:", "Main impacts:", "For us:", "", ""),
        terse_leads=ph.Q3_TERSE_LEADS,
    ),
}
_ITEM_FRAMES = _Weighted(ph.ITEM_FRAMES)
_ITEM_MORE_FRAMES = _Weighted(ph.ITEM_MORE_FRAMES)
_ORG_ITEM_FRAMES = _Weighted(ph.ORG_ITEM_FRAMES)
_ENDINGS = _Weighted({".": 45, "": 35, "!": 7, "...": 3})


def _compose(
    rng: random.Random, themes: Sequence[Theme], voice: _Voice, style: _Style
) -> tuple[str, Sequence[Theme]]:
    """Build one answer raising `themes`; returns it with the themes actually used."""
    length = _LENGTHS.pick(rng)
    person = voice.org is None
    if length == "terse" and person:
        return _terse(rng, themes[:2], voice, style), themes[:2]
    long_form = length in ("long", "very_long")
    if style.lists and all(theme.items for theme in themes) and rng.random() < 0.35:
        return _listed(rng, themes, voice, style, long_form=long_form), themes
    blocks = _preamble(rng, voice, style, long_form=long_form)
    situation = ""
    if style.situations and person and rng.random() < (0.45 if long_form else 0.3):
        situation = render(rng.choice(style.situations[voice.side]), rng, voice.context)
    previous_side = voice.side
    for position, theme in enumerate(themes):
        prefix = ""
        if style.lists and theme.items and rng.random() < 0.45:
            frames = (
                (_ITEM_MORE_FRAMES if position else _ITEM_FRAMES) if person else _ORG_ITEM_FRAMES
            )
            sentence = _framed(rng, frames, [_item(rng, theme, voice)], voice)
        else:
            claim = render(rng.choice(theme.claims), rng, voice.context)
            if position == 0:
                prefix = _first_prefix(rng, voice, style, after_opener=bool(blocks or situation))
                if "?" in claim:  # not "Because who pays when ...?"
                    prefix = ""
            else:
                contrast = style.chatty and voice.side == "neutral" and theme.side != previous_side
                prefix = rng.choice(ph.CONTRASTS if contrast else ph.CONNECTORS)
            sentence = prefix + _lower_first(claim) if prefix else claim
        previous_side = theme.side
        block = [sentence]
        if situation and position == 0:
            joinable = not prefix and theme.side == voice.side != "neutral"
            if joinable and rng.random() < 0.35:
                joiners = (" - ", ", and ") if " so " in sentence else (", so ", " - ", ", and ")
                joiner = rng.choice(joiners)
                block = [situation.rstrip(".") + joiner + _lower_first(sentence)]
            else:
                blocks.append([situation])
        if theme.details and rng.random() < (0.7 if long_form else 0.35):
            block.append(render(rng.choice(theme.details), rng, voice.context))
        story_chance = 0.6 if length == "very_long" else 0.35 if long_form else 0.12
        if rng.random() < story_chance:
            story = _story(rng, theme, voice, style)
            if story:
                block.append(story)
        blocks.append(block)
    closer = _closer(rng, voice, style, long_form=long_form)
    if closer:
        blocks.append([closer])
    return _layout(rng, blocks, style, long_form=long_form, person=person), themes


def _closer(rng: random.Random, voice: _Voice, style: _Style, *, long_form: bool) -> str:
    if voice.org is not None or not style.closers:
        return ""
    chance = (0.5 if long_form else 0.15) if style.chatty else (0.35 if long_form else 0.18)
    if rng.random() >= chance:
        return ""
    return render(rng.choice(style.closers[voice.side]), rng, voice.context)


def _item(rng: random.Random, theme: Theme, voice: _Voice) -> str:
    return _fill(rng.choice(theme.items), rng, voice.context)


def _join_items(rng: random.Random, items: Sequence[str]) -> str:
    """Join noun phrases the way people list them: "a, b and c", "a & b", "a; b; c"."""
    if len(items) == 1:
        return items[0]
    if len(items) == 2:
        joiner = rng.choice((" and ", " and ", " and ", " & ", ", ", "; ", " plus "))
        return joiner.join(items)
    if rng.random() < 0.1:
        return "; ".join(items)
    last = rng.choice((" and ", " and ", ", and ", ", ", " & "))
    return ", ".join(items[:-1]) + last + items[-1]


def _framed(rng: random.Random, frames: _Weighted[str], items: Sequence[str], voice: _Voice) -> str:
    """Put a list of items into a frame such as "Only {items}." or "{items} should be exempt."."""
    frame = frames.pick(rng)
    body = _join_items(rng, items)
    # A condition on the whole list, where nothing follows it ("Carers, within reason.").
    if frame.rstrip(".!").endswith("{items}") and rng.random() < 0.25:
        body += rng.choice(ph.LIST_CONDITIONS)
    return render(frame, rng, {**voice.context, "items": body})


def _listed(
    rng: random.Random, themes: Sequence[Theme], voice: _Voice, style: _Style, *, long_form: bool
) -> str:
    """An answer that is a list of who or what should be exempt, with perhaps a remark or two."""
    person = voice.org is None
    items = [_item(rng, theme, voice) for theme in themes]
    if person and len(items) >= 2 and rng.random() < 0.15:
        lead = rng.choice(("", "", "Exemptions:", "I'd exempt:", "Possibly:", "Only these:"))
        bullet = rng.choice(("- ", "- ", "* ", ""))
        lines = [bullet + _capitalise(item) for item in items]
        parts = ["\n".join([lead, *lines] if lead else lines)]
    else:
        frames = _ITEM_FRAMES if person else _ORG_ITEM_FRAMES
        parts = [_framed(rng, frames, items, voice)]
    detailed = [theme for theme in themes if theme.details]
    if detailed and rng.random() < (0.5 if long_form else 0.3):
        parts.append(render(rng.choice(rng.choice(detailed).details), rng, voice.context))
    told = [theme for theme in themes if theme.anecdotes]
    if person and told and rng.random() < (0.3 if long_form else 0.08):
        parts.append(render(rng.choice(rng.choice(told).anecdotes), rng, voice.context))
    closer = _closer(rng, voice, style, long_form=long_form)
    if closer:
        parts.append(closer)
    if len(parts) > 1 and parts[0][-1] not in ".!?":
        parts[0] += "."
    if "\n" in parts[0]:
        return "\n\n".join([parts[0], " ".join(parts[1:])]) if len(parts) > 1 else parts[0]
    return " ".join(parts)


def _preamble(
    rng: random.Random, voice: _Voice, style: _Style, *, long_form: bool
) -> list[list[str]]:
    """Opening sentences before the first point: a stance, or who the respondent is."""
    if not style.chatty:
        return []
    if voice.org is not None:
        openers = ph.ORG_OPENERS[voice.org][voice.side]
        return [[render(rng.choice(openers), rng, voice.context)]] if rng.random() < 0.9 else []
    blocks = []
    if rng.random() < (0.5 if long_form else 0.3):
        blocks.append([render(rng.choice(ph.OPENERS[voice.side]), rng, voice.context)])
    if rng.random() < (0.45 if long_form else 0.15):
        blocks.append([render(rng.choice(ph.PERSONAS[voice.side]), rng, voice.context)])
    return blocks


def _first_prefix(rng: random.Random, voice: _Voice, style: _Style, *, after_opener: bool) -> str:
    roll = rng.random()
    if voice.org is not None:
        return rng.choice(style.org_hedges) if style.org_hedges and roll < 0.4 else ""
    if style.chatty and not after_opener and roll < 0.2:
        return rng.choice(ph.LEAD_INS[voice.side])
    return rng.choice(style.hedges) if style.hedges and roll < style.hedge_rate else ""


def _story(rng: random.Random, theme: Theme, voice: _Voice, style: _Style) -> str:
    """A personal anecdote, or for organisations a line of evidence (closed question only)."""
    if voice.org is None:
        return render(rng.choice(theme.anecdotes), rng, voice.context) if theme.anecdotes else ""
    if style.chatty:
        return render(rng.choice(ph.ORG_EVIDENCE[voice.side]), rng, voice.context)
    return ""


def _terse(rng: random.Random, themes: Sequence[Theme], voice: _Voice, style: _Style) -> str:
    """A few words: one or two short forms, joined the way people dash them off."""
    pieces = [render(rng.choice(t.short or t.claims), rng, voice.context) for t in themes]
    separator = rng.choice((" ", " ", " ", "; ", " - ", " / ", ", "))
    if separator == " ":
        pieces = [p if p[-1] in ".!?" else p + "." for p in pieces[:-1]] + pieces[-1:]
    else:
        pieces = [p.rstrip(".!") for p in pieces[:-1]] + [_lower_first(p) for p in pieces[-1:]]
    text = separator.join(pieces)
    if not text.endswith("?"):
        text = text.rstrip(".!") + _ENDINGS.pick(rng)
    if style.chatty and rng.random() < 0.35:
        text = rng.choice(ph.OPENERS[voice.side]) + " " + text
    leads = style.terse_leads[voice.side] if style.terse_leads else ()
    # Leads fit a list of exemptions ("Maybe carers"), or impacts on the respondent's own side.
    fits = all(t.items if style.lists else t.side == voice.side for t in themes)
    if leads and fits and rng.random() < 0.3:
        lead = rng.choice(leads)
        if lead.split()[0].lower() not in text.lower():  # not "Only carers only"
            text = lead + (text if lead.endswith(". ") else _lower_first(text))
    return text


def _layout(
    rng: random.Random, blocks: list[list[str]], style: _Style, *, long_form: bool, person: bool
) -> str:
    """Join sentence blocks as prose, paragraphs or (sometimes) a bulleted list."""
    if person and len(blocks) >= 3 and rng.random() < 0.06:
        lead = rng.choice(style.list_leads)
        lines = ["- " + " ".join(block) for block in blocks]
        return "\n".join([lead, *lines] if lead else lines)
    if long_form and len(blocks) >= 2 and rng.random() < 0.55:
        return "\n\n".join(" ".join(block) for block in blocks)
    return " ".join(sentence for block in blocks for sentence in block)


# --------------------------------------------------------------------------- messiness

_MISSPELLINGS = {
    "their": "there", "definitely": "definately", "necessary": "neccessary",
    "pavement": "pavment", "pavements": "pavemnts", "because": "becuase", "really": "realy",
    "which": "wich", "people": "poeple", "council": "counsil", "parking": "parkign",
    "don't": "dont", "can't": "cant", "it's": "its", "vehicles": "vehicals",
    "wheelchair": "wheelchiar", "there": "their", "too": "to", "disabled": "disabeled",
}  # fmt: skip


def _add_typos(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    for _ in range(1 + (rng.random() < 0.4) + (rng.random() < 0.15)):
        i = rng.randrange(len(words))
        word = words[i]
        core = word.strip(".,!?;:").lower()
        if core in _MISSPELLINGS and word.lower().startswith(core):
            words[i] = _MISSPELLINGS[core] + word[len(core) :]
        elif len(word) >= 5 and word.isalpha():
            j = rng.randrange(1, len(word) - 2)
            words[i] = word[:j] + word[j + 1] + word[j] + word[j + 2 :]
    return " ".join(words)


def _shout(rng: random.Random, text: str) -> str:
    if "\n" in text:
        return text
    sentences = text.split(". ")
    i = rng.randrange(len(sentences))
    sentences[i] = sentences[i].upper()
    return ". ".join(sentences)


# Some people write "I would not", others "I wouldn't": a register, applied to a whole answer.
_CONTRACTIONS = (
    ("would not", "wouldn't"), ("could not", "couldn't"), ("should not", "shouldn't"),
    ("do not", "don't"), ("does not", "doesn't"), ("did not", "didn't"), ("cannot", "can't"),
    ("is not", "isn't"), ("are not", "aren't"), ("will not", "won't"), ("have not", "haven't"),
    ("I would not", "I wouldn't"), ("we would not", "we wouldn't"), ("it would not", "it wouldn't"),
    ("I would", "I'd"), ("we would", "we'd"), ("I am", "I'm"), ("we are", "we're"),
    ("they are", "they're"), ("it is", "it's"), ("there is", "there's"), ("that is", "that's"),
    ("there would", "there'd"), ("it would", "it'd"),
)  # fmt: skip
_SPELLABLE = 15  # the first entries spell out safely ("it's" might be "it has")
# Only before a following word: "as it is." must not become "as it's.".
_CONTRACT = re.compile(r"\b(" + "|".join(long for long, _ in _CONTRACTIONS) + r")(?= [a-z])", re.I)
_EXPAND = re.compile(
    r"\b(" + "|".join(short for _, short in _CONTRACTIONS[:_SPELLABLE]) + r")(?![\w'])", re.I
)
_TO_SHORT = {long.lower(): short for long, short in _CONTRACTIONS}
_TO_LONG = {short.lower(): long for long, short in _CONTRACTIONS[:_SPELLABLE]}


def _match_case(word: str, replacement: str) -> str:
    if word[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _register(rng: random.Random, text: str) -> str:
    """Contract or spell out common verb forms throughout, as a writer habitually does."""
    roll = rng.random()
    if roll < 0.3:
        return _CONTRACT.sub(lambda m: _match_case(m.group(0), _TO_SHORT[m.group(0).lower()]), text)
    if roll < 0.45:
        return _EXPAND.sub(lambda m: _match_case(m.group(0), _TO_LONG[m.group(0).lower()]), text)
    return text


def _roughen(rng: random.Random, text: str) -> str:
    """Give a person's answer the small imperfections of real typing."""
    text = _register(rng, text)
    if rng.random() < 0.08:
        text = _add_typos(rng, text)
    roll = rng.random()
    if roll < 0.03:
        text = text.lower()
    elif roll < 0.05:
        text = _shout(rng, text)
    elif roll < 0.07:
        text = text.replace(". ", "... ")
    if rng.random() < 0.06:
        text = text.rstrip(".")
    return text


def _empty(rng: random.Random, column: str) -> tuple[str, str] | None:
    """Maybe return (text, flag) for a blank or non-answer."""
    blank, non_answer = _EMPTY_RATES[column]
    roll = rng.random()
    if roll < blank:
        return (" " if rng.random() < 0.1 else ""), "blank"
    if roll < blank + non_answer:
        return rng.choice(ph.NON_ANSWERS), "non_answer"
    return None


# --------------------------------------------------------------------------- respondents


@dataclass
class _Draft:
    """A row under construction."""

    row: dict[str, str]
    voice: _Voice
    themes: dict[str, tuple[str, ...]]
    flags: dict[str, tuple[str, ...]]

    def done(self) -> DemoRow:
        return DemoRow(row=self.row, themes=self.themes, flags=self.flags)


def _person(
    rng: random.Random, rid: str, kind: str | None = None, answer: str | None = None
) -> _Draft:
    """Draw who a respondent is and their closed answer; open answers are left empty."""
    kind = kind or _TYPES.pick(rng)
    is_person = kind == "Individual"
    region = _REGIONS.pick(rng) if rng.random() > 0.007 else ""
    age = _AGES.pick(rng) if is_person and rng.random() > 0.01 else ""
    if answer is None:
        answer = _STANCES[kind].pick(rng)
    side = ANSWER_SIDES[answer] if answer else _SIDES[kind].pick(rng)
    voice = _Voice(side, None if is_person else kind, _make_context(rng, region))
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        respondent_id=rid, respondent_type=kind, region=region, age_band=age, q1_agree=answer
    )
    return _Draft(row, voice, {}, {})


def _answer(rng: random.Random, draft: _Draft, column: str, *, allow_empty: bool = True) -> None:
    """Fill one open column of `draft` with a generated answer (or a blank)."""
    empty = _empty(rng, column) if allow_empty else None
    if empty is not None:
        text, flag = empty
        draft.row[column] = text
        draft.themes[column] = ()
        draft.flags[column] = (flag,)
        return
    voice = draft.voice
    if column == "q1_explain":
        table = _Q1[voice.side]
    elif column == "q2_exemptions":
        table = _Q2[voice.side]
    else:
        table = _Q3_ORG[voice.org][voice.side] if voice.org else _Q3[voice.side]
    picked = _pick_themes(rng, table, _THEME_COUNTS[column].pick(rng))
    text, themes = _compose(rng, picked, voice, _STYLES[column])
    if voice.org is None:
        text = _roughen(rng, text)
    draft.row[column] = text
    draft.themes[column] = tuple(theme.key for theme in themes)
    draft.flags[column] = ()


def _fill_all(rng: random.Random, draft: _Draft, *, keep: str | None = None) -> _Draft:
    for column in OPEN_COLUMNS:
        _answer(rng, draft, column, allow_empty=column != keep)
    return draft


# A row builder takes the generator, the respondent id and which of its kind the row is
# (so rare kinds cycle through their banks and every variant appears).
_Builder = Callable[[random.Random, str, int], DemoRow]
_Decorator = Callable[[random.Random, str, _Draft, int], str]


def _normal(rng: random.Random, rid: str, nth: int) -> DemoRow:
    return _fill_all(rng, _person(rng, rid)).done()


def _duplicate_source(rng: random.Random, rid: str, nth: int) -> DemoRow:
    return _fill_all(rng, _person(rng, rid, kind="Individual"), keep="q1_explain").done()


def _decorated(decorate: _Decorator, flag: str) -> _Builder:
    """A row builder that plants `flag` content into one open answer."""

    def build(rng: random.Random, rid: str, nth: int) -> DemoRow:
        column = rng.choices(OPEN_COLUMNS, weights=(5, 2, 3))[0]
        draft = _fill_all(rng, _person(rng, rid), keep=column)
        draft.row[column] = decorate(rng, draft.row[column], draft, nth)
        draft.flags[column] = (*draft.flags[column], flag)
        return draft.done()

    return build


def _inject(rng: random.Random, text: str, draft: _Draft, nth: int) -> str:
    attack = ph.INJECTIONS[nth % len(ph.INJECTIONS)]
    mode = rng.random()
    if mode < 0.3:
        return attack
    return f"{attack} {text}" if mode < 0.65 else f"{text}\n\n{attack}"


def _html(rng: random.Random, text: str, draft: _Draft, nth: int) -> str:
    return ph.HTML_WRAPPERS[nth % len(ph.HTML_WRAPPERS)].replace("{text}", text)


def _formula(rng: random.Random, text: str, draft: _Draft, nth: int) -> str:
    start = ph.FORMULA_STARTS[nth % len(ph.FORMULA_STARTS)]
    return start.replace("{digits}", f"{rng.randrange(1000):03d}").replace("{text}", text)


def _pii(rng: random.Random, text: str, draft: _Draft, nth: int) -> str:
    context = draft.voice.context
    first, last = context["first"].lower(), context["last"].lower()
    user = rng.choice(
        (f"{first}.{last}", f"{first}{last}{rng.randrange(10, 99)}", f"{first[0]}{last}")
    )
    phone = rng.choice(ph.PHONE_FORMATS).replace("{d3}", f"{rng.randrange(1000):03d}")
    details = {
        **context,
        "email": f"{user}@{rng.choice(ph.EMAIL_DOMAINS)}",
        "phone": phone,
        "house": str(rng.randrange(1, 140)),
        "street_name": rng.choice(ph.STREET_NAMES),
    }
    personal = render(ph.PII_TEMPLATES[nth % len(ph.PII_TEMPLATES)], rng, details)
    return f"{personal} {text}" if rng.random() < 0.4 else f"{text} {personal}"


def _campaign(rng: random.Random, rid: str, nth: int) -> DemoRow:
    """A near-copy of the campaign letter: most edits are small, many are exact copies."""
    draft = _person(rng, rid, kind="Individual", answer="No")
    context = {**draft.voice.context, "area": ph.CAMPAIGN_DEFAULT_AREA}
    if rng.random() < 0.22:
        context["area"] = context["town"]
    sentences = list(ph.CAMPAIGN_SENTENCES)
    if rng.random() < 0.12:
        del sentences[rng.randrange(1, len(sentences) - 1)]
    body = [render(s, rng, context) for s in sentences]
    own_words = rng.random()
    if own_words < 0.09:
        body.insert(0, render(rng.choice(ph.CAMPAIGN_OWN_WORDS), rng, context))
    elif own_words < 0.18:
        body.append(render(rng.choice(ph.CAMPAIGN_OWN_WORDS), rng, context))
    signature = ph.CAMPAIGN_SIGN_OFF
    signed = rng.random()
    if signed < 0.25:
        signature += " " + context["name"]
    elif signed < 0.3:
        signature += " " + ph.CAMPAIGN_PLACEHOLDER_NAME
    draft.row["q1_explain"] = f"{ph.CAMPAIGN_GREETING}\n\n{' '.join(body)}\n\n{signature}"
    draft.themes["q1_explain"] = ("narrow_streets", "nowhere_to_park", "existing_powers")
    draft.flags["q1_explain"] = ("campaign",)
    q2 = rng.random()
    if q2 < 0.55:
        draft.row["q2_exemptions"] = ph.CAMPAIGN_Q2
        draft.themes["q2_exemptions"] = ("residents_no_driveway", "designated_streets")
        draft.flags["q2_exemptions"] = ("campaign",)
    else:
        _answer(rng, draft, "q2_exemptions")
    _answer(rng, draft, "q3_impact")
    return draft.done()


def _long_submission(rng: random.Random, rid: str, nth: int) -> DemoRow:
    """The one very long organisational response (well over 1,500 words)."""
    draft = _person(rng, rid, kind="Charity or voluntary group", answer="Yes")
    context = {**draft.voice.context, "Org": _capitalise(ph.LONG_ORG_NAME)}
    sections = [f"{title}\n\n{render(body, rng, context)}" for title, body in ph.LONG_SECTIONS]
    text = "\n\n".join(sections)
    evidence = [theme for theme in ph.Q1_THEMES if theme.side == "agree"]
    extra: list[str] = []
    while len(text.split()) + sum(len(p.split()) for p in extra) < 1600:
        theme = evidence[len(extra) % len(evidence)]
        extra.append(" ".join(render(s, rng, context) for s in (*theme.claims[:2], *theme.details)))
    if extra:
        text += "\n\nAnnex: further points raised by our members\n\n" + "\n\n".join(extra)
    draft.row["q1_explain"] = text
    draft.themes["q1_explain"] = tuple(theme.key for theme in evidence)
    draft.flags["q1_explain"] = ("long",)
    _answer(rng, draft, "q2_exemptions", allow_empty=False)
    _answer(rng, draft, "q3_impact", allow_empty=False)
    return draft.done()


_BUILDERS: dict[str, _Builder] = {
    "normal": _normal,
    "dup_source": _duplicate_source,
    "campaign": _campaign,
    "long": _long_submission,
    "injection": _decorated(_inject, "injection"),
    "html": _decorated(_html, "html"),
    "formula": _decorated(_formula, "formula"),
    "pii": _decorated(_pii, "pii"),
}
