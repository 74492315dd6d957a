"""The document route on the real corpus, with questions in everyday words (issue 9):
a register limitation never blocks a document answer, normative time is no year
filter, everyday words find the legal paragraph, a quoted figure is stated for the
asked year, and document facts such as dates of handling are found."""

from __future__ import annotations

import re

import pytest

from assistant.answer.engine import answer, reset_engines
from assistant.answer.models import Answer
from assistant.settings import Settings


@pytest.fixture(autouse=True)
def _fresh_engine() -> None:
    reset_engines()


def _ask(question: str, settings: Settings) -> Answer:
    return answer(question, settings=settings)


def _sections(result: Answer) -> list[str | None]:
    return [c.chunk.section for c in result.citations]


def _quotes(result: Answer) -> str:
    return " ".join(c.quote for c in result.citations)


@pytest.mark.parametrize(
    ("question", "section", "fact"),
    [
        # Money words that the register cannot answer, answered by the law.
        ("Hur mycket av pengarna står regionen för?", "5 §", "fjärdedel"),
        ("Vem avgör hur pengarna i förbundet får användas?", "7 §", "medel"),
        ("Får förbundet bevilja bidrag till en enskild person?", "7 §", "förmåner"),
        ("What share of the money does the region contribute?", "5 §", "fjärdedel"),
        # Normative time: "nästa år" is no year the law must name.
        ("Senast när ska styrelsen klubba budgeten för nästa år?", "23 §", "30 november"),
        ("By what date must the association's budget be adopted?", "23 §", "30 november"),
        # Everyday words for legal terms.
        ("Vem håller koll på förbundets räkenskaper och styrelsens skötsel?", "25 §", "revisor"),
        ("Vilka kan väljas in i styrelsen?", "12 §", "fullmäktige"),
        # A register topic said in another inflection in the law ("medel", "medlen").
        ("Which share of the funds does the region contribute?", "5 §", "fjärdedel"),
    ],
)
def test_everyday_question_is_answered_from_the_law(
    corpus_settings: Settings, question: str, section: str, fact: str
) -> None:
    result = _ask(question, corpus_settings)
    assert result.supported, result.text
    assert section in _sections(result)
    assert fact in _quotes(result)


def test_cost_question_the_documents_do_not_answer_is_still_refused(
    corpus_settings: Settings,
) -> None:
    result = _ask("Vad kostade förbundets kansli under 2024?", corpus_settings)
    assert not result.supported
    assert not result.statistics


def test_date_of_handling_in_the_administrations_report_is_found(
    corpus_settings: Settings,
) -> None:
    result = _ask("När tog förvaltningsgruppen upp ärendet?", corpus_settings)
    assert result.supported
    assert "2025-05-14" in _quotes(result)


def test_table_row_is_quoted_under_its_header(corpus_settings: Settings) -> None:
    result = _ask(
        "Hur stor del av kostnaden gick till stöd för individer enligt NNS?", corpus_settings
    )
    assert result.supported
    quote = next(c.quote for c in result.citations if "547 mkr" in c.quote)
    assert quote.startswith("Stöd till Insatser Deltagare Kostnad\nIndivider")


def test_figure_about_another_country_is_quoted_when_the_document_states_it(
    corpus_settings: Settings,
) -> None:
    question = (
        "Hur många personer i Sverige var arbetslösa eller sjukskrivna i över två år "
        "i november 2025?"
    )
    result = _ask(question, corpus_settings)
    assert result.supported
    assert "138 000" in _quotes(result)
    refused = _ask("Hur många personer i Norge var arbetslösa i november 2025?", corpus_settings)
    assert not refused.supported


def test_list_item_under_a_heading_the_question_names_brings_the_whole_list(
    corpus_settings: Settings,
) -> None:
    result = _ask("Vad vill NNS med framtidens Finsam?", corpus_settings)
    # The list, under its heading when the heading states a figure ("NNS nio förslag …").
    listed = next(c.quote for c in result.citations if re.search(r"(?m)^1\. ", c.quote))
    assert "\n5. " in listed and "\n9. " in listed


def test_refusal_for_quotes_that_miss_the_subject_carries_no_evidence(
    corpus_settings: Settings,
) -> None:
    result = _ask("Vad kostade förbundets kansli under 2024?", corpus_settings)
    assert not result.supported
    assert not result.evidence


@pytest.mark.parametrize(
    ("question", "section"),
    [
        (
            "NNS skriver om Finsams framtid. "
            "Vad säger lagen om vem som granskar styrelsens förvaltning?",
            "25 §",
        ),
        (
            "Tjänsteutlåtandet nämner familjer och barn. "
            "Vilka individer ska insatserna avse enligt lagen?",
            "2 §",
        ),
    ],
)
def test_context_sentence_before_the_question_neither_picks_the_document_nor_refuses(
    corpus_settings: Settings, question: str, section: str
) -> None:
    result = _ask(question, corpus_settings)
    assert result.supported, result.text
    assert _sections(result)[0] == section
    assert all(c.chunk.doc_type == "författning" for c in result.citations)


def test_transitional_provisions_answer_only_questions_about_them(
    corpus_settings: Settings,
) -> None:
    deadline = _ask("När ska årsredovisningen vara klar?", corpus_settings)
    assert deadline.supported
    assert _sections(deadline)[0] == "24 §"
    assert not any((s or "").startswith("Övergångsbestämmelser") for s in _sections(deadline))
    entry = _ask("När trädde lagen i kraft?", corpus_settings)
    assert entry.supported
    assert (_sections(entry)[0] or "").startswith("Övergångsbestämmelser")


@pytest.mark.parametrize(
    ("question", "fact"),
    [
        # A verb of saying or a word for the document frames the question; it is not
        # a subject the quote must repeat.
        ("Vad redovisar förvaltningen om hur många som avslutade en insats under 2024?", "348"),
        ("Hur många kvinnor började en insats 2024 enligt förvaltningens rapport?", "197"),
        ("Vad skriver förvaltningen om hur många av deltagarna som var kvinnor 2024?", "197"),
        # A register value is said by its code-list name in the quote ("anmälde
        # Stockholms stad"), not only by the question's own words.
        ("Hur många deltagare remitterades av Stockholms stad 2024 enligt förvaltningen?", "130"),
        # An English question's untranslated words are not subjects either.
        (
            "According to the administration's report, how many participants ended an "
            "intervention in 2024?",
            "348",
        ),
    ],
)
def test_question_framed_by_the_document_is_answered_from_it(
    corpus_settings: Settings, question: str, fact: str
) -> None:
    result = _ask(question, corpus_settings)
    assert result.supported, result.text
    assert result.route == "documents"
    assert fact in _quotes(result)


@pytest.mark.parametrize(
    "question",
    [
        "Får styrelsen lämna över en del av sina beslut till personal på kansliet?",
        "Kan förbundet lämna över beslut om insatser till en tjänsteman på kansliet?",
    ],
)
def test_yes_no_question_with_an_event_word_is_not_a_figure_question(
    corpus_settings: Settings, question: str
) -> None:
    # "lämna" is a register event, but a yes/no question asks for no figure: one of
    # its subjects in a quote is enough, as for any question of wording.
    result = _ask(question, corpus_settings)
    assert result.supported, result.text
    assert result.route == "documents"


def test_yes_no_question_about_the_budget_is_answered_by_the_budget_rule(
    corpus_settings: Settings,
) -> None:
    result = _ask("Behöver styrelsen höra medlemmarna innan budgeten fastställs?", corpus_settings)
    assert result.supported, result.text
    assert "23 §" in _sections(result)
    assert "samråda" in _quotes(result)


def test_a_count_of_one_noun_is_not_answered_by_a_number_of_another(
    corpus_settings: Settings,
) -> None:
    # The tjänsteutlåtande counts the staff who took part in kunskapsdialoger, not the
    # kunskapsdialoger: "ca 1 000 medarbetare" answers only the question about staff.
    dialogues = _ask("Hur många kunskapsdialoger hölls under året?", corpus_settings)
    assert not dialogues.supported
    assert "1 000" not in dialogues.text.split("Närmaste avsnitt")[0]
    staff = _ask("Hur många medarbetare var med i kunskapsdialogerna?", corpus_settings)
    assert staff.supported and "1 000 medarbetare" in staff.text


def test_which_ones_are_not_is_answered_only_by_a_quote_that_excludes(
    corpus_settings: Settings,
) -> None:
    # NNS "samlar 59 av 68 förbund": a count, not which förbund stand outside.
    outside = _ask(
        "Vilka samordningsförbund står utanför NNS och är inte medlemmar?", corpus_settings
    )
    assert not outside.supported
    # 12 § says who may be appointed ("endast"): that answers who may not.
    board = _ask("Vilka personer kan inte utses till ledamot i förbundsstyrelsen?", corpus_settings)
    assert board.supported and "12 §" in _sections(board)


def test_a_kind_said_as_the_head_of_a_compound_is_known(corpus_settings: Settings) -> None:
    # "nämnd" is in the tjänsteutlåtande only as "Socialnämnden".
    result = _ask("Vilken nämnd ska godkänna svaret på skrivelsen?", corpus_settings)
    assert result.supported and "Socialnämnden" in _quotes(result)


def test_which_date_is_answered_only_by_a_quote_stating_a_day(corpus_settings: Settings) -> None:
    # The tjänsteutlåtande says the förbund was formed 2016: a year, no date.
    formed = _ask("Vilket datum bildades Samordningsförbundet Stockholms stad?", corpus_settings)
    assert not formed.supported
    budget = _ask("Vilket datum senast ska förbundets budget vara fastställd?", corpus_settings)
    assert budget.supported and "30 november" in budget.citations[0].quote
