"""The Python API end to end on the shipped examples (generated from known DAGs)."""

from pathlib import Path

import pytest

from askwhy import Session
from askwhy.errors import AskwhyError, UnknownVariableError
from askwhy.memory.store import GraphStore

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture
def smoking(tmp_path):
    session = Session(store_dir=tmp_path / "graphs")
    session.load(EXAMPLES / "smoking.csv")
    return session


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Are smoking and lung cancer independent?", "no"),
        ("Are yellow fingers and lung cancer independent given smoking?", "yes"),
        ("Are yellow fingers and tar independent conditional on smoking and age?", "yes"),
        ("Does tar directly cause lung cancer?", "yes"),
        ("Does yellow fingers directly cause lung cancer?", "no"),
        ("Does smoking directly cause tar?", "yes"),
        ("Does tar directly cause smoking?", "no"),
        ("Is there a common effect of age and tar?", "yes"),  # age -> lung_cancer <- tar
        ("Is there a collider of smoking and yellow fingers?", "no"),
        ("Is there a confounder between yellow fingers and lung cancer?", "yes"),  # smoking
        ("Is there a common cause of age and stress?", "no"),
    ],
)
def test_yes_no_questions_match_the_true_graph_class(smoking, question, expected):
    answer = smoking.ask(question)
    assert answer.kind == "yes_no"
    assert answer.answer == expected, answer.explanation
    assert answer.planner == "rules"
    assert answer.evidence and answer.assumptions and answer.trace


def test_graph_question_recovers_skeleton_and_v_structure(smoking):
    answer = smoking.ask("Draw the causal graph of this data")
    assert answer.kind == "graph"
    edges = {(a, b, kind) for a, b, kind in answer.graph.edges}
    skeleton = {frozenset((a, b)) for a, b, _ in edges}
    assert skeleton == {
        frozenset(p)
        for p in [
            ("age", "smoking"),
            ("stress", "smoking"),
            ("age", "lung_cancer"),
            ("smoking", "yellow_fingers"),
            ("smoking", "tar"),
            ("tar", "lung_cancer"),
        ]
    }
    assert ("age", "lung_cancer", "->") in edges and ("tar", "lung_cancer", "->") in edges
    assert answer.graph.name in smoking.store.names()


def test_partial_graph_uses_only_named_columns(smoking):
    answer = smoking.ask("What is the causal graph among smoking, tar and lung cancer?")
    assert sorted(answer.graph.nodes) == ["lung_cancer", "smoking", "tar"]


def test_graph_is_reused_not_recomputed(smoking):
    first = smoking.ask("Does tar directly cause lung cancer?")
    second = smoking.ask("Is there a common effect of age and tar?")
    assert first.graph.name == second.graph.name
    assert first.trace[0].result["graph_name"] == second.trace[0].result["graph_name"]
    reused = [e for e in second.evidence if e.kind == "discovery"]
    assert reused and reused[0].parameters["reused"] is True


def test_graph_memory_persists_across_sessions(tmp_path):
    store_dir = tmp_path / "graphs"
    first = Session(store_dir=store_dir)
    first.load(EXAMPLES / "smoking.csv")
    name = first.ask("Draw the causal graph").graph.name
    second = Session(store_dir=store_dir)
    second.load(EXAMPLES / "smoking.csv")
    assert name in second.store.names()
    answer = second.ask("Does tar directly cause lung cancer?")
    assert answer.graph.name == name
    assert "reused from memory" in answer.explanation


def test_relatives_and_adjustment(smoking):
    causes = smoking.ask("What are the direct causes of lung cancer?")
    assert causes.kind == "text"
    assert set(causes.trace[0].result["members"]) == {"age", "tar"}


def test_effect_with_named_covariates_is_close_to_truth(tmp_path):
    session = Session(store_dir=tmp_path)
    session.load(EXAMPLES / "dose.csv")
    answer = session.ask(
        "What is the average effect of dose on blood pressure when dose changes from 10 to 20, "
        "controlling for age and weight?"
    )
    assert answer.kind == "estimate"
    estimate = answer.estimate
    assert estimate.treatment == "dose" and estimate.outcome == "blood_pressure"
    assert sorted(estimate.adjustment_set) == ["age", "weight"]
    assert estimate.value == pytest.approx(-8.0, rel=0.1)
    assert estimate.refutations


def test_unknown_variable_lists_columns(smoking):
    with pytest.raises(UnknownVariableError) as info:
        smoking.call("test_independence", x="smoking", y="cancer_rate")
    assert "lung_cancer" in str(info.value)


def test_unclear_question_says_what_is_understood(smoking):
    answer = smoking.ask("What is the weather like tomorrow?")
    assert answer.kind == "unclear" and not answer.trace  # nothing was run
    assert "independent" in answer.explanation.lower()  # the kinds of question it reads
    assert "Try:" in answer.explanation or "lung_cancer" in answer.explanation


def test_tool_names_resolve_flexibly(smoking):
    result = smoking.call(
        "test_independence", x="Yellow Fingers", y="lung-cancer", given=["SMOKING"]
    )
    assert result.x == "yellow_fingers" and result.given == ["smoking"]


def test_in_memory_store_shared_between_sessions():
    store = GraphStore(None)
    for _ in range(2):
        session = Session(store=store)
        session.load(EXAMPLES / "smoking.csv")
        session.ask("Draw the causal graph")
    assert len(store.names()) == 1


def test_unoriented_chain_gives_uncertain_and_an_effect_range(chain_data):
    """A -> B -> C has the CPDAG A - B - C: directions, confounding and effects are open."""
    session = Session(persist=False)
    session.add_frame(chain_data.data, name="chain")
    assert session.ask("Does A directly cause B?").answer == "uncertain"
    assert session.ask("Does A directly cause C?").answer == "no"
    assert session.ask("Is there a common effect of A and C?").answer == "no"
    assert session.ask("Is there a common cause of A and C?").answer == "uncertain"
    effect = session.ask("What is the effect of A on B?")
    assert effect.answer == "uncertain" and effect.estimate.value is None
    values = sorted(p.value for p in effect.estimate.possible_effects)
    assert values[0] == pytest.approx(0.0) and values[-1] > 0.3  # 0 where B -> A


def test_confounded_pair_answers(confounded_data):
    session = Session(persist=False)
    session.add_frame(confounded_data.data, name="confounded")
    assert session.ask("Are X and Y independent?").answer == "no"
    assert session.ask("Are X and Y independent given Z?").answer == "yes"
    assert session.ask("Does X directly cause Y?").answer == "no"


def test_effect_names_treatment_value_outside_range(tmp_path):
    session = Session(store_dir=tmp_path)
    session.load(EXAMPLES / "dose.csv")
    answer = session.ask(
        "What is the effect of dose on blood pressure if dose goes from 10 to 500, adjusting "
        "for age and weight?"
    )
    assert any("outside" in note for note in answer.notes)


def test_discover_graph_keeps_the_name_asked_for(smoking):
    # Defect: with a cached graph, name= was ignored and the default name came back.
    first = smoking.call("discover_graph")
    named = smoking.call("discover_graph", name="my-graph")
    assert named.graph_name == "my-graph" and named.reused
    assert "my-graph" in smoking.store.names() and first.graph_name in smoking.store.names()
    assert smoking.store.get("my-graph").edges == smoking.store.get(first.graph_name).edges
    fresh = Session(persist=False)
    fresh.load(EXAMPLES / "smoking.csv")
    assert fresh.call("discover_graph", name="first-run").graph_name == "first-run"


def test_trace_holds_only_tool_calls_and_planner_steps_apart(smoking):
    from askwhy.answer import PlannerStep
    from askwhy.planning.base import Plan

    class TwoStepPlanner:
        name = "scripted"

        def plan(self, question, context):
            described = context.call("describe_data")
            tested = context.call("test_independence", x="smoking", y="tar")
            step = PlannerStep(planner="scripted", summary="1 model call", details={"calls": 1})
            return Plan(results=[described, tested], planner="scripted", steps=[step])

    smoking.planner = TwoStepPlanner()
    answer = smoking.ask("anything")
    assert [s.tool for s in answer.trace] == ["describe_data", "test_independence"]
    assert [s.summary for s in answer.planner_steps] == ["1 model call"]
    assert answer.kind == "yes_no" and answer.answer == "no"


def test_calls_outside_a_question_are_not_kept(smoking):
    for _ in range(3):
        smoking.call("describe_data")
    answer = smoking.ask("Does smoking directly cause tar?")
    assert [s.tool for s in answer.trace] == ["direct_cause"]
    # `tool` is positional-only, so a tool argument may be called anything
    with pytest.raises(AskwhyError, match="does not take 'tool'"):
        smoking.call("test_independence", x="smoking", y="tar", tool="x")


def test_an_unwritable_store_keeps_the_answer_and_says_so(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store folder should be")
    session = Session(store_dir=blocker)
    session.load(EXAMPLES / "smoking.csv")
    answer = session.ask("Does smoking directly cause tar?")
    assert answer.answer == "yes"
    assert any("not saved" in note or "could not" in note.lower() for note in answer.notes)


def test_no_store_wins_over_a_store_folder(tmp_path):
    session = Session(store_dir=tmp_path / "graphs", persist=False)
    session.load(EXAMPLES / "smoking.csv")
    session.ask("Draw the causal graph")
    assert not (tmp_path / "graphs").exists()


def test_observers_hear_each_tool_start_and_finish(tmp_path):
    from askwhy.session import ToolFinished, ToolStarted

    events = []
    session = Session(store_dir=tmp_path / "graphs", on_event=events.append)
    session.load(EXAMPLES / "smoking.csv")
    session.ask("Are smoking and tar independent?")
    started, finished = events
    assert isinstance(started, ToolStarted) and started.tool == "test_independence"
    assert started.args["x"] == "smoking"
    assert isinstance(finished, ToolFinished) and finished.tool == "test_independence"
    assert finished.seconds >= 0 and finished.error is None


def test_observers_hear_a_failed_call_too(smoking):
    events = []
    smoking.on_event = events.append
    with pytest.raises(UnknownVariableError):
        smoking.call("test_independence", x="smoking", y="no_such_column")
    assert [type(e).__name__ for e in events] == ["ToolStarted", "ToolFinished"]
    assert events[-1].error and "no_such_column" in events[-1].error
