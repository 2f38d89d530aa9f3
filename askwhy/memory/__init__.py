"""Causal graphs and the named graph memory."""

from askwhy.memory.graph import CausalGraph, Edge, EdgeKind, Provenance

__all__ = ["CausalGraph", "Edge", "EdgeKind", "Provenance"]
