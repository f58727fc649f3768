"""The record classes: what the dataset is made of."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs

from ._dates import PartialDate, Period
from ._enums import (
    AgencyKind,
    ClaimStatus,
    InstrumentKind,
    Organ,
    Qualifier,
    SourceKind,
)
from ._evidence import _CITES, Cite, FieldEvidence, _evidence, _evidence_rules
from ._fields import (
    FieldError,
    Reference,
    _cites_something,
    _ids,
    _Shown,
    _valid_id,
    ours,
    ref,
)
from ._observance import Observance
from ._symbol import Symbol

__all__ = [
    "Agency",
    "Cite",
    "Claim",
    "Disagreement",
    "FieldEvidence",
    "Indicator",
    "Instrument",
    "MandateHolder",
    "Record",
    "Reference",
    "Resolution",
    "SDGTarget",
    "Source",
    "Statistic",
    "ref",
]


def _two_claims(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if len(value) < 2:
        raise FieldError(attribute.name, "a disagreement needs two claims")


def _indicators(value: Iterable[Indicator]) -> tuple[Indicator, ...]:
    return tuple(value)


def _claims(value: Iterable[Claim]) -> tuple[Claim, ...]:
    return tuple(value)


@attrs.frozen(kw_only=True)
class Source(_Shown):
    """A public document that records cite.

    Attributes:
        id: Stable identifier, e.g. ``"unodc-2020-concept-note"``.
        title: The document's title.
        publisher: Who published it.
        kind: What kind of document it is.
        date: When it was published, as precisely as known.
        url: Where it can be read, or ``None`` when no address is known (then
            title, publisher and date identify it).
        note: Our own remark on the document (e.g. that it is secondary).

    >>> import palermo
    >>> palermo.sources.get("untc-xviii-12-a").publisher
    'United Nations'
    """

    id: str = attrs.field(validator=_valid_id)
    title: str
    publisher: str
    kind: SourceKind = attrs.field(converter=SourceKind, metadata=ours())
    date: PartialDate | None = None
    url: str | None = None
    note: str = attrs.field(default="", metadata=ours())


@attrs.frozen(kw_only=True)
class Instrument(_Shown):
    """A treaty, declaration, plan or other instrument of the framework.

    Attributes:
        id: Stable identifier, e.g. ``"tip-protocol"``.
        title: The official title.
        short_title: The name people use.
        aliases: Other names and acronyms (``"Palermo Protocol"``).
        kind: What kind of instrument it is.
        legally_binding: Whether it binds the States that join it.
        adopted: When it was adopted.
        adopted_by: Id of the :class:`Resolution` that adopted it.
        opened_for_signature: When it was opened for signature.
        signature_place: Where it was opened for signature.
        entry_into_force: When it entered into force.
        entry_into_force_condition: What its text requires to enter into force.
        supplements: Id of the :class:`Instrument` it supplements.
        depositary: Who holds its instruments of ratification.
        custodian: Id of the :class:`Agency` that looks after it.
        untc_ref: Its UN Treaty Collection reference (``XVIII-12-a``).
        unts: Its UN Treaty Series citation (``2237 UNTS 319``).
        description: Our own short description.
        sources: Ids of the :class:`Source` records that support it (the union of
            its evidence).
        evidence: For each stated field, the sources that state it
            (see :func:`palermo.evidence`); empty when the record's sources
            stand for all its fields.

    >>> import palermo
    >>> p = palermo.instruments.get("tip-protocol")
    >>> p.untc_ref, str(p.entry_into_force)
    ('XVIII-12-a', '2003-12-25')
    """

    id: str = attrs.field(validator=_valid_id)
    title: str
    short_title: str
    kind: InstrumentKind = attrs.field(converter=InstrumentKind, metadata=ours())
    legally_binding: bool = attrs.field(metadata=ours())
    sources: tuple[str, ...] = attrs.field(
        converter=_ids, validator=_cites_something, metadata=_CITES
    )
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    adopted: PartialDate | None = None
    adopted_by: str | None = attrs.field(
        default=None, metadata=ref("resolutions", "adopted by", "adopts")
    )
    opened_for_signature: PartialDate | None = None
    signature_place: str | None = None
    entry_into_force: PartialDate | None = None
    entry_into_force_condition: str | None = None
    supplements: str | None = attrs.field(
        default=None, metadata=ref("instruments", "supplements", "supplemented by")
    )
    depositary: str | None = None
    custodian: str | None = attrs.field(
        default=None, metadata=ref("agencies", "custodian", "custodian of")
    )
    untc_ref: str | None = None
    unts: str | None = None
    description: str = attrs.field(default="", metadata=ours())
    evidence: tuple[FieldEvidence, ...] = attrs.field(
        default=(), converter=_evidence, validator=_evidence_rules
    )

    def __attrs_post_init__(self) -> None:
        # Nothing is signed or in force before it exists.
        for field in ("opened_for_signature", "entry_into_force"):
            when = getattr(self, field)
            if when is not None and self.adopted is not None and when.is_before(self.adopted):
                raise FieldError(field, f"{when} is before adoption ({self.adopted})")


@attrs.frozen(kw_only=True)
class Resolution(_Shown):
    """A resolution or decision of a UN organ (or another body).

    Attributes:
        id: Stable identifier, e.g. ``"a-res-55-25"``.
        symbol: The document symbol.
        organ: The body that adopted it.
        adopted: When it was adopted.
        title: Its title.
        adopts: Ids of the :class:`Instrument` records it adopted.
        establishes: Ids of the :class:`Agency` records it created.
        proclaims: Observances it proclaimed, in words (``"World Day against
            Trafficking in Persons, 30 July"``).
        description: Our own short description.
        sources: Ids of the :class:`Source` records that support it (the union of
            its evidence).
        evidence: For each stated field, the sources that state it
            (see :func:`palermo.evidence`); empty when the record's sources
            stand for all its fields.

    >>> import palermo
    >>> r = palermo.resolutions.get("a-res-55-25")
    >>> str(r.symbol), str(r.adopted)
    ('A/RES/55/25', '2000-11-15')
    """

    id: str = attrs.field(validator=_valid_id)
    symbol: Symbol
    organ: Organ = attrs.field(converter=Organ)
    adopted: PartialDate
    title: str
    sources: tuple[str, ...] = attrs.field(
        converter=_ids, validator=_cites_something, metadata=_CITES
    )
    adopts: tuple[str, ...] = attrs.field(
        default=(), converter=_ids, metadata=ref("instruments", "adopts", "adopted by")
    )
    establishes: tuple[str, ...] = attrs.field(
        default=(), converter=_ids, metadata=ref("agencies", "establishes", "established by")
    )
    proclaims: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    description: str = attrs.field(default="", metadata=ours())
    evidence: tuple[FieldEvidence, ...] = attrs.field(
        default=(), converter=_evidence, validator=_evidence_rules
    )


@attrs.frozen(kw_only=True)
class Agency(_Shown):
    """An organisation, office, mechanism or initiative of the framework.

    Attributes:
        id: Stable identifier, e.g. ``"unodc"``.
        name: Its full name.
        acronym: Its acronym, if it has one.
        aliases: Other names.
        kind: What kind of body it is.
        established: When it was created.
        established_by: Id of the :class:`Resolution` that created it.
        parent: Id of the :class:`Agency` it belongs to.
        members: Ids of member agencies (for a coordination group).
        members_as_of: The date the member list describes.
        guardian_of: Ids of the :class:`Instrument` records it is guardian or
            custodian of.
        manages: Ids of the agencies, funds, campaigns, publications and
            databases it runs.
        description: Our own short description.
        sources: Ids of the :class:`Source` records that support it (the union of
            its evidence).
        evidence: For each stated field, the sources that state it
            (see :func:`palermo.evidence`); empty when the record's sources
            stand for all its fields.

    >>> import palermo
    >>> palermo.agencies.get("unodc").acronym
    'UNODC'
    """

    id: str = attrs.field(validator=_valid_id)
    name: str
    kind: AgencyKind = attrs.field(converter=AgencyKind, metadata=ours())
    sources: tuple[str, ...] = attrs.field(
        converter=_ids, validator=_cites_something, metadata=_CITES
    )
    acronym: str | None = None
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_ids)
    established: PartialDate | None = None
    established_by: str | None = attrs.field(
        default=None, metadata=ref("resolutions", "established by", "establishes")
    )
    parent: str | None = attrs.field(default=None, metadata=ref("agencies", "part of", "has part"))
    members: tuple[str, ...] = attrs.field(
        default=(), converter=_ids, metadata=ref("agencies", "has member", "member of")
    )
    members_as_of: PartialDate | None = None
    guardian_of: tuple[str, ...] = attrs.field(
        default=(), converter=_ids, metadata=ref("instruments", "guardian of", "guarded by")
    )
    manages: tuple[str, ...] = attrs.field(
        default=(), converter=_ids, metadata=ref("agencies", "manages", "managed by")
    )
    description: str = attrs.field(default="", metadata=ours())
    evidence: tuple[FieldEvidence, ...] = attrs.field(
        default=(), converter=_evidence, validator=_evidence_rules
    )


@attrs.frozen(kw_only=True)
class Indicator:
    """An SDG indicator under a :class:`SDGTarget`.

    Attributes:
        code: The indicator's code, e.g. ``"16.2.2"``.
        text: Its official wording.
        custodians: Ids of its custodian agencies.

    >>> import palermo
    >>> palermo.sdg_targets.get("sdg-16.2").indicators[0].code
    '16.2.1'
    """

    code: str
    text: str
    custodians: tuple[str, ...] = attrs.field(
        default=(),
        converter=_ids,
        metadata=ref(
            "agencies", "custodian of indicator {code}", "custodian of indicator {code} of"
        ),
    )


@attrs.frozen(kw_only=True)
class SDGTarget(_Shown):
    """A target of the Sustainable Development Goals.

    Attributes:
        id: Stable identifier, e.g. ``"sdg-16.2"``.
        code: The target's code, e.g. ``"16.2"``.
        goal: The goal number.
        text: The official wording of the target.
        indicators: Its indicators.
        deadline_year: The year the text sets, if any.
        description: Our own short description.
        sources: Ids of the :class:`Source` records that support it (the union of
            its evidence).
        evidence: For each stated field, the sources that state it
            (see :func:`palermo.evidence`); empty when the record's sources
            stand for all its fields.

    >>> import palermo
    >>> t = palermo.sdg_targets.get("sdg-16.2")
    >>> t.goal, [i.code for i in t.indicators]
    (16, ['16.2.1', '16.2.2', '16.2.3'])
    """

    id: str = attrs.field(validator=_valid_id)
    code: str
    goal: int
    text: str
    sources: tuple[str, ...] = attrs.field(
        converter=_ids, validator=_cites_something, metadata=_CITES
    )
    indicators: tuple[Indicator, ...] = attrs.field(default=(), converter=_indicators)
    deadline_year: int | None = None
    description: str = attrs.field(default="", metadata=ours())
    evidence: tuple[FieldEvidence, ...] = attrs.field(
        default=(), converter=_evidence, validator=_evidence_rules
    )


@attrs.frozen(kw_only=True)
class Statistic(_Shown):
    """One observation of a measure, as one source states it.

    Attributes:
        id: Stable identifier, e.g. ``"tip-parties-2020-10-09-usun"``.
        measure: What is measured, a stable id shared by every observation of
            the same series (``"tip-protocol.parties"``).
        value: The figure.
        unit: Its unit (``"parties"``, ``"persons"``, ``"percent"``, ``"USD"``).
        qualifier: How the source qualified it.
        date: The date the figure describes, as precisely as the source says.
        period: The span the figure covers, if it covers one.
        area: The area it covers (``"world"``).
        about: Ids of the records it is about.
        description: Our own description of what was counted.
        sources: Ids of the :class:`Source` records that state it (the union of
            its evidence).
        evidence: For each stated field, the sources that state it
            (see :func:`palermo.evidence`); empty when the record's sources
            stand for all its fields.

    >>> import palermo
    >>> s = palermo.statistics.as_of("tip-protocol.parties", "2020-12-31")
    >>> s.value, s.unit
    (178, 'parties')
    """

    id: str = attrs.field(validator=_valid_id)
    measure: str = attrs.field(metadata=ours())
    value: int | float
    unit: str
    date: PartialDate
    sources: tuple[str, ...] = attrs.field(
        converter=_ids, validator=_cites_something, metadata=_CITES
    )
    qualifier: Qualifier = attrs.field(default=Qualifier.EXACT, converter=Qualifier)
    period: Period | None = None
    area: str = "world"
    about: tuple[str, ...] = attrs.field(
        default=(), converter=_ids, metadata={**ref(None, "measures", "measured by"), **ours()}
    )
    description: str = attrs.field(default="", metadata=ours())
    evidence: tuple[FieldEvidence, ...] = attrs.field(
        default=(), converter=_evidence, validator=_evidence_rules
    )


@attrs.frozen(kw_only=True)
class MandateHolder(_Shown):
    """A person who held a mandate: a UN Special Rapporteur, an OSCE Special
    Representative.

    Attributes:
        id: Stable identifier, e.g. ``"siobhan-mullally"``.
        name: The person's name.
        mandate: Id of the :class:`Agency` whose mandate they held.
        role: The title of the post, as the sources give it.
        term_start: When the term began, as precisely as known.
        term_end: When it ended, or ``None`` while it lasts or when unknown.
        appointed_by: Who appointed them, in the sources' words.
        description: Our own short description.
        sources: Ids of the :class:`Source` records that support it (the union
            of its evidence).
        evidence: For each stated field, the sources that state it.

    >>> import palermo
    >>> holder = palermo.mandate_holders.get("sigma-huda")
    >>> holder.mandate, str(holder.term_start)
    ('sr-trafficking', '2004-10-08')
    """

    id: str = attrs.field(validator=_valid_id)
    name: str
    mandate: str = attrs.field(metadata=ref("agencies", "holder of", "held by"))
    role: str
    sources: tuple[str, ...] = attrs.field(
        converter=_ids, validator=_cites_something, metadata=_CITES
    )
    term_start: PartialDate | None = None
    term_end: PartialDate | None = None
    appointed_by: str | None = None
    description: str = attrs.field(default="", metadata=ours())
    evidence: tuple[FieldEvidence, ...] = attrs.field(
        default=(), converter=_evidence, validator=_evidence_rules
    )

    def __attrs_post_init__(self) -> None:
        if self.term_start and self.term_end and self.term_end.is_before(self.term_start):
            raise FieldError("term_end", f"{self.term_end} is before {self.term_start}")


@attrs.frozen(kw_only=True)
class Claim:
    """What one source says on a disputed point.

    Attributes:
        value: The claim, as the source states it.
        sources: Ids of the sources that make it.
        status: What the primary record says of it.
        statistic: Id of the :class:`Statistic` that records it, if any.

    >>> import palermo
    >>> claim = palermo.disagreements.get("gpa-symbol").claims[0]
    >>> claim.value, claim.status.value
    ('A/RES/64/293', 'supported')
    """

    value: str
    sources: tuple[str, ...] = attrs.field(
        converter=_ids, validator=_cites_something, metadata=_CITES
    )
    status: ClaimStatus = attrs.field(converter=ClaimStatus)
    statistic: str | None = attrs.field(
        default=None, metadata=ref("statistics", "claim", "disputed in")
    )


@attrs.frozen(kw_only=True)
class Disagreement(_Shown):
    """A point on which sources disagree, with every side kept.

    Attributes:
        id: Stable identifier.
        subject: Ids of the records it concerns.
        topic: What is disputed, in a few words.
        claims: Each source's claim and its status.
        finding: What the primary record supports, in our words.
        sources: Ids of the primary sources the finding rests on.

    >>> import palermo
    >>> d = palermo.disagreements.get("gpa-symbol")
    >>> [c.status.value for c in d.claims]
    ['supported', 'erratum']
    """

    id: str = attrs.field(validator=_valid_id)
    subject: tuple[str, ...] = attrs.field(
        converter=_ids, metadata=ref(None, "concerns", "disputed in")
    )
    topic: str = attrs.field(metadata=ours())
    claims: tuple[Claim, ...] = attrs.field(converter=_claims, validator=_two_claims)
    finding: str = attrs.field(metadata=ours())
    sources: tuple[str, ...] = attrs.field(
        converter=_ids, validator=_cites_something, metadata=_CITES
    )


Record = (
    Source
    | Instrument
    | Resolution
    | Agency
    | SDGTarget
    | Statistic
    | Disagreement
    | MandateHolder
    | Observance
)
"""Any record of the dataset."""
