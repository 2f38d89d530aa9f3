"""Model usage: calls, tokens and seconds become planner steps (not tool-trace steps)."""

from __future__ import annotations

from langchain_core.messages import AIMessage

from askwhy.planning.llm.usage import ModelUsage, final_text, malformed_problem, outcome_of


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


def _tokens(inp: int, out: int) -> dict[str, int]:
    return {"input_tokens": inp, "output_tokens": out, "total_tokens": inp + out}
