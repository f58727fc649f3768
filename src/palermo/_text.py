"""Text rules shared by every lookup: folding keys, shortening what errors
show, and suggesting the closest names.

One rule each, used by the collections, the dataset, participation and the
error messages alike.
"""

from __future__ import annotations

import bisect
import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping

__all__ = [
    "CANDIDATES",
    "MAX_SUGGESTIONS",
    "SCAN_LIMIT",
    "NameIndex",
    "grams",
    "normalize",
    "shorten",
    "suggest",
]

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Apostrophes join what they stand between: "Cote d'Ivoire" is "cote divoire".
_APOSTROPHES = re.compile(r"['\u2019\u02bc`]")

MAX_SUGGESTIONS = 5
"""The most names a "not found" error suggests."""

_SHOWN = 80


# British and American spellings of the words this field writes both ways.
_SPELLINGS = re.compile(r"\b(organi)s(ed|ation|ations|ing)\b|\blabour\b|\bprogramme")
_AMERICAN = {"labour": "labor", "programme": "program"}


def _american(match: re.Match[str]) -> str:
    if match.group(1):
        return f"{match.group(1)}z{match.group(2)}"
    return _AMERICAN[match.group(0)]


def normalize(text: str) -> str:
    """Fold a key for comparison: case, accents, apostrophes, punctuation,
    spacing, and British spellings (organised, labour, programme).

    >>> normalize("  Palermo-Protocol ")
    'palermo protocol'
    >>> normalize("A/RES/55/25"), normalize("a/res/55/25")
    ('a res 55 25', 'a res 55 25')
    >>> normalize("Médecins"), normalize("Côte d'Ivoire")
    ('medecins', 'cote divoire')
    >>> normalize("Bosnia & Herzegovina")
    'bosnia and herzegovina'
    >>> normalize("Transnational Organised Crime")
    'transnational organized crime'
    """
    if "&" in text:
        text = text.replace("&", " and ")
    if text.isascii():
        # The common case, several times faster than the Unicode path.
        folded = _NON_ALNUM.sub(" ", _APOSTROPHES.sub("", text.lower())).strip()
    else:
        decomposed = unicodedata.normalize("NFKD", _APOSTROPHES.sub("", text)).casefold()
        out = [c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c)]
        folded = " ".join("".join(out).split())
    return (
        _SPELLINGS.sub(_american, folded)
        if ("organis" in folded or "labour" in folded or "programme" in folded)
        else folded
    )


def shorten(value: object, limit: int = _SHOWN) -> str:
    """``repr(value)``, cut to ``limit`` characters, for error messages.

    A key of ten megabytes must not make a ten-megabyte message, and an
    object whose ``repr`` fails must not break the error that names it.

    >>> shorten("x" * 100, 12)
    "'xxxxxxx..."
    >>> shorten(42)
    '42'
    """
    if isinstance(value, str):
        # Cut first: repr of a huge string is itself huge.
        shown = repr(value[:limit])
    else:
        try:
            shown = repr(value)
        except Exception:  # a user's object may raise anything from __repr__
            shown = f"<{type(value).__name__} object>"
    return shown if len(shown) <= limit else shown[: limit - 3] + "..."


SCAN_LIMIT = 300
"""A collection of up to this many names also suggests near spellings of
each word of a missed key, from its search index."""

CANDIDATES = 40
"""At most how many names of each collection a miss compares closely with
the key (see :class:`NameIndex`)."""


class NameIndex:
    """Folded names by length, with their trigrams, so that a miss compares
    the key closely with few names instead of every one. Built on first use.

    Only a name of a length close to the key's can be close enough to
    suggest (``difflib`` needs ``2 * shorter / (both lengths) >= 0.6``): a
    name from 3/7 to 7/3 of the key's length. When at most
    :data:`CANDIDATES` names are of such a length, they are all compared, as
    a scan of every name would; otherwise those of them sharing most of the
    key's trigrams.
    """

    __slots__ = ("_grams", "_keys", "_lengths", "_lock")

    def __init__(self, keys: Iterable[str]) -> None:
        self._keys = tuple(sorted(keys, key=len))
        self._lengths = [len(k) for k in self._keys]
        self._grams: dict[str, list[int]] | None = None
        self._lock = threading.Lock()

    def candidates(self, norm: str, limit: int = CANDIDATES) -> list[str]:
        """The names that may be close to ``norm``, at most ``limit``."""
        n = len(norm)
        lo = bisect.bisect_left(self._lengths, (3 * n + 6) // 7)
        hi = bisect.bisect_right(self._lengths, (7 * n) // 3)
        if hi - lo <= limit:
            return list(self._keys[lo:hi])
        index = self._grams
        if index is None:
            with self._lock:
                if self._grams is None:
                    built: dict[str, list[int]] = {}
                    for i, key in enumerate(self._keys):
                        for g in grams(key):
                            built.setdefault(g, []).append(i)
                    self._grams = built
                index = self._grams
        counts: dict[int, int] = {}
        for g in grams(norm):
            for i in index.get(g, ()):
                if lo <= i < hi:
                    counts[i] = counts.get(i, 0) + 1
        best = sorted(counts, key=lambda i: -counts[i])[:limit]
        return [self._keys[i] for i in best]


def suggest(
    norm: str,
    labels: Mapping[str, str],
    owners: Mapping[str, object] | None = None,
    index: NameIndex | None = None,
) -> tuple[str, ...]:
    """The names closest to a folded key, best first, at most :data:`MAX_SUGGESTIONS`.

    ``labels`` maps folded names to the name as written; with ``owners``
    (folded name -> the record it names) each record is suggested once,
    under its closest name. ``index`` narrows a large set of names first.

    >>> suggest("palermo protocl", {"palermo protocol": "Palermo Protocol", "untoc": "UNTOC"})
    ('Palermo Protocol',)
    """
    pool = index.candidates(norm) if index is not None else labels.keys()
    import difflib  # only a miss needs it

    close = difflib.get_close_matches(norm, pool, n=MAX_SUGGESTIONS * 4, cutoff=0.6)
    return _one_per_owner(close, labels, owners)


def _one_per_owner(
    keys: Iterable[str], labels: Mapping[str, str], owners: Mapping[str, object] | None
) -> tuple[str, ...]:
    out: list[str] = []
    seen: set[object] = set()
    for key in keys:
        owner = owners.get(key, key) if owners is not None else labels[key]
        if owner in seen:
            continue
        seen.add(owner)
        out.append(labels[key])
        if len(out) == MAX_SUGGESTIONS:
            break
    return tuple(out)


def grams(token: str) -> tuple[str, ...]:
    """The trigrams of a word, padded so its ends count (for fuzzy matching).

    >>> sorted(grams("un"))
    [' un', 'un ']
    """
    padded = f" {token} "
    return tuple({padded[i : i + 3] for i in range(len(padded) - 2)})
