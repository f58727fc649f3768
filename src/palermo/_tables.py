"""Reading the per-State participation data (``participation.json``): parsing,
checking, and the keys participants and instruments are looked up by."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from ._args import MAX_KEY
from ._io import bundled_root, read_json
from ._once import Once
from ._text import normalize, shorten, suggest
from .errors import AmbiguousKeyError, DatasetError, InvalidQueryError, NotFoundError
from .model._dates import PartialDate
from .model._participation import (
    _NAMES,
    Act,
    ActKind,
    Participant,
    ParticipationTable,
)

__all__ = ["Data", "Table", "find_participant", "find_table", "load"]


_FILE = "participation.json"


@attrs.frozen
class Table:
    info: ParticipationTable
    acts: Mapping[str, tuple[Act, ...]]
    """Acts per participant id, in date order."""


@attrs.frozen
class Data:
    tables: Mapping[str, Table]
    participants: Mapping[str, Participant]
    participant_keys: Mapping[str, tuple[str, ...]]
    """Normalised lookup key -> participant ids."""
    participant_labels: Mapping[str, str]
    """Normalised lookup key -> a readable form of it (for suggestions)."""
    participant_owner: Mapping[str, str]
    """Normalised lookup key -> the participant it names first (for suggestions)."""
    instrument_keys: Mapping[str, str]
    instrument_labels: Mapping[str, str]


def _read() -> Data:
    return _parse(read_json(bundled_root(), _FILE, True))


_data = Once(_read)


def load() -> Data:
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
        found = _DATES.get(text)
        if found is None:
            found = _DATES[text] = PartialDate.parse(text)
        return found
    except ValueError as e:
        raise DatasetError(_FILE, record, field, str(e)) from e


# One object for each date while the tables are read (many acts fall on the
# same day); emptied once they are.
_DATES: dict[str, PartialDate] = {}


def _parse(raw: Any) -> Data:
    try:
        return _tables(raw)
    finally:
        _DATES.clear()


def _tables(raw: Any) -> Data:
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
        _NAMES[pid] = p.name
        for label in (p.id, p.alpha_2, p.alpha_3, p.name, p.untc_name, *p.aliases):
            add_key(label, pid)

    tables: dict[str, Table] = {}
    ikeys: dict[str, str] = {}
    ilabels: dict[str, str] = {}
    instruments = _get(raw, "instruments", dict, None)
    # Each table's JSON is let go once it is read, so reading them all never
    # holds the whole file's objects beside the tables made from them.
    for iid in list(instruments):
        t = instruments.pop(iid)
        sources = tuple(_get(t, "sources", list, iid))
        acts: dict[str, list[Act]] = {}
        rows = _get(t, "rows", list, iid)
        for row in rows:
            pid = _get(row, "participant", str, iid)
            if pid not in participants:
                raise DatasetError(_FILE, iid, "rows", f"unknown participant {pid!r}")
            pid = participants[pid].id  # one string for the 2,500 acts, not one each
            line = row.get("row") or 0
            if not isinstance(line, int):
                raise DatasetError(_FILE, iid, "row", "expected an integer or null")
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
                        sources=tuple(a["sources"]) if "sources" in a else sources,
                        derived=bool(a.get("derived", False)),
                        note=_opt_str(a, "note", iid) or "",
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
            complete_until=_date(t.get("complete_until"), iid, "complete_until"),
            complete_by=_opt_str(t, "complete_by", iid),
            known_until=_date(t.get("known_until"), iid, "known_until"),
        )
        tables[iid] = Table(
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
    return Data(
        tables=tables,
        participants=participants,
        participant_keys={k: tuple(sorted(v)) for k, v in keys.items()},
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


def find_table(data: Data, instrument: object) -> Table:
    norm = _key(instrument, "an instrument")
    iid = data.instrument_keys.get(norm)
    if iid is None:
        raise NotFoundError(
            instrument, "instrument", suggest(norm, data.instrument_labels, data.instrument_keys)
        )
    return data.tables[iid]


def find_participant(data: Data, key: object) -> Participant:
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
