"""The LangChain tools: typed arguments, results with artifacts, helpful errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from langchain_core.messages import ToolMessage
from langchain_core.tools import BaseTool

from assistant.register import Register
from assistant.stats.tools import make_stats_tools


@pytest.fixture
def tools(demo: Register) -> dict[str, BaseTool]:
    return {tool.name: tool for tool in make_stats_tools(demo)}


def call(tool: BaseTool, args: dict[str, Any]) -> ToolMessage:
    message = tool.invoke({"type": "tool_call", "id": "1", "name": tool.name, "args": args})
    assert isinstance(message, ToolMessage)
    return message


def test_tools_have_names_schemas_and_descriptions(tools: dict[str, BaseTool]) -> None:
    assert set(tools) == {
        "count_participants",
        "outcome_rate",
        "participants_per_year",
        "list_dimensions",
    }
    schema = tools["count_participants"].tool_call_schema.model_json_schema()
    assert set(schema["properties"]) == {"event", "year", "from_year", "to_year", "by", "filters"}
    assert schema["properties"]["year"]["anyOf"][0]["type"] == "integer"
    assert "färre än 5" in tools["count_participants"].description


def test_count_tool_returns_table_and_artifact(tools: dict[str, BaseTool]) -> None:
    message = call(
        tools["count_participants"],
        {"event": "started", "year": 2024, "by": ["anmälande part"]},
    )
    assert "| Stockholms stad | 130 | 37 % |" in message.content
    assert "Syntetiska demodata" in message.content
    assert message.artifact["n"] == 352
    assert message.artifact["provenance"]["synthetic"] is True


def test_outcome_and_trend_tools(tools: dict[str, BaseTool]) -> None:
    outcome = call(tools["outcome_rate"], {"year": 2024})
    assert outcome.artifact["margins"][0]["numerator"] == 61
    trend = call(
        tools["participants_per_year"],
        {"event": "started", "from_year": 2018, "to_year": 2024,
         "filters": {"insats": "FINSAM-team"}},
    )  # fmt: skip
    assert trend.artifact["n"] == 750


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        ({"by": ["hårfärg"]}, "Tillåtna dimensioner"),
        ({"filters": {"insats": "Jobbklubb"}}, "Tillåtna värden: ”FINSAM-team”"),
        ({"event": "flyttade"}, "Tillåtna värden: ”started”"),
        ({"year": "tjugotjugofyra"}, "År anges som heltal"),
        ({"by": "kön", "filters": ["kön"]}, "filters som {dimension: värde}"),
    ],
)
def test_invalid_arguments_return_a_message_not_an_exception(
    tools: dict[str, BaseTool], args: dict[str, Any], fragment: str
) -> None:
    message = call(tools["count_participants"], args)
    assert fragment in message.content
    assert message.artifact is None


def test_list_dimensions_gives_values_and_vocabulary(tools: dict[str, BaseTool]) -> None:
    message = call(tools["list_dimensions"], {})
    assert "Enskede-Årsta-Vantör" in message.content
    assert message.artifact["vocabulary"]["kön"]["value_synonyms"]["kvinnor"] == "Kvinna"


def test_tools_load_the_configured_register_when_called(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from assistant.settings import get_settings

    monkeypatch.setenv("FINSAM_PARTICIPANTS", str(tmp_path / "saknas.xlsx"))
    get_settings.cache_clear()
    tool = {t.name: t for t in make_stats_tools()}["count_participants"]  # nothing read yet
    message = call(tool, {"event": "ended", "year": 2024})
    assert message.content.startswith("Kunde inte beräkna: saknas.xlsx: filen finns inte")
    monkeypatch.delenv("FINSAM_PARTICIPANTS")
    get_settings.cache_clear()
    assert call(tool, {"event": "ended", "year": 2024}).artifact["n"] == 348
