"""The askwhy command end to end, through a subprocess like a user would run it."""

import json
import os
import re
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
    assert done.stdout.splitlines()[1].startswith("Yes: ")
    assert "Graph" in done.stdout and "Assumes" in done.stdout


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
        (["Are smoking and tar independent?"], "Give the CSV file first or with --data"),
        (["{smoking}", "  "], "The question is empty"),
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


def test_the_csv_may_come_before_the_question(tmp_path):
    done = run("ask", str(EXAMPLES / "smoking.csv"), "Does tar directly cause lung cancer?",
               "--json", store=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["frame"]["family"] == "direct_cause"
    assert (answer["frame"]["x"], answer["frame"]["y"]) == ("tar", "lung_cancer")


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
            f"/export smoking-boss-bic {tmp_path / 'g.json'}",
            "/show nothing-here",
            "/quit",
        ]
    )
    done = run("chat", "--data", str(EXAMPLES / "smoking.csv"), stdin=script + "\n", store=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "/export NAME PATH" in done.stdout
    assert "smoking-boss-bic" in done.stdout  # algorithm auto chose BOSS for these data
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


def store_graphs(home, graphs):
    """Save (name, fingerprint, days old) graphs in the store under ASKWHY_HOME `home`."""
    from datetime import datetime, timedelta, timezone

    from askwhy.core.graph import CausalGraph, Provenance
    from askwhy.memory.store import GraphStore

    store = GraphStore(home / "graphs")
    for name, fingerprint, days in graphs:
        created = datetime.now(timezone.utc) - timedelta(days=days)
        provenance = Provenance(dataset=fingerprint, dataset_name="d", created=created)
        store.put(CausalGraph(nodes=["a", "b"], provenance=provenance), name)
    return store


def test_graphs_list_data_shows_only_that_datas_graphs(tmp_path):
    from askwhy.core.data import load_csv

    smoking = load_csv(EXAMPLES / "smoking.csv").fingerprint
    marketing = load_csv(EXAMPLES / "marketing.csv").fingerprint
    store_graphs(tmp_path, [("s1", smoking, 0), ("m1", marketing, 0), ("s2", smoking, 0)])
    done = run("graphs", "list", "--data", str(EXAMPLES / "smoking.csv"), store=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [line.split()[0] for line in done.stdout.splitlines()] == ["s1", "s2"]
    every = run("graphs", "list", store=tmp_path)
    assert [line.split()[0] for line in every.stdout.splitlines()] == ["s1", "m1", "s2"]
    none = run("graphs", "list", "--data", str(EXAMPLES / "dose.csv"), store=tmp_path)
    assert (
        none.returncode == 0
        and "No graphs of" in none.stdout
        and "(3 of other data)" in none.stdout
    )


def test_graphs_delete_and_prune(tmp_path):
    store_graphs(tmp_path, [("old", "f", 40), ("mid", "f", 10), ("new", "f", 1), ("now", "f", 0)])
    deleted = run("graphs", "delete", "mid", store=tmp_path)
    assert deleted.returncode == 0 and "Deleted graph 'mid'" in deleted.stdout
    missing = run("graphs", "delete", "mid", store=tmp_path)
    assert missing.returncode == 2 and "No graph named 'mid'" in missing.stderr
    pruned = run("graphs", "prune", "--older-than", "30", store=tmp_path)
    assert pruned.returncode == 0 and "Removed 1 graph: old. 2 left." in pruned.stdout
    kept = run("graphs", "prune", "--keep", "1", store=tmp_path)
    assert "Removed 1 graph: new. 1 left." in kept.stdout
    assert run("graphs", "prune", "--keep", "1", store=tmp_path).stdout.startswith("Nothing")
    assert [p.stem for p in (tmp_path / "graphs").glob("[!.]*.json")] == ["now"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["prune"], "--older-than DAYS and/or --keep N"),
        (["prune", "--keep", "-1"], "--keep must be 0 or more"),
        (["prune", "--older-than", "nan"], "number of days"),
        (["prune", "now", "--keep", "1"], "askwhy graphs delete NAME"),
        (["list", "--keep", "1"], "belong to `askwhy graphs prune`"),
        (["show", "now", "--data", "x.csv"], "`askwhy graphs list`"),
        (["list", "--columns", "x.json"], "give both"),
    ],
)
def test_graphs_options_belong_to_one_action(tmp_path, args, message):
    store_graphs(tmp_path, [("now", "f", 0)])
    done = run("graphs", *args, store=tmp_path)
    assert done.returncode == 2 and message in " ".join(done.stderr.split())
    assert (tmp_path / "graphs" / "now.json").exists()


def test_graphs_without_a_name_lists_at_most_20_names(tmp_path):
    store_graphs(tmp_path, [(f"g{i:02d}", "f", 30 - i) for i in range(25)])
    done = run("graphs", "show", store=tmp_path)
    assert done.returncode == 2
    message = " ".join(done.stderr.split())
    assert "Names: g05, g06," in message and "g24 and 5 older." in message
    assert "g04" not in message


def test_ask_is_short_by_default_and_full_with_verbose(tmp_path):
    smoking = str(EXAMPLES / "smoking.csv")
    question = "Are yellow fingers and lung cancer independent given smoking?"
    short = run("ask", "--data", smoking, question, store=tmp_path)
    assert short.returncode == 0, short.stderr
    lines = [line for line in short.stdout.splitlines() if line.strip()]
    assert len(lines) <= 8, short.stdout
    assert "Fisher-z p = 0.219 ≥ α 0.05, 1,500 rows" in short.stdout
    assert "Running" not in short.stderr  # no live status when stdout is not a terminal
    full = run("ask", "--data", smoking, "--verbose", question, store=tmp_path)
    for title in ("Evidence", "Assumptions", "Notes", "Trace"):
        assert title in full.stdout


def test_the_report_is_written_before_anything_is_printed(tmp_path):
    import shutil

    if shutil.which("bash") is None or shutil.which("head") is None:
        pytest.skip("needs bash and head")
    report = tmp_path / "r.html"
    command = (
        f"{sys.executable} -m askwhy ask --data {EXAMPLES / 'smoking.csv'} "
        f"'Does tar directly cause lung cancer?' --report {report} | head -1; "
        "exit ${PIPESTATUS[0]}"
    )
    env = {**os.environ, "ASKWHY_HOME": str(tmp_path)}
    done = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, timeout=300, env=env
    )
    assert done.returncode == 0, done.stderr
    assert report.exists() and "Report written" in done.stderr


def test_json_stays_pure_with_a_report_and_a_slow_method_warning(tmp_path):
    done = run(
        "ask",
        "--data",
        str(EXAMPLES / "dose.csv"),
        "--json",
        "--method",
        "dml",
        "--report",
        str(tmp_path / "r.md"),
        "What is the effect of dose on blood pressure?",
        store=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["kind"] == "estimate"
    assert "warning: Double ML on 1,500 rows" in done.stderr
    assert "Report written" in done.stderr and (tmp_path / "r.md").exists()


def test_a_time_limit_abandons_slow_work_with_exit_2(tmp_path):
    import time

    started = time.perf_counter()
    done = run(
        "ask",
        "--data",
        str(EXAMPLES / "smoking.csv"),
        "--test",
        "kci",
        "--time-limit",
        "1",
        "--report",
        str(tmp_path / "r.html"),
        "Does tar directly cause lung cancer?",
        store=tmp_path,
    )
    assert done.returncode == 2
    message = " ".join(done.stderr.split())
    assert "KCI-based PC discovery on 1,500 rows and 6 columns is slow" in message
    assert "Stopped waiting after 1 s (--time-limit)" in message
    assert "direct_cause (PC, KCI, 6 columns) was running" in message
    assert "abandoned" in message and "no report written" in message
    assert done.stdout == "" and not (tmp_path / "r.html").exists()
    assert time.perf_counter() - started < 40  # not the minute KCI would take
    bad = run("ask", "--data", str(EXAMPLES / "smoking.csv"), "--time-limit", "0", "Q?")
    assert bad.returncode == 2 and "--time-limit must be a positive" in bad.stderr


def test_the_live_status_names_the_step_and_its_seconds(tmp_path):
    import io
    import time

    from rich.console import Console

    from askwhy import Session
    from askwhy.cli.progress import Progress, describe_call, run_limited, slow_warning
    from askwhy.session import ToolFinished, ToolStarted

    session = Session(store_dir=tmp_path / "graphs")
    session.load(EXAMPLES / "smoking.csv")
    assert describe_call(session, "discover_graph", {}) == "discover_graph (auto, 6 columns)"
    assert describe_call(session, "discover_graph", {"algorithm": "pc"}) == (
        "discover_graph (PC, 6 columns)"
    )
    assert describe_call(session, "discover_graph", {"test": "kci"}) == (
        "discover_graph (PC, KCI, 6 columns)"
    )
    assert describe_call(session, "test_independence", {"test": "kci"}) == (
        "test_independence (KCI, 1,500 rows)"
    )
    assert "subsample" in slow_warning(session, "test_independence", {"test": "kci"})
    assert slow_warning(session, "test_independence", {"test": "fisherz"}) == ""
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100, color_system=None)
    progress = Progress(session, console, live=True)

    def work():
        progress(ToolStarted("discover_graph", {"test": "kci"}))
        time.sleep(0.6)
        progress(ToolFinished("discover_graph", 0.6))
        return "done"

    assert run_limited(work, None, progress) == "done"
    shown = out.getvalue()
    assert "warning: KCI-based PC discovery on 1,500 rows" in shown
    assert re.search(r"Running discover_graph \(PC, KCI, 6 columns\)… 0\.\d s", shown)
    quiet = Progress(session, Console(file=io.StringIO()), live=False)
    assert run_limited(lambda: 1, 5, quiet) == 1
