"""`askwhy mcp`: askwhy's tools for other agents over MCP (Python SDK v2, stdio transport).

Serves one registry: every analysis tool (independence, discovery, graph queries, effects,
and the graph memory: list_graphs, show_graph, export_graph) plus the session-level tools
`load_data` and `ask` (askwhy.adapters.session_tools), each with its strict JSON schema.
Files are read and written only inside the directories given with --allow-dir, and a file is
written by moving a fresh one onto the target, never through a link at it
(askwhy.adapters.file_guard). Every request gets a reply: a caller's mistake is a tool result
with isError and a message that says what to fix; a line the transport cannot read gets a
JSON-RPC error (askwhy.adapters.mcp_wire); a bug in askwhy is a JSON-RPC internal error
(-32603) naming the exception. The server reports askwhy's version.

    askwhy mcp --allow-dir ~/data            # or: python -m askwhy.adapters.mcp_server
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from askwhy.adapters.file_guard import StagedWrites
from askwhy.adapters.replies import (
    ReportedError,
    check_call,
    current_columns,
    error_report,
    given_arguments,
)
from askwhy.adapters.session_tools import SESSION_TOOLS, SessionContext, allowed_path
from askwhy.errors import AskwhyError
from askwhy.tools.registry import Role, Tool, ToolRegistry

if TYPE_CHECKING:
    from mcp.server import Server

    from askwhy.session import Session

logger = logging.getLogger(__name__)

SERVER_NAME = "askwhy"
INSTRUCTIONS = (
    "Causal analysis of CSV data. Call load_data with a CSV path first, then ask a question "
    "in plain language with `ask`, or call the analysis tools directly (test_independence, "
    "discover_graph, direct_cause, common_cause, common_effect, relatives, adjustment_set, "
    "estimate_effect). Discovered graphs are kept in memory by name (list_graphs, show_graph, "
    "export_graph). Arguments are checked strictly: an unknown one is an error that lists "
    "the valid ones."
)


class AskwhyMCP:
    """One Session served over MCP. Tool calls run one at a time, in a worker thread."""

    def __init__(self, session: Session, allow_dirs: Sequence[str | Path] = ()):
        self.session = session
        self.allow_dirs = [Path(d).expanduser().resolve() for d in allow_dirs]
        self.registry = ToolRegistry([*session.registry, *SESSION_TOOLS])
        self.context = SessionContext(session, self.allow_dirs)
        self._session_tools = {t.name for t in SESSION_TOOLS}
        self._lock = threading.Lock()

    def tool_specs(self) -> list[dict[str, Any]]:
        """name, description and strict JSON input schema of every tool served."""
        return [
            {"name": t.name, "description": t.description, "schema": t.json_schema()}
            for t in self.registry
        ]

    def call(self, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
        """Run one tool; its JSON-ready payload. A caller's mistake raises ReportedError (an
        AskwhyError) whose `report` lists the valid names."""
        tool: Tool | None = None
        with self._lock:
            staged = StagedWrites(self.allow_dirs)
            try:
                tool = check_call(self.registry, name, arguments)
                args = self._confined(tool, given_arguments(arguments), staged)
                # Session-level tools run on the Session; the rest on its workspace, directly
                # (not Session.call: a served session has no question whose trace to keep).
                target = self.context if name in self._session_tools else self.session.workspace
                result = self.registry.call(name, args, target)  # type: ignore[arg-type]
                staged.commit()
            except AskwhyError as err:
                columns = current_columns(self.session)
                raise ReportedError(error_report(err, tool, columns, arguments)) from err
            finally:
                staged.cleanup()
            return staged.restore_paths(result.payload())

    def _confined(self, tool: Tool, args: dict[str, Any], staged: StagedWrites) -> dict[str, Any]:
        """Every path argument (Role.path) resolved inside the allowed directories; a tool
        that writes files gets staged file names instead (moved onto the targets after)."""
        for key in tool.fields_with(Role.path):
            if isinstance(args.get(key), str):
                path = allowed_path(args[key], self.allow_dirs, must_exist=False)
                args[key] = str(staged.stage(path) if tool.writes_files else path)
        return args

    def server(self) -> Server:
        """The MCP low-level server with list_tools / call_tool handlers."""
        import anyio
        import mcp_types as types
        from mcp.server import Server
        from mcp.shared.exceptions import MCPError

        from askwhy import __version__

        async def list_tools(ctx: Any, params: Any) -> types.ListToolsResult:
            return types.ListToolsResult(
                tools=[
                    types.Tool(
                        name=s["name"], description=s["description"], input_schema=s["schema"]
                    )
                    for s in self.tool_specs()
                ]
            )

        async def call_tool(ctx: Any, params: types.CallToolRequestParams) -> types.CallToolResult:
            arguments = dict(params.arguments or {})
            try:
                payload = await anyio.to_thread.run_sync(self.call, params.name, arguments)
            except ReportedError as err:
                return types.CallToolResult(
                    content=[types.TextContent(type="text", text=err.report.error)],
                    structured_content=err.report.model_dump(mode="json"),
                    is_error=True,
                )
            except Exception as exc:  # a bug in askwhy, not the caller's mistake
                logger.exception("tool %r failed", params.name)
                raise MCPError(types.INTERNAL_ERROR, internal_error(params.name, exc)) from exc
            return types.CallToolResult(
                content=[types.TextContent(type="text", text=json.dumps(payload, default=str))],
                structured_content=payload,
            )

        return Server(
            SERVER_NAME,
            version=__version__,
            instructions=INSTRUCTIONS,
            on_list_tools=list_tools,
            on_call_tool=call_tool,
        )


def internal_error(name: str, exc: BaseException) -> str:
    """The message of a JSON-RPC internal error: the tool, the exception, what to do."""
    text = f"Internal error in askwhy's {name} tool ({type(exc).__name__}: {exc})"
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")[:2000]
    return f"{text}. This is a bug in askwhy, not in the call; please report it."


def build_server(
    allow_dirs: Sequence[str | Path] = (),
    session: Session | None = None,
    data: str | None = None,
    **session_options: Any,
) -> Server:
    """An MCP server over `session` (a new rules-planner Session by default)."""
    if session is None:
        from askwhy.session import Session

        session = Session(planner="rules", **session_options)
    served = AskwhyMCP(session, allow_dirs)
    if data is not None:
        session.load(allowed_path(data, served.allow_dirs))
    return served.server()


def serve_stdio(server: Server) -> None:
    """Serve over stdin/stdout until the client disconnects."""
    import anyio
    from mcp.server.stdio import stdio_server

    from askwhy.adapters.mcp_wire import AnsweringReadStream

    async def serve() -> None:
        async with stdio_server() as (read_stream, write_stream):
            answering = AnsweringReadStream(read_stream, write_stream)
            await server.run(answering, write_stream, server.create_initialization_options())

    anyio.run(serve)


# ---------------------------------------------------------------- command line


def add_mcp_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument(
        "--allow-dir",
        action="append",
        default=[],
        metavar="DIR",
        help="directory the server may read CSVs from and export graphs to (repeatable)",
    )
    parser.add_argument("--data", "-d", help="CSV to load at start (inside an allowed dir)")
    parser.add_argument("--store-dir", help="graph memory directory (default: ASKWHY_HOME)")
    parser.add_argument(
        "--no-store", action="store_true", help="keep graphs in memory only, do not persist"
    )
    parser.set_defaults(handler=run_mcp)
    return parser


def add_mcp_parser(subcommands: Any) -> argparse.ArgumentParser:
    """Add the `mcp` subcommand to the CLI's subparsers (one line in askwhy/cli.py)."""
    parser = subcommands.add_parser(
        "mcp", help="serve askwhy's tools to other agents over MCP (stdio)"
    )
    return add_mcp_arguments(parser)


def run_mcp(args: argparse.Namespace) -> int:
    server = build_server(
        args.allow_dir,
        data=args.data,
        store_dir=args.store_dir,
        persist=not args.no_store,
    )
    serve_stdio(server)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = add_mcp_arguments(
        argparse.ArgumentParser(prog="askwhy mcp", description="askwhy MCP server (stdio)")
    )
    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except AskwhyError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
