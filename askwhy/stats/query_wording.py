"""The sentences that explain graph-query answers (askwhy.stats.graph_queries)."""

from __future__ import annotations

from collections.abc import Iterable

from askwhy.stats.equivalence import ClassView, YesNo


def names(items: Iterable[str], joiner: str = "and") -> str:
    """ "A", "A and B", "A, B and C"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {joiner} {items[-1]}"


def scope(view: ClassView, count: int) -> str:
    """ " in all 3 DAGs the graph stands for", or "" for a plain DAG."""
    n = view.n_dags or 0
    if view.mode == "dag":
        return ""
    if n == 1:
        return " in the only DAG the graph stands for"
    if count == n:
        return f" in all {n} DAGs the graph stands for"
    if count == 0:
        return f" in any of the {n} DAGs the graph stands for"
    return f" in {count} of the {n} DAGs the graph stands for"


def across(n: int) -> str:
    return (
        "in the only DAG the graph stands for"
        if n == 1
        else f"across the {n} DAGs the graph stands for"
    )


def rule(view: ClassView) -> str:
    """Where an answer read from the marks comes from."""
    return "in the PAG" if view.mode == "pag" else "from the definite edge marks"


def class_sentence(
    answer: YesNo, x: str, y: str, noun: str, scope: str, in_all: list[str], in_some: list[str]
) -> str:
    """E.g. "Yes: A and C have a common cause (B) in all 3 DAGs the graph stands for."."""
    if answer == "yes":
        who = names(in_all) if in_all else f"one of {names(in_some, 'or')}"
        return f"Yes: {x} and {y} have a common {noun} ({who}){scope}."
    if answer == "no":
        return f"No: {x} and {y} have no common {noun}{scope}."
    return (
        f"Uncertain: {x} and {y} have a common {noun} ({names(in_all + in_some, 'or')}) "
        f"only{scope}, because some edge directions are not determined."
    )


def relation_sentence(
    view: ClassView, relation: str, x: str, definite: set[str], possible: set[str]
) -> str:
    """E.g. "In the DAG, the parents of C are A and B."."""
    if view.dags is not None:
        how = "in the DAG" if view.mode == "dag" else across(len(view.dags))
    else:
        how = "from the PAG marks" if view.mode == "pag" else "from the definite edge marks"
    sure, maybe = names(sorted(definite)), names(sorted(possible))
    if sure and maybe:
        members = f"are {sure} for certain, and possibly {maybe}"
    elif sure:
        members = f"are {sure}"
    elif maybe:
        members = f"are not certain: possibly {maybe}"
    else:
        members = "are none"
    return f"{how[0].upper()}{how[1:]}, the {relation} of {x} {members}."


def parent_sets_sentence(x: str, sets: list[list[str]], how: str) -> str:
    if len(sets) == 1:
        return f"The parents of {x} are the same {how}: {names(sets[0]) or 'none'}."
    return f"{x} has {len(sets)} possible parent sets {how}."


def adjustment_sentence(
    x: str,
    y: str,
    sets: list[list[str]],
    identified: bool,
    outcome_may_be_parent: bool,
    n_dags: int | None,
) -> str:
    """How to adjust for the effect of x on y, given the backdoor sets that exclude y."""
    if not sets:
        where = f" in all {n_dags} DAGs the graph stands for" if n_dags and n_dags > 1 else ""
        return (
            f"{y} is a parent of {x}{where}, so {x} has no effect on {y} and there "
            "is nothing to adjust for."
        )
    if identified:
        return (
            f"Adjust for {names(sets[0]) or 'nothing'}: the parents of {x} are identified, "
            f"so they block every backdoor path from {x} to {y}."
        )
    listed = "; ".join("{" + ", ".join(s) + "}" for s in sets) or "none"
    sentence = (
        f"The parents of {x} are not identified, so the backdoor set depends on edge "
        f"directions; estimate the effect with each of {len(sets)} sets ({listed}) and report "
        "the range"
    )
    if outcome_may_be_parent:
        sentence += f"; where {y} is a parent of {x}, {x} has no effect on {y}"
    return sentence + "."
