"""Tests of the participation data (issue 4) and its queries."""

from __future__ import annotations

import csv
import datetime
import doctest
import importlib.util
import json
import os
import re
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import palermo
from palermo import participation
from palermo.errors import InvalidQueryError, NotFoundError
from palermo.model._dates import PartialDate
from palermo.model._participation import ActKind, StatusKind

REPO = Path(__file__).resolve().parent.parent
UPSTREAM = REPO / "upstream" / "untc"
DATA = REPO / "src" / "palermo" / "data" / "participation.json"

FILES = {
    "untoc": "18-12.csv",
    "tip-protocol": "18-12-a.csv",
    "smuggling-protocol": "18-12-b.csv",
    "firearms-protocol": "18-12-c.csv",
    "traffic-convention-1949": "7-11-a.csv",
    "slavery-protocol-1953": "18-1.csv",
    "supplementary-slavery-convention-1956": "18-4.csv",
    "cedaw": "4-8.csv",
    "crc": "4-11.csv",
    "opsc": "4-11-c.csv",
    "rome-statute": "18-10.csv",
}
INSTRUMENTS = tuple(sorted(FILES))
UNTOC_FAMILY = ("firearms-protocol", "smuggling-protocol", "tip-protocol", "untoc")
SOURCES = {
    "untoc": "untc-xviii-12-mtdsg",
    "tip-protocol": "untc-xviii-12-a",
    "smuggling-protocol": "untc-xviii-12-b-mtdsg",
    "firearms-protocol": "untc-xviii-12-c",
    "traffic-convention-1949": "untc-vii-11-a",
    "slavery-protocol-1953": "untc-xviii-1",
    "supplementary-slavery-convention-1956": "untc-xviii-4",
    "cedaw": "zmjones-untreaties-4-8",
    "crc": "zmjones-untreaties-4-11",
    "opsc": "zmjones-untreaties-4-11-c",
    "rome-statute": "zmjones-untreaties-18-10",
}
MONTHS = {
    m: i
    for i, m in enumerate(
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1
    )
}
KINDS = {
    "": "ratification",
    "A": "acceptance",
    "AA": "approval",
    "a": "accession",
    "d": "succession",
    "s": "definitive signature",
}


def _script() -> types.ModuleType:
    pytest.importorskip("pycountry")
    spec = importlib.util.spec_from_file_location(
        "build_participation", REPO / "scripts" / "build_participation.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("build_participation", module)
    spec.loader.exec_module(module)
    return module


def _cell(text: str) -> tuple[str, str]:
    """Independent reading of a UNTC cell: ``'21 May 2004 AA'`` -> (date, kind)."""
    day, month, year, *suffix = text.split()
    iso = datetime.date(int(year), MONTHS[month], int(day)).isoformat()
    return iso, KINDS["".join(suffix)]


def _csv_rows(instrument: str) -> list[tuple[int, str, str, str]]:
    with (UPSTREAM / FILES[instrument]).open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    return [(line, *row) for line, row in enumerate(rows[1:], start=2)]  # type: ignore[misc]


# --- the data against the tables ----------------------------------------------


@pytest.mark.parametrize("instrument", INSTRUMENTS)
def test_every_csv_row_is_in_the_data_with_its_source(instrument: str) -> None:
    raw = json.loads(DATA.read_text(encoding="utf-8"))
    table = raw["instruments"][instrument]
    rows = {r["row"]: r for r in table["rows"] if r["row"] is not None}
    csv_rows = _csv_rows(instrument)
    assert len(rows) == len(csv_rows)
    as_of = participation.table(instrument).as_of
    # The UNTOC family cites the repository; the wider tables cite their own file.
    copy = "zmjones-untreaties-" + FILES[instrument].removesuffix(".csv")
    cited = [SOURCES[instrument], "zmjones-untreaties-2014"]
    if instrument not in UNTOC_FAMILY:
        cited = list(dict.fromkeys([SOURCES[instrument], copy]))
    assert table["sources"] == cited
    for line, name, signature, action in csv_rows:
        row = rows[line]
        assert row["untc_name"] == name
        expected = []
        if signature:
            expected.append(("signature", _cell(signature)[0]))
        if action:
            date, kind = _cell(action)
            expected.append((kind, date))
        table_acts = [(a["kind"], a["date"]) for a in row["acts"] if a["date"] <= str(as_of)]
        assert table_acts == expected
        # ... and through the API, at the table's date.
        s = participation.status(name, instrument, on=as_of)
        assert s.participant.untc_name == name
        assert [(a.kind.value, str(a.date)) for a in s.acts] == expected
        assert all(a.row == line and SOURCES[instrument] in a.sources for a in s.acts)
        assert s.kind is (StatusKind.PARTY if action else StatusKind.SIGNATORY)
        assert str(s.signed) == (_cell(signature)[0] if signature else "None")
        assert str(s.party_since) == (_cell(action)[0] if action else "None")


def test_script_reproduces_committed_json_exactly(tmp_path: Path) -> None:
    script = _script()
    out = tmp_path / "participation.json"
    assert script.main(["--upstream", str(UPSTREAM), "--output", str(out)]) == 0
    assert out.read_bytes() == DATA.read_bytes()
    assert script.main(["--upstream", str(UPSTREAM), "--output", str(DATA), "--check"]) == 0
    text = DATA.read_text(encoding="utf-8")
    assert text.endswith("}\n")
    assert text.startswith('{\n  "')


def test_script_refuses_an_unmapped_name(tmp_path: Path) -> None:
    script = _script()
    for name in FILES.values():
        (tmp_path / name).write_bytes((UPSTREAM / name).read_bytes())
    with (tmp_path / "18-12.csv").open("a", encoding="utf-8") as f:
        f.write("Narnia,12 Dec 2000,\n")
    out = tmp_path / "out.json"
    assert script.main(["--upstream", str(tmp_path), "--output", str(out)]) == 2
    assert not out.exists()
    with pytest.raises(script.BuildError, match="Narnia"):
        script.build(tmp_path)


def test_script_refuses_a_bad_cell(tmp_path: Path) -> None:
    script = _script()
    for name in FILES.values():
        (tmp_path / name).write_bytes((UPSTREAM / name).read_bytes())
    with (tmp_path / "18-12-a.csv").open("a", encoding="utf-8") as f:
        f.write("Somalia,31 Feb 2001,\n")
    with pytest.raises(script.BuildError, match="not a real date"):
        script.build(tmp_path)


def _readme_table() -> dict[str, tuple[int, int, int, str]]:
    text = (UPSTREAM / "README.md").read_text(encoding="utf-8")
    out = {}
    for m in re.finditer(
        r"^\| ([0-9a-c-]+\.csv) \|[^|]*\| ([IVX]+-[0-9a-c-]+) \| (\d+) \| (\d+) \| (\d+)[^|]*\| "
        r"(\d{4}-\d{2}-\d{2}) \|$",
        text,
        re.M,
    ):
        out[m.group(2)] = (int(m.group(3)), int(m.group(4)), int(m.group(5)), m.group(6))
    assert len(out) == len(INSTRUMENTS)
    return out


@pytest.mark.parametrize("instrument", INSTRUMENTS)
def test_totals_match_the_readme_table(instrument: str) -> None:
    info = participation.table(instrument)
    n_participants, n_signatories, n_parties, latest = _readme_table()[info.untc_ref]
    raw = json.loads(DATA.read_text(encoding="utf-8"))["instruments"][instrument]
    assert len([r for r in raw["rows"] if r["row"] is not None]) == n_participants
    assert len(participation.signatories(instrument, on=info.as_of)) == n_signatories
    assert participation.count(instrument, on=info.as_of) == n_parties
    assert str(info.as_of) == latest
    readme = (UPSTREAM / "README.md").read_text(encoding="utf-8")
    assert str(info.retrieved) in readme


def test_all_participants_and_totals() -> None:
    everyone = [p for p in participation.participants() if p.untc_name]
    assert len(everyone) == 197
    non_states = [p for p in everyone if not p.is_state]
    assert [p.id for p in non_states] == ["EU"]
    for p in everyone:
        assert p.is_state == (p.alpha_3 is not None) == (p.alpha_2 is not None)
        if p.is_state:
            assert p.id == p.alpha_3
            assert re.fullmatch(r"[A-Z]{3}", p.id)
    acts = {
        i: sum(
            len(participation.status(p, i, on=participation.table(i).as_of).acts)
            for p in participation.participants(i)
        )
        for i in INSTRUMENTS
    }
    assert acts == {
        "untoc": 326,
        "tip-protocol": 276,
        "smuggling-protocol": 250,
        "firearms-protocol": 161,
        # The number of filled date cells of each table.
        "traffic-convention-1949": 107,
        "slavery-protocol-1953": 72,
        "supplementary-slavery-convention-1956": 158,
        "cedaw": 287,
        "crc": 334,
        "opsc": 290,
        "rome-statute": 261,
    }


# --- names ----------------------------------------------------------------------

# Every UNTC name that needed a rule: (ISO alpha-3 or "EU", current name, is a State).
NAME_RULE_CASES = {
    "The former Yugoslav Republic of Macedonia": ("MKD", "North Macedonia", True),
    "Turkey": ("TUR", "Türkiye", True),
    "Czech Republic": ("CZE", "Czechia", True),
    "Swaziland": ("SWZ", "Eswatini", True),
    "Bolivia (Plurinational State of)": ("BOL", "Bolivia", True),
    "Iran (Islamic Republic of)": ("IRN", "Iran", True),
    "Micronesia (Federated States of)": ("FSM", "Micronesia (Federated States of)", True),
    "Venezuela (Bolivarian Republic of)": ("VEN", "Venezuela", True),
    "Democratic Republic of the Congo": ("COD", "Democratic Republic of the Congo", True),
    "State of Palestine": ("PSE", "State of Palestine", True),
    "Republic of Korea": ("KOR", "South Korea", True),
    "St. Kitts and Nevis": ("KNA", "Saint Kitts and Nevis", True),
    "St. Lucia": ("LCA", "Saint Lucia", True),
    "St. Vincent and the Grenadines": ("VCT", "Saint Vincent and the Grenadines", True),
    "Holy See": ("VAT", "Holy See (Vatican City State)", True),
    "European Union": ("EU", "European Union", False),
}


def test_every_name_rule_is_tested_and_used() -> None:
    script = _script()
    assert set(script.NAME_RULES) == set(NAME_RULE_CASES)
    used = {name for i in INSTRUMENTS for _, name, _, _ in _csv_rows(i)}
    assert set(NAME_RULE_CASES) <= used


@pytest.mark.parametrize("untc_name", sorted(NAME_RULE_CASES))
def test_name_rules(untc_name: str) -> None:
    pid, name, is_state = NAME_RULE_CASES[untc_name]
    p = participation.participant(untc_name)
    assert (p.id, p.name, p.is_state, p.untc_name) == (pid, name, is_state, untc_name)
    assert p.rule
    for key in (pid, name, untc_name.upper(), untc_name.lower().replace(".", "")):
        assert participation.participant(key) is p
    if is_state:
        assert participation.participant(p.alpha_2 or "") is p
    else:
        assert p.alpha_2 is None
        assert p.alpha_3 is None


@pytest.mark.parametrize(
    "key",
    [
        "Turkey",
        "Türkiye",
        "turkiye",
        "TÜRKİYE",
        "TR",
        "tr",
        "TUR",
        "  turkey  ",
        "Republic of Türkiye",
    ],
)
def test_lookup_by_code_current_or_untc_name(key: str) -> None:
    assert participation.participant(key).id == "TUR"


@pytest.mark.parametrize(
    ("key", "pid"),
    [
        ("Cote d'Ivoire", "CIV"),
        ("cote divoire", "CIV"),
        ("C\u00f4te d\u2019Ivoire", "CIV"),
        ("St Lucia", "LCA"),
        ("Saint Lucia", "LCA"),
        ("Lao People's Democratic Republic", "LAO"),
        ("Laos", "LAO"),
        ("Viet Nam", "VNM"),
        ("Vietnam", "VNM"),
        ("Czechia", "CZE"),
        ("United Kingdom", "GBR"),
        ("GB", "GBR"),
        ("eu", "EU"),
        ("Congo", "COG"),
        ("Democratic Republic of the Congo", "COD"),
        ("Eswatini", "SWZ"),
    ],
)
def test_lookup_variants(key: str, pid: str) -> None:
    assert participation.participant(key).id == pid


def test_unmapped_names_map_exactly_through_pycountry() -> None:
    pycountry = pytest.importorskip("pycountry")
    for p in participation.participants():
        if p.untc_name is None or p.untc_name in NAME_RULE_CASES or p.untc_name == "Serbia":
            continue
        country = (
            pycountry.countries.get(name=p.untc_name)
            or pycountry.countries.get(official_name=p.untc_name)
            or pycountry.countries.get(common_name=p.untc_name)
        )
        assert country is not None, p.untc_name
        assert country.alpha_3 == p.id, p.untc_name


def test_serbia_acts_under_predecessor_names() -> None:
    serbia = participation.participant("Serbia")
    assert serbia.id == "SRB"
    assert participation.participant("Federal Republic of Yugoslavia") is serbia
    assert participation.participant("Serbia and Montenegro") is serbia
    acts = {(a.instrument, a.kind): a for a in participation.history("SRB")}
    for instrument in ("untoc", "tip-protocol", "smuggling-protocol"):
        assert acts[instrument, ActKind.SIGNATURE].date == PartialDate(2000, 12, 12)
        assert acts[instrument, ActKind.SIGNATURE].acted_as == "Federal Republic of Yugoslavia"
        assert acts[instrument, ActKind.RATIFICATION].acted_as == "Federal Republic of Yugoslavia"
    firearms = acts["firearms-protocol", ActKind.ACCESSION]
    assert (str(firearms.date), firearms.acted_as) == ("2005-12-20", "Serbia and Montenegro")
    # Nobody else acted under another name.
    others = [
        a
        for p in participation.participants()
        if p.id != "SRB"
        for a in participation.history(p)
        if a.acted_as
    ]
    assert others == []


def test_montenegro_succeeded() -> None:
    acts = participation.history("Montenegro")
    assert {a.kind for a in acts} == {ActKind.SUCCESSION}
    # One succession to each instrument but the 1953 Protocol, all on one day.
    assert {a.instrument for a in acts} == set(INSTRUMENTS) - {"slavery-protocol-1953"}
    assert len(acts) == 10
    assert all(str(a.date) == "2006-10-23" for a in acts)


def test_european_union_is_a_party_but_not_a_state() -> None:
    s = participation.status("European Union", "tip-protocol", on="2006-12-31")
    assert s.is_party
    assert s.act is ActKind.APPROVAL
    assert not s.participant.is_state
    assert "EU" in {p.id for p in participation.parties("tip-protocol")}


def test_country_with_no_act_is_not_involved_while_the_record_is_complete() -> None:
    s = participation.status("Somalia", "tip-protocol", on="2010-01-01")
    assert s.kind is StatusKind.NOT_INVOLVED
    assert s.acts == ()
    # Somalia's acts are to other instruments only (the 2014 CRC table lists it).
    assert "tip-protocol" not in {a.instrument for a in participation.history("SO")}
    # Today the record is not complete: no act known proves nothing.
    now = participation.status("Somalia", "tip-protocol")
    assert now.kind is StatusKind.UNKNOWN
    assert now.last_known is StatusKind.NOT_INVOLVED
    assert now.on == PartialDate.coerce(datetime.date.today())


# --- instruments, bad input ---------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "iid"),
    [
        ("tip-protocol", "tip-protocol"),
        ("Palermo Protocol", "tip-protocol"),
        ("palermo  protocol", "tip-protocol"),
        ("Trafficking in Persons Protocol", "tip-protocol"),
        ("XVIII-12-a", "tip-protocol"),
        ("xviii 12 a", "tip-protocol"),
        ("UNTOC", "untoc"),
        ("untoc", "untoc"),
        ("XVIII-12", "untoc"),
        ("Palermo Convention", "untoc"),
        ("smuggling-protocol", "smuggling-protocol"),
        ("XVIII-12-b", "smuggling-protocol"),
        ("Smuggling of Migrants Protocol", "smuggling-protocol"),
        ("firearms-protocol", "firearms-protocol"),
        ("Firearms Protocol", "firearms-protocol"),
        ("XVIII-12-C", "firearms-protocol"),
    ],
)
def test_instrument_keys(key: str, iid: str) -> None:
    assert participation.resolve_instrument(key) == iid


def test_misses_raise_not_found_with_suggestions() -> None:
    with pytest.raises(NotFoundError) as e:
        participation.count("Palermo Protocl")
    assert e.value.kind == "instrument"
    assert "Palermo Protocol" in e.value.suggestions
    with pytest.raises(NotFoundError) as e:
        participation.status("Turky", "untoc")
    assert e.value.kind == "participant"
    assert "Turkey" in e.value.suggestions
    with pytest.raises(KeyError):
        participation.participant("Narnia")


@pytest.mark.parametrize("bad", [None, 5, 3.5, b"TUR", ["TUR"], "", "   ", "!!!"])
def test_bad_keys_raise_invalid_query(bad: Any) -> None:
    with pytest.raises(InvalidQueryError):
        participation.status(bad, "untoc")
    with pytest.raises(InvalidQueryError):
        participation.status("TUR", bad)
    with pytest.raises(InvalidQueryError):
        participation.count(bad)
    with pytest.raises(InvalidQueryError):
        participation.history(bad)


@pytest.mark.parametrize(
    "bad", ["2008-13-01", "2008-02-30", "yesterday", "", True, 0, 10_000, 3.5, [2008], object()]
)
def test_bad_dates_raise_invalid_query(bad: Any) -> None:
    with pytest.raises(InvalidQueryError):
        participation.count("untoc", on=bad)
    with pytest.raises(InvalidQueryError):
        participation.status("TUR", "untoc", on=bad)
    with pytest.raises(ValueError, match="date"):
        participation.parties("untoc", on=bad)


def test_accepted_date_types() -> None:
    import pendulum

    expected = participation.count("tip-protocol", on="2008-09-26")
    assert participation.count("tip-protocol", on=datetime.date(2008, 9, 26)) == expected
    assert participation.count("tip-protocol", on=pendulum.date(2008, 9, 26)) == expected
    assert participation.count("tip-protocol", on=datetime.datetime(2008, 9, 26, 23)) == expected
    assert participation.count("tip-protocol", on=PartialDate(2008, 9, 26)) == expected


# --- dates with less precision ----------------------------------------------------------


def test_year_or_month_means_its_last_day() -> None:
    for i in INSTRUMENTS:
        assert (
            participation.count(i, on=2008).known == participation.count(i, on="2008-12-31").known
        )
        assert (
            participation.count(i, on="2008-02").known
            == participation.count(i, on="2008-02-29").known
        )
    # Italy deposited its ratification of the TIP Protocol on 2006-08-02.
    assert participation.status("Italy", "tip-protocol", on="2006-07").kind is StatusKind.SIGNATORY
    assert participation.status("Italy", "tip-protocol", on="2006-08").is_party
    assert participation.status("Italy", "tip-protocol", on=2006).is_party
    assert participation.status("Italy", "tip-protocol", on="2006-08-01").kind.value == "signatory"
    assert participation.status("Italy", "tip-protocol", on=2006).on == PartialDate(2006)


def test_before_any_act_nobody_is_involved() -> None:
    for i in UNTOC_FAMILY:
        assert participation.count(i, on=1999) == 0
        assert participation.signatories(i, on="2000-11-15") == ()
    for i in INSTRUMENTS:
        first = participation.timeline(i)[0].date.to_date() - datetime.timedelta(days=1)
        assert participation.count(i, on=first) == 0
    assert participation.status("FRA", "untoc", on=1990).kind is StatusKind.NOT_INVOLVED


# --- coverage ---------------------------------------------------------------------------


def _no_act(instrument: str) -> str:
    """Somalia, or for the tables that list it, the first State with no act."""
    acted = {p.id for p in participation.participants(instrument)}
    states = [p.id for p in participation.participants() if p.is_state]
    return "Somalia" if "SOM" not in acted else next(p for p in states if p not in acted)


@pytest.mark.parametrize("instrument", INSTRUMENTS)
def test_after_the_complete_date_every_question_gets_an_answer(instrument: str) -> None:
    complete = participation.complete_until(instrument)
    later = complete.to_date() + datetime.timedelta(days=1)
    for on in (later, "2024-04-20", 2030, datetime.date.today(), None):
        tally = participation.count(instrument, on=on)
        assert not tally.complete
        assert tally.parties is None
        assert tally.known >= participation.count(instrument, on=complete).known
        assert tally.complete_until == complete
        # A party in the complete record stays a party.
        first = participation.parties(instrument, on=complete)[0]
        assert participation.status(first, instrument, on=on).is_party
        # A State with no known act: its status is unknown, never "not a party".
        somalia = participation.status(_no_act(instrument), instrument, on=on)
        assert somalia.kind is StatusKind.UNKNOWN
        assert somalia.last_known is StatusKind.NOT_INVOLVED
        assert "unknown" in str(somalia)
        assert len(participation.parties(instrument, on=on)) == tally.known


def test_a_later_act_makes_a_party_after_the_complete_date() -> None:
    japan = participation.status("Japan", "Palermo Protocol", on="2020-01-01")
    assert japan.is_party
    assert (str(japan.party_since), japan.act) == ("2017-07-11", ActKind.ACCEPTANCE)
    assert japan.acts[-1].derived
    assert "economic-jp-75340-toc-2017" in japan.sources
    before = participation.status("Japan", "Palermo Protocol", on="2016-12-31")
    assert before.kind is StatusKind.UNKNOWN
    assert before.last_known is StatusKind.SIGNATORY


def test_the_record_says_how_far_it_is_complete() -> None:
    firearms = participation.table("firearms-protocol")
    # A primary headline count (UNODC, 115 parties on 2018-10-19) equals the
    # parties the record knows of then: the record is complete to that day.
    assert str(firearms.complete_until) == "2018-10-19"
    assert firearms.complete_by == "firearms-protocol.parties.2018-10-19.unodc"
    assert participation.count("firearms-protocol", on="2018-10-19") == 115
    for i in INSTRUMENTS:
        t = participation.table(i)
        assert t.as_of.last <= t.complete_until.last <= t.known_until.last


def test_latest_headline_counts_are_primary() -> None:
    head = participation.count("tip-protocol", on="2026-01-01").headline
    assert head is not None
    assert (head.parties, str(head.date)) == (182, "2024-04-20")
    assert head.sources == ("untc-xviii-12-a",)


def test_one_readable_line_with_iso_dates() -> None:
    line = str(participation.status("France", "Palermo Protocol", on="2010-01-01"))
    assert line == (
        "France: party to the Trafficking in Persons Protocol since 2002-10-29 (ratification), "
        "on 2010-01-01"
    )
    assert "PartialDate" not in str(participation.count("untoc"))
    assert "\n" not in str(participation.status("Somalia", "untoc"))


def test_results_export_as_rows(tmp_path: Path) -> None:
    rows = palermo.to_rows(participation.timeline("tip-protocol"))
    assert rows[-1]["complete"] is False
    status_rows = palermo.to_rows(
        [participation.status(p, "untoc", on="2010") for p in ("France", "Japan", "Somalia")]
    )
    assert [r["status"] for r in status_rows] == ["party", "signatory", "not involved"]
    assert status_rows[0]["alpha_2"] == "FR"
    path = tmp_path / "counts.csv"
    palermo.to_csv([participation.count("untoc", on=y) for y in (2005, 2010, 2020)], path)
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("record_type,instrument,on,parties,known,complete")


# --- properties -------------------------------------------------------------------------

_START = datetime.date(2000, 1, 1)
_LAST = max(participation.covered_until(i).to_date() for i in INSTRUMENTS)


@st.composite
def covered_dates(draw: st.DrawFn, instrument: str) -> PartialDate:
    """A date (day, month or year) whose last day the instrument's table covers."""
    as_of = participation.covered_until(instrument).to_date()
    day = draw(st.dates(min_value=_START, max_value=as_of))
    precision = draw(st.sampled_from(("day", "month", "year")))
    date = PartialDate(day.year, day.month, day.day)
    if precision == "month" and PartialDate(day.year, day.month).last <= as_of:
        date = PartialDate(day.year, day.month)
    if precision == "year" and PartialDate(day.year).last <= as_of:
        date = PartialDate(day.year)
    return date


@st.composite
def instrument_and_date(draw: st.DrawFn) -> tuple[str, PartialDate]:
    instrument = draw(st.sampled_from(INSTRUMENTS))
    return instrument, draw(covered_dates(instrument))


@settings(max_examples=60, deadline=None)
@given(instrument_and_date())
def test_count_equals_number_of_participants_whose_status_is_party(
    case: tuple[str, PartialDate],
) -> None:
    instrument, on = case
    statuses = [
        participation.status(p, instrument, on=on) for p in participation.participants(instrument)
    ]
    party = [s.participant for s in statuses if s.kind is StatusKind.PARTY]
    assert participation.count(instrument, on=on) == len(party)
    assert set(participation.parties(instrument, on=on)) == set(party)
    signed = {s.participant for s in statuses if s.signed is not None}
    assert set(participation.signatories(instrument, on=on)) == signed
    for s in statuses:
        assert s.on == on
        assert all(a.date.last <= on.last for a in s.acts)
        if s.is_party:
            assert s.act is not None
            assert s.act.makes_party
            assert s.party_since is not None
            assert s.party_since.last <= on.last
        else:
            assert s.act is None
            assert s.party_since is None


def test_no_withdrawal_is_recorded() -> None:
    kinds = {a.kind for p in participation.participants() for a in participation.history(p)}
    assert kinds <= set(ActKind)
    assert all(k is ActKind.SIGNATURE or k.makes_party for k in kinds)


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(INSTRUMENTS), st.data())
def test_counts_never_decrease(instrument: str, data: st.DataObject) -> None:
    # The tables record no withdrawal (test_no_withdrawal_is_recorded), so
    # counts can only grow.
    a = data.draw(covered_dates(instrument))
    b = data.draw(covered_dates(instrument))
    if b.last < a.last:
        a, b = b, a
    assert (
        participation.count(instrument, on=a).known <= participation.count(instrument, on=b).known
    )
    assert len(participation.signatories(instrument, on=a)) <= len(
        participation.signatories(instrument, on=b)
    )


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(INSTRUMENTS),
    st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 12, 31)),
    st.sampled_from(["Somalia", "Uganda", "Iceland", "Japan", "France", "Bhutan"]),
)
def test_no_confident_not_a_party_after_the_complete_date(
    instrument: str, day: datetime.date, who: str
) -> None:
    complete = participation.complete_until(instrument).to_date()
    tally = participation.count(instrument, on=day)
    status = participation.status(who, instrument, on=day)
    assert tally.complete == (day <= complete)
    if day > complete:
        assert status.kind in (StatusKind.PARTY, StatusKind.UNKNOWN)
        assert tally.parties is None
    else:
        assert status.kind is not StatusKind.UNKNOWN
        assert tally.parties == tally.known


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(INSTRUMENTS),
    st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 12, 31)),
    st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 12, 31)),
)
def test_a_party_stays_a_party(instrument: str, a: datetime.date, b: datetime.date) -> None:
    a, b = min(a, b), max(a, b)
    before = {p.id for p in participation.parties(instrument, on=a)}
    after = {p.id for p in participation.parties(instrument, on=b)}
    assert before <= after


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(participation.participants()))
def test_every_participant_resolves_by_each_of_its_keys(p: Any) -> None:
    keys = [p.id, p.name]
    if p.untc_name:
        keys += [p.untc_name, p.untc_name.upper(), f"  {p.untc_name.lower()}  "]
    if p.is_state:
        keys += [p.alpha_2, p.alpha_3, p.alpha_2.lower()]
    for key in keys:
        assert participation.participant(key) is p


@pytest.mark.parametrize("instrument", INSTRUMENTS)
def test_timeline_agrees_with_count(instrument: str) -> None:
    points = participation.timeline(instrument)
    last_act = max(
        a.date.last
        for p in participation.participants(instrument)
        for a in participation.history(p)
        if a.instrument == instrument
    )
    assert points[-1].date.last == last_act <= participation.table(instrument).known_until.last
    previous = -1
    for point in points:
        assert point.parties == participation.count(instrument, on=point.date).known
        assert point.complete == participation.count(instrument, on=point.date).complete
        assert point.signatories == len(participation.signatories(instrument, on=point.date))
        assert point.parties >= previous
        previous = point.parties


# --- reconciliation with independent dated counts ------------------------------------------

README_NAMES = {
    "Trafficking Protocol": "tip-protocol",
    "Convention": "untoc",
    "Smuggling Protocol": "smuggling-protocol",
    "Firearms Protocol": "firearms-protocol",
}


def _readme_checked() -> list[tuple[str, str, int]]:
    text = " ".join((UPSTREAM / "README.md").read_text(encoding="utf-8").split())
    checked = text.split("- Checked:", 1)[1].split("- What is missing", 1)[0]
    out = []
    for part in re.findall(r"(\w[\w ]*?): ((?:\d+ on \d{4}-\d{2}-\d{2}(?:, )?)+)", checked):
        name = part[0].strip().removeprefix("(")
        for n, date in re.findall(r"(\d+) on (\d{4}-\d{2}-\d{2})", part[1]):
            out.append((README_NAMES[name], date, int(n)))
    return out


def test_counts_match_the_readme_checked_list() -> None:
    checked = _readme_checked()
    assert sorted(checked) == sorted(
        [
            ("tip-protocol", "2005-03-08", 80),
            ("tip-protocol", "2007-08-22", 114),
            ("tip-protocol", "2008-09-26", 124),
            ("untoc", "2005-03-04", 100),
            ("smuggling-protocol", "2005-03-08", 69),
            ("firearms-protocol", "2008-09-26", 77),
        ]
    )
    for instrument, date, n in checked:
        assert participation.count(instrument, on=date) == n, (instrument, date)


# Disagreements between a headline count and the count computed from the tables:
# (instrument, date, what) -> (headline figure, computed figure). Each must be
# recorded as a Disagreement in the dataset with both sources.
KNOWN_DISAGREEMENTS = {
    # UN Secretary-General report to the CCPCJ, 14th session, status as of
    # 8 March 2005 (NCJ 210522): 35 parties to the Firearms Protocol. The UNTC
    # table (zmjones copy) has 36 deposits by that date, the 36th Lithuania on
    # 2005-02-24. The table is corroborated by the entry into force on
    # 2005-07-03, 90 days after the 40th deposit (Poland, 2005-04-04), and by
    # the 42 parties of UNIS/CP/517 (test_firearms_entry_into_force_...).
    ("firearms-protocol", "2005-03-08", "parties"): (35, 36),
}


def _headline_rows() -> list[dict[str, str]]:
    with (UPSTREAM / "headline_party_counts.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_counts_match_every_covered_headline_count() -> None:
    compared = 0
    disagreements = {}
    for row in _headline_rows():
        instrument = participation.resolve_instrument(row["mtdsg_no"])
        as_of = participation.table(instrument).as_of
        match = re.fullmatch(r"\d{4}(-\d{2}){0,2}", row["as_of"])
        if match is None:
            # Undated rows ("2016 (undated)") are all later than the tables.
            year = int(row["as_of"][:4])
            assert year > as_of.year, row
            continue
        date = PartialDate.parse(row["as_of"])
        if date.last > as_of.last:
            continue
        for what, computed in (
            ("parties", participation.count(instrument, on=date)),
            ("signatories", len(participation.signatories(instrument, on=date))),
        ):
            if not row[what]:
                continue
            compared += 1
            if int(row[what]) != computed:
                disagreements[instrument, row["as_of"], what] = (int(row[what]), computed)
    assert compared == 19  # 11 covered rows: 11 party counts, 8 signatory counts
    assert disagreements == KNOWN_DISAGREEMENTS


def test_tip_counts_match_the_by_year_totals() -> None:
    # andrewheiss/scorecard-diplomacy counts States only: add the EU (party
    # since 2006-09-06) to compare with the UNTC totals.
    path = UPSTREAM / "tip_protocol_ratifications_by_year_2001_2015.csv"
    with path.open(encoding="utf-8", newline="") as f:
        totals = {int(r["year"]): int(r["num_ratifited_cum"]) for r in csv.DictReader(f)}
    as_of = participation.table("tip-protocol").as_of
    for year, states in totals.items():
        expected = states + (year >= 2006)
        if PartialDate(year).last <= as_of.last:
            assert participation.count("tip-protocol", on=year) == expected, year
        elif year == as_of.year:
            # The table ends on 2013-12-13; nothing was deposited by the end of 2013
            # that it lacks.
            assert participation.count("tip-protocol", on=as_of) == expected
        else:
            # Later years: the record knows at most what the totals say.
            assert participation.count("tip-protocol", on=year).known <= expected, year


def test_firearms_entry_into_force_and_unis_cp_517() -> None:
    # UNTC: in force on 2005-07-03, "the ninetieth day after the date of deposit
    # of the fortieth instrument" (art. 18(1)). UNIS/CP/517 of 2005-07-06
    # (http://unis.unvienna.org/unis/en/pressrels/2005/uniscp517.html): signed
    # by 52 Member States, 42 ratifications.
    assert participation.count("firearms-protocol", on="2005-04-03") == 39
    assert participation.count("firearms-protocol", on="2005-04-04") == 40
    assert datetime.date(2005, 4, 4) + datetime.timedelta(days=90) == datetime.date(2005, 7, 3)
    assert participation.count("firearms-protocol", on="2005-07-06") == 42
    assert len(participation.signatories("firearms-protocol", on="2005-07-06")) == 52


# --- loading -------------------------------------------------------------------------


def test_package_data_does_not_need_pycountry() -> None:
    # Block pycountry, then query: the package must read only its own data.
    code = (
        "import sys; sys.modules['pycountry'] = None\n"
        "from palermo import participation\n"
        "assert participation.participant('Turkey').name == 'Türkiye'\n"
        "print(participation.count('tip-protocol', on='2008-09-26').known)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=REPO, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "124"


@pytest.mark.parametrize("module_name", ["palermo.participation"])
def test_doctests(module_name: str) -> None:
    module = importlib.import_module(module_name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


# Names people write, from CLDR (through Babel) and the short COMMON_NAMES table.
@pytest.mark.parametrize(
    ("name", "iso"),
    [
        ("UK", "GBR"),
        ("Great Britain", "GBR"),
        ("Russia", "RUS"),
        ("State of Palestine", "PSE"),
        ("Palestine", "PSE"),
        ("Ivory Coast", "CIV"),
        ("C\u00f4te d\u2019Ivoire", "CIV"),
        ("Cape Verde", "CPV"),
        ("Burma", "MMR"),
        ("East Timor", "TLS"),
        ("DR Congo", "COD"),
        ("Congo - Kinshasa", "COD"),
        ("Congo", "COG"),
        ("Micronesia", "FSM"),
        ("Vatican City", "VAT"),
    ],
)
def test_everyday_country_names(name: str, iso: str) -> None:
    assert participation.participant(name).id == iso


def test_common_names_are_needed_and_unshared() -> None:
    pytest.importorskip("babel")
    pycountry = pytest.importorskip("pycountry")
    script = _script()
    for iso, names in script.COMMON_NAMES.items():
        country = pycountry.countries.get(alpha_3=iso)
        known = {country.name, getattr(country, "official_name", None)}
        known |= {getattr(country, "common_name", None), *script.cldr_names(country.alpha_2)}
        for name in names:
            assert name not in known, f"{name} is already a library name of {iso}"
            assert participation.participant(name).id == iso
    with pytest.raises(script.BuildError, match="names both"):
        script.check_names(
            [
                {"id": "AAA", "alpha_2": None, "name": "Aland", "aliases": ["Same"]},
                {"id": "BBB", "alpha_2": None, "name": "Bland", "aliases": ["same"]},
            ]
        )
