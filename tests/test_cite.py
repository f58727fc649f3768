"""Citing the data release: each style parses, and the content hash moves
with the records and with nothing else."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import palermo
from conftest import MINI, WriteFn
from palermo.citation import STYLES, cite, content_hash
from palermo.dataset import Dataset
from palermo.testing import datasets

# Whole generated datasets are slow to draw: a quarter of the profile's budget.
WHOLE_DATASETS = max(10, settings.default.max_examples // 4)  # type: ignore[union-attr]

HEX64 = re.compile(r"^[0-9a-f]{64}$")


def _bibtex_fields(entry: str) -> tuple[str, str, dict[str, str]]:
    match = re.fullmatch(r"@(\w+)\{([^,\s]+),\n(.*)\n\}", entry, re.DOTALL)
    assert match is not None, entry
    fields = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", match.group(3), re.MULTILINE))
    assert len(fields) == match.group(3).count("\n") + 1
    return match.group(1), match.group(2), fields


def test_text() -> None:
    ds = palermo.bundled()
    text = cite()
    assert text == cite("text") == cite("text", dataset=ds)
    assert "\n" not in text
    assert "palermo dataset" in text
    assert f"version {ds.version}" in text
    assert f"released {ds.released}" in text
    assert f"palermo {palermo.__version__}" in text
    assert content_hash(ds) in text


def test_bibtex() -> None:
    ds = palermo.bundled()
    kind, key, fields = _bibtex_fields(cite("bibtex"))
    assert kind in ("misc", "dataset")
    assert key == f"palermo-{ds.version}"
    assert fields["version"] == ds.version
    assert fields["title"] == "palermo dataset"
    assert fields["author"] == "{The palermo developers}"
    assert ds.released is not None
    assert fields["year"] == str(ds.released.year)
    assert fields["date"] == str(ds.released)
    assert content_hash(ds) in fields["note"]
    assert palermo.__version__ in fields["note"]


def test_csl_json() -> None:
    ds = palermo.bundled()
    items = json.loads(cite("csl-json"))
    assert isinstance(items, list)
    (item,) = items
    assert item["type"] == "dataset"
    assert item["title"] == "palermo dataset"
    assert item["version"] == ds.version
    assert item["author"] == [{"literal": "The palermo developers"}]
    assert ds.released is not None
    assert item["issued"] == {
        "date-parts": [[ds.released.year, ds.released.month, ds.released.day]]
    }
    assert content_hash(ds) in item["note"]


@pytest.mark.parametrize("bad", ["bibtext", "", "TEXT", "apa", None, 3])
def test_unknown_style(bad: Any) -> None:
    with pytest.raises(palermo.InvalidQueryError, match="text, bibtex, csl-json"):
        cite(bad)


def test_every_style_is_deterministic() -> None:
    for style in STYLES:
        assert cite(style) == cite(style)
        assert not cite(style).endswith("\n")


def test_release_without_a_date_and_an_odd_version(write_dataset: WriteFn) -> None:
    ds = palermo.load(write_dataset(dataset__json={"version": "1.0_rc&{x}"}))
    assert "(n.d.)" in cite(dataset=ds)
    assert "released" not in cite(dataset=ds)
    _, key, fields = _bibtex_fields(cite("bibtex", dataset=ds))
    assert re.fullmatch(r"[A-Za-z0-9.\-]+", key)
    assert fields["version"] == r"1.0\_rc\&\{x\}"
    assert "year" not in fields
    (item,) = json.loads(cite("csl-json", dataset=ds))
    assert item["version"] == "1.0_rc&{x}"
    assert "issued" not in item


# -- the content hash ----------------------------------------------------------------


def test_content_hash_of_the_bundled_data() -> None:
    h = content_hash()
    assert HEX64.match(h)
    assert h == content_hash(palermo.bundled())


def test_content_hash_follows_the_records(write_dataset: WriteFn) -> None:
    base = content_hash(palermo.load(write_dataset()))

    def hash_with(**replace: Any) -> str:
        return content_hash(palermo.load(write_dataset(**replace)))

    stats = copy.deepcopy(MINI["statistics.json"])
    # Not a change: another release label, record order, an explicit default.
    assert hash_with(dataset__json={"version": "other", "released": "2030"}) == base
    assert hash_with(statistics__json=stats[::-1]) == base
    explicit = copy.deepcopy(stats)
    explicit[0]["qualifier"] = "exact"
    explicit[0]["area"] = "world"
    assert hash_with(statistics__json=explicit) == base
    # A change: one value, one more record, one record fewer.
    changed = copy.deepcopy(stats)
    changed[1]["value"] = 176
    assert hash_with(statistics__json=changed) != base
    more = [*stats, {**stats[2], "id": "p4"}]
    assert hash_with(statistics__json=more) != base
    assert hash_with(statistics__json=stats[:2]) != base


def test_content_hash_of_a_dumped_copy(tmp_path: Any) -> None:
    palermo.dump(palermo.bundled(), tmp_path)
    assert content_hash(palermo.load(tmp_path)) == content_hash()


def test_content_hash_refuses_other_things() -> None:
    with pytest.raises(palermo.InvalidQueryError, match="Dataset"):
        content_hash("palermo")  # type: ignore[arg-type]


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=WHOLE_DATASETS)
@given(datasets(max_records=3))
def test_content_hash_ignores_record_order(records: dict[str, tuple[Any, ...]]) -> None:
    forward = Dataset(records, "a", None, "generated")
    backward = Dataset({k: v[::-1] for k, v in records.items()}, "b", None, "generated")
    assert content_hash(forward) == content_hash(backward)
