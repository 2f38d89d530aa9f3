"""Tools: one typed function each, declared with @tool; the registry every front end reads.

A tool's argument model forbids unknown fields; its fields carry their role (a column, a list
of columns, a graph name, an output path, an analysis setting) as `Annotated` markers, so the
registry, the planners, the local grammar and the adapters need no side tables.
"""

from __future__ import annotations

import difflib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from askwhy.errors import (
    ToolArgumentError,
    UnknownArgumentError,
    UnknownToolError,
    UnknownVariableError,
    validation_problems,
)
from askwhy.tools.results import ToolResult

if TYPE_CHECKING:
    from askwhy.tools.workspace import Workspace

AnswerKind = Literal["yes_no", "set", "graph", "estimate", "text"]


class Role(str, Enum):
    """What an argument holds, beyond its type."""

    column = "column"
    columns = "columns"
    graph = "graph"
    path = "path"
    setting = "setting"
    dataset = "dataset"


Column = Annotated[str, Role.column]
Columns = Annotated[list[str], Role.columns]
GraphName = Annotated[str, Role.graph]
OutputPath = Annotated[str, Role.path]


class ToolArgs(BaseModel):
    """Base of every argument model: unknown or misspelled arguments are errors."""

    model_config = ConfigDict(extra="forbid")


@dataclass(frozen=True)
class Tool:
    """A registered tool: its function, argument model and metadata."""

    name: str
    description: str
    args_model: type[ToolArgs]
    run: Callable[[Workspace, Any], ToolResult]
    answer: AnswerKind
    writes_files: bool = False
    context: bool = False  # gathers context (describe, list); the answer comes from another tool
    roles: dict[str, Role] = field(default_factory=dict)

    def fields_with(self, *roles: Role) -> tuple[str, ...]:
        return tuple(name for name, role in self.roles.items() if role in roles)

    @property
    def setting_fields(self) -> tuple[str, ...]:
        return self.fields_with(Role.setting)

    @property
    def argument_names(self) -> tuple[str, ...]:
        return tuple(self.args_model.model_fields)

    def json_schema(self, without: Iterable[str] = ()) -> dict[str, Any]:
        """The strict JSON schema of the arguments (additionalProperties false), compact."""
        schema = compact_schema(self.args_model.model_json_schema())
        drop = set(without)
        if drop:
            schema["properties"] = {
                k: v for k, v in schema.get("properties", {}).items() if k not in drop
            }
            schema["required"] = [k for k in schema.get("required", []) if k not in drop]
        schema["additionalProperties"] = False
        return schema

    def openai_schema(self, without: Iterable[str] = ()) -> dict[str, Any]:
        """The tool as an OpenAI function-calling tool definition."""
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": self.json_schema(without),
            },
        }


def tool(
    answer: AnswerKind, *, writes_files: bool = False, context: bool = False, name: str = ""
) -> Callable[[Callable[..., ToolResult]], Tool]:
    """Declare a tool: `def name(ws: Workspace, args: SomeArgs) -> SomeResult`, docstring =
    the description a model sees."""

    def declare(fn: Callable[..., ToolResult]) -> Tool:
        import inspect
        import typing

        hints = typing.get_type_hints(fn)
        params = list(inspect.signature(fn).parameters)
        args_model = hints[params[1]]
        if not (isinstance(args_model, type) and issubclass(args_model, ToolArgs)):
            raise TypeError(f"{fn.__name__}: the second parameter must be a ToolArgs model")
        return Tool(
            name=name or fn.__name__,
            description=" ".join((fn.__doc__ or "").split()),
            args_model=args_model,
            run=fn,
            answer=answer,
            writes_files=writes_files,
            context=context,
            roles=field_roles(args_model),
        )

    return declare


def field_roles(model: type[BaseModel]) -> dict[str, Role]:
    """Each field's Role marker, read from its Annotated metadata."""
    roles: dict[str, Role] = {}
    for name, info in model.model_fields.items():
        for marker in info.metadata:
            if isinstance(marker, Role):
                roles[name] = marker
    return roles


def compact_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A JSON schema most OpenAI-compatible servers accept, with no token spent on noise.

    Drops titles and null defaults, writes `X | None` as plain X (optional = not required),
    and turns tuple `prefixItems` into `items`.
    """

    definitions = schema.get("$defs", {})

    def clean(node: Any) -> Any:
        if isinstance(node, list):
            return [clean(item) for item in node]
        if not isinstance(node, dict):
            return node
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            # inline local definitions: many OpenAI-compatible servers reject $ref
            target = definitions.get(ref.removeprefix("#/$defs/"), {})
            node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
        out = {k: clean(v) for k, v in node.items() if k not in ("title", "$defs")}
        if "default" in out and out["default"] is None:
            del out["default"]
        options = out.get("anyOf")
        if isinstance(options, list) and {"type": "null"} in options:
            rest = [o for o in options if o != {"type": "null"}]
            if len(rest) == 1:
                del out["anyOf"]
                out = {**rest[0], **out}
        prefix = out.pop("prefixItems", None)
        if prefix:
            kinds = {json.dumps(item, sort_keys=True) for item in prefix}
            out["items"] = prefix[0] if len(kinds) == 1 else {"anyOf": prefix}
        return out

    return clean(schema)


class ToolRegistry:
    def __init__(self, tools: Iterable[Tool]):
        self._tools = {t.name: t for t in tools}

    def __iter__(self):
        return iter(self._tools.values())

    def __contains__(self, name: object) -> bool:
        return name in self._tools

    def names(self) -> list[str]:
        return list(self._tools)

    def get(self, name: str) -> Tool:
        if name not in self._tools:
            raise UnknownToolError(name, list(self._tools))
        return self._tools[name]

    def validate(self, name: str, args: dict[str, Any], workspace: Workspace) -> ToolArgs:
        """Check args against the tool's model (no unknown fields) and the data's columns.

        Column names are matched case-insensitively with spaces/underscores/hyphens
        interchangeable; an unknown name raises an error listing the columns.
        """
        tool = self.get(name)
        unknown = [key for key in args if key not in tool.args_model.model_fields]
        if unknown:
            valid = list(tool.args_model.model_fields)
            raise UnknownArgumentError(unknown_arguments(tool, unknown), tool.name, unknown, valid)
        try:
            parsed = tool.args_model.model_validate(args)
        except ValidationError as err:
            problems = validation_problems(err)
            raise ToolArgumentError(f"Bad arguments for {name}: {problems}.") from None
        column_fields = tool.fields_with(Role.column, Role.columns)
        if not column_fields:
            return parsed
        dataset = workspace.dataset(getattr(parsed, "dataset", None))
        updates: dict[str, Any] = {}
        for key in column_fields:
            value = getattr(parsed, key)
            if isinstance(value, str):
                updates[key] = _resolve(value, dataset)
            elif value:
                updates[key] = [_resolve(v, dataset) for v in value]
        return parsed.model_copy(update=updates)

    def call(self, name: str, args: dict[str, Any], workspace: Workspace) -> ToolResult:
        """Validate and run one tool."""
        parsed = self.validate(name, args, workspace)
        result = self.get(name).run(workspace, parsed)
        _store_warnings(result, workspace)
        return result

    def timed_call(
        self, name: str, args: dict[str, Any], workspace: Workspace
    ) -> tuple[ToolResult, ToolArgs, float]:
        """Validate and run one tool; return its result, the validated arguments, seconds."""
        parsed = self.validate(name, args, workspace)
        started = time.perf_counter()
        result = self.get(name).run(workspace, parsed)
        _store_warnings(result, workspace)
        return result, parsed, time.perf_counter() - started


def _store_warnings(result: ToolResult, workspace: Workspace) -> None:
    """What the graph memory could not do (e.g. save to disk) becomes the answer's notes."""
    take = getattr(workspace.store, "take_warnings", None)
    if take is not None:
        result.warnings.extend(str(w) for w in take() if str(w) not in result.warnings)


def unknown_arguments(tool: Tool, unknown: list[str]) -> str:
    """The error for arguments a tool does not take, with the valid ones and near misses."""
    valid = list(tool.args_model.model_fields)
    hints = []
    for key in unknown:
        close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
        hints.append(f"'{key}'" + (f" (did you mean '{close[0]}'?)" if close else ""))
    return f"{tool.name} does not take {', '.join(hints)}. Its arguments: {', '.join(valid)}."


def _resolve(name: str, dataset: Any) -> str:
    from askwhy.core.names import match_column

    if name in dataset.columns:
        return name
    if name in dataset.dropped_columns:
        dataset.require([name])  # raises with the reason the column was left out
    # Strict: only case and separators may differ; anything looser is reported, not guessed.
    column = match_column(name, dataset.columns)
    if column is None:
        raise UnknownVariableError(name, dataset.columns)
    return column


__all__ = [
    "Column",
    "Columns",
    "GraphName",
    "OutputPath",
    "Role",
    "Tool",
    "ToolArgs",
    "ToolRegistry",
    "compact_schema",
    "tool",
]
