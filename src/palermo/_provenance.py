"""Which sources state one value of a record: :func:`palermo.evidence`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from ._text import shorten
from .errors import InvalidQueryError
from .model import Source
from .model._evidence import _NESTED, resolve, stated_fields
from .model._fields import OURS

if TYPE_CHECKING:
    from ._dataset import Dataset

__all__ = ["Evidence", "find_evidence"]

FIELD = "field"
"""The sources state this very field (field-level evidence)."""
RECORD = "record"
"""The record has no field-level evidence: its sources stand for all its fields."""
SELF = "self"
"""A source's own title, publisher, date or address: the source itself."""
OURS_BASIS = "ours"
"""Written by palermo (a description, a note, our classification): no source."""
NONE = "none"
"""The record has field-level evidence, but none for this field."""


@attrs.frozen
class Evidence:
    """The sources that state one value of a record, best first.

    Iterating gives the :class:`~palermo.Source` records.

    Attributes:
        record: The record asked about.
        field: The field asked about.
        value: The field's value.
        cites: Each source with its locator (``""`` when none is recorded).
        basis: How the sources were found: ``"field"`` (they state this
            field), ``"record"`` (the record has no field-level evidence and
            its sources stand for all its fields), ``"self"`` (a source's own
            fields), ``"ours"`` (palermo wrote the value: no source) or
            ``"none"`` (no source states it).

    >>> import palermo
    >>> ev = palermo.evidence("tip-protocol", "entry_into_force")
    >>> ev.basis, str(ev.value), ev.sources[0].id
    ('field', '2003-12-25', 'untc-xviii-12-a')
    """

    record: Any
    field: str
    value: Any
    cites: tuple[tuple[Source, str], ...]
    basis: str

    @property
    def sources(self) -> tuple[Source, ...]:
        """The sources, without their locators."""
        return tuple(source for source, _ in self.cites)

    @property
    def primary(self) -> tuple[Source, ...]:
        """The sources that are not secondary copies."""
        return tuple(s for s in self.sources if s.kind.primary)

    def __iter__(self) -> Iterator[Source]:
        return iter(self.sources)

    def __len__(self) -> int:
        return len(self.cites)

    def __str__(self) -> str:
        return f"{self.record.id}.{self.field} = {_shown(self.value)}: {len(self)} source(s), {self.basis}"


Evidence.__module__ = "palermo"


def _shown(value: Any) -> str:
    if isinstance(value, tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def _fields_of(record: Any) -> list[str]:
    names = list(stated_fields(type(record)))
    for e in getattr(record, "evidence", ()):
        if _NESTED.match(e.field):
            names.append(e.field)
    return names


def find_evidence(ds: Dataset, record: Any, field: str) -> Evidence:
    """See :meth:`palermo.Dataset.evidence`."""
    if not isinstance(field, str):
        raise InvalidQueryError(f"field must be a string, got {type(field).__name__}")
    cls = type(record)
    names = {a.name: a for a in attrs.fields(cls)}
    if field in names and names[field].metadata.get(OURS, False):
        return Evidence(record, field, getattr(record, field), (), OURS_BASIS)
    known, value = resolve(record, field)
    if not known:
        raise InvalidQueryError(
            f"{cls.__name__} {record.id} has no stated field {shorten(field, 60)}; "
            f"fields are: {', '.join(_fields_of(record))}"
        )
    if isinstance(record, Source):
        return Evidence(record, field, value, ((record, ""),), SELF)

    def cited(pairs: Any) -> tuple[tuple[Source, str], ...]:
        found = []
        for sid, locator in pairs:
            source = ds.sources.by_id(sid)
            if source is not None:
                found.append((source, locator))
        # Best first: the most primary kind of source, in the record's order.
        return tuple(sorted(found, key=lambda p: -p[0].kind.rank))

    evidence = getattr(record, "evidence", ())
    if not evidence:
        pairs = [(sid, "") for sid in getattr(record, "sources", ())]
        return Evidence(record, field, value, cited(pairs), RECORD)
    for item in evidence:
        if item.field == field:
            return Evidence(
                record, field, value, cited((c.source, c.locator) for c in item.cites), FIELD
            )
    # A nested field's value is stated by the evidence of the whole list.
    match = _NESTED.match(field)
    if match is not None:
        for item in evidence:
            if item.field == match.group(1):
                whole = [(c.source, c.locator) for c in item.cites]
                return Evidence(record, field, value, cited(whole), FIELD)
    return Evidence(record, field, value, (), NONE)
