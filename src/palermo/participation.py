"""Who is a party to the Convention and its Protocols, and since when.

The per-State record of each instrument comes from the UN Treaty Collection
(UNTC) participant tables as copied in early/mid 2014, and from later acts
found in other public sources, each act with its own (``upstream/acts``;
package data ``participation.json``, built by ``scripts/build_participation.py``).

**How far the record goes.** Each instrument's record is *complete* up to
:func:`complete_until` (every act of every participant is in it) and
*partial* after it, up to the latest act it knows of. A well-formed question
always gets an answer, never an exception:

* up to :func:`complete_until`, :func:`status` and :func:`count` answer as
  certainly as the depositary's table;
* after it, a participant with a known act is a party since that act (a
  party stays a party: no denunciation is recorded); any other participant
  is :attr:`~palermo.participation.StatusKind.UNKNOWN`, with what was last
  known and the latest primary headline count, and :func:`count` gives the
  parties identified and that headline count. palermo never says "not a
  party" where it cannot know.

Dates. ``on`` takes what :meth:`PartialDate.coerce <palermo.PartialDate.coerce>`
takes, and defaults to today. A year or a month means the state of things at
its last day, and an act counts only if it certainly happened on or before
that day: ``on="2008"`` is the status on 2008-12-31.

A party is a participant that has deposited an instrument of ratification,
acceptance, approval, accession or succession, from the date of deposit (the
way UNTC counts parties; entry into force for it is later).

Instruments are named by id (``"untoc"``, ``"tip-protocol"``,
``"smuggling-protocol"``, ``"firearms-protocol"``), UNTC reference
(``"XVIII-12-a"``) or common name (``"Palermo Protocol"``); participants by
ISO 3166-1 alpha-2 or alpha-3 code, current name or the name UNTC used
(``"Turkey"``, ``"Türkiye"``, ``"TR"``, ``"TUR"``). Case, accents, spacing and
punctuation do not matter.

>>> from palermo import participation
>>> participation.count("tip-protocol", on="2008-09-26")
PartyTally(instrument='tip-protocol', on=PartialDate(year=2008, month=9, day=26), known=124, complete=True, complete_until=PartialDate(year=2014, month=5, day=21), headline=Headline(date=PartialDate(year=2008, month=9, day=26), parties=124, statistic='tip-protocol.parties.2008-09-26.unodc', sources=('unodc-2008-countrylist-trafficking-protocol',)), sources=('untc-xviii-12-a', 'zmjones-untreaties-2014'))
>>> print(participation.status("Japan", "Palermo Protocol", on="2024-01-01"))
Japan: party to the Trafficking in Persons Protocol since 2017-07-11 (acceptance), on 2024-01-01
"""

from __future__ import annotations

import datetime

from ._args import to_partial_date
from ._tables import Data, Table, find_participant, find_table, load
from ._text import normalize
from .errors import NotFoundError
from .model import _participation as _model
from .model._dates import DateLike, PartialDate
from .model._participation import (
    Act,
    ActKind,
    Headline,
    Participant,
    ParticipationStatus,
    ParticipationTable,
    PartyCount,
    PartyTally,
    StatusKind,
)

__all__ = [
    "Act",
    "ActKind",
    "Headline",
    "Participant",
    "ParticipationStatus",
    "ParticipationTable",
    "PartyCount",
    "PartyTally",
    "StatusKind",
    "complete_until",
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

for _name in _model.__all__:
    globals()[_name].__module__ = __name__  # documented and imported here

_SHORT_NAMES = {
    "untoc": "Organized Crime Convention",
    "tip-protocol": "Trafficking in Persons Protocol",
    "smuggling-protocol": "Smuggling of Migrants Protocol",
    "firearms-protocol": "Firearms Protocol",
}


def _headline(instrument: str, on: PartialDate) -> Headline | None:
    """The latest headline count of parties from a primary source, at or before ``on``."""
    from .dataset import bundled

    ds = bundled()
    try:
        series = ds.statistics.series(f"{instrument}.parties")
    except NotFoundError:  # no headline counts recorded for this instrument
        return None
    best = None
    for stat in series:
        if not stat.date.known_by(on):
            continue
        sources = [ds.sources.by_id(sid) for sid in stat.sources]
        if not any(src is not None and src.kind.primary for src in sources):
            continue
        if ds.statistics.demoted(stat):
            continue
        best = stat
    if best is None:
        return None
    return Headline(
        date=best.date, parties=int(best.value), statistic=best.id, sources=best.sources
    )


def _on(on: DateLike | None) -> PartialDate:
    if on is None:
        return PartialDate.coerce(datetime.date.today())
    return to_partial_date(on)


def _complete(t: Table, on: PartialDate) -> bool:
    return on.last <= t.info.complete_until.last


def _status(t: Table, p: Participant, on: PartialDate) -> ParticipationStatus:
    acts = tuple(a for a in t.acts.get(p.id, ()) if a.date.known_by(on))
    signed = next((a.date for a in acts if a.kind is ActKind.SIGNATURE), None)
    joined = None
    for a in acts:
        if a.kind.makes_party and joined is None:
            joined = a
        elif a.kind is ActKind.DENUNCIATION:
            joined = None
    last_known = None
    headline = None
    if joined is not None:
        kind = StatusKind.PARTY
    elif not _complete(t, on):
        # After the complete record: no act is known, which proves nothing.
        kind = StatusKind.UNKNOWN
        last_known = _status(t, p, t.info.complete_until).kind
        headline = _headline(t.info.instrument, on)
    elif signed is not None:
        kind = StatusKind.SIGNATORY
    else:
        kind = StatusKind.NOT_INVOLVED
    sources = tuple(dict.fromkeys(sid for a in acts for sid in a.sources)) or t.info.sources
    return ParticipationStatus(
        participant=p,
        instrument=t.info.instrument,
        instrument_name=_SHORT_NAMES.get(t.info.instrument, t.info.title),
        on=on,
        kind=kind,
        signed=signed,
        party_since=joined.date if joined else None,
        act=joined.kind if joined else None,
        acts=acts,
        complete_until=t.info.complete_until,
        known_until=t.info.known_until,
        last_known=last_known,
        headline=headline,
        sources=sources,
    )


def _sort_key(p: Participant) -> str:
    return normalize(p.untc_name or p.name)


def _select(t: Table, data: Data, date: PartialDate, party: bool) -> tuple[Participant, ...]:
    chosen = []
    for pid in t.acts:
        st = _status(t, data.participants[pid], date)
        if st.is_party if party else st.has_signed:
            chosen.append(data.participants[pid])
    return tuple(sorted(chosen, key=_sort_key))


def status(
    participant: str | Participant, instrument: str, on: DateLike | None = None
) -> ParticipationStatus:
    """Where ``participant`` stood towards ``instrument`` on ``on`` (default: today).

    Up to :func:`complete_until` the answer is certain. After it, a
    participant with a known act is a party since that act; for any other,
    the answer is :attr:`StatusKind.UNKNOWN <palermo.participation.StatusKind.UNKNOWN>`,
    saying until when the record is complete, what was last known and the
    latest primary headline count. It never raises for a later date.

    Raises:
        NotFoundError: No such participant or instrument (with suggestions).
        InvalidQueryError: An argument is not a usable key or date.

    >>> from palermo import participation
    >>> s = participation.status("Germany", "tip-protocol", on="2005-01-01")
    >>> s.kind.value, str(s.signed)
    ('signatory', '2000-12-12')
    >>> later = participation.status("Uganda", "Smuggling Protocol", on="2024-06-30")
    >>> later.kind.value, str(later.complete_until), later.last_known.value
    ('unknown', '2013-09-24', 'signatory')
    """
    data = load()
    t = find_table(data, instrument)
    p = find_participant(data, participant)
    return _status(t, p, _on(on))


def parties(instrument: str, on: DateLike | None = None) -> tuple[Participant, ...]:
    """The parties to ``instrument`` on ``on`` (default: today), sorted by name.

    After :func:`complete_until` these are the parties the record knows of,
    which may be fewer than all: :func:`count` says how many the latest
    headline count gives.

    Raises:
        NotFoundError: No such instrument.
        InvalidQueryError: A bad key or date.

    >>> from palermo import participation
    >>> [p.id for p in participation.parties("untoc", on="2001-12-31")][:3]
    ['BGR', 'LVA', 'MCO']
    """
    data = load()
    t = find_table(data, instrument)
    return _select(t, data, _on(on), party=True)


def signatories(instrument: str, on: DateLike | None = None) -> tuple[Participant, ...]:
    """The participants known to have signed ``instrument`` by ``on`` (parties or not).

    Raises:
        NotFoundError: No such instrument.
        InvalidQueryError: A bad key or date.

    >>> from palermo import participation
    >>> len(participation.signatories("XVIII-12-a", on="2013-12-13"))
    117
    """
    data = load()
    t = find_table(data, instrument)
    return _select(t, data, _on(on), party=False)


def count(instrument: str, on: DateLike | None = None) -> PartyTally:
    """How many parties ``instrument`` had on ``on`` (default: today).

    Within the complete range the tally is exact and compares equal to the
    number; after it, it gives the parties identified (:attr:`PartyTally.known`)
    and the latest primary headline count (:attr:`PartyTally.headline`).

    Raises:
        NotFoundError: No such instrument.
        InvalidQueryError: A bad key or date.

    >>> from palermo import participation
    >>> print(participation.count("UNTOC", on="2005-03-04"))
    untoc on 2005-03-04: 100 parties
    >>> print(participation.count("tip-protocol", on="2024-04-20"))  # doctest: +ELLIPSIS
    tip-protocol on 2024-04-20: at least 176 parties known (the record is complete until 2014-05-21); latest headline count 182 parties on 2024-04-20 (untc-xviii-12-a)
    """
    data = load()
    t = find_table(data, instrument)
    date = _on(on)
    found = _select(t, data, date, party=True)
    acts = [a for pid in (p.id for p in found) for a in t.acts[pid] if a.kind.makes_party]
    sources = tuple(dict.fromkeys(sid for a in acts for sid in a.sources))
    return PartyTally(
        instrument=t.info.instrument,
        on=date,
        known=len(found),
        complete=_complete(t, date),
        complete_until=t.info.complete_until,
        headline=_headline(t.info.instrument, date),
        sources=sources,
    )


def timeline(instrument: str) -> tuple[PartyCount, ...]:
    """The counts of parties and signatories at each date they changed.

    Counts after :func:`complete_until` are of what is known
    (``complete=False``).

    Args:
        instrument: An instrument id, UNTC reference or common name.

    Raises:
        NotFoundError: No instrument has that id, reference or name; it
            lists the closest.
        InvalidQueryError: ``instrument`` is empty or not a string.

    >>> from palermo import participation
    >>> first = participation.timeline("untoc")[0]
    >>> str(first.date), first.parties, first.signatories
    ('2000-12-12', 0, 44)
    """
    data = load()
    t = find_table(data, instrument)
    changes: dict[PartialDate, tuple[int, int]] = {}
    for acts in t.acts.values():
        for a in acts:
            p, s = changes.get(a.date, (0, 0))
            party = 1 if a.kind.makes_party else -1 if a.kind is ActKind.DENUNCIATION else 0
            changes[a.date] = (p + party, s + (a.kind is ActKind.SIGNATURE))
    out = []
    parties_n = signed_n = 0
    # A date known only to the year or month counts once that period is over.
    for date in sorted(changes, key=lambda d: (d.last, d.sort_key())):
        parties_n += changes[date][0]
        signed_n += changes[date][1]
        out.append(
            PartyCount(
                instrument=t.info.instrument,
                date=date,
                parties=parties_n,
                signatories=signed_n,
                complete=_complete(t, date),
                sources=t.info.sources,
            )
        )
    return tuple(out)


def history(participant: str | Participant) -> tuple[Act, ...]:
    """Every recorded act of ``participant`` across the instruments, by date.

    Args:
        participant: A participant, or its id, code or name
            (``"Japan"``, ``"JPN"``, ``"JP"``).

    Raises:
        NotFoundError: No participant has that name; it lists the closest.
        AmbiguousKeyError: The name is one two participants share.
        InvalidQueryError: ``participant`` is empty or not a string.

    >>> from palermo import participation
    >>> [(a.instrument, a.kind.value, str(a.date)) for a in participation.history("Japan")]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('traffic-convention-1949', 'accession', '1958-05-01'),
     ('cedaw', 'signature', '1980-07-17'),
     ('cedaw', 'ratification', '1985-06-25'),
     ('crc', 'signature', '1990-09-21'),
     ('crc', 'ratification', '1994-04-22'),
     ('untoc', 'signature', '2000-12-12'),
     ('opsc', 'signature', '2002-05-10'),
     ('firearms-protocol', 'signature', '2002-12-09'),
     ('smuggling-protocol', 'signature', '2002-12-09'),
     ('tip-protocol', 'signature', '2002-12-09'),
     ('opsc', 'ratification', '2005-01-24'),
     ('rome-statute', 'accession', '2007-07-17'),
     ('smuggling-protocol', 'acceptance', '2017-07-11'),
     ('tip-protocol', 'acceptance', '2017-07-11'),
     ('untoc', 'acceptance', '2017-07-11')]
    """
    data = load()
    p = find_participant(data, participant)
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
    return find_participant(load(), key)


def participants(instrument: str | None = None) -> tuple[Participant, ...]:
    """Every participant with a recorded act (or with one on an instrument), by name.

    Args:
        instrument: Only participants with an act on this instrument; every participant by default.

    Raises:
        NotFoundError: ``instrument`` is given and names no instrument.
        InvalidQueryError: ``instrument`` is given and is empty or not a string.

    >>> from palermo import participation
    >>> parties = participation.participants("firearms-protocol")
    >>> len(parties), [p.name for p in parties][:3]
    (128, ['Albania', 'Algeria', 'Angola'])
    """
    data = load()
    if instrument is None:
        with_acts = {pid for t in data.tables.values() for pid in t.acts}
        chosen = (data.participants[pid] for pid in with_acts)
        return tuple(sorted(chosen, key=_sort_key))
    t = find_table(data, instrument)
    return tuple(sorted((data.participants[pid] for pid in t.acts), key=_sort_key))


def complete_until(instrument: str) -> PartialDate:
    """The date up to which the instrument's record lists every act of every participant.

    Args:
        instrument: An instrument id, UNTC reference or common name.

    Raises:
        NotFoundError: No instrument has that id, reference or name; it
            lists the closest.
        InvalidQueryError: ``instrument`` is empty or not a string.

    >>> from palermo import participation
    >>> participation.complete_until("Firearms Protocol")
    PartialDate(year=2018, month=10, day=19)
    """
    return find_table(load(), instrument).info.complete_until


def covered_until(instrument: str) -> PartialDate:
    """The same as :func:`complete_until` (the name used in version 0.1).

    Args:
        instrument: An instrument id, UNTC reference or common name.

    >>> from palermo import participation
    >>> participation.covered_until("Palermo Protocol")
    PartialDate(year=2014, month=5, day=21)
    """
    return complete_until(instrument)


def table(instrument: str) -> ParticipationTable:
    """What is known of the per-State record behind an instrument's data.

    Args:
        instrument: An instrument id, UNTC reference or common name.

    Raises:
        NotFoundError: No instrument has that id, reference or name; it
            lists the closest.
        InvalidQueryError: ``instrument`` is empty or not a string.

    >>> from palermo import participation
    >>> str(participation.table("tip-protocol").retrieved)
    '2014-01-27'
    """
    return find_table(load(), instrument).info


def resolve_instrument(key: str) -> str:
    """The instrument id for an id, UNTC reference or common name.

    Args:
        key: An instrument id, UNTC reference (``"XVIII-12-a"``) or common name.

    Raises:
        NotFoundError: No instrument has that id, reference or name; it
            lists the closest.
        InvalidQueryError: ``key`` is empty or not a string.

    >>> from palermo import participation
    >>> participation.resolve_instrument("Trafficking in Persons Protocol")
    'tip-protocol'
    >>> participation.resolve_instrument("xviii 12 b")
    'smuggling-protocol'
    """
    return find_table(load(), key).info.instrument


def instrument_ids() -> tuple[str, ...]:
    """The ids of the instruments with participation data.

    >>> from palermo import participation
    >>> participation.instrument_ids()  # doctest: +NORMALIZE_WHITESPACE
    ('cedaw', 'crc', 'firearms-protocol', 'opsc', 'rome-statute', 'slavery-protocol-1953',
     'smuggling-protocol', 'supplementary-slavery-convention-1956', 'tip-protocol',
     'traffic-convention-1949', 'untoc')
    """
    return tuple(sorted(load().tables))
