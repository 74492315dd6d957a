"""The engine cache tells settings apart by everything, the API key included (issue 13)."""

from __future__ import annotations

from pydantic import SecretStr

from assistant.answer import engine as engine_module
from assistant.answer.engine import get_engine, reset_engines
from assistant.settings import Settings


def test_settings_differing_only_in_api_key_get_their_own_engine(tmp_path: object) -> None:
    reset_engines()
    first = Settings(llm="openai:gpt-x", llm_api_key=SecretStr("nyckel-ett-hemlig"))
    second = Settings(llm="openai:gpt-x", llm_api_key=SecretStr("nyckel-tva-hemlig"))
    try:
        one, two = get_engine(first), get_engine(second)
        assert one is not two
        assert one.settings.llm_api_key == first.llm_api_key
        assert two.settings.llm_api_key == second.llm_api_key
        assert get_engine(first) is one
        # The key itself is never kept in the cache key.
        assert not any("nyckel" in key for key in engine_module._engines)
    finally:
        reset_engines()
