"""`askwhy chat`: Ctrl-C and Ctrl-D, errors that never end the chat, answers saved as they
come and resumed, /graphs per dataset. In-process with scripted input, and in a real
terminal (a pty) where Ctrl-C is a signal."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from askwhy.cli.chat import ChatLoop
from askwhy.cli.history import CONVERSATIONS, Conversation, chat_folder
from askwhy.errors import AskwhyError
from askwhy.session import Session
from askwhy.testing.planner import ScriptedPlanner, call

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ROOT = Path(__file__).resolve().parent.parent


class Script:
    """Lines to type; an exception class in the list is raised instead (Ctrl-C, Ctrl-D).
    After the last line: Ctrl-D. Records the prompts it was shown."""

    def __init__(self, *lines, on_read=None):
        self.lines = list(lines)
        self.prompts: list[str] = []
        self.on_read = on_read

    def __call__(self, prompt: str) -> str:
        self.prompts.append(prompt)
        if self.on_read is not None:
            self.on_read()
        if not self.lines:
            raise EOFError
        line = self.lines.pop(0)
        if isinstance(line, type) and issubclass(line, BaseException):
            raise line
        return line


def chat(session, script, **options):
    out = StringIO()
    code = ChatLoop(session, Console(file=out, width=200), script, **options).run()
    return code, out.getvalue()


def by_question(question, context):
    """tar -> lung_cancer for any question; 'slow' is cancelled, 'buggy' hits a bug."""
    if "slow" in question:
        raise KeyboardInterrupt
    if "buggy" in question:
        raise RuntimeError("something broke")
    return [call("direct_cause", x="tar", y="lung_cancer")]


def smoking_session(tmp_path=None, planner=None) -> Session:
    options = {"store_dir": tmp_path / "graphs"} if tmp_path else {"persist": False}
    session = Session(planner=planner or ScriptedPlanner(by_question), **options)
    session.load(EXAMPLES / "smoking.csv")
    return session


# ----- Ctrl-C, Ctrl-D and errors ---------------------------------------------------------------


def test_ctrl_c_during_a_question_cancels_it_and_the_chat_goes_on():
    session = smoking_session()
    code, out = chat(session, Script("a slow question", "Does tar cause lung cancer?", "/quit"))
    assert code == 0
    assert "cancelled" in out
    assert "Does tar cause lung cancer?" in out  # answered after the cancel
    assert [a.question for a in session.history] == ["Does tar cause lung cancer?"]


def test_ctrl_c_at_the_prompt_asks_first_and_a_second_one_leaves():
    script = Script(KeyboardInterrupt, "n", "Does tar cause lung cancer?", KeyboardInterrupt)
    script.lines.append(KeyboardInterrupt)
    code, out = chat(smoking_session(), script)
    assert code == 0
    assert script.prompts == [
        "askwhy> ",
        "Leave askwhy chat? [y/N] ",
        "askwhy> ",
        "askwhy> ",
        "Leave askwhy chat? [y/N] ",
    ]
    assert "Does tar cause lung cancer?" in out and out.endswith("\n")


@pytest.mark.parametrize(("reply", "leaves"), [("y", True), ("YES", True), ("", False)])
def test_the_leave_question_takes_y(reply, leaves):
    script = Script(KeyboardInterrupt, reply, "/help")
    chat(smoking_session(), script)
    assert (script.prompts[-1] == "Leave askwhy chat? [y/N] ") is leaves


def test_a_question_typed_at_the_leave_prompt_is_answered_not_lost():
    session = smoking_session()
    script = Script(KeyboardInterrupt, "Does tar cause lung cancer?", "/quit")
    code, out = chat(session, script)
    assert code == 0
    assert script.prompts == ["askwhy> ", "Leave askwhy chat? [y/N] ", "askwhy> "]
    assert [a.question for a in session.history] == ["Does tar cause lung cancer?"]


def test_ctrl_d_leaves_cleanly():
    code, out = chat(smoking_session(), Script(EOFError))
    assert code == 0 and out.endswith("\n")


def test_no_command_or_tool_error_ends_the_chat(tmp_path):
    script = Script(
        '/export NAME "bad',  # unclosed quote: shlex fails
        "/show nope",  # unknown graph: AskwhyError
        f"/export nope {tmp_path / 'g.json'}",
        "/export",
        "/report --all",  # nothing to report yet
        "/nonsense",
        "a buggy question",  # an unexpected exception from a tool or planner
        "Does tar cause lung cancer?",
    )
    code, out = chat(smoking_session(), script)
    assert code == 0 and not script.lines
    assert "Could not read the command (no closing quotation)" in out
    assert "No graph named 'nope'" in out and "Usage: /export NAME PATH" in out
    assert "Nothing to report yet" in out and "Unknown command /nonsense" in out
    assert "internal error: RuntimeError: something broke" in out and "the chat goes on" in out
    assert "Does tar cause lung cancer?" in out


def test_error_messages_keep_square_brackets():
    code, out = chat(smoking_session(), Script("/load [llm].csv"))
    assert "[llm].csv" in out


# ----- answers saved as they happen, and resumed -------------------------------------------------


def saved_lines(tmp_path) -> list[dict]:
    files = list((tmp_path / "graphs" / "chat" / CONVERSATIONS).glob("*.jsonl"))
    assert len(files) <= 1
    return [json.loads(line) for line in files[0].read_text().splitlines()] if files else []


def test_each_answer_is_appended_as_it_comes(tmp_path):
    seen = []
    script = Script(
        "Does tar cause lung cancer?",
        "Is tar a cause of lung cancer?",
        on_read=lambda: seen.append(len(saved_lines(tmp_path))),
    )
    code, out = chat(smoking_session(tmp_path), script)
    assert seen == [0, 1, 2]  # on disk before the next prompt, not at exit
    lines = saved_lines(tmp_path)
    assert [a["question"] for a in lines] == [
        "Does tar cause lung cancer?",
        "Is tar a cause of lung cancer?",
    ]
    assert lines[0]["kind"] == "yes_no" and lines[0]["trace"][0]["tool"] == "direct_cause"
    assert "askwhy chat --resume" in out


def test_no_store_saves_nothing(tmp_path):
    session = smoking_session()  # persist=False
    code, out = chat(session, Script("Does tar cause lung cancer?"))
    assert code == 0 and session.store.directory is None
    assert "--resume" not in out


def test_resume_reloads_the_answers_for_report_all(tmp_path):
    chat(smoking_session(tmp_path), Script("Does tar cause lung cancer?"))
    folder = chat_folder(tmp_path / "graphs")
    first = Conversation.resume(folder)
    assert [a.question for a in first.answers] == ["Does tar cause lung cancer?"]
    report = tmp_path / "all.md"
    code, out = chat(
        smoking_session(tmp_path),
        Script("Is tar a cause of lung cancer?", f"/report --all {report}"),
        conversation=first,
    )
    assert "Resumed conversation" in out and "1 earlier answer" in out
    text = report.read_text()
    assert "Does tar cause lung cancer?" in text and "Is tar a cause of lung cancer?" in text
    # The new answer went into the same file.
    assert len(saved_lines(tmp_path)) == 2


def test_resume_by_id_latest_and_unknown(tmp_path):
    folder = chat_folder(tmp_path / "graphs")
    with pytest.raises(AskwhyError, match="No saved conversation"):
        Conversation.resume(folder)
    with pytest.raises(AskwhyError, match="--no-store"):
        Conversation.resume(None)
    older = Conversation(folder, "older")
    newer = Conversation(folder, "newer")
    answer = smoking_session().ask("Does tar cause lung cancer?")
    newer.add(answer)
    older.add(answer)  # used last: it is the latest
    assert Conversation.resume(folder).id == "older"
    assert Conversation.resume(folder, "newer").id == "newer"
    with pytest.raises(AskwhyError, match="Saved ones, newest first: older, newer"):
        Conversation.resume(folder, "other")
    with pytest.raises(AskwhyError, match="No saved conversation '../x'"):
        Conversation.resume(folder, "../x")


def test_resume_skips_a_line_cut_short_by_a_crash(tmp_path):
    folder = chat_folder(tmp_path)
    saved = Conversation(folder, "crashed")
    saved.add(smoking_session().ask("Does tar cause lung cancer?"))
    with open(saved.path, "a", encoding="utf-8") as handle:
        handle.write('{"question": "half')
    resumed = Conversation.resume(folder, "crashed")
    assert len(resumed.answers) == 1 and resumed.skipped == 1
    code, out = chat(smoking_session(), Script(), conversation=resumed)
    assert "1 unreadable line(s)" in out


def test_a_conversation_that_cannot_be_saved_warns_once_and_goes_on(tmp_path):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file, not a folder")
    notes = []
    conversation = Conversation(blocked, warn=notes.append)
    session = smoking_session()
    code, out = chat(
        session,
        Script("Does tar cause lung cancer?", "Is tar a cause of lung cancer?"),
        conversation=conversation,
    )
    assert code == 0 and len(conversation.answers) == 2
    assert len(notes) == 1 and "not being saved" in notes[0]


# ----- /graphs --------------------------------------------------------------------------------


def test_graphs_lists_the_current_datasets_graphs_unless_all(tmp_path):
    from askwhy.core.graph import CausalGraph, Provenance

    session = Session(planner=ScriptedPlanner(by_question), persist=False)
    marketing = session.load(EXAMPLES / "marketing.csv")
    smoking = session.load(EXAMPLES / "smoking.csv")
    for dataset, name in [(smoking, "mine"), (marketing, "theirs"), (smoking, "mine-too")]:
        graph = CausalGraph(nodes=["a", "b"], provenance=Provenance(dataset=dataset.fingerprint))
        session.store.put(graph, name)
    code, out = chat(session, Script("/graphs", "/graphs --all", "/graphs --bogus"))
    mine, every = out.split("3 graphs in memory:")
    assert "2 graphs of 'smoking' in memory (1 of other data: /graphs --all):" in mine
    assert "mine-too" in mine and "theirs" not in mine
    assert "theirs" in every and "Usage: /graphs" in every


# ----- in a terminal: Ctrl-C is SIGINT -----------------------------------------------------------

pytestmark_pty = pytest.mark.skipif(os.name != "posix", reason="needs a POSIX pty")

SLOW_CHAT = """
import sys, time
from rich.console import Console
from askwhy.cli.chat import ChatLoop
from askwhy.session import Session
from askwhy.testing.planner import ScriptedPlanner, call

def calls(question, context):
    if "slow" in question:
        while True:  # a long analysis
            sum(range(10_000))
    return [call("direct_cause", x="tar", y="lung_cancer")]

session = Session(planner=ScriptedPlanner(calls), persist=False)
session.load(sys.argv[1])
sys.exit(ChatLoop(session, Console()).run())
"""


class Terminal:
    """A child process on a pseudo-terminal: type into it, read what it shows."""

    def __init__(self, argv: list[str], env: dict[str, str]):
        import pty

        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # the child
            try:
                os.chdir(ROOT)
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self.seen = b""

    def type(self, data: bytes) -> None:
        os.write(self.fd, data)

    def expect(self, text: str, timeout: float = 60.0) -> float:
        """Wait until `text` shows after what was already matched; return the seconds."""
        started = time.monotonic()
        wanted = text.encode()
        while wanted not in self.seen:
            left = timeout - (time.monotonic() - started)
            if left <= 0:
                raise AssertionError(f"{text!r} not shown; the screen had:\n{self.screen}")
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:  # the child has ended
                    chunk = b""
                if not chunk:
                    raise AssertionError(f"{text!r} not shown before exit:\n{self.screen}")
                self.seen += chunk
        self.seen = self.seen[self.seen.index(wanted) + len(wanted) :]
        return time.monotonic() - started

    def wait(self, timeout: float = 30.0) -> tuple[int, bytes]:
        """The exit code and everything shown after the last match."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.fd], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                self.seen += chunk
                if chunk:
                    continue
            done, status = os.waitpid(self.pid, os.WNOHANG)
            if done:
                os.close(self.fd)
                return os.waitstatus_to_exitcode(status), self.seen
        os.kill(self.pid, 9)
        os.waitpid(self.pid, 0)
        raise AssertionError(f"still running; the screen had:\n{self.screen}")

    @property
    def screen(self) -> str:
        return self.seen.decode(errors="replace")


HUMAN = 0.5  # seconds between seeing a prompt and typing at it


def terminal_env(home: Path) -> dict[str, str]:
    return {**os.environ, "ASKWHY_HOME": str(home), "TERM": "dumb", "COLUMNS": "120"}


@pytestmark_pty
def test_in_a_terminal_ctrl_c_cancels_a_running_question_within_a_second(tmp_path):
    script = tmp_path / "slow_chat.py"
    script.write_text(SLOW_CHAT)
    argv = [sys.executable, str(script), str(EXAMPLES / "smoking.csv")]
    term = Terminal(argv, terminal_env(tmp_path))
    term.expect("askwhy> ")
    term.type(b"a slow question\r")
    term.expect("a slow question")
    time.sleep(1.0)  # running now
    term.type(b"\x03")
    assert term.expect("cancelled", timeout=10) < 1.0
    term.expect("askwhy> ")
    term.type(b"Does tar cause lung cancer?\r")
    term.expect("scripted planner", timeout=30)
    term.expect("askwhy> ")
    term.type(b"\x04")  # Ctrl-D
    code, rest = term.wait()
    assert code == 0 and rest.endswith(b"\n")


@pytestmark_pty
def test_in_a_terminal_ctrl_c_at_the_prompt_asks_and_saves_history_in_the_store(tmp_path):
    store = tmp_path / "elsewhere"
    argv = [sys.executable, "-m", "askwhy", "chat", "--store-dir", str(store)]
    term = Terminal(argv, terminal_env(tmp_path / "home"))
    term.expect("askwhy> ")
    term.type(b"/graphs\r")
    term.expect("0 graphs in memory")
    term.expect("askwhy> ")
    time.sleep(HUMAN)  # a person does not press Ctrl-C within microseconds of the prompt
    term.type(b"\x03")
    term.expect("Leave askwhy chat? [y/N] ")
    term.type(b"n\r")
    term.expect("askwhy> ")
    time.sleep(HUMAN)
    term.type(b"\x03")
    term.expect("Leave askwhy chat? [y/N] ")
    time.sleep(HUMAN)
    term.type(b"\x03")
    code, rest = term.wait()
    assert code == 0 and rest.endswith(b"\n"), rest  # the shell prompt gets its own line
    assert (store / "chat" / "history").read_text().splitlines() == ["/graphs"]
    assert not (tmp_path / "home").exists()  # --store-dir, not ASKWHY_HOME


def test_chat_resume_from_the_command_line(tmp_path):
    def run(*args, stdin):
        return subprocess.run(
            [sys.executable, "-m", "askwhy", "chat", *args],
            input=stdin,
            capture_output=True,
            text=True,
            env={**os.environ, "ASKWHY_HOME": str(tmp_path)},
            timeout=300,
        )

    smoking = str(EXAMPLES / "smoking.csv")
    done = run("--resume", stdin="")
    assert done.returncode == 2 and "No saved conversation" in done.stderr
    first = run("--data", smoking, stdin="Does tar directly cause lung cancer?\n")
    assert first.returncode == 0, first.stderr
    [saved] = (tmp_path / "graphs" / "chat" / CONVERSATIONS).glob("*.jsonl")
    report = tmp_path / "all.md"
    again = run("--data", smoking, "--resume", stdin=f"/report --all {report}\n")
    assert again.returncode == 0, again.stderr
    assert f"Resumed conversation {saved.stem}" in again.stdout
    assert "Does tar directly cause lung cancer?" in report.read_text()
    by_id = run("--resume", saved.stem, stdin="/quit\n")
    assert by_id.returncode == 0 and "1 earlier answer" in by_id.stdout


def test_chat_takes_the_csv_as_its_first_argument(tmp_path):
    def run(*args):
        return subprocess.run(
            [sys.executable, "-m", "askwhy", "chat", *args, "--no-store"],
            input="/quit\n",
            capture_output=True,
            text=True,
            env={**os.environ, "ASKWHY_HOME": str(tmp_path)},
            timeout=300,
        )

    smoking = str(EXAMPLES / "smoking.csv")
    done = run(smoking)
    assert done.returncode == 0, done.stderr
    assert "Loaded 'smoking'" in done.stdout
    twice = run(smoking, "--data", str(EXAMPLES / "marketing.csv"))
    assert twice.returncode == 2 and "Give the CSV once" in twice.stderr
