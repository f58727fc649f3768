"""The Dataset class: collections of every kind and the queries that span them.

Reading and writing files is in ``_io``, the rules that span records in
``_integrity``, links in ``_links``, time in ``_time``; the kinds themselves
are declared once in :mod:`palermo.registry`. :mod:`palermo.dataset` is the
public face: :func:`~palermo.load`, :func:`~palermo.bundled`, :func:`~palermo.dump`.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypeVar

from ._args import check_key, positive_int
from ._collection import Collection
from ._kinds import Collections, Rows
from ._text import MAX_SUGGESTIONS, normalize, shorten
from .errors import AmbiguousKeyError, InvalidQueryError, NotFoundError
from .model import (
    Agency,
    Disagreement,
    Indicator,
    Instrument,
    Observance,
    PartialDate,
    Record,
    Resolution,
    SDGTarget,
    Source,
)
from .model._fields import ID_PATTERN
from .registry import KINDS, Registry

if TYPE_CHECKING:
    # Imported where they are used: a lookup needs none of them.
    from ._links import Link
    from ._provenance import Evidence
    from ._series import StatisticCollection
    from ._time import Event, Snapshot

__all__ = ["FILES", "Dataset"]

T = TypeVar("T")

FILES: tuple[tuple[str, str, type[Any]], ...] = tuple((k.collection, k.file, k.cls) for k in KINDS)
"""Each collection, its data file and its record class (from :data:`palermo.registry.KINDS`)."""

_MAX_REMEMBERED = 10_000  # keys Dataset.get remembers the answer for
_LIVE: list[weakref.ref[Dataset]] = []  # every Dataset made, for Dataset.of


class _Cache:
    """What a Dataset works out on first use and keeps."""

    __slots__ = ("found", "graph", "idf", "ids", "lock", "origins")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.origins: Mapping[str, str] | None = None
        self.graph: dict[str, tuple[tuple[str, str], ...]] | None = None
        self.idf: dict[str, float] | None = None
        self.ids: dict[str, Record] | None = None
        self.found: dict[str, Record] = {}


class Dataset:
    """A complete, checked dataset with queries across its collections.

    The bundled dataset is the one ``palermo.instruments`` and the other
    module-level names use; :func:`load` reads another from a folder. Each
    kind of :data:`palermo.registry.KINDS` is an attribute holding its
    collection.

    Attributes:
        version: The data release, e.g. ``"2026.12.0"``.
        released: When the data release was made.
        origin: Where the data was read from.

    >>> import palermo
    >>> ds = palermo.bundled()
    >>> ds.lookup("Palermo Protocol").id
    'tip-protocol'
    """

    __slots__ = (
        "__weakref__",
        "_cache",
        "_collections",
        "_lookup_order",
        "_origins",
        "_registry",
        "origin",
        "released",
        "version",
        *KINDS.names,
    )

    version: str
    released: PartialDate | None
    origin: str
    _origins: Mapping[str, str] | None
    _cache: _Cache
    _collections: Collections
    _lookup_order: tuple[str, ...]
    _registry: Registry
    if TYPE_CHECKING:
        sources: Collection[Source]
        instruments: Collection[Instrument]
        resolutions: Collection[Resolution]
        agencies: Collection[Agency]
        sdg_targets: Collection[SDGTarget]
        statistics: StatisticCollection
        disagreements: Collection[Disagreement]
        mandate_holders: Collection[Any]
        observances: Collection[Any]

    def __init__(
        self,
        records: Mapping[str, Rows],
        version: str,
        released: PartialDate | None,
        origin: str,
        origins: Mapping[str, str] | None = None,
        *,
        registry: Registry = KINDS,
    ) -> None:
        # A kind's records may be a function that reads them: its collection
        # is then built when first used (see _kinds).
        values: dict[str, object] = {
            "version": version,
            "released": released,
            "origin": origin,
            "_origins": None if origins is None else MappingProxyType(dict(origins)),
            "_collections": Collections(registry, records),
            # Framework records first, sources last, for lookups by name.
            "_lookup_order": tuple(
                sorted(registry.names, key=lambda n: registry.get(n).label == "source")
            ),
            "_registry": registry,
            "_cache": _Cache(),
        }
        # The instance is read-only to everyone else; only here are its
        # attributes set.
        for name, value in values.items():
            object.__setattr__(self, name, value)
        _LIVE.append(weakref.ref(self))

    def __getattr__(self, name: str) -> Any:
        # Reached for a collection not built yet (its slot is empty), and
        # for kinds outside palermo's own, which have no slot.
        if not name.startswith("__"):
            try:
                found = object.__getattribute__(self, "_collections")[name]
            except (KeyError, AttributeError):
                pass
            else:
                if name in KINDS:
                    object.__setattr__(self, name, found)
                return found
        raise AttributeError(f"a Dataset has no collection or attribute {name!r}")

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Dataset is read-only; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a Dataset is read-only; cannot delete {name!r}")

    def __repr__(self) -> str:
        counts = ", ".join(f"{len(c)} {name}" for name, c in self.collections())
        return f"<Dataset {self.version} from {self.origin}: {counts}>"

    @property
    def origins(self) -> Mapping[str, str]:
        """For each record id, where that record was read from (they differ
        only in an overlay, see :meth:`overlay`).

        >>> import palermo
        >>> palermo.bundled().origins["untoc"]
        'palermo (bundled)'
        """
        found = self._origins or self._cache.origins
        if found is None:
            found = MappingProxyType({r.id: self.origin for r in self.records()})
            self._cache.origins = found
        return found

    @property
    def registry(self) -> Registry:
        """The kinds of record this dataset holds."""
        return self._registry

    def collection(self, name: str) -> Collection[Any]:
        """The collection called ``name`` (``"instruments"``...).

        Raises:
            NotFoundError: No collection has that name.

        >>> import palermo
        >>> len(palermo.bundled().collection("sdg_targets"))
        3
        """
        found = self._collections.get(name) if isinstance(name, str) else None
        if found is None:
            raise NotFoundError(name, "collection", tuple(self._collections))
        return found

    def collections(self) -> tuple[tuple[str, Collection[Any]], ...]:
        """Each collection with its name, in a fixed order.

        >>> import palermo
        >>> [name for name, _ in palermo.bundled().collections()][:3]
        ['sources', 'instruments', 'resolutions']
        """
        return tuple(self._collections.items())

    def records(self) -> Iterator[Record]:
        """Every record, collection by collection."""
        for coll in self._collections.values():
            yield from coll

    def get(self, key: str, default: T | None = None) -> Record | T | None:
        """The record with this id or name in any collection, or ``default``.

        An id wins over a name: ids are unique across the dataset.

        Raises:
            InvalidQueryError: ``key`` is not a string or is empty.
            AmbiguousKeyError: The name means several records of one kind.

        >>> import palermo
        >>> palermo.bundled().get("untoc").short_title
        'Organized Crime Convention'
        """
        if type(key) is str:
            # The answer for a key never changes: remember it (within bounds).
            # Only exact str keys reach the memo (see check_key), and only
            # through _find, which tries ids first: a remembered name is
            # never also an id.
            remembered = self._cache.found.get(key)
            if remembered is not None:
                return remembered
            found_id = self._by_id(key)
            if found_id is not None:
                return found_id
        key = check_key(key)
        found_name = self._find(key)
        if found_name is None:
            return default
        if len(self._cache.found) < _MAX_REMEMBERED:
            self._cache.found[key] = found_name
        return found_name

    def _find(self, key: str) -> Record | None:
        found_id = self._by_id(key)
        if found_id is not None:
            return found_id
        norm = normalize(key)
        # Framework records first, sources last: a page titled "World Day
        # against Trafficking in Persons" is not the resolution of that name.
        collections = self._collections
        # Fold the key once, then ask every collection for an exact name,
        # then a name without spaces, then other spellings (symbols).
        for step in range(3):
            for name in self._lookup_order:
                coll = collections[name]
                found = coll.match(key, norm, step)
                if found:
                    if len(found) > 1:
                        raise AmbiguousKeyError(key, found)
                    return coll.by_id(found[0])
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
            for name in self._lookup_order:
                suggestions.extend(
                    s for s in self._collections[name].suggest(key, 2) if s not in suggestions
                )
            raise NotFoundError(key, None, tuple(suggestions[:MAX_SUGGESTIONS]))
        return found

    def search(self, text: str, limit: int = 10) -> tuple[Record, ...]:
        """Search every collection; records ranked together, best first.

        Raises:
            InvalidQueryError: ``text`` is empty or not a string, or
                ``limit`` is not a positive integer.

        >>> import palermo
        >>> palermo.search("palermo protocol")[0].id
        'tip-protocol'
        """
        limit = positive_int(limit, "limit")
        idf = self._search_idf()
        scored: list[tuple[float, int, int, Collection[Any]]] = []
        for rank, (name, coll) in enumerate(self.collections()):
            # Sources and figures support the framework's records; on equal
            # relevance the records themselves come first.
            weight = 0.2 if name in ("sources", "statistics") else 1.0
            for pos, score in coll.scores(text, idf).items():
                scored.append((-score * weight, rank, pos, coll))
        scored.sort(key=lambda t: t[:3])
        return tuple(t[3].record_at(t[2]) for t in scored[:limit])

    def _search_idf(self) -> dict[str, float]:
        # Word weights over the whole dataset, so that scores from different
        # collections can be ranked together.
        cache = self._cache
        if cache.idf is None:
            df: dict[str, int] = {}
            for coll in self._collections.values():
                for token, n in coll.doc_freq().items():
                    df[token] = df.get(token, 0) + n
            from ._search import idf_table

            cache.idf = idf_table(sum(len(c) for c in self._collections.values()), df)
        return cache.idf

    # -- links -----------------------------------------------------------------
    def _links(self) -> dict[str, tuple[tuple[str, str], ...]]:
        cache = self._cache
        if cache.graph is None:
            with cache.lock:
                if cache.graph is None:
                    from ._links import link_graph

                    cache.graph = link_graph(self.records(), self._registry)
        return cache.graph

    def related(self, record: Record | str) -> tuple[Link, ...]:
        """The records linked to ``record``, both ways, with the link's name.

        Raises:
            NotFoundError: ``record`` is not in this dataset.

        >>> import palermo
        >>> links = palermo.related(palermo.instruments.get("untoc"))
        >>> [(l.name, l.record.id) for l in links][:4]
        [('supplemented by', 'firearms-protocol'), ('supplemented by', 'smuggling-protocol'), ('supplemented by', 'tip-protocol'), ('adopted by', 'a-res-55-25')]
        """
        from ._links import Link

        rid = self._record_id(record)
        out = []
        for name, other in self._links().get(rid, ()):
            target = self._by_id(other)
            if target is not None:
                out.append(Link(name, target))
        return tuple(out)

    def _record_id(self, record: object) -> str:
        rid = record if isinstance(record, str) else getattr(record, "id", None)
        if not isinstance(rid, str):
            raise InvalidQueryError(
                f"expected a record or a record id, got {type(record).__name__}: {shorten(record)}"
            )
        rid = str.__str__(rid)
        if self._by_id(rid) is None:
            raise NotFoundError(rid, "record", self._suggest_ids(rid))
        return rid

    def _suggest_ids(self, rid: str) -> tuple[str, ...]:
        if not rid.strip() or len(rid) > 1000:
            return ()
        found: list[str] = []
        for coll in self._collections.values():
            found.extend(s for s in coll.suggest(rid, 2) if s not in found)
        return tuple(found[:5])

    def _by_id(self, rid: str) -> Record | None:
        ids = self._cache.ids
        if ids is None:
            if not ID_PATTERN.match(rid):
                # No record has an id of that form (the classes refuse it):
                # a name such as "Palermo Protocol" need not read every kind.
                return None
            ids = {}
            for coll in self._collections.values():
                ids.update((r.id, r) for r in coll)
            self._cache.ids = ids
        return ids.get(rid)

    @staticmethod
    def of(record: object) -> Dataset | None:
        """The dataset ``record`` was read into (the latest, if several hold
        this very object), or ``None`` for a record built by hand.

        Nothing is loaded to answer: only datasets already in memory count.

        >>> import attrs, palermo
        >>> untoc = palermo.instruments.get("untoc")
        >>> palermo.Dataset.of(untoc).origins["untoc"], palermo.Dataset.of(attrs.evolve(untoc))
        ('palermo (bundled)', None)
        """
        for ref in reversed(_LIVE):
            ds = ref()
            if ds is not None and ds.holds(record):
                return ds
        _LIVE[:] = [ref for ref in _LIVE if ref() is not None]
        return None

    def holds(self, record: object) -> bool:
        """Whether ``record`` is this very object of this dataset.

        >>> import attrs, palermo
        >>> untoc = palermo.instruments.get("untoc")
        >>> palermo.bundled().holds(untoc), palermo.bundled().holds(attrs.evolve(untoc))
        (True, False)
        """
        rid = getattr(record, "id", None)
        return type(rid) is str and self._by_id(rid) is record

    # -- time ------------------------------------------------------------------
    def at(self, date: Any) -> Snapshot:
        """The framework as known on ``date``.

        Something dated only to a year or month counts only once that period
        is over by ``date``.

        Raises:
            InvalidQueryError: ``date`` is not a date.

        >>> import palermo
        >>> before, after = palermo.at("2001-12-30"), palermo.at("2001-12-31")
        >>> sorted({i.id for i in after.instruments} - {i.id for i in before.instruments})  # adopted 2001-12
        ['ecowas-declaration-2001', 'ecowas-initial-plan-of-action-2002-2003']
        """
        from ._time import snapshot

        return snapshot(date, self.instruments, self.resolutions, self.agencies, self.statistics)

    def indicator(self, key: str) -> Indicator:
        """The SDG indicator named by ``key``: its code in any usual form
        (``"16.2.2"``, ``"SDG 16.2.2"``, ``"Indicator 16.2.2"``) or its wording.

        Its target is the :class:`~palermo.SDGTarget` whose code begins its own
        (:meth:`lookup` with the same key gives the target).

        Raises:
            NotFoundError: No indicator has that code or wording (with the
                closest indicators as suggestions).
            InvalidQueryError: ``key`` is not a non-empty string.

        >>> import palermo
        >>> ind = palermo.indicator("SDG 16.2.2")
        >>> ind.code, ind.custodians
        ('16.2.2', ('unodc',))
        >>> palermo.lookup("SDG 16.2.2").code
        '16.2'
        """
        from ._finding import find_indicator

        return find_indicator(
            self.collection("sdg_targets") if "sdg_targets" in self._collections else (), key
        )

    def observed(self, on: Any = None) -> tuple[Observance, ...]:
        """The observances that fall on ``on`` (default: today), by name.

        A day counts only from the first year it was observed.

        Raises:
            InvalidQueryError: ``on`` is not a date of day precision.

        >>> import palermo
        >>> [o.name for o in palermo.observed("2025-07-30")]
        ['World Day against Trafficking in Persons']
        >>> palermo.observed("2025-07-31")
        ()
        """
        days = self.collection("observances") if "observances" in self._collections else ()
        from ._finding import observed_on

        return observed_on(days, on)

    def timeline(self, start: Any = None, end: Any = None) -> tuple[Event, ...]:
        """Dated events across the framework, oldest first.

        With ``start`` or ``end``, only events that may fall within them.

        Raises:
            InvalidQueryError: ``start`` or ``end`` is not a date, or ``end``
                is before ``start``.

        >>> import palermo
        >>> [str(e) for e in palermo.timeline("2000-11-15", "2000-11-15")][0]
        '2000-11-15  A/RES/55/25 adopted'
        """
        from ._time import timeline

        return timeline(self.records(), start, end, self._registry)

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
        ...     date=palermo.PartialDate(2024, 6, 1), sources=("untc-xviii-12-a",)),)},
        ...     folder, over=palermo.bundled())
        >>> mine = palermo.load(folder, over=palermo.bundled())
        >>> mine.statistics.as_of("tip-protocol.parties", "2024-06-30").value  # an illustration
        183
        >>> mine.origins["my-count"] == folder, mine.origins["untoc"]
        (True, 'palermo (bundled)')
        >>> palermo.statistics.as_of("tip-protocol.parties", "2024-06-30").value  # unchanged
        182
        """
        if not isinstance(other, Dataset):
            raise InvalidQueryError(f"can only overlay a Dataset, not {type(other).__name__}")
        from ._integrity import overlaid

        records, origins, registry = overlaid(self, other)
        version = f"{self.version}+{other.version}"
        return Dataset(
            records,
            version,
            other.released or self.released,
            f"{self.origin} + {other.origin}",
            origins,
            registry=registry,
        )

    def evidence(self, record: Record | str, field: str) -> Evidence:
        """The sources that state one field of a record, best first.

        ``field`` is a field name (``"entry_into_force"``) or, for a field of
        a nested record, its name with the key or position of the nested
        record (``"indicators[16.2.2].text"``, ``"indicators[0].code"``).
        :attr:`Evidence.basis` says how they were found; a record without
        field-level evidence (a user's dataset, say) answers with all its
        sources and the basis ``"record"``.

        Raises:
            NotFoundError: ``record`` is not in this dataset.
            InvalidQueryError: The record has no such stated field.

        >>> import palermo
        >>> ev = palermo.bundled().evidence("sdg-16.2", "indicators[16.2.2].text")
        >>> ev.value[:40], ev.basis
        ('Number of victims of human trafficking p', 'field')
        """
        found = self._by_id(self._record_id(record))
        from ._provenance import find_evidence

        return find_evidence(self, found, field)

    def claims(self, record: Record | str) -> tuple[Disagreement, ...]:
        """The recorded disagreements that concern ``record``.

        Raises:
            NotFoundError: ``record`` is not in this dataset.

        >>> import palermo
        >>> [d.id for d in palermo.bundled().claims("gpa")]
        ['gpa-symbol']
        """
        rid = self._record_id(record)
        return tuple(d for d in self.disagreements if rid in d.subject)
