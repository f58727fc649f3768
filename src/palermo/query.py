"""Read-only collections of records and the queries on them.

:class:`Collection` holds one kind of record; :class:`ResolutionCollection`
also reads symbols in any spelling; :class:`StatisticCollection` adds the
time-series queries. Key folding is :func:`normalize`.
"""

from __future__ import annotations

from ._args import to_partial_date
from ._collection import Collection, ResolutionCollection, describe
from ._search import idf_table
from ._series import StatisticCollection
from ._text import normalize

__all__ = [
    "Collection",
    "ResolutionCollection",
    "StatisticCollection",
    "describe",
    "idf_table",
    "normalize",
    "to_partial_date",
]
