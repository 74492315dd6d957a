"""Extractive answers: the sentences of the best passages that answer the question.

Nothing is paraphrased. Sentences are scored by how much of the question's
weight (idf of its stemmed terms, compound parts included) they cover, with a
preference for the sentence that actually answers: the one with a number for
"hur många", the list for "vilka", the whole paragraph for a statute question.
The same coverage measure, over whole passages, is the evidence score that
decides when to say "Jag hittar inget stöd i underlaget".
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.errors import FinsamError
from assistant.models import Chunk, SearchHit
from assistant.retrieval.analysis import QUESTION_STEMS, Analyzer
from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.paraphrases import legal_words_for, lexical_expansion
from assistant.retrieval.references import section_refs
from assistant.retrieval.searcher import Searcher
from assistant.retrieval.sentences import Sentence, split_sentences

QUANTITY_RE = re.compile(r"\b(hur många|hur stor|antal|andel|procent|hur mycket|belopp|kostnad)")
#: Weight of a sentence's meaning-similarity (0..1) against its lexical coverage (0..1)
#: when choosing what to quote; measured on the dev questions (evals/RETRIEVAL_RESULTS.md).
MEANING_WEIGHT = 0.6
#: Passages whose sentences are candidates when sentences are chosen by meaning. (All
#: eleven candidates, with the two BM25-only hits, was measured in session 10: it found
#: "bidra med en fjärdedel" and "borgen" but let common words such as "beslut" outrank
#: the passages found by meaning, and answered more near misses.)
SENTENCE_POOL = 9
#: Weight of a sentence's (and a statute paragraph's) coverage of the legal words that
#: the question's everyday words stand for (retrieval/paraphrases.json) when choosing
#: what to quote: a paragraph is chosen by its terms, a sentence within it more by the
#: question's own words.
LEGAL_WORDS_WEIGHT = 0.5
LEGAL_PARAGRAPH_WEIGHT = 1.0
#: Weight of saying the question's focus word (its rarest known word) when choosing
#: what to quote.
FOCUS_WEIGHT = 0.25
#: What a sentence loses for quoting a statute paragraph that is itself among the
#: passages (the statute is cited, not the document quoting it).
SECONDARY_SOURCE_PENALTY = 0.35
#: Weight of naming one of the things a "Vilket X …?" question asks among: as much as
#: holding the asked kind of answer.
INSTANCE_WEIGHT = 0.35
#: Weight of speaking of every name the question uses (in the sentence or around it).
NAME_WEIGHT = 0.2
#: A list item is quoted with its whole list when the question covers this share of
#: the list's heading ("Vad föreslår NNS för framtidens Finsam?" under "NNS nio förslag
#: för framtidens Finsam").
HEADING_LIST_COVERAGE = 0.6
#: "Vem utser ledamöterna?", "Vilka granskar …?": the question asks who does it; a
#: sentence saying it is done by someone ("utses av kommun- och regionfullmäktige")
#: names them. Group 1 is the verb's stem (present tense -er/-ar taken off).
AGENT_QUESTION_RE = re.compile(r"^\W*(?:vem|vilka)\s+([a-zåäö]{2,})(?:er|ar)\b", re.IGNORECASE)
#: What a sentence naming the doer of the asked verb adds to its score.
AGENT_WEIGHT = 0.3


def agent_pattern(question: str) -> re.Pattern[str] | None:
    """For "Vem utser …?", the passive with its agent ("utses av", "utsetts av"); else None."""
    m = AGENT_QUESTION_RE.search(question)
    if m is None:
        return None
    stem = re.escape(m.group(1).lower())
    return re.compile(rf"\b{stem}\w*s\s+av\b", re.IGNORECASE)


LISTING_RE = re.compile(r"\b(vilka|vilken|lista|nämn|vad är|vad innebär|vilket|ge exempel)")


#: A sentence that opens by referring back to the one before it ("Syftet är …",
#: "Det innebär …", "Dessa …", "Det är 138 000 människor som …", "De fyra
#: behovsgrupperna är: …" after "… indelade i fyra behovsgrupper"): it continues that
#: sentence's statement.
CONTINUATION_RE = re.compile(
    r"^(?:Syftet|Målet|Avsikten|Tanken|Detta|Dessa|Denna|Dess|Deras|Det innebär|Den består"
    r"|Det är \d[\d\s]* [\wåäö]+ som\b"
    r"|De (?:två|tre|fyra|fem|sex|sju|åtta|nio|tio|\d+) [\wåäö-]+(?:na|en)\b)"
)


#: An inline list: "t ex case managers, SIP-samordnare, …", "(en arbetsförmedlare, en
#: jobbcoach och en socialsekreterare)".
INLINE_LIST_RE = re.compile(r"\b(?:t\s?\.?\s?ex\b|till exempel|bland annat|bl\.\s?a\.)|:")


def _lists(text: str) -> bool:
    """Whether a sentence lists things (an example list, a colon, two commas or more)."""
    return bool(INLINE_LIST_RE.search(text)) or text.count(",") >= 2


#: A sentence about a clip or its QR code: its caption is the sentence before it.
REFERS_TO_FIGURE_RE = re.compile(r"^(?:QR-koden|Filmen|Klippet|Inslaget)\b(?!.*\bnedan\b)")


@dataclass(frozen=True)
class Evidence:
    """How well the best passages cover the question (0..1) and which is best."""

    score: float
    best_rank: int | None


class TermWeights:
    """idf weights of analyzer tokens over the indexed chunks.

    Args:
        analyzer: The analyzer the BM25 index was built with.
        df: Token -> number of chunks containing it (``BM25Index.document_frequencies``).
        n: Number of chunks.
    """

    def __init__(self, analyzer: Analyzer, df: dict[str, int], n: int) -> None:
        self.analyzer = analyzer
        self.df = df
        self.n = max(1, n)

    @classmethod
    def from_index(cls, bm25: BM25Index) -> TermWeights:
        """Weights from a built BM25 index, which already counts every token."""
        return cls(bm25.analyzer, bm25.document_frequencies(), len(bm25.ids))

    def idf(self, token: str) -> float:
        # Unknown terms weigh the most: a question about something absent is unsupported.
        return math.log(1 + (self.n + 1) / (self.df.get(token, 0) + 0.5))

    def query_terms(self, question: str) -> dict[str, float]:
        terms: dict[str, float] = {}
        for tok in self.analyzer.tokens(question):
            if tok in QUESTION_STEMS or (tok.isdigit() and len(tok) < 3):
                continue
            if len(tok) == 1:
                continue  # a letter of an abbreviation ("M:s" is "m" and "s")
            terms[tok] = self.idf(tok)
        return terms

    def coverage(self, terms: dict[str, float], text: str) -> float:
        if not terms:
            return 0.0
        present = set(self.analyzer.tokens(text))
        return sum(w for t, w in terms.items() if t in present) / sum(terms.values())


def legal_tokens(weights: TermWeights, question: str) -> dict[str, set[str]]:
    """Each question token -> the tokens of the legal words its everyday word stands
    for (retrieval/paraphrases.json: "betalar" -> "bidra", "medlen")."""
    out: dict[str, set[str]] = {}
    for word in re.findall(r"[\wåäöé-]+", question):
        legal = legal_words_for(word, question)
        if not legal:
            continue
        said = set(weights.analyzer.tokens(" ".join(legal)))
        for token in weights.analyzer.tokens(word):
            out.setdefault(token, set()).update(said)
    return out


def covered(
    weights: TermWeights, terms: dict[str, float], legal: dict[str, set[str]], text: str
) -> float:
    """The share of the question's weighted terms that ``text`` says, in the question's
    own word or in a legal word it stands for ("skjuta till" is said "bidra")."""
    if not terms:
        return 0.0
    present = set(weights.analyzer.tokens(text))
    said = sum(w for t, w in terms.items() if t in present or legal.get(t, set()) & present)
    return said / sum(terms.values())


def evidence(weights: TermWeights, question: str, hits: Sequence[SearchHit]) -> Evidence:
    """The best coverage of the question's terms among the top three passages."""
    terms = weights.query_terms(question)
    best, best_rank = 0.0, None
    refs = section_refs(question)
    for rank, hit in enumerate(hits[:3]):
        cov = weights.coverage(terms, hit.chunk.text)
        if refs and hit.chunk.section in refs and hit.chunk.doc_type == "författning":
            cov = max(cov, 1.0)  # the question names this very paragraph
        if cov > best:
            best, best_rank = cov, rank
    return Evidence(best, best_rank)


#: The heading of a Swedish statute's transitional provisions (SFS), and the words of
#: a question about them.
TRANSITIONAL_HEADING = "Övergångsbestämmelser"
TRANSITION_RE = re.compile(
    r"\b(ikraftträd\w*|i kraft|övergångs\w*|tidigare lydelse|äldre (?:lag|lydelse|"
    r"bestämmelser)\w*|gamla lagen|upphäv\w*|entry into force|transitional)\b",
    re.IGNORECASE,
)


def is_transitional(chunk: Chunk) -> bool:
    """Whether ``chunk`` holds a statute's transitional provisions."""
    return chunk.doc_type == "författning" and (chunk.section or "").startswith(
        TRANSITIONAL_HEADING
    )


def asks_transition(question: str) -> bool:
    """Whether the question is about entry into force or transitional provisions."""
    return bool(TRANSITION_RE.search(question))


def quotable_sentences(hits: Sequence[SearchHit], pool: int) -> dict[int, list[Sentence]]:
    """The sentences of the first ``pool`` passages by hit rank: the sentences that
    may be quoted and that the support decision (answer/support.py) judges."""
    return {i: split_sentences(h.chunk, i) for i, h in enumerate(hits[:pool])}


#: A report's or a statute's number ("2023:2", "SFS 2019:914"): a sentence stating the
#: number the question names is about that very report.
DESIGNATION_RE = re.compile(r"(?<![\d:])(?:19|20)\d\d:\d{1,4}(?![\d:])")
DESIGNATION_WEIGHT = 0.5
#: A sentence holding the asked kind of answer leads if it scores at least this share
#: of the best sentence (measured: at 0.7 a date about something else led; 0.9 keeps none).
HOLDING_LEAD_SHARE = 0.9


def select(
    weights: TermWeights,
    question: str,
    hits: Sequence[SearchHit],
    max_sentences: int = 3,
    *,
    meaning: Callable[[str], float] | None = None,
    holds_answer: Callable[[str], bool] | None = None,
    focus: str | None = None,
    names: Sequence[str] = (),
    context: Callable[[SearchHit], str] | None = None,
    instances: frozenset[str] = frozenset(),
) -> list[tuple[SearchHit, str]]:
    """The passages to quote, each with the exact text quoted from it, best first.

    Args:
        weights: Term weights of the index.
        question: The question (its words are matched).
        hits: Ranked passages; sentences are taken from the first four (nine when
            ``meaning`` is given).
        max_sentences: Most sentences chosen (a list brings its items).
        meaning: Sentence text -> 0..1 meaning-similarity to the question, if available.
        holds_answer: Whether a sentence holds what the question asks for (a date,
            an amount …); such sentences are preferred.
        focus: The token of what the question is about (its rarest known word,
            ``support.focus_term``); sentences saying it are preferred ("Vem är
            ordförande …?" by the sentence about the ordförande).
        names: Names the question uses ("Stockholm"); sentences about them are
            preferred, said in the sentence or in its passage's ``context``.
        context: A passage's surroundings (its heading, its document's organisation):
            "Ordförande i arbetsmarknadsnämnden …" in Stockholms stad's tjänsteutlåtande
            is about Stockholm.
        instances: Tokens of the names of the kind a "Vilket X …?" question asks for
            ("Vilket parti …": the parties); a sentence naming one holds the answer.
    """
    if not hits:
        return []
    q = question.lower()
    terms = weights.query_terms(question)
    legal = _legal_terms(weights, question, terms)
    wants_number = bool(QUANTITY_RE.search(q))
    wants_list = bool(LISTING_RE.search(q))
    agent = agent_pattern(question)
    refs = section_refs(question)
    # Without meaning, a statute passage ranked first is quoted whole; with it, only
    # when the best sentence overall is a statute's (checked below).
    statute = _statute_quotes(weights, terms, hits, refs, meaning, holds_answer, legal, focus)
    if statute and (meaning is None or any(h.chunk.section in refs for h, _ in statute)):
        return statute
    scored: list[tuple[float, Sentence]] = []
    pool = SENTENCE_POOL if meaning is not None else 4
    rank_penalty = 0.06 if meaning is not None else 0.12
    per_hit = quotable_sentences(hits, pool)
    # A list answers the question its heading asks ("NNS nio förslag ...").
    heading_covs = {
        rank: weights.coverage(terms, hits[rank].chunk.section or "") for rank in per_hit
    }
    said_as = legal_tokens(weights, question)
    numbers = DESIGNATION_RE.findall(question)
    preferred: dict[Sentence, float] = {}
    name_tokens = [t[0] for t in (weights.analyzer.tokens(n) for n in names) if t]
    # Paragraphs of a statute among the passages quoted from: a document quoting one of
    # them ("I § 2 anges att …") is cited after the statute itself, the primary source.
    # (A paragraph ranked below the passages quoted from cannot take its place.)
    statute_sections: set[str] = {
        hits[rank].chunk.section or ""
        for rank in per_hit
        if hits[rank].chunk.doc_type == "författning"
    } - {""}
    for rank, sentences in per_hit.items():
        heading_cov = heading_covs[rank]
        around = set(weights.analyzer.tokens(context(hits[rank]))) if context else set()
        for s in sentences:
            if s.is_question:
                continue
            # The question's words, each also said by a legal word it stands for.
            score = covered(weights, terms, said_as, s.text)
            if legal:
                score += LEGAL_WORDS_WEIGHT * weights.coverage(legal, s.text)
            if meaning is not None:
                score += MEANING_WEIGHT * meaning(s.text)
            if holds_answer is not None and holds_answer(s.text):
                score += 0.35
            if agent is not None and agent.search(s.text):
                score += AGENT_WEIGHT
            said = set(weights.analyzer.tokens(s.text))
            preference = 0.0  # what orders the candidates, not how many are quoted
            if focus is not None and focus in said:
                preference += FOCUS_WEIGHT
            if instances & said:
                preference += INSTANCE_WEIGHT
            if name_tokens and all(t in said | around for t in name_tokens):
                preference += NAME_WEIGHT
            preferred[s] = preference * (1.0 - rank_penalty * rank)
            score += preference
            if hits[rank].chunk.doc_type != "författning" and statute_sections & set(
                section_refs(s.text)
            ):
                score -= SECONDARY_SOURCE_PENALTY
            if numbers and any(n in s.text for n in numbers):
                score += DESIGNATION_WEIGHT  # "rapporten 2023:2": the one so numbered
            if s.is_list_item:
                score += 0.6 * heading_cov
            if wants_number and holds_answer is None and re.search(r"\d", s.text):
                score += 0.35
            if wants_list and (s.opens_list or s.is_list_item):
                score += 0.25 if s.opens_list else 0.1
            elif wants_list and (":" in s.text or s.text.count(",") >= 2):
                score += 0.25  # an inline list ("De fyra behovsgrupperna är: ...")
            score *= 1.0 - rank_penalty * rank
            scored.append((score, s))
    if not scored:
        return []
    # The statute's paragraph takes the place of a document quoting it: it scores at
    # least what the quoting sentence would have ("I § 2 anges att: Insatserna …
    # skall avse individer …" in the tjänsteutlåtande brings 2 § itself, ranked lower).
    quoted: dict[str, float] = {}
    for score, s in scored:
        if hits[s.hit_rank].chunk.doc_type == "författning":
            continue
        for ref in statute_sections & set(section_refs(s.text)):
            full = score + SECONDARY_SOURCE_PENALTY * (1.0 - rank_penalty * s.hit_rank)
            quoted[ref] = max(quoted.get(ref, 0.0), full)
    if quoted:
        scored = [
            (max(score, quoted.get(hits[s.hit_rank].chunk.section or "", 0.0)), s)
            if hits[s.hit_rank].chunk.doc_type == "författning"
            else (score, s)
            for score, s in scored
        ]
    scored.sort(key=lambda t: (-t[0], t[1].hit_rank, t[1].position))
    if holds_answer is not None:
        # What the question asks for (a date, a figure) leads: a sentence that shares
        # more words but holds no such thing is quoted after it, if at all.
        holding = [t for t in scored if holds_answer(t[1].text)]
        if (
            holding
            and holding[0] is not scored[0]
            and holding[0][0] >= HOLDING_LEAD_SHARE * scored[0][0]
        ):
            scored.remove(holding[0])
            scored.insert(0, holding[0])
    if statute and hits[scored[0][1].hit_rank].chunk.doc_type == "författning":
        return statute
    # Sentences close to the best are quoted with it; the preferences above order them
    # but do not raise the bar ("I rapporten … har ISF utvärderat …" brings "ISF
    # konstaterar att …" although only the first says "bättre").
    best_score = scored[0][0] - preferred.get(scored[0][1], 0.0)
    chosen: list[Sentence] = []
    for score, s in scored:
        if len(chosen) >= max_sentences or score < 0.55 * best_score or score <= 0:
            break
        if sum(1 for c in chosen if c.hit_rank == s.hit_rank) >= 2:
            continue
        chosen.append(s)
    if focus is not None and chosen:
        # What the question is about must be quoted: "Vilka yrkesroller ingår i
        # multiteamen i ESF-projektet Stockholmskraften?" is not answered by the
        # project's target group alone, but by the next sentence on its multiteam.
        # The best sentence of the first passage that says it comes along.
        def says_focus(x: Sentence) -> bool:
            return focus in set(weights.analyzer.tokens(x.text))

        if not any(says_focus(c) for c in chosen):
            same = [x for score, x in scored if score > 0 and x.hit_rank == chosen[0].hit_rank]
            saying = next((x for x in same if says_focus(x)), None)
            if saying is not None:
                chosen.append(saying)
    # A sentence that opens a list brings its items ("... är:" followed by bullets).
    extended: dict[int, list[Sentence]] = {}
    for s in chosen:
        group = extended.setdefault(s.hit_rank, [])
        if s not in group:
            group.append(s)
        whole_list = wants_list or heading_covs[s.hit_rank] >= HEADING_LIST_COVERAGE
        if s.opens_list or (whole_list and s.is_list_item):
            items = [x for x in per_hit[s.hit_rank] if x.position > s.position]
            for x in items:
                if not x.is_list_item:
                    break
                if x not in group:
                    group.append(x)
            if s.is_list_item:  # also the items before, up to the intro
                before = [x for x in per_hit[s.hit_rank] if x.position < s.position]
                for x in reversed(before):
                    if x not in group:
                        group.append(x)
                    if not x.is_list_item:
                        break
    # A sentence that refers back to a quoted one ("Syftet är att …", "Den …") is
    # quoted with it: alone, the quote would stop before saying what it is for.
    for rank, group in extended.items():
        for x in list(group):
            if x.is_list_item or x.opens_list:
                continue
            follower = next((y for y in per_hit[rank] if y.position == x.position + 1), None)
            if (
                follower is not None
                and follower not in group
                and not follower.is_list_item
                and (
                    CONTINUATION_RE.match(follower.text)
                    or (wants_list and not _lists(x.text) and _lists(follower.text))
                )
            ):
                # "Vilket lokalt stöd …?": "… lokala stöd kan se olika ut …" is followed by
                # "En del erbjuder olika stödfunktioner, t ex case managers, …".
                group.append(follower)
                if follower.opens_list:  # "… är:" brings its items
                    for item in (y for y in per_hit[rank] if y.position > follower.position):
                        if not item.is_list_item:
                            break
                        if item not in group:
                            group.append(item)
    # A sentence about a clip or its QR code ("QR-koden är en länk till ett kort
    # inslag …") is quoted with the caption before it, which names what it shows.
    for rank, group in extended.items():
        for x in list(group):
            if not REFERS_TO_FIGURE_RE.match(x.text):
                continue
            caption = next((y for y in per_hit[rank] if y.position == x.position - 1), None)
            if caption is not None and caption not in group and not caption.is_question:
                group.append(caption)
    # Two quoted sentences of a passage with one sentence between them are quoted
    # with it: the quote reads as the passage does, and the sentence between often
    # continues the first ("… en beredningsgrupp … Från Stockholms stad ingår …").
    for rank, group in extended.items():
        positions = {x.position for x in group}
        for x in per_hit[rank]:
            if x not in group and {x.position - 1, x.position + 1} <= positions:
                group.append(x)
    out: list[tuple[SearchHit, str]] = []
    for rank in sorted(extended, key=lambda r: min(x.position for x in extended[r]) + 1000 * r):
        group = sorted(extended[rank], key=lambda x: x.position)
        text = _join(group)
        out.append((hits[rank], text))
    # Best-scoring passage first.
    order: dict[int, int] = {}
    for i, s in enumerate(chosen):
        order.setdefault(s.hit_rank, i)  # a passage ranks by its best sentence
    out.sort(key=lambda t: order.get(hits.index(t[0]), 99))
    return out


#: "Vad säger lagen om styrelsen?": a question about what the statute says on a
#: subject, not about one fact.
BROAD_RE = re.compile(
    r"^\W*(vad (säger|står (det )?i|anger|föreskriver|reglerar) (lagen|finsam-lagen|"
    r"lagtexten|författningen)\b.*\bom\b|vilka regler (finns|gäller)\b.*\bför\b)",
    re.I,
)
#: Paragraphs quoted for a broad statute question.
BROAD_PARAGRAPHS = 4


def is_broad_question(question: str) -> bool:
    """Whether ``question`` asks what the statute says on a subject (see ``BROAD_RE``)."""
    return bool(BROAD_RE.search(question))


def broad_statute_quotes(
    weights: TermWeights,
    question: str,
    searcher: Searcher,
    doc_ids: list[str],
    similarities: dict[str, float],
) -> list[tuple[SearchHit, str]]:
    """The paragraphs under the statute heading that matches a broad question, each
    with its sentence closest to the question, in paragraph order.

    The statute's headings group its paragraphs by subject ("Ett samordningsförbunds
    ledning m.m." holds 10–20 §); a broad question is answered by the group, not by
    the one paragraph that shares most words with it.
    """
    group = searcher.heading_group(question, doc_ids or None)
    if len(group) < 2:
        return []
    terms = weights.query_terms(question)
    sentences = {c.chunk_id: [s.text for s in split_sentences(c)] for c in group}
    texts = [t for ts in sentences.values() for t in ts]
    sims = dict(similarities)
    missing = [t for t in texts if t not in sims]
    if missing:
        try:
            found = searcher.sentence_similarities(question, missing)
        except FinsamError:
            return []  # no embedder: the caller quotes by words alone (select())
        sims.update(zip(missing, map(float, found), strict=True))

    def best(chunk: Chunk) -> tuple[float, str]:
        return max(
            (weights.coverage(terms, t) + 10 * sims[t], t) for t in sentences[chunk.chunk_id]
        )

    ranked = sorted(group, key=lambda c: -best(c)[0])[:BROAD_PARAGRAPHS]
    ranked.sort(key=lambda c: c.ordinal)
    return [(SearchHit(c, 0.0), best(c)[1]) for c in ranked]


def _legal_terms(weights: TermWeights, question: str, terms: dict[str, float]) -> dict[str, float]:
    """The weighted legal terms that the question's everyday words stand for."""
    extra = lexical_expansion(question)
    if not extra:
        return {}
    return {t: w for t, w in weights.query_terms(extra).items() if t not in terms}


#: Where an inline enumeration in a statute paragraph starts a new item (", 2. …").
_CLAUSE_RE = re.compile(r"(?<=[,:;])\s+(?=\d{1,2}\.\s)|(?<=\.)\s+(?=[A-ZÅÄÖ])")


def _clauses(text: str) -> list[str]:
    """The sentences and inline numbered items of a statute paragraph."""
    return [c for c in _CLAUSE_RE.split(text) if c.strip()] or [text]


def _statute_body(chunk: Chunk) -> str:
    return ("\n".join(chunk.text.split("\n")[1:]) or chunk.text).strip()


def _statute_quotes(
    weights: TermWeights,
    terms: dict[str, float],
    hits: Sequence[SearchHit],
    refs: list[str],
    meaning: Callable[[str], float] | None = None,
    holds_answer: Callable[[str], bool] | None = None,
    legal: dict[str, float] | None = None,
    focus: str | None = None,
) -> list[tuple[SearchHit, str]]:
    """For a statute answer, the whole paragraph(s) that cover the question best.

    A paragraph the question names comes first. Otherwise the top statute passages
    are re-ranked by how much of the question they cover, because fused ranks
    over short paragraphs often tie; a close second paragraph is quoted too.
    """
    if not hits or hits[0].chunk.doc_type != "författning":
        return []
    named = [h for h in hits if h.chunk.doc_type == "författning" and h.chunk.section in refs]
    if named:
        return [(h, _statute_body(h.chunk)) for h in named[:2]]
    pool = SENTENCE_POOL if meaning is not None else 4
    candidates = [(i, h) for i, h in enumerate(hits[:pool]) if h.chunk.doc_type == "författning"]

    def paragraph_score(hit: SearchHit) -> float:
        score = weights.coverage(terms, _statute_body(hit.chunk))
        if legal:
            # By its best clause: a long paragraph listing everything ("9 § Förbunds-
            # ordningen ska ange 1. …, 2. …") must not win on scattered words.
            score += LEGAL_PARAGRAPH_WEIGHT * max(
                weights.coverage(legal, c) for c in _clauses(_statute_body(hit.chunk))
            )
        sentences = [s.text for s in split_sentences(hit.chunk)]
        if meaning is not None and sentences:
            score += MEANING_WEIGHT * max(meaning(t) for t in sentences)
        if holds_answer is not None and any(holds_answer(t) for t in sentences):
            score += 0.35
        if focus is not None and focus in weights.analyzer.tokens(hit.chunk.text):
            score += FOCUS_WEIGHT
        return score

    scored = sorted(
        ((paragraph_score(h), -i, h) for i, h in candidates),
        key=lambda t: (t[0], t[1]),
        reverse=True,
    )
    best_cov = scored[0][0]
    chosen = [scored[0][2]]
    if len(scored) > 1 and scored[1][0] >= max(0.5, 0.85 * best_cov):
        chosen.append(scored[1][2])
    if len(chosen) == 1:
        # "5 a § … ska 5 § andra stycket tillämpas": a paragraph that applies another
        # one among the candidates is read with it (the exception with its rule).
        cited = section_refs(_statute_body(chosen[0].chunk))
        chosen += [
            h
            for _, h in candidates
            if h.chunk.section in cited and h.chunk.section != chosen[0].chunk.section
        ][:1]
    if any(len(h.chunk.text) > 1500 for h in chosen):
        return []  # long paragraphs: quote their best sentences instead
    return [(h, _statute_body(h.chunk)) for h in chosen]


def _join(group: list[Sentence]) -> str:
    parts: list[str] = []
    header = None
    for s in group:
        text = s.text
        if "\n" in text and header is not None and text.startswith(header + "\n"):
            parts.append(text[len(header) :])  # the next row of the same table
            continue
        header = text.split("\n", 1)[0] if "\n" in text else None
        if s.is_list_item and parts:
            parts.append("\n" + text)
        else:
            parts.append((" " if parts else "") + text)
    return "".join(parts).strip()
