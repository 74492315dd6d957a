"""English questions: detect them and add Swedish search words.

The default embedding model cannot bridge English to Swedish, and BM25 needs
Swedish words, so an English question is expanded with a small FINSAM glossary.
The answer is always in Swedish.
"""

from __future__ import annotations

import re

ENGLISH_MARKERS = {
    "the",
    "what",
    "how",
    "many",
    "does",
    "is",
    "are",
    "of",
    "which",
    "who",
    "when",
    "and",
    "to",
    "in",
    "did",
    "say",
    "about",
    "law",
    "much",
    "were",
    "was",
    "there",
    "those",
    "more",
    "or",
    "among",
    "an",
    "a",
    "ago",
    "than",
    "people",
    "participants",
    "have",
    "has",
}
GLOSSARY = {
    "how many": "hur många",
    "the most": "flest",
    "most": "flest",
    "fewest": "färst",
    "the least": "färst",
    "most common": "vanligast",
    "which": "vilken",
    "referring organisation": "anmälande part",
    "referring organization": "anmälande part",
    "referring": "anmälande",
    "organisation": "part",
    "organization": "part",
    "sent": "anmälde",
    "new": "nya",
    "last year": "förra året",
    "previous year": "förra året",
    "this year": "i år",
    "per year": "per år",
    "each year": "per år",
    "active": "aktiva",
    "left": "lämnade",
    "finished": "avslutade",
    "gender": "kön",
    "age group": "åldersgrupp",
    "reason": "avslutsorsak",
    "reasons": "avslutsorsaker",
    "work or studies": "arbete eller studier",
    "working or studying": "arbete eller studier",
    "programme": "insats",
    "program": "insats",
    "work or study": "arbete eller studier",
    "share": "andel",
    "intervention": "insats",
    "interventions": "insatser",
    "national network": "nationella nätverket",
    "tasks": "uppgifter",
    "parties": "parter",
    "shared": "bidra",
    "law": "lag",
    "act": "lag",
    "section": "paragraf",
    "coordination": "samordning",
    "association": "förbund",
    "associations": "samordningsförbund",
    "financial": "finansiell",
    "rehabilitation": "rehabilitering",
    "members": "medlemmar",
    "member": "medlem",
    "municipality": "kommun",
    "municipalities": "kommuner",
    "region": "region",
    "regions": "regioner",
    "board": "styrelse",
    "auditor": "revisor",
    "auditors": "revisorer",
    "audit": "revision",
    "budget": "budget",
    "funding": "medel medlen",
    "funds": "medel",
    "contribute": "bidra",
    "half": "hälften",
    "quarter": "fjärdedel",
    "task": "uppgift",
    "purpose": "syfta",
    "work": "arbete",
    "employment": "förvärvsarbete",
    "studies": "studier",
    "participants": "deltagare",
    "participant": "deltagare",
    "women": "kvinnor",
    "men": "män",
    "started": "började",
    "ended": "avslutade",
    "proposals": "förslag",
    "proposal": "förslag",
    "network": "nätverk",
    "unemployed": "arbetslösa",
    "sick": "sjukskrivna",
    "social welfare committee": "socialnämnden",
    "social welfare board": "socialnämnden",
    "welfare committee": "socialnämnden",
    "welfare": "försörjningsstöd",
    "administration": "förvaltningen",
    "propose": "föreslår",
    "proposes": "föreslår",
    "approve": "godkänner",
    "approves": "godkänner",
    "signed": "socialdirektör avdelningschef",
    "adopt": "fastställa",
    "appoint": "utse",
    "appoints": "utser",
    "appointed": "utses",
    "deadline": "senast",
    "benefit": "försörjningsstöd",
    "sickness benefit": "sjukpenning",
    "sick pay": "sjukpenning",
    "sickness compensation": "sjukersättning",
    "activity compensation": "aktivitetsersättning",
    "compare": "jämför",
    "income": "inkomst",
    "money": "pengar",
    "discharge from liability": "ansvarsfrihet",
    "discharge": "ansvarsfrihet",
    "benefits": "förmåner",
    "individual people": "enskilda",
    "individual persons": "enskilda",
    "political party": "parti",
    "written question": "skrivelse",
    "incomes": "inkomster",
    "unemployment": "arbetslöshet",
    "social": "social",
    "insurance": "försäkringskassan",
    "employment service": "arbetsförmedlingen",
    "public employment service": "arbetsförmedlingen",
    "social insurance agency": "försäkringskassan",
    "social insurance": "försäkringskassan",
    "city of stockholm": "stockholms stad",
    "health care": "hälso- och sjukvården",
    "healthcare": "hälso- och sjukvården",
    "referred by": "anmälda av",
    "referring party": "anmälande part",
    "referring parties": "anmälande parter",
    "party": "part",
    "enrolled": "inskrivna",
    "at some point during": "någon gång under",
    "at some point": "någon gång",
    "during": "under",
    "average": "genomsnitt",
    "mean": "genomsnitt",
    "median": "median",
    "age": "ålder",
    "moved on to": "gick vidare till",
    "went on to": "gick vidare till",
    "moved to": "gick till",
    "went to": "gick till",
    "got a job": "fick jobb",
    "since": "sedan",
    "of them": "av dem",
    "of those who": "av dem som",
    "among those who": "bland dem som",
    "of those": "av dessa",
    "under": "under",
    "aged": "i åldern",
    "older than": "äldre än",
    "younger than": "yngre än",
    "march": "mars",
    "month": "månad",
    "the fewest": "färst",
    "least common": "ovanligast",
    "social assistance": "försörjningsstöd",
    "when they began": "vid start",
    "when they started": "vid start",
    "at the start": "vid start",
    "what share": "hur stor andel",
    "what proportion": "hur stor andel",
    "proportion": "andel",
    "percentage": "andel",
    "by gender": "per kön",
    "per": "per",
    "each": "varje",
    "compared with": "jämfört med",
    "compared to": "jämfört med",
    "more": "fler",
    "fewer": "färre",
    "number of": "antal",
    "agency": "myndighet",
    "report": "rapport",
    "evaluation": "utvärdering",
    "methods": "metoder",
    "evidence": "evidensbaserade",
    "appeal": "överklagande",
    "withdraw": "utträde",
    "notice period": "uppsägningstid",
    "leave the association": "utträde",
    "withdrawal": "utträde",
    "dissolution": "likvidation",
    "charter": "förbundsordning",
    "accounts": "årsredovisning",
    "annual": "årsredovisning",
    "individuals": "individer",
    "support": "stöd",
    "residence": "stadsdel",
    "district": "stadsdel",
    "referred": "anmälde",
    "statute": "lag",
    "chairman": "ordförande",
    "archive": "arkiv",
    "archives": "arkivlagen",
    "took part": "deltog",
    "take part": "deltar",
    "taking part": "deltog",
    "participated": "deltog",
    "years ago": "år sedan",
    "year ago": "år sedan",
    "one year ago": "ett år sedan",
    "two": "två",
    "three": "tre",
    "four": "fyra",
    "five": "fem",
    "the year before last": "förrförra året",
    "so far this year": "hittills i år",
    "in total": "totalt",
    "altogether": "totalt",
    "second most": "näst flest",
    "the second most": "näst flest",
    "second most common": "näst vanligast",
    "third most": "tredje flest",
    "because they moved": "flytt",
    "moved away": "flytt",
    "moving": "flytt",
    "moved": "flytt",
    "parental leave": "föräldraledighet",
    "further support": "fortsatt stöd",
    "continued support": "fortsatt stöd",
    "medical": "medicinsk",
    "reason for ending": "avslutsorsak",
    "reasons for ending": "avslutsorsaker",
    "reason for leaving": "avslutsorsak",
    "reasons for leaving": "avslutsorsaker",
    "break down": "fördela",
    "broken down": "fördelat",
    "breakdown": "fördelning",
    "by": "per",
    "education": "utbildning",
    "level of education": "utbildning",
    "educational level": "utbildning",
    "began": "började",
    "begun": "börjat",
    "joined": "började",
    "completed": "avslutade",
    "exited": "avslutade",
    "overall": "totalt",
    "percent": "procent",
    "rate": "andel",
    "increased": "ökat",
    "decreased": "minskat",
    "over time": "över tid",
    "changed": "förändrats",
    "time without work": "tid utan arbete",
    "out of work": "utan arbete",
    "job": "jobb",
    "board member": "ledamot",
    "board members": "ledamöter",
    "resigns": "avgår",
    "resign": "avgå",
    "chair": "ordförande",
    "vice chair": "vice ordförande",
    "higher": "högre",
    "lower": "lägre",
}


def is_english(question: str) -> bool:
    words = re.findall(r"[a-zåäö]+", question.lower())
    if not words or re.search(r"[åäö]", question.lower()):
        return False
    hits = sum(1 for w in words if w in ENGLISH_MARKERS)
    return hits >= 2 and hits / len(words) >= 0.2


def _translations(lower: str) -> list[str]:
    """Swedish words for the glossary's English terms, in the glossary's order.

    A term inside a longer term found too is not translated on its own: "employment"
    in "public employment service" is Arbetsförmedlingen, not förvärvsarbete.
    """
    spans = {en: [m.span() for m in re.finditer(rf"\b{re.escape(en)}\b", lower)] for en in GLOSSARY}
    longer = [(s, e) for en, found in spans.items() for s, e in found]
    out: list[str] = []
    for en, found in spans.items():
        own = [
            (s, e)
            for s, e in found
            if not any(a <= s and e <= b and (b - a) > (e - s) for a, b in longer)
        ]
        if own:
            out.append(GLOSSARY[en])
    return out


#: English words that carry no meaning for a statistics query (like the word table's
#: empty words). Any other English word a question uses must be in the glossary, or
#: the register reading keeps it as a word left over.
ENGLISH_EMPTY = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "to",
        "for",
        "by",
        "at",
        "on",
        "from",
        "with",
        "as",
        "than",
        "and",
        "or",
        "was",
        "were",
        "is",
        "are",
        "be",
        "been",
        "did",
        "do",
        "does",
        "there",
        "that",
        "this",
        "those",
        "these",
        "them",
        "they",
        "who",
        "what",
        "which",
        "how",
        "many",
        "much",
        "participants",
        "participant",
        "people",
        "persons",
        "person",
        "total",
        "year",
        "years",
        "any",
        "all",
        "some",
        "get",
        "got",
        "had",
        "has",
        "have",
        "into",
        "our",
        "us",
        "we",
        "you",
        "please",
        "tell",
        "me",
        "show",
        "give",
        "number",
        "between",
        "until",
        "swedish",
        "because",
        "their",
        "its",
        "it",
        "through",
    ]
)


#: The glossary's terms as whole-word patterns, longest first, with their Swedish.
_TERMS = [
    (re.compile(rf"\b{re.escape(en)}\b"), sv)
    for en, sv in sorted(GLOSSARY.items(), key=lambda t: len(t[0]), reverse=True)
]


def reading_text(question: str) -> str:
    """An English question in the word table's Swedish, in the question's own order.

    Glossary terms are replaced where they stand (longest first), periods become one
    period ("between 2022 and 2024" -> "2022–2024"), numbers stay, and every English
    word the glossary lacks ("average") is kept: the register reading then finds it
    left over and does not answer, rather than answering a question without that word.
    """
    text = question.lower()
    # "And in 2023?", "What about women?": a follow-up, said as the word table says one.
    text = re.sub(r"^\W*(?:and|but|what about|how about)\b", "och ", text)
    text = re.sub(
        r"\b(?:between|from)\s+(\d{4})\s+(?:and|to|until|through)\s+(\d{4})\b", r"\1–\2", text
    )
    text = re.sub(r"\b(\d{4})\s*-\s*(\d{4})\b", r"\1–\2", text)
    for i, (pattern, _) in enumerate(_TERMS):
        # A placeholder per term keeps a translated word from being translated again.
        text = pattern.sub(f" \x00{i}\x00 ", text)
    out: list[str] = []
    for token in re.findall(r"\x00\d+\x00|[0-9]{4}–[0-9]{4}|[a-zåäöé0-9][a-zåäöé0-9-]*", text):
        if token.startswith("\x00"):
            out.append(_TERMS[int(token.strip("\x00"))][1])
        elif token not in ENGLISH_EMPTY:
            out.append(token)
    return " ".join(out)


def expand(question: str) -> str:
    """The question plus Swedish glossary words for its English terms."""
    extra = _translations(question.lower())
    return question + (" " + " ".join(dict.fromkeys(extra)) if extra else "")


def swedish_terms(question: str) -> str:
    """Only the Swedish glossary words (and numbers, §) of an English question.

    Used to judge evidence and pick sentences: the English words themselves never
    occur in the Swedish corpus and would make every English question look
    unsupported.
    """
    lower = question.lower()
    words = _translations(lower)
    # A word inside a longer phrase found too ("arbete" in "arbete eller studier") is dropped.
    phrases = [w for w in words if " " in w]
    words = [w for w in words if " " in w or not any(w in p.split() for p in phrases)]
    # A period stays one period: "between 2022 and 2024", "2018-2024" -> "2022–2024".
    spans = re.findall(
        r"(?:between|from)\s+(\d{4})\s+(?:and|to|until)\s+(\d{4})|(\d{4})\s*[-–]\s*(\d{4})",
        lower,
    )
    periods = [f"{a or c}–{b or d}" for a, b, c, d in spans]
    in_period = {y for p in periods for y in p.split("–")}
    words += periods
    words += [
        w for w in re.findall(r"\d+\s?[a-z]?\s?§|§\s?\d+|\b\d{4}\b", question) if w not in in_period
    ]
    words += [f"{n} §" for n in re.findall(r"\bsection\s(\d{1,2})\b", lower)]
    return " ".join(dict.fromkeys(words))
