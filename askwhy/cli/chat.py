"""`askwhy chat`: a terminal REPL over one Session, with slash commands and line history."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from pathlib import Path

from rich.console import Console

from askwhy.errors import AskwhyError
from askwhy.session import Session

HELP = """\
Ask a question in plain language, for example:
  Are smoking and lung cancer independent given age?
  Does tar directly cause lung cancer?
  Draw the causal graph of age, smoking and tar.
  What is the effect of smoking on lung cancer?
Commands:
  /load FILE [--columns DICT]  load a CSV (becomes the current dataset), with its
                       data dictionary (default: a FILE.columns.json/.yaml/.csv sidecar)
  /data                describe the current dataset
  /graphs              list graphs in memory
  /show NAME           show a graph
  /export NAME PATH    write a graph to PATH (.json or .dot)
  /report [--all] [PATH]  write the last answer (or --all: the whole conversation)
                       as a report, .html (default askwhy-report.html) or .md
  /help                this help
  /quit                leave (also Ctrl-D)"""


class ChatLoop:
    def __init__(
        self,
        session: Session,
        console: Console,
        read_line: Callable[[str], str] = input,
    ):
        self.session = session
        self.console = console
        self.read_line = read_line
        self.commands: dict[str, Callable[[list[str]], bool]] = {
            "/help": self._help,
            "/load": self._load,
            "/data": self._data,
            "/graphs": self._graphs,
            "/show": self._show,
            "/export": self._export,
            "/report": self._report,
            "/quit": self._quit,
            "/exit": self._quit,
        }

    def run(self) -> int:
        _enable_history()
        self.console.print("askwhy chat. Type /help for commands, /quit to leave.")
        if self.session.workspace.current:
            dataset = self.session.dataset()
            self.console.print(f"Loaded '{dataset.name}': {', '.join(dataset.columns)}")
        while True:
            try:
                line = self.read_line("askwhy> ").strip()
            except EOFError:
                self.console.print()
                return 0
            if not line:
                continue
            try:
                if line.startswith("/"):
                    if not self._command(line):
                        return 0
                else:
                    self._ask(line)
            except AskwhyError as err:
                self.console.print(f"[bold red]error:[/bold red] {err}")

    def _command(self, line: str) -> bool:
        """Run a slash command; False means leave."""
        words = shlex.split(line)
        handler = self.commands.get(words[0])
        if handler is None:
            self.console.print(f"Unknown command {words[0]}. Type /help.")
            return True
        return handler(words[1:])

    def _ask(self, question: str) -> None:
        from askwhy.report.terminal import render_answer

        render_answer(self.session.ask(question), self.console)

    def _help(self, _: list[str]) -> bool:
        self.console.print(HELP, markup=False)
        return True

    def _load(self, words: list[str]) -> bool:
        usage = "Usage: /load FILE.csv [--columns DICTIONARY]"
        columns = None
        if "--columns" in words:
            at = words.index("--columns")
            if at + 1 >= len(words):
                raise AskwhyError(usage)
            columns = words[at + 1]
            words = words[:at] + words[at + 2 :]
        if len(words) != 1:
            raise AskwhyError(usage)
        dataset = self.session.load(words[0], columns=columns)
        self.console.print(f"Loaded '{dataset.name}': {', '.join(dataset.columns)}")
        for note in dataset.notes:
            self.console.print(f"  • {note}")
        return True

    def _data(self, _: list[str]) -> bool:
        self.console.print(self.session.call("describe_data").summary)
        return True

    def _graphs(self, _: list[str]) -> bool:
        self.console.print(self.session.call("list_graphs").summary)
        return True

    def _show(self, words: list[str]) -> bool:
        from askwhy.answer import GraphPayload
        from askwhy.report.terminal import graph_table

        if not words:
            raise AskwhyError(f"Usage: /show NAME. Graphs: {', '.join(self.session.store.names())}")
        graph = self.session.store.get(words[0])
        payload = GraphPayload(name=words[0], nodes=graph.nodes, edges=graph.edge_list())
        self.console.print(graph_table(payload))
        return True

    def _export(self, words: list[str]) -> bool:
        if len(words) != 2:
            raise AskwhyError("Usage: /export NAME PATH (PATH ends in .json or .dot)")
        self.console.print(self.session.call("export_graph", name=words[0], path=words[1]).summary)
        return True

    def _report(self, words: list[str]) -> bool:
        from askwhy.report import check_report_path, write_report

        everything = "--all" in words
        rest = [w for w in words if w != "--all"]
        path = check_report_path(rest[0] if rest else "askwhy-report.html")
        history = self.session.history
        if not history:
            raise AskwhyError("Nothing to report yet: ask a question first.")
        dataset = self.session.datasets.get(self.session.workspace.current or "")
        settings = {**self.session.defaults, "planner": self.session.planner.name}
        files = write_report(
            history if everything else history[-1],
            path,
            data_path=dataset.path if dataset else None,
            settings=settings,
            dictionary=dataset.dictionary.columns if dataset and dataset.dictionary else None,
        )
        self.console.print("Report written: " + ", ".join(str(f) for f in files))
        return True

    def _quit(self, _: list[str]) -> bool:
        return False


def _enable_history() -> None:
    """Line editing and history via readline, where the platform has it."""
    try:
        import readline
    except ImportError:
        return
    from askwhy.memory.store import default_store_dir

    history = Path(default_store_dir()).parent / "chat_history"
    try:
        history.parent.mkdir(parents=True, exist_ok=True)
        if history.exists():
            readline.read_history_file(history)
        import atexit

        atexit.register(readline.write_history_file, history)
    except OSError:
        pass
