"""Hypothesis strategies for palermo's value types, records and datasets.

For downstream projects that test their own code against palermo data::

    pip install "palermo[testing]"

Importing :mod:`palermo` never imports Hypothesis; importing this module does.

>>> from hypothesis import given
>>> from palermo.testing import partial_dates
>>> @given(partial_dates())
... def test_round_trip(d):
...     assert type(d).parse(str(d)) == d
>>> test_round_trip()
"""

from __future__ import annotations

import calendar
from typing import Any

from hypothesis import strategies as st

from .model import (
    Agency,
    AgencyKind,
    Claim,
    ClaimStatus,
    Disagreement,
    Indicator,
    Instrument,
    InstrumentKind,
    Organ,
    PartialDate,
    Period,
    Qualifier,
    Resolution,
    SDGTarget,
    Source,
    SourceKind,
    Statistic,
    Symbol,
)

__all__ = [
    "datasets",
    "ids",
    "partial_dates",
    "periods",
    "symbols",
]

_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
).filter(lambda s: s.strip() != "")


def ids() -> st.SearchStrategy[str]:
    """Valid record ids.

    >>> from hypothesis import find
    >>> find(ids(), lambda s: "-" in s)
    '0-'
    """
    return st.from_regex(r"\A[a-z0-9][a-z0-9.\-]{0,20}\Z")


@st.composite
def partial_dates(draw: st.DrawFn, min_year: int = 1900, max_year: int = 2100) -> PartialDate:
    """Dates of every precision between ``min_year`` and ``max_year``.

    >>> from hypothesis import find
    >>> find(partial_dates(), lambda d: d.day is not None).precision.name
    'DAY'
    """
    year = draw(st.integers(min_year, max_year))
    month = draw(st.none() | st.integers(1, 12))
    if month is None:
        return PartialDate(year)
    day = draw(st.none() | st.integers(1, calendar.monthrange(year, month)[1]))
    return PartialDate(year, month, day)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    """Periods whose end is not before their start."""
    a, b = draw(partial_dates()), draw(partial_dates())
    if b.is_before(a):
        a, b = b, a
    if b.is_before(a) or a.is_after(b):  # pragma: no cover - defensive
        b = a
    return Period(a, b)


@st.composite
def symbols(draw: st.DrawFn) -> Symbol:
    """Resolution symbols of every organ palermo knows.

    >>> from hypothesis import find
    >>> str(find(symbols(), lambda s: s.body == "S"))
    'S/RES/1'
    """
    body = draw(st.sampled_from(["A", "A/HRC", "E", "E/CN.4", "S"]))
    number = draw(st.integers(1, 99999))
    if body == "S":
        return Symbol("S", "RES", None, number, draw(st.none() | st.integers(1946, 2100)))
    session = draw(
        st.integers(1, 9999).map(str)
        | st.integers(1, 99).map(lambda n: f"S-{n}")
        | st.integers(1, 99).map(lambda n: f"ES-{n}")
    )
    kind = draw(st.sampled_from(["RES", "DEC"]))
    return Symbol(body, kind, session, number)


def _uniq(prefix: str, n: int) -> list[str]:
    return [f"{prefix}-{i}" for i in range(n)]


@st.composite
def datasets(draw: st.DrawFn, max_records: int = 6) -> dict[str, tuple[Any, ...]]:
    """Whole valid datasets: a mapping of collection name to records.

    References resolve, every record cites a source, dates are in order.
    Write one out with :func:`palermo.converter.converter` to test a loader,
    or build a :class:`palermo.Dataset` from it directly.

    >>> from hypothesis import find
    >>> ds = find(datasets(), lambda d: len(d["instruments"]) > 1)
    >>> sorted(ds)[:2]
    ['agencies', 'disagreements']
    """

    def n() -> int:
        return draw(st.integers(1, max_records))

    source_ids = _uniq("src", n())
    sources = tuple(
        Source(
            id=sid,
            title=draw(_TEXT),
            publisher=draw(_TEXT),
            kind=draw(st.sampled_from(SourceKind)),
            date=draw(st.none() | partial_dates()),
            url=draw(st.none() | st.just(f"https://example.org/{sid}")),
        )
        for sid in source_ids
    )
    cite = st.lists(st.sampled_from(source_ids), min_size=1, max_size=3, unique=True).map(tuple)
    agency_ids = _uniq("ag", n())
    instrument_ids = _uniq("in", n())
    resolution_ids = _uniq("res", n())
    resolutions = tuple(
        Resolution(
            id=rid,
            symbol=draw(symbols()),
            organ=draw(st.sampled_from(Organ)),
            adopted=draw(partial_dates()),
            title=draw(_TEXT),
            sources=draw(cite),
            adopts=tuple(draw(st.lists(st.sampled_from(instrument_ids), max_size=2, unique=True))),
            establishes=tuple(draw(st.lists(st.sampled_from(agency_ids), max_size=2, unique=True))),
        )
        for rid in resolution_ids
    )
    instruments = []
    for i, iid in enumerate(instrument_ids):
        adopted = draw(st.none() | partial_dates(max_year=2050))
        later = partial_dates(min_year=(adopted.year + 1) if adopted else 1900)
        instruments.append(
            Instrument(
                id=iid,
                title=draw(_TEXT),
                short_title=draw(_TEXT),
                kind=draw(st.sampled_from(InstrumentKind)),
                legally_binding=draw(st.booleans()),
                sources=draw(cite),
                aliases=tuple(draw(st.lists(_TEXT, max_size=2))),
                adopted=adopted,
                adopted_by=draw(st.none() | st.sampled_from(resolution_ids)),
                entry_into_force=draw(st.none() | later),
                supplements=draw(st.none() | st.sampled_from(instrument_ids[:i])) if i else None,
                custodian=draw(st.none() | st.sampled_from(agency_ids)),
            )
        )
    agencies = tuple(
        Agency(
            id=aid,
            name=draw(_TEXT),
            kind=draw(st.sampled_from(AgencyKind)),
            sources=draw(cite),
            acronym=draw(st.none() | _TEXT),
            established=draw(st.none() | partial_dates()),
            parent=draw(st.none() | st.sampled_from(agency_ids)),
            guardian_of=tuple(
                draw(st.lists(st.sampled_from(instrument_ids), max_size=2, unique=True))
            ),
        )
        for aid in agency_ids
    )
    targets = tuple(
        SDGTarget(
            id=f"sdg-{g}.{t}",
            code=f"{g}.{t}",
            goal=g,
            text=draw(_TEXT),
            sources=draw(cite),
            indicators=(
                Indicator(
                    code=f"{g}.{t}.1",
                    text=draw(_TEXT),
                    custodians=tuple(
                        draw(st.lists(st.sampled_from(agency_ids), max_size=2, unique=True))
                    ),
                ),
            ),
        )
        for g, t in sorted(
            draw(st.sets(st.tuples(st.integers(1, 17), st.integers(1, 10)), max_size=3))
        )
    )
    stat_ids = _uniq("stat", n())
    statistics = tuple(
        Statistic(
            id=sid,
            measure=draw(st.sampled_from(["m.one", "m.two"])),
            value=draw(st.integers(0, 10**9) | st.floats(0, 1e9, allow_nan=False)),
            unit=draw(st.sampled_from(["parties", "persons", "percent"])),
            date=draw(partial_dates()),
            sources=draw(cite),
            qualifier=draw(st.sampled_from(Qualifier)),
            period=draw(st.none() | periods()),
            about=tuple(
                draw(
                    st.lists(st.sampled_from(instrument_ids + agency_ids), max_size=2, unique=True)
                )
            ),
        )
        for sid in stat_ids
    )
    disagreements = tuple(
        Disagreement(
            id=did,
            subject=(draw(st.sampled_from(instrument_ids)),),
            topic=draw(_TEXT),
            claims=tuple(
                Claim(
                    value=draw(_TEXT),
                    sources=draw(cite),
                    status=draw(st.sampled_from(ClaimStatus)),
                    statistic=draw(st.none() | st.sampled_from(stat_ids)),
                )
                for _ in range(2)
            ),
            finding=draw(_TEXT),
            sources=draw(cite),
        )
        for did in _uniq("dis", draw(st.integers(0, 2)))
    )
    return {
        "sources": sources,
        "instruments": tuple(instruments),
        "resolutions": resolutions,
        "agencies": agencies,
        "sdg_targets": targets,
        "statistics": statistics,
        "disagreements": disagreements,
    }
