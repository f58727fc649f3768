"""Checks of the arguments users pass, shared by every query.

Each raises :class:`~palermo.InvalidQueryError` with a message that says
what was asked, never a bare ``TypeError`` or ``ValueError``.
"""

from __future__ import annotations

from ._text import shorten
from .errors import InvalidQueryError
from .model import PartialDate

__all__ = ["MAX_KEY", "check_key", "positive_int", "to_partial_date"]

MAX_KEY = 1000
"""The longest lookup key accepted, in characters."""


def check_key(key: object, what: str = "lookup key") -> str:
    """``key`` as an exact ``str``, if it is a usable key.

    A ``str`` subclass is turned into a plain ``str``, so that its own
    ``lower``, ``__hash__`` or ``__eq__`` can never reach a cache.

    >>> check_key("  UNODC ")
    '  UNODC '
    >>> check_key("")
    Traceback (most recent call last):
    ...
    palermo.InvalidQueryError: empty lookup key: give an id, a name or a symbol
    """
    if not isinstance(key, str):
        raise InvalidQueryError(f"{what} must be a string, got {type(key).__name__}")
    key = str.__str__(key)
    if len(key) > MAX_KEY:
        raise InvalidQueryError(f"{what} is {len(key)} characters long; at most {MAX_KEY}")
    if not key.strip():
        raise InvalidQueryError(f"empty {what}: give an id, a name or a symbol")
    return key


def positive_int(value: object, name: str) -> int:
    """``value`` if it is a positive ``int`` (not a ``bool``).

    >>> positive_int(3, "limit")
    3
    >>> positive_int(0, "limit")
    Traceback (most recent call last):
    ...
    palermo.InvalidQueryError: limit must be a positive integer, got 0
    """
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InvalidQueryError(f"{name} must be a positive integer, got {shorten(value)}")
    return value


def to_partial_date(value: object, what: str = "date") -> PartialDate:
    """Coerce a user's date, raising :class:`~palermo.InvalidQueryError`.

    >>> to_partial_date("2020")
    PartialDate(year=2020, month=None, day=None)
    >>> to_partial_date("2020-02-30")
    Traceback (most recent call last):
    ...
    palermo.InvalidQueryError: bad date '2020-02-30': day 30 does not exist in 2020-02
    """
    try:
        return PartialDate.coerce(value)  # type: ignore[arg-type]
    except (ValueError, TypeError, OverflowError) as exc:
        raise InvalidQueryError(f"bad {what} {shorten(value, 60)}: {exc}") from None
