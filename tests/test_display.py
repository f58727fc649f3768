"""Records and collections show themselves readably, with their sources."""

from __future__ import annotations

import html
import json
import pathlib
import subprocess
import sys

import palermo
from palermo import display


def test_record_html_shows_fields_and_sources() -> None:
    tip = palermo.instruments.lookup("tip-protocol")
    page = tip._repr_html_()
    assert page.startswith("<div>")
    assert "XVIII-12-a" in page
    assert "Sources:" in page
    src = palermo.sources.lookup(tip.sources[0])
    assert html.escape(src.title) in page


def test_html_is_escaped() -> None:
    record = palermo.Source(
        id="x", title="<script>", publisher="P & Q", kind=palermo.SourceKind.WEB_PAGE
    )
    page = display.record_html(record)
    assert "<script>" not in page
    assert "&lt;script&gt;" in page


def test_text_lists_sources_with_addresses() -> None:
    shown = display.text(palermo.resolutions.lookup("64/293"))
    assert shown.splitlines()[0] == "Resolution a-res-64-293"
    assert "sources:" in shown
    assert "http" in shown


def test_collection_html_has_a_row_per_record() -> None:
    page = palermo.agencies._repr_html_()
    assert page.count("<tr><td>") == len(palermo.agencies)


# -- a user's records cite the user's sources ----------------------------------

_MY_SOURCE = {
    "id": "my-report",
    "title": "Our own field report",
    "publisher": "A research group",
    "kind": "report",
    "url": "https://example.org/report",
}
_MY_AGENCY = {
    "id": "my-agency",
    "name": "A national anti-trafficking office",
    "kind": "government office",
    "sources": ["my-report", "un-2020-world-day-observance"],
}


def _user_folder(tmp_path: pathlib.Path) -> pathlib.Path:
    # The second source has a bundled id, but this folder's own title.
    mine = {**_MY_SOURCE, "id": "un-2020-world-day-observance", "title": "A different title"}
    (tmp_path / "sources.json").write_text(json.dumps([_MY_SOURCE, mine]), encoding="utf-8")
    (tmp_path / "agencies.json").write_text(json.dumps([_MY_AGENCY]), encoding="utf-8")
    return tmp_path


def test_a_users_record_cites_the_users_sources(tmp_path: pathlib.Path) -> None:
    ds = palermo.load(_user_folder(tmp_path))
    record = ds.agencies.lookup("my-agency")
    for shown in (record._repr_html_(), display.text(record)):
        assert "Our own field report" in shown
        assert "A different title" in shown
        assert palermo.sources.lookup("un-2020-world-day-observance").title not in shown


def test_show_with_data_cites_the_folders_sources(tmp_path: pathlib.Path) -> None:
    folder = _user_folder(tmp_path)
    out = subprocess.run(
        [sys.executable, "-m", "palermo", "show", "my-agency", "--data", str(folder)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Our own field report" in out
    assert "A different title" in out


def test_displaying_a_users_record_does_not_load_the_bundled_data(tmp_path: pathlib.Path) -> None:
    code = (
        "import sys, palermo\n"
        "from palermo import dataset\n"
        f"ds = palermo.load({str(_user_folder(tmp_path))!r})\n"
        "page = ds.agencies.lookup('my-agency')._repr_html_()\n"
        "assert 'Our own field report' in page\n"
        # The bundled data is read by a Once; nothing has asked for it.
        "print(dataset._bundled._value is None)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "True"


def test_a_record_built_by_hand_shows_its_source_ids() -> None:
    record = palermo.Agency(
        id="x", name="X", kind=palermo.AgencyKind.FUND, sources=("no-such-source",)
    )
    assert palermo.Dataset.of(record) is None
    assert "no-such-source" in display.text(record)
