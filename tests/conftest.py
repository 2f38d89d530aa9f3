"""Shared fixtures: synthetic data with known DAGs, and the shipped examples folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from askwhy.testing import cases
from askwhy.testing.network import no_network


@pytest.fixture
def chain_data() -> cases.SyntheticData:
    """A -> B -> C, linear-Gaussian, 1000 rows; `.data`, `.dag` (edge attribute 'weight')."""
    return cases.chain()


@pytest.fixture
def fork_data() -> cases.SyntheticData:
    """A <- B -> C, linear-Gaussian, 1000 rows."""
    return cases.fork()


@pytest.fixture
def collider_data() -> cases.SyntheticData:
    """A -> B <- C, linear-Gaussian, 1000 rows."""
    return cases.collider()


@pytest.fixture
def confounded_data() -> cases.SyntheticData:
    """X <- Z -> Y (X and Y not adjacent), linear-Gaussian, 1000 rows."""
    return cases.confounded_pair()


@pytest.fixture
def mediated_data() -> cases.EffectData:
    """Z -> T -> M -> Y, T -> Y, Z -> Y; 2000 rows; `.ate` is the true effect of T on Y (1.2)."""
    return cases.mediated_effect()


@pytest.fixture
def seven_node_data() -> cases.SyntheticData:
    """The 7-node DAG of cases.SEVEN_NODE_EDGES, linear-Gaussian, 1000 rows."""
    return cases.seven_node()


@pytest.fixture
def examples_dir() -> Path:
    """The repository's examples/ folder (smoking, marketing, dose, survey CSVs + graphs)."""
    return Path(__file__).resolve().parent.parent / "examples"


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path_factory, monkeypatch):
    """No test touches the user's graph memory or picks up their LLM settings."""
    monkeypatch.setenv("ASKWHY_HOME", str(tmp_path_factory.mktemp("askwhy-home")))
    monkeypatch.setenv("ASKWHY_CONFIG", str(tmp_path_factory.mktemp("cfg") / "none.toml"))
    for name in ("ASKWHY_MODEL", "OPENAI_BASE_URL", "OPENAI_API_KEY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def no_network_access():
    """No test reaches another machine (a connect off loopback raises); 127.0.0.1 servers work."""
    with no_network():
        yield


@pytest.fixture(autouse=True)
def default_ctrl_c():
    """Every test starts with Python's own Ctrl-C handler: a library that replaced it in an
    earlier test (a cluster, a worker pool) must not change how later tests see SIGINT."""
    import signal

    signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, signal.default_int_handler)
