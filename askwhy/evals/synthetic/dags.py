"""Random DAGs: on nodes X1..Xn, or with plausible variable names from a domain."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import networkx as nx
import numpy as np

from askwhy.errors import ToolArgumentError
from askwhy.evals.synthetic.common import Seed

# Plausible variable names per domain, listed roughly from causes to effects: named_dag
# keeps this order along the DAG's topological order, so no edge points "backwards".
DOMAIN_VARIABLES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "medicine": (
            "age", "genetic_risk", "smoking", "diet_quality", "exercise_hours",
            "body_mass_index", "cholesterol", "blood_pressure", "statin_dose",
            "inflammation", "heart_disease", "hospital_visits",
        ),
        "marketing": (
            "season", "brand_awareness", "ad_spend", "email_campaigns", "discount_rate",
            "site_visits", "social_mentions", "product_views", "cart_additions", "signups",
            "purchases", "revenue",
        ),
        "economics": (
            "population_growth", "interest_rate", "education_spending", "oil_price",
            "inflation", "unemployment_rate", "consumer_confidence", "wages", "investment",
            "household_spending", "gdp_growth", "tax_revenue",
        ),
        "education": (
            "parental_education", "parental_income", "school_funding", "class_size",
            "teacher_experience", "motivation", "prior_grades", "tutoring_hours",
            "study_hours", "attendance", "test_score", "college_admission",
        ),
    }
)  # fmt: skip


# Extra names for tables wider than one domain (see `wide_named_dag`).
EXTRA_VARIABLES: tuple[str, ...] = (
    "rainfall", "temperature", "soil_quality", "fertilizer_use", "irrigation",
    "pest_damage", "crop_yield", "air_quality", "traffic_volume", "commute_time",
    "sleep_quality", "life_satisfaction",
)  # fmt: skip


def wide_names() -> tuple[str, ...]:
    """Every domain's names and EXTRA_VARIABLES, interleaved position by position, so causes
    (listed first in each domain) still come before effects: 60 names."""
    pools = [*DOMAIN_VARIABLES.values(), EXTRA_VARIABLES]
    return tuple(pool[i] for i in range(max(map(len, pools))) for pool in pools if i < len(pool))


def random_dag(
    n_nodes: int,
    edge_prob: float | None = None,
    *,
    expected_degree: float | None = None,
    rng: Seed = None,
) -> nx.DiGraph:
    """A random DAG on nodes X1..Xn: a random causal order, each forward edge kept with
    probability `edge_prob` (or `expected_degree / (n_nodes - 1)`; default degree 2)."""
    if n_nodes < 1:
        raise ToolArgumentError(f"n_nodes must be at least 1, got {n_nodes}.")
    if edge_prob is not None and expected_degree is not None:
        raise ToolArgumentError("Give edge_prob or expected_degree, not both.")
    if edge_prob is None:
        degree = 2.0 if expected_degree is None else expected_degree
        edge_prob = min(1.0, degree / (n_nodes - 1)) if n_nodes > 1 else 0.0
    if not 0.0 <= edge_prob <= 1.0:
        raise ToolArgumentError(f"edge_prob must be between 0 and 1, got {edge_prob}.")
    rng = np.random.default_rng(rng)
    names = [f"X{i + 1}" for i in range(n_nodes)]
    order = rng.permutation(n_nodes)
    draws = rng.random((n_nodes, n_nodes))
    dag = nx.DiGraph()
    dag.add_nodes_from(names)
    for a in range(n_nodes):
        for b in range(a + 1, n_nodes):
            if draws[a, b] < edge_prob:
                dag.add_edge(names[order[a]], names[order[b]])
    return dag


def named_dag(
    domain: str,
    n_nodes: int,
    rng: Seed = None,
    *,
    edge_prob: float | None = None,
    expected_degree: float | None = None,
) -> nx.DiGraph:
    """A random DAG whose nodes carry plausible snake_case names from `domain`
    (one of DOMAIN_VARIABLES). Causes get names listed earlier in the domain's list."""
    if domain not in DOMAIN_VARIABLES:
        raise ToolArgumentError(
            f"Unknown domain '{domain}'. Choose one of: {', '.join(DOMAIN_VARIABLES)}."
        )
    names = DOMAIN_VARIABLES[domain]
    if n_nodes > len(names):
        raise ToolArgumentError(
            f"The '{domain}' domain has {len(names)} variable names; ask for at most that many."
        )
    return _named(names, n_nodes, rng, edge_prob, expected_degree)


def wide_named_dag(
    n_nodes: int, rng: Seed = None, *, expected_degree: float | None = None
) -> nx.DiGraph:
    """A random DAG of up to 60 nodes named from every domain (`wide_names`)."""
    names = wide_names()
    if n_nodes > len(names):
        raise ToolArgumentError(
            f"There are {len(names)} variable names; ask for at most that many."
        )
    return _named(names, n_nodes, rng, None, expected_degree)


def _named(
    names: tuple[str, ...],
    n_nodes: int,
    rng: Seed,
    edge_prob: float | None,
    expected_degree: float | None,
) -> nx.DiGraph:
    rng = np.random.default_rng(rng)
    dag = random_dag(n_nodes, edge_prob, expected_degree=expected_degree, rng=rng)
    picked = sorted(rng.choice(len(names), size=n_nodes, replace=False))
    mapping = {node: names[i] for node, i in zip(nx.topological_sort(dag), picked, strict=True)}
    return nx.relabel_nodes(dag, mapping, copy=True)
