"""Background knowledge and bootstrap through the tools and the CLI flags
(--require, --forbid, --tier, --exogenous, --bootstrap)."""

from __future__ import annotations

import json

import pytest

from askwhy.cli.main import build_parser, main
from askwhy.cli.options import DEFAULT_RESAMPLES, knowledge_from_flags
from askwhy.core.settings import BackgroundKnowledge
from askwhy.errors import AskwhyError, UnknownVariableError
from askwhy.session import Session
from askwhy.stats import bootstrap
from askwhy.testing import cases
from askwhy.tools.catalog import default_registry


@pytest.fixture
def chain() -> Session:
    session = Session(persist=False)
    session.add_frame(cases.chain().data, name="chain")  # A -> B -> C: PC leaves A -- B -- C
    return session


def test_the_settings_are_filled_in_not_generated():
    registry = default_registry()
    for name in ("discover_graph", "direct_cause", "common_cause", "mediator"):
        assert {"knowledge", "bootstrap"} <= set(registry.get(name).setting_fields), name


def test_discover_graph_takes_knowledge_by_name(chain):
    result = chain.call("discover_graph", knowledge={"tiers": [["a"], ["B"], ["*"]]})
    assert {tuple(e) for e in result.graph.edges} == {("A", "B", "->"), ("B", "C", "->")}
    assert any("time order [A] before [B] before [C]" in a for a in result.evidence[0].assumptions)
    assert result.evidence[0].parameters["knowledge"]["tiers"] == [["A"], ["B"], ["C"]]


def test_unknown_names_in_the_knowledge_are_errors_listing_the_columns(chain):
    with pytest.raises(UnknownVariableError, match="A, B, C"):
        chain.call("discover_graph", knowledge={"required": [["A", "D"]]})
    with pytest.raises(AskwhyError, match="knowledge"):
        chain.call("discover_graph", knowledge={"required": [["A", "B"]], "before": []})


def test_knowledge_about_columns_not_chosen_is_a_warning(chain):
    result = chain.call("discover_graph", variables=["A", "B"], knowledge={"exogenous": ["C"]})
    assert any("about C was not used" in w for w in result.warnings)


def test_graph_questions_use_the_knowledge(chain):
    assert chain.call("direct_cause", x="A", y="B").answer == "uncertain"
    tiers = {"tiers": [["A"], ["B"], ["C"]]}
    found = chain.call("direct_cause", x="A", y="B", knowledge=tiers)
    assert found.answer == "yes"
    assert any("Background knowledge" in a for a in found.evidence[0].assumptions)
    assert chain.call("mediator", x="A", y="C", z="B", knowledge=tiers).answer == "yes"


def test_knowledge_applied_to_a_graph_from_memory(chain):
    name = chain.call("discover_graph", name="plain").graph.name
    found = chain.call("direct_cause", x="B", y="C", graph=name, knowledge={"exogenous": ["b"]})
    assert found.answer == "yes" and "ruled out 2 of the 3 DAGs" in found.summary
    assert any("B is caused by nothing" in a for a in found.evidence[0].assumptions)


def test_bootstrap_through_the_tools(chain):
    found = chain.call("discover_graph", bootstrap=5)
    assert "Bootstrap: 5 resamples in" in found.summary
    answer = chain.call("direct_cause", x="A", y="B", bootstrap=5)
    assert answer.graph.name == found.graph.name  # the same B: reused from memory
    assert "the edge A -> B appears in" in answer.summary and "of 5 resamples" in answer.summary
    role = chain.call("common_effect", x="A", y="C", z="B", bootstrap=5)
    assert "Bootstrap (5 resamples" in role.summary


# ----- CLI --------------------------------------------------------------------------------


def _flags(*argv: str):
    return build_parser().parse_args(["ask", "--data", "x.csv", "q", *argv])


def test_flags_become_background_knowledge():
    args = _flags(
        "--require",
        "smoking -> tar",
        "--forbid",
        "tar->smoking",
        "--tier",
        "age, sex",
        "--tier",
        "*_t2",
        "--exogenous",
        "age,sex",
        "--bootstrap",
    )
    assert knowledge_from_flags(args) == BackgroundKnowledge(
        required=[("smoking", "tar")],
        forbidden=[("tar", "smoking")],
        tiers=[["age", "sex"], ["*_t2"]],
        exogenous=["age", "sex"],
    )
    assert args.bootstrap == DEFAULT_RESAMPLES == bootstrap.DEFAULT_RESAMPLES
    assert knowledge_from_flags(_flags()) is None and _flags().bootstrap is None


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--require", "smoking"], "CAUSE->EFFECT"),
        (["--forbid", "a->a"], "to itself"),
        (["--tier", " , "], "separated by commas"),
        (["--bootstrap", "5000"], "--bootstrap takes 0 to 1000"),
        (["--tier", "nosuch"], "nosuch"),
    ],
)
def test_bad_flags_exit_2_with_a_message(examples_dir, capsys, argv, message):
    data = str(examples_dir / "smoking.csv")
    code = main(["ask", "--data", data, "--no-store", "Does smoking cause tar?", *argv])
    assert code == 2 and message in capsys.readouterr().err.replace("\n", "")


def test_ask_with_knowledge_and_bootstrap(examples_dir, capsys):
    code = main(
        [
            "ask",
            "--data",
            str(examples_dir / "smoking.csv"),
            "--no-store",
            "--json",
            "--require",
            "smoking->tar",
            "--tier",
            "age,stress",
            "--tier",
            "*",
            "--exogenous",
            "Age",
            "--bootstrap",
            "6",
            "Does smoking directly cause tar?",
        ]
    )
    answer = json.loads(capsys.readouterr().out)
    assert code == 0 and answer["answer"] == "yes"
    args = answer["trace"][0]["args"]
    assert args["bootstrap"] == 6 and args["knowledge"]["required"] == [["smoking", "tar"]]
    assert "of 6 resamples" in answer["explanation"]
    assert any("smoking directly causes tar" in a for a in answer["assumptions"])
