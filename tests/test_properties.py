"""Properties (issue 8): converter and JSON round trips of generated records,
the order of dates of mixed precision, symbol spellings, the loader, and the
invariants every query keeps. Complements test_dates.py, test_symbol.py and
test_loader.py, which hold the basic round trips."""

from __future__ import annotations

import calendar
import datetime
import json
import pathlib
import tempfile
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import palermo
from palermo import Observance, PartialDate, Precision, Symbol, participation
from palermo.converter import converter, make_converter
from palermo.model._participation import Participant
from palermo.testing import (
    agencies,
    claims,
    datasets,
    disagreements,
    indicators,
    instruments,
    observances,
    partial_dates,
    records,
    resolutions,
    sdg_targets,
    sources,
    statistics,
    symbols,
)

# -- converter and JSON round trips ---------------------------------------------------

RECORD_STRATEGIES = {
    "Source": sources(),
    "Instrument": instruments(),
    "Resolution": resolutions(),
    "Agency": agencies(),
    "SDGTarget": sdg_targets(),
    "Statistic": statistics(),
    "Disagreement": disagreements(),
    "Indicator": indicators(),
    "Claim": claims(),
}


@pytest.mark.parametrize("kind", sorted(RECORD_STRATEGIES))
@given(data=st.data())
def test_structure_unstructure_json_round_trip(kind: str, data: st.DataObject) -> None:
    record: Any = data.draw(RECORD_STRATEGIES[kind])
    raw = converter.unstructure(record)
    # Through JSON text, exactly as a data file holds it.
    text = json.dumps(raw, ensure_ascii=False, allow_nan=False)
    again = converter.structure(json.loads(text), type(record))
    assert again == record
    assert converter.unstructure(again) == raw
    # Required fields are always written; defaults never are.
    for field in attrs.fields(type(record)):
        if field.default is attrs.NOTHING:
            assert field.name in raw
        elif field.name in raw:
            assert raw[field.name] != converter.unstructure(field.default)


@given(record=records())
def test_a_fresh_converter_agrees_with_the_shared_one(record: Any) -> None:
    fresh = make_converter()
    assert fresh.unstructure(record) == converter.unstructure(record)
    assert fresh.structure(converter.unstructure(record), type(record)) == record


@given(record=records())
def test_records_are_hashable_and_equal_to_their_copies(record: Any) -> None:
    copy = converter.structure(converter.unstructure(record), type(record))
    assert copy == record
    assert hash(copy) == hash(record)
    assert {record, copy} == {record}


# -- dates of mixed precision -------------------------------------------------------------


@given(partial_dates(), partial_dates())
def test_order_agrees_with_sort_key_and_equality(a: PartialDate, b: PartialDate) -> None:
    assert (a < b) == (a.sort_key() < b.sort_key())
    assert (a <= b) == (a < b or a == b)
    assert (a > b) == (b < a)
    assert (a >= b) == (b <= a)
    assert (a == b) == (a.sort_key() == b.sort_key())
    if a == b:
        assert hash(a) == hash(b)


@given(partial_dates(), partial_dates())
def test_comparison_methods_are_consistent(a: PartialDate, b: PartialDate) -> None:
    # before/after are strict interval relations; < is the total order that
    # extends them.
    if a.is_before(b):
        assert a < b
        assert not a.overlaps(b)
        assert a.known_by(b)
    if a.overlaps(b):
        assert not a.is_before(b)
        assert not a.is_after(b)
    assert a.overlaps(b) == b.overlaps(a)


@given(year=st.integers(1, 9999), day=st.dates())
def test_year_only_against_full_dates(year: int, day: datetime.date) -> None:
    y = PartialDate(year)
    d = PartialDate.coerce(day)
    if day.year == year:
        assert y.overlaps(d)
        assert not y.is_before(d)
        assert not y.is_after(d)
        # Year-only sorts before every day of its year.
        assert y < d
        assert y.known_by(d) == (day.month == 12 and day.day == 31)
    else:
        assert y.is_before(d) == (year < day.year)
        assert y.is_after(d) == (year > day.year)
        assert (y < d) == (year < day.year)


@given(partial_dates(min_year=1, max_year=9999))
def test_coarser_dates_contain_finer_ones(d: PartialDate) -> None:
    year = PartialDate(d.year)
    assert year.overlaps(d)
    assert year.first <= d.first
    assert d.last <= year.last
    if d.month is not None:
        month = PartialDate(d.year, d.month)
        assert month.overlaps(d)
        assert year <= month <= d
    assert PartialDate.coerce(str(d)) == d
    assert PartialDate.coerce(d) is d
    if d.precision is Precision.DAY:
        assert PartialDate.coerce(d.to_date()) == d


@given(st.lists(partial_dates(), min_size=2, max_size=8), st.randoms(use_true_random=False))
def test_sorting_does_not_depend_on_the_input_order(dates: list[PartialDate], rnd: Any) -> None:
    shuffled = list(dates)
    rnd.shuffle(shuffled)
    assert sorted(dates) == sorted(shuffled)
    assert sorted(dates) == sorted(dates, key=PartialDate.sort_key)


def test_comparison_with_other_types_is_refused() -> None:
    with pytest.raises(TypeError):
        _ = PartialDate(2020) < "2021"  # type: ignore[operator]
    assert PartialDate(2020) != "2020"  # type: ignore[comparison-overlap]


# -- symbols ----------------------------------------------------------------------------------


@given(symbols())
def test_symbol_converter_round_trip(s: Symbol) -> None:
    assert converter.structure(converter.unstructure(s), Symbol) == s
    assert converter.unstructure(s) == str(s)


@given(symbols(), st.sampled_from(["{}", "resolution {}", "RES. {}", " {} ", "{}\t"]))
def test_short_and_prefixed_spellings(s: Symbol, form: str) -> None:
    if s.body == "CTOC/COP":
        # Written with its own words: no prefix; "CTOC/" may be left out.
        for text in (str(s), str(s).lower(), str(s).replace("CTOC/", ""), form.format(s)):
            if not text.lower().startswith(("resolution ", "res. ")):
                assert Symbol.parse(text) == s
        return
    if s.body == "A" and s.kind == "RES":
        assert Symbol.parse(form.format(s.short)) == s
    once = Symbol.parse(form.format(str(s)))
    assert once == s
    assert Symbol.parse(str(once)) == once


@given(symbol=st.sampled_from([r.symbol for r in palermo.resolutions]), spell=st.integers(0, 3))
def test_every_spelling_of_a_bundled_symbol_finds_its_resolution(
    symbol: Symbol, spell: int
) -> None:
    prefixed = symbol.short if symbol.body == "CTOC/COP" else f"resolution {symbol.short}"
    text = [str(symbol), str(symbol).lower(), f"  {symbol}  ", prefixed][spell]
    found = palermo.resolutions.get(text)
    assert found is not None
    assert found.symbol == symbol


# -- the loader -------------------------------------------------------------------------------


# Whole datasets are slow to build; fewer examples keep the default run short.
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(data=datasets(max_records=4))
def test_dump_load_dump_is_stable(data: dict[str, tuple[Any, ...]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        first, second = pathlib.Path(tmp, "a"), pathlib.Path(tmp, "b")
        palermo.dump(data, first)
        loaded = palermo.load(first)
        palermo.dump(loaded, second)
        for name in sorted(p.name for p in first.iterdir()):
            assert (first / name).read_text(encoding="utf-8") == (second / name).read_text(
                encoding="utf-8"
            ), name
        again = palermo.load(second)
        for (name, coll), (_, coll2) in zip(loaded.collections(), again.collections(), strict=True):
            assert tuple(coll) == tuple(coll2), name


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(data=datasets(max_records=4))
def test_a_generated_dataset_answers_its_own_queries(data: dict[str, tuple[Any, ...]]) -> None:
    ds = palermo.Dataset(data, "test", None, "generated")
    for name, coll in ds.collections():
        for record in data[name]:
            assert coll.get(record.id) is not None
            assert ds.lookup(record.id).id == record.id
            assert record.id in coll
            assert ds.search(record.id)[0].id == record.id or record.id in {
                r.id for r in ds.search(record.id, 50)
            }
            for link in ds.related(record.id):
                # Links go both ways.
                assert record.id in {back.record.id for back in ds.related(link.record)}


# -- query invariants on the bundled data ------------------------------------------------

bundled_records = st.sampled_from(list(palermo.bundled().records()))


@given(record=bundled_records)
def test_every_record_is_found_by_id_and_by_each_of_its_names(record: Any) -> None:
    ds = palermo.bundled()
    rid: str = record.id
    coll = dict(ds.collections())[_collection_of(record)]
    assert record in coll
    names = coll.names(record)
    assert coll.get(rid) is record
    assert coll.lookup(rid) is record
    assert ds.lookup(rid) is record
    for name in names:
        try:
            found = coll.get(name)
        except palermo.AmbiguousKeyError as exc:
            assert rid in exc.candidates
        else:
            # A name may also be another record's id, which wins.
            assert found in (record, *(r for r in coll if r.id == name))


def _collection_of(record: Any) -> str:
    for name, coll in palermo.bundled().collections():
        if record.id in coll.ids:
            return name
    raise AssertionError(record)


@given(text=st.text(min_size=1, max_size=30).filter(str.strip), limit=st.integers(1, 20))
def test_search_results_are_bounded_unique_and_from_the_collection(text: str, limit: int) -> None:
    found = palermo.search(text, limit)
    assert len(found) <= limit
    assert len({r.id for r in found}) == len(found)
    for _, coll in palermo.bundled().collections():
        hits = coll.search(text, limit)
        assert len(hits) <= limit
        assert all(r in coll for r in hits)
        # A bigger limit extends the list without reordering it.
        assert coll.search(text, limit + 5)[: len(hits)] == hits


@given(record=bundled_records)
def test_search_by_id_puts_that_record_first(record: Any) -> None:
    coll = dict(palermo.bundled().collections())[_collection_of(record)]
    assert coll.search(record.id)[0] is record


@given(record=bundled_records)
def test_links_go_both_ways(record: Any) -> None:
    for link in palermo.related(record):
        back = {(lk.record.id) for lk in palermo.related(link.record)}
        assert record.id in back


@given(record=bundled_records)
def test_filter_by_each_field_finds_the_record(record: Any) -> None:
    coll = dict(palermo.bundled().collections())[_collection_of(record)]
    assert coll.filter() == tuple(coll)
    for field in attrs.fields(type(record)):
        value = getattr(record, field.name)
        if isinstance(value, tuple):
            if value:
                assert record in coll.filter(**{field.name: value[0]})
        else:
            assert record in coll.filter(**{field.name: value})
    assert coll.filter(lambda r: r is record) == (record,)


dates = st.one_of(partial_dates(1990, 2030), st.dates(datetime.date(1990, 1, 1)))


@given(measure=st.sampled_from(palermo.statistics.measures), a=dates, b=dates)
def test_as_of_is_monotone_and_consistent(measure: str, a: Any, b: Any) -> None:
    stats = palermo.statistics
    series = stats.series(measure)
    assert list(series) == sorted(series, key=lambda s: (s.date.sort_key(), s.id))
    last_a = PartialDate.coerce(a).last
    last_b = PartialDate.coerce(b).last
    if last_b < last_a:
        a, b, last_a, last_b = b, a, last_b, last_a
    sa, sb = stats.as_of(measure, a), stats.as_of(measure, b)
    for s, last in ((sa, last_a), (sb, last_b)):
        if s is not None:
            assert s in series
            assert s.date.last <= last
            same = stats.as_of_all(measure, last)
            if s in same:
                assert {x.date.last for x in same} == {s.date.last}
            else:
                # Newer claims were passed over: every one of them is demoted.
                assert all(stats.demoted(x) for x in same)
                assert s.date.last < same[0].date.last
    if sa is not None:
        assert sb is not None
        assert sa.date.last <= sb.date.last
    assert stats.latest(measure) == stats.as_of(measure, "9999")


@given(a=partial_dates(1995, 2025), b=partial_dates(1995, 2025))
def test_snapshots_only_grow(a: PartialDate, b: PartialDate) -> None:
    if b.last < a.last:
        a, b = b, a
    early, late = palermo.at(a), palermo.at(b)
    for field in ("instruments", "in_force", "resolutions", "agencies"):
        assert set(getattr(early, field)) <= set(getattr(late, field)), field
    for stat in late.statistics:
        assert stat == palermo.statistics.as_of(stat.measure, b)


@given(a=partial_dates(1995, 2025), b=partial_dates(1995, 2025))
def test_timeline_windows(a: PartialDate, b: PartialDate) -> None:
    every = palermo.timeline()
    if b.last < a.first:
        # A window that ends before it starts is a mistake, not an empty answer.
        with pytest.raises(palermo.InvalidQueryError, match="before start"):
            palermo.timeline(a, b)
        a, b = b, a
    window = palermo.timeline(a, b)
    assert set(window) <= set(every)
    assert list(window) == [e for e in every if e in set(window)]
    for event in window:
        assert not event.date.last < a.first
        assert not event.date.first > b.last


instrument_ids = st.sampled_from(participation.instrument_ids())
table_dates = partial_dates(1950, 2012)


def _within_record(instrument: str, *dates: PartialDate) -> None:
    """Keep only dates the instrument's record is complete for."""
    assume(all(d.last <= participation.complete_until(instrument).last for d in dates))


@given(instrument=instrument_ids, a=table_dates, b=table_dates)
def test_parties_only_grow_and_count_agrees(
    instrument: str, a: PartialDate, b: PartialDate
) -> None:
    _within_record(instrument, a, b)
    if b.last < a.last:
        a, b = b, a
    early, late = participation.parties(instrument, on=a), participation.parties(instrument, on=b)
    assert set(early) <= set(late)  # the tables record no withdrawal
    assert participation.count(instrument, on=a) == len(early)
    assert set(participation.signatories(instrument, on=a)) <= set(
        participation.signatories(instrument, on=b)
    )


@given(
    instrument=instrument_ids,
    who=st.sampled_from(participation.participants()),
    on=table_dates,
)
def test_status_agrees_with_parties_and_signatories(
    instrument: str, who: Participant, on: PartialDate
) -> None:
    _within_record(instrument, on)
    status = participation.status(who, instrument, on=on)
    assert status.is_party == (who in participation.parties(instrument, on=on))
    assert status.has_signed == (who in participation.signatories(instrument, on=on))
    assert all(act.date.known_by(on) for act in status.acts)


@given(instrument=instrument_ids)
def test_party_timeline_ends_at_the_covered_count(instrument: str) -> None:
    counts = participation.timeline(instrument)
    assert [c.parties for c in counts] == sorted(c.parties for c in counts)
    assert counts[-1].parties == participation.count(instrument).known
    # The last change is the last act; a count may show the record complete
    # beyond it (nobody joined since), so known_until can be later.
    known_until = participation.table(instrument).known_until
    assert counts[-1].date.last <= known_until.last
    assert participation.count(instrument, on=known_until).known == counts[-1].parties


# -- observances -----------------------------------------------------------------------------


@given(day=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)))
def test_observed_is_exactly_the_days_that_fall_on_a_date(day: datetime.date) -> None:
    found = palermo.observed(day)
    for o in palermo.observances:
        falls = (o.month, o.day) == (day.month, day.day) and (
            o.since is None or day.year >= o.since
        )
        assert o.falls_on(day) == falls
        assert (o in found) == falls
    assert list(found) == sorted(found, key=lambda o: o.name)


@given(observances(), st.integers(1900, 2100))
def test_an_observance_falls_once_a_year_from_its_first_year(o: Observance, year: int) -> None:
    days = [
        datetime.date(year, 1, 1) + datetime.timedelta(days=n)
        for n in range(366 if calendar.isleap(year) else 365)
    ]
    hits = [d for d in days if o.falls_on(d)]
    leap_day = (o.month, o.day) == (2, 29) and not calendar.isleap(year)
    started = o.since is None or year >= o.since
    assert len(hits) == (1 if started and not leap_day else 0)


_WORDS = st.text(alphabet="abcdeilnoprst", min_size=1, max_size=9)


@settings(max_examples=150)
@given(
    first=st.lists(st.lists(_WORDS, min_size=1, max_size=4).map(" ".join), max_size=8),
    second=st.lists(st.lists(_WORDS, min_size=1, max_size=4).map(" ".join), max_size=8),
    asked=st.lists(_WORDS, min_size=1, max_size=5),
)
def test_a_shared_vocabulary_finds_what_each_index_finds_alone(
    first: list[str], second: list[str], asked: list[str]
) -> None:
    # A Dataset gives all its collections one vocabulary; each index must
    # still see exactly the near words, with the same scores, that an index
    # of its own records alone would, whichever index is built first.
    from palermo._search import SearchIndex, Vocabulary

    shared = Vocabulary()
    together = [
        SearchIndex(first, lambda r: (r,), lambda r: (), shared),
        SearchIndex(second, lambda r: (r,), lambda r: (), shared),
    ]
    alone = [SearchIndex(r, lambda r: (r,), lambda r: ()) for r in (first, second)]
    for token in asked:
        together[0].fuzzy(token)  # remembered before the second index adds its words
        for mine, own in zip(together, alone, strict=True):
            assert mine.fuzzy(token) == own.fuzzy(token)
            assert mine.scores(token, ()) == own.scores(token, ())


@settings(max_examples=300)
@given(
    key=st.text(alphabet="abcdeilnoprstu ", min_size=1, max_size=30),
    names=st.lists(st.text(alphabet="abcdeilnoprstu ", min_size=1, max_size=40), max_size=60),
)
def test_the_name_index_never_drops_a_name_close_enough_to_suggest(
    key: str, names: list[str]
) -> None:
    # The index keeps only names of a length from 3/7 to 7/3 of the key's:
    # difflib's ratio cannot reach the 0.6 a suggestion needs outside it. With
    # no more candidates than the limit, it is exactly a scan of every name.
    import difflib

    from palermo._text import CANDIDATES, NameIndex, suggest

    index = NameIndex(names)
    kept = set(index.candidates(key, limit=len(names) + 1))
    for name in names:
        if difflib.SequenceMatcher(None, key, name).ratio() >= 0.6:
            assert name in kept
    if len(names) <= CANDIDATES:
        labels = {n: n for n in names}
        assert suggest(key, labels, index=index) == suggest(key, labels)
