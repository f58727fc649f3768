"""Hostile datasets, keys, threads and pipes get documented answers (issue 17)."""

from __future__ import annotations

import contextlib
import datetime
import gc
import io
import json
import os
import pathlib
import subprocess
import sys
import threading
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import palermo
from palermo.converter import converter

_SOURCE = {"id": "s", "title": "T", "publisher": "P", "kind": "web page"}


def _write(folder: pathlib.Path, **files: Any) -> pathlib.Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, value in files.items():
        text = value if isinstance(value, str) else json.dumps(value)
        (folder / f"{name}.json").write_text(text, encoding="utf-8")
    return folder


def _cli(*args: str, **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "palermo", *args], capture_output=True, text=True, check=False, **kw
    )


# 1. The garbage collector is left as it was, however many threads load at once.
def test_concurrent_loads_leave_the_collector_on(tmp_path: pathlib.Path) -> None:
    assert gc.isenabled()
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        for _ in range(20):
            threads = [
                threading.Thread(target=lambda: [palermo.load(tmp_path) for _ in range(3)])
                for _ in range(8)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            assert gc.isenabled()
    finally:
        sys.setswitchinterval(old)


# 2. Lone surrogates are refused at load; dump never half-writes.
def test_lone_surrogates_are_refused_at_load(tmp_path: pathlib.Path) -> None:
    folder = _write(
        tmp_path, sources='[{"id": "s", "title": "T\\ud800", "publisher": "P", "kind": "web page"}]'
    )
    with pytest.raises(palermo.DatasetError) as info:
        palermo.load(folder)
    assert (info.value.file, info.value.record, info.value.field) == ("sources.json", "s", "title")


def test_dump_refuses_before_writing_anything(tmp_path: pathlib.Path) -> None:
    bad = palermo.Source(id="s", title="T\ud800", publisher="P", kind=palermo.SourceKind.REPORT)
    target = tmp_path / "out"
    with pytest.raises(palermo.DatasetError, match="surrogate"):
        palermo.dump({"sources": (bad,)}, target)
    assert not target.exists()
    # A dangling reference and a value of the wrong type are refused too.
    stat = palermo.Statistic(
        id="x",
        measure="m",
        value=[1],  # type: ignore[arg-type]
        unit="u",
        date=palermo.PartialDate(2020),
        sources=("s",),
    )
    with pytest.raises(palermo.DatasetError, match="expected a number"):
        palermo.dump({"statistics": (stat,)}, target)
    ok = palermo.Statistic(
        id="x", measure="m", value=1, unit="u", date=palermo.PartialDate(2020), sources=("s",)
    )
    with pytest.raises(palermo.DatasetError, match="no source has id 's'"):
        palermo.dump({"statistics": (ok,)}, target)
    assert not target.exists()
    # A string for an enum field is read as the enum.
    src = palermo.Source(id="s", title="T", publisher="P", kind="web page")
    assert src.kind is palermo.SourceKind.WEB_PAGE
    palermo.dump({"sources": (src,), "statistics": (ok,)}, target)
    assert palermo.load(target).statistics.get("x") == ok
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder left


# 3. A str subclass cannot poison the answer cache.
class _Shouty(str):
    def __hash__(self) -> int:
        return 7

    def __eq__(self, other: object) -> bool:
        return True

    def lower(self) -> str:
        return "unodc"


def test_a_str_subclass_does_not_poison_lookups() -> None:
    ds = palermo.bundled()
    before = ds.lookup("Palermo Protocol")
    ds.get(_Shouty("UNTOC"))
    assert ds.lookup("Palermo Protocol") is before
    assert ds.lookup("unodc").id == "unodc"


# 5. An overlay citing junk source ids gets a DatasetError naming the field.
@pytest.mark.parametrize("bad", ["", "   ", "x" * 1001])
def test_overlay_with_junk_source_ids(tmp_path: pathlib.Path, bad: str) -> None:
    stat = {"id": "x", "measure": "m", "value": 1, "unit": "u", "date": "2020", "sources": [bad]}
    folder = _write(tmp_path, statistics=[stat])
    with pytest.raises(palermo.DatasetError) as info:
        palermo.load(folder, over=palermo.bundled())
    assert info.value.file == "statistics.json"
    assert info.value.field == "sources[0]"


# 6. Unreadable files get a DatasetError, not a raw PermissionError.
def test_unreadable_file(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _write(tmp_path, sources=[_SOURCE])
    real_open = pathlib.Path.open

    def refuse(self: pathlib.Path, *args: Any, **kw: Any) -> Any:
        if self.name == "sources.json":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kw)

    monkeypatch.setattr(pathlib.Path, "open", refuse)
    with pytest.raises(palermo.DatasetError, match="cannot be read: Permission denied") as info:
        palermo.load(folder)
    assert info.value.file == "sources.json"


# 7. Broken links are errors, not missing files.
@pytest.mark.parametrize("kind", ["dangling", "loop"])
def test_broken_symlinks(tmp_path: pathlib.Path, kind: str) -> None:
    link = tmp_path / "instruments.json"
    if kind == "dangling":
        link.symlink_to(tmp_path / "nowhere.json")
    else:
        link.symlink_to(link)
    with pytest.raises(palermo.DatasetError, match="symbolic link") as info:
        palermo.load(tmp_path)
    assert info.value.file == "instruments.json"


# 8. Output failures.
def test_a_closed_pipe_is_quiet() -> None:
    code = (
        "import subprocess, sys\n"
        "p = subprocess.Popen([sys.executable, '-m', 'palermo', 'list', 'sources'],"
        " stdout=subprocess.PIPE, stderr=subprocess.PIPE)\n"
        "p.stdout.read(100); p.stdout.close()\n"
        "err = p.stderr.read().decode(); print(p.wait()); print(repr(err))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    rc, err = out.stdout.splitlines()
    assert rc == "0"
    assert "Traceback" not in err


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full")
def test_a_full_disk_is_reported_with_its_own_code() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "palermo", "list", "sources"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
        )
    assert done.returncode == 3
    assert "cannot write the output" in done.stderr
    assert "Traceback" not in done.stderr


# 13/14/15. Junk arguments get InvalidQueryError or NotFoundError.
def test_junk_arguments() -> None:
    ds = palermo.bundled()
    with pytest.raises(palermo.InvalidQueryError):
        palermo.at(10**5000)
    with pytest.raises(palermo.InvalidQueryError):
        palermo.timeline("2021", "2000")
    for junk in (None, 3, ["untoc"], b"untoc"):
        with pytest.raises(palermo.InvalidQueryError):
            ds.claims(junk)  # type: ignore[arg-type]
    with pytest.raises(palermo.NotFoundError):
        ds.claims("no-such-id")
    with pytest.raises(palermo.InvalidQueryError):
        palermo.to_csv(palermo.instruments, 123)  # type: ignore[arg-type]
    with pytest.raises(palermo.InvalidQueryError):
        palermo.to_csv(palermo.instruments, None)  # type: ignore[arg-type]
    with pytest.raises(palermo.InvalidQueryError):
        palermo.to_rows(palermo.instruments, dataset="x")  # type: ignore[arg-type]

    class Unprintable:
        def __repr__(self) -> str:
            raise RuntimeError("no")

    with pytest.raises(palermo.InvalidQueryError):
        palermo.related(Unprintable())  # type: ignore[arg-type]


def test_filter_on_an_empty_collection_checks_field_names(tmp_path: pathlib.Path) -> None:
    empty = palermo.load(tmp_path)
    with pytest.raises(palermo.InvalidQueryError, match="no field"):
        empty.instruments.filter(no_such_field=1)
    assert empty.instruments.filter(kind="convention") == ()


# 16. Messages stay short.
def test_error_messages_are_short(tmp_path: pathlib.Path) -> None:
    key = "k" * 1000
    with pytest.raises(palermo.NotFoundError) as info:
        palermo.lookup(key)
    assert len(str(info.value)) < 600
    with pytest.raises(palermo.InvalidQueryError) as bad:
        palermo.participation.participant("x" * 10_000_000)
    assert len(str(bad.value)) < 300
    raw = {**_SOURCE, **{f"k{i}": 1 for i in range(20_000)}}
    folder = _write(tmp_path, sources=[raw])
    with pytest.raises(palermo.DatasetError) as many:
        palermo.load(folder)
    assert len(str(many.value)) < 1000


# 17. A key repeated in a nested object names the record.
def test_duplicate_key_in_a_claim_names_the_record(tmp_path: pathlib.Path) -> None:
    text = (
        '[{"id": "d", "subject": ["s"], "topic": "t", "finding": "f", "sources": ["s"],'
        ' "claims": [{"value": "1", "value": "2", "sources": ["s"], "status": "supported"},'
        ' {"value": "3", "sources": ["s"], "status": "erratum"}]}]'
    )
    folder = _write(tmp_path, sources=[_SOURCE], disagreements=text)
    with pytest.raises(palermo.DatasetError) as info:
        palermo.load(folder)
    assert (info.value.file, info.value.record, info.value.field) == (
        "disagreements.json",
        "d",
        "value",
    )


# 18. An ASCII terminal does not crash the command line.
@pytest.mark.parametrize("encoding", ["ascii", "cp1252", "latin-1"])
def test_narrow_terminal_encodings(encoding: str) -> None:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    for args in (("show", "Côte d'Ivoire"), ("list", "agencies"), ("show", "tip-protocol")):
        done = subprocess.run(
            [sys.executable, "-m", "palermo", *args],
            capture_output=True,
            text=True,
            encoding=encoding,
            env=env,
            check=False,
        )
        assert "Traceback" not in done.stderr, (args, done.stderr)
        assert done.returncode in (0, 1)


# 19. PartialDate compares with datetime.date, and says what to do otherwise.
def test_partial_dates_compare_with_dates() -> None:
    d = palermo.PartialDate(2020, 5, 1)
    assert d < datetime.date(2021, 1, 1)
    assert datetime.date(2019, 1, 1) < d
    with pytest.raises(TypeError, match="is_before"):
        _ = d < 3  # type: ignore[operator]


# 20. With --json, errors are JSON too.
def test_json_errors() -> None:
    done = _cli("show", "xyzzy-nothing", "--json")
    assert done.returncode == 1
    body = json.loads(done.stdout)
    assert body["error"] == "NotFoundError"
    bad = _cli("series", "tip-protocol.parties", "--as-of", "2020-13", "--json")
    assert bad.returncode == 2
    assert json.loads(bad.stdout)["error"] == "InvalidQueryError"


# By design: collections refuse every assignment; the shared converter refuses hooks.
def test_collections_refuse_private_names_too() -> None:
    with pytest.raises(AttributeError):
        palermo.instruments._records = ()
    with pytest.raises(palermo.InvalidQueryError):
        converter.register_structure_hook(int, lambda v, t: 0)


def test_spreadsheet_safe_csv() -> None:
    src = palermo.Source(
        id="s", title="=HYPERLINK(1)", publisher="-P", kind=palermo.SourceKind.REPORT
    )
    out = io.StringIO()
    palermo.to_csv([src], out, dataset=_dataset_with(src))
    assert "=HYPERLINK" in out.getvalue().splitlines()[1]
    safe = io.StringIO()
    palermo.to_csv([src], safe, dataset=_dataset_with(src), spreadsheet_safe=True)
    row = safe.getvalue().splitlines()[1]
    assert "'=HYPERLINK(1)" in row
    assert "'-P" in row


def _dataset_with(src: palermo.Source) -> palermo.Dataset:
    return palermo.Dataset({"sources": (src,)}, "t", None, "test")


# Fuzz: keys of every type and str subclass get a documented answer.
@given(
    st.one_of(
        st.text(max_size=50),
        st.integers(),
        st.none(),
        st.binary(max_size=10),
        st.lists(st.text(max_size=3), max_size=2),
        st.text(max_size=20).map(_Shouty),
    )
)
def test_any_key_gets_a_documented_answer(key: Any) -> None:
    for call in (palermo.lookup, palermo.instruments.lookup, palermo.participation.participant):
        with contextlib.suppress(
            palermo.NotFoundError, palermo.InvalidQueryError, palermo.AmbiguousKeyError
        ):
            call(key)
    assert palermo.lookup("Palermo Protocol").id == "tip-protocol"


# 17b. An overlay whose id names a bundled record of another kind blames its own file.
def test_an_overlay_id_clash_names_the_users_file(tmp_path: pathlib.Path) -> None:
    clash = {"id": "untoc", "title": "T", "publisher": "P", "kind": "web page"}
    folder = _write(tmp_path, sources=[clash])
    with pytest.raises(palermo.DatasetError) as info:
        palermo.load(folder, over=palermo.bundled())
    assert (info.value.file, info.value.record, info.value.field) == ("sources.json", "untoc", "id")
    assert "instrument" in str(info.value)


# 10. A miss compares the key closely with likely names only.
def test_suggestions_use_a_trigram_index() -> None:
    from palermo._text import CANDIDATES, NameIndex

    names = [f"name number {i}" for i in range(CANDIDATES * 100)] + ["palermo protocol"]
    index = NameIndex(names)
    assert index.candidates("palermo protocl", limit=5) == ["palermo protocol"]
    found = index.candidates("name number 12", limit=5)
    assert len(found) == 5
    assert "name number 12" in found
    assert len(index.candidates("name number")) == CANDIDATES
    small = NameIndex(names[:10])
    assert small.candidates("anything") == names[:10]  # a small set is compared whole


# A keyword that is also the name of filter()'s own arguments is a field name like any other.
@pytest.mark.parametrize("name", ["self", "predicate"])
def test_filter_names_its_own_arguments_as_unknown_fields(name: str) -> None:
    with pytest.raises(palermo.InvalidQueryError, match=f"no field {name}"):
        palermo.sources.filter(**{name: None})
