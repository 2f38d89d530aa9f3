"""Seeded data for each effect design, with the effect the data were made with.

Every generator returns a `DesignCase`: the table, the true effect of the estimand the
design identifies, and the `estimate_design` arguments that ask for it. Population truths
that have no closed form (the ATT and ATC under selection on observables) come from one
large fixed-seed draw.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

TRUTH_DRAW = 2_000_000


@dataclass
class DesignCase:
    name: str
    data: pd.DataFrame
    truth: float | None  # None when the truth is per level (see `levels`)
    args: dict[str, Any]  # estimate_design arguments
    levels: dict[str, float] = field(default_factory=dict)
    truths: dict[str, float] = field(default_factory=dict)  # other estimands of the same data


def _rng(seed: int) -> np.random.Generator:
    return np.random.default_rng(seed)


def _selection(rng: np.random.Generator, n: int) -> dict[str, np.ndarray]:
    x1, x2 = rng.normal(size=n), rng.normal(size=n)
    female = rng.random(n) < 0.5
    score = 0.8 * x1 + 0.5 * x2 - 0.2
    treated = (rng.random(n) < 1 / (1 + np.exp(-score))).astype(float)
    tau = 1.0 + x1 + 1.0 * female  # heterogeneous: the treated have larger x1, so ATT > ATC
    return {"x1": x1, "x2": x2, "female": female, "treated": treated, "tau": tau}


@lru_cache(maxsize=1)
def observational_truths() -> dict[str, float]:
    """ATE, ATT, ATC and the ATE for women, from one large draw."""
    draw = _selection(_rng(12345), TRUTH_DRAW)
    t, tau, female = draw["treated"] == 1, draw["tau"], draw["female"]
    return {
        "ate": float(tau.mean()),
        "att": float(tau[t].mean()),
        "atc": float(tau[~t].mean()),
        "ate_female": float(tau[female].mean()),
    }


def observational(n: int = 2000, seed: int = 0, estimand: str = "ate") -> DesignCase:
    """Selection on observables (x1, x2) with effects that grow with x1 and are larger for
    women: back-door and matching both apply; ATT > ATE > ATC."""
    rng = _rng(seed)
    draw = _selection(rng, n)
    y = draw["tau"] * draw["treated"] + draw["x1"] + 0.5 * draw["x2"] + rng.normal(size=n)
    data = pd.DataFrame(
        {
            "x1": draw["x1"],
            "x2": draw["x2"],
            "sex": np.where(draw["female"], "female", "male"),
            "age": rng.integers(18, 31, size=n),
            "treated": draw["treated"],
            "outcome": y,
        }
    )
    truths = observational_truths()
    args = {"treatment": "treated", "outcome": "outcome", "covariates": ["x1", "x2"]}
    args.update({"design": "backdoor", "estimand": estimand})
    return DesignCase("backdoor", data, truths[estimand], args, truths=truths)


def instrument(
    n: int = 2000, seed: int = 0, strength: float = 0.5, binary_instrument: bool = False
) -> DesignCase:
    """An unobserved confounder u of treatment and outcome; z moves the treatment only.
    Effect 2 for everyone (so the LATE is 2); plain regression is biased upwards."""
    rng = _rng(seed)
    u, w = rng.normal(size=n), rng.normal(size=n)
    z = (rng.random(n) < 0.5).astype(float) if binary_instrument else rng.normal(size=n)
    t = strength * z + u + 0.3 * w + rng.normal(size=n)
    y = 2.0 * t + 2.0 * u + w + rng.normal(size=n)
    data = pd.DataFrame({"z": z, "w": w, "dose": t, "outcome": y})
    args: dict[str, Any] = {"treatment": "dose", "outcome": "outcome", "instrument": ["z"]}
    if not binary_instrument:
        args["covariates"] = ["w"]
    return DesignCase("iv", data, 2.0, args)


def discontinuity(n: int = 2000, seed: int = 0, effect: float = 1.5) -> DesignCase:
    """Sharp RDD: 'elected' when 'margin' >= 0; a curved outcome with a jump of `effect`."""
    rng = _rng(seed)
    x = rng.uniform(-1, 1, size=n)
    t = (x >= 0).astype(float)
    y = 1 + 0.8 * x - 0.5 * x**2 + 0.4 * x**3 + effect * t + 0.3 * t * x
    y = y + rng.normal(scale=0.5, size=n)
    data = pd.DataFrame({"margin": x, "elected": t, "outcome": y})
    args = {"treatment": "elected", "outcome": "outcome", "running_variable": "margin"}
    args["cutoff"] = 0.0
    return DesignCase("rdd", data, effect, args)


def panel(
    n_groups: int = 200,
    n_periods: int = 6,
    start: int = 3,
    effect: float = 2.0,
    seed: int = 0,
    pre_trend: float = 0.0,
) -> DesignCase:
    """States observed over years; half the states adopt a policy in year `start`.
    State and year effects; `pre_trend` adds a diverging trend for the adopting states
    (parallel trends then fail)."""
    rng = _rng(seed)
    state = np.repeat(np.arange(n_groups), n_periods)
    year = np.tile(np.arange(n_periods), n_groups)
    adopter = (rng.permutation(n_groups) < n_groups // 2).astype(float)[state]
    year_effect = 0.5 * np.arange(n_periods) + rng.normal(scale=0.2, size=n_periods)
    d = adopter * (year >= start)
    y = rng.normal(size=n_groups)[state] + year_effect[year] + effect * d
    y = y + pre_trend * adopter * year + rng.normal(size=len(state))
    data = pd.DataFrame(
        {"state": state, "year": 2000 + year, "policy": d, "adopter": adopter, "outcome": y}
    )
    args = {"treatment": "policy", "outcome": "outcome", "time": "year", "group": "state"}
    return DesignCase("did", data, effect, args)


def mediated(n: int = 2000, seed: int = 0) -> DesignCase:
    """Front-door: smoking -> tar -> cancer, with an unobserved cause of smoking and cancer.
    Effect 0.8 x 1.5 = 1.2."""
    rng = _rng(seed)
    u = rng.normal(size=n)
    t = u + rng.normal(size=n)
    m = 0.8 * t + rng.normal(size=n)
    y = 1.5 * m + 2.0 * u + rng.normal(size=n)
    data = pd.DataFrame({"smoking": t, "tar": m, "cancer": y})
    args = {"treatment": "smoking", "outcome": "cancer", "mediator": "tar"}
    return DesignCase("frontdoor", data, 1.2, args)


LEVEL_EFFECTS = {"online": 2.0, "hybrid": 0.5}


def categorical(n: int = 2000, seed: int = 0) -> DesignCase:
    """A three-level course format chosen by age; effects against face-to-face per level."""
    rng = _rng(seed)
    age = rng.normal(size=n)
    logits = np.column_stack([np.zeros(n), 0.8 * age, -0.5 * age])
    p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    pick = (rng.random(n)[:, None] > np.cumsum(p, axis=1)).sum(axis=1)
    names = np.array(["face-to-face", "online", "hybrid"])[pick]
    effect = np.select([names == "online", names == "hybrid"], list(LEVEL_EFFECTS.values()), 0)
    y = effect + 1.0 * age + rng.normal(size=n)
    data = pd.DataFrame({"format": names, "age": age, "score": y})
    args = {"treatment": "format", "outcome": "score", "covariates": ["age"]}
    args["reference"] = "face-to-face"
    return DesignCase("categorical", data, None, args, levels=dict(LEVEL_EFFECTS))
