"""Identity numbers in questions, history, the audit log and model output (issue 13)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from langchain_core.language_models import GenericFakeChatModel
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.outputs import ChatGenerationChunk
from langchain_core.runnables import Runnable

from assistant.answer.context import EngineContext
from assistant.answer.engine import IDENTITY_NUMBER_TEXT, refuse_identity_numbers
from assistant.answer.history import normalize_history
from assistant.answer.llm import LLMBackend
from assistant.answer.models import Answer
from assistant.settings import Settings
from assistant.web.audit import audit_record

SPELLINGS = ["811218 9876", "19811218 9876", "811218–9876", "811218.9876", "８１１２１８－９８７６"]


@pytest.mark.parametrize("number", SPELLINGS)
def test_question_with_any_spelling_is_refused(number: str) -> None:
    refused = refuse_identity_numbers(f"Hur många insatser har {number} haft?")
    assert refused is not None and refused.text == IDENTITY_NUMBER_TEXT


@pytest.mark.parametrize("number", [*SPELLINGS, "811218 9875"])
def test_audit_log_and_history_mask_every_spelling(number: str) -> None:
    question = f"Vad gäller för {number}?"
    record = audit_record("anna", question, Answer(text="x"))
    assert record["question"] == "Vad gäller för [personnummer borttaget]?"
    (turn,) = normalize_history([{"role": "user", "content": question}])
    assert "9876" not in turn.text and "9875" not in turn.text


class _TextModel(GenericFakeChatModel):
    """Answers every call with one fixed text, split into word tokens when streamed."""

    reply: str = ""
    messages: Any = None

    def model_post_init(self, context: Any) -> None:
        self.messages = iter([])

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> Runnable[Any, Any]:
        return self

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> Any:
        from langchain_core.outputs import ChatGeneration, ChatResult

        return ChatResult(generations=[ChatGeneration(message=AIMessage(self.reply))])

    def _stream(
        self, messages: list[BaseMessage], *args: Any, **kwargs: Any
    ) -> Iterator[ChatGenerationChunk]:
        # One character at a time: a number is split across many deltas.
        for char in self.reply:
            yield ChatGenerationChunk(message=AIMessageChunk(content=char))


REPLY = "Personen 19811218–9876 och 811218 9875 finns inte i dokumenten."


def test_model_output_is_masked_in_answer_and_stream(corpus_settings: Settings) -> None:
    ctx = EngineContext(settings=corpus_settings)
    backend = LLMBackend(corpus_settings, model=_TextModel(reply=REPLY))
    answer = backend.answer("Vad står det om deltagare?", [], ctx)
    assert "9876" not in answer.text and "9875" not in answer.text
    assert answer.text.startswith("Personen [personnummer borttaget] och [personnummer borttaget]")

    items = list(backend.stream("Vad står det om deltagare?", [], ctx))
    streamed = "".join(i for i in items if isinstance(i, str))
    assert "9876" not in streamed and "9875" not in streamed
    assert "[personnummer borttaget]" in streamed
    assert isinstance(items[-1], Answer) and "9876" not in items[-1].text
