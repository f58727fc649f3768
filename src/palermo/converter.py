"""The one cattrs converter that turns records into plain data and back.

Rules, in the spirit of cattrs' ``preconf`` converters:

* :class:`~palermo.model.PartialDate` <-> ``"YYYY"``, ``"YYYY-MM"`` or
  ``"YYYY-MM-DD"`` (precision is kept);
* :class:`~palermo.model.Period` <-> ``"START/END"``;
* :class:`~palermo.model.Symbol` <-> its normal form, ``"A/RES/55/25"``;
* those three are read only in the form they are written: ``" 2020"``,
  ``"2020-1-5"`` or ``"55/25"`` are refused, with the form to write instead
  (the query API, :meth:`PartialDate.parse <palermo.PartialDate.parse>` and
  :meth:`Symbol.parse <palermo.Symbol.parse>` stay lenient);
* an integer field takes a JSON integer, or a number with no fractional part
  (``16.0``), as JSON Schema does;
* enums <-> their values; tuples <-> lists;
* a record's evidence <-> an object of field name -> list of source ids, or of
  ``{"source": id, "locator": "art. 17(2)"}`` where a locator is known;
* a statistic's value is a finite JSON number (``bool``, NaN and infinity
  are refused);
* unknown keys are an error, and fields equal to their default are left out
  when unstructuring, so data files stay short and diffs small.

The rules are chosen by type, not by a list of classes: every attrs class,
every enum, every homogeneous tuple. A record kind added to the registry needs
nothing here. :data:`converter` is the one palermo uses and is sealed:
registering a hook on it raises, so no user can change how the shared data is
read or hashed. :func:`make_converter` gives anyone their own copy to change.

>>> import palermo
>>> from palermo.converter import converter
>>> raw = converter.unstructure(palermo.resolutions.get("a-res-55-25"))
>>> raw["symbol"], raw["adopted"]
('A/RES/55/25', '2000-11-15')
>>> back = converter.structure(raw, palermo.Resolution)
>>> back.symbol, back.adopted
(Symbol(body='A', kind='RES', session='55', number=25, year=None), PartialDate(year=2000, month=11, day=15))
"""

from __future__ import annotations

import enum
import math
import typing
from typing import Any

import attrs
import cattrs
from cattrs.cols import homogenous_tuple_structure_factory
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from .errors import InvalidQueryError
from .model import Cite, FieldEvidence, PartialDate, Period, Symbol

__all__ = ["configure_converter", "converter", "make_converter"]


def __getattr__(name: str) -> Any:
    if name == "RECORD_TYPES":
        # Kept for code written against 0.1: the registry is the list now.
        from .registry import KINDS

        return KINDS.classes
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _str_hook(value: Any, type_: Any) -> Any:
    # Registered for str, so cattrs also hands it the enums, which subclass str.
    if type_ is not str and _is_enum(type_):
        return _enum_hook(value, type_)
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


_EXACT_FLOAT = 2**53  # beyond it a float no longer names one integer


def _int_hook(value: Any, _: Any) -> int:
    # JSON has one number type: 16.0 is the integer 16, as JSON Schema says.
    if isinstance(value, float) and value.is_integer() and abs(value) <= _EXACT_FLOAT:
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"expected an integer, got {type(value).__name__}")
    return value


def _bool_hook(value: Any, _: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {type(value).__name__}")
    return value


def _number_hook(value: Any, _: Any) -> int | float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"expected a number, got {type(value).__name__}")
    if isinstance(value, float) and not math.isfinite(value):
        # NaN or infinity would make every comparison of figures false.
        raise ValueError(f"expected a finite number, got {value!r}")
    return value


def _is_enum(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, enum.Enum)


def _enum_hook(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in cls)
        raise ValueError(f"{value!r} is not a {cls.__name__}; expected one of {allowed}") from None


def _plain(value: Any) -> Any:
    # cattrs unstructures str (and so str enums) as themselves; an enum's
    # value is what a data file holds.
    return value.value if isinstance(value, enum.Enum) else value


def _is_tuple(t: Any) -> bool:
    args = typing.get_args(t)
    return typing.get_origin(t) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_factory(t: Any, conv: cattrs.Converter) -> Any:
    # cattrs would turn a string into a tuple of its characters, and a dict
    # into a tuple of its keys: a list field must hold a JSON array.
    inner = homogenous_tuple_structure_factory(t, conv)

    def hook(value: Any, type_: Any) -> Any:
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"expected a list, got {type(value).__name__}")
        return inner(value, type_)

    return hook


def _parse_hook(cls: Any) -> Any:
    def hook(value: Any, _: Any) -> Any:
        if not isinstance(value, str):
            raise TypeError(f"expected a string for {cls.__name__}, got {type(value).__name__}")
        parsed = cls.parse(value)
        if str(parsed) != value:
            # A data file holds the one written form, so that files, JSON
            # Schemas and content hashes agree on what a value is.
            raise ValueError(f"{value!r} is not written in its normal form: write {str(parsed)!r}")
        return parsed

    return hook


def _is_evidence(t: Any) -> bool:
    return bool(t == tuple[FieldEvidence, ...])


def _evidence_hook(value: Any, _: Any) -> tuple[FieldEvidence, ...]:
    if not isinstance(value, dict):
        raise TypeError(f"expected an object of field -> sources, got {type(value).__name__}")
    out = []
    for field, cites in value.items():
        if not isinstance(cites, list):
            raise TypeError(f"evidence for {field!r}: expected a list, got {type(cites).__name__}")
        out.append(FieldEvidence(field=field, cites=tuple(_cite(field, c) for c in cites)))
    return tuple(out)


def _cite(field: str, value: Any) -> Cite:
    if isinstance(value, str):
        return Cite(value)
    if isinstance(value, dict) and set(value) <= {"source", "locator"}:
        source, locator = value.get("source"), value.get("locator", "")
        if isinstance(source, str) and isinstance(locator, str):
            return Cite(source, locator)
    raise TypeError(
        f"evidence for {field!r}: each source is an id or {{'source': id, 'locator': text}}"
    )


def _evidence_value(value: tuple[FieldEvidence, ...]) -> dict[str, list[Any]]:
    return {
        e.field: [
            c.source if not c.locator else {"source": c.source, "locator": c.locator}
            for c in e.cites
        ]
        for e in value
    }


def _is_record(t: Any) -> bool:
    return attrs.has(t) and t not in (PartialDate, Period, Symbol)


def _structure_factory(cls: Any, conv: cattrs.Converter) -> Any:
    return make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True)


def _unstructure_factory(cls: Any, conv: cattrs.Converter) -> Any:
    required: dict[str, Any] = {
        a.name: override(omit_if_default=False)
        for a in attrs.fields(cls)
        if a.default is attrs.NOTHING
    }
    return make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True, **required)


def configure_converter(conv: cattrs.Converter) -> None:
    """Give ``conv`` palermo's rules (listed at the top of this module)."""
    # cattrs' defaults call str() and int() on anything; data must be typed.
    conv.register_structure_hook(str, _str_hook)
    conv.register_structure_hook(int, _int_hook)
    conv.register_structure_hook(bool, _bool_hook)
    conv.register_structure_hook(int | float, _number_hook)
    conv.register_structure_hook_func(_is_enum, _enum_hook)  # enums not made on str
    conv.register_unstructure_hook(str, _plain)
    for text_type in (PartialDate, Period, Symbol):
        conv.register_structure_hook(text_type, _parse_hook(text_type))
        conv.register_unstructure_hook(text_type, str)
    conv.register_structure_hook_factory(_is_tuple, _tuple_factory)
    # After the tuples (the latest registered is tried first): evidence is
    # written as an object, {"field": ["source-id", {"source": ..., "locator": ...}]}.
    conv.register_structure_hook_func(_is_evidence, _evidence_hook)
    conv.register_unstructure_hook_func(_is_evidence, _evidence_value)
    conv.register_structure_hook_factory(_is_record, _structure_factory)
    conv.register_unstructure_hook_factory(_is_record, _unstructure_factory)


def make_converter() -> cattrs.Converter:
    """Build a new converter configured with palermo's rules, yours to change.

    >>> c = make_converter()
    >>> c.unstructure(PartialDate(2017))
    '2017'
    >>> c.structure("2016/2018", Period)
    Period(start=PartialDate(year=2016, month=None, day=None), end=PartialDate(year=2018, month=None, day=None))
    """
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    configure_converter(conv)
    return conv


class _SealedConverter(cattrs.Converter):
    """A converter that refuses new hooks once configured."""

    _sealed = False

    def _refuse(self) -> None:
        if self._sealed:
            raise InvalidQueryError(
                "palermo.converter.converter is shared and read-only; "
                "call palermo.converter.make_converter() for a converter of your own"
            )

    def register_structure_hook(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse()
        return super().register_structure_hook(*args, **kwargs)

    def register_unstructure_hook(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse()
        return super().register_unstructure_hook(*args, **kwargs)

    def register_structure_hook_func(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse()
        return super().register_structure_hook_func(*args, **kwargs)

    def register_unstructure_hook_func(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse()
        return super().register_unstructure_hook_func(*args, **kwargs)

    def register_structure_hook_factory(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse()
        return super().register_structure_hook_factory(*args, **kwargs)

    def register_unstructure_hook_factory(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse()
        return super().register_unstructure_hook_factory(*args, **kwargs)


def _shared() -> cattrs.Converter:
    conv = _SealedConverter(forbid_extra_keys=True, detailed_validation=True)
    configure_converter(conv)
    conv._sealed = True
    return conv


converter: cattrs.Converter = _shared()
"""The converter palermo itself uses; read-only (see :func:`make_converter`)."""
