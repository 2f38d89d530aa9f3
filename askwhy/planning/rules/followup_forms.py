"""Follow-ups that narrow or test the previous question (askwhy.planning.rules.followups):
"only for line L3?" after an effect (the same effect in a subgroup) and "would W on its own
do?" after an adjustment-set question (is {W} a valid adjustment set?)."""

from __future__ import annotations

import re
from collections.abc import Callable

from askwhy.frame import EffectDesign, Frame
from askwhy.planning.rules.context import Unreadable

_SUBGROUP_OPENER = re.compile(
    r"^\W*(?:(?:and|but|so|now|what|how)\s+)*(?:about\s+)?(?:only\s+|just\s+)?"
    r"(?:for|among|amongst|within|in)\s+\S"
)
_SUFFICES = re.compile(
    r"\b(?:do|does|suffice|suffices|enough|sufficient|work|works|valid|ok|okay|fine)\b"
)


def subgroup_design(
    rest: str, lower: str, previous: Frame, read: Callable[[str], Frame]
) -> EffectDesign | None:
    """The previous effect's design narrowed to the subgroup `rest` names ("only for line
    L3?", read as the whole question would be), or None."""
    if previous.family != "effect" or not _SUBGROUP_OPENER.match(lower):
        return None
    asked = f'What is the effect of "{previous.treatment}" on "{previous.outcome}" {rest}'
    try:
        frame = read(asked)
    except Unreadable:
        return None
    same = (frame.treatment, frame.outcome) == (previous.treatment, previous.outcome)
    group = frame.design.subgroup if frame.design else None
    if frame.family != "effect" or not same or group is None:
        return None
    return (previous.design or frame.design).model_copy(update={"subgroup": group})


def proposed_set(template: str, previous: Frame, refs: list[str]) -> list[str] | None:
    """The set a "would W on its own do?" follow-up proposes after an adjustment-set question."""
    if previous.family != "adjustment_set" or not _SUFFICES.search(template):
        return None
    new = [c for c in refs if c not in (previous.treatment, previous.outcome)]
    return new if new and len(new) == len(refs) else None
