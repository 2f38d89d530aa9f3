"""The local model in its worker process: a native crash (a real SIGILL, SIGSEGV or SIGABRT
in the worker) or a hang becomes a clear LocalModelError, and askwhy goes on working."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from askwhy.cli.main import main
from askwhy.planning.auto import AutoPlanner
from askwhy.planning.local import planner as local
from askwhy.planning.local.backend import Completion, LocalModelError
from askwhy.planning.local.planner import LocalPlanner, WorkerBackend
from askwhy.session import Session
from askwhy.testing.local_backend import CrashingBackend, HangingBackend, ScriptedBackend, step

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CONFOUNDER = "Is there a confounder between yellow fingers and lung cancer?"
UNREADABLE = "Hello there, what do you think?"  # the rule parser cannot read it
MESSAGES = [{"role": "user", "content": "hi"}]


def gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def session_with(tmp_path: Path, planner) -> Session:
    session = Session(planner=planner, store_dir=tmp_path / "graphs")
    session.load(EXAMPLES / "smoking.csv")
    return session


# ---------------------------------------------------------------- replies


def test_a_backend_in_the_worker_answers_like_in_process(tmp_path):
    reply = step("common_cause", x="yellow_fingers", y="lung_cancer")
    with WorkerBackend(ScriptedBackend(reply, name="scripted-in-worker")) as worker:
        answer = session_with(tmp_path, LocalPlanner(worker)).ask(CONFOUNDER)
        pid = worker.pid
        assert pid is not None and pid != os.getpid()
    assert (answer.answer, answer.planner) == ("yes", "local")
    assert answer.planner_steps[-1].details["total_tokens"] == 52  # the Completion came back
    assert not worker.alive and gone(pid)


def test_the_worker_and_its_model_are_kept_between_replies():
    with WorkerBackend(ScriptedBackend("one", "two")) as worker:
        first = worker.complete(MESSAGES, {}, 8)
        pid = worker.pid
        second = worker.complete(MESSAGES, {}, 8)
        assert worker.pid == pid
    assert (first.text, second.text) == ("one", "two")


def test_a_python_error_in_the_backend_comes_back_and_the_worker_stays_up():
    with WorkerBackend(ScriptedBackend("only")) as worker:
        worker.complete(MESSAGES, {}, 8)
        with pytest.raises(LocalModelError, match="the local model failed: ScriptExhausted"):
            worker.complete(MESSAGES, {}, 8)
        assert worker.alive


# ---------------------------------------------------------------- crashes


def test_sigill_in_the_worker_says_how_to_rebuild_llama_cpp():
    worker = WorkerBackend(CrashingBackend(signal.SIGILL))
    worker.start()
    pid = worker.pid
    with pytest.raises(LocalModelError) as caught:
        worker.complete(MESSAGES, {}, 8)
    message = str(caught.value)
    assert "died with SIGILL (illegal instruction)" in message
    assert 'CMAKE_ARGS="-DGGML_NATIVE=OFF" pip install --force-reinstall --no-cache-dir' in message
    assert "--planner rules" in message
    assert not worker.alive and gone(pid)


@pytest.mark.parametrize(
    ("signum", "words"),
    [(signal.SIGSEGV, "SIGSEGV (segmentation fault)"), (signal.SIGABRT, "SIGABRT (aborted)")],
)
def test_other_native_crashes_are_named(signum, words):
    with pytest.raises(LocalModelError, match=re.escape(f"died with {words}")):
        WorkerBackend(CrashingBackend(signum)).complete(MESSAGES, {}, 8)


def test_after_a_crash_the_next_reply_starts_a_fresh_worker():
    worker = WorkerBackend(CrashingBackend(signal.SIGSEGV))
    pids = []
    for _ in range(2):
        worker.start()
        pids.append(worker.pid)
        with pytest.raises(LocalModelError, match="SIGSEGV"):
            worker.complete(MESSAGES, {}, 8)
    assert pids[0] != pids[1]


def test_the_crashing_double_refuses_to_kill_the_test_process():
    with pytest.raises(AssertionError, match="inside a WorkerBackend"):
        CrashingBackend(signal.SIGILL).complete(MESSAGES, {}, 8)


def test_a_backend_that_cannot_be_pickled_is_a_clear_error():
    backend = ScriptedBackend("x")
    backend.unpicklable = threading.Lock()
    with pytest.raises(LocalModelError, match="Could not start the local model process"):
        WorkerBackend(backend).complete(MESSAGES, {}, 8)


class UnpicklableInTheWorker:
    """Pickles fine here, but unpickling it in the worker raises ValueError."""

    name = "bad"

    def __reduce__(self):
        return (int, ("not a number",))


def test_a_worker_that_cannot_start_says_why():
    worker = WorkerBackend(UnpicklableInTheWorker())
    with pytest.raises(LocalModelError, match="could not start: ValueError: invalid literal"):
        worker.complete(MESSAGES, {}, 8)
    assert not worker.alive


def test_a_script_without_a_main_guard_is_not_run_again_in_the_worker(tmp_path):
    marker = tmp_path / "runs.txt"
    script = tmp_path / "script.py"
    script.write_text(
        "from askwhy.planning.local.worker import WorkerBackend\n"
        "from askwhy.testing.local_backend import ScriptedBackend\n"
        f"with open({str(marker)!r}, 'a') as f: f.write('run\\n')\n"
        "print(WorkerBackend(ScriptedBackend('hello')).complete([], {}, 8).text)\n"
    )
    done = subprocess.run(
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "hello"
    assert marker.read_text() == "run\n"


def test_what_the_model_prints_does_not_corrupt_the_replies():
    with WorkerBackend(NoisyBackend()) as worker:
        assert worker.complete(MESSAGES, {}, 8).text == "clean"


class NoisyBackend:
    """Writes to stdout from Python and from C (fd 1), as llama.cpp's logging can."""

    name = "noisy"

    def complete(self, messages, schema, max_tokens):
        print("python noise")
        os.write(1, b"C-level noise\n")
        return Completion(text="clean")


# ---------------------------------------------------------------- hangs and shutdown


def test_a_hanging_model_times_out_and_its_process_is_stopped():
    worker = WorkerBackend(HangingBackend(), timeout=0.5)
    worker.start()
    pid = worker.pid
    with pytest.raises(LocalModelError, match=r"no reply within 0.5 s.*ASKWHY_LOCAL_TIMEOUT"):
        worker.complete(MESSAGES, {}, 8)
    assert not worker.alive and gone(pid)


def test_a_worker_that_ignores_sigterm_is_killed():
    worker = WorkerBackend(HangingBackend(ignore_terminate=True), timeout=0.5)
    worker.start()
    pid = worker.pid
    with pytest.raises(LocalModelError, match="no reply within"):
        worker.complete(MESSAGES, {}, 8)
    assert gone(pid)


def test_ctrl_c_while_waiting_stops_the_busy_worker():
    worker = WorkerBackend(HangingBackend(), timeout=60)
    worker.start()
    pid = worker.pid
    threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT)).start()
    with pytest.raises(KeyboardInterrupt):
        worker.complete(MESSAGES, {}, 8)
    assert not worker.alive and gone(pid)


def test_close_stops_an_idle_worker_and_is_idempotent():
    worker = WorkerBackend(ScriptedBackend())
    worker.start()
    pid = worker.pid
    worker.close()
    worker.close()
    assert worker.pid is None and gone(pid)


def test_the_planner_closes_its_worker():
    worker = WorkerBackend(ScriptedBackend())
    worker.start()
    LocalPlanner(worker).close()
    assert not worker.alive


def test_the_timeout_comes_from_the_environment(monkeypatch, tmp_path):
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF\x03\x00")
    monkeypatch.setattr(local, "llama_installed", lambda: True)
    monkeypatch.setenv("ASKWHY_LOCAL_TIMEOUT", "7.5")
    planner = local.make_local_planner(model_path=model)
    assert isinstance(planner.backend, WorkerBackend) and planner.backend.timeout == 7.5
    assert planner.backend.backend.model_path == model  # the llama backend goes to the worker
    monkeypatch.setenv("ASKWHY_LOCAL_TIMEOUT", "soon")
    with pytest.raises(LocalModelError, match="ASKWHY_LOCAL_TIMEOUT must be a number"):
        local.make_local_planner(model_path=model)


# ---------------------------------------------------------------- askwhy goes on


def test_after_the_local_model_crashes_the_rule_planner_still_answers(tmp_path):
    model = LocalPlanner(WorkerBackend(CrashingBackend(signal.SIGILL)))
    session = session_with(tmp_path, AutoPlanner(model))
    with pytest.raises(LocalModelError, match="SIGILL"):
        session.ask(UNREADABLE)  # handed to the local model, which dies
    answer = session.ask(CONFOUNDER)
    assert (answer.answer, answer.planner) == ("yes", "auto:rules")


def test_the_cli_reports_the_crash_and_exits_2(tmp_path, monkeypatch, capsys):
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF\x03\x00")
    monkeypatch.setenv("ASKWHY_GGUF", str(model))
    monkeypatch.setattr(local, "llama_installed", lambda: True)
    monkeypatch.setattr(local, "LlamaBackend", lambda path, settings: CrashingBackend())
    data = str(EXAMPLES / "smoking.csv")
    args = ["ask", "--data", data, "--planner", "local", "--store-dir", str(tmp_path), CONFOUNDER]
    assert main(args) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "error: The local model process died with SIGILL" in err
    assert "-DGGML_NATIVE=OFF" in err and "Traceback" not in err


# ---------------------------------------------------------------- the real wiring, a fake llama_cpp

FAKE_LLAMA = """
import os, resource, signal

REPLY = '{"tool": "common_cause", "args": {"x": "yellow_fingers", "y": "lung_cancer"}}'


class Llama:
    def __init__(self, model_path, **options):
        if os.environ.get("FAKE_LLAMA_SIGILL"):  # a build for the wrong CPU, at load time
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            os.kill(os.getpid(), signal.SIGILL)

    def create_chat_completion(self, messages, grammar, **options):
        usage = {"prompt_tokens": 30, "completion_tokens": 10}
        return {"choices": [{"message": {"content": REPLY}}], "usage": usage}


class LlamaGrammar:
    @classmethod
    def from_string(cls, text, verbose=False):
        return cls()
"""


@pytest.fixture
def fake_llama_cpp(tmp_path, monkeypatch):
    """A stand-in llama_cpp package on sys.path (the worker gets the same sys.path)."""
    package = tmp_path / "fake" / "llama_cpp"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(FAKE_LLAMA)
    (package / "llama_grammar.py").write_text(
        "def json_schema_to_gbnf(schema, prop_order=None):\n    return 'root ::= \"{}\"'\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path / "fake"))
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF\x03\x00")
    monkeypatch.setenv("ASKWHY_GGUF", str(model))
    return model


def test_planner_local_runs_llama_cpp_in_the_worker_not_here(fake_llama_cpp, tmp_path):
    planner = local.make_local_planner()
    answer = session_with(tmp_path, planner).ask(CONFOUNDER)
    planner.close()
    assert (answer.answer, answer.planner) == ("yes", "local")
    assert answer.planner_steps[-1].details["total_tokens"] == 40
    assert "llama_cpp" not in sys.modules


def test_a_llama_cpp_that_dies_with_sigill_is_an_error_message(
    fake_llama_cpp, tmp_path, monkeypatch, capsys
):
    monkeypatch.setenv("FAKE_LLAMA_SIGILL", "1")
    data = str(EXAMPLES / "smoking.csv")
    args = ["ask", "--data", data, "--planner", "local", "--store-dir", str(tmp_path), CONFOUNDER]
    assert main(args) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert "The local model process died with SIGILL (illegal instruction)" in err
