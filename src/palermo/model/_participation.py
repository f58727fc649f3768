"""Participation records: who signed or joined which instrument, and when."""

from __future__ import annotations

import enum

import attrs

from ._dates import PartialDate

__all__ = [
    "Act",
    "ActKind",
    "Headline",
    "Participant",
    "ParticipationStatus",
    "ParticipationTable",
    "PartyCount",
    "PartyTally",
    "StatusKind",
]


class ActKind(str, enum.Enum):
    """What a participant did to an instrument, as the depositary records it.

    Ratification, acceptance, approval, accession and succession deposit an
    instrument that makes the participant a party (counted from the date of
    deposit; entry into force for it follows later); a denunciation ends it.

    >>> ActKind("accession").makes_party, ActKind.SIGNATURE.makes_party
    (True, False)
    """

    SIGNATURE = "signature"
    RATIFICATION = "ratification"
    ACCEPTANCE = "acceptance"
    APPROVAL = "approval"
    ACCESSION = "accession"
    SUCCESSION = "succession"
    DEFINITIVE_SIGNATURE = "definitive signature"
    DENUNCIATION = "denunciation"

    @property
    def makes_party(self) -> bool:
        """Whether this act makes the participant a party."""
        return self not in (ActKind.SIGNATURE, ActKind.DENUNCIATION)


class StatusKind(str, enum.Enum):
    """Where a participant stands towards an instrument on a date.

    >>> StatusKind.PARTY.value, StatusKind.UNKNOWN.value
    ('party', 'unknown')
    """

    NOT_INVOLVED = "not involved"
    """Neither signed nor joined by that date (said only where the record is complete)."""
    SIGNATORY = "signatory"
    """Signed, but not (yet) a party (said only where the record is complete)."""
    PARTY = "party"
    """Deposited an instrument of ratification, acceptance, approval,
    accession or succession, and no denunciation is recorded."""
    UNKNOWN = "unknown"
    """After the date up to which the record is complete, and no act that
    makes the participant a party is known: it may or may not be one."""


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
    >>> eu = participation.participant("European Union")
    >>> eu.id, eu.is_state, eu.alpha_3
    ('EU', False, None)
    """

    id: str
    name: str
    untc_name: str | None = None
    alpha_2: str | None = None
    alpha_3: str | None = None
    is_state: bool = True
    rule: str | None = None
    aliases: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"


@attrs.frozen(kw_only=True)
class Act:
    """One act of a participant on one instrument.

    Attributes:
        participant: Id of the :class:`Participant`.
        instrument: Id of the instrument (``"tip-protocol"``...).
        kind: What was done.
        date: When (the date of signature or of deposit), as precisely as known.
        acted_as: The predecessor's name it was done under, if not the
            participant's own (Serbia's acts as the Federal Republic of
            Yugoslavia).
        row: Line of the UNTC table copy (``upstream/untc/*.csv``) it comes
            from, or 0 for an act found after the tables (``upstream/acts``).
        sources: Ids of the sources that state it.
        derived: Whether the date was worked out from the date of entry into
            force for the participant, by the instrument's 30-day rule,
            rather than stated.
        note: What else the sources say (another date, how the kind was
            inferred).

    >>> from palermo import participation
    >>> participation.history("Serbia")[0].acted_as
    'Federal Republic of Yugoslavia'
    >>> str(participation.history("Japan")[-1])
    'Japan: acceptance of untoc on 2017-07-11'
    """

    participant: str
    instrument: str
    kind: ActKind
    date: PartialDate
    acted_as: str | None = None
    row: int = 0
    sources: tuple[str, ...] = ()
    derived: bool = False
    note: str = ""

    def __str__(self) -> str:
        how = " (date derived from entry into force)" if self.derived else ""
        who = self.acted_as or _NAMES.get(self.participant, self.participant)
        return f"{who}: {self.kind.value} of {self.instrument} on {self.date}{how}"


_NAMES: dict[str, str] = {}
"""Participant id -> name, filled when the participation data is read (for str())."""


@attrs.frozen(kw_only=True)
class Headline:
    """A dated headline count of parties from a primary source.

    Attributes:
        date: The date the count describes.
        parties: The number of parties.
        statistic: Id of the :class:`~palermo.Statistic` that records it.
        sources: Ids of its sources.

    >>> from palermo import participation
    >>> participation.count("tip-protocol", on="2025-01-01").headline.parties
    182
    """

    date: PartialDate
    parties: int
    statistic: str
    sources: tuple[str, ...] = ()

    def __str__(self) -> str:
        return f"{self.parties} parties on {self.date} ({', '.join(self.sources)})"


@attrs.frozen(kw_only=True)
class ParticipationStatus:
    """Where one participant stands towards one instrument on one date.

    Up to :attr:`complete_until` the record is complete, and the status is
    certain. After it, a participant with a known act is a party since that
    act; any other participant's status is :attr:`StatusKind.UNKNOWN`, with
    what was last known (:attr:`last_known`) and the latest primary headline
    count (:attr:`headline`).

    Attributes:
        participant: The participant.
        instrument: Id of the instrument.
        instrument_name: Its short name.
        on: The date asked about (a year or month means its last day).
        kind: Not involved, signatory, party or unknown.
        signed: Date of signature, if it signed by ``on``.
        party_since: Date it became a party, if it did by ``on``.
        act: The act that made it a party, if any.
        acts: Every act it made on the instrument by ``on``, in date order.
        complete_until: Up to this date the record of the instrument lists
            every act of every participant.
        known_until: The latest act the record knows of.
        last_known: With :attr:`StatusKind.UNKNOWN`, the status on
            :attr:`complete_until`.
        headline: The latest primary headline count of parties at or before
            ``on``, if any.
        sources: Ids of the sources of the acts (or of the table).

    >>> from palermo import participation
    >>> s = participation.status("Italy", "Palermo Protocol", on="2008-01-01")
    >>> s.kind.value, str(s.party_since), s.act.value
    ('party', '2006-08-02', 'ratification')
    >>> print(s)
    Italy: party to the Trafficking in Persons Protocol since 2006-08-02 (ratification), on 2008-01-01
    """

    participant: Participant
    instrument: str
    on: PartialDate
    kind: StatusKind
    signed: PartialDate | None = None
    party_since: PartialDate | None = None
    act: ActKind | None = None
    acts: tuple[Act, ...] = ()
    complete_until: PartialDate
    known_until: PartialDate | None = None
    last_known: StatusKind | None = None
    headline: Headline | None = None
    sources: tuple[str, ...] = ()
    instrument_name: str = ""

    @property
    def is_party(self) -> bool:
        """Whether the participant was a party on :attr:`on`."""
        return self.kind is StatusKind.PARTY

    @property
    def has_signed(self) -> bool:
        """Whether the participant had signed by :attr:`on`."""
        return self.signed is not None

    @property
    def is_known(self) -> bool:
        """Whether the status is certain (not :attr:`StatusKind.UNKNOWN`)."""
        return self.kind is not StatusKind.UNKNOWN

    @property
    def covered_until(self) -> PartialDate:
        """The date up to which the record is complete (the name used in 0.1)."""
        return self.complete_until

    def __str__(self) -> str:
        who = self.participant.name
        what = self.instrument_name or self.instrument
        when = f", on {self.on}"
        if self.kind is StatusKind.PARTY:
            how = f" ({self.act.value})" if self.act else ""
            return f"{who}: party to the {what} since {self.party_since}{how}{when}"
        if self.kind is StatusKind.SIGNATORY:
            return f"{who}: signatory of the {what} since {self.signed}, not a party{when}"
        if self.kind is StatusKind.NOT_INVOLVED:
            return f"{who}: neither signatory nor party of the {what}{when}"
        last = self.last_known.value if self.last_known else "unknown"
        head = f"; latest headline count {self.headline}" if self.headline else ""
        return (
            f"{who}: status towards the {what} unknown{when}: the record is complete "
            f"until {self.complete_until}, when it was {last}{head}"
        )

    def as_row(self) -> dict[str, object]:
        """One flat row: participant, codes, dates, kind of act, completeness, sources."""
        acted_as = next((a.acted_as for a in self.acts if a.acted_as), None)
        return {
            "participant": self.participant.name,
            "participant_id": self.participant.id,
            "alpha_2": self.participant.alpha_2,
            "alpha_3": self.participant.alpha_3,
            "instrument": self.instrument,
            "on": str(self.on),
            "status": self.kind.value,
            "signed": str(self.signed) if self.signed else None,
            "party_since": str(self.party_since) if self.party_since else None,
            "act": self.act.value if self.act else None,
            "acted_as": acted_as,
            "complete_until": str(self.complete_until),
            "last_known": self.last_known.value if self.last_known else None,
            "headline_parties": self.headline.parties if self.headline else None,
            "headline_date": str(self.headline.date) if self.headline else None,
            "sources": " | ".join(self.sources),
        }


@attrs.frozen(kw_only=True)
class ParticipationTable:
    """What is known of the per-State record of one instrument.

    Attributes:
        instrument: Id of the instrument.
        untc_ref: Its number in UNTC's Multilateral Treaties Deposited with the
            Secretary-General (``"XVIII-12-a"``).
        title: The instrument's title.
        as_of: The latest act in the UNTC table copy.
        retrieved: When the copy was taken (its upstream commit date).
        file: The pinned copy in the repository (``upstream/untc/...``).
        participants: Number of participants with a recorded act.
        sources: Ids of the sources of the table: the UNTC status page and the copy.
        complete_until: Up to this date every act of every participant is
            recorded: the table's date, or a later date at which a primary
            headline count equals the parties the record knows of.
        complete_by: Id of the statistic (headline count) that shows the record
            complete to :attr:`complete_until`, when that is after the table.
        known_until: The latest act recorded, from the table or later sources.

    >>> from palermo import participation
    >>> t = participation.table("firearms-protocol")
    >>> str(t.as_of), t.untc_ref, str(t.complete_until)
    ('2014-03-21', 'XVIII-12-c', '2018-10-19')
    """

    instrument: str
    untc_ref: str
    title: str
    as_of: PartialDate
    retrieved: PartialDate
    file: str
    participants: int
    sources: tuple[str, ...] = ()
    complete_until: PartialDate
    complete_by: str | None = None
    known_until: PartialDate

    def __str__(self) -> str:
        return (
            f"{self.instrument} ({self.untc_ref}): complete until {self.complete_until}, "
            f"acts known until {self.known_until}"
        )


@attrs.frozen(kw_only=True)
class PartyCount:
    """The number of parties and signatories to an instrument on a date.

    Attributes:
        instrument: Id of the instrument.
        date: The date; the counts hold from it until the next change.
        parties: Number of parties the record knows of.
        signatories: Number of participants known to have signed (parties included).
        complete: Whether the record is complete on that date (the counts
            are then exact; after it, they count what is known).
        sources: Ids of the sources of the table the counts are computed from.

    >>> from palermo import participation
    >>> c = participation.timeline("tip-protocol")[-1]
    >>> c.parties >= 176, c.complete
    (True, False)
    """

    instrument: str
    date: PartialDate
    parties: int
    signatories: int
    complete: bool = True
    sources: tuple[str, ...] = ()

    def __str__(self) -> str:
        known = "" if self.complete else " known"
        return (
            f"{self.instrument} on {self.date}: {self.parties}{known} parties, "
            f"{self.signatories}{known} signatories"
        )

    def as_row(self) -> dict[str, object]:
        """One flat row for a table."""
        return {
            "instrument": self.instrument,
            "date": str(self.date),
            "parties": self.parties,
            "signatories": self.signatories,
            "complete": self.complete,
            "sources": " | ".join(self.sources),
        }


@attrs.frozen(kw_only=True, eq=False)
class PartyTally:
    """How many parties an instrument had on a date, as far as the record knows.

    Within the complete range :attr:`parties` is the exact count (and the
    tally compares equal to it); after it, :attr:`parties` is ``None``,
    :attr:`known` counts the parties identified, and :attr:`headline` gives
    the latest primary headline count at or before the date.

    Attributes:
        instrument: Id of the instrument.
        on: The date asked about.
        known: The parties the record knows of on ``on``.
        complete: Whether the record is complete on ``on``.
        complete_until: The date up to which the record is complete.
        headline: The latest primary headline count at or before ``on``.
        sources: Ids of the sources of the acts counted.

    >>> from palermo import participation
    >>> tally = participation.count("smuggling-protocol", on="2010")
    >>> tally.parties, tally.known, tally.complete, tally == tally.parties
    (126, 126, True, True)
    >>> later = participation.count("tip-protocol", on="2024-04-20")
    >>> later.parties, later.known, later.headline.parties
    (None, 176, 182)
    """

    instrument: str
    on: PartialDate
    known: int
    complete: bool
    complete_until: PartialDate
    headline: Headline | None = None
    sources: tuple[str, ...] = ()

    @property
    def parties(self) -> int | None:
        """The exact number of parties, or ``None`` where the record is not complete."""
        return self.known if self.complete else None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, int) and not isinstance(other, bool):
            return self.complete and self.known == other
        if isinstance(other, PartyTally):
            return attrs.astuple(self, recurse=False) == attrs.astuple(other, recurse=False)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(attrs.astuple(self, recurse=False))

    def __str__(self) -> str:
        if self.complete:
            return f"{self.instrument} on {self.on}: {self.known} parties"
        head = f"; latest headline count {self.headline}" if self.headline else ""
        return (
            f"{self.instrument} on {self.on}: at least {self.known} parties known "
            f"(the record is complete until {self.complete_until}){head}"
        )

    def as_row(self) -> dict[str, object]:
        """One flat row for a table."""
        return {
            "instrument": self.instrument,
            "on": str(self.on),
            "parties": self.parties,
            "known": self.known,
            "complete": self.complete,
            "complete_until": str(self.complete_until),
            "headline_parties": self.headline.parties if self.headline else None,
            "headline_date": str(self.headline.date) if self.headline else None,
            "headline_sources": " | ".join(self.headline.sources) if self.headline else None,
            "sources": " | ".join(self.sources),
        }
