"""Frame: what a question asks, read into a family, variables in roles, polarity and format.

Every planner reads a question into a Frame; the rule planner executes it; the Answer
restates it ("Read as: is tar a common cause of yellow fingers and lung cancer?").
Variables are exact column names.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Family = Literal[
    "independence",
    "direct_cause",
    "collider",
    "confounder",
    "mediator",
    "parents",
    "children",
    "ancestors",
    "descendants",
    "adjustment_set",
    "graph",
    "effect",
    "pairwise_direction",
    "describe_data",
    "unclear",
]
Polarity = Literal["independence", "dependence"]
Format = Literal["yes_no", "choice", "list", "number", "graph", "text"]
RELATIVE_FAMILIES = ("parents", "children", "ancestors", "descendants")
DesignName = Literal["backdoor", "matching", "iv", "frontdoor", "rdd", "did"]


class Claim(BaseModel):
    """What one option of a multiple-choice question claims (family "none": no relation)."""

    model_config = ConfigDict(extra="forbid")

    family: Literal["direct_cause", "confounder", "collider", "mediator", "independence", "none"]
    x: str | None = None
    y: str | None = None
    z: str | None = None
    given: list[str] = Field(default_factory=list)
    polarity: Polarity | None = None


class Subgroup(BaseModel):
    """Rows whose `column` is one of `values` (labels as the data show them), or lies in
    [`min`, `max`] (bounds inclusive)."""

    model_config = ConfigDict(extra="forbid")

    column: str
    values: list[str | float] | None = None
    min: float | None = None
    max: float | None = None

    def describe(self) -> str:
        if self.values is not None:
            shown = [f"{v:g}" if isinstance(v, float) else str(v) for v in self.values]
            return f"{self.column} is {' or '.join(shown)}"
        if self.min is not None and self.max is not None:
            return f"{self.column} is between {self.min:g} and {self.max:g}"
        if self.min is not None:
            return f"{self.column} is at least {self.min:g}"
        return f"{self.column} is at most {self.max:g}"


class EffectDesign(BaseModel):
    """How an effect question asks for its estimate: the design (None: not named, read
    from the roles, else back-door), the estimand, the design's roles, a subgroup, the
    reference level of a categorical treatment and the matching method. Exact column names."""

    model_config = ConfigDict(extra="forbid")

    design: DesignName | None = None
    estimand: Literal["ate", "att", "atc"] | None = None
    instrument: list[str] = Field(default_factory=list)
    mediator: str | None = None
    running_variable: str | None = None
    cutoff: float | None = None
    time: str | None = None
    group: str | None = None
    post: str | None = None
    post_start: float | None = None  # the first post period: time >= post_start
    treated_group: str | None = None
    subgroup: Subgroup | None = None
    reference: str | None = None
    matching_method: Literal["propensity_score", "nearest_neighbour"] | None = None

    def columns(self) -> list[str]:
        """Every column the design names."""
        names = [*self.instrument, self.mediator, self.running_variable, self.time]
        names += [self.group, self.post, self.treated_group]
        names += [self.subgroup.column] if self.subgroup else []
        return [n for n in names if n]


class Frame(BaseModel):
    """One reading of a question. Roles by family:

    independence: x, y, given, polarity · direct_cause: x (cause), y (effect) ·
    ancestors with y and format yes_no: is y a cause, direct or not, of x? ·
    collider / confounder / mediator: x, y and z (the designated variable; None asks
    whether any exists) · parents ... descendants: x · adjustment_set / effect: treatment,
    outcome, adjust_for, treatment_values, design (EffectDesign: a named design, estimand,
    subgroup or reference; None: a plain average effect) · graph / describe_data: variables
    (empty = all) ·
    pairwise_direction: x, y. A multiple-choice question has format "choice", the options
    as written and what each claims.
    """

    model_config = ConfigDict(extra="forbid")

    family: Family
    x: str | None = None
    y: str | None = None
    z: str | None = None
    given: list[str] = Field(default_factory=list)
    treatment: str | None = None
    outcome: str | None = None
    adjust_for: list[str] = Field(default_factory=list)
    variables: list[str] = Field(default_factory=list)
    treatment_values: tuple[float, float] | None = None
    design: EffectDesign | None = None  # effect only
    polarity: Polarity | None = None
    negated: bool = False
    format: Format = "yes_no"
    options: dict[str, str] = Field(default_factory=dict)
    choice_map: dict[str, Claim] = Field(default_factory=dict)
    settings: dict[str, str | float] = Field(default_factory=dict)  # named in the question
    confidence: float = Field(default=0.95, ge=0.0, le=1.0)
    notes: list[str] = Field(default_factory=list)  # what was assumed or ignored

    def variables_named(self) -> list[str]:
        """Every column the frame names, in role order."""
        names = [self.x, self.y, self.z, self.treatment, self.outcome]
        names += [*self.given, *self.adjust_for, *self.variables]
        names += self.design.columns() if self.design else []
        return list(dict.fromkeys(n for n in names if n))

    def restate(self) -> str:
        """The question as understood, in plain words."""
        return restate(self)


def _and(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


ESTIMAND_WORDS = {
    "ate": "the average effect",
    "att": "the effect on the treated (ATT)",
    "atc": "the effect on the untreated (ATC)",
}


def _effect(f: Frame, values: str) -> str:
    """ "the effect on the treated (ATT) of T on Y, by nearest-neighbour matching on A and B,
    for rows where sex is female"."""
    d = f.design or EffectDesign()
    words = ESTIMAND_WORDS[d.estimand or "ate"]
    if d.estimand is None and d.design in ("iv", "rdd", "did"):
        words = "the effect"  # the design's own estimand: compliers, at the cutoff, the treated
    text = f"{words} of {f.treatment} on {f.outcome}{values}"
    if d.reference:
        text += f", each level of {f.treatment} against {d.reference}"
    covariates = _and(f.adjust_for)
    if d.design == "matching":
        how = {"nearest_neighbour": "nearest-neighbour ", "propensity_score": "propensity-score "}
        text += f", by {how.get(d.matching_method or '', '')}matching"
        text += f" on {covariates}" if covariates else ""
        covariates = ""
    elif d.design == "iv":
        noun = "instruments" if len(d.instrument) > 1 else "the instrument"
        text += ", by instrumental variables"
        text += f" with {_and(d.instrument)} as {noun}" if d.instrument else ""
    elif d.design == "frontdoor":
        text += ", by front-door adjustment" + (f" through {d.mediator}" if d.mediator else "")
    elif d.design == "rdd":
        cutoff = f"{d.cutoff:g}" if d.cutoff is not None else "0 (default)"
        running = f" in {d.running_variable}" if d.running_variable else ""
        text += f", by regression discontinuity{running} at the cutoff {cutoff}"
    elif d.design == "did":
        roles = [("time", d.time), ("group", d.group), ("post period", d.post)]
        roles += [("treated group", d.treated_group)]
        named = _and([f"{c} as the {r}" for r, c in roles if c])
        text += ", by difference-in-differences" + (f" with {named}" if named else "")
        if d.post_start is not None:
            text += f", the post period from {d.time or 'time'} = {d.post_start:g} on"
    elif d.design == "backdoor":
        text += ", by back-door adjustment"
    if covariates:
        text += f", adjusting for {covariates}"
    if d.subgroup:
        text += f", for rows where {d.subgroup.describe()}"
    return text


def restate(frame: Frame) -> str:
    f = frame
    given = f" given {_and(f.given)}" if f.given else ""
    if f.family == "independence":
        relation = "dependent (associated)" if f.polarity == "dependence" else "independent"
        text = f"are {f.x} and {f.y} {relation}{given}?"
    elif f.family == "direct_cause":
        text = f"does {f.x} directly cause {f.y}?"
    elif f.family in ("collider", "confounder", "mediator"):
        role = {
            "collider": "a common effect (collider)",
            "confounder": "a common cause (confounder)",
            "mediator": "a mediator (on a causal path)",
        }[f.family]
        link = "from" if f.family == "mediator" else "of"
        pair = f"{f.x} to {f.y}" if f.family == "mediator" else f"{f.x} and {f.y}"
        text = f"is {f.z} {role} {link} {pair}?" if f.z else f"is there {role} {link} {pair}?"
    elif f.family == "ancestors" and f.y and f.format == "yes_no":
        text = f"is {f.y} a cause (direct or indirect) of {f.x}?"
    elif f.family in RELATIVE_FAMILIES:
        words = {
            "parents": "the direct causes",
            "children": "the direct effects",
            "ancestors": "all causes",
            "descendants": "all effects",
        }[f.family]
        text = f"{words} of {f.x}"
    elif f.family == "adjustment_set":
        proposed = f" (is {_and(f.adjust_for)} enough?)" if f.adjust_for else ""
        effect = f"the effect of {f.treatment} on {f.outcome}"
        text = f"what to adjust for to estimate {effect}{proposed}"
    elif f.family == "effect":
        values = ""
        if f.treatment_values:
            low, high = f.treatment_values
            values = f" when {f.treatment} changes from {low:g} to {high:g}"
        text = _effect(f, values)
    elif f.family == "graph":
        text = f"the causal graph of {_and(f.variables) or 'all columns'}"
    elif f.family == "pairwise_direction":
        text = f"which is more likely: {f.x} causes {f.y}, or {f.y} causes {f.x}?"
    elif f.family == "describe_data":
        text = f"describe the data{' (' + _and(f.variables) + ')' if f.variables else ''}"
    else:
        text = "unclear"
    if f.format == "choice" and f.options:
        text += " Options: " + "; ".join(f"{k}. {v}" for k, v in f.options.items())
    return text
