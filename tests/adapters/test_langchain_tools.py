"""askwhy's tools as LangChain tools inside someone else's agent."""

from __future__ import annotations

import json
from typing import Any

from langchain_core.messages import ToolMessage

from askwhy.adapters.langchain_tools import askwhy_tools
from askwhy.testing import examples_dir, new_session
from askwhy.testing.chat_model import ScriptedChatModel, tool_call
from askwhy.tools.results import YesNoResult


def _tools(**options: Any):
    session = new_session()
    return session, askwhy_tools(session, data=examples_dir() / "smoking.csv", **options)


def _invoke(tool, args: dict[str, Any]) -> ToolMessage:
    return tool.invoke({"type": "tool_call", "name": tool.name, "args": args, "id": "t1"})


def test_tools_mirror_the_registry_with_strict_schemas():
    session, tools = _tools()
    by_name = {tool.name: tool for tool in tools}
    assert list(by_name) == [t.name for t in session.registry if not t.writes_files]
    for tool in tools:
        assert tool.args_schema == session.registry.get(tool.name).json_schema()
        assert tool.args_schema["additionalProperties"] is False


def test_a_call_runs_on_the_session_and_returns_the_payload():
    session, tools = _tools()
    common = next(t for t in tools if t.name == "common_cause")
    message = _invoke(common, {"x": "yellow fingers", "y": "lung_cancer"})
    assert message.status == "success"
    content = json.loads(message.content)
    assert content["answer"] == "yes" and content["kind"] == "yes_no"
    assert content["graph"]["name"] in session.store.names()  # kept in the session's memory


def test_bad_column_is_an_error_message_listing_columns():
    _, tools = _tools(names=["direct_cause"])
    message = _invoke(tools[0], {"x": "income", "y": "tar"})
    assert message.status == "error"
    assert "income" in message.content and "lung_cancer" in message.content


def test_unknown_argument_is_an_error_listing_the_valid_ones():
    _, tools = _tools(names=["direct_cause"])
    message = _invoke(tools[0], {"x": "tar", "y": "lung_cancer", "confounder": "smoking"})
    assert message.status == "error"
    assert "'confounder'" in message.content
    assert "Its arguments: dataset, graph, algorithm, test, alpha" in message.content
    assert ", x, y" in message.content


def test_inside_a_create_agent_loop():
    from langchain.agents import create_agent

    results = []
    _, tools = _tools(on_result=results.append)
    model = ScriptedChatModel.of(tool_call("direct_cause", x="tar", y="lung_cancer"), "Yes.")
    state = create_agent(model, tools).invoke({"messages": [("user", "Does tar cause cancer?")]})
    assert state["messages"][-1].content == "Yes."
    assert [type(r) for r in results] == [YesNoResult]
    assert [r.answer for r in results] == ["yes"]
    assert len(model.requests) == 2 and "direct_cause" in model.requests[0].tools
    assert isinstance(model.requests[1].messages[-1], ToolMessage)
