"""The registry of record kinds: everything palermo knows of a kind, once.

Each :class:`Kind` names a collection (``palermo.instruments``), its data
file, its record class, a human label, the names a record answers to in
lookups, the dated events it contributes to :func:`palermo.timeline` and its
one-line title. References between records are declared on the record
classes' fields (``palermo.model.ref``) and read from there. The loader,
the integrity checks, :func:`palermo.related`, the timeline, the converter,
the JSON Schemas, the exports, the display, the command line, the data
catalogue and the Hypothesis strategies all read :data:`KINDS`.

To add a kind: write its class in ``palermo.model``, declare its
:class:`Kind` in :data:`KINDS`, and add its data file (see
``CONTRIBUTING.md``). ``tests/test_registry.py`` fails while the registry and
the record classes disagree.

>>> from palermo.registry import KINDS
>>> KINDS.get("sdg_targets").label
'SDG target'
>>> [k.collection for k in KINDS][:3]
['sources', 'instruments', 'resolutions']
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from .model import (
    Agency,
    Disagreement,
    Instrument,
    MandateHolder,
    Observance,
    Resolution,
    SDGTarget,
    Source,
    Statistic,
)
from .model._fields import REFERENCE, Reference

__all__ = ["KINDS", "Kind", "ReferenceField", "Registry", "variants"]


@attrs.frozen
class ReferenceField:
    """A field of ids declared as a reference (``palermo.model.Reference``).

    Attributes:
        path: Where the field is: ``"adopted_by"``, or ``"indicators.custodians"``
            for a field of a nested record.
        reference: What it points to and the names of the link.

    >>> from palermo.registry import KINDS
    >>> [r.path for r in KINDS.get("sdg_targets").references]
    ['sources', 'indicators.custodians', 'evidence.cites.source']
    """

    path: str
    reference: Reference

    def ids(self, record: Any) -> Iterator[str]:
        """Each id the field holds, without its place (see :meth:`values`).

        >>> import palermo
        >>> from palermo.registry import KINDS
        >>> field = KINDS.get("sdg_targets").references[1]
        >>> sorted(set(field.ids(palermo.sdg_targets.get("sdg-16-2"))))
        ['unicef', 'unodc']
        """
        return _ids(record, self.path.split("."))

    def values(self, record: Any) -> Iterator[tuple[str, str, Any]]:
        """Each id the field holds: (where, id, the object holding the field).

        ``where`` is the field's path with list positions
        (``"indicators[1].custodians[0]"``), as errors name it.
        """
        head, _, rest = self.path.partition(".")
        value = getattr(record, head)
        if rest:
            for i, nested in enumerate(value):
                inner = ReferenceField(rest, self.reference)
                for where, rid, owner in inner.values(nested):
                    yield f"{head}[{i}].{where}", rid, owner
            return
        if isinstance(value, tuple):
            for i, rid in enumerate(value):
                yield f"{head}[{i}]", rid, record
        elif value is not None:
            yield head, value, record


def _ids(value: Any, path: list[str]) -> Iterator[str]:
    held = getattr(value, path[0])
    if len(path) > 1:
        for nested in held:
            yield from _ids(nested, path[1:])
    elif isinstance(held, tuple):
        yield from held
    elif held is not None:
        yield held


@attrs.frozen
class Kind:
    """One kind of record and everything the package needs to know of it.

    Attributes:
        collection: The collection's name (``"instruments"``), also the
            attribute of :class:`palermo.Dataset` and of :mod:`palermo`.
        file: The data file (``"instruments.json"``).
        cls: The record class.
        label: What one record is called in messages (``"instrument"``).
        names: The names a record answers to in lookups, besides its id.
        title: A record's name in a few words, for one line of a table.
        events: Dated fields that make :func:`palermo.timeline` events, as
            (field, what happened, stage); on one date, lower stages come
            first (made, then opened for signature, then in force).
        plural: What several records are called in headings.
        full_title: A record's name in full, for a heading (``"A/RES/55/25:
            United Nations Convention..."``); the short title by default.
        summary: What the kind holds, in a few words (for the catalogue).

    >>> from palermo.registry import KINDS
    >>> kind = KINDS.get("resolutions")
    >>> kind.file, kind.cls.__name__, kind.events
    ('resolutions.json', 'Resolution', (('adopted', 'adopted', 0),))
    """

    collection: str
    file: str
    cls: type[Any]
    label: str
    names: Callable[[Any], Iterable[str]]
    title: Callable[[Any], str]
    events: tuple[tuple[str, str, int], ...] = ()
    plural: str = ""
    full_title: Callable[[Any], str] | None = None
    summary: str = ""

    def heading_of(self, record: Any) -> str:
        """A record's full name (see :attr:`full_title`)."""
        return (self.full_title or self.title)(record)

    @property
    def references(self) -> tuple[ReferenceField, ...]:
        """The reference fields of the class, nested records' included."""
        return _references(self.cls)

    @property
    def heading(self) -> str:
        """The plural label, capitalised (``"SDG targets"``); for pages and tables."""
        text = self.plural or f"{self.label}s"
        return text[:1].upper() + text[1:]


_REFERENCES: dict[tuple[type[Any], str], tuple[ReferenceField, ...]] = {}


def _references(cls: type[Any], prefix: str = "") -> tuple[ReferenceField, ...]:
    # Kept per class: the links, checks and exports ask once per record.
    found = _REFERENCES.get((cls, prefix))
    if found is None:
        found = _REFERENCES[cls, prefix] = _find_references(cls, prefix)
    return found


def _find_references(cls: type[Any], prefix: str) -> tuple[ReferenceField, ...]:
    out: list[ReferenceField] = []
    hints = typing.get_type_hints(cls)
    for field in attrs.fields(cls):
        declared = field.metadata.get(REFERENCE)
        if declared is not None:
            out.append(ReferenceField(prefix + field.name, declared))
            continue
        inner = _nested_record(hints.get(field.name))
        if inner is not None:
            out.extend(_references(inner, f"{prefix}{field.name}."))
    return tuple(out)


def _nested_record(hint: Any) -> type[Any] | None:
    """The attrs class a ``tuple[X, ...]`` field holds, if it holds one."""
    if typing.get_origin(hint) is tuple:
        args = typing.get_args(hint)
        if args and attrs.has(args[0]):
            return typing.cast("type[Any]", args[0])
    return None


class Registry:
    """An ordered, read-only set of kinds.

    Iterates in the order collections are listed, read and checked.

    >>> from palermo.registry import KINDS
    >>> KINDS.of(KINDS.get("agencies").cls).label
    'agency'
    """

    __slots__ = ("_by_class", "_by_name", "_kinds")

    def __init__(self, kinds: Iterable[Kind]) -> None:
        self._kinds = tuple(kinds)
        self._by_name = {k.collection: k for k in self._kinds}
        self._by_class = {k.cls: k for k in self._kinds}
        if len(self._by_name) != len(self._kinds) or len(self._by_class) != len(self._kinds):
            raise ValueError("two kinds share a collection name or a class")

    def __iter__(self) -> Iterator[Kind]:
        return iter(self._kinds)

    def __len__(self) -> int:
        return len(self._kinds)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __repr__(self) -> str:
        return f"<Registry of {', '.join(self._by_name)}>"

    def get(self, collection: str) -> Kind:
        """The kind of a collection name; ``KeyError`` for another name."""
        return self._by_name[collection]

    def of(self, record_or_class: Any) -> Kind:
        """The kind of a record or record class; ``KeyError`` for another."""
        cls = record_or_class if isinstance(record_or_class, type) else type(record_or_class)
        return self._by_class[cls]

    def kind_of(self, record: Any) -> Kind | None:
        """The kind of ``record``, or ``None`` when it is not a record."""
        return self._by_class.get(type(record))

    @property
    def names(self) -> tuple[str, ...]:
        """The collection names, in order."""
        return tuple(self._by_name)

    @property
    def classes(self) -> tuple[type[Any], ...]:
        """The record classes, in order."""
        return tuple(self._by_class)

    def with_kind(self, kind: Kind) -> Registry:
        """A new registry with ``kind`` added at the end (this one is unchanged)."""
        return Registry((*self._kinds, kind))


_CUTS = (", supplementing ", ", especially ")
_PREFIXES = ("United Nations ", "UN ", "U.N. ")


def variants(*names: str | None) -> tuple[str, ...]:
    """The forms people write a name in: as given, without its
    "supplementing ..." or "especially ..." tail, a closing "on (or against)
    trafficking in persons" shortened to "... trafficking", and without a
    leading "United Nations" or "UN".

    >>> variants("United Nations Convention against Transnational Organized Crime")
    ('United Nations Convention against Transnational Organized Crime', 'Convention against Transnational Organized Crime')
    >>> variants("Special Rapporteur on trafficking in persons, especially women and children")[1:]
    ('Special Rapporteur on trafficking in persons', 'Special Rapporteur on trafficking')
    >>> variants("World Day against Trafficking in Persons")[1]
    'World Day against Trafficking'
    """
    out: list[str] = []
    for name in names:
        if not name:
            continue
        forms = [name]
        for cut in _CUTS:
            for form in list(forms):
                head, found, _ = form.partition(cut)
                if found:
                    forms.append(head)
        for form in list(forms):
            if form.lower().endswith(
                (" on trafficking in persons", " against trafficking in persons")
            ):
                forms.append(form[: -len(" in persons")])
        for form in list(forms):
            for prefix in _PREFIXES:
                if form.startswith(prefix) and len(form) > len(prefix) + 10:
                    forms.append(form[len(prefix) :])
        out.extend(f for f in forms if f not in out)
    return tuple(out)


def _sdg_names(r: SDGTarget) -> tuple[str, ...]:
    names = [r.code, f"SDG {r.code}", f"Target {r.code}"]
    for ind in r.indicators:
        # An indicator is found through its target, by code or by wording.
        names += [ind.code, f"SDG {ind.code}", f"Indicator {ind.code}", ind.text]
    return tuple(names)


def _first(*values: object) -> str:
    return next(str(v) for v in values if v)


def _statistic_title(s: Statistic) -> str:
    return f"{s.measure} = {s.value} {s.unit} ({s.date})"


_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

KINDS = Registry(
    (
        Kind(
            "sources",
            "sources.json",
            Source,
            "source",
            names=lambda r: (r.title, *((r.url,) if r.url else ())),
            title=lambda r: r.title,
            summary="the public documents every record cites",
        ),
        Kind(
            "instruments",
            "instruments.json",
            Instrument,
            "instrument",
            names=lambda r: (
                *variants(r.title, r.short_title, *r.aliases),
                *filter(None, (r.untc_ref,)),
            ),
            title=lambda r: _first(r.short_title, r.title),
            summary="treaties, declarations, plans and guidelines",
            events=(
                ("adopted", "adopted", 0),
                ("opened_for_signature", "opened for signature", 2),
                ("entry_into_force", "entered into force", 3),
            ),
        ),
        Kind(
            "resolutions",
            "resolutions.json",
            Resolution,
            "resolution",
            names=lambda r: (
                str(r.symbol),
                r.symbol.short,
                f"resolution {r.symbol.short}",
                r.title,
            ),
            title=lambda r: str(r.symbol),
            full_title=lambda r: f"{r.symbol}: {r.title}",
            events=(("adopted", "adopted", 0),),
            summary="resolutions and decisions of UN organs",
        ),
        Kind(
            "agencies",
            "agencies.json",
            Agency,
            "agency",
            names=lambda r: (*variants(r.name, *r.aliases), *filter(None, (r.acronym,))),
            title=lambda r: _first(r.acronym, r.name),
            full_title=lambda r: r.name + (f" ({r.acronym})" if r.acronym else ""),
            summary="organisations, offices, mechanisms and initiatives",
            events=(("established", "established", 1),),
            plural="agencies",
        ),
        Kind(
            "sdg_targets",
            "sdg_targets.json",
            SDGTarget,
            "SDG target",
            names=_sdg_names,
            title=lambda r: r.code,
            full_title=lambda r: f"Target {r.code}",
            summary="targets of the Sustainable Development Goals",
        ),
        Kind(
            "statistics",
            "statistics.json",
            Statistic,
            "statistic",
            names=lambda r: (),
            title=_statistic_title,
            summary="every figure, series by series",
        ),
        Kind(
            "mandate_holders",
            "mandate_holders.json",
            MandateHolder,
            "mandate holder",
            names=lambda r: (r.name,),
            title=lambda r: r.name,
            full_title=lambda r: f"{r.name} ({r.role})",
            events=(("term_start", "took up the mandate", 1), ("term_end", "left the mandate", 3)),
            summary="the people who held the mandates against trafficking",
        ),
        Kind(
            "observances",
            "observances.json",
            Observance,
            "observance",
            names=lambda r: variants(r.name, *r.aliases),
            title=lambda r: r.name,
            full_title=lambda r: f"{r.name} ({r.day} {_MONTHS[r.month - 1]})",
            events=(("established", "established", 1),),
            summary="the days observed every year, queryable by date",
        ),
        Kind(
            "disagreements",
            "disagreements.json",
            Disagreement,
            "disagreement",
            names=lambda r: (r.topic,),
            title=lambda r: r.topic,
            summary="where sources disagree",
        ),
    )
)
"""Every kind of record palermo ships, in the order files are read."""
