"""Turn tool results into an Answer: the answer itself, evidence, assumptions, explanation."""

from __future__ import annotations

from askwhy.answer import (
    Answer,
    EstimatePayload,
    GraphPayload,
    PossibleEffect,
    RefutationPayload,
    TraceStep,
)
from askwhy.tools.results import ToolResult

YES_NO_TOOLS = {"test_independence", "direct_cause", "common_effect", "common_cause"}

INDEPENDENCE_OPENINGS = {
    "yes": "Yes: the data show no evidence of dependence (independence is not rejected).",
    "no": "No: the data show they are dependent.",
}


def compose_answer(
    question: str,
    results: list[ToolResult],
    trace: list[TraceStep],
    planner: str,
    notes: list[str] | None = None,
    seconds: float = 0.0,
) -> Answer:
    """Build the Answer from the decisive (last) tool result and the ones before it."""
    if not results:
        return Answer(
            question=question,
            kind="text",
            answer="no analysis was run",
            explanation="No tool was called, so there is nothing to report.",
            notes=notes or [],
            trace=trace,
            planner=planner,
            seconds=seconds,
        )
    final = results[-1]
    evidence = [e.model_dump(exclude_none=True) for r in results for e in r.evidence]
    assumptions = list(dict.fromkeys(a for r in results for e in r.evidence for a in e.assumptions))
    graph = _graph_payload(final)
    common = {
        "question": question,
        "evidence": evidence,
        "assumptions": assumptions,
        "notes": [*(notes or []), *dict.fromkeys(w for r in results for w in r.warnings)],
        "trace": trace,
        "planner": planner,
        "seconds": seconds,
        "graph": graph,
    }
    # What each tool found, then where the graph came from (memory or a fresh discovery).
    summaries = [r.summary for r in results]
    graph_sources = [
        e.note
        for r in results
        for e in r.evidence
        if "graph" in e.parameters and e.note and not any(e.note.startswith(s) for s in summaries)
    ]
    steps = " ".join([*(r.summary for r in results), *dict.fromkeys(graph_sources)])

    if final.tool in YES_NO_TOOLS:
        answer = final.data["answer"]
        if final.tool == "test_independence":
            steps = f"{INDEPENDENCE_OPENINGS[answer]} {steps}"
        return Answer(kind="yes_no", answer=answer, explanation=steps, **common)

    if final.tool == "estimate_effect":
        estimate = _estimate_payload(final)
        answer = "uncertain" if estimate.value is None else f"{estimate.value:.4g}"
        return Answer(
            kind="estimate", answer=answer, estimate=estimate, explanation=steps, **common
        )

    if final.tool in ("discover_graph", "show_graph") and graph is not None:
        return Answer(kind="graph", answer=_edges_sentence(graph), explanation=steps, **common)

    answer = str(final.data.get("answer", final.summary))
    return Answer(kind="text", answer=answer, explanation=steps, **common)


def _graph_payload(result: ToolResult) -> GraphPayload | None:
    graph = result.data.get("graph")
    if graph is None and result.tool == "show_graph":
        graph = {
            "name": result.data["name"],
            "nodes": result.data["nodes"],
            "edges": [[e["source"], e["target"], e["kind"]] for e in result.data["edges"]],
        }
    if graph is None:
        return None
    return GraphPayload(
        name=graph.get("name"),
        nodes=graph["nodes"],
        edges=[tuple(edge) for edge in graph["edges"]],
    )


def _estimate_payload(result: ToolResult) -> EstimatePayload:
    data = result.data
    estimates = data["estimates"]
    possible = [
        PossibleEffect(
            adjustment_set=e["adjustment_set"],
            value=e["value"],
            ci=e.get("ci"),
            note=e.get("summary", "") if e.get("method") is None else "",
        )
        for e in estimates
    ]
    first = estimates[0]
    single = len(estimates) == 1
    return EstimatePayload(
        value=first["value"] if single else None,
        ci=first.get("ci") if single else None,
        treatment=data["treatment"],
        outcome=data["outcome"],
        treatment_values=data.get("treatment_values"),
        adjustment_set=first["adjustment_set"] if single else [],
        method=first.get("method", "none"),
        refutations=[
            RefutationPayload(**{k: r.get(k) for k in RefutationPayload.model_fields})
            for r in first.get("refutations", [])
        ]
        if single
        else [],
        possible_effects=possible if not single else [],
    )


def _edges_sentence(graph: GraphPayload) -> str:
    if not graph.edges:
        return "no edges: the variables look mutually independent"
    return "; ".join(f"{a} {kind} {b}" for a, b, kind in graph.edges)
