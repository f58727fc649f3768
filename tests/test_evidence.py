"""Field-level evidence: every stated value names the sources that state it."""

from __future__ import annotations

import json
import pathlib
import subprocess
import sys
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import palermo
from palermo.model._evidence import stated_fields

KINDS_WITH_EVIDENCE = ("instruments", "resolutions", "agencies", "sdg_targets", "statistics")
FOUNDING = ("a-res-55-25", "a-res-55-255", "a-res-61-180", "a-res-64-293")


def _stated_values() -> list[tuple[Any, str]]:
    out = []
    for name in KINDS_WITH_EVIDENCE:
        for r in palermo.bundled().collection(name):
            for field in stated_fields(type(r)):
                value = getattr(r, field)
                default = attrs.fields_dict(type(r))[field].default
                if value in (None, (), "") or value == default:
                    continue
                if field == "indicators":
                    out += [
                        (r, f"indicators[{i.code}].{sub}")
                        for i in value
                        for sub in ("code", "text")
                    ]
                else:
                    out.append((r, field))
    return out


def test_at_least_99_percent_of_stated_values_name_a_source() -> None:
    values = _stated_values()
    named = [
        (r.id, f)
        for r, f in values
        if len(palermo.evidence(r, f)) and palermo.evidence(r, f).basis == "field"
    ]
    assert len(values) > 600
    assert len(named) / len(values) >= 0.99, sorted({(r.id, f) for r, f in values} - set(named))


def test_every_bundled_record_of_the_framework_has_field_level_evidence() -> None:
    for name in KINDS_WITH_EVIDENCE:
        for r in palermo.bundled().collection(name):
            assert r.evidence, r.id


@pytest.mark.parametrize("rid", FOUNDING)
def test_founding_resolutions_are_evidenced_by_their_publisher(rid: str) -> None:
    for field in ("symbol", "adopted"):
        assert palermo.evidence(rid, field).primary, (rid, field)


def test_evidence_of_one_field() -> None:
    ev = palermo.evidence("tip-protocol", "entry_into_force")
    assert ev.basis == "field"
    assert str(ev.value) == "2003-12-25"
    assert ev.sources[0].id == "untc-xviii-12-a"
    # Best first: the most primary kind of source leads.
    ranks = [s.kind.rank for s in ev]
    assert ranks == sorted(ranks, reverse=True)
    assert ev.sources[0].kind is palermo.SourceKind.DATABASE


def test_evidence_of_a_nested_value() -> None:
    ev = palermo.evidence("sdg-16.2", "indicators[16.2.2].text")
    assert ev.value.startswith("Number of victims of human trafficking")
    assert ev.sources
    by_position = palermo.evidence("sdg-16.2", "indicators[1].text")
    assert by_position.value == ev.value


def test_our_own_words_and_sources_themselves() -> None:
    assert palermo.evidence("untoc", "description").basis == "ours"
    assert palermo.evidence("untoc", "description").sources == ()
    own = palermo.evidence("untc-xviii-12-a", "title")
    assert own.basis == "self"
    assert own.sources == (palermo.sources.get("untc-xviii-12-a"),)


def test_bad_questions_get_documented_errors() -> None:
    with pytest.raises(palermo.NotFoundError, match="no-such-record"):
        palermo.evidence("no-such-record", "title")
    with pytest.raises(palermo.InvalidQueryError, match="no stated field 'titel'") as info:
        palermo.evidence("untoc", "titel")
    assert "title" in str(info.value)  # it lists the fields
    with pytest.raises(palermo.InvalidQueryError, match="must be a string"):
        palermo.evidence("untoc", 3)  # type: ignore[arg-type]
    with pytest.raises(palermo.InvalidQueryError):
        palermo.evidence("sdg-16.2", "indicators[99.9.9].text")


# -- checks at load ---------------------------------------------------------------------

_SOURCE = {"id": "s", "title": "T", "publisher": "P", "kind": "web page"}
_OTHER = {"id": "t", "title": "U", "publisher": "P", "kind": "report"}


def _load(tmp: pathlib.Path, stat: dict[str, Any]) -> palermo.Dataset:
    (tmp / "sources.json").write_text(json.dumps([_SOURCE, _OTHER]), encoding="utf-8")
    (tmp / "statistics.json").write_text(json.dumps([stat]), encoding="utf-8")
    return palermo.load(tmp)


def _stat(**changes: Any) -> dict[str, Any]:
    base = {"id": "x", "measure": "m", "value": 1, "unit": "u", "date": "2020", "sources": ["s"]}
    return {**base, **changes}


@pytest.mark.parametrize(
    ("evidence", "sources", "field", "problem"),
    [
        ({"valu": ["s"]}, ["s"], "evidence.valu", "no stated field"),
        ({"value": ["t"]}, ["s"], "evidence.value", "not in the record's sources"),
        ({"value": ["s"]}, ["s", "t"], "sources", "'t' supports no field"),
        ({"period": ["s"]}, ["s"], "evidence.period", "holds no value"),
        ({"value": []}, ["s"], "evidence.value", "cites no source"),
        ({"description": ["s"]}, ["s"], "evidence.description", "no stated field"),
        ({"value": [{"source": "s", "page": "3"}]}, ["s"], "evidence", "locator"),
        ({"value": "s"}, ["s"], "evidence", "expected a list"),
    ],
)
def test_evidence_is_checked_at_load(
    tmp_path: pathlib.Path, evidence: Any, sources: list[str], field: str, problem: str
) -> None:
    with pytest.raises(palermo.DatasetError) as info:
        _load(tmp_path, _stat(evidence=evidence, sources=sources))
    err = info.value
    assert (err.file, err.record) == ("statistics.json", "x")
    assert err.field is not None
    assert err.field.startswith(field), err
    assert problem in str(err)


def test_evidence_naming_a_source_nobody_has(tmp_path: pathlib.Path) -> None:
    with pytest.raises(palermo.DatasetError, match="no source has id 'nowhere'") as info:
        _load(tmp_path, _stat(sources=["s", "nowhere"], evidence={"value": ["s", "nowhere"]}))
    assert info.value.field == "sources[1]"


def test_a_dataset_without_field_evidence_loads_and_says_so(tmp_path: pathlib.Path) -> None:
    ds = _load(tmp_path, _stat(sources=["s", "t"]))
    ev = ds.evidence("x", "value")
    assert ev.basis == "record"
    assert [s.id for s in ev] == ["t", "s"]  # the report before the web page


def test_locators_round_trip(tmp_path: pathlib.Path) -> None:
    ds = _load(
        tmp_path,
        _stat(sources=["s", "t"], evidence={"value": [{"source": "t", "locator": "p. 3"}, "s"]}),
    )
    assert ds.evidence("x", "value").cites[0][1] == "p. 3"
    out = tmp_path / "out"
    palermo.dump(ds, out)
    written = json.loads((out / "statistics.json").read_text(encoding="utf-8"))[0]["evidence"]
    assert written == {"value": [{"source": "t", "locator": "p. 3"}, "s"]}


@given(st.sampled_from(_stated_values()))
def test_every_stated_value_answers(pair: tuple[Any, str]) -> None:
    record, field = pair
    ev = palermo.evidence(record, field)
    assert ev.record is record
    assert ev.basis in ("field", "none")
    assert all(isinstance(s, palermo.Source) for s in ev)
    assert {s.id for s in ev} <= set(record.sources)


# -- the command line, display and citation --------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "palermo", *args], capture_output=True, text=True, check=False
    )


def test_why_prints_the_value_and_its_sources() -> None:
    done = _cli("why", "Palermo Protocol", "entry_into_force")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "tip-protocol.entry_into_force = 2003-12-25"
    assert "treaties.un.org" in done.stdout


def test_why_json() -> None:
    done = _cli("why", "sdg-16.2", "indicators[16.2.2].text", "--json")
    row = json.loads(done.stdout)
    assert row["basis"] == "field"
    assert {"id", "title", "publisher", "date", "url", "locator"} <= set(row["sources"][0])


def test_why_with_a_bad_field_exits_2() -> None:
    done = _cli("why", "untoc", "titel")
    assert done.returncode == 2
    assert "no stated field" in done.stderr


def test_show_puts_each_fields_sources_beside_it() -> None:
    line = next(
        row
        for row in palermo.display.text(palermo.instruments.get("untoc")).splitlines()
        if row.strip().startswith("unts")
    )
    assert "untc-xviii-12-mtdsg" in line
    assert "untc-xviii-12-mtdsg" in palermo.instruments.lookup("untoc")._repr_html_()


def test_cite_one_value_in_every_style() -> None:
    text = palermo.cite(record="tip-protocol", field="unts")
    assert text.startswith("tip-protocol.unts = 2237 UNTS 319. Stated by: ")
    bib = palermo.cite("bibtex", record="tip-protocol", field="unts")
    assert "url = {https://treaties.un.org" in bib
    assert "howpublished" in bib
    items = json.loads(palermo.cite("csl-json", record="tip-protocol", field="unts"))
    assert items[0]["URL"].startswith("https://treaties.un.org")
    with pytest.raises(palermo.InvalidQueryError, match="both"):
        palermo.cite(record="tip-protocol")
