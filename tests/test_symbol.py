"""Symbol: parsing the spellings people write, normal form, junk."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from palermo import Symbol
from palermo.testing import symbols


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("A/RES/55/25", "A/RES/55/25"),
        ("a/res/55/25", "A/RES/55/25"),
        ("55/25", "A/RES/55/25"),
        ("A/RES/55/25 (2000)", "A/RES/55/25"),
        ("  resolution 64/293 ", "A/RES/64/293"),
        ("A / RES / 64 / 293", "A/RES/64/293"),
        ("E/CN.4/DEC/2004/110", "E/CN.4/DEC/2004/110"),
        ("a/hrc/res/8/12", "A/HRC/RES/8/12"),
        ("S/RES/2331(2016)", "S/RES/2331 (2016)"),
        ("A/RES/S-26/2", "A/RES/S-26/2"),
    ],
)
def test_parse_normalises(text: str, normal: str) -> None:
    assert str(Symbol.parse(text)) == normal


def test_parts() -> None:
    s = Symbol.parse("A/RES/55/25")
    assert (s.body, s.kind, s.session, s.number, s.short) == ("A", "RES", "55", 25, "55/25")


@pytest.mark.parametrize(
    "text", ["", "A/RES/", "A/RES/55", "X/RES/1/2", "55-25", "A/RES/55/25/Add.1", "A/RES/55/0x1"]
)
def test_parse_rejects_junk_with_a_clear_message(text: str) -> None:
    with pytest.raises(ValueError, match="is not a UN resolution symbol"):
        Symbol.parse(text)


def test_parse_rejects_non_strings() -> None:
    with pytest.raises(TypeError, match="expected a symbol string"):
        Symbol.parse(55)  # type: ignore[arg-type]


def test_constructor_validates() -> None:
    with pytest.raises(ValueError, match="unknown organ"):
        Symbol("Q", "RES", "1", 1)
    with pytest.raises(ValueError, match="no session"):
        Symbol("A", "RES", None, 1)
    with pytest.raises(ValueError, match="starts at 1"):
        Symbol("A", "RES", "1", 0)


@given(symbols())
def test_format_parse_round_trip(s: Symbol) -> None:
    assert Symbol.parse(str(s)) == s


@given(symbols(), st.sampled_from([str.lower, str.upper, lambda t: f"  {t} "]))
def test_normalisation_is_idempotent(s: Symbol, spell: object) -> None:
    once = Symbol.parse(spell(str(s)))  # type: ignore[operator]
    assert Symbol.parse(str(once)) == once == s


@given(st.text(max_size=60))
def test_junk_raises_only_value_error(text: str) -> None:
    try:
        parsed = Symbol.parse(text)
    except ValueError as exc:
        message = str(exc)
    else:
        message = "symbol"
        assert Symbol.parse(str(parsed)) == parsed
    assert "symbol" in message
