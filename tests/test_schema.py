"""The JSON Schemas: generated from the model, shipped current, and in
agreement with the loader on what a valid record is."""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
import types
from pathlib import Path
from typing import Any

import attrs
import cattrs
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import palermo
from palermo import schema as schema_module
from palermo.converter import RECORD_TYPES, converter
from palermo.dataset import FILES
from palermo.schema import schema, schemas
from palermo.testing import datasets

# Whole generated datasets are slow to draw: a quarter of the profile's budget.
WHOLE_DATASETS = max(10, settings.default.max_examples // 4)  # type: ignore[union-attr]

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "src" / "palermo" / "data" / "schema"
DATA = REPO / "src" / "palermo" / "data"
VALIDATORS = {
    name: jsonschema.Draft202012Validator(doc, format_checker=None)
    for name, doc in schemas().items()
}


def _script() -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(
        "build_schemas", REPO / "scripts" / "build_schemas.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_schemas", module)
    spec.loader.exec_module(module)
    return module


def _errors(type_name: str, raw: Any) -> list[str]:
    return [e.message for e in VALIDATORS[type_name].iter_errors(raw)]


# -- generation ------------------------------------------------------------------


def test_one_schema_per_record_type() -> None:
    assert list(schemas()) == [cls.__name__ for cls in RECORD_TYPES]


@pytest.mark.parametrize("cls", RECORD_TYPES, ids=lambda c: c.__name__)
def test_schema_follows_the_attrs_fields(cls: type[Any]) -> None:
    doc = schema(cls)
    jsonschema.Draft202012Validator.check_schema(doc)
    assert doc["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert doc["title"] == cls.__name__
    assert doc["additionalProperties"] is False
    fields = attrs.fields(cls)
    assert list(doc["properties"]) == [f.name for f in fields]
    assert doc["required"] == [f.name for f in fields if f.default is attrs.NOTHING]
    # Every field is documented in the class's Attributes: section.
    assert all(p.get("description") for p in doc["properties"].values())
    assert schema(cls.__name__) == doc


def test_types_map_to_json_schema() -> None:
    inst = schema("Instrument")["properties"]
    assert inst["legally_binding"] == {
        "type": "boolean",
        "description": "Whether it binds the States that join it.",
    }
    assert inst["kind"]["enum"] == [k.value for k in palermo.InstrumentKind]
    assert inst["aliases"]["type"] == "array"
    assert inst["aliases"]["default"] == []
    assert inst["adopted"]["anyOf"][0]["pattern"] == schema_module.DATE_PATTERN
    assert inst["adopted"]["anyOf"][1] == {"type": "null"}
    assert inst["untc_ref"]["type"] == ["string", "null"]
    stat = schema("Statistic")["properties"]
    assert stat["value"]["type"] == "number"
    assert stat["period"]["anyOf"][0]["pattern"].count("/") == 1
    target = schema("SDGTarget")
    assert target["properties"]["goal"]["type"] == "integer"
    assert target["properties"]["indicators"]["items"] == {"$ref": "#/$defs/Indicator"}
    assert target["$defs"]["Indicator"]["required"] == ["code", "text"]
    assert target["$defs"]["Indicator"]["additionalProperties"] is False
    claims = schema("Disagreement")["$defs"]["Claim"]["properties"]
    assert claims["status"]["enum"] == [s.value for s in palermo.ClaimStatus]


def test_each_call_gives_a_new_dict() -> None:
    doc = schema("Source")
    doc["properties"].clear()
    assert schema("Source")["properties"]


@pytest.mark.parametrize("bad", ["Indicator", "instrument", 3, None, dict])
def test_unknown_record_type(bad: Any) -> None:
    with pytest.raises(palermo.InvalidQueryError, match=r"not a record type.*Instrument"):
        schema(bad)


def test_a_type_without_a_rule_is_refused() -> None:
    with pytest.raises(TypeError, match="no JSON Schema rule"):
        schema_module._type_schema(complex, {})


# -- the shipped copies ------------------------------------------------------------


def test_shipped_files_are_current() -> None:
    script = _script()
    assert script.stale(SHIPPED) == ()
    for name, doc in schemas().items():
        text = (SHIPPED / f"{name}.json").read_text(encoding="utf-8")
        assert json.loads(text) == doc
        assert text == script.render(doc)


def test_build_script_writes_and_checks(tmp_path: Path) -> None:
    script = _script()
    out = tmp_path / "schema"
    assert script.main(["--output", str(out), "--check"]) == 1
    (out).mkdir()
    (out / "Gone.json").write_text("{}", encoding="utf-8")
    assert script.main(["--output", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.json" for n in schemas())
    assert script.main(["--output", str(out), "--check"]) == 0
    (out / "Source.json").write_text("{}\n", encoding="utf-8")
    assert script.main(["--output", str(out), "--check"]) == 1


# -- valid records -------------------------------------------------------------------


def test_every_bundled_record_validates() -> None:
    count = 0
    for record in palermo.bundled().records():
        raw = converter.unstructure(record)
        assert _errors(type(record).__name__, raw) == [], record.id
        count += 1
    assert count > 100


@pytest.mark.parametrize(("file", "cls"), [(f, c) for _, f, c in FILES])
def test_data_files_validate_as_they_are(file: str, cls: type[Any]) -> None:
    for raw in json.loads((DATA / file).read_text(encoding="utf-8")):
        assert _errors(cls.__name__, raw) == [], raw["id"]


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=WHOLE_DATASETS)
@given(datasets(max_records=3))
def test_generated_records_validate(records: dict[str, tuple[Any, ...]]) -> None:
    for coll in records.values():
        for record in coll:
            assert _errors(type(record).__name__, converter.unstructure(record)) == []


# -- broken records: the schema and the loader both refuse them -----------------------


def _base(cls: type[Any]) -> dict[str, Any]:
    # A bundled record that fills optional fields, so mutations have a target.
    by_id = {
        "Source": "untc-xviii-12-a",
        "Instrument": "tip-protocol",
        "Resolution": "a-res-55-25",
        "Agency": "unodc",
        "SDGTarget": "sdg-16.2",
        "Statistic": None,
        "Disagreement": "gpa-symbol",
        "MandateHolder": "sigma-huda",
        "Observance": "world-day-against-trafficking-in-persons",
    }
    rid = by_id[cls.__name__]
    if rid is None:
        record: Any = next(s for s in palermo.statistics if s.period is not None)
    else:
        record = palermo.lookup(rid)
    raw: dict[str, Any] = converter.unstructure(record)
    return copy.deepcopy(raw)


def _refused(cls: type[Any], raw: dict[str, Any]) -> None:
    assert _errors(cls.__name__, raw), f"the schema accepted {raw}"
    with pytest.raises((cattrs.BaseValidationError, ValueError, TypeError)):
        converter.structure(raw, cls)


def test_bases_are_valid() -> None:
    for cls in RECORD_TYPES:
        raw = _base(cls)
        assert _errors(cls.__name__, raw) == []
        converter.structure(raw, cls)


@pytest.mark.parametrize("cls", RECORD_TYPES, ids=lambda c: c.__name__)
def test_missing_required_field(cls: type[Any]) -> None:
    for name in schema(cls)["required"]:
        raw = _base(cls)
        del raw[name]
        _refused(cls, raw)


@pytest.mark.parametrize("cls", RECORD_TYPES, ids=lambda c: c.__name__)
def test_extra_field(cls: type[Any]) -> None:
    _refused(cls, {**_base(cls), "extra": 1})


# (record type, field path, bad value)
BROKEN: tuple[tuple[str, tuple[str | int, ...], Any], ...] = (
    # wrong types
    ("Instrument", ("legally_binding",), "yes"),
    ("Instrument", ("title",), 12),
    ("Instrument", ("aliases",), "Palermo Protocol"),  # not split into characters
    ("Instrument", ("aliases",), [1]),
    ("SDGTarget", ("goal",), "16"),
    ("SDGTarget", ("goal",), True),
    ("SDGTarget", ("deadline_year",), 2030.5),
    ("Statistic", ("value",), "178"),
    ("Statistic", ("value",), True),
    ("Statistic", ("value",), None),
    ("Source", ("url",), 3),
    ("Disagreement", ("claims",), "none"),
    ("Disagreement", ("claims", 0, "sources"), "s1"),
    # unknown fields inside nested objects
    ("SDGTarget", ("indicators", 0, "extra"), 1),
    ("Disagreement", ("claims", 1, "extra"), 1),
    # bad dates, periods and symbols
    ("Instrument", ("adopted",), "15/11/2000"),
    ("Instrument", ("entry_into_force",), "2003-12-25T00:00"),
    ("Resolution", ("adopted",), "20001115"),
    ("Resolution", ("adopted",), 2000),
    ("Source", ("date",), "May 2020"),
    ("Statistic", ("period",), "2016-2018"),
    ("Statistic", ("period",), "2016/2017/2018"),
    ("Resolution", ("symbol",), "A/RES/oops"),
    ("Resolution", ("symbol",), "X/RES/55/25"),
    # bad enum values
    ("Instrument", ("kind",), "Treaty"),
    ("Source", ("kind",), "book"),
    ("Resolution", ("organ",), "general assembly"),
    ("Statistic", ("qualifier",), "about"),
    ("Agency", ("kind",), "office"),
    ("Disagreement", ("claims", 0, "status"), "true"),
)


@pytest.mark.parametrize(("type_name", "path", "value"), BROKEN)
def test_broken_record(type_name: str, path: tuple[str | int, ...], value: Any) -> None:
    cls = next(c for c in RECORD_TYPES if c.__name__ == type_name)
    raw = _base(cls)
    target: Any = raw
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    _refused(cls, raw)


def test_the_shared_converter_is_read_only() -> None:
    before = palermo.content_hash()
    with pytest.raises(palermo.InvalidQueryError, match="make_converter"):
        converter.register_unstructure_hook(str, lambda s: s.upper())
    with pytest.raises(palermo.InvalidQueryError):
        converter.register_structure_hook_func(lambda t: True, lambda v, t: v)
    assert palermo.content_hash() == before


def test_a_converter_of_your_own_can_change() -> None:
    from palermo.converter import make_converter

    mine = make_converter()
    mine.register_unstructure_hook(palermo.PartialDate, lambda d: f"<{d}>")
    assert mine.unstructure(palermo.PartialDate(2020)) == "<2020>"
    assert converter.unstructure(palermo.PartialDate(2020)) == "2020"


# -- the schema and the loader agree, record by record ------------------------------------

# Values that broke the agreement once, and their neighbours: loose or
# impossible dates, loose or impossible symbols, odd numbers and odd text.
HOSTILE: tuple[Any, ...] = (
    " 2020",
    "2020-1-5",
    "2020-02-30",
    "2021-02-29",
    "2024-02-29",
    "2020-13",
    "2020-00",
    "\u0662\u0660\u0662\u0660",
    "2020\n",
    "2016/2018",
    "2018/2016",
    "2016/2016-13",
    "A/RES/55/0",
    "A/RES/55/25",
    "A/RES/055/25",
    "55/25",
    "resolution 55/25",
    "S/RES/2331 (2016)",
    "CTOC/COP decision 1/2",
    "CTOC/COP decision 0/2",
    "ok-id",
    "Bad Id",
    "a-res\n",
    "",
    "x",
    16,
    16.0,
    16.5,
    0,
    -1,
    10**20,
    1e300,
    True,
    None,
    [],
    [""],
    ["untc-xviii-12-a"],
    ["ok-id", "ok-id"],
    {},
    {"extra": 1},
)

# What load() checks that JSON Schema cannot say (see schema.LOAD_ONLY_RULES):
# the marks of those messages.
LOAD_ONLY_MARKS = (
    "is before",
    "before it starts",
    "has no day",
    "supports no field",
    "not in the record's sources",
    "no stated field of that name",
    "holds no value",
)


def _raw_records() -> list[tuple[type[Any], dict[str, Any]]]:
    out = []
    for _, file, cls in FILES:
        for raw in json.loads((DATA / file).read_text(encoding="utf-8")):
            out.append((cls, raw))
    return out


RAW = _raw_records()


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = []
    if isinstance(value, dict):
        for k, v in value.items():
            out.append((*prefix, k))
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(value, list):
        for i, v in enumerate(value[:3]):
            out.append((*prefix, i))
            out.extend(_paths(v, (*prefix, i)))
    return out


@st.composite
def mutated(draw: st.DrawFn) -> tuple[type[Any], dict[str, Any], str]:
    cls, raw = draw(st.sampled_from(RAW))
    raw = copy.deepcopy(raw)
    path = draw(st.sampled_from(_paths(raw)))
    parent: Any = raw
    for step in path[:-1]:
        parent = parent[step]
    op = draw(st.sampled_from(["replace", "replace", "replace", "delete", "add"]))
    if op == "delete":
        del parent[path[-1]]
    elif op == "add" and isinstance(parent, dict):
        parent[draw(st.sampled_from(["extra", "Id", "sources "]))] = draw(st.sampled_from(HOSTILE))
    else:
        parent[path[-1]] = copy.deepcopy(draw(st.sampled_from(HOSTILE)))
    return cls, raw, f"{op} {'.'.join(map(str, path))}"


@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_schema_and_loader_agree_on_every_mutation(
    case: tuple[type[Any], dict[str, Any], str],
) -> None:
    from palermo._io import structure

    cls, raw, how = case
    text = json.dumps(raw, allow_nan=False)  # what a file would hold
    by_schema = not _errors(cls.__name__, json.loads(text))
    try:
        structure("mutated.json", 0, json.loads(text), cls)
        by_loader, why = True, ""
    except palermo.DatasetError as exc:
        by_loader, why = False, str(exc)
    if by_schema == by_loader:
        return
    # The schema may accept what only the loader can refuse: rules across fields.
    assert by_schema, f"load() accepts what the schema refuses ({how}): {raw}"
    assert not by_loader
    assert any(mark in why for mark in LOAD_ONLY_MARKS), f"{how}: {why}"


def test_the_load_only_rules_are_documented() -> None:
    # Each mark the agreement test forgives is a rule the schema module lists.
    assert len(schema_module.LOAD_ONLY_RULES) >= 4
    text = " ".join(schema_module.LOAD_ONLY_RULES)
    for word in ("before", "month", "evidence", "references"):
        assert word in text
