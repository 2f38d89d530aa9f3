"""The registered tools, in the order front ends list them. A new tool: one module + one line."""

from __future__ import annotations

from askwhy.tools.data_tools import describe_data
from askwhy.tools.design_tool import estimate_design
from askwhy.tools.discovery_tool import discover_graph
from askwhy.tools.effect_tool import estimate_effect
from askwhy.tools.graph_tools import (
    adjustment_set,
    common_cause,
    common_effect,
    direct_cause,
    mediator,
    pairwise_direction,
    relatives,
)
from askwhy.tools.memory_tools import export_graph, list_graphs, show_graph
from askwhy.tools.registry import Tool, ToolRegistry
from askwhy.tools.test_tools import test_independence

TOOLS: list[Tool] = [
    describe_data,
    test_independence,
    discover_graph,
    direct_cause,
    common_effect,
    common_cause,
    mediator,
    pairwise_direction,
    relatives,
    adjustment_set,
    estimate_effect,
    estimate_design,
    list_graphs,
    show_graph,
    export_graph,
]


def default_registry() -> ToolRegistry:
    """A registry of every askwhy tool."""
    return ToolRegistry(TOOLS)
