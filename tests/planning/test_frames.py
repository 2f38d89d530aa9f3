"""Every Answer restates what it answered, whichever planner made it."""

from __future__ import annotations

from askwhy.planning.base import Plan
from askwhy.session import Session
from askwhy.testing import ScriptedPlanner, call


def test_a_model_answer_carries_the_frame_of_its_decisive_call(examples_dir):
    planner = ScriptedPlanner(
        call("describe_data"),
        call("common_cause", x="yellow_fingers", y="lung_cancer", z="tar"),
    )
    session = Session(persist=False, planner=planner)
    session.load(examples_dir / "smoking.csv")
    answer = session.ask("Is tar a confounder of yellow fingers and lung cancer?")
    assert answer.frame.family == "confounder" and answer.frame.z == "tar"
    assert answer.answer == "no"
    assert any(
        "is tar a common cause (confounder) of yellow_fingers and lung_cancer" in n
        for n in answer.notes
    )


def test_dependence_questions_are_answered_in_their_own_terms(examples_dir):
    from askwhy.frame import Frame

    class Correlated:
        name = "scripted"

        def plan(self, question, context):
            frame = Frame(family="independence", x="smoking", y="tar", polarity="dependence")
            return Plan(
                results=[context.call("test_independence", x="smoking", y="tar")], frame=frame
            )

    session = Session(persist=False, planner=Correlated())
    session.load(examples_dir / "smoking.csv")
    answer = session.ask("Is smoking correlated with tar?")
    assert answer.answer == "yes" and answer.explanation.startswith(
        "Yes: the data show they are dependent"
    )
    assert answer.trace[0].result["answer"] == "no"  # the test itself: not independent


def test_refusal_is_an_unclear_answer_that_runs_nothing(examples_dir):
    from askwhy.frame import Frame

    session = Session(persist=False)
    session.load(examples_dir / "smoking.csv")

    class Refuses:
        name = "scripted"

        def plan(self, question, context):
            return Plan(
                frame=Frame(family="unclear", confidence=0.0),
                unclear="I could not tell what is asked. Try: Does smoking cause tar?",
            )

    session.planner = Refuses()
    answer = session.ask("what's up")
    assert answer.kind == "unclear" and answer.answer == "unclear" and not answer.trace
    assert "Try:" in answer.explanation
