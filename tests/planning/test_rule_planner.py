"""The rule planner: each frame to its tool calls, refusals without tool calls, multiple
choice by letter, yes/no answers read from sets, follow-ups from the chat history.

The tools are stand-ins declared here with the arguments the planner calls them with (the
real ones are tested in tests/tools), so every family can be planned, including those whose
tools are newer than the catalog.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from pydantic import Field

from askwhy.core.settings import AnalysisSettings
from askwhy.planning.rules.parse import read_question
from askwhy.planning.rules.planner import RulePlanner, call_for, tool_call
from askwhy.session import Session
from askwhy.tools.args import DatasetArgs, GraphSettings
from askwhy.tools.registry import Column, Columns, ToolRegistry, tool
from askwhy.tools.results import DirectionResult, ToolResult, YesNoResult

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SMOKING = ["age", "smoking", "yellow_fingers", "tar", "lung_cancer"]


class PairArgs(GraphSettings):
    x: Column = Field(description="x")
    y: Column = Field(description="y")


class TripleArgs(PairArgs):
    z: Column | None = Field(default=None, description="z")


class IndependenceArgs(DatasetArgs):
    x: Column = Field(description="x")
    y: Column = Field(description="y")
    given: Columns = Field(default_factory=list, description="given")


class RelativesArgs(GraphSettings):
    x: Column = Field(description="x")
    relation: str = Field(description="relation")


class AdjustmentArgs(GraphSettings):
    treatment: Column = Field(description="t")
    outcome: Column = Field(description="o")


class EffectArgs(AdjustmentArgs):
    treatment_values: tuple[float, float] | None = None
    covariates: list[str] | None = None


class GraphArgs(GraphSettings):
    variables: Columns = Field(default_factory=list, description="v")


class DescribeArgs(DatasetArgs):
    variables: Columns = Field(default_factory=list, description="v")


def _stand_in(name: str, args_model: type) -> Any:
    def run(ws, args):  # never run: the fake context answers
        raise AssertionError("not run")

    run.__annotations__ = {"ws": object, "args": args_model, "return": ToolResult}
    return tool("yes_no", name=name)(run)


REGISTRY = ToolRegistry(
    [
        _stand_in("test_independence", IndependenceArgs),
        _stand_in("direct_cause", PairArgs),
        _stand_in("common_cause", TripleArgs),
        _stand_in("common_effect", TripleArgs),
        _stand_in("mediator", TripleArgs),
        _stand_in("relatives", RelativesArgs),
        _stand_in("adjustment_set", AdjustmentArgs),
        _stand_in("estimate_effect", EffectArgs),
        _stand_in("discover_graph", GraphArgs),
        _stand_in("pairwise_direction", PairArgs),
        _stand_in("describe_data", DescribeArgs),
    ]
)


@dataclass
class FakeContext:
    """A PlannerContext that records the calls and answers each tool from `answers`."""

    columns: list[str]
    answers: dict[str, Any] = field(default_factory=dict)
    registry: ToolRegistry = REGISTRY
    settings: AnalysisSettings = field(default_factory=AnalysisSettings)
    history: list[Any] = field(default_factory=list)
    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)

    def dataset(self, name=None):
        return SimpleNamespace(columns=self.columns, aliases=lambda: {})

    def graph_names(self):
        return []

    def call(self, tool_name: str, **args: Any) -> ToolResult:
        self.calls.append((tool_name, args))
        answer = self.answers.get(tool_name, "yes")
        if callable(answer):
            return answer(args)
        if isinstance(answer, ToolResult):
            return answer
        return YesNoResult(tool=tool_name, summary=f"{tool_name}: {answer}", answer=answer)


def plan(question: str, columns=SMOKING, **answers):
    context = FakeContext(columns, answers)
    return RulePlanner().plan(question, context), context


def without_settings(args: dict[str, Any]) -> dict[str, Any]:
    from askwhy.core.settings import SETTING_NAMES

    return {k: v for k, v in args.items() if k not in SETTING_NAMES}


@pytest.mark.parametrize(
    ("question", "tool", "args"),
    [
        (
            "Is smoking correlated with tar?",
            "test_independence",
            {"x": "smoking", "y": "tar", "given": []},
        ),
        (
            "Is tar a confounder of yellow fingers and lung cancer?",
            "common_cause",
            {"x": "yellow_fingers", "y": "lung_cancer", "z": "tar"},
        ),
        (
            "Is there a confounder of yellow fingers and lung cancer?",
            "common_cause",
            {"x": "yellow_fingers", "y": "lung_cancer"},
        ),
        (
            "Do smoking and age share a common effect?",
            "common_effect",
            {"x": "smoking", "y": "age"},
        ),
        (
            "Is tar on the causal path from smoking to lung cancer?",
            "mediator",
            {"x": "smoking", "y": "lung_cancer", "z": "tar"},
        ),
        ("Does tar directly cause lung cancer?", "direct_cause", {"x": "tar", "y": "lung_cancer"}),
        (
            "What directly causes lung cancer?",
            "relatives",
            {"x": "lung_cancer", "relation": "parents"},
        ),
        (
            "What should I adjust for to estimate the effect of smoking on lung cancer?",
            "adjustment_set",
            {"treatment": "smoking", "outcome": "lung_cancer"},
        ),
        (
            "What is the effect of tar on lung cancer if tar goes from 0 to 1, adjusting for age?",
            "estimate_effect",
            {
                "treatment": "tar",
                "outcome": "lung_cancer",
                "treatment_values": (0.0, 1.0),
                "covariates": ["age"],
            },
        ),
        (
            "Draw the causal graph of smoking, tar and age.",
            "discover_graph",
            {"variables": ["smoking", "tar", "age"]},
        ),
        (
            "Which is more likely: tar causes smoking, or smoking causes tar?",
            "pairwise_direction",
            {"x": "tar", "y": "smoking"},
        ),
        ("Describe the data.", "describe_data", {"variables": []}),
    ],
)
def test_each_family_runs_its_tool(question, tool, args):
    result, context = plan(question)
    assert not result.unclear, result.unclear
    (called,) = context.calls
    assert called[0] == tool and without_settings(called[1]) == args
    assert result.frame is not None and result.planner == "rules"


def test_a_tool_gets_only_the_settings_it_declares_the_question_first():
    result, context = plan("Is smoking independent of tar? Use a KCI test at alpha 0.01.")
    assert context.calls == [("test_independence", {"x": "smoking", "y": "tar", "given": []})]
    frame = read_question("Does tar directly cause lung cancer? Use FCI at alpha 0.01.", SMOKING)
    _, args = call_for("direct_cause", {"x": "tar", "y": "lung_cancer"}, frame, None, REGISTRY)
    assert (args["algorithm"], args["alpha"], args["test"]) == ("fci", 0.01, "auto")


@pytest.mark.parametrize(
    ("question", "says"),
    [
        ("What's the weather like?", "independent"),
        ("Is asbestos a confounder of smoking and lung cancer?", "asbestos"),
        ("Is tar a confounder of smoking, lung cancer and age?", "Try:"),
        ("What is the effect of smoking on heart rate?", "heart rate"),
    ],
)
def test_below_the_threshold_no_tool_runs_and_the_refusal_says_why(question, says):
    result, context = plan(question)
    assert context.calls == []
    assert result.unclear and says in result.unclear
    assert result.results == [] and result.frame is not None


def test_a_frame_whose_tool_is_missing_is_refused_not_answered_differently():
    context = FakeContext(SMOKING)
    context.registry = ToolRegistry([t for t in REGISTRY if t.name != "mediator"])
    result = RulePlanner().plan("Does tar mediate the effect of smoking on lung cancer?", context)
    assert context.calls == [] and "mediator" in result.unclear
    no_z = ToolRegistry([_stand_in("common_cause", PairArgs)])
    context = FakeContext(SMOKING, registry=no_z)
    result = RulePlanner().plan("Is tar a confounder of yellow fingers and lung cancer?", context)
    assert context.calls == [] and "z" in result.unclear


CHOICE = (
    "Which cause-and-effect relationship is more likely? A. smoking causes tar B. tar causes "
    "smoking C. No causal relationship exists. Please answer with A, B, or C."
)


@pytest.mark.parametrize(
    ("direction", "letter"), [("x_to_y", "A"), ("y_to_x", "B"), ("none", "C"), ("uncertain", None)]
)
def test_multiple_choice_of_directions_is_one_pairwise_call(direction, letter):
    answer = DirectionResult(
        tool="pairwise_direction", summary=direction, x="smoking", y="tar", direction=direction
    )
    result, context = plan(CHOICE, pairwise_direction=answer)
    assert [c[0] for c in context.calls] == ["pairwise_direction"]
    assert without_settings(context.calls[0][1]) == {"x": "smoking", "y": "tar"}
    assert result.choice is not None and result.choice.letter == letter
    assert result.frame.format == "choice" and result.choice.reason


def test_multiple_choice_claims_are_each_checked_and_none_wins_only_when_all_fail():
    question = (
        "Which is true? (A) age is a confounder of smoking and tar (B) yellow fingers is a "
        "confounder of smoking and tar (C) none of the above"
    )

    def by_z(answers):
        return lambda args: YesNoResult(tool="common_cause", summary="", answer=answers[args["z"]])

    result, context = plan(question, common_cause=by_z({"age": "yes", "yellow_fingers": "no"}))
    assert [without_settings(a)["z"] for _, a in context.calls] == ["age", "yellow_fingers"]
    assert result.choice.letter == "A"
    result, _ = plan(question, common_cause=by_z({"age": "no", "yellow_fingers": "no"}))
    assert result.choice.letter == "C"
    result, _ = plan(question, common_cause=by_z({"age": "yes", "yellow_fingers": "yes"}))
    assert result.choice.letter is None
    result, _ = plan(question, common_cause=by_z({"age": "yes", "yellow_fingers": "uncertain"}))
    assert result.choice.letter is None


def test_is_x_a_cause_of_y_is_read_off_the_direction_of_the_pair():
    for direction, expected in (
        ("x_to_y", "yes"),
        ("y_to_x", "no"),
        ("none", "no"),
        ("uncertain", "uncertain"),
    ):
        answer = DirectionResult(
            tool="pairwise_direction",
            summary=direction,
            x="smoking",
            y="lung_cancer",
            direction=direction,
        )
        result, context = plan("Does smoking cause lung cancer?", pairwise_direction=answer)
        assert without_settings(context.calls[0][1]) == {"x": "smoking", "y": "lung_cancer"}
        final = result.results[-1]
        assert isinstance(final, YesNoResult) and final.answer == expected
        assert result.reading == "is smoking a cause (direct or indirect) of lung_cancer?"


def test_a_follow_up_reads_the_previous_frame_from_the_history():
    previous = read_question("Does smoking directly cause lung cancer?", SMOKING)
    context = FakeContext(SMOKING, history=[SimpleNamespace(frame=previous)])
    result = RulePlanner().plan("what about tar instead of smoking?", context)
    assert without_settings(context.calls[0][1]) == {"x": "tar", "y": "lung_cancer"}
    assert any("follow-up" in note for note in result.notes)


def test_a_follow_up_that_could_replace_either_column_is_refused_with_both_readings():
    previous = read_question("Does smoking directly cause lung cancer?", SMOKING)
    context = FakeContext(SMOKING, history=[SimpleNamespace(frame=previous)])
    RulePlanner().plan("what about tar?", context)
    assert context.calls == []


def test_a_session_refuses_with_an_unclear_answer_and_no_tool_call(tmp_path):
    session = Session(planner=RulePlanner(), store_dir=tmp_path / "graphs")
    session.load(EXAMPLES / "smoking.csv")
    answer = session.ask("Is asbestos a confounder of smoking and lung cancer?")
    assert answer.kind == "unclear" and answer.trace == []
    assert "asbestos" in answer.explanation and "Try:" in answer.explanation
    assert answer.frame is not None


def test_a_session_answers_a_clear_question(tmp_path):
    session = Session(planner=RulePlanner(), store_dir=tmp_path / "graphs")
    session.load(EXAMPLES / "smoking.csv")
    answer = session.ask("Is Tar a DIRECT cause of lung-cancer?")
    assert answer.kind == "yes_no" and [s.tool for s in answer.trace] == ["direct_cause"]
    assert answer.frame.family == "direct_cause"


def test_tool_call_of_each_frame_family_is_defined():
    frame = read_question("Does X directly cause Y?", ["X", "Y"])
    assert tool_call(frame) == ("direct_cause", {"x": "X", "y": "Y"})
