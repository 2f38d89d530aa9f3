"""Listing graph memory for people: graphs of one dataset, and short lists of names."""

from __future__ import annotations

from askwhy.errors import GraphNotFoundError
from askwhy.memory.store import GraphStore

NAMES_SHOWN = 20


def graphs_of(store: GraphStore, fingerprint: str | None = None) -> list[dict[str, str]]:
    """Every graph as {"name", "summary"}; with `fingerprint`, only the graphs learned from
    the data with that fingerprint (read from each graph's provenance)."""
    entries = store.list()
    if fingerprint is None:
        return entries
    kept = []
    for entry in entries:
        try:
            provenance = store.get(entry["name"]).provenance
        except GraphNotFoundError:
            continue  # removed or unreadable since it was listed
        if provenance is not None and provenance.dataset == fingerprint:
            kept.append(entry)
    return kept


def graph_lines(entries: list[dict[str, str]]) -> list[str]:
    """One line per graph: its name, then where it came from."""
    width = max((len(e["name"]) for e in entries), default=0)
    return [f"{e['name']:<{width}}  {e.get('summary', '')}".rstrip() for e in entries]


def some_names(names: list[str], limit: int = NAMES_SHOWN) -> str:
    """At most `limit` names (the newest, in stored order) and how many older ones there are."""
    if not names:
        return "none"
    more = len(names) - limit
    return ", ".join(names[-limit:]) + (f" and {more} older" if more > 0 else "")
