"""Field-level evidence: which sources state which value of a record."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import attrs

from ._fields import OURS, FieldError, ref

__all__ = ["Cite", "FieldEvidence", "check_evidence", "stated_fields"]

# "indicators[16.2.2].text" or "indicators[0].text": a field of a nested record.
_NESTED = re.compile(r"\A(\w+)\[([^\]]+)\]\.(\w+)\Z")
_NOT_STATED = frozenset({"id", "sources", "evidence"})


@attrs.frozen
class Cite:
    """One source stating a value, with where in it.

    Attributes:
        source: Id of the :class:`~palermo.Source`.
        locator: Where the source states it (``"art. 17(2)"``, ``"para. 3"``,
            ``"status table"``), or ``""``.

    >>> import palermo
    >>> unts = next(e for e in palermo.instruments.get("tip-protocol").evidence if e.field == "unts")
    >>> unts.cites[0].source
    'untc-xviii-12-a'
    """

    source: str = attrs.field(metadata=ref("sources", "cites", "cited by"))
    locator: str = ""


def _cites(value: Iterable[Cite]) -> tuple[Cite, ...]:
    return tuple(value)


@attrs.frozen
class FieldEvidence:
    """The sources that state one field of a record.

    Attributes:
        field: The field (``"entry_into_force"``), or a field of a nested
            record by key or position (``"indicators[16.2.2].text"``).
        cites: The sources that state it, primary first.

    >>> import palermo
    >>> [e.field for e in palermo.instruments.get("tip-protocol").evidence][:2]
    ['title', 'adopted']
    """

    field: str
    cites: tuple[Cite, ...] = attrs.field(converter=_cites)


def stated_fields(cls: type[Any]) -> tuple[str, ...]:
    """The fields of ``cls`` that state facts (not ids, sources or our own words).

    >>> import palermo
    >>> stated_fields(palermo.Source)
    ('title', 'publisher', 'date', 'url')
    """
    found = _STATED.get(cls)
    if found is None:
        # A class's fields never change: worked out once a class, since
        # every record's evidence is checked against them when it is made.
        found = _STATED[cls] = tuple(
            a.name
            for a in attrs.fields(cls)
            if a.name not in _NOT_STATED and not a.metadata.get(OURS, False)
        )
    return found


_STATED: dict[type[Any], tuple[str, ...]] = {}


def _nested(record: Any, name: str, key: str) -> Any:
    items = getattr(record, name, None)
    if not isinstance(items, tuple):
        return None
    if key.isdigit() and int(key) < len(items):
        return items[int(key)]
    return next((i for i in items if getattr(i, "code", None) == key), None)


def resolve(record: Any, field: str) -> tuple[bool, Any]:
    """(whether ``field`` names a stated field of ``record``, its value)."""
    match = _NESTED.match(field)
    if match is not None:
        name, key, sub = match.groups()
        item = _nested(record, name, key)
        if item is None or not attrs.has(type(item)) or sub not in stated_fields(type(item)):
            return False, None
        return True, getattr(item, sub)
    if field not in stated_fields(type(record)):
        return False, None
    return True, getattr(record, field)


def check_evidence(record: Any) -> None:
    """The evidence rules of one record (raise :class:`FieldError`).

    Each field named is a stated field of the record and holds a value; each
    source cited is among the record's ``sources``; and, once a record has
    field-level evidence, every one of its sources states at least one field.
    """
    evidence: tuple[FieldEvidence, ...] = record.evidence
    if not evidence:
        return
    sources = set(record.sources)
    seen: set[str] = set()
    used: set[str] = set()
    for item in evidence:
        where = f"evidence.{item.field}"
        if item.field in seen:
            raise FieldError(where, "field named twice")
        seen.add(item.field)
        known, value = resolve(record, item.field)
        if not known:
            raise FieldError(
                where, f"{type(record).__name__} records have no stated field of that name"
            )
        if value is None or value == () or value == "":
            raise FieldError(where, "evidence for a field that holds no value")
        if not item.cites:
            raise FieldError(where, "cites no source")
        for cite in item.cites:
            if cite.source not in sources:
                raise FieldError(
                    where, f"cites {cite.source!r}, which is not in the record's sources"
                )
            used.add(cite.source)
    unused = [s for s in record.sources if s not in used]
    if unused:
        raise FieldError("sources", f"{unused[0]!r} supports no field in the record's evidence")


_CITES = ref("sources", "cites", "cited by")
"""The metadata of every record's ``sources`` field."""


def _evidence(value: Iterable[FieldEvidence]) -> tuple[FieldEvidence, ...]:
    return tuple(value)


def _evidence_rules(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    check_evidence(instance)
