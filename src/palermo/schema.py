"""JSON Schemas (draft 2020-12) of the records, generated from the model.

Each schema describes one record as :data:`palermo.converter.converter`
writes it (and as the data files hold it): dates as ``"YYYY[-MM[-DD]]"``,
periods as ``"START/END"``, symbols in their normal form, enums as their
values, tuples as arrays, :class:`~palermo.Indicator` and
:class:`~palermo.Claim` as nested objects. Fields without a default are
required and unknown fields are refused, as the loader refuses them.

The schemas are worked out from :func:`attrs.fields` and the type hints at
call time, so they cannot drift from the classes; copies ship in
``palermo/data/schema/<Type>.json`` for tools that do not run Python
(``scripts/build_schemas.py`` rewrites them, a test checks they are current).

A schema checks the form of one record, not the rules that span records
(unique ids, references that resolve): :func:`palermo.load` checks those.

>>> from palermo.schema import schema
>>> s = schema("Resolution")
>>> s["required"]
['id', 'symbol', 'organ', 'adopted', 'title', 'sources']
>>> s["properties"]["sources"]["minItems"]
1
>>> import re
>>> [bool(re.search(DATE_PATTERN, d)) for d in ("2024-02-29", "2023-02-29", " 2020")]
[True, False, False]
"""

from __future__ import annotations

import enum
import inspect
import re
import types
import typing
from typing import Any, Union

import attrs

from .converter import converter
from .errors import InvalidQueryError
from .model import FieldEvidence, PartialDate, Period, Symbol, _symbol
from .model._fields import _cites_something, _valid_id
from .model._observance import _calendar_day
from .model._records import _two_claims
from .registry import KINDS

__all__ = [
    "DATE_PATTERN",
    "DRAFT",
    "LOAD_ONLY_RULES",
    "PERIOD_PATTERN",
    "SYMBOL_PATTERN",
    "schema",
    "schemas",
]

DRAFT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of every schema here."""

# Patterns are read by ECMA-262 and Python engines alike: ASCII digits only
# ([0-9], not \d, which Python extends to other scripts), and "(?!\n)$" so that
# Python's "$" does not also match before a final newline.
_END = r"(?!\n)$"
_YEAR = r"[0-9]{4}"
_LEAP = r"(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:0[48]|[2468][048]|[13579][26])00)"
_DAY = (
    r"(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])"
    r"|(?:0[13-9]|1[0-2])-(?:29|30)"
    r"|(?:0[13578]|1[02])-31)"
)
_DATE = rf"(?:{_YEAR}(?:-(?:0[1-9]|1[0-2]))?|{_YEAR}-{_DAY}|{_LEAP}-02-29)"
DATE_PATTERN = f"^{_DATE}{_END}"
"""A :class:`~palermo.PartialDate` as written: ``YYYY``, ``YYYY-MM`` or
``YYYY-MM-DD``, a day that exists (29 February only in leap years)."""

PERIOD_PATTERN = f"^{_DATE}/{_DATE}{_END}"
"""A :class:`~palermo.Period` as written: two dates joined by ``/``."""

SYMBOL_PATTERN = _symbol.CANONICAL.removesuffix("$") + _END
"""A :class:`~palermo.Symbol` in its normal form (``A/RES/55/25``,
``S/RES/2331 (2016)``): the form :func:`str` gives and the data files hold.
:meth:`Symbol.parse <palermo.Symbol.parse>` also accepts looser spellings."""

# Value types written as strings, with the pattern each string follows.
_TEXT_TYPES: dict[type[Any], tuple[str, str]] = {
    PartialDate: (DATE_PATTERN, "A date: YYYY, YYYY-MM or YYYY-MM-DD."),
    Period: (PERIOD_PATTERN, "A period: START/END, each a date."),
    Symbol: (SYMBOL_PATTERN, "A UN document symbol in its normal form."),
}
_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    # JSON Schema counts true and false as neither integers nor numbers, as
    # the converter does.
    int: {"type": "integer"},
    bool: {"type": "boolean"},
    float: {"type": "number"},
}
_ATTRIBUTES = re.compile(r"^(\s*)Attributes:\s*$")
_ENTRY = re.compile(r"^(\w+):\s*(.*)$")


def _record_class(record_type: type[Any] | str) -> type[Any]:
    for cls in KINDS.classes:
        if record_type is cls or record_type == cls.__name__:
            return cls
    names = ", ".join(cls.__name__ for cls in KINDS.classes)
    shown = record_type.__name__ if isinstance(record_type, type) else repr(record_type)[:80]
    raise InvalidQueryError(f"{shown} is not a record type; expected one of {names}")


def _doc_parts(cls: type[Any]) -> tuple[str, dict[str, str]]:
    """The summary of a class docstring and its ``Attributes:`` entries."""
    doc = inspect.getdoc(cls) or ""
    summary = " ".join(doc.split("\n\n", 1)[0].split())
    fields: dict[str, str] = {}
    lines = doc.splitlines()
    start = next((i for i, line in enumerate(lines) if _ATTRIBUTES.match(line)), None)
    if start is None:
        return summary, fields
    current: str | None = None
    for line in lines[start + 1 :]:
        if not line.strip() or not line.startswith(" "):
            break  # the section ends at a blank line or a dedent
        text = line.strip()
        entry = _ENTRY.match(text)
        # A new entry sits at the first indentation; deeper lines continue one.
        if entry and len(line) - len(line.lstrip()) <= 4:
            current = entry.group(1)
            fields[current] = entry.group(2)
        elif current is not None:
            fields[current] += " " + text
    return summary, {k: _plain(v) for k, v in fields.items()}


def _plain(text: str) -> str:
    # Docstrings are reStructuredText; schema readers see plain text.
    text = re.sub(r":\w+:`~?([^`<]*?)(?:\s*<[^>]*>)?`", lambda m: m.group(1).split(".")[-1], text)
    return text.replace("``", "")


_EVIDENCE: dict[str, Any] = {
    "type": "object",
    "$comment": "For each stated field, the ids of the sources that state it, "
    "each an id or {source, locator}.",
    "additionalProperties": {
        "type": "array",
        "minItems": 1,
        "items": {
            "oneOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "properties": {"source": {"type": "string"}, "locator": {"type": "string"}},
                    "required": ["source"],
                    "additionalProperties": False,
                },
            ]
        },
    },
}


def _type_schema(tp: Any, defs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    if tp == tuple[FieldEvidence, ...]:
        return dict(_EVIDENCE)
    if tp in _SCALARS:
        return dict(_SCALARS[tp])
    if tp in _TEXT_TYPES:
        pattern, description = _TEXT_TYPES[tp]
        return {"type": "string", "pattern": pattern, "$comment": description}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"type": "string", "enum": [member.value for member in tp]}
    if isinstance(tp, type) and attrs.has(tp):
        if tp.__name__ not in defs:
            defs[tp.__name__] = {}  # reserved first, in case a class refers to itself
            defs[tp.__name__] = _object_schema(tp, defs)
        return {"$ref": f"#/$defs/{tp.__name__}"}
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return {"type": "array", "items": _type_schema(args[0], defs)}
    if origin in (Union, types.UnionType):
        members = [a for a in args if a is not type(None)]
        if set(members) == {int, float}:
            inner: dict[str, Any] = {"type": "number"}
        elif len(members) == 1:
            inner = _type_schema(members[0], defs)
        else:
            inner = {"anyOf": [_type_schema(a, defs) for a in members]}
        if len(members) == len(args):
            return inner
        if set(inner) == {"type"}:
            return {"type": [inner["type"], "null"]}
        return {"anyOf": [inner, {"type": "null"}]}
    # A new kind of field must be taught here, not silently described as "anything".
    raise TypeError(f"no JSON Schema rule for the type {tp!r}")


# The one-field rules of the model's validators, as JSON Schema keywords.
_ID = "^[a-z0-9][a-z0-9.\\-]{0,199}" + _END
_RULES: dict[Any, dict[str, Any]] = {
    _valid_id: {"pattern": _ID},
    _cites_something: {"minItems": 1},
    _two_claims: {"minItems": 2},
}
_FIELD_RULES: dict[tuple[Any, str], dict[str, Any]] = {
    (_calendar_day, "month"): {"minimum": 1, "maximum": 12},
    (_calendar_day, "day"): {"minimum": 1, "maximum": 31},
}
LOAD_ONLY_RULES = (
    "a date or period field before another it must follow (entry into force before "
    "adoption, a period ending before it starts, a term ending before it begins)",
    "a day that its month does not have (an observance on 30 February)",
    "evidence that names a field the record does not state, or a source that "
    "supports no field, or sources that are not the union of the evidence",
    "ids unique across the dataset and references that resolve",
    "text that holds a lone surrogate (valid JSON, but not UTF-8)",
)
"""The rules :func:`palermo.load` checks that JSON Schema cannot express: they
relate two fields or two records. Everything else the schema and the loader
decide alike (tested by mutating records at random)."""


def _rule(field: Any) -> dict[str, Any]:
    rule = _FIELD_RULES.get((field.validator, field.name)) or _RULES.get(field.validator)
    return dict(rule or {})


def _object_schema(cls: type[Any], defs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    hints = typing.get_type_hints(cls)
    summary, described = _doc_parts(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        prop = _type_schema(hints[field.name], defs)
        prop.update(_rule(field))
        if field.name in described:
            prop["description"] = described[field.name]
        if field.default is attrs.NOTHING:
            required.append(field.name)
        elif not isinstance(field.default, attrs.Factory):  # type: ignore[arg-type]
            prop["default"] = converter.unstructure(field.default, unstructure_as=hints[field.name])
        properties[field.name] = prop
    out: dict[str, Any] = {"title": cls.__name__}
    if summary:
        out["description"] = summary
    out.update(
        {
            "type": "object",
            "properties": properties,
            "required": required,
            "additionalProperties": False,
        }
    )
    return out


def schema(record_type: type[Any] | str) -> dict[str, Any]:
    """The JSON Schema of one record type, as a new dict.

    Args:
        record_type: A record class (:class:`palermo.Instrument`...) or its
            name (``"Instrument"``).

    Raises:
        InvalidQueryError: ``record_type`` is not a record type.

    >>> import jsonschema, palermo
    >>> from palermo.converter import converter
    >>> s = schema(palermo.Statistic)
    >>> s["properties"]["qualifier"]["enum"][:2]
    ['exact', 'approximately']
    >>> record = converter.unstructure(palermo.statistics.latest("tip-protocol.parties"))
    >>> validator = jsonschema.Draft202012Validator(s)
    >>> validator.is_valid(record)
    True
    >>> [e.message for e in validator.iter_errors({**record, "value": "178"})]
    ["'178' is not of type 'number'"]
    """
    cls = _record_class(record_type)
    defs: dict[str, dict[str, Any]] = {}
    body = _object_schema(cls, defs)
    out: dict[str, Any] = {"$schema": DRAFT, **body}
    if defs:
        out["$defs"] = dict(sorted(defs.items()))
    return out


def schemas() -> dict[str, dict[str, Any]]:
    """The JSON Schema of every record type, by class name.

    >>> len(schemas()), list(schemas())[:3]
    (9, ['Source', 'Instrument', 'Resolution'])
    >>> sorted(schemas()["Instrument"]["properties"])[:3]
    ['adopted', 'adopted_by', 'aliases']
    """
    return {cls.__name__: schema(cls) for cls in KINDS.classes}
