"""The one-shot commands: ask, tools, graphs."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from askwhy.cli.options import make_session
from askwhy.errors import AskwhyError

EXIT_UNCLEAR = 2


def run_ask(args: argparse.Namespace) -> int:
    if not args.question.strip():
        raise AskwhyError(
            'The question is empty. Example: askwhy ask --data f.csv "Is X a cause of Y?"'
        )
    if args.report:
        from askwhy.report import check_report_path

        check_report_path(args.report)
    session = make_session(args)
    answer = session.ask(args.question)
    if args.json:
        print(answer.to_json())
    else:
        from askwhy.report.terminal import render_answer

        render_answer(answer, _console(), verbose=args.verbose)
    if args.report:
        from askwhy.report import write_report

        settings = {**session.defaults, "planner": args.planner}
        dataset = session.dataset()
        dictionary = dataset.dictionary.columns if dataset.dictionary else None
        files = write_report(
            answer, args.report, data_path=args.data, settings=settings, dictionary=dictionary
        )
        # stderr, so that --json output on stdout stays valid JSON
        _error_console().print("Report written: " + ", ".join(str(f) for f in files))
    # A question askwhy would not answer (it said what it understood and how to ask): exit 2.
    return EXIT_UNCLEAR if answer.kind == "unclear" else 0


def run_tools(args: argparse.Namespace) -> int:
    from askwhy.tools.catalog import default_registry

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

    session = make_session(args)
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
    from askwhy.cli.console import console

    return console()


def _error_console():
    from askwhy.cli.console import console

    return console(stderr=True)
