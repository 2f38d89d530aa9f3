"""OpenAI tool definitions from the registry, and running a model's tool call."""

from __future__ import annotations

import json

from askwhy.adapters.openai_schema import openai_tools, responses_tools, run_tool_call
from askwhy.testing import example_session
from askwhy.tools.catalog import default_registry


def _strict_everywhere(parameters: dict) -> bool:
    return parameters["type"] == "object" and parameters["additionalProperties"] is False


def test_schemas_are_the_registrys_strict_ones_without_file_writing_by_default():
    tools = openai_tools()
    names = [t["function"]["name"] for t in tools]
    registry = default_registry()
    assert names == [t.name for t in registry if not t.writes_files]
    assert "export_graph" not in names
    assert all(_strict_everywhere(t["function"]["parameters"]) for t in tools)
    effect = next(t for t in tools if t["function"]["name"] == "estimate_effect")
    params = effect["function"]["parameters"]
    assert {"treatment", "outcome"} <= set(params["required"])
    assert "prefixItems" not in json.dumps(params) and "title" not in params
    assert effect == registry.get("estimate_effect").openai_schema()
    assert openai_tools(names=["export_graph"])[0]["function"]["name"] == "export_graph"
    flat = responses_tools()[0]
    assert flat.keys() >= {"type", "name", "parameters"}
    assert flat["parameters"]["additionalProperties"] is False


def test_cli_tools_json_lists_strict_schemas(capsys):
    from askwhy.cli.main import main

    assert main(["tools", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert {t["function"]["name"] for t in listed} == set(default_registry().names())
    assert all(_strict_everywhere(t["function"]["parameters"]) for t in listed)


def test_run_tool_call_returns_the_payload():
    session = example_session("smoking")
    ok = run_tool_call(session, "test_independence", '{"x": "smoking", "y": "lung_cancer"}')
    assert not ok.is_error and ok.error is None
    content = json.loads(ok.content)
    assert content == ok.result.payload()  # small enough to go back whole
    assert content["answer"] == "no" and content["kind"] == "yes_no"
    assert ok.result.evidence[0].p_value < 0.05
    nulls = run_tool_call(session, "direct_cause", {"x": "tar", "y": "lung_cancer", "graph": None})
    assert not nulls.is_error  # a JSON null means "the default"


def test_errors_a_model_can_fix_list_the_valid_names():
    session = example_session("smoking")
    columns = session.dataset().columns

    bad_column = run_tool_call(session, "test_independence", {"x": "smoke level", "y": "tar"})
    assert bad_column.is_error and "Columns in the data" in bad_column.content
    assert bad_column.error.type == "UnknownVariableError"
    assert bad_column.error.columns == columns

    unknown_arg = run_tool_call(session, "direct_cause", {"x": "tar", "y": "lung_cancer", "z": 1})
    assert unknown_arg.is_error and "'z'" in unknown_arg.content
    assert "Its arguments: " in unknown_arg.content and "graph" in unknown_arg.content
    assert unknown_arg.error.arguments == list(session.registry.get("direct_cause").argument_names)

    near_miss = run_tool_call(session, "relatives", {"x": "tar", "relations": "parents"})
    assert "did you mean 'relation'?" in near_miss.content

    wrong_type = run_tool_call(session, "direct_cause", {"x": 3, "y": "lung_cancer"})
    assert wrong_type.is_error and "valid string" in wrong_type.content
    assert wrong_type.error.columns == columns  # so the model can fix it in one step

    unknown_tool = run_tool_call(session, "no_such_tool", {})
    assert unknown_tool.is_error and "direct_cause" in unknown_tool.content
    assert "direct_cause" in unknown_tool.error.tools

    assert run_tool_call(session, "direct_cause", "{oops").is_error
    assert run_tool_call(session, "direct_cause", "[1, 2]").is_error
    # An argument named like Session.call's own parameter is refused, not a crash.
    assert run_tool_call(session, "direct_cause", {"tool": "x"}).is_error
