"""MCP server hardening (found by fuzzing): writes never follow links out of the allowed
directories, every request gets a reply (lone surrogates, NUL bytes, over-long paths, bad
JSON), the column list only on errors about column arguments, askwhy's version reported."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys

import anyio
import pytest

from askwhy import __version__
from askwhy.adapters import file_guard
from askwhy.adapters.file_guard import StagedWrites
from askwhy.adapters.mcp_server import AskwhyMCP, build_server
from askwhy.adapters.mcp_wire import error_reply
from askwhy.adapters.replies import ReportedError, error_report, find_lone_surrogate
from askwhy.adapters.session_tools import allowed_path
from askwhy.errors import AskwhyError, ToolArgumentError
from askwhy.session import Session
from askwhy.testing import ScriptedPlanner, examples_dir

EXAMPLES = examples_dir()


def _served(tmp_path, *dirs) -> AskwhyMCP:
    session = Session(planner=ScriptedPlanner(), persist=False)
    served = AskwhyMCP(session, [EXAMPLES, *dirs])
    served.call("load_data", {"path": "smoking.csv"})
    served.call("discover_graph", {"name": "g"})
    return served


def _leftovers(folder) -> list[str]:
    return [p.name for p in folder.iterdir() if "askwhy" in p.name]


# ---------------------------------------------------------------- 1. links


def test_export_replaces_a_hard_link_instead_of_writing_through_it(tmp_path):
    allowed, outside = tmp_path / "allowed", tmp_path / "outside"
    allowed.mkdir()
    outside.mkdir()
    secret = outside / "secret.json"
    secret.write_text("keep me")
    link = allowed / "graph.json"
    os.link(secret, link)
    served = _served(tmp_path, allowed)

    result = served.call("export_graph", {"name": "g", "path": str(link)})
    assert secret.read_text() == "keep me" and secret.stat().st_nlink == 1
    assert json.loads(link.read_text())["nodes"]  # the graph, in a file of its own
    assert result["text"] == str(link.resolve()) and "askwhy-write" not in json.dumps(result)
    assert _leftovers(allowed) == []


def test_export_through_a_symlink_out_is_refused_and_nothing_is_left(tmp_path):
    allowed, outside = tmp_path / "allowed", tmp_path / "outside"
    allowed.mkdir()
    outside.mkdir()
    (outside / "secret.json").write_text("keep me")
    (allowed / "out.json").symlink_to(outside / "secret.json")
    served = _served(tmp_path, allowed)
    with pytest.raises(ReportedError, match="outside the allowed directories"):
        served.call("export_graph", {"name": "g", "path": str(allowed / "out.json")})
    assert (outside / "secret.json").read_text() == "keep me"
    with pytest.raises(ReportedError, match="No graph|not found|no graph"):
        served.call("export_graph", {"name": "missing", "path": str(allowed / "x.json")})
    with pytest.raises(ReportedError, match="is a folder"):
        served.call("export_graph", {"name": "g", "path": str(allowed)})
    assert _leftovers(allowed) == [] and not (allowed / "x.json").exists()


def test_a_folder_swapped_for_a_link_before_the_move_is_refused(tmp_path):
    allowed, outside = tmp_path / "allowed", tmp_path / "outside"
    (allowed / "sub").mkdir(parents=True)
    (outside / "deep").mkdir(parents=True)
    staged = StagedWrites([allowed.resolve()])
    written = staged.stage((allowed / "sub" / "g.json").resolve())
    assert not written.is_relative_to(allowed)  # the tool writes in a private folder
    written.write_text("{}")
    # the folder checked at staging time is now a link out of the allowed directory
    (allowed / "sub").rename(allowed / "old")
    (allowed / "sub").symlink_to(outside)
    with pytest.raises(ToolArgumentError, match="is a link .*nothing was written"):
        staged.commit()
    # a link higher up: the folder opens, but it lies outside
    staged.files = [(written, allowed / "sub" / "deep" / "g.json")]
    with pytest.raises(ToolArgumentError, match="outside the allowed directories"):
        staged.commit()
    staged.cleanup()
    assert not written.exists()
    assert list(outside.rglob("*")) == [outside / "deep"]
    assert list((allowed / "old").iterdir()) == []


# ---------------------------------------------------------------- 2. every request a reply


def test_paths_with_nul_or_too_long_are_refused_with_a_message(tmp_path):
    allowed = [tmp_path.resolve()]
    with pytest.raises(ToolArgumentError, match=r"contains a NUL byte \(\\x00\)"):
        allowed_path("a\x00b.csv", allowed)
    with pytest.raises(ToolArgumentError, match="5,000 bytes long, more than the 4,096"):
        allowed_path("a" * 5000, allowed)
    with pytest.raises(ToolArgumentError, match="Cannot use the path .*File name too long"):
        allowed_path("b" * 300 + ".csv", allowed)
    with pytest.raises(ToolArgumentError, match="lone surrogate"):
        allowed_path("\ud800.csv", allowed)
    assert file_guard.shown("x" * 200).endswith("…") and len(file_guard.shown("x" * 200)) == 80


def test_lone_surrogates_in_a_call_are_an_argument_error(tmp_path):
    served = _served(tmp_path)
    for name, arguments, where in [
        ("load_data", {"path": "\ud800"}, "path"),
        ("ask", {"question": "why \udfff"}, "question"),
        ("\ud800", {}, "the tool name"),
        ("test_independence", {"x": "tar", "given": ["a", "\ud800"]}, "given[1]"),
    ]:
        with pytest.raises(ReportedError) as caught:
            served.call(name, arguments)
        message = caught.value.report.error
        assert f"'{where}' holds a lone UTF-16 surrogate" in message
        message.encode("utf-8")  # the reply can be sent
    assert find_lone_surrogate({"a": ["ok", {"b\ud800": 1}]}) == ("a[1].b\\ud800", "\\ud800")
    assert find_lone_surrogate({"emoji": "\U0001f600"}) is None


def test_unreadable_lines_get_json_rpc_errors():
    import mcp_types as types

    def reply(line: str):
        try:
            types.jsonrpc_message_adapter.validate_json(line, by_name=False)
        except Exception as exc:
            return error_reply(exc)
        raise AssertionError("the SDK read the line")

    request = '{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"\\ud800"}}'
    surrogate = reply(request)
    assert surrogate.id == 7 and surrogate.error.code == types.INVALID_PARAMS
    assert "'params.name' holds a lone UTF-16 surrogate (\\ud800)" in surrogate.error.message
    broken = reply('{"jsonrpc": "2.0", "id": 8, "method": ')
    assert broken.id is None and broken.error.code == types.PARSE_ERROR
    shape = reply('{"jsonrpc":"2.0","id":"a","method":5}')
    assert shape.id == "a" and shape.error.code == types.INVALID_REQUEST
    batch = reply("[1, 2]")
    assert batch.id is None and batch.error.code == types.INVALID_REQUEST
    assert reply('{"jsonrpc":"2.0","method":"notifications/x","params":{"a":"\\ud800"}}') is None
    assert reply('{"jsonrpc":"2.0","id":3,"result":"\\ud800"}') is None  # a response


def test_in_process_bug_is_an_internal_error_and_version_is_askwhys(tmp_path, monkeypatch):
    from mcp import Client
    from mcp.shared.exceptions import MCPError

    session = Session(planner=ScriptedPlanner(), persist=False)
    server = build_server([EXAMPLES], session=session)

    def broken(self, name, arguments):
        raise RuntimeError("boom")

    async def scenario() -> None:
        async with Client(server) as client:
            assert client.server_info.name == "askwhy"
            assert client.server_info.version == __version__ != ""
            monkeypatch.setattr(AskwhyMCP, "call", broken)
            with pytest.raises(MCPError) as caught:
                await client.call_tool("list_graphs", {})
            assert caught.value.code == -32603
            assert "Internal error in askwhy's list_graphs tool (RuntimeError: boom)" in str(
                caught.value.message
            )

    anyio.run(scenario)


# ---------------------------------------------------------------- 3. columns only when relevant


def test_columns_are_added_only_to_errors_about_column_arguments(tmp_path):
    served = _served(tmp_path)
    columns = "Columns in the data: age, stress, smoking"
    cases = [
        ("estimate_effect", {"treatment": "tar", "outcome": "lung_cancer", "method": "x"}, False),
        ("test_independence", {"x": "tar", "y": "smoking", "alpha": 2}, False),
        ("test_independence", {"x": "tar", "y": "tar"}, False),  # the tool's own complaint
        ("export_graph", {"name": "nope", "path": "x.txt"}, False),
        ("estimate_effect", {"treatment": 3, "outcome": "lung_cancer"}, True),
        ("test_independence", {"x": "tar"}, True),  # y missing
    ]
    for name, arguments, expected in cases:
        with pytest.raises(ReportedError) as caught:
            served.call(name, arguments)
        report = caught.value.report
        assert (columns in report.error) is expected, (name, arguments, report.error)
        assert bool(report.columns) is expected
    unknown = error_report(AskwhyError("no dataset"), None, ["a", "b"], {"x": 1})
    assert "Columns" not in unknown.error and unknown.columns == []


# ---------------------------------------------------------------- 4. the real server, stdio


class _Wire:
    """The real `askwhy mcp` in a subprocess, spoken to line by line."""

    def __init__(self, tmp_path):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "askwhy.adapters.mcp_server"]
            + ["--allow-dir", str(EXAMPLES), "--no-store"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, "ASKWHY_HOME": str(tmp_path)},
        )

    def send(self, line: str) -> None:
        self.process.stdin.write(line.encode("utf-8") + b"\n")
        self.process.stdin.flush()

    def reply(self, timeout: float = 60) -> dict | None:
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        return json.loads(self.process.stdout.readline()) if ready else None

    def close(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _call(request_id: int, name: str, arguments: dict) -> str:
    params = {"name": name, "arguments": arguments}
    message = {"jsonrpc": "2.0", "id": request_id, "method": "tools/call", "params": params}
    return json.dumps(message)


def test_stdio_every_request_gets_a_reply(tmp_path):
    wire = _Wire(tmp_path)
    try:
        wire.send(
            json.dumps(
                {
                    "jsonrpc": "2.0",
                    "id": 1,
                    "method": "initialize",
                    "params": {
                        "protocolVersion": "2025-06-18",
                        "capabilities": {},
                        "clientInfo": {"name": "fuzz", "version": "1"},
                    },
                }
            )
        )
        hello = wire.reply()
        assert hello["result"]["serverInfo"] == {"name": "askwhy", "version": __version__}
        wire.send('{"jsonrpc":"2.0","method":"notifications/initialized"}')

        surrogate = _call(2, "load_data", {"path": "X"}).replace('"X"', '"\\ud800"')
        wire.send(surrogate)
        answer = wire.reply()
        assert answer["id"] == 2 and answer["error"]["code"] == -32602
        assert "lone UTF-16 surrogate (\\ud800)" in answer["error"]["message"]

        wire.send(_call(3, "load_data", {"path": "a\x00b.csv"}))
        nul = wire.reply()
        assert nul["id"] == 3 and nul["result"]["isError"]
        assert "NUL byte" in nul["result"]["content"][0]["text"]

        wire.send(_call(4, "load_data", {"path": "a" * 5000}))
        long = wire.reply()
        assert long["id"] == 4 and long["result"]["isError"]
        assert "more than the 4,096" in long["result"]["content"][0]["text"]

        wire.send('{"jsonrpc": "2.0", "id": 5, "method": ')
        broken = wire.reply()
        assert broken["id"] is None and broken["error"]["code"] == -32700

        wire.send('{"jsonrpc":"2.0","id":6,"method":"ping"}')  # still serving
        assert wire.reply() == {"jsonrpc": "2.0", "id": 6, "result": {}}
    finally:
        wire.close()
