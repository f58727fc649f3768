"""Reading and writing data files: JSON read safely, records structured by
the converter, and every problem turned into a :class:`~palermo.DatasetError`
that names the file, the record and the field."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import cattrs

from .converter import converter
from .errors import DatasetError, InvalidQueryError
from .model import PartialDate
from .model._fields import FieldError
from .registry import KINDS, Registry

if TYPE_CHECKING:
    from importlib.abc import Traversable

__all__ = [
    "MAX_FILE_BYTES",
    "META_FILE",
    "MISSING",
    "checked_records",
    "read_json",
    "read_meta",
    "read_records",
    "write_json",
]

T = TypeVar("T")

META_FILE = "dataset.json"
MAX_FILE_BYTES = 50_000_000

MISSING: Any = object()
"""What :func:`read_json` returns for a file that is not there (a file
holding ``null`` is not a missing file)."""


def _json_type(value: object) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "number")


def read_json(root: Traversable, name: str, required: bool) -> Any:
    """The JSON value of the file ``name`` under ``root``, or :data:`MISSING`.

    Refuses files over :data:`MAX_FILE_BYTES`, bad UTF-8, bad JSON, a key
    written twice in one object and integers too long to read.
    """
    path = root / name
    if not path.is_file():
        if required:
            raise DatasetError(name, None, None, "file is missing")
        if isinstance(path, Path) and path.exists():
            raise DatasetError(name, None, None, "not a file")
        return MISSING
    with path.open("rb") as fh:
        raw = fh.read(MAX_FILE_BYTES + 1)
    if len(raw) > MAX_FILE_BYTES:
        raise DatasetError(name, None, None, f"file is larger than {MAX_FILE_BYTES} bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DatasetError(name, None, None, f"not valid UTF-8 at byte {exc.start}") from None
    try:
        return json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as exc:
        raise DatasetError(
            name, None, None, f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        ) from None
    except _DuplicateKey as exc:
        raise DatasetError(name, exc.record, exc.key, "key appears twice in one object") from None
    except RecursionError:
        raise DatasetError(name, None, None, "not valid JSON: nested too deeply") from None
    except ValueError as exc:
        # An integer longer than Python converts (sys.get_int_max_str_digits)
        # raises a bare ValueError.
        raise DatasetError(name, None, None, f"not valid JSON: {exc}") from None


class _DuplicateKey(Exception):
    def __init__(self, record: str | None, key: str) -> None:
        self.record = record
        self.key = key


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json keeps the last of two equal keys without a word; a data file
    # that says one thing twice is a mistake to report, not to guess at.
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            rid = out.get("id")
            raise _DuplicateKey(rid if isinstance(rid, str) else None, key)
        out[key] = value
    return out


_FIELD_MARK = "\x00field:"


def _format_leaf(exc: BaseException, type_: Any) -> str:
    if isinstance(exc, FieldError):
        # A rule on the record class names its own field; carry it through
        # cattrs' message to where the path is put together.
        return f"{exc.message}{_FIELD_MARK}{exc.field}"
    if isinstance(exc, (ValueError, TypeError)) and not isinstance(
        exc, cattrs.errors.ForbiddenExtraKeysError
    ):
        return str(exc)
    return cattrs.v.format_exception(exc, type_)


def structure(name: str, index: int, raw: Any, cls: type[T]) -> T:
    """One record of file ``name`` (the ``index``-th), structured as ``cls``."""
    rid = raw.get("id") if isinstance(raw, dict) else None
    label = rid if isinstance(rid, str) and rid else f"#{index}"
    if not isinstance(raw, dict):
        raise DatasetError(name, label, None, f"expected an object, got {type(raw).__name__}")
    try:
        return converter.structure(raw, cls)
    except FieldError as exc:
        raise DatasetError(name, label, exc.field, exc.message) from None
    except cattrs.BaseValidationError as exc:
        first = cattrs.transform_error(exc, path="$", format_exception=_format_leaf)[0]
        problem, _, path = first.rpartition(" @ ")
        field = path.removeprefix("$").lstrip(".") or None
        problem = problem or first
        if _FIELD_MARK in problem:
            problem, _, inner = problem.partition(_FIELD_MARK)
            field = f"{field}.{inner}" if field else inner
        if field == "id" and isinstance(rid, str):
            label = rid  # a bad id is named as written, even when empty
        raise DatasetError(name, label, field, problem) from None
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise DatasetError(name, label, None, str(exc) or type(exc).__name__) from None


def read_records(
    root: Traversable, required: bool, registry: Registry = KINDS
) -> dict[str, tuple[Any, ...]]:
    """Every kind's records from ``root``: collection name -> records."""
    records: dict[str, tuple[Any, ...]] = {}
    for kind in registry:
        raw = read_json(root, kind.file, required)
        if raw is MISSING:
            records[kind.collection] = ()
            continue
        if not isinstance(raw, list):
            raise DatasetError(
                kind.file, None, None, f"expected a JSON array, got {_json_type(raw)}"
            )
        records[kind.collection] = tuple(
            structure(kind.file, i, item, kind.cls) for i, item in enumerate(raw)
        )
    return records


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


def write_json(path: Path, value: Any) -> None:
    """Write ``value`` as the bundled files are written (two-space indent, UTF-8)."""
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
