"""How records and collections show themselves in notebooks and terminals.

Jupyter calls ``_repr_html_``; :func:`text` gives the same content as plain
text. Sources are always shown, resolved to their title, publisher, date and
address through the dataset the record came from (see
:meth:`palermo.Dataset.of`), so a copied table keeps its citations and a
user's own records cite the user's own sources.

Importing this module registers its renderers with the model; the model
never imports it.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from ._dataset import Dataset
from .converter import converter
from .model._fields import RENDERERS
from .registry import KINDS

__all__ = [
    "BASIS",
    "collection_html",
    "evidence_row",
    "format_source",
    "label",
    "plain",
    "record_html",
    "text",
]

_MAX_ROWS = 200


def format_source(source: Any) -> str:
    """A source written out for a citation: ``title (publisher, date) <url>``.

    A source with no known date says ``undated``; one with no address has no
    ``<url>`` part. The display, the exports and the command line all write
    sources this way.

    Args:
        source: A :class:`~palermo.Source`.

    >>> import palermo
    >>> format_source(palermo.sources.get("a-res-55-25-text"))[:67]
    'A/RES/55/25: United Nations Convention against Transnational Organi'
    >>> format_source(palermo.Source(id="x", title="T", publisher="P", kind=palermo.SourceKind.WEB_PAGE))
    'T (P, undated)'
    """
    text = f"{source.title} ({source.publisher}, {source.date or 'undated'})"
    return f"{text} <{source.url}>" if source.url else text


def _sources(record: Any, dataset: Dataset | None) -> list[str]:
    if dataset is None:
        dataset = Dataset.of(record)
    found = []
    for sid in getattr(record, "sources", ()):
        src = dataset.sources.by_id(sid) if dataset is not None else None
        found.append(sid if src is None else format_source(src))
    return found


BASIS = {
    "field": "stated by:",
    "record": "no field-level evidence recorded: the record's sources stand for all its fields:",
    "self": "the source itself:",
    "ours": "written by palermo, not stated by a source",
    "none": "no source states it",
}
"""What each :attr:`palermo.Evidence.basis` means, in words."""


def plain(value: Any) -> str:
    """A field's value as one line of text.

    >>> import palermo
    >>> plain(palermo.instruments.get("tip-protocol").aliases)[:16]
    'Palermo Protocol'
    """
    if isinstance(value, tuple):
        return "; ".join(plain(v) for v in value)
    if hasattr(value, "value") and not isinstance(value, (int, float)):
        return str(value.value)
    return str(value)


def evidence_row(found: Any) -> dict[str, Any]:
    """An :class:`palermo.Evidence` as plain data (for JSON).

    >>> import palermo
    >>> evidence_row(palermo.evidence("tip-protocol", "unts"))["sources"][0]["id"]
    'untc-xviii-12-a'
    """
    return {
        "record": found.record.id,
        "field": found.field,
        "value": converter.unstructure(found.value),
        "basis": found.basis,
        "sources": [
            {
                "id": s.id,
                "title": s.title,
                "publisher": s.publisher,
                "date": str(s.date) if s.date else None,
                "url": s.url,
                "kind": s.kind.value,
                "locator": locator,
            }
            for s, locator in found.cites
        ],
    }


def _nested(value: Any) -> list[dict[str, Any]] | None:
    """Nested records (claims, indicators) as the converter writes them."""
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return value
    return None


def _item_text(item: dict[str, Any]) -> str:
    return "; ".join(
        f"{k}: {', '.join(map(str, v)) if isinstance(v, list) else v}" for k, v in item.items()
    )


def _fields(record: Any) -> list[tuple[str, str, tuple[str, ...]]]:
    """Each field shown, with the ids of the sources that state it."""
    raw = converter.unstructure(record)
    stated: dict[str, tuple[str, ...]] = {
        e.field: tuple(c.source for c in e.cites) for e in getattr(record, "evidence", ())
    }
    out = []
    for key, value in raw.items():
        if key in ("sources", "evidence"):
            continue
        items = _nested(value)
        if items is not None:
            value = " | ".join(_item_text(i) for i in items)
        elif isinstance(value, list):
            value = ", ".join(v if isinstance(v, str) else str(v) for v in value)
        out.append((key, str(value), stated.get(key, ())))
    return out


def _nested_html(items: list[dict[str, Any]]) -> str:
    """Nested records side by side: one row each, a column per field."""
    keys = list(dict.fromkeys(k for item in items for k in item))
    head = "".join(f"<th style='text-align:left'>{html.escape(k)}</th>" for k in keys)
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td style='text-align:left'>{html.escape(_cell_text(item.get(k)))}</td>" for k in keys
        )
        + "</tr>"
        for item in items
    )
    return f"<table><tr>{head}</tr>{rows}</table>"


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def text(record: Any, dataset: Dataset | None = None) -> str:
    """A record as readable plain text, with its sources.

    Sources are resolved through ``dataset``, by default the dataset the
    record came from.

    >>> import palermo
    >>> print(text(palermo.resolutions.get("a-res-55-25")).splitlines()[0])
    Resolution a-res-55-25
    """
    lines = [f"{type(record).__name__} {record.id}"]
    fields = _fields(record)
    width = max((len(k) for k, _, _ in fields), default=0)
    for k, v, ids in fields:
        if k != "id":
            cites = f"  [{', '.join(ids)}]" if ids else ""
            lines.append(f"  {k:<{width}}  {v}{cites}")
    sources = _sources(record, dataset)
    if sources:
        lines.append("  sources:")
        lines += [f"    - {s}" for s in sources]
    return "\n".join(lines)


def record_html(record: Any, dataset: Dataset | None = None) -> str:
    """A record as an HTML table, with its sources.

    >>> import palermo
    >>> record_html(palermo.instruments.get("untoc"))[:51]
    '<div><strong>Instrument</strong> <code>untoc</code>'

    Nested records (a disagreement's claims) are a table of their own, one
    row each, side by side:

    >>> record_html(palermo.disagreements.get("gpa-symbol")).count("<th style='text-align:left'>status")
    1
    """
    raw = converter.unstructure(record)
    rows = "".join(
        f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
        f"<td style='text-align:left'>{_value_html(raw.get(k), v)}</td>"
        f"<td style='text-align:left'><small>{html.escape(', '.join(ids))}</small></td></tr>"
        for k, v, ids in _fields(record)
    )
    cites = "".join(f"<li>{_link(s)}</li>" for s in _sources(record, dataset))
    return (
        f"<div><strong>{html.escape(type(record).__name__)}</strong> "
        f"<code>{html.escape(record.id)}</code><table>{rows}</table>"
        + (f"<div>Sources:<ul>{cites}</ul></div>" if cites else "")
        + "</div>"
    )


def _value_html(raw: Any, shown: str) -> str:
    items = _nested(raw)
    return _nested_html(items) if items is not None else html.escape(shown)


def _link(source: str) -> str:
    head, _, url = source.rpartition(" <")
    url = url.removesuffix(">")
    if url.startswith(("http://", "https://")):
        return f"{html.escape(head)} <a href='{html.escape(url)}'>{html.escape(url)}</a>"
    return html.escape(source)


def collection_html(kind: Any, records: Iterable[Any] | None = None) -> str:
    """A collection as an HTML table: id, name and sources of each record.

    >>> import palermo
    >>> collection_html(palermo.agencies)[:92]
    '<div><strong>agency records</strong><table><tr><th>id</th><th>name</th><th>sources</th></tr>'
    >>> collection_html(palermo.agencies).count("<tr>") - 1, len(palermo.agencies)  # a row each
    (50, 50)
    """
    if records is None:
        records, kind = kind, kind.kind
    rows = []
    for i, r in enumerate(records):
        if i == _MAX_ROWS:
            rows.append(f"<tr><td colspan='3'>... (first {_MAX_ROWS} shown)</td></tr>")
            break
        rows.append(
            f"<tr><td><code>{html.escape(r.id)}</code></td><td>{html.escape(label(r))}</td>"
            f"<td>{html.escape('; '.join(getattr(r, 'sources', ())))}</td></tr>"
        )
    return (
        f"<div><strong>{html.escape(kind)} records</strong><table>"
        "<tr><th>id</th><th>name</th><th>sources</th></tr>" + "".join(rows) + "</table></div>"
    )


def label(record: Any) -> str:
    """A record's name in a few words, for one line of a table.

    >>> import palermo
    >>> label(palermo.agencies.get("unodc"))
    'UNODC'
    """
    kind = KINDS.kind_of(record)
    return kind.title(record) if kind is not None else str(getattr(record, "id", record))


RENDERERS["html"] = record_html
RENDERERS["collection"] = collection_html
