"""The tables of a data package, made from the registry (see :mod:`palermo.datapackage`)."""

from __future__ import annotations

import datetime
import enum
import json
import typing
from collections.abc import Iterator
from typing import Any

import attrs

from .dataset import Dataset
from .model import FieldEvidence, PartialDate, Period, Symbol
from .registry import KINDS, Kind

__all__ = [
    "Table",
    "build_tables",
    "cell",
    "fields",
    "is_nested",
    "plain_columns",
    "table_type",
    "unwrap",
]

_TEXT = (PartialDate, Period, Symbol)


def _col(name: str, kind: str, required: bool = False) -> dict[str, Any]:
    spec: dict[str, Any] = {"name": name, "type": kind}
    if required:
        spec["constraints"] = {"required": True}
    return spec


@attrs.frozen
class Table:
    name: str
    fields: tuple[dict[str, Any], ...]
    rows: tuple[tuple[object, ...], ...]
    key: tuple[str, ...]
    foreign: tuple[dict[str, Any], ...] = ()
    description: str = ""

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any] = {"fields": list(self.fields), "primaryKey": list(self.key)}
        if self.foreign:
            out["foreignKeys"] = list(self.foreign)
        return out


def _fk(column: str, resource: str, field: str = "id") -> dict[str, Any]:
    return {"fields": column, "reference": {"resource": resource, "fields": field}}


def unwrap(hint: Any) -> tuple[Any, bool]:
    """The type without ``None``, and whether ``None`` was allowed."""
    args = typing.get_args(hint)
    if type(None) in args:
        rest = tuple(a for a in args if a is not type(None))
        return (rest[0] if len(rest) == 1 else typing.Union[rest]), True  # noqa: UP007
    return hint, False


def is_nested(hint: Any) -> bool:
    """A tuple of records nested in a record (indicators, claims); not evidence."""
    args = typing.get_args(hint)
    return (
        typing.get_origin(hint) is tuple
        and len(args) == 2
        and attrs.has(args[0])
        and args[0] is not FieldEvidence
    )


def table_type(hint: Any) -> str:
    """The Table Schema type of a field's values (the reader parses by it too)."""
    inner, _ = unwrap(hint)
    if inner is bool:
        return "boolean"
    if inner is int:
        return "integer"
    if inner is float or set(typing.get_args(inner)) == {int, float}:
        return "number"
    if typing.get_origin(inner) is tuple:
        return "array"
    return "string"


def _column(name: str, hint: Any, required: bool) -> dict[str, Any]:
    """A Table Schema field for one attrs field."""
    inner, _ = unwrap(hint)
    spec: dict[str, Any] = {"name": name, "type": table_type(hint)}
    if isinstance(inner, type) and issubclass(inner, enum.Enum):
        spec["constraints"] = {"enum": [m.value for m in inner]}
    elif inner in _TEXT:
        spec["description"] = {
            PartialDate: "A date as precise as the source: YYYY, YYYY-MM or YYYY-MM-DD.",
            Period: "A period: START/END, each a date.",
            Symbol: "A UN document symbol in its normal form.",
        }[inner]
    if required:
        spec.setdefault("constraints", {})["required"] = True
    return spec


def cell(value: Any) -> object:
    """One value as the CSV writer takes it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, _TEXT):
        return str(value)
    if isinstance(value, tuple):
        return json.dumps([_plain(v) for v in value], ensure_ascii=False)
    return value


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, enum.Enum) else value


def fields(cls: type[Any]) -> list[tuple[attrs.Attribute[Any], Any]]:
    hints = typing.get_type_hints(cls)
    return [(f, hints[f.name]) for f in attrs.fields(cls)]


def plain_columns(cls: type[Any]) -> list[tuple[attrs.Attribute[Any], Any]]:
    return [
        (f, h)
        for f, h in fields(cls)
        if h != tuple[FieldEvidence, ...] and not is_nested(h) and f.name != "sources"
    ]


def _single_id_keys(kind: Kind, prefix: str = "") -> tuple[dict[str, Any], ...]:
    """Foreign keys for the fields (of the record, or of its records nested
    under ``prefix``) that hold one id of a known kind; lists get link tables."""
    out = []
    for r in kind.references:
        head, _, name = r.path.rpartition(".")
        if head != prefix.rstrip(".") or r.reference.target in (None, "sources"):
            continue
        owner = kind.cls if not head else typing.get_args(typing.get_type_hints(kind.cls)[head])[0]
        if table_type(typing.get_type_hints(owner)[name]) != "array":
            out.append(_fk(name, r.reference.target))
    return tuple(out)


def _kind_table(kind: Kind, records: tuple[Any, ...]) -> Table:
    columns = plain_columns(kind.cls)
    specs = tuple(_column(f.name, h, f.default is attrs.NOTHING) for f, h in columns)
    foreign = _single_id_keys(kind)
    rows = tuple(tuple(cell(getattr(r, f.name)) for f, _ in columns) for r in records)
    return Table(kind.collection, specs, rows, ("id",), foreign, kind.summary)


def _nested_tables(kind: Kind, records: tuple[Any, ...]) -> Iterator[Table]:
    for attribute, hint in fields(kind.cls):
        if not is_nested(hint):
            continue
        field = attribute.name
        inner_cls = typing.get_args(hint)[0]
        columns = fields(inner_cls)
        parent = kind.label.replace(" ", "_")
        specs = (
            {"name": parent, "type": "string", "constraints": {"required": True}},
            _col("position", "integer", True),
            *(_column(f.name, h, f.default is attrs.NOTHING) for f, h in columns),
        )
        foreign = [_fk(parent, kind.collection), *_single_id_keys(kind, f"{field}.")]
        rows = tuple(
            (r.id, i, *(cell(getattr(item, f.name)) for f, _ in columns))
            for r in records
            for i, item in enumerate(getattr(r, field))
        )
        yield Table(
            field,
            specs,
            rows,
            (parent, "position"),
            tuple(foreign),
            f"the {field} of each {kind.label}",
        )


def _link_tables(kind: Kind, records: tuple[Any, ...]) -> Iterator[Table]:
    hints = typing.get_type_hints(kind.cls)
    for ref in kind.references:
        if "." in ref.path or ref.reference.target == "sources":
            continue
        if table_type(hints[ref.path]) != "array":
            continue  # a single id: a foreign key on the column itself
        target = ref.reference.target
        specs: list[dict[str, Any]] = [
            _col("id", "string", True),
            _col("position", "integer", True),
            _col("target", "string", True),
        ]
        foreign = [_fk("id", kind.collection)]
        if target is not None:
            foreign.append(_fk("target", target))
        rows = tuple((r.id, i, rid) for r in records for i, rid in enumerate(getattr(r, ref.path)))
        yield Table(
            f"{kind.collection}_{ref.path}",
            tuple(specs),
            rows,
            ("id", "position"),
            tuple(foreign),
            f"{kind.label} {ref.path}: one row per id ({ref.reference.name})",
        )


def _record_kind_column() -> dict[str, Any]:
    return {
        "name": "collection",
        "type": "string",
        "constraints": {"required": True, "enum": list(KINDS.names)},
    }


def _evidence_table(ds: Dataset) -> Table:
    specs = (
        _record_kind_column(),
        _col("record", "string", True),
        _col("field", "string", True),
        _col("position", "integer", True),
        _col("source", "string", True),
        _col("locator", "string"),
    )
    rows = tuple(
        (name, r.id, item.field, i, c.source, c.locator or "")
        for name, coll in ds.collections()
        for r in coll
        for item in getattr(r, "evidence", ())
        for i, c in enumerate(item.cites)
    )
    return Table(
        "evidence",
        specs,
        rows,
        ("collection", "record", "field", "position"),
        (_fk("source", "sources"),),
        "which sources state which field of which record",
    )


def _citation_table(ds: Dataset) -> Table:
    specs = (
        _record_kind_column(),
        _col("record", "string", True),
        _col("position", "integer", True),
        _col("source", "string", True),
    )
    rows = tuple(
        (name, r.id, i, sid)
        for name, coll in ds.collections()
        if name != "sources"
        for r in coll
        for i, sid in enumerate(r.sources)
    )
    return Table(
        "citations",
        specs,
        rows,
        ("collection", "record", "position"),
        (_fk("source", "sources"),),
        "every source each record cites",
    )


def _measure_table(ds: Dataset, on: datetime.date) -> Table:
    stats = ds.statistics
    specs = (
        _col("measure", "string", True),
        _col("observations", "integer"),
        _col("latest", "string"),
        _col("latest_date", "string"),
        _col("latest_value", "number"),
        _col("latest_unit", "string"),
    )
    rows = []
    for m in stats.measures:
        best = stats.as_of(m, on)
        rows.append(
            (
                m,
                len(stats.series(m)),
                best.id if best else "",
                str(best.date) if best else "",
                best.value if best else "",
                best.unit if best else "",
            )
        )
    return Table(
        "measures",
        specs,
        tuple(rows),
        ("measure",),
        (_fk("latest", "statistics"),),
        f"each statistic series and its best-supported value known on {on}",
    )


def _participation_tables(ds: Dataset, on: datetime.date) -> Iterator[Table]:
    from . import participation as p

    people = p.participants()
    yield Table(
        "participants",
        (
            _col("id", "string", True),
            _col("name", "string", True),
            _col("untc_name", "string"),
            _col("alpha_2", "string"),
            _col("alpha_3", "string"),
            _col("is_state", "boolean"),
        ),
        tuple(
            (
                x.id,
                x.name,
                cell(x.untc_name),
                cell(x.alpha_2),
                cell(x.alpha_3),
                cell(x.is_state),
            )
            for x in people
        ),
        ("id",),
        description="States and organisations with a recorded act",
    )
    ids = p.instrument_ids()
    tables = [p.table(i) for i in ids]
    yield Table(
        "participation_instruments",
        (
            _col("instrument", "string", True),
            _col("untc_ref", "string"),
            _col("title", "string"),
            _col("complete_until", "string"),
            _col("known_until", "string"),
            _col("sources", "array"),
        ),
        tuple(
            (
                t.instrument,
                t.untc_ref,
                t.title,
                str(t.complete_until),
                str(t.known_until),
                cell(t.sources),
            )
            for t in tables
        ),
        ("instrument",),
        (_fk("instrument", "instruments"),),
        "each instrument's record: complete until one date, partial to another",
    )
    acts = sorted(
        (a for x in people for a in p.history(x)),
        key=lambda a: (a.instrument, a.participant, a.date.sort_key(), a.kind.value),
    )
    yield Table(
        "participation_acts",
        (
            _col("instrument", "string", True),
            _col("participant", "string", True),
            _col("position", "integer", True),
            _col("kind", "string", True),
            _col("date", "string", True),
            _col("acted_as", "string"),
            _col("derived", "boolean"),
            _col("sources", "array"),
            _col("note", "string"),
        ),
        tuple(
            (
                a.instrument,
                a.participant,
                i,
                a.kind.value,
                str(a.date),
                cell(a.acted_as),
                cell(a.derived),
                cell(a.sources),
                a.note,
            )
            for i, a in enumerate(acts)
        ),
        ("position",),
        (
            _fk("instrument", "participation_instruments", "instrument"),
            _fk("participant", "participants"),
        ),
        "every recorded signature, ratification, accession...",
    )
    status_rows = []
    for i in ids:
        for x in p.participants(i):
            s = p.status(x, i, on=on)
            status_rows.append(
                (
                    i,
                    x.id,
                    str(s.on),
                    s.kind.value,
                    cell(s.last_known.value if s.last_known else None),
                    cell(s.party_since),
                    cell(s.signed),
                )
            )
    yield Table(
        "participation_status",
        (
            _col("instrument", "string", True),
            _col("participant", "string", True),
            _col("on", "date"),
            _col("status", "string", True),
            _col("last_known", "string"),
            _col("party_since", "string"),
            _col("signed", "string"),
        ),
        tuple(status_rows),
        ("instrument", "participant"),
        (
            _fk("instrument", "participation_instruments", "instrument"),
            _fk("participant", "participants"),
        ),
        f"each participant's standing on {on} ('unknown' after the complete record ends)",
    )
    count_rows = tuple(
        (i, str(c.date), c.parties, c.signatories, cell(c.complete))
        for i in ids
        for c in p.timeline(i)
    )
    yield Table(
        "party_counts",
        (
            _col("instrument", "string", True),
            _col("date", "string", True),
            _col("parties", "integer"),
            _col("signatories", "integer"),
            _col("complete", "boolean"),
        ),
        count_rows,
        ("instrument", "date"),
        (_fk("instrument", "participation_instruments", "instrument"),),
        "parties and signatories after each date on which they changed",
    )


def build_tables(ds: Dataset, on: datetime.date, participation: bool) -> list[Table]:
    out: list[Table] = []
    for kind in ds.registry:
        records = tuple(sorted(ds.collection(kind.collection), key=lambda r: r.id))
        out.append(_kind_table(kind, records))
        out.extend(_nested_tables(kind, records))
        out.extend(_link_tables(kind, records))
    out += [_citation_table(ds), _evidence_table(ds), _measure_table(ds, on)]
    if participation:
        out.extend(_participation_tables(ds, on))
    return out
