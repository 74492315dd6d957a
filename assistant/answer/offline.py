"""The offline backend: answers without any language model.

Routes each question to statistics over the participant register, to the
documents, to both, or to "nothing in scope", and builds the answer text only
from computed statistics and verbatim quotes of indexed passages.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from assistant.answer import language
from assistant.answer.answer_types import holds_answer
from assistant.answer.context import EngineContext
from assistant.answer.extractive import (
    TermWeights,
    broad_statute_quotes,
    is_broad_question,
    select,
)
from assistant.answer.history import Turn, previous_user_questions
from assistant.answer.models import NO_SUPPORT, Answer, Citation
from assistant.answer.stats_answer import complete, focus_total, run, sentence
from assistant.answer.stats_query import (
    SUBJECT_RE,
    Lexicon,
    StatsQuery,
    build_lexicon,
    is_statistics_question,
    resolve,
)
from assistant.answer.support import SUPPORT_THRESHOLD, judge, relative_meaning
from assistant.answer.targets import strip_target_words, target_documents
from assistant.answer.verify import bound_question
from assistant.errors import FinsamError
from assistant.models import SearchHit
from assistant.retrieval.acronyms import expand_acronyms
from assistant.retrieval.references import section_refs
from assistant.retrieval.searcher import Searcher
from assistant.stats import SYNTHETIC_NOTICE, StatResult

#: Below this support score (see answer/support.py) a document answer carries a
#: "weak evidence" warning; the refusal threshold itself is support.SUPPORT_THRESHOLD.
WEAK_SUPPORT = 0.45
#: Dense-only hits added to the hybrid ones as candidates for quoting.
DENSE_EXTRA = 3
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

    def __init__(self) -> None:
        self._weights: TermWeights | None = None
        self._weights_for: object = None
        self._lexicon: Lexicon | None = None

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
            from assistant.register.codelists import load_codelists
            from assistant.stats.queries import vocabulary_from_codelists

            self._lexicon = build_lexicon(vocabulary_from_codelists(load_codelists()))
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
        earlier = previous_user_questions(history)
        stats_query = self._parse_stats(
            language.expand(q) if search_text != q else q, earlier, ctx, warnings
        )
        if stats_query is not None and not self._names_document(q, ctx):
            return self._statistics_answer(q, stats_query, ctx, warnings)
        return self._document_answer(search_text, scoring_text, ctx, warnings)

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

    def _parse_stats(
        self, q: str, earlier: list[str], ctx: EngineContext, warnings: list[str]
    ) -> StatsQuery | None:
        if not (earlier or is_statistics_question(q) or SUBJECT_RE.search(q.lower())):
            return None  # clearly a document question
        try:
            lexicon = self._stats_lexicon(ctx)
        except FinsamError as err:
            if is_statistics_question(q):
                warnings.append(f"Deltagarregistret kunde inte läsas: {err.message}")
            return None
        return resolve(q, earlier, lexicon)

    def _statistics_answer(
        self, question: str, query: StatsQuery, ctx: EngineContext, warnings: list[str]
    ) -> Answer:
        register = ctx.register
        query, notes = complete(query, register)
        try:
            result = run(query, register)
            total = focus_total(query, register)
        except FinsamError as err:
            return Answer(
                text=f"Statistiken kunde inte tas fram: {err.message}",
                route="statistics",
                supported=False,
                warnings=warnings,
            )
        lines = [sentence(query, result, total)]
        lines.extend(notes)
        lines.append("")
        lines.append("[S1] " + result.to_markdown_table())
        results = [result]
        if total is not None:
            lines.append("")
            lines.append("[S2] " + total.to_markdown_table())
            results.append(total)

        if result.synthetic:
            warnings.append(SYNTHETIC_NOTICE)
        citations = self._corroborating_passages(question, results, ctx)
        route = "statistics"
        if citations:
            route = "both"
            lines.append("")
            lines.append("Uppgift i underlaget att jämföra med:")
            lines.extend(f"- ”{c.quote}” [{c.n}]" for c in citations)
        text = "\n".join(lines)
        return Answer(
            text=text,
            citations=citations,
            statistics=results,
            route=route,  # type: ignore[arg-type]
            warnings=warnings,
        )

    def _corroborating_passages(
        self, question: str, results: list[StatResult], ctx: EngineContext
    ) -> list[Citation]:
        """Passages stating one of the computed figures, to show beside the statistic."""
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
            if numbers & figures:
                chosen.append(Citation(len(chosen) + 1, hit.chunk, quote))
            if len(chosen) == 1:
                break
        return chosen

    # -- documents ------------------------------------------------------------

    def _document_answer(
        self, query: str, scoring_text: str, ctx: EngineContext, warnings: list[str]
    ) -> Answer:
        searcher = ctx.searcher
        weights = self._term_weights(ctx)
        targets = target_documents(scoring_text, searcher.manifest)
        query = expand_acronyms(query)
        hits = self._candidates(searcher, query, targets or None)
        asked = strip_target_words(scoring_text, searcher.manifest) if targets else scoring_text
        support = judge(asked, query, hits, weights, searcher)
        if targets and not support.supported:
            # The named document does not cover it; look in all documents before giving up.
            wider = self._candidates(searcher, query, None)
            wider_support = judge(asked, query, wider, weights, searcher)
            if wider_support.score > support.score:
                hits, support = wider, wider_support
        if not hits or not support.supported:
            return self._no_support(hits, support.score, warnings, support.hint)
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
            holds_answer=(lambda t: holds_answer(kind, t)) if kind is not None else None,
        )
        if not quotes:
            return self._no_support(hits, support.score, warnings)
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
        answer in its top five more often; sentences are then chosen by meaning.
        """
        hits = searcher.search(query, 6, doc_ids=doc_ids)
        if searcher.weights.get("dense", 0.0) <= 0:
            return hits
        seen = {h.chunk.chunk_id for h in hits}
        extra = [
            h
            for h in searcher.search(query, DENSE_EXTRA, mode="dense", doc_ids=doc_ids)
            if h.chunk.chunk_id not in seen
        ]
        return hits + extra

    def _no_support(
        self,
        hits: list[SearchHit],
        score: float,
        warnings: list[str],
        hint: str | None = None,
    ) -> Answer:
        nearest = [Citation(n, h.chunk, "") for n, h in enumerate(hits[:3], start=1)]
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
            evidence=score,
        )
