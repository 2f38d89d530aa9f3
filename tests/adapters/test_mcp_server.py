"""The MCP server, in-process through the SDK's client and once over stdio as a subprocess."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import anyio
import pytest

from askwhy.adapters.mcp_server import allowed_path, build_server
from askwhy.errors import AskwhyError
from askwhy.session import Session

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _payload(result) -> dict:
    assert not result.is_error, result.content[0].text
    return json.loads(result.content[0].text)


def test_in_process_tools_load_discover_query_and_memory(tmp_path):
    from mcp import Client

    session = Session(store_dir=tmp_path / "graphs")
    server = build_server([EXAMPLES, tmp_path], session=session)

    async def scenario() -> None:
        async with Client(server) as client:
            names = {tool.name for tool in (await client.list_tools()).tools}
            assert {"load_data", "ask", "discover_graph", "direct_cause"} <= names
            assert {"list_graphs", "show_graph", "export_graph"} <= names

            loaded = _payload(await client.call_tool("load_data", {"path": "smoking.csv"}))
            assert "lung_cancer" in [c["name"] for c in loaded["data"]["columns"]]

            found = _payload(await client.call_tool("discover_graph", {"name": "smoking-pc"}))
            assert found["graph_name"] == "smoking-pc"
            assert ["tar", "lung_cancer", "->"] in found["data"]["graph"]["edges"]

            edge = _payload(
                await client.call_tool(
                    "direct_cause", {"x": "tar", "y": "lung cancer", "graph": "smoking-pc"}
                )
            )
            assert edge["data"]["answer"] == "yes"

            listed = _payload(await client.call_tool("list_graphs", {}))
            assert "smoking-pc" in [g["name"] for g in listed["data"]["graphs"]]
            shown = _payload(await client.call_tool("show_graph", {"name": "smoking-pc"}))
            assert "tar" in shown["data"]["nodes"]
            out = tmp_path / "g.json"
            _payload(
                await client.call_tool("export_graph", {"name": "smoking-pc", "path": str(out)})
            )
            assert out.is_file()

            asked = _payload(
                await client.call_tool("ask", {"question": "Does tar directly cause lung cancer?"})
            )
            assert asked["answer"] == "yes" and asked["kind"] == "yes_no"

            # Caller mistakes come back as tool errors that say what to do.
            bad = await client.call_tool("direct_cause", {"x": "tarr", "y": "lung_cancer"})
            assert bad.is_error and "lung_cancer" in bad.content[0].text
            outside = await client.call_tool("load_data", {"path": "/etc/passwd"})
            assert outside.is_error and "outside the allowed" in outside.content[0].text
            escape = await client.call_tool(
                "export_graph", {"name": "smoking-pc", "path": "../../escape.json"}
            )
            assert escape.is_error

    anyio.run(scenario)


def test_paths_are_confined_to_allowed_dirs(tmp_path):
    allowed = [tmp_path.resolve()]
    (tmp_path / "a.csv").write_text("x,y\n1,2\n")
    assert allowed_path("a.csv", allowed) == (tmp_path / "a.csv").resolve()
    with pytest.raises(AskwhyError, match="outside"):
        allowed_path(str(tmp_path / ".." / "a.csv"), allowed, must_exist=False)
    with pytest.raises(AskwhyError, match="--allow-dir"):
        allowed_path("a.csv", [])
    with pytest.raises(AskwhyError, match="No file"):
        allowed_path("missing.csv", allowed)


def test_stdio_subprocess(tmp_path):
    from mcp import Client, StdioServerParameters

    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "askwhy.adapters.mcp_server", "--allow-dir", str(EXAMPLES), "--no-store"],
        env={**os.environ, "ASKWHY_HOME": str(tmp_path)},
    )

    async def scenario() -> None:
        async with Client(params) as client:
            names = {tool.name for tool in (await client.list_tools()).tools}
            assert "discover_graph" in names
            _payload(await client.call_tool("load_data", {"path": "smoking.csv"}))
            found = _payload(await client.call_tool("discover_graph", {}))
            assert found["graph_name"]
            edge = _payload(
                await client.call_tool(
                    "direct_cause",
                    {"x": "yellow_fingers", "y": "lung_cancer", "graph": found["graph_name"]},
                )
            )
            assert edge["data"]["answer"] == "no"

    anyio.run(scenario)
