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


class Claim(BaseModel):
    """What one option of a multiple-choice question claims (family "none": no relation)."""

    model_config = ConfigDict(extra="forbid")

    family: Literal["direct_cause", "confounder", "collider", "mediator", "independence", "none"]
    x: str | None = None
    y: str | None = None
    z: str | None = None
    given: list[str] = Field(default_factory=list)
    polarity: Polarity | None = None


class Frame(BaseModel):
    """One reading of a question. Roles by family:

    independence: x, y, given, polarity · direct_cause: x (cause), y (effect) ·
    ancestors with y and format yes_no: is y a cause, direct or not, of x? ·
    collider / confounder / mediator: x, y and z (the designated variable; None asks
    whether any exists) · parents ... descendants: x · adjustment_set / effect: treatment,
    outcome, adjust_for, treatment_values · graph / describe_data: variables (empty = all) ·
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
        return list(dict.fromkeys(n for n in names if n))

    def restate(self) -> str:
        """The question as understood, in plain words."""
        return restate(self)


def _and(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


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
        adjust = f", adjusting for {_and(f.adjust_for)}" if f.adjust_for else ""
        text = f"the average effect of {f.treatment} on {f.outcome}{values}{adjust}"
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
