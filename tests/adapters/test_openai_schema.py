"""OpenAI tool definitions from the registry, and running a model's tool call."""

from __future__ import annotations

import json
from pathlib import Path

from askwhy.adapters.openai_schema import openai_tools, responses_tools, run_tool_call
from askwhy.session import Session
from askwhy.tools.registry import default_registry

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_schemas_cover_the_registry_without_file_writing_by_default():
    tools = openai_tools()
    names = [t["function"]["name"] for t in tools]
    assert set(names) == set(default_registry().names()) - {"export_graph"}
    effect = next(t for t in tools if t["function"]["name"] == "estimate_effect")
    params = effect["function"]["parameters"]
    assert params["type"] == "object" and {"treatment", "outcome"} <= set(params["required"])
    assert "prefixItems" not in json.dumps(params) and "title" not in params
    assert openai_tools(names=["export_graph"])[0]["function"]["name"] == "export_graph"
    assert responses_tools()[0].keys() >= {"type", "name", "parameters"}


def test_run_tool_call_returns_content_or_a_fixable_error(tmp_path):
    session = Session(store_dir=tmp_path / "graphs")
    session.load(EXAMPLES / "smoking.csv")
    ok = run_tool_call(session, "test_independence", '{"x": "smoking", "y": "lung_cancer"}')
    assert not ok.is_error and json.loads(ok.content)["answer"] == "no"
    assert ok.result.evidence[0].p_value < 0.05  # the full result stays available
    bad = run_tool_call(session, "test_independence", {"x": "smoke level", "y": "tar"})
    assert bad.is_error and "Columns in the data" in bad.content
    assert run_tool_call(session, "direct_cause", "{oops").is_error
    unknown = run_tool_call(session, "no_such_tool", {})
    assert unknown.is_error and "direct_cause" in unknown.content
