"""How to cite the data release: as text, BibTeX or CSL-JSON.

A citation names the data release (its version and release date), the code
that served it (palermo's version) and a :func:`content_hash` of every
record, so a reader can tell whether they hold exactly the data cited.

>>> import palermo
>>> from palermo.citation import cite
>>> print(cite())  # doctest: +ELLIPSIS
The palermo developers (2026). palermo dataset, version 2026.12.0 [data set], released 2026-12-02. Read with palermo .... SHA-256: ...
"""

from __future__ import annotations

import json
import re
from typing import Any

from ._provenance import Evidence
from ._version import code_version
from .converter import converter
from .dataset import Dataset, bundled
from .display import BASIS, format_source, plain
from .errors import InvalidQueryError

__all__ = ["AUTHOR", "STYLES", "TITLE", "cite", "content_hash"]

TITLE = "palermo dataset"
"""The title a citation gives the data."""

AUTHOR = "The palermo developers"
"""The author a citation names (as in the package metadata)."""

STYLES = ("text", "bibtex", "csl-json")
"""The citation styles :func:`cite` writes."""

_BIBTEX_SPECIAL = re.compile(r"([\\{}%&#_$~^])")


def content_hash(dataset: Dataset | None = None) -> str:
    """The SHA-256 of every record, as 64 hexadecimal digits.

    The hash is taken over canonical JSON: each collection's records as the
    converter writes them (fields equal to their default left out), sorted by
    id, under the collection's name, with sorted keys, no spaces and UTF-8
    text. It depends on the records only: not on the order of the data
    files, their formatting, nor the release's version or date.

    Args:
        dataset: The dataset to hash; the bundled one by default.

    Raises:
        InvalidQueryError: ``dataset`` is not a :class:`~palermo.Dataset`.

    >>> import palermo
    >>> h = content_hash(palermo.bundled())
    >>> len(h), h == content_hash()
    (64, True)
    """
    ds = bundled() if dataset is None else dataset
    if not isinstance(ds, Dataset):
        raise InvalidQueryError(f"expected a palermo Dataset, got {type(ds).__name__}")
    canonical = {
        name: [converter.unstructure(r) for r in sorted(coll, key=lambda r: r.id)]
        for name, coll in ds.collections()
    }
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    # Imported here: hashlib loads OpenSSL's libcrypto, 3.7 MiB of memory
    # that a session which never asks for a hash should not pay for.
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _text(ds: Dataset, digest: str) -> str:
    year = ds.released.year if ds.released is not None else "n.d."
    released = f", released {ds.released}" if ds.released is not None else ""
    return (
        f"{AUTHOR} ({year}). {TITLE}, version {ds.version} [data set]{released}. "
        f"Read with palermo {code_version()}. SHA-256: {digest}."
    )


def _bibtex_escape(text: str) -> str:
    return _BIBTEX_SPECIAL.sub(r"\\\1", text)


def _key(ds: Dataset) -> str:
    return "palermo-" + (re.sub(r"[^A-Za-z0-9.\-]+", "-", ds.version).strip("-") or "data")


def _bibtex(ds: Dataset, digest: str) -> str:
    fields: list[tuple[str, str]] = [
        ("author", "{" + AUTHOR + "}"),  # braced: a group, not a first and last name
        ("title", TITLE),
        ("version", _bibtex_escape(ds.version)),
    ]
    if ds.released is not None:
        fields.append(("year", str(ds.released.year)))
        if ds.released.month is not None:
            fields.append(("month", str(ds.released.month)))
        fields.append(("date", str(ds.released)))
    fields.append(("publisher", "{" + AUTHOR + "}"))
    fields.append(("howpublished", "Python package palermo, bundled data"))
    fields.append(("note", f"palermo {_bibtex_escape(code_version())}; SHA-256 {digest}"))
    return _entry(_key(ds), fields)


def _entry(key: str, fields: list[tuple[str, str]]) -> str:
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    # @misc, not biblatex's @dataset, so that plain BibTeX reads it too.
    return f"@misc{{{key},\n{body}\n}}"


_CSL_TYPES = {
    "treaty text": "legislation",
    "resolution": "legislation",
    "report": "report",
    "press release": "article",
    "web page": "webpage",
    "database": "dataset",
    "secondary copy": "webpage",
}


def _cite_value(style: str, ds: Dataset, found: Evidence, digest: str) -> str:
    what = f"{found.record.id}.{found.field}"
    release = f"palermo dataset, version {ds.version}, SHA-256 {digest}"
    if style == "text":
        if not found.cites:
            return f"{what} = {plain(found.value)}: {BASIS[found.basis]} ({release})."
        stated = "; ".join(
            format_source(src) + (f", {loc}" if loc else "") for src, loc in found.cites
        )
        return f"{what} = {plain(found.value)}. Stated by: {stated}. ({release})"
    if style == "bibtex":
        entries = []
        for src, loc in found.cites:
            fields: list[tuple[str, str]] = [
                ("author", "{" + _bibtex_escape(src.publisher) + "}"),
                ("title", _bibtex_escape(src.title)),
                ("publisher", _bibtex_escape(src.publisher)),
            ]
            if src.date is not None:
                fields.append(("year", str(src.date.year)))
                fields.append(("date", str(src.date)))
            if src.url:
                fields.append(("url", src.url))
                fields.append(("howpublished", "\\url{" + src.url + "}"))
            note = f"cited for {what} in the {release}"
            fields.append(("note", _bibtex_escape((loc + "; " if loc else "") + note)))
            entries.append(_entry(re.sub(r"[^A-Za-z0-9.\-]+", "-", src.id), fields))
        return "\n\n".join(entries)
    items = []
    for src, loc in found.cites:
        item: dict[str, Any] = {
            "id": src.id,
            "type": _CSL_TYPES.get(src.kind.value, "document"),
            "title": src.title,
            "publisher": src.publisher,
            "author": [{"literal": src.publisher}],
            "note": f"cited for {what} in the {release}",
        }
        if src.url:
            item["URL"] = src.url
        if src.date is not None:
            parts = [p for p in (src.date.year, src.date.month, src.date.day) if p]
            item["issued"] = {"date-parts": [parts]}
        if loc:
            item["locator"] = loc
        items.append(item)
    return json.dumps(items, indent=2, ensure_ascii=False)


def _csl_json(ds: Dataset, digest: str) -> str:
    item: dict[str, Any] = {
        "id": _key(ds),
        "type": "dataset",
        "title": TITLE,
        "author": [{"literal": AUTHOR}],
        "version": ds.version,
    }
    if ds.released is not None:
        parts = [p for p in (ds.released.year, ds.released.month, ds.released.day) if p]
        item["issued"] = {"date-parts": [parts]}
    item["note"] = f"palermo {code_version()}; SHA-256 {digest}"
    # CSL-JSON is a list of items, as citation processors read it.
    return json.dumps([item], indent=2, ensure_ascii=False)


def cite(
    style: str = "text",
    *,
    dataset: Dataset | None = None,
    record: Any = None,
    field: str | None = None,
) -> str:
    """A citation of the data release, or of one value, in the given style.

    Args:
        style: ``"text"`` (one line), ``"bibtex"`` (``@misc`` entries) or
            ``"csl-json"`` (a list of CSL items, for Zotero, pandoc and
            other citation processors).
        dataset: The dataset to cite; the bundled one by default.
        record: With ``field``, cite one value: the sources that state it
            (see :func:`palermo.evidence`), each with its locator, and the
            data release it was read from.
        field: The field of ``record`` to cite.

    The same data and code always give the same text, with no final
    newline in any style (``print(cite(style))`` shows it as it is).

    Raises:
        InvalidQueryError: An unknown style (the message lists the styles),
            or ``record`` without ``field`` (or the other way round), or a
            field the record does not have.
        NotFoundError: ``record`` is not in the dataset.

    >>> import json, palermo
    >>> print(cite("bibtex").splitlines()[0])
    @misc{palermo-2026.12.0,
    >>> item = json.loads(cite("csl-json"))[0]
    >>> item["type"], item["version"], item["issued"]
    ('dataset', '2026.12.0', {'date-parts': [[2026, 12, 2]]})
    >>> print(cite(record="tip-protocol", field="unts")[:44])
    tip-protocol.unts = 2237 UNTS 319. Stated by
    >>> print(cite("bibtex", record="tip-protocol", field="unts"))  # doctest: +ELLIPSIS
    @misc{untc-xviii-12-a,
      author = {{United Nations}},
      ...
      url = {https://treaties.un.org/Pages/ShowMTDSGDetails.aspx?src=UNTSONLINE&tabid=2&mtdsg_no=XVIII-12-a&chapter=18&lang=en},
      ...
    }
    """
    if style not in STYLES:
        shown = repr(style) if isinstance(style, str) else type(style).__name__
        raise InvalidQueryError(
            f"unknown citation style {shown[:60]}; choose one of {', '.join(STYLES)}"
        )
    ds = bundled() if dataset is None else dataset
    if (record is None) != (field is None):
        raise InvalidQueryError("to cite one value give both record= and field=")
    digest = content_hash(ds)
    if record is not None and field is not None:
        return _cite_value(style, ds, ds.evidence(record, field), digest)
    if style == "bibtex":
        return _bibtex(ds, digest)
    if style == "csl-json":
        return _csl_json(ds, digest)
    return _text(ds, digest)
