"""Trigram similarity exactly as PostgreSQL's pg_trgm computes it, for typo tolerance.

Pure. A word is padded with two spaces in front and one behind («  коваленко »); its
trigrams are the distinct three-letter windows; the similarity of two words is the share of
trigrams they have in common (common / all). «Ковалнко» and «коваленко» share 7 of 12: 0.58.
SQLite has no pg_trgm: the same numbers come from here, so both engines agree on which words
a typo may have meant.
"""
from __future__ import annotations

#: A word of the index is taken for a typo'd query word at this similarity or more.
THRESHOLD = 0.5
#: At most this many words are tried for one typo (the most similar first).
MAX_CANDIDATES = 5


def trigrams(word: str) -> frozenset[str]:
    padded = f"  {word} "
    return frozenset(padded[i:i + 3] for i in range(len(padded) - 2))


def similarity(a: str, b: str) -> float:
    ta, tb = trigrams(a), trigrams(b)
    common = len(ta & tb)
    return common / (len(ta) + len(tb) - common)


def min_common(word: str) -> int:
    """Fewest trigrams a word must share with ``word`` to reach THRESHOLD at all:
    c / (a + b - c) ≥ t with b ≥ c gives c ≥ t·a (a cheap filter before the exact one)."""
    import math
    return max(1, math.ceil(THRESHOLD * len(trigrams(word))))


def best_matches(probes: list[str], candidates: set[str]) -> list[str]:
    """The candidates similar enough to any probe, most similar first, then alphabetically;
    at most MAX_CANDIDATES. The order is decided here, not by the database."""
    scored = []
    for cand in candidates:
        score = max(similarity(p, cand) for p in probes)
        if score >= THRESHOLD:
            scored.append((-score, cand))
    return [cand for _, cand in sorted(scored)[:MAX_CANDIDATES]]
