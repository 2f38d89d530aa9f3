"""Builders for the "direct" and "cause" families.

"direct": does X directly cause Y (direct_cause), or what are the parents / children of
one column. "cause" (no "direct"): the ancestors / descendants of one column; a sentence
about two columns is read as the effect of one on the other.
"""

from __future__ import annotations

import re
from functools import lru_cache

from askwhy.planning.rules.context import Context, Fields
from askwhy.planning.rules.effects import build_effect
from askwhy.planning.rules.lexicon import alternation, lexicon
from askwhy.planning.rules.sentences import Sentence
from askwhy.planning.rules.variables import require

_WH = re.compile(r"\b(?:what|which|who|list|name|identify|find|show|give|tell\s+me)\b")
_WHICH = re.compile(r"\b(?:what|which|who)\b")  # "which of A, B directly cause C?"
# "Y is caused by X": the effect comes first
_REVERSED_DIRECT = (
    re.compile(
        r"@(\d+)\s+(?:is\s+|was\s+|being\s+|are\s+)?(?:directly\s+)?(?:caused|driven|influenced|"
        r"affected|impacted|determined|produced)\s+(?:directly\s+)?by\s+(?:\w+\s+){0,2}?@(\d+)"
    ),
    re.compile(
        r"@(\d+)\s+(?:\w+\s+){0,2}?(?:a\s+|the\s+)?direct\s+(?:effect|consequence|result|outcome"
        r"|child|descendant)\s+of\s+@(\d+)"
    ),
    re.compile(r"@(\d+)\s+(?:\w+\s+){0,2}?(?:a\s+|the\s+)?child\s+of\s+@(\d+)"),
    re.compile(
        r"@(\d+)\s+(?:\w+\s+)?(?:directly\s+)?depends?\s+(?:directly\s+)?(?:up)?on\s+@(\d+)"
    ),
    re.compile(r"\bto\s+@(\d+)\s+from\s+@(\d+)"),
)
_PARENT_PAIR = re.compile(r"@(\d+)\s+(?:\w+\s+){0,2}?(?:a\s+|the\s+)?parent\s+of\s+@(\d+)")


def build_direct(ctx: Context) -> Fields:
    s = ctx.sentence
    wh = bool(_WH.search(s.text))
    single = _single_node(s)
    if single is not None and (wh if len(s.refs) == 1 else _WHICH.search(s.text)):
        return _relative(ctx, single, direct=True)
    main = list(s.refs)
    if len(main) < 2 and wh:
        main = require(ctx, main, 1, "direct causes")
        direction = _direction(s)
        return _relative(ctx, (main[0], direction or "up"), direct=True, guessed=not direction)
    main = require(ctx, main, 2, "a direct cause")
    x, y = main[0], main[1]
    for pattern in _REVERSED_DIRECT:
        if m := pattern.search(s.text):
            x, y = s.col(m.group(2)), s.col(m.group(1))
            break
    else:
        if m := _PARENT_PAIR.search(s.text):
            x, y = s.col(m.group(1)), s.col(m.group(2))
    ctx.note_ignored([c for c in main if c not in (x, y)], f"whether {x} directly causes {y}")
    return {"type": "direct_cause", "x": x, "y": y}


def build_cause(ctx: Context) -> Fields:
    """No "direct": ancestors / descendants for one node; two nodes read as an effect."""
    s = ctx.sentence
    wh = bool(_WH.search(s.text))
    single = _single_node(s)
    noun = _relative_noun().search(s.text)
    if single is not None and (len(s.refs) == 1 or _WHICH.search(s.text)):
        return _relative(ctx, single, direct=False)
    if len(s.refs) >= 2 and noun and noun.group(1).startswith(("ancestor", "descendant")):
        first, second = s.refs[0], s.refs[1]
        node = (second, "up") if noun.group(1).startswith("ancestor") else (second, "down")
        ctx.draft.note(f"'is {first} a(n) {noun.group(1)} of {second}' read as a list", 0.15)
        return _relative(ctx, node, direct=False)
    if len(s.refs) < 2 and (wh or noun):
        main = require(ctx, list(s.refs), 1, "causes or effects")
        return _relative(
            ctx, (main[0], _direction(s) or "up"), direct=False, guessed=single is None
        )
    fields = build_effect(ctx)
    ctx.draft.note(
        f"read this as a question about the effect of {fields['x']} on {fields['y']} "
        f"(ask 'does {fields['x']} directly cause {fields['y']}?' for a direct link)",
        0.3,
    )
    return fields


# Direction of a one-node question: "down" asks what the node affects, "up" what affects it.
def _directed(direction: str, *patterns: str) -> list[tuple[str, re.Pattern[str]]]:
    return [(direction, re.compile(p)) for p in patterns]


_DOWN_RULES = _directed(
    "down",
    r"\b(?:does|do|did|will|would|can|could|might)\s+@(\d+)\s+(?:\w+\s+){0,2}?"
    r"(?:caus|affect|effect|influenc|impact|driv|determin|lead|result|produc|chang|alter)",
    r"\b(?:caused|driven|influenced|affected|impacted|determined|produced|changed|controlled)"
    r"\s+(?:directly\s+|mainly\s+)?by\s+@(\d+)",
    r"\b(?:effects?|consequences?|outcomes?|children|child|successors?|descendants?|results?|"
    r"downstream)\s+(?:nodes?\s+|variables?\s+)?(?:of|from)\s+@(\d+)(?!\s+(?:on|upon)\b)",
    r"@(\d+)'?s?\s+(?:direct\s+)?(?:effects|children|consequences|descendants|outcomes)",
    r"@(\d+)\s+(?:directly\s+)?(?:causes?|affects?|influences?|impacts?|drives?|determines?|"
    r"leads?\s+to|results?\s+in)\s*(?:what|which|\?|$)",
)
_UP_RULES = _directed(
    "up",
    r"\b(?:causes?|affects?|influences?|impacts?|drives?|determines?|leads?\s+to|results?\s+in"
    r"|produces?|explains?)\s+(?:the\s+)?(?:(?:level|value|amount)\s+of\s+)?@(\d+)",
    r"\b(?:causes?|parents?|drivers?|determinants?|predecessors?|ancestors?|influences?|sources?"
    r"|reasons?|upstream)\s+(?:nodes?\s+|variables?\s+|factors?\s+)?(?:of|for|behind|from)"
    r"\s+@(\d+)",
    r"@(\d+)\s+(?:is\s+|are\s+)?(?:\w+\s+)?(?:caused|driven|influenced|affected|impacted"
    r"|determined|produced|explained|controlled)\s+(?:directly\s+)?by\b",
    r"@(\d+)'?s?\s+(?:direct\s+)?(?:causes|parents|drivers|ancestors|determinants)",
    r"\b(?:does|do)\s+@(\d+)\s+(?:directly\s+)?depend\s+on",
)
_DIRECTIONS = (*_DOWN_RULES, *_UP_RULES)  # "down" first: "what does X cause" before "cause X"
_RELATIVES = {
    (True, "up"): "parents",
    (True, "down"): "children",
    (False, "up"): "ancestors",
    (False, "down"): "descendants",
}


@lru_cache(maxsize=1)
def _relative_noun() -> re.Pattern[str]:
    """A noun that names the family outright: "parents", "child", "descendants"."""
    nouns = sorted(lexicon().relative_nouns, key=len, reverse=True)
    return re.compile(r"\b(" + alternation(tuple(nouns)) + r")\b")


def _direction(s: Sentence) -> str | None:
    found = _single_node(s)
    return found[1] if found else None


def _single_node(s: Sentence) -> tuple[str, str] | None:
    """(column, "up"|"down") for "what causes X" / "what does X affect" style wording."""
    for direction, pattern in _DIRECTIONS:
        if m := pattern.search(s.text):
            return s.col(m.group(1)), direction
    return None


def _relative(ctx: Context, node: tuple[str, str], direct: bool, guessed: bool = False) -> Fields:
    column, direction = node
    by_noun = lexicon().relative_nouns
    text = ctx.sentence.text
    noun = _relative_noun().search(text)
    family = by_noun[noun.group(1)] if noun else _RELATIVES[(direct, direction)]
    nouns = {by_noun[m.group(1)] for m in _relative_noun().finditer(text)}
    if len(nouns) > 1:
        others = ", ".join(sorted(nouns - {family}))
        ctx.draft.note(f"answering the {family} only; ask for the {others} separately", 0.1)
    if guessed:
        ctx.draft.note(f"could not tell the direction; asking for the {family} of {column}", 0.3)
    others = [c for c in ctx.sentence.refs if c != column]
    if others:
        ctx.draft.note(
            f"listing the {family} of {column}; check whether {', '.join(others)} is among them",
            0.1,
        )
    return {"type": family, "x": column}
