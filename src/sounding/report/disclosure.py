"""Small-cell suppression: a respondent group too small to publish is shown as "fewer than N".

Official statistics do not publish the counts of very small groups, as they can point at
people (the one respondent aged 85 or over in a district). The threshold is the
`consult.min_group_size` setting recorded with the analysis; overall counts, which the
theme table already publishes, are never hidden.

Hiding the small groups alone is not enough. A dimension's groups, "(not given)" included,
add up to the overall counts, so one hidden group's figures are the overall ones less the
groups shown. Where the hidden groups hold fewer than N respondents together, the next
smallest groups are withheld too (secondary suppression, as official statistics do), so
that only a total of at least N people can be worked out, never a small group's. Not where
the only small group is those who gave no answer: they share no attribute that could point
at anyone, and withholding a real group to hide their number hides a survey's figures.

Nor is one table enough: each question's table counts those who answered it, and a group
withheld in one table but published in another gives the hidden ones away by subtraction
across the two (a survey's profile withheld Wales to protect Northern Ireland, 4, while a
question's table published Wales, 17, of 21 hidden). A group one table of a dimension
withholds is withheld in every table of it where another table's figure for it would say
more of the first's hidden groups than that table does (`withheld_everywhere`): tables that
count nearly the same people, not a question few answered. A table that must withhold one
more counts those first, so the fewest large groups are hidden.

The one exception is the respondent profile, which counts everyone, so that each question's
table counts some of its people: a large group a question's table withholds the profile may
publish where that tells nothing new about the question's small groups
(`profile_withholds`). Withheld everywhere, a council tax survey's profile had hidden
"Neither agree nor disagree" (46) because one question's table hid a handful.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import Final

from sounding.config import DEFAULT_MIN_GROUP_SIZE
from sounding.consult.group_order import NOT_GIVEN
from sounding.consult.model import Analysis, QuestionAnalysis
from sounding.consult.tabulate import ALL
from sounding.privacy.redact import redact

#: What a group withheld only to protect smaller ones shows: it is not itself small.
WITHHELD: Final = "withheld"


def min_group_size(settings: Mapping[str, object]) -> int:
    """The threshold an analysis was made with (analyses recorded before it existed: the
    default)."""
    consult = settings.get("consult")
    value = consult.get("min_group_size") if isinstance(consult, Mapping) else None
    return value if isinstance(value, int) and value >= 1 else DEFAULT_MIN_GROUP_SIZE


def fewer_than(minimum: int) -> str:
    """What is shown instead of a suppressed count."""
    return f"fewer than {minimum}"


def withheld_groups(
    sizes: Mapping[str, int], minimum: int, also: Collection[str] = ()
) -> dict[str, str]:
    """The groups of one dimension whose figures are not published, each with what is shown
    in their place: `fewer_than(minimum)` for a small group, `WITHHELD` for a larger one
    hidden so that the small ones' figures cannot be recovered by subtraction, or because
    another table of the dimension withholds it (`also`, by published name). Those `also`
    names count as hidden here before any other group is withheld to protect the small ones.

    `sizes` must hold every group of the dimension (they add up to the overall count).
    Groups are withheld smallest first, name breaking ties, so the choice is reproducible.
    """
    small = {v: fewer_than(minimum) for v, n in sizes.items() if n < minimum}
    withheld: dict[str, str] = {
        v: WITHHELD for v in sizes if also and v not in small and group_name(v) in also
    }
    hidden = sum(sizes[v] for v in small) + sum(sizes[v] for v in withheld)
    withheld.update(small)
    if all(value in ("", NOT_GIVEN) for value in small):
        # Only those who gave no answer ("" in a closed question's counts, `NOT_GIVEN` in a
        # theme table's groups) are few: they share no attribute to protect, and
        # withholding the next group to hide their number had hidden a residents' survey's
        # headline, "Very dissatisfied" (86), to protect 9 who did not say.
        return withheld
    for value in sorted((v for v in sizes if v not in withheld), key=lambda v: (sizes[v], v)):
        if hidden >= minimum:
            break
        withheld[value] = WITHHELD
        hidden += sizes[value]
    return withheld


def withheld_everywhere(
    tables: Iterable[tuple[str, Mapping[str, int]]], minimum: int
) -> dict[str, frozenset[str]]:
    """Per dimension, the published names of the groups that every table of it withholds,
    beyond each table's own small groups and those hidden to protect them; `tables` gives
    each table's dimension and group sizes.

    A group one table withholds is withheld in all where another table's figure for it
    would say more of the first table's hidden groups than that table does
    (`_gives_away`): two questions answered by nearly everyone count nearly the same
    people, and one's figure is nearly the other's. Where few answered a question, another
    table's figures say next to nothing of its groups: withheld everywhere regardless, the
    groups an e-scooter consultation's sparse last question (23 answers) hid had hidden
    London (92) and the South East (112) in every other table.

    A table that must withhold a group besides its small ones first counts those another
    table already withholds: chosen table by table on their own, each question's table had
    hidden a different larger group, and a budget consultation's profile withheld a ward of
    46 respondents and the businesses (26) to protect two wards of 5 and 3. Tables are read
    largest first (then by their groups), so the result does not depend on their order."""
    by_dimension: dict[str, list[Mapping[str, int]]] = defaultdict(list)
    for dimension, sizes in tables:
        by_dimension[dimension].append(sizes)
    found: dict[str, frozenset[str]] = {}
    for dimension, all_sizes in by_dimension.items():
        ordered = sorted(all_sizes, key=lambda t: (-sum(t.values()), sorted(t.items())))
        # The profile counts everyone; without it, the largest table is taken for
        # everyone, which only makes the tables look closer than they are.
        everyone = sum(ordered[0].values())
        names: set[str] = set()
        while True:
            before = len(names)
            hidden = [withheld_groups(sizes, minimum, names) for sizes in ordered]
            tables_hidden = list(zip(ordered, hidden, strict=True))
            for at, (sizes, own) in enumerate(tables_hidden):
                others = tables_hidden[:at] + tables_hidden[at + 1 :]
                names.update(_gives_away(sizes, own, others, everyone, minimum))
            if len(names) == before:
                break
        found[dimension] = frozenset(names)
    return found


def _gives_away(
    sizes: Mapping[str, int],
    hidden: Mapping[str, str],
    others: Sequence[tuple[Mapping[str, int], Mapping[str, str]]],
    everyone: int,
    minimum: int,
) -> set[str]:
    """The published names of the groups a table (`sizes`, hiding `hidden`) hides and
    other tables (`others`, each with what it hides) publish, where those figures say more
    of the table's hidden groups than it does; empty where they say nothing new.

    Another table counting n of `everyone` respondents, where this one counts m, holds each
    group between its figure here less (everyone - m) and its figure here plus
    (everyone - n): the people one table counts and the other does not. Read the other way,
    its figures bound this table's: each group on its own, and together, which bounds the
    groups no other table publishes as what is left of all this table hides. Bounds are
    taken as tight as any one table makes them, so what several tables say together is not
    missed (`_says_no_more` judges each range)."""
    counted = sum(sizes.values())
    hidden_names = {group_name(v): v for v in hidden if v not in ("", NOT_GIVEN)}
    each: dict[str, tuple[int, int]] = {}
    together: list[tuple[set[str], int, int]] = []
    for other, other_hidden in others:
        known = {
            group_name(v): n
            for v, n in other.items()
            if v not in other_hidden and group_name(v) in hidden_names
        }
        if not known:
            continue
        below, above = everyone - counted, everyone - sum(other.values())
        for name, n in known.items():
            low, high = each.get(name, (0, everyone))
            each[name] = (max(low, n - below), min(high, n + above))
        together.append((set(known), sum(known.values()) - below, sum(known.values()) + above))
    if not each:
        return set()
    # All the published groups together: each one's own bounds summed, or one table's
    # bound on its groups together and the others' own bounds, whichever is tighter.
    low = max(
        [sum(each[n][0] for n in each)]
        + [t_low + sum(each[n][0] for n in each if n not in t) for t, t_low, _ in together]
    )
    high = min(
        [sum(each[n][1] for n in each)]
        + [t_high + sum(each[n][1] for n in each if n not in t) for t, _, t_high in together]
    )
    rest = [v for v in hidden if group_name(v) not in each or v in ("", NOT_GIVEN)]
    total = sum(sizes[v] for v in hidden)
    safe = all(
        _says_no_more(*each[n], [sizes[hidden_names[n]]], minimum) for n in each
    ) and _says_no_more(
        max(0, total - high), total - max(0, low), [sizes[v] for v in rest], minimum
    )
    return set() if safe else set(each)


def profile_withholds(
    profile: Mapping[str, int],
    question_tables: Collection[Mapping[str, int]],
    minimum: int,
    everywhere: Collection[str],
    published: Mapping[str, int] | None = None,
) -> frozenset[str]:
    """Of the groups `everywhere` names (`withheld_everywhere`), those the respondent
    profile of one dimension must withhold beyond its own small groups; `profile` is its
    sizes (every respondent, "" for no answer), `question_tables` the sizes of each
    question's table of the dimension, `published` the profile's rows as its table shows
    them where it counts the rarest answers together (by default `profile`).

    A question's table counts some of the profile's people: d fewer. Where it withholds
    groups whose profile total is G, their size there is between G - d and G, so its other
    hidden groups hold between H - G and H - G + d together, H being all it hides. The
    profile publishes those groups only where neither range says more of the groups in it
    than the question's table does (each small one 1 to N - 1, each withheld one N or
    more), for every question's table that withholds them, and where the profile's own
    small groups stay hidden by at least N people without them. Larger groups are
    published first. A question's table whose sizes do not fit inside the profile's (a
    respondent's groups differing between their answers) leaves everything withheld.
    """
    rows = profile if published is None else published
    by_name = {group_name(v): n for v, n in profile.items()}
    total = sum(profile.values())
    tables = [(sizes, withheld_groups(sizes, minimum, everywhere)) for sizes in question_tables]
    if any(n > by_name.get(group_name(v), 0) for sizes, _ in tables for v, n in sizes.items()):
        return frozenset(everywhere)
    candidates = {group_name(v) for v, n in rows.items() if n >= minimum} & set(everywhere)
    while candidates:
        also = frozenset(everywhere) - candidates
        hidden = withheld_groups(rows, minimum, also)
        # Groups the profile needs hidden to protect its own small ones: a candidate it
        # needs stays withheld; a group no other table withholds would give the profile's
        # small ones away through those tables (the Wales case), so one candidate fewer.
        needed = {group_name(v) for v in hidden if rows[v] >= minimum} - also
        blocked = needed & candidates
        if needed - candidates:
            blocked.add(min(candidates, key=lambda n: (by_name[n], n)))
        for sizes, hidden_here in tables:
            shown = [v for v in hidden_here if group_name(v) in candidates]
            if shown and not _tells_nothing(sizes, hidden_here, shown, by_name, total, minimum):
                blocked.update(group_name(v) for v in shown)
        if not blocked:
            break
        # Publishing fewer at once can only leave more hidden, so this ends.
        candidates -= {min(blocked, key=lambda n: (by_name[n], n))}
    return frozenset(everywhere) - candidates


def _tells_nothing(
    sizes: Mapping[str, int],
    hidden: Mapping[str, str],
    published: Collection[str],
    profile: Mapping[str, int],
    total: int,
    minimum: int,
) -> bool:
    """Whether publishing the `published` groups' profile sizes leaves what a question's
    table (`sizes`, hiding `hidden`) says of the groups it hides as it was (see
    `profile_withholds`)."""
    d = total - sum(sizes.values())
    g = sum(profile[group_name(v)] for v in published)
    rest = [v for v in hidden if v not in published]
    rest_low = sum(sizes[v] for v in hidden) - g
    return _says_no_more(g - d, g, [sizes[v] for v in published], minimum) and _says_no_more(
        rest_low, rest_low + d, [sizes[v] for v in rest], minimum
    )


def _says_no_more(low: int, high: int, hidden: list[int], minimum: int) -> bool:
    """Whether knowing that hidden groups of these sizes hold between `low` and `high`
    people together says no more of them than their table does: each small one 1 to N - 1,
    each withheld one N or more."""
    small = sum(n < minimum for n in hidden)
    large = len(hidden) - small
    return high - minimum * large >= (minimum - 1) * small and (large > 0 or low <= small)


def group_tables(analysis: Analysis) -> Iterator[tuple[str, dict[str, int]]]:
    """Each table of respondent groups an analysis publishes, as (dimension, group sizes):
    the respondents' answers to each column, and each question's groups of those who
    answered it."""
    yield from analysis.answer_counts.items()
    for qa in analysis.questions:
        yield from group_sizes(qa).items()


def group_sizes(qa: QuestionAnalysis) -> dict[str, dict[str, int]]:
    """Per dimension, the respondents to `qa` in each group."""
    sizes: dict[str, dict[str, int]] = defaultdict(dict)
    for b in qa.breakdown:
        if b.dimension != ALL:
            sizes[b.dimension][b.value] = b.group_size
    return dict(sizes)


def group_name(value: str) -> str:
    """A respondent group's name as published: "(not given)" for no answer, and personal
    data replaced by placeholders, as a column of free text taken for an attribute would
    otherwise publish its answers ("Contact me: jo@example.com") as the names of groups."""
    return redact(value).text if value else NOT_GIVEN


def published_counts(
    counts: Mapping[str, int], minimum: int, also: Collection[str] = ()
) -> dict[str, int | str]:
    """Respondents per answer of one closed question or attribute, as published: each
    answer (by `group_name`) with its count, or with what `withheld_groups` shows in its
    place. `counts` must hold every answer, "" (none) included, as they add up to all
    respondents."""
    hidden = withheld_groups(counts, minimum, also)
    return {group_name(value): hidden.get(value, n) for value, n in counts.items()}
