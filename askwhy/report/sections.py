"""What a report says about one Answer, independent of the output format.

HTML and Markdown renderers both read these functions, so the two formats always carry
the same sections: question, one-sentence answer, steps, evidence, graph, assumptions,
what would change the answer, reproduction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from askwhy.answer import Answer, EstimatePayload, Evidence, GraphPayload
from askwhy.core.dictionary import ColumnEntry
from askwhy.core.graph import EDGE_MEANINGS


@dataclass(frozen=True)
class Table:
    """A table as plain text; `title` is a bold caption, `intro` a plain lead-in line."""

    headers: list[str]
    rows: list[list[str]]
    title: str = ""
    intro: str = ""


def number(value: float | None, digits: int = 4) -> str:
    """A short human form of a number ('' for None)."""
    if value is None:
        return ""
    return f"{value:.{digits}g}"


def question_variables(answer: Answer) -> list[str]:
    """Variables named by the question, read from the tool arguments and the estimate."""
    from askwhy.tools.catalog import default_registry
    from askwhy.tools.registry import Role

    registry = default_registry()
    names: list[str] = []
    for step in answer.trace:
        if step.tool not in registry:
            continue
        for key in registry.get(step.tool).fields_with(Role.column, Role.columns):
            value = step.args.get(key)
            if isinstance(value, str):
                names.append(value)
            elif isinstance(value, list | tuple):
                names.extend(v for v in value if isinstance(v, str))
    if answer.estimate is not None:
        names += [answer.estimate.treatment, answer.estimate.outcome]
    return list(dict.fromkeys(names))


def highlighted(answer: Answer) -> list[str]:
    """The question's variables that appear in the answer's graph."""
    if answer.graph is None:
        return []
    nodes = set(answer.graph.nodes)
    return [name for name in question_variables(answer) if name in nodes]


def one_sentence(answer: Answer) -> str:
    """The answer in one plain sentence."""
    if answer.kind == "estimate" and answer.estimate is not None:
        return _estimate_sentence(answer.estimate)
    if answer.kind == "graph" and answer.graph is not None:
        graph = answer.graph
        edges = [f"{a} {kind} {b}" for a, b, kind in graph.edges]
        listed = ", ".join(edges[:8]) + (f" and {len(edges) - 8} more" if len(edges) > 8 else "")
        if not edges:
            return f"The causal graph over {len(graph.nodes)} variables has no edges."
        return (
            f"The causal graph over {len(graph.nodes)} variables has {len(edges)} "
            f"edge{'s' if len(edges) != 1 else ''}: {listed}."
        )
    if answer.kind == "yes_no":
        first = _first_sentence(answer.explanation)
        if first.lower().startswith(answer.answer.lower()):
            return first
        return f"{answer.answer.capitalize()}. {first}".strip()
    text = answer.answer.strip()
    return text if text.endswith(".") else f"{text}."


def explanation_rest(answer: Answer) -> str:
    """The explanation without the sentence the report already shows as the answer."""
    text = answer.explanation.strip()
    sentence = one_sentence(answer)
    return text[len(sentence) :].strip() if text.startswith(sentence) else text


def _first_sentence(text: str) -> str:
    text = text.strip()
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


def _estimate_sentence(estimate: EstimatePayload) -> str:
    change = f"of {estimate.treatment} on {estimate.outcome}"
    if estimate.treatment_values:
        low, high = estimate.treatment_values
        change = (
            f"of changing {estimate.treatment} from {number(low)} to {number(high)} "
            f"on {estimate.outcome}"
        )
    if estimate.value is None:
        values = ", ".join(number(p.value) for p in estimate.possible_effects)
        if not values:
            return f"The effect {change} could not be estimated."
        return (
            f"The effect {change} is not pinned down to one number: depending on edge "
            f"directions the data cannot decide, it is one of {values}."
        )
    sentence = f"The estimated effect {change} is {number(estimate.value)}"
    if estimate.ci:
        low, high = estimate.ci
        sentence += f" (95% CI {number(low)} to {number(high)}"
        sentence += ", which contains zero)" if low <= 0 <= high else ")"
    adjust = ", ".join(estimate.adjustment_set) or "nothing"
    return f"{sentence}, adjusting for {adjust} ({estimate.method})."


def discovery_runs(answer: Answer) -> list[Evidence]:
    """Discovery evidence items (the algorithm and its settings)."""
    return [e for e in answer.evidence if e.kind == "discovery"]


def test_evidence(answer: Answer) -> list[Evidence]:
    """Evidence items that are not discovery runs (tests, estimators, queries)."""
    return [e for e in answer.evidence if e.kind != "discovery"]


def format_parameters(parameters: dict[str, Any]) -> str:
    """`key=value` pairs, skipping empty values."""
    shown = []
    for key, value in parameters.items():
        if value in (None, "", [], {}):
            continue
        if isinstance(value, list | tuple):
            value = "[" + ", ".join(str(v) for v in value) + "]"
        elif isinstance(value, float):
            value = number(value)
        shown.append(f"{key}={value}")
    return ", ".join(shown)


def _span(low: float, high: float) -> str:
    return f"{number(low)} to {number(high)}"


def steps_table(answer: Answer) -> Table | None:
    """One row per tool call; None when no tool was called."""
    if not answer.trace:
        return None
    rows = [
        [
            str(i),
            step.tool,
            format_parameters(step.args) or "(defaults)",
            f"error: {step.error}" if step.error else step.summary,
            f"{step.seconds:.2f} s",
        ]
        for i, step in enumerate(answer.trace, 1)
    ]
    return Table(["#", "tool", "parameters", "result", "time"], rows)


def planner_table(answer: Answer) -> Table | None:
    """The planner's own steps (routing, model calls, tokens); None when there are none."""
    if not answer.planner_steps:
        return None
    rows = [[s.planner, s.summary, f"{s.seconds:.2f} s"] for s in answer.planner_steps]
    return Table(["planner", "step", "time"], rows, intro="How the planner got there:")


def evidence_tables(answer: Answer) -> list[Table]:
    """Tests, discovery runs, then the effect estimate with its checks; [] if none."""
    tables: list[Table] = []
    if tests := test_evidence(answer):
        rows = [
            [
                e.method,
                number(e.statistic),
                number(e.p_value, 3),
                number(e.alpha),
                format_parameters(e.parameters),
                e.note,
            ]
            for e in tests
        ]
        headers = ["method", "statistic", "p-value", "alpha", "parameters", "note"]
        tables.append(Table(headers, rows))
    if runs := discovery_runs(answer):
        rows = [
            [r.method.upper(), number(r.alpha), format_parameters(r.parameters), r.note]
            for r in runs
        ]
        headers = ["algorithm", "alpha", "settings", "note"]
        tables.append(Table(headers, rows, title="Causal discovery"))
    if answer.estimate is not None:
        tables += _estimate_tables(answer.estimate)
    return tables


def _estimate_tables(estimate: EstimatePayload) -> list[Table]:
    rows = [
        ["treatment", estimate.treatment],
        ["outcome", estimate.outcome],
        ["effect", number(estimate.value) or "not a single number (see below)"],
        ["95% confidence interval", _span(*estimate.ci) if estimate.ci else "not available"],
        ["adjustment set", ", ".join(estimate.adjustment_set) or "(none)"],
        ["estimator", estimate.method],
    ]
    if estimate.treatment_values:
        rows.append(["treatment values", _span(*estimate.treatment_values)])
    tables = [Table(["item", "value"], rows, title="Effect estimate")]
    if estimate.refutations:
        marks = {True: "passed", False: "FAILED", None: "n/a"}
        rows = [
            [r.method, number(r.new_effect), number(r.p_value, 3), marks[r.passed], r.summary]
            for r in estimate.refutations
        ]
        headers = ["check", "new effect", "p-value", "result", "summary"]
        tables.append(Table(headers, rows, intro="Refutation checks:"))
    if estimate.possible_effects:
        rows = [
            [", ".join(p.adjustment_set) or "(none)", number(p.value), _span(*p.ci) if p.ci else ""]
            for p in estimate.possible_effects
        ]
        intro = "Possible effects (one per adjustment set the graph allows):"
        tables.append(Table(["adjustment set", "effect", "95% CI"], rows, intro=intro))
    return tables


def edge_kinds_table(graph: GraphPayload) -> Table | None:
    """What each edge mark in the graph means; None for a graph without edges."""
    kinds = dict.fromkeys(kind for _, _, kind in graph.edges)
    if not kinds:
        return None
    return Table(["edge", "meaning"], [[k, EDGE_MEANINGS.get(k, k)] for k in kinds])


def dictionary_table(
    dictionary: Mapping[str, ColumnEntry | Mapping[str, Any]] | None,
) -> Table | None:
    """The data dictionary as a table (column, type, description, aliases, role); None if empty.

    `dictionary` maps column -> entry (a ColumnEntry or a plain mapping with the same keys).
    """
    if not dictionary:
        return None
    rows = []
    for column, raw in dictionary.items():
        entry = raw if isinstance(raw, ColumnEntry) else ColumnEntry.model_validate(dict(raw))
        rows.append(
            [
                str(column),
                entry.type or "",
                entry.description,
                ", ".join(entry.aliases),
                ", ".join(entry.role),
            ]
        )
    return Table(["column", "type", "description", "aliases", "role"], rows)


def headed_lists(answer: Answer) -> list[tuple[str, list[str]]]:
    """The closing bullet lists under their headings, leaving out empty ones."""
    lists = [("What would change the answer", what_would_change(answer)), ("Notes", answer.notes)]
    return [(heading, items) for heading, items in lists if items]


def assumptions_by_method(answer: Answer) -> list[tuple[str, list[str]]]:
    """Each method with the assumptions it relies on; answer-level ones under 'overall'."""
    grouped: dict[str, list[str]] = {}
    seen: set[str] = set()
    for item in answer.evidence:
        method = item.method or "analysis"
        for assumption in item.assumptions:
            if assumption not in grouped.setdefault(method, []):
                grouped[method].append(assumption)
            seen.add(assumption)
    rest = [a for a in answer.assumptions if a not in seen]
    if rest:
        grouped.setdefault("overall", []).extend(rest)
    return [(method, items) for method, items in grouped.items() if items]


def what_would_change(answer: Answer) -> list[str]:
    """Concrete conditions under which the answer would come out differently."""
    points: list[str] = []
    for item in answer.evidence:
        p_value, alpha = item.p_value, item.alpha
        if p_value is None or alpha is None:
            continue
        method = item.method or "test"
        if p_value < alpha:
            points.append(
                f"{method}: p = {number(p_value, 3)} is below alpha = {number(alpha)}, so "
                f"independence was rejected; with alpha below {number(p_value, 3)} it would not be."
            )
        else:
            points.append(
                f"{method}: p = {number(p_value, 3)} is not below alpha = {number(alpha)}, so "
                f"independence was not rejected; with alpha above {number(p_value, 3)} it would "
                "be, and more data could reveal a weak dependence."
            )
    runs = discovery_runs(answer)
    if runs or answer.kind == "graph":
        algorithms = ", ".join(dict.fromkeys(r.method.upper() for r in runs)) or "The"
        points.append(
            f"{algorithms} discovery: a different significance level, independence test or "
            "algorithm can add or remove edges; a hidden common cause of two measured variables "
            "breaks causal sufficiency (FCI allows for it, PC/GES/LiNGAM do not)."
        )
    if answer.graph is not None and any(k != "->" for _, _, k in answer.graph.edges):
        points.append(
            "Edges that are not fully directed mean several causal graphs fit the data equally "
            "well; background knowledge about their direction could turn 'uncertain' into yes/no."
        )
    estimate = answer.estimate
    if estimate is not None:
        if estimate.ci and estimate.ci[0] <= 0 <= estimate.ci[1]:
            points.append(
                "The confidence interval contains zero: the data are also consistent with "
                "no effect."
            )
        points.append(
            f"An unmeasured common cause of {estimate.treatment} and {estimate.outcome} (not in "
            "the adjustment set) would bias the estimate; so would adjusting for a variable "
            f"caused by {estimate.treatment}."
        )
        failed = [r.method for r in estimate.refutations if r.passed is False]
        if failed:
            points.append(
                f"Refutation checks that failed: {', '.join(failed)}; treat the estimate "
                "with caution."
            )
        if estimate.possible_effects:
            points.append(
                f"Knowing the direction of the undirected edges around {estimate.treatment} "
                "would narrow the possible effects to one."
            )
    return points
