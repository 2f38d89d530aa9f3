"""askwhy's tools as LangChain tools, bound to a Session, for use inside your own agent.

    from langchain.agents import create_agent
    from askwhy.adapters.langchain_tools import askwhy_tools

    tools = askwhy_tools(data="examples/smoking.csv")
    agent = create_agent("openai:gpt-4.1-mini", tools)

The tools are built from the same registry the askwhy planners use. Bad arguments (an unknown
column, a wrong type) come back to the model as an error ToolMessage listing the valid columns.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from askwhy.planning.llm.planner import build_langchain_tools
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

    `names` picks tools by name (default: every tool except export_graph, which writes
    files); `on_result` receives each successful ToolResult (e.g. to build an Answer with
    askwhy.planning.compose.compose_answer). `session_options` go to Session(...).
    """
    if session is None:
        from askwhy.session import Session

        session = Session(**session_options)
    if data is not None:
        session.load(data)
    return build_langchain_tools(session, names, on_result=on_result)


__all__ = ["askwhy_tools", "build_langchain_tools"]
