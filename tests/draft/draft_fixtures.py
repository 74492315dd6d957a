"""The Moderaterna skrivelse rebuilt from the tjänsteutlåtande that answers it.

The tjänsteutlåtande in the corpus quotes the skrivelse's ten questions as
bullets, wrapped across lines (and blank lines) as pypdf extracted them. The
helpers put a header and the skrivelse's own framing around those lines, so
it reads like the skrivelse as a PDF extraction.
"""

from __future__ import annotations

from assistant.settings import PROJECT_ROOT

TJANSTEUTLATANDE = PROJECT_ROOT / "corpus" / "tjansteutlatande-finsam-skrivelse-m.txt"
INTRO = "Med anledning av detta ställs följande frågor i skrivelsen:"

#: The ten questions as the draft should list them.
TEN_QUESTIONS = [
    "Är det känt hur många ärenden, som årligen remitteras från Stockholms stad till FINSAM i "
    "Stockholm?",
    "Hur många av dessa ärenden uppbär långvarigt försörjningsstöd, mer än ett år, två – fem "
    "år, mer än fem år?",
    "Hur många av dessa långvariga ärenden har huvudorsak arbetslöshet för behandling i "
    "FINSAM-organisationen?",
    "Vilka andra huvudorsaker finns bland dessa remitterade ärenden?",
    "Använder stadsdelarna i Stockholm FINSAM i sitt arbete – eller varierar det mellan "
    "stadsdelarna?",
    "Har Stockholm kunskap om resultatet av de ärenden som remitteras till FINSAM?",
    "Finns kunskap/statistik kring resultatet av arbetet inom FINSAM på "
    "stadsdelsförvaltningarna generellt avseende arbetssätt och s.k. långa ärenden?",
    "Använder stadsdelarna andra alternativa metoder lokalt utan att använda sig av FINSAM?",
    "Finns någon kunskap och resultat från dessa långa ärenden och arbetssätt från egna ev. "
    "alternativa metoder?",
    "Har dessa ärenden ovan varit föremål för arbete inom FOU i Stockholm för "
    "vidareutveckling av arbetet?",
]


def question_lines() -> str:
    """The ten bullets exactly as the PDF extraction wraps them."""
    text = TJANSTEUTLATANDE.read_text(encoding="utf-8")
    start = text.index(INTRO) + len(INTRO)
    end = text.index("Ärendets beredning", start)
    return text[start:end].strip("\n")


def skrivelse_text() -> str:
    return (
        "Skrivelse från Moderaterna 2025-02-18 \n"
        "till socialnämnden \n\n"
        "Skrivelse angående användning av FINSAM i \n"
        "arbetet med försörjningsstöd och arbetslöshet \n\n"
        "Samverkan mellan parterna inom FINSAM är viktig för att uppnå gemensamma mål \n"
        "och effektiv resursanvändning. \n\n"
        "Eftersom många som får försörjningsstöd kan vara aktuella hos flera \n"
        "huvudmän samtidigt, är det viktigt att förstå hur socialtjänsten och \n"
        "stadsdelsnämnderna i Stockholm använder FINSAM för att hantera långvariga \n"
        "ärenden med försörjningsstöd. \n\n"
        "Vi vill därför ställa följande frågor: \n"
        f"{question_lines()}\n\n"
        "Moderaterna i socialnämnden \n"
    )
