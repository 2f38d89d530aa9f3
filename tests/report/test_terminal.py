import re

import pytest
from rich.console import Console

from askwhy.answer import Answer, EstimatePayload, Evidence, GraphPayload, TraceStep
from askwhy.report.terminal import render_answer
from askwhy.report.terminal_effects import effect_headline, no_path_sentence
from askwhy.report.terminal_tables import graph_table, graph_tree
from askwhy.report.terminal_words import assumption_digest, count, label, number
from tests.report.answers import (
    ALL,
    NODES,
    PC_EVIDENCE,
    confounder_answer,
    estimate_answer,
    graph,
    independence_answer,
)

PC_SENTENCE = (
    "PC assumes no hidden common causes of the measured variables (causal sufficiency), no "
    "feedback loops, and that every independence in the data reflects the graph "
    "(faithfulness)."
)


def _text(renderable, width: int = 120) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def _render(answer: Answer, width: int = 100, **options) -> str:
    console = Console(width=width, record=True, color_system=None)
    render_answer(answer, console, **options)
    return console.export_text()


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


def test_tree_shows_causes_above_effects_and_undirected_links():
    text = _text(graph_tree(graph()))
    lines = text.splitlines()
    assert lines[1].endswith("age")
    assert "-> smoking" in text and "o-> lung cancer" in text
    assert "smoking -- yellow fingers: linked, direction unknown" in text
    assert "age <-> lung cancer: hidden common cause" in text
    assert "((" not in text and "(direction" not in text
    for node in NODES:
        assert node in text


def test_tree_survives_cycles():
    cyclic = GraphPayload(nodes=["a", "b"], edges=[("a", "b", "->"), ("b", "a", "->")])
    assert "shown above" in _text(graph_tree(cyclic))


def test_table_lists_every_edge_once_with_plain_words():
    text = _text(graph_table(graph()))
    assert text.count("yellow fingers") == 1  # the undirected edge is not listed twice
    assert re.search(r"smoking\s+│ ->\s+│ tar\s+│ causes", text)
    assert "linked, direction unknown" in text and "hidden common cause" in text
    assert "Causal graph smoking-pc: 5 variables, 5 edges" in text


def test_table_counts_in_the_singular_and_names_nodes_without_edges():
    single = GraphPayload(name="g", nodes=["a", "b", "c"], edges=[("a", "b", "->")])
    text = _text(graph_table(single))
    assert "3 variables, 1 edge" in text and "1 edges" not in text
    assert "No edges: c." in text


def test_tree_prints_names_with_brackets_literally():
    odd = GraphPayload(nodes=["dose [mg]", "y"], edges=[("dose [mg]", "y", "->")])
    assert "dose [mg]" in _text(graph_tree(odd))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0.0, "0"),
        (0.8123, "0.812"),
        (0.00012345, "0.000123"),
        (1e-7, "1e-07"),
        (-8.0412, "-8.04"),
        (1234.5, "1,230"),
        (1500000.0, "1,500,000"),
        (None, ""),
    ],
)
def test_numbers_are_rounded_for_people(value, shown):
    assert number(value) == shown


def test_counts_and_labels():
    assert count(1, "edge") == "1 edge" and count(1500, "row") == "1,500 rows"
    assert label("fisherz") == "Fisher-z"
    assert label("DoWhy backdoor.linear_regression") == "DoWhy back-door, linear regression"


def test_assumptions_fit_in_a_few_words():
    digest = assumption_digest(
        [PC_SENTENCE, "Rows are independent draws from one population.", PC_SENTENCE]
    )
    assert digest == "no hidden common causes, no feedback loops, faithfulness, independent rows"


def _test_answer() -> Answer:
    return Answer(
        question="Are yellow fingers and lung cancer independent given smoking?",
        kind="yes_no",
        answer="yes",
        explanation="Yes: the data show no evidence of dependence (independence is not "
        "rejected). fisherz test: p = 0.219 >= alpha = 0.05, so no evidence against "
        "independence of yellow_fingers and lung_cancer given smoking.",
        evidence=[
            Evidence(
                kind="test",
                method="fisherz",
                statistic=1.23,
                p_value=0.2187,
                alpha=0.05,
                parameters={"given": ["smoking"], "rows": 1000, "rows_left_out": 0},
                assumptions=["Rows are independent draws from one population."],
                note="every column involved is continuous, so Fisher-z fits.",
            )
        ],
        assumptions=[
            "Fisher-z tests partial correlation: it assumes roughly linear relations and "
            "Gaussian-like noise; it can miss non-linear or non-monotone dependence.",
            "Rows are independent draws from one population.",
        ],
        notes=["Read the question as: are yellow_fingers and lung_cancer independent?"],
        trace=[
            TraceStep(
                tool="test_independence",
                args={"x": "yellow_fingers", "y": "lung_cancer", "given": ["smoking"]},
                summary="fisherz test: p = 0.219 >= alpha = 0.05, so no evidence against "
                "independence of yellow_fingers and lung_cancer given smoking.",
                result={"answer": "yes", "p_value": 0.2187},
            )
        ],
        planner="rules",
        seconds=0.02,
    )


def test_a_yes_no_answer_is_short():
    text = _render(_test_answer(), width=80)
    lines = _lines(text)
    assert 4 <= len(lines) <= 8, text
    assert lines[1].startswith("Yes: the data show no evidence of dependence")
    assert "Fisher-z p = 0.219 ≥ α 0.05, 1,000 rows" in text
    assert "Assumes" in text and "independent rows" in text
    assert "fisherz test: p = 0.219" not in text  # the Evidence line says it once
    assert "Read the question as" not in text  # the routine restatement is for --verbose
    assert "--verbose" in lines[-1]


def test_short_view_names_the_graph_and_how_to_see_it():
    answer = confounder_answer()
    answer.evidence = [
        PC_EVIDENCE.model_copy(update={"parameters": {"graph": "smoking-pc", "test": "fisherz"}})
    ]
    text = _render(answer)
    assert "smoking-pc (PC, Fisher-z, α 0.05): 5 variables, 5 edges." in text
    assert "askwhy graphs show smoking-pc" in text
    assert len(_lines(text)) <= 8, text
    assert "askwhy graphs show" not in _render(answer, graph_command=None)


def test_no_line_is_repeated_and_no_parentheses_nest():
    for make in ALL.values():
        for verbose in (False, True):
            text = _render(make(), verbose=verbose)
            lines = [line.strip() for line in _lines(text) if len(line.strip()) > 20]
            assert len(lines) == len(set(lines)), text
            assert not re.search(r"\([^()]*\(", text), text


def test_verbose_gives_the_full_tables():
    answer = estimate_answer()
    answer.assumptions = ["No unmeasured confounding given the adjustment set."]
    text = _render(answer, verbose=True)
    for title in ("Causal graph", "Effect details", "Evidence", "Assumptions", "Trace"):
        assert title in text
    assert "--verbose" not in text
    short = _render(estimate_answer())
    assert "Trace" not in short and "Effect details" not in short


def test_method_names_are_not_broken_mid_word():
    answer = estimate_answer()
    answer.evidence[0].method = "DoWhy backdoor.linear_regression"
    text = _render(answer, width=80, verbose=True)
    assert "DoWhy back-door," in text and "linear_regres" not in text


def test_titles_are_cut_with_an_ellipsis():
    answer = independence_answer()
    answer.question = "Are smoking and lung cancer independent given tar, age, stress and " * 3
    first = _render(answer, width=60).splitlines()[0]
    assert first.endswith("…") and len(first) <= 60


def test_an_effect_headline_rounds_and_gives_the_interval():
    text = " ".join(_render(estimate_answer()).split())
    headline = "Effect of a one-unit increase in tar on lung cancer: 0.812, 95% CI -0.05 to 1.6"
    assert f"{headline}, which contains zero." in text
    assert "random common cause FAILED" in text and "1 of 2 refutations passed" in text


def test_no_bare_zero_when_the_graph_points_the_other_way():
    reverse = estimate_answer()
    reverse.question = "What is the effect of tar on smoking?"
    reverse.answer = "0"
    reverse.estimate = EstimatePayload(value=0.0, treatment="tar", outcome="smoking", method="none")
    text = " ".join(_render(reverse).split())
    assert "No effect: tar does not cause smoking in the graph; smoking causes tar." in text
    assert not re.search(r"(^|\n)0\s*$", _render(reverse), re.MULTILINE)


def test_an_estimate_against_the_graph_says_so_first():
    backwards = EstimatePayload(
        value=0.00353, ci=(-0.0131, 0.0202), treatment="lung cancer", outcome="smoking",
        adjustment_set=["tar"], method="linear_regression",
    )  # fmt: skip
    sentence = no_path_sentence(backwards, graph())
    assert sentence == "No effect: lung cancer does not cause smoking in the graph."
    assert no_path_sentence(backwards.model_copy(update={"treatment": "age"}), graph()) == ""
    tiny = backwards.model_copy(update={"value": 1e-9, "ci": None})
    assert effect_headline(tiny).endswith(": 1e-09.")


def test_notes_that_matter_stay_short():
    answer = _test_answer()
    answer.notes += [
        "Left out column 'id': it labels rows.",
        "Graph 'g' was not saved (disk full); it is kept in memory for this session only.",
        "Encoded text column 'sex' as 0/1 (f=0, m=1).",
    ] + [f"A long note number {i} that goes on and on about the data." for i in range(20)]
    text = _render(answer, width=80)
    assert "Left out column 'id'" in text and "Encoded" not in text
    notes = text[text.index("Notes") :].splitlines()
    assert len([line for line in notes if line.strip()]) == 3  # two lines, then the footer
    assert "more with --verbose" in text
    verbose = _render(answer, width=80, verbose=True)
    assert "number 19" in verbose and "Read the question as" in verbose


def test_graphs_not_saved_get_no_show_command():
    answer = confounder_answer()
    answer.notes = ["Graph 'smoking-pc' was not saved (read-only); kept for this session only."]
    text = _render(answer)
    assert "askwhy graphs show" not in text and "was not saved" in text


MARKUP = "[bold red]dose[/] [link=http://x]y[/link]"


def test_no_text_is_read_as_markup():
    answer = _test_answer()
    answer.question = f"Is {MARKUP} independent?"
    answer.explanation = f"Yes: {MARKUP} is fine."
    answer.notes = [f"Left out column '{MARKUP}'."]
    answer.assumptions = [f"{MARKUP} assumed."]
    answer.graph = GraphPayload(name=MARKUP, nodes=[MARKUP, "b"], edges=[(MARKUP, "b", "->")])
    answer.trace[0].args = {"x": MARKUP}
    for verbose in (False, True):
        console = Console(width=200, record=True, color_system="truecolor")
        render_answer(answer, console, verbose=verbose)
        text = console.export_text()
        assert text.count(MARKUP) >= 3, text
        assert "http://x" not in console.export_html(inline_styles=True).replace(MARKUP, "")


def test_only_the_answer_word_is_coloured():
    console = Console(width=100, record=True, color_system="standard", force_terminal=True)
    render_answer(_test_answer(), console)
    line = console.export_text(styles=True).splitlines()[1]
    assert line.startswith("\x1b[1;32mYes\x1b[0m: the data show")
