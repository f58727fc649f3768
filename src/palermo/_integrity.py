"""The integrity rules that span records: unique ids and references that
resolve.

Rules about one record (an id's form, a record that cites no source, a
disagreement with one claim, a treaty in force before it was adopted) live
on the record classes as attrs validators, so they hold for records built in
Python too.
"""

from __future__ import annotations

from typing import Any

from .errors import DatasetError
from .registry import KINDS, Registry

__all__ = ["check", "overlaid"]


def overlaid(base: Any, other: Any) -> tuple[dict[str, tuple[Any, ...]], dict[str, str], Registry]:
    """The records, origins and registry of ``other`` laid over ``base``
    (two :class:`~palermo.Dataset`), checked.

    A record of ``other`` replaces the one with its id in ``base``; an id of
    ``other`` that names a record of another kind in ``base`` is the new
    record's mistake, reported in its own file.
    """
    registry: Registry = base.registry
    for kind in other.registry:
        if kind.collection not in registry:
            registry = registry.with_kind(kind)
    mine = {r.id: r for r in base.records()}
    for name, coll in other.collections():
        for r in coll:
            found = mine.get(r.id)
            if found is not None and type(found) is not type(r):
                raise DatasetError(
                    registry.get(name).file,
                    r.id,
                    "id",
                    f"duplicate id: {base.origin} has a {registry.of(found).label} with this id",
                )
    ours, theirs = dict(base.collections()), dict(other.collections())
    records: dict[str, tuple[Any, ...]] = {}
    origins = dict(base.origins)
    for kind in registry:
        new = tuple(theirs.get(kind.collection, ()))
        replaced = {r.id for r in new}
        old = ours.get(kind.collection, ())
        records[kind.collection] = tuple(r for r in old if r.id not in replaced) + new
        for r in new:
            origins[r.id] = other.origins.get(r.id, other.origin)
    check(records, registry)
    return records, origins, registry


def check(records: dict[str, tuple[Any, ...]], registry: Registry = KINDS) -> None:
    """Check the rules that span records (collection name -> records).

    Ids are unique across the whole dataset; every reference resolves to a
    record of the kind its field declares; a figure a disagreement calls
    rounded is not qualified exact.

    Raises:
        DatasetError: The first rule broken, naming file, record and field.

    >>> import palermo
    >>> from palermo._integrity import check
    >>> check({name: tuple(c) for name, c in palermo.bundled().collections()})
    """
    owner: dict[str, str] = {}
    for kind in registry:
        for r in records.get(kind.collection, ()):
            if r.id in owner:
                where = "" if owner[r.id] == kind.file else f" (also in {owner[r.id]})"
                raise DatasetError(kind.file, r.id, "id", f"duplicate id{where}")
            owner[r.id] = kind.file
    ids = {kind.collection: {r.id for r in records.get(kind.collection, ())} for kind in registry}
    for kind in registry:
        references = kind.references
        for r in records.get(kind.collection, ()):
            for field in references:
                target = field.reference.target
                pool = ids.get(target, set()) if target else owner
                for rid in field.ids(r):
                    if rid not in pool:
                        # Only now is the id's place worked out, for the message.
                        where = next(w for w, i, _ in field.values(r) if i == rid)
                        label = (
                            registry.get(target).label
                            if target is not None and target in registry
                            else "record"
                        )
                        raise DatasetError(kind.file, r.id, where, f"no {label} has id {rid!r}")
    _rounded_figures_are_not_exact(records, registry)


def _rounded_figures_are_not_exact(records: dict[str, tuple[Any, ...]], registry: Registry) -> None:
    # A figure a disagreement calls rounded is never served as exact.
    if "disagreements" not in registry or "statistics" not in registry:
        return
    stats = {s.id: s for s in records.get("statistics", ())}
    for d in records.get("disagreements", ()):
        for claim in d.claims:
            stat = stats.get(claim.statistic) if claim.statistic else None
            if (
                claim.status.value == "rounded"
                and stat is not None
                and stat.qualifier.value == "exact"
            ):
                raise DatasetError(
                    registry.get("statistics").file,
                    stat.id,
                    "qualifier",
                    f"disagreement {d.id} calls this figure rounded; it cannot be exact",
                )
