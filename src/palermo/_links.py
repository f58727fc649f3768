"""Named links between records, both ways, read from the declared references."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from .model import Record
from .registry import Registry

__all__ = ["Link", "link_graph"]


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


Link.__module__ = "palermo"


def _filled(name: str, owner: Any) -> str:
    return name.format_map({a.name: getattr(owner, a.name) for a in attrs.fields(type(owner))})


def link_graph(
    records: Iterable[Any], registry: Registry
) -> dict[str, tuple[tuple[str, str], ...]]:
    """Record id -> (link name, other id) for every declared reference, both ways.

    Citations come after the other links of a record, so that what a record
    is (adopted by, supplements...) is listed before what it cites.
    """
    edges: dict[str, list[tuple[str, str]]] = {}
    for record in records:
        kind = registry.kind_of(record)
        if kind is None:
            continue
        fields = sorted(kind.references, key=lambda f: f.reference.target == "sources")
        for field in fields:
            ref = field.reference
            for _, target, owner in field.values(record):
                name, inverse = ref.name, ref.inverse
                if "{" in name:
                    name, inverse = _filled(name, owner), _filled(inverse, owner)
                edges.setdefault(record.id, []).append((name, target))
                edges.setdefault(target, []).append((inverse, record.id))
    return {k: tuple(dict.fromkeys(v)) for k, v in edges.items()}
