"""Hypothesis strategies for palermo's value types, records and datasets.

For downstream projects that test their own code against palermo data::

    pip install "palermo[testing]"

Importing :mod:`palermo` never imports Hypothesis; importing this module does.

Every record strategy draws a record that the converter can write and read
back unchanged. References to other records are ids: drawn from ``refs``
when given (a mapping of collection name, such as ``"sources"``, to the ids
that exist), or arbitrary well-formed ids otherwise. :func:`datasets` ties
them together into whole datasets that pass every integrity check.

>>> from hypothesis import given
>>> from palermo.testing import partial_dates
>>> @given(partial_dates())
... def test_round_trip(d):
...     assert type(d).parse(str(d)) == d
>>> test_round_trip()
"""

from __future__ import annotations

import calendar
import enum
import typing
from collections.abc import Mapping, Sequence
from typing import Any

import attrs
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
    Observance,
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
from .model._fields import REFERENCE, FieldError
from .registry import KINDS, Kind

__all__ = [
    "Refs",
    "agencies",
    "claims",
    "datasets",
    "disagreements",
    "ids",
    "indicators",
    "instruments",
    "observances",
    "partial_dates",
    "periods",
    "records",
    "records_of",
    "resolutions",
    "sdg_targets",
    "sources",
    "statistics",
    "symbols",
    "texts",
]

Refs = Mapping[str, Sequence[str]]
"""Ids that references may point to, by collection name (``"sources"``...)."""

_NO_REFS: Refs = {}


def texts(max_size: int = 40) -> st.SearchStrategy[str]:
    """Non-blank text of any script, without control characters or lone
    surrogates, so that it survives a JSON round trip.

    >>> from hypothesis import find
    >>> find(texts(), lambda s: len(s) > 2)
    '000'
    """
    return st.text(
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=max_size
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
    """Periods whose end is not before their start.

    >>> from hypothesis import find
    >>> p = find(periods(), lambda p: p.start != p.end)
    >>> str(p.start), str(p.end)
    ('1900', '1901')
    """
    a, b = draw(partial_dates()), draw(partial_dates())
    if b.is_before(a):
        a, b = b, a
    return Period(a, b)


@st.composite
def symbols(draw: st.DrawFn) -> Symbol:
    """Resolution symbols of every organ palermo knows.

    >>> from hypothesis import find
    >>> str(find(symbols(), lambda s: s.body == "S"))
    'S/RES/1'
    """
    body = draw(st.sampled_from(["A", "A/HRC", "E", "E/CN.4", "S", "CTOC/COP"]))
    if body == "CTOC/COP":
        kind = draw(st.sampled_from(["RES", "DEC"]))
        return Symbol(body, kind, str(draw(st.integers(1, 99))), draw(st.integers(1, 999)))
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


def _ref(refs: Refs, collection: str) -> st.SearchStrategy[str]:
    pool = refs.get(collection)
    if pool is None:
        return ids()
    return st.sampled_from(tuple(pool)) if pool else st.nothing()


def _one(refs: Refs, collection: str) -> st.SearchStrategy[str | None]:
    return st.none() | _ref(refs, collection)


def _many(
    refs: Refs, collection: str, min_size: int = 0, max_size: int = 3
) -> st.SearchStrategy[tuple[str, ...]]:
    pool = refs.get(collection)
    if pool is not None and not pool:
        return st.just(())
    return st.lists(_ref(refs, collection), min_size=min_size, max_size=max_size, unique=True).map(
        tuple
    )


def _cites(refs: Refs) -> st.SearchStrategy[tuple[str, ...]]:
    # Every record but a source must cite at least one source.
    return _many(refs, "sources", min_size=1)


def _id(given: str | None) -> st.SearchStrategy[str]:
    return st.just(given) if given is not None else ids()


def _short_texts() -> st.SearchStrategy[tuple[str, ...]]:
    return st.lists(texts(), max_size=2).map(tuple)


@st.composite
def sources(draw: st.DrawFn, id: str | None = None) -> Source:
    """:class:`~palermo.Source` records.

    >>> from hypothesis import find
    >>> find(sources(), lambda s: s.url is not None).url
    'https://example.org/0'
    """
    sid = draw(_id(id))
    return Source(
        id=sid,
        title=draw(texts()),
        publisher=draw(texts()),
        kind=draw(st.sampled_from(SourceKind)),
        date=draw(st.none() | partial_dates()),
        url=draw(st.none() | st.just(f"https://example.org/{sid}")),
        note=draw(st.just("") | texts()),
    )


@st.composite
def instruments(draw: st.DrawFn, id: str | None = None, refs: Refs = _NO_REFS) -> Instrument:
    """:class:`~palermo.Instrument` records whose dates are in a possible order.

    >>> from hypothesis import find
    >>> i = find(instruments(), lambda i: i.entry_into_force is not None and i.adopted is not None)
    >>> str(i.adopted), str(i.entry_into_force)
    ('1900', '1901')
    """
    adopted = draw(st.none() | partial_dates(max_year=2050))
    later = partial_dates(min_year=(adopted.year + 1) if adopted else 1900)
    return Instrument(
        id=draw(_id(id)),
        title=draw(texts()),
        short_title=draw(texts()),
        kind=draw(st.sampled_from(InstrumentKind)),
        legally_binding=draw(st.booleans()),
        sources=draw(_cites(refs)),
        aliases=draw(_short_texts()),
        adopted=adopted,
        adopted_by=draw(_one(refs, "resolutions")),
        opened_for_signature=draw(st.none() | later),
        signature_place=draw(st.none() | texts()),
        entry_into_force=draw(st.none() | later),
        entry_into_force_condition=draw(st.none() | texts()),
        supplements=draw(_one(refs, "instruments")),
        depositary=draw(st.none() | texts()),
        custodian=draw(_one(refs, "agencies")),
        untc_ref=draw(st.none() | st.from_regex(r"\AXVIII-1[0-9](-[a-c])?\Z")),
        unts=draw(st.none() | st.integers(1, 3500).map(lambda n: f"{n} UNTS 1")),
        description=draw(st.just("") | texts()),
    )


@st.composite
def resolutions(draw: st.DrawFn, id: str | None = None, refs: Refs = _NO_REFS) -> Resolution:
    """:class:`~palermo.Resolution` records.

    >>> from hypothesis import find
    >>> r = find(resolutions(), lambda r: r.symbol.body == "S")
    >>> str(r.symbol), r.symbol.session
    ('S/RES/1', None)
    """
    return Resolution(
        id=draw(_id(id)),
        symbol=draw(symbols()),
        organ=draw(st.sampled_from(Organ)),
        adopted=draw(partial_dates()),
        title=draw(texts()),
        sources=draw(_cites(refs)),
        adopts=draw(_many(refs, "instruments", max_size=2)),
        establishes=draw(_many(refs, "agencies", max_size=2)),
        proclaims=draw(_short_texts()),
        description=draw(st.just("") | texts()),
    )


@st.composite
def agencies(draw: st.DrawFn, id: str | None = None, refs: Refs = _NO_REFS) -> Agency:
    """:class:`~palermo.Agency` records.

    >>> from hypothesis import find
    >>> find(agencies(), lambda a: a.acronym is not None).acronym
    '0'
    """
    return Agency(
        id=draw(_id(id)),
        name=draw(texts()),
        kind=draw(st.sampled_from(AgencyKind)),
        sources=draw(_cites(refs)),
        acronym=draw(st.none() | texts(10)),
        aliases=draw(_short_texts()),
        established=draw(st.none() | partial_dates()),
        established_by=draw(_one(refs, "resolutions")),
        parent=draw(_one(refs, "agencies")),
        members=draw(_many(refs, "agencies", max_size=2)),
        members_as_of=draw(st.none() | partial_dates()),
        guardian_of=draw(_many(refs, "instruments", max_size=2)),
        manages=draw(_many(refs, "agencies", max_size=2)),
        description=draw(st.just("") | texts()),
    )


@st.composite
def indicators(draw: st.DrawFn, target: str = "16.2", refs: Refs = _NO_REFS) -> Indicator:
    """:class:`~palermo.Indicator` values under the SDG target ``target``.

    >>> from hypothesis import find
    >>> find(indicators("8.7"), lambda i: True).code
    '8.7.1'
    """
    return Indicator(
        code=f"{target}.{draw(st.integers(1, 9))}",
        text=draw(texts()),
        custodians=draw(_many(refs, "agencies", max_size=2)),
    )


@st.composite
def sdg_targets(
    draw: st.DrawFn, goal: int | None = None, target: int | None = None, refs: Refs = _NO_REFS
) -> SDGTarget:
    """:class:`~palermo.SDGTarget` records (id ``sdg-G.T``, code ``G.T``).

    >>> from hypothesis import find
    >>> t = find(sdg_targets(), lambda t: len(t.indicators) > 1)
    >>> t.id, t.code, [i.code for i in t.indicators]
    ('sdg-1.1', '1.1', ['1.1.1', '1.1.2'])
    """
    g = goal if goal is not None else draw(st.integers(1, 17))
    t = target if target is not None else draw(st.integers(1, 10))
    code = f"{g}.{t}"
    numbers = draw(st.lists(st.integers(1, 9), max_size=3, unique=True))
    return SDGTarget(
        id=f"sdg-{code}",
        code=code,
        goal=g,
        text=draw(texts()),
        sources=draw(_cites(refs)),
        indicators=tuple(
            Indicator(
                code=f"{code}.{n}",
                text=draw(texts()),
                custodians=draw(_many(refs, "agencies", max_size=2)),
            )
            for n in sorted(numbers)
        ),
        deadline_year=draw(st.none() | st.integers(2015, 2050)),
        description=draw(st.just("") | texts()),
    )


@st.composite
def statistics(
    draw: st.DrawFn,
    id: str | None = None,
    measure: str | None = None,
    refs: Refs = _NO_REFS,
) -> Statistic:
    """:class:`~palermo.Statistic` records with finite values.

    ``refs["records"]``, if given, is the pool for :attr:`Statistic.about`.

    >>> from hypothesis import find
    >>> s = find(statistics(measure="m.one"), lambda s: s.period is not None)
    >>> s.measure, str(s.period.start), str(s.period.end)
    ('m.one', '1900', '1900')
    """
    return Statistic(
        id=draw(_id(id)),
        measure=measure if measure is not None else draw(st.sampled_from(["m.one", "m.two"])),
        value=draw(st.integers(0, 10**9) | st.floats(0, 1e9, allow_nan=False)),
        unit=draw(st.sampled_from(["parties", "persons", "percent", "USD"])),
        date=draw(partial_dates()),
        sources=draw(_cites(refs)),
        qualifier=draw(st.sampled_from(Qualifier)),
        period=draw(st.none() | periods()),
        area=draw(st.just("world") | texts(20)),
        about=draw(_many(refs, "records", max_size=2)),
        description=draw(st.just("") | texts()),
    )


@st.composite
def claims(draw: st.DrawFn, refs: Refs = _NO_REFS) -> Claim:
    """:class:`~palermo.Claim` values, each citing at least one source.

    >>> from hypothesis import find
    >>> find(claims(), lambda c: True).sources
    ('0',)
    """
    statistic = draw(_one(refs, "statistics"))
    # A figure a claim calls rounded must not be qualified exact; the
    # generated statistics are exact, so a rounded claim names none.
    statuses = [s for s in ClaimStatus if statistic is None or s is not ClaimStatus.ROUNDED]
    return Claim(
        value=draw(texts()),
        sources=draw(_cites(refs)),
        status=draw(st.sampled_from(statuses)),
        statistic=statistic,
    )


@st.composite
def disagreements(draw: st.DrawFn, id: str | None = None, refs: Refs = _NO_REFS) -> Disagreement:
    """:class:`~palermo.Disagreement` records with two or three claims.

    ``refs["records"]``, if given, is the pool for :attr:`Disagreement.subject`.

    >>> from hypothesis import find
    >>> len(find(disagreements(), lambda d: True).claims)
    2
    """
    return Disagreement(
        id=draw(_id(id)),
        subject=draw(_many(refs, "records", min_size=1, max_size=2)),
        topic=draw(texts()),
        claims=tuple(draw(st.lists(claims(refs), min_size=2, max_size=3))),
        finding=draw(texts()),
        sources=draw(_cites(refs)),
    )


@st.composite
def observances(draw: st.DrawFn, id: str | None = None, refs: Refs = _NO_REFS) -> Observance:
    """:class:`~palermo.Observance` records on real calendar days.

    ``refs["resolutions"]``, if given, is the pool for :attr:`Observance.proclaimed_by`.

    >>> from hypothesis import find
    >>> day = find(observances(), lambda o: o.since is None)
    >>> (day.month, day.day), day.falls_on("2024-01-01"), day.falls_on("1900-01-01")
    ((1, 1), True, True)
    """
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]))
    year = draw(st.none() | st.integers(1900, 2090))
    established = None if year is None else PartialDate(year)
    first = None if year is None else draw(st.none() | st.integers(year, year + 3).map(PartialDate))
    return Observance(
        id=draw(_id(id)),
        name=draw(texts()),
        month=month,
        day=day,
        proclaimed_by=draw(_many(refs, "resolutions", min_size=0, max_size=2)),
        established=established,
        first_observed=first,
        sources=draw(_cites(refs)),
    )


def _for_type(hint: Any, refs: Refs, target: str | None, cited: bool) -> st.SearchStrategy[Any]:
    """Values of one field type; references draw from ``refs[target]``."""
    if target is not None or cited:
        pool = "sources" if cited else (target or "records")
        if typing.get_origin(hint) is tuple:
            return _many(refs, pool, min_size=1 if cited else 0)
        return _one(refs, pool) if type(None) in typing.get_args(hint) else _ref(refs, pool)
    args = typing.get_args(hint)
    if type(None) in args:
        inner = next(a for a in args if a is not type(None))
        return st.none() | _for_type(inner, refs, None, False)
    if typing.get_origin(hint) is tuple:
        item = args[0]
        return st.lists(_for_type(item, refs, None, False), max_size=3).map(tuple)
    simple: dict[Any, st.SearchStrategy[Any]] = {
        str: texts(),
        bool: st.booleans(),
        int: st.integers(0, 10**6),
        PartialDate: partial_dates(),
        Period: periods(),
        Symbol: symbols(),
    }
    if hint in simple:
        return simple[hint]
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return st.sampled_from(list(hint))
    if attrs.has(hint):
        return _generic(hint, refs, None)
    return st.integers(0, 10**6) | st.floats(0, 1e6, allow_nan=False)


def _generic(cls: type[Any], refs: Refs, id: str | None) -> st.SearchStrategy[Any]:
    hints = typing.get_type_hints(cls)
    fields: dict[str, st.SearchStrategy[Any]] = {}
    for field in attrs.fields(cls):
        declared = field.metadata.get(REFERENCE)
        target = declared.target if declared is not None else None
        cited = declared is not None and target == "sources"
        if field.name == "id":
            fields["id"] = _id(id)
        elif field.name == "description":
            fields["description"] = st.just("")
        else:
            fields[field.name] = _for_type(
                hints[field.name], refs, None if cited else target, cited
            )

    def build(kw: dict[str, Any]) -> Any:
        try:
            return cls(**kw)
        except FieldError:  # a rule of the class the types alone cannot know
            return None

    return st.fixed_dictionaries(fields).map(build).filter(lambda r: r is not None)


def records_of(kind: Kind, id: str | None = None, refs: Refs = _NO_REFS) -> st.SearchStrategy[Any]:
    """Records of any registered kind, built from its fields' types.

    References draw ids from ``refs`` by their declared collection (any
    record's id, ``refs["records"]``, for a reference to any kind); a field
    of sources always cites one at least. palermo's own kinds have
    hand-written strategies (:func:`instruments`...) that know their rules
    better; this one serves a kind added to the registry.

    >>> from hypothesis import find
    >>> from palermo.registry import KINDS
    >>> source = find(records_of(KINDS.get("sources")), lambda s: True)
    >>> type(source).__name__, source.id
    ('Source', '0')
    """
    return _generic(kind.cls, refs, id)


def records(refs: Refs = _NO_REFS) -> st.SearchStrategy[Any]:
    """Any one record, of any kind in the registry.

    >>> import palermo
    >>> from hypothesis import find
    >>> type(find(records(), lambda r: isinstance(r, palermo.Agency))).__name__
    'Agency'
    """
    own: dict[str, st.SearchStrategy[Any]] = {
        "sources": sources(),
        "instruments": instruments(refs=refs),
        "resolutions": resolutions(refs=refs),
        "agencies": agencies(refs=refs),
        "sdg_targets": sdg_targets(refs=refs),
        "statistics": statistics(refs=refs),
        "disagreements": disagreements(refs=refs),
        "observances": observances(refs=refs),
    }
    return st.one_of(
        *(own[k.collection] if k.collection in own else records_of(k, refs=refs) for k in KINDS)
    )


def _uniq(prefix: str, n: int) -> list[str]:
    return [f"{prefix}-{i}" for i in range(n)]


@st.composite
def datasets(draw: st.DrawFn, max_records: int = 6) -> dict[str, tuple[Any, ...]]:
    """Whole valid datasets: a mapping of collection name to records.

    References resolve, every record cites a source, dates are in order.
    Write one out with :func:`palermo.dump` to test a loader, or build a
    :class:`palermo.Dataset` from it directly.

    >>> from hypothesis import find
    >>> ds = find(datasets(), lambda d: len(d["instruments"]) > 1)
    >>> sorted(ds)[:2]
    ['agencies', 'disagreements']
    """

    def n() -> int:
        return draw(st.integers(1, max_records))

    pool: dict[str, list[str]] = {
        "sources": _uniq("src", n()),
        "instruments": _uniq("in", n()),
        "resolutions": _uniq("res", n()),
        "agencies": _uniq("ag", n()),
        "statistics": _uniq("stat", n()),
    }
    pool["records"] = pool["instruments"] + pool["agencies"] + pool["resolutions"]
    out: dict[str, tuple[Any, ...]] = {
        "sources": tuple(draw(sources(id=i)) for i in pool["sources"]),
    }
    # An instrument may supplement only an earlier one, so there are no cycles.
    out["instruments"] = tuple(
        draw(instruments(id=iid, refs={**pool, "instruments": pool["instruments"][:k]}))
        for k, iid in enumerate(pool["instruments"])
    )
    out["resolutions"] = tuple(draw(resolutions(id=i, refs=pool)) for i in pool["resolutions"])
    out["agencies"] = tuple(draw(agencies(id=i, refs=pool)) for i in pool["agencies"])
    codes = draw(st.sets(st.tuples(st.integers(1, 17), st.integers(1, 10)), max_size=3))
    out["sdg_targets"] = tuple(draw(sdg_targets(g, t, refs=pool)) for g, t in sorted(codes))
    out["statistics"] = tuple(draw(statistics(id=i, refs=pool)) for i in pool["statistics"])
    out["disagreements"] = tuple(
        draw(disagreements(id=i, refs=pool)) for i in _uniq("dis", draw(st.integers(0, 2)))
    )
    out["observances"] = tuple(
        draw(observances(id=i, refs=pool)) for i in _uniq("obs", draw(st.integers(0, 2)))
    )
    # Kinds without a hand-written strategy: built from their field types.
    for kind in KINDS:
        if kind.collection not in out:
            ids = _uniq(kind.collection.replace("_", "-"), draw(st.integers(0, 2)))
            out[kind.collection] = tuple(draw(records_of(kind, id=i, refs=pool)) for i in ids)
    return out
