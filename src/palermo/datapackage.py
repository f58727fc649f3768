"""The dataset as a Frictionless Data Package: CSV tables any tool can read.

:func:`export_package` writes a folder that R, Stata, spreadsheets and SQL
engines read without Python: ``datapackage.json`` (the `Data Package
<https://specs.frictionlessdata.io/data-package/>`_ descriptor) and one CSV
file per table, each described by a Table Schema with its types, primary key
and foreign keys. The tables are made from the registry, so a new kind of
record gets its table with no change here:

* one table per kind (``instruments.csv``...): a column per field; a list of
  ids or words is a JSON array (``["untoc"]``), a date keeps its precision
  (``"2000"``, ``"2000-11"``, ``"2000-11-15"``);
* ``indicators`` and ``claims``: the records nested in SDG targets and
  disagreements, one row each, keyed by their parent and position;
* ``evidence``: which sources state which field of which record (with the
  locator where known), ``citations``: every source each record cites;
* one link table per reference field (``instruments_adopted_by``...), so
  that a foreign key checks every id a list holds;
* ``measures``: each statistic series with its best-supported latest value;
* ``participants``, ``participation_instruments``, ``participation_acts``,
  ``participation_status`` (each State's standing on the export day, with
  ``unknown`` where the record cannot say) and ``party_counts``.

The descriptor carries the data version, release date, content hash
(:func:`palermo.content_hash`), the release citation (:func:`palermo.cite`)
and the licence. :func:`read_package` reads the record tables back into a
:class:`~palermo.Dataset` equal to the one exported.

>>> import palermo, tempfile, json
>>> from palermo.datapackage import read_package
>>> folder = palermo.export_package(tempfile.mkdtemp())
>>> descriptor = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
>>> descriptor["name"], descriptor["resources"][0]["name"]
('palermo', 'sources')
>>> read_package(folder).statistics.as_of("tip-protocol.parties", "2020-12-31").value
178
"""

from __future__ import annotations

import csv
import datetime
import importlib
import json
import os
import shutil
import tempfile
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import attrs

from ._package_tables import Table, build_tables, is_nested, plain_columns, table_type, unwrap
from .citation import cite, content_hash
from .converter import converter
from .dataset import Dataset, bundled, load
from .errors import DatasetError, InvalidQueryError
from .registry import KINDS, Kind

__all__ = ["DESCRIPTOR", "export_package", "read_package"]

DESCRIPTOR = "datapackage.json"
"""The name of the package's descriptor file."""

_LICENCE = {
    "name": "MIT",
    "title": "MIT License",
    "path": "https://opensource.org/licenses/MIT",
}


def _write_csv(path: Path, table: Table) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow([f["name"] for f in table.fields])
        writer.writerows(table.rows)


def export_package(
    path: str | os.PathLike[str],
    *,
    dataset: Dataset | None = None,
    parquet: bool = False,
    on: datetime.date | None = None,
) -> Path:
    """Write the dataset as a Frictionless Data Package into the folder ``path``.

    Args:
        path: The folder to write (created if missing; files of the same
            names are replaced).
        dataset: The dataset to export; the bundled one by default. A user
            dataset has no participation tables.
        parquet: Also write each table as ``parquet/<table>.parquet``, for
            DuckDB, Spark or Polars (needs ``pyarrow``: ``pip install
            palermo[parquet]``).
        on: The day the ``participation_status`` and ``measures`` tables
            describe; today by default.

    Returns:
        The folder, as a :class:`pathlib.Path`.

    Raises:
        InvalidQueryError: ``dataset`` is not a :class:`~palermo.Dataset`,
            or ``parquet=True`` without ``pyarrow`` installed.
        OSError: The folder cannot be written.

    >>> import datetime, palermo, tempfile
    >>> folder = palermo.export_package(tempfile.mkdtemp(), on=datetime.date(2025, 1, 1))
    >>> (folder / "resolutions.csv").read_text(encoding="utf-8").splitlines()[0]
    'id,symbol,organ,adopted,title,adopts,establishes,proclaims,description'
    """
    ds = bundled() if dataset is None else dataset
    if not isinstance(ds, Dataset):
        raise InvalidQueryError(f"expected a palermo Dataset, got {type(ds).__name__}")
    if on is not None and not isinstance(on, datetime.date):
        raise InvalidQueryError(f"on must be a datetime.date, got {type(on).__name__}")
    day = on or datetime.date.today()
    pa = _pyarrow() if parquet else None
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    tables = build_tables(ds, day, participation=ds is bundled())
    resources = []
    for table in tables:
        _write_csv(folder / f"{table.name}.csv", table)
        resources.append(
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": table.description,
                "schema": table.schema(),
            }
        )
    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": "palermo",
        "title": "palermo: the international framework against trafficking in persons",
        "version": ds.version,
        # The descriptor's "created" is an RFC 3339 datetime: the release day.
        "created": (
            f"{ds.released}T00:00:00Z" if ds.released and ds.released.day is not None else None
        ),
        "licenses": [_LICENCE],
        "resources": resources,
        "palermo": {
            "content_hash": content_hash(ds),
            "citation": cite(dataset=ds),
            "released": str(ds.released) if ds.released else None,
            "status_on": day.isoformat(),
            "parquet": [f"parquet/{t.name}.parquet" for t in tables] if pa else [],
        },
    }
    if descriptor["created"] is None:
        del descriptor["created"]
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    (folder / DESCRIPTOR).write_text(text, encoding="utf-8")
    if pa is not None:
        _write_parquet(pa, folder, tables)
    return folder


def _pyarrow() -> Any:
    try:
        pyarrow = importlib.import_module("pyarrow")
        importlib.import_module("pyarrow.parquet")
    except ImportError:
        raise InvalidQueryError(
            "parquet=True needs pyarrow: pip install 'palermo[parquet]'"
        ) from None
    return pyarrow


_ARROW = {"integer": "int64", "number": "float64", "boolean": "bool_"}


def _write_parquet(pa: Any, folder: Path, tables: Iterable[Table]) -> None:
    (folder / "parquet").mkdir(exist_ok=True)
    for table in tables:
        columns = {}
        for i, spec in enumerate(table.fields):
            values = [row[i] for row in table.rows]
            kind = spec["type"]
            if kind in _ARROW:
                typed = [None if v == "" else _typed(kind, v) for v in values]
                columns[spec["name"]] = pa.array(typed, type=getattr(pa, _ARROW[kind])())
            else:
                columns[spec["name"]] = pa.array(
                    [None if v == "" else str(v) for v in values], type=pa.string()
                )
        pa.parquet.write_table(pa.table(columns), folder / "parquet" / f"{table.name}.parquet")


def _typed(kind: str, value: object) -> object:
    if kind == "boolean":
        return value == "true"
    if kind == "integer":
        return int(value)  # type: ignore[call-overload]
    return float(value)  # type: ignore[arg-type]


# -- reading back ------------------------------------------------------------------


def _read(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _value(text: str, hint: Any, default: Any) -> Any:
    """One cell read back by the type the writer gave its column."""
    if text == "":
        if unwrap(hint)[1]:
            return None
        if default is attrs.NOTHING:
            return ""
        return converter.unstructure(default)
    kind = table_type(hint)
    if kind == "boolean":
        return text == "true"
    if kind == "integer":
        return int(text)
    if kind == "number":
        number = float(text)
        return int(number) if "." not in text and "e" not in text.lower() else number
    if kind == "array":
        return json.loads(text)
    return text


def read_package(path: str | os.PathLike[str]) -> Dataset:
    """Read the record tables of a package written by :func:`export_package`.

    The records are checked as :func:`palermo.load` checks a folder; the
    participation and summary tables are not read (they are derived).

    Args:
        path: The folder that holds ``datapackage.json``.

    Raises:
        DatasetError: A table is missing or a record is malformed (named by
            table and record).

    >>> import palermo, tempfile
    >>> from palermo.datapackage import read_package
    >>> ds = read_package(palermo.export_package(tempfile.mkdtemp()))
    >>> str(ds.resolutions.get("a-res-55-25").symbol), ds.version
    ('A/RES/55/25', '2026.12.0')
    """
    folder = Path(path)
    try:
        descriptor = json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))
        evidence = _read(folder, "evidence")
        citations = _read(folder, "citations")
    except (OSError, ValueError) as exc:
        raise DatasetError(DESCRIPTOR, None, None, f"not a palermo data package: {exc}") from None
    stated: dict[tuple[str, str], dict[str, list[Any]]] = {}
    for row in evidence:
        cites = stated.setdefault((row["collection"], row["record"]), {}).setdefault(
            row["field"], []
        )
        cites.append(
            {"source": row["source"], "locator": row["locator"]}
            if row["locator"]
            else row["source"]
        )
    cited: dict[tuple[str, str], list[str]] = {}
    for row in citations:
        cited.setdefault((row["collection"], row["record"]), []).append(row["source"])
    out = Path(tempfile.mkdtemp(prefix="palermo-package-"))
    try:
        for kind in KINDS:
            records = _read_kind(folder, kind, stated, cited)
            (out / kind.file).write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
        meta = {"version": descriptor.get("version", "package")}
        released = descriptor.get("palermo", {}).get("released")
        if released:
            meta["released"] = released
        (out / "dataset.json").write_text(json.dumps(meta), encoding="utf-8")
        return load(out)
    except OSError as exc:
        raise DatasetError(str(folder), None, None, f"cannot be read: {exc}") from None
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _read_kind(
    folder: Path,
    kind: Kind,
    stated: dict[tuple[str, str], dict[str, list[Any]]],
    cited: dict[tuple[str, str], list[str]],
) -> list[dict[str, Any]]:
    hints = typing.get_type_hints(kind.cls)
    parent = kind.label.replace(" ", "_")
    # Each nested table read once and grouped by its parent, in position order.
    nested: dict[str, tuple[type[Any], dict[str, list[dict[str, str]]]]] = {}
    for f in attrs.fields(kind.cls):
        if is_nested(hints[f.name]):
            grouped: dict[str, list[dict[str, str]]] = {}
            for r in sorted(_read(folder, f.name), key=lambda r: int(r["position"])):
                grouped.setdefault(r[parent], []).append(r)
            nested[f.name] = (typing.get_args(hints[f.name])[0], grouped)
    records = []
    for row in _read(folder, kind.collection):
        raw: dict[str, Any] = {}
        for f, h in plain_columns(kind.cls):
            raw[f.name] = _value(row.get(f.name, ""), h, f.default)
        if "sources" in attrs.fields_dict(kind.cls):
            raw["sources"] = cited.get((kind.collection, raw["id"]), [])
        if "evidence" in attrs.fields_dict(kind.cls):
            raw["evidence"] = stated.get((kind.collection, raw["id"]), {})
        for name, (cls, by_parent) in nested.items():
            mine = by_parent.get(raw["id"], [])
            inner_hints = typing.get_type_hints(cls)
            raw[name] = [
                {
                    f.name: _value(r.get(f.name, ""), inner_hints[f.name], f.default)
                    for f in attrs.fields(cls)
                }
                for r in mine
            ]
        records.append(raw)
    return records
