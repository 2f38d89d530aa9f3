"""The registry: strict arguments, schemas from the declarations, roles read from fields."""

from __future__ import annotations

import json

import pytest

from askwhy.errors import ToolArgumentError
from askwhy.session import Session
from askwhy.tools.catalog import default_registry
from askwhy.tools.registry import Role


@pytest.fixture
def smoking(examples_dir) -> Session:
    session = Session(persist=False)
    session.load(examples_dir / "smoking.csv")
    return session


def test_misspelled_argument_is_an_error_not_a_different_analysis(smoking):
    # Defect: `conditioning=` was dropped silently and an unconditional test ran ("no").
    with pytest.raises(ToolArgumentError) as info:
        smoking.call(
            "test_independence", x="yellow_fingers", y="lung_cancer", conditioning=["smoking"]
        )
    message = str(info.value)
    assert "conditioning" in message and "given" in message
    # The correct spelling runs the conditional test, which does not reject independence.
    result = smoking.call(
        "test_independence", x="yellow_fingers", y="lung_cancer", given=["smoking"]
    )
    assert result.answer == "yes" and result.given == ["smoking"]


def test_near_miss_argument_gets_a_suggestion(smoking):
    with pytest.raises(ToolArgumentError, match="did you mean 'alpha'"):
        smoking.call("test_independence", x="smoking", y="tar", alpah=0.2)


def test_failed_call_is_in_the_trace_with_its_error(smoking):
    with pytest.raises(ToolArgumentError):
        smoking.call("direct_cause", x="smoking", y="tar", confounders=["age"])
    answer = smoking.ask("Does smoking directly cause tar?")
    assert [s.tool for s in answer.trace] == ["direct_cause"]  # a new question, a new trace


def test_every_schema_is_strict_and_lists_only_real_fields():
    for tool in default_registry():
        schema = tool.json_schema()
        assert schema["additionalProperties"] is False, tool.name
        assert set(schema["properties"]) == set(tool.args_model.model_fields), tool.name
        assert tool.description and "  " not in tool.description


def test_roles_come_from_the_declarations():
    registry = default_registry()
    independence = registry.get("test_independence")
    assert independence.fields_with(Role.column) == ("x", "y")
    assert independence.fields_with(Role.columns) == ("given",)
    assert independence.setting_fields == ("test", "alpha")
    effect = registry.get("estimate_effect")
    assert "method" in effect.setting_fields and "covariates" in effect.fields_with(Role.columns)
    assert registry.get("export_graph").writes_files
    assert [t.name for t in registry if t.context] == ["describe_data", "list_graphs"]


def test_hiding_settings_from_a_schema():
    tool = default_registry().get("direct_cause")
    schema = tool.json_schema(without=tool.setting_fields)
    assert set(schema["properties"]) == {"dataset", "graph", "x", "y"}
    assert json.loads(json.dumps(schema))["additionalProperties"] is False


def test_cli_tools_json_is_strict(capsys):
    from askwhy.cli.main import main

    assert main(["tools", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {t["function"]["name"] for t in listed} >= {"test_independence", "estimate_effect"}
    assert all(t["function"]["parameters"]["additionalProperties"] is False for t in listed)


def test_schemas_inline_their_definitions():
    # some OpenAI-compatible servers reject $ref / $defs
    for tool in default_registry():
        text = json.dumps(tool.json_schema())
        assert "$ref" not in text and "$defs" not in text, tool.name
