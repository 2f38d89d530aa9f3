"""The LLM planner loop with a scripted fake chat model (no network, no API key)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, SystemMessage, ToolMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool

from askwhy.errors import AskwhyError
from askwhy.planning.llm.config import LLMSettings, default_planner_name, load_llm_settings
from askwhy.planning.llm.planner import LLMError, LLMPlanner, decisive_last, system_prompt
from askwhy.session import Session
from askwhy.tools.catalog import default_registry
from askwhy.tools.registry import compact_schema
from askwhy.tools.results import TextResult, YesNoResult

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
USAGE = {"input_tokens": 50, "output_tokens": 5, "total_tokens": 55}


class ScriptedChatModel(BaseChatModel):
    """Replies with the queued AIMessages in order; records the messages and tools it got."""

    replies: list[AIMessage]
    seen: list[list[BaseMessage]] = []
    bound: list[dict[str, Any]] = []  # the tools as OpenAI schemas, from bind_tools

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(self, tools: Any, **kwargs: Any) -> ScriptedChatModel:
        self.bound = [convert_to_openai_tool(tool) for tool in tools]
        return self

    def _generate(self, messages: list[BaseMessage], *args: Any, **kwargs: Any) -> ChatResult:
        self.seen.append(list(messages))
        return ChatResult(generations=[ChatGeneration(message=self.replies.pop(0))])


def call(tool: str, n: int = 1, **args: Any) -> AIMessage:
    return AIMessage(
        content="", tool_calls=[{"name": tool, "args": args, "id": f"c{n}"}], usage_metadata=USAGE
    )


def say(text: str) -> AIMessage:
    return AIMessage(content=text, usage_metadata=USAGE)


def make_session(
    tmp_path: Path, replies: list[AIMessage], settings: dict[str, Any] | None = None, **llm: Any
):
    model = ScriptedChatModel(replies=replies, seen=[])
    planner = LLMPlanner(LLMSettings(**llm), chat_model=model)
    session = Session(planner=planner, store_dir=tmp_path / "graphs", settings=settings)
    session.load(EXAMPLES / "smoking.csv")
    return session, model


def tools_run(answer) -> list[str]:
    return [step.tool for step in answer.trace]


def test_answer_comes_from_the_tool_result(tmp_path):
    session, model = make_session(
        tmp_path, [call("direct_cause", x="tar", y="lung_cancer"), say("Tar causes it.")]
    )
    answer = session.ask("Does tar directly cause lung cancer?")
    assert (answer.kind, answer.answer, answer.planner) == ("yes_no", "yes", "llm")
    assert "Model's summary: Tar causes it." in answer.explanation
    assert answer.evidence and answer.assumptions
    assert isinstance(model.seen[0][0], SystemMessage)
    assert "common_cause" in model.seen[0][0].content  # tool guidance from prompts/
    # The trace holds the real tool calls only; the model's calls are planner steps.
    assert tools_run(answer) == ["direct_cause"]
    assert [s.planner for s in answer.planner_steps] == ["llm"] * 3
    first, second, total = answer.planner_steps
    assert "asked for direct_cause" in first.summary and "replied in text" in second.summary
    assert total.details["calls"] == 2 and total.details["total_tokens"] == 110
    assert "110 tokens" in total.summary


def test_settings_are_fixed_from_the_question_and_the_session_not_the_model(tmp_path):
    replies = [
        call("direct_cause", x="tar", y="lung_cancer", alpha=0.999, algorithm="lingam"),
        say("Yes."),
    ]
    session, model = make_session(tmp_path, replies, settings={"test": "fisherz"})
    answer = session.ask("At alpha 0.01, does tar directly cause lung cancer?")
    step = answer.trace[0]
    assert step.error is None
    # The question's alpha and the session's test and algorithm win over the model's.
    assert (step.args["alpha"], step.args["test"], step.args["algorithm"]) == (
        0.01,
        "fisherz",
        "auto",
    )
    assert answer.evidence[0].alpha == 0.01
    assert "Settings from the question: alpha=0.01." in answer.notes
    # The model is not offered the settings at all.
    offered = {t["function"]["name"]: t["function"]["parameters"] for t in model.bound}
    assert "export_graph" not in offered  # no file writing by the model
    assert {"x", "y"} <= set(offered["direct_cause"]["properties"])
    assert not {"alpha", "test", "algorithm"} & set(offered["direct_cause"]["properties"])
    assert not {"alpha", "test", "algorithm", "seed"} & set(offered["discover_graph"]["properties"])


def test_unknown_argument_goes_back_listing_the_valid_ones_and_is_corrected(tmp_path):
    replies = [
        call("relatives", 1, variable="lung_cancer", relation="parents"),
        call("relatives", 2, x="lung_cancer", relation="parents"),
        say("Tar and age."),
    ]
    session, model = make_session(tmp_path, replies)
    answer = session.ask("What directly causes lung cancer?")
    error = model.seen[1][-1]
    assert isinstance(error, ToolMessage) and error.status == "error"
    assert "does not take 'variable'" in error.content
    assert "Its arguments:" in error.content and "relation" in error.content
    assert tools_run(answer) == ["relatives", "relatives"]
    assert answer.trace[0].error and answer.trace[1].error is None
    assert answer.kind == "text" and {"tar", "age"} <= set(answer.answer.split(", "))


@pytest.mark.parametrize(
    ("bad_args", "expected"),
    [
        ({"x": "income", "y": "lung_cancer"}, "Unknown variable 'income'"),
        ({"x": 3, "y": "lung_cancer"}, "valid string"),  # wrong type
    ],
)
def test_bad_argument_goes_back_to_the_model_with_the_columns(tmp_path, bad_args, expected):
    replies = [
        call("direct_cause", 1, **bad_args),
        call("direct_cause", 2, x="tar", y="lung_cancer"),
        say("Yes."),
    ]
    session, model = make_session(tmp_path, replies)
    answer = session.ask("Does tar directly cause lung cancer?")
    error = model.seen[1][-1]
    assert isinstance(error, ToolMessage) and error.status == "error"
    assert expected in error.content
    assert "Columns in the data" in error.content and "yellow_fingers" in error.content
    assert answer.answer == "yes"
    assert answer.trace[0].error and answer.trace[1].error is None


def test_graph_memory_is_shared_across_turns(tmp_path):
    replies = [
        call("discover_graph", 1, name="first-graph"),
        say("Here is the graph."),
        call("relatives", 2, x="lung_cancer", relation="parents", graph="first-graph"),
        say("Tar and age."),
    ]
    session, model = make_session(tmp_path, replies)
    first = session.ask("Draw the causal graph.")
    assert first.kind == "graph" and first.graph.name == "first-graph"
    second = session.ask("In that graph, what directly causes lung cancer?")
    context = model.seen[2][-1].content
    assert "first-graph" in context and "Draw the causal graph." in context
    assert second.kind == "text"
    assert {"tar", "age"} <= set(second.answer.split(", "))
    assert second.trace[0].args["graph"] == "first-graph"


def test_context_call_after_the_answer_does_not_replace_it(tmp_path):
    replies = [
        call("common_cause", 1, x="yellow_fingers", y="lung_cancer"),
        call("describe_data", 2),
        say("Confounded by smoking."),
    ]
    session, _ = make_session(tmp_path, replies)
    answer = session.ask("Is there a confounder between yellow fingers and lung cancer?")
    assert (answer.kind, answer.answer) == ("yes_no", "yes")
    assert tools_run(answer) == ["common_cause", "describe_data"]


def test_decisive_result_is_the_last_of_a_non_context_tool():
    registry = default_registry()
    describe = TextResult(tool="describe_data", summary="d")
    first = YesNoResult(tool="direct_cause", summary="a", answer="yes")
    second = YesNoResult(tool="common_cause", summary="b", answer="no")
    assert decisive_last([first, second, describe], registry) == [first, describe, second]
    assert decisive_last([describe], registry) == [describe]


def test_no_tool_call_gives_a_text_answer(tmp_path):
    session, _ = make_session(tmp_path, [say("askwhy answers causal questions about data.")])
    answer = session.ask("What is the capital of France?")
    assert answer.kind == "text" and answer.answer == "no analysis was run"
    assert answer.trace == [] and len(answer.planner_steps) == 2


def test_malformed_reply_is_retried_once_then_reported(tmp_path):
    broken = AIMessage(
        content="",
        invalid_tool_calls=[{"name": "direct_cause", "args": "{x:", "id": "b", "error": "bad"}],
    )
    session, model = make_session(
        tmp_path, [broken, call("direct_cause", x="tar", y="lung_cancer"), say("Yes.")]
    )
    answer = session.ask("Does tar directly cause lung cancer?")
    assert answer.answer == "yes" and tools_run(answer) == ["direct_cause"]
    assert answer.planner_steps[-1].details["malformed_retries"] == 1
    assert "unusable" in answer.planner_steps[0].summary
    assert "A malformed model reply was retried." in answer.notes
    assert "could not be used" in model.seen[1][-1].content

    session, _ = make_session(tmp_path, [broken, broken])
    with pytest.raises(LLMError, match="malformed twice"):
        session.ask("Does tar directly cause lung cancer?")


def test_step_limit_without_results_is_a_clear_error(tmp_path):
    loop = [call("direct_cause", i, x="nope", y="tar") for i in range(5)]
    session, _ = make_session(tmp_path, loop, max_steps=3)
    with pytest.raises(LLMError, match="did not finish within 3 steps"):
        session.ask("Does nope cause tar?")


def test_step_limit_with_results_answers_from_them(tmp_path):
    loop = [call("direct_cause", i, x="tar", y="lung_cancer") for i in range(5)]
    session, _ = make_session(tmp_path, loop, max_steps=2)
    answer = session.ask("Does tar directly cause lung cancer?")
    assert answer.answer == "yes" and tools_run(answer) == ["direct_cause", "direct_cause"]
    assert any("step limit" in note for note in answer.notes)
    assert answer.planner_steps[-1].details["stopped_at_limit"] is True
    assert "Model's summary" not in answer.explanation  # the stop text is not the model's


def test_missing_model_or_key_says_what_to_set():
    with pytest.raises(AskwhyError, match="--model"):
        LLMPlanner(LLMSettings())
    with pytest.raises(AskwhyError, match="OPENAI_API_KEY"):
        LLMPlanner(LLMSettings(model="gpt-x"))
    assert LLMSettings(model="m", base_url="http://localhost:11434/v1").resolved_api_key()


def test_settings_precedence_flags_env_file(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[llm]\nmodel = "from-file"\nbase_url = "http://file/v1"\nmax_steps = 4\n')
    env = {"ASKWHY_MODEL": "from-env"}
    settings = load_llm_settings(config_path=config, env=env)
    assert (settings.model, settings.base_url, settings.max_steps) == (
        "from-env",
        "http://file/v1",
        4,
    )
    settings = load_llm_settings(model="from-flag", config_path=config, env=env, max_steps=None)
    assert settings.model == "from-flag" and settings.max_steps == 4
    assert default_planner_name(settings) == "auto"
    assert default_planner_name(LLMSettings()) == "rules"
    config.write_text("[llm]\nmodle = 'typo'\n")
    with pytest.raises(AskwhyError, match="Valid keys"):
        load_llm_settings(config_path=config, env={})


def test_prompts_are_package_files_and_schemas_are_portable():
    assert "askwhy's planner" in system_prompt()
    schema = compact_schema(
        {
            "title": "T",
            "properties": {
                "v": {"prefixItems": [{"type": "number"}] * 2},
                "g": {"anyOf": [{"type": "string"}, {"type": "null"}], "default": None},
            },
        }
    )
    assert schema == {"properties": {"v": {"items": {"type": "number"}}, "g": {"type": "string"}}}
