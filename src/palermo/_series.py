"""The statistics: a collection with time-series queries on top."""

from __future__ import annotations

import bisect
import datetime
import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from ._args import check_key, to_partial_date
from ._collection import Collection, describe
from ._once import Once
from ._text import normalize, suggest
from .errors import InvalidQueryError, NotFoundError
from .model import DateLike, Statistic

if TYPE_CHECKING:
    from ._search import Vocabulary

__all__ = ["StatisticCollection"]


@functools.lru_cache(maxsize=1024)
def _last_day(text: str) -> int:
    # Parsing and checking a date string costs more than the rest of as_of,
    # and programs ask about the same few dates over and over. A bad date
    # raises, and lru_cache does not remember raising.
    return to_partial_date(text).last.toordinal()


class StatisticCollection(Collection[Statistic]):
    """The statistics, with time-series queries on top of :class:`Collection`.

    >>> import palermo
    >>> [s.value for s in palermo.statistics.series("icat.members")]
    [7, 16, 27, 30, 30, 30, 31, 31]
    """

    __slots__ = ("_as_of", "_best", "_demoted", "_lasts", "_measures", "_series")

    _best: Once[dict[str, list[int]]]
    _demoted: Once[frozenset[str]]
    _series: dict[str, tuple[Statistic, ...]]
    _as_of: dict[str, tuple[Statistic, ...]]
    _lasts: dict[str, list[int]]
    _measures: dict[str, str]

    def __init__(
        self,
        records: Iterable[Statistic],
        preference: Callable[[Statistic], int],
        text: Callable[[Statistic], Iterable[str]] = describe,
        demoted: Callable[[], Iterable[str]] = tuple,
        vocabulary: Vocabulary | None = None,
    ) -> None:
        super().__init__(
            "statistic", records, text=text, record_type=Statistic, vocabulary=vocabulary
        )
        groups: dict[str, list[Statistic]] = {}
        for s in self._records:
            groups.setdefault(s.measure, []).append(s)
        _set = object.__setattr__
        series: dict[str, tuple[Statistic, ...]] = {
            m: tuple(sorted(obs, key=lambda s: (s.date.sort_key(), s.id)))
            for m, obs in groups.items()
        }
        # For as_of, order by the last day each observation could describe,
        # and among equal days put the preferred (most primary) source last,
        # so one bisection finds the answer.
        as_of: dict[str, tuple[Statistic, ...]] = {}
        lasts: dict[str, list[int]] = {}
        for m, obs in groups.items():
            ordered = sorted(
                obs, key=lambda s: (s.date.last.toordinal(), preference(s), s.date.precision, s.id)
            )
            as_of[m] = tuple(ordered)
            lasts[m] = [s.date.last.toordinal() for s in ordered]
        _set(self, "_series", series)
        _set(self, "_as_of", as_of)
        _set(self, "_lasts", lasts)
        _set(self, "_measures", {normalize(m): m for m in series})
        # Ids of observations that a disagreement marks erratum, unverified or
        # disputed: read on first use (the disagreements are built after).
        _set(self, "_demoted", Once(lambda: frozenset(demoted())))
        _set(self, "_best", Once(self._best_positions))

    def _best_positions(self) -> dict[str, list[int]]:
        # For each position in the as_of order, the position of the best
        # supported observation at or before it: the latest one not demoted,
        # or (when every one so far is demoted) the latest one.
        demoted = self._demoted.get()
        out: dict[str, list[int]] = {}
        for m, ordered in self._as_of.items():
            best: list[int] = []
            good = -1
            for i, s in enumerate(ordered):
                if s.id not in demoted:
                    good = i
                best.append(good if good >= 0 else i)
            out[m] = best
        return out

    def demoted(self, statistic: Statistic) -> bool:
        """Whether a recorded disagreement marks ``statistic`` erratum, unverified
        or disputed (so that a better-supported claim is served first).

        >>> import palermo
        >>> copy = palermo.statistics.get("untoc.parties.2024.wikipedia-copy")
        >>> copy.value, palermo.statistics.demoted(copy)
        (193, True)
        >>> served = palermo.statistics.as_of("untoc.parties", "2024-12-31")
        >>> served.id, served.value, palermo.statistics.demoted(served)
        ('untoc.parties.2024-10-16.unodc', 192, False)
        """
        return statistic.id in self._demoted.get()

    @property
    def measures(self) -> tuple[str, ...]:
        """Every measure id, sorted."""
        return tuple(sorted(self._series))

    def _measure(self, measure: str) -> str:
        if not isinstance(measure, str):
            raise InvalidQueryError(f"measure must be a string, got {type(measure).__name__}")
        if measure in self._series:
            return measure
        norm = normalize(check_key(measure, "measure"))
        found = self._measures.get(norm)
        if found is not None:
            return found
        raise NotFoundError(measure, "measure", suggest(norm, self._measures))

    def series(self, measure: str) -> tuple[Statistic, ...]:
        """Every observation of ``measure``, oldest first.

        Raises:
            NotFoundError: No such measure; it lists the closest ones.
        """
        return self._series[self._measure(measure)]

    def as_of(self, measure: str, date: DateLike) -> Statistic | None:
        """The best-supported observation of ``measure`` known on ``date``.

        An observation counts only if it certainly describes a day on or before
        the end of ``date``: a figure for ``2017`` is not known on
        ``2017-06-01``. The latest such observation is served, except one that
        a recorded disagreement marks erratum, unverified or disputed while a
        better-supported one exists (then the latest of those). When sources
        give different figures for the same day, the one from the most primary
        source wins (treaty text, resolution, database, report, press release,
        web page, then secondary copies). :meth:`as_of_all` returns every claim
        for that day. ``None`` if nothing is known yet.

        Raises:
            NotFoundError: No such measure.
            InvalidQueryError: ``date`` is not a date.

        >>> import palermo
        >>> palermo.statistics.as_of("tip-protocol.parties", "2008-12-31").value
        124
        """
        m = self._measure(measure)
        if type(date) is datetime.date:
            last = date.toordinal()
        elif type(date) is str:
            last = _last_day(date)
        else:
            last = to_partial_date(date).last.toordinal()
        i = bisect.bisect_right(self._lasts[m], last)
        return self._as_of[m][self._best.get()[m][i - 1]] if i else None

    def as_of_all(self, measure: str, date: DateLike) -> tuple[Statistic, ...]:
        """Every observation of ``measure`` for the latest day known on ``date``.

        More than one means the sources disagree (or agree) on that day. The
        best supported comes first: claims a disagreement marks erratum,
        unverified or disputed come after the others.

        Args:
            measure: The measure's id or name.
            date: The day to look from.

        Raises:
            NotFoundError: No measure has that name; it lists the closest.
            InvalidQueryError: ``measure`` is empty or not a string, or
                ``date`` is not a date.

        >>> import palermo
        >>> [s.value for s in palermo.statistics.as_of_all("firearms-protocol.parties", "2005-03-08")]
        [36, 35]
        """
        m = self._measure(measure)
        last = _last_day(date) if type(date) is str else to_partial_date(date).last.toordinal()
        lasts = self._lasts[m]
        hi = bisect.bisect_right(lasts, last)
        if not hi:
            return ()
        lo = bisect.bisect_left(lasts, lasts[hi - 1])
        same = tuple(reversed(self._as_of[m][lo:hi]))
        demoted = self._demoted.get()
        return tuple(sorted(same, key=lambda s: s.id in demoted))

    def latest(self, measure: str) -> Statistic:
        """The most recent best-supported observation of ``measure`` (see :meth:`as_of`).

        :meth:`newest` gives the most recent observation whatever its support.

        Args:
            measure: The measure's id (``"untoc.parties"``) or name.

        Raises:
            NotFoundError: No measure has that name; it lists the closest.
            InvalidQueryError: ``measure`` is empty or not a string.

        >>> import palermo
        >>> palermo.statistics.latest("untoc.parties").value
        192
        """
        m = self._measure(measure)
        return self._as_of[m][self._best.get()[m][-1]]

    def newest(self, measure: str) -> Statistic:
        """The most recent observation of ``measure``, whatever its support.

        Args:
            measure: The measure's id or name.

        Raises:
            NotFoundError: No measure has that name; it lists the closest.
            InvalidQueryError: ``measure`` is empty or not a string.

        >>> import palermo
        >>> palermo.statistics.newest("untoc.parties").value
        193
        """
        return self._as_of[self._measure(measure)][-1]


# Shown as palermo.StatisticCollection, the path users import it by.
StatisticCollection.__module__ = "palermo"
