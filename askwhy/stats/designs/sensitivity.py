"""How strong unmeasured confounding would have to be to explain an estimate away.

- Robustness value (Cinelli & Hazlett 2020, "Making sense of sensitivity", eq. 18-19) of a
  treatment coefficient in a linear regression with t-statistic t and residual degrees of
  freedom df: with f = |t| / sqrt(df), RV = (sqrt(f^4 + 4 f^2) - f^2) / 2 -- the share of
  the residual variance of both treatment and outcome that a confounder must explain to
  bring the estimate to zero; RV_alpha does the same for the CI's limit (the estimate
  stops being significant at the 5% level). The same formula as DoWhy's
  LinearSensitivityAnalyzer.robustness_value_func (tests check the two agree), written here
  because DoWhy's applies only to its own estimator without effect modifiers.
- E-value (VanderWeele & Ding 2017) for a binary outcome: the risk ratio RR of the effect
  (risk under treatment over risk without it, in the target rows) becomes
  E = RR + sqrt(RR (RR - 1)) for RR >= 1 (RR inverted below 1) -- the minimum strength of
  association, on the risk-ratio scale, that a confounder would need with both treatment
  and outcome to explain the effect away. Also given for the CI limit closest to 1.
"""

from __future__ import annotations

import math

from scipy import stats

from askwhy.answer import Refutation
from askwhy.stats.designs.results import fmt


def robustness_value(t_stat: float, dof: float, alpha: float | None = None) -> float:
    """Cinelli-Hazlett robustness value (q = 1); with alpha, for the CI limit (RV_q,alpha)."""
    f = abs(t_stat) / math.sqrt(dof)
    if alpha is not None:
        f_crit = abs(stats.t.ppf(alpha / 2, dof - 1)) / math.sqrt(dof - 1)
        f = f - f_crit
        if f <= 0:
            return 0.0
    return 0.5 * (math.sqrt(f**4 + 4 * f**2) - f**2)


def e_value(rr: float) -> float:
    """VanderWeele-Ding E-value of a risk ratio."""
    if rr <= 0 or not math.isfinite(rr):
        return math.nan
    rr = 1 / rr if rr < 1 else rr
    return rr + math.sqrt(rr * (rr - 1))


def robustness_statement(t_stat: float, dof: float, treatment: str, outcome: str) -> str:
    rv = robustness_value(t_stat, dof)
    rv_alpha = robustness_value(t_stat, dof, alpha=0.05)
    return (
        f"Robustness value {rv:.1%}: an unmeasured confounder explaining {rv:.1%} of the "
        f"remaining variance of both '{treatment}' and '{outcome}' would bring the estimate to "
        f"zero; one explaining {rv_alpha:.1%} would make it no longer significant at 5% "
        "(Cinelli & Hazlett 2020, from the linear model)."
    )


def e_value_statement(p0: float, value: float, ci: tuple[float, float] | None) -> str | None:
    """E-values for a binary outcome's risk difference `value` on the baseline risk p0."""
    p1 = p0 + value
    if not (0 < p0 < 1 and 0 < p1 <= 1):
        return None
    rr = p1 / p0
    text = (
        f"E-value {e_value(rr):.2f} (risk ratio {rr:.2f}): an unmeasured confounder associated "
        f"with both treatment and outcome by a risk ratio of {e_value(rr):.2f} each could "
        "explain the effect away"
    )
    if ci is not None:
        limits = [(p0 + c) / p0 for c in ci if p0 + c > 0]
        if ci[0] <= 0 <= ci[1] or not limits:
            text += "; the CI already includes no effect"
        else:
            closest = min(limits, key=lambda r: abs(math.log(r)))
            text += f"; {e_value(closest):.2f} for the CI limit closest to no effect"
    return text + " (VanderWeele & Ding 2017)."


def refutation_statement(refutations: list[Refutation]) -> str:
    ran = [r for r in refutations if r.passed is not None]
    if not ran:
        return "DoWhy refuters could not run." if refutations else ""
    passed = [r for r in ran if r.passed]
    failed = [r for r in ran if not r.passed]
    text = f"DoWhy refuters: {len(passed)} of {len(ran)} passed"
    if failed:
        text += " (failed: " + ", ".join(r.method for r in failed) + ")"
    return text + "."


def bandwidth_statement(values: dict[str, float], se: float | None) -> str:
    base = values.get("1x")
    if base is None:
        return ""
    spread = max(abs(v - base) for v in values.values())
    shown = ", ".join(f"{k} bandwidth {fmt(v)}" for k, v in values.items())
    stable = se is not None and spread <= 2 * se
    verdict = "stable" if stable else "sensitive to the bandwidth; read it with care"
    return f"Bandwidth sensitivity: {shown}; the estimate is {verdict}."


def linear_robustness(frame, treatment: str, outcome: str, covariates: list[str]) -> str:
    """The robustness value of the treatment in the linear regression of the outcome on the
    treatment and the covariates (statsmodels OLS)."""
    import numpy as np
    import statsmodels.api as sm

    x = np.column_stack([np.ones(len(frame)), frame[[treatment, *covariates]].to_numpy()])
    fit = sm.OLS(frame[outcome].to_numpy(), x).fit()
    return robustness_statement(float(fit.tvalues[1]), float(fit.df_resid), treatment, outcome)
