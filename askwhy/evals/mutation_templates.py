"""Question templates of the mutation reading set: the pair families (independence, direct
cause, collider, confounder, mediator, pairwise direction).

Each template is one voice, written by hand. Slots: {x} {y} {z} (variables in roles),
{given} (conditioning set, "a and b"), {given_list} ("a, b"). The label follows from the
slots a template uses (an {x} slot is always the cause, whatever the sentence order). One
term per template is marked [[like this]]: the synonym mutation swaps it for a synonym from
the family's list. Optional hand-written variants of the same question: `swapped` (passive
or reversed clause order, same meaning), `negated` (a negative form; label negated=True) and,
for independence, `flipped` (the opposite polarity).

Polarity convention (as in handwritten.jsonl): the polarity is the relation the question
names; a negated predicate names the other one ("no association" is independence), while a
negative question ("Aren't x and y related?") keeps its relation.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Template:
    text: str
    swapped: str | None = None
    negated: str | None = None
    negated_polarity: str | None = None  # independence: the polarity of the negated form
    flipped: str | None = None  # independence: the same question with the other polarity
    polarity: str | None = None  # independence: what the question names
    fmt: str | None = None  # the answer format when not the family's usual one
    n_given: tuple[int, int] = (1, 2)
    n_vars: tuple[int, int] = (2, 4)


T = Template
IND, DEP = "independence", "dependence"

PAIR_TEMPLATES: dict[str, list[Template]] = {
    "independence": [
        T("Are {x} and {y} [[independent]]?", polarity=IND, swapped="Are {y} and {x} independent?",
          negated="Aren't {x} and {y} independent?", negated_polarity=IND,
          flipped="Are {x} and {y} correlated?"),
        T("Is {x} [[correlated with]] {y}?", polarity=DEP, swapped="Is {y} correlated with {x}?",
          negated="Isn't {x} correlated with {y}?", negated_polarity=DEP,
          flipped="Is {x} independent of {y}?"),
        T("Are {x} and {y} [[independent]] given {given}?", polarity=IND,
          swapped="Given {given}, are {x} and {y} independent?",
          negated="Are {x} and {y} not independent given {given}?", negated_polarity=DEP,
          flipped="Are {x} and {y} associated given {given}?"),
        T("Once you control for {given}, is there any [[association]] between {x} and {y}?",
          polarity=DEP,
          swapped="Is there any association between {x} and {y} once you control for {given}?",
          negated="Once you control for {given}, is there no association between {x} and {y}?",
          negated_polarity=IND,
          flipped="Once you control for {given}, are {x} and {y} independent?"),
        T("I'd like to know whether {x} is [[statistically independent of]] {y}.", polarity=IND,
          swapped="I'd like to know whether {y} is statistically independent of {x}.",
          flipped="I'd like to know whether {x} is statistically associated with {y}."),
        T("Do {x} and {y} [[move together]]?", polarity=DEP,
          negated="Don't {x} and {y} move together?", negated_polarity=DEP,
          flipped="Do {x} and {y} vary independently of each other?"),
        T("Test whether {x} and {y} are [[conditionally independent]] given {given}.",
          polarity=IND, swapped="Holding {given} fixed, test whether {x} and {y} are independent.",
          flipped="Test whether {x} and {y} are still dependent given {given}."),
        T("Is there a [[relationship]] between {x} and {y} after adjusting for {given}?",
          polarity=DEP,
          swapped="After adjusting for {given}, is there a relationship between {x} and {y}?",
          negated="Is there no relationship between {x} and {y} after adjusting for {given}?",
          negated_polarity=IND,
          flipped="Are {x} and {y} independent after adjusting for {given}?"),
        T("quick check: {x} vs {y}, [[dependent]] or not?", polarity=DEP,
          flipped="quick check: {x} vs {y}, independent or not?"),
        T("Does knowing {x} tell you anything about {y} once {given} is known?", polarity=DEP,
          n_given=(1, 1),
          swapped="Once {given} is known, does knowing {x} tell you anything about {y}?",
          flipped="Once {given} is known, is {x} independent of {y}?"),
        T("In this data, are {x} and {y} [[unrelated]]?", polarity=IND,
          negated="In this data, aren't {x} and {y} unrelated?", negated_polarity=IND,
          flipped="In this data, are {x} and {y} related?"),
    ],
    "direct_cause": [
        T("Does {x} [[directly cause]] {y}?", swapped="Is {y} directly caused by {x}?",
          negated="Doesn't {x} directly cause {y}?"),
        T("Is {x} a [[direct cause]] of {y}?", swapped="Is {y} a direct effect of {x}?",
          negated="Is {x} not a direct cause of {y}?"),
        T("Is there a [[direct causal link]] from {x} to {y}?",
          swapped="Does {y} have a direct causal link coming from {x}?"),
        T("Does {x} [[directly affect]] {y}, not just through other variables?",
          swapped="Is {y} directly affected by {x}, not just through other variables?"),
        T("I want to check if {x} has a [[direct effect]] on {y}.",
          swapped="I want to check if {y} receives a direct effect from {x}.",
          negated="I want to check if {x} has no direct effect on {y}."),
        T("Is there an arrow from {x} into {y} in the causal graph?",
          swapped="In the causal graph, does {y} have an incoming arrow from {x}?"),
        T("Could changes in {x} [[directly drive]] {y}?",
          swapped="Could {y} be directly driven by changes in {x}?"),
        T("Is {x} one of the [[immediate causes]] of {y}?",
          swapped="Is {y} immediately caused by {x}?"),
        T("Does {x} have a direct [[influence]] on {y}?",
          swapped="Is {y} under the direct influence of {x}?",
          negated="Does {x} have no direct influence on {y}?"),
        T("direct edge from {x} to {y}, yes or no?"),
    ],
    "collider": [
        T("Is there a [[collider]] between {x} and {y}?"),
        T("Do {x} and {y} share a [[common effect]]?",
          negated="Do {x} and {y} share no common effect?"),
        T("Is {z} a [[common effect]] of {x} and {y}?",
          swapped="Of {x} and {y}, is {z} a common effect?",
          negated="Is {z} not a common effect of {x} and {y}?"),
        T("Are {x} and {y} both [[causes]] of {z}?", swapped="Is {z} caused by both {x} and {y}?"),
        T("Is there some variable that both {x} and {y} [[feed into]]?"),
        T("Check whether {z} is a [[collider]] on the path between {x} and {y}.",
          swapped="On the path between {x} and {y}, check whether {z} is a collider."),
        T("Do {x} and {y} have a [[shared outcome]] in this data?"),
        T("Do arrows from {x} and {y} [[meet]] at {z}?",
          swapped="Does {z} receive arrows from both {x} and {y}?"),
        T("We suspect {x} and {y} jointly determine some third variable. Is there such a "
          "[[common effect]]?"),
    ],
    "confounder": [
        T("Is there a [[confounder]] of {x} and {y}?",
          negated="Is there no confounder of {x} and {y}?"),
        T("Do {x} and {y} have a [[common cause]]?",
          negated="Don't {x} and {y} have a common cause?"),
        T("Is {z} a [[confounder]] of the relationship between {x} and {y}?",
          swapped="For the relationship between {x} and {y}, is {z} a confounder?",
          negated="Is {z} not a confounder of the relationship between {x} and {y}?"),
        T("Could {z} be a [[common cause]] behind both {x} and {y}?",
          swapped="Could both {x} and {y} be driven by {z} as a common cause?"),
        T("Is the link between {x} and {y} [[confounded]]?"),
        T("Does {z} [[drive]] both {x} and {y}?", swapped="Are {x} and {y} both driven by {z}?"),
        T("Please determine whether {x} and {y} share a [[common cause]]."),
        T("I'm worried the {x}-{y} association is [[confounded]]. Is there a common cause?"),
        T("Are {x} and {y} both downstream of some common [[factor]]?"),
    ],
    "mediator": [
        T("Is {z} a [[mediator]] between {x} and {y}?",
          swapped="Between {x} and {y}, is {z} a mediator?",
          negated="Is {z} not a mediator between {x} and {y}?"),
        T("Does {x} affect {y} [[through]] {z}?", swapped="Is it through {z} that {x} affects {y}?",
          negated="Doesn't {x} affect {y} through {z}?"),
        T("Is the effect of {x} on {y} [[mediated]] by {z}?",
          swapped="Does {z} mediate the effect of {x} on {y}?"),
        T("Is there a [[mediator]] between {x} and {y}?",
          negated="Is there no mediator between {x} and {y}?"),
        T("Does {x} influence {y} [[indirectly]], via some other variable?",
          swapped="Is {y} influenced by {x} indirectly, via some other variable?"),
        T("Does {z} [[lie on]] the causal path from {x} to {y}?",
          swapped="On the causal path from {x} to {y}, does {z} lie in between?"),
        T("Check whether part of the effect of {x} on {y} [[passes through]] {z}.",
          swapped="Check whether {z} carries part of the effect of {x} on {y}."),
        T("Is there some intermediate variable that {x} acts on [[on the way to]] {y}?"),
        T("Would blocking {z} cut off some of the [[influence]] of {x} on {y}?",
          swapped="Would some of the influence of {x} on {y} be cut off by blocking {z}?"),
    ],
    "pairwise_direction": [
        T("Does {x} [[cause]] {y}, or does {y} cause {x}?",
          swapped="Does {y} cause {x}, or does {x} cause {y}?"),
        T("Which causes which: {x} or {y}?", swapped="Which causes which: {y} or {x}?"),
        T("What is the causal [[direction]] between {x} and {y}?"),
        T("Between {x} and {y}, which is the cause and which is the [[effect]]?",
          swapped="Which is the cause and which is the effect, {x} or {y}?"),
        T("Is {x} a cause or a [[consequence]] of {y}?"),
        T("In which direction does the causal arrow point between {x} and {y}?"),
        T("{x} and {y} are clearly related; which one [[drives]] the other?"),
        T("Does the data suggest {x} [[influences]] {y} or the reverse?"),
        T("Who's driving whom here, {x} or {y}?"),
    ],
}  # fmt: skip

PAIR_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "independence": {
        "independent": ("statistically independent", "unassociated", "uncorrelated"),
        "correlated with": ("associated with", "related to", "linked to", "dependent on"),
        "association": ("correlation", "dependence", "link", "statistical relationship"),
        "statistically independent of": ("independent of", "unrelated to", "uncorrelated with"),
        "move together": ("go together", "co-vary", "vary together"),
        "conditionally independent": ("independent", "statistically independent"),
        "relationship": ("association", "correlation", "link", "dependence"),
        "dependent": ("associated", "correlated", "related"),
        "unrelated": ("independent", "unconnected", "uncorrelated"),
    },
    "direct_cause": {
        "directly cause": ("directly influence", "directly affect", "directly drive"),
        "direct cause": ("direct driver", "immediate cause", "direct determinant"),
        "direct causal link": ("direct causal connection", "direct causal edge"),
        "directly affect": ("directly influence", "directly impact"),
        "direct effect": ("direct causal effect", "direct impact", "direct influence"),
        "directly drive": ("directly cause", "directly determine"),
        "immediate causes": ("direct causes", "proximate causes"),
        "influence": ("impact", "effect", "causal influence"),
    },
    "collider": {
        "collider": ("common effect", "collider variable", "collision node"),
        "common effect": ("joint effect", "common consequence", "common outcome"),
        "causes": ("drivers", "determinants"),
        "feed into": ("flow into", "point into", "both cause"),
        "shared outcome": ("common outcome", "joint consequence"),
        "meet": ("collide", "converge"),
    },
    "confounder": {
        "confounder": ("common cause", "confounding variable", "shared cause"),
        "common cause": ("common driver", "joint cause", "common source"),
        "confounded": ("driven by a common cause", "affected by confounding"),
        "drive": ("cause", "influence", "affect"),
        "factor": ("cause", "driver"),
    },
    "mediator": {
        "mediator": ("intermediate variable", "mediating variable", "intermediary"),
        "through": ("via", "by way of", "by means of"),
        "mediated": ("transmitted", "carried"),
        "indirectly": ("by an indirect route", "in an indirect way"),
        "lie on": ("sit on", "fall on"),
        "passes through": ("flows through", "goes via", "runs through"),
        "on the way to": ("en route to", "along the path to"),
        "influence": ("effect", "impact"),
    },
    "pairwise_direction": {
        "cause": ("drive", "influence", "determine"),
        "direction": ("orientation", "ordering", "direction of causation"),
        "effect": ("consequence", "outcome"),
        "consequence": ("result", "effect"),
        "drives": ("causes", "influences", "determines"),
        "influences": ("causes", "drives", "affects"),
    },
}
