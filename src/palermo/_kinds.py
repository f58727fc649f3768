"""Each kind's collection, built from its records the first time it is used.

A :class:`~palermo.Dataset` read from a user's folder has all its records
in hand (they were checked together); the bundled dataset reads each kind's
file only when that kind is first asked for, so ``palermo.instruments`` or a
lookup that an instrument answers never reads the statistics.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeAlias

from ._collection import Collection, ResolutionCollection, describe
from ._search import Vocabulary
from .model import ClaimStatus, Resolution, Statistic
from .registry import Kind, Registry

__all__ = ["Collections", "Rows"]

Rows: TypeAlias = "tuple[Any, ...] | Callable[[], tuple[Any, ...]]"
"""A kind's records, or what reads them when first needed."""

_DEMOTED = frozenset({ClaimStatus.ERRATUM, ClaimStatus.UNVERIFIED, ClaimStatus.DISPUTED})
"""What a disagreement says of a claim that a better-supported one is served before."""


def _build(
    kind: Kind, records: tuple[Any, ...], built: Mapping[str, Any], words: Vocabulary
) -> Collection[Any]:
    if kind.cls is Statistic:
        from ._series import StatisticCollection

        sources = built["sources"]

        def preference(s: Statistic) -> int:
            return max(
                (src.kind.rank for sid in s.sources if (src := sources.by_id(sid))), default=-1
            )

        def demoted() -> Iterator[str]:
            for d in built.get("disagreements", ()):
                for claim in d.claims:
                    if claim.statistic and claim.status in _DEMOTED:
                        yield claim.statistic

        return StatisticCollection(records, preference, describe, demoted, vocabulary=words)
    make = ResolutionCollection if kind.cls is Resolution else Collection
    return make(kind.label, records, kind.names, describe, record_type=kind.cls, vocabulary=words)


class Collections(Mapping[str, Collection[Any]]):
    """Collection name -> collection, each built on first use, once.

    Iterating gives the names in the registry's order without building
    anything; reading a value builds that collection (and, for the
    statistics, the sources they are ranked by).
    """

    __slots__ = ("_lock", "_made", "_registry", "_rows", "_words")

    def __init__(self, registry: Registry, rows: Mapping[str, Rows]) -> None:
        self._registry = registry
        self._rows = dict(rows)
        self._made: dict[str, Collection[Any]] = {}
        # Re-entrant: building the statistics builds the sources first.
        self._lock = threading.RLock()
        # One vocabulary for all the collections' search indexes.
        self._words = Vocabulary()

    def __getitem__(self, name: str) -> Collection[Any]:
        made = self._made.get(name)
        if made is not None:
            return made
        if name not in self._registry:
            raise KeyError(name)
        with self._lock:
            made = self._made.get(name)
            if made is None:
                rows = self._rows.get(name, ())
                records = rows() if callable(rows) else rows
                made = _build(self._registry.get(name), tuple(records), self, self._words)
                self._made[name] = made
                self._rows.pop(name, None)  # the collection holds them now
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(self._registry.names)

    def __len__(self) -> int:
        return len(self._registry.names)

    def built(self, name: str) -> bool:
        """Whether the collection ``name`` has been built yet."""
        return name in self._made
