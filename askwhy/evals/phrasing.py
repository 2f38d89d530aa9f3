"""Question wording for generated sets: several natural phrasings per question type and
scenario paragraphs per domain.

Levels: 1 = a plain, canonical question; 2 = a paraphrase; 3 = a scenario paragraph that
mentions other variables, then the question.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

PHRASES: dict[str, dict[int, tuple[str, ...]]] = {
    "independence": {
        1: ("Are {x} and {y} independent?",),
        2: (
            "Is {x} statistically independent of {y}?",
            "Are {x} and {y} statistically unrelated?",
            "Can we treat {x} and {y} as independent of each other?",
            "Do {x} and {y} vary independently?",
        ),
    },
    "conditional_independence": {
        1: ("Are {x} and {y} independent given {given}?",),
        2: (
            "Is {x} independent of {y} conditional on {given}?",
            "After controlling for {given}, are {x} and {y} independent?",
            "Holding {given} fixed, is {x} independent of {y}?",
            "Are {x} and {y} conditionally independent given {given}?",
            "Does the independence of {x} and {y} hold under the condition {given}?",
        ),
    },
    "direct_cause": {
        1: ("Does {x} directly cause {y}?",),
        2: (
            "Is {x} a direct cause of {y}?",
            "Does {x} have a direct causal effect on {y}?",
            "Is there a direct causal link from {x} to {y}?",
            "Does {x} directly influence {y}?",
        ),
    },
    "collider": {
        1: ("Is there a collider between {x} and {y}?",),
        2: (
            "Do {x} and {y} share a common effect?",
            "Is there a common effect of {x} and {y}?",
            "Do {x} and {y} have a shared outcome?",
            "Is there a variable that both {x} and {y} cause directly, a common effect?",
        ),
    },
    "confounder": {
        1: ("Is there a confounder of {x} and {y}?",),
        2: (
            "Do {x} and {y} have a common cause?",
            "Is the relationship between {x} and {y} confounded?",
            "Is there a shared cause behind {x} and {y}?",
            "Is there a common cause of {x} and {y}?",
        ),
    },
    "graph": {
        1: ("What is the causal graph of this data?",),
        2: (
            "Discover the causal structure of all the variables.",
            "Draw the causal graph.",
            "Which causal DAG fits these variables?",
            "Find the causal relationships among all the columns.",
        ),
    },
    "partial_graph": {
        1: ("What is the causal graph among {variables}?",),
        2: (
            "Find the causal structure of {variables}.",
            "Construct a causal diagram featuring only {variables}.",
            "Draw the causal graph of {variables}.",
        ),
    },
    "parents": {
        1: ("What are the direct causes of {x}?",),
        2: ("What directly causes {x}?", "Which variables directly affect {x}?"),
    },
    "children": {
        1: ("What are the direct effects of {x}?",),
        2: ("What does {x} directly affect?", "Which variables does {x} directly cause?"),
    },
    "ancestors": {
        1: ("What are the causes of {x}?",),
        2: ("What causes {x}?", "Which variables influence {x}, directly or indirectly?"),
    },
    "descendants": {
        1: ("What are the effects of {x}?",),
        2: ("What does {x} affect?", "Which variables does {x} influence, directly or indirectly?"),
    },
    "adjustment_set": {
        1: ("What should I adjust for to estimate the effect of {x} on {y}?",),
        2: (
            "Which variables do I need to control for to estimate the causal effect of {x} on {y}?",
            "What is the backdoor adjustment set for the effect of {x} on {y}?",
            "To estimate how {x} affects {y}, which variables should I condition on?",
        ),
    },
    "effect": {
        1: ("What is the average treatment effect of {x} on {y}?",),
        2: (
            "What is the ATE of {x} on {y}?",
            "Estimate the causal effect of {x} on {y}.",
            "How much does {y} change on average when {x} goes up by one unit?",
        ),
    },
    "effect_values": {
        1: ("What is the effect on {y} of changing {x} from {t0} to {t1}?",),
        2: (
            "How much does {y} change if {x} is raised from {t0} to {t1}?",
            "What is the ATE of {x} on {y} when {x} changes from {t0} to {t1}?",
        ),
    },
    "effect_adjusted": {
        1: ("What is the average effect of {x} on {y}, adjusting for {given}?",),
        2: (
            "Estimate the causal effect of {x} on {y}, controlling for {given}.",
            "Controlling for {given}, what is the average treatment effect of {x} on {y}?",
        ),
    },
}

SCENARIO_OPENERS: dict[str, tuple[str, ...]] = {
    "medicine": (
        "A hospital research team followed {rows} patients and recorded {variables}.",
        "An epidemiologist is studying a cohort of {rows} adults with measurements of {variables}.",
    ),
    "marketing": (
        "An online retailer's analytics team logged {variables} over {rows} campaign weeks.",
        "A marketing manager exported {rows} rows of data on {variables} from the CRM.",
    ),
    "economics": (
        "An economist assembled {rows} regional observations of {variables}.",
        "A central-bank research unit is looking at {rows} quarterly records of {variables}.",
    ),
    "education": (
        "A school district's research office collected {variables} for {rows} students.",
        "An education researcher surveyed {rows} pupils about {variables}.",
    ),
}
SCENARIO_MIDDLES = (
    "They suspect that some of these relationships are causal, but the data are observational.",
    "No experiment was run, so any causal conclusion has to come from the data alone.",
    "Colleagues disagree about which factors drive which.",
)
SCENARIO_CLOSERS = ("The question is: {question}", "{question}", "So: {question}")
YES_NO_SUFFIXES = ("", " Please answer yes or no.", "")


def display_name(name: str, rng: np.random.Generator) -> str:
    """How a column is written in a question: mostly in words, sometimes as the column."""
    return name if rng.random() < 0.25 else name.replace("_", " ")


def join_names(names: Sequence[str]) -> str:
    names = list(names)
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def phrase(
    family: str,
    level: int,
    rng: np.random.Generator,
    *,
    domain: str,
    columns: Sequence[str],
    rows: int,
    yes_no: bool = False,
    **slots: str,
) -> str:
    """One question of `family` at `level` with the slots filled in."""
    templates = PHRASES[family][1 if level == 1 else 2]
    question = templates[int(rng.integers(len(templates)))].format(**slots)
    if yes_no and level >= 2:
        question += YES_NO_SUFFIXES[int(rng.integers(len(YES_NO_SUFFIXES)))]
    if level < 3:
        return question
    openers = SCENARIO_OPENERS[domain]
    shown = [c.replace("_", " ") for c in rng.permutation(list(columns))]
    opener = openers[int(rng.integers(len(openers)))].format(rows=rows, variables=join_names(shown))
    middle = SCENARIO_MIDDLES[int(rng.integers(len(SCENARIO_MIDDLES)))]
    closer = SCENARIO_CLOSERS[int(rng.integers(len(SCENARIO_CLOSERS)))].format(question=question)
    return f"{opener} {middle} {closer}"
