"""Finding what is not a record of its own: an SDG indicator by its code or
wording, the observances that fall on a day."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from ._args import check_key, to_partial_date
from ._text import normalize, suggest
from .errors import InvalidQueryError, NotFoundError
from .model import Indicator, Observance

__all__ = ["find_indicator", "observed_on"]


def find_indicator(targets: Iterable[Any], key: object) -> Indicator:
    """The indicator whose code (in any usual form) or wording is ``key``,
    among the indicators of ``targets`` (SDG targets)."""
    norm = normalize(check_key(key, "indicator"))
    labels: dict[str, str] = {}
    owners: dict[str, str] = {}
    for target in targets:
        indicators: tuple[Indicator, ...] = target.indicators
        for ind in indicators:
            for name in (ind.code, f"SDG {ind.code}", f"Indicator {ind.code}", ind.text):
                folded = normalize(name)
                if folded == norm:
                    return ind
                labels.setdefault(folded, name)
                owners.setdefault(folded, ind.code)
    raise NotFoundError(key, "indicator", suggest(norm, labels, owners))


def observed_on(days: Iterable[Observance], on: object) -> tuple[Observance, ...]:
    """The observances that fall on ``on`` (default: today), by name."""
    when = to_partial_date(datetime.date.today() if on is None else on, "on")
    if when.day is None:
        raise InvalidQueryError(f"on={str(when)!r} is not a day: give e.g. '{when.year}-07-30'")
    return tuple(sorted((o for o in days if o.falls_on(when)), key=lambda o: o.name))
