"""The read-only collection of one kind of record, and its lookups."""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, overload

import attrs

from ._args import check_key, positive_int
from ._once import Once
from ._text import SCAN_LIMIT, NameIndex, normalize, suggest
from .errors import AmbiguousKeyError, InvalidQueryError, NotFoundError
from .model import PartialDate, Period, Symbol
from .model._fields import RENDERERS

if TYPE_CHECKING:
    from ._search import SearchIndex, Vocabulary

__all__ = ["Collection", "ResolutionCollection", "describe"]


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_HasId)
T = TypeVar("T")

_DESCRIBED = ("title", "topic", "finding", "text", "measure", "publisher")


def describe(record: Any) -> Iterable[str]:
    """The words of a record that search reads besides its names.

    >>> import palermo
    >>> list(describe(palermo.statistics.get("tip-protocol.parties.2008-09-26.unodc")))
    ["Parties to the Trafficking Protocol on UNODC's mirror of the UNTC status.", 'tip-protocol.parties']
    """
    yield getattr(record, "description", "")
    for name in _DESCRIBED:
        value = getattr(record, name, None)
        if isinstance(value, str):
            yield value


def _no_names(record: Any) -> Iterable[str]:
    return ()


def _search_index(
    records: tuple[Any, ...],
    names: Callable[[Any], Iterable[str]],
    text: Callable[[Any], Iterable[str]],
    vocabulary: Vocabulary | None,
) -> SearchIndex:
    # Imported here: a collection that is never searched never needs it.
    from ._search import SearchIndex

    return SearchIndex(records, names, text, vocabulary)


class _Owners(Mapping[str, str]):
    """Folded name -> the id of the record it names first, read from the
    name table itself (a view: no second dict)."""

    __slots__ = ("_keys",)

    def __init__(self, keys: dict[str, tuple[str, ...]]) -> None:
        self._keys = keys

    def __getitem__(self, key: str) -> str:
        return self._keys[key][0]

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


class _Names:
    """A collection's names folded for lookup, built on its first lookup by
    name (an id needs none of it)."""

    __slots__ = ("compact", "display", "index", "keys", "owners")

    def __init__(self, records: Iterable[Any], names: Callable[[Any], Iterable[str]]) -> None:
        keys: dict[str, set[str]] = {}
        compact: dict[str, set[str]] = {}
        display: dict[str, str] = {}
        for r in records:
            for name in (r.id, *names(r)):
                key = normalize(name)
                if not key:
                    continue
                keys.setdefault(key, set()).add(r.id)
                compact.setdefault(key.replace(" ", ""), set()).add(r.id)
                display.setdefault(key, name)
        # folded name -> the ids it names; the same without spaces (a
        # record's names share one tuple of ids)
        same: dict[tuple[str, ...], tuple[str, ...]] = {}

        def ids(found: set[str]) -> tuple[str, ...]:
            made = tuple(sorted(found))
            return same.setdefault(made, made)

        self.keys = {k: ids(v) for k, v in keys.items()}
        self.compact = {k: ids(v) for k, v in compact.items()}
        # folded name -> the name as first written, and the record it names first
        self.display = display
        self.owners = _Owners(self.keys)
        self.index = NameIndex(display)


class Collection(Generic[R]):
    """A read-only collection of one kind of record.

    Iterates in id order. ``get`` returns a default on a miss, ``lookup``
    raises. Both accept an id or any name the record answers to (title, short
    title, alias, acronym, symbol, code), ignoring case, accents, punctuation
    and spacing.

    >>> import palermo
    >>> len(palermo.instruments)
    44
    >>> palermo.instruments.lookup("palermo protocol").id
    'tip-protocol'
    >>> print(palermo.instruments.get("no such thing"))
    None
    >>> "untoc" in palermo.instruments, "no such thing" in palermo.instruments
    (True, False)
    """

    __slots__ = (
        "__weakref__",
        "_by_id",
        "_index",
        "_names",
        "_pos",
        "_records",
        "_table",
        "_type",
        "kind",
    )

    kind: str
    """What one record is called (``"instrument"``)."""
    _records: tuple[R, ...]
    _by_id: dict[str, R]
    _pos: dict[str, int]
    _names: Callable[[R], Iterable[str]]
    _table: Once[_Names]
    _index: Once[SearchIndex]
    _type: type[Any] | None

    def __init__(
        self,
        kind: str,
        records: Iterable[R],
        names: Callable[[R], Iterable[str]] = _no_names,
        text: Callable[[R], Iterable[str]] = describe,
        *,
        record_type: type[Any] | None = None,
        vocabulary: Vocabulary | None = None,
    ) -> None:
        _set = object.__setattr__
        _set(self, "kind", kind)
        ordered: tuple[R, ...] = tuple(sorted(records, key=lambda r: r.id))
        _set(self, "_records", ordered)
        _set(self, "_by_id", {r.id: r for r in ordered})
        _set(self, "_pos", {r.id: i for i, r in enumerate(ordered)})
        _set(self, "_names", names)
        _set(self, "_table", Once(lambda: _Names(ordered, names)))
        _set(self, "_index", Once(lambda: _search_index(ordered, self.names, text, vocabulary)))
        # The record class, so that an empty collection still knows its fields.
        _set(self, "_type", record_type or (type(ordered[0]) if ordered else None))

    # -- the container protocol ------------------------------------------------
    def __iter__(self) -> Iterator[R]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def __setattr__(self, name: str, value: object) -> None:
        # Everything is set once, while the collection is built: nobody may
        # then change what every other caller sees.
        raise AttributeError(f"a {type(self).__name__} is read-only; cannot set {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"a {type(self).__name__} is read-only; cannot delete {name!r}")

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            if item in self._by_id:
                return True
            # ``in`` answers yes or no: a key that is empty, too long or
            # unknown is simply not in the collection.
            try:
                return self.get(item) is not None
            except AmbiguousKeyError:
                return True
            except InvalidQueryError:
                return False
        rid = getattr(item, "id", None)
        return isinstance(rid, str) and self._by_id.get(rid) == item

    def __getitem__(self, key: str) -> R:
        return self.lookup(key)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} of {len(self)} {self.kind} records>"

    def _repr_html_(self) -> str:
        render = RENDERERS.get("collection")
        return render(self) if render is not None else repr(self)

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids, in iteration order."""
        return tuple(self._by_id)

    # -- what a Dataset asks of its collections ---------------------------------
    def by_id(self, rid: str) -> R | None:
        """The record with exactly this id, or ``None`` (no folding, no names).

        Args:
            rid: The exact id.

        >>> import palermo
        >>> palermo.instruments.by_id("untoc").id
        'untoc'
        """
        return self._by_id.get(rid)

    def match(self, key: str, norm: str, step: int) -> tuple[str, ...]:
        """Ids a checked ``key`` (folded: ``norm``) names at one matching step.

        Step 0 compares folded names, step 1 the same without spaces, step 2
        other spellings of the key (:meth:`alternate_keys`). A
        :class:`~palermo.Dataset` runs each step over every collection
        before the next, so an exact name anywhere beats a loose one.

        Args:
            key: The key as the user gave it (for error messages).
            norm: The key folded by the lookup rules.
            step: 1 for exact names, 2 for names with spaces removed.
        """
        table = self._table.get()
        if step == 0:
            return table.keys.get(norm, ())
        if step == 1:
            return table.compact.get(norm.replace(" ", ""), ())
        for alt in self.alternate_keys(key):
            found = table.keys.get(normalize(alt))
            if found is not None:
                return found
        return ()

    def alternate_keys(self, key: str) -> Iterable[str]:
        """Other spellings of ``key`` to try after a miss (symbols, codes)."""
        return ()

    def scores(self, text: str, idf: dict[str, float] | None = None) -> dict[int, float]:
        """The position of each record matching ``text``, with its relevance.

        ``idf`` gives word weights shared with other collections (see
        :meth:`palermo.Dataset.search`); :meth:`record_at` turns a position
        into its record.

        Raises:
            InvalidQueryError: ``text`` is empty or not a string.
        """
        text = check_key(text)
        norm = normalize(text)
        exact = [self._pos[rid] for rid in self._candidates(text, norm)]
        return self._index.get().scores(norm, exact, idf)

    def record_at(self, position: int) -> R:
        """The record at ``position`` in iteration order."""
        return self._records[position]

    def doc_freq(self) -> dict[str, int]:
        """Word -> how many records of this collection hold it."""
        return self._index.get().doc_freq()

    # -- lookups ---------------------------------------------------------------
    def _candidates(self, key: str, norm: str | None = None) -> tuple[str, ...]:
        if key in self._by_id:
            return (key,)
        if norm is None:
            norm = normalize(key)
        for step in range(3):
            found = self.match(key, norm, step)
            if found:
                return found
        return ()

    @overload
    def get(self, key: str) -> R | None: ...
    @overload
    def get(self, key: str, default: T) -> R | T: ...
    def get(self, key: str, default: object = None) -> object:
        """The record ``key`` names, or ``default``.

        Raises:
            InvalidQueryError: ``key`` is not a string or is empty.
            AmbiguousKeyError: ``key`` names several records.

        >>> import palermo
        >>> palermo.resolutions.get("55/25").id
        'a-res-55-25'
        """
        record = self._by_id.get(key) if type(key) is str else None
        if record is not None:
            return record
        key = check_key(key)
        found = self._candidates(key)
        if not found:
            return default
        if len(found) > 1:
            raise AmbiguousKeyError(key, found)
        return self._by_id[found[0]]

    def lookup(self, key: str) -> R:
        """The record ``key`` names.

        Raises:
            NotFoundError: Nothing matches; it lists the closest names.
            AmbiguousKeyError: ``key`` names several records.
            InvalidQueryError: ``key`` is not a string or is empty.

        >>> import palermo
        >>> palermo.agencies.lookup("unodc").name
        'United Nations Office on Drugs and Crime'
        """
        record = self.get(key, None)
        if record is None:
            raise NotFoundError(key, self.kind, self.suggest(key))
        return record

    def suggest(self, key: str, n: int = 3) -> tuple[str, ...]:
        """The names closest to ``key``, best first, one per record.

        Args:
            key: What was asked.
            n: How many suggestions at most.

        Raises:
            InvalidQueryError: ``key`` is empty or not a string, or ``n`` is
                not a positive integer.

        >>> import palermo
        >>> palermo.instruments.suggest("Palermo Protocl")[0]
        'Palermo Protocol'
        """
        n = positive_int(n, "n")
        norm = normalize(check_key(key))
        table = self._table.get()
        close = suggest(norm, table.display, table.owners, table.index)
        if not close and len(table.display) <= SCAN_LIMIT:
            # A small collection: near spellings of the whole key, from the
            # search index (a large one would build that index on a miss).
            near = [k for k, _ in self._index.get().fuzzy(norm) if k in table.display]
            close = tuple(table.display[k] for k in near)
        return close[:n]

    def names(self, record: R) -> tuple[str, ...]:
        """Every name ``record`` answers to in :meth:`lookup`."""
        return (record.id, *self._names(record))

    def filter(
        self, predicate: Callable[[R], bool] | None = None, /, **fields: Any
    ) -> tuple[R, ...]:
        """The records whose fields equal ``fields`` and that pass ``predicate``.

        A field holding a tuple matches when it contains the value asked.

        Raises:
            InvalidQueryError: A field name does not exist on these records.

        >>> import palermo
        >>> [i.id for i in palermo.instruments.filter(supplements="untoc")]
        ['firearms-protocol', 'smuggling-protocol', 'tip-protocol']
        """
        record_type: Any = self._type
        if record_type is not None and fields:
            known = {a.name for a in attrs.fields(record_type)}
            unknown = sorted(set(fields) - known)
            if unknown:
                raise InvalidQueryError(
                    f"{self.kind} records have no field {', '.join(unknown)}; "
                    f"fields are: {', '.join(sorted(known))}"
                )
        if predicate is not None and not callable(predicate):
            raise InvalidQueryError("predicate must be a function of one record")
        if record_type is not None:
            fields = {name: _field_value(record_type, name, want) for name, want in fields.items()}
        out = []
        for r in self._records:
            ok = True
            for name, want in fields.items():
                have = getattr(r, name)
                if isinstance(have, tuple) and not isinstance(want, tuple):
                    ok = want in have
                else:
                    ok = have == want
                if not ok:
                    break
            if ok and (predicate is None or predicate(r)):
                out.append(r)
        return tuple(out)

    # -- search ----------------------------------------------------------------
    def search(self, text: str, limit: int = 10) -> tuple[R, ...]:
        """Records matching ``text``, best first.

        An exact id, name or symbol comes first; then records ranked by how
        many of the words they contain (rare words count more, names more
        than descriptions), tolerating typos and word beginnings.

        Args:
            text: The query: words, typos tolerated.
            limit: How many records at most (a positive integer).

        Raises:
            InvalidQueryError: ``text`` is empty or not a string.

        >>> import palermo
        >>> palermo.instruments.search("trafficking protocol")[0].id
        'tip-protocol'
        >>> palermo.agencies.search("blue hart")[0].id
        'blue-heart'
        """
        limit = positive_int(limit, "limit")
        scored = self.scores(text)
        best = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return tuple(self._records[pos] for pos, _ in best)


def _field_value(record_type: Any, name: str, want: object) -> object:
    """``want`` as the field holds it: ``"2000-11-15"`` for a date field is a
    :class:`PartialDate`, ``"55/25"`` for a symbol a :class:`Symbol`.

    Without this a string never equals a date and the filter would quietly
    find nothing.
    """
    attrs.resolve_types(record_type)
    kind = attrs.fields_dict(record_type)[name].type
    if want is None or isinstance(want, (PartialDate, Period, Symbol)):
        return want
    try:
        if kind is PartialDate or PartialDate in typing.get_args(kind):
            return PartialDate.coerce(want)  # type: ignore[arg-type]
        if kind is Period or Period in typing.get_args(kind):
            return Period.parse(want)  # type: ignore[arg-type]
        if kind is Symbol:
            return Symbol.parse(want)  # type: ignore[arg-type]
    except (ValueError, TypeError) as exc:
        raise InvalidQueryError(f"bad value for {name}: {exc}") from None
    return want


class ResolutionCollection(Collection[Any]):
    """Resolutions; :meth:`lookup` also understands any symbol spelling.

    A key that parses as a symbol is also tried in its standard form:

    >>> import palermo
    >>> list(palermo.resolutions.alternate_keys("resolution 55/25"))
    ['A/RES/55/25']
    >>> palermo.resolutions.get("resolution 55/25").id
    'a-res-55-25'
    """

    __slots__ = ()

    def alternate_keys(self, key: str) -> Iterable[str]:
        try:
            yield str(Symbol.parse(key))
        except (ValueError, TypeError):
            return
