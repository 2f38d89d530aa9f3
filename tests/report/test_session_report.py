"""A report from a real Session run on a small seeded dataset with a known graph."""

import numpy as np
import pandas as pd

from askwhy.planning.compose import compose_answer
from askwhy.report import write_report
from askwhy.session import Session


class DiscoverPlanner:
    """Stand-in planner: always runs discovery (used if the rules planner cannot load)."""

    name = "scripted"

    def answer(self, question, session):
        result = session.call("discover_graph")
        return compose_answer(question, [result], session.take_trace(), self.name)


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(7)
    n = 400
    a = rng.normal(size=n)
    c = rng.normal(size=n)
    b = a + c + 0.5 * rng.normal(size=n)  # collider a -> b <- c
    d = b + 0.5 * rng.normal(size=n)
    return pd.DataFrame({"a": a, "b": b, "c": c, "d": d})


def _graph_answer():
    try:
        session = Session(persist=False)
        session.add_frame(_frame(), "toy")
        answer = session.ask("Draw the causal graph")
        if answer.kind == "graph":
            return answer
    except ImportError:
        pass
    session = Session(persist=False, planner=DiscoverPlanner())
    session.add_frame(_frame(), "toy")
    return session.ask("Draw the causal graph")


def test_report_of_a_real_discovery(tmp_path):
    answer = _graph_answer()
    assert answer.graph is not None
    assert ("a", "b", "->") in answer.graph.edges and ("c", "b", "->") in answer.graph.edges
    [page] = write_report(answer, tmp_path / "toy.html", data_path="toy.csv")
    html = page.read_text()
    for node in "abcd":
        assert f'data-name="{node}"' in html
    assert "discover_graph" in html
    algorithm = answer.evidence[0].method
    assert f"<td>{ {'pc': 'PC', 'boss': 'BOSS'}[algorithm] }</td>" in html
    assert "askwhy ask --data toy.csv &#x27;Draw the causal graph&#x27;" in html
