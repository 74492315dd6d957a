"""Statistics answers as an official writes them, end to end (real index, demo register).

Each test asks a question of its own for one failure class of issue 9 and checks
the answer against figures computed here through ``assistant.stats``.
"""

from __future__ import annotations

import re

import pytest

from assistant import stats
from assistant.answer.engine import answer, reset_engines
from assistant.answer.models import NO_SUPPORT
from assistant.register import load_register
from assistant.settings import Settings, get_settings
from assistant.stats.ranking import rank
from assistant.stats.results import TOTAL as TOTAL_LABEL

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def _fresh_engines() -> None:
    reset_engines()


def _prose(text: str) -> str:
    """The answer without its tables and provenance lines."""
    return text.split("[S1] **")[0]


def test_ranking_is_answered_as_a_ranking_with_its_table(corpus_settings: Settings) -> None:
    result = answer("Vilken insats hade flest avslut 2024?", settings=corpus_settings)
    table = stats.count(load_register(), event="ended", year=2024, by="insats")
    order = rank(table).groups
    prose = _prose(result.text)
    assert prose.startswith(
        "Jag har räknat antal deltagare som avslutade en insats 2024, per insats"
    )
    first, second = order[0], order[1]
    assert f"flest i {first.label} ({first.display}), därefter {second.label}" in prose
    positions = [prose.index(f"{g.label} ({g.display})") for g in order]
    assert positions == sorted(positions)
    assert result.statistics[0].group_by == ["insats"]
    assert "| insats | Antal | Andel |" in result.text


def test_least_ranking_starts_with_the_smallest_shown_group(corpus_settings: Settings) -> None:
    result = answer("Vilken stadsdel hade färst nya deltagare 2023?", settings=corpus_settings)
    table = stats.count(load_register(), event="started", year=2023, by="stadsdel")
    smallest = rank(table, most=False).groups[0]
    assert f"bodde färst i {smallest.label} ({smallest.display})" in result.text
    hidden = [c for c in table.cells if c.count is None]
    if hidden:
        assert "för små för att visas" in result.text


def test_a_comparison_of_two_years_states_each_years_share_with_its_year(
    corpus_settings: Settings,
) -> None:
    result = answer(
        "Blev andelen som gick till arbete eller studier större 2022 än 2021?",
        settings=corpus_settings,
    )
    rate = stats.outcome_rate(load_register(), from_year=2021, to_year=2022, by="år")
    first, second = (c for c in rate.cells if c.key[0] in ("2021", "2022"))
    prose = _prose(result.text)
    for c in (first, second):
        assert (
            f"de {c.display} som avslutade en insats {c.key[0]} gick {c.numerator_display}" in prose
        )
    if first.share != second.share:
        higher = max((first, second), key=lambda c: c.share or 0.0)
        assert f"Andelen var alltså högre {higher.key[0]} ({higher.share_display} mot" in prose


def test_comparison_states_both_groups_in_one_sentence(corpus_settings: Settings) -> None:
    result = answer(
        "Gick kvinnorna eller männen oftare till arbete eller studier 2023?",
        settings=corpus_settings,
    )
    rate = stats.outcome_rate(load_register(), year=2023, by="kön")
    if any(c.count is None for c in rate.cells if c.key[0] in ("Kvinna", "Man")):
        # A small third group hides one of them: only the compared groups are shown.
        rate = stats.outcome_rate(
            load_register(), year=2023, by="kön", filters={"kön": ["Kvinna", "Man"]}
        )
        assert "Tabellen visar bara grupperna som jämförs" in result.text
    women, men = (c for c in rate.cells if c.key[0] in ("Kvinna", "Man"))
    sentence = next(line for line in result.text.splitlines() if line.startswith("Av de"))
    assert f"Av de {women.display} kvinnor som avslutade en insats 2023 gick" in sentence
    assert f"{women.numerator_display} ({women.share_display})" in sentence
    assert f"av de {men.display} männen {men.numerator_display} ({men.share_display})" in sentence
    if women.share != men.share:
        higher = "kvinnorna" if (women.share or 0) > (men.share or 0) else "männen"
        assert f"Andelen var alltså högre bland {higher}" in result.text
    assert result.statistics[0].group_by == ["kön"]


def test_respektive_gives_every_group_side_by_side(corpus_settings: Settings) -> None:
    result = answer("Hur många lämnade respektive insats 2023?", settings=corpus_settings)
    table = stats.count(load_register(), event="ended", year=2023, by="insats")
    prose = _prose(result.text)
    for cell in table.cells:
        if cell.count:
            assert f"{cell.key[0]} {cell.display}" in prose
    assert "hade kön =" not in result.text and " = " not in prose


def test_share_over_a_partly_empty_column_is_over_the_known(corpus_settings: Settings) -> None:
    result = answer(
        "Hur många av dem som började 2023 hade sjukpenning när de började?",
        settings=corpus_settings,
    )
    table = stats.count(load_register(), event="started", year=2023, by="försörjning vid start")
    cells = {c.key[0]: c for c in table.cells}
    unknown = cells["Ej registrerad"].count
    assert unknown and table.n
    known = table.n - unknown
    prose = _prose(result.text)
    assert f"registrerad för {known}" in prose
    assert f"För {unknown} saknas uppgiften" in prose
    value = cells["Sjukpenning"]
    if value.count is not None:
        assert f"{value.count} ({round(100 * value.count / known)} %)" in prose


def test_active_during_a_year_is_counted_as_active(corpus_settings: Settings) -> None:
    result = answer("Hur många fick stöd genom Novum under 2022?", settings=corpus_settings)
    expected = stats.count(load_register(), event="active", year=2022, filters={"insats": "Novum"})
    assert result.statistics[0].event == "active"
    assert re.search(rf"\b{expected.n_display}\b", _prose(result.text))
    assert "deltog i en insats 2022" in result.text


def test_question_not_recognised_before_is_answered(corpus_settings: Settings) -> None:
    result = answer("Hur många skrevs ut under 2021?", settings=corpus_settings)
    expected = stats.count(load_register(), event="ended", year=2021)
    assert result.route in ("statistics", "both")
    assert _prose(result.text).count(expected.n_display) >= 1


def test_no_year_named_says_which_period_was_counted(corpus_settings: Settings) -> None:
    result = answer("Vilka är de vanligaste avslutsorsakerna?", settings=corpus_settings)
    assert "Inget år angavs; jag har räknat 2024" in result.text
    assert result.statistics[0].group_by == ["avslutsorsak"]


def test_relative_year_without_data_is_said_and_no_figure_given(
    corpus_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FINSAM_TODAY", "2026-03-01")
    get_settings.cache_clear()
    result = answer("Vilken part anmälde flest deltagare förra året?", settings=get_settings())
    assert not result.supported and not result.statistics
    assert "Registret har inga uppgifter för 2025 (”förra året”)" in result.text


def test_relative_year_with_data_is_resolved_and_said(
    corpus_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FINSAM_TODAY", "2025-02-01")
    get_settings.cache_clear()
    result = answer("Vilken part anmälde flest deltagare förra året?", settings=get_settings())
    assert result.statistics and result.statistics[0].from_year == 2024
    assert "”förra året” har tolkats som 2024" in result.text


def test_other_forbund_is_refused_naming_whose_data_the_register_holds(
    corpus_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FINSAM_REGISTER_OWNER", "Samordningsförbundet Exempelstad")
    get_settings.cache_clear()
    result = answer("Hur många började en insats i Malmö 2024?", settings=get_settings())
    assert not result.statistics
    assert "Samordningsförbundet Exempelstads insatser" in result.text
    assert "Malmö" in result.text


@pytest.mark.parametrize(
    ("question", "lack"),
    [
        ("Hur många deltagare i Novum hade en adhd-diagnos 2023?", "inga diagnoser"),
        ("Vad kostade FINSAM-team under 2023?", "inga kostnader"),
        ("Hur många handläggare hade förbundets kansli 2024?", "inte förbundets personal"),
    ],
)
def test_refusal_says_what_the_register_lacks_and_what_it_can_count(
    corpus_settings: Settings, question: str, lack: str
) -> None:
    result = answer(question, settings=corpus_settings)
    assert not result.supported and not result.statistics
    assert result.text.startswith(NO_SUPPORT)
    assert lack in result.text and "jag kan räkna deltagare" in result.text


def test_document_figure_is_shown_beside_the_computed_one(corpus_settings: Settings) -> None:
    result = answer(
        "Hur stor andel av dem som avslutade en insats 2024 gick till arbete eller studier?",
        settings=corpus_settings,
    )
    rate = stats.outcome_rate(load_register(), year=2024)
    overall = rate.margins[0]
    assert result.route == "both" and result.citations
    quote = result.citations[0].quote
    assert str(overall.numerator) in quote
    if f"{round(100 * (overall.share or 0))} procent" not in quote:
        assert "skillnaden beror på avrundning" in result.text


def test_second_place_names_the_runner_up_first(corpus_settings: Settings) -> None:
    result = answer("Vilken stadsdel hade näst flest nya deltagare 2024?", settings=corpus_settings)
    table = stats.count(load_register(), event="started", year=2024, by="stadsdel")
    first, second = rank(table).groups[:2]
    assert (
        f"bodde näst flest i {second.label} ({second.display}), efter {first.label} "
        f"({first.display})"
    ) in result.text


def test_since_a_year_counts_to_the_latest_year_and_says_so(corpus_settings: Settings) -> None:
    result = answer("Hur många har lämnat Novum sedan 2022?", settings=corpus_settings)
    expected = stats.count(
        load_register(), event="ended", from_year=2022, to_year=2024, filters={"insats": "Novum"}
    )
    assert result.statistics[0].from_year == 2022 and result.statistics[0].to_year == 2024
    assert "Perioden räknas till och med 2024" in result.text
    assert expected.n_display in _prose(result.text)


def test_an_empty_group_is_said_in_words_not_as_zero_of_zero(corpus_settings: Settings) -> None:
    question = "Hur stor andel av männen i Novum gick till arbete eller studier 2022?"
    result = answer(question, settings=corpus_settings)
    rate = stats.outcome_rate(load_register(), year=2022, filters={"kön": "Man", "insats": "Novum"})
    if rate.n == 0:
        assert "Inga män i Novum avslutade en insats 2022" in result.text
    assert "Av de 0 " not in result.text


def test_a_small_focus_value_is_shown_as_fewer_than_never_computed(
    corpus_settings: Settings,
) -> None:
    result = answer("Hur många deltagare hade lön vid start 2024?", settings=corpus_settings)
    table = stats.count(load_register(), event="started", year=2024, by="försörjning vid start")
    cell = next(c for c in table.cells if c.key[0] == "Lön")
    assert cell.display in _prose(result.text)
    assert " dold som" not in result.text


def test_women_and_men_are_both_shown_even_when_a_third_group_is_small(
    corpus_settings: Settings,
) -> None:
    result = answer("Hur många kvinnor och män deltog i en insats 2024?", settings=corpus_settings)
    full = stats.count(load_register(), event="active", year=2024, by="kön")
    pair = stats.count(
        load_register(), event="active", year=2024, by="kön", filters={"kön": ["Kvinna", "Man"]}
    )
    cells = (
        full if all(c.count is not None for c in full.cells if c.key[0] != "Annat/okänt") else pair
    )
    for cell in cells.cells:
        if cell.key[0] in ("Kvinna", "Man"):
            assert cell.count is not None
            noun = "kvinnor" if cell.key[0] == "Kvinna" else "män"
            assert f"{cell.display} {noun}" in _prose(result.text)


def test_top_n_ranking_names_that_many_groups_first(corpus_settings: Settings) -> None:
    result = answer("Vilka tre stadsdelar hade flest nya deltagare 2022?", settings=corpus_settings)
    table = stats.count(load_register(), event="started", year=2022, by="stadsdel")
    top = rank(table).groups[:3]
    prose = _prose(result.text)
    assert "var de tre största grupperna efter stadsdel" in prose
    named = prose.split("; därefter")[0]
    for group in top:
        assert f"{group.label} ({group.display})" in named
    assert rank(table).groups[3].label not in named


def test_comparing_two_values_says_the_difference_of_shown_counts(
    corpus_settings: Settings,
) -> None:
    result = answer(
        "Började fler i Skärholmen än i Spånga-Tensta under 2023?", settings=corpus_settings
    )
    table = stats.count(load_register(), event="started", year=2023, by="stadsdel")
    cells = {c.key[0]: c for c in table.cells}
    a, b = cells["Skärholmen"], cells["Spånga-Tensta"]
    prose = _prose(result.text)
    if a.count is None or b.count is None:
        assert "kan inte säga" in prose
        return
    assert f"{a.display} bosatta i Skärholmen" in prose
    assert f"{b.display} bosatta i Spånga-Tensta" in prose
    if a.count != b.count:
        assert f"{abs(a.count - b.count)} fler" in prose


def test_an_implied_event_and_a_whole_register_period_are_said(
    corpus_settings: Settings,
) -> None:
    result = answer("Hur många har någonsin fått flytt som avslutsorsak?", settings=corpus_settings)
    register = load_register()
    first, last = stats.engine.year_span(register, "ended") or (0, 0)
    expected = stats.count(
        register, event="ended", from_year=first, to_year=last, filters={"avslutsorsak": "Flytt"}
    )
    prose = _prose(result.text)
    assert f"{first}–{last}" in prose
    assert "finns bara för dem som avslutat" in prose
    assert expected.n_display in prose


def test_share_within_each_group_is_read_from_its_own_row(corpus_settings: Settings) -> None:
    result = answer(
        "Hur stor andel av de nya deltagarna i Rinkeby-Kista respektive Södermalm var män 2024?",
        settings=corpus_settings,
    )
    table = stats.count(
        load_register(),
        event="started",
        year=2024,
        by=["stadsdel", "kön"],
        filters={"stadsdel": ["Rinkeby-Kista", "Södermalm"]},
    )
    prose = _prose(result.text)
    cells = {c.key: c for c in table.cells}
    rows = {c.key[0]: c for c in table.margins if c.key[1] == "Totalt"}
    for place in ("Rinkeby-Kista", "Södermalm"):
        men, row = cells[(place, "Man")], rows[place]
        if men.count is None or row.count is None:
            assert "dolda" in prose
        else:
            assert f"({men.display} av {row.display})" in prose


@pytest.mark.parametrize(
    "question",
    [
        "What was the median age of participants who started in 2024?",
        "Hur många hade sjukpenning när de avslutade insatsen 2024?",
        "Hur många 19-åringar började en insats 2024?",
    ],
)
def test_a_figure_question_the_register_cannot_place_gets_no_nearby_figure(
    question: str, corpus_settings: Settings
) -> None:
    result = answer(question, settings=corpus_settings)
    assert not result.supported
    assert not result.statistics
    assert NO_SUPPORT in result.text


@pytest.mark.parametrize(
    "question",
    [
        # Two events, each with its own year: a cohort the register does not count.
        "Hur många som påbörjade 2022 lämnade insatsen 2023?",
        # A period past the data is never shown as 0 for the missing year.
        "Hur många avslutade 2024 jämfört med 2026?",
        # An English question with a number the register cannot place.
        "How many participants under 23 ended in 2024?",
    ],
)
def test_questions_the_register_cannot_count_as_asked_get_no_figure(
    question: str, corpus_settings: Settings
) -> None:
    result = answer(question, settings=corpus_settings)
    assert not result.statistics
    assert " 0 år 2026" not in result.text


def test_a_ranking_of_shares_ranks_the_shares(corpus_settings: Settings) -> None:
    result = answer("Vilken insats hade högst andel män 2023?", settings=corpus_settings)
    table = stats.count(load_register(), event="active", year=2023, by=["insats", "kön"])
    rows = {c.key[0]: c for c in table.margins if c.key[1] == "Totalt"}
    men = {
        c.key[0]: c.count / rows[c.key[0]].count
        for c in table.cells
        if c.key[1] == "Man" and c.count is not None and rows[c.key[0]].count
    }
    best = max(men, key=lambda k: men[k])
    prose = _prose(result.text)
    assert "ordnat efter andel" in prose
    assert prose.index(f"i {best} (") < min(
        prose.index(f"i {other} (") for other in men if other != best and f"i {other} (" in prose
    )


def test_of_those_who_went_on_counts_within_them(corpus_settings: Settings) -> None:
    result = answer(
        "Bland dem som gick till arbete eller studier 2023, hur många var kvinnor?",
        settings=corpus_settings,
    )
    went_on = stats.count(
        load_register(), event="ended", year=2023, filters={"avslutsorsak": ["Arbete", "Studier"]}
    )
    assert f"Av de {went_on.n_display} " in _prose(result.text)


def test_a_value_of_a_column_registered_for_nobody_gets_no_figure(
    corpus_settings: Settings,
) -> None:
    from assistant.stats.known_share import known_share

    register = load_register()
    insatser = [str(v) for v in stats.vocabulary(register)["insats"]["values"]]
    cases = (
        (insats, year)
        for insats in insatser
        for year in range(2018, 2024)
        if (
            (
                k := known_share(
                    register,
                    "försörjning vid start",
                    "Sjukpenning",
                    event="started",
                    year=year,
                    filters={"insats": insats},
                )
            )
            is not None
            and k.known == 0
            and (k.total or 0) >= 5
        )
    )
    insats, year = next(cases)
    result = answer(
        f"Hur stor andel av dem som började i {insats} {year} hade sjukpenning?",
        settings=corpus_settings,
    )
    prose = _prose(result.text)
    assert "inte registrerad" in prose
    assert not re.search(r"\b0 \(0 %\)", prose)
    shown = result.statistics[0]
    assert shown.group_by == ["försörjning vid start"]  # the table with the unregistered row


def test_a_ranking_leaves_out_unknown_labels_and_names_ties_together(
    corpus_settings: Settings,
) -> None:
    register = load_register()
    # Find a year where the fewest stadsdelar tie, and one where "Okänd" has participants.
    tables = {
        y: stats.count(register, event="active", year=y, by="stadsdel") for y in range(2018, 2025)
    }
    for year, table in tables.items():
        cells = [c for c in table.cells if c.count and c.key[0] not in (TOTAL_LABEL, "Okänd")]
        least = min(c.count or 0 for c in cells)
        tied = sorted(c.key[0] for c in cells if c.count == least)
        okand = next((c for c in table.cells if c.key[0] == "Okänd" and c.count), None)
        result = answer(f"Vilken stadsdel hade färst deltagare {year}?", settings=corpus_settings)
        prose = _prose(result.text)
        for name in tied:
            assert f"{name} ({least})" in prose.split("därefter")[0]
        if okand is not None:
            assert f"Okänd ({okand.display}) ingår inte i rangordningen" in prose
            assert "Okänd" not in prose.split("[S1]")[0]
        if len(tied) > 1:
            break
    else:
        pytest.fail("no year with a tie for the fewest: the tie rule is untested")


def test_a_comparison_in_a_group_with_no_participants_says_there_were_none(
    corpus_settings: Settings,
) -> None:
    register = load_register()
    insatser = [str(v) for v in stats.vocabulary(register)["insats"]["values"]]
    insats, year = next(
        (i, y)
        for i in insatser
        for y in range(2018, 2025)
        if stats.count(register, event="started", year=y, filters={"insats": i}).n == 0
    )
    result = answer(f"Började fler kvinnor än män i {insats} {year}?", settings=corpus_settings)
    prose = _prose(result.text)
    assert f"Registret har inga deltagare i {insats} som började en insats {year}" in prose
    assert "lika många" not in prose


def test_a_change_in_a_share_over_years_gives_each_years_share(corpus_settings: Settings) -> None:
    result = answer(
        "Har andelen män bland dem som avslutade ökat mellan 2022 och 2024?",
        settings=corpus_settings,
    )
    register = load_register()
    prose = _prose(result.text)
    for year in (2022, 2023, 2024):
        men = stats.count(register, event="ended", year=year, filters={"kön": "Man"})
        everyone = stats.count(register, event="ended", year=year)
        if (
            men.n is None
            or everyone.n is None
            or re.search(rf"För [^.]*år {year}[^.]*dolda", prose)
        ):
            continue  # hidden by disclosure control in the two-way table: said, not shown
        share = round(100 * men.n / everyone.n)
        assert f"{share} % år {year} ({men.n_display} av {everyone.n_display})" in prose
    assert result.statistics[0].group_by == ["år", "kön"]
    assert prose.count(" % år ") >= 2


def test_two_years_compared_state_their_difference(corpus_settings: Settings) -> None:
    result = answer("Blev det färre avslut 2022 än 2021?", settings=corpus_settings)
    register = load_register()
    a = stats.count(register, event="ended", year=2021).n or 0
    b = stats.count(register, event="ended", year=2022).n or 0
    prose = _prose(result.text)
    if a == b:
        assert "lika många 2022 som 2021" in prose
    else:
        assert f"Det var {abs(b - a)} {'fler' if b > a else 'färre'} 2022 än 2021." in prose


def test_a_comparison_between_the_sexes_splits_by_sex(corpus_settings: Settings) -> None:
    result = answer(
        "Skilde sig andelen som gick till arbete eller studier mellan könen 2024?",
        settings=corpus_settings,
    )
    assert result.statistics and result.statistics[0].group_by == ["kön"]


def test_a_relative_year_with_nothing_to_count_from_gets_no_figure(
    corpus_settings: Settings,
) -> None:
    result = answer("Hur många avslutade en insats två år tidigare?", settings=corpus_settings)
    assert not result.supported and not result.statistics
    assert "räknas från ett år som frågan inte anger" in result.text
    assert not re.search(r"\b\d{2,3}\b(?! §)", result.text.split("jag kan räkna")[0])


def test_a_document_figure_is_found_when_its_label_is_said_in_other_words(
    corpus_settings: Settings,
) -> None:
    # The register's label "Fortsatt stöd hos jobbtorg/Arbetsförmedlingen/…" is written
    # "fortsatt stöd på jobbtorg, Arbetsförmedlingen eller …" in the tjänsteutlåtande.
    result = answer(
        "Hur stor andel av de avslutade gick till fortsatt stöd hos jobbtorg/Arbetsförmedlingen "
        "2024 enligt tjänsteutlåtandet?",
        settings=corpus_settings,
    )
    assert result.supported
    assert any("fortsatt stöd på jobbtorg" in c.quote for c in result.citations)


@pytest.mark.parametrize(
    "question", ["Hur många gick till praktik 2023?", "Hur många blev friska 2022?"]
)
def test_how_many_with_a_verb_is_not_answered_by_another_figure(
    question: str, corpus_settings: Settings
) -> None:
    result = answer(question, settings=corpus_settings)
    assert not result.supported and not result.statistics
    refusal = result.text.split("Närmaste avsnitt")[0].split("jag kan räkna")[0]
    assert not re.search(r"\b\d{2,3}\b", refusal)


def test_the_difference_between_two_years_is_not_their_sum(corpus_settings: Settings) -> None:
    result = answer(
        "Hur stor är skillnaden mellan 2021 och 2022 i antalet som avslutade?",
        settings=corpus_settings,
    )
    register = load_register()
    a = stats.count(register, event="ended", year=2021).n or 0
    b = stats.count(register, event="ended", year=2022).n or 0
    prose = _prose(result.text)
    assert f"{a} år 2021" in prose and f"{b} år 2022" in prose
    assert f"{a + b} deltagare" not in prose


def test_a_share_ranking_says_hidden_groups_are_left_out(corpus_settings: Settings) -> None:
    result = answer(
        "Vilken stadsdel hade lägst andel som gick till arbete eller studier 2024?",
        settings=corpus_settings,
    )
    rate = stats.outcome_rate(load_register(), year=2024, by="stadsdel")
    hidden = [c for c in rate.cells if c.key[0] != TOTAL_LABEL and c.count and c.share is None]
    assert hidden or any(c.count is None for c in rate.cells), "no hidden group: untested"
    prose = _prose(result.text)
    assert "bland de grupper som kan visas" in prose
    assert "ingår inte i rangordningen" in prose
