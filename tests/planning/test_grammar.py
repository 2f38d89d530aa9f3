"""The step schema of the local planner, its checker and the post-checks (no model needed)."""

from __future__ import annotations

import json

import pytest

from askwhy.errors import ToolArgumentError
from askwhy.planning.local.grammar import (
    StepCall,
    conditioning_fields,
    drop_unmentioned,
    mentioned_columns,
    parse_step,
    property_order,
    schema_problems,
    schema_property_order,
    step_schema,
)
from askwhy.tools.catalog import default_registry
from askwhy.tools.langchain import offered_tools

COLUMNS = ["age", "stress", "smoking", "yellow_fingers", "tar", "lung_cancer"]
REGISTRY = default_registry()
TOOLS = offered_tools(REGISTRY)  # every tool that writes no files


def option(schema: dict, tool: str) -> dict:
    """The args schema offered for one tool (KeyError when the tool is not offered)."""
    for choice in schema["anyOf"]:
        if choice["properties"]["tool"]["const"] == tool:
            return choice["properties"]["args"]
    raise KeyError(tool)


def test_mentioned_columns_are_found_in_order_once():
    question = "Does yellow fingers predict lung cancer, given smoking and yellow_fingers?"
    assert mentioned_columns(question, COLUMNS) == ["yellow_fingers", "lung_cancer", "smoking"]


def test_variable_fields_are_limited_to_the_mentioned_columns():
    schema = step_schema(TOOLS, COLUMNS, ["tar", "lung_cancer"])
    pair = option(schema, "direct_cause")
    assert pair["properties"]["x"]["enum"] == ["tar", "lung_cancer"]
    assert pair["required"] == ["x", "y"]
    assert pair["additionalProperties"] is False
    for tool, field in [("discover_graph", "variables"), ("test_independence", "given")]:
        items = option(schema, tool)["properties"][field]["items"]
        assert items["enum"] == ["tar", "lung_cancer"]


def test_tools_needing_more_variables_than_mentioned_are_left_out():
    schema = step_schema(TOOLS, COLUMNS, ["tar"])
    assert option(schema, "relatives")["properties"]["x"]["enum"] == ["tar"]
    for tool in ("direct_cause", "common_cause", "test_independence", "estimate_effect"):
        with pytest.raises(KeyError):
            option(schema, tool)
    # A graph of one mentioned variable makes no sense: the subset field is dropped (= all).
    assert "variables" not in option(schema, "discover_graph")["properties"]


def test_no_mentions_open_the_variable_fields_to_every_column():
    schema = step_schema(TOOLS, COLUMNS, [])
    assert option(schema, "direct_cause")["properties"]["x"]["enum"] == COLUMNS


def test_no_mentions_means_no_conditioning_field():
    schema = step_schema(TOOLS, COLUMNS, [])
    assert "given" not in option(schema, "test_independence")["properties"]
    assert "covariates" not in option(schema, "estimate_effect")["properties"]


def test_settings_and_dataset_are_not_generated():
    schema = step_schema(TOOLS, COLUMNS, ["tar", "lung_cancer"])
    for choice in schema["anyOf"]:
        properties = choice["properties"]["args"]["properties"]
        assert not {"algorithm", "test", "alpha", "method", "dataset"} & set(properties)


def test_graph_names_are_offered_only_when_graphs_exist():
    empty = step_schema(TOOLS, COLUMNS, ["tar"])
    assert "graph" not in option(empty, "relatives")["properties"]
    with pytest.raises(KeyError):
        option(empty, "show_graph")
    stored = step_schema(TOOLS, COLUMNS, ["tar"], graphs=["pc-smoking"])
    assert option(stored, "relatives")["properties"]["graph"]["enum"] == ["pc-smoking"]
    assert option(stored, "show_graph")["properties"]["name"]["enum"] == ["pc-smoking"]


def test_a_fitting_reply_has_no_problems():
    schema = step_schema(TOOLS, COLUMNS, ["yellow_fingers", "lung_cancer", "smoking"])
    reply = {
        "tool": "test_independence",
        "args": {"x": "yellow_fingers", "y": "lung_cancer", "given": ["smoking"]},
    }
    assert schema_problems(reply, schema) == []
    assert parse_step(json.dumps(reply), schema) == StepCall(**reply)


def test_replies_that_do_not_fit_say_why():
    schema = step_schema(TOOLS, COLUMNS, ["tar", "lung_cancer"])
    unknown = {"tool": "direct_cause", "args": {"x": "cancer", "y": "tar"}}
    assert any("'cancer' is not one of" in p for p in schema_problems(unknown, schema))
    missing = {"tool": "direct_cause", "args": {"x": "tar"}}
    assert schema_problems(missing, schema) == ["step.args: 'y' is missing"]
    extra = {"tool": "direct_cause", "args": {"x": "tar", "y": "lung_cancer", "alpha": 0.1}}
    assert schema_problems(extra, schema) == ["step.args: 'alpha' is not allowed"]
    assert schema_problems({"tool": "run_shell", "args": {}}, schema) == [
        "step: matches none of the allowed forms"
    ]
    bad_values = {
        "tool": "estimate_effect",
        "args": {"treatment": "tar", "outcome": "lung_cancer", "treatment_values": [1]},
    }
    assert schema_problems(bad_values, schema) == [
        "step.args.treatment_values: needs at least 2 items"
    ]


def test_parse_step_rejects_text_that_is_not_json():
    schema = step_schema(TOOLS, COLUMNS, [])
    with pytest.raises(ToolArgumentError, match="not a JSON object"):
        parse_step("common_cause(x, y)", schema)
    with pytest.raises(ToolArgumentError, match="does not fit"):
        parse_step('{"tool": "direct_cause", "args": {}}', schema)


def test_unmentioned_conditioning_variables_are_dropped():
    question = "Are tar and lung cancer independent given smoking?"
    call = StepCall(
        tool="test_independence",
        args={"x": "tar", "y": "lung_cancer", "given": ["smoking", "age", "smoking", "tar"]},
    )
    tool = REGISTRY.get("test_independence")
    kept, notes = drop_unmentioned(call, tool, question, mentioned_columns(question, COLUMNS))
    assert kept.args["given"] == ["smoking"]
    assert len(notes) == 1 and "age, tar" in notes[0]


def test_an_emptied_conditioning_list_is_removed():
    question = "What is the effect of tar on lung cancer?"
    call = StepCall(
        tool="estimate_effect",
        args={"treatment": "tar", "outcome": "lung_cancer", "covariates": ["age"]},
    )
    tool = REGISTRY.get("estimate_effect")
    kept, notes = drop_unmentioned(call, tool, question, ["tar", "lung_cancer"])
    assert "covariates" not in kept.args
    assert notes


def test_treatment_values_must_be_in_the_question():
    call = StepCall(
        tool="estimate_effect",
        args={"treatment": "smoking", "outcome": "tar", "treatment_values": [0, 20]},
    )
    tool = REGISTRY.get("estimate_effect")
    stated, _ = drop_unmentioned(call, tool, "Effect of smoking on tar from 0 to 20?", [])
    assert stated.args["treatment_values"] == [0, 20]
    invented, notes = drop_unmentioned(call, tool, "Effect of smoking on tar?", [])
    assert "treatment_values" not in invented.args
    assert "does not state these numbers" in notes[0] and "default" in notes[0]


def test_a_graph_subset_is_deduplicated_but_not_pruned():
    call = StepCall(tool="discover_graph", args={"variables": ["tar", "age", "tar"]})
    kept, notes = drop_unmentioned(call, REGISTRY.get("discover_graph"), "Graph of tar?", ["tar"])
    assert kept.args["variables"] == ["tar", "age"] and notes == []


def test_field_roles_decide_what_conditions_and_the_order_of_properties():
    assert conditioning_fields(REGISTRY.get("test_independence")) == ("given",)
    assert conditioning_fields(REGISTRY.get("estimate_effect")) == ("covariates",)
    assert conditioning_fields(REGISTRY.get("discover_graph")) == ()  # a subset, not a condition
    # Columns first, then plain fields, then column lists, then the graph; no settings/dataset.
    assert property_order(REGISTRY.get("relatives")) == ["x", "relation", "graph"]
    assert property_order(REGISTRY.get("estimate_effect")) == [
        "treatment",
        "outcome",
        "treatment_values",
        "covariates",
        "graph",
    ]


def test_one_property_order_keeps_every_objects_own_order():
    schema = step_schema(TOOLS, COLUMNS, ["tar", "lung_cancer"], graphs=["pc-smoking"])
    order = schema_property_order(schema)
    assert order.index("tool") < order.index("args")
    for choice in schema["anyOf"]:
        names = list(choice["properties"]["args"]["properties"])
        assert names == sorted(names, key=order.index)


def test_llama_cpp_accepts_every_step_schema_and_writes_the_tool_first():
    pytest.importorskip("llama_cpp")
    from llama_cpp import LlamaGrammar

    from askwhy.planning.local.planner import schema_gbnf

    for mentioned, graphs in [([], []), (["tar", "lung_cancer"], ["pc-smoking"])]:
        gbnf = schema_gbnf(step_schema(TOOLS, COLUMNS, mentioned, graphs))
        assert LlamaGrammar.from_string(gbnf, verbose=False) is not None
        objects = [line for line in gbnf.splitlines() if "-tool-kv" in line and "-args-kv" in line]
        assert objects and all(o.index("-tool-kv") < o.index("-args-kv") for o in objects)
