"""Scoring: yes/no, graphs, estimates and sets against labels."""

import pytest

from askwhy.answer import Answer, EstimatePayload, GraphPayload, TraceStep
from askwhy.evals.scoring import Tolerance, score, score_graph


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


def text(answer: str, result: dict) -> Answer:
    step = TraceStep(tool="relatives", args={}, result=result)
    return Answer(
        question="q", kind="text", answer=answer, explanation="", trace=[step], planner="t"
    )


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
    answer = text("age, smoking", {"definite": ["age", "smoking"], "possible": ["diet"]})
    assert score(answer, {"set": ["smoking", "age"]}).correct
    assert not score(answer, {"set": ["age"]}).correct


def test_adjustment_set_with_several_options_is_uncertain():
    answer = text("uncertain", {"sets": [["a"], ["b"]]})
    assert score(answer, "uncertain").correct
    single = text("a", {"sets": [["a"]]})
    assert score(single, {"set": ["a"]}).correct
    empty = text("nothing (no backdoor path)", {"sets": [[]]})
    assert score(empty, {"set": []}).correct
