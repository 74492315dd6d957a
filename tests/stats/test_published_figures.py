"""Every published figure (shared/published-figures.md) from the demo register.

The figures are computed by the public statistics functions with the default
disclosure threshold; where a published figure sits in a table cell that
disclosure control hides, it is asked for directly with a filter.
"""

from __future__ import annotations

import pytest

from assistant import stats
from assistant.register import Register


def test_started_2024_is_352_of_whom_197_women_154_men_1_other(demo: Register) -> None:
    result = stats.count(demo, event="started", year=2024, by=["kön"])
    assert result.n == 352
    assert result.cell("Kvinna").count == 197
    # One person of another or unknown kön: hidden, and Man hidden with it so that
    # the one cannot be worked out from the total.
    assert result.cell("Annat/okänt").display == "färre än 5"
    assert result.cell("Man").status == "secondary"
    assert stats.count(demo, event="started", year=2024, filters={"kön": "Man"}).n == 154


def test_started_2024_by_referrer_130_118_97_7(demo: Register) -> None:
    result = stats.count(demo, event="started", year=2024, by="anmälande part")
    counts = {c.key[0]: c.count for c in result.cells}
    assert counts == {
        "Stockholms stad": 130,
        "Hälso- och sjukvården": 118,
        "Försäkringskassan": 97,
        "Arbetsförmedlingen": 7,
    }
    assert result.cell("Stockholms stad").share_display == "37 %"
    assert max(counts, key=lambda k: counts[k] or 0) == "Stockholms stad"


@pytest.mark.parametrize(
    ("part", "top_insatser"),
    [
        ("Stockholms stad", {"FINSAM-team", "IPS för personer med beroendeproblematik"}),
        ("Hälso- och sjukvården", {"Integrering av IPS i psykosvården"}),
        ("Försäkringskassan", {"Aktivitetsplatsen"}),
    ],
)
def test_referrers_send_mainly_to_the_published_insatser(
    demo: Register, part: str, top_insatser: set[str]
) -> None:
    result = stats.count(
        demo, event="started", year=2024, by="insats", filters={"anmälande part": part}
    )
    ranked = sorted(result.cells, key=lambda c: c.count or 0, reverse=True)
    assert {c.key[0] for c in ranked[: len(top_insatser)]} == top_insatser
    top_share = sum(c.count or 0 for c in ranked[: len(top_insatser)]) / (result.n or 1)
    assert top_share > 0.5


def test_starters_2024_by_stadsdel_54_in_enskede_arsta_vantor_19_unknown(demo: Register) -> None:
    result = stats.count(demo, event="started", year=2024, by="stadsdel")
    assert result.cell("Enskede-Årsta-Vantör").count == 54
    assert result.cell("Okänd").count == 19
    largest = max(result.cells, key=lambda c: c.count or 0)
    assert largest.key == ("Enskede-Årsta-Vantör",)
    assert all((c.count or 0) > 0 or c.status != "shown" for c in result.cells)


def test_36_percent_of_2024_starters_five_years_or_more_women_higher(demo: Register) -> None:
    overall = stats.count(demo, event="started", year=2024, by="tid utan arbete")
    assert overall.cell("5 år eller mer").share_display == "36 %"
    by_kon = stats.count(demo, event="started", year=2024, by=["kön", "tid utan arbete"])
    women = by_kon.cell("Kvinna", "5 år eller mer").share
    men_count = stats.count(
        demo,
        event="started",
        year=2024,
        by="tid utan arbete",
        filters={"kön": "Man"},
    )
    men = men_count.cell("5 år eller mer").share
    assert women is not None and men is not None
    assert women > men


def test_ended_2024_is_348_of_whom_197_women_151_men(demo: Register) -> None:
    result = stats.count(demo, event="ended", year=2024, by="kön")
    assert result.n == 348
    assert result.cell("Kvinna").count == 197
    assert result.cell("Man").count == 151
    assert result.cell("Annat/okänt").count == 0


def test_61_of_348_went_to_work_or_studies_men_a_higher_share(demo: Register) -> None:
    result = stats.outcome_rate(demo, year=2024, by="kön")
    overall = result.cell("Totalt")
    assert (overall.numerator, overall.count) == (61, 348)
    assert overall.share == pytest.approx(61 / 348)
    # The text says 17 %; 61/348 = 17.5 % rounds to 18 %.
    assert overall.share_display == "18 %"
    women, men = result.cell("Kvinna").share, result.cell("Man").share
    assert women is not None and men is not None
    assert men > women


def test_exit_reasons_2024_medical_32_and_continued_support_30_percent(demo: Register) -> None:
    result = stats.count(demo, event="ended", year=2024, by="avslutsorsak")
    medical = result.cell("Medicinsk eller psykologisk utredning/vård/rehabilitering")
    support = result.cell("Fortsatt stöd hos jobbtorg/Arbetsförmedlingen/rehabiliteringssamverkan")
    assert medical.share_display == "32 %"
    assert support.share_display == "30 %"
    work = (result.cell("Arbete").count or 0) + (result.cell("Studier").count or 0)
    assert work == 61
    others = [result.cell(r) for r in ("Flytt", "Föräldraledighet", "Frihetsberövad")]
    assert all(c.count is None or c.count > 0 for c in others)
    # The most common reason for both women and men.
    for kon in ("Kvinna", "Man"):
        split = stats.count(demo, event="ended", year=2024, by="avslutsorsak",
                            filters={"kön": kon})  # fmt: skip
        top = max(split.cells, key=lambda c: c.count or 0)
        assert top.key == (medical.key[0],)


def test_878_active_during_2024_of_whom_521_women(demo: Register) -> None:
    result = stats.count(demo, event="active", year=2024, by="kön")
    assert result.n == 878
    assert result.cell("Kvinna").count == 521
    # 357 men in the text cannot hold with the one starter of another kön: 356.
    assert stats.count(demo, event="active", year=2024, filters={"kön": "Man"}).n == 356


def test_finsam_team_2018_2024_750_met_457_forsorjningsstod_112_sjukpenning(
    demo: Register,
) -> None:
    result = stats.count(
        demo,
        event="started",
        from_year=2018,
        to_year=2024,
        by="försörjning vid start",
        filters={"insats": "FINSAM-team"},
    )
    assert result.n == 750
    assert result.cell("Försörjningsstöd").count == 457
    assert result.cell("Försörjningsstöd").share_display == "61 %"
    assert result.cell("Sjukpenning").count == 112
    assert result.cell("Sjukpenning").share_display == "15 %"


def test_six_insatser_ran_in_2024(demo: Register) -> None:
    result = stats.count(demo, event="active", year=2024, by="insats")
    assert [c.key[0] for c in result.cells if c.count] == list(
        demo.codelists.column("insats").values
    )


def test_finsam_team_trend_covers_2018_to_2024(demo: Register) -> None:
    result = stats.trend(demo, event="started", filters={"insats": "FINSAM-team"})
    assert (result.from_year, result.to_year) == (2018, 2024)
    per_year = {c.key[0]: c.count for c in result.cells}
    assert list(per_year) == [str(y) for y in range(2018, 2025)]
    assert sum(v or 0 for v in per_year.values()) == 750


def test_published_figures_survive_being_audited_together_in_the_bilaga(demo: Register) -> None:
    """The draft's Bilaga is one audited system; its published figures stay shown."""
    from assistant.draft.annex import statistics_annex
    from assistant.stats.attack import attack

    referrer, _time, district, outcome, reasons = statistics_annex(demo, 2024)
    assert referrer.n == 352 and referrer.cell("Stockholms stad").count == 130
    assert district.cell("Enskede-Årsta-Vantör").count == 54
    overall = outcome.cell("Totalt")
    assert (overall.numerator, overall.count) == (61, 348)
    assert reasons.n == 348
    assert attack([referrer, _time, district, outcome, reasons], demo) == []
