"""askwhy's tools as LangChain tools inside someone else's agent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult

from askwhy.adapters.langchain_tools import askwhy_tools
from askwhy.session import Session

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _tools(tmp_path: Path, **options: Any):
    session = Session(store_dir=tmp_path / "graphs")
    return session, askwhy_tools(session, data=EXAMPLES / "smoking.csv", **options)


def _invoke(tool, args: dict[str, Any]) -> ToolMessage:
    return tool.invoke({"type": "tool_call", "name": tool.name, "args": args, "id": "t1"})


def test_tools_mirror_the_registry_and_run_on_the_session(tmp_path):
    session, tools = _tools(tmp_path)
    by_name = {tool.name: tool for tool in tools}
    assert set(by_name) == set(session.registry.names()) - {"export_graph"}
    message = _invoke(by_name["common_cause"], {"x": "yellow fingers", "y": "lung_cancer"})
    assert message.status == "success" and '"answer": "yes"' in message.content
    assert session.store.names()  # the discovered graph is in the session's memory


def test_bad_column_is_an_error_message_listing_columns(tmp_path):
    _, tools = _tools(tmp_path, names=["direct_cause"])
    message = _invoke(tools[0], {"x": "income", "y": "tar"})
    assert message.status == "error"
    assert "income" in message.content and "lung_cancer" in message.content


class _Scripted(BaseChatModel):
    replies: list[AIMessage]

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(self, tools: Any, **kwargs: Any) -> _Scripted:
        return self

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        return ChatResult(generations=[ChatGeneration(message=self.replies.pop(0))])


def test_inside_a_create_agent_loop(tmp_path):
    from langchain.agents import create_agent

    results = []
    _, tools = _tools(tmp_path, on_result=results.append)
    call = {"name": "direct_cause", "args": {"x": "tar", "y": "lung_cancer"}, "id": "c1"}
    model = _Scripted(replies=[AIMessage(content="", tool_calls=[call]), AIMessage(content="Yes.")])
    state = create_agent(model, tools).invoke({"messages": [("user", "Does tar cause cancer?")]})
    assert state["messages"][-1].content == "Yes."
    assert [r.data["answer"] for r in results] == ["yes"]
