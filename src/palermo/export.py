"""Records as flat rows: for CSV files, spreadsheets and pandas.

A row is a :class:`dict` from column name to a plain value, one row per
record, every row with the same columns:

* ``record_type`` is the record's class name (``"Instrument"``), then come
  its fields in the order the class declares them (``kind`` is a field of
  some records, hence the longer name);
* strings, numbers, booleans and ``None`` stay as they are; enums become
  their values, dates, periods and symbols their text (``"2003-12-25"``,
  ``"2016/2018"``, ``"A/RES/55/25"``);
* a tuple of strings becomes one string, its items joined by
  :data:`SEPARATOR` (``" | "``; ids never contain it); ``()`` becomes ``""``;
* nested objects (an SDG target's ``indicators``, a disagreement's
  ``claims``) become JSON text, so nothing in them is lost;
* the ``sources`` field is replaced by two columns, so a citation never goes
  missing from an export: ``source_ids``, the ids of every source the record
  cites (its own, then those its claims cite), and ``sources``, each of
  those sources written out as ``title (publisher, date) <url>``, joined by
  ``" | "``. A :class:`~palermo.Source` row cites itself.

When records of several kinds are exported together, each row has every
column, ``None`` where its kind has no such field.

For the exact, typed values, use :data:`palermo.converter.converter` or
:func:`palermo.dump` instead: a row is for reading, not for reading back.

>>> import palermo
>>> from palermo.export import to_rows
>>> row = to_rows([palermo.lookup("Palermo Protocol")])[0]
>>> row["record_type"], row["kind"], row["entry_into_force"], row["supplements"]
('Instrument', 'protocol', '2003-12-25', 'untoc')
>>> row["source_ids"].split(" | ")[0]
'untc-xviii-12-a'
"""

from __future__ import annotations

import csv
import importlib
import json
import os
import typing
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

import attrs

from .converter import converter
from .dataset import Dataset, bundled
from .display import format_source
from .errors import InvalidQueryError
from .registry import Kind

__all__ = ["SEPARATOR", "format_source", "to_csv", "to_dataframe", "to_rows"]

SEPARATOR = " | "
"""What joins the items of a tuple, and the sources, in one cell."""

Row = dict[str, object]


def _cited(record: Any, kind: Kind) -> tuple[str, ...]:
    """Every source id a record cites, its nested records' included; a source cites itself."""
    if kind.collection == "sources":
        return (record.id,)
    ids = [
        rid
        # The record's own sources first, then its nested records'.
        for field in sorted(kind.references, key=lambda f: "." in f.path)
        if field.reference.target == "sources"
        for _, rid, _ in field.values(record)
    ]
    return tuple(dict.fromkeys(ids))


def _cell(value: Any, hint: Any) -> object:
    plain = converter.unstructure(value, unstructure_as=hint)
    if isinstance(plain, list):
        if all(isinstance(item, str) for item in plain):
            return SEPARATOR.join(plain)
        return json.dumps(plain, ensure_ascii=False)
    return plain


def _is_result(value: Any) -> bool:
    # Participation statuses, party counts and tallies give their own row.
    return callable(getattr(type(value), "as_row", None)) and not isinstance(value, type)


def _result_row(value: Any) -> Row:
    return {"record_type": type(value).__name__, **value.as_row()}


def _row(record: Any, dataset: Dataset) -> Row:
    cls = type(record)
    kind = dataset.registry.kind_of(record)
    if kind is None:
        raise InvalidQueryError(f"expected palermo records, got {cls.__name__}")
    hints = typing.get_type_hints(cls)
    row: Row = {"record_type": cls.__name__}
    for field in attrs.fields(cls):
        if field.name != "sources":
            row[field.name] = _cell(getattr(record, field.name), hints[field.name])
    ids = _cited(record, kind)
    rendered = []
    for sid in ids:
        source = dataset.sources.by_id(sid)
        if source is None:
            raise InvalidQueryError(
                f"{cls.__name__} {record.id} cites source {sid!r}, which is not in {dataset!r}; "
                "pass the dataset the records come from as dataset="
            )
        rendered.append(format_source(source))
    row["source_ids"] = SEPARATOR.join(ids)
    row["sources"] = SEPARATOR.join(rendered)
    return row


def to_rows(records: Iterable[object], *, dataset: Dataset | None = None) -> tuple[Row, ...]:
    """One flat row per record (see the module's notes for the columns).

    Args:
        records: Records, or a whole collection (``palermo.instruments``).
        dataset: The dataset the records come from, whose sources the rows
            cite; the bundled one by default.

    Participation results (:class:`~palermo.participation.ParticipationStatus`,
    :class:`~palermo.participation.PartyCount`,
    :class:`~palermo.participation.PartyTally`) give one row each too:
    participant, ISO codes, dates, kind of act, how far the record is
    complete, and sources; dates are ISO strings.

    Raises:
        InvalidQueryError: Something other than a record was given, or a
            record cites a source ``dataset`` does not hold.

    >>> import palermo
    >>> rows = to_rows(palermo.sdg_targets)
    >>> rows[0]["code"], list(rows[0])[-2:]
    ('16.2', ['source_ids', 'sources'])
    >>> rows[0]["indicators"][:19]
    '[{"code": "16.2.1",'
    """
    if dataset is not None and not isinstance(dataset, Dataset):
        raise InvalidQueryError(f"dataset must be a Dataset, not {type(dataset).__name__}")
    ds = bundled() if dataset is None else dataset
    if isinstance(records, (str, bytes)) or not isinstance(records, Iterable):
        raise InvalidQueryError(f"expected records, got {type(records).__name__}")
    rows = [_result_row(r) if _is_result(r) else _row(r, ds) for r in records]
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    if all(len(row) == len(columns) for row in rows):
        return tuple(rows)
    if any("source_ids" not in row for row in rows):
        return tuple({c: row.get(c) for c in columns} for row in rows)
    # Several kinds: give every row every column, keeping the citations last.
    order = [c for c in columns if c not in ("source_ids", "sources")] + ["source_ids", "sources"]
    return tuple({c: row.get(c) for c in order} for row in rows)


def to_csv(
    records: Iterable[object],
    path_or_file: str | os.PathLike[str] | TextIO,
    *,
    dataset: Dataset | None = None,
    spreadsheet_safe: bool = False,
) -> None:
    """Write :func:`to_rows` as CSV (UTF-8, a header row, ``None`` as empty).

    Args:
        records: Records, or a whole collection.
        path_or_file: A path to write, or an open text file (opened with
            ``newline=""``, as :mod:`csv` asks).
        dataset: As for :func:`to_rows`.
        spreadsheet_safe: Put a ``'`` before any cell that begins with ``=``,
            ``+``, ``-``, ``@``, a tab or a carriage return, so that a
            spreadsheet shows the text instead of running it as a formula.
            Off by default: the file then holds the data exactly.

    Nothing at all is written for no records: there are no columns to name.

    Raises:
        InvalidQueryError: As for :func:`to_rows`, or ``path_or_file`` is
            neither a path nor a text file.

    >>> import io, palermo
    >>> out = io.StringIO()
    >>> to_csv(palermo.resolutions.filter(id="a-res-55-25"), out)
    >>> out.getvalue().splitlines()[0][:45]
    'record_type,id,symbol,organ,adopted,title,ado'
    """
    if not isinstance(path_or_file, (str, os.PathLike)) and not callable(
        getattr(path_or_file, "write", None)
    ):
        raise InvalidQueryError(
            f"path_or_file must be a path or a text file, not {type(path_or_file).__name__}"
        )
    rows = to_rows(records, dataset=dataset)
    if spreadsheet_safe:
        rows = tuple({k: _inert(v) for k, v in row.items()} for row in rows)
    if isinstance(path_or_file, (str, os.PathLike)):
        with Path(path_or_file).open("w", encoding="utf-8", newline="") as fh:
            _write_csv(rows, fh)
    else:
        _write_csv(rows, path_or_file)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _inert(value: object) -> object:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _write_csv(rows: tuple[Row, ...], fh: TextIO) -> None:
    if not rows:
        return
    writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def to_dataframe(records: Iterable[object], *, dataset: Dataset | None = None) -> Any:
    """:func:`to_rows` as a :class:`pandas.DataFrame`, one row per record.

    pandas is an optional dependency (``pip install palermo[pandas]``); it
    is imported here, on first call, never by ``import palermo``.

    Dates stay text, as precise as their source (``"2000"``, ``"2000-11"``,
    ``"2000-11-15"``): a pandas datetime would invent a month and a day for
    a year. Parse them yourself where the precision allows
    (``pandas.to_datetime(df.entry_into_force, format="ISO8601")``).

    Args:
        records: Records of any kinds (a collection, a filter's result...).
        dataset: Where to read the cited sources from; by default the dataset each record came from.

    Raises:
        InvalidQueryError: pandas is not installed, or as :func:`to_rows`.

    >>> import importlib.util, palermo
    >>> if importlib.util.find_spec("pandas"):  # runs with or without pandas
    ...     df = to_dataframe(palermo.instruments).set_index("id")
    ...     assert df.loc["tip-protocol", "entry_into_force"] == "2003-12-25"
    """
    try:
        pandas = importlib.import_module("pandas")
    except ImportError as exc:
        raise InvalidQueryError(
            "to_dataframe needs pandas, which is not installed: pip install palermo[pandas]"
        ) from exc
    rows = to_rows(records, dataset=dataset)
    columns = list(rows[0]) if rows else ["record_type", "id", "source_ids", "sources"]
    return pandas.DataFrame.from_records(list(rows), columns=columns)
