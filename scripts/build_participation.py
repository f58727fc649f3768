#!/usr/bin/env python3
"""Build ``src/palermo/data/participation.json`` from the UNTC participant tables.

The input is the pinned upstream copy in ``upstream/untc/`` (see its README):
one CSV per instrument, as published by the UN Treaty Collection (UNTC) and
scraped by the ``zmjones/untreaties`` repository in 2014. The output is the
package data file that :mod:`palermo.participation` reads; it is committed,
and ``tests/test_participation.py`` checks that this script reproduces it
byte for byte. Re-run it when newer tables arrive::

    python scripts/build_participation.py                 # write the JSON
    python scripts/build_participation.py --check         # exit 1 if stale
    python scripts/build_participation.py --upstream DIR --output FILE

Participant names are mapped to ISO 3166-1 codes with ``pycountry``, a
build-time dependency only (the package never imports it). Each participant
also answers to its English name in Unicode CLDR (read through ``babel``,
also build-time only) and to the few everyday short forms in
:data:`COMMON_NAMES`; the build refuses a name that two participants share. A UNTC name maps
when it is exactly (ignoring case) the ``name``, ``official_name`` or
``common_name`` of one pycountry country and has no entry in
:data:`NAME_RULES`; every other name needs a rule there, and an unmapped name
is an error, never a guess. Acts made under a predecessor's name are marked
through :data:`PREDECESSORS`.

The output is deterministic: keys sorted, 2-space indent, UTF-8, one trailing
newline. Its content depends on the CSVs, the tables below and the pycountry
release (its names for countries).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import functools
import json
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import pycountry
from babel import Locale

REPO = Path(__file__).resolve().parent.parent
DEFAULT_UPSTREAM = REPO / "upstream" / "untc"
LATER_ACTS = REPO / "upstream" / "acts" / "later-acts.csv"
"""Acts after the tables' dates, one row each with its sources (see its README)."""
DATA = REPO / "src" / "palermo" / "data"
DEFAULT_OUTPUT = REPO / "src" / "palermo" / "data" / "participation.json"

FORMAT = 1
SECONDARY_SOURCE = "zmjones-untreaties-2014"
"""The Source id of the ``zmjones/untreaties`` copy the CSVs come from."""


class Table(NamedTuple):
    """One UNTC participant table and what we know of its provenance."""

    file: str
    instrument: str
    untc_ref: str
    title: str
    source: str
    retrieved: str
    """Date of the upstream commit that last regenerated the file (README)."""
    commit: str
    aliases: tuple[str, ...]
    copy: str | None = None
    """The Source id of the upstream file itself, where one is recorded."""


TABLES: tuple[Table, ...] = (
    Table(
        file="18-12.csv",
        instrument="untoc",
        untc_ref="XVIII-12",
        title="United Nations Convention against Transnational Organized Crime",
        source="untc-xviii-12-mtdsg",
        retrieved="2014-01-27",
        commit="b85e1e21be32b2a757d14ff9dbe1f4b401f2e165",
        aliases=(
            "UNTOC",
            "Palermo Convention",
            "Organized Crime Convention",
            "Convention against Transnational Organized Crime",
            "UN Convention against Transnational Organized Crime",
            "18-12",
        ),
    ),
    Table(
        file="18-12-a.csv",
        instrument="tip-protocol",
        untc_ref="XVIII-12-a",
        title=(
            "Protocol to Prevent, Suppress and Punish Trafficking in Persons, "
            "Especially Women and Children, supplementing the United Nations "
            "Convention against Transnational Organized Crime"
        ),
        source="untc-xviii-12-a",
        retrieved="2014-01-27",
        commit="b85e1e21be32b2a757d14ff9dbe1f4b401f2e165",
        aliases=(
            "Palermo Protocol",
            "Trafficking in Persons Protocol",
            "Trafficking Protocol",
            "TIP Protocol",
            "Protocol to Prevent, Suppress and Punish Trafficking in Persons",
            "Protocol to Prevent, Suppress and Punish Trafficking in Persons, "
            "Especially Women and Children",
            "18-12-a",
        ),
    ),
    Table(
        file="18-12-b.csv",
        instrument="smuggling-protocol",
        untc_ref="XVIII-12-b",
        title=(
            "Protocol against the Smuggling of Migrants by Land, Sea and Air, "
            "supplementing the United Nations Convention against Transnational "
            "Organized Crime"
        ),
        source="untc-xviii-12-b-mtdsg",
        retrieved="2014-07-10",
        commit="65551eafcd1571592720b3b660360d1e8c82f986",
        aliases=(
            "Smuggling of Migrants Protocol",
            "Migrant Smuggling Protocol",
            "Smuggling Protocol",
            "SOM Protocol",
            "Protocol against the Smuggling of Migrants by Land, Sea and Air",
            "18-12-b",
        ),
    ),
    Table(
        file="18-12-c.csv",
        instrument="firearms-protocol",
        untc_ref="XVIII-12-c",
        title=(
            "Protocol against the Illicit Manufacturing of and Trafficking in "
            "Firearms, Their Parts and Components and Ammunition, supplementing "
            "the United Nations Convention against Transnational Organized Crime"
        ),
        source="untc-xviii-12-c",
        retrieved="2014-07-10",
        commit="65551eafcd1571592720b3b660360d1e8c82f986",
        aliases=(
            "Firearms Protocol",
            "Protocol against the Illicit Manufacturing of and Trafficking in "
            "Firearms, Their Parts and Components and Ammunition",
            "18-12-c",
        ),
    ),
)

# Tables of the wider framework (same layout), copied from the same upstream.
_COPY = "https://github.com/zmjones/untreaties/blob/{commit}/treaties/{file}"
_WIDER = (
    # file, instrument, UNTC ref, title, primary source (None: only the copy), commit, date
    (
        "7-11-a.csv",
        "traffic-convention-1949",
        "VII-11-a",
        "Convention for the Suppression of the Traffic in Persons and of the "
        "Exploitation of the Prostitution of Others",
        "untc-vii-11-a",
        "7fe759f71b6fcccb6cfdb5aa1924b1f8f7205ddf",
        "2013-07-06",
    ),
    (
        "18-1.csv",
        "slavery-protocol-1953",
        "XVIII-1",
        "Protocol amending the Slavery Convention signed at Geneva on 25 September 1926",
        "untc-xviii-1",
        "7fe759f71b6fcccb6cfdb5aa1924b1f8f7205ddf",
        "2013-07-06",
    ),
    (
        "18-4.csv",
        "supplementary-slavery-convention-1956",
        "XVIII-4",
        "Supplementary Convention on the Abolition of Slavery, the Slave Trade, and "
        "Institutions and Practices Similar to Slavery",
        "untc-xviii-4",
        "7fe759f71b6fcccb6cfdb5aa1924b1f8f7205ddf",
        "2013-07-06",
    ),
    (
        "4-8.csv",
        "cedaw",
        "IV-8",
        "Convention on the Elimination of All Forms of Discrimination against Women",
        None,
        "65551eafcd1571592720b3b660360d1e8c82f986",
        "2014-07-10",
    ),
    (
        "4-11.csv",
        "crc",
        "IV-11",
        "Convention on the Rights of the Child",
        None,
        "9a3f61e3339d2d467f1b6fac6dd7482e67582841",
        "2014-10-26",
    ),
    (
        "4-11-c.csv",
        "opsc",
        "IV-11-c",
        "Optional Protocol to the Convention on the Rights of the Child on the sale of "
        "children, child prostitution and child pornography",
        None,
        "15ad316db3c3fabaa5639afcfa283e117abcb83f",
        "2015-01-27",
    ),
    (
        "18-10.csv",
        "rome-statute",
        "XVIII-10",
        "Rome Statute of the International Criminal Court",
        None,
        "b85e1e21be32b2a757d14ff9dbe1f4b401f2e165",
        "2014-01-27",
    ),
)


def copy_source(file: str) -> str:
    """The Source id of the ``zmjones/untreaties`` copy of one table."""
    return "zmjones-untreaties-" + file.removesuffix(".csv")


TABLES += tuple(
    Table(
        file=file,
        instrument=instrument,
        untc_ref=ref,
        title=title,
        source=primary or copy_source(file),
        retrieved=retrieved,
        commit=commit,
        aliases=(file.removesuffix(".csv"),),
        copy=copy_source(file),
    )
    for file, instrument, ref, title, primary, commit, retrieved in _WIDER
)


class NameRule(NamedTuple):
    """How to resolve one UNTC name that does not map cleanly.

    ``lookup`` is passed to ``pycountry.countries.lookup``; ``None`` means the
    participant is not a State (then ``id`` gives its identifier).
    """

    lookup: str | None
    reason: str
    id: str | None = None
    aliases: tuple[str, ...] = ()


NAME_RULES: dict[str, NameRule] = {
    # Names that changed after 2014.
    "The former Yugoslav Republic of Macedonia": NameRule(
        "North Macedonia", "renamed North Macedonia in 2019"
    ),
    "Turkey": NameRule("Türkiye", "English short name changed to Türkiye in 2022"),
    "Czech Republic": NameRule(
        "Czechia", "short name Czechia since 2016; 'Czech Republic' is the official name"
    ),
    "Swaziland": NameRule("Eswatini", "renamed Eswatini in 2018"),
    # UN style "X (Y of)" against ISO style "X, Y of".
    "Bolivia (Plurinational State of)": NameRule(
        "Bolivia, Plurinational State of", "UN name order differs from ISO"
    ),
    "Iran (Islamic Republic of)": NameRule(
        "Iran, Islamic Republic of", "UN name order differs from ISO"
    ),
    "Micronesia (Federated States of)": NameRule(
        "Micronesia, Federated States of", "UN name order differs from ISO"
    ),
    "Venezuela (Bolivarian Republic of)": NameRule(
        "Venezuela, Bolivarian Republic of", "UN name order differs from ISO"
    ),
    "Democratic Republic of the Congo": NameRule(
        "Congo, The Democratic Republic of the", "UN name order differs from ISO"
    ),
    "Republic of Korea": NameRule("Korea, Republic of", "UN name order differs from ISO"),
    "State of Palestine": NameRule("Palestine, State of", "UN name order differs from ISO"),
    # Abbreviations and short forms.
    "St. Kitts and Nevis": NameRule("Saint Kitts and Nevis", "UNTC abbreviates Saint"),
    "St. Lucia": NameRule("Saint Lucia", "UNTC abbreviates Saint"),
    "St. Vincent and the Grenadines": NameRule(
        "Saint Vincent and the Grenadines", "UNTC abbreviates Saint"
    ),
    "Holy See": NameRule("Holy See (Vatican City State)", "ISO adds '(Vatican City State)'"),
    # Not a State.
    "European Union": NameRule(
        None,
        "not a State: a regional economic integration organization (Convention art. 36)",
        id="EU",
        aliases=("EU", "European Community", "European Communities"),
    ),
}


class Predecessor(NamedTuple):
    """Acts a participant made, before a date, under a predecessor's name."""

    before: str
    acted_as: str
    historic_alpha_3: str
    """ISO 3166-3 code of the predecessor, checked against pycountry."""


PREDECESSORS: dict[str, tuple[Predecessor, ...]] = {
    # The Federal Republic of Yugoslavia was renamed Serbia and Montenegro on
    # 2003-02-04; Serbia continued the state union from 2006-06-03 (see
    # https://treaties.unoda.org/a/bwc/serbia/SUC/london). Montenegro made its
    # own succession (kind "d") in 2006.
    "Serbia": (
        Predecessor("2003-02-04", "Federal Republic of Yugoslavia", "YUG"),
        Predecessor("2006-06-03", "Serbia and Montenegro", "SCG"),
    ),
}

FORMER_NAMES: dict[str, tuple[str, ...]] = {
    # Extra lookup names (besides UNTC and pycountry names) for a participant.
    "Serbia": ("Federal Republic of Yugoslavia", "Serbia and Montenegro"),
}

_MONTHS = {
    m: i + 1
    for i, m in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    )
}
_CELL = re.compile(r"^(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})(?: (AA|A|a|d|s))?$")
_KINDS = {
    None: "ratification",
    "A": "acceptance",
    "AA": "approval",
    "a": "accession",
    "d": "succession",
    "s": "definitive signature",
}


class BuildError(Exception):
    """The upstream tables cannot be converted as they are."""


def parse_cell(text: str, *, where: str) -> tuple[str, str]:
    """Parse a UNTC date cell (``"21 May 2004 AA"``) into (ISO date, kind)."""
    match = _CELL.match(text.strip())
    if match is None or match.group(2) not in _MONTHS:
        raise BuildError(f"{where}: cannot read date cell {text!r}")
    day, month, year, suffix = match.groups()
    try:
        date = datetime.date(int(year), _MONTHS[month], int(day))
    except ValueError as e:
        raise BuildError(f"{where}: {text!r} is not a real date") from e
    return date.isoformat(), _KINDS[suffix]


# English names of places from Unicode CLDR, through Babel (build time only).
_CLDR = Locale("en").territories
_PAREN = re.compile(r"^(?P<name>.+?) \((?P<other>[^)]+)\)$")

COMMON_NAMES: dict[str, tuple[str, ...]] = {
    # Short forms in everyday English that neither pycountry nor CLDR's
    # default names hold (CLDR keeps some as unpublished "alt" variants).
    "GBR": ("UK", "Great Britain", "Britain"),
    "CIV": ("Ivory Coast",),
    "TLS": ("East Timor",),
    "COD": ("DR Congo", "DRC", "Democratic Republic of Congo"),
    "PSE": ("Palestine",),
    "VAT": ("Vatican",),
    "USA": ("US",),
}


def cldr_names(alpha_2: str) -> set[str]:
    """CLDR's English name of a territory, and both parts of "Myanmar (Burma)"."""
    name = _CLDR.get(alpha_2)
    if not name:
        return set()
    names = {name}
    paren = _PAREN.match(name)
    if paren and alpha_2 not in ("HK", "MO"):  # "Hong Kong SAR China" has no parenthesis
        names |= {paren.group("name"), paren.group("other")}
    return names


def _country_record(country: Any) -> dict[str, Any]:
    names = {
        country.name,
        getattr(country, "official_name", None),
        getattr(country, "common_name", None),
        *cldr_names(country.alpha_2),
        *COMMON_NAMES.get(country.alpha_3, ()),
    }
    return {
        "alpha_2": country.alpha_2,
        "alpha_3": country.alpha_3,
        "name": getattr(country, "common_name", None) or country.name,
        "aliases": sorted(n for n in names if n),
    }


def resolve(untc_name: str) -> dict[str, Any]:
    """Map one UNTC name to a participant record (ISO code or not a State).

    Raises:
        BuildError: The name needs a rule in :data:`NAME_RULES` and has none,
            or a rule no longer resolves with the installed pycountry.
    """
    rule = NAME_RULES.get(untc_name)
    country: Any
    if rule is not None and rule.lookup is None:
        if rule.id is None:
            raise BuildError(f"rule for {untc_name!r}: a non-State needs an id")
        return {
            "id": rule.id,
            "untc_name": untc_name,
            "alpha_2": None,
            "alpha_3": None,
            "name": untc_name,
            "is_state": False,
            "rule": rule.reason,
            "aliases": sorted({untc_name, *rule.aliases}),
        }
    if rule is not None:
        assert rule.lookup is not None
        try:
            country = pycountry.countries.lookup(rule.lookup)
        except LookupError as e:
            raise BuildError(f"rule for {untc_name!r}: pycountry has no {rule.lookup!r}") from e
    else:
        country = (
            pycountry.countries.get(name=untc_name)
            or pycountry.countries.get(official_name=untc_name)
            or pycountry.countries.get(common_name=untc_name)
        )
        if country is None:
            raise BuildError(f"{untc_name!r} is not a pycountry name: add a rule to NAME_RULES")
    record = _country_record(country)
    aliases = {*record["aliases"], untc_name, *FORMER_NAMES.get(untc_name, ())}
    return {
        "id": country.alpha_3,
        "untc_name": untc_name,
        "alpha_2": record["alpha_2"],
        "alpha_3": record["alpha_3"],
        # ISO's inverted form ("Palestine, State of") reads worse than the
        # UN's own name ("State of Palestine"), which UNTC used.
        "name": untc_name if "," in record["name"] else record["name"],
        "is_state": True,
        "rule": rule.reason if rule is not None else None,
        "aliases": sorted(aliases),
    }


def acted_as(untc_name: str, date: str) -> str | None:
    """The predecessor's name an act of that date was made under, if any."""
    for p in PREDECESSORS.get(untc_name, ()):
        if date < p.before:
            return p.acted_as
    return None


def read_table(path: Path, table: Table) -> list[dict[str, Any]]:
    """Read one CSV into rows of acts; every data row becomes one entry."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    if not rows or [h.strip() for h in rows[0][:2]] != ["Participant", "Signature"]:
        raise BuildError(f"{path.name}: unexpected header {rows[:1]!r}")
    out = []
    seen: set[str] = set()
    for line, row in enumerate(rows[1:], start=2):
        where = f"{path.name}:{line}"
        if len(row) != 3:
            raise BuildError(f"{where}: expected 3 cells, got {len(row)}")
        name, signature, action = (c.strip() for c in row)
        if not name or name in seen:
            raise BuildError(f"{where}: empty or repeated participant {name!r}")
        seen.add(name)
        acts = []
        if signature:
            date, kind = parse_cell(signature, where=where)
            if kind != "ratification":  # no suffix is allowed on a signature
                raise BuildError(f"{where}: signature cell with a kind: {signature!r}")
            acts.append({"kind": "signature", "date": date})
        if action:
            date, kind = parse_cell(action, where=where)
            acts.append({"kind": kind, "date": date})
        if not acts:
            raise BuildError(f"{where}: {name!r} has neither signature nor action")
        if len(acts) == 2 and acts[1]["date"] < acts[0]["date"]:
            raise BuildError(f"{where}: action before signature")
        for act in acts:
            predecessor = acted_as(name, act["date"])
            if predecessor is not None:
                act["acted_as"] = predecessor
        out.append({"row": line, "untc_name": name, "acts": acts})
    return out


def build(upstream: Path = DEFAULT_UPSTREAM) -> dict[str, Any]:
    """Read the tables in ``upstream`` and return the JSON document."""
    for name, preds in PREDECESSORS.items():
        for p in preds:
            if pycountry.historic_countries.get(alpha_3=p.historic_alpha_3) is None:
                raise BuildError(f"{name}: pycountry has no historic {p.historic_alpha_3}")
    participants: dict[str, dict[str, Any]] = {}
    by_name: dict[str, str] = {}
    instruments: dict[str, Any] = {}
    for table in TABLES:
        rows = read_table(upstream / table.file, table)
        for row in rows:
            name = row["untc_name"]
            if name not in by_name:
                record = resolve(name)
                if record["id"] in participants:
                    raise BuildError(
                        f"{name!r} and {participants[record['id']]['untc_name']!r} "
                        f"both map to {record['id']}"
                    )
                participants[record["id"]] = record
                by_name[name] = record["id"]
            row["participant"] = by_name[name]
        instruments[table.instrument] = {
            "id": table.instrument,
            "untc_ref": table.untc_ref,
            "title": table.title,
            "aliases": sorted({table.instrument, table.untc_ref, *table.aliases}),
            "file": f"upstream/untc/{table.file}",
            "upstream_commit": table.commit,
            "retrieved": table.retrieved,
            "as_of": max(a["date"] for r in rows for a in r["acts"]),
            "sources": [
                table.source,
                *([table.copy] if table.copy and table.copy != table.source else []),
                *([] if table.copy else [SECONDARY_SOURCE]),
            ],
            "rows": rows,
        }
    add_later_acts(instruments, participants)
    used = {p["alpha_3"] for p in participants.values() if p["alpha_3"]}
    others = [
        {"id": c.alpha_3, **_country_record(c)}
        for c in pycountry.countries
        if c.alpha_3 not in used
    ]
    check_names([*participants.values(), *others])
    return {
        "format": FORMAT,
        "generated_by": "scripts/build_participation.py",
        "note": (
            "Per-participant acts from the UN Treaty Collection participant tables, "
            "as copied by zmjones/untreaties in 2014, and later acts from other public "
            "sources (upstream/acts). Each instrument's record is complete up to its "
            "complete_until date and partial up to known_until. other_countries: ISO "
            "3166-1 entries with no recorded act."
        ),
        "instruments": instruments,
        "participants": sorted(participants.values(), key=lambda p: p["id"]),
        "other_countries": sorted(others, key=lambda c: c["id"]),
    }


def check_names(records: Sequence[dict[str, Any]]) -> None:
    """Refuse a name (folded as lookups fold it) that two participants share."""
    from palermo._text import normalize

    owner: dict[str, str] = {}
    for record in records:
        for name in (record["id"], record.get("alpha_2"), record["name"], *record["aliases"]):
            if not name:
                continue
            key = normalize(name)
            if owner.setdefault(key, record["id"]) != record["id"]:
                raise BuildError(f"{name!r} names both {owner[key]} and {record['id']}")


_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ACTS = {"ratification", "acceptance", "approval", "accession", "succession", "signature"}


def _last_day(date: str) -> str:
    """The last day a date of year, month or day precision may describe."""
    parts = date.split("-")
    if len(parts) == 3:
        return date
    year = int(parts[0])
    month = int(parts[1]) if len(parts) == 2 else 12
    nxt = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return (nxt - datetime.timedelta(days=1)).isoformat()


def add_later_acts(instruments: dict[str, Any], participants: dict[str, dict[str, Any]]) -> None:
    """Add the acts after the tables' dates (``upstream/acts/later-acts.csv``).

    Each act keeps its own sources, whether its date is stated or derived (from
    an entry into force, by the 30-day rule of the instrument), and a note.
    A participant in none of the tables is added from pycountry.
    """
    with LATER_ACTS.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for line, row in enumerate(rows, start=2):
        where = f"{LATER_ACTS.name}:{line}"
        iid, pid = row["instrument"], row["alpha_3"]
        if iid not in instruments:
            raise BuildError(f"{where}: unknown instrument {iid!r}")
        if row["act"] not in _ACTS or not _DATE.match(row["date"]):
            raise BuildError(f"{where}: bad act {row['act']!r} or date {row['date']!r}")
        if row["date_basis"] not in ("stated", "derived"):
            raise BuildError(f"{where}: date_basis must be stated or derived")
        sources = row["sources"].split()
        if not sources:
            raise BuildError(f"{where}: an act needs a source")
        table = instruments[iid]
        if row["date"] <= table["as_of"]:
            raise BuildError(f"{where}: {row['date']} is not after the table's date")
        if pid not in participants:
            country = pycountry.countries.get(alpha_3=pid)
            if country is None:
                raise BuildError(f"{where}: {pid!r} is not an ISO 3166-1 alpha-3 code")
            participants[pid] = {
                "id": pid,
                "untc_name": None,
                "is_state": True,
                "rule": None,
                **_country_record(country),
            }
        act = {"kind": row["act"], "date": row["date"], "sources": sources}
        if row["date_basis"] == "derived":
            act["derived"] = True
        if row["note"]:
            act["note"] = row["note"]
        existing = next((r for r in table["rows"] if r["participant"] == pid), None)
        if existing is None:
            existing = {"row": None, "untc_name": None, "participant": pid, "acts": []}
            table["rows"].append(existing)
        if any(a["kind"] != "signature" for a in existing["acts"]) and act["kind"] != "signature":
            raise BuildError(f"{where}: {pid} is already a party to {iid} in the table")
        existing["acts"].append(act)
    for table in instruments.values():
        last_act = max(_last_day(a["date"]) for r in table["rows"] for a in r["acts"])
        table["complete_until"], table["complete_by"] = complete_until(table)
        # A count can show the record complete past its last act (no one joined).
        table["known_until"] = max(last_act, table["complete_until"])


@functools.cache
def _data(name: str) -> Any:
    """One package data file, read once per build."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def _primary_counts(instrument: str) -> list[tuple[str, int, str]]:
    """Headline party counts of day precision from primary sources: (date, count, id)."""
    stats = _data("statistics.json")
    kinds = {s["id"]: s["kind"] for s in _data("sources.json")}
    out = []
    for s in stats:
        if s["measure"] != f"{instrument}.parties" or len(s["date"]) != 10:
            continue
        if all(kinds.get(src) == "secondary copy" for src in s["sources"]):
            continue
        out.append((s["date"], int(s["value"]), s["id"]))
    return sorted(out)


def complete_until(table: dict[str, Any]) -> tuple[str, str | None]:
    """The last date up to which every party is known, and the count that shows it.

    The table is complete to its own date. It is complete to a later date
    when a primary headline count of parties at that date equals the number
    of parties the record knows of by then: every party is then accounted for.
    """
    best, by = table["as_of"], None
    for date, count, stat in _primary_counts(table["id"]):
        if date <= best:
            continue
        known = sum(
            1
            for r in table["rows"]
            if any(a["kind"] != "signature" and _last_day(a["date"]) <= date for a in r["acts"])
        )
        if known == count:
            best, by = date, stat
    return best, by


def render(document: dict[str, Any]) -> str:
    """Serialise deterministically: sorted keys, 2-space indent, final newline."""
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--upstream",
        type=Path,
        default=DEFAULT_UPSTREAM,
        help="directory holding the UNTC CSVs (default: upstream/untc)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        help="JSON file to write (default: the package data file)",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; exit 1 if the output file is not up to date",
    )
    args = parser.parse_args(argv)
    try:
        text = render(build(args.upstream))
    except BuildError as e:
        print(f"build_participation: {e}", file=sys.stderr)
        return 2
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != text:
            print(f"{args.output} is out of date: re-run {Path(__file__).name}", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_bytes(text.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
