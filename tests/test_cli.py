"""The command line, run as a real subprocess."""

from __future__ import annotations

import csv
import io
import json
import pathlib
import subprocess
import sys

import pytest

import palermo


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "palermo", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_show_human() -> None:
    done = run("show", "Palermo Protocol")
    assert done.returncode == 0, done.stderr
    assert "Instrument tip-protocol" in done.stdout
    assert "2003-12-25" in done.stdout
    assert "sources:" in done.stdout


def test_show_json() -> None:
    done = run("show", "55/25", "--json")
    assert done.returncode == 0
    data = json.loads(done.stdout)
    assert data["record_type"] == "Resolution"
    assert data["symbol"] == "A/RES/55/25"


def test_search() -> None:
    done = run("search", "palermo protocol", "--json", "--limit", "3")
    assert done.returncode == 0
    assert json.loads(done.stdout)[0]["id"] == "tip-protocol"
    human = run("search", "blue heart")
    assert "blue-heart" in human.stdout


def test_list() -> None:
    done = run("list", "instruments", "--json")
    ids = [r["id"] for r in json.loads(done.stdout)]
    assert ids == sorted(ids)
    assert "untoc" in ids


def test_timeline() -> None:
    done = run("timeline", "--start", "2003", "--end", "2003")
    assert done.returncode == 0
    assert "2003-12-25" in done.stdout
    assert "2010" not in done.stdout


def test_series_and_as_of() -> None:
    done = run("series", "tip-protocol.parties")
    assert "80 parties" in done.stdout
    as_of = run("series", "tip-protocol.parties", "--as-of", "2008-12-31", "--json")
    assert [r["value"] for r in json.loads(as_of.stdout)] == [124]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("show", "Palermo Protocl"), 1, "did you mean"),
        (("series", "no.such-measure"), 1, "no measure"),
        (("show", "   "), 2, "empty"),
        (("timeline", "--start", "2020-13"), 2, "bad start"),
        (("list", "nothing"), 2, "invalid choice"),
        ((), 2, "usage"),
    ],
)
def test_errors_have_exit_codes_and_messages(
    args: tuple[str, ...], code: int, message: str
) -> None:
    done = run(*args)
    assert done.returncode == code
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""


def test_version() -> None:
    done = run("--version")
    assert done.returncode == 0
    assert "data 2026.12.0" in done.stdout


def test_status() -> None:
    done = run("status", "FR", "Palermo Protocol", "--on", "2010-01-01")
    assert done.returncode == 0, done.stderr
    assert "party" in done.stdout
    assert "2002-10-29" in done.stdout
    data = json.loads(run("status", "France", "XVIII-12-a", "--on", "2010", "--json").stdout)
    assert data["status"] == "party"
    assert data["party_since"] == "2002-10-29"


def test_status_after_the_complete_record_answers() -> None:
    done = run("status", "France", "Palermo Protocol", "--on", "2024-01-01")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        "France: party to the Trafficking in Persons Protocol since 2002-10-29"
    )
    unknown = run("status", "Somalia", "Palermo Protocol", "--json")
    assert json.loads(unknown.stdout)["status"] == "unknown"


def test_parties_on_a_date() -> None:
    done = run("parties", "untoc", "--on", "2005-03-04")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "untoc on 2005-03-04: 100 parties"
    assert len(lines) == 101
    later = run("parties", "Palermo Protocol", "--json")
    body = json.loads(later.stdout)
    assert body["count"]["complete"] is False
    assert body["count"]["headline_parties"] == 182
    assert len(body["parties"]) == body["count"]["known"]
    as_csv = run("parties", "XVIII-12-c", "--on", "2010", "--csv")
    assert as_csv.stdout.splitlines()[0].startswith("record_type,participant,participant_id")


def test_validate(tmp_path: pathlib.Path) -> None:
    good = tmp_path / "good"
    good.mkdir()
    (good / "sources.json").write_text(
        '[{"id": "s", "title": "T", "publisher": "P", "kind": "web page"}]', encoding="utf-8"
    )
    done = run("validate", str(good), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["counts"]["sources"] == 1
    (good / "agencies.json").write_text(
        '[{"id": "x", "name": "X", "kind": "fund", "sources": ["nope"]}]', encoding="utf-8"
    )
    bad = run("validate", str(good))
    assert bad.returncode == 2
    assert "agencies.json: record x: field sources[0]" in bad.stderr


def test_export_csv_keeps_sources() -> None:
    done = run("export", "resolutions", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert {r["id"] for r in rows} >= {"a-res-55-25", "a-res-64-293"}
    assert all(r["sources"] and r["source_ids"] for r in rows)


def test_export_json() -> None:
    done = run("export", "sdg_targets")
    data = json.loads(done.stdout)
    assert [r["record_type"] for r in data] == ["SDGTarget"] * len(data)


@pytest.mark.parametrize("style", ["text", "bibtex", "csl-json"])
def test_cite(style: str) -> None:
    done = run("cite", "--style", style)
    assert done.returncode == 0
    assert "2026.12.0" in done.stdout
    if style == "csl-json":
        assert json.loads(done.stdout)


def test_cite_bad_style() -> None:
    done = run("cite", "--style", "mla")
    assert done.returncode == 2
    assert "bibtex" in done.stderr


def test_diff_against_the_bundled_data(tmp_path: pathlib.Path) -> None:
    palermo.dump(palermo.bundled(), tmp_path)
    rows = json.loads((tmp_path / "agencies.json").read_text(encoding="utf-8"))
    rows[0]["name"] = "Renamed"
    (tmp_path / "agencies.json").write_text(json.dumps(rows), encoding="utf-8")
    done = run("diff", str(tmp_path), "--json")
    assert done.returncode == 0, done.stderr
    assert rows[0]["id"] in done.stdout
    same = run("diff", str(tmp_path), str(tmp_path))
    assert same.returncode == 0
