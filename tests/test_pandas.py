"""The pandas export, run by the nox "pandas" session (pandas installed)."""

from __future__ import annotations

import pytest

pandas = pytest.importorskip("pandas")

import palermo  # noqa: E402
from conftest import WriteFn  # noqa: E402
from palermo.export import to_dataframe, to_rows  # noqa: E402
from palermo.registry import KINDS  # noqa: E402


def test_frame_has_every_record_and_its_citations() -> None:
    records = list(palermo.bundled().records())
    df = to_dataframe(records)
    assert isinstance(df, pandas.DataFrame)
    assert len(df) == len(records)
    assert list(df["id"]) == [r.id for r in records]
    assert list(df.columns) == list(to_rows(records)[0])
    assert list(df.columns[-2:]) == ["source_ids", "sources"]
    assert df["sources"].map(lambda s: isinstance(s, str) and s != "").all()
    assert set(df["record_type"]) == {cls.__name__ for cls in KINDS.classes}


def test_frame_of_one_collection() -> None:
    df = to_dataframe(palermo.instruments).set_index("id")
    assert len(df) == len(palermo.instruments)
    assert df.loc["tip-protocol", "entry_into_force"] == "2003-12-25"
    assert df.loc["tip-protocol", "supplements"] == "untoc"
    assert "untc-xviii-12-a" in df.loc["tip-protocol", "source_ids"]
    stats = to_dataframe(palermo.statistics)
    assert pandas.api.types.is_numeric_dtype(stats["value"])


def test_frame_of_another_dataset(write_dataset: WriteFn) -> None:
    mini = palermo.load(write_dataset())
    df = to_dataframe(mini.statistics, dataset=mini)
    assert sorted(df["id"]) == ["p1", "p2", "p3"]
    assert (
        df.set_index("id").loc["p2", "sources"]
        == "Treaty text (UN, undated) <https://example.org/treaty>"
    )


def test_empty_frame() -> None:
    df = to_dataframe([])
    assert len(df) == 0
    assert list(df.columns) == ["record_type", "id", "source_ids", "sources"]
