"""Seeded data with a known graph, shared by the discovery tests."""

import numpy as np
import pandas as pd


def collider(n: int = 2000, seed: int = 0) -> pd.DataFrame:
    """a -> c <- b, c -> d (linear-Gaussian)."""
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=(2, n))
    c = a + b + rng.normal(size=n)
    d = c + rng.normal(size=n)
    return pd.DataFrame({"a": a, "b": b, "c": c, "d": d})
