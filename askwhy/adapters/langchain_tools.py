"""askwhy's tools as LangChain tools, bound to a Session, for use inside your own agent.

    from langchain.agents import create_agent
    from askwhy.adapters.langchain_tools import askwhy_tools

    tools = askwhy_tools(data="examples/smoking.csv")
    agent = create_agent("openai:gpt-4.1-mini", tools)

The tools are built by askwhy.tools.langchain from the same registry the planners use, with
its strict schemas. Bad arguments (an unknown argument or column, a wrong type) come back to
the model as an error ToolMessage listing the valid names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from askwhy.adapters.replies import (
    ReportedError,
    check_call,
    current_columns,
    error_report,
    result_text,
)
from askwhy.errors import AskwhyError
from askwhy.tools.langchain import langchain_tools
from askwhy.tools.results import ToolResult

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

    from askwhy.session import Session


def askwhy_tools(
    session: Session | None = None,
    *,
    data: str | Path | None = None,
    names: Sequence[str] | None = None,
    on_result: Callable[[ToolResult], None] | None = None,
    **session_options: Any,
) -> list[BaseTool]:
    """LangChain tools over `session` (a new Session when None), with `data` loaded if given.

    `names` picks tools by name (default: every tool that writes no files); `on_result`
    receives each successful ToolResult. Calls are recorded in the session's trace.
    `session_options` go to Session(...).
    """
    if session is None:
        from askwhy.session import Session

        session = Session(**session_options)
    if data is not None:
        session.load(data)
    bound = session

    def call(name: str, **args: Any) -> ToolResult:
        tool = None
        try:
            tool = check_call(bound.registry, name, args)
            result = bound.call(name, **args)
        except AskwhyError as err:
            report = error_report(err, tool, current_columns(bound), args)
            raise ReportedError(report) from err
        if on_result is not None:
            on_result(result)
        return result

    return langchain_tools(session.registry, call, names, render=result_text)


__all__ = ["askwhy_tools"]
