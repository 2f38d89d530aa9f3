"""The model's closing words never claim an action the trace does not show."""

from __future__ import annotations

import time

import pytest

from askwhy.planning.llm.claims import MAX_CLOSING_CHARS, Done, checked_summary
from askwhy.planning.llm.config import LLMSettings
from askwhy.planning.llm.planner import LLMPlanner
from askwhy.testing.chat_model import ScriptedChatModel, tool_call
from askwhy.testing.fixtures import example_session

COLUMNS = ("tar", "lung_cancer", "yellow_fingers")
NOTHING = Done.of([], [], [], COLUMNS)
TESTED = Done.of(["test_independence"], [], [], COLUMNS)
DISCOVERED = Done.of(["discover_graph"], [], ["pc-smoking"], COLUMNS)
EXPORTED = Done.of(["discover_graph", "export_graph"], ["export_graph"], ["g"], COLUMNS)


@pytest.mark.parametrize(
    ("text", "done"),
    [
        ("I exported the graph to graph.json.", TESTED),
        ("Done. The graph was written to /tmp/g.dot.", DISCOVERED),
        ("I ran rm_rf.", TESTED),
        ("I ran a shell command to check the data.", TESTED),
        ("I ran discover_graph first.", TESTED),  # a real tool, but not one that ran
        ("I deleted the old graphs.", EXPORTED),
        ("I saved the results.", TESTED),
        ("I tested whether they are independent: they are not.", NOTHING),
        ("The estimated effect is 0.8.", NOTHING),
    ],
)
def test_a_claim_the_trace_does_not_show_drops_the_summary(text, done):
    kept, note = checked_summary(text, done)
    assert kept == ""
    assert note.startswith("The model's summary was dropped: it claimed actions that were not")


@pytest.mark.parametrize(
    ("text", "done"),
    [
        ("I exported the graph to graph.json.", EXPORTED),
        ("The graph was saved as pc-smoking.", DISCOVERED),
        ("I ran test_independence on tar and lung_cancer: they are dependent.", TESTED),
        ("I ran `test_independence`; tar and lung cancer are dependent.", TESTED),
        ("I tested whether they are independent: they are not.", TESTED),
        ("No files were written and nothing was deleted.", TESTED),
        ("You can export it with /export NAME PATH; it can be saved too.", TESTED),
        ("askwhy answers causal questions about data.", NOTHING),
        ("Adjusting for smoking removed the association.", TESTED),
    ],
)
def test_true_or_hedged_words_are_kept(text, done):
    assert checked_summary(text, done) == (text, "")


def test_the_check_is_bounded():
    text = "They are dependent. " * 100_000
    started = time.perf_counter()
    kept, note = checked_summary(text, TESTED)
    assert time.perf_counter() - started < 1
    assert len(kept) == MAX_CLOSING_CHARS and note == ""
    # A claim past the part read cannot drop the part that is shown.
    assert checked_summary(text + "I ran rm_rf.", TESTED)[1] == ""


def test_the_planner_drops_a_summary_that_claims_an_export():
    model = ScriptedChatModel.of(
        tool_call("test_independence", x="tar", y="lung_cancer"),
        "They are dependent. I exported the result to results.csv and ran rm_rf.",
    )
    planner = LLMPlanner(LLMSettings(), chat_model=model)
    answer = example_session(planner=planner).ask("Are tar and lung cancer independent?")
    assert answer.answer == "no"
    assert "Model's summary" not in answer.explanation
    note = next(n for n in answer.notes if "summary was dropped" in n)
    assert "exported" in note and "ran" in note
    assert [step.tool for step in answer.trace] == ["test_independence"]


def test_the_planner_keeps_a_summary_the_trace_supports():
    model = ScriptedChatModel.of(
        tool_call("test_independence", x="tar", y="lung_cancer"),
        "I ran test_independence: tar and lung_cancer are dependent.",
    )
    planner = LLMPlanner(LLMSettings(), chat_model=model)
    answer = example_session(planner=planner).ask("Are tar and lung cancer independent?")
    assert "Model's summary: I ran test_independence" in answer.explanation
    assert not any("dropped" in n for n in answer.notes)
