"""Dates that keep the precision their source gave them."""

from __future__ import annotations

import calendar
import datetime
import enum
import re
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    import pendulum

__all__ = ["DateLike", "PartialDate", "Period", "Precision"]


class Precision(enum.IntEnum):
    """How much of a date a source stated.

    >>> PartialDate.parse("2017-05").precision
    <Precision.MONTH: 2>
    >>> sorted(Precision)  # the least precise first
    [<Precision.YEAR: 1>, <Precision.MONTH: 2>, <Precision.DAY: 3>]
    """

    YEAR = 1
    MONTH = 2
    DAY = 3


_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
# re.ASCII: only ASCII digits make a date (not fullwidth or Arabic-Indic ones).
_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$", re.ASCII)


@attrs.frozen(order=False)
class PartialDate:
    """A calendar date known to the year, the month or the day.

    A fact a source dates only to ``2017`` stays ``2017``: it is never stored
    as 1 January. Comparison is by the interval a date covers: ``2017`` is
    before ``2018-05-01`` but neither before nor after ``2017-05-01``.

    Attributes:
        year: The year.
        month: The month (1-12), or ``None`` when only the year is known.
        day: The day of the month, or ``None`` when it is not known.

    >>> d = PartialDate.parse("2000-11-15")
    >>> d.precision.name, str(d)
    ('DAY', '2000-11-15')
    >>> str(PartialDate.parse("2017")), PartialDate.parse("2017").precision.name
    ('2017', 'YEAR')
    >>> d = PartialDate.parse("2017")
    >>> d.first, d.last
    (datetime.date(2017, 1, 1), datetime.date(2017, 12, 31))
    >>> d.is_before("2018-01-01"), d.is_before("2017-06-01"), d.is_after("2017-06-01")
    (True, False, False)
    """

    year: int
    month: int | None = None
    day: int | None = None

    def __attrs_post_init__(self) -> None:
        for name, value in (("year", self.year), ("month", self.month), ("day", self.day)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
        if not 1 <= self.year <= 9999:
            raise ValueError(f"year {self.year} is out of range 1-9999")
        if self.month is None:
            if self.day is not None:
                raise ValueError("a day needs a month")
            return
        if not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is out of range 1-12")
        if self.day is not None:
            # A table, not calendar.monthrange, which also works out the
            # weekday: every date of every query and data file comes here.
            last = _DAYS_IN_MONTH[self.month] + (self.month == 2 and calendar.isleap(self.year))
            if not 1 <= self.day <= last:
                raise ValueError(
                    f"day {self.day} does not exist in {self.year:04d}-{self.month:02d}"
                )

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

        Args:
            text: The date as written; surrounding spaces are ignored.

        Raises:
            ValueError: The text is not one of those forms or names no real date.

        >>> PartialDate.parse("2010-07")
        PartialDate(year=2010, month=7, day=None)
        """
        if not isinstance(text, str):
            raise TypeError(f"expected a date string, got {type(text).__name__}")
        match = _ISO.match(text)
        if match is None:
            raise ValueError(f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = match.groups()
        return cls(
            int(year),
            int(month) if month is not None else None,
            int(day) if day is not None else None,
        )

    @classmethod
    def coerce(cls, value: DateLike) -> PartialDate:
        """Turn what users pass as a date into a :class:`PartialDate`.

        Accepts a :class:`PartialDate`, a :class:`datetime.date` (including
        :class:`pendulum.Date` and datetimes, whose time is dropped), a year as
        an :class:`int`, or a string as in :meth:`parse`.

        Args:
            value: The date in any of those forms.

        Raises:
            ValueError: The value is not a date.

        >>> import datetime
        >>> PartialDate.coerce(datetime.date(2020, 7, 30))
        PartialDate(year=2020, month=7, day=30)
        >>> PartialDate.coerce(2020)
        PartialDate(year=2020, month=None, day=None)
        """
        if isinstance(value, PartialDate):
            return value
        if isinstance(value, datetime.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            return cls(value)
        if isinstance(value, str):
            return cls.parse(value)
        raise ValueError(
            f"expected a date (datetime.date, pendulum date, 'YYYY[-MM[-DD]]' "
            f"or a year), got {type(value).__name__}: {value!r}"[:300]
        )

    @property
    def precision(self) -> Precision:
        """How precise this date is."""
        if self.month is None:
            return Precision.YEAR
        if self.day is None:
            return Precision.MONTH
        return Precision.DAY

    @property
    def first(self) -> datetime.date:
        """The first day this date covers.

        >>> PartialDate(2017).first
        datetime.date(2017, 1, 1)
        """
        return datetime.date(self.year, self.month or 1, self.day or 1)

    @property
    def last(self) -> datetime.date:
        """The last day this date covers.

        >>> PartialDate(2016, 2).last
        datetime.date(2016, 2, 29)
        """
        month = self.month or 12
        day = self.day or _DAYS_IN_MONTH[month] + (month == 2 and calendar.isleap(self.year))
        return datetime.date(self.year, month, day)

    def is_before(self, other: DateLike) -> bool:
        """Whether every day of this date falls before every day of ``other``.

        Args:
            other: A date, a ``datetime.date``, or a date written
                ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

        Raises:
            ValueError: ``other`` is not a date.

        >>> PartialDate(2017).is_before("2018-01-01"), PartialDate(2017).is_before("2017-12-31")
        (True, False)
        """
        return self.last < PartialDate.coerce(other).first

    def is_after(self, other: DateLike) -> bool:
        """Whether every day of this date falls after every day of ``other``.

        Args:
            other: A date, as for :meth:`is_before`.

        Raises:
            ValueError: ``other`` is not a date.

        >>> PartialDate(2017, 3).is_after("2017-02-28"), PartialDate(2017, 3).is_after("2017")
        (True, False)
        """
        return self.first > PartialDate.coerce(other).last

    def overlaps(self, other: DateLike) -> bool:
        """Whether this date and ``other`` may be the same day.

        Args:
            other: A date, as for :meth:`is_before`.

        Raises:
            ValueError: ``other`` is not a date.

        >>> PartialDate(2017).overlaps("2017-05-01"), PartialDate(2017).overlaps("2018-05-01")
        (True, False)
        """
        o = PartialDate.coerce(other)
        return not (self.last < o.first or self.first > o.last)

    def known_by(self, other: DateLike) -> bool:
        """Whether this date has certainly happened by the end of ``other``.

        A year-only date counts as known by a day only once that year is over,
        so ``2017`` is not known by ``2017-06-01`` but is by ``2017-12-31``.

        Args:
            other: A date, as for :meth:`is_before`.

        Raises:
            ValueError: ``other`` is not a date.

        >>> PartialDate(2017).known_by("2017-06-01")
        False
        >>> PartialDate(2017, 3, 1).known_by("2017")
        True
        """
        return self.last <= PartialDate.coerce(other).last

    def sort_key(self) -> tuple[int, int, int, int]:
        """A total order: by first day, then less precise first.

        >>> sorted([PartialDate(2017, 1, 1), PartialDate(2017)], key=PartialDate.sort_key)
        [PartialDate(year=2017, month=None, day=None), PartialDate(year=2017, month=1, day=1)]
        """
        f = self.first
        return (f.year, f.month, f.day, int(self.precision))

    def __lt__(self, other: PartialDate | datetime.date) -> bool:
        return self.sort_key() < _comparable(other, "<").sort_key()

    def __le__(self, other: PartialDate | datetime.date) -> bool:
        return self.sort_key() <= _comparable(other, "<=").sort_key()

    def __gt__(self, other: PartialDate | datetime.date) -> bool:
        return self.sort_key() > _comparable(other, ">").sort_key()

    def __ge__(self, other: PartialDate | datetime.date) -> bool:
        return self.sort_key() >= _comparable(other, ">=").sort_key()

    def to_date(self) -> datetime.date:
        """The :class:`datetime.date`; only for a date known to the day.

        Raises:
            ValueError: The date is known only to the month or year.
        """
        if self.precision is not Precision.DAY:
            raise ValueError(f"{self} is known only to the {self.precision.name.lower()}")
        return self.first

    def to_pendulum(self) -> pendulum.Date:
        """The :class:`pendulum.Date`; only for a date known to the day.

        >>> PartialDate(2003, 12, 25).to_pendulum().format("D MMMM YYYY")
        '25 December 2003'
        """
        import pendulum  # only here: importing it costs more than the rest of palermo

        d = self.to_date()
        return pendulum.Date(d.year, d.month, d.day)

    def __str__(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"


DateLike = PartialDate | datetime.date | str | int
"""What the API accepts as a date: a :class:`PartialDate`, a
:class:`datetime.date` or :class:`pendulum.Date`, ``"YYYY[-MM[-DD]]"`` or a year."""


def _comparable(other: object, op: str) -> PartialDate:
    # <, <=, > and >= order dates as sort_key() does (a year before its
    # months, a month before its days); a datetime.date (pendulum's too) is
    # read as a PartialDate first. Strings are not: "2021" < a date is a
    # mistake more often than a wish.
    if isinstance(other, PartialDate):
        return other
    if isinstance(other, datetime.date):
        return PartialDate.coerce(other)
    raise TypeError(
        f"'{op}' is not supported between PartialDate and {type(other).__name__}: "
        "compare with a date, or use is_before(), is_after() or overlaps()"
    )


@attrs.frozen
class Period:
    """A span between two dates, each with its own precision.

    Written ``start/end`` as in ISO 8601, e.g. ``2016/2018``.

    Attributes:
        start: The first date of the span.
        end: The last date of the span.

    >>> Period.parse("2016/2018")
    Period(start=PartialDate(year=2016, month=None, day=None), end=PartialDate(year=2018, month=None, day=None))
    >>> str(Period.parse("2020-01/2020-06"))
    '2020-01/2020-06'
    """

    start: PartialDate
    end: PartialDate

    def __attrs_post_init__(self) -> None:
        for name, value in (("start", self.start), ("end", self.end)):
            if not isinstance(value, PartialDate):
                raise TypeError(f"{name} must be a PartialDate, got {type(value).__name__}")
        if self.end.is_before(self.start):
            raise ValueError(f"period ends ({self.end}) before it starts ({self.start})")

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse ``start/end``.

        Args:
            text: Two dates as :meth:`PartialDate.parse` reads them, joined by ``/``.

        Raises:
            ValueError: The text is not two dates joined by ``/``.
        """
        if not isinstance(text, str) or text.count("/") != 1:
            raise ValueError(f"{text!r} is not a period: write START/END, e.g. 2016/2018")
        start, end = text.split("/")
        return cls(PartialDate.parse(start), PartialDate.parse(end))

    def __str__(self) -> str:
        return f"{self.start}/{self.end}"
