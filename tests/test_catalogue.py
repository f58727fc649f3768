"""The docs' data catalogue is generated from the data and must never go stale.

``scripts/build_catalogue.py`` writes ``docs/catalogue/*.md``; the pages are
committed so a data change shows up as a readable diff. If this test fails,
run ``python scripts/build_catalogue.py`` and commit the result.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import palermo
from palermo import participation

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "docs" / "catalogue"


def _load_script() -> ModuleType:
    path = ROOT / "scripts" / "build_catalogue.py"
    spec = importlib.util.spec_from_file_location("build_catalogue", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_script()


def _pages(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.md"))}


def test_the_committed_catalogue_is_current(tmp_path: Path) -> None:
    assert build.main(["--output", str(tmp_path)]) == 0
    fresh, committed = _pages(tmp_path), _pages(CATALOGUE)
    assert sorted(committed) == sorted(fresh), "run: python scripts/build_catalogue.py"
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert stale == [], f"stale catalogue pages {stale}; run: python scripts/build_catalogue.py"


def test_check_mode_finds_a_changed_a_missing_and_an_extra_page(tmp_path: Path) -> None:
    assert build.main(["--output", str(tmp_path)]) == 0
    assert build.main(["--output", str(tmp_path), "--check"]) == 0
    (tmp_path / "instruments.md").write_text("edited by hand\n", encoding="utf-8")
    (tmp_path / "sources.md").unlink()
    (tmp_path / "notes.md").write_text("not generated\n", encoding="utf-8")
    assert build.stale(tmp_path, build.render()) == ["instruments.md", "sources.md", "notes.md"]
    assert build.main(["--output", str(tmp_path), "--check"]) == 1
    # Writing again repairs all three.
    assert build.main(["--output", str(tmp_path)]) == 0
    assert build.stale(tmp_path, build.render()) == []
    assert not (tmp_path / "notes.md").exists()


def test_every_bundled_record_is_listed() -> None:
    text = "\n".join(p.decode("utf-8") for p in _pages(CATALOGUE).values())
    missing = []
    for record in palermo.bundled().records():
        # Statistics are rows of their series' table; the others have entries.
        anchor = (
            f"`{record.id}`" if isinstance(record, palermo.Statistic) else f"(cat-{record.id})="
        )
        if anchor not in text:
            missing.append(record.id)
    assert missing == []
    for measure in palermo.statistics.measures:
        assert f"(cat-measure-{measure})=" in text
    for iid in participation.instrument_ids():
        assert f"(cat-participation-{iid})=" in text


def test_every_source_is_cited_in_full() -> None:
    text = (CATALOGUE / "sources.md").read_text(encoding="utf-8")
    for source in palermo.sources:
        if source.url is not None and " " not in source.url:
            assert f"<{source.url.replace('|', '%7C')}>" in text, source.id


def test_rendering_is_deterministic() -> None:
    assert build.render() == build.render()


def test_data_text_cannot_become_markup() -> None:
    assert build.esc("a|b *c* <d> [e](f) `g`") == r"a\|b \*c\* \<d\> \[e\](f) \`g\`"
    assert build.esc("two\nlines") == "two lines"
    assert build.role_text("x <y> `z` |") == "x \u2039y\u203a 'z' /"
    assert build.link("https://example.org/a|b") == "<https://example.org/a%7Cb>"
    assert build.link("not a url") == "not a url"
    # A web address in a text becomes a link; the punctuation after it stays text.
    assert build.prose("see https://a.org/x_y. *b*") == r"see <https://a.org/x_y>. \*b\*"
    assert build.prose("(https://a.org/c)") == "(<https://a.org/c>)"
