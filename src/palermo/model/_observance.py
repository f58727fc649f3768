"""Days observed every year, and the rule that keeps them on the calendar."""

from __future__ import annotations

from typing import Any

import attrs

from ._dates import DateLike, PartialDate
from ._evidence import _CITES, FieldEvidence, _evidence, _evidence_rules
from ._fields import FieldError, _cites_something, _ids, _Shown, _valid_id, ours, ref

__all__ = ["Observance"]


_DAYS_IN = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _calendar_day(instance: Any, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(attribute.name, f"expected an integer, got {type(value).__name__}")
    if attribute.name == "month" and not 1 <= value <= 12:
        raise FieldError("month", f"a month is 1-12, not {value}")
    if attribute.name == "day":
        month = instance.month if 1 <= instance.month <= 12 else 1
        if not 1 <= value <= _DAYS_IN[month - 1]:
            raise FieldError("day", f"month {month} has no day {value}")


@attrs.frozen(kw_only=True)
class Observance(_Shown):
    """A day observed every year: the World Day against Trafficking in Persons
    (30 July), the International Day for the Abolition of Slavery (2 December).

    Attributes:
        id: Stable identifier, e.g. ``"world-day-against-trafficking-in-persons"``.
        name: Its official name.
        month: The month it falls in, 1-12.
        day: The day of the month.
        proclaimed_by: Ids of the :class:`Resolution` records that proclaimed it.
        commemorates: Ids of the :class:`Instrument` records whose adoption it marks.
        established: When it was proclaimed or established, as precisely as known.
        first_observed: The first year (or date) it was observed, when stated.
        established_by: Who established it, in the sources' words, for days
            no resolution in the dataset proclaimed.
        aliases: Other names it goes by.
        description: Our own short description.
        sources: Ids of the :class:`Source` records that support it (the union
            of its evidence).
        evidence: For each stated field, the sources that state it.

    >>> import palermo
    >>> day = palermo.observances.get("world-day-against-trafficking-in-persons")
    >>> (day.month, day.day), day.proclaimed_by
    ((7, 30), ('a-res-68-192',))
    >>> day.falls_on("2026-07-30"), day.falls_on("2010-07-30")
    (True, False)
    """

    id: str = attrs.field(validator=_valid_id)
    name: str
    month: int = attrs.field(validator=_calendar_day)
    day: int = attrs.field(validator=_calendar_day)
    sources: tuple[str, ...] = attrs.field(
        converter=_ids, validator=_cites_something, metadata=_CITES
    )
    proclaimed_by: tuple[str, ...] = attrs.field(
        default=(), converter=_ids, metadata=ref("resolutions", "proclaimed by", "proclaimed")
    )
    commemorates: tuple[str, ...] = attrs.field(
        default=(), converter=_ids, metadata=ref("instruments", "commemorates", "commemorated by")
    )
    established: PartialDate | None = None
    first_observed: PartialDate | None = None
    established_by: str | None = None
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    description: str = attrs.field(default="", metadata=ours())
    evidence: tuple[FieldEvidence, ...] = attrs.field(
        default=(), converter=_evidence, validator=_evidence_rules
    )

    def __attrs_post_init__(self) -> None:
        first, established = self.first_observed, self.established
        if first and established and first.year < established.year:
            raise FieldError("first_observed", f"{first} is before {established}")

    @property
    def since(self) -> int | None:
        """The first year it was (or could be) observed, if known.

        The year of :attr:`first_observed`; else the year after it was
        established if that was after its day, else the year it was established.

        >>> import palermo
        >>> palermo.observances.get("world-day-against-trafficking-in-persons").since
        2014
        """
        if self.first_observed is not None:
            return self.first_observed.year
        if self.established is None:
            return None
        est = self.established
        after_day = est.month is not None and (
            est.month > self.month or (est.month == self.month and (est.day or 0) > self.day)
        )
        return est.year + 1 if after_day else est.year

    def falls_on(self, date: DateLike) -> bool:
        """Whether it is observed on ``date`` (a day; a year or month is refused).

        Before the first year it was observed (:attr:`since`) the answer is
        ``False``: the day did not exist yet. Where that year is not known
        (:attr:`since` is ``None``), every year counts.

        Raises:
            ValueError: ``date`` is not a date of day precision.

        >>> import palermo
        >>> day = palermo.observances.get("world-day-against-trafficking-in-persons")
        >>> day.since, day.falls_on("2013-07-30"), day.falls_on("2014-07-30")
        (2014, False, True)
        >>> day.falls_on("2020-07")
        Traceback (most recent call last):
        ...
        ValueError: 2020-07 is not a day: give a date such as '2020-07-30'
        """
        when = PartialDate.coerce(date)
        if when.day is None:
            raise ValueError(f"{when} is not a day: give a date such as '{when.year}-07-30'")
        since = self.since
        if since is not None and when.year < since:
            return False
        return (when.month, when.day) == (self.month, self.day)
