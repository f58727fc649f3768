"""How records and collections show themselves in notebooks and terminals.

Jupyter calls ``_repr_html_``; :func:`text` gives the same content as plain
text. Sources are always shown, resolved to their title, publisher, date and
address, so a copied table keeps its citations.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

__all__ = ["collection_html", "label", "record_html", "text"]

_MAX_ROWS = 200


def _sources(record: Any) -> list[str]:
    from .dataset import bundled

    found = []
    for sid in getattr(record, "sources", ()):
        src = bundled().sources.get(sid) if isinstance(sid, str) else None
        if src is None:
            found.append(sid)
            continue
        when = f", {src.date}" if src.date else ""
        where = f" {src.url}" if src.url else ""
        found.append(f"{src.title} ({src.publisher}{when}){where}")
    return found


def _fields(record: Any) -> list[tuple[str, str]]:
    from .converter import converter

    raw = converter.unstructure(record)
    out = []
    for key, value in raw.items():
        if key == "sources":
            continue
        if isinstance(value, list):
            value = ", ".join(v if isinstance(v, str) else str(v) for v in value)
        out.append((key, str(value)))
    return out


def text(record: Any) -> str:
    """A record as readable plain text, with its sources.

    >>> import palermo
    >>> print(text(palermo.resolutions.get("a-res-55-25")).splitlines()[0])
    Resolution a-res-55-25
    """
    lines = [f"{type(record).__name__} {record.id}"]
    fields = _fields(record)
    width = max((len(k) for k, _ in fields), default=0)
    lines += [f"  {k:<{width}}  {v}" for k, v in fields if k != "id"]
    sources = _sources(record)
    if sources:
        lines.append("  sources:")
        lines += [f"    - {s}" for s in sources]
    return "\n".join(lines)


def record_html(record: Any) -> str:
    """A record as an HTML table, with its sources.

    >>> import palermo
    >>> "<table" in record_html(palermo.instruments.get("untoc"))
    True
    """
    rows = "".join(
        f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
        f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
        for k, v in _fields(record)
    )
    cites = "".join(f"<li>{_link(s)}</li>" for s in _sources(record))
    return (
        f"<div><strong>{html.escape(type(record).__name__)}</strong> "
        f"<code>{html.escape(record.id)}</code><table>{rows}</table>"
        + (f"<div>Sources:<ul>{cites}</ul></div>" if cites else "")
        + "</div>"
    )


def _link(source: str) -> str:
    head, _, url = source.rpartition(" ")
    if url.startswith(("http://", "https://")):
        return f"{html.escape(head)} <a href='{html.escape(url)}'>{html.escape(url)}</a>"
    return html.escape(source)


def collection_html(kind: str, records: Iterable[Any]) -> str:
    """A collection as an HTML table: id, name and sources of each record.

    >>> import palermo
    >>> collection_html("agency", palermo.agencies).count("<tr>") > 15
    True
    """
    rows = []
    for i, r in enumerate(records):
        if i == _MAX_ROWS:
            rows.append(f"<tr><td colspan='3'>... (first {_MAX_ROWS} shown)</td></tr>")
            break
        name = label(r)
        rows.append(
            f"<tr><td><code>{html.escape(r.id)}</code></td><td>{html.escape(name)}</td>"
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
    for name in ("short_title", "acronym", "name", "symbol", "code", "title", "topic"):
        value = getattr(record, name, None)
        if value:
            return str(value)
    if hasattr(record, "measure"):
        return f"{record.measure} = {record.value} {record.unit} ({record.date})"
    return str(record.id)
