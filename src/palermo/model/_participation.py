"""Participation records: who signed or joined which instrument, and when."""

from __future__ import annotations

import enum

import attrs

from ._dates import PartialDate

__all__ = [
    "Act",
    "ActKind",
    "Participant",
    "ParticipationStatus",
    "ParticipationTable",
    "PartyCount",
    "StatusKind",
]


class ActKind(str, enum.Enum):
    """What a participant did to an instrument, as UNTC records it.

    Every kind but :attr:`SIGNATURE` deposits an instrument that makes the
    participant a party (UNTC counts the party from the date of deposit;
    entry into force for it follows later).

    >>> ActKind("accession").makes_party, ActKind.SIGNATURE.makes_party
    (True, False)
    """

    SIGNATURE = "signature"
    RATIFICATION = "ratification"
    ACCEPTANCE = "acceptance"
    APPROVAL = "approval"
    ACCESSION = "accession"
    SUCCESSION = "succession"

    @property
    def makes_party(self) -> bool:
        """Whether this act makes the participant a party."""
        return self is not ActKind.SIGNATURE


class StatusKind(str, enum.Enum):
    """Where a participant stands towards an instrument on a date.

    >>> StatusKind.PARTY.value
    'party'
    """

    NOT_INVOLVED = "not involved"
    """Neither signed nor joined by that date."""
    SIGNATORY = "signatory"
    """Signed, but not (yet) a party."""
    PARTY = "party"
    """Deposited an instrument of ratification, acceptance, approval,
    accession or succession."""


@attrs.frozen(kw_only=True)
class Participant:
    """A State (or the European Union) that can take part in the instruments.

    Attributes:
        id: ISO 3166-1 alpha-3 code for a State; ``"EU"`` for the European Union.
        name: The current English name (pycountry's common name, else its name).
        untc_name: The name the 2014 UNTC tables used, or ``None`` for a
            country that appears in none of them.
        alpha_2: ISO 3166-1 alpha-2 code, or ``None`` when not a State.
        alpha_3: ISO 3166-1 alpha-3 code, or ``None`` when not a State.
        is_state: ``False`` for a participant that is not a State (the EU).
        rule: Why the UNTC name needed an explicit mapping rule, if it did.
        aliases: Other names it can be looked up by.

    >>> from palermo import participation
    >>> p = participation.participant("Turkey")
    >>> p.id, p.name, p.untc_name
    ('TUR', 'Türkiye', 'Turkey')
    >>> participation.participant("European Union").is_state
    False
    """

    id: str
    name: str
    untc_name: str | None = None
    alpha_2: str | None = None
    alpha_3: str | None = None
    is_state: bool = True
    rule: str | None = None
    aliases: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class Act:
    """One act of a participant on one instrument, from one UNTC table row.

    Attributes:
        participant: Id of the :class:`Participant`.
        instrument: Id of the instrument (``"tip-protocol"``...).
        kind: What was done.
        date: When (the date of signature or of deposit).
        acted_as: The predecessor's name it was done under, if not the
            participant's own (Serbia's acts as the Federal Republic of
            Yugoslavia).
        row: Line of the UNTC table copy (``upstream/untc/*.csv``) it comes from.
        sources: Ids of the sources of that table.

    >>> from palermo import participation
    >>> participation.history("Serbia")[0].acted_as
    'Federal Republic of Yugoslavia'
    """

    participant: str
    instrument: str
    kind: ActKind
    date: PartialDate
    acted_as: str | None = None
    row: int = 0
    sources: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class ParticipationStatus:
    """Where one participant stands towards one instrument on one date.

    Attributes:
        participant: The participant.
        instrument: Id of the instrument.
        on: The date asked about (a year or month means its last day).
        kind: Not involved, signatory or party.
        signed: Date of signature, if it signed by ``on``.
        party_since: Date it became a party, if it did by ``on``.
        act: The act that made it a party, if any.
        acts: Every act it made on the instrument by ``on``, in date order.
        covered_until: Last date the underlying table covers.
        sources: Ids of the sources of the table.

    >>> from palermo import participation
    >>> s = participation.status("Italy", "Palermo Protocol", on="2008-01-01")
    >>> s.kind.value, str(s.party_since), s.act.value
    ('party', '2006-08-02', 'ratification')
    """

    participant: Participant
    instrument: str
    on: PartialDate
    kind: StatusKind
    signed: PartialDate | None = None
    party_since: PartialDate | None = None
    act: ActKind | None = None
    acts: tuple[Act, ...] = ()
    covered_until: PartialDate
    sources: tuple[str, ...] = ()

    @property
    def is_party(self) -> bool:
        """Whether the participant was a party on :attr:`on`."""
        return self.kind is StatusKind.PARTY

    @property
    def has_signed(self) -> bool:
        """Whether the participant had signed by :attr:`on`."""
        return self.signed is not None


@attrs.frozen(kw_only=True)
class ParticipationTable:
    """What is known of one UNTC participant table behind the data.

    Attributes:
        instrument: Id of the instrument.
        untc_ref: Its number in UNTC's Multilateral Treaties Deposited with the
            Secretary-General (``"XVIII-12-a"``).
        title: The instrument's title.
        as_of: The latest act in the table: the status is known up to this date.
        retrieved: When the copy was taken (its upstream commit date).
        file: The pinned copy in the repository (``upstream/untc/...``).
        participants: Number of rows (participants) in the table.
        sources: Ids of the sources: the UNTC status page and the copy.

    >>> from palermo import participation
    >>> t = participation.table("firearms-protocol")
    >>> str(t.as_of), t.untc_ref, t.participants
    ('2014-03-21', 'XVIII-12-c', 123)
    """

    instrument: str
    untc_ref: str
    title: str
    as_of: PartialDate
    retrieved: PartialDate
    file: str
    participants: int
    sources: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class PartyCount:
    """The number of parties and signatories to an instrument on a date.

    Attributes:
        instrument: Id of the instrument.
        date: The date; the counts hold from it until the next change.
        parties: Number of parties.
        signatories: Number of participants that had signed (parties included).
        sources: Ids of the sources of the table the counts are computed from.

    >>> from palermo import participation
    >>> participation.timeline("tip-protocol")[-1].parties
    159
    """

    instrument: str
    date: PartialDate
    parties: int
    signatories: int
    sources: tuple[str, ...] = ()
