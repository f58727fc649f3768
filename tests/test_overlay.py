"""Bringing your own data: a folder laid over the bundled dataset."""

from __future__ import annotations

import json
import pathlib
from typing import Any

import attrs
import pytest

import palermo
from palermo.converter import converter


def write(folder: pathlib.Path, name: str, rows: list[dict[str, Any]]) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(json.dumps(rows), encoding="utf-8")


@pytest.fixture
def user_folder(tmp_path: pathlib.Path) -> pathlib.Path:
    folder = tmp_path / "mine"
    write(
        folder,
        "sources.json",
        [
            {
                "id": "my-gazette",
                "title": "Official Gazette",
                "publisher": "A State",
                "kind": "treaty text",
                "url": "https://example.org/gazette",
            }
        ],
    )
    write(
        folder,
        "instruments.json",
        [
            {
                "id": "national-tip-act",
                "title": "National Anti-Trafficking Act",
                "short_title": "TIP Act",
                "kind": "convention",
                "legally_binding": True,
                "sources": ["my-gazette"],
                "adopted": "2019-03",
            }
        ],
    )
    icat_2020 = next(
        s for s in palermo.statistics.series("icat.members") if str(s.date).startswith("2020")
    )
    corrected = converter.unstructure(attrs.evolve(icat_2020, value=28))
    write(
        folder,
        "statistics.json",
        [
            corrected,
            {
                "id": "my-tip-count",
                "measure": "tip-protocol.parties",
                "value": 190,
                "unit": "parties",
                "date": "2030-01-01",
                "sources": ["my-gazette"],
                "about": ["tip-protocol"],
            },
        ],
    )
    return folder


def test_overlay_changes_exactly_what_it_brings(user_folder: pathlib.Path) -> None:
    base = palermo.bundled()
    before = {r.id: r for r in base.records()}
    mine = palermo.load(user_folder, over=base)
    after: dict[str, Any] = {r.id: r for r in mine.records()}
    added = set(after) - set(before)
    changed = {rid for rid in before if after.get(rid) != before[rid]}
    assert added == {"my-gazette", "national-tip-act", "my-tip-count"}
    assert len(changed) == 1
    (corrected,) = changed
    assert after[corrected].value == 28
    assert set(before) - set(after) == set()
    # The answers that depend on them change; others do not.
    assert mine.statistics.latest("tip-protocol.parties").value == 190
    assert mine.instruments.lookup("TIP Act").id == "national-tip-act"
    assert mine.lookup("Palermo Protocol") is base.lookup("Palermo Protocol")
    assert mine.origins["my-tip-count"] == str(user_folder)
    assert mine.origins[corrected] == str(user_folder)
    assert mine.origins["untoc"] == base.origin


def test_the_bundled_data_is_unchanged(user_folder: pathlib.Path) -> None:
    base = palermo.bundled()
    snapshot = {r.id: r for r in base.records()}
    palermo.load(user_folder, over=base)
    assert {r.id: r for r in palermo.bundled().records()} == snapshot
    assert palermo.instruments.get("national-tip-act") is None
    assert palermo.statistics.latest("tip-protocol.parties").value != 190


def test_a_malformed_overlay_names_the_problem(user_folder: pathlib.Path) -> None:
    base = palermo.bundled()
    write(
        user_folder,
        "statistics.json",
        [
            {
                "id": "bad",
                "measure": "m",
                "value": 1,
                "unit": "u",
                "date": "2020",
                "sources": ["nowhere"],
            }
        ],
    )
    with pytest.raises(palermo.DatasetError) as info:
        palermo.load(user_folder, over=base)
    assert (info.value.file, info.value.record, info.value.field) == (
        "statistics.json",
        "bad",
        "sources[0]",
    )
    assert palermo.statistics.get("bad") is None


def test_an_overlay_cannot_reuse_an_id_of_another_kind(user_folder: pathlib.Path) -> None:
    write(
        user_folder,
        "agencies.json",
        [
            {
                "id": "untoc",
                "name": "Not a convention",
                "kind": "initiative",
                "sources": ["my-gazette"],
            }
        ],
    )
    with pytest.raises(palermo.DatasetError, match="duplicate id"):
        palermo.load(user_folder, over=palermo.bundled())


def test_overlay_rejects_non_datasets() -> None:
    with pytest.raises(palermo.InvalidQueryError):
        palermo.bundled().overlay("folder")  # type: ignore[arg-type]
    with pytest.raises(palermo.InvalidQueryError):
        palermo.load(".", over="x")  # type: ignore[arg-type]
