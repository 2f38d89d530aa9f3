"""The other material of the mutation reading set: notation forms, multiple-choice wrappings,
follow-up questions and scenario sentences. Slots as in mutation_templates.py; {c1}..{c3} are
candidate third variables of a multiple-choice question, {w} the variable a follow-up adds.
"""

from __future__ import annotations

from dataclasses import dataclass

from askwhy.evals.mutation_templates import Template

T = Template
IND, DEP = "independence", "dependence"

NOTATION: dict[str, list[Template]] = {
    "independence": [
        T("{x} ⟂ {y} | {given_list} ?", polarity=IND),
        T("{x} _||_ {y} | {given_list}", polarity=IND),
        T("{x} ⊥ {y}?", polarity=IND),
        T("Is {x} ⫫ {y} | {given_list}?", polarity=IND),
        T("CI test: {x} indep {y} | {given_list}", polarity=IND),
    ],
    "direct_cause": [T("{x} -> {y}?"), T("{x} → {y} ?"), T("is there an edge {x} -> {y}?")],
    "collider": [T("{x} -> {z} <- {y}?"), T("{x} → ? ← {y}")],
    "confounder": [T("{x} <- {z} -> {y}?"), T("{x} ← ? → {y}")],
    "mediator": [T("{x} -> {z} -> {y}?"), T("{x} → ? → {y}"), T("{z} mediates {x} -> {y}?")],
    "parents": [T("pa({x}) = ?"), T("parents({x})?")],
    "children": [T("ch({x}) = ?"), T("children({x})?")],
    "ancestors": [T("an({x})?"), T("ancestors of {x} in G?")],
    "descendants": [T("de({x})?"), T("descendants({x}) = ?")],
    "adjustment_set": [
        T("backdoor set for {x} -> {y}?"),
        T("adjustment set for P({y} | do({x}))?"),
    ],
    "effect": [
        T("E[{y} | do({x}={t1})] - E[{y} | do({x}={t0})] = ?"),
        T("do({x}={t1}) vs do({x}={t0}): difference in {y}?"),
        T("P({y} | do({x}))?"),
        T("ATE({x} -> {y}) adjusting for {adjust_list}"),
    ],
    "pairwise_direction": [T("{x} -> {y} or {y} -> {x}?"), T("is it {x} → {y} or {y} → {x}?")],
    "graph": [T("DAG over {vars_list}?"), T("causal graph: all columns")],
    "describe_data": [T("describe({vars_list})", n_vars=(1, 3)), T("summary(df)")],
}


@dataclass(frozen=True)
class ChoiceTemplate:
    """A multiple-choice question: the stem, each option with what it claims, the closing line.

    A claim is a dict whose values "x", "y", "z", "c1".."c3" name slots; other values are
    literal (family, polarity)."""

    family: str
    stem: str
    options: tuple[tuple[str, dict[str, str]], ...]
    tail: str = ""
    lines: bool = False  # one option per line instead of inline


def _dc(a: str, b: str) -> dict[str, str]:
    return {"family": "direct_cause", "x": a, "y": b}


NONE = {"family": "none"}

CHOICES: list[ChoiceTemplate] = [
    ChoiceTemplate(
        "pairwise_direction",
        "Which cause-and-effect relationship is more likely?",
        (("{x} causes {y}", _dc("x", "y")), ("{y} causes {x}", _dc("y", "x")),
         ("No causal relationship exists.", NONE)),
        "Please answer with A, B, or C.",
    ),
    ChoiceTemplate(
        "pairwise_direction",
        "Which of the following best describes how {x} and {y} are related?",
        (("A change in {x} causes a change in {y}.", _dc("x", "y")),
         ("A change in {y} causes a change in {x}.", _dc("y", "x")),
         ("The relationship between {x} and {y} is not causal.", NONE)),
        "Answer with the letter only.",
        lines=True,
    ),
    ChoiceTemplate(
        "pairwise_direction",
        "{x} or {y}: which one is the cause?",
        (("{x}", _dc("x", "y")), ("{y}", _dc("y", "x"))),
    ),
    ChoiceTemplate(
        "pairwise_direction",
        "What best describes the relationship between {x} and {y}?",
        (("{x} causes {y}.", _dc("x", "y")), ("{y} causes {x}.", _dc("y", "x")),
         ("They share a common cause but neither causes the other.",
          {"family": "confounder", "x": "x", "y": "y"}),
         ("They are unrelated.", {"family": "independence", "x": "x", "y": "y",
                                   "polarity": IND})),
        "Answer with a single letter.",
    ),
    ChoiceTemplate(
        "independence",
        "Which statement fits the data?",
        (("{x} and {y} are independent.", {"family": "independence", "x": "x", "y": "y",
                                            "polarity": IND}),
         ("{x} and {y} are dependent.", {"family": "independence", "x": "x", "y": "y",
                                          "polarity": DEP})),
        "Answer A or B.",
    ),
    ChoiceTemplate(
        "confounder",
        "Which of these is a common cause of {x} and {y}?",
        (("{c1}", {"family": "confounder", "x": "x", "y": "y", "z": "c1"}),
         ("{c2}", {"family": "confounder", "x": "x", "y": "y", "z": "c2"}),
         ("{c3}", {"family": "confounder", "x": "x", "y": "y", "z": "c3"}),
         ("None of them", NONE)),
        "Please answer with A, B, C, or D.",
    ),
    ChoiceTemplate(
        "collider",
        "Which variable is a common effect of {x} and {y}?",
        (("{c1}", {"family": "collider", "x": "x", "y": "y", "z": "c1"}),
         ("{c2}", {"family": "collider", "x": "x", "y": "y", "z": "c2"}),
         ("Neither of them", NONE)),
        "Reply with A, B or C.",
        lines=True,
    ),
    ChoiceTemplate(
        "mediator",
        "Through which variable does {x} affect {y}?",
        (("{c1}", {"family": "mediator", "x": "x", "y": "y", "z": "c1"}),
         ("{c2}", {"family": "mediator", "x": "x", "y": "y", "z": "c2"}),
         ("{c3}", {"family": "mediator", "x": "x", "y": "y", "z": "c3"}),
         ("None of these", NONE)),
        "Answer with one letter.",
    ),
    ChoiceTemplate(
        "direct_cause",
        "How does {x} relate to {y}?",
        (("{x} directly causes {y}", _dc("x", "y")),
         ("{x} affects {y} only through {c1}", {"family": "mediator", "x": "x", "y": "y",
                                                 "z": "c1"}),
         ("{y} causes {x}", _dc("y", "x")),
         ("There is no relationship.", NONE)),
        "Please answer with A, B, C, or D.",
    ),
]  # fmt: skip


@dataclass(frozen=True)
class FollowUp:
    """A second question that leans on the first: how it changes the first one's label.

    changes: add_given, set_given, set_y, set_x, swap, set_z, set_outcome, set_treatment,
    add_adjust, add_vars, set_vars, set_values. `needs` is a slot the first question must
    have ("z", "vars", ...), or "-z" / "-given" / "-vars" for one it must not have."""

    family: str
    text: str
    change: str
    needs: str | None = None


FOLLOW_UPS: list[FollowUp] = [
    FollowUp("independence", "And given {w}?", "add_given"),
    FollowUp("independence", "What about if we also condition on {w}?", "add_given"),
    FollowUp("independence", "What about given {w} instead?", "set_given", "given"),
    FollowUp("independence", "And what about {x} and {w}?", "set_y", "-given"),
    FollowUp("direct_cause", "And the other way round?", "swap"),
    FollowUp("direct_cause", "What about in the reverse direction?", "swap"),
    FollowUp("direct_cause", "And does it directly cause {w} too?", "set_y"),
    FollowUp("collider", "What about {w}?", "set_z", "z"),
    FollowUp("collider", "And between {x} and {w}?", "set_y", "-z"),
    FollowUp("confounder", "What about {w}?", "set_z", "z"),
    FollowUp("confounder", "And {w}, is that one too?", "set_z", "z"),
    FollowUp("confounder", "What about for {x} and {w}?", "set_y", "-z"),
    FollowUp("mediator", "What about {w}?", "set_z", "z"),
    FollowUp("mediator", "And {w}?", "set_z", "z"),
    FollowUp("mediator", "Same question for the path from {x} to {w}.", "set_y", "-z"),
    FollowUp("parents", "What about {w}?", "set_x"),
    FollowUp("parents", "And for {w}?", "set_x"),
    FollowUp("children", "What about {w}?", "set_x"),
    FollowUp("children", "Same question for {w}.", "set_x"),
    FollowUp("ancestors", "And for {w}?", "set_x"),
    FollowUp("ancestors", "What about {w}?", "set_x"),
    FollowUp("descendants", "What about {w}?", "set_x"),
    FollowUp("descendants", "Same question for {w}.", "set_x"),
    FollowUp("adjustment_set", "What about the effect on {w}?", "set_outcome"),
    FollowUp("adjustment_set", "And if the treatment were {w}?", "set_treatment"),
    FollowUp("graph", "And what if we add {w}?", "add_vars", "vars"),
    FollowUp("graph", "Now only for {vars}.", "set_vars", "-vars"),
    FollowUp("effect", "And adjusting for {w}?", "add_adjust"),
    FollowUp("effect", "What about on {w}?", "set_outcome"),
    FollowUp("effect", "What if it goes from {t0} to {t1} instead?", "set_values", "t0"),
    FollowUp("pairwise_direction", "And between {x} and {w}?", "set_y"),
    FollowUp("pairwise_direction", "What about {w} and {y}?", "set_x"),
    FollowUp("describe_data", "What about {w}?", "set_vars", "vars"),
    FollowUp("describe_data", "And {w}?", "set_vars", "vars"),
]

# Background for a scenario paragraph, naming columns that play no part in the question.
BACKGROUND: tuple[str, ...] = (
    "Every record also lists {a} and {b}.",
    "{A} was measured too, mostly for bookkeeping.",
    "Earlier reports focused on {a} and found nothing conclusive.",
    "The analysts also collected {a}, {b} and {c}.",
    "Some colleagues think {a} matters a lot here.",
    "We have values of {a} for every row.",
    "Values of {a} vary quite a bit across the sample.",
    "Nobody has looked closely at {a} or {b} yet.",
)
