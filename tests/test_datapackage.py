"""The Frictionless Data Package export: valid, keyed, and read back unchanged."""

from __future__ import annotations

import csv
import datetime
import json
import pathlib
import tempfile
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

import palermo
from palermo import cli
from palermo.datapackage import DESCRIPTOR, export_package, read_package
from palermo.registry import KINDS
from palermo.testing import datasets

DAY = datetime.date(2026, 1, 1)


@pytest.fixture(scope="module")
def package() -> pathlib.Path:
    return export_package(tempfile.mkdtemp(prefix="palermo-pkg-"), on=DAY)


def _descriptor(folder: pathlib.Path) -> dict[str, Any]:
    return json.loads((folder / DESCRIPTOR).read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _rows(folder: pathlib.Path, name: str) -> list[dict[str, str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_frictionless_accepts_the_package(package: pathlib.Path) -> None:
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(package / DESCRIPTOR))
    assert report.flatten(["type", "note"]) == []
    assert report.valid
    # Every table was read, row by row.
    names = {task.name for task in report.tasks}
    assert {k.collection for k in KINDS} <= names
    assert {"evidence", "citations", "claims", "participation_acts", "party_counts"} <= names


def test_a_broken_foreign_key_is_caught(package: pathlib.Path, tmp_path: pathlib.Path) -> None:
    # The validation can fail: cite a source that does not exist.
    frictionless = pytest.importorskip("frictionless")
    folder = export_package(tmp_path, on=DAY)
    rows = _rows(folder, "citations")
    rows[0]["source"] = "no-such-source"
    with (folder / "citations.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    report = frictionless.validate(str(folder / DESCRIPTOR))
    assert not report.valid
    assert "foreign-key" in {t for (t,) in report.flatten(["type"])}


def test_every_record_and_table_is_there(package: pathlib.Path) -> None:
    descriptor = _descriptor(package)
    resources = {r["name"]: r for r in descriptor["resources"]}
    for kind in KINDS:
        rows = _rows(package, kind.collection)
        assert len(rows) == len(palermo.bundled().collection(kind.collection))
        assert resources[kind.collection]["schema"]["primaryKey"] == ["id"]
    assert len(_rows(package, "claims")) == sum(len(d.claims) for d in palermo.disagreements)
    evidence = sum(
        len(item.cites) for r in palermo.bundled().records() for item in getattr(r, "evidence", ())
    )
    assert len(_rows(package, "evidence")) == evidence
    acts = _rows(package, "participation_acts")
    assert len(acts) == sum(
        len(palermo.participation.history(p)) for p in palermo.participation.participants()
    )
    # Status on the export day: never "not a party" where the record cannot know.
    status = {
        (r["instrument"], r["participant"]): r for r in _rows(package, "participation_status")
    }
    japan = status["tip-protocol", "JPN"]
    assert (japan["status"], japan["party_since"]) == ("party", "2017-07-11")
    assert {r["status"] for r in status.values()} >= {"party", "unknown"}
    assert all(r["on"] == "2026-01-01" for r in status.values())


def test_the_descriptor_carries_version_hash_citation_and_licence(package: pathlib.Path) -> None:
    descriptor = _descriptor(package)
    assert descriptor["version"] == palermo.DATA_VERSION
    assert descriptor["palermo"]["content_hash"] == palermo.content_hash()
    assert descriptor["palermo"]["citation"] == palermo.cite()
    assert descriptor["licenses"][0]["name"] == "MIT"
    assert descriptor["created"].startswith(str(palermo.DATA_RELEASED))


def test_the_package_reads_back_to_the_same_records(package: pathlib.Path) -> None:
    back = read_package(package)
    assert palermo.content_hash(back) == palermo.content_hash()
    for name, coll in palermo.bundled().collections():
        assert tuple(back.collection(name)) == tuple(coll), name


def test_a_missing_table_is_a_dataset_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(palermo.DatasetError, match="not a palermo data package"):
        read_package(tmp_path)


@settings(max_examples=15, suppress_health_check=[HealthCheck.too_slow])
@given(datasets(max_records=3))
def test_any_dataset_round_trips_through_a_package(records: dict[str, tuple[Any, ...]]) -> None:
    ds = palermo.Dataset(records, "test", palermo.PartialDate(2020, 1, 1), "generated")
    with tempfile.TemporaryDirectory() as tmp:
        back = read_package(export_package(tmp, dataset=ds, on=DAY))
    assert palermo.content_hash(back) == palermo.content_hash(ds)


def test_parquet_tables_answer_a_duckdb_query(tmp_path: pathlib.Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    folder = export_package(tmp_path, parquet=True, on=DAY)
    assert _descriptor(folder)["palermo"]["parquet"][0] == "parquet/sources.parquet"
    tables = folder / "parquet"
    query = (
        f"SELECT r.symbol, count(*) AS n FROM '{tables / 'resolutions.parquet'}' r "
        f"JOIN '{tables / 'citations.parquet'}' c "
        "ON c.record = r.id AND c.collection = 'resolutions' "
        "WHERE r.symbol = 'A/RES/55/25' GROUP BY r.symbol"
    )
    ((symbol, n),) = duckdb.sql(query).fetchall()
    assert (symbol, n) == ("A/RES/55/25", len(palermo.resolutions.lookup("a-res-55-25").sources))
    ((most,),) = duckdb.sql(
        f"SELECT max(parties) FROM '{folder / 'parquet' / 'party_counts.parquet'}' "
        "WHERE instrument = 'tip-protocol' AND complete"
    ).fetchall()
    assert most == palermo.participation.count(
        "tip-protocol", on=palermo.participation.complete_until("tip-protocol")
    )


def test_the_cli_writes_a_package(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["export", "--package", str(tmp_path / "pkg")]) == 0
    assert (tmp_path / "pkg" / DESCRIPTOR).is_file()
    assert "datapackage.json" in capsys.readouterr().out
    assert cli.main(["export", "--parquet"]) != 0
    assert "--package" in capsys.readouterr().err


def test_citation_cff_agrees_with_cite() -> None:
    text = (pathlib.Path(__file__).resolve().parent.parent / "CITATION.cff").read_text(
        encoding="utf-8"
    )
    top = [line for line in text.splitlines() if not line.startswith((" ", "#"))]
    values = {
        key.strip(): value.strip().strip('"')
        for key, _, value in (line.partition(":") for line in top)
        if value.strip()
    }
    (item,) = json.loads(palermo.cite("csl-json"))
    assert values["cff-version"] == "1.2.0"
    assert values["type"] == "dataset"
    assert values["title"] == item["title"]
    assert values["version"] == item["version"] == palermo.DATA_VERSION
    assert values["date-released"] == str(palermo.DATA_RELEASED)
    assert f'- name: "{item["author"][0]["literal"]}"' in text
    assert values["license"] == "MIT"
