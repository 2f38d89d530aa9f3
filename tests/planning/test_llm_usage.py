"""Model usage: calls, tokens and seconds become planner steps (not tool-trace steps)."""

from __future__ import annotations

from langchain_core.messages import AIMessage

from askwhy.planning.llm.usage import (
    ModelUsage,
    final_text,
    malformed_message,
    malformed_problem,
    outcome_of,
    parse_problem,
)


def test_usage_becomes_one_step_per_call_and_a_total():
    usage = ModelUsage(model="m")
    usage.record(0.5, 100, 10, "asked for direct_cause")
    usage.record_message(0.25, AIMessage(content="Yes.", usage_metadata=_tokens(40, 4)), "done")
    usage.malformed_retries = 1
    first, second, total = usage.steps("llm")
    assert first.summary == "Model call 1: asked for direct_cause."
    assert (first.details["input_tokens"], first.seconds) == (100, 0.5)
    assert second.details == {"model": "m", "input_tokens": 40, "output_tokens": 4}
    assert total.details["calls"] == 2 and total.details["total_tokens"] == 154
    assert total.seconds == 0.75
    assert total.summary.startswith("2 model calls, 154 tokens (140 in, 14 out)")
    assert "malformed replies retried: 1" in total.summary


def test_replies_that_cannot_be_used_say_why():
    bad = AIMessage(
        content="", invalid_tool_calls=[{"name": "t", "args": "{", "id": "1", "error": "x"}]
    )
    assert "'t' are not valid JSON" in malformed_problem(bad)
    assert malformed_problem(AIMessage(content="")) == "the reply was empty"
    good = AIMessage(content="", tool_calls=[{"name": "t", "args": {}, "id": "1"}])
    assert malformed_problem(good) is None and outcome_of(good) == "asked for t"
    assert outcome_of(AIMessage(content="Hi")) == "replied in text"
    assert final_text([good, AIMessage(content=" Done. ")]) == "Done."


def test_a_stopped_loop_says_which_limit_stopped_it():
    usage = ModelUsage(model="m", stopped="tool_calls", tool_calls_dropped=88)
    total = usage.steps("llm")[-1]
    assert total.details["stopped"] == "tool_calls" and total.details["stopped_at_limit"]
    assert total.details["tool_calls_dropped"] == 88
    assert total.summary.endswith("stopped at the tool-call limit")
    assert not ModelUsage(model="m").stopped_at_limit


def test_a_bad_server_response_and_a_bad_reply_get_different_advice():
    empty = parse_problem(IndexError("list index out of range"))
    assert "empty `choices` list" in empty
    assert "--base-url" in malformed_message(empty)
    assert "could not be parsed: Expecting value" in parse_problem(ValueError("Expecting value"))
    bad_args = "the arguments of tool call 't' are not valid JSON"
    assert "reliable tool calling" in malformed_message(bad_args)


def test_an_outcome_names_a_few_calls_not_a_hundred():
    calls = [{"name": "direct_cause", "args": {}, "id": str(i)} for i in range(100)]
    outcome = outcome_of(AIMessage(content="", tool_calls=calls))
    assert outcome.endswith("and 95 more") and outcome.count("direct_cause") == 5


def _tokens(inp: int, out: int) -> dict[str, int]:
    return {"input_tokens": inp, "output_tokens": out, "total_tokens": inp + out}
