"""Comparing two datasets: added, removed and changed records, field by field."""

from __future__ import annotations

import copy
import json
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import palermo
from conftest import MINI, WriteFn
from palermo.converter import converter
from palermo.dataset import Dataset
from palermo.differences import CollectionDiff, DatasetDiff, FieldChange, RecordChange, diff
from palermo.testing import datasets

# Whole generated datasets are slow to draw: a quarter of the profile's budget.
WHOLE_DATASETS = max(10, settings.default.max_examples // 4)  # type: ignore[union-attr]


def _plain(record: Any) -> str:
    return json.dumps(converter.unstructure(record), sort_keys=True)


def mini(name: str) -> Any:
    return copy.deepcopy(MINI[name])


def test_same_data_is_an_empty_diff(write_dataset: WriteFn) -> None:
    a = palermo.load(write_dataset())
    b = palermo.load(write_dataset(dataset__json={"version": "next"}))
    d = diff(a, b)
    assert d.is_empty
    assert (d.old_version, d.new_version) == ("test", "next")
    assert [c.name for c in d.collections] == [n for n, _ in a.collections()]
    assert d.added == d.removed == ()
    assert d.changed == ()
    assert str(d) == "test -> next: no record added, removed or changed"


def test_added_removed_and_changed(write_dataset: WriteFn) -> None:
    old = palermo.load(write_dataset())
    stats = mini("statistics.json")
    stats[1]["value"] = 176
    stats[1]["qualifier"] = "at least"
    stats[1]["about"] = []
    del stats[2]  # p3
    stats.append({**mini("statistics.json")[2], "id": "p4", "date": "2018"})
    sources = mini("sources.json")
    sources.append({"id": "s3", "title": "New", "publisher": "P", "kind": "report"})
    new = palermo.load(
        write_dataset(
            dataset__json={"version": "v2"}, statistics__json=stats, sources__json=sources
        )
    )
    d = diff(old, new)
    assert not d.is_empty
    assert [r.id for r in d.added] == ["s3", "p4"]
    assert [r.id for r in d.removed] == ["p3"]
    assert [c.id for c in d.changed] == ["p2"]
    assert [r.id for r in d["statistics"].added] == ["p4"]
    assert [r.id for r in d["sources"].added] == ["s3"]
    assert d["instruments"].is_empty
    (change,) = d.changed
    assert change.old is old.statistics.get("p2")
    assert change.new is new.statistics.get("p2")
    assert change.changes == (
        FieldChange("value", 177, 176),
        FieldChange("qualifier", "exact", "at least"),
        FieldChange("about", ["tip-protocol"], []),
    )
    # Plain values only: the whole diff can be written as JSON.
    plain = json.loads(json.dumps(d.as_dict()))
    assert plain["new_version"] == "v2"
    assert sorted(plain["collections"]) == ["sources", "statistics"]
    assert plain["collections"]["statistics"]["removed"] == [mini("statistics.json")[2]]
    assert [r["id"] for r in plain["collections"]["statistics"]["added"]] == ["p4"]
    assert plain["collections"]["statistics"]["changed"]["p2"][0] == {
        "field": "value",
        "old": 177,
        "new": 176,
    }
    assert str(d).splitlines() == [
        "test -> v2: 2 added, 1 removed, 1 changed",
        "sources:",
        "  + s3",
        "statistics:",
        "  + p4",
        "  - p3",
        "  ~ p2",
        "      value: 177 -> 176",
        '      qualifier: "exact" -> "at least"',
        '      about: ["tip-protocol"] -> []',
    ]


def test_nested_changes_and_dates(write_dataset: WriteFn) -> None:
    old = palermo.load(write_dataset())
    targets = mini("sdg_targets.json")
    targets[0]["indicators"][0]["text"] = "Victims, by sex"
    instruments = mini("instruments.json")
    instruments[1]["entry_into_force"] = "2003-12"
    new = palermo.load(write_dataset(sdg_targets__json=targets, instruments__json=instruments))
    d = diff(old, new)
    (target,) = d["sdg_targets"].changed
    (field,) = target.changes
    assert field.field == "indicators"
    assert isinstance(field.new, list)
    assert field.new[0]["text"] == "Victims, by sex"
    (instrument,) = d["instruments"].changed
    assert instrument.changes == (FieldChange("entry_into_force", "2003-12-25", "2003-12"),)


def test_an_int_that_becomes_a_float_is_a_change(write_dataset: WriteFn) -> None:
    stats = mini("statistics.json")
    stats[0]["value"] = 178.0
    d = diff(palermo.load(write_dataset()), palermo.load(write_dataset(statistics__json=stats)))
    assert [c.id for c in d.changed] == ["p1"]
    assert d.changed[0].changes == (FieldChange("value", 178, 178.0),)


def test_direction(write_dataset: WriteFn) -> None:
    full = palermo.load(write_dataset())
    empty = palermo.load(write_dataset(disagreements__json=[]))
    assert [r.id for r in diff(full, empty).removed] == ["d1"]
    assert [r.id for r in diff(empty, full).added] == ["d1"]


def test_long_values_are_shortened_in_str() -> None:
    change = FieldChange("description", "", "x" * 500)
    text = str(change)
    assert len(text) < 150
    assert text.endswith("...")


def test_record_change_between_other_types() -> None:
    with pytest.raises(palermo.InvalidQueryError, match="cannot compare"):
        RecordChange.between(palermo.instruments.lookup("untoc"), palermo.agencies.lookup("unodc"))


def test_unknown_collection() -> None:
    d = DatasetDiff("a", "b", (CollectionDiff("sources"),))
    with pytest.raises(KeyError, match="sources"):
        d["nope"]


@pytest.mark.parametrize("bad", [None, "folder", {}])
def test_not_datasets(bad: Any) -> None:
    with pytest.raises(palermo.InvalidQueryError, match="Dataset"):
        diff(palermo.bundled(), bad)
    with pytest.raises(palermo.InvalidQueryError, match="Dataset"):
        diff(bad, palermo.bundled())


def test_the_diff_is_frozen() -> None:
    d = diff(palermo.bundled(), palermo.bundled())
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        d.old_version = "x"  # type: ignore[misc]


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=WHOLE_DATASETS)
@given(datasets(max_records=3), datasets(max_records=3))
def test_generated_datasets(
    a_records: dict[str, tuple[Any, ...]], b_records: dict[str, tuple[Any, ...]]
) -> None:
    a = Dataset(a_records, "a", None, "generated")
    b = Dataset(b_records, "b", None, "generated")
    assert diff(a, a).is_empty
    d = diff(a, b)
    for (name, coll_a), (_, coll_b) in zip(a.collections(), b.collections(), strict=True):
        ids_a, ids_b = set(coll_a.ids), set(coll_b.ids)
        part = d[name]
        assert {r.id for r in part.added} == ids_b - ids_a
        assert {r.id for r in part.removed} == ids_a - ids_b
        changed = {c.id for c in part.changed}
        assert changed <= ids_a & ids_b
        for rid in ids_a & ids_b:
            assert (rid in changed) == (_plain(coll_a.get(rid)) != _plain(coll_b.get(rid)))
    back = diff(b, a)
    assert {r.id for r in back.added} == {r.id for r in d.removed}
    assert [c.id for c in back.changed] == [c.id for c in d.changed]
