"""palermo: a typed, offline, cited account of the international framework
against trafficking in persons.

The module-level collections (:data:`instruments`, :data:`resolutions`,
:data:`agencies`, :data:`sdg_targets`, :data:`statistics`, :data:`sources`,
:data:`disagreements`) and functions query the bundled dataset, which is
read on first use.

>>> import palermo
>>> palermo.lookup("Palermo Protocol").short_title
'Trafficking in Persons Protocol'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._collection import Collection
from ._version import code_version as _code_version
from .dataset import Dataset, bundled, dump, load
from .errors import (
    AmbiguousKeyError,
    DatasetError,
    InvalidQueryError,
    NotCoveredError,
    NotFoundError,
    PalermoError,
)
from .model import (
    Agency,
    AgencyKind,
    Cite,
    Claim,
    ClaimStatus,
    DateLike,
    Disagreement,
    FieldEvidence,
    Indicator,
    Instrument,
    InstrumentKind,
    MandateHolder,
    Observance,
    Organ,
    PartialDate,
    Period,
    Precision,
    Qualifier,
    Record,
    Resolution,
    SDGTarget,
    Source,
    SourceKind,
    Statistic,
    Symbol,
)
from .model._fields import RENDERERS as _RENDERERS
from .registry import KINDS as _KINDS

if TYPE_CHECKING:
    from . import participation
    from ._links import Link
    from ._provenance import Evidence
    from ._series import StatisticCollection
    from ._time import Event, Snapshot
    from .citation import cite, content_hash
    from .datapackage import export_package
    from .differences import CollectionDiff, DatasetDiff, FieldChange, RecordChange, diff
    from .export import to_csv, to_dataframe, to_rows
    from .schema import schema as json_schema
    from .schema import schemas as json_schemas

    sources: Collection[Source]
    instruments: Collection[Instrument]
    resolutions: Collection[Resolution]
    agencies: Collection[Agency]
    sdg_targets: Collection[SDGTarget]
    statistics: StatisticCollection
    disagreements: Collection[Disagreement]
    mandate_holders: Collection[MandateHolder]
    observances: Collection[Observance]
    DATA_VERSION: str
    DATA_RELEASED: PartialDate
    __version__: str

__all__ = [
    "Agency",
    "AgencyKind",
    "AmbiguousKeyError",
    "Cite",
    "Claim",
    "ClaimStatus",
    "Collection",
    "CollectionDiff",
    "DATA_RELEASED",
    "DATA_VERSION",
    "Dataset",
    "DatasetDiff",
    "DatasetError",
    "DateLike",
    "Disagreement",
    "Event",
    "Evidence",
    "FieldChange",
    "FieldEvidence",
    "Indicator",
    "Instrument",
    "InstrumentKind",
    "InvalidQueryError",
    "Link",
    "MandateHolder",
    "NotCoveredError",
    "NotFoundError",
    "Observance",
    "Organ",
    "PalermoError",
    "PartialDate",
    "Period",
    "Precision",
    "Qualifier",
    "Record",
    "RecordChange",
    "Resolution",
    "SDGTarget",
    "Snapshot",
    "Source",
    "SourceKind",
    "Statistic",
    "StatisticCollection",
    "Symbol",
    "__version__",
    "agencies",
    "at",
    "bundled",
    "cite",
    "content_hash",
    "diff",
    "disagreements",
    "dump",
    "evidence",
    "export_package",
    "indicator",
    "instruments",
    "json_schema",
    "json_schemas",
    "load",
    "lookup",
    "mandate_holders",
    "observances",
    "observed",
    "participation",
    "related",
    "resolutions",
    "sdg_targets",
    "search",
    "sources",
    "statistics",
    "timeline",
    "to_csv",
    "to_dataframe",
    "to_rows",
]

_COLLECTIONS = frozenset(_KINDS.names)

# Imported on first use, so that ``import palermo`` and a first lookup stay
# light (these need cattrs, the converter, or the notebook display).
_LAZY = {
    "cite": "citation",
    "content_hash": "citation",
    "diff": "differences",
    "CollectionDiff": "differences",
    "DatasetDiff": "differences",
    "FieldChange": "differences",
    "RecordChange": "differences",
    "to_csv": "export",
    "to_dataframe": "export",
    "to_rows": "export",
    "export_package": "datapackage",
    "Evidence": "_provenance",
    "Event": "_time",
    "Link": "_links",
    "Snapshot": "_time",
    "StatisticCollection": "_series",
    "participation": "participation",
}


# Public classes show the path users import them by (as zoneinfo does).
for _name in __all__:
    _obj = globals().get(_name)
    if isinstance(_obj, type) and _obj.__module__.startswith("palermo."):
        _obj.__module__ = __name__
del _name, _obj


def _render(kind: str) -> Any:
    # A record or collection shown in a notebook imports the display module,
    # which puts its own renderers in place of these.
    def render(obj: Any) -> str:
        from . import display  # noqa: F401  (it replaces these renderers)

        return _RENDERERS[kind](obj)

    return render


_RENDERERS.setdefault("html", _render("html"))
_RENDERERS.setdefault("collection", _render("collection"))


def __getattr__(name: str) -> Any:
    # The collections are attributes of the bundled dataset, read on first use.
    if name in _COLLECTIONS:
        # Kept as a module global once read: a module __getattr__ runs only
        # after the normal look-up has failed, which costs more than the
        # get() that follows. The bundled dataset is read once and never
        # replaced, so every later call would return this same object.
        value = getattr(bundled(), name)
        globals()[name] = value
        return value
    if name in _LAZY:
        import importlib

        module = importlib.import_module(f".{_LAZY[name]}", __name__)
        # Its classes name palermo as their module themselves.
        value = module if name == "participation" else getattr(module, name)
        globals()[name] = value
        return value
    if name in ("json_schema", "json_schemas"):
        from . import schema

        return getattr(schema, name.removeprefix("json_"))
    if name == "DATA_VERSION":
        return bundled().version
    if name == "DATA_RELEASED":
        return bundled().released
    if name == "__version__":
        found = _code_version()
        globals()["__version__"] = found
        return found
    raise AttributeError(f"module 'palermo' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(
        set(globals())
        | _COLLECTIONS
        | set(_LAZY)
        | {"DATA_VERSION", "DATA_RELEASED", "__version__", "json_schema", "json_schemas"}
    )


def lookup(key: str) -> Record:
    """Look ``key`` up across every kind of record (see :meth:`Dataset.lookup`).

    Args:
        key: An id, or any name a record answers to: title, short title,
            alias, acronym, symbol or code, in any case and spelling.

    Returns:
        The record ``key`` names, of whatever kind.

    Raises:
        NotFoundError: Nothing matches; it lists the closest names.
        AmbiguousKeyError: The name means several records of one kind.
        InvalidQueryError: ``key`` is empty or not a string.

    >>> import palermo
    >>> palermo.lookup("UNODC").name
    'United Nations Office on Drugs and Crime'
    """
    return bundled().lookup(key)


def search(text: str, limit: int = 10) -> tuple[Record, ...]:
    """Search every kind of record (see :meth:`Dataset.search`).

    Args:
        text: The query: words, typos tolerated.
        limit: How many records at most (a positive integer).

    Returns:
        The matching records of every kind, best first.

    Raises:
        InvalidQueryError: ``text`` is empty or not a string, or ``limit``
            is not a positive integer.

    >>> import palermo
    >>> palermo.search("world day")[0].id
    'world-day-against-trafficking-in-persons'
    """
    return bundled().search(text, limit)


def related(record: Record | str) -> tuple[Link, ...]:
    """The records linked to ``record`` (see :meth:`Dataset.related`).

    Args:
        record: A record, or its id.

    Returns:
        Each link, both ways, with its name and the record at its other end.

    Raises:
        NotFoundError: No record has that id.
        InvalidQueryError: ``record`` is neither a record nor a string.

    >>> import palermo
    >>> sorted({l.name for l in palermo.related("a-res-55-25")})[:2]
    ['adopts', 'cites']
    """
    return bundled().related(record)


def evidence(record: Record | str, field: str) -> Evidence:
    """The sources that state one field of a record (see :meth:`Dataset.evidence`).

    Args:
        record: A record, or its id.
        field: The name of one of its stated fields (``"adopted"``, ``"indicators[16.2.2].text"``).

    Raises:
        NotFoundError: No record has that id.
        InvalidQueryError: The record has no such stated field.

    >>> import palermo
    >>> [s.id for s in palermo.evidence("a-res-64-293", "adopted")][:1]
    ['un-press-ga10968']
    """
    return bundled().evidence(record, field)


def indicator(key: str) -> Indicator:
    """The SDG indicator named by ``key`` (see :meth:`Dataset.indicator`).

    Args:
        key: The indicator's code in any usual form (``"16.2.2"``,
            ``"SDG 16.2.2"``) or its wording.

    Raises:
        NotFoundError: No indicator matches; it lists the closest.
        InvalidQueryError: ``key`` is empty or not a string.

    >>> import palermo
    >>> palermo.indicator("8.7.1").text[:38]
    'Proportion and number of children aged'
    """
    return bundled().indicator(key)


def observed(on: DateLike | None = None) -> tuple[Observance, ...]:
    """The observances that fall on ``on``, default today (see :meth:`Dataset.observed`).

    Args:
        on: A day (``"2026-07-30"``, a ``datetime.date``); default today.

    Raises:
        InvalidQueryError: ``on`` is not a date, or is not a single day.

    >>> import palermo
    >>> [o.id for o in palermo.observed("2026-12-02")]
    ['international-day-for-the-abolition-of-slavery']
    """
    return bundled().observed(on)


def at(date: DateLike) -> Snapshot:
    """The framework as known on ``date`` (see :meth:`Dataset.at`).

    Args:
        date: The day (or month, or year) to look from.

    Returns:
        What was adopted, in force, established and counted by then.

    Raises:
        InvalidQueryError: ``date`` is not a date.

    >>> import palermo
    >>> len(palermo.at("1999").instruments), len(palermo.at("2020").instruments)
    (17, 41)
    """
    return bundled().at(date)


def timeline(start: DateLike | None = None, end: DateLike | None = None) -> tuple[Event, ...]:
    """Dated events across the framework (see :meth:`Dataset.timeline`).

    Args:
        start: Only events that may fall on or after this date.
        end: Only events that may fall on or before this date.

    Returns:
        The events in date order.

    Raises:
        InvalidQueryError: ``start`` or ``end`` is not a date, or ``end``
            comes before ``start``.

    >>> import palermo
    >>> str(palermo.timeline("2003-12-25", "2003-12-25")[0])
    '2003-12-25  Trafficking in Persons Protocol entered into force'
    """
    return bundled().timeline(start, end)
