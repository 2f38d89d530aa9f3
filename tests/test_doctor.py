"""`askwhy doctor` and `askwhy --version`: what is installed, which planners work and why not."""

from __future__ import annotations

import json
import signal
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

import askwhy
from askwhy.cli import doctor
from askwhy.cli.main import main
from askwhy.planning.local import status as local_status
from askwhy.testing.local_backend import CrashingBackend

SECRET = "sk-test-do-not-print"


@pytest.fixture(autouse=True)
def small_local_model(tmp_path, monkeypatch):
    """A tiny GGUF file stands in for the model, so no test hashes a real 470 MB file."""
    model = tmp_path / "tiny.gguf"
    model.write_bytes(b"GGUF" + bytes(60))
    monkeypatch.setenv("ASKWHY_GGUF", str(model))
    monkeypatch.setenv("ASKWHY_CACHE", str(tmp_path / "cache"))
    monkeypatch.delenv("ASKWHY_THREADS", raising=False)
    return model


def run_json(capsys, *args: str) -> tuple[int, dict]:
    code = main(["doctor", "--json", *args])
    return code, json.loads(capsys.readouterr().out)


def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"askwhy {askwhy.__version__}"


def test_without_a_model_the_rule_planner_is_the_default_and_it_works(capsys):
    code, report = run_json(capsys)
    assert code == 0 and report["ok"] is True
    assert report["askwhy"] == askwhy.__version__ and report["python"]
    assert report["default_planner"] == "rules"
    assert report["packages"]["pandas"] and "llama-cpp-python" in report["packages"]
    planners = report["planners"]
    assert planners["rules"]["usable"] is True
    assert planners["llm"]["usable"] is False
    assert "no model configured" in planners["llm"]["reason"]
    assert planners["llm"]["config_file_exists"] is False
    assert planners["local"]["weights"]["source"] == "$ASKWHY_GGUF"
    assert planners["local"]["check"] is None  # the model is only run with --check-local
    assert set(report["reports"]) == {"graphviz_dot", "chromium"}


def test_the_graph_store_is_counted_not_written(tmp_path, capsys):
    store = tmp_path / "graphs"
    store.mkdir()
    for name in ("first", "second"):
        (store / f"{name}.json").write_text('{"nodes": []}')
    (store / ".index.json").write_text("{}")
    before = sorted(p.name for p in store.iterdir())
    _, report = run_json(capsys, "--store-dir", str(store))
    found = report["graph_store"]
    assert (found["path"], found["exists"], found["graphs"]) == (str(store), True, 2)
    assert found["bytes"] > 0 and found["writable"] is True
    assert sorted(p.name for p in store.iterdir()) == before


def test_a_store_folder_not_yet_made_is_writable_where_it_would_be(tmp_path, capsys):
    _, report = run_json(capsys, "--store-dir", str(tmp_path / "new" / "graphs"))
    assert report["graph_store"] == {
        "path": str(tmp_path / "new" / "graphs"),
        "exists": False,
        "graphs": 0,
        "bytes": 0,
        "writable": True,
    }
    assert not (tmp_path / "new").exists()


def test_a_model_without_a_key_breaks_the_default_planner(monkeypatch, capsys):
    monkeypatch.setenv("ASKWHY_MODEL", "gpt-test")
    code, report = run_json(capsys)
    assert code == 1 and report["default_planner"] == "auto" and report["ok"] is False
    assert "no API key" in report["planners"]["llm"]["reason"]


def test_the_api_key_is_never_printed(monkeypatch, capsys):
    monkeypatch.setenv("ASKWHY_MODEL", "gpt-test")
    monkeypatch.setenv("OPENAI_API_KEY", SECRET)
    assert main(["doctor"]) == 0
    text = capsys.readouterr().out
    assert "API key: set" in text and SECRET not in text
    _, report = run_json(capsys)
    assert report["planners"]["llm"]["api_key"] == "set" and SECRET not in json.dumps(report)


def test_a_bad_config_file_is_reported(tmp_path, monkeypatch, capsys):
    config = tmp_path / "config.toml"
    config.write_text("[llm]\nmodle = 'x'\n")
    monkeypatch.setenv("ASKWHY_CONFIG", str(config))
    code, report = run_json(capsys)
    assert code == 1 and report["default_planner"] is None
    assert "Bad LLM settings" in report["planners"]["llm"]["reason"]


# ---------------------------------------------------------------- --check-endpoint


class _Models(BaseHTTPRequestHandler):
    status = 200

    def do_GET(self):  # noqa: N802 (the http.server name)
        body = b'{"object": "list", "data": [{"id": "tiny", "object": "model"}]}'
        if self.status != 200:
            body = b'{"error": {"message": "bad key"}}'
        self.send_response(self.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def endpoint():
    def start(status: int = 200) -> str:
        handler = type("Handler", (_Models,), {"status": status})
        server = HTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/v1"

    servers: list[HTTPServer] = []
    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_no_request_is_sent_without_check_endpoint(capsys):
    _, report = run_json(capsys, "--model", "tiny", "--base-url", "http://127.0.0.1:9/v1")
    assert (
        report["planners"]["llm"]["usable"] is True and "endpoint" not in report["planners"]["llm"]
    )


def test_check_endpoint_lists_the_models(endpoint, capsys):
    url = endpoint()
    code, report = run_json(capsys, "--model", "tiny", "--base-url", url, "--check-endpoint")
    llm = report["planners"]["llm"]
    assert code == 0 and llm["usable"] is True
    assert llm["endpoint"]["ok"] is True and "tiny listed" in llm["endpoint"]["detail"]


def test_a_refused_key_fails_the_check(endpoint, capsys):
    url = endpoint(status=401)
    code, report = run_json(capsys, "--model", "tiny", "--base-url", url, "--check-endpoint")
    llm = report["planners"]["llm"]
    assert code == 1 and llm["usable"] is False and llm["endpoint"]["ok"] is False


def test_an_endpoint_that_is_down_fails_the_check_quickly(capsys):
    with socket.socket() as closed:  # a port nothing listens on once this is closed
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    down = f"http://127.0.0.1:{port}/v1"
    code, report = run_json(capsys, "--model", "tiny", "--base-url", down, "--check-endpoint")
    llm = report["planners"]["llm"]
    assert code == 1 and llm["endpoint"]["ok"] is False and llm["usable"] is False
    assert "127.0.0.1" in llm["reason"]
    assert llm["endpoint"]["seconds"] < doctor.ENDPOINT_SECONDS + 1


# ---------------------------------------------------------------- --check-local


def test_check_local_runs_the_model_in_a_worker_and_reports_a_crash(monkeypatch, capsys):
    monkeypatch.setattr(local_status, "llama_installed", lambda: True)
    monkeypatch.setattr(local_status, "llama_version", lambda: "0.3.36")
    monkeypatch.setattr(doctor, "local_backend", lambda path: CrashingBackend(signal.SIGILL))
    code, report = run_json(capsys, "--check-local")
    local = report["planners"]["local"]
    assert code == 0  # the default planner (rules) still works
    assert local["usable"] is False and local["check"]["ok"] is False
    assert "SIGILL" in local["check"]["detail"] and "GGML_NATIVE=OFF" in local["reason"]
    assert main(["doctor", "--check-local"]) == 0
    text = capsys.readouterr().out
    assert "local  no      The local model process died with SIGILL" in text
    assert "worker check: FAILED\n" in text


def test_check_local_is_not_run_without_the_extra(monkeypatch, capsys):
    monkeypatch.setattr(local_status, "llama_installed", lambda: False)
    _, report = run_json(capsys, "--check-local")
    check = report["planners"]["local"]["check"]
    assert check["ok"] is False and check["detail"].startswith("not run: ")


def test_the_text_report_has_every_section(capsys):
    assert main(["doctor"]) == 0
    text = capsys.readouterr().out
    for heading in ("askwhy ", "packages", "planners (default: rules, works)", "reports"):
        assert heading in text
    assert "graph memory" in text and "worker check: not run" in text


def test_doctor_does_not_import_heavy_or_native_libraries():
    import subprocess
    import sys

    code = (
        "import sys; from askwhy.cli.main import main; main(['doctor', '--json']); "
        "bad = [m for m in ('llama_cpp', 'dowhy', 'econml', 'causallearn', 'langchain') "
        "if m in sys.modules]; assert not bad, bad"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
