"""The dataset: reading the data files, checking them, and the queries
that span every kind of record."""

from __future__ import annotations

import gc
import json
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import cattrs

from .converter import converter
from .errors import AmbiguousKeyError, DatasetError, InvalidQueryError, NotFoundError
from .model import (
    Agency,
    Disagreement,
    Instrument,
    PartialDate,
    Record,
    Resolution,
    SDGTarget,
    Source,
    SourceKind,
    Statistic,
)
from .query import (
    Collection,
    ResolutionCollection,
    StatisticCollection,
    _check_key,
    idf_table,
    normalize,
    to_partial_date,
)

if TYPE_CHECKING:
    from importlib.abc import Traversable

__all__ = [
    "Dataset",
    "Event",
    "Link",
    "Snapshot",
    "bundled",
    "check",
    "dump",
    "load",
]

T = TypeVar("T")

FILES: tuple[tuple[str, str, type[Any]], ...] = (
    ("sources", "sources.json", Source),
    ("instruments", "instruments.json", Instrument),
    ("resolutions", "resolutions.json", Resolution),
    ("agencies", "agencies.json", Agency),
    ("sdg_targets", "sdg_targets.json", SDGTarget),
    ("statistics", "statistics.json", Statistic),
    ("disagreements", "disagreements.json", Disagreement),
)
"""Each collection, its data file and its record class."""

META_FILE = "dataset.json"
MAX_FILE_BYTES = 50_000_000
_MAX_REMEMBERED = 10_000  # keys Dataset.get remembers the answer for
_ID = re.compile(r"\A[a-z0-9][a-z0-9.\-]{0,199}\Z")

# How primary each kind of source is: the higher, the more it is trusted
# when two sources give a figure for the same day.
_SOURCE_RANK = {
    SourceKind.TREATY_TEXT: 6,
    SourceKind.RESOLUTION: 5,
    SourceKind.DATABASE: 4,
    SourceKind.REPORT: 3,
    SourceKind.PRESS_RELEASE: 2,
    SourceKind.WEB_PAGE: 1,
    SourceKind.SECONDARY_COPY: 0,
}


@attrs.frozen
class Link:
    """A named link from one record to another.

    Attributes:
        name: What the link means, read from the record asked about:
            ``"supplements"``, ``"adopted by"``, ``"guardian of"``,
            ``"cited by"``...
        record: The record at the other end.

    >>> import palermo
    >>> link = palermo.related("tip-protocol")[0]
    >>> link.name, link.record.id
    ('adopted by', 'a-res-55-25')
    """

    name: str
    record: Record


@attrs.frozen
class Event:
    """A dated event of the framework, for :meth:`Dataset.timeline`.

    Attributes:
        date: When it happened, as precisely as known.
        what: What happened (``"adopted"``, ``"entered into force"``...).
        record: The record it happened to.

    >>> import palermo
    >>> event = palermo.timeline("2003-12-25", "2003-12-25")[0]
    >>> str(event.date), event.what, event.record.id
    ('2003-12-25', 'entered into force', 'tip-protocol')
    """

    date: PartialDate
    what: str
    record: Record

    def __str__(self) -> str:
        name = getattr(self.record, "short_title", None) or getattr(self.record, "name", None)
        if name is None:
            name = str(getattr(self.record, "symbol", self.record.id))
        return f"{self.date}  {name} {self.what}"


@attrs.frozen
class Snapshot:
    """The framework as known on one date (see :meth:`Dataset.at`).

    Attributes:
        date: The date asked.
        instruments: Instruments adopted by then.
        in_force: Those of them in force by then.
        resolutions: Resolutions adopted by then.
        agencies: Agencies established by then (an agency with no known
            founding date is left out: the data cannot say it existed).
        statistics: For each measure, the latest observation known then.

    >>> import palermo
    >>> snap = palermo.at("2003-12-31")
    >>> str(snap.date), "tip-protocol" in [i.id for i in snap.in_force]
    ('2003-12-31', True)
    """

    date: PartialDate
    instruments: tuple[Instrument, ...]
    in_force: tuple[Instrument, ...]
    resolutions: tuple[Resolution, ...]
    agencies: tuple[Agency, ...]
    statistics: tuple[Statistic, ...]


# (record class, field, collection it points into, link name, inverse name)
_REFERENCES: tuple[tuple[type[Any], str, str | None, str, str], ...] = (
    (Instrument, "adopted_by", "resolutions", "adopted by", "adopts"),
    (Instrument, "supplements", "instruments", "supplements", "supplemented by"),
    (Instrument, "custodian", "agencies", "custodian", "custodian of"),
    (Resolution, "adopts", "instruments", "adopts", "adopted by"),
    (Resolution, "establishes", "agencies", "establishes", "established by"),
    (Agency, "established_by", "resolutions", "established by", "establishes"),
    (Agency, "parent", "agencies", "part of", "has part"),
    (Agency, "members", "agencies", "has member", "member of"),
    (Agency, "guardian_of", "instruments", "guardian of", "guarded by"),
    (Agency, "manages", "agencies", "manages", "managed by"),
    (Statistic, "about", None, "measures", "measured by"),
    (Disagreement, "subject", None, "concerns", "disputed in"),
)


def _instrument_names(r: Instrument) -> Iterable[str]:
    return (r.title, r.short_title, *r.aliases, *((r.untc_ref,) if r.untc_ref else ()))


def _resolution_names(r: Resolution) -> Iterable[str]:
    return (str(r.symbol), r.symbol.short, f"resolution {r.symbol.short}", r.title, *r.proclaims)


def _agency_names(r: Agency) -> Iterable[str]:
    return (r.name, *((r.acronym,) if r.acronym else ()), *r.aliases)


def _sdg_names(r: SDGTarget) -> Iterable[str]:
    return (r.code, f"SDG {r.code}", f"Target {r.code}")


def _source_names(r: Source) -> Iterable[str]:
    return (r.title, *((r.url,) if r.url else ()))


def _disagreement_names(r: Disagreement) -> Iterable[str]:
    return (r.topic,)


def _describe(r: Any) -> Iterable[str]:
    yield getattr(r, "description", "")
    for name in ("title", "topic", "finding", "text", "measure", "publisher"):
        value = getattr(r, name, None)
        if isinstance(value, str):
            yield value


class _Cache:
    """What a Dataset works out on first use and keeps."""

    __slots__ = ("found", "graph", "idf", "ids", "lock")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.graph: dict[str, tuple[tuple[str, str], ...]] | None = None
        self.idf: dict[str, float] | None = None
        self.ids: dict[str, Record] | None = None
        self.found: dict[str, Record] = {}


class Dataset:
    """A complete, checked dataset with queries across its collections.

    The bundled dataset is the one ``palermo.instruments`` and the other
    module-level names use; :func:`load` reads another from a folder.

    Attributes:
        version: The data release, e.g. ``"2026.11.0"``.
        released: When the data release was made.
        origin: Where the data was read from.
        origins: For each record id, where that record was read from (they
            differ only in an overlay, see :meth:`overlay`).

    >>> import palermo
    >>> ds = palermo.bundled()
    >>> ds.lookup("Palermo Protocol").id
    'tip-protocol'
    """

    __slots__ = (
        "_cache",
        "agencies",
        "disagreements",
        "instruments",
        "origin",
        "origins",
        "released",
        "resolutions",
        "sdg_targets",
        "sources",
        "statistics",
        "version",
    )

    version: str
    released: PartialDate | None
    origin: str
    origins: Mapping[str, str]
    sources: Collection[Source]
    instruments: Collection[Instrument]
    resolutions: Collection[Resolution]
    agencies: Collection[Agency]
    sdg_targets: Collection[SDGTarget]
    statistics: StatisticCollection
    disagreements: Collection[Disagreement]
    _cache: _Cache

    def __init__(
        self,
        records: dict[str, tuple[Any, ...]],
        version: str,
        released: PartialDate | None,
        origin: str,
        origins: Mapping[str, str] | None = None,
    ) -> None:
        if origins is None:
            origins = {r.id: origin for rows in records.values() for r in rows}
        sources: Collection[Source] = Collection(
            "source", records["sources"], _source_names, _describe
        )

        def preference(s: Statistic) -> int:
            return max(
                (_SOURCE_RANK[src.kind] for sid in s.sources if (src := sources.get(sid))),
                default=-1,
            )

        values: dict[str, object] = {
            "version": version,
            "released": released,
            "origin": origin,
            "origins": MappingProxyType(dict(origins)),
            "sources": sources,
            "instruments": Collection(
                "instrument", records["instruments"], _instrument_names, _describe
            ),
            "resolutions": ResolutionCollection(
                "resolution", records["resolutions"], _resolution_names, _describe
            ),
            "agencies": Collection("agency", records["agencies"], _agency_names, _describe),
            "sdg_targets": Collection("SDG target", records["sdg_targets"], _sdg_names, _describe),
            "statistics": StatisticCollection(records["statistics"], preference, _describe),
            "disagreements": Collection(
                "disagreement", records["disagreements"], _disagreement_names, _describe
            ),
            "_cache": _Cache(),
        }
        # The instance is read-only to everyone else; only here are its
        # attributes set.
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Dataset is read-only; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Dataset is read-only; cannot delete {name!r}")

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(c)} {name}" for name, c in self.collections())
        return f"<Dataset {self.version} from {self.origin}: {counts}>"

    def collections(self) -> tuple[tuple[str, Collection[Any]], ...]:
        """Each collection with its name, in a fixed order.

        >>> import palermo
        >>> [name for name, _ in palermo.bundled().collections()][:3]
        ['sources', 'instruments', 'resolutions']
        """
        return tuple((name, getattr(self, name)) for name, _, _ in FILES)

    def records(self) -> Iterator[Record]:
        """Every record, collection by collection."""
        for _, coll in self.collections():
            yield from coll

    def get(self, key: str, default: T | None = None) -> Record | T | None:
        """The record with this id or name in any collection, or ``default``.

        An id wins over a name: ids are unique across the dataset.
        """
        if isinstance(key, str):
            found_id = self._by_id(key)
            if found_id is not None:
                return found_id
            # The answer for a key never changes: remember it (within bounds).
            remembered = self._cache.found.get(key)
            if remembered is not None:
                return remembered
        found_name = self._find(key)
        if found_name is None:
            return default
        if len(self._cache.found) < _MAX_REMEMBERED:
            self._cache.found[key] = found_name
        return found_name

    def _find(self, key: str) -> Record | None:
        norm = normalize(_check_key(key))
        compact = norm.replace(" ", "")
        collections = [coll for _, coll in self.collections()]
        # Fold the key once, then ask every collection for an exact name,
        # then a name without spaces, then other spellings (symbols).
        for step in range(3):
            for coll in collections:
                if step == 0:
                    found = coll._keys.get(norm)
                elif step == 1:
                    found = coll._compact.get(compact)
                else:
                    found = coll._alternate_match(key)
                if found:
                    if len(found) > 1:
                        raise AmbiguousKeyError(key, found)
                    return coll._by_id[found[0]]  # type: ignore[no-any-return]
        return None

    def lookup(self, key: str) -> Record:
        """Look ``key`` up in every collection.

        Ids are unique across the dataset, so an id always finds one record;
        a name is tried in the order of :meth:`collections`.

        Raises:
            NotFoundError: Nothing matches; it lists the closest names.
            AmbiguousKeyError: The name means several records of one kind.
            InvalidQueryError: ``key`` is empty or not a string.

        >>> import palermo
        >>> type(palermo.lookup("A/RES/64/293")).__name__
        'Resolution'
        """
        found = self.get(key)
        if found is None:
            suggestions: list[str] = []
            for _, coll in self.collections():
                suggestions.extend(coll.suggest(key, 2))
            raise NotFoundError(key, None, tuple(suggestions[:5]))
        return found

    def search(self, text: str, limit: int = 10) -> tuple[Record, ...]:
        """Search every collection; records ranked together, best first.

        >>> import palermo
        >>> palermo.search("palermo protocol")[0].id
        'tip-protocol'
        """
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            raise InvalidQueryError(f"limit must be a positive integer, got {limit!r}")
        idf = self._search_idf()
        scored: list[tuple[float, int, int, Record]] = []
        for rank, (name, coll) in enumerate(self.collections()):
            # Sources and figures support the framework's records; on equal
            # relevance the records themselves come first.
            weight = 0.2 if name in ("sources", "statistics") else 1.0
            for pos, score in coll._scores(text, idf).items():
                scored.append((-score * weight, rank, pos, coll._records[pos]))
        scored.sort(key=lambda t: t[:3])
        return tuple(t[3] for t in scored[:limit])

    def _search_idf(self) -> dict[str, float]:
        # Word weights over the whole dataset, so that scores from different
        # collections can be ranked together.
        cache = self._cache
        if cache.idf is None:
            df: dict[str, int] = {}
            for _, coll in self.collections():
                for token, row in coll._index().items():
                    df[token] = df.get(token, 0) + len(row)
            cache.idf = idf_table(sum(len(c) for _, c in self.collections()), df)
        return cache.idf

    # -- links -----------------------------------------------------------------
    def _links(self) -> dict[str, tuple[tuple[str, str], ...]]:
        cache = self._cache
        if cache.graph is not None:
            return cache.graph
        with cache.lock:
            if cache.graph is not None:
                return cache.graph
            edges: dict[str, list[tuple[str, str]]] = {}

            def add(a: str, name: str, b: str, inverse: str) -> None:
                edges.setdefault(a, []).append((name, b))
                edges.setdefault(b, []).append((inverse, a))

            for record in self.records():
                for cls, field, _, name, inverse in _REFERENCES:
                    if isinstance(record, cls):
                        for target in _as_ids(getattr(record, field)):
                            add(record.id, name, target, inverse)
                if isinstance(record, SDGTarget):
                    for ind in record.indicators:
                        for target in ind.custodians:
                            add(
                                record.id,
                                f"custodian of indicator {ind.code}",
                                target,
                                f"custodian of indicator {ind.code} of",
                            )
                if isinstance(record, Disagreement):
                    for claim in record.claims:
                        if claim.statistic:
                            add(record.id, "claim", claim.statistic, "disputed in")
                for sid in getattr(record, "sources", ()):
                    add(record.id, "cites", sid, "cited by")
            cache.graph = {k: tuple(dict.fromkeys(v)) for k, v in edges.items()}
            return cache.graph

    def related(self, record: Record | str) -> tuple[Link, ...]:
        """The records linked to ``record``, both ways, with the link's name.

        Raises:
            NotFoundError: ``record`` is not in this dataset.

        >>> import palermo
        >>> links = palermo.related(palermo.instruments.get("tip-protocol"))
        >>> ("supplements", "untoc") in [(l.name, l.record.id) for l in links]
        True
        """
        rid = record if isinstance(record, str) else getattr(record, "id", None)
        if not isinstance(rid, str) or self._by_id(rid) is None:
            raise NotFoundError(rid if isinstance(rid, str) else repr(record)[:80], "record")
        out = []
        for name, other in self._links().get(rid, ()):
            target = self._by_id(other)
            if target is not None:
                out.append(Link(name, target))
        return tuple(out)

    def _by_id(self, rid: str) -> Record | None:
        ids = self._cache.ids
        if ids is None:
            ids = {}
            for _, coll in self.collections():
                ids.update(coll._by_id)
            self._cache.ids = ids
        return ids.get(rid)

    # -- time ------------------------------------------------------------------
    def at(self, date: Any) -> Snapshot:
        """The framework as known on ``date``.

        Something dated only to a year or month counts only once that period
        is over by ``date``.

        >>> import palermo
        >>> snap = palermo.at("2003-12-31")
        >>> "tip-protocol" in [i.id for i in snap.in_force]
        True
        >>> "gpa" in [i.id for i in snap.instruments]
        False
        """
        d = to_partial_date(date)

        def known(x: PartialDate | None) -> bool:
            return x is not None and x.known_by(d)

        stats = []
        for measure in self.statistics.measures:
            s = self.statistics.as_of(measure, d)
            if s is not None:
                stats.append(s)
        return Snapshot(
            date=d,
            instruments=tuple(i for i in self.instruments if known(i.adopted)),
            in_force=tuple(i for i in self.instruments if known(i.entry_into_force)),
            resolutions=tuple(r for r in self.resolutions if known(r.adopted)),
            agencies=tuple(a for a in self.agencies if known(a.established)),
            statistics=tuple(stats),
        )

    def timeline(self, start: Any = None, end: Any = None) -> tuple[Event, ...]:
        """Dated events across the framework, oldest first.

        With ``start`` or ``end``, only events that may fall within them.

        >>> import palermo
        >>> [str(e) for e in palermo.timeline("2000-11-15", "2000-11-15")][0]
        '2000-11-15  A/RES/55/25 adopted'
        """
        lo = to_partial_date(start, "start").first if start is not None else None
        hi = to_partial_date(end, "end").last if end is not None else None
        events = []
        for r in self.records():
            for field, what in _EVENT_FIELDS.get(type(r), ()):
                when = getattr(r, field)
                if when is None:
                    continue
                if lo is not None and when.last < lo:
                    continue
                if hi is not None and when.first > hi:
                    continue
                events.append(Event(when, what, r))
        events.sort(key=lambda e: (e.date.sort_key(), _EVENT_ORDER[e.what], e.record.id))
        return tuple(events)

    def overlay(self, other: Dataset) -> Dataset:
        """A new dataset: this one with ``other``'s records laid over it.

        A record of ``other`` replaces the record with the same id here (a
        correction) or is added (a newer count, a national instrument). The
        result is checked like any dataset, and :attr:`origins` says where
        each record came from. Neither dataset is changed.

        Raises:
            DatasetError: The combination breaks an integrity rule (e.g. a
                record of ``other`` cites a source that neither has). The
                file named is the one of ``other``'s records.

        >>> import palermo, tempfile
        >>> folder = tempfile.mkdtemp()
        >>> palermo.dump({"statistics": (palermo.Statistic(id="my-count",
        ...     measure="tip-protocol.parties", value=183, unit="parties",
        ...     date=palermo.PartialDate(2024, 6, 1), sources=("untc-xviii-12-a",)),)}, folder)
        >>> mine = palermo.load(folder, over=palermo.bundled())
        >>> mine.statistics.as_of("tip-protocol.parties", "2024-06-30").value  # an illustration
        183
        >>> mine.origins["my-count"] == folder, mine.origins["untoc"]
        (True, 'palermo (bundled)')
        >>> palermo.statistics.get("my-count") is None
        True
        """
        if not isinstance(other, Dataset):
            raise InvalidQueryError(f"can only overlay a Dataset, not {type(other).__name__}")
        records: dict[str, tuple[Any, ...]] = {}
        origins = dict(self.origins)
        for name, coll in self.collections():
            theirs = getattr(other, name)
            replaced = set(theirs.ids)
            records[name] = tuple(r for r in coll if r.id not in replaced) + tuple(theirs)
            for r in theirs:
                origins[r.id] = other.origins.get(r.id, other.origin)
        check(records)
        version = f"{self.version}+{other.version}"
        return Dataset(
            records,
            version,
            other.released or self.released,
            f"{self.origin} + {other.origin}",
            origins,
        )

    def claims(self, record: Record | str) -> tuple[Disagreement, ...]:
        """The recorded disagreements that concern ``record``.

        >>> import palermo
        >>> [d.id for d in palermo.bundled().claims("gpa")]
        ['gpa-symbol']
        """
        rid = record if isinstance(record, str) else record.id
        return tuple(d for d in self.disagreements if rid in d.subject)


_EVENT_FIELDS: dict[type[Any], tuple[tuple[str, str], ...]] = {
    Resolution: (("adopted", "adopted"),),
    Instrument: (
        ("adopted", "adopted"),
        ("opened_for_signature", "opened for signature"),
        ("entry_into_force", "entered into force"),
    ),
    Agency: (("established", "established"),),
}
_EVENT_ORDER = {"adopted": 0, "established": 1, "opened for signature": 2, "entered into force": 3}


def _as_ids(value: str | tuple[str, ...] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return value


# -- reading and checking -------------------------------------------------------


_MISSING: Any = object()
"""What :func:`_read_json` returns for a file that is not there (a file
holding ``null`` is not a missing file)."""


def _json_type(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "number")


def _read_json(root: Traversable, name: str, required: bool) -> Any:
    path = root / name
    if not path.is_file():
        if required:
            raise DatasetError(name, None, None, "file is missing")
        if isinstance(path, Path) and path.exists():
            raise DatasetError(name, None, None, "not a file")
        return _MISSING
    with path.open("rb") as fh:
        raw = fh.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise DatasetError(name, None, None, f"file is larger than {MAX_FILE_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DatasetError(name, None, None, f"not valid UTF-8 at byte {exc.start}") from None
    try:
        return json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise DatasetError(
            name, None, None, f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except _DuplicateKey as exc:
        raise DatasetError(name, exc.record, exc.key, "key appears twice in one object") from None
    except RecursionError:
        raise DatasetError(name, None, None, "not valid JSON: nested too deeply") from None
    except ValueError as exc:
        # An integer longer than Python converts (sys.get_int_max_str_digits)
        # raises a bare ValueError.
        raise DatasetError(name, None, None, f"not valid JSON: {exc}") from None


class _DuplicateKey(Exception):
    def __init__(self, record: str | None, key: str) -> None:
        self.record = record
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json keeps the last of two equal keys without a word; a data file
    # that says one thing twice is a mistake to report, not to guess at.
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            rid = out.get("id")
            raise _DuplicateKey(rid if isinstance(rid, str) else None, key)
        out[key] = value
    return out


def _format_leaf(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, (ValueError, TypeError)) and not isinstance(
        exc, cattrs.errors.ForbiddenExtraKeysError
    ):
        return str(exc)
    return cattrs.v.format_exception(exc, type_)


def _structure(name: str, index: int, raw: Any, cls: type[T]) -> T:
    rid = raw.get("id") if isinstance(raw, dict) else None
    label = rid if isinstance(rid, str) and rid else f"#{index}"
    if not isinstance(raw, dict):
        raise DatasetError(name, label, None, f"expected an object, got {type(raw).__name__}")
    try:
        return converter.structure(raw, cls)
    except cattrs.BaseValidationError as exc:
        first = cattrs.transform_error(exc, path="$", format_exception=_format_leaf)[0]
        problem, _, path = first.rpartition(" @ ")
        field = path.removeprefix("$").lstrip(".") or None
        raise DatasetError(name, label, field, problem or first) from None
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise DatasetError(name, label, None, str(exc) or type(exc).__name__) from None


def _read_records(root: Traversable, required: bool) -> dict[str, tuple[Any, ...]]:
    records: dict[str, tuple[Any, ...]] = {}
    for attr, name, cls in FILES:
        raw = _read_json(root, name, required)
        if raw is _MISSING:
            records[attr] = ()
            continue
        if not isinstance(raw, list):
            raise DatasetError(name, None, None, f"expected a JSON array, got {_json_type(raw)}")
        records[attr] = tuple(_structure(name, i, item, cls) for i, item in enumerate(raw))
    return records


def _read_meta(root: Traversable, required: bool) -> tuple[str, PartialDate | None]:
    meta = _read_json(root, META_FILE, required)
    if meta is _MISSING:
        return "unversioned", None
    if not isinstance(meta, dict):
        raise DatasetError(META_FILE, None, None, f"expected a JSON object, got {_json_type(meta)}")
    unknown = sorted(set(meta) - {"version", "released"})
    if unknown:
        raise DatasetError(META_FILE, None, unknown[0], "unknown field")
    version = meta.get("version")
    if not isinstance(version, str) or not version.strip():
        raise DatasetError(META_FILE, None, "version", "expected a non-empty string")
    released = meta.get("released")
    try:
        return version, PartialDate.parse(released) if released is not None else None
    except (ValueError, TypeError) as exc:
        raise DatasetError(META_FILE, None, "released", str(exc)) from None


def check(records: dict[str, tuple[Any, ...]]) -> None:
    """Check the integrity rules over structured records.

    Ids are well formed and unique across the whole dataset; every reference
    resolves to a record of the right kind; every record but a source cites
    at least one existing source; dates are in a possible order.

    Raises:
        DatasetError: The first rule broken, naming file, record and field.
    """
    files = {attr: name for attr, name, _ in FILES}
    owner: dict[str, str] = {}
    for attr, name, _ in FILES:
        for r in records[attr]:
            if not _ID.match(r.id):
                raise DatasetError(
                    name,
                    r.id,
                    "id",
                    "ids use a-z, 0-9, '.' and '-' and start with a letter or digit",
                )
            if r.id in owner:
                where = "" if owner[r.id] == name else f" (also in {owner[r.id]})"
                raise DatasetError(name, r.id, "id", f"duplicate id{where}")
            owner[r.id] = name
    ids = {attr: {r.id for r in records[attr]} for attr, _, _ in FILES}
    every = set(owner)

    def need(attr: str, r: Any, field: str, target: str | None, values: Any) -> None:
        pool = ids[target] if target else every
        many = isinstance(values, tuple)
        for i, value in enumerate(values if many else (values,)):
            if value is not None and value not in pool:
                kind = _KIND_NAMES[target] if target else "record"
                where = f"{field}[{i}]" if many else field
                raise DatasetError(files[attr], r.id, where, f"no {kind} has id {value!r}")

    for attr, _, cls in FILES:
        for r in records[attr]:
            for rcls, field, target, _, _ in _REFERENCES:
                if rcls is cls:
                    need(attr, r, field, target, getattr(r, field))
            if cls is SDGTarget:
                for n, ind in enumerate(r.indicators):
                    need(attr, r, f"indicators[{n}].custodians", "agencies", ind.custodians)
            if cls is Disagreement:
                if len(r.claims) < 2:
                    raise DatasetError(
                        files[attr], r.id, "claims", "a disagreement needs two claims"
                    )
                for n, claim in enumerate(r.claims):
                    if not claim.sources:
                        raise DatasetError(
                            files[attr], r.id, f"claims[{n}].sources", "cites no source"
                        )
                    need(attr, r, f"claims[{n}].sources", "sources", claim.sources)
                    if claim.statistic is not None:
                        need(attr, r, f"claims[{n}].statistic", "statistics", claim.statistic)
            if cls is not Source:
                if not r.sources:
                    raise DatasetError(files[attr], r.id, "sources", "cites no source")
                need(attr, r, "sources", "sources", r.sources)
            if cls is Instrument:
                for field in ("opened_for_signature", "entry_into_force"):
                    when = getattr(r, field)
                    if when is not None and r.adopted is not None and when.is_before(r.adopted):
                        raise DatasetError(
                            files[attr], r.id, field, f"{when} is before adoption ({r.adopted})"
                        )


_KIND_NAMES = {
    "sources": "source",
    "instruments": "instrument",
    "resolutions": "resolution",
    "agencies": "agency",
    "sdg_targets": "SDG target",
    "statistics": "statistic",
    "disagreements": "disagreement",
}


def _load(root: Traversable, origin: str, required: bool) -> Dataset:
    # Loading makes a great many objects and no garbage cycles; left on, the
    # cyclic collector walks them all again and again (a third of the time
    # of a load of 100,000 statistics).
    collecting = gc.isenabled()
    gc.disable()
    try:
        version, released = _read_meta(root, required)
        records = _read_records(root, required)
        check(records)
        return Dataset(records, version, released, origin)
    finally:
        if collecting:
            gc.enable()


def load(path: str | Path, *, over: Dataset | None = None) -> Dataset:
    """Read and check a dataset from a folder laid out like the bundled one.

    Files that are missing are empty collections; the checks are exactly
    those of the bundled data. With ``over`` (e.g. ``palermo.bundled()``),
    the folder's records are laid over that dataset (see
    :meth:`Dataset.overlay`), so a folder may add or correct a few records
    and cite the bundled sources.

    Raises:
        DatasetError: A file is malformed or breaks an integrity rule; the
            message names the file, the record and the field.
        InvalidQueryError: ``path`` is not a folder.

    >>> import palermo, pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "sources.json").write_text('[{"id": "s", "title": "T", '
    ...     '"publisher": "P", "kind": "web page"}]')
    >>> len(palermo.load(folder).sources)
    1
    """
    folder = _folder(path)
    try:
        is_dir = folder.is_dir()
    except OSError as exc:
        raise InvalidQueryError(f"{str(path)[:200]!r} cannot be read: {exc.strerror}") from None
    if not is_dir:
        raise InvalidQueryError(f"{str(path)[:200]!r} is not a folder")
    if over is None:
        return _load(folder, str(folder), required=False)
    if not isinstance(over, Dataset):
        raise InvalidQueryError(f"over must be a Dataset, not {type(over).__name__}")
    # The folder alone may cite what only ``over`` has, so it is checked as
    # part of the overlay rather than on its own.
    version, released = _read_meta(folder, required=False)
    user = Dataset(_read_records(folder, required=False), version, released, str(folder))
    return over.overlay(user)


def _folder(path: object) -> Path:
    if not isinstance(path, (str, Path)):
        raise InvalidQueryError(f"path must be a str or Path, got {type(path).__name__}")
    # Path("") is the current folder: an empty argument must not quietly
    # read (or write) whatever is there.
    if not str(path).strip():
        raise InvalidQueryError("empty path: give a folder")
    if "\x00" in str(path):
        raise InvalidQueryError(f"{str(path)[:200]!r} is not a folder: it holds a NUL character")
    return Path(path)


_bundled: Dataset | None = None
_bundled_lock = threading.Lock()
load_count = 0
"""How many times the bundled data has been read (for tests: it should be 1)."""


def bundled() -> Dataset:
    """The dataset shipped with palermo, read on first use and then kept.

    Safe to call from many threads at once: the files are read once.

    >>> import palermo
    >>> palermo.bundled() is palermo.bundled()
    True
    """
    global _bundled, load_count
    ds = _bundled
    if ds is not None:
        return ds
    with _bundled_lock:
        if _bundled is None:
            root = resources.files("palermo") / "data"
            _bundled = _load(root, "palermo (bundled)", required=True)
            load_count += 1
        return _bundled


def dump(data: Dataset | dict[str, tuple[Any, ...]], path: str | Path) -> None:
    """Write a dataset as a folder of data files that :func:`load` reads back.

    The files are formatted as the bundled ones are (sorted by id, two-space
    indent, fields equal to their default left out), so a change is a small,
    readable diff.

    >>> import palermo, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> palermo.dump(palermo.bundled(), folder)
    >>> palermo.load(folder).instruments.get("untoc") == palermo.instruments.get("untoc")
    True

    Raises:
        InvalidQueryError: ``path`` is not a str or Path, is empty or names
            something that is not a folder; ``data`` is not a dataset or a
            mapping of collection name to records of the right class.
        OSError: A file in the folder cannot be written.
    """
    folder = _folder(path)
    if isinstance(data, Dataset):
        records = {name: tuple(coll) for name, coll in data.collections()}
        meta: dict[str, str] | None = {"version": data.version}
        if data.released is not None:
            meta = {"version": data.version, "released": str(data.released)}
    elif isinstance(data, Mapping):
        records = _checked_records(data)
        meta = None
    else:
        raise InvalidQueryError(
            f"data must be a Dataset or a mapping of collection name to records, "
            f"got {type(data).__name__}"
        )
    if folder.exists() and not folder.is_dir():
        raise InvalidQueryError(f"{str(path)[:200]!r} exists and is not a folder")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InvalidQueryError(f"cannot make folder {str(path)[:200]!r}: {exc.strerror}") from None
    if meta is not None:
        _write_json(folder / META_FILE, meta)
    for attr, name, _ in FILES:
        rows = [converter.unstructure(r) for r in sorted(records.get(attr, ()), key=lambda r: r.id)]
        _write_json(folder / name, rows)


def _checked_records(data: Mapping[Any, Any]) -> dict[str, tuple[Any, ...]]:
    classes = {attr: cls for attr, _, cls in FILES}
    unknown = sorted(str(k) for k in data if k not in classes)
    if unknown:
        raise InvalidQueryError(
            f"no collection named {unknown[0]!r}; collections are: {', '.join(classes)}"
        )
    records: dict[str, tuple[Any, ...]] = {}
    for attr, cls in classes.items():
        rows = data.get(attr, ())
        if isinstance(rows, (str, bytes)) or not isinstance(rows, Iterable):
            raise InvalidQueryError(f"{attr} must be a sequence of records")
        records[attr] = tuple(rows)
        for row in records[attr]:
            if not isinstance(row, cls):
                raise InvalidQueryError(
                    f"{attr} holds {cls.__name__} records, not {type(row).__name__}"
                )
    return records


def _write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
