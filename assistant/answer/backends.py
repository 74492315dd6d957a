"""The answer-backend contract and the registry that maps settings to a backend."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol, runtime_checkable

from assistant.answer.context import EngineContext
from assistant.answer.history import Turn
from assistant.answer.models import Answer


@runtime_checkable
class AnswerBackend(Protocol):
    """Turns a question (and history) into an :class:`Answer`.

    ``stream`` yields text deltas (``str``) as they are produced and finally the
    complete :class:`Answer`. A backend that cannot stream yields only the Answer.
    Backends raise :class:`~assistant.errors.LLMUnavailableError` when their model
    cannot be used; the engine then falls back to the offline backend.
    """

    name: str

    def answer(self, question: str, history: Sequence[Turn], ctx: EngineContext) -> Answer: ...

    def stream(
        self, question: str, history: Sequence[Turn], ctx: EngineContext
    ) -> Iterator[str | Answer]: ...
