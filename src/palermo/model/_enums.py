"""The closed vocabularies of the model: kinds of source, instrument, body
and agency, qualifiers of figures, and what the primary record says of a claim."""

from __future__ import annotations

import enum

__all__ = ["AgencyKind", "ClaimStatus", "InstrumentKind", "Organ", "Qualifier", "SourceKind"]


class SourceKind(str, enum.Enum):
    """What kind of document a :class:`Source` is.

    >>> import palermo
    >>> palermo.sources.get("untc-xviii-12-a").kind
    <SourceKind.DATABASE: 'database'>
    """

    TREATY_TEXT = "treaty text"
    RESOLUTION = "resolution"
    REPORT = "report"
    PRESS_RELEASE = "press release"
    WEB_PAGE = "web page"
    DATABASE = "database"
    SECONDARY_COPY = "secondary copy"

    @property
    def rank(self) -> int:
        """How primary this kind of source is: the higher, the more trusted.

        When sources give different figures for the same day, the figure of
        the highest-ranked source is served first: treaty text, resolution,
        database, report, press release, web page, then secondary copies.

        >>> SourceKind.TREATY_TEXT.rank, SourceKind.DATABASE.rank, SourceKind.SECONDARY_COPY.rank
        (6, 4, 0)
        """
        return _SOURCE_RANK[self]

    @property
    def primary(self) -> bool:
        """Whether the publisher's own document (not a copy elsewhere)."""
        return self is not SourceKind.SECONDARY_COPY


_SOURCE_RANK = {
    SourceKind.TREATY_TEXT: 6,
    SourceKind.RESOLUTION: 5,
    SourceKind.DATABASE: 4,
    SourceKind.REPORT: 3,
    SourceKind.PRESS_RELEASE: 2,
    SourceKind.WEB_PAGE: 1,
    SourceKind.SECONDARY_COPY: 0,
}


class InstrumentKind(str, enum.Enum):
    """What kind of instrument an :class:`Instrument` is.

    >>> import palermo
    >>> palermo.instruments.get("gpa").kind.value
    'plan of action'
    """

    CONVENTION = "convention"
    PROTOCOL = "protocol"
    PLAN_OF_ACTION = "plan of action"
    POLITICAL_DECLARATION = "political declaration"
    AGENDA = "agenda"
    COMPACT = "compact"
    GUIDELINES = "guidelines"
    REGIONAL_CONVENTION = "regional convention"
    DECLARATION = "declaration"


class Organ(str, enum.Enum):
    """The body that adopted a :class:`Resolution`.

    >>> import palermo
    >>> palermo.resolutions.get("a-res-55-25").organ.value
    'General Assembly'
    """

    GENERAL_ASSEMBLY = "General Assembly"
    SECURITY_COUNCIL = "Security Council"
    ECONOMIC_AND_SOCIAL_COUNCIL = "Economic and Social Council"
    HUMAN_RIGHTS_COUNCIL = "Human Rights Council"
    COMMISSION_ON_HUMAN_RIGHTS = "Commission on Human Rights"
    CONFERENCE_OF_THE_PARTIES = "Conference of the Parties"
    INTERNATIONAL_LABOUR_CONFERENCE = "International Labour Conference"
    OTHER = "other"


class AgencyKind(str, enum.Enum):
    """What kind of body an :class:`Agency` is.

    >>> import palermo
    >>> palermo.agencies.get("unodc").kind.value
    'UN office'
    """

    UN_OFFICE = "UN office"
    UN_ENTITY = "UN entity"
    SPECIALIZED_AGENCY = "specialized agency"
    RELATED_ORGANIZATION = "related organization"
    FUND = "fund"
    CAMPAIGN = "campaign"
    COORDINATION_GROUP = "coordination group"
    SPECIAL_PROCEDURE = "special procedure"
    REVIEW_MECHANISM = "review mechanism"
    PUBLICATION = "publication"
    DATABASE = "database"
    INTERGOVERNMENTAL_ORGANIZATION = "intergovernmental organization"
    REGIONAL_ORGANIZATION = "regional organization"
    GOVERNMENT_OFFICE = "government office"
    CIVIL_SOCIETY = "civil-society organization"
    INITIATIVE = "initiative"


class Qualifier(str, enum.Enum):
    """How a source qualified a figure: ``"more than 70 per cent"`` is
    :attr:`MORE_THAN` 70.

    >>> Qualifier("more than")
    <Qualifier.MORE_THAN: 'more than'>
    """

    EXACT = "exact"
    APPROXIMATELY = "approximately"
    MORE_THAN = "more than"
    AT_LEAST = "at least"
    NEARLY = "nearly"
    LESS_THAN = "less than"
    UP_TO = "up to"


class ClaimStatus(str, enum.Enum):
    """What the primary record says of one :class:`Claim`.

    >>> import palermo
    >>> [c.status.value for c in palermo.disagreements.get("gpa-symbol").claims]
    ['supported', 'erratum']
    """

    SUPPORTED = "supported"
    """The primary record supports the claim."""
    TRUE_AT_ITS_DATE = "true at its date"
    """Right when made; a later figure differs (a time series, not an error)."""
    ROUNDED = "rounded"
    """A rounded form of a figure stated more precisely elsewhere."""
    DIFFERENT_SCOPE = "different scope"
    """Counts or measures something slightly different."""
    ERRATUM = "erratum"
    """Contradicted by the primary record: never serve it as fact."""
    DISPUTED = "disputed"
    """Stated by a primary record that another primary record contradicts."""
    UNVERIFIED = "unverified"
    """No primary record was found to check it against."""
