"""Read-only collections of records and the queries on them."""

from __future__ import annotations

import bisect
import datetime
import difflib
import functools
import math
import re
import threading
import typing
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Generic, Protocol, TypeVar, overload

import attrs

from .errors import AmbiguousKeyError, InvalidQueryError, NotFoundError
from .model import DateLike, PartialDate, Period, Statistic, Symbol

__all__ = [
    "Collection",
    "ResolutionCollection",
    "StatisticCollection",
    "normalize",
    "to_partial_date",
]


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


R = TypeVar("R", bound=_HasId)
T = TypeVar("T")

_MAX_QUERY = 1000
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalize(text: str) -> str:
    """Fold a key for comparison: case, accents, punctuation and spacing.

    >>> normalize("  Palermo-Protocol ")
    'palermo protocol'
    >>> normalize("A/RES/55/25") == normalize("a/res/55/25")
    True
    >>> normalize("Médecins")
    'medecins'
    """
    if text.isascii():
        # The common case, several times faster than the Unicode path.
        return _NON_ALNUM.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text).casefold()
    out = [c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c)]
    return " ".join("".join(out).split())


def _check_key(key: object) -> str:
    if not isinstance(key, str):
        raise InvalidQueryError(f"lookup key must be a string, got {type(key).__name__}")
    if len(key) > _MAX_QUERY:
        raise InvalidQueryError(f"lookup key is {len(key)} characters long; at most {_MAX_QUERY}")
    if not key.strip():
        raise InvalidQueryError("empty lookup key: give an id, a name or a symbol")
    return key


def to_partial_date(value: object, what: str = "date") -> PartialDate:
    """Coerce a user's date, raising :class:`~palermo.InvalidQueryError`.

    >>> to_partial_date("2020")
    PartialDate(year=2020, month=None, day=None)
    >>> to_partial_date("2020-02-30")
    Traceback (most recent call last):
    ...
    palermo.errors.InvalidQueryError: bad date '2020-02-30': day 30 does not exist in 2020-02
    """
    try:
        return PartialDate.coerce(value)  # type: ignore[arg-type]
    except (ValueError, TypeError) as exc:
        shown = repr(value)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        raise InvalidQueryError(f"bad {what} {shown}: {exc}") from None


class Collection(Generic[R]):
    """A read-only collection of one kind of record.

    Iterates in id order. ``get`` returns a default on a miss, ``lookup``
    raises. Both accept an id or any name the record answers to (title, short
    title, alias, acronym, symbol, code), ignoring case, accents, punctuation
    and spacing.

    >>> import palermo
    >>> len(palermo.instruments) > 10
    True
    >>> palermo.instruments.lookup("palermo protocol").id
    'tip-protocol'
    >>> palermo.instruments.get("no such thing") is None
    True
    >>> "untoc" in palermo.instruments
    True
    """

    __slots__ = (
        "_by_id",
        "_compact",
        "_display",
        "_fuzzy_cache",
        "_idf",
        "_index_lock",
        "_keys",
        "_names",
        "_pos",
        "_postings",
        "_records",
        "_text",
        "_trigrams",
        "kind",
    )

    def __init__(
        self,
        kind: str,
        records: Iterable[R],
        names: Callable[[R], Iterable[str]],
        text: Callable[[R], Iterable[str]] = lambda r: (),
    ) -> None:
        self.kind = kind
        self._records: tuple[R, ...] = tuple(sorted(records, key=lambda r: r.id))
        self._by_id: dict[str, R] = {r.id: r for r in self._records}
        self._pos: dict[str, int] = {r.id: i for i, r in enumerate(self._records)}
        self._names: Callable[[R], Iterable[str]] = names
        keys: dict[str, set[str]] = {}
        compact: dict[str, set[str]] = {}
        display: dict[str, str] = {}
        for r in self._records:
            for name in (r.id, *names(r)):
                key = normalize(name)
                if not key:
                    continue
                keys.setdefault(key, set()).add(r.id)
                compact.setdefault(key.replace(" ", ""), set()).add(r.id)
                display.setdefault(key, name)
        self._keys = {k: tuple(sorted(v)) for k, v in keys.items()}
        self._compact = {k: tuple(sorted(v)) for k, v in compact.items()}
        self._display = display
        self._text = text
        self._index_lock = threading.Lock()
        self._postings: dict[str, dict[int, float]] | None = None
        self._idf: dict[str, float] = {}
        self._trigrams: dict[str, set[str]] = {}
        self._fuzzy_cache: dict[str, tuple[tuple[str, float], ...]] = {}

    # -- the container protocol ------------------------------------------------
    def __iter__(self) -> Iterator[R]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)

    def __setattr__(self, name: str, value: object) -> None:
        # Public attributes are set once, while the collection is built:
        # nobody may then change what every other caller sees. Private ones
        # include caches filled on first use.
        if not name.startswith("_") and hasattr(self, name):
            raise AttributeError(f"a {type(self).__name__} is read-only; cannot set {name!r}")
        object.__setattr__(self, name, value)

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
        from .display import collection_html

        return collection_html(self.kind, self._records)

    @property
    def ids(self) -> tuple[str, ...]:
        """The ids, in iteration order."""
        return tuple(self._by_id)

    # -- lookups ---------------------------------------------------------------
    def _candidates(self, key: str, norm: str | None = None) -> tuple[str, ...]:
        if key in self._by_id:
            return (key,)
        if norm is None:
            norm = normalize(key)
        return (
            self._keys.get(norm)
            or self._compact.get(norm.replace(" ", ""))
            or self._alternate_match(key)
        )

    def _alternate_match(self, key: str) -> tuple[str, ...]:
        for alt in self._alternate_keys(key):
            found = self._keys.get(normalize(alt))
            if found is not None:
                return found
        return ()

    def _alternate_keys(self, key: str) -> Iterable[str]:
        """Other spellings of ``key`` to try after a miss (symbols, codes)."""
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
        record = self._by_id.get(key) if isinstance(key, str) else None
        if record is not None:
            return record
        found = self._candidates(_check_key(key))
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
        """The names closest to ``key``, best first.

        >>> import palermo
        >>> palermo.instruments.suggest("Palermo Protocl")[0]
        'Palermo Protocol'
        """
        if not isinstance(n, int) or isinstance(n, bool) or n < 1:
            raise InvalidQueryError(f"n must be a positive integer, got {n!r}")
        norm = normalize(_check_key(key))
        close = difflib.get_close_matches(norm, self._display.keys(), n=n, cutoff=0.6)
        if not close:
            close = [k for k, _ in self._fuzzy(norm)[:n] if k in self._display]
        return tuple(self._display[k] for k in close)

    def names(self, record: R) -> tuple[str, ...]:
        """Every name ``record`` answers to in :meth:`lookup`."""
        return (record.id, *self._names(record))

    def filter(self, predicate: Callable[[R], bool] | None = None, **fields: Any) -> tuple[R, ...]:
        """The records whose fields equal ``fields`` and that pass ``predicate``.

        A field holding a tuple matches when it contains the value asked.

        Raises:
            InvalidQueryError: A field name does not exist on these records.

        >>> import palermo
        >>> [i.id for i in palermo.instruments.filter(supplements="untoc")]
        ['firearms-protocol', 'smuggling-protocol', 'tip-protocol']
        """
        if self._records and fields:
            record_type: Any = type(self._records[0])
            known = {a.name for a in attrs.fields(record_type)}
            unknown = sorted(set(fields) - known)
            if unknown:
                raise InvalidQueryError(
                    f"{self.kind} records have no field {', '.join(unknown)}; "
                    f"fields are: {', '.join(sorted(known))}"
                )
        if predicate is not None and not callable(predicate):
            raise InvalidQueryError("predicate must be a function of one record")
        if self._records:
            record_type = type(self._records[0])
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
    def _index(self) -> dict[str, dict[int, float]]:
        """The search index, built on the first search (lookups need none)."""
        postings = self._postings
        if postings is None:
            with self._index_lock:
                if self._postings is None:
                    self._build_search_index(self._text)
                postings = self._postings
        assert postings is not None
        return postings

    def _build_search_index(self, text: Callable[[R], Iterable[str]]) -> None:
        postings: dict[str, dict[int, float]] = {}
        for pos, r in enumerate(self._records):
            for weight, strings in ((3.0, self.names(r)), (1.0, text(r))):
                for s in strings:
                    for token in normalize(s).split():
                        row = postings.setdefault(token, {})
                        row[pos] = max(row.get(pos, 0.0), weight)
        self._idf = idf_table(len(self._records), {t: len(row) for t, row in postings.items()})
        trigrams: dict[str, set[str]] = {}
        for token in postings:
            for g in _grams(token):
                trigrams.setdefault(g, set()).add(token)
        self._trigrams = trigrams
        self._postings = postings  # last: its presence means the index is complete

    def _fuzzy(self, token: str) -> tuple[tuple[str, float], ...]:
        """Index tokens like ``token``: itself, words it begins, near spellings."""
        cached = self._fuzzy_cache.get(token)
        if cached is not None:
            return cached
        postings = self._index()
        out: dict[str, float] = {}
        if token in postings:
            out[token] = 1.0
        grams = _grams(token)
        counts: dict[str, int] = {}
        for g in grams:
            for cand in self._trigrams.get(g, ()):
                counts[cand] = counts.get(cand, 0) + 1
        for cand in counts:
            if cand in out:
                continue
            if len(token) >= 3 and cand.startswith(token):
                out[cand] = 0.8
            elif abs(len(cand) - len(token)) <= 2 and len(token) >= 3:
                ratio = difflib.SequenceMatcher(None, token, cand).ratio()
                if ratio >= 0.75:
                    out[cand] = 0.7 * ratio
        result = tuple(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))
        if len(self._fuzzy_cache) < 4096:
            self._fuzzy_cache[token] = result
        return result

    def _scores(self, text: str, idf: dict[str, float] | None = None) -> dict[int, float]:
        """Relevance of each matching record; ``idf`` overrides word weights."""
        postings = self._index()
        idf = self._idf if idf is None else idf
        norm = normalize(_check_key(text))
        scores: dict[int, float] = {}
        for rid in self._candidates(text):
            pos = self._pos[rid]
            scores[pos] = scores.get(pos, 0.0) + 1000.0
        tokens = norm.split()
        hits: dict[int, int] = {}
        for token in tokens:
            seen: dict[int, float] = {}
            for cand, quality in self._fuzzy(token):
                rarity = idf.get(cand, 1.0)
                for pos, w in postings[cand].items():
                    s = w * quality * rarity
                    if s > seen.get(pos, 0.0):
                        seen[pos] = s
            for pos, s in seen.items():
                scores[pos] = scores.get(pos, 0.0) + s
                hits[pos] = hits.get(pos, 0) + 1
        for pos, count in hits.items():
            if count == len(tokens):
                scores[pos] *= 2.0
        return scores

    def search(self, text: str, limit: int = 10) -> tuple[R, ...]:
        """Records matching ``text``, best first.

        An exact id, name or symbol comes first; then records ranked by how
        many of the words they contain (rare words count more, names more
        than descriptions), tolerating typos and word beginnings.

        Raises:
            InvalidQueryError: ``text`` is empty or not a string.

        >>> import palermo
        >>> palermo.instruments.search("trafficking protocol")[0].id
        'tip-protocol'
        >>> palermo.agencies.search("blue hart")[0].id
        'blue-heart'
        """
        if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
            raise InvalidQueryError(f"limit must be a positive integer, got {limit!r}")
        scored = self._scores(text)
        best = sorted(scored.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        return tuple(self._records[pos] for pos, _ in best)


@functools.lru_cache(maxsize=1024)
def _last_day(text: str) -> int:
    # Parsing and checking a date string costs more than the rest of as_of,
    # and programs ask about the same few dates over and over. A bad date
    # raises, and lru_cache does not remember raising.
    return to_partial_date(text).last.toordinal()


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


def idf_table(n_records: int, doc_freq: dict[str, int]) -> dict[str, float]:
    """How much each word tells apart: rare words weigh more."""
    n = max(n_records, 1)
    return {token: math.log(1.0 + n / df) for token, df in doc_freq.items()}


def _grams(token: str) -> tuple[str, ...]:
    padded = f" {token} "
    return tuple({padded[i : i + 3] for i in range(len(padded) - 2)})


class StatisticCollection(Collection[Statistic]):
    """The statistics, with time-series queries on top of :class:`Collection`.

    >>> import palermo
    >>> [s.value for s in palermo.statistics.series("icat.members")]
    [16, 27, 30, 30]
    """

    __slots__ = ("_as_of", "_lasts", "_series")

    def __init__(
        self,
        records: Iterable[Statistic],
        preference: Callable[[Statistic], int],
        text: Callable[[Statistic], Iterable[str]] = lambda r: (),
    ) -> None:
        super().__init__("statistic", records, lambda s: (), text)
        groups: dict[str, list[Statistic]] = {}
        for s in self._records:
            groups.setdefault(s.measure, []).append(s)
        self._series: dict[str, tuple[Statistic, ...]] = {
            m: tuple(sorted(obs, key=lambda s: (s.date.sort_key(), s.id)))
            for m, obs in groups.items()
        }
        # For as_of, order by the last day each observation could describe,
        # and among equal days put the preferred (most primary) source last,
        # so one bisection finds the answer.
        self._as_of: dict[str, tuple[Statistic, ...]] = {}
        self._lasts: dict[str, list[int]] = {}
        for m, obs in groups.items():
            ordered = sorted(
                obs, key=lambda s: (s.date.last.toordinal(), preference(s), s.date.precision, s.id)
            )
            self._as_of[m] = tuple(ordered)
            self._lasts[m] = [s.date.last.toordinal() for s in ordered]

    @property
    def measures(self) -> tuple[str, ...]:
        """Every measure id, sorted."""
        return tuple(sorted(self._series))

    def _measure(self, measure: str) -> str:
        if not isinstance(measure, str):
            raise InvalidQueryError(f"measure must be a string, got {type(measure).__name__}")
        if measure in self._series:
            return measure
        norm = normalize(_check_key(measure))
        for m in self._series:
            if normalize(m) == norm:
                return m
        close = difflib.get_close_matches(measure, self._series.keys(), n=3, cutoff=0.5)
        raise NotFoundError(measure, "measure", tuple(close))

    def series(self, measure: str) -> tuple[Statistic, ...]:
        """Every observation of ``measure``, oldest first.

        Raises:
            NotFoundError: No such measure; it lists the closest ones.
        """
        return self._series[self._measure(measure)]

    def as_of(self, measure: str, date: DateLike) -> Statistic | None:
        """The latest observation of ``measure`` known on ``date``.

        An observation counts only if it certainly describes a day on or before
        the end of ``date``: a figure for ``2017`` is not known on
        ``2017-06-01``. When sources give different figures for the same day,
        the one from the most primary source wins (treaty text, resolution,
        database, report, press release, web page, then secondary copies);
        :meth:`as_of_all` returns all of them. ``None`` if nothing is known yet.

        Raises:
            NotFoundError: No such measure.
            InvalidQueryError: ``date`` is not a date.

        >>> import palermo
        >>> palermo.statistics.as_of("tip-protocol.parties", "2008-12-31").value
        124
        """
        m = self._measure(measure)
        if type(date) is datetime.date:
            last = date.toordinal()
        elif type(date) is str:
            last = _last_day(date)
        else:
            last = to_partial_date(date).last.toordinal()
        i = bisect.bisect_right(self._lasts[m], last)
        return self._as_of[m][i - 1] if i else None

    def as_of_all(self, measure: str, date: DateLike) -> tuple[Statistic, ...]:
        """Every observation of ``measure`` for the latest day known on ``date``.

        More than one means the sources disagree (or agree) on that day.
        """
        best = self.as_of(measure, date)
        if best is None:
            return ()
        m = self._measure(measure)
        day = best.date.last.toordinal()
        lasts = self._lasts[m]
        lo, hi = bisect.bisect_left(lasts, day), bisect.bisect_right(lasts, day)
        return tuple(reversed(self._as_of[m][lo:hi]))

    def latest(self, measure: str) -> Statistic:
        """The most recent observation of ``measure``.

        >>> import palermo
        >>> palermo.statistics.latest("tip-protocol.parties").value >= 178
        True
        """
        return self._as_of[self._measure(measure)][-1]


class ResolutionCollection(Collection[Any]):
    """Resolutions; :meth:`lookup` also understands any symbol spelling.

    >>> import palermo
    >>> palermo.resolutions.lookup("A/RES/55/25 (2000)").id
    'a-res-55-25'
    """

    __slots__ = ()

    def _alternate_keys(self, key: str) -> Iterable[str]:
        try:
            yield str(Symbol.parse(key))
        except (ValueError, TypeError):
            return
