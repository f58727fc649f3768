"""Who is a party to the Convention and its Protocols, and since when.

The answers come from the UN Treaty Collection (UNTC) participant tables of
the four instruments as copied in early/mid 2014 (package data
``participation.json``, built by ``scripts/build_participation.py``). Each
table is known up to its latest act, :func:`covered_until`; asked about a
later date, :func:`status`, :func:`parties`, :func:`signatories` and
:func:`count` raise :class:`~palermo.NotCoveredError` instead of
answering "not a party" as if they knew. Its ``hint`` names the latest
headline count in :mod:`palermo.statistics` when one is available.

Dates. ``on`` takes what :meth:`PartialDate.coerce` takes. A year or a month
means the state of things at its last day, and an act counts only if it
certainly happened on or before that day: ``on="2008"`` is the status on
2008-12-31, and is "not covered" when the table ends within 2008.
``on=None`` means the table's own date, :func:`covered_until`.

A party is a participant that has deposited an instrument of ratification,
acceptance, approval, accession or succession, from the date of deposit (the
way UNTC counts parties; entry into force for it is later). The tables record
no withdrawal.

Instruments are named by id (``"untoc"``, ``"tip-protocol"``,
``"smuggling-protocol"``, ``"firearms-protocol"``), UNTC reference
(``"XVIII-12-a"``) or common name (``"Palermo Protocol"``); participants by
ISO 3166-1 alpha-2 or alpha-3 code, current name or the name UNTC used
(``"Turkey"``, ``"Türkiye"``, ``"TR"``, ``"TUR"``). Case, accents, spacing and
punctuation do not matter.

>>> from palermo import participation
>>> participation.count("tip-protocol", on="2008-09-26")
124
>>> participation.status("TUR", "Palermo Protocol", on="2010").kind.value
'party'
"""

from __future__ import annotations

import importlib.resources
from collections.abc import Mapping
from typing import Any

import attrs

from ._args import MAX_KEY, to_partial_date
from ._io import read_json
from ._once import Once
from ._text import normalize, shorten, suggest
from .errors import (
    AmbiguousKeyError,
    DatasetError,
    InvalidQueryError,
    NotCoveredError,
    NotFoundError,
)
from .model._dates import DateLike, PartialDate
from .model._participation import (
    Act,
    ActKind,
    Participant,
    ParticipationStatus,
    ParticipationTable,
    PartyCount,
    StatusKind,
)

__all__ = [
    "Act",
    "ActKind",
    "Participant",
    "ParticipationStatus",
    "ParticipationTable",
    "PartyCount",
    "StatusKind",
    "count",
    "covered_until",
    "history",
    "instrument_ids",
    "participant",
    "participants",
    "parties",
    "resolve_instrument",
    "signatories",
    "status",
    "table",
    "timeline",
]

for _cls in (
    Act,
    ActKind,
    Participant,
    ParticipationStatus,
    ParticipationTable,
    PartyCount,
    StatusKind,
):
    _cls.__module__ = __name__  # documented and imported here

_FILE = "participation.json"


@attrs.frozen
class _Table:
    info: ParticipationTable
    acts: Mapping[str, tuple[Act, ...]]
    """Acts per participant id, in date order."""


@attrs.frozen
class _Data:
    tables: Mapping[str, _Table]
    participants: Mapping[str, Participant]
    participant_keys: Mapping[str, frozenset[str]]
    """Normalised lookup key -> participant ids."""
    participant_labels: Mapping[str, str]
    """Normalised lookup key -> a readable form of it (for suggestions)."""
    participant_owner: Mapping[str, str]
    """Normalised lookup key -> the participant it names first (for suggestions)."""
    instrument_keys: Mapping[str, str]
    instrument_labels: Mapping[str, str]


def _read() -> _Data:
    return _parse(read_json(importlib.resources.files("palermo") / "data", _FILE, True))


_data = Once(_read)


def _load() -> _Data:
    return _data.get()


def _get(obj: Any, key: str, kind: type, record: str | None) -> Any:
    if not isinstance(obj, dict) or key not in obj:
        raise DatasetError(_FILE, record, key, "missing")
    value = obj[key]
    if not isinstance(value, kind):
        raise DatasetError(_FILE, record, key, f"expected {kind.__name__}")
    return value


def _opt_str(obj: dict[str, Any], key: str, record: str) -> str | None:
    value = obj.get(key)
    if value is not None and not isinstance(value, str):
        raise DatasetError(_FILE, record, key, "expected a string or null")
    return value


def _date(text: Any, record: str, field: str) -> PartialDate:
    if not isinstance(text, str):
        raise DatasetError(_FILE, record, field, "expected a date string")
    try:
        return PartialDate.parse(text)
    except ValueError as e:
        raise DatasetError(_FILE, record, field, str(e)) from e


def _parse(raw: Any) -> _Data:
    participants: dict[str, Participant] = {}
    keys: dict[str, set[str]] = {}
    labels: dict[str, str] = {}

    def add_key(label: str | None, pid: str) -> None:
        if label:
            norm = normalize(label)
            if norm:
                keys.setdefault(norm, set()).add(pid)
                labels.setdefault(norm, label)

    entries = _get(raw, "participants", list, None) + _get(raw, "other_countries", list, None)
    for entry in entries:
        pid = _get(entry, "id", str, None)
        aliases = _get(entry, "aliases", list, pid)
        if pid in participants:
            raise DatasetError(_FILE, pid, "id", "repeated")
        p = Participant(
            id=pid,
            name=_get(entry, "name", str, pid),
            untc_name=_opt_str(entry, "untc_name", pid),
            alpha_2=_opt_str(entry, "alpha_2", pid),
            alpha_3=_opt_str(entry, "alpha_3", pid),
            is_state=bool(entry.get("is_state", True)),
            rule=_opt_str(entry, "rule", pid),
            aliases=tuple(str(a) for a in aliases),
        )
        participants[pid] = p
        for label in (p.id, p.alpha_2, p.alpha_3, p.name, p.untc_name, *p.aliases):
            add_key(label, pid)

    tables: dict[str, _Table] = {}
    ikeys: dict[str, str] = {}
    ilabels: dict[str, str] = {}
    for iid, t in _get(raw, "instruments", dict, None).items():
        sources = tuple(_get(t, "sources", list, iid))
        acts: dict[str, list[Act]] = {}
        rows = _get(t, "rows", list, iid)
        for row in rows:
            pid = _get(row, "participant", str, iid)
            if pid not in participants:
                raise DatasetError(_FILE, iid, "rows", f"unknown participant {pid!r}")
            line = _get(row, "row", int, iid)
            for a in _get(row, "acts", list, iid):
                try:
                    kind = ActKind(_get(a, "kind", str, iid))
                except ValueError as e:
                    raise DatasetError(_FILE, iid, "kind", str(e)) from e
                acts.setdefault(pid, []).append(
                    Act(
                        participant=pid,
                        instrument=iid,
                        kind=kind,
                        date=_date(a.get("date"), iid, "date"),
                        acted_as=_opt_str(a, "acted_as", iid),
                        row=line,
                        sources=sources,
                    )
                )
        info = ParticipationTable(
            instrument=iid,
            untc_ref=_get(t, "untc_ref", str, iid),
            title=_get(t, "title", str, iid),
            as_of=_date(t.get("as_of"), iid, "as_of"),
            retrieved=_date(t.get("retrieved"), iid, "retrieved"),
            file=_get(t, "file", str, iid),
            participants=len(rows),
            sources=sources,
        )
        tables[iid] = _Table(
            info=info,
            acts={
                pid: tuple(sorted(lst, key=lambda a: (a.date.sort_key(), a.kind.makes_party)))
                for pid, lst in acts.items()
            },
        )
        for label in (iid, info.untc_ref, *_get(t, "aliases", list, iid)):
            norm = normalize(str(label))
            if ikeys.setdefault(norm, iid) != iid:
                raise DatasetError(_FILE, iid, "aliases", f"{label!r} names two instruments")
            ilabels.setdefault(norm, str(label))
    return _Data(
        tables=tables,
        participants=participants,
        participant_keys={k: frozenset(v) for k, v in keys.items()},
        participant_labels=labels,
        participant_owner={k: min(v) for k, v in keys.items()},
        instrument_keys=ikeys,
        instrument_labels=ilabels,
    )


def _key(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise InvalidQueryError(
            f"expected {what} as a string, got {type(value).__name__}: {shorten(value)}"
        )
    if len(value) > MAX_KEY:
        raise InvalidQueryError(f"{what} is {len(value)} characters long; at most {MAX_KEY}")
    norm = normalize(value)
    if not norm:
        raise InvalidQueryError(
            f"no letters or digits in {shorten(value, 60)}: give {what} as an id, a code or a name"
        )
    return norm


def _table(data: _Data, instrument: object) -> _Table:
    norm = _key(instrument, "an instrument")
    iid = data.instrument_keys.get(norm)
    if iid is None:
        raise NotFoundError(
            instrument, "instrument", suggest(norm, data.instrument_labels, data.instrument_keys)
        )
    return data.tables[iid]


def _participant(data: _Data, key: object) -> Participant:
    if isinstance(key, Participant):
        key = key.id
    norm = _key(key, "a participant")
    ids = data.participant_keys.get(norm)
    if not ids:
        raise NotFoundError(
            key, "participant", suggest(norm, data.participant_labels, data.participant_owner)
        )
    if len(ids) > 1:  # pragma: no cover - the build rejects ambiguous names
        raise AmbiguousKeyError(key, tuple(sorted(ids)))
    return data.participants[next(iter(ids))]


def _hint(instrument: str) -> str:
    """Name the latest headline count (and the latest from a primary source)."""
    measure = f"{instrument}.parties"
    generic = f"for later headline counts see palermo.statistics.series({measure!r})"
    from .dataset import bundled

    ds = bundled()
    try:
        series = ds.statistics.series(measure)

        def secondary(stat: Any) -> bool:
            records = [ds.sources.by_id(s) for s in stat.sources]
            kinds = {r.kind.value if r is not None else "" for r in records}
            return kinds == {"secondary copy"}

        def describe(stat: Any) -> str:
            srcs = ", ".join(str(s) for s in stat.sources)
            return f"{stat.value} parties as of {stat.date} (sources: {srcs})"

        latest = series[-1]
        text = f"latest headline count: {describe(latest)}"
        if secondary(latest):
            primary = [s for s in series if not secondary(s)]
            text += ", a secondary source"
            if primary:
                text += f"; latest from a primary source: {describe(primary[-1])}"
        return f"{text}; see palermo.statistics.series({measure!r})"
    except NotFoundError:  # no headline counts recorded for this instrument
        return generic


def _on(t: _Table, on: DateLike | None) -> PartialDate:
    as_of = t.info.as_of
    if on is None:
        return as_of
    date = to_partial_date(on)
    if date.last > as_of.last:
        iid = t.info.instrument
        raise NotCoveredError(
            f"the UNTC table for {iid} ({t.info.untc_ref}) records acts up to {as_of}; "
            f"it cannot say who was a party on {date}",
            covered_until=as_of,
            hint=_hint(iid),
        )
    return date


def _status(t: _Table, p: Participant, on: PartialDate) -> ParticipationStatus:
    acts = tuple(a for a in t.acts.get(p.id, ()) if a.date.known_by(on))
    signed = next((a.date for a in acts if a.kind is ActKind.SIGNATURE), None)
    joined = next((a for a in acts if a.kind.makes_party), None)
    if joined is not None:
        kind = StatusKind.PARTY
    elif signed is not None:
        kind = StatusKind.SIGNATORY
    else:
        kind = StatusKind.NOT_INVOLVED
    return ParticipationStatus(
        participant=p,
        instrument=t.info.instrument,
        on=on,
        kind=kind,
        signed=signed,
        party_since=joined.date if joined else None,
        act=joined.kind if joined else None,
        acts=acts,
        covered_until=t.info.as_of,
        sources=t.info.sources,
    )


def _sort_key(p: Participant) -> str:
    return normalize(p.untc_name or p.name)


def _select(instrument: object, on: DateLike | None, party: bool) -> tuple[Participant, ...]:
    data = _load()
    t = _table(data, instrument)
    date = _on(t, on)
    chosen = []
    for pid, acts in t.acts.items():
        if any(
            a.date.known_by(date) and (a.kind.makes_party if party else a.kind is ActKind.SIGNATURE)
            for a in acts
        ):
            chosen.append(data.participants[pid])
    return tuple(sorted(chosen, key=_sort_key))


def status(
    participant: str | Participant, instrument: str, on: DateLike | None = None
) -> ParticipationStatus:
    """Where ``participant`` stood towards ``instrument`` on ``on``.

    ``on=None`` means the table's date (:func:`covered_until`).

    Raises:
        NotFoundError: No such participant or instrument (with suggestions).
        InvalidQueryError: An argument is not a usable key or date.
        NotCoveredError: ``on`` is after the table's date.

    >>> from palermo import participation
    >>> s = participation.status("Germany", "tip-protocol", on="2005-01-01")
    >>> s.kind.value, str(s.signed)
    ('signatory', '2000-12-12')
    >>> participation.status("DE", "tip-protocol").party_since
    PartialDate(year=2006, month=6, day=14)
    """
    data = _load()
    t = _table(data, instrument)
    p = _participant(data, participant)
    return _status(t, p, _on(t, on))


def parties(instrument: str, on: DateLike | None = None) -> tuple[Participant, ...]:
    """The parties to ``instrument`` on ``on``, sorted by UNTC name.

    Raises:
        NotFoundError: No such instrument.
        InvalidQueryError: A bad key or date.
        NotCoveredError: ``on`` is after the table's date.

    >>> from palermo import participation
    >>> [p.id for p in participation.parties("untoc", on="2001-12-31")][:3]
    ['BGR', 'LVA', 'MCO']
    """
    return _select(instrument, on, party=True)


def signatories(instrument: str, on: DateLike | None = None) -> tuple[Participant, ...]:
    """The participants that had signed ``instrument`` by ``on`` (parties or not).

    Raises:
        NotFoundError: No such instrument.
        InvalidQueryError: A bad key or date.
        NotCoveredError: ``on`` is after the table's date.

    >>> from palermo import participation
    >>> len(participation.signatories("XVIII-12-a"))
    117
    """
    return _select(instrument, on, party=False)


def count(instrument: str, on: DateLike | None = None) -> int:
    """The number of parties to ``instrument`` on ``on``.

    Raises:
        NotFoundError: No such instrument.
        InvalidQueryError: A bad key or date.
        NotCoveredError: ``on`` is after the table's date.

    >>> from palermo import participation
    >>> participation.count("tip-protocol", on="2008-09-26")
    124
    >>> participation.count("UNTOC", on="2005-03-04")
    100
    """
    return len(_select(instrument, on, party=True))


def timeline(instrument: str) -> tuple[PartyCount, ...]:
    """The counts of parties and signatories at each date they changed.

    >>> from palermo import participation
    >>> first = participation.timeline("untoc")[0]
    >>> str(first.date), first.parties, first.signatories
    ('2000-12-12', 0, 44)
    """
    data = _load()
    t = _table(data, instrument)
    changes: dict[PartialDate, tuple[int, int]] = {}
    for acts in t.acts.values():
        for a in acts:
            p, s = changes.get(a.date, (0, 0))
            changes[a.date] = (p + a.kind.makes_party, s + (a.kind is ActKind.SIGNATURE))
    out = []
    parties_n = signed_n = 0
    for date in sorted(changes, key=PartialDate.sort_key):
        parties_n += changes[date][0]
        signed_n += changes[date][1]
        out.append(
            PartyCount(
                instrument=t.info.instrument,
                date=date,
                parties=parties_n,
                signatories=signed_n,
                sources=t.info.sources,
            )
        )
    return tuple(out)


def history(participant: str | Participant) -> tuple[Act, ...]:
    """Every recorded act of ``participant`` across the four instruments, by date.

    The acts are those in the tables, so nothing after :func:`covered_until`.

    >>> from palermo import participation
    >>> [(a.instrument, a.kind.value, str(a.date)) for a in participation.history("Montenegro")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('firearms-protocol', 'succession', '2006-10-23'),
     ('smuggling-protocol', 'succession', '2006-10-23'),
     ('tip-protocol', 'succession', '2006-10-23'),
     ('untoc', 'succession', '2006-10-23')]
    """
    data = _load()
    p = _participant(data, participant)
    acts = [a for t in data.tables.values() for a in t.acts.get(p.id, ())]
    return tuple(sorted(acts, key=lambda a: (a.date.sort_key(), a.kind.makes_party, a.instrument)))


def participant(key: str) -> Participant:
    """Look up a participant by ISO code, current name or UNTC name.

    Raises:
        NotFoundError: Nothing matches (with close suggestions).
        InvalidQueryError: ``key`` is not a non-empty string.

    >>> from palermo import participation
    >>> participation.participant("the former yugoslav republic of macedonia").name
    'North Macedonia'
    >>> participation.participant("cote d'ivoire").alpha_2
    'CI'
    """
    return _participant(_load(), key)


def participants(instrument: str | None = None) -> tuple[Participant, ...]:
    """Every participant in the tables (or in one instrument's table), by UNTC name.

    >>> from palermo import participation
    >>> len(participation.participants()), len(participation.participants("firearms-protocol"))
    (185, 123)
    """
    data = _load()
    if instrument is None:
        return tuple(sorted((p for p in data.participants.values() if p.untc_name), key=_sort_key))
    t = _table(data, instrument)
    return tuple(sorted((data.participants[pid] for pid in t.acts), key=_sort_key))


def covered_until(instrument: str) -> PartialDate:
    """The last date the instrument's table covers (its latest recorded act).

    >>> from palermo import participation
    >>> participation.covered_until("Palermo Protocol")
    PartialDate(year=2013, month=12, day=13)
    """
    return _table(_load(), instrument).info.as_of


def table(instrument: str) -> ParticipationTable:
    """What is known of the UNTC table behind an instrument's data.

    >>> from palermo import participation
    >>> str(participation.table("tip-protocol").retrieved)
    '2014-01-27'
    """
    return _table(_load(), instrument).info


def resolve_instrument(key: str) -> str:
    """The instrument id for an id, UNTC reference or common name.

    >>> from palermo import participation
    >>> participation.resolve_instrument("Trafficking in Persons Protocol")
    'tip-protocol'
    >>> participation.resolve_instrument("xviii 12 b")
    'smuggling-protocol'
    """
    return _table(_load(), key).info.instrument


def instrument_ids() -> tuple[str, ...]:
    """The ids of the instruments with participation data.

    >>> from palermo import participation
    >>> participation.instrument_ids()
    ('firearms-protocol', 'smuggling-protocol', 'tip-protocol', 'untoc')
    """
    return tuple(sorted(_load().tables))
