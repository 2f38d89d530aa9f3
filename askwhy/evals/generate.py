"""Generate question sets from random DAGs: CSVs, their true graphs, and labelled questions.

For each mechanism, `datasets` random DAGs (names from the medicine, marketing, economics and
education domains, or from all of them for more than 12 nodes; 3-50 nodes, varied density)
are sampled into CSVs (`rows` rows, or between `rows` and `max_rows`, log-uniformly), and
about ten questions are asked of each, one or more of every type the rule planner supports.
Each question is labelled twice (see askwhy.evals.labels): `expected` by a direct analysis
of the sample with the default method, `truth` from the generating DAG (for non-Gaussian
linear data the DAG itself, which LiNGAM identifies; else its equivalence class).

Mechanisms: linear, nonlinear, discrete (the first committed sets), mixed (continuous,
binary, ordinal and categorical nodes), nongaussian (linear, non-Gaussian noise),
nonlinear_varied (nine functions), discrete_varied (weak to strong dependence); see
askwhy.evals.synthetic.

    generate_sets("evals/sets", GenerateOptions(seed=1))
    # -> evals/sets/linear.jsonl, evals/sets/linear/linear_00.csv (+ .graph.json), ...
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any, get_args

import networkx as nx
import numpy as np
import pandas as pd
from pydantic import BaseModel, Field, model_validator

from askwhy.core.graph import CausalGraph
from askwhy.errors import ToolArgumentError
from askwhy.evals import labels, synthetic
from askwhy.evals.cases import EvalCase, write_cases
from askwhy.evals.phrasing import display_name, join_names, phrase
from askwhy.evals.synthetic.common import Mechanism

# Order matters: a mechanism's index seeds its datasets, so new ones go at the end.
MECHANISMS: tuple[Mechanism, ...] = get_args(Mechanism)
DEFAULT_MECHANISMS: tuple[Mechanism, ...] = ("linear", "nonlinear", "discrete")
EFFECT_MECHANISMS = ("linear", "nongaussian")  # linear SEMs: the true effect is known
IDENTIFIED_MECHANISMS = ("nongaussian",)  # the data identify the DAG itself
DOMAINS = tuple(synthetic.DOMAIN_VARIABLES)
RELATIONS = ("parents", "children", "ancestors", "descendants")
LEVEL_WEIGHTS = (0.3, 0.4, 0.3)  # levels 1, 2, 3


class GenerateOptions(BaseModel):
    seed: int = 0
    mechanisms: list[Mechanism] = Field(default_factory=lambda: list(DEFAULT_MECHANISMS))
    datasets: int = Field(default=20, ge=1, description="Datasets (CSVs) per mechanism.")
    rows: int = Field(default=1000, ge=50)
    max_rows: int | None = Field(
        default=None, description="Draw each table's rows log-uniformly in rows..max_rows."
    )
    min_nodes: int = Field(default=3, ge=3)
    max_nodes: int = Field(default=8, le=50)
    effects: bool = Field(default=True, description="Effect questions (linear SEMs only).")

    @model_validator(mode="after")
    def _check_nodes(self) -> GenerateOptions:
        if self.min_nodes > self.max_nodes:
            raise ToolArgumentError("min_nodes must not exceed max_nodes.")
        if self.max_rows is not None and self.max_rows < self.rows:
            raise ToolArgumentError("max_rows must not be below rows.")
        return self


class _Dataset(BaseModel):
    """One generated table and what the questions need to know about it."""

    model_config = {"arbitrary_types_allowed": True}

    key: str
    csv: str
    domain: str
    mechanism: Mechanism
    frame: pd.DataFrame  # the analysed table (category codes as numbers)
    dataset: Any  # askwhy's Dataset of the CSV
    dag: nx.DiGraph
    sem: Any
    found: CausalGraph  # the default analysis of the sample (for `expected`)
    true_class: CausalGraph  # what the truth quantifies over: the DAG's class, or the DAG


def generate_sets(out_dir: str | Path, options: GenerateOptions | None = None) -> list[Path]:
    """Write one `<mechanism>.jsonl` set per mechanism, with its CSVs, under out_dir, and
    `all.jsonl` with every question when there is more than one mechanism."""
    options = options or GenerateOptions()
    out_dir = Path(out_dir)
    written = []
    everything: list[EvalCase] = []
    for mechanism in options.mechanisms:
        cases: list[EvalCase] = []
        for index in range(options.datasets):
            dataset = make_dataset(out_dir, mechanism, index, options)
            rng = np.random.default_rng([options.seed, MECHANISMS.index(mechanism), index, 1])
            cases.extend(questions_for(dataset, rng, options))
        written.append(write_cases(cases, out_dir / f"{mechanism}.jsonl"))
        everything.extend(cases)
    if len(options.mechanisms) > 1:
        written.append(write_cases(everything, out_dir / "all.jsonl"))
    return written


def make_dataset(
    out_dir: Path, mechanism: Mechanism, index: int, options: GenerateOptions
) -> _Dataset:
    """Sample a random named DAG and its data; write the CSV and graph; analyse it."""
    from askwhy.core.data import load_csv

    rng = np.random.default_rng([options.seed, MECHANISMS.index(mechanism), index])
    domain = DOMAINS[index % len(DOMAINS)]
    n_nodes = int(rng.integers(options.min_nodes, options.max_nodes + 1))
    degree = float(rng.uniform(1.0, 3.0))
    if n_nodes > len(synthetic.DOMAIN_VARIABLES[domain]):
        dag = synthetic.wide_named_dag(n_nodes, rng, expected_degree=degree)
    else:
        dag = synthetic.named_dag(domain, n_nodes, rng, expected_degree=degree)
    sem = synthetic.random_sem(dag, mechanism, rng)
    rows = options.rows
    if options.max_rows is not None:
        drawn = np.exp(rng.uniform(np.log(options.rows), np.log(options.max_rows)))
        rows = int(min(options.max_rows, max(options.rows, 50 * round(drawn / 50))))
    data = sem.sample(rows, rng)
    key = f"{mechanism}_{index:02d}"
    path = out_dir / mechanism / f"{key}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    synthetic.write_example(data, dag, path)
    dataset = load_csv(path)  # analyse exactly what the planner will read (4 decimals)
    frame = dataset.frame
    identified = mechanism in IDENTIFIED_MECHANISMS
    return _Dataset(
        key=key,
        csv=f"{mechanism}/{key}.csv",
        domain=domain,
        mechanism=mechanism,
        frame=frame,
        dataset=dataset,
        dag=dag,
        sem=sem,
        found=labels.default_graph(dataset, list(frame.columns)),
        true_class=CausalGraph.from_networkx(dag) if identified else labels.cpdag_of(dag),
    )


def questions_for(
    data: _Dataset, rng: np.random.Generator, options: GenerateOptions
) -> list[EvalCase]:
    """About ten labelled questions of every type about one dataset."""
    makers = [
        _independence(data, rng, want="yes"),
        _independence(data, rng, want="no"),
        _pair(data, rng, "direct_cause", prefer_edge=True),
        _pair(data, rng, "direct_cause", prefer_edge=False),
        _pair(data, rng, "collider", prefer_edge=True),
        _pair(data, rng, "confounder", prefer_edge=True),
        _relatives(data, rng),
        _adjustment(data, rng),
        _graph(data, rng),
    ]
    if options.effects and data.mechanism in EFFECT_MECHANISMS:
        makers.append(_effect(data, rng))
    cases = []
    for number, made in enumerate(m for m in makers if m is not None):
        kind, family, slots, expected, truth, level = made
        words = {k: _words(v, rng) for k, v in slots.items() if k in ("x", "y")}
        if "given" in slots:
            words["given"] = join_names([display_name(g, rng) for g in slots["given"]])
        if "variables" in slots:
            words["variables"] = join_names([display_name(v, rng) for v in slots["variables"]])
        for key in ("t0", "t1"):
            if key in slots:
                words[key] = f"{slots[key]:g}"
        question = phrase(
            family,
            level,
            rng,
            domain=data.domain,
            columns=list(data.frame.columns),
            rows=len(data.frame),
            yes_no=isinstance(truth, str) and kind not in ("adjustment_set", "effect"),
            **words,
        )
        cases.append(
            EvalCase(
                id=f"{data.key}-{number:02d}",
                question=question,
                csv=data.csv,
                type=kind,
                level=str(level),
                expected=expected,
                truth=truth,
                meta={
                    "mechanism": data.mechanism,
                    "domain": data.domain,
                    "nodes": data.dag.number_of_nodes(),
                    "edges": data.dag.number_of_edges(),
                    "rows": len(data.frame),
                    **{k: v for k, v in slots.items() if k in ("x", "y", "given", "variables")},
                },
            )
        )
    return cases


# ----- one question of each type -------------------------------------------------------------

Made = tuple[str, str, dict[str, Any], Any, Any, int]


def _level(rng: np.random.Generator) -> int:
    return int(rng.choice([1, 2, 3], p=LEVEL_WEIGHTS))


def _words(name: str, rng: np.random.Generator) -> str:
    return display_name(name, rng)


def _nodes(data: _Dataset) -> list[str]:
    return list(data.frame.columns)


def _independence(data: _Dataset, rng: np.random.Generator, want: str) -> Made:
    """A (conditional) independence question, aiming for d-separation truth `want`."""
    nodes = _nodes(data)
    draw: tuple[str, str, list[str]] = (nodes[0], nodes[1], [])
    for _ in range(40):
        x, y = (str(v) for v in rng.choice(nodes, size=2, replace=False))
        others = [n for n in nodes if n not in (x, y)]
        size = int(rng.integers(0, min(2, len(others)) + 1))
        given = [str(g) for g in rng.choice(others, size=size, replace=False)] if size else []
        draw = (x, y, given)
        if labels.d_separated_label(data.dag, x, y, given) == want:
            break
    x, y, given = draw
    expected = labels.default_independent(data.dataset, x, y, given)
    truth = labels.d_separated_label(data.dag, x, y, given)
    family = "conditional_independence" if given else "independence"
    slots: dict[str, Any] = {"x": x, "y": y, **({"given": given} if given else {})}
    return "independence", family, slots, expected, truth, _level(rng)


def _pair(data: _Dataset, rng: np.random.Generator, kind: str, prefer_edge: bool) -> Made:
    """direct_cause / collider / confounder on a pair that often has the property."""
    nodes = _nodes(data)
    x, y = (str(v) for v in rng.choice(nodes, size=2, replace=False))
    if prefer_edge and rng.random() < 0.6:
        candidates = _pairs_with(data.dag, kind)
        if candidates:
            x, y = candidates[int(rng.integers(len(candidates)))]
            if rng.random() < 0.5:
                x, y = y, x
    expected = labels.pair_label(data.found, kind, x, y)
    truth = labels.pair_label(data.true_class, kind, x, y)
    return kind, kind, {"x": x, "y": y}, expected, truth, _level(rng)


def _pairs_with(dag: nx.DiGraph, kind: str) -> list[tuple[str, str]]:
    """Pairs that have the property in the true DAG: edges, co-parents or co-children."""
    if kind == "direct_cause":
        return [(str(u), str(v)) for u, v in dag.edges]
    neighbours = dag.predecessors if kind == "collider" else dag.successors
    return [
        (str(a), str(b)) for v in dag.nodes for a, b in itertools.combinations(neighbours(v), 2)
    ]


def _relatives(data: _Dataset, rng: np.random.Generator) -> Made:
    relation = RELATIONS[int(rng.integers(len(RELATIONS)))]
    x = str(rng.choice(_nodes(data)))
    expected = labels.relatives_label(data.found, relation, x)
    truth = labels.relatives_label(data.true_class, relation, x)
    return relation, relation, {"x": x}, expected, truth, _level(rng)


def _cause_effect_pair(data: _Dataset, rng: np.random.Generator) -> tuple[str, str]:
    """A treatment with a directed path to the outcome, when the DAG has one."""
    pairs = [(str(a), str(b)) for a in data.dag.nodes for b in sorted(nx.descendants(data.dag, a))]
    if pairs:
        return pairs[int(rng.integers(len(pairs)))]
    x, y = rng.choice(_nodes(data), size=2, replace=False)
    return str(x), str(y)


def _adjustment(data: _Dataset, rng: np.random.Generator) -> Made:
    x, y = _cause_effect_pair(data, rng)
    expected = labels.adjustment_label(data.found, x, y)
    truth = labels.adjustment_label(data.true_class, x, y)
    return "adjustment_set", "adjustment_set", {"x": x, "y": y}, expected, truth, _level(rng)


def _graph(data: _Dataset, rng: np.random.Generator) -> Made:
    """The whole graph, or the graph of an ancestral subset (whose true graph is the induced
    subgraph, since every common cause of its members is in it)."""
    nodes = _nodes(data)
    subsets = [
        [n for n in nodes if n in nx.ancestors(data.dag, v) | {v}]
        for v in nodes
        if 2 <= len(nx.ancestors(data.dag, v)) + 1 < len(nodes)
    ]
    level = _level(rng)
    if subsets and rng.random() < 0.5:
        subset = subsets[int(rng.integers(len(subsets)))]
        expected = labels.edge_label(labels.default_graph(data.dataset, subset))
        induced = nx.DiGraph()
        induced.add_nodes_from(subset)
        induced.add_edges_from(sorted(data.dag.subgraph(subset).edges))
        identified = data.mechanism in IDENTIFIED_MECHANISMS
        truth_class = CausalGraph.from_networkx(induced) if identified else labels.cpdag_of(induced)
        truth = labels.edge_label(truth_class)
        return "graph", "partial_graph", {"variables": subset}, expected, truth, level
    expected = labels.edge_label(data.found)
    truth = labels.edge_label(data.true_class)
    return "graph", "graph", {}, expected, truth, level


def _effect(data: _Dataset, rng: np.random.Generator) -> Made | None:
    """An effect question on linear-SEM data, with one of three wordings: plain, from t0 to t1,
    or adjusting for the treatment's true parents."""
    x, y = _cause_effect_pair(data, rng)
    if not nx.has_path(data.dag, x, y):
        return None
    parents = sorted(str(p) for p in data.dag.predecessors(x))
    variant = str(rng.choice(["plain", "values", "adjusted"]))
    if variant == "adjusted" and not parents:
        variant = "plain"
    slots: dict[str, Any] = {"x": x, "y": y}
    values: tuple[float, float] | None = None
    covariates: list[str] | None = None
    family = "effect"
    if variant == "values":
        t0 = float(rng.choice([-1.0, 0.0, 0.5, 1.0]))
        values = (t0, t0 + float(rng.choice([0.5, 1.0, 1.5, 2.0])))
        slots.update(t0=values[0], t1=values[1])
        family = "effect_values"
    elif variant == "adjusted":
        covariates = parents
        slots["given"] = parents
        family = "effect_adjusted"
    change = (values[1] - values[0]) if values else 1.0
    truth = {"ate": data.sem.total_effect(x, y) * change}
    expected = labels.effect_expected(data.frame, data.found, x, y, covariates, values)
    return "effect", family, slots, expected, truth, _level(rng)
