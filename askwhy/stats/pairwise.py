"""Orienting a pair x - y from observational data alone, by methods that agree.

A graph over two variables can never orient their edge (both directions are Markov
equivalent), so `orient_pair` asks four methods that use more than independences
(askwhy.stats.pairwise_methods: LiNGAM's likelihood ratio, additive-noise models with HSIC,
RECI, IGCI) and answers with a direction only when the evidence is clear:

0. Each variable needs MIN_LEVELS distinct values: with a binary one, a threshold model
   (continuous -> binary) and a shift model (binary -> continuous) fit the same data.
1. x and y must be dependent (HSIC p < DEPENDENCE_ALPHA); otherwise "uncertain" (whether
   they are related at all is an independence test's question: "none" is never claimed here).
2. A pair that looks bivariate Gaussian (both marginals pass a normality test at
   GAUSSIAN_ALPHA and the additive-noise model fits both ways) is "uncertain": linear with
   Gaussian noise is the textbook unidentifiable case, whatever a score says.
3. Any two methods voting opposite ways: "uncertain" (they disagree).
4. Otherwise a direction when a method that checks its own model (FIT_CHECKED: the residual
   of the chosen direction is independent of the cause, the reverse one is not) votes for it,
   or when at least MIN_UNCHECKED_VOTES of the other methods agree on it (RECI and IGCI cannot
   tell a wrong model from a right one, so one of them alone is not enough).

Every method's score is kept as evidence, with its assumptions; none of them rules out a
hidden common cause, which the answer says.
"""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, Field

from askwhy.answer import Evidence
from askwhy.stats.pairwise_fit import MAX_ROWS, PairRows, hsic, pair_rows, standardize
from askwhy.stats.pairwise_methods import (
    FIT_ALPHA,
    LABELS,
    MethodScore,
    anm,
    igci,
    lingam,
    reci,
)

PairDirection = Literal["x_to_y", "y_to_x", "uncertain"]

MIN_ROWS = 50  # fewer rows: no method's test has the power to read a direction
MIN_LEVELS = 3  # a binary variable: "x causes y" and "y causes x" fit alike (see orient_pair)
DEPENDENCE_ALPHA = 0.01  # x and y must be shown dependent before a direction is read
GAUSSIAN_ALPHA = 0.01  # normality (D'Agostino-Pearson) not rejected at this level: Gaussian
FIT_CHECKED = ("anm", "lingam")  # methods that test their own model's fit
MIN_UNCHECKED_VOTES = 2  # RECI and IGCI decide only together
CONFOUNDING_CAVEAT = (
    "These methods assume no hidden common cause of the two variables; a confounder can make "
    "either direction look right."
)


class PairwiseResult(BaseModel):
    """The direction read from the pair's own data, why, and every method's score."""

    x: str
    y: str
    direction: PairDirection
    reason: str
    scores: list[MethodScore] = Field(default_factory=list)
    agreeing: list[str] = Field(default_factory=list)  # methods that voted for the direction
    opposing: list[str] = Field(default_factory=list)  # methods that voted against it
    dependence_p: float | None = None
    n_rows: int = 0  # complete rows given
    n_used: int = 0  # rows the methods used (a seeded subsample above MAX_ROWS)
    seed: int = 0

    def evidence(self) -> list[Evidence]:
        """One Evidence per method (kind 'test'), plus the dependence check."""
        found = []
        if self.dependence_p is not None:
            found.append(
                Evidence(
                    kind="test",
                    method="HSIC dependence check",
                    p_value=self.dependence_p,
                    alpha=DEPENDENCE_ALPHA,
                    parameters={"x": self.x, "y": self.y, "rows": self.n_used},
                    note="A direction is read only when the two variables are dependent.",
                )
            )
        for score in self.scores:
            found.append(
                Evidence(
                    kind="test",
                    method=score.label,
                    statistic=score.statistic,
                    p_value=score.p_value,
                    parameters={
                        "vote": _named(score.vote, self.x, self.y),
                        "applies": score.applies,
                        "rows": self.n_used,
                        "seed": self.seed,
                        **score.parameters,
                        **score.details,
                    },
                    assumptions=score.assumptions,
                    note=score.note,
                )
            )
        return found


def orient_pair(
    x: np.ndarray,
    y: np.ndarray,
    x_name: str = "x",
    y_name: str = "y",
    seed: int = 0,
    max_rows: int = MAX_ROWS,
) -> PairwiseResult:
    """Does x cause y or y cause x? 'uncertain' unless the methods that apply agree."""
    rows = pair_rows(x, y, seed, max_rows, names=(x_name, y_name))
    base = {"x": x_name, "y": y_name, "n_rows": rows.n_total, "n_used": rows.n, "seed": seed}
    if rows.n < MIN_ROWS:
        reason = (
            f"Uncertain: only {rows.n} complete rows of {x_name} and {y_name}; reading a "
            f"direction from the data needs at least {MIN_ROWS} (hundreds to be reliable)."
        )
        return PairwiseResult(direction="uncertain", reason=reason, **base)
    if min(rows.x_levels, rows.y_levels) < MIN_LEVELS:
        few = x_name if rows.x_levels < MIN_LEVELS else y_name
        levels = min(rows.x_levels, rows.y_levels)
        reason = (
            f"Uncertain: {few} takes only {levels} value{'s' if levels > 1 else ''} here; with "
            "a binary variable a threshold effect of the other one and a shift of the other's "
            "distribution fit the same data, so these methods cannot read a direction."
        )
        return PairwiseResult(direction="uncertain", reason=reason, **base)
    _, dependence_p = hsic(standardize(rows.x), standardize(rows.y))
    base["dependence_p"] = dependence_p
    if dependence_p >= DEPENDENCE_ALPHA:
        reason = (
            f"Uncertain: {x_name} and {y_name} are not shown to be dependent (HSIC p = "
            f"{dependence_p:.2g}), so there is no direction to read; an independence test "
            "answers whether they are related."
        )
        return PairwiseResult(direction="uncertain", reason=reason, **base)
    scores = [lingam(rows, seed), anm(rows), reci(rows), igci(rows, seed)]
    if _looks_gaussian(rows, scores):
        reason = (
            f"Uncertain: {x_name} and {y_name} look jointly Gaussian (linear with Gaussian "
            "noise), the case where the direction cannot be identified from data."
        )
        return PairwiseResult(direction="uncertain", reason=reason, scores=scores, **base)
    del base["x"], base["y"]
    return combine(scores, x_name, y_name, **base)


def _looks_gaussian(rows: PairRows, scores: list[MethodScore]) -> bool:
    from scipy.stats import normaltest

    both_fit = next(s for s in scores if s.method == "anm").details
    if min(both_fit["p_x_to_y"], both_fit["p_y_to_x"]) < FIT_ALPHA:
        return False
    return all(normaltest(v).pvalue >= GAUSSIAN_ALPHA for v in (rows.x, rows.y))


def combine(scores: list[MethodScore], x: str = "x", y: str = "y", **fields: Any) -> PairwiseResult:
    """The decision rule over the methods' votes (steps 3 and 4 of the module docstring);
    `fields` are the other PairwiseResult fields (rows, seed, dependence p-value)."""
    base = {"x": x, "y": y, "scores": scores, **fields}
    votes = {s.method: s.vote for s in scores if s.vote != "abstain"}
    if not votes:
        applying = [s for s in scores if s.applies]
        detail = (
            " ".join(f"{_label(s.method)}: {s.note}" for s in applying)
            if applying
            else "None of the methods' models fits these data."
        )
        reason = f"Uncertain: no method reads a clear direction between {x} and {y}. {detail}"
        return PairwiseResult(direction="uncertain", reason=reason, **base)
    sides = {d: [m for m, v in votes.items() if v == d] for d in ("x_to_y", "y_to_x")}
    if sides["x_to_y"] and sides["y_to_x"]:
        reason = (
            f"Uncertain: the methods disagree ({_labels(sides['x_to_y'])} for {x} -> {y}; "
            f"{_labels(sides['y_to_x'])} for {y} -> {x})."
        )
        return PairwiseResult(
            direction="uncertain",
            reason=reason,
            agreeing=sides["x_to_y"],
            opposing=sides["y_to_x"],
            **base,
        )
    direction: PairDirection = "x_to_y" if sides["x_to_y"] else "y_to_x"
    agreeing = sides[direction]
    cause, effect = (x, y) if direction == "x_to_y" else (y, x)
    if not any(m in FIT_CHECKED for m in agreeing) and len(agreeing) < MIN_UNCHECKED_VOTES:
        reason = (
            f"Uncertain: only {_labels(agreeing)} favours {cause} -> {effect}, a method that "
            "cannot check its own model; at least one more method would have to agree."
        )
        return PairwiseResult(direction="uncertain", reason=reason, agreeing=agreeing, **base)
    silent = [s.method for s in scores if s.vote == "abstain"]
    verb = "agrees" if len(agreeing) == 1 else "agree"
    reason = (
        f"{cause} causes {effect}: {_labels(agreeing)} {verb} on {cause} -> {effect}"
        + (
            f", and no method points the other way ({_labels(silent)}: no clear vote)"
            if silent
            else ""
        )
        + f". {CONFOUNDING_CAVEAT}"
    )
    return PairwiseResult(direction=direction, reason=reason, agreeing=agreeing, **base)


def _labels(methods: list[str]) -> str:
    return _join([_label(m) for m in methods])


def _label(method: str) -> str:
    return LABELS.get(method, method)


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _named(vote: str, x: str, y: str) -> str:
    return {"x_to_y": f"{x} -> {y}", "y_to_x": f"{y} -> {x}"}.get(vote, vote)


__all__ = [
    "DEPENDENCE_ALPHA",
    "FIT_CHECKED",
    "GAUSSIAN_ALPHA",
    "MIN_LEVELS",
    "MIN_ROWS",
    "MIN_UNCHECKED_VOTES",
    "PairDirection",
    "PairwiseResult",
    "combine",
    "orient_pair",
]
