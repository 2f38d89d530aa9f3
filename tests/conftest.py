"""Shared fixtures: synthetic data with known DAGs, and the shipped examples folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from askwhy import synthetic


@pytest.fixture
def chain_data() -> synthetic.SyntheticData:
    """A -> B -> C, linear-Gaussian, 1000 rows; `.data`, `.dag` (edge attribute 'weight')."""
    return synthetic.chain()


@pytest.fixture
def fork_data() -> synthetic.SyntheticData:
    """A <- B -> C, linear-Gaussian, 1000 rows."""
    return synthetic.fork()


@pytest.fixture
def collider_data() -> synthetic.SyntheticData:
    """A -> B <- C, linear-Gaussian, 1000 rows."""
    return synthetic.collider()


@pytest.fixture
def confounded_data() -> synthetic.SyntheticData:
    """X <- Z -> Y (X and Y not adjacent), linear-Gaussian, 1000 rows."""
    return synthetic.confounded_pair()


@pytest.fixture
def mediated_data() -> synthetic.EffectData:
    """Z -> T -> M -> Y, T -> Y, Z -> Y; 2000 rows; `.ate` is the true effect of T on Y (1.2)."""
    return synthetic.mediated_effect()


@pytest.fixture
def seven_node_data() -> synthetic.SyntheticData:
    """The 7-node DAG of synthetic.SEVEN_NODE_EDGES, linear-Gaussian, 1000 rows."""
    return synthetic.seven_node()


@pytest.fixture
def examples_dir() -> Path:
    """The repository's examples/ folder (smoking, marketing, dose, survey CSVs + graphs)."""
    return Path(__file__).resolve().parent.parent / "examples"
