"""Time the graph store with many stored graphs: open, list, find, get and put, in-process,
plus `askwhy graphs list` as a user runs it (cold process, wall time and peak memory).

    python benchmarks/store_scale.py [--graphs 5000] [--edges 2] [--keep DIR]

`--edges 3000` makes files of about 250 KB, like the 4,385-graph, 1.1 GB store that took
49 s and 4.4 GB to list before the index existed.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from askwhy.core.graph import CausalGraph, Provenance
from askwhy.memory.cache import GraphKey
from askwhy.memory.store import GraphStore


def write_graphs(folder: Path, count: int, edges: int) -> int:
    """`count` graph files of `edges` edges each; returns the bytes written."""
    nodes = max(3, int(edges**0.5) + 2)
    names = [f"x{i}" for i in range(nodes)]
    pairs = [(a, b) for i, a in enumerate(names) for b in names[i + 1 :]][:edges]
    graph = CausalGraph.from_edge_list(
        names,
        [[a, b, "->"] for a, b in pairs],
        provenance=Provenance(
            dataset="fp", algorithm="pc", test="fisherz", alpha=0.05, columns=names
        ),
    )
    template = json.loads(graph.to_json())
    start = datetime(2024, 1, 1, tzinfo=timezone.utc)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for i in range(count):
        template["provenance"].update(
            dataset=f"fp-{i}",
            dataset_name=f"data{i}",
            created=(start + timedelta(seconds=i)).isoformat(),
        )
        text = json.dumps(template, indent=2)
        (folder / f"data{i}-pc-fisherz-0.05.json").write_text(text)
        total += len(text)
    return total


def timed(label: str, action, results: dict[str, float]):
    started = time.perf_counter()
    value = action()
    results[label] = time.perf_counter() - started
    return value


def cli_list(folder: Path) -> tuple[float, float]:
    """Wall seconds and peak MB of `askwhy graphs list --store-dir folder`."""
    executable = shutil.which("askwhy")
    command = [executable] if executable else [sys.executable, "-m", "askwhy"]
    started = time.perf_counter()
    subprocess.run(
        [*command, "graphs", "list", "--store-dir", str(folder)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, peak_kb / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graphs", type=int, default=5000)
    parser.add_argument("--edges", type=int, default=2, help="edges per graph")
    parser.add_argument("--keep", type=Path, help="use (and keep) this folder")
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp()) / "graphs"
    size = write_graphs(folder, args.graphs, args.edges)
    print(f"{args.graphs} graphs, {args.edges} edges each, {size / 1e6:.1f} MB in {folder}")
    n = args.graphs
    key = GraphKey(
        fingerprint=f"fp-{n // 2}",
        algorithm="pc",
        test="fisherz",
        alpha=0.05,
        columns=tuple(sorted(json.loads(next(folder.glob("*.json")).read_text())["nodes"])),
    )
    miss = key.model_copy(update={"fingerprint": "fp-none"})
    t: dict[str, float] = {}
    timed("first open (index built from the files)", lambda: GraphStore(folder), t)
    cold, peak = cli_list(folder)
    store = timed("open (index)", lambda: GraphStore(folder), t)
    timed("list", store.list, t)
    timed("find, hit", lambda: store.find(key), t)
    timed("find, miss", lambda: store.find(miss), t)
    timed("get, not yet loaded", lambda: store.get("data7-pc-fisherz-0.05"), t)
    graph = store.get("data7-pc-fisherz-0.05")
    timed("put, automatic name", lambda: store.put(graph), t)
    timed("put, explicit name", lambda: store.put(graph, "mine"), t)
    for label, seconds in t.items():
        print(f"  {label:<42} {seconds * 1000:9.1f} ms")
    print(f"  {'askwhy graphs list (cold process)':<42} {cold * 1000:9.1f} ms, peak {peak:.0f} MB")
    if not args.keep:
        shutil.rmtree(folder.parent)


if __name__ == "__main__":
    main()
