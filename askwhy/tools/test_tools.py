"""test_independence: (conditional) independence of two columns."""

from __future__ import annotations

from typing import Annotated, cast

from pydantic import Field

from askwhy.answer import Evidence
from askwhy.core.settings import TestName
from askwhy.tools.args import DatasetArgs
from askwhy.tools.registry import Column, Columns, Role, tool
from askwhy.tools.results import YesNoResult
from askwhy.tools.workspace import Workspace, rows_for_test

OPENINGS = {
    "yes": "Yes: the data show no evidence of dependence (independence is not rejected).",
    "no": "No: the data show they are dependent.",
}


class IndependenceArgs(DatasetArgs):
    x: Column = Field(description="First variable (column name).")
    y: Column = Field(description="Second variable (column name).")
    given: Columns = Field(default_factory=list, description="Conditioning variables, if any.")
    test: Annotated[TestName, Role.setting] = Field(
        default="auto",
        description="fisherz, rank_fisherz (Fisher-z on normal scores), chisq, gsq, dg "
        "(mixed discrete/continuous), rcot (fast kernel), kci, or auto (chosen from the "
        "columns' profile).",
    )
    alpha: Annotated[float, Role.setting] = Field(
        default=0.05, gt=0, lt=1, description="Significance level."
    )


@tool("yes_no")
def test_independence(ws: Workspace, args: IndependenceArgs) -> YesNoResult:
    """Test whether two variables are statistically independent, optionally given
    conditioning variables. Returns the p-value; 'yes' means independence is not rejected."""
    from askwhy.stats.independence import independence_test

    dataset = ws.dataset(args.dataset)
    rows = rows_for_test(dataset, [args.x, args.y, *args.given], args.test, "A test")
    result = independence_test(
        rows.frame,
        args.x,
        args.y,
        args.given,
        test=cast(TestName, rows.test),
        alpha=args.alpha,
        kinds=rows.kinds,
        source=rows.source,
    )
    skewed = [c for c in (args.x, args.y, *args.given) if dataset.profiles[c].skewed]
    warnings = [*rows.warnings, *result.notes]
    if skewed and result.test == "fisherz":
        warnings.append(
            f"{', '.join(skewed)} {'is' if len(skewed) == 1 else 'are'} strongly skewed; "
            "Fisher-z may be unreliable (try test 'rank_fisherz', 'rcot' or a log transform)."
        )
    answer = "yes" if result.independent else "no"
    return YesNoResult(
        tool="test_independence",
        summary=result.summary,
        answer=answer,
        opening=OPENINGS[answer],
        x=args.x,
        y=args.y,
        given=list(result.given),
        p_value=result.p_value,
        evidence=[
            Evidence(
                kind="test",
                method=result.test,
                statistic=result.statistic,
                p_value=result.p_value,
                alpha=result.alpha,
                parameters={
                    "x": args.x,
                    "y": args.y,
                    "given": result.given,
                    "rows": result.n_rows,
                    "rows_left_out": dataset.n_rows - result.n_rows,
                    **({"quantile_bins": rows.binned} if rows.binned else {}),
                },
                assumptions=result.assumptions,
                note=(rows.reason or result.test_reason) + ".",
            )
        ],
        warnings=warnings,
    )
