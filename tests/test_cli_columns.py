"""`--columns FILE` on the command line: the dictionary shapes the data and the report."""

import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd


def run(*args, home):
    env = {**os.environ, "ASKWHY_HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "askwhy", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def write_files(folder):
    rng = np.random.default_rng(0)
    n = 300
    dose = rng.normal(10, 2, n)
    pd.DataFrame(
        {
            "patient": range(n),
            "dose": dose,
            "pressure": 120 - 0.8 * dose + rng.normal(0, 1, n),
        }
    ).to_csv(folder / "trial.csv", index=False)
    dictionary = {
        "patient": {"type": "id", "description": "patient number"},
        "dose": {"description": "mg per day <daily>", "aliases": ["dosage"], "role": "treatment"},
        "pressure": {"description": "systolic blood pressure", "role": "outcome"},
    }
    (folder / "trial.columns.json").write_text(json.dumps(dictionary))
    return folder / "trial.csv", folder / "trial.columns.json"


def test_ask_with_columns_leaves_out_the_id_and_reports_the_dictionary(tmp_path):
    data, columns = write_files(tmp_path)
    report = tmp_path / "out.html"
    done = run(
        "ask",
        "--data",
        str(data),
        "--columns",
        str(columns),
        "--json",
        "--report",
        str(report),
        "Are dose and pressure independent?",
        home=tmp_path / "home",
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    assert answer["answer"] == "no"
    assert any("ID column 'patient'" in note for note in answer["notes"])
    page = report.read_text()
    assert "<h2>Data dictionary</h2>" in page and "mg per day &lt;daily&gt;" in page


def test_missing_dictionary_file_is_a_clear_error(tmp_path):
    data, _ = write_files(tmp_path)
    done = run(
        "ask",
        "--data",
        str(data),
        "--columns",
        str(tmp_path / "nope.yaml"),
        "Are dose and pressure independent?",
        home=tmp_path / "home",
    )
    assert done.returncode == 2
    assert "Data dictionary not found" in done.stderr and "Traceback" not in done.stderr


def test_chat_load_takes_columns_and_report_shows_them(tmp_path):
    from io import StringIO

    from rich.console import Console

    from askwhy.cli.chat import ChatLoop
    from askwhy.session import Session

    data, columns = write_files(tmp_path)
    other = tmp_path / "other.yaml"
    other.write_text("dose:\n  aliases: [amount]\n")
    lines = iter(
        [
            f"/load {data} --columns {other}",
            "/load",
            "Are dose and pressure independent?",
            f"/report {tmp_path / 'chat.md'}",
        ]
    )

    def read_line(_prompt):
        try:
            return next(lines)
        except StopIteration:
            raise EOFError from None

    out = StringIO()
    session = Session(persist=False)
    assert ChatLoop(session, Console(file=out, width=200), read_line).run() == 0
    assert session.dataset().aliases() == {"dose": ["amount"]}  # the file given, not the sidecar
    assert "Usage: /load FILE.csv [--columns DICTIONARY]" in out.getvalue()
    assert "| dose |  |  | amount |  |" in (tmp_path / "chat.md").read_text()
