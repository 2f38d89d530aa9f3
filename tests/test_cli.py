"""The askwhy command end to end, through a subprocess like a user would run it."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def run(*args, stdin=None, store=None):
    env = {**os.environ, "ASKWHY_HOME": str(store)} if store else dict(os.environ)
    return subprocess.run(
        [sys.executable, "-m", "askwhy", *args],
        capture_output=True,
        text=True,
        input=stdin,
        env=env,
        timeout=300,
    )


def test_ask_prints_answer_and_evidence(tmp_path):
    done = run(
        "ask",
        "--data",
        str(EXAMPLES / "smoking.csv"),
        "Does tar directly cause lung cancer?",
        store=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert "yes" in done.stdout and "Evidence" in done.stdout and "Assumptions" in done.stdout


def test_ask_json_has_the_documented_shape(tmp_path):
    done = run(
        "ask",
        "--data",
        str(EXAMPLES / "smoking.csv"),
        "--json",
        "Are yellow fingers and lung cancer independent given smoking?",
        store=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    for key in (
        "question",
        "kind",
        "answer",
        "graph",
        "estimate",
        "explanation",
        "trace",
        "planner",
    ):
        assert key in answer
    assert answer["kind"] == "yes_no" and answer["answer"] == "yes"
    step = answer["trace"][0]
    assert step["tool"] == "test_independence" and step["args"]["given"] == ["smoking"]
    assert step["result"]["p_value"] > 0.05 and step["seconds"] >= 0


def test_graph_json_edges_are_triples(tmp_path):
    done = run(
        "ask",
        "--data",
        str(EXAMPLES / "smoking.csv"),
        "--json",
        "Draw the causal graph",
        store=tmp_path,
    )
    answer = json.loads(done.stdout)
    assert answer["kind"] == "graph"
    assert all(
        len(edge) == 3 and edge[2] in ("->", "--", "<->", "o->", "o-o")
        for edge in answer["graph"]["edges"]
    )
    listed = run("graphs", "list", store=tmp_path)
    assert answer["graph"]["name"] in listed.stdout
    out = tmp_path / "g.dot"
    exported = run("graphs", "export", answer["graph"]["name"], str(out), store=tmp_path)
    assert exported.returncode == 0 and "digraph" in out.read_text()


def test_settings_flags_reach_the_analysis(tmp_path):
    done = run(
        "ask",
        "--data",
        str(EXAMPLES / "smoking.csv"),
        "--json",
        "--algorithm",
        "ges",
        "Does tar directly cause lung cancer?",
        store=tmp_path,
    )
    answer = json.loads(done.stdout)
    assert answer["trace"][0]["args"]["algorithm"] == "ges"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--data", "no_such.csv", "Are a and b independent?"], "File not found"),
        (["--data", "{smoking}", "Are smoking and cancer_rate independent?"], "lung_cancer"),
        (["--data", "{smoking}", "What is the weather tomorrow?"], "independent"),
        (["--data", "{empty}", "Are a and b independent?"], "empty"),
        (["--data", "{smoking}", "--alpha", "2", "Are smoking and tar independent?"], "alpha"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(tmp_path, args, message):
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    args = [a.format(smoking=EXAMPLES / "smoking.csv", empty=empty) for a in args]
    done = run("ask", *args, store=tmp_path)
    assert done.returncode == 2
    # errors go to stderr; a question askwhy will not answer is an "unclear" answer on stdout
    assert message in done.stderr + done.stdout
    assert "Traceback" not in done.stderr + done.stdout


def test_tools_lists_every_tool_with_schemas():
    done = run("tools", "--json")
    schemas = json.loads(done.stdout)
    names = {s["function"]["name"] for s in schemas}
    assert {"test_independence", "discover_graph", "direct_cause", "estimate_effect"} <= names
    assert all(s["function"]["parameters"]["type"] == "object" for s in schemas)
    table = run("tools")
    assert "test_independence" in table.stdout


def test_chat_answers_and_runs_commands(tmp_path):
    script = "\n".join(
        [
            "/help",
            "Draw the causal graph",
            "/graphs",
            "Does tar directly cause lung cancer?",
            f"/export smoking-pc-fisherz-0.05 {tmp_path / 'g.json'}",
            "/show nothing-here",
            "/quit",
        ]
    )
    done = run("chat", "--data", str(EXAMPLES / "smoking.csv"), stdin=script + "\n", store=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "/export NAME PATH" in done.stdout
    assert "smoking-pc-fisherz-0.05" in done.stdout
    assert (tmp_path / "g.json").exists()
    assert "error" in done.stdout  # unknown graph name is reported, the chat goes on
    assert "Traceback" not in done.stdout + done.stderr


def test_a_closed_pipe_ends_quietly_with_exit_0(tmp_path):
    import shutil

    if shutil.which("bash") is None or shutil.which("head") is None:
        pytest.skip("needs bash and head")
    command = f"{sys.executable} -m askwhy tools | head -1; exit ${{PIPESTATUS[0]}}"
    done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr and "Traceback" not in done.stderr


def test_error_messages_keep_square_brackets(tmp_path):
    done = run("ask", "--data", str(tmp_path / "x[llm].csv"), "Does a cause b?")
    assert done.returncode == 2
    assert "x[llm].csv" in done.stderr
