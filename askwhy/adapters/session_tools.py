"""Session-level tools for front ends that serve a whole Session: `load_data` and `ask`.

They are declared with the same @tool decorator and strict argument models as the analysis
tools, so a server lists them from one registry:

    registry = ToolRegistry([*session.registry, *SESSION_TOOLS])

They run on a SessionContext (the Session plus the directories files may come from)
instead of a Workspace: `load_data` reads a file only inside the allowed directories, and
`ask` runs the session's planner.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from askwhy.adapters.file_guard import check_path_text, inside, shown
from askwhy.answer import Answer
from askwhy.errors import AskwhyError, ToolArgumentError
from askwhy.tools.registry import Role, Tool, ToolArgs, tool
from askwhy.tools.results import TextResult, ToolResult

if TYPE_CHECKING:
    from askwhy.session import Session


@dataclass
class SessionContext:
    """What session-level tools work on: the Session, and where files may be read from."""

    session: Session
    allow_dirs: list[Path] = field(default_factory=list)

    @property
    def store(self) -> Any:
        """The session's graph memory (the registry reads its warnings after each call)."""
        return self.session.workspace.store


class LoadDataArgs(ToolArgs):
    path: Annotated[str, Role.path] = Field(
        description="CSV file to load, inside a directory the server allows (relative paths "
        "start from the first allowed directory)."
    )
    name: str | None = Field(default=None, description="Dataset name; default: the file name.")


class AskArgs(ToolArgs):
    question: str = Field(
        min_length=1, description="A causal question about the loaded data, in plain words."
    )


class AnswerResult(ToolResult):
    """A whole Answer, as the result of the `ask` tool; its payload is the Answer's JSON."""

    answer: Answer

    @property
    def kind(self) -> str:
        return self.answer.kind

    def answer_text(self) -> str:
        return self.answer.answer

    def payload(self) -> dict[str, Any]:
        return {"summary": self.summary, **self.answer.model_dump(mode="json")}


def allowed_path(path: str, allow_dirs: Sequence[Path], must_exist: bool = True) -> Path:
    """`path` resolved (relative paths against the first allowed dir), if inside an allowed dir.

    A path with a NUL byte, a lone surrogate or over MAX_PATH_BYTES bytes, or one the OS
    refuses (a name too long), is a ToolArgumentError that says so."""
    if not allow_dirs:
        raise AskwhyError(
            "No directory is allowed for files. Restart the server with --allow-dir DIR "
            "(askwhy mcp --allow-dir ~/data)."
        )
    check_path_text(path)
    try:
        candidate = Path(path).expanduser()
        if not candidate.is_absolute():
            candidate = allow_dirs[0] / candidate
        resolved = candidate.resolve()
        if not inside(resolved, allow_dirs):
            allowed = ", ".join(str(d) for d in allow_dirs)
            raise AskwhyError(f"'{shown(path)}' is outside the allowed directories ({allowed}).")
        if must_exist and not resolved.is_file():
            raise AskwhyError(f"No file '{shown(path)}' in the allowed directories.")
    except (OSError, RuntimeError) as err:  # a name too long, a symlink loop, ...
        reason = getattr(err, "strerror", None) or str(err)
        raise ToolArgumentError(f"Cannot use the path '{shown(path)}': {reason}.") from None
    return resolved


@tool("text")
def load_data(ctx: SessionContext, args: LoadDataArgs) -> TextResult:
    """Load a CSV file (it becomes the current dataset) and describe its columns. Only files
    inside the directories the server allows can be read."""
    path = allowed_path(args.path, ctx.allow_dirs)
    session = ctx.session
    dataset = session.load(path, name=args.name)
    described = session.registry.call("describe_data", {"dataset": dataset.name}, session.workspace)
    return TextResult(
        tool="load_data",
        summary=f"Loaded {path.name} as '{dataset.name}'. {described.summary}",
        text=described.text,
        details=described.details,
        format=described.format,
    )


@tool("text")
def ask(ctx: SessionContext, args: AskArgs) -> AnswerResult:
    """Answer a plain-language causal question about the loaded data with the server's
    planner (the offline rule planner by default). Returns the Answer: answer, kind, graph,
    estimate, explanation, evidence, trace."""
    answer = ctx.session.ask(args.question)
    return AnswerResult(
        tool="ask",
        summary=answer.explanation.split("\n\n", 1)[0],
        answer=answer,
        graph=answer.graph,
        evidence=list(answer.evidence),
    )


SESSION_TOOLS: tuple[Tool, ...] = (load_data, ask)


__all__ = [
    "SESSION_TOOLS",
    "AnswerResult",
    "AskArgs",
    "LoadDataArgs",
    "SessionContext",
    "allowed_path",
    "ask",
    "load_data",
]
