"""UN document symbols of resolutions and decisions."""

from __future__ import annotations

import re

import attrs

__all__ = ["Symbol"]

# Organs whose resolutions the dataset cites, as their symbols begin.
# The Conference of the Parties to the Convention (CTOC/COP, the prefix of its
# documents) numbers its resolutions and decisions by session ("resolution 9/1")
# and gives them no document symbol of their own.
_BODIES = ("A/HRC", "E/CN.4", "A", "E", "S", "CTOC/COP")
_COP_WORDS = {"RES": "resolution", "DEC": "decision"}
# [0-9], not \d: the JSON Schemas reuse CANONICAL, and \d there (without
# re.ASCII) would take other scripts' digits.
_SESSION = r"(?:[1-9][0-9]{0,3}|S-[1-9][0-9]?|ES-[1-9][0-9]?)"
_NUMBER = r"[1-9][0-9]{0,4}"
# re.ASCII: \d would otherwise accept other scripts' digits (fullwidth "55"),
# which int() reads but str() would then print differently.
_FULL = re.compile(
    r"^(?P<body>A/HRC|E/CN\.4|A|E)/(?P<kind>RES|DEC)/(?P<session>" + _SESSION + r")"
    r"/(?P<number>\d{1,5})$",
    re.ASCII,
)
CANONICAL = (
    r"^(?:(?:A/HRC|E/CN\.4|A|E)/(?:RES|DEC)/"
    + _SESSION
    + "/"
    + _NUMBER
    + r"|S/RES/"
    + _NUMBER
    + r"(?: \([1-9][0-9]{3}\))?"
    + r"|CTOC/COP (?:resolution|decision) [1-9][0-9]?/[1-9][0-9]{0,2})$"
)
"""The normal form of a symbol as a regular expression: what :func:`str` gives
and what data files hold (no leading zeros, one space where one is written)."""
_SC = re.compile(r"^S/RES/(?P<number>\d{1,5})$", re.ASCII)
_COP = re.compile(
    r"^(?:CTOC/)?COP\s+(?P<kind>RESOLUTION|DECISION)\s+(?P<session>\d{1,2})/(?P<number>\d{1,3})$",
    re.ASCII,
)
_SHORT = re.compile(r"^(?P<session>" + _SESSION + r")/(?P<number>\d{1,5})$", re.ASCII)
_SESSION_ONLY = re.compile(r"\A" + _SESSION + r"\Z", re.ASCII)
_YEAR = re.compile(r"\s*\(\s*(?P<year>\d{4})\s*\)\s*$", re.ASCII)
_PREFIX = re.compile(
    r"^(?:GA\s+|GENERAL\s+ASSEMBLY\s+)?(?:RESOLUTION|RES\.?|DECISION)\s+", re.ASCII
)


@attrs.frozen
class Symbol:
    """The symbol of a UN resolution or decision, such as ``A/RES/55/25``.

    :meth:`parse` accepts the spellings people write (``55/25``,
    ``a/res/55/25``, ``A/RES/55/25 (2000)``, ``resolution 55/25``) and
    :func:`str` gives the normal form. Security Council resolutions have no
    session and are written with their year: ``S/RES/2331 (2016)``. The
    Conference of the Parties to the Convention numbers its resolutions and
    decisions by session and gives them no document symbol; they are written
    ``CTOC/COP resolution 9/1`` and ``CTOC/COP decision 1/2``.

    Attributes:
        body: The organ's prefix: ``A`` (General Assembly), ``A/HRC`` (Human
            Rights Council), ``E`` (Economic and Social Council), ``E/CN.4``
            (former Commission on Human Rights), ``S`` (Security Council) or
            ``CTOC/COP`` (Conference of the Parties to the Convention).
        kind: ``RES`` for a resolution, ``DEC`` for a decision.
        session: The session (``55``, ``S-26``) or, for bodies that number by
            year, the year (``2004``); ``None`` for the Security Council.
        number: The number within the session.
        year: The year, only for Security Council resolutions.

    >>> s = Symbol.parse("a/res/55/25 (2000)")
    >>> str(s), s.body, s.session, s.number
    ('A/RES/55/25', 'A', '55', 25)
    >>> str(Symbol.parse("64/293"))
    'A/RES/64/293'
    >>> str(Symbol.parse("s/res/2331(2016)"))
    'S/RES/2331 (2016)'
    >>> str(Symbol.parse("COP decision 1/2")), Symbol.parse("CTOC/COP resolution 9/1").kind
    ('CTOC/COP decision 1/2', 'RES')
    """

    body: str
    kind: str
    session: str | None
    number: int
    year: int | None = None

    def __attrs_post_init__(self) -> None:
        if self.body not in _BODIES:
            raise ValueError(f"unknown organ prefix {self.body!r}; known: {', '.join(_BODIES)}")
        if self.kind not in ("RES", "DEC"):
            raise ValueError(f"kind must be RES or DEC, not {self.kind!r}")
        if (self.body == "S") != (self.session is None):
            raise ValueError("only Security Council symbols have no session")
        # Every symbol must print as text that parses back to it.
        if self.session is not None and (
            not isinstance(self.session, str) or not _SESSION_ONLY.match(self.session)
        ):
            raise ValueError(f"session {self.session!r} is not e.g. '55', 'S-26' or 'ES-10'")
        if isinstance(self.number, bool) or not isinstance(self.number, int):
            raise TypeError(f"number must be an integer, got {type(self.number).__name__}")
        if self.number < 1:
            raise ValueError("a resolution number starts at 1")
        if self.body == "CTOC/COP" and (
            self.session is None
            or not self.session.isdigit()
            or len(self.session) > 2
            or self.number > 999
        ):
            raise ValueError(
                "a Conference of the Parties symbol is e.g. 'decision 1/2' (session 1-99)"
            )
        if self.number > 99999:
            raise ValueError(f"a resolution number has at most five digits, not {self.number}")
        if self.year is not None:
            if self.body != "S":
                raise ValueError("only Security Council symbols carry a year")
            if isinstance(self.year, bool) or not isinstance(self.year, int):
                raise TypeError(f"year must be an integer, got {type(self.year).__name__}")
            if not 1946 <= self.year <= 9999:
                raise ValueError(f"year {self.year} is out of range 1946-9999")

    @classmethod
    def parse(cls, text: str) -> Symbol:
        """Parse a symbol from the ways people write it.

        Args:
            text: The symbol in any usual spelling (``"A/RES/55/25"``,
                ``"Resolution 55/25"``, ``"CTOC/COP resolution 9/1"``).

        Raises:
            ValueError: The text is not a resolution or decision symbol; the
                message quotes it and shows the expected form.

        >>> Symbol.parse("Resolution 64/293")
        Symbol(body='A', kind='RES', session='64', number=293, year=None)
        >>> Symbol.parse("A/RES/oops")
        Traceback (most recent call last):
        ...
        ValueError: 'A/RES/oops' is not a UN resolution symbol: expected e.g. 'A/RES/55/25' or '55/25'
        """
        if not isinstance(text, str):
            raise TypeError(f"expected a symbol string, got {type(text).__name__}")
        norm = " ".join(text.split()).upper()
        shown = text if len(text) <= 80 else text[:77] + "..."
        if m := _COP.match(norm):
            kind = "RES" if m.group("kind") == "RESOLUTION" else "DEC"
            try:
                return cls("CTOC/COP", kind, m.group("session"), int(m.group("number")))
            except ValueError as exc:
                raise ValueError(f"{shown!r} is not a UN resolution symbol: {exc}") from None
        year: int | None = None
        ym = _YEAR.search(norm)
        if ym is not None:
            year = int(ym.group("year"))
            norm = norm[: ym.start()]
        norm = _PREFIX.sub("", norm).replace(" ", "")
        try:
            if m := _SC.match(norm):
                return cls("S", "RES", None, int(m.group("number")), year)
            if m := _FULL.match(norm):
                return cls(
                    m.group("body"), m.group("kind"), m.group("session"), int(m.group("number"))
                )
            if m := _SHORT.match(norm):
                return cls("A", "RES", m.group("session"), int(m.group("number")))
        except ValueError as exc:
            raise ValueError(f"{shown!r} is not a UN resolution symbol: {exc}") from None
        raise ValueError(
            f"{shown!r} is not a UN resolution symbol: expected e.g. 'A/RES/55/25' or '55/25'"
        )

    @property
    def short(self) -> str:
        """How documents usually cite it in text: ``55/25`` for the Assembly.

        >>> Symbol.parse("A/RES/55/25").short
        '55/25'
        """
        if self.body in ("S", "CTOC/COP"):
            return str(self)
        return f"{self.session}/{self.number}"

    def __str__(self) -> str:
        if self.body == "S":
            return f"S/RES/{self.number}" + (f" ({self.year})" if self.year is not None else "")
        if self.body == "CTOC/COP":
            return f"CTOC/COP {_COP_WORDS[self.kind]} {self.session}/{self.number}"
        return f"{self.body}/{self.kind}/{self.session}/{self.number}"
