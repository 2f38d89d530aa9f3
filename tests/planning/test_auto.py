"""The auto planner routes to the rule planner when it is confident, to the LLM otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from askwhy.answer import Answer
from askwhy.errors import AskwhyError, UnclearQuestionError
from askwhy.planning.auto import AutoPlanner, make_model_planner
from askwhy.session import Session

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


class StubPlanner:
    def __init__(self, name: str, fail: Exception | None = None):
        self.name = name
        self.fail = fail
        self.asked: list[str] = []

    def answer(self, question: str, session: Session) -> Answer:
        self.asked.append(question)
        if self.fail is not None:
            raise self.fail
        return Answer(
            question=question, kind="text", answer=self.name, explanation="", planner=self.name
        )


def _ask(planner: AutoPlanner, tmp_path: Path, question: str = "q") -> Answer:
    session = Session(planner=planner, store_dir=tmp_path / "graphs")
    session.load(EXAMPLES / "smoking.csv")
    return session.ask(question)


@pytest.mark.parametrize(("confidence", "route"), [(0.9, "rules"), (0.4, "llm")])
def test_routes_by_rule_confidence(tmp_path, confidence, route):
    rules, llm = StubPlanner("rules"), StubPlanner("llm")
    planner = AutoPlanner(llm, rules, threshold=0.75, judge=lambda q, c: (confidence, "read"))
    answer = _ask(planner, tmp_path)
    assert answer.answer == route
    assert answer.planner == f"auto:{route}"
    assert answer.trace[0].tool == "auto"
    assert answer.trace[0].result["planner"] == route
    assert answer.trace[0].args["confidence"] == confidence


def test_unclear_question_falls_back_to_the_llm(tmp_path):
    rules = StubPlanner("rules", fail=UnclearQuestionError("cannot tell"))
    llm = StubPlanner("llm")
    planner = AutoPlanner(llm, rules, judge=lambda q, c: (1.0, "read"))
    answer = _ask(planner, tmp_path)
    assert answer.planner == "auto:llm" and "cannot tell" in answer.trace[0].summary


def test_without_a_model_the_rules_answer(tmp_path):
    planner = AutoPlanner(None, StubPlanner("rules"), judge=lambda q, c: (0.1, "unsure"))
    assert _ask(planner, tmp_path).planner == "auto:rules"


def test_real_rule_parser_confidence_routes_a_clear_question_offline(tmp_path):
    llm = StubPlanner("llm")
    answer = _ask(AutoPlanner(llm), tmp_path, "Does tar directly cause lung cancer?")
    assert answer.planner == "auto:rules" and answer.answer == "yes"
    assert llm.asked == []


def test_make_model_planner(monkeypatch, tmp_path):
    monkeypatch.setenv("ASKWHY_CONFIG", str(tmp_path / "none.toml"))
    for var in ("ASKWHY_MODEL", "OPENAI_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    assert make_model_planner("auto").llm is None
    planner = make_model_planner("llm", model="m", base_url="http://127.0.0.1:9/v1")
    assert planner.name == "llm" and planner.settings.model == "m"
    with pytest.raises(AskwhyError, match="--model"):
        make_model_planner("llm")
