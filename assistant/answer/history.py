"""Conversation history in one shape, whatever the caller sends.

Accepts Gradio 6 message dicts (``{"role": ..., "content": [blocks]}``), plain
``{"role", "content": str}`` dicts, LangChain-style tuples ``(role, text)`` or
``[user, assistant]`` pairs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True)
class Turn:
    role: Literal["user", "assistant"]
    text: str


def _content_text(content: Any) -> str:
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, Mapping):
        if content.get("type") in (None, "text"):
            return str(content.get("text") or content.get("content") or "")
        return ""
    if isinstance(content, Sequence):
        return "\n".join(t for t in (_content_text(c) for c in content) if t)
    return str(content)


def normalize_history(history: Sequence[Any] | None) -> list[Turn]:
    """Turns in order, oldest first; unknown items are skipped.

    Personnummer in earlier turns are masked: history is sent on to a language model.
    """
    from assistant.register.personnummer import mask_identity_numbers

    return [Turn(t.role, mask_identity_numbers(t.text)) for t in _turns(history)]


def _turns(history: Sequence[Any] | None) -> list[Turn]:
    turns: list[Turn] = []
    for item in history or []:
        if isinstance(item, Turn):
            turns.append(item)
        elif isinstance(item, Mapping):
            role = str(item.get("role", ""))
            text = _content_text(item.get("content")).strip()
            if role in ("user", "human") and text:
                turns.append(Turn("user", text))
            elif role in ("assistant", "ai") and text:
                turns.append(Turn("assistant", text))
        elif isinstance(item, Sequence) and not isinstance(item, str) and len(item) == 2:
            a, b = item
            if a in ("user", "human", "assistant", "ai") and isinstance(b, str):
                turns.append(Turn("user" if a in ("user", "human") else "assistant", b))
            else:
                if a:
                    turns.append(Turn("user", _content_text(a)))
                if b:
                    turns.append(Turn("assistant", _content_text(b)))
    return turns


def previous_user_questions(turns: Sequence[Turn]) -> list[str]:
    """User questions, most recent first."""
    return [t.text for t in reversed(turns) if t.role == "user"]
