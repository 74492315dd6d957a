"""What kind of answer a document question asks for, and whether a sentence holds one.

"Hur mycket kostade …?" needs an amount, "När …?" a date or a year, "Hur många
…?" a number, "Vem …?" a name or a role, "Vilka …?" a list. A quote that shares
the question's words but holds no such thing does not answer it. Each rule is a
named record with the questions that exercise it (they are run as tests).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.answer.language import is_english
from assistant.parties import LETTER_PATTERN, NAME_PATTERN

_NUMBER_WORDS = (
    r"två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tjugo|trettio|hundra|tusen|"
    r"miljon\w*|miljard\w*|hälften|halva|fjärdedel\w*|tredjedel\w*|dubbelt"
)
_NUMBER = rf"(?:\d[\d  ]*(?:[.,]\d+)?|\b(?:{_NUMBER_WORDS})\b)"
#: "en"/"ett" is a count only when a quantifier says so ("minst en ledamot", "högst
#: ett år", "en eller flera kommuner"); alone it is the article.
_ONE = (
    r"\b(?:minst|högst|endast|bara|exakt|precis|maximalt|max) (?:en|ett)\b"
    r"|\b(?:en|ett) eller (?:två|flera)\b"
)
_MONTHS = r"januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"


#: "Vad var arbetslösheten …?", "Hur hög är sjukfrånvaron …?": a rate named as what is
#: asked (group 1 is the rate's word; a quote must state a share of that rate).
NAMED_RATE_RE = re.compile(
    r"^\W*(?:vad|hur hög|hur stor|hur låg)\s+(?:var|är|blev|ligger)\s+(?:den\s+)?"
    r"(?:\w+-)?(arbetslöshet\w*|sysselsättningsgrad\w*|ohälsotal\w*|sjukfrånvaro\w*|"
    r"andel\w*|procentsats\w*)\b",
    re.I,
)


@dataclass(frozen=True)
class AnswerType:
    """One kind of answer: the question words that ask for it and what a sentence must hold."""

    name: str
    question: re.Pattern[str]
    answer: re.Pattern[str]
    examples: tuple[str, ...]
    #: Questions of this kind that are *not* asking for it (they must not match).
    counter_examples: tuple[str, ...] = ()
    #: The same question words in English ("By which date …?").
    english: re.Pattern[str] | None = None
    english_examples: tuple[str, ...] = ()


ANSWER_TYPES: tuple[AnswerType, ...] = (
    AnswerType(
        "datum",
        re.compile(
            r"\b(vilket datum|vilken dag|vilka datum|datumet då|datumet när|"
            r"(?:senaste|sista) (?:dag|dagen|datum|datumet))\b",
            re.I,
        ),
        # A day: "30 november", "den 1 januari 2004", "2003-12-18" (a year alone is no date).
        re.compile(rf"\b\d{{1,2}}(?:\s|:e\s)(?:{_MONTHS})\b|\b(?:19|20)\d\d-\d\d-\d\d\b", re.I),
        (
            "Senast vilket datum måste styrelsen fastställa budgeten?",
            "Vilket datum trädde lagen i kraft?",
            "Vilken dag ska årsredovisningen vara klar?",
            "Sista dagen för att lämna in årsredovisningen?",
        ),
        ("När bildades förbundet?", "Vilket år bildades förbundet?"),
        re.compile(
            r"\b(which|what|by which|by what) (date|day)\b|\b(last|latest) (date|day)\b", re.I
        ),
        ("By which date must the budget be adopted?",),
    ),
    AnswerType(
        "ålder",
        re.compile(r"\b(hur gammal|hur gamla|vilken ålder|hur hög ålder)\b", re.I),
        # An age: "52 år", "16–29 år", "25-åringar", or the word itself.
        re.compile(r"\b\d{1,3}\s*(?:[-–]\s*\d{1,3}\s*)?år\b|\d+-åring\w*|\bålder\w*", re.I),
        (
            "Hur gammal är socialdirektören?",
            "Hur gamla är deltagarna i unga vuxna-gruppen?",
        ),
        ("Hur länge har förbundet funnits?",),
        re.compile(r"\b(how old|what age)\b", re.I),
        ("How old is the chair of the board?",),
    ),
    AnswerType(
        "tid",
        re.compile(
            r"(?:^\W*|,\s*)när\b|\b(vilket år|vilket datum|vilken dag|vilken månad|senast|"
            r"från och med|"
            r"hur länge|hur lång tid|inom hur lång|hur lång är|hur lång uppsägningstid|"
            r"vilka år|sedan när|vilken period)\b",
            re.I,
        ),
        re.compile(
            rf"\b(?:19|20)\d\d\b|\b\d{{1,2}} (?:{_MONTHS})\b|\b(?:{_MONTHS})\b|"
            rf"{_NUMBER}\s*(?:år|månad\w*|vecko?r?\w*|dag\w*|timm\w*)\b|\b(årligen|varje år|"
            r"räkenskapsår\w*|mandatperiod\w*)\b",
            re.I,
        ),
        (
            "När bildades samordningsförbundet i Stockholm?",
            "Vilket år fick förbundet sin första deltagare?",
            "Hur länge fick deltagarna vänta innan de kunde börja?",
            "Inom hur lång tid efter räkenskapsårets slut ska årsredovisningen vara klar?",
        ),
        ("Vad händer när ett förbund upplöses?",),
        re.compile(
            r"^\W*when\b|\b(which|what|by which|by what) (date|day|month|year)\b|"
            r"\b(how long|deadline|by when)\b",
            re.I,
        ),
        ("How long must the annual accounts be kept?", "When was the association formed?"),
    ),
    AnswerType(
        "andel",
        re.compile(
            r"\b(hur stor (?:del|andel)|vilken andel|hur många procent|hur mycket av|"
            r"i (?:andel|andelar|procent) räknat|uttryckt i (?:andel|procent)|som andel av)\b|"
            # "Vad var arbetslösheten i Kista?": a rate named as what is asked.
            + NAMED_RATE_RE.pattern,
            re.I,
        ),
        re.compile(
            rf"{_NUMBER}\s*(?:procent|%)|\b(hälften|halva|fjärdedel\w*|tredjedel\w*|"
            r"majoritet(?:en)? av|varannan|var tredje|var fjärde)\b|\d+ av \d+",
            re.I,
        ),
        (
            "Hur stor del ska regionen och kommunerna betala var?",
            "Hur stor del av kostnaden går till stöd till individer?",
            "Vilken andel av deltagarna gick till arbete?",
            "Hur mycket av kostnaden står kommunen för?",
            "Vad betalar Försäkringskassan, i andel räknat?",
        ),
        ("Hur många deltagare började 2024?",),
        re.compile(
            r"\b(what|which|how (?:large|big) a) (share|proportion|percentage|fraction|part)\b",
            re.I,
        ),
        ("What share of the costs does the region pay?",),
    ),
    AnswerType(
        "belopp",
        re.compile(
            r"\b(kosta\w*|kostnad\w*|budget\w*|tjäna\w*|lön(?:en|er)?|"
            r"hur mycket (?:[\w-]+-)?(?:pengar|medel|bidrag)|"
            r"vilken inkomst|vilka inkomster|hur (?:hög|höga|stor|stora) inkomst\w*|"
            r"hur mycket (?:\w+ ){0,3}?(?:sparade|sparat|sparar|spara)|besparing\w*|"
            r"vad betala\w*|hur mycket betala\w*|"
            r"hur mycket (?:medel|bidrag|arvode|ersättning|stöd i kronor)\w*|"
            r"hur mycket (?:\w+ ){0,2}?(?:sjukpenning|försörjningsstöd|sjukersättning|"
            r"aktivitetsersättning|aktivitetsstöd|a-kassa|pension)\w*|"
            r"hur (?:stort|stor|höga?|högt) (?:arvode|belopp|summa|anslag)\w*)\b",
            re.I,
        ),
        re.compile(
            rf"{_NUMBER}\s*(?:kr\b|kronor|mkr|mnkr|tkr|msek|sek\b|miljon\w*|miljard\w*)"
            r"|\b(hälften|fjärdedel\w*|tredjedel\w*)\b",
            re.I,
        ),
        (
            "Vad kostade FINSAM-team per deltagare 2024?",
            "Hur stor budget har förbundet för 2026?",
            "Vad tjänar en arbetskonsulent?",
            "Hur mycket pengar gick till stöd riktat direkt till individer?",
            "Hur mycket arvode får en ledamot?",
            "Hur stort arvode får ordföranden?",
        ),
        ("Vad säger lagen om hur förbundets medel får användas?",),
        re.compile(
            r"\b(cost|costs|budget|spend|spends|spent|spending|how much money|salary|salaries|"
            r"earn|earns|fees?|"
            r"what income|how much income|how high (?:an )?income|"
            r"remuneration|how much (?:\w+ ){0,12}?(?:paid|pay))\b",
            re.I,
        ),
        ("How much money did the project cost?", "How much is a board member paid per meeting?"),
    ),
    AnswerType(
        "parti",
        # A verb of origin ("kom", "skrev", "lämnade", "står bakom") goes with the question
        # words: the answer may say "Skrivelse från Moderaterna". Other verbs ("leder",
        # "styr") are what is asked and must be covered.
        re.compile(
            r"\b(?:från |av )?vilk(?:et|a) (?:politiska )?parti(?:er|erna|et)?"
            r"(?: (?:har |hade )?(?:kom|kommer|var|är|stod|står|låg|ligger|skrev|skrivit|"
            r"lämnade|lämnat|skickade|skickat|ställde|ställt|författade|undertecknade)"
            r"(?: bakom| in)?)?(?=\W|$)",
            re.I,
        ),
        # A party named, in full or by its letter ("(M)"), or a word for one.
        re.compile(rf"\b(?:{NAME_PATTERN}|parti\w*)\b|\((?:{LETTER_PATTERN})\)", re.I),
        (
            "Vilket parti låg bakom skrivelsen om FINSAM?",
            "Vilka partier står bakom skrivelsen?",
        ),
        ("Vilken part anmälde flest deltagare?",),
    ),
    AnswerType(
        "antal",
        re.compile(r"\b(hur många|antal\w*|hur stor är|hur mycket)\b", re.I),
        re.compile(rf"{_NUMBER}|{_ONE}", re.I),
        (
            "Hur många handläggare är anställda av förbundet?",
            "Antal medlemmar i nätverket?",
        ),
        ("Vilka får vara med i ett förbund?",),
        re.compile(r"\b(how many|number of)\b", re.I),
        ("How many members does the board have?",),
    ),
)


#: "Vem beslutar om budgeten?", "Med vilka ska styrelsen samråda om budgeten?" ask for
#: actors, not an amount: who-questions name no figure kind even when they mention one
#: ("budget", "kostnader").
WHO_QUESTION_RE = re.compile(
    r"^\W*(?:vem|who)\b|^\W*(?:med|av|hos|till|från|mot) (?:vem|vilka|whom)\b"
    r"(?! (?:belopp|summ\w*|kostnad\w*|andel\w*|procent|år|datum)\b)|"
    r"^\W*vilk(?:en|et|a) (?:organ|myndighet\w*|part(?!i)\w*)\b",
    re.I,
)
#: "Vad säger lagen om budgeten?", "What does the act say about the budget?": what a
#: text says on a subject, not an amount or a date.
SAYS_QUESTION_RE = re.compile(
    r"^\W*(?:vad (?:säger|sägs|står|anger|föreskriver|skriver|framgår)|"
    r"what does (?:\w+ ){1,4}?(?:say|state|provide))\b",
    re.I,
)
#: "Vad står det om hur mycket förbundet får?": what a text says on a question that is
#: itself asked ("hur mycket …"); that embedded question is typed in its own right.
EMBEDDED_QUESTION_RE = re.compile(
    r"\b(?:om|about)\s+(?=(?:hur|när|vilk\w*|vad|how|when|which|what)\b)", re.I
)


#: A yes/no question opens with its verb ("Måste styrelsen … budgeten?", "Får
#: förbundet låna pengar?"): it asks whether, not how much or when, so a noun in it
#: ("budgeten", "kostnaden") names no figure kind. A question word later in it
#: ("Får man veta när …?", "Kan du säga hur mycket …?") still does.
POLAR_QUESTION_RE = re.compile(
    r"^\W*(?:måste|får|kan|ska|skall|bör|behöver|är|finns|fanns|har|hade|gäller|krävs|"
    r"brukar|går|blir|sker)\b",
    re.I,
)
QUESTION_WORD_RE = re.compile(r"\b(?:hur|när|vilk\w*|vad)\b", re.I)
#: The same in English ("Are board members reimbursed for travel costs?").
POLAR_ENGLISH_RE = re.compile(
    r"^\W*(?:are|is|was|were|do|does|did|can|could|may|might|must|should|shall|will|"
    r"would|has|have|had)\b",
    re.I,
)
QUESTION_WORD_ENGLISH_RE = re.compile(r"\b(?:how|when|what|which|who|where)\b", re.I)


def asked_type(question: str) -> AnswerType | None:
    """The kind of answer ``question`` asks for (first rule that matches), if any.

    Example:
        >>> asked_type("Vem beslutar om samordningsförbundets budget?") is None
        True
        >>> asked_type("Hur stor budget har förbundet för 2026?").name
        'belopp'
        >>> asked_type("Måste styrelsen fråga medlemmarna innan budgeten beslutas?") is None
        True
        >>> asked_type("Vad säger lagen om budgeten?") is None
        True
        >>> asked_type("Vad står det om hur mycket pengar förbundet får?").name
        'belopp'
    """
    if WHO_QUESTION_RE.search(question):
        return None
    if SAYS_QUESTION_RE.search(question):
        embedded = EMBEDDED_QUESTION_RE.search(question)
        return asked_type(question[embedded.end() :]) if embedded else None
    if POLAR_QUESTION_RE.search(question) and not QUESTION_WORD_RE.search(question):
        return None
    english = is_english(question)
    if (
        english
        and POLAR_ENGLISH_RE.search(question)
        and not QUESTION_WORD_ENGLISH_RE.search(question)
    ):
        return None
    for kind in ANSWER_TYPES:
        pattern = kind.english if english else kind.question
        if pattern is not None and pattern.search(question):
            return kind
    return None


#: References to statutes and their parts ("4 kap. 6, 7 och 9 §§", "(2017:725)"): their
#: numbers are not figures, dates or amounts.
LEGAL_REFERENCE_RE = re.compile(
    r"\(?\b(?:lag|förordning)?\s*\(?\d{4}:\d+\)?|\b\d+\s*kap\.|"
    r"\b\d+(?:\s*[a-z])?(?:[-–]\d+)?(?:\s*(?:,|och|samt)\s*\d+(?:\s*[a-z])?(?:[-–]\d+)?)*"
    r"(?:\s+(?:första|andra|tredje)\s+stycket)?\s*§§?",
    re.I,
)


#: The number of an item in a list ("1. ledamot …, 2. anställd …") is not a figure.
ENUMERATOR_RE = re.compile(r"(?:^|(?<=[,:;])|(?<=\s))\s*\d{1,2}\.\s+(?=[a-zåäö])")


def holds_answer(kind: AnswerType | None, text: str) -> bool:
    """Whether ``text`` holds an answer of ``kind`` (always true when nothing specific is asked).

    Example:
        >>> holds_answer(asked_type("Hur många år?"), "Enligt 4 kap. 6 och 9 §§ (2017:725).")
        False
        >>> holds_answer(asked_type("Hur många?"), "endast den som är 1. ledamot, 2. anställd")
        False
        >>> holds_answer(asked_type("Hur många?"), "Förbundsordningen ska ange 1. namnet")
        False
    """
    if kind is None:
        return True
    return bool(kind.answer.search(ENUMERATOR_RE.sub(" ", LEGAL_REFERENCE_RE.sub(" ", text))))
