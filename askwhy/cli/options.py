"""Options shared by `ask` and `chat`, and the Session they describe."""

from __future__ import annotations

import argparse
import time
from typing import Any

from askwhy.core.settings import (
    ALGORITHMS,
    ESTIMATORS,
    MAX_BOOTSTRAP,
    SETTING_NAMES,
    TESTS,
    BackgroundKnowledge,
)
from askwhy.errors import AskwhyError

DEFAULT_RESAMPLES = 50  # askwhy.stats.bootstrap.DEFAULT_RESAMPLES, without importing numpy
TIME_LIMIT_MARGIN = 0.2  # share of --time-limit kept for putting the answer together


def add_session_options(
    parser: argparse.ArgumentParser, data_required: bool = True, one_shot: bool | None = None
) -> None:
    """The options of a session; `one_shot` (default: `data_required`, which only `ask` sets)
    adds those of a single question, such as --time-limit."""
    parser.add_argument("--data", "-d", required=data_required, help="CSV file to analyse")
    parser.add_argument(
        "--columns",
        metavar="FILE",
        help="data dictionary (.csv, .json or .yaml): per column a description, aliases, type "
        "and role (default: DATA.columns.json/.yaml/.csv beside the CSV, if any)",
    )
    parser.add_argument(
        "--engine",
        choices=("auto", "pandas", "duckdb"),
        help="how --data is read: pandas (into memory), duckdb (out of core, for big CSV, "
        "gzip CSV or Parquet files) or auto (by size; default)",
    )
    parser.add_argument("--algorithm", choices=ALGORITHMS, help="default auto (by profile)")
    parser.add_argument("--test", choices=TESTS, help="default auto")
    parser.add_argument("--alpha", type=float, help="significance level (default 0.05)")
    parser.add_argument("--method", choices=ESTIMATORS, help="effect estimator (default auto)")
    parser.add_argument("--seed", type=int, help="seed for randomised methods (default 0)")
    knowledge = parser.add_argument_group(
        "background knowledge", "what you know about the causal structure, by column name"
    )
    knowledge.add_argument(
        "--require",
        action="append",
        metavar="A->B",
        help="A directly causes B (repeat for more edges)",
    )
    knowledge.add_argument(
        "--forbid", action="append", metavar="A->B", help="A does not directly cause B"
    )
    knowledge.add_argument(
        "--tier",
        action="append",
        metavar="A,B",
        help="time order, earliest first: --tier age,sex --tier treatment --tier outcome "
        "(later tiers cannot cause earlier ones; patterns like '*_t1' allowed)",
    )
    knowledge.add_argument(
        "--exogenous",
        action="append",
        metavar="A[,B]",
        help="columns caused by nothing in the data, e.g. --exogenous age",
    )
    parser.add_argument(
        "--bootstrap",
        type=int,
        nargs="?",
        const=DEFAULT_RESAMPLES,
        metavar="N",
        help=f"edge stability over N bootstrap resamples (default N: {DEFAULT_RESAMPLES})",
    )
    parser.add_argument(
        "--planner",
        choices=["rules", "llm", "local", "auto"],
        help="rules (offline), llm (OpenAI-compatible endpoint), local (a small local model in "
        "a worker process, needs the [local] extra), or auto: rules when confident, else the model "
        "(default: auto when a model is configured, else rules)",
    )
    parser.add_argument("--model", help="LLM model name (env ASKWHY_MODEL)")
    parser.add_argument(
        "--base-url",
        help="OpenAI-compatible endpoint, e.g. http://localhost:11434/v1 (env OPENAI_BASE_URL)",
    )
    parser.add_argument(
        "--config",
        help="LLM settings file (default: $ASKWHY_CONFIG, else config.toml in the "
        "user config dir's askwhy folder)",
    )
    parser.add_argument(
        "--model-path", help="GGUF file for --planner local (env ASKWHY_GGUF; default: bundled)"
    )
    parser.add_argument("--threads", type=int, help="CPU threads for the local model")
    parser.add_argument(
        "--fallback",
        choices=["llm", "local"],
        help="what --planner auto hands unclear questions to (default: llm when configured)",
    )
    parser.add_argument(
        "--backend",
        help="where work that multiplies (bootstrap resamples) runs: local (the default: local "
        "processes), dask or ray (a local cluster), or an existing cluster: dask://HOST:PORT, "
        "ray://HOST:PORT (env ASKWHY_BACKEND; results are the same on every backend)",
    )
    parser.add_argument("--store-dir", help="graph memory directory (default: ASKWHY_HOME)")
    parser.add_argument(
        "--no-store", action="store_true", help="keep graphs in memory only, do not persist"
    )
    if data_required if one_shot is None else one_shot:
        parser.add_argument(
            "--time-limit",
            type=float,
            metavar="SECONDS",
            help="time budget: long work (bootstrap resamples) stops starting more in time to "
            "answer with what it has and say so; after SECONDS askwhy stops waiting and exits 2 "
            "(the unfinished work is abandoned)",
        )


def make_session(args: argparse.Namespace):
    from askwhy.session import Session

    columns = getattr(args, "columns", None)
    if columns and not args.data:
        raise AskwhyError("--columns describes the columns of --data FILE: give both.")
    if args.alpha is not None and not 0 < args.alpha < 1:
        raise AskwhyError(f"--alpha must be between 0 and 1, got {args.alpha}.")
    if args.bootstrap is not None and not 0 <= args.bootstrap <= MAX_BOOTSTRAP:
        raise AskwhyError(
            f"--bootstrap takes 0 to {MAX_BOOTSTRAP} resamples, got {args.bootstrap}."
        )
    defaults = {name: getattr(args, name, None) for name in SETTING_NAMES}
    defaults["knowledge"] = knowledge_from_flags(args)
    llm_options = {"model": args.model, "base_url": args.base_url, "config_path": args.config}
    if args.planner is None:
        from askwhy.planning.llm.config import default_planner_name, load_llm_settings

        args.planner = default_planner_name(load_llm_settings(**llm_options))
    planner_options: dict[str, Any] = {}
    if args.planner in ("llm", "auto"):
        planner_options = {**llm_options, "fallback": args.fallback}
    if args.planner in ("local", "auto"):
        planner_options.update(model_path=args.model_path, threads=args.threads)
    session = Session(
        planner=args.planner,
        planner_options=planner_options or None,
        store_dir=args.store_dir,
        persist=not args.no_store,
        defaults=defaults,
        backend=getattr(args, "backend", None),
    )
    limit = getattr(args, "time_limit", None)
    if limit:  # long work stops in time for the answer to be put together and printed
        session.deadline = time.monotonic() + limit - min(TIME_LIMIT_MARGIN * limit, 5.0)
    if args.data:
        session.load(args.data, columns=columns, engine=getattr(args, "engine", None) or "auto")
    return session


def knowledge_from_flags(args: argparse.Namespace) -> BackgroundKnowledge | None:
    """--require / --forbid A->B, --tier A,B (repeated: earliest first), --exogenous A as
    background knowledge; None without any. Names are checked against the data later."""
    required = [_edge(text, "--require") for text in getattr(args, "require", None) or []]
    forbidden = [_edge(text, "--forbid") for text in getattr(args, "forbid", None) or []]
    tiers = [_names(text, "--tier") for text in getattr(args, "tier", None) or []]
    exogenous = [
        n for text in getattr(args, "exogenous", None) or [] for n in _names(text, "--exogenous")
    ]
    if not (required or forbidden or tiers or exogenous):
        return None
    return BackgroundKnowledge(
        required=required, forbidden=forbidden, tiers=tiers, exogenous=exogenous
    )


def _edge(text: str, flag: str) -> tuple[str, str]:
    cause, arrow, effect = text.partition("->")
    cause, effect = cause.strip(), effect.strip()
    if not arrow or not cause or not effect or "->" in effect:
        raise AskwhyError(
            f"{flag} takes one edge as CAUSE->EFFECT, e.g. {flag} 'smoking->tar'; got '{text}'."
        )
    if cause == effect:
        raise AskwhyError(f"{flag} '{text}' joins '{cause}' to itself; name two columns.")
    return cause, effect


def _names(text: str, flag: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise AskwhyError(f"{flag} takes column names separated by commas, e.g. {flag} age,sex.")
    return names
