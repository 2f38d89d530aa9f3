"""One constrained planner step: its JSON schema, a checker for it, and the post-checks.

The local planner asks the model for exactly one object per step,

    {"tool": "<tool name>", "args": {...that tool's arguments...}}

and llama.cpp turns `step_schema(...)` into a grammar, so the reply always parses. The schema
is built from the registry's own argument schemas and field roles (no second copy of the
tools, no table of field names), pruned for a small model:

- column fields (Role.column) become enums of the columns the question mentions (of every
  column when it mentions none); tools that need more columns than the question names are
  left out;
- column lists (Role.columns) may only hold mentioned columns: in a tool that also takes
  single columns they condition or adjust (kept from one mention on, never holding the main
  variables), otherwise they pick a subset (kept from two mentions on; empty = all);
- graph names (Role.graph) are enums of the graphs in memory;
- analysis settings (Role.setting) and the dataset (Role.dataset) are never generated: the
  planner fills in the settings (the session's, overridden by the question's words) and uses
  the current dataset;
- other fields are kept when they are required, have an enum, or are lists of numbers
  (values the question must state).

Properties are written in the order a small model should fill them: the tool, the columns,
the other fields, the column lists, the graph (`property_order`).

`schema_problems` checks a reply against the same schema (for backends without grammars and as
a second guard), and `drop_unmentioned` removes variables and numbers the question never
mentions.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, Field

from askwhy.core.names import find_columns
from askwhy.errors import ToolArgumentError
from askwhy.tools.registry import Role, Tool

# The order a model fills a tool's arguments in, by role (None: a field with no role).
ROLE_RANK: dict[Role | None, int] = {Role.column: 0, None: 1, Role.columns: 2, Role.graph: 3}
NOT_GENERATED = (Role.setting, Role.dataset)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


class StepCall(BaseModel):
    """One tool call chosen by the model."""

    tool: str
    args: dict[str, Any] = Field(default_factory=dict)

    def describe(self) -> str:
        return f"{self.tool} {json.dumps(self.args, sort_keys=False)}"


def mentioned_columns(question: str, columns: Sequence[str]) -> list[str]:
    """The columns the question names, in order of first mention, each once."""
    return list(dict.fromkeys(m.column for m in find_columns(question, columns)))


def conditioning_fields(tool: Tool) -> tuple[str, ...]:
    """Column lists that condition or adjust: those of a tool that also takes single columns
    (`given` of test_independence, `covariates` of estimate_effect), not a subset of columns
    (`variables` of discover_graph)."""
    return tool.fields_with(Role.columns) if tool.fields_with(Role.column) else ()


def property_order(tool: Tool) -> list[str]:
    """The tool's generated fields, ranked by role (columns first), else in declared order."""
    names = [n for n in tool.argument_names if tool.roles.get(n) not in NOT_GENERATED]
    return sorted(names, key=lambda n: ROLE_RANK.get(tool.roles.get(n), len(ROLE_RANK)))


def _enum(values: Sequence[str]) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def _is_number_list(spec: Mapping[str, Any]) -> bool:
    return spec.get("type") == "array" and spec.get("items", {}).get("type") in (
        "number",
        "integer",
    )


def args_schema(
    tool: Tool, columns: Sequence[str], mentioned: Sequence[str], graphs: Sequence[str]
) -> dict[str, Any] | None:
    """The pruned argument schema of one tool, or None when it cannot be called now."""
    source = tool.json_schema()
    required = list(source.get("required", []))
    needed = sum(1 for name in required if tool.roles.get(name) is Role.column)
    if mentioned and needed > len(mentioned):
        return None  # the question names fewer variables than this tool needs
    choices = list(mentioned) if mentioned else list(columns)
    conditioning = conditioning_fields(tool)
    specs = source.get("properties", {})
    properties: dict[str, Any] = {}
    for name in property_order(tool):
        spec, role = specs.get(name, {}), tool.roles.get(name)
        if role is Role.column:
            properties[name] = _enum(choices)
        elif role is Role.columns:
            if len(mentioned) >= (1 if name in conditioning else 2):
                properties[name] = {"type": "array", "items": _enum(mentioned)}
        elif role is Role.graph:
            if graphs:
                properties[name] = _enum(graphs)
            elif name in required:
                return None
        elif "enum" in spec:
            properties[name] = _enum(spec["enum"])
        elif _is_number_list(spec):
            keep = ("type", "items", "minItems", "maxItems")
            properties[name] = {k: spec[k] for k in keep if k in spec}
        elif name in required:  # a free-form required field: keep its plain type
            properties[name] = {"type": spec.get("type", "string")}
    return {
        "type": "object",
        "properties": properties,
        "required": [name for name in required if name in properties],
        "additionalProperties": False,
    }


def step_schema(
    tools: Sequence[Tool],
    columns: Sequence[str],
    mentioned: Sequence[str] = (),
    graphs: Sequence[str] = (),
) -> dict[str, Any]:
    """The JSON schema of one step: {"tool": <name>, "args": <that tool's pruned args>}."""
    options = []
    for tool in tools:
        args = args_schema(tool, columns, mentioned, graphs)
        if args is None:
            continue
        options.append(
            {
                "type": "object",
                "properties": {"tool": {"const": tool.name}, "args": args},
                "required": ["tool", "args"],
                "additionalProperties": False,
            }
        )
    if not options:
        raise ToolArgumentError("No tool can be offered to the model for this dataset.")
    return {"anyOf": options}


def schema_property_order(schema: Mapping[str, Any]) -> list[str]:
    """Every property name of a schema in one order that keeps each object's own order (a
    topological merge), for grammar builders that take a single property order."""
    from graphlib import CycleError, TopologicalSorter

    sorter: TopologicalSorter[str] = TopologicalSorter()
    first_seen: dict[str, None] = {}

    def walk(node: Any) -> None:
        if not isinstance(node, Mapping):
            return
        properties = node.get("properties", {})
        names = list(properties)
        for name in names:
            sorter.add(name)
            first_seen.setdefault(name)
        for before, after in itertools.pairwise(names):
            sorter.add(after, before)
        for child in [*properties.values(), *node.get("anyOf", []), node.get("items")]:
            walk(child)

    walk(schema)
    try:
        return list(sorter.static_order())
    except CycleError:  # two objects disagree: keep the order names were first seen in
        return list(first_seen)


# ---------------------------------------------------------------- checking a reply


def schema_problems(value: Any, schema: Mapping[str, Any], where: str = "step") -> list[str]:
    """What is wrong with `value` under `schema` (the subset step_schema uses); [] when valid."""
    if "anyOf" in schema:
        tries = [schema_problems(value, option, where) for option in schema["anyOf"]]
        if any(not problems for problems in tries):
            return []
        tool = value.get("tool") if isinstance(value, dict) else None
        for option, problems in zip(schema["anyOf"], tries, strict=True):
            if option.get("properties", {}).get("tool", {}).get("const") == tool:
                return problems  # the option the reply meant: its own problems
        return [f"{where}: matches none of the allowed forms"]
    if "const" in schema:
        return [] if value == schema["const"] else [f"{where}: must be {schema['const']!r}"]
    if "enum" in schema and value not in schema["enum"]:
        return [f"{where}: {value!r} is not one of {', '.join(map(str, schema['enum']))}"]
    kind = schema.get("type")
    if kind == "object":
        return _object_problems(value, schema, where)
    if kind == "array":
        return _array_problems(value, schema, where)
    if kind == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        return [f"{where}: must be a number"]
    if kind == "string" and not isinstance(value, str):
        return [f"{where}: must be a string"]
    return []


def _object_problems(value: Any, schema: Mapping[str, Any], where: str) -> list[str]:
    if not isinstance(value, dict):
        return [f"{where}: must be an object"]
    properties = schema.get("properties", {})
    problems = [f"{where}: '{k}' is missing" for k in schema.get("required", []) if k not in value]
    if schema.get("additionalProperties") is False:
        problems += [f"{where}: '{k}' is not allowed" for k in value if k not in properties]
    for key, item in value.items():
        if key in properties:
            problems += schema_problems(item, properties[key], f"{where}.{key}")
    return problems


def _array_problems(value: Any, schema: Mapping[str, Any], where: str) -> list[str]:
    if not isinstance(value, list):
        return [f"{where}: must be a list"]
    problems = []
    if len(value) < schema.get("minItems", 0):
        problems.append(f"{where}: needs at least {schema['minItems']} items")
    if "maxItems" in schema and len(value) > schema["maxItems"]:
        problems.append(f"{where}: allows at most {schema['maxItems']} items")
    for i, item in enumerate(value):
        problems += schema_problems(item, schema.get("items", {}), f"{where}[{i}]")
    return problems


def parse_step(text: str, schema: Mapping[str, Any]) -> StepCall:
    """The model's reply as a StepCall; ToolArgumentError listing every problem otherwise."""
    try:
        value = json.loads(text)
    except ValueError:
        raise ToolArgumentError(f"The reply is not a JSON object: {text[:200]!r}.") from None
    problems = schema_problems(value, schema)
    if problems:
        raise ToolArgumentError("The reply does not fit the tool schemas: " + "; ".join(problems))
    return StepCall.model_validate(value)


# ---------------------------------------------------------------- post-checks


def drop_unmentioned(
    call: StepCall, tool: Tool, question: str, mentioned: Sequence[str]
) -> tuple[StepCall, list[str]]:
    """Drop conditioning/adjustment variables the question never mentions (and the main
    variables themselves), repeated list items, and numbers the question does not state."""
    args = dict(call.args)
    notes: list[str] = []
    main = {args[f] for f in tool.fields_with(Role.column) if isinstance(args.get(f), str)}
    conditioning = conditioning_fields(tool)
    for field in tool.fields_with(Role.columns):
        if not isinstance(args.get(field), list):
            continue
        values = list(dict.fromkeys(args[field]))
        if field not in conditioning:
            args[field] = values
            continue
        kept = [v for v in values if v in mentioned and v not in main]
        dropped = [v for v in values if v not in kept]
        if dropped:
            notes.append(
                f"Dropped {field} {', '.join(dropped)}: the question does not mention "
                + ("them" if len(dropped) > 1 else "it")
                + " as a variable to condition on."
            )
        if kept:
            args[field] = kept
        else:
            args.pop(field)
    stated = {float(n) for n in _NUMBER.findall(question)}
    specs = tool.json_schema().get("properties", {})
    for field, value in list(args.items()):
        if not (_is_number_list(specs.get(field, {})) and isinstance(value, list)):
            continue
        if not all(float(v) in stated for v in value):
            args.pop(field)
            notes.append(
                f"Dropped {field} {value}: the question does not state these numbers, so the "
                "tool's default is used."
            )
    return StepCall(tool=call.tool, args=args), notes
