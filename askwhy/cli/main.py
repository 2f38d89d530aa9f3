"""The `askwhy` command: ask, chat, tools, graphs."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from askwhy.errors import AskwhyError

EXIT_USER_ERROR = 2


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    try:
        return args.handler(args)
    except AskwhyError as err:
        _error_console().print(f"[bold red]error:[/bold red] {err}")
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # a bug, not the user's fault: short message, traceback on request
        if os.environ.get("ASKWHY_DEBUG"):
            raise
        _error_console().print(
            f"[bold red]internal error:[/bold red] {type(err).__name__}: {err}\n"
            "This is a bug in askwhy. Re-run with ASKWHY_DEBUG=1 to see the traceback."
        )
        return 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="askwhy",
        description="Ask causal questions of a CSV in plain language.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    ask = commands.add_parser("ask", help="answer one question about a CSV")
    ask.add_argument("question", help="the question, in quotes")
    _add_session_options(ask)
    ask.add_argument("--json", action="store_true", help="print the Answer as JSON")
    ask.add_argument(
        "--verbose", "-v", action="store_true", help="show the tool trace and LLM token usage"
    )
    ask.add_argument(
        "--report",
        metavar="PATH",
        help="also write a report: PATH.html (one self-contained page) or PATH.md (+ SVG graph)",
    )
    ask.set_defaults(handler=run_ask)

    chat = commands.add_parser("chat", help="interactive session; graphs remembered by name")
    _add_session_options(chat, data_required=False)
    chat.set_defaults(handler=run_chat)

    tools = commands.add_parser("tools", help="list the tools and their argument schemas")
    tools.add_argument("--json", action="store_true", help="print OpenAI tool schemas as JSON")
    tools.set_defaults(handler=run_tools)

    graphs = commands.add_parser("graphs", help="list, show or export graphs in memory")
    graphs.add_argument("action", choices=["list", "show", "export"], nargs="?", default="list")
    graphs.add_argument("name", nargs="?", help="graph name (show, export)")
    graphs.add_argument("path", nargs="?", help="output file .json or .dot (export)")
    graphs.add_argument("--store-dir", help="graph memory directory (default: ASKWHY_HOME)")
    graphs.set_defaults(handler=run_graphs)

    from askwhy.adapters.mcp_server import add_mcp_parser
    from askwhy.cli.evals import add_eval_parser

    add_eval_parser(commands)
    add_mcp_parser(commands)
    return parser


def _add_session_options(parser: argparse.ArgumentParser, data_required: bool = True) -> None:
    parser.add_argument("--data", "-d", required=data_required, help="CSV file to analyse")
    parser.add_argument("--algorithm", choices=["pc", "fci", "ges", "lingam"], help="default pc")
    parser.add_argument(
        "--test", choices=["auto", "fisherz", "chisq", "gsq", "kci"], help="default auto"
    )
    parser.add_argument("--alpha", type=float, help="significance level (default 0.05)")
    parser.add_argument(
        "--method",
        choices=["auto", "linear_regression", "dml", "propensity_score_weighting"],
        help="effect estimator (default auto)",
    )
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


def _session(args: argparse.Namespace):
    from askwhy.session import Session

    if args.alpha is not None and not 0 < args.alpha < 1:
        raise AskwhyError(f"--alpha must be between 0 and 1, got {args.alpha}.")
    defaults = {
        "algorithm": args.algorithm,
        "test": args.test,
        "alpha": args.alpha,
        "method": args.method,
    }
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
        session.load(args.data)
    return session


def run_ask(args: argparse.Namespace) -> int:
    if not args.question.strip():
        raise AskwhyError(
            'The question is empty. Example: askwhy ask --data f.csv "Is X a cause of Y?"'
        )
    if args.report:
        from askwhy.report import check_report_path

        check_report_path(args.report)
    session = _session(args)
    answer = session.ask(args.question)
    if args.json:
        print(answer.to_json())
    else:
        from askwhy.report.terminal import render_answer

        render_answer(answer, _console(), verbose=args.verbose)
    if args.report:
        from askwhy.report import write_report

        settings = {**session.defaults, "planner": args.planner}
        files = write_report(answer, args.report, data_path=args.data, settings=settings)
        # stderr, so that --json output on stdout stays valid JSON
        _error_console().print("Report written: " + ", ".join(str(f) for f in files))
    return 0


def run_tools(args: argparse.Namespace) -> int:
    from askwhy.tools.registry import default_registry

    registry = default_registry()
    if args.json:
        print(json.dumps([tool.openai_schema() for tool in registry], indent=2))
        return 0
    from rich.table import Table

    table = Table(title="askwhy tools")
    table.add_column("tool", style="bold")
    table.add_column("what it does")
    table.add_column("arguments")
    for tool in registry:
        properties: dict[str, Any] = tool.json_schema().get("properties", {})
        required = set(tool.json_schema().get("required", []))
        arguments = "\n".join(
            f"{name}{'*' if name in required else ''}: {_type_name(spec)}"
            for name, spec in properties.items()
        )
        table.add_row(tool.name, tool.description, arguments)
    _console().print(table)
    _console().print("* required")
    return 0


def run_graphs(args: argparse.Namespace) -> int:
    from askwhy.memory.store import GraphStore, default_store_dir

    store = GraphStore(Path(args.store_dir) if args.store_dir else default_store_dir())
    if args.action == "list":
        entries = store.list()
        if not entries:
            print("No graphs in memory yet. Ask a graph question first.")
        for entry in entries:
            print(_entry_line(entry))
        return 0
    if not args.name:
        raise AskwhyError(
            f"Give a graph name: askwhy graphs {args.action} NAME. Names: "
            f"{', '.join(store.names()) or 'none'}."
        )
    if args.action == "show":
        from askwhy.answer import GraphPayload
        from askwhy.report.terminal import graph_table

        graph = store.get(args.name)
        payload = GraphPayload(name=args.name, nodes=graph.nodes, edges=graph.edge_list())
        _console().print(graph_table(payload))
        return 0
    if not args.path:
        raise AskwhyError("Give an output file: askwhy graphs export NAME FILE.json|FILE.dot")
    store.export(args.name, Path(args.path))
    print(f"Wrote {args.path}")
    return 0


def run_chat(args: argparse.Namespace) -> int:
    from askwhy.cli.chat import ChatLoop

    session = _session(args)
    return ChatLoop(session, _console()).run()


def _entry_line(entry: Any) -> str:
    if isinstance(entry, dict):
        name = entry.get("name", "?")
        rest = ", ".join(f"{k}={v}" for k, v in entry.items() if k != "name")
        return f"{name}  {rest}"
    return str(entry)


def _type_name(spec: dict[str, Any]) -> str:
    if "enum" in spec:
        return "|".join(str(v) for v in spec["enum"])
    if "anyOf" in spec:
        return " or ".join(_type_name(s) for s in spec["anyOf"])
    if spec.get("type") == "array":
        return f"list of {_type_name(spec.get('items', {}))}"
    return str(spec.get("type", "any"))


def _console():
    from rich.console import Console

    return Console()


def _error_console():
    from rich.console import Console

    return Console(stderr=True)


if __name__ == "__main__":
    sys.exit(main())
