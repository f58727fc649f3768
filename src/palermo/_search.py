"""The full-text search index behind ``search()``: words, their weights and
near spellings.

Built on the first search of a collection (lookups need none), once, under a
lock. Scores are comparable across collections when the caller passes one
set of word weights for all of them (:meth:`palermo.Dataset.search` does).
"""

from __future__ import annotations

import math
import sys
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from ._text import grams, normalize

__all__ = ["SearchIndex", "Vocabulary", "idf_table"]

_NAME_WEIGHT = 3.0
_TEXT_WEIGHT = 1.0
_EXACT_BONUS = 1000.0
Row = dict[int, float] | tuple[int, float]
"""Where a word occurs: record position -> weight, or, for the many words
of a single record, that one ``(position, weight)`` pair (a tenth of the
memory of a dict)."""

_FUZZY_MEMO = 4096  # near-word lists a vocabulary remembers


def idf_table(n_records: int, doc_freq: dict[str, int]) -> dict[str, float]:
    """How much each word tells apart: rare words weigh more.

    >>> {w: round(v, 2) for w, v in idf_table(10, {"rare": 1, "common": 10}).items()}
    {'rare': 2.4, 'common': 0.69}
    """
    n = max(n_records, 1)
    return {token: math.log(1.0 + n / df) for token, df in doc_freq.items()}


def _holds(row: Row, pos: int) -> bool:
    return row[0] == pos if isinstance(row, tuple) else pos in row


def _likeness(a: str, b: str) -> float:
    import difflib  # imported by the first search, not by every lookup

    return difflib.SequenceMatcher(None, a, b).ratio()


class Vocabulary:
    """The words of several search indexes and their trigrams, kept once for
    all of them, with each word's near spellings worked out once.

    A :class:`~palermo.Dataset` gives one to all its collections: the same
    words recur across kinds ("trafficking" is in most of them), and a word
    near a query word is near it whatever collection holds it. An index
    keeps the near words that are its own.
    """

    __slots__ = ("_grown", "_lock", "_near", "_trigrams", "_words")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._grown = 0  # how many times words were added
        self._words: set[str] = set()
        self._trigrams: dict[str, tuple[str, ...]] = {}
        self._near: dict[str, tuple[tuple[str, float], ...]] = {}

    def add(self, words: Iterable[str]) -> None:
        """Take in the words of one more index."""
        with self._lock:
            grew = False
            for word in words:
                if word not in self._words:
                    self._words.add(word)
                    grew = True
                    for g in grams(word):
                        # Tuples, not lists: a tuple of a few words is half the size.
                        g = sys.intern(g)
                        self._trigrams[g] = (*self._trigrams.get(g, ()), word)
            if grew:
                self._grown += 1
                self._near.clear()  # a new word may be near a word asked before

    def near(self, token: str) -> tuple[tuple[str, float], ...]:
        """Known words like ``token``, best first: itself (1.0), words it
        begins (0.8), near spellings (0.7 times their likeness)."""
        found = self._near.get(token)
        if found is not None:
            return found
        with self._lock:
            grown = self._grown
            candidates = dict.fromkeys(
                cand for g in grams(token) for cand in self._trigrams.get(g, ())
            )
        out: dict[str, float] = {}
        for cand in candidates:
            if cand == token:
                out[cand] = 1.0
            elif len(token) >= 3 and cand.startswith(token):
                out[cand] = 0.8
            elif abs(len(cand) - len(token)) <= 2 and len(token) >= 3:
                ratio = _likeness(token, cand)
                if ratio >= 0.75:
                    out[cand] = 0.7 * ratio
        result = tuple(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))
        with self._lock:
            # Remembered only if no words came in meanwhile.
            if len(self._near) < _FUZZY_MEMO and self._grown == grown:
                self._near[token] = result
        return result


class SearchIndex:
    """Postings (word -> record positions with a weight), over the words of
    a :class:`Vocabulary` (its own, unless one is shared)."""

    __slots__ = ("_idf", "_lock", "_name_tokens", "_postings", "_source", "_vocabulary")

    def __init__(
        self,
        records: Sequence[Any],
        names: Callable[[Any], Iterable[str]],
        text: Callable[[Any], Iterable[str]],
        vocabulary: Vocabulary | None = None,
    ) -> None:
        self._source = (records, names, text)
        self._lock = threading.Lock()
        self._postings: dict[str, Row] | None = None
        self._idf: dict[str, float] | None = None
        # For each record, the words of each of its names, one name after
        # another, each after its number of words: (2, "un", "women", 1, ...).
        self._name_tokens: list[tuple[int | str, ...]] = []
        self._vocabulary = vocabulary if vocabulary is not None else Vocabulary()

    def postings(self) -> dict[str, Row]:
        """Word -> where it occurs (see :data:`Row`), built on first use."""
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
        # Each word is kept once (interned), however many records, names
        # and collections hold it: every index is in memory once anything
        # has been searched.
        intern = sys.intern
        name_tokens: list[tuple[int | str, ...]] = []
        for pos, r in enumerate(records):
            own = dict.fromkeys(
                tuple(sorted({intern(t) for t in normalize(n).split()})) for n in names(r)
            )
            flat: list[int | str] = []
            for words in own:
                if words:
                    flat.append(len(words))
                    flat.extend(words)
            name_tokens.append(tuple(flat))
            for weight, strings in ((_NAME_WEIGHT, names(r)), (_TEXT_WEIGHT, text(r))):
                for s in strings:
                    for token in normalize(s).split():
                        row = postings.setdefault(intern(token), {})
                        row[pos] = max(row.get(pos, 0.0), weight)
        self._name_tokens = name_tokens
        self._vocabulary.add(postings)
        compact: dict[str, Row] = {
            t: next(iter(row.items())) if len(row) == 1 else row for t, row in postings.items()
        }
        self._postings = compact  # last: its presence means the index is complete

    def doc_freq(self) -> dict[str, int]:
        """Word -> how many records hold it."""
        return {
            token: 1 if isinstance(row, tuple) else len(row)
            for token, row in self.postings().items()
        }

    def fuzzy(self, token: str) -> tuple[tuple[str, float], ...]:
        """Index words like ``token``: itself, words it begins, near spellings."""
        postings = self.postings()
        return tuple(kv for kv in self._vocabulary.near(token) if kv[0] in postings)

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
                row = postings[cand]
                for pos, w in (row,) if isinstance(row, tuple) else row.items():
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
                    mine = {w for w in words if _holds(postings[w], pos)}
                    scores[pos] = score * (1.0 + self._coverage(pos, mine))
        return scores

    def _coverage(self, pos: int, words: set[str]) -> float:
        """The largest share of one of the record's names made of ``words``."""
        best = 0.0
        flat = self._name_tokens[pos]
        i = 0
        while i < len(flat):
            n = int(flat[i])
            share = sum(1 for t in flat[i + 1 : i + 1 + n] if t in words) / n
            best = max(best, share)
            i += n + 1
        return best

    def near_names(self, norm: str, limit: int) -> tuple[str, ...]:
        """Index words close to each word of ``norm`` (for suggestions)."""
        out: list[str] = []
        for token in norm.split():
            out.extend(cand for cand, _ in self.fuzzy(token)[:limit])
        return tuple(out)
