"""Builders for the questions about a third variable's place between two others: collider
(common effect), confounder (common cause) and mediator (on a causal path from x to y).

A question may designate the third variable ("Is tar a confounder of yellow fingers and
lung cancer?", "Does Z mediate the effect of X on Y?", "Is the X-Y link confounded by Z?",
"Does X affect Y through Z?"): that column is `z`, the other two `x` and `y` in the
sentence's order. Without one ("Is there a confounder of X and Y?") `z` is None and the
question is whether any exists. A designated name that is not a column is never dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache

from askwhy.planning.rules.context import Context, Fields, Unreadable
from askwhy.planning.rules.effects import OUTCOME_LABEL, TREATMENT_LABEL
from askwhy.planning.rules.lexicon import alternation, lexicon
from askwhy.planning.rules.variables import require, slot_phrases, unknown_reason

WORDS = {
    "collider": "a common effect (collider)",
    "confounder": "a common cause (confounder)",
    "mediator": "a mediator",
}
_HEDGES = (
    r"(?:(?:is|was|are|be|being|a|an|the|potential|possible|possibly|likely|real|true|"
    r"plausible|actually|really|indeed|also|acting|act|acts|serving|serve|serves|as|not|"
    r"perhaps|maybe|truly|probably|itself|one|kind|of|sort|form|type|considered|regarded|count|"
    r"counts|counted|qualify|qualifies)\s+)"
)
_VERBS = {
    "confounder": r"confound(?:s|ing)?|causes?\s+both|drives?\s+both|affects?\s+both|"
    r"(?:what(?:'s|’s|\s+is)\s+|the\s+(?:thing|factor|variable)\s+)?behind\s+both|"
    r"explains?\s+both|"
    r"(?:cause|driver|determinant|source|origin)s?\s+(?:of|behind|for)\s+both|"
    r"influences?\s+both|determines?\s+both|(?:sits?\s+|lies?\s+|is\s+)?upstream\s+(?:of|from)\s+both",
    "collider": r"(?:is\s+|are\s+)?(?:(?:caused|affected|influenced|driven|determined)\s+by\s+both|"
    r"(?:jointly|together)\s+(?:caused|affected|influenced|driven|determined|produced)\s+by|"
    r"downstream\s+(?:of|from)\s+both)",
    "mediator": r"mediat(?:e|es|ing)|(?:lies?|sits?|stands?|falls?)\s+(?:causally\s+)?(?:in\s+)?"
    r"between|(?:is|are)\s+(?:causally\s+)?(?:in\s+)?between|(?:causally\s+)?(?:in\s+)?"
    r"between(?=\s+@)|carr(?:y|ies|ying)|transmits?|channels?|conveys?|"
    r"(?:is\s+|are\s+|sits?\s+|lies?\s+)?in\s+the\s+middle(?:\s+of|\s+between)?|"
    r"(?:is\s+|are\s+|lies?\s+|sits?\s+)?(?:on|along)\s+(?:the|a|any)\s+(?:causal\s+|directed\s+)?"
    r"(?:path|pathway|chain|route)",
}
# what two causes do to their common effect: "both A and B feed into Z"
_INTO = r"cause|affect|influence|drive|feed\s+into|point\s+(?:to|into|at)|lead\s+to|flow\s+into"
_OBJECTS = {  # the designated variable after a passive verb or a preposition
    "confounder": r"\bconfounded\s+by\s+(?:\w+\s+){0,2}?@(\d+)|\bboth\s+(?:caused|affected|"
    r"influenced|driven|determined)\s+by\s+(?:\w+\s+){0,2}?@(\d+)|\bconfound\w*\b[^?]{0,60}?"
    r"\b(?:due\s+to|because\s+of|from)\s+(?:\w+\s+){0,2}?@(\d+)|"
    r"@\d+\s*(?:<-|←)\s*@(\d+)\s*(?:->|→)\s*@\d+",
    "collider": r"\bboth\s+(?:direct\s+)?(?:causes|drivers|determinants|sources|inputs)\s+"
    r"(?:of|for|behind)\s+(?:\w+\s+){0,4}?@(\d+)|"
    rf"\bboth\s+@\d+\s+and\s+@\d+\s+(?:directly\s+)?(?:{_INTO})\s+(?:the\s+)?@(\d+)|"
    rf"@\d+\s+and\s+@\d+\s+both\s+(?:directly\s+)?(?:{_INTO})\s+(?:the\s+)?@(\d+)|"
    r"\b(?:meet|meets|converge|converges|collide|collides)\s+(?:\w+\s+)?(?:at|on|in|into)\s+"
    r"(?:the\s+)?@(\d+)|@\d+\s*(?:->|→)\s*@(\d+)\s*(?:<-|←)\s*@\d+|"
    r"@(\d+)\s+(?:\w+\s+)?receiv\w*\s+(?:\w+\s+){0,3}?from\s+both\b",
    "mediator": r"\bmediated\s+by\s+(?:\w+\s+){0,2}?@(\d+)|\b(?:through|via|by\s+means\s+of|"
    r"by\s+way\s+of)\s+(?!which\b)(?:the\s+|its\s+)?(?:\w+\s+)?@(\d+)|\b(?:carried|transmitted|channell?ed|"
    r"conveyed|passed\s+on)\s+(?:by|through|via)\s+(?:the\s+)?@(\d+)|"
    r"\bblock(?:s|ed|ing)?\s+(?:the\s+)?@(\d+)|@\d+\s*(?:->|→)\s*@(\d+)\s*(?:->|→)\s*@\d+|"
    r"@\d+\s*(?:<-|←)\s*@(\d+)\s*(?:<-|←)\s*@\d+",
}
_NOT_AN_END = r"(?<!\band\s)(?<!\bto\s)"  # "between @0 and @1 on the path": @1 is an end
_PATH = re.compile(
    _NOT_AN_END + r"@(\d+)\s+(?:\w+\s+){0,3}?(?:on|along|in)\s+(?:the|a|any)\s+"
    r"(?:causal\s+|directed\s+)?(?:path|pathway|chain|route)"
)
# "Is @y influenced by @x indirectly?": the effect first
_PASSIVE = re.compile(
    r"@(\d+)\s+(?:is\s+|was\s+|are\s+|be\s+|being\s+|gets?\s+)?(?:\w+ly\s+)?(?:caused|driven|"
    r"influenced|affected|impacted|determined|shaped|changed|altered|controlled|regulated|{S})\s+"
    r"(?:\w+ly\s+)?by\s+(?:\w+\s+){0,2}?"
    r"@(\d+)".replace("{S}", lexicon().family_fragments["SIGNED_PASSIVE"])
)
_TO_FROM = re.compile(r"\bto\s+@(\d+)\s+from\s+@(\d+)|@(\d+)\s*(?:<-|←)\s*@\d+\s*(?:<-|←)\s*@(\d+)")
_WORD_SLOT = (  # a designated name that is not a column: "Is asbestos a confounder of ..."
    r"\b(?:is|was|could|can|might|would|does|do)\s+(?:the\s+)?(?!(?:there|it|this|that|any|"
    r"anything|something|some|one)\b)([a-z][\w'’ .%#/&+-]{0,40}?)\s+"
)


@lru_cache(maxsize=1)
def _designators() -> dict[str, tuple[re.Pattern[str], ...]]:
    """Per family: the patterns that capture the designated variable's ref."""
    nouns = lexicon().role_nouns
    out, end = {}, _NOT_AN_END
    for family, verbs in _VERBS.items():
        noun = alternation(nouns[family])
        out[family] = (
            re.compile(rf"@(\d+)\s+{_HEDGES}{{0,5}}?(?:{noun})\b(?!\s+@)"),
            # one more word of the name: "Is the apiary site a confounder of ..."
            re.compile(
                rf"\b(?:is|was|could|might|would|can)\s+(?:the\s+)?@(\d+)\s+"
                rf"(?!(?:and|or|nor|of|with|vs)\b)[a-z]+\s+(?:a|an)\s+(?:{noun})\b"
            ),
            re.compile(rf"\b(?:{noun})\s*(?:,|\(|\s(?:like|such\s+as|namely|e\.g\.?),?)\s*@(\d+)"),
            re.compile(rf"{end if family == 'mediator' else ''}@(\d+)\s+(?:\w+\s+)?(?:{verbs})\b"),
            # the designated variable fronted: "NPS: common child of plan and tickets?"
            re.compile(rf"^\W*@(\d+)\s*[:—–]\s*(?:\w+\s+){{0,3}}?(?:{noun})\b"),
            re.compile(_OBJECTS[family]),
            *((_PATH,) if family == "mediator" else ()),
        )
    return out


@lru_cache(maxsize=1)
def _word_slots() -> dict[str, re.Pattern[str]]:
    nouns = lexicon().role_nouns
    return {
        family: re.compile(
            _WORD_SLOT + rf"(?:{_HEDGES}{{0,4}}?(?:{alternation(nouns[family])})\b|(?:{verbs})\b)"
        )
        for family, verbs in _VERBS.items()
    }


def structure_builder(family: str):
    """The builder of "collider", "confounder" or "mediator"."""

    def build(ctx: Context) -> Fields:
        main = ctx.refs
        _one_role(ctx, family, main)
        z = designated(ctx, family, main) if main else None
        if z is None and len(main) == 2:
            _check_word_slot(ctx, family, main)
            _check_pronoun_slot(ctx, family, main)
        pair = [c for c in main if c != z]
        if z is not None and len(pair) < 2:  # "Is tar a confounder of smoking?": of what else?
            partial = {"family": family, "z": z, **dict(zip(("x", "y"), pair, strict=False))}
            phrases = slot_phrases(ctx)
            if phrases or not ctx.look_back:
                raise Unreadable(
                    unknown_reason(phrases, ctx.columns)
                    if phrases
                    else f"It names {z} but not the two variables it would be {WORDS[family]} of.",
                    partial,
                    phrases,
                )
        pair = require(ctx, pair, 2, WORDS[family], exclude=(z,) if z else ())
        x, y = pair[0], pair[1]
        cause, effect = _labelled_pair(ctx, [x, y]) if family == "mediator" else (None, None)
        if cause and effect:  # "for the outcome Y and the exposure X, does Z mediate?"
            x, y = cause, effect
        elif family == "mediator" and (m := _TO_FROM.search(ctx.text)):
            to, source = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            x, y = ctx.col(source), ctx.col(to)
        elif (
            family == "mediator"
            and (m := _PASSIVE.search(ctx.text))
            and {ctx.col(m.group(1)), ctx.col(m.group(2))} == {x, y}
        ):
            x, y = ctx.col(m.group(2)), ctx.col(m.group(1))
        others = [c for c in pair[2:]]
        if z is None and others:
            ctx.draft.note(
                f"read as whether there is {WORDS[family]} of {x} and {y}; {', '.join(others)} "
                f"is named too (to ask about it, say 'Is {others[0]} {WORDS[family]} of {x} and "
                f"{y}?')",
                0.4,
            )
        elif others:
            ctx.draft.note(
                f"asked about {z} and more than two other columns ({', '.join(pair)}); "
                f"answering whether {z} is {WORDS[family]} of {x} and {y} only",
                0.4,
            )
        return {"family": family, "x": x, "y": y, "z": z, "format": "yes_no"}

    return build


def _labelled_pair(ctx: Context, pair: list[str]) -> tuple[str | None, str | None]:
    """(exposure, outcome) of the pair when the text labels one of them as such."""
    found = {}
    for role, label in (("cause", TREATMENT_LABEL), ("effect", OUTCOME_LABEL)):
        m = label.search(ctx.text)
        column = ctx.col(next(g for g in m.groups() if g is not None)) if m else None
        if column in pair:
            found[role] = column
    if len(found) == 1:
        (role, column), other = (
            next(iter(found.items())),
            [c for c in pair if c not in found.values()],
        )
        found["effect" if role == "cause" else "cause"] = other[0]
    return found.get("cause"), found.get("effect")


def _one_role(ctx: Context, family: str, main: list[str]) -> None:
    """ "Is tar a confounder or a mediator of ...?" asks two questions: refuse, naming both."""
    nouns = lexicon().role_nouns
    named = [f for f in nouns if re.search(rf"\b(?:{alternation(nouns[f])})\b", ctx.text)]
    if len(named) > 1:
        partial = {"family": family, **dict(zip(("z", "x", "y"), main, strict=False))}
        raise Unreadable(
            f"It asks about {' and '.join(WORDS[f] for f in named)} at once; ask one at a time.",
            partial,
        )


def designated(ctx: Context, family: str, main: list[str]) -> str | None:
    """The column the question designates as the confounder / collider / mediator."""
    for pattern in _designators()[family]:
        for m in pattern.finditer(ctx.text):
            ref = next((g for g in m.groups() if g is not None), None)
            if ref is not None and ctx.col(ref) in main:
                return ctx.col(ref)
    return None


def _check_pronoun_slot(ctx: Context, family: str, main: list[str]) -> None:
    """ "Does it also mediate the effect of X on Y?" on its own: which variable is "it"?"""
    m = _pronoun_slots()[family].search(ctx.text)
    if m is None:
        return
    partial = {"family": family, "x": main[0], "y": main[1]}
    pair = f"from {main[0]} to {main[1]}" if family == "mediator" else f"of {main[0]} and {main[1]}"
    raise Unreadable(
        f"'{m.group(1)}' stands for a variable I cannot tell; name it (e.g. 'Is Z "
        f"{WORDS[family]} {pair}?').",
        partial,
    )


@lru_cache(maxsize=1)
def _pronoun_slots() -> dict[str, re.Pattern[str]]:
    nouns = lexicon().role_nouns
    return {
        family: re.compile(
            r"\b(?:is|was|does|do|could|can|might|would)\s+(it|this|that|they)\s+"
            rf"(?:{_HEDGES}{{0,4}}?(?:{alternation(nouns[family])})\b|(?:\w+\s+)?(?:{verbs})\b)"
        )
        for family, verbs in _VERBS.items()
    }


def _check_word_slot(ctx: Context, family: str, main: list[str]) -> None:
    """ "Is asbestos a confounder of smoking and cancer?" with no `asbestos` column: say so."""
    m = _word_slots()[family].search(ctx.text)
    if m is None:
        return
    phrase = m.group(1).strip()
    known = slot_phrases(ctx)
    hit = next((p for p in known if p.lower() == phrase or p.lower() in phrase), None)
    if hit is None:
        return
    phrases = {hit: known[hit]}
    partial = {"family": family, "x": main[0], "y": main[1]}
    raise Unreadable(unknown_reason(phrases, ctx.columns), partial, phrases)
