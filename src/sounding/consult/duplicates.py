"""Exact and near-identical responses: template letters, copy-paste campaigns, repeats.

Each group is analysed once and counted by its size. Exact duplicates share a normalised
key; near-identical ones (a name changed, a sentence added) are found with MinHash over
word trigrams and locality-sensitive hashing, which stays linear in the number of responses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, partial

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from sounding.consult.normalise import clean, dedup_key
from sounding.consult.union_find import UnionFind
from sounding.engines.base import Engine, LocalEngine
from sounding.privacy.redact import redact

NUM_PERM = 64
SHINGLE = 3
SCHEME = "affine32"  # datasketch's default


@dataclass(frozen=True)
class DuplicateGroup:
    """Indices of responses that say the same thing; `representative` is analysed for all."""

    representative: int
    members: tuple[int, ...]
    template: str

    @property
    def size(self) -> int:
        return len(self.members)


def shingles(text: str) -> set[str]:
    words = text.split()
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


@cache
def _permutations(seed: int) -> np.ndarray:
    """The hash permutations MinHash draws from `seed`, drawn once and shared by every
    sketch (drawing them per sketch was most of the time spent on duplicates)."""
    permutations: np.ndarray = MinHash(num_perm=NUM_PERM, seed=seed, scheme=SCHEME).permutations
    return permutations


@cache
def _lsh_bands(threshold: float) -> tuple[int, int]:
    """(bands, rows) that MinHashLSH chooses for `threshold`, found once (by integration)."""
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    return lsh.b, lsh.r


def _minhash(shingled: set[str], seed: int) -> MinHash:
    sketch = MinHash(num_perm=NUM_PERM, seed=seed, permutations=_permutations(seed), scheme=SCHEME)
    sketch.update_batch([s.encode() for s in sorted(shingled)])
    return sketch


def signatures(seed: int, texts: Sequence[str]) -> np.ndarray:
    """The MinHash signature of each text's word trigrams, one row each: the costly part of
    finding near-duplicates, done shard by shard (on any engine)."""
    rows = np.empty((len(texts), NUM_PERM), dtype=np.uint64)
    for i, text in enumerate(texts):
        rows[i] = _minhash(shingles(text), seed).hashvalues
    return rows


def overlap(a: set[str], b: set[str]) -> float:
    """Share of the shorter text's shingles found in the longer one: a letter with a line
    added or removed still overlaps almost fully, where Jaccard similarity would drop."""
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


@dataclass
class DuplicateFinder:
    """Groups responses by normalised key, then joins keys whose texts are near-identical.

    threshold: overlap of word trigrams (see `overlap`) at or above which two texts are joined.
    min_length_ratio: texts are not joined when one is much longer: the extra is new content.
    min_words: shorter texts are only grouped when exactly equal ("I agree" is not a campaign).
    """

    threshold: float = 0.8
    min_length_ratio: float = 0.6
    min_words: int = 12
    seed: int = 1
    #: Jaccard level for LSH candidates; loose, since candidates are verified exactly.
    candidate_jaccard: float = 0.4
    #: Where the signatures of shards of texts are computed (this process, or Ray workers).
    engine: Engine = field(default_factory=LocalEngine)
    shard_size: int = 20_000
    #: How much less fully the others may contain the template than the best contained
    #: wording (see `_template`), and how many of the commonest wordings are compared.
    core_margin: float = 0.1
    core_references: int = 50

    def find(self, keys: Sequence[str]) -> list[DuplicateGroup]:
        """Groups of two or more among `keys` (normalised texts), in order of first member."""
        first_of: dict[str, int] = {}
        exact: list[list[int]] = []
        for index, key in enumerate(keys):
            if key in first_of:
                exact[first_of[key]].append(index)
            else:
                first_of[key] = len(exact)
                exact.append([index])

        distinct = [keys[group[0]] for group in exact]
        joined = UnionFind(len(distinct))
        long_enough = [i for i, key in enumerate(distinct) if len(key.split()) >= self.min_words]
        if len(long_enough) > 1:
            lsh = MinHashLSH(num_perm=NUM_PERM, params=_lsh_bands(self.candidate_jaccard))
            shards = [
                [distinct[i] for i in long_enough[start : start + self.shard_size]]
                for start in range(0, len(long_enough), self.shard_size)
            ]
            rows = self.engine.map(partial(signatures, self.seed), shards)
            signature = dict(zip(long_enough, (r for block in rows for r in block), strict=True))
            # Each text is compared only with the *leaders* found so far (texts that matched
            # no earlier leader), the most repeated wording first: a campaign of 100,000
            # variants is one leader, not 100,000 candidates for every variant to check.
            leaders: dict[int, set[str]] = {}
            for i in sorted(long_enough, key=lambda i: (-len(exact[i]), i)):
                sketch = LeanMinHash(seed=self.seed, hashvalues=signature.pop(i), scheme=SCHEME)
                own = shingles(distinct[i])
                matched = False
                for j in sorted(lsh.query(sketch)):
                    if self._same_letter(own, leaders[j]):
                        joined.union(i, j)
                        matched = True
                if not matched:
                    lsh.insert(i, sketch)
                    leaders[i] = own

        groups = []
        for parts in joined.groups():
            members = sorted(index for part in parts for index in exact[part])
            if len(members) < 2:
                continue
            top = self._template({p: len(exact[p]) for p in parts}, distinct)
            groups.append(DuplicateGroup(exact[top][0], tuple(members), distinct[top]))
        return sorted(groups, key=lambda g: g.members[0])

    def _template(self, counts: dict[int, int], distinct: Sequence[str]) -> int:
        """The wording that represents a group (`counts`: each wording's copies): of those
        the others contain about as fully as the best contained (`core_margin`), the most
        common, then the most contained, then the first.

        Every member is coded with the template's themes (and any of sentences it adds),
        so the template must be what they share: texts joined through one sentence they
        all quote had been coded with the first one's other points ("Not sure. A child hit
        at 20mph…" given the pollution theme of a longer answer holding that sentence).
        """
        # The most common wordings stand for the rest: a campaign's 100,000 variants are
        # not compared with each other.
        references = sorted(counts, key=lambda p: (-counts[p], p))[: self.core_references]
        sets = {p: shingles(distinct[p]) for p in references}
        contained = {}
        for p in references:
            total = sum(counts[q] for q in references if q != p)
            own = sets[p]
            shared = sum(counts[q] * len(own & sets[q]) for q in references if q != p)
            contained[p] = shared / (total * len(own)) if own and total else 1.0
        best = max(contained.values())
        near = [p for p in references if contained[p] >= best - self.core_margin]
        return max(near, key=lambda p: (counts[p], contained[p], -p))

    def _same_letter(self, a: set[str], b: set[str]) -> bool:
        shorter, longer = sorted((len(a), len(b)))
        return shorter >= self.min_length_ratio * longer and overlap(a, b) >= self.threshold


#: Words of a letter's close ("Yours faithfully", "Kind regards"): signing a template adds
#: no view of one's own.
_CLOSING = re.compile(
    r"\b(?:yours\s+(?:faithfully|sincerely|truly)|(?:kind|best|warm|warmest)\s+(?:regards|wishes)"
    r"|regards|many\s+thanks|thank\s+you|thanks)\b"
)


def own_words_key(text: str) -> str:
    """`text` as `added_own_words` reads it: in `dedup_key` form, without personal data or a
    letter's close. A local plan's campaign had "78 with own words added", 24 of them only
    a signature and an address under the template."""
    return _CLOSING.sub(" ", dedup_key(redact(clean(text)).without_data))


def added_own_words(key: str, template: str, minimum: int = 4) -> bool:
    """Whether a member of a group wrote at least `minimum` words that the template lacks
    (`key` and `template` as `own_words_key` gives them)."""
    return len(set(key.split()) - set(template.split())) >= minimum


def count_own_words(template: str, texts: Iterable[str]) -> int:
    """How many of a group's `texts` add words of their own to its `template`
    (`added_own_words`); an exact copy adds none, and is not read again without its data."""
    copy, key = dedup_key(template), own_words_key(template)
    return sum(
        dedup_key(clean(text)) != copy and added_own_words(own_words_key(text), key)
        for text in texts
    )
