"""The auto planner routes to the rule planner when it is confident, to the model otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from askwhy.answer import Answer
from askwhy.errors import AskwhyError
from askwhy.planning.auto import AutoPlanner, make_model_planner
from askwhy.planning.base import Plan, PlannerContext
from askwhy.planning.rules.parse import read
from askwhy.planning.rules.planner import RulePlanner
from askwhy.session import Session

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CLEAR = "Does tar directly cause lung cancer?"
UNREADABLE = "What is the capital of France?"


class ModelStub:
    """A model planner that runs one fixed tool call and records the questions."""

    def __init__(self, name: str = "llm"):
        self.name = name
        self.asked: list[str] = []

    def plan(self, question: str, context: PlannerContext) -> Plan:
        self.asked.append(question)
        result = context.call("common_cause", x="smoking", y="lung_cancer")
        return Plan(results=[result], planner=self.name, notes=["stub note"])


class CountingRules(RulePlanner):
    """The real rule planner, counting the readings it planned."""

    def __init__(self):
        super().__init__()
        self.parsed_plans = 0

    def plan_reading(self, reading, context):
        self.parsed_plans += 1
        return super().plan_reading(reading, context)


def ask(planner: AutoPlanner, tmp_path: Path, question: str) -> Answer:
    session = Session(planner=planner, store_dir=tmp_path / "graphs")
    session.load(EXAMPLES / "smoking.csv")
    return session.ask(question)


def test_a_clear_question_is_answered_by_the_rules_from_one_parse(tmp_path, monkeypatch):
    import askwhy.planning.auto as auto
    import askwhy.planning.rules.planner as rule_planner

    parses = []

    def counting_read(question, columns, aliases=None, previous=None, facts=None):
        parses.append(question)
        return read(question, columns, aliases, previous, facts)

    monkeypatch.setattr(auto, "read", counting_read)
    monkeypatch.setattr(rule_planner, "read", counting_read)
    model, rules = ModelStub(), CountingRules()
    answer = ask(AutoPlanner(model, rules), tmp_path, CLEAR)
    assert (answer.planner, answer.answer) == ("auto:rules", "yes")
    assert parses == [CLEAR] and rules.parsed_plans == 1 and model.asked == []
    assert [step.tool for step in answer.trace] == ["direct_cause"]  # no routing step in it
    route = answer.planner_steps[0]
    assert route.planner == "auto" and route.details["route"] == "rules"
    assert route.details["confidence"] >= 0.75
    assert route.summary in answer.notes and "rule planner answered" in route.summary


def test_an_unsure_reading_goes_to_the_model(tmp_path):
    model = ModelStub()
    answer = ask(AutoPlanner(model, threshold=0.99), tmp_path, CLEAR)
    assert answer.planner == "auto:llm" and model.asked == [CLEAR]
    assert [step.tool for step in answer.trace] == ["common_cause"]
    route = answer.planner_steps[0]
    assert route.details["route"] == "llm" and route.details["threshold"] == 0.99
    assert "< 0.99" in route.summary
    assert "stub note" in answer.notes


def test_an_unreadable_question_goes_to_the_model(tmp_path):
    model = ModelStub("local")
    answer = ask(AutoPlanner(model), tmp_path, UNREADABLE)
    assert answer.planner == "auto:local" and model.asked == [UNREADABLE]
    route = answer.planner_steps[0]
    assert route.details["confidence"] == 0.0 and "could not read it" in route.summary


def test_without_a_model_the_rules_answer_or_say_why_not(tmp_path):
    answer = ask(AutoPlanner(None, threshold=0.99), tmp_path, CLEAR)
    assert answer.planner == "auto:rules" and answer.answer == "yes"
    assert "no model configured" in answer.planner_steps[0].summary
    refused = ask(AutoPlanner(None), tmp_path, UNREADABLE)
    assert refused.kind == "unclear" and refused.trace == []
    assert "independent" in refused.explanation  # the kinds of question it understands


def test_model_steps_follow_the_routing_step(tmp_path):
    class SteppingModel(ModelStub):
        def plan(self, question, context):
            from askwhy.answer import PlannerStep

            plan = super().plan(question, context)
            plan.steps = [PlannerStep(planner=self.name, summary="1 model call")]
            return plan

    answer = ask(AutoPlanner(SteppingModel(), threshold=0.99), tmp_path, CLEAR)
    assert [(s.planner, s.summary) for s in answer.planner_steps][1:] == [("llm", "1 model call")]


def test_make_model_planner(monkeypatch, tmp_path):
    monkeypatch.setenv("ASKWHY_CONFIG", str(tmp_path / "none.toml"))
    for var in ("ASKWHY_MODEL", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    assert make_model_planner("auto").model is None
    planner = make_model_planner("llm", model="m", base_url="http://127.0.0.1:9/v1")
    assert planner.name == "llm" and planner.settings.model == "m"
    auto = make_model_planner("auto", model="m", base_url="http://127.0.0.1:9/v1", threshold=0.5)
    assert auto.model.name == "llm" and auto.threshold == 0.5
    with pytest.raises(AskwhyError, match="--model"):
        make_model_planner("llm")
