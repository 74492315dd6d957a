"""The offline backend: answers without any language model.

Routes each question to statistics over the participant register, to the
documents, to both, or to "nothing in scope", and builds the answer text only
from computed statistics and verbatim quotes of indexed passages.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

from assistant.answer import language
from assistant.answer.answer_types import holds_answer
from assistant.answer.context import EngineContext
from assistant.answer.extractive import (
    TermWeights,
    asks_transition,
    broad_statute_quotes,
    is_broad_question,
    is_transitional,
    select,
)
from assistant.answer.grounding import asked_sentence, frames_question
from assistant.answer.history import Turn, previous_user_questions
from assistant.answer.models import NO_SUPPORT, Answer, Citation
from assistant.answer.stats_answer import (
    compare_with_document,
    compared_hidden,
    complete,
    focus_known,
    focus_total,
    interpretation,
    run,
    sentence,
)
from assistant.answer.stats_query import Lexicon, StatsQuery, Understanding, understand
from assistant.answer.support import (
    SUPPORT_THRESHOLD,
    VERB_FORM_RE,
    Support,
    judge,
    relative_meaning,
)
from assistant.answer.targets import strip_target_words, target_documents
from assistant.answer.verify import bound_question
from assistant.errors import FinsamError
from assistant.models import Chunk, SearchHit
from assistant.retrieval.acronyms import expand_acronyms
from assistant.retrieval.paraphrases import legal_words_for
from assistant.retrieval.references import section_refs
from assistant.retrieval.searcher import Searcher
from assistant.stats import SYNTHETIC_NOTICE, StatResult
from assistant.stats.disclosure import active_ledger, session
from assistant.understanding.hints import capability_text, scope_text
from assistant.understanding.parser import PARTICIPANT_RE, lexicon_from_codelists
from assistant.understanding.rules import load_table

#: A figure in a quote: a number of two or more digits or a percentage, not a § number.
_NUMBER_RE = re.compile(r"(?<![\d§])\b\d{2,}(?:[ \u00a0]\d{3})*\b(?!\s*§)|\d+\s*(?:%|procent)")
#: Below this support score (see answer/support.py) a document answer carries a
#: "weak evidence" warning; the refusal threshold itself is support.SUPPORT_THRESHOLD.
WEAK_SUPPORT = 0.45
#: Dense-only hits added to the hybrid ones as candidates for quoting.
DENSE_EXTRA = 3
#: Lexical-only hits (BM25 with the legal words of retrieval/paraphrases.json) added too:
#: fusion can bury the paragraph whose legal words answer an everyday question
#: ("Vem betalar för förbundet?" is answered by 5 §, "bidra med hälften av medlen").
LEXICAL_EXTRA = 2
#: Extra hits fetched so that dropped transitional provisions leave enough candidates.
TRANSITIONAL_SLACK = 4
#: Kept for evals/answer_eval.py: the score at which a document answer is given.
EVIDENCE_THRESHOLD = SUPPORT_THRESHOLD
PRIVACY_RE = re.compile(
    r"\b(namn(?:en|et)?|personnummer|samordningsnummer|deltagar-?id|id-nummer|lista (?:alla|de|"
    r"deltagar)\w*|vilka (?:är|var) deltagarna|vem är|vilka personer|adress\w*|telefon\w*|"
    r"participant list|names?|print the)\b",
    re.IGNORECASE,
)
PRIVACY_TEXT = (
    "Jag kan bara visa sammanställd statistik om deltagarna, aldrig uppgifter om enskilda "
    "personer (namn, id-nummer, personnummer eller rader ur registret). Fråga gärna efter "
    "antal eller andelar, till exempel ”Hur många som började 2024 bor i Bromma?”."
)


class OfflineBackend:
    """Answers from retrieval and statistics, with no language model."""

    name = "offline"

    def __init__(self, today: Callable[[], dt.date] | None = None) -> None:
        self._weights: TermWeights | None = None
        self._weights_for: object = None
        self._lexicon: Lexicon | None = None
        #: Today's date for "förra året" and "i år" (injectable for tests).
        self.today: Callable[[], dt.date] = today or dt.date.today

    def _term_weights(self, ctx: EngineContext) -> TermWeights:
        # Recomputed when the searcher was reopened on a new index generation.
        searcher = ctx.searcher
        if self._weights is None or self._weights_for is not searcher:
            self._weights = TermWeights.from_index(searcher.bm25)
            self._weights_for = searcher
        return self._weights

    def _stats_lexicon(self, ctx: EngineContext) -> Lexicon:
        # Built from the code lists: routing a question must not load the register.
        if self._lexicon is None:
            self._lexicon = lexicon_from_codelists()
        return self._lexicon

    def stream(
        self, question: str, history: Sequence[Turn], ctx: EngineContext
    ) -> Iterator[str | Answer]:
        result = self.answer(question, history, ctx)
        yield result.text
        yield result

    def answer(self, question: str, history: Sequence[Turn], ctx: EngineContext) -> Answer:
        q, warnings = bound_question(question)
        if not q:
            return Answer(
                text="Skriv en fråga, till exempel ”Vad säger 7 § om samordningsförbundets "
                "uppgifter?” eller ”Hur många började en insats 2024?”.",
                route="empty",
                supported=False,
            )
        search_text = scoring_text = q
        if language.is_english(q):
            warnings.append("Frågan var på engelska; svaret ges på svenska.")
            search_text = language.expand(q)
            scoring_text = language.swedish_terms(q) or q
        if PRIVACY_RE.search(q) and re.search(r"deltagar|participant|register|bor i", q, re.I):
            return Answer(
                text=PRIVACY_TEXT, route="out_of_scope", supported=False, warnings=warnings
            )
        earlier = [
            language.reading_text(e) if language.is_english(e) else e
            for e in previous_user_questions(history)
        ]
        reading_text = language.reading_text(q) if search_text != q else q
        understood = self._understand(reading_text, earlier, ctx, warnings)
        query = understood.query if understood is not None else None
        if query is not None and not self._names_document(q, ctx):
            return self._statistics_answer(q, query, ctx, warnings)
        hint = self._register_hint(understood, ctx)
        result = self._document_answer(
            search_text, scoring_text, ctx, warnings, hint=hint, question=q
        )
        named = self._statistics_named_in_document(reading_text, understood, earlier, ctx)
        if named is not None and not result.supported:
            # "Hur många … enligt förvaltningens svar?": the documents do not state it, so
            # give the computed figure (with any passage to compare) and say so.
            answer = self._statistics_answer(q, named, ctx, warnings)
            answer.warnings.insert(
                0,
                "Dokumentet som frågan nämner anger ingen sådan siffra; svaret är beräknat "
                "ur deltagarregistret.",
            )
            return answer
        if result.supported and understood is not None and understood.reading is not None:
            asked = asked_sentence(q)
            if search_text != q:
                asked += " " + reading_text  # an English question's Swedish words
            missing = _quotes_miss_subject(
                result,
                understood,
                asked,
                lambda w: self._word_names_document(w, ctx),
                untranslated=_words(q) if search_text != q else frozenset(),
            )
            if missing and hint:
                return _refusal_from(result, hint)
            if understood.other_scope:
                result.warnings.insert(0, scope_text(ctx.settings, understood.other_scope))
        return result

    def _statistics_named_in_document(
        self, q: str, understood: Understanding | None, earlier: list[str], ctx: EngineContext
    ) -> StatsQuery | None:
        """The statistics call of a question that is fully understood but for the words
        naming a document ("enligt tjänsteutlåtandet", "i förvaltningens svar")."""
        reading = understood.reading if understood is not None else None
        if reading is None or reading.unsupported or reading.other_scope or not reading.leftovers:
            return None
        if not all(self._word_names_document(word, ctx) for word in reading.leftovers):
            return None
        stripped = " ".join(
            w for w in re.findall(r"\S+", q) if w.lower().strip("?,.!") not in reading.leftovers
        )
        again = self._understand(stripped, earlier, ctx, [])
        return again.query if again is not None else None

    def _register_hint(self, understood: Understanding | None, ctx: EngineContext) -> str | None:
        """What the register cannot answer and what it can, for a refusal."""
        if understood is None:
            return None
        if understood.other_scope:
            return scope_text(ctx.settings, understood.other_scope)
        if understood.hints:
            return capability_text(understood.hints[0], self._stats_lexicon(ctx))
        if understood.statistical:
            return capability_text(
                "Registret kan inte besvara frågan som den är ställd", self._stats_lexicon(ctx)
            )
        return None

    @staticmethod
    def _word_names_document(word: str, ctx: EngineContext) -> bool:
        """ "tjänsteutlåtandet", "NNS", "lagen": a word naming a document, not a subject."""
        if word in load_table().document_words:
            return True
        try:
            manifest = ctx.searcher.manifest
        except FinsamError:
            return False
        return any(target_documents(w, manifest) for w in (word, word.rstrip("s")))

    @staticmethod
    def _names_document(q: str, ctx: EngineContext) -> bool:
        """'... enligt tjänsteutlåtandet?' asks what a document says, not the register."""
        if not re.search(r"\b(enligt|i|som|vad skriver|vad säger)\b", q.lower()):
            return False
        try:
            return bool(target_documents(q, ctx.searcher.manifest))
        except FinsamError:
            return False

    # -- statistics ---------------------------------------------------------

    def _understand(
        self, q: str, earlier: list[str], ctx: EngineContext, warnings: list[str]
    ) -> Understanding | None:
        try:
            lexicon = self._stats_lexicon(ctx)
        except FinsamError as err:
            warnings.append(f"Deltagarregistrets kodlistor kunde inte läsas: {err.message}")
            return None
        today = ctx.settings.today or self.today()
        return understand(q, earlier, lexicon, today=today)

    def _statistics_answer(
        self, question: str, query: StatsQuery, ctx: EngineContext, warnings: list[str]
    ) -> Answer:
        register = ctx.register
        completed = complete(query, register, today=ctx.settings.today or self.today())
        query, notes = completed.query, completed.notes
        if completed.no_data is not None:
            reading = interpretation(query, counted=False)
            text = "\n".join([reading, "", f"{NO_SUPPORT} {completed.no_data}"])
            return Answer(text=text, route="statistics", supported=False, warnings=warnings)
        try:
            if query.compared:
                # Probe the full split outside the session ledger: a table that is not
                # shown must not make the session hide cells of the one that is.
                ledger = active_ledger()
                with session(ledger.copy() if ledger is not None else None):
                    probe = run(query, register)
                if compared_hidden(query, probe):
                    query = replace(query, only_compared=True)
            result = run(query, register)
            if query.only_compared:
                compared = {v for _, v in query.compared}
                hidden = [
                    c for c in result.cells if c.key and c.key[0] in compared and c.count is None
                ]
                notes.append(
                    "Tabellen visar bara grupperna som jämförs."
                    if hidden
                    else "Tabellen visar bara grupperna som jämförs, så att ingen av dem döljs "
                    "av röjandeskyddet för en liten tredje grupp."
                )
            total = focus_total(query, register)
            known = focus_known(query, register)
        except FinsamError as err:
            return Answer(
                text=f"Statistiken kunde inte tas fram: {err.message}",
                route="statistics",
                supported=False,
                warnings=warnings,
            )
        lines = [interpretation(query), *notes, "", sentence(query, result, total, known)]
        results = [result]
        if known is not None and known.known and known.unknown:
            # The sentence is read from the split table: show that one as [S1].
            results = [known.result]
        lines.append("")
        lines.append("[S1] " + results[0].to_markdown_table())
        if total is not None and len(results) == 1 and results[0] is result:
            lines.append("")
            lines.append("[S2] " + total.to_markdown_table())
            results.append(total)
        result = results[0]

        if result.synthetic:
            warnings.append(SYNTHETIC_NOTICE)
        citations = self._corroborating_passages(question, results, ctx, query)
        route = "statistics"
        if citations:
            route = "both"
            lines.append("")
            lines.append("Uppgift i underlaget att jämföra med:")
            lines.extend(f"- ”{c.quote}” [{c.n}]" for c in citations)
            lines.append(compare_with_document(results, citations[0].quote))
        text = "\n".join(lines)
        return Answer(
            text=text,
            citations=citations,
            statistics=results,
            route=route,  # type: ignore[arg-type]
            warnings=warnings,
        )

    def _corroborating_passages(
        self,
        question: str,
        results: list[StatResult],
        ctx: EngineContext,
        query: StatsQuery | None = None,
    ) -> list[Citation]:
        """Passages stating a figure for the same question, to show beside the statistic:
        one of the computed figures, or a figure in a sentence naming the same period,
        event and groups (a real register may differ from the documents)."""
        figures: set[int] = set()
        for result in results:
            cells = (*result.cells, *result.margins)
            figures |= {c.count for c in cells if c.count}
            figures |= {c.numerator for c in cells if c.numerator}
            if result.n:
                figures.add(result.n)
        figures = {f for f in figures if f and f >= 10}
        if not figures:
            return []
        try:
            hits = ctx.searcher.search(question, 3)
        except FinsamError:
            return []
        weights = self._term_weights(ctx)
        chosen: list[Citation] = []
        for hit, quote in select(weights, question, hits, max_sentences=2):
            numbers = {int(n) for n in re.findall(r"(?<![\d:,])\d{2,4}(?![\d:,])", quote)}
            if numbers & figures or (query is not None and _same_question(query, quote)):
                chosen.append(Citation(len(chosen) + 1, hit.chunk, quote))
            if len(chosen) == 1:
                break
        return chosen

    # -- documents ------------------------------------------------------------

    def _document_answer(
        self,
        query: str,
        scoring_text: str,
        ctx: EngineContext,
        warnings: list[str],
        hint: str | None = None,
        question: str | None = None,
    ) -> Answer:
        searcher = ctx.searcher
        type_question = question or scoring_text  # the asker's words tell the answer type
        weights = self._term_weights(ctx)
        targets = target_documents(asked_sentence(scoring_text), searcher.manifest)
        query = expand_acronyms(query)
        hits = self._candidates(searcher, query, targets or None)
        asked = strip_target_words(scoring_text, searcher.manifest) if targets else scoring_text
        today = ctx.settings.today or self.today()
        support = judge(asked, query, hits, weights, searcher, today, type_question=type_question)
        if targets and not support.supported:
            # The named document does not cover it; look in all documents before giving up.
            wider = self._candidates(searcher, query, None)
            wider_support = judge(
                asked, query, wider, weights, searcher, today, type_question=type_question
            )
            if wider_support.score > support.score:
                hits, support = wider, wider_support
        if not hits or not support.supported:
            return self._no_support(hits, support.score, warnings, _join_hints(support.hint, hint))
        sims = support.similarities
        kind = support.kind
        broad = is_broad_question(asked) and not section_refs(asked) and kind is None
        quotes = (
            broad_statute_quotes(weights, asked, searcher, targets, sims) if broad else []
        ) or select(
            weights,
            asked,
            hits,
            meaning=relative_meaning(sims) if sims else None,
            holds_answer=_answering(support) if kind is not None else None,
        )
        if not quotes:
            return self._no_support(hits, support.score, warnings, hint)
        citations = [Citation(n, hit.chunk, quote) for n, (hit, quote) in enumerate(quotes, 1)]
        lines = ["Svar ur underlaget (ordagranna citat):", ""]
        for c in citations:
            lines.append(f"- {c.label}: ”{c.quote}” [{c.n}]")
            if "[…]" in c.chunk.text:
                warnings.append(
                    f"Texten i {c.label} är avkortad i underlaget ([…]); kontrollera den "
                    "fullständiga lydelsen i SFS."
                )
        if support.score < WEAK_SUPPORT:
            warnings.append(
                "Stödet i underlaget är svagt: citaten täcker bara delar av frågan. Läs källorna."
            )
        return Answer(
            text="\n".join(lines),
            citations=citations,
            route="documents",
            warnings=warnings,
            evidence=support.score,
        )

    @staticmethod
    def _candidates(searcher: Searcher, query: str, doc_ids: list[str] | None) -> list[SearchHit]:
        """Hybrid top six plus dense search's top three, whose sentences may be quoted.

        Hybrid ranks best overall (evals/RETRIEVAL_RESULTS.md), but dense alone has the
        answer in its top five more often; sentences are then chosen by meaning. A
        statute's transitional provisions are candidates only for a question about
        them (their dates of entry into force answer every "när"-question otherwise).
        """
        keep = asks_transition(query)

        def wanted(hits: list[SearchHit]) -> list[SearchHit]:
            return [h for h in hits if keep or not is_transitional(h.chunk)]

        hits = wanted(searcher.search(query, 6 + TRANSITIONAL_SLACK, doc_ids=doc_ids))[:6]
        if searcher.weights.get("dense", 0.0) <= 0:
            return hits
        seen = {h.chunk.chunk_id for h in hits}
        dense = searcher.search(
            query, DENSE_EXTRA + TRANSITIONAL_SLACK, mode="dense", doc_ids=doc_ids
        )
        extra = [h for h in wanted(dense) if h.chunk.chunk_id not in seen][:DENSE_EXTRA]
        seen |= {h.chunk.chunk_id for h in extra}
        lexical = searcher.search(
            query, LEXICAL_EXTRA + TRANSITIONAL_SLACK, mode="bm25", doc_ids=doc_ids
        )
        extra += [h for h in wanted(lexical) if h.chunk.chunk_id not in seen][:LEXICAL_EXTRA]
        return hits + extra

    def _no_support(
        self,
        hits: list[SearchHit],
        score: float,
        warnings: list[str],
        hint: str | None = None,
    ) -> Answer:
        return _refusal([h.chunk for h in hits], hint, warnings, score)


def _quotes_miss_subject(
    result: Answer,
    understood: Understanding,
    asked: str,
    names_document: Callable[[str], bool],
    *,
    untranslated: frozenset[str] = frozenset(),
) -> bool:
    """Whether the quotes leave out what the register could not answer.

    A question about a cost or another förbund that the register cannot answer is
    answered from the documents only if a quote speaks of that cost or förbund;
    quotes that share only the question's other words are not an answer. Words of a
    context sentence before the question (``asked`` is the question itself) are not
    what is asked. A question asking for a figure about participants ("Hur många hade
    sjukpenning när insatsen avslutades?") is answered from the documents only by a
    quote that also names what the register could not place and every value the
    question names: a figure about everyone who ended answers another question.

    Words that frame the question rather than name its subject are not looked for
    in the quotes: a verb of saying or a word for a document ("Vad skriver
    förvaltningen om …", "… enligt rapporten"; ``FRAMING_WORDS``) and, in an English
    question, the English words left untranslated (``untranslated``). A value is
    mentioned by the words the question used or by its name in the code list
    ("anmäldes av Stockholms stad" is said "anmälde Stockholms stad"). Only a
    question asking for a figure (a quantity, a ranking or a period) must be
    answered about every topic it names: an event word in a yes/no question
    ("Kan styrelsen lämna över beslut …?") does not ask for a figure.
    """
    reading = understood.reading
    if reading is None:
        return False
    asked_words = set(re.findall(r"[\wåäöé-]+", asked.lower()))
    topic_words = [w for w in reading.topic_words if set(w.lower().split()) <= asked_words]
    # A number the register could not place ("under 25 år", "18–24") is part of what
    # is asked: a quote that does not state it answers a wider question.
    numbers = [w for w in reading.leftovers if w.isdigit() and not 1900 <= int(w) <= 2100]
    figure_words: list[str] = []
    value_words: list[tuple[str, str]] = []
    if any(t.blocks_documents for t in reading.topics):
        return True  # "Kan du boka ett möte …?": no quote answers a request
    counts_people = bool(reading.quantity or reading.rank) and bool(
        reading.event
        or reading.outcome
        or reading.values
        or PARTICIPANT_RE.search(reading.question.lower())
    )
    if understood.statistical and counts_people:
        # The words that carry what is asked: the register's values named, and the long
        # words it could not place ("sjukpenning" at the end, "25-åringar", "arabiska").
        figure_words = [
            w
            for w in reading.leftovers
            if (len(w) >= 7 or any(ch.isdigit() for ch in w))
            and not (w.isdigit() and 1900 <= int(w) <= 2100)
            and not names_document(w)
            and not frames_question(w)
            and not VERB_FORM_RE.search(w)
            and w not in untranslated
            and w in asked_words
        ]
        value_words = [
            (m.text.strip(), str(m.payload[1]).lower())
            for m in reading.matches
            if m.kind == "value" and isinstance(m.payload, tuple) and len(m.payload) == 2
        ]
    if not (topic_words or reading.other_scope or numbers or figure_words or value_words):
        return False
    asks_figure = bool(reading.quantity or reading.has_period or reading.rank)
    for citation in result.citations:
        quote = citation.quote.lower()
        words = set(re.findall(r"[\wåäöé-]+", quote))
        counts_people = reading.quantity and "deltagar" in reading.question.lower()
        if counts_people and not _NUMBER_RE.search(quote):
            continue  # "Hur många …" is not answered by a quote without a number
        mentioned = [_mentions(t, quote, words, reading.question) for t in topic_words]
        # A figure question must be answered about every topic it names ("kostade" and
        # "personal"); a question of wording only about one of them ("medlen och
        # finansieringen" is answered by a passage on "finansiering").
        covered = all(mentioned) if asks_figure else (any(mentioned) or not mentioned)
        covered = covered and all(n in words for n in numbers)
        # Whole enough to be the same word: "tillbaka" is not said by "till".
        covered = covered and all(
            any(x.startswith(w[:6]) for x in words)
            or (" " in w and w in quote)
            or _says_legal_word(w, words, reading.question)
            for w in figure_words
        )
        covered = covered and all(
            _mentions(said, quote, words, reading.question) or label in quote
            for said, label in value_words
        )
        # The place itself, not its preposition: "i sverige" is said "Sverige"; a quote
        # is read under its heading ("Samordningsförbunden" over NNS's table).
        places = [p.split()[-1] for p in reading.other_scope if p.split()]
        heading = _words(citation.chunk.section or "")
        if covered and all(any(w.startswith(p[:5]) for w in words | heading) for p in places):
            return False
    return True


def _words(text: str) -> frozenset[str]:
    """The lower-case words of ``text``."""
    return frozenset(re.findall(r"[\wåäöé-]+", text.lower()))


def _mentions(asked: str, quote: str, words: set[str], question: str) -> bool:
    """The question's own word, by its first letters ("kostade" is answered by
    "kostnad"), or a legal word it stands for in the question (retrieval/paraphrases.json:
    "pengarna" is answered by "medlen", "bidrag till en enskild" by "förmåner")."""
    if " " in asked:
        if asked in quote:
            return True
    elif any(w.startswith(asked[:4]) for w in words):
        return True
    elif re.search(r"[^aeiouyåäö]e[lnr]$", asked) and len(asked) > 4:
        # The e of -el/-en/-er drops when inflected: "medel" is said "medlen".
        contracted = asked[:-2] + asked[-1]
        if any(w.startswith(contracted) for w in words):
            return True
    legal = [t.lower() for t in legal_words_for(asked, question)]
    return any(w.startswith(term[:5]) for term in legal for w in words)


def _says_legal_word(asked: str, words: set[str], question: str) -> bool:
    """Whether the quote says a legal word that ``asked`` stands for in the question
    (retrieval/paraphrases.json: "betalar" is said "bidra" in the statute)."""
    legal = [t.lower() for t in legal_words_for(asked, question)]
    return any(w.startswith(term[:5]) for term in legal for w in words)


def _answering(support: Support) -> Callable[[str], bool]:
    """Whether a sentence holds what is asked: one the support decision accepted
    (the asked figure, for the asked subject and year), else one of the asked kind."""
    kind, accepted = support.kind, set(support.answering)
    if accepted:
        return lambda text: text in accepted
    return lambda text: holds_answer(kind, text)


def _join_hints(*hints: str | None) -> str | None:
    """The refusal's hints in order, each once (None when there is none)."""
    kept = list(dict.fromkeys(h.strip() for h in hints if h and h.strip()))
    return " ".join(kept) or None


def _refusal(
    chunks: Sequence[Chunk], hint: str | None, warnings: list[str], evidence: float
) -> Answer:
    """The plain refusal, with the hint and the first passages found as nearest (never
    cited as support)."""
    nearest = [Citation(n, c, "") for n, c in enumerate(chunks[:3], start=1)]
    text = NO_SUPPORT if hint is None else f"{NO_SUPPORT} {hint}"
    if nearest:
        text += "\n\nNärmaste avsnitt i underlaget (inte ett svar på frågan):\n" + "\n".join(
            f"- {c.label}" for c in nearest
        )
    return Answer(
        text=text,
        route="out_of_scope",
        supported=False,
        nearest=nearest,
        warnings=warnings,
        evidence=evidence,
    )


def _refusal_from(result: Answer, hint: str) -> Answer:
    """A document answer turned into a refusal: its quotes do not speak of what was
    asked. Like the other checks' refusals it carries no evidence, so the threshold
    trade-off (evals/understanding_eval.py) shows only what the threshold decides."""
    warnings = [w for w in result.warnings if not w.startswith("Stödet i underlaget är svagt")]
    return _refusal([c.chunk for c in result.citations], hint, warnings, 0.0)


def _same_question(query: StatsQuery, quote: str) -> bool:
    """Whether a quote states a figure for the question the query answers.

    It must name the period (each year of it), a word for the same event (or the
    outcome), every group the query counts, and hold a figure.
    """
    text = quote.lower()
    if not _NUMBER_RE.search(text):
        return False
    years = [y for y in (query.year, query.from_year, query.to_year) if y]
    if not years or not all(str(y) in text for y in years):
        return False
    table = load_table()
    if query.kind == "outcome_rate":
        said = any(p in text for p in table.phrases_of("outcome"))
    else:
        said = any(
            re.search(rf"(?<![\wåäö]){re.escape(w)}", text)
            for w in table.event_words.get(query.event or "started", ())
        )
    values = [*query.filters, *([query.focus] if query.focus else [])]
    named = all(
        v.lower().split()[0].split("/")[0] in text or table.value_phrase(d, v).lower() in text
        for d, v in values
    )
    return said and named
