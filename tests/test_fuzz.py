"""Fuzzed bad input (issue 8): every public entry point, given junk, either
answers or raises one of the documented errors with a message that names the
problem; corrupted dataset files always give a DatasetError naming the file,
the record and the field, never a partly loaded dataset.

The default profile runs each property on 100 examples; ``nox -s fuzz``
(``--hypothesis-profile=fuzz``) on 10,000. Known bugs whose fixes are
proposed as patches are marked ``xfail`` while the bug is present (each mark
probes the behaviour, so it lifts itself once the fix is in, and the test
must then pass).
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import math
import os
import pathlib
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import attrs
import pytest
from hypothesis import HealthCheck, assume, event, example, given, note, settings
from hypothesis import strategies as st

import palermo
import palermo._io
from palermo import (
    AmbiguousKeyError,
    DatasetError,
    InvalidQueryError,
    NotCoveredError,
    NotFoundError,
    PartialDate,
    Period,
    Symbol,
    participation,
)
from palermo import dataset as dataset_module
from palermo.cli import main
from palermo.registry import KINDS
from palermo.testing import datasets

DOCUMENTED = (NotFoundError, AmbiguousKeyError, InvalidQueryError, NotCoveredError)
"""What a query may raise (DatasetError only comes from reading files)."""

COLLECTIONS = tuple(name for name, _, _ in dataset_module.FILES)


def fuzz_settings() -> settings:
    """Settings for a fuzz property; ``max_examples`` comes from the profile."""
    return settings(
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
        ],
    )


# -- known bugs (each fixed by a patch in /tmp/pw/patches) ---------------------


def _load_text(name: str, text: str | bytes) -> Callable[[], object]:
    def run() -> object:
        with tempfile.TemporaryDirectory() as folder:
            (pathlib.Path(folder) / "sources.json").write_text(
                '[{"id": "s", "title": "T", "publisher": "P", "kind": "web page"}]'
            )
            path = pathlib.Path(folder) / name
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, encoding="utf-8")
            return palermo.load(folder)

    return run


_STAT = '{"id": "x", "measure": "m", "value": %s, "unit": "u", "date": "2020", "sources": ["s"]}'


def _folder_as_file() -> object:
    with tempfile.TemporaryDirectory() as tmp:
        (pathlib.Path(tmp) / "statistics.json").mkdir()
        return palermo.load(tmp)


# -- junk ----------------------------------------------------------------------

REAL_KEYS = (
    "untoc",
    "tip-protocol",
    "Palermo Protocol",
    "UNODC",
    "A/RES/55/25",
    "55/25",
    "sdg-16.2",
    "SDG 16.2",
    "tip-protocol.parties",
    "France",
    "FRA",
    "XVIII-12-a",
)
ODD_STRINGS = (
    "",
    " ",
    "\t\n\r",
    "\u00a0",
    "\u200b",
    "\ufeff",
    "\x00",
    "\x1b[31m",
    "\ud800",
    "e\u0301",
    "\u202e",
    "\U0001f600",
    "%s%n",
    "{0}",
    "\\",
    "'\"",
    "..",
    "/",
)
IMPOSSIBLE_DATES = (
    "2020-02-30",
    "2019-02-29",
    "2020-13",
    "2020-00-01",
    "0000",
    "10000",
    "-2020",
    "20200101",
    "2020-1-1x",
    "2020/01/01",
    "\uff12\uff10\uff12\uff10",
    "2020-02-29T00:00",
    "9999-12-32",
)
MALFORMED_SYMBOLS = (
    "A/RES/",
    "A/RES/55/0",
    "A/RES/55/999999",
    "S/RES/1 (0000)",
    "S/RES/1 (999)",
    "A/RES/55/25/Add.1",
    "E/CN.4/DEC/X/1",
    "resolution",
    "55/",
    "/25",
    "\uff15\uff15/\uff12\uff15",
)

long_strings = st.builds(
    lambda ch, n: ch * n,
    st.sampled_from(["x", " ", "\u00e9", "ab ", "\U0001f600"]),
    st.integers(990, 20_000),
)
odd_text = st.one_of(
    st.sampled_from(ODD_STRINGS),
    st.text(max_size=30),
    st.text(st.characters(categories=["Cc", "Cf", "Zs", "Mn", "Co", "Cs"]), max_size=10),
    long_strings,
)
noisy_keys = st.builds(
    lambda k, f: f(k),
    st.sampled_from(REAL_KEYS),
    st.sampled_from(
        [
            str.upper,
            str.lower,
            lambda k: f"  {k}\t",
            lambda k: k + "\x00",
            lambda k: k[:-1],
            lambda k: k.replace("o", "\u00f6"),
            lambda k: k * 50,
        ]
    ),
)
strings = st.one_of(
    odd_text,
    noisy_keys,
    st.sampled_from(REAL_KEYS),
    st.sampled_from(IMPOSSIBLE_DATES),
    st.sampled_from(MALFORMED_SYMBOLS),
)
non_strings = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.complex_numbers(max_magnitude=10),
    st.binary(max_size=8),
    st.lists(st.integers(), max_size=3),
    st.tuples(st.text(max_size=3)),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.just(object()),
    st.just(Ellipsis),
    st.just(palermo.PartialDate(2020)),
    st.builds(datetime.date, st.integers(1, 9999), st.integers(1, 12), st.integers(1, 28)),
)
junk = st.one_of(strings, non_strings)
dates = st.one_of(
    junk,
    st.integers(-10, 20_000),
    st.dates(),
    st.datetimes(),
    st.builds(str, st.dates()),
    st.sampled_from(["2008", "2008-09", "2013-12-13", "2014", "2100", "1", "9999"]),
)
limits = st.one_of(st.integers(-3, 50), non_strings, st.sampled_from(["3", 2.5, True]))


def documented(f: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Any:
    """Call ``f``; return its answer or the documented error it raised.

    Anything else (an internal AttributeError, a TypeError from deep inside,
    a DatasetError from a query) propagates and fails the test.
    """
    try:
        return f(*args, **kwargs)
    except DOCUMENTED as exc:
        message = str(exc)
        assert message.strip(), f"{type(exc).__name__} without a message"
        assert "Traceback" not in message
        note(f"{type(exc).__name__}: {message[:200]}")
        event(type(exc).__name__)
        return exc


RECORD_TYPES = KINDS.classes


def is_records(value: object, limit: int | None = None) -> bool:
    return (
        isinstance(value, tuple)
        and all(isinstance(r, RECORD_TYPES) for r in value)
        and (limit is None or len(value) <= limit)
    )


# -- top-level queries --------------------------------------------------------


@given(key=junk)
@example(key="\ud800")
@example(key="x" * 1001)
def test_lookup_junk(key: Any) -> None:
    result = documented(palermo.lookup, key)
    assert isinstance(result, (*RECORD_TYPES, *DOCUMENTED))
    if isinstance(result, NotFoundError):
        assert all(isinstance(s, str) for s in result.suggestions)


@given(text=junk, limit=limits)
def test_search_junk(text: Any, limit: Any) -> None:
    result = documented(palermo.search, text, limit)
    if not isinstance(result, Exception):
        assert is_records(result, limit)
        assert len(set(map(id, result))) == len(result)


@given(record=st.one_of(junk, st.sampled_from(list(palermo.bundled().records())[:20])))
def test_related_junk(record: Any) -> None:
    result = documented(palermo.related, record)
    if not isinstance(result, Exception):
        assert isinstance(result, tuple)
        assert all(isinstance(link, palermo.Link) for link in result)


@given(date=dates)
def test_at_junk(date: Any) -> None:
    result = documented(palermo.at, date)
    assert isinstance(result, (palermo.Snapshot, InvalidQueryError))


@given(on=st.none() | dates)
def test_observed_junk(on: Any) -> None:
    result = documented(palermo.observed, on)
    if not isinstance(result, Exception):
        assert all(isinstance(o, palermo.Observance) for o in result)


@given(start=st.none() | dates, end=st.none() | dates)
def test_timeline_junk(start: Any, end: Any) -> None:
    result = documented(palermo.timeline, start, end)
    if not isinstance(result, Exception):
        assert all(isinstance(e, palermo.Event) for e in result)
        assert list(result) == sorted(result, key=lambda e: e.date.sort_key())


@pytest.mark.skipif(os.name == "nt", reason="POSIX paths")
@fuzz_settings()
@given(path=st.one_of(non_strings, odd_text, st.sampled_from(IMPOSSIBLE_DATES)))
@example(path="")
@example(path="a" * 5000)
def test_load_junk_path(path: Any) -> None:
    # Only ever reads: a junk path that happens to be a folder loads it.
    try:
        result = palermo.load(path)
    except (InvalidQueryError, DatasetError) as exc:
        assert str(exc).strip()
        event(type(exc).__name__)
    else:
        assert isinstance(result, palermo.Dataset)
        assert isinstance(path, (str, pathlib.Path))
        assert str(path).strip()


@fuzz_settings()
@given(
    data=st.one_of(
        non_strings.filter(lambda v: v != {}),  # an empty mapping is an empty dataset
        strings,
        st.dictionaries(
            st.sampled_from(COLLECTIONS),
            st.one_of(non_strings, st.lists(junk, min_size=1, max_size=2)).filter(
                lambda v: not isinstance(v, (list, tuple, dict)) or len(v) > 0
            ),
            min_size=1,
        ),
        st.dictionaries(
            st.text(max_size=5).filter(lambda k: k not in COLLECTIONS), st.just(()), min_size=1
        ),
    ),
    target=st.sampled_from(["file", "under-file", "empty", "blank", "nul", "type"]),
)
@example(data=None, target="file")
def test_dump_bad_target_or_data(data: Any, target: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        file = pathlib.Path(tmp) / "a-file"
        file.write_text("x")
        path: Any = {
            "file": file,
            "under-file": file / "sub",
            "empty": "",
            "blank": "  ",
            "nul": str(file) + "\x00",
            "type": 3,
        }[target]
        # Good data to a bad place, bad data to a good place, both bad.
        for args in ((palermo.bundled(), path), (data, pathlib.Path(tmp) / "out"), (data, path)):
            with pytest.raises(InvalidQueryError) as info:
                palermo.dump(*args)
            assert str(info.value).strip()
        assert file.read_text() == "x"


def test_bundled_takes_no_arguments() -> None:
    with pytest.raises(TypeError):
        palermo.bundled(1)  # type: ignore[call-arg]
    assert palermo.bundled() is palermo.bundled()


# -- collections ----------------------------------------------------------------

collections = st.sampled_from(COLLECTIONS)


@given(name=collections, key=junk)
@example(name="resolutions", key="\uff15\uff15/\uff12\uff15")
def test_collection_get_lookup_getitem_junk(name: str, key: Any) -> None:
    coll = getattr(palermo, name)
    got = documented(coll.get, key)
    looked = documented(coll.lookup, key)
    item = documented(coll.__getitem__, key)
    assert type(looked) is type(item)
    if isinstance(got, RECORD_TYPES):
        assert looked is got
        assert item is got
    elif got is None:
        assert isinstance(looked, NotFoundError)
        assert looked.kind == coll.kind
    else:
        assert type(got) is type(looked)
    sentinel = object()
    with_default = documented(coll.get, key, sentinel)
    if got is None:
        assert with_default is sentinel
    elif isinstance(got, RECORD_TYPES):
        assert with_default is got
    else:
        assert type(with_default) is type(got)


@given(name=collections, key=junk, limit=limits)
def test_collection_search_junk(name: str, key: Any, limit: Any) -> None:
    coll = getattr(palermo, name)
    result = documented(coll.search, key, limit)
    if not isinstance(result, Exception):
        assert is_records(result, limit)
        assert all(r in coll for r in result)


@fuzz_settings()
@given(name=collections, key=junk, n=limits)
@example(name="sources", key="x", n=0)
def test_collection_suggest_junk(name: str, key: Any, n: Any) -> None:
    result = documented(getattr(palermo, name).suggest, key, n)
    if not isinstance(result, Exception):
        assert isinstance(result, tuple)
        assert all(isinstance(s, str) for s in result)
        assert len(result) <= n


@fuzz_settings()
@given(name=collections, item=junk)
@example(name="sources", item="")
def test_collection_contains_junk(name: str, item: Any) -> None:
    # ``in`` answers yes or no, whatever it is asked.
    assert (item in getattr(palermo, name)) in (True, False)


@given(
    name=collections,
    fields=st.dictionaries(
        st.one_of(
            st.sampled_from(["id", "title", "adopted", "symbol", "sources", "kind", "date"]),
            st.text(max_size=8),
        ),
        junk,
        max_size=3,
    ),
    predicate=st.one_of(st.none(), non_strings, st.just(lambda r: True)),
)
def test_collection_filter_junk(name: str, fields: dict[str, Any], predicate: Any) -> None:
    coll = getattr(palermo, name)
    result = documented(coll.filter, predicate, **fields)
    if not isinstance(result, Exception):
        assert is_records(result)
        assert set(result) <= set(coll)


# -- statistics -----------------------------------------------------------------

measures = st.one_of(junk, st.sampled_from(palermo.statistics.measures))


@given(measure=measures, date=dates)
def test_statistics_junk(measure: Any, date: Any) -> None:
    stats = palermo.statistics
    series = documented(stats.series, measure)
    latest = documented(stats.latest, measure)
    best = documented(stats.as_of, measure, date)
    every = documented(stats.as_of_all, measure, date)
    if isinstance(series, tuple):
        assert series
        assert latest in series
        if isinstance(best, palermo.Statistic):
            assert best in series
            # as_of serves the best-supported claim: either one of the claims of
            # the latest day known, or an earlier one when all of those are demoted.
            assert best in every or all(stats.demoted(s) for s in every)
        elif best is None:
            assert every == ()
    else:
        assert type(latest) is type(series)


# -- participation --------------------------------------------------------------

participants = st.one_of(junk, st.sampled_from(["France", "TUR", "DE", "European Union"]))
instruments = st.one_of(junk, st.sampled_from(participation.instrument_ids()))


@given(who=participants, what=instruments, on=st.none() | dates)
def test_participation_junk(who: Any, what: Any, on: Any) -> None:
    status = documented(participation.status, who, what, on)
    count = documented(participation.count, what, on)
    parties = documented(participation.parties, what, on)
    documented(participation.signatories, what, on)
    if isinstance(count, int):
        assert isinstance(parties, tuple)
        assert count == len(parties)
        if not isinstance(status, Exception):
            assert status.is_party == (status.participant in parties)
    if isinstance(count, NotCoveredError):
        assert count.covered_until is not None
        assert "cannot say" in str(count)


@given(key=participants, what=st.none() | instruments)
def test_participation_lookups_junk(key: Any, what: Any) -> None:
    documented(participation.history, key)
    documented(participation.participant, key)
    documented(participation.participants, what)
    for f in (participation.covered_until, participation.table, participation.timeline):
        documented(f, what)


# -- value parsers: ValueError or TypeError by design -------------------------
#
# PartialDate.parse: TypeError for a non-string, ValueError for a bad string.
# PartialDate.coerce: ValueError for anything that is not a date.
# Period.parse: ValueError for anything, non-strings included.
# Symbol.parse: TypeError for a non-string, ValueError for a bad string.


@given(value=junk | dates)
@example(value="\uff12\uff10\uff12\uff10")
def test_date_parsers_junk(value: Any) -> None:
    try:
        d = PartialDate.parse(value)
    except TypeError as exc:
        assert not isinstance(value, str)
        assert "expected a date string" in str(exc)
    except ValueError as exc:
        assert isinstance(value, str)
        assert str(exc).strip()
    else:
        assert PartialDate.parse(str(d)) == d
    try:
        c = PartialDate.coerce(value)
    except ValueError as exc:
        assert str(exc).strip()
    else:
        assert isinstance(c, PartialDate)


@fuzz_settings()
@given(text=st.text(st.characters(categories=["Nd"]), min_size=4, max_size=4))
@example(text="\uff12\uff10\uff12\uff10")
def test_only_ascii_digits_are_dates(text: str) -> None:
    if text.isascii() and text != "0000":
        assert str(PartialDate.parse(text)) == text
    else:
        with pytest.raises(ValueError, match=r"(not a date|out of range)"):
            PartialDate.parse(text)


@given(value=junk | st.builds(lambda a, b: f"{a}/{b}", strings, strings))
def test_period_parse_junk(value: Any) -> None:
    try:
        p = Period.parse(value)
    except ValueError as exc:
        assert str(exc).strip()
    else:
        assert Period.parse(str(p)) == p


@fuzz_settings()
@given(value=junk)
@example(value="S/RES/1 (0000)")
@example(value="\uff15\uff15/\uff12\uff15")
def test_symbol_parse_junk(value: Any) -> None:
    try:
        s = Symbol.parse(value)
    except TypeError as exc:
        assert not isinstance(value, str)
        assert "expected a symbol string" in str(exc)
    except ValueError as exc:
        assert isinstance(value, str)
        assert "is not a UN resolution symbol" in str(exc)
    else:
        # Whatever parses prints in its normal form and parses back to itself.
        assert str(s).isascii()
        assert Symbol.parse(str(s)) == s


# -- the command line ------------------------------------------------------------

COMMANDS = (
    "show",
    "search",
    "list",
    "timeline",
    "series",
    "status",
    "validate",
    "export",
    "cite",
    "diff",
)
OPTIONS = (
    "--json",
    "--data",
    "--limit",
    "--start",
    "--end",
    "--as-of",
    "--on",
    "--version",
    "--format",
    "--style",
    "--over-bundled",
    "-h",
)
cli_words = st.one_of(
    st.sampled_from(OPTIONS),
    st.sampled_from(COLLECTIONS),
    st.sampled_from(REAL_KEYS),
    st.text(max_size=20).filter(lambda s: not s.startswith("-") or s in OPTIONS),
    st.sampled_from(IMPOSSIBLE_DATES),
    st.sampled_from(["-1", "0", "5", "/nonexistent", ".", "\x00"]),
)


@contextlib.contextmanager
def captured() -> Iterator[tuple[io.StringIO, io.StringIO]]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        yield out, err


def run_cli(argv: list[str]) -> tuple[int, str, str]:
    with captured() as (out, err):
        try:
            code = main(argv, out=out)
        except SystemExit as exc:  # argparse's own errors and --help
            code = exc.code if isinstance(exc.code, int) else 2
    return code, out.getvalue(), err.getvalue()


@fuzz_settings()
@given(
    command=st.one_of(st.sampled_from(COMMANDS), st.text(max_size=8)),
    words=st.lists(cli_words, max_size=5),
)
@example(command="show", words=["x", "--data", ""])
@example(command="series", words=["tip-protocol.parties", "--as-of", "2020-02-30"])
def test_cli_junk(command: str, words: list[str]) -> None:
    # No subcommand writes: a junk word that names a real folder is only read.
    code, _out, err = run_cli([command, *words])
    event(f"exit {code}")
    assert code in (0, 1, 2), (code, err)
    assert "Traceback" not in err
    if code != 0:
        assert err.strip()


@pytest.mark.parametrize(
    ("argv", "code", "stream", "text"),
    [
        (["show", "Palermo Protocl"], 1, "err", "did you mean"),
        (["show", ""], 2, "err", "empty"),
        (["show", "\x01\x02"], 1, "err", "matches"),
        (["series", "tip-protocol.parties", "--as-of", "2020-02-30"], 2, "err", "does not exist"),
        (["show", "untoc", "--data", "/nonexistent/folder"], 2, "err", "not a folder"),
        (["list", "nothing"], 2, "err", "invalid choice"),
        (["show", "untoc", "--json"], 0, "out", '"id": "untoc"'),
    ],
)
def test_cli_subprocess(argv: list[str], code: int, stream: str, text: str) -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.run(
        [sys.executable, "-m", "palermo", *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr
    assert text in (proc.stdout if stream == "out" else proc.stderr)
    if "--json" in argv:
        assert json.loads(proc.stdout)["id"] == "untoc"


# -- corrupted dataset files -----------------------------------------------------

FILE_OF = {attr: name for attr, name, _ in dataset_module.FILES}


def write(data: dict[str, tuple[Any, ...]], folder: pathlib.Path) -> dict[str, list[Any]]:
    palermo.dump(data, folder)
    return {
        name: json.loads((folder / name).read_text(encoding="utf-8")) for name in FILE_OF.values()
    }


def expect_error(
    folder: pathlib.Path, file: str, record: str | None, field: str | None
) -> DatasetError:
    with pytest.raises(DatasetError) as info:
        palermo.load(folder)  # a partly loaded dataset is never returned
    err = info.value
    note(str(err))
    assert err.file == file, str(err)
    assert err.record == record, str(err)
    if field is None:
        assert err.field is None, str(err)
    else:
        assert err.field is not None, str(err)
        assert err.field.startswith(field), str(err)
    assert file in str(err)
    assert err.problem.strip()
    return err


FILE_CORRUPTIONS = ["truncated", "encoding", "huge", "not-array", "not-object", "empty"]
FILE_CORRUPTIONS += ["duplicate-key", "huge-number"]


@fuzz_settings()
@given(data=datasets(max_records=3), how=st.sampled_from(FILE_CORRUPTIONS), draw=st.data())
def test_corrupted_file(data: dict[str, tuple[Any, ...]], how: str, draw: st.DataObject) -> None:
    event(how)
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        rows = write(data, folder)
        name = draw.draw(st.sampled_from(sorted(n for n, r in rows.items() if r)), label="file")
        path = folder / name
        raw = path.read_bytes()
        record: str | None = None
        field: str | None = None
        if how == "truncated":
            path.write_bytes(raw[: draw.draw(st.integers(0, len(raw.rstrip()) - 2), label="cut")])
        elif how == "encoding":
            at = draw.draw(st.integers(0, len(raw) - 1), label="at")
            bad = draw.draw(
                st.sampled_from([b"\xff", b"\xc3", b"\xed\xa0\x80", b"\x80"]), label="bytes"
            )
            path.write_bytes(raw[:at] + bad + raw[at:])
        elif how == "huge":
            # Make it the largest file, then lower the limit just below it.
            biggest = max(p.stat().st_size for p in folder.iterdir())
            path.write_bytes(raw + b" " * (biggest + 1 - len(raw)))
            with mock.patch.object(palermo._io, "MAX_FILE_BYTES", biggest):
                err = expect_error(folder, name, None, None)
            assert "larger than" in str(err)
            return
        elif how == "not-array":
            values = ['{"id": "x"}', '"x"', "5", "true", "null"]
            value = draw.draw(st.sampled_from(values), label="content")
            path.write_text(value)
        elif how == "not-object":
            i = draw.draw(st.integers(0, len(rows[name]) - 1), label="index")
            rows[name][i] = draw.draw(st.sampled_from([5, "x", None, [], True]), label="row")
            path.write_text(json.dumps(rows[name]))
            record = f"#{i}"
        elif how == "empty":
            path.write_text(draw.draw(st.sampled_from(["", " ", "\n"])))
        elif how == "duplicate-key":
            i = draw.draw(st.integers(0, len(rows[name]) - 1), label="index")
            key = draw.draw(st.sampled_from(sorted(rows[name][i])), label="key")
            text = json.dumps(rows[name][i])
            dup = text[:-1] + f", {json.dumps(key)}: {json.dumps(rows[name][i][key])}}}"
            record, field = rows[name][i]["id"], key
            rows[name][i] = "@@"
            path.write_text(json.dumps(rows[name]).replace('"@@"', dup))
        elif how == "huge-number":
            i = draw.draw(st.integers(0, len(rows[name]) - 1), label="index")
            rows[name][i]["id"] = "@@"
            path.write_text(json.dumps(rows[name]).replace('"@@"', "1" * 5000))
        if how in ("huge-number", "truncated", "encoding", "not-array", "empty"):
            record = field = None
        expect_error(folder, name, record, field)


# What each field must hold, to make a value of the wrong type for it.
_WRONG: dict[str, list[Any]] = {
    "str": [5, True, ["x"], {"a": 1}, 1.5],
    "bool": ["yes", 1, None, [True]],
    "int": ["16", 1.5, True, None, [1]],
    "number": ["178", True, None, [1], {"v": 1}],
    "list": [5, True, None],
    "date": [2020, True, ["2020"], {"y": 2020}],
}
_WRONG["number"] += [math.nan, math.inf]


def optional(cls: type[Any], name: str) -> bool:
    attrs.resolve_types(cls)
    return "None" in str(attrs.fields_dict(cls)[name].type)


def field_kind(cls: type[Any], name: str) -> str:
    attrs.resolve_types(cls)
    t = str(attrs.fields_dict(cls)[name].type)
    if "tuple" in t:
        return "list"
    if "PartialDate" in t or "Period" in t or "Symbol" in t:
        return "date"
    if t.startswith("<class 'bool'>") or t == "bool":
        return "bool"
    if "int | float" in t:
        return "number"
    if "int" in t:
        return "int"
    return "str"


_REFS: dict[str, tuple[tuple[str, bool], ...]] = {
    "instruments.json": (("adopted_by", False), ("supplements", False), ("custodian", False)),
    "resolutions.json": (("adopts", True), ("establishes", True)),
    "agencies.json": (
        ("established_by", False),
        ("parent", False),
        ("members", True),
        ("guardian_of", True),
        ("manages", True),
    ),
    "statistics.json": (("about", True),),
    "disagreements.json": (("subject", True),),
    "sdg_targets.json": (),
}
RECORD_CORRUPTIONS = [
    "wrong-type",
    "unknown-field",
    "missing-field",
    "duplicate-id",
    "dangling-reference",
    "no-sources",
    "unknown-source",
    "bad-date",
    "date-order",
    "bad-id",
]
BAD_DATES = list(IMPOSSIBLE_DATES)


@fuzz_settings()
@given(data=datasets(max_records=3), how=st.sampled_from(RECORD_CORRUPTIONS), draw=st.data())
def test_corrupted_record(data: dict[str, tuple[Any, ...]], how: str, draw: st.DataObject) -> None:
    event(how)
    classes = {n: cls for _, n, cls in dataset_module.FILES}
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp)
        rows = write(data, folder)
        name = draw.draw(st.sampled_from(sorted(n for n, r in rows.items() if r)), label="file")
        i = draw.draw(st.integers(0, len(rows[name]) - 1), label="index")
        row = rows[name][i]
        rid = row["id"]
        field: str | None
        cls = classes[name]
        record: str | None = rid
        if how == "wrong-type":
            field = draw.draw(st.sampled_from(sorted(row)), label="field")
            wrong = _WRONG[field_kind(cls, field)]
            if optional(cls, field):
                wrong = [w for w in wrong if w is not None]
            row[field] = draw.draw(st.sampled_from(wrong), label="value")
            if field == "id":
                record = f"#{i}"
        elif how == "unknown-field":
            key = draw.draw(st.text(min_size=1, max_size=10).filter(lambda k: k not in row))
            row[key] = draw.draw(st.one_of(st.none(), st.integers(), st.text(max_size=5)))
            field = None
        elif how == "missing-field":
            required = [a.name for a in attrs.fields(cls) if a.default is attrs.NOTHING]
            field = draw.draw(st.sampled_from(required), label="field")
            del row[field]
            if field == "id":
                record = f"#{i}"
        elif how == "duplicate-id":
            assume(len(rows[name]) > 1)
            other = rows[name][(i + 1) % len(rows[name])]["id"]
            row["id"] = record = other
            field = "id"
        elif how == "dangling-reference":
            choices = list(_REFS.get(name, ())) + (
                [] if name == "sources.json" else [("sources", True)]
            )
            assume(choices)
            field, many = draw.draw(st.sampled_from(choices), label="reference")
            row[field] = [*row.get(field, []), "no-such-record"] if many else "no-such-record"
        elif how == "no-sources":
            assume(name != "sources.json")
            row["sources"] = []
            field = "sources"
        elif how == "unknown-source":
            # A cited source disappears: the first record citing it is named.
            cited = sorted(
                {
                    s
                    for n, rs in rows.items()
                    if n != "sources.json"
                    for r in rs
                    for s in r.get("sources", [])
                }
            )
            assume(cited)
            gone = draw.draw(st.sampled_from(cited), label="source")
            rows["sources.json"] = [s for s in rows["sources.json"] if s["id"] != gone]
            (folder / "sources.json").write_text(json.dumps(rows["sources.json"]))
            with pytest.raises(DatasetError, match=f"no source has id '{gone}'") as info:
                palermo.load(folder)
            assert info.value.field is not None
            assert "sources" in info.value.field
            return
        elif how == "bad-date":
            dated = [
                f for f in row if field_kind(cls, f) == "date" and f not in ("symbol", "period")
            ]
            assume(dated)
            field = draw.draw(st.sampled_from(dated), label="field")
            row[field] = draw.draw(st.sampled_from(BAD_DATES), label="date")
        elif how == "date-order":
            assume(name == "instruments.json" and row.get("adopted"))
            adopted = PartialDate.parse(row["adopted"])
            assume(adopted.year > 1)
            field = draw.draw(st.sampled_from(["entry_into_force", "opened_for_signature"]))
            row[field] = str(adopted.year - 1)
        else:  # bad-id
            bad_ids = ["", "UN ODC", "-x", "a/b", "\u00e9", "a" * 201]
            row["id"] = record = draw.draw(st.sampled_from([*bad_ids, "x\n"]))
            field = "id"
        (folder / name).write_text(json.dumps(rows[name]), encoding="utf-8")
        err = expect_error(folder, name, record, field)
        if how == "unknown-field":
            assert key in str(err)


def test_regression_repeated_key_and_huge_number() -> None:
    with pytest.raises(DatasetError) as info:
        _load_text("agencies.json", '[{"id": "a", "id": "b", "name": "N", "kind": "fund"}]')()
    assert (info.value.file, info.value.record, info.value.field) == ("agencies.json", "a", "id")
    with pytest.raises(DatasetError, match="not valid JSON"):
        _load_text("statistics.json", "[" + _STAT % ("1" + "0" * 5000) + "]")()


@pytest.mark.parametrize("number", ["NaN", "Infinity", "-Infinity", "1e400"])
def test_regression_non_finite_figures_are_refused(number: str) -> None:
    with pytest.raises(DatasetError) as info:
        _load_text("statistics.json", "[" + _STAT % number + "]")()
    assert (info.value.file, info.value.record, info.value.field) == (
        "statistics.json",
        "x",
        "value",
    )


def test_regression_id_with_a_trailing_newline_is_refused() -> None:
    with pytest.raises(DatasetError, match="ids use"):
        _load_text(
            "sources.json", '[{"id": "s\\n", "title": "T", "publisher": "P", "kind": "web page"}]'
        )()


def test_regression_a_file_holding_null_is_not_an_empty_collection() -> None:
    with pytest.raises(DatasetError, match="expected a JSON array, got null") as info:
        _load_text("instruments.json", "null")()
    assert info.value.file == "instruments.json"


def test_regression_a_folder_where_a_file_belongs() -> None:
    with pytest.raises(DatasetError, match="not a file"):
        _folder_as_file()


def test_a_corrupted_folder_does_not_touch_the_bundled_data(tmp_path: pathlib.Path) -> None:
    before = tuple(palermo.bundled().records())
    (tmp_path / "instruments.json").write_text("[", encoding="utf-8")
    with pytest.raises(DatasetError):
        palermo.load(tmp_path)
    assert tuple(palermo.bundled().records()) == before
    assert palermo.lookup("untoc").id == "untoc"
