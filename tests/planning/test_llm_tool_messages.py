"""What the model reads back from a tool: typed results in short, errors it can act on."""

from __future__ import annotations

import json

from askwhy.answer import EstimatePayload, GraphPayload, PossibleEffect
from askwhy.errors import AskwhyError, ToolArgumentError, UnknownVariableError
from askwhy.planning.llm.tool_messages import MAX_TOOL_OUTPUT_CHARS, error_for_model, tool_output
from askwhy.tools.results import EstimateResult, GraphResult, SetResult, TextResult, YesNoResult

COLUMNS = ["smoking", "yellow_fingers", "lung_cancer"]


def read(result) -> dict:
    return json.loads(tool_output(result))


def test_each_result_type_shows_what_a_model_plans_with():
    graph = GraphPayload(name="pc-smoking", nodes=["a", "b"], edges=[("a", "b", "->")])
    yes_no = YesNoResult(
        tool="common_cause", summary="Yes.", answer="yes", witnesses=["smoking"], graph=graph
    )
    assert read(yes_no) == {
        "summary": "Yes.",
        "answer": "yes",
        "witnesses": ["smoking"],
        "graph_name": "pc-smoking",
    }
    members = SetResult(tool="relatives", summary="Parents.", relation="parents", members=["a"])
    assert read(members) == {"summary": "Parents.", "answer": "a", "members": ["a"]}
    estimate = EstimateResult(
        tool="estimate_effect",
        summary="About 2.",
        estimate=EstimatePayload(
            value=None,
            treatment="a",
            outcome="b",
            method="linear_regression",
            possible_effects=[PossibleEffect(adjustment_set=[], value=2.0)],
        ),
        warnings=["small sample"],
    )
    assert read(estimate) == {
        "summary": "About 2.",
        "possible_values": [2.0],
        "warnings": ["small sample"],
    }
    assert read(GraphResult(tool="show_graph", summary="G.", graph=graph))["edges"] == ["a -> b"]
    assert read(TextResult(tool="list_graphs", summary="1 graph.", text="g"))["text"] == "g"


def test_a_huge_result_is_cut_to_its_summary():
    big = SetResult(tool="relatives", summary="Many.", relation="parents", members=["x"] * 5000)
    text = tool_output(big)
    assert len(text) <= MAX_TOOL_OUTPUT_CHARS + 20 and json.loads(text) == {"summary": "Many."}


def test_errors_for_the_model_are_built_from_their_type():
    unknown = error_for_model(UnknownVariableError("lung cancr", COLUMNS), COLUMNS)
    assert unknown.startswith("Unknown variable 'lung cancr'. Did you mean lung_cancer?")
    assert "Columns in the data: smoking, yellow_fingers, lung_cancer." in unknown
    argument = error_for_model(ToolArgumentError("direct_cause does not take 'z'."), COLUMNS)
    assert argument.endswith("Columns in the data: smoking, yellow_fingers, lung_cancer.")
    assert error_for_model(AskwhyError("No graph named 'g'."), COLUMNS) == "No graph named 'g'."
