"""What changed between two datasets: records added, removed and changed.

Records are matched by id within each collection; a changed record lists
its changed fields with the old and the new value as plain data (as the
converter writes them: dates as text, tuples as lists), ready for JSON or
for release notes.

>>> import palermo
>>> from palermo.differences import diff
>>> d = diff(palermo.bundled(), palermo.bundled())
>>> d.added, d.removed, d.changed
((), (), ())
"""

from __future__ import annotations

import json
import typing
from typing import Any

import attrs

from .converter import converter
from .dataset import Dataset
from .errors import InvalidQueryError
from .model import Record

__all__ = ["CollectionDiff", "DatasetDiff", "FieldChange", "RecordChange", "diff"]

_SHOWN = 100  # characters of a value that __str__ shows


@attrs.frozen
class FieldChange:
    """One field of a record, before and after.

    Attributes:
        field: The field's name.
        old: Its old value, as plain data.
        new: Its new value, as plain data.

    >>> str(FieldChange("adopted", "2000", "2000-11-15"))
    'adopted: "2000" -> "2000-11-15"'
    """

    field: str
    old: object
    new: object

    def __str__(self) -> str:
        return f"{self.field}: {_show(self.old)} -> {_show(self.new)}"


@attrs.frozen
class RecordChange:
    """A record present in both datasets whose fields differ.

    Attributes:
        id: The record's id.
        old: The record in the old dataset.
        new: The record in the new dataset.
        changes: The fields that differ, in the order the class declares them.

    >>> import palermo
    >>> import attrs
    >>> old = palermo.instruments.get("tip-protocol")
    >>> new = attrs.evolve(old, unts="2237 UNTS 320", aliases=old.aliases[:1])
    >>> for c in RecordChange.between(old, new).changes:
    ...     print(c)
    aliases: ["Palermo Protocol", "UN Trafficking in Persons Protocol", "UN Protocol against Trafficking in Pe... -> ["Palermo Protocol"]
    unts: "2237 UNTS 319" -> "2237 UNTS 320"
    """

    id: str
    old: Record
    new: Record
    changes: tuple[FieldChange, ...]

    @classmethod
    def between(cls, old: Record, new: Record) -> RecordChange:
        """Compare two versions of one record, field by field.

        Args:
            old: The earlier version.
            new: The later version, of the same type.

        Raises:
            InvalidQueryError: They are not records of the same type.
        """
        if type(old) is not type(new) or not attrs.has(type(old)):
            raise InvalidQueryError(
                f"cannot compare a {type(old).__name__} with a {type(new).__name__}"
            )
        hints = typing.get_type_hints(type(old))
        changes = []
        for f in attrs.fields(type(old)):
            before = converter.unstructure(getattr(old, f.name), unstructure_as=hints[f.name])
            after = converter.unstructure(getattr(new, f.name), unstructure_as=hints[f.name])
            # Compared as plain data, so that 1 and 1.0 count as different.
            if _canonical(before) != _canonical(after):
                changes.append(FieldChange(f.name, before, after))
        return cls(id=new.id, old=old, new=new, changes=tuple(changes))


@attrs.frozen
class CollectionDiff:
    """The changes in one collection.

    Attributes:
        name: The collection (``"instruments"``...).
        added: Records only in the new dataset, by id.
        removed: Records only in the old dataset, by id.
        changed: Records in both that differ, by id.

    >>> import palermo
    >>> c = CollectionDiff("instruments", added=(palermo.instruments.get("gpa"),))
    >>> print(c)
    instruments:
      + gpa
    >>> c.is_empty, CollectionDiff("instruments").is_empty
    (False, True)
    """

    name: str
    added: tuple[Record, ...] = ()
    removed: tuple[Record, ...] = ()
    changed: tuple[RecordChange, ...] = ()

    @property
    def is_empty(self) -> bool:
        """Whether nothing was added, removed or changed."""
        return not (self.added or self.removed or self.changed)

    def __str__(self) -> str:
        lines = [f"{self.name}:"]
        lines += [f"  + {r.id}" for r in self.added]
        lines += [f"  - {r.id}" for r in self.removed]
        for change in self.changed:
            lines.append(f"  ~ {change.id}")
            lines += [f"      {c}" for c in change.changes]
        return "\n".join(lines)


@attrs.frozen
class DatasetDiff:
    """What changed between two datasets (see :func:`diff`).

    Attributes:
        old_version: The old dataset's version.
        new_version: The new dataset's version.
        collections: One entry per collection, in the order of
            :meth:`Dataset.collections <palermo.Dataset.collections>`, empty
            ones included.

    >>> import palermo
    >>> d = diff(palermo.bundled(), palermo.bundled())
    >>> d.is_empty, len(d.collections), d["instruments"].added
    (True, 9, ())
    >>> print(d)
    2026.12.0 -> 2026.12.0: no record added, removed or changed
    """

    old_version: str
    new_version: str
    collections: tuple[CollectionDiff, ...]

    @property
    def is_empty(self) -> bool:
        """Whether no record was added, removed or changed.

        The versions are not compared: a new label on the same records is
        an empty diff.
        """
        return all(c.is_empty for c in self.collections)

    @property
    def added(self) -> tuple[Record, ...]:
        """Every added record, collection by collection."""
        return tuple(r for c in self.collections for r in c.added)

    @property
    def removed(self) -> tuple[Record, ...]:
        """Every removed record, collection by collection."""
        return tuple(r for c in self.collections for r in c.removed)

    @property
    def changed(self) -> tuple[RecordChange, ...]:
        """Every changed record, collection by collection."""
        return tuple(r for c in self.collections for r in c.changed)

    def as_dict(self) -> dict[str, Any]:
        """The diff as plain data, for JSON: whole records for the added and
        removed ones, the changed fields for the others; empty collections
        are left out.

        >>> import json, palermo
        >>> json.dumps(diff(palermo.bundled(), palermo.bundled()).as_dict())
        '{"old_version": "2026.12.0", "new_version": "2026.12.0", "collections": {}}'
        """
        collections: dict[str, Any] = {}
        for c in self.collections:
            if c.is_empty:
                continue
            collections[c.name] = {
                "added": [converter.unstructure(r) for r in c.added],
                "removed": [converter.unstructure(r) for r in c.removed],
                "changed": {
                    rc.id: [{"field": f.field, "old": f.old, "new": f.new} for f in rc.changes]
                    for rc in c.changed
                },
            }
        return {
            "old_version": self.old_version,
            "new_version": self.new_version,
            "collections": collections,
        }

    def __getitem__(self, name: str) -> CollectionDiff:
        for c in self.collections:
            if c.name == name:
                return c
        names = ", ".join(c.name for c in self.collections)
        raise KeyError(f"no collection {name!r}; the collections are {names}")

    def __str__(self) -> str:
        head = f"{self.old_version} -> {self.new_version}"
        if self.is_empty:
            return f"{head}: no record added, removed or changed"
        counts = (
            f"{len(self.added)} added, {len(self.removed)} removed, {len(self.changed)} changed"
        )
        parts = [f"{head}: {counts}"]
        parts += [str(c) for c in self.collections if not c.is_empty]
        return "\n".join(parts)


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def _show(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def diff(old: Dataset, new: Dataset) -> DatasetDiff:
    """Compare two datasets record by record.

    Records are matched by id within each collection; the added ones are
    those only in ``new``, the removed ones those only in ``old``, each
    sorted by id.

    Raises:
        InvalidQueryError: ``old`` or ``new`` is not a :class:`~palermo.Dataset`.

    >>> import attrs, palermo, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> protocol = palermo.instruments.get("tip-protocol")
    >>> palermo.dump({"instruments": (attrs.evolve(protocol, unts="2237 UNTS 320"),)},
    ...     folder, over=palermo.bundled())
    >>> print(diff(palermo.bundled(), palermo.load(folder, over=palermo.bundled())))
    2026.12.0 -> 2026.12.0+unversioned: 0 added, 0 removed, 1 changed
    instruments:
      ~ tip-protocol
          unts: "2237 UNTS 319" -> "2237 UNTS 320"
    """
    for what, ds in (("old", old), ("new", new)):
        if not isinstance(ds, Dataset):
            raise InvalidQueryError(f"{what} must be a palermo Dataset, got {type(ds).__name__}")
    new_collections = dict(new.collections())
    out = []
    for name, old_coll in old.collections():
        before = {r.id: r for r in old_coll}
        after = {r.id: r for r in new_collections[name]}
        changed = []
        for rid in sorted(before.keys() & after.keys()):
            # Every pair is compared as plain data: == on records would take
            # a value of 1 for 1.0.
            change = RecordChange.between(before[rid], after[rid])
            if change.changes:
                changed.append(change)
        out.append(
            CollectionDiff(
                name=name,
                added=tuple(after[i] for i in sorted(after.keys() - before.keys())),
                removed=tuple(before[i] for i in sorted(before.keys() - after.keys())),
                changed=tuple(changed),
            )
        )
    return DatasetDiff(old_version=old.version, new_version=new.version, collections=tuple(out))


# Shown as palermo.DatasetDiff and so on, the path users import them by,
# however this module was first imported.
for _cls in (FieldChange, RecordChange, CollectionDiff, DatasetDiff):
    _cls.__module__ = "palermo"
del _cls
