"""Labels for generated questions: `expected` from a direct analysis of the sample, `truth`
from the DAG that generated it.

`expected` runs askwhy's default analysis directly, never the planner: `default_graph` is
the graph the Workspace discovers with default settings (PC, stable, alpha 0.05, the test
chosen from the data's profile), `default_independent` the independence tool's test with
default settings; askwhy's graph-query and effect functions then read them. (`pc_graph`
runs causal-learn's PC with a named test, as the first committed sets were labelled.)
`truth` quantifies over the true DAG's equivalence class (its CPDAG):
"yes" when the property holds in every DAG of the class (so in the true DAG), "no" in none,
"uncertain" when no observational analysis could decide; for linear SEMs with non-Gaussian
noise the class is the DAG alone (LiNGAM identifies it), so there it is the DAG itself.
Independence truth is d-separation in the true DAG.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx
import pandas as pd

from askwhy.core.data import Dataset
from askwhy.core.graph import CausalGraph

ALPHA = 0.05


def default_test(mechanism: str) -> str:
    """askwhy's automatic test choice for a table of this mechanism."""
    return "chisq" if mechanism == "discrete" else "fisherz"


def pc_graph(frame: pd.DataFrame, columns: Sequence[str], test: str) -> CausalGraph:
    """Stable PC on `columns` with causal-learn, as a CPDAG."""
    import contextlib
    import io
    import warnings

    from causallearn.search.ConstraintBased.PC import pc

    names = list(columns)
    values = frame[names].to_numpy(dtype=float)
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        result = pc(values, ALPHA, test, stable=True, show_progress=False, node_names=names)
    return CausalGraph.from_causallearn(result.G, names, kind="cpdag")


def default_graph(dataset: Dataset, columns: Sequence[str]) -> CausalGraph:
    """The graph askwhy discovers on `columns` with default settings (no cache shared)."""
    from askwhy.core.settings import AnalysisSettings
    from askwhy.memory.store import GraphStore
    from askwhy.stats.quiet import quiet
    from askwhy.tools.workspace import Workspace

    workspace = Workspace(GraphStore(None))
    workspace.add(dataset)
    with quiet():
        return workspace.graph_for(dataset, list(columns), AnalysisSettings()).graph


def default_independent(dataset: Dataset, x: str, y: str, given: Sequence[str]) -> str:
    """The independence tool's verdict with default settings: "yes" when not rejected."""
    from askwhy.stats.independence import independence_test
    from askwhy.tools.workspace import rows_for_test

    rows = rows_for_test(dataset, [x, y, *given], "auto", "A test")
    result = independence_test(
        rows.frame, x, y, list(given), test=rows.test or "auto", alpha=ALPHA, kinds=rows.kinds
    )
    return "yes" if result.independent else "no"


def cpdag_of(dag: nx.DiGraph) -> CausalGraph:
    """The CPDAG (equivalence class) of a DAG, via causal-learn's dag2cpdag."""
    from causallearn.graph.Dag import Dag
    from causallearn.graph.GraphNode import GraphNode
    from causallearn.utils.DAG2CPDAG import dag2cpdag

    names = [str(n) for n in dag.nodes]
    nodes = {n: GraphNode(n) for n in names}
    graph = Dag([nodes[n] for n in names])
    for u, v in dag.edges:
        graph.add_directed_edge(nodes[str(u)], nodes[str(v)])
    return CausalGraph.from_causallearn(dag2cpdag(graph), names, kind="cpdag")


def edge_label(graph: CausalGraph) -> list[list[str]]:
    """The graph's edges, sorted so the label reads the same on every run."""
    return sorted(list(e) for e in graph.edge_list())


def independent_label(frame: pd.DataFrame, x: str, y: str, given: Sequence[str]) -> str:
    """The default test's verdict on the sample: "yes" when independence is not rejected."""
    from askwhy.stats.independence import independence_test

    result = independence_test(frame, x, y, list(given), alpha=ALPHA)
    return "yes" if result.independent else "no"


def d_separated_label(dag: nx.DiGraph, x: str, y: str, given: Sequence[str]) -> str:
    return "yes" if nx.is_d_separator(dag, {x}, {y}, set(given)) else "no"


def pair_label(graph: CausalGraph, kind: str, x: str, y: str) -> str:
    """direct_cause / collider / confounder over the graph's equivalence class."""
    from askwhy.stats import graph_queries

    query = {
        "direct_cause": graph_queries.direct_cause,
        "collider": graph_queries.collider,
        "confounder": graph_queries.confounder,
    }[kind]
    return query(graph, x, y).answer


def relatives_label(graph: CausalGraph, relation: str, x: str) -> dict[str, Any]:
    """The members of the relation in every DAG of the class."""
    from askwhy.stats import graph_queries

    return {"set": list(getattr(graph_queries, relation)(graph, x).definite)}


def adjustment_label(graph: CausalGraph, x: str, y: str) -> str | dict[str, Any]:
    """The backdoor set when the class fixes it, else "uncertain"."""
    from askwhy.stats.graph_queries import adjustment_sets

    sets = adjustment_sets(graph, x, y).sets
    return {"set": list(sets[0])} if len(sets) == 1 else "uncertain"


def effect_expected(
    frame: pd.DataFrame,
    graph: CausalGraph | None,
    treatment: str,
    outcome: str,
    covariates: Sequence[str] | None,
    treatment_values: tuple[float, float] | None,
) -> str | dict[str, Any]:
    """The default estimator on the sample: with the named covariates, or with the
    adjustment set read from the discovered graph ("uncertain" when that is not unique)."""
    from askwhy.stats.effects import estimate_effect
    from askwhy.stats.graph_queries import adjustment_sets

    if covariates is not None:
        adjustment = list(covariates)
    else:
        assert graph is not None
        found = adjustment_sets(graph, treatment, outcome)
        if not found.sets:
            # The outcome causes the treatment in every DAG of the class: no effect.
            return {"ate": 0.0} if found.outcome_may_be_parent else "uncertain"
        if len(found.sets) > 1 or found.outcome_may_be_parent:
            return "uncertain"  # several possible effects (IDA), one per parent set
        adjustment = list(found.sets[0])
    result = estimate_effect(
        frame,
        treatment,
        outcome,
        adjustment_set=adjustment,
        treatment_values=treatment_values,
        refuters=(),
    )
    return {"ate": result.value}
