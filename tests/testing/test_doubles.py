"""The scripted doubles replay their scripts and record what they were sent."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage, HumanMessage

from askwhy.answer import PlannerStep
from askwhy.errors import AskwhyError, UnknownVariableError
from askwhy.testing import (
    ScriptedPlanner,
    ScriptExhausted,
    call,
    example_session,
    frame_session,
    synthetic_session,
)
from askwhy.testing.chat_model import ScriptedChatModel, malformed, tool_call, tool_calls
from askwhy.testing.local_backend import ScriptedBackend, step


def test_scripted_chat_model_replays_its_script_and_records_requests():
    model = ScriptedChatModel.of(
        tool_call("discover_graph", name="g1"),
        tool_calls(("describe_data", {}), ("list_graphs", {})),
        "Done.",
    )
    bound = model.bind_tools([{"name": "discover_graph"}, {"name": "describe_data"}])
    assert bound is model and model.bound_tools == ["discover_graph", "describe_data"]

    first = model.invoke([HumanMessage("draw it")])
    assert first.tool_calls[0]["name"] == "discover_graph"
    assert first.tool_calls[0]["args"] == {"name": "g1"}  # `name` is a tool argument here
    assert first.usage_metadata["total_tokens"] == 55
    second = model.invoke([HumanMessage("more")])
    assert [c["name"] for c in second.tool_calls] == ["describe_data", "list_graphs"]
    assert len({c["id"] for c in second.tool_calls}) == 2
    last = model.invoke("and?")
    assert isinstance(last, AIMessage) and last.content == "Done."

    assert [r.messages[-1].content for r in model.requests] == ["draw it", "more", "and?"]
    assert model.requests[0].tools == ["discover_graph", "describe_data"]
    assert model.replies_left == 0
    with pytest.raises(ScriptExhausted, match="request 4 but its script had only 3"):
        model.invoke("again")


def test_malformed_reply_has_an_invalid_tool_call():
    reply = malformed("direct_cause")
    assert reply.invalid_tool_calls[0]["name"] == "direct_cause" and not reply.tool_calls


def test_scripted_backend_writes_json_calls_and_records_requests():
    backend = ScriptedBackend(step("direct_cause", x="tar", y="lung_cancer"), "not json")
    first = backend.complete([{"role": "user", "content": "q"}], {"type": "object"}, 64)
    assert first.text == '{"tool": "direct_cause", "args": {"x": "tar", "y": "lung_cancer"}}'
    assert (first.prompt_tokens, first.completion_tokens) == (40, 12)
    assert backend.complete([], {}, 64).text == "not json"
    assert backend.requests[0].schema == {"type": "object"}
    assert backend.requests[0].messages[0]["content"] == "q"
    with pytest.raises(ScriptExhausted):
        backend.complete([], {}, 64)


def test_scripted_planner_runs_real_tools_through_the_session():
    steps = [PlannerStep(planner="scripted", summary="1 model call")]
    planner = ScriptedPlanner(
        call("describe_data"),
        call("direct_cause", x="tar", y="lung cancer"),
        reading="does tar directly cause lung cancer?",
        steps=steps,
    )
    session = example_session("smoking", planner=planner)
    answer = session.ask("anything")
    assert (answer.kind, answer.answer, answer.planner) == ("yes_no", "yes", "scripted")
    assert [s.tool for s in answer.trace] == ["describe_data", "direct_cause"]
    assert answer.trace[1].args == {"x": "tar", "y": "lung_cancer"}  # validated by the registry
    assert answer.planner_steps == steps
    assert planner.questions == ["anything"]
    assert session.store.directory is None  # nothing written to ASKWHY_HOME


def test_scripted_planner_by_question_and_decisive_index():
    def calls_for(question, context):
        if "boom" in question:
            raise AskwhyError("scripted failure")
        return [call("direct_cause", x="A", y="B"), call("describe_data")]

    session = synthetic_session("chain", n_samples=300, planner=ScriptedPlanner(calls_for))
    assert session.ask("A -> B?").kind == "text"  # describe_data came last
    session.planner = ScriptedPlanner(calls_for, decisive=0)
    assert session.ask("A -> B?").kind == "yes_no"
    with pytest.raises(AskwhyError, match="scripted failure"):
        session.ask("boom")
    with pytest.raises(TypeError):
        ScriptedPlanner(call("describe_data"), "not a call")


def test_fixture_sessions_keep_graphs_in_memory_only(chain_data):
    session = frame_session(chain_data.data, name="chain")
    assert session.store.directory is None
    assert session.dataset().columns == ["A", "B", "C"]
    with pytest.raises(UnknownVariableError):
        session.call("direct_cause", x="A", y="Q")
    with pytest.raises(AskwhyError, match="Examples: smoking"):
        example_session("nope")
    with pytest.raises(AskwhyError, match="Cases: chain"):
        synthetic_session("nope")


def test_the_doubles_drive_the_real_model_planners():
    from askwhy.planning.llm.config import LLMSettings
    from askwhy.planning.llm.planner import LLMPlanner
    from askwhy.planning.local.planner import LocalPlanner

    model = ScriptedChatModel.of(tool_call("direct_cause", x="tar", y="lung_cancer"), "Yes.")
    answer = example_session(planner=LLMPlanner(LLMSettings(), chat_model=model)).ask(
        "Does tar directly cause lung cancer?"
    )
    assert (answer.answer, [s.tool for s in answer.trace]) == ("yes", ["direct_cause"])
    assert len(model.requests) == 2 and "direct_cause" in model.requests[0].tools

    backend = ScriptedBackend(step("common_cause", x="yellow_fingers", y="lung_cancer"))
    answer = example_session(planner=LocalPlanner(backend)).ask(
        "Is there a confounder between yellow fingers and lung cancer?"
    )
    assert (answer.answer, [s.tool for s in answer.trace]) == ("yes", ["common_cause"])
    assert "anyOf" in backend.requests[0].schema
