"""The full-text search index behind ``search()``: words, their weights and
near spellings.

Built on the first search of a collection (lookups need none), once, under a
lock. Scores are comparable across collections when the caller passes one
set of word weights for all of them (:meth:`palermo.Dataset.search` does).
"""

from __future__ import annotations

import difflib
import math
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ._text import grams, normalize

__all__ = ["SearchIndex", "idf_table"]

_NAME_WEIGHT = 3.0
_TEXT_WEIGHT = 1.0
_EXACT_BONUS = 1000.0
_FUZZY_MEMO = 4096


def idf_table(n_records: int, doc_freq: dict[str, int]) -> dict[str, float]:
    """How much each word tells apart: rare words weigh more.

    >>> {w: round(v, 2) for w, v in idf_table(10, {"rare": 1, "common": 10}).items()}
    {'rare': 2.4, 'common': 0.69}
    """
    n = max(n_records, 1)
    return {token: math.log(1.0 + n / df) for token, df in doc_freq.items()}


class SearchIndex:
    """Postings (word -> record positions with a weight) and trigrams of words."""

    __slots__ = (
        "_fuzzy_cache",
        "_idf",
        "_lock",
        "_name_tokens",
        "_postings",
        "_source",
        "_trigrams",
    )

    def __init__(
        self,
        records: Sequence[Any],
        names: Callable[[Any], Iterable[str]],
        text: Callable[[Any], Iterable[str]],
    ) -> None:
        self._source = (records, names, text)
        self._lock = threading.Lock()
        self._postings: dict[str, dict[int, float]] | None = None
        self._idf: dict[str, float] | None = None
        self._trigrams: dict[str, tuple[str, ...]] = {}
        self._fuzzy_cache: dict[str, tuple[tuple[str, float], ...]] = {}
        self._name_tokens: list[tuple[tuple[str, ...], ...]] = []

    def postings(self) -> dict[str, dict[int, float]]:
        """Word -> {record position: weight}, built on first use."""
        postings = self._postings
        if postings is None:
            with self._lock:
                if self._postings is None:
                    self._build()
                postings = self._postings
        assert postings is not None
        return postings

    def _build(self) -> None:
        records, names, text = self._source
        postings: dict[str, dict[int, float]] = {}
        # Each word and trigram is kept once, however many records and
        # names hold it, and small sets are kept as tuples: the index of
        # every collection is in memory once anything has been searched.
        same: dict[str, str] = {}
        name_tokens: list[tuple[tuple[str, ...], ...]] = []
        for pos, r in enumerate(records):
            own = dict.fromkeys(
                tuple(sorted({same.setdefault(t, t) for t in normalize(n).split()}))
                for n in names(r)
            )
            name_tokens.append(tuple(t for t in own if t))
            for weight, strings in ((_NAME_WEIGHT, names(r)), (_TEXT_WEIGHT, text(r))):
                for s in strings:
                    for token in normalize(s).split():
                        row = postings.setdefault(same.setdefault(token, token), {})
                        row[pos] = max(row.get(pos, 0.0), weight)
        self._name_tokens = name_tokens
        trigrams: dict[str, list[str]] = {}
        for token in postings:
            for g in grams(token):
                trigrams.setdefault(same.setdefault(g, g), []).append(token)
        self._trigrams = {g: tuple(tokens) for g, tokens in trigrams.items()}
        self._postings = postings  # last: its presence means the index is complete

    def doc_freq(self) -> dict[str, int]:
        """Word -> how many records hold it."""
        return {token: len(row) for token, row in self.postings().items()}

    def fuzzy(self, token: str) -> tuple[tuple[str, float], ...]:
        """Index words like ``token``: itself, words it begins, near spellings."""
        cached = self._fuzzy_cache.get(token)
        if cached is not None:
            return cached
        postings = self.postings()
        out: dict[str, float] = {}
        if token in postings:
            out[token] = 1.0
        counts: dict[str, int] = {}
        for g in grams(token):
            for cand in self._trigrams.get(g, ()):
                counts[cand] = counts.get(cand, 0) + 1
        for cand in counts:
            if cand in out:
                continue
            if len(token) >= 3 and cand.startswith(token):
                out[cand] = 0.8
            elif abs(len(cand) - len(token)) <= 2 and len(token) >= 3:
                ratio = difflib.SequenceMatcher(None, token, cand).ratio()
                if ratio >= 0.75:
                    out[cand] = 0.7 * ratio
        result = tuple(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))
        if len(self._fuzzy_cache) < _FUZZY_MEMO:
            self._fuzzy_cache[token] = result
        return result

    def scores(
        self, norm: str, exact: Iterable[int], idf: dict[str, float] | None = None
    ) -> dict[int, float]:
        """Relevance of each matching record position for a folded query.

        ``exact`` are the positions the query names exactly (they come
        first); ``idf`` overrides the index's own word weights.
        """
        postings = self.postings()
        if idf is None:
            # The collection's own word weights, made when it is searched on
            # its own (a Dataset passes weights shared by every collection).
            idf = self._idf
            if idf is None:
                idf = idf_table(len(self._source[0]), self.doc_freq())
                self._idf = idf
        scores: dict[int, float] = {}
        for pos in exact:
            scores[pos] = scores.get(pos, 0.0) + _EXACT_BONUS
        tokens = norm.split()
        hits: dict[int, int] = {}
        found: list[tuple[tuple[str, float], ...]] = []
        for token in tokens:
            seen: dict[int, float] = {}
            near = self.fuzzy(token)
            found.append(near)
            for cand, quality in near:
                rarity = idf.get(cand, 1.0)
                for pos, w in postings[cand].items():
                    s = w * quality * rarity
                    if s > seen.get(pos, 0.0):
                        seen[pos] = s
            for pos, s in seen.items():
                scores[pos] = scores.get(pos, 0.0) + s
                hits[pos] = hits.get(pos, 0) + 1
        for pos, count in hits.items():
            if count == len(tokens):
                scores[pos] *= 2.0
        # A record one of whose names the query covers (the acronym "UNODC"
        # for "unodoc", "Trafficking Protocol" for "trafficing protocol")
        # comes before one that merely mentions the words. It can at most
        # double a score, so only records within half of the best can gain.
        if scores:
            floor = max(scores.values()) / 2.0
            words = [cand for near in found for cand, _ in near]
            for pos, score in scores.items():
                if score >= floor:
                    mine = {w for w in words if pos in postings[w]}
                    scores[pos] = score * (1.0 + self._coverage(pos, mine))
        return scores

    def _coverage(self, pos: int, words: set[str]) -> float:
        """The largest share of one of the record's names made of ``words``."""
        best = 0.0
        for name in self._name_tokens[pos]:
            share = sum(1 for t in name if t in words) / len(name)
            best = max(best, share)
        return best

    def near_names(self, norm: str, limit: int) -> tuple[str, ...]:
        """Index words close to each word of ``norm`` (for suggestions)."""
        out: list[str] = []
        for token in norm.split():
            out.extend(cand for cand, _ in self.fuzzy(token)[:limit])
        return tuple(out)
