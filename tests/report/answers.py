"""Answers of every kind, built directly from the models, for the report tests."""

from __future__ import annotations

from askwhy.answer import (
    Answer,
    EstimatePayload,
    Evidence,
    GraphPayload,
    PossibleEffect,
    Refutation,
    TraceStep,
)

NODES = ["age", "smoking", "tar", "yellow fingers", "lung cancer"]
EDGES = [
    ("age", "smoking", "->"),
    ("smoking", "tar", "->"),
    ("smoking", "yellow fingers", "--"),
    ("tar", "lung cancer", "o->"),
    ("age", "lung cancer", "<->"),
]
PC_EVIDENCE = Evidence(
    kind="discovery",
    method="pc",
    alpha=0.05,
    parameters={"test": "fisherz", "columns": NODES},
    assumptions=["PC assumes no hidden common causes (causal sufficiency)."],
    note="Fisher-z fits continuous columns.",
)


def graph() -> GraphPayload:
    return GraphPayload(name="smoking-pc", nodes=NODES, edges=EDGES)


def independence_answer() -> Answer:
    return Answer(
        question="Are smoking and lung cancer independent given tar?",
        kind="yes_no",
        answer="no",
        explanation="No: the data show they are dependent. Fisher-z p = 0.003.",
        evidence=[
            Evidence(
                kind="test",
                method="fisherz",
                statistic=2.97,
                p_value=0.003,
                alpha=0.05,
                parameters={"given": ["tar"]},
                assumptions=["Fisher-z assumes linear Gaussian relations."],
            )
        ],
        trace=[
            TraceStep(
                tool="test_independence",
                args={"x": "smoking", "y": "lung cancer", "given": ["tar"], "alpha": 0.05},
                summary="smoking and lung cancer are dependent given tar (p = 0.003).",
                seconds=0.01,
            )
        ],
        planner="rules",
    )


def confounder_answer() -> Answer:
    return Answer(
        question="Is there a confounder between yellow fingers and lung cancer?",
        kind="yes_no",
        answer="uncertain",
        explanation="Uncertain: whether there is a common cause depends on edge directions.",
        graph=graph(),
        evidence=[PC_EVIDENCE],
        assumptions=["Graph queries trust the discovered graph."],
        trace=[
            TraceStep(
                tool="common_cause",
                args={"x": "yellow fingers", "y": "lung cancer", "algorithm": "pc"},
                summary="Depends on the direction of smoking -- yellow fingers.",
            )
        ],
        planner="rules",
    )


def graph_answer() -> Answer:
    return Answer(
        question="Draw the causal graph",
        kind="graph",
        answer="; ".join(f"{a} {k} {b}" for a, b, k in EDGES),
        explanation="Graph 'smoking-pc' (PC, fisherz test, alpha 0.05): 5 variables, 5 edges.",
        graph=graph(),
        evidence=[PC_EVIDENCE],
        trace=[TraceStep(tool="discover_graph", args={}, summary="5 variables, 5 edges.")],
        planner="rules",
    )


def estimate_answer() -> Answer:
    return Answer(
        question="What is the effect of tar on lung cancer?",
        kind="estimate",
        answer="0.8123",
        explanation="Adjusting for smoking, linear regression.",
        graph=graph(),
        estimate=EstimatePayload(
            value=0.8123,
            ci=(-0.05, 1.6),
            treatment="tar",
            outcome="lung cancer",
            adjustment_set=["smoking"],
            method="linear_regression",
            refutations=[
                Refutation(method="placebo_treatment", new_effect=0.01, p_value=0.9, passed=True),
                Refutation(method="random_common_cause", new_effect=0.81, passed=False),
            ],
        ),
        evidence=[
            Evidence(
                kind="estimate",
                method="linear_regression",
                parameters={"adjustment_set": ["smoking"]},
                assumptions=["No unmeasured confounding given the adjustment set."],
            )
        ],
        trace=[
            TraceStep(
                tool="estimate_effect",
                args={"treatment": "tar", "outcome": "lung cancer", "method": "auto"},
                summary="Effect 0.81.",
            )
        ],
        planner="rules",
    )


def possible_effects_answer() -> Answer:
    answer = estimate_answer()
    assert answer.estimate is not None
    answer.question = "What is the effect of smoking on yellow fingers?"
    answer.estimate = EstimatePayload(
        value=None,
        treatment="smoking",
        outcome="yellow fingers",
        method="linear_regression",
        possible_effects=[
            PossibleEffect(adjustment_set=[], value=1.2, ci=(1.0, 1.4)),
            PossibleEffect(adjustment_set=["age"], value=0.0),
        ],
    )
    answer.answer = "uncertain"
    return answer


def text_answer() -> Answer:
    return Answer(
        question="Describe the data",
        kind="text",
        answer="5 continuous columns, 1000 rows",
        explanation="All columns are continuous.",
        trace=[TraceStep(tool="describe_data", args={}, summary="5 columns.")],
        planner="rules",
    )


ALL = {
    "independence": independence_answer,
    "confounder": confounder_answer,
    "graph": graph_answer,
    "estimate": estimate_answer,
    "possible_effects": possible_effects_answer,
    "text": text_answer,
}
