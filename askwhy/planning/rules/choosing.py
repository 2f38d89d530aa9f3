"""Answer a multiple-choice frame: test each option's claim with its tool, pick the letter.

- The two directions of one pair (with or without "no causal relationship"): one
  pairwise_direction call; its `direction` ("x_to_y", "y_to_x", "none", "uncertain")
  settles every option.
- Otherwise each claim has its tool: direct_cause, common_cause / common_effect / mediator
  (with the claim's z), test_independence.

The letter is the one option whose claim holds while every other claim fails; the option
"no causal relationship" wins only when every other claim fails. Anything else (two claims
hold, one is uncertain) gives no letter, and the reason says what each claim got.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from askwhy.frame import Claim, Frame
from askwhy.planning.base import Choice
from askwhy.tools.results import ToolResult, YesNoResult

Run = Callable[[str, dict[str, Any]], ToolResult]
CLAIM_TOOLS = {
    "direct_cause": "direct_cause",
    "confounder": "common_cause",
    "collider": "common_effect",
    "mediator": "mediator",
    "independence": "test_independence",
}


def choose(frame: Frame, run: Run) -> tuple[list[ToolResult], Choice]:
    """(the tool results, decisive last; the chosen option)."""
    claims = frame.choice_map
    real = {k: c for k, c in claims.items() if c.family != "none"}
    if _directions_only(frame, real):
        result = run("pairwise_direction", {"x": frame.x, "y": frame.y})
        direction = getattr(result, "direction", None) or "uncertain"
        verdicts = {k: _direction_verdict(c, frame, direction) for k, c in real.items()}
        return [result], pick(claims, verdicts)
    results: list[ToolResult] = []
    verdicts = {}
    for letter, claim in real.items():
        result = run(CLAIM_TOOLS[claim.family], _claim_args(claim))
        results.append(result)
        verdicts[letter] = _verdict(claim, result)
    return results, pick(claims, verdicts)


def pick(claims: dict[str, Claim], verdicts: dict[str, str]) -> Choice:
    """The letter whose claim alone holds; "none" when every claim fails; else None."""
    holds = [k for k, v in verdicts.items() if v == "yes"]
    fails = [k for k, v in verdicts.items() if v == "no"]
    nones = [k for k, c in claims.items() if c.family == "none"]
    reason = "; ".join(f"{k}: {_said(claims[k])} -> {verdicts[k]}" for k in verdicts)
    if len(holds) == 1 and len(fails) == len(verdicts) - 1:
        return Choice(holds[0], f"Only option {holds[0]} holds ({reason}).")
    if not holds and len(fails) == len(verdicts) and len(nones) == 1:
        return Choice(nones[0], f"No other option holds ({reason}).")
    if len(holds) > 1:
        why = f"options {', '.join(holds)} all hold"
    elif not holds and len(fails) == len(verdicts):
        why = "no option holds and there is no 'no relationship' option"
    else:
        why = "the evidence is not decisive"
    return Choice(None, f"Cannot pick one option: {why} ({reason}).")


def _directions_only(frame: Frame, real: dict[str, Claim]) -> bool:
    pair = {frame.x, frame.y}
    return (
        frame.family == "pairwise_direction"
        and bool(real)
        and all(c.family == "direct_cause" and {c.x, c.y} == pair for c in real.values())
    )


def _direction_verdict(claim: Claim, frame: Frame, direction: str) -> str:
    if direction not in ("x_to_y", "y_to_x", "none"):
        return "uncertain"
    if direction == "none":
        return "no"
    forward = claim.x == frame.x
    return "yes" if forward == (direction == "x_to_y") else "no"


def _claim_args(claim: Claim) -> dict[str, Any]:
    args: dict[str, Any] = {"x": claim.x, "y": claim.y}
    if claim.family == "independence":
        args["given"] = list(claim.given) or ([claim.z] if claim.z else [])
    elif claim.family != "direct_cause" and claim.z:
        args["z"] = claim.z
    return args


def _verdict(claim: Claim, result: ToolResult) -> str:
    if not isinstance(result, YesNoResult):
        return "uncertain"
    answer = result.answer
    if claim.family == "independence" and claim.polarity == "dependence":
        answer = {"yes": "no", "no": "yes"}.get(answer, answer)
    return answer


def _said(claim: Claim) -> str:
    if claim.family == "direct_cause":
        return f"{claim.x} causes {claim.y}"
    if claim.family == "independence":
        return f"{claim.x} and {claim.y} independent"
    if claim.family in ("confounder", "collider", "mediator"):
        who = claim.z or "some variable"
        return f"{who} is a {claim.family} of {claim.x} and {claim.y}"
    return claim.family
