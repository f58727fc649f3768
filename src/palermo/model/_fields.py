"""What record fields are made of: declared references, the id rule,
one-record validators, and the hook through which records are displayed."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

import attrs

__all__ = ["ID_PATTERN", "OURS", "REFERENCE", "RENDERERS", "FieldError", "Reference", "ours", "ref"]


REFERENCE = "palermo.reference"
"""The attrs metadata key under which a field declares what it points to."""

OURS = "palermo.ours"
"""The attrs metadata key of a field written by palermo, not stated by a source
(descriptions, notes, our classification): it needs no evidence."""


@attrs.frozen
class Reference:
    """What a field of ids points to, declared once on the field itself.

    Every reference of the model is an ``attrs.field(metadata=...)`` made
    with :func:`ref`; the registry (:mod:`palermo.registry`), the integrity
    checks, :func:`palermo.related`, the JSON Schemas and the catalogue read
    them from there.

    Attributes:
        target: The collection the ids belong to (``"agencies"``), or
            ``None`` when they may name a record of any kind.
        name: The link's name read from the record that holds the field
            (``"adopted by"``); ``{field}`` placeholders are filled from the
            record holding it (``"custodian of indicator {code}"``).
        inverse: The name read from the other end (``"adopts"``).

    >>> import attrs, palermo
    >>> attrs.fields(palermo.Instrument).adopted_by.metadata[REFERENCE].inverse
    'adopts'
    """

    target: str | None
    name: str
    inverse: str


def ours() -> dict[str, bool]:
    """The field metadata of a value palermo writes itself (see :data:`OURS`)."""
    return {OURS: True}


def ref(target: str | None, name: str, inverse: str) -> dict[str, Reference]:
    """The field metadata that declares a reference (see :class:`Reference`)."""
    return {REFERENCE: Reference(target, name, inverse)}


class FieldError(ValueError):
    """A rule about one record is broken; ``field`` names where.

    The loader turns it into a :class:`~palermo.DatasetError` naming the
    file, the record and the field.
    """

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


ID_PATTERN = re.compile(r"\A[a-z0-9][a-z0-9.\-]{0,199}\Z")
"""What an id looks like: a-z, 0-9, '.' and '-', up to 200 characters."""


def _valid_id(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        raise FieldError(
            attribute.name, "ids use a-z, 0-9, '.' and '-' and start with a letter or digit"
        )


def _cites_something(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not value:
        raise FieldError(attribute.name, "cites no source")


class _Shown:
    """Notebook display for records, drawn by :mod:`palermo.display`.

    The model does not import the display (nor, through it, the dataset):
    :mod:`palermo.display` registers its renderer here when it is imported.
    """

    __slots__ = ()

    def _repr_html_(self) -> str:
        render = RENDERERS.get("html")
        if render is None:
            import html

            return f"<pre>{html.escape(repr(self))}</pre>"
        return render(self)


RENDERERS: dict[str, Callable[[Any], str]] = {}
"""Renderers registered by :mod:`palermo.display` (``"html"``)."""


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    # Data files hold lists; records hold tuples so nobody can change them.
    if isinstance(value, (list, tuple)):
        return tuple(value)
    raise TypeError(f"expected a list of ids, got {type(value).__name__}")
