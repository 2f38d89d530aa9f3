"""The message of a refusal: what was understood, why the reading is not trusted, and one or
two rephrasings that would work, built from the table's real column names.

    I read this as: is there a common cause (confounder) of smoking and lung_cancer?
    But 'asbestos' is not a column of the data (closest: age).
    Try: "Is age a confounder of smoking and lung_cancer?" or "Is there a confounder of
    smoking and lung_cancer?"

With no reading at all, it lists the kinds of question the rules understand, each with an
example in the table's own names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from askwhy.frame import Frame
from askwhy.planning.rules.context import Phrase

NEEDS = {  # the roles each family must fill
    "independence": ("x", "y"),
    "direct_cause": ("x", "y"),
    "collider": ("x", "y"),
    "confounder": ("x", "y"),
    "mediator": ("x", "y"),
    "pairwise_direction": ("x", "y"),
    "parents": ("x",),
    "children": ("x",),
    "ancestors": ("x",),
    "descendants": ("x",),
    "adjustment_set": ("treatment", "outcome"),
    "effect": ("treatment", "outcome"),
}
_ID_OR_DATE = re.compile(r"(?:^|[\s_.-])(?:id|no|date|week|start|day)$|^(?:id|date)\b", re.I)
_KINDS = (
    ("independence", "Are {a} and {b} independent given {c}?"),
    ("direct cause", "Is {a} a direct cause of {b}?"),
    ("collider (common effect)", "Do {a} and {b} share a common effect?"),
    ("confounder (common cause)", "Is {c} a confounder of {a} and {b}?"),
    ("mediator", "Is {c} a mediator between {a} and {b}?"),
    ("causal direction", "Which is more likely: {a} causes {b}, or {b} causes {a}?"),
    ("causal graph", "Draw the causal graph of {a}, {b} and {c}."),
    ("effect", "What is the effect of {a} on {b} if {a} goes from 0 to 1?"),
    ("parents / children", "What directly causes {b}? / What does {a} directly affect?"),
    ("ancestors / descendants", "What causes {b}? / What are the effects of {a}?"),
    ("adjustment set", "What should I adjust for to estimate the effect of {a} on {b}?"),
    ("the data", "Describe the data."),
)


ASK_ONE_OF = "Ask one of:"  # a reason that already gives the questions to ask instead


def refusal(
    frame: Frame,
    partial: Frame | None,
    reason: str,
    columns: Sequence[str],
    phrases: Mapping[str, Phrase] | None = None,
) -> str:
    """The refusal message for `frame` (unclear, or read with too little confidence)."""
    understood = partial if frame.family == "unclear" else frame
    lines = []
    if understood is not None and understood.family != "unclear":
        if _says_something(understood):
            lines.append(f"I read this as: {understood_as(understood, phrases)}")
            lines.append(f"But {_lower_first(reason)}" if reason else "But I am not sure of it.")
        else:
            lines.append(reason or "I could not tell which columns the question is about.")
        tries = [] if ASK_ONE_OF in reason else rephrasings(understood, columns, phrases or {})
        if tries:
            lines.append("Try: " + " or ".join(f'"{t}"' for t in tries[:2]))
        return "\n".join(lines)
    lines.append(reason or "I could not tell what the question asks.")
    lines.append(examples(columns))
    return "\n".join(lines)


def understood_as(frame: Frame, phrases: Mapping[str, Phrase] | None = None) -> str:
    """How the question was understood, in words (a yes/no question about a cause reads
    as one, whatever `Frame.restate` says); missing roles show the unknown phrases."""
    frame = _shown(frame, phrases or {})
    if frame.family == "ancestors" and frame.y and frame.format == "yes_no":
        text = f"is {frame.y} a cause (direct or indirect) of {frame.x}?"
    else:
        text = frame.restate()
    return text if text.endswith(("?", ".")) else text + "."


def _shown(frame: Frame, phrases: Mapping[str, Phrase]) -> Frame:
    """A partial reading with its missing roles shown: the unknown phrases in quotes, else
    "…" ("are smoking and 'cancr' independent?")."""
    names = [f"'{p}'" for p in phrases]
    update = {}
    roles = NEEDS.get(frame.family, ())
    if frame.family in ("collider", "confounder", "mediator") and frame.x and frame.y:
        roles = ("z",)
    if frame.family == "ancestors" and frame.format == "yes_no":
        roles = ("x", "y")
    for role in roles:
        if getattr(frame, role) is None:
            update[role] = names.pop(0) if names else "…"
    return frame.model_copy(update=update) if update else frame


def _says_something(frame: Frame) -> bool:
    """A reading worth restating: a known family that names a column (or needs none)."""
    if frame.family == "unclear":
        return False
    return bool(frame.variables_named()) or frame.family in ("graph", "describe_data")


def examples(columns: Sequence[str]) -> str:
    """The kinds of question the rules understand, with the table's own names."""
    a, b, c = _pick(columns, [], 3)
    lines = ["askwhy understands these kinds of question:"]
    lines += [f"  - {kind}: {text.format(a=a, b=b, c=c)}" for kind, text in _KINDS]
    if columns:
        lines.append(f"Name the variables as columns of the data: {', '.join(columns)}.")
    return "\n".join(lines)


def rephrasings(frame: Frame, columns: Sequence[str], phrases: Mapping[str, Phrase]) -> list[str]:
    """One or two questions of the frame's family that would read clearly: with the
    columns an unknown or ambiguous phrase could be, else with columns of the table."""
    named = frame.variables_named()
    candidates = [c for found in phrases.values() for c in found.columns if c in columns]
    fills = [c for c in candidates if c not in named]
    if fills:  # one rephrasing per candidate column of an unknown or ambiguous phrase
        return list(dict.fromkeys(_question(frame, columns, [c]) for c in fills))[:2]
    out = [_question(frame, columns, [])]
    if frame.family in ("collider", "confounder", "mediator") and frame.z is None:
        extra = _pick(columns, named, 1)
        out.append(_question(frame.model_copy(update={"z": extra[0]}), columns, []))
    return list(dict.fromkeys(out))


def _question(frame: Frame, columns: Sequence[str], first: list[str]) -> str:
    """The frame as a question in the rules' own wording, missing roles filled in."""
    f = frame
    pool = [*first, *(c for c in _pick(columns, [*first, *f.variables_named()], 3))]

    def take(value: str | None) -> str:
        return value or (pool.pop(0) if pool else "X")

    if f.family in ("effect", "adjustment_set"):
        t, o = take(f.treatment), take(f.outcome)
        if f.family == "effect":
            return f"What is the effect of {t} on {o}?"
        return f"What should I adjust for to estimate the effect of {t} on {o}?"
    if f.family in ("graph", "describe_data"):
        if f.family == "describe_data":
            return "Describe the data."
        names = f.variables or pool[:3]
        return f"Draw the causal graph of {_and(names)}." if names else "Draw the causal graph."
    if f.family == "ancestors" and f.format == "yes_no":
        effect = f.x
        cause = take(f.y)
        return f"Is {cause} a cause (direct or indirect) of {take(effect)}?"
    x = take(f.x)
    if f.family in ("parents", "children", "ancestors", "descendants") and not f.y:
        return {
            "parents": f"What directly causes {x}?",
            "children": f"What does {x} directly affect?",
            "ancestors": f"What causes {x}?",
            "descendants": f"What are the effects of {x}?",
        }[f.family]
    y = take(f.y)
    given = f" given {_and(f.given)}" if f.given else ""
    if f.family == "independence":
        if f.polarity == "dependence":
            return f"Are {x} and {y} associated{given}?"
        return f"Are {x} and {y} independent{given}?"
    if f.family == "ancestors":
        return f"Is {y} a cause (direct or indirect) of {x}?"
    if f.family == "pairwise_direction":
        return f"Which is more likely: {x} causes {y}, or {y} causes {x}?"
    if f.family in ("collider", "confounder", "mediator"):
        role = {
            "collider": "a common effect",
            "confounder": "a confounder",
            "mediator": "a mediator",
        }
        link = "between" if f.family == "mediator" else "of"
        if f.z:
            return f"Is {f.z} {role[f.family]} {link} {x} and {y}?"
        return f"Is there {role[f.family]} {link} {x} and {y}?"
    return f"Is {x} a direct cause of {y}?"


def _pick(columns: Sequence[str], used: Sequence[str], n: int) -> list[str]:
    """`n` columns not in `used`, analysable-looking ones (not IDs or dates) first."""
    free = [c for c in columns if c not in used]
    free = [c for c in free if not _ID_OR_DATE.search(c)] + [
        c for c in free if _ID_OR_DATE.search(c)
    ]
    return (free + ["X", "Y", "Z"])[:n]


def _and(names: Sequence[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _lower_first(text: str) -> str:
    """ "The question ..." -> "the question ..."; "I could not" and "X is" stay."""
    first = text.split(" ", 1)[0]
    if first in ("The", "This", "There", "It") or (first.istitle() and first.lower() in _OPENERS):
        return text[:1].lower() + text[1:]
    return text


_OPENERS = frozenset({"the", "this", "there", "it", "a", "an", "several", "some"})
