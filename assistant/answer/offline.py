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
from assistant.answer.answer_types import (
    ANSWER_TYPES,
    POLAR_QUESTION_RE,
    AnswerType,
    asked_type,
    holds_answer,
)
from assistant.answer.context import EngineContext
from assistant.answer.diacritics import WORD_RE, Restorer, data_words
from assistant.answer.extractive import (
    TermWeights,
    asks_transition,
    broad_statute_quotes,
    is_broad_question,
    is_transitional,
    select,
)
from assistant.answer.grounding import (
    YEAR_RE,
    asked_sentence,
    frames_question,
    known_names,
    periods,
    resolve_relative_years,
)
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
    COUNTED_RE,
    NOT_COUNTED,
    PAST_TENSE_RE,
    SUPPORT_THRESHOLD,
    VERB_FORM_RE,
    Support,
    focus_term,
    judge,
    relative_meaning,
)
from assistant.answer.targets import cross_documents, strip_target_words, target_documents
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
from assistant.understanding.parser import PARTICIPANT_RE, Reading, lexicon_from_codelists
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
#: A question asking who a participant is: names, identity numbers, contact details, a
#: list of them, or "vem är/var …" about a participant ("Vem är den äldsta deltagaren?",
#: "Vem var det som avslutade Novum 2024?"). "Vem är det som anmäler deltagare till
#: insatserna?" asks for an organisation: the participants are its object, not who.
PRIVACY_RE = re.compile(
    r"\b(namn(?:en|et)?|personnummer|samordningsnummer|deltagar-?id|id-nummer|lista (?:alla|de|"
    r"deltagar)\w*|vilka (?:är|var) deltagarna|vem (?:är|var) (?:den |de )?(?:\w+ )?deltagar\w*"
    r"|vem (?:är|var) (?:det|den|de) som (?:deltog|deltar|började|börjar|avslutade|avslutar|"
    r"slutade|gick|går|fick|får|bor|bodde|skrevs|kom|var|är|har (?:deltagit|börjat|avslutat|gått|"
    r"fått))|vem (?:är|var) \w+ (?:i registret|bland deltagarna|av deltagarna)|vilka personer"
    r"|adress\w*|telefon\w*|participant list|names?|print the)\b",
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
        self._restore: Restorer | None = None
        self._restorer_for: object = None
        #: Today's date for "förra året" and "i år" (injectable for tests).
        self.today: Callable[[], dt.date] = today or dt.date.today

    def _term_weights(self, ctx: EngineContext) -> TermWeights:
        # Recomputed when the searcher was reopened on a new index generation.
        searcher = ctx.searcher
        if self._weights is None or self._weights_for is not searcher:
            self._weights = TermWeights.from_index(searcher.bm25)
            self._weights_for = searcher
        return self._weights

    def _restorer(self, ctx: EngineContext) -> Restorer:
        # The indexed text's words: rebuilt with the term weights' searcher.
        try:
            searcher: Searcher | None = ctx.searcher
        except FinsamError:
            searcher = None  # no index: the data files' words still restore
        if self._restore is None or self._restorer_for is not searcher:
            chunks = searcher.chunks.values() if searcher is not None else []
            words = [w for c in chunks for w in WORD_RE.findall(c.text)]
            self._restore = Restorer(words + data_words())
            self._restorer_for = searcher
        return self._restore

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
        english = language.is_english(q)
        if not english:
            q, restored = self._restorer(ctx).restore(q)
            if restored:
                read = ", ".join(f"”{typed}” som ”{word}”" for typed, word in restored)
                warnings.append(f"Frågan saknade å, ä och ö; jag läste {read}.")
        search_text = scoring_text = q
        if english:
            warnings.append("Frågan var på engelska; svaret ges på svenska.")
            search_text = language.expand(q)
            weights = self._term_weights(ctx)
            scoring_text = (
                language.swedish_terms(
                    q, lambda w: any(weights.df.get(t, 0) > 0 for t in weights.analyzer.tokens(w))
                )
                or q
            )
        if PRIVACY_RE.search(q) and re.search(r"deltagar|participant|register|bor i", q, re.I):
            return Answer(
                text=PRIVACY_TEXT, route="out_of_scope", supported=False, warnings=warnings
            )
        earlier = [
            language.reading_text(e)
            if language.is_english(e)
            else self._restorer(ctx).restore(e)[0]
            for e in previous_user_questions(history)
        ]
        reading_text = language.reading_text(q) if english else q
        understood = self._understand(reading_text, earlier, ctx, warnings)
        query = understood.query if understood is not None else None
        if query is not None and not self._names_document(q, ctx):
            return self._statistics_answer(q, query, ctx, warnings)
        if query is None and REGISTER_NAMED_RE.search(q):
            # "Utlåtandet säger att fler män än kvinnor gick till arbete 2024. Stämmer det
            # enligt registret?": the register is asked to check a document's claim; the
            # words reporting the claim frame it (the passage is shown beside the figure).
            checked = self._statistics_named_in_document(
                reading_text, understood, earlier, ctx, reported=True
            )
            if checked is not None:
                return self._statistics_answer(q, checked, ctx, warnings)
        hint = self._register_hint(understood, ctx)
        result = self._document_answer(
            search_text, scoring_text, ctx, warnings, hint=hint, question=q
        )
        if result.supported and not english and not _names_passage(q):
            missed = _missed_subject(
                asked_sentence(q),
                result.citations,
                self._term_weights(ctx),
                lambda w: self._word_names_document(w.lower(), ctx),
            )
            if missed is not None:
                result = _refusal_from(result, _join_hints(missed, hint) or missed)
        if result.supported and english and ENGLISH_WHO_RE.search(q):
            # "Who is the chair of NNS?" read as "Vem är ordförande NNS": a quote must
            # name the role, as in Swedish.
            missed = _missed_subject(
                f"Vem är {scoring_text}",
                result.citations,
                self._term_weights(ctx),
                lambda w: self._word_names_document(w.lower(), ctx),
            )
            if missed is not None:
                result = _refusal_from(result, _join_hints(missed, hint) or missed)
        if result.supported and english:
            absent = _absent_terms(scoring_text, self._term_weights(ctx))
            if absent:
                # "… about confidentiality (sekretess) …": the Swedish word for what is
                # asked occurs nowhere in the material.
                said = f"Underlaget nämner inte {', '.join(absent)}."
                result = _refusal_from(result, _join_hints(said, hint) or said)
        kind = asked_type(q)
        if (
            result.supported
            and kind is not None
            and kind.name == "datum"
            and not (result.citations and holds_answer(kind, result.citations[0].quote))
        ):
            # "Vilket datum …?" is not answered by a year ("bildades 2016"), nor by a date
            # in a sentence quoted beside it: the leading quote must state the date.
            result = _refusal_from(
                result,
                _join_hints("Underlaget anger inget datum för det du frågar om.", hint) or "",
            )
        if (
            result.supported
            and WITHIN_YEAR_RE.search(q)
            and not any(MONTH_RE.search(c.quote) for c in result.citations)
        ):
            # "När under 2024 började flest?" names the year: a quote saying only the year
            # ("År 2024 …") does not say when in it.
            result = _refusal_from(
                result,
                _join_hints("Underlaget anger inte när under året det skedde.", hint) or "",
            )
        if result.supported and kind is None and not english:
            unstated = _unstated_action(q, result.citations, self._term_weights(ctx))
            if unstated is not None:
                result = _refusal_from(result, _join_hints(unstated, hint) or unstated)
        if result.supported and kind is not None and kind.name in ("datum", "tid"):
            unstated = _unstated_event(
                q,
                kind,
                result.citations,
                self._term_weights(ctx),
                lambda w: self._word_names_document(w, ctx),
                lambda text: strip_target_words(text, ctx.searcher.manifest),
            )
            if unstated is not None:
                # "När fastställdes förbundsordningen?" is not answered by "bildades 2016".
                result = _refusal_from(result, _join_hints(unstated, hint) or unstated)
        if result.supported:
            today = ctx.settings.today or self.today()
            unsaid = _unsaid_years(
                resolve_relative_years(asked_sentence(q), today), result.citations
            )
            if unsaid is not None:
                # "Beviljades styrelsen ansvarsfrihet för 2024?" is not answered by a
                # paragraph of the law that says nothing of 2024.
                result = _refusal_from(result, _join_hints(unsaid, hint) or unsaid)
        if (
            result.supported
            and _asks_what_is_not(q)
            and not any(NEGATION_RE.search(c.quote) for c in result.citations)
        ):
            # "Vilka förbund är inte medlemmar?" is not answered by "samlar 59 av 68".
            result = _refusal_from(
                result, _join_hints("Underlaget säger inte vilka det inte gäller.", hint) or ""
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
            if english:
                asked += " " + reading_text  # an English question's Swedish words
            missing = _quotes_miss_subject(
                result,
                understood,
                asked,
                lambda w: self._word_names_document(w, ctx),
                untranslated=_words(q) if english else frozenset(),
                lexicon=self._stats_lexicon(ctx),
                around=lambda chunk: _surroundings(chunk, ctx.searcher),
                dated=self._dates_asked(q, understood.reading, ctx),
            )
            if missing and hint:
                return _refusal_from(result, hint)
            result = _without_other_figures(result, understood.reading, asked)
            # An English word that only frames the question ("according to") narrows
            # nothing; any other word left untranslated ("interpreter") must be stated.
            framing_english = language.framing_words(q) if english else frozenset()
            if self._quotes_miss_figure(
                q, understood.reading, result, earlier, framing_english, ctx
            ):
                # A figure for another event, group or year answers another question.
                return _refusal_from(result, hint or self._figure_hint(ctx))
            if understood.other_scope:
                result.warnings.insert(0, scope_text(ctx.settings, understood.other_scope))
        return result

    def _dates_asked(
        self, q: str, reading: Reading, ctx: EngineContext
    ) -> Callable[[str], bool] | None:
        """For "Från vilken dag …?" asked of the documents (no register event, ranking or
        count): whether a quote has a sentence stating a date and covering the rest of the
        question ("Vilken dag fyller ordföranden år?" is not answered by the budget's
        "30 november")."""
        kind = asked_type(q)
        if kind is None or kind.name not in ("datum", "tid"):
            return None
        if reading.event or reading.rank or reading.quantity or reading.outcome:
            return None  # "Vilken dag började flest?": the register counts no days
        weights = self._term_weights(ctx)
        rest = " ".join(
            w
            for w in re.findall(r"[\wåäöé-]+", kind.question.sub(" ", asked_sentence(q)))
            if w.lower() not in ANSWER_FORM_WORDS
        )
        terms = weights.query_terms(rest)
        if not terms:
            return None

        # Every word of the question the material knows must be said ("revisorernas
        # mandattid" is not answered by the board's).
        known = [t for t in terms if weights.df.get(t, 0) > 0 and len(t) >= DATED_WORD_MIN]

        def dated(quote: str) -> bool:
            for s in _QUOTE_SENTENCE_RE.split(quote):
                said = set(weights.analyzer.tokens(s))
                if (
                    holds_answer(kind, s)
                    and weights.coverage(terms, s) >= DATED_COVERAGE
                    and all(t in said for t in known)
                ):
                    return True
            return False

        return dated

    def _quotes_miss_figure(
        self,
        q: str,
        reading: Reading,
        result: Answer,
        earlier: list[str],
        english_framing: frozenset[str],
        ctx: EngineContext,
    ) -> bool:
        """Whether a question asking the register for a figure got quotes none of which
        states that figure (see ``_asks_register_figure``, ``_states_asked_figure``).
        A question naming a document ("… enligt NNS?") asks what the document says.
        ``english_framing``: the English question's words that only frame it."""
        if self._names_document(q, ctx) or any(
            self._word_names_document(w, ctx) for w in reading.leftovers
        ):
            return False
        if not _asks_register_figure(reading, self._follows_statistics(earlier, ctx)):
            return False
        lexicon = self._stats_lexicon(ctx)

        def framing(word: str) -> bool:
            return (
                word in english_framing
                or frames_question(word)
                or self._word_names_document(word, ctx)
            )

        return not any(
            _states_asked_figure(reading, c.quote, lexicon, framing) for c in result.citations
        )

    def _follows_statistics(self, earlier: list[str], ctx: EngineContext) -> bool:
        """Whether the previous question was answered from the register (a follow-up
        "Och uppdelat på utbildning?" asks for the same kind of figure)."""
        if not earlier:
            return False
        previous = self._understand(earlier[0], earlier[1:], ctx, [])
        return previous is not None and previous.query is not None

    def _figure_hint(self, ctx: EngineContext) -> str:
        """What the register can count, for a figure question it did not understand."""
        return capability_text(
            "Frågan ser ut att gälla deltagarregistret, men jag kunde inte tolka den helt",
            self._stats_lexicon(ctx),
        )

    def _statistics_named_in_document(
        self,
        q: str,
        understood: Understanding | None,
        earlier: list[str],
        ctx: EngineContext,
        *,
        reported: bool = False,
    ) -> StatsQuery | None:
        """The statistics call of a question that is fully understood but for the words
        naming a document ("enligt tjänsteutlåtandet", "i förvaltningens svar"), and with
        ``reported`` the words reporting what it says ("Utlåtandet säger att …")."""
        reading = understood.reading if understood is not None else None
        if reading is None or reading.unsupported or reading.other_scope or not reading.leftovers:
            return None
        if not all(
            self._word_names_document(word, ctx) or (reported and frames_question(word))
            for word in reading.leftovers
        ):
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
        if not re.search(
            r"\b(enligt|i|som|vad skriver|vad säger|according to|in|what does)\b", q.lower()
        ):
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
        if known is not None and known.unknown:
            # The sentence is read from the split table (with the unregistered row): show
            # that one as [S1], never a filtered count of 0 for a value nobody has.
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
        covering = strip_target_words(query, searcher.manifest) if targets else None
        support = judge(
            asked,
            query,
            hits,
            weights,
            searcher,
            today,
            type_question=type_question,
            covering=covering,
        )
        if targets and not support.supported:
            # The named document does not cover it; look in all documents before giving up.
            wider = self._candidates(searcher, query, None)
            wider_support = judge(
                asked,
                query,
                wider,
                weights,
                searcher,
                today,
                type_question=type_question,
                covering=covering,
            )
            if wider_support.score > support.score:
                hits, support = wider, wider_support
        joined = cross_documents(scoring_text, searcher.manifest)
        per_document = (
            self._quotes_per_document(
                joined, query, scoring_text, ctx, today, type_question, warnings
            )
            if joined
            else None
        )
        if per_document is not None:
            # "Både lagen och Stockholms svar …", "… enligt lagen, och hur är det i
            # Stockholms förbund?": each document is searched and quoted on its own.
            quotes, support = per_document
            return self._quoted_answer(quotes, support, warnings)
        if not hits or not support.supported:
            return self._no_support(hits, support.score, warnings, _join_hints(support.hint, hint))
        sims = support.similarities
        kind = support.kind
        broad = is_broad_question(scoring_text) and not section_refs(asked) and kind is None
        quotes = (
            broad_statute_quotes(weights, asked, searcher, targets, sims) if broad else []
        ) or _select_quotes(
            weights, asked, hits, support, searcher, instances=_asked_instances(asked, weights)
        )
        if not quotes:
            return self._no_support(hits, support.score, warnings, hint)
        return self._quoted_answer(quotes, support, warnings)

    @staticmethod
    def _quoted_answer(
        quotes: list[tuple[SearchHit, str]], support: Support, warnings: list[str]
    ) -> Answer:
        """The answer quoting ``quotes``, with warnings for shortened or weak evidence."""
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

    def _quotes_per_document(
        self,
        docs: list[str],
        query: str,
        scoring_text: str,
        ctx: EngineContext,
        today: dt.date,
        type_question: str,
        warnings: list[str],
    ) -> tuple[list[tuple[SearchHit, str]], Support] | None:
        """The best sentences of each of ``docs``, each searched and judged in that
        document alone with the words naming the documents taken out; None when no
        document supports an answer (the question is then answered as any other). A
        document that does not is named in ``warnings``."""
        searcher = ctx.searcher
        weights = self._term_weights(ctx)
        plain = strip_target_words(query, searcher.manifest)
        asked = strip_target_words(scoring_text, searcher.manifest)
        if len(weights.query_terms(asked)) < JOINED_MIN_TERMS:
            return None  # "Citerar förvaltningens svar lagen?": nothing left to search for
        quotes: list[tuple[SearchHit, str]] = []
        best: Support | None = None
        silent: list[str] = []
        for doc_id in docs:
            own = self._candidates(searcher, plain, [doc_id])
            support = judge(
                asked, plain, own, weights, searcher, today, type_question=type_question
            )
            if not own or not support.supported:
                # One of them does not answer it ("Vad kostade insatserna enligt både NNS
                # och Stockholms svar?"): said beside the other's quotes.
                silent.append(doc_id)
                continue
            quotes += _select_quotes(
                weights, asked, own, support, searcher, max_sentences=PER_DOCUMENT_QUOTES
            )
            if best is None or support.score > best.score:
                best = support
        if best is None or not quotes:
            return None
        for doc_id in silent:
            meta = searcher.manifest.documents.get(doc_id)
            name = f"{meta.doc_type.capitalize()} från {meta.organisation}" if meta else doc_id
            warnings.append(f"{name} säger inget om det du frågar om; citaten är ur de andra.")
        return quotes, best

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


def _select_quotes(
    weights: TermWeights,
    asked: str,
    hits: list[SearchHit],
    support: Support,
    searcher: Searcher,
    *,
    max_sentences: int = 3,
    instances: frozenset[str] = frozenset(),
) -> list[tuple[SearchHit, str]]:
    """The sentences to quote from ``hits``, chosen by meaning (the support decision's
    similarities), the kind of answer asked, the question's focus and names."""
    sims = support.similarities
    return select(
        weights,
        asked,
        hits,
        max_sentences=max_sentences,
        meaning=relative_meaning(sims) if sims else None,
        holds_answer=_answering(support) if support.kind is not None else None,
        focus=focus_term(weights, asked),
        names=known_names(asked, weights),
        context=lambda hit: _surroundings(hit.chunk, searcher),
        instances=instances,
    )


#: Sentences quoted from each document a question joins ("Både lagen och NNS …").
PER_DOCUMENT_QUOTES = 2
#: Words a joined question must keep once the documents' names are taken out.
JOINED_MIN_TERMS = 2

#: How much of a "Vilken dag …?" question a sentence stating a date must cover to say
#: the date of what is asked: more than half ("revisorernas mandattid" is not the
#: board's, though both are a "mandattid").
DATED_COVERAGE = 0.6
#: Words (stems) this long are content words a date's sentence must say.
DATED_WORD_MIN = 5

#: The register named as the source to check against ("Stämmer det enligt registret?").
REGISTER_NAMED_RE = re.compile(
    r"\b(?:enligt|i|ur|mot|med)\s+(?:deltagar)?registret\b|\bregistrets\s+(?:siffror|uppgifter|data)\b",
    re.IGNORECASE,
)

#: The kinds of answer that state a figure ("352", "hälften", "547 mkr", "en fjärdedel").
FIGURE_KINDS = [k for k in ANSWER_TYPES if k.name in ("antal", "andel", "belopp")]


def _without_other_figures(result: Answer, reading: Reading, asked: str) -> Answer:
    """The answer without quotes that state a figure but not the topic asked about.

    "Vilken försörjning hade deltagarna när de avslutade 2024?" may be answered by a
    passage on försörjning; "348 deltagare avslutade 2024" quoted beside it is a figure
    for another question. (A question about a topic the register does not hold, with a
    period, a count or a ranking; see ``_quotes_miss_subject``.)
    """
    asked_words = set(re.findall(r"[\wåäöé-]+", asked.lower()))
    topic_words = [w for w in reading.topic_words if set(w.lower().split()) <= asked_words]
    if not topic_words or not (reading.quantity or reading.has_period or reading.rank):
        return result
    keep = [
        c
        for c in result.citations
        if not _NUMBER_RE.search(_PERIOD_RE.sub(" ", c.quote.lower()))
        or any(
            _mentions(t, c.quote.lower(), set(re.findall(r"[\wåäöé-]+", c.quote.lower())), asked)
            for t in topic_words
        )
    ]
    if not keep or len(keep) == len(result.citations):
        return result
    citations = [Citation(n, c.chunk, c.quote) for n, c in enumerate(keep, 1)]
    lines = ["Svar ur underlaget (ordagranna citat):", ""]
    lines += [f"- {c.label}: ”{c.quote}” [{c.n}]" for c in citations]
    return Answer(
        text="\n".join(lines),
        citations=citations,
        route=result.route,
        warnings=result.warnings,
        evidence=result.evidence,
    )


def _quotes_miss_subject(
    result: Answer,
    understood: Understanding,
    asked: str,
    names_document: Callable[[str], bool],
    *,
    untranslated: frozenset[str] = frozenset(),
    lexicon: Lexicon | None = None,
    around: Callable[[Chunk], str] = lambda chunk: chunk.section or "",
    dated: Callable[[str], bool] | None = None,
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
    if dated is not None and any(dated(c.quote) for c in result.citations):
        # "Från vilken dag räknas mandattiden?": the day is the form of the answer, not a
        # subject a quote must name, when a quoted sentence states a date and says what
        # the question asks about ("Mandattiden räknas från och med den 1 april …").
        topic_words = [w for w in topic_words if w.lower() not in ANSWER_FORM_WORDS]
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
    people_named = _names_people(reading.question)
    if (_measures_amount(reading) and (not people_named or reading.topics)) or (
        reading.topics
        and not (reading.outcome or (reading.event and reading.event_source is None))
        and not people_named
    ):
        # "Hur stor del av förbundets pengar ska staden stå för?": a share of money, not
        # of people, so the register's values it names ("staden") are not what is counted;
        # nor are the people an amount was spent on ("Hur mycket kostade insatserna
        # riktade till individer?").
        counts_people = False
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
        # "Vilka diagnoser var vanligast …?" is not answered by a caption naming one
        # person's diagnosis: a count or a ranking states a number or a ranking word.
        if covered and topic_words and (reading.quantity or reading.rank):
            kind = asked_type(reading.question)
            kinds = [kind] if kind is not None else FIGURE_KINDS
            covered = any(holds_answer(k, citation.quote) for k in kinds) or bool(
                reading.rank and _RANK_SAID_RE.search(quote)
            )
        # Whole enough to be the same word: "tillbaka" is not said by "till".
        covered = covered and all(
            any(x.startswith(w[:6]) for x in words)
            or (" " in w and w in quote)
            or _says_legal_word(w, words, reading.question)
            for w in figure_words
        )
        covered = covered and all(
            _mentions(said, quote, words, reading.question)
            or label in quote
            or (lexicon is not None and _says_value(lexicon, label, quote))
            for said, label in value_words
        )
        # The place itself, not its preposition: "i sverige" is said "Sverige"; a quote
        # is read under its heading ("Samordningsförbunden" over NNS's table) and for
        # the place its document speaks for (a national network's paper: Sverige).
        places = [p.split()[-1] for p in reading.other_scope if p.split()]
        heading = _words(around(citation.chunk))
        if covered and all(any(w.startswith(p[:5]) for w in words | heading) for p in places):
            return False
    return True


#: Inflections a dimension or value word takes in running text ("stadsdelarna", "kvinnor").
_INFLECTED = r"(?:s|a|e|n|t|en|ens|et|ets|na|nas|ar|er|or|arna|erna|orna|ade|ades|ats|ts)?"
#: A year or a date: a period, not a figure ("Sedan 1 januari 2024 …").
_PERIOD_RE = re.compile(
    r"\b(?:19|20)\d\d(?:[–-](?:19|20)\d\d)?\b|\b\d{1,2} [a-zåäö]+ (?=(?:19|20)\d\d)"
)
#: Words that rank ("Den vanligaste avslutsorsaken var …"): they answer a ranking
#: question without a number.
_RANK_SAID_RE = re.compile(r"\b(?:vanligast\w*|flest|mest|störst\w*|högst\w*|minst|färst|lägst)\b")


#: The register's participants named as such (not "personer" or "människor" in general).
PARTICIPANTS_RE = re.compile(r"\bdeltagar", re.IGNORECASE)
#: People referred to by what they did ("av dem som gick till arbete", "personer som").
PEOPLE_REF_RE = re.compile(
    r"\b(?:de|dem|alla|personer|individer|människor) som\b|\b(?:av|bland) (?:dem|de|dessa)\b"
    r"|\b(?:personer|individer|människor)\b",
    re.IGNORECASE,
)
#: "Hur lång tid …", "Hur länge …", "Hur ofta …": a measure is asked for.
HOW_MUCH_RE = re.compile(r"^\W*hur (?:lång|långa|länge|mycket|stor|stora|ofta|gamla)\b")
#: A question asking when, why or who: a time, a reason or a person, never a figure.
NOT_FIGURE_QUESTION_RE = re.compile(r"^\W*(?:sedan när|när|varför|vem|vems|vilka personer)\b")
#: A question asking what, who, when or why: a split named in it ("Vad heter rapporten om
#: hur stödet påverkar försörjningen?") is not a table asked for.
#: A preposition before a question word ("I vilken insats …", "Från vilket parti …").
_LEADING_PREPOSITION = r"(?:(?:i|på|av|från|hos|inom|för|med|vid|till|under)\s+)?"
WH_QUESTION_RE = re.compile(
    rf"^\W*{_LEADING_PREPOSITION}(vad|vem|vems|när|varför|vilk\w*)\b", re.IGNORECASE
)


#: Words that state a negation or an exception in a quote.
NEGATION_RE = re.compile(
    r"\b(inte|ej|icke|aldrig|utan|utom|förutom|undantag\w*|saknar|ingen|inga|inget|endast|"
    r"enbart|bara)\b",
    re.IGNORECASE,
)


def _asks_what_is_not(question: str) -> bool:
    """ "Vilka förbund är inte medlemmar …?", "Vilka ärenden kan styrelsen inte …?",
    "Vilka förbund står utanför …?": a which-question about what a negation excludes
    (not an "om … inte" condition)."""
    q = question.lower()
    if not re.match(r"^\W*vilk\w+\b", q):
        return False
    negation = re.search(r"\b(inte|ej|icke|utanför)\b", q)
    return negation is not None and not re.search(
        r"\b(om|som|ifall|när|då)\b", q[: negation.start()]
    )


def _asks_register_figure(reading: Reading, follows_statistics: bool) -> bool:
    """Whether the question asks for a figure about the register's participants.

    It must count participants: name them ("deltagare"), an event of theirs
    ("började", "avslutade"), the outcome, or people by what they did ("av dem som
    gick till arbete"); a count of something else ("Hur många medarbetare …", "Hur
    stor del ska regionen betala?") or of a topic the register does not hold is no
    register figure. Then a count, share, ranking or trend, a comparison ("Avslutades
    fler till X än till Y 2024?", "… kvinnorna respektive männen som började 2024?"),
    or a table split by a dimension ("Deltagare 2024 per insats och stadsdel"; after
    a statistics question also "Samma sak per utbildning?") asks for a figure. A
    yes/no question ("Kan förbundet besluta om ersättning till en enskild
    deltagare?") and a question of what, who or when ask for none.
    """
    question = reading.question.lower()
    if reading.unsupported or _counts_something_else(reading):
        return False
    if POLAR_QUESTION_RE.search(question) and not reading.compare:
        return False
    if NOT_FIGURE_QUESTION_RE.search(question):
        return False  # "Sedan när för förbundet statistik över deltagarna?" asks for a time
    if _measures_amount(reading) and not _names_people(question):
        return False  # "Hur mycket ska kommunen bidra med om den deltar …?": an amount
    named_event = reading.event is not None and reading.event_source is None
    implied_event = reading.event_source == "implied" and PEOPLE_REF_RE.search(question)
    counted = bool(
        named_event
        or implied_event
        or reading.outcome
        or PARTICIPANTS_RE.search(question)
        or _counts_people_by_verb(question)
    )
    measure = reading.quantity or reading.share or HOW_MUCH_RE.search(question)
    if (measure or reading.rank or reading.trend) and counted:
        return True
    wh = WH_QUESTION_RE.search(question)
    # "Vilken insats hade fler kvinnor än män?" compares; "Vad visade rapporten om
    # bättre försörjning?" does not.
    if reading.compare and counted and not (wh and not wh.group(1).startswith("vilk")):
        # "Vilken ISF-rapport visade att fler …?" asks for a report, not for a group.
        return wh is None or _which_names_group(reading, wh.end(1))
    if reading.split_dimensions and not wh:
        return bool(PARTICIPANTS_RE.search(question)) or follows_statistics
    return False


def _which_names_group(reading: Reading, after: int) -> bool:
    """Whether "vilken/vilka …" asks for something the register has: a group ("Vilken
    insats …"), a year ("Vilket år …"), participants ("Vilka av deltagarna …"); not a
    thing of the documents ("Vilken ISF-rapport visade att fler …?")."""
    word = re.match(
        r"\s*(?:(?:typ|sorts?|slags?) av\s+|av\s+)?([\wåäöé-]+)", reading.question[after:]
    )
    if word is None:
        return False
    start = after + word.start(1)
    if PARTICIPANTS_RE.match(word.group(1)) or PEOPLE_REF_RE.match(word.group(1)):
        return True
    return any(
        m.start <= start < m.end and m.kind in ("dimension", "value", "time")
        for m in reading.matches
    )


def _names_people(question: str) -> bool:
    """Whether the question names people ("deltagarna", "personer som", "av dem")."""
    return bool(PARTICIPANT_RE.search(question.lower()) or PEOPLE_REF_RE.search(question))


def _measures_amount(reading: Reading) -> bool:
    """ "Hur mycket …": an amount is asked, never a number of people (who are counted
    "hur många"), unless a share is asked too ("hur mycket av deltagarna …")."""
    return not reading.share and any(
        m.kind == "quantity" and m.text.strip().lower() == "hur mycket" for m in reading.matches
    )


#: Verbs right after "hur många" that count people by what they did ("Hur många gick till
#: vård?", "Hur många blev friska?", "Hur många har gjort klart …?").
PEOPLE_VERBS = frozenset({"gick", "blev", "fick", "har", "hade", "kom", "var", "är", "slutade"})


def _counts_people_by_verb(question: str) -> bool:
    """ "Hur många gick till praktik 2024?": no noun, so those counted are people."""
    match = COUNTED_RE.search(question)
    if match is None:
        return False
    return match.group(1).lower() in PEOPLE_VERBS


def _counts_something_else(reading: Reading) -> bool:
    """ "Hur många medarbetare …", "Antal individinriktade insatser …": the word after
    the quantity phrase names what is counted, and it is not people nor a group of the
    register ("Hur många kvinnor …" counts participants)."""
    match = COUNTED_RE.search(reading.question)
    if match is None:
        return False
    word = match.group(1).lower()
    if word in NOT_COUNTED or word in PEOPLE_VERBS or PEOPLE_REF_RE.match(word):
        return False
    if PARTICIPANTS_RE.match(word):
        return False
    start = match.start(1)
    placed = any(
        m.start <= start < m.end and m.kind in ("value", "dimension", "event", "outcome")
        for m in reading.matches
    )
    return not placed and not PAST_TENSE_RE.search(word)


def _states_asked_figure(
    reading: Reading,
    quote: str,
    lexicon: Lexicon,
    framing: Callable[[str], bool] = lambda _: False,
) -> bool:
    """Whether ``quote`` states a figure for what a register-shaped question asks.

    The quote must hold a figure (a number that is not a year or a date, or for a
    ranking a ranking word) and name every part of the question the register reading
    found: each group ("kvinnorna", "anmälda av Försäkringskassan"), each dimension it
    is split by ("per stadsdel"), the period ("2024", "2018–2024"), the event named
    ("avslutade", "började") and the outcome ("arbete eller studier"). A figure that
    leaves one of them out answers another question: 352 who started in 2024 is not
    a figure per stadsdel, nor one for the women. So must each word the register
    could not place ("fast" anställning, "lång" tid), unless it frames the question
    (``framing``: "enligt tjänsteutlåtandet", an English "according to").
    """
    # A quote may join sentences: the figure and what it counts must be one sentence's
    # ("61 gick vidare till arbete" and, beside it, "Många har försörjningsstöd" state
    # no figure for those with försörjningsstöd); its period and event may be said in
    # the sentence before when it refers back to it ("Under 2024 … . Av dessa …").
    # (For a figure about participants; a share of money may be said across sentences.)
    counts_people = _names_people(reading.question) or _counts_people_by_verb(reading.question)
    sentences = _QUOTE_SENTENCE_RE.split(quote) if counts_people else [quote]
    return any(
        _sentence_states_figure(
            reading, s, f"{before} {s}" if REFERS_BACK_RE.match(s) else s, lexicon, framing
        )
        for before, s in zip(["", *sentences], sentences, strict=False)
    )


#: Number words that narrow what is counted ("i mer än fem år"), short as they are.
SMALL_NUMBER_WORDS = frozenset({"två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio"})
#: A sentence that counts within the one before it ("Av dessa …", "Under året …"): its
#: period and event are that sentence's.
REFERS_BACK_RE = re.compile(
    r"^(?:Av (?:dessa|dem)|Bland (?:dessa|dem)|Under (?:året|samma år)|Därav|Dessa|De flesta)\b"
)


#: Where one quoted sentence ends and the next begins (not after an abbreviation:
#: "4 kap. 2 §", "t.ex. 2024", "bl.a. …").
_QUOTE_SENTENCE_RE = re.compile(
    r"(?<![\s.]kap\.)(?<!t\.ex\.)(?<!bl\.a\.)(?<!m\.m\.)(?<!s\.k\.)(?<![\s.]ca\.)(?<![\s.]nr\.)"
    r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])"
)


def _sentence_states_figure(
    reading: Reading,
    sentence: str,
    around: str,
    lexicon: Lexicon,
    framing: Callable[[str], bool],
) -> bool:
    """``_states_asked_figure`` for one sentence; ``around`` adds the sentence before
    it, for the period and the event."""
    text = sentence.lower()
    words = set(re.findall(r"[\wåäöé-]+", text))
    figures = _NUMBER_RE.search(_PERIOD_RE.sub(" ", text))
    if not (figures or (reading.rank and _RANK_SAID_RE.search(text))):
        return False
    question = reading.question.lower()
    for m in reading.matches:
        if m.kind != "value" or not (isinstance(m.payload, tuple) and len(m.payload) == 2):
            continue
        said, label = m.text.strip().lower(), str(m.payload[1]).lower()
        if not (_mentions(said, text, words, question) or label in text):
            return False
    # A split is stated by naming its groups: two of them ("197 kvinnor och 154 män"),
    # or for a ranking the first one ("flest bor i Enskede-Årsta-Vantör (54 deltagare)");
    # the dimension's word alone ("insatserna") states no split.
    # A dimension named without a split word ("saknar känd bostadsort") is stated by its
    # own word ("okänd bostadsort").
    for dim in reading.split_dimensions:
        named = {v for p, d, v in lexicon.value_phrases if d == dim and _says(p, text)}
        if _split_asked(reading, dim):
            if len(named) < (1 if reading.rank else 2):
                return False
        elif not named and not any(_says(p, text) for p, d in lexicon.dim_phrases if d == dim):
            return False
    # A word left over narrows what is counted ("fast" anställning, "vård", "friska",
    # "tolk"): the quote must say it too. A question word ("… och varför?") asks more,
    # it narrows nothing.
    question_words = load_table().question_words
    # A number word left over ("i mer än fem år") narrows too, however short.
    unplaced = [
        w
        for w in reading.leftovers
        if (len(w) >= 4 or w in SMALL_NUMBER_WORDS)
        and not w.isdigit()
        and not framing(w)
        and w not in question_words
    ]
    if not all(any(x.startswith(w[:6]) for x in words) for w in unplaced):
        return False
    if reading.year_offset is not None and not (reading.year or reading.from_year):
        return False  # "året innan" with no year to count from: no quote states it
    period = _asked_period(reading)
    context = around.lower()
    if period is not None and period not in periods(context):
        return False
    table = load_table()
    named_event = reading.event if reading.event_source is None else None
    if named_event and not any(_says(w, context) for w in table.event_words.get(named_event, ())):
        return False
    return not reading.outcome or any(_says(p, text) for p in table.phrases_of("outcome"))


#: Words that ask for a table split by what follows ("per stadsdel", "uppdelat på kön").
SPLIT_WORD_RE = re.compile(
    r"(?:\bper|\befter|\bpå|\bvarje|\brespektive|\bolika)\s+(?:[\w-]+\s+){0,3}$"
)


def _split_asked(reading: Reading, dimension: str) -> bool:
    """Whether ``dimension`` is named after a split word in the question."""
    question = reading.question.lower()
    return any(
        m.kind == "dimension"
        and m.payload == dimension
        and SPLIT_WORD_RE.search(question[: m.start])
        for m in reading.matches
    )


def _asked_period(reading: Reading) -> str | None:
    """The period a question names, as ``grounding.periods`` writes it ("2024",
    "2018–2024"), or None when it names none that a quote must state."""
    if reading.year_offset is not None:
        return None  # "året innan": relative to an earlier question
    if reading.from_year and reading.to_year:
        return f"{reading.from_year}–{reading.to_year}"
    if reading.year:
        return str(reading.year)
    return None


def _says(phrase: str, text: str) -> bool:
    """Whether ``text`` (lower case) says ``phrase`` as whole words, inflected or not."""
    pattern = rf"(?<![\wåäöé-]){re.escape(phrase.lower())}{_INFLECTED}(?![\wåäöé])"
    return re.search(pattern, text) is not None


#: "Vad heter förbundschefen?", "Vem är ordförande …?", "Vad är Rehabiliteringsbanan?":
#: the question asks about the noun after its question word, which every answer names.
SUBJECT_QUESTION_RE = re.compile(
    r"^\W*(?:vad|vem)\s+(heter|hette|är|var)\s+(?:(?:en|ett|den|det|de|själva|egentligen)\s+)*"
    r"([\wåäöéÅÄÖ-]+)(?::s)?(?:\s+([\wåäöéÅÄÖ-]+))?",
    re.IGNORECASE,
)
#: "Vem är det (rent organisatoriskt) som driver …?": a cleft asks who does what the
#: som-clause says; the words between name no subject.
CLEFT_RE = re.compile(
    r"^\W*(?:vem|vad|vilka|vilken|vilket)\s+(?:är|var)\s+det\s+(?:[\wåäöé-]+\s+){0,3}?som\b",
    re.IGNORECASE,
)
#: "Hur hög var arbetslösheten …?", "Hur stor är budgeten …?": the measure of the noun
#: after the verb is asked, so a quote must speak of that noun.
_MEASURE_WORD = r"(?:hög|högt|höga|stor|stort|stora|låg|lågt|låga)"
MEASURE_QUESTION_RE = re.compile(
    rf"^\W*hur\s+(?:{_MEASURE_WORD}|lång|långt|långa)\s+"
    r"(?:var|är|blev|blir|har|hade)\s+(?:den|det|de|själva)?\s*([\wåäöé-]{4,})",
    re.IGNORECASE,
)


#: "Hur stort överskott redovisade …?", "Hur hög ränta …?": the noun right after the
#: measure word is what is measured ("Hur stor andel/del …" asks a share, "Hur lång tid"
#: a time).
MEASURED_NOUN_RE = re.compile(
    rf"^\W*hur\s+{_MEASURE_WORD}\s+"
    r"(?!(?:andel|andelen|del|delen|procent|var|är|blev|blir|har|hade|ska|skulle)\b)"
    r"([\wåäöé-]{4,})",
    re.IGNORECASE,
)
#: "Vad säger lagen om sekretess …?", "Vad skriver NNS om …": the topic after "om".
SAYS_ABOUT_RE = re.compile(
    r"^\W*vad\s+(?:säger|står|anger|skriver|sägs|framgår)\b[^?]*?\bom\s+([\wåäöé-]{4,})",
    re.IGNORECASE,
)


def _unsaid_measure(
    subject: str, question: str, citations: Sequence[Citation], weights: TermWeights
) -> str | None:
    """Why quotes do not answer "Hur hög var X?": none of them names X (by its first
    letters or a legal word it stands for), or None."""
    if subject.lower() in GENERIC_SUBJECTS or subject.lower() in ("andelen", "andel", "delen"):
        return None
    stem = subject.lower()[: max(5, len(subject) - 4)]
    legal = [t for w in legal_words_for(subject, question) for t in weights.analyzer.tokens(w)]
    for citation in citations:
        words = _words(citation.quote)
        if any(w.startswith(stem) for w in words) or set(legal) & set(
            weights.analyzer.tokens(citation.quote)
        ):
            return None
    return f"Underlaget säger inget om {subject.lower()}."


#: "Vilken ränta …?", "Vilket parti …?": one thing of a kind is asked for, by its kind.
#: "När under 2024 …?", "När på året …?": a time within a year the question names.
WITHIN_YEAR_RE = re.compile(
    r"^\W*när\s+(?:under|på|i)\s+(?:(?:året|år)\s+)?(?:(?:19|20)\d\d\b|året\b)", re.IGNORECASE
)
#: A time finer than a year: a month, a week, a quarter, a season or a date.
MONTH_RE = re.compile(
    r"\b(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|"
    r"december|vecka|veckor|kvartal\w*|halvår\w*|våren|sommaren|hösten|vintern)\b|"
    r"\b(?:19|20)\d\d-\d\d(?:-\d\d)?\b",
    re.IGNORECASE,
)
#: A sentence naming a party answers "Vilket parti …?" when it says at least this
#: share (by weight) of the question's other words.
PARTY_SUBJECT_COVERAGE = 0.5
WHICH_QUESTION_RE = re.compile(
    rf"^\W*{_LEADING_PREPOSITION}(?:vilken|vilket)\s+([\wåäöé-]+)", re.IGNORECASE
)
#: Kinds that say what form the answer takes, not what it is about ("Vilket datum …").
ANSWER_FORM_WORDS = frozenset(
    {
        "datum",
        "dag",
        "dagen",
        "månad",
        "vecka",
        "veckodag",
        "tidpunkt",
        "klockslag",
        "årtal",
        "paragraf",
        "nummer",
        "sida",
        "summa",
        "siffra",
        "procentsats",
        "typ",
        "sorts",
        "slags",
        "storlek",
        "nivå",
    }
)
#: Words after "vad är"/"vem är" that are not what is asked about ("Vem är det som …").
NOT_SUBJECT = frozenset({"som", "man", "jag", "du", "vi", "ni", "här", "där", "detta", "dessa"})
#: Abstract words after "vad är" that ask about what follows them ("Vad är meningen med
#: samordningen?", "Vad är skillnaden mellan …?"): not the thing asked about.
GENERIC_SUBJECTS = frozenset(
    {
        "poängen",
        "meningen",
        "tanken",
        "syftet",
        "målet",
        "skillnaden",
        "innebörden",
        "betydelsen",
        "fördelen",
        "fördelarna",
        "nackdelen",
        "nackdelarna",
        "anledningen",
        "orsaken",
        "grejen",
        "vitsen",
        "nyttan",
        "problemet",
        "kravet",
        "kraven",
        "regeln",
        "reglerna",
        "principen",
        "villkoret",
        "villkoren",
        "rollen",
        "uppgiften",
        "ansvaret",
        "viktigaste",
        "bästa",
        "största",
    }
)
#: Generic words that stay generic as the head of a compound ("huvudregeln"; not
#: "rollen", which ends "kontrollen", nor "kravet": "grundkravet för försörjningsstöd"
#: names a requirement the material may not state).
GENERIC_HEADS = ("regeln", "reglerna", "principen")
#: An adjective after "vem är" ("ansvarig", "skyldig", "behörig"): a role said by what
#: the answer does, not a thing the quote must name.
ADJECTIVE_RE = re.compile(r"(?:ig|iga|igt)$", re.IGNORECASE)
#: A superlative before the noun ("yttersta", "viktigaste", "främsta", "största").
SUPERLATIVE_RE = re.compile(r"(?:[^aeiouyåäö]sta|aste)$")
#: Words after a word ending in -s that show it was no genitive ("Vad är ISF som …").
GENITIVE_NOT_HEAD = frozenset({"som", "och", "i", "på", "för", "om", "till", "med", "enligt"})
#: A name in running text: a capitalised word that does not open a sentence.
NAME_IN_TEXT_RE = re.compile(r"(?<=[\wåäö,;)]\s)[A-ZÅÄÖ][\wåäöÅÄÖ-]+")


def _missed_subject(
    question: str,
    citations: Sequence[Citation],
    weights: TermWeights,
    names_document: Callable[[str], bool] = lambda _: False,
) -> str | None:
    """Why the quotes do not answer a question about one named thing, or None.

    "Vad heter X?" asks for the name of X: a quote must name X (by its word, or a legal
    word it stands for in ``retrieval/paraphrases.json``) and a name ("Vad heter
    förbundschefen?" is not answered by when the förbund was formed, nor "Vad heter
    ordföranden?" by "Ordförande i nämnden är även ordförande i styrelsen"). "Vem/Vad
    är X?" about an X that no indexed passage mentions ("Vad är straffet …?", "Vem är
    förbundschef …?") is not answered by a quote that does not name it either; an X
    the material knows may be answered in other words ("Vem är ansvarig …?"), and
    "Vem är X?" by a role.
    """
    which = WHICH_QUESTION_RE.search(question)
    if which is not None:
        kind = which.group(1)
        unknown = _unknown_kind(kind, question, weights)
        if unknown is not None and not _says_compound_parts(kind, citations, weights):
            return unknown
        # "Vilket parti …?": the kind's instances are listed (retrieval/paraphrases.json);
        # a quote naming none of them names no such thing.
        # A quote that states the kind itself ("Målgruppen för projektet är …") says
        # what it is, in its own words.
        instances = {t for w in legal_words_for(kind, question) for t in weights.analyzer.tokens(w)}
        own = set(weights.analyzer.tokens(kind))
        if instances and not any(
            (instances | own) & set(weights.analyzer.tokens(c.quote)) for c in citations
        ):
            return f"Underlaget anger inget {kind.lower()} för det du frågar om."
        typed = asked_type(question)
        if instances and typed is not None and typed.name == "parti":
            # "Vilket parti kom med förslaget om ESF?": the party must be named in a
            # sentence about what is asked, not beside it in a quote about another thing.
            rest = weights.query_terms(typed.question.sub(" ", question))
            party_sentences = [
                s
                for c in citations
                for s in _QUOTE_SENTENCE_RE.split(c.quote)
                if instances & set(weights.analyzer.tokens(s))
            ]
            if rest and not any(
                weights.coverage(rest, s) >= PARTY_SUBJECT_COVERAGE for s in party_sentences
            ):
                return f"Underlaget anger inget {kind.lower()} för det du frågar om."
        return None
    measured = MEASURE_QUESTION_RE.search(question) or MEASURED_NOUN_RE.search(question)
    if measured is not None:
        return _unsaid_measure(measured.group(1), question, citations, weights)
    about = SAYS_ABOUT_RE.search(question)
    if about is not None:
        # "Vad säger lagen om sekretess …?": a topic no indexed passage mentions.
        tokens = weights.analyzer.tokens(about.group(1))
        if tokens and not _known(tokens, weights) and not legal_words_for(about.group(1), question):
            return f"Underlaget säger inget om {about.group(1).lower()}."
    match = SUBJECT_QUESTION_RE.search(question)
    if match is None or CLEFT_RE.search(question):
        return None
    verb, subject, following = match.group(1).lower(), match.group(2), match.group(3)
    if following and SUPERLATIVE_RE.search(subject.lower()):
        subject = following  # "Vad är det yttersta målet …?" asks about the mål
    # A genitive names whose: "Vad heter förbundets ordförande?" asks for the ordförande.
    genitive = ":s" in match.group(0) or (subject.endswith("s") and not subject.isupper())
    if following and genitive and following.lower() not in GENITIVE_NOT_HEAD:
        subject = following
    if "-" in subject:
        # "Vad heter NNS-ordföranden?" asks about an ordförande; "NNS" says whose.
        whose, _, head = subject.rpartition("-")
        if names_document(whose) and len(head) >= 4 and not names_document(head):
            subject = head
    tokens = weights.analyzer.tokens(subject)
    if subject.lower() in NOT_SUBJECT or not tokens or names_document(subject):
        return None  # "Vad är NNS första förslag?": the document's author is no subject
    naming = verb in ("heter", "hette")
    if not naming and (
        subject.lower() in GENERIC_SUBJECTS
        # "huvudregeln": a compound whose head is generic.
        or any(subject.lower().endswith(g) for g in GENERIC_HEADS)
    ):
        return None
    known = _known(tokens, weights)
    asks_who = match.group(0).lower().lstrip(" \t\"'(").startswith("vem")
    if not naming and known and (not asks_who or ADJECTIVE_RE.search(subject)):
        return None  # "Vem är ansvarig för …?" may be answered by who does it
    stem = tokens[0]
    legal = [t for w in legal_words_for(subject, question) for t in weights.analyzer.tokens(w)]
    heads = {h[:5] for h in _compound_heads(subject.lower())}
    whose, hyphen, head = subject.rpartition("-")
    if hyphen and whose and head[:1].islower() and len(head) >= 5:
        heads.add(head[:5])  # "ISF-rapporten" is a rapport ("Hägersten-Älvsjö" a place)
    # The name must be in the sentence that names what is asked about: a quote may join
    # "Ordförande i arbetsmarknadsnämnden är även ordförande i styrelsen." to a sentence
    # naming "Samordningsförbundet Stockholms stad", which is no name of the ordförande.
    parts = [s for c in citations for s in _QUOTE_SENTENCE_RE.split(c.quote)]
    for part in parts:
        said = set(weights.analyzer.tokens(part))
        named = stem in said or any(t.startswith(stem) for t in said) or bool(set(legal) & said)
        named = named or any(t.startswith(h) for t in said for h in heads)
        if named and (not naming or NAME_IN_TEXT_RE.search(part)):
            return None
    if known and not naming:
        # "Vem var ordförande i NNS …?": the material speaks of ordförande elsewhere,
        # but these quotes do not.
        return f"Underlaget säger inget om {subject.lower()} i det du frågar om."
    if naming:
        return f"Underlaget anger inget namn på {subject.lower()}."
    return f"Underlaget säger inget om {subject.lower()}."


#: "När fastställdes …?", "Vilket datum fattade nämnden beslut …?": the verb (or the
#: noun after a support verb) names the event whose time is asked.
TIME_EVENT_RE = re.compile(
    r"^\W*(?:(?:från och med|senast|sedan)\s+)?"
    r"(?:när|vilket år|vilket datum|vilken dag|vilken månad)\s+([\wåäö]+)(.*)",
    re.IGNORECASE,
)
#: Verbs that name no event of their own ("När ska …", "När räknas ett förbund som …").
LIGHT_VERBS = frozenset(
    {"är", "var", "blir", "blev", "har", "hade", "ska", "skall", "kan", "kunde", "får"}
    | {"fick", "måste", "bör", "behöver", "kom", "kommer", "sker", "skedde", "gjordes"}
    | {"görs", "gäller", "gällde", "räknas", "anses", "betraktas", "började", "börjar"}
)
#: A completed event: a past tense, active or passive ("fastställdes", "startade",
#: "hölls", "antogs").
PAST_EVENT_RE = re.compile(r"(?:de|des|te|tes|dde|ddes|gs|lls|ll|og|ok)$")
#: Words after the verb that name nothing ("När bildades det …", "… sin skrivelse"), or
#: name the statute or a change of it, which its own text dates ("När utfärdades lag
#: (2003:1210)?", "När trädde ändringen i kraft …?" by "Denna lag träder i kraft …").
ARTICLES = frozenset({"en", "ett", "den", "det", "de", "sin", "sitt", "sina", "in", "ut"})
ARTICLES |= frozenset({"lag", "lagen", "lagens", "ändring", "ändringen", "ändringarna"})
ARTICLES |= frozenset({"lagändring", "lagändringen", "författningen", "bestämmelsen"})
#: Verbs whose event is the noun after them ("fattade … beslut", "hölls … sammanträde").
SUPPORT_VERBS = frozenset({"fatta", "fattade", "fattades", "fattas", "tog", "togs", "tas"})
SUPPORT_VERBS |= frozenset({"hölls", "hålls", "höll", "håller", "genomfördes", "genomförs"})
EVENT_NOUN_RE = re.compile(r"\b(beslut\w*|sammanträd\w*|möte\w*|val|valet)\b")
#: A meeting, also as the head of a compound ("styrelsemöte", "nämndsammanträdet").
MEETING_NOUN_RE = re.compile(r"\b[\wåäö]*(?:möte|möten|sammanträde|sammanträden)\w*")
#: Verbs (by their first letters) that name one event in other words: "När startade
#: förbundet?" is answered by "bildades 2016", "När lämnade Moderaterna in …?" by
#: "framfört … 2025-02-18", "När antogs förbundsordningen?" by when it "fastställdes".
EVENT_SYNONYMS: tuple[frozenset[str], ...] = (
    frozenset({"start", "bilda", "grund", "inrät", "etabl", "skapa", "börja"}),
    frozenset({"lämna", "skick", "framf", "inkom", "överl", "skrev", "ställ"}),
    frozenset({"antag", "antas", "antog", "fasts", "godkä", "klubb"}),
    frozenset({"träd", "gälla", "börja"}),
)


def _event_forms(event: str) -> set[str]:
    """The first letters an event word is said by: its own stem and those of its
    synonyms (``EVENT_SYNONYMS``: "startade" is also said "bildades")."""
    stem = event[: max(4, min(6, len(event) - 3))]
    return {stem} | {o for group in EVENT_SYNONYMS if event.startswith(tuple(group)) for o in group}


def _unstated_event(
    question: str,
    kind: AnswerType,
    citations: Sequence[Citation],
    weights: TermWeights,
    names_document: Callable[[str], bool] = lambda _: False,
    strip_target: Callable[[str], str] = lambda text: text,
) -> str | None:
    """Why the quotes do not say when the asked event happened, or None.

    A time in a quote answers "När fastställdes förbundsordningen?" only if the
    sentence holding it says that event ("… bildades 2016" gives the time of another
    one). The event is the question's verb, or after a support verb its noun ("fattade
    … beslut"). A verb the material never uses ("När skickade Moderaterna …?") may be
    said in other words ("framfört … 2025-02-18"), so only a verb the indexed text
    knows must be stated. The event is a completed one (a past tense: "Sedan när
    samlar förbundet …?" asks about a state), and the sentence must also name what it
    happened to, the word after the verb ("fastställdes förbundsordningen" is not
    answered by "fastställa … budget senast den 30 november"), unless that word names
    the document ("När utfärdades lagen?"); and it must state a time, not a condition.
    """
    m = TIME_EVENT_RE.search(question)
    if m is None:
        return None
    verb = m.group(1).lower()
    if verb in LIGHT_VERBS:
        # "När är nästa styrelsemöte?": the meeting is the event; a time in a sentence
        # that names no meeting (the budget's "30 november") is another event's.
        meeting = MEETING_NOUN_RE.search(m.group(2).lower())
        if meeting is None:
            return None
        sentences = [s for c in citations for s in _QUOTE_SENTENCE_RE.split(c.quote)]
        if any(holds_answer(kind, s) and MEETING_NOUN_RE.search(s.lower()) for s in sentences):
            return None
        return f"Underlaget anger ingen tidpunkt för ”{meeting.group(0)}” i det du frågar om."
    if not PAST_EVENT_RE.search(verb):
        return None
    if verb in SUPPORT_VERBS:
        noun = EVENT_NOUN_RE.search(m.group(2).lower())
        if noun is None:
            return None
        event = noun.group(1)
    else:
        event = verb
    said = _event_forms(event)
    if not any(t.startswith(x) for t, n in weights.df.items() if n > 0 for x in said):
        return None
    following = [
        w
        for w in re.findall(r"[\wåäöé-]+", strip_target(m.group(2)))
        if w.lower() not in NOT_SUBJECT | ARTICLES and not names_document(w.lower())
    ]
    if len(following) > 1 and following[0].endswith("s") and not following[0].isupper():
        following = following[1:]  # a genitive names whose: "Stockholms förbundsordning"
    first = following[0] if following and verb not in SUPPORT_VERBS else None
    subject = first.lower()[: max(5, len(first) - 4)] if first else None
    sentences = [s for c in citations for s in _QUOTE_SENTENCE_RE.split(c.quote)]
    # A completed event is dated, not conditioned: "… är bildat när förbundsordningen
    # har fastställts" does not say when Stockholm's was.
    holding = [_words(s) for s in sentences if holds_answer(kind, s)]
    if any(
        any(w.startswith(x) for w in words for x in said)
        and (subject is None or any(subject in w for w in words))
        for words in holding
    ):
        return None
    if first is not None:
        return f"Underlaget säger inte när {first} {verb}."
    return f"Underlaget anger ingen tidpunkt för ”{event}” i det du frågar om."


#: "Vad beslutade nämnden …?", "Hur röstade …?": a decision whose content is asked
#: (group 1 the verb, group 2 who decided).
ACTION_QUESTION_RE = re.compile(r"^\W*(?:vad|hur)\s+([\wåäö]+)\s+([\wåäö-]+)", re.IGNORECASE)


def _unstated_action(
    question: str, citations: Sequence[Citation], weights: TermWeights
) -> str | None:
    """Why the quotes do not say what was done, or None: "Vad beslutade socialnämnden
    till slut?" is not answered by a quote on the skrivelse sent to it, which says
    nothing of a decision. Only a verb the indexed text knows must be said (in its own
    words or a synonym's); a verb the material never uses may be said in other words."""
    m = ACTION_QUESTION_RE.search(question)
    if m is None:
        return None
    verb = m.group(1).lower()
    if verb in LIGHT_VERBS or verb in SUPPORT_VERBS or not PAST_EVENT_RE.search(verb):
        return None
    if len(verb) < ACTION_VERB_MIN or not verb.startswith(DECISION_STEMS):
        # "Vad hjälpte Mikaela?" asks what helped her, not what she did: only a decision
        # ("beslutade", "godkände", "röstade") is asked by its verb this way.
        return None
    said = _event_forms(verb)
    # (A decision the material never speaks of, "röstade", is not in the quotes either.)
    words = set().union(*(_words(c.quote) for c in citations)) if citations else set()
    if any(w.startswith(x) for w in words for x in said):
        return None
    subject = m.group(2)
    if subject.lower() in NOT_SUBJECT | ARTICLES:
        return f"Underlaget säger inte vad som {verb}."
    return f"Underlaget säger inte vad {subject} {verb}."


#: Verbs shorter than this are not read as a past tense ("sade", "tog").
ACTION_VERB_MIN = 6
#: Verbs of a decision, whose content "Vad beslutade …?" asks.
DECISION_STEMS = (
    "beslut",
    "beslöt",
    "bestämd",
    "godkän",
    "antog",
    "fastst",
    "röstad",
    "avslog",
    "biföll",
    "klubbad",
)


#: An SFS designation ("2003:1210", "lag (2019:914)"): a statute's number, not a year.
_DESIGNATION_RE = re.compile(r"\b(?:19|20)\d\d:\d+")


def _unsaid_years(question: str, citations: Sequence[Citation]) -> str | None:
    """Why the quotes do not answer a question about a year, or None.

    A question that names years ("… ansvarsfrihet för 2024?", "… under 2025?") is
    answered only by a quote that speaks of one of them: in itself or its heading, or
    when it names no period, in the nearest sentence before it that does ("Under 2024
    … . Totalt har …"). A period is not its years: "rapportserie 2019–2025" says
    nothing of 2025 alone.
    """
    years = list(dict.fromkeys(YEAR_RE.findall(_DESIGNATION_RE.sub(" ", question))))
    if not years:
        return None
    said: set[str] = set()
    for c in citations:
        said |= periods(f"{c.quote} {c.chunk.section or ''}") or _period_before(c)
    if any(year in said for year in years):
        return None
    return f"Underlaget säger inget om {' och '.join(years)} i det du frågar om."


def _period_before(citation: Citation) -> set[str]:
    """The periods of the nearest sentence before the quote, in its passage, that names
    one ("Under 2024 har förbundet … . Totalt har ca 1 000 medarbetare …")."""
    text = citation.chunk.text
    at = text.find(citation.quote[:40])
    for earlier in reversed(_QUOTE_SENTENCE_RE.split(text[:at].strip()) if at > 0 else []):
        found = periods(earlier)
        if found:
            return found
    return set()


def _asked_instances(question: str, weights: TermWeights) -> frozenset[str]:
    """Tokens of the names a "Vilket X …?" question asks among: the capitalised legal
    words its kind stands for (retrieval/paraphrases.json: "parti" -> the parties), or
    all of them for a kind the material never names ("diarienummer" -> "dnr")."""
    which = WHICH_QUESTION_RE.search(question)
    if which is None:
        return frozenset()
    kind = which.group(1)
    legal = legal_words_for(kind, question)
    # A kind the material never names is said only by what it stands for ("diarienummer"
    # by "dnr"); a known kind's legal words are other words for it, not its instances.
    unnamed = not _known(weights.analyzer.tokens(kind), weights)
    names = [w for w in legal if w[:1].isupper() or unnamed]
    return frozenset(t for w in names for t in weights.analyzer.tokens(w))


#: "Who is/was …?": an English question about who holds a role.
ENGLISH_WHO_RE = re.compile(r"^\W*who\s+(?:is|was|are|were)\b", re.IGNORECASE)
#: A Swedish verb form ("skickar", "beslutade"): the material may say it in other words.
VERB_ENDING_RE = re.compile(r"(?:ar|er|ade|de|te|dde)$")


def _absent_terms(swedish: str, weights: TermWeights) -> list[str]:
    """The words of an English question's Swedish terms that no indexed passage uses
    (no token of theirs is in the index, nor stands the word for a legal word the
    passages use: "pengar" is said "medel"), numbers, short words and verbs aside."""
    out = []
    for word in dict.fromkeys(re.findall(r"[A-Za-zÅÄÖåäöé-]{4,}", swedish)):
        tokens = weights.analyzer.tokens(word)
        if (
            tokens
            and all(weights.df.get(t, 0) == 0 for t in tokens)
            and not legal_words_for(word, swedish)
            and not VERB_ENDING_RE.search(word)
        ):
            out.append(word)
    return out


def _surroundings(chunk: Chunk, searcher: Searcher) -> str:
    """A passage's heading and its document's organisation and area: what it is about
    beyond its own words."""
    doc = searcher.manifest.documents.get(chunk.doc_id)
    about = f"{doc.organisation} {doc.area}" if doc is not None else ""
    return f"{chunk.section or ''} {about}"


def _names_passage(question: str) -> bool:
    """ "Vad säger 7 §?", "… enligt lagens första paragraf": the passage to quote is named,
    so its words need not be the question's."""
    return bool(section_refs(question) or re.search(r"\bparagraf", question, re.IGNORECASE))


def _unknown_kind(kind: str, question: str, weights: TermWeights) -> str | None:
    """ "Vilken ränta betalar förbundet?": a kind of thing that no indexed passage
    mentions (and that stands for no legal word in ``retrieval/paraphrases.json``) is
    not in the material, whatever the quotes share with the rest of the question. A
    known kind may be answered by its instances ("Vilken myndighet …" by a name)."""
    if kind.lower().split("-")[-1] in ANSWER_FORM_WORDS or kind.isupper():
        return None  # "Vilket datum …", "Vilket SFS-nummer …"
    tokens = weights.analyzer.tokens(kind)
    if not tokens or _known(tokens, weights) or legal_words_for(kind, question):
        return None
    return f"Underlaget nämner inte {kind.lower()}."


#: The shortest part of a compound read on its own ("serie" of "studieserie").
COMPOUND_PART_MIN = 4


def _says_compound_parts(kind: str, citations: Sequence[Citation], weights: TermWeights) -> bool:
    """Whether one quoted sentence says both parts of a compound kind the material never
    uses whole: "Vilken studieserie …?" is answered by "En rad studier, exempelvis ISFs
    rapportserie …" (a series, of studies), but "Vilken kommunchef …?" not by a signature
    naming an "avdelningschef" with no kommun in the sentence."""
    word = kind.lower()
    sentences = [
        set(weights.analyzer.tokens(s))
        for c in citations
        for s in _QUOTE_SENTENCE_RE.split(c.quote)
    ]
    for i in range(COMPOUND_PART_MIN, len(word) - COMPOUND_PART_MIN + 1):
        modifier, head = word[:i], word[i:]
        if modifier.endswith("s") and len(modifier) > COMPOUND_PART_MIN:
            modifier = modifier[:-1]  # the linking s of "nyhets|kanal"
        mod_stems = weights.analyzer.tokens(modifier)
        head_stems = weights.analyzer.tokens(head)
        if not mod_stems or not head_stems:
            continue
        mod_stem, head_stem = mod_stems[0], head_stems[-1]
        if weights.df.get(mod_stem, 0) <= 0 or len(head_stem) < COMPOUND_PART_MIN:
            continue  # a split inside a word ("årsr|esultat"), not between two words
        for said in sentences:
            if mod_stem in said and any(t.endswith(head_stem) and t != head_stem for t in said):
                return True
    return False


def _known(tokens: Sequence[str], weights: TermWeights) -> bool:
    """Whether an indexed passage holds a word starting like one of ``tokens`` (by its
    first letters: the stemmer cuts "myndighets" and "myndigheter" apart)."""
    stems = [t[: max(5, len(t) - 2)] for t in tokens]
    known = [t for t in weights.df if weights.df[t] > 0]
    if any(t.startswith(stem) for stem in stems for t in known):
        return True
    # The head of a compound: "nämnd" is known from "socialnämnden".
    heads = [t for t in tokens if len(t) >= 4]
    return any(head in t[len(t) // 3 :] and not t.startswith(head) for head in heads for t in known)


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
        # "medicinsk eller psykologisk utredning/vård" is said "medicinsk och eller
        # psykologisk utredning, vård …": every word of the phrase, in any order.
        parts = [w for w in re.findall(r"[\wåäöé]+", asked) if len(w) >= 4 and w != "eller"]
        if len(parts) >= 2 and all(any(x.startswith(w[:5]) for x in words) for w in parts):
            return True
    elif any(w.startswith(asked[:4]) for w in words):
        return True
    elif any(any(w.startswith(head[:5]) for w in words) for head in _compound_heads(asked)):
        return True  # "förbundsstyrelsen" is said "styrelsen"
    elif re.search(r"[^aeiouyåäö]e[lnr]$", asked) and len(asked) > 4:
        # The e of -el/-en/-er drops when inflected: "medel" is said "medlen".
        contracted = asked[:-2] + asked[-1]
        if any(w.startswith(contracted) for w in words):
            return True
    if _says_legal_word(asked, words, question):
        return True
    # "bidrag eller förmåner": the question allows either word, so a quote naming the
    # other one speaks of what is asked.
    return any(
        any(w.startswith(other[:5]) for w in words) for other in _alternatives(asked, question)
    )


def _compound_heads(word: str) -> list[str]:
    """The heads of a compound joined by a linking s ("förbundsstyrelsen" -> "styrelsen"):
    the thing itself, which a quote may name without the part that narrows it."""
    return [
        word[i:]
        for i in range(5, len(word) - 5)
        if word[i - 1] == "s" and word[i - 2] not in "aeiouyåäös"
    ]


def _says_value(lexicon: Lexicon, label: str, quote: str) -> bool:
    """Whether the quote names the value by any of its words ("fem år eller mer" for
    "5 år eller mer", asked as "fem år eller längre")."""
    return any(v == label and _says(p, quote) for p, _, v in lexicon.value_phrases)


def _alternatives(word: str, question: str) -> list[str]:
    """The words ``word`` is joined to by "eller" or a slash in the question."""
    q = question.lower()
    w = re.escape(word.lower())
    found = re.findall(rf"(?<![\wåäö-]){w}\s*(?:eller|/)\s*([\wåäöé-]{{4,}})", q)
    found += re.findall(rf"([\wåäöé-]{{4,}})\s*(?:eller|/)\s*{w}(?![\wåäö-])", q)
    return found


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
