"""The `askwhy eval` subcommand: run a question set, or generate sets (`askwhy eval generate`)."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from askwhy.errors import AskwhyError, validation_problems


def add_eval_parser(subcommands: Any) -> argparse.ArgumentParser:
    """Add `eval` to the main parser's subcommands; its handler returns an exit code."""
    parser = subcommands.add_parser(
        "eval",
        help="score a planner on a question set, or generate sets",
        description="askwhy eval SET.jsonl [options]   run and score a question set\n"
        "askwhy eval generate --out DIR [--seed S ...]   write synthetic question sets",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("target", help="a question set (.jsonl), or 'generate'")
    run = parser.add_argument_group("running a set")
    run.add_argument("--planner", default="rules", help="rules (default), llm or local")
    run.add_argument(
        "--out", help="results JSONL (run) or output folder (generate, default evals/sets)"
    )
    run.add_argument("--summary", help="summary JSON (default: next to --out)")
    run.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    run.add_argument("--limit", type=int, help="only the first N questions")
    run.add_argument("--type", action="append", dest="types", help="only this type (repeatable)")
    run.add_argument("--rtol", type=float, default=0.05, help="relative error for estimates")
    run.add_argument("--atol", type=float, default=0.0, help="absolute error for estimates")
    run.add_argument("--algorithm", choices=["pc", "fci", "ges", "lingam"], help="default pc")
    run.add_argument("--test", choices=["auto", "fisherz", "chisq", "gsq", "kci"])
    run.add_argument("--alpha", type=float, help="significance level (default 0.05)")
    run.add_argument(
        "--method", choices=["auto", "linear_regression", "dml", "propensity_score_weighting"]
    )
    run.add_argument("--quiet", action="store_true", help="no progress bar or table")
    gen = parser.add_argument_group("generate")
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument(
        "--mechanism",
        action="append",
        dest="mechanisms",
        choices=["linear", "nonlinear", "discrete"],
        help="repeatable; default all three",
    )
    gen.add_argument("--datasets", type=int, default=20, help="CSVs per mechanism")
    gen.add_argument("--rows", type=int, default=1000, help="rows per CSV")
    gen.add_argument("--min-nodes", type=int, default=3)
    gen.add_argument("--max-nodes", type=int, default=8, help="at most 10")
    gen.add_argument("--no-effects", action="store_true", help="skip effect questions")
    parser.set_defaults(handler=run_eval_command)
    return parser


def run_eval_command(args: argparse.Namespace) -> int:
    if args.target == "generate":
        return _generate(args)
    return _run(args)


def _generate(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from askwhy.evals.generate import GenerateOptions, generate_sets

    try:
        options = GenerateOptions(
            seed=args.seed,
            mechanisms=args.mechanisms or ["linear", "nonlinear", "discrete"],
            datasets=args.datasets,
            rows=args.rows,
            min_nodes=args.min_nodes,
            max_nodes=args.max_nodes,
            effects=not args.no_effects,
        )
    except ValidationError as err:
        raise AskwhyError(f"Bad generate options: {validation_problems(err)}.") from None
    out = Path(args.out or "evals/sets")
    for path in generate_sets(out, options):
        print(f"Wrote {path} ({sum(1 for _ in path.open())} questions)")
    return 0


def _run(args: argparse.Namespace) -> int:
    from askwhy.evals.cases import load_cases
    from askwhy.evals.harness import EvalSettings, run_eval
    from askwhy.evals.report import render_table, summarize, write_results, write_summary
    from askwhy.evals.scoring import Tolerance
    from askwhy.session import make_planner

    if args.jobs < 1:
        raise AskwhyError(f"--jobs must be at least 1, got {args.jobs}.")
    if args.alpha is not None and not 0 < args.alpha < 1:
        raise AskwhyError(f"--alpha must be between 0 and 1, got {args.alpha}.")
    cases = load_cases(args.target)
    if args.types:
        cases = [c for c in cases if c.type in args.types]
    if args.limit is not None:
        cases = cases[: max(args.limit, 0)]
    if not cases:
        raise AskwhyError("No questions left to run; check --type and --limit.")
    make_planner(args.planner)  # fail early, with the planner's own message
    defaults = {
        k: v
        for k, v in {
            "algorithm": args.algorithm,
            "test": args.test,
            "alpha": args.alpha,
            "method": args.method,
        }.items()
        if v is not None
    }
    settings = EvalSettings(
        planner=args.planner, defaults=defaults, tolerance=Tolerance(rtol=args.rtol, atol=args.atol)
    )
    started = time.perf_counter()
    if args.quiet:
        results = run_eval(cases, settings, jobs=args.jobs)
    else:
        from rich.progress import Progress

        with Progress(transient=True) as progress:
            task = progress.add_task(f"{Path(args.target).name}", total=len(cases))
            results = run_eval(
                cases, settings, jobs=args.jobs, on_done=lambda n: progress.advance(task, n)
            )
    wall = time.perf_counter() - started
    summary = summarize(results, wall_seconds=wall)
    summary["settings"] = {
        "set": str(args.target),
        "planner": args.planner,
        "jobs": args.jobs,
        "defaults": defaults,
        "rtol": args.rtol,
        "atol": args.atol,
    }
    if args.out:
        write_results(results, args.out)
        summary_path = args.summary or str(Path(args.out).with_suffix("")) + ".summary.json"
        write_summary(summary, summary_path)
    elif args.summary:
        write_summary(summary, args.summary)
    if not args.quiet:
        from rich.console import Console

        console = Console()
        console.print(render_table(summary, title=f"askwhy eval: {Path(args.target).name}"))
        overall = summary["overall"]
        console.print(
            f"{len(results)} questions in {wall:.1f} s with {args.jobs} job(s): "
            f"{overall['wall_seconds_per_question']:.2f} s per question."
        )
    return 0
