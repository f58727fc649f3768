"""The inventory of the five source documents: every fact they state that
belongs to the framework is in the data, cited to the document.

``tests/inventory.json`` lists, for each fact, a quote from the document and
the record that holds it. The documents themselves are copied under
``tests/sources/`` (public pages, kept as plain text), so each quote is
checked against the text it claims to come from.
"""

from __future__ import annotations

import json
import pathlib
import re
from typing import Any

import pytest

import palermo

HERE = pathlib.Path(__file__).parent
DOCS = HERE / "sources"
INVENTORY: list[dict[str, str]] = json.loads((HERE / "inventory.json").read_text(encoding="utf-8"))

SOURCE_OF_DOC = {
    "000_a33f3ecb50df4c6f.txt": "usun-2020-tip-protocol-20th",
    "001_1342ce479b937bfd.txt": "unodc-2020-tip-protocol-20-concept-note",
    "002_bbd651afaad25747.txt": "un-2020-world-day-observance",
    "003_d88e945ccc8eb414.txt": "lwvnys-un-background-trafficking",
    "004_87f55e9cf2a6c102.txt": "un-press-2021-dsgsm1671",
}

# Numbers in the documents that are not facts of the framework, and why.
NOT_FIGURES = {
    ("000_a33f3ecb50df4c6f.txt", "2020"): "the statement's own date",
    ("000_a33f3ecb50df4c6f.txt", "75"): "the UN's 75th anniversary, the occasion",
    ("000_a33f3ecb50df4c6f.txt", "2019"): "the year of the 118,932 figure, recorded with it",
    ("001_1342ce479b937bfd.txt", "21"): "the event's date, in the source record",
    ("001_1342ce479b937bfd.txt", "2020"): "the event's year",
    ("001_1342ce479b937bfd.txt", "1.00"): "the event's hour",
    ("001_1342ce479b937bfd.txt", "2.30"): "the event's hour",
    ("002_bbd651afaad25747.txt", "2020"): "the edition of the observance",
    ("003_d88e945ccc8eb414.txt", "888"): "a hotline telephone number",
    ("003_d88e945ccc8eb414.txt", "373"): "a hotline telephone number",
    ("003_d88e945ccc8eb414.txt", "7888"): "a hotline telephone number",
    ("003_d88e945ccc8eb414.txt", "233733"): "a hotline SMS number",
    ("003_d88e945ccc8eb414.txt", "24"): "the hotline's opening hours",
    ("003_d88e945ccc8eb414.txt", "2016"): "editions and prizes named in passing",
    ("003_d88e945ccc8eb414.txt", "16.2"): "SDG target code, checked as a target below",
    ("004_87f55e9cf2a6c102.txt", "19"): "part of the name COVID-19",
}


def _text(doc: str) -> str:
    return (DOCS / doc).read_text(encoding="utf-8")


def test_source_documents_are_the_shared_ones() -> None:
    assert sorted(p.name for p in DOCS.glob("*.txt")) == sorted(SOURCE_OF_DOC)


@pytest.mark.parametrize("doc", sorted(SOURCE_OF_DOC))
def test_each_document_is_a_source_record(doc: str) -> None:
    source = palermo.sources.get(SOURCE_OF_DOC[doc])
    assert source is not None
    assert source.title


@pytest.mark.parametrize(
    "entry", INVENTORY, ids=[f"{e['doc'][:3]}:{e['record']}:{e['quote'][:30]}" for e in INVENTORY]
)
def test_inventory_fact_is_in_the_document_and_the_data(entry: dict[str, str]) -> None:
    assert entry["quote"] in _text(entry["doc"]), "the quote is not in the document"
    assert entry["source"] == SOURCE_OF_DOC[entry["doc"]]
    record: Any = palermo.bundled().get(entry["record"])
    assert record is not None, f"no record {entry['record']}"
    cited = set(record.sources)
    if isinstance(record, palermo.Disagreement):
        cited |= {s for claim in record.claims for s in claim.sources}
    assert entry["source"] in cited, f"{record.id} does not cite {entry['source']}"


@pytest.mark.parametrize("doc", sorted(SOURCE_OF_DOC))
def test_every_number_in_the_document_is_inventoried(doc: str) -> None:
    quotes = [e["quote"] for e in INVENTORY if e["doc"] == doc]
    missing = []
    for match in re.finditer(r"\d[\d,.]*", _text(doc)):
        number = match.group().rstrip(".,")
        if (doc, number) in NOT_FIGURES:
            continue
        if not any(number in q for q in quotes):
            missing.append(number)
    assert missing == []


def test_every_document_has_facts_in_the_inventory() -> None:
    counts = {doc: sum(e["doc"] == doc for e in INVENTORY) for doc in SOURCE_OF_DOC}
    assert min(counts.values()) >= 5, counts


def test_sdg_targets_named_in_the_documents_cite_them() -> None:
    text = _text("003_d88e945ccc8eb414.txt")
    for code in ("16.2", "8.7", "5.2"):
        assert code in text
        target = palermo.sdg_targets.lookup(code)
        assert "lwvnys-un-background-trafficking" in target.sources, code
