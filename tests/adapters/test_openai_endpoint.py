"""The LLM planner against a scripted OpenAI-compatible server, through the real openai client."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from askwhy.planning.llm.config import LLMSettings
from askwhy.planning.llm.planner import LLMError, LLMPlanner
from askwhy.session import Session
from askwhy.testing.openai_server import Reply, ScriptedOpenAIServer, status, text, tool_call

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
QUESTION = "Is there a confounder between yellow fingers and lung cancer?"


def _session(tmp_path: Path, url: str, **settings) -> Session:
    options = {"model": "fake-model", "base_url": url, "max_retries": 2, "timeout": 10, **settings}
    session = Session(planner=LLMPlanner(LLMSettings(**options)), store_dir=tmp_path / "graphs")
    session.load(EXAMPLES / "smoking.csv")
    return session


def test_bad_argument_round_trip_and_500_then_success(tmp_path):
    script = [
        status(500),
        tool_call("common_cause", {"x": "finger_colour", "y": "lung_cancer"}),
        tool_call("common_cause", {"x": "yellow_fingers", "y": "lung_cancer"}, "call_2"),
        text("Smoking causes both, so the association is confounded."),
    ]
    with ScriptedOpenAIServer(script) as server:
        answer = _session(tmp_path, server.url).ask(QUESTION)

    # The 500 was retried by the client, then the loop ran three model calls.
    assert len(server.requests) == 4
    first = server.requests[1]
    assert first["model"] == "fake-model"
    offered = {tool["function"]["name"] for tool in first["tools"]}
    assert {"common_cause", "direct_cause", "estimate_effect"} <= offered
    assert "export_graph" not in offered  # no file writing by the model
    assert "lung_cancer: continuous" in first["messages"][-1]["content"]

    # The bad column went back to the model as an error listing the columns.
    error = server.requests[2]["messages"][-1]
    assert error["role"] == "tool"
    assert "finger_colour" in error["content"]
    assert "yellow_fingers" in error["content"] and "lung_cancer" in error["content"]

    # The Answer comes from the tool result; the model's words are in the explanation.
    assert answer.planner == "llm"
    assert answer.kind == "yes_no" and answer.answer == "yes"
    assert "Smoking causes both" in answer.explanation
    # The trace holds the tool calls only; the model's calls and tokens are planner steps.
    tools = [step.tool for step in answer.trace]
    assert tools == ["common_cause", "common_cause"]
    assert answer.trace[0].error and not answer.trace[1].error
    assert {step.planner for step in answer.planner_steps} == {"llm"}
    usage = answer.planner_steps[-1].details
    assert usage["calls"] == 3
    assert usage["input_tokens"] == 300 and usage["output_tokens"] == 30


def test_malformed_reply_is_retried_once(tmp_path):
    script = [
        tool_call("direct_cause", '{"x": "tar", "y": '),  # truncated JSON
        tool_call("direct_cause", {"x": "tar", "y": "lung_cancer"}),
        text("Tar directly causes lung cancer."),
    ]
    with ScriptedOpenAIServer(script) as server:
        answer = _session(tmp_path, server.url).ask("Does tar directly cause lung cancer?")
    assert answer.answer == "yes"
    assert "could not be used" in server.requests[1]["messages"][-1]["content"]
    assert any("malformed" in note for note in answer.notes)


def test_malformed_twice_is_reported(tmp_path):
    script = [tool_call("direct_cause", "not json"), tool_call("direct_cause", "{still not")]
    with ScriptedOpenAIServer(script) as server, pytest.raises(LLMError, match="malformed twice"):
        _session(tmp_path, server.url).ask("Does tar directly cause lung cancer?")


def test_garbage_body_is_reported_as_malformed(tmp_path):
    script = [Reply(body="<html>not json</html>"), Reply(body="{}")]
    with ScriptedOpenAIServer(script) as server, pytest.raises(LLMError, match="malformed"):
        _session(tmp_path, server.url).ask("Does tar directly cause lung cancer?")


def test_persistent_server_errors_end_with_a_clear_message(tmp_path):
    with ScriptedOpenAIServer([status(503)] * 3) as server:
        with pytest.raises(LLMError, match=r"HTTP 503 \(after 2 retries\)"):
            _session(tmp_path, server.url).ask(QUESTION)
        assert len(server.requests) == 3


def test_unreachable_server_says_what_to_check(tmp_path):
    with ScriptedOpenAIServer([]) as server:
        url = server.url  # the port is closed once the server stops
    with pytest.raises(LLMError, match="Could not connect.*--base-url"):
        _session(tmp_path, url, max_retries=0).ask(QUESTION)


def test_step_limit_ends_a_loop(tmp_path):
    loop = [tool_call("describe_data", {}, f"call_{i}") for i in range(5)]
    with ScriptedOpenAIServer(loop) as server:
        answer = _session(tmp_path, server.url, max_steps=2).ask(QUESTION)
    assert len(server.requests) == 2
    assert any("step limit" in note for note in answer.notes)
    assert answer.planner_steps[-1].details["stopped_at_limit"] is True
    assert {step.tool for step in answer.trace} == {"describe_data"}


# ---------------------------------------------------------------- the CLI, end to end


def _cli_has_llm_flags() -> bool:
    from askwhy.cli.main import build_parser

    try:
        build_parser().parse_args(
            ["ask", "q", "--data", "x.csv", "--base-url", "u", "--model", "m"]
        )
    except SystemExit:
        return False
    return True


@pytest.mark.skipif(not _cli_has_llm_flags(), reason="CLI --model/--base-url not wired yet")
def test_cli_ask_with_llm_planner(tmp_path, monkeypatch, capsys):
    from askwhy.cli.main import main

    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("ASKWHY_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("ASKWHY_HOME", str(tmp_path / "home"))
    script = [
        status(500),
        tool_call("common_cause", {"x": "finger_colour", "y": "lung_cancer"}),
        tool_call("common_cause", {"x": "yellow_fingers", "y": "lung_cancer"}, "call_2"),
        text("Smoking is a common cause."),
    ]
    with ScriptedOpenAIServer(script) as server:
        code = main(
            [
                "ask",
                QUESTION,
                "--data",
                str(EXAMPLES / "smoking.csv"),
                "--planner",
                "llm",
                "--model",
                "fake-model",
                "--base-url",
                server.url,
                "--json",
            ]
        )
    assert code == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["planner"] == "llm"
    assert answer["kind"] == "yes_no" and answer["answer"] == "yes"
    assert [step["tool"] for step in answer["trace"]] == ["common_cause", "common_cause"]
    assert answer["planner_steps"][-1]["details"]["calls"] == 3
    assert len(server.requests) == 4


@pytest.mark.skipif(not _cli_has_llm_flags(), reason="CLI --model/--base-url not wired yet")
def test_cli_verbose_shows_token_usage(tmp_path, monkeypatch, capsys):
    from askwhy.cli.main import main

    monkeypatch.setenv("ASKWHY_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("ASKWHY_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("COLUMNS", "250")  # keep the trace table on one line per step
    script = [tool_call("direct_cause", {"x": "tar", "y": "lung_cancer"}), text("Yes.")]
    with ScriptedOpenAIServer(script) as server:
        code = main(
            [
                "ask",
                "Does tar directly cause lung cancer?",
                "--data",
                str(EXAMPLES / "smoking.csv"),
                "--planner",
                "llm",
                "--model",
                "fake-model",
                "--base-url",
                server.url,
                "--verbose",
            ]
        )
    assert code == 0
    out = capsys.readouterr().out
    assert "220 tokens" in out
