"""Overlap and covariate balance of a 0/1 treatment.

- Standardised mean difference (SMD) of a covariate: (treated mean - control mean) divided
  by sqrt((treated variance + control variance) / 2) of the unmatched data; the same
  denominator before and after matching, so the two are comparable. |SMD| < 0.1 is the usual
  mark of good balance.
- Overlap: propensity scores from a logistic regression (scikit-learn) of the treatment on
  the covariates; the share of rows outside 0.05..0.95 and each group's score range.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from askwhy.answer import Diagnostic

SMD_GOOD = 0.1
EXTREME = 0.05


def propensity_scores(frame: pd.DataFrame, treatment: str, covariates: Sequence[str]) -> np.ndarray:
    from sklearn.linear_model import LogisticRegression

    x = frame[list(covariates)].to_numpy()
    x = (x - x.mean(axis=0)) / np.where(x.std(axis=0) > 0, x.std(axis=0), 1.0)
    model = LogisticRegression(max_iter=1000).fit(x, frame[treatment].to_numpy())
    return model.predict_proba(x)[:, 1]


def smd(
    frame: pd.DataFrame,
    treatment: str,
    covariates: Sequence[str],
    weights: np.ndarray | None = None,
) -> dict[str, float]:
    """SMD per covariate; with `weights` (e.g. match counts), of the weighted samples."""
    treated = frame[treatment].to_numpy() == 1
    w = np.ones(len(frame)) if weights is None else np.asarray(weights, dtype=float)
    out = {}
    for name in covariates:
        x = frame[name].to_numpy()
        scale = np.sqrt((x[treated].var() + x[~treated].var()) / 2)
        if scale == 0 or w[treated].sum() == 0 or w[~treated].sum() == 0:
            out[name] = 0.0
            continue
        mean_t = np.average(x[treated], weights=w[treated])
        mean_c = np.average(x[~treated], weights=w[~treated])
        out[name] = float((mean_t - mean_c) / scale)
    return out


def balance_diagnostics(
    before: dict[str, float], after: dict[str, float] | None = None
) -> list[Diagnostic]:
    """One diagnostic per covariate: SMD before (and after) matching."""
    items = []
    for name, value in before.items():
        if after is None:
            note = "balanced" if abs(value) < SMD_GOOD else "imbalanced: adjustment matters here"
            items.append(Diagnostic(name=f"SMD {name}", value=round(value, 3), note=note))
            continue
        post = after[name]
        verdict = "balanced" if abs(post) < SMD_GOOD else "still imbalanced after matching"
        items.append(
            Diagnostic(
                name=f"SMD {name}",
                value=round(post, 3),
                note=f"{value:.3f} before matching, {post:.3f} after: {verdict}",
            )
        )
    return items


def overlap_diagnostic(scores: np.ndarray, treated: np.ndarray) -> tuple[Diagnostic, str | None]:
    """The overlap diagnostic and, when overlap is poor, a warning."""
    extreme = float(np.mean((scores < EXTREME) | (scores > 1 - EXTREME)))
    t_range = f"{scores[treated].min():.2f}..{scores[treated].max():.2f}"
    c_range = f"{scores[~treated].min():.2f}..{scores[~treated].max():.2f}"
    note = (
        f"propensity scores: treated {t_range}, untreated {c_range}; {extreme:.1%} of rows "
        f"outside {EXTREME}..{1 - EXTREME}"
    )
    warning = None
    if extreme >= 0.05:
        warning = (
            f"Weak overlap: {extreme:.0%} of rows have propensity scores outside "
            f"{EXTREME}..{1 - EXTREME}, so some treated and untreated rows have few comparable "
            "rows in the other group and the estimate leans on extrapolation."
        )
    return Diagnostic(name="overlap", value=round(extreme, 4), note=note), warning
