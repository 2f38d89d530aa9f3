"""Model containment: what the model may not change (fixed settings, the test, the dataset) and
what one question may spend (tool calls, model calls, seconds), with the scripted chat model."""

from __future__ import annotations

import contextvars
import time

import pytest

from askwhy.errors import AskwhyError
from askwhy.planning.llm.budget import Budget, Deadline, Overtime, run_within
from askwhy.planning.llm.config import LLMSettings, load_llm_settings
from askwhy.planning.llm.errors import LLMError
from askwhy.planning.llm.planner import LLMPlanner
from askwhy.testing.chat_model import ScriptedChatModel, tool_call, tool_calls
from askwhy.testing.fixtures import example_session
from askwhy.tools.catalog import default_registry
from askwhy.tools.langchain import langchain_tools

PAIR = {"x": "tar", "y": "lung_cancer"}
QUESTION = "Are tar and lung cancer independent?"


def session_with(model: ScriptedChatModel, settings=None, **llm):
    planner = LLMPlanner(LLMSettings(**llm), chat_model=model)
    return example_session(planner=planner, settings=settings)


# ---------------------------------------------------------------- what the model may not change


def test_the_model_cannot_pick_a_test_that_does_not_fit_the_columns():
    # chi-square on continuous columns, on another dataset: neither is the model's to choose.
    model = ScriptedChatModel.of(
        tool_call("test_independence", **PAIR, test="chisq", alpha=0.9, dataset="other"), "Done."
    )
    answer = session_with(model).ask(QUESTION)
    step = answer.trace[0]
    assert step.error is None
    assert (step.args["test"], step.args["alpha"]) == ("auto", 0.05)
    assert answer.evidence[0].method == "fisherz"  # chosen from the (continuous) profile


def test_the_test_and_the_dataset_are_not_offered_to_the_model():
    registry = default_registry()
    tools = langchain_tools(registry, lambda *a, **k: None, fixed=lambda tool: {})
    offered = {tool.name: set(tool.args) for tool in tools}
    assert offered["test_independence"] == {"x", "y", "given"}
    assert not {"test", "alpha", "dataset"} & offered["discover_graph"]


def test_a_test_named_by_the_user_wins_over_the_model():
    model = ScriptedChatModel.of(tool_call("test_independence", **PAIR, test="chisq"), "Done.")
    answer = session_with(model, settings={"test": "kci"}).ask(
        "Using a fisher-z test, are tar and lung cancer independent?"
    )
    assert answer.trace[0].args["test"] == "fisherz"  # the question's, over the session's
    assert any("Settings from the question: test=fisherz" in n for n in answer.notes)


# ---------------------------------------------------------------- what one question may spend


def test_tool_calls_are_capped_however_many_one_reply_asks_for():
    model = ScriptedChatModel.of(tool_calls(*[("test_independence", PAIR)] * 40), "Done.")
    answer = session_with(model, max_tool_calls=5).ask(QUESTION)
    assert [s.tool for s in answer.trace] == ["test_independence"] * 5
    assert "The model asked for 40 tool calls; askwhy ran 5" in " ".join(answer.notes)
    assert answer.planner_steps[-1].details["tool_calls_dropped"] == 35
    # The reply the model sees again holds only the calls that ran.
    assert len(model.requests[1].messages[-6].tool_calls) == 5


def test_asking_for_more_after_the_limit_stops_the_loop_with_a_note():
    model = ScriptedChatModel.of(
        tool_calls(("test_independence", PAIR), ("test_independence", PAIR)),
        tool_calls(("test_independence", PAIR), ("describe_data", {})),
        tool_call("test_independence", **PAIR),
        "never reached",
    )
    answer = session_with(model, max_tool_calls=3).ask(QUESTION)
    assert len(answer.trace) == 3 and model.replies_left == 1
    assert answer.answer == "no"
    assert any("tool-call limit (3 tool calls, max_tool_calls" in n for n in answer.notes)
    assert answer.planner_steps[-1].details["stopped"] == "tool_calls"


def test_a_slow_model_is_not_waited_for_past_its_deadline():
    model = ScriptedChatModel.of(tool_call("test_independence", **PAIR), pause=5)
    started = time.monotonic()
    with pytest.raises(LLMError, match=r"did not reply within 0.5 s.*timeout"):
        session_with(model, timeout=0.5).ask(QUESTION)
    assert time.monotonic() - started < 4


def test_the_question_budget_stops_the_loop_and_answers_from_what_was_done():
    loop = [tool_call("test_independence", **PAIR) for _ in range(20)]
    model = ScriptedChatModel.of(*loop, pause=0.3)
    started = time.monotonic()
    answer = session_with(model, question_timeout=1.0, max_steps=50).ask(QUESTION)
    assert time.monotonic() - started < 4
    assert answer.answer == "no" and 1 <= len(answer.trace) <= 4
    assert any("time limit for a question (1 s, question_timeout)" in n for n in answer.notes)


def test_the_question_budget_before_any_analysis_is_an_error():
    model = ScriptedChatModel.of(tool_call("test_independence", **PAIR), pause=5)
    with pytest.raises(LLMError, match=r"did not finish within 0.5 s and ran no analysis"):
        session_with(model, question_timeout=0.5).ask(QUESTION)


def test_budget_grants_tool_calls_and_sets_each_call_deadline():
    budget = Budget(max_steps=3, max_tool_calls=4, seconds=60, call_seconds=2)
    assert (budget.grant(3), budget.grant(3), budget.grant(1)) == (3, 1, 0)
    assert budget.tool_calls_asked == 7 and budget.tool_calls_left() == 0
    seen = budget.call_within(lambda: budget.deadline.remaining())
    assert 1.5 < seen <= 2 and budget.deadline.at is None  # set during the call only
    short = Budget(max_steps=3, max_tool_calls=4, seconds=0.5, call_seconds=30)
    assert short.call_within(lambda: short.deadline.seconds) <= 0.5  # the question's share


def test_run_within_returns_raises_or_stops_waiting():
    marker = contextvars.ContextVar("marker", default="unset")
    marker.set("caller's")
    assert run_within(1, marker.get) == "caller's"  # context variables reach the worker
    with pytest.raises(KeyError):
        run_within(1, lambda: {}["x"])
    started = time.monotonic()
    with pytest.raises(Overtime):
        run_within(0.2, lambda: time.sleep(3))
    assert time.monotonic() - started < 1


def test_a_deadline_is_none_between_calls():
    deadline = Deadline()
    assert deadline.remaining() is None and not deadline.expired()
    deadline.at = time.monotonic() - 1
    assert deadline.expired()


def test_the_budgets_are_config_keys(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text("[llm]\nmax_tool_calls = 3\nquestion_timeout = 30\ntimeout = 20\n")
    settings = load_llm_settings(config_path=config, env={})
    budget = Budget.for_question(settings)
    assert (budget.max_tool_calls, budget.seconds, budget.call_seconds) == (3, 30, 20)
    config.write_text("[llm]\nmax_tool_calls = 0\n")
    with pytest.raises(AskwhyError, match="max_tool_calls"):
        load_llm_settings(config_path=config, env={})
