"""Disjoint sets (union-find): the groups that pairwise joins add up to, taken transitively.

Duplicate letters, clusters cut from a merge tree and themes a model says are one all
become groups this way.
"""

from __future__ import annotations


class UnionFind:
    """Items 0..n-1, each alone until joined."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        """The item that stands for `i`'s group."""
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)

    def groups(self) -> list[list[int]]:
        """Every group's items in ascending order, groups in order of their first item."""
        groups: dict[int, list[int]] = {}
        for i in range(len(self.parent)):
            groups.setdefault(self.find(i), []).append(i)
        return list(groups.values())
