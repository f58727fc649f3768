"""Checked by ``mypy --strict`` (the types session), never run: the record
classes' constructors are typed as users call them, so mypy rejects what the
converters would refuse at run time. Each ``type: ignore`` must be needed
(``warn_unused_ignores``), or mypy fails."""

from __future__ import annotations

import palermo
from palermo.participation import ParticipationStatus, PartyCount, StatusKind


def _constructors_reject_wrong_types() -> None:
    palermo.Statistic(  # type: ignore[call-arg]
        id="x", measure="m", value=1, unit="u", date=palermo.PartialDate(2020)
    )
    palermo.Statistic(
        id="x",
        measure="m",
        value=1,
        unit="u",
        date=palermo.PartialDate(2020),
        sources=42,  # type: ignore[arg-type]
    )
    palermo.Agency(
        id="a",
        name="A",
        kind=palermo.AgencyKind.FUND,
        sources=("s",),
        members=3,  # type: ignore[arg-type]
    )


def _participation_types_are_exported(status: ParticipationStatus, count: PartyCount) -> None:
    assert status.kind in StatusKind
    assert count.parties >= 0
