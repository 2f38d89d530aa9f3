"""The tool registry: every front end (planners, CLI, LangChain, OpenAI schema, MCP) reads it."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from askwhy.errors import ToolArgumentError
from askwhy.tools.results import ToolResult

# Argument fields that hold column names (single or list); validated against the dataset.
COLUMN_FIELDS = ("x", "y", "treatment", "outcome")
COLUMN_LIST_FIELDS = ("given", "variables", "covariates")


@dataclass(frozen=True)
class Tool:
    name: str
    description: str
    args_model: type[BaseModel]
    run: Callable[[Any, Any], ToolResult]  # (Workspace, args model) -> ToolResult

    def json_schema(self) -> dict[str, Any]:
        """The arguments' JSON schema, compact enough for small-context models."""
        return compact_schema(self.args_model.model_json_schema())

    def openai_schema(self) -> dict[str, Any]:
        """The tool as an OpenAI function-calling tool definition."""
        return {
            "type": "function",
            "function": {
                "name": self.name,
                "description": self.description,
                "parameters": self.json_schema(),
            },
        }


def compact_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A JSON schema most OpenAI-compatible servers accept, with no token spent on noise.

    Drops titles and null defaults, writes `X | None` as plain X (optional = not required),
    and turns tuple `prefixItems` into `items`.
    """

    def clean(node: Any) -> Any:
        if isinstance(node, list):
            return [clean(item) for item in node]
        if not isinstance(node, dict):
            return node
        out = {k: clean(v) for k, v in node.items() if k != "title"}
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
    def __init__(self, tools: list[Tool]):
        self._tools = {tool.name: tool for tool in tools}

    def __iter__(self):
        return iter(self._tools.values())

    def __contains__(self, name: str) -> bool:
        return name in self._tools

    def names(self) -> list[str]:
        return list(self._tools)

    def get(self, name: str) -> Tool:
        if name not in self._tools:
            raise ToolArgumentError(f"No tool named '{name}'. Tools: {', '.join(self._tools)}.")
        return self._tools[name]

    def validate(self, name: str, args: dict[str, Any], workspace: Any) -> BaseModel:
        """Check args against the tool's model and the dataset's real columns.

        Column names are matched case-insensitively with spaces/underscores/hyphens
        interchangeable; an unknown name raises an error listing the closest columns.
        """
        tool = self.get(name)
        try:
            parsed = tool.args_model.model_validate(args)
        except ValidationError as err:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc']) or 'arguments'}: {e['msg']}"
                for e in err.errors()
            )
            raise ToolArgumentError(f"Bad arguments for {name}: {problems}.") from None
        dataset_name = getattr(parsed, "dataset", None)
        if not any(hasattr(parsed, f) for f in COLUMN_FIELDS + COLUMN_LIST_FIELDS):
            return parsed
        dataset = workspace.dataset(dataset_name)
        updates: dict[str, Any] = {}
        for field in COLUMN_FIELDS:
            value = getattr(parsed, field, None)
            if isinstance(value, str):
                updates[field] = _resolve(value, dataset)
        for field in COLUMN_LIST_FIELDS:
            value = getattr(parsed, field, None)
            if value:
                updates[field] = [_resolve(v, dataset) for v in value]
        return parsed.model_copy(update=updates)

    def call(self, name: str, args: dict[str, Any], workspace: Any) -> tuple[ToolResult, float]:
        """Validate and run one tool; return its result and the seconds it took."""
        parsed = self.validate(name, args, workspace)
        started = time.perf_counter()
        result = self.get(name).run(workspace, parsed)
        return result, time.perf_counter() - started


def _resolve(name: str, dataset: Any) -> str:
    from askwhy.core.names import match_column
    from askwhy.errors import UnknownVariableError

    if name in dataset.columns:
        return name
    if name in dataset.dropped_columns:
        dataset.require([name])  # raises with the reason the column was left out
    # Strict: only case and separators may differ; anything looser is reported, not guessed.
    column = match_column(name, dataset.columns)
    if column is None:
        raise UnknownVariableError(name, dataset.columns)
    return column


def default_registry() -> ToolRegistry:
    from askwhy.tools.catalog import TOOLS

    return ToolRegistry(TOOLS)


__all__ = ["Tool", "ToolRegistry", "compact_schema", "default_registry"]
