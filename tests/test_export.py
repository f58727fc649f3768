"""Flat rows and CSV: every record exported, every citation kept."""

from __future__ import annotations

import csv
import io
import json
import pathlib
import subprocess
import sys
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import palermo
from conftest import WriteFn
from palermo.converter import RECORD_TYPES, converter
from palermo.dataset import Dataset
from palermo.export import SEPARATOR, format_source, to_csv, to_dataframe, to_rows
from palermo.testing import datasets

# Whole generated datasets are slow to draw: a quarter of the profile's budget.
WHOLE_DATASETS = max(10, settings.default.max_examples // 4)  # type: ignore[union-attr]

CITATION_COLUMNS = ["source_ids", "sources"]


def _cited(record: Any) -> list[str]:
    """Independent account of what a record cites."""
    if isinstance(record, palermo.Source):
        return [record.id]
    ids = list(record.sources)
    for claim in getattr(record, "claims", ()):
        ids += [s for s in claim.sources if s not in ids]
    return ids


def _check_citations(rows: tuple[dict[str, object], ...], records: list[Any], ds: Dataset) -> None:
    assert len(rows) == len(records)
    for row, record in zip(rows, records, strict=True):
        assert row["id"] == record.id
        ids = _cited(record)
        assert row["source_ids"] == SEPARATOR.join(ids)
        rendered = row["sources"]
        assert isinstance(rendered, str)
        for sid in ids:
            source = ds.sources.get(sid)
            assert source is not None
            assert format_source(source) in rendered


def test_every_bundled_record_keeps_its_citations() -> None:
    ds = palermo.bundled()
    records = list(ds.records())
    rows = to_rows(records)
    _check_citations(rows, records, ds)
    assert all(row["sources"] for row in rows)
    # Mixed kinds: every row has every column, the citations last.
    columns = list(rows[0])
    assert all(list(row) == columns for row in rows)
    assert columns[:2] == ["record_type", "id"]
    assert columns[-2:] == CITATION_COLUMNS
    assert {row["record_type"] for row in rows} == {c.__name__ for c in RECORD_TYPES}


@pytest.mark.parametrize("cls", RECORD_TYPES, ids=lambda c: c.__name__)
def test_columns_of_one_kind(cls: type[Any]) -> None:
    name = next(
        n for n, c in palermo.bundled().collections() if c and isinstance(next(iter(c)), cls)
    )
    rows = to_rows(getattr(palermo, name))
    fields = [f.name for f in attrs.fields(cls) if f.name != "sources"]
    assert all(list(row) == ["record_type", *fields, *CITATION_COLUMNS] for row in rows)
    assert all(row["record_type"] == cls.__name__ for row in rows)


def test_cell_values() -> None:
    (tip,) = to_rows([palermo.lookup("tip-protocol")])
    assert tip["kind"] == "protocol"  # the record's own field, not the record type
    assert tip["legally_binding"] is True
    assert tip["entry_into_force"] == "2003-12-25"
    assert tip["aliases"] == SEPARATOR.join(palermo.lookup("tip-protocol").aliases)  # type: ignore[union-attr]
    (res,) = to_rows([palermo.resolutions.lookup("a-res-55-25")])
    assert res["symbol"] == "A/RES/55/25"
    assert res["organ"] == "General Assembly"
    assert res["proclaims"] == ""
    stat = next(s for s in palermo.statistics if s.period is not None)
    (row,) = to_rows([stat])
    assert row["value"] == stat.value
    assert row["period"] == str(stat.period)
    assert row["qualifier"] == stat.qualifier.value
    target = palermo.sdg_targets.get("sdg-16.2")
    assert target is not None
    (row,) = to_rows([target])
    assert row["goal"] == 16
    assert row["deadline_year"] is None
    assert isinstance(row["indicators"], str)
    assert json.loads(row["indicators"]) == converter.unstructure(target)["indicators"]


def test_sources_cite_themselves_and_claims_cite_theirs() -> None:
    source = palermo.sources.get("a-res-55-25-text")
    assert source is not None
    (row,) = to_rows([source])
    assert row["source_ids"] == "a-res-55-25-text"
    assert row["sources"] == format_source(source)
    assert row["date"] == str(source.date)
    d = palermo.disagreements.get("gpa-symbol")
    assert d is not None
    (row,) = to_rows([d])
    claim_sources = {s for c in d.claims for s in c.sources}
    assert claim_sources - set(d.sources)  # the test means something
    assert claim_sources <= set(str(row["source_ids"]).split(SEPARATOR))


def test_format_source() -> None:
    full = palermo.Source(
        id="x",
        title="Report",
        publisher="UNODC",
        kind=palermo.SourceKind.REPORT,
        date=palermo.PartialDate(2020, 7),
        url="https://example.org/r",
    )
    assert format_source(full) == "Report (UNODC, 2020-07) <https://example.org/r>"
    bare = attrs.evolve(full, date=None, url=None)
    assert format_source(bare) == "Report (UNODC, undated)"


def test_other_dataset(write_dataset: WriteFn) -> None:
    mini = palermo.load(write_dataset())
    records = list(mini.records())
    rows = to_rows(records, dataset=mini)
    _check_citations(rows, records, mini)
    # The MINI sources are not in the bundled data: no silent loss of citations.
    with pytest.raises(palermo.InvalidQueryError, match=r"cites source 's1'.*dataset="):
        to_rows(mini.instruments)


@pytest.mark.parametrize("bad", ["tip-protocol", 3, [1], [palermo.Indicator(code="1", text="t")]])
def test_not_records(bad: Any) -> None:
    with pytest.raises(palermo.InvalidQueryError, match="expected"):
        to_rows(bad)


def test_no_records() -> None:
    assert to_rows([]) == ()
    out = io.StringIO()
    to_csv([], out)
    assert out.getvalue() == ""


# -- CSV -----------------------------------------------------------------------------


def _as_csv_text(value: object) -> str:
    return "" if value is None else str(value)


def test_csv_round_trip(tmp_path: pathlib.Path) -> None:
    records = list(palermo.bundled().records())
    path = tmp_path / "all.csv"
    to_csv(records, path)
    with path.open(encoding="utf-8", newline="") as fh:
        back = list(csv.DictReader(fh))
    rows = to_rows(records)
    assert [list(r) for r in back[:1]] == [list(rows[0])]
    assert back == [{k: _as_csv_text(v) for k, v in row.items()} for row in rows]


def test_csv_to_an_open_file_and_a_str_path(tmp_path: pathlib.Path) -> None:
    out = io.StringIO()
    to_csv(palermo.agencies, out)
    path = tmp_path / "agencies.csv"
    to_csv(palermo.agencies, str(path))
    assert path.read_text(encoding="utf-8") == out.getvalue()
    assert len(list(csv.DictReader(io.StringIO(out.getvalue())))) == len(palermo.agencies)


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=WHOLE_DATASETS)
@given(datasets(max_records=3))
def test_generated_datasets(records: dict[str, tuple[Any, ...]]) -> None:
    ds = Dataset(records, "test", None, "generated")
    every = list(ds.records())
    rows = to_rows(every, dataset=ds)
    _check_citations(rows, every, ds)
    out = io.StringIO()
    to_csv(every, out, dataset=ds)
    back = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert back == [{k: _as_csv_text(v) for k, v in row.items()} for row in rows]


# -- pandas stays optional -------------------------------------------------------------


def test_importing_palermo_never_imports_pandas() -> None:
    src = pathlib.Path(palermo.__file__).resolve().parents[1]
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "import palermo, palermo.export; "
        "palermo.export.to_rows(palermo.instruments); "
        "print('pandas' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(src)], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"


def test_to_dataframe_without_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    # A None entry in sys.modules makes "import pandas" fail, as if not installed.
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(palermo.InvalidQueryError, match=r"pip install palermo\[pandas\]") as info:
        to_dataframe(palermo.instruments)
    assert isinstance(info.value, palermo.PalermoError)
    assert isinstance(info.value.__cause__, ImportError)
