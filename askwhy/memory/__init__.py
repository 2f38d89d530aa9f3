"""Causal graphs and the named graph memory."""

from askwhy.core.graph import CausalGraph, Edge, EdgeKind, GraphKind, Mark, Provenance
from askwhy.memory.store import GraphStore, StoreWarning, default_store_dir

__all__ = [
    "CausalGraph",
    "Edge",
    "EdgeKind",
    "GraphKind",
    "GraphStore",
    "Mark",
    "Provenance",
    "StoreWarning",
    "default_store_dir",
]
