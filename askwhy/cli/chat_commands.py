"""The slash commands of `askwhy chat`. A handler returns False to leave the chat; a mistake
raises AskwhyError, which the loop prints before it goes on."""

from __future__ import annotations

import shlex
from collections.abc import Callable

from rich.console import Console

from askwhy.cli.graph_listing import graph_lines, graphs_of, some_names
from askwhy.cli.history import Conversation
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
  /graphs [--all]      graphs of the current dataset in memory (--all: every graph)
  /show NAME           show a graph
  /export NAME PATH    write a graph to PATH (.json or .dot)
  /report [--all] [PATH]  write the last answer (or --all: the whole conversation)
                       as a report, .html (default askwhy-report.html) or .md
  /help                this help
  /quit                leave (also Ctrl-D)
Ctrl-C cancels a running question; at the prompt it asks whether to leave.
Every answer is saved as it comes; `askwhy chat --resume` continues the last chat."""


class ChatCommands:
    """Slash commands over one Session and the conversation being saved."""

    def __init__(self, session: Session, console: Console, conversation: Conversation):
        self.session = session
        self.console = console
        self.conversation = conversation
        self.handlers: dict[str, Callable[[list[str]], bool]] = {
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

    def run(self, line: str) -> bool:
        """Run a slash command line; False means leave."""
        try:
            words = shlex.split(line)
        except ValueError as err:  # e.g. an unclosed quote
            raise AskwhyError(
                f"Could not read the command ({str(err).lower()}): close the quote, or put "
                "names with spaces in matching quotes."
            ) from None
        if not words:
            return True
        handler = self.handlers.get(words[0])
        if handler is None:
            self.console.print(f"Unknown command {words[0]}. Type /help.", markup=False)
            return True
        return handler(words[1:])

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
        self.console.print(f"Loaded '{dataset.name}': {', '.join(dataset.columns)}", markup=False)
        for note in dataset.notes:
            self.console.print(f"  • {note}", markup=False)
        return True

    def _data(self, _: list[str]) -> bool:
        self.console.print(self.session.call("describe_data").summary, markup=False)
        return True

    def _graphs(self, words: list[str]) -> bool:
        if [w for w in words if w != "--all"]:
            raise AskwhyError("Usage: /graphs (this dataset's graphs) or /graphs --all")
        store = self.session.store
        current = self.session.workspace.current
        if "--all" in words or current is None:
            entries = graphs_of(store)
            title = f"{len(entries)} graph{'' if len(entries) == 1 else 's'} in memory"
        else:
            entries = graphs_of(store, self.session.dataset().fingerprint)
            others = len(store) - len(entries)
            title = (
                f"{len(entries)} graph{'' if len(entries) == 1 else 's'} of '{current}' in memory"
                + (f" ({others} of other data: /graphs --all)" if others > 0 else "")
            )
        self.console.print(title + (":" if entries else "."), markup=False)
        for line in graph_lines(entries):
            self.console.print("  " + line, markup=False, soft_wrap=True)
        return True

    def _show(self, words: list[str]) -> bool:
        from askwhy.answer import GraphPayload
        from askwhy.report.terminal import graph_table

        if len(words) != 1:
            names = some_names(self.session.store.names())
            raise AskwhyError(f"Usage: /show NAME. Graphs: {names}.")
        graph = self.session.store.get(words[0])
        payload = GraphPayload(name=words[0], nodes=graph.nodes, edges=graph.edge_list())
        self.console.print(graph_table(payload))
        return True

    def _export(self, words: list[str]) -> bool:
        if len(words) != 2:
            raise AskwhyError("Usage: /export NAME PATH (PATH ends in .json or .dot)")
        result = self.session.call("export_graph", name=words[0], path=words[1])
        self.console.print(result.summary, markup=False)
        return True

    def _report(self, words: list[str]) -> bool:
        from askwhy.report import check_report_path, write_report

        everything = "--all" in words
        rest = [w for w in words if w != "--all"]
        if len(rest) > 1:
            raise AskwhyError("Usage: /report [--all] [PATH.html|PATH.md]")
        path = check_report_path(rest[0] if rest else "askwhy-report.html")
        answers = self.conversation.answers
        if not answers:
            raise AskwhyError("Nothing to report yet: ask a question first.")
        dataset = self.session.datasets.get(self.session.workspace.current or "")
        settings = {**self.session.defaults, "planner": self.session.planner.name}
        files = write_report(
            answers if everything else answers[-1],
            path,
            data_path=dataset.path if dataset else None,
            settings=settings,
            dictionary=dataset.dictionary.columns if dataset and dataset.dictionary else None,
        )
        self.console.print("Report written: " + ", ".join(str(f) for f in files), markup=False)
        return True

    def _quit(self, _: list[str]) -> bool:
        return False
