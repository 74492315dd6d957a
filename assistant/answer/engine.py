"""The one core function: ``answer(question, history)``.

The CLI, the web app and the drafting tool all call this. Without ``FINSAM_LLM``
the offline backend answers; with it, the LLM backend does, and any failure of
the model (down, timeout, bad response) falls back to the offline backend with
a warning, never a stack trace.

Example:
    >>> from assistant.answer.engine import answer
    >>> result = answer("Vad säger 2 § om vilka insatserna ska avse?")  # doctest: +SKIP
    >>> result.citations[0].label  # doctest: +SKIP
    '2 § lag (2003:1210)'
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from pydantic import SecretStr

from assistant.answer.backends import AnswerBackend
from assistant.answer.context import EngineContext
from assistant.answer.history import normalize_history
from assistant.answer.models import Answer
from assistant.answer.offline import OfflineBackend
from assistant.errors import FinsamError, LLMUnavailableError
from assistant.settings import Settings, get_settings
from assistant.stats.disclosure import ConversationLedgers, Ledger, active_ledger, session


class AnswerEngine:
    """Holds the loaded resources and backends for one set of settings."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.ctx = EngineContext(settings)
        self.offline = OfflineBackend()
        self._llm: AnswerBackend | None = None
        self._ledgers = ConversationLedgers()

    @property
    def llm(self) -> AnswerBackend | None:
        if self.settings.llm and self._llm is None:
            from assistant.answer.llm import LLMBackend

            self._llm = LLMBackend(self.settings)
        return self._llm

    @property
    def backend_name(self) -> str:
        return f"llm:{self.settings.llm}" if self.settings.llm else "offline"

    def answer(self, question: str, history: Sequence[Any] | None = None) -> Answer:
        refused = refuse_identity_numbers(question)
        if refused is not None:
            return refused
        turns = normalize_history(history)
        ledger = self._ledger(turns)
        with session(ledger):
            result = self._answer(question, turns)
        self._remember(turns, question, ledger)
        return result

    def _answer(self, question: str, turns: Sequence[Any]) -> Answer:
        llm = self.llm
        if llm is not None and question.strip():
            try:
                return llm.answer(question, turns, self.ctx)
            except LLMUnavailableError as err:
                result = self._offline(question, turns)
                result.warnings.insert(0, _fallback_warning(err))
                return result
        return self._offline(question, turns)

    def stream(self, question: str, history: Sequence[Any] | None = None) -> Iterator[str | Answer]:
        refused = refuse_identity_numbers(question)
        if refused is not None:
            yield refused.text
            yield refused
            return
        turns = normalize_history(history)
        ledger = self._ledger(turns)
        llm = self.llm
        if llm is not None and question.strip():
            steps = llm.stream(question, turns, self.ctx)
            emitted = False
            try:
                while True:
                    # Each step of the model's run inside the conversation's session,
                    # set and reset within the step (never across this generator's
                    # yield): its statistics tools audit with the earlier tables.
                    with session(ledger):
                        part = next(steps, None)
                    if part is None:
                        break
                    emitted = emitted or isinstance(part, str)
                    yield part
            except LLMUnavailableError as err:
                with session(ledger):
                    result = self._offline(question, turns)
                self._remember(turns, question, ledger)
                result.warnings.insert(0, _fallback_warning(err))
                if emitted:
                    yield "\n\n"
                yield result.text
                yield result
                return
            self._remember(turns, question, ledger)
            return
        # The offline backend computes the whole answer before its first yield; the
        # session is closed before anything is yielded.
        with session(ledger):
            parts = list(self.offline.stream(question, turns, self.ctx))
        self._remember(turns, question, ledger)
        yield from parts

    def _remember(self, turns: Sequence[Any], question: str, ledger: Ledger | None) -> None:
        """Keep this conversation's ledger, so the next turn need not replay this one."""
        if ledger is None or ledger is active_ledger():
            return  # no session, or a draft's: nothing of a conversation to keep
        earlier = [t.text for t in turns if t.role == "user"]
        self._ledgers.remember([*earlier, question], ledger)

    def _ledger(self, turns: Sequence[Any]) -> Ledger | None:
        """The tables this conversation has shown: every new table is audited with them.

        Inside a draft (an active session) that session's ledger; otherwise the
        earlier user turns are answered again, offline, to recover their tables.
        """
        active = active_ledger()
        if active is not None or not self.settings.disclosure_session:
            return active
        positions = [i for i, t in enumerate(turns) if t.role == "user"]

        def replay(k: int) -> None:
            at = positions[k]
            with contextlib.suppress(FinsamError):
                self.offline.answer(turns[at].text, turns[:at], self.ctx)

        return self._ledgers.ledger([turns[i].text for i in positions], replay)

    def _offline(self, question: str, turns: Sequence[Any]) -> Answer:
        try:
            return self.offline.answer(question, turns, self.ctx)
        except FinsamError as err:
            return Answer(
                text=f"Frågan kunde inte besvaras: {err.message}",
                route="empty",
                supported=False,
                warnings=[err.message],
            )


IDENTITY_NUMBER_TEXT = (
    "Frågan innehåller ett personnummer eller samordningsnummer. Assistenten behandlar "
    "aldrig uppgifter om enskilda personer och skickar inte sådana nummer vidare. Ta bort "
    "numret och fråga om sammanställd statistik i stället."
)


def refuse_identity_numbers(question: str) -> Answer | None:
    """A refusal for a question holding a personnummer, before it reaches any backend."""
    from assistant.register.personnummer import contains_identity_number

    if not contains_identity_number(question):
        return None
    return Answer(text=IDENTITY_NUMBER_TEXT, route="out_of_scope", supported=False)


def _fallback_warning(err: LLMUnavailableError) -> str:
    return (
        f"Språkmodellen kunde inte användas ({err.message}). Svaret kommer från "
        "reservläget utan språkmodell."
    )


_engines: dict[str, AnswerEngine] = {}
_lock = threading.Lock()


def get_engine(settings: Settings | None = None) -> AnswerEngine:
    """The shared engine for these settings (resources load once per process)."""
    s = settings or get_settings()
    key = _cache_key(s)
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = AnswerEngine(s)
            _engines[key] = engine
        return engine


def _cache_key(settings: Settings) -> str:
    """Everything in ``settings``; the API key (masked in the dump) as a hash of it."""
    import hashlib

    key: object = settings.llm_api_key
    # model_copy(update=...) can leave a plain str where a SecretStr is declared.
    secret = key.get_secret_value() if isinstance(key, SecretStr) else str(key or "")
    digest = hashlib.sha256(secret.encode("utf-8")).hexdigest() if secret else ""
    return f"{settings.model_dump_json(exclude={'llm_api_key'})}|key-sha256:{digest}"


def reset_engines() -> None:
    """Forget loaded engines (after re-indexing, or in tests)."""
    with _lock:
        _engines.clear()


def answer(
    question: str, history: Sequence[Any] | None = None, *, settings: Settings | None = None
) -> Answer:
    """Answer a question in Swedish with citations and statistics.

    Args:
        question: The question, in Swedish (English works; the answer is Swedish).
        history: Earlier turns (Gradio message dicts, {"role","content"} dicts or
            (role, text) pairs), oldest first; follow-ups resolve against them.
        settings: Settings to use (default: the process settings).
    """
    return get_engine(settings).answer(question, history)


def stream_answer(
    question: str, history: Sequence[Any] | None = None, *, settings: Settings | None = None
) -> Iterator[str | Answer]:
    """Like :func:`answer`, yielding text deltas as produced and the Answer last."""
    return get_engine(settings).stream(question, history)
