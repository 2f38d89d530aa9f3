"""The `askwhy eval` subcommand: run a question set, or generate sets (`askwhy eval generate`);
`askwhy eval reading SET.jsonl` scores question reading, `askwhy eval reading generate` writes
the mutation reading set."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from askwhy.core.settings import ALGORITHMS, ESTIMATORS, TESTS
from askwhy.errors import AskwhyError, validation_problems


class _Mechanisms:
    """The generator's mechanisms as argparse choices, read only when a value is checked or
    help is shown (the generator imports numpy and networkx; `askwhy ask` must start fast)."""

    def _names(self) -> tuple[str, ...]:
        from askwhy.evals.generate import MECHANISMS

        return MECHANISMS

    def __contains__(self, value: object) -> bool:
        return value in self._names()

    def __iter__(self) -> Any:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())


def add_eval_parser(subcommands: Any) -> argparse.ArgumentParser:
    """Add `eval` to the main parser's subcommands; its handler returns an exit code."""
    parser = subcommands.add_parser(
        "eval",
        help="score a planner on a question set, or generate sets",
        description="askwhy eval SET.jsonl [options]   run and score a question set\n"
        "askwhy eval generate --out DIR [--seed S ...]   write synthetic question sets\n"
        "askwhy eval reading SET.jsonl [--planner P] [--family F ...]   score question reading\n"
        "askwhy eval reading generate --out DIR [--seed S]   write the mutation reading set",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("target", help="a question set (.jsonl), 'generate' or 'reading'")
    parser.add_argument(
        "reading_target", nargs="?", metavar="SET", help="after 'reading': a set, or 'generate'"
    )
    run = parser.add_argument_group("running a set")
    run.add_argument("--planner", default="rules", help="rules (default), llm, local or auto")
    run.add_argument(
        "--out", help="results JSONL (run) or output folder (generate, default evals/sets)"
    )
    run.add_argument("--summary", help="summary JSON (default: next to --out)")
    run.add_argument("--jobs", type=int, default=1, help="worker processes (default 1)")
    run.add_argument(
        "--backend",
        help="where questions run: local (--jobs processes, the default), dask or ray (a local "
        "cluster of --jobs workers), or an existing cluster: dask://HOST:PORT, ray://HOST:PORT "
        "(env ASKWHY_BACKEND)",
    )
    run.add_argument(
        "--time-limit",
        type=float,
        metavar="SECONDS",
        help="start no more questions once SECONDS have passed; the questions that ran are "
        "scored and the summary says how many did not",
    )
    run.add_argument("--limit", type=int, help="only the first N questions")
    run.add_argument("--type", action="append", dest="types", help="only this type (repeatable)")
    run.add_argument("--rtol", type=float, default=0.05, help="relative error for estimates")
    run.add_argument("--atol", type=float, default=0.0, help="absolute error for estimates")
    run.add_argument("--algorithm", choices=ALGORITHMS, help="default auto (by profile)")
    run.add_argument("--test", choices=TESTS, help="default auto")
    run.add_argument("--alpha", type=float, help="significance level (default 0.05)")
    run.add_argument("--method", choices=ESTIMATORS, help="default auto")
    run.add_argument("--quiet", action="store_true", help="no progress bar or table")
    gen = parser.add_argument_group("generate")
    gen.add_argument("--seed", type=int, default=0)
    gen.add_argument(
        "--mechanism",
        action="append",
        dest="mechanisms",
        choices=_Mechanisms(),
        metavar="MECHANISM",
        help="repeatable, one of %(choices)s; default linear, nonlinear, discrete",
    )
    gen.add_argument("--datasets", type=int, default=20, help="CSVs per mechanism")
    gen.add_argument("--rows", type=int, default=1000, help="rows per CSV")
    gen.add_argument("--min-nodes", type=int, default=3)
    gen.add_argument("--max-nodes", type=int, default=8, help="at most 10")
    gen.add_argument("--no-effects", action="store_true", help="skip effect questions")
    read = parser.add_argument_group("reading (askwhy eval reading SET.jsonl)")
    read.add_argument("--family", action="append", dest="families", help="only this family")
    read.add_argument(
        "--mode",
        choices=["rules", "session"],
        help="rules: the rule parser directly (default for --planner rules); session: "
        "Session.ask on the CSV and its Answer.frame (any planner)",
    )
    read.add_argument("--threshold", type=float, help="rules mode: refuse below this confidence")
    read.add_argument("--worst", type=int, default=10, help="examples of 'different' to show")
    parser.set_defaults(handler=run_eval_command)
    return parser


def run_eval_command(args: argparse.Namespace) -> int:
    if args.target == "reading":
        return _reading(args)
    if args.reading_target is not None:
        raise AskwhyError(f"Unexpected argument '{args.reading_target}' after {args.target}.")
    if args.target == "generate":
        return _generate(args)
    return _run(args)


def _generate(args: argparse.Namespace) -> int:
    from pydantic import ValidationError

    from askwhy.evals.generate import DEFAULT_MECHANISMS, GenerateOptions, generate_sets

    try:
        options = GenerateOptions(
            seed=args.seed,
            mechanisms=args.mechanisms or list(DEFAULT_MECHANISMS),
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
    import sys

    from askwhy.core.backends import Backend
    from askwhy.evals.cases import load_cases
    from askwhy.evals.harness import EvalSettings, run_eval
    from askwhy.evals.report import render_table, summarize, write_results, write_summary
    from askwhy.evals.scoring import Tolerance
    from askwhy.session import make_planner

    if args.jobs < 1:
        raise AskwhyError(f"--jobs must be at least 1, got {args.jobs}.")
    if args.alpha is not None and not 0 < args.alpha < 1:
        raise AskwhyError(f"--alpha must be between 0 and 1, got {args.alpha}.")
    limit = args.time_limit
    if limit is not None and not 0 < limit < float("inf"):
        raise AskwhyError(f"--time-limit must be a positive number of seconds, got {limit:g}.")
    backend = Backend(args.backend)  # a bad name fails here, before any work
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
    deadline = time.monotonic() + limit if limit is not None else None
    run = {"jobs": args.jobs, "backend": backend, "deadline": deadline}
    try:
        if args.quiet:
            results = run_eval(cases, settings, **run)
        else:
            from rich.progress import Progress

            with Progress(transient=True) as progress:
                task = progress.add_task(f"{Path(args.target).name}", total=len(cases))
                results = run_eval(
                    cases, settings, on_done=lambda n: progress.advance(task, n), **run
                )
    finally:
        backend.close()
    wall = time.perf_counter() - started
    summary = summarize(results, wall_seconds=wall)
    summary["settings"] = {
        "set": str(args.target),
        "planner": args.planner,
        "jobs": args.jobs,
        "backend": backend.spec.describe(),
        "not_run": len(cases) - len(results),
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
    if len(results) < len(cases):
        print(
            f"--time-limit {limit:g} s stopped the run: {len(cases) - len(results)} of the "
            f"{len(cases)} questions did not run and are not scored.",
            file=sys.stderr,
        )
    return 0


# ----- askwhy eval reading ------------------------------------------------------------------


def _reading(args: argparse.Namespace) -> int:
    if args.reading_target is None:
        raise AskwhyError("Say what to do: askwhy eval reading SET.jsonl, or ... reading generate.")
    if args.reading_target == "generate":
        from askwhy.evals.mutations import write_mutation_set

        path, tables = write_mutation_set(args.out or "evals/sets/reading", seed=args.seed)
        count = sum(1 for _ in path.open(encoding="utf-8"))
        print(f"Wrote {path} ({count} questions) and {len(tables)} tables in {tables[0].parent}")
        return 0
    from askwhy.evals import reading
    from askwhy.evals.report import write_summary

    mode = args.mode or ("rules" if args.planner == "rules" else "session")
    if mode == "rules" and args.planner != "rules":
        raise AskwhyError("--mode rules reads with the rule parser; use --mode session for others.")
    cases = reading.load_reading_set(args.reading_target)
    if args.families:
        cases = [c for c in cases if c.frame.get("family") in args.families]
    if args.limit is not None:
        cases = cases[: max(args.limit, 0)]
    if not cases:
        raise AskwhyError("No questions left to read; check --family and --limit.")
    settings: dict[str, Any] = {"set": str(args.reading_target), "mode": mode}
    if mode == "rules":
        reader, settings["reader"] = reading.rules_reader()
        threshold, source = reading.rule_threshold()
        if args.threshold is not None:
            threshold, source = args.threshold, "--threshold"
        settings |= {"threshold": threshold, "threshold_source": source}

        def run(on_done: Any) -> list[reading.ReadingResult]:
            return reading.read_with_rules(cases, reader, threshold, on_done=on_done)
    else:
        from askwhy.session import make_planner

        planner = make_planner(args.planner)  # fail early, with the planner's own message
        settings["planner"] = args.planner

        def run(on_done: Any) -> list[reading.ReadingResult]:
            return reading.read_with_session(cases, planner, on_done=on_done)

    started = time.perf_counter()
    if args.quiet:
        results = run(None)
    else:
        from rich.progress import Progress

        with Progress(transient=True) as progress:
            task = progress.add_task(Path(args.reading_target).name, total=len(cases))
            results = run(lambda n: progress.advance(task, n))
    settings["seconds"] = round(time.perf_counter() - started, 2)
    summary = reading.summarize_readings(results, **settings)
    if args.out:
        reading.write_readings(results, args.out)
        summary_path = args.summary or str(Path(args.out).with_suffix("")) + ".summary.json"
        write_summary(summary, summary_path)
    elif args.summary:
        write_summary(summary, args.summary)
    if not args.quiet:
        _print_reading(summary, reading.worst_different(results, args.worst), args)
    return 0


def _print_reading(summary: dict[str, Any], worst: list[Any], args: argparse.Namespace) -> None:
    import json

    from rich.console import Console
    from rich.markup import escape

    console = Console()
    name = Path(args.reading_target).name
    for key, title in (("by_family", "family"), ("by_mutation", "mutation / style")):
        console.print(_reading_table(summary[key], summary["overall"], f"{name}: by {title}"))
    o, s = summary["overall"], summary["settings"]
    if s["mode"] == "rules":
        how = f"reader {s['reader']}, refused below confidence {s['threshold']:g} "
        how += f"({s['threshold_source']})"
    else:
        how = f"Session with planner {s['planner']}"
    console.print(
        f"{o['n']} questions: right {o['right']}%, different {o['different']}%, refused "
        f"{o['refused']}% (right of answered {o['right_of_answered']}%); {how}; {s['seconds']} s."
    )
    if summary["wrong_roles"]:
        roles = ", ".join(f"{k} {v}" for k, v in summary["wrong_roles"].items())
        console.print(f"Wrong in 'different' readings: {roles}.")
    if worst:
        console.print("\n[bold]Worst 'different' readings[/bold]")
    for r in worst:
        console.print(f"[bold]{r.id}[/bold] ({r.mutation}) {escape(r.question[:300])}")
        for name, frame in (("label:  ", r.label), ("reading:", r.reading or {})):
            console.print(f"  {name} {escape(json.dumps(_brief(frame), ensure_ascii=False))}")
        console.print(f"  wrong:   {', '.join(r.wrong)}")


def _brief(frame: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in frame.items() if k not in ("options", "choice_map", "notes")}


def _reading_table(groups: dict[str, Any], overall: dict[str, Any], title: str) -> Any:
    from rich.table import Table

    table = Table(title=title)
    for column in ("", "n", "right", "different", "refused", "right of answered"):
        table.add_column(column, justify="left" if not column else "right")
    rows = [*groups.items(), ("[bold]all[/bold]", overall)]
    for index, (key, f) in enumerate(rows):
        if index == len(rows) - 1:
            table.add_section()
        cells = [f"{f[k]:.1f}%" if f[k] is not None else "-" for k in
                 ("right", "different", "refused", "right_of_answered")]  # fmt: skip
        table.add_row(key, str(f["n"]), *cells)
    return table
