"""The `askwhy` command: ask, chat, tools, graphs."""

from __future__ import annotations

import argparse
import os
import sys

from askwhy import __version__
from askwhy.cli.commands import run_ask, run_chat, run_graphs, run_tools
from askwhy.cli.options import add_session_options
from askwhy.errors import AskwhyError

EXIT_USER_ERROR = 2


# askwhy's matrices are small: one BLAS thread per process is faster than several fighting
# over 2 cores (a discovery ran 2x faster under load), and the worker processes of the
# local backend get one each too. Set before numpy loads; the user's own setting wins.
BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def main(argv: list[str] | None = None) -> int:
    for name in BLAS_THREADS:
        os.environ.setdefault(name, "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 0
    import warnings

    from askwhy.memory.store import StoreWarning

    warnings.simplefilter("ignore", StoreWarning)  # shown in the answer's notes instead
    try:
        return args.handler(args)
    except BrokenPipeError:
        return _quiet_broken_pipe()
    except AskwhyError as err:
        _print_error("error:", str(err))
        if type(err).__name__ == "WorkAbandoned":
            # a native library may still be running in the abandoned thread: leave now,
            # without interpreter teardown (which can abort under a running C++ thread)
            sys.stdout.flush()
            sys.stderr.flush()
            os._exit(EXIT_USER_ERROR)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as err:  # a bug, not the user's fault: short message, traceback on request
        if os.environ.get("ASKWHY_DEBUG"):
            raise
        _print_error(
            "internal error:",
            f"{type(err).__name__}: {err}\n"
            "This is a bug in askwhy. Re-run with ASKWHY_DEBUG=1 to see the traceback.",
        )
        return 1


def _print_error(label: str, message: str) -> None:
    """A message on stderr, shown as written: no text in it is read as markup."""
    from rich.text import Text

    text = Text(label, style="bold red")
    text.append(" " + message)
    _error_console().print(text)


def _quiet_broken_pipe() -> int:
    """The reader of our output went away (`askwhy ... | head`): stop quietly, exit 0."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError:
        pass
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="askwhy",
        description="Ask causal questions of a CSV in plain language.",
    )
    parser.add_argument("--version", action="version", version=f"askwhy {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    ask = commands.add_parser("ask", help="answer one question about a CSV")
    ask.add_argument(
        "question",
        nargs="+",
        metavar="[FILE] QUESTION",
        help="the question, in quotes; the CSV may come first instead of --data: "
        'askwhy ask data.csv "Is X a cause of Y?"',
    )
    add_session_options(ask, data_required=False, one_shot=True)
    ask.add_argument("--json", action="store_true", help="print the Answer as JSON")
    ask.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="show every table: graph, evidence, assumptions, notes, trace, planner steps",
    )
    ask.add_argument(
        "--report",
        metavar="PATH",
        help="also write a report: PATH.html (one self-contained page) or PATH.md (+ SVG graph)",
    )
    ask.set_defaults(handler=run_ask)

    chat = commands.add_parser("chat", help="interactive session; graphs remembered by name")
    chat.add_argument(
        "file",
        nargs="?",
        metavar="FILE",
        help="the CSV to talk about (the same as --data FILE): askwhy chat data.csv",
    )
    add_session_options(chat, data_required=False)
    chat.add_argument(
        "--resume",
        nargs="?",
        const="latest",
        metavar="ID",
        help="continue a saved conversation (default: the latest); its answers count for "
        "/report --all",
    )
    chat.set_defaults(handler=run_chat)

    tools = commands.add_parser("tools", help="list the tools and their argument schemas")
    tools.add_argument("--json", action="store_true", help="print OpenAI tool schemas as JSON")
    tools.set_defaults(handler=run_tools)

    graphs = commands.add_parser(
        "graphs", help="list, show, export, delete or prune graphs in memory"
    )
    graphs.add_argument(
        "action",
        choices=["list", "show", "export", "delete", "prune"],
        nargs="?",
        default="list",
    )
    graphs.add_argument("name", nargs="?", help="graph name (show, export, delete)")
    graphs.add_argument("path", nargs="?", help="output file .json or .dot (export)")
    graphs.add_argument("--data", "-d", help="list: only the graphs learned from this CSV")
    graphs.add_argument(
        "--columns", metavar="FILE", help="list --data: its data dictionary, if not the sidecar"
    )
    graphs.add_argument(
        "--older-than", type=float, metavar="DAYS", help="prune: graphs made over DAYS days ago"
    )
    graphs.add_argument("--keep", type=int, metavar="N", help="prune: all but the newest N")
    graphs.add_argument("--store-dir", help="graph memory directory (default: ASKWHY_HOME)")
    graphs.set_defaults(handler=run_graphs)

    from askwhy.adapters.mcp_server import add_mcp_parser
    from askwhy.cli.doctor import add_doctor_parser
    from askwhy.cli.evals import add_eval_parser

    add_eval_parser(commands)
    add_mcp_parser(commands)
    add_doctor_parser(commands)
    return parser


def _console():
    from askwhy.cli.console import console

    return console()


def _error_console():
    from askwhy.cli.console import console

    return console(stderr=True)


if __name__ == "__main__":
    sys.exit(main())
