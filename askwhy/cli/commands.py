"""The one-shot commands: ask, tools, graphs."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from askwhy.cli.options import make_session
from askwhy.errors import AskwhyError

EXIT_UNCLEAR = 2


def _data_and_question(args: argparse.Namespace) -> None:
    """`askwhy ask FILE "question"` or `askwhy ask --data FILE "question"`: args.data and
    args.question (one string) set, or a message saying how to ask."""
    words = list(args.question) if isinstance(args.question, list) else [args.question]
    example = 'Example: askwhy ask data.csv "Is X a cause of Y?"'
    if not args.data and len(words) > 1 and Path(words[0]).is_file():
        args.data, words = words[0], words[1:]
    if not args.data:
        raise AskwhyError(f"Which data? Give the CSV file first or with --data FILE. {example}")
    args.question = " ".join(words)
    if not args.question.strip():
        raise AskwhyError(f"The question is empty. {example}")


def run_ask(args: argparse.Namespace) -> int:
    """Answer one question. The report (if asked for) is written before anything is printed,
    so a closed pipe cannot lose it; --json prints only JSON on stdout, messages go to stderr;
    on a terminal a live status shows what is running."""
    import sys

    from rich.text import Text

    from askwhy.cli.progress import Progress, run_limited

    _data_and_question(args)
    limit = getattr(args, "time_limit", None)
    if limit is not None and not 0 < limit < float("inf"):
        raise AskwhyError(f"--time-limit must be a positive number of seconds, got {limit:g}.")
    if args.report:
        from askwhy.report import check_report_path

        check_report_path(args.report)
    messages = _error_console()
    live = not args.json and sys.stdout.isatty() and messages.is_terminal
    progress = Progress(None, messages, live=live)
    if args.data:
        name = Path(args.data).name
        progress.set(f"Loading {name}", f"{name} was loading")

    def work():
        session = make_session(args)
        progress.session = session
        progress.set("Reading the question", "the question was being read")
        session.on_event = progress
        return session, session.ask(args.question)

    lost = "no answer was printed" + (" and no report written" if args.report else "")
    session, answer = run_limited(work, limit, progress, lost)
    files = []
    if args.report:
        from askwhy.report import write_report

        settings = {**session.defaults, "planner": args.planner}
        dataset = session.dataset()
        dictionary = dataset.dictionary.columns if dataset.dictionary else None
        files = write_report(
            answer, args.report, data_path=args.data, settings=settings, dictionary=dictionary
        )
    try:
        if args.json:
            print(answer.to_json())
        else:
            from askwhy.report.terminal import GRAPH_COMMAND, render_answer

            command = None if args.no_store else GRAPH_COMMAND
            render_answer(answer, _console(), verbose=args.verbose, graph_command=command)
    finally:
        if files:  # on stderr, so that --json output on stdout stays valid JSON
            messages.print(Text("Report written: " + ", ".join(str(f) for f in files)))
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
    from askwhy.cli.graph_listing import graph_lines, graphs_of, some_names
    from askwhy.memory.store import GraphStore, default_store_dir

    _check_graphs_options(args)
    store = GraphStore(Path(args.store_dir) if args.store_dir else default_store_dir())
    if args.action == "list":
        fingerprint = None
        if args.data:
            from askwhy.core.data import load_csv

            fingerprint = load_csv(args.data, columns=args.columns).fingerprint
        entries = graphs_of(store, fingerprint)
        if not entries:
            print(
                f"No graphs of {args.data} in memory yet ({len(store)} of other data)."
                if args.data
                else "No graphs in memory yet. Ask a graph question first."
            )
        for line in graph_lines(entries):
            print(line)
        return 0
    if args.action == "prune":
        from datetime import timedelta

        days = args.older_than
        older = timedelta(days=min(days, timedelta.max.days)) if days is not None else None
        removed = store.prune(older_than=older, keep=args.keep)
        print(
            f"Removed {len(removed)} graph{'' if len(removed) == 1 else 's'}: "
            f"{', '.join(removed)}. {len(store)} left."
            if removed
            else f"Nothing to prune: {len(store)} graph{'' if len(store) == 1 else 's'} kept."
        )
        return 0
    if not args.name:
        raise AskwhyError(
            f"Give a graph name: askwhy graphs {args.action} NAME. Names: "
            f"{some_names(store.names())}."
        )
    if args.action == "show":
        from askwhy.answer import GraphPayload
        from askwhy.report.terminal import graph_table

        graph = store.get(args.name)
        payload = GraphPayload(name=args.name, nodes=graph.nodes, edges=graph.edge_list())
        _console().print(graph_table(payload))
        return 0
    if args.action == "delete":
        store.remove(args.name)
        print(f"Deleted graph '{args.name}'.")
        return 0
    if not args.path:
        raise AskwhyError("Give an output file: askwhy graphs export NAME FILE.json|FILE.dot")
    store.export(args.name, Path(args.path))
    print(f"Wrote {args.path}")
    return 0


def _check_graphs_options(args: argparse.Namespace) -> None:
    """Each option of `askwhy graphs` belongs to one action: say so instead of ignoring it."""
    if (args.data or args.columns) and args.action != "list":
        raise AskwhyError("--data and --columns choose what `askwhy graphs list` shows.")
    if args.columns and not args.data:
        raise AskwhyError("--columns describes the columns of --data FILE: give both.")
    pruning = args.older_than is not None or args.keep is not None
    if pruning and args.action != "prune":
        raise AskwhyError("--older-than and --keep belong to `askwhy graphs prune`.")
    if args.action == "prune":
        if not pruning:
            raise AskwhyError(
                "Say which graphs to prune: askwhy graphs prune --older-than DAYS and/or "
                "--keep N (the newest N stay)."
            )
        if args.name:
            raise AskwhyError(
                "prune takes no graph name; to remove one graph: askwhy graphs delete NAME."
            )
        if args.older_than is not None and not 0 <= args.older_than < float("inf"):
            raise AskwhyError(
                f"--older-than takes a number of days, 0 or more; got {args.older_than:g}."
            )
        if args.keep is not None and args.keep < 0:
            raise AskwhyError(f"--keep must be 0 or more, got {args.keep}.")


def run_chat(args: argparse.Namespace) -> int:
    from askwhy.cli.chat import start_chat

    if args.file:
        if args.data and args.data != args.file:
            raise AskwhyError(f"Give the CSV once: {args.file} or --data {args.data}, not both.")
        args.data = args.file
    session = make_session(args)
    return start_chat(session, _console(), resume=args.resume)


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
