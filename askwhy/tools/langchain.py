"""The registry's tools as LangChain tools bound to a caller (no second copy of any tool).

Used by the LLM planner and by the LangChain adapter. LangChain is imported lazily.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from askwhy.errors import AskwhyError
from askwhy.tools.registry import Role, Tool, ToolRegistry
from askwhy.tools.results import ToolResult

if TYPE_CHECKING:
    from langchain_core.tools import BaseTool

# (tool name, arguments) -> result; e.g. Session.call, which validates and records the call.
Caller = Callable[..., ToolResult]


def offered_tools(registry: ToolRegistry, names: Sequence[str] | None = None) -> list[Tool]:
    """`names` (each checked), or every tool that writes no files."""
    if names is not None:
        return [registry.get(name) for name in names]
    return [t for t in registry if not t.writes_files]


def langchain_tools(
    registry: ToolRegistry,
    call: Caller,
    names: Sequence[str] | None = None,
    fixed: Callable[[Tool], dict[str, Any]] | None = None,
    render: Callable[[ToolResult], str] | None = None,
    on_error: Callable[[AskwhyError], str] | None = None,
) -> list[BaseTool]:
    """StructuredTools over the registry.

    With `fixed`, each tool's analysis settings (its Role.setting fields) and its dataset are
    left out of the schema the model sees; the settings always take the values `fixed(tool)`
    gives and the dataset is the current one. A value the model sends for a hidden field
    anyway is dropped, so a model cannot override what the user or the question fixed (the
    independence test, say) nor reach another dataset. Errors go back as a ToolMessage with
    status "error" (`on_error` words them).
    """
    from langchain_core.tools import StructuredTool

    lock = threading.Lock()  # a model may call several tools at once; a Session is not
    built = []
    for tool in offered_tools(registry, names):
        # With fixed settings the model sees neither them nor the dataset (the current one).
        hidden = tool.fields_with(Role.setting, Role.dataset) if fixed is not None else ()
        built.append(
            StructuredTool(
                name=tool.name,
                description=tool.description,
                args_schema=tool.json_schema(without=hidden),
                func=_runner(tool, call, lock, fixed, render, on_error, hidden),
                handle_tool_error=True,
            )
        )
    return built


def _runner(
    tool: Tool,
    call: Caller,
    lock: threading.Lock,
    fixed: Callable[[Tool], dict[str, Any]] | None,
    render: Callable[[ToolResult], str] | None,
    on_error: Callable[[AskwhyError], str] | None,
    hidden: Sequence[str] = (),
) -> Callable[..., str]:
    def run(**kwargs: Any) -> str:
        from langchain_core.tools import ToolException

        args = {k: v for k, v in kwargs.items() if v is not None and k not in hidden}
        if fixed is not None:
            args = {**args, **fixed(tool)}  # fixed settings win over the model's
        with lock:
            try:
                result = call(tool.name, **args)
            except AskwhyError as err:
                raise ToolException(on_error(err) if on_error else str(err)) from err
        return render(result) if render else result.summary

    return run
