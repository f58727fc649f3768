"""The one cattrs converter that turns records into plain data and back.

Rules, in the spirit of cattrs' ``preconf`` converters:

* :class:`~palermo.model.PartialDate` <-> ``"YYYY"``, ``"YYYY-MM"`` or
  ``"YYYY-MM-DD"`` (precision is kept);
* :class:`~palermo.model.Period` <-> ``"START/END"``;
* :class:`~palermo.model.Symbol` <-> its normal form, ``"A/RES/55/25"``;
* enums <-> their values; tuples <-> lists;
* a statistic's value is a finite JSON number (``bool``, NaN and infinity
  are refused);
* unknown keys are an error, and fields equal to their default are left out
  when unstructuring, so data files stay short and diffs small.

>>> import palermo
>>> from palermo.converter import converter
>>> raw = converter.unstructure(palermo.resolutions.get("a-res-55-25"))
>>> raw["symbol"], raw["adopted"]
('A/RES/55/25', '2000-11-15')
>>> converter.structure(raw, palermo.Resolution) == palermo.resolutions.get("a-res-55-25")
True
"""

from __future__ import annotations

import enum
import math
from typing import Any

import attrs
import cattrs
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn, override

from .model import (
    Agency,
    AgencyKind,
    Claim,
    ClaimStatus,
    Disagreement,
    Indicator,
    Instrument,
    InstrumentKind,
    Organ,
    PartialDate,
    Period,
    Qualifier,
    Resolution,
    SDGTarget,
    Source,
    SourceKind,
    Statistic,
    Symbol,
)

__all__ = ["RECORD_TYPES", "converter", "make_converter"]

RECORD_TYPES: tuple[type[Any], ...] = (
    Source,
    Instrument,
    Resolution,
    Agency,
    SDGTarget,
    Statistic,
    Disagreement,
)
"""Every record class, in the order the dataset files are checked."""

ENUM_TYPES: tuple[type[enum.Enum], ...] = (
    AgencyKind,
    ClaimStatus,
    InstrumentKind,
    Organ,
    Qualifier,
    SourceKind,
)


def _str_hook(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected a string, got {type(value).__name__}")
    return value


def _int_hook(value: Any, _: Any) -> int:
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


def _enum_hook(value: Any, cls: type[enum.Enum]) -> enum.Enum:
    try:
        return cls(value)
    except ValueError:
        allowed = ", ".join(repr(m.value) for m in cls)
        raise ValueError(f"{value!r} is not a {cls.__name__}; expected one of {allowed}") from None


def _enum_value(value: enum.Enum) -> Any:
    return value.value


def _array_only(inner: Any) -> Any:
    def hook(value: Any, type_: Any) -> Any:
        if not isinstance(value, (list, tuple)):
            raise TypeError(f"expected a list, got {type(value).__name__}")
        return inner(value, type_)

    return hook


def _parse_hook(cls: Any) -> Any:
    def hook(value: Any, _: Any) -> Any:
        if not isinstance(value, str):
            raise TypeError(f"expected a string for {cls.__name__}, got {type(value).__name__}")
        return cls.parse(value)

    return hook


def _register_record(conv: cattrs.Converter, cls: type[Any]) -> None:
    conv.register_structure_hook(
        cls, make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True)
    )
    required: dict[str, Any] = {
        a.name: override(omit_if_default=False)
        for a in attrs.fields(cls)
        if a.default is attrs.NOTHING
    }
    conv.register_unstructure_hook(
        cls, make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True, **required)
    )


def make_converter() -> cattrs.Converter:
    """Build a new converter configured with palermo's rules.

    >>> c = make_converter()
    >>> c.unstructure(PartialDate(2017))
    '2017'
    >>> c.structure("2016/2018", Period)
    Period(start=PartialDate(year=2016, month=None, day=None), end=PartialDate(year=2018, month=None, day=None))
    """
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    # cattrs' defaults call str() and int() on anything; data must be typed.
    conv.register_structure_hook(str, _str_hook)
    conv.register_structure_hook(int, _int_hook)
    conv.register_structure_hook(bool, _bool_hook)
    # The enums subclass str, so each needs its own hook ahead of str's.
    for enum_cls in ENUM_TYPES:
        conv.register_structure_hook(enum_cls, _enum_hook)
        conv.register_unstructure_hook(enum_cls, _enum_value)
    conv.register_structure_hook(int | float, _number_hook)
    for text_type in (PartialDate, Period, Symbol):
        conv.register_structure_hook(text_type, _parse_hook(text_type))
        conv.register_unstructure_hook(text_type, str)
    # cattrs would turn a string into a tuple of its characters, and a dict
    # into a tuple of its keys: a list field must hold a JSON array. Registered
    # before any record hook is generated, so that every record uses these.
    for seq_type in (tuple[str, ...], tuple[Indicator, ...], tuple[Claim, ...]):
        inner = conv.get_structure_hook(seq_type)
        conv.register_structure_hook_func(
            lambda t, seq=seq_type: t == seq,  # type: ignore[misc]
            _array_only(inner),
        )
    # Nested classes first, so the records that hold them use their hooks.
    for cls in (Indicator, Claim):
        _register_record(conv, cls)
    for cls in RECORD_TYPES:
        _register_record(conv, cls)
    return conv


converter: cattrs.Converter = make_converter()
"""The converter palermo itself uses (see :func:`make_converter`)."""
