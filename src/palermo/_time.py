"""The framework in time: dated events and what was known on a date."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from ._args import to_partial_date
from .errors import InvalidQueryError
from .model import Agency, Instrument, PartialDate, Record, Resolution, Statistic
from .registry import KINDS, Registry

if TYPE_CHECKING:
    from ._series import StatisticCollection

__all__ = ["Event", "Snapshot", "snapshot", "timeline"]


@attrs.frozen
class Event:
    """A dated event of the framework, for :meth:`Dataset.timeline`.

    Attributes:
        date: When it happened, as precisely as known.
        what: What happened (``"adopted"``, ``"entered into force"``...).
        record: The record it happened to.

    >>> import palermo
    >>> event = palermo.timeline("2003-12-25", "2003-12-25")[0]
    >>> str(event.date), event.what, event.record.id
    ('2003-12-25', 'entered into force', 'tip-protocol')
    """

    date: PartialDate
    what: str
    record: Record

    def __str__(self) -> str:
        kind = KINDS.kind_of(self.record)
        name = kind.title(self.record) if kind is not None else self.record.id
        return f"{self.date}  {name} {self.what}"


@attrs.frozen
class Snapshot:
    """The framework as known on one date (see :meth:`Dataset.at`).

    Attributes:
        date: The date asked.
        instruments: Instruments adopted, opened for signature or in force
            by then (an instrument whose adoption date is unknown but that was
            in force is among them).
        in_force: Those of them in force by then.
        resolutions: Resolutions adopted by then.
        agencies: Agencies established by then.
        undated: Agencies the data knows of but cannot date: they may or may
            not have existed then, so they are listed apart, in every snapshot.
        statistics: For each measure, the best-supported observation known then.

    >>> import palermo
    >>> snap = palermo.at("2003-12-31")
    >>> str(snap.date), len(snap.instruments), len(snap.in_force)
    ('2003-12-31', 26, 19)
    """

    date: PartialDate
    instruments: tuple[Instrument, ...]
    in_force: tuple[Instrument, ...]
    resolutions: tuple[Resolution, ...]
    agencies: tuple[Agency, ...]
    statistics: tuple[Statistic, ...]
    undated: tuple[Agency, ...] = ()


for _cls in (Event, Snapshot):
    _cls.__module__ = "palermo"


def snapshot(
    date: Any,
    instruments: Iterable[Instrument],
    resolutions: Iterable[Resolution],
    agencies: Iterable[Agency],
    statistics: StatisticCollection,
) -> Snapshot:
    """What was known on ``date`` (see :meth:`palermo.Dataset.at`)."""
    d = to_partial_date(date)

    def known(x: PartialDate | None) -> bool:
        return x is not None and x.known_by(d)

    instruments = tuple(instruments)
    agencies = tuple(agencies)
    stats = []
    for measure in statistics.measures:
        s = statistics.as_of(measure, d)
        if s is not None:
            stats.append(s)
    return Snapshot(
        date=d,
        instruments=tuple(
            i
            for i in instruments
            if known(i.adopted) or known(i.opened_for_signature) or known(i.entry_into_force)
        ),
        in_force=tuple(i for i in instruments if known(i.entry_into_force)),
        resolutions=tuple(r for r in resolutions if known(r.adopted)),
        agencies=tuple(a for a in agencies if known(a.established)),
        statistics=tuple(stats),
        undated=tuple(a for a in agencies if a.established is None),
    )


def timeline(
    records: Iterable[Any], start: Any = None, end: Any = None, registry: Registry = KINDS
) -> tuple[Event, ...]:
    """Dated events of ``records``, oldest first (see :meth:`palermo.Dataset.timeline`)."""
    lo = to_partial_date(start, "start").first if start is not None else None
    hi = to_partial_date(end, "end").last if end is not None else None
    if lo is not None and hi is not None and hi < lo:
        raise InvalidQueryError(f"end {end!s} is before start {start!s}")
    events: list[tuple[tuple[int, ...], int, str, Event]] = []
    for r in records:
        kind = registry.kind_of(r)
        for field, what, stage in kind.events if kind is not None else ():
            when = getattr(r, field)
            if when is None:
                continue
            if lo is not None and when.last < lo:
                continue
            if hi is not None and when.first > hi:
                continue
            events.append((when.sort_key(), stage, r.id, Event(when, what, r)))
    events.sort(key=lambda e: e[:3])
    return tuple(e[3] for e in events)
