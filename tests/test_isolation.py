"""Immutability, isolation and concurrency (issue 8): no public object lets
one caller change what another sees, and first use from many threads loads
the data once."""

from __future__ import annotations

import copy
import json
import pathlib
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Any

import attrs
import pytest

import palermo
from palermo import participation
from palermo.converter import converter


def snapshot(ds: palermo.Dataset) -> str:
    """Everything a dataset holds, as text (to compare before and after)."""
    return json.dumps(
        {name: [converter.unstructure(r) for r in coll] for name, coll in ds.collections()},
        sort_keys=True,
    )


# -- records and values ------------------------------------------------------------


@pytest.mark.parametrize("record", [next(iter(c)) for _, c in palermo.bundled().collections()])
def test_records_are_frozen(record: Any) -> None:
    for field in attrs.fields(type(record)):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            setattr(record, field.name, None)
        value = getattr(record, field.name)
        # Collections inside records are tuples: nothing to append to.
        assert not isinstance(value, (list, dict, set))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del record.id
    assert hash(record) == hash(copy.deepcopy(record))


def test_nested_values_are_frozen() -> None:
    target = palermo.sdg_targets.get("sdg-16.2")
    assert target is not None
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        target.indicators[0].code = "x"  # type: ignore[misc]
    claim = palermo.disagreements.get("gpa-symbol").claims[0]  # type: ignore[union-attr]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        claim.value = "x"  # type: ignore[misc]
    date = palermo.instruments.get("untoc").adopted  # type: ignore[union-attr]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        date.year = 1  # type: ignore[misc, union-attr]


def test_evolve_makes_a_copy_and_leaves_the_shared_record_alone() -> None:
    before = palermo.instruments.get("untoc")
    assert before is not None
    changed = attrs.evolve(before, title="changed")
    assert changed.title == "changed"
    assert palermo.instruments.get("untoc") is before
    assert before.title != "changed"


# -- collections, datasets and query results ------------------------------------


def test_dataset_is_read_only() -> None:
    ds = palermo.bundled()
    with pytest.raises(AttributeError, match="read-only"):
        ds.instruments = ds.sources  # type: ignore[assignment]
    with pytest.raises(AttributeError, match="read-only"):
        del ds.version


@pytest.mark.parametrize("name", ["kind"])
def test_collection_public_attributes_are_read_only(name: str) -> None:
    # On a private collection, so a failure cannot corrupt the bundled one.
    coll = palermo.load(_dump_to_tmp()).instruments
    before = getattr(coll, name)
    with pytest.raises(AttributeError):
        setattr(coll, name, "changed")
    assert getattr(coll, name) == before
    with pytest.raises(AttributeError):
        delattr(coll, name)


def _dump_to_tmp() -> pathlib.Path:
    import tempfile

    folder = pathlib.Path(tempfile.mkdtemp())
    palermo.dump(palermo.bundled(), folder)
    return folder


def test_collections_cannot_grow_or_be_reordered() -> None:
    coll = palermo.instruments
    for name in (
        "append",
        "insert",
        "pop",
        "remove",
        "sort",
        "clear",
        "__setitem__",
        "__delitem__",
    ):
        assert not hasattr(coll, name), name
    assert isinstance(coll.ids, tuple)
    assert isinstance(palermo.statistics.measures, tuple)


QUERIES: tuple[tuple[str, Callable[[], object]], ...] = (
    ("search", lambda: palermo.search("trafficking")),
    ("collection search", lambda: palermo.instruments.search("protocol")),
    ("filter", lambda: palermo.instruments.filter(supplements="untoc")),
    ("related", lambda: palermo.related("tip-protocol")),
    ("timeline", lambda: palermo.timeline("2000", "2005")),
    ("series", lambda: palermo.statistics.series("tip-protocol.parties")),
    ("as_of_all", lambda: palermo.statistics.as_of_all("tip-protocol.parties", "2020")),
    ("suggest", lambda: palermo.instruments.suggest("Palermo Protocl")),
    ("ids", lambda: palermo.instruments.ids),
    ("parties", lambda: participation.parties("untoc", on="2005")),
    ("signatories", lambda: participation.signatories("untoc")),
    ("history", lambda: participation.history("France")),
    ("participants", lambda: participation.participants()),
    ("party timeline", lambda: participation.timeline("tip-protocol")),
    ("instrument ids", lambda: participation.instrument_ids()),
)


@pytest.mark.parametrize(("name", "query"), QUERIES, ids=[n for n, _ in QUERIES])
def test_query_results_are_tuples_of_frozen_values(name: str, query: Callable[[], object]) -> None:
    result = query()
    assert isinstance(result, tuple), name
    assert result, name
    for item in result:
        if attrs.has(type(item)):
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                setattr(item, attrs.fields(type(item))[0].name, None)
    # Asking again gives equal answers: nothing a caller did to one changed it.
    assert query() == result


def test_snapshot_and_status_are_frozen() -> None:
    snap = palermo.at("2010")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        snap.instruments = ()  # type: ignore[misc]
    assert isinstance(snap.instruments, tuple)
    status = participation.status("France", "untoc")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        status.kind = None  # type: ignore[misc, assignment]
    assert isinstance(status.acts, tuple)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        status.participant.name = "x"  # type: ignore[misc]


def test_error_details_are_tuples() -> None:
    with pytest.raises(palermo.NotFoundError) as info:
        palermo.instruments.lookup("Palermo Protocl")
    assert isinstance(info.value.suggestions, tuple)
    assert info.value.suggestions
    # What one caller does with an error's suggestions does not reach the next.
    with pytest.raises(palermo.NotFoundError) as again:
        palermo.instruments.lookup("Palermo Protocl")
    assert again.value.suggestions == info.value.suggestions


def test_running_every_query_changes_nothing() -> None:
    before = snapshot(palermo.bundled())
    for _, query in QUERIES:
        query()
    palermo.at("2020")
    palermo.lookup("Palermo Protocol")
    for _, coll in palermo.bundled().collections():
        coll.filter(lambda r: True)
    assert snapshot(palermo.bundled()) == before


# -- a loaded dataset and the bundled one ----------------------------------------


def test_a_loaded_dataset_is_independent_of_the_bundled_one(tmp_path: pathlib.Path) -> None:
    bundled = palermo.bundled()
    before = snapshot(bundled)
    palermo.dump(bundled, tmp_path)
    rows = json.loads((tmp_path / "instruments.json").read_text(encoding="utf-8"))
    for row in rows:
        if row["id"] == "untoc":
            row["short_title"] = "Changed in a copy"
    (tmp_path / "instruments.json").write_text(json.dumps(rows), encoding="utf-8")

    mine = palermo.load(tmp_path)
    assert mine is not bundled
    assert mine.instruments is not bundled.instruments
    assert mine.instruments.lookup("untoc").short_title == "Changed in a copy"
    assert mine.instruments.get("Changed in a copy") is not None
    # The bundled data, and the module-level names, are untouched.
    assert palermo.instruments.get("Changed in a copy") is None
    assert palermo.instruments.lookup("untoc").short_title != "Changed in a copy"
    assert palermo.bundled() is bundled
    assert snapshot(bundled) == before


def test_two_loads_of_one_folder_share_nothing_mutable(tmp_path: pathlib.Path) -> None:
    palermo.dump(palermo.bundled(), tmp_path)
    a, b = palermo.load(tmp_path), palermo.load(tmp_path)
    assert a is not b
    assert a.instruments is not b.instruments
    assert tuple(a.instruments) == tuple(b.instruments)
    # Caches filled by one dataset's queries are its own.
    a.search("protocol")
    a.related("untoc")
    assert snapshot(a) == snapshot(b)


# -- concurrency ---------------------------------------------------------------------

THREADS = 32


def run_together(first_query: Callable[[], object]) -> list[object]:
    """Run ``first_query`` in 32 threads released at the same moment."""
    barrier = threading.Barrier(THREADS)
    seen: list[object] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            barrier.wait()
            result = first_query()
        except BaseException as exc:  # pragma: no cover - reported below
            with lock:
                errors.append(exc)
            return
        with lock:
            seen.append(result)

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len(seen) == THREADS
    return seen


def test_participation_first_use_from_many_threads_sees_one_table() -> None:
    seen = run_together(lambda: participation.status("France", "tip-protocol"))
    assert all(s == seen[0] for s in seen)
    # The same participant object, not 32 equal copies.
    assert all(s.participant is seen[0].participant for s in seen)  # type: ignore[attr-defined]


def test_first_search_from_many_threads_builds_one_index(tmp_path: pathlib.Path) -> None:
    palermo.dump(palermo.bundled(), tmp_path)
    fresh = palermo.load(tmp_path)
    seen = run_together(lambda: fresh.search("trafficking protocol"))
    assert all(s == seen[0] for s in seen)
    assert seen[0] == palermo.search("trafficking protocol")


def test_first_related_from_many_threads_sees_one_graph(tmp_path: pathlib.Path) -> None:
    palermo.dump(palermo.bundled(), tmp_path)
    fresh = palermo.load(tmp_path)
    seen = run_together(lambda: fresh.related("tip-protocol"))
    assert all(s == seen[0] for s in seen)
    assert {link.record.id for link in seen[0]} == {  # type: ignore[attr-defined]
        link.record.id for link in palermo.related("tip-protocol")
    }


def _fresh_bundled() -> palermo.Dataset:
    # A new copy of the bundled dataset, read the way bundled() reads it
    # (each kind's file when that kind is first used).
    from palermo._io import bundled_root
    from palermo.dataset import _load

    return _load(bundled_root(), "palermo (bundled)", required=True, trusted=True)


def test_each_bundled_kind_is_read_once_from_many_threads() -> None:
    fresh = _fresh_bundled()
    names = [name for name, _ in palermo.bundled().collections()]
    seen = run_together(lambda: tuple(fresh.collection(n) for n in reversed(names)))
    assert all(all(a is b for a, b in zip(s, seen[0], strict=True)) for s in seen)  # type: ignore[call-overload]
    for name in names:
        assert tuple(fresh.collection(name)) == tuple(palermo.bundled().collection(name))


def test_a_lookup_by_name_reads_only_the_kind_that_answers() -> None:
    fresh = _fresh_bundled()
    assert fresh.lookup("Palermo Protocol").id == "tip-protocol"
    built = {name for name, _ in palermo.bundled().collections() if fresh._collections.built(name)}
    assert built == {"instruments"}
    # An id-shaped key asks every kind (ids are unique across the dataset).
    assert fresh.lookup("a-res-55-25").id == "a-res-55-25"
    assert all(fresh._collections.built(name) for name, _ in fresh.collections())
    assert fresh.origins["untoc"] == "palermo (bundled)"


def test_import_and_a_lookup_leave_cattrs_and_the_display_unimported() -> None:
    code = (
        "import sys, palermo\n"
        "palermo.lookup('Palermo Protocol')\n"
        "print(sorted(m for m in ('cattrs', 'palermo.converter', 'palermo.display', "
        "'palermo.citation', 'palermo._integrity') if m in sys.modules))\n"
        "palermo.instruments.get('untoc')._repr_html_()\n"
        "print('palermo.display' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.split("\n")[:2] == ["[]", "True"]
