"""The local planner on this machine: model load, decode speed, seconds per constrained tool
call, and accuracy by question type on a sample of the committed eval sets.

Needs the `local` extra (pip install -e ".[local]"). Every question is scored twice: the
Answer against the set's label (as `askwhy eval` does), and the model's tool call against
the call the question asks for (tool, variables and conditioning set from the case's meta).

    python benchmarks/local_llm.py [--model-path FILE.gguf] [--threads 2]
        [--sets evals/sets/linear.jsonl ...] [--per-type 2] [--planner local|auto]
        [--out results.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SETS = [ROOT / "evals" / "sets" / f"{name}.jsonl" for name in ("linear", "discrete")]
TOOL_OF_TYPE = {
    "independence": "test_independence",
    "direct_cause": "direct_cause",
    "collider": "common_effect",
    "confounder": "common_cause",
    "graph": "discover_graph",
    "parents": "relatives",
    "children": "relatives",
    "ancestors": "relatives",
    "descendants": "relatives",
    "adjustment_set": "adjustment_set",
    "effect": "estimate_effect",
}
SYMMETRIC = {"independence", "collider", "confounder"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-path", default=None, help="GGUF file (default: bundled model)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--sets", nargs="*", type=Path, default=DEFAULT_SETS)
    parser.add_argument("--per-type", type=int, default=2, help="questions per type and set")
    parser.add_argument("--out", type=Path, default=None, help="write the figures as JSON")
    parser.add_argument(
        "--planner",
        choices=("local", "auto"),
        default="local",
        help="auto: the rule planner when confident, the local model otherwise",
    )
    args = parser.parse_args()

    from askwhy.planning.local.planner import LlamaBackend, LocalPlanner, LocalSettings
    from askwhy.planning.local.weights import resolve_model_path

    started = time.perf_counter()
    path = resolve_model_path(args.model_path)
    resolve_seconds = time.perf_counter() - started
    settings = LocalSettings(threads=args.threads)
    backend = LlamaBackend(path, settings)
    started = time.perf_counter()
    backend.llama()
    load_seconds = time.perf_counter() - started
    decode = decode_speed(backend)
    print(f"model {path.name}: resolved in {resolve_seconds:.1f} s, loaded in {load_seconds:.1f} s")
    print(f"decode: {decode:.1f} tokens/s with {args.threads} threads")

    planner: Any = LocalPlanner(backend, settings)
    if args.planner == "auto":
        from askwhy.planning.auto import AutoPlanner

        planner = AutoPlanner(planner)
    rows = []
    for set_path in args.sets:
        rows += run_sample(set_path, planner, args.per_type)
    figures = summarize(rows)
    figures["model"] = path.name
    figures["threads"] = args.threads
    figures["planner"] = args.planner
    figures["load_seconds"] = round(load_seconds, 2)
    figures["decode_tokens_per_second"] = round(decode, 1)
    print_table(figures)
    if args.out:
        args.out.write_text(json.dumps({"figures": figures, "rows": rows}, indent=2) + "\n")
        print(f"wrote {args.out}")


def decode_speed(backend: Any, tokens: int = 64) -> float:
    """Tokens per second of a plain greedy completion (prompt time excluded by a warm-up)."""
    llama = backend.llama()
    prompt = "List the numbers from one to one hundred in words: one, two,"
    llama.create_completion(prompt, max_tokens=1, temperature=0.0)  # evaluates the prompt
    started = time.perf_counter()
    out = llama.create_completion(prompt, max_tokens=tokens, temperature=0.0)
    seconds = time.perf_counter() - started
    return out["usage"]["completion_tokens"] / seconds


def run_sample(set_path: Path, planner: Any, per_type: int) -> list[dict[str, Any]]:
    """The first `per_type` questions of each type in one set, asked with the local planner."""
    from askwhy.evals.cases import load_cases
    from askwhy.evals.harness import EvalSettings, run_eval

    picked: dict[str, list[Any]] = defaultdict(list)
    for case in load_cases(set_path):
        if len(picked[case.type or "?"]) < per_type:
            picked[case.type or "?"].append(case)
    cases = [case for group in picked.values() for case in group]
    results = run_eval(cases, EvalSettings(planner="local"), planner=planner)
    rows = []
    for case, result in zip(cases, results, strict=True):
        trace = (result.prediction or {}).get("trace", [])
        model = next((s for s in trace if s["tool"] == "local_llm"), None)
        calls = [s for s in trace if s["tool"] not in ("local_llm", "auto") and not s.get("error")]
        rows.append(
            {
                "set": set_path.stem,
                "id": case.id,
                "type": case.type,
                "question": case.question,
                "call": calls[-1] if calls else None,
                "call_exact": bool(calls) and call_exact(case, calls[-1]),
                "correct": result.correct_expected,
                "error": result.error,
                "seconds": round(result.seconds, 2),
                "model_seconds": round(model["seconds"], 2) if model else None,
                "model_calls": model["result"]["calls"] if model else None,
            }
        )
        mark = "ok " if rows[-1]["call_exact"] else "MISS"
        print(f"{mark} {case.id:16} {rows[-1]['model_seconds']} s  {case.question[:70]}")
        if not rows[-1]["call_exact"]:
            print(
                f"      got {calls[-1]['tool'] if calls else None} "
                f"{calls[-1]['args'] if calls else result.error}; meta {case.meta}"
            )
    return rows


def call_exact(case: Any, step: dict[str, Any]) -> bool:
    """Did the model call the tool the question asks for, on the right variables?"""
    kind, meta, got = case.type, case.meta, step["args"]
    if step["tool"] != TOOL_OF_TYPE.get(kind):
        return False
    if kind == "graph":  # every column listed = no subset
        variables = got.get("variables") or []
        variables = [] if len(variables) == meta.get("nodes") else variables
        return sorted(variables) == sorted(meta.get("variables") or [])
    if kind in ("parents", "children", "ancestors", "descendants"):
        return got.get("x") == meta.get("x") and got.get("relation") == kind
    if kind in ("adjustment_set", "effect"):
        pair = (got.get("treatment"), got.get("outcome"))
        covariates = sorted(got.get("covariates") or [])
        return pair == (meta.get("x"), meta.get("y")) and covariates == sorted(
            meta.get("given") or []
        )
    pair, want = (got.get("x"), got.get("y")), (meta.get("x"), meta.get("y"))
    same = pair == want or (kind in SYMMETRIC and pair == want[::-1])
    return same and sorted(got.get("given") or []) == sorted(meta.get("given") or [])


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    def figures(group: list[dict[str, Any]]) -> dict[str, Any]:
        scored = [r["correct"] for r in group if r["correct"] is not None]
        model = [r["model_seconds"] for r in group if r["model_seconds"] is not None]
        return {
            "n": len(group),
            "call_exact": round(sum(r["call_exact"] for r in group) / len(group), 3),
            "answer_correct": round(sum(scored) / len(scored), 3) if scored else None,
            "errors": sum(1 for r in group if r["error"]),
            "model_seconds_mean": round(statistics.mean(model), 2) if model else None,
            "seconds_mean": round(statistics.mean(r["seconds"] for r in group), 2),
        }

    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_type[row["type"]].append(row)
    return {
        "overall": figures(rows),
        "by_type": {k: figures(v) for k, v in sorted(by_type.items())},
    }


def print_table(figures: dict[str, Any]) -> None:
    header = (
        f"{'type':16} {'n':>3} {'call':>6} {'answer':>7} {'err':>4} {'model s':>8} {'total s':>8}"
    )
    print(header)
    groups = {**figures["by_type"], "overall": figures["overall"]}
    for name, f in groups.items():
        answer = "-" if f["answer_correct"] is None else f"{f['answer_correct']:.0%}"
        print(
            f"{name:16} {f['n']:>3} {f['call_exact']:>6.0%} {answer:>7} {f['errors']:>4} "
            f"{f['model_seconds_mean'] or 0:>8.2f} {f['seconds_mean']:>8.2f}"
        )


if __name__ == "__main__":
    main()
