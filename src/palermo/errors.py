"""The errors palermo raises.

Every error is a :class:`PalermoError`, so ``except palermo.PalermoError``
catches all of them; each is also the built-in error a Python reader expects
(:class:`KeyError` for a miss, :class:`ValueError` for bad input or data).
"""

from __future__ import annotations

from ._text import shorten

__all__ = [
    "AmbiguousKeyError",
    "DatasetError",
    "InvalidQueryError",
    "NotCoveredError",
    "NotFoundError",
    "PalermoError",
]


class PalermoError(Exception):
    """Base class of every error palermo raises.

    >>> import palermo
    >>> [e.__name__ for e in palermo.PalermoError.__subclasses__()]
    ['NotFoundError', 'AmbiguousKeyError', 'InvalidQueryError', 'NotCoveredError', 'DatasetError']
    """


class NotFoundError(PalermoError, KeyError):
    """A lookup found nothing.

    Attributes:
        key: What was asked.
        kind: The collection searched (``"instrument"``...), or ``None``.
        suggestions: The closest keys that do exist, best first.

    >>> import palermo
    >>> try:
    ...     palermo.instruments.lookup("Palermo Protocl")
    ... except palermo.NotFoundError as e:
    ...     print(e.suggestions[0])
    Palermo Protocol
    """

    def __init__(self, key: object, kind: str | None = None, suggestions: tuple[str, ...] = ()):
        self.key = key
        self.kind = kind
        self.suggestions = tuple(suggestions)
        super().__init__(key)

    def __str__(self) -> str:
        where = f"no {self.kind}" if self.kind else "nothing"
        msg = f"{where} matches {shorten(self.key, 200)}"
        if self.suggestions:
            msg += "; did you mean: " + ", ".join(repr(s) for s in self.suggestions) + "?"
        return msg


class AmbiguousKeyError(PalermoError, KeyError):
    """A lookup key names more than one record.

    Attributes:
        key: What was asked.
        candidates: Ids of the records it could mean.

    >>> print(AmbiguousKeyError("x", ("a", "b")))
    'x' could mean any of: a, b; ask by id to pick one
    """

    def __init__(self, key: object, candidates: tuple[str, ...]):
        self.key = key
        self.candidates = tuple(candidates)
        super().__init__(key)

    def __str__(self) -> str:
        return (
            f"{shorten(self.key, 200)} could mean any of: {', '.join(self.candidates)}; "
            "ask by id to pick one"
        )


class InvalidQueryError(PalermoError, ValueError):
    """A query argument is malformed: an empty key, a bad date, a wrong type.

    >>> import palermo
    >>> try:
    ...     palermo.instruments.lookup("   ")
    ... except palermo.InvalidQueryError as e:
    ...     print(e)
    empty lookup key: give an id, a name or a symbol
    """


class NotCoveredError(PalermoError, LookupError):
    """The data cannot answer for that date.

    No query raises it any more: :mod:`palermo.participation` answers every
    well-formed question, with an *unknown* status after the date up to which
    its record is complete. It is kept so that code written for version 0.1
    (``except palermo.NotCoveredError``) keeps working.

    Attributes:
        covered_until: The last date the data covers.
        hint: Where a later answer may be found.

    >>> import palermo
    >>> err = palermo.NotCoveredError("no data after 2013", covered_until="2013-10-17")
    >>> isinstance(err, LookupError), err.covered_until
    (True, '2013-10-17')
    """

    def __init__(self, message: str, covered_until: object = None, hint: str = ""):
        self.covered_until = covered_until
        self.hint = hint
        super().__init__(message + (f"; {hint}" if hint else ""))


class DatasetError(PalermoError, ValueError):
    """A data file is malformed or breaks an integrity rule.

    Attributes:
        file: The data file.
        record: The id (or position) of the offending record, if known.
        field: The offending field, if known.
        problem: What is wrong.

    >>> str(DatasetError("instruments.json", "untoc", "adopted", "not a date"))
    'instruments.json: record untoc: field adopted: not a date'
    """

    def __init__(self, file: str, record: str | None, field: str | None, problem: str) -> None:
        self.file = file
        self.record = record
        self.field = field
        self.problem = problem
        parts = [file]
        if record is not None:
            parts.append(f"record {record if len(record) <= 200 else shorten(record, 200)}")
        if field is not None:
            parts.append(f"field {field if len(field) <= 200 else shorten(field, 200)}")
        parts.append(problem)
        super().__init__(": ".join(parts))
