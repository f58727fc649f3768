"""The registry of kinds agrees with the record classes, and a new kind
registered in one place works everywhere."""

from __future__ import annotations

import json
import pathlib
import typing
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import palermo
from palermo.export import to_rows
from palermo.model import PartialDate, Reference, ref
from palermo.model._fields import REFERENCE
from palermo.registry import KINDS, Kind
from palermo.testing import records_of


def test_every_public_record_class_is_registered() -> None:
    registered = set(KINDS.classes)
    for name in palermo.__all__:
        obj = getattr(palermo, name)
        if isinstance(obj, type) and attrs.has(obj) and "sources" in attrs.fields_dict(obj):
            nested = any(obj in _nested_classes(cls) for cls in registered)
            assert obj in registered or nested, name


def _nested_classes(cls: type[Any]) -> set[type[Any]]:
    out = set()
    for hint in typing.get_type_hints(cls).values():
        args = typing.get_args(hint)
        if typing.get_origin(hint) is tuple and args and attrs.has(args[0]):
            out.add(args[0])
    return out


@pytest.mark.parametrize("kind", list(KINDS), ids=lambda k: k.collection)
def test_kind_agrees_with_its_class(kind: Kind) -> None:
    assert attrs.has(kind.cls)
    fields = attrs.fields_dict(kind.cls)
    assert "id" in fields
    assert kind.file == f"{kind.collection}.json"
    # Every record but a source cites sources through a declared reference.
    if kind.collection != "sources":
        assert fields["sources"].metadata[REFERENCE].target == "sources"
    hints = typing.get_type_hints(kind.cls)
    for field, _, stage in kind.events:
        assert PartialDate in (hints[field], *typing.get_args(hints[field])), field
        assert stage >= 0
    for reference in kind.references:
        target = reference.reference.target
        assert target is None or target in KINDS, reference.path
    # A Dataset has an attribute for each kind.
    assert getattr(palermo.bundled(), kind.collection) is palermo.bundled().collection(
        kind.collection
    )


def test_every_field_of_ids_is_a_declared_reference() -> None:
    # A field that holds ids of other records must say what they point to,
    # or the checks, links and catalogue would not know of it.
    named_like_ids = {"adopted_by", "supplements", "custodian", "parent", "statistic"}
    for kind in KINDS:
        for cls in (kind.cls, *_nested_classes(kind.cls)):
            for field in attrs.fields(cls):
                if field.name in ("appointed_by", "established_by"):  # who, in words
                    continue
                if field.name in named_like_ids or field.name.endswith("_by"):
                    assert REFERENCE in field.metadata, f"{cls.__name__}.{field.name}"


def test_names_and_titles_of_every_bundled_record() -> None:
    for kind in KINDS:
        for record in palermo.bundled().collection(kind.collection):
            assert all(isinstance(n, str) for n in kind.names(record))
            assert kind.title(record).strip()


# -- a throwaway kind, registered in one place --------------------------------


@attrs.frozen(kw_only=True)
class Commemoration:
    """A day of commemoration (a kind palermo does not ship)."""

    id: str
    name: str
    month: int
    day: int
    sources: tuple[str, ...] = attrs.field(
        converter=tuple, metadata=ref("sources", "cites", "cited by")
    )
    proclaimed_by: str | None = attrs.field(
        default=None, metadata=ref("resolutions", "proclaimed by", "proclaims commemoration")
    )


COMMEMORATIONS = Kind(
    "commemorations",
    "commemorations.json",
    Commemoration,
    "commemoration",
    names=lambda r: (r.name,),
    title=lambda r: r.name,
)
REGISTRY = KINDS.with_kind(COMMEMORATIONS)

WORLD_DAY = {
    "id": "world-day-tip",
    "name": "World Day against Trafficking in Persons",
    "month": 7,
    "day": 30,
    "sources": ["un-2020-world-day-observance"],
    "proclaimed_by": "a-res-68-192",
}


def _folder(tmp_path: pathlib.Path, rows: list[dict[str, Any]]) -> pathlib.Path:
    palermo.dump(palermo.bundled(), tmp_path)
    (tmp_path / "commemorations.json").write_text(json.dumps(rows), encoding="utf-8")
    return tmp_path


def test_a_new_kind_loads_and_is_looked_up(tmp_path: pathlib.Path) -> None:
    ds = palermo.load(_folder(tmp_path, [WORLD_DAY]), registry=REGISTRY)
    day = ds.collection("commemorations").get("world-day-tip")
    assert isinstance(day, Commemoration)
    assert ds.commemorations is ds.collection("commemorations")
    assert ds.collection("commemorations").lookup("world day against trafficking in persons") is day
    assert ds.registry is REGISTRY
    # The bundled registry is unchanged.
    assert "commemorations" not in KINDS


def test_a_new_kind_checks_its_references(tmp_path: pathlib.Path) -> None:
    bad = {**WORLD_DAY, "proclaimed_by": "a-res-0-0"}
    with pytest.raises(palermo.DatasetError) as info:
        palermo.load(_folder(tmp_path, [bad]), registry=REGISTRY)
    err = info.value
    assert (err.file, err.record, err.field) == (
        "commemorations.json",
        "world-day-tip",
        "proclaimed_by",
    )
    assert "no resolution has id 'a-res-0-0'" in str(err)


def test_a_new_kind_links_both_ways(tmp_path: pathlib.Path) -> None:
    ds = palermo.load(_folder(tmp_path, [WORLD_DAY]), registry=REGISTRY)
    out = [(link.name, link.record.id) for link in ds.related("world-day-tip")]
    assert ("proclaimed by", "a-res-68-192") in out
    assert ("cites", "un-2020-world-day-observance") in out
    back = [(link.name, link.record.id) for link in ds.related("a-res-68-192")]
    assert ("proclaims commemoration", "world-day-tip") in back


def test_a_new_kind_exports_with_its_sources(tmp_path: pathlib.Path) -> None:
    ds = palermo.load(_folder(tmp_path, [WORLD_DAY]), registry=REGISTRY)
    (row,) = to_rows(ds.collection("commemorations"), dataset=ds)
    assert row["record_type"] == "Commemoration"
    assert row["source_ids"] == "un-2020-world-day-observance"
    assert "World Day" in str(row["sources"])
    # And it is written back by dump.
    again = tmp_path / "again"
    palermo.dump(ds, again)
    assert json.loads((again / "commemorations.json").read_text(encoding="utf-8"))[0]["day"] == 30


def test_a_new_kind_survives_an_overlay(tmp_path: pathlib.Path) -> None:
    (tmp_path / "commemorations.json").write_text(json.dumps([WORLD_DAY]), encoding="utf-8")
    ds = palermo.load(tmp_path, over=palermo.bundled(), registry=REGISTRY)
    assert len(ds.collection("commemorations")) == 1
    assert len(ds.instruments) == len(palermo.instruments)


@settings(max_examples=25)
@given(
    st.data(),
)
def test_a_new_kind_gets_a_strategy(data: st.DataObject) -> None:
    refs = {"sources": ["s-1", "s-2"], "resolutions": ["r-1"]}
    record = data.draw(records_of(COMMEMORATIONS, refs=refs))
    assert isinstance(record, Commemoration)
    assert record.sources
    assert set(record.sources) <= {"s-1", "s-2"}
    assert record.proclaimed_by in (None, "r-1")


def test_references_are_declared_on_fields() -> None:
    declared = attrs.fields(palermo.Agency).parent.metadata[REFERENCE]
    assert declared == Reference("agencies", "part of", "has part")
