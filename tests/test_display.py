"""Records and collections show themselves readably, with their sources."""

from __future__ import annotations

import html

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
