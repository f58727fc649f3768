"""The dataset: reading it (:func:`load`, :func:`bundled`), writing it
(:func:`dump`), and the :class:`Dataset` class with its queries.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from ._dataset import FILES, Dataset
from ._io import (
    META_FILE,
    bundled_root,
    checked_records,
    encode_json,
    read_kind,
    read_meta,
    read_records,
    structure,
    write_files,
)
from ._once import Once, gc_paused
from ._text import shorten
from .errors import InvalidQueryError
from .registry import KINDS, Kind, Registry

if TYPE_CHECKING:
    from importlib.abc import Traversable
    from pathlib import Path

    from ._integrity import check
    from ._links import Link
    from ._time import Event, Snapshot

__all__ = [
    "FILES",
    "Dataset",
    "Event",
    "Link",
    "Snapshot",
    "bundled",
    "check",
    "dump",
    "load",
]


_LATER = {"check": "_integrity", "Link": "_links", "Event": "_time", "Snapshot": "_time"}


def __getattr__(name: str) -> Any:
    # Imported on first use: reading the bundled data needs none of them.
    if name in _LATER:
        import importlib

        return getattr(importlib.import_module(f".{_LATER[name]}", __package__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _load(
    root: Traversable,
    origin: str,
    required: bool,
    registry: Registry = KINDS,
    trusted: bool = False,
) -> Dataset:
    # Loading makes a great many objects and no garbage cycles; left on, the
    # cyclic collector walks them all again and again (a third of the time
    # of a load of 100,000 statistics). The pause is counted under a lock, so
    # loads in many threads at once always leave the collector as they found it.
    version, released = read_meta(root, required)
    if trusted:
        # The bundled data passes every check in the test suite
        # (tests/test_data.py reads it the strict way); each kind's file is
        # read when that kind is first used. A user's data is always checked.
        rows = {kind.collection: _reader(root, kind) for kind in registry}
        return Dataset(rows, version, released, origin, registry=registry)
    with gc_paused:
        records = read_records(root, required, registry)
        from ._integrity import check

        check(records, registry)
        return Dataset(records, version, released, origin, registry=registry)


def _reader(root: Traversable, kind: Kind) -> Callable[[], tuple[Any, ...]]:
    def read() -> tuple[Any, ...]:
        with gc_paused:
            return read_kind(root, kind, required=True, trusted=True)

    return read


def load(path: str | Path, *, over: Dataset | None = None, registry: Registry = KINDS) -> Dataset:
    """Read and check a dataset from a folder laid out like the bundled one.

    Files that are missing are empty collections; the checks are exactly
    those of the bundled data. With ``over`` (e.g. ``palermo.bundled()``),
    the folder's records are laid over that dataset (see
    :meth:`Dataset.overlay`), so a folder may add or correct a few records
    and cite the bundled sources.

    ``registry`` says which kinds of record to read (one file each); by
    default palermo's own, :data:`palermo.registry.KINDS`. A registry with a
    kind of your own (:meth:`~palermo.registry.Registry.with_kind`) reads,
    checks and links that kind like the others.

    Raises:
        DatasetError: A file is malformed or breaks an integrity rule; the
            message names the file, the record and the field.
        InvalidQueryError: ``path`` is not a folder.

    >>> import palermo, pathlib, tempfile
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "sources.json").write_text('[{"id": "s", "title": "T", '
    ...     '"publisher": "P", "kind": "web page"}]')
    >>> len(palermo.load(folder).sources)
    1
    """
    if not isinstance(registry, Registry):
        raise InvalidQueryError(f"registry must be a Registry, not {type(registry).__name__}")
    return _load_folder(path, over, registry)


def _load_folder(path: object, over: Dataset | None, registry: Registry) -> Dataset:
    folder = _folder(path)
    try:
        is_dir = folder.is_dir()
    except OSError as exc:
        raise InvalidQueryError(
            f"{shorten(str(path), 200)} cannot be read: {exc.strerror}"
        ) from None
    if not is_dir:
        raise InvalidQueryError(f"{shorten(str(path), 200)} is not a folder")
    if over is None:
        return _load(folder, str(folder), required=False, registry=registry)
    if not isinstance(over, Dataset):
        raise InvalidQueryError(f"over must be a Dataset, not {type(over).__name__}")
    # The folder alone may cite what only ``over`` has, so it is checked as
    # part of the overlay rather than on its own.
    version, released = read_meta(folder, required=False)
    records = read_records(folder, required=False, registry=registry)
    user = Dataset(records, version, released, str(folder), registry=registry)
    return over.overlay(user)


def _folder(path: object) -> Path:
    from pathlib import Path

    if not isinstance(path, (str, Path)):
        raise InvalidQueryError(f"path must be a str or Path, got {type(path).__name__}")
    # Path("") is the current folder: an empty argument must not quietly
    # read (or write) whatever is there.
    if not str(path).strip():
        raise InvalidQueryError("empty path: give a folder")
    if "\x00" in str(path):
        raise InvalidQueryError(
            f"{shorten(str(path), 200)} is not a folder: it holds a NUL character"
        )
    return Path(path)


def _read_bundled() -> Dataset:
    # The bundled files are palermo's own, written by dump() and read the
    # strict way by the test suite: they take the trusted path (see _io).
    return _load(bundled_root(), "palermo (bundled)", required=True, trusted=True)


_bundled = Once(_read_bundled)


def bundled() -> Dataset:
    """The dataset shipped with palermo, read on first use and then kept.

    Safe to call from many threads at once: the files are read once.

    >>> import palermo
    >>> palermo.bundled().version
    '2026.12.0'
    >>> palermo.bundled() is palermo.bundled()  # read once, then the same object
    True
    """
    return _bundled.get()


def dump(
    data: Dataset | dict[str, tuple[Any, ...]],
    path: str | Path,
    *,
    over: Dataset | None = None,
) -> None:
    """Write a dataset as a folder of data files that :func:`load` reads back.

    The files are formatted as the bundled ones are (sorted by id, two-space
    indent, fields equal to their default left out), so a change is a small,
    readable diff.

    >>> import palermo, pathlib, tempfile
    >>> folder = tempfile.mkdtemp()
    >>> palermo.dump(palermo.bundled(), folder)
    >>> text = pathlib.Path(folder, "observances.json").read_text(encoding="utf-8")
    >>> print(text[:81])
    [
      {
        "id": "eu-anti-trafficking-day",
        "name": "EU Anti-Trafficking Day",
    >>> palermo.load(folder).instruments.get("untoc").short_title
    'Organized Crime Convention'

    Raises:
        InvalidQueryError: ``path`` is not a str or Path, is empty or names
            something that is not a folder; ``data`` is not a dataset or a
            mapping of collection name to records of the right class.
        DatasetError: A record is one that :func:`load` would refuse (a
            dangling reference, a value of the wrong type, text that is not
            UTF-8); nothing is written then.
        OSError: A file in the folder cannot be written.

    The files are written to a new folder beside ``path`` and moved into
    place, so a failure never leaves a half-written dataset. Records meant to
    be laid over another dataset (``load(path, over=...)``) may cite its
    records: pass it as ``over`` so that their references are checked against it.
    """
    folder = _folder(path)
    registry = KINDS
    if isinstance(data, Dataset):
        registry = data._registry
        records = {name: tuple(coll) for name, coll in data.collections()}
        meta: dict[str, str] | None = {"version": data.version}
        if data.released is not None:
            meta = {"version": data.version, "released": str(data.released)}
    elif isinstance(data, Mapping):
        records = checked_records(data)
        meta = None
    else:
        raise InvalidQueryError(
            f"data must be a Dataset or a mapping of collection name to records, "
            f"got {type(data).__name__}"
        )
    if folder.exists() and not folder.is_dir():
        raise InvalidQueryError(f"{shorten(str(path), 200)} exists and is not a folder")
    # Everything is checked and encoded before anything is written: records
    # that load() would refuse, and text that is not UTF-8, fail here.
    from .converter import converter

    texts: dict[str, bytes] = {}
    if meta is not None:
        texts[META_FILE] = encode_json(META_FILE, meta)
    for kind in registry:
        rows = sorted(records.get(kind.collection, ()), key=lambda r: r.id)
        raw = [converter.unstructure(r) for r in rows]
        texts[kind.file] = encode_json(kind.file, raw)
        if not isinstance(data, Dataset):
            for i, row in enumerate(json.loads(texts[kind.file])):
                structure(kind.file, i, row, kind.cls)
    if not isinstance(data, Dataset):
        if over is not None and not isinstance(over, Dataset):
            raise InvalidQueryError(f"over must be a Dataset, not {type(over).__name__}")
        scope = dict(records)
        if over is not None:
            for name, coll in over.collections():
                mine = {r.id for r in records.get(name, ())}
                scope[name] = tuple(r for r in coll if r.id not in mine) + records.get(name, ())
        from ._integrity import check

        check(scope, registry)
    try:
        write_files(folder, texts)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise InvalidQueryError(f"cannot write to {shorten(str(path), 200)}: {reason}") from None
