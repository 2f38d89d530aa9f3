"""Choose the design, prepare the rows, run the design's estimator, write the sentence.

Design choice (`design="auto"`): an instrument means instrumental variables, a mediator
front-door adjustment, a running variable or cutoff a regression discontinuity, a time,
group, post or treated-group column difference-in-differences; otherwise back-door
adjustment. Each design checks that it got what it needs and refuses arguments it cannot
use, so a request is never silently read as another design.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

import pandas as pd

from askwhy.errors import ToolArgumentError
from askwhy.stats.designs.frame import (
    check_columns,
    complete_rows,
    expand_covariates,
    read_treatment,
    select_subgroup,
)
from askwhy.stats.designs.results import DesignResult, summary
from askwhy.stats.designs.spec import DESIGN_LABELS, DesignSpec

ROLE_FIELDS = {
    "iv": ("instrument",),
    "frontdoor": ("mediator",),
    "rdd": ("running_variable", "cutoff"),
    "did": ("time", "group", "post", "post_start", "treated_group"),
}
REQUIRED = {"iv": "instrument", "frontdoor": "mediator", "rdd": "running_variable"}


def choose_design(spec: DesignSpec) -> tuple[str, str]:
    """The design and why (named by the caller, or read from the roles given)."""
    given = {d: [f for f in fields if spec.given(f)] for d, fields in ROLE_FIELDS.items()}
    if spec.design != "auto":
        design = spec.design
        for other, fields in given.items():
            if other != design and fields:
                raise ToolArgumentError(
                    f"{', '.join(fields)} belong to design '{other}', not '{design}'; leave them "
                    f"out or use design='{other}'."
                )
        if design in REQUIRED and not spec.given(REQUIRED[design]):
            raise ToolArgumentError(
                f"Design '{design}' needs {REQUIRED[design]}=...; name that column."
            )
        return design, f"because the {DESIGN_LABELS[design]} design was asked for"
    named = [d for d, fields in given.items() if fields]
    if len(named) > 1:
        raise ToolArgumentError(
            f"The arguments mix designs ({', '.join(named)}); give design=... and only its "
            "arguments."
        )
    if named:
        design = named[0]
        if design in REQUIRED and not spec.given(REQUIRED[design]):
            raise ToolArgumentError(
                f"{', '.join(given[design])} imply design '{design}', which also needs "
                f"{REQUIRED[design]}=...; name that column."
            )
        roles = {
            "iv": f"an instrument ({', '.join(spec.instrument)}) was named",
            "frontdoor": f"a mediator ({spec.mediator}) was named",
            "rdd": f"a running variable ({spec.running_variable}) with a cutoff was named",
            "did": "time / group columns were named",
        }
        return design, f"because {roles[design]}"
    if spec.covariates:
        return "backdoor", f"because a set to adjust for was given ({', '.join(spec.covariates)})"
    return "backdoor", "because no instrument, mediator, cutoff or periods were named"


def _estimator(design: str) -> Callable:
    if design == "backdoor":
        from askwhy.stats.designs.backdoor import estimate_backdoor as run
    elif design == "matching":
        from askwhy.stats.designs.matching import estimate_matching as run
    elif design == "iv":
        from askwhy.stats.designs.iv import estimate_iv as run
    elif design == "frontdoor":
        from askwhy.stats.designs.frontdoor import estimate_frontdoor as run
    elif design == "rdd":
        from askwhy.stats.designs.rdd import estimate_rdd as run
    else:
        from askwhy.stats.designs.did import estimate_did as run
    return run


def _estimand_reason(design: str, estimand: str, requested: str | None) -> tuple[str, list]:
    """Why this estimand, and a note when it is not the one asked for."""
    if design in ("backdoor", "matching"):
        if requested is None:
            return "The ATE was estimated (no other estimand was asked for).", []
        return f"The {requested.upper()} was asked for.", []
    reasons = {
        "late": "instrumental variables identify the effect for compliers, the units the "
        "instrument moves (LATE)",
        "cutoff": "a regression discontinuity identifies the effect for units at the cutoff",
        "att": "difference-in-differences identifies the effect on the treated group in its "
        "treated periods (ATT)",
        "ate": "front-door adjustment identifies the average effect over all rows (ATE)"
        if design == "frontdoor"
        else "with a continuous treatment 2SLS gives the effect of a one-unit change, "
        "assuming it is the same for everyone (a weighted average of the effects otherwise)",
    }
    reason = f"The estimand follows the design: {reasons[estimand]}."
    if requested is not None and requested != estimand:
        note = (
            f"The {requested.upper()} was asked for, but {reasons[estimand]}; that is what is "
            "reported."
        )
        return reason, [note]
    return reason, []


def estimate_design(
    data: pd.DataFrame,
    spec: DesignSpec,
    categories: Mapping[str, list[str]] | None = None,
) -> DesignResult:
    """Estimate the effect `spec` asks for on `data` (columns as askwhy encodes them)."""
    started = time.perf_counter()
    categories = dict(categories or {})
    if spec.treatment == spec.outcome:
        raise ToolArgumentError("Treatment and outcome are the same column; name two columns.")
    design, design_reason = choose_design(spec)
    roles = [spec.treatment, spec.outcome, *spec.covariates, *spec.instrument, spec.mediator]
    roles += [spec.running_variable, spec.time, spec.group, spec.post, spec.treated_group]
    check_columns(data, roles)
    for name in spec.covariates:
        if name in (spec.treatment, spec.outcome):
            raise ToolArgumentError(
                f"'{name}' is the treatment or the outcome; remove it from the covariates."
            )
    rows, subgroup = select_subgroup(data, spec.subgroup, categories)
    frame, notes = complete_rows(rows, [r for r in roles if r is not None], categories)
    covariates = [c for c in dict.fromkeys(spec.covariates) if frame[c].nunique() > 1]
    dropped = [c for c in spec.covariates if c not in covariates]
    if dropped:
        notes.append(f"Left out {', '.join(dropped)}: constant in the rows used.")
    frame, covariates = expand_covariates(frame, covariates, categories)
    treatment = read_treatment(
        frame[spec.treatment], spec.treatment, categories.get(spec.treatment), spec.reference
    )
    notes += [treatment.note] if treatment.note else []
    result = _estimator(design)(frame, spec, covariates, treatment)
    result.design_reason = design_reason
    reason, estimand_notes = _estimand_reason(design, result.estimand, spec.estimand)
    result.estimand_reason = reason
    result.subgroup = subgroup
    result.warnings = list(dict.fromkeys(estimand_notes + notes + result.warnings))
    result.seconds = time.perf_counter() - started
    result.summary = summary(result)
    return result
