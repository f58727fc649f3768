"""Reading and writing data files: JSON read safely, records structured by
the converter, and every problem turned into a :class:`~palermo.DatasetError`
that names the file, the record and the field.

The bundled data, written by :func:`palermo.dump` and checked by the test
suite, is read by a lighter path (``trusted=True``): plain JSON and records
made straight from their classes, without cattrs. Anything that path cannot
read is read again the strict way, so a damaged file still gets the strict
path's error."""

from __future__ import annotations

import functools
import json
import os
import re
import sys
import typing
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from .errors import DatasetError, InvalidQueryError
from .model import Cite, FieldEvidence, PartialDate, Period, Symbol
from .model._fields import FieldError
from .registry import KINDS, Kind, Registry

if TYPE_CHECKING:
    from importlib.abc import Traversable
    from pathlib import Path

    import cattrs


__all__ = [
    "MAX_FILE_BYTES",
    "META_FILE",
    "MISSING",
    "bundled_root",
    "checked_records",
    "read_json",
    "read_meta",
    "encode_json",
    "read_records",
    "structure",
    "write_files",
]

T = TypeVar("T")

META_FILE = "dataset.json"
MAX_FILE_BYTES = 50_000_000

MISSING: Any = object()
"""What :func:`read_json` returns for a file that is not there (a file
holding ``null`` is not a missing file)."""


class _Folder:
    """The few things :func:`read_json` asks of a folder, done with
    :mod:`os.path`: reading the bundled files then needs neither pathlib nor
    importlib.resources (and none of what they import)."""

    __slots__ = ("name", "path")

    def __init__(self, path: str) -> None:
        self.path = path
        self.name = os.path.basename(path)

    def __truediv__(self, name: str) -> _Folder:
        return _Folder(os.path.join(self.path, name))

    def is_file(self) -> bool:
        return os.path.isfile(self.path)

    def open(self, mode: str = "rb") -> Any:
        return open(self.path, mode)

    def __fspath__(self) -> str:
        return self.path

    def __str__(self) -> str:
        return self.path


def bundled_root() -> Traversable:
    """The folder of the bundled data files.

    Read from the installed package's folder, or through
    :mod:`importlib.resources` when palermo is imported from a zip file.
    """
    here = os.path.join(os.path.dirname(__file__), "data")
    if os.path.isdir(here):
        found: Traversable = _Folder(here)  # type: ignore[assignment]
        return found
    import importlib.resources

    return importlib.resources.files("palermo") / "data"


def _read_capped(fh: Any) -> bytes:
    # Read by pieces: read(MAX_FILE_BYTES + 1) would ask for 50 MB at once
    # for a file of a few kilobytes.
    chunks: list[bytes] = []
    total = 0
    while total <= MAX_FILE_BYTES and (chunk := fh.read(1 << 20)):
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _json_type(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "number")


def read_json(root: Traversable, name: str, required: bool, trusted: bool = False) -> Any:
    """The JSON value of the file ``name`` under ``root``, or :data:`MISSING`.

    Refuses files over :data:`MAX_FILE_BYTES`, bad UTF-8, bad JSON, a key
    written twice in one object and integers too long to read. ``trusted``
    (the bundled data) skips the search for repeated keys and surrogates.
    """
    path = root / name
    try:
        if not path.is_file():
            from pathlib import Path

            if isinstance(path, Path) and path.is_symlink():
                # A link to nothing (or a loop) is a broken file, not a missing one.
                raise DatasetError(name, None, None, "a symbolic link to nothing (or a loop)")
            if required:
                raise DatasetError(name, None, None, "file is missing")
            if isinstance(path, Path) and path.exists():
                raise DatasetError(name, None, None, "not a file")
            return MISSING
        with path.open("rb") as fh:
            raw = _read_capped(fh)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        raise DatasetError(name, None, None, f"cannot be read: {reason}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise DatasetError(name, None, None, f"file is larger than {MAX_FILE_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
        del raw  # the bytes are not needed once decoded (a smaller peak)
    except UnicodeDecodeError as exc:
        raise DatasetError(name, None, None, f"not valid UTF-8 at byte {exc.start}") from None
    try:
        value = json.loads(text) if trusted else json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise DatasetError(
            name, None, None, f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except _DuplicateKey as exc:
        raise DatasetError(name, exc.record, exc.key, _TWICE) from None
    except RecursionError:
        raise DatasetError(name, None, None, "not valid JSON: nested too deeply") from None
    except ValueError as exc:
        # An integer longer than Python converts (sys.get_int_max_str_digits)
        # raises a bare ValueError.
        raise DatasetError(name, None, None, f"not valid JSON: {exc}") from None
    if trusted:
        return value
    if isinstance(value, list):
        for item in value:
            if isinstance(item, dict) and _DUP in item:
                rid = item.get("id")
                raise DatasetError(name, rid if isinstance(rid, str) else None, item[_DUP], _TWICE)
    if _ESCAPED_SURROGATE.search(text):
        # Only an escape can put a surrogate in decoded text; a pair of them is
        # one character, so walk the records only when one might be alone.
        _refuse_surrogates(name, value)
    return value


def _refuse_surrogates(name: str, value: Any) -> None:
    """A lone surrogate (``"\\ud800"``) reads as JSON but cannot be written as
    UTF-8 again: refuse it here, naming the record and field."""
    if not isinstance(value, list):
        return
    for index, item in enumerate(value):
        where = _surrogate_at(item, "")
        if where is not None:
            rid = item.get("id") if isinstance(item, dict) else None
            label = rid if isinstance(rid, str) and not _has_surrogate(rid) else f"#{index}"
            raise DatasetError(
                name, label, where.lstrip(".") or None, "text holds a lone surrogate (not UTF-8)"
            )


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def _surrogate_at(value: Any, path: str) -> str | None:
    if isinstance(value, str):
        return path if _has_surrogate(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            if _has_surrogate(key):
                return f"{path}.{key.encode('utf-8', 'backslashreplace').decode()}"
            found = _surrogate_at(item, f"{path}.{key}")
            if found is not None:
                return found
    elif isinstance(value, list):
        for i, item in enumerate(value):
            found = _surrogate_at(item, f"{path}[{i}]")
            if found is not None:
                return found
    return None


_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")
_DUP = "\x00duplicate-key"
_TWICE = "key appears twice in one object"


class _DuplicateKey(Exception):
    def __init__(self, record: str | None, key: str) -> None:
        self.record = record
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json keeps the last of two equal keys without a word; a data file
    # that says one thing twice is a mistake to report, not to guess at.
    # Objects are built inside out, so a key repeated in a nested object (a
    # claim, an indicator) is marked and reported by the record that holds it.
    out: dict[str, Any] = {}
    duplicate = None
    for key, value in pairs:
        if key in out:
            duplicate = duplicate or key
            continue  # the record is named by what it said first
        out[key] = value
        if duplicate is None and isinstance(value, (dict, list)):
            duplicate = _nested_duplicate(value)
    if duplicate is not None:
        rid = out.get("id")
        if isinstance(rid, str):
            raise _DuplicateKey(rid, duplicate)
        out[_DUP] = duplicate
    return out


def _nested_duplicate(value: Any) -> str | None:
    if isinstance(value, dict):
        found = value.get(_DUP)
        return found if isinstance(found, str) else None
    if isinstance(value, list):
        for item in value:
            found = _nested_duplicate(item)
            if found is not None:
                return found
    return None


_FIELD_MARK = "\x00field:"


def _format_leaf(exc: BaseException, type_: Any) -> str:
    import cattrs

    if isinstance(exc, FieldError):
        # A rule on the record class names its own field; carry it through
        # cattrs' message to where the path is put together.
        return f"{exc.message}{_FIELD_MARK}{exc.field}"
    if isinstance(exc, (ValueError, TypeError)) and not isinstance(
        exc, cattrs.errors.ForbiddenExtraKeysError
    ):
        return str(exc)
    return cattrs.v.format_exception(exc, type_)


_MAX_PROBLEM = 500


def _capped(problem: str) -> str:
    # 200,000 unknown keys make a message of megabytes: say how much is cut.
    if len(problem) <= _MAX_PROBLEM:
        return problem
    return f"{problem[:_MAX_PROBLEM]}... ({len(problem) - _MAX_PROBLEM} more characters)"


@functools.cache
def _converter() -> cattrs.Converter:
    # Imported on the first strict read, once: a load of 100,000 records
    # would otherwise run the import statement 100,000 times.
    from .converter import converter

    return converter


@functools.cache
def _cattrs() -> Any:
    import cattrs

    return cattrs


def structure(name: str, index: int, raw: Any, cls: type[T]) -> T:
    """One record of file ``name`` (the ``index``-th), structured as ``cls``."""
    rid = raw.get("id") if isinstance(raw, dict) else None
    label = rid if isinstance(rid, str) and rid else f"#{index}"
    if not isinstance(raw, dict):
        raise DatasetError(name, label, None, f"expected an object, got {type(raw).__name__}")
    try:
        return _converter().structure(raw, cls)
    except FieldError as exc:
        raise DatasetError(name, label, exc.field, exc.message) from None
    except _cattrs().BaseValidationError as exc:
        cattrs = _cattrs()
        first = cattrs.transform_error(exc, path="$", format_exception=_format_leaf)[0]
        problem, _, path = first.rpartition(" @ ")
        field = path.removeprefix("$").lstrip(".") or None
        problem = problem or first
        if _FIELD_MARK in problem:
            problem, _, inner = problem.partition(_FIELD_MARK)
            field = f"{field}.{inner}" if field else inner
        if field == "id" and isinstance(rid, str):
            label = rid  # a bad id is named as written, even when empty
        raise DatasetError(name, label, field, _capped(problem)) from None
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise DatasetError(name, label, None, str(exc) or type(exc).__name__) from None


_Make = Callable[[Any], Any]


def _maker(t: Any) -> _Make | None:
    """How to turn the JSON value of a field of type ``t`` into the value
    its class takes (``None``: as it is; the class's converters make tuples
    and enums)."""
    if t is PartialDate:
        return _date
    if t in (Period, Symbol):
        parse: _Make = t.parse
        return parse
    if t is str:
        return _shared
    if t == tuple[FieldEvidence, ...]:
        return _evidence
    if attrs.has(t):
        return _record_maker(t)
    args = typing.get_args(t)
    if typing.get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _maker(args[0])
        return None if item is None else lambda v: tuple(map(item, v))
    if type(None) in args and len(args) == 2:
        inner = _maker(next(a for a in args if a is not type(None)))
        return None if inner is None else lambda v: None if v is None else inner(v)
    return None


_SHORT = 64


def _shared(text: str) -> str:
    # Ids, units and field names recur thousands of times (every citation
    # names a source id): keep one string object for each. Long text is
    # almost never repeated and is left alone.
    return sys.intern(text) if len(text) <= _SHORT else text


# Equal values made while one file is read are made once: records are
# frozen, so they can share them (a date, the same citations). Emptied
# after each file.
_SEEN: dict[Any, Any] = {}


def _date(text: str) -> PartialDate:
    found = _SEEN.get(text)
    if found is None:
        found = _SEEN[text] = PartialDate.parse(text)
    return found


def _cites(cites: list[Any]) -> tuple[Cite, ...]:
    key = tuple(c if type(c) is str else (c["source"], c.get("locator", "")) for c in cites)
    found = _SEEN.get(key)
    if found is None:
        found = _SEEN[key] = tuple(
            Cite(_shared(c)) if type(c) is str else Cite(_shared(c[0]), c[1]) for c in key
        )
    return found


def _evidence(value: dict[str, list[Any]]) -> tuple[FieldEvidence, ...]:
    return tuple(FieldEvidence(_shared(field), _cites(cites)) for field, cites in value.items())


_MAKERS: dict[type[Any], _Make] = {}


def _record_maker(cls: type[Any]) -> _Make:
    """Make a ``cls`` from its JSON object through the class itself: its
    validators and converters run, cattrs is not needed. Built once a class."""
    made = _MAKERS.get(cls)
    if made is None:
        attrs.resolve_types(cls)
        makers = {a.alias: m for a in attrs.fields(cls) if (m := _maker(a.type)) is not None}

        def made(raw: dict[str, Any]) -> Any:
            return cls(**{k: (makers[k](v) if k in makers else v) for k, v in raw.items()})

        _MAKERS[cls] = made
    return made


def read_records(
    root: Traversable, required: bool, registry: Registry = KINDS
) -> dict[str, tuple[Any, ...]]:
    """Every kind's records from ``root``: collection name -> records."""
    return {kind.collection: read_kind(root, kind, required) for kind in registry}


def read_kind(
    root: Traversable, kind: Kind, required: bool, trusted: bool = False
) -> tuple[Any, ...]:
    """The records of one kind from its file under ``root``.

    ``trusted`` reads each record straight through its class (see the
    module's docstring); a record that fails is read again the strict way.
    """
    raw = read_json(root, kind.file, required, trusted)
    if raw is MISSING:
        return ()
    if not isinstance(raw, list):
        raise DatasetError(kind.file, None, None, f"expected a JSON array, got {_json_type(raw)}")
    if trusted:
        return _trusted(kind.file, raw, kind.cls)
    return tuple(structure(kind.file, i, item, kind.cls) for i, item in enumerate(raw))


def _trusted(name: str, raw: list[Any], cls: type[Any]) -> tuple[Any, ...]:
    make = _record_maker(cls)
    out = []
    try:
        for i, item in enumerate(raw):
            try:
                out.append(make(item))
            except Exception:  # the strict path says what is wrong
                out.append(structure(name, i, item, cls))
            raw[i] = None  # let each object go once its record is made (a smaller peak)
    finally:
        _SEEN.clear()
    return tuple(out)


def read_meta(root: Traversable, required: bool) -> tuple[str, PartialDate | None]:
    """The data version and release date from :data:`META_FILE`."""
    meta = read_json(root, META_FILE, required)
    if meta is MISSING:
        return "unversioned", None
    if not isinstance(meta, dict):
        raise DatasetError(META_FILE, None, None, f"expected a JSON object, got {_json_type(meta)}")
    unknown = sorted(set(meta) - {"version", "released"})
    if unknown:
        raise DatasetError(META_FILE, None, unknown[0], "unknown field")
    version = meta.get("version")
    if not isinstance(version, str) or not version.strip():
        raise DatasetError(META_FILE, None, "version", "expected a non-empty string")
    released = meta.get("released")
    try:
        return version, PartialDate.parse(released) if released is not None else None
    except (ValueError, TypeError) as exc:
        raise DatasetError(META_FILE, None, "released", str(exc)) from None


def checked_records(
    data: Mapping[Any, Any], registry: Registry = KINDS
) -> dict[str, tuple[Any, ...]]:
    """A user's mapping of collection name -> records, checked for :func:`palermo.dump`."""
    unknown = sorted(str(k) for k in data if k not in registry)
    if unknown:
        raise InvalidQueryError(
            f"no collection named {unknown[0]!r}; collections are: {', '.join(registry.names)}"
        )
    records: dict[str, tuple[Any, ...]] = {}
    for kind in registry:
        rows = data.get(kind.collection, ())
        if isinstance(rows, (str, bytes)) or not isinstance(rows, Iterable):
            raise InvalidQueryError(f"{kind.collection} must be a sequence of records")
        records[kind.collection] = tuple(rows)
        for row in records[kind.collection]:
            if not isinstance(row, kind.cls):
                raise InvalidQueryError(
                    f"{kind.collection} holds {kind.cls.__name__} records, not {type(row).__name__}"
                )
    return records


def encode_json(name: str, value: Any) -> bytes:
    """``value`` as the bundled files are written (two-space indent, UTF-8)."""
    text = json.dumps(value, indent=2, ensure_ascii=False) + "\n"
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        _refuse_surrogates(name, value if isinstance(value, list) else [value])
        raise DatasetError(name, None, None, "text is not UTF-8") from None


def write_files(folder: Path, texts: dict[str, bytes]) -> None:
    """Write the files of a dataset all at once: into a new folder beside
    ``folder``, then moved into place, so a failure leaves no half-written set."""
    import shutil
    import tempfile
    from pathlib import Path

    parent = folder.parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=parent))
    try:
        for name, data in texts.items():
            (staging / name).write_bytes(data)
        if not folder.exists():
            os.replace(staging, folder)
            return
        for name in texts:
            os.replace(staging / name, folder / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
