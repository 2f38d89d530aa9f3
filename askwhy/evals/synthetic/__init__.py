"""Seeded synthetic data from known DAGs: random DAGs, three SEM families, test fixtures.

Used by the tests, the shipped examples, the benchmarks and the eval-question generator.
Everything that draws random numbers takes a seed or a numpy Generator, so runs repeat
exactly. Columns always come out in the DAG's node order.

    dag = named_dag("medicine", 6, rng=1)            # smoking, blood_pressure, ...
    df = simulate(dag, 1000, "nonlinear", seed=1)    # same seed, same rows
    sem = random_linear_sem(dag, rng=2)              # sem.weights are the true weights
    rows = sem.sample(1000, rng=3)
    effect = sem.total_effect("smoking", "cholesterol")  # = true_ate(sem.weights, ...)

Modules: `dags` (random and named DAGs), `sem` (the SEM families and true_ate),
`mixed` (continuous, binary, ordinal and categorical nodes), `random_sem` (random SEMs of
seven families and simulate),
`files` (example CSVs with their true graphs), `common` (shared types and checks).
"""

from askwhy.evals.synthetic.common import Mechanism, Seed, Weights
from askwhy.evals.synthetic.dags import (
    DOMAIN_VARIABLES,
    named_dag,
    random_dag,
    wide_named_dag,
    wide_names,
)
from askwhy.evals.synthetic.files import graph_json, graph_path, read_true_graph, write_example
from askwhy.evals.synthetic.mixed import MixedSEM, random_mixed_sem
from askwhy.evals.synthetic.random_sem import (
    random_discrete_sem,
    random_linear_sem,
    random_nongaussian_sem,
    random_nonlinear_sem,
    random_sem,
    random_varied_discrete_sem,
    random_varied_nonlinear_sem,
    simulate,
)
from askwhy.evals.synthetic.sem import (
    NOISE_KINDS,
    NONLINEAR_FUNCTIONS,
    SEM,
    DiscreteSEM,
    LinearSEM,
    NonlinearSEM,
    true_ate,
)

__all__ = [
    "DOMAIN_VARIABLES",
    "NOISE_KINDS",
    "NONLINEAR_FUNCTIONS",
    "SEM",
    "DiscreteSEM",
    "LinearSEM",
    "Mechanism",
    "MixedSEM",
    "NonlinearSEM",
    "Seed",
    "Weights",
    "graph_json",
    "graph_path",
    "named_dag",
    "random_dag",
    "random_discrete_sem",
    "random_linear_sem",
    "random_mixed_sem",
    "random_nongaussian_sem",
    "random_nonlinear_sem",
    "random_sem",
    "random_varied_discrete_sem",
    "random_varied_nonlinear_sem",
    "read_true_graph",
    "simulate",
    "true_ate",
    "wide_named_dag",
    "wide_names",
    "write_example",
]
