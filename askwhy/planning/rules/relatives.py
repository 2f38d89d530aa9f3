"""Builders for the "direct" and "cause" families.

"direct": does X directly cause Y (direct_cause), or what are the parents / children of
one column. "cause" (no "direct"): the ancestors / descendants of one column; a yes/no
question about two ("Does X affect Y?", "Is Y caused by X?", "Is X upstream of Y?") asks
whether X is a cause, direct or not, of Y: family "ancestors" with x = the effect, y = the
candidate cause, format "yes_no"; a wh-question about two is read as the effect of one on
the other.
"""

from __future__ import annotations

import re
from functools import lru_cache

from askwhy.planning.rules.context import Context, Fields, Unreadable
from askwhy.planning.rules.directions import DOWN_RULES, UP_RULES
from askwhy.planning.rules.effects import build_effect
from askwhy.planning.rules.lexicon import alternation, lexicon
from askwhy.planning.rules.variables import conditioning, require, slot_phrases, unknown_reason

_WH = re.compile(
    r"\b(?:what|which|who|list|name|identify|find|show|give|tell\s+me)\b|\bset\s+of\b|"
    r"\b(?:everything|anything|every\s+\w+|variables|factors|columns|nodes)\s+(?:that|which)\b|"
    r"\bwhere\s+(?:do|does|did)\b|^\W*everything\b|(?:->|→|<-|←)\s*\?|\?\s*(?:->|→|<-|←)"
)
_DIRECTLY = r"(?:directly|immediately)"
_SIGNED = lexicon().family_fragments["SIGNED_PASSIVE"]  # "raised by", "lowered by"
_WHICH = re.compile(r"\b(?:what|which|who)\b")  # "which of A, B directly cause C?"
_INCOMING = (
    # "@y has an incoming arrow from @x", "@y receives a direct effect from @x"
    re.compile(
        r"@(\d+)\s+(?:\w+\s+){0,5}?(?:coming|incoming|inbound|arriving|receiv\w*)\s+"
        r"(?:\w+\s+){0,4}?from\s+@(\d+)"
    ),
    # "@y is under the direct influence of @x"
    re.compile(
        r"@(\d+)\s+(?:\w+\s+){0,2}?under\s+(?:the\s+)?(?:\w+\s+)?(?:influence|control|"
        r"sway|effect)\s+of\s+@(\d+)"
    ),
)
# "Y is caused by X": the effect comes first
_REVERSED_DIRECT = (
    re.compile(
        r"@(\d+)\s+(?:[\w-]+\s+)?(?:is\s+|was\s+|being\s+|are\s+|be\s+|been\s+|gets?\s+)?"
        r"(?:{D}\s+)?(?:caused|driven|influenced|affected|impacted|determined|produced|shaped|"
        r"changed|altered|controlled|regulated|governed|{S})\s+"
        r"(?:{D}\s+)?by\s+(?:[\w'’-]+\s+){0,2}?@(\d+)".replace("{D}", _DIRECTLY).replace(
            "{S}", _SIGNED
        )
    ),
    re.compile(
        r"@(\d+)\s+(?:\w+\s+){0,2}?(?:a\s+|the\s+|an\s+)?(?:direct|immediate)\s+(?:effect|"
        r"consequence|result|outcome|child|descendant)\s+of\s+@(\d+)"
    ),
    re.compile(r"@(\d+)\s+(?:\w+\s+){0,2}?(?:a\s+|the\s+)?child\s+of\s+@(\d+)"),
    re.compile(r"@(\d+)\s+(?:\w+\s+){0,2}?downstream\s+(?:of|from)\s+(?:\w+\s+){0,2}?@(\d+)"),
    re.compile(
        r"@(\d+)\s+(?:is\s+|are\s+)?(?:among|one\s+of)\s+(?:the\s+)?(?:\w+\s+){0,2}?directly\s+"
        r"(?:caused|driven|influenced|affected|impacted|determined)\s+by\s+(?:\w+\s+){0,2}?@(\d+)"
    ),
    re.compile(
        r"@(\d+)\s+(?:\w+\s+)?(?:directly\s+)?depends?\s+(?:directly\s+)?(?:up)?on\s+@(\d+)"
    ),
    re.compile(r"\bto\s+@(\d+)\s+from\s+@(\d+)"),
    re.compile(r"@(\d+)\s*(?:<-|←)\s*@(\d+)"),
    *_INCOMING,
)
_YES_NO = re.compile(r"\b(?:whether|if)\b")
# "is @b caused by @a", "@b is an effect of @a", "is @b downstream of @a": the effect first
_REVERSED_CAUSE = (
    re.compile(
        r"@(\d+)\s+(?:\w+\s+){0,4}?(?:because\s+of|due\s+to|owing\s+to|as\s+a\s+result\s+of)\s+"
        r"(?:\w+\s+){0,2}?@(\d+)"
    ),
    re.compile(
        r"@(\d+)\s+(?:[\w-]+\s+)?(?:is\s+|was\s+|are\s+|being\s+|gets?\s+)?(?:\w+\s+)?(?:caused|"
        r"driven|influenced|affected|impacted|determined|produced|shaped|changed|explained|altered|"
        r"controlled|regulated|governed|modulated|triggered|promoted|inhibited|suppressed|activated|"
        r"{S})\s*"
        r"(?:,[^,@?]{0,40},\s*|(?:\w+\s+){1,3}?)?by\s+"
        r"(?:[\w'’-]+\s+){0,3}?@(\d+)".replace("{S}", _SIGNED)
    ),
    re.compile(
        r"@(\d+)\s+(?:is\s+|are\s+)?(?:among|one\s+of)\s+(?:the\s+)?(?:\w+\s+){0,3}?(?:caused|"
        r"driven|influenced|affected|impacted|determined)\s+(?:\w+\s+)?by\s+(?:\w+\s+){0,2}?@(\d+)"
    ),
    re.compile(
        r"@(\d+)\s+(?:\w+\s+){0,2}?(?:an?\s+|the\s+)?(?:effect|consequence|result|outcome|"
        r"descendant)\s+of\s+(?:\w+\s+){0,2}?@(\d+)"
    ),
    re.compile(r"@(\d+)\s+(?:\w+\s+){0,2}?downstream\s+(?:of|from)\s+@(\d+)"),
    re.compile(r"@(\d+)\s+(?:\w+\s+)?(?:responds?|reacts?)\s+to\s+(?:\w+\s+){0,2}?@(\d+)"),
    re.compile(r"\bto\s+@(\d+)\s+from\s+@(\d+)"),
    # "of the things behind @y, is @x one of them?", "among the causes of @y, is @x one?"
    re.compile(
        r"\b(?:behind|(?:causes|drivers|determinants|ancestors|sources|reasons)\s+(?:of|for|behind))\s+"
        r"@(\d+)\s*[,;:]?\s+(?:is|are|was|would\s+be|could\s+be)\s+@(\d+)\s+(?:one\b|among\b|in\s+there\b)"
    ),
    *_INCOMING,
)
# "@a causes @b", "is @a a cause of @b", "is @a upstream of @b": the cause first
_FORWARD_CAUSE = (
    re.compile(
        r"@(\d+)\s+(?:\w+\s+){0,2}?(?:an?\s+|the\s+)?(?:cause|driver|determinant|ancestor|"
        r"source|reason|predecessor)s?\s+(?:of|for|behind)\s+(?:\w+\s+){0,2}?@(\d+)"
    ),
    re.compile(r"@(\d+)\s+(?:\w+\s+){0,2}?upstream\s+(?:of|from)\s+@(\d+)"),
    re.compile(
        r"@(\d+)\s+(?:\w+\s+){0,3}?(?:effects?|impacts?|influences?|bearing)\s+(?:on|upon)\s+"
        r"(?:\w+\s+){0,3}?@(\d+)"
    ),
    re.compile(r"\bfrom\s+@(\d+)\s+(?:\w+\s+){0,2}?to\s+@(\d+)"),
    re.compile(
        r"\b(?:effects?|impacts?|influence)\s+of\s+(?:the\s+)?@(\d+)\s+(?:on|upon)\s+(?:the\s+)?@(\d+)"
    ),
    re.compile(
        r"@(\d+)\s+(?:\w+\s+)?(?:move|moves|shift|shifts|budge|budges|nudge|nudges|sway|sways)\s+@(\d+)"
    ),
    re.compile(
        r"@(\d+)\s+(?:\w+\s+){0,2}?(?:make|makes|making|made)\s+(?:the\s+|our\s+|their\s+)?@(\d+)"
    ),
    "@(\\d+)\\s+(?:\\w+\\s+){0,2}?{VERB}\\s+(?:\\w+\\s+){0,2}?@(\\d+)",
    # "does @a have anything to do with @b?"
    re.compile(
        r"@(\d+)\s+(?:\w+\s+){0,2}?(?:anything|something|much|a\s+lot|nothing|little)\s+(?:at\s+all\s+)?"
        r"to\s+do\s+with\s+(?:[\w'’-]+\s+){0,2}?@(\d+)"
    ),
)
# "direct causes of Y?", "immediate effects of X?": a list asked for in a terse question
_PLURAL_RELATIVES = re.compile(
    r"\b(?:causes|effects|drivers|determinants|consequences|outcomes|influences|results)\s+"
    r"(?:of|from)\s+(?:the\s+)?@\d+"
)
_PASSIVE = re.compile(
    r"\b(?:caused|driven|influenced|affected|impacted|determined|produced|shaped|changed|altered|"
    r"controlled|regulated|governed|{S})\s+(?:\w+ly\s+)?by\b".replace("{S}", _SIGNED)
)
_PARENT_PAIR = re.compile(r"@(\d+)\s+(?:\w+\s+){0,2}?(?:a\s+|the\s+)?parent\s+of\s+@(\d+)")


# "X → ? ← Y" is split at its "?": the "?" stands for a middle variable, not for a list
_ARROW_ASKS = re.compile(r"(?:->|→|<-|←)\s*\?\s*$")
_ARROW_GOES_ON = re.compile(r"^\W*(?:->|→|<-|←)")


def build_direct(ctx: Context) -> Fields:
    text = ctx.text
    after = ctx.sentences[ctx.index + 1 :]
    if _ARROW_ASKS.search(text) and after and _ARROW_GOES_ON.match(after[0].raw):
        raise Unreadable(
            "A '?' in the middle of an arrow chain stands for an unnamed variable; ask e.g. "
            "'is there a collider of X and Y?' or 'is there a mediator between X and Y?'."
        )
    wh = bool(_WH.search(text))
    refs = ctx.refs
    single = _single_node(ctx)
    terse = wh or bool(_relative_noun().search(text) or _PLURAL_RELATIVES.search(text))
    if single is not None and (terse if len(refs) == 1 else _WHICH.search(text)):
        return _relative(ctx, single, direct=True)
    main = list(refs)
    if len(main) < 2 and wh:
        main = require(ctx, main, 1, "direct causes", ("x",))
        direction, guess = _guess_direction(ctx)
        return _relative(ctx, (main[0], direction), direct=True, guessed=guess)
    ctx.family = "direct_cause"
    main = require(ctx, main, 2, "a direct cause")
    x, y = main[0], main[1]
    for pattern in _REVERSED_DIRECT:
        if (m := pattern.search(text)) and _pair_in(ctx, m, main):
            x, y = ctx.col(m.group(2)), ctx.col(m.group(1))
            break
    else:
        if (m := _PARENT_PAIR.search(text)) and _pair_in(ctx, m, main):
            x, y = ctx.col(m.group(1)), ctx.col(m.group(2))
        elif _PASSIVE.search(text):  # "caused by" somewhere, but not between the two names
            ctx.draft.note(f"could not tell which of {x} and {y} is said to be the cause", 0.5)
    ctx.note_ignored([c for c in main if c not in (x, y)], f"whether {x} directly causes {y}")
    return {"family": "direct_cause", "x": x, "y": y, "format": "yes_no"}


def _pair_in(ctx: Context, m: re.Match[str], main: list[str]) -> bool:
    return ctx.col(m.group(1)) in main and ctx.col(m.group(2)) in main


def build_cause(ctx: Context) -> Fields:
    """No "direct": ancestors / descendants of one node; is one a cause of another (yes/no);
    or, asked with "what"/"how", the effect of one on the other."""
    text = ctx.text
    wh = bool(_WH.search(text))
    refs = ctx.refs
    single = _single_node(ctx)
    noun = _relative_noun().search(text)
    if len(refs) == 1 and not wh and (phrases := slot_phrases(ctx)):
        # "Does price affect sales?" with no sales column: say so, do not list effects
        role = "x" if _after_verb(ctx, refs[0]) else "y"
        partial = {"family": "ancestors", role: refs[0], "format": "yes_no"}
        raise Unreadable(unknown_reason(phrases, ctx.columns), partial, phrases)
    if single is not None and (
        len(refs) == 1 or (_WHICH.search(text) and not _YES_NO.search(text))
    ):
        return _relative(ctx, single, direct=False)
    if len(refs) >= 2 and (not wh or _YES_NO.search(text)):
        if conditioning(ctx.sentence, text).given:  # "Does X affect Y, holding Z fixed?"
            fields = build_effect(ctx)
            ctx.draft.note(
                f"read as the effect of {fields['treatment']} on {fields['outcome']} adjusting "
                f"for {', '.join(fields['adjust_for'])} (its estimate says whether it does)"
            )
            return {**fields, "format": "yes_no"}
        return _is_cause(ctx, refs)
    if len(refs) < 2 and (wh or noun):
        main = require(ctx, list(refs), 1, "causes or effects", ("x",))
        node, guess = _node_and_guess(ctx, main[0], bool(single or noun))
        return _relative(ctx, node, direct=False, guessed=guess)
    if len(refs) < 2:
        ctx.family = "ancestors"
        return _is_cause(ctx, require(ctx, list(refs), 2, "whether one column causes another"))
    fields = build_effect(ctx)
    ctx.draft.note(
        f"read this as a question about the effect of {fields['treatment']} on "
        f"{fields['outcome']} (ask 'does {fields['treatment']} directly cause "
        f"{fields['outcome']}?' for a direct link)",
        0.2,
    )
    return fields


def _after_verb(ctx: Context, column: str) -> bool:
    """The column comes after the causal verb ("does price affect @0": the effect)."""
    verb = _with_verbs(r"\b{VERB}").search(ctx.text)
    ref = f"@{ctx.sentence.refs.index(column)}"
    return verb is not None and ctx.text.find(ref) > verb.start()


def _is_cause(ctx: Context, refs: list[str]) -> Fields:
    """ "Does X affect Y?": is X a cause (direct or not) of Y, i.e. an ancestor of Y."""
    text = ctx.text
    cause, effect = refs[0], refs[1]
    for patterns, reverse in ((_REVERSED_CAUSE, True), (_forward_cause(), False)):
        found = next(
            (m for p in patterns if (m := p.search(text)) and _pair_in(ctx, m, refs)), None
        )
        if found:
            cause, effect = ctx.col(found.group(1)), ctx.col(found.group(2))
            if reverse:
                cause, effect = effect, cause
            break
    else:
        ctx.draft.note(f"took {cause} as the cause and {effect} as the effect (their order)", 0.15)
    ctx.note_ignored(
        [c for c in refs if c not in (cause, effect)], f"whether {cause} causes {effect}"
    )
    return {"family": "ancestors", "x": effect, "y": cause, "format": "yes_no"}


@lru_cache(maxsize=1)
def _directions() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """ "down" first: "what does X cause" before "cause X"; {VERB}: lexicon verbs."""
    return tuple((d, _with_verbs(p)) for d, p in (*DOWN_RULES, *UP_RULES))


@lru_cache(maxsize=1)
def _forward_cause() -> tuple[re.Pattern[str], ...]:
    return tuple(p if isinstance(p, re.Pattern) else _with_verbs(p) for p in _FORWARD_CAUSE)


def _with_verbs(pattern: str) -> re.Pattern[str]:
    """The pattern with {VERB} standing for the lexicon's causal verbs ("drives", "raises")."""
    fragments = lexicon().family_fragments
    verbs = f"(?:{fragments['CAUSE_VERB']}|{fragments['SIGNED_VERB']})"
    return re.compile(pattern.replace("{VERB}", verbs))


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


def _direction(ctx: Context) -> str | None:
    found = _single_node(ctx)
    return found[1] if found else None


def _single_node(ctx: Context) -> tuple[str, str] | None:
    """(column, "up"|"down") for "what causes X" / "what does X affect" style wording."""
    for direction, pattern in _directions():
        if m := pattern.search(ctx.text):
            return ctx.col(m.group(1)), direction
    return None


# With no direction rule, the noun asked for: "what are its direct effects?" asks downstream.
_DOWN_NOUN = re.compile(
    r"\b(?:effects?|consequences?|outcomes?|results?|children|descendants?|downstream)\b"
)
_UP_NOUN = re.compile(
    r"\b(?:causes|drivers?|determinants?|parents|ancestors?|upstream|sources?|predecessors?)\b"
)
GUESS_PENALTY = 0.3  # the direction read from the noun alone
BLIND_PENALTY = 0.45  # no clue to the direction at all: below the planner's threshold


def _guess_direction(ctx: Context) -> tuple[str, float]:
    """("up"|"down", penalty): from the direction rules, else from the noun asked for."""
    if direction := _direction(ctx):
        return direction, 0.0
    down, up = bool(_DOWN_NOUN.search(ctx.text)), bool(_UP_NOUN.search(ctx.text))
    if down != up:
        return ("down" if down else "up"), GUESS_PENALTY
    return "up", BLIND_PENALTY


def _node_and_guess(ctx: Context, column: str, known: bool) -> tuple[tuple[str, str], float]:
    direction, guess = _guess_direction(ctx)
    return (column, direction), 0.0 if known else guess


def _relative(ctx: Context, node: tuple[str, str], direct: bool, guessed: float = 0.0) -> Fields:
    column, direction = node
    by_noun = lexicon().relative_nouns
    text = ctx.text
    noun = _relative_noun().search(text)
    family = by_noun[noun.group(1)] if noun else _RELATIVES[(direct, direction)]
    nouns = {by_noun[m.group(1)] for m in _relative_noun().finditer(text)}
    if len(nouns) > 1:
        others = ", ".join(sorted(nouns - {family}))
        ctx.draft.note(f"answering the {family} only; ask for the {others} separately", 0.1)
    if guessed:
        ctx.draft.note(
            f"could not tell the direction; asking for the {family} of {column}", guessed
        )
    others = [c for c in ctx.refs if c != column and not ctx.sentence.loose(c)]
    if others:
        ctx.draft.note(
            f"listing the {family} of {column}; check whether {', '.join(others)} is among them",
            0.1,
        )
    return {"family": family, "x": column, "format": "list"}
