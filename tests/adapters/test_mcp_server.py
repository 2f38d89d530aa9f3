"""The MCP server, in-process through the SDK's client and once over stdio as a subprocess."""

from __future__ import annotations

import json
import os
import sys

import anyio
import pytest

from askwhy.adapters.mcp_server import AskwhyMCP, build_server
from askwhy.adapters.replies import ReportedError
from askwhy.adapters.session_tools import SESSION_TOOLS, allowed_path, ask, load_data
from askwhy.errors import AskwhyError
from askwhy.testing import examples_dir, new_session

EXAMPLES = examples_dir()


def _payload(result) -> dict:
    assert not result.is_error, result.content[0].text
    return json.loads(result.content[0].text)


def test_every_tool_comes_from_one_registry_with_strict_schemas():
    session = new_session()
    served = AskwhyMCP(session, [EXAMPLES])
    assert served.registry.names() == [*session.registry.names(), "load_data", "ask"]
    specs = {spec["name"]: spec for spec in served.tool_specs()}
    assert list(specs) == served.registry.names()
    for tool in served.registry:
        assert specs[tool.name]["schema"] == tool.json_schema()
        assert specs[tool.name]["schema"]["additionalProperties"] is False
    assert specs["load_data"]["description"] == load_data.description
    assert specs["ask"]["schema"]["required"] == ["question"]
    assert [t.name for t in SESSION_TOOLS] == ["load_data", "ask"] and ask.answer == "text"


def test_python_callers_get_payloads_and_typed_errors(tmp_path):
    session = new_session()
    served = AskwhyMCP(session, [EXAMPLES, tmp_path])
    loaded = served.call("load_data", {"path": "smoking.csv", "name": None})
    assert loaded["kind"] == "text" and loaded["details"]["name"] == "smoking"
    with pytest.raises(ReportedError) as caught:
        served.call("direct_cause", {"x": "tar", "y": "lung_cancer", "cause": "tar"})
    assert caught.value.report.arguments == list(
        session.registry.get("direct_cause").argument_names
    )
    with pytest.raises(ReportedError, match="does not take 'file'"):
        served.call("load_data", {"file": "smoking.csv"})
    with pytest.raises(ReportedError, match="question: String should have at least 1"):
        served.call("ask", {"question": ""})


def test_in_process_tools_load_discover_query_and_memory(tmp_path):
    from mcp import Client

    session = new_session(store_dir=tmp_path / "graphs")
    server = build_server([EXAMPLES, tmp_path], session=session)

    async def scenario() -> None:
        async with Client(server) as client:
            listed_tools = (await client.list_tools()).tools
            names = [tool.name for tool in listed_tools]
            assert {"load_data", "ask", "discover_graph", "direct_cause"} <= set(names)
            assert {"list_graphs", "show_graph", "export_graph"} <= set(names)
            assert all(t.input_schema["additionalProperties"] is False for t in listed_tools)

            loaded = _payload(await client.call_tool("load_data", {"path": "smoking.csv"}))
            assert "lung_cancer" in [c["name"] for c in loaded["details"]["columns"]]

            found = _payload(await client.call_tool("discover_graph", {"name": "smoking-pc"}))
            assert found["kind"] == "graph" and found["graph"]["name"] == "smoking-pc"
            assert ["tar", "lung_cancer", "->"] in found["graph"]["edges"]

            edge = _payload(
                await client.call_tool(
                    "direct_cause", {"x": "tar", "y": "lung cancer", "graph": "smoking-pc"}
                )
            )
            assert edge["answer"] == "yes" and edge["kind"] == "yes_no"

            listed = _payload(await client.call_tool("list_graphs", {}))
            assert "smoking-pc" in [g["name"] for g in listed["details"]["graphs"]]
            shown = _payload(await client.call_tool("show_graph", {"name": "smoking-pc"}))
            assert "tar" in shown["graph"]["nodes"]
            out = tmp_path / "g.json"
            _payload(
                await client.call_tool("export_graph", {"name": "smoking-pc", "path": str(out)})
            )
            assert out.is_file()

            asked = _payload(
                await client.call_tool("ask", {"question": "Does tar directly cause lung cancer?"})
            )
            assert asked["answer"] == "yes" and asked["kind"] == "yes_no"
            assert [step["tool"] for step in asked["trace"]] == ["direct_cause"]

            # Caller mistakes come back as tool errors that say what to do.
            bad = await client.call_tool("direct_cause", {"x": "tarr", "y": "lung_cancer"})
            assert bad.is_error and "lung_cancer" in bad.content[0].text
            assert bad.structured_content["type"] == "UnknownVariableError"
            assert "tar" in bad.structured_content["suggestions"]
            extra = await client.call_tool(
                "direct_cause", {"x": "tar", "y": "lung_cancer", "confounder": "smoking"}
            )
            assert extra.is_error
            assert "Its arguments: dataset, graph, algorithm" in extra.content[0].text
            assert "x" in extra.structured_content["arguments"]
            unknown = await client.call_tool("no_such_tool", {})
            assert unknown.is_error and "load_data" in unknown.structured_content["tools"]
            outside = await client.call_tool("load_data", {"path": "/etc/passwd"})
            assert outside.is_error and "outside the allowed" in outside.content[0].text
            escape = await client.call_tool(
                "export_graph", {"name": "smoking-pc", "path": "../../escape.json"}
            )
            assert escape.is_error and "outside the allowed" in escape.content[0].text

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
            listed = (await client.list_tools()).tools
            names = [tool.name for tool in listed]
            assert "discover_graph" in names and names[-2:] == ["load_data", "ask"]
            assert all(t.input_schema["additionalProperties"] is False for t in listed)
            _payload(await client.call_tool("load_data", {"path": "smoking.csv"}))
            found = _payload(await client.call_tool("discover_graph", {}))
            assert found["graph"]["name"]
            edge = _payload(
                await client.call_tool(
                    "direct_cause",
                    {"x": "yellow_fingers", "y": "lung_cancer", "graph": found["graph"]["name"]},
                )
            )
            assert edge["answer"] == "no"
            extra = await client.call_tool("load_data", {"path": "smoking.csv", "sep": ";"})
            assert extra.is_error and "Its arguments: path, name." in extra.content[0].text

    anyio.run(scenario)
