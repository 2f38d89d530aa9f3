"""Options shared by `ask` and `chat`, and the Session they describe."""

from __future__ import annotations

import argparse
from typing import Any

from askwhy.core.settings import ALGORITHMS, ESTIMATORS, SETTING_NAMES, TESTS
from askwhy.errors import AskwhyError


def add_session_options(parser: argparse.ArgumentParser, data_required: bool = True) -> None:
    parser.add_argument("--data", "-d", required=data_required, help="CSV file to analyse")
    parser.add_argument(
        "--columns",
        metavar="FILE",
        help="data dictionary (.csv, .json or .yaml): per column a description, aliases, type "
        "and role (default: DATA.columns.json/.yaml/.csv beside the CSV, if any)",
    )
    parser.add_argument("--algorithm", choices=ALGORITHMS, help="default pc")
    parser.add_argument("--test", choices=TESTS, help="default auto")
    parser.add_argument("--alpha", type=float, help="significance level (default 0.05)")
    parser.add_argument("--method", choices=ESTIMATORS, help="effect estimator (default auto)")
    parser.add_argument("--seed", type=int, help="seed for randomised methods (default 0)")
    parser.add_argument(
        "--planner",
        choices=["rules", "llm", "local", "auto"],
        help="rules (offline), llm (OpenAI-compatible endpoint), local (in-process model, "
        "needs the [local] extra), or auto: rules when confident, else the model "
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
    parser.add_argument("--store-dir", help="graph memory directory (default: ASKWHY_HOME)")
    parser.add_argument(
        "--no-store", action="store_true", help="keep graphs in memory only, do not persist"
    )


def make_session(args: argparse.Namespace):
    from askwhy.session import Session

    columns = getattr(args, "columns", None)
    if columns and not args.data:
        raise AskwhyError("--columns describes the columns of --data FILE: give both.")
    if args.alpha is not None and not 0 < args.alpha < 1:
        raise AskwhyError(f"--alpha must be between 0 and 1, got {args.alpha}.")
    defaults = {name: getattr(args, name, None) for name in SETTING_NAMES}
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
    )
    if args.data:
        session.load(args.data, columns=columns)
    return session
