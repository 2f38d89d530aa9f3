"""`askwhy chat`: a terminal REPL over one Session, with slash commands and line history.

Questions run in the main thread, so Ctrl-C reaches them at once (causal-learn, DoWhy and the
planners' waits all let KeyboardInterrupt through within milliseconds): it cancels the
question and the prompt comes back. Ctrl-C at the prompt asks before leaving; Ctrl-D
leaves. No command or tool error ends the chat. Each answer is saved as it arrives
(history.py), so `askwhy chat --resume` can continue after a crash.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable

from rich.console import Console
from rich.text import Text

from askwhy.cli.chat_commands import HELP, ChatCommands
from askwhy.cli.history import HISTORY_FILE, Conversation, LineHistory, chat_folder
from askwhy.errors import AskwhyError
from askwhy.session import Session

__all__ = ["HELP", "ChatLoop"]

PROMPT = "askwhy> "
LEAVE_PROMPT = "Leave askwhy chat? [y/N] "


class ChatLoop:
    """The read-answer loop. `read_line` reads one line (input by default); `conversation`
    receives every answer (default: a new one saved in the session's store folder);
    `line_history` keeps what was typed (readline; none by default)."""

    def __init__(
        self,
        session: Session,
        console: Console,
        read_line: Callable[[str], str] = input,
        conversation: Conversation | None = None,
        line_history: LineHistory | None = None,
    ):
        self.session = session
        self.console = console
        self.read_line = read_line
        if conversation is None:
            conversation = Conversation(chat_folder(session.store.directory), warn=self._note)
        self.conversation = conversation
        self.line_history = line_history
        self.commands = ChatCommands(session, console, conversation)

    def run(self) -> int:
        self._greet()
        try:
            while True:
                try:
                    line = self.read_line(PROMPT).strip()
                except EOFError:  # Ctrl-D
                    self.console.print()
                    return 0
                except KeyboardInterrupt:
                    leave, line = self._confirm_leave()
                    if leave:
                        return 0
                if not line:
                    continue
                if self.line_history is not None:
                    self.line_history.save_last()
                if not self._handle(line):
                    return 0
        finally:
            self._farewell()

    def _handle(self, line: str) -> bool:
        """Run one command or question; False means leave. Nothing raised here ends the chat."""
        try:
            if line.startswith("/"):
                return self.commands.run(line)
            self._ask(line)
        except KeyboardInterrupt:
            self.console.print()
            self.console.print("cancelled", style="yellow")
        except AskwhyError as err:
            self._error("error:", str(err))
        except Exception as err:  # a bug, not the user's fault: say so and go on
            if os.environ.get("ASKWHY_DEBUG"):
                traceback.print_exc()
            self._error(
                "internal error:",
                f"{type(err).__name__}: {err}\nThis is a bug in askwhy; the chat goes on. "
                "Run with ASKWHY_DEBUG=1 to see the traceback.",
            )
        return True

    def _ask(self, question: str) -> None:
        from askwhy.report.terminal import render_answer

        answer = self.session.ask(question)
        self.conversation.add(answer)  # saved before it is shown: a crash loses nothing
        render_answer(answer, self.console)

    def _confirm_leave(self) -> tuple[bool, str]:
        """After Ctrl-C at the prompt: a second Ctrl-C, Ctrl-D or "y" leaves; "n" or nothing
        stays; anything else typed there is taken as the next question or command."""
        self.console.print()
        try:
            if self.line_history is not None:
                with self.line_history.paused():
                    reply = self.read_line(LEAVE_PROMPT)
            else:
                reply = self.read_line(LEAVE_PROMPT)
        except (KeyboardInterrupt, EOFError):
            self.console.print()
            return True, ""
        reply = reply.strip()
        if reply.lower() in ("y", "yes"):
            return True, ""
        return False, "" if reply.lower() in ("", "n", "no") else reply

    def _greet(self) -> None:
        self.console.print("askwhy chat. Type /help for commands, /quit to leave.")
        conversation = self.conversation
        if conversation.answers:
            count = len(conversation.answers)
            self._note(
                f"Resumed conversation {conversation.id}: {count} earlier "
                f"answer{'' if count == 1 else 's'} (/report --all includes them)."
            )
        if conversation.skipped:
            self._note(f"{conversation.skipped} unreadable line(s) of it were left out.")
        if self.session.workspace.current:
            dataset = self.session.dataset()
            self._note(f"Loaded '{dataset.name}': {', '.join(dataset.columns)}")

    def _farewell(self) -> None:
        path = self.conversation.path
        if path is not None and path.exists():
            self._note(
                f"Conversation saved as {self.conversation.id}; continue it with "
                f"`askwhy chat --resume {self.conversation.id}`."
            )

    def _note(self, message: str) -> None:
        self.console.print(message, markup=False, highlight=False)

    def _error(self, label: str, message: str) -> None:
        text = Text(label, style="bold red")
        text.append(" " + message)
        self.console.print(text)


def start_chat(session: Session, console: Console, resume: str | None = None) -> int:
    """`askwhy chat`: a new conversation, or with `resume` ("latest" or an id) a saved one;
    readline history in the same folder when a person is typing."""
    import sys

    folder = chat_folder(session.store.directory)

    def warn(message: str) -> None:
        console.print(message, markup=False, highlight=False)

    if resume is None:
        conversation = Conversation(folder, warn=warn)
    else:
        wanted = None if resume == "latest" else resume
        conversation = Conversation.resume(folder, wanted, warn=warn)
    line_history = None
    if sys.stdin.isatty() and sys.stdout.isatty():
        line_history = LineHistory(folder / HISTORY_FILE if folder is not None else None)
    return ChatLoop(session, console, input, conversation, line_history).run()
