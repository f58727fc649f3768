"""Example tests of the bundled data: the facts people will quote."""

from __future__ import annotations

import datetime
from importlib import resources
from pathlib import Path

import pytest

import palermo
from palermo import ClaimStatus, PartialDate, Precision, participation

NO_PUBLIC_ADDRESS = {"un-2020-world-day-observance", "unodc-2020-tip-protocol-20-concept-note"}


def test_sizes() -> None:
    assert len(palermo.instruments) >= 12
    assert len(palermo.resolutions) >= 10
    assert len(palermo.agencies) >= 15
    assert len(palermo.statistics) >= 60
    assert len(palermo.disagreements) >= 8
    assert {t.code for t in palermo.sdg_targets} >= {"5.2", "8.7", "16.2"}


def test_every_source_has_an_address_or_is_a_known_exception() -> None:
    for source in palermo.sources:
        if source.id in NO_PUBLIC_ADDRESS:
            assert source.url is None
            assert source.date is not None
        else:
            assert source.url is not None, source.id
            assert source.url.startswith(("http://", "https://")), source.id


def test_secondary_copies_say_so() -> None:
    for source in palermo.sources.filter(kind=palermo.SourceKind.SECONDARY_COPY):
        assert source.note or "copy" in source.title.lower(), source.id


def test_the_trafficking_protocol() -> None:
    p = palermo.instruments.lookup("Palermo Protocol")
    assert p.id == "tip-protocol"
    assert p.title.startswith(
        "Protocol to Prevent, Suppress and Punish Trafficking in Persons, Especially Women and Children"
    )
    assert p.adopted == PartialDate(2000, 11, 15)
    assert p.entry_into_force == PartialDate(2003, 12, 25)
    assert p.adopted_by == "a-res-55-25"
    assert p.supplements == "untoc"
    assert p.untc_ref == "XVIII-12-a"
    assert p.legally_binding


@pytest.mark.parametrize(
    ("instrument", "entry_into_force"),
    [
        ("untoc", "2003-09-29"),
        ("tip-protocol", "2003-12-25"),
        ("smuggling-protocol", "2004-01-28"),
        ("firearms-protocol", "2005-07-03"),
    ],
)
def test_entry_into_force_of_the_convention_and_protocols(
    instrument: str, entry_into_force: str
) -> None:
    assert str(palermo.instruments.lookup(instrument).entry_into_force) == entry_into_force


@pytest.mark.parametrize(
    ("symbol", "adopted", "what"),
    [
        ("A/RES/55/25", "2000-11-15", "untoc"),
        ("A/RES/55/255", "2001-05-31", "firearms-protocol"),
        ("A/RES/64/293", "2010-07-30", "gpa"),
        ("A/RES/70/1", "2015-09-25", "agenda-2030"),
        ("A/RES/72/1", "2017-09-27", "political-declaration-2017"),
        ("A/RES/73/195", "2018-12-19", "gcm"),
    ],
)
def test_adopting_resolutions(symbol: str, adopted: str, what: str) -> None:
    r = palermo.resolutions.lookup(symbol)
    assert str(r.adopted) == adopted
    assert what in r.adopts
    assert palermo.instruments.lookup(what).adopted_by == r.id


def test_world_day_is_30_july() -> None:
    r = palermo.resolutions.lookup("68/192")
    assert r.adopted == PartialDate(2013, 12, 18)
    assert any("30 July" in p for p in r.proclaims)


def test_bodies_and_their_founding_resolutions() -> None:
    assert palermo.agencies.lookup("ICAT").established_by == "a-res-61-180"
    assert palermo.agencies.lookup("un-vtf").established_by == "a-res-64-293"
    assert palermo.agencies.lookup("sr-trafficking").established_by == "e-cn-4-dec-2004-110"
    unodc = palermo.agencies.lookup("UNODC")
    assert {"untoc", "tip-protocol", "smuggling-protocol", "firearms-protocol"} <= set(
        unodc.guardian_of
    )


def test_sdg_targets_have_official_text_and_indicators() -> None:
    t = palermo.sdg_targets.lookup("16.2")
    assert t.text.startswith("End abuse, exploitation, trafficking")
    assert [i.code for i in t.indicators] == ["16.2.1", "16.2.2", "16.2.3"]
    assert t.indicators[1].custodians == ("unodc",)
    assert palermo.sdg_targets.lookup("8.7").deadline_year == 2025
    assert [i.code for i in palermo.sdg_targets.lookup("5.2").indicators] == ["5.2.1", "5.2.2"]


def test_party_counts_from_the_source_documents() -> None:
    values = {
        (s.value, src)
        for s in palermo.statistics.series("tip-protocol.parties")
        for src in s.sources
    }
    assert (172, "lwvnys-un-background-trafficking") in values
    assert (175, "unodc-2020-tip-protocol-20-concept-note") in values
    assert (178, "usun-2020-tip-protocol-20th") in values
    assert (178, "un-press-2021-dsgsm1671") in values


def test_the_exact_victims_figure_is_kept() -> None:
    found = [s for s in palermo.statistics.series("victims.identified") if s.value == 118932]
    assert found
    assert found[0].qualifier is palermo.Qualifier.EXACT


def test_qualifiers_are_kept() -> None:
    shares = palermo.statistics.series("glotip.share-women-girls")
    assert any(s.qualifier is palermo.Qualifier.MORE_THAN and s.value == 70 for s in shares)


def test_no_invented_precision_for_the_lwvnys_page() -> None:
    s = next(
        s
        for s in palermo.statistics.series("tip-protocol.parties")
        if "lwvnys-un-background-trafficking" in s.sources
    )
    assert s.date.precision is Precision.YEAR


def test_the_wrong_plan_symbol_is_an_erratum_not_a_fact() -> None:
    d = palermo.disagreements.lookup("gpa-symbol")
    wrong = [c for c in d.claims if c.value == "A/RES/63/294"]
    assert wrong[0].status is ClaimStatus.ERRATUM
    assert wrong[0].sources == ("lwvnys-un-background-trafficking",)
    assert palermo.resolutions.get("A/RES/63/294") is None
    assert palermo.instruments.lookup("gpa").adopted_by == "a-res-64-293"


def test_every_disagreement_has_claims_with_sources_and_a_finding() -> None:
    for d in palermo.disagreements:
        assert len(d.claims) >= 2
        assert d.finding
        assert d.sources
        assert len({c.value for c in d.claims}) >= 2, d.id


def test_recorded_disagreements_include_the_known_ones() -> None:
    ids = set(palermo.disagreements.ids)
    assert {"gpa-symbol", "icat-members", "tip-protocol-parties-2017-2021"} <= ids
    assert {"glotip-share-women-girls", "firearms-protocol-parties-2005-03-08"} <= ids


def test_participation_cites_existing_sources() -> None:
    for instrument in participation.instrument_ids():
        for sid in participation.table(instrument).sources:
            assert sid in palermo.sources, sid


@pytest.mark.parametrize(
    "instrument", ["untoc", "tip-protocol", "smuggling-protocol", "firearms-protocol"]
)
def test_headline_counts_agree_with_the_tables_or_are_recorded_disagreements(
    instrument: str,
) -> None:
    # Every dated count of parties within the tables' coverage either equals
    # the count computed from the tables or is a claim in a recorded
    # disagreement.
    disputed = {
        c.statistic for d in palermo.disagreements for c in d.claims if c.statistic is not None
    }
    covered = participation.covered_until(instrument)
    checked = 0
    for s in palermo.statistics.series(f"{instrument}.parties"):
        if s.date.precision is not Precision.DAY or not s.date.known_by(covered):
            continue
        checked += 1
        computed = participation.count(instrument, on=s.date)
        if computed != s.value:
            assert s.id in disputed, (s.id, s.value, computed)
    assert checked >= 1


def test_mandate_holders_hold_known_mandates_in_order() -> None:
    holders = list(palermo.mandate_holders)
    assert len(holders) >= 10
    for h in holders:
        assert palermo.agencies.get(h.mandate) is not None
        assert h.evidence
        if h.term_start and h.term_end:
            assert not h.term_end.is_before(h.term_start)
    rapporteurs = [h for h in holders if h.mandate == "sr-trafficking"]
    starts = sorted(str(h.term_start) for h in rapporteurs if h.term_start)
    assert starts[0] == "2004-10-08"
    held = {link.record.id for link in palermo.related("sr-trafficking") if link.name == "held by"}
    assert held == {h.id for h in rapporteurs}


# -- observances -----------------------------------------------------------------------


def test_the_observances_fall_on_their_days() -> None:
    assert [o.id for o in palermo.observed("2025-07-30")] == [
        "world-day-against-trafficking-in-persons"
    ]
    assert [o.id for o in palermo.observed("2024-10-18")] == ["eu-anti-trafficking-day"]
    assert [o.id for o in palermo.observed("2030-12-02")] == [
        "international-day-for-the-abolition-of-slavery"
    ]
    assert palermo.observed("2025-07-31") == ()
    # The World Day was designated in December 2013 and first observed in 2014.
    world_day = palermo.observances.lookup("world-day-against-trafficking-in-persons")
    assert world_day.since == 2014
    assert palermo.observed("2013-07-30") == ()
    assert world_day.proclaimed_by == ("a-res-68-192",)
    # The abolition day marks the adoption of the 1949 Convention; its first year is disputed.
    abolition = palermo.observances.lookup("international-day-for-the-abolition-of-slavery")
    assert abolition.since is None
    assert abolition.commemorates == ("traffic-convention-1949",)
    assert "abolition-of-slavery-day-first-year" in {
        link.record.id for link in palermo.related(abolition)
    }


def test_observed_defaults_to_today_and_refuses_a_year() -> None:
    today = datetime.date.today()
    assert palermo.observed() == palermo.observed(today)
    with pytest.raises(palermo.InvalidQueryError, match="not a day"):
        palermo.observed("2025")
    with pytest.raises(palermo.InvalidQueryError):
        palermo.observed("30 July")
    with pytest.raises(ValueError, match="not a day"):
        palermo.observances.lookup("eu-anti-trafficking-day").falls_on("2025-10")


def test_an_observance_is_looked_up_by_name() -> None:
    assert palermo.lookup("World Day against Trafficking").id == (
        "world-day-against-trafficking-in-persons"
    )
    eu_day = palermo.lookup("EU Anti-Trafficking Day")
    assert isinstance(eu_day, palermo.Observance)
    assert eu_day.established_by == "European Commission"


def test_the_bundled_data_reads_the_same_the_strict_way() -> None:
    # bundled() reads palermo's own files on a lighter path (no repeated-key
    # search, no cattrs, no cross-record checks); that is safe only while the
    # strict path, with every check, reads the very same records from them.
    folder = Path(str(resources.files("palermo") / "data"))
    strict = palermo.load(folder)
    assert strict.version == palermo.bundled().version
    for name, coll in palermo.bundled().collections():
        assert tuple(strict.collection(name)) == tuple(coll), name
        assert len(coll) > 0, name


def test_the_home_page_says_how_far_the_party_record_is_complete() -> None:
    # The page where a reader decides whether to trust "who is a party":
    # its range must be the data's, not a range from an earlier release.
    ids = participation.instrument_ids()
    years = sorted(participation.complete_until(i).year for i in ids)
    family = ("untoc", "tip-protocol", "smuggling-protocol", "firearms-protocol")
    own = sorted(participation.complete_until(i).year for i in family)
    page = Path(__file__).resolve().parents[1] / "docs" / "index.md"
    text = " ".join(page.read_text(encoding="utf-8").split())
    assert len(ids) == 11
    assert f"{own[0]} to {own[-1]} for the Convention and its Protocols" in text
    assert f"{years[0]} to {years[-1]} across all eleven treaties" in text
