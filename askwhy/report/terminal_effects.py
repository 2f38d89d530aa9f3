"""Words for an effect estimate in the terminal: the headline, how it was estimated, and
whether the graph rules the effect out (no causal path from treatment to outcome)."""

from __future__ import annotations

from askwhy.answer import EstimatePayload, GraphPayload
from askwhy.report.terminal_words import count, label, names, number

ESTIMANDS = {
    "ate": "Average effect",
    "att": "Average effect on the treated",
    "atc": "Average effect on the untreated",
    "late": "Effect for compliers",
    "cutoff": "Effect at the cutoff",
}


def possibly_causes(graph: GraphPayload, source: str, target: str) -> bool:
    """A path source -> ... -> target that some DAG of the graph's class may direct."""
    forward: dict[str, list[str]] = {}
    for a, b, kind in graph.edges:
        if kind in ("->", "o->", "--", "o-o"):
            forward.setdefault(a, []).append(b)
        if kind in ("--", "o-o"):
            forward.setdefault(b, []).append(a)
    return _reaches(forward, source, target)


def surely_causes(graph: GraphPayload, source: str, target: str) -> bool:
    """A directed path source -> ... -> target (every edge on it is ->)."""
    forward: dict[str, list[str]] = {}
    for a, b, kind in graph.edges:
        if kind == "->":
            forward.setdefault(a, []).append(b)
    return _reaches(forward, source, target)


def _reaches(forward: dict[str, list[str]], source: str, target: str) -> bool:
    seen, stack = {source}, [source]
    while stack:
        for nxt in forward.get(stack.pop(), []):
            if nxt == target:
                return True
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False


def no_path_sentence(estimate: EstimatePayload, graph: GraphPayload | None) -> str:
    """'No effect: t does not cause o in the graph; o causes t.' when the graph rules the
    effect out, else ''."""
    t, o = estimate.treatment, estimate.outcome
    reverse_only = estimate.method == "none" and not estimate.possible_effects
    if graph is not None and t in graph.nodes and o in graph.nodes:
        if possibly_causes(graph, t, o):
            return ""
        reverse = surely_causes(graph, o, t)
    elif reverse_only:
        reverse = True
    else:
        return ""
    return f"No effect: {t} does not cause {o} in the graph" + (
        f"; {o} causes {t}." if reverse else "."
    )


def change_words(estimate: EstimatePayload) -> str:
    if estimate.treatment_values:
        low, high = estimate.treatment_values
        return f"changing {estimate.treatment} from {number(low)} to {number(high)}"
    if _level_notes(estimate):  # a category's levels (estimate_effect), never "one unit"
        return f"each level of {estimate.treatment}"
    return f"a one-unit increase in {estimate.treatment}"


def _level_notes(estimate: EstimatePayload) -> bool:
    """Possible effects of a categorical treatment's levels ("north against east")."""
    return any(" against " in p.note for p in estimate.possible_effects)


def ci_words(ci: tuple[float, float] | None) -> str:
    if not ci:
        return ""
    low, high = ci
    text = f"95% CI {number(low)} to {number(high)}"
    return text + (", which contains zero" if low <= 0 <= high else "")


def effect_headline(estimate: EstimatePayload) -> str:
    """'Average effect of a one-unit increase in t on o: 0.812, 95% CI -0.05 to 1.6, which
    contains zero.'"""
    what = ESTIMANDS.get(estimate.estimand or "", "Effect")
    where = f" for rows where {estimate.subgroup}" if estimate.subgroup else ""
    if estimate.levels and estimate.value is None:  # a category: its levels, never units
        each = f"each level of {estimate.treatment} against {estimate.levels[0].reference}"
        return f"{what} of {each} on {estimate.outcome}{where}: {value_words(estimate)}"
    lead = f"{what} of {change_words(estimate)} on {estimate.outcome}{where}"
    return f"{lead}: {value_words(estimate)}"


def value_words(estimate: EstimatePayload) -> str:
    """'0.812, 95% CI -0.05 to 1.6, which contains zero.' or the possible values."""
    if estimate.value is not None:
        ci = ci_words(estimate.ci)
        return number(estimate.value) + (f", {ci}." if ci else ".")
    if estimate.levels:
        return ", ".join(f"{lv.level} {number(lv.value)}" for lv in estimate.levels) + "."
    if estimate.possible_effects:
        shown = [f"{p.note} {number(p.value)}" if _level_notes(estimate) else number(p.value)
                 for p in estimate.possible_effects]  # fmt: skip
        values = ", ".join(dict.fromkeys(shown))
        return f"one of {values}, depending on edge directions the data cannot decide."
    return "could not be estimated."


def estimate_line(estimate: EstimatePayload) -> str:
    """How the effect was estimated: design, method, adjustment, rows, refutations."""
    method = label(estimate.method) if estimate.method not in ("none", "") else ""
    if estimate.design and estimate.design != "backdoor":
        how = f"by {label(estimate.design)}" + (f" with {method}" if method else "")
    else:
        how = f"by {method or 'back-door adjustment'}"
    if estimate.value is not None and (estimate.design or "backdoor") == "backdoor":
        how += f", adjusting for {names(estimate.adjustment_set) or 'nothing'}"
    if estimate.n_rows:
        how += f", {count(estimate.n_rows, 'row')}"
    if estimate.se is not None:
        how += f", SE {number(estimate.se)}"
    return how + refutations_words(estimate)


def refutations_words(estimate: EstimatePayload) -> str:
    """'; 2 of 2 refutations passed', naming any that failed or were not decided."""
    checks = estimate.refutations
    if not checks:
        return ""
    passed = sum(1 for r in checks if r.passed)
    other = [f"{refutation_name(r.method)} {_mark(r.passed)}" for r in checks if not r.passed]
    return "; " + ", ".join([*other, f"{passed} of {count(len(checks), 'refutation')} passed"])


def refutation_name(method: str) -> str:
    return method.removesuffix("_refuter").replace("_", " ")


def _mark(passed: bool | None) -> str:
    return {True: "passed", False: "FAILED", None: "not decided"}[passed]
