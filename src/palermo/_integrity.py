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

__all__ = ["check"]


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
                for where, rid, _ in field.values(r):
                    if rid not in pool:
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
