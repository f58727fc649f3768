"""The model: record classes and the small value types they are made of.

Records are frozen attrs classes; collections are tuples; references to other
records are ids, resolved through a :class:`palermo.Dataset`.
"""

from ._dates import DateLike, PartialDate, Period, Precision
from ._records import (
    Agency,
    AgencyKind,
    Claim,
    ClaimStatus,
    Disagreement,
    Indicator,
    Instrument,
    InstrumentKind,
    Organ,
    Qualifier,
    Record,
    Resolution,
    SDGTarget,
    Source,
    SourceKind,
    Statistic,
)
from ._symbol import Symbol

__all__ = [
    "Agency",
    "AgencyKind",
    "Claim",
    "ClaimStatus",
    "DateLike",
    "Disagreement",
    "Indicator",
    "Instrument",
    "InstrumentKind",
    "Organ",
    "PartialDate",
    "Period",
    "Precision",
    "Qualifier",
    "Record",
    "Resolution",
    "SDGTarget",
    "Source",
    "SourceKind",
    "Statistic",
    "Symbol",
]
