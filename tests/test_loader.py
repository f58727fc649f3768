"""Reading and checking data files: every malformed file gives a DatasetError
that names the file, the record and the field."""

from __future__ import annotations

import copy
import json
import pathlib
import threading
import time
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import palermo
import palermo._io
from conftest import MINI, WriteFn
from palermo._once import Once
from palermo.converter import converter
from palermo.registry import KINDS
from palermo.testing import datasets


def mini(name: str) -> Any:
    return copy.deepcopy(MINI[name])


def test_mini_dataset_loads(write_dataset: WriteFn) -> None:
    ds = palermo.load(write_dataset())
    assert ds.version == "test"
    counts = {name: len(c) for name, c in ds.collections()}
    assert list(counts.values()) == [2, 2, 1, 1, 1, 3, 0, 0, 1]
    # No file: an empty collection.
    assert counts["mandate_holders"] == counts["observances"] == 0


def expect(
    folder: pathlib.Path, file: str, record: str | None, field: str | None, match: str
) -> None:
    with pytest.raises(palermo.DatasetError, match=match) as info:
        palermo.load(folder)
    err = info.value
    assert (err.file, err.record, err.field) == (file, record, field)
    assert isinstance(err, ValueError)
    assert file in str(err)


def test_truncated_file(write_dataset: WriteFn) -> None:
    text = json.dumps(MINI["instruments.json"])
    folder = write_dataset(instruments__json=text[: len(text) // 2].encode())
    expect(folder, "instruments.json", None, None, "not valid JSON")


def test_invalid_encoding(write_dataset: WriteFn) -> None:
    folder = write_dataset(sources__json=b'[{"id": "\xff"}]')
    expect(folder, "sources.json", None, None, "not valid UTF-8")


def test_not_an_array(write_dataset: WriteFn) -> None:
    expect(write_dataset(agencies__json={"id": "x"}), "agencies.json", None, None, "JSON array")


def test_record_not_an_object(write_dataset: WriteFn) -> None:
    expect(write_dataset(agencies__json=[3]), "agencies.json", "#0", None, "expected an object")


def test_wrong_type(write_dataset: WriteFn) -> None:
    rows = mini("instruments.json")
    rows[0]["legally_binding"] = "yes"
    expect(
        write_dataset(instruments__json=rows),
        "instruments.json",
        "untoc",
        "legally_binding",
        "true or false",
    )


def test_wrong_type_nested(write_dataset: WriteFn) -> None:
    rows = mini("sdg_targets.json")
    rows[0]["indicators"][0]["text"] = 5
    expect(
        write_dataset(sdg_targets__json=rows),
        "sdg_targets.json",
        "sdg-16.2",
        "indicators[0].text",
        "expected a string",
    )


def test_unknown_field(write_dataset: WriteFn) -> None:
    rows = mini("resolutions.json")
    rows[0]["adoptd"] = "2000"
    expect(write_dataset(resolutions__json=rows), "resolutions.json", "a-res-55-25", None, "adoptd")


def test_missing_field(write_dataset: WriteFn) -> None:
    rows = mini("resolutions.json")
    del rows[0]["title"]
    expect(
        write_dataset(resolutions__json=rows),
        "resolutions.json",
        "a-res-55-25",
        "title",
        "required",
    )


def test_bad_enum(write_dataset: WriteFn) -> None:
    rows = mini("statistics.json")
    rows[2]["qualifier"] = "roughly"
    expect(write_dataset(statistics__json=rows), "statistics.json", "p3", "qualifier", "roughly")


def test_bad_date(write_dataset: WriteFn) -> None:
    rows = mini("instruments.json")
    rows[1]["adopted"] = "2000-02-30"
    expect(
        write_dataset(instruments__json=rows),
        "instruments.json",
        "tip-protocol",
        "adopted",
        "does not exist",
    )


def test_bad_symbol(write_dataset: WriteFn) -> None:
    rows = mini("resolutions.json")
    rows[0]["symbol"] = "A/RES/fifty"
    expect(
        write_dataset(resolutions__json=rows), "resolutions.json", "a-res-55-25", "symbol", "symbol"
    )


def test_duplicate_id(write_dataset: WriteFn) -> None:
    rows = mini("instruments.json")
    rows[1]["id"] = "untoc"
    rows[1].pop("supplements")
    expect(write_dataset(instruments__json=rows), "instruments.json", "untoc", "id", "duplicate id")


def test_duplicate_id_across_files(write_dataset: WriteFn) -> None:
    rows = mini("agencies.json")
    rows[0]["id"] = "untoc"
    expect(
        write_dataset(agencies__json=rows),
        "agencies.json",
        "untoc",
        "id",
        "also in instruments.json",
    )


def test_bad_id(write_dataset: WriteFn) -> None:
    rows = mini("agencies.json")
    rows[0]["id"] = "UN ODC"
    expect(write_dataset(agencies__json=rows), "agencies.json", "UN ODC", "id", "ids use")


def test_dangling_reference(write_dataset: WriteFn) -> None:
    rows = mini("instruments.json")
    rows[1]["supplements"] = "nothing"
    expect(
        write_dataset(instruments__json=rows),
        "instruments.json",
        "tip-protocol",
        "supplements",
        "no instrument has id 'nothing'",
    )


def test_dangling_reference_in_a_list(write_dataset: WriteFn) -> None:
    rows = mini("agencies.json")
    rows[0]["guardian_of"] = ["untoc", "gone"]
    expect(
        write_dataset(agencies__json=rows),
        "agencies.json",
        "unodc",
        "guardian_of[1]",
        "no instrument",
    )


def test_reference_to_wrong_kind(write_dataset: WriteFn) -> None:
    rows = mini("instruments.json")
    rows[1]["supplements"] = "unodc"
    expect(
        write_dataset(instruments__json=rows),
        "instruments.json",
        "tip-protocol",
        "supplements",
        "no instrument",
    )


def test_missing_source(write_dataset: WriteFn) -> None:
    rows = mini("agencies.json")
    rows[0]["sources"] = []
    expect(
        write_dataset(agencies__json=rows), "agencies.json", "unodc", "sources", "cites no source"
    )


def test_unknown_source(write_dataset: WriteFn) -> None:
    rows = mini("statistics.json")
    rows[0]["sources"] = ["s9"]
    expect(
        write_dataset(statistics__json=rows),
        "statistics.json",
        "p1",
        "sources[0]",
        "no source has id 's9'",
    )


def test_impossible_date_order(write_dataset: WriteFn) -> None:
    rows = mini("instruments.json")
    rows[0]["entry_into_force"] = "1999-01-01"
    expect(
        write_dataset(instruments__json=rows),
        "instruments.json",
        "untoc",
        "entry_into_force",
        "before adoption",
    )


def test_year_only_dates_in_the_same_year_are_not_out_of_order(write_dataset: WriteFn) -> None:
    rows = mini("instruments.json")
    rows[0]["adopted"] = "2003"
    rows[0]["entry_into_force"] = "2003-01-02"
    assert palermo.load(write_dataset(instruments__json=rows)).instruments.get("untoc") is not None


def test_disagreement_needs_two_claims(write_dataset: WriteFn) -> None:
    rows = mini("disagreements.json")
    rows[0]["claims"] = rows[0]["claims"][:1]
    expect(
        write_dataset(disagreements__json=rows), "disagreements.json", "d1", "claims", "two claims"
    )


def test_bad_claim_statistic(write_dataset: WriteFn) -> None:
    rows = mini("disagreements.json")
    rows[0]["claims"][1]["statistic"] = "p9"
    expect(
        write_dataset(disagreements__json=rows),
        "disagreements.json",
        "d1",
        "claims[1].statistic",
        "no statistic",
    )


def test_bad_meta(write_dataset: WriteFn) -> None:
    expect(
        write_dataset(dataset__json={"version": ""}), "dataset.json", None, "version", "non-empty"
    )
    expect(
        write_dataset(dataset__json={"version": "1", "released": "soon"}),
        "dataset.json",
        None,
        "released",
        "not a date",
    )


def test_huge_file(write_dataset: WriteFn, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(palermo._io, "MAX_FILE_BYTES", 100)
    expect(write_dataset(), "sources.json", None, None, "larger than")


def test_missing_files_are_empty_collections(write_dataset: WriteFn) -> None:
    folder = write_dataset(statistics__json=None, disagreements__json=None, dataset__json=None)
    ds = palermo.load(folder)
    assert len(ds.statistics) == 0
    assert ds.version == "unversioned"


def test_load_rejects_a_non_folder(tmp_path: pathlib.Path) -> None:
    with pytest.raises(palermo.InvalidQueryError, match="not a folder"):
        palermo.load(tmp_path / "nowhere")
    with pytest.raises(palermo.InvalidQueryError, match="str or Path"):
        palermo.load(3)  # type: ignore[arg-type]


@settings(
    max_examples=30,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=datasets())
def test_generated_datasets_load_to_what_was_written(
    tmp_path: pathlib.Path, data: dict[str, Any]
) -> None:
    folder = tmp_path / "gen"
    palermo.dump(data, folder)
    ds = palermo.load(folder)
    for name, coll in ds.collections():
        assert tuple(coll) == tuple(sorted(data[name], key=lambda r: r.id))


@settings(
    max_examples=30,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=datasets())
def test_the_trusted_reader_reads_what_the_strict_one_reads(
    tmp_path: pathlib.Path, data: dict[str, Any]
) -> None:
    # The path bundled() takes (no cattrs, a kind read when first used) must
    # give exactly the records the strict loader gives, for any files dump()
    # writes: that is what makes skipping the strict path safe for its own.
    from palermo.dataset import _load

    folder = tmp_path / "gen"
    palermo.dump(data, folder)
    strict = palermo.load(folder)
    trusted = _load(folder, str(folder), required=False, trusted=True)
    for name, coll in strict.collections():
        assert tuple(trusted.collection(name)) == tuple(coll), name
        for mine, theirs in zip(trusted.collection(name), coll, strict=True):
            assert attrs.asdict(mine, recurse=False) == attrs.asdict(theirs, recurse=False)
            assert [type(v) for v in attrs.astuple(mine, recurse=False)] == [
                type(v) for v in attrs.astuple(theirs, recurse=False)
            ]


def test_a_damaged_file_on_the_trusted_path_gets_the_strict_error(
    tmp_path: pathlib.Path,
) -> None:
    from palermo.dataset import _load

    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "sources.json").write_text(
        '[{"id": "s", "title": "T", "publisher": "P", "kind": "web page", "colour": "red"}]'
    )
    with pytest.raises(palermo.DatasetError) as strict:
        palermo.load(folder)
    damaged = _load(folder, str(folder), required=False, trusted=True)
    with pytest.raises(palermo.DatasetError) as trusted:
        len(damaged.sources)
    assert str(trusted.value) == str(strict.value)
    assert "colour" in str(trusted.value)


def test_bundled_files_are_in_canonical_form(tmp_path: pathlib.Path) -> None:
    # Data files must be exactly what dump() writes, so every diff is minimal.
    palermo.dump(palermo.bundled(), tmp_path)
    root = pathlib.Path(palermo.__file__).parent / "data"
    for name in [kind.file for kind in KINDS]:
        assert (root / name).read_text(encoding="utf-8") == (tmp_path / name).read_text(
            encoding="utf-8"
        ), name


def test_first_use_from_many_threads_makes_the_value_once() -> None:
    # The mechanism behind bundled() and the participation tables.
    calls: list[int] = []

    def make() -> object:
        calls.append(1)
        time.sleep(0.01)  # widen the window in which a second maker could start
        return object()

    once = Once(make)
    barrier = threading.Barrier(32)
    seen: list[object] = []

    def first_use() -> None:
        barrier.wait()
        seen.append(once.get())

    threads = [threading.Thread(target=first_use) for _ in range(32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert len(seen) == 32
    assert all(s is seen[0] for s in seen)


def test_bundled_is_one_object_from_many_threads() -> None:
    seen: list[object] = []
    threads = [threading.Thread(target=lambda: seen.append(palermo.bundled())) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(seen) == 16
    assert all(s is seen[0] for s in seen)


def test_structure_unstructure_round_trip_of_bundled_records() -> None:
    for record in palermo.bundled().records():
        raw = converter.unstructure(record)
        assert converter.structure(json.loads(json.dumps(raw)), type(record)) == record
