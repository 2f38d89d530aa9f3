"""`askwhy mcp`: askwhy's tools for other agents over MCP (Python SDK v2, stdio transport).

Exposes every registry tool (independence, discovery, graph queries, effects, and the graph
memory: list_graphs, show_graph, export_graph) plus `load_data` and `ask`. Files are read and
written only inside the directories given with --allow-dir.

    askwhy mcp --allow-dir ~/data            # or: python -m askwhy.adapters.mcp_server
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, Field, ValidationError

from askwhy.errors import AskwhyError, ToolArgumentError
from askwhy.planning.llm.planner import tool_payload
from askwhy.tools.registry import compact_schema

if TYPE_CHECKING:
    from mcp.server import Server

    from askwhy.session import Session

SERVER_NAME = "askwhy"
INSTRUCTIONS = (
    "Causal analysis of CSV data. Call load_data with a CSV path first, then ask a question "
    "in plain language with `ask`, or call the analysis tools directly (test_independence, "
    "discover_graph, direct_cause, common_cause, common_effect, relatives, adjustment_set, "
    "estimate_effect). Discovered graphs are kept in memory by name (list_graphs, show_graph, "
    "export_graph)."
)


class LoadDataArgs(BaseModel):
    path: str = Field(description="CSV file to load, inside a directory allowed with --allow-dir.")
    name: str | None = Field(default=None, description="Dataset name; default: the file name.")


class AskArgs(BaseModel):
    question: str = Field(description="A causal question about the loaded data, in plain words.")


EXTRA_TOOLS: dict[str, tuple[str, type[BaseModel]]] = {
    "load_data": (
        "Load a CSV file (it becomes the current dataset) and describe its columns.",
        LoadDataArgs,
    ),
    "ask": (
        "Answer a plain-language causal question about the loaded data with askwhy's offline "
        "rule planner; returns the Answer (answer, kind, graph, estimate, explanation, trace).",
        AskArgs,
    ),
}


def allowed_path(path: str, allow_dirs: Sequence[Path], must_exist: bool = True) -> Path:
    """`path` resolved (relative paths against the first allowed dir), if inside an allowed dir."""
    if not allow_dirs:
        raise AskwhyError(
            "No directory is allowed for files. Restart the server with --allow-dir DIR "
            "(askwhy mcp --allow-dir ~/data)."
        )
    candidate = Path(path).expanduser()
    if not candidate.is_absolute():
        candidate = allow_dirs[0] / candidate
    resolved = candidate.resolve()
    if not any(resolved.is_relative_to(directory) for directory in allow_dirs):
        allowed = ", ".join(str(d) for d in allow_dirs)
        raise AskwhyError(f"'{path}' is outside the allowed directories ({allowed}).")
    if must_exist and not resolved.is_file():
        raise AskwhyError(f"No file '{path}' in the allowed directories.")
    return resolved


class AskwhyMCP:
    """One Session served over MCP. Tool calls run one at a time, in a worker thread."""

    def __init__(self, session: Session, allow_dirs: Sequence[str | Path] = ()):
        self.session = session
        self.allow_dirs = [Path(d).expanduser().resolve() for d in allow_dirs]
        self._lock = threading.Lock()

    def tool_specs(self) -> list[dict[str, Any]]:
        """name, description and JSON input schema of every tool served."""
        specs = [
            {"name": name, "description": text, "schema": model.model_json_schema()}
            for name, (text, model) in EXTRA_TOOLS.items()
        ]
        specs += [
            {"name": t.name, "description": t.description, "schema": t.json_schema()}
            for t in self.session.registry
        ]
        return [{**spec, "schema": compact_schema(spec["schema"])} for spec in specs]

    def call(self, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
        """Run one tool; the JSON-ready result. Raises AskwhyError for caller mistakes."""
        with self._lock:
            if name in EXTRA_TOOLS:
                args = _validate(EXTRA_TOOLS[name][1], name, arguments)
                if isinstance(args, LoadDataArgs):
                    path = allowed_path(args.path, self.allow_dirs)
                    self.session.load(path, name=args.name)
                    return tool_payload(self.session.call("describe_data"))
                return json.loads(self.session.ask(args.question).to_json())
            if name == "export_graph" and "path" in arguments:
                path = allowed_path(str(arguments["path"]), self.allow_dirs, must_exist=False)
                arguments = {**arguments, "path": str(path)}
            args = {k: v for k, v in arguments.items() if v is not None}
            payload = tool_payload(self.session.call(name, **args))
            self.session.take_trace()  # keep the trace from growing without bound
            return payload

    def server(self) -> Server:
        """The MCP low-level server with list_tools / call_tool handlers."""
        import anyio
        import mcp_types as types
        from mcp.server import Server

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
            except AskwhyError as err:
                return types.CallToolResult(
                    content=[types.TextContent(type="text", text=self._error_text(err))],
                    is_error=True,
                )
            return types.CallToolResult(
                content=[types.TextContent(type="text", text=json.dumps(payload, default=str))],
                structured_content=payload,
            )

        return Server(
            SERVER_NAME,
            instructions=INSTRUCTIONS,
            on_list_tools=list_tools,
            on_call_tool=call_tool,
        )

    def _error_text(self, err: AskwhyError) -> str:
        from askwhy.planning.llm.planner import error_for_model

        return error_for_model(err, self.session)


def _validate(model: type[BaseModel], name: str, arguments: dict[str, Any]) -> Any:
    try:
        return model.model_validate(arguments)
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in err.errors())
        raise ToolArgumentError(f"Bad arguments for {name}: {problems}.") from None


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

    async def serve() -> None:
        async with stdio_server() as (read_stream, write_stream):
            await server.run(read_stream, write_stream, server.create_initialization_options())

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
