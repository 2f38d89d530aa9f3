"""Scoring: yes/no, graphs, estimates and sets against labels."""

import pytest

from askwhy.answer import Answer, EstimatePayload, GraphPayload, PlannerStep, TraceStep
from askwhy.evals.scoring import Tolerance, decisive_step, score, score_graph
from askwhy.testing import ScriptedPlanner, call, example_session


def yes_no(answer: str) -> Answer:
    return Answer(question="q", kind="yes_no", answer=answer, explanation="", planner="t")


def graph(edges) -> Answer:
    payload = GraphPayload(nodes=["A", "B", "C"], edges=[tuple(e) for e in edges])
    return Answer(question="q", kind="graph", answer="", graph=payload, explanation="", planner="t")


def estimate(value) -> Answer:
    payload = EstimatePayload(value=value, treatment="T", outcome="Y", method="linear_regression")
    return Answer(
        question="q", kind="estimate", answer="x", estimate=payload, explanation="", planner="t"
    )


def text(answer: str, result: dict, tool: str = "relatives") -> Answer:
    step = TraceStep(tool=tool, args={}, result=result)
    return Answer(
        question="q", kind="text", answer=answer, explanation="", trace=[step], planner="t"
    )


def relatives(members, possible=()) -> dict:
    return {
        "relation": "parents",
        "variable": "y",
        "members": list(members),
        "possible": list(possible),
        "alternatives": [],
        "identified": not possible,
    }


def adjustment(sets) -> dict:
    sets = [list(s) for s in sets]
    return {
        "relation": "adjustment_set",
        "variable": "t",
        "alternatives": sets,
        "members": sets[0] if len(sets) == 1 else [],
        "identified": len(sets) == 1,
    }


@pytest.mark.parametrize(
    ("predicted", "label", "correct"),
    [
        ("yes", "yes", True),
        ("no", "yes", False),
        ("uncertain", "uncertain", True),
        ("Yes", "yes", True),
    ],
)
def test_yes_no_is_exact(predicted, label, correct):
    assert score(yes_no(predicted), label).correct is correct


def test_graph_exact_match_ignores_edge_order_and_undirected_direction():
    truth = [["A", "B", "->"], ["B", "C", "--"]]
    result = score(graph([["C", "B", "--"], ["A", "B", "->"]]), truth)
    assert result.correct
    assert result.metrics["shd"] == 0
    assert result.metrics["skeleton_f1"] == 1.0


def test_graph_metrics_count_missing_extra_and_misoriented_edges():
    truth = [["A", "B", "->"], ["C", "B", "->"]]
    predicted = [["B", "A", "->"], ["A", "C", "--"]]  # A-B reversed, B-C missing, A-C extra
    result = score_graph(predicted, truth)
    assert not result.correct
    assert result.metrics["shd"] == 3
    assert result.metrics["skeleton_precision"] == 0.5
    assert result.metrics["skeleton_recall"] == 0.5
    assert result.metrics["oriented_precision"] == 0.0
    assert result.metrics["oriented_recall"] == 0.0


def test_missing_graph_scores_wrong():
    answer = Answer(question="q", kind="text", answer="x", explanation="", planner="t")
    assert not score(answer, [["A", "B", "->"]]).correct


def test_estimate_within_relative_tolerance():
    assert score(estimate(1.04), {"ate": 1.0}).correct
    wrong = score(estimate(1.2), {"ate": 1.0})
    assert not wrong.correct
    assert wrong.metrics["abs_error"] == pytest.approx(0.2)
    assert wrong.metrics["rel_error"] == pytest.approx(0.2)


def test_estimate_absolute_tolerance_helps_near_zero():
    assert not score(estimate(0.01), {"ate": 0.0}).correct
    assert score(estimate(0.01), {"ate": 0.0}, Tolerance(atol=0.05)).correct


def test_unidentified_estimate_matches_uncertain():
    assert score(estimate(None), "uncertain").correct
    assert not score(estimate(None), {"ate": 1.0}).correct


def test_sets_read_from_the_tool_result():
    answer = text("age, smoking", relatives(["age", "smoking"], possible=["diet"]))
    assert score(answer, {"set": ["smoking", "age"]}).correct
    assert not score(answer, {"set": ["age"]}).correct


def test_adjustment_set_with_several_options_is_uncertain():
    answer = text("uncertain", adjustment([["a"], ["b"]]), tool="adjustment_set")
    assert score(answer, "uncertain").correct
    assert not score(answer, {"set": ["a"]}).correct
    single = text("a", adjustment([["a"]]), tool="adjustment_set")
    assert score(single, {"set": ["a"]}).correct
    empty = text("nothing (no backdoor path)", adjustment([[]]), tool="adjustment_set")
    assert score(empty, {"set": []}).correct


def _after_context_calls(decisive: TraceStep, answer: str) -> Answer:
    """What a model planner may leave: the decisive call, then describe_data and list_graphs,
    with the model's own steps apart; the answer text here comes from a context tool."""
    trace = [
        TraceStep(tool="direct_cause", args={}, error="Unknown variable 'tarr'."),
        decisive,
        TraceStep(tool="describe_data", args={}, result={"text": "500 rows, 6 columns"}),
        TraceStep(tool="list_graphs", args={}, result={"text": "g1", "details": {}}),
    ]
    steps = [PlannerStep(planner="llm", summary="3 model calls", details={"calls": 3})]
    return Answer(
        question="q",
        kind="text",
        answer=answer,
        explanation="",
        trace=trace,
        planner_steps=steps,
        planner="llm",
    )


def test_scored_from_the_decisive_tool_not_the_context_calls_after_it():
    verdict = TraceStep(
        tool="common_cause",
        args={},
        summary="Smoking causes both.",
        result={
            "answer": "yes",
            "x": "yellow_fingers",
            "y": "lung_cancer",
            "witnesses": ["smoking"],
            "graph_name": "g1",
        },
    )
    answer = _after_context_calls(verdict, "500 rows, 6 columns")
    assert decisive_step(answer) is verdict
    assert score(answer, "yes").correct
    assert not score(answer, "no").correct

    members = TraceStep(tool="relatives", args={}, result=relatives(["age", "tar"]))
    answer = _after_context_calls(members, "g1")
    assert score(answer, {"set": ["tar", "age"]}).correct


def test_no_decisive_step_falls_back_to_the_answer_text():
    answer = Answer(
        question="q",
        kind="text",
        answer="yes",
        explanation="",
        planner="t",
        trace=[
            TraceStep(tool="llm", args={}, result={"calls": 2}),  # an old recorded step
            TraceStep(tool="describe_data", args={}, result={"text": "x"}),
        ],
    )
    assert decisive_step(answer) is None
    assert score(answer, "yes").correct


def test_a_real_session_answer_is_scored_from_its_decisive_call():
    planner = ScriptedPlanner(
        call("common_cause", x="yellow_fingers", y="lung_cancer"), call("describe_data")
    )
    answer = example_session("smoking", planner=planner).ask("Confounded?")
    assert answer.kind == "text"  # describe_data came last in the plan
    assert [s.tool for s in answer.trace] == ["common_cause", "describe_data"]
    assert score(answer, "yes").correct
